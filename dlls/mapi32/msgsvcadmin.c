/*
 * IMsgServiceAdmin and IMsgServiceAdmin2: the message services of one profile.
 * One object exposes both; IProfAdmin::AdminServices and the session's
 * AdminServices (through profile_admin_services) hand it out.
 */

#include "profile_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define CREATE_FLAGS (MAPI_UNICODE | SERVICE_UI_ALLOWED | SERVICE_UI_ALWAYS | SERVICE_NO_RESTART_WARNING)
#define CONFIGURE_FLAGS (MAPI_UNICODE | MSG_SERVICE_UI_READ_ONLY | SERVICE_UI_ALLOWED | SERVICE_UI_ALWAYS | \
                         UI_CURRENT_PROVIDER_FIRST)

struct msgsvc_admin
{
    IMsgServiceAdmin2 IMsgServiceAdmin2_iface;
    LONG ref;
    struct profile *profile;
    struct mapi_error_info error;
};

static const IMsgServiceAdmin2Vtbl msgsvc_admin_vtbl;

static inline struct msgsvc_admin *impl_from_IMsgServiceAdmin2(IMsgServiceAdmin2 *iface)
{
    return CONTAINING_RECORD(iface, struct msgsvc_admin, IMsgServiceAdmin2_iface);
}

/* Ours, or NULL for another implementation */
static struct msgsvc_admin *unsafe_impl_from_IMsgServiceAdmin(IMsgServiceAdmin *iface)
{
    if (!iface || iface->lpVtbl != (const IMsgServiceAdminVtbl *)&msgsvc_admin_vtbl) return NULL;
    return impl_from_IMsgServiceAdmin2((IMsgServiceAdmin2 *)iface);
}

static HRESULT not_found(struct msgsvc_admin *This)
{
    return mapi_error_set(&This->error, MAPI_E_NOT_FOUND, L"The profile %s has no message service with that "
                          L"MAPIUID", profile_name(This->profile));
}

static HRESULT WINAPI msgsvc_admin_QueryInterface(IMsgServiceAdmin2 *iface, REFIID riid, void **out)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%s,%p)\n", This, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMsgServiceAdmin) ||
        IsEqualIID(riid, &IID_IMsgServiceAdmin2))
    {
        *out = &This->IMsgServiceAdmin2_iface;
        IMsgServiceAdmin2_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI msgsvc_admin_AddRef(IMsgServiceAdmin2 *iface)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    return ref;
}

static ULONG WINAPI msgsvc_admin_Release(IMsgServiceAdmin2 *iface)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    if (!ref)
    {
        profile_release(This->profile);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static HRESULT WINAPI msgsvc_admin_GetLastError(IMsgServiceAdmin2 *iface, HRESULT hr, ULONG flags,
                                                MAPIERROR **error)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", This, hr, flags, error);
    return mapi_error_get(&This->error, L"Message service administration", hr, flags, error);
}

/**************************************************************************
 *  IMsgServiceAdmin_GetMsgServiceTable
 *
 * NOTES
 *  MAPI_UNICODE asks for the string columns in Unicode.
 */
static HRESULT WINAPI msgsvc_admin_GetMsgServiceTable(IMsgServiceAdmin2 *iface, ULONG flags, IMAPITable **table)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%#lx,%p)\n", This, flags, table);

    mapi_error_clear(&This->error);
    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return service_table_create(This->profile, flags, table);
}

static HRESULT create_service(struct msgsvc_admin *This, const void *service, const void *display_name,
                              ULONG_PTR ui_param, ULONG flags, MAPIUID *uid)
{
    WCHAR *name, *display = NULL;
    HRESULT hr;

    mapi_error_clear(&This->error);
    if (!service) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~CREATE_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(name = mapi_strdupW_from(service, flags & MAPI_UNICODE)) ||
        (display_name && !(display = mapi_strdupW_from(display_name, flags & MAPI_UNICODE))))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
        hr = service_create(This->profile, name, display, ui_param, flags, uid, &This->error);
    free(name);
    free(display);
    return hr;
}

