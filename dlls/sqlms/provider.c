/*
 * sqlms32.dll: the entry point MAPI loads (MSProviderInit) and the provider
 * object, one per session, that logs MAPI and the spooler on to stores.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

HINSTANCE sqlms_instance;

static inline struct sqlms_provider *impl_from_IMSProvider(IMSProvider *iface)
{
    return CONTAINING_RECORD(iface, struct sqlms_provider, IMSProvider_iface);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    TRACE("(%p,%lu,%p)\n", instance, reason, reserved);

    if (reason == DLL_PROCESS_ATTACH)
    {
        sqlms_instance = instance;
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}

void provider_add_store(struct sqlms_provider *provider, struct sqlms_store *store)
{
    EnterCriticalSection(&provider->cs);
    if (provider->store_count == provider->store_capacity)
    {
        ULONG capacity = max(4, provider->store_capacity * 2);
        struct sqlms_store **stores = heap_realloc(provider->stores, capacity * sizeof(*stores));

        if (stores)
        {
            provider->stores = stores;
            provider->store_capacity = capacity;
        }
    }
    if (provider->store_count < provider->store_capacity) provider->stores[provider->store_count++] = store;
    LeaveCriticalSection(&provider->cs);
}

void provider_remove_store(struct sqlms_provider *provider, struct sqlms_store *store)
{
    ULONG i;

    if (!provider) return;
    EnterCriticalSection(&provider->cs);
    for (i = 0; i < provider->store_count; i++)
    {
        if (provider->stores[i] != store) continue;
        provider->stores[i] = provider->stores[--provider->store_count];
        break;
    }
    LeaveCriticalSection(&provider->cs);
}

static HRESULT WINAPI provider_QueryInterface(IMSProvider *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMSProvider))
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
    struct sqlms_provider *provider = impl_from_IMSProvider(iface);
    ULONG ref = InterlockedIncrement(&provider->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI provider_Release(IMSProvider *iface)
{
    struct sqlms_provider *provider = impl_from_IMSProvider(iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        heap_free(provider->stores);
        provider->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&provider->cs);
        heap_free(provider);
    }
    return ref;
}

/**************************************************************************
 *  IMSProvider_Shutdown
 *
 * NOTES
 *  MAPI calls it once every logon has ended; a logon still open is logged
 *  off (its objects answer MAPI_E_INVALID_OBJECT).
 */
static HRESULT WINAPI provider_Shutdown(IMSProvider *iface, ULONG *flags)
{
    struct sqlms_provider *provider = impl_from_IMSProvider(iface);
    struct sqlms_store *store;
    ULONG zero = 0;

    TRACE("(%p,%p)\n", iface, flags);

    EnterCriticalSection(&provider->cs);
    provider->shut_down = TRUE;
    while (provider->store_count)
    {
        LONG ref;

        store = provider->stores[provider->store_count - 1];
        /* MAPI released this logon already: a program's last Release of the store, under way on another
         * thread, holds the rest and frees it. Taking the logon again would free it twice. */
        do ref = store->logon_ref;
        while (ref && InterlockedCompareExchange(&store->logon_ref, ref + 1, ref) != ref);
        if (!ref)
        {
            TRACE("logon %p released, its store still in use\n", store);
            provider->stores[--provider->store_count] = NULL;
            continue;
        }
        LeaveCriticalSection(&provider->cs);
        WARN("logon %p still open at shutdown\n", store);
        IMSLogon_Logoff(&store->IMSLogon_iface, &zero);
        provider_remove_store(provider, store);
        IMSLogon_Release(&store->IMSLogon_iface);
        EnterCriticalSection(&provider->cs);
    }
    LeaveCriticalSection(&provider->cs);
    return S_OK;
}

