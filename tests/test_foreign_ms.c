/*
 * foreignms (tests/foreign_ms): a message store provider of a third party,
 * built with mingw-w64's SDK alone, driven through a real profile: its
 * service's configuration page, MAPI's "32" rule, its folders from
 * HrValidateIPMSubtree, messages kept as .msg docfiles (OpenIMsgOnIStg),
 * entry ID routing, notifications, its idle routine, submission, and what
 * is left on disk for the next session.
 */

#include "foreign_test.h"
#include "imessage.h"

static const char * const foreign_store[] = { "FOREIGNMS", NULL };
static char root[MAX_PATH];

static int setup(void **state)
{
    SPropValue props[2];

    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_test_dir(root, "fms");
    make_profile("tf ms", foreign_store, FALSE);
    props[0].ulPropTag = PR_FMS_ROOT;
    props[0].Value.lpszA = root;
    /* the idle routine every tenth of a second */
    props[1].ulPropTag = PR_FMS_IDLE_INTERVAL;
    props[1].Value.l = 10;
    assert_hr_equal(S_OK, configure_service("tf ms", "FOREIGNMS", 0, 2, props));
    return 0;
}

static int teardown(void **state)
{
    delete_profile("tf ms");
    remove_test_dir(root);
    MAPIUninitialize();
    return 0;
}

/* ---- helpers ---- */

static IMAPIFolder *open_folder(IMsgStore *store, ULONG size, const BYTE *entryid)
{
    IMAPIFolder *folder = NULL;
    ULONG type = 0;

    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, size, (ENTRYID *)entryid, &IID_IMAPIFolder, MAPI_MODIFY,
                                                   &type, (IUnknown **)&folder));
    assert_int_equal(type, MAPI_FOLDER);
    return folder;
}

static IMAPIFolder *open_store_folder(IMsgStore *store, ULONG tag)
{
    SPropValue *id = get_prop((IMAPIProp *)store, tag);
    IMAPIFolder *folder = open_folder(store, id->Value.bin.cb, id->Value.bin.lpb);

    MAPIFreeBuffer(id);
    return folder;
}

static IMAPIFolder *open_inbox(IMsgStore *store)
{
    IMAPIFolder *folder;
    ENTRYID *entryid;
    ULONG size;
    char *class;

    assert_hr_equal(S_OK, store->lpVtbl->GetReceiveFolder(store, (LPSTR)"IPM.Note", 0, &size, &entryid, &class));
    folder = open_folder(store, size, (BYTE *)entryid);
    MAPIFreeBuffer(entryid);
    MAPIFreeBuffer(class);
    return folder;
}

static ULONG row_count(IMAPITable *table)
{
    ULONG count = 0;

    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    return count;
}

static ULONG contents_count(IMAPIFolder *folder)
{
    IMAPITable *table;
    ULONG count;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, 0, &table));
    count = row_count(table);
    table->lpVtbl->Release(table);
    return count;
}

