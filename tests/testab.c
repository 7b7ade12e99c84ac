/*
 * testab.dll: an address book provider for the tests. It logs every call it
 * receives (testprov.h), registers its provider UID, and has one one-off
 * template. Its entry IDs are 4 flag bytes, its UID and a 4-byte object
 * number: object 1 is a recipient of no container; its top-level container
 * (a NULL entry ID, object 0) lists two containers:
 * - "Test Personal" (object 10): modifiable, DT_MODIFIABLE, with
 *   IABContainer::ResolveNames (an exact, case-insensitive match);
 * - "Test Directory" (object 11): DT_GLOBAL, without ResolveNames: its
 *   contents table has a PR_ANR_A column (the display name) for MAPI's
 *   PR_ANR restriction.
 * OpenStatusEntry opens teststatus.h's status object.
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

#ifndef DT_MODIFIABLE
#define DT_MODIFIABLE   ((ULONG)0x00010000)
#define DT_GLOBAL       ((ULONG)0x00020000)
#define DT_NOT_SPECIFIC ((ULONG)0x00050000)
#endif

#define TESTAB_ROOT      0
#define TESTAB_PERSONAL  10
#define TESTAB_DIRECTORY 11

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
        test_status_invalidate(logon, logon->support);
        IMAPISupport_Release(logon->support);
        logon->support = NULL;
    }
    return S_OK;
}

/* The recipients: object numbers, the container that lists them (0: none) */
static const struct testab_user
{
    ULONG object;
    ULONG container;
    const WCHAR *name;
    const WCHAR *type;
    const WCHAR *address;
} testab_users[] =
{
    { 1, 0, L"AB User", L"TEST", L"ab-user" },
    { 20, TESTAB_PERSONAL, L"Carol Personal", L"SMTP", L"carol@personal.test" },
    { 21, TESTAB_PERSONAL, L"Zo\xeb Unicode", L"SMTP", L"zoe@personal.test" },
    { 30, TESTAB_DIRECTORY, L"Dave Directory", L"TEST", L"dave" },
    { 31, TESTAB_DIRECTORY, L"Sam Same", L"TEST", L"sam-one" },
    { 32, TESTAB_DIRECTORY, L"Sam Same", L"TEST", L"sam-two" },
};

static const struct testab_user *find_user(ULONG object)
{
    ULONG i;

    for (i = 0; i < ARRAYSIZE(testab_users); i++) if (testab_users[i].object == object) return &testab_users[i];
    return NULL;
}

static void set_string(SPropValue *prop, ULONG id, const WCHAR *value, BOOL unicode, void *parent)
{
    int len;

    if (unicode)
    {
        prop->ulPropTag = PROP_TAG(PT_UNICODE, id);
        allocate_more((lstrlenW(value) + 1) * sizeof(WCHAR), parent, (void **)&prop->Value.lpszW);
        lstrcpyW(prop->Value.lpszW, value);
        return;
    }
    prop->ulPropTag = PROP_TAG(PT_STRING8, id);
    len = WideCharToMultiByte(CP_ACP, 0, value, -1, NULL, 0, NULL, NULL);
    allocate_more(len, parent, (void **)&prop->Value.lpszA);
    WideCharToMultiByte(CP_ACP, 0, value, -1, prop->Value.lpszA, len, NULL, NULL);
}

static void set_entryid(SPropValue *prop, ULONG tag, ULONG object, void *parent)
{
    struct testab_entryid *id;

    allocate_more(sizeof(*id), parent, (void **)&id);
    memset(id, 0, sizeof(*id));
    id->uid = testab_uid;
    id->object = object;
    prop->ulPropTag = tag;
    prop->Value.bin.cb = sizeof(*id);
    prop->Value.bin.lpb = (BYTE *)id;
}

