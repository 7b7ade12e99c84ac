/*
 * Benchmark (not a test): the table engine against SQLite, in one process,
 * on one query over the same data. 1,000, 10,000 and 100,000 rows of eight
 * columns; the query keeps the rows whose subject contains "budget" in any
 * case and whose size is over 50,000 (a content and a property restriction
 * under RES_AND), sorted on priority then time, newest first; it reads the
 * first 50 rows, then, from scratch, all of them. SQLite runs
 *     SELECT ... WHERE subject LIKE '%budget%' AND size > 50000
 *     ORDER BY priority, time DESC
 * on an in-memory database with indexes on (priority, time DESC) and on size,
 * after ANALYZE, and steps through the rows reading every column. Both sides
 * start from nothing each run: a new view with its columns, restriction and
 * sort order; a new statement. The results are compared before timing.
 *
 * Like SQLite's index, the table data keeps its rows sorted for an order a
 * view asked for before (and keeps that up to date as rows change): that is
 * made by the first view with the order, timed and printed apart.
 *
 * Usage: bench_table.exe [runs]   (median of runs, 5 by default)
 * Run with mapi32.dll from this tree beside it, as a native override.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapitable.h"
#include "mapiutil.h"
#include "mapix.h"

#include <sqlite3.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define TAG_ID       PROP_TAG(PT_LONG, 0x6700)
#define TAG_SUBJECT  PROP_TAG(PT_STRING8, 0x6701)
#define TAG_SENDER   PROP_TAG(PT_STRING8, 0x6702)
#define TAG_SIZE     PROP_TAG(PT_LONG, 0x6703)
#define TAG_PRIORITY PROP_TAG(PT_LONG, 0x6704)
#define TAG_TIME     PROP_TAG(PT_SYSTIME, 0x6705)
#define TAG_FLAGS    PROP_TAG(PT_LONG, 0x6706)
#define TAG_CATEGORY PROP_TAG(PT_STRING8, 0x6707)
#define COLUMNS 8
#define FIRST_ROWS 50

static const char *words[] =
{
    "budget", "meeting", "lunch", "BUDGET", "report", "holiday", "Budget", "review",
    "release", "party", "invoice", "budgets", "travel", "status", "bUdGeT", "notes",
};

static const char *categories[] = {"work", "home", "travel", "finance", "misc", "urgent", "later", "archive"};

struct message
{
    LONG id;
    char subject[64];
    char sender[32];
    LONG size;
    LONG priority;
    ULONGLONG time;
    LONG flags;
    const char *category;
};

static ULONG random_state;

static ULONG next_random(void)
{
    random_state = random_state * 1103515245 + 12345;
    return random_state >> 8;
}

static struct message *make_messages(ULONG count)
{
    struct message *messages = malloc(count * sizeof(*messages));
    ULONG i;

    random_state = 42;
    for (i = 0; i < count; i++)
    {
        struct message *m = &messages[i];

        m->id = i + 1;
        sprintf(m->subject, "Message %lu about the %s of %lu", i, words[next_random() % 16], next_random() % 1000);
        sprintf(m->sender, "sender%03lu@example.com", next_random() % 500);
        m->size = next_random() % 100000;
        m->priority = next_random() % 3;
        /* Distinct times: equal sort keys would let the engines order ties differently. */
        m->time = 130000000000000000ull + (ULONGLONG)(next_random() % 1000000) * 1000000 + i;
        m->flags = next_random() % 4;
        m->category = categories[next_random() % 8];
    }
    return messages;
}

static double now(void)
{
    static LARGE_INTEGER frequency;
    LARGE_INTEGER counter;

    if (!frequency.QuadPart) QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart / frequency.QuadPart;
}

static void check(HRESULT hr, const char *what)
{
    if (FAILED(hr))
    {
        fprintf(stderr, "%s failed: %#lx\n", what, hr);
        exit(1);
    }
}

/* The table engine */

