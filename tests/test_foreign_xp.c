/*
 * foreignxp (tests/foreign_xp): a peer-to-peer transport of a third party,
 * built with mingw-w64's SDK alone, driven by the spooler between two
 * profiles whose transports share a folder. Each profile has the foreign
 * store (tests/foreign_ms); the first also the foreign address book
 * (tests/foreign_ab), which resolves the peer's name.
 */

#include "foreign_test.h"

#define PR_FAB_FILE         PROP_TAG(PT_STRING8, 0x6600)
#define PR_FXP_SHARED_DIR   PROP_TAG(PT_STRING8, 0x6600)
#define PR_FXP_MAILBOX      PROP_TAG(PT_STRING8, 0x6601)

#define WAIT_MS 20000

static const char * const services_a[] = { "FOREIGNMS", "FOREIGNXP", "FOREIGNAB", NULL };
static const char * const services_b[] = { "FOREIGNMS", "FOREIGNXP", NULL };
static char shared[MAX_PATH], root_a[MAX_PATH], root_b[MAX_PATH], entries[MAX_PATH];

static void configure_profile(const char *profile, const char *root, const char *mailbox)
{
    SPropValue props[2];

    props[0].ulPropTag = PR_FMS_ROOT;
    props[0].Value.lpszA = (char *)root;
    assert_hr_equal(S_OK, configure_service(profile, "FOREIGNMS", 0, 1, props));
    props[0].ulPropTag = PR_FXP_SHARED_DIR;
    props[0].Value.lpszA = shared;
    props[1].ulPropTag = PR_FXP_MAILBOX;
    props[1].Value.lpszA = (char *)mailbox;
    assert_hr_equal(S_OK, configure_service(profile, "FOREIGNXP", 0, 2, props));
}

static int setup(void **state)
{
    static const char peers[] = "Peer Bob;FXP;bob\nAlice Example;SMTP;alice@example.com\n";
    SPropValue prop;
    HANDLE file;
    DWORD written;

    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_test_dir(shared, "fxp-shared");
    make_test_dir(root_a, "fxp-a");
    make_test_dir(root_b, "fxp-b");
    snprintf(entries, sizeof(entries), "%s\\peers.txt", root_a);
    file = CreateFileA(entries, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(file, peers, sizeof(peers) - 1, &written, NULL);
    CloseHandle(file);

    make_profile("tf xp a", services_a, FALSE);
    configure_profile("tf xp a", root_a, "alice");
    prop.ulPropTag = PR_FAB_FILE;
    prop.Value.lpszA = entries;
    assert_hr_equal(S_OK, configure_service("tf xp a", "FOREIGNAB", 0, 1, &prop));
    make_profile("tf xp b", services_b, FALSE);
    configure_profile("tf xp b", root_b, "bob");
    return 0;
}

static int teardown(void **state)
{
    delete_profile("tf xp a");
    delete_profile("tf xp b");
    remove_test_dir(shared);
    remove_test_dir(root_a);
    remove_test_dir(root_b);
    MAPIUninitialize();
    return 0;
}

/* ---- helpers ---- */

static IMAPIFolder *open_folder(IMsgStore *store, const SBinary *id)
{
    IMAPIFolder *folder = NULL;
    ULONG type;

    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, id->cb, (ENTRYID *)id->lpb, &IID_IMAPIFolder,
                                                   MAPI_MODIFY, &type, (IUnknown **)&folder));
    return folder;
}

static IMAPIFolder *open_store_folder(IMsgStore *store, ULONG tag)
{
    SPropValue *id = get_prop((IMAPIProp *)store, tag);
    IMAPIFolder *folder = open_folder(store, &id->Value.bin);

    MAPIFreeBuffer(id);
    return folder;
}

static IMAPIFolder *open_inbox(IMsgStore *store)
{
    IMAPIFolder *folder;
    SBinary id;
    char *class;

    assert_hr_equal(S_OK, store->lpVtbl->GetReceiveFolder(store, (LPSTR)"IPM.Note", 0, &id.cb,
                                                          (ENTRYID **)&id.lpb, &class));
    folder = open_folder(store, &id);
    MAPIFreeBuffer(id.lpb);
    MAPIFreeBuffer(class);
    return folder;
}

static ULONG contents_count(IMAPIFolder *folder)
{
    IMAPITable *table;
    ULONG count = 0;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, 0, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    table->lpVtbl->Release(table);
    return count;
}

static BOOL wait_count(IMAPIFolder *folder, ULONG count)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (contents_count(folder) == count) return TRUE;
        Sleep(50);
    }
    return FALSE;
}

