/*
 * mapi32 with providers that know ANSI only: the foreign store in its
 * ANSI-only modes (service FOREIGNMSA: tests/foreign_ms with
 * PR_FMS_ANSI_ONLY, which answers PT_UNICODE tags with PT_ERROR and keeps
 * PT_STRING8 only), the foreign address book (ANSI too) and the controlled
 * transport (ctlxp.dll), through the whole stack: submission and
 * ExpandRecips, the spooler sending, reports into the store, inbound
 * delivery and its notification, folder copies, Simple MAPI, TNEF and
 * RTFSync on the store's messages.
 *
 * The tests run once for each way the store answers MAPI_UNICODE: with
 * MAPI_E_BAD_CHARWIDTH (as documented), with MAPI_E_UNKNOWN_FLAGS (as some
 * do), and taking no notice of it where it only answers (ANSI strings,
 * PT_ERROR for the PT_UNICODE tags asked).
 *
 * Every string here has characters outside ASCII that the system code page
 * (1252 in the test prefix) can say: the ANSI store keeps them as they are,
 * and mapi32's Unicode round trip must not lose them.
 */

#include "foreign_test.h"
#include "spooler_test.h"
#include "mapi_sdk.h"
#include "tnef.h"

/* mapiutil.h of the SDK declares these; Wine's does not. */
HRESULT WINAPI WrapCompressedRTFStream(IStream *compressed, ULONG flags, IStream **uncompressed);
HRESULT WINAPI RTFSync(IMessage *message, ULONG flags, BOOL *updated);
#ifndef RTF_SYNC_RTF_CHANGED
#define RTF_SYNC_RTF_CHANGED 0x00000001
#endif

#define PR_FAB_FILE         PROP_TAG(PT_STRING8, 0x6600)
#define PR_FMS_ANSI_ONLY    PROP_TAG(PT_LONG, 0x6602)

/* The store's modes (tests/foreign_ms/fms.h) */
#define FMS_ANSI_BAD_CHARWIDTH  1
#define FMS_ANSI_UNKNOWN_FLAGS  2
#define FMS_ANSI_IGNORES_FLAG   3

static const struct mode
{
    const char *profile;
    ULONG ansi;
} modes[] =
{
    { "tf ansi", FMS_ANSI_BAD_CHARWIDTH },      /* as mapisvc.inf has it */
    { "tf ansi2", FMS_ANSI_UNKNOWN_FLAGS },
    { "tf ansi3", FMS_ANSI_IGNORES_FLAG },
};
static const struct mode *mode;
#define PROFILE (mode->profile)

/* What the store answers MAPI_UNICODE with where strings come in, and where it only answers. */
static HRESULT refused_input(void)
{
    return mode->ansi == FMS_ANSI_UNKNOWN_FLAGS ? MAPI_E_UNKNOWN_FLAGS : MAPI_E_BAD_CHARWIDTH;
}

static HRESULT refused_output(void)
{
    return mode->ansi == FMS_ANSI_IGNORES_FLAG ? S_OK : refused_input();
}

/* The foreign address book's entry IDs, as it documents them */
struct fab_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG type;
    ULONG index;
};

static const char * const services[] = { "FOREIGNMSA", "CtlTransport", "FOREIGNAB", NULL };
static char root[MAX_PATH], ab_dir[MAX_PATH];
/* In the system code page */
static char greeting[64], zoe[64], cologne[32], trouble[32], trouble_comment[32], overview[32], kind_regards[64];

/* The ANSI form of a text, which the system code page must be able to say. */
static void to_ansi(const WCHAR *text, char *out, int size)
{
    BOOL lossy = FALSE;

    assert_int_not_equal(WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS, text, -1, out, size, NULL, &lossy), 0);
    assert_false(lossy);
}

static void write_file(const char *path, const char *text)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written;

    assert_true(file != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(file, text, strlen(text), &written, NULL));
    CloseHandle(file);
}

static int setup(void **state)
{
    char file[MAX_PATH], entries[256];
    SPropValue prop;

    log_reset();
    to_ansi(L"Gr\x00fc\x00df" L"e aus K\x00f6ln", greeting, sizeof(greeting));
    to_ansi(L"Zo\x00eb M\x00fcller", zoe, sizeof(zoe));
    to_ansi(L"K\x00f6ln", cologne, sizeof(cologne));
    to_ansi(L"\x00c4rger", trouble, sizeof(trouble));
    to_ansi(L"\x00e4rgerlich", trouble_comment, sizeof(trouble_comment));
    to_ansi(L"\x00dc" L"bersicht.txt", overview, sizeof(overview));
    to_ansi(L"Sch\x00f6ne Gr\x00fc\x00df" L"e\r\n", kind_regards, sizeof(kind_regards));

    snprintf(file, sizeof(file), "fmsa%lu", mode->ansi);
    make_test_dir(root, file);
    snprintf(file, sizeof(file), "fmsa%lu-ab", mode->ansi);
    make_test_dir(ab_dir, file);
    snprintf(file, sizeof(file), "%s\\entries.txt", ab_dir);
    snprintf(entries, sizeof(entries), "Peer Bob;FXP;bob\n%s;CTL;zoe@ctl.test\n", zoe);
    write_file(file, entries);

    make_profile(PROFILE, services, FALSE);
    prop.ulPropTag = PR_FMS_ROOT;
    prop.Value.lpszA = root;
    assert_hr_equal(S_OK, configure_service(PROFILE, "FOREIGNMSA", 0, 1, &prop));
    if (mode->ansi != FMS_ANSI_BAD_CHARWIDTH)
    {
        prop.ulPropTag = PR_FMS_ANSI_ONLY;
        prop.Value.l = mode->ansi;
        assert_hr_equal(S_OK, configure_service(PROFILE, "FOREIGNMSA", 0, 1, &prop));
    }
    prop.ulPropTag = PR_FAB_FILE;
    prop.Value.lpszA = file;
    assert_hr_equal(S_OK, configure_service(PROFILE, "FOREIGNAB", 0, 1, &prop));
    return 0;
}

static int teardown(void **state)
{
    delete_profile(PROFILE);
    remove_test_dir(root);
    remove_test_dir(ab_dir);
    return 0;
}

static int reset(void **state)
{
    ctl_reset();
    log_reset();
    return 0;
}

/* ---- helpers ---- */

