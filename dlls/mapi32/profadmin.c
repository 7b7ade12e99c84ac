/*
 * MAPIAdminProfiles and IProfAdmin: the profiles of the user.
 *
 * Every method takes MAPI_UNICODE for its strings, also where the reference
 * pages name no flag. MAPI shows no dialog: MAPI_DIALOG is accepted and only
 * passed on to the services' entry points.
 */

#include "profile_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct prof_admin
{
    IProfAdmin IProfAdmin_iface;
    LONG ref;
    struct mapi_error_info error;
};

static inline struct prof_admin *impl_from_IProfAdmin(IProfAdmin *iface)
{
    return CONTAINING_RECORD(iface, struct prof_admin, IProfAdmin_iface);
}

static HRESULT bad_name(struct prof_admin *This, const WCHAR *name)
{
    return mapi_error_set(&This->error, MAPI_E_INVALID_PARAMETER, L"\"%s\" is not a valid profile name: 1 to %u "
                          L"characters, no leading or trailing space, no backslash", name, MAX_PROFILE_NAME);
}

static HRESULT no_profile(struct prof_admin *This, HRESULT hr, const WCHAR *name)
{
    return mapi_error_set(&This->error, hr, L"There is no profile named \"%s\"", name);
}

static HRESULT WINAPI prof_admin_QueryInterface(IProfAdmin *iface, REFIID riid, void **out)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);

    TRACE("(%p,%s,%p)\n", This, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IProfAdmin))
    {
        *out = &This->IProfAdmin_iface;
        IProfAdmin_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI prof_admin_AddRef(IProfAdmin *iface)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    return ref;
}

static ULONG WINAPI prof_admin_Release(IProfAdmin *iface)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    if (!ref) HeapFree(GetProcessHeap(), 0, This);
    return ref;
}

static HRESULT WINAPI prof_admin_GetLastError(IProfAdmin *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", This, hr, flags, error);
    return mapi_error_get(&This->error, L"Profile administration", hr, flags, error);
}

/**************************************************************************
 *  IProfAdmin_GetProfileTable
 *
 * NOTES
 *  A static table of PR_DISPLAY_NAME and PR_DEFAULT_PROFILE, one row per
 *  profile not marked for deletion, in the order of the names.
 */
static HRESULT WINAPI prof_admin_GetProfileTable(IProfAdmin *iface, ULONG flags, IMAPITable **table)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);
    SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE } };
    WCHAR **names, *default_name = NULL;
    SPropValue *values = NULL;
    SRow *rows = NULL;
    ULONG count, i;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", This, flags, table);

    mapi_error_clear(&This->error);
    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (flags & MAPI_UNICODE) columns.aulPropTag[0] = PR_DISPLAY_NAME_W;

    if (FAILED(hr = profile_list_names(&names, &count))) return hr;
    profile_get_default_name(&default_name);
    if (SUCCEEDED(hr = MAPIAllocateBuffer(max(count, 1) * (sizeof(SRow) + 2 * sizeof(SPropValue)), (void **)&rows)))
    {
        values = (SPropValue *)(rows + max(count, 1));
        for (i = 0; i < count && SUCCEEDED(hr); i++)
        {
            rows[i].ulAdrEntryPad = 0;
            rows[i].cValues = 2;
            rows[i].lpProps = &values[2 * i];
            values[2 * i].ulPropTag = columns.aulPropTag[0];
            values[2 * i].dwAlignPad = 0;
            if (flags & MAPI_UNICODE) values[2 * i].Value.lpszW = names[i];
            else
            {
                int size = WideCharToMultiByte(CP_ACP, 0, names[i], -1, NULL, 0, NULL, NULL);

                if (SUCCEEDED(hr = MAPIAllocateMore(size, rows, (void **)&values[2 * i].Value.lpszA)))
                    WideCharToMultiByte(CP_ACP, 0, names[i], -1, values[2 * i].Value.lpszA, size, NULL, NULL);
            }
            values[2 * i + 1].ulPropTag = PR_DEFAULT_PROFILE;
            values[2 * i + 1].dwAlignPad = 0;
            values[2 * i + 1].Value.b = default_name && !wcsicmp(default_name, names[i]);
        }
        if (SUCCEEDED(hr))
            hr = static_table_create((SPropTagArray *)&columns, columns.aulPropTag[0], count, rows, NULL, table);
        MAPIFreeBuffer(rows);
    }
    free(default_name);
    profile_free_names(names, count);
    return hr;
}

