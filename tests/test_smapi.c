/*
 * Simple MAPI on a real profile: smapi.fixture.sh makes "Simple MAPI Test"
 * (the sample store and the SMTP transport, over a private MTA) the default
 * profile of the client prefix. What Simple MAPI did is checked through
 * Extended MAPI (ScMAPIXFromSMAPI and the default store), as any program
 * could.
 *
 * The spooler runs in this process: the MTA is paused while a test looks at
 * messages in the Outbox (nothing can leave), and back for the one that
 * follows a message to the MTA's Maildir.
 *
 * The no-profile fallback runs in a child process (mapi32 looks the mail
 * client up once per process): the default profile set aside, a stand-in
 * mail client (fakemail_a.dll) registered, Simple MAPI must go to it.
 */

#include <stdio.h>

#include "winsock2.h"
#include "initguid.h"
#include "mapi32_test.h"
#include "mapiguid.h"
#include "winreg.h"
#include "mapi.h"
#include "mapi_sdk.h"
#include "mapiadmin.h"
#include "mapidefs_sdk.h"
#include "fakemail.h"

#define LONG_ID 512

static char profile_name[128];
static char scratch[MAX_PATH];     /* a folder of this run, for files to attach */
static char mta_dir[MAX_PATH];     /* the MTA's Maildirs, seen from Windows */

static void windows_path(char *path, size_t size)
{
    char unix_path[MAX_PATH];
    size_t i;

    if (path[0] != '/') return;
    strcpy(unix_path, path);
    snprintf(path, size, "Z:%s", unix_path);
    for (i = 0; path[i]; i++) if (path[i] == '/') path[i] = '\\';
}

/***********************************************************************
 * The MTA
 */

static BOOL port_accepts(const char *variable)
{
    struct sockaddr_in addr = { AF_INET };
    SOCKET sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL ret;

    addr.sin_port = htons(atoi(getenv(variable)));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ret = !connect(sock, (struct sockaddr *)&addr, sizeof(addr));
    closesocket(sock);
    return ret;
}

/* pause or resume (tests/mta.sh); Wine cannot wait for a Unix process, the port tells when it is done. */
static void mta_control(const char *action)
{
    char command[MAX_PATH * 3];
    STARTUPINFOA startup = { sizeof(startup) };
    PROCESS_INFORMATION info;
    BOOL up = !strcmp(action, "resume");
    int i;

    snprintf(command, sizeof(command), "Z:\\bin\\bash %s %s %s/mta", getenv("MTA_SCRIPT"), action,
             getenv("CLIENT_DIR"));
    assert_true(CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info));
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
    for (i = 0; i < 300 && port_accepts("MTA_PORT") != up; i++) Sleep(50);
    assert_int_equal(port_accepts("MTA_PORT"), up);
    if (!up) Sleep(200);    /* the daemon's pid file goes last */
}

/* A file of user's Maildir that has text in it, within a few seconds. */
static BOOL mail_arrived(const char *user, const char *text)
{
    char pattern[MAX_PATH], path[MAX_PATH], data[65536];
    WIN32_FIND_DATAA find_data;
    HANDLE find;
    FILE *file;
    size_t read;
    int i;

    snprintf(pattern, sizeof(pattern), "%s\\mail\\%s\\new\\*", mta_dir, user);
    for (i = 0; i < 200; i++)
    {
        if ((find = FindFirstFileA(pattern, &find_data)) != INVALID_HANDLE_VALUE)
        {
            do
            {
                if (find_data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
                snprintf(path, sizeof(path), "%s\\mail\\%s\\new\\%s", mta_dir, user, find_data.cFileName);
                if (!(file = fopen(path, "rb"))) continue;
                read = fread(data, 1, sizeof(data) - 1, file);
                fclose(file);
                data[read] = 0;
                if (strstr(data, text))
                {
                    FindClose(find);
                    return TRUE;
                }
            } while (FindNextFileA(find, &find_data));
            FindClose(find);
        }
        Sleep(50);
    }
    return FALSE;
}

/***********************************************************************
 * Extended MAPI's view of what Simple MAPI did
 */

struct store_view
{
    IMAPISession *session;
    IMsgStore *store;
};

static void open_view(LHANDLE handle, struct store_view *view)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, ScMAPIXFromSMAPI(handle, 0, &IID_IMAPISession, &view->session));
    assert_hr_equal(S_OK, view->session->lpVtbl->GetMsgStoresTable(view->session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    view->store = NULL;
    for (i = 0; i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[1].ulPropTag == PR_DEFAULT_STORE && rows->aRow[i].lpProps[1].Value.b)
            assert_hr_equal(S_OK, view->session->lpVtbl->OpenMsgStore(view->session, 0,
                            rows->aRow[i].lpProps[0].Value.bin.cb, (ENTRYID *)rows->aRow[i].lpProps[0].Value.bin.lpb,
                            NULL, MDB_WRITE | MAPI_BEST_ACCESS, &view->store));
    FreeProws(rows);
    assert_non_null(view->store);
}

static void close_view(struct store_view *view)
{
    view->store->lpVtbl->Release(view->store);
    view->session->lpVtbl->Release(view->session);
}

static IMAPIFolder *open_store_folder(struct store_view *view, ULONG tag)
{
    SPropTagArray tags = { 1, { tag } };
    IMAPIFolder *folder;
    SPropValue *value;
    ULONG count, type;

    if (tag == PR_IPM_SUBTREE_ENTRYID + 1)   /* the Inbox */
    {
        ENTRYID *eid;
        assert_hr_equal(S_OK, view->store->lpVtbl->GetReceiveFolder(view->store, (LPSTR)"IPM.Note", 0, &count,
                                                                    &eid, NULL));
        assert_hr_equal(S_OK, view->store->lpVtbl->OpenEntry(view->store, count, eid, NULL, MAPI_MODIFY, &type,
                                                             (IUnknown **)&folder));
        MAPIFreeBuffer(eid);
        return folder;
    }
    assert_hr_equal(S_OK, view->store->lpVtbl->GetProps(view->store, &tags, 0, &count, &value));
    assert_int_equal(value->ulPropTag, tag);
    assert_hr_equal(S_OK, view->store->lpVtbl->OpenEntry(view->store, value->Value.bin.cb,
                                                         (ENTRYID *)value->Value.bin.lpb, NULL, MAPI_MODIFY, &type,
                                                         (IUnknown **)&folder));
    MAPIFreeBuffer(value);
    return folder;
}
#define INBOX (PR_IPM_SUBTREE_ENTRYID + 1)

/* The folder's messages with these columns: PR_ENTRYID, PR_SUBJECT_A, PR_MESSAGE_FLAGS, PR_HASATTACH. */
static SRowSet *folder_rows(struct store_view *view, ULONG tag)
{
    static const SizedSPropTagArray(4, columns) = { 4, { PR_ENTRYID, PR_SUBJECT_A, PR_MESSAGE_FLAGS, PR_HASATTACH } };
    IMAPIFolder *folder = open_store_folder(view, tag);
    IMAPITable *table;
    SRowSet *rows;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    folder->lpVtbl->Release(folder);
    return rows;
}

static const SRow *find_subject(const SRowSet *rows, const char *subject)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[1].ulPropTag == PR_SUBJECT_A && !strcmp(rows->aRow[i].lpProps[1].Value.lpszA, subject))
            return &rows->aRow[i];
    return NULL;
}

