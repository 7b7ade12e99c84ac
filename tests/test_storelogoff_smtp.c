/*
 * The store logoff cases once more with the real SMTP transport (smtpxp32.dll)
 * and a real MTA (Exim, tests/mta.sh, started by storelogoff_smtp.fixture.sh):
 * every input flag with the store idle, with messages queued (the MTA was down
 * when they were submitted: they wait for a retry a minute away), with a
 * message in the transport's hands, with a delivery under way and with the
 * store open in another session; what Exim delivered is counted in its
 * Maildirs. Also: mail Exim delivered to the transport's Maildir reaches the
 * Inbox, a refused recipient gets a non-delivery report, and a session
 * logoff with messages queued, or with one in the transport's hands, loses
 * none and sends none twice.
 *
 * The two busy states are held from the outside only (mta_hold.h), the
 * transport uses nothing but the SPI:
 * - in the transport's hands: the profile gives the transport the port of a
 *   relay of the test's own, in front of Exim. Armed, the relay keeps back the
 *   end of the next message's data, so SubmitMessage waits for the server's
 *   answer; the relay tells when it has the data, and lets it go when the test
 *   says so.
 * - a delivery under way: the test holds the write lock of the store's SQLite
 *   file with a connection of its own, then Exim delivers a message to the
 *   transport's Maildir. StartMessage reads it (the file, held open without
 *   sharing reads, tells the test so) and waits inside for the store, until
 *   the test ends its transaction.
 */

#include "winsock2.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mta_test.h"
#include "spooler_test.h"
#include "smtpxp_profile_test.h"
#include "mta_hold.h"

#define PROFILE "StoreLogoffSmtpTest"

static const char * const services[] = { "RecSQLMS", "SMTPXP", NULL };

enum input { IN_ABORT, IN_QUIET, IN_ORDERLY, IN_NO_WAIT, IN_PURGE, IN_ZERO, IN_TWO, IN_UNKNOWN, IN_NULL, IN_COUNT };
enum scene { IDLE, QUEUED, IN_HANDS, INBOUND, ELSEWHERE, SCENE_COUNT };

static const char * const input_names[IN_COUNT] =
    { "ABORT", "QUIET", "ORDERLY", "NO_WAIT", "PURGE", "zero", "two flags", "unknown bits", "NULL" };
static const char * const scene_names[SCENE_COUNT] =
    { "idle", "queued", "in the transport's hands", "inbound", "open in another session" };
static const ULONG effective[IN_COUNT] =
{
    LOGOFF_ABORT, LOGOFF_QUIET, LOGOFF_ORDERLY, LOGOFF_NO_WAIT, LOGOFF_PURGE, LOGOFF_ORDERLY,
    LOGOFF_ABORT, LOGOFF_ABORT, LOGOFF_ABORT
};

struct cell
{
    enum input input;
    enum scene scene;
    char name[96];
};

static struct cell cells[IN_COUNT * SCENE_COUNT];
static int case_number;
static struct mta_relay *relay;
static struct store_hold *store_hold;

static void submit_smtp(IMsgStore *store, const char *subject, const char *address)
{
    const char * const to[] = { address, NULL };
    submit_to(store, subject, to, 0, "SMTP");
}

static int setup(void **state)
{
    SPropValue port;

    if (!mta_init("storelogoff_smtp")) return -1;
    /* The transport goes through the relay, which can hold a message's end of data. */
    relay = relay_start(mta_port, mta_connect);
    assert_non_null(relay);

    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    ctl_init("smtp");
    make_spool_profile(PROFILE, services);
    port.ulPropTag = PR_SMTPXP_PORT;
    port.Value.l = relay_port(relay);
    configure_smtp(PROFILE, 1, &port);
    return 0;
}

static int teardown(void **state)
{
    delete_profile(PROFILE);
    MAPIUninitialize();
    DeleteFileA(db_path);
    DeleteFileA(ctl_log_path);
    relay_stop(relay);
    return 0;
}

static struct
{
    IMAPISession *session, *other;
    IMsgStore *store, *other_store;
    IMAPIStatus *status;
} held;

