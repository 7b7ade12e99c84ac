/*
 * CreateTable, every ITableData method, and the IMAPITable methods that
 * read, position and describe a view; HrQueryAllRows and HrAddColumns(Ex).
 * Restrictions, sorting and notifications have files of their own.
 */

#include "initguid.h"
#include "table_test.h"
#include "mapiguid.h"

static const struct test_row five_rows[] =
{
    {1, "one", 10, "a", NO_NUM},
    {2, "two", 20, "b", NO_NUM},
    {3, "three", 30, "a", NO_NUM},
    {4, "four", 40, "b", NO_NUM},
    {5, "five", 50, "c", NO_NUM},
};

static ITableData *five_row_table(void)
{
    ITableData *table = create_test_table();
    put_rows(table, five_rows, ARRAY_SIZE(five_rows));
    return table;
}

static void test_CreateTable(void **state)
{
    SizedSPropTagArray(2, columns) = {2, {TAG_ID, TAG_NAME}};
    ITableData *table = (ITableData *)0xdeadbeef;
    IUnknown *unknown;

    assert_hr_equal(S_OK, CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                      NULL, TBLTYPE_KEYSET, TAG_ID, (SPropTagArray *)&columns, &table));
    assert_hr_equal(S_OK, table->lpVtbl->QueryInterface(table, &IID_IUnknown, (void **)&unknown));
    assert_ptr_equal(unknown, table);
    unknown->lpVtbl->Release(unknown);
    assert_hr_equal(S_OK, table->lpVtbl->QueryInterface(table, &IID_IMAPITableData, (void **)&unknown));
    unknown->lpVtbl->Release(unknown);
    assert_hr_equal(E_NOINTERFACE, table->lpVtbl->QueryInterface(table, &IID_IMAPITable, (void **)&unknown));
    assert_null(unknown);
    assert_int_equal(0, table->lpVtbl->Release(table));

    /* A binary index column, as PR_INSTANCE_KEY usually is. */
    assert_hr_equal(S_OK, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                      TBLTYPE_SNAPSHOT, PR_INSTANCE_KEY, (SPropTagArray *)&columns, &table));
    table->lpVtbl->Release(table);
}

static void test_CreateTable_bad_input(void **state)
{
    SizedSPropTagArray(2, columns) = {2, {TAG_ID, TAG_NAME}};
    SPropTagArray *cols = (SPropTagArray *)&columns;
    ITableData *table = (ITableData *)0xdeadbeef;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                          MAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC, TAG_ID, cols, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, NULL, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                                          TBLTYPE_DYNAMIC, TAG_ID, cols, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, NULL, MAPIFreeBuffer, NULL,
                                                          TBLTYPE_DYNAMIC, TAG_ID, cols, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, NULL, NULL,
                                                          TBLTYPE_DYNAMIC, TAG_ID, cols, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                          MAPIFreeBuffer, (void *)1, TBLTYPE_DYNAMIC, TAG_ID, cols, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                          MAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC, TAG_ID, NULL, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                          MAPIFreeBuffer, NULL, 7, TAG_ID, cols, &table));
    /* Rows cannot be found by an object or by nothing. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                          MAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC,
                                                          PROP_TAG(PT_OBJECT, 0x6601), cols, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                          MAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC,
                                                          PROP_TAG(PT_MV_LONG, 0x6601), cols, &table));
    assert_null(table);
    table = (ITableData *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, CreateTable(&IID_IMAPITable, MAPIAllocateBuffer,
                                                                MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                                                TBLTYPE_DYNAMIC, TAG_ID, cols, &table));
    assert_null(table);
}

static void test_HrModifyRow(void **state)
{
    ITableData *table = create_test_table();
    struct test_row data = {7, "seven", 70, NULL, NO_NUM};
    const SPropValue *name;
    SPropValue props[8], key;
    SRow row, *out = NULL;
    ULONG index = 99;

    put_row(table, &data);
    data.name = "SEVEN";
    data.num = NO_NUM;
    /* Same index value: the row is replaced, not added. */
    put_row(table, &data);
    key.ulPropTag = TAG_ID;
    key.Value.l = 7;
    assert_hr_equal(S_OK, table->lpVtbl->HrQueryRow(table, &key, &out, &index));
    assert_int_equal(index, 0);
    assert_int_equal(out->cValues, 2);
    assert_non_null(name = find_prop(out, TAG_NAME));
    assert_string_equal(name->Value.lpszA, "SEVEN");
    assert_null(find_prop(out, TAG_NUM));
    MAPIFreeBuffer(out);
    assert_hr_equal(S_OK, table->lpVtbl->HrEnumRow(table, 1, &out));
    assert_null(out);

    /* Without the index column, or with nothing at all. */
    props[0].ulPropTag = TAG_NAME;
    props[0].Value.lpszA = (char *)"no id";
    row.cValues = 1;
    row.lpProps = props;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrModifyRow(table, &row));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrModifyRow(table, NULL));
    row.lpProps = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrModifyRow(table, &row));
    /* A string whose pointer is NULL cannot be copied. */
    props[0].ulPropTag = TAG_ID;
    props[0].Value.l = 8;
    props[1].ulPropTag = TAG_NAME;
    props[1].Value.lpszA = NULL;
    row.cValues = 2;
    row.lpProps = props;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrModifyRow(table, &row));
    assert_hr_equal(S_OK, table->lpVtbl->HrEnumRow(table, 1, &out));
    assert_null(out);

    table->lpVtbl->Release(table);
}

