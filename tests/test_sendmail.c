/*
 * Simple MAPI: calls handed to the default mail client's DLL.
 *
 * mapi32 looks the client up once per process, so each registry set-up is
 * tried in a child process of this program: the parent registers a stand-in
 * client (fakemail_a.dll, fakemail_w.dll, built beside this program) under
 * HKLM\Software\Clients\Mail, runs "test_sendmail.exe <scenario>", and puts
 * the registry back afterwards.
 */

#include <stdio.h>

#include "mapi32_test.h"
#include "winreg.h"
#include "mapi.h"
#include "fakemail.h"

/* Simple MAPI flags Wine's mapi.h lacks, with the SDK's values. */
#ifndef MAPI_UNREAD
#define MAPI_UNREAD            0x00000001
#define MAPI_RECEIPT_REQUESTED 0x00000002
#define MAPI_OLE               0x00000001
#define MAPI_UNREAD_ONLY       0x00000020
#define MAPI_PEEK              0x00000080
#define MAPI_AB_NOMODIFY       0x00000400
#endif

static const char clients_key[] = "Software\\Clients\\Mail";
static const char client_name[] = "MAPI32 Test Mail Client";

/* Parent: the registry and the child processes. */

static HKEY clients;
static BOOL had_default;
static DWORD saved_type, saved_size;
static BYTE saved_default[1024];

static int save_registry(void **state)
{
    saved_size = sizeof(saved_default);
    if (RegCreateKeyExA(HKEY_LOCAL_MACHINE, clients_key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &clients, NULL))
        return -1;
    had_default = !RegQueryValueExA(clients, NULL, NULL, &saved_type, saved_default, &saved_size);
    return 0;
}

static int restore_registry(void **state)
{
    if (had_default) RegSetValueExA(clients, NULL, 0, saved_type, saved_default, saved_size);
    else RegDeleteValueA(clients, NULL);
    RegDeleteKeyA(clients, client_name);
    RegCloseKey(clients);
    return 0;
}

static void set_default_client(const char *name)
{
    if (name) assert_int_equal(RegSetValueExA(clients, NULL, 0, REG_SZ, (const BYTE *)name, strlen(name) + 1), 0);
    else RegDeleteValueA(clients, NULL);
}

/* Registers our test client with this DLLPath, as the default. */
static void register_client(const char *dll_path, DWORD type)
{
    HKEY client;

    RegDeleteKeyA(clients, client_name);
    assert_int_equal(RegCreateKeyExA(clients, client_name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &client, NULL), 0);
    assert_int_equal(RegSetValueExA(client, "DLLPath", 0, type, (const BYTE *)dll_path, strlen(dll_path) + 1), 0);
    RegCloseKey(client);
    set_default_client(client_name);
}

static void test_directory(char *dir)
{
    char *slash;

    assert_true(GetModuleFileNameA(NULL, dir, MAX_PATH) > 0);
    slash = strrchr(dir, '\\');
    assert_non_null(slash);
    *slash = 0;
}

static void register_fake_client(const char *dll)
{
    char path[MAX_PATH];

    test_directory(path);
    strcat(path, "\\");
    strcat(path, dll);
    register_client(path, REG_SZ);
}