/* The names of a folder's subfolders, from its hierarchy table, joined by commas in name order. */
static void subfolder_names(IMAPIFolder *folder, char *names, size_t size)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_DISPLAY_NAME_A } };
    static const SizedSSortOrderSet(1, by_name) = { 1, 0, 0, { { PR_DISPLAY_NAME_A, TABLE_SORT_ASCEND } } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    names[0] = 0;
    assert_hr_equal(S_OK, folder->lpVtbl->GetHierarchyTable(folder, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, (SSortOrderSet *)&by_name, 0,
                                         &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (i) strncat(names, ",", size - strlen(names) - 1);
        strncat(names, rows->aRow[i].lpProps[0].Value.lpszA, size - strlen(names) - 1);
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
}

/* A saved message in a folder, with a recipient and an attachment. */
static IMessage *make_message(IMAPIFolder *folder, const char *subject)
{
    static const struct test_message message =
        { "Kept in a docfile of its own.", "Peer Bob", "SMTP", "bob@example.com", PR_ATTACH_FILENAME_A, "notes.txt",
          "notes" };

    return make_test_message(folder, subject, &message);
}

/* The .msg files in a folder's directory, named by the folder's number. */
static ULONG message_files(const BYTE *folder_entryid, char *first, size_t size)
{
    WIN32_FIND_DATAA find;
    char path[MAX_PATH];
    HANDLE handle;
    ULONG folder, count = 0;

    /* the provider's documented layout: flags, store UID, type, folder, message */
    memcpy(&folder, folder_entryid + 4 + 16 + 4, sizeof(folder));
    snprintf(path, sizeof(path), "%s\\F%08lX\\M*.msg", root, folder);
    if ((handle = FindFirstFileA(path, &find)) == INVALID_HANDLE_VALUE) return 0;
    do
    {
        if (!count && first) snprintf(first, size, "%s\\F%08lX\\%s", root, folder, find.cFileName);
        count++;
    }
    while (FindNextFileA(handle, &find));
    FindClose(handle);
    return count;
}

static IMsgStore *open_store(IMAPISession *session)
{
    return open_first_store(session);
}

/* ---- tests ---- */

/* The service's entry point reads its configuration page, a display table
 * built from its dialog resource, to know what it needs. */
static void test_service_configuration(void **state)
{
    SPropValue prop;
    IMAPISession *session;
    IMsgStore *store = NULL;
    MAPIERROR *error = NULL;
    SRowSet *rows;
    SBinary *entryid;
    char dir[MAX_PATH];

    log_reset();
    make_profile("tf msc", foreign_store, FALSE);
    /* Made with no folder: the service accepts it, to be configured later. */
    assert_int_not_equal(log_find("ms:ServiceEntry context=2 props=0"), -1);
    /* No MSProviderInit in this load of the DLL: the support object has MAPI's allocators. */
    assert_int_not_equal(log_find("ms:ServiceEntry allocators from GetMemAllocRoutines"), -1);
    assert_int_not_equal(log_find("ms:config table rows=3 required=1 label=Folder of the store:"), -1);

    /* Its store cannot be opened yet, and says why. */
    session = logon("tf msc", MAPI_NO_MAIL);
    entryid = first_store_entryid(session, &rows);
    assert_hr_equal(MAPI_E_UNCONFIGURED, IMAPISession_OpenMsgStore(session, 0, entryid->cb,
                                                                   (ENTRYID *)entryid->lpb, NULL, MDB_WRITE, &store));
    assert_null(store);
    FreeProws(rows);
    assert_hr_equal(S_OK, IMAPISession_GetLastError(session, MAPI_E_UNCONFIGURED, 0, &error));
    assert_non_null(error);
    assert_non_null(strstr(error->lpszError, "not configured"));
    MAPIFreeBuffer(error);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);

    /* Configured without the folder the page requires: refused. */
    log_reset();
    assert_hr_equal(MAPI_E_UNCONFIGURED, configure_service("tf msc", "FOREIGNMS", 0, 0, NULL));
    assert_int_not_equal(log_find("ms:ServiceEntry misses 0x6600001e"), -1);
    /* With UI allowed the page goes to DoConfigPropsheet, which shows nothing here. */
    assert_hr_equal(MAPI_E_UNCONFIGURED, configure_service("tf msc", "FOREIGNMS", SERVICE_UI_ALLOWED, 0, NULL));
    assert_int_not_equal(log_find("ms:DoConfigPropsheet hr=0x80040102"), -1);

    make_test_dir(dir, "fmsc");
    prop.ulPropTag = PR_FMS_ROOT;
    prop.Value.lpszA = dir;
    assert_hr_equal(S_OK, configure_service("tf msc", "FOREIGNMS", 0, 1, &prop));
    session = logon("tf msc", MAPI_NO_MAIL);
    store = open_store(session);
    assert_int_not_equal(log_find("ms:root from the service's section"), -1);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    delete_profile("tf msc");
    remove_test_dir(dir);
}

/* The profile names foreignms.dll; the file MAPI loads is foreignms32.dll. */
static void test_dll_name_rule(void **state)
{
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store;
    SPropValue *entryid;

    assert_int_equal(GetFileAttributesA("foreignms.dll"), INVALID_FILE_ATTRIBUTES);
    assert_null(GetModuleHandleA("foreignms32.dll"));
    store = open_store(session);
    assert_non_null(GetModuleHandleA("foreignms32.dll"));
    /* MAPI wraps the store's entry ID with the DLL name of the profile. */
    entryid = get_prop((IMAPIProp *)store, PR_ENTRYID);
    assert_true(entryid->Value.bin.cb > 22 + sizeof("foreignms.dll"));
    assert_string_equal((char *)entryid->Value.bin.lpb + 22, "foreignms.dll");
    MAPIFreeBuffer(entryid);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    assert_null(GetModuleHandleA("foreignms32.dll"));
}

/* The first logon makes the store and its standard folders. */
static void test_store_and_folders(void **state)
{
    static const SizedSPropTagArray(3, columns) = { 3, { PR_ENTRYID, PR_MDB_PROVIDER, PR_DISPLAY_NAME_A } };
    static const BYTE mdb_provider[16] = "FOREIGNMS STORE!";
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMAPIFolder *root_folder, *subtree, *inbox, *outbox;
    SPropValue *mask, *store_id, *inbox_id, *value, prop;
    IMAPITable *table;
    IMsgStore *store;
    ENTRYID *entryid;
    SRowSet *rows;
    ULONG size, type, count;
    IUnknown *unk;
    char *class, names[256];

    store = open_store(session);
    assert_int_not_equal(log_find("ms:wrapped entry ids agree=1"), -1);
    assert_int_not_equal(log_find("ms:HrValidateIPMSubtree hr=0 mask=0xff"), -1);

    mask = get_prop((IMAPIProp *)store, PR_VALID_FOLDER_MASK);
    assert_int_equal(mask->Value.l, 0xff);
    MAPIFreeBuffer(mask);
    value = get_prop((IMAPIProp *)store, PR_DISPLAY_NAME_A);
    assert_string_equal(value->Value.lpszA, "Foreign Store");
    MAPIFreeBuffer(value);
    /* ANSI in the docfile, Unicode when asked: OpenIMsgOnIStg's message converts. */
    value = get_prop((IMAPIProp *)store, PR_DISPLAY_NAME_W);
    assert_true(!wcscmp(value->Value.lpszW, L"Foreign Store"));
    MAPIFreeBuffer(value);

    /* The store wrote its wrapped entry ID into its profile section: the store table shows it. */
    store_id = get_prop((IMAPIProp *)store, PR_ENTRYID);
    assert_hr_equal(S_OK, IMAPISession_GetMsgStoresTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    assert_int_equal(rows->cRows, 1);
    assert_int_equal(rows->aRow[0].lpProps[0].Value.bin.cb, store_id->Value.bin.cb);
    assert_memory_equal(rows->aRow[0].lpProps[0].Value.bin.lpb, store_id->Value.bin.lpb, store_id->Value.bin.cb);
    assert_memory_equal(rows->aRow[0].lpProps[1].Value.bin.lpb, mdb_provider, 16);
    FreeProws(rows);

    root_folder = open_folder(store, 0, NULL);
    subfolder_names(root_folder, names, sizeof(names));
    assert_string_equal(names, "Common Views,Folder Views,IPM Subtree,Search Root");
    subtree = open_store_folder(store, PR_IPM_SUBTREE_ENTRYID);
    subfolder_names(subtree, names, sizeof(names));
    assert_string_equal(names, "Deleted Items,Inbox,Outbox,Sent Items");

    /* The Inbox receives every class; a class of its own goes elsewhere. */
    inbox = open_inbox(store);
    inbox_id = get_prop((IMAPIProp *)inbox, PR_ENTRYID);
    outbox = open_store_folder(store, PR_IPM_OUTBOX_ENTRYID);
    value = get_prop((IMAPIProp *)outbox, PR_ENTRYID);
    assert_hr_equal(S_OK, store->lpVtbl->SetReceiveFolder(store, (LPSTR)"IPM.Note.Special", 0, value->Value.bin.cb,
                                                          (ENTRYID *)value->Value.bin.lpb));
    assert_hr_equal(S_OK, store->lpVtbl->GetReceiveFolder(store, (LPSTR)"IPM.Note.Special.Sub", 0, &size, &entryid,
                                                          &class));
    assert_string_equal(class, "IPM.Note.Special");
    assert_memory_equal(entryid, value->Value.bin.lpb, size);
    MAPIFreeBuffer(entryid);
    MAPIFreeBuffer(class);
    assert_hr_equal(S_OK, store->lpVtbl->GetReceiveFolder(store, (LPSTR)"IPM.Note.Specialist", 0, &size, &entryid,
                                                          &class));
    assert_string_equal(class, "");
    assert_memory_equal(entryid, inbox_id->Value.bin.lpb, size);
    MAPIFreeBuffer(entryid);
    MAPIFreeBuffer(class);
    assert_hr_equal(S_OK, store->lpVtbl->SetReceiveFolder(store, (LPSTR)"IPM.Note.Special", 0, 0, NULL));
    assert_hr_equal(S_OK, store->lpVtbl->GetReceiveFolderTable(store, 0, &table));
    assert_int_equal(row_count(table), 1);
    table->lpVtbl->Release(table);
    MAPIFreeBuffer(value);

    /* Folders are found through the session too: their entry IDs start with the store's UID. */
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, inbox_id->Value.bin.cb, (ENTRYID *)inbox_id->Value.bin.lpb,
                                                 NULL, 0, &type, &unk));
    assert_int_equal(type, MAPI_FOLDER);
    assert_int_equal(contents_count((IMAPIFolder *)unk), 0);
    unk->lpVtbl->Release(unk);
    MAPIFreeBuffer(inbox_id);

    /* A folder of our own, once only. */
    {
        IMAPIFolder *first, *again;
        SPropValue *id1, *id2;

        assert_hr_equal(S_OK, subtree->lpVtbl->CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"Projects",
                                                            (LPSTR)"ours", NULL, 0, (IMAPIFolder *)&first));
        assert_hr_equal(MAPI_E_COLLISION, subtree->lpVtbl->CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"projects",
                                                                        NULL, NULL, 0, (IMAPIFolder *)&again));
        assert_hr_equal(S_OK, subtree->lpVtbl->CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"Projects", NULL, NULL,
                                                            OPEN_IF_EXISTS, (IMAPIFolder *)&again));
        id1 = get_prop((IMAPIProp *)first, PR_ENTRYID);
        id2 = get_prop((IMAPIProp *)again, PR_ENTRYID);
        assert_memory_equal(id1->Value.bin.lpb, id2->Value.bin.lpb, id1->Value.bin.cb);
        value = get_prop((IMAPIProp *)first, PR_COMMENT_A);
        assert_string_equal(value->Value.lpszA, "ours");
        MAPIFreeBuffer(value);
        subfolder_names(subtree, names, sizeof(names));
        assert_string_equal(names, "Deleted Items,Inbox,Outbox,Projects,Sent Items");
        assert_hr_equal(S_OK, subtree->lpVtbl->DeleteFolder(subtree, id1->Value.bin.cb, (ENTRYID *)id1->Value.bin.lpb,
                                                            0, NULL, 0));
        subfolder_names(subtree, names, sizeof(names));
        assert_string_equal(names, "Deleted Items,Inbox,Outbox,Sent Items");
        assert_hr_equal(MAPI_E_NOT_FOUND, first->lpVtbl->GetProps(first, NULL, 0, &count, &value));
        MAPIFreeBuffer(id1);
        MAPIFreeBuffer(id2);
        first->lpVtbl->Release(first);
        again->lpVtbl->Release(again);
    }

    /* Bad input, as mapival.h's checks answer it for the store. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->GetProps(store, NULL, 0, NULL, &value));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, store->lpVtbl->OpenEntry(store, 0, NULL, NULL, 0x40000000, &type, &unk));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, store->lpVtbl->OpenEntry(store, 5, (ENTRYID *)"bogus", NULL, 0, &type,
                                                                     &unk));
    assert_hr_equal(MAPI_E_BAD_CHARWIDTH, store->lpVtbl->GetReceiveFolder(store, NULL, MAPI_UNICODE, &size, &entryid,
                                                                          NULL));
    assert_hr_equal(MAPI_E_BAD_CHARWIDTH, inbox->lpVtbl->GetContentsTable(inbox, MAPI_UNICODE, &table));
    prop.ulPropTag = PR_ENTRYID;
    prop.Value.bin.cb = 1;
    prop.Value.bin.lpb = (BYTE *)"x";
    {
        SPropProblemArray *problems = NULL;

        assert_hr_equal(S_OK, inbox->lpVtbl->SetProps(inbox, 1, &prop, &problems));
        assert_non_null(problems);
        assert_int_equal(problems->cProblem, 1);
        assert_hr_equal(MAPI_E_COMPUTED, problems->aProblem[0].scode);
        MAPIFreeBuffer(problems);
    }

    outbox->lpVtbl->Release(outbox);
    inbox->lpVtbl->Release(inbox);
    subtree->lpVtbl->Release(subtree);
    root_folder->lpVtbl->Release(root_folder);
    MAPIFreeBuffer(store_id);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* Messages are docfiles: what the store saved, OpenIMsgOnIStg reads back. */
