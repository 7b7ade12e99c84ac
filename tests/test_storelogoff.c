/*
 * IMsgStore::StoreLogoff and the store's last Release, as
 * ../shared/docs/storelogoff.md says, for every input flag (and 0, two
 * flags, unknown bits, NULL) with the store idle, with messages queued, with
 * a message in a transport's hands, with a delivery under way, and with the
 * store still open in another session or another process. ctlxp.dll holds
 * each state until the test lets it go; recms.dll records what
 * StoreLogoffTransports answered at the last Release.
 *
 * Each case asserts StoreLogoff's return code and output flags, what
 * StoreLogoffTransports got and answered, whether the last Release returned
 * before the transport finished (only PURGE waits), which messages were sent
 * (once) or stayed in the queue intact, which were delivered, and that the
 * store's objects stay usable until the last Release.
 *
 * The program also runs as its own child ("child open PROFILE", "child spool
 * PROFILE") for the cases with another process.
 */

#include "initguid.h"
#include "mapiguid.h"
#include "spooler_test.h"

#ifdef STORELOGOFF_MORE
#define PROFILE "StoreLogoffTestMore"
#else
#define PROFILE "StoreLogoffTest"
#endif

static const char * const services[] = { "RecSQLMS", "CtlTransport", NULL };

enum input { IN_ABORT, IN_QUIET, IN_ORDERLY, IN_NO_WAIT, IN_PURGE, IN_ZERO, IN_TWO, IN_UNKNOWN, IN_NULL, IN_COUNT };
enum scene { IDLE, QUEUED, IN_HANDS, INBOUND, ELSEWHERE_SESSION, ELSEWHERE_PROCESS, SCENE_COUNT };

static const char * const input_names[IN_COUNT] =
    { "ABORT", "QUIET", "ORDERLY", "NO_WAIT", "PURGE", "zero", "two flags", "unknown bits", "NULL" };
static const char * const scene_names[SCENE_COUNT] =
    { "idle", "queued", "in a transport's hands", "inbound", "open in another session", "open in another process" };

/* What the last Release hands StoreLogoffTransports: the flag StoreLogoff saved, ABORT if it saved none. */
static const ULONG effective[IN_COUNT] =
{
    LOGOFF_ABORT, LOGOFF_QUIET, LOGOFF_ORDERLY, LOGOFF_NO_WAIT, LOGOFF_PURGE, LOGOFF_ORDERLY,
    LOGOFF_ABORT, LOGOFF_ABORT, LOGOFF_ABORT
};

/* What the store reports in each scene (LOGOFF_INBOUND, _OUTBOUND, _OUTBOUND_QUEUE). */
static const ULONG activity[SCENE_COUNT] =
{
    0, LOGOFF_OUTBOUND_QUEUE, LOGOFF_OUTBOUND | LOGOFF_OUTBOUND_QUEUE, LOGOFF_INBOUND,
    LOGOFF_OUTBOUND_QUEUE, LOGOFF_OUTBOUND_QUEUE
};

struct cell
{
    enum input input;
    enum scene scene;
    char name[96];
};

/* Two programs share the cases, to stay within a test's time: this one and test_storelogoff_more. */
#ifdef STORELOGOFF_MORE
#define FIRST_SCENE INBOUND
#define LAST_SCENE ELSEWHERE_PROCESS
#define PROGRAM "test_storelogoff_more"
#else
#define FIRST_SCENE IDLE
#define LAST_SCENE IN_HANDS
#define PROGRAM "test_storelogoff"
#endif

static struct cell cells[IN_COUNT * SCENE_COUNT];
static int case_number;

/* What a case holds, let go by its teardown when an assertion cut it short. */
static struct
{
    IMAPISession *session, *other;
    IMsgStore *store, *other_store;
    HANDLE child;
} held;

