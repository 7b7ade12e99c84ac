/*
 * The sample store (sqlms32.dll): its entry points, logon, the store object,
 * its properties, receive folders, StoreLogoff and the end of a logon.
 */

#include "initguid.h"
#include "mapiguid.h"

#include "sqlms_test.h"
#include <sqlite3.h>

static void test_provider_init(void **state)
{
    MSPROVIDERINIT *init;
    IMSProvider *provider = NULL;
    HMODULE module;
    ULONG version = 0;

    init = sqlms_init_function(&module);
    assert_non_null(init);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, init(module, NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                   MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, NULL, &provider));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, init(module, NULL, MAPIAllocateBuffer, MAPIAllocateMore,
                                                   MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version, NULL));
    assert_hr_equal(MAPI_E_VERSION, init(module, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                                         PDK1_SPI_VERSION, &version, &provider));
    assert_null(provider);
    assert_hr_equal(S_OK, init(module, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                               CURRENT_SPI_VERSION, &version, &provider));
    assert_int_equal(version, CURRENT_SPI_VERSION);
    assert_non_null(provider);
    assert_int_equal(IMSProvider_Release(provider), 0);
}

/* MSProviderInit is cdecl (one name everywhere); the service entry has its plain and decorated names. */
static void test_exports(void **state)
{
    HMODULE module = LoadLibraryA("sqlms32.dll");

    assert_non_null(module);
    assert_non_null(GetProcAddress(module, "MSProviderInit"));
    assert_non_null(GetProcAddress(module, "SQLMSServiceEntry"));
    assert_ptr_equal(GetProcAddress(module, "SQLMSServiceEntry"), GetProcAddress(module, "SQLMSServiceEntry@40"));
}

static void test_logon(void **state)
{
    struct test_store ts;
    SPropValue *value = NULL;
    BYTE raw[40];

    test_store_logon(&ts, L"logon.sqlms");
    assert_non_null(ts.logon);
    assert_non_null(ts.store);
    /* What a store tells MAPI at logon */
    assert_int_equal(ts.support->set_provider_uid, 1);
    assert_int_equal(ts.support->modify_profile, 1);
    assert_true(ts.support->modify_status_row >= 1);
    assert_hr_equal(S_OK, fake_support_get_prop(ts.support, PR_ENTRYID, &value));
    assert_true(value->Value.bin.cb > 40);
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, fake_support_get_prop(ts.support, PR_RECORD_KEY, &value));
    assert_int_equal(value->Value.bin.cb, 16);
    /* The provider UID is the store's identity, its record key. */
    assert_memory_equal(value->Value.bin.lpb, &ts.support->provider_uid, 16);
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, fake_support_get_prop(ts.support, PR_MDB_PROVIDER, &value));
    {
        static const BYTE mdb[16] = SQLMS_MDB_PROVIDER_INIT;
        assert_memory_equal(value->Value.bin.lpb, mdb, 16);
    }
    MAPIFreeBuffer(value);
    memset(raw, 0, sizeof(raw));
    test_store_logoff(&ts);
}

static void test_logon_bad_input(void **state)
{
    struct test_store ts = { 0 };
    WCHAR path[MAX_PATH];
    IMSLogon *logon = NULL;
    IMsgStore *mdb = NULL;
    ULONG version;
    BYTE bad_eid[40] = { 0 };
    MSPROVIDERINIT *init;
    HMODULE module;
    IMSProvider *provider;
    struct fake_support *support;

    sqlms_test_path(path, L"bad.sqlms");
    init = sqlms_init_function(&module);
    init(module, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0, CURRENT_SPI_VERSION, &version,
         &provider);
    support = fake_support_create(path);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    IMSProvider_Logon(provider, NULL, 0, NULL, 0, NULL, MDB_WRITE, NULL, NULL, NULL, NULL, &logon, &mdb));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS,
                    IMSProvider_Logon(provider, &support->IMAPISupport_iface, 0, NULL, 0, NULL, 0x40000000, NULL,
                                      NULL, NULL, NULL, &logon, &mdb));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID,
                    IMSProvider_Logon(provider, &support->IMAPISupport_iface, 0, NULL, sizeof(bad_eid),
                                      (ENTRYID *)bad_eid, MDB_WRITE, NULL, NULL, NULL, NULL, &logon, &mdb));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    IMSProvider_Logon(provider, &support->IMAPISupport_iface, 0, NULL, 0, NULL, MDB_WRITE,
                                      &IID_IMessage, NULL, NULL, NULL, &logon, &mdb));
    assert_null(logon);
    assert_null(mdb);
    /* Nothing was created by the refused logons. */
    assert_int_equal(GetFileAttributesW(path), INVALID_FILE_ATTRIBUTES);
    IMAPISupport_Release(&support->IMAPISupport_iface);
    IMSProvider_Release(provider);
    (void)ts;
}

static HRESULT logon_with_path(const WCHAR *path)
{
    struct test_store ts = { 0 };
    HRESULT hr = test_store_logon_ex(&ts, path, MDB_WRITE, FALSE, NULL);

    if (SUCCEEDED(hr)) test_store_logoff(&ts);
    else
    {
        if (ts.provider) IMSProvider_Release(ts.provider);
        IMAPISupport_Release(&ts.support->IMAPISupport_iface);
    }
    return hr;
}

