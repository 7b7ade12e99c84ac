/*
 * testxp.dll: a transport provider for the tests. It logs every call it
 * receives (testprov.h), handles the address types TEST and SMTP, registers
 * one message option and one recipient option for TEST, updates its status
 * row at logon and gives its support object back at logoff. OpenStatusEntry
 * opens teststatus.h's status object.
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

struct logon
{
    IXPLogon IXPLogon_iface;
    LONG ref;
    IMAPISupport *support;
};

struct provider
{
    IXPProvider IXPProvider_iface;
    LONG ref;
};

static inline struct logon *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct logon, IXPLogon_iface);
}

static HRESULT WINAPI logon_QueryInterface(IXPLogon *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IXPLogon))
    {
        *obj = iface;
        IXPLogon_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI logon_AddRef(IXPLogon *iface)
{
    return InterlockedIncrement(&impl_from_IXPLogon(iface)->ref);
}

static ULONG WINAPI logon_Release(IXPLogon *iface)
{
    struct logon *logon = impl_from_IXPLogon(iface);
    ULONG ref = InterlockedDecrement(&logon->ref);

    if (!ref)
    {
        test_log("xp:IXPLogon::Release");
        if (logon->support) IMAPISupport_Release(logon->support);
        HeapFree(GetProcessHeap(), 0, logon);
    }
    return ref;
}

static LPSTR address_types[] = { (LPSTR)"TEST", (LPSTR)"SMTP" };

static HRESULT WINAPI logon_AddressTypes(IXPLogon *iface, ULONG *flags, ULONG *type_count, LPSTR **types,
                                         ULONG *uid_count, LPMAPIUID **uids)
{
    test_log("xp:AddressTypes");
    *flags = 0;
    *type_count = 2;
    *types = address_types;
    *uid_count = 0;
    *uids = NULL;
    return S_OK;
}

/* One message option and one recipient option for TEST addresses, as a transport of MAPI 1.0 would
 * register them; the strings are ANSI. The memory is ours until TransportLogoff: static here. */
static SPropValue message_option_props[] =
{
    { PR_PRIORITY, 0, { .l = 1 /* PRIO_URGENT */ } },
    { PROP_TAG(PT_STRING8, 0x6601), 0, { .lpszA = (char *)"via testxp" } },
};
static SPropValue recipient_option_props[] =
{
    { PROP_TAG(PT_BOOLEAN, 0x6602), 0, { .b = TRUE } },
};
static BYTE option_data[] = { 'o', 'p', 't' };
static OPTIONDATA options_registered[] =
{
    { OPTION_TYPE_MESSAGE, NULL, (LPSTR)"TEST", (LPSTR)"testxp.dll", 7, sizeof(option_data), option_data,
      sizeof(message_option_props) / sizeof(message_option_props[0]), message_option_props },
    { OPTION_TYPE_RECIPIENT, NULL, (LPSTR)"TEST", (LPSTR)"testxp.dll", 8, 0, NULL,
      sizeof(recipient_option_props) / sizeof(recipient_option_props[0]), recipient_option_props },
};

static HRESULT WINAPI logon_RegisterOptions(IXPLogon *iface, ULONG *flags, ULONG *count, LPOPTIONDATA *options)
{
    /* MAPI_TEST_XP_OPTIONS_FAIL: what RegisterOptions answers instead, which logs the transport off. */
    HRESULT hr = test_setting("MAPI_TEST_XP_OPTIONS_FAIL", S_OK);

    test_log("xp:RegisterOptions hr=%#lx", hr);
    *flags = 0;
    *count = sizeof(options_registered) / sizeof(options_registered[0]);
    *options = options_registered;
    return hr;
}

static HRESULT WINAPI logon_TransportNotify(IXPLogon *iface, ULONG *flags, LPVOID *data)
{
    test_log("xp:TransportNotify flags=%#lx", *flags);
    return S_OK;
}

static HRESULT WINAPI logon_Idle(IXPLogon *iface, ULONG flags)
{
    test_log("xp:Idle");
    return S_OK;
}

static HRESULT WINAPI logon_TransportLogoff(IXPLogon *iface, ULONG flags)
{
    struct logon *logon = impl_from_IXPLogon(iface);

    test_log("xp:TransportLogoff flags=%#lx", flags);
    if (logon->support)
    {
        test_status_invalidate(logon, logon->support);
        IMAPISupport_Release(logon->support);
        logon->support = NULL;
    }
    return S_OK;
}

