/*
 * IMAPITable::Advise and Unadvise, the notifications every view gets as the
 * table data changes, and a table used from several threads at once.
 */

#include "table_test.h"

static const struct test_row five_rows[] =
{
    {1, "one", 10, "a", NO_NUM},
    {2, "two", 20, "b", NO_NUM},
    {3, "three", 30, "a", NO_NUM},
    {4, "four", 40, "b", NO_NUM},
    {5, "five", 50, "c", NO_NUM},
};

/* A view sorted on TAG_NUM, reading TAG_ID, with a sink. */
static IMAPITable *advised_view(ITableData *table, struct test_sink *sink, ULONG_PTR *connection, ULONG order)
{
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, order}}};
    IMAPITable *view = NULL;

    assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, (SSortOrderSet *)&sort, NULL, 0, &view));
    set_id_columns(view);
    sink_init(sink);
    *connection = 0;
    assert_hr_equal(S_OK, IMAPITable_Advise(view, fnevTableModified, &sink->IMAPIAdviseSink_iface, connection));
    assert_true(*connection != 0);
    return view;
}

/* The instance key the view shows for a row. */
static void key_of(IMAPITable *view, LONG id, BYTE *key, ULONG *size)
{
    SizedSPropTagArray(2, columns) = {2, {TAG_ID, PR_INSTANCE_KEY}};
    SPropTagArray *old;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, IMAPITable_QueryColumns(view, 0, &old));
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 1000, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[0].ulPropTag == TAG_ID && rows->aRow[i].lpProps[0].Value.l == id) break;
    assert_true(i < rows->cRows);
    *size = rows->aRow[i].lpProps[1].Value.bin.cb;
    memcpy(key, rows->aRow[i].lpProps[1].Value.bin.lpb, *size);
    FreeProws(rows);
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, old, 0));
    MAPIFreeBuffer(old);
}

static void assert_key(IMAPITable *view, LONG id, const BYTE *key, ULONG size)
{
    BYTE expected[16];
    ULONG expected_size;

    key_of(view, id, expected, &expected_size);
    assert_int_equal(size, expected_size);
    assert_memory_equal(key, expected, size);
}

static void assert_event(IMAPITable *view, const struct recorded *event, ULONG type, LONG id, LONG prior_id)
{
    assert_int_equal(event->event, type);
    if (type == TABLE_ROW_ADDED || type == TABLE_ROW_MODIFIED) assert_int_equal(event->id, id);
    if (id >= 0 && type != TABLE_ROW_DELETED) assert_key(view, id, event->key, event->key_size);
    if (prior_id < 0) assert_int_equal(event->prior_tag, PR_NULL);
    else
    {
        assert_int_equal(event->prior_tag, PR_INSTANCE_KEY);
        assert_key(view, prior_id, event->prior, event->prior_size);
    }
}

static void test_Advise(void **state)
{
    ITableData *table = create_test_table();
    IMAPITable *view = get_view(table);
    struct test_sink sink;
    ULONG_PTR connection = 0, second = 0;

    sink_init(&sink);
    assert_hr_equal(S_OK, IMAPITable_Advise(view, fnevTableModified, &sink.IMAPIAdviseSink_iface, &connection));
    assert_int_equal(sink.ref, 2);
    assert_hr_equal(S_OK, IMAPITable_Advise(view, fnevTableModified, &sink.IMAPIAdviseSink_iface, &second));
    assert_true(second != connection);
    assert_int_equal(sink.ref, 3);
    put_row(table, &five_rows[0]);
    /* Once per registration. */
    assert_int_equal(sink.count, 2);

    assert_hr_equal(S_OK, IMAPITable_Unadvise(view, second));
    assert_int_equal(sink.ref, 2);
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPITable_Unadvise(view, second));
    put_row(table, &five_rows[1]);
    assert_int_equal(sink.count, 3);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Advise(view, fnevNewMail, &sink.IMAPIAdviseSink_iface, &second));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Advise(view, 0, &sink.IMAPIAdviseSink_iface, &second));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Advise(view, fnevTableModified, NULL, &second));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Advise(view, fnevTableModified, &sink.IMAPIAdviseSink_iface, NULL));
    assert_int_equal(sink.ref, 2);

    /* Releasing the view lets go of its sinks. */
    IMAPITable_Release(view);
    assert_int_equal(sink.ref, 1);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

