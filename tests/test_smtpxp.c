/*
 * The sample SMTP transport (smtpxp32.dll) driven as the spooler would,
 * against a real MTA: a private Exim that tests/smtpxp.fixture.sh starts
 * (tests/mta.sh) on two loopback ports, delivering into Maildirs under the
 * build tree. What the MTA delivered is compared byte for byte with what
 * the transport must have sent; mail in a Maildir is read back into
 * messages and every property checked, a winmail.dat decoded into them.
 */

#define COBJMACROS
#include <stdarg.h>
#include <stdio.h>

#include "winsock2.h"
#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"

#include "fake_xp.h"
#include "mta_test.h"
#include "smtpxp.h"
#include "imessage.h"
#include "tnef.h"

HRESULT WINAPI WrapCompressedRTFStream(IStream *compressed, ULONG flags, IStream **uncompressed);

static HMODULE smtpxp;
static XPPROVIDERINIT *pXPProviderInit;
static MSGSERVICEENTRY *pServiceEntry;
static WCHAR sender[] = L"sender@example.test";

/*** the MTA's Maildirs (mta_test.h has the MTA) ***/

/* Waits until user's new/ holds count messages (the MTA delivers after its 250). */
static BOOL wait_for_mail(const WCHAR *user, ULONG count)
{
    int i;
    for (i = 0; i < 200; i++)
    {
        if (maildir_count(user, L"new") >= (int)count) return TRUE;
        Sleep(50);
    }
    return FALSE;
}

/* The only (or the first) message of user's new/: malloc()ed bytes, removed from the Maildir. */
static char *take_mail(const WCHAR *user, size_t *len)
{
    WCHAR pattern[MAX_PATH], dir[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find, file;
    char *bytes;
    DWORD read, size;

    assert_true(wait_for_mail(user, 1));
    maildir_path(dir, user, L"new");
    swprintf(pattern, MAX_PATH, L"%s\\*", dir);
    find = FindFirstFileW(pattern, &data);
    assert_true(find != INVALID_HANDLE_VALUE);
    while (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) assert_true(FindNextFileW(find, &data));
    FindClose(find);
    swprintf(path, MAX_PATH, L"%s\\%s", dir, data.cFileName);
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    size = GetFileSize(file, NULL);
    bytes = malloc(size + 1);
    assert_true(ReadFile(file, bytes, size, &read, NULL));
    bytes[read] = 0;
    CloseHandle(file);
    assert_true(DeleteFileW(path));
    if (getenv("SMTPXP_TEST_DUMP")) printf("=== mail of %ls (%lu bytes)\n%s=== end\n", user, read, bytes);
    *len = read;
    return bytes;
}

static void empty_maildir(const WCHAR *user)
{
    static const WCHAR *subs[] = { L"new", L"cur", L"tmp" };
    WCHAR pattern[MAX_PATH], dir[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find;
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(subs); i++)
    {
        maildir_path(dir, user, subs[i]);
        swprintf(pattern, MAX_PATH, L"%s\\*", dir);
        find = FindFirstFileW(pattern, &data);
        if (find == INVALID_HANDLE_VALUE) continue;
        do
        {
            if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
            swprintf(path, MAX_PATH, L"%s\\%s", dir, data.cFileName);
            DeleteFileW(path);
        } while (FindNextFileW(find, &data));
        FindClose(find);
    }
}

/* Delivers text into user's Maildir as an MTA does: tmp/ first, then new/. */
static void drop_mail(const WCHAR *user, const WCHAR *name, const char *text, size_t len)
{
    WCHAR tmp[MAX_PATH], new_path[MAX_PATH], dir[MAX_PATH];
    HANDLE file;
    DWORD written;

    maildir_path(dir, user, L"tmp");
    swprintf(tmp, MAX_PATH, L"%s\\%s", dir, name);
    maildir_path(dir, user, L"new");
    swprintf(new_path, MAX_PATH, L"%s\\%s", dir, name);
    file = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(file, text, len, &written, NULL));
    CloseHandle(file);
    assert_true(MoveFileW(tmp, new_path));
}

static void assert_bytes_equal(const char *expected, size_t expected_len, const char *actual, size_t actual_len)
{
    size_t i;

    for (i = 0; i < expected_len && i < actual_len && expected[i] == actual[i]; i++);
    if (i < expected_len || i < actual_len)
    {
        print_error("first difference at byte %Iu of %Iu/%Iu\nexpected: %.200s\nactual:   %.200s\n", i,
                    expected_len, actual_len, expected + (i > 40 ? i - 40 : 0), actual + (i > 40 ? i - 40 : 0));
        fail();
    }
}

/*** the transport ***/

struct session
{
    struct fake_support *support;
    IXPProvider *provider;
    IXPLogon *logon;
    ULONG logon_flags;
};

static void logon_with(struct session *s, LONG port, const WCHAR *maildir_user, LONG interval)
{
    WCHAR maildir[MAX_PATH];
    ULONG version;
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    s->support = fake_support_create();
    if (maildir_user) maildir_path(maildir, maildir_user, NULL);
    fake_support_set_config(s->support, port ? L"127.0.0.1" : NULL, port, port ? sender : NULL,
                            maildir_user ? maildir : NULL, interval);
    hr = pXPProviderInit(smtpxp, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                         CURRENT_SPI_VERSION, &version, &s->provider);
    assert_hr_equal(S_OK, hr);
    s->logon_flags = LOGON_NO_DIALOG;
    hr = IXPProvider_TransportLogon(s->provider, &s->support->IMAPISupport_iface, 0, NULL, &s->logon_flags, NULL,
                                    &s->logon);
    assert_hr_equal(S_OK, hr);
}

static void logon(struct session *s)
{
    logon_with(s, mta_port, NULL, 0);
}

static void logoff(struct session *s)
{
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(s->logon, LOGOFF_NORMAL));
    IXPLogon_Release(s->logon);
    IXPProvider_Release(s->provider);
    fake_support_release(s->support);
}

/* What the spooler does after TransportLogoff (which already happened) */
static void logoff_released(struct session *s)
{
    assert_int_equal(IXPLogon_Release(s->logon), 0);
    assert_int_equal(IXPProvider_Release(s->provider), 0);
    fake_support_release(s->support);
}

/* 2024-05-06 07:08:09 UTC and the same +seconds */
static ULONGLONG fixed_time(int seconds)
{
    SYSTEMTIME st = { 2024, 5, 1, 6, 7, 8, 9, 0 };
    FILETIME ft;
    SystemTimeToFileTime(&st, &ft);
    return (((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime) + (ULONGLONG)seconds * 10000000;
}

static HRESULT submit(struct session *s, struct fake_message *msg, ULONG *ref, ULONG *retry, ULONG *end_flags)
{
    HRESULT hr, hr_end;

    *ref = 0;
    *retry = 0xdead;
    hr = IXPLogon_SubmitMessage(s->logon, 0, &msg->IMessage_iface, ref, retry);
    hr_end = IXPLogon_EndMessage(s->logon, *ref, end_flags);
    if (hr == MAPI_E_USER_CANCEL || hr == MAPI_E_NOT_ME || hr == MAPI_E_BUSY) assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr_end);
    else assert_hr_equal(S_OK, hr_end);
    return hr;
}

static struct fake_message *plain_message(void)
{
    struct fake_message *msg = fake_message_create();

    fake_set_string(msg, PR_SUBJECT_W, L"Plain test");
    fake_set_string(msg, PR_BODY_W, L"Hello Alice,\r\n.\r\n..two dots\r\n.leading dot\r\nbye\r\n");
    fake_set_string(msg, PR_INTERNET_MESSAGE_ID_W, L"<plain-1@example.test>");
    fake_set_time(msg, PR_CLIENT_SUBMIT_TIME, fixed_time(0));
    fake_set_string(msg, PR_SENDER_NAME_W, L"Sam Sender");
    fake_add_recipient(msg, MAPI_TO, L"Alice Example", L"SMTP", L"alice@example.test");
    fake_add_recipient(msg, MAPI_CC, L"bob@example.test", L"SMTP", L"bob@example.test");
    fake_add_recipient(msg, MAPI_BCC, L"Carol", L"SMTP", L"carol@example.test");
    return msg;
}

static const char plain_expected[] =
    "Message-ID: <plain-1@example.test>\r\n"
    "Date: Mon, 6 May 2024 07:08:09 +0000\r\n"
    "From: Sam Sender <sender@example.test>\r\n"
    "To: Alice Example <alice@example.test>\r\n"
    "Cc: bob@example.test\r\n"
    "Subject: Plain test\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 7bit\r\n"
    "\r\n"
    "Hello Alice,\r\n"
    ".\r\n"
    "..two dots\r\n"
    ".leading dot\r\n"
    "bye\r\n";

/*** tests ***/

static void test_provider_init(void **state)
{
    IXPProvider *provider = (IXPProvider *)0xdeadbeef;
    ULONG version = 0;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, pXPProviderInit(smtpxp, NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                    MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, pXPProviderInit(smtpxp, NULL, NULL, MAPIAllocateMore,
                    MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, &provider));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, pXPProviderInit(smtpxp, NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                    MAPIFreeBuffer, 0x8000, CURRENT_SPI_VERSION, &version, &provider));
    assert_null(provider);
    assert_hr_equal(MAPI_E_VERSION, pXPProviderInit(smtpxp, NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                    MAPIFreeBuffer, 0, PDK1_SPI_VERSION, &version, &provider));
    assert_int_equal(version, CURRENT_SPI_VERSION);
    assert_hr_equal(S_OK, pXPProviderInit(smtpxp, NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                    MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, &provider));
    assert_hr_equal(S_OK, IXPProvider_Shutdown(provider, &version));
    assert_int_equal(IXPProvider_Release(provider), 0);
}

static void test_logon_config(void **state)
{
    struct fake_support *support = fake_support_create();
    IXPProvider *provider;
    IXPLogon *logon = (IXPLogon *)0xdeadbeef;
    ULONG version, flags;
    SPropValue prop;

    assert_hr_equal(S_OK, pXPProviderInit(smtpxp, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                                          CURRENT_SPI_VERSION, &version, &provider));
    flags = 0;
    assert_hr_equal(MAPI_E_UNCONFIGURED, IXPProvider_TransportLogon(provider, &support->IMAPISupport_iface, 0,
                                                                    NULL, &flags, NULL, &logon));
    assert_null(logon);
    flags = 0x100;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IXPProvider_TransportLogon(provider, &support->IMAPISupport_iface, 0,
                                                                     NULL, &flags, NULL, &logon));
    flags = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPProvider_TransportLogon(provider, NULL, 0, NULL, &flags, NULL,
                                                                         &logon));
    /* a server without a sender is not enough to send */
    fake_support_set_config(support, L"127.0.0.1", 25, NULL, NULL, 0);
    assert_hr_equal(MAPI_E_UNCONFIGURED, IXPProvider_TransportLogon(provider, &support->IMAPISupport_iface, 0,
                                                                    NULL, &flags, NULL, &logon));

    /* what the provider's section lacks comes from the service's (PR_SERVICE_UID) */
    assert_int_equal(CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 &support->service_section), S_OK);
    memset(&support->service_uid, 0x5a, sizeof(support->service_uid));
    prop.ulPropTag = PR_SERVICE_UID;
    prop.Value.bin.cb = sizeof(MAPIUID);
    prop.Value.bin.lpb = (BYTE *)&support->service_uid;
    assert_hr_equal(S_OK, IPropData_SetProps(support->section, 1, &prop, NULL));
    prop.ulPropTag = PR_SMTPXP_SENDER;
    prop.Value.lpszW = sender;
    assert_hr_equal(S_OK, IPropData_SetProps(support->service_section, 1, &prop, NULL));
    flags = LOGON_NO_DIALOG | LOGON_NO_CONNECT;
    assert_hr_equal(S_OK, IXPProvider_TransportLogon(provider, &support->IMAPISupport_iface, 0, NULL, &flags, NULL,
                                                     &logon));
    /* no Maildir: nothing to poll */
    assert_int_equal(flags, LOGON_SP_IDLE);
    /* the status row came at logon */
    assert_int_equal(support->status_row_calls, 1);
    assert_int_equal(support->status_row_flags, 0);
    assert_non_null(fake_status_prop(support, PR_STATUS_CODE));
    assert_int_equal(fake_status_prop(support, PR_STATUS_CODE)->Value.l, STATUS_AVAILABLE | STATUS_OUTBOUND_ENABLED);
    assert_int_equal(fake_status_prop(support, PR_RESOURCE_METHODS)->Value.l, STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES);
    assert_non_null(fake_status_prop(support, PR_IDENTITY_DISPLAY_W));
    assert_true(!wcscmp(fake_status_prop(support, PR_IDENTITY_DISPLAY_W)->Value.lpszW, sender));
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(logon, 0));
    IXPLogon_Release(logon);
    IXPProvider_Release(provider);
    fake_support_release(support);
}

