/*
 * Tables: CreateTable and ITableData, the data behind IMAPITable views
 * (tableview.c), and the table utilities HrQueryAllRows and HrAddColumns(Ex).
 *
 * Rows are kept in insertion order, each one block of property values copied
 * from the caller's, with a hash of the index column to find them. Every
 * change is passed on to the table's views row by row and their advise sinks
 * are told once the table's lock is left.
 */

#include "table_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Up to that many rows changed at once are notified one by one; more as TABLE_CHANGED. */
#define MAX_ROW_NOTIFICATIONS 8

static inline struct table_data *impl_from_ITableData(ITableData *iface)
{
    return CONTAINING_RECORD(iface, struct table_data, ITableData_iface);
}

/* The index column: the bytes that identify a row, hashed and compared as they are. */
static BOOL index_bytes(const SPropValue *value, const void **bytes, SIZE_T *size)
{
    switch (PROP_TYPE(value->ulPropTag))
    {
    case PT_I2:
    case PT_BOOLEAN:  *bytes = &value->Value.i; *size = sizeof(value->Value.i); return TRUE;
    case PT_LONG:
    case PT_R4:       *bytes = &value->Value.l; *size = sizeof(value->Value.l); return TRUE;
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_I8:
    case PT_SYSTIME:  *bytes = &value->Value.li; *size = sizeof(value->Value.li); return TRUE;
    case PT_STRING8:
        *bytes = value->Value.lpszA ? value->Value.lpszA : "";
        *size = strlen(*bytes);
        return TRUE;
    case PT_UNICODE:
        *bytes = value->Value.lpszW ? value->Value.lpszW : L"";
        *size = wcslen(*bytes) * sizeof(WCHAR);
        return TRUE;
    case PT_BINARY:
        *bytes = value->Value.bin.lpb;
        *size = value->Value.bin.cb;
        return *size == 0 || *bytes;
    case PT_CLSID:
        *bytes = value->Value.lpguid;
        *size = sizeof(GUID);
        return *bytes != NULL;
    }
    return FALSE;
}

static BOOL is_index_type(ULONG type)
{
    switch (type)
    {
    case PT_I2: case PT_BOOLEAN: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_APPTIME: case PT_CURRENCY:
    case PT_I8: case PT_SYSTIME: case PT_STRING8: case PT_UNICODE: case PT_BINARY: case PT_CLSID:
        return TRUE;
    }
    return FALSE;
}

static ULONG hash_value(const SPropValue *value)
{
    const BYTE *bytes;
    ULONG hash = 2166136261u;
    SIZE_T size, i;

    if (!index_bytes(value, (const void **)&bytes, &size)) return 0;
    for (i = 0; i < size; i++) hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

static BOOL same_value(const SPropValue *a, const SPropValue *b)
{
    const void *bytes_a, *bytes_b;
    SIZE_T size_a, size_b;

    if (a->ulPropTag != b->ulPropTag) return FALSE;
    if (!index_bytes(a, &bytes_a, &size_a) || !index_bytes(b, &bytes_b, &size_b)) return FALSE;
    return size_a == size_b && !memcmp(bytes_a, bytes_b, size_a);
}

static const SPropValue *find_index(const struct table_data *table, const SPropValue *props, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (props[i].ulPropTag == table->index_tag) return &props[i];
    return NULL;
}

static struct table_row *table_find_row(const struct table_data *table, const SPropValue *key)
{
    struct table_row *row;

    if (!table->bucket_count) return NULL;
    for (row = table->buckets[hash_value(key) & (table->bucket_count - 1)]; row; row = row->hash_next)
        if (same_value(find_index(table, row->props, row->count), key)) return row;
    return NULL;
}

static void hash_insert(struct table_data *table, struct table_row *row)
{
    struct table_row **bucket = &table->buckets[hash_value(find_index(table, row->props, row->count))
                                                & (table->bucket_count - 1)];
    row->hash_next = *bucket;
    *bucket = row;
}

static void hash_remove(struct table_data *table, struct table_row *row)
{
    struct table_row **link = &table->buckets[hash_value(find_index(table, row->props, row->count))
                                              & (table->bucket_count - 1)];

    for (; *link; link = &(*link)->hash_next)
        if (*link == row)
        {
            *link = row->hash_next;
            return;
        }
}

/* Room for one more row in the rows array, the hash and the slots. */
static BOOL table_reserve(struct table_data *table, ULONG count)
{
    ULONG i;

    if (table->row_count + count > table->row_capacity)
    {
        ULONG capacity = max(max(16, table->row_capacity * 2), table->row_count + count);
        struct table_row **rows = table->rows ? HeapReAlloc(GetProcessHeap(), 0, table->rows, capacity * sizeof(*rows))
                                              : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*rows));
        if (!rows) return FALSE;
        table->rows = rows;
        table->row_capacity = capacity;
    }
    if (table->row_count + count > table->bucket_count)
    {
        ULONG bucket_count = max(64, table->bucket_count);
        struct table_row **buckets;

        while (bucket_count < table->row_count + count) bucket_count *= 2;
        if (!(buckets = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, bucket_count * sizeof(*buckets)))) return FALSE;
        HeapFree(GetProcessHeap(), 0, table->buckets);
        table->buckets = buckets;
        table->bucket_count = bucket_count;
        for (i = 0; i < table->row_count; i++) hash_insert(table, table->rows[i]);
    }
    return TRUE;
}

