/*
 * foreignab: ABProviderInit, IABProvider, IABLogon and the service's entry point.
 */

#define USES_IID_IABProvider
#define USES_IID_IABLogon
#define USES_IID_IABContainer
#define USES_IID_IMAPIContainer
#define USES_IID_IMailUser
#define USES_IID_IMAPIProp
#define USES_IID_IMAPITable
#define USES_IID_IMAPITableData
#define USES_IID_IMAPIPropData
#include <initguid.h>
#include "fab.h"

/* The UID of the provider's entry IDs, registered with SetProviderUID */
const MAPIUID fab_uid = {{ 'F','O','R','E','I','G','N',' ','A','B',' ','U','I','D','!','!' }};

HINSTANCE fab_instance;
LPALLOCATEBUFFER fab_alloc;
LPALLOCATEMORE fab_more;
LPFREEBUFFER fab_free;
LPMALLOC fab_malloc;

void fab_make_entryid(ULONG type, ULONG index, struct fab_entryid *id)
{
    memset(id, 0, sizeof(*id));
    id->uid = fab_uid;
    id->type = type;
    id->index = index;
}

BOOL fab_parse_entryid(struct fab_logon *logon, ULONG size, const ENTRYID *entryid, struct fab_entryid *id)
{
    if (size != sizeof(*id) || !entryid) return FALSE;
    memcpy(id, entryid, sizeof(*id));
    if (memcmp(&id->uid, &fab_uid, sizeof(MAPIUID))) return FALSE;
    if (id->type == MAPI_ABCONT) return id->index == FAB_ROOT || id->index == FAB_DIRECTORY;
    return id->type == MAPI_MAILUSER && id->index >= 1 && id->index <= logon->count;
}

static void set_string(SPropValue *value, ULONG tag, const char *text, void *parent)
{
    value->ulPropTag = tag;
    if (fab_more(strlen(text) + 1, parent, (void **)&value->Value.lpszA))
    {
        value->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
        value->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
        return;
    }
    strcpy(value->Value.lpszA, text);
}

static void set_binary(SPropValue *value, ULONG tag, const void *data, ULONG size, void *parent)
{
    value->ulPropTag = tag;
    value->Value.bin.cb = size;
    if (fab_more(size, parent, (void **)&value->Value.bin.lpb))
    {
        value->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
        value->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
        return;
    }
    memcpy(value->Value.bin.lpb, data, size);
}

/* Every property of an entry; linked to parent, or a block of their own if parent is NULL. */
HRESULT fab_entry_props(struct fab_logon *logon, ULONG index, void *parent, ULONG *count, SPropValue **props)
{
    const struct fab_entry *entry = &logon->entries[index - 1];
    struct fab_entryid id;
    char key[192];
    SPropValue *values;
    ULONG n = 0;
    char *p;
    SCODE sc;

    sc = parent ? fab_more(10 * sizeof(*values), parent, (void **)&values)
                : fab_alloc(10 * sizeof(*values), (void **)&values);
    if (sc) return sc;
    if (!parent) parent = values;
    fab_make_entryid(MAPI_MAILUSER, index, &id);
    set_binary(&values[n++], PR_ENTRYID, &id, sizeof(id), parent);
    set_binary(&values[n++], PR_RECORD_KEY, &id, sizeof(id), parent);
    set_binary(&values[n++], PR_INSTANCE_KEY, &index, sizeof(index), parent);
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_MAILUSER;
    values[n].ulPropTag = PR_DISPLAY_TYPE;
    values[n++].Value.l = DT_MAILUSER;
    set_string(&values[n++], PR_DISPLAY_NAME_A, entry->name, parent);
    set_string(&values[n++], PR_TRANSMITABLE_DISPLAY_NAME_A, entry->name, parent);
    set_string(&values[n++], PR_ADDRTYPE_A, entry->type, parent);
    set_string(&values[n++], PR_EMAIL_ADDRESS_A, entry->address, parent);
    /* MAPI's search key: the address type, a colon, the address, in capitals, with its null. */
    snprintf(key, sizeof(key), "%s:%s", entry->type, entry->address);
    for (p = key; *p; p++) *p = toupper(*p);
    set_binary(&values[n++], PR_SEARCH_KEY, key, strlen(key) + 1, parent);
    *count = n;
    *props = values;
    return S_OK;
}