/* The store writes the file it was given and nothing else. */
static void test_path_checks(void **state)
{
    WCHAR path[MAX_PATH], dir[MAX_PATH], other[MAX_PATH];
    static const char text[] = "not a database, keep me";
    char buffer[64];
    DWORD written;
    HANDLE file;

    sqlms_test_path(dir, L"");
    dir[lstrlenW(dir) - 1] = 0;
    _snwprintf(path, MAX_PATH, L"%s\\sub\\..\\dots.sqlms", dir);
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(path));
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(L"relative.sqlms"));
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(L"\\\\.\\PhysicalDrive0"));
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(L"\\\\?\\C:\\x.sqlms"));
    _snwprintf(path, MAX_PATH, L"%s\\NUL", dir);
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(path));
    _snwprintf(path, MAX_PATH, L"%s\\file.sqlms:stream", dir);
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(path));
    _snwprintf(path, MAX_PATH, L"%s\\missing-folder\\x.sqlms", dir);
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(path));
    assert_int_equal(GetFileAttributesW(path), INVALID_FILE_ATTRIBUTES);
    /* A folder is not a file. */
    assert_hr_equal(MAPI_E_UNCONFIGURED, logon_with_path(dir));
    /* Another program's file stays as it was. */
    sqlms_test_path(other, L"other.txt");
    file = CreateFileW(other, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    WriteFile(file, text, sizeof(text), &written, NULL);
    CloseHandle(file);
    assert_hr_equal(MAPI_E_CORRUPT_STORE, logon_with_path(other));
    file = CreateFileW(other, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    memset(buffer, 0, sizeof(buffer));
    ReadFile(file, buffer, sizeof(buffer), &written, NULL);
    CloseHandle(file);
    assert_int_equal(written, sizeof(text));
    assert_string_equal(buffer, text);
    _snwprintf(path, MAX_PATH, L"%s-wal", other);
    assert_int_equal(GetFileAttributesW(path), INVALID_FILE_ATTRIBUTES);
}


static void test_store_properties(void **state)
{
    static const BYTE wrap_uid[16] = { 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a,
                                       0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 };
    SizedSPropTagArray(2, tags) = { 2, { PR_STORE_SUPPORT_MASK, PR_VALID_FOLDER_MASK } };
    SPropProblemArray *problems = NULL;
    SPropValue *values = NULL, *entryid = NULL, *store_entryid = NULL, *record = NULL, value;
    struct test_store ts;
    IMAPIFolder *folder;
    ULONG count = 0;

    test_store_logon(&ts, L"props.sqlms");
    assert_hr_equal(S_OK, IMsgStore_GetProps(ts.store, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(values[0].Value.l & (STORE_SUBMIT_OK | STORE_NOTIFY_OK | STORE_ATTACH_OK | STORE_CREATE_OK |
                                          STORE_MODIFY_OK | STORE_ENTRYID_UNIQUE),
                     STORE_SUBMIT_OK | STORE_NOTIFY_OK | STORE_ATTACH_OK | STORE_CREATE_OK | STORE_MODIFY_OK |
                     STORE_ENTRYID_UNIQUE);
    assert_int_equal(values[0].Value.l & STORE_READONLY, 0);
    assert_int_equal(values[1].Value.l, FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_INBOX_VALID | FOLDER_IPM_OUTBOX_VALID |
                                        FOLDER_IPM_WASTEBASKET_VALID | FOLDER_IPM_SENTMAIL_VALID);
    MAPIFreeBuffer(values);
    assert_int_equal(get_long((IMAPIProp *)ts.store, PR_OBJECT_TYPE), MAPI_STORE);

    /* Programs get the store's entry ID wrapped; it opens the store. */
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)ts.store, PR_ENTRYID, &entryid));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)ts.store, PR_STORE_ENTRYID, &store_entryid));
    assert_int_equal(entryid->Value.bin.cb, store_entryid->Value.bin.cb);
    assert_memory_equal(entryid->Value.bin.lpb + 4, wrap_uid, 16);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)ts.store, PR_RECORD_KEY, &record));
    assert_memory_equal(record->Value.bin.lpb, &ts.support->provider_uid, 16);
    {
        IUnknown *unk = NULL;
        ULONG type = 0;
        assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, entryid->Value.bin.cb, (ENTRYID *)entryid->Value.bin.lpb,
                                                  NULL, 0, &type, &unk));
        assert_int_equal(type, MAPI_STORE);
        assert_ptr_equal(unk, ts.store);
        IUnknown_Release(unk);
    }

    /* The well-known folders */
    folder = open_folder_by_prop(ts.store, PR_IPM_OUTBOX_ENTRYID);
    assert_string_prop((IMAPIProp *)folder, PR_DISPLAY_NAME_W, L"Outbox");
    IMAPIFolder_Release(folder);
    folder = open_folder_by_prop(ts.store, PR_IPM_SENTMAIL_ENTRYID);
    assert_string_prop((IMAPIProp *)folder, PR_DISPLAY_NAME_W, L"Sent Items");
    IMAPIFolder_Release(folder);
    folder = open_folder_by_prop(ts.store, PR_IPM_WASTEBASKET_ENTRYID);
    assert_string_prop((IMAPIProp *)folder, PR_DISPLAY_NAME_W, L"Deleted Items");
    IMAPIFolder_Release(folder);
    folder = open_folder_by_prop(ts.store, PR_IPM_SUBTREE_ENTRYID);
    assert_string_prop((IMAPIProp *)folder, PR_DISPLAY_NAME_W, L"Top of Information Store");
    IMAPIFolder_Release(folder);

    /* Computed ones cannot be set; the others are kept across logons. */
    value.ulPropTag = PR_STORE_SUPPORT_MASK;
    value.Value.l = 0;
    assert_hr_equal(S_OK, IMsgStore_SetProps(ts.store, 1, &value, &problems));
    assert_non_null(problems);
    assert_hr_equal(MAPI_E_COMPUTED, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    set_string((IMAPIProp *)ts.store, PR_DISPLAY_NAME_W, L"My mail");
    set_string((IMAPIProp *)ts.store, PR_COMMENT_W, L"kept");
    test_store_logoff(&ts);
    test_store_logon(&ts, L"props.sqlms");
    assert_string_prop((IMAPIProp *)ts.store, PR_DISPLAY_NAME_W, L"My mail");
    assert_string_prop((IMAPIProp *)ts.store, PR_COMMENT_A, L"kept");
    /* Same store, same identity */
    {
        SPropValue *again = NULL;
        assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)ts.store, PR_RECORD_KEY, &again));
        assert_memory_equal(again->Value.bin.lpb, record->Value.bin.lpb, 16);
        MAPIFreeBuffer(again);
    }
    test_store_logoff(&ts);
    MAPIFreeBuffer(record);
    MAPIFreeBuffer(entryid);
    MAPIFreeBuffer(store_entryid);
}

