/*
 * The sample store shared by processes: a second process's changes reach
 * this one's tables and advise sinks; a process killed while it writes
 * (TerminateProcess, Windows' kill -9) leaves a store that opens, passes
 * SQLite's integrity check and holds every message it saved, each queued
 * message once.
 *
 * The test program runs itself as the other process ("child" mode).
 */

#include "initguid.h"
#include "mapiguid.h"

#include "sqlms_test.h"
#include <sqlite3.h>

static WCHAR self[MAX_PATH];

static HANDLE spawn(const WCHAR *arguments)
{
    PROCESS_INFORMATION info;
    STARTUPINFOW startup = { sizeof(startup) };
    WCHAR command[3 * MAX_PATH];

    _snwprintf(command, ARRAY_SIZE(command), L"\"%s\" child %s", self, arguments);
    assert_true(CreateProcessW(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info));
    CloseHandle(info.hThread);
    return info.hProcess;
}

/**************************************************************************
 *  The other process
 */

/* Logs on to path and saves count messages in the Inbox; exits with the number it found there first. */
static int child_writer(const WCHAR *path, int count)
{
    struct test_store ts = { 0 };
    IMAPIFolder *inbox;
    IMAPITable *table = NULL;
    ULONG found;
    int i;

    if (FAILED(test_store_logon_ex(&ts, path, MDB_WRITE, FALSE, NULL))) return 200;
    inbox = open_inbox(ts.store);
    if (FAILED(IMAPIFolder_GetContentsTable(inbox, 0, &table))) return 201;
    IMAPITable_GetRowCount(table, 0, &found);
    IMAPITable_Release(table);
    for (i = 0; i < count; i++)
    {
        WCHAR subject[32];
        SBinary eid;

        _snwprintf(subject, ARRAY_SIZE(subject), L"from the child %d", i);
        eid = create_message(inbox, subject, 0);
        MAPIFreeBuffer(eid.lpb);
    }
    IMAPIFolder_Release(inbox);
    test_store_logoff(&ts);
    return found;
}

static void hex(const BYTE *bytes, ULONG size, char *out)
{
    ULONG i;

    for (i = 0; i < size; i++) sprintf(out + 2 * i, "%02x", bytes[i]);
}

/* Saves and submits messages until it is killed; after each commit, one line in the log names it. */
static int child_crasher(const WCHAR *path, const WCHAR *log_path)
{
    struct test_store ts = { 0 };
    IMAPIFolder *outbox;
    HANDLE log;
    char body[4096];
    int i;

    memset(body, 'x', sizeof(body) - 1);
    body[sizeof(body) - 1] = 0;
    if (FAILED(test_store_logon_ex(&ts, path, MDB_WRITE, FALSE, NULL))) return 200;
    outbox = open_folder_by_prop(ts.store, PR_IPM_OUTBOX_ENTRYID);
    log = CreateFileW(log_path, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_ALWAYS, 0, NULL);
    if (log == INVALID_HANDLE_VALUE) return 202;
    SetFilePointer(log, 0, NULL, FILE_END);
    for (i = 0; ; i++)
    {
        SPropValue *eid = NULL, value;
        IMessage *msg = NULL;
        char line[128];
        DWORD written;
        BOOL submit = i % 2;

        if (FAILED(IMAPIFolder_CreateMessage(outbox, NULL, 0, &msg))) return 203;
        value.ulPropTag = PR_BODY_A;
        value.Value.lpszA = body;
        HrSetOneProp((IMAPIProp *)msg, &value);
        set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"crash test");
        add_recipient(msg, L"Somebody", L"somebody@example.org", MAPI_TO);
        if (FAILED(IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE))) return 204;
        HrGetOneProp((IMAPIProp *)msg, PR_ENTRYID, &eid);
        line[0] = submit ? 'Q' : 'S';
        line[1] = ' ';
        hex(eid->Value.bin.lpb, eid->Value.bin.cb, line + 2);
        strcat(line, "\n");
        if (submit && FAILED(IMessage_SubmitMessage(msg, 0))) return 205;
        /* Only now is it known to be committed. */
        WriteFile(log, line, strlen(line), &written, NULL);
        MAPIFreeBuffer(eid);
        IMessage_Release(msg);
    }
}