static HRESULT WINAPI msgsvc_admin_CreateMsgService(IMsgServiceAdmin2 *iface, WINE_LPTSTR service,
                                                    WINE_LPTSTR display_name, ULONG_PTR ui_param, ULONG flags)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%p,%p,%#Ix,%#lx)\n", This, service, display_name, ui_param, flags);
    return create_service(This, service, display_name, ui_param, flags, NULL);
}

static HRESULT WINAPI msgsvc_admin_DeleteMsgService(IMsgServiceAdmin2 *iface, MAPIUID *uid)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    HRESULT hr;

    TRACE("(%p,%p)\n", This, uid);

    mapi_error_clear(&This->error);
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if ((hr = service_delete(This->profile, uid, &This->error)) == MAPI_E_NOT_FOUND) return not_found(This);
    return hr;
}

/* The profile a CopyMsgService destination stands for, referenced */
static HRESULT destination_profile(LPCIID iid, void *object, struct profile **profile)
{
    IMsgServiceAdmin *admin = NULL;
    struct msgsvc_admin *impl;
    HRESULT hr = S_OK;

    *profile = NULL;
    if (!iid || IsEqualIID(iid, &IID_IMAPISession))
    {
        IMAPISession *session = object;

        if (FAILED(hr = session->lpVtbl->AdminServices(session, 0, &admin))) return hr;
    }
    else if (IsEqualIID(iid, &IID_IMsgServiceAdmin) || IsEqualIID(iid, &IID_IMsgServiceAdmin2))
    {
        admin = object;
        IMsgServiceAdmin_AddRef(admin);
    }
    else return MAPI_E_INTERFACE_NOT_SUPPORTED;

    if ((impl = unsafe_impl_from_IMsgServiceAdmin(admin))) *profile = profile_addref(impl->profile);
    else
    {
        FIXME("copying into another MAPI's profile is not supported\n");
        hr = MAPI_E_NO_SUPPORT;
    }
    IMsgServiceAdmin_Release(admin);
    return hr;
}

/**************************************************************************
 *  IMsgServiceAdmin_CopyMsgService
 *
 * NOTES
 *  The display name is ignored (the parameter is deprecated); the copy has
 *  the configuration of the original and the service's entry point is not
 *  called. The destination is a session or a message service administration
 *  object of this mapi32.
 */
static HRESULT WINAPI msgsvc_admin_CopyMsgService(IMsgServiceAdmin2 *iface, MAPIUID *uid, WINE_LPTSTR display_name,
                                                  LPCIID iid_to_copy, LPCIID iid_dest, void *dest,
                                                  ULONG_PTR ui_param, ULONG flags)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    struct profile *target;
    HRESULT hr;

    TRACE("(%p,%p,%p,%s,%s,%p,%#Ix,%#lx)\n", This, uid, display_name, debugstr_guid(iid_to_copy),
          debugstr_guid(iid_dest), dest, ui_param, flags);

    mapi_error_clear(&This->error);
    if (!uid || !dest) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(SERVICE_UI_ALWAYS | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (iid_to_copy && !IsEqualIID(iid_to_copy, &IID_IProfSect) && !IsEqualIID(iid_to_copy, &IID_IMAPIProp))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(hr = destination_profile(iid_dest, dest, &target))) return hr;
    hr = service_copy(This->profile, uid, target, NULL, &This->error);
    profile_release(target);
    if (hr == MAPI_E_NOT_FOUND) return not_found(This);
    return hr;
}

/**************************************************************************
 *  IMsgServiceAdmin_RenameMsgService
 *
 * NOTES
 *  Outlook's MAPI always answers MAPI_E_NO_SUPPORT; this one sets the
 *  service's PR_DISPLAY_NAME, as MAPI did before.
 */
