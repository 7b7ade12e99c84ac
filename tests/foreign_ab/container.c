/*
 * foreignab: IABContainer, for the provider's top container (whose hierarchy
 * lists the directory) and for the directory, whose contents are the file's
 * entries and which resolves names among them.
 */

#include "fab.h"

#define CONTAINER_METHODS 23

struct container
{
    IABContainer IABContainer_iface;
    LONG ref;
    struct fab_logon *logon;    /* counted */
    ULONG index;                /* FAB_ROOT or FAB_DIRECTORY */
    LPPROPDATA props;           /* read-only */
};

static const IABContainerVtbl container_vtbl;

static inline struct container *impl_from_IABContainer(IABContainer *iface)
{
    return CONTAINING_RECORD(iface, struct container, IABContainer_iface);
}

static HRESULT container_props(ULONG index, SPropValue *values, struct fab_entryid *id)
{
    ULONG n = 0;

    fab_make_entryid(MAPI_ABCONT, index, id);
    values[n].ulPropTag = PR_ENTRYID;
    values[n].Value.bin.cb = sizeof(*id);
    values[n++].Value.bin.lpb = (BYTE *)id;
    values[n].ulPropTag = PR_RECORD_KEY;
    values[n].Value.bin.cb = sizeof(*id);
    values[n++].Value.bin.lpb = (BYTE *)id;
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_ABCONT;
    values[n].ulPropTag = PR_DISPLAY_TYPE;
    values[n++].Value.l = index == FAB_ROOT ? DT_NOT_SPECIFIC : DT_GLOBAL;
    values[n].ulPropTag = PR_DISPLAY_NAME_A;
    values[n++].Value.lpszA = (char *)(index == FAB_ROOT ? "Foreign Address Book" : "Foreign Directory");
    values[n].ulPropTag = PR_CONTAINER_FLAGS;
    values[n++].Value.l = index == FAB_ROOT ? AB_SUBCONTAINERS | AB_UNMODIFIABLE : AB_RECIPIENTS | AB_UNMODIFIABLE;
    values[n].ulPropTag = PR_DEPTH;
    values[n++].Value.l = 0;
    return n;
}

