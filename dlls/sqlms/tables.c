/*
 * The store's tables, on mapi32's table engine (CreateTable, ITableData).
 *
 * Contents, hierarchy and outgoing queue tables are cached per logon: one
 * ITableData per folder and kind, filled from the database when the first
 * view opens and kept up to date from the change log (this logon's changes
 * and other logons' alike), so that every view gets its table notifications.
 * The last view closing drops the data. Every view is wrapped: after the
 * logon ends, its methods answer MAPI_E_INVALID_OBJECT.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define TABLE_FLAGS (MAPI_UNICODE | MAPI_DEFERRED_ERRORS)

struct table_cache
{
    enum table_kind kind;
    LONGLONG folder;
    ITableData *data;
    LONG views;
};

struct table_view
{
    IMAPITable IMAPITable_iface;
    LONG ref;
    struct sqlms_store *store;
    IMAPITable *inner;
    struct table_cache *cache;  /* cached tables */
    ITableData *data;           /* the others: the view holds their data */
    struct sqlms_object object;
};

static inline struct table_view *impl_from_IMAPITable(IMAPITable *iface)
{
    return CONTAINING_RECORD(iface, struct table_view, IMAPITable_iface);
}

/* Default columns, with their string types for ANSI callers changed on the fly. */
static const ULONG contents_columns[] =
{
    PR_ENTRYID, PR_INSTANCE_KEY, PR_RECORD_KEY, PR_SUBJECT_W, PR_SENDER_NAME_W, PR_DISPLAY_TO_W,
    PR_MESSAGE_DELIVERY_TIME, PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE, PR_PRIORITY,
    PR_MESSAGE_CLASS_W, PR_LAST_MODIFICATION_TIME, PR_HASATTACH, PR_OBJECT_TYPE,
};
static const ULONG hierarchy_columns[] =
{
    PR_ENTRYID, PR_INSTANCE_KEY, PR_RECORD_KEY, PR_DISPLAY_NAME_W, PR_DEPTH, PR_CONTENT_COUNT,
    PR_CONTENT_UNREAD, PR_SUBFOLDERS, PR_FOLDER_TYPE, PR_CONTAINER_CLASS_W, PR_OBJECT_TYPE,
};
static const ULONG queue_columns[] =
{
    PR_ENTRYID, PR_INSTANCE_KEY, PR_SUBMIT_FLAGS, PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_SIZE, PR_PRIORITY,
    PR_DISPLAY_TO_W, PR_SUBJECT_W, PR_MESSAGE_FLAGS,
};

static SPropTagArray *make_columns(const ULONG *tags, ULONG count, BOOL unicode)
{
    SPropTagArray *columns;
    ULONG i;

    if (FAILED(MAPIAllocateBuffer(CbNewSPropTagArray(count), (void **)&columns))) return NULL;
    columns->cValues = count;
    for (i = 0; i < count; i++)
    {
        ULONG tag = tags[i];
        if (!unicode && PROP_TYPE(tag) == PT_UNICODE) tag = CHANGE_PROP_TYPE(tag, PT_STRING8);
        columns->aulPropTag[i] = tag;
    }
    return columns;
}

static SPropTagArray *default_columns(enum table_kind kind, BOOL unicode)
{
    switch (kind)
    {
    case TABLE_CONTENTS:
    case TABLE_ASSOCIATED: return make_columns(contents_columns, ARRAY_SIZE(contents_columns), unicode);
    case TABLE_HIERARCHY:
    case TABLE_HIERARCHY_DEEP: return make_columns(hierarchy_columns, ARRAY_SIZE(hierarchy_columns), unicode);
    case TABLE_QUEUE: return make_columns(queue_columns, ARRAY_SIZE(queue_columns), unicode);
    }
    return NULL;
}

HRESULT table_data_create(const SPropTagArray *columns, ITableData **out)
{
    static const SizedSPropTagArray(1, minimal) = { 1, { PR_INSTANCE_KEY } };

    const SPropTagArray *initial = columns ? columns : (const SPropTagArray *)&minimal;

    return CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                       TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)initial, out);
}

/**************************************************************************
 *  Rows
 */

