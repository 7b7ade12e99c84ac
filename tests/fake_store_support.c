/*
 * A fake IMAPISupport for the sample store's tests (see fake_store_support.h).
 */
#define COBJMACROS
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "fake_store_support.h"

struct fake_subscription
{
    NOTIFKEY *key;
    ULONG mask;
    IMAPIAdviseSink *sink;
    ULONG_PTR connection;
};

/* Every fake support object of the process: a notification reaches the sinks subscribed through any of
 * them, as MAPI's engine reaches every sink of the process. */
static SRWLOCK supports_lock = SRWLOCK_INIT;
static struct fake_support *supports;

static inline struct fake_support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct fake_support, IMAPISupport_iface);
}

static HRESULT WINAPI support_QueryInterface(IMAPISupport *iface, REFIID riid, void **obj)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPISup))
    {
        *obj = iface;
        iface->lpVtbl->AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI support_AddRef(IMAPISupport *iface)
{
    return InterlockedIncrement(&impl_from_IMAPISupport(iface)->ref);
}

static ULONG WINAPI support_Release(IMAPISupport *iface)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    ULONG ref = InterlockedDecrement(&support->ref);
    ULONG i;

    if (!ref)
    {
        struct fake_support **link;

        AcquireSRWLockExclusive(&supports_lock);
        for (link = &supports; *link; link = &(*link)->next)
            if (*link == support)
            {
                *link = support->next;
                break;
            }
        ReleaseSRWLockExclusive(&supports_lock);
        for (i = 0; i < support->sub_count; i++)
        {
            HeapFree(GetProcessHeap(), 0, support->subs[i].key);
            support->subs[i].sink->lpVtbl->Release(support->subs[i].sink);
        }
        HeapFree(GetProcessHeap(), 0, support->subs);
        IPropData_Release(support->section);
        IPropData_Release(support->service_section);
        DeleteCriticalSection(&support->cs);
        HeapFree(GetProcessHeap(), 0, support);
    }
    return ref;
}

static HRESULT WINAPI support_GetLastError(IMAPISupport *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI support_GetMemAllocRoutines(IMAPISupport *iface, LPALLOCATEBUFFER *allocate_buffer,
                                                  LPALLOCATEMORE *allocate_more, LPFREEBUFFER *free_buffer)
{
    *allocate_buffer = MAPIAllocateBuffer;
    *allocate_more = MAPIAllocateMore;
    *free_buffer = MAPIFreeBuffer;
    return S_OK;
}

static HRESULT WINAPI support_Subscribe(IMAPISupport *iface, NOTIFKEY *key, ULONG mask, ULONG flags,
                                        IMAPIAdviseSink *sink, ULONG_PTR *connection)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    struct fake_subscription *sub;

    if (!key || !sink || !connection || !mask) return MAPI_E_INVALID_PARAMETER;
    EnterCriticalSection(&support->cs);
    if (support->sub_count == support->sub_capacity)
    {
        ULONG capacity = support->sub_capacity ? support->sub_capacity * 2 : 8;
        void *subs = support->subs ? HeapReAlloc(GetProcessHeap(), 0, support->subs, capacity * sizeof(*sub))
                                   : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*sub));
        support->subs = subs;
        support->sub_capacity = capacity;
    }
    sub = &support->subs[support->sub_count++];
    sub->key = HeapAlloc(GetProcessHeap(), 0, CbNOTIFKEY(key));
    memcpy(sub->key, key, CbNOTIFKEY(key));
    sub->mask = mask;
    sub->sink = sink;
    sink->lpVtbl->AddRef(sink);
    sub->connection = *connection = ++support->next_connection;
    LeaveCriticalSection(&support->cs);
    return S_OK;
}

static HRESULT WINAPI support_Unsubscribe(IMAPISupport *iface, ULONG_PTR connection)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    IMAPIAdviseSink *sink = NULL;
    ULONG i;

    EnterCriticalSection(&support->cs);
    for (i = 0; i < support->sub_count; i++)
    {
        if (support->subs[i].connection != connection) continue;
        sink = support->subs[i].sink;
        HeapFree(GetProcessHeap(), 0, support->subs[i].key);
        support->subs[i] = support->subs[--support->sub_count];
        break;
    }
    LeaveCriticalSection(&support->cs);
    if (!sink) return MAPI_E_NOT_FOUND;
    sink->lpVtbl->Release(sink);
    return S_OK;
}