static ITableData *load_table(const struct message *messages, ULONG count)
{
    SizedSPropTagArray(COLUMNS, columns) = {COLUMNS, {TAG_ID, TAG_SUBJECT, TAG_SENDER, TAG_SIZE, TAG_PRIORITY,
                                                      TAG_TIME, TAG_FLAGS, TAG_CATEGORY}};
    SPropValue *props = malloc(1000 * COLUMNS * sizeof(*props));
    SRowSet *rows = malloc(CbNewSRowSet(1000));
    ITableData *table;
    ULONG i, j;

    check(CreateTable(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, TBLTYPE_DYNAMIC, TAG_ID,
                      (SPropTagArray *)&columns, &table), "CreateTable");
    for (i = 0; i < count; i += 1000)
    {
        rows->cRows = min(1000, count - i);
        for (j = 0; j < rows->cRows; j++)
        {
            const struct message *m = &messages[i + j];
            SPropValue *p = props + j * COLUMNS;

            p[0].ulPropTag = TAG_ID;       p[0].Value.l = m->id;
            p[1].ulPropTag = TAG_SUBJECT;  p[1].Value.lpszA = (char *)m->subject;
            p[2].ulPropTag = TAG_SENDER;   p[2].Value.lpszA = (char *)m->sender;
            p[3].ulPropTag = TAG_SIZE;     p[3].Value.l = m->size;
            p[4].ulPropTag = TAG_PRIORITY; p[4].Value.l = m->priority;
            p[5].ulPropTag = TAG_TIME;
            p[5].Value.ft.dwLowDateTime = (DWORD)m->time;
            p[5].Value.ft.dwHighDateTime = (DWORD)(m->time >> 32);
            p[6].ulPropTag = TAG_FLAGS;    p[6].Value.l = m->flags;
            p[7].ulPropTag = TAG_CATEGORY; p[7].Value.lpszA = (char *)m->category;
            rows->aRow[j].ulAdrEntryPad = 0;
            rows->aRow[j].cValues = COLUMNS;
            rows->aRow[j].lpProps = p;
        }
        check(table->lpVtbl->HrModifyRows(table, 0, rows), "HrModifyRows");
    }
    free(props);
    free(rows);
    return table;
}

/* Opens a view and runs the query, reading up to max_rows; the ids read go to ids. */
static ULONG mapi_query(ITableData *table, LONG max_rows, LONG *ids)
{
    SizedSPropTagArray(COLUMNS, columns) = {COLUMNS, {TAG_ID, TAG_SUBJECT, TAG_SENDER, TAG_SIZE, TAG_PRIORITY,
                                                      TAG_TIME, TAG_FLAGS, TAG_CATEGORY}};
    SizedSSortOrderSet(2, sort) = {2, 0, 0, {{TAG_PRIORITY, TABLE_SORT_ASCEND}, {TAG_TIME, TABLE_SORT_DESCEND}}};
    SPropValue word = {PROP_TAG(PT_STRING8, 0)}, size = {TAG_SIZE};
    SRestriction parts[2], res;
    IMAPITable *view;
    SRowSet *rows;
    ULONG i, count;

    word.Value.lpszA = (char *)"budget";
    size.Value.l = 50000;
    parts[0].rt = RES_CONTENT;
    parts[0].res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
    parts[0].res.resContent.ulPropTag = TAG_SUBJECT;
    parts[0].res.resContent.lpProp = &word;
    word.ulPropTag = TAG_SUBJECT;
    parts[1].rt = RES_PROPERTY;
    parts[1].res.resProperty.relop = RELOP_GT;
    parts[1].res.resProperty.ulPropTag = TAG_SIZE;
    parts[1].res.resProperty.lpProp = &size;
    res.rt = RES_AND;
    res.res.resAnd.cRes = 2;
    res.res.resAnd.lpRes = parts;

    check(table->lpVtbl->HrGetView(table, NULL, NULL, 0, &view), "HrGetView");
    check(IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0), "SetColumns");
    check(IMAPITable_Restrict(view, &res, 0), "Restrict");
    check(IMAPITable_SortTable(view, (SSortOrderSet *)&sort, 0), "SortTable");
    check(IMAPITable_QueryRows(view, max_rows, 0, &rows), "QueryRows");
    count = rows->cRows;
    for (i = 0; i < count; i++)
    {
        if (rows->aRow[i].cValues != COLUMNS || rows->aRow[i].lpProps[0].ulPropTag != TAG_ID)
        {
            fprintf(stderr, "row %lu is not as asked\n", i);
            exit(1);
        }
        if (ids) ids[i] = rows->aRow[i].lpProps[0].Value.l;
    }
    FreeProws(rows);
    IMAPITable_Release(view);
    return count;
}