/* IABLogon */

static inline struct fab_logon *impl_from_IABLogon(IABLogon *iface)
{
    return CONTAINING_RECORD(iface, struct fab_logon, IABLogon_iface);
}

static HRESULT STDMETHODCALLTYPE logon_QueryInterface(IABLogon *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IABLogon))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE logon_AddRef(IABLogon *iface)
{
    return InterlockedIncrement(&impl_from_IABLogon(iface)->ref);
}

static ULONG STDMETHODCALLTYPE logon_Release(IABLogon *iface)
{
    struct fab_logon *logon = impl_from_IABLogon(iface);
    ULONG ref = InterlockedDecrement(&logon->ref);

    if (ref) return ref;
    foreign_log("ab:IABLogon::Release");
    if (logon->contents) CALL(logon->contents, Release);
    if (logon->support) CALL(logon->support, Release);
    free(logon);
    return 0;
}

static HRESULT STDMETHODCALLTYPE logon_GetLastError(IABLogon *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    Validate_IABLogon_GetLastError(iface, hr, flags, error);
    *error = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_Logoff(IABLogon *iface, ULONG flags)
{
    struct fab_logon *logon = impl_from_IABLogon(iface);

    Validate_IABLogon_Logoff(iface, flags);
    foreign_log("ab:Logoff");
    if (logon->support) CALL(logon->support, Release);
    logon->support = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_OpenEntry(IABLogon *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                                 ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    struct fab_logon *logon = impl_from_IABLogon(iface);
    struct fab_entryid id;
    IUnknown *unk;
    HRESULT hr;

    Validate_IABLogon_OpenEntry(iface, size, entryid, iid, flags, type, object);
    foreign_log("ab:OpenEntry size=%lu", size);
    *object = NULL;
    if (!size) fab_make_entryid(MAPI_ABCONT, FAB_ROOT, &id);
    else if (!fab_parse_entryid(logon, size, entryid, &id)) return MAPI_E_UNKNOWN_ENTRYID;
    /* A directory read from a file: nothing can be changed. */
    if (flags & MAPI_MODIFY) return MAPI_E_NO_ACCESS;

    if (id.type == MAPI_ABCONT) hr = fab_container_open(logon, id.index, (IABContainer **)&unk);
    else hr = fab_mailuser_open(logon, id.index, (IMailUser **)&unk);
    if (FAILED(hr)) return hr;
    if (iid)
    {
        IUnknown *asked;

        hr = CALL(unk, QueryInterface, iid, (void **)&asked);
        CALL(unk, Release);
        if (FAILED(hr)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        unk = asked;
    }
    *type = id.type;
    *object = unk;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_CompareEntryIDs(IABLogon *iface, ULONG size1, LPENTRYID entryid1,
                                                       ULONG size2, LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    struct fab_logon *logon = impl_from_IABLogon(iface);
    struct fab_entryid id1, id2;

    Validate_IABLogon_CompareEntryIDs(iface, size1, entryid1, size2, entryid2, flags, result);
    foreign_log("ab:CompareEntryIDs");
    if (!fab_parse_entryid(logon, size1, entryid1, &id1) || !fab_parse_entryid(logon, size2, entryid2, &id2))
        return MAPI_E_UNKNOWN_ENTRYID;
    *result = id1.type == id2.type && id1.index == id2.index;
    return S_OK;
}

/* The SDK of today has ULONG_PTR connections: so have we, the vtable says otherwise. */
static HRESULT STDMETHODCALLTYPE logon_Advise(IABLogon *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                              LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct fab_logon *logon = impl_from_IABLogon(iface);
    struct { ULONG cb; struct fab_entryid id; } key;

    Validate_IABLogon_Advise(iface, size, entryid, mask, sink, connection);
    if (!fab_parse_entryid(logon, size, entryid, &key.id)) return MAPI_E_UNKNOWN_ENTRYID;
    if (!logon->support) return MAPI_E_CALL_FAILED;
    key.cb = sizeof(key.id);
    return CALL(logon->support, Subscribe, (NOTIFKEY *)&key, mask, 0, sink, (ULONG *)connection);
}

static HRESULT STDMETHODCALLTYPE logon_Unadvise(IABLogon *iface, ULONG_PTR connection)
{
    struct fab_logon *logon = impl_from_IABLogon(iface);

    Validate_IABLogon_Unadvise(iface, connection);
    if (!logon->support) return MAPI_E_CALL_FAILED;
    return CALL(logon->support, Unsubscribe, connection);
}

static HRESULT STDMETHODCALLTYPE logon_OpenStatusEntry(IABLogon *iface, LPCIID iid, ULONG flags, ULONG *type,
                                                       LPMAPISTATUS *entry)
{
    Validate_IABLogon_OpenStatusEntry(iface, iid, flags, type, entry);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE logon_OpenTemplateID(IABLogon *iface, ULONG size, LPENTRYID template_id,
                                                      ULONG flags, LPMAPIPROP data, LPCIID iid, LPMAPIPROP *prop,
                                                      LPMAPIPROP sibling)
{
    Validate_IABLogon_OpenTemplateID(iface, size, template_id, flags, data, iid, prop, sibling);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE logon_GetOneOffTable(IABLogon *iface, ULONG flags, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(6, columns) =
        { 6, { PR_INSTANCE_KEY, PR_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_DEPTH, PR_SELECTABLE, PR_DISPLAY_TYPE } };
    ITableData *data;
    SPropValue props[6];
    ULONG key = 1;
    SRow row;
    HRESULT hr;

    Validate_IABLogon_GetOneOffTable(iface, flags, table);
    if (flags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
    if ((hr = CreateTable(&IID_IMAPITableData, fab_alloc, fab_more, fab_free, NULL, TBLTYPE_SNAPSHOT,
                          PR_INSTANCE_KEY, (SPropTagArray *)&columns, &data)))
        return hr;
    /* The one address type the directory knows without the file: the peer transport's. */
    props[0].ulPropTag = PR_INSTANCE_KEY;
    props[0].Value.bin.cb = sizeof(key);
    props[0].Value.bin.lpb = (BYTE *)&key;
    props[1].ulPropTag = PR_DISPLAY_NAME_A;
    props[1].Value.lpszA = (char *)"Foreign peer address";
    props[2].ulPropTag = PR_ADDRTYPE_A;
    props[2].Value.lpszA = (char *)"FXP";
    props[3].ulPropTag = PR_DEPTH;
    props[3].Value.l = 0;
    props[4].ulPropTag = PR_SELECTABLE;
    props[4].Value.b = TRUE;
    props[5].ulPropTag = PR_DISPLAY_TYPE;
    props[5].Value.l = DT_MAILUSER;
    row.ulAdrEntryPad = 0;
    row.cValues = 6;
    row.lpProps = props;
    if (SUCCEEDED(hr = CALL(data, HrModifyRow, &row))) hr = CALL(data, HrGetView, NULL, NULL, 0, table);
    CALL(data, Release);
    return hr;
}

/* What the directory knows of its entries among the recipients, in the columns asked. */
static HRESULT STDMETHODCALLTYPE logon_PrepareRecips(IABLogon *iface, ULONG flags, LPSPropTagArray tags,
                                                     LPADRLIST list)
{
    struct fab_logon *logon = impl_from_IABLogon(iface);
    SPropValue *known, *values;
    ULONG i, j, k, known_count;
    struct fab_entryid id;
    HRESULT hr;

    Validate_IABLogon_PrepareRecips(iface, flags, tags, list);
    foreign_log("ab:PrepareRecips entries=%lu", list->cEntries);
    for (i = 0; i < list->cEntries; i++)
    {
        ADRENTRY *entry = &list->aEntries[i];
        SPropValue *eid = PpropFindProp(entry->rgPropVals, entry->cValues, PR_ENTRYID);

        if (!eid || !fab_parse_entryid(logon, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb, &id) ||
            id.type != MAPI_MAILUSER)
            continue;
        if (FAILED(hr = fab_entry_props(logon, id.index, NULL, &known_count, &known))) return hr;
        /* The columns asked first, then what the recipient had besides. */
        if ((hr = fab_alloc((tags->cValues + entry->cValues) * sizeof(SPropValue), (void **)&values)))
        {
            fab_free(known);
            return hr;
        }
        for (j = 0; j < tags->cValues; j++)
        {
            SPropValue *found = PpropFindProp(known, known_count, tags->aulPropTag[j]);

            if (!found) found = PpropFindProp(entry->rgPropVals, entry->cValues, tags->aulPropTag[j]);
            if (!found || FAILED(PropCopyMore(&values[j], found, fab_more, values)))
            {
                values[j].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[j]));
                values[j].Value.err = MAPI_E_NOT_FOUND;
            }
        }
        for (k = 0; k < entry->cValues; k++)
        {
            if (PpropFindProp(values, j, entry->rgPropVals[k].ulPropTag)) continue;
            if (SUCCEEDED(PropCopyMore(&values[j], &entry->rgPropVals[k], fab_more, values))) j++;
        }
        fab_free(known);
        fab_free(entry->rgPropVals);
        entry->rgPropVals = values;
        entry->cValues = j;
    }
    return S_OK;
}

static const IABLogonVtbl logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_GetLastError,
    logon_Logoff,
    logon_OpenEntry,
    logon_CompareEntryIDs,
    (void *)logon_Advise,
    (void *)logon_Unadvise,
    logon_OpenStatusEntry,
    logon_OpenTemplateID,
    logon_GetOneOffTable,
    logon_PrepareRecips,
};

/* The entries of the file; lines that are not three fields are skipped. */
static HRESULT read_entries(struct fab_logon *logon, const char *path)
{
    char line[512], *type, *address, *end;
    FILE *file;

    if (!(file = fopen(path, "r"))) return MAPI_E_NOT_FOUND;
    while (logon->count < FAB_MAX_ENTRIES && fgets(line, sizeof(line), file))
    {
        struct fab_entry *entry = &logon->entries[logon->count];

        if ((end = strpbrk(line, "\r\n"))) *end = 0;
        if (line[0] == '#' || !(type = strchr(line, ';')) || !(address = strchr(type + 1, ';'))) continue;
        *type++ = 0;
        *address++ = 0;
        lstrcpynA(entry->name, line, sizeof(entry->name));
        lstrcpynA(entry->type, type, sizeof(entry->type));
        lstrcpynA(entry->address, address, sizeof(entry->address));
        logon->count++;
    }
    fclose(file);
    return S_OK;
}

/* The file: the provider's own profile section, else its service's. */
static HRESULT read_config(IMAPISupport *support, char *path)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_FAB_FILE, PR_SERVICE_UID } };
    LPPROFSECT section;
    SPropValue *props;
    MAPIUID service;
    ULONG count;
    HRESULT hr;
    int pass;

    path[0] = 0;
    for (pass = 0; pass < 2 && !path[0]; pass++)
    {
        if (FAILED(hr = CALL(support, OpenProfileSection, pass ? &service : NULL, 0, &section))) return hr;
        hr = CALL(section, GetProps, (SPropTagArray *)&tags, 0, &count, &props);
        CALL(section, Release);
        if (FAILED(hr)) return hr;
        if (props[0].ulPropTag == PR_FAB_FILE) lstrcpynA(path, props[0].Value.lpszA, MAX_PATH);
        if (props[1].ulPropTag == PR_SERVICE_UID && props[1].Value.bin.cb == sizeof(MAPIUID))
            memcpy(&service, props[1].Value.bin.lpb, sizeof(MAPIUID));
        else pass = 2;
        fab_free(props);
    }
    return path[0] ? S_OK : MAPI_E_UNCONFIGURED;
}

/* IABProvider */

struct provider
{
    IABProvider IABProvider_iface;
    LONG ref;
};

static inline struct provider *impl_from_IABProvider(IABProvider *iface)
{
    return CONTAINING_RECORD(iface, struct provider, IABProvider_iface);
}

static HRESULT STDMETHODCALLTYPE provider_QueryInterface(IABProvider *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IABProvider))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE provider_AddRef(IABProvider *iface)
{
    return InterlockedIncrement(&impl_from_IABProvider(iface)->ref);
}

