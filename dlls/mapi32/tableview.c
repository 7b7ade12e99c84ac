/*
 * IMAPITable: a view of an ITableData, with its own columns, restriction,
 * sort order, categories, cursor, bookmarks and advise sinks.
 *
 * A view's rows are rebuilt only when its restriction, sort order or expanded
 * multi-valued columns change, and then only when next read. A change to the
 * table's data is applied to each view row by row: the row's view rows are
 * taken out and put back at their sorted place, and the notifications are
 * worked out by comparing what the caller could see of the row before and after.
 */

#include "table_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Bookmarks a view hands out before CreateBookmark says MAPI_E_UNABLE_TO_COMPLETE. */
#define MAX_BOOKMARKS 1024
#define FIRST_BOOKMARK 3

/* Instance keys the engine makes: a row and its instance, or a heading. */
#define HEADING_KEY_FLAG 0x80000000

#define COLLAPSE_STATE_MAGIC 0x31534354 /* 'TCS1' */

static inline struct table_view *impl_from_IMAPITable(IMAPITable *iface)
{
    return CONTAINING_RECORD(iface, struct table_view, IMAPITable_iface);
}

/* Scratch memory */

struct scratch_chunk
{
    struct scratch_chunk *next;
    SIZE_T used, size;
    SIZE_T pad;
};

void *scratch_alloc(struct scratch *scratch, SIZE_T size)
{
    struct scratch_chunk *chunk = scratch->chunks;
    void *ret;

    size = (size + 15) & ~(SIZE_T)15;
    if (!chunk || chunk->size - chunk->used < size)
    {
        SIZE_T chunk_size = max(size, 4096);

        if (!(chunk = HeapAlloc(GetProcessHeap(), 0, sizeof(*chunk) + chunk_size))) return NULL;
        chunk->next = scratch->chunks;
        chunk->used = 0;
        chunk->size = chunk_size;
        scratch->chunks = chunk;
    }
    ret = (BYTE *)(chunk + 1) + chunk->used;
    chunk->used += size;
    return ret;
}

/* Frees everything but the newest chunk, which is kept for the next use. */
void scratch_reset(struct scratch *scratch)
{
    struct scratch_chunk *chunk = scratch->chunks, *next;

    if (!chunk) return;
    for (next = chunk->next; next; next = chunk->next)
    {
        chunk->next = next->next;
        HeapFree(GetProcessHeap(), 0, next);
    }
    chunk->used = 0;
}

static void scratch_free(struct scratch *scratch)
{
    struct scratch_chunk *chunk, *next;

    for (chunk = scratch->chunks; chunk; chunk = next)
    {
        next = chunk->next;
        HeapFree(GetProcessHeap(), 0, chunk);
    }
    scratch->chunks = NULL;
}

/* View rows come from a pool per view: a view of 100000 rows makes as many. */

static BOOL pool_reset(struct table_view *view)
{
    if (!view->pool && !(view->pool = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*view->pool))))
        return FALSE;
    row_pool_reset(view->pool, view->key_count);
    return TRUE;
}

static struct view_row *pool_alloc(struct table_view *view)
{
    return row_pool_alloc(view->pool);
}

static void pool_free(struct table_view *view, struct view_row *vrow)
{
    row_pool_free(view->pool, vrow);
}

/* Row arrays */

static BOOL reserve_rows(struct view_row ***rows, ULONG *capacity, ULONG count)
{
    struct view_row **new_rows;
    ULONG new_capacity;

    if (count <= *capacity) return TRUE;
    new_capacity = max(max(16, *capacity * 2), count);
    if (*rows) new_rows = HeapReAlloc(GetProcessHeap(), 0, *rows, new_capacity * sizeof(**rows));
    else new_rows = HeapAlloc(GetProcessHeap(), 0, new_capacity * sizeof(**rows));
    if (!new_rows) return FALSE;
    *rows = new_rows;
    *capacity = new_capacity;
    return TRUE;
}

static BOOL reserve_row_map(struct table_view *view)
{
    ULONG size = view->table->slot_limit;
    struct view_row **map;

    if (size <= view->row_map_size) return TRUE;
    size = max(size, view->row_map_size * 2);
    if (view->row_map) map = HeapReAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, view->row_map, size * sizeof(*map));
    else map = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size * sizeof(*map));
    if (!map) return FALSE;
    view->row_map = map;
    view->row_map_size = size;
    return TRUE;
}

/* Cursor and bookmarks follow their rows when rows come and go before them. */
static void positions_inserted(struct table_view *view, ULONG pos, ULONG count)
{
    ULONG i;

    if (view->cursor >= pos) view->cursor += count;
    for (i = 0; i < view->bookmark_count; i++)
        if (view->bookmarks[i].used && view->bookmarks[i].valid && view->bookmarks[i].position >= pos)
            view->bookmarks[i].position += count;
}

/* A bookmark on a row that goes moves to the next row, and says so when used. */
static void positions_removed(struct table_view *view, ULONG pos, ULONG count)
{
    struct bookmark *bookmark;
    ULONG i;

    if (view->cursor >= pos + count) view->cursor -= count;
    else if (view->cursor > pos) view->cursor = pos;
    for (i = 0; i < view->bookmark_count; i++)
    {
        bookmark = &view->bookmarks[i];
        if (!bookmark->used || !bookmark->valid || bookmark->position < pos) continue;
        if (bookmark->position >= pos + count) bookmark->position -= count;
        else
        {
            bookmark->position = pos;
            bookmark->moved = TRUE;
        }
    }
}

static void invalidate_bookmarks(struct table_view *view)
{
    ULONG i;

    for (i = 0; i < view->bookmark_count; i++) view->bookmarks[i].valid = FALSE;
}

static BOOL visible_insert(struct table_view *view, ULONG pos, struct view_row *const *rows, ULONG count)
{
    if (!reserve_rows(&view->visible, &view->visible_capacity, view->visible_count + count)) return FALSE;
    memmove(view->visible + pos + count, view->visible + pos, (view->visible_count - pos) * sizeof(*view->visible));
    memcpy(view->visible + pos, rows, count * sizeof(*rows));
    view->visible_count += count;
    positions_inserted(view, pos, count);
    return TRUE;
}

static void visible_remove(struct table_view *view, ULONG pos, ULONG count)
{
    memmove(view->visible + pos, view->visible + pos + count,
            (view->visible_count - pos - count) * sizeof(*view->visible));
    view->visible_count -= count;
    positions_removed(view, pos, count);
}

static ULONG visible_index(const struct table_view *view, const struct view_row *vrow)
{
    ULONG i;

    for (i = 0; i < view->visible_count; i++)
        if (view->visible[i] == vrow) return i;
    return view->visible_count;
}

/* Where a row the caller sees is. */
static ULONG view_row_position(const struct table_view *view, const struct view_row *vrow)
{
    BOOL found;

    if (view_is_categorized(view)) return visible_index(view, vrow);
    return view_leaf_position(view, vrow, &found);
}

static BOOL leaf_visible(const struct table_view *view, const struct view_row *leaf)
{
    if (!view_is_categorized(view)) return TRUE;
    return leaf->category->expanded && category_visible(leaf->category);
}

/* Values of a row */

const SPropValue *row_find_prop(const struct table_row *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->count; i++)
        if (row->props[i].ulPropTag == tag) return &row->props[i];
    return NULL;
}

static const SPropValue *row_find_id(const struct table_row *row, ULONG id)
{
    ULONG i;

    for (i = 0; i < row->count; i++)
        if (PROP_ID(row->props[i].ulPropTag) == id && PROP_TYPE(row->props[i].ulPropTag) != PT_ERROR)
            return &row->props[i];
    return NULL;
}

/* How many values a multi-valued instance column has in a row: a row lacking it shows once. */
static ULONG instance_values(const struct table_row *row, ULONG mvi_tag)
{
    const SPropValue *mv = row_find_prop(row, mvi_tag & ~MV_INSTANCE);
    ULONG count = mv ? mv_count(mv) : 0;
    return count ? count : 1;
}

static ULONG row_instance_count(const struct table_view *view, const struct table_row *row)
{
    ULONG i, count = 1;

    for (i = 0; i < view->mvi_count; i++)
    {
        count *= instance_values(row, view->mvi_tags[i]);
        if (count > TABLE_MAX_INSTANCES)
        {
            WARN("row %lu has over %u instances, showing %u\n", row->id, TABLE_MAX_INSTANCES, TABLE_MAX_INSTANCES);
            return TABLE_MAX_INSTANCES;
        }
    }
    return count;
}

/* The value of tag in one instance of a row, found by its exact tag; FALSE if
 * the row lacks it. An instance column gives the instance's single value. */
BOOL row_instance_value(const struct table_view *view, const struct table_row *row, ULONG instance,
                        ULONG tag, SPropValue *value)
{
    const SPropValue *prop;
    ULONG i, count, divisor = 1;

    if ((PROP_TYPE(tag) & MVI_FLAG) == MVI_FLAG)
    {
        for (i = 0; i < view->mvi_count; i++)
        {
            count = instance_values(row, view->mvi_tags[i]);
            if (view->mvi_tags[i] == tag)
            {
                if (!(prop = row_find_prop(row, tag & ~MV_INSTANCE))) return FALSE;
                return mv_element(prop, (instance / divisor) % count, value);
            }
            divisor *= count;
        }
        /* Not expanded: the whole multi-valued value. */
        tag &= ~MV_INSTANCE;
    }
    if (!(prop = row_find_prop(row, tag))) return FALSE;
    *value = *prop;
    return TRUE;
}