static void test_HrModifyRows(void **state)
{
    ITableData *table = create_test_table();
    SPropValue props[3][8];
    SizedSRowSet(3, rows);
    IMAPITable *view;
    char ids[64];
    ULONG i;

    for (i = 0; i < 3; i++)
    {
        rows.aRow[i].cValues = build_row(&five_rows[i], props[i]);
        rows.aRow[i].lpProps = props[i];
    }
    rows.cRows = 3;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, table->lpVtbl->HrModifyRows(table, 1, (SRowSet *)&rows));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrModifyRows(table, 0, NULL));
    assert_hr_equal(S_OK, table->lpVtbl->HrModifyRows(table, 0, (SRowSet *)&rows));
    view = get_view(table);
    set_id_columns(view);
    assert_string_equal(all_ids(view, ids), "1,2,3");

    /* One row without its index column: none of them changes. */
    props[0][1].Value.lpszA = (char *)"changed";
    props[2][0].ulPropTag = TAG_NUM2;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrModifyRows(table, 0, (SRowSet *)&rows));
    assert_int_equal(row_count(view), 3);
    {
        SPropValue key = {TAG_ID};
        SRow *row;

        key.Value.l = 1;
        assert_hr_equal(S_OK, table->lpVtbl->HrQueryRow(table, &key, &row, NULL));
        assert_string_equal(find_prop(row, TAG_NAME)->Value.lpszA, "one");
        MAPIFreeBuffer(row);
    }
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_HrDeleteRow(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SPropValue key;
    char ids[64];

    set_id_columns(view);
    key.ulPropTag = TAG_ID;
    key.Value.l = 3;
    assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRow(table, &key));
    assert_string_equal(all_ids(view, ids), "1,2,4,5");
    assert_hr_equal(MAPI_E_NOT_FOUND, table->lpVtbl->HrDeleteRow(table, &key));
    key.ulPropTag = TAG_NUM;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrDeleteRow(table, &key));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrDeleteRow(table, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_HrDeleteRows(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SPropValue props[3];
    SizedSRowSet(3, rows);
    ULONG deleted = 99;
    char ids[64];

    set_id_columns(view);
    props[0].ulPropTag = props[1].ulPropTag = props[2].ulPropTag = TAG_ID;
    props[0].Value.l = 2;
    props[1].Value.l = 42;  /* not there: no error */
    props[2].Value.l = 5;
    rows.cRows = 3;
    rows.aRow[0].cValues = rows.aRow[1].cValues = rows.aRow[2].cValues = 1;
    rows.aRow[0].lpProps = &props[0];
    rows.aRow[1].lpProps = &props[1];
    rows.aRow[2].lpProps = &props[2];
    assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRows(table, 0, (SRowSet *)&rows, &deleted));
    assert_int_equal(deleted, 2);
    assert_string_equal(all_ids(view, ids), "1,3,4");

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, table->lpVtbl->HrDeleteRows(table, 2, (SRowSet *)&rows, &deleted));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrDeleteRows(table, 0, NULL, &deleted));
    assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRows(table, TAD_ALL_ROWS, NULL, &deleted));
    assert_int_equal(deleted, 3);
    assert_int_equal(row_count(view), 0);
    put_rows(table, five_rows, 2);
    assert_string_equal(all_ids(view, ids), "1,2");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_HrQueryRow(void **state)
{
    ITableData *table = five_row_table();
    SPropValue key = {TAG_ID};
    SRow *row = NULL;
    ULONG index = 99;

    key.Value.l = 4;
    assert_hr_equal(S_OK, table->lpVtbl->HrQueryRow(table, &key, &row, &index));
    assert_int_equal(index, 3);
    assert_int_equal(row->cValues, 4);
    assert_int_equal(find_prop(row, TAG_NUM)->Value.l, 40);
    assert_string_equal(find_prop(row, TAG_NAME)->Value.lpszA, "four");
    MAPIFreeBuffer(row);
    assert_hr_equal(S_OK, table->lpVtbl->HrQueryRow(table, &key, &row, NULL));
    MAPIFreeBuffer(row);

    key.Value.l = 9;
    assert_hr_equal(MAPI_E_NOT_FOUND, table->lpVtbl->HrQueryRow(table, &key, &row, &index));
    key.ulPropTag = TAG_NUM;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrQueryRow(table, &key, &row, &index));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrQueryRow(table, NULL, &row, &index));
    key.ulPropTag = TAG_ID;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrQueryRow(table, &key, NULL, &index));
    table->lpVtbl->Release(table);
}