/* Rows, each in a MAPI buffer of its own (its root). */
struct row_set
{
    SRow *rows;
    void **roots;
    ULONG count, capacity;
};

static BOOL row_set_add(struct row_set *set, void *root, ULONG count, SPropValue *props)
{
    if (set->count == set->capacity)
    {
        ULONG capacity = max(64, set->capacity * 2);
        SRow *rows = heap_realloc(set->rows, capacity * sizeof(*rows));
        void **roots;

        if (!rows) return FALSE;
        set->rows = rows;
        if (!(roots = heap_realloc(set->roots, capacity * sizeof(*roots)))) return FALSE;
        set->roots = roots;
        set->capacity = capacity;
    }
    set->rows[set->count].ulAdrEntryPad = 0;
    set->rows[set->count].cValues = count;
    set->rows[set->count].lpProps = props;
    set->roots[set->count++] = root;
    return TRUE;
}

static void row_set_free(struct row_set *set)
{
    ULONG i;

    for (i = 0; i < set->count; i++) MAPIFreeBuffer(set->roots[i]);
    heap_free(set->roots);
    heap_free(set->rows);
    memset(set, 0, sizeof(*set));
}

static HRESULT message_row(struct sqlms_store *store, sqlite3_stmt *stmt, struct row_set *set)
{
    SPropValue *props;
    ULONG count;
    void *root;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(sizeof(ULONG_PTR), &root))) return hr;
    if (FAILED(hr = message_row_props(store, stmt, root, &count, &props)) ||
        !row_set_add(set, root, count, props))
    {
        MAPIFreeBuffer(root);
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

static HRESULT folder_row(struct sqlms_store *store, LONGLONG id, LONGLONG depth, struct row_set *set)
{
    SPropValue *props;
    ULONG count;
    void *root;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(sizeof(ULONG_PTR), &root))) return hr;
    if (FAILED(hr = folder_row_props(store, id, depth, root, &count, &props)) ||
        !row_set_add(set, root, count, props))
    {
        MAPIFreeBuffer(root);
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

/* The queue row of a message (the statement is on its queue entry and message). */
static HRESULT queue_row(struct sqlms_store *store, sqlite3_stmt *stmt, struct row_set *set)
{
    SPropValue *summary, *props, *p;
    ULONG count, flags, i;
    void *root;
    LONGLONG id = sqlite3_column_int64(stmt, 0);
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(sizeof(ULONG_PTR), &root))) return hr;
    hr = blob_decode(sqlite3_column_blob(stmt, 8), sqlite3_column_bytes(stmt, 8), TRUE, root, &count, &summary);
    if (FAILED(hr)) goto failed;
    if (FAILED(hr = MAPIAllocateMore((count + 8) * sizeof(SPropValue), root, (void **)&props))) goto failed;
    for (i = 0, p = props; i < count; i++)
    {
        ULONG tag = summary[i].ulPropTag;
        if (tag == PR_SUBMIT_FLAGS || tag == PR_CLIENT_SUBMIT_TIME || tag == PR_MESSAGE_SIZE ||
            tag == PR_MESSAGE_FLAGS || tag == PR_ENTRYID || tag == PR_INSTANCE_KEY || tag == PR_PARENT_ENTRYID)
            continue;
        *p++ = summary[i];
    }
    p->ulPropTag = PR_ENTRYID;
    if (FAILED(hr = eid_to_bin(store, SQLMS_MESSAGE, id, root, &p++->Value.bin))) goto failed;
    p->ulPropTag = PR_PARENT_ENTRYID;
    if (FAILED(hr = eid_to_bin(store, SQLMS_FOLDER, sqlite3_column_int64(stmt, 4), root, &p++->Value.bin)))
        goto failed;
    p->ulPropTag = PR_INSTANCE_KEY;
    p->Value.bin.cb = 8;
    if (FAILED(hr = MAPIAllocateMore(8, root, (void **)&p->Value.bin.lpb))) goto failed;
    instance_key_build(id, p++->Value.bin.lpb);
    flags = sqlite3_column_int(stmt, 2) & ~SUBMITFLAG_LOCKED;
    if (sqlite3_column_type(stmt, 3) != SQLITE_NULL &&
        owner_is_alive(sqlite3_column_blob(stmt, 3), sqlite3_column_bytes(stmt, 3)))
        flags |= SUBMITFLAG_LOCKED;
    p->ulPropTag = PR_SUBMIT_FLAGS;
    p++->Value.l = flags;
    p->ulPropTag = PR_CLIENT_SUBMIT_TIME;
    p++->Value.ft = int_to_filetime(sqlite3_column_int64(stmt, 1));
    p->ulPropTag = PR_MESSAGE_SIZE;
    p++->Value.l = sqlite3_column_int(stmt, 7);
    p->ulPropTag = PR_MESSAGE_FLAGS;
    p++->Value.l = sqlite3_column_int(stmt, 5);
    for (i = 0; i < p - props; i++) props[i].dwAlignPad = 0;
    if (!row_set_add(set, root, p - props, props))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto failed;
    }
    return S_OK;