static BOOL make_instance_key(ULONG id, ULONG instance, SPropValue *value, struct scratch *scratch)
{
    ULONG *key;

    if (!scratch || !(key = scratch_alloc(scratch, 2 * sizeof(ULONG)))) return FALSE;
    key[0] = id;
    key[1] = instance;
    value->ulPropTag = PR_INSTANCE_KEY;
    value->Value.bin.cb = 2 * sizeof(ULONG);
    value->Value.bin.lpb = (BYTE *)key;
    return TRUE;
}

static BOOL make_long(ULONG tag, LONG number, SPropValue *value)
{
    value->ulPropTag = tag;
    value->Value.l = number;
    return TRUE;
}

/* A string of the other width, for a caller asking PT_STRING8 of a PT_UNICODE value or back. */
static BOOL convert_string(const SPropValue *prop, ULONG tag, SPropValue *value, struct scratch *scratch)
{
    int length;

    if (!scratch) return FALSE;
    value->ulPropTag = tag;
    if (PROP_TYPE(tag) == PT_STRING8)
    {
        const WCHAR *source = prop->Value.lpszW ? prop->Value.lpszW : L"";
        length = WideCharToMultiByte(CP_ACP, 0, source, -1, NULL, 0, NULL, NULL);
        if (!(value->Value.lpszA = scratch_alloc(scratch, length))) return FALSE;
        WideCharToMultiByte(CP_ACP, 0, source, -1, value->Value.lpszA, length, NULL, NULL);
    }
    else
    {
        const char *source = prop->Value.lpszA ? prop->Value.lpszA : "";
        length = MultiByteToWideChar(CP_ACP, 0, source, -1, NULL, 0);
        if (!(value->Value.lpszW = scratch_alloc(scratch, length * sizeof(WCHAR)))) return FALSE;
        MultiByteToWideChar(CP_ACP, 0, source, -1, value->Value.lpszW, length);
    }
    return TRUE;
}

static BOOL heading_value(const struct table_view *view, const struct category *category, ULONG tag,
                          SPropValue *value, struct scratch *scratch)
{
    ULONG i;

    switch (tag)
    {
    case PR_INSTANCE_KEY:
        return make_instance_key(HEADING_KEY_FLAG | category->id, 0, value, scratch);
    case PR_ROW_TYPE:
        return make_long(tag, category->expanded ? TBL_EXPANDED_CATEGORY : TBL_COLLAPSED_CATEGORY, value);
    case PR_DEPTH:
        return make_long(tag, category->level, value);
    case PR_CONTENT_COUNT:
        return make_long(tag, category->leaf_count, value);
    case PR_CONTENT_UNREAD:
        return make_long(tag, category->unread_count, value);
    }
    for (i = 0; i < view->level_end[category->level]; i++)
    {
        if (view->sort->aSort[i].ulPropTag != tag) continue;
        if (category->heading.keys[i].ulPropTag == TABLE_KEY_MISSING) return FALSE;
        *value = category->heading.keys[i];
        return TRUE;
    }
    return FALSE;
}

/* The value of column tag in a row of the view, as the caller sees it: made-up
 * columns (instance key, row type, depth, category counts), instances of
 * multi-valued columns, strings in the width asked for. FALSE if there is none. */
BOOL view_row_value(const struct table_view *view, const struct view_row *vrow, ULONG tag,
                    SPropValue *value, struct scratch *scratch)
{
    const struct table_row *row = vrow->row;
    const SPropValue *prop;
    ULONG type = PROP_TYPE(tag);

    if (!row) return heading_value(view, vrow->category, tag, value, scratch);

    switch (tag)
    {
    case PR_INSTANCE_KEY:
        if (!view->mvi_count && (prop = row_find_prop(row, PR_INSTANCE_KEY)))
        {
            *value = *prop;
            return TRUE;
        }
        return make_instance_key(row->id, vrow->instance, value, scratch);
    case PR_ROW_TYPE:
        if (view_is_categorized(view)) return make_long(tag, TBL_LEAF_ROW, value);
        break;
    case PR_DEPTH:
        if (view_is_categorized(view)) return make_long(tag, view->level_count, value);
        break;
    }

    if ((type & MVI_FLAG) == MVI_FLAG)
        return row_instance_value(view, row, vrow->instance, tag, value);

    if ((prop = row_find_prop(row, tag)))
    {
        *value = *prop;
        return TRUE;
    }
    if (type == PT_UNSPECIFIED && (prop = row_find_id(row, PROP_ID(tag))))
    {
        *value = *prop;
        return TRUE;
    }
    if (type == PT_STRING8 && (prop = row_find_prop(row, CHANGE_PROP_TYPE(tag, PT_UNICODE))))
        return convert_string(prop, tag, value, scratch);
    if (type == PT_UNICODE && (prop = row_find_prop(row, CHANGE_PROP_TYPE(tag, PT_STRING8))))
        return convert_string(prop, tag, value, scratch);
    return FALSE;
}

static SCODE stored_error(const struct view_row *vrow, ULONG tag)
{
    const SPropValue *prop;

    if (vrow->row && (prop = row_find_prop(vrow->row, PROP_TAG(PT_ERROR, PROP_ID(tag))))) return prop->Value.err;
    return MAPI_E_NOT_FOUND;
}

/* Columns whose value a row may hold but the view makes up instead. */
static BOOL is_made_up(ULONG tag)
{
    return tag == PR_INSTANCE_KEY || tag == PR_ROW_TYPE || tag == PR_DEPTH || (PROP_TYPE(tag) & MVI_FLAG) == MVI_FLAG;
}

/* The view's columns of a row, in scratch memory; a missing one is PT_ERROR. */
static SPropValue *view_row_columns(struct table_view *view, const struct view_row *vrow, struct scratch *scratch)
{
    ULONG i, tag, count = view->columns->cValues;
    const struct table_row *row = vrow->row;
    SPropValue *props;
    BOOL stored;

    if (!(props = scratch_alloc(scratch, max(count, 1) * sizeof(*props)))) return NULL;
    for (i = 0; i < count; i++)
    {
        tag = view->columns->aulPropTag[i];
        props[i].dwAlignPad = 0;
        if (tag == PR_NULL)
        {
            props[i].ulPropTag = PR_NULL;
            props[i].Value.li.QuadPart = 0;
            continue;
        }
        /* Rows of one table tend to keep their columns in one order. */
        stored = row && !is_made_up(tag);
        if (stored && view->column_hint[i] < row->count && row->props[view->column_hint[i]].ulPropTag == tag)
        {
            props[i] = row->props[view->column_hint[i]];
            continue;
        }
        if (view_row_value(view, vrow, tag, &props[i], scratch))
        {
            if (stored && props[i].ulPropTag == tag)
            {
                const SPropValue *prop = row_find_prop(row, tag);
                if (prop) view->column_hint[i] = prop - row->props;
            }
            continue;
        }
        props[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
        props[i].Value.err = stored_error(vrow, tag);
    }
    return props;
}

/* A row for the caller, in one block from the table's allocator. */
static HRESULT view_row_output(struct table_view *view, const struct view_row *vrow, struct scratch *scratch, SRow *out)
{
    ULONG count = view->columns->cValues, size;
    SPropValue *props, *block;
    SCODE sc;

    if (!(props = view_row_columns(view, vrow, scratch))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((sc = mapi_props_size(count, props, &size))) return sc;
    if ((sc = view->table->allocate_buffer(size, (void **)&block))) return sc;
    if ((sc = mapi_props_copy(count, props, block, NULL)))
    {
        view->table->free_buffer(block);
        return sc;
    }
    out->ulAdrEntryPad = 0;
    out->cValues = count;
    out->lpProps = block;
    return S_OK;
}

static void free_row_set(struct table_data *table, SRowSet *rows)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++) table->free_buffer(rows->aRow[i].lpProps);
    table->free_buffer(rows);
}

/* Rows [first, first + count) of what the caller sees, as a row set. */
static HRESULT view_rows_output(struct table_view *view, struct view_row *const *rows, ULONG count, SRowSet **out)
{
    struct scratch scratch = {0};
    SRowSet *set;
    HRESULT hr = S_OK;
    ULONG i;

    if ((hr = view->table->allocate_buffer(CbNewSRowSet(max(count, 1)), (void **)&set))) return hr;
    set->cRows = 0;
    for (i = 0; i < count; i++)
    {
        if (FAILED(hr = view_row_output(view, rows[i], &scratch, &set->aRow[i]))) break;
        set->cRows++;
        scratch_reset(&scratch);
    }
    scratch_free(&scratch);
    if (FAILED(hr))
    {
        free_row_set(view->table, set);
        return hr;
    }
    *out = set;
    return S_OK;
}

/* Building a view's rows */

static void view_clear(struct table_view *view)
{
    if (view->index)
    {
        view->index->scanners--;
        view->index = NULL;
    }
    view_free_categories(view);
    pool_reset(view);
    view->leaf_count = 0;
    view->visible_count = 0;
    if (view->row_map) memset(view->row_map, 0, view->row_map_size * sizeof(*view->row_map));
}