static void test_HrEnumRow(void **state)
{
    ITableData *table = five_row_table();
    SRow *row = (SRow *)0xdeadbeef;
    ULONG i;

    for (i = 0; i < 5; i++)
    {
        assert_hr_equal(S_OK, table->lpVtbl->HrEnumRow(table, i, &row));
        assert_int_equal(find_prop(row, TAG_ID)->Value.l, five_rows[i].id);
        MAPIFreeBuffer(row);
    }
    assert_hr_equal(S_OK, table->lpVtbl->HrEnumRow(table, 5, &row));
    assert_null(row);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrEnumRow(table, 0, NULL));
    /* Replacing a row keeps its place in the insertion order. */
    put_row(table, &five_rows[0]);
    assert_hr_equal(S_OK, table->lpVtbl->HrEnumRow(table, 0, &row));
    assert_int_equal(find_prop(row, TAG_ID)->Value.l, 1);
    MAPIFreeBuffer(row);
    table->lpVtbl->Release(table);
}

static void test_HrInsertRow(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    struct test_row data = {6, "six", 60, NULL, NO_NUM};
    SPropValue props[8];
    SRow row;
    char ids[64];

    set_id_columns(view);
    row.cValues = build_row(&data, props);
    row.lpProps = props;
    assert_hr_equal(S_OK, table->lpVtbl->HrInsertRow(table, 0, &row));
    assert_string_equal(all_ids(view, ids), "6,1,2,3,4,5");
    props[0].Value.l = 7;
    assert_hr_equal(S_OK, table->lpVtbl->HrInsertRow(table, 3, &row));
    assert_string_equal(all_ids(view, ids), "6,1,2,7,3,4,5");
    props[0].Value.l = 8;
    assert_hr_equal(S_OK, table->lpVtbl->HrInsertRow(table, 7, &row));
    assert_string_equal(all_ids(view, ids), "6,1,2,7,3,4,5,8");

    /* Past the end, or a row that exists. */
    props[0].Value.l = 9;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrInsertRow(table, 9, &row));
    props[0].Value.l = 7;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrInsertRow(table, 0, &row));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrInsertRow(table, 0, NULL));
    assert_string_equal(all_ids(view, ids), "6,1,2,7,3,4,5,8");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_HrNotify_bad_input(void **state)
{
    ITableData *table = five_row_table();
    SPropValue key = {TAG_ID};

    key.Value.l = 2;
    assert_hr_equal(S_OK, table->lpVtbl->HrNotify(table, 0, 1, &key));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, table->lpVtbl->HrNotify(table, 1, 1, &key));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrNotify(table, 0, 1, NULL));
    key.Value.l = 12;
    assert_hr_equal(MAPI_E_NOT_FOUND, table->lpVtbl->HrNotify(table, 0, 1, &key));
    key.ulPropTag = TAG_NUM;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrNotify(table, 0, 1, &key));
    table->lpVtbl->Release(table);
}

static ULONG_PTR released_data;
static ITableData *released_table;
static IMAPITable *released_view;
static int release_calls;

static void WINAPI release_callback(ULONG_PTR data, LPTABLEDATA table, LPMAPITABLE view)
{
    released_data = data;
    released_table = table;
    released_view = view;
    release_calls++;
}