static ULONG take_slot(struct table_data *table)
{
    if (table->free_slot_count) return table->free_slots[--table->free_slot_count];
    return table->slot_limit++;
}

static void give_slot(struct table_data *table, ULONG slot)
{
    ULONG *slots;

    if (table->free_slot_count == table->free_slot_capacity)
    {
        ULONG capacity = max(16, table->free_slot_capacity * 2);

        slots = table->free_slots ? HeapReAlloc(GetProcessHeap(), 0, table->free_slots, capacity * sizeof(*slots))
                                  : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*slots));
        /* A slot that cannot be kept is only never reused. */
        if (!slots) return;
        table->free_slots = slots;
        table->free_slot_capacity = capacity;
    }
    table->free_slots[table->free_slot_count++] = slot;
}

static void row_free(struct table_row *row)
{
    if (!row) return;
    HeapFree(GetProcessHeap(), 0, row->props);
    HeapFree(GetProcessHeap(), 0, row);
}

/* A private copy of a caller's row. */
static HRESULT row_create(const SRow *src, struct table_row **out)
{
    struct table_row *row;
    ULONG size;
    SCODE sc;

    if ((sc = mapi_props_size(src->cValues, src->lpProps, &size))) return sc;
    if (!(row = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*row)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(row->props = HeapAlloc(GetProcessHeap(), 0, max(size, 1))))
    {
        HeapFree(GetProcessHeap(), 0, row);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if ((sc = mapi_props_copy(src->cValues, src->lpProps, row->props, NULL)))
    {
        row_free(row);
        return sc;
    }
    row->count = src->cValues;
    *out = row;
    return S_OK;
}

/* A row for the caller: the SRow and its values in one block from the table's allocator. */
static HRESULT row_output(const struct table_data *table, const struct table_row *row, SRow **out)
{
    ULONG size, header = (sizeof(SRow) + 7) & ~7;
    SRow *copy;
    SCODE sc;

    if ((sc = mapi_props_size(row->count, row->props, &size))) return sc;
    if ((sc = table->allocate_buffer(header + size, (void **)&copy))) return sc;
    copy->ulAdrEntryPad = 0;
    copy->cValues = row->count;
    copy->lpProps = (SPropValue *)((BYTE *)copy + header);
    if ((sc = mapi_props_copy(row->count, row->props, copy->lpProps, NULL)))
    {
        table->free_buffer(copy);
        return sc;
    }
    *out = copy;
    return S_OK;
}

/* Makes columns the rows brought available to views (QueryColumns with TBL_ALL_COLUMNS). */
BOOL table_add_columns(struct table_data *table, const SPropValue *props, ULONG count)
{
    ULONG i, j;

    for (i = 0; i < count; i++)
    {
        ULONG tag = props[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_ERROR || tag == PR_NULL) continue;
        for (j = 0; j < table->columns->cValues; j++)
            if (table->columns->aulPropTag[j] == tag) break;
        if (j < table->columns->cValues) continue;
        if (table->columns->cValues == table->columns_capacity)
        {
            ULONG capacity = table->columns_capacity * 2;
            SPropTagArray *columns = HeapReAlloc(GetProcessHeap(), 0, table->columns, CbNewSPropTagArray(capacity));

            if (!columns) return FALSE;
            table->columns = columns;
            table->columns_capacity = capacity;
        }
        table->columns->aulPropTag[table->columns->cValues++] = tag;
    }
    return TRUE;
}

static void table_prepare_change(struct table_data *table)
{
    struct table_view *view;

    LIST_FOR_EACH_VIEW(view, table) view_prepare_change(view);
}

static void table_row_changed(struct table_data *table, struct table_row *old_row, struct table_row *new_row,
                              BOOL notify, BOOL force_modified, struct notify_batch *batch)
{
    struct table_view *view;

    LIST_FOR_EACH_VIEW(view, table)
        view_row_changed(view, old_row, new_row, notify, force_modified, batch);
}

/* For changes of more rows than are notified one by one. */
static void table_changed(struct table_data *table, struct notify_batch *batch)
{
    struct table_view *view;

    LIST_FOR_EACH_VIEW(view, table)
        if (!view->dirty || view_has_sinks(view)) view_notify_event(view, TABLE_CHANGED, batch);
}

/* Adds a new row at pos, or puts it in place of the row with its index value. */
static void table_put_row(struct table_data *table, struct table_row *row, ULONG pos, BOOL notify,
                          struct notify_batch *batch)
{
    struct table_row *old = table_find_row(table, find_index(table, row->props, row->count));
    ULONG i;

    if (old)
    {
        row->id = old->id;
        row->slot = old->slot;
        row->pos = old->pos;
        table_index_remove(table, old);
        table->rows[old->pos] = row;
        hash_remove(table, old);
        hash_insert(table, row);
        table_index_add(table, row);
        table_row_changed(table, old, row, notify, FALSE, batch);
        row_free(old);
        return;
    }
    row->id = ++table->next_id;
    row->slot = take_slot(table);
    row->pos = pos;
    memmove(table->rows + pos + 1, table->rows + pos, (table->row_count - pos) * sizeof(*table->rows));
    table->rows[pos] = row;
    table->row_count++;
    for (i = pos + 1; i < table->row_count; i++) table->rows[i]->pos = i;
    hash_insert(table, row);
    table_index_add(table, row);
    table_row_changed(table, NULL, row, notify, FALSE, batch);
}

/* Takes a row out of the views and the hash; the caller closes the gap in the rows array. */
static void table_drop_row(struct table_data *table, struct table_row *row, BOOL notify, struct notify_batch *batch)
{
    table_row_changed(table, row, NULL, notify, FALSE, batch);
    table_index_remove(table, row);
    hash_remove(table, row);
    give_slot(table, row->slot);
    table->rows[row->pos] = NULL;
}

/* Closes the gaps table_drop_row() left. */
static void table_compact(struct table_data *table)
{
    ULONG i, count = 0;

    for (i = 0; i < table->row_count; i++)
    {
        if (!table->rows[i]) continue;
        table->rows[count] = table->rows[i];
        table->rows[count]->pos = count;
        count++;
    }
    table->row_count = count;
}

static HRESULT WINAPI table_QueryInterface(ITableData *iface, REFIID riid, void **obj)
{
    struct table_data *table = impl_from_ITableData(iface);

    TRACE("(%p,%s,%p)\n", table, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPITableData))
    {
        *obj = iface;
        ITableData_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI table_AddRef(ITableData *iface)
{
    struct table_data *table = impl_from_ITableData(iface);
    ULONG ref = InterlockedIncrement(&table->ref);

    TRACE("(%p) ref %lu\n", table, ref);
    return ref;
}

static ULONG WINAPI table_Release(ITableData *iface)
{
    struct table_data *table = impl_from_ITableData(iface);
    ULONG ref = InterlockedDecrement(&table->ref);
    ULONG i;

    TRACE("(%p) ref %lu\n", table, ref);

    if (!ref)
    {
        /* Views hold a reference each: none is left. */
        table_free_indexes(table);
        for (i = 0; i < table->row_count; i++) row_free(table->rows[i]);
        HeapFree(GetProcessHeap(), 0, table->rows);
        HeapFree(GetProcessHeap(), 0, table->buckets);
        HeapFree(GetProcessHeap(), 0, table->free_slots);
        HeapFree(GetProcessHeap(), 0, table->columns);
        table->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&table->cs);
        HeapFree(GetProcessHeap(), 0, table);
    }
    return ref;
}

static HRESULT WINAPI table_HrGetView(ITableData *iface, LPSSortOrderSet sort, CALLERRELEASE *release,
                                     ULONG_PTR release_data, LPMAPITABLE *view)
{
    struct table_data *table = impl_from_ITableData(iface);
    HRESULT hr;

    TRACE("(%p,%p,%p,%#Ix,%p)\n", table, sort, release, release_data, view);

    if (!view) return MAPI_E_INVALID_PARAMETER;
    if (sort && FAILED(hr = sort_validate(sort))) return hr;

    EnterCriticalSection(&table->cs);
    hr = view_create(table, sort, release, release_data, view);
    LeaveCriticalSection(&table->cs);
    return hr;
}

/* Checks that every row names itself with the index column. */
static HRESULT check_rows(const struct table_data *table, const SRow *rows, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++)
    {
        if (rows[i].cValues && !rows[i].lpProps) return MAPI_E_INVALID_PARAMETER;
        if (!find_index(table, rows[i].lpProps, rows[i].cValues))
        {
            WARN("row %lu lacks the index column %#lx\n", i, table->index_tag);
            return MAPI_E_INVALID_PARAMETER;
        }
    }
    return S_OK;
}