failed:
    MAPIFreeBuffer(root);
    return hr;
}

static HRESULT collect_children(struct sqlms_store *store, LONGLONG folder, LONGLONG depth, BOOL deep,
                                struct row_set *set)
{
    LONGLONG *children = NULL;
    ULONG count = 0, capacity = 0, i;
    sqlite3_stmt *stmt;
    HRESULT hr = S_OK;

    if (!(stmt = db_stmt(store->db, STMT_FOLDER_CHILDREN))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, folder);
    while (sqlite3_step(stmt) == SQLITE_ROW)
    {
        if (count == capacity)
        {
            LONGLONG *grown = heap_realloc(children, (capacity = max(16, capacity * 2)) * sizeof(*grown));
            if (!grown)
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            children = grown;
        }
        children[count++] = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_reset(stmt);
    for (i = 0; SUCCEEDED(hr) && i < count; i++)
    {
        if (FAILED(hr = folder_row(store, children[i], depth, set))) break;
        if (deep) hr = collect_children(store, children[i], depth + 1, TRUE, set);
    }
    heap_free(children);
    return hr;
}

/* All rows of a cached table, from the database. */
static HRESULT load_rows(struct sqlms_store *store, enum table_kind kind, LONGLONG folder, struct row_set *set)
{
    sqlite3_stmt *stmt;
    HRESULT hr = S_OK;
    int rc;

    switch (kind)
    {
    case TABLE_CONTENTS:
    case TABLE_ASSOCIATED:
        if (!(stmt = db_stmt(store->db, STMT_MSG_LIST))) return MAPI_E_CALL_FAILED;
        sqlite3_bind_int64(stmt, 1, folder);
        sqlite3_bind_int(stmt, 2, kind == TABLE_ASSOCIATED);
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            if (FAILED(hr = message_row(store, stmt, set))) break;
        sqlite3_reset(stmt);
        return hr;
    case TABLE_HIERARCHY:
    case TABLE_HIERARCHY_DEEP:
        return collect_children(store, folder, 1, kind == TABLE_HIERARCHY_DEEP, set);
    case TABLE_QUEUE:
        if (!(stmt = db_stmt(store->db, STMT_QUEUE_LIST))) return MAPI_E_CALL_FAILED;
        sqlite3_bind_int64(stmt, 1, 0);
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
            if (FAILED(hr = queue_row(store, stmt, set))) break;
        sqlite3_reset(stmt);
        return hr;
    }
    return MAPI_E_CALL_FAILED;
}

static HRESULT fill_table(ITableData *data, struct row_set *set)
{
    SRowSet *rows;
    ULONG done, chunk, i;
    HRESULT hr = S_OK;

    if (!set->count) return S_OK;
    chunk = min(set->count, 1024);
    if (!(rows = heap_alloc(offsetof(SRowSet, aRow[chunk])))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (done = 0; done < set->count && SUCCEEDED(hr); done += rows->cRows)
    {
        rows->cRows = min(chunk, set->count - done);
        for (i = 0; i < rows->cRows; i++) rows->aRow[i] = set->rows[done + i];
        hr = ITableData_HrModifyRows(data, 0, rows);
    }
    heap_free(rows);
    return hr;
}

/**************************************************************************
 *  IMAPITable, wrapped
 */
static HRESULT view_check(struct table_view *view)
{
    return view->store->invalid ? MAPI_E_INVALID_OBJECT : S_OK;
}

static HRESULT WINAPI view_QueryInterface(IMAPITable *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPITable))
    {
        *obj = iface;
        IMAPITable_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI view_AddRef(IMAPITable *iface)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    return InterlockedIncrement(&view->ref);
}

static void cache_remove(struct sqlms_store *store, struct table_cache *cache)
{
    ULONG i;

    for (i = 0; i < store->table_count; i++)
    {
        if (store->tables[i] != cache) continue;
        store->tables[i] = store->tables[--store->table_count];
        break;
    }
}

static ULONG WINAPI view_Release(IMAPITable *iface)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    ULONG ref = InterlockedDecrement(&view->ref);
    struct sqlms_store *store = view->store;
    ITableData *drop = NULL;