/* Appends a new leaf for one instance of a row if it passes the restriction. */
static HRESULT view_take_row(struct table_view *view, struct restrict_context *context, struct table_row *row,
                             ULONG instance, const SPropValue *keys, struct view_row ***link)
{
    struct view_row *vrow;

    if (!(vrow = pool_alloc(view))) return MAPI_E_NOT_ENOUGH_MEMORY;
    vrow->row = row;
    vrow->category = NULL;
    vrow->next_instance = NULL;
    vrow->instance = instance;
    if (view->restriction && !restriction_match(context, view->restriction, vrow))
    {
        pool_free(view, vrow);
        scratch_reset(context->scratch);
        return S_OK;
    }
    scratch_reset(context->scratch);
    if (keys) memcpy(vrow->keys, keys, view->key_count * sizeof(*keys));
    else view_row_fill_keys(view, vrow);
    if (!reserve_rows(&view->leaves, &view->leaf_capacity, view->leaf_count + 1))
    {
        pool_free(view, vrow);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    view->leaves[view->leaf_count++] = vrow;
    **link = vrow;
    *link = &vrow->next_instance;
    return S_OK;
}

static HRESULT view_finish(struct table_view *view)
{
    HRESULT hr;

    if (view_is_categorized(view) && FAILED(hr = view_build_categories(view)))
    {
        view_clear(view);
        view->dirty = TRUE;
        return hr;
    }
    if (view->cursor > view_row_count(view)) view->cursor = view_row_count(view);
    return S_OK;
}

/* Reads the table's index for the view's order until the view has needed
 * leaves or the index ends: they come sorted, and the rows past them are not
 * looked at until they are asked for. */
static HRESULT view_scan(struct table_view *view, ULONG needed)
{
    struct sort_index *index = view->index;
    struct restrict_context context = {0};
    struct scratch scratch = {0};
    struct view_row **link;
    HRESULT hr = S_OK;

    context.view = view;
    context.scratch = &scratch;
    for (; view->scan_pos < index->count && view->leaf_count < needed && SUCCEEDED(hr); view->scan_pos++)
    {
        struct view_row *entry = index->entries[view->scan_pos];

        link = &view->row_map[entry->row->slot];
        hr = view_take_row(view, &context, entry->row, 0, entry->keys, &link);
    }
    scratch_free(&scratch);
    if (FAILED(hr))
    {
        view_clear(view);
        view->dirty = TRUE;
        return hr;
    }
    if (view->scan_pos < index->count) return S_OK;
    index->scanners--;
    view->index = NULL;
    return view_finish(view);
}

/* Builds the view's rows: from the table's index for its order, stopping
 * after needed leaves, when fewer rows than the table has are asked for;
 * otherwise by filtering the whole table in insertion order, then sorting. */
static HRESULT view_build(struct table_view *view, ULONG needed)
{
    struct table_data *table = view->table;
    struct restrict_context context = {0};
    struct scratch scratch = {0};
    struct view_row **link;
    ULONG i, instance, count;
    HRESULT hr = S_OK;

    TRACE("view %p: %lu table rows, %lu wanted\n", view, table->row_count, needed);

    view_clear(view);
    view->dirty = TRUE;
    if (!view->pool || !reserve_row_map(view)) return MAPI_E_NOT_ENOUGH_MEMORY;

    /* For the first rows only, read the index; for all of them, filtering in
     * insertion order and sorting what passes touches memory in order and wins.
     * RES_COUNT counts in insertion order; instances are not indexed. */
    if (needed < table->row_count && view->key_count && !view->mvi_count && !view->restriction_counters
            && !view_is_categorized(view) && (view->index = table_get_index(table, view->sort)))
    {
        view->index->scanners++;
        view->scan_pos = 0;
        view->dirty = FALSE;
        return view_scan(view, needed);
    }

    if (!reserve_rows(&view->leaves, &view->leaf_capacity, table->row_count)) return MAPI_E_NOT_ENOUGH_MEMORY;
    context.view = view;
    context.scratch = &scratch;
    for (i = 0; i < table->row_count && SUCCEEDED(hr); i++)
    {
        struct table_row *row = table->rows[i];

        link = &view->row_map[row->slot];
        count = row_instance_count(view, row);
        for (instance = 0; instance < count && SUCCEEDED(hr); instance++)
            hr = view_take_row(view, &context, row, instance, NULL, &link);
    }
    HeapFree(GetProcessHeap(), 0, context.counters);
    scratch_free(&scratch);
    if (FAILED(hr))
    {
        view_clear(view);
        return hr;
    }
    view_sort_leaves(view);
    view->dirty = FALSE;
    return view_finish(view);
}

/* Makes sure the view has its first needed rows, or all (~0u). */
static HRESULT view_ensure_rows(struct table_view *view, ULONG needed)
{
    if (view->dirty) return view_build(view, needed);
    if (!view->index || view->leaf_count >= needed) return S_OK;
    /* All of them: build them the faster way. The rows read so far are the
     * first ones of the result, so cursor and bookmarks keep their rows. */
    if (needed >= view->table->row_count) return view_build(view, ~0u);
    return view_scan(view, needed);
}

static HRESULT view_ensure_built(struct table_view *view)
{
    return view_ensure_rows(view, ~0u);
}

/* Forgets the rows after a failure; they are rebuilt when next needed. */
static void view_reset(struct table_view *view)
{
    view_clear(view);
    view->dirty = TRUE;
    view->cursor = 0;
    invalidate_bookmarks(view);
}

/* The visible place of whatever comes after a category and all below it. */
static ULONG category_successor(const struct table_view *view, const struct category *category)
{
    const struct category *parent;
    ULONG i;

    for (; (parent = category->parent); category = parent)
    {
        for (i = 0; i < parent->child_count; i++)
            if (parent->children[i] == category) break;
        if (i + 1 < parent->child_count) return visible_index(view, &parent->children[i + 1]->heading);
    }
    return view->visible_count;
}

/* Shows the headings of the categories a new leaf made, top down. */
static BOOL show_new_categories(struct table_view *view, struct category *bottom, ULONG watermark)
{
    struct category *chain[32], *category;
    struct view_row *heading;
    ULONG depth = 0;

    for (category = bottom; category && category->parent; category = category->parent)
        if (category->id > watermark) chain[depth++] = category;
    while (depth--)
    {
        category = chain[depth];
        if (!category_visible(category)) continue;
        heading = &category->heading;
        if (!visible_insert(view, category_successor(view, category), &heading, 1)) return FALSE;
    }
    return TRUE;
}

/* Adds the rows of a table row that pass the restriction; FALSE when out of memory. */
static BOOL view_add_row(struct table_view *view, struct table_row *row, struct scratch *scratch)
{
    struct restrict_context context = {0};
    struct view_row *vrow, **link;
    ULONG instance, count, pos, watermark;
    struct category *category;
    BOOL found, ret = TRUE;

    if (!reserve_row_map(view)) return FALSE;
    for (link = &view->row_map[row->slot]; *link; link = &(*link)->next_instance) ;

    context.view = view;
    context.scratch = scratch;
    count = row_instance_count(view, row);
    for (instance = 0; instance < count && ret; instance++)
    {
        if (!(vrow = pool_alloc(view))) return FALSE;
        vrow->row = row;
        vrow->category = NULL;
        vrow->next_instance = NULL;
        vrow->instance = instance;
        if (view->restriction && !restriction_match(&context, view->restriction, vrow))
        {
            pool_free(view, vrow);
            continue;
        }
        view_row_fill_keys(view, vrow);

        pos = view_leaf_position(view, vrow, &found);
        if (!reserve_rows(&view->leaves, &view->leaf_capacity, view->leaf_count + 1))
        {
            pool_free(view, vrow);
            ret = FALSE;
            break;
        }
        memmove(view->leaves + pos + 1, view->leaves + pos, (view->leaf_count - pos) * sizeof(*view->leaves));
        view->leaves[pos] = vrow;
        view->leaf_count++;
        *link = vrow;
        link = &vrow->next_instance;

        if (!view_is_categorized(view))
        {
            positions_inserted(view, pos, 1);
            continue;
        }

        watermark = view->next_category_id;
        if (!(category = category_attach(view, vrow)) || !show_new_categories(view, category, watermark))
        {
            ret = FALSE;
            break;
        }
        if (leaf_visible(view, vrow))
        {
            ULONG at;

            if (pos + 1 < view->leaf_count && view->leaves[pos + 1]->category == category)
                at = visible_index(view, view->leaves[pos + 1]);
            else
                at = category_successor(view, category);
            if (!visible_insert(view, at, &vrow, 1)) ret = FALSE;
        }
    }
    HeapFree(GetProcessHeap(), 0, context.counters);
    return ret;
}

struct id_list
{
    ULONG *ids;
    ULONG count, capacity;
};

static void id_list_add(struct id_list *list, ULONG id)
{
    if (list->count == list->capacity)
    {
        ULONG capacity = max(8, list->capacity * 2);
        ULONG *ids = list->ids ? HeapReAlloc(GetProcessHeap(), 0, list->ids, capacity * sizeof(*ids))
                               : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*ids));
        if (!ids) return;
        list->ids = ids;
        list->capacity = capacity;
    }
    list->ids[list->count++] = id;
}

static BOOL id_list_has(const struct id_list *list, ULONG id)
{
    ULONG i;

    for (i = 0; i < list->count; i++)
        if (list->ids[i] == id) return TRUE;
    return FALSE;
}