/* The engine: each subscription of the key whose mask takes the event gets it, synchronously, whichever
 * support object of the process it was made through. */
static HRESULT WINAPI support_Notify(IMAPISupport *iface, NOTIFKEY *key, ULONG count, NOTIFICATION *notifications,
                                     ULONG *flags)
{
    struct fake_support *support;
    IMAPIAdviseSink *sinks[64];
    ULONG masks[64], n = 0, i, j;

    if (!key || !notifications || !count) return MAPI_E_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&supports_lock);
    for (support = supports; support; support = support->next)
    {
        EnterCriticalSection(&support->cs);
        for (i = 0; i < support->sub_count && n < 64; i++)
        {
            if (support->subs[i].key->cb != key->cb || memcmp(support->subs[i].key->ab, key->ab, key->cb))
                continue;
            sinks[n] = support->subs[i].sink;
            sinks[n]->lpVtbl->AddRef(sinks[n]);
            masks[n++] = support->subs[i].mask;
        }
        LeaveCriticalSection(&support->cs);
    }
    ReleaseSRWLockExclusive(&supports_lock);
    for (i = 0; i < n; i++)
    {
        for (j = 0; j < count; j++)
            if (notifications[j].ulEventType & masks[i])
                sinks[i]->lpVtbl->OnNotify(sinks[i], 1, &notifications[j]);
        sinks[i]->lpVtbl->Release(sinks[i]);
    }
    if (flags) *flags = 0;
    return S_OK;
}

static HRESULT WINAPI support_ModifyStatusRow(IMAPISupport *iface, ULONG count, SPropValue *values, ULONG flags)
{
    InterlockedIncrement(&impl_from_IMAPISupport(iface)->modify_status_row);
    return S_OK;
}

static HRESULT WINAPI support_OpenProfileSection(IMAPISupport *iface, MAPIUID *uid, ULONG flags, IProfSect **out)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    IPropData *section;

    if (!uid) section = support->section;
    else if (!memcmp(uid, &support->service_uid, sizeof(*uid))) section = support->service_section;
    else return MAPI_E_NOT_FOUND;
    IPropData_AddRef(section);
    *out = (IProfSect *)section;
    return S_OK;
}

static HRESULT WINAPI support_RegisterPreprocessor(IMAPISupport *iface, MAPIUID *uid, LPTSTR type, LPTSTR dll,
                                                   LPSTR preprocess, LPSTR remove, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_NewUID(IMAPISupport *iface, MAPIUID *uid)
{
    InterlockedIncrement(&impl_from_IMAPISupport(iface)->new_uid);
    return CoCreateGuid((GUID *)uid);
}

/* MakeInvalid as MAPI's: the object (a MAPIAllocateBuffer block, the count
 * right after the vtable pointer) gets stubs that answer
 * MAPI_E_INVALID_OBJECT, and its last Release frees it. */
struct invalid_object
{
    const void *vtbl;
    LONG ref;
};

static HRESULT WINAPI invalid_method(void *iface)
{
    return MAPI_E_INVALID_OBJECT;
}

static ULONG WINAPI invalid_AddRef(void *iface)
{
    return InterlockedIncrement(&((struct invalid_object *)iface)->ref);
}

static ULONG WINAPI invalid_Release(void *iface)
{
    LONG ref = InterlockedDecrement(&((struct invalid_object *)iface)->ref);

    if (!ref) MAPIFreeBuffer(iface);
    return ref;
}

static void *invalid_vtbl[64];

static HRESULT WINAPI support_MakeInvalid(IMAPISupport *iface, ULONG flags, void *object, ULONG refs, ULONG methods)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    struct invalid_object *invalid = object;
    ULONG i;

    if (flags || !object || methods < 3 || methods > ARRAYSIZE(invalid_vtbl)) return MAPI_E_INVALID_PARAMETER;
    InterlockedIncrement(&support->make_invalid);
    support->invalid_object = object;
    support->released_at_invalidation = support->ref;
    for (i = 0; i < ARRAYSIZE(invalid_vtbl); i++) invalid_vtbl[i] = invalid_method;
    invalid_vtbl[1] = invalid_AddRef;
    invalid_vtbl[2] = invalid_Release;
    invalid->vtbl = invalid_vtbl;
    invalid->ref = refs;
    return S_OK;
}

static HRESULT WINAPI support_SpoolerYield(IMAPISupport *iface, ULONG flags)
{
    return S_OK;
}