static void check_string(IMAPIProp *object, ULONG tag, const char *expected)
{
    SPropValue *value = get_prop(object, tag);

    assert_string_equal(value->Value.lpszA, expected);
    MAPIFreeBuffer(value);
}

static BOOL log_has(const char *prefix, const char *text)
{
    char *log = log_read(), *line = log;
    BOOL found = FALSE;

    while (line && *line && !found)
    {
        char *end = strchr(line, '\n');

        if (end) *end = 0;
        found = !strncmp(line, prefix, strlen(prefix)) && strstr(line, text);
        line = end ? end + 1 : NULL;
    }
    free(log);
    return found;
}

/* A message to the recipients (names[i], addresses[i], of the address type given) submitted from
 * the Outbox; sent, it goes to Sent Items. */
static void submit_message(IMsgStore *store, const char *subject, const char * const *names,
                           const char * const *addresses, const char *type)
{
    submit_with(store, subject, kind_regards, names, addresses, 0, type);
}

/* The message of a folder with the subject, opened. */
static IMessage *open_message(IMAPIFolder *folder, const char *subject)
{
    SBinary entryid = find_entryid(folder, subject);
    IMessage *message = NULL;
    ULONG type;

    assert_hr_equal(S_OK, folder->lpVtbl->OpenEntry(folder, entryid.cb, (ENTRYID *)entryid.lpb, &IID_IMessage,
                                                    MAPI_MODIFY, &type, (IUnknown **)&message));
    MAPIFreeBuffer(entryid.lpb);
    return message;
}

static IMAPIFolder *open_by_entryid(IMsgStore *store, const SBinary *entryid)
{
    IMAPIFolder *folder = NULL;
    ULONG type;

    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, entryid->cb, (ENTRYID *)entryid->lpb, &IID_IMAPIFolder,
                                                   MAPI_MODIFY, &type, (IUnknown **)&folder));
    return folder;
}

/* The subfolder of a folder with the name (hierarchy table, ANSI), opened; NULL if there is none. */
static IMAPIFolder *find_subfolder(IMsgStore *store, IMAPIFolder *parent, const char *name)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_A, PR_ENTRYID } };
    IMAPIFolder *found = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, parent->lpVtbl->GetHierarchyTable(parent, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows && !found; i++)
        if (rows->aRow[i].lpProps[0].ulPropTag == PR_DISPLAY_NAME_A &&
            !strcmp(rows->aRow[i].lpProps[0].Value.lpszA, name))
            found = open_by_entryid(store, &rows->aRow[i].lpProps[1].Value.bin);
    FreeProws(rows);
    table->lpVtbl->Release(table);
    return found;
}

static void delete_subfolder(IMAPIFolder *parent, IMAPIFolder *folder)
{
    SPropValue *id = get_prop((IMAPIProp *)folder, PR_ENTRYID);

    assert_hr_equal(S_OK, parent->lpVtbl->DeleteFolder(parent, id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb, 0,
                                                       NULL, DEL_MESSAGES | DEL_FOLDERS));
    MAPIFreeBuffer(id);
}

static IMAPIFolder *create_folder(IMAPIFolder *parent, const char *name, const char *comment)
{
    IMAPIFolder *folder = NULL;

    /* Wine's mapidefs.h misdeclares the last parameter: it is an LPMAPIFOLDER *. */
    assert_hr_equal(S_OK, parent->lpVtbl->CreateFolder(parent, FOLDER_GENERIC, (LPSTR)name, (LPSTR)comment, NULL,
                                                       OPEN_IF_EXISTS, (IMAPIFolder *)&folder));
    return folder;
}

/* A saved message of the folder with an ANSI subject, body, recipient and attachment. */
static IMessage *make_message(IMAPIFolder *folder, const char *subject)
{
    const struct test_message message =
        { kind_regards, zoe, "CTL", "zoe@ctl.test", PR_ATTACH_LONG_FILENAME_A, overview, "Inhalt" };

    return make_test_message(folder, subject, &message);
}

/* What a client's advise sink heard of new mail. */
struct newmail
{
    CRITICAL_SECTION cs;
    HANDLE event;
    LONG count;
    ULONG flags;
    char message_class[64];
    BYTE parent[64];
    ULONG parent_size;
    BYTE entryid[64];
    ULONG entryid_size;
    IMAPIAdviseSink *sink;
};

static LONG WINAPI newmail_callback(void *context, ULONG count, NOTIFICATION *notifications)
{
    struct newmail *newmail = context;
    ULONG i;

    EnterCriticalSection(&newmail->cs);
    for (i = 0; i < count; i++)
    {
        NEWMAIL_NOTIFICATION *mail = &notifications[i].info.newmail;

        if (notifications[i].ulEventType != fnevNewMail) continue;
        newmail->flags = mail->ulFlags;
        if (mail->ulFlags & MAPI_UNICODE) strcpy(newmail->message_class, "(Unicode)");
        else lstrcpynA(newmail->message_class, mail->lpszMessageClass ? mail->lpszMessageClass : "",
                       sizeof(newmail->message_class));
        newmail->parent_size = min(mail->cbParentID, sizeof(newmail->parent));
        memcpy(newmail->parent, mail->lpParentID, newmail->parent_size);
        newmail->entryid_size = min(mail->cbEntryID, sizeof(newmail->entryid));
        memcpy(newmail->entryid, mail->lpEntryID, newmail->entryid_size);
        newmail->count++;
    }
    LeaveCriticalSection(&newmail->cs);
    SetEvent(newmail->event);
    return 0;
}

static BOOL newmail_wait(struct newmail *newmail, LONG count)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (InterlockedCompareExchange(&newmail->count, 0, 0) >= count) return TRUE;
        WaitForSingleObject(newmail->event, 100);
    }
    return FALSE;
}

/* ---- tests ---- */

/* The store in this mode is what the tests below need it to be: no Unicode in or out, MAPI_UNICODE
 * answered as the mode says, and bad input as documented. */