/* Takes out every view row of one version of a table row. */
static void view_remove_row(struct table_view *view, struct table_row *row, struct id_list *freed)
{
    struct view_row **link, *vrow;
    struct category *emptied, *category;
    ULONG pos;
    BOOL found;

    if (row->slot >= view->row_map_size) return;
    for (link = &view->row_map[row->slot]; (vrow = *link);)
    {
        if (vrow->row != row)
        {
            link = &vrow->next_instance;
            continue;
        }
        *link = vrow->next_instance;

        pos = view_leaf_position(view, vrow, &found);
        if (!found)
        {
            ERR("view row %p of row %lu is not among the leaves\n", vrow, row->id);
            continue;
        }
        if (view_is_categorized(view) && leaf_visible(view, vrow))
            visible_remove(view, visible_index(view, vrow), 1);
        memmove(view->leaves + pos, view->leaves + pos + 1, (view->leaf_count - pos - 1) * sizeof(*view->leaves));
        view->leaf_count--;

        if (!view_is_categorized(view)) positions_removed(view, pos, 1);
        else
        {
            category_detach(view, vrow, &emptied);
            /* The emptied categories form a chain down to the leaf's. */
            for (category = emptied; category; category = category->child_count ? category->children[0] : NULL)
            {
                ULONG at = visible_index(view, &category->heading);
                if (at < view->visible_count) visible_remove(view, at, 1);
                if (freed) id_list_add(freed, category->id);
            }
            if (emptied) category_release(emptied);
        }
        pool_free(view, vrow);
    }
}

/* Notifications */

struct pending_notification
{
    struct pending_notification *next;
    IMAPIAdviseSink **sinks;
    ULONG sink_count;
    NOTIFICATION *notification;
};

void notify_batch_init(struct notify_batch *batch)
{
    batch->first = NULL;
    batch->last = &batch->first;
}

BOOL view_has_sinks(const struct table_view *view)
{
    return view->advise_count != 0;
}

/* Sends the gathered notifications; called without the table's lock held. */
void notify_batch_send(struct notify_batch *batch)
{
    struct pending_notification *pending, *next;
    ULONG i;

    for (pending = batch->first; pending; pending = next)
    {
        next = pending->next;
        for (i = 0; i < pending->sink_count; i++)
        {
            TRACE("event %lu to sink %p\n", pending->notification->info.tab.ulTableEvent, pending->sinks[i]);
            IMAPIAdviseSink_OnNotify(pending->sinks[i], 1, pending->notification);
            IMAPIAdviseSink_Release(pending->sinks[i]);
        }
        HeapFree(GetProcessHeap(), 0, pending->sinks);
        MAPIFreeBuffer(pending->notification);
        HeapFree(GetProcessHeap(), 0, pending);
    }
}

static void set_key(SPropValue *prop, const SBinary *key, BYTE *storage)
{
    if (!key)
    {
        prop->ulPropTag = PR_NULL;
        prop->Value.li.QuadPart = 0;
        return;
    }
    prop->ulPropTag = PR_INSTANCE_KEY;
    prop->Value.bin.cb = key->cb;
    prop->Value.bin.lpb = storage;
    memcpy(storage, key->lpb, key->cb);
}

/* Queues a notification for the view's sinks: an event on a row (with the row's
 * columns unless it was deleted), or on the whole table when index is NULL. */
static void queue_notification(struct table_view *view, struct notify_batch *batch, ULONG event,
                               const SBinary *index, const SBinary *prior, const struct view_row *vrow)
{
    struct pending_notification *pending;
    struct scratch scratch = {0};
    ULONG props_size = 0, header, size, i;
    SPropValue *props = NULL;
    TABLE_NOTIFICATION *tab;
    BYTE *block;

    if (!view->advise_count) return;
    if (vrow && (!(props = view_row_columns(view, vrow, &scratch))
                 || mapi_props_size(view->columns->cValues, props, &props_size)))
        goto failed;

    header = (sizeof(NOTIFICATION) + 15) & ~15;
    size = header + props_size + (index ? index->cb : 0) + (prior ? prior->cb : 0);
    if (!(pending = HeapAlloc(GetProcessHeap(), 0, sizeof(*pending)))) goto failed;
    if (!(pending->sinks = HeapAlloc(GetProcessHeap(), 0, view->advise_count * sizeof(*pending->sinks))))
    {
        HeapFree(GetProcessHeap(), 0, pending);
        goto failed;
    }
    if (MAPIAllocateBuffer(size, (void **)&block))
    {
        HeapFree(GetProcessHeap(), 0, pending->sinks);
        HeapFree(GetProcessHeap(), 0, pending);
        goto failed;
    }
    memset(block, 0, header);
    pending->notification = (NOTIFICATION *)block;
    pending->notification->ulEventType = fnevTableModified;
    tab = &pending->notification->info.tab;
    tab->ulTableEvent = event;
    tab->hResult = S_OK;
    if (props)
    {
        mapi_props_copy(view->columns->cValues, props, block + header, NULL);
        tab->row.cValues = view->columns->cValues;
        tab->row.lpProps = (SPropValue *)(block + header);
    }
    set_key(&tab->propIndex, index, block + header + props_size);
    set_key(&tab->propPrior, prior, block + header + props_size + (index ? index->cb : 0));

    pending->sink_count = view->advise_count;
    for (i = 0; i < view->advise_count; i++)
    {
        pending->sinks[i] = view->advises[i].sink;
        IMAPIAdviseSink_AddRef(pending->sinks[i]);
    }
    pending->next = NULL;
    *batch->last = pending;
    batch->last = &pending->next;
    scratch_free(&scratch);
    return;

failed:
    ERR("out of memory for a table notification\n");
    scratch_free(&scratch);
}

void view_notify_event(struct table_view *view, ULONG event, struct notify_batch *batch)
{
    queue_notification(view, batch, event, NULL, NULL, NULL);
}

static BOOL view_row_key(const struct table_view *view, const struct view_row *vrow, SBinary *key,
                         struct scratch *scratch)
{
    SPropValue value;

    if (!view_row_value(view, vrow, PR_INSTANCE_KEY, &value, scratch) || PROP_TYPE(value.ulPropTag) != PT_BINARY)
        return FALSE;
    *key = value.Value.bin;
    return TRUE;
}

/* What the caller could see of one table row: its visible instances and the
 * headings above them. */
struct snapshot_entry
{
    struct view_row *vrow;
    ULONG category_id;          /* 0 for a leaf */
    ULONG leaf_count, unread_count;
    SBinary key;                /* leaves */
    BOOL paired;
    ULONG position;
};

struct snapshot
{
    struct snapshot_entry *entries;
    ULONG count, capacity;
    struct scratch scratch;
};

static struct snapshot_entry *snapshot_add(struct snapshot *snapshot)
{
    struct snapshot_entry *entry;

    if (snapshot->count == snapshot->capacity)
    {
        ULONG capacity = max(8, snapshot->capacity * 2);
        struct snapshot_entry *entries = snapshot->entries
                ? HeapReAlloc(GetProcessHeap(), 0, snapshot->entries, capacity * sizeof(*entries))
                : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*entries));
        if (!entries) return NULL;
        snapshot->entries = entries;
        snapshot->capacity = capacity;
    }
    entry = &snapshot->entries[snapshot->count++];
    memset(entry, 0, sizeof(*entry));
    return entry;
}

static BOOL snapshot_has_heading(const struct snapshot *snapshot, ULONG id)
{
    ULONG i;

    for (i = 0; i < snapshot->count; i++)
        if (snapshot->entries[i].category_id == id) return TRUE;
    return FALSE;
}

static void take_snapshot(struct table_view *view, const struct table_row *row, struct snapshot *snapshot)
{
    struct snapshot_entry *entry;
    struct category *category;
    struct view_row *vrow;
    SBinary key;
    BYTE *copy;

    if (!row || row->slot >= view->row_map_size) return;
    for (vrow = view->row_map[row->slot]; vrow; vrow = vrow->next_instance)
    {
        if (vrow->row != row) continue;
        if (leaf_visible(view, vrow) && view_row_key(view, vrow, &key, &snapshot->scratch)
                && (copy = scratch_alloc(&snapshot->scratch, key.cb)) && (entry = snapshot_add(snapshot)))
        {
            memcpy(copy, key.lpb, key.cb);
            entry->vrow = vrow;
            entry->key.cb = key.cb;
            entry->key.lpb = copy;
        }
        if (!view_is_categorized(view)) continue;
        for (category = vrow->category; category && category->parent; category = category->parent)
        {
            if (!category_visible(category) || snapshot_has_heading(snapshot, category->id)) continue;
            if (!(entry = snapshot_add(snapshot))) continue;
            entry->vrow = &category->heading;
            entry->category_id = category->id;
            entry->leaf_count = category->leaf_count;
            entry->unread_count = category->unread_count;
        }
    }
}

static void snapshot_free(struct snapshot *snapshot)
{
    HeapFree(GetProcessHeap(), 0, snapshot->entries);
    scratch_free(&snapshot->scratch);
}

static BOOL same_key(const SBinary *a, const SBinary *b)
{
    return a->cb == b->cb && !memcmp(a->lpb, b->lpb, a->cb);
}

static int __cdecl compare_positions(const void *a, const void *b)
{
    const struct snapshot_entry *const *x = a, *const *y = b;
    return (*x)->position < (*y)->position ? -1 : (*x)->position > (*y)->position;
}

/* Notifies what changed between two snapshots of a row's part of the view. */
static void notify_differences(struct table_view *view, struct snapshot *before, struct snapshot *after,
                               const struct id_list *freed, ULONG watermark, BOOL row_changed,
                               struct notify_batch *batch)
{
    struct snapshot_entry **shown, *old, *new;
    struct scratch scratch = {0};
    ULONG i, j, count = 0;
    SBinary key, prior;

    shown = HeapAlloc(GetProcessHeap(), 0, (before->count + after->count + 1) * sizeof(*shown));