/**************************************************************************
 *  IProfAdmin_CreateProfile
 *
 * NOTES
 *  MAPI keeps no profile passwords: the password is ignored. With
 *  MAPI_DEFAULT_SERVICES, a service of [Default Services] that cannot be
 *  created fails the call and takes the new profile away again.
 */
static HRESULT WINAPI prof_admin_CreateProfile(IProfAdmin *iface, WINE_LPTSTR profile_name_arg,
                                               WINE_LPTSTR password, ULONG_PTR ui_param, ULONG flags)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);
    WCHAR *name, **services = NULL;
    ULONG service_count = 0, i;
    struct profile_txn txn;
    struct profile *profile;
    HRESULT hr;
    HKEY key;

    TRACE("(%p,%p,%p,%#Ix,%#lx)\n", This, profile_name_arg, password, ui_param, flags);

    mapi_error_clear(&This->error);
    if (!profile_name_arg) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_DEFAULT_SERVICES | MAPI_DIALOG | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(name = mapi_strdupW_from(profile_name_arg, flags & MAPI_UNICODE))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!profile_name_is_valid(name))
    {
        hr = bad_name(This, name);
        goto done;
    }
    if (password && (flags & MAPI_UNICODE ? *(const WCHAR *)password : *(const char *)password))
        WARN("MAPI has no profile passwords: ignored\n");
    if ((flags & MAPI_DEFAULT_SERVICES) && FAILED(hr = mapisvc_default_services(&services, &service_count)))
    {
        mapi_error_set(&This->error, hr, L"The default services of mapisvc.inf cannot be read");
        goto done;
    }

    if (FAILED(hr = profile_txn_begin(&txn, name, NULL))) goto done;
    if (SUCCEEDED(hr = profile_create_key(&txn, name, &key))) RegCloseKey(key);
    if (FAILED(hr = profile_txn_end(&txn, hr)))
    {
        if (hr == MAPI_E_NO_ACCESS)
            mapi_error_set(&This->error, hr, L"A profile named \"%s\" exists already", name);
        goto done;
    }
    TRACE("created %s\n", debugstr_w(name));

    if (service_count && SUCCEEDED(hr = profile_open(name, &profile)))
    {
        for (i = 0; i < service_count && SUCCEEDED(hr); i++)
            hr = service_create(profile, services[i], NULL, ui_param,
                                flags & MAPI_DIALOG ? SERVICE_UI_ALLOWED : 0, NULL, &This->error);
        profile_release(profile);
        if (FAILED(hr))
        {
            WARN("default service %s failed (%#lx): the profile goes\n", debugstr_w(services[i - 1]), hr);
            profile_delete(name);
        }
    }

done:
    profile_free_names(services, service_count);
    free(name);
    return hr;
}

/**************************************************************************
 *  IProfAdmin_DeleteProfile
 *
 * NOTES
 *  Each service's entry point is called with MSG_SERVICE_DELETE first. A
 *  profile in use in this process goes when it is no longer used.
 */
static HRESULT WINAPI prof_admin_DeleteProfile(IProfAdmin *iface, WINE_LPTSTR profile_name_arg, ULONG flags)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);
    struct profile *profile;
    IMsgServiceAdmin *admin;
    IMAPITable *table;
    SRowSet *rows;
    WCHAR *name;
    HRESULT hr;
    ULONG i;

    TRACE("(%p,%p,%#lx)\n", This, profile_name_arg, flags);

    mapi_error_clear(&This->error);
    if (!profile_name_arg) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(name = mapi_strdupW_from(profile_name_arg, flags & MAPI_UNICODE))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = profile_open(name, &profile)))
    {
        hr = no_profile(This, hr, name);
        free(name);
        return hr;
    }

    /* The services say goodbye; what they answer changes nothing. */
    if (SUCCEEDED(profile_admin_services(profile, &admin)))
    {
        if (SUCCEEDED(admin->lpVtbl->GetMsgServiceTable(admin, 0, &table)))
        {
            SizedSPropTagArray(1, columns) = { 1, { PR_SERVICE_UID } };

            if (SUCCEEDED(HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows)))
            {
                for (i = 0; i < rows->cRows; i++)
                {
                    SPropValue *uid = &rows->aRow[i].lpProps[0];
                    struct mapi_error_info ignored;

                    if (uid->ulPropTag == PR_SERVICE_UID && uid->Value.bin.cb == sizeof(MAPIUID))
                        service_delete(profile, (MAPIUID *)uid->Value.bin.lpb, &ignored);
                }
                FreeProws(rows);
            }
            IMAPITable_Release(table);
        }
        admin->lpVtbl->Release(admin);
    }
    profile_release(profile);

    if (FAILED(hr = profile_delete(name))) hr = no_profile(This, hr, name);
    free(name);
    return hr;
}

