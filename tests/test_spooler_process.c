/*
 * The spooler across processes and interruptions: the spooler of another
 * process serves this one's stores through the pipe (StoreLogoff included),
 * two processes on one profile have one spooler and send each message once,
 * a standing-by spooler takes over when the active one's process dies
 * (TerminateProcess) or logs off, and a session logoff in the middle of a
 * store's logoff loses nothing, and FlushQueues (of every transport or of
 * one) and ValidateState (CONFIG_CHANGED included) from the process standing
 * by reach the active spooler. The program runs as its own child
 * (spooler_test.h).
 */

#include "initguid.h"
#include "mapiguid.h"
#include "spooler_test.h"

#define PROFILE "SpoolerProcessTest"

static const char * const services[] = { "RecSQLMS", "CtlTransport", NULL };

static int setup(void **state)
{
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    ctl_init("process");
    make_spool_profile(PROFILE, services);
    return 0;
}

static int teardown(void **state)
{
    delete_profile(PROFILE);
    MAPIUninitialize();
    DeleteFileA(db_path);
    DeleteFileA(ctl_log_path);
    return 0;
}

static int reset(void **state)
{
    ctl_reset();
    return 0;
}

static DWORD WINAPI release_thread(void *arg)
{
    IMsgStore *store = arg;
    return store->lpVtbl->Release(store);
}

/* A program without mail of its own: the spooler of another process sends for it, and its
 * StoreLogoff goes to that spooler through the pipe. */
static void test_spooler_in_other_process(void **state)
{
    HANDLE child = start_child("spool", PROFILE), thread;
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    DWORD child_pid = GetProcessId(child);
    ULONG flags;

    submit(store, "sent by the other");
    assert_true(wait_where(store, "sent by the other", 's'));
    assert_int_equal(control->last_pid, child_pid);

    /* NO_WAIT answers at once, while the other process' transport holds the message. */
    control->hold = CTLXP_HOLD_SUBMIT;
    submit(store, "held by the other");
    assert_true(step_entered(STEP_SUBMIT));
    flags = LOGOFF_NO_WAIT;
    assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
    assert_int_equal(flags, LOGOFF_OUTBOUND);
    assert_int_equal(store->lpVtbl->Release(store), 0);
    assert_int_equal(control->slt_calls, 1);
    assert_int_equal(control->slt_out, LOGOFF_OUTBOUND | LOGOFF_COMPLETE);
    assert_int_equal(ctl_count("sent held by the other"), 0);
    step_release(STEP_SUBMIT);
    assert_true(ctl_wait_sent("held by the other"));

    /* PURGE waits for the other process' transports, through the pipe. */
    store = open_default_store(session);
    control->hold = CTLXP_HOLD_SUBMIT | CTLXP_HOLD_FLUSH;
    submit(store, "purged by the other");
    assert_true(step_entered(STEP_SUBMIT));
    flags = LOGOFF_PURGE;
    assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
    thread = CreateThread(NULL, 0, release_thread, store, 0, NULL);
    assert_int_equal(WaitForSingleObject(thread, 200), WAIT_TIMEOUT);
    step_release(STEP_SUBMIT);
    assert_true(step_entered(STEP_FLUSH));
    assert_int_equal(WaitForSingleObject(thread, 200), WAIT_TIMEOUT);
    step_release(STEP_FLUSH);
    assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(thread);
    assert_int_equal(control->slt_out, LOGOFF_OUTBOUND | LOGOFF_COMPLETE);
    assert_int_equal(ctl_count("sent purged by the other"), 1);
    assert_int_equal(control->last_pid, child_pid);

    control->hold = 0;
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    stop_child(child);
}

/* Two processes with mail on one profile: one spooler, each message sent once. When the active
 * spooler logs off, the other takes over. */
