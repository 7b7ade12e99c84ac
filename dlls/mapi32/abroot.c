/*
 * The root container of the integrated address book: what IAddrBook::OpenEntry
 * opens for a NULL entry ID. Its hierarchy table merges the hierarchy tables
 * of the top-level container of each address book provider of the session
 * (what IABLogon::OpenEntry gives for a NULL entry ID), in profile order; it
 * holds no recipients of its own. Its ResolveNames resolves through the
 * search path, as IAddrBook::ResolveName does.
 */

#include "addrbook.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* c2d1b1e8-5f0e-4d6b-9a3c-77a2e05d1b30: MAPI's own UID for the root container's entry ID */
static const MAPIUID abroot_uid =
    {{ 0xc2, 0xd1, 0xb1, 0xe8, 0x5f, 0x0e, 0x4d, 0x6b, 0x9a, 0x3c, 0x77, 0xa2, 0xe0, 0x5d, 0x1b, 0x30 }};

struct abroot
{
    IABContainer IABContainer_iface;
    LONG ref;
    struct session *session;    /* internal reference */
    IPropData *props;           /* read-only */
    struct mapi_error_info error;
};

static inline struct abroot *impl_from_IABContainer(IABContainer *iface)
{
    return CONTAINING_RECORD(iface, struct abroot, IABContainer_iface);
}

#define CHECK_SESSION(session) do { if ((session)->logged_off) return MAPI_E_INVALID_OBJECT; } while (0)

BOOL abroot_is_entryid(ULONG size, const ENTRYID *entryid)
{
    const struct abroot_entryid *id = (const struct abroot_entryid *)entryid;

    if (!size || !entryid) return TRUE;
    return size == sizeof(*id) && !memcmp(&id->uid, &abroot_uid, sizeof(abroot_uid));
}

HRESULT abroot_entryid(ULONG *size, ENTRYID **entryid)
{
    struct abroot_entryid *id;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(sizeof(*id), (void **)&id))) return hr;
    memset(id, 0, sizeof(*id));
    id->uid = abroot_uid;
    *size = sizeof(*id);
    *entryid = (ENTRYID *)id;
    return S_OK;
}

HRESULT ab_copy_prop(SPropValue *dst, const SPropValue *src, BOOL unicode, void *parent)
{
    ULONG type = PROP_TYPE(src->ulPropTag), id = PROP_ID(src->ulPropTag);
    int len;

    if (type == PT_UNICODE && !unicode)
    {
        dst->ulPropTag = PROP_TAG(PT_STRING8, id);
        len = WideCharToMultiByte(CP_ACP, 0, src->Value.lpszW, -1, NULL, 0, NULL, NULL);
        if (MAPIAllocateMore(len, parent, (void **)&dst->Value.lpszA)) return MAPI_E_NOT_ENOUGH_MEMORY;
        WideCharToMultiByte(CP_ACP, 0, src->Value.lpszW, -1, dst->Value.lpszA, len, NULL, NULL);
        return S_OK;
    }
    if (type == PT_STRING8 && unicode)
    {
        dst->ulPropTag = PROP_TAG(PT_UNICODE, id);
        len = MultiByteToWideChar(CP_ACP, 0, src->Value.lpszA, -1, NULL, 0);
        if (MAPIAllocateMore(len * sizeof(WCHAR), parent, (void **)&dst->Value.lpszW))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        MultiByteToWideChar(CP_ACP, 0, src->Value.lpszA, -1, dst->Value.lpszW, len);
        return S_OK;
    }
    return PropCopyMore(dst, (SPropValue *)src, MAPIAllocateMore, parent);
}

HRESULT ab_open_entry(struct session *session, ULONG size, ENTRYID *entryid, const IID *iid, ULONG flags,
                      ULONG *type, IUnknown **object)
{
    IAddrBook *book;
    HRESULT hr;

    if (FAILED(hr = session_get_addrbook(session, &book))) return hr;
    hr = IAddrBook_OpenEntry(book, size, entryid, iid, flags, type, object);
    IAddrBook_Release(book);
    return hr;
}

