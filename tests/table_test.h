/*
 * Helpers shared by the table tests: a table of numbered rows, reading a
 * view's ids back, and an advise sink that records what it is told.
 */
#ifndef __TABLE_TEST_H
#define __TABLE_TEST_H

#include "mapi32_test.h"
#include <stdio.h>

#define TAG_ID     PROP_TAG(PT_LONG, 0x6601)      /* the index column */
#define TAG_NAME   PROP_TAG(PT_STRING8, 0x6602)
#define TAG_NUM    PROP_TAG(PT_LONG, 0x6603)
#define TAG_WNAME  PROP_TAG(PT_UNICODE, 0x6602)  /* TAG_NAME in UTF-16 */
#define TAG_MV     PROP_TAG(PT_MV_STRING8, 0x6605)
#define TAG_CAT    PROP_TAG(PT_STRING8, 0x6606)
#define TAG_BIN    PROP_TAG(PT_BINARY, 0x6607)
#define TAG_NUM2   PROP_TAG(PT_LONG, 0x6608)
#define TAG_MVL    PROP_TAG(PT_MV_LONG, 0x6609)
#define TAG_TIME   PROP_TAG(PT_SYSTIME, 0x660a)

/* One row of test data; NULL strings and a num of NO_NUM are left out of the row. */
#define NO_NUM ((LONG)0x80000000)
struct test_row
{
    LONG id;
    const char *name;
    LONG num;
    const char *cat;
    LONG num2;
};

static inline ITableData *create_test_table(void)
{
    SizedSPropTagArray(4, columns) = {4, {TAG_ID, TAG_NAME, TAG_NUM, TAG_CAT}};
    ITableData *table = NULL;

    assert_hr_equal(S_OK, CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                      TBLTYPE_DYNAMIC, TAG_ID, (SPropTagArray *)&columns, &table));
    assert_non_null(table);
    return table;
}

static inline ULONG build_row(const struct test_row *data, SPropValue *props)
{
    ULONG count = 0;

    props[count].ulPropTag = TAG_ID;
    props[count++].Value.l = data->id;
    if (data->name)
    {
        props[count].ulPropTag = TAG_NAME;
        props[count++].Value.lpszA = (char *)data->name;
    }
    if (data->num != NO_NUM)
    {
        props[count].ulPropTag = TAG_NUM;
        props[count++].Value.l = data->num;
    }
    if (data->cat)
    {
        props[count].ulPropTag = TAG_CAT;
        props[count++].Value.lpszA = (char *)data->cat;
    }
    if (data->num2 != NO_NUM)
    {
        props[count].ulPropTag = TAG_NUM2;
        props[count++].Value.l = data->num2;
    }
    return count;
}

static inline void put_row(ITableData *table, const struct test_row *data)
{
    SPropValue props[8];
    SRow row = {0};

    row.cValues = build_row(data, props);
    row.lpProps = props;
    assert_hr_equal(S_OK, table->lpVtbl->HrModifyRow(table, &row));
}

static inline void put_rows(ITableData *table, const struct test_row *data, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++) put_row(table, &data[i]);
}

static inline void delete_row(ITableData *table, LONG id)
{
    SPropValue key;

    key.ulPropTag = TAG_ID;
    key.Value.l = id;
    assert_hr_equal(S_OK, table->lpVtbl->HrDeleteRow(table, &key));
}

static inline IMAPITable *get_view(ITableData *table)
{
    IMAPITable *view = NULL;

    assert_hr_equal(S_OK, table->lpVtbl->HrGetView(table, NULL, NULL, 0, &view));
    assert_non_null(view);
    return view;
}

static inline const SPropValue *find_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

/* The ids of a row set as text, "1,2,3" ("-" for a row without an id), to compare in one assert. */
static inline const char *row_ids(const SRowSet *rows, char *buffer)
{
    const SPropValue *id;
    char *p = buffer;
    ULONG i;

    *p = 0;
    for (i = 0; i < rows->cRows; i++)
    {
        if (i) *p++ = ',';
        if ((id = find_prop(&rows->aRow[i], TAG_ID))) p += sprintf(p, "%ld", id->Value.l);
        else *p++ = '-', *p = 0;
    }
    return buffer;
}

/* Reads count rows from the cursor and gives their ids. */
static inline const char *query_ids(IMAPITable *view, LONG count, char *buffer)
{
    SRowSet *rows = NULL;

    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, count, 0, &rows));
    assert_non_null(rows);
    row_ids(rows, buffer);
    FreeProws(rows);
    return buffer;
}

/* Reads every row from the top, with the columns given first. */
static inline const char *all_ids(IMAPITable *view, char *buffer)
{
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 0, NULL));
    return query_ids(view, 0x7fffffff, buffer);
}

static inline void set_id_columns(IMAPITable *view)
{
    SizedSPropTagArray(1, columns) = {1, {TAG_ID}};
    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
}

static inline ULONG row_count(IMAPITable *view)
{
    ULONG count = ~0u;

    assert_hr_equal(S_OK, IMAPITable_GetRowCount(view, 0, &count));
    return count;
}

/* An advise sink that writes down each table notification. */
struct recorded
{
    ULONG event;
    LONG id;                /* from the row's TAG_ID column, or -1 */
    BYTE key[16], prior[16];
    ULONG key_size, prior_size;
    ULONG prior_tag;
    ULONG columns;
};

struct test_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    CRITICAL_SECTION cs;
    struct recorded events[256];
    ULONG count;            /* recorded */
    ULONG total;            /* received */
};

static inline struct test_sink *impl_from_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct test_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID riid, void **obj)
{
    *obj = iface;
    iface->lpVtbl->AddRef(iface);
    return S_OK;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_sink(iface)->ref);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_sink(iface)->ref);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION notifications)
{
    struct test_sink *sink = impl_from_sink(iface);
    ULONG i;

    EnterCriticalSection(&sink->cs);
    sink->total += count;
    for (i = 0; i < count && sink->count < ARRAY_SIZE(sink->events); i++)
    {
        TABLE_NOTIFICATION *tab = &notifications[i].info.tab;
        struct recorded *event = &sink->events[sink->count++];
        const SPropValue *id;

        assert_int_equal(notifications[i].ulEventType, fnevTableModified);
        memset(event, 0, sizeof(*event));
        event->event = tab->ulTableEvent;
        event->id = (id = find_prop(&tab->row, TAG_ID)) ? id->Value.l : -1;
        event->columns = tab->row.cValues;
        if (tab->propIndex.ulPropTag == PR_INSTANCE_KEY && tab->propIndex.Value.bin.cb <= sizeof(event->key))
        {
            event->key_size = tab->propIndex.Value.bin.cb;
            memcpy(event->key, tab->propIndex.Value.bin.lpb, event->key_size);
        }
        event->prior_tag = tab->propPrior.ulPropTag;
        if (tab->propPrior.ulPropTag == PR_INSTANCE_KEY && tab->propPrior.Value.bin.cb <= sizeof(event->prior))
        {
            event->prior_size = tab->propPrior.Value.bin.cb;
            memcpy(event->prior, tab->propPrior.Value.bin.lpb, event->prior_size);
        }
    }
    LeaveCriticalSection(&sink->cs);
    return 0;
}

static IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

static inline void sink_init(struct test_sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->ref = 1;
    InitializeCriticalSection(&sink->cs);
}

static inline void sink_cleanup(struct test_sink *sink)
{
    DeleteCriticalSection(&sink->cs);
}

#endif /* __TABLE_TEST_H */
