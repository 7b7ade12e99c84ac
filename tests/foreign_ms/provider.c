/*
 * foreignms: MSProviderInit, IMSProvider and the message service's entry
 * point, whose configuration page is a display table (BuildDisplayTable,
 * from the dialog resource of foreignms.rc) that it reads without UI to know
 * what the service needs.
 */

/* The SDK's way to define the interface identifiers the store uses, once. */
#define USES_IID_IMSProvider
#define USES_IID_IMSLogon
#define USES_IID_IMsgStore
#define USES_IID_IMAPIProp
#define USES_IID_IMAPIContainer
#define USES_IID_IMAPIFolder
#define USES_IID_IMessage
#define USES_IID_IAttachment
#define USES_IID_IMAPITable
#define USES_IID_IMAPITableData
#include <initguid.h>
#include "fms.h"

/* PR_MDB_PROVIDER of the store, as mapisvc.inf gives it */
const MAPIUID fms_provider_uid = {{ 'F','O','R','E','I','G','N','M','S',' ','S','T','O','R','E','!' }};

HINSTANCE fms_instance;
LPALLOCATEBUFFER fms_alloc;
LPALLOCATEMORE fms_more;
LPFREEBUFFER fms_free;
LPMALLOC fms_malloc;

#define IDD_CONFIG      100
#define IDC_ROOT_LABEL  101
#define IDC_ROOT        102

struct provider
{
    IMSProvider IMSProvider_iface;
    LONG ref;
};

static inline struct provider *impl_from_IMSProvider(IMSProvider *iface)
{
    return CONTAINING_RECORD(iface, struct provider, IMSProvider_iface);
}

static HRESULT STDMETHODCALLTYPE provider_QueryInterface(IMSProvider *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMSProvider))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE provider_AddRef(IMSProvider *iface)
{
    return InterlockedIncrement(&impl_from_IMSProvider(iface)->ref);
}

static ULONG STDMETHODCALLTYPE provider_Release(IMSProvider *iface)
{
    struct provider *provider = impl_from_IMSProvider(iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref) free(provider);
    return ref;
}

static HRESULT STDMETHODCALLTYPE provider_Shutdown(IMSProvider *iface, ULONG *flags)
{
    Validate_IMSProvider_Shutdown(iface, flags);
    MAPIDeinitIdle();
    foreign_log("ms:Shutdown docfiles=%ld", fms_open_docfiles());
    return S_OK;
}

/* An error for the caller of Logon, in the memory MAPI frees. */
static void set_error(LPMAPIERROR *error, const char *text)
{
    MAPIERROR *err;
    char *copy;

    if (fms_alloc(sizeof(*err), (void **)&err)) return;
    memset(err, 0, sizeof(*err));
    err->ulVersion = MAPI_ERROR_VERSION;
    if (!fms_more(strlen(text) + 1, err, (void **)&copy))
    {
        strcpy(copy, text);
        err->lpszError = copy;
    }
    *error = err;
}

/* The store's configuration: the values of its own profile section, then
 * those of its service's section, kept in one block (ScCountProps,
 * ScCopyProps) for the logon's life. */