/* The session's address book logons, counted, so that no lock is held while they are called. */
static HRESULT get_ab_logons(struct session *session, ULONG *count, IABLogon ***logons)
{
    struct provider_logon *logon;
    ULONG n = 0;

    *count = 0;
    *logons = NULL;
    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
        if (logon->info.resource_type == MAPI_AB_PROVIDER && logon->logon && !logon->closing) n++;
    if (n && !(*logons = calloc(n, sizeof(**logons))))
    {
        LeaveCriticalSection(&session->cs);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
    {
        if (logon->info.resource_type != MAPI_AB_PROVIDER || !logon->logon || logon->closing) continue;
        (*logons)[(*count)++] = (IABLogon *)logon->logon;
        IABLogon_AddRef((IABLogon *)logon->logon);
    }
    LeaveCriticalSection(&session->cs);
    return S_OK;
}

/* The columns asked of a provider's hierarchy table, in the order of enum abroot_column. */
static void hierarchy_columns(SPropTagArray *columns, BOOL unicode)
{
    columns->cValues = ABROOT_COLUMNS;
    columns->aulPropTag[ABROOT_INSTANCE_KEY] = PR_INSTANCE_KEY;
    columns->aulPropTag[ABROOT_ENTRYID] = PR_ENTRYID;
    columns->aulPropTag[ABROOT_DISPLAY_NAME] = unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
    columns->aulPropTag[ABROOT_OBJECT_TYPE] = PR_OBJECT_TYPE;
    columns->aulPropTag[ABROOT_DISPLAY_TYPE] = PR_DISPLAY_TYPE;
    columns->aulPropTag[ABROOT_CONTAINER_FLAGS] = PR_CONTAINER_FLAGS;
    columns->aulPropTag[ABROOT_DEPTH] = PR_DEPTH;
    columns->aulPropTag[ABROOT_RECORD_KEY] = PR_RECORD_KEY;
    columns->aulPropTag[ABROOT_AB_PROVIDER_ID] = PR_AB_PROVIDER_ID;
}

/* One provider's rows, in the width asked for, appended to *rows (grown as needed). */
static HRESULT provider_hierarchy(IABLogon *logon, ULONG flags, SRowSet **rows, ULONG *allocated)
{
    SizedSPropTagArray(ABROOT_COLUMNS, columns);
    BOOL unicode = !!(flags & MAPI_UNICODE), ansi;
    IABContainer *top;
    IMAPITable *table;
    SRowSet *found;
    ULONG type, i, j;
    HRESULT hr;

    if (FAILED(hr = IABLogon_OpenEntry(logon, 0, NULL, NULL, 0, &type, (IUnknown **)&top)))
    {
        WARN("the provider %p has no top-level container: %#lx\n", logon, hr);
        return S_OK;
    }
    if (type != MAPI_ABCONT)
    {
        WARN("the provider %p's top-level object is of type %lu\n", logon, type);
        IABContainer_Release(top);
        return S_OK;
    }
    /* A provider may know ANSI only: MAPI asks without MAPI_UNICODE then (charwidth.c). */
    hr = mapi_open_table_w(top, MAPI_TABLE_HIERARCHY, flags & CONVENIENT_DEPTH, &table, &ansi);
    IABContainer_Release(top);
    if (hr == MAPI_E_NO_SUPPORT) return S_OK;
    if (FAILED(hr)) return hr;
    hierarchy_columns((SPropTagArray *)&columns, !ansi);
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &found);
    table->lpVtbl->Release(table);
    if (FAILED(hr)) return hr;

    for (i = 0; i < found->cRows && SUCCEEDED(hr); i++)
    {
        SPropValue *src = found->aRow[i].lpProps, *dst;
        ULONG n = 0, depth;

        if (found->aRow[i].cValues < ABROOT_COLUMNS) continue;
        if (PROP_TYPE(src[ABROOT_ENTRYID].ulPropTag) == PT_ERROR) continue;
        depth = src[ABROOT_DEPTH].ulPropTag == PR_DEPTH ? src[ABROOT_DEPTH].Value.l : 0;
        /* The provider's children of its top container are the root's children. */
        if (depth && !(flags & CONVENIENT_DEPTH)) continue;
        if ((*rows)->cRows == *allocated)
        {
            SRowSet *bigger;

            *allocated *= 2;
            if (FAILED(hr = MAPIAllocateBuffer(CbNewSRowSet(*allocated), (void **)&bigger))) break;
            memcpy(bigger, *rows, CbNewSRowSet((*rows)->cRows));
            MAPIFreeBuffer(*rows);
            *rows = bigger;
        }
        if (FAILED(hr = MAPIAllocateBuffer(ABROOT_COLUMNS * sizeof(SPropValue), (void **)&dst))) break;
        for (j = ABROOT_ENTRYID; j < ABROOT_COLUMNS && SUCCEEDED(hr); j++)
        {
            if (j == ABROOT_DEPTH || j == ABROOT_AB_PROVIDER_ID || PROP_TYPE(src[j].ulPropTag) == PT_ERROR)
                continue;
            hr = ab_copy_prop(&dst[n++], &src[j], unicode, dst);
        }
        dst[n].ulPropTag = PR_DEPTH;
        dst[n++].Value.l = depth;
        /* The provider is the one whose UID begins the entry ID. */
        if (src[ABROOT_ENTRYID].Value.bin.cb >= 4 + sizeof(MAPIUID))
        {
            dst[n].ulPropTag = PR_AB_PROVIDER_ID;
            dst[n].Value.bin.cb = sizeof(MAPIUID);
            if (FAILED(hr = MAPIAllocateMore(sizeof(MAPIUID), dst, (void **)&dst[n].Value.bin.lpb))) break;
            memcpy(dst[n++].Value.bin.lpb, src[ABROOT_ENTRYID].Value.bin.lpb + 4, sizeof(MAPIUID));
        }
        if (FAILED(hr))
        {
            MAPIFreeBuffer(dst);
            break;
        }
        (*rows)->aRow[(*rows)->cRows].ulAdrEntryPad = 0;
        (*rows)->aRow[(*rows)->cRows].cValues = n;
        (*rows)->aRow[(*rows)->cRows++].lpProps = dst;
    }
    FreeProws(found);
    return hr;
}

