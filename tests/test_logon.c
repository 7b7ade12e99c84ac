/*
 * MAPILogonEx: its flags, shared sessions, the providers it loads and logs
 * on to (with the SPI version and the allocators), how Logoff unloads them,
 * and bad input.
 */

#include "session_test.h"

static const char * const store_and_transport[] = { "TestStore", "TestTransport", NULL };

static int setup(void **state)
{
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_profile("SessionTest", store_and_transport, FALSE);
    return 0;
}

static int teardown(void **state)
{
    delete_profile("SessionTest");
    MAPIUninitialize();
    return 0;
}

static void test_bad_input(void **state)
{
    IMAPISession *session = (IMAPISession *)0xdeadbeef;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, MAPILogonEx(0, (LPSTR)"SessionTest", NULL, MAPI_EXTENDED, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, MAPILogonEx(0, (LPSTR)"SessionTest", NULL, MAPI_EXTENDED | 0x04000000,
                                                      &session));
    assert_null(session);
}

static void test_unknown_profile(void **state)
{
    IMAPISession *session = (IMAPISession *)0xdeadbeef;

    assert_hr_equal(MAPI_E_NOT_FOUND, MAPILogonEx(0, (LPSTR)"No Such Profile", NULL,
                                                  MAPI_EXTENDED | MAPI_NEW_SESSION, &session));
    assert_null(session);
}

/* Without a name and without MAPI_USE_DEFAULT, only a dialog could choose: there is none. */
static void test_no_profile_name(void **state)
{
    IMAPISession *session = (IMAPISession *)0xdeadbeef;

    assert_hr_equal(MAPI_E_LOGON_FAILED, MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session));
    assert_null(session);
    assert_hr_equal(MAPI_E_LOGON_FAILED, MAPILogonEx(0, (LPSTR)"", NULL,
                                                     MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_EXPLICIT_PROFILE,
                                                     &session));
}

/* MAPI_USE_DEFAULT and MAPI_LOGON_UI take the default profile. */
static void test_default_profile(void **state)
{
    IMAPISession *session = NULL;

    log_reset();
    make_profile("SessionTest", store_and_transport, TRUE);
    assert_hr_equal(S_OK, MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_USE_DEFAULT, &session));
    assert_non_null(session);
    assert_int_not_equal(log_find("xp:TransportLogon profile=SessionTest"), -1);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);

    session = NULL;
    assert_hr_equal(S_OK, MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_LOGON_UI, &session));
    assert_non_null(session);
    IMAPISession_Release(session);
}

/* The transport is loaded at logon with MAPI's SPI version, logged on, and its
 * address types asked for; logoff unloads it in the documented order. */
static void test_transport_loaded_and_unloaded(void **state)
{
    IMAPISession *session;
    char expected[64];

    log_reset();
    session = logon("SessionTest", 0);
    snprintf(expected, sizeof(expected), "xp:XPProviderInit flags=0 version=%#lx", CURRENT_SPI_VERSION);
    assert_int_not_equal(log_find(expected), -1);
    assert_int_not_equal(log_find("xp:TransportLogon profile=SessionTest flags=0x1"), -1);
    assert_int_not_equal(log_find("xp:ModifyStatusRow hr=0"), -1);
    assert_int_not_equal(log_find("xp:AddressTypes"), -1);
    assert_non_null(GetModuleHandleA("testxp.dll"));
    /* Stores are loaded when opened, not at logon. */
    assert_int_equal(log_find("ms:"), -1);

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_int_not_equal(log_find("xp:TransportLogoff"), -1);
    assert_true(log_find("xp:TransportLogoff") < log_find("xp:IXPLogon::Release"));
    assert_true(log_find("xp:IXPLogon::Release") < log_find("xp:Shutdown"));
    assert_true(log_find("xp:Shutdown") < log_find("xp:IXPProvider::Release"));
    assert_null(GetModuleHandleA("testxp.dll"));

    /* Once logged off, the session is no use but for Release. */
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_equal(log_count("xp:Shutdown"), 1);
}

/* Releasing a session without Logoff logs it off too. */
static void test_release_logs_off(void **state)
{
    IMAPISession *session;

    log_reset();
    session = logon("SessionTest", 0);
    IMAPISession_Release(session);
    assert_int_equal(log_count("xp:TransportLogoff"), 1);
    assert_int_equal(log_count("xp:Shutdown"), 1);
    assert_null(GetModuleHandleA("testxp.dll"));
}

/* MAPI_NO_MAIL: no spooler, so no transport is logged on to. */
static void test_no_mail(void **state)
{
    IMAPISession *session;

    log_reset();
    session = logon("SessionTest", MAPI_NO_MAIL);
    assert_int_equal(log_find("xp:"), -1);
    IMAPISession_Release(session);
}