static void test_receive_folders(void **state)
{
    IMAPIFolder *subtree, *custom = NULL;
    ENTRYID *eid = NULL, *inbox_eid = NULL;
    ULONG size = 0, inbox_size = 0, result = 0;
    IMAPITable *table = NULL;
    SPropValue *custom_eid = NULL;
    struct test_store ts;
    LPSTR class = NULL;

    test_store_logon(&ts, L"receive.sqlms");
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_GetReceiveFolder(ts.store, (LPSTR)"IPM.Note", 0, NULL, &eid, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_GetReceiveFolder(ts.store, (LPSTR)"IPM.Note", 0x1000, &size, &eid,
                                                                     NULL));
    /* A new store delivers IPM mail and everything else to the Inbox. */
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(ts.store, (LPSTR)"IPM.Note", 0, &inbox_size, &inbox_eid, &class));
    assert_string_equal(class, "IPM");
    MAPIFreeBuffer(class);
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(ts.store, (LPSTR)"REPORT.IPM.Note.NDR", 0, &size, &eid, &class));
    assert_string_equal(class, "");
    assert_int_equal(IMsgStore_CompareEntryIDs(ts.store, size, eid, inbox_size, inbox_eid, 0, &result), S_OK);
    assert_true(result);
    MAPIFreeBuffer(class);
    MAPIFreeBuffer(eid);

    subtree = open_folder_by_prop(ts.store, PR_IPM_SUBTREE_ENTRYID);
    assert_hr_equal(S_OK, IMAPIFolder_CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"Custom", NULL, NULL, 0,
                                                   (IMAPIFolder *)&custom));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)custom, PR_ENTRYID, &custom_eid));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_SetReceiveFolder(ts.store, (LPSTR)"IPM..Note", 0,
                                                                         custom_eid->Value.bin.cb,
                                                                         (ENTRYID *)custom_eid->Value.bin.lpb));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_SetReceiveFolder(ts.store, (LPSTR)"IPM.X", 0x1000, 0, NULL));
    {
        BYTE bad[32] = { 1 };
        assert_hr_equal(MAPI_E_INVALID_ENTRYID, IMsgStore_SetReceiveFolder(ts.store, (LPSTR)"IPM.X", 0, sizeof(bad),
                                                                           (ENTRYID *)bad));
    }
    assert_hr_equal(S_OK, IMsgStore_SetReceiveFolder(ts.store, (LPSTR)L"IPM.Note.Custom", MAPI_UNICODE,
                                                     custom_eid->Value.bin.cb, (ENTRYID *)custom_eid->Value.bin.lpb));
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(ts.store, (LPSTR)L"ipm.note.custom.sub", MAPI_UNICODE, &size, &eid,
                                                     &class));
    assert_int_equal(lstrcmpW((WCHAR *)class, L"IPM.Note.Custom"), 0);
    assert_int_equal(IMsgStore_CompareEntryIDs(ts.store, size, eid, custom_eid->Value.bin.cb,
                                               (ENTRYID *)custom_eid->Value.bin.lpb, 0, &result), S_OK);
    assert_true(result);
    MAPIFreeBuffer(class);
    MAPIFreeBuffer(eid);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_GetReceiveFolderTable(ts.store, 0x1000, &table));
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolderTable(ts.store, 0, &table));
    assert_int_equal(table_row_count(table), 3);
    IMAPITable_Release(table);
    /* No entry ID: the setting goes, the superclass's applies again. */
    assert_hr_equal(S_OK, IMsgStore_SetReceiveFolder(ts.store, (LPSTR)"IPM.Note.Custom", 0, 0, NULL));
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(ts.store, (LPSTR)"IPM.Note.Custom", 0, &size, &eid, NULL));
    assert_int_equal(IMsgStore_CompareEntryIDs(ts.store, size, eid, inbox_size, inbox_eid, 0, &result), S_OK);
    assert_true(result);
    MAPIFreeBuffer(eid);

    /* A deleted folder takes its settings along. */
    assert_hr_equal(S_OK, IMsgStore_SetReceiveFolder(ts.store, (LPSTR)"IPM.Note.Custom", 0, custom_eid->Value.bin.cb,
                                                     (ENTRYID *)custom_eid->Value.bin.lpb));
    assert_hr_equal(S_OK, subtree->lpVtbl->DeleteFolder(subtree, custom_eid->Value.bin.cb,
                                                        (ENTRYID *)custom_eid->Value.bin.lpb, 0, NULL, 0));
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(ts.store, (LPSTR)"IPM.Note.Custom", 0, &size, &eid, NULL));
    assert_int_equal(IMsgStore_CompareEntryIDs(ts.store, size, eid, inbox_size, inbox_eid, 0, &result), S_OK);
    assert_true(result);
    MAPIFreeBuffer(eid);

    MAPIFreeBuffer(custom_eid);
    MAPIFreeBuffer(inbox_eid);
    IMAPIFolder_Release(custom);
    IMAPIFolder_Release(subtree);
    test_store_logoff(&ts);
}

