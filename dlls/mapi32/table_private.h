/*
 * The table engine's own declarations, shared by table.c (CreateTable and
 * ITableData), tableview.c (IMAPITable), restrict.c and tablesort.c.
 *
 * A table_data holds the rows in insertion order, each row one block of
 * property values, and a hash of the index column. Every view keeps the rows
 * that pass its restriction as view_rows: one per multi-valued instance, with
 * the row's sort keys copied in, in an array kept sorted. Categorised views
 * add a tree of categories and a second array of the rows a caller can see:
 * headings and the leaves of expanded categories. Changes to the data are
 * applied to each view row by row, so a view is sorted once, not on every change.
 */
#ifndef __MAPI32_TABLE_PRIVATE_H
#define __MAPI32_TABLE_PRIVATE_H

#include <stdlib.h>
#include <string.h>

#include "mapi32_private.h"

/* Sort key value of a row that lacks the property: sorts after every value. */
#define TABLE_KEY_MISSING PR_NULL

/* Instances of one row beyond this are not shown: a guard against M*N*... blowing up. */
#define TABLE_MAX_INSTANCES 4096

/* Scratch memory for values made up while reading a row (string conversions, keys). */
struct scratch_chunk;
struct scratch
{
    struct scratch_chunk *chunks;
};

extern void *scratch_alloc(struct scratch *scratch, SIZE_T size);
extern void scratch_reset(struct scratch *scratch);

struct table_row
{
    ULONG id;                     /* never reused: names the row in instance keys */
    ULONG slot;                   /* index into the views' row maps, reused after deletion */
    ULONG pos;                    /* position in insertion order */
    ULONG count;
    SPropValue *props;            /* one HeapAlloc block */
    struct table_row *hash_next;
};

struct table_data
{
    ITableData ITableData_iface;
    LONG ref;
    CRITICAL_SECTION cs;

    ALLOCATEBUFFER *allocate_buffer;
    ALLOCATEMORE *allocate_more;
    FREEBUFFER *free_buffer;
    ULONG type;
    ULONG index_tag;

    SPropTagArray *columns;       /* every column a row has brought; grows */
    ULONG columns_capacity;

    struct table_row **rows;      /* insertion order */
    ULONG row_count, row_capacity;
    struct table_row **buckets;   /* hash of the index column */
    ULONG bucket_count;
    ULONG next_id;
    ULONG *free_slots;
    ULONG free_slot_count, free_slot_capacity, slot_limit;

    struct table_view *views;     /* linked through their next_view */
    struct sort_index *indexes;
    ULONG index_clock;
};

struct category;

struct view_row
{
    struct table_row *row;          /* NULL for a category heading */
    struct category *category;      /* heading: its category; leaf: its lowest category */
    struct view_row *next_instance; /* the other instances of the row in this view */
    ULONG instance;                 /* multi-valued instance, 0 without expansion */
    SPropValue keys[1];             /* the sort keys, view->key_count of them */
};

struct category
{
    struct category *parent;
    struct category **children;     /* sorted; empty for the lowest level */
    ULONG child_count, child_capacity;
    ULONG level;
    ULONG id;
    ULONG leaf_count, unread_count;
    BOOL expanded;
    void *key_memory;               /* MAPIAllocateBuffer block holding the key values */
    struct view_row heading;        /* keys follow: keep last */
};

struct bookmark
{
    BOOL used;
    BOOL valid;                     /* FALSE once Restrict or SortTable discarded it */
    BOOL moved;                     /* its row went away since it was last used */
    ULONG position;
};

struct table_advise
{
    ULONG_PTR connection;
    IMAPIAdviseSink *sink;
};

/* View rows and index entries come from pools: a view of 100000 rows makes as many. */
struct row_pool_chunk;
struct row_pool
{
    struct row_pool_chunk *chunks;
    struct view_row *free;
    SIZE_T row_size;
    ULONG left;
    BYTE *next;
};

extern void row_pool_reset(struct row_pool *pool, ULONG key_count);
extern struct view_row *row_pool_alloc(struct row_pool *pool);
extern void row_pool_free(struct row_pool *pool, struct view_row *vrow);

/* The table's rows in the order of a sort, kept up to date as rows change, so
 * that views with that order read their first rows without sorting the table.
 * Entries are view_rows without category or instance. */
struct sort_index
{
    struct sort_index *next;
    SSortOrder keys[32];
    ULONG key_count;
    struct view_row **entries;
    ULONG count, capacity;
    struct row_pool pool;
    ULONG scanners;                 /* views still reading it */
    ULONG last_used;
};

struct table_view
{
    IMAPITable IMAPITable_iface;
    LONG ref;
    struct table_data *table;
    struct table_view *next_view, *prev_view;
    CALLERRELEASE *release;
    ULONG_PTR release_data;

    SPropTagArray *columns;         /* HeapAlloc */
    ULONG *column_hint;             /* where each column was last found in a row */
    SRestriction *restriction;      /* MAPIAllocateBuffer deep copy, or NULL */
    ULONG restriction_counters;     /* RES_COUNT nodes: the view is filtered as a whole */

    SSortOrderSet *sort;            /* HeapAlloc copy, never NULL */
    ULONG key_count;                /* sort keys, categories first */
    ULONG level_count;              /* category levels */
    ULONG level_end[32];            /* keys of levels 0..n end before level_end[n] */
    ULONG expanded_levels;
    ULONG *mvi_tags;                /* columns and keys expanded into one row per value */
    ULONG mvi_count;