/**************************************************************************
 *  IProfAdmin_ChangeProfilePassword
 *
 * NOTES
 *  Deprecated: MAPI keeps no profile passwords. Returns S_OK and does
 *  nothing, as MAPI documents.
 */
static HRESULT WINAPI prof_admin_ChangeProfilePassword(IProfAdmin *iface, WINE_LPTSTR profile_name_arg,
                                                       WINE_LPTSTR old_password, WINE_LPTSTR new_password,
                                                       ULONG flags)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);

    TRACE("(%p,%p,%p,%p,%#lx)\n", This, profile_name_arg, old_password, new_password, flags);

    mapi_error_clear(&This->error);
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return S_OK;
}

static HRESULT copy_or_rename(struct prof_admin *This, const void *from_arg, const void *password,
                              const void *to_arg, ULONG flags, BOOL rename)
{
    WCHAR *from, *to = NULL, *secret = NULL;
    struct profile *profile;
    HRESULT hr;

    mapi_error_clear(&This->error);
    if (!from_arg || !to_arg) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | (rename ? 0 : MAPI_DIALOG)))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(from = mapi_strdupW_from(from_arg, flags & MAPI_UNICODE)) ||
        !(to = mapi_strdupW_from(to_arg, flags & MAPI_UNICODE)))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (!profile_name_is_valid(to))
    {
        hr = bad_name(This, to);
        goto done;
    }
    if (FAILED(hr = profile_open(from, &profile)))
    {
        hr = no_profile(This, hr, from);
        goto done;
    }
    if (password && !(secret = mapi_strdupW_from(password, flags & MAPI_UNICODE))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else hr = profile_check_password(profile, secret);
    profile_release(profile);
    if (FAILED(hr)) goto done;

    hr = rename ? profile_rename(from, to) : profile_copy(from, to);
    if (hr == MAPI_E_NO_ACCESS) mapi_error_set(&This->error, hr, L"A profile named \"%s\" exists already", to);
    else if (hr == MAPI_E_NOT_FOUND) no_profile(This, hr, from);

done:
    free(from);
    free(to);
    free(secret);
    return hr;
}

/**************************************************************************
 *  IProfAdmin_CopyProfile
 *
 * NOTES
 *  The copy gets a PR_SEARCH_KEY of its own in MUID_PROFILE_INSTANCE.
 *  MAPI_E_NO_ACCESS (the reference page's MAPI_E_ACCESS_DENIED) when the new
 *  name is taken.
 */
static HRESULT WINAPI prof_admin_CopyProfile(IProfAdmin *iface, WINE_LPTSTR old_name, WINE_LPTSTR old_password,
                                             WINE_LPTSTR new_name, ULONG_PTR ui_param, ULONG flags)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);

    TRACE("(%p,%p,%p,%p,%#Ix,%#lx)\n", This, old_name, old_password, new_name, ui_param, flags);
    return copy_or_rename(This, old_name, old_password, new_name, flags, FALSE);
}

/**************************************************************************
 *  IProfAdmin_RenameProfile
 *
 * NOTES
 *  A profile in use in this process is renamed when it is no longer used.
 *  The default profile stays the default under its new name.
 */