static int cell_teardown(void **state)
{
    /* What holds the transport goes first: a session's logoff waits for it. */
    relay_release(relay);
    store_hold_end(store_hold);
    store_hold = NULL;
    if (held.status) held.status->lpVtbl->Release(held.status);
    if (held.store) held.store->lpVtbl->Release(held.store);
    if (held.other_store) held.other_store->lpVtbl->Release(held.other_store);
    if (held.other) IMAPISession_Release(held.other);
    if (held.session) IMAPISession_Release(held.session);
    memset(&held, 0, sizeof(held));
    if (!port_accepts(mta_port)) mta_control("resume");
    return 0;
}

/* Messages submitted while the MTA is down (paused before the session began, so that the transport
 * has no connection left over): the transport answers MAPI_E_NETWORK_ERROR, and they wait a minute
 * for the next try. */
static void queue_while_down(IMsgStore *store, const char *subject1, const char *subject2)
{
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    DWORD start;

    submit_smtp(store, subject1, "alice@example.test");
    if (subject2) submit_smtp(store, subject2, "alice@example.test");
    /* Tried and back in the queue: the transport's status row says why. Give it the time of a try. */
    for (start = GetTickCount(); GetTickCount() - start < 2000;) Sleep(100);
    assert_int_equal(where_is(store, subject1), 'q');
    outbox->lpVtbl->Release(outbox);
    mta_control("resume");
}

static void run_cell(void **state)
{
    const struct cell *cell = *state;
    ULONG flag = effective[cell->input], flags, expected_out;
    IMAPISession *session, *other = NULL;
    IMsgStore *store, *other_store = NULL;
    char first[32], q1[32], q2[32];
    BOOL drain = flag == LOGOFF_NO_WAIT || flag == LOGOFF_PURGE;
    BOOL carry_on = flag == LOGOFF_ABORT || flag == LOGOFF_QUIET;

    ctl_reset();
    case_number++;
    snprintf(first, sizeof(first), "s%d first", case_number);
    snprintf(q1, sizeof(q1), "s%d queued 1", case_number);
    snprintf(q2, sizeof(q2), "s%d queued 2", case_number);

    if (cell->scene != IDLE) mta_control("pause");
    held.session = session = logon(PROFILE, 0);
    held.store = store = open_default_store(session);
    if (cell->scene == IDLE)
    {
        submit_smtp(store, first, "alice@example.test");
        assert_true(wait_delivered(L"alice", first));
        assert_true(wait_where(store, first, 's'));
    }

    if (cell->scene == ELSEWHERE)
    {
        held.other = other = logon(PROFILE, MAPI_NO_MAIL);
        held.other_store = other_store = open_default_store(other);
    }
    if (cell->scene != IDLE) queue_while_down(store, q1, cell->scene == QUEUED ? q2 : NULL);

    switch (cell->input)
    {
    case IN_NULL:
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, NULL));
        break;
    case IN_TWO:
        flags = LOGOFF_NO_WAIT | LOGOFF_PURGE;
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, &flags));
        break;
    case IN_UNKNOWN:
        flags = LOGOFF_ABORT | 0x200;
        assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, store->lpVtbl->StoreLogoff(store, &flags));
        break;
    default:
        flags = cell->input == IN_ZERO ? 0 : flag;
        assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
        assert_int_equal(flags, cell->scene == IDLE ? 0 : LOGOFF_OUTBOUND_QUEUE);
        break;
    }
    held.store = NULL;
    assert_int_equal(store->lpVtbl->Release(store), 0);

    assert_int_equal(control->slt_calls, 1);
    assert_int_equal(control->slt_in, flag);
    if (cell->scene == QUEUED) expected_out = LOGOFF_OUTBOUND_QUEUE | (carry_on ? 0 : LOGOFF_COMPLETE);
    else expected_out = LOGOFF_COMPLETE;
    assert_int_equal(control->slt_out, expected_out);
    if (cell->scene == QUEUED && flag == LOGOFF_PURGE)
    {
        /* PURGE returned once the queue went out: Exim has both. */
        assert_true(wait_delivered(L"alice", q1));
        assert_true(wait_delivered(L"alice", q2));
    }
    if (cell->scene == QUEUED && drain)
    {
        assert_true(wait_delivered(L"alice", q1));
        assert_true(wait_delivered(L"alice", q2));
    }

    held.other_store = NULL;
    held.other = NULL;
    held.session = NULL;
    if (other_store) other_store->lpVtbl->Release(other_store);
    if (other)
    {
        IMAPISession_Logoff(other, 0, 0, 0);
        IMAPISession_Release(other);
    }
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);

    if (cell->scene == IDLE) assert_int_equal(count_delivered(L"alice", first), 1);
    if (cell->scene == QUEUED)
    {
        assert_int_equal(count_delivered(L"alice", q1), drain ? 1 : 0);
        assert_int_equal(count_delivered(L"alice", q2), drain ? 1 : 0);
        assert_int_equal(where_is_now(PROFILE, q1), drain ? 's' : 'q');
        assert_int_equal(where_is_now(PROFILE, q2), drain ? 's' : 'q');
    }
    if (cell->scene == ELSEWHERE)
    {
        assert_int_equal(count_delivered(L"alice", q1), 0);
        assert_int_equal(where_is_now(PROFILE, q1), 'q');
    }
}