    for (i = 0; i < before->count; i++)
    {
        old = &before->entries[i];
        for (j = 0; j < after->count; j++)
        {
            new = &after->entries[j];
            if (new->paired) continue;
            if (old->category_id ? new->category_id == old->category_id
                                 : !new->category_id && same_key(&new->key, &old->key))
                break;
        }
        if (j < after->count)
        {
            new = &after->entries[j];
            new->paired = old->paired = TRUE;
            if (!new->category_id ? row_changed
                    : new->leaf_count != old->leaf_count || new->unread_count != old->unread_count)
                if (shown) shown[count++] = new;
            continue;
        }
        if (!old->category_id || id_list_has(freed, old->category_id))
        {
            if (old->category_id)
            {
                SPropValue value;

                if (!make_instance_key(HEADING_KEY_FLAG | old->category_id, 0, &value, &scratch)) continue;
                key = value.Value.bin;
            }
            else key = old->key;
            queue_notification(view, batch, TABLE_ROW_DELETED, &key, NULL, NULL);
        }
        else if (shown && (old->vrow->category->leaf_count != old->leaf_count
                           || old->vrow->category->unread_count != old->unread_count))
        {
            /* A heading the row left: its counts went down. */
            old->paired = TRUE;
            shown[count++] = old;
        }
    }
    if (!shown)
    {
        view_notify_event(view, TABLE_CHANGED, batch);
        scratch_free(&scratch);
        return;
    }
    for (i = 0; i < after->count; i++)
        if (!after->entries[i].paired) shown[count++] = &after->entries[i];

    for (i = 0; i < count; i++) shown[i]->position = view_row_position(view, shown[i]->vrow);
    qsort(shown, count, sizeof(*shown), compare_positions);
    for (i = 0; i < count; i++)
    {
        struct snapshot_entry *entry = shown[i];
        ULONG event = TABLE_ROW_MODIFIED;
        struct view_row *previous;

        if (entry->position >= view_row_count(view)) continue;
        if (!entry->paired && (!entry->category_id || entry->category_id > watermark)) event = TABLE_ROW_ADDED;
        previous = entry->position ? view_rows(view)[entry->position - 1] : NULL;
        if (!view_row_key(view, entry->vrow, &key, &scratch)) continue;
        if (previous && !view_row_key(view, previous, &prior, &scratch)) continue;
        queue_notification(view, batch, event, &key, previous ? &prior : NULL, entry->vrow);
        scratch_reset(&scratch);
    }
    HeapFree(GetProcessHeap(), 0, shown);
    scratch_free(&scratch);
}

/* Before the table's data changes: a view waiting to be rebuilt that has sinks
 * is rebuilt now, so that the change can be told as a difference. */
void view_prepare_change(struct table_view *view)
{
    /* A view reading the index must have all its rows before the index changes. */
    if ((view->index || (view->dirty && view_has_sinks(view))) && FAILED(view_ensure_built(view)))
        WARN("view %p could not be rebuilt\n", view);
}

/* Applies a change of one table row to the view: old_row is replaced by
 * new_row, either may be NULL (added, deleted); the same row twice only
 * notifies (HrNotify). Call with old_row still in the table, new_row in place. */
void view_row_changed(struct table_view *view, struct table_row *old_row, struct table_row *new_row,
                      BOOL notify, BOOL force_modified, struct notify_batch *batch)
{
    struct snapshot before = {0}, after = {0};
    struct id_list freed = {0};
    struct scratch scratch = {0};
    ULONG watermark = view->next_category_id;
    BOOL want = notify && view_has_sinks(view), ok = TRUE;

    if (view->dirty) return;
    if (view->restriction_counters)
    {
        /* RES_COUNT depends on the rows before: filter the table again. */
        view->dirty = TRUE;
        if (want && SUCCEEDED(view_ensure_built(view))) view_notify_event(view, TABLE_CHANGED, batch);
        return;
    }

    if (want) take_snapshot(view, old_row, &before);
    if (new_row && new_row != old_row) ok = view_add_row(view, new_row, &scratch);
    if (ok && old_row && old_row != new_row) view_remove_row(view, old_row, &freed);
    scratch_free(&scratch);
    if (!ok)
    {
        WARN("out of memory: view %p will be rebuilt\n", view);
        view_reset(view);
        if (notify) view_notify_event(view, TABLE_RELOAD, batch);
    }
    else if (want)
    {
        take_snapshot(view, new_row, &after);
        notify_differences(view, &before, &after, &freed, watermark, force_modified || old_row != new_row, batch);
    }
    snapshot_free(&before);
    snapshot_free(&after);
    HeapFree(GetProcessHeap(), 0, freed.ids);
}

/* Every row of the table went (TAD_ALL_ROWS). */
void view_table_reloaded(struct table_view *view, struct notify_batch *batch)
{
    view_clear(view);
    view->dirty = FALSE;
    view->cursor = 0;
    invalidate_bookmarks(view);
    view_notify_event(view, TABLE_RELOAD, batch);
}

