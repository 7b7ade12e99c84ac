/*
 * Loading service providers and logging on to them.
 *
 * A session loads each provider DLL a profile section names once per kind
 * of provider, calls its entry point (MSProviderInit, XPProviderInit or
 * ABProviderInit) with MAPI's allocators and SPI version, and keeps the
 * provider object until the session logs off. Then every logon is logged
 * off and released, and only after that does each provider get its
 * Shutdown and Release, and its DLL its FreeLibrary, in the reverse order of
 * loading, as "Shutting Down a Service Provider" describes.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

typedef HRESULT (__cdecl *provider_init_func)(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate_buffer,
                                              LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, ULONG flags,
                                              ULONG mapi_version, ULONG *provider_version, IUnknown **provider);

static const char *entry_point_name(ULONG resource_type)
{
    switch (resource_type)
    {
    case MAPI_STORE_PROVIDER: return "MSProviderInit";
    case MAPI_TRANSPORT_PROVIDER: return "XPProviderInit";
    case MAPI_AB_PROVIDER: return "ABProviderInit";
    }
    return NULL;
}

void provider_free_info(struct profile_provider *info)
{
    free(info->dll_name);
    free(info->display_name);
    free(info->provider_display);
    free(info->service_name);
    memset(info, 0, sizeof(*info));
}

HRESULT provider_copy_info(struct profile_provider *dst, const struct profile_provider *src)
{
    *dst = *src;
    dst->dll_name = mapi_strdupW_from(src->dll_name, TRUE);
    dst->display_name = mapi_strdupW_from(src->display_name, TRUE);
    dst->provider_display = mapi_strdupW_from(src->provider_display, TRUE);
    dst->service_name = mapi_strdupW_from(src->service_name, TRUE);
    if ((src->dll_name && !dst->dll_name) || (src->display_name && !dst->display_name) ||
        (src->provider_display && !dst->provider_display) || (src->service_name && !dst->service_name))
    {
        provider_free_info(dst);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

/* The SPI versions MAPI can work with: its own major version, no newer than its own. */
static BOOL spi_version_supported(ULONG version)
{
    return (version >> 24) == (CURRENT_SPI_VERSION >> 24) && version <= CURRENT_SPI_VERSION;
}

/* The provider DLL of a profile section, loaded and initialised once per session. */
static HRESULT get_module(struct session *session, const struct profile_provider *info,
                          struct provider_module **ret)
{
    struct provider_module *module;
    provider_init_func init;
    const char *entry_name;
    IUnknown *provider = NULL;
    ULONG version = 0;
    HMODULE dll;
    HRESULT hr;

    if (!info->dll_name || !info->dll_name[0])
        return mapi_error_set(&session->error, MAPI_E_LOGON_FAILED,
                              L"The provider \"%s\" names no DLL.", info->display_name);
    if (!(entry_name = entry_point_name(info->resource_type)))
        return mapi_error_set(&session->error, MAPI_E_LOGON_FAILED,
                              L"The provider \"%s\" has an unknown resource type %lu.", info->display_name,
                              info->resource_type);

    LIST_FOR_EACH_ENTRY(module, &session->modules, struct provider_module, entry)
    {
        if (module->resource_type == info->resource_type && !wcsicmp(module->dll_name, info->dll_name))
        {
            *ret = module;
            return S_OK;
        }
    }

    if (!(dll = mapi_load_provider_dll(info->dll_name)))
        return mapi_error_set(&session->error, MAPI_E_LOGON_FAILED,
                              L"The provider DLL \"%s\" of \"%s\" could not be loaded (error %lu).",
                              info->dll_name, info->display_name, GetLastError());
    if (!(init = (provider_init_func)GetProcAddress(dll, entry_name)))
    {
        FreeLibrary(dll);
        return mapi_error_set(&session->error, MAPI_E_LOGON_FAILED,
                              L"The provider DLL \"%s\" has no entry point %S.", info->dll_name, entry_name);
    }