static void test_HrGetView(void **state)
{
    /* Caller data wider than 32 bits survives on 64-bit. */
    ULONG_PTR data = (ULONG_PTR)~(ULONG_PTR)0 - 0x1234;
    ITableData *table = five_row_table();
    IMAPITable *view = NULL, *other;
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_DESCEND}}};
    char ids[64];

    assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, release_callback, data, &view));
    set_id_columns(view);
    assert_string_equal(all_ids(view, ids), "5,4,3,2,1");
    assert_hr_equal(S_OK, IMAPITable_QueryInterface(view, &IID_IMAPITable, (void **)&other));
    assert_ptr_equal(other, view);
    IMAPITable_Release(other);
    assert_hr_equal(E_NOINTERFACE, IMAPITable_QueryInterface(view, &IID_IMAPITableData, (void **)&other));

    release_calls = 0;
    /* The view keeps its table data alive. */
    assert_int_equal(table->lpVtbl->Release(table), 1);
    assert_int_equal(IMAPITable_Release(view), 0);
    assert_int_equal(release_calls, 1);
    assert_true(released_data == data);
    assert_ptr_equal(released_table, table);
    assert_ptr_equal(released_view, view);

    table = five_row_table();
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrGetView(table, NULL, NULL, 0, NULL));
    sort.cCategories = 2;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, NULL, 0, &view));
    table->lpVtbl->Release(table);
}