/***********************************************************************
 * The busy states, held through the relay and the store's database (mta_hold.h)
 */
static DWORD WINAPI release_thread(void *arg)
{
    IMsgStore *store = arg;
    return store->lpVtbl->Release(store);
}

static ULONG outbox_rows(IMsgStore *store)
{
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    IMAPITable *table;
    ULONG count;

    assert_hr_equal(S_OK, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    table->lpVtbl->Release(table);
    outbox->lpVtbl->Release(outbox);
    return count;
}

/* What earlier cases left in the queue has gone out: the relay is to catch the case's own message. */
static BOOL wait_outbox_empty(IMsgStore *store)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (!outbox_rows(store)) return TRUE;
        Sleep(50);
    }
    return FALSE;
}

/* The transport reads a message of inbox@'s Maildir to deliver it (it holds the file open). */
static BOOL wait_claimed(void)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (maildir_claimed(L"inbox")) return TRUE;
        Sleep(20);
    }
    return FALSE;
}

/* Mail from outside for the transport's Maildir, given to Exim. */
static void inject_inbound(const char *subject)
{
    char text[512];

    snprintf(text, sizeof(text), "From: <carol@example.test>\r\nTo: <inbox@example.test>\r\nSubject: %s\r\n"
             "Content-Type: text/plain; charset=us-ascii\r\n\r\nFrom outside, through the MTA.\r\n", subject);
    mta_inject("carol@example.test", "inbox@example.test", text);
}

/* StoreLogoff with the case's input, on a store doing what activity says; objects opened from the
 * store stay usable after it. */
static void logoff_input(IMsgStore *store, enum input input, ULONG activity, ULONG outbox_count)
{
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    IMAPITable *table;
    ULONG flags, count;

    assert_hr_equal(S_OK, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));
    switch (input)
    {
    case IN_NULL:
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, NULL));
        break;
    case IN_TWO:
        flags = LOGOFF_ORDERLY | LOGOFF_QUIET;
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, &flags));
        break;
    case IN_UNKNOWN:
        flags = LOGOFF_NO_WAIT | 0x400;
        assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, store->lpVtbl->StoreLogoff(store, &flags));
        break;
    default:
        flags = input == IN_ZERO ? 0 : effective[input];
        assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
        assert_int_equal(flags, activity);
        break;
    }
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, outbox_count);
    table->lpVtbl->Release(table);
    outbox->lpVtbl->Release(outbox);
}

/* A message of the store in the transport's hands: the relay keeps back the end of A's data, so
 * SubmitMessage waits for Exim's answer; B waits in the queue behind it. */