static HRESULT WINAPI support_SpoolerNotify(IMAPISupport *iface, ULONG flags, void *data)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    InterlockedIncrement(&support->spooler_notify);
    support->spooler_notify_flags |= flags;
    return S_OK;
}

static HRESULT WINAPI support_CreateOneOff(IMAPISupport *iface, LPTSTR name, LPTSTR type, LPTSTR address,
                                           ULONG flags, ULONG *size, ENTRYID **eid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_SetProviderUID(IMAPISupport *iface, MAPIUID *uid, ULONG flags)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    InterlockedIncrement(&support->set_provider_uid);
    support->provider_uid = *uid;
    return S_OK;
}

static HRESULT WINAPI support_CompareEntryIDs(IMAPISupport *iface, ULONG size1, ENTRYID *eid1, ULONG size2,
                                              ENTRYID *eid2, ULONG flags, ULONG *result)
{
    *result = size1 == size2 && !memcmp(eid1, eid2, size1);
    return S_OK;
}

static HRESULT WINAPI support_OpenTemplateID(IMAPISupport *iface, ULONG size, ENTRYID *eid, ULONG flags,
                                             IMAPIProp *data, const IID *iid, IMAPIProp **out, IMAPIProp *sibling)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_OpenEntry(IMAPISupport *iface, ULONG size, ENTRYID *eid, const IID *iid, ULONG flags,
                                        ULONG *type, IUnknown **out)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    if (!support->store) return MAPI_E_NO_SUPPORT;
    return support->store->lpVtbl->OpenEntry(support->store, size, eid, iid, flags, type, out);
}