    TRACE("calling %s of %s\n", entry_name, debugstr_w(info->dll_name));
    hr = init(dll, &mapi_default_malloc, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
              session->flags & MAPI_NT_SERVICE, CURRENT_SPI_VERSION, &version, &provider);
    if (FAILED(hr) || !provider)
    {
        if (provider) provider->lpVtbl->Release(provider);
        FreeLibrary(dll);
        return mapi_error_set(&session->error, hr == MAPI_E_VERSION ? MAPI_E_VERSION : MAPI_E_LOGON_FAILED,
                              L"%S of \"%s\" failed with %#lx.", entry_name, info->dll_name, hr);
    }
    if (!spi_version_supported(version))
    {
        provider->lpVtbl->Release(provider);
        FreeLibrary(dll);
        return mapi_error_set(&session->error, MAPI_E_VERSION,
                              L"\"%s\" works with SPI version %#lx; MAPI has %#lx.", info->dll_name, version,
                              CURRENT_SPI_VERSION);
    }
    TRACE("%s answered SPI version %#lx, provider %p\n", debugstr_w(info->dll_name), version, provider);

    if (!(module = calloc(1, sizeof(*module))) || !(module->dll_name = mapi_strdupW_from(info->dll_name, TRUE)))
    {
        free(module);
        provider->lpVtbl->Release(provider);
        FreeLibrary(dll);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    module->resource_type = info->resource_type;
    module->module = dll;
    module->provider = provider;
    module->spi_version = version;
    list_add_tail(&session->modules, &module->entry);
    *ret = module;
    return S_OK;
}

static HRESULT logon_alloc(struct session *session, const struct profile_provider *info,
                           struct provider_module *module, struct provider_logon **ret)
{
    struct provider_logon *logon;
    HRESULT hr;