static void run_in_hands(void **state)
{
    const struct cell *cell = *state;
    ULONG flag = effective[cell->input];
    BOOL carry_on = flag == LOGOFF_ABORT || flag == LOGOFF_QUIET;
    IMAPISession *session;
    IMsgStore *store;
    HANDLE thread;
    char a[32], b[32];

    ctl_reset();
    case_number++;
    snprintf(a, sizeof(a), "s%d in hands", case_number);
    snprintf(b, sizeof(b), "s%d behind", case_number);

    held.session = session = logon(PROFILE, 0);
    held.store = store = open_default_store(session);
    held.status = open_status_row(session, MAPI_SPOOLER);
    assert_true(wait_outbox_empty(store));
    assert_true(wait_outbound_done(session));

    relay_hold_next(relay);
    submit_smtp(store, a, "alice@example.test");
    assert_true(relay_wait_held(relay, WAIT_MS));
    assert_true(status_long(held.status, PR_STATUS_CODE) & STATUS_OUTBOUND_ACTIVE);
    submit_smtp(store, b, "alice@example.test");
    assert_int_equal(where_is(store, b), 'q');

    logoff_input(store, cell->input, LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE, 2);
    assert_int_equal(control->slt_calls, 0);

    /* The last Release: only PURGE waits, for A and B to go out. */
    held.store = NULL;
    thread = CreateThread(NULL, 0, release_thread, store, 0, NULL);
    if (flag == LOGOFF_PURGE)
    {
        assert_int_equal(WaitForSingleObject(thread, 300), WAIT_TIMEOUT);
        assert_true(relay_wait_held(relay, 0));
        relay_release(relay);
        assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
    }
    else
    {
        assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
        /* It returned while the transport still waits for the server, which has no end of data. */
        assert_true(relay_wait_held(relay, 0));
        assert_true(status_long(held.status, PR_STATUS_CODE) & STATUS_OUTBOUND_ACTIVE);
        assert_int_equal(count_delivered(L"alice", a), 0);
        relay_release(relay);
    }
    CloseHandle(thread);
    assert_int_equal(control->slt_calls, 1);
    assert_int_equal(control->slt_in, flag);
    assert_int_equal(control->slt_out, LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE | (carry_on ? 0 : LOGOFF_COMPLETE));

    /* A is finished whatever the flag; B goes out too unless ORDERLY, which starts nothing new. */
    assert_true(wait_delivered(L"alice", a));
    if (flag != LOGOFF_ORDERLY) assert_true(wait_delivered(L"alice", b));
    assert_true(wait_outbound_done(session));

    held.session = NULL;
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, held.status->lpVtbl->ValidateState(held.status, 0, 0));
    held.status->lpVtbl->Release(held.status);
    held.status = NULL;

    assert_int_equal(count_delivered(L"alice", a), 1);
    assert_int_equal(where_is_now(PROFILE, a), 's');
    assert_int_equal(count_delivered(L"alice", b), flag == LOGOFF_ORDERLY ? 0 : 1);
    assert_int_equal(where_is_now(PROFILE, b), flag == LOGOFF_ORDERLY ? 'q' : 's');
    if (flag == LOGOFF_ORDERLY)
    {
        /* B waited for the next logon: it goes out then, once. */
        held.session = session = logon(PROFILE, 0);
        held.store = store = open_default_store(session);
        assert_true(wait_delivered(L"alice", b));
        assert_true(wait_where(store, b, 's'));
        held.store = NULL;
        store->lpVtbl->Release(store);
        held.session = NULL;
        assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
        IMAPISession_Release(session);
        assert_int_equal(count_delivered(L"alice", b), 1);
    }
}

/* A delivery under way into the store: Exim delivered a message to the transport's Maildir, and
 * StartMessage waits inside for the store's database, which the test holds. Another message waits
 * in the Maildir behind it. */