static void test_messages(void **state)
{
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    IMAPIFolder *inbox = open_inbox(store), *trash = open_store_folder(store, PR_IPM_WASTEBASKET_ENTRYID);
    IMessage *message, *opened, *from_file;
    SPropValue *entryid, *inbox_id, *trash_id, *subject;
    IMAPITable *table;
    IStorage *storage;
    LPMSGSESS msg_session;
    ENTRYLIST list;
    ULONG type, count;
    IAttach *attach;
    char path[MAX_PATH];
    WCHAR wpath[MAX_PATH];

    message = make_message(inbox, "Hello docfile");
    entryid = get_prop((IMAPIProp *)message, PR_ENTRYID);
    inbox_id = get_prop((IMAPIProp *)inbox, PR_ENTRYID);
    trash_id = get_prop((IMAPIProp *)trash, PR_ENTRYID);
    message->lpVtbl->Release(message);

    /* One docfile in the Inbox's directory, and an IMessage on it says what was saved. */
    assert_int_equal(message_files(inbox_id->Value.bin.lpb, path, sizeof(path)), 1);
    MultiByteToWideChar(CP_ACP, 0, path, -1, wpath, MAX_PATH);
    assert_hr_equal(S_OK, StgIsStorageFile(wpath));
    assert_hr_equal(S_OK, StgOpenStorage(wpath, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, &storage));
    assert_hr_equal(S_OK, OpenIMsgSession(MAPIGetDefaultMalloc(), 0, &msg_session));
    assert_hr_equal(S_OK, OpenIMsgOnIStg(msg_session, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                         MAPIGetDefaultMalloc(), NULL, storage, NULL, 0, 0, &from_file));
    subject = get_prop((IMAPIProp *)from_file, PR_SUBJECT_A);
    assert_string_equal(subject->Value.lpszA, "Hello docfile");
    MAPIFreeBuffer(subject);
    assert_hr_equal(S_OK, from_file->lpVtbl->GetAttachmentTable(from_file, 0, &table));
    assert_int_equal(row_count(table), 1);
    table->lpVtbl->Release(table);
    from_file->lpVtbl->Release(from_file);
    storage->lpVtbl->Release(storage);
    CloseIMsgSession(msg_session);

    /* The contents table has it; the session routes its entry ID to the store. */
    assert_int_equal(contents_count(inbox), 1);
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, entryid->Value.bin.cb, (ENTRYID *)entryid->Value.bin.lpb,
                                                 NULL, 0, &type, (IUnknown **)&opened));
    assert_int_equal(type, MAPI_MESSAGE);
    subject = get_prop((IMAPIProp *)opened, PR_SUBJECT_A);
    assert_string_equal(subject->Value.lpszA, "Hello docfile");
    MAPIFreeBuffer(subject);
    subject = get_prop((IMAPIProp *)opened, PR_PARENT_ENTRYID);
    assert_memory_equal(subject->Value.bin.lpb, inbox_id->Value.bin.lpb, inbox_id->Value.bin.cb);
    MAPIFreeBuffer(subject);
    assert_hr_equal(S_OK, opened->lpVtbl->GetRecipientTable(opened, 0, &table));
    assert_int_equal(row_count(table), 1);
    table->lpVtbl->Release(table);
    assert_hr_equal(S_OK, opened->lpVtbl->OpenAttach(opened, 0, NULL, 0, &attach));
    subject = get_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN);
    assert_int_equal(subject->Value.bin.cb, 5);
    assert_memory_equal(subject->Value.bin.lpb, "notes", 5);
    MAPIFreeBuffer(subject);
    attach->lpVtbl->Release(attach);
    /* Opened read-only: the store says no to changes. */
    assert_hr_equal(MAPI_E_NO_ACCESS, opened->lpVtbl->SetProps(opened, 1, entryid, NULL));
    opened->lpVtbl->Release(opened);

    /* CompareEntryIDs of the session asks the store. */
    assert_hr_equal(S_OK, IMAPISession_CompareEntryIDs(session, entryid->Value.bin.cb,
                                                       (ENTRYID *)entryid->Value.bin.lpb, entryid->Value.bin.cb,
                                                       (ENTRYID *)entryid->Value.bin.lpb, 0, &count));
    assert_true(count);
    assert_hr_equal(S_OK, IMAPISession_CompareEntryIDs(session, entryid->Value.bin.cb,
                                                       (ENTRYID *)entryid->Value.bin.lpb, inbox_id->Value.bin.cb,
                                                       (ENTRYID *)inbox_id->Value.bin.lpb, 0, &count));
    assert_false(count);

    /* Moved to Deleted Items: the file follows, the tables too. */
    list.cValues = 1;
    list.lpbin = &entryid->Value.bin;
    assert_hr_equal(S_OK, inbox->lpVtbl->CopyMessages(inbox, &list, NULL, trash, 0, NULL, MESSAGE_MOVE));
    assert_int_equal(contents_count(inbox), 0);
    assert_int_equal(contents_count(trash), 1);
    assert_int_equal(message_files(inbox_id->Value.bin.lpb, NULL, 0), 0);
    assert_int_equal(message_files(trash_id->Value.bin.lpb, NULL, 0), 1);
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPISession_OpenEntry(session, entryid->Value.bin.cb,
                                                             (ENTRYID *)entryid->Value.bin.lpb, NULL, 0, &type,
                                                             (IUnknown **)&opened));
    MAPIFreeBuffer(entryid);
    assert_hr_equal(S_OK, trash->lpVtbl->EmptyFolder(trash, 0, NULL, 0));
    assert_int_equal(contents_count(trash), 0);
    assert_int_equal(message_files(trash_id->Value.bin.lpb, NULL, 0), 0);

    MAPIFreeBuffer(inbox_id);
    MAPIFreeBuffer(trash_id);
    trash->lpVtbl->Release(trash);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* Folder copies are MAPI's (IMAPISupport::CopyFolder, DoCopyProps), made
 * with the store's own CreateFolder, contents tables and CopyMessages. */
static void test_copy_folder(void **state)
{
    static const SizedSPropTagArray(1, comment) = { 1, { PR_COMMENT_A } };
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    IMAPIFolder *subtree = open_store_folder(store, PR_IPM_SUBTREE_ENTRYID);
    IMAPIFolder *trash = open_store_folder(store, PR_IPM_WASTEBASKET_ENTRYID);
    IMAPIFolder *source, *copy;
    IMessage *message;
    SPropValue *id, *value;
    SPropProblemArray *problems = NULL;
    char names[256];
    ULONG type;

    assert_hr_equal(S_OK, subtree->lpVtbl->CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"Source", (LPSTR)"to copy",
                                                        NULL, 0, (IMAPIFolder *)&source));
    message = make_message(source, "one");
    message->lpVtbl->Release(message);
    message = make_message(source, "two");
    message->lpVtbl->Release(message);
    id = get_prop((IMAPIProp *)source, PR_ENTRYID);
    assert_hr_equal(S_OK, subtree->lpVtbl->CopyFolder(subtree, id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb, NULL,
                                                      trash, (LPSTR)"Copied", 0, NULL, 0));
    subfolder_names(trash, names, sizeof(names));
    assert_string_equal(names, "Copied");
    subfolder_names(subtree, names, sizeof(names));
    assert_string_equal(names, "Deleted Items,Inbox,Outbox,Sent Items,Source");
    MAPIFreeBuffer(id);

    {
        static const SizedSPropTagArray(1, columns) = { 1, { PR_ENTRYID } };
        IMAPITable *table;
        SRowSet *rows;

        assert_hr_equal(S_OK, trash->lpVtbl->GetHierarchyTable(trash, 0, &table));
        assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
        table->lpVtbl->Release(table);
        assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, rows->aRow[0].lpProps[0].Value.bin.cb,
                                                       (ENTRYID *)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL,
                                                       MAPI_MODIFY, &type, (IUnknown **)&copy));
        FreeProws(rows);
    }
    assert_int_equal(contents_count(copy), 2);
    assert_int_equal(contents_count(source), 2);
    /* A property of one folder onto the other. */
    assert_hr_equal(S_OK, source->lpVtbl->CopyProps(source, (SPropTagArray *)&comment, 0, NULL, &IID_IMAPIFolder,
                                                    copy, 0, &problems));
    MAPIFreeBuffer(problems);
    value = get_prop((IMAPIProp *)copy, PR_COMMENT_A);
    assert_string_equal(value->Value.lpszA, "to copy");
    MAPIFreeBuffer(value);

    id = get_prop((IMAPIProp *)copy, PR_ENTRYID);
    assert_hr_equal(MAPI_E_HAS_MESSAGES, trash->lpVtbl->DeleteFolder(trash, id->Value.bin.cb,
                                                                     (ENTRYID *)id->Value.bin.lpb, 0, NULL, 0));
    assert_hr_equal(S_OK, trash->lpVtbl->DeleteFolder(trash, id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb, 0,
                                                      NULL, DEL_MESSAGES));
    MAPIFreeBuffer(id);
    id = get_prop((IMAPIProp *)source, PR_ENTRYID);
    assert_hr_equal(S_OK, subtree->lpVtbl->DeleteFolder(subtree, id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb, 0,
                                                        NULL, DEL_MESSAGES | DEL_FOLDERS));
    MAPIFreeBuffer(id);
    copy->lpVtbl->Release(copy);
    source->lpVtbl->Release(source);
    trash->lpVtbl->Release(trash);
    subtree->lpVtbl->Release(subtree);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* What the store tells through MAPI's notification engine, and the folder
 * counts it keeps from its own subscription. */