static ULONG mailbox_files(const char *mailbox)
{
    WIN32_FIND_DATAA find;
    char pattern[MAX_PATH];
    HANDLE handle;
    ULONG count = 0;

    snprintf(pattern, sizeof(pattern), "%s\\%s\\*.msg", shared, mailbox);
    if ((handle = FindFirstFileA(pattern, &find)) == INVALID_HANDLE_VALUE) return 0;
    do count++; while (FindNextFileA(handle, &find));
    FindClose(handle);
    return count;
}

/* The first message of a folder, opened. */
static IMessage *first_message(IMsgStore *store, IMAPIFolder *folder)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ENTRYID } };
    IMessage *message = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG type;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 1, &rows));
    table->lpVtbl->Release(table);
    assert_int_equal(rows->cRows, 1);
    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, rows->aRow[0].lpProps[0].Value.bin.cb,
                                                   (ENTRYID *)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL,
                                                   MAPI_MODIFY, &type, (IUnknown **)&message));
    FreeProws(rows);
    return message;
}

/* A message in the Outbox for one recipient, sent: a copy goes to Sent Items. */
static void send_message(IMsgStore *store, const char *subject, ULONG count, SPropValue *recipient)
{
    IMAPIFolder *outbox = open_store_folder(store, PR_IPM_OUTBOX_ENTRYID);
    SPropValue props[4], *sent, attach_props[3];
    IMessage *message;
    IAttach *attach;
    ADRLIST *list;
    ULONG number;

    sent = get_prop((IMAPIProp *)store, PR_IPM_SENTMAIL_ENTRYID);
    assert_hr_equal(S_OK, outbox->lpVtbl->CreateMessage(outbox, NULL, 0, &message));
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = (char *)subject;
    props[1].ulPropTag = PR_BODY_A;
    props[1].Value.lpszA = (char *)"Dropped in a shared folder, picked up by the peer.";
    props[2].ulPropTag = PR_MESSAGE_CLASS_A;
    props[2].Value.lpszA = (char *)"IPM.Note";
    props[3] = *sent;
    props[3].ulPropTag = PR_SENTMAIL_ENTRYID;
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 4, props, NULL));
    MAPIFreeBuffer(sent);

    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &number, &attach));
    attach_props[0].ulPropTag = PR_ATTACH_METHOD;
    attach_props[0].Value.l = ATTACH_BY_VALUE;
    attach_props[1].ulPropTag = PR_ATTACH_FILENAME_A;
    attach_props[1].Value.lpszA = (char *)"peer.txt";
    attach_props[2].ulPropTag = PR_ATTACH_DATA_BIN;
    attach_props[2].Value.bin.cb = 4;
    attach_props[2].Value.bin.lpb = (BYTE *)"peer";
    assert_hr_equal(S_OK, attach->lpVtbl->SetProps(attach, 3, attach_props, NULL));
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);

    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list));
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = count;
    list->aEntries[0].rgPropVals = recipient;
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, list));
    MAPIFreeBuffer(list);
    assert_hr_equal(S_OK, message->lpVtbl->SubmitMessage(message, 0));
    message->lpVtbl->Release(message);
    outbox->lpVtbl->Release(outbox);
}

/* ---- tests ---- */

/* The session logs the transport on: its address type, its status row. */
static void test_transport_logon(void **state)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_PROVIDER_DISPLAY_A, PR_STATUS_STRING_A } };
    IMAPISession *session;
    IMAPITable *table;
    SRowSet *rows;
    LPSTR *types;
    ULONG count, i;
    BOOL found = FALSE;
    char mailbox[MAX_PATH];

    log_reset();
    session = logon("tf xp a", 0);
    assert_int_not_equal(log_find("xp:TransportLogon profile=tf xp a mailbox=alice status=0"), -1);
    assert_non_null(GetModuleHandleA("foreignxp32.dll"));
    snprintf(mailbox, sizeof(mailbox), "%s\\alice", shared);
    assert_true(GetFileAttributesA(mailbox) & FILE_ATTRIBUTE_DIRECTORY);

    assert_hr_equal(S_OK, IMAPISession_EnumAdrTypes(session, 0, &count, &types));
    for (i = 0; i < count; i++) if (!strcmp(types[i], "FXP")) found = TRUE;
    assert_true(found);
    MAPIFreeBuffer(types);

    found = FALSE;
    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[1].ulPropTag == PR_STATUS_STRING_A &&
            !strcmp(rows->aRow[i].lpProps[1].Value.lpszA, "Peer folder ready"))
            found = TRUE;
    assert_true(found);
    FreeProws(rows);
    table->lpVtbl->Release(table);

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_not_equal(log_find("xp:TransportLogoff alice"), -1);
    assert_int_not_equal(log_find("xp:Shutdown"), -1);
    assert_null(GetModuleHandleA("foreignxp32.dll"));
}

