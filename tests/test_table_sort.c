/*
 * IMAPITable::SortTable and QuerySortOrder, and categorised views: heading
 * rows, ExpandRow, CollapseRow, GetCollapseState and SetCollapseState.
 */

#include "table_test.h"

/* Six rows in three categories of TAG_CAT, two of TAG_NUM2; rows 2 and 3 unread. */
static const struct test_row six_rows[] =
{
    {1, "one", 10, "a", 1},
    {2, "two", 20, "b", 2},
    {3, "three", 30, "a", 2},
    {4, "four", 40, "b", 1},
    {5, "five", 50, "c", 1},
    {6, "six", 60, "a", 1},
};

static void put_flagged_row(ITableData *table, const struct test_row *data, LONG flags)
{
    SPropValue props[9];
    SRow row = {0};

    row.cValues = build_row(data, props);
    props[row.cValues].ulPropTag = PR_MESSAGE_FLAGS;
    props[row.cValues++].Value.l = flags;
    row.lpProps = props;
    assert_hr_equal(S_OK, table->lpVtbl->HrModifyRow(table, &row));
}

static ITableData *six_row_table(void)
{
    ITableData *table = create_test_table();
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(six_rows); i++)
        put_flagged_row(table, &six_rows[i], i == 1 || i == 2 ? 0 : MSGFLAG_READ);
    return table;
}

static const char *sorted_ids(IMAPITable *view, const SSortOrderSet *sort, char *buffer)
{
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)sort, 0));
    return all_ids(view, buffer);
}