static void test_service_entry(void **state)
{
    struct fake_support *support = fake_support_create();
    SPropValue props[3], *got;
    SizedSPropTagArray(2, tags) = { 2, { PR_SMTPXP_SERVER, PR_SMTPXP_PORT } };
    ULONG count;

    assert_non_null(pServiceEntry);
    assert_hr_equal(S_OK, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0, 0, MSG_SERVICE_INSTALL,
                                        0, NULL, NULL, NULL));
    /* created unconfigured, as CreateMsgService without UI leaves a service; configuring needs the values */
    assert_hr_equal(S_OK, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0, 0,
                                        MSG_SERVICE_CREATE, 0, NULL, NULL, NULL));
    assert_hr_equal(MAPI_E_UNCONFIGURED, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0, 0,
                                                       MSG_SERVICE_CONFIGURE, 0, NULL, NULL, NULL));
    assert_hr_equal(MAPI_E_NO_SUPPORT, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0,
                                                     SERVICE_UI_ALWAYS, MSG_SERVICE_CONFIGURE, 0, NULL, NULL, NULL));
    props[0].ulPropTag = PROP_TAG(PT_STRING8, PROP_ID(PR_SMTPXP_SERVER));
    props[0].Value.lpszA = (char *)"mail.example.test";
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0, 0,
                                                            MSG_SERVICE_CONFIGURE, 1, props, NULL, NULL));
    props[0].ulPropTag = PR_SMTPXP_SERVER;
    props[0].Value.lpszW = (WCHAR *)L"mail.example.test";
    props[1].ulPropTag = PR_SMTPXP_PORT;
    props[1].Value.l = 587;
    props[2].ulPropTag = PR_SMTPXP_SENDER;
    props[2].Value.lpszW = sender;
    assert_hr_equal(S_OK, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0, SERVICE_UI_ALLOWED,
                                        MSG_SERVICE_CONFIGURE, 3, props, NULL, NULL));
    assert_hr_equal(S_OK, IPropData_GetProps(support->section, (SPropTagArray *)&tags, 0, &count, &got));
    assert_true(!wcscmp(got[0].Value.lpszW, L"mail.example.test"));
    assert_int_equal(got[1].Value.l, 587);
    MAPIFreeBuffer(got);
    /* the retry interval is a number of seconds */
    props[0].ulPropTag = PROP_TAG(PT_UNICODE, PROP_ID(PR_SMTPXP_RETRY_INTERVAL));
    props[0].Value.lpszW = (WCHAR *)L"5";
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0, 0,
                                                            MSG_SERVICE_CONFIGURE, 1, props, NULL, NULL));
    props[0].ulPropTag = PR_SMTPXP_RETRY_INTERVAL;
    props[0].Value.l = 5;
    assert_hr_equal(S_OK, pServiceEntry(smtpxp, NULL, &support->IMAPISupport_iface, 0, 0,
                                        MSG_SERVICE_CONFIGURE, 1, props, NULL, NULL));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)support->section, PR_SMTPXP_RETRY_INTERVAL, &got));
    assert_int_equal(got->Value.l, 5);
    MAPIFreeBuffer(got);
    fake_support_release(support);
}

static void test_logon_objects(void **state)
{
    struct session s;
    IMAPIStatus *status;
    ULONG type, flags, count, cuid;
    char **types;
    MAPIUID **uids;
    OPTIONDATA *options;
    SPropValue *props;
    SizedSPropTagArray(3, tags) = { 3, { PR_STATUS_CODE, PR_RESOURCE_TYPE, PR_SUBJECT_W } };

    logon_with(&s, mta_port, L"inbox", 0);
    assert_int_equal(s.logon_flags, LOGON_SP_POLL | LOGON_SP_IDLE);
    assert_hr_equal(S_OK, IXPLogon_AddressTypes(s.logon, &flags, &count, (WINE_LPTSTR **)&types, &cuid, &uids));
    assert_int_equal(count, 1);
    assert_string_equal(types[0], "SMTP");
    assert_int_equal(cuid, 0);
    MAPIFreeBuffer(types);
    assert_hr_equal(S_OK, IXPLogon_RegisterOptions(s.logon, &flags, &count, &options));
    assert_int_equal(count, 0);

    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IXPLogon_OpenStatusEntry(s.logon, &IID_IMessage, 0, &type, &status));
    assert_hr_equal(S_OK, IXPLogon_OpenStatusEntry(s.logon, NULL, 0, &type, &status));
    assert_int_equal(type, MAPI_STATUS);
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, IMAPIStatus_GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    assert_int_equal(props[0].Value.l, STATUS_AVAILABLE | STATUS_INBOUND_ENABLED | STATUS_OUTBOUND_ENABLED);
    assert_int_equal(props[1].Value.l, MAPI_TRANSPORT_PROVIDER);
    assert_int_equal(props[2].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_SUBJECT_W)));
    MAPIFreeBuffer(props);
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPIStatus_SettingsDialog(status, 0, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIStatus_SettingsDialog(status, 0, 0x80));
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->ChangePassword(status, NULL, NULL, 0));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMAPIStatus_SetProps(status, 1, props, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIStatus_ValidateState(status, 0, 0x1000));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPIStatus_ValidateState(status, 0, SHOW_XP_SESSION_UI));
    assert_hr_equal(S_OK, IMAPIStatus_ValidateState(status, 0, FORCE_XP_CONNECT | SUPPRESS_UI));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIStatus_FlushQueues(status, 0, 4, (ENTRYID *)"abcd", FLUSH_UPLOAD));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIStatus_FlushQueues(status, 0, 0, NULL, 0x1));
    /* the status object outlives nothing: it keeps the logon */
    IMAPIStatus_Release(status);

    /* TransportNotify gives its flags back unchanged */
    flags = NOTIFY_ABORT_DEFERRED;
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_int_equal(flags, NOTIFY_ABORT_DEFERRED);
    flags = NOTIFY_BEGIN_INBOUND | NOTIFY_END_INBOUND;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    flags = 0x100000;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IXPLogon_TransportLogoff(s.logon, 0x4));
    logoff(&s);
}

/* Plain text, three recipients (Bcc too) and dot-stuffing, byte for byte. */
static void test_send_plain(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message();
    ULONG ref, retry, end_flags, i;
    char *mail;
    size_t len;

    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_not_equal(ref, 0);
    assert_int_equal(end_flags, 0);
    assert_int_equal(s.support->status_recips_calls, 0);
    /* each recipient is the transport's now */
    for (i = 0; i < 3; i++)
    {
        const SPropValue *resp = fake_recip_prop(msg, i, PR_RESPONSIBILITY);
        assert_non_null(resp);
        assert_true(resp->Value.b);
        assert_non_null(fake_recip_prop(msg, i, PR_ENTRYID));
    }
    mail = take_mail(L"alice", &len);
    assert_bytes_equal(plain_expected, sizeof(plain_expected) - 1, mail, len);
    free(mail);
    mail = take_mail(L"bob", &len);
    assert_bytes_equal(plain_expected, sizeof(plain_expected) - 1, mail, len);
    free(mail);
    /* Bcc: delivered, and in no header */
    mail = take_mail(L"carol", &len);
    assert_bytes_equal(plain_expected, sizeof(plain_expected) - 1, mail, len);
    free(mail);

    /* sent again: everyone has it, nothing goes out twice */
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    Sleep(300);
    assert_int_equal(maildir_count(L"alice", L"new"), 0);

    fake_message_release(msg);
    logoff(&s);
}

/* The same through the port that offers neither PIPELINING nor SMTPUTF8. */
static void test_send_without_pipelining(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message();
    ULONG ref, retry, end_flags;
    const SPropValue *text;
    char *mail;
    size_t len;

    /* an internationalized address needs SMTPUTF8: refused here, reported */
    fake_add_recipient(msg, MAPI_TO, L"J\x00f6rg", L"SMTP", L"j\x00f6rg@example.test");
    logon_with(&s, mta_plain_port, NULL, 0);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    mail = take_mail(L"alice", &len);
    /* the To line has the new recipient too */
    assert_non_null(strstr(mail, "To: Alice Example <alice@example.test>,\r\n =?UTF-8?B?SsO2cmc=?= <j\xc3\xb6rg@example.test>\r\n"));
    assert_non_null(strstr(mail, "\r\n\r\nHello Alice,\r\n.\r\n..two dots\r\n"));
    free(mail);
    free(take_mail(L"bob", &len));
    free(take_mail(L"carol", &len));
    assert_int_equal(s.support->status_recips_calls, 1);
    assert_int_equal(s.support->status_recips->cEntries, 1);
    text = PpropFindProp(s.support->status_recips->aEntries[0].rgPropVals,
                         s.support->status_recips->aEntries[0].cValues, PR_REPORT_TEXT_W);
    assert_non_null(text);
    assert_non_null(wcsstr(text->Value.lpszW, L"SMTPUTF8"));
    assert_true(fake_recip_prop(msg, 3, PR_RESPONSIBILITY)->Value.b);
    fake_message_release(msg);
    logoff(&s);
}

/* An internationalized address, through the port that offers SMTPUTF8. */
static void test_send_smtputf8(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message();
    ULONG ref, retry, end_flags;
    char *mail;
    size_t len;

    fake_add_recipient(msg, MAPI_TO, L"J\x00f6rg", L"SMTP", L"j\x00f6rg@example.test");
    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    assert_int_equal(s.support->status_recips_calls, 0);
    mail = take_mail(L"j\x00f6rg", &len);
    assert_non_null(strstr(mail, "To: Alice Example <alice@example.test>,\r\n =?UTF-8?B?SsO2cmc=?= <j\xc3\xb6rg@example.test>\r\n"));
    free(mail);
    free(take_mail(L"alice", &len));
    free(take_mail(L"bob", &len));
    free(take_mail(L"carol", &len));
    assert_true(fake_recip_prop(msg, 3, PR_RESPONSIBILITY)->Value.b);
    fake_message_release(msg);
    logoff(&s);
}

/* Recipients the MTA refuses get a non-delivery report; the others the mail. */
static void test_send_refused(void **state)
{
    struct session s;
    struct fake_message *msg = fake_message_create();
    ULONG ref, retry, end_flags, i;
    ADRLIST *ndr;
    size_t len;

    fake_set_string(msg, PR_SUBJECT_W, L"Refusals");
    fake_set_string(msg, PR_BODY_W, L"Some of you will not get this.");
    fake_add_recipient(msg, MAPI_TO, L"Refused", L"SMTP", L"refused@example.test");
    fake_add_recipient(msg, MAPI_TO, L"Alice", L"SMTP", L"alice@example.test");
    fake_add_recipient(msg, MAPI_CC, L"Nobody", L"SMTP", L"nobody@example.test");
    fake_add_recipient(msg, MAPI_CC, L"Fax", L"FAX", L"+1 555 0100");
    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    free(take_mail(L"alice", &len));

    assert_int_equal(s.support->status_recips_calls, 1);
    ndr = s.support->status_recips;
    assert_int_equal(ndr->cEntries, 2);
    for (i = 0; i < 2; i++)
    {
        SPropValue *p = ndr->aEntries[i].rgPropVals;
        ULONG n = ndr->aEntries[i].cValues;

        assert_int_equal(PpropFindProp(p, n, PR_NDR_STATUS_CODE)->Value.l, 550);
        assert_int_equal(PpropFindProp(p, n, PR_NDR_REASON_CODE)->Value.l, MAPI_REASON_TRANSFER_FAILED);
        assert_non_null(PpropFindProp(p, n, PR_REPORT_TIME));
        assert_non_null(PpropFindProp(p, n, PR_ENTRYID));
        assert_non_null(PpropFindProp(p, n, PR_ROWID));
    }
    /* 5.1.1 from the server: an unknown recipient */
    assert_int_equal(PpropFindProp(ndr->aEntries[0].rgPropVals, ndr->aEntries[0].cValues, PR_NDR_DIAG_CODE)->Value.l,
                     MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN);
    assert_true(!wcscmp(PpropFindProp(ndr->aEntries[0].rgPropVals, ndr->aEntries[0].cValues, PR_DISPLAY_NAME_W)->Value.lpszW,
                        L"Refused"));
    assert_non_null(wcsstr(PpropFindProp(ndr->aEntries[0].rgPropVals, ndr->aEntries[0].cValues,
                                         PR_REPORT_TEXT_W)->Value.lpszW, L"no such user here"));
    assert_true(!wcscmp(PpropFindProp(ndr->aEntries[1].rgPropVals, ndr->aEntries[1].cValues, PR_DISPLAY_NAME_W)->Value.lpszW,
                        L"Nobody"));
    /* refused or delivered: the transport's; the fax recipient is another transport's */
    for (i = 0; i < 3; i++) assert_true(fake_recip_prop(msg, i, PR_RESPONSIBILITY)->Value.b);
    assert_null(fake_recip_prop(msg, 3, PR_RESPONSIBILITY));

    /* a message for no SMTP recipient is not this transport's */
    {
        struct fake_message *fax = fake_message_create();
        fake_add_recipient(fax, MAPI_TO, L"Fax", L"FAX", L"+1 555 0100");
        assert_hr_equal(MAPI_E_NOT_ME, submit(&s, fax, &ref, &retry, &end_flags));
        fake_message_release(fax);
    }
    fake_message_release(msg);
    logoff(&s);
}

