/*
 * What the spooler and store logoff tests share: a profile with the sample
 * store (through recms.dll's recorder) and ctlxp.dll, messages submitted and
 * looked for, and the controls of ctlxp.dll (ctlxp.h).
 */
#ifndef __SPOOLER_TEST_H
#define __SPOOLER_TEST_H

#include "session_test.h"
#include "sqlms.h"
#include "ctlxp.h"

#define WAIT_MS 20000   /* longest wait for the spooler to do what it was asked */

static struct ctlxp_control *control;
static HANDLE control_mapping;
static HANDLE step_in[CTLXP_STEPS], step_go[CTLXP_STEPS], slt_out;
static char ctl_name[64], ctl_log_path[MAX_PATH], db_path[MAX_PATH];

/* ctlxp's name and log for this run; children inherit them through the environment. */
static inline void ctl_init(const char *tag)
{
    char dir[MAX_PATH], event[MAX_PATH + 32];
    int i;

    if (!GetEnvironmentVariableA("MAPI_CTLXP_NAME", ctl_name, sizeof(ctl_name)))
    {
        snprintf(ctl_name, sizeof(ctl_name), "ctlxp-%s-%lu", tag, GetCurrentProcessId());
        SetEnvironmentVariableA("MAPI_CTLXP_NAME", ctl_name);
    }
    if (!GetEnvironmentVariableA("MAPI_CTLXP_LOG", ctl_log_path, sizeof(ctl_log_path)))
    {
        GetTempPathA(sizeof(dir), dir);
        snprintf(ctl_log_path, sizeof(ctl_log_path), "%s%s.log", dir, ctl_name);
        SetEnvironmentVariableA("MAPI_CTLXP_LOG", ctl_log_path);
    }
    control = ctlxp_control_open(ctl_name, &control_mapping);
    assert_non_null(control);
    for (i = 0; i < CTLXP_STEPS; i++)
    {
        ctlxp_event_name(event, sizeof(event), ctl_name, ctlxp_steps[i], "in");
        step_in[i] = CreateEventA(NULL, FALSE, FALSE, event);
        ctlxp_event_name(event, sizeof(event), ctl_name, ctlxp_steps[i], "go");
        step_go[i] = CreateEventA(NULL, FALSE, FALSE, event);
    }
    snprintf(event, sizeof(event), "%s:slt-out", ctl_name);
    slt_out = CreateEventA(NULL, TRUE, FALSE, event);
}

/* Everything back to zero: no step held, every call succeeds, empty log. */
static inline void ctl_reset(void)
{
    int i;

    memset(control, 0, sizeof(*control));
    for (i = 0; i < CTLXP_STEPS; i++)
    {
        ResetEvent(step_in[i]);
        ResetEvent(step_go[i]);
    }
    ResetEvent(slt_out);
    truncate_log(ctl_log_path);
}

#define STEP_SUBMIT 0
#define STEP_END    1
#define STEP_START  2
#define STEP_FLUSH  3

/* The held step has begun (the transport is in it). */
static inline BOOL step_entered(int step)
{
    return WaitForSingleObject(step_in[step], WAIT_MS) == WAIT_OBJECT_0;
}

static inline void step_release(int step)
{
    SetEvent(step_go[step]);
}

/* How many lines of ctlxp's log are exactly the one given. */
static inline int ctl_count(const char *line)
{
    char buffer[256];
    int count = 0;
    FILE *file = fopen(ctl_log_path, "r");

    if (!file) return 0;
    while (fgets(buffer, sizeof(buffer), file))
    {
        buffer[strcspn(buffer, "\r\n")] = 0;
        if (!strcmp(buffer, line)) count++;
    }
    fclose(file);
    return count;
}

static inline int ctl_countf(const char *format, const char *arg)
{
    char line[256];

    snprintf(line, sizeof(line), format, arg);
    return ctl_count(line);
}

/* Waits until the log has the line (at least once). */
static inline BOOL ctl_wait_line(const char *line)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (ctl_count(line)) return TRUE;
        Sleep(20);
    }
    return FALSE;
}

static inline BOOL ctl_wait_sent(const char *subject)
{
    char line[256];

    snprintf(line, sizeof(line), "sent %s", subject);
    return ctl_wait_line(line);
}

/* The spooler's PR_STATUS_CODE in the session's status table. */
static inline ULONG spooler_status(IMAPISession *session)
{
    return status_row_code(session, MAPI_SPOOLER);
}

/* Waits until this process' spooler has no message in hand (the one it tried is back in the queue). */
static inline BOOL wait_outbound_done(IMAPISession *session)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (!(spooler_status(session) & STATUS_OUTBOUND_ACTIVE)) return TRUE;
        Sleep(20);
    }
    return FALSE;
}

