/*
 * The session's status table (IMAPISession::GetStatusTable): a row for the
 * MAPI subsystem, one for the spooler, one for the integrated address book
 * and one per provider logon, which providers keep up to date with
 * IMAPISupport::ModifyStatusRow.
 *
 * The rows are kept here with wide strings and written to two tables, one
 * with wide and one with ANSI string columns, so that a program gets the
 * strings it asked for (MAPI_UNICODE) and sees changes as table notifications.
 *
 * MAPI computes PR_ROWID, PR_ENTRYID, PR_INSTANCE_KEY and PR_OBJECT_TYPE of
 * every row; a provider cannot set them. The row's PR_ENTRYID opens its
 * status object through IMAPISession::OpenEntry (status_open_entry).
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct status_row
{
    struct list entry;
    ULONG id;                   /* PR_ROWID */
    ULONG resource_type;        /* PR_RESOURCE_TYPE */
    MAPIUID provider_uid;       /* zero for MAPI's own rows */
    ULONG count;
    SPropValue *props;          /* one MAPIAllocateBuffer block, wide strings */
};

/* The entry ID MAPI gives a status row (PR_ENTRYID), in little-endian bytes:
 *    0..3   abFlags, zero
 *    4..19  status_entryid_uid: a status object of MAPI's
 *   20..23  version, STATUS_ENTRYID_VERSION
 *   24..27  the row's PR_RESOURCE_TYPE: MAPI_SUBSYSTEM, MAPI_SPOOLER, MAPI_AB,
 *           or MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, MAPI_TRANSPORT_PROVIDER
 *   28..31  the row's PR_ROWID in the session that made it
 *   32..47  the provider's PR_PROVIDER_UID (its profile section), zero for MAPI's rows
 * 48 bytes, no pointers: the same on 32 and 64 bit. The provider UID, not the
 * row number, names a provider's logon: another session of the profile opens
 * the same provider's status object with it; the row number only picks
 * between two logons of one provider in the session that made it. */
struct status_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG version;
    ULONG resource_type;
    ULONG row_id;
    MAPIUID provider_uid;
};
C_ASSERT(sizeof(struct status_entryid) == 48);

#define STATUS_ENTRYID_VERSION 1

static const MAPIUID status_entryid_uid =
    {{ 0x57, 0x69, 0x6e, 0x65, 0x4d, 0x41, 0x50, 0x49, 0x53, 0x74, 0x61, 0x74, 0x75, 0x73, 0x00, 0x01 }};

struct status_table
{
    ITableData *tables[2];      /* ANSI, wide */
    struct list rows;
};

#define STATUS_COLUMNS 12