static void test_two_processes(void **state)
{
    IMAPISession *session = logon(PROFILE, 0), *without_mail;
    IMsgStore *store = open_default_store(session);
    HANDLE child;
    DWORD child_pid;
    char subject[32];
    int i;

    submit(store, "parent 1");
    assert_true(wait_where(store, "parent 1", 's'));
    child = start_child("submit", PROFILE);
    child_pid = GetProcessId(child);
    submit(store, "parent 2");
    for (i = 1; i <= 5; i++)
    {
        snprintf(subject, sizeof(subject), "child %d", i);
        assert_true(wait_where(store, subject, 's'));
        assert_int_equal(ctl_countf("sent %s", subject), 1);
    }
    assert_true(wait_where(store, "parent 2", 's'));
    assert_int_equal(ctl_count("sent parent 2"), 1);
    /* This process' spooler sent them all. */
    assert_int_equal(control->last_pid, GetCurrentProcessId());

    /* The active spooler goes with its session: the child's takes over. */
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    without_mail = logon(PROFILE, MAPI_NO_MAIL);
    store = open_default_store(without_mail);
    submit(store, "after the takeover");
    assert_true(wait_where(store, "after the takeover", 's'));
    assert_int_equal(control->last_pid, child_pid);
    assert_int_equal(ctl_count("sent after the takeover"), 1);
    store->lpVtbl->Release(store);
    IMAPISession_Release(without_mail);
    stop_child(child);
}

/* The active spooler's process dies while its transport holds a message: the one standing by
 * takes over and sends it, once. */
static void test_spooler_killed(void **state)
{
    HANDLE child = start_child("spool", PROFILE);
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    DWORD child_pid = GetProcessId(child);

    submit(store, "first to the child");
    assert_true(wait_where(store, "first to the child", 's'));
    assert_int_equal(control->last_pid, child_pid);

    control->hold = CTLXP_HOLD_SUBMIT;
    submit(store, "in the dying hands");
    assert_true(step_entered(STEP_SUBMIT));
    assert_int_equal(control->last_pid, child_pid);
    assert_true(TerminateProcess(child, 1));
    assert_int_equal(WaitForSingleObject(child, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(child);

    /* This process' spooler takes the message: its own transport now holds it. */
    assert_true(step_entered(STEP_SUBMIT));
    assert_int_equal(control->last_pid, GetCurrentProcessId());
    control->hold = 0;
    step_release(STEP_SUBMIT);
    assert_true(wait_where(store, "in the dying hands", 's'));
    assert_int_equal(ctl_count("sent in the dying hands"), 1);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* Session logoff while a PURGE waits for the transports: the PURGE returns, nothing is lost. */
static void test_logoff_during_purge(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    HANDLE thread;
    ULONG flags;

    submit(store, "before the purge");
    assert_true(wait_where(store, "before the purge", 's'));
    control->hold = CTLXP_HOLD_SUBMIT;
    submit(store, "purge 1");
    assert_true(step_entered(STEP_SUBMIT));
    submit(store, "purge 2");
    flags = LOGOFF_PURGE;
    assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
    thread = CreateThread(NULL, 0, release_thread, store, 0, NULL);
    assert_int_equal(WaitForSingleObject(thread, 200), WAIT_TIMEOUT);

    /* Logoff cancels the message in the transport's hands and ends the PURGE. */
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(thread);
    IMAPISession_Release(session);
    assert_int_equal(ctl_count("cancelled purge 1"), 1);
    assert_int_equal(ctl_count("sent purge 1") + ctl_count("sent purge 2"), 0);
    assert_int_equal(where_is_now(PROFILE, "purge 1"), 'q');
    assert_int_equal(where_is_now(PROFILE, "purge 2"), 'q');

    /* The next session sends both, once. */
    control->hold = 0;
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_true(wait_where(store, "purge 1", 's'));
    assert_true(wait_where(store, "purge 2", 's'));
    assert_int_equal(ctl_count("sent purge 1"), 1);
    assert_int_equal(ctl_count("sent purge 2"), 1);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* Session logoff after ORDERLY, while the transport still finishes: the message goes back to the
 * queue; and what the program held answers MAPI_E_INVALID_OBJECT. */
static void test_logoff_after_orderly(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_SUBJECT_A } };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session), *second;
    IMAPIFolder *outbox;
    IMAPITable *table;
    IMessage *message;
    SPropValue *props;
    SBinary entryid;
    ULONG flags, count, type;

    control->hold = CTLXP_HOLD_SUBMIT;
    submit(store, "orderly 1");
    assert_true(step_entered(STEP_SUBMIT));
    flags = LOGOFF_ORDERLY;
    assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
    assert_int_equal(store->lpVtbl->Release(store), 0);
    assert_int_equal(control->slt_out, LOGOFF_OUTBOUND | LOGOFF_COMPLETE);

    /* Objects the program holds when the session logs off. */
    second = open_default_store(session);
    outbox = open_special(second, PR_IPM_OUTBOX_ENTRYID);
    assert_hr_equal(S_OK, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));
    entryid = find_entryid(outbox, "orderly 1");
    assert_hr_equal(S_OK, outbox->lpVtbl->OpenEntry(outbox, entryid.cb, (ENTRYID *)entryid.lpb, &IID_IMessage, 0,
                                                    &type, (IUnknown **)&message));
    MAPIFreeBuffer(entryid.lpb);

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, second->lpVtbl->GetProps(second, (SPropTagArray *)&tags, 0, &count, &props));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, message->lpVtbl->GetProps(message, (SPropTagArray *)&tags, 0, &count,
                                                                     &props));
    message->lpVtbl->Release(message);
    table->lpVtbl->Release(table);
    outbox->lpVtbl->Release(outbox);
    second->lpVtbl->Release(second);
    IMAPISession_Release(session);

    assert_int_equal(ctl_count("cancelled orderly 1"), 1);
    assert_int_equal(where_is_now(PROFILE, "orderly 1"), 'q');
    control->hold = 0;
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_true(wait_where(store, "orderly 1", 's'));
    assert_int_equal(ctl_count("sent orderly 1"), 1);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* FlushQueues on the status object of a process whose spooler stands by: the active spooler of the
 * other process retries at once what waits for a retry, and the call returns when that is done;
 * with FLUSH_ASYNC_OK it returns at once. */
