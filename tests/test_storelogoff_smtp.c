/*
 * The store logoff cases once more with the real SMTP transport (smtpxp32.dll)
 * and a real MTA (Exim, tests/mta.sh, started by storelogoff_smtp.fixture.sh):
 * every input flag with the store idle, with messages queued (the MTA was down
 * when they were submitted: they wait for a retry a minute away) and with the
 * store open in another session; what Exim delivered is counted in its
 * Maildirs. Also: mail Exim delivered to the transport's Maildir reaches the
 * Inbox, a refused recipient gets a non-delivery report, and a session
 * logoff with messages queued loses none and sends none twice.
 *
 * The SMTP transport does a whole SMTP transaction inside SubmitMessage and a
 * whole delivery inside StartMessage: those states cannot be held from the
 * outside, so the "in a transport's hands" and "inbound" cases are
 * test_storelogoff's, with ctlxp.dll.
 */

#include "winsock2.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mta_test.h"

#define PROFILE "StoreLogoffSmtpTest"

static const char * const services[] = { "RecSQLMS", "SMTPXP", NULL };

enum input { IN_ABORT, IN_QUIET, IN_ORDERLY, IN_NO_WAIT, IN_PURGE, IN_ZERO, IN_TWO, IN_UNKNOWN, IN_NULL, IN_COUNT };
enum scene { IDLE, QUEUED, ELSEWHERE, SCENE_COUNT };

static const char * const input_names[IN_COUNT] =
    { "ABORT", "QUIET", "ORDERLY", "NO_WAIT", "PURGE", "zero", "two flags", "unknown bits", "NULL" };
static const char * const scene_names[SCENE_COUNT] = { "idle", "queued", "open in another session" };
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

static void submit_smtp(IMsgStore *store, const char *subject, const char *address)
{
    const char * const to[] = { address, NULL };
    submit_to(store, subject, to, 0, "SMTP");
}

static int setup(void **state)
{
    if (!mta_init("storelogoff_smtp")) return -1;
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    ctl_init("smtp");
    make_spool_profile(PROFILE, services);
    configure_smtp(PROFILE, 0, NULL);
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

static struct
{
    IMAPISession *session, *other;
    IMsgStore *store, *other_store;
} held;

static int cell_teardown(void **state)
{
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

/* What the last cases left queued goes out once, in a later session; mail Exim delivered to the
 * transport's Maildir reaches the Inbox; a refused recipient gets a report. */
static void test_later_session(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    int i;

    for (i = 1; i <= case_number; i++)
    {
        char q[32];
        snprintf(q, sizeof(q), "s%d queued 1", i);
        if (where_is(store, q) != 'q') continue;
        /* Its retry comes a minute after the failure: FlushQueues of the spooler sends now. */
        {
            static const SizedSPropTagArray(2, columns) = { 2, { PR_RESOURCE_TYPE, PR_ENTRYID } };
            IMAPIStatus *status = NULL;
            IMAPITable *table;
            SRowSet *rows;
            ULONG j, type;

            assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
            assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
            for (j = 0; j < rows->cRows; j++)
                if (rows->aRow[j].lpProps[0].Value.l == MAPI_SPOOLER)
                    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, rows->aRow[j].lpProps[1].Value.bin.cb,
                                    (ENTRYID *)rows->aRow[j].lpProps[1].Value.bin.lpb, &IID_IMAPIStatus, 0, &type,
                                    (IUnknown **)&status));
            FreeProws(rows);
            table->lpVtbl->Release(table);
            assert_non_null(status);
            assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
            status->lpVtbl->Release(status);
        }
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
    struct CMUnitTest tests[IN_COUNT * SCENE_COUNT + 2];
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
            tests[n].test_func = run_cell;
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
    if (argc > 1) cmocka_set_test_filter(argv[1]);
    return _cmocka_run_group_tests("test_storelogoff_smtp", tests, n, setup, teardown);
}