static HRESULT WINAPI msgsvc_admin_RenameMsgService(IMsgServiceAdmin2 *iface, MAPIUID *uid, ULONG flags,
                                                    WINE_LPTSTR display_name)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    WCHAR *name;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p)\n", This, uid, flags, display_name);

    mapi_error_clear(&This->error);
    if (!uid || !display_name) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(name = mapi_strdupW_from(display_name, flags & MAPI_UNICODE))) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = service_rename(This->profile, uid, name);
    free(name);
    if (hr == MAPI_E_NOT_FOUND) return not_found(This);
    return hr;
}

/**************************************************************************
 *  IMsgServiceAdmin_ConfigureMsgService
 *
 * NOTES
 *  Calls the service's entry point with MSG_SERVICE_CONFIGURE and the
 *  properties given. MAPI shows no property sheet of its own: the UI flags
 *  and window go to the entry point only when SERVICE_UI_ALLOWED or
 *  SERVICE_UI_ALWAYS is set. What the entry point returns is returned.
 */
static HRESULT WINAPI msgsvc_admin_ConfigureMsgService(IMsgServiceAdmin2 *iface, MAPIUID *uid, ULONG_PTR ui_param,
                                                       ULONG flags, ULONG count, SPropValue *props)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    HRESULT hr;

    TRACE("(%p,%p,%#Ix,%#lx,%lu,%p)\n", This, uid, ui_param, flags, count, props);

    mapi_error_clear(&This->error);
    if (!uid || (count && !props)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~CONFIGURE_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if ((hr = service_configure(This->profile, uid, ui_param, flags, count, props, &This->error)) ==
        MAPI_E_NOT_FOUND && This->error.hr != hr)
        return not_found(This);
    return hr;
}

/**************************************************************************
 *  IMsgServiceAdmin_OpenProfileSection
 *
 * NOTES
 *  A provider's own section needs MAPI_FORCE_ACCESS.
 */
static HRESULT WINAPI msgsvc_admin_OpenProfileSection(IMsgServiceAdmin2 *iface, MAPIUID *uid, LPCIID iid,
                                                      ULONG flags, IProfSect **section)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%p,%s,%#lx,%p)\n", This, uid, debugstr_guid(iid), flags, section);

    mapi_error_clear(&This->error);
    if (!section) return MAPI_E_INVALID_PARAMETER;
    *section = NULL;
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (iid && !IsEqualIID(iid, &IID_IProfSect) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_FORCE_ACCESS))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(flags & MAPI_FORCE_ACCESS) && profile_is_provider_section(This->profile, uid))
        return mapi_error_set(&This->error, MAPI_E_NO_ACCESS, L"The section belongs to a provider: open it with "
                              L"MAPI_FORCE_ACCESS");
    return profsect_create(This->profile, uid, flags & ~MAPI_FORCE_ACCESS, section);
}

static HRESULT WINAPI msgsvc_admin_MsgServiceTransportOrder(IMsgServiceAdmin2 *iface, ULONG count, MAPIUID *uids,
                                                            ULONG flags)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx)\n", This, count, uids, flags);

    mapi_error_clear(&This->error);
    if (count && !uids) return MAPI_E_INVALID_PARAMETER;
    if (flags)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    hr = service_transport_order(This->profile, count, uids);
    if (hr == MAPI_E_BUSY)
        mapi_error_set(&This->error, hr, L"The list must name every transport provider of the profile once");
    else if (hr == MAPI_E_NOT_FOUND)
        mapi_error_set(&This->error, hr, L"A MAPIUID of the list is not a transport provider of the profile, "
                       L"or is listed twice");
    return hr;
}