/* Alice sends to Bob, whose name the foreign address book resolves; the
 * spooler of Bob's profile receives it; Bob answers the sender. */
static void test_exchange(void **state)
{
    static const char * const peer_bob[] = { "Peer Bob" };
    struct { ULONG cFlags; ULONG ulFlag[1]; } flags = { 1, { MAPI_UNRESOLVED } };
    struct { BYTE flags[4]; MAPIUID uid; ULONG type, index; } directory_id =
        { { 0 }, {{ 'F','O','R','E','I','G','N',' ','A','B',' ','U','I','D','!','!' }}, MAPI_ABCONT, 1 };
    IMAPISession *session_a, *session_b;
    IMsgStore *store_a, *store_b;
    IMAPIFolder *sent_a, *inbox_a, *inbox_b;
    struct recorder on_b;
    ULONG_PTR connection = 0;
    IABContainer *directory;
    IAddrBook *book;
    IMessage *received;
    IAttach *attach;
    IMAPITable *table;
    SPropValue *value, recipient[5], *resolved;
    ADRLIST *list;
    ULONG type, count;

    log_reset();
    recorder_init(&on_b);
    session_b = logon("tf xp b", 0);
    store_b = open_first_store(session_b);
    assert_hr_equal(S_OK, store_b->lpVtbl->Advise(store_b, 0, NULL, fnevNewMail, on_b.sink, (ULONG *)&connection));
    inbox_b = open_inbox(store_b);

    session_a = logon("tf xp a", 0);
    store_a = open_first_store(session_a);
    sent_a = open_store_folder(store_a, PR_IPM_SENTMAIL_ENTRYID);
    inbox_a = open_inbox(store_a);

    /* The recipient, as the foreign address book's container resolves it. */
    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session_a, 0, NULL, AB_NO_DIALOG, &book));
    assert_hr_equal(S_OK, book->lpVtbl->OpenEntry(book, sizeof(directory_id), (ENTRYID *)&directory_id, NULL, 0,
                                                  &type, (IUnknown **)&directory));
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list));
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals));
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
    list->aEntries[0].rgPropVals[0].Value.lpszA = (char *)peer_bob[0];
    assert_hr_equal(S_OK, directory->lpVtbl->ResolveNames(directory, NULL, 0, list, (FlagList *)&flags));
    assert_int_equal(flags.ulFlag[0], MAPI_RESOLVED);
    resolved = list->aEntries[0].rgPropVals;
    count = 0;
    memset(recipient, 0, sizeof(recipient));
    recipient[count].ulPropTag = PR_RECIPIENT_TYPE;
    recipient[count++].Value.l = MAPI_TO;
    recipient[count++] = *PpropFindProp(resolved, list->aEntries[0].cValues, PR_DISPLAY_NAME_A);
    recipient[count++] = *PpropFindProp(resolved, list->aEntries[0].cValues, PR_ADDRTYPE_A);
    recipient[count++] = *PpropFindProp(resolved, list->aEntries[0].cValues, PR_EMAIL_ADDRESS_A);
    recipient[count++] = *PpropFindProp(resolved, list->aEntries[0].cValues, PR_ENTRYID);
    assert_string_equal(recipient[2].Value.lpszA, "FXP");
    send_message(store_a, "Over the shared folder", count, recipient);
    FreePadrlist(list);
    directory->lpVtbl->Release(directory);
    book->lpVtbl->Release(book);

    /* Sent by Alice's spooler through the foreign transport, moved to Sent Items by DoSentMail... */
    assert_true(wait_count(sent_a, 1));
    assert_int_not_equal(log_find("xp:SubmitMessage alice recipients=1 hr=0"), -1);
    assert_int_not_equal(log_find("ms:FinishedMsg"), -1);
    assert_int_not_equal(log_find("ms:DoSentMail hr=0"), -1);
    /* ... and received by Bob's. */
    assert_true(wait_count(inbox_b, 1));
    assert_true(recorder_wait(&on_b, &on_b.newmail, 1));
    assert_int_equal(mailbox_files("bob"), 0);
    assert_int_not_equal(log_find("xp:StartMessage bob"), -1);

    received = first_message(store_b, inbox_b);
    value = get_prop((IMAPIProp *)received, PR_SUBJECT_A);
    assert_string_equal(value->Value.lpszA, "Over the shared folder");
    MAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)received, PR_SENDER_NAME_A);
    assert_string_equal(value->Value.lpszA, "alice");
    MAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)received, PR_RECEIVED_BY_EMAIL_ADDRESS_A);
    assert_string_equal(value->Value.lpszA, "bob");
    MAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)received, PR_MESSAGE_DELIVERY_TIME);
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, received->lpVtbl->OpenAttach(received, 0, NULL, 0, &attach));
    value = get_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN);
    assert_int_equal(value->Value.bin.cb, 4);
    assert_memory_equal(value->Value.bin.lpb, "peer", 4);
    MAPIFreeBuffer(value);
    attach->lpVtbl->Release(attach);
    assert_hr_equal(S_OK, received->lpVtbl->GetRecipientTable(received, 0, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, 1);
    table->lpVtbl->Release(table);

    /* Bob answers the sender: a one-off entry ID that names the transport's address type. */
    value = get_prop((IMAPIProp *)received, PR_SENDER_ENTRYID);
    count = 0;
    recipient[count].ulPropTag = PR_RECIPIENT_TYPE;
    recipient[count++].Value.l = MAPI_TO;
    recipient[count].ulPropTag = PR_DISPLAY_NAME_A;
    recipient[count++].Value.lpszA = (char *)"alice";
    recipient[count].ulPropTag = PR_ADDRTYPE_A;
    recipient[count++].Value.lpszA = (char *)"FXP";
    recipient[count].ulPropTag = PR_EMAIL_ADDRESS_A;
    recipient[count++].Value.lpszA = (char *)"alice";
    recipient[count++] = *value;
    recipient[count - 1].ulPropTag = PR_ENTRYID;
    send_message(store_b, "Re: Over the shared folder", count, recipient);
    MAPIFreeBuffer(value);
    received->lpVtbl->Release(received);
    assert_true(wait_count(inbox_a, 1));

    assert_hr_equal(S_OK, store_b->lpVtbl->Unadvise(store_b, connection));
    inbox_a->lpVtbl->Release(inbox_a);
    sent_a->lpVtbl->Release(sent_a);
    inbox_b->lpVtbl->Release(inbox_b);
    store_a->lpVtbl->Release(store_a);
    store_b->lpVtbl->Release(store_b);
    IMAPISession_Logoff(session_a, 0, 0, 0);
    IMAPISession_Release(session_a);
    IMAPISession_Logoff(session_b, 0, 0, 0);
    IMAPISession_Release(session_b);
    assert_int_not_equal(log_find("xp:TransportLogoff alice sent=1 received=1"), -1);
    assert_int_not_equal(log_find("xp:TransportLogoff bob sent=1 received=1"), -1);
    recorder_free(&on_b);
}