static HRESULT do_logon(struct sqlms_provider *provider, IMAPISupport *support, ULONG_PTR ui_param,
                        const void *profile_name, ULONG eid_size, ENTRYID *eid, ULONG flags, const IID *iid,
                        BOOL spooler, ULONG security_size, const BYTE *security, ULONG *security_size_out,
                        BYTE **security_out, MAPIERROR **error, IMSLogon **logon, IMsgStore **mdb)
{
    static const IID *const store_iids[] = { &IID_IMsgStore, &IID_IMAPIProp, &IID_IUnknown, NULL };
    struct sqlms_store *store;
    HRESULT hr;

    if (error) *error = NULL;
    if (!logon || !mdb) return MAPI_E_INVALID_PARAMETER;
    *logon = NULL;
    *mdb = NULL;
    if (!is_valid_iid(iid, store_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (provider->shut_down) return MAPI_E_INVALID_OBJECT;

    if (FAILED(hr = store_create(provider, support, ui_param, profile_name, eid_size, eid, flags, spooler,
                                 security_size, security, &store)))
        return hr;
    if (security_size_out && security_out)
    {
        /* The spooler logs on with the store's identity: it must find the same file. */
        if (SUCCEEDED(MAPIAllocateBuffer(sizeof(GUID), (void **)security_out)))
        {
            memcpy(*security_out, &store->guid, sizeof(GUID));
            *security_size_out = sizeof(GUID);
        }
        else
            *security_size_out = 0;
    }
    *logon = &store->IMSLogon_iface;
    *mdb = store_iface(store);
    return S_OK;
}

static HRESULT WINAPI provider_Logon(IMSProvider *iface, IMAPISupport *support, ULONG_PTR ui_param,
                                     LPSTR profile_name, ULONG eid_size, ENTRYID *eid, ULONG flags,
                                     const IID *iid, ULONG *security_size, BYTE **security, MAPIERROR **error,
                                     IMSLogon **logon, IMsgStore **mdb)
{
    struct sqlms_provider *provider = impl_from_IMSProvider(iface);

    TRACE("(%p,%p,%#Ix,%p,%lu,%p,%#lx,%s,%p,%p,%p,%p,%p)\n", iface, support, ui_param, profile_name, eid_size,
          eid, flags, debugstr_guid(iid), security_size, security, error, logon, mdb);

    if (security_size) *security_size = 0;
    if (security) *security = NULL;
    return do_logon(provider, support, ui_param, profile_name, eid_size, eid, flags, iid, FALSE, 0, NULL,
                    security_size, security, error, logon, mdb);
}

static HRESULT WINAPI provider_SpoolerLogon(IMSProvider *iface, IMAPISupport *support, ULONG_PTR ui_param,
                                            LPSTR profile_name, ULONG eid_size, ENTRYID *eid, ULONG flags,
                                            const IID *iid, ULONG security_size, BYTE *security,
                                            MAPIERROR **error, IMSLogon **logon, IMsgStore **mdb)
{
    struct sqlms_provider *provider = impl_from_IMSProvider(iface);

    TRACE("(%p,%p,%#Ix,%p,%lu,%p,%#lx,%s,%lu,%p,%p,%p,%p)\n", iface, support, ui_param, profile_name, eid_size,
          eid, flags, debugstr_guid(iid), security_size, security, error, logon, mdb);

    return do_logon(provider, support, ui_param, profile_name, eid_size, eid, flags, iid, TRUE, security_size,
                    security, NULL, NULL, error, logon, mdb);
}

static HRESULT WINAPI provider_CompareStoreIDs(IMSProvider *iface, ULONG size1, ENTRYID *eid1, ULONG size2,
                                               ENTRYID *eid2, ULONG flags, ULONG *result)
{
    GUID guid1, guid2;

    TRACE("(%p,%lu,%p,%lu,%p,%#lx,%p)\n", iface, size1, eid1, size2, eid2, flags, result);

    if (!result || !eid1 || !eid2) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!store_eid_parse(size1, (const BYTE *)eid1, &guid1) || !store_eid_parse(size2, (const BYTE *)eid2, &guid2))
        return MAPI_E_UNKNOWN_ENTRYID;
    *result = IsEqualGUID(&guid1, &guid2);
    return S_OK;
}

static const IMSProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_Logon,
    provider_SpoolerLogon,
    provider_CompareStoreIDs,
};

/**************************************************************************
 *  MSProviderInit (SQLMS32.@)
 *
 * The entry point MAPI calls when it loads the store provider.
 *
 * PARAMS
 *  instance         [I] The DLL.
 *  malloc           [I] MAPI's IMalloc.
 *  allocate_buffer  [I] MAPIAllocateBuffer.
 *  allocate_more    [I] MAPIAllocateMore.
 *  free_buffer      [I] MAPIFreeBuffer.
 *  flags            [I] Reserved: 0.
 *  mapi_version     [I] The SPI version of MAPI.
 *  provider_version [O] The SPI version of the provider.
 *  provider         [O] Receives the provider object.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER, MAPI_E_VERSION for an older SPI than
 *           ours, MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  The store gets its memory from mapi32's exports, which are the routines
 *  MAPI passes.
 */
HRESULT __cdecl MSProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate_buffer,
                               LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, ULONG flags,
                               ULONG mapi_version, ULONG *provider_version, LPMSPROVIDER *provider)
{
    struct sqlms_provider *object;

    TRACE("(%p,%p,%p,%p,%p,%#lx,%#lx,%p,%p)\n", instance, malloc, allocate_buffer, allocate_more, free_buffer,
          flags, mapi_version, provider_version, provider);

    if (!provider_version || !provider) return MAPI_E_INVALID_PARAMETER;
    *provider = NULL;
    *provider_version = CURRENT_SPI_VERSION;
    if (mapi_version < CURRENT_SPI_VERSION)
    {
        WARN("SPI version %#lx is older than ours\n", mapi_version);
        return MAPI_E_VERSION;
    }
    if (!(object = heap_alloc_zero(sizeof(*object)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    object->IMSProvider_iface.lpVtbl = &provider_vtbl;
    object->ref = 1;
    InitializeCriticalSection(&object->cs);
    object->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": provider.cs");
    *provider = &object->IMSProvider_iface;
    return S_OK;
}