static ULONG STDMETHODCALLTYPE provider_Release(IABProvider *iface)
{
    struct provider *provider = impl_from_IABProvider(iface);
    ULONG ref = InterlockedDecrement(&provider->ref);

    if (!ref) free(provider);
    return ref;
}

static HRESULT STDMETHODCALLTYPE provider_Shutdown(IABProvider *iface, ULONG *flags)
{
    Validate_IABProvider_Shutdown(iface, flags);
    foreign_log("ab:Shutdown");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE provider_Logon(IABProvider *iface, LPMAPISUP support, ULONG ui_param,
                                                LPTSTR profile, ULONG flags, ULONG *security_size, LPBYTE *security,
                                                LPMAPIERROR *error, LPABLOGON *ab_logon)
{
    struct fab_logon *logon;
    char path[MAX_PATH];
    HRESULT hr;

    Validate_IABProvider_Logon(iface, support, ui_param, profile, flags, security_size, security, error, ab_logon);
    *security_size = 0;
    *security = NULL;
    *error = NULL;
    if (FAILED(hr = read_config(support, path)))
    {
        foreign_log("ab:Logon unconfigured");
        return hr;
    }
    if (!(logon = calloc(1, sizeof(*logon)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = read_entries(logon, path)) ||
        FAILED(hr = CALL(support, SetProviderUID, (MAPIUID *)&fab_uid, 0)))
    {
        free(logon);
        return hr;
    }
    logon->IABLogon_iface.lpVtbl = (IABLogonVtbl *)&logon_vtbl;
    logon->ref = 1;
    logon->support = support;
    CALL(support, AddRef);
    foreign_log("ab:Logon profile=%s flags=%#lx entries=%lu", profile, flags, logon->count);
    *ab_logon = &logon->IABLogon_iface;
    return S_OK;
}

static const IABProviderVtbl provider_vtbl =
{
    provider_QueryInterface,
    provider_AddRef,
    provider_Release,
    provider_Shutdown,
    provider_Logon,
};

HRESULT __cdecl ABProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate, LPALLOCATEMORE more,
                               LPFREEBUFFER free_buffer, ULONG flags, ULONG mapi_version, ULONG *provider_version,
                               LPABPROVIDER *ab_provider)
{
    struct provider *provider;

    foreign_log("ab:ABProviderInit version=%#lx", mapi_version);
    *provider_version = CURRENT_SPI_VERSION;
    if (mapi_version < PDK1_SPI_VERSION) return MAPI_E_VERSION;
    fab_instance = instance;
    fab_malloc = malloc;
    fab_alloc = allocate;
    fab_more = more;
    fab_free = free_buffer;
    if (!(provider = calloc(1, sizeof(*provider)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    provider->IABProvider_iface.lpVtbl = (IABProviderVtbl *)&provider_vtbl;
    provider->ref = 1;
    *ab_provider = &provider->IABProvider_iface;
    return S_OK;
}

/* The service's entry point: the file goes into the service's section. */
HRESULT WINAPI FAB_ServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG ui_param,
                                ULONG flags, ULONG context, ULONG count, LPSPropValue props,
                                LPPROVIDERADMIN admin, LPMAPIERROR *error)
{
    LPPROFSECT section;
    SPropValue *file;
    HRESULT hr;

    if (error) *error = NULL;
    foreign_log("ab:ServiceEntry context=%lu props=%lu", context, count);
    if (context != MSG_SERVICE_CREATE && context != MSG_SERVICE_CONFIGURE) return S_OK;
    if (!fab_alloc && FAILED(hr = CALL(support, GetMemAllocRoutines, &fab_alloc, &fab_more, &fab_free))) return hr;
    if (FAILED(hr = CALL(support, OpenProfileSection, NULL, MAPI_MODIFY, &section))) return hr;
    if (count) hr = CALL(section, SetProps, count, props, NULL);
    if (SUCCEEDED(hr)) hr = CALL(section, SaveChanges, 0);
    if (SUCCEEDED(hr) && context == MSG_SERVICE_CONFIGURE)
    {
        if (FAILED(HrGetOneProp((IMAPIProp *)section, PR_FAB_FILE, &file))) hr = MAPI_E_UNCONFIGURED;
        else fab_free(file);
    }
    CALL(section, Release);
    return hr;
}