static void test_store_knows_ansi_only(void **state)
{
    static const SizedSPropTagArray(1, name_w) = { 1, { PR_DISPLAY_NAME_W } };
    static const SizedSPropTagArray(1, class_w) = { 1, { PR_MESSAGE_CLASS_W } };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    SPropProblemArray *problems = NULL;
    SPropValue *values, props[2], *entryid;
    SPropTagArray *tags;
    NOTIFICATION newmail;
    MAPIERROR *error;
    IMAPITable *table;
    IMessage *message;
    IAttach *attach;
    IUnknown *unk;
    SRowSet *rows;
    ADRLIST list;
    ULONG count, size, number;
    ENTRYID *folder_id;
    char line[64];
    HRESULT hr;

    snprintf(line, sizeof(line), "ms:ANSI only mode=%lu spooler=0", mode->ansi);
    assert_int_not_equal(log_find(line), -1);
    /* Where it only answers: the mode's answer, or ANSI with the PT_UNICODE tags not found. */
    hr = store->lpVtbl->GetProps(store, (SPropTagArray *)&name_w, MAPI_UNICODE, &count, &values);
    assert_hr_equal(refused_output() ? refused_output() : MAPI_W_ERRORS_RETURNED, hr);
    if (SUCCEEDED(hr))
    {
        assert_int_equal(values[0].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_DISPLAY_NAME_W)));
        MAPIFreeBuffer(values);
    }
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, store->lpVtbl->GetProps(store, (SPropTagArray *)&name_w, 0, &count,
                                                                    &values));
    assert_int_equal(values[0].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_DISPLAY_NAME_W)));
    MAPIFreeBuffer(values);
    check_string((IMAPIProp *)store, PR_DISPLAY_NAME_A, "Foreign ANSI Store");
    hr = store->lpVtbl->GetPropList(store, MAPI_UNICODE, &tags);
    assert_hr_equal(refused_output(), hr);
    if (SUCCEEDED(hr))
    {
        ULONG i;

        for (i = 0; i < tags->cValues; i++) assert_int_not_equal(PROP_TYPE(tags->aulPropTag[i]), PT_UNICODE);
        MAPIFreeBuffer(tags);
    }
    error = NULL;
    assert_hr_equal(refused_output(), store->lpVtbl->GetLastError(store, E_FAIL, MAPI_UNICODE, &error));
    hr = inbox->lpVtbl->GetContentsTable(inbox, MAPI_UNICODE, &table);
    assert_hr_equal(refused_output(), hr);
    if (SUCCEEDED(hr)) table->lpVtbl->Release(table);
    /* Its tables have ANSI columns only. */
    assert_hr_equal(S_OK, store->lpVtbl->GetReceiveFolderTable(store, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&class_w, NULL, NULL, 0, &rows));
    assert_true(rows->cRows >= 1);
    assert_int_equal(rows->aRow[0].lpProps[0].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_MESSAGE_CLASS_W)));
    FreeProws(rows);
    table->lpVtbl->Release(table);
    /* Where strings come in: refused in every mode. */
    assert_hr_equal(refused_input(), store->lpVtbl->GetReceiveFolder(store, (LPSTR)L"IPM.Note", MAPI_UNICODE, &size,
                                                                     &folder_id, NULL));

    /* A message takes no Unicode value. */
    assert_hr_equal(S_OK, inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &message));
    props[0].ulPropTag = PR_SUBJECT_W;
    props[0].Value.lpszW = (WCHAR *)L"Unicode";
    props[1].ulPropTag = PR_BODY_A;
    props[1].Value.lpszA = kind_regards;
    if (mode->ansi == FMS_ANSI_UNKNOWN_FLAGS)
    {
        /* This one refuses the whole call. */
        assert_hr_equal(MAPI_E_BAD_CHARWIDTH, message->lpVtbl->SetProps(message, 2, props, &problems));
        assert_hr_equal(MAPI_E_NOT_FOUND, HrGetOneProp((IMAPIProp *)message, PR_BODY_A, &values));
        assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 1, &props[1], NULL));
    }
    else
    {
        assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 2, props, &problems));
        assert_non_null(problems);
        assert_int_equal(problems->cProblem, 1);
        assert_int_equal(problems->aProblem[0].ulIndex, 0);
        assert_hr_equal(MAPI_E_BAD_CHARWIDTH, problems->aProblem[0].scode);
        MAPIFreeBuffer(problems);
    }
    assert_hr_equal(MAPI_E_NOT_FOUND, HrGetOneProp((IMAPIProp *)message, PR_SUBJECT_A, &values));
    check_string((IMAPIProp *)message, PR_BODY_A, kind_regards);
    assert_hr_equal(MAPI_E_NOT_FOUND, message->lpVtbl->OpenProperty(message, PR_BODY_W, &IID_IStream, 0, 0, &unk));
    assert_hr_equal(MAPI_E_BAD_CHARWIDTH, message->lpVtbl->OpenProperty(message, PR_BODY_W, &IID_IStream,
                                                                        STGM_CREATE | STGM_READWRITE,
                                                                        MAPI_CREATE | MAPI_MODIFY, &unk));
    hr = message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table);
    assert_hr_equal(refused_output(), hr);
    if (SUCCEEDED(hr)) table->lpVtbl->Release(table);
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 1;
    list.aEntries[0].rgPropVals = props;
    props[0].ulPropTag = PR_DISPLAY_NAME_W;
    assert_hr_equal(MAPI_E_BAD_CHARWIDTH, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, &list));
    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &number, &attach));
    hr = attach->lpVtbl->GetProps(attach, NULL, MAPI_UNICODE, &count, &values);
    if (refused_output()) assert_hr_equal(refused_output(), hr);
    else
    {
        assert_true(SUCCEEDED(hr));
        MAPIFreeBuffer(values);
    }
    props[0].ulPropTag = PR_ATTACH_FILENAME_W;
    hr = attach->lpVtbl->SetProps(attach, 1, props, &problems);
    if (mode->ansi == FMS_ANSI_UNKNOWN_FLAGS) assert_hr_equal(MAPI_E_BAD_CHARWIDTH, hr);
    else
    {
        assert_hr_equal(S_OK, hr);
        assert_int_equal(problems->cProblem, 1);
        assert_hr_equal(MAPI_E_BAD_CHARWIDTH, problems->aProblem[0].scode);
        MAPIFreeBuffer(problems);
    }
    attach->lpVtbl->Release(attach);
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));

    /* New mail is told in ANSI only. */
    entryid = get_prop((IMAPIProp *)message, PR_ENTRYID);
    memset(&newmail, 0, sizeof(newmail));
    newmail.ulEventType = fnevNewMail;
    newmail.info.newmail.cbEntryID = entryid->Value.bin.cb;
    newmail.info.newmail.lpEntryID = (ENTRYID *)entryid->Value.bin.lpb;
    newmail.info.newmail.ulFlags = MAPI_UNICODE;
    newmail.info.newmail.lpszMessageClass = (LPSTR)L"IPM.Note";
    assert_hr_equal(refused_input(), store->lpVtbl->NotifyNewMail(store, &newmail));
    MAPIFreeBuffer(entryid);

    /* Bad input, as mapival.h's checks answer it. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->GetProps(store, NULL, 0, NULL, &values));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, message->lpVtbl->SetProps(message, 1, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, NULL));

    message->lpVtbl->Release(message);
    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* Submitted: ExpandRecips takes the duplicate out, the spooler finds the transport by the
 * recipients' address type and the transport sees subject and recipients as they were written. */