    TRACE("(%p) ref %lu\n", iface, ref);
    if (ref) return ref;

    object_unregister(&view->object);
    IMAPITable_Release(view->inner);
    store_lock(store);
    if (view->cache && !--view->cache->views)
    {
        if (view->cache->data) cache_remove(store, view->cache);
        drop = view->cache->data;
        heap_free(view->cache);
    }
    store_unlock(store);
    if (drop) ITableData_Release(drop);
    if (view->data) ITableData_Release(view->data);
    object_free(view);
    store_release(store);
    return 0;
}

#define FORWARD(name, args, call) \
    static HRESULT WINAPI view_##name args \
    { \
        struct table_view *view = impl_from_IMAPITable(iface); \
        HRESULT hr; \
        if (FAILED(hr = view_check(view))) return hr; \
        return view->inner->lpVtbl->call; \
    }

FORWARD(GetLastError, (IMAPITable *iface, HRESULT result, ULONG flags, MAPIERROR **error),
        GetLastError(view->inner, result, flags, error))
FORWARD(Advise, (IMAPITable *iface, ULONG mask, IMAPIAdviseSink *sink, ULONG *connection),
        Advise(view->inner, mask, sink, connection))
FORWARD(Unadvise, (IMAPITable *iface, ULONG connection), Unadvise(view->inner, connection))
FORWARD(GetStatus, (IMAPITable *iface, ULONG *status, ULONG *type), GetStatus(view->inner, status, type))
FORWARD(SetColumns, (IMAPITable *iface, SPropTagArray *columns, ULONG flags),
        SetColumns(view->inner, columns, flags))
FORWARD(QueryColumns, (IMAPITable *iface, ULONG flags, SPropTagArray **columns),
        QueryColumns(view->inner, flags, columns))
FORWARD(GetRowCount, (IMAPITable *iface, ULONG flags, ULONG *count), GetRowCount(view->inner, flags, count))
FORWARD(SeekRow, (IMAPITable *iface, BOOKMARK origin, LONG rows, LONG *sought),
        SeekRow(view->inner, origin, rows, sought))
FORWARD(SeekRowApprox, (IMAPITable *iface, ULONG num, ULONG denom), SeekRowApprox(view->inner, num, denom))
FORWARD(QueryPosition, (IMAPITable *iface, ULONG *row, ULONG *num, ULONG *denom),
        QueryPosition(view->inner, row, num, denom))
FORWARD(FindRow, (IMAPITable *iface, SRestriction *res, BOOKMARK origin, ULONG flags),
        FindRow(view->inner, res, origin, flags))
FORWARD(Restrict, (IMAPITable *iface, SRestriction *res, ULONG flags), Restrict(view->inner, res, flags))
FORWARD(CreateBookmark, (IMAPITable *iface, BOOKMARK *position), CreateBookmark(view->inner, position))
FORWARD(FreeBookmark, (IMAPITable *iface, BOOKMARK position), FreeBookmark(view->inner, position))
FORWARD(SortTable, (IMAPITable *iface, SSortOrderSet *sort, ULONG flags), SortTable(view->inner, sort, flags))
FORWARD(QuerySortOrder, (IMAPITable *iface, SSortOrderSet **sort), QuerySortOrder(view->inner, sort))
FORWARD(QueryRows, (IMAPITable *iface, LONG count, ULONG flags, SRowSet **rows),
        QueryRows(view->inner, count, flags, rows))