static HRESULT WINAPI support_GetOneOffTable(IMAPISupport *iface, ULONG flags, IMAPITable **table)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_Address(IMAPISupport *iface, ULONG_PTR *ui, ADRPARM *params, ADRLIST **list)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_Details(IMAPISupport *iface, ULONG_PTR *ui, LPFNDISMISS dismiss, void *context,
                                      ULONG size, ENTRYID *eid, LPFNBUTTON button, void *button_context,
                                      LPTSTR text, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_NewEntry(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, ULONG size, ENTRYID *container,
                                       ULONG template_size, ENTRYID *template_eid, ULONG *new_size, ENTRYID **new_eid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoConfigPropsheet(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, LPTSTR title,
                                                IMAPITable *table, IMAPIProp *data, ULONG page)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_CopyMessages(IMAPISupport *iface, const IID *src_iid, void *src, ENTRYLIST *list,
                                           const IID *dest_iid, void *dest, ULONG_PTR ui, IMAPIProgress *progress,
                                           ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_CopyFolder(IMAPISupport *iface, const IID *src_iid, void *src, ULONG size,
                                         ENTRYID *eid, const IID *dest_iid, void *dest, LPTSTR name, ULONG_PTR ui,
                                         IMAPIProgress *progress, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoCopyTo(IMAPISupport *iface, const IID *src_iid, void *src, ULONG excluded_count,
                                       const IID *excluded, SPropTagArray *excluded_props, ULONG_PTR ui,
                                       IMAPIProgress *progress, const IID *dest_iid, void *dest, ULONG flags,
                                       SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoCopyProps(IMAPISupport *iface, const IID *src_iid, void *src, SPropTagArray *props,
                                          ULONG_PTR ui, IMAPIProgress *progress, const IID *dest_iid, void *dest,
                                          ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui, ULONG flags,
                                               IMAPIProgress **progress)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_ReadReceipt(IMAPISupport *iface, ULONG flags, IMessage *read, IMessage **empty)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_PrepareSubmit(IMAPISupport *iface, IMessage *message, ULONG *flags)
{
    InterlockedIncrement(&impl_from_IMAPISupport(iface)->prepare_submit);
    return S_OK;
}

/* As MAPI's: it works on the message through its interface (here: gives it a sender). */
static HRESULT WINAPI support_ExpandRecips(IMAPISupport *iface, IMessage *message, ULONG *flags)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    IMAPITable *table = NULL;
    SPropValue sender;

    InterlockedIncrement(&support->expand_recips);
    /* MAPI's reads the recipients to expand distribution lists. */
    if (SUCCEEDED(message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table)))
    {
        ULONG count = 0;

        if (SUCCEEDED(table->lpVtbl->GetRowCount(table, 0, &count))) support->expanded_recips = count;
        table->lpVtbl->Release(table);
    }
    sender.ulPropTag = PR_SENDER_NAME_W;
    sender.dwAlignPad = 0;
    sender.Value.lpszW = (WCHAR *)L"Fake Sender";
    message->lpVtbl->SetProps(message, 1, &sender, NULL);
    *flags = support->expand_flags;
    return S_OK;
}

static HRESULT WINAPI support_UpdatePAB(IMAPISupport *iface, ULONG flags, IMessage *message)
{
    return MAPI_E_NO_SUPPORT;
}

/* As MAPI's: moves the message to PR_SENTMAIL_ENTRYID, deletes it for PR_DELETE_AFTER_SUBMIT, releases it. */
static HRESULT WINAPI support_DoSentMail(IMAPISupport *iface, ULONG flags, IMessage *message)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);
    SizedSPropTagArray(4, tags) = { 4, { PR_ENTRYID, PR_PARENT_ENTRYID, PR_SENTMAIL_ENTRYID, PR_DELETE_AFTER_SUBMIT } };
    IMAPIFolder *parent = NULL, *sent = NULL;
    SPropValue *values = NULL;
    ENTRYLIST list;
    ULONG count, type;
    HRESULT hr;

    InterlockedIncrement(&support->do_sent_mail);
    hr = message->lpVtbl->GetProps(message, (SPropTagArray *)&tags, 0, &count, &values);
    message->lpVtbl->Release(message);
    if (FAILED(hr) || !support->store) goto done;
    if (values[0].ulPropTag != PR_ENTRYID || values[1].ulPropTag != PR_PARENT_ENTRYID) goto done;
    list.cValues = 1;
    list.lpbin = &values[0].Value.bin;
    if (FAILED(hr = support->store->lpVtbl->OpenEntry(support->store, values[1].Value.bin.cb,
                                                      (ENTRYID *)values[1].Value.bin.lpb, NULL, MAPI_MODIFY, &type,
                                                      (IUnknown **)&parent)))
        goto done;
    if (values[2].ulPropTag == PR_SENTMAIL_ENTRYID &&
        SUCCEEDED(hr = support->store->lpVtbl->OpenEntry(support->store, values[2].Value.bin.cb,
                                                         (ENTRYID *)values[2].Value.bin.lpb, NULL, MAPI_MODIFY,
                                                         &type, (IUnknown **)&sent)))
    {
        hr = parent->lpVtbl->CopyMessages(parent, &list, NULL, sent, 0, NULL, MESSAGE_MOVE);
        parent->lpVtbl->Release(parent);
        parent = sent;
    }
    if (SUCCEEDED(hr) && values[3].ulPropTag == PR_DELETE_AFTER_SUBMIT && values[3].Value.b)
        hr = parent->lpVtbl->DeleteMessages(parent, &list, 0, NULL, 0);
done:
    if (parent) parent->lpVtbl->Release(parent);
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT WINAPI support_OpenAddressBook(IMAPISupport *iface, const IID *iid, ULONG flags, LPADRBOOK *book)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_Preprocess(IMAPISupport *iface, ULONG flags, ULONG size, ENTRYID *eid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG size, ENTRYID *eid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    struct fake_support *support = impl_from_IMAPISupport(iface);

    InterlockedIncrement(&support->logoff_transports);
    support->logoff_flags = *flags;
    *flags = support->logoff_answer;
    return S_OK;
}

static HRESULT WINAPI support_StatusRecips(IMAPISupport *iface, IMessage *message, ADRLIST *list)
{
    return MAPI_E_NO_SUPPORT;
}

/* MAPI's form (MS-OXCDATA 2.2.4.3): flags, the wrap UID, version, flag, DLL name, the store's own ID. */
static HRESULT WINAPI support_WrapStoreEntryID(IMAPISupport *iface, ULONG size, ENTRYID *eid, ULONG *wrapped_size,
                                               ENTRYID **wrapped)
{
    static const BYTE wrap_uid[16] = { 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a,
                                       0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 };
    static const char dll[] = "sqlms.dll";
    BYTE *bytes;
    SCODE sc;

    InterlockedIncrement(&impl_from_IMAPISupport(iface)->wrap_store);
    *wrapped_size = 4 + 16 + 2 + sizeof(dll) + size;
    if (FAILED(sc = MAPIAllocateBuffer(*wrapped_size, (void **)&bytes))) return sc;
    memset(bytes, 0, 4);
    memcpy(bytes + 4, wrap_uid, 16);
    bytes[20] = bytes[21] = 0;
    memcpy(bytes + 22, dll, sizeof(dll));
    memcpy(bytes + 22 + sizeof(dll), eid, size);
    *wrapped = (ENTRYID *)bytes;
    return S_OK;
}

static HRESULT WINAPI support_ModifyProfile(IMAPISupport *iface, ULONG flags)
{
    InterlockedIncrement(&impl_from_IMAPISupport(iface)->modify_profile);
    return S_OK;
}

static HRESULT WINAPI support_IStorageFromStream(IMAPISupport *iface, IUnknown *in, const IID *iid, ULONG flags,
                                                 IStorage **out)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_GetSvcConfigSupportObj(IMAPISupport *iface, ULONG flags, IMAPISupport **out)
{
    return MAPI_E_NO_SUPPORT;
}

static const IMAPISupportVtbl support_vtbl =
{
    support_QueryInterface,
    support_AddRef,
    support_Release,
    support_GetLastError,
    support_GetMemAllocRoutines,
    support_Subscribe,
    support_Unsubscribe,
    support_Notify,
    support_ModifyStatusRow,
    support_OpenProfileSection,
    support_RegisterPreprocessor,
    support_NewUID,
    support_MakeInvalid,
    support_SpoolerYield,
    support_SpoolerNotify,
    support_CreateOneOff,
    support_SetProviderUID,
    support_CompareEntryIDs,
    support_OpenTemplateID,
    support_OpenEntry,
    support_GetOneOffTable,
    support_Address,
    support_Details,
    support_NewEntry,
    support_DoConfigPropsheet,
    support_CopyMessages,
    support_CopyFolder,
    support_DoCopyTo,
    support_DoCopyProps,
    support_DoProgressDialog,
    support_ReadReceipt,
    support_PrepareSubmit,
    support_ExpandRecips,
    support_UpdatePAB,
    support_DoSentMail,
    support_OpenAddressBook,
    support_Preprocess,
    support_CompleteMsg,
    support_StoreLogoffTransports,
    support_StatusRecips,
    support_WrapStoreEntryID,
    support_ModifyProfile,
    support_IStorageFromStream,
    support_GetSvcConfigSupportObj,
};

struct fake_support *fake_support_create(const WCHAR *path)
{
    struct fake_support *support = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*support));
    SPropValue value;

    support->IMAPISupport_iface.lpVtbl = (IMAPISupportVtbl *)&support_vtbl;
    support->ref = 1;
    InitializeCriticalSection(&support->cs);
    AcquireSRWLockExclusive(&supports_lock);
    support->next = supports;
    supports = support;
    ReleaseSRWLockExclusive(&supports_lock);
    CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &support->section);
    CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                &support->service_section);
    CoCreateGuid((GUID *)&support->service_uid);
    value.ulPropTag = PR_SERVICE_UID;
    value.Value.bin.cb = sizeof(MAPIUID);
    value.Value.bin.lpb = (BYTE *)&support->service_uid;
    IPropData_SetProps(support->section, 1, &value, NULL);
    if (path)
    {
        value.ulPropTag = PR_SQLMS_DATABASE_PATH_W;
        value.Value.lpszW = (WCHAR *)path;
        IPropData_SetProps(support->section, 1, &value, NULL);
    }
    support->logoff_answer = LOGOFF_COMPLETE;
    support->expand_flags = NEEDS_SPOOLER;
    return support;
}