HRESULT abroot_get_hierarchy(struct session *session, ULONG flags, SRowSet **rows)
{
    ULONG count, allocated = 8, i;
    IABLogon **logons;
    HRESULT hr;

    if (FAILED(hr = get_ab_logons(session, &count, &logons))) return hr;
    if (SUCCEEDED(hr = MAPIAllocateBuffer(CbNewSRowSet(allocated), (void **)rows)))
    {
        (*rows)->cRows = 0;
        for (i = 0; i < count && SUCCEEDED(hr); i++) hr = provider_hierarchy(logons[i], flags, rows, &allocated);
        if (FAILED(hr))
        {
            FreeProws(*rows);
            *rows = NULL;
        }
    }
    for (i = 0; i < count; i++) IABLogon_Release(logons[i]);
    free(logons);
    return hr;
}

/* IABContainer of the root */

static HRESULT WINAPI abroot_QueryInterface(IABContainer *iface, REFIID iid, void **obj)
{
    struct abroot *root = impl_from_IABContainer(iface);

    TRACE("(%p,%s,%p)\n", root, debugstr_guid(iid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMAPIContainer) ||
        IsEqualIID(iid, &IID_IABContainer))
    {
        *obj = iface;
        IABContainer_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI abroot_AddRef(IABContainer *iface)
{
    struct abroot *root = impl_from_IABContainer(iface);
    return InterlockedIncrement(&root->ref);
}

static ULONG WINAPI abroot_Release(IABContainer *iface)
{
    struct abroot *root = impl_from_IABContainer(iface);
    ULONG ref = InterlockedDecrement(&root->ref);

    if (!ref)
    {
        IPropData_Release(root->props);
        mapi_error_clear(&root->error);
        session_release_internal(root->session);
        free(root);
    }
    return ref;
}

static HRESULT WINAPI abroot_GetLastError(IABContainer *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    struct abroot *root = impl_from_IABContainer(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", root, hr, flags, error);
    CHECK_SESSION(root->session);
    return mapi_error_get(&root->error, L"MAPI address book", hr, flags, error);
}

static HRESULT WINAPI abroot_SaveChanges(IABContainer *iface, ULONG flags)
{
    CHECK_SESSION(impl_from_IABContainer(iface)->session);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI abroot_GetProps(IABContainer *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,
                                      LPSPropValue *props)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return IPropData_GetProps(root->props, tags, flags, count, props);
}

static HRESULT WINAPI abroot_GetPropList(IABContainer *iface, ULONG flags, LPSPropTagArray *tags)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return IPropData_GetPropList(root->props, flags, tags);
}

static HRESULT WINAPI abroot_OpenProperty(IABContainer *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                          LPUNKNOWN *unk)
{
    struct abroot *root = impl_from_IABContainer(iface);

    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", root, tag, debugstr_guid(iid), options, flags, unk);
    CHECK_SESSION(root->session);
    if (!iid || !unk) return MAPI_E_INVALID_PARAMETER;
    if ((tag == PR_CONTAINER_HIERARCHY || tag == PR_CONTAINER_CONTENTS) && !IsEqualIID(iid, &IID_IMAPITable))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (tag == PR_CONTAINER_HIERARCHY)
        return IABContainer_GetHierarchyTable(iface, flags & MAPI_UNICODE, (IMAPITable **)unk);
    if (tag == PR_CONTAINER_CONTENTS)
        return IABContainer_GetContentsTable(iface, flags & MAPI_UNICODE, (IMAPITable **)unk);
    return IPropData_OpenProperty(root->props, tag, iid, options, flags, unk);
}

static HRESULT WINAPI abroot_SetProps(IABContainer *iface, ULONG count, LPSPropValue props,
                                      LPSPropProblemArray *problems)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return IPropData_SetProps(root->props, count, props, problems);
}

static HRESULT WINAPI abroot_DeleteProps(IABContainer *iface, LPSPropTagArray tags, LPSPropProblemArray *problems)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return IPropData_DeleteProps(root->props, tags, problems);
}