static HRESULT WINAPI logon_SubmitMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message, ULONG *ref,
                                          ULONG *return_parm)
{
    test_log("xp:SubmitMessage");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_EndMessage(IXPLogon *iface, ULONG ref, ULONG *flags)
{
    test_log("xp:EndMessage");
    return S_OK;
}

static HRESULT WINAPI logon_Poll(IXPLogon *iface, ULONG *incoming)
{
    test_log("xp:Poll");
    *incoming = 0;
    return S_OK;
}

static HRESULT WINAPI logon_StartMessage(IXPLogon *iface, ULONG flags, LPMESSAGE message, ULONG *ref)
{
    test_log("xp:StartMessage");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_OpenStatusEntry(IXPLogon *iface, LPCIID iid, ULONG flags, ULONG *type,
                                            LPMAPISTATUS *entry)
{
    return test_open_status(impl_from_IXPLogon(iface), "xp", MAPI_TRANSPORT_PROVIDER, "Test Transport", iid, flags, type, (void **)entry);
}

static HRESULT WINAPI logon_ValidateState(IXPLogon *iface, ULONG_PTR ui_param, ULONG flags)
{
    test_log("xp:ValidateState flags=%#lx", flags);
    return S_OK;
}

static HRESULT WINAPI logon_FlushQueues(IXPLogon *iface, ULONG_PTR ui_param, ULONG size, LPENTRYID target,
                                        ULONG flags)
{
    test_log("xp:FlushQueues flags=%#lx", flags);
    return S_OK;
}

static IXPLogonVtbl logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_AddressTypes,
    logon_RegisterOptions,
    logon_TransportNotify,
    logon_Idle,
    logon_TransportLogoff,
    logon_SubmitMessage,
    logon_EndMessage,
    logon_Poll,
    logon_StartMessage,
    logon_OpenStatusEntry,
    logon_ValidateState,
    logon_FlushQueues,
};

static HRESULT WINAPI provider_QueryInterface(IXPProvider *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IXPProvider))
    {
        *obj = iface;
        IXPProvider_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI provider_AddRef(IXPProvider *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct provider, IXPProvider_iface)->ref);
}

static ULONG WINAPI provider_Release(IXPProvider *iface)
{
    struct provider *provider = CONTAINING_RECORD(iface, struct provider, IXPProvider_iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref)
    {
        test_log("xp:IXPProvider::Release");
        HeapFree(GetProcessHeap(), 0, provider);
    }
    return ref;
}

static HRESULT WINAPI provider_Shutdown(IXPProvider *iface, ULONG *flags)
{
    test_log("xp:Shutdown");
    return S_OK;
}

static HRESULT WINAPI provider_TransportLogon(IXPProvider *iface, LPMAPISUP support, ULONG_PTR ui_param,
                                              LPSTR profile, ULONG *flags, LPMAPIERROR *error, LPXPLOGON *xp_logon)
{
    SPropValue status[3];
    struct logon *logon;
    HRESULT hr;

    test_log("xp:TransportLogon profile=%s flags=%#lx", profile, *flags);
    *error = NULL;
    if (!(logon = HeapAlloc(GetProcessHeap(), 0, sizeof(*logon)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    logon->IXPLogon_iface.lpVtbl = &logon_vtbl;
    logon->ref = 1;
    logon->support = support;
    IMAPISupport_AddRef(support);

    status[0].ulPropTag = PR_STATUS_STRING_A;
    status[0].Value.lpszA = (char *)"Test transport ready";
    status[1].ulPropTag = PR_RESOURCE_METHODS;
    status[1].Value.l = STATUS_FLUSH_QUEUES;
    status[2].ulPropTag = PR_IDENTITY_DISPLAY_A;
    status[2].Value.lpszA = (char *)"Test User";
    hr = IMAPISupport_ModifyStatusRow(support, 3, status, STATUSROW_UPDATE);
    test_log("xp:ModifyStatusRow hr=%#lx", hr);

    *flags = LOGON_SP_IDLE;
    *xp_logon = &logon->IXPLogon_iface;
    return S_OK;
}

static IXPProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_TransportLogon,
};

HRESULT __cdecl XPProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate,
                               LPALLOCATEMORE more, LPFREEBUFFER free, ULONG flags, ULONG mapi_version,
                               ULONG *provider_version, LPXPPROVIDER *xp_provider)
{
    struct provider *provider;

    test_log("xp:XPProviderInit flags=%#lx version=%#lx", flags, mapi_version);
    *provider_version = CURRENT_SPI_VERSION;
    if (!(provider = HeapAlloc(GetProcessHeap(), 0, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IXPProvider_iface.lpVtbl = &provider_vtbl;
    provider->ref = 1;
    *xp_provider = &provider->IXPProvider_iface;
    return S_OK;
}

HRESULT WINAPI TestTransportServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support,
                                         ULONG_PTR ui_param, ULONG flags, ULONG context, ULONG count,
                                         LPSPropValue props, LPPROVIDERADMIN admin, LPMAPIERROR *error)
{
    test_log("xp:ServiceEntry context=%lu", context);
    if (error) *error = NULL;
    return S_OK;
}