FORWARD(Abort, (IMAPITable *iface), Abort(view->inner))
FORWARD(ExpandRow, (IMAPITable *iface, ULONG key_size, BYTE *key, ULONG count, ULONG flags, SRowSet **rows,
                    ULONG *more),
        ExpandRow(view->inner, key_size, key, count, flags, rows, more))
FORWARD(CollapseRow, (IMAPITable *iface, ULONG key_size, BYTE *key, ULONG flags, ULONG *count),
        CollapseRow(view->inner, key_size, key, flags, count))
FORWARD(WaitForCompletion, (IMAPITable *iface, ULONG flags, ULONG timeout, ULONG *state),
        WaitForCompletion(view->inner, flags, timeout, state))
FORWARD(GetCollapseState, (IMAPITable *iface, ULONG flags, ULONG key_size, BYTE *key, ULONG *state_size,
                           BYTE **state),
        GetCollapseState(view->inner, flags, key_size, key, state_size, state))
FORWARD(SetCollapseState, (IMAPITable *iface, ULONG flags, ULONG state_size, BYTE *state, BOOKMARK *location),
        SetCollapseState(view->inner, flags, state_size, state, location))

static const IMAPITableVtbl view_vtbl =
{
    view_QueryInterface,
    view_AddRef,
    view_Release,
    view_GetLastError,
    view_Advise,
    view_Unadvise,
    view_GetStatus,
    view_SetColumns,
    view_QueryColumns,
    view_GetRowCount,
    view_SeekRow,
    view_SeekRowApprox,
    view_QueryPosition,
    view_FindRow,
    view_Restrict,
    view_CreateBookmark,
    view_FreeBookmark,
    view_SortTable,
    view_QuerySortOrder,
    view_QueryRows,
    view_Abort,
    view_ExpandRow,
    view_CollapseRow,
    view_WaitForCompletion,
    view_GetCollapseState,
    view_SetCollapseState,
};

/* Logged off with the program holding the view (the store's lock is held). */
static void view_abandon(struct sqlms_object *obj)
{
    struct table_view *view = CONTAINING_RECORD(obj, struct table_view, object);

    IMAPITable_Release(view->inner);
    if (view->cache && !--view->cache->views)
    {
        if (view->cache->data)
        {
            cache_remove(view->store, view->cache);
            ITableData_Release(view->cache->data);
        }
        heap_free(view->cache);
    }
    if (view->data) ITableData_Release(view->data);
}

static HRESULT make_view(struct sqlms_store *store, ITableData *data, const SPropTagArray *columns,
                         const SSortOrderSet *sort, struct table_view **out)
{
    struct table_view *view;
    HRESULT hr;

    if (!(view = object_alloc(sizeof(*view)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = ITableData_HrGetView(data, (SSortOrderSet *)sort, NULL, 0, &view->inner)))
    {
        object_free(view);
        return hr;
    }
    if (columns && FAILED(hr = IMAPITable_SetColumns(view->inner, (SPropTagArray *)columns, 0)))
    {
        IMAPITable_Release(view->inner);
        object_free(view);
        return hr;
    }
    view->IMAPITable_iface.lpVtbl = &view_vtbl;
    view->ref = 1;
    view->store = store;
    store_addref(store);
    object_register(store, &view->object, &view->IMAPITable_iface, &view->ref, VTBL_METHODS(IMAPITableVtbl),
                    view_abandon);
    *out = view;
    return S_OK;
}

/* A view of table data a caller keeps (recipients, attachments, static tables). */
HRESULT table_wrap_view(struct sqlms_store *store, ITableData *data, const SPropTagArray *columns, ULONG flags,
                        const SSortOrderSet *sort, IMAPITable **out)
{
    struct table_view *view;
    HRESULT hr;

    if (FAILED(hr = make_view(store, data, columns, sort, &view))) return hr;
    view->data = data;
    ITableData_AddRef(data);
    *out = &view->IMAPITable_iface;
    return S_OK;
}

HRESULT table_open_static(struct sqlms_store *store, ULONG count, SRow *rows, const SPropTagArray *columns,
                          ULONG flags, IMAPITable **out)
{
    ITableData *data;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = table_data_create(columns, &data))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++) hr = ITableData_HrModifyRow(data, &rows[i]);
    if (SUCCEEDED(hr)) hr = table_wrap_view(store, data, columns, flags, NULL, out);
    ITableData_Release(data);
    return hr;
}