static HRESULT WINAPI abroot_CopyTo(IABContainer *iface, ULONG exclude_count, LPCIID exclude, LPSPropTagArray tags,
                                    ULONG_PTR ui_param, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                    LPSPropProblemArray *problems)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return root->props->lpVtbl->CopyTo(root->props, exclude_count, exclude, tags, ui_param, progress, iid, dst,
                                       flags, problems);
}

static HRESULT WINAPI abroot_CopyProps(IABContainer *iface, LPSPropTagArray tags, ULONG_PTR ui_param,
                                       LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                       LPSPropProblemArray *problems)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return root->props->lpVtbl->CopyProps(root->props, tags, ui_param, progress, iid, dst, flags, problems);
}

static HRESULT WINAPI abroot_GetNamesFromIDs(IABContainer *iface, LPSPropTagArray *tags, LPGUID guid, ULONG flags,
                                             ULONG *count, LPMAPINAMEID **names)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return IPropData_GetNamesFromIDs(root->props, tags, guid, flags, count, names);
}

static HRESULT WINAPI abroot_GetIDsFromNames(IABContainer *iface, ULONG count, LPMAPINAMEID *names, ULONG flags,
                                             LPSPropTagArray *tags)
{
    struct abroot *root = impl_from_IABContainer(iface);
    CHECK_SESSION(root->session);
    return IPropData_GetIDsFromNames(root->props, count, names, flags, tags);
}

