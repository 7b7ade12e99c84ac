/*
 * tools/mapiprof.exe run as a user runs it: profiles made, listed, copied,
 * renamed, set as default and deleted, a service added and configured with
 * properties from the command line, and the errors it reports in words with
 * its exit codes.
 */

#include "profile_test.h"

#define TQ "tq "

/* Runs the tool with a command line; its output and errors land in output. */
static DWORD run_tool(const char *arguments, char *output, DWORD size)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup = { sizeof(startup) };
    PROCESS_INFORMATION info;
    char command[1024], path[MAX_PATH];
    DWORD code, read = 0;
    char *src, *dst;
    HANDLE file;

    GetTempPathA(sizeof(path), path);
    strcat(path, "mapiprof_test.out");
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                       CREATE_ALWAYS, FILE_ATTRIBUTE_TEMPORARY, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = startup.hStdError = file;
    snprintf(command, sizeof(command), "mapiprof.exe %s", arguments);
    assert_true(CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info));
    assert_int_equal(WaitForSingleObject(info.hProcess, 60000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(info.hProcess, &code));
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    ReadFile(file, output, size - 1, &read, NULL);
    output[read] = 0;
    CloseHandle(file);
    /* The tool writes Windows line ends */
    for (src = dst = output; *src; src++) if (*src != '\r') *dst++ = *src;
    *dst = 0;
    DeleteFileA(path);
    return code;
}

static void test_usage(void **state)
{
    char output[8192];

    assert_int_equal(run_tool("", output, sizeof(output)), 2);
    assert_non_null(strstr(output, "Usage: mapiprof"));
    assert_int_equal(run_tool("help", output, sizeof(output)), 0);
    assert_non_null(strstr(output, "add-service PROFILE NAME"));
    assert_int_equal(run_tool("frobnicate", output, sizeof(output)), 2);
    assert_non_null(strstr(output, "unknown command \"frobnicate\""));
    assert_int_equal(run_tool("create", output, sizeof(output)), 2);
    assert_non_null(strstr(output, "create takes a profile"));
}

static void test_profiles(void **state)
{
    char output[8192], value[128];
    HANDLE default_lock;
    DWORD size;

    run_tool("delete \"" TQ "One\"", output, sizeof(output));
    run_tool("delete \"" TQ "Two\"", output, sizeof(output));
    run_tool("delete \"" TQ "Three\"", output, sizeof(output));

    assert_int_equal(run_tool("create \"" TQ "One\"", output, sizeof(output)), 0);
    assert_true(profile_key_exists(TQ "One"));
    assert_int_equal(run_tool("create \"" TQ "One\"", output, sizeof(output)), 1);
    assert_non_null(strstr(output, "MAPI_E_NO_ACCESS"));
    assert_non_null(strstr(output, "exists already"));

    assert_int_equal(run_tool("copy \"" TQ "One\" \"" TQ "Two\"", output, sizeof(output)), 0);
    assert_int_equal(run_tool("rename \"" TQ "Two\" \"" TQ "Three\"", output, sizeof(output)), 0);
    assert_false(profile_key_exists(TQ "Two"));
    assert_int_equal(run_tool("list", output, sizeof(output)), 0);
    assert_non_null(strstr(output, "  " TQ "One\n"));
    assert_non_null(strstr(output, "  " TQ "Three\n"));

    default_lock = lock_default_profile();
    assert_int_equal(run_tool("default \"" TQ "Three\"", output, sizeof(output)), 0);
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_REG_SZ, NULL, value,
                                  &size), 0);
    assert_string_equal(value, TQ "Three");
    assert_int_equal(run_tool("list", output, sizeof(output)), 0);
    assert_non_null(strstr(output, "* " TQ "Three\n"));
    assert_int_equal(run_tool("default", output, sizeof(output)), 0);
    assert_string_equal(output, TQ "Three\n");
    assert_int_equal(run_tool("default --none", output, sizeof(output)), 0);
    assert_int_equal(run_tool("default", output, sizeof(output)), 0);
    assert_string_equal(output, "(no default profile)\n");
    unlock_default_profile(default_lock);

    assert_int_equal(run_tool("delete \"" TQ "Three\"", output, sizeof(output)), 0);
    assert_int_equal(run_tool("delete \"" TQ "Three\"", output, sizeof(output)), 1);
    assert_non_null(strstr(output, "deleting the profile failed: MAPI_E_NOT_FOUND: There is no profile named \""
                                   TQ "Three\""));
    assert_int_equal(run_tool("delete \"" TQ "One\"", output, sizeof(output)), 0);
    assert_false(profile_key_exists(TQ "One"));
}