static void test_open_and_compare(void **state)
{
    struct test_store ts, other;
    SPropValue *inbox_eid = NULL, *store_eid = NULL;
    IMAPIFolder *inbox;
    BYTE copy[64];
    IUnknown *unk = NULL;
    ULONG type = 0, result = 0;

    test_store_logon(&ts, L"open.sqlms");
    inbox = open_inbox(ts.store);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)inbox, PR_ENTRYID, &inbox_eid));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)ts.store, PR_STORE_ENTRYID, &store_eid));

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_OpenEntry(ts.store, 0, NULL, NULL, 0, NULL, &unk));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_OpenEntry(ts.store, 0, NULL, NULL, 0x40000000, &type, &unk));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IMsgStore_OpenEntry(ts.store, inbox_eid->Value.bin.cb,
                                                                        (ENTRYID *)inbox_eid->Value.bin.lpb,
                                                                        &IID_IMessage, 0, &type, &unk));
    memcpy(copy, inbox_eid->Value.bin.lpb, inbox_eid->Value.bin.cb);
    copy[10] ^= 0xff; /* another store's GUID */
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, IMsgStore_OpenEntry(ts.store, inbox_eid->Value.bin.cb, (ENTRYID *)copy,
                                                                NULL, 0, &type, &unk));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, IMsgStore_OpenEntry(ts.store, 5, (ENTRYID *)copy, NULL, 0, &type, &unk));
    memcpy(copy, inbox_eid->Value.bin.lpb, inbox_eid->Value.bin.cb);
    copy[24] = 0x77; /* a folder that does not exist */
    assert_hr_equal(MAPI_E_NOT_FOUND, IMsgStore_OpenEntry(ts.store, inbox_eid->Value.bin.cb, (ENTRYID *)copy, NULL, 0,
                                                          &type, &unk));

    /* Entry IDs compare on what they name, not their flag bytes */
    memcpy(copy, inbox_eid->Value.bin.lpb, inbox_eid->Value.bin.cb);
    assert_hr_equal(S_OK, IMsgStore_CompareEntryIDs(ts.store, inbox_eid->Value.bin.cb,
                                                    (ENTRYID *)inbox_eid->Value.bin.lpb, inbox_eid->Value.bin.cb,
                                                    (ENTRYID *)copy, 0, &result));
    assert_true(result);
    copy[24] ^= 1;
    assert_hr_equal(S_OK, IMsgStore_CompareEntryIDs(ts.store, inbox_eid->Value.bin.cb,
                                                    (ENTRYID *)inbox_eid->Value.bin.lpb, inbox_eid->Value.bin.cb,
                                                    (ENTRYID *)copy, 0, &result));
    assert_false(result);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_CompareEntryIDs(ts.store, 0, NULL, 0, NULL, 1, &result));
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, IMsgStore_CompareEntryIDs(ts.store, 5, (ENTRYID *)copy, 5,
                                                                      (ENTRYID *)copy, 0, &result));
    assert_hr_equal(S_OK, IMSLogon_CompareEntryIDs(ts.logon, store_eid->Value.bin.cb,
                                                   (ENTRYID *)store_eid->Value.bin.lpb, store_eid->Value.bin.cb,
                                                   (ENTRYID *)store_eid->Value.bin.lpb, 0, &result));
    assert_true(result);
    /* The logon opens what the store opens. */
    assert_hr_equal(S_OK, IMSLogon_OpenEntry(ts.logon, inbox_eid->Value.bin.cb, (ENTRYID *)inbox_eid->Value.bin.lpb,
                                             NULL, 0, &type, &unk));
    assert_int_equal(type, MAPI_FOLDER);
    IUnknown_Release(unk);

    /* Two stores are told apart, wrapped IDs or not. */
    test_store_logon(&other, L"open-other.sqlms");
    {
        SPropValue *other_eid = NULL;
        assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)other.store, PR_STORE_ENTRYID, &other_eid));
        assert_hr_equal(S_OK, IMSProvider_CompareStoreIDs(ts.provider, store_eid->Value.bin.cb,
                                                          (ENTRYID *)store_eid->Value.bin.lpb, other_eid->Value.bin.cb,
                                                          (ENTRYID *)other_eid->Value.bin.lpb, 0, &result));
        assert_false(result);
        assert_hr_equal(S_OK, IMSProvider_CompareStoreIDs(ts.provider, store_eid->Value.bin.cb,
                                                          (ENTRYID *)store_eid->Value.bin.lpb, store_eid->Value.bin.cb,
                                                          (ENTRYID *)store_eid->Value.bin.lpb, 0, &result));
        assert_true(result);
        assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, IMSProvider_CompareStoreIDs(ts.provider, 5, (ENTRYID *)copy, 5,
                                                                            (ENTRYID *)copy, 0, &result));
        /* A folder of one store is an unknown entry ID to the other. */
        assert_hr_equal(MAPI_E_INVALID_ENTRYID, IMsgStore_OpenEntry(other.store, inbox_eid->Value.bin.cb,
                                                                    (ENTRYID *)inbox_eid->Value.bin.lpb, NULL, 0,
                                                                    &type, &unk));
        MAPIFreeBuffer(other_eid);
    }
    test_store_logoff(&other);

    MAPIFreeBuffer(inbox_eid);
    MAPIFreeBuffer(store_eid);
    IMAPIFolder_Release(inbox);
    test_store_logoff(&ts);
}