/* The spooler's status object, from its row of the session's status table. */
static inline IMAPIStatus *spooler_status_object(IMAPISession *session)
{
    return open_status_row(session, MAPI_SPOOLER);
}

/* The PR_ENTRYID of the status row of the transport with the DLL (PR_PROVIDER_DLL_NAME); MAPIFreeBuffer it. */
static inline SBinary transport_status_entryid(IMAPISession *session, const char *dll)
{
    static const SizedSPropTagArray(3, columns) = { 3, { PR_RESOURCE_TYPE, PR_PROVIDER_DLL_NAME_A, PR_ENTRYID } };
    SBinary found = { 0 };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].Value.l != MAPI_TRANSPORT_PROVIDER || props[1].ulPropTag != PR_PROVIDER_DLL_NAME_A ||
            _stricmp(props[1].Value.lpszA, dll) || props[2].ulPropTag != PR_ENTRYID)
            continue;
        found.cb = props[2].Value.bin.cb;
        assert_hr_equal(S_OK, MAPIAllocateBuffer(found.cb, (void **)&found.lpb));
        memcpy(found.lpb, props[2].Value.bin.lpb, found.cb);
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    assert_non_null(found.lpb);
    return found;
}

/* A profile with the given services; RecSQLMS's database is a fresh file. */
static inline void make_spool_profile(const char *name, const char * const *services)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_SERVICE_NAME_A, PR_SERVICE_UID } };
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    IMAPITable *table;
    SRowSet *rows;
    SPropValue path;
    char dir[MAX_PATH];
    ULONG i;

    GetTempPathA(sizeof(dir), dir);
    snprintf(db_path, sizeof(db_path), "%s%s-%lu.sqlms", dir, name, GetCurrentProcessId());
    DeleteFileA(db_path);
    make_profile(name, services, FALSE);

    assert_hr_equal(S_OK, MAPIAdminProfiles(0, &profiles));
    assert_hr_equal(S_OK, profiles->lpVtbl->AdminServices(profiles, (LPSTR)name, NULL, 0, 0, &admin));
    assert_hr_equal(S_OK, admin->lpVtbl->GetMsgServiceTable(admin, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (strcmp(rows->aRow[i].lpProps[0].Value.lpszA, "RecSQLMS") &&
            strcmp(rows->aRow[i].lpProps[0].Value.lpszA, "SQLMS"))
            continue;
        path.ulPropTag = PR_SQLMS_DATABASE_PATH_A;
        path.Value.lpszA = db_path;
        assert_hr_equal(S_OK, admin->lpVtbl->ConfigureMsgService(admin,
                        (MAPIUID *)rows->aRow[i].lpProps[1].Value.bin.lpb, 0, 0, 1, &path));
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    admin->lpVtbl->Release(admin);
    profiles->lpVtbl->Release(profiles);
}

static inline IMsgStore *open_default_store(IMAPISession *session)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    IMsgStore *store = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, IMAPISession_GetMsgStoresTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    for (i = 0; i < rows->cRows; i++)
    {
        if (!rows->aRow[i].lpProps[1].Value.b) continue;
        assert_hr_equal(S_OK, IMAPISession_OpenMsgStore(session, 0, rows->aRow[i].lpProps[0].Value.bin.cb,
                                                        (ENTRYID *)rows->aRow[i].lpProps[0].Value.bin.lpb, NULL,
                                                        MDB_WRITE, &store));
        break;
    }
    FreeProws(rows);
    assert_non_null(store);
    return store;
}

/* A folder of the store named by one of its entry ID properties (PR_IPM_OUTBOX_ENTRYID...). */
static inline IMAPIFolder *open_special(IMsgStore *store, ULONG tag)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    IMAPIFolder *folder;
    SPropValue *value;
    ULONG count, type;

    assert_hr_equal(S_OK, store->lpVtbl->GetProps(store, (SPropTagArray *)&tags, 0, &count, &value));
    assert_int_equal(value->ulPropTag, tag);
    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, value->Value.bin.cb, (ENTRYID *)value->Value.bin.lpb,
                                                   &IID_IMAPIFolder, MAPI_MODIFY, &type, (IUnknown **)&folder));
    MAPIFreeBuffer(value);
    return folder;
}

static inline IMAPIFolder *open_inbox(IMsgStore *store)
{
    IMAPIFolder *folder;
    ENTRYID *entryid;
    ULONG size, type;

    assert_hr_equal(S_OK, store->lpVtbl->GetReceiveFolder(store, NULL, 0, &size, &entryid, NULL));
    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, size, entryid, &IID_IMAPIFolder, MAPI_MODIFY, &type,
                                                   (IUnknown **)&folder));
    MAPIFreeBuffer(entryid);
    return folder;
}