static void test_send(void **state)
{
    static const char * const addresses[] = { "zoe@ctl.test", "zoe@ctl.test", "bob@ctl.test", NULL };
    const char *names[] = { zoe, zoe, "Bob" };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *sent = open_special(store, PR_IPM_SENTMAIL_ENTRYID);
    IMAPITable *table;
    IMessage *message;
    ULONG rows;

    submit_message(store, greeting, names, addresses, "CTL");
    assert_true(log_has("ms:SubmitMessage", "expand=0x2 hr=0"));
    assert_true(ctl_wait_sent(greeting));
    /* ctlxp's preprocessor saw it first. */
    assert_int_equal(ctl_countf("submit %s preprocessed", greeting), 1);
    assert_int_equal(ctl_countf("to %s <zoe@ctl.test>", zoe), 1);
    assert_int_equal(ctl_count("to Bob <bob@ctl.test>"), 1);
    assert_true(wait_where(store, greeting, 's'));

    /* What was sent is in Sent Items as the store keeps it: ANSI, one recipient less. */
    message = open_message(sent, greeting);
    check_string((IMAPIProp *)message, PR_BODY_A, kind_regards);
    assert_hr_equal(S_OK, message->lpVtbl->GetRecipientTable(message, 0, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &rows));
    assert_int_equal(rows, 2);
    table->lpVtbl->Release(table);
    message->lpVtbl->Release(message);

    assert_hr_equal(S_OK, sent->lpVtbl->EmptyFolder(sent, 0, NULL, 0));
    sent->lpVtbl->Release(sent);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* Non-delivery reports written into the store: for a recipient the transport refused (its list
 * is ANSI) and for one no transport takes (mapi32's own list), told as new mail. */
static void test_reports(void **state)
{
    static const SizedSPropTagArray(4, columns) =
        { 4, { PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A, PR_REPORT_TEXT_A, PR_NDR_REASON_CODE } };
    static const char * const refused_address[] = { "refused@ctl.test", NULL };
    static const char * const fax_address[] = { "+1 555 0100", NULL };
    const char *refused_name[] = { zoe }, *fax_name[] = { cologne };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store), *sent = open_special(store, PR_IPM_SENTMAIL_ENTRYID);
    char refused_subject[96], fax_subject[96], ndr_subject[128];
    SPropValue *body;
    IMAPITable *table;
    IMessage *report;
    SRowSet *rows;

    snprintf(refused_subject, sizeof(refused_subject), "%s (refused)", greeting);
    snprintf(fax_subject, sizeof(fax_subject), "%s (fax)", greeting);
    submit_message(store, refused_subject, refused_name, refused_address, "CTL");
    submit_message(store, fax_subject, fax_name, fax_address, "FAX");

    snprintf(ndr_subject, sizeof(ndr_subject), "Undeliverable: %s", refused_subject);
    assert_true(wait_count(inbox, ndr_subject, 1));
    report = open_message(inbox, ndr_subject);
    check_string((IMAPIProp *)report, PR_MESSAGE_CLASS_A, "REPORT.IPM.Note.NDR");
    check_string((IMAPIProp *)report, PR_ORIGINAL_SUBJECT_A, refused_subject);
    check_string((IMAPIProp *)report, PR_SENDER_NAME_A, "MAPI Spooler");
    /* The body says what the transport said, of whom. */
    body = get_prop((IMAPIProp *)report, PR_BODY_A);
    assert_non_null(strstr(body->Value.lpszA, refused_subject));
    assert_non_null(strstr(body->Value.lpszA, zoe));
    assert_non_null(strstr(body->Value.lpszA, "<refused@ctl.test>: The controlled transport refuses this recipient."));
    MAPIFreeBuffer(body);
    assert_hr_equal(S_OK, report->lpVtbl->GetRecipientTable(report, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, zoe);
    assert_string_equal(rows->aRow[0].lpProps[1].Value.lpszA, "refused@ctl.test");
    assert_string_equal(rows->aRow[0].lpProps[2].Value.lpszA, "The controlled transport refuses this recipient.");
    assert_int_equal(rows->aRow[0].lpProps[3].ulPropTag, PR_NDR_REASON_CODE);
    FreeProws(rows);
    table->lpVtbl->Release(table);
    report->lpVtbl->Release(report);

    snprintf(ndr_subject, sizeof(ndr_subject), "Undeliverable: %s", fax_subject);
    assert_true(wait_count(inbox, ndr_subject, 1));
    report = open_message(inbox, ndr_subject);
    body = get_prop((IMAPIProp *)report, PR_BODY_A);
    assert_non_null(strstr(body->Value.lpszA, cologne));
    assert_non_null(strstr(body->Value.lpszA,
                           "<+1 555 0100>: No transport provider of the profile handles this address type."));
    MAPIFreeBuffer(body);
    report->lpVtbl->Release(report);
    assert_int_equal(ctl_countf("submit %s", fax_subject) + ctl_countf("submit %s preprocessed", fax_subject), 0);

    /* Both told to the store's clients in ANSI, both originals finished. */
    assert_int_equal(log_count("ms:NotifyNewMail M"), 2);
    assert_true(log_has("ms:NotifyNewMail", "class=REPORT.IPM.Note.NDR"));
    assert_true(wait_where(store, refused_subject, 's'));
    assert_true(wait_where(store, fax_subject, 's'));

    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    assert_hr_equal(S_OK, sent->lpVtbl->EmptyFolder(sent, 0, NULL, 0));
    sent->lpVtbl->Release(sent);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* Inbound mail: the receive folder of its class, asked in ANSI, and fnevNewMail with its class. */
static void test_inbound(void **state)
{
    struct newmail newmail = { 0 };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store), *subtree = open_special(store, PR_IPM_SUBTREE_ENTRYID), *folder;
    ULONG_PTR connection = 0;
    SPropValue *folder_id, *parent;
    IMessage *message;
    ULONG type;

    /* IPM.Note is received in a folder of its own. */
    folder = create_folder(subtree, cologne, NULL);
    folder_id = get_prop((IMAPIProp *)folder, PR_ENTRYID);
    assert_hr_equal(S_OK, store->lpVtbl->SetReceiveFolder(store, (LPSTR)"IPM.Note", 0, folder_id->Value.bin.cb,
                                                          (ENTRYID *)folder_id->Value.bin.lpb));
    InitializeCriticalSection(&newmail.cs);
    newmail.event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_hr_equal(S_OK, HrAllocAdviseSink(newmail_callback, &newmail, &newmail.sink));
    assert_hr_equal(S_OK, store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, newmail.sink, (ULONG *)&connection));

    control->inbound_waiting = 1;
    assert_true(ctl_wait_line("received inbound 1"));
    assert_true(wait_count(folder, "inbound 1", 1));
    assert_int_equal(count_subject(inbox, "inbound 1", NULL), 0);
    assert_true(newmail_wait(&newmail, 1));
    assert_false(newmail.flags & MAPI_UNICODE);
    assert_string_equal(newmail.message_class, "IPM.Note");
    assert_true(log_has("ms:NotifyNewMail", "class=IPM.Note"));
    /* It names the message where it is: in the receive folder of its class, whose entry IDs the
     * store makes with the folder's number. */
    assert_int_equal(newmail.parent_size, folder_id->Value.bin.cb);
    assert_memory_equal(newmail.parent, folder_id->Value.bin.lpb, newmail.parent_size);
    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, newmail.entryid_size, (ENTRYID *)newmail.entryid, NULL, 0,
                                                   &type, (IUnknown **)&message));
    assert_int_equal(type, MAPI_MESSAGE);
    check_string((IMAPIProp *)message, PR_SUBJECT_A, "inbound 1");
    parent = get_prop((IMAPIProp *)message, PR_PARENT_ENTRYID);
    assert_memory_equal(parent->Value.bin.lpb, folder_id->Value.bin.lpb, folder_id->Value.bin.cb);
    MAPIFreeBuffer(parent);
    message->lpVtbl->Release(message);

    assert_hr_equal(S_OK, store->lpVtbl->Unadvise(store, connection));
    newmail.sink->lpVtbl->Release(newmail.sink);
    CloseHandle(newmail.event);
    DeleteCriticalSection(&newmail.cs);
    assert_hr_equal(S_OK, store->lpVtbl->SetReceiveFolder(store, (LPSTR)"IPM.Note", 0, 0, NULL));
    MAPIFreeBuffer(folder_id);
    delete_subfolder(subtree, folder);
    folder->lpVtbl->Release(folder);
    subtree->lpVtbl->Release(subtree);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* IMAPISupport::CopyFolder, on which the store's CopyFolder leans: names read and folders made
 * in ANSI, with their subfolders and messages. */