static IMessage *open_row(struct store_view *view, const SRow *row)
{
    IMessage *message;
    ULONG type;

    assert_hr_equal(S_OK, view->store->lpVtbl->OpenEntry(view->store, row->lpProps[0].Value.bin.cb,
                                                         (ENTRYID *)row->lpProps[0].Value.bin.lpb, NULL, 0, &type,
                                                         (IUnknown **)&message));
    assert_int_equal(type, MAPI_MESSAGE);
    return message;
}

/* The recipients as "class:name:address" lines, in order. */
static void recipients_text(IMessage *message, char *text, size_t size)
{
    static const SizedSPropTagArray(3, columns) = { 3, { PR_RECIPIENT_TYPE, PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    text[0] = 0;
    assert_hr_equal(S_OK, message->lpVtbl->GetRecipientTable(message, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *p = rows->aRow[i].lpProps;
        snprintf(text + strlen(text), size - strlen(text), "%lu:%s:%s\n", p[0].Value.l & ~MAPI_SUBMITTED,
                 p[1].ulPropTag == PR_DISPLAY_NAME_A ? p[1].Value.lpszA : "?",
                 p[2].ulPropTag == PR_EMAIL_ADDRESS_A ? p[2].Value.lpszA : "?");
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
}

/* The first attachment's name and bytes. */
static void first_attachment(IMessage *message, char *name, BYTE *data, ULONG *size)
{
    SPropTagArray name_tag = { 1, { PR_ATTACH_LONG_FILENAME_A } };
    SPropValue *value;
    IAttach *attach;
    IStream *stream;
    ULONG count;

    assert_hr_equal(S_OK, message->lpVtbl->OpenAttach(message, 0, NULL, 0, &attach));
    assert_hr_equal(S_OK, attach->lpVtbl->GetProps(attach, &name_tag, 0, &count, &value));
    assert_int_equal(value->ulPropTag, PR_ATTACH_LONG_FILENAME_A);
    strcpy(name, value->Value.lpszA);
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_BIN, &IID_IStream, 0, 0,
                                                       (IUnknown **)&stream));
    assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, data, 4096, size));
    stream->lpVtbl->Release(stream);
    attach->lpVtbl->Release(attach);
}

static void write_scratch_file(const char *name, const char *text, char *path)
{
    FILE *file;

    sprintf(path, "%s\\%s", scratch, name);
    assert_non_null(file = fopen(path, "wb"));
    fputs(text, file);
    fclose(file);
}

static void read_whole_file(const char *path, char *text, size_t size)
{
    FILE *file = fopen(path, "rb");
    size_t read;

    assert_non_null(file);
    read = fread(text, 1, size - 1, file);
    text[read] = 0;
    fclose(file);
}

/***********************************************************************
 * Logon, logoff, sessions
 */

static void test_logon(void **state)
{
    LHANDLE shared, again, other, named;
    IMAPISession *session;

    assert_int_equal(MAPILogon(0, NULL, NULL, 0, 0, &shared), SUCCESS_SUCCESS);
    assert_true(shared != 0);
    /* without MAPI_NEW_SESSION the shared session comes back; with it, another */
    assert_int_equal(MAPILogon(0, NULL, NULL, 0, 0, &again), SUCCESS_SUCCESS);
    assert_true(again == shared);
    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &other), SUCCESS_SUCCESS);
    assert_true(other != 0 && other != shared);
    /* by name */
    assert_int_equal(MAPILogon(0, profile_name, NULL, MAPI_NEW_SESSION, 0, &named), SUCCESS_SUCCESS);
    assert_true(named != 0);

    /* the Extended MAPI session behind it */
    assert_hr_equal(S_OK, ScMAPIXFromSMAPI(named, 0, &IID_IMAPISession, &session));
    assert_non_null(session);
    session->lpVtbl->Release(session);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScMAPIXFromSMAPI(named, 0, &IID_IMAPISession, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScMAPIXFromSMAPI(0x1234, 0, &IID_IMAPISession, &session));
    assert_null(session);
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, ScMAPIXFromSMAPI(named, 0, &IID_IMAPITable, &session));

    assert_int_equal(MAPILogoff(named, 0, 0, 0), SUCCESS_SUCCESS);
    assert_int_equal(MAPILogoff(named, 0, 0, 0), MAPI_E_INVALID_SESSION);
    assert_int_equal(MAPILogoff(other, 0, 0, 0), SUCCESS_SUCCESS);
    /* the shared one lasts until its last user logs off */
    assert_int_equal(MAPILogoff(again, 0, 0, 0), SUCCESS_SUCCESS);
    assert_hr_equal(S_OK, ScMAPIXFromSMAPI(shared, 0, NULL, &session));
    session->lpVtbl->Release(session);
    assert_int_equal(MAPILogoff(shared, 0, 0, 0), SUCCESS_SUCCESS);
    assert_int_equal(MAPILogoff(shared, 0, 0, 0), MAPI_E_INVALID_SESSION);
}

