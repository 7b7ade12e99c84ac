/*
 * Sorting table views and their categories.
 *
 * Each view row carries copies of its sort key values, so comparing two rows
 * never searches a row's properties. Values compare as LPropCompareProp does
 * (prop.c's worker), multi-valued values sorted without MVI_FLAG as tuples.
 * Rows lacking a key sort after every value, whichever the direction; equal
 * rows keep the table's insertion order.
 */

#include "table_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* More sort keys than that are refused (MAPI_E_TOO_COMPLEX). */
#define MAX_SORT_KEYS 32

static BOOL is_sortable_type(ULONG type)
{
    switch (type)
    {
    case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME:
    case PT_BOOLEAN: case PT_I8: case PT_STRING8: case PT_UNICODE: case PT_SYSTIME:
    case PT_CLSID: case PT_BINARY:
        return TRUE;
    }
    return FALSE;
}

/* Checks a sort order set: MAPI_E_INVALID_PARAMETER if malformed,
 * MAPI_E_TOO_COMPLEX for what the engine does not sort on. */
HRESULT sort_validate(const SSortOrderSet *sort)
{
    ULONG i, type;

    if (FBadSortOrderSet((SSortOrderSet *)sort))
    {
        WARN("malformed sort order set\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    if (sort->cSorts > MAX_SORT_KEYS) return MAPI_E_TOO_COMPLEX;

    for (i = 0; i < sort->cSorts; i++)
    {
        switch (sort->aSort[i].ulOrder)
        {
        case TABLE_SORT_ASCEND:
        case TABLE_SORT_DESCEND:
            break;
        case TABLE_SORT_COMBINE:
            /* Joins the key to the category before it. */
            if (!i || i >= sort->cCategories) return MAPI_E_INVALID_PARAMETER;
            break;
        case TABLE_SORT_CATEG_MAX:
        case TABLE_SORT_CATEG_MIN:
            FIXME("categories ordered by their rows' maximum or minimum are not supported\n");
            return MAPI_E_TOO_COMPLEX;
        default:
            WARN("order %#lx is not supported\n", sort->aSort[i].ulOrder);
            return MAPI_E_TOO_COMPLEX;
        }
        type = PROP_TYPE(sort->aSort[i].ulPropTag);
        if (!is_sortable_type(type & ~MVI_FLAG))
        {
            WARN("cannot sort on %#lx\n", sort->aSort[i].ulPropTag);
            return MAPI_E_TOO_COMPLEX;
        }
    }
    return S_OK;
}

/* Makes sort the view's order; the caller rebuilds the view's rows. */
HRESULT view_set_sort(struct table_view *view, const SSortOrderSet *sort)
{
    SSortOrderSet *copy;
    ULONG i, level = 0;

    if (!(copy = HeapAlloc(GetProcessHeap(), 0, CbSSortOrderSet(sort)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    memcpy(copy, sort, CbSSortOrderSet(sort));
    HeapFree(GetProcessHeap(), 0, view->sort);
    view->sort = copy;
    view->key_count = copy->cSorts;

    view->level_count = 0;
    view->expanded_levels = 0;
    for (i = 0; i < copy->cCategories; i++)
    {
        if (copy->aSort[i].ulOrder != TABLE_SORT_COMBINE)
        {
            level = view->level_count++;
            if (i < copy->cExpanded) view->expanded_levels++;
        }
        view->level_end[level] = i + 1;
    }
    return S_OK;
}

ULONG mv_count(const SPropValue *mv)
{
    /* Every multi-valued member starts with its count. */
    return mv->Value.MVl.cValues;
}

/* The value at index of a multi-valued value, as a single value of its type. */
BOOL mv_element(const SPropValue *mv, ULONG index, SPropValue *value)
{
    ULONG type = PROP_TYPE(mv->ulPropTag) & ~MVI_FLAG;

    if (index >= mv_count(mv)) return FALSE;
    value->ulPropTag = PROP_TAG(type, PROP_ID(mv->ulPropTag));
    value->dwAlignPad = 0;
    switch (type)
    {
    case PT_I2:       value->Value.i = mv->Value.MVi.lpi[index]; break;
    case PT_LONG:     value->Value.l = mv->Value.MVl.lpl[index]; break;
    case PT_R4:       value->Value.flt = mv->Value.MVflt.lpflt[index]; break;
    case PT_DOUBLE:   value->Value.dbl = mv->Value.MVdbl.lpdbl[index]; break;
    case PT_CURRENCY: value->Value.cur = mv->Value.MVcur.lpcur[index]; break;
    case PT_APPTIME:  value->Value.at = mv->Value.MVat.lpat[index]; break;
    case PT_SYSTIME:  value->Value.ft = mv->Value.MVft.lpft[index]; break;
    case PT_I8:       value->Value.li = mv->Value.MVli.lpli[index]; break;
    case PT_STRING8:  value->Value.lpszA = mv->Value.MVszA.lppszA[index]; break;
    case PT_UNICODE:  value->Value.lpszW = mv->Value.MVszW.lppszW[index]; break;
    case PT_BINARY:   value->Value.bin = mv->Value.MVbin.lpbin[index]; break;
    case PT_CLSID:    value->Value.lpguid = &mv->Value.MVguid.lpguid[index]; break;
    default:          return FALSE;
    }
    return TRUE;
}

static int sign(LONG value)
{
    return value < 0 ? -1 : value > 0;
}

/* Orders two values of one type, multi-valued ones value by value (LPropCompareProp's order). */
int compare_values(const SPropValue *a, const SPropValue *b)
{
    return sign(mapi_prop_compare(a, b));
}

static int compare_key(const SPropValue *a, const SPropValue *b, ULONG order)
{
    int c;

    if (a->ulPropTag == TABLE_KEY_MISSING) return b->ulPropTag == TABLE_KEY_MISSING ? 0 : 1;
    if (b->ulPropTag == TABLE_KEY_MISSING) return -1;
    c = compare_values(a, b);
    return order == TABLE_SORT_DESCEND ? -c : c;
}

/* Orders keys [first, end) of two rows. */
static int keys_compare(const SSortOrder *orders, const SPropValue *a, const SPropValue *b, ULONG first, ULONG end)
{
    ULONG i;
    int c;

    for (i = first; i < end; i++)
        if ((c = compare_key(&a[i], &b[i], orders[i].ulOrder))) return c;
    return 0;
}

static int compare_keys(const struct table_view *view, const SPropValue *a, const SPropValue *b,
                        ULONG first, ULONG end)
{
    return keys_compare(view->sort->aSort, a, b, first, end);
}

/* Copies the row's sort key values into it; a missing one is TABLE_KEY_MISSING. */
void view_row_fill_keys(const struct table_view *view, struct view_row *vrow)
{
    ULONG i;

    for (i = 0; i < view->key_count; i++)
        if (!row_instance_value(view, vrow->row, vrow->instance, view->sort->aSort[i].ulPropTag, &vrow->keys[i]))
        {
            vrow->keys[i].ulPropTag = TABLE_KEY_MISSING;
            vrow->keys[i].Value.l = 0;
        }
}

/* The order of leaf rows under a sort: keys, then insertion order, then instance. */
static int order_compare(const SSortOrder *orders, ULONG key_count, const struct view_row *a, const struct view_row *b)
{
    int c;

    if ((c = keys_compare(orders, a->keys, b->keys, 0, key_count))) return c;
    if (a->row->pos != b->row->pos) return a->row->pos < b->row->pos ? -1 : 1;
    if (a->instance != b->instance) return a->instance < b->instance ? -1 : 1;
    /* Two versions of one row live side by side while it is replaced. */
    if (a->row != b->row) return (ULONG_PTR)a->row < (ULONG_PTR)b->row ? -1 : 1;
    return 0;
}

int view_row_compare(const struct table_view *view, const struct view_row *a, const struct view_row *b)
{
    return order_compare(view->sort->aSort, view->key_count, a, b);
}

static void merge_sort(const SSortOrder *orders, ULONG key_count, struct view_row **rows, struct view_row **tmp,
                       ULONG count)
{
    ULONG width, i, left, right, mid, end, out;

    /* Bottom up, runs of 8 sorted by insertion first. */
    for (i = 0; i < count; i += 8)
    {
        ULONG j, k, limit = min(i + 8, count);
        for (j = i + 1; j < limit; j++)
        {
            struct view_row *row = rows[j];
            for (k = j; k > i && order_compare(orders, key_count, rows[k - 1], row) > 0; k--) rows[k] = rows[k - 1];
            rows[k] = row;
        }
    }
    for (width = 8; width < count; width *= 2)
    {
        for (i = 0; i < count; i += 2 * width)
        {
            mid = min(i + width, count);
            end = min(i + 2 * width, count);
            if (mid >= end || order_compare(orders, key_count, rows[mid - 1], rows[mid]) <= 0) continue;
            left = i;
            right = mid;
            out = i;
            while (left < mid && right < end)
                tmp[out++] = order_compare(orders, key_count, rows[left], rows[right]) <= 0 ? rows[left++] : rows[right++];
            while (left < mid) tmp[out++] = rows[left++];
            while (right < end) tmp[out++] = rows[right++];
            memcpy(rows + i, tmp + i, (end - i) * sizeof(*rows));
        }
    }
}

static BOOL sort_rows(const SSortOrder *orders, ULONG key_count, struct view_row **rows, ULONG count)
{
    struct view_row **tmp;

    if (!key_count || count < 2) return TRUE;
    if (!(tmp = HeapAlloc(GetProcessHeap(), 0, count * sizeof(*tmp)))) return FALSE;
    merge_sort(orders, key_count, rows, tmp, count);
    HeapFree(GetProcessHeap(), 0, tmp);
    return TRUE;
}

/* Sorts the view's leaves after a rebuild. */
void view_sort_leaves(struct table_view *view)
{
    ULONG j, k;

    if (sort_rows(view->sort->aSort, view->key_count, view->leaves, view->leaf_count)) return;
    /* Insertion sort needs no memory; slow but still right. */
    for (j = 1; j < view->leaf_count; j++)
    {
        struct view_row *row = view->leaves[j];
        for (k = j; k && view_row_compare(view, view->leaves[k - 1], row) > 0; k--)
            view->leaves[k] = view->leaves[k - 1];
        view->leaves[k] = row;
    }
}

/* Where vrow is, or would go, among the view's leaves. */
ULONG view_leaf_position(const struct table_view *view, const struct view_row *vrow, BOOL *found)
{
    ULONG low = 0, high = view->leaf_count, mid;
    int c;

    *found = FALSE;
    while (low < high)
    {
        mid = low + (high - low) / 2;
        c = view_row_compare(view, view->leaves[mid], vrow);
        if (!c)
        {
            *found = TRUE;
            return mid;
        }
        if (c < 0) low = mid + 1;
        else high = mid;
    }
    return low;
}

/* Pools of view rows */

#define POOL_CHUNK_ROWS 512

struct row_pool_chunk
{
    struct row_pool_chunk *next;
    SIZE_T pad;
};

/* Frees every row of the pool, and sizes the next ones for key_count keys. */
void row_pool_reset(struct row_pool *pool, ULONG key_count)
{
    struct row_pool_chunk *chunk, *next;

    for (chunk = pool->chunks; chunk; chunk = next)
    {
        next = chunk->next;
        HeapFree(GetProcessHeap(), 0, chunk);
    }
    pool->chunks = NULL;
    pool->free = NULL;
    pool->left = 0;
    pool->row_size = (offsetof(struct view_row, keys[max(key_count, 1)]) + 7) & ~(SIZE_T)7;
}

struct view_row *row_pool_alloc(struct row_pool *pool)
{
    struct view_row *vrow;

    if ((vrow = pool->free))
    {
        pool->free = vrow->next_instance;
        return vrow;
    }
    if (!pool->left)
    {
        struct row_pool_chunk *chunk;

        if (!(chunk = HeapAlloc(GetProcessHeap(), 0, sizeof(*chunk) + POOL_CHUNK_ROWS * pool->row_size))) return NULL;
        chunk->next = pool->chunks;
        pool->chunks = chunk;
        pool->next = (BYTE *)(chunk + 1);
        pool->left = POOL_CHUNK_ROWS;
    }
    vrow = (struct view_row *)pool->next;
    pool->next += pool->row_size;
    pool->left--;
    return vrow;
}

void row_pool_free(struct row_pool *pool, struct view_row *vrow)
{
    vrow->next_instance = pool->free;
    pool->free = vrow;
}

/* Sort indexes of the table data */

/* Indexes a table keeps for sort orders no view reads from any more. */
#define MAX_IDLE_INDEXES 4

static BOOL index_matches(const struct sort_index *index, const SSortOrderSet *sort)
{
    ULONG i;

    if (index->key_count != sort->cSorts) return FALSE;
    for (i = 0; i < sort->cSorts; i++)
    {
        if (index->keys[i].ulPropTag != sort->aSort[i].ulPropTag) return FALSE;
        /* Only descending differs from ascending for the order of the rows. */
        if ((index->keys[i].ulOrder == TABLE_SORT_DESCEND) != (sort->aSort[i].ulOrder == TABLE_SORT_DESCEND))
            return FALSE;
    }
    return TRUE;
}

static struct view_row *index_entry(struct sort_index *index, struct table_row *row)
{
    struct view_row *entry;
    const SPropValue *prop;
    ULONG i;

    if (!(entry = row_pool_alloc(&index->pool))) return NULL;
    entry->row = row;
    entry->category = NULL;
    entry->next_instance = NULL;
    entry->instance = 0;
    for (i = 0; i < index->key_count; i++)
    {
        if ((prop = row_find_prop(row, index->keys[i].ulPropTag))) entry->keys[i] = *prop;
        else
        {
            entry->keys[i].ulPropTag = TABLE_KEY_MISSING;
            entry->keys[i].Value.l = 0;
        }
    }
    return entry;
}

static void index_free(struct sort_index *index)
{
    row_pool_reset(&index->pool, 0);
    HeapFree(GetProcessHeap(), 0, index->entries);
    HeapFree(GetProcessHeap(), 0, index);
}

static struct sort_index *index_create(struct table_data *table, const SSortOrderSet *sort)
{
    struct sort_index *index;
    ULONG i;

    if (!(index = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*index)))) return NULL;
    memcpy(index->keys, sort->aSort, sort->cSorts * sizeof(*index->keys));
    index->key_count = sort->cSorts;
    row_pool_reset(&index->pool, index->key_count);
    index->capacity = max(16, table->row_count);
    if (!(index->entries = HeapAlloc(GetProcessHeap(), 0, index->capacity * sizeof(*index->entries))))
    {
        index_free(index);
        return NULL;
    }
    for (i = 0; i < table->row_count; i++)
    {
        if (!(index->entries[i] = index_entry(index, table->rows[i])))
        {
            index_free(index);
            return NULL;
        }
    }
    index->count = table->row_count;
    if (!sort_rows(index->keys, index->key_count, index->entries, index->count))
    {
        index_free(index);
        return NULL;
    }
    TRACE("index of %lu rows on %lu keys\n", index->count, index->key_count);
    return index;
}

/* Frees the least recently used indexes no view reads from beyond a few. */
static void trim_indexes(struct table_data *table)
{
    struct sort_index **link, **oldest;
    ULONG idle;

    for (;;)
    {
        idle = 0;
        oldest = NULL;
        for (link = &table->indexes; *link; link = &(*link)->next)
        {
            if ((*link)->scanners) continue;
            idle++;
            if (!oldest || (*link)->last_used < (*oldest)->last_used) oldest = link;
        }
        if (idle <= MAX_IDLE_INDEXES) return;
        {
            struct sort_index *victim = *oldest;
            *oldest = victim->next;
            index_free(victim);
        }
    }
}

/* The table's index for a view's sort order, made if there is none; NULL if
 * out of memory. Sort orders on multi-valued instances are not indexed. */
struct sort_index *table_get_index(struct table_data *table, const SSortOrderSet *sort)
{
    struct sort_index *index;

    for (index = table->indexes; index; index = index->next)
        if (index_matches(index, sort)) break;
    if (!index)
    {
        if (!(index = index_create(table, sort))) return NULL;
        index->next = table->indexes;
        table->indexes = index;
    }
    index->last_used = ++table->index_clock;
    trim_indexes(table);
    return index;
}

static ULONG index_position(const struct sort_index *index, const struct view_row *entry, BOOL *found)
{
    ULONG low = 0, high = index->count, mid;
    int c;

    *found = FALSE;
    while (low < high)
    {
        mid = low + (high - low) / 2;
        c = order_compare(index->keys, index->key_count, index->entries[mid], entry);
        if (!c)
        {
            *found = TRUE;
            return mid;
        }
        if (c < 0) low = mid + 1;
        else high = mid;
    }
    return low;
}

/* Puts a new row, or new version of a row, into every index; an index that
 * cannot take it is dropped. Called with no view reading from an index. */
BOOL table_index_add(struct table_data *table, struct table_row *row)
{
    struct sort_index **link = &table->indexes, *index;
    struct view_row *entry;
    ULONG pos;
    BOOL found;

    while ((index = *link))
    {
        if (index->count == index->capacity)
        {
            ULONG capacity = index->capacity * 2;
            struct view_row **entries = HeapReAlloc(GetProcessHeap(), 0, index->entries, capacity * sizeof(*entries));
            if (entries)
            {
                index->entries = entries;
                index->capacity = capacity;
            }
        }
        if (index->count == index->capacity || !(entry = index_entry(index, row)))
        {
            *link = index->next;
            index_free(index);
            continue;
        }
        pos = index_position(index, entry, &found);
        memmove(index->entries + pos + 1, index->entries + pos, (index->count - pos) * sizeof(*index->entries));
        index->entries[pos] = entry;
        index->count++;
        link = &index->next;
    }
    return TRUE;
}

/* Takes a row out of every index, before the row is freed or its position changes. */
void table_index_remove(struct table_data *table, struct table_row *row)
{
    struct sort_index *index;
    struct view_row *probe;
    ULONG pos;
    BOOL found;

    for (index = table->indexes; index; index = index->next)
    {
        /* The entry's keys are the row's: a probe made from the row finds it. */
        if (!(probe = index_entry(index, row))) continue;
        pos = index_position(index, probe, &found);
        row_pool_free(&index->pool, probe);
        if (!found)
        {
            ERR("row %lu is not in its index\n", row->id);
            continue;
        }
        row_pool_free(&index->pool, index->entries[pos]);
        memmove(index->entries + pos, index->entries + pos + 1, (index->count - pos - 1) * sizeof(*index->entries));
        index->count--;
    }
}

/* Drops the indexes; they are made again when a view needs one. */
void table_free_indexes(struct table_data *table)
{
    struct sort_index *index, *next;

    for (index = table->indexes; index; index = next)
    {
        next = index->next;
        index_free(index);
    }
    table->indexes = NULL;
}

static ULONG level_start(const struct table_view *view, ULONG level)
{
    return level ? view->level_end[level - 1] : 0;
}

BOOL leaf_is_unread(const struct view_row *leaf)
{
    const SPropValue *flags = row_find_prop(leaf->row, PR_MESSAGE_FLAGS);
    return flags && !(flags->Value.l & MSGFLAG_READ);
}

/* A heading is shown when every category above it is expanded. */
BOOL category_visible(const struct category *category)
{
    const struct category *parent;

    for (parent = category->parent; parent && parent->parent; parent = parent->parent)
        if (!parent->expanded) return FALSE;
    return TRUE;
}

static void category_free(struct category *category)
{
    ULONG i;

    for (i = 0; i < category->child_count; i++) category_free(category->children[i]);
    HeapFree(GetProcessHeap(), 0, category->children);
    MAPIFreeBuffer(category->key_memory);
    HeapFree(GetProcessHeap(), 0, category);
}

void view_free_categories(struct table_view *view)
{
    ULONG i;

    for (i = 0; i < view->root.child_count; i++) category_free(view->root.children[i]);
    HeapFree(GetProcessHeap(), 0, view->root.children);
    view->root.children = NULL;
    view->root.child_count = view->root.child_capacity = 0;
    view->root.leaf_count = view->root.unread_count = 0;
    view->visible_count = 0;
}

static struct category *category_create(struct table_view *view, struct category *parent, const struct view_row *leaf)
{
    ULONG level = parent->parent ? parent->level + 1 : 0;
    ULONG i, end = view->level_end[level];
    struct category *category;

    if (!(category = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY,
                               offsetof(struct category, heading.keys[max(view->key_count, 1)]))))
        return NULL;
    /* The key values outlive the row they came from. */
    if (MAPIAllocateBuffer(1, &category->key_memory))
    {
        HeapFree(GetProcessHeap(), 0, category);
        return NULL;
    }
    for (i = 0; i < view->key_count; i++)
    {
        if (i >= end || leaf->keys[i].ulPropTag == TABLE_KEY_MISSING)
        {
            category->heading.keys[i].ulPropTag = TABLE_KEY_MISSING;
            continue;
        }
        if (PropCopyMore(&category->heading.keys[i], (SPropValue *)&leaf->keys[i], MAPIAllocateMore,
                         category->key_memory))
        {
            MAPIFreeBuffer(category->key_memory);
            HeapFree(GetProcessHeap(), 0, category);
            return NULL;
        }
    }
    category->parent = parent;
    category->level = level;
    category->id = ++view->next_category_id;
    category->expanded = level < view->expanded_levels;
    category->heading.category = category;
    return category;
}

/* Index among parent's children of the category leaf belongs to, or where it would go. */
static ULONG find_child(const struct table_view *view, const struct category *parent, const SPropValue *keys,
                        ULONG level, BOOL *found)
{
    ULONG low = 0, high = parent->child_count, mid, first = level_start(view, level), end = view->level_end[level];
    int c;

    *found = FALSE;
    while (low < high)
    {
        mid = low + (high - low) / 2;
        c = compare_keys(view, parent->children[mid]->heading.keys, keys, first, end);
        if (!c)
        {
            *found = TRUE;
            return mid;
        }
        if (c < 0) low = mid + 1;
        else high = mid;
    }
    return low;
}

static BOOL insert_child(struct category *parent, ULONG index, struct category *child)
{
    if (parent->child_count == parent->child_capacity)
    {
        ULONG capacity = max(4, parent->child_capacity * 2);
        struct category **children;

        if (parent->children)
            children = HeapReAlloc(GetProcessHeap(), 0, parent->children, capacity * sizeof(*children));
        else
            children = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*children));
        if (!children) return FALSE;
        parent->children = children;
        parent->child_capacity = capacity;
    }
    memmove(parent->children + index + 1, parent->children + index,
            (parent->child_count - index) * sizeof(*parent->children));
    parent->children[index] = child;
    parent->child_count++;
    return TRUE;
}