static void test_notify_row_added(void **state)
{
    ITableData *table = create_test_table();
    struct test_row first = {6, "six", 5, NULL, NO_NUM}, middle = {7, "seven", 25, NULL, NO_NUM};
    struct test_sink sink;
    ULONG_PTR connection;
    IMAPITable *view;

    put_rows(table, five_rows, 5);
    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    put_row(table, &middle);
    assert_int_equal(sink.count, 1);
    /* In the view's order: after row 2 (20), in the view's columns. */
    assert_event(view, &sink.events[0], TABLE_ROW_ADDED, 7, 2);
    assert_int_equal(sink.events[0].columns, 1);
    put_row(table, &first);
    assert_int_equal(sink.count, 2);
    assert_event(view, &sink.events[1], TABLE_ROW_ADDED, 6, -1);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

static void test_notify_row_modified(void **state)
{
    ITableData *table = create_test_table();
    struct test_row changed = {3, "THREE", 30, NULL, NO_NUM};
    struct test_sink sink;
    ULONG_PTR connection;
    IMAPITable *view;
    char ids[64];

    put_rows(table, five_rows, 5);
    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    put_row(table, &changed);
    assert_int_equal(sink.count, 1);
    assert_event(view, &sink.events[0], TABLE_ROW_MODIFIED, 3, 2);
    /* Moved by its new key: the prior row is that of its new place. */
    changed.num = 45;
    put_row(table, &changed);
    assert_int_equal(sink.count, 2);
    assert_event(view, &sink.events[1], TABLE_ROW_MODIFIED, 3, 4);
    changed.num = 1;
    put_row(table, &changed);
    assert_event(view, &sink.events[2], TABLE_ROW_MODIFIED, 3, -1);
    assert_string_equal(all_ids(view, ids), "3,1,2,4,5");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

static void test_notify_row_deleted(void **state)
{
    ITableData *table = create_test_table();
    struct test_sink sink;
    ULONG_PTR connection;
    IMAPITable *view;
    BYTE key[16];
    ULONG size;

    put_rows(table, five_rows, 5);
    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    key_of(view, 4, key, &size);
    delete_row(table, 4);
    assert_int_equal(sink.count, 1);
    assert_int_equal(sink.events[0].event, TABLE_ROW_DELETED);
    assert_int_equal(sink.events[0].key_size, size);
    assert_memory_equal(sink.events[0].key, key, size);
    assert_int_equal(sink.events[0].prior_tag, PR_NULL);
    assert_int_equal(sink.events[0].columns, 0);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

/* A view hears of the rows its restriction lets through, no others. */
static void test_notify_restricted(void **state)
{
    ITableData *table = create_test_table();
    struct test_row row = {3, "three", 30, NULL, NO_NUM}, low = {6, "six", 5, NULL, NO_NUM};
    struct test_sink sink;
    ULONG_PTR connection;
    SPropValue value = {TAG_NUM};
    SRestriction res;
    IMAPITable *view;
    BYTE key[16];
    ULONG size;

    put_rows(table, five_rows, 5);
    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    value.Value.l = 25;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_GT;
    res.res.resProperty.ulPropTag = TAG_NUM;
    res.res.resProperty.lpProp = &value;
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, &res, 0));
    key_of(view, 3, key, &size);

    put_row(table, &low);
    delete_row(table, 1);
    assert_int_equal(sink.count, 0);
    /* Out of the restriction: deleted from the view. */
    row.num = 15;
    put_row(table, &row);
    assert_int_equal(sink.count, 1);
    assert_int_equal(sink.events[0].event, TABLE_ROW_DELETED);
    assert_memory_equal(sink.events[0].key, key, size);
    /* Back in: added. */
    row.num = 35;
    put_row(table, &row);
    assert_int_equal(sink.count, 2);
    assert_event(view, &sink.events[1], TABLE_ROW_ADDED, 3, -1);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

static void test_notify_every_view(void **state)
{
    ITableData *table = create_test_table();
    struct test_row added = {6, "six", 25, NULL, NO_NUM};
    struct test_sink up_sink, down_sink;
    ULONG_PTR up_connection, down_connection;
    IMAPITable *up, *down;

    put_rows(table, five_rows, 5);
    up = advised_view(table, &up_sink, &up_connection, TABLE_SORT_ASCEND);
    down = advised_view(table, &down_sink, &down_connection, TABLE_SORT_DESCEND);
    put_row(table, &added);
    assert_int_equal(up_sink.count, 1);
    assert_int_equal(down_sink.count, 1);
    /* Each in its own order. */
    assert_event(up, &up_sink.events[0], TABLE_ROW_ADDED, 6, 2);
    assert_event(down, &down_sink.events[0], TABLE_ROW_ADDED, 6, 3);
    IMAPITable_Release(up);
    IMAPITable_Release(down);
    table->lpVtbl->Release(table);
    sink_cleanup(&up_sink);
    sink_cleanup(&down_sink);
}

static void test_notify_many_rows(void **state)
{
    ITableData *table = create_test_table();
    SPropValue props[9][8];
    SizedSRowSet(9, rows);
    struct test_row data;
    struct test_sink sink;
    ULONG_PTR connection;
    IMAPITable *view;
    ULONG i, deleted;

    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    for (i = 0; i < 9; i++)
    {
        data.id = i + 1;
        data.name = "row";
        data.num = i;
        data.cat = NULL;
        data.num2 = NO_NUM;
        rows.aRow[i].cValues = build_row(&data, props[i]);
        rows.aRow[i].lpProps = props[i];
    }
    /* Eight rows are told one by one... */
    rows.cRows = 8;
    assert_hr_equal(S_OK, table->lpVtbl->HrModifyRows(table, 0, (SRowSet *)&rows));
    assert_int_equal(sink.count, 8);
    for (i = 0; i < 8; i++) assert_int_equal(sink.events[i].event, TABLE_ROW_ADDED);
    /* ... more as one change of the table. */
    rows.cRows = 9;
    assert_hr_equal(S_OK, table->lpVtbl->HrModifyRows(table, 0, (SRowSet *)&rows));
    assert_int_equal(sink.count, 9);
    assert_int_equal(sink.events[8].event, TABLE_CHANGED);
    assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRows(table, 0, (SRowSet *)&rows, &deleted));
    assert_int_equal(deleted, 9);
    assert_int_equal(sink.count, 10);
    assert_int_equal(sink.events[9].event, TABLE_CHANGED);
    assert_int_equal(row_count(view), 0);

    put_row(table, &data);
    assert_int_equal(sink.count, 11);
    assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRows(table, TAD_ALL_ROWS, NULL, NULL));
    assert_int_equal(sink.count, 12);
    assert_int_equal(sink.events[11].event, TABLE_RELOAD);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

static void test_notify_HrNotify(void **state)
{
    ITableData *table = create_test_table();
    struct test_sink sink;
    ULONG_PTR connection;
    SPropValue props[2], value = {TAG_NUM};
    SRestriction res;
    IMAPITable *view;

    put_rows(table, five_rows, 5);
    view = advised_view(table, &sink, &connection, TABLE_SORT_DESCEND);
    props[0].ulPropTag = TAG_NAME;
    props[0].Value.lpszA = (char *)"whatever";
    props[1].ulPropTag = TAG_ID;
    props[1].Value.l = 2;
    /* Sent though nothing changed. */
    assert_hr_equal(S_OK, table->lpVtbl->HrNotify(table, 0, 2, props));
    assert_int_equal(sink.count, 1);
    assert_event(view, &sink.events[0], TABLE_ROW_MODIFIED, 2, 3);
    /* Not for a row the view does not show. */
    value.Value.l = 25;
    res.rt = RES_PROPERTY;
    res.res.resProperty.relop = RELOP_GT;
    res.res.resProperty.ulPropTag = TAG_NUM;
    res.res.resProperty.lpProp = &value;
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, &res, 0));
    assert_hr_equal(S_OK, table->lpVtbl->HrNotify(table, 0, 2, props));
    assert_int_equal(sink.count, 1);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

