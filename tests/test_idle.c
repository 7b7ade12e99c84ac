/*
 * The idle engine: MAPIInitIdle/MAPIDeinitIdle counting, routines called on
 * their schedule (FIROINTERVAL, FIROWAIT, as often as the engine is idle) and
 * by priority, enabling, changing and deregistering them (from outside and
 * from inside a routine), and stopping the engine while a routine runs.
 *
 * Routines report through events and counters; waits for something to happen
 * have generous timeouts, and the only sleeps are the windows in which
 * something must NOT happen.
 */

#include "mapi32_test.h"
#include "mapiutil_sdk.h"

#define LONG_WAIT 10000     /* ms: something that must happen */
#define QUIET_TIME 300      /* ms: a window in which nothing may happen */

struct counter
{
    LONG calls;
    LONG target;            /* signal done when calls reaches it */
    HANDLE done;
    ULONGLONG start[8];     /* when the first calls began */
    ULONGLONG end[8];       /* and returned */
};

static void init_counter(struct counter *counter, LONG target)
{
    memset(counter, 0, sizeof(*counter));
    counter->target = target;
    counter->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    assert_non_null(counter->done);
}

static BOOL WINAPI count_call(void *arg)
{
    struct counter *counter = arg;
    ULONGLONG start = GetTickCount64();
    LONG calls = InterlockedIncrement(&counter->calls);

    if (calls <= ARRAY_SIZE(counter->start))
    {
        counter->start[calls - 1] = start;
        counter->end[calls - 1] = GetTickCount64();
    }
    if (calls == counter->target) SetEvent(counter->done);
    return FALSE;
}

static void wait_done(struct counter *counter)
{
    assert_int_equal(WaitForSingleObject(counter->done, LONG_WAIT), WAIT_OBJECT_0);
}

/* No call for a while: what a stopped or disabled routine gets */
static void assert_no_more_calls(struct counter *counter)
{
    LONG before;

    Sleep(50);  /* a call that began before may still finish */
    before = ReadAcquire(&counter->calls);
    Sleep(QUIET_TIME);
    assert_int_equal(ReadAcquire(&counter->calls), before);
}

static void test_init_counting(void **state)
{
    struct counter counter;
    FTG ftg;

    init_counter(&counter, 1);

    /* nothing to register with before MAPIInitIdle */
    assert_null(FtgRegisterIdleRoutine(count_call, &counter, 1, 0, IRONULL));

    assert_int_equal(MAPIInitIdle(NULL), 0);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    ftg = FtgRegisterIdleRoutine(count_call, &counter, 1, 0, IRONULL);
    assert_non_null(ftg);
    wait_done(&counter);

    /* one of two users gone: the engine keeps running */
    MAPIDeinitIdle();
    counter.target = ReadAcquire(&counter.calls) + 2;
    ResetEvent(counter.done);
    wait_done(&counter);

    /* the last one: it stops and forgets its routines */
    MAPIDeinitIdle();
    assert_no_more_calls(&counter);
    assert_null(FtgRegisterIdleRoutine(count_call, &counter, 1, 0, IRONULL));
    EnableIdleRoutine(ftg, TRUE);
    DeregisterIdleRoutine(ftg);
    MAPIDeinitIdle();   /* one too many: ignored */

    /* and starts again */
    init_counter(&counter, 1);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    assert_non_null(FtgRegisterIdleRoutine(count_call, &counter, -1, 0, IRONULL));
    wait_done(&counter);
    MAPIDeinitIdle();
    CloseHandle(counter.done);
}

static void test_interval(void **state)
{
    struct counter counter;
    ULONGLONG registered;
    int i;

    init_counter(&counter, 3);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    registered = GetTickCount64();
    assert_non_null(FtgRegisterIdleRoutine(count_call, &counter, 1, 20, FIROINTERVAL));
    wait_done(&counter);
    MAPIDeinitIdle();

    /* never sooner than 200 ms (a tick of slack for the clock) */
    assert_true(counter.start[0] - registered >= 200 - 16);
    for (i = 1; i < 3; i++)
        assert_true(counter.start[i] - counter.end[i - 1] >= 200 - 16);
    CloseHandle(counter.done);
}