static HRESULT read_config(IMAPISupport *support, SPropValue **config)
{
    static const SizedSPropTagArray(5, tags) =
        { 5, { PR_FMS_ROOT, PR_FMS_IDLE_INTERVAL, PR_DISPLAY_NAME_A, PR_FMS_ANSI_ONLY, PR_SERVICE_UID } };
    SPropValue *own = NULL, *service = NULL, merged[FMS_CONFIG_COUNT];
    LPPROFSECT section;
    MAPIUID service_uid;
    ULONG count, size, i;
    HRESULT hr;
    SCODE sc;

    if (FAILED(hr = CALL(support, OpenProfileSection, NULL, 0, &section))) return hr;
    hr = CALL(section, GetProps, (SPropTagArray *)&tags, 0, &count, &own);
    CALL(section, Release);
    if (FAILED(hr)) return hr;
    if (own[4].ulPropTag == PR_SERVICE_UID && own[4].Value.bin.cb == sizeof(MAPIUID))
    {
        memcpy(&service_uid, own[4].Value.bin.lpb, sizeof(MAPIUID));
        if (SUCCEEDED(CALL(support, OpenProfileSection, &service_uid, 0, &section)))
        {
            if (FAILED(CALL(section, GetProps, (SPropTagArray *)&tags, 0, &count, &service))) service = NULL;
            CALL(section, Release);
        }
    }
    for (i = 0; i < FMS_CONFIG_COUNT; i++)
    {
        merged[i] = own[i];
        /* the display name is the provider's own */
        if (PROP_TYPE(own[i].ulPropTag) == PT_ERROR && service && i != FMS_CONFIG_DISPLAY_NAME)
            merged[i] = service[i];
    }
    if (merged[FMS_CONFIG_ROOT].ulPropTag != PR_FMS_ROOT) hr = MAPI_E_UNCONFIGURED;
    else
    {
        foreign_log("ms:root from the %s section", own[0].ulPropTag == PR_FMS_ROOT ? "provider's" : "service's");
        if (!(sc = ScCountProps(FMS_CONFIG_COUNT, merged, &size)) && !(sc = fms_alloc(size, (void **)config)))
            sc = ScCopyProps(FMS_CONFIG_COUNT, merged, *config, NULL);
        hr = sc;
    }
    fms_free(own);
    fms_free(service);
    return hr;
}