/* MAPI_ALLOW_OTHERS shares the session with later logons that do not ask for a new one. */
static void test_shared_session(void **state)
{
    IMAPISession *shared, *again = NULL, *other;

    log_reset();
    shared = logon("SessionTest", MAPI_ALLOW_OTHERS);
    assert_hr_equal(S_OK, MAPILogonEx(0, (LPSTR)"No Such Profile", NULL, MAPI_EXTENDED, &again));
    assert_ptr_equal(again, shared);
    other = logon("SessionTest", 0);
    assert_ptr_not_equal(other, shared);
    IMAPISession_Release(other);

    /* One user leaving does not end it for the other... */
    assert_hr_equal(S_OK, IMAPISession_Logoff(again, 0, 0, 0));
    IMAPISession_Release(again);
    assert_int_equal(log_count("xp:Shutdown"), 1);  /* the other session's */
    /* ...MAPI_LOGOFF_SHARED does. */
    assert_hr_equal(S_OK, IMAPISession_Logoff(shared, 0, MAPI_LOGOFF_SHARED, 0));
    assert_int_equal(log_count("xp:Shutdown"), 2);
    IMAPISession_Release(shared);

    /* No shared session is left: a logon without MAPI_NEW_SESSION needs a profile again. */
    again = (IMAPISession *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NOT_FOUND, MAPILogonEx(0, (LPSTR)"No Such Profile", NULL, MAPI_EXTENDED, &again));
}

static void test_logoff_bad_input(void **state)
{
    IMAPISession *session = logon("SessionTest", MAPI_NO_MAIL);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISession_Logoff(session, 0, 0x100, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_Logoff(session, 0, 0, 1));
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, MAPI_LOGOFF_UI, 0));
    IMAPISession_Release(session);
}

/* A transport whose DLL is missing, or has no XPProviderInit, fails the logon. */
static void test_broken_transports(void **state)
{
    static const char * const missing[] = { "TestMissingTransport", NULL };
    static const char * const no_entry[] = { "TestNoEntryTransport", NULL };
    IMAPISession *session = (IMAPISession *)0xdeadbeef;

    make_profile("SessionTestMissing", missing, FALSE);
    assert_hr_equal(MAPI_E_LOGON_FAILED, MAPILogonEx(0, (LPSTR)"SessionTestMissing", NULL,
                                                     MAPI_EXTENDED | MAPI_NEW_SESSION, &session));
    assert_null(session);
    delete_profile("SessionTestMissing");

    log_reset();
    make_profile("SessionTestNoEntry", no_entry, FALSE);
    assert_hr_equal(MAPI_E_LOGON_FAILED, MAPILogonEx(0, (LPSTR)"SessionTestNoEntry", NULL,
                                                     MAPI_EXTENDED | MAPI_NEW_SESSION, &session));
    assert_null(session);
    /* The DLL was loaded to look for the entry point, and let go. */
    assert_int_equal(log_find("ms:MSProviderInit"), -1);
    assert_null(GetModuleHandleA("testms.dll"));
    delete_profile("SessionTestNoEntry");
}

/* Address books are logged on to even without mail: a missing one fails the logon. */
static void test_broken_address_book(void **state)
{
    static const char * const missing[] = { "TestMissingAB", NULL };
    IMAPISession *session = (IMAPISession *)0xdeadbeef;

    make_profile("SessionTestMissingAB", missing, FALSE);
    assert_hr_equal(MAPI_E_LOGON_FAILED, MAPILogonEx(0, (LPSTR)"SessionTestMissingAB", NULL,
                                                     MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &session));
    assert_null(session);
    delete_profile("SessionTestMissingAB");
}

static void test_not_initialized(void **state)
{
    IMAPISession *session = (IMAPISession *)0xdeadbeef;

    assert_hr_equal(MAPI_E_NOT_INITIALIZED, MAPILogonEx(0, (LPSTR)"SessionTest", NULL, MAPI_EXTENDED, &session));
    assert_null(session);
}

int main(void)
{
    const struct CMUnitTest before[] =
    {
        cmocka_unit_test(test_not_initialized),
    };
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_unknown_profile),
        cmocka_unit_test(test_no_profile_name),
        cmocka_unit_test(test_default_profile),
        cmocka_unit_test(test_transport_loaded_and_unloaded),
        cmocka_unit_test(test_release_logs_off),
        cmocka_unit_test(test_no_mail),
        cmocka_unit_test(test_shared_session),
        cmocka_unit_test(test_logoff_bad_input),
        cmocka_unit_test(test_broken_transports),
        cmocka_unit_test(test_broken_address_book),
    };
    int failed = cmocka_run_group_tests_name("before MAPIInitialize", before, NULL, NULL);
    return failed + cmocka_run_group_tests(tests, setup, teardown);
}