    if (!(logon = calloc(1, sizeof(*logon)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = provider_copy_info(&logon->info, info)))
    {
        free(logon);
        return hr;
    }
    logon->session = session;
    logon->module = module;
    *ret = logon;
    return S_OK;
}

static void logon_free(struct provider_logon *logon)
{
    provider_free_info(&logon->info);
    free(logon->entryid);
    free(logon);
}

/* What a provider said of its failed logon, for the session's GetLastError. */
static HRESULT logon_failed(struct session *session, const struct profile_provider *info, HRESULT hr,
                            MAPIERROR *error)
{
    const WCHAR *detail = L"";
    WCHAR *converted = NULL;

    if (error && error->lpszError)
    {
        /* The provider answered in ANSI: we did not ask for MAPI_UNICODE. */
        converted = mapi_strdupW_from(error->lpszError, FALSE);
        if (converted) detail = converted;
    }
    mapi_error_set(&session->error, hr, L"Logon to \"%s\" failed with %#lx. %s", info->display_name, hr, detail);
    free(converted);
    MAPIFreeBuffer(error);
    return hr;
}

static void profile_name_ansi(struct session *session, char *name, int size)
{
    if (!WideCharToMultiByte(CP_ACP, 0, profile_name(session->profile), -1, name, size, NULL, NULL)) name[0] = 0;
}

/* What IXPLogon::AddressTypes answers now, as wide strings (free() each); FALSE when it failed. */
static BOOL read_address_types(IXPLogon *xp, WCHAR **found, ULONG max, ULONG *count)
{
    ULONG flags = 0, type_count = 0, uid_count = 0, i;
    LPSTR *types = NULL;
    MAPIUID **uids = NULL;
    HRESULT hr;

    *count = 0;
    if (FAILED(hr = IXPLogon_AddressTypes(xp, &flags, &type_count, &types, &uid_count, &uids)))
    {
        WARN("AddressTypes failed: %#lx\n", hr);
        return FALSE;
    }
    for (i = 0; i < type_count && types && *count < max; i++)
    {
        if (!types[i]) continue;
        if ((found[*count] = mapi_strdupW_from(types[i], flags & MAPI_UNICODE))) (*count)++;
    }
    return TRUE;
}

/* Keeps the address types a transport handles, for IMAPISession::EnumAdrTypes and the spooler. */
static void record_address_types(struct provider_logon *logon)
{
    read_address_types((IXPLogon *)logon->logon, logon->address_types, ARRAY_SIZE(logon->address_types),
                       &logon->address_type_count);
}

/***********************************************************************
 *  provider_refresh_address_types
 *
 * Asks a transport logged on in the session for its address types again
 * (the spooler's ValidateState with CONFIG_CHANGED) and keeps what it
 * answers now in place of what it said at logon.
 *
 * RETURNS
 *  S_OK; MAPI_E_NOT_FOUND when the transport is not logged on in the
 *  session; MAPI_E_CALL_FAILED when AddressTypes failed (the old types stay).
 */
HRESULT provider_refresh_address_types(struct session *session, IXPLogon *xp)
{
    struct provider_logon *logon;
    WCHAR *types[ARRAY_SIZE(logon->address_types)], *old[ARRAY_SIZE(logon->address_types)];
    ULONG count, old_count = 0, i;
    BOOL found = FALSE;

    if (!read_address_types(xp, types, ARRAY_SIZE(types), &count)) return MAPI_E_CALL_FAILED;
    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
    {
        if (logon->info.resource_type != MAPI_TRANSPORT_PROVIDER || logon->logon != (IUnknown *)xp) continue;
        old_count = logon->address_type_count;
        memcpy(old, logon->address_types, old_count * sizeof(*old));
        memcpy(logon->address_types, types, count * sizeof(*types));
        logon->address_type_count = count;
        found = TRUE;
        break;
    }
    LeaveCriticalSection(&session->cs);
    if (!found) memcpy(old, types, (old_count = count) * sizeof(*old));
    for (i = 0; i < old_count; i++) free(old[i]);
    return found ? S_OK : MAPI_E_NOT_FOUND;
}

static HRESULT logon_to(struct session *session, const struct profile_provider *info, ULONG_PTR ui_param)
{
    struct provider_module *module;
    struct provider_logon *logon;
    struct support *support;
    MAPIERROR *error = NULL;
    char profile[MAX_PATH];
    ULONG security_size = 0, flags;
    BYTE *security = NULL;
    IUnknown *provider_logon = NULL;
    HRESULT hr;

    if (FAILED(hr = get_module(session, info, &module))) return hr;
    if (FAILED(hr = logon_alloc(session, info, module, &logon))) return hr;
    if (FAILED(hr = support_create(session, logon,
                                   info->resource_type == MAPI_AB_PROVIDER ? SUPPORT_ADDRESS_BOOK : SUPPORT_TRANSPORT,
                                   &support)))
    {
        logon_free(logon);
        return hr;
    }
    logon->support = support;
    profile_name_ansi(session, profile, sizeof(profile));
    /* The provider may update its status row while it logs on. */
    status_add_logon_row(session, logon);

    if (info->resource_type == MAPI_AB_PROVIDER)
    {
        hr = IABProvider_Logon((IABProvider *)module->provider, &support->IMAPISupport_iface, ui_param, profile,
                               AB_NO_DIALOG, &security_size, &security, &error, (IABLogon **)&provider_logon);
    }
    else
    {
        flags = LOGON_NO_DIALOG;
        hr = IXPProvider_TransportLogon((IXPProvider *)module->provider, &support->IMAPISupport_iface, ui_param,
                                        profile, &flags, &error, (IXPLogon **)&provider_logon);
    }
    MAPIFreeBuffer(security);
    if (FAILED(hr) || !provider_logon)
    {
        if (SUCCEEDED(hr)) hr = MAPI_E_LOGON_FAILED;
        status_remove_row(session, logon->status_row);
        logon->support = NULL;
        support->logon = NULL;
        IMAPISupport_Release(&support->IMAPISupport_iface);
        logon_failed(session, info, hr, error);
        logon_free(logon);
        return hr;
    }
    MAPIFreeBuffer(error);
    logon->logon = provider_logon;
    if (info->resource_type == MAPI_TRANSPORT_PROVIDER)
    {
        /* LOGON_SP_POLL and LOGON_SP_IDLE tell the spooler how to serve it. */
        logon->logon_flags = flags;
        record_address_types(logon);
        if ((hr = xpoptions_register(session->profile, &info->provider_uid, (IXPLogon *)provider_logon)) != S_OK)
        {
            ULONG i;

            /* RegisterOptions' page: any other answer logs the transport off. */
            WARN("RegisterOptions of %s answered %#lx: logged off\n", debugstr_w(info->display_name), hr);
            IXPLogon_TransportLogoff((IXPLogon *)provider_logon, 0);
            provider_logon->lpVtbl->Release(provider_logon);
            logon->logon = NULL;
            for (i = 0; i < logon->address_type_count; i++) free(logon->address_types[i]);
            status_remove_row(session, logon->status_row);
            logon->support = NULL;
            support->logon = NULL;
            IMAPISupport_Release(&support->IMAPISupport_iface);
            if (SUCCEEDED(hr)) hr = MAPI_E_LOGON_FAILED;
            mapi_error_set(&session->error, hr, L"RegisterOptions of \"%s\" failed with %#lx.", info->display_name,
                           hr);
            logon_free(logon);
            return hr;
        }
    }

    EnterCriticalSection(&session->cs);
    list_add_tail(&session->logons, &logon->entry);
    LeaveCriticalSection(&session->cs);
    /* The provider keeps its own reference to the support object. */
    IMAPISupport_Release(&support->IMAPISupport_iface);
    return S_OK;
}

HRESULT provider_logon_all(struct session *session, ULONG_PTR ui_param)
{
    struct profile_provider *providers;
    ULONG count, i;
    HRESULT hr;

    /* Address books first: transports may want one at logon. */
    if (FAILED(hr = profile_get_providers(session->profile, MAPI_AB_PROVIDER, &count, &providers)))
        return mapi_error_set(&session->error, hr == MAPI_E_NOT_FOUND ? MAPI_E_LOGON_FAILED : hr,
                              L"The profile's address book providers could not be read (%#lx).", hr);
    for (i = 0; i < count && SUCCEEDED(hr); i++) hr = logon_to(session, &providers[i], ui_param);
    profile_free_providers(count, providers);
    if (FAILED(hr)) return hr;

    /* FIXME: the spooler logs transports on; until it exists the session does,
     * unless the program asked for no mail. */
    if (session->flags & MAPI_NO_MAIL) return S_OK;
    if (FAILED(hr = profile_get_providers(session->profile, MAPI_TRANSPORT_PROVIDER, &count, &providers)))
        return mapi_error_set(&session->error, hr == MAPI_E_NOT_FOUND ? MAPI_E_LOGON_FAILED : hr,
                              L"The profile's transport providers could not be read (%#lx).", hr);
    for (i = 0; i < count && SUCCEEDED(hr); i++) hr = logon_to(session, &providers[i], ui_param);
    profile_free_providers(count, providers);
    return hr;
}

HRESULT provider_open_store(struct session *session, ULONG_PTR ui_param, const struct profile_provider *info,
                            ULONG entryid_size, const ENTRYID *entryid, const IID *iid, ULONG flags,
                            IMsgStore **store)
{
    struct provider_module *module;
    struct provider_logon *logon;
    struct support *support;
    MAPIERROR *error = NULL;
    char profile[MAX_PATH];
    ULONG security_size = 0;
    BYTE *security = NULL;
    IMSLogon *ms_logon = NULL;
    IMsgStore *mdb = NULL;
    HRESULT hr;

    EnterCriticalSection(&session->cs);
    hr = get_module(session, info, &module);
    LeaveCriticalSection(&session->cs);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = logon_alloc(session, info, module, &logon))) return hr;
    if (entryid_size)
    {
        if (!(logon->entryid = malloc(entryid_size)))
        {
            logon_free(logon);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        memcpy(logon->entryid, entryid, entryid_size);
        logon->entryid_size = entryid_size;
    }
    logon->open_flags = flags;
    if (FAILED(hr = support_create(session, logon, SUPPORT_STORE, &support)))
    {
        logon_free(logon);
        return hr;
    }
    logon->support = support;
    profile_name_ansi(session, profile, sizeof(profile));
    status_add_logon_row(session, logon);

    hr = IMSProvider_Logon((IMSProvider *)module->provider, &support->IMAPISupport_iface, ui_param, profile,
                           entryid_size, (ENTRYID *)entryid, flags, iid, &security_size, &security, &error,
                           &ms_logon, &mdb);
    MAPIFreeBuffer(security);
    if (FAILED(hr) || !ms_logon || !mdb)
    {
        if (SUCCEEDED(hr)) hr = MAPI_E_LOGON_FAILED;
        if (mdb) IMsgStore_Release(mdb);
        if (ms_logon) IMSLogon_Release(ms_logon);
        status_remove_row(session, logon->status_row);
        logon->support = NULL;
        support->logon = NULL;
        IMAPISupport_Release(&support->IMAPISupport_iface);
        logon_failed(session, info, hr, error);
        logon_free(logon);
        return hr;
    }
    MAPIFreeBuffer(error);
    logon->logon = (IUnknown *)ms_logon;
    logon->store = mdb;

    EnterCriticalSection(&session->cs);
    list_add_tail(&session->logons, &logon->entry);
    LeaveCriticalSection(&session->cs);
    session_record_open_store(logon);
    /* From now on the store holds the support object: its last release ends the logon. */
    IMAPISupport_Release(&support->IMAPISupport_iface);
    *store = mdb;
    return S_OK;
}

/***********************************************************************
 *  provider_spooler_logon
 *
 * The spooler's own logon to a store of the profile: IMSProvider::SpoolerLogon
 * with a store support object of its own, which registers no provider UID and
 * no status row (the client's logon has those) and is left out of the
 * open-store records. Releasing the store ends the logon, as for a client's.
 */
HRESULT provider_spooler_logon(struct session *session, const struct profile_provider *info, IMsgStore **store)
{
    static const SizedSPropTagArray(1, entryid_tag) = { 1, { PR_ENTRYID } };
    struct provider_module *module;
    struct provider_logon *logon;
    struct support *support;
    MAPIERROR *error = NULL;
    char profile[MAX_PATH];
    IMSLogon *ms_logon = NULL;
    IMsgStore *mdb = NULL;
    SPropValue *section = NULL;
    IProfSect *sect;
    ULONG count;
    HRESULT hr;

    *store = NULL;
    EnterCriticalSection(&session->cs);
    hr = session->logged_off ? MAPI_E_INVALID_OBJECT : get_module(session, info, &module);
    LeaveCriticalSection(&session->cs);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = logon_alloc(session, info, module, &logon))) return hr;
    /* The store's entry ID, as its client logon wrote it into the profile section; the
     * provider gets its own, without MAPI's wrapping, as IMSProvider::Logon does. */
    if (SUCCEEDED(profile_open_section(session->profile, &info->provider_uid, 0, &sect)))
    {
        if (SUCCEEDED(IProfSect_GetProps(sect, (SPropTagArray *)&entryid_tag, 0, &count, &section)) &&
            section[0].ulPropTag == PR_ENTRYID)
        {
            const ENTRYID *inner = (ENTRYID *)section[0].Value.bin.lpb;
            ULONG inner_size = section[0].Value.bin.cb;
            const char *dll_name;

            entryid_unwrap_store(section[0].Value.bin.cb, (ENTRYID *)section[0].Value.bin.lpb, &dll_name,
                                 &inner_size, &inner);
            if (inner_size && (logon->entryid = malloc(inner_size)))
            {
                memcpy(logon->entryid, inner, inner_size);
                logon->entryid_size = inner_size;
            }
        }
        MAPIFreeBuffer(section);
        IProfSect_Release(sect);
    }
    if (FAILED(hr = support_create(session, logon, SUPPORT_STORE, &support)))
    {
        logon_free(logon);
        return hr;
    }
    support->spooler = TRUE;
    logon->support = support;
    profile_name_ansi(session, profile, sizeof(profile));

    hr = IMSProvider_SpoolerLogon((IMSProvider *)module->provider, &support->IMAPISupport_iface, 0, profile,
                                  logon->entryid_size, (ENTRYID *)logon->entryid, MDB_NO_DIALOG | MDB_WRITE,
                                  &IID_IMsgStore, 0, NULL, &error, &ms_logon, &mdb);
    if (FAILED(hr) || !ms_logon || !mdb)
    {
        if (SUCCEEDED(hr)) hr = MAPI_E_LOGON_FAILED;
        if (mdb) IMsgStore_Release(mdb);
        if (ms_logon) IMSLogon_Release(ms_logon);
        logon->support = NULL;
        support->logon = NULL;
        IMAPISupport_Release(&support->IMAPISupport_iface);
        MAPIFreeBuffer(error);
        logon_free(logon);
        WARN("SpoolerLogon to %s failed: %#lx\n", debugstr_w(info->display_name), hr);
        return hr;
    }
    MAPIFreeBuffer(error);
    logon->logon = (IUnknown *)ms_logon;
    logon->store = mdb;

    EnterCriticalSection(&session->cs);
    list_add_tail(&session->logons, &logon->entry);
    LeaveCriticalSection(&session->cs);
    IMAPISupport_Release(&support->IMAPISupport_iface);
    *store = mdb;
    return S_OK;
}