static void test_flush_from_standby(void **state)
{
    HANDLE child = start_child("spool", PROFILE);
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIStatus *status = spooler_status_object(session);
    DWORD child_pid = GetProcessId(child);

    /* This process' spooler stands by. */
    assert_false(spooler_status(session) & STATUS_OUTBOUND_ENABLED);

    control->submit_result = MAPI_E_WAIT;
    control->submit_parm = 3600;
    submit(store, "flushed from afar");
    assert_true(ctl_wait_line("failed flushed from afar 0x80040500"));
    assert_int_equal(control->last_pid, child_pid);
    control->submit_result = S_OK;
    Sleep(300);
    assert_int_equal(ctl_count("sent flushed from afar"), 0);
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
    /* Done when the call returns, by the other process' spooler. */
    assert_int_equal(ctl_count("sent flushed from afar"), 1);
    assert_int_equal(control->last_pid, child_pid);
    assert_true(wait_where(store, "flushed from afar", 's'));

    /* FLUSH_ASYNC_OK: the call returns while the transport still holds the retried message. */
    control->submit_result = MAPI_E_WAIT;
    submit(store, "flushed async");
    assert_true(ctl_wait_line("failed flushed async 0x80040500"));
    control->submit_result = S_OK;
    control->hold = CTLXP_HOLD_SUBMIT;
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD | FLUSH_ASYNC_OK));
    assert_true(step_entered(STEP_SUBMIT));
    assert_int_equal(ctl_count("sent flushed async"), 0);
    control->hold = 0;
    step_release(STEP_SUBMIT);
    assert_true(ctl_wait_sent("flushed async"));
    assert_int_equal(control->last_pid, child_pid);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->FlushQueues(status, 0, 0, NULL, 0x1));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, status->lpVtbl->FlushQueues(status, 0, 4, NULL, FLUSH_UPLOAD));

    status->lpVtbl->Release(status);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    stop_child(child);
}

