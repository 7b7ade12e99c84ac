/*
 * A transport's IMAPISupport for tests: the profile section is a CreateIProp
 * bag holding the configuration; ModifyStatusRow, SpoolerNotify and
 * StatusRecips record what the transport told them.
 */

#define COBJMACROS
#include "fake_xp.h"

static inline struct fake_support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct fake_support, IMAPISupport_iface);
}

static HRESULT WINAPI sup_QueryInterface(IMAPISupport *iface, REFIID riid, void **out)
{
    *out = NULL;
    if (IsEqualIID(riid, &IID_IUnknown))
    {
        *out = iface;
        IMAPISupport_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG WINAPI sup_AddRef(IMAPISupport *iface)
{
    return InterlockedIncrement(&impl_from_IMAPISupport(iface)->ref);
}

static ULONG WINAPI sup_Release(IMAPISupport *iface)
{
    struct fake_support *This = impl_from_IMAPISupport(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    if (!ref)
    {
        IPropData_Release(This->section);
        if (This->service_section) IPropData_Release(This->service_section);
        MAPIFreeBuffer(This->status_row);
        if (This->status_recips) FreePadrlist(This->status_recips);
        free(This);
    }
    return ref;
}

static HRESULT WINAPI sup_GetLastError(IMAPISupport *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI sup_GetMemAllocRoutines(IMAPISupport *iface, LPALLOCATEBUFFER *allocate,
                                              LPALLOCATEMORE *more, LPFREEBUFFER *free_buffer)
{
    *allocate = MAPIAllocateBuffer;
    *more = MAPIAllocateMore;
    *free_buffer = MAPIFreeBuffer;
    return S_OK;
}

#define NO_SUPPORT return MAPI_E_NO_SUPPORT

static HRESULT WINAPI sup_Subscribe(IMAPISupport *iface, NOTIFKEY *key, ULONG mask, ULONG flags,
                                    IMAPIAdviseSink *sink, ULONG_PTR *connection) { NO_SUPPORT; }
static HRESULT WINAPI sup_Unsubscribe(IMAPISupport *iface, ULONG_PTR connection) { NO_SUPPORT; }
static HRESULT WINAPI sup_Notify(IMAPISupport *iface, NOTIFKEY *key, ULONG count, NOTIFICATION *notifs,
                                 ULONG *flags) { NO_SUPPORT; }

static HRESULT WINAPI sup_ModifyStatusRow(IMAPISupport *iface, ULONG count, SPropValue *props, ULONG flags)
{
    struct fake_support *This = impl_from_IMAPISupport(iface);
    SPropValue *copy;
    ULONG size, i;
    char *extra;

    if (!count || !props) return MAPI_E_INVALID_PARAMETER;
    /* a deep copy: the transport frees its own */
    size = count * sizeof(SPropValue);
    for (i = 0; i < count; i++)
        if (PROP_TYPE(props[i].ulPropTag) == PT_UNICODE) size += (wcslen(props[i].Value.lpszW) + 1) * sizeof(WCHAR);
    if (FAILED(MAPIAllocateBuffer(size, (void **)&copy))) return MAPI_E_NOT_ENOUGH_MEMORY;
    extra = (char *)(copy + count);
    for (i = 0; i < count; i++)
    {
        copy[i] = props[i];
        if (PROP_TYPE(props[i].ulPropTag) == PT_UNICODE)
        {
            copy[i].Value.lpszW = (WCHAR *)extra;
            wcscpy(copy[i].Value.lpszW, props[i].Value.lpszW);
            extra += (wcslen(props[i].Value.lpszW) + 1) * sizeof(WCHAR);
        }
        else if (PROP_TYPE(props[i].ulPropTag) != PT_LONG) copy[i].ulPropTag = PROP_TAG(PT_NULL, PROP_ID(props[i].ulPropTag));
    }
    MAPIFreeBuffer(This->status_row);
    This->status_row = copy;
    This->status_row_count = count;
    This->status_row_flags = flags;
    This->status_row_calls++;
    return S_OK;
}

static HRESULT WINAPI sup_OpenProfileSection(IMAPISupport *iface, MAPIUID *uid, ULONG flags, IProfSect **section)
{
    struct fake_support *This = impl_from_IMAPISupport(iface);
    IPropData *bag = This->section;

    if (uid)
    {
        if (!This->service_section || memcmp(uid, &This->service_uid, sizeof(*uid))) return MAPI_E_NOT_FOUND;
        bag = This->service_section;
    }
    /* IProfSect is IMAPIProp: the bag stands in for it */
    IPropData_AddRef(bag);
    *section = (IProfSect *)bag;
    return S_OK;
}

static HRESULT WINAPI sup_RegisterPreprocessor(IMAPISupport *iface, MAPIUID *uid, WINE_LPTSTR type, WINE_LPTSTR dll,
                                               LPSTR preprocess, LPSTR remove, ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI sup_NewUID(IMAPISupport *iface, MAPIUID *uid) { NO_SUPPORT; }
/* MakeInvalid as MAPI's, when the test asks for it (invalidate): the object (a MAPIAllocateBuffer
 * block, the count right after the vtable pointer) gets stubs answering MAPI_E_INVALID_OBJECT,
 * and its last Release frees it. */
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

static HRESULT WINAPI sup_MakeInvalid(IMAPISupport *iface, ULONG flags, void *object, ULONG ref, ULONG methods)
{
    struct fake_support *This = impl_from_IMAPISupport(iface);
    struct invalid_object *invalid = object;
    ULONG i;

    if (!This->invalidate) NO_SUPPORT;
    if (flags || !object || methods < 3 || methods > ARRAY_SIZE(invalid_vtbl)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < ARRAY_SIZE(invalid_vtbl); i++) invalid_vtbl[i] = invalid_method;
    invalid_vtbl[1] = invalid_AddRef;
    invalid_vtbl[2] = invalid_Release;
    invalid->vtbl = invalid_vtbl;
    invalid->ref = ref;
    This->made_invalid++;
    return S_OK;
}
static HRESULT WINAPI sup_SpoolerYield(IMAPISupport *iface, ULONG flags) { return S_OK; }

static HRESULT WINAPI sup_SpoolerNotify(IMAPISupport *iface, ULONG flags, void *data)
{
    struct fake_support *This = impl_from_IMAPISupport(iface);

    if (flags == NOTIFY_NEWMAIL) This->newmail_notifies++;
    else if (flags == NOTIFY_READYTOSEND) This->readytosend_notifies++;
    else This->other_notifies++;
    return S_OK;
}

/* A recognisable stand-in for a one-off entry identifier: "ONEOFF:" and the address. */
static HRESULT WINAPI sup_CreateOneOff(IMAPISupport *iface, WINE_LPTSTR name, WINE_LPTSTR type, WINE_LPTSTR address,
                                       ULONG flags, ULONG *cb, ENTRYID **eid)
{
    char buffer[512];
    int len;

    if (!(flags & MAPI_UNICODE)) return MAPI_E_BAD_CHARWIDTH;
    len = snprintf(buffer, sizeof(buffer), "ONEOFF:%ls:%ls", (WCHAR *)type, (WCHAR *)address);
    if (FAILED(MAPIAllocateBuffer(len, (void **)eid))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memcpy(*eid, buffer, len);
    *cb = len;
    return S_OK;
}

static HRESULT WINAPI sup_SetProviderUID(IMAPISupport *iface, MAPIUID *uid, ULONG flags) { return S_OK; }
static HRESULT WINAPI sup_CompareEntryIDs(IMAPISupport *iface, ULONG cb1, ENTRYID *e1, ULONG cb2, ENTRYID *e2,
                                          ULONG flags, ULONG *result) { NO_SUPPORT; }
static HRESULT WINAPI sup_OpenTemplateID(IMAPISupport *iface, ULONG cb, ENTRYID *eid, ULONG flags, IMAPIProp *data,
                                         LPCIID iid, IMAPIProp **out, IMAPIProp *sibling) { NO_SUPPORT; }
static HRESULT WINAPI sup_OpenEntry(IMAPISupport *iface, ULONG cb, ENTRYID *eid, LPCIID iid, ULONG flags,
                                    ULONG *type, IUnknown **out) { NO_SUPPORT; }
static HRESULT WINAPI sup_GetOneOffTable(IMAPISupport *iface, ULONG flags, IMAPITable **table) { NO_SUPPORT; }
static HRESULT WINAPI sup_Address(IMAPISupport *iface, ULONG_PTR *ui, ADRPARM *parms, ADRLIST **list) { NO_SUPPORT; }
static HRESULT WINAPI sup_Details(IMAPISupport *iface, ULONG_PTR *ui, LPFNDISMISS dismiss, void *context, ULONG cb,
                                  ENTRYID *eid, LPFNBUTTON button, void *button_context, WINE_LPTSTR text,
                                  ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI sup_NewEntry(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, ULONG cb, ENTRYID *eid,
                                   ULONG cb_tpl, ENTRYID *tpl, ULONG *cb_new, ENTRYID **new_eid) { NO_SUPPORT; }
static HRESULT WINAPI sup_DoConfigPropsheet(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, WINE_LPTSTR title,
                                            IMAPITable *table, IMAPIProp *data, ULONG page) { NO_SUPPORT; }
static HRESULT WINAPI sup_CopyMessages(IMAPISupport *iface, LPCIID src_iid, void *src, ENTRYLIST *list,
                                       LPCIID dst_iid, void *dst, ULONG_PTR ui, IMAPIProgress *progress,
                                       ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI sup_CopyFolder(IMAPISupport *iface, LPCIID src_iid, void *src, ULONG cb, ENTRYID *eid,
                                     LPCIID dst_iid, void *dst, WINE_LPTSTR name, ULONG_PTR ui,
                                     IMAPIProgress *progress, ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI sup_DoCopyTo(IMAPISupport *iface, LPCIID src_iid, void *src, ULONG count, LPCIID exclude,
                                   SPropTagArray *exclude_props, ULONG_PTR ui, IMAPIProgress *progress,
                                   LPCIID dst_iid, void *dst, ULONG flags, SPropProblemArray **problems) { NO_SUPPORT; }
static HRESULT WINAPI sup_DoCopyProps(IMAPISupport *iface, LPCIID src_iid, void *src, SPropTagArray *include,
                                      ULONG_PTR ui, IMAPIProgress *progress, LPCIID dst_iid, void *dst, ULONG flags,
                                      SPropProblemArray **problems) { NO_SUPPORT; }
static HRESULT WINAPI sup_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui, ULONG flags, IMAPIProgress **p)
{ NO_SUPPORT; }
static HRESULT WINAPI sup_ReadReceipt(IMAPISupport *iface, ULONG flags, IMessage *msg, IMessage **empty) { NO_SUPPORT; }
static HRESULT WINAPI sup_PrepareSubmit(IMAPISupport *iface, IMessage *msg, ULONG *flags) { NO_SUPPORT; }
static HRESULT WINAPI sup_ExpandRecips(IMAPISupport *iface, IMessage *msg, ULONG *flags) { NO_SUPPORT; }
static HRESULT WINAPI sup_UpdatePAB(IMAPISupport *iface, ULONG flags, IMessage *msg) { NO_SUPPORT; }
static HRESULT WINAPI sup_DoSentMail(IMAPISupport *iface, ULONG flags, IMessage *msg) { NO_SUPPORT; }
static HRESULT WINAPI sup_OpenAddressBook(IMAPISupport *iface, LPCIID iid, ULONG flags, IAddrBook **book)
{ NO_SUPPORT; }
static HRESULT WINAPI sup_Preprocess(IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid) { NO_SUPPORT; }
static HRESULT WINAPI sup_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG cb, ENTRYID *eid) { NO_SUPPORT; }
static HRESULT WINAPI sup_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags) { NO_SUPPORT; }

/* Keeps every entry reported, in one list, and frees what it was given (as MAPI does). */
static HRESULT WINAPI sup_StatusRecips(IMAPISupport *iface, IMessage *msg, ADRLIST *list)
{
    struct fake_support *This = impl_from_IMAPISupport(iface);
    ULONG old = This->status_recips ? This->status_recips->cEntries : 0, i;
    ADRLIST *merged;

    This->status_recips_calls++;
    if (!msg || !list) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(This->status_recips_result)) return This->status_recips_result;
    if (FAILED(MAPIAllocateBuffer(CbNewADRLIST(old + list->cEntries), (void **)&merged)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    merged->cEntries = old + list->cEntries;
    if (old) memcpy(merged->aEntries, This->status_recips->aEntries, old * sizeof(ADRENTRY));
    for (i = 0; i < list->cEntries; i++) merged->aEntries[old + i] = list->aEntries[i];
    if (This->status_recips) MAPIFreeBuffer(This->status_recips);
    MAPIFreeBuffer(list);
    This->status_recips = merged;
    return S_OK;
}

static HRESULT WINAPI sup_WrapStoreEntryID(IMAPISupport *iface, ULONG cb, ENTRYID *eid, ULONG *cb_out,
                                           ENTRYID **out) { NO_SUPPORT; }
static HRESULT WINAPI sup_ModifyProfile(IMAPISupport *iface, ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI sup_IStorageFromStream(IMAPISupport *iface, IUnknown *in, LPCIID iid, ULONG flags,
                                             IStorage **out) { NO_SUPPORT; }
static HRESULT WINAPI sup_GetSvcConfigSupportObj(IMAPISupport *iface, ULONG flags, IMAPISupport **out) { NO_SUPPORT; }

static IMAPISupportVtbl support_vtbl =
{
    sup_QueryInterface, sup_AddRef, sup_Release, sup_GetLastError, sup_GetMemAllocRoutines, sup_Subscribe,
    sup_Unsubscribe, sup_Notify, sup_ModifyStatusRow, sup_OpenProfileSection, sup_RegisterPreprocessor,
    sup_NewUID, sup_MakeInvalid, sup_SpoolerYield, sup_SpoolerNotify, sup_CreateOneOff, sup_SetProviderUID,
    sup_CompareEntryIDs, sup_OpenTemplateID, sup_OpenEntry, sup_GetOneOffTable, sup_Address, sup_Details,
    sup_NewEntry, sup_DoConfigPropsheet, sup_CopyMessages, sup_CopyFolder, sup_DoCopyTo, sup_DoCopyProps,
    sup_DoProgressDialog, sup_ReadReceipt, sup_PrepareSubmit, sup_ExpandRecips, sup_UpdatePAB, sup_DoSentMail,
    sup_OpenAddressBook, sup_Preprocess, sup_CompleteMsg, sup_StoreLogoffTransports, sup_StatusRecips,
    sup_WrapStoreEntryID, sup_ModifyProfile, sup_IStorageFromStream, sup_GetSvcConfigSupportObj,
};

struct fake_support *fake_support_create(void)
{
    struct fake_support *This = calloc(1, sizeof(*This));

    assert_non_null(This);
    This->IMAPISupport_iface.lpVtbl = &support_vtbl;
    This->ref = 1;
    assert_int_equal(CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 &This->section), S_OK);
    return This;
}

void fake_support_release(struct fake_support *support)
{
    IMAPISupport_Release(&support->IMAPISupport_iface);
}

void fake_support_set_config(struct fake_support *support, const WCHAR *server, LONG port, const WCHAR *sender,
                             const WCHAR *maildir, LONG interval)
{
    SPropValue props[5];
    ULONG n = 0;

    if (server) { props[n].ulPropTag = PR_SMTPXP_SERVER; props[n++].Value.lpszW = (WCHAR *)server; }
    if (port) { props[n].ulPropTag = PR_SMTPXP_PORT; props[n++].Value.l = port; }
    if (sender) { props[n].ulPropTag = PR_SMTPXP_SENDER; props[n++].Value.lpszW = (WCHAR *)sender; }
    if (maildir) { props[n].ulPropTag = PR_SMTPXP_MAILDIR; props[n++].Value.lpszW = (WCHAR *)maildir; }
    if (interval) { props[n].ulPropTag = PR_SMTPXP_POLL_INTERVAL; props[n++].Value.l = interval; }
    if (n) assert_int_equal(IPropData_SetProps(support->section, n, props, NULL), S_OK);
}

const SPropValue *fake_status_prop(struct fake_support *support, ULONG tag)
{
    ULONG i;
    for (i = 0; i < support->status_row_count; i++)
        if (support->status_row[i].ulPropTag == tag) return &support->status_row[i];
    return NULL;
}

void fake_support_clear_reports(struct fake_support *support)
{
    if (support->status_recips) FreePadrlist(support->status_recips);
    support->status_recips = NULL;
    support->status_recips_calls = 0;
}