static void test_logon_bad_input(void **state)
{
    LHANDLE session = 0xdead;

    /* a profile that does not exist, while ours do */
    assert_int_equal(MAPILogon(0, (LPSTR)"No Such Profile At All", NULL, MAPI_NEW_SESSION, 0, &session),
                     MAPI_E_LOGIN_FAILURE);
    assert_true(session == 0);
    assert_int_equal(MAPILogon(0, NULL, NULL, 0, 0, NULL), MAPI_E_FAILURE);
    assert_int_equal(MAPILogoff(0, 0, 0, 0), MAPI_E_INVALID_SESSION);
    assert_int_equal(MAPILogoff(0x1234, 0, 0, 0), MAPI_E_INVALID_SESSION);
}

/***********************************************************************
 * Sending
 */

static void test_send_mail(void **state)
{
    char attachment[MAX_PATH], text[1024], name[MAX_PATH];
    BYTE data[4096];
    ULONG size;
    MapiRecipDesc recips[3] =
    {
        { 0, MAPI_TO, (LPSTR)"Bob", (LPSTR)"SMTP:bob@example.test", 0, NULL },
        { 0, MAPI_CC, (LPSTR)"carol@example.test", NULL, 0, NULL },
        { 0, MAPI_ORIG, (LPSTR)"ignored", (LPSTR)"SMTP:ignored@example.test", 0, NULL },
    };
    MapiFileDesc file = { 0, 0, (ULONG)-1, attachment, (LPSTR)"notes.txt", NULL };
    MapiMessage message = { 0, (LPSTR)"Simple MAPI send", (LPSTR)"The body\r\nof the message\r\n", NULL, NULL, NULL,
                            MAPI_RECEIPT_REQUESTED, NULL, 3, recips, 1, &file };
    struct store_view view;
    LHANDLE session;
    const SRow *row;
    SRowSet *rows;
    IMessage *sent;

    write_scratch_file("attachment.txt", "attached bytes\n", attachment);
    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), SUCCESS_SUCCESS);

    open_view(session, &view);
    rows = folder_rows(&view, PR_IPM_OUTBOX_ENTRYID);
    assert_non_null(row = find_subject(rows, "Simple MAPI send"));
    /* queued for the spooler: submitted, not sent yet */
    assert_true(row->lpProps[2].Value.l & MSGFLAG_SUBMIT);
    assert_true(row->lpProps[3].ulPropTag == PR_HASATTACH && row->lpProps[3].Value.b);
    sent = open_row(&view, row);
    recipients_text(sent, text, sizeof(text));
    assert_string_equal(text, "1:Bob:bob@example.test\n2:carol@example.test:carol@example.test\n");
    first_attachment(sent, name, data, &size);
    assert_string_equal(name, "notes.txt");
    assert_int_equal(size, strlen("attached bytes\n"));
    assert_memory_equal(data, "attached bytes\n", size);
    {
        SizedSPropTagArray(3, tags) = { 3, { PR_BODY_A, PR_MESSAGE_CLASS_A, PR_READ_RECEIPT_REQUESTED } };
        SPropValue *values;
        ULONG count;

        assert_hr_equal(S_OK, sent->lpVtbl->GetProps(sent, (SPropTagArray *)&tags, 0, &count, &values));
        assert_string_equal(values[0].Value.lpszA, "The body\r\nof the message\r\n");
        assert_string_equal(values[1].Value.lpszA, "IPM.Note");
        assert_true(values[2].ulPropTag == PR_READ_RECEIPT_REQUESTED && values[2].Value.b);
        MAPIFreeBuffer(values);
    }
    sent->lpVtbl->Release(sent);
    FreeProws(rows);
    close_view(&view);
    assert_int_equal(MAPILogoff(session, 0, 0, 0), SUCCESS_SUCCESS);
}

/* Unicode, and a session for the call alone (handle 0). */
static void test_send_mail_w(void **state)
{
    MapiRecipDescW recip = { 0, MAPI_TO, (WCHAR *)L"J\x00f6rg", (WCHAR *)L"SMTP:dave@example.test", 0, NULL };
    MapiMessageW message = { 0, (WCHAR *)L"Gr\x00fc\x00df" L"e \x20ac", (WCHAR *)L"K\x00f6rper", NULL, NULL, NULL, 0,
                             NULL, 1, &recip, 0, NULL };
    SizedSPropTagArray(1, tags) = { 1, { PR_SUBJECT_W } };
    struct store_view view;
    LHANDLE session;
    SRowSet *rows;
    ULONG i, found = 0;

    assert_int_equal(MAPISendMailW(0, 0, &message, MAPI_FORCE_UNICODE, 0), SUCCESS_SUCCESS);

    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    open_view(session, &view);
    rows = folder_rows(&view, PR_IPM_OUTBOX_ENTRYID);
    for (i = 0; i < rows->cRows; i++)
    {
        IMessage *msg = open_row(&view, &rows->aRow[i]);
        SPropValue *value;
        ULONG count;

        assert_hr_equal(S_OK, msg->lpVtbl->GetProps(msg, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &value));
        if (!wcscmp(value->Value.lpszW, message.lpszSubject)) found++;
        MAPIFreeBuffer(value);
        msg->lpVtbl->Release(msg);
    }
    assert_int_equal(found, 1);
    FreeProws(rows);
    close_view(&view);
    MAPILogoff(session, 0, 0, 0);
}

static ULONG outbox_count(LHANDLE session)
{
    struct store_view view;
    SRowSet *rows;
    ULONG count;

    open_view(session, &view);
    rows = folder_rows(&view, PR_IPM_OUTBOX_ENTRYID);
    count = rows->cRows;
    FreeProws(rows);
    close_view(&view);
    return count;
}