/* The root holds containers only: its contents table is empty. */
static HRESULT WINAPI abroot_GetContentsTable(IABContainer *iface, ULONG flags, LPMAPITABLE *table)
{
    struct abroot *root = impl_from_IABContainer(iface);
    SizedSPropTagArray(8, columns) =
        { 8, { PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_OBJECT_TYPE,
               PR_DISPLAY_TYPE, PR_RECORD_KEY } };
    ITableData *data;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", root, flags, table);
    CHECK_SESSION(root->session);
    if (!table) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & MAPI_UNICODE)
    {
        columns.aulPropTag[2] = PR_DISPLAY_NAME_W;
        columns.aulPropTag[3] = PR_ADDRTYPE_W;
        columns.aulPropTag[4] = PR_EMAIL_ADDRESS_W;
    }
    if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)&columns, &data)))
        return hr;
    hr = session_get_view(root->session, data, table);
    ITableData_Release(data);
    return hr;
}

static HRESULT WINAPI abroot_GetHierarchyTable(IABContainer *iface, ULONG flags, LPMAPITABLE *table)
{
    struct abroot *root = impl_from_IABContainer(iface);
    SizedSPropTagArray(ABROOT_COLUMNS, columns);
    ITableData *data;
    SRowSet *rows;
    ULONG i;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", root, flags, table);
    CHECK_SESSION(root->session);
    if (!table) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(CONVENIENT_DEPTH | MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;

    hierarchy_columns((SPropTagArray *)&columns, !!(flags & MAPI_UNICODE));
    if (FAILED(hr = abroot_get_hierarchy(root->session, flags, &rows))) return hr;
    if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)&columns, &data)))
    {
        FreeProws(rows);
        return hr;
    }
    /* Instance keys of the merged table: the row's place, as providers' keys may collide. */
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        SPropValue props[ABROOT_COLUMNS + 1];
        ULONG key = i + 1;
        SRow row;

        props[0].ulPropTag = PR_INSTANCE_KEY;
        props[0].Value.bin.cb = sizeof(key);
        props[0].Value.bin.lpb = (BYTE *)&key;
        memcpy(props + 1, rows->aRow[i].lpProps, rows->aRow[i].cValues * sizeof(SPropValue));
        row.ulAdrEntryPad = 0;
        row.cValues = rows->aRow[i].cValues + 1;
        row.lpProps = props;
        hr = ITableData_HrModifyRow(data, &row);
    }
    FreeProws(rows);
    if (SUCCEEDED(hr)) hr = session_get_view(root->session, data, table);
    ITableData_Release(data);
    return hr;
}

static HRESULT WINAPI abroot_OpenEntry(IABContainer *iface, ULONG size, LPENTRYID entryid, LPCIID iid, ULONG flags,
                                       ULONG *type, LPUNKNOWN *object)
{
    struct abroot *root = impl_from_IABContainer(iface);

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", root, size, entryid, debugstr_guid(iid), flags, type, object);
    CHECK_SESSION(root->session);
    return ab_open_entry(root->session, size, entryid, iid, flags, type, object);
}