static void test_notifications(void **state)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_A, PR_CONTENT_COUNT } };
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    IMAPIFolder *inbox = open_inbox(store), *subtree = open_store_folder(store, PR_IPM_SUBTREE_ENTRYID);
    struct recorder on_store, on_table, on_inbox;
    ULONG_PTR store_connection = 0, table_connection = 0, inbox_connection = 0;
    SPropValue *entryid, prop, inbox_name, *inbox_id;
    SRestriction restriction;
    NOTIFICATION newmail;
    IMAPITable *contents, *hierarchy;
    IMessage *message;
    SRowSet *rows;
    ENTRYLIST list;

    recorder_init(&on_store);
    recorder_init(&on_table);
    assert_hr_equal(S_OK, store->lpVtbl->Advise(store, 0, NULL, fnevObjectCreated | fnevObjectModified |
                                                fnevObjectDeleted | fnevNewMail, on_store.sink,
                                                (ULONG *)&store_connection));
    assert_true(store_connection != 0);
    assert_hr_equal(S_OK, inbox->lpVtbl->GetContentsTable(inbox, 0, &contents));
    assert_hr_equal(S_OK, contents->lpVtbl->Advise(contents, fnevTableModified, on_table.sink,
                                                   (ULONG *)&table_connection));

    /* The session's Advise on the Inbox goes to the store's logon: the folder's events. */
    recorder_init(&on_inbox);
    inbox_id = get_prop((IMAPIProp *)inbox, PR_ENTRYID);
    assert_hr_equal(S_OK, IMAPISession_Advise(session, inbox_id->Value.bin.cb, (ENTRYID *)inbox_id->Value.bin.lpb,
                                              fnevObjectCreated, on_inbox.sink, (ULONG *)&inbox_connection));

    message = make_message(inbox, "Told");
    entryid = get_prop((IMAPIProp *)message, PR_ENTRYID);
    assert_true(recorder_wait(&on_inbox, &on_inbox.created, 1));
    assert_memory_equal(on_inbox.entryid, entryid->Value.bin.lpb, entryid->Value.bin.cb);
    assert_hr_equal(S_OK, IMAPISession_Unadvise(session, inbox_connection));
    MAPIFreeBuffer(inbox_id);
    recorder_free(&on_inbox);
    assert_true(recorder_wait(&on_store, &on_store.created, 1));
    assert_int_equal(on_store.last_type, MAPI_MESSAGE);
    assert_int_equal(on_store.entryid_size, entryid->Value.bin.cb);
    assert_memory_equal(on_store.entryid, entryid->Value.bin.lpb, entryid->Value.bin.cb);
    assert_true(recorder_wait(&on_table, &on_table.table_added, 1));

    /* The Inbox's count in IPM Subtree's hierarchy table: kept by the store's own sink. */
    assert_hr_equal(S_OK, subtree->lpVtbl->GetHierarchyTable(subtree, 0, &hierarchy));
    restriction.rt = RES_CONTENT;
    restriction.res.resContent.ulFuzzyLevel = FL_FULLSTRING;
    restriction.res.resContent.ulPropTag = PR_DISPLAY_NAME_A;
    inbox_name.ulPropTag = PR_DISPLAY_NAME_A;
    inbox_name.Value.lpszA = (char *)"Inbox";
    restriction.res.resContent.lpProp = &inbox_name;
    assert_hr_equal(S_OK, HrQueryAllRows(hierarchy, (SPropTagArray *)&columns, &restriction, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_int_equal(rows->aRow[0].lpProps[1].Value.l, 1);
    FreeProws(rows);
    {
        IMessage *second = make_message(inbox, "Counted");
        second->lpVtbl->Release(second);
    }
    assert_hr_equal(S_OK, HrQueryAllRows(hierarchy, (SPropTagArray *)&columns, &restriction, NULL, 0, &rows));
    assert_int_equal(rows->aRow[0].lpProps[1].Value.l, 2);
    FreeProws(rows);

    prop.ulPropTag = PR_SUBJECT_A;
    prop.Value.lpszA = (char *)"Told again";
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 1, &prop, NULL));
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));
    assert_true(recorder_wait(&on_store, &on_store.modified, 1));
    assert_true(recorder_wait(&on_table, &on_table.table_modified, 1));
    message->lpVtbl->Release(message);

    /* NotifyNewMail, as the spooler calls it for a delivered message. */
    memset(&newmail, 0, sizeof(newmail));
    newmail.ulEventType = fnevNewMail;
    newmail.info.newmail.cbEntryID = entryid->Value.bin.cb;
    newmail.info.newmail.lpEntryID = (ENTRYID *)entryid->Value.bin.lpb;
    newmail.info.newmail.lpszMessageClass = (LPSTR)"IPM.Note";
    assert_hr_equal(S_OK, store->lpVtbl->NotifyNewMail(store, &newmail));
    assert_true(recorder_wait(&on_store, &on_store.newmail, 1));
    assert_memory_equal(on_store.entryid, entryid->Value.bin.lpb, entryid->Value.bin.cb);

    list.cValues = 1;
    list.lpbin = &entryid->Value.bin;
    assert_hr_equal(S_OK, inbox->lpVtbl->DeleteMessages(inbox, &list, 0, NULL, 0));
    assert_true(recorder_wait(&on_store, &on_store.deleted, 1));
    assert_true(recorder_wait(&on_table, &on_table.table_deleted, 1));
    assert_hr_equal(S_OK, HrQueryAllRows(hierarchy, (SPropTagArray *)&columns, &restriction, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_int_equal(rows->aRow[0].lpProps[1].Value.l, 1);
    FreeProws(rows);
    hierarchy->lpVtbl->Release(hierarchy);

    assert_hr_equal(S_OK, contents->lpVtbl->Unadvise(contents, table_connection));
    assert_hr_equal(S_OK, store->lpVtbl->Unadvise(store, store_connection));
    contents->lpVtbl->Release(contents);
    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    MAPIFreeBuffer(entryid);
    subtree->lpVtbl->Release(subtree);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    recorder_free(&on_store);
    recorder_free(&on_table);
}

/* The tables' views carry a pointer of the store's in their caller data:
 * it comes back whole to the release callback, above 4 GB. */
static void test_view_caller_data(void **state)
{
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *inbox;
    IMAPITable *table;
    int created, released;

    log_reset();
    session = logon("tf ms", MAPI_NO_MAIL);
    store = open_store(session);
    inbox = open_inbox(store);
    assert_hr_equal(S_OK, inbox->lpVtbl->GetContentsTable(inbox, 0, &table));
    assert_int_equal(log_count("ms:view released"), 0);
    table->lpVtbl->Release(table);
    assert_int_equal(log_count("ms:view released high=1 magic=ok"), 1);
    assert_hr_equal(S_OK, inbox->lpVtbl->GetHierarchyTable(inbox, 0, &table));
    table->lpVtbl->Release(table);
    assert_int_equal(log_count("ms:view released high=1 magic=ok"), 2);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);

    created = log_count("ms:view created high=1");
    released = log_count("ms:view released high=1 magic=ok");
    assert_true(created >= 2);
    assert_int_equal(created, released);
    assert_int_equal(log_count("ms:view created high=0"), 0);
}

/* The idle routine takes in a message file that came from outside the store,
 * and tells of it in one batch of notifications. */