static void test_SetColumns(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SizedSPropTagArray(6, columns) = {6, {TAG_NUM, TAG_NUM2, PR_NULL, TAG_ID,
                                          PROP_TAG(PT_UNSPECIFIED, PROP_ID(TAG_NAME)), TAG_WNAME}};
    SRowSet *rows;

    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 1, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_int_equal(rows->aRow[0].cValues, 6);
    assert_int_equal(rows->aRow[0].lpProps[0].ulPropTag, TAG_NUM);
    assert_int_equal(rows->aRow[0].lpProps[0].Value.l, 10);
    /* A column the row lacks. */
    assert_int_equal(rows->aRow[0].lpProps[1].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(TAG_NUM2)));
    assert_hr_equal(MAPI_E_NOT_FOUND, rows->aRow[0].lpProps[1].Value.err);
    assert_int_equal(rows->aRow[0].lpProps[2].ulPropTag, PR_NULL);
    assert_int_equal(rows->aRow[0].lpProps[3].Value.l, 1);
    /* Whatever type it has, and a string in the other width. */
    assert_int_equal(rows->aRow[0].lpProps[4].ulPropTag, TAG_NAME);
    assert_string_equal(rows->aRow[0].lpProps[4].Value.lpszA, "one");
    assert_int_equal(rows->aRow[0].lpProps[5].ulPropTag, TAG_WNAME);
    assert_true(!wcscmp(rows->aRow[0].lpProps[5].Value.lpszW, L"one"));
    FreeProws(rows);

    columns.cValues = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SetColumns(view, NULL, 0));
    columns.cValues = 1;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0x100));
    columns.aulPropTag[0] = PROP_TAG(0x77, 0x6601);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    columns.aulPropTag[0] = PROP_TAG(PT_LONG | MV_INSTANCE, 0x6601);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    columns.aulPropTag[0] = TAG_NAME;
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, TBL_BATCH | TBL_ASYNC));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_QueryColumns(void **state)
{
    ITableData *table = create_test_table();
    struct test_row data = {1, "one", NO_NUM, NULL, 5};
    IMAPITable *view, *later;
    SPropTagArray *columns;
    SPropValue props[2];
    SRow row;

    put_row(table, &data);
    view = get_view(table);
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(view, 0, &columns));
    /* CreateTable's columns, and the one the row brought. */
    assert_int_equal(columns->cValues, 5);
    assert_int_equal(columns->aulPropTag[0], TAG_ID);
    assert_int_equal(columns->aulPropTag[4], TAG_NUM2);
    MAPIFreeBuffer(columns);

    /* A row with a new column: it is available to the view, not in its set. */
    props[0].ulPropTag = TAG_ID;
    props[0].Value.l = 2;
    props[1].ulPropTag = TAG_TIME;
    props[1].Value.ft.dwLowDateTime = props[1].Value.ft.dwHighDateTime = 1;
    row.cValues = 2;
    row.lpProps = props;
    assert_hr_equal(S_OK, table->lpVtbl->HrModifyRow(table, &row));
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(view, 0, &columns));
    assert_int_equal(columns->cValues, 5);
    MAPIFreeBuffer(columns);
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(view, TBL_ALL_COLUMNS, &columns));
    assert_int_equal(columns->cValues, 6);
    assert_int_equal(columns->aulPropTag[5], TAG_TIME);
    MAPIFreeBuffer(columns);
    /* Views made later start with it. */
    later = get_view(table);
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(later, 0, &columns));
    assert_int_equal(columns->cValues, 6);
    MAPIFreeBuffer(columns);
    IMAPITable_Release(later);

    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(view, 0, &columns));
    assert_int_equal(columns->cValues, 1);
    assert_int_equal(columns->aulPropTag[0], TAG_ID);
    MAPIFreeBuffer(columns);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_QueryColumns(view, 2, &columns));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_QueryColumns(view, 0, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_GetRowCount(void **state)
{
    ITableData *table = create_test_table();
    IMAPITable *view = get_view(table);
    ULONG count;

    assert_int_equal(row_count(view), 0);
    put_rows(table, five_rows, 5);
    assert_int_equal(row_count(view), 5);
    delete_row(table, 1);
    assert_int_equal(row_count(view), 4);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_GetRowCount(view, 1, &count));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_GetRowCount(view, 0, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_SeekRow(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    LONG sought = 99;
    char ids[64];

    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 2, &sought));
    assert_int_equal(sought, 2);
    assert_string_equal(query_ids(view, 1, ids), "3");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_CURRENT, -2, &sought));
    assert_int_equal(sought, -2);
    assert_string_equal(query_ids(view, 1, ids), "2");
    /* Past either end: as far as it goes. */
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_CURRENT, 10, &sought));
    assert_int_equal(sought, 3);
    assert_string_equal(query_ids(view, 1, ids), "");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_END, -1, &sought));
    assert_int_equal(sought, -1);
    assert_string_equal(query_ids(view, 1, ids), "5");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_END, -10, NULL));
    assert_string_equal(query_ids(view, 1, ids), "1");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, -3, &sought));
    assert_int_equal(sought, 0);
    assert_hr_equal(MAPI_E_INVALID_BOOKMARK, IMAPITable_SeekRow(view, 12345, 0, &sought));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_SeekRowApprox(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    char ids[64];

    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_SeekRowApprox(view, 2, 5));
    assert_string_equal(query_ids(view, 1, ids), "3");
    assert_hr_equal(S_OK, IMAPITable_SeekRowApprox(view, 0, 7));
    assert_string_equal(query_ids(view, 1, ids), "1");
    assert_hr_equal(S_OK, IMAPITable_SeekRowApprox(view, 50, 50));
    assert_string_equal(query_ids(view, 1, ids), "");
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_SeekRowApprox(view, 1, 0));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_QueryPosition(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    ULONG row = 99, numerator = 99, denominator = 99;

    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 3, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryPosition(view, &row, &numerator, &denominator));
    assert_int_equal(row, 3);
    assert_int_equal(numerator, 3);
    assert_int_equal(denominator, 5);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_QueryPosition(view, NULL, &numerator, &denominator));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_QueryPosition(view, &row, &numerator, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);

    /* An empty table never has a zero denominator. */
    table = create_test_table();
    view = get_view(table);
    assert_hr_equal(S_OK, IMAPITable_QueryPosition(view, &row, &numerator, &denominator));
    assert_int_equal(row, 0);
    assert_int_equal(denominator, 1);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_QueryRows(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SRowSet *rows = (SRowSet *)0xdeadbeef;
    ULONG row, num, denom;
    char ids[64];

    set_id_columns(view);
    assert_string_equal(query_ids(view, 2, ids), "1,2");
    assert_string_equal(query_ids(view, 2, ids), "3,4");
    /* Backwards: the rows before the cursor, in order; the cursor goes back to the first. */
    assert_string_equal(query_ids(view, -3, ids), "2,3,4");
    assert_hr_equal(S_OK, IMAPITable_QueryPosition(view, &row, &num, &denom));
    assert_int_equal(row, 1);
    assert_string_equal(query_ids(view, -5, ids), "1");
    assert_string_equal(query_ids(view, -5, ids), "");

    /* TBL_NOADVANCE leaves the cursor on the first row returned. */
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 2, TBL_NOADVANCE, &rows));
    assert_string_equal(row_ids(rows, ids), "1,2");
    FreeProws(rows);
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 2, TBL_NOADVANCE, &rows));
    assert_string_equal(row_ids(rows, ids), "1,2");
    FreeProws(rows);
    assert_string_equal(query_ids(view, 100, ids), "1,2,3,4,5");
    assert_string_equal(query_ids(view, 1, ids), "");
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, -2, TBL_NOADVANCE, &rows));
    assert_string_equal(row_ids(rows, ids), "4,5");
    FreeProws(rows);
    assert_string_equal(query_ids(view, 1, ids), "");

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_QueryRows(view, 0, 0, &rows));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_QueryRows(view, 1, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_QueryRows(view, 1, 2, &rows));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_FindRow(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SPropValue value = {TAG_CAT};
    SRestriction res;
    BOOKMARK mark;
    char ids[64];

    set_id_columns(view);
    value.Value.lpszA = (char *)"b";
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_EQ;
    res.res.resProperty.ulPropTag = TAG_CAT;
    res.res.resProperty.lpProp = &value;

    assert_hr_equal(S_OK, IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 0));
    assert_string_equal(query_ids(view, 1, ids), "2");
    assert_hr_equal(S_OK, IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, 0));
    assert_string_equal(query_ids(view, 1, ids), "4");
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, 0));
    /* Backwards: from the row before the origin. */
    assert_hr_equal(S_OK, IMAPITable_FindRow(view, &res, BOOKMARK_END, DIR_BACKWARD));
    assert_string_equal(query_ids(view, 1, ids), "4");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 3, NULL));
    assert_hr_equal(S_OK, IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, DIR_BACKWARD));
    assert_string_equal(query_ids(view, 1, ids), "2");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 1, NULL));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPITable_FindRow(view, &res, BOOKMARK_CURRENT, DIR_BACKWARD));
    /* From a bookmark. */
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 2, NULL));
    assert_hr_equal(S_OK, IMAPITable_CreateBookmark(view, &mark));
    assert_hr_equal(S_OK, IMAPITable_FindRow(view, &res, mark, 0));
    assert_string_equal(query_ids(view, 1, ids), "4");
    assert_hr_equal(S_OK, IMAPITable_FreeBookmark(view, mark));

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_FindRow(view, NULL, BOOKMARK_BEGINNING, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 2));
    assert_hr_equal(MAPI_E_INVALID_BOOKMARK, IMAPITable_FindRow(view, &res, 999, 0));
    res.res.resProperty.lpProp = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 0));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_bookmarks(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    struct test_row data = {0, "zero", 0, NULL, NO_NUM};
    BOOKMARK mark, other, marks[2000];
    SRestriction exist = {0};
    SPropValue props[8];
    SRow row;
    char ids[64];
    ULONG i;
    HRESULT hr;

    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 3, NULL));
    assert_hr_equal(S_OK, IMAPITable_CreateBookmark(view, &mark));
    assert_true(mark > BOOKMARK_END);
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL));
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, mark, 0, NULL));
    assert_string_equal(query_ids(view, 1, ids), "4");

    /* A row inserted before it: the bookmark stays on its row. */
    row.cValues = build_row(&data, props);
    row.lpProps = props;
    assert_hr_equal(S_OK, table->lpVtbl->HrInsertRow(table, 0, &row));
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, mark, 0, NULL));
    assert_string_equal(query_ids(view, 1, ids), "4");

    /* Its row deleted: the bookmark moves to the next row and says so, once. */
    delete_row(table, 4);
    assert_hr_equal(MAPI_W_POSITION_CHANGED, IMAPITable_SeekRow(view, mark, 0, NULL));
    assert_string_equal(query_ids(view, 1, ids), "5");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, mark, 0, NULL));
    delete_row(table, 5);
    exist.rt = RES_EXIST;
    exist.res.resExist.ulPropTag = TAG_ID;
    assert_hr_equal(MAPI_W_POSITION_CHANGED, IMAPITable_FindRow(view, &exist, mark, DIR_BACKWARD));
    assert_string_equal(query_ids(view, 1, ids), "3");

    assert_hr_equal(S_OK, IMAPITable_CreateBookmark(view, &other));
    assert_true(other != mark);
    assert_hr_equal(S_OK, IMAPITable_FreeBookmark(view, mark));
    assert_hr_equal(MAPI_E_INVALID_BOOKMARK, IMAPITable_FreeBookmark(view, mark));
    assert_hr_equal(MAPI_E_INVALID_BOOKMARK, IMAPITable_SeekRow(view, mark, 0, NULL));
    /* The three predefined ones are never freed. */
    assert_hr_equal(S_OK, IMAPITable_FreeBookmark(view, BOOKMARK_CURRENT));

    /* Sorting discards the bookmarks. */
    {
        SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_ASCEND}}};
        assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    }
    assert_hr_equal(MAPI_E_INVALID_BOOKMARK, IMAPITable_SeekRow(view, other, 0, NULL));
    assert_hr_equal(S_OK, IMAPITable_FreeBookmark(view, other));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_CreateBookmark(view, NULL));

    /* There is a limit, and a bookmark freed makes room. */
    for (i = 0; i < ARRAY_SIZE(marks); i++)
        if (FAILED(hr = IMAPITable_CreateBookmark(view, &marks[i]))) break;
    assert_hr_equal(MAPI_E_UNABLE_TO_COMPLETE, hr);
    assert_hr_equal(S_OK, IMAPITable_FreeBookmark(view, marks[0]));
    assert_hr_equal(S_OK, IMAPITable_CreateBookmark(view, &marks[0]));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_GetStatus(void **state)
{
    ITableData *table;
    SizedSPropTagArray(1, columns) = {1, {TAG_ID}};
    IMAPITable *view;
    ULONG status = 99, type = 99;

    assert_hr_equal(S_OK, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                      TBLTYPE_KEYSET, TAG_ID, (SPropTagArray *)&columns, &table));
    view = get_view(table);
    assert_hr_equal(S_OK, IMAPITable_GetStatus(view, &status, &type));
    assert_int_equal(status, TBLSTAT_COMPLETE);
    assert_int_equal(type, TBLTYPE_KEYSET);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_GetStatus(view, NULL, &type));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_GetStatus(view, &status, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_Abort_WaitForCompletion(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    ULONG status = 99;

    /* Nothing ever runs in the background: there is nothing to stop or wait for. */
    assert_hr_equal(MAPI_E_UNABLE_TO_ABORT, IMAPITable_Abort(view));
    assert_hr_equal(S_OK, IMAPITable_WaitForCompletion(view, 0, 1000, &status));
    assert_int_equal(status, TBLSTAT_COMPLETE);
    assert_hr_equal(S_OK, IMAPITable_WaitForCompletion(view, 0, 0xffffffff, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_WaitForCompletion(view, 1, 0, &status));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_GetLastError(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    MAPIERROR *error = (MAPIERROR *)0xdeadbeef;

    assert_hr_equal(S_OK, IMAPITable_GetLastError(view, MAPI_E_NOT_FOUND, 0, &error));
    assert_null(error);
    assert_hr_equal(S_OK, IMAPITable_GetLastError(view, MAPI_E_NOT_FOUND, MAPI_UNICODE, &error));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_GetLastError(view, MAPI_E_NOT_FOUND, 1, &error));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_GetLastError(view, MAPI_E_NOT_FOUND, 0, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_HrQueryAllRows(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SizedSPropTagArray(2, columns) = {2, {TAG_ID, TAG_NUM}};
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_DESCEND}}};
    SPropValue value = {TAG_NUM};
    SRestriction res;
    SRowSet *rows = (SRowSet *)0xdeadbeef;
    char ids[64];

    value.Value.l = 30;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_LE;
    res.res.resProperty.ulPropTag = TAG_NUM;
    res.res.resProperty.lpProp = &value;
    assert_hr_equal(S_OK, HrQueryAllRows(view, (SPropTagArray *)&columns, &res, (SSortOrderSet *)&sort, 0, &rows));
    assert_string_equal(row_ids(rows, ids), "3,2,1");
    assert_int_equal(rows->aRow[0].cValues, 2);
    FreeProws(rows);

    /* From wherever the cursor was, with the table's own settings kept. */
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_END, 0, NULL));
    assert_hr_equal(S_OK, HrQueryAllRows(view, NULL, NULL, NULL, 3, &rows));
    assert_string_equal(row_ids(rows, ids), "3,2,1");
    FreeProws(rows);
    assert_hr_equal(MAPI_E_TABLE_TOO_BIG, HrQueryAllRows(view, NULL, NULL, NULL, 2, &rows));
    assert_null(rows);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrQueryAllRows(NULL, NULL, NULL, NULL, 0, &rows));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrQueryAllRows(view, NULL, NULL, NULL, 0, NULL));
    res.res.resProperty.lpProp = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrQueryAllRows(view, NULL, &res, NULL, 0, &rows));

    /* An empty table gives an empty row set. */
    assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRows(table, TAD_ALL_ROWS, NULL, NULL));
    assert_hr_equal(S_OK, HrQueryAllRows(view, NULL, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 0);
    FreeProws(rows);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static int filter_calls;

static void filter_columns(SPropTagArray *columns)
{
    ULONG i;

    filter_calls++;
    /* Ask for the names as Unicode. */
    for (i = 0; i < columns->cValues; i++)
        if (columns->aulPropTag[i] == TAG_NAME) columns->aulPropTag[i] = TAG_WNAME;
}

static void test_HrAddColumns(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SizedSPropTagArray(3, start) = {3, {TAG_ID, TAG_NAME, TAG_NUM}};
    SizedSPropTagArray(2, add) = {2, {TAG_NUM, TAG_CAT}};
    SPropTagArray *columns;
    SRowSet *rows;

    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&start, 0));
    assert_hr_equal(S_OK, HrAddColumns(view, (SPropTagArray *)&add, MAPIAllocateBuffer, MAPIFreeBuffer));
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(view, 0, &columns));
    assert_int_equal(columns->cValues, 4);
    assert_int_equal(columns->aulPropTag[0], TAG_NUM);
    assert_int_equal(columns->aulPropTag[1], TAG_CAT);
    assert_int_equal(columns->aulPropTag[2], TAG_ID);
    assert_int_equal(columns->aulPropTag[3], TAG_NAME);
    MAPIFreeBuffer(columns);

    filter_calls = 0;
    add.cValues = 1;
    add.aulPropTag[0] = TAG_ID;
    assert_hr_equal(S_OK, HrAddColumnsEx(view, (SPropTagArray *)&add, MAPIAllocateBuffer, MAPIFreeBuffer,
                                         filter_columns));
    assert_int_equal(filter_calls, 1);
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 1, 0, &rows));
    assert_int_equal(rows->aRow[0].cValues, 4);
    assert_int_equal(rows->aRow[0].lpProps[0].ulPropTag, TAG_ID);
    assert_int_equal(rows->aRow[0].lpProps[1].ulPropTag, TAG_NUM);
    assert_int_equal(rows->aRow[0].lpProps[3].ulPropTag, TAG_WNAME);
    assert_true(!wcscmp(rows->aRow[0].lpProps[3].Value.lpszW, L"one"));
    FreeProws(rows);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrAddColumns(NULL, (SPropTagArray *)&add, MAPIAllocateBuffer, MAPIFreeBuffer));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrAddColumns(view, NULL, MAPIAllocateBuffer, MAPIFreeBuffer));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrAddColumnsEx(view, (SPropTagArray *)&add, NULL, MAPIFreeBuffer, NULL));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