static void test_copy_folder(void **state)
{
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *subtree = open_special(store, PR_IPM_SUBTREE_ENTRYID), *source, *child, *target, *copy, *copied;
    IMessage *message;
    SPropValue *id;

    source = create_folder(subtree, cologne, "Domstadt");
    child = create_folder(source, trouble, trouble_comment);
    message = make_message(child, greeting);
    message->lpVtbl->Release(message);
    target = create_folder(subtree, "Ziel", NULL);

    /* Named after the source, which the store tells in ANSI only. */
    id = get_prop((IMAPIProp *)source, PR_ENTRYID);
    assert_hr_equal(S_OK, subtree->lpVtbl->CopyFolder(subtree, id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb, NULL,
                                                      target, NULL, 0, NULL, COPY_SUBFOLDERS));
    copy = find_subfolder(store, target, cologne);
    assert_non_null(copy);
    copied = find_subfolder(store, copy, trouble);
    assert_non_null(copied);
    check_string((IMAPIProp *)copied, PR_COMMENT_A, trouble_comment);
    assert_int_equal(count_subject(copied, greeting, NULL), 1);
    copied->lpVtbl->Release(copied);
    copy->lpVtbl->Release(copy);

    /* A name of the caller's, ANSI; in Unicode the store refuses it, as it says. */
    assert_hr_equal(S_OK, subtree->lpVtbl->CopyFolder(subtree, id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb, NULL,
                                                      target, (LPSTR)greeting, 0, NULL, 0));
    copy = find_subfolder(store, target, greeting);
    assert_non_null(copy);
    copy->lpVtbl->Release(copy);
    assert_hr_equal(refused_input(), subtree->lpVtbl->CopyFolder(subtree, id->Value.bin.cb,
                                                                 (ENTRYID *)id->Value.bin.lpb, NULL, target,
                                                                 (LPSTR)L"Unicode", 0, NULL, MAPI_UNICODE));
    MAPIFreeBuffer(id);

    delete_subfolder(subtree, target);
    delete_subfolder(subtree, source);
    target->lpVtbl->Release(target);
    child->lpVtbl->Release(child);
    source->lpVtbl->Release(source);
    subtree->lpVtbl->Release(subtree);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

static char *read_text_file(const char *path)
{
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    static char text[256];
    DWORD read = 0;

    assert_true(file != INVALID_HANDLE_VALUE);
    ReadFile(file, text, sizeof(text) - 1, &read, NULL);
    CloseHandle(file);
    text[read] = 0;
    return text;
}

/* Simple MAPI on the profile: a message saved into the store, found, read back, deleted, and one
 * sent; a recipient by the address book's entry ID. */
static void test_simple_mapi(void **state)
{
    struct fab_entryid bob = { { 0 }, {{ 'F','O','R','E','I','G','N',' ','A','B',' ','U','I','D','!','!' }},
                               MAPI_MAILUSER, 1 };
    MapiRecipDesc recipients[2];
    MapiFileDesc file;
    MapiMessage message, *read = NULL;
    char path[MAX_PATH], id[512], found[512], sent_subject[96];
    LHANDLE session;
    ULONG ret, i;

    assert_int_equal(MAPILogon(0, (LPSTR)PROFILE, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    GetTempPathA(sizeof(path), path);
    strcat(path, "wine-mapi-ansi-attachment.txt");
    write_file(path, "Inhalt");

    memset(recipients, 0, sizeof(recipients));
    recipients[0].ulRecipClass = MAPI_TO;
    recipients[0].lpszName = zoe;
    recipients[0].lpszAddress = (LPSTR)"CTL:zoe@ctl.test";
    recipients[1].ulRecipClass = MAPI_CC;
    recipients[1].ulEIDSize = sizeof(bob);
    recipients[1].lpEntryID = &bob;
    memset(&file, 0, sizeof(file));
    file.nPosition = ~0u;
    file.lpszPathName = path;
    file.lpszFileName = overview;
    memset(&message, 0, sizeof(message));
    message.lpszSubject = greeting;
    message.lpszNoteText = kind_regards;
    message.nRecipCount = 2;
    message.lpRecips = recipients;
    message.nFileCount = 1;
    message.lpFiles = &file;
    id[0] = 0;
    /* Long IDs: the entry ID itself, the same each time the message is named. */
    assert_int_equal(MAPISaveMail(session, 0, &message, MAPI_LONG_MSGID, 0, id), SUCCESS_SUCCESS);
    assert_true(id[0]);
    DeleteFileA(path);

    /* Found in the Inbox, which holds nothing else. */
    assert_int_equal(MAPIFindNext(session, 0, NULL, NULL, MAPI_LONG_MSGID, 0, found), SUCCESS_SUCCESS);
    assert_string_equal(found, id);
    assert_int_equal(MAPIFindNext(session, 0, NULL, id, MAPI_LONG_MSGID, 0, found), MAPI_E_NO_MESSAGES);

    assert_int_equal(MAPIReadMail(session, 0, id, MAPI_PEEK, 0, (lpMapiMessage)&read), SUCCESS_SUCCESS);
    assert_string_equal(read->lpszSubject, greeting);
    assert_string_equal(read->lpszNoteText, kind_regards);
    assert_string_equal(read->lpszMessageType, "IPM.Note");
    assert_int_equal(read->nRecipCount, 2);
    for (i = 0; i < 2; i++)
    {
        if (read->lpRecips[i].ulRecipClass == MAPI_TO)
        {
            assert_string_equal(read->lpRecips[i].lpszName, zoe);
            assert_string_equal(read->lpRecips[i].lpszAddress, "CTL:zoe@ctl.test");
        }
        else
        {
            assert_int_equal(read->lpRecips[i].ulRecipClass, MAPI_CC);
            assert_string_equal(read->lpRecips[i].lpszName, "Peer Bob");
            assert_string_equal(read->lpRecips[i].lpszAddress, "FXP:bob");
        }
    }
    assert_int_equal(read->nFileCount, 1);
    assert_string_equal(read->lpFiles[0].lpszFileName, overview);
    assert_string_equal(read_text_file(read->lpFiles[0].lpszPathName), "Inhalt");
    DeleteFileA(read->lpFiles[0].lpszPathName);
    MAPIFreeBuffer(read);
    assert_int_equal(MAPIDeleteMail(session, 0, id, 0, 0), SUCCESS_SUCCESS);
    assert_int_equal(MAPIFindNext(session, 0, NULL, NULL, MAPI_LONG_MSGID, 0, found), MAPI_E_NO_MESSAGES);

    /* Sent: to the transport of the recipient's address type, which sees it as written. */
    snprintf(sent_subject, sizeof(sent_subject), "%s (Simple MAPI)", greeting);
    message.lpszSubject = sent_subject;
    message.nRecipCount = 1;
    message.nFileCount = 0;
    message.lpFiles = NULL;
    ret = MAPISendMail(session, 0, &message, 0, 0);
    assert_int_equal(ret, SUCCESS_SUCCESS);
    assert_true(ctl_wait_sent(sent_subject));
    assert_int_equal(ctl_countf("to %s <zoe@ctl.test>", zoe), 1);
    assert_int_equal(MAPILogoff(session, 0, 0, 0), SUCCESS_SUCCESS);

    {
        IMAPISession *check = logon(PROFILE, MAPI_NO_MAIL);
        IMsgStore *store = open_default_store(check);
        IMAPIFolder *sent = open_special(store, PR_IPM_SENTMAIL_ENTRYID);

        assert_true(wait_where(store, sent_subject, 's'));
        assert_hr_equal(S_OK, sent->lpVtbl->EmptyFolder(sent, 0, NULL, 0));
        sent->lpVtbl->Release(sent);
        store->lpVtbl->Release(store);
        IMAPISession_Logoff(check, 0, 0, 0);
        IMAPISession_Release(check);
    }
}

static void put_attribute(IStream *stream, ULONG attribute, const BYTE *data, ULONG size)
{
    BYTE level = 1; /* LVL_MESSAGE */
    WORD sum = 0;
    ULONG i;

    for (i = 0; i < size; i++) sum += data[i];
    stream->lpVtbl->Write(stream, &level, 1, NULL);
    stream->lpVtbl->Write(stream, &attribute, 4, NULL);
    stream->lpVtbl->Write(stream, &size, 4, NULL);
    stream->lpVtbl->Write(stream, data, size, NULL);
    stream->lpVtbl->Write(stream, &sum, 2, NULL);
}

#define LONG_BODY 20000    /* past what the store gives by value (FMS_BIG_TEXT) */

/* A TNEF stream whose sender is in attFrom only (a one-off triple: name, "type:address"). */
static IStream *from_only_stream(void)
{
    static const char address[] = "CTL:zoe@ctl.test";
    ULONG signature = TNEF_SIGNATURE, name_size = (strlen(zoe) + 2) & ~1, total;
    BYTE triple[128] = { 0 };
    WORD key = 1, trp[4];
    IStream *stream;

    total = 2 * 8 + name_size + sizeof(address);
    trp[0] = 0x0004; /* trpidOneOff */
    trp[1] = total;
    trp[2] = name_size;
    trp[3] = sizeof(address);
    memcpy(triple, trp, sizeof(trp));
    memcpy(triple + 8, zoe, strlen(zoe));
    memcpy(triple + 8 + name_size, address, sizeof(address));
    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    stream->lpVtbl->Write(stream, &signature, 4, NULL);
    stream->lpVtbl->Write(stream, &key, 2, NULL);
    put_attribute(stream, attFrom, triple, total + 8 + (8 - total % 8) % 8);
    put_attribute(stream, attSubject, (const BYTE *)greeting, strlen(greeting) + 1);
    stream->lpVtbl->Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    return stream;
}

/* TNEF from a message of the store and back into another: what is read in ANSI goes out in
 * Unicode, and is written back in ANSI. */
static void test_tnef(void **state)
{
    static const SizedSPropTagArray(1, excluded) = { 1, { PR_SENDER_NAME_W } };
    static const SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_A, PR_EMAIL_ADDRESS_A } };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    IMessage *source = make_message(inbox, greeting), *target;
    STnefProblemArray *problems = NULL;
    IStream *stream, *tagged_stream, *body;
    IMAPITable *table;
    IAttach *attach;
    SRowSet *rows;
    ITnef *tnef;
    WORD key = 0;
    static const SizedSPropTagArray(1, body_tag) = { 1, { PR_BODY_A } };
    char text[256], *long_body, *text_read;
    SPropValue value, *got;
    ULONG read, count;

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, (LPSTR)"winmail.dat", TNEF_ENCODE, source, 7, &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->AddProps(tnef, TNEF_PROP_EXCLUDE, 0, NULL, (SPropTagArray *)&excluded));
    assert_hr_equal(S_OK, tnef->lpVtbl->EncodeRecips(tnef, 0, NULL));
    assert_hr_equal(S_OK, tnef->lpVtbl->Finish(tnef, 0, &key, &problems));
    MAPIFreeBuffer(problems);
    tnef->lpVtbl->Release(tnef);

    /* The tagged body: the store's text read, and written back. */
    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &tagged_stream));
    assert_hr_equal(S_OK, OpenTnefStream(NULL, tagged_stream, (LPSTR)"winmail.dat", TNEF_ENCODE, source, 256, &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->OpenTaggedBody(tnef, NULL, 0, &body));
    assert_hr_equal(S_OK, body->lpVtbl->Read(body, text, sizeof(text) - 1, &read));
    text[read] = 0;
    assert_string_equal(text, kind_regards);
    body->lpVtbl->Release(body);
    assert_hr_equal(S_OK, tnef->lpVtbl->OpenTaggedBody(tnef, source, MAPI_CREATE | MAPI_MODIFY, &body));
    assert_hr_equal(S_OK, body->lpVtbl->Write(body, greeting, strlen(greeting), &read));
    assert_hr_equal(S_OK, body->lpVtbl->Commit(body, 0));
    body->lpVtbl->Release(body);
    check_string((IMAPIProp *)source, PR_BODY_A, greeting);
    tnef->lpVtbl->Release(tnef);
    tagged_stream->lpVtbl->Release(tagged_stream);
    source->lpVtbl->Release(source);

    assert_hr_equal(S_OK, inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &target));
    stream->lpVtbl->Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, NULL, TNEF_DECODE, target, 0, &tnef));
    problems = NULL;
    assert_hr_equal(S_OK, tnef->lpVtbl->ExtractProps(tnef, 0, NULL, &problems));
    MAPIFreeBuffer(problems);
    tnef->lpVtbl->Release(tnef);
    stream->lpVtbl->Release(stream);

    check_string((IMAPIProp *)target, PR_SUBJECT_A, greeting);
    check_string((IMAPIProp *)target, PR_BODY_A, kind_regards);
    check_string((IMAPIProp *)target, PR_MESSAGE_CLASS_A, "IPM.Note");
    assert_hr_equal(S_OK, target->lpVtbl->GetRecipientTable(target, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, zoe);
    assert_string_equal(rows->aRow[0].lpProps[1].Value.lpszA, "zoe@ctl.test");
    FreeProws(rows);
    table->lpVtbl->Release(table);
    assert_hr_equal(S_OK, target->lpVtbl->OpenAttach(target, 0, NULL, 0, &attach));
    check_string((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_A, overview);
    attach->lpVtbl->Release(attach);
    target->lpVtbl->Release(target);

    /* A stream of older software: the sender in attFrom only. */
    assert_hr_equal(S_OK, inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &target));
    stream = from_only_stream();
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, NULL, TNEF_DECODE, target, 0, &tnef));
    problems = NULL;
    assert_hr_equal(S_OK, tnef->lpVtbl->ExtractProps(tnef, 0, NULL, &problems));
    MAPIFreeBuffer(problems);
    tnef->lpVtbl->Release(tnef);
    stream->lpVtbl->Release(stream);
    check_string((IMAPIProp *)target, PR_SENDER_NAME_A, zoe);
    check_string((IMAPIProp *)target, PR_SENDER_ADDRTYPE_A, "CTL");
    check_string((IMAPIProp *)target, PR_SENDER_EMAIL_ADDRESS_A, "zoe@ctl.test");
    target->lpVtbl->Release(target);

    /* A long text, which the store gives through a stream only. */
    source = make_message(inbox, cologne);
    long_body = malloc(LONG_BODY + 1);
    for (read = 0; read < LONG_BODY; read++) long_body[read] = kind_regards[read % strlen(kind_regards)];
    long_body[LONG_BODY] = 0;
    value.ulPropTag = PR_BODY_A;
    value.Value.lpszA = long_body;
    assert_hr_equal(S_OK, source->lpVtbl->SetProps(source, 1, &value, NULL));
    assert_hr_equal(S_OK, source->lpVtbl->SaveChanges(source, KEEP_OPEN_READWRITE));
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, source->lpVtbl->GetProps(source, (SPropTagArray *)&body_tag, 0, &count,
                                                                      &got));
    assert_int_equal(got->ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_BODY_A)));
    assert_hr_equal(MAPI_E_NOT_ENOUGH_MEMORY, got->Value.err);
    MAPIFreeBuffer(got);
    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, (LPSTR)"winmail.dat", TNEF_ENCODE, source, 8, &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->Finish(tnef, 0, &key, NULL));
    tnef->lpVtbl->Release(tnef);
    source->lpVtbl->Release(source);
    assert_hr_equal(S_OK, inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &target));
    stream->lpVtbl->Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, NULL, TNEF_DECODE, target, 0, &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->ExtractProps(tnef, 0, NULL, NULL));
    tnef->lpVtbl->Release(tnef);
    stream->lpVtbl->Release(stream);
    assert_hr_equal(S_OK, target->lpVtbl->OpenProperty(target, PR_BODY_A, &IID_IStream, STGM_READ, 0,
                                                       (IUnknown **)&body));
    text_read = malloc(LONG_BODY + 16);
    assert_hr_equal(S_OK, body->lpVtbl->Read(body, text_read, LONG_BODY + 16, &read));
    body->lpVtbl->Release(body);
    /* The stream may keep the terminator. */
    if (read == LONG_BODY + 1 && !text_read[LONG_BODY]) read--;
    assert_int_equal(read, LONG_BODY);
    assert_memory_equal(text_read, long_body, LONG_BODY);
    free(text_read);
    free(long_body);
    target->lpVtbl->Release(target);

    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* A read report the sender asked for: MAPI builds it in the store's empty message, in ANSI, and
 * submits it. */