static HRESULT do_logon(IMSProvider *iface, LPMAPISUP support, ULONG size, LPENTRYID entryid, ULONG flags,
                        BOOL spooler, LPMAPIERROR *error, LPMSLOGON *ms_logon, LPMDB *mdb)
{
    struct fms_logon *logon;
    struct fms_entryid id;
    SPropValue *config;
    HRESULT hr;

    if (FAILED(hr = read_config(support, &config)))
    {
        set_error(error, "The folder of the foreign store is not configured.");
        return hr;
    }
    if (FAILED(hr = fms_logon_create(support, config, spooler, flags, &logon)))
    {
        set_error(error, "The foreign store could not be opened.");
        return hr;
    }
    /* An entry ID, when MAPI gives one, must be this store's. */
    if (size && (!fms_parse_entryid(logon->data, size, entryid, &id) || id.type != MAPI_STORE))
    {
        foreign_log("ms:Logon with another store's entry ID");
        CALL(&logon->store->IMsgStore_iface, Release);
        CALL(&logon->IMSLogon_iface, Release);
        return MAPI_E_UNKNOWN_ENTRYID;
    }
    *ms_logon = &logon->IMSLogon_iface;
    *mdb = &logon->store->IMsgStore_iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE provider_Logon(IMSProvider *iface, LPMAPISUP support, ULONG ui_param,
                                                LPTSTR profile, ULONG size, LPENTRYID entryid, ULONG flags,
                                                LPCIID iid, ULONG *security_size, LPBYTE *security,
                                                LPMAPIERROR *error, LPMSLOGON *ms_logon, LPMDB *mdb)
{
    HRESULT hr;

    Validate_IMSProvider_Logon(iface, support, ui_param, profile, size, entryid, flags, iid, security_size,
                               security, error, ms_logon, mdb);
    *security_size = 0;
    *security = NULL;
    *error = NULL;
    hr = do_logon(iface, support, size, entryid, flags, FALSE, error, ms_logon, mdb);
    foreign_log("ms:Logon profile=%s flags=%#lx entryid=%lu hr=%#lx", profile, flags, size, hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE provider_SpoolerLogon(IMSProvider *iface, LPMAPISUP support, ULONG ui_param,
                                                       LPTSTR profile, ULONG size, LPENTRYID entryid, ULONG flags,
                                                       LPCIID iid, ULONG security_size, LPBYTE security,
                                                       LPMAPIERROR *error, LPMSLOGON *ms_logon, LPMDB *mdb)
{
    HRESULT hr;

    Validate_IMSProvider_SpoolerLogon(iface, support, ui_param, profile, size, entryid, flags, iid, security_size,
                                      security, error, ms_logon, mdb);
    *error = NULL;
    hr = do_logon(iface, support, size, entryid, flags, TRUE, error, ms_logon, mdb);
    foreign_log("ms:SpoolerLogon flags=%#lx entryid=%lu hr=%#lx", flags, size, hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE provider_CompareStoreIDs(IMSProvider *iface, ULONG size1, LPENTRYID entryid1,
                                                          ULONG size2, LPENTRYID entryid2, ULONG flags,
                                                          ULONG *result)
{
    Validate_IMSProvider_CompareStoreIDs(iface, size1, entryid1, size2, entryid2, flags, result);
    if (size1 != sizeof(struct fms_entryid) || size2 != sizeof(struct fms_entryid)) return MAPI_E_INVALID_ENTRYID;
    *result = !memcmp(entryid1, entryid2, size1);
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

HRESULT __cdecl MSProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate, LPALLOCATEMORE more,
                               LPFREEBUFFER free_buffer, ULONG flags, ULONG mapi_version, ULONG *provider_version,
                               LPMSPROVIDER *ms_provider)
{
    struct provider *provider;

    foreign_log("ms:MSProviderInit version=%#lx", mapi_version);
    *provider_version = CURRENT_SPI_VERSION;
    if (mapi_version < PDK1_SPI_VERSION) return MAPI_E_VERSION;
    fms_instance = instance;
    fms_malloc = malloc;
    fms_alloc = allocate;
    fms_more = more;
    fms_free = free_buffer;
    if (!(provider = calloc(1, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    /* The idle engine runs the store's look at the disk. */
    if (MAPIInitIdle(NULL))
    {
        free(provider);
        return MAPI_E_CALL_FAILED;
    }
    provider->IMSProvider_iface.lpVtbl = (IMSProviderVtbl *)&provider_vtbl;
    provider->ref = 1;
    *ms_provider = &provider->IMSProvider_iface;
    return S_OK;
}

/* The configuration page: a label and the folder of the store, which is required. */
static DTBLPAGE config_page = { sizeof(DTBLPAGE), 0, 0, 0 };
static DTBLLABEL root_label = { sizeof(DTBLLABEL), 0 };
static DTBLEDIT root_edit = { sizeof(DTBLEDIT), 0, MAX_PATH, PR_FMS_ROOT };
static DTCTL config_controls[] =
{
    { DTCT_PAGE, 0, NULL, 0, NULL, 0, { &config_page } },
    { DTCT_LABEL, 0, NULL, 0, NULL, IDC_ROOT_LABEL, { &root_label } },
    { DTCT_EDIT, DT_EDITABLE | DT_REQUIRED, NULL, 0, (LPTSTR)"*", IDC_ROOT, { &root_edit } },
};

/* What the page says the service needs, read from its display table. */
static HRESULT required_props(HINSTANCE instance, ULONG *tags, ULONG *count, char *label, ULONG label_size)
{
    static const SizedSPropTagArray(3, columns) = { 3, { PR_CONTROL_TYPE, PR_CONTROL_FLAGS, PR_CONTROL_STRUCTURE } };
    DTPAGE page = { ARRAYSIZE(config_controls), (LPTSTR)MAKEINTRESOURCE(IDD_CONFIG), { (LPTSTR)"" },
                    config_controls };
    LPMAPITABLE table;
    LPTABLEDATA data;
    LPSRowSet rows;
    HRESULT hr;
    ULONG i;

    *count = 0;
    label[0] = 0;
    hr = BuildDisplayTable(fms_alloc, fms_more, fms_free, fms_malloc, instance, 1, &page, 0, &table, &data);
    if (FAILED(hr)) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    CALL(table, Release);
    CALL(data, Release);
    if (FAILED(hr)) return hr;
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;
        BYTE *structure = props[2].Value.bin.lpb;

        if (props[0].ulPropTag != PR_CONTROL_TYPE || props[2].ulPropTag != PR_CONTROL_STRUCTURE) continue;
        if (props[0].Value.l == DTCT_EDIT && props[1].Value.l & DT_REQUIRED)
            tags[(*count)++] = ((DTBLEDIT *)structure)->ulPropTag;
        if (props[0].Value.l == DTCT_LABEL && ((DTBLLABEL *)structure)->ulbLpszLabelName)
            lstrcpynA(label, (char *)structure + ((DTBLLABEL *)structure)->ulbLpszLabelName, label_size);
    }
    foreign_log("ms:config table rows=%lu required=%lu label=%s", rows->cRows, *count, label);
    FreeProws(rows);
    return S_OK;
}

HRESULT WINAPI FMS_ServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG ui_param,
                                ULONG flags, ULONG context, ULONG count, LPSPropValue props,
                                LPPROVIDERADMIN admin, LPMAPIERROR *error)
{
    ULONG required[4], required_count, i;
    SPropValue *current;
    LPPROFSECT section;
    char label[64];
    HRESULT hr;

    if (error) *error = NULL;
    foreign_log("ms:ServiceEntry context=%lu props=%lu", context, count);
    if (context != MSG_SERVICE_CREATE && context != MSG_SERVICE_CONFIGURE) return S_OK;
    /* The service's entry point gets no allocators: the support object has them. */
    if (!fms_alloc)
    {
        if (FAILED(hr = CALL(support, GetMemAllocRoutines, &fms_alloc, &fms_more, &fms_free))) return hr;
        foreign_log("ms:ServiceEntry allocators from GetMemAllocRoutines");
    }
    if (!fms_malloc) fms_malloc = malloc;

    if (FAILED(hr = required_props(instance, required, &required_count, label, sizeof(label)))) return hr;
    if (FAILED(hr = CALL(support, OpenProfileSection, NULL, MAPI_MODIFY, &section))) return hr;
    if (count && FAILED(hr = CALL(section, SetProps, count, props, NULL)))
    {
        CALL(section, Release);
        return hr;
    }

    for (i = 0; i < required_count; i++)
    {
        if (FAILED(HrGetOneProp((IMAPIProp *)section, required[i], &current)))
        {
            foreign_log("ms:ServiceEntry misses %#lx", required[i]);
            break;
        }
        if (required[i] == PR_FMS_ROOT) CreateDirectoryA(current->Value.lpszA, NULL);
        fms_free(current);
    }
    if (i < required_count && (flags & (SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED)))
    {
        /* What a user would fill in on the page. */
        LPMAPITABLE table;
        LPTABLEDATA data;
        DTPAGE page = { ARRAYSIZE(config_controls), (LPTSTR)MAKEINTRESOURCE(IDD_CONFIG), { (LPTSTR)"" },
                        config_controls };

        if (SUCCEEDED(hr = BuildDisplayTable(fms_alloc, fms_more, fms_free, fms_malloc, instance, 1, &page, 0,
                                             &table, &data)))
        {
            hr = CALL(support, DoConfigPropsheet, ui_param, 0, (LPTSTR)"Foreign store", table,
                      (LPMAPIPROP)section, 0);
            foreign_log("ms:DoConfigPropsheet hr=%#lx", hr);
            CALL(table, Release);
            CALL(data, Release);
        }
    }
    hr = CALL(section, SaveChanges, 0);
    CALL(section, Release);
    if (FAILED(hr)) return hr;
    /* Made without its folder, the service is configured later; configured without, it is not. */
    if (i < required_count && context == MSG_SERVICE_CONFIGURE) return MAPI_E_UNCONFIGURED;
    return S_OK;
}