/* A recipient the MTA defers waits for the next try, the others are not sent twice. */
static void test_send_deferred(void **state)
{
    struct session s;
    struct fake_message *msg = fake_message_create();
    ULONG ref, retry, end_flags;
    size_t len;

    fake_set_string(msg, PR_SUBJECT_W, L"Deferred");
    fake_set_string(msg, PR_BODY_W, L"One of you later.");
    fake_add_recipient(msg, MAPI_TO, L"Alice", L"SMTP", L"alice@example.test");
    fake_add_recipient(msg, MAPI_TO, L"Later", L"SMTP", L"later@example.test");
    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, END_RESEND_LATER);
    assert_int_equal(s.support->status_recips_calls, 0);
    assert_true(fake_recip_prop(msg, 0, PR_RESPONSIBILITY)->Value.b);
    assert_null(fake_recip_prop(msg, 1, PR_RESPONSIBILITY));
    /* saved, so that the next try knows */
    assert_int_equal(msg->save_calls, 1);
    assert_int_equal(msg->last_save_flags, KEEP_OPEN_READWRITE);
    free(take_mail(L"alice", &len));

    /* the next try: only the one who waits; deferred again, as a whole */
    assert_hr_equal(MAPI_E_WAIT, submit(&s, msg, &ref, &retry, &end_flags));
    assert_true(retry > 0 && retry != 0xdead);
    assert_int_equal(end_flags, END_RESEND_LATER);
    Sleep(300);
    assert_int_equal(maildir_count(L"alice", L"new"), 0);
    fake_message_release(msg);
    logoff(&s);
}