static void test_SortTable_one_key(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_DESCEND}}};
    struct test_row no_num = {7, "seven", NO_NUM, "a", NO_NUM}, no_name = {8, NULL, 5, NULL, NO_NUM};
    char ids[64];

    set_id_columns(view);
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "6,5,4,3,2,1");
    sort.aSort[0].ulOrder = TABLE_SORT_ASCEND;
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "1,2,3,4,5,6");

    /* Strings as lstrcmp orders them; rows without the key last, either way. */
    put_row(table, &no_num);
    put_row(table, &no_name);
    sort.aSort[0].ulPropTag = TAG_NAME;
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "5,4,1,7,6,3,2,8");
    sort.aSort[0].ulOrder = TABLE_SORT_DESCEND;
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "2,3,6,7,1,4,5,8");
    sort.aSort[0].ulPropTag = TAG_NUM;
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "6,5,4,3,2,1,8,7");

    /* Equal keys keep the table's order; no keys is the table's order. */
    sort.aSort[0].ulPropTag = TAG_CAT;
    sort.aSort[0].ulOrder = TABLE_SORT_ASCEND;
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "1,3,6,7,2,4,5,8");
    sort.cSorts = 0;
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "1,2,3,4,5,6,7,8");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_SortTable_two_keys(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(2, sort) = {2, 0, 0, {{TAG_CAT, TABLE_SORT_DESCEND}, {TAG_NUM2, TABLE_SORT_ASCEND}}};
    struct test_row changed = {5, "five", 50, "a", 1};
    char ids[64];

    set_id_columns(view);
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "5,4,2,1,6,3");
    sort.aSort[1].ulOrder = TABLE_SORT_DESCEND;
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "5,2,4,3,1,6");
    /* A changed row moves to its new place. */
    put_row(table, &changed);
    assert_string_equal(all_ids(view, ids), "2,4,3,1,5,6");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_SortTable_multivalued(void **state)
{
    static LONG values[][3] = {{3, 1}, {1, 2, 3}, {1, 2}, {2}};
    static const ULONG counts[] = {2, 3, 2, 1};
    ITableData *table = create_test_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_MVL, TABLE_SORT_ASCEND}}};
    SizedSPropTagArray(2, columns) = {2, {TAG_ID, MVI_PROP(TAG_MVL)}};
    SPropValue props[2];
    SRow row = {0, 2, props};
    SRowSet *rows;
    char ids[64];
    ULONG i;

    for (i = 0; i < 4; i++)
    {
        props[0].ulPropTag = TAG_ID;
        props[0].Value.l = i + 1;
        props[1].ulPropTag = TAG_MVL;
        props[1].Value.MVl.cValues = counts[i];
        props[1].Value.MVl.lpl = values[i];
        assert_hr_equal(S_OK, table->lpVtbl->HrModifyRow(table, &row));
    }
    set_id_columns(view);
    /* Without MVI_FLAG the values are a tuple, compared in order. */
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "3,2,4,1");

    /* With it, a row per value, sorted on the values. */
    sort.aSort[0].ulPropTag = MVI_PROP(TAG_MVL);
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_int_equal(row_count(view), 8);
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 8, 0, &rows));
    assert_string_equal(row_ids(rows, ids), "1,2,3,2,3,4,1,2");
    assert_int_equal(rows->aRow[0].lpProps[1].Value.l, 1);
    assert_int_equal(rows->aRow[7].lpProps[1].Value.l, 3);
    FreeProws(rows);
    /* Sorting on an instance expands even when the columns do not ask for it. */
    set_id_columns(view);
    assert_string_equal(all_ids(view, ids), "1,2,3,2,3,4,1,2");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_SortTable_bad_input(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(2, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_DESCEND}, {TAG_NAME, TABLE_SORT_ASCEND}}};
    char ids[64];

    set_id_columns(view);
    assert_string_equal(sorted_ids(view, (SSortOrderSet *)&sort, ids), "6,5,4,3,2,1");
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SortTable(view, NULL, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0x100));
    sort.cCategories = 2;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    sort.cSorts = 2;
    sort.cExpanded = 3;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    sort.cExpanded = 0;
    sort.aSort[0].ulOrder = TABLE_SORT_COMBINE;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    sort.cCategories = 0;
    sort.aSort[0].ulOrder = TABLE_SORT_ASCEND;
    sort.aSort[1].ulOrder = TABLE_SORT_COMBINE;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    sort.aSort[1].ulOrder = 0x20;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    /* Well formed, but not what the engine sorts by. */
    sort.aSort[1].ulOrder = TABLE_SORT_CATEG_MAX;
    assert_hr_equal(MAPI_E_TOO_COMPLEX, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    sort.aSort[1].ulOrder = TABLE_SORT_ASCEND;
    sort.aSort[1].ulPropTag = PROP_TAG(PT_OBJECT, 0x6601);
    assert_hr_equal(MAPI_E_TOO_COMPLEX, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    /* The order in effect stays. */
    assert_string_equal(all_ids(view, ids), "6,5,4,3,2,1");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_QuerySortOrder(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(2, sort) = {2, 1, 1, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM, TABLE_SORT_DESCEND}}};
    SSortOrderSet *out;

    assert_hr_equal(S_OK, IMAPITable_QuerySortOrder(view, &out));
    assert_int_equal(out->cSorts, 0);
    MAPIFreeBuffer(out);
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_hr_equal(S_OK, IMAPITable_QuerySortOrder(view, &out));
    assert_int_equal(out->cSorts, 2);
    assert_int_equal(out->cCategories, 1);
    assert_int_equal(out->cExpanded, 1);
    assert_int_equal(out->aSort[1].ulPropTag, TAG_NUM);
    assert_int_equal(out->aSort[1].ulOrder, TABLE_SORT_DESCEND);
    MAPIFreeBuffer(out);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_QuerySortOrder(view, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

/* What a categorised view shows, one letter per row: "h(category,count,unread,depth,type)" or the id. */
static const char *describe(IMAPITable *view, char *buffer)
{
    SizedSPropTagArray(7, columns) = {7, {TAG_ID, TAG_CAT, PR_ROW_TYPE, PR_DEPTH, PR_CONTENT_COUNT,
                                          PR_CONTENT_UNREAD, PR_INSTANCE_KEY}};
    SRowSet *rows;
    char *p = buffer;
    ULONG i;

    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 1000, 0, &rows));
    *p = 0;
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (i) *p++ = ' ';
        assert_int_equal(props[2].ulPropTag, PR_ROW_TYPE);
        assert_int_equal(props[6].ulPropTag, PR_INSTANCE_KEY);
        if (props[2].Value.l == TBL_LEAF_ROW)
        {
            assert_int_equal(props[0].ulPropTag, TAG_ID);
            p += sprintf(p, "%ld", props[0].Value.l);
            continue;
        }
        /* Headings have the category columns and their counts, no others. */
        assert_int_equal(props[0].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(TAG_ID)));
        p += sprintf(p, "h(%s,%ld,%ld,%ld,%c)", props[1].ulPropTag == TAG_CAT ? props[1].Value.lpszA : "?",
                     props[4].Value.l, props[5].Value.l, props[3].Value.l,
                     props[2].Value.l == TBL_EXPANDED_CATEGORY ? '-' : '+');
    }
    FreeProws(rows);
    return buffer;
}