/* SQLite */

static void sql_check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
        fprintf(stderr, "%s failed: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static sqlite3 *load_database(const struct message *messages, ULONG count)
{
    sqlite3_stmt *insert;
    sqlite3 *db;
    ULONG i;

    sql_check(sqlite3_open(":memory:", &db), db, "open");
    sql_check(sqlite3_exec(db, "CREATE TABLE messages (id INTEGER PRIMARY KEY, subject TEXT, sender TEXT, "
                               "size INTEGER, priority INTEGER, time INTEGER, flags INTEGER, category TEXT)",
                           NULL, NULL, NULL), db, "create");
    sql_check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
    sql_check(sqlite3_prepare_v2(db, "INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, NULL),
              db, "prepare insert");
    for (i = 0; i < count; i++)
    {
        const struct message *m = &messages[i];

        sqlite3_bind_int(insert, 1, m->id);
        sqlite3_bind_text(insert, 2, m->subject, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, m->sender, -1, SQLITE_STATIC);
        sqlite3_bind_int(insert, 4, m->size);
        sqlite3_bind_int(insert, 5, m->priority);
        sqlite3_bind_int64(insert, 6, (sqlite3_int64)m->time);
        sqlite3_bind_int(insert, 7, m->flags);
        sqlite3_bind_text(insert, 8, m->category, -1, SQLITE_STATIC);
        sql_check(sqlite3_step(insert), db, "insert");
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    sql_check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    sql_check(sqlite3_exec(db, "CREATE INDEX by_order ON messages (priority, time DESC)", NULL, NULL, NULL),
              db, "index");
    sql_check(sqlite3_exec(db, "CREATE INDEX by_size ON messages (size)", NULL, NULL, NULL), db, "index");
    sql_check(sqlite3_exec(db, "ANALYZE", NULL, NULL, NULL), db, "analyze");
    return db;
}

static const char query[] =
    "SELECT id, subject, sender, size, priority, time, flags, category FROM messages "
    "WHERE subject LIKE '%budget%' AND size > 50000 ORDER BY priority, time DESC";

static ULONG sql_query(sqlite3 *db, LONG max_rows, LONG *ids)
{
    sqlite3_stmt *select;
    ULONG count = 0;
    volatile LONG sink = 0;
    int column;

    sql_check(sqlite3_prepare_v2(db, query, -1, &select, NULL), db, "prepare select");
    while ((LONG)count < max_rows && sqlite3_step(select) == SQLITE_ROW)
    {
        /* Read every column, as a caller of QueryRows gets them. */
        for (column = 0; column < COLUMNS; column++)
        {
            if (sqlite3_column_type(select, column) == SQLITE_TEXT)
                sink += sqlite3_column_bytes(select, column) + *sqlite3_column_text(select, column);
            else
                sink += (LONG)sqlite3_column_int64(select, column);
        }
        if (ids) ids[count] = sqlite3_column_int(select, 0);
        count++;
    }
    sqlite3_finalize(select);
    return count;
}

static void print_plan(sqlite3 *db)
{
    char explain[sizeof(query) + 32];
    sqlite3_stmt *plan;

    sprintf(explain, "EXPLAIN QUERY PLAN %s", query);
    sql_check(sqlite3_prepare_v2(db, explain, -1, &plan, NULL), db, "explain");
    printf("SQLite plan:");
    while (sqlite3_step(plan) == SQLITE_ROW) printf(" [%s]", (const char *)sqlite3_column_text(plan, 3));
    printf("\n");
    sqlite3_finalize(plan);
}

static int __cdecl compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *times, int runs)
{
    qsort(times, runs, sizeof(*times), compare_doubles);
    return times[runs / 2];
}

int main(int argc, char **argv)
{
    static const ULONG sizes[] = {1000, 10000, 100000};
    int runs = argc > 1 ? atoi(argv[1]) : 5, run;
    double mapi_first[64], mapi_all[64], sql_first[64], sql_all[64], start;
    double total_mapi = 0, total_sql = 0;
    ULONG s;

    if (runs < 1 || runs > 64) runs = 5;
    check(MAPIInitialize(NULL), "MAPIInitialize");
    printf("table engine vs SQLite %s: restrict (content AND property), sort on two keys,\n"
           "read the first %u rows, then all rows; median of %d runs, milliseconds\n",
           sqlite3_libversion(), FIRST_ROWS, runs);
    printf("%8s %8s | %10s %10s %7s | %10s %10s %7s | %7s\n", "rows", "matches", "ours 50", "SQLite 50", "ratio",
           "ours all", "SQLite all", "ratio", "ratio");

    for (s = 0; s < ARRAY_SIZE(sizes); s++)
    {
        ULONG count = sizes[s], matches, i;
        struct message *messages = make_messages(count);
        LONG *ids_mapi = malloc(count * sizeof(LONG)), *ids_sql = malloc(count * sizeof(LONG));
        double load_mapi, load_sql, first_view, ours, theirs;
        ITableData *table;
        sqlite3 *db;

        start = now();
        table = load_table(messages, count);
        load_mapi = now() - start;
        start = now();
        db = load_database(messages, count);
        load_sql = now() - start;
        if (s == ARRAY_SIZE(sizes) - 1) print_plan(db);

        /* The first view with this order has the table sort its rows for it. */
        start = now();
        mapi_query(table, FIRST_ROWS, NULL);
        first_view = now() - start;

        /* Same rows, same order, before anything is timed. */
        matches = mapi_query(table, 0x7fffffff, ids_mapi);
        if (sql_query(db, 0x7fffffff, ids_sql) != matches || memcmp(ids_mapi, ids_sql, matches * sizeof(LONG)))
        {
            fprintf(stderr, "%lu rows: the engines disagree (%lu rows from ours)\n", count, matches);
            for (i = 0; i < min(matches, 10); i++) fprintf(stderr, "  %ld %ld\n", ids_mapi[i], ids_sql[i]);
            return 1;
        }

        for (run = 0; run < runs; run++)
        {
            start = now();
            mapi_query(table, FIRST_ROWS, NULL);
            mapi_first[run] = now() - start;
            start = now();
            sql_query(db, FIRST_ROWS, NULL);
            sql_first[run] = now() - start;
            start = now();
            mapi_query(table, 0x7fffffff, NULL);
            mapi_all[run] = now() - start;
            start = now();
            sql_query(db, 0x7fffffff, NULL);
            sql_all[run] = now() - start;
        }
        ours = median(mapi_first, runs) + median(mapi_all, runs);
        theirs = median(sql_first, runs) + median(sql_all, runs);
        printf("%8lu %8lu | %10.3f %10.3f %7.2f | %10.3f %10.3f %7.2f | %7.2f\n", count, matches,
               median(mapi_first, runs) * 1000, median(sql_first, runs) * 1000,
               median(mapi_first, runs) / median(sql_first, runs),
               median(mapi_all, runs) * 1000, median(sql_all, runs) * 1000,
               median(mapi_all, runs) / median(sql_all, runs), ours / theirs);
        printf("%8s not timed above: loading the data, ours %.1f ms, SQLite %.1f ms with its indexes;\n"
               "%8s the first %u rows of the first view with that order (the table sorts its rows for it) %.3f ms\n",
               "", load_mapi * 1000, load_sql * 1000, "", FIRST_ROWS, first_view * 1000);
        if (s == ARRAY_SIZE(sizes) - 1)
        {
            total_mapi = ours;
            total_sql = theirs;
        }

        table->lpVtbl->Release(table);
        sqlite3_close(db);
        free(ids_mapi);
        free(ids_sql);
        free(messages);
    }
    printf("ratio at %lu rows, first %u and all rows together (ours / SQLite): %.2f (target <= 3.00)\n",
           sizes[ARRAY_SIZE(sizes) - 1], FIRST_ROWS, total_mapi / total_sql);
    MAPIUninitialize();
    return 0;
}