/* No server: handed back intact with a retry time; delivered once the server is back. */
static void test_server_down(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message();
    ULONG ref, retry, end_flags, i, version, calls;
    SPropValue interval;
    char *mail;
    size_t len;

    logon(&s);
    mta_control("pause");
    calls = s.support->status_row_calls;
    assert_hr_equal(MAPI_E_NETWORK_ERROR, submit(&s, msg, &ref, &retry, &end_flags));
    /* PR_SMTPXP_RETRY_INTERVAL's default */
    assert_int_equal(retry, 60);
    /* the status row says why, once */
    assert_int_equal(s.support->status_row_calls, calls + 1);
    assert_int_equal(wcsncmp(fake_status_prop(s.support, PR_STATUS_STRING_W)->Value.lpszW, L"cannot connect", 14), 0);
    assert_hr_equal(MAPI_E_NETWORK_ERROR, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(s.support->status_row_calls, calls + 1);
    assert_int_equal(end_flags, END_RESEND_LATER);
    assert_int_equal(msg->modify_recip_calls, 0);
    assert_int_equal(msg->save_calls, 0);
    for (i = 0; i < 3; i++) assert_null(fake_recip_prop(msg, i, PR_RESPONSIBILITY));
    assert_int_equal(s.support->status_recips_calls, 0);

    /* the retry interval of the profile */
    logoff(&s);
    memset(&s, 0, sizeof(s));
    s.support = fake_support_create();
    fake_support_set_config(s.support, L"127.0.0.1", mta_port, sender, NULL, 0);
    interval.ulPropTag = PR_SMTPXP_RETRY_INTERVAL;
    interval.Value.l = 7;
    assert_hr_equal(S_OK, IPropData_SetProps(s.support->section, 1, &interval, NULL));
    assert_hr_equal(S_OK, pXPProviderInit(smtpxp, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                                          CURRENT_SPI_VERSION, &version, &s.provider));
    s.logon_flags = LOGON_NO_DIALOG;
    assert_hr_equal(S_OK, IXPProvider_TransportLogon(s.provider, &s.support->IMAPISupport_iface, 0, NULL,
                                                     &s.logon_flags, NULL, &s.logon));
    assert_hr_equal(MAPI_E_NETWORK_ERROR, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(retry, 7);
    mta_control("resume");

    calls = s.support->status_row_calls;
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    assert_int_equal(s.support->status_row_calls, calls + 1);
    assert_true(!wcscmp(fake_status_prop(s.support, PR_STATUS_STRING_W)->Value.lpszW, L"Connected"));
    mail = take_mail(L"alice", &len);
    assert_bytes_equal(plain_expected, sizeof(plain_expected) - 1, mail, len);
    free(mail);
    free(take_mail(L"bob", &len));
    free(take_mail(L"carol", &len));
    fake_message_release(msg);
    logoff(&s);
}

/* A connection the server closed in between is noticed and made again. */
static void test_server_restart_between_messages(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message(), *again = plain_message();
    ULONG ref, retry, end_flags;
    size_t len;

    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    free(take_mail(L"alice", &len));
    free(take_mail(L"bob", &len));
    free(take_mail(L"carol", &len));
    mta_control("pause");
    mta_control("resume");
    assert_hr_equal(S_OK, submit(&s, again, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    free(take_mail(L"alice", &len));
    free(take_mail(L"bob", &len));
    free(take_mail(L"carol", &len));
    fake_message_release(msg);
    fake_message_release(again);
    logoff(&s);
}

struct cancel_context
{
    struct session *s;
    ULONG *ref;
};

static void cancel_now(struct fake_message *msg, void *context)
{
    struct cancel_context *c = context;
    ULONG flags = NOTIFY_CANCEL_MESSAGE;
    ULONG ref = *c->ref;

    assert_int_not_equal(ref, 0);
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(c->s->logon, &flags, (void **)&ref));
}

/* NOTIFY_CANCEL_MESSAGE while the message is being sent: nothing is delivered. */
static void test_cancel(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message();
    struct cancel_context context;
    ULONG ref = 0, retry, end_flags;

    logon(&s);
    context.s = &s;
    context.ref = &ref;
    msg->on_read = cancel_now;
    msg->on_read_context = &context;
    assert_hr_equal(MAPI_E_USER_CANCEL, IXPLogon_SubmitMessage(s.logon, 0, &msg->IMessage_iface, &ref, &retry));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_EndMessage(s.logon, ref, &end_flags));
    assert_int_equal(msg->modify_recip_calls, 0);
    Sleep(500);
    assert_int_equal(maildir_count(L"alice", L"new"), 0);
    assert_int_equal(maildir_count(L"carol", L"new"), 0);
    /* the next message goes through a new connection */
    msg->on_read = NULL;
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_true(wait_for_mail(L"alice", 1));
    empty_maildir(L"alice");
    empty_maildir(L"bob");
    empty_maildir(L"carol");
    fake_message_release(msg);
    logoff(&s);
}

/* Bigger than the server's SIZE: refused before anything is sent. */
static void test_send_too_big(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message(), *attach;
    ULONG ref, retry, end_flags, i, size = 2200 * 1024;
    BYTE *data = malloc(size);
    ADRLIST *ndr;

    for (i = 0; i < size; i++) data[i] = (BYTE)(i * 7);
    attach = fake_add_attachment(msg, ATTACH_BY_VALUE);
    fake_set_string(attach, PR_ATTACH_LONG_FILENAME_W, L"big.bin");
    fake_set_binary(attach, PR_ATTACH_DATA_BIN, data, size);
    msg->stream_threshold = attach->stream_threshold = 65536;  /* read through a stream */
    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    ndr = s.support->status_recips;
    assert_non_null(ndr);
    assert_int_equal(ndr->cEntries, 3);
    for (i = 0; i < 3; i++)
    {
        assert_int_equal(PpropFindProp(ndr->aEntries[i].rgPropVals, ndr->aEntries[i].cValues,
                                       PR_NDR_DIAG_CODE)->Value.l, MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD);
        assert_int_equal(PpropFindProp(ndr->aEntries[i].rgPropVals, ndr->aEntries[i].cValues,
                                       PR_NDR_STATUS_CODE)->Value.l, 552);
    }
    Sleep(300);
    assert_int_equal(maildir_count(L"alice", L"new"), 0);
    free(data);
    fake_message_release(msg);
    logoff(&s);
}

static struct fake_message *rich_message(BOOL long_line)
{
    static const char html[] = "<html><body><p>Hello <b>HTML</b> \xc3\xbc</p></body></html>\r\n";
    struct fake_message *msg = fake_message_create(), *attach, *inner;
    BYTE bytes[256];
    int i;

    for (i = 0; i < 256; i++) bytes[i] = i;
    fake_set_string(msg, PR_SUBJECT_W, L"Gr\x00fc\x00df" L"e \x2013 r\x00e9sum\x00e9 and a long subject that must be folded somewhere");
    if (long_line)
    {
        WCHAR *body = malloc(2100 * sizeof(WCHAR));
        for (i = 0; i < 2000; i++) body[i] = L'a' + i % 26;
        wcscpy(body + 2000, L"\r\nend = \x00e9t\x00e9\r\n");
        fake_set_string(msg, PR_BODY_W, body);
        free(body);
    }
    else fake_set_string(msg, PR_BODY_W, L"Plain \x00fcn\x00ef" L"code\r\nsecond line\r\n");
    fake_set_binary(msg, PR_HTML, html, sizeof(html) - 1);
    fake_set_long(msg, PR_INTERNET_CPID, 65001);
    fake_set_string(msg, PR_INTERNET_MESSAGE_ID_W, L"<rich-1@example.test>");
    fake_set_time(msg, PR_CLIENT_SUBMIT_TIME, fixed_time(3600));
    fake_set_string(msg, PR_SENT_REPRESENTING_NAME_W, L"Zo\x00eb \"Z\" Sender");
    fake_set_string(msg, PR_SENT_REPRESENTING_ADDRTYPE_W, L"SMTP");
    fake_set_string(msg, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, sender);
    fake_add_recipient(msg, MAPI_TO, L"\x0410\x043b\x0438\x0441\x0430", L"SMTP", L"alice@example.test");
    fake_add_recipient(msg, MAPI_TO, L"Inbox", L"SMTP", L"inbox@example.test");

    attach = fake_add_attachment(msg, ATTACH_BY_VALUE);
    fake_set_string(attach, PR_ATTACH_LONG_FILENAME_W, L"na\x00efve r\x00e9sum\x00e9.bin");
    fake_set_string(attach, PR_ATTACH_MIME_TAG_W, L"application/octet-stream");
    fake_set_binary(attach, PR_ATTACH_DATA_BIN, bytes, sizeof(bytes));
    attach = fake_add_attachment(msg, ATTACH_BY_VALUE);
    fake_set_string(attach, PR_ATTACH_LONG_FILENAME_W, L"notes.txt");
    fake_set_binary(attach, PR_ATTACH_DATA_BIN, "a note\r\n", 8);

    attach = fake_add_attachment(msg, ATTACH_EMBEDDED_MSG);
    fake_set_string(attach, PR_DISPLAY_NAME_W, L"Inner");
    inner = fake_attach_embedded(attach);
    fake_set_string(inner, PR_SUBJECT_W, L"Inner");
    fake_set_string(inner, PR_BODY_W, L"Inner body\r\n");
    fake_set_string(inner, PR_INTERNET_MESSAGE_ID_W, L"<inner-1@example.test>");
    fake_set_time(inner, PR_CLIENT_SUBMIT_TIME, fixed_time(-86400));
    fake_set_string(inner, PR_SENT_REPRESENTING_NAME_W, L"Inner Sender");
    fake_set_string(inner, PR_SENT_REPRESENTING_ADDRTYPE_W, L"SMTP");
    fake_set_string(inner, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, L"inner@example.test");
    fake_add_recipient(inner, MAPI_TO, L"Dave", L"SMTP", L"dave@example.test");
    return msg;
}

#include "test_smtpxp_rich.h"

/* HTML and plain bodies, attachments, an embedded message, non-ASCII headers. */
static void test_send_rich(void **state)
{
    struct session s;
    struct fake_message *msg = rich_message(FALSE);
    ULONG ref, retry, end_flags;
    char *mail;
    size_t len;

    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    mail = take_mail(L"alice", &len);
    assert_bytes_equal(rich_expected, sizeof(rich_expected) - 1, mail, len);
    free(mail);
    empty_maildir(L"inbox");
    fake_message_release(msg);
    logoff(&s);
}

static void check_round_trip(struct fake_message *sent, struct fake_message *got)
{
    const SPropValue *a, *b;
    struct fake_message *inner;
    ULONG i;

    a = fake_get_prop(got, PR_SUBJECT_W);
    assert_non_null(a);
    b = fake_get_prop(sent, PR_SUBJECT_W);
    assert_non_null(b);
    {
        WCHAR *subject = _wcsdup(a->Value.lpszW);
        assert_true(!wcscmp(subject, fake_get_prop(sent, PR_SUBJECT_W)->Value.lpszW));
        free(subject);
    }
    {
        WCHAR *body = _wcsdup(fake_get_prop(got, PR_BODY_W)->Value.lpszW);
        assert_true(!wcscmp(body, fake_get_prop(sent, PR_BODY_W)->Value.lpszW));
        free(body);
    }
    {
        const SPropValue *html = fake_get_prop(got, PR_HTML);
        BYTE *copy;
        ULONG cb;

        assert_non_null(html);
        cb = html->Value.bin.cb;
        copy = malloc(cb);
        memcpy(copy, html->Value.bin.lpb, cb);
        html = fake_get_prop(sent, PR_HTML);
        assert_int_equal(cb, html->Value.bin.cb);
        assert_memory_equal(copy, html->Value.bin.lpb, cb);
        free(copy);
        assert_int_equal(fake_get_prop(got, PR_INTERNET_CPID)->Value.l, 65001);
    }
    assert_true(!wcscmp(fake_get_prop(got, PR_SENT_REPRESENTING_NAME_W)->Value.lpszW, L"Zo\x00eb \"Z\" Sender"));
    assert_true(!wcscmp(fake_get_prop(got, PR_SENDER_EMAIL_ADDRESS_W)->Value.lpszW, sender));
    assert_int_equal(got->recip_count, 2);
    assert_true(!wcscmp(fake_recip_prop(got, 0, PR_DISPLAY_NAME_W)->Value.lpszW, L"\x0410\x043b\x0438\x0441\x0430"));
    assert_true(!wcscmp(fake_recip_prop(got, 1, PR_EMAIL_ADDRESS_W)->Value.lpszW, L"inbox@example.test"));

    assert_int_equal(got->attach_count, 3);
    for (i = 0; i < 2; i++)
    {
        const SPropValue *data;
        BYTE *copy;
        ULONG cb;
        WCHAR *name;

        name = _wcsdup(fake_get_prop(got->attachments[i], PR_ATTACH_LONG_FILENAME_W)->Value.lpszW);
        assert_true(!wcscmp(name, fake_get_prop(sent->attachments[i], PR_ATTACH_LONG_FILENAME_W)->Value.lpszW));
        free(name);
        data = fake_get_prop(got->attachments[i], PR_ATTACH_DATA_BIN);
        assert_non_null(data);
        cb = data->Value.bin.cb;
        copy = malloc(cb);
        memcpy(copy, data->Value.bin.lpb, cb);
        data = fake_get_prop(sent->attachments[i], PR_ATTACH_DATA_BIN);
        assert_int_equal(cb, data->Value.bin.cb);
        assert_memory_equal(copy, data->Value.bin.lpb, cb);
        free(copy);
        assert_int_equal(fake_get_prop(got->attachments[i], PR_ATTACH_METHOD)->Value.l, ATTACH_BY_VALUE);
    }
    assert_true(!wcscmp(fake_get_prop(got->attachments[1], PR_ATTACH_MIME_TAG_W)->Value.lpszW, L"text/plain"));
    assert_int_equal(fake_get_prop(got->attachments[2], PR_ATTACH_METHOD)->Value.l, ATTACH_EMBEDDED_MSG);
    inner = got->attachments[2]->embedded;
    assert_non_null(inner);
    assert_int_equal(inner->save_calls, 1);
    assert_true(!wcscmp(fake_get_prop(inner, PR_SUBJECT_W)->Value.lpszW, L"Inner"));
    assert_true(!wcscmp(fake_get_prop(inner, PR_BODY_W)->Value.lpszW, L"Inner body\r\n"));
    assert_true(!wcscmp(fake_get_prop(inner, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W)->Value.lpszW, L"inner@example.test"));
    assert_int_equal(inner->recip_count, 1);
    assert_true(!wcscmp(fake_recip_prop(inner, 0, PR_EMAIL_ADDRESS_W)->Value.lpszW, L"dave@example.test"));
    {
        const SPropValue *t = fake_get_prop(inner, PR_CLIENT_SUBMIT_TIME);
        ULONGLONG v = ((ULONGLONG)t->Value.ft.dwHighDateTime << 32) | t->Value.ft.dwLowDateTime;
        assert_true(v == fixed_time(-86400));
    }
}

/* Sent by the transport, delivered by the MTA, read back: the same message. */
static void test_round_trip(void **state)
{
    struct session s, in;
    struct fake_message *msg = rich_message(TRUE), *got = fake_message_create();
    ULONG ref, retry, end_flags, incoming;
    size_t len;
    char *copy;

    logon(&s);
    empty_maildir(L"inbox");
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    free(take_mail(L"alice", &len));
    assert_true(wait_for_mail(L"inbox", 1));
    logoff(&s);

    logon_with(&in, 0, L"inbox", 100000);
    assert_hr_equal(S_OK, IXPLogon_Poll(in.logon, &incoming));
    assert_int_equal(incoming, 1);
    assert_hr_equal(S_OK, IXPLogon_StartMessage(in.logon, 0, &got->IMessage_iface, &ref));
    assert_int_equal(got->save_calls, 1);
    check_round_trip(msg, got);
    /* the 2000 characters line went quoted-printable */
    {
        const SPropValue *headers = fake_get_prop(got, PR_TRANSPORT_MESSAGE_HEADERS_W);
        assert_non_null(headers);
        assert_non_null(wcsstr(headers->Value.lpszW, L"Message-ID: <rich-1@example.test>\r\n"));
    }
    assert_int_equal(maildir_count(L"inbox", L"new"), 0);
    assert_int_equal(maildir_count(L"inbox", L"cur"), 1);
    (void)copy;
    empty_maildir(L"inbox");
    fake_message_release(got);
    fake_message_release(msg);
    logoff(&in);
}

static const char received_mail[] =
    "Return-Path: <sender@example.org>\n"
    "Received: from mx.example.org by mta.test; Tue, 7 May 2024 10:00:00 +0000\n"
    "Message-ID: <abc.123@example.org>\n"
    "Date: Tue, 7 May 2024 05:04:03 -0500\n"
    "From: =?ISO-8859-1?Q?Fran=E7ois_Exp=E9diteur?= <francois@example.org>\n"
    "To: \"Doe, Jane\" <jane@example.test>, plain@example.test,\n"
    " Group: g1@example.test, g2@example.test;\n"
    "Cc: =?UTF-8?B?0JDQu9C40YHQsA==?= <alisa@example.test> (comment)\n"
    "Subject: =?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_cr=C3=A8me?= and\n"
    " more\n"
    "Importance: high\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "\n"
    "This is a preamble.\n"
    "--outer\n"
    "Content-Type: multipart/alternative; boundary=inner\n"
    "\n"
    "--inner\n"
    "Content-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Voil=E0 le texte, long line that is =\n"
    "continued.\n"
    "--inner\n"
    "Content-Type: text/html; charset=utf-8\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "PHA+Vm9pbMOgPC9wPgo=\n"
    "--inner--\n"
    "--outer\n"
    "Content-Type: application/pdf\n"
    "Content-Disposition: attachment;\n"
    " filename*0*=utf-8''r%C3%A9sum;\n"
    " filename*1*=%C3%A9.pdf\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "JVBERi0xLjQK\n"
    "--outer\n"
    "Content-Type: image/png; name=\"dot.png\"\n"
    "Content-ID: <dot@example.org>\n"
    "Content-Disposition: inline\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "iVBORw0KGgo=\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: Inner <inner@example.org>\n"
    "To: jane@example.test\n"
    "Subject: Forwarded\n"
    "Date: Mon, 6 May 2024 23:00:00 +0200\n"
    "\n"
    "Forwarded body.\n"
    "--outer--\n"
    "epilogue\n";

static const char received_headers[] =
    "Return-Path: <sender@example.org>\r\n"
    "Received: from mx.example.org by mta.test; Tue, 7 May 2024 10:00:00 +0000\r\n"
    "Message-ID: <abc.123@example.org>\r\n"
    "Date: Tue, 7 May 2024 05:04:03 -0500\r\n"
    "From: =?ISO-8859-1?Q?Fran=E7ois_Exp=E9diteur?= <francois@example.org>\r\n"
    "To: \"Doe, Jane\" <jane@example.test>, plain@example.test,\r\n"
    " Group: g1@example.test, g2@example.test;\r\n"
    "Cc: =?UTF-8?B?0JDQu9C40YHQsA==?= <alisa@example.test> (comment)\r\n"
    "Subject: =?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_cr=C3=A8me?= and\r\n"
    " more\r\n"
    "Importance: high\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n";

static ULONGLONG filetime_value(const FILETIME *ft)
{
    return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static void expect_wstring(struct fake_message *msg, ULONG tag, const WCHAR *expected)
{
    const SPropValue *prop = fake_get_prop(msg, tag);
    if (!prop) print_error("property %#lx missing\n", tag);
    assert_non_null(prop);
    if (wcscmp(prop->Value.lpszW, expected)) print_error("property %#lx: %ls\n", tag, prop->Value.lpszW);
    assert_true(!wcscmp(prop->Value.lpszW, expected));
}

static void expect_recip(struct fake_message *msg, ULONG i, ULONG type, const WCHAR *name, const WCHAR *address)
{
    assert_int_equal(fake_recip_prop(msg, i, PR_RECIPIENT_TYPE)->Value.l, type);
    assert_true(!wcscmp(fake_recip_prop(msg, i, PR_DISPLAY_NAME_W)->Value.lpszW, name));
    assert_true(!wcscmp(fake_recip_prop(msg, i, PR_EMAIL_ADDRESS_W)->Value.lpszW, address));
    assert_true(!wcscmp(fake_recip_prop(msg, i, PR_ADDRTYPE_W)->Value.lpszW, L"SMTP"));
    assert_non_null(fake_recip_prop(msg, i, PR_ENTRYID));
    assert_non_null(fake_recip_prop(msg, i, PR_SEARCH_KEY));
}

/* A message dropped into the Maildir: every property of the MAPI message. */
static void test_receive(void **state)
{
    struct session s;
    struct fake_message *msg = fake_message_create(), *none = fake_message_create();
    ULONG ref, incoming;
    const SPropValue *prop;
    SYSTEMTIME st = { 2024, 5, 2, 7, 10, 4, 3, 0 };
    FILETIME expected, mtime;
    WCHAR path[MAX_PATH], dir[MAX_PATH];
    HANDLE file;

    empty_maildir(L"inbox");
    drop_mail(L"inbox", L"1715000000.M1P1.test", received_mail, sizeof(received_mail) - 1);
    maildir_path(dir, L"inbox", L"new");
    swprintf(path, MAX_PATH, L"%s\\1715000000.M1P1.test", dir);
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    GetFileTime(file, NULL, NULL, &mtime);
    CloseHandle(file);

    logon_with(&s, 0, L"inbox", 60000);
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 1);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IXPLogon_StartMessage(s.logon, 1, &msg->IMessage_iface, &ref));
    assert_hr_equal(S_OK, IXPLogon_StartMessage(s.logon, 0, &msg->IMessage_iface, &ref));
    assert_int_not_equal(ref, 0);
    assert_int_equal(msg->save_calls, 1);

    expect_wstring(msg, PR_MESSAGE_CLASS_W, L"IPM.Note");
    expect_wstring(msg, PR_SUBJECT_W, L"Caf\x00e9 cr\x00e8me and more");
    expect_wstring(msg, PR_INTERNET_MESSAGE_ID_W, L"<abc.123@example.org>");
    expect_wstring(msg, PR_SENDER_NAME_W, L"Fran\x00e7ois Exp\x00e9" L"diteur");
    expect_wstring(msg, PR_SENDER_EMAIL_ADDRESS_W, L"francois@example.org");
    expect_wstring(msg, PR_SENDER_ADDRTYPE_W, L"SMTP");
    expect_wstring(msg, PR_SENT_REPRESENTING_NAME_W, L"Fran\x00e7ois Exp\x00e9" L"diteur");
    expect_wstring(msg, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, L"francois@example.org");
    prop = fake_get_prop(msg, PR_SENDER_SEARCH_KEY);
    assert_non_null(prop);
    assert_memory_equal(prop->Value.bin.lpb, "SMTP:FRANCOIS@EXAMPLE.ORG", 26);
    assert_non_null(fake_get_prop(msg, PR_SENDER_ENTRYID));
    assert_non_null(fake_get_prop(msg, PR_SENT_REPRESENTING_ENTRYID));
    expect_wstring(msg, PR_BODY_W, L"Voil\x00e0 le texte, long line that is continued.");
    prop = fake_get_prop(msg, PR_HTML);
    assert_non_null(prop);
    assert_int_equal(prop->Value.bin.cb, 14);
    assert_memory_equal(prop->Value.bin.lpb, "<p>Voil\xc3\xa0</p>\n", 14);
    assert_int_equal(fake_get_prop(msg, PR_INTERNET_CPID)->Value.l, 65001);
    assert_int_equal(fake_get_prop(msg, PR_IMPORTANCE)->Value.l, IMPORTANCE_HIGH);
    {
        WCHAR headers[2048];
        MultiByteToWideChar(CP_UTF8, 0, received_headers, -1, headers, ARRAY_SIZE(headers));
        expect_wstring(msg, PR_TRANSPORT_MESSAGE_HEADERS_W, headers);
    }
    /* 05:04:03 -0500 is 10:04:03 UTC */
    SystemTimeToFileTime(&st, &expected);
    prop = fake_get_prop(msg, PR_CLIENT_SUBMIT_TIME);
    assert_non_null(prop);
    assert_true(filetime_value(&prop->Value.ft) == filetime_value(&expected));
    prop = fake_get_prop(msg, PR_MESSAGE_DELIVERY_TIME);
    assert_non_null(prop);
    assert_true(filetime_value(&prop->Value.ft) == filetime_value(&mtime));
    /* Sent, and not read yet */
    prop = fake_get_prop(msg, PR_MESSAGE_FLAGS);
    assert_non_null(prop);
    assert_int_equal(prop->Value.l & (MSGFLAG_UNSENT | MSGFLAG_READ), 0);

    assert_int_equal(msg->recip_count, 5);
    expect_recip(msg, 0, MAPI_TO, L"Doe, Jane", L"jane@example.test");
    expect_recip(msg, 1, MAPI_TO, L"plain@example.test", L"plain@example.test");
    expect_recip(msg, 2, MAPI_TO, L"g1@example.test", L"g1@example.test");
    expect_recip(msg, 3, MAPI_TO, L"g2@example.test", L"g2@example.test");
    expect_recip(msg, 4, MAPI_CC, L"\x0410\x043b\x0438\x0441\x0430", L"alisa@example.test");

    assert_int_equal(msg->attach_count, 3);
    expect_wstring(msg->attachments[0], PR_ATTACH_LONG_FILENAME_W, L"r\x00e9sum\x00e9.pdf");
    expect_wstring(msg->attachments[0], PR_ATTACH_EXTENSION_W, L".pdf");
    expect_wstring(msg->attachments[0], PR_ATTACH_MIME_TAG_W, L"application/pdf");
    assert_int_equal(fake_get_prop(msg->attachments[0], PR_ATTACH_METHOD)->Value.l, ATTACH_BY_VALUE);
    prop = fake_get_prop(msg->attachments[0], PR_ATTACH_DATA_BIN);
    assert_int_equal(prop->Value.bin.cb, 9);
    assert_memory_equal(prop->Value.bin.lpb, "%PDF-1.4\n", 9);
    assert_int_equal(msg->attachments[0]->save_calls, 1);
    expect_wstring(msg->attachments[1], PR_ATTACH_LONG_FILENAME_W, L"dot.png");
    expect_wstring(msg->attachments[1], PR_ATTACH_CONTENT_ID_W, L"dot@example.org");
    expect_wstring(msg->attachments[1], PR_ATTACH_MIME_TAG_W, L"image/png");
    prop = fake_get_prop(msg->attachments[1], PR_ATTACH_DATA_BIN);
    assert_int_equal(prop->Value.bin.cb, 8);
    assert_memory_equal(prop->Value.bin.lpb, "\x89PNG\r\n\x1a\n", 8);
    assert_int_equal(fake_get_prop(msg->attachments[2], PR_ATTACH_METHOD)->Value.l, ATTACH_EMBEDDED_MSG);
    expect_wstring(msg->attachments[2], PR_DISPLAY_NAME_W, L"Forwarded");
    assert_non_null(msg->attachments[2]->embedded);
    expect_wstring(msg->attachments[2]->embedded, PR_SUBJECT_W, L"Forwarded");
    expect_wstring(msg->attachments[2]->embedded, PR_BODY_W, L"Forwarded body.");
    expect_wstring(msg->attachments[2]->embedded, PR_SENDER_EMAIL_ADDRESS_W, L"inner@example.org");
    assert_int_equal(msg->attachments[2]->embedded->recip_count, 1);
    st.wDay = 6;
    st.wHour = 21;
    st.wMinute = st.wSecond = 0;
    SystemTimeToFileTime(&st, &expected);
    prop = fake_get_prop(msg->attachments[2]->embedded, PR_CLIENT_SUBMIT_TIME);
    assert_true(filetime_value(&prop->Value.ft) == filetime_value(&expected));
    assert_null(fake_get_prop(msg->attachments[2]->embedded, PR_TRANSPORT_MESSAGE_HEADERS_W));

    /* out of new/ once saved, and not read again */
    assert_int_equal(maildir_count(L"inbox", L"new"), 0);
    assert_int_equal(maildir_count(L"inbox", L"cur"), 1);
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 0);
    assert_hr_equal(S_OK, IXPLogon_StartMessage(s.logon, 0, &none->IMessage_iface, &ref));
    assert_int_equal(none->save_calls, 0);
    empty_maildir(L"inbox");
    fake_message_release(msg);
    fake_message_release(none);
    logoff(&s);
}

