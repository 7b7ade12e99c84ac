/*
 * testab.dll: an address book provider for the tests. It logs every call it
 * receives (testprov.h), registers its provider UID, opens one recipient
 * (object 1 of its entry IDs: 4 flag bytes, its UID, a 4-byte number), and
 * has one one-off template. OpenStatusEntry opens teststatus.h's status object.
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
#include "mapitable.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapispi.h"
#include "mapiab.h"
#include "testprov.h"
#include "teststatus.h"

static const MAPIUID testab_uid = {{ 'T','e','s','t','A','d','d','r','e','s','s','B','o','o','k','!' }};

struct testab_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG object;
};

static LPALLOCATEBUFFER allocate_buffer;
static LPALLOCATEMORE allocate_more;
static LPFREEBUFFER free_buffer;
static IMAPISupport *last_support;

struct logon
{
    IABLogon IABLogon_iface;
    LONG ref;
    IMAPISupport *support;
};

struct provider
{
    IABProvider IABProvider_iface;
    LONG ref;
};

static inline struct logon *impl_from_IABLogon(IABLogon *iface)
{
    return CONTAINING_RECORD(iface, struct logon, IABLogon_iface);
}

static HRESULT WINAPI logon_QueryInterface(IABLogon *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IABLogon))
    {
        *obj = iface;
        IABLogon_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI logon_AddRef(IABLogon *iface)
{
    return InterlockedIncrement(&impl_from_IABLogon(iface)->ref);
}

static ULONG WINAPI logon_Release(IABLogon *iface)
{
    struct logon *logon = impl_from_IABLogon(iface);
    ULONG ref = InterlockedDecrement(&logon->ref);

    if (!ref)
    {
        test_log("ab:IABLogon::Release");
        if (logon->support) IMAPISupport_Release(logon->support);
        HeapFree(GetProcessHeap(), 0, logon);
    }
    return ref;
}

static HRESULT WINAPI logon_GetLastError(IABLogon *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI logon_Logoff(IABLogon *iface, ULONG flags)
{
    struct logon *logon = impl_from_IABLogon(iface);

    test_log("ab:Logoff");
    if (logon->support)
    {
        IMAPISupport_Release(logon->support);
        logon->support = NULL;
    }
    return S_OK;
}

/* Object 1 is a recipient, kept in an IPropData. */
static HRESULT WINAPI logon_OpenEntry(IABLogon *iface, ULONG size, LPENTRYID entryid, LPCIID iid, ULONG flags,
                                      ULONG *type, LPUNKNOWN *object)
{
    const struct testab_entryid *id = (const struct testab_entryid *)entryid;
    SPropValue props[4];
    IPropData *user;
    HRESULT hr;

    test_log("ab:OpenEntry size=%lu", size);
    if (size != sizeof(*id) || memcmp(&id->uid, &testab_uid, sizeof(MAPIUID))) return MAPI_E_INVALID_ENTRYID;
    if (id->object != 1) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, allocate_buffer, allocate_more, free_buffer, NULL, &user)))
        return hr;
    props[0].ulPropTag = PR_DISPLAY_NAME_A;
    props[0].Value.lpszA = (char *)"AB User";
    props[1].ulPropTag = PR_ADDRTYPE_A;
    props[1].Value.lpszA = (char *)"TEST";
    props[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    props[2].Value.lpszA = (char *)"ab-user";
    props[3].ulPropTag = PR_ENTRYID;
    props[3].Value.bin.cb = size;
    props[3].Value.bin.lpb = (BYTE *)entryid;
    IPropData_SetProps(user, 4, props, NULL);
    *type = MAPI_MAILUSER;
    *object = (IUnknown *)user;
    return S_OK;
}

static HRESULT WINAPI logon_CompareEntryIDs(IABLogon *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                            LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    test_log("ab:CompareEntryIDs");
    *result = size1 == size2 && !memcmp(entryid1, entryid2, size1);
    return S_OK;
}