ULONG fake_support_refcount(struct fake_support *support)
{
    return support->ref;
}

void fake_support_set_prop(struct fake_support *support, BOOL service, const SPropValue *value)
{
    IPropData_SetProps(service ? support->service_section : support->section, 1, (SPropValue *)value, NULL);
}

HRESULT fake_support_get_prop(struct fake_support *support, ULONG tag, SPropValue **value)
{
    return HrGetOneProp((IMAPIProp *)support->section, tag, value);
}

/**************************************************************************
 *  The sink
 */
static inline struct fake_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct fake_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **obj)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIAdviseSink))
    {
        *obj = iface;
        iface->lpVtbl->AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->ref);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    struct fake_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedDecrement(&sink->ref);

    if (!ref)
    {
        CloseHandle(sink->event);
        DeleteCriticalSection(&sink->cs);
        HeapFree(GetProcessHeap(), 0, sink);
    }
    return ref;
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct fake_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG i;

    EnterCriticalSection(&sink->cs);
    for (i = 0; i < count && sink->count < 256; i++)
    {
        NOTIFICATION *n = &notifications[i];
        ULONG slot = sink->count++;

        sink->events[slot] = n->ulEventType;
        sink->table_events[slot] = 0;
        sink->eid_sizes[slot] = 0;
        if (n->ulEventType == fnevTableModified)
        {
            sink->table_events[slot] = n->info.tab.ulTableEvent;
            if (PROP_TYPE(n->info.tab.propIndex.ulPropTag) == PT_BINARY)
            {
                sink->eid_sizes[slot] = min(n->info.tab.propIndex.Value.bin.cb, 64);
                memcpy(sink->eids[slot], n->info.tab.propIndex.Value.bin.lpb, sink->eid_sizes[slot]);
            }
        }
        else if (n->ulEventType == fnevNewMail)
        {
            sink->eid_sizes[slot] = min(n->info.newmail.cbEntryID, 64);
            memcpy(sink->eids[slot], n->info.newmail.lpEntryID, sink->eid_sizes[slot]);
            sink->classes[slot][0] = 0;
            if (n->info.newmail.lpszMessageClass && (n->info.newmail.ulFlags & MAPI_UNICODE))
                lstrcpynW(sink->classes[slot], (WCHAR *)n->info.newmail.lpszMessageClass, 32);
            else if (n->info.newmail.lpszMessageClass)
                MultiByteToWideChar(CP_ACP, 0, (char *)n->info.newmail.lpszMessageClass, -1, sink->classes[slot], 32);
        }
        else if (n->ulEventType & (fnevObjectCreated | fnevObjectDeleted | fnevObjectModified | fnevObjectMoved |
                                   fnevObjectCopied))
        {
            sink->obj_types[slot] = n->info.obj.ulObjType;
            sink->eid_sizes[slot] = min(n->info.obj.cbEntryID, 64);
            memcpy(sink->eids[slot], n->info.obj.lpEntryID, sink->eid_sizes[slot]);
        }
    }
    LeaveCriticalSection(&sink->cs);
    SetEvent(sink->event);
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