/* Submits a message with the body from the Outbox to recipients of the type ("CTL" if NULL): a list
 * of addresses ending with NULL, shown as names[i] (their addresses if names is NULL); sent, it goes
 * to Sent Items. deferred: seconds from now for PR_DEFERRED_DELIVERY_TIME, or 0. */
static inline void submit_with(IMsgStore *store, const char *subject, const char *body, const char * const *names,
                               const char * const *addresses, int deferred, const char *type)
{
    SizedSPropTagArray(1, sent_tag) = { 1, { PR_IPM_SENTMAIL_ENTRYID } };
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    SPropValue props[5], *sent, recip[4];
    ADRLIST *list;
    IMessage *message;
    ULONG count, n = 0, i;

    assert_hr_equal(S_OK, outbox->lpVtbl->CreateMessage(outbox, NULL, 0, &message));
    assert_hr_equal(S_OK, store->lpVtbl->GetProps(store, (SPropTagArray *)&sent_tag, 0, &count, &sent));
    props[n].ulPropTag = PR_SUBJECT_A;
    props[n++].Value.lpszA = (char *)subject;
    props[n].ulPropTag = PR_BODY_A;
    props[n++].Value.lpszA = (char *)body;
    props[n].ulPropTag = PR_MESSAGE_CLASS_A;
    props[n++].Value.lpszA = (char *)"IPM.Note";
    props[n].ulPropTag = PR_SENTMAIL_ENTRYID;
    props[n++].Value.bin = sent->Value.bin;
    if (deferred)
    {
        ULONGLONG time;
        FILETIME now;
        GetSystemTimeAsFileTime(&now);
        time = ((ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime) + deferred * 10000000ull;
        props[n].ulPropTag = PR_DEFERRED_DELIVERY_TIME;
        props[n].Value.ft.dwLowDateTime = (DWORD)time;
        props[n++].Value.ft.dwHighDateTime = (DWORD)(time >> 32);
    }
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, n, props, NULL));
    MAPIFreeBuffer(sent);

    for (count = 0; addresses[count]; count++);
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list));
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        recip[0].ulPropTag = PR_DISPLAY_NAME_A;
        recip[0].Value.lpszA = (char *)(names ? names[i] : addresses[i]);
        recip[1].ulPropTag = PR_ADDRTYPE_A;
        recip[1].Value.lpszA = (char *)(type ? type : "CTL");
        recip[2].ulPropTag = PR_EMAIL_ADDRESS_A;
        recip[2].Value.lpszA = (char *)addresses[i];
        recip[3].ulPropTag = PR_RECIPIENT_TYPE;
        recip[3].Value.l = MAPI_TO;
        assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(recip), (void **)&list->aEntries[i].rgPropVals));
        memcpy(list->aEntries[i].rgPropVals, recip, sizeof(recip));
        list->aEntries[i].cValues = 4;
        list->aEntries[i].ulReserved1 = 0;
    }
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, list));
    FreePadrlist(list);
    assert_hr_equal(S_OK, message->lpVtbl->SubmitMessage(message, 0));
    message->lpVtbl->Release(message);
    outbox->lpVtbl->Release(outbox);
}

/* submit_with, the usual body, the recipients shown by their addresses. */
static inline void submit_to(IMsgStore *store, const char *subject, const char * const *addresses, int deferred,
                             const char *type)
{
    submit_with(store, subject, "The body of the message.", NULL, addresses, deferred, type);
}

static inline void submit(IMsgStore *store, const char *subject)
{
    static const char * const alice[] = { "alice@ctl.test", NULL };
    submit_to(store, subject, alice, 0, NULL);
}

/* How many messages of the folder have the subject; *flags gets the last one's PR_MESSAGE_FLAGS. */
static inline int count_subject(IMAPIFolder *folder, const char *subject, ULONG *flags)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_SUBJECT_A, PR_MESSAGE_FLAGS } };
    IMAPITable *table;
    SRowSet *rows;
    int count = 0;
    ULONG i;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].lpProps[0].ulPropTag != PR_SUBJECT_A ||
            strcmp(rows->aRow[i].lpProps[0].Value.lpszA, subject)) continue;
        count++;
        if (flags) *flags = rows->aRow[i].lpProps[1].Value.l;
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    return count;
}

/* Where a message is: 'q' still queued in the Outbox (MSGFLAG_SUBMIT), 's' in Sent Items, '-' gone,
 * '?' anything else. Opens the store in a session of its own when none is given. */