/*** winmail.dat ***/

static const BYTE tnef_rtf[] = "{\\rtf1\\ansi\\deff0 Rich \\b bold\\b0  text from Windows.\\par}";

/* A message our TNEF encoder writes as Outlook would send it: a class of its
 * own, an RTF body, an Exchange sender, a recipient, a named property, an
 * attachment and an embedded message. The compressed RTF comes back in *rtf. */
static BYTE *make_winmail(ULONG *size, SBinary *rtf)
{
    static const MAPINAMEID name = { (GUID *)&PS_PUBLIC_STRINGS, MNID_STRING, { .lpwstrName = (WCHAR *)L"X-Rich" } };
    MAPINAMEID *names[1] = { (MAPINAMEID *)&name };
    SPropTagArray *named = NULL;
    ILockBytes *bytes;
    IStorage *storage;
    IMessage *message, *inner;
    IAttach *attach;
    IStream *stream, *wrapped;
    ITnef *tnef;
    SPropValue values[6], *value = NULL;
    SizedADRLIST(1, list);
    SPropValue recip[4];
    BYTE *data = malloc(5000), *out;
    ULONG num, count, i, written;
    STATSTG stat;
    LARGE_INTEGER zero = { { 0 } };

    assert_hr_equal(S_OK, CreateILockBytesOnHGlobal(NULL, TRUE, &bytes));
    assert_hr_equal(S_OK, StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                                       0, &storage));
    bytes->lpVtbl->Release(bytes);
    assert_hr_equal(S_OK, OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL,
                                         storage, NULL, 0, 0, &message));
    values[0].ulPropTag = PR_MESSAGE_CLASS_W;
    values[0].Value.lpszW = (WCHAR *)L"IPM.Note.Rich";
    values[1].ulPropTag = PR_SUBJECT_W;
    values[1].Value.lpszW = (WCHAR *)L"Rich from Windows \x20ac";
    values[2].ulPropTag = PR_BODY_W;
    values[2].Value.lpszW = (WCHAR *)L"Rich bold text from Windows.";
    values[3].ulPropTag = PR_SENDER_ADDRTYPE_W;
    values[3].Value.lpszW = (WCHAR *)L"EX";
    values[4].ulPropTag = PR_SENDER_EMAIL_ADDRESS_W;
    values[4].Value.lpszW = (WCHAR *)L"/O=ORG/OU=SITE/CN=RECIPIENTS/CN=SENDER";
    values[5].ulPropTag = PR_IMPORTANCE;
    values[5].Value.l = IMPORTANCE_LOW;
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 6, values, NULL));
    assert_hr_equal(S_OK, message->lpVtbl->GetIDsFromNames(message, 1, names, MAPI_CREATE, &named));
    values[0].ulPropTag = PROP_TAG(PT_LONG, PROP_ID(named->aulPropTag[0]));
    values[0].Value.l = 42;
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 1, values, NULL));
    MAPIFreeBuffer(named);

    /* The RTF body, compressed as Outlook keeps it. */
    assert_hr_equal(S_OK, message->lpVtbl->OpenProperty(message, PR_RTF_COMPRESSED, &IID_IStream, STGM_CREATE |
                                                        STGM_WRITE, MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&stream));
    assert_hr_equal(S_OK, WrapCompressedRTFStream(stream, MAPI_MODIFY, &wrapped));
    assert_hr_equal(S_OK, wrapped->lpVtbl->Write(wrapped, tnef_rtf, sizeof(tnef_rtf) - 1, &written));
    assert_hr_equal(S_OK, wrapped->lpVtbl->Commit(wrapped, 0));
    wrapped->lpVtbl->Release(wrapped);
    assert_hr_equal(S_OK, stream->lpVtbl->Commit(stream, 0));
    stream->lpVtbl->Release(stream);

    recip[0].ulPropTag = PR_DISPLAY_NAME_W;
    recip[0].Value.lpszW = (WCHAR *)L"Jane on Exchange";
    recip[1].ulPropTag = PR_ADDRTYPE_W;
    recip[1].Value.lpszW = (WCHAR *)L"EX";
    recip[2].ulPropTag = PR_EMAIL_ADDRESS_W;
    recip[2].Value.lpszW = (WCHAR *)L"/O=ORG/OU=SITE/CN=RECIPIENTS/CN=JANE";
    recip[3].ulPropTag = PR_RECIPIENT_TYPE;
    recip[3].Value.l = MAPI_TO;
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 4;
    list.aEntries[0].rgPropVals = recip;
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, (ADRLIST *)&list));

    for (i = 0; i < 5000; i++) data[i] = (BYTE)(i * 7 + i / 251);
    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach));
    values[0].ulPropTag = PR_ATTACH_METHOD;
    values[0].Value.l = ATTACH_BY_VALUE;
    values[1].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
    values[1].Value.lpszW = (WCHAR *)L"report \x00e9t\x00e9.xlsx";
    values[2].ulPropTag = PR_ATTACH_DATA_BIN;
    values[2].Value.bin.cb = 5000;
    values[2].Value.bin.lpb = data;
    values[3].ulPropTag = PR_RENDERING_POSITION;
    values[3].Value.l = 5;
    assert_hr_equal(S_OK, attach->lpVtbl->SetProps(attach, 4, values, NULL));
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);

    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach));
    values[0].ulPropTag = PR_ATTACH_METHOD;
    values[0].Value.l = ATTACH_EMBEDDED_MSG;
    assert_hr_equal(S_OK, attach->lpVtbl->SetProps(attach, 1, values, NULL));
    assert_hr_equal(S_OK, attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0,
                                                       MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&inner));
    values[0].ulPropTag = PR_SUBJECT_W;
    values[0].Value.lpszW = (WCHAR *)L"Inside the winmail.dat";
    assert_hr_equal(S_OK, inner->lpVtbl->SetProps(inner, 1, values, NULL));
    assert_hr_equal(S_OK, inner->lpVtbl->SaveChanges(inner, 0));
    inner->lpVtbl->Release(inner);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));

    {
        SizedSPropTagArray(1, tags) = { 1, { PR_RTF_COMPRESSED } };
        assert_hr_equal(S_OK, message->lpVtbl->GetProps(message, (SPropTagArray *)&tags, 0, &count, &value));
        assert_int_equal(value->ulPropTag, PR_RTF_COMPRESSED);
        rtf->cb = value->Value.bin.cb;
        rtf->lpb = malloc(rtf->cb);
        memcpy(rtf->lpb, value->Value.bin.lpb, rtf->cb);
        MAPIFreeBuffer(value);
    }

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_ENCODE, message, 0x4242, &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->EncodeRecips(tnef, 0, NULL));
    assert_hr_equal(S_OK, tnef->lpVtbl->Finish(tnef, 0, NULL, NULL));
    tnef->lpVtbl->Release(tnef);
    stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME);
    *size = stat.cbSize.u.LowPart;
    out = malloc(*size);
    stream->lpVtbl->Seek(stream, zero, STREAM_SEEK_SET, NULL);
    assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, out, *size, &written));
    assert_int_equal(written, *size);
    stream->lpVtbl->Release(stream);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    free(data);
    return out;
}