static void test_read_only_logon(void **state)
{
    struct test_store ts = { 0 }, writer;
    IMAPIFolder *inbox = NULL, *root = NULL;
    IMessage *msg = NULL;
    WCHAR path[MAX_PATH];
    SPropValue value;
    ULONG type;

    test_store_logon(&writer, L"readonly.sqlms");
    test_store_logoff(&writer);
    sqlms_test_path(path, L"readonly.sqlms");
    assert_hr_equal(S_OK, test_store_logon_ex(&ts, path, 0, FALSE, NULL));
    assert_true(get_long((IMAPIProp *)ts.store, PR_STORE_SUPPORT_MASK) & STORE_READONLY);
    value.ulPropTag = PR_DISPLAY_NAME_W;
    value.Value.lpszW = (WCHAR *)L"nope";
    assert_hr_equal(MAPI_E_NO_ACCESS, IMsgStore_SetProps(ts.store, 1, &value, NULL));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMsgStore_OpenEntry(ts.store, 0, NULL, NULL, MAPI_MODIFY, &type,
                                                          (IUnknown **)&root));
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, 0, NULL, NULL, MAPI_BEST_ACCESS, &type, (IUnknown **)&root));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMAPIFolder_SetProps(root, 1, &value, NULL));
    {
        ENTRYID *eid = NULL;
        ULONG size = 0;
        assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(ts.store, NULL, 0, &size, &eid, NULL));
        assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, size, eid, NULL, 0, &type, (IUnknown **)&inbox));
        assert_hr_equal(MAPI_E_NO_ACCESS, IMsgStore_SetReceiveFolder(ts.store, (LPSTR)"IPM.X", 0, size, eid));
        MAPIFreeBuffer(eid);
    }
    assert_hr_equal(MAPI_E_NO_ACCESS, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    IMAPIFolder_Release(inbox);
    IMAPIFolder_Release(root);
    test_store_logoff(&ts);
}