/* Adds or replaces rows: all of them, or none when one is bad or memory runs out. */
static HRESULT table_modify_rows(struct table_data *table, const SRow *rows, ULONG count)
{
    struct table_row **copies;
    struct notify_batch batch;
    HRESULT hr = S_OK;
    ULONG i;

    if (FAILED(hr = check_rows(table, rows, count))) return hr;
    if (!(copies = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, max(count, 1) * sizeof(*copies))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < count && SUCCEEDED(hr); i++) hr = row_create(&rows[i], &copies[i]);

    notify_batch_init(&batch);
    EnterCriticalSection(&table->cs);
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        if (!table_add_columns(table, copies[i]->props, copies[i]->count)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr) && !table_reserve(table, count)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr))
    {
        table_prepare_change(table);
        /* Cheaper to index again, when asked, than to keep up row by row. */
        if (count > MAX_ROW_NOTIFICATIONS) table_free_indexes(table);
        for (i = 0; i < count; i++)
        {
            table_put_row(table, copies[i], table->row_count, count <= MAX_ROW_NOTIFICATIONS, &batch);
            copies[i] = NULL;
        }
        if (count > MAX_ROW_NOTIFICATIONS) table_changed(table, &batch);
    }
    LeaveCriticalSection(&table->cs);
    notify_batch_send(&batch);

    for (i = 0; i < count; i++) row_free(copies[i]);
    HeapFree(GetProcessHeap(), 0, copies);
    return hr;
}