/* Every property of a recipient, in one block; 10 of them. */
static SPropValue *user_props(const struct testab_user *user, BOOL unicode, ULONG *count)
{
    WCHAR key[128];
    SPropValue *props;
    ULONG n = 0;
    int len;

    allocate_buffer(10 * sizeof(*props), (void **)&props);
    set_entryid(&props[n++], PR_ENTRYID, user->object, props);
    set_entryid(&props[n++], PR_RECORD_KEY, user->object, props);
    props[n].ulPropTag = PR_INSTANCE_KEY;
    props[n].Value.bin = props[0].Value.bin;
    n++;
    props[n].ulPropTag = PR_OBJECT_TYPE;
    props[n++].Value.l = MAPI_MAILUSER;
    props[n].ulPropTag = PR_DISPLAY_TYPE;
    props[n++].Value.l = DT_MAILUSER;
    set_string(&props[n++], PROP_ID(PR_DISPLAY_NAME_W), user->name, unicode, props);
    set_string(&props[n++], PROP_ID(PR_ADDRTYPE_W), user->type, unicode, props);
    set_string(&props[n++], PROP_ID(PR_EMAIL_ADDRESS_W), user->address, unicode, props);
    /* The search key: TYPE:ADDRESS in capitals, ANSI, with its null. */
    wsprintfW(key, L"%s:%s", user->type, user->address);
    CharUpperW(key);
    len = WideCharToMultiByte(CP_ACP, 0, key, -1, NULL, 0, NULL, NULL);
    props[n].ulPropTag = PR_SEARCH_KEY;
    props[n].Value.bin.cb = len;
    allocate_more(len, props, (void **)&props[n].Value.bin.lpb);
    WideCharToMultiByte(CP_ACP, 0, key, -1, (char *)props[n++].Value.bin.lpb, len, NULL, NULL);
    /* What the directory's PR_ANR restriction matches: the display name, as is. */
    if (user->container == TESTAB_DIRECTORY) set_string(&props[n++], PROP_ID(PR_ANR_W), user->name, FALSE, props);
    *count = n;
    return props;
}

static const WCHAR *container_name(ULONG object)
{
    return object == TESTAB_ROOT ? L"Test Address Book" : object == TESTAB_PERSONAL ? L"Test Personal"
                                                                                   : L"Test Directory";
}

/* A container's properties (as its hierarchy row has them), in one block; 7 of them. */
static SPropValue *container_props(ULONG object, BOOL unicode, ULONG *count)
{
    SPropValue *props;
    ULONG n = 0;

    allocate_buffer(8 * sizeof(*props), (void **)&props);
    set_entryid(&props[n++], PR_ENTRYID, object, props);
    set_entryid(&props[n++], PR_RECORD_KEY, object, props);
    props[n].ulPropTag = PR_OBJECT_TYPE;
    props[n++].Value.l = MAPI_ABCONT;
    props[n].ulPropTag = PR_DISPLAY_TYPE;
    props[n++].Value.l = object == TESTAB_ROOT ? DT_NOT_SPECIFIC : object == TESTAB_PERSONAL ? DT_MODIFIABLE
                                                                                           : DT_GLOBAL;
    props[n].ulPropTag = PR_CONTAINER_FLAGS;
    props[n++].Value.l = object == TESTAB_ROOT ? AB_SUBCONTAINERS | AB_UNMODIFIABLE
                       : object == TESTAB_PERSONAL ? AB_RECIPIENTS | AB_MODIFIABLE : AB_RECIPIENTS | AB_UNMODIFIABLE;
    props[n].ulPropTag = PR_DEPTH;
    props[n++].Value.l = 0;
    set_string(&props[n++], PROP_ID(PR_DISPLAY_NAME_W), container_name(object), unicode, props);
    *count = n;
    return props;
}

struct container
{
    IABContainer IABContainer_iface;
    LONG ref;
    ULONG object;
    IPropData *props;
};

static inline struct container *impl_from_IABContainer(IABContainer *iface)
{
    return CONTAINING_RECORD(iface, struct container, IABContainer_iface);
}