void provider_logoff(struct provider_logon *logon)
{
    struct session *session = logon->session;
    IUnknown *provider_logon;
    ULONG flags = 0, i;

    EnterCriticalSection(&session->cs);
    if (logon->closing)
    {
        LeaveCriticalSection(&session->cs);
        return;
    }
    logon->closing = TRUE;
    provider_logon = logon->logon;
    LeaveCriticalSection(&session->cs);

    TRACE("logging off %s\n", debugstr_w(logon->info.display_name));
    if (provider_logon)
    {
        switch (logon->info.resource_type)
        {
        case MAPI_STORE_PROVIDER: IMSLogon_Logoff((IMSLogon *)provider_logon, &flags); break;
        case MAPI_AB_PROVIDER: IABLogon_Logoff((IABLogon *)provider_logon, 0); break;
        case MAPI_TRANSPORT_PROVIDER: IXPLogon_TransportLogoff((IXPLogon *)provider_logon, 0); break;
        }
        provider_logon->lpVtbl->Release(provider_logon);
    }
    if (logon->info.resource_type == MAPI_STORE_PROVIDER) session_forget_open_store(logon);
    status_remove_row(session, logon->status_row);

    EnterCriticalSection(&session->cs);
    logon->logon = NULL;
    list_remove(&logon->entry);
    if (logon->support) support_detach(logon->support);
    LeaveCriticalSection(&session->cs);

    for (i = 0; i < logon->address_type_count; i++) free(logon->address_types[i]);
    logon_free(logon);
}