static void test_wait(void **state)
{
    struct counter counter;
    ULONGLONG registered;

    init_counter(&counter, 3);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    registered = GetTickCount64();
    assert_non_null(FtgRegisterIdleRoutine(count_call, &counter, 1, 30, FIROWAIT));
    /* after the wait, as often as the engine likes */
    wait_done(&counter);
    MAPIDeinitIdle();

    assert_true(counter.start[0] - registered >= 300 - 16);
    CloseHandle(counter.done);
}

/* Blocks the engine until released, then deregisters itself */
struct gate
{
    FTG ftg;
    HANDLE entered, release;
    LONG calls;
};

static BOOL WINAPI gate_routine(void *arg)
{
    struct gate *gate = arg;

    InterlockedIncrement(&gate->calls);
    SetEvent(gate->entered);
    WaitForSingleObject(gate->release, LONG_WAIT);
    DeregisterIdleRoutine(gate->ftg);
    return FALSE;
}

static void init_gate(struct gate *gate)
{
    memset(gate, 0, sizeof(*gate));
    gate->entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    gate->release = CreateEventW(NULL, TRUE, FALSE, NULL);
}

static void close_gate(struct gate *gate)
{
    CloseHandle(gate->entered);
    CloseHandle(gate->release);
}

/* Record the order of first calls, once each */
struct ordered
{
    FTG ftg;
    short priority;
    struct order_log *log;
};

struct order_log
{
    LONG count;
    short order[3];
    HANDLE done;
};

static BOOL WINAPI ordered_routine(void *arg)
{
    struct ordered *ordered = arg;
    LONG n = InterlockedIncrement(&ordered->log->count);

    if (n <= ARRAY_SIZE(ordered->log->order)) ordered->log->order[n - 1] = ordered->priority;
    DeregisterIdleRoutine(ordered->ftg);
    if (n == ARRAY_SIZE(ordered->log->order)) SetEvent(ordered->log->done);
    return FALSE;
}

static void test_priorities(void **state)
{
    static const short priorities[3] = { -5, 50, 3 };
    struct ordered routines[3];
    struct order_log log = { 0 };
    struct gate gate;
    int i;

    init_gate(&gate);
    log.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    assert_int_equal(MAPIInitIdle(NULL), 0);

    /* hold the engine in a routine while the others are registered */
    gate.ftg = FtgRegisterIdleRoutine(gate_routine, &gate, PRIHIGHEST, 0, FIRODISABLED);
    assert_non_null(gate.ftg);
    EnableIdleRoutine(gate.ftg, TRUE);
    assert_int_equal(WaitForSingleObject(gate.entered, LONG_WAIT), WAIT_OBJECT_0);

    for (i = 0; i < 3; i++)
    {
        routines[i].priority = priorities[i];
        routines[i].log = &log;
        routines[i].ftg = FtgRegisterIdleRoutine(ordered_routine, &routines[i], priorities[i], 0,
                                                 FIRODISABLED);
        assert_non_null(routines[i].ftg);
        EnableIdleRoutine(routines[i].ftg, TRUE);
    }
    SetEvent(gate.release);

    assert_int_equal(WaitForSingleObject(log.done, LONG_WAIT), WAIT_OBJECT_0);
    assert_int_equal(log.order[0], 50);
    assert_int_equal(log.order[1], 3);
    assert_int_equal(log.order[2], -5);
    /* the gate deregistered itself: it ran once */
    assert_int_equal(ReadAcquire(&gate.calls), 1);

    MAPIDeinitIdle();
    CloseHandle(log.done);
    close_gate(&gate);
}

static void test_enable_disable(void **state)
{
    struct counter counter;
    FTG ftg;

    init_counter(&counter, 1);
    assert_int_equal(MAPIInitIdle(NULL), 0);

    ftg = FtgRegisterIdleRoutine(count_call, &counter, 1, 0, FIRODISABLED);
    assert_non_null(ftg);
    assert_no_more_calls(&counter);
    assert_int_equal(counter.calls, 0);

    EnableIdleRoutine(ftg, TRUE);
    wait_done(&counter);

    EnableIdleRoutine(ftg, FALSE);
    assert_no_more_calls(&counter);

    counter.target = ReadAcquire(&counter.calls) + 2;
    ResetEvent(counter.done);
    EnableIdleRoutine(ftg, TRUE);
    wait_done(&counter);

    DeregisterIdleRoutine(ftg);
    assert_no_more_calls(&counter);
    MAPIDeinitIdle();
    CloseHandle(counter.done);
}