    BOOL dirty;                     /* rows must be rebuilt before they are read */
    struct view_row **leaves;       /* rows passing the restriction, sorted */
    ULONG leaf_count, leaf_capacity;
    struct view_row **visible;      /* categorised views: what the caller sees */
    ULONG visible_count, visible_capacity;
    struct view_row **row_map;      /* by table_row slot: the row's first instance */
    ULONG row_map_size;
    struct category root;           /* level count: its children are the top categories */
    ULONG next_category_id;
    struct row_pool *pool;
    struct sort_index *index;       /* being read from: the view has only its first leaves */
    ULONG scan_pos;                 /* next index entry to read */

    ULONG cursor;
    struct bookmark *bookmarks;
    ULONG bookmark_count;
    struct table_advise *advises;
    ULONG advise_count, advise_capacity;
    ULONG_PTR next_connection;
};

static inline BOOL view_is_categorized(const struct table_view *view)
{
    return view->level_count != 0;
}

/* The rows a caller sees, in order. */
static inline struct view_row **view_rows(const struct table_view *view)
{
    return view_is_categorized(view) ? view->visible : view->leaves;
}

static inline ULONG view_row_count(const struct table_view *view)
{
    return view_is_categorized(view) ? view->visible_count : view->leaf_count;
}

/* Notifications gathered under the table's lock, sent after it is left. */
struct pending_notification;
struct notify_batch
{
    struct pending_notification *first, **last;
};

/* table.c */
extern const SPropValue *row_find_prop(const struct table_row *row, ULONG tag);
extern BOOL table_add_columns(struct table_data *table, const SPropValue *props, ULONG count);

/* tableview.c */
extern HRESULT view_create(struct table_data *table, const SSortOrderSet *sort, CALLERRELEASE *release,
                           ULONG_PTR release_data, IMAPITable **out);
extern void view_prepare_change(struct table_view *view);
extern void view_row_changed(struct table_view *view, struct table_row *old_row, struct table_row *new_row,
                             BOOL notify, BOOL force_modified, struct notify_batch *batch);
#define LIST_FOR_EACH_VIEW(view, table) for ((view) = (table)->views; (view); (view) = (view)->next_view)

extern void view_table_reloaded(struct table_view *view, struct notify_batch *batch);
extern void view_notify_event(struct table_view *view, ULONG event, struct notify_batch *batch);
extern BOOL view_has_sinks(const struct table_view *view);
extern void notify_batch_init(struct notify_batch *batch);
extern void notify_batch_send(struct notify_batch *batch);
extern BOOL view_row_value(const struct table_view *view, const struct view_row *vrow, ULONG tag,
                           SPropValue *value, struct scratch *scratch);
extern BOOL row_instance_value(const struct table_view *view, const struct table_row *row, ULONG instance,
                               ULONG tag, SPropValue *value);

/* restrict.c */
struct restrict_counter
{
    const SRestriction *node;
    ULONG matched;
};

struct restrict_context
{
    const struct table_view *view;
    struct scratch *scratch;
    struct restrict_counter *counters;
    ULONG counter_count, counter_capacity;
};

extern HRESULT restriction_validate(const SRestriction *res);
extern HRESULT restriction_dup(const SRestriction *res, SRestriction **copy);
extern ULONG restriction_count_nodes(const SRestriction *res);
extern BOOL restriction_match(struct restrict_context *context, const SRestriction *res,
                              const struct view_row *vrow);

/* tablesort.c */
extern HRESULT sort_validate(const SSortOrderSet *sort);
extern HRESULT view_set_sort(struct table_view *view, const SSortOrderSet *sort);
extern void view_row_fill_keys(const struct table_view *view, struct view_row *vrow);
extern int view_row_compare(const struct table_view *view, const struct view_row *a, const struct view_row *b);
extern int compare_values(const SPropValue *a, const SPropValue *b);
extern BOOL mv_element(const SPropValue *mv, ULONG index, SPropValue *value);
extern ULONG mv_count(const SPropValue *mv);
extern void view_sort_leaves(struct table_view *view);
extern struct sort_index *table_get_index(struct table_data *table, const SSortOrderSet *sort);
extern BOOL table_index_add(struct table_data *table, struct table_row *row);
extern void table_index_remove(struct table_data *table, struct table_row *row);
extern void table_free_indexes(struct table_data *table);
extern ULONG view_leaf_position(const struct table_view *view, const struct view_row *vrow, BOOL *found);
extern HRESULT view_build_categories(struct table_view *view);
extern void view_free_categories(struct table_view *view);
extern struct category *category_attach(struct table_view *view, struct view_row *leaf);
extern void category_detach(struct table_view *view, struct view_row *leaf, struct category **emptied);
extern BOOL category_visible(const struct category *category);
extern void category_release(struct category *category);
extern BOOL category_collect(const struct table_view *view, const struct category *category,
                             struct view_row ***rows, ULONG *count, ULONG *capacity);
extern BOOL view_build_visible(struct table_view *view);
extern struct category *category_find(struct category *parent, ULONG id);
extern struct category *category_find_by_keys(const struct table_view *view, const struct category *parent,
                                              const SPropValue *keys);
extern BOOL category_contains(const struct category *category, const struct view_row *vrow);
extern BOOL leaf_is_unread(const struct view_row *leaf);
extern ULONG category_leaf_start(const struct table_view *view, const struct category *category);

#endif /* __MAPI32_TABLE_PRIVATE_H */