/* Puts a leaf into its categories, making those that do not exist yet; they
 * get ids from view->next_category_id on, so a caller can tell them apart.
 * Returns the lowest category, or NULL when out of memory. */
struct category *category_attach(struct table_view *view, struct view_row *leaf)
{
    struct category *parent = &view->root, *category;
    BOOL unread = leaf_is_unread(leaf), found;
    ULONG level, index;

    for (level = 0; level < view->level_count; level++)
    {
        index = find_child(view, parent, leaf->keys, level, &found);
        if (found) category = parent->children[index];
        else
        {
            if (!(category = category_create(view, parent, leaf))) return NULL;
            if (!insert_child(parent, index, category))
            {
                category_free(category);
                return NULL;
            }
        }
        parent = category;
    }
    leaf->category = parent;
    for (category = parent; category; category = category->parent)
    {
        category->leaf_count++;
        if (unread) category->unread_count++;
    }
    return leaf->category;
}

/* Takes a leaf out of its categories. The highest category left empty, and
 * with it all below, is unlinked from the tree and returned in *emptied; the
 * caller takes its headings out of sight and frees it with category_release(). */
void category_detach(struct table_view *view, struct view_row *leaf, struct category **emptied)
{
    struct category *category, *parent;
    BOOL unread = leaf_is_unread(leaf);
    ULONG i;

    *emptied = NULL;
    for (category = leaf->category; category; category = category->parent)
    {
        category->leaf_count--;
        if (unread && category->unread_count) category->unread_count--;
    }
    for (category = leaf->category; category && category->parent; category = parent)
    {
        parent = category->parent;
        if (category->leaf_count) break;
        *emptied = category;
    }
    if (!*emptied) return;
    parent = (*emptied)->parent;
    for (i = 0; i < parent->child_count; i++)
        if (parent->children[i] == *emptied)
        {
            memmove(parent->children + i, parent->children + i + 1, (parent->child_count - i - 1) * sizeof(*parent->children));
            parent->child_count--;
            break;
        }
}