static HRESULT WINAPI table_HrModifyRow(ITableData *iface, LPSRow row)
{
    struct table_data *table = impl_from_ITableData(iface);

    TRACE("(%p,%p)\n", table, row);

    if (!row) return MAPI_E_INVALID_PARAMETER;
    return table_modify_rows(table, row, 1);
}

static HRESULT WINAPI table_HrDeleteRow(ITableData *iface, LPSPropValue key)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct notify_batch batch;
    struct table_row *row;
    HRESULT hr = S_OK;

    TRACE("(%p,%p)\n", table, key);

    if (!key || key->ulPropTag != table->index_tag) return MAPI_E_INVALID_PARAMETER;

    notify_batch_init(&batch);
    EnterCriticalSection(&table->cs);
    if (!(row = table_find_row(table, key))) hr = MAPI_E_NOT_FOUND;
    else
    {
        table_prepare_change(table);
        table_drop_row(table, row, TRUE, &batch);
        table_compact(table);
        row_free(row);
    }
    LeaveCriticalSection(&table->cs);
    notify_batch_send(&batch);
    return hr;
}

static HRESULT WINAPI table_HrQueryRow(ITableData *iface, LPSPropValue key, LPSRow *out, ULONG *index)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct table_row *row;
    HRESULT hr;

    TRACE("(%p,%p,%p,%p)\n", table, key, out, index);

    if (!key || !out || key->ulPropTag != table->index_tag) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (!(row = table_find_row(table, key))) hr = MAPI_E_NOT_FOUND;
    else if (SUCCEEDED(hr = row_output(table, row, out)) && index) *index = row->pos;
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI table_HrEnumRow(ITableData *iface, ULONG index, LPSRow *out)
{
    struct table_data *table = impl_from_ITableData(iface);
    HRESULT hr = S_OK;

    TRACE("(%p,%lu,%p)\n", table, index, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&table->cs);
    if (index >= table->row_count) *out = NULL;
    else hr = row_output(table, table->rows[index], out);
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI table_HrNotify(ITableData *iface, ULONG flags, ULONG count, LPSPropValue values)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct notify_batch batch;
    const SPropValue *key;
    struct table_row *row;
    HRESULT hr = S_OK;

    TRACE("(%p,%#lx,%lu,%p)\n", table, flags, count, values);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!values || !(key = find_index(table, values, count))) return MAPI_E_INVALID_PARAMETER;

    notify_batch_init(&batch);
    EnterCriticalSection(&table->cs);
    if (!(row = table_find_row(table, key))) hr = MAPI_E_NOT_FOUND;
    else
    {
        table_prepare_change(table);
        table_row_changed(table, row, row, TRUE, TRUE, &batch);
    }
    LeaveCriticalSection(&table->cs);
    notify_batch_send(&batch);
    return hr;
}