/* Multi-valued columns shown one value per row: the view's MVI columns, then its MVI sort keys. */
static HRESULT view_update_instances(struct table_view *view, BOOL *changed)
{
    ULONG i, count = 0, tag, total = view->columns->cValues + view->key_count;
    ULONG *tags;

    if (!(tags = HeapAlloc(GetProcessHeap(), 0, max(total, 1) * sizeof(*tags)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < total; i++)
    {
        ULONG j;

        tag = i < view->columns->cValues ? view->columns->aulPropTag[i]
                                         : view->sort->aSort[i - view->columns->cValues].ulPropTag;
        if ((PROP_TYPE(tag) & MVI_FLAG) != MVI_FLAG) continue;
        for (j = 0; j < count; j++)
            if (tags[j] == tag) break;
        if (j == count) tags[count++] = tag;
    }
    *changed = count != view->mvi_count || (count && memcmp(tags, view->mvi_tags, count * sizeof(*tags)));
    HeapFree(GetProcessHeap(), 0, view->mvi_tags);
    view->mvi_tags = tags;
    view->mvi_count = count;
    return S_OK;
}

/* A column may ask for the instances of a multi-valued property, not for errors. */
static BOOL is_valid_column(ULONG tag)
{
    if ((tag & MVI_FLAG) == MVI_FLAG) tag &= ~MV_INSTANCE;
    return PROP_TYPE(tag) != PT_ERROR && !FBadPropTag(tag);
}

static HRESULT view_set_columns(struct table_view *view, const SPropTagArray *columns)
{
    SPropTagArray *copy;
    ULONG *hint;

    if (!(copy = HeapAlloc(GetProcessHeap(), 0, CbSPropTagArray(columns)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(hint = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, max(columns->cValues, 1) * sizeof(*hint))))
    {
        HeapFree(GetProcessHeap(), 0, copy);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memcpy(copy, columns, CbSPropTagArray(columns));
    HeapFree(GetProcessHeap(), 0, view->columns);
    HeapFree(GetProcessHeap(), 0, view->column_hint);
    view->columns = copy;
    view->column_hint = hint;
    return S_OK;
}

/* Bookmarks */

/* Where a bookmark points; *moved when its row went away since it was last used. */
static HRESULT bookmark_position(struct table_view *view, BOOKMARK bookmark, ULONG *position, BOOL *moved)
{
    struct bookmark *mark;

    *moved = FALSE;
    switch (bookmark)
    {
    case BOOKMARK_BEGINNING: *position = 0; return S_OK;
    case BOOKMARK_CURRENT:   *position = view->cursor; return S_OK;
    case BOOKMARK_END:       *position = view_row_count(view); return S_OK;
    }
    if (bookmark < FIRST_BOOKMARK || bookmark - FIRST_BOOKMARK >= view->bookmark_count) return MAPI_E_INVALID_BOOKMARK;
    mark = &view->bookmarks[bookmark - FIRST_BOOKMARK];
    if (!mark->used || !mark->valid || mark->position > view_row_count(view)) return MAPI_E_INVALID_BOOKMARK;
    *position = mark->position;
    *moved = mark->moved;
    mark->moved = FALSE;
    return S_OK;
}

static HRESULT bookmark_create(struct table_view *view, ULONG position, BOOKMARK *bookmark)
{
    struct bookmark *marks;
    ULONG i;

    for (i = 0; i < view->bookmark_count; i++)
        if (!view->bookmarks[i].used) break;
    if (i == view->bookmark_count)
    {
        if (i >= MAX_BOOKMARKS)
        {
            WARN("no more than %u bookmarks\n", MAX_BOOKMARKS);
            return MAPI_E_UNABLE_TO_COMPLETE;
        }
        marks = view->bookmarks ? HeapReAlloc(GetProcessHeap(), 0, view->bookmarks, (i + 1) * sizeof(*marks))
                                : HeapAlloc(GetProcessHeap(), 0, sizeof(*marks));
        if (!marks) return MAPI_E_NOT_ENOUGH_MEMORY;
        view->bookmarks = marks;
        view->bookmark_count++;
    }
    view->bookmarks[i].used = TRUE;
    view->bookmarks[i].valid = TRUE;
    view->bookmarks[i].moved = FALSE;
    view->bookmarks[i].position = position;
    *bookmark = FIRST_BOOKMARK + i;
    return S_OK;
}

/* IMAPITable */

static HRESULT WINAPI view_QueryInterface(IMAPITable *iface, REFIID riid, void **obj)
{
    struct table_view *view = impl_from_IMAPITable(iface);

    TRACE("(%p,%s,%p)\n", view, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPITable))
    {
        *obj = iface;
        IMAPITable_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI view_AddRef(IMAPITable *iface)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    ULONG ref = InterlockedIncrement(&view->ref);

    TRACE("(%p) ref %lu\n", view, ref);
    return ref;
}

static void view_destroy(struct table_view *view)
{
    ULONG i;

    for (i = 0; i < view->advise_count; i++) IMAPIAdviseSink_Release(view->advises[i].sink);
    HeapFree(GetProcessHeap(), 0, view->advises);
    view_free_categories(view);
    if (view->pool)
    {
        view->key_count = 0;
        pool_reset(view);
        HeapFree(GetProcessHeap(), 0, view->pool);
    }
    HeapFree(GetProcessHeap(), 0, view->visible);
    HeapFree(GetProcessHeap(), 0, view->leaves);
    HeapFree(GetProcessHeap(), 0, view->row_map);
    HeapFree(GetProcessHeap(), 0, view->bookmarks);
    HeapFree(GetProcessHeap(), 0, view->mvi_tags);
    HeapFree(GetProcessHeap(), 0, view->columns);
    HeapFree(GetProcessHeap(), 0, view->column_hint);
    HeapFree(GetProcessHeap(), 0, view->sort);
    MAPIFreeBuffer(view->restriction);
    HeapFree(GetProcessHeap(), 0, view);
}

static ULONG WINAPI view_Release(IMAPITable *iface)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    ULONG ref = InterlockedDecrement(&view->ref);
    struct table_data *table = view->table;

    TRACE("(%p) ref %lu\n", view, ref);

    if (!ref)
    {
        EnterCriticalSection(&table->cs);
        if (view->next_view) view->next_view->prev_view = view->prev_view;
        if (view->prev_view) view->prev_view->next_view = view->next_view;
        else table->views = view->next_view;
        LeaveCriticalSection(&table->cs);
        /* The callback may release the table data: our reference keeps it until we are done. */
        if (view->release) view->release(view->release_data, &table->ITableData_iface, iface);
        view_destroy(view);
        ITableData_Release(&table->ITableData_iface);
    }
    return ref;
}

static HRESULT WINAPI view_GetLastError(IMAPITable *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, hr, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* The engine keeps no more about an error than its code. */
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI view_Advise(IMAPITable *iface, ULONG mask, LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_advise *advises;

    TRACE("(%p,%#lx,%p,%p)\n", view, mask, sink, connection);

    if (!sink || !connection) return MAPI_E_INVALID_PARAMETER;
    if (mask != fnevTableModified)
    {
        WARN("event mask %#lx: tables only send fnevTableModified\n", mask);
        return MAPI_E_INVALID_PARAMETER;
    }

    EnterCriticalSection(&view->table->cs);
    if (view->advise_count == view->advise_capacity)
    {
        ULONG capacity = max(4, view->advise_capacity * 2);

        advises = view->advises ? HeapReAlloc(GetProcessHeap(), 0, view->advises, capacity * sizeof(*advises))
                                : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*advises));
        if (!advises)
        {
            LeaveCriticalSection(&view->table->cs);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        view->advises = advises;
        view->advise_capacity = capacity;
    }
    IMAPIAdviseSink_AddRef(sink);
    view->advises[view->advise_count].sink = sink;
    view->advises[view->advise_count].connection = *connection = ++view->next_connection;
    view->advise_count++;
    LeaveCriticalSection(&view->table->cs);
    return S_OK;
}

static HRESULT WINAPI view_Unadvise(IMAPITable *iface, ULONG_PTR connection)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    IMAPIAdviseSink *sink = NULL;
    ULONG i;

    TRACE("(%p,%Iu)\n", view, connection);

    EnterCriticalSection(&view->table->cs);
    for (i = 0; i < view->advise_count; i++)
        if (view->advises[i].connection == connection)
        {
            sink = view->advises[i].sink;
            memmove(view->advises + i, view->advises + i + 1, (view->advise_count - i - 1) * sizeof(*view->advises));
            view->advise_count--;
            break;
        }
    LeaveCriticalSection(&view->table->cs);

    if (!sink)
    {
        WARN("no connection %Iu\n", connection);
        return MAPI_E_NOT_FOUND;
    }
    IMAPIAdviseSink_Release(sink);
    return S_OK;
}

static HRESULT WINAPI view_GetStatus(IMAPITable *iface, ULONG *status, ULONG *type)
{
    struct table_view *view = impl_from_IMAPITable(iface);

    TRACE("(%p,%p,%p)\n", view, status, type);

    if (!status || !type) return MAPI_E_INVALID_PARAMETER;
    /* Every operation completes before its call returns. */
    *status = TBLSTAT_COMPLETE;
    *type = view->table->type;
    return S_OK;
}

static HRESULT WINAPI view_SetColumns(IMAPITable *iface, LPSPropTagArray columns, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct notify_batch batch;
    BOOL changed;
    HRESULT hr;
    ULONG i;

    TRACE("(%p,%p,%#lx)\n", view, columns, flags);

    if (!columns || !columns->cValues) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(TBL_ASYNC | TBL_BATCH)) return MAPI_E_UNKNOWN_FLAGS;
    for (i = 0; i < columns->cValues; i++)
        if (!is_valid_column(columns->aulPropTag[i]))
        {
            WARN("bad column %#lx\n", columns->aulPropTag[i]);
            return MAPI_E_INVALID_PARAMETER;
        }

    notify_batch_init(&batch);
    EnterCriticalSection(&view->table->cs);
    if (SUCCEEDED(hr = view_set_columns(view, columns)) && SUCCEEDED(hr = view_update_instances(view, &changed)) && changed)
    {
        /* One row per value now, or no longer: the rows are not the same. */
        view->dirty = TRUE;
        view->cursor = 0;
        invalidate_bookmarks(view);
    }
    if (SUCCEEDED(hr) && (flags & TBL_ASYNC)) view_notify_event(view, TABLE_SETCOL_DONE, &batch);
    LeaveCriticalSection(&view->table->cs);
    notify_batch_send(&batch);
    return hr;
}

static HRESULT copy_tags(struct table_data *table, const ULONG *tags, ULONG count, const ULONG *more,
                         ULONG more_count, SPropTagArray **out)
{
    SPropTagArray *columns;
    ULONG i, j;
    HRESULT hr;

    if ((hr = table->allocate_buffer(CbNewSPropTagArray(count + more_count), (void **)&columns))) return hr;
    memcpy(columns->aulPropTag, tags, count * sizeof(*tags));
    columns->cValues = count;
    for (i = 0; i < more_count; i++)
    {
        if (more[i] == PR_NULL) continue;
        for (j = 0; j < columns->cValues; j++)
            if (columns->aulPropTag[j] == more[i]) break;
        if (j == columns->cValues) columns->aulPropTag[columns->cValues++] = more[i];
    }
    *out = columns;
    return S_OK;
}

static HRESULT WINAPI view_QueryColumns(IMAPITable *iface, ULONG flags, LPSPropTagArray *columns)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct table_data *table = view->table;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", view, flags, columns);

    if (!columns) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~TBL_ALL_COLUMNS) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&table->cs);
    if (flags & TBL_ALL_COLUMNS)
        /* What the table's rows have brought, and what the view asked for besides. */
        hr = copy_tags(table, table->columns->aulPropTag, table->columns->cValues,
                       view->columns->aulPropTag, view->columns->cValues, columns);
    else
        hr = copy_tags(table, view->columns->aulPropTag, view->columns->cValues, NULL, 0, columns);
    LeaveCriticalSection(&table->cs);
    return hr;
}