static void run_inbound(void **state)
{
    const struct cell *cell = *state;
    ULONG flag = effective[cell->input];
    BOOL carry_on = flag == LOGOFF_ABORT || flag == LOGOFF_QUIET;
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *inbox;
    HANDLE thread;
    char first[32], in1[32], in2[32];

    ctl_reset();
    case_number++;
    snprintf(first, sizeof(first), "s%d first", case_number);
    snprintf(in1, sizeof(in1), "s%d inbound 1", case_number);
    snprintf(in2, sizeof(in2), "s%d inbound 2", case_number);
    assert_int_equal(maildir_count(L"inbox", L"new"), 0);

    held.session = session = logon(PROFILE, 0);
    held.store = store = open_default_store(session);
    held.status = open_status_row(session, MAPI_SPOOLER);
    /* The spooler has the store and nothing to write: a message went through, the queue is empty. */
    submit_smtp(store, first, "alice@example.test");
    assert_true(wait_where(store, first, 's'));
    assert_true(wait_outbox_empty(store));
    assert_true(wait_outbound_done(session));

    store_hold = store_hold_begin(db_path);
    assert_non_null(store_hold);
    inject_inbound(in1);
    assert_true(wait_claimed());
    inject_inbound(in2);
    assert_true(wait_delivered_in(L"inbox", L"new", in2));
    assert_true(status_long(held.status, PR_STATUS_CODE) & STATUS_INBOUND_ACTIVE);

    logoff_input(store, cell->input, LOGOFF_INBOUND, 0);
    assert_int_equal(control->slt_calls, 0);

    /* The last Release: only PURGE waits, for the delivery and the transport's flush. */
    held.store = NULL;
    thread = CreateThread(NULL, 0, release_thread, store, 0, NULL);
    if (flag == LOGOFF_PURGE)
    {
        assert_int_equal(WaitForSingleObject(thread, 300), WAIT_TIMEOUT);
        assert_int_equal(maildir_claimed(L"inbox"), 1);
        store_hold_end(store_hold);
        store_hold = NULL;
        assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
        /* PURGE returned after the delivery: the message left new/. */
        assert_int_equal(count_delivered_in(L"inbox", L"new", in1), 0);
        assert_int_equal(count_delivered_in(L"inbox", L"cur", in1), 1);
    }
    else
    {
        assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
        /* It returned while the delivery still waits for the store. */
        assert_int_equal(maildir_claimed(L"inbox"), 1);
        assert_true(status_long(held.status, PR_STATUS_CODE) & STATUS_INBOUND_ACTIVE);
        store_hold_end(store_hold);
        store_hold = NULL;
    }
    CloseHandle(thread);
    assert_int_equal(control->slt_calls, 1);
    assert_int_equal(control->slt_in, flag);
    assert_int_equal(control->slt_out, LOGOFF_INBOUND | (carry_on ? 0 : LOGOFF_COMPLETE));

    /* The delivery under way finishes, whatever the flag: its file goes to cur/. */
    assert_true(wait_delivered_in(L"inbox", L"cur", in1));

    held.session = NULL;
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, held.status->lpVtbl->ValidateState(held.status, 0, 0));
    held.status->lpVtbl->Release(held.status);
    held.status = NULL;

    /* In the Inbox once, whole; then the store was idle and let go (ABORT and QUIET too): the next
     * message waits in the Maildir for the next logon. */
    assert_int_equal(count_received(PROFILE, in1), 1);
    assert_int_equal(count_delivered_in(L"inbox", L"new", in1), 0);
    assert_int_equal(count_delivered_in(L"inbox", L"cur", in1), 1);
    assert_int_equal(count_received(PROFILE, in2), 0);
    assert_int_equal(count_delivered_in(L"inbox", L"new", in2), 1);

    /* The next logon delivers it, once. */
    held.session = session = logon(PROFILE, 0);
    held.store = store = open_default_store(session);
    inbox = open_inbox(store);
    assert_true(wait_count(inbox, in2, 1));
    inbox->lpVtbl->Release(inbox);
    held.store = NULL;
    store->lpVtbl->Release(store);
    held.session = NULL;
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_equal(maildir_count(L"inbox", L"new"), 0);
    assert_int_equal(count_received(PROFILE, in2), 1);
}

static DWORD WINAPI logoff_thread(void *arg)
{
    IMAPISession *session = arg;
    return IMAPISession_Logoff(session, 0, 0, 0);
}

/* Session logoff while the transport waits for Exim's answer to a message's data (the relay keeps
 * back its end): the transport has sent the data, so the server may take the message whatever it
 * does now. The logoff waits for the answer (a message cut off there could go twice) and the message
 * is the server's once it comes: delivered once, in Sent Items, not queued for a later session. */