static char *base64_lines(const BYTE *data, ULONG size)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = malloc(size / 3 * 4 + size / 57 * 2 + 8), *p = out;
    ULONG i;

    for (i = 0; i < size; i += 3)
    {
        ULONG v = data[i] << 16 | (i + 1 < size ? data[i + 1] << 8 : 0) | (i + 2 < size ? data[i + 2] : 0);
        *p++ = digits[v >> 18];
        *p++ = digits[(v >> 12) & 63];
        *p++ = i + 1 < size ? digits[(v >> 6) & 63] : '=';
        *p++ = i + 2 < size ? digits[v & 63] : '=';
        if ((i / 3 + 1) % 19 == 0) { *p++ = '\r'; *p++ = '\n'; }
    }
    *p = 0;
    return out;
}

static char *winmail_mail(const BYTE *tnef, ULONG size, size_t *len)
{
    static const char head[] =
        "From: Windows Sender <win@example.org>\r\n"
        "To: Jane <jane@example.test>\r\n"
        "Subject: Rich from Windows =?UTF-8?B?4oKs?=\r\n"
        "Message-ID: <tnef.1@example.org>\r\n"
        "Date: Tue, 7 May 2024 12:00:00 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
        "\r\n"
        "--b\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "Rich bold text from Windows.\r\n"
        "--b\r\n"
        "Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
        "Content-Disposition: attachment; filename=\"winmail.dat\"\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n";
    char *encoded = base64_lines(tnef, size), *mail = malloc(sizeof(head) + strlen(encoded) + 16);

    *len = sprintf(mail, "%s%s\r\n--b--\r\n", head, encoded);
    free(encoded);
    return mail;
}

/* Mail from Outlook with a winmail.dat arrives whole: the TNEF stream's body,
 * properties and attachments in the message, the Internet headers' sender
 * and recipients kept, the winmail.dat itself gone. */
static void test_receive_winmail(void **state)
{
    struct fake_message *msg = fake_message_create(), *bad = fake_message_create();
    struct session s;
    ULONG ref, incoming, size;
    const SPropValue *prop;
    SBinary rtf;
    BYTE *tnef = make_winmail(&size, &rtf);
    char *mail;
    size_t len;

    empty_maildir(L"inbox");
    mail = winmail_mail(tnef, size, &len);
    drop_mail(L"inbox", L"1715000001.M1P1.test", mail, len);
    free(mail);
    /* A second one whose winmail.dat is damaged: it stays an attachment. */
    tnef[0] ^= 0xff;
    mail = winmail_mail(tnef, size, &len);
    drop_mail(L"inbox", L"1715000002.M1P1.test", mail, len);
    free(mail);

    logon_with(&s, 0, L"inbox", 60000);
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 2);
    assert_hr_equal(S_OK, IXPLogon_StartMessage(s.logon, 0, &msg->IMessage_iface, &ref));
    assert_int_equal(msg->save_calls, 1);

    expect_wstring(msg, PR_MESSAGE_CLASS_W, L"IPM.Note.Rich");
    expect_wstring(msg, PR_SUBJECT_W, L"Rich from Windows \x20ac");
    expect_wstring(msg, PR_BODY_W, L"Rich bold text from Windows.");
    assert_int_equal(fake_get_prop(msg, PR_IMPORTANCE)->Value.l, IMPORTANCE_LOW);
    prop = fake_get_prop(msg, PR_RTF_COMPRESSED);
    assert_non_null(prop);
    assert_int_equal(prop->Value.bin.cb, rtf.cb);
    assert_memory_equal(prop->Value.bin.lpb, rtf.lpb, rtf.cb);
    /* Who sent it to whom: the headers, not the Exchange addresses of the TNEF. */
    expect_wstring(msg, PR_SENDER_EMAIL_ADDRESS_W, L"win@example.org");
    expect_wstring(msg, PR_SENDER_ADDRTYPE_W, L"SMTP");
    expect_wstring(msg, PR_INTERNET_MESSAGE_ID_W, L"<tnef.1@example.org>");
    assert_int_equal(msg->recip_count, 1);
    expect_recip(msg, 0, MAPI_TO, L"Jane", L"jane@example.test");

    assert_int_equal(msg->attach_count, 2);
    expect_wstring(msg->attachments[0], PR_ATTACH_LONG_FILENAME_W, L"report \x00e9t\x00e9.xlsx");
    assert_int_equal(fake_get_prop(msg->attachments[0], PR_ATTACH_METHOD)->Value.l, ATTACH_BY_VALUE);
    assert_int_equal(fake_get_prop(msg->attachments[0], PR_RENDERING_POSITION)->Value.l, 5);
    prop = fake_get_prop(msg->attachments[0], PR_ATTACH_DATA_BIN);
    assert_non_null(prop);
    assert_int_equal(prop->Value.bin.cb, 5000);
    assert_int_equal(prop->Value.bin.lpb[4999], (BYTE)(4999 * 7 + 4999 / 251));
    assert_int_equal(msg->attachments[0]->save_calls, 1);
    assert_int_equal(fake_get_prop(msg->attachments[1], PR_ATTACH_METHOD)->Value.l, ATTACH_EMBEDDED_MSG);
    assert_non_null(msg->attachments[1]->embedded);
    expect_wstring(msg->attachments[1]->embedded, PR_SUBJECT_W, L"Inside the winmail.dat");

    /* The damaged one: the text, and the winmail.dat as it came. */
    assert_hr_equal(S_OK, IXPLogon_StartMessage(s.logon, 0, &bad->IMessage_iface, &ref));
    assert_int_equal(bad->save_calls, 1);
    expect_wstring(bad, PR_MESSAGE_CLASS_W, L"IPM.Note");
    expect_wstring(bad, PR_BODY_W, L"Rich bold text from Windows.");
    assert_null(fake_get_prop(bad, PR_RTF_COMPRESSED));
    assert_int_equal(bad->attach_count, 1);
    expect_wstring(bad->attachments[0], PR_ATTACH_LONG_FILENAME_W, L"winmail.dat");
    prop = fake_get_prop(bad->attachments[0], PR_ATTACH_DATA_BIN);
    assert_int_equal(prop->Value.bin.cb, size);
    assert_memory_equal(prop->Value.bin.lpb, tnef, size);

    empty_maildir(L"inbox");
    fake_message_release(msg);
    fake_message_release(bad);
    free(rtf.lpb);
    free(tnef);
    logoff(&s);
}

/* The store could not save it: it stays in new/ and comes again. */
static void test_receive_save_fails(void **state)
{
    struct session s;
    struct fake_message *failing = fake_message_create(), *msg = fake_message_create();
    ULONG ref, incoming;

    empty_maildir(L"inbox");
    drop_mail(L"inbox", L"1715000001.M1P1.test", received_mail, sizeof(received_mail) - 1);
    logon_with(&s, 0, L"inbox", 1);
    failing->save_result = MAPI_E_DISK_ERROR;
    assert_hr_equal(MAPI_E_DISK_ERROR, IXPLogon_StartMessage(s.logon, 0, &failing->IMessage_iface, &ref));
    assert_int_equal(maildir_count(L"inbox", L"new"), 1);
    Sleep(50);  /* past the poll interval, whatever the tick count's step */
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 1);
    assert_hr_equal(S_OK, IXPLogon_StartMessage(s.logon, 0, &msg->IMessage_iface, &ref));
    assert_int_equal(msg->save_calls, 1);
    expect_wstring(msg, PR_SUBJECT_W, L"Caf\x00e9 cr\x00e8me and more");
    assert_int_equal(maildir_count(L"inbox", L"new"), 0);
    assert_int_equal(maildir_count(L"inbox", L"cur"), 1);
    empty_maildir(L"inbox");
    fake_message_release(failing);
    fake_message_release(msg);
    logoff(&s);
}

struct second_logon
{
    struct session *other;
    struct fake_message *msg;
    HRESULT hr;
};

static void start_on_other(struct fake_message *msg, void *context)
{
    struct second_logon *second = context;
    ULONG ref;
    second->hr = IXPLogon_StartMessage(second->other->logon, 0, &second->msg->IMessage_iface, &ref);
}

/* Two transports on one Maildir: a message goes to one of them, once. */
static void test_receive_two_logons(void **state)
{
    struct session a, b;
    struct fake_message *msg_a = fake_message_create(), *msg_b = fake_message_create();
    struct second_logon second = { &b, msg_b, E_FAIL };
    ULONG ref, incoming;

    empty_maildir(L"inbox");
    drop_mail(L"inbox", L"1715000002.M1P1.test", received_mail, sizeof(received_mail) - 1);
    logon_with(&a, 0, L"inbox", 1);
    logon_with(&b, 0, L"inbox", 1);
    assert_hr_equal(S_OK, IXPLogon_Poll(b.logon, &incoming));
    assert_int_equal(incoming, 1);
    /* b tries while a is delivering it */
    msg_a->on_write = start_on_other;
    msg_a->on_write_context = &second;
    assert_hr_equal(S_OK, IXPLogon_StartMessage(a.logon, 0, &msg_a->IMessage_iface, &ref));
    assert_hr_equal(S_OK, second.hr);
    assert_int_equal(msg_a->save_calls, 1);
    assert_int_equal(msg_b->save_calls, 0);
    Sleep(50);  /* past the poll interval, whatever the tick count's step */
    assert_hr_equal(S_OK, IXPLogon_Poll(b.logon, &incoming));
    assert_int_equal(incoming, 0);
    assert_hr_equal(S_OK, IXPLogon_StartMessage(b.logon, 0, &msg_b->IMessage_iface, &ref));
    assert_int_equal(msg_b->save_calls, 0);
    empty_maildir(L"inbox");
    fake_message_release(msg_a);
    fake_message_release(msg_b);
    logoff(&a);
    logoff(&b);
}