HRESULT fab_container_open(struct fab_logon *logon, ULONG index, IABContainer **ret)
{
    struct container *container;
    struct fab_entryid id;
    SPropValue values[8];
    ULONG count;
    HRESULT hr;

    if (!(container = calloc(1, sizeof(*container)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = CreateIProp(&IID_IMAPIPropData, fab_alloc, fab_more, fab_free, NULL, &container->props)))
    {
        free(container);
        return hr;
    }
    count = container_props(index, values, &id);
    if (FAILED(hr = CALL(container->props, SetProps, count, values, NULL)) ||
        FAILED(hr = CALL(container->props, HrSetObjAccess, IPROP_READONLY)))
    {
        CALL(container->props, Release);
        free(container);
        return hr;
    }
    container->IABContainer_iface.lpVtbl = (IABContainerVtbl *)&container_vtbl;
    container->ref = 1;
    container->logon = logon;
    container->index = index;
    CALL(&logon->IABLogon_iface, AddRef);
    *ret = &container->IABContainer_iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE container_QueryInterface(IABContainer *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) ||
        IsEqualIID(iid, &IID_IMAPIContainer) || IsEqualIID(iid, &IID_IABContainer))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE container_AddRef(IABContainer *iface)
{
    return InterlockedIncrement(&impl_from_IABContainer(iface)->ref);
}

static ULONG STDMETHODCALLTYPE container_Release(IABContainer *iface)
{
    struct container *container = impl_from_IABContainer(iface);
    ULONG ref = InterlockedDecrement(&container->ref);

    if (ref) return ref;
    CALL(container->props, Release);
    CALL(&container->logon->IABLogon_iface, Release);
    free(container);
    return 0;
}

static HRESULT STDMETHODCALLTYPE container_GetLastError(IABContainer *iface, HRESULT hr, ULONG flags,
                                                        LPMAPIERROR *error)
{
    Validate_IMAPIProp_GetLastError(iface, hr, flags, error);
    *error = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE container_SaveChanges(IABContainer *iface, ULONG flags)
{
    Validate_IMAPIProp_SaveChanges(iface, flags);
    return MAPI_E_NO_ACCESS;
}

static HRESULT STDMETHODCALLTYPE container_GetProps(IABContainer *iface, LPSPropTagArray tags, ULONG flags,
                                                    ULONG *count, LPSPropValue *props)
{
    Validate_IMAPIProp_GetProps(iface, tags, flags, count, props);
    return CALL(impl_from_IABContainer(iface)->props, GetProps, tags, flags, count, props);
}

static HRESULT STDMETHODCALLTYPE container_GetPropList(IABContainer *iface, ULONG flags, LPSPropTagArray *tags)
{
    Validate_IMAPIProp_GetPropList(iface, flags, tags);
    return CALL(impl_from_IABContainer(iface)->props, GetPropList, flags, tags);
}

static HRESULT STDMETHODCALLTYPE container_OpenProperty(IABContainer *iface, ULONG tag, LPCIID iid, ULONG options,
                                                        ULONG flags, LPUNKNOWN *unk)
{
    Validate_IMAPIProp_OpenProperty(iface, tag, iid, options, flags, unk);
    if (tag == PR_CONTAINER_CONTENTS && IsEqualIID(iid, &IID_IMAPITable))
        return CALL(iface, GetContentsTable, 0, (LPMAPITABLE *)unk);
    if (tag == PR_CONTAINER_HIERARCHY && IsEqualIID(iid, &IID_IMAPITable))
        return CALL(iface, GetHierarchyTable, 0, (LPMAPITABLE *)unk);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE container_SetProps(IABContainer *iface, ULONG count, LPSPropValue values,
                                                    LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_SetProps(iface, count, values, problems);
    return CALL(impl_from_IABContainer(iface)->props, SetProps, count, values, problems);
}

static HRESULT STDMETHODCALLTYPE container_DeleteProps(IABContainer *iface, LPSPropTagArray tags,
                                                       LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_DeleteProps(iface, tags, problems);
    return CALL(impl_from_IABContainer(iface)->props, DeleteProps, tags, problems);
}

static HRESULT STDMETHODCALLTYPE container_CopyTo(IABContainer *iface, ULONG count, LPCIID exclude,
                                                  LPSPropTagArray tags, ULONG ui, LPMAPIPROGRESS progress,
                                                  LPCIID iid, LPVOID dst, ULONG flags, LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyTo(iface, count, exclude, tags, ui, progress, iid, dst, flags, problems);
    return CALL(impl_from_IABContainer(iface)->props, CopyTo, count, exclude, tags, ui, progress, iid, dst, flags,
                problems);
}

static HRESULT STDMETHODCALLTYPE container_CopyProps(IABContainer *iface, LPSPropTagArray tags, ULONG ui,
                                                     LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                                     LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyProps(iface, tags, ui, progress, iid, dst, flags, problems);
    return CALL(impl_from_IABContainer(iface)->props, CopyProps, tags, ui, progress, iid, dst, flags, problems);
}

static HRESULT STDMETHODCALLTYPE container_GetNamesFromIDs(IABContainer *iface, LPSPropTagArray *tags, LPGUID guid,
                                                           ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    Validate_IMAPIProp_GetNamesFromIDs(iface, tags, guid, flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE container_GetIDsFromNames(IABContainer *iface, ULONG count, LPMAPINAMEID *names,
                                                           ULONG flags, LPSPropTagArray *tags)
{
    Validate_IMAPIProp_GetIDsFromNames(iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

static const SizedSPropTagArray(10, entry_columns) =
{
    10,
    {
        PR_ENTRYID, PR_RECORD_KEY, PR_INSTANCE_KEY, PR_OBJECT_TYPE, PR_DISPLAY_TYPE, PR_DISPLAY_NAME_A,
        PR_TRANSMITABLE_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_SEARCH_KEY,
    }
};

/* The directory's rows, made once per logon. */
static HRESULT directory_contents(struct fab_logon *logon)
{
    SPropValue *props;
    ULONG i, count;
    SRow row;
    HRESULT hr;

    if (logon->contents) return S_OK;
    if ((hr = CreateTable(&IID_IMAPITableData, fab_alloc, fab_more, fab_free, NULL, TBLTYPE_SNAPSHOT,
                          PR_INSTANCE_KEY, (SPropTagArray *)&entry_columns, &logon->contents)))
        return hr;
    for (i = 1; i <= logon->count && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = fab_entry_props(logon, i, NULL, &count, &props))) break;
        row.ulAdrEntryPad = 0;
        row.cValues = count;
        row.lpProps = props;
        hr = CALL(logon->contents, HrModifyRow, &row);
        fab_free(props);
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE container_GetContentsTable(IABContainer *iface, ULONG flags, LPMAPITABLE *table)
{
    struct container *container = impl_from_IABContainer(iface);
    ITableData *data;
    HRESULT hr;

    Validate_IMAPIContainer_GetContentsTable(iface, flags, table);
    if (flags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
    if (container->index == FAB_DIRECTORY)
    {
        if (FAILED(hr = directory_contents(container->logon))) return hr;
        return CALL(container->logon->contents, HrGetView, NULL, NULL, 0, table);
    }
    /* The top container holds no recipients. */
    if ((hr = CreateTable(&IID_IMAPITableData, fab_alloc, fab_more, fab_free, NULL, TBLTYPE_SNAPSHOT,
                          PR_INSTANCE_KEY, (SPropTagArray *)&entry_columns, &data)))
        return hr;
    hr = CALL(data, HrGetView, NULL, NULL, 0, table);
    CALL(data, Release);
    return hr;
}

static HRESULT STDMETHODCALLTYPE container_GetHierarchyTable(IABContainer *iface, ULONG flags, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(8, columns) =
    {
        8, { PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_OBJECT_TYPE, PR_DISPLAY_TYPE, PR_DISPLAY_NAME_A,
             PR_CONTAINER_FLAGS, PR_DEPTH }
    };
    struct container *container = impl_from_IABContainer(iface);
    SPropValue values[9];
    struct fab_entryid id;
    ITableData *data;
    ULONG count, key = FAB_DIRECTORY;
    SRow row;
    HRESULT hr;

    Validate_IMAPIContainer_GetHierarchyTable(iface, flags, table);
    if (flags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
    if ((hr = CreateTable(&IID_IMAPITableData, fab_alloc, fab_more, fab_free, NULL, TBLTYPE_SNAPSHOT,
                          PR_INSTANCE_KEY, (SPropTagArray *)&columns, &data)))
        return hr;
    if (container->index == FAB_ROOT)
    {
        count = container_props(FAB_DIRECTORY, values, &id);
        values[count].ulPropTag = PR_INSTANCE_KEY;
        values[count].Value.bin.cb = sizeof(key);
        values[count++].Value.bin.lpb = (BYTE *)&key;
        row.ulAdrEntryPad = 0;
        row.cValues = count;
        row.lpProps = values;
        hr = CALL(data, HrModifyRow, &row);
    }
    if (SUCCEEDED(hr)) hr = CALL(data, HrGetView, NULL, NULL, 0, table);
    CALL(data, Release);
    return hr;
}

static HRESULT STDMETHODCALLTYPE container_OpenEntry(IABContainer *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                                     ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    struct container *container = impl_from_IABContainer(iface);

    Validate_IMAPIContainer_OpenEntry(iface, size, entryid, iid, flags, type, object);
    return CALL(&container->logon->IABLogon_iface, OpenEntry, size, entryid, iid, flags, type, object);
}

static HRESULT STDMETHODCALLTYPE container_SetSearchCriteria(IABContainer *iface, LPSRestriction restriction,
                                                             LPENTRYLIST containers, ULONG flags)
{
    Validate_IMAPIContainer_SetSearchCriteria(iface, restriction, containers, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE container_GetSearchCriteria(IABContainer *iface, ULONG flags,
                                                             LPSRestriction *restriction, LPENTRYLIST *containers,
                                                             ULONG *state)
{
    Validate_IMAPIContainer_GetSearchCriteria(iface, flags, restriction, containers, state);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE container_CreateEntry(IABContainer *iface, ULONG size, LPENTRYID template_id,
                                                       ULONG flags, LPMAPIPROP *entry)
{
    Validate_IABContainer_CreateEntry(iface, size, template_id, flags, entry);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE container_CopyEntries(IABContainer *iface, LPENTRYLIST entries, ULONG ui,
                                                       LPMAPIPROGRESS progress, ULONG flags)
{
    Validate_IABContainer_CopyEntries(iface, entries, ui, progress, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE container_DeleteEntries(IABContainer *iface, LPENTRYLIST entries, ULONG flags)
{
    Validate_IABContainer_DeleteEntries(iface, entries, flags);
    return MAPI_E_NO_SUPPORT;
}

/* The entries whose display name starts with the given one; an exact match wins. */
static ULONG find_entries(struct fab_logon *logon, const char *name, ULONG *found)
{
    ULONG i, count = 0;
    size_t len = strlen(name);

    for (i = 0; i < logon->count; i++)
    {
        if (!lstrcmpiA(logon->entries[i].name, name))
        {
            *found = i + 1;
            return 1;
        }
        if (len && !_strnicmp(logon->entries[i].name, name, len))
        {
            *found = i + 1;
            count++;
        }
    }
    return count;
}

static HRESULT STDMETHODCALLTYPE container_ResolveNames(IABContainer *iface, LPSPropTagArray tags, ULONG flags,
                                                        LPADRLIST list, LPFlagList flag_list)
{
    static const SizedSPropTagArray(5, default_tags) =
        { 5, { PR_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_ENTRYID, PR_SEARCH_KEY } };
    struct container *container = impl_from_IABContainer(iface);
    struct fab_logon *logon = container->logon;
    SPropValue *known, *values, *name;
    ULONG i, j, index, known_count;
    HRESULT hr;

    Validate_IABContainer_ResolveNames(iface, tags, flags, list, flag_list);
    if (flags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
    if (container->index != FAB_DIRECTORY) return MAPI_E_NO_SUPPORT;
    if (flag_list->cFlags != list->cEntries) return MAPI_E_INVALID_PARAMETER;
    if (!tags) tags = (SPropTagArray *)&default_tags;

    for (i = 0; i < list->cEntries; i++)
    {
        ADRENTRY *entry = &list->aEntries[i];

        if (flag_list->ulFlag[i] != MAPI_UNRESOLVED) continue;
        if (!(name = PpropFindProp(entry->rgPropVals, entry->cValues, PR_DISPLAY_NAME_A))) continue;
        switch (find_entries(logon, name->Value.lpszA, &index))
        {
        case 0:
            continue;
        case 1:
            break;
        default:
            flag_list->ulFlag[i] = MAPI_AMBIGUOUS;
            continue;
        }
        if (FAILED(hr = fab_entry_props(logon, index, NULL, &known_count, &known))) return hr;
        if ((hr = fab_alloc(tags->cValues * sizeof(SPropValue), (void **)&values)))
        {
            fab_free(known);
            return hr;
        }
        for (j = 0; j < tags->cValues; j++)
        {
            SPropValue *found = PpropFindProp(known, known_count, tags->aulPropTag[j]);

            if (!found || FAILED(PropCopyMore(&values[j], found, fab_more, values)))
            {
                values[j].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[j]));
                values[j].Value.err = MAPI_E_NOT_FOUND;
            }
        }
        fab_free(known);
        fab_free(entry->rgPropVals);
        entry->rgPropVals = values;
        entry->cValues = tags->cValues;
        flag_list->ulFlag[i] = MAPI_RESOLVED;
    }
    foreign_log("ab:ResolveNames entries=%lu", list->cEntries);
    return S_OK;
}

static const IABContainerVtbl container_vtbl =
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