/* ../shared/docs/storelogoff.md: the flag is kept for the last Release, which logs off. */
static void test_store_logoff_contract(void **state)
{
    struct test_store ts;
    struct fake_support *support;
    IMAPIFolder *inbox;
    IMAPITable *table = NULL;
    IMessage *msg = NULL;
    ULONG flags, zero = 0;

    test_store_logon(&ts, L"logoff.sqlms");
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_StoreLogoff(ts.store, NULL));
    flags = LOGOFF_ABORT | LOGOFF_QUIET;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_StoreLogoff(ts.store, &flags));
    flags = LOGOFF_ORDERLY | 0x100;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_StoreLogoff(ts.store, &flags));
    flags = LOGOFF_NO_WAIT;
    assert_hr_equal(S_OK, IMsgStore_StoreLogoff(ts.store, &flags));
    assert_int_equal(flags, 0); /* idle, and never LOGOFF_COMPLETE */
    flags = LOGOFF_PURGE;
    assert_hr_equal(S_OK, IMsgStore_StoreLogoff(ts.store, &flags));
    /* Nothing logged off yet: the store and its objects work. */
    assert_int_equal(ts.support->logoff_transports, 0);
    inbox = open_inbox(ts.store);
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(inbox, 0, &table));
    IMAPIFolder_Release(inbox);

    /* The objects hold the store: the program's last Release comes after theirs. */
    support = ts.support;
    IMAPISupport_AddRef(&support->IMAPISupport_iface);
    IMsgStore_Release(ts.store);
    ts.store = NULL;
    assert_int_equal(support->logoff_transports, 0);
    IMAPITable_Release(table);
    assert_int_equal(support->logoff_transports, 1);
    assert_int_equal(support->logoff_flags, LOGOFF_PURGE); /* the last one given */
    assert_int_equal(support->make_invalid, 1);
    assert_non_null(support->invalid_object);
    /* The support object went last: only our own references are left. */
    assert_int_equal(fake_support_refcount(support), 2);
    IMSLogon_Logoff(ts.logon, &zero);
    IMSLogon_Release(ts.logon);
    ts.logon = NULL;
    IMAPISupport_Release(&support->IMAPISupport_iface);
    test_store_logoff(&ts);

    /* Never asked: LOGOFF_ABORT */
    test_store_logon(&ts, L"logoff.sqlms");
    support = ts.support;
    IMAPISupport_AddRef(&support->IMAPISupport_iface);
    IMsgStore_Release(ts.store);
    ts.store = NULL;
    assert_int_equal(support->logoff_flags, LOGOFF_ABORT);
    IMAPISupport_Release(&support->IMAPISupport_iface);
    test_store_logoff(&ts);

    /* Zero is LOGOFF_ORDERLY */
    test_store_logon(&ts, L"logoff.sqlms");
    flags = 0;
    assert_hr_equal(S_OK, IMsgStore_StoreLogoff(ts.store, &flags));
    support = ts.support;
    IMAPISupport_AddRef(&support->IMAPISupport_iface);
    IMsgStore_Release(ts.store);
    ts.store = NULL;
    assert_int_equal(support->logoff_flags, LOGOFF_ORDERLY);
    IMAPISupport_Release(&support->IMAPISupport_iface);
    test_store_logoff(&ts);

    /* Session logoff (IMSLogon::Logoff first): what the program holds stops working. */
    test_store_logon(&ts, L"logoff.sqlms");
    inbox = open_inbox(ts.store);
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(inbox, 0, &table));
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(S_OK, IMSLogon_Logoff(ts.logon, &zero));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPIFolder_GetContentsTable(inbox, 0, &(IMAPITable *){ 0 }));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMessage_SaveChanges(msg, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPITable_GetRowCount(table, 0, &flags));
    flags = LOGOFF_ORDERLY;
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMsgStore_StoreLogoff(ts.store, &flags));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, HrGetOneProp((IMAPIProp *)ts.store, PR_DISPLAY_NAME_W, &(SPropValue *){ 0 }));
    IMAPITable_Release(table);
    IMessage_Release(msg);
    IMAPIFolder_Release(inbox);
    support = ts.support;
    IMsgStore_Release(ts.store);
    ts.store = NULL;
    /* Already logged off: no second logoff of the transports */
    assert_int_equal(support->logoff_transports, 0);
    test_store_logoff(&ts);
}

static void test_status_entry(void **state)
{
    struct test_store ts;
    IMAPIStatus *status = NULL;
    ULONG type = 0;

    test_store_logon(&ts, L"status.sqlms");
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMSLogon_OpenStatusEntry(ts.logon, NULL, 0, NULL, (void **)&status));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IMSLogon_OpenStatusEntry(ts.logon, &IID_IMessage, 0, &type,
                                                                             (void **)&status));
    assert_hr_equal(S_OK, IMSLogon_OpenStatusEntry(ts.logon, NULL, 0, &type, (void **)&status));
    assert_int_equal(type, MAPI_STATUS);
    assert_int_equal(get_long((IMAPIProp *)status, PR_RESOURCE_TYPE), MAPI_STORE_PROVIDER);
    assert_int_equal(get_long((IMAPIProp *)status, PR_STATUS_CODE), STATUS_AVAILABLE);
    assert_hr_equal(S_OK, IMAPIStatus_ValidateState(status, 0, 0));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPIStatus_SettingsDialog(status, 0, 0));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPIStatus_FlushQueues(status, 0, 0, NULL, 0));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMAPIStatus_SaveChanges(status, 0));
    IMAPIStatus_Release(status);
    test_store_logoff(&ts);
}

static void test_get_last_error(void **state)
{
    struct test_store ts;
    MAPIERROR *error = NULL;

    test_store_logon(&ts, L"error.sqlms");
    assert_hr_equal(S_OK, IMSLogon_GetLastError(ts.logon, MAPI_E_INVALID_OBJECT, 0, &error));
    assert_non_null(error);
    assert_true(strlen((char *)error->lpszError) > 0);
    assert_string_equal((char *)error->lpszComponent, "SQLite Message Store");
    MAPIFreeBuffer(error);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_GetLastError(ts.store, MAPI_E_NOT_FOUND, 0x1000, &error));
    test_store_logoff(&ts);
}