/* The instance key of the heading row that shows category letter at depth 0. */
static void heading_key(IMAPITable *view, const char *category, BYTE *key, ULONG *size)
{
    SizedSPropTagArray(3, columns) = {3, {PR_INSTANCE_KEY, TAG_CAT, PR_ROW_TYPE}};
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 1000, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;
        if (props[2].Value.l != TBL_LEAF_ROW && props[1].ulPropTag == TAG_CAT && !strcmp(props[1].Value.lpszA, category))
            break;
    }
    assert_true(i < rows->cRows);
    *size = rows->aRow[i].lpProps[0].Value.bin.cb;
    memcpy(key, rows->aRow[i].lpProps[0].Value.bin.lpb, *size);
    FreeProws(rows);
}

static void test_categories(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(2, sort) = {2, 1, 1, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM, TABLE_SORT_DESCEND}}};
    char text[512];

    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_string_equal(describe(view, text),
                        "h(a,3,1,0,-) 6 3 1 h(b,2,1,0,-) 4 2 h(c,1,0,0,-) 5");
    assert_int_equal(row_count(view), 9);

    /* Collapsed from the start: the headings only. */
    sort.cExpanded = 0;
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_string_equal(describe(view, text), "h(a,3,1,0,+) h(b,2,1,0,+) h(c,1,0,0,+)");
    assert_int_equal(row_count(view), 3);

    /* Descending categories. */
    sort.cExpanded = 1;
    sort.aSort[0].ulOrder = TABLE_SORT_DESCEND;
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_string_equal(describe(view, text), "h(c,1,0,0,-) 5 h(b,2,1,0,-) 4 2 h(a,3,1,0,-) 6 3 1");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_categories_two_levels(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(3, sort) = {3, 2, 1, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM2, TABLE_SORT_ASCEND},
                                             {TAG_ID, TABLE_SORT_ASCEND}}};
    SizedSPropTagArray(5, columns) = {5, {TAG_ID, TAG_CAT, TAG_NUM2, PR_DEPTH, PR_CONTENT_COUNT}};
    SRowSet *rows;
    char text[512];

    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    /* The top level expanded, the second collapsed. */
    assert_string_equal(describe(view, text),
                        "h(a,3,1,0,-) h(a,2,0,1,+) h(a,1,1,1,+) h(b,2,1,0,-) h(b,1,0,1,+) h(b,1,1,1,+) "
                        "h(c,1,0,0,-) h(c,1,0,1,+)");
    /* A second-level heading has both category columns. */
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 1, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 1, 0, &rows));
    assert_int_equal(rows->aRow[0].lpProps[2].ulPropTag, TAG_NUM2);
    assert_int_equal(rows->aRow[0].lpProps[2].Value.l, 1);
    assert_int_equal(rows->aRow[0].lpProps[3].Value.l, 1);
    FreeProws(rows);

    sort.cExpanded = 2;
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_string_equal(describe(view, text),
                        "h(a,3,1,0,-) h(a,2,0,1,-) 1 6 h(a,1,1,1,-) 3 h(b,2,1,0,-) h(b,1,0,1,-) 4 h(b,1,1,1,-) 2 "
                        "h(c,1,0,0,-) h(c,1,0,1,-) 5");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_categories_combined(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(3, sort) = {3, 2, 2, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM2, TABLE_SORT_COMBINE},
                                             {TAG_ID, TABLE_SORT_DESCEND}}};
    char text[512];

    /* One level of categories made of two columns. */
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_string_equal(describe(view, text),
                        "h(a,2,0,0,-) 6 1 h(a,1,1,0,-) 3 h(b,1,0,0,-) 4 h(b,1,1,0,-) 2 h(c,1,0,0,-) 5");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_ExpandRow_CollapseRow(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(2, sort) = {2, 1, 0, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM, TABLE_SORT_ASCEND}}};
    ULONG size, more = 99, count = 99, row, num, denom;
    SRowSet *rows = NULL;
    BYTE key[16], leaf_key[8] = {1};
    BOOKMARK mark;
    char text[512];

    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    heading_key(view, "a", key, &size);
    set_id_columns(view);

    /* Two of the three rows come back; the cursor goes after them. */
    assert_hr_equal(S_OK, IMAPITable_ExpandRow(view, size, key, 2, 0, &rows, &more));
    assert_int_equal(more, 3);
    assert_string_equal(row_ids(rows, text), "1,3");
    FreeProws(rows);
    assert_hr_equal(S_OK, IMAPITable_QueryPosition(view, &row, &num, &denom));
    assert_int_equal(row, 3);
    assert_string_equal(query_ids(view, 1, text), "6");
    assert_string_equal(describe(view, text), "h(a,3,1,0,-) 1 3 6 h(b,2,1,0,+) h(c,1,0,0,+)");

    /* Expanded already: nothing more. */
    assert_hr_equal(S_OK, IMAPITable_ExpandRow(view, size, key, 0, 0, NULL, &more));
    assert_int_equal(more, 0);

    /* A bookmark on a row collapsed out of sight moves to the next visible row. */
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 2, NULL));
    assert_hr_equal(S_OK, IMAPITable_CreateBookmark(view, &mark));
    assert_hr_equal(S_OK, IMAPITable_CollapseRow(view, size, key, 0, &count));
    assert_int_equal(count, 3);
    assert_string_equal(describe(view, text), "h(a,3,1,0,+) h(b,2,1,0,+) h(c,1,0,0,+)");
    assert_hr_equal(MAPI_W_POSITION_CHANGED, IMAPITable_SeekRow(view, mark, 0, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryPosition(view, &row, &num, &denom));
    assert_int_equal(row, 1);
    assert_hr_equal(S_OK, IMAPITable_CollapseRow(view, size, key, 0, &count));
    assert_int_equal(count, 0);

    /* Rows added to a collapsed category stay out of sight but count. */
    {
        struct test_row seven = {7, "seven", 5, "a", NO_NUM};
        put_row(table, &seven);
    }
    assert_string_equal(describe(view, text), "h(a,4,1,0,+) h(b,2,1,0,+) h(c,1,0,0,+)");
    assert_hr_equal(S_OK, IMAPITable_ExpandRow(view, size, key, 10, 0, &rows, &more));
    assert_int_equal(more, 4);
    assert_string_equal(row_ids(rows, text), "7,1,3,6");
    FreeProws(rows);

    /* Not a heading, or no such row. */
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPITable_ExpandRow(view, sizeof(leaf_key), leaf_key, 0, 0, NULL, &more));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPITable_CollapseRow(view, sizeof(leaf_key), leaf_key, 0, &count));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_ExpandRow(view, size, key, 1, 0, NULL, &more));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_ExpandRow(view, 0, NULL, 0, 0, NULL, &more));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_ExpandRow(view, size, key, 0, 1, NULL, &more));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_CollapseRow(view, size, key, 1, &count));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_categories_follow_changes(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(2, sort) = {2, 1, 1, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM, TABLE_SORT_ASCEND}}};
    struct test_row new_category = {7, "seven", 70, "bb", NO_NUM}, moved = {5, "five", 50, "a", 1};
    char text[512];

    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    put_row(table, &new_category);
    assert_string_equal(describe(view, text),
                        "h(a,3,1,0,-) 1 3 6 h(b,2,1,0,-) 2 4 h(bb,1,0,0,-) 7 h(c,1,0,0,-) 5");
    /* The last row of a category goes, and the category with it. */
    put_row(table, &moved);
    assert_string_equal(describe(view, text), "h(a,4,1,0,-) 1 3 5 6 h(b,2,1,0,-) 2 4 h(bb,1,0,0,-) 7");
    delete_row(table, 7);
    delete_row(table, 3);
    assert_string_equal(describe(view, text), "h(a,3,0,0,-) 1 5 6 h(b,2,1,0,-) 2 4");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_collapse_state(void **state)
{
    ITableData *table = six_row_table();
    IMAPITable *view = get_view(table), *other;
    SizedSSortOrderSet(2, sort) = {2, 1, 1, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM, TABLE_SORT_ASCEND}}};
    ULONG size_a, size_c, state_size, count;
    BYTE key_a[16], key_c[16], *saved;
    BOOKMARK mark;
    char text[512];

    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    heading_key(view, "a", key_a, &size_a);
    heading_key(view, "c", key_c, &size_c);
    assert_hr_equal(S_OK, IMAPITable_CollapseRow(view, size_a, key_a, 0, &count));
    assert_hr_equal(S_OK, IMAPITable_GetCollapseState(view, 0, size_c, key_c, &state_size, &saved));
    assert_non_null(saved);
    assert_string_equal(describe(view, text), "h(a,3,1,0,+) h(b,2,1,0,-) 2 4 h(c,1,0,0,-) 5");

    /* Change it all, then go back to the saved state. */
    assert_hr_equal(S_OK, IMAPITable_ExpandRow(view, size_a, key_a, 0, 0, NULL, NULL));
    assert_hr_equal(S_OK, IMAPITable_CollapseRow(view, size_c, key_c, 0, &count));
    assert_string_equal(describe(view, text), "h(a,3,1,0,-) 1 3 6 h(b,2,1,0,-) 2 4 h(c,1,0,0,+)");
    assert_hr_equal(S_OK, IMAPITable_SetCollapseState(view, 0, state_size, saved, &mark));
    assert_string_equal(describe(view, text), "h(a,3,1,0,+) h(b,2,1,0,-) 2 4 h(c,1,0,0,-) 5");
    /* The bookmark is on the row whose key was given. */
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, mark, 0, NULL));
    assert_string_equal(query_ids(view, 2, text), "-,5");

    /* Another view with the same order takes the state too. */
    assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, NULL, 0, &other));
    assert_hr_equal(S_OK, IMAPITable_SetCollapseState(other, 0, state_size, saved, &mark));
    assert_string_equal(describe(other, text), "h(a,3,1,0,+) h(b,2,1,0,-) 2 4 h(c,1,0,0,-) 5");
    /* Not under another order. */
    sort.aSort[1].ulOrder = TABLE_SORT_DESCEND;
    assert_hr_equal(S_OK, IMAPITable_SortTable(other, (SSortOrderSet *)&sort, 0));
    assert_hr_equal(MAPI_E_UNABLE_TO_COMPLETE, IMAPITable_SetCollapseState(other, 0, state_size, saved, &mark));
    IMAPITable_Release(other);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SetCollapseState(view, 0, 4, saved, &mark));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SetCollapseState(view, 0, state_size, saved, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_SetCollapseState(view, 1, state_size, saved, &mark));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_GetCollapseState(view, 0, 0, NULL, &state_size, &saved));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_GetCollapseState(view, 1, size_c, key_c, &state_size, &saved));
    MAPIFreeBuffer(saved);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