static void test_services(void **state)
{
    char output[8192], uid[33], section[600];
    BYTE data[128];
    DWORD size;

    run_tool("delete \"" TQ "Mail\"", output, sizeof(output));
    assert_int_equal(run_tool("create \"" TQ "Mail\"", output, sizeof(output)), 0);

    /* The service's UID comes back; the properties end up in its section */
    assert_int_equal(run_tool("add-service \"" TQ "Mail\" TESTSVC 0x6700001F=C:\\mail\\store.db PR_COMMENT=hello "
                              "67010003=7 0x6702000B=true", output, sizeof(output)), 0);
    assert_int_equal(strlen(output), 33);
    memcpy(uid, output, 32);
    uid[32] = 0;
    size = sizeof(data);
    assert_int_equal(read_section_value(TQ "Mail", uid, "001f6700", NULL, data, &size), 0);
    assert_int_equal(size, sizeof(L"C:\\mail\\store.db"));
    assert_memory_equal(data, L"C:\\mail\\store.db", size);
    size = sizeof(data);
    assert_int_equal(read_section_value(TQ "Mail", uid, "001f3004", NULL, data, &size), 0);
    assert_memory_equal(data, L"hello", sizeof(L"hello"));
    size = sizeof(data);
    assert_int_equal(read_section_value(TQ "Mail", uid, "00036701", NULL, data, &size), 0);
    assert_int_equal(*(DWORD *)data, 7);
    size = sizeof(data);
    assert_int_equal(read_section_value(TQ "Mail", uid, "000b6702", NULL, data, &size), 0);
    assert_int_equal(*(WORD *)data, 1);

    assert_int_equal(run_tool("services \"" TQ "Mail\"", output, sizeof(output)), 0);
    assert_non_null(strstr(output, uid));
    assert_non_null(strstr(output, "TESTSVC"));
    assert_non_null(strstr(output, "Test Service"));
    assert_int_equal(run_tool("providers \"" TQ "Mail\"", output, sizeof(output)), 0);
    assert_non_null(strstr(output, "store"));
    assert_non_null(strstr(output, "Test Transport Provider"));
    assert_non_null(strstr(output, "address book"));

    /* By name or by UID */
    assert_int_equal(run_tool("configure \"" TQ "Mail\" TESTSVC PR_COMMENT=again", output, sizeof(output)), 0);
    size = sizeof(data);
    assert_int_equal(read_section_value(TQ "Mail", uid, "001f3004", NULL, data, &size), 0);
    assert_memory_equal(data, L"again", sizeof(L"again"));
    snprintf(section, sizeof(section), "configure \"" TQ "Mail\" %s 67010003=0x10", uid);
    assert_int_equal(run_tool(section, output, sizeof(output)), 0);
    size = sizeof(data);
    assert_int_equal(read_section_value(TQ "Mail", uid, "00036701", NULL, data, &size), 0);
    assert_int_equal(*(DWORD *)data, 16);

    /* Errors, in words */
    assert_int_equal(run_tool("add-service \"" TQ "Mail\" TESTSVC 67010003=abc", output, sizeof(output)), 2);
    assert_non_null(strstr(output, "\"abc\" is not a value for 67010003"));
    assert_int_equal(run_tool("add-service \"" TQ "Mail\" TESTSVC PR_NO_SUCH=1", output, sizeof(output)), 2);
    assert_non_null(strstr(output, "PR_NO_SUCH"));
    assert_int_equal(run_tool("add-service \"" TQ "Mail\" NOSUCHSERVICE", output, sizeof(output)), 1);
    assert_non_null(strstr(output, "MAPI_E_NOT_FOUND"));
    assert_non_null(strstr(output, "[Services]"));
    assert_int_equal(run_tool("add-service \"" TQ "Mail\" TESTNODLL", output, sizeof(output)), 1);
    assert_non_null(strstr(output, "MAPI_E_NOT_INITIALIZED"));
    assert_non_null(strstr(output, "NOSUCHSVC.DLL"));
    assert_int_equal(run_tool("configure \"" TQ "Mail\" NOSUCHSERVICE PR_COMMENT=x", output, sizeof(output)), 1);
    assert_non_null(strstr(output, "no message service \"NOSUCHSERVICE\""));
    assert_int_equal(run_tool("services \"" TQ "Nowhere\"", output, sizeof(output)), 1);
    assert_non_null(strstr(output, "MAPI_E_LOGON_FAILED"));

    assert_int_equal(run_tool("remove-service \"" TQ "Mail\" TESTSVC", output, sizeof(output)), 0);
    assert_int_equal(run_tool("services \"" TQ "Mail\"", output, sizeof(output)), 0);
    assert_string_equal(output, "");
    assert_int_equal(run_tool("delete \"" TQ "Mail\"", output, sizeof(output)), 0);
}

/* A profile whose address book cannot be loaded: no logon, so no status table, said in words
 * (stores are loaded when opened, and the tool logs on without mail, so without transports). */
static void test_status_needs_logon(void **state)
{
    char output[8192];

    run_tool("delete \"" TQ "Status\"", output, sizeof(output));
    assert_int_equal(run_tool("create \"" TQ "Status\"", output, sizeof(output)), 0);
    assert_int_equal(run_tool("add-service \"" TQ "Status\" TestMissingAB", output, sizeof(output)), 0);
    assert_int_equal(run_tool("status \"" TQ "Status\"", output, sizeof(output)), 1);
    assert_non_null(strstr(output, "needs a logon to \"" TQ "Status\""));
    assert_non_null(strstr(output, "MAPI_E_"));
    assert_int_equal(run_tool("status", output, sizeof(output)), 2);
    assert_int_equal(run_tool("delete \"" TQ "Status\"", output, sizeof(output)), 0);
}

int main(void)
{
    static const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_usage),
        cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_services),
        cmocka_unit_test(test_status_needs_logon),
    };

    profile_prefix = TQ;
    return cmocka_run_group_tests(tests, mapi_setup, mapi_teardown);
}