static void run_child(const char *scenario)
{
    char exe[MAX_PATH], command[MAX_PATH + 64];
    STARTUPINFOA startup = { sizeof(startup) };
    PROCESS_INFORMATION info;
    DWORD exit_code;

    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    sprintf(command, "\"%s\" %s", exe, scenario);
    fflush(stdout);
    assert_true(CreateProcessA(exe, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info));
    assert_int_equal(WaitForSingleObject(info.hProcess, 60000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(info.hProcess, &exit_code));
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
    if (exit_code) fail_msg("scenario %s: %lu failures", scenario, exit_code);
}

static void test_no_default_client(void **state)
{
    set_default_client(NULL);
    run_child("none");
}

static void test_default_client_missing(void **state)
{
    RegDeleteKeyA(clients, client_name);
    set_default_client(client_name);
    run_child("none");
}

static void test_client_dll_missing(void **state)
{
    register_client("C:\\windows\\no-such-mail-client.dll", REG_SZ);
    run_child("none");
}

/* Outlook's registration: mapi32 must not take itself for the client. */
static void test_client_is_mapi32(void **state)
{
    register_client("mapi32.dll", REG_SZ);
    run_child("none");
    register_client("C:\\windows\\system32\\MAPI32.DLL", REG_SZ);
    run_child("none");
}

static void test_ansi_client(void **state)
{
    register_fake_client("fakemail_a.dll");
    run_child("client-a");
}

static void test_expanded_client_path(void **state)
{
    char dir[MAX_PATH];

    test_directory(dir);
    SetEnvironmentVariableA("MAPI32_TEST_DIR", dir);
    register_client("%MAPI32_TEST_DIR%\\fakemail_a.dll", REG_EXPAND_SZ);
    run_child("client-a-expanded");
    SetEnvironmentVariableA("MAPI32_TEST_DIR", NULL);
}

static void test_unicode_client(void **state)
{
    register_fake_client("fakemail_w.dll");
    run_child("client-w");
}

/* Children: what mapi32 does with the client it found. */

static struct fake_call *fake_call(const char *dll)
{
    HMODULE module = GetModuleHandleA(dll);
    fake_last_call_func last_call;

    assert_non_null(module);
    last_call = (fake_last_call_func)GetProcAddress(module, "fake_last_call");
    assert_non_null(last_call);
    return last_call();
}

static void fake_result(const char *dll, ULONG result)
{
    fake_set_result_func set_result = (fake_set_result_func)GetProcAddress(GetModuleHandleA(dll), "fake_set_result");

    assert_non_null(set_result);
    set_result(result);
}

/* A message with a bit of everything, in both character sets. */
static BYTE entry_id[] = {0, 0, 0, 0, 1, 2, 3};
static BYTE file_type[] = {0x2a, 0x86, 0x48};

static const WCHAR subject_w[] = L"Gr\x00fc\x00df" L"e \x20ac 5";
static const WCHAR note_w[] = L"Caf\x00e9 body\r\n";

static MapiRecipDescW originator_w = {0, MAPI_ORIG, (WCHAR *)L"Sender", (WCHAR *)L"SMTP:me@example.com", 0, NULL};
static MapiRecipDescW recips_w[2] =
{
    {0, MAPI_TO, (WCHAR *)L"Ren\x00e9", (WCHAR *)L"SMTP:rene@example.com", sizeof(entry_id), entry_id},
    {0, MAPI_BCC, NULL, (WCHAR *)L"SMTP:hidden@example.com", 0, NULL},
};
static MapiFileDescW files_w[1] =
{
    {0, MAPI_OLE, 7, (WCHAR *)L"C:\\tmp\\r\x00e9sum\x00e9.txt", (WCHAR *)L"r\x00e9sum\x00e9.txt", file_type},
};
static MapiMessageW message_w =
{
    0, (WCHAR *)subject_w, (WCHAR *)note_w, NULL, (WCHAR *)L"2024/01/02 03:04", (WCHAR *)L"conv-1",
    MAPI_RECEIPT_REQUESTED, &originator_w, 2, recips_w, 1, files_w
};

static char subject_a[] = "Hello \xe9t\xe9";
static MapiRecipDesc originator_a = {0, MAPI_ORIG, (char *)"Sender", (char *)"SMTP:me@example.com", 0, NULL};
static MapiRecipDesc recips_a[2] =
{
    {0, MAPI_TO, (char *)"Ren\xe9", (char *)"SMTP:rene@example.com", sizeof(entry_id), entry_id},
    {0, MAPI_CC, (char *)"Copy", NULL, 0, NULL},
};
static MapiFileDesc files_a[1] = {{0, 0, (ULONG)-1, (char *)"C:\\tmp\\a.txt", NULL, file_type}};
static MapiMessage message_a =
{
    0, subject_a, (char *)"body text", (char *)"IPM.Custom", NULL, (char *)"conv-2",
    MAPI_UNREAD, &originator_a, 2, recips_a, 1, files_a
};

static void check_ansi(const char *got, const WCHAR *original)
{
    char expect[FAKE_TEXT];

    if (!original)
    {
        assert_string_equal(got, "<NULL>");
        return;
    }
    assert_true(WideCharToMultiByte(CP_ACP, 0, original, -1, expect, sizeof(expect), NULL, NULL) > 0);
    assert_string_equal(got, expect);
}

static void check_wide(const WCHAR *got, const char *original)
{
    WCHAR expect[FAKE_TEXT];

    if (!original)
    {
        assert_true(!wcscmp(got, L"<NULL>"));
        return;
    }
    assert_true(MultiByteToWideChar(CP_ACP, 0, original, -1, expect, ARRAY_SIZE(expect)) > 0);
    assert_true(!wcscmp(got, expect));
}

static void test_none_send(void **state)
{
    assert_int_equal(MAPISendMail(0, 0, &message_a, 0, 0), MAPI_E_NOT_SUPPORTED);
    assert_int_equal(MAPISendMailW(0, 0, &message_w, 0, 0), MAPI_E_NOT_SUPPORTED);
    assert_int_equal(MAPISendMailW(0, 0, &message_w, MAPI_FORCE_UNICODE, 0), MAPI_E_NOT_SUPPORTED);
    assert_int_equal(MAPISendDocuments(0, (char *)";", (char *)"C:\\a.txt", (char *)"a.txt", 0),
                     MAPI_E_NOT_SUPPORTED);
    assert_int_equal(MAPISaveMail(1, 0, &message_a, 0, 0, (char *)""), MAPI_E_NOT_SUPPORTED);
}

static void test_none_session(void **state)
{
    LHANDLE session = 123;

    assert_int_equal(MAPILogon(0, NULL, NULL, 0, 0, &session), MAPI_E_LOGIN_FAILURE);
    assert_int_equal(session, 0);
    assert_int_equal(MAPILogon(0, (char *)"profile", NULL, MAPI_NEW_SESSION, 0, NULL), MAPI_E_LOGIN_FAILURE);
    assert_int_equal(MAPILogoff(1, 0, 0, 0), MAPI_E_INVALID_SESSION);
}

static void test_none_read(void **state)
{
    lpMapiMessage message = (void *)0xdeadbeef;
    lpMapiRecipDesc recip = (void *)0xdeadbeef, new_recips = (void *)0xdeadbeef;
    ULONG new_count = 77;
    char message_id[512] = "untouched";

    assert_int_equal(MAPIReadMail(1, 0, (char *)"id", 0, 0, (lpMapiMessage)&message), MAPI_E_NOT_SUPPORTED);
    assert_null(message);
    assert_int_equal(MAPIResolveName(1, 0, (char *)"someone", 0, 0, &recip), MAPI_E_NOT_SUPPORTED);
    assert_null(recip);
    assert_int_equal(MAPIAddress(1, 0, (char *)"caption", 1, NULL, 0, NULL, 0, 0, &new_count, &new_recips),
                     MAPI_E_NOT_SUPPORTED);
    assert_int_equal(new_count, 0);
    assert_null(new_recips);
    assert_int_equal(MAPIFindNext(1, 0, NULL, NULL, 0, 0, message_id), MAPI_E_NOT_SUPPORTED);
    assert_string_equal(message_id, "untouched");
    assert_int_equal(MAPIDeleteMail(1, 0, (char *)"id", 0, 0), MAPI_E_NOT_SUPPORTED);
    assert_int_equal(MAPIDetails(1, 0, &recips_a[0], 0, 0), MAPI_E_NOT_SUPPORTED);
}

static void test_none_nothing_loaded(void **state)
{
    assert_null(GetModuleHandleA("fakemail_a.dll"));
    assert_null(GetModuleHandleA("fakemail_w.dll"));
}

/* The client is loaded on first use, once, even when threads race to it. */
static DWORD WINAPI send_thread(void *arg)
{
    MapiMessage message = {0};

    message.lpszSubject = (char *)"from a thread";
    return MAPISendMail(0, 0, &message, 0, 0);
}

static void test_first_use_from_threads(void **state)
{
    HANDLE threads[4];
    DWORD exit_code;
    int i;

    assert_null(GetModuleHandleA("fakemail_a.dll"));
    for (i = 0; i < ARRAY_SIZE(threads); i++)
        assert_non_null(threads[i] = CreateThread(NULL, 0, send_thread, NULL, 0, NULL));
    assert_int_equal(WaitForMultipleObjects(ARRAY_SIZE(threads), threads, TRUE, 10000), WAIT_OBJECT_0);
    for (i = 0; i < ARRAY_SIZE(threads); i++)
    {
        assert_true(GetExitCodeThread(threads[i], &exit_code));
        assert_int_equal(exit_code, SUCCESS_SUCCESS);
        CloseHandle(threads[i]);
    }
    assert_int_equal(fake_call("fakemail_a.dll")->calls, ARRAY_SIZE(threads));
    assert_string_equal(fake_call("fakemail_a.dll")->subject, "from a thread");
}

static void test_ansi_forwarded(void **state)
{
    struct fake_call *call;

    fake_result("fakemail_a.dll", MAPI_E_USER_ABORT);
    assert_int_equal(MAPISendMail(0x5e55, 0x1234, &message_a, MAPI_DIALOG | MAPI_LOGON_UI, 0),
                     MAPI_E_USER_ABORT);
    fake_result("fakemail_a.dll", SUCCESS_SUCCESS);

    call = fake_call("fakemail_a.dll");
    assert_string_equal(call->function, "MAPISendMail");
    assert_ptr_equal(call->message, &message_a);  /* the caller's own structure */
    assert_int_equal(call->session, 0x5e55);
    assert_int_equal(call->ui_param, 0x1234);
    assert_int_equal(call->flags, MAPI_DIALOG | MAPI_LOGON_UI);
    assert_string_equal(call->subject, subject_a);
    assert_string_equal(call->message_type, "IPM.Custom");
    assert_int_equal(call->recip_count, 2);
    assert_string_equal(call->recips[1].address, "<NULL>");
}

/* MAPISendMailW to a client with only MAPISendMail: every field converted. */
static void test_wide_to_ansi(void **state)
{
    struct fake_call *call;
    LONG calls;

    assert_int_equal(MAPISendMailW(0x77, 0x88, &message_w, MAPI_DIALOG, 0), SUCCESS_SUCCESS);
    call = fake_call("fakemail_a.dll");
    calls = call->calls;
    assert_string_equal(call->function, "MAPISendMail");
    assert_non_null(call->message);
    assert_ptr_not_equal(call->message, &message_w);
    assert_int_equal(call->session, 0x77);
    assert_int_equal(call->ui_param, 0x88);
    assert_int_equal(call->flags, MAPI_DIALOG);

    check_ansi(call->subject, message_w.lpszSubject);
    check_ansi(call->note, message_w.lpszNoteText);
    check_ansi(call->message_type, NULL);
    check_ansi(call->date_received, message_w.lpszDateReceived);
    check_ansi(call->conversation_id, message_w.lpszConversationID);
    assert_int_equal(call->message_flags, MAPI_RECEIPT_REQUESTED);

    assert_true(call->has_originator);
    assert_int_equal(call->originator.recip_class, MAPI_ORIG);
    check_ansi(call->originator.name, originator_w.lpszName);
    check_ansi(call->originator.address, originator_w.lpszAddress);

    assert_int_equal(call->recip_count, 2);
    assert_int_equal(call->recips[0].recip_class, MAPI_TO);
    check_ansi(call->recips[0].name, recips_w[0].lpszName);
    check_ansi(call->recips[0].address, recips_w[0].lpszAddress);
    assert_int_equal(call->recips[0].eid_size, sizeof(entry_id));
    assert_ptr_equal(call->recips[0].entry_id, entry_id);
    assert_int_equal(call->recips[1].recip_class, MAPI_BCC);
    check_ansi(call->recips[1].name, NULL);
    check_ansi(call->recips[1].address, recips_w[1].lpszAddress);

    assert_int_equal(call->file_count, 1);
    assert_int_equal(call->files[0].flags, MAPI_OLE);
    assert_int_equal(call->files[0].position, 7);
    check_ansi(call->files[0].path, files_w[0].lpszPathName);
    check_ansi(call->files[0].name, files_w[0].lpszFileName);
    assert_ptr_equal(call->files[0].file_type, file_type);

    /* MAPI_FORCE_UNICODE forbids the conversion: the client is not called. */
    assert_int_equal(MAPISendMailW(0, 0, &message_w, MAPI_FORCE_UNICODE, 0), MAPI_E_UNICODE_NOT_SUPPORTED);
    assert_int_equal(fake_call("fakemail_a.dll")->calls, calls);
}

/* The converted message keeps the caller's shape, even a malformed one. */
static void test_wide_to_ansi_shape(void **state)
{
    MapiMessageW empty = {0};
    struct fake_call *call;

    empty.nRecipCount = 3;  /* with no array: the client judges that */
    assert_int_equal(MAPISendMailW(0, 0, &empty, 0, 0), SUCCESS_SUCCESS);
    call = fake_call("fakemail_a.dll");
    assert_string_equal(call->subject, "<NULL>");
    assert_false(call->has_originator);
    assert_int_equal(call->recip_count, 3);
    assert_true(call->recips_null);
    assert_int_equal(call->file_count, 0);
    assert_true(call->files_null);

    assert_int_equal(MAPISendMailW(0, 0, NULL, MAPI_DIALOG, 0), SUCCESS_SUCCESS);
    call = fake_call("fakemail_a.dll");
    assert_string_equal(call->function, "MAPISendMail");
    assert_null(call->message);
}

static void test_ansi_other_functions(void **state)
{
    lpMapiMessage message = NULL;
    lpMapiRecipDesc recip = NULL, new_recips = NULL;
    LHANDLE session = 0;
    ULONG new_count = 0;
    char message_id[512] = "";
    struct fake_call *call = fake_call("fakemail_a.dll");

    assert_int_equal(MAPILogon(0x10, (char *)"profile", (char *)"secret", MAPI_LOGON_UI, 0, &session), 0);
    assert_string_equal(call->function, "MAPILogon");
    assert_string_equal(call->strings[0], "profile");
    assert_string_equal(call->strings[1], "secret");
    assert_int_equal(call->flags, MAPI_LOGON_UI);
    assert_ptr_equal(call->pointers[0], &session);
    assert_int_equal(session, FAKE_SESSION);

    assert_int_equal(MAPIFindNext(session, 0, (char *)"IPM.", NULL, MAPI_UNREAD_ONLY, 0, message_id), 0);
    assert_string_equal(call->function, "MAPIFindNext");
    assert_int_equal(call->session, FAKE_SESSION);
    assert_string_equal(call->strings[0], "IPM.");
    assert_string_equal(call->strings[1], "<NULL>");
    assert_int_equal(call->flags, MAPI_UNREAD_ONLY);
    assert_string_equal(message_id, FAKE_MESSAGE_ID);

    /* The SDK's lpMapiMessage *, whatever Wine's mapi.h says. */
    assert_int_equal(MAPIReadMail(session, 0, message_id, MAPI_PEEK, 0, (lpMapiMessage)&message), 0);
    assert_string_equal(call->function, "MAPIReadMail");
    assert_ptr_equal(call->pointers[0], &message);
    assert_non_null(message);
    assert_string_equal(message->lpszSubject, "read subject");
    assert_int_equal(call->flags, MAPI_PEEK);

    assert_int_equal(MAPISaveMail(session, 0, &message_a, 0, 0, message_id), 0);
    assert_string_equal(call->function, "MAPISaveMail");
    assert_ptr_equal(call->message, &message_a);
    assert_string_equal(call->strings[0], FAKE_MESSAGE_ID);

    assert_int_equal(MAPIDeleteMail(session, 0, message_id, 0, 0), 0);
    assert_string_equal(call->function, "MAPIDeleteMail");
    assert_string_equal(call->strings[0], FAKE_MESSAGE_ID);

    assert_int_equal(MAPIResolveName(session, 0x20, (char *)"Rene", MAPI_AB_NOMODIFY, 0, &recip), 0);
    assert_string_equal(call->function, "MAPIResolveName");
    assert_string_equal(call->strings[0], "Rene");
    assert_int_equal(call->ui_param, 0x20);
    assert_non_null(recip);
    assert_string_equal(recip->lpszName, "Resolved Name");

    assert_int_equal(MAPIDetails(session, 0, recip, 0, 0), 0);
    assert_string_equal(call->function, "MAPIDetails");
    assert_ptr_equal(call->pointers[0], recip);

    assert_int_equal(MAPIAddress(session, 0, (char *)"Pick", 2, (char *)"To", 2, recips_a, 0, 0,
                                 &new_count, &new_recips), 0);
    assert_string_equal(call->function, "MAPIAddress");
    assert_string_equal(call->strings[0], "Pick");
    assert_string_equal(call->strings[1], "To");
    assert_int_equal(call->numbers[0], 2);
    assert_int_equal(call->numbers[1], 2);
    assert_ptr_equal(call->pointers[0], recips_a);
    assert_int_equal(new_count, 1);
    assert_ptr_equal(new_recips, recip);

    assert_int_equal(MAPISendDocuments(0x30, (char *)";", (char *)"C:\\a.txt;C:\\b.txt", (char *)"a;b", 0), 0);
    assert_string_equal(call->function, "MAPISendDocuments");
    assert_string_equal(call->strings[0], ";");
    assert_string_equal(call->strings[1], "C:\\a.txt;C:\\b.txt");
    assert_string_equal(call->strings[2], "a;b");

    fake_result("fakemail_a.dll", MAPI_E_INVALID_SESSION);
    assert_int_equal(MAPILogoff(session, 0, 0, 0), MAPI_E_INVALID_SESSION);
    fake_result("fakemail_a.dll", SUCCESS_SUCCESS);
    assert_string_equal(call->function, "MAPILogoff");
    assert_int_equal(call->session, FAKE_SESSION);
}

static void test_expanded_path_loaded(void **state)
{
    assert_int_equal(MAPISendMail(0, 0, &message_a, 0, 0), SUCCESS_SUCCESS);
    assert_int_equal(fake_call("fakemail_a.dll")->calls, 1);
    assert_string_equal(fake_call("fakemail_a.dll")->subject, subject_a);
}

/* MAPISendMail to a client with only MAPISendMailW: every field converted. */
static void test_ansi_to_wide(void **state)
{
    struct fake_call *call;

    assert_int_equal(MAPISendMail(0x99, 0xaa, &message_a, MAPI_NEW_SESSION, 0), SUCCESS_SUCCESS);
    call = fake_call("fakemail_w.dll");
    assert_string_equal(call->function, "MAPISendMailW");
    assert_non_null(call->message);
    assert_ptr_not_equal(call->message, &message_a);
    assert_int_equal(call->session, 0x99);
    assert_int_equal(call->ui_param, 0xaa);
    assert_int_equal(call->flags, MAPI_NEW_SESSION);

    check_wide(call->subject_w, message_a.lpszSubject);
    check_wide(call->note_w, message_a.lpszNoteText);
    check_wide(call->message_type_w, message_a.lpszMessageType);
    check_wide(call->date_received_w, NULL);
    check_wide(call->conversation_id_w, message_a.lpszConversationID);
    assert_int_equal(call->message_flags, MAPI_UNREAD);

    assert_true(call->has_originator);
    check_wide(call->originator.name_w, originator_a.lpszName);
    assert_int_equal(call->recip_count, 2);
    check_wide(call->recips[0].name_w, recips_a[0].lpszName);
    check_wide(call->recips[0].address_w, recips_a[0].lpszAddress);
    assert_ptr_equal(call->recips[0].entry_id, entry_id);
    assert_int_equal(call->recips[1].recip_class, MAPI_CC);
    check_wide(call->recips[1].address_w, NULL);
    assert_int_equal(call->file_count, 1);
    assert_int_equal(call->files[0].position, (ULONG)-1);
    check_wide(call->files[0].path_w, files_a[0].lpszPathName);
    check_wide(call->files[0].name_w, NULL);
    assert_ptr_equal(call->files[0].file_type, file_type);
}

static void test_wide_forwarded(void **state)
{
    struct fake_call *call;

    fake_result("fakemail_w.dll", MAPI_E_AMBIGUOUS_RECIPIENT);
    assert_int_equal(MAPISendMailW(0, 0, &message_w, MAPI_FORCE_UNICODE, 0), MAPI_E_AMBIGUOUS_RECIPIENT);
    fake_result("fakemail_w.dll", SUCCESS_SUCCESS);
    call = fake_call("fakemail_w.dll");
    assert_string_equal(call->function, "MAPISendMailW");
    assert_ptr_equal(call->message, &message_w);
    assert_int_equal(call->flags, MAPI_FORCE_UNICODE);
    assert_true(!wcscmp(call->subject_w, subject_w));
}

/* What the client lacks gets the no-client answers. */
static void test_wide_client_lacks(void **state)
{
    LHANDLE session = 5;
    LONG calls = fake_call("fakemail_w.dll")->calls;

    assert_int_equal(MAPILogon(0, NULL, NULL, 0, 0, &session), MAPI_E_LOGIN_FAILURE);
    assert_int_equal(session, 0);
    assert_int_equal(MAPILogoff(1, 0, 0, 0), MAPI_E_INVALID_SESSION);
    assert_int_equal(MAPISendDocuments(0, (char *)";", (char *)"C:\\a.txt", NULL, 0), MAPI_E_NOT_SUPPORTED);
    assert_int_equal(MAPIDeleteMail(1, 0, (char *)"id", 0, 0), MAPI_E_NOT_SUPPORTED);
    assert_int_equal(fake_call("fakemail_w.dll")->calls, calls);
}

static int run_scenario(const char *scenario)
{
    const struct CMUnitTest none[] =
    {
        cmocka_unit_test(test_none_send),
        cmocka_unit_test(test_none_session),
        cmocka_unit_test(test_none_read),
        cmocka_unit_test(test_none_nothing_loaded),
    };
    const struct CMUnitTest client_a[] =
    {
        cmocka_unit_test(test_first_use_from_threads),
        cmocka_unit_test(test_ansi_forwarded),
        cmocka_unit_test(test_wide_to_ansi),
        cmocka_unit_test(test_wide_to_ansi_shape),
        cmocka_unit_test(test_ansi_other_functions),
    };
    const struct CMUnitTest client_a_expanded[] =
    {
        cmocka_unit_test(test_expanded_path_loaded),
    };
    const struct CMUnitTest client_w[] =
    {
        cmocka_unit_test(test_ansi_to_wide),
        cmocka_unit_test(test_wide_forwarded),
        cmocka_unit_test(test_wide_client_lacks),
    };

    if (!strcmp(scenario, "none")) return cmocka_run_group_tests_name("no mail client", none, NULL, NULL);
    if (!strcmp(scenario, "client-a"))
        return cmocka_run_group_tests_name("ANSI mail client", client_a, NULL, NULL);
    if (!strcmp(scenario, "client-a-expanded"))
        return cmocka_run_group_tests_name("client path in REG_EXPAND_SZ", client_a_expanded, NULL, NULL);
    if (!strcmp(scenario, "client-w"))
        return cmocka_run_group_tests_name("Unicode mail client", client_w, NULL, NULL);
    fprintf(stderr, "unknown scenario %s\n", scenario);
    return 1;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_no_default_client),
        cmocka_unit_test(test_default_client_missing),
        cmocka_unit_test(test_client_dll_missing),
        cmocka_unit_test(test_client_is_mapi32),
        cmocka_unit_test(test_ansi_client),
        cmocka_unit_test(test_expanded_client_path),
        cmocka_unit_test(test_unicode_client),
    };

    if (argc > 1) return run_scenario(argv[1]);
    return cmocka_run_group_tests_name("mail client registrations", tests, save_registry, restore_registry);
}