/* A store made by schema version 1 (no change log, no delivery time column) opens and is migrated. */
static void test_schema_migration(void **state)
{
    struct test_store ts;
    IMAPIFolder *inbox;
    SBinary eid;
    IMessage *msg;
    SPropValue time;
    sqlite3 *db;
    sqlite3_stmt *stmt;
    char path[MAX_PATH];
    int version = 0, count = -1;
    ULONG type;

    test_store_logon(&ts, L"migrate.sqlms");
    inbox = open_inbox(ts.store);
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"from version 1");
    time.ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    time.Value.ft.dwLowDateTime = 12345;
    time.Value.ft.dwHighDateTime = 30000000;
    assert_hr_equal(S_OK, HrSetOneProp((IMAPIProp *)msg, &time));
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, 0));
    IMessage_Release(msg);
    IMAPIFolder_Release(inbox);
    eid = create_message(inbox = open_inbox(ts.store), L"second", 0);
    IMAPIFolder_Release(inbox);
    test_store_logoff(&ts);

    /* Back to what version 1 had */
    WideCharToMultiByte(CP_UTF8, 0, ts.path[0] ? ts.path : L"", -1, path, sizeof(path), NULL, NULL);
    {
        WCHAR wide[MAX_PATH];
        sqlms_test_path(wide, L"migrate.sqlms");
        WideCharToMultiByte(CP_UTF8, 0, wide, -1, path, sizeof(path), NULL, NULL);
    }
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DROP INDEX messages_folder; ALTER TABLE messages DROP COLUMN delivery_time;"
                                      "ALTER TABLE messages DROP COLUMN version; DROP TABLE changes;"
                                      "CREATE INDEX messages_folder ON messages(folder, assoc);"
                                      "PRAGMA user_version=1;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    test_store_logon(&ts, L"migrate.sqlms");
    msg = NULL;
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, eid.cb, (ENTRYID *)eid.lpb, NULL, MAPI_MODIFY, &type,
                                              (IUnknown **)&msg));
    assert_string_prop((IMAPIProp *)msg, PR_SUBJECT_W, L"second");
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"saved after the migration");
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, 0));
    IMessage_Release(msg);
    test_store_logoff(&ts);

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    assert_int_equal(version, 2);
    /* The delivery time came out of the stored values into its column. */
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM messages WHERE delivery_time IS NOT NULL", -1,
                                        &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    count = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    assert_int_equal(count, 1);
    assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM changes", NULL, NULL, NULL), SQLITE_OK);
    /* A store of a later version is refused, untouched. */
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=3", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    {
        struct test_store newer = { 0 };
        WCHAR wide[MAX_PATH];
        sqlms_test_path(wide, L"migrate.sqlms");
        assert_hr_equal(MAPI_E_VERSION, test_store_logon_ex(&newer, wide, MDB_WRITE, FALSE, NULL));
        IMSProvider_Release(newer.provider);
        IMAPISupport_Release(&newer.support->IMAPISupport_iface);
    }
    MAPIFreeBuffer(eid.lpb);
}

static void test_service_entry(void **state)
{
    HMODULE module = LoadLibraryA("sqlms32.dll");
    MSGSERVICEENTRY *entry = (MSGSERVICEENTRY *)GetProcAddress(module, "SQLMSServiceEntry");
    struct fake_support *support = fake_support_create(NULL);
    WCHAR path[MAX_PATH];
    SPropValue prop, *value = NULL;
    MAPIERROR *error = (MAPIERROR *)0xdead;
    char ansi[MAX_PATH];

    assert_non_null(entry);
    sqlms_test_path(path, L"configured.sqlms");
    prop.ulPropTag = PR_SQLMS_DATABASE_PATH_W;
    prop.Value.lpszW = path;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, entry(module, NULL, &support->IMAPISupport_iface, 0, 0,
                                                    MSG_SERVICE_CONFIGURE, 1, NULL, NULL, &error));
    assert_null(error);
    assert_hr_equal(MAPI_E_NO_SUPPORT, entry(module, NULL, &support->IMAPISupport_iface, 0, 0, 99, 1, &prop, NULL,
                                             NULL));
    assert_hr_equal(S_OK, entry(module, NULL, &support->IMAPISupport_iface, 0, 0, MSG_SERVICE_CONFIGURE, 1, &prop,
                                NULL, NULL));
    assert_hr_equal(S_OK, fake_support_get_prop(support, PR_SQLMS_DATABASE_PATH_W, &value));
    assert_int_equal(lstrcmpW(value->Value.lpszW, path), 0);
    MAPIFreeBuffer(value);
    /* PT_STRING8 is taken too; a bad path is refused */
    sqlms_test_path(path, L"configured-ansi.sqlms");
    WideCharToMultiByte(CP_ACP, 0, path, -1, ansi, sizeof(ansi), NULL, NULL);
    prop.ulPropTag = PR_SQLMS_DATABASE_PATH_A;
    prop.Value.lpszA = ansi;
    assert_hr_equal(S_OK, entry(module, NULL, &support->IMAPISupport_iface, 0, 0, MSG_SERVICE_CREATE, 1, &prop, NULL,
                                NULL));
    assert_hr_equal(S_OK, fake_support_get_prop(support, PR_SQLMS_DATABASE_PATH_W, &value));
    assert_int_equal(lstrcmpW(value->Value.lpszW, path), 0);
    MAPIFreeBuffer(value);
    prop.Value.lpszA = (char *)"relative\\x.sqlms";
    assert_hr_equal(MAPI_E_UNCONFIGURED, entry(module, NULL, &support->IMAPISupport_iface, 0, 0,
                                               MSG_SERVICE_CONFIGURE, 1, &prop, NULL, NULL));
    assert_hr_equal(S_OK, entry(module, NULL, &support->IMAPISupport_iface, 0, 0, MSG_SERVICE_DELETE, 0, NULL, NULL,
                                NULL));
    IMAPISupport_Release(&support->IMAPISupport_iface);
}

