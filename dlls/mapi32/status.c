/*
 * The session's status table (IMAPISession::GetStatusTable): a row for MAPI
 * itself, one for the spooler and one per provider logon, which providers
 * keep up to date with IMAPISupport::ModifyStatusRow.
 *
 * The rows are kept here with wide strings and written to two tables, one
 * with wide and one with ANSI string columns, so that a program gets the
 * strings it asked for (MAPI_UNICODE) and sees changes as table notifications.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct status_row
{
    struct list entry;
    ULONG id;                   /* PR_ROWID */
    MAPIUID provider_uid;       /* zero for MAPI's own rows */
    ULONG count;
    SPropValue *props;          /* one MAPIAllocateBuffer block, wide strings */
};

struct status_table
{
    ITableData *tables[2];      /* ANSI, wide */
    struct list rows;
};

#define STATUS_COLUMNS 9

static const SizedSPropTagArray(STATUS_COLUMNS, columns_w) =
{
    STATUS_COLUMNS, { PR_ROWID, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W, PR_PROVIDER_DLL_NAME_W, PR_RESOURCE_TYPE,
                      PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE, PR_STATUS_STRING_W }
};
static const SizedSPropTagArray(STATUS_COLUMNS, columns_a) =
{
    STATUS_COLUMNS, { PR_ROWID, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_TYPE,
                      PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE, PR_STATUS_STRING_A }
};

/* A copy of values with their strings made wide (unicode) or ANSI. */
static HRESULT convert_props(ULONG count, const SPropValue *src, BOOL unicode, SPropValue **ret)
{
    SPropValue *dst;
    ULONG i, size;
    HRESULT hr;
    int len;

    if (FAILED(hr = mapi_props_size(count, src, &size))) return hr;
    if (FAILED(hr = MAPIAllocateBuffer(size, (void **)&dst))) return hr;
    if (FAILED(hr = mapi_props_copy(count, src, dst, &size)))
    {
        MAPIFreeBuffer(dst);
        return hr;
    }
    for (i = 0; i < count; i++)
    {
        if (unicode && PROP_TYPE(dst[i].ulPropTag) == PT_STRING8)
        {
            const char *str = dst[i].Value.lpszA ? dst[i].Value.lpszA : "";
            len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
            if (FAILED(hr = MAPIAllocateMore(len * sizeof(WCHAR), dst, (void **)&dst[i].Value.lpszW))) break;
            MultiByteToWideChar(CP_ACP, 0, str, -1, dst[i].Value.lpszW, len);
            dst[i].ulPropTag = CHANGE_PROP_TYPE(dst[i].ulPropTag, PT_UNICODE);
        }
        else if (!unicode && PROP_TYPE(dst[i].ulPropTag) == PT_UNICODE)
        {
            const WCHAR *str = dst[i].Value.lpszW ? dst[i].Value.lpszW : L"";
            len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
            if (FAILED(hr = MAPIAllocateMore(len, dst, (void **)&dst[i].Value.lpszA))) break;
            WideCharToMultiByte(CP_ACP, 0, str, -1, dst[i].Value.lpszA, len, NULL, NULL);
            dst[i].ulPropTag = CHANGE_PROP_TYPE(dst[i].ulPropTag, PT_STRING8);
        }
    }
    if (FAILED(hr))
    {
        MAPIFreeBuffer(dst);
        return hr;
    }
    *ret = dst;
    return S_OK;
}

/* Writes a row to both tables. */
static HRESULT publish_row(struct status_table *status, struct status_row *row)
{
    SPropValue *props;
    SRow srow;
    HRESULT hr = S_OK;
    int i;

    for (i = 0; i < 2 && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = convert_props(row->count, row->props, i, &props))) break;
        srow.ulAdrEntryPad = 0;
        srow.cValues = row->count;
        srow.lpProps = props;
        hr = ITableData_HrModifyRow(status->tables[i], &srow);
        MAPIFreeBuffer(props);
    }
    return hr;
}