static HRESULT WINAPI logon_Advise(IABLogon *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                   LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    test_log("ab:Advise");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_Unadvise(IABLogon *iface, ULONG_PTR connection)
{
    test_log("ab:Unadvise");
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI logon_OpenStatusEntry(IABLogon *iface, LPCIID iid, ULONG flags, ULONG *type,
                                            LPMAPISTATUS *entry)
{
    return test_open_status("ab", MAPI_AB_PROVIDER, "Test Address Book", iid, flags, type, (void **)entry);
}

static HRESULT WINAPI logon_OpenTemplateID(IABLogon *iface, ULONG size, LPENTRYID template_id, ULONG flags,
                                           LPMAPIPROP data, LPCIID iid, LPMAPIPROP *prop, LPMAPIPROP sibling)
{
    return MAPI_E_NO_SUPPORT;
}

/* One template: "Test address" of type TEST. */
static HRESULT WINAPI logon_GetOneOffTable(IABLogon *iface, ULONG flags, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(5, columns) =
        { 5, { PR_DISPLAY_NAME_W, PR_ENTRYID, PR_ADDRTYPE_W, PR_DISPLAY_TYPE, PR_INSTANCE_KEY } };
    struct testab_entryid id = { { 0 }, testab_uid, 100 };
    ULONG key = 1;
    ITableData *data;
    SPropValue props[5];
    SRow row;
    HRESULT hr;

    test_log("ab:GetOneOffTable");
    if (FAILED(hr = CreateTable(&IID_IMAPITableData, allocate_buffer, allocate_more, free_buffer, NULL,
                                TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)&columns, &data)))
        return hr;
    props[0].ulPropTag = PR_DISPLAY_NAME_W;
    props[0].Value.lpszW = (WCHAR *)L"Test address";
    props[1].ulPropTag = PR_ENTRYID;
    props[1].Value.bin.cb = sizeof(id);
    props[1].Value.bin.lpb = (BYTE *)&id;
    props[2].ulPropTag = PR_ADDRTYPE_W;
    props[2].Value.lpszW = (WCHAR *)L"TEST";
    props[3].ulPropTag = PR_DISPLAY_TYPE;
    props[3].Value.l = DT_MAILUSER;
    props[4].ulPropTag = PR_INSTANCE_KEY;
    props[4].Value.bin.cb = sizeof(key);
    props[4].Value.bin.lpb = (BYTE *)&key;
    row.ulAdrEntryPad = 0;
    row.cValues = 5;
    row.lpProps = props;
    if (SUCCEEDED(hr = ITableData_HrModifyRow(data, &row)))
        hr = ITableData_HrGetView(data, NULL, NULL, 0, table);
    ITableData_Release(data);
    return hr;
}

static HRESULT WINAPI logon_PrepareRecips(IABLogon *iface, ULONG flags, LPSPropTagArray tags, LPADRLIST list)
{
    test_log("ab:PrepareRecips entries=%lu", list ? list->cEntries : 0);
    return S_OK;
}

static IABLogonVtbl logon_vtbl =
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
    logon_OpenTemplateID,
    logon_GetOneOffTable,
    logon_PrepareRecips,
};

static HRESULT WINAPI provider_QueryInterface(IABProvider *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IABProvider))
    {
        *obj = iface;
        IABProvider_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI provider_AddRef(IABProvider *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct provider, IABProvider_iface)->ref);
}

static ULONG WINAPI provider_Release(IABProvider *iface)
{
    struct provider *provider = CONTAINING_RECORD(iface, struct provider, IABProvider_iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref)
    {
        test_log("ab:IABProvider::Release");
        HeapFree(GetProcessHeap(), 0, provider);
    }
    return ref;
}

static HRESULT WINAPI provider_Shutdown(IABProvider *iface, ULONG *flags)
{
    test_log("ab:Shutdown");
    last_support = NULL;
    return S_OK;
}

static HRESULT WINAPI provider_Logon(IABProvider *iface, LPMAPISUP support, ULONG_PTR ui_param, LPSTR profile,
                                     ULONG flags, ULONG *security_size, LPBYTE *security, LPMAPIERROR *error,
                                     LPABLOGON *ab_logon)
{
    struct logon *logon;
    HRESULT hr;

    test_log("ab:Logon profile=%s flags=%#lx", profile, flags);
    *security_size = 0;
    *security = NULL;
    *error = NULL;
    if (FAILED(hr = IMAPISupport_SetProviderUID(support, (MAPIUID *)&testab_uid, 0))) return hr;
    if (!(logon = HeapAlloc(GetProcessHeap(), 0, sizeof(*logon)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    logon->IABLogon_iface.lpVtbl = &logon_vtbl;
    logon->ref = 1;
    logon->support = support;
    IMAPISupport_AddRef(support);
    last_support = support;
    *ab_logon = &logon->IABLogon_iface;
    return S_OK;
}

static IABProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_Logon,
};

HRESULT __cdecl ABProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate,
                               LPALLOCATEMORE more, LPFREEBUFFER free, ULONG flags, ULONG mapi_version,
                               ULONG *provider_version, LPABPROVIDER *ab_provider)
{
    struct provider *provider;

    test_log("ab:ABProviderInit flags=%#lx version=%#lx", flags, mapi_version);
    *provider_version = CURRENT_SPI_VERSION;
    allocate_buffer = allocate;
    allocate_more = more;
    free_buffer = free;
    if (!(provider = HeapAlloc(GetProcessHeap(), 0, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IABProvider_iface.lpVtbl = &provider_vtbl;
    provider->ref = 1;
    *ab_provider = &provider->IABProvider_iface;
    return S_OK;
}

HRESULT WINAPI TestABServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG_PTR ui_param,
                                  ULONG flags, ULONG context, ULONG count, LPSPropValue props,
                                  LPPROVIDERADMIN admin, LPMAPIERROR *error)
{
    test_log("ab:ServiceEntry context=%lu", context);
    if (error) *error = NULL;
    return S_OK;
}

/* For the tests: the support object of the last logon, or NULL. */
IMAPISupport * WINAPI testab_support(void)
{
    return last_support;
}