static void test_idle_routine(void **state)
{
    struct recorder on_table, on_store;
    ULONG_PTR table_connection = 0, store_connection = 0;
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *inbox;
    SPropValue *inbox_id;
    IMAPITable *contents;
    IMessage *message;
    char path[MAX_PATH], copy[MAX_PATH];

    log_reset();
    session = logon("tf ms", MAPI_NO_MAIL);
    store = open_store(session);
    assert_int_not_equal(log_find("ms:idle routine registered"), -1);
    inbox = open_inbox(store);
    recorder_init(&on_table);
    recorder_init(&on_store);
    assert_hr_equal(S_OK, store->lpVtbl->Advise(store, 0, NULL, fnevObjectCreated | fnevObjectDeleted,
                                                on_store.sink, (ULONG *)&store_connection));
    assert_hr_equal(S_OK, inbox->lpVtbl->GetContentsTable(inbox, 0, &contents));
    /* Registered disabled, enabled once there is a folder to watch (at the latest now). */
    assert_int_not_equal(log_find("ms:idle routine enabled"), -1);
    assert_true(log_find("ms:idle routine registered") < log_find("ms:idle routine enabled"));
    assert_hr_equal(S_OK, contents->lpVtbl->Advise(contents, fnevTableModified, on_table.sink,
                                                   (ULONG *)&table_connection));
    message = make_message(inbox, "Original");
    message->lpVtbl->Release(message);
    assert_true(recorder_wait(&on_table, &on_table.table_added, 1));
    assert_true(recorder_wait(&on_store, &on_store.created, 1));

    inbox_id = get_prop((IMAPIProp *)inbox, PR_ENTRYID);
    assert_int_equal(message_files(inbox_id->Value.bin.lpb, path, sizeof(path)), 1);
    strcpy(copy, path);
    strcpy(strrchr(copy, '\\') + 1, "M0000F000.msg");
    assert_true(CopyFileA(path, copy, TRUE));
    assert_true(recorder_wait(&on_table, &on_table.table_added, 2));
    assert_int_equal(row_count(contents), 2);
    assert_true(recorder_wait(&on_store, &on_store.created, 2));
    assert_int_not_equal(log_find("ms:idle found M0000F000"), -1);

    assert_true(DeleteFileA(copy));
    assert_true(recorder_wait(&on_table, &on_table.table_deleted, 1));
    assert_int_equal(row_count(contents), 1);
    assert_true(recorder_wait(&on_store, &on_store.deleted, 1));
    assert_int_not_equal(log_find("ms:idle lost M0000F000"), -1);

    contents->lpVtbl->Unadvise(contents, table_connection);
    store->lpVtbl->Unadvise(store, store_connection);
    contents->lpVtbl->Release(contents);
    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    MAPIFreeBuffer(inbox_id);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    recorder_free(&on_table);
    recorder_free(&on_store);
}

/* SubmitMessage: PrepareSubmit and ExpandRecips of the support object, then
 * the outgoing queue; AbortSubmit takes it back. */
static void test_submit(void **state)
{
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    IMAPIFolder *outbox = open_store_folder(store, PR_IPM_OUTBOX_ENTRYID);
    IMessage *message, *opened;
    SPropValue *entryid, *flags, prop;
    ULONG type;

    log_reset();
    message = make_message(outbox, "Going out");
    entryid = get_prop((IMAPIProp *)message, PR_ENTRYID);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, message->lpVtbl->SubmitMessage(message, 0x80));
    assert_hr_equal(S_OK, message->lpVtbl->SubmitMessage(message, 0));
    assert_int_not_equal(log_find("ms:SubmitMessage"), -1);
    /* ExpandRecips says the spooler sends it. */
    assert_int_not_equal(log_find("ms:SubmitMessage M"), -1);
    {
        char *text = log_read();
        assert_non_null(strstr(text, "expand=0x2 hr=0"));
        free(text);
    }
    prop.ulPropTag = PR_SUBJECT_A;
    prop.Value.lpszA = (char *)"changed";
    assert_hr_equal(MAPI_E_NO_ACCESS, message->lpVtbl->SetProps(message, 1, &prop, NULL));
    message->lpVtbl->Release(message);

    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, entryid->Value.bin.cb, (ENTRYID *)entryid->Value.bin.lpb,
                                                   NULL, 0, &type, (IUnknown **)&opened));
    flags = get_prop((IMAPIProp *)opened, PR_MESSAGE_FLAGS);
    assert_true(flags->Value.l & MSGFLAG_SUBMIT);
    MAPIFreeBuffer(flags);
    flags = get_prop((IMAPIProp *)opened, PR_CLIENT_SUBMIT_TIME);
    MAPIFreeBuffer(flags);
    opened->lpVtbl->Release(opened);

    /* Only the spooler's logon has the queue. */
    {
        IMAPITable *queue;
        assert_hr_equal(MAPI_E_NO_SUPPORT, store->lpVtbl->GetOutgoingQueue(store, 0, &queue));
    }
    assert_hr_equal(S_OK, store->lpVtbl->AbortSubmit(store, entryid->Value.bin.cb, (ENTRYID *)entryid->Value.bin.lpb,
                                                     0));
    assert_hr_equal(MAPI_E_NOT_IN_QUEUE, store->lpVtbl->AbortSubmit(store, entryid->Value.bin.cb,
                                                                    (ENTRYID *)entryid->Value.bin.lpb, 0));
    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, entryid->Value.bin.cb, (ENTRYID *)entryid->Value.bin.lpb,
                                                   NULL, 0, &type, (IUnknown **)&opened));
    flags = get_prop((IMAPIProp *)opened, PR_MESSAGE_FLAGS);
    assert_false(flags->Value.l & MSGFLAG_SUBMIT);
    MAPIFreeBuffer(flags);
    opened->lpVtbl->Release(opened);

    assert_hr_equal(S_OK, outbox->lpVtbl->EmptyFolder(outbox, 0, NULL, 0));
    MAPIFreeBuffer(entryid);
    outbox->lpVtbl->Release(outbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* StoreLogoff keeps its flag for the last Release, which tells MAPI. */
static void test_store_logoff(void **state)
{
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    ULONG flags;

    log_reset();
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, NULL));
    flags = LOGOFF_ABORT | LOGOFF_ORDERLY;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->StoreLogoff(store, &flags));
    flags = 0x100;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, store->lpVtbl->StoreLogoff(store, &flags));
    flags = LOGOFF_NO_WAIT;
    assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
    assert_int_equal(flags, 0);
    /* A message waiting in the outgoing queue: the store says so. */
    {
        IMAPIFolder *outbox = open_store_folder(store, PR_IPM_OUTBOX_ENTRYID);
        IMessage *message = make_message(outbox, "Queued at logoff");

        assert_hr_equal(S_OK, message->lpVtbl->SubmitMessage(message, 0));
        message->lpVtbl->Release(message);
        flags = LOGOFF_ORDERLY;
        assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
        assert_int_equal(flags, LOGOFF_OUTBOUND_QUEUE);
        assert_hr_equal(S_OK, outbox->lpVtbl->EmptyFolder(outbox, 0, NULL, 0));
        flags = 0;
        assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
        assert_int_equal(flags, 0);
        outbox->lpVtbl->Release(outbox);
    }
    store->lpVtbl->Release(store);
    /* The last flag given (0 is LOGOFF_ORDERLY) goes to MAPI. */
    assert_int_not_equal(log_find("ms:StoreLogoffTransports hr=0 flags=0x10000 spooler=0"), -1);
    assert_int_not_equal(log_find("ms:IMSLogon::Logoff store=gone"), -1);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* What a program still holds after its session's Logoff is invalid: MakeInvalid's stubs. */
static void test_logoff_invalidates(void **state)
{
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    IMessage *message = make_message(inbox, "Held");
    SPropValue *value;
    ULONG count;

    log_reset();
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_int_not_equal(log_find("ms:IMSLogon::Logoff store=held"), -1);
    assert_int_not_equal(log_find("ms:invalidated objects=2 store refs=1"), -1);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, store->lpVtbl->GetProps(store, NULL, 0, &count, &value));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, inbox->lpVtbl->GetProps(inbox, NULL, 0, &count, &value));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);

    /* The message was saved before: the next session finds it, and takes it out. */
    session = logon("tf ms", MAPI_NO_MAIL);
    store = open_store(session);
    inbox = open_inbox(store);
    assert_int_equal(contents_count(inbox), 1);
    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* Everything is in the docfiles: a new session, a new load of the DLL, the same store. */