static ULONG status_code(struct session *s)
{
    IMAPIStatus *status;
    SizedSPropTagArray(1, tags) = { 1, { PR_STATUS_CODE } };
    SPropValue *props;
    ULONG type, count, code;

    assert_hr_equal(S_OK, IXPLogon_OpenStatusEntry(s->logon, &IID_IMAPIStatus, 0, &type, &status));
    assert_hr_equal(S_OK, IMAPIStatus_GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    code = props[0].Value.l;
    MAPIFreeBuffer(props);
    IMAPIStatus_Release(status);
    /* the row MAPI has says the same */
    assert_int_equal(fake_status_prop(s->support, PR_STATUS_CODE)->Value.l, code);
    return code;
}

/* FlushQueues, TransportNotify and Idle, and the status row with them. */
static void test_flush_and_notify(void **state)
{
    struct session s;
    struct fake_message *msg = fake_message_create(), *out = plain_message();
    ULONG ref, incoming, flags, retry, end_flags;
    size_t len;

    empty_maildir(L"inbox");
    logon_with(&s, mta_port, L"inbox", 600000);
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 0);
    drop_mail(L"inbox", L"1715000003.M1P1.test", received_mail, sizeof(received_mail) - 1);
    /* within the poll interval the folder is not read again */
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 0);
    assert_hr_equal(S_OK, IXPLogon_Idle(s.logon, 0));
    assert_int_equal(s.support->newmail_notifies, 0);

    /* a download flush reads it now and tells the spooler */
    assert_hr_equal(S_OK, IXPLogon_FlushQueues(s.logon, 0, 0, NULL, FLUSH_DOWNLOAD | FLUSH_NO_UI));
    assert_int_equal(s.support->newmail_notifies, 1);
    assert_true(status_code(&s) & STATUS_INBOUND_FLUSH);
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 1);
    assert_hr_equal(S_OK, IXPLogon_StartMessage(s.logon, 0, &msg->IMessage_iface, &ref));
    assert_int_equal(msg->save_calls, 1);
    /* all downloaded: the flush is over */
    flags = NOTIFY_END_INBOUND_FLUSH;
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_false(status_code(&s) & STATUS_INBOUND_FLUSH);

    /* inbound off: nothing is seen; on again: it is */
    drop_mail(L"inbox", L"1715000004.M1P1.test", received_mail, sizeof(received_mail) - 1);
    flags = NOTIFY_END_INBOUND;
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_false(status_code(&s) & STATUS_INBOUND_ENABLED);
    assert_hr_equal(S_OK, IXPLogon_FlushQueues(s.logon, 0, 0, NULL, FLUSH_DOWNLOAD));
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 0);
    flags = NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_INBOUND_FLUSH;
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_int_equal(flags, NOTIFY_BEGIN_INBOUND | NOTIFY_BEGIN_INBOUND_FLUSH);
    assert_true(status_code(&s) & STATUS_INBOUND_ENABLED);
    assert_int_equal(s.support->newmail_notifies, 2);
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 1);
    empty_maildir(L"inbox");

    /* an upload flush connects now and says the transport is ready */
    assert_hr_equal(S_OK, IXPLogon_FlushQueues(s.logon, 0, 0, NULL, FLUSH_UPLOAD));
    assert_int_equal(s.support->readytosend_notifies, 1);
    assert_true(status_code(&s) & STATUS_OUTBOUND_FLUSH);
    flags = NOTIFY_END_OUTBOUND_FLUSH;
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_false(status_code(&s) & STATUS_OUTBOUND_FLUSH);
    /* asynchronous: nothing waits on the network */
    assert_hr_equal(S_OK, IXPLogon_FlushQueues(s.logon, 0, 0, NULL, FLUSH_UPLOAD | FLUSH_ASYNC_OK));
    assert_int_equal(s.support->readytosend_notifies, 1);

    /* outbound off: the spooler is told to come back */
    flags = NOTIFY_END_OUTBOUND;
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_false(status_code(&s) & STATUS_OUTBOUND_ENABLED);
    assert_hr_equal(MAPI_E_BUSY, submit(&s, out, &ref, &retry, &end_flags));
    assert_int_equal(out->modify_recip_calls, 0);
    flags = NOTIFY_BEGIN_OUTBOUND;
    assert_hr_equal(S_OK, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_hr_equal(S_OK, submit(&s, out, &ref, &retry, &end_flags));
    free(take_mail(L"alice", &len));
    free(take_mail(L"bob", &len));
    free(take_mail(L"carol", &len));
    fake_message_release(out);
    fake_message_release(msg);
    logoff(&s);
}

/* After TransportLogoff nothing more is done; waiting mail stays for later. */
static void test_logoff(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message();
    ULONG ref, retry, incoming, flags = NOTIFY_BEGIN_INBOUND;

    empty_maildir(L"inbox");
    drop_mail(L"inbox", L"1715000005.M1P1.test", received_mail, sizeof(received_mail) - 1);
    logon_with(&s, mta_port, L"inbox", 1);
    assert_hr_equal(S_OK, IXPLogon_Poll(s.logon, &incoming));
    assert_int_equal(incoming, 1);
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(s.logon, LOGOFF_HURRY));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_SubmitMessage(s.logon, 0, &msg->IMessage_iface, &ref, &retry));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_Poll(s.logon, &incoming));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_StartMessage(s.logon, 0, &msg->IMessage_iface, &ref));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_TransportNotify(s.logon, &flags, NULL));
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(s.logon, LOGOFF_NORMAL));
    assert_int_equal(maildir_count(L"inbox", L"new"), 1);
    assert_int_equal(msg->modify_recip_calls, 0);
    empty_maildir(L"inbox");
    IXPLogon_Release(s.logon);
    IXPProvider_Release(s.provider);
    fake_support_release(s.support);
    fake_message_release(msg);
}

/* A server that holds its reply to the end of the data until told: the window in which the
 * message may be the server's while the client does not know yet. */
struct slow_server
{
    SOCKET listener;
    LONG port;
    HANDLE data_in;         /* set when the end of the data came */
    HANDLE reply_go;        /* the reply to it may go */
    BOOL got_end;
};

static BOOL slow_line(SOCKET sock, char *line, size_t size)
{
    size_t len = 0;
    char c;

    while (recv(sock, &c, 1, 0) == 1)
    {
        if (len < size - 1) line[len++] = c;
        if (c == '\n')
        {
            line[len] = 0;
            return TRUE;
        }
    }
    return FALSE;
}

static DWORD WINAPI slow_server_thread(void *arg)
{
    struct slow_server *server = arg;
    SOCKET sock = accept(server->listener, NULL, NULL);
    char line[1024];
    const char *reply;

    if (sock == INVALID_SOCKET) return 1;
    send(sock, "220 slow.test ESMTP\r\n", 21, 0);
    while (slow_line(sock, line, sizeof(line)))
    {
        if (!_strnicmp(line, "EHLO", 4)) reply = "250-slow.test\r\n250 8BITMIME\r\n";
        else if (!_strnicmp(line, "DATA", 4))
        {
            send(sock, "354 go on\r\n", 11, 0);
            while (slow_line(sock, line, sizeof(line)) && strcmp(line, ".\r\n"));
            if (strcmp(line, ".\r\n")) break;
            server->got_end = TRUE;
            SetEvent(server->data_in);
            WaitForSingleObject(server->reply_go, INFINITE);
            reply = "250 taken\r\n";
        }
        else if (!_strnicmp(line, "QUIT", 4)) break;
        else reply = "250 fine\r\n";
        send(sock, reply, strlen(reply), 0);
    }
    closesocket(sock);
    return 0;
}

static HANDLE slow_server_start(struct slow_server *server)
{
    memset(server, 0, sizeof(*server));
    server->listener = mta_listen(1, &server->port);
    assert_true(server->listener != INVALID_SOCKET);
    server->data_in = CreateEventW(NULL, TRUE, FALSE, NULL);
    server->reply_go = CreateEventW(NULL, TRUE, FALSE, NULL);
    return CreateThread(NULL, 0, slow_server_thread, server, 0, NULL);
}

static void slow_server_stop(struct slow_server *server, HANDLE thread)
{
    SetEvent(server->reply_go);
    assert_int_equal(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
    CloseHandle(thread);
    closesocket(server->listener);
    CloseHandle(server->data_in);
    CloseHandle(server->reply_go);
}

/* A server whose first connection, once the client gave MAIL, waits until told and then closes
 * (421); its next connection takes the message. */
struct closing_server
{
    SOCKET listener;
    LONG port;
    HANDLE mail_in;         /* set when MAIL came on the first connection */
    HANDLE close_go;        /* the 421 may go */
    LONG connections;
    BOOL got_end;
};

static DWORD WINAPI closing_server_thread(void *arg)
{
    struct closing_server *server = arg;
    char line[1024];
    const char *reply;
    int n;

    for (n = 0; n < 2; n++)
    {
        SOCKET sock = accept(server->listener, NULL, NULL);

        if (sock == INVALID_SOCKET) return 1;
        InterlockedIncrement(&server->connections);
        send(sock, "220 closing.test ESMTP\r\n", 24, 0);
        while (slow_line(sock, line, sizeof(line)))
        {
            if (!_strnicmp(line, "EHLO", 4)) reply = "250-closing.test\r\n250 8BITMIME\r\n";
            else if (!_strnicmp(line, "MAIL", 4) && !n)
            {
                SetEvent(server->mail_in);
                WaitForSingleObject(server->close_go, INFINITE);
                send(sock, "421 4.3.2 going down\r\n", 22, 0);
                break;
            }
            else if (!_strnicmp(line, "DATA", 4))
            {
                send(sock, "354 go on\r\n", 11, 0);
                while (slow_line(sock, line, sizeof(line)) && strcmp(line, ".\r\n"));
                if (strcmp(line, ".\r\n")) break;
                server->got_end = TRUE;
                reply = "250 taken\r\n";
            }
            else if (!_strnicmp(line, "QUIT", 4))
            {
                send(sock, "221 bye\r\n", 9, 0);
                break;
            }
            else reply = "250 fine\r\n";
            send(sock, reply, strlen(reply), 0);
        }
        closesocket(sock);
    }
    return 0;
}

static HANDLE closing_server_start(struct closing_server *server)
{
    memset(server, 0, sizeof(*server));
    server->listener = mta_listen(2, &server->port);
    assert_true(server->listener != INVALID_SOCKET);
    server->mail_in = CreateEventW(NULL, TRUE, FALSE, NULL);
    server->close_go = CreateEventW(NULL, TRUE, FALSE, NULL);
    return CreateThread(NULL, 0, closing_server_thread, server, 0, NULL);
}

static void closing_server_stop(struct closing_server *server, HANDLE thread)
{
    SetEvent(server->close_go);
    /* a second connection that never came ends the thread's accept() */
    closesocket(server->listener);
    assert_int_equal(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
    CloseHandle(thread);
    CloseHandle(server->mail_in);
    CloseHandle(server->close_go);
}

struct submit_call
{
    struct session *s;
    struct fake_message *msg;
    ULONG ref, retry;
    HRESULT hr;
};

static DWORD WINAPI submit_thread(void *arg)
{
    struct submit_call *call = arg;

    call->hr = IXPLogon_SubmitMessage(call->s->logon, 0, &call->msg->IMessage_iface, &call->ref, &call->retry);
    return 0;
}

static void logoff_now(struct fake_message *msg, void *context)
{
    struct session *s = context;
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(s->logon, 0));
}

/* TransportLogoff while SubmitMessage sends (the spooler's session logs off): before the data the
 * transaction is abandoned and the message reported cancelled; after the data the connection stays
 * until the server's reply, which SubmitMessage reports: a message the server took is not reported
 * failed (the spooler would send it again). */
static void test_logoff_while_sending(void **state)
{
    struct fake_message *msg = plain_message();
    struct slow_server server;
    struct submit_call call;
    struct session s;
    HANDLE thread, submitter;
    ULONG end_flags;

    /* before the data: nothing reaches the server */
    logon(&s);
    msg->on_read = logoff_now;
    msg->on_read_context = &s;
    call.ref = 0;
    assert_hr_equal(MAPI_E_USER_CANCEL, IXPLogon_SubmitMessage(s.logon, 0, &msg->IMessage_iface, &call.ref,
                                                               &call.retry));
    assert_int_equal(msg->modify_recip_calls, 0);
    logoff(&s);
    Sleep(300);
    assert_int_equal(maildir_count(L"alice", L"new"), 0);
    fake_message_release(msg);

    /* after the data, before the reply */
    msg = plain_message();
    thread = slow_server_start(&server);
    logon_with(&s, server.port, NULL, 0);
    call.s = &s;
    call.msg = msg;
    call.ref = 0;
    call.hr = E_FAIL;
    submitter = CreateThread(NULL, 0, submit_thread, &call, 0, NULL);
    assert_int_equal(WaitForSingleObject(server.data_in, 10000), WAIT_OBJECT_0);
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(s.logon, 0));
    /* SubmitMessage still waits for the reply */
    assert_int_equal(WaitForSingleObject(submitter, 200), WAIT_TIMEOUT);
    SetEvent(server.reply_go);
    assert_int_equal(WaitForSingleObject(submitter, 10000), WAIT_OBJECT_0);
    CloseHandle(submitter);
    assert_hr_equal(S_OK, call.hr);
    assert_hr_equal(S_OK, IXPLogon_EndMessage(s.logon, call.ref, &end_flags));
    assert_int_equal(end_flags, 0);
    assert_true(server.got_end);
    /* every recipient taken: none for a next try */
    assert_int_equal(msg->modify_recip_calls, 1);
    logoff(&s);
    slow_server_stop(&server, thread);
    fake_message_release(msg);
}

/* At TransportLogoff the transport gives what is still held to MakeInvalid (MAPI may unload it):
 * the status objects at once, the IXPLogon after the EndMessage of a SubmitMessage under way. The
 * logon's support object is released when nothing of ours runs any more. */