/* Rows 1..count with TAG_NUM = (id * 37) % 101, so sorting on it shuffles them. */
static ITableData *shuffled_table(ULONG count)
{
    ITableData *table = create_test_table();
    struct test_row data = {0, "row", 0, NULL, NO_NUM};
    ULONG i;

    for (i = 1; i <= count; i++)
    {
        data.id = i;
        data.num = (i * 37) % 101;
        put_row(table, &data);
    }
    return table;
}

/* A sorted view reads only as far as asked; what it has not read yet still
 * shows, in order, however the table changes meanwhile. */
static void test_sorted_view_reads_ahead(void **state)
{
    ITableData *table = shuffled_table(20);
    IMAPITable *view = get_view(table), *other;
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_ASCEND}}};
    struct test_row first = {30, "first", -1, NULL, NO_NUM}, gone = {0};
    BOOKMARK mark;
    char ids[256];

    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    /* num: 1->37 2->74 3->10 4->47 5->84 6->20 7->57 8->94 9->30 10->67 11->3 ... */
    assert_string_equal(query_ids(view, 3, ids), "11,3,14");
    assert_hr_equal(S_OK, IMAPITable_CreateBookmark(view, &mark));
    /* A row sorting first comes in: the cursor keeps its row. */
    put_row(table, &first);
    assert_string_equal(query_ids(view, 2, ids), "6,17");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, mark, 0, NULL));
    assert_string_equal(query_ids(view, 1, ids), "6");
    assert_string_equal(all_ids(view, ids), "30,11,3,14,6,17,9,20,1,12,4,15,7,18,10,2,13,5,16,8,19");

    /* Another view with the same order, read in part, then counted, sought to the end. */
    assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, NULL, 0, &other));
    set_id_columns(other);
    assert_string_equal(query_ids(other, 2, ids), "30,11");
    assert_int_equal(row_count(other), 21);
    assert_string_equal(query_ids(other, 2, ids), "3,14");
    assert_hr_equal(S_OK, IMAPITable_Restrict(other, NULL, 0));
    assert_string_equal(query_ids(other, 1, ids), "30");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(other, BOOKMARK_END, -2, NULL));
    assert_string_equal(query_ids(other, 5, ids), "8,19");

    /* Deleted and changed rows, then many at once. */
    delete_row(table, 3);
    gone.id = 11;
    gone.name = "moved";
    gone.num = 1000;
    gone.num2 = NO_NUM;
    put_row(table, &gone);
    assert_string_equal(all_ids(view, ids), "30,14,6,17,9,20,1,12,4,15,7,18,10,2,13,5,16,8,19,11");
    IMAPITable_Release(view);
    IMAPITable_Release(other);
    table->lpVtbl->Release(table);
}