/**************************************************************************
 *  table_open_cached
 *
 * A view of the contents, associated contents, hierarchy or outgoing queue
 * table: the cached data, filled on first use.
 */
HRESULT table_open_cached(struct sqlms_store *store, enum table_kind kind, LONGLONG folder, ULONG flags,
                          const SSortOrderSet *sort, IMAPITable **out)
{
    struct table_cache *cache = NULL;
    struct table_view *view;
    SPropTagArray *columns;
    struct row_set set = { 0 };
    HRESULT hr;
    ULONG i;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(TABLE_FLAGS | MAPI_ASSOCIATED | SHOW_SOFT_DELETES | CONVENIENT_DEPTH))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!(columns = default_columns(kind, !!(flags & MAPI_UNICODE)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    store_lock(store);
    if (FAILED(hr = store_check(store))) goto done;
    for (i = 0; i < store->table_count; i++)
        if (store->tables[i]->kind == kind && store->tables[i]->folder == folder) cache = store->tables[i];
    if (!cache)
    {
        if (store->table_count == store->table_capacity)
        {
            ULONG capacity = max(8, store->table_capacity * 2);
            struct table_cache **tables = heap_realloc(store->tables, capacity * sizeof(*tables));

            if (!tables)
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                goto done;
            }
            store->tables = tables;
            store->table_capacity = capacity;
        }
        if (!(cache = heap_alloc_zero(sizeof(*cache))))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            goto done;
        }
        cache->kind = kind;
        cache->folder = folder;
        if (FAILED(hr = table_data_create(columns, &cache->data)) ||
            FAILED(hr = load_rows(store, kind, folder, &set)) ||
            FAILED(hr = fill_table(cache->data, &set)))
        {
            if (cache->data) ITableData_Release(cache->data);
            heap_free(cache);
            goto done;
        }
        store->tables[store->table_count++] = cache;
    }
    if (SUCCEEDED(hr = make_view(store, cache->data, columns, sort, &view)))
    {
        view->cache = cache;
        cache->views++;
        *out = &view->IMAPITable_iface;
    }
    else if (!cache->views)
    {
        cache_remove(store, cache);
        ITableData_Release(cache->data);
        heap_free(cache);
    }
done:
    store_unlock(store);
    row_set_free(&set);
    MAPIFreeBuffer(columns);
    return hr;
}

/* The logon ends: the cached data goes; views keep only their wrappers. */
void tables_release_all(struct sqlms_store *store)
{
    ULONG i;

    for (i = 0; i < store->table_count; i++)
    {
        ITableData_Release(store->tables[i]->data);
        store->tables[i]->data = NULL;
    }
    store->table_count = 0;
}

/**************************************************************************
 *  Keeping the cached tables current
 */
enum update_kind { UPDATE_MODIFY, UPDATE_DELETE, UPDATE_RELOAD };

struct table_update
{
    enum update_kind kind;
    ITableData *data;
    BYTE key[8];
    struct row_set rows;
};

struct table_updates
{
    struct table_update *items;
    ULONG count, capacity;
};

static struct table_update *add_update(struct table_updates *updates, enum update_kind kind, ITableData *data)
{
    struct table_update *update;

    if (updates->count == updates->capacity)
    {
        ULONG capacity = max(16, updates->capacity * 2);
        struct table_update *items = heap_realloc(updates->items, capacity * sizeof(*items));

        if (!items) return NULL;
        updates->items = items;
        updates->capacity = capacity;
    }
    update = &updates->items[updates->count++];
    memset(update, 0, sizeof(*update));
    update->kind = kind;
    update->data = data;
    ITableData_AddRef(data);
    return update;
}

static void add_delete(struct table_updates *updates, ITableData *data, LONGLONG id)
{
    struct table_update *update = add_update(updates, UPDATE_DELETE, data);
    if (update) instance_key_build(id, update->key);
}