static HRESULT WINAPI prof_admin_RenameProfile(IProfAdmin *iface, WINE_LPTSTR old_name, WINE_LPTSTR old_password,
                                               WINE_LPTSTR new_name, ULONG_PTR ui_param, ULONG flags)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);

    TRACE("(%p,%p,%p,%p,%#Ix,%#lx)\n", This, old_name, old_password, new_name, ui_param, flags);
    return copy_or_rename(This, old_name, old_password, new_name, flags, TRUE);
}

/**************************************************************************
 *  IProfAdmin_SetDefaultProfile
 *
 * NOTES
 *  NULL leaves the user without a default profile.
 */
static HRESULT WINAPI prof_admin_SetDefaultProfile(IProfAdmin *iface, WINE_LPTSTR profile_name_arg, ULONG flags)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);
    WCHAR *name = NULL;
    HRESULT hr;

    TRACE("(%p,%p,%#lx)\n", This, profile_name_arg, flags);

    mapi_error_clear(&This->error);
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (profile_name_arg && !(name = mapi_strdupW_from(profile_name_arg, flags & MAPI_UNICODE)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = profile_set_default(name)) && hr == MAPI_E_NOT_FOUND) no_profile(This, hr, name);
    free(name);
    return hr;
}

/**************************************************************************
 *  IProfAdmin_AdminServices
 *
 * NOTES
 *  MAPI_E_LOGON_FAILED for a profile that does not exist, as documented.
 */
static HRESULT WINAPI prof_admin_AdminServices(IProfAdmin *iface, WINE_LPTSTR profile_name_arg, WINE_LPTSTR password,
                                               ULONG_PTR ui_param, ULONG flags, IMsgServiceAdmin **admin)
{
    struct prof_admin *This = impl_from_IProfAdmin(iface);
    struct profile *profile;
    WCHAR *name;
    HRESULT hr;

    TRACE("(%p,%p,%p,%#Ix,%#lx,%p)\n", This, profile_name_arg, password, ui_param, flags, admin);

    mapi_error_clear(&This->error);
    if (!admin) return MAPI_E_INVALID_PARAMETER;
    *admin = NULL;
    if (!profile_name_arg) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_DIALOG | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!(name = mapi_strdupW_from(profile_name_arg, flags & MAPI_UNICODE))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = profile_open(name, &profile)))
    {
        if (hr == MAPI_E_NOT_FOUND) hr = no_profile(This, MAPI_E_LOGON_FAILED, name);
    }
    else
    {
        hr = profile_admin_services(profile, admin);
        profile_release(profile);
    }
    free(name);
    return hr;
}

static const IProfAdminVtbl prof_admin_vtbl =
{
    prof_admin_QueryInterface,
    prof_admin_AddRef,
    prof_admin_Release,
    prof_admin_GetLastError,
    prof_admin_GetProfileTable,
    prof_admin_CreateProfile,
    prof_admin_DeleteProfile,
    prof_admin_ChangeProfilePassword,
    prof_admin_CopyProfile,
    prof_admin_RenameProfile,
    prof_admin_SetDefaultProfile,
    prof_admin_AdminServices,
};

/***********************************************************************
 *  MAPIAdminProfiles@8 (MAPI32.19)
 *
 * Creates a profile administration object.
 *
 * PARAMS
 *  flags [I] MAPI_UNICODE or 0 (the object takes both widths anyway).
 *  admin [O] Receives the IProfAdmin object.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER if admin is NULL, MAPI_E_UNKNOWN_FLAGS,
 *           MAPI_E_NOT_INITIALIZED before MAPIInitialize.
 *
 * NOTES
 *  Profiles are kept in the registry where Windows' MAPI keeps them (see profile.c).
 */
HRESULT WINAPI MAPIAdminProfiles(ULONG flags, LPPROFADMIN *admin)
{
    struct prof_admin *This;

    TRACE("(%#lx,%p)\n", flags, admin);

    if (!admin) return MAPI_E_INVALID_PARAMETER;
    *admin = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!mapi_is_initialized()) return MAPI_E_NOT_INITIALIZED;

    if (!(This = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*This)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    This->IProfAdmin_iface.lpVtbl = &prof_admin_vtbl;
    This->ref = 1;
    mapi_error_clear(&This->error);
    *admin = &This->IProfAdmin_iface;
    return S_OK;
}