/* The order a new view finds is right after rows of every kind of change. */
static void test_sorted_views_after_changes(void **state)
{
    ITableData *table = shuffled_table(30);
    SizedSSortOrderSet(2, sort) = {2, 0, 0, {{TAG_CAT, TABLE_SORT_DESCEND}, {TAG_NUM, TABLE_SORT_ASCEND}}};
    struct test_row data = {0, "x", 0, NULL, NO_NUM};
    SPropValue props[8], keys[12];
    SizedSRowSet(12, rows);
    IMAPITable *view;
    SRow row;
    char expected[512], ids[512];
    ULONG i, pass;

    for (pass = 0; pass < 4; pass++)
    {
        /* A view with this order, read to the end, and left. */
        assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, NULL, 0, &view));
        set_id_columns(view);
        all_ids(view, expected);
        IMAPITable_Release(view);

        switch (pass)
        {
        case 0: /* one by one */
            data.id = 5;
            data.num = 99;
            data.cat = "b";
            put_row(table, &data);
            delete_row(table, 7);
            data.id = 40;
            data.num = 5;
            data.cat = NULL;
            row.cValues = build_row(&data, props);
            row.lpProps = props;
            assert_hr_equal(S_OK, table->lpVtbl->HrInsertRow(table, 3, &row));
            break;
        case 1: /* more than are told one by one */
            for (i = 0; i < 12; i++)
            {
                keys[i].ulPropTag = TAG_ID;
                keys[i].Value.l = i + 10;
                rows.aRow[i].cValues = 1;
                rows.aRow[i].lpProps = &keys[i];
            }
            rows.cRows = 12;
            assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRows(table, 0, (SRowSet *)&rows, NULL));
            break;
        case 2:
            assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRows(table, TAD_ALL_ROWS, NULL, NULL));
            break;
        }

        /* A view made afresh and one sorting the same rows with the engine's other path agree. */
        assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, NULL, 0, &view));
        set_id_columns(view);
        all_ids(view, expected);
        {
            SizedSPropTagArray(2, columns) = {2, {TAG_ID, MVI_PROP(TAG_MVL)}};
            IMAPITable *instances;

            /* An instance column: no index, the whole table filtered and sorted. */
            assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, NULL, 0, &instances));
            assert_hr_equal(S_OK, IMAPITable_SetColumns(instances, (SPropTagArray *)&columns, 0));
            assert_string_equal(all_ids(instances, ids), expected);
            IMAPITable_Release(instances);
        }
        IMAPITable_Release(view);
    }
    assert_string_equal(expected, "");
    table->lpVtbl->Release(table);
}

