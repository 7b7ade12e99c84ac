/*
 * The sample SMTP transport provider: its entry points (XPProviderInit and
 * the SMTPXP service entry), IXPProvider, and its configuration.
 */

#include <stdarg.h>

#include "winsock2.h"
#include "windef.h"
#include "winbase.h"
#include "objbase.h"

/* a provider DLL defines the interface identifiers it uses */
#include "initguid.h"
#include "mapiguid.h"

#include "smtpxp_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(smtpxp);

HINSTANCE smtpxp_instance;

#define DEFAULT_PORT          25
#define DEFAULT_POLL_INTERVAL 10000
#define DEFAULT_RETRY_INTERVAL 60

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("(%p,%lu,%p)\n", instance, reason, reserved);

    if (reason == DLL_PROCESS_ATTACH)
    {
        WSADATA data;
        smtpxp_instance = instance;
        DisableThreadLibraryCalls(instance);
        if (WSAStartup(MAKEWORD(2, 2), &data)) ERR("no Winsock\n");
    }
    else if (reason == DLL_PROCESS_DETACH && !reserved) WSACleanup();
    return TRUE;
}

/*** configuration ***/

static const SizedSPropTagArray(6, config_tags) =
{
    6, { PR_SMTPXP_SERVER, PR_SMTPXP_PORT, PR_SMTPXP_SENDER, PR_SMTPXP_MAILDIR, PR_SMTPXP_POLL_INTERVAL,
         PR_SMTPXP_RETRY_INTERVAL }
};

/* Fills what config lacks from a profile section's properties. */
static void take_config(IProfSect *section, struct smtpxp_config *config)
{
    SPropValue *props = NULL;
    ULONG count;

    if (FAILED(IProfSect_GetProps(section, (SPropTagArray *)&config_tags, 0, &count, &props))) return;
    if (!config->server && props[0].ulPropTag == PR_SMTPXP_SERVER && *props[0].Value.lpszW)
        config->server = strdup_utf8(props[0].Value.lpszW);
    if (!config->port && props[1].ulPropTag == PR_SMTPXP_PORT && props[1].Value.l > 0 && props[1].Value.l < 65536)
        config->port = props[1].Value.l;
    if (!config->sender && props[2].ulPropTag == PR_SMTPXP_SENDER && *props[2].Value.lpszW)
        config->sender = strdup_utf8(props[2].Value.lpszW);
    if (!config->maildir && props[3].ulPropTag == PR_SMTPXP_MAILDIR && *props[3].Value.lpszW)
        config->maildir = _wcsdup(props[3].Value.lpszW);
    if (!config->poll_interval && props[4].ulPropTag == PR_SMTPXP_POLL_INTERVAL && props[4].Value.l > 0)
        config->poll_interval = props[4].Value.l;
    if (!config->retry_interval && props[5].ulPropTag == PR_SMTPXP_RETRY_INTERVAL && props[5].Value.l > 0)
        config->retry_interval = props[5].Value.l;
    MAPIFreeBuffer(props);
}

static void free_config_values(struct smtpxp_config *config)
{
    free(config->server);
    free(config->sender);
    free(config->maildir);
    memset(config, 0, sizeof(*config));
}