static HRESULT WINAPI view_GetRowCount(IMAPITable *iface, ULONG flags, ULONG *count)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", view, flags, count);

    if (!count) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&view->table->cs);
    if (SUCCEEDED(hr = view_ensure_built(view))) *count = view_row_count(view);
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_SeekRow(IMAPITable *iface, BOOKMARK origin, LONG count, LONG *sought)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    LONGLONG target;
    ULONG position;
    BOOL moved;
    HRESULT hr;

    TRACE("(%p,%lu,%ld,%p)\n", view, origin, count, sought);

    EnterCriticalSection(&view->table->cs);
    /* Reading forward needs only the rows up to where the seek ends. */
    switch (origin)
    {
    case BOOKMARK_BEGINNING: position = 0; break;
    case BOOKMARK_CURRENT:   position = view->cursor; break;
    case BOOKMARK_END:       position = ~0u; break;
    default:                 position = 0; break;
    }
    hr = view_ensure_rows(view, count > 0 ? (ULONG)min((ULONGLONG)position + count, ~0u) : position);
    if (SUCCEEDED(hr) && SUCCEEDED(hr = bookmark_position(view, origin, &position, &moved))
            && SUCCEEDED(hr = view_ensure_rows(view, count > 0 ? (ULONG)min((ULONGLONG)position + count, ~0u) : 0)))
    {
        target = (LONGLONG)position + count;
        if (target < 0) target = 0;
        if (target > view_row_count(view)) target = view_row_count(view);
        view->cursor = target;
        if (sought) *sought = (LONG)(target - position);
        if (moved) hr = MAPI_W_POSITION_CHANGED;
    }
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_SeekRowApprox(IMAPITable *iface, ULONG numerator, ULONG denominator)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    HRESULT hr;

    TRACE("(%p,%lu,%lu)\n", view, numerator, denominator);

    if (!denominator) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&view->table->cs);
    if (SUCCEEDED(hr = view_ensure_built(view)))
    {
        ULONG count = view_row_count(view);
        view->cursor = numerator >= denominator ? count : (ULONG)((ULONGLONG)numerator * count / denominator);
    }
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_QueryPosition(IMAPITable *iface, ULONG *row, ULONG *numerator, ULONG *denominator)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    HRESULT hr;

    TRACE("(%p,%p,%p,%p)\n", view, row, numerator, denominator);

    if (!row || !numerator || !denominator) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&view->table->cs);
    if (SUCCEEDED(hr = view_ensure_built(view)))
    {
        *row = view->cursor;
        *numerator = view->cursor;
        *denominator = max(view_row_count(view), 1);
    }
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_FindRow(IMAPITable *iface, LPSRestriction restriction, BOOKMARK origin, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct restrict_context context = {0};
    struct scratch scratch = {0};
    ULONG position, count, i;
    BOOL moved;
    HRESULT hr;

    TRACE("(%p,%p,%lu,%#lx)\n", view, restriction, origin, flags);

    if (!restriction) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~DIR_BACKWARD) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = restriction_validate(restriction))) return hr;

    EnterCriticalSection(&view->table->cs);
    if (FAILED(hr = view_ensure_built(view)) || FAILED(hr = bookmark_position(view, origin, &position, &moved)))
    {
        LeaveCriticalSection(&view->table->cs);
        return hr;
    }
    context.view = view;
    context.scratch = &scratch;
    count = view_row_count(view);
    hr = MAPI_E_NOT_FOUND;
    if (flags & DIR_BACKWARD)
    {
        for (i = position; i-- > 0; scratch_reset(&scratch))
            if (restriction_match(&context, restriction, view_rows(view)[i])) break;
        if (i != ~0u) hr = S_OK;
    }
    else
    {
        for (i = position; i < count; i++, scratch_reset(&scratch))
            if (restriction_match(&context, restriction, view_rows(view)[i])) break;
        if (i < count) hr = S_OK;
    }
    if (hr == S_OK)
    {
        view->cursor = i;
        if (moved) hr = MAPI_W_POSITION_CHANGED;
    }
    LeaveCriticalSection(&view->table->cs);
    HeapFree(GetProcessHeap(), 0, context.counters);
    scratch_free(&scratch);
    return hr;
}

static HRESULT WINAPI view_Restrict(IMAPITable *iface, LPSRestriction restriction, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    SRestriction *copy = NULL;
    struct notify_batch batch;
    HRESULT hr;

    TRACE("(%p,%p,%#lx)\n", view, restriction, flags);

    if (flags & ~(TBL_ASYNC | TBL_BATCH)) return MAPI_E_UNKNOWN_FLAGS;
    if (restriction && (FAILED(hr = restriction_validate(restriction)) || FAILED(hr = restriction_dup(restriction, &copy))))
        return hr;

    notify_batch_init(&batch);
    EnterCriticalSection(&view->table->cs);
    MAPIFreeBuffer(view->restriction);
    view->restriction = copy;
    view->restriction_counters = restriction_count_nodes(copy);
    /* Filtered when next read: a SortTable that follows costs no second pass. */
    view->dirty = TRUE;
    view->cursor = 0;
    invalidate_bookmarks(view);
    if (flags & TBL_ASYNC) view_notify_event(view, TABLE_RESTRICT_DONE, &batch);
    LeaveCriticalSection(&view->table->cs);
    notify_batch_send(&batch);
    return S_OK;
}

static HRESULT WINAPI view_CreateBookmark(IMAPITable *iface, BOOKMARK *position)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    HRESULT hr;

    TRACE("(%p,%p)\n", view, position);

    if (!position) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&view->table->cs);
    if (SUCCEEDED(hr = view_ensure_rows(view, 0))) hr = bookmark_create(view, view->cursor, position);
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_FreeBookmark(IMAPITable *iface, BOOKMARK position)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    HRESULT hr = S_OK;

    TRACE("(%p,%lu)\n", view, position);

    if (position < FIRST_BOOKMARK) return S_OK;

    EnterCriticalSection(&view->table->cs);
    if (position - FIRST_BOOKMARK >= view->bookmark_count || !view->bookmarks[position - FIRST_BOOKMARK].used)
        hr = MAPI_E_INVALID_BOOKMARK;
    else
        view->bookmarks[position - FIRST_BOOKMARK].used = FALSE;
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_SortTable(IMAPITable *iface, LPSSortOrderSet sort, ULONG flags)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct notify_batch batch;
    SSortOrderSet *old_sort;
    BOOL changed;
    HRESULT hr;

    TRACE("(%p,%p,%#lx)\n", view, sort, flags);

    if (flags & ~(TBL_ASYNC | TBL_BATCH)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = sort_validate(sort))) return hr;

    notify_batch_init(&batch);
    EnterCriticalSection(&view->table->cs);
    if (!(old_sort = HeapAlloc(GetProcessHeap(), 0, CbSSortOrderSet(view->sort)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        memcpy(old_sort, view->sort, CbSSortOrderSet(view->sort));
        if (SUCCEEDED(hr = view_set_sort(view, sort)) && FAILED(hr = view_update_instances(view, &changed)))
            view_set_sort(view, old_sort);
        HeapFree(GetProcessHeap(), 0, old_sort);
    }
    if (SUCCEEDED(hr))
    {
        /* The keys' room in each view row changed with their number. */
        view_clear(view);
        view->dirty = TRUE;
        view->cursor = 0;
        invalidate_bookmarks(view);
        if (flags & TBL_ASYNC) view_notify_event(view, TABLE_SORT_DONE, &batch);
    }
    LeaveCriticalSection(&view->table->cs);
    notify_batch_send(&batch);
    return hr;
}

static HRESULT WINAPI view_QuerySortOrder(IMAPITable *iface, LPSSortOrderSet *sort)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    HRESULT hr;

    TRACE("(%p,%p)\n", view, sort);

    if (!sort) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&view->table->cs);
    if (!(hr = view->table->allocate_buffer(CbSSortOrderSet(view->sort), (void **)sort)))
        memcpy(*sort, view->sort, CbSSortOrderSet(view->sort));
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_QueryRows(IMAPITable *iface, LONG count, ULONG flags, LPSRowSet *rows)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    ULONG first, number, total;
    HRESULT hr;

    TRACE("(%p,%ld,%#lx,%p)\n", view, count, flags, rows);

    if (!rows || !count) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~TBL_NOADVANCE) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&view->table->cs);
    if (SUCCEEDED(hr = view_ensure_rows(view, count > 0 ? (ULONG)min((ULONGLONG)view->cursor + count, ~0u)
                                                        : view->cursor)))
    {
        total = view_row_count(view);
        if (view->cursor > total) view->cursor = total;
        if (count > 0)
        {
            first = view->cursor;
            number = min((ULONG)count, total - first);
        }
        else
        {
            /* Back that many rows, then read them forward; the cursor stays
             * on the first of them so that a caller can page backwards, as
             * Exchange's tables do (the reference page would leave it where it was). */
            number = min((ULONG)(-(LONGLONG)count), view->cursor);
            first = view->cursor - number;
        }
        if (SUCCEEDED(hr = view_rows_output(view, view_rows(view) + first, number, rows)) && !(flags & TBL_NOADVANCE))
            view->cursor = count > 0 ? first + number : first;
    }
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_Abort(IMAPITable *iface)
{
    TRACE("(%p)\n", iface);

    /* Nothing runs in the background to stop. */
    return MAPI_E_UNABLE_TO_ABORT;
}

/* The category whose heading has this instance key. */
static struct category *find_heading(struct table_view *view, ULONG key_size, const BYTE *key)
{
    ULONG id;

    if (key_size != 2 * sizeof(ULONG) || !key) return NULL;
    memcpy(&id, key, sizeof(id));
    if (!(id & HEADING_KEY_FLAG)) return NULL;
    return category_find(&view->root, id & ~HEADING_KEY_FLAG);
}

static HRESULT WINAPI view_ExpandRow(IMAPITable *iface, ULONG key_size, LPBYTE key, ULONG count, ULONG flags,
                                     LPSRowSet *rows, ULONG *more)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct view_row **added = NULL;
    ULONG added_count = 0, added_capacity = 0, heading, returned;
    struct category *category;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%lu,%#lx,%p,%p)\n", view, key_size, key, count, flags, rows, more);

    if (!key || !key_size || (count && !rows)) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (rows) *rows = NULL;
    if (more) *more = 0;

    EnterCriticalSection(&view->table->cs);
    if (FAILED(hr = view_ensure_built(view))) goto done;
    if (!(category = find_heading(view, key_size, key)))
    {
        hr = MAPI_E_NOT_FOUND;
        goto done;
    }
    heading = visible_index(view, &category->heading);
    if (!category->expanded)
    {
        category->expanded = TRUE;
        if (heading < view->visible_count)
        {
            if (!category_collect(view, category, &added, &added_count, &added_capacity)
                    || !visible_insert(view, heading + 1, added, added_count))
            {
                category->expanded = FALSE;
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                goto done;
            }
        }
    }
    returned = min(count, added_count);
    if (rows && FAILED(hr = view_rows_output(view, added, returned, rows))) goto done;
    if (more) *more = added_count;
    if (heading < view->visible_count) view->cursor = heading + 1 + returned;

done:
    LeaveCriticalSection(&view->table->cs);
    HeapFree(GetProcessHeap(), 0, added);
    return hr;
}