static void test_once_only(void **state)
{
    struct counter counter;
    FTG ftg;

    init_counter(&counter, 1);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    ftg = FtgRegisterIdleRoutine(count_call, &counter, 1, 0, FIROONCEONLY);
    assert_non_null(ftg);
    wait_done(&counter);
    assert_no_more_calls(&counter);
    assert_int_equal(counter.calls, 1);

    /* enabling it again is good for one more call */
    counter.target = 2;
    ResetEvent(counter.done);
    EnableIdleRoutine(ftg, TRUE);
    wait_done(&counter);
    assert_no_more_calls(&counter);
    assert_int_equal(counter.calls, 2);

    MAPIDeinitIdle();
    CloseHandle(counter.done);
}

static void test_change(void **state)
{
    struct counter old, new;
    FTG ftg;

    init_counter(&old, 1);
    init_counter(&new, 3);
    assert_int_equal(MAPIInitIdle(NULL), 0);

    /* not due for an hour */
    ftg = FtgRegisterIdleRoutine(count_call, &old, 1, 360000, FIROINTERVAL);
    assert_non_null(ftg);

    /* only what the flags say changes: the time and options stay */
    ChangeIdleRoutine(ftg, count_call, &new, 2, 0, FIROWAIT, FIRCPV | FIRCPRI);
    assert_no_more_calls(&new);

    /* a new time and options start the schedule over */
    ChangeIdleRoutine(ftg, NULL, NULL, 0, 0, FIROWAIT, FIRCCSEC | FIRCIRO);
    wait_done(&new);
    assert_int_equal(old.calls, 0);

    /* options with FIRODISABLED disable it */
    ChangeIdleRoutine(ftg, NULL, NULL, 0, 0, FIROWAIT | FIRODISABLED, FIRCIRO);
    assert_no_more_calls(&new);
    EnableIdleRoutine(ftg, TRUE);
    new.target = ReadAcquire(&new.calls) + 1;
    ResetEvent(new.done);
    wait_done(&new);

    /* a new interval */
    ChangeIdleRoutine(ftg, NULL, NULL, 0, 360000, FIROINTERVAL, FIRCCSEC | FIRCIRO);
    assert_no_more_calls(&new);

    MAPIDeinitIdle();
    CloseHandle(old.done);
    CloseHandle(new.done);
}

/* A routine that blocks until released, to be stopped or deregistered meanwhile */
struct blocker
{
    HANDLE entered, release;
    LONG calls;
    LONG returned;
};

static BOOL WINAPI blocking_routine(void *arg)
{
    struct blocker *blocker = arg;

    InterlockedIncrement(&blocker->calls);
    SetEvent(blocker->entered);
    WaitForSingleObject(blocker->release, LONG_WAIT);
    InterlockedIncrement(&blocker->returned);
    return FALSE;
}

static DWORD WINAPI deregister_thread(void *ftg)
{
    DeregisterIdleRoutine(ftg);
    return 0;
}

static DWORD WINAPI deinit_thread(void *arg)
{
    MAPIDeinitIdle();
    return 0;
}