/**************************************************************************
 *  The tests
 */
static void test_two_processes(void **state)
{
    struct test_store ts;
    struct fake_sink *sink = fake_sink_create(), *table_sink = fake_sink_create();
    IMAPIFolder *inbox;
    IMAPITable *table = NULL;
    ULONG_PTR conn = 0, table_conn = 0;
    WCHAR path[MAX_PATH], arguments[MAX_PATH + 16];
    HANDLE child;
    DWORD code = 0;
    SBinary eid;

    sqlms_test_path(path, L"shared.sqlms");
    delete_store_files(path);
    test_store_logon(&ts, L"shared.sqlms");
    inbox = open_inbox(ts.store);
    eid = create_message(inbox, L"from the parent", 0);
    MAPIFreeBuffer(eid.lpb);
    assert_hr_equal(S_OK, IMsgStore_Advise(ts.store, 0, NULL, fnevObjectCreated, &sink->IMAPIAdviseSink_iface,
                                           (ULONG *)&conn));
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(inbox, 0, &table));
    assert_hr_equal(S_OK, IMAPITable_Advise(table, fnevTableModified, &table_sink->IMAPIAdviseSink_iface, &table_conn));

    _snwprintf(arguments, ARRAY_SIZE(arguments), L"writer \"%s\" 5", path);
    child = spawn(arguments);
    assert_int_equal(WaitForSingleObject(child, 60000), WAIT_OBJECT_0);
    GetExitCodeProcess(child, &code);
    CloseHandle(child);
    /* The child saw the parent's message... */
    assert_int_equal(code, 1);
    /* ... and the parent hears of the child's, in its sinks and its table. */
    assert_true(fake_sink_wait_event(sink, fnevObjectCreated, 5, 10000));
    assert_true(fake_sink_wait_table(table_sink, TABLE_ROW_ADDED, 5, 10000));
    assert_int_equal(table_row_count(table), 6);
    assert_int_equal(get_long((IMAPIProp *)inbox, PR_CONTENT_COUNT), 6);

    IMAPITable_Unadvise(table, table_conn);
    IMAPITable_Release(table);
    IMsgStore_Unadvise(ts.store, conn);
    IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    IMAPIAdviseSink_Release(&table_sink->IMAPIAdviseSink_iface);
    IMAPIFolder_Release(inbox);
    test_store_logoff(&ts);
}

static ULONG file_lines(const WCHAR *path)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    char buffer[4096];
    DWORD read, i;
    ULONG lines = 0;

    if (file == INVALID_HANDLE_VALUE) return 0;
    while (ReadFile(file, buffer, sizeof(buffer), &read, NULL) && read)
        for (i = 0; i < read; i++) if (buffer[i] == '\n') lines++;
    CloseHandle(file);
    return lines;
}

static int query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt;
    int value = -1;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

