/*
 * testms.dll: a message store provider for the tests. It logs every call it
 * receives (testprov.h), and implements enough of IMSProvider, IMSLogon and
 * IMsgStore to be opened, to use its support object (SetProviderUID,
 * WrapStoreEntryID, ModifyStatusRow, Subscribe, Notify, MakeInvalid,
 * StoreLogoffTransports) and to be logged off and unloaded. OpenStatusEntry
 * opens teststatus.h's status object.
 *
 * Its entry IDs are 4 flag bytes, its provider UID and a 4-byte object
 * number: 0 is the store.
 */

#include <stdarg.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapix.h"
#include "mapispi.h"
#include "testprov.h"
#include "teststatus.h"

const MAPIUID testms_uid = {{ 'T','e','s','t','S','t','o','r','e','P','r','o','v','i','d','r' }};

struct testms_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG object;
};

static LPALLOCATEBUFFER allocate_buffer;
static LPALLOCATEMORE allocate_more;
static LPFREEBUFFER free_buffer;

/* The last logon's support object, for the tests. */
static IMAPISupport *last_support;

struct store;

struct logon
{
    IMSLogon IMSLogon_iface;
    LONG ref;
    struct store *store;        /* NULL once the store is gone */
};

struct store
{
    IMsgStore IMsgStore_iface;
    LONG ref;                   /* right after the vtable: MakeInvalid counts there */
    IMAPISupport *support;
    struct logon *logon;
    ULONG logoff_flags;
    BOOL logoff_called;
};

static inline struct store *impl_from_IMsgStore(IMsgStore *iface)
{
    return CONTAINING_RECORD(iface, struct store, IMsgStore_iface);
}

static void make_entryid(struct testms_entryid *id, ULONG object)
{
    memset(id->flags, 0, sizeof(id->flags));
    id->uid = testms_uid;
    id->object = object;
}