static HRESULT WINAPI msgsvc_admin_AdminProviders(IMsgServiceAdmin2 *iface, MAPIUID *uid, ULONG flags,
                                                  IProviderAdmin **admin)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%p,%#lx,%p)\n", This, uid, flags, admin);

    mapi_error_clear(&This->error);
    if (!admin) return MAPI_E_INVALID_PARAMETER;
    *admin = NULL;
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!service_exists(This->profile, uid)) return not_found(This);
    return provider_admin_create(This->profile, uid, FALSE, admin);
}

/**************************************************************************
 *  IMsgServiceAdmin_SetPrimaryIdentity
 *
 * NOTES
 *  The service gets SERVICE_PRIMARY_IDENTITY and its providers
 *  STATUS_PRIMARY_IDENTITY in PR_RESOURCE_FLAGS; the other services and
 *  providers lose them. NULL clears the primary identity.
 */
static HRESULT WINAPI msgsvc_admin_SetPrimaryIdentity(IMsgServiceAdmin2 *iface, MAPIUID *uid, ULONG flags)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);
    HRESULT hr;

    TRACE("(%p,%p,%#lx)\n", This, uid, flags);

    mapi_error_clear(&This->error);
    if (flags)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    hr = service_set_primary_identity(This->profile, uid);
    if (hr == MAPI_E_NOT_FOUND) return not_found(This);
    if (hr == MAPI_E_NO_ACCESS)
        mapi_error_set(&This->error, hr, L"The message service cannot supply the primary identity "
                       L"(SERVICE_NO_PRIMARY_IDENTITY)");
    return hr;
}

static HRESULT WINAPI msgsvc_admin_GetProviderTable(IMsgServiceAdmin2 *iface, ULONG flags, IMAPITable **table)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%#lx,%p)\n", This, flags, table);

    mapi_error_clear(&This->error);
    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return provider_table_create(This->profile, NULL, PROVIDER_TABLE_ALL, flags, table);
}

static HRESULT WINAPI msgsvc_admin_CreateMsgServiceEx(IMsgServiceAdmin2 *iface, LPSTR service, LPSTR display_name,
                                                      ULONG_PTR ui_param, ULONG flags, MAPIUID *uid)
{
    struct msgsvc_admin *This = impl_from_IMsgServiceAdmin2(iface);

    TRACE("(%p,%p,%p,%#Ix,%#lx,%p)\n", This, service, display_name, ui_param, flags, uid);
    return create_service(This, service, display_name, ui_param, flags, uid);
}

static const IMsgServiceAdmin2Vtbl msgsvc_admin_vtbl =
{
    msgsvc_admin_QueryInterface,
    msgsvc_admin_AddRef,
    msgsvc_admin_Release,
    msgsvc_admin_GetLastError,
    msgsvc_admin_GetMsgServiceTable,
    msgsvc_admin_CreateMsgService,
    msgsvc_admin_DeleteMsgService,
    msgsvc_admin_CopyMsgService,
    msgsvc_admin_RenameMsgService,
    msgsvc_admin_ConfigureMsgService,
    msgsvc_admin_OpenProfileSection,
    msgsvc_admin_MsgServiceTransportOrder,
    msgsvc_admin_AdminProviders,
    msgsvc_admin_SetPrimaryIdentity,
    msgsvc_admin_GetProviderTable,
    msgsvc_admin_CreateMsgServiceEx,
};

HRESULT profile_admin_services(struct profile *profile, IMsgServiceAdmin **out)
{
    struct msgsvc_admin *This;

    TRACE("(%s,%p)\n", debugstr_w(profile ? profile_name(profile) : NULL), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!profile) return MAPI_E_INVALID_PARAMETER;
    if (!(This = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*This)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    This->IMsgServiceAdmin2_iface.lpVtbl = &msgsvc_admin_vtbl;
    This->ref = 1;
    This->profile = profile_addref(profile);
    mapi_error_clear(&This->error);
    *out = (IMsgServiceAdmin *)&This->IMsgServiceAdmin2_iface;
    return S_OK;
}