static void test_read_receipt(void **state)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_A, PR_ENTRYID } };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store), *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    IMessage *message, *receipt;
    SPropValue props[6];
    IMAPITable *table;
    IAddrBook *book;
    ENTRYID *sender;
    SRowSet *rows;
    ULONG sender_size, flags = 0;
    char subject[96];

    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book));
    assert_hr_equal(S_OK, book->lpVtbl->CreateOneOff(book, (LPSTR)zoe, (LPSTR)"CTL", (LPSTR)"zoe@ctl.test", 0,
                                                     &sender_size, &sender));
    assert_hr_equal(S_OK, inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &message));
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = greeting;
    props[1].ulPropTag = PR_MESSAGE_CLASS_A;
    props[1].Value.lpszA = (char *)"IPM.Note";
    props[2].ulPropTag = PR_READ_RECEIPT_REQUESTED;
    props[2].Value.b = TRUE;
    props[3].ulPropTag = PR_SENDER_NAME_A;
    props[3].Value.lpszA = zoe;
    props[4].ulPropTag = PR_SENDER_ENTRYID;
    props[4].Value.bin.cb = sender_size;
    props[4].Value.bin.lpb = (BYTE *)sender;
    props[5].ulPropTag = PR_MESSAGE_FLAGS;
    props[5].Value.l = 0;
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 6, props, NULL));
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));

    assert_hr_equal(S_OK, message->lpVtbl->SetReadFlag(message, 0));
    assert_int_not_equal(log_find("ms:ReadReceipt hr=0"), -1);
    message->lpVtbl->Release(message);
    snprintf(subject, sizeof(subject), "Read: %s", greeting);
    assert_int_equal(count_subject(outbox, subject, &flags), 1);
    assert_true(flags & MSGFLAG_SUBMIT);
    receipt = open_message(outbox, subject);
    check_string((IMAPIProp *)receipt, PR_MESSAGE_CLASS_A, "REPORT.IPM.Note.IPNRN");
    check_string((IMAPIProp *)receipt, PR_ORIGINAL_SUBJECT_A, greeting);
    assert_hr_equal(S_OK, receipt->lpVtbl->GetRecipientTable(receipt, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, zoe);
    assert_int_equal(rows->aRow[0].lpProps[1].Value.bin.cb, sender_size);
    assert_memory_equal(rows->aRow[0].lpProps[1].Value.bin.lpb, sender, sender_size);
    FreeProws(rows);
    table->lpVtbl->Release(table);
    receipt->lpVtbl->Release(receipt);

    MAPIFreeBuffer(sender);
    book->lpVtbl->Release(book);
    assert_hr_equal(S_OK, outbox->lpVtbl->EmptyFolder(outbox, 0, NULL, 0));
    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    outbox->lpVtbl->Release(outbox);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* RTFSync makes PR_BODY of new RTF: in ANSI for this store. */
static void test_rtf_sync(void **state)
{
    static const char rtf[] = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 "
                              "Gr\\'fc\\'dfe aus K\\'f6ln\\par}";
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    IStream *compressed, *uncompressed;
    IMessage *message;
    SPropValue *body;
    BOOL updated = FALSE;
    ULONG written;

    assert_hr_equal(S_OK, inbox->lpVtbl->CreateMessage(inbox, NULL, 0, &message));
    assert_hr_equal(S_OK, message->lpVtbl->OpenProperty(message, PR_RTF_COMPRESSED, &IID_IStream,
                                                        STGM_CREATE | STGM_READWRITE, MAPI_CREATE | MAPI_MODIFY,
                                                        (IUnknown **)&compressed));
    assert_hr_equal(S_OK, WrapCompressedRTFStream(compressed, MAPI_MODIFY, &uncompressed));
    assert_hr_equal(S_OK, uncompressed->lpVtbl->Write(uncompressed, rtf, sizeof(rtf) - 1, &written));
    assert_hr_equal(S_OK, uncompressed->lpVtbl->Commit(uncompressed, 0));
    uncompressed->lpVtbl->Release(uncompressed);
    compressed->lpVtbl->Commit(compressed, 0);
    compressed->lpVtbl->Release(compressed);

    assert_hr_equal(S_OK, RTFSync(message, RTF_SYNC_RTF_CHANGED, &updated));
    assert_true(updated);
    body = get_prop((IMAPIProp *)message, PR_BODY_A);
    assert_non_null(strstr(body->Value.lpszA, greeting));
    MAPIFreeBuffer(body);
    message->lpVtbl->Release(message);

    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_store_knows_ansi_only, reset),
        cmocka_unit_test_setup(test_send, reset),
        cmocka_unit_test_setup(test_reports, reset),
        cmocka_unit_test_setup(test_inbound, reset),
        cmocka_unit_test_setup(test_copy_folder, reset),
        cmocka_unit_test_setup(test_simple_mapi, reset),
        cmocka_unit_test_setup(test_tnef, reset),
        cmocka_unit_test_setup(test_read_receipt, reset),
        cmocka_unit_test_setup(test_rtf_sync, reset),
    };
    static const char * const names[] = { "MAPI_E_BAD_CHARWIDTH", "MAPI_E_UNKNOWN_FLAGS", "MAPI_UNICODE ignored" };
    char filter[64];
    int failed = 0;
    ULONG i;

    if (GetEnvironmentVariableA("FOREIGN_TEST", filter, sizeof(filter))) cmocka_set_test_filter(filter);
    if (FAILED(MAPIInitialize(NULL))) return 1;
    ctl_init("ansi");
    for (i = 0; i < ARRAY_SIZE(modes); i++)
    {
        mode = &modes[i];
        failed += _cmocka_run_group_tests(names[i], tests, ARRAY_SIZE(tests), setup, teardown);
    }
    MAPIUninitialize();
    DeleteFileA(ctl_log_path);
    return failed;
}