static void test_deregister_while_running(void **state)
{
    struct blocker blocker = { CreateEventW(NULL, TRUE, FALSE, NULL), CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE thread;
    FTG ftg;

    assert_int_equal(MAPIInitIdle(NULL), 0);
    ftg = FtgRegisterIdleRoutine(blocking_routine, &blocker, 1, 0, IRONULL);
    assert_non_null(ftg);
    assert_int_equal(WaitForSingleObject(blocker.entered, LONG_WAIT), WAIT_OBJECT_0);

    /* deregistering waits for the call in progress */
    thread = CreateThread(NULL, 0, deregister_thread, ftg, 0, NULL);
    assert_int_equal(WaitForSingleObject(thread, QUIET_TIME), WAIT_TIMEOUT);
    SetEvent(blocker.release);
    assert_int_equal(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    assert_int_equal(ReadAcquire(&blocker.returned), 1);
    CloseHandle(thread);

    Sleep(QUIET_TIME);
    assert_int_equal(ReadAcquire(&blocker.calls), 1);

    /* gone: these are ignored */
    DeregisterIdleRoutine(ftg);
    EnableIdleRoutine(ftg, TRUE);
    ChangeIdleRoutine(ftg, blocking_routine, &blocker, 1, 0, FIROWAIT, FIRCIRO);
    Sleep(QUIET_TIME);
    assert_int_equal(ReadAcquire(&blocker.calls), 1);

    MAPIDeinitIdle();
    CloseHandle(blocker.entered);
    CloseHandle(blocker.release);
}

static void test_deinit_while_running(void **state)
{
    struct blocker blocker = { CreateEventW(NULL, TRUE, FALSE, NULL), CreateEventW(NULL, TRUE, FALSE, NULL) };
    struct counter counter;
    HANDLE thread;

    init_counter(&counter, 1);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    assert_non_null(FtgRegisterIdleRoutine(blocking_routine, &blocker, 1, 0, IRONULL));
    assert_non_null(FtgRegisterIdleRoutine(count_call, &counter, -1, 0, IRONULL));
    assert_int_equal(WaitForSingleObject(blocker.entered, LONG_WAIT), WAIT_OBJECT_0);

    /* MAPIDeinitIdle returns once the routine has */
    thread = CreateThread(NULL, 0, deinit_thread, NULL, 0, NULL);
    assert_int_equal(WaitForSingleObject(thread, QUIET_TIME), WAIT_TIMEOUT);
    assert_int_equal(ReadAcquire(&blocker.returned), 0);
    SetEvent(blocker.release);
    assert_int_equal(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    assert_int_equal(ReadAcquire(&blocker.returned), 1);
    CloseHandle(thread);

    /* and nothing runs after it */
    assert_no_more_calls(&counter);
    assert_int_equal(ReadAcquire(&blocker.calls), 1);
    assert_null(FtgRegisterIdleRoutine(count_call, &counter, 1, 0, IRONULL));

    CloseHandle(blocker.entered);
    CloseHandle(blocker.release);
    CloseHandle(counter.done);
}

static BOOL WINAPI deinit_routine(void *arg)
{
    struct counter *counter = arg;

    MAPIDeinitIdle();
    count_call(counter);
    return FALSE;
}

static void test_deinit_from_routine(void **state)
{
    struct counter counter;

    init_counter(&counter, 1);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    assert_non_null(FtgRegisterIdleRoutine(deinit_routine, &counter, 1, 0, IRONULL));
    wait_done(&counter);
    assert_no_more_calls(&counter);
    assert_int_equal(counter.calls, 1);
    assert_null(FtgRegisterIdleRoutine(count_call, &counter, 1, 0, IRONULL));

    /* a new engine */
    init_counter(&counter, 1);
    assert_int_equal(MAPIInitIdle(NULL), 0);
    assert_non_null(FtgRegisterIdleRoutine(count_call, &counter, 1, 0, IRONULL));
    wait_done(&counter);
    MAPIDeinitIdle();
    CloseHandle(counter.done);
}

static void test_bad_input(void **state)
{
    HRESULT (WINAPI *install_filter_hook)(BOOL);

    assert_int_equal(MAPIInitIdle(NULL), 0);
    assert_null(FtgRegisterIdleRoutine(NULL, NULL, 1, 0, IRONULL));
    EnableIdleRoutine(NULL, TRUE);
    EnableIdleRoutine((FTG)0xdeadbeef, FALSE);
    DeregisterIdleRoutine(NULL);
    DeregisterIdleRoutine((FTG)0xdeadbeef);
    ChangeIdleRoutine((FTG)0xdeadbeef, count_call, NULL, 1, 0, FIROWAIT, FIRCPFN);
    MAPIDeinitIdle();

    /* undocumented, and not in the SDK's headers */
    install_filter_hook = (void *)GetProcAddress(GetModuleHandleA("mapi32.dll"), "InstallFilterHook");
    assert_non_null(install_filter_hook);
    assert_hr_equal(S_OK, install_filter_hook(TRUE));
    assert_hr_equal(S_OK, install_filter_hook(FALSE));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_init_counting),
        cmocka_unit_test(test_interval),
        cmocka_unit_test(test_wait),
        cmocka_unit_test(test_priorities),
        cmocka_unit_test(test_enable_disable),
        cmocka_unit_test(test_once_only),
        cmocka_unit_test(test_change),
        cmocka_unit_test(test_deregister_while_running),
        cmocka_unit_test(test_deinit_while_running),
        cmocka_unit_test(test_deinit_from_routine),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