/* The transport's own profile section, then its service's for what that lacks: a new snapshot. */
HRESULT smtpxp_read_config(IMAPISupport *support, struct smtpxp_config **out)
{
    SizedSPropTagArray(1, service_tag) = { 1, { PR_SERVICE_UID } };
    struct smtpxp_config *config;
    IProfSect *section;
    SPropValue *uid = NULL;
    ULONG count;
    HRESULT hr;

    *out = NULL;
    hr = IMAPISupport_OpenProfileSection(support, NULL, 0, &section);
    if (FAILED(hr))
    {
        WARN("no profile section: %#lx\n", hr);
        return hr;
    }
    if (!(config = calloc(1, sizeof(*config))))
    {
        IProfSect_Release(section);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    config->ref = 1;
    take_config(section, config);
    if (SUCCEEDED(IProfSect_GetProps(section, (SPropTagArray *)&service_tag, 0, &count, &uid)) &&
        uid->ulPropTag == PR_SERVICE_UID && uid->Value.bin.cb == sizeof(MAPIUID))
    {
        IProfSect *service;
        if (SUCCEEDED(IMAPISupport_OpenProfileSection(support, (MAPIUID *)uid->Value.bin.lpb, 0, &service)))
        {
            take_config(service, config);
            IProfSect_Release(service);
        }
    }
    MAPIFreeBuffer(uid);
    IProfSect_Release(section);

    if (!config->port) config->port = DEFAULT_PORT;
    if (!config->poll_interval) config->poll_interval = DEFAULT_POLL_INTERVAL;
    if (!config->retry_interval) config->retry_interval = DEFAULT_RETRY_INTERVAL;
    if ((!config->server || !config->sender) && !config->maildir)
    {
        WARN("neither a server and sender nor a Maildir configured\n");
        smtpxp_config_release(config);
        return MAPI_E_UNCONFIGURED;
    }
    TRACE("%p: server %s:%u sender %s maildir %s every %lu ms, retry after %lu s\n", config,
          debugstr_a(config->server), config->port, debugstr_a(config->sender), debugstr_w(config->maildir),
          config->poll_interval, config->retry_interval);
    *out = config;
    return S_OK;
}

struct smtpxp_config *smtpxp_config_addref(struct smtpxp_config *config)
{
    InterlockedIncrement(&config->ref);
    return config;
}

void smtpxp_config_release(struct smtpxp_config *config)
{
    if (!config || InterlockedDecrement(&config->ref)) return;
    free_config_values(config);
    free(config);
}

/*** IXPProvider ***/

static inline struct xp_provider *impl_from_IXPProvider(IXPProvider *iface)
{
    return CONTAINING_RECORD(iface, struct xp_provider, IXPProvider_iface);
}

static HRESULT WINAPI IXPProvider_fnQueryInterface(IXPProvider *iface, REFIID riid, void **out)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IXPProvider))
    {
        *out = iface;
        IXPProvider_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI IXPProvider_fnAddRef(IXPProvider *iface)
{
    struct xp_provider *This = impl_from_IXPProvider(iface);
    ULONG ref = InterlockedIncrement(&This->ref);
    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI IXPProvider_fnRelease(IXPProvider *iface)
{
    struct xp_provider *This = impl_from_IXPProvider(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref) free(This);
    return ref;
}

/**************************************************************************
 *  IXPProvider_Shutdown
 *
 * NOTES
 *  Logons the spooler still holds keep working until it logs them off.
 */
static HRESULT WINAPI IXPProvider_fnShutdown(IXPProvider *iface, ULONG *flags)
{
    struct xp_provider *This = impl_from_IXPProvider(iface);

    TRACE("(%p,%p)\n", iface, flags);

    InterlockedExchange(&This->shut_down, TRUE);
    return S_OK;
}

/**************************************************************************
 *  IXPProvider_TransportLogon
 *
 * Logs the spooler on to the transport: reads the configuration of the
 * profile section and opens the Maildir. No connection is made yet.
 *
 * RETURNS
 *  MAPI_E_UNCONFIGURED when the profile holds neither a server and sender
 *  nor a Maildir; MAPI_E_UNKNOWN_FLAGS, MAPI_E_INVALID_PARAMETER.
 */
static HRESULT WINAPI IXPProvider_fnTransportLogon(IXPProvider *iface, IMAPISupport *support, ULONG_PTR ui_param,
                                                   WINE_LPTSTR profile_name, ULONG *flags, MAPIERROR **error,
                                                   IXPLogon **logon)
{
    struct xp_provider *This = impl_from_IXPProvider(iface);
    struct smtpxp_config *config;
    HRESULT hr;

    TRACE("(%p,%p,%#Ix,%p,%p,%p,%p)\n", iface, support, ui_param, profile_name, flags, error, logon);

    if (!support || !flags || !logon) return MAPI_E_INVALID_PARAMETER;
    if (error) *error = NULL;
    *logon = NULL;
    if (*flags & ~(LOGON_NO_DIALOG | LOGON_NO_CONNECT | LOGON_NO_INBOUND | LOGON_NO_OUTBOUND | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", *flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (This->shut_down) return MAPI_E_CALL_FAILED;

    if (FAILED(hr = smtpxp_read_config(support, &config))) return hr;
    hr = xp_logon_create(This, support, *flags, config, logon, flags);
    smtpxp_config_release(config);
    return hr;
}

static const IXPProviderVtbl xp_provider_vtbl =
{
    IXPProvider_fnQueryInterface,
    IXPProvider_fnAddRef,
    IXPProvider_fnRelease,
    IXPProvider_fnShutdown,
    IXPProvider_fnTransportLogon,
};

/**************************************************************************
 *  XPProviderInit (SMTPXP32.@)
 *
 * The entry point MAPI's spooler calls to get the transport provider.
 *
 * PARAMS
 *  instance        [I] This DLL.
 *  malloc          [I] MAPI's IMalloc.
 *  allocate_buffer [I] MAPIAllocateBuffer, for what the transport hands MAPI.
 *  allocate_more   [I] MAPIAllocateMore.
 *  free_buffer     [I] MAPIFreeBuffer.
 *  flags           [I] 0 (MAPI_NT_SERVICE is not supported).
 *  mapi_version    [I] The SPI version of MAPI.
 *  provider_version[O] Ours: CURRENT_SPI_VERSION.
 *  provider        [O] The IXPProvider.
 *
 * RETURNS
 *  S_OK; MAPI_E_VERSION when MAPI's SPI is older than ours,
 *  MAPI_E_INVALID_PARAMETER, MAPI_E_UNKNOWN_FLAGS, MAPI_E_NOT_ENOUGH_MEMORY.
 */
HRESULT __cdecl XPProviderInit(HINSTANCE instance, IMalloc *malloc_, LPALLOCATEBUFFER allocate_buffer,
                               LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, ULONG flags,
                               ULONG mapi_version, ULONG *provider_version, IXPProvider **provider)
{
    struct xp_provider *This;

    TRACE("(%p,%p,%p,%p,%p,%#lx,%#lx,%p,%p)\n", instance, malloc_, allocate_buffer, allocate_more,
          free_buffer, flags, mapi_version, provider_version, provider);

    if (!provider_version || !provider || !allocate_buffer || !allocate_more || !free_buffer)
        return MAPI_E_INVALID_PARAMETER;
    *provider = NULL;
    *provider_version = CURRENT_SPI_VERSION;
    if (flags)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (mapi_version < CURRENT_SPI_VERSION)
    {
        WARN("MAPI's SPI %#lx is older than ours\n", mapi_version);
        return MAPI_E_VERSION;
    }
    if (!(This = calloc(1, sizeof(*This)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    This->IXPProvider_iface.lpVtbl = &xp_provider_vtbl;
    This->ref = 1;
    This->allocate_buffer = allocate_buffer;
    This->allocate_more = allocate_more;
    This->free_buffer = free_buffer;
    *provider = &This->IXPProvider_iface;
    return S_OK;
}

/**************************************************************************
 *  SMTPXP_ServiceEntry (SMTPXP32.@)
 *
 * The SMTPXP message service's entry point: configures the service.
 *
 * PARAMS
 *  instance       [I] This DLL.
 *  malloc         [I] MAPI's IMalloc.
 *  support        [I] Support object of the service.
 *  ui_param       [I] Parent window (no dialog is ever shown).
 *  flags          [I] SERVICE_UI_ALWAYS, SERVICE_UI_ALLOWED, MSG_SERVICE_UI_READ_ONLY, MAPI_UNICODE.
 *  context        [I] MSG_SERVICE_*.
 *  count, props   [I] Configuration properties (PR_SMTPXP_*), for CREATE and CONFIGURE.
 *  provider_admin [I] The service's providers.
 *  error          [O] Extended error; always NULL.
 *
 * RETURNS
 *  S_OK; MAPI_E_NO_SUPPORT when a dialog is demanded (SERVICE_UI_ALWAYS);
 *  MAPI_E_UNCONFIGURED when a configuration would lack both a server and
 *  sender and a Maildir; MAPI_E_INVALID_PARAMETER for a property of the wrong
 *  type. MSG_SERVICE_CREATE without them succeeds: as the reference pages say
 *  of a service created without UI, it stays unconfigured (TransportLogon
 *  answers MAPI_E_UNCONFIGURED) until ConfigureMsgService.
 */
HRESULT WINAPI SMTPXP_ServiceEntry(HINSTANCE instance, IMalloc *malloc_, IMAPISupport *support, ULONG_PTR ui_param,
                                   ULONG flags, ULONG context, ULONG count, SPropValue *props,
                                   IProviderAdmin *provider_admin, MAPIERROR **error)
{
    IProfSect *section;
    HRESULT hr;
    ULONG i;

    TRACE("(%p,%p,%p,%#Ix,%#lx,%lu,%lu,%p,%p,%p)\n", instance, malloc_, support, ui_param, flags, context,
          count, props, provider_admin, error);

    if (error) *error = NULL;
    if (!support) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED | MSG_SERVICE_UI_READ_ONLY | MAPI_UNICODE |
                  SERVICE_LOGON_FAILED))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    switch (context)
    {
    case MSG_SERVICE_INSTALL:
    case MSG_SERVICE_UNINSTALL:
    case MSG_SERVICE_DELETE:
    case MSG_SERVICE_PROVIDER_CREATE:
    case MSG_SERVICE_PROVIDER_DELETE:
        return S_OK;
    case MSG_SERVICE_CREATE:
    case MSG_SERVICE_CONFIGURE:
        break;
    default:
        WARN("unknown context %lu\n", context);
        return MAPI_E_NO_SUPPORT;
    }

    if (flags & SERVICE_UI_ALWAYS)
    {
        FIXME("no configuration dialog\n");
        return MAPI_E_NO_SUPPORT;
    }
    if (count && !props) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        ULONG id = PROP_ID(props[i].ulPropTag);
        if (id >= PROP_ID(PR_SMTPXP_SERVER) && id <= PROP_ID(PR_SMTPXP_RETRY_INTERVAL) &&
            props[i].ulPropTag != config_tags.aulPropTag[id - PROP_ID(PR_SMTPXP_SERVER)])
        {
            WARN("property %#lx has the wrong type\n", props[i].ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
    }

    hr = IMAPISupport_OpenProfileSection(support, NULL, MAPI_MODIFY, &section);
    if (FAILED(hr)) return hr;
    if (count) hr = IProfSect_SetProps(section, count, props, NULL);
    if (SUCCEEDED(hr))
    {
        struct smtpxp_config config;
        memset(&config, 0, sizeof(config));
        take_config(section, &config);
        /* A new service may stay unconfigured until ConfigureMsgService: its logon says so then. */
        if ((!config.server || !config.sender) && !config.maildir)
        {
            if (context == MSG_SERVICE_CREATE) TRACE("created unconfigured\n");
            else hr = MAPI_E_UNCONFIGURED;
        }
        free_config_values(&config);
    }
    if (SUCCEEDED(hr)) hr = IProfSect_SaveChanges(section, KEEP_OPEN_READWRITE);
    IProfSect_Release(section);
    return hr;
}