void category_release(struct category *category)
{
    category_free(category);
}

/* Index among the leaves of the first leaf of a category. */
ULONG category_leaf_start(const struct table_view *view, const struct category *category)
{
    ULONG low = 0, high = view->leaf_count, mid, end = view->level_end[category->level];

    while (low < high)
    {
        mid = low + (high - low) / 2;
        if (compare_keys(view, view->leaves[mid]->keys, category->heading.keys, 0, end) < 0) low = mid + 1;
        else high = mid;
    }
    return low;
}

static BOOL append_row(struct view_row ***rows, ULONG *count, ULONG *capacity, struct view_row *vrow)
{
    if (*count == *capacity)
    {
        ULONG new_capacity = max(16, *capacity * 2);
        struct view_row **new_rows;

        if (*rows) new_rows = HeapReAlloc(GetProcessHeap(), 0, *rows, new_capacity * sizeof(**rows));
        else new_rows = HeapAlloc(GetProcessHeap(), 0, new_capacity * sizeof(**rows));
        if (!new_rows) return FALSE;
        *rows = new_rows;
        *capacity = new_capacity;
    }
    (*rows)[(*count)++] = vrow;
    return TRUE;
}

/* Appends what an expanded category shows below its heading, in order; *leaf
 * indexes the category's first leaf and moves past its last one. */