static HRESULT WINAPI table_HrInsertRow(ITableData *iface, ULONG index, LPSRow row)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct table_row *copy;
    struct notify_batch batch;
    HRESULT hr;

    TRACE("(%p,%lu,%p)\n", table, index, row);

    if (!row) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = check_rows(table, row, 1)) || FAILED(hr = row_create(row, &copy))) return hr;

    notify_batch_init(&batch);
    EnterCriticalSection(&table->cs);
    if (index > table->row_count)
    {
        WARN("row %lu is past the end (%lu rows)\n", index, table->row_count);
        hr = MAPI_E_INVALID_PARAMETER;
    }
    else if (table_find_row(table, find_index(table, copy->props, copy->count)))
    {
        WARN("a row with that index value exists\n");
        hr = MAPI_E_INVALID_PARAMETER;
    }
    else if (!table_add_columns(table, copy->props, copy->count) || !table_reserve(table, 1))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        table_prepare_change(table);
        table_put_row(table, copy, index, TRUE, &batch);
        copy = NULL;
    }
    LeaveCriticalSection(&table->cs);
    notify_batch_send(&batch);
    row_free(copy);
    return hr;
}

static HRESULT WINAPI table_HrModifyRows(ITableData *iface, ULONG flags, LPSRowSet rows)
{
    struct table_data *table = impl_from_ITableData(iface);

    TRACE("(%p,%#lx,%p)\n", table, flags, rows);

    if (!rows) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return table_modify_rows(table, rows->aRow, rows->cRows);
}