/* Nothing is sent and nothing is left over when a message cannot go. */
static void test_send_mail_bad_input(void **state)
{
    MapiRecipDesc recip = { 0, MAPI_TO, NULL, (LPSTR)"SMTP:bob@example.test", 0, NULL };
    MapiRecipDesc bad_class = { 0, 7, NULL, (LPSTR)"SMTP:bob@example.test", 0, NULL };
    MapiRecipDesc unknown = { 0, MAPI_TO, (LPSTR)"Nobody In Particular", NULL, 0, NULL };
    MapiRecipDesc empty = { 0, MAPI_TO, NULL, NULL, 0, NULL };
    MapiFileDesc missing = { 0, 0, (ULONG)-1, (LPSTR)"C:\\no\\such\\file.txt", NULL, NULL };
    MapiMessage message = { 0, (LPSTR)"Never sent", NULL, NULL, NULL, NULL, 0, NULL, 1, &recip, 0, NULL };
    LHANDLE session;
    ULONG before;

    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    before = outbox_count(session);

    assert_int_equal(MAPISendMail(session, 0, NULL, 0, 0), MAPI_E_FAILURE);
    message.nRecipCount = 0;
    message.lpRecips = NULL;
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), MAPI_E_INVALID_RECIPS);
    message.nRecipCount = 1;
    message.lpRecips = &bad_class;
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), MAPI_E_BAD_RECIPTYPE);
    message.lpRecips = &unknown;
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), MAPI_E_UNKNOWN_RECIPIENT);
    message.lpRecips = &empty;
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), MAPI_E_INVALID_RECIPS);
    message.lpRecips = &recip;
    message.nFileCount = 1;
    message.lpFiles = &missing;
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), MAPI_E_ATTACHMENT_NOT_FOUND);
    message.nFileCount = 0;
    message.lpFiles = NULL;
    assert_int_equal(MAPISendMail(0x1234, 0, &message, 0, 0), MAPI_E_INVALID_SESSION);

    assert_int_equal(outbox_count(session), before);
    MAPILogoff(session, 0, 0, 0);
}

/* The compose window of MAPI_DIALOG (the client prefix has Wine's null graphics
 * driver: windows exist without a display). A thread plays the user. */
#define IDC_TO      100
#define IDC_CC      101
#define IDC_SUBJECT 102
#define IDC_FILES   103
#define IDC_BODY    104

struct user
{
    BOOL send;                  /* Send, or Cancel */
    BOOL no_one;                /* leaves To and Cc empty */
    BOOL found;
    char to[256], cc[256], subject[256], files[256], body[256];    /* what the window showed */
};

static DWORD WINAPI user_thread(void *arg)
{
    struct user *user = arg;
    HWND window = NULL;
    int i;

    /* the window is shown once WM_INITDIALOG has filled it */
    for (i = 0; i < 200; i++)
    {
        if ((window = FindWindowA("#32770", "Send Mail")) && IsWindowVisible(window)) break;
        window = NULL;
        Sleep(50);
    }
    if (!window) return 0;
    user->found = TRUE;
    GetDlgItemTextA(window, IDC_TO, user->to, sizeof(user->to));
    GetDlgItemTextA(window, IDC_CC, user->cc, sizeof(user->cc));
    GetDlgItemTextA(window, IDC_SUBJECT, user->subject, sizeof(user->subject));
    GetDlgItemTextA(window, IDC_FILES, user->files, sizeof(user->files));
    GetDlgItemTextA(window, IDC_BODY, user->body, sizeof(user->body));
    /* the user adds a Cc, "Name <address>" with a comma in the name, and changes the subject */
    SetDlgItemTextA(window, IDC_CC, user->no_one ? "" : "\"Example, Erin\" <erin@example.test>; dave@example.test");
    SetDlgItemTextA(window, IDC_SUBJECT, "Composed in the window");
    PostMessageA(window, WM_COMMAND, user->send ? IDOK : IDCANCEL, 0);
    return 0;
}

static ULONG send_with_user(LHANDLE session, MapiMessage *message, struct user *user)
{
    HANDLE thread = CreateThread(NULL, 0, user_thread, user, 0, NULL);
    ULONG ret = MAPISendMail(session, 0, message, MAPI_DIALOG, 0);

    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    return ret;
}

static void test_send_mail_dialog(void **state)
{
    char attachment[MAX_PATH], text[512];
    MapiRecipDesc recips[2] =
    {
        { 0, MAPI_TO, (LPSTR)"Bob", (LPSTR)"SMTP:bob@example.test", 0, NULL },
        { 0, MAPI_BCC, NULL, (LPSTR)"SMTP:carol@example.test", 0, NULL },
    };
    MapiFileDesc file = { 0, 0, (ULONG)-1, attachment, (LPSTR)"plan.txt", NULL };
    MapiMessage message = { 0, (LPSTR)"From the program", (LPSTR)"Program text", NULL, NULL, NULL, 0, NULL,
                            2, recips, 1, &file };
    struct user user = { TRUE };
    struct store_view view;
    LHANDLE session;
    const SRow *row;
    SRowSet *rows;
    IMessage *sent;
    ULONG before;

    write_scratch_file("plan.txt", "the plan\n", attachment);
    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);

    /* Cancel: nothing goes */
    user.send = FALSE;
    before = outbox_count(session);
    assert_int_equal(send_with_user(session, &message, &user), MAPI_E_USER_ABORT);
    assert_true(user.found);
    assert_int_equal(outbox_count(session), before);

    /* Send: the window showed the program's message, the message is the user's */
    memset(&user, 0, sizeof(user));
    user.send = TRUE;
    assert_int_equal(send_with_user(session, &message, &user), SUCCESS_SUCCESS);
    assert_true(user.found);
    assert_string_equal(user.to, "Bob <bob@example.test>");
    assert_string_equal(user.cc, "");
    assert_string_equal(user.subject, "From the program");
    assert_string_equal(user.files, "plan.txt");
    assert_string_equal(user.body, "Program text");

    open_view(session, &view);
    rows = folder_rows(&view, PR_IPM_OUTBOX_ENTRYID);
    assert_non_null(row = find_subject(rows, "Composed in the window"));
    assert_true(row->lpProps[2].Value.l & MSGFLAG_SUBMIT);
    sent = open_row(&view, row);
    recipients_text(sent, text, sizeof(text));
    /* the program's Bcc stays, the user's Cc come */
    assert_string_equal(text, "1:Bob:bob@example.test\n2:Example, Erin:erin@example.test\n"
                              "2:dave@example.test:dave@example.test\n3:carol@example.test:carol@example.test\n");
    sent->lpVtbl->Release(sent);
    FreeProws(rows);
    close_view(&view);

    /* no recipient left by the user */
    memset(&user, 0, sizeof(user));
    user.send = TRUE;
    user.no_one = TRUE;
    message.nRecipCount = 0;
    message.lpRecips = NULL;
    assert_int_equal(send_with_user(session, &message, &user), MAPI_E_INVALID_RECIPS);
    assert_true(user.found);
    MAPILogoff(session, 0, 0, 0);
}