static const SizedSPropTagArray(STATUS_COLUMNS, columns_w) =
{
    STATUS_COLUMNS, { PR_ROWID, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W, PR_PROVIDER_DLL_NAME_W, PR_RESOURCE_TYPE,
                      PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE, PR_STATUS_STRING_W, PR_ENTRYID,
                      PR_INSTANCE_KEY, PR_OBJECT_TYPE }
};
static const SizedSPropTagArray(STATUS_COLUMNS, columns_a) =
{
    STATUS_COLUMNS, { PR_ROWID, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A, PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_TYPE,
                      PR_RESOURCE_FLAGS, PR_RESOURCE_METHODS, PR_STATUS_CODE, PR_STATUS_STRING_A, PR_ENTRYID,
                      PR_INSTANCE_KEY, PR_OBJECT_TYPE }
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

/* What MAPI computes for every row: the row's values cannot change it. */
static BOOL is_computed(ULONG tag)
{
    ULONG id = PROP_ID(tag);
    return id == PROP_ID(PR_ROWID) || id == PROP_ID(PR_ENTRYID) || id == PROP_ID(PR_INSTANCE_KEY) ||
           id == PROP_ID(PR_OBJECT_TYPE);
}

static void make_entryid(const struct status_row *row, struct status_entryid *id)
{
    memset(id, 0, sizeof(*id));
    id->uid = status_entryid_uid;
    id->version = STATUS_ENTRYID_VERSION;
    id->resource_type = row->resource_type;
    id->row_id = row->id;
    id->provider_uid = row->provider_uid;
}

/* Sets a row's values: all of them (replace) or those given (merge); what MAPI computes stays. */
static HRESULT set_row(struct status_table *status, struct status_row *row, ULONG count, const SPropValue *values,
                       BOOL merge)
{
    SPropValue *merged, *props;
    struct status_entryid entryid;
    ULONG n = 0, i, j, instance_key = row->id;
    HRESULT hr;

    if (!(merged = malloc((row->count + count + 4) * sizeof(*merged)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    merged[n].ulPropTag = PR_ROWID;
    merged[n++].Value.l = row->id;
    for (i = 0; i < row->count; i++)
    {
        ULONG tag = row->props[i].ulPropTag;
        /* MAPI's own columns stay; a merge keeps what is not given again. */
        BOOL keep = tag == PR_RESOURCE_TYPE || tag == PR_PROVIDER_DLL_NAME_W || tag == PR_PROVIDER_DISPLAY_W ||
                    tag == PR_PROVIDER_UID || merge;
        if (!keep || is_computed(tag)) continue;
        for (j = 0; j < count; j++)
            if (PROP_ID(values[j].ulPropTag) == PROP_ID(tag)) break;
        if (j == count) merged[n++] = row->props[i];
    }
    for (i = 0; i < count; i++)
        if (!is_computed(values[i].ulPropTag)) merged[n++] = values[i];
    make_entryid(row, &entryid);
    merged[n].ulPropTag = PR_ENTRYID;
    merged[n].Value.bin.cb = sizeof(entryid);
    merged[n++].Value.bin.lpb = (BYTE *)&entryid;
    merged[n].ulPropTag = PR_INSTANCE_KEY;
    merged[n].Value.bin.cb = sizeof(instance_key);
    merged[n++].Value.bin.lpb = (BYTE *)&instance_key;
    merged[n].ulPropTag = PR_OBJECT_TYPE;
    merged[n++].Value.l = MAPI_STATUS;

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
    const SPropValue *type;
    struct status_row *row;
    HRESULT hr;

    if (!status) return MAPI_E_INVALID_OBJECT;
    if (!(row = calloc(1, sizeof(*row)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    EnterCriticalSection(&session->cs);
    row->id = ++session->next_status_row;
    if ((type = PpropFindProp((SPropValue *)values, count, PR_RESOURCE_TYPE))) row->resource_type = type->Value.l;
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

/* One of MAPI's own rows: the subsystem's, the spooler's or the integrated address book's. */
static HRESULT add_mapi_row(struct session *session, ULONG resource_type, const WCHAR *name, ULONG code,
                            ULONG methods, const WCHAR *text)
{
    SPropValue props[8];

    props[0].ulPropTag = PR_RESOURCE_TYPE;
    props[0].Value.l = resource_type;
    props[1].ulPropTag = PR_DISPLAY_NAME_W;
    props[1].Value.lpszW = (WCHAR *)name;
    props[2].ulPropTag = PR_PROVIDER_DISPLAY_W;
    props[2].Value.lpszW = (WCHAR *)L"MAPI";
    props[3].ulPropTag = PR_PROVIDER_DLL_NAME_W;
    props[3].Value.lpszW = (WCHAR *)L"mapi32.dll";
    props[4].ulPropTag = PR_RESOURCE_FLAGS;
    props[4].Value.l = 0;
    props[5].ulPropTag = PR_STATUS_CODE;
    props[5].Value.l = code;
    props[6].ulPropTag = PR_RESOURCE_METHODS;
    props[6].Value.l = methods;
    props[7].ulPropTag = PR_STATUS_STRING_W;
    props[7].Value.lpszW = (WCHAR *)text;
    return add_row(session, NULL, ARRAY_SIZE(props), props, NULL);
}

HRESULT status_table_create(struct session *session)
{
    struct status_table *status;
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

    /* The status objects of MAPI's rows: mapistatus.c and spoolstatus.c. The spooler keeps
     * its row current for sessions that send and receive (spool_status_session). */
    if (FAILED(hr = add_mapi_row(session, MAPI_SUBSYSTEM, L"MAPI Subsystem", STATUS_AVAILABLE,
                                 STATUS_VALIDATE_STATE, L"Available")))
        return hr;
    if (FAILED(hr = add_mapi_row(session, MAPI_SPOOLER, L"MAPI Spooler", STATUS_OFFLINE,
                                 STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES,
                                 session->flags & MAPI_NO_MAIL ? L"Not started (no mail)" : L"Not started")))
        return hr;
    return add_mapi_row(session, MAPI_AB, L"MAPI Address Book", STATUS_AVAILABLE, STATUS_VALIDATE_STATE,
                        L"Available");
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

HRESULT status_set_mapi_row(struct session *session, ULONG resource_type, ULONG count, const SPropValue *values)
{
    struct status_row *row;
    HRESULT hr = MAPI_E_NOT_FOUND;

    EnterCriticalSection(&session->cs);
    if (session->status)
    {
        LIST_FOR_EACH_ENTRY(row, &session->status->rows, struct status_row, entry)
        {
            if (row->resource_type != resource_type) continue;
            hr = set_row(session->status, row, count, values, TRUE);
            break;
        }
    }
    LeaveCriticalSection(&session->cs);
    return hr;
}

HRESULT status_get_mapi_row(struct session *session, ULONG resource_type, ULONG *count, SPropValue **props)
{
    struct status_row *row;
    HRESULT hr = MAPI_E_INVALID_OBJECT;

    EnterCriticalSection(&session->cs);
    if (session->status)
    {
        hr = MAPI_E_NOT_FOUND;
        LIST_FOR_EACH_ENTRY(row, &session->status->rows, struct status_row, entry)
        {
            if (row->resource_type != resource_type) continue;
            if (SUCCEEDED(hr = convert_props(row->count, row->props, TRUE, props))) *count = row->count;
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

BOOL status_is_entryid(ULONG size, const ENTRYID *entryid)
{
    return entryid && size >= offsetof(struct status_entryid, version) &&
           !memcmp(entryid->ab, &status_entryid_uid, sizeof(MAPIUID));
}

/* What the status objects answer: IMAPIStatus and the interfaces it derives from. */
BOOL status_iid_supported(const IID *iid)
{
    return !iid || IsEqualIID(iid, &IID_IMAPIStatus) || IsEqualIID(iid, &IID_IMAPIProp) ||
           IsEqualIID(iid, &IID_IUnknown);
}

/* The provider logon a status entry ID names, counted; NULL when none is logged on. */
static IUnknown *find_status_logon(struct session *session, const struct status_entryid *id)
{
    struct provider_logon *logon, *found = NULL;
    IUnknown *ret = NULL;

    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
    {
        /* The spooler's own store logons have no row. */
        if (logon->closing || !logon->logon || !logon->status_row) continue;
        if (logon->info.resource_type != id->resource_type ||
            memcmp(&logon->info.provider_uid, &id->provider_uid, sizeof(MAPIUID)))
            continue;
        if (logon->status_row == id->row_id)
        {
            found = logon;
            break;
        }
        if (!found) found = logon;
    }
    if (found)
    {
        ret = found->logon;
        ret->lpVtbl->AddRef(ret);
    }
    LeaveCriticalSection(&session->cs);
    return ret;
}

static HRESULT open_provider_status(struct session *session, const struct status_entryid *id, const IID *iid,
                                    ULONG flags, ULONG *type, IUnknown **object)
{
    IUnknown *logon;
    HRESULT hr;

    if (!(logon = find_status_logon(session, id)))
        return mapi_error_set(&session->error, MAPI_E_UNKNOWN_ENTRYID,
                              L"The provider of this status row is not logged on in the session.");
    /* OpenStatusEntry knows MAPI_MODIFY only; a status object that cannot be written opens read-only. */
    flags = (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) ? MAPI_MODIFY : 0;
    switch (id->resource_type)
    {
    case MAPI_STORE_PROVIDER:
        hr = IMSLogon_OpenStatusEntry((IMSLogon *)logon, iid, flags, type, (void **)object);
        break;
    case MAPI_AB_PROVIDER:
        hr = IABLogon_OpenStatusEntry((IABLogon *)logon, iid, flags, type, (IMAPIStatus **)object);
        break;
    default:
        hr = IXPLogon_OpenStatusEntry((IXPLogon *)logon, iid, flags, type, (IMAPIStatus **)object);
        break;
    }
    logon->lpVtbl->Release(logon);
    if (FAILED(hr))
    {
        TRACE("OpenStatusEntry of the provider answered %#lx\n", hr);
        *object = NULL;
        return hr;
    }
    if (!*object)
    {
        WARN("OpenStatusEntry succeeded without an object\n");
        return MAPI_E_CALL_FAILED;
    }
    if (*type != MAPI_STATUS) WARN("OpenStatusEntry answered the object type %lu\n", *type);
    *type = MAPI_STATUS;
    return S_OK;
}

/***********************************************************************
 *  status_open_entry
 *
 * IMAPISession::OpenEntry (and IMAPISupport::OpenEntry) of a status row's
 * PR_ENTRYID: a provider's status object from its logon's OpenStatusEntry,
 * or the status object MAPI implements for its own rows.
 *
 * RETURNS
 *  MAPI_E_INVALID_ENTRYID for an entry ID of MAPI's status UID that is not
 *  one MAPI makes; MAPI_E_UNKNOWN_ENTRYID when the provider it names is not
 *  logged on in the session; MAPI_E_INTERFACE_NOT_SUPPORTED for anything
 *  but IMAPIStatus (and its bases); what the provider's OpenStatusEntry
 *  answered (MAPI_E_NO_SUPPORT passes through).
 */
HRESULT status_open_entry(struct session *session, ULONG size, const ENTRYID *entryid, const IID *iid, ULONG flags,
                          ULONG *type, IUnknown **object)
{
    struct status_entryid id;

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", session, size, entryid, debugstr_guid(iid), flags, type, object);

    if (size != sizeof(id))
    {
        WARN("a status entry ID of %lu bytes\n", size);
        return MAPI_E_INVALID_ENTRYID;
    }
    memcpy(&id, entryid, sizeof(id));
    if (id.flags[0] || id.flags[1] || id.flags[2] || id.flags[3] || id.version != STATUS_ENTRYID_VERSION)
    {
        WARN("a status entry ID with flags %02x%02x%02x%02x, version %lu\n", id.flags[0], id.flags[1], id.flags[2],
             id.flags[3], id.version);
        return MAPI_E_INVALID_ENTRYID;
    }
    if (!status_iid_supported(iid)) return MAPI_E_INTERFACE_NOT_SUPPORTED;

    switch (id.resource_type)
    {
    case MAPI_SUBSYSTEM:
    case MAPI_AB:
        return mapi_status_open(session, id.resource_type, type, object);
    case MAPI_SPOOLER:
        return spooler_open_status(session, type, object);
    case MAPI_STORE_PROVIDER:
    case MAPI_AB_PROVIDER:
    case MAPI_TRANSPORT_PROVIDER:
        return open_provider_status(session, &id, iid, flags, type, object);
    }
    WARN("a status entry ID of the resource type %lu\n", id.resource_type);
    return MAPI_E_INVALID_ENTRYID;
}
