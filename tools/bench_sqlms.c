/*
 * Benchmark (not a test) of the sample store, sqlms32.dll: save and submit
 * 10,000 messages (a subject, a 4 KiB body, two recipients, one 16 KiB
 * attachment), then open the Outbox's contents table sorted by delivery
 * time over them. In the same run, the same bytes go into SQLite by hand,
 * one transaction per message, with the store's settings (WAL,
 * synchronous=NORMAL). Prints both rates and their ratio (target >= 0.5).
 *
 * Usage: bench_sqlms.exe [messages]
 * Run beside sqlms32.dll and our mapi32.dll (WINEDLLOVERRIDES=mapi32=n).
 */

#define COBJMACROS
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapitable.h"
#include "fake_store_support.h"
#include <sqlite3.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define BODY_SIZE 4096
#define ATTACH_SIZE 16384

static LARGE_INTEGER frequency;

static double now(void)
{
    LARGE_INTEGER counter;

    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart / frequency.QuadPart;
}

static void check(HRESULT hr, const char *what)
{
    if (FAILED(hr))
    {
        fprintf(stderr, "%s failed: %#lx\n", what, hr);
        exit(2);
    }
}

static void bench_path(WCHAR *path, const WCHAR *name)
{
    WCHAR temp[MAX_PATH], companion[MAX_PATH];

    GetTempPathW(MAX_PATH, temp);
    _snwprintf(path, MAX_PATH, L"%ssqlms-bench", temp);
    CreateDirectoryW(path, NULL);
    _snwprintf(path, MAX_PATH, L"%ssqlms-bench\\%s", temp, name);
    DeleteFileW(path);
    _snwprintf(companion, MAX_PATH, L"%s-wal", path);
    DeleteFileW(companion);
    _snwprintf(companion, MAX_PATH, L"%s-shm", path);
    DeleteFileW(companion);
}

static char body[BODY_SIZE + 1];
static BYTE attachment[ATTACH_SIZE];

static void add_recipients(IMessage *msg)
{
    SPropValue props[2][4];
    struct { ULONG cEntries; ADRENTRY aEntries[2]; } list;
    static const WCHAR *names[2] = { L"First Recipient", L"Second Recipient" };
    static const WCHAR *addresses[2] = { L"first@example.org", L"second@example.org" };
    ULONG i;

    list.cEntries = 2;
    for (i = 0; i < 2; i++)
    {
        props[i][0].ulPropTag = PR_DISPLAY_NAME_W;
        props[i][0].Value.lpszW = (WCHAR *)names[i];
        props[i][1].ulPropTag = PR_EMAIL_ADDRESS_W;
        props[i][1].Value.lpszW = (WCHAR *)addresses[i];
        props[i][2].ulPropTag = PR_ADDRTYPE_W;
        props[i][2].Value.lpszW = (WCHAR *)L"SMTP";
        props[i][3].ulPropTag = PR_RECIPIENT_TYPE;
        props[i][3].Value.l = MAPI_TO;
        list.aEntries[i].ulReserved1 = 0;
        list.aEntries[i].cValues = 4;
        list.aEntries[i].rgPropVals = props[i];
    }
    check(IMessage_ModifyRecipients(msg, MODRECIP_ADD, (ADRLIST *)&list), "ModifyRecipients");
}