/***********************************************************************
 * Names
 */

static void test_resolve_name(void **state)
{
    MapiRecipDesc *recip = (void *)0xdeadbeef;
    MapiMessage message = { 0, (LPSTR)"Resolved", NULL, NULL, NULL, NULL, 0, NULL, 1, NULL, 0, NULL };
    MapiRecipDesc by_entryid = { 0, MAPI_TO, NULL, NULL, 0, NULL };
    struct store_view view;
    char text[256];
    LHANDLE session;
    const SRow *row;
    SRowSet *rows;
    IMessage *sent;

    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);

    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"bob@example.test", 0, 0, &recip), SUCCESS_SUCCESS);
    assert_int_equal(recip->ulRecipClass, MAPI_TO);
    assert_string_equal(recip->lpszName, "bob@example.test");
    assert_string_equal(recip->lpszAddress, "SMTP:bob@example.test");
    assert_true(recip->ulEIDSize > 0);
    assert_non_null(recip->lpEntryID);
    MAPIFreeBuffer(recip);

    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"Carol Example <carol@example.test>", 0, 0, &recip),
                     SUCCESS_SUCCESS);
    assert_string_equal(recip->lpszName, "Carol Example");
    assert_string_equal(recip->lpszAddress, "SMTP:carol@example.test");
    MAPIFreeBuffer(recip);

    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"SMTP:erin@example.test", 0, 0, &recip), SUCCESS_SUCCESS);
    assert_string_equal(recip->lpszAddress, "SMTP:erin@example.test");

    /* what it gave is a recipient MAPISendMail takes by its entry ID alone */
    by_entryid.ulEIDSize = recip->ulEIDSize;
    by_entryid.lpEntryID = recip->lpEntryID;
    message.lpRecips = &by_entryid;
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), SUCCESS_SUCCESS);
    MAPIFreeBuffer(recip);
    open_view(session, &view);
    rows = folder_rows(&view, PR_IPM_OUTBOX_ENTRYID);
    assert_non_null(row = find_subject(rows, "Resolved"));
    sent = open_row(&view, row);
    recipients_text(sent, text, sizeof(text));
    assert_string_equal(text, "1:erin@example.test:erin@example.test\n");
    sent->lpVtbl->Release(sent);
    FreeProws(rows);
    close_view(&view);

    /* a session for the call alone */
    assert_int_equal(MAPIResolveName(0, 0, (LPSTR)"dave@example.test", 0, 0, &recip), SUCCESS_SUCCESS);
    assert_string_equal(recip->lpszAddress, "SMTP:dave@example.test");
    MAPIFreeBuffer(recip);

    recip = (void *)0xdeadbeef;
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"Nobody In Particular", 0, 0, &recip),
                     MAPI_E_UNKNOWN_RECIPIENT);
    assert_null(recip);
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"", 0, 0, &recip), MAPI_E_UNKNOWN_RECIPIENT);
    assert_int_equal(MAPIResolveName(session, 0, NULL, 0, 0, &recip), MAPI_E_FAILURE);
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"bob@example.test", 0, 0, NULL), MAPI_E_FAILURE);
    assert_int_equal(MAPIResolveName(0x1234, 0, (LPSTR)"bob@example.test", 0, 0, &recip), MAPI_E_INVALID_SESSION);
    MAPILogoff(session, 0, 0, 0);
}

/***********************************************************************
 * The Inbox: save, find, read, delete
 */

/* Three messages in the Inbox, oldest first, and one of another class. */
static void save_inbox_messages(LHANDLE session, char ids[4][LONG_ID])
{
    char attachment[MAX_PATH];
    MapiRecipDesc recip = { 0, MAPI_TO, (LPSTR)"Alice", (LPSTR)"SMTP:alice@example.test", 0, NULL };
    MapiFileDesc file = { 0, 0, 3, attachment, (LPSTR)"report.txt", NULL };
    MapiMessage message = { 0, NULL, (LPSTR)"First body", NULL, (LPSTR)"2024/01/02 10:00", NULL,
                            MAPI_UNREAD | MAPI_SENT, NULL, 1, &recip, 0, NULL };
    int i;

    write_scratch_file("report.txt", "report contents\r\n", attachment);
    for (i = 0; i < 4; i++)
    {
        static const char *subjects[] = { "Inbox one", "Inbox two", "Inbox three", "Not interpersonal" };
        static const char *dates[] = { "2024/01/02 10:00", "2024/01/03 11:00", "2024/01/04 12:00", "2024/01/05 13:00" };

        message.lpszSubject = (LPSTR)subjects[i];
        message.lpszDateReceived = (LPSTR)dates[i];
        message.lpszMessageType = i == 3 ? (LPSTR)"IPC.Test.Thing" : NULL;
        message.nFileCount = i == 1 ? 1 : 0;
        message.lpFiles = i == 1 ? &file : NULL;
        ids[i][0] = 0;
        assert_int_equal(MAPISaveMail(session, 0, &message, MAPI_LONG_MSGID, 0, ids[i]), SUCCESS_SUCCESS);
        assert_true(strlen(ids[i]) > 0);
    }
}