static void test_reopen_after_logoff(void **state)
{
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    IMAPIFolder *inbox = open_inbox(store), *subtree = open_store_folder(store, PR_IPM_SUBTREE_ENTRYID), *kept;
    IMessage *message = make_message(inbox, "Persisted");
    SPropValue *store_id, *message_id, *value;
    IMessage *opened;
    ULONG type;
    char names[256];

    store_id = get_prop((IMAPIProp *)store, PR_ENTRYID);
    message_id = get_prop((IMAPIProp *)message, PR_ENTRYID);
    message->lpVtbl->Release(message);
    assert_hr_equal(S_OK, subtree->lpVtbl->CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"Kept", NULL, NULL, 0,
                                                        (IMAPIFolder *)&kept));
    kept->lpVtbl->Release(kept);
    subtree->lpVtbl->Release(subtree);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    assert_null(GetModuleHandleA("foreignms32.dll"));

    log_reset();
    session = logon("tf ms", MAPI_NO_MAIL);
    store = open_store(session);
    assert_int_equal(log_find("ms:store created"), -1);
    assert_int_equal(log_find("ms:CreateFolder"), -1);
    value = get_prop((IMAPIProp *)store, PR_ENTRYID);
    assert_int_equal(value->Value.bin.cb, store_id->Value.bin.cb);
    assert_memory_equal(value->Value.bin.lpb, store_id->Value.bin.lpb, store_id->Value.bin.cb);
    MAPIFreeBuffer(value);
    subtree = open_store_folder(store, PR_IPM_SUBTREE_ENTRYID);
    subfolder_names(subtree, names, sizeof(names));
    assert_string_equal(names, "Deleted Items,Inbox,Kept,Outbox,Sent Items");
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, message_id->Value.bin.cb,
                                                 (ENTRYID *)message_id->Value.bin.lpb, NULL, 0, &type,
                                                 (IUnknown **)&opened));
    value = get_prop((IMAPIProp *)opened, PR_SUBJECT_A);
    assert_string_equal(value->Value.lpszA, "Persisted");
    MAPIFreeBuffer(value);
    opened->lpVtbl->Release(opened);
    inbox = open_inbox(store);
    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    inbox->lpVtbl->Release(inbox);
    subtree->lpVtbl->Release(subtree);
    MAPIFreeBuffer(store_id);
    MAPIFreeBuffer(message_id);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    /* Every docfile the store opened was closed (OpenIMsgOnIStg's release callback). */
    assert_int_not_equal(log_find("ms:Shutdown docfiles=0"), -1);
}

/* Two logons to the store in one session share its data: what one saves,
 * the other's table shows; entry IDs still route when the first one goes. */
static void test_two_logons(void **state)
{
    IMAPISession *session = logon("tf ms", MAPI_NO_MAIL);
    IMsgStore *first = open_store(session), *second = open_store(session);
    IMAPIFolder *inbox1 = open_inbox(first), *inbox2 = open_inbox(second);
    IMessage *message = make_message(inbox1, "Shared");
    SPropValue *entryid, *value;
    IMessage *opened;
    ULONG type;

    assert_int_equal(contents_count(inbox2), 1);
    entryid = get_prop((IMAPIProp *)message, PR_ENTRYID);
    message->lpVtbl->Release(message);
    inbox1->lpVtbl->Release(inbox1);
    first->lpVtbl->Release(first);

    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, entryid->Value.bin.cb, (ENTRYID *)entryid->Value.bin.lpb,
                                                 NULL, 0, &type, (IUnknown **)&opened));
    value = get_prop((IMAPIProp *)opened, PR_SUBJECT_A);
    assert_string_equal(value->Value.lpszA, "Shared");
    MAPIFreeBuffer(value);
    opened->lpVtbl->Release(opened);
    assert_hr_equal(S_OK, inbox2->lpVtbl->EmptyFolder(inbox2, 0, NULL, 0));
    MAPIFreeBuffer(entryid);
    inbox2->lpVtbl->Release(inbox2);
    second->lpVtbl->Release(second);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* A mail session's spooler logs on to the store a client opened, with the
 * store's own entry ID, as IMSProvider::Logon gets it, and watches its queue. */
static void test_spooler_logon(void **state)
{
    IMAPISession *session;
    IMsgStore *store;
    DWORD start;

    log_reset();
    session = logon("tf ms", 0);
    store = open_store(session);
    start = GetTickCount();
    while (log_find("ms:SpoolerLogon") == -1 && GetTickCount() - start < 10000) Sleep(50);
    assert_int_not_equal(log_find("ms:SpoolerLogon flags=0x5 entryid=32 hr=0"), -1);
    /* The spooler watches the queue, with no flags, which the store's mapival.h check wants. */
    while (log_find("ms:GetOutgoingQueue") == -1 && GetTickCount() - start < 10000) Sleep(50);
    assert_int_not_equal(log_find("ms:GetOutgoingQueue hr=0"), -1);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    assert_int_not_equal(log_find("ms:IMSLogon::Release spooler=1"), -1);
}

/* ---- copies of IMAPISupport between stores ---- */

static IMAPIFolder *create_folder_w(IMAPIFolder *parent, const WCHAR *name)
{
    IMAPIFolder *folder = NULL;

    assert_hr_equal(S_OK, parent->lpVtbl->CreateFolder(parent, FOLDER_GENERIC, (LPSTR)name, NULL, NULL,
                                                       MAPI_UNICODE, (IMAPIFolder *)&folder));
    return folder;
}

#define PR_SQLMS_DATABASE_PATH_A PROP_TAG(PT_STRING8, 0x6700)
#define PR_FMS_ANSI_ONLY PROP_TAG(PT_LONG, 0x6602)

/* Texts a copy must keep: in Unicode, characters no code page has (Greek, CJK, an emoji as a
 * surrogate pair); for a store that knows ANSI only, characters of code page 1252. */
struct copy_texts
{
    const WCHAR *subject, *body, *recipient, *attachment, *embedded, *folder, *comment;   /* folder: ANSI's only */
};

static const struct copy_texts unicode_texts =
{
    L"\x0393\x03b5\x03b9\x03ac \x4f60\x597d \xd83d\xde00",
    L"\x039a\x03b1\x03bb\x03b7\x03bc\x03ad\x03c1\x03b1 \x65e5\x672c \xd83c\xdf89\r\n",
    L"\x0396\x03c9\x03ae \x674e",
    L"\x6587\x4ef6 \x03b1.txt",
    L"\x5185\x5d4c \x03b5\x03bc\x03c6 \xd83d\xdce8",
    L"\x03a6\x03ac\x03ba\x03b5\x03bb\x03bf\x03c2 \x6587",
    L"\x03c3\x03c7\x03cc\x03bb\x03b9\x03bf \xd83d\xdcc1",
};

static const struct copy_texts ansi_texts =
{
    L"Gr\x00fc\x00df" L"e aus K\x00f6ln \x20ac",
    L"Sch\x00f6ne Gr\x00fc\x00df" L"e\r\n",
    L"Zo\x00eb M\x00fcller",
    L"\x00dc" L"bersicht.txt",
    L"\x00c4rger",
    L"K\x00f6ln",
    L"\x00e4rgerlich",
};

/* A profile with the foreign store (ANSI only when ansi says so) and SQLMS, logged on. */
static IMAPISession *copy_logon(const char *profile, BOOL ansi, char *dir, char *db)
{
    static const char * const unicode_services[] = { "FOREIGNMS", "SQLMS", NULL };
    static const char * const ansi_services[] = { "FOREIGNMSA", "SQLMS", NULL };
    SPropValue prop;

    make_test_dir(dir, ansi ? "fms-copya" : "fms-copy");
    snprintf(db, MAX_PATH, "%s\\copy.sqlms", dir);
    make_profile(profile, ansi ? ansi_services : unicode_services, FALSE);
    prop.ulPropTag = PR_FMS_ROOT;
    prop.Value.lpszA = dir;
    assert_hr_equal(S_OK, configure_service(profile, ansi ? "FOREIGNMSA" : "FOREIGNMS", 0, 1, &prop));
    prop.ulPropTag = PR_SQLMS_DATABASE_PATH_A;
    prop.Value.lpszA = db;
    assert_hr_equal(S_OK, configure_service(profile, "SQLMS", 0, 1, &prop));
    return logon(profile, MAPI_NO_MAIL);
}

/* The foreign store of the session, or the other one. */
static IMsgStore *open_store_of(IMAPISession *session, BOOL foreign)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_MDB_PROVIDER } };
    IMsgStore *store = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, IMAPISession_GetMsgStoresTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    for (i = 0; i < rows->cRows && !store; i++)
    {
        SPropValue *row = rows->aRow[i].lpProps;

        if (row[1].ulPropTag != PR_MDB_PROVIDER) continue;
        if ((row[1].Value.bin.cb >= 8 && !memcmp(row[1].Value.bin.lpb, "FOREIGNM", 8)) != foreign) continue;
        assert_hr_equal(S_OK, IMAPISession_OpenMsgStore(session, 0, row[0].Value.bin.cb,
                                                        (ENTRYID *)row[0].Value.bin.lpb, NULL, MDB_WRITE, &store));
    }
    FreeProws(rows);
    assert_non_null(store);
    return store;
}

static void set_text(IMAPIProp *object, ULONG tag, const WCHAR *text)
{
    SPropValue prop;

    prop.ulPropTag = tag;
    prop.Value.lpszW = (WCHAR *)text;
    assert_hr_equal(S_OK, object->lpVtbl->SetProps(object, 1, &prop, NULL));
}