static void test_notify_categories(void **state)
{
    ITableData *table = create_test_table();
    SizedSSortOrderSet(2, sort) = {2, 1, 1, {{TAG_CAT, TABLE_SORT_ASCEND}, {TAG_NUM, TABLE_SORT_ASCEND}}};
    struct test_row in_a = {6, "six", 35, "a", NO_NUM}, in_new = {7, "seven", 70, "ab", NO_NUM};
    SizedSPropTagArray(3, columns) = {3, {PR_INSTANCE_KEY, TAG_CAT, PR_ROW_TYPE}};
    struct test_sink sink;
    ULONG_PTR connection;
    IMAPITable *view;
    BYTE key[16];
    ULONG size, count;

    put_rows(table, five_rows, 5);
    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_int_equal(row_count(view), 8);

    /* A row in an existing category: the row, and the heading whose count changed. */
    put_row(table, &in_a);
    assert_int_equal(sink.count, 2);
    assert_int_equal(sink.events[0].event, TABLE_ROW_MODIFIED);
    assert_int_equal(sink.events[0].prior_tag, PR_NULL);
    assert_event(view, &sink.events[1], TABLE_ROW_ADDED, 6, 3);

    /* A row in a new category: its heading first, then the row after it. */
    put_row(table, &in_new);
    assert_int_equal(sink.count, 4);
    assert_int_equal(sink.events[2].event, TABLE_ROW_ADDED);
    assert_int_equal(sink.events[2].id, -1);
    assert_event(view, &sink.events[2], TABLE_ROW_ADDED, -1, 6);
    assert_int_equal(sink.events[3].event, TABLE_ROW_ADDED);
    assert_int_equal(sink.events[3].prior_size, sink.events[2].key_size);
    assert_memory_equal(sink.events[3].prior, sink.events[2].key, sink.events[2].key_size);

    /* The category's last row goes: row and heading deleted. */
    delete_row(table, 7);
    assert_int_equal(sink.count, 6);
    assert_int_equal(sink.events[4].event, TABLE_ROW_DELETED);
    assert_int_equal(sink.events[5].event, TABLE_ROW_DELETED);
    assert_memory_equal(sink.events[5].key, sink.events[2].key, sink.events[2].key_size);

    /* Expanding and collapsing tell nothing. */
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL));
    {
        SRowSet *rows;
        assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 1, 0, &rows));
        size = rows->aRow[0].lpProps[0].Value.bin.cb;
        memcpy(key, rows->aRow[0].lpProps[0].Value.bin.lpb, size);
        FreeProws(rows);
    }
    assert_hr_equal(S_OK, IMAPITable_CollapseRow(view, size, key, 0, &count));
    assert_int_equal(count, 3);
    assert_hr_equal(S_OK, IMAPITable_ExpandRow(view, size, key, 0, 0, NULL, &count));
    assert_int_equal(sink.count, 6);

    /* A row that changes in a collapsed category: its heading's count only. */
    assert_hr_equal(S_OK, IMAPITable_CollapseRow(view, size, key, 0, &count));
    delete_row(table, 6);
    assert_int_equal(sink.count, 7);
    assert_int_equal(sink.events[6].event, TABLE_ROW_MODIFIED);
    assert_memory_equal(sink.events[6].key, key, size);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