static void test_save_find_read_delete(void **state)
{
    char ids[4][LONG_ID], id[LONG_ID], seed[LONG_ID], short_id[64], text[256];
    MapiMessage *message;
    struct store_view view;
    LHANDLE session;
    SRowSet *rows;
    ULONG i;

    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    save_inbox_messages(session, ids);

    /* MAPISaveMail put them where incoming mail goes */
    open_view(session, &view);
    rows = folder_rows(&view, INBOX);
    assert_non_null(find_subject(rows, "Inbox one"));
    assert_non_null(find_subject(rows, "Inbox three"));
    assert_false(find_subject(rows, "Inbox two")->lpProps[2].Value.l & MSGFLAG_READ);
    FreeProws(rows);
    close_view(&view);

    /* oldest first, IPM only, then the end */
    seed[0] = 0;
    for (i = 0; i < 3; i++)
    {
        assert_int_equal(MAPIFindNext(session, 0, NULL, seed, MAPI_LONG_MSGID | MAPI_GUARANTEE_FIFO, 0, id),
                         SUCCESS_SUCCESS);
        assert_string_equal(id, ids[i]);
        strcpy(seed, id);
    }
    assert_int_equal(MAPIFindNext(session, 0, NULL, seed, MAPI_LONG_MSGID, 0, id), MAPI_E_NO_MESSAGES);
    /* the class matches up to the length asked for */
    assert_int_equal(MAPIFindNext(session, 0, (LPSTR)"IPC.Test", NULL, MAPI_LONG_MSGID, 0, id), SUCCESS_SUCCESS);
    assert_string_equal(id, ids[3]);
    assert_int_equal(MAPIFindNext(session, 0, (LPSTR)"IPC.Test", id, MAPI_LONG_MSGID, 0, id), MAPI_E_NO_MESSAGES);
    assert_int_equal(MAPIFindNext(session, 0, (LPSTR)"IPM.Nothing.Like.This", NULL, 0, 0, id), MAPI_E_NO_MESSAGES);
    /* without MAPI_LONG_MSGID an ID fits in 64 characters, and works as well */
    assert_int_equal(MAPIFindNext(session, 0, NULL, NULL, 0, 0, short_id), SUCCESS_SUCCESS);
    assert_true(strlen(short_id) < 64);
    assert_int_equal(MAPIReadMail(session, 0, short_id, MAPI_PEEK | MAPI_ENVELOPE_ONLY, 0, (lpMapiMessage)&message),
                     SUCCESS_SUCCESS);
    assert_string_equal(message->lpszSubject, "Inbox one");
    MAPIFreeBuffer(message);

    /* a peek leaves it unread */
    assert_int_equal(MAPIReadMail(session, 0, ids[1], MAPI_PEEK, 0, (lpMapiMessage)&message), SUCCESS_SUCCESS);
    assert_string_equal(message->lpszSubject, "Inbox two");
    assert_string_equal(message->lpszNoteText, "First body");
    assert_string_equal(message->lpszMessageType, "IPM.Note");
    assert_string_equal(message->lpszDateReceived, "2024/01/03 11:00");
    assert_int_equal(message->flFlags, MAPI_UNREAD | MAPI_SENT);
    assert_int_equal(message->nRecipCount, 1);
    assert_int_equal(message->lpRecips[0].ulRecipClass, MAPI_TO);
    assert_string_equal(message->lpRecips[0].lpszName, "Alice");
    assert_string_equal(message->lpRecips[0].lpszAddress, "SMTP:alice@example.test");
    assert_non_null(message->lpOriginator);
    assert_int_equal(message->lpOriginator->ulRecipClass, MAPI_ORIG);
    /* the attachment, written to a file of its own for the caller */
    assert_int_equal(message->nFileCount, 1);
    assert_string_equal(message->lpFiles[0].lpszFileName, "report.txt");
    assert_int_equal(message->lpFiles[0].nPosition, 3);
    read_whole_file(message->lpFiles[0].lpszPathName, text, sizeof(text));
    assert_string_equal(text, "report contents\r\n");
    assert_true(DeleteFileA(message->lpFiles[0].lpszPathName));
    MAPIFreeBuffer(message);

    /* unread only: the first one read, it is skipped */
    assert_int_equal(MAPIReadMail(session, 0, ids[0], MAPI_SUPPRESS_ATTACH, 0, (lpMapiMessage)&message),
                     SUCCESS_SUCCESS);
    assert_int_equal(message->flFlags & MAPI_UNREAD, MAPI_UNREAD);   /* it was unread when read */
    assert_int_equal(message->nFileCount, 0);
    MAPIFreeBuffer(message);
    assert_int_equal(MAPIFindNext(session, 0, NULL, NULL, MAPI_UNREAD_ONLY | MAPI_LONG_MSGID, 0, id), SUCCESS_SUCCESS);
    assert_string_equal(id, ids[1]);
    assert_int_equal(MAPIReadMail(session, 0, ids[0], MAPI_ENVELOPE_ONLY, 0, (lpMapiMessage)&message),
                     SUCCESS_SUCCESS);
    assert_int_equal(message->flFlags & MAPI_UNREAD, 0);
    assert_null(message->lpszNoteText);
    assert_int_equal(message->nFileCount, 0);
    MAPIFreeBuffer(message);

    /* the body as a file, first among the files */
    assert_int_equal(MAPIReadMail(session, 0, ids[1], MAPI_BODY_AS_FILE | MAPI_PEEK, 0, (lpMapiMessage)&message),
                     SUCCESS_SUCCESS);
    assert_int_equal(message->nFileCount, 2);
    read_whole_file(message->lpFiles[0].lpszPathName, text, sizeof(text));
    assert_string_equal(text, "First body");
    for (i = 0; i < message->nFileCount; i++) DeleteFileA(message->lpFiles[i].lpszPathName);
    MAPIFreeBuffer(message);

    /* saving over a message replaces what it had */
    {
        MapiRecipDesc recip = { 0, MAPI_CC, (LPSTR)"Bob", (LPSTR)"SMTP:bob@example.test", 0, NULL };
        MapiMessage changed = { 0, (LPSTR)"Inbox two, changed", (LPSTR)"New body", NULL, NULL, NULL, MAPI_SENT,
                                NULL, 1, &recip, 0, NULL };

        strcpy(id, ids[1]);
        assert_int_equal(MAPISaveMail(session, 0, &changed, MAPI_LONG_MSGID, 0, id), SUCCESS_SUCCESS);
        assert_string_equal(id, ids[1]);
        assert_int_equal(MAPIReadMail(session, 0, id, MAPI_PEEK, 0, (lpMapiMessage)&message), SUCCESS_SUCCESS);
        assert_string_equal(message->lpszSubject, "Inbox two, changed");
        assert_string_equal(message->lpszNoteText, "New body");
        assert_int_equal(message->nRecipCount, 1);
        assert_int_equal(message->lpRecips[0].ulRecipClass, MAPI_CC);
        assert_string_equal(message->lpRecips[0].lpszAddress, "SMTP:bob@example.test");
        assert_int_equal(message->nFileCount, 0);
        assert_int_equal(message->flFlags & MAPI_UNREAD, 0);
        MAPIFreeBuffer(message);
    }

    /* deleting: gone from the walk, its ID no longer valid */
    assert_int_equal(MAPIDeleteMail(session, 0, ids[0], 0, 0), SUCCESS_SUCCESS);
    assert_int_equal(MAPIFindNext(session, 0, NULL, NULL, MAPI_LONG_MSGID, 0, id), SUCCESS_SUCCESS);
    assert_string_equal(id, ids[1]);
    assert_int_equal(MAPIReadMail(session, 0, ids[0], 0, 0, (lpMapiMessage)&message), MAPI_E_INVALID_MESSAGE);
    assert_null(message);
    assert_int_equal(MAPIDeleteMail(session, 0, ids[0], 0, 0), MAPI_E_INVALID_MESSAGE);
    for (i = 1; i < 4; i++) assert_int_equal(MAPIDeleteMail(session, 0, ids[i], 0, 0), SUCCESS_SUCCESS);
    assert_int_equal(MAPIFindNext(session, 0, NULL, NULL, 0, 0, id), MAPI_E_NO_MESSAGES);

    /* bad IDs and sessions */
    assert_int_equal(MAPIReadMail(session, 0, (LPSTR)"not an id", 0, 0, (lpMapiMessage)&message),
                     MAPI_E_INVALID_MESSAGE);
    assert_int_equal(MAPIReadMail(session, 0, (LPSTR)"S999999", 0, 0, (lpMapiMessage)&message),
                     MAPI_E_INVALID_MESSAGE);
    assert_int_equal(MAPIFindNext(session, 0, NULL, (LPSTR)"0123", 0, 0, id), MAPI_E_INVALID_MESSAGE);
    assert_int_equal(MAPIDeleteMail(session, 0, NULL, 0, 0), MAPI_E_INVALID_MESSAGE);
    assert_int_equal(MAPIFindNext(0x1234, 0, NULL, NULL, 0, 0, id), MAPI_E_INVALID_SESSION);
    assert_int_equal(MAPIReadMail(0x1234, 0, ids[1], 0, 0, (lpMapiMessage)&message), MAPI_E_INVALID_SESSION);
    assert_int_equal(MAPIDeleteMail(0x1234, 0, ids[1], 0, 0), MAPI_E_INVALID_SESSION);
    assert_int_equal(MAPIReadMail(session, 0, ids[1], 0, 0, NULL), MAPI_E_FAILURE);
    assert_int_equal(MAPIFindNext(session, 0, NULL, NULL, 0, 0, NULL), MAPI_E_FAILURE);
    assert_int_equal(MAPILogoff(session, 0, 0, 0), SUCCESS_SUCCESS);
}