static void add_reload(struct sqlms_store *store, struct table_updates *updates, struct table_cache *cache)
{
    struct table_update *update = add_update(updates, UPDATE_RELOAD, cache->data);

    if (update && FAILED(load_rows(store, cache->kind, cache->folder, &update->rows)))
        WARN("could not reload a table\n");
}

static BOOL is_descendant(struct sqlms_store *store, LONGLONG folder, LONGLONG ancestor, LONGLONG *depth)
{
    LONGLONG parent;
    ULONG guard = 0;

    *depth = 0;
    while (folder && guard++ < 1000)
    {
        if (FAILED(folder_exists(store, folder, &parent))) return FALSE;
        (*depth)++;
        if (parent == ancestor) return TRUE;
        folder = parent;
    }
    return FALSE;
}

/* Rows are read as they are now: a message changed twice in one batch is read once. */
static BOOL seen_before(const struct sqlms_change *changes, ULONG index)
{
    ULONG i;

    for (i = 0; i < index; i++)
        if (changes[i].type == changes[index].type && changes[i].id == changes[index].id &&
            changes[i].event && changes[i].event != EVENT_NEWMAIL && changes[i].event != EVENT_RECEIVE_FOLDERS)
            return TRUE;
    return FALSE;
}

static void message_changed(struct sqlms_store *store, const struct sqlms_change *change, BOOL seen,
                            struct table_updates *updates)
{
    struct row_set row = { 0 };
    LONGLONG folder = 0;
    BOOL exists = FALSE, assoc = FALSE, read = FALSE;
    sqlite3_stmt *stmt;
    ULONG i;

    for (i = 0; i < store->table_count; i++)
    {
        struct table_cache *cache = store->tables[i];
        struct table_update *update;

        if (cache->kind == TABLE_QUEUE)
        {
            struct row_set queue = { 0 };

            if (seen) continue;
            if (!(stmt = db_stmt(store->db, STMT_QUEUE_LIST))) continue;
            sqlite3_bind_int64(stmt, 1, change->id);
            if (sqlite3_step(stmt) == SQLITE_ROW && SUCCEEDED(queue_row(store, stmt, &queue)))
            {
                if ((update = add_update(updates, UPDATE_MODIFY, cache->data))) update->rows = queue;
                else row_set_free(&queue);
            }
            else
                add_delete(updates, cache->data, change->id);
            sqlite3_reset(stmt);
            continue;
        }
        if (cache->kind != TABLE_CONTENTS && cache->kind != TABLE_ASSOCIATED) continue;
        if (!read && (stmt = db_stmt(store->db, STMT_MSG_SUMMARY)))
        {
            read = TRUE;
            sqlite3_bind_int64(stmt, 1, change->id);
            if (sqlite3_step(stmt) == SQLITE_ROW)
            {
                folder = sqlite3_column_int64(stmt, 1);
                assoc = sqlite3_column_int(stmt, 2) != 0;
                exists = SUCCEEDED(message_row(store, stmt, &row));
            }
            sqlite3_reset(stmt);
        }
        /* One cache per folder and kind: the row goes to at most one of them. */
        if (exists && cache->folder == folder && (cache->kind == TABLE_ASSOCIATED) == assoc)
        {
            /* Already brought up to date earlier in the batch. */
            if (seen || !row.count) continue;
            if ((update = add_update(updates, UPDATE_MODIFY, cache->data)))
            {
                update->rows = row;
                memset(&row, 0, sizeof(row));
            }
        }
        else if (cache->folder == change->parent || cache->folder == change->old_parent)
            add_delete(updates, cache->data, change->id);
    }
    row_set_free(&row);
}

static void folder_changed(struct sqlms_store *store, const struct sqlms_change *change,
                           struct table_updates *updates)
{
    LONGLONG parent, depth;
    BOOL exists = SUCCEEDED(folder_exists(store, change->id, &parent));
    ULONG i;

