/*
 * recms.dll: the sample message store (sqlms32.dll) with a recorder between
 * it and MAPI. The store's client logons get a support object whose
 * StoreLogoffTransports is watched: what the store passed and what MAPI
 * answered go to the control block of ctlxp.h, so that a test sees the
 * outcome of a store's last Release, which a program otherwise never sees.
 * Everything else is the store's own.
 */

#include <stdarg.h>
#include <stdio.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapix.h"
#include "mapispi.h"
#include "ctlxp.h"

typedef HRESULT (__cdecl *ms_init)(HINSTANCE, LPMALLOC, LPALLOCATEBUFFER, LPALLOCATEMORE, LPFREEBUFFER, ULONG, ULONG,
                                   ULONG *, LPMSPROVIDER *);
typedef HRESULT (WINAPI *service_entry)(HINSTANCE, LPMALLOC, LPMAPISUP, ULONG_PTR, ULONG, ULONG, ULONG, LPSPropValue,
                                        LPPROVIDERADMIN, LPMAPIERROR *);

struct provider
{
    IMSProvider IMSProvider_iface;
    LONG ref;
    IMSProvider *inner;
};

static HMODULE sqlms;
static IMAPISupportVtbl recorder_vtbl;
static const IMAPISupportVtbl *support_vtbl;

static HMODULE load_sqlms(void)
{
    if (!sqlms) sqlms = LoadLibraryA("sqlms32.dll");
    return sqlms;
}

static HRESULT WINAPI recorder_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    char name[MAX_PATH], event_name[MAX_PATH + 16];
    struct ctlxp_control *control = NULL;
    HANDLE mapping = NULL, event;
    ULONG in = flags ? *flags : 0;
    HRESULT hr;

    hr = support_vtbl->StoreLogoffTransports(iface, flags);
    if (GetEnvironmentVariableA("MAPI_CTLXP_NAME", name, sizeof(name)) &&
        (control = ctlxp_control_open(name, &mapping)))
    {
        control->slt_in = in;
        control->slt_out = flags ? *flags : 0;
        control->slt_hr = hr;
        InterlockedIncrement(&control->slt_calls);
        UnmapViewOfFile(control);
        snprintf(event_name, sizeof(event_name), "%s:slt-out", name);
        if ((event = CreateEventA(NULL, TRUE, FALSE, event_name)))
        {
            SetEvent(event);
            CloseHandle(event);
        }
    }
    if (mapping) CloseHandle(mapping);
    return hr;
}

static void watch(IMAPISupport *support)
{
    if (support->lpVtbl == &recorder_vtbl) return;
    if (!support_vtbl)
    {
        support_vtbl = support->lpVtbl;
        recorder_vtbl = *support_vtbl;
        recorder_vtbl.StoreLogoffTransports = recorder_StoreLogoffTransports;
    }
    support->lpVtbl = &recorder_vtbl;
}

static inline struct provider *impl_from_IMSProvider(IMSProvider *iface)
{
    return CONTAINING_RECORD(iface, struct provider, IMSProvider_iface);
}

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
    return InterlockedIncrement(&impl_from_IMSProvider(iface)->ref);
}

static ULONG WINAPI provider_Release(IMSProvider *iface)
{
    struct provider *provider = impl_from_IMSProvider(iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref)
    {
        IMSProvider_Release(provider->inner);
        HeapFree(GetProcessHeap(), 0, provider);
    }
    return ref;
}

static HRESULT WINAPI provider_Shutdown(IMSProvider *iface, ULONG *flags)
{
    return IMSProvider_Shutdown(impl_from_IMSProvider(iface)->inner, flags);
}

static HRESULT WINAPI provider_Logon(IMSProvider *iface, LPMAPISUP support, ULONG_PTR ui_param, LPSTR profile,
                                     ULONG size, LPENTRYID entryid, ULONG flags, LPCIID iid, ULONG *security_size,
                                     LPBYTE *security, LPMAPIERROR *error, LPMSLOGON *logon, LPMDB *mdb)
{
    if (support) watch(support);
    return IMSProvider_Logon(impl_from_IMSProvider(iface)->inner, support, ui_param, profile, size, entryid, flags,
                             iid, security_size, security, error, logon, mdb);
}

static HRESULT WINAPI provider_SpoolerLogon(IMSProvider *iface, LPMAPISUP support, ULONG_PTR ui_param,
                                            LPSTR profile, ULONG size, LPENTRYID entryid, ULONG flags, LPCIID iid,
                                            ULONG security_size, LPBYTE security, LPMAPIERROR *error,
                                            LPMSLOGON *logon, LPMDB *mdb)
{
    return IMSProvider_SpoolerLogon(impl_from_IMSProvider(iface)->inner, support, ui_param, profile, size, entryid,
                                    flags, iid, security_size, security, error, logon, mdb);
}

static HRESULT WINAPI provider_CompareStoreIDs(IMSProvider *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                               LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    return IMSProvider_CompareStoreIDs(impl_from_IMSProvider(iface)->inner, size1, entryid1, size2, entryid2, flags,
                                       result);
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

HRESULT __cdecl MSProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate, LPALLOCATEMORE more,
                               LPFREEBUFFER free, ULONG flags, ULONG mapi_version, ULONG *provider_version,
                               LPMSPROVIDER *ms_provider)
{
    struct provider *provider;
    ms_init init;
    HRESULT hr;

    if (!load_sqlms() || !(init = (ms_init)GetProcAddress(sqlms, "MSProviderInit"))) return MAPI_E_CALL_FAILED;
    if (!(provider = HeapAlloc(GetProcessHeap(), 0, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = init(sqlms, malloc, allocate, more, free, flags, mapi_version, provider_version,
                         &provider->inner)))
    {
        HeapFree(GetProcessHeap(), 0, provider);
        return hr;
    }
    provider->IMSProvider_iface.lpVtbl = &provider_vtbl;
    provider->ref = 1;
    *ms_provider = &provider->IMSProvider_iface;
    return S_OK;
}

HRESULT WINAPI RecServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG_PTR ui_param,
                               ULONG flags, ULONG context, ULONG count, LPSPropValue props, LPPROVIDERADMIN admin,
                               LPMAPIERROR *error)
{
    service_entry entry;

    if (!load_sqlms() || !(entry = (service_entry)GetProcAddress(sqlms, "SQLMSServiceEntry")))
        return MAPI_E_CALL_FAILED;
    return entry(sqlms, malloc, support, ui_param, flags, context, count, props, admin, error);
}