static BOOL collect_children(const struct table_view *view, const struct category *category, ULONG *leaf,
                             BOOL shown, struct view_row ***rows, ULONG *count, ULONG *capacity)
{
    ULONG i;

    if (!category->child_count)
    {
        if (shown)
            for (i = 0; i < category->leaf_count; i++)
                if (!append_row(rows, count, capacity, view->leaves[*leaf + i])) return FALSE;
        *leaf += category->leaf_count;
        return TRUE;
    }
    for (i = 0; i < category->child_count; i++)
    {
        struct category *child = category->children[i];

        if (shown && !append_row(rows, count, capacity, &child->heading)) return FALSE;
        if (!collect_children(view, child, leaf, shown && child->expanded, rows, count, capacity)) return FALSE;
    }
    return TRUE;
}

/* The rows an expanded category adds below its heading. */
BOOL category_collect(const struct table_view *view, const struct category *category,
                      struct view_row ***rows, ULONG *count, ULONG *capacity)
{
    ULONG leaf = category_leaf_start(view, category);
    return collect_children(view, category, &leaf, TRUE, rows, count, capacity);
}

/* Builds the visible rows of a categorised view from its categories. */
BOOL view_build_visible(struct table_view *view)
{
    ULONG leaf = 0;

    view->visible_count = 0;
    return collect_children(view, &view->root, &leaf, TRUE, &view->visible, &view->visible_count,
                            &view->visible_capacity);
}