    for (i = 0; i < store->table_count; i++)
    {
        struct table_cache *cache = store->tables[i];

        switch (cache->kind)
        {
        case TABLE_HIERARCHY:
            if (exists && parent == cache->folder)
            {
                struct table_update *update = add_update(updates, UPDATE_MODIFY, cache->data);
                if (update) folder_row(store, change->id, 1, &update->rows);
            }
            else if (change->parent == cache->folder || change->old_parent == cache->folder || !exists)
                add_delete(updates, cache->data, change->id);
            break;
        case TABLE_HIERARCHY_DEEP:
            if (change->event == EVENT_MOVED || change->event == EVENT_DELETED || change->event == EVENT_COPIED ||
                change->event == EVENT_CREATED)
            {
                /* A whole subtree may come, go or change depth. */
                if (change->event != EVENT_CREATED || is_descendant(store, change->id, cache->folder, &depth))
                    add_reload(store, updates, cache);
            }
            else if (exists && is_descendant(store, change->id, cache->folder, &depth))
            {
                struct table_update *update = add_update(updates, UPDATE_MODIFY, cache->data);
                if (update) folder_row(store, change->id, depth, &update->rows);
            }
            break;
        case TABLE_CONTENTS:
        case TABLE_ASSOCIATED:
            if (cache->folder == change->id && change->event == EVENT_DELETED) add_reload(store, updates, cache);
            break;
        default:
            break;
        }
    }
}

/* Under the store lock: what the changes do to the cached tables. */
void *tables_collect(struct sqlms_store *store, const struct sqlms_change *changes, ULONG count)
{
    struct table_updates *updates;
    ULONG i, j;

    if (!store->table_count || !store->db) return NULL;
    if (!(updates = heap_alloc_zero(sizeof(*updates)))) return NULL;
    for (i = 0; i < count; i++)
    {
        const struct sqlms_change *change = &changes[i];

        if (!change->event)
        {
            for (j = 0; j < store->table_count; j++) add_reload(store, updates, store->tables[j]);
            continue;
        }
        if (change->event == EVENT_NEWMAIL || change->event == EVENT_RECEIVE_FOLDERS) continue;
        if (change->type == SQLMS_MESSAGE) message_changed(store, change, seen_before(changes, i), updates);
        else if (change->type == SQLMS_FOLDER) folder_changed(store, change, updates);
    }
    return updates;
}

static BOOL set_has_key(const struct row_set *set, const SPropValue *key)
{
    ULONG i;

    for (i = 0; i < set->count; i++)
    {
        const SPropValue *other = PpropFindProp(set->rows[i].lpProps, set->rows[i].cValues, PR_INSTANCE_KEY);
        if (other && other->Value.bin.cb == key->Value.bin.cb &&
            !memcmp(other->Value.bin.lpb, key->Value.bin.lpb, key->Value.bin.cb))
            return TRUE;
    }
    return FALSE;
}

static void apply_reload(struct table_update *update)
{
    ULONG index = 0;
    SRow *row;

    /* Rows that are gone first: every key the new set lacks. */
    while (SUCCEEDED(ITableData_HrEnumRow(update->data, index, &row)) && row)
    {
        SPropValue *key = PpropFindProp(row->lpProps, row->cValues, PR_INSTANCE_KEY);

        if (key && !set_has_key(&update->rows, key))
            ITableData_HrDeleteRow(update->data, key);
        else
            index++;
        MAPIFreeBuffer(row);
    }
    fill_table(update->data, &update->rows);
}

/* Outside the lock: the changes reach the tables, and their views notify. */
void tables_apply(void *collected)
{
    struct table_updates *updates = collected;
    ULONG i;

    if (!updates) return;
    for (i = 0; i < updates->count; i++)
    {
        struct table_update *update = &updates->items[i];
        SPropValue key;

        switch (update->kind)
        {
        case UPDATE_MODIFY:
            fill_table(update->data, &update->rows);
            break;
        case UPDATE_DELETE:
            key.ulPropTag = PR_INSTANCE_KEY;
            key.dwAlignPad = 0;
            key.Value.bin.cb = sizeof(update->key);
            key.Value.bin.lpb = update->key;
            ITableData_HrDeleteRow(update->data, &key);
            break;
        case UPDATE_RELOAD:
            apply_reload(update);
            break;
        }
        row_set_free(&update->rows);
        ITableData_Release(update->data);
    }
    heap_free(updates->items);
    heap_free(updates);
}