/* Given in Unicode; for a store that knows ANSI only, in ANSI. */
static void set_text_as(IMAPIProp *object, ULONG tag, const WCHAR *text, BOOL ansi)
{
    SPropValue prop;
    char *buffer;
    int size;

    if (!ansi) return set_text(object, tag, text);
    size = WideCharToMultiByte(CP_ACP, 0, text, -1, NULL, 0, NULL, NULL);
    buffer = malloc(size);
    WideCharToMultiByte(CP_ACP, 0, text, -1, buffer, size, NULL, NULL);
    prop.ulPropTag = CHANGE_PROP_TYPE(tag, PT_STRING8);
    prop.Value.lpszA = buffer;
    assert_hr_equal(S_OK, object->lpVtbl->SetProps(object, 1, &prop, NULL));
    free(buffer);
}

/* The body, longer than the ANSI store gives through GetProps: through a stream, Unicode or ANSI. */
static WCHAR long_body[20000];

static const WCHAR *make_long_body(const WCHAR *line)
{
    size_t length = wcslen(line);

    long_body[0] = 0;
    while (wcslen(long_body) + length < ARRAY_SIZE(long_body) - 1) wcscat(long_body, line);
    assert_true(wcslen(long_body) > 16384);
    return long_body;
}

static void check_body(IMessage *message, const WCHAR *expected)
{
    static char data[sizeof(long_body)];
    static WCHAR text[ARRAY_SIZE(long_body)];
    IStream *stream;
    ULONG read, size = 0;
    BOOL ansi = FALSE;

    if (FAILED(message->lpVtbl->OpenProperty(message, PR_BODY_W, &IID_IStream, STGM_READ, 0, (IUnknown **)&stream)))
    {
        assert_hr_equal(S_OK, message->lpVtbl->OpenProperty(message, PR_BODY_A, &IID_IStream, STGM_READ, 0,
                                                            (IUnknown **)&stream));
        ansi = TRUE;
    }
    while (SUCCEEDED(stream->lpVtbl->Read(stream, data + size, sizeof(data) - size - 2, &read)) && read) size += read;
    stream->lpVtbl->Release(stream);
    if (ansi) text[MultiByteToWideChar(CP_ACP, 0, data, size, text, ARRAY_SIZE(text) - 1)] = 0;
    else
    {
        memcpy(text, data, size);
        text[size / sizeof(WCHAR)] = 0;
    }
    assert_int_equal(wcslen(text), wcslen(expected));
    assert_true(!wcscmp(text, expected));
}

/* A text property in Unicode, asked in ANSI of an object that refuses MAPI_UNICODE. */
static void check_text_(IMAPIProp *object, ULONG tag, const WCHAR *expected, int line)
{
    SPropTagArray tags = { 1, { tag } };
    SPropValue *value = NULL;
    WCHAR text[256];
    ULONG count;
    HRESULT hr;

    hr = object->lpVtbl->GetProps(object, &tags, MAPI_UNICODE, &count, &value);
    if (FAILED(hr) || value->ulPropTag != tag)
    {
        if (SUCCEEDED(hr)) MAPIFreeBuffer(value);
        tags.aulPropTag[0] = CHANGE_PROP_TYPE(tag, PT_STRING8);
        hr = object->lpVtbl->GetProps(object, &tags, 0, &count, &value);
        if (hr != S_OK) fail_msg("line %d: %#lx: %#lx", line, tag, hr);
        MultiByteToWideChar(CP_ACP, 0, value->Value.lpszA, -1, text, ARRAY_SIZE(text));
    }
    else lstrcpynW(text, value->Value.lpszW, ARRAY_SIZE(text));
    MAPIFreeBuffer(value);
    if (wcscmp(text, expected))
    {
        ULONG i;

        for (i = 0; text[i] == expected[i]; i++);
        fail_msg("line %d: %#lx: character %lu is %#x, not %#x", line, tag, i, text[i], expected[i]);
    }
}

#define check_text(object, tag, expected) check_text_(object, tag, expected, __LINE__)

/* A saved message with the texts: subject, body, a recipient, an attachment by value and one that
 * embeds a message. */
static void make_copy_message(IMAPIFolder *folder, const struct copy_texts *texts, BOOL ansi)
{
    SPropValue props[4];
    IMessage *message, *embedded;
    IAttach *attach;
    ADRLIST *list;
    ULONG number;
    char name[64];

    assert_hr_equal(S_OK, folder->lpVtbl->CreateMessage(folder, NULL, 0, &message));
    set_text_as((IMAPIProp *)message, PR_SUBJECT_W, texts->subject, ansi);
    set_text_as((IMAPIProp *)message, PR_BODY_W, make_long_body(texts->body), ansi);
    set_text_as((IMAPIProp *)message, PR_MESSAGE_CLASS_W, L"IPM.Note", ansi);

    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list));
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 4;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(4 * sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals));
    props[0].ulPropTag = ansi ? PR_DISPLAY_NAME_A : PR_DISPLAY_NAME_W;
    WideCharToMultiByte(CP_ACP, 0, texts->recipient, -1, name, sizeof(name), NULL, NULL);
    if (ansi) props[0].Value.lpszA = name;
    else props[0].Value.lpszW = (WCHAR *)texts->recipient;
    props[1].ulPropTag = PR_ADDRTYPE_A;
    props[1].Value.lpszA = (char *)"SMTP";
    props[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    props[2].Value.lpszA = (char *)"zoe@example.com";
    props[3].ulPropTag = PR_RECIPIENT_TYPE;
    props[3].Value.l = MAPI_TO;
    memcpy(list->aEntries[0].rgPropVals, props, sizeof(props));
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, list));
    FreePadrlist(list);

    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &number, &attach));
    props[0].ulPropTag = PR_ATTACH_METHOD;
    props[0].Value.l = ATTACH_BY_VALUE;
    props[1].ulPropTag = PR_ATTACH_DATA_BIN;
    props[1].Value.bin.cb = 6;
    props[1].Value.bin.lpb = (BYTE *)"Inhalt";
    assert_hr_equal(S_OK, attach->lpVtbl->SetProps(attach, 2, props, NULL));
    set_text_as((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, texts->attachment, ansi);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);

    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &number, &attach));
    props[0].ulPropTag = PR_ATTACH_METHOD;
    props[0].Value.l = ATTACH_EMBEDDED_MSG;
    assert_hr_equal(S_OK, attach->lpVtbl->SetProps(attach, 1, props, NULL));
    assert_hr_equal(S_OK, attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0,
                                                       MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&embedded));
    set_text_as((IMAPIProp *)embedded, PR_SUBJECT_W, texts->embedded, ansi);
    assert_hr_equal(S_OK, embedded->lpVtbl->SaveChanges(embedded, 0));
    embedded->lpVtbl->Release(embedded);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);

    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
}

/* The folder's one message is the one make_copy_message made, every text as it was. */
static void check_copy_message(IMAPIFolder *folder, const struct copy_texts *texts, BOOL ansi)
{
    static const SizedSPropTagArray(1, name_column_a) = { 1, { PR_DISPLAY_NAME_A } };
    WCHAR name[64];
    static const SizedSPropTagArray(1, entry_column) = { 1, { PR_ENTRYID } };
    static const SizedSPropTagArray(1, name_column) = { 1, { PR_DISPLAY_NAME_W } };
    static const SizedSPropTagArray(2, attach_columns) = { 2, { PR_ATTACH_NUM, PR_ATTACH_METHOD } };
    IMessage *message, *embedded;
    IMAPITable *table;
    IAttach *attach;
    SRowSet *rows, *attachments;
    ULONG type, i;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&entry_column, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    assert_int_equal(rows->cRows, 1);
    assert_hr_equal(S_OK, folder->lpVtbl->OpenEntry(folder, rows->aRow[0].lpProps[0].Value.bin.cb,
                                                    (ENTRYID *)rows->aRow[0].lpProps[0].Value.bin.lpb, &IID_IMessage,
                                                    0, &type, (IUnknown **)&message));
    FreeProws(rows);
    check_text((IMAPIProp *)message, PR_SUBJECT_W, texts->subject);
    check_body(message, make_long_body(texts->body));

    if (ansi)
    {
        assert_hr_equal(S_OK, message->lpVtbl->GetRecipientTable(message, 0, &table));
        assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&name_column_a, NULL, NULL, 0, &rows));
        assert_int_equal(rows->aRow[0].lpProps[0].ulPropTag, PR_DISPLAY_NAME_A);
        MultiByteToWideChar(CP_ACP, 0, rows->aRow[0].lpProps[0].Value.lpszA, -1, name, ARRAY_SIZE(name));
    }
    else
    {
        assert_hr_equal(S_OK, message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table));
        assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&name_column, NULL, NULL, 0, &rows));
        assert_int_equal(rows->aRow[0].lpProps[0].ulPropTag, PR_DISPLAY_NAME_W);
        lstrcpynW(name, rows->aRow[0].lpProps[0].Value.lpszW, ARRAY_SIZE(name));
    }
    table->lpVtbl->Release(table);
    assert_int_equal(rows->cRows, 1);
    assert_true(!wcscmp(name, texts->recipient));
    FreeProws(rows);

    assert_hr_equal(S_OK, message->lpVtbl->GetAttachmentTable(message, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&attach_columns, NULL, NULL, 0, &attachments));
    table->lpVtbl->Release(table);
    assert_int_equal(attachments->cRows, 2);
    for (i = 0; i < attachments->cRows; i++)
    {
        assert_hr_equal(S_OK, message->lpVtbl->OpenAttach(message, attachments->aRow[i].lpProps[0].Value.l, NULL, 0,
                                                          &attach));
        if (attachments->aRow[i].lpProps[1].Value.l == ATTACH_EMBEDDED_MSG)
        {
            assert_hr_equal(S_OK, attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0,
                                                               (IUnknown **)&embedded));
            check_text((IMAPIProp *)embedded, PR_SUBJECT_W, texts->embedded);
            embedded->lpVtbl->Release(embedded);
        }
        else check_text((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, texts->attachment);
        attach->lpVtbl->Release(attach);
    }
    FreeProws(attachments);
    message->lpVtbl->Release(message);
}