/* Columns a view makes up win over what the rows hold; other columns are the rows'. */
static void test_made_up_columns(void **state)
{
    ITableData *table = create_test_table();
    SizedSSortOrderSet(1, sort) = {1, 1, 1, {{TAG_CAT, TABLE_SORT_ASCEND}}};
    SizedSPropTagArray(3, columns) = {3, {PR_ROW_TYPE, PR_INSTANCE_KEY, TAG_ID}};
    BYTE own_key[2][4] = {{'o', 'w', 'n', '1'}, {'o', 'w', 'n', '2'}};
    IMAPITable *view = get_view(table);
    SPropValue props[4];
    SRow row = {0, 4, props};
    SRowSet *rows;
    ULONG i;

    for (i = 0; i < 2; i++)
    {
        props[0].ulPropTag = TAG_ID;
        props[0].Value.l = i + 1;
        props[1].ulPropTag = PR_ROW_TYPE;
        props[1].Value.l = 99;
        props[2].ulPropTag = PR_INSTANCE_KEY;
        props[2].Value.bin.cb = 4;
        props[2].Value.bin.lpb = own_key[i];
        props[3].ulPropTag = TAG_CAT;
        props[3].Value.lpszA = (char *)"a";
        assert_hr_equal(S_OK, table->lpVtbl->HrModifyRow(table, &row));
    }
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    /* Not categorised: the rows' own values. */
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 10, 0, &rows));
    assert_int_equal(rows->cRows, 2);
    for (i = 0; i < 2; i++)
    {
        assert_int_equal(rows->aRow[i].lpProps[0].Value.l, 99);
        assert_memory_equal(rows->aRow[i].lpProps[1].Value.bin.lpb, own_key[i], 4);
    }
    FreeProws(rows);
    /* Categorised: leaves are leaves, whatever they say, on every row read. */
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 10, 0, &rows));
    assert_int_equal(rows->cRows, 3);
    assert_int_equal(rows->aRow[0].lpProps[0].Value.l, TBL_EXPANDED_CATEGORY);
    for (i = 1; i < 3; i++)
    {
        assert_int_equal(rows->aRow[i].lpProps[0].Value.l, TBL_LEAF_ROW);
        assert_memory_equal(rows->aRow[i].lpProps[1].Value.bin.lpb, own_key[i - 1], 4);
    }
    FreeProws(rows);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_SortTable_one_key),
        cmocka_unit_test(test_SortTable_two_keys),
        cmocka_unit_test(test_SortTable_multivalued),
        cmocka_unit_test(test_SortTable_bad_input),
        cmocka_unit_test(test_QuerySortOrder),
        cmocka_unit_test(test_categories),
        cmocka_unit_test(test_categories_two_levels),
        cmocka_unit_test(test_categories_combined),
        cmocka_unit_test(test_ExpandRow_CollapseRow),
        cmocka_unit_test(test_categories_follow_changes),
        cmocka_unit_test(test_collapse_state),
        cmocka_unit_test(test_sorted_view_reads_ahead),
        cmocka_unit_test(test_sorted_views_after_changes),
        cmocka_unit_test(test_made_up_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