static void test_logoff_in_hands(void **state)
{
    const char *subject = "in hands at logoff";
    IMAPISession *session;
    IMsgStore *store;
    HANDLE thread;
    DWORD code;

    held.session = session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_true(wait_outbox_empty(store));
    assert_true(wait_outbound_done(session));
    relay_hold_next(relay);
    submit_smtp(store, subject, "alice@example.test");
    assert_true(relay_wait_held(relay, WAIT_MS));
    store->lpVtbl->Release(store);

    thread = CreateThread(NULL, 0, logoff_thread, session, 0, NULL);
    assert_int_equal(WaitForSingleObject(thread, 500), WAIT_TIMEOUT);
    assert_int_equal(count_delivered(L"alice", subject), 0);
    relay_release(relay);
    assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    assert_hr_equal(S_OK, code);
    held.session = NULL;
    IMAPISession_Release(session);
    /* Out of the queue: no later session sends it again. */
    assert_int_equal(where_is_now(PROFILE, subject), 's');
    assert_true(wait_delivered(L"alice", subject));
    assert_int_equal(count_delivered(L"alice", subject), 1);
}

/* What the last cases left queued goes out once, in a later session; mail Exim delivered to the
 * transport's Maildir reaches the Inbox; a refused recipient gets a report. */
static void test_later_session(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    IMAPIStatus *status;
    int i;

    for (i = 1; i <= case_number; i++)
    {
        char q[32];
        snprintf(q, sizeof(q), "s%d queued 1", i);
        if (where_is(store, q) != 'q') continue;
        /* Its retry comes a minute after the failure: FlushQueues of the spooler sends now. */
        status = open_status_row(session, MAPI_SPOOLER);
        assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
        status->lpVtbl->Release(status);
        break;
    }
    for (i = 1; i <= case_number; i++)
    {
        char q[32];
        snprintf(q, sizeof(q), "s%d queued 1", i);
        if (count_delivered(L"alice", q) || where_is(store, q) == '-') continue;
        assert_true(wait_where(store, q, 's'));
        assert_true(wait_delivered(L"alice", q));
        assert_int_equal(count_delivered(L"alice", q), 1);
    }

    /* In: Exim delivers to inbox@, the transport's Maildir; the spooler puts it in the Inbox. */
    submit_smtp(store, "round trip", "inbox@example.test");
    assert_true(wait_count(inbox, "round trip", 1));

    /* A refused recipient: Exim says 550, the spooler writes the report. */
    submit_smtp(store, "to nobody", "refused@example.test");
    assert_true(wait_count(inbox, "Undeliverable: to nobody", 1));

    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* Session logoff while messages wait in the queue (the MTA down): none lost, none sent twice. */
static void test_logoff_with_queue(void **state)
{
    IMAPISession *session;
    IMsgStore *store;

    mta_control("pause");
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    queue_while_down(store, "waiting at logoff", NULL);
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_equal(where_is_now(PROFILE, "waiting at logoff"), 'q');

    /* A new session's spooler tries it at once. */
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_true(wait_delivered(L"alice", "waiting at logoff"));
    assert_true(wait_where(store, "waiting at logoff", 's'));
    assert_int_equal(count_delivered(L"alice", "waiting at logoff"), 1);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

int main(int argc, char **argv)
{
    struct CMUnitTest tests[IN_COUNT * SCENE_COUNT + 3];
    int i, j, n = 0;

    for (j = 0; j < SCENE_COUNT; j++)
    {
        for (i = 0; i < IN_COUNT; i++, n++)
        {
            cells[n].input = i;
            cells[n].scene = j;
            snprintf(cells[n].name, sizeof(cells[n].name), "%s, %s", input_names[i], scene_names[j]);
            memset(&tests[n], 0, sizeof(tests[n]));
            tests[n].name = cells[n].name;
            tests[n].test_func = j == IN_HANDS ? run_in_hands : j == INBOUND ? run_inbound : run_cell;
            tests[n].teardown_func = cell_teardown;
            tests[n].initial_state = &cells[n];
        }
    }
    memset(&tests[n], 0, sizeof(tests[n]));
    tests[n].name = "test_later_session";
    tests[n++].test_func = test_later_session;
    memset(&tests[n], 0, sizeof(tests[n]));
    tests[n].name = "test_logoff_with_queue";
    tests[n++].test_func = test_logoff_with_queue;
    memset(&tests[n], 0, sizeof(tests[n]));
    tests[n].name = "test_logoff_in_hands";
    tests[n].test_func = test_logoff_in_hands;
    tests[n++].teardown_func = cell_teardown;
    if (argc > 1) cmocka_set_test_filter(argv[1]);
    return _cmocka_run_group_tests("test_storelogoff_smtp", tests, n, setup, teardown);
}