static void test_logoff_invalidates(void **state)
{
    struct fake_message *msg = plain_message();
    struct slow_server server;
    struct submit_call call;
    struct session s;
    IMAPIStatus *status;
    HANDLE thread, submitter;
    ULONG type, incoming, end_flags;
    SPropValue *props;

    logon_with(&s, mta_port, L"inbox", 0);
    s.support->invalidate = TRUE;
    assert_hr_equal(S_OK, IXPLogon_OpenStatusEntry(s.logon, NULL, 0, &type, &status));
    IMAPIStatus_AddRef(status);
    IXPLogon_AddRef(s.logon);
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(s.logon, LOGOFF_NORMAL));
    assert_int_equal(s.support->made_invalid, 2);
    /* nothing of the transport holds its support object now */
    assert_int_equal(s.support->ref, 1);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPIStatus_GetProps(status, NULL, 0, &incoming, &props));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPIStatus_ValidateState(status, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_Poll(s.logon, &incoming));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_OpenStatusEntry(s.logon, NULL, 0, &type, &status));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_TransportLogoff(s.logon, 0));
    assert_int_equal(IMAPIStatus_Release(status), 1);
    assert_int_equal(IMAPIStatus_Release(status), 0);
    assert_int_equal(IXPLogon_Release(s.logon), 1);
    logoff_released(&s);

    /* logged off after the data: SubmitMessage and EndMessage still answer, then the IXPLogon goes */
    thread = slow_server_start(&server);
    logon_with(&s, server.port, NULL, 0);
    s.support->invalidate = TRUE;
    call.s = &s;
    call.msg = msg;
    call.ref = 0;
    call.hr = E_FAIL;
    submitter = CreateThread(NULL, 0, submit_thread, &call, 0, NULL);
    assert_int_equal(WaitForSingleObject(server.data_in, 10000), WAIT_OBJECT_0);
    assert_hr_equal(S_OK, IXPLogon_TransportLogoff(s.logon, 0));
    assert_int_equal(s.support->made_invalid, 0);
    SetEvent(server.reply_go);
    assert_int_equal(WaitForSingleObject(submitter, 10000), WAIT_OBJECT_0);
    CloseHandle(submitter);
    assert_hr_equal(S_OK, call.hr);
    assert_int_equal(s.support->made_invalid, 0);
    assert_hr_equal(S_OK, IXPLogon_EndMessage(s.logon, call.ref, &end_flags));
    assert_int_equal(end_flags, 0);
    assert_int_equal(s.support->made_invalid, 1);
    assert_int_equal(s.support->ref, 1);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IXPLogon_EndMessage(s.logon, call.ref, &end_flags));
    logoff_released(&s);
    slow_server_stop(&server, thread);
    fake_message_release(msg);
}

/* ValidateState(CONFIG_CHANGED) while SubmitMessage sends: the message goes on with the
 * configuration it started with (its new connection after the server's 421 goes to the old
 * server), the next one with the new configuration (the MTA's port). */
static void test_config_changed_while_sending(void **state)
{
    struct fake_message *msg = plain_message(), *next = plain_message();
    struct closing_server server;
    struct submit_call call;
    struct session s;
    HANDLE thread, submitter;
    ULONG ref, retry, end_flags;
    char *mail;
    size_t len;

    thread = closing_server_start(&server);
    logon_with(&s, server.port, NULL, 0);
    call.s = &s;
    call.msg = msg;
    call.ref = 0;
    call.hr = E_FAIL;
    submitter = CreateThread(NULL, 0, submit_thread, &call, 0, NULL);
    assert_int_equal(WaitForSingleObject(server.mail_in, 10000), WAIT_OBJECT_0);
    fake_support_set_config(s.support, L"127.0.0.1", mta_port, sender, NULL, 0);
    assert_hr_equal(S_OK, IXPLogon_ValidateState(s.logon, 0, CONFIG_CHANGED));
    SetEvent(server.close_go);
    assert_int_equal(WaitForSingleObject(submitter, 10000), WAIT_OBJECT_0);
    CloseHandle(submitter);
    assert_hr_equal(S_OK, call.hr);
    assert_hr_equal(S_OK, IXPLogon_EndMessage(s.logon, call.ref, &end_flags));
    assert_int_equal(end_flags, 0);
    assert_int_equal(server.connections, 2);
    assert_true(server.got_end);

    assert_hr_equal(S_OK, submit(&s, next, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    mail = take_mail(L"alice", &len);
    assert_non_null(strstr(mail, "Subject: Plain test"));
    free(mail);
    free(take_mail(L"bob", &len));
    free(take_mail(L"carol", &len));
    /* the first message never reached the MTA */
    Sleep(300);
    assert_int_equal(maildir_count(L"alice", L"new"), 0);
    assert_int_equal(server.connections, 2);
    logoff(&s);
    closing_server_stop(&server, thread);
    fake_message_release(msg);
    fake_message_release(next);
}

static int setup(void **state)
{
    if (!mta_init("smtpxp")) return -1;
    smtpxp = LoadLibraryA("smtpxp32.dll");
    if (!smtpxp) return -1;
    pXPProviderInit = (XPPROVIDERINIT *)GetProcAddress(smtpxp, "XPProviderInit");
    pServiceEntry = (MSGSERVICEENTRY *)GetProcAddress(smtpxp, SMTPXP_SERVICE_ENTRY);
    return pXPProviderInit ? 0 : -1;
}

static const char html_expected[] =
    "Message-ID: <html-1@example.test>\r\n"
    "Date: Mon, 6 May 2024 09:08:09 +0000\r\n"
    "From: \"Doe, John\" <sender@example.test>\r\n"
    "To: \"Alice (Home)\" <alice@example.test>\r\n"
    "Subject: HTML only, and a subject long enough to be folded at a space\r\n"
    " somewhere past seventy-eight\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed;\r\n"
    " boundary=\"=_smtpxp_HASH_1\"\r\n"
    "\r\n"
    "--=_smtpxp_HASH_1\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 7bit\r\n"
    "\r\n"
    "<p>Hi</p>\r\n"
    "\r\n"
    "--=_smtpxp_HASH_1\r\n"
    "Content-Type: text/plain; name=\"ref.txt\"\r\n"
    "Content-Disposition: attachment; filename=\"ref.txt\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "cmVmIGRhdGE=\r\n"
    "--=_smtpxp_HASH_1\r\n"
    "Content-Type: image/png; name=\"dot.png\"\r\n"
    "Content-Disposition: inline; filename=\"dot.png\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-ID: <dot@example.test>\r\n"
    "\r\n"
    "iVBORw==\r\n"
    "--=_smtpxp_HASH_1--\r\n";

/* HTML alone (PR_BODY_HTML), an attachment by reference, an OLE one (left
 * out), an inline one, names that need quoting, a folded subject. */
static void test_send_html_only(void **state)
{
    struct session s;
    struct fake_message *msg = fake_message_create(), *attach;
    ULONG ref, retry, end_flags;
    char expected[sizeof(html_expected) + 6 * 12], *p, *mail;
    WCHAR path[MAX_PATH];
    HANDLE file;
    DWORD written;
    size_t len;

    GetFullPathNameW(L"ref.txt", MAX_PATH, path, NULL);
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    assert_true(WriteFile(file, "ref data", 8, &written, NULL));
    CloseHandle(file);

    fake_set_string(msg, PR_SUBJECT_W, L"HTML only, and a subject long enough to be folded at a space somewhere past seventy-eight");
    fake_set_string(msg, PR_BODY_HTML_W, L"<p>Hi</p>\r\n");
    fake_set_string(msg, PR_INTERNET_MESSAGE_ID_W, L"<html-1@example.test>");
    fake_set_time(msg, PR_CLIENT_SUBMIT_TIME, fixed_time(7200));
    fake_set_string(msg, PR_SENDER_NAME_W, L"Doe, John");
    fake_add_recipient(msg, MAPI_TO, L"Alice (Home)", L"SMTP", L"alice@example.test");
    attach = fake_add_attachment(msg, ATTACH_BY_REFERENCE);
    fake_set_string(attach, PR_ATTACH_PATHNAME_W, path);
    attach = fake_add_attachment(msg, ATTACH_OLE);
    fake_set_string(attach, PR_ATTACH_LONG_FILENAME_W, L"object.ole");
    attach = fake_add_attachment(msg, ATTACH_BY_VALUE);
    fake_set_string(attach, PR_ATTACH_LONG_FILENAME_W, L"dot.png");
    fake_set_string(attach, PR_ATTACH_CONTENT_ID_W, L"dot@example.test");
    fake_set_binary(attach, PR_ATTACH_DATA_BIN, "\x89PNG", 4);

    logon(&s);
    assert_hr_equal(S_OK, submit(&s, msg, &ref, &retry, &end_flags));
    assert_int_equal(end_flags, 0);
    mail = take_mail(L"alice", &len);
    /* the boundary comes from the Message-ID; the rest is fixed */
    memcpy(expected, html_expected, sizeof(html_expected));
    p = strstr(mail, "=_smtpxp_");
    assert_non_null(p);
    while ((p = strstr(expected, "HASH")))
    {
        memmove(p + 16, p + 4, strlen(p + 4) + 1);
        memcpy(p, strstr(mail, "=_smtpxp_") + 9, 16);
    }
    assert_bytes_equal(expected, strlen(expected), mail, len);
    free(mail);
    DeleteFileW(path);
    fake_message_release(msg);
    logoff(&s);
}

/* Bad input gets the documented codes, never a crash. */
static void test_bad_input(void **state)
{
    struct session s;
    struct fake_message *msg = plain_message();
    ULONG ref, retry, flags, count;

    logon_with(&s, mta_port, L"inbox", 0);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_SubmitMessage(s.logon, 0, NULL, &ref, &retry));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_SubmitMessage(s.logon, 0, &msg->IMessage_iface, NULL, &retry));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IXPLogon_SubmitMessage(s.logon, 0x100, &msg->IMessage_iface, &ref, &retry));
    assert_int_equal(msg->modify_recip_calls, 0);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_EndMessage(s.logon, 12345, &flags));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_EndMessage(s.logon, 1, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_Poll(s.logon, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_StartMessage(s.logon, 0, NULL, &ref));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_StartMessage(s.logon, 0, &msg->IMessage_iface, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_TransportNotify(s.logon, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_AddressTypes(s.logon, &flags, &count, NULL, &count, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_RegisterOptions(s.logon, &flags, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_OpenStatusEntry(s.logon, NULL, 0, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPLogon_FlushQueues(s.logon, 0, 0, (ENTRYID *)"x", FLUSH_UPLOAD));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IXPLogon_FlushQueues(s.logon, 0, 0, NULL, 0x1000));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IXPLogon_ValidateState(s.logon, 0, 0x2));
    flags = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IXPProvider_TransportLogon(s.provider, NULL, 0, NULL, &flags, NULL, NULL));
    fake_message_release(msg);
    logoff(&s);
}

/* Each test starts with empty Maildirs. */
static int empty_all(void **state)
{
    static const WCHAR *users[] = { L"alice", L"bob", L"carol", L"dave", L"erin", L"inbox", L"j\x00f6rg" };
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(users); i++) empty_maildir(users[i]);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_provider_init, empty_all),
        cmocka_unit_test_setup(test_logon_config, empty_all),
        cmocka_unit_test_setup(test_service_entry, empty_all),
        cmocka_unit_test_setup(test_logon_objects, empty_all),
        cmocka_unit_test_setup(test_send_plain, empty_all),
        cmocka_unit_test_setup(test_send_without_pipelining, empty_all),
        cmocka_unit_test_setup(test_send_smtputf8, empty_all),
        cmocka_unit_test_setup(test_send_refused, empty_all),
        cmocka_unit_test_setup(test_send_deferred, empty_all),
        cmocka_unit_test_setup(test_server_down, empty_all),
        cmocka_unit_test_setup(test_server_restart_between_messages, empty_all),
        cmocka_unit_test_setup(test_cancel, empty_all),
        cmocka_unit_test_setup(test_send_too_big, empty_all),
        cmocka_unit_test_setup(test_send_rich, empty_all),
        cmocka_unit_test_setup(test_send_html_only, empty_all),
        cmocka_unit_test_setup(test_bad_input, empty_all),
        cmocka_unit_test_setup(test_round_trip, empty_all),
        cmocka_unit_test_setup(test_receive, empty_all),
        cmocka_unit_test_setup(test_receive_winmail, empty_all),
        cmocka_unit_test_setup(test_receive_save_fails, empty_all),
        cmocka_unit_test_setup(test_receive_two_logons, empty_all),
        cmocka_unit_test_setup(test_flush_and_notify, empty_all),
        cmocka_unit_test_setup(test_logoff, empty_all),
        cmocka_unit_test_setup(test_logoff_while_sending, empty_all),
        cmocka_unit_test_setup(test_logoff_invalidates, empty_all),
        cmocka_unit_test_setup(test_config_changed_while_sending, empty_all),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