static void test_notify_operation_done(void **state)
{
    ITableData *table = create_test_table();
    SizedSSortOrderSet(1, sort) = {1, 0, 0, {{TAG_NUM, TABLE_SORT_DESCEND}}};
    SizedSPropTagArray(1, columns) = {1, {TAG_NAME}};
    struct test_sink sink;
    ULONG_PTR connection;
    IMAPITable *view;

    put_rows(table, five_rows, 5);
    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    /* Done before the call returns; told when asked for asynchronously. */
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    assert_int_equal(sink.count, 0);
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, TBL_ASYNC));
    assert_int_equal(sink.count, 1);
    assert_int_equal(sink.events[0].event, TABLE_SORT_DONE);
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, NULL, TBL_ASYNC));
    assert_int_equal(sink.count, 2);
    assert_int_equal(sink.events[1].event, TABLE_RESTRICT_DONE);
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, TBL_ASYNC));
    assert_int_equal(sink.count, 3);
    assert_int_equal(sink.events[2].event, TABLE_SETCOL_DONE);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

/* A sink that reads the table from inside its notification. */
struct reentrant_sink
{
    struct test_sink base;
    IMAPITable *view;
    ULONG rows_seen;
};

static HRESULT WINAPI reentrant_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION notifications)
{
    struct reentrant_sink *sink = CONTAINING_RECORD(iface, struct reentrant_sink, base.IMAPIAdviseSink_iface);

    assert_hr_equal(S_OK, IMAPITable_GetRowCount(sink->view, 0, &sink->rows_seen));
    return sink_OnNotify(iface, count, notifications);
}

static void test_notify_reentrant(void **state)
{
    static IMAPIAdviseSinkVtbl vtbl;
    ITableData *table = create_test_table();
    struct reentrant_sink sink;
    ULONG_PTR connection;

    vtbl = sink_vtbl;
    vtbl.OnNotify = reentrant_OnNotify;
    sink_init(&sink.base);
    sink.base.IMAPIAdviseSink_iface.lpVtbl = &vtbl;
    sink.view = get_view(table);
    assert_hr_equal(S_OK, IMAPITable_Advise(sink.view, fnevTableModified, &sink.base.IMAPIAdviseSink_iface, &connection));
    /* The table's lock is not held while sinks run: the view reads fine. */
    put_row(table, &five_rows[0]);
    assert_int_equal(sink.base.count, 1);
    assert_int_equal(sink.rows_seen, 1);
    IMAPITable_Release(sink.view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink.base);
}

/* Threads: two writers and a reader on one table, none crashing or losing a row. */
#define THREAD_ROWS 1000

struct writer
{
    ITableData *table;
    LONG first;
};