static struct status_row *find_row(struct status_table *status, ULONG id)
{
    struct status_row *row;

    LIST_FOR_EACH_ENTRY(row, &status->rows, struct status_row, entry)
        if (row->id == id) return row;
    return NULL;
}

/* Sets a row's values: all of them (replace) or those given (merge); PR_ROWID stays. */
static HRESULT set_row(struct status_table *status, struct status_row *row, ULONG count, const SPropValue *values,
                       BOOL merge)
{
    SPropValue *merged, *props;
    ULONG n = 0, i, j;
    HRESULT hr;

    if (!(merged = malloc((row->count + count + 1) * sizeof(*merged)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    merged[n].ulPropTag = PR_ROWID;
    merged[n++].Value.l = row->id;
    for (i = 0; i < row->count; i++)
    {
        ULONG tag = row->props[i].ulPropTag;
        /* MAPI's own columns stay; a merge keeps what is not given again. */
        BOOL keep = tag == PR_RESOURCE_TYPE || tag == PR_PROVIDER_DLL_NAME_W || tag == PR_PROVIDER_DISPLAY_W ||
                    tag == PR_PROVIDER_UID ||
                    (merge && tag != PR_ROWID);
        if (!keep || tag == PR_ROWID) continue;
        for (j = 0; j < count; j++)
            if (PROP_ID(values[j].ulPropTag) == PROP_ID(tag)) break;
        if (j == count) merged[n++] = row->props[i];
    }
    for (i = 0; i < count; i++)
        if (PROP_ID(values[i].ulPropTag) != PROP_ID(PR_ROWID)) merged[n++] = values[i];

    hr = convert_props(n, merged, TRUE, &props);
    free(merged);
    if (FAILED(hr)) return hr;
    MAPIFreeBuffer(row->props);
    row->props = props;
    row->count = n;
    return publish_row(status, row);
}

static HRESULT add_row(struct session *session, const MAPIUID *provider_uid, ULONG count, const SPropValue *values,
                       ULONG *id)
{
    struct status_table *status = session->status;
    struct status_row *row;
    HRESULT hr;

    if (!status) return MAPI_E_INVALID_OBJECT;
    if (!(row = calloc(1, sizeof(*row)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    EnterCriticalSection(&session->cs);
    row->id = ++session->next_status_row;
    if (provider_uid) row->provider_uid = *provider_uid;
    if (FAILED(hr = set_row(status, row, count, values, FALSE)))
    {
        LeaveCriticalSection(&session->cs);
        free(row);
        return hr;
    }
    list_add_tail(&status->rows, &row->entry);
    LeaveCriticalSection(&session->cs);
    if (id) *id = row->id;
    return S_OK;
}

HRESULT status_table_create(struct session *session)
{
    struct status_table *status;
    SPropValue props[6];
    HRESULT hr;
    int i;

    if (!(status = calloc(1, sizeof(*status)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    list_init(&status->rows);
    for (i = 0; i < 2; i++)
    {
        if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                    TBLTYPE_DYNAMIC, PR_ROWID,
                                    (SPropTagArray *)(i ? (void *)&columns_w : (void *)&columns_a),
                                    &status->tables[i])))
        {
            if (i) ITableData_Release(status->tables[0]);
            free(status);
            return hr;
        }
    }
    session->status = status;

    props[0].ulPropTag = PR_RESOURCE_TYPE;
    props[0].Value.l = MAPI_SUBSYSTEM;
    props[1].ulPropTag = PR_DISPLAY_NAME_W;
    props[1].Value.lpszW = (WCHAR *)L"MAPI Subsystem";
    props[2].ulPropTag = PR_PROVIDER_DISPLAY_W;
    props[2].Value.lpszW = (WCHAR *)L"MAPI";
    props[3].ulPropTag = PR_STATUS_CODE;
    props[3].Value.l = STATUS_AVAILABLE;
    props[4].ulPropTag = PR_RESOURCE_METHODS;
    props[4].Value.l = 0;
    props[5].ulPropTag = PR_STATUS_STRING_W;
    props[5].Value.lpszW = (WCHAR *)L"Available";
    if (FAILED(hr = add_row(session, NULL, 6, props, NULL))) return hr;

    /* The spooler's own row: spooler.c keeps it current for sessions that send and receive. */
    props[0].Value.l = MAPI_SPOOLER;
    props[1].Value.lpszW = (WCHAR *)L"MAPI Spooler";
    props[3].Value.l = STATUS_OFFLINE;
    props[5].Value.lpszW = (WCHAR *)(session->flags & MAPI_NO_MAIL ? L"Not started (no mail)" : L"Not started");
    return add_row(session, NULL, 6, props, NULL);
}

void status_table_destroy(struct session *session)
{
    struct status_table *status;
    struct status_row *row, *next;

    EnterCriticalSection(&session->cs);
    status = session->status;
    session->status = NULL;
    LeaveCriticalSection(&session->cs);
    if (!status) return;
    LIST_FOR_EACH_ENTRY_SAFE(row, next, &status->rows, struct status_row, entry)
    {
        MAPIFreeBuffer(row->props);
        free(row);
    }
    ITableData_Release(status->tables[0]);
    ITableData_Release(status->tables[1]);
    free(status);
}

HRESULT status_add_logon_row(struct session *session, struct provider_logon *logon)
{
    static const SizedSPropTagArray(1, flags_tag) = { 1, { PR_RESOURCE_FLAGS } };
    SPropValue props[8], *section = NULL;
    IProfSect *sect;
    ULONG n = 0, count;

    props[n].ulPropTag = PR_RESOURCE_TYPE;
    props[n++].Value.l = logon->info.resource_type;
    props[n].ulPropTag = PR_DISPLAY_NAME_W;
    props[n++].Value.lpszW = logon->info.display_name ? logon->info.display_name : (WCHAR *)L"";
    props[n].ulPropTag = PR_PROVIDER_DISPLAY_W;
    props[n++].Value.lpszW = logon->info.provider_display ? logon->info.provider_display : (WCHAR *)L"";
    props[n].ulPropTag = PR_PROVIDER_DLL_NAME_W;
    props[n++].Value.lpszW = logon->info.dll_name ? logon->info.dll_name : (WCHAR *)L"";
    props[n].ulPropTag = PR_RESOURCE_FLAGS;
    props[n].Value.l = logon->info.resource_flags;
    if (SUCCEEDED(profile_open_section(session->profile, &logon->info.provider_uid, 0, &sect)))
    {
        if (SUCCEEDED(IProfSect_GetProps(sect, (SPropTagArray *)&flags_tag, 0, &count, &section)) &&
            section[0].ulPropTag == PR_RESOURCE_FLAGS)
            props[n].Value.l = section[0].Value.l;
        MAPIFreeBuffer(section);
        IProfSect_Release(sect);
    }
    n++;
    props[n].ulPropTag = PR_STATUS_CODE;
    props[n++].Value.l = STATUS_AVAILABLE;
    props[n].ulPropTag = PR_RESOURCE_METHODS;
    props[n++].Value.l = 0;
    props[n].ulPropTag = PR_PROVIDER_UID;
    props[n].Value.bin.cb = sizeof(MAPIUID);
    props[n++].Value.bin.lpb = logon->info.provider_uid.ab;
    return add_row(session, &logon->info.provider_uid, n, props, &logon->status_row);
}

void status_remove_row(struct session *session, ULONG id)
{
    struct status_row *row;
    SPropValue key;
    int i;

    EnterCriticalSection(&session->cs);
    if (session->status && (row = find_row(session->status, id)))
    {
        key.ulPropTag = PR_ROWID;
        key.Value.l = id;
        for (i = 0; i < 2; i++) ITableData_HrDeleteRow(session->status->tables[i], &key);
        list_remove(&row->entry);
        MAPIFreeBuffer(row->props);
        free(row);
    }
    LeaveCriticalSection(&session->cs);
}

HRESULT status_modify_row(struct session *session, ULONG id, ULONG count, SPropValue *values, ULONG flags)
{
    struct status_row *row;
    HRESULT hr;

    EnterCriticalSection(&session->cs);
    if (!session->status || !(row = find_row(session->status, id))) hr = MAPI_E_NOT_FOUND;
    else hr = set_row(session->status, row, count, values, !!(flags & STATUSROW_UPDATE));
    LeaveCriticalSection(&session->cs);
    return hr;
}

HRESULT status_set_spooler_row(struct session *session, ULONG count, const SPropValue *values)
{
    struct status_row *row;
    HRESULT hr = MAPI_E_NOT_FOUND;

    EnterCriticalSection(&session->cs);
    if (session->status)
    {
        LIST_FOR_EACH_ENTRY(row, &session->status->rows, struct status_row, entry)
        {
            const SPropValue *type = PpropFindProp(row->props, row->count, PR_RESOURCE_TYPE);
            if (!type || type->Value.l != MAPI_SPOOLER) continue;
            hr = set_row(session->status, row, count, values, TRUE);
            break;
        }
    }
    LeaveCriticalSection(&session->cs);
    return hr;
}

HRESULT status_get_table(struct session *session, ULONG flags, IMAPITable **table)
{
    ITableData *data = NULL;
    HRESULT hr;

    EnterCriticalSection(&session->cs);
    if (session->status)
    {
        data = session->status->tables[!!(flags & MAPI_UNICODE)];
        ITableData_AddRef(data);
    }
    LeaveCriticalSection(&session->cs);
    if (!data) return MAPI_E_INVALID_OBJECT;
    hr = session_get_view(session, data, table);
    ITableData_Release(data);
    return hr;
}

HRESULT status_get_identity(struct session *session, ULONG *size, ENTRYID **entryid)
{
    const SPropValue *identity = NULL, *flags, *found;
    struct status_row *row;
    HRESULT hr = MAPI_E_NOT_FOUND;

    EnterCriticalSection(&session->cs);
    if (session->status)
    {
        LIST_FOR_EACH_ENTRY(row, &session->status->rows, struct status_row, entry)
        {
            if (!(found = PpropFindProp(row->props, row->count, PR_IDENTITY_ENTRYID))) continue;
            flags = PpropFindProp(row->props, row->count, PR_RESOURCE_FLAGS);
            if (flags && (flags->Value.l & STATUS_PRIMARY_IDENTITY))
            {
                identity = found;
                break;
            }
            if (!identity) identity = found;
        }
    }
    if (identity && SUCCEEDED(hr = MAPIAllocateBuffer(identity->Value.bin.cb, (void **)entryid)))
    {
        memcpy(*entryid, identity->Value.bin.lpb, identity->Value.bin.cb);
        *size = identity->Value.bin.cb;
    }
    LeaveCriticalSection(&session->cs);
    return hr;
}

void status_refresh_store_flags(struct session *session, const MAPIUID *provider_uid)
{
    static const SizedSPropTagArray(1, flags_tag) = { 1, { PR_RESOURCE_FLAGS } };
    struct status_row *row;
    SPropValue *value = NULL;
    IProfSect *section;
    ULONG count;

    EnterCriticalSection(&session->cs);
    if (session->status)
    {
        LIST_FOR_EACH_ENTRY(row, &session->status->rows, struct status_row, entry)
        {
            const SPropValue *type = PpropFindProp(row->props, row->count, PR_RESOURCE_TYPE);
            if (!type || type->Value.l != MAPI_STORE_PROVIDER) continue;
            if (FAILED(profile_open_section(session->profile, &row->provider_uid, 0, &section))) continue;
            if (SUCCEEDED(IProfSect_GetProps(section, (SPropTagArray *)&flags_tag, 0, &count, &value)) &&
                value[0].ulPropTag == PR_RESOURCE_FLAGS)
                set_row(session->status, row, 1, value, TRUE);
            MAPIFreeBuffer(value);
            value = NULL;
            IProfSect_Release(section);
        }
    }
    LeaveCriticalSection(&session->cs);
}