/* A view opened on changing data keeps its order and its cursor's row. */
static void test_view_follows_changes(void **state)
{
    ITableData *table = five_row_table();
    IMAPITable *view = get_view(table);
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_DESCEND}}};
    struct test_row moved = {1, "one", 45, NULL, NO_NUM}, added = {6, "six", 25, NULL, NO_NUM};
    char ids[64];

    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_string_equal(all_ids(view, ids), "5,4,3,2,1");
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 2, NULL));
    put_row(table, &moved);
    put_row(table, &added);
    delete_row(table, 5);
    /* The cursor was on row 3, which is still next. */
    assert_string_equal(query_ids(view, 10, ids), "3,6,2");
    assert_string_equal(all_ids(view, ids), "1,4,3,6,2");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_CreateTable),
        cmocka_unit_test(test_CreateTable_bad_input),
        cmocka_unit_test(test_HrModifyRow),
        cmocka_unit_test(test_HrModifyRows),
        cmocka_unit_test(test_HrDeleteRow),
        cmocka_unit_test(test_HrDeleteRows),
        cmocka_unit_test(test_HrQueryRow),
        cmocka_unit_test(test_HrEnumRow),
        cmocka_unit_test(test_HrInsertRow),
        cmocka_unit_test(test_HrNotify_bad_input),
        cmocka_unit_test(test_HrGetView),
        cmocka_unit_test(test_SetColumns),
        cmocka_unit_test(test_QueryColumns),
        cmocka_unit_test(test_GetRowCount),
        cmocka_unit_test(test_SeekRow),
        cmocka_unit_test(test_SeekRowApprox),
        cmocka_unit_test(test_QueryPosition),
        cmocka_unit_test(test_QueryRows),
        cmocka_unit_test(test_FindRow),
        cmocka_unit_test(test_bookmarks),
        cmocka_unit_test(test_GetStatus),
        cmocka_unit_test(test_Abort_WaitForCompletion),
        cmocka_unit_test(test_GetLastError),
        cmocka_unit_test(test_HrQueryAllRows),
        cmocka_unit_test(test_HrAddColumns),
        cmocka_unit_test(test_view_follows_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