/* Makes the categories of a rebuilt, sorted view. */
HRESULT view_build_categories(struct table_view *view)
{
    ULONG i;

    view_free_categories(view);
    view->root.level = view->level_count;
    view->root.expanded = TRUE;
    for (i = 0; i < view->leaf_count; i++)
        if (!category_attach(view, view->leaves[i])) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!view_build_visible(view)) return MAPI_E_NOT_ENOUGH_MEMORY;
    return S_OK;
}

/* The category with this id, anywhere below parent. */
struct category *category_find(struct category *parent, ULONG id)
{
    struct category *found;
    ULONG i;

    for (i = 0; i < parent->child_count; i++)
    {
        if (parent->children[i]->id == id) return parent->children[i];
        if ((found = category_find(parent->children[i], id))) return found;
    }
    return NULL;
}

/* The child of parent whose key values are keys, compared on its level's keys. */
struct category *category_find_by_keys(const struct table_view *view, const struct category *parent,
                                       const SPropValue *keys)
{
    ULONG level = parent->parent ? parent->level + 1 : 0, index;
    BOOL found;

    if (level >= view->level_count) return NULL;
    index = find_child(view, parent, keys, level, &found);
    return found ? parent->children[index] : NULL;
}

/* Whether vrow shows below category: a leaf or heading of its subtree. */
BOOL category_contains(const struct category *category, const struct view_row *vrow)
{
    const struct category *c = vrow->row ? vrow->category : vrow->category->parent;

    for (; c; c = c->parent)
        if (c == category) return TRUE;
    return FALSE;
}