static double bench_store(ULONG count, double *table_seconds)
{
    struct fake_support *support;
    MSPROVIDERINIT *init;
    IMSProvider *provider;
    IMSLogon *logon;
    IMsgStore *store;
    IMAPIFolder *outbox;
    IMAPITable *table;
    SPropValue *outbox_eid;
    WCHAR path[MAX_PATH];
    HMODULE module;
    ULONG version, type, i, zero = 0, rows;
    double start, seconds;

    bench_path(path, L"bench.sqlms");
    if (!(module = LoadLibraryA("sqlms32.dll")) || !(init = (void *)GetProcAddress(module, "MSProviderInit")))
    {
        fprintf(stderr, "cannot load sqlms32.dll\n");
        exit(2);
    }
    support = fake_support_create(path);
    check(init(module, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version,
               &provider), "MSProviderInit");
    check(IMSProvider_Logon(provider, &support->IMAPISupport_iface, 0, (LPSTR)L"bench", 0, NULL,
                            MDB_WRITE | MAPI_UNICODE, NULL, NULL, NULL, NULL, &logon, &store), "Logon");
    support->store = store;
    check(HrGetOneProp((IMAPIProp *)store, PR_IPM_OUTBOX_ENTRYID, &outbox_eid), "outbox");
    check(IMsgStore_OpenEntry(store, outbox_eid->Value.bin.cb, (ENTRYID *)outbox_eid->Value.bin.lpb, NULL,
                              MAPI_MODIFY, &type, (IUnknown **)&outbox), "OpenEntry");
    MAPIFreeBuffer(outbox_eid);

    start = now();
    for (i = 0; i < count; i++)
    {
        SPropValue props[3];
        IMessage *msg;
        IAttach *attach;
        WCHAR subject[64];
        ULONG num;

        check(IMAPIFolder_CreateMessage(outbox, NULL, 0, &msg), "CreateMessage");
        _snwprintf(subject, ARRAY_SIZE(subject), L"Benchmark message %lu", i);
        props[0].ulPropTag = PR_SUBJECT_W;
        props[0].Value.lpszW = subject;
        props[1].ulPropTag = PR_BODY_A;
        props[1].Value.lpszA = body;
        props[2].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
        props[2].Value.ft.dwHighDateTime = 30000000;
        props[2].Value.ft.dwLowDateTime = (i * 7919) % count;
        check(IMessage_SetProps(msg, 3, props, NULL), "SetProps");
        add_recipients(msg);
        check(IMessage_CreateAttach(msg, NULL, 0, &num, &attach), "CreateAttach");
        props[0].ulPropTag = PR_ATTACH_METHOD;
        props[0].Value.l = ATTACH_BY_VALUE;
        props[1].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
        props[1].Value.lpszW = (WCHAR *)L"attachment.bin";
        props[2].ulPropTag = PR_ATTACH_DATA_BIN;
        props[2].Value.bin.cb = ATTACH_SIZE;
        props[2].Value.bin.lpb = attachment;
        check(IAttach_SetProps(attach, 3, props, NULL), "attachment SetProps");
        check(IAttach_SaveChanges(attach, 0), "attachment SaveChanges");
        IAttach_Release(attach);
        /* Saved and queued in one transaction */
        check(IMessage_SubmitMessage(msg, 0), "SubmitMessage");
        IMessage_Release(msg);
    }
    seconds = now() - start;

    {
        SizedSSortOrderSet(1, sort) = { 1, 0, 0, { { PR_MESSAGE_DELIVERY_TIME, TABLE_SORT_ASCEND } } };
        SRowSet *rowset = NULL;

        start = now();
        check(IMAPIFolder_GetContentsTable(outbox, MAPI_UNICODE, &table), "GetContentsTable");
        check(IMAPITable_SortTable(table, (SSortOrderSet *)&sort, 0), "SortTable");
        check(IMAPITable_GetRowCount(table, 0, &rows), "GetRowCount");
        check(IMAPITable_QueryRows(table, 50, 0, &rowset), "QueryRows");
        *table_seconds = now() - start;
        if (rows != count) fprintf(stderr, "the table has %lu rows, not %lu\n", rows, count);
        FreeProws(rowset);
        IMAPITable_Release(table);
    }

    IMAPIFolder_Release(outbox);
    IMsgStore_Release(store);
    IMSLogon_Logoff(logon, &zero);
    IMSLogon_Release(logon);
    IMSProvider_Shutdown(provider, &zero);
    IMSProvider_Release(provider);
    IMAPISupport_Release(&support->IMAPISupport_iface);
    return count / seconds;
}

static void sql(sqlite3 *db, const char *text)
{
    char *error = NULL;

    if (sqlite3_exec(db, text, NULL, NULL, &error) != SQLITE_OK)
    {
        fprintf(stderr, "%s: %s\n", text, error);
        exit(2);
    }
}

static void step(sqlite3_stmt *stmt)
{
    if (sqlite3_step(stmt) != SQLITE_DONE)
    {
        fprintf(stderr, "insert failed\n");
        exit(2);
    }
    sqlite3_reset(stmt);
}