/* No path in the profile: a file named after the profile in the application data folder. */
static void test_default_path(void **state)
{
    struct test_store ts = { 0 };
    SPropValue *value = NULL;

    assert_hr_equal(S_OK, test_store_logon_ex(&ts, NULL, MDB_WRITE, FALSE, NULL));
    assert_hr_equal(S_OK, fake_support_get_prop(ts.support, PR_SQLMS_DATABASE_PATH_W, &value));
    assert_non_null(wcsstr(value->Value.lpszW, L"\\SQLMS\\test.sqlms"));
    assert_int_not_equal(GetFileAttributesW(value->Value.lpszW), INVALID_FILE_ATTRIBUTES);
    test_store_logoff(&ts);
    delete_store_files(value->Value.lpszW);
    MAPIFreeBuffer(value);
}

/* Session logoff with objects still held, then MAPI unloads the DLL: each
 * object was handed to MakeInvalid, so its methods and its last Release run
 * MAPI's stubs, not code of the unloaded DLL. */
static void test_logoff_unload(void **state)
{
    struct test_store ts;
    IMAPIFolder *inbox;
    IMAPITable *table = NULL;
    IMessage *msg = NULL, *embedded = NULL;
    IAttach *attach = NULL;
    IStream *stream = NULL;
    IMAPIStatus *status = NULL;
    IMsgStore *store;
    struct fake_support *support;
    SPropValue *value = NULL;
    ULONG zero = 0, type, num, count;
    HMODULE module;

    test_store_logon(&ts, L"unload.sqlms");
    inbox = open_inbox(ts.store);
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(inbox, 0, &table));
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(S_OK, IMessage_OpenProperty(msg, PR_BODY_W, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
                                                (IUnknown **)&stream));
    assert_hr_equal(S_OK, IMessage_CreateAttach(msg, NULL, 0, &num, &attach));
    assert_hr_equal(S_OK, IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0,
                                               MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&embedded));
    assert_hr_equal(S_OK, IMSLogon_OpenStatusEntry(ts.logon, NULL, 0, &type, (void **)&status));
    /* The program lets go of everything but the objects it holds. */
    IMessage_Release(msg);
    IAttach_Release(attach);
    store = ts.store;
    ts.store = NULL;

    support = ts.support;
    assert_hr_equal(S_OK, IMSLogon_Logoff(ts.logon, &zero));
    /* store, folder, table, stream, embedded message, status object: the message and the
     * attachment only the others held are freed, not handed over. */
    assert_int_equal(support->make_invalid, 6);
    test_store_logoff(&ts);
    while ((module = GetModuleHandleA("sqlms32.dll"))) FreeLibrary(module);

    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPIFolder_GetContentsTable(inbox, 0, &(IMAPITable *){ 0 }));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPITable_GetRowCount(table, 0, &count));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IStream_Write(stream, "x", 1, NULL));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMessage_SaveChanges(embedded, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPIStatus_ValidateState(status, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, HrGetOneProp((IMAPIProp *)store, PR_DISPLAY_NAME_W, &value));
    assert_int_equal(IMAPIFolder_AddRef(inbox), 2);
    assert_int_equal(IMAPIFolder_Release(inbox), 1);
    assert_int_equal(IMAPIFolder_Release(inbox), 0);
    assert_int_equal(IMAPITable_Release(table), 0);
    assert_int_equal(IStream_Release(stream), 0);
    assert_int_equal(IMessage_Release(embedded), 0);
    assert_int_equal(IMAPIStatus_Release(status), 0);
    assert_int_equal(IMsgStore_Release(store), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_provider_init),
        cmocka_unit_test(test_exports),
        cmocka_unit_test(test_logon),
        cmocka_unit_test(test_logon_bad_input),
        cmocka_unit_test(test_path_checks),
        cmocka_unit_test(test_store_properties),
        cmocka_unit_test(test_receive_folders),
        cmocka_unit_test(test_open_and_compare),
        cmocka_unit_test(test_read_only_logon),
        cmocka_unit_test(test_store_logoff_contract),
        cmocka_unit_test(test_status_entry),
        cmocka_unit_test(test_get_last_error),
        cmocka_unit_test(test_schema_migration),
        cmocka_unit_test(test_service_entry),
        cmocka_unit_test(test_default_path),
        cmocka_unit_test(test_logoff_unload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