struct fake_sink *fake_sink_create(void)
{
    struct fake_sink *sink = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*sink));

    sink->IMAPIAdviseSink_iface.lpVtbl = (IMAPIAdviseSinkVtbl *)&sink_vtbl;
    sink->ref = 1;
    InitializeCriticalSection(&sink->cs);
    sink->event = CreateEventW(NULL, FALSE, FALSE, NULL);
    return sink;
}

void fake_sink_reset(struct fake_sink *sink)
{
    EnterCriticalSection(&sink->cs);
    sink->count = 0;
    LeaveCriticalSection(&sink->cs);
}

BOOL fake_sink_wait(struct fake_sink *sink, ULONG count, DWORD timeout)
{
    DWORD start = GetTickCount();

    for (;;)
    {
        ULONG now;

        EnterCriticalSection(&sink->cs);
        now = sink->count;
        LeaveCriticalSection(&sink->cs);
        if (now >= count) return TRUE;
        if (GetTickCount() - start >= timeout) return FALSE;
        WaitForSingleObject(sink->event, 50);
    }
}

ULONG fake_sink_count(struct fake_sink *sink, ULONG event)
{
    ULONG i, n = 0;

    EnterCriticalSection(&sink->cs);
    for (i = 0; i < sink->count; i++)
        if (sink->events[i] == event) n++;
    LeaveCriticalSection(&sink->cs);
    return n;
}

ULONG fake_sink_count_table(struct fake_sink *sink, ULONG table_event)
{
    ULONG i, n = 0;

    EnterCriticalSection(&sink->cs);
    for (i = 0; i < sink->count; i++)
        if (sink->events[i] == fnevTableModified && sink->table_events[i] == table_event) n++;
    LeaveCriticalSection(&sink->cs);
    return n;
}

BOOL fake_sink_wait_table(struct fake_sink *sink, ULONG table_event, ULONG count, DWORD timeout)
{
    DWORD start = GetTickCount();

    while (fake_sink_count_table(sink, table_event) < count)
    {
        if (GetTickCount() - start >= timeout) return FALSE;
        WaitForSingleObject(sink->event, 50);
    }
    return TRUE;
}

BOOL fake_sink_wait_event(struct fake_sink *sink, ULONG event, ULONG count, DWORD timeout)
{
    DWORD start = GetTickCount();

    while (fake_sink_count(sink, event) < count)
    {
        if (GetTickCount() - start >= timeout) return FALSE;
        WaitForSingleObject(sink->event, 50);
    }
    return TRUE;
}