/* FlushQueues of one transport and ValidateState from the process standing by: the active spooler of
 * the other process does them with its transports; CONFIG_CHANGED has them route by new address types. */
static void test_target_and_validate_from_standby(void **state)
{
    static const char * const dave[] = { "dave@ctl.test", NULL };
    HANDLE child = start_child("spool", PROFILE);
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIStatus *status = spooler_status_object(session);
    SBinary ctl_eid = transport_status_entryid(session, "ctlxp.dll");
    DWORD child_pid = GetProcessId(child);
    BYTE other[64];

    assert_false(spooler_status(session) & STATUS_OUTBOUND_ENABLED);

    /* The target, by this process' row of the transport: the other process flushes its logon of it. */
    control->submit_result = MAPI_E_WAIT;
    control->submit_parm = 3600;
    submit(store, "targeted from afar");
    assert_true(ctl_wait_line("failed targeted from afar 0x80040500"));
    control->submit_result = S_OK;
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb, (ENTRYID *)ctl_eid.lpb,
                                                      FLUSH_UPLOAD | FLUSH_FORCE));
    assert_int_equal(control->flush_calls, 1);
    assert_int_equal(control->flush_flags, FLUSH_UPLOAD | FLUSH_FORCE);
    assert_int_equal(control->flush_pid, child_pid);
    assert_int_equal(ctl_count("sent targeted from afar"), 1);
    assert_int_equal(control->last_pid, child_pid);

    /* A transport the other process' spooler does not have; and no entry ID of a transport row. */
    memcpy(other, ctl_eid.lpb, ctl_eid.cb);
    other[ctl_eid.cb - 1] ^= 0xff;
    assert_hr_equal(MAPI_E_NOT_FOUND, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb, (ENTRYID *)other,
                                                                FLUSH_UPLOAD));
    memset(other, 0, sizeof(other));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb, (ENTRYID *)other,
                                                                      FLUSH_UPLOAD));
    assert_int_equal(control->flush_calls, 1);

    /* ValidateState: the transport of the other process, with the flags. */
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, SUPPRESS_UI | REFRESH_XP_HEADER_CACHE));
    assert_int_equal(control->validate_calls, 1);
    assert_int_equal(control->validate_flags, SUPPRESS_UI | REFRESH_XP_HEADER_CACHE);
    assert_int_equal(control->validate_pid, child_pid);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->ValidateState(status, 0, 0x8));
    assert_int_equal(control->validate_calls, 1);

    /* CONFIG_CHANGED: the other process' spooler routes by the type the transport says now. */
    strcpy(control->address_type, "CTL3");
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, CONFIG_CHANGED));
    assert_int_equal(control->validate_calls, 2);
    assert_int_equal(ctl_count("address-types CTL3"), 1);
    submit_to(store, "new type from afar", dave, 0, "CTL3");
    assert_true(ctl_wait_sent("new type from afar"));
    assert_int_equal(control->last_pid, child_pid);

    MAPIFreeBuffer(ctl_eid.lpb);
    status->lpVtbl->Release(status);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    stop_child(child);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_spooler_in_other_process, reset),
        cmocka_unit_test_setup(test_two_processes, reset),
        cmocka_unit_test_setup(test_spooler_killed, reset),
        cmocka_unit_test_setup(test_logoff_during_purge, reset),
        cmocka_unit_test_setup(test_logoff_after_orderly, reset),
        cmocka_unit_test_setup(test_flush_from_standby, reset),
        cmocka_unit_test_setup(test_target_and_validate_from_standby, reset),
    };

    if (argc > 3 && !strcmp(argv[1], "child")) return child_main(argv[2], argv[3]);
    if (argc > 1) cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, setup, teardown);
}