static DWORD WINAPI writer_thread(void *arg)
{
    struct writer *writer = arg;
    struct test_row data = {0, "row", 0, NULL, NO_NUM};
    SPropValue key;
    LONG i;

    for (i = 0; i < THREAD_ROWS; i++)
    {
        SPropValue props[8];
        SRow row = {0};

        data.id = writer->first + i;
        data.num = (data.id * 7919) % 1000;
        row.cValues = build_row(&data, props);
        row.lpProps = props;
        if (FAILED(writer->table->lpVtbl->HrModifyRow(writer->table, &row))) return 1;
        /* Every fourth row goes again. */
        if (i % 4 == 3)
        {
            key.ulPropTag = TAG_ID;
            key.Value.l = data.id;
            if (FAILED(writer->table->lpVtbl->HrDeleteRow(writer->table, &key))) return 2;
        }
    }
    return 0;
}

static void test_threads(void **state)
{
    ITableData *table = create_test_table();
    struct writer writers[2] = {{table, 1}, {table, 1 + THREAD_ROWS}};
    SizedSSortOrderSet(2, sort) = {2, 0, 0, {{TAG_NUM, TABLE_SORT_ASCEND}, {TAG_ID, TABLE_SORT_ASCEND}}};
    struct test_sink sink;
    ULONG_PTR connection;
    IMAPITable *view;
    HANDLE threads[2];
    SRowSet *rows;
    DWORD code;
    ULONG i, count, reads = 0;

    view = advised_view(table, &sink, &connection, TABLE_SORT_ASCEND);
    assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
    for (i = 0; i < 2; i++) threads[i] = CreateThread(NULL, 0, writer_thread, &writers[i], 0, NULL);
    /* Read while they write: every read is a consistent, sorted view. */
    while (WaitForMultipleObjects(2, threads, TRUE, 0) == WAIT_TIMEOUT)
    {
        LONG last_num = -1, last_id = 0;

        {
            SizedSPropTagArray(2, columns) = {2, {TAG_NUM, TAG_ID}};
            if (!reads) assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
        }
        if (reads % 2)
        {
            /* Sorted again: the first rows come from the table's index while it changes. */
            assert_hr_equal(S_OK, IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0));
            assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 10, 0, &rows));
            for (i = 0; i < rows->cRows; i++)
            {
                LONG num = rows->aRow[i].lpProps[0].Value.l, id = rows->aRow[i].lpProps[1].Value.l;
                assert_true(num > last_num || (num == last_num && id > last_id));
                last_num = num;
                last_id = id;
            }
            FreeProws(rows);
            last_num = -1;
            last_id = 0;
        }
        assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL));
        assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 0x7fffffff, 0, &rows));
        for (i = 0; i < rows->cRows && rows->aRow[i].cValues == 2; i++)
        {
            LONG num = rows->aRow[i].lpProps[0].Value.l, id = rows->aRow[i].lpProps[1].Value.l;
            assert_true(num > last_num || (num == last_num && id > last_id));
            last_num = num;
            last_id = id;
        }
        FreeProws(rows);
        reads++;
    }
    print_message("%lu reads while the writers ran\n", reads);
    for (i = 0; i < 2; i++)
    {
        assert_true(GetExitCodeThread(threads[i], &code));
        assert_int_equal(code, 0);
        CloseHandle(threads[i]);
    }
    count = row_count(view);
    assert_int_equal(count, 2 * THREAD_ROWS * 3 / 4);
    for (i = 1; i <= 2 * THREAD_ROWS; i++)
    {
        SPropValue key = {TAG_ID};
        SRow *row = NULL;

        key.Value.l = i;
        assert_hr_equal(i % 4 ? S_OK : MAPI_E_NOT_FOUND, table->lpVtbl->HrQueryRow(table, &key, &row, NULL));
        MAPIFreeBuffer(row);
    }
    /* Each change told once. */
    assert_int_equal(sink.total, 2 * THREAD_ROWS + 2 * THREAD_ROWS / 4);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    sink_cleanup(&sink);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_Advise),
        cmocka_unit_test(test_notify_row_added),
        cmocka_unit_test(test_notify_row_modified),
        cmocka_unit_test(test_notify_row_deleted),
        cmocka_unit_test(test_notify_restricted),
        cmocka_unit_test(test_notify_every_view),
        cmocka_unit_test(test_notify_many_rows),
        cmocka_unit_test(test_notify_HrNotify),
        cmocka_unit_test(test_notify_categories),
        cmocka_unit_test(test_notify_operation_done),
        cmocka_unit_test(test_notify_reentrant),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