/* The same bytes as plain rows, one transaction per message. */
static double bench_raw(ULONG count)
{
    sqlite3_stmt *message, *recipient, *attach, *queue, *begin, *commit;
    WCHAR path[MAX_PATH];
    char utf8[MAX_PATH];
    sqlite3 *db;
    double start, seconds;
    ULONG i, r;

    bench_path(path, L"raw.sqlite");
    WideCharToMultiByte(CP_UTF8, 0, path, -1, utf8, sizeof(utf8), NULL, NULL);
    if (sqlite3_open(utf8, &db) != SQLITE_OK) exit(2);
    sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
            "CREATE TABLE messages(id INTEGER PRIMARY KEY, subject TEXT, body BLOB, delivery_time INTEGER);"
            "CREATE TABLE recipients(message INTEGER, name TEXT, address TEXT, type INTEGER);"
            "CREATE TABLE attachments(message INTEGER, filename TEXT, data BLOB);"
            "CREATE TABLE outgoing(message INTEGER PRIMARY KEY, time INTEGER);");
    sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL);
    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO messages(subject, body, delivery_time) VALUES(?1, ?2, ?3)", -1, &message, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO recipients VALUES(?1, ?2, ?3, 1)", -1, &recipient, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO attachments VALUES(?1, ?2, ?3)", -1, &attach, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO outgoing VALUES(?1, ?2)", -1, &queue, NULL);

    start = now();
    for (i = 0; i < count; i++)
    {
        WCHAR subject[64];
        sqlite3_int64 id;

        _snwprintf(subject, ARRAY_SIZE(subject), L"Benchmark message %lu", i);
        step(begin);
        sqlite3_bind_text16(message, 1, subject, -1, SQLITE_STATIC);
        sqlite3_bind_blob(message, 2, body, BODY_SIZE, SQLITE_STATIC);
        sqlite3_bind_int64(message, 3, (i * 7919) % count);
        step(message);
        id = sqlite3_last_insert_rowid(db);
        for (r = 0; r < 2; r++)
        {
            sqlite3_bind_int64(recipient, 1, id);
            sqlite3_bind_text16(recipient, 2, r ? L"Second Recipient" : L"First Recipient", -1, SQLITE_STATIC);
            sqlite3_bind_text16(recipient, 3, r ? L"second@example.org" : L"first@example.org", -1, SQLITE_STATIC);
            step(recipient);
        }
        sqlite3_bind_int64(attach, 1, id);
        sqlite3_bind_text16(attach, 2, L"attachment.bin", -1, SQLITE_STATIC);
        sqlite3_bind_blob(attach, 3, attachment, ATTACH_SIZE, SQLITE_STATIC);
        step(attach);
        sqlite3_bind_int64(queue, 1, id);
        sqlite3_bind_int64(queue, 2, i);
        step(queue);
        step(commit);
    }
    seconds = now() - start;
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_finalize(message);
    sqlite3_finalize(recipient);
    sqlite3_finalize(attach);
    sqlite3_finalize(queue);
    sqlite3_close(db);
    return count / seconds;
}

int main(int argc, char **argv)
{
    ULONG count = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000, i;
    double store_rate, raw_rate, table_seconds = 0, ratio;

    QueryPerformanceFrequency(&frequency);
    memset(body, 'b', BODY_SIZE);
    for (i = 0; i < ATTACH_SIZE; i++) attachment[i] = i * 31;

    raw_rate = bench_raw(count);
    store_rate = bench_store(count, &table_seconds);
    ratio = store_rate / raw_rate;
    printf("save and submit, %lu messages (4 KiB body, 2 recipients, 16 KiB attachment):\n", count);
    printf("  sqlms32:    %8.0f messages/s\n", store_rate);
    printf("  raw SQLite: %8.0f messages/s\n", raw_rate);
    printf("  ratio:      %8.2f (target >= 0.50)%s\n", ratio, ratio >= 0.5 ? "" : "  BELOW TARGET");
    printf("contents table of %lu messages, sorted by delivery time: %.3f s to open, sort and read\n", count,
           table_seconds);
    return 0;
}