/***********************************************************************
 * Delivered by the spooler
 */

static void test_send_mail_delivered(void **state)
{
    MapiRecipDesc recip = { 0, MAPI_TO, (LPSTR)"Bob", (LPSTR)"SMTP:bob@example.test", 0, NULL };
    MapiMessage message = { 0, (LPSTR)"Through the spooler", (LPSTR)"Simple MAPI, sent for real", NULL, NULL, NULL,
                            0, NULL, 1, &recip, 0, NULL };
    struct store_view view;
    LHANDLE session;
    SRowSet *rows;

    mta_control("resume");
    /* The session's spooler sends it. (What the paused MTA kept waiting goes when the
     * transport's retry interval, 60 s, has passed: not waited for here.) */
    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    assert_int_equal(MAPISendMail(session, 0, &message, 0, 0), SUCCESS_SUCCESS);
    assert_true(mail_arrived("bob", "Subject: Through the spooler"));
    assert_true(mail_arrived("bob", "Simple MAPI, sent for real"));
    assert_int_equal(MAPILogoff(session, 0, 0, 0), SUCCESS_SUCCESS);

    /* a session for the call alone: the message goes at its logoff, or with the next spooler */
    message.lpszSubject = (LPSTR)"One call, one session";
    assert_int_equal(MAPISendMail(0, 0, &message, 0, 0), SUCCESS_SUCCESS);
    assert_int_equal(MAPILogon(0, NULL, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    assert_true(mail_arrived("bob", "Subject: One call, one session"));

    /* what was sent left the Outbox for Sent Items (PR_SENTMAIL_ENTRYID) */
    open_view(session, &view);
    rows = folder_rows(&view, PR_IPM_OUTBOX_ENTRYID);
    assert_null(find_subject(rows, "Through the spooler"));
    FreeProws(rows);
    rows = folder_rows(&view, PR_IPM_SENTMAIL_ENTRYID);
    assert_non_null(find_subject(rows, "Through the spooler"));
    FreeProws(rows);
    close_view(&view);
    MAPILogoff(session, 0, 0, 0);
}

/***********************************************************************
 * Without a profile: the mail client, as before
 */

static const char clients_key[] = "Software\\Clients\\Mail";
static const char client_name[] = "MAPI32 Simple MAPI Test Client";

static void set_default_profile(const char *name)
{
    IProfAdmin *admin;

    assert_hr_equal(S_OK, MAPIAdminProfiles(0, &admin));
    assert_hr_equal(S_OK, admin->lpVtbl->SetDefaultProfile(admin, (LPSTR)name, 0));
    admin->lpVtbl->Release(admin);
}

static void test_no_profile_fallback(void **state)
{
    char exe[MAX_PATH], command[MAX_PATH + 64], dll[MAX_PATH], *slash;
    STARTUPINFOA startup = { sizeof(startup) };
    PROCESS_INFORMATION info;
    BYTE saved[1024];
    DWORD exit_code, type, size = sizeof(saved);
    BOOL had_default;
    HKEY clients, client;

    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    strcpy(dll, exe);
    assert_non_null(slash = strrchr(dll, '\\'));
    strcpy(slash + 1, "fakemail_a.dll");
    assert_int_equal(RegCreateKeyExA(HKEY_LOCAL_MACHINE, clients_key, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &clients,
                                     NULL), 0);
    had_default = !RegQueryValueExA(clients, NULL, NULL, &type, saved, &size);
    assert_int_equal(RegCreateKeyExA(clients, client_name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &client, NULL), 0);
    assert_int_equal(RegSetValueExA(client, "DLLPath", 0, REG_SZ, (BYTE *)dll, strlen(dll) + 1), 0);
    RegCloseKey(client);
    assert_int_equal(RegSetValueExA(clients, NULL, 0, REG_SZ, (BYTE *)client_name, sizeof(client_name)), 0);
    set_default_profile(NULL);

    sprintf(command, "\"%s\" fallback", exe);
    fflush(stdout);
    assert_true(CreateProcessA(exe, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info));
    assert_int_equal(WaitForSingleObject(info.hProcess, 60000), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(info.hProcess, &exit_code));
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);

    set_default_profile(profile_name);
    if (had_default) RegSetValueExA(clients, NULL, 0, type, saved, size);
    else RegDeleteValueA(clients, NULL);
    RegDeleteKeyA(clients, client_name);
    RegCloseKey(clients);
    assert_int_equal(exit_code, 0);
}

/* The child: no default profile, a mail client registered. */
static void fallback_child(void **state)
{
    MapiRecipDesc recip = { 0, MAPI_TO, NULL, (LPSTR)"SMTP:bob@example.test", 0, NULL };
    MapiMessage message = { 0, (LPSTR)"To the mail client", NULL, NULL, NULL, NULL, 0, NULL, 1, &recip, 0, NULL };
    fake_last_call_func last_call;
    IMAPISession *session;
    struct fake_call *call;
    LHANDLE handle;
    HMODULE module;

    /* MAPISendMail and MAPILogon without a name go to the mail client, as Wine's builtin does */
    assert_int_equal(MAPISendMail(0, 0, &message, 0, 0), SUCCESS_SUCCESS);
    assert_non_null(module = GetModuleHandleA("fakemail_a.dll"));
    last_call = (fake_last_call_func)GetProcAddress(module, "fake_last_call");
    call = last_call();
    assert_string_equal(call->function, "MAPISendMail");
    assert_string_equal(call->subject, "To the mail client");
    assert_int_equal(MAPILogon(0, NULL, NULL, 0, 0, &handle), SUCCESS_SUCCESS);
    assert_string_equal(last_call()->function, "MAPILogon");
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScMAPIXFromSMAPI(handle, 0, NULL, &session));
    MAPILogoff(handle, 0, 0, 0);
    assert_string_equal(last_call()->function, "MAPILogoff");

    /* a profile of ours named: ours */
    assert_int_equal(MAPILogon(0, profile_name, NULL, MAPI_NEW_SESSION, 0, &handle), SUCCESS_SUCCESS);
    assert_hr_equal(S_OK, ScMAPIXFromSMAPI(handle, 0, NULL, &session));
    session->lpVtbl->Release(session);
    assert_int_equal(MAPILogoff(handle, 0, 0, 0), SUCCESS_SUCCESS);
    assert_string_equal(last_call()->function, "MAPILogoff");   /* the client saw nothing more */
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_logon),
        cmocka_unit_test(test_logon_bad_input),
        cmocka_unit_test(test_send_mail),
        cmocka_unit_test(test_send_mail_w),
        cmocka_unit_test(test_send_mail_bad_input),
        cmocka_unit_test(test_send_mail_dialog),
        cmocka_unit_test(test_resolve_name),
        cmocka_unit_test(test_save_find_read_delete),
        cmocka_unit_test(test_send_mail_delivered),
        cmocka_unit_test(test_no_profile_fallback),
    };
    const struct CMUnitTest child[] = { cmocka_unit_test(fallback_child) };
    if (!GetEnvironmentVariableA("CLIENT_PROFILE", profile_name, sizeof(profile_name)))
    {
        fprintf(stderr, "test_smapi runs inside smapi.fixture.sh, which sets CLIENT_PROFILE\n");
        return 1;
    }
    /* Unix paths, from the fixture: the same folders seen from Windows */
    GetEnvironmentVariableA("CLIENT_DIR", scratch, sizeof(scratch));
    windows_path(scratch, sizeof(scratch));
    GetEnvironmentVariableA("MTA_DIR", mta_dir, sizeof(mta_dir));
    windows_path(mta_dir, sizeof(mta_dir));
    if (argc > 1 && !strcmp(argv[1], "fallback")) return cmocka_run_group_tests(child, NULL, NULL);
    {
        WSADATA wsa;
        int ret;

        WSAStartup(MAKEWORD(2, 2), &wsa);
        mta_control("pause");       /* until test_send_mail_delivered */
        ret = cmocka_run_group_tests(tests, NULL, NULL);
        WSACleanup();
        return ret;
    }
}