static HRESULT WINAPI abroot_SetSearchCriteria(IABContainer *iface, LPSRestriction restriction,
                                               LPENTRYLIST containers, ULONG flags)
{
    CHECK_SESSION(impl_from_IABContainer(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI abroot_GetSearchCriteria(IABContainer *iface, ULONG flags, LPSRestriction *restriction,
                                               LPENTRYLIST *containers, ULONG *state)
{
    CHECK_SESSION(impl_from_IABContainer(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

/* Entries live in the providers' containers, never in the root. */
static HRESULT WINAPI abroot_CreateEntry(IABContainer *iface, ULONG size, LPENTRYID template_id, ULONG flags,
                                         LPMAPIPROP *entry)
{
    CHECK_SESSION(impl_from_IABContainer(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI abroot_CopyEntries(IABContainer *iface, LPENTRYLIST entries, ULONG_PTR ui_param,
                                         LPMAPIPROGRESS progress, ULONG flags)
{
    CHECK_SESSION(impl_from_IABContainer(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI abroot_DeleteEntries(IABContainer *iface, LPENTRYLIST entries, ULONG flags)
{
    CHECK_SESSION(impl_from_IABContainer(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI abroot_ResolveNames(IABContainer *iface, LPSPropTagArray tags, ULONG flags, LPADRLIST list,
                                          LPFlagList flag_list)
{
    struct abroot *root = impl_from_IABContainer(iface);

    TRACE("(%p,%p,%#lx,%p,%p)\n", root, tags, flags, list, flag_list);
    CHECK_SESSION(root->session);
    if (!list || !flag_list || flag_list->cFlags != list->cEntries) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_CACHE_ONLY)) return MAPI_E_UNKNOWN_FLAGS;
    return absearch_resolve(root->session, tags, flags & MAPI_UNICODE, list, flag_list);
}

static const IABContainerVtbl abroot_vtbl =
{
    abroot_QueryInterface,
    abroot_AddRef,
    abroot_Release,
    abroot_GetLastError,
    abroot_SaveChanges,
    abroot_GetProps,
    abroot_GetPropList,
    abroot_OpenProperty,
    abroot_SetProps,
    abroot_DeleteProps,
    abroot_CopyTo,
    abroot_CopyProps,
    abroot_GetNamesFromIDs,
    abroot_GetIDsFromNames,
    abroot_GetContentsTable,
    abroot_GetHierarchyTable,
    abroot_OpenEntry,
    abroot_SetSearchCriteria,
    abroot_GetSearchCriteria,
    abroot_CreateEntry,
    abroot_CopyEntries,
    abroot_DeleteEntries,
    abroot_ResolveNames,
};

HRESULT abroot_open(struct session *session, const IID *iid, ULONG flags, ULONG *type, IUnknown **object)
{
    struct abroot_entryid id = { { 0 } };
    struct abroot *root;
    SPropValue props[6];
    HRESULT hr;

    if (iid && !IsEqualIID(iid, &IID_IABContainer) && !IsEqualIID(iid, &IID_IMAPIContainer) &&
        !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    /* Nothing of the root can be changed. */
    if (flags & MAPI_MODIFY) return MAPI_E_NO_ACCESS;
    if (!(root = calloc(1, sizeof(*root)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                &root->props)))
    {
        free(root);
        return hr;
    }
    id.uid = abroot_uid;
    props[0].ulPropTag = PR_ENTRYID;
    props[0].Value.bin.cb = sizeof(id);
    props[0].Value.bin.lpb = (BYTE *)&id;
    props[1].ulPropTag = PR_RECORD_KEY;
    props[1].Value.bin = props[0].Value.bin;
    props[2].ulPropTag = PR_OBJECT_TYPE;
    props[2].Value.l = MAPI_ABCONT;
    props[3].ulPropTag = PR_DISPLAY_TYPE;
    props[3].Value.l = DT_NOT_SPECIFIC;
    props[4].ulPropTag = PR_DISPLAY_NAME_W;
    props[4].Value.lpszW = (WCHAR *)L"";
    props[5].ulPropTag = PR_CONTAINER_FLAGS;
    props[5].Value.l = AB_SUBCONTAINERS | AB_UNMODIFIABLE;
    if (FAILED(hr = IPropData_SetProps(root->props, ARRAY_SIZE(props), props, NULL)))
    {
        IPropData_Release(root->props);
        free(root);
        return hr;
    }
    IPropData_HrSetObjAccess(root->props, IPROP_READONLY);

    root->IABContainer_iface.lpVtbl = &abroot_vtbl;
    root->ref = 1;
    root->session = session;
    session_addref_internal(session);
    *type = MAPI_ABCONT;
    *object = (IUnknown *)&root->IABContainer_iface;
    return S_OK;
}