static HRESULT WINAPI view_CollapseRow(IMAPITable *iface, ULONG key_size, LPBYTE key, ULONG flags, ULONG *count)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    struct category *category;
    ULONG heading, end = 0;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx,%p)\n", view, key_size, key, flags, count);

    if (!key || !key_size) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (count) *count = 0;

    EnterCriticalSection(&view->table->cs);
    if (SUCCEEDED(hr = view_ensure_built(view)))
    {
        if (!(category = find_heading(view, key_size, key))) hr = MAPI_E_NOT_FOUND;
        else if (category->expanded)
        {
            category->expanded = FALSE;
            heading = visible_index(view, &category->heading);
            if (heading < view->visible_count)
            {
                for (end = heading + 1; end < view->visible_count; end++)
                    if (!category_contains(category, view->visible[end])) break;
                visible_remove(view, heading + 1, end - heading - 1);
                if (count) *count = end - heading - 1;
            }
        }
    }
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static HRESULT WINAPI view_WaitForCompletion(IMAPITable *iface, ULONG flags, ULONG timeout, ULONG *status)
{
    TRACE("(%p,%#lx,%lu,%p)\n", iface, flags, timeout, status);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    /* Nothing is ever left running. */
    if (status) *status = TBLSTAT_COMPLETE;
    return S_OK;
}

/* Collapse states: the sort order they were taken under, the instance key of
 * the row asked about, and every category whose state is not its first one. */
struct collapse_state
{
    DWORD magic;
    DWORD size;
    DWORD sort_size;
    DWORD key_size;
    DWORD record_count;
    DWORD reserved;
};

struct collapse_record
{
    DWORD size;
    DWORD level;
    DWORD expanded;
    DWORD value_count;
    ULONGLONG base;             /* where the values were written: they are relocated from there */
};

#define ALIGN8(x) (((x) + 7) & ~7)

/* Walks the categories, counting the bytes of the records of changed ones, and writing them if out is set. */
static HRESULT collapse_records(struct table_view *view, struct category *parent, ULONG *size, ULONG *count, BYTE *out)
{
    struct collapse_record *record;
    ULONG i, values, props_size;
    HRESULT hr;

    for (i = 0; i < parent->child_count; i++)
    {
        struct category *category = parent->children[i];

        if (category->expanded != (category->level < view->expanded_levels))
        {
            values = view->level_end[category->level];
            if ((hr = mapi_props_size(values, category->heading.keys, &props_size))) return hr;
            if (out)
            {
                record = (struct collapse_record *)(out + *size);
                record->size = sizeof(*record) + ALIGN8(props_size);
                record->level = category->level;
                record->expanded = category->expanded;
                record->value_count = values;
                record->base = (ULONG_PTR)(record + 1);
                if ((hr = mapi_props_copy(values, category->heading.keys, record + 1, NULL))) return hr;
            }
            *size += sizeof(*record) + ALIGN8(props_size);
            (*count)++;
        }
        if (FAILED(hr = collapse_records(view, category, size, count, out))) return hr;
    }
    return S_OK;
}

static HRESULT WINAPI view_GetCollapseState(IMAPITable *iface, ULONG flags, ULONG key_size, LPBYTE key,
                                            ULONG *state_size, LPBYTE *state)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    ULONG size, count = 0, sort_size;
    struct collapse_state *header;
    BYTE *blob;
    HRESULT hr;

    TRACE("(%p,%#lx,%lu,%p,%p,%p)\n", view, flags, key_size, key, state_size, state);

    if (!key || !key_size || !state_size || !state) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;

    EnterCriticalSection(&view->table->cs);
    if (FAILED(hr = view_ensure_built(view))) goto done;
    sort_size = CbSSortOrderSet(view->sort);
    size = sizeof(*header) + ALIGN8(sort_size) + ALIGN8(key_size);
    if (FAILED(hr = collapse_records(view, &view->root, &size, &count, NULL))) goto done;
    if ((hr = view->table->allocate_buffer(size, (void **)&blob))) goto done;

    memset(blob, 0, size);
    header = (struct collapse_state *)blob;
    header->magic = COLLAPSE_STATE_MAGIC;
    header->size = size;
    header->sort_size = sort_size;
    header->key_size = key_size;
    header->record_count = count;
    memcpy(blob + sizeof(*header), view->sort, sort_size);
    memcpy(blob + sizeof(*header) + ALIGN8(sort_size), key, key_size);
    size = sizeof(*header) + ALIGN8(sort_size) + ALIGN8(key_size);
    count = 0;
    if (FAILED(hr = collapse_records(view, &view->root, &size, &count, blob)))
    {
        view->table->free_buffer(blob);
        goto done;
    }
    *state_size = size;
    *state = blob;

done:
    LeaveCriticalSection(&view->table->cs);
    return hr;
}

static void reset_expansion(struct table_view *view, struct category *parent)
{
    ULONG i;

    for (i = 0; i < parent->child_count; i++)
    {
        parent->children[i]->expanded = parent->children[i]->level < view->expanded_levels;
        reset_expansion(view, parent->children[i]);
    }
}

static HRESULT apply_collapse_state(struct table_view *view, const BYTE *blob, ULONG size)
{
    const struct collapse_state *header = (const struct collapse_state *)blob;
    struct collapse_record *record;
    struct category *category;
    ULONG offset, i, level;
    BYTE *copy;

    if (header->sort_size != CbSSortOrderSet(view->sort)
            || memcmp(blob + sizeof(*header), view->sort, header->sort_size))
    {
        WARN("the view's sort order changed since the state was taken\n");
        return MAPI_E_UNABLE_TO_COMPLETE;
    }
    /* Relocating the values writes to them: work on a copy of the caller's state. */
    if (!(copy = HeapAlloc(GetProcessHeap(), 0, size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memcpy(copy, blob, size);

    reset_expansion(view, &view->root);
    offset = sizeof(*header) + ALIGN8(header->sort_size) + ALIGN8(header->key_size);
    for (i = 0; i < header->record_count; i++)
    {
        if (offset + sizeof(*record) > size) break;
        record = (struct collapse_record *)(copy + offset);
        if (record->size < sizeof(*record) || record->size > size - offset || record->level >= view->level_count
                || record->value_count != view->level_end[record->level]
                || record->value_count * sizeof(SPropValue) > record->size - sizeof(*record))
            break;
        offset += record->size;
        if (ScRelocProps(record->value_count, (SPropValue *)(record + 1), (void *)(ULONG_PTR)record->base,
                         record + 1, NULL))
            continue;
        category = &view->root;
        for (level = 0; level <= record->level && category; level++)
            category = category_find_by_keys(view, category, (SPropValue *)(record + 1));
        if (category) category->expanded = record->expanded;
    }
    HeapFree(GetProcessHeap(), 0, copy);
    if (i < header->record_count)
    {
        WARN("collapse state is damaged\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    return view_build_visible(view) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

static HRESULT WINAPI view_SetCollapseState(IMAPITable *iface, ULONG flags, ULONG state_size, LPBYTE state,
                                            BOOKMARK *location)
{
    struct table_view *view = impl_from_IMAPITable(iface);
    const struct collapse_state *header = (const struct collapse_state *)state;
    struct scratch scratch = {0};
    ULONG position = 0, i;
    SBinary key, wanted;
    HRESULT hr;

    TRACE("(%p,%#lx,%lu,%p,%p)\n", view, flags, state_size, state, location);

    if (!state || !location) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (state_size < sizeof(*header) || header->magic != COLLAPSE_STATE_MAGIC || header->size != state_size
            || sizeof(*header) + (ULONGLONG)ALIGN8(header->sort_size) + ALIGN8(header->key_size) > state_size)
    {
        WARN("not a collapse state\n");
        return MAPI_E_INVALID_PARAMETER;
    }

    EnterCriticalSection(&view->table->cs);
    if (FAILED(hr = view_ensure_built(view)) || FAILED(hr = apply_collapse_state(view, state, state_size)))
        goto done;

    /* The state changed what is visible: positions kept from before mean nothing. */
    invalidate_bookmarks(view);
    wanted.cb = header->key_size;
    wanted.lpb = state + sizeof(*header) + ALIGN8(header->sort_size);
    for (i = 0; i < view_row_count(view); i++, scratch_reset(&scratch))
        if (view_row_key(view, view_rows(view)[i], &key, &scratch) && same_key(&key, &wanted))
        {
            position = i;
            break;
        }
    view->cursor = position;
    hr = bookmark_create(view, position, location);

done:
    LeaveCriticalSection(&view->table->cs);
    scratch_free(&scratch);
    return hr;
}

static const IMAPITableSDKVtbl view_vtbl =
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

/* Makes a view of the table; called with the table's lock held. Its rows are
 * built when first read. */
HRESULT view_create(struct table_data *table, const SSortOrderSet *sort, CALLERRELEASE *release,
                    ULONG_PTR release_data, IMAPITable **out)
{
    static const SSortOrderSet unsorted;
    struct table_view *view;
    BOOL changed;
    HRESULT hr;

    if (!(view = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*view)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    view->IMAPITable_iface.lpVtbl = (const IMAPITableVtbl *)&view_vtbl;
    view->ref = 1;
    view->table = table;
    view->release = release;
    view->release_data = release_data;
    view->dirty = TRUE;

    if (FAILED(hr = view_set_columns(view, table->columns))
            || FAILED(hr = view_set_sort(view, sort ? sort : &unsorted))
            || FAILED(hr = view_update_instances(view, &changed))
            || !pool_reset(view))
    {
        view_destroy(view);
        return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;
    }
    ITableData_AddRef(&table->ITableData_iface);
    if ((view->next_view = table->views)) view->next_view->prev_view = view;
    table->views = view;
    *out = &view->IMAPITable_iface;
    return S_OK;
}