/* The foreign store names its folders in ANSI whatever its mode: the name is one of code page 1252. */
static IMAPIFolder *make_copy_folder(IMAPIFolder *parent, const struct copy_texts *texts, BOOL ansi)
{
    IMAPIFolder *folder = NULL;
    char name[64];

    WideCharToMultiByte(CP_ACP, 0, ansi_texts.folder, -1, name, sizeof(name), NULL, NULL);
    assert_hr_equal(S_OK, parent->lpVtbl->CreateFolder(parent, FOLDER_GENERIC, name, NULL, NULL, 0,
                                                       (IMAPIFolder *)&folder));
    set_text_as((IMAPIProp *)folder, PR_COMMENT_W, texts->comment, ansi);
    return folder;
}

/* The one subfolder of a folder, opened. */
static IMAPIFolder *only_subfolder(IMsgStore *store, IMAPIFolder *parent)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ENTRYID } };
    IMAPIFolder *folder;
    IMAPITable *table;
    SRowSet *rows;

    assert_hr_equal(S_OK, parent->lpVtbl->GetHierarchyTable(parent, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    assert_int_equal(rows->cRows, 1);
    folder = open_folder(store, rows->aRow[0].lpProps[0].Value.bin.cb, rows->aRow[0].lpProps[0].Value.bin.lpb);
    FreeProws(rows);
    return folder;
}

/* IMAPISupport's CopyMessages, CopyFolder, DoCopyProps and DoCopyTo, on which the foreign store's
 * copies lean, from it to SQLMS and within it: every text kept when both speak Unicode, and what
 * the code page says when the foreign store knows ANSI only. */
static void copy_between_stores(BOOL ansi)
{
    const struct copy_texts *texts = ansi ? &ansi_texts : &unicode_texts;
    const char *profile = ansi ? "tf copya" : "tf copy";
    char dir[MAX_PATH], db[MAX_PATH];
    IMAPISession *session = copy_logon(profile, ansi, dir, db);
    IMsgStore *foreign = open_store_of(session, TRUE), *sql = open_store_of(session, FALSE);
    IMAPIFolder *foreign_subtree = open_store_folder(foreign, PR_IPM_SUBTREE_ENTRYID);
    IMAPIFolder *sql_subtree = open_store_folder(sql, PR_IPM_SUBTREE_ENTRYID);
    IMAPIFolder *source, *target, *sql_target, *copy;
    SPropProblemArray *problems = NULL;
    SPropValue *id;
    ENTRYLIST list;
    SRowSet *rows;
    IMAPITable *table;
    static const SizedSPropTagArray(1, entry_column) = { 1, { PR_ENTRYID } };
    static const SizedSPropTagArray(1, comment) = { 1, { PR_COMMENT_W } };

    source = make_copy_folder(foreign_subtree, texts, ansi);
    make_copy_message(source, texts, ansi);
    assert_hr_equal(S_OK, foreign_subtree->lpVtbl->CreateFolder(foreign_subtree, FOLDER_GENERIC, (LPSTR)"target",
                                                                NULL, NULL, 0, (IMAPIFolder *)&target));
    sql_target = create_folder_w(sql_subtree, L"target");

    /* Messages to another store: IMAPISupport::CopyMessages. */
    assert_hr_equal(S_OK, source->lpVtbl->GetContentsTable(source, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&entry_column, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    assert_int_equal(rows->cRows, 1);
    list.cValues = 1;
    list.lpbin = &rows->aRow[0].lpProps[0].Value.bin;
    assert_hr_equal(S_OK, source->lpVtbl->CopyMessages(source, &list, NULL, sql_target, 0, NULL, 0));
    FreeProws(rows);
    check_copy_message(sql_target, texts, FALSE);

    /* Folder properties: DoCopyProps and DoCopyTo. */
    assert_hr_equal(S_OK, source->lpVtbl->CopyProps(source, (SPropTagArray *)&comment, 0, NULL, &IID_IMAPIFolder,
                                                    sql_target, 0, &problems));
    assert_null(problems);
    check_text((IMAPIProp *)sql_target, PR_COMMENT_W, texts->comment);
    assert_hr_equal(S_OK, sql_target->lpVtbl->DeleteProps(sql_target, (SPropTagArray *)&comment, NULL));
    assert_hr_equal(MAPI_E_NOT_FOUND, HrGetOneProp((IMAPIProp *)sql_target, PR_COMMENT_W, &id));
    assert_hr_equal(S_OK, source->lpVtbl->CopyTo(source, 0, NULL, NULL, 0, NULL, &IID_IMAPIFolder, sql_target, 0,
                                                 NULL));
    check_text((IMAPIProp *)sql_target, PR_COMMENT_W, texts->comment);

    /* A folder within the store and to the other store: IMAPISupport::CopyFolder. */
    id = get_prop((IMAPIProp *)source, PR_ENTRYID);
    assert_hr_equal(S_OK, foreign_subtree->lpVtbl->CopyFolder(foreign_subtree, id->Value.bin.cb,
                                                              (ENTRYID *)id->Value.bin.lpb, NULL, target, NULL, 0,
                                                              NULL, 0));
    copy = only_subfolder(foreign, target);
    check_copy_message(copy, texts, ansi);
    copy->lpVtbl->Release(copy);
    assert_hr_equal(S_OK, foreign_subtree->lpVtbl->CopyFolder(foreign_subtree, id->Value.bin.cb,
                                                              (ENTRYID *)id->Value.bin.lpb, NULL, sql_target, NULL,
                                                              0, NULL, 0));
    copy = only_subfolder(sql, sql_target);
    check_text((IMAPIProp *)copy, PR_DISPLAY_NAME_W, ansi_texts.folder);
    check_text((IMAPIProp *)copy, PR_COMMENT_W, texts->comment);
    check_copy_message(copy, texts, FALSE);
    copy->lpVtbl->Release(copy);
    MAPIFreeBuffer(id);

    sql_target->lpVtbl->Release(sql_target);
    target->lpVtbl->Release(target);
    source->lpVtbl->Release(source);
    sql_subtree->lpVtbl->Release(sql_subtree);
    foreign_subtree->lpVtbl->Release(foreign_subtree);
    sql->lpVtbl->Release(sql);
    foreign->lpVtbl->Release(foreign);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    delete_profile(profile);
    remove_test_dir(dir);
}

static void test_copy_unicode(void **state)
{
    copy_between_stores(FALSE);
}

static void test_copy_ansi(void **state)
{
    copy_between_stores(TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_service_configuration),
        cmocka_unit_test(test_dll_name_rule),
        cmocka_unit_test(test_store_and_folders),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_copy_folder),
        cmocka_unit_test(test_notifications),
        cmocka_unit_test(test_view_caller_data),
        cmocka_unit_test(test_idle_routine),
        cmocka_unit_test(test_submit),
        cmocka_unit_test(test_store_logoff),
        cmocka_unit_test(test_logoff_invalidates),
        cmocka_unit_test(test_reopen_after_logoff),
        cmocka_unit_test(test_two_logons),
        cmocka_unit_test(test_spooler_logon),
        cmocka_unit_test(test_copy_unicode),
        cmocka_unit_test(test_copy_ansi),
    };
    char filter[64];

    if (GetEnvironmentVariableA("FOREIGN_TEST", filter, sizeof(filter))) cmocka_set_test_filter(filter);
    return cmocka_run_group_tests(tests, setup, teardown);
}
