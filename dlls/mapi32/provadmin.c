/*
 * IProviderAdmin: the providers of one message service.
 *
 * Clients get one from IMsgServiceAdmin::AdminProviders; a service's entry
 * point gets its own with each call. The entry point's may open any section,
 * its own with a NULL MAPIUID, and adding or deleting a provider through it
 * does not call the entry point again.
 */

#include "profile_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct provider_admin
{
    IProviderAdmin IProviderAdmin_iface;
    LONG ref;
    struct profile *profile;
    MAPIUID service_uid;
    BOOL for_service;
    struct mapi_error_info error;
};

static inline struct provider_admin *impl_from_IProviderAdmin(IProviderAdmin *iface)
{
    return CONTAINING_RECORD(iface, struct provider_admin, IProviderAdmin_iface);
}

static HRESULT WINAPI provider_admin_QueryInterface(IProviderAdmin *iface, REFIID riid, void **out)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);

    TRACE("(%p,%s,%p)\n", This, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IProviderAdmin))
    {
        *out = &This->IProviderAdmin_iface;
        IProviderAdmin_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI provider_admin_AddRef(IProviderAdmin *iface)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    return ref;
}

static ULONG WINAPI provider_admin_Release(IProviderAdmin *iface)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    if (!ref)
    {
        profile_release(This->profile);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static HRESULT WINAPI provider_admin_GetLastError(IProviderAdmin *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", This, hr, flags, error);
    return mapi_error_get(&This->error, L"Provider administration", hr, flags, error);
}

/**************************************************************************
 *  IProviderAdmin_GetProviderTable
 *
 * NOTES
 *  The table has a row for each provider of the service, then one for each
 *  extra section mapisvc.inf gave it (PR_RESOURCE_TYPE is PT_ERROR there).
 */
static HRESULT WINAPI provider_admin_GetProviderTable(IProviderAdmin *iface, ULONG flags, IMAPITable **table)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);

    TRACE("(%p,%#lx,%p)\n", This, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!service_exists(This->profile, &This->service_uid)) return MAPI_E_NOT_FOUND;
    return provider_table_create(This->profile, &This->service_uid, PROVIDER_TABLE_EXTRAS, flags, table);
}

static HRESULT WINAPI provider_admin_CreateProvider(IProviderAdmin *iface, WINE_LPTSTR provider, ULONG count,
                                                    SPropValue *props, ULONG_PTR ui_param, ULONG flags,
                                                    MAPIUID *uid)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);
    WCHAR *name;
    HRESULT hr;

    TRACE("(%p,%p,%lu,%p,%#Ix,%#lx,%p)\n", This, provider, count, props, ui_param, flags, uid);

    mapi_error_clear(&This->error);
    if (!provider || !uid || (count && !props)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_DIALOG | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(name = mapi_strdupW_from(provider, flags & MAPI_UNICODE))) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = provider_create(This->profile, &This->service_uid, name, count, props, ui_param, flags, !This->for_service,
                         uid, &This->error);
    free(name);
    return hr;
}

static HRESULT WINAPI provider_admin_DeleteProvider(IProviderAdmin *iface, MAPIUID *uid)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);

    TRACE("(%p,%p)\n", This, uid);

    mapi_error_clear(&This->error);
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    return provider_delete(This->profile, &This->service_uid, uid, !This->for_service, &This->error);
}

static HRESULT WINAPI provider_admin_OpenProfileSection(IProviderAdmin *iface, MAPIUID *uid, LPCIID iid,
                                                        ULONG flags, IProfSect **section)
{
    struct provider_admin *This = impl_from_IProviderAdmin(iface);

    TRACE("(%p,%p,%s,%#lx,%p)\n", This, uid, debugstr_guid(iid), flags, section);

    if (!section) return MAPI_E_INVALID_PARAMETER;
    *section = NULL;
    if (iid && !IsEqualIID(iid, &IID_IProfSect) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_FORCE_ACCESS))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!uid)
    {
        /* Only a service's own code may ask for its section that way */
        if (!This->for_service) return MAPI_E_INVALID_PARAMETER;
        uid = &This->service_uid;
    }
    if (!This->for_service && !(flags & MAPI_FORCE_ACCESS) && profile_is_provider_section(This->profile, uid))
    {
        WARN("a provider's section needs MAPI_FORCE_ACCESS\n");
        return MAPI_E_NO_ACCESS;
    }
    return profsect_create(This->profile, uid, flags & ~MAPI_FORCE_ACCESS, section);
}

static const IProviderAdminVtbl provider_admin_vtbl =
{
    provider_admin_QueryInterface,
    provider_admin_AddRef,
    provider_admin_Release,
    provider_admin_GetLastError,
    provider_admin_GetProviderTable,
    provider_admin_CreateProvider,
    provider_admin_DeleteProvider,
    provider_admin_OpenProfileSection,
};

HRESULT provider_admin_create(struct profile *profile, const MAPIUID *service_uid, BOOL for_service,
                              IProviderAdmin **out)
{
    struct provider_admin *This;

    if (!(This = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*This)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    This->IProviderAdmin_iface.lpVtbl = &provider_admin_vtbl;
    This->ref = 1;
    This->profile = profile_addref(profile);
    This->service_uid = *service_uid;
    This->for_service = for_service;
    mapi_error_clear(&This->error);
    *out = &This->IProviderAdmin_iface;
    return S_OK;
}