static HRESULT WINAPI table_HrDeleteRows(ITableData *iface, ULONG flags, LPSRowSet rows, ULONG *deleted)
{
    struct table_data *table = impl_from_ITableData(iface);
    struct table_row **gone = NULL;
    struct notify_batch batch;
    struct table_view *view;
    struct table_row *row;
    ULONG i, count = 0;
    BOOL notify;

    TRACE("(%p,%#lx,%p,%p)\n", table, flags, rows, deleted);

    if (flags & ~TAD_ALL_ROWS) return MAPI_E_UNKNOWN_FLAGS;
    if (!(flags & TAD_ALL_ROWS))
    {
        HRESULT hr;

        if (!rows) return MAPI_E_INVALID_PARAMETER;
        if (FAILED(hr = check_rows(table, rows->aRow, rows->cRows))) return hr;
        if (!(gone = HeapAlloc(GetProcessHeap(), 0, max(rows->cRows, 1) * sizeof(*gone))))
            return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    notify_batch_init(&batch);
    EnterCriticalSection(&table->cs);
    if (flags & TAD_ALL_ROWS)
    {
        table_prepare_change(table);
        table_free_indexes(table);
        count = table->row_count;
        for (i = 0; i < table->row_count; i++) row_free(table->rows[i]);
        table->row_count = 0;
        table->free_slot_count = 0;
        table->slot_limit = 0;
        if (table->buckets) memset(table->buckets, 0, table->bucket_count * sizeof(*table->buckets));
        LIST_FOR_EACH_VIEW(view, table) view_table_reloaded(view, &batch);
    }
    else
    {
        table_prepare_change(table);
        notify = rows->cRows <= MAX_ROW_NOTIFICATIONS;
        if (!notify) table_free_indexes(table);
        for (i = 0; i < rows->cRows; i++)
        {
            if (!(row = table_find_row(table, find_index(table, rows->aRow[i].lpProps, rows->aRow[i].cValues))))
                continue;
            table_drop_row(table, row, notify, &batch);
            gone[count++] = row;
        }
        table_compact(table);
        if (!notify && count) table_changed(table, &batch);
    }
    LeaveCriticalSection(&table->cs);
    notify_batch_send(&batch);

    if (gone)
    {
        for (i = 0; i < count; i++) row_free(gone[i]);
        HeapFree(GetProcessHeap(), 0, gone);
    }
    if (deleted) *deleted = count;
    return S_OK;
}

static const ITableDataVtbl table_vtbl =
{
    table_QueryInterface,
    table_AddRef,
    table_Release,
    table_HrGetView,
    table_HrModifyRow,
    table_HrDeleteRow,
    table_HrQueryRow,
    table_HrEnumRow,
    table_HrNotify,
    table_HrInsertRow,
    table_HrModifyRows,
    table_HrDeleteRows,
};

/***********************************************************************
 *  CreateTable@36 (MAPI32.61)
 *
 * Creates a table data object, whose rows are set with its ITableData
 * methods and read through the IMAPITable views it hands out.
 *
 * PARAMS
 *  iid             [I] IID_IMAPITableData, or NULL.
 *  allocate_buffer [I] MAPIAllocateBuffer or the provider's equivalent.
 *  allocate_more   [I] MAPIAllocateMore or the provider's equivalent.
 *  free_buffer     [I] MAPIFreeBuffer or the provider's equivalent.
 *  reserved        [I] Reserved, must be NULL.
 *  type            [I] TBLTYPE_SNAPSHOT, TBLTYPE_KEYSET or TBLTYPE_DYNAMIC, as views report it.
 *  index_tag       [I] Tag of the column whose value names each row.
 *  columns         [I] The columns views show unless told otherwise.
 *  table_data      [O] Receives the table data object.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers, a reserved value, an
 *           unknown table type or an index column no row could be found by,
 *           MAPI_E_INTERFACE_NOT_SUPPORTED for another iid,
 *           MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  Whatever the type, views follow every change of the data. Memory handed
 *  to callers (rows, column sets, sort orders, states) comes from
 *  allocate_buffer; the engine keeps its own copies on the process heap.
 */
SCODE WINAPI CreateTable(LPCIID iid, ALLOCATEBUFFER *allocate_buffer, ALLOCATEMORE *allocate_more,
                         FREEBUFFER *free_buffer, LPVOID reserved, ULONG type, ULONG index_tag,
                         LPSPropTagArray columns, LPTABLEDATA *table_data)
{
    struct table_data *table;
    ULONG capacity;

    TRACE("(%s,%p,%p,%p,%p,%lu,%#lx,%p,%p)\n", debugstr_guid(iid), allocate_buffer, allocate_more, free_buffer,
          reserved, type, index_tag, columns, table_data);

    if (!table_data || !allocate_buffer || !allocate_more || !free_buffer || !columns || reserved)
        return MAPI_E_INVALID_PARAMETER;
    *table_data = NULL;
    if (iid && !IsEqualIID(iid, &IID_IMAPITableData))
    {
        WARN("interface %s\n", debugstr_guid(iid));
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    if (type > TBLTYPE_DYNAMIC)
    {
        WARN("unknown table type %lu\n", type);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!is_index_type(PROP_TYPE(index_tag)))
    {
        WARN("cannot index on %#lx\n", index_tag);
        return MAPI_E_INVALID_PARAMETER;
    }

    if (!(table = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*table)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    capacity = max(16, columns->cValues);
    if (!(table->columns = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(capacity))))
    {
        HeapFree(GetProcessHeap(), 0, table);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memcpy(table->columns, columns, CbSPropTagArray(columns));
    table->columns_capacity = capacity;

    table->ITableData_iface.lpVtbl = &table_vtbl;
    table->ref = 1;
    InitializeCriticalSection(&table->cs);
    table->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": table_data.cs");
    table->allocate_buffer = allocate_buffer;
    table->allocate_more = allocate_more;
    table->free_buffer = free_buffer;
    table->type = type;
    table->index_tag = index_tag;

    *table_data = &table->ITableData_iface;
    return S_OK;
}

/* Joins the rows of more to those of *rows; the rows themselves stay where they are. */
static HRESULT join_row_sets(SRowSet **rows, SRowSet *more)
{
    SRowSet *joined;
    SCODE sc;

    if ((sc = MAPIAllocateBuffer(CbNewSRowSet((*rows)->cRows + more->cRows), (void **)&joined))) return sc;
    memcpy(joined->aRow, (*rows)->aRow, (*rows)->cRows * sizeof(SRow));
    memcpy(joined->aRow + (*rows)->cRows, more->aRow, more->cRows * sizeof(SRow));
    joined->cRows = (*rows)->cRows + more->cRows;
    MAPIFreeBuffer(*rows);
    MAPIFreeBuffer(more);
    *rows = joined;
    return S_OK;
}

/***********************************************************************
 *  HrQueryAllRows@24 (MAPI32.75)
 *
 * Reads every row of a table, after optionally setting its columns,
 * restriction and sort order.
 *
 * PARAMS
 *  table       [I] The table.
 *  columns     [I] Columns to set, or NULL to keep the table's.
 *  restriction [I] Restriction to set, or NULL for none.
 *  sort        [I] Sort order to set, or NULL to keep the table's.
 *  row_max     [I] Most rows the caller takes, or 0 for no limit.
 *  rows        [O] Receives the rows; free them with FreeProws.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a NULL table or rows,
 *           MAPI_E_TABLE_TOO_BIG if the table has more than row_max rows,
 *           or the table's own error.
 */
HRESULT WINAPI HrQueryAllRows(LPMAPITABLE table, LPSPropTagArray columns, LPSRestriction restriction,
                              LPSSortOrderSet sort, LONG row_max, LPSRowSet *rows)
{
    SRowSet *all = NULL, *part;
    ULONG got;
    HRESULT hr;
    LONG want;

    TRACE("(%p,%p,%p,%p,%ld,%p)\n", table, columns, restriction, sort, row_max, rows);

    if (!table || !rows || row_max < 0) return MAPI_E_INVALID_PARAMETER;
    *rows = NULL;

    if (columns && FAILED(hr = IMAPITable_SetColumns(table, columns, TBL_BATCH))) return hr;
    if (restriction && FAILED(hr = IMAPITable_Restrict(table, restriction, TBL_BATCH))) return hr;
    if (sort && FAILED(hr = IMAPITable_SortTable(table, sort, TBL_BATCH))) return hr;
    if (FAILED(hr = IMAPITable_SeekRow(table, BOOKMARK_BEGINNING, 0, NULL))) return hr;

    for (;;)
    {
        /* One row past the limit tells a table that is too big. */
        want = row_max ? row_max + 1 - (all ? all->cRows : 0) : 0x7fffffff;
        if (FAILED(hr = IMAPITable_QueryRows(table, want, 0, &part))) break;
        got = part->cRows;
        if (!all) all = part;
        else if (!got) MAPIFreeBuffer(part);
        else if (FAILED(hr = join_row_sets(&all, part)))
        {
            FreeProws(part);
            break;
        }
        if (!got || (row_max && all->cRows > (ULONG)row_max)) break;
    }
    if (SUCCEEDED(hr) && row_max && all->cRows > (ULONG)row_max)
    {
        WARN("more than %ld rows\n", row_max);
        hr = MAPI_E_TABLE_TOO_BIG;
    }
    if (FAILED(hr))
    {
        if (all) FreeProws(all);
        return hr;
    }
    *rows = all;
    return S_OK;
}

/***********************************************************************
 *  HrAddColumns@16 (MAPI32.81)
 *
 * Puts columns at the front of a table's column set.
 *
 * PARAMS
 *  table           [I] The table.
 *  columns         [I] The columns to add, or move to the front.
 *  allocate_buffer [I] MAPIAllocateBuffer or the provider's equivalent.
 *  free_buffer     [I] MAPIFreeBuffer or the provider's equivalent.
 *
 * RETURNS
 *  As HrAddColumnsEx.
 */
HRESULT WINAPI HrAddColumns(LPMAPITABLE table, LPSPropTagArray columns, LPALLOCATEBUFFER allocate_buffer,
                            LPFREEBUFFER free_buffer)
{
    TRACE("(%p,%p,%p,%p)\n", table, columns, allocate_buffer, free_buffer);
    return HrAddColumnsEx(table, columns, allocate_buffer, free_buffer, NULL);
}

/***********************************************************************
 *  HrAddColumnsEx@20 (MAPI32.82)
 *
 * Puts columns at the front of a table's column set, after letting the
 * caller change the columns it had.
 *
 * PARAMS
 *  table           [I] The table.
 *  columns         [I] The columns to add, or move to the front.
 *  allocate_buffer [I] MAPIAllocateBuffer or the provider's equivalent.
 *  free_buffer     [I] MAPIFreeBuffer or the provider's equivalent.
 *  filter          [I] Called with the table's columns before they are
 *                      joined, to change tags in place; or NULL.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a NULL pointer, or the error of
 *           the table's QueryColumns or SetColumns, or of allocate_buffer.
 */
HRESULT WINAPI HrAddColumnsEx(LPMAPITABLE table, LPSPropTagArray columns, LPALLOCATEBUFFER allocate_buffer,
                              LPFREEBUFFER free_buffer, void (*filter)(LPSPropTagArray))
{
    SPropTagArray *old, *joined;
    ULONG i, j;
    HRESULT hr;

    TRACE("(%p,%p,%p,%p,%p)\n", table, columns, allocate_buffer, free_buffer, filter);

    if (!table || !columns || !allocate_buffer || !free_buffer) return MAPI_E_INVALID_PARAMETER;

    if (FAILED(hr = IMAPITable_QueryColumns(table, 0, &old))) return hr;
    if (filter) filter(old);
    if (FAILED(hr = allocate_buffer(CbNewSPropTagArray(columns->cValues + old->cValues), (void **)&joined)))
    {
        free_buffer(old);
        return hr;
    }
    memcpy(joined->aulPropTag, columns->aulPropTag, columns->cValues * sizeof(ULONG));
    joined->cValues = columns->cValues;
    for (i = 0; i < old->cValues; i++)
    {
        for (j = 0; j < columns->cValues; j++)
            if (columns->aulPropTag[j] == old->aulPropTag[i]) break;
        if (j == columns->cValues) joined->aulPropTag[joined->cValues++] = old->aulPropTag[i];
    }
    hr = IMAPITable_SetColumns(table, joined, 0);
    free_buffer(joined);
    free_buffer(old);
    return hr;
}