static inline char where_is(IMsgStore *store, const char *subject)
{
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    IMAPIFolder *sent = open_special(store, PR_IPM_SENTMAIL_ENTRYID);
    int queued, done;
    ULONG flags = 0;
    char ret;

    queued = count_subject(outbox, subject, &flags);
    done = count_subject(sent, subject, NULL);
    if (queued == 1 && !done && (flags & MSGFLAG_SUBMIT)) ret = 'q';
    else if (!queued && done == 1) ret = 's';
    else if (!queued && !done) ret = '-';
    else ret = '?';
    outbox->lpVtbl->Release(outbox);
    sent->lpVtbl->Release(sent);
    return ret;
}

/* The same, through a session without mail of its own. */
static inline char where_is_now(const char *profile, const char *subject)
{
    IMAPISession *session = logon(profile, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    char ret = where_is(store, subject);

    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    return ret;
}

static inline int count_received(const char *profile, const char *subject)
{
    IMAPISession *session = logon(profile, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    int count = count_subject(inbox, subject, NULL);

    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    return count;
}

/* The entry ID of the message of the folder with the subject (MAPIFreeBuffer it). */
static inline SBinary find_entryid(IMAPIFolder *folder, const char *subject)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_SUBJECT_A, PR_ENTRYID } };
    SBinary found = { 0 };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].lpProps[0].ulPropTag != PR_SUBJECT_A ||
            strcmp(rows->aRow[i].lpProps[0].Value.lpszA, subject)) continue;
        found.cb = rows->aRow[i].lpProps[1].Value.bin.cb;
        MAPIAllocateBuffer(found.cb, (void **)&found.lpb);
        memcpy(found.lpb, rows->aRow[i].lpProps[1].Value.bin.lpb, found.cb);
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    assert_non_null(found.lpb);
    return found;
}

static inline BOOL wait_count(IMAPIFolder *folder, const char *subject, int expected)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (count_subject(folder, subject, NULL) == expected) return TRUE;
        Sleep(50);
    }
    return FALSE;
}

/* Waits until a message is where it should be. */
static inline BOOL wait_where(IMsgStore *store, const char *subject, char expected)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (where_is(store, subject) == expected) return TRUE;
        Sleep(50);
    }
    return FALSE;
}

/***********************************************************************
 * The child process of a test: the test program run as "child MODE PROFILE".
 * "open": a session without mail that holds the default store open; "spool": a
 * session with mail (the spooler, unless another process has it); "submit":
 * a session with mail that opens the default store and submits "child 1" to
 * "child 5". Each sets <ctl name>:child-ready and waits for child-quit.
 */
static inline HANDLE child_event(const char *what)
{
    char name[MAX_PATH];

    snprintf(name, sizeof(name), "%s:child-%s", ctl_name, what);
    return CreateEventA(NULL, TRUE, FALSE, name);
}

static inline int child_main(const char *mode, const char *profile)
{
    HANDLE ready, quit;
    IMAPISession *session = NULL;
    IMsgStore *store = NULL;

    if (FAILED(MAPIInitialize(NULL))) return 2;
    ctl_init("child");
    ready = child_event("ready");
    quit = child_event("quit");
    if (FAILED(MAPILogonEx(0, (LPSTR)profile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION |
                           (!strcmp(mode, "open") ? MAPI_NO_MAIL : 0), &session)))
        return 3;
    if (!strcmp(mode, "spool"))
    {
        /* Ready once this process' spooler is the active one (its agent takes the profile's mutex). */
        DWORD start = GetTickCount();
        while (!(spooler_status(session) & STATUS_OUTBOUND_ENABLED) && GetTickCount() - start < WAIT_MS) Sleep(20);
    }
    else store = open_default_store(session);
    if (!strcmp(mode, "submit"))
    {
        char subject[32];
        int i;
        for (i = 1; i <= 5; i++)
        {
            snprintf(subject, sizeof(subject), "child %d", i);
            submit(store, subject);
        }
    }
    SetEvent(ready);
    WaitForSingleObject(quit, 120000);
    if (store) store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    MAPIUninitialize();
    return 0;
}

static inline HANDLE start_child(const char *mode, const char *profile)
{
    char cmd[MAX_PATH * 2], exe[MAX_PATH];
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    HANDLE ready = child_event("ready");

    ResetEvent(ready);
    ResetEvent(child_event("quit"));
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" child %s %s", exe, mode, profile);
    assert_true(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    CloseHandle(pi.hThread);
    assert_int_equal(WaitForSingleObject(ready, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(ready);
    return pi.hProcess;
}

static inline void stop_child(HANDLE process)
{
    HANDLE quit = child_event("quit");
    DWORD code = 1;

    SetEvent(quit);
    assert_int_equal(WaitForSingleObject(process, WAIT_MS), WAIT_OBJECT_0);
    GetExitCodeProcess(process, &code);
    assert_int_equal(code, 0);
    CloseHandle(process);
    CloseHandle(quit);
}

#endif /* __SPOOLER_TEST_H */
