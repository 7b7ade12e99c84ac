/*
 * The spooler: sending through the transport that handles the recipients'
 * address type, non-delivery reports, retries, deferred delivery,
 * AbortSubmit, transports that keep a message (END_DONT_RESEND), preprocessors,
 * inbound mail and its notification, the spooler's status row and status
 * object, and session logoff while a transport holds a message.
 */

#include "initguid.h"
#include "mapiguid.h"
#include "spooler_test.h"

#define PROFILE "SpoolerTest"

static const char * const services[] = { "RecSQLMS", "CtlTransport", NULL };

static int setup(void **state)
{
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    ctl_init("spooler");
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

/* A submitted message goes through the transport once, and then to Sent Items. */
static void test_send(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);

    submit(store, "first");
    assert_true(ctl_wait_sent("first"));
    assert_true(wait_where(store, "first", 's'));
    assert_int_equal(ctl_count("sent first"), 1);
    /* The spooler and the transport work in this process. */
    assert_int_equal(control->last_pid, GetCurrentProcessId());

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_equal(ctl_count("sent first"), 1);
    assert_true(control->logoff_calls >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_send, reset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