/* The next logon of a kind that is not being logged off, or NULL. */
static struct provider_logon *next_logon(struct session *session, ULONG resource_type)
{
    struct provider_logon *logon, *ret = NULL;

    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
    {
        if (logon->closing || logon->info.resource_type != resource_type) continue;
        ret = logon;
        break;
    }
    LeaveCriticalSection(&session->cs);
    return ret;
}

void provider_unload_all(struct session *session)
{
    static const ULONG order[] = { MAPI_AB_PROVIDER, MAPI_STORE_PROVIDER, MAPI_TRANSPORT_PROVIDER };
    struct provider_logon *logon;
    struct provider_module *module;
    struct list *tail;
    ULONG flags, i;

    for (i = 0; i < ARRAY_SIZE(order); i++)
        while ((logon = next_logon(session, order[i]))) provider_logoff(logon);

    while ((tail = list_tail(&session->modules)))
    {
        module = LIST_ENTRY(tail, struct provider_module, entry);
        list_remove(&module->entry);
        TRACE("shutting down %s\n", debugstr_w(module->dll_name));
        flags = 0;
        switch (module->resource_type)
        {
        case MAPI_STORE_PROVIDER: IMSProvider_Shutdown((IMSProvider *)module->provider, &flags); break;
        case MAPI_AB_PROVIDER: IABProvider_Shutdown((IABProvider *)module->provider, &flags); break;
        case MAPI_TRANSPORT_PROVIDER: IXPProvider_Shutdown((IXPProvider *)module->provider, &flags); break;
        }
        module->provider->lpVtbl->Release(module->provider);
        FreeLibrary(module->module);
        free(module->dll_name);
        free(module);
    }
}