/* Checks the store after a kill: every message of the log is there; submitted ones queued once. */
static void check_after_kill(const WCHAR *path, const WCHAR *log_path, ULONG *checked)
{
    struct test_store ts = { 0 };
    char utf8[MAX_PATH], line[256], *text;
    HANDLE file;
    DWORD size, read;
    sqlite3 *db;
    sqlite3_stmt *stmt;

    WideCharToMultiByte(CP_UTF8, 0, path, -1, utf8, sizeof(utf8), NULL, NULL);
    assert_hr_equal(S_OK, test_store_logon_ex(&ts, path, MDB_WRITE, FALSE, NULL));
    assert_int_equal(sqlite3_open(utf8, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "ok");
    sqlite3_finalize(stmt);
    /* The queue: once per message at most, only messages that exist, each marked submitted */
    assert_int_equal(query_int(db, "SELECT count(*) FROM (SELECT message FROM outgoing GROUP BY message "
                                   "HAVING count(*) > 1)"), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM outgoing WHERE message NOT IN (SELECT id FROM messages)"), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM outgoing o JOIN messages m ON m.id = o.message "
                                   "WHERE (m.flags & 4) = 0"), 0);

    file = CreateFileW(log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    size = GetFileSize(file, NULL);
    text = HeapAlloc(GetProcessHeap(), 0, size + 1);
    ReadFile(file, text, size, &read, NULL);
    CloseHandle(file);
    text[read] = 0;
    *checked = 0;
    for (char *p = text, *end; (end = strchr(p, '\n')); p = end + 1)
    {
        BYTE eid[32];
        IMessage *msg = NULL;
        ULONG type, i;
        LONGLONG id;

        if (end - p != 2 + 64) continue; /* a line cut by the kill names nothing committed */
        memcpy(line, p, end - p);
        line[end - p] = 0;
        for (i = 0; i < 32; i++)
        {
            char digits[3] = { line[2 + 2 * i], line[3 + 2 * i], 0 };
            eid[i] = strtoul(digits, NULL, 16);
        }
        assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, sizeof(eid), (ENTRYID *)eid, NULL, 0, &type,
                                                  (IUnknown **)&msg));
        assert_string_prop((IMAPIProp *)msg, PR_SUBJECT_W, L"crash test");
        IMessage_Release(msg);
        memcpy(&id, eid + 24, 8);
        if (line[0] == 'Q')
        {
            char sql[128];
            sprintf(sql, "SELECT count(*) FROM outgoing WHERE message=%lld", (long long)id);
            assert_int_equal(query_int(db, sql), 1);
        }
        (*checked)++;
    }
    HeapFree(GetProcessHeap(), 0, text);
    sqlite3_close(db);
    test_store_logoff(&ts);
}

static void test_kill_during_writes(void **state)
{
    WCHAR path[MAX_PATH], log_path[MAX_PATH], arguments[3 * MAX_PATH];
    ULONG round, checked = 0, total = 0;
    struct test_store ts;

    sqlms_test_path(path, L"killed.sqlms");
    sqlms_test_path(log_path, L"killed.log");
    delete_store_files(path);
    DeleteFileW(log_path);
    /* The store exists before the first child starts writing. */
    test_store_logon(&ts, L"killed.sqlms");
    test_store_logoff(&ts);

    for (round = 0; round < 3; round++)
    {
        ULONG start = file_lines(log_path);
        DWORD began = GetTickCount();
        HANDLE child;

        _snwprintf(arguments, ARRAY_SIZE(arguments), L"crasher \"%s\" \"%s\"", path, log_path);
        child = spawn(arguments);
        /* Let it write a while, then kill it at whatever it is doing. */
        while (file_lines(log_path) < start + 20 + 15 * round && GetTickCount() - began < 30000)
            Sleep(20);
        Sleep(7 * round);
        assert_true(TerminateProcess(child, 9));
        WaitForSingleObject(child, INFINITE);
        CloseHandle(child);
        assert_true(file_lines(log_path) >= start + 20);

        check_after_kill(path, log_path, &checked);
        assert_true(checked >= start + 20);
        total = checked;
    }
    assert_true(total >= 60);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_two_processes),
        cmocka_unit_test(test_kill_during_writes),
    };
    int wargc;
    WCHAR **wargv = CommandLineToArgvW(GetCommandLineW(), &wargc);

    GetModuleFileNameW(NULL, self, MAX_PATH);
    if (wargc >= 4 && !lstrcmpW(wargv[1], L"child"))
    {
        if (!lstrcmpW(wargv[2], L"writer") && wargc == 5) return child_writer(wargv[3], _wtoi(wargv[4]));
        if (!lstrcmpW(wargv[2], L"crasher") && wargc == 5) return child_crasher(wargv[3], wargv[4]);
        return 100;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