static HRESULT WINAPI store_QueryInterface(IMsgStore *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMsgStore))
    {
        *obj = iface;
        IMsgStore_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI store_AddRef(IMsgStore *iface)
{
    return InterlockedIncrement(&impl_from_IMsgStore(iface)->ref);
}

static ULONG WINAPI store_Release(IMsgStore *iface)
{
    struct store *store = impl_from_IMsgStore(iface);
    ULONG ref = InterlockedDecrement(&store->ref), flags;
    IMAPISupport *support;
    HRESULT hr;

    if (ref) return ref;
    /* As the store logoff contract asks: transports first, then the support object, last. */
    flags = store->logoff_called ? store->logoff_flags : LOGOFF_ABORT;
    hr = IMAPISupport_StoreLogoffTransports(store->support, &flags);
    test_log("ms:StoreLogoffTransports hr=%#lx flags=%#lx", hr, flags);
    if (store->logon)
    {
        test_status_invalidate(store->logon, store->support);
        store->logon->store = NULL;
    }
    support = store->support;
    free_buffer(store);
    IMAPISupport_Release(support);
    return 0;
}

static HRESULT WINAPI store_GetLastError(IMsgStore *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI store_SaveChanges(IMsgStore *iface, ULONG flags)
{
    return S_OK;
}

static HRESULT WINAPI store_GetProps(IMsgStore *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,
                                     LPSPropValue *props)
{
    struct store *store = impl_from_IMsgStore(iface);
    static const SizedSPropTagArray(3, all) = { 3, { PR_DISPLAY_NAME_A, PR_ENTRYID, PR_OBJECT_TYPE } };
    struct testms_entryid id;
    SPropValue *values;
    ENTRYID *wrapped;
    ULONG size, i;
    HRESULT hr = S_OK;

    test_log("ms:GetProps");
    if (!tags) tags = (SPropTagArray *)&all;
    if (allocate_buffer(tags->cValues * sizeof(SPropValue), (void **)&values)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < tags->cValues; i++)
    {
        values[i].ulPropTag = tags->aulPropTag[i];
        switch (tags->aulPropTag[i])
        {
        case PR_DISPLAY_NAME_A:
            values[i].Value.lpszA = (char *)"Test Store";
            break;
        case PR_OBJECT_TYPE:
            values[i].Value.l = MAPI_STORE;
            break;
        case PR_ENTRYID:
            make_entryid(&id, 0);
            if (SUCCEEDED(IMAPISupport_WrapStoreEntryID(store->support, sizeof(id), (ENTRYID *)&id, &size,
                                                        &wrapped)))
            {
                allocate_more(size, values, (void **)&values[i].Value.bin.lpb);
                memcpy(values[i].Value.bin.lpb, wrapped, size);
                values[i].Value.bin.cb = size;
                free_buffer(wrapped);
                break;
            }
            /* fall through */
        default:
            values[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
            values[i].Value.err = MAPI_E_NOT_FOUND;
            hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    *count = tags->cValues;
    *props = values;
    return hr;
}

static HRESULT WINAPI store_GetPropList(IMsgStore *iface, ULONG flags, LPSPropTagArray *tags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_OpenProperty(IMsgStore *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                         LPUNKNOWN *unk)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_SetProps(IMsgStore *iface, ULONG count, LPSPropValue props, LPSPropProblemArray *problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_DeleteProps(IMsgStore *iface, LPSPropTagArray tags, LPSPropProblemArray *problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_CopyTo(IMsgStore *iface, ULONG count, LPCIID exclude, LPSPropTagArray tags, ULONG ui,
                                   LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                   LPSPropProblemArray *problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_CopyProps(IMsgStore *iface, LPSPropTagArray tags, ULONG ui, LPMAPIPROGRESS progress,
                                      LPCIID iid, LPVOID dst, ULONG flags, LPSPropProblemArray *problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_GetNamesFromIDs(IMsgStore *iface, LPSPropTagArray *tags, LPGUID guid, ULONG flags,
                                            ULONG *count, LPMAPINAMEID **names)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_GetIDsFromNames(IMsgStore *iface, ULONG count, LPMAPINAMEID *names, ULONG flags,
                                            LPSPropTagArray *tags)
{
    return MAPI_E_NO_SUPPORT;
}

/* The store's events are known by its entry ID. */
struct store_key
{
    ULONG cb;
    struct testms_entryid id;
};

static HRESULT WINAPI store_Advise(IMsgStore *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                   LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct store *store = impl_from_IMsgStore(iface);
    struct store_key key;

    test_log("ms:Advise mask=%#lx", mask);
    key.cb = sizeof(key.id);
    make_entryid(&key.id, 0);
    return IMAPISupport_Subscribe(store->support, (NOTIFKEY *)&key, mask, 0, sink, connection);
}

static HRESULT WINAPI store_Unadvise(IMsgStore *iface, ULONG_PTR connection)
{
    test_log("ms:Unadvise");
    return IMAPISupport_Unsubscribe(impl_from_IMsgStore(iface)->support, connection);
}

static HRESULT WINAPI store_CompareEntryIDs(IMsgStore *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                            LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    test_log("ms:CompareEntryIDs");
    *result = size1 == size2 && !memcmp(entryid1, entryid2, size1);
    return S_OK;
}

static HRESULT WINAPI store_OpenEntry(IMsgStore *iface, ULONG size, LPENTRYID entryid, LPCIID iid, ULONG flags,
                                      ULONG *type, LPUNKNOWN *object)
{
    struct testms_entryid *id = (struct testms_entryid *)entryid;

    test_log("ms:OpenEntry size=%lu", size);
    if (size != sizeof(*id) || memcmp(&id->uid, &testms_uid, sizeof(MAPIUID))) return MAPI_E_INVALID_ENTRYID;
    if (id->object) return MAPI_E_NOT_FOUND;
    *type = MAPI_STORE;
    *object = (IUnknown *)iface;
    IMsgStore_AddRef(iface);
    return S_OK;
}

static HRESULT WINAPI store_SetReceiveFolder(IMsgStore *iface, LPSTR message_class, ULONG flags, ULONG size,
                                             LPENTRYID entryid)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_GetReceiveFolder(IMsgStore *iface, LPSTR message_class, ULONG flags, ULONG *size,
                                             LPENTRYID *entryid, LPSTR *explicit_class)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_GetReceiveFolderTable(IMsgStore *iface, ULONG flags, LPMAPITABLE *table)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_StoreLogoff(IMsgStore *iface, ULONG *flags)
{
    struct store *store = impl_from_IMsgStore(iface);

    test_log("ms:StoreLogoff flags=%#lx", *flags);
    store->logoff_flags = *flags;
    store->logoff_called = TRUE;
    *flags = 0;
    return S_OK;
}

static HRESULT WINAPI store_AbortSubmit(IMsgStore *iface, ULONG size, LPENTRYID entryid, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_GetOutgoingQueue(IMsgStore *iface, ULONG flags, LPMAPITABLE *table)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_SetLockState(IMsgStore *iface, LPMESSAGE message, ULONG state)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI store_FinishedMsg(IMsgStore *iface, ULONG flags, ULONG size, LPENTRYID entryid)
{
    return MAPI_E_NO_SUPPORT;
}

/* The tests' way to make the store raise an event through MAPI. */
static HRESULT WINAPI store_NotifyNewMail(IMsgStore *iface, LPNOTIFICATION notification)
{
    struct store *store = impl_from_IMsgStore(iface);
    struct store_key key;
    ULONG flags = 0;
    HRESULT hr;

    key.cb = sizeof(key.id);
    make_entryid(&key.id, 0);
    hr = IMAPISupport_Notify(store->support, (NOTIFKEY *)&key, 1, notification, &flags);
    test_log("ms:NotifyNewMail hr=%#lx flags=%#lx", hr, flags);
    return hr;
}

static IMsgStoreVtbl store_vtbl =
{
    store_QueryInterface,
    store_AddRef,
    store_Release,
    store_GetLastError,
    store_SaveChanges,
    store_GetProps,
    store_GetPropList,
    store_OpenProperty,
    store_SetProps,
    store_DeleteProps,
    store_CopyTo,
    store_CopyProps,
    store_GetNamesFromIDs,
    store_GetIDsFromNames,
    (void *)store_Advise,     /* Wine: ULONG connections; the SDK: ULONG_PTR */
    (void *)store_Unadvise,
    store_CompareEntryIDs,
    store_OpenEntry,
    store_SetReceiveFolder,
    store_GetReceiveFolder,
    store_GetReceiveFolderTable,
    store_StoreLogoff,
    store_AbortSubmit,
    store_GetOutgoingQueue,
    store_SetLockState,
    store_FinishedMsg,
    store_NotifyNewMail,
};

/* IMSLogon */

static inline struct logon *impl_from_IMSLogon(IMSLogon *iface)
{
    return CONTAINING_RECORD(iface, struct logon, IMSLogon_iface);
}

static HRESULT WINAPI logon_QueryInterface(IMSLogon *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMSLogon))
    {
        *obj = iface;
        IMSLogon_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI logon_AddRef(IMSLogon *iface)
{
    return InterlockedIncrement(&impl_from_IMSLogon(iface)->ref);
}

static ULONG WINAPI logon_Release(IMSLogon *iface)
{
    struct logon *logon = impl_from_IMSLogon(iface);
    ULONG ref = InterlockedDecrement(&logon->ref);

    if (!ref)
    {
        test_log("ms:IMSLogon::Release");
        if (logon->store) logon->store->logon = NULL;
        HeapFree(GetProcessHeap(), 0, logon);
    }
    return ref;
}

static HRESULT WINAPI logon_GetLastError(IMSLogon *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    *error = NULL;
    return S_OK;
}

/* MAPI logs the store off: what a client still holds becomes unusable. */
static HRESULT WINAPI logon_Logoff(IMSLogon *iface, ULONG *flags)
{
    struct logon *logon = impl_from_IMSLogon(iface);
    struct store *store = logon->store;
    IMAPISupport *support;
    HRESULT hr;

    test_log("ms:IMSLogon::Logoff store=%s", store ? "held" : "gone");
    if (!store) return S_OK;
    logon->store = NULL;
    store->logon = NULL;
    support = store->support;
    test_status_invalidate(logon, support);
    hr = IMAPISupport_MakeInvalid(support, 0, store, store->ref, sizeof(store_vtbl) / sizeof(void *));
    test_log("ms:MakeInvalid hr=%#lx", hr);
    IMAPISupport_Release(support);
    return S_OK;
}

static HRESULT WINAPI logon_OpenEntry(IMSLogon *iface, ULONG size, LPENTRYID entryid, LPCIID iid, ULONG flags,
                                      ULONG *type, LPUNKNOWN *object)
{
    struct logon *logon = impl_from_IMSLogon(iface);

    if (!logon->store) return MAPI_E_CALL_FAILED;
    return store_OpenEntry(&logon->store->IMsgStore_iface, size, entryid, iid, flags, type, object);
}

static HRESULT WINAPI logon_CompareEntryIDs(IMSLogon *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                            LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    return store_CompareEntryIDs(NULL, size1, entryid1, size2, entryid2, flags, result);
}

static HRESULT WINAPI logon_Advise(IMSLogon *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                   LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct logon *logon = impl_from_IMSLogon(iface);

    if (!logon->store) return MAPI_E_CALL_FAILED;
    return store_Advise(&logon->store->IMsgStore_iface, size, entryid, mask, sink, connection);
}

static HRESULT WINAPI logon_Unadvise(IMSLogon *iface, ULONG_PTR connection)
{
    struct logon *logon = impl_from_IMSLogon(iface);

    if (!logon->store) return MAPI_E_CALL_FAILED;
    return store_Unadvise(&logon->store->IMsgStore_iface, connection);
}

static HRESULT WINAPI logon_OpenStatusEntry(IMSLogon *iface, LPCIID iid, ULONG flags, ULONG *type, LPVOID *entry)
{
    return test_open_status(impl_from_IMSLogon(iface), "ms", MAPI_STORE_PROVIDER, "Test Store", iid, flags, type,
                            entry);
}

static IMSLogonVtbl logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_GetLastError,
    logon_Logoff,
    logon_OpenEntry,
    logon_CompareEntryIDs,
    logon_Advise,
    logon_Unadvise,
    logon_OpenStatusEntry,
};

/* IMSProvider */

struct provider
{
    IMSProvider IMSProvider_iface;
    LONG ref;
};

static HRESULT WINAPI provider_QueryInterface(IMSProvider *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMSProvider))
    {
        *obj = iface;
        IMSProvider_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI provider_AddRef(IMSProvider *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct provider, IMSProvider_iface)->ref);
}

static ULONG WINAPI provider_Release(IMSProvider *iface)
{
    struct provider *provider = CONTAINING_RECORD(iface, struct provider, IMSProvider_iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref)
    {
        test_log("ms:IMSProvider::Release");
        HeapFree(GetProcessHeap(), 0, provider);
    }
    return ref;
}

static HRESULT WINAPI provider_Shutdown(IMSProvider *iface, ULONG *flags)
{
    test_log("ms:Shutdown");
    last_support = NULL;
    return S_OK;
}

static HRESULT WINAPI provider_Logon(IMSProvider *iface, LPMAPISUP support, ULONG_PTR ui_param, LPSTR profile,
                                     ULONG size, LPENTRYID entryid, ULONG flags, LPCIID iid, ULONG *security_size,
                                     LPBYTE *security, LPMAPIERROR *error, LPMSLOGON *ms_logon, LPMDB *mdb)
{
    SPropValue status[2];
    struct logon *logon;
    struct store *store;
    HRESULT hr;

    test_log("ms:Logon profile=%s flags=%#lx entryid=%lu", profile, flags, size);
    *security_size = 0;
    *security = NULL;
    *error = NULL;
    if (test_setting("MAPI_TEST_MS_FAIL_LOGON", 0)) return MAPI_E_LOGON_FAILED;

    if (FAILED(hr = IMAPISupport_SetProviderUID(support, (MAPIUID *)&testms_uid, 0))) return hr;
    if (allocate_buffer(sizeof(*store), (void **)&store)) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(logon = HeapAlloc(GetProcessHeap(), 0, sizeof(*logon))))
    {
        free_buffer(store);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    store->IMsgStore_iface.lpVtbl = &store_vtbl;
    store->ref = 1;
    store->support = support;
    IMAPISupport_AddRef(support);
    store->logon = logon;
    store->logoff_called = FALSE;
    logon->IMSLogon_iface.lpVtbl = &logon_vtbl;
    logon->ref = 1;
    logon->store = store;
    last_support = support;

    status[0].ulPropTag = PR_STATUS_STRING_A;
    status[0].Value.lpszA = (char *)"Test store ready";
    status[1].ulPropTag = PR_RESOURCE_METHODS;
    status[1].Value.l = 0;
    hr = IMAPISupport_ModifyStatusRow(support, 2, status, STATUSROW_UPDATE);
    test_log("ms:ModifyStatusRow hr=%#lx", hr);

    *ms_logon = &logon->IMSLogon_iface;
    *mdb = &store->IMsgStore_iface;
    return S_OK;
}

static HRESULT WINAPI provider_SpoolerLogon(IMSProvider *iface, LPMAPISUP support, ULONG_PTR ui_param,
                                            LPSTR profile, ULONG size, LPENTRYID entryid, ULONG flags, LPCIID iid,
                                            ULONG security_size, LPBYTE security, LPMAPIERROR *error,
                                            LPMSLOGON *ms_logon, LPMDB *mdb)
{
    test_log("ms:SpoolerLogon");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI provider_CompareStoreIDs(IMSProvider *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                               LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    test_log("ms:CompareStoreIDs");
    *result = size1 == size2 && !memcmp(entryid1, entryid2, size1);
    return S_OK;
}

static IMSProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_Logon,
    provider_SpoolerLogon,
    provider_CompareStoreIDs,
};

HRESULT __cdecl MSProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate,
                               LPALLOCATEMORE more, LPFREEBUFFER free, ULONG flags, ULONG mapi_version,
                               ULONG *provider_version, LPMSPROVIDER *ms_provider)
{
    struct provider *provider;

    test_log("ms:MSProviderInit flags=%#lx version=%#lx malloc=%d allocators=%d", flags, mapi_version,
             malloc != NULL, allocate && more && free);
    *provider_version = test_setting("MAPI_TEST_MS_SPI_VERSION", CURRENT_SPI_VERSION);
    /* MAPI_TEST_MS_LAX: a provider that does not check, so that MAPI has to. */
    if (mapi_version < *provider_version && !test_setting("MAPI_TEST_MS_LAX", 0)) return MAPI_E_VERSION;
    allocate_buffer = allocate;
    allocate_more = more;
    free_buffer = free;
    if (!(provider = HeapAlloc(GetProcessHeap(), 0, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IMSProvider_iface.lpVtbl = &provider_vtbl;
    provider->ref = 1;
    *ms_provider = &provider->IMSProvider_iface;
    return S_OK;
}

/* The message service's entry point: nothing to configure. */
HRESULT WINAPI TestServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG_PTR ui_param,
                                ULONG flags, ULONG context, ULONG count, LPSPropValue props,
                                LPPROVIDERADMIN admin, LPMAPIERROR *error)
{
    test_log("ms:ServiceEntry context=%lu", context);
    if (error) *error = NULL;
    return S_OK;
}

/* For the tests: the support object of the last logon, or NULL. */
IMAPISupport * WINAPI testms_support(void)
{
    return last_support;
}