static HRESULT WINAPI container_QueryInterface(IABContainer *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMAPIContainer) ||
        IsEqualIID(iid, &IID_IABContainer))
    {
        *obj = iface;
        IABContainer_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI container_AddRef(IABContainer *iface)
{
    return InterlockedIncrement(&impl_from_IABContainer(iface)->ref);
}

static ULONG WINAPI container_Release(IABContainer *iface)
{
    struct container *container = impl_from_IABContainer(iface);
    ULONG ref = InterlockedDecrement(&container->ref);

    if (!ref)
    {
        IPropData_Release(container->props);
        HeapFree(GetProcessHeap(), 0, container);
    }
    return ref;
}

static HRESULT WINAPI container_GetLastError(IABContainer *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI container_SaveChanges(IABContainer *iface, ULONG flags)
{
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI container_GetProps(IABContainer *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,
                                         LPSPropValue *props)
{
    return IPropData_GetProps(impl_from_IABContainer(iface)->props, tags, flags, count, props);
}

static HRESULT WINAPI container_GetPropList(IABContainer *iface, ULONG flags, LPSPropTagArray *tags)
{
    return IPropData_GetPropList(impl_from_IABContainer(iface)->props, flags, tags);
}

static HRESULT WINAPI container_OpenProperty(IABContainer *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                             LPUNKNOWN *unk)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_SetProps(IABContainer *iface, ULONG count, LPSPropValue props,
                                         LPSPropProblemArray *problems)
{
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI container_DeleteProps(IABContainer *iface, LPSPropTagArray tags, LPSPropProblemArray *problems)
{
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI container_CopyTo(IABContainer *iface, ULONG exclude_count, LPCIID exclude,
                                       LPSPropTagArray tags, ULONG_PTR ui_param, LPMAPIPROGRESS progress,
                                       LPCIID iid, LPVOID dst, ULONG flags, LPSPropProblemArray *problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_CopyProps(IABContainer *iface, LPSPropTagArray tags, ULONG_PTR ui_param,
                                          LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                          LPSPropProblemArray *problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_GetNamesFromIDs(IABContainer *iface, LPSPropTagArray *tags, LPGUID guid,
                                                ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_GetIDsFromNames(IABContainer *iface, ULONG count, LPMAPINAMEID *names, ULONG flags,
                                                LPSPropTagArray *tags)
{
    return MAPI_E_NO_SUPPORT;
}

/* A snapshot table of rows made for the width asked. */
static HRESULT make_table(ULONG count, SPropValue **rows, const ULONG *row_sizes, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_INSTANCE_KEY } };
    ITableData *data;
    SRow row;
    ULONG i;
    HRESULT hr;

    if (FAILED(hr = CreateTable(&IID_IMAPITableData, allocate_buffer, allocate_more, free_buffer, NULL,
                                TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)&columns, &data)))
        return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        row.ulAdrEntryPad = 0;
        row.cValues = row_sizes[i];
        row.lpProps = rows[i];
        hr = ITableData_HrModifyRow(data, &row);
    }
    if (SUCCEEDED(hr)) hr = ITableData_HrGetView(data, NULL, NULL, 0, table);
    ITableData_Release(data);
    return hr;
}

static HRESULT WINAPI container_GetContentsTable(IABContainer *iface, ULONG flags, LPMAPITABLE *table)
{
    struct container *container = impl_from_IABContainer(iface);
    SPropValue *rows[ARRAYSIZE(testab_users)];
    ULONG sizes[ARRAYSIZE(testab_users)], count = 0, i;
    HRESULT hr;

    test_log("ab:GetContentsTable container=%lu flags=%#lx", container->object, flags);
    for (i = 0; i < ARRAYSIZE(testab_users); i++)
    {
        if (testab_users[i].container != container->object || !container->object) continue;
        rows[count] = user_props(&testab_users[i], !!(flags & MAPI_UNICODE), &sizes[count]);
        count++;
    }
    hr = make_table(count, rows, sizes, table);
    for (i = 0; i < count; i++) free_buffer(rows[i]);
    return hr;
}

static HRESULT WINAPI container_GetHierarchyTable(IABContainer *iface, ULONG flags, LPMAPITABLE *table)
{
    struct container *container = impl_from_IABContainer(iface);
    SPropValue *rows[2], *props;
    ULONG sizes[2], i;
    HRESULT hr;

    test_log("ab:GetHierarchyTable container=%lu flags=%#lx", container->object, flags);
    if (container->object != TESTAB_ROOT) return MAPI_E_NO_SUPPORT;
    for (i = 0; i < 2; i++)
    {
        props = container_props(TESTAB_PERSONAL + i, !!(flags & MAPI_UNICODE), &sizes[i]);
        /* Its instance key: the record key will do. */
        props[sizes[i]].ulPropTag = PR_INSTANCE_KEY;
        props[sizes[i]++].Value.bin = props[1].Value.bin;
        rows[i] = props;
    }
    hr = make_table(2, rows, sizes, table);
    for (i = 0; i < 2; i++) free_buffer(rows[i]);
    return hr;
}

static HRESULT WINAPI container_OpenEntry(IABContainer *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                          ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_SetSearchCriteria(IABContainer *iface, LPSRestriction restriction,
                                                  LPENTRYLIST containers, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_GetSearchCriteria(IABContainer *iface, ULONG flags, LPSRestriction *restriction,
                                                  LPENTRYLIST *containers, ULONG *state)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_CreateEntry(IABContainer *iface, ULONG size, LPENTRYID template_id, ULONG flags,
                                            LPMAPIPROP *entry)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_CopyEntries(IABContainer *iface, LPENTRYLIST entries, ULONG_PTR ui_param,
                                            LPMAPIPROGRESS progress, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI container_DeleteEntries(IABContainer *iface, LPENTRYLIST entries, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

/* The personal container matches whole names, in either width; the directory leaves it to PR_ANR. */
static HRESULT WINAPI container_ResolveNames(IABContainer *iface, LPSPropTagArray tags, ULONG flags, LPADRLIST list,
                                             LPFlagList flag_list)
{
    struct container *container = impl_from_IABContainer(iface);
    ULONG i, j, k, count;

    test_log("ab:ResolveNames container=%lu flags=%#lx entries=%lu", container->object, flags, list->cEntries);
    if (container->object != TESTAB_PERSONAL) return MAPI_E_NO_SUPPORT;
    for (i = 0; i < list->cEntries; i++)
    {
        ADRENTRY *entry = &list->aEntries[i];
        SPropValue *name, *known, *values;
        WCHAR text[128];

        if (flag_list->ulFlag[i] != MAPI_UNRESOLVED || !entry->cValues) continue;
        if ((name = PpropFindProp(entry->rgPropVals, entry->cValues, PR_DISPLAY_NAME_W)))
            lstrcpynW(text, name->Value.lpszW, ARRAYSIZE(text));
        else if ((name = PpropFindProp(entry->rgPropVals, entry->cValues, PR_DISPLAY_NAME_A)))
            MultiByteToWideChar(CP_ACP, 0, name->Value.lpszA, -1, text, ARRAYSIZE(text));
        else continue;
        for (j = 0; j < ARRAYSIZE(testab_users); j++)
            if (testab_users[j].container == TESTAB_PERSONAL && !lstrcmpiW(testab_users[j].name, text)) break;
        if (j == ARRAYSIZE(testab_users)) continue;
        known = user_props(&testab_users[j], !!(flags & MAPI_UNICODE), &count);
        if (!tags) values = known;
        else
        {
            allocate_buffer(tags->cValues * sizeof(*values), (void **)&values);
            for (k = 0; k < tags->cValues; k++)
            {
                SPropValue *found = PpropFindProp(known, count, tags->aulPropTag[k]);

                if (!found || FAILED(PropCopyMore(&values[k], found, allocate_more, values)))
                {
                    values[k].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[k]));
                    values[k].Value.err = MAPI_E_NOT_FOUND;
                }
            }
            count = tags->cValues;
            free_buffer(known);
        }
        free_buffer(entry->rgPropVals);
        entry->rgPropVals = values;
        entry->cValues = count;
        flag_list->ulFlag[i] = MAPI_RESOLVED;
    }
    return S_OK;
}

static IABContainerVtbl container_vtbl =
{
    container_QueryInterface,
    container_AddRef,
    container_Release,
    container_GetLastError,
    container_SaveChanges,
    container_GetProps,
    container_GetPropList,
    container_OpenProperty,
    container_SetProps,
    container_DeleteProps,
    container_CopyTo,
    container_CopyProps,
    container_GetNamesFromIDs,
    container_GetIDsFromNames,
    container_GetContentsTable,
    container_GetHierarchyTable,
    container_OpenEntry,
    container_SetSearchCriteria,
    container_GetSearchCriteria,
    container_CreateEntry,
    container_CopyEntries,
    container_DeleteEntries,
    container_ResolveNames,
};

static HRESULT open_container(ULONG object, IUnknown **unk)
{
    struct container *container;
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    if (!(container = HeapAlloc(GetProcessHeap(), 0, sizeof(*container)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, allocate_buffer, allocate_more, free_buffer, NULL,
                                &container->props)))
    {
        HeapFree(GetProcessHeap(), 0, container);
        return hr;
    }
    props = container_props(object, TRUE, &count);
    IPropData_SetProps(container->props, count, props, NULL);
    free_buffer(props);
    container->IABContainer_iface.lpVtbl = &container_vtbl;
    container->ref = 1;
    container->object = object;
    *unk = (IUnknown *)&container->IABContainer_iface;
    return S_OK;
}

/* Containers (0 for a NULL entry ID, 10, 11) and recipients, each kept in an IPropData. */
static HRESULT WINAPI logon_OpenEntry(IABLogon *iface, ULONG size, LPENTRYID entryid, LPCIID iid, ULONG flags,
                                      ULONG *type, LPUNKNOWN *object)
{
    const struct testab_entryid *id = (const struct testab_entryid *)entryid;
    const struct testab_user *found;
    SPropValue *props;
    IPropData *user;
    ULONG count;
    HRESULT hr;

    test_log("ab:OpenEntry size=%lu", size);
    if (!size)
    {
        *type = MAPI_ABCONT;
        return open_container(TESTAB_ROOT, object);
    }
    if (size != sizeof(*id) || memcmp(&id->uid, &testab_uid, sizeof(MAPIUID))) return MAPI_E_INVALID_ENTRYID;
    if (id->object == TESTAB_ROOT || id->object == TESTAB_PERSONAL || id->object == TESTAB_DIRECTORY)
    {
        *type = MAPI_ABCONT;
        return open_container(id->object, object);
    }
    if (!(found = find_user(id->object))) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, allocate_buffer, allocate_more, free_buffer, NULL, &user)))
        return hr;
    /* Object 1 keeps its ANSI strings, as the tests have always read them. */
    props = user_props(found, found->object != 1, &count);
    IPropData_SetProps(user, count, props, NULL);
    free_buffer(props);
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
    return test_open_status(impl_from_IABLogon(iface), "ab", MAPI_AB_PROVIDER, "Test Address Book", iid, flags, type, (void **)entry);
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