static int setup(void **state)
{
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    ctl_init("logoff");
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

/***********************************************************************
 * The cases
 */
static DWORD WINAPI release_thread(void *arg)
{
    IMsgStore *store = arg;
    return store->lpVtbl->Release(store);
}

/* Messages that wait for a retry an hour away: queued, nobody's. */
static void queue_waiting(IMsgStore *store, const char *subject, int count)
{
    char name[64];
    int i;

    control->submit_result = MAPI_E_WAIT;
    control->submit_parm = 3600;
    for (i = 0; i < count; i++)
    {
        snprintf(name, sizeof(name), "%s%d", subject, i + 1);
        submit(store, name);
        snprintf(name, sizeof(name), "failed %s%d 0x80040500", subject, i + 1);
        assert_true(ctl_wait_line(name));
    }
    control->submit_result = S_OK;
}

static BOOL is_busy(enum scene scene)
{
    return scene == QUEUED || scene == IN_HANDS || scene == INBOUND;
}

static void run_cell(void **state)
{
    const struct cell *cell = *state;
    ULONG flag = effective[cell->input], flags, expected_out, count;
    IMAPISession *session, *other = NULL;
    IMsgStore *store, *other_store = NULL;
    IMAPIFolder *outbox;
    IMAPITable *table;
    HANDLE child = NULL, thread;
    char a[32], b[32], q1[40], q2[40], inbound1[32], inbound2[32], line[64];
    BOOL carry_on = flag == LOGOFF_ABORT || flag == LOGOFF_QUIET, drain = flag == LOGOFF_NO_WAIT || flag == LOGOFF_PURGE;

    ctl_reset();
    case_number++;
    snprintf(a, sizeof(a), "c%d-a", case_number);
    snprintf(b, sizeof(b), "c%d-b", case_number);
    snprintf(q1, sizeof(q1), "c%d-q1", case_number);
    snprintf(q2, sizeof(q2), "c%d-q2", case_number);
    control->inbound_next = case_number * 10;
    snprintf(inbound1, sizeof(inbound1), "inbound %d", case_number * 10 + 1);
    snprintf(inbound2, sizeof(inbound2), "inbound %d", case_number * 10 + 2);

    held.session = session = logon(PROFILE, 0);
    held.store = store = open_default_store(session);
    /* The spooler has the store: a first message goes through. */
    submit(store, a);
    assert_true(wait_where(store, a, 's'));
    snprintf(a, sizeof(a), "c%d-A", case_number);

    switch (cell->scene)
    {
    case IDLE:
        break;
    case QUEUED:
        snprintf(q1, sizeof(q1), "c%d-q", case_number);
        queue_waiting(store, q1, 2);
        snprintf(q1, sizeof(q1), "c%d-q1", case_number);
        break;
    case IN_HANDS:
        control->hold = CTLXP_HOLD_SUBMIT;
        submit(store, a);
        assert_true(step_entered(STEP_SUBMIT));
        /* B is in the queue, behind A. */
        submit(store, b);
        break;
    case INBOUND:
        control->hold = CTLXP_HOLD_START;
        control->inbound_waiting = 2;
        assert_true(step_entered(STEP_START));
        break;
    case ELSEWHERE_SESSION:
        held.other = other = logon(PROFILE, MAPI_NO_MAIL);
        held.other_store = other_store = open_default_store(other);
        snprintf(q1, sizeof(q1), "c%d-q", case_number);
        queue_waiting(store, q1, 1);
        snprintf(q1, sizeof(q1), "c%d-q1", case_number);
        break;
    case ELSEWHERE_PROCESS:
        held.child = child = start_child("open", PROFILE);
        snprintf(q1, sizeof(q1), "c%d-q", case_number);
        queue_waiting(store, q1, 1);
        snprintf(q1, sizeof(q1), "c%d-q1", case_number);
        break;
    default:
        break;
    }
    if (cell->scene == IN_HANDS || cell->scene == QUEUED || cell->scene == ELSEWHERE_SESSION ||
        cell->scene == ELSEWHERE_PROCESS)
        assert_int_equal(where_is(store, q1[0] && cell->scene != IN_HANDS ? q1 : b), 'q');

    /* Objects opened from the store stay usable after StoreLogoff, until the last Release. */
    outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    assert_hr_equal(S_OK, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));

    switch (cell->input)
    {
    case IN_NULL:
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, NULL));
        break;
    case IN_TWO:
        flags = LOGOFF_ABORT | LOGOFF_QUIET;
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, &flags));
        break;
    case IN_UNKNOWN:
        flags = LOGOFF_ORDERLY | 0x100;
        assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, store->lpVtbl->StoreLogoff(store, &flags));
        break;
    default:
        flags = cell->input == IN_ZERO ? 0 : flag;
        assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
        assert_int_equal(flags, activity[cell->scene]);
        break;
    }
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, cell->scene == IDLE || cell->scene == INBOUND ? 0 : cell->scene == QUEUED ? 2 :
                     cell->scene == IN_HANDS ? 2 : 1);
    assert_hr_equal(S_OK, store->lpVtbl->GetProps(store, NULL, 0, &count, (SPropValue **)&thread));
    MAPIFreeBuffer(thread);
    table->lpVtbl->Release(table);
    outbox->lpVtbl->Release(outbox);
    assert_int_equal(control->slt_calls, 0);

    /* The last Release: StoreLogoffTransports with the saved flag. */
    held.store = NULL;
    if (flag == LOGOFF_PURGE) control->hold |= CTLXP_HOLD_FLUSH;
    thread = CreateThread(NULL, 0, release_thread, store, 0, NULL);
    if (flag == LOGOFF_PURGE && is_busy(cell->scene))
    {
        /* PURGE waits for the work it names: the transport holds it up. */
        if (cell->scene == QUEUED)
        {
            assert_true(ctl_wait_sent(q1));
            assert_true(ctl_wait_sent(q2));
        }
        if (cell->scene == IN_HANDS)
        {
            assert_int_equal(WaitForSingleObject(thread, 200), WAIT_TIMEOUT);
            step_release(STEP_SUBMIT);
            assert_true(ctl_wait_sent(a));
            assert_true(step_entered(STEP_SUBMIT));
            step_release(STEP_SUBMIT);
            assert_true(ctl_wait_sent(b));
        }
        if (cell->scene == INBOUND)
        {
            assert_int_equal(WaitForSingleObject(thread, 200), WAIT_TIMEOUT);
            step_release(STEP_START);
            assert_true((snprintf(line, sizeof(line), "received %s", inbound1), ctl_wait_line(line)));
        }
        assert_true(step_entered(STEP_FLUSH));
        assert_int_equal(WaitForSingleObject(thread, 200), WAIT_TIMEOUT);
        assert_int_equal(control->slt_calls, 0);
        step_release(STEP_FLUSH);
        assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
        assert_int_equal(control->flush_flags, FLUSH_UPLOAD | FLUSH_DOWNLOAD);
    }
    else
    {
        /* Nothing else waits: the Release returns while the transport still holds its step. */
        assert_int_equal(WaitForSingleObject(thread, WAIT_MS), WAIT_OBJECT_0);
        if (cell->scene == IN_HANDS) assert_int_equal(ctl_countf("sent %s", a), 0);
        if (cell->scene == INBOUND) assert_int_equal(control->inbound_waiting, 2);
    }
    CloseHandle(thread);

    assert_int_equal(control->slt_calls, 1);
    assert_int_equal(control->slt_hr, S_OK);
    assert_int_equal(control->slt_in, flag);
    if (cell->scene == IDLE || cell->scene == ELSEWHERE_SESSION || cell->scene == ELSEWHERE_PROCESS)
        expected_out = LOGOFF_COMPLETE;
    else expected_out = activity[cell->scene] | (carry_on ? 0 : LOGOFF_COMPLETE);
    assert_int_equal(control->slt_out, expected_out);
    if (flag != LOGOFF_PURGE || !is_busy(cell->scene)) assert_int_equal(control->flush_calls, 0);

    /* What the transport held finishes; what follows depends on the flag. */
    switch (cell->scene)
    {
    case QUEUED:
        if (drain)
        {
            assert_true(ctl_wait_sent(q1));
            assert_true(ctl_wait_sent(q2));
        }
        break;
    case IN_HANDS:
        if (flag != LOGOFF_PURGE)
        {
            step_release(STEP_SUBMIT);
            assert_true(ctl_wait_sent(a));
            if (carry_on || drain)
            {
                assert_true(step_entered(STEP_SUBMIT));
                step_release(STEP_SUBMIT);
                assert_true(ctl_wait_sent(b));
            }
        }
        break;
    case INBOUND:
        if (flag != LOGOFF_PURGE)
        {
            step_release(STEP_START);
            assert_true((snprintf(line, sizeof(line), "received %s", inbound1), ctl_wait_line(line)));
        }
        break;
    default:
        break;
    }

    /* The spooler lets go (or carries on) and the session ends: then count what went where. */
    held.other_store = NULL;
    held.child = NULL;
    held.other = NULL;
    held.session = NULL;
    if (other_store) other_store->lpVtbl->Release(other_store);
    if (child) stop_child(child);
    if (other)
    {
        IMAPISession_Logoff(other, 0, 0, 0);
        IMAPISession_Release(other);
    }
    control->hold = 0;
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);

    switch (cell->scene)
    {
    case IDLE:
        assert_int_equal(control->submit_calls, 1);
        break;
    case QUEUED:
        assert_int_equal(ctl_countf("sent %s", q1), drain ? 1 : 0);
        assert_int_equal(ctl_countf("sent %s", q2), drain ? 1 : 0);
        assert_int_equal(where_is_now(PROFILE, q1), drain ? 's' : 'q');
        assert_int_equal(where_is_now(PROFILE, q2), drain ? 's' : 'q');
        break;
    case IN_HANDS:
        assert_int_equal(ctl_countf("sent %s", a), 1);
        assert_int_equal(where_is_now(PROFILE, a), 's');
        /* ORDERLY starts nothing new: B stays queued for the next logon. */
        assert_int_equal(ctl_countf("sent %s", b), flag == LOGOFF_ORDERLY ? 0 : 1);
        assert_int_equal(ctl_countf("submit %s preprocessed", b), flag == LOGOFF_ORDERLY ? 0 : 1);
        assert_int_equal(where_is_now(PROFILE, b), flag == LOGOFF_ORDERLY ? 'q' : 's');
        break;
    case INBOUND:
        assert_int_equal(count_received(PROFILE, inbound1), 1);
        /* The delivery under way finishes; then the store is idle and the spooler lets it go (ABORT and
         * QUIET too): the next message waits at the transport for the next logon. */
        assert_int_equal(count_received(PROFILE, inbound2), 0);
        assert_int_equal(control->inbound_waiting, 1);
        break;
    case ELSEWHERE_SESSION:
    case ELSEWHERE_PROCESS:
        /* Nothing changed: the message waits for its retry, in the queue. */
        assert_int_equal(ctl_countf("sent %s", q1), 0);
        assert_int_equal(where_is_now(PROFILE, q1), 'q');
        break;
    default:
        break;
    }
}

static int cell_teardown(void **state)
{
    int i;

    control->hold = 0;
    for (i = 0; i < CTLXP_STEPS; i++) SetEvent(step_go[i]);
    if (held.store) held.store->lpVtbl->Release(held.store);
    if (held.other_store) held.other_store->lpVtbl->Release(held.other_store);
    if (held.child)
    {
        SetEvent(child_event("quit"));
        if (WaitForSingleObject(held.child, 5000)) TerminateProcess(held.child, 1);
        CloseHandle(held.child);
    }
    if (held.other) IMAPISession_Release(held.other);
    if (held.session) IMAPISession_Release(held.session);
    memset(&held, 0, sizeof(held));
    return 0;
}

int main(int argc, char **argv)
{
    struct CMUnitTest tests[IN_COUNT * SCENE_COUNT];
    int i, j, n = 0;

    if (argc > 3 && !strcmp(argv[1], "child")) return child_main(argv[2], argv[3]);
    for (j = FIRST_SCENE; j <= LAST_SCENE; j++)
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
    if (argc > 1) cmocka_set_test_filter(argv[1]);
    return _cmocka_run_group_tests(PROGRAM, tests, n, setup, teardown);
}