/* Submitted with no spooler running, the message waits in the store's
 * outgoing queue (its docfile says MSGFLAG_SUBMIT); the next mail session's
 * spooler sends it. */
static void test_queued_until_spooler(void **state)
{
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *outbox, *sent;
    SPropValue recipient[4];

    recipient[0].ulPropTag = PR_RECIPIENT_TYPE;
    recipient[0].Value.l = MAPI_TO;
    recipient[1].ulPropTag = PR_DISPLAY_NAME_A;
    recipient[1].Value.lpszA = (char *)"bob";
    recipient[2].ulPropTag = PR_ADDRTYPE_A;
    recipient[2].Value.lpszA = (char *)"FXP";
    recipient[3].ulPropTag = PR_EMAIL_ADDRESS_A;
    recipient[3].Value.lpszA = (char *)"bob";

    session = logon("tf xp a", MAPI_NO_MAIL);
    store = open_first_store(session);
    outbox = open_store_folder(store, PR_IPM_OUTBOX_ENTRYID);
    sent = open_store_folder(store, PR_IPM_SENTMAIL_ENTRYID);
    assert_int_equal(contents_count(outbox), 0);
    {
        ULONG before = contents_count(sent);

        send_message(store, "Waiting for a spooler", 4, recipient);
        Sleep(1500);
        assert_int_equal(contents_count(outbox), 1);
        assert_int_equal(contents_count(sent), before);
        outbox->lpVtbl->Release(outbox);
        sent->lpVtbl->Release(sent);
        store->lpVtbl->Release(store);
        IMAPISession_Logoff(session, 0, 0, 0);
        IMAPISession_Release(session);

        session = logon("tf xp a", 0);
        store = open_first_store(session);
        outbox = open_store_folder(store, PR_IPM_OUTBOX_ENTRYID);
        sent = open_store_folder(store, PR_IPM_SENTMAIL_ENTRYID);
        assert_true(wait_count(outbox, 0));
        assert_true(wait_count(sent, before + 1));
        assert_true(mailbox_files("bob") >= 1);
    }
    outbox->lpVtbl->Release(outbox);
    sent->lpVtbl->Release(sent);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_transport_logon),
        cmocka_unit_test(test_exchange),
        cmocka_unit_test(test_queued_until_spooler),
    };
    char filter[64];

    if (GetEnvironmentVariableA("FOREIGN_TEST", filter, sizeof(filter))) cmocka_set_test_filter(filter);
    return cmocka_run_group_tests(tests, setup, teardown);
}
