/*
 * IMAPISession: the message store table, opening a store through its
 * provider, entry ID routing by provider UID, the status table, address
 * types, identity, the address book's one-off addresses, and what Logoff
 * does to the objects a program still holds.
 */

#include "session_test.h"

static const char * const store_and_transport[] = { "TestStore", "TestTransport", NULL };
static const MAPIUID testms_uid = {{ 'T','e','s','t','S','t','o','r','e','P','r','o','v','i','d','r' }};
static const BYTE store_wrap_uid[] =
    { 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a, 0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 };

struct testms_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG object;
};

static int setup(void **state)
{
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_profile("SessionTestS", store_and_transport, FALSE);
    return 0;
}

static int teardown(void **state)
{
    delete_profile("SessionTestS");
    MAPIUninitialize();
    return 0;
}

static void test_store_table(void **state)
{
    static const SizedSPropTagArray(5, columns) =
        { 5, { PR_DISPLAY_NAME_A, PR_ENTRYID, PR_DEFAULT_STORE, PR_OBJECT_TYPE, PR_PROVIDER_DISPLAY_A } };
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    IMAPITable *table;
    SRowSet *rows;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_GetMsgStoresTable(session, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISession_GetMsgStoresTable(session, 0x1, &table));
    assert_hr_equal(S_OK, IMAPISession_GetMsgStoresTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, "Test Store");
    assert_int_equal(rows->aRow[0].lpProps[1].ulPropTag, PR_ENTRYID);
    assert_true(rows->aRow[0].lpProps[2].Value.b);
    assert_int_equal(rows->aRow[0].lpProps[3].Value.l, MAPI_STORE);
    assert_string_equal(rows->aRow[0].lpProps[4].Value.lpszA, "Test Message Store");
    FreeProws(rows);
    table->lpVtbl->Release(table);
    IMAPISession_Release(session);
}

/* OpenMsgStore loads the store provider, negotiates the SPI version and logs on. */
static void test_open_store(void **state)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_DISPLAY_NAME_A, PR_ENTRYID } };
    IMAPISession *session;
    IMsgStore *store;
    SPropValue *props;
    ULONG count;
    char expected[80];
    const BYTE *wrapped;

    log_reset();
    session = logon("SessionTestS", MAPI_NO_MAIL);
    store = open_first_store(session);
    snprintf(expected, sizeof(expected), "ms:MSProviderInit flags=0 version=%#lx malloc=1 allocators=1",
             CURRENT_SPI_VERSION);
    assert_int_not_equal(log_find(expected), -1);
    assert_int_not_equal(log_find("ms:Logon profile=SessionTest"), -1);
    assert_int_not_equal(log_find("ms:ModifyStatusRow hr=0"), -1);

    assert_hr_equal(S_OK, store->lpVtbl->GetProps(store, (SPropTagArray *)&tags, 0, &count, &props));
    assert_string_equal(props[0].Value.lpszA, "Test Store");
    /* The store's entry ID, wrapped by MAPI with the name of the provider's DLL. */
    wrapped = props[1].Value.bin.lpb;
    assert_true(props[1].Value.bin.cb == 22 + sizeof("testms.dll") + sizeof(struct testms_entryid));
    assert_memory_equal(wrapped + 4, store_wrap_uid, 16);
    assert_string_equal((const char *)wrapped + 22, "testms.dll");
    MAPIFreeBuffer(props);

    /* The client's last Release ends the logon: the store tells the transports, MAPI logs it off. */
    store->lpVtbl->Release(store);
    assert_int_not_equal(log_find("ms:StoreLogoffTransports hr=0 flags=0x10000"), -1);
    assert_int_not_equal(log_find("ms:IMSLogon::Logoff store=gone"), -1);
    assert_int_not_equal(log_find("ms:IMSLogon::Release"), -1);
    /* The provider stays loaded until the session ends. */
    assert_int_equal(log_find("ms:Shutdown"), -1);
    assert_non_null(GetModuleHandleA("testms.dll"));

    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    assert_int_not_equal(log_find("ms:Shutdown"), -1);
    assert_null(GetModuleHandleA("testms.dll"));
}

/* The stores of clients, in this process and others: one record per client store object,
 * under the key of its store (keys of stores no longer open may stay, empty). */
static DWORD open_store_records(void)
{
    HKEY key, store;
    WCHAR name[64];
    DWORD count = 0, records, index, len;

    if (RegOpenKeyExA(HKEY_CURRENT_USER, "Software\\Wine\\MAPI\\OpenStores\\SessionTestS", 0, KEY_READ, &key))
        return 0;
    for (index = 0; len = ARRAY_SIZE(name), !RegEnumKeyExW(key, index, name, &len, NULL, NULL, NULL, NULL); index++)
    {
        if (RegOpenKeyExW(key, name, 0, KEY_READ, &store)) continue;
        if (!RegQueryInfoKeyA(store, NULL, NULL, NULL, &records, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
            count += records;
        RegCloseKey(store);
    }
    RegCloseKey(key);
    return count;
}

static void test_open_store_records(void **state)
{
    IMAPISession *session1 = logon("SessionTestS", MAPI_NO_MAIL), *session2 = logon("SessionTestS", MAPI_NO_MAIL);
    IMsgStore *store1, *store2;

    assert_int_equal(open_store_records(), 0);
    store1 = open_first_store(session1);
    assert_int_equal(open_store_records(), 1);
    store2 = open_first_store(session2);
    assert_int_equal(open_store_records(), 2);
    store1->lpVtbl->Release(store1);
    assert_int_equal(open_store_records(), 1);
    /* Logoff takes the records of the stores still open with it. */
    IMAPISession_Logoff(session2, 0, 0, 0);
    assert_int_equal(open_store_records(), 0);
    store2->lpVtbl->Release(store2);
    IMAPISession_Release(session2);
    IMAPISession_Release(session1);
}

static void test_open_store_bad_input(void **state)
{
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    struct testms_entryid bogus = { { 0 }, {{ 1, 2, 3 }}, 0 };
    IMsgStore *store = (IMsgStore *)0xdeadbeef;
    SBinary *entryid;
    SRowSet *rows;

    entryid = first_store_entryid(session, &rows);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_OpenMsgStore(session, 0, entryid->cb,
                                                                        (ENTRYID *)entryid->lpb, NULL, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_OpenMsgStore(session, 0, 0, NULL, NULL, 0, &store));
    assert_null(store);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISession_OpenMsgStore(session, 0, entryid->cb,
                                                                    (ENTRYID *)entryid->lpb, NULL, 0x40000, &store));
    assert_hr_not_equal(S_OK, IMAPISession_OpenMsgStore(session, 0, sizeof(bogus), (ENTRYID *)&bogus, NULL, 0,
                                                        &store));
    FreeProws(rows);
    IMAPISession_Release(session);
}

/* A store whose DLL is missing: the logon fails and GetLastError says why. */
static void test_missing_store_dll(void **state)
{
    static const char * const missing[] = { "TestMissingStore", NULL };
    IMAPISession *session;
    IMsgStore *store = (IMsgStore *)0xdeadbeef;
    MAPIERROR *error = NULL;
    SBinary *entryid;
    SRowSet *rows;
    HRESULT hr;

    make_profile("SessionTestMissingStore", missing, FALSE);
    session = logon("SessionTestMissingStore", MAPI_NO_MAIL);
    entryid = first_store_entryid(session, &rows);
    hr = IMAPISession_OpenMsgStore(session, 0, entryid->cb, (ENTRYID *)entryid->lpb, NULL, 0, &store);
    assert_hr_equal(MAPI_E_LOGON_FAILED, hr);
    assert_null(store);
    assert_hr_equal(S_OK, IMAPISession_GetLastError(session, hr, 0, &error));
    assert_non_null(error);
    assert_non_null(strstr((char *)error->lpszError, "nosuchms.dll"));
    MAPIFreeBuffer(error);
    /* GetLastError knows nothing of other failures. */
    assert_hr_equal(S_OK, IMAPISession_GetLastError(session, MAPI_E_CALL_FAILED, 0, &error));
    assert_null(error);
    FreeProws(rows);
    IMAPISession_Release(session);
    delete_profile("SessionTestMissingStore");
}

/* An SPI version newer than MAPI's is refused: the provider is let go. */
static void test_spi_version_refused(void **state)
{
    IMAPISession *session;
    IMsgStore *store = NULL;
    SBinary *entryid;
    SRowSet *rows;

    log_reset();
    session = logon("SessionTestS", MAPI_NO_MAIL);
    entryid = first_store_entryid(session, &rows);
    SetEnvironmentVariableA("MAPI_TEST_MS_SPI_VERSION", "0x00020000");
    assert_hr_not_equal(S_OK, IMAPISession_OpenMsgStore(session, 0, entryid->cb, (ENTRYID *)entryid->lpb, NULL, 0,
                                                        &store));
    assert_null(store);
    assert_int_equal(log_find("ms:Logon"), -1);
    assert_null(GetModuleHandleA("testms.dll"));
    /* A provider that claims a newer version without checking: MAPI refuses it. */
    SetEnvironmentVariableA("MAPI_TEST_MS_LAX", "1");
    assert_hr_equal(MAPI_E_VERSION, IMAPISession_OpenMsgStore(session, 0, entryid->cb, (ENTRYID *)entryid->lpb,
                                                              NULL, 0, &store));
    SetEnvironmentVariableA("MAPI_TEST_MS_LAX", NULL);
    assert_null(store);
    assert_int_equal(log_count("ms:MSProviderInit"), 2);
    assert_int_equal(log_find("ms:Logon"), -1);
    assert_int_equal(log_count("ms:IMSProvider::Release"), 1);
    assert_null(GetModuleHandleA("testms.dll"));
    /* An older one is fine. */
    SetEnvironmentVariableA("MAPI_TEST_MS_SPI_VERSION", "0x00010000");
    assert_hr_equal(S_OK, IMAPISession_OpenMsgStore(session, 0, entryid->cb, (ENTRYID *)entryid->lpb, NULL, 0,
                                                    &store));
    SetEnvironmentVariableA("MAPI_TEST_MS_SPI_VERSION", NULL);
    store->lpVtbl->Release(store);
    FreeProws(rows);
    IMAPISession_Release(session);
}

/* Entry IDs go to the logon that registered their provider UID. */
static void test_entryid_routing(void **state)
{
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    struct testms_entryid id = { { 0 }, testms_uid, 0 }, other = { { 0 }, {{ 9, 9, 9 }}, 0 };
    IMsgStore *store;
    IUnknown *object;
    ULONG type, result;

    /* Before the store is opened nobody knows its entry IDs. */
    assert_hr_not_equal(S_OK, IMAPISession_OpenEntry(session, sizeof(other), (ENTRYID *)&other, NULL, 0, &type,
                                                     &object));
    log_reset();
    store = open_first_store(session);
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, sizeof(id), (ENTRYID *)&id, NULL, 0, &type, &object));
    assert_int_equal(type, MAPI_STORE);
    assert_int_not_equal(log_find("ms:OpenEntry size=24"), -1);
    object->lpVtbl->Release(object);

    assert_hr_equal(S_OK, IMAPISession_CompareEntryIDs(session, sizeof(id), (ENTRYID *)&id, sizeof(id),
                                                       (ENTRYID *)&id, 0, &result));
    assert_true(result);
    id.object = 1;
    other = id;
    other.object = 2;
    assert_hr_equal(S_OK, IMAPISession_CompareEntryIDs(session, sizeof(id), (ENTRYID *)&id, sizeof(other),
                                                       (ENTRYID *)&other, 0, &result));
    assert_false(result);
    assert_int_not_equal(log_find("ms:CompareEntryIDs"), -1);
    memset(&other.uid, 7, sizeof(other.uid));
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, IMAPISession_CompareEntryIDs(session, sizeof(id), (ENTRYID *)&id,
                                                                         sizeof(other), (ENTRYID *)&other, 0,
                                                                         &result));
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, IMAPISession_OpenEntry(session, sizeof(other), (ENTRYID *)&other, NULL,
                                                                   0, &type, &object));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_OpenEntry(session, 0, NULL, NULL, 0, &type, &object));
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* A store opened twice registers its UID twice: when the first logon ends, the second answers. */
static void test_entryid_routing_two_logons(void **state)
{
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    struct testms_entryid id = { { 0 }, testms_uid, 0 };
    IMsgStore *first, *second;
    IUnknown *object;
    ULONG type;

    first = open_first_store(session);
    second = open_first_store(session);
    first->lpVtbl->Release(first);
    log_reset();
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, sizeof(id), (ENTRYID *)&id, NULL, 0, &type, &object));
    assert_int_equal(type, MAPI_STORE);
    assert_int_not_equal(log_find("ms:OpenEntry size=24"), -1);
    object->lpVtbl->Release(object);
    second->lpVtbl->Release(second);
    /* With no logon left the UID leads nowhere. */
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, IMAPISession_OpenEntry(session, sizeof(id), (ENTRYID *)&id, NULL, 0,
                                                                   &type, &object));
    IMAPISession_Release(session);
}

static ULONG find_row(SRowSet *rows, ULONG type)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[1].Value.l == (LONG)type) return i;
    return ~0u;
}

/* A row for MAPI, the spooler, the address book and each provider logon; ModifyStatusRow updates them. */
static void test_status_table(void **state)
{
    static const SizedSPropTagArray(5, columns) =
        { 5, { PR_DISPLAY_NAME_A, PR_RESOURCE_TYPE, PR_STATUS_CODE, PR_STATUS_STRING_A, PR_RESOURCE_METHODS } };
    IMAPISession *session = logon("SessionTestS", 0);
    IMAPITable *table;
    IMsgStore *store;
    SRowSet *rows;
    ULONG row;

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISession_GetStatusTable(session, 1, &table));
    store = open_first_store(session);
    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 5);
    assert_int_not_equal(find_row(rows, MAPI_SUBSYSTEM), ~0u);
    assert_int_not_equal((row = find_row(rows, MAPI_AB)), ~0u);
    assert_int_equal(rows->aRow[row].lpProps[4].Value.l, STATUS_VALIDATE_STATE);
    assert_int_not_equal((row = find_row(rows, MAPI_SPOOLER)), ~0u);
    assert_string_equal(rows->aRow[row].lpProps[0].Value.lpszA, "MAPI Spooler");
    assert_int_not_equal((row = find_row(rows, MAPI_TRANSPORT_PROVIDER)), ~0u);
    assert_string_equal(rows->aRow[row].lpProps[0].Value.lpszA, "Test Transport");
    assert_int_equal(rows->aRow[row].lpProps[2].Value.l, STATUS_AVAILABLE);
    assert_string_equal(rows->aRow[row].lpProps[3].Value.lpszA, "Test transport ready");
    assert_int_equal(rows->aRow[row].lpProps[4].Value.l, STATUS_FLUSH_QUEUES);
    assert_int_not_equal((row = find_row(rows, MAPI_STORE_PROVIDER)), ~0u);
    assert_string_equal(rows->aRow[row].lpProps[3].Value.lpszA, "Test store ready");
    FreeProws(rows);

    /* The store's row goes when the store does. */
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 4);
    assert_int_equal(find_row(rows, MAPI_STORE_PROVIDER), ~0u);
    FreeProws(rows);
    table->lpVtbl->Release(table);
    IMAPISession_Release(session);
}

static void test_address_types(void **state)
{
    IMAPISession *session = logon("SessionTestS", 0);
    LPSTR *types;
    ULONG count;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_EnumAdrTypes(session, 0, NULL, &types));
    assert_hr_equal(S_OK, IMAPISession_EnumAdrTypes(session, 0, &count, &types));
    assert_int_equal(count, 2);
    assert_string_equal(types[0], "TEST");
    assert_string_equal(types[1], "SMTP");
    MAPIFreeBuffer(types);
    IMAPISession_Release(session);

    /* Without transports there is none. */
    session = logon("SessionTestS", MAPI_NO_MAIL);
    assert_hr_equal(S_OK, IMAPISession_EnumAdrTypes(session, 0, &count, &types));
    assert_int_equal(count, 0);
    MAPIFreeBuffer(types);
    IMAPISession_Release(session);
}

/* The options testxp registered (RegisterOptions, right after its TransportLogon): the message
 * option's values for TEST, in either string width, from any session of the profile. */
static void test_message_options(void **state)
{
    IMAPISession *session, *without_mail;
    IAddrBook *book;
    SPropValue *options;
    ULONG count;

    log_reset();
    session = logon("SessionTestS", 0);
    assert_true(log_find("xp:TransportLogon") < log_find("xp:RegisterOptions hr=0"));

    assert_hr_equal(S_OK, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"TEST", 0, &count, &options));
    assert_int_equal(count, 2);
    assert_int_equal(options[0].ulPropTag, PR_PRIORITY);
    assert_int_equal(options[0].Value.l, 1);
    assert_int_equal(options[1].ulPropTag, PROP_TAG(PT_STRING8, 0x6601));
    assert_string_equal(options[1].Value.lpszA, "via testxp");
    MAPIFreeBuffer(options);

    /* MAPI_UNICODE: the string values in Unicode; the address type stays ANSI, in any case. */
    assert_hr_equal(S_OK, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"test", MAPI_UNICODE, &count,
                                                              &options));
    assert_int_equal(count, 2);
    assert_int_equal(options[1].ulPropTag, PROP_TAG(PT_UNICODE, 0x6601));
    assert_true(!wcscmp(options[1].Value.lpszW, L"via testxp"));
    MAPIFreeBuffer(options);

    /* A type the transport handles without options, and one nobody handles: nothing. */
    options = (SPropValue *)0xdeadbeef;
    assert_hr_equal(S_OK, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"SMTP", 0, &count, &options));
    assert_int_equal(count, 0);
    assert_null(options);
    options = (SPropValue *)0xdeadbeef;
    assert_hr_equal(S_OK, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"X400", 0, &count, &options));
    assert_int_equal(count, 0);
    assert_null(options);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_QueryDefaultMessageOpt(session, NULL, 0, &count,
                                                                                  &options));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"TEST", 0, NULL,
                                                                                  &options));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"TEST", 0, &count,
                                                                                  NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"TEST", 0x1, &count,
                                                                              &options));

    /* The recipient option, through the address book. */
    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, 0, &book));
    assert_hr_equal(S_OK, book->lpVtbl->QueryDefaultRecipOpt(book, (LPSTR)"TEST", 0, &count, &options));
    assert_int_equal(count, 1);
    assert_int_equal(options[0].ulPropTag, PROP_TAG(PT_BOOLEAN, 0x6602));
    assert_true(options[0].Value.b);
    MAPIFreeBuffer(options);
    assert_hr_equal(S_OK, book->lpVtbl->QueryDefaultRecipOpt(book, (LPSTR)"SMTP", 0, &count, &options));
    assert_int_equal(count, 0);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, book->lpVtbl->QueryDefaultRecipOpt(book, (LPSTR)"TEST", 0x1, &count,
                                                                             &options));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->QueryDefaultRecipOpt(book, NULL, 0, &count, &options));
    book->lpVtbl->Release(book);

    /* A session without mail, with no transport of its own, answers from the profile. */
    without_mail = logon("SessionTestS", MAPI_NO_MAIL);
    assert_hr_equal(S_OK, IMAPISession_QueryDefaultMessageOpt(without_mail, (LPSTR)"TEST", 0, &count, &options));
    assert_int_equal(count, 2);
    assert_int_equal(options[0].ulPropTag, PR_PRIORITY);
    MAPIFreeBuffer(options);

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPISession_QueryDefaultMessageOpt(session, (LPSTR)"TEST", 0, &count,
                                                                               &options));
    IMAPISession_Release(session);
    IMAPISession_Release(without_mail);
}

/* A transport whose RegisterOptions fails is logged off: the logon fails, as TransportLogon's would. */
static void test_register_options_fails(void **state)
{
    IMAPISession *session = NULL;
    HRESULT hr;

    log_reset();
    SetEnvironmentVariableA("MAPI_TEST_XP_OPTIONS_FAIL", "0x80004005");
    hr = MAPILogonEx(0, (LPSTR)"SessionTestS", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session);
    SetEnvironmentVariableA("MAPI_TEST_XP_OPTIONS_FAIL", NULL);
    assert_hr_equal(MAPI_E_LOGON_FAILED, hr);
    assert_null(session);
    assert_int_not_equal(log_find("xp:RegisterOptions hr=0x80004005"), -1);
    assert_true(log_find("xp:RegisterOptions") < log_find("xp:TransportLogoff"));
    assert_int_not_equal(log_find("xp:IXPLogon::Release"), -1);
}

static void test_identity(void **state)
{
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    ENTRYID *entryid;
    ULONG size;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_QueryIdentity(session, NULL, &entryid));
    /* No provider names an identity: a generic one, with the warning. */
    assert_hr_equal(MAPI_W_NO_SERVICE, IMAPISession_QueryIdentity(session, &size, &entryid));
    assert_true(size > 24);
    MAPIFreeBuffer(entryid);
    IMAPISession_Release(session);
}

/* The address book makes and opens one-off addresses and resolves SMTP ones. */
static void test_one_off_addresses(void **state)
{
    static const SizedSPropTagArray(4, tags) = { 4, { PR_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_ENTRYID } };
    static const BYTE one_off_uid[] = MAPI_ONE_OFF_UID;
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    IAddrBook *book;
    IMailUser *user;
    ENTRYID *entryid;
    SPropValue *props;
    ULONG size, type, count;

    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, 0, (LPADRBOOK *)&book));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IAddrBook_CreateOneOff(book, (LPSTR)"Joe", NULL, (LPSTR)"joe@example.com",
                                                                     0, &size, &entryid));
    assert_hr_equal(S_OK, IAddrBook_CreateOneOff(book, (LPSTR)"Joe", (LPSTR)"SMTP", (LPSTR)"joe@example.com", 0,
                                                 &size, &entryid));
    assert_memory_equal((BYTE *)entryid + 4, one_off_uid, 16);
    assert_int_equal(size, 24 + sizeof("Joe") + sizeof("SMTP") + sizeof("joe@example.com"));

    assert_hr_equal(S_OK, IAddrBook_OpenEntry(book, size, entryid, NULL, 0, &type, (IUnknown **)&user));
    assert_int_equal(type, MAPI_MAILUSER);
    assert_hr_equal(S_OK, IMailUser_GetProps(user, (SPropTagArray *)&tags, 0, &count, &props));
    assert_string_equal(props[0].Value.lpszA, "Joe");
    assert_string_equal(props[1].Value.lpszA, "SMTP");
    assert_string_equal(props[2].Value.lpszA, "joe@example.com");
    assert_int_equal(props[3].Value.bin.cb, size);
    MAPIFreeBuffer(props);
    IMailUser_Release(user);

    /* The session opens one-offs too. */
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, size, entryid, NULL, 0, &type, (IUnknown **)&user));
    assert_int_equal(type, MAPI_MAILUSER);
    IMailUser_Release(user);
    MAPIFreeBuffer(entryid);
    IAddrBook_Release(book);
    IMAPISession_Release(session);
}

static ADRLIST *make_adrlist(const char * const *names, ULONG count)
{
    ADRLIST *list;
    ULONG i;

    MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list);
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 2;
        MAPIAllocateBuffer(2 * sizeof(SPropValue), (void **)&list->aEntries[i].rgPropVals);
        list->aEntries[i].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
        list->aEntries[i].rgPropVals[0].Value.lpszA = (char *)names[i];
        list->aEntries[i].rgPropVals[1].ulPropTag = PR_RECIPIENT_TYPE;
        list->aEntries[i].rgPropVals[1].Value.l = MAPI_TO;
    }
    return list;
}

static void test_resolve_name(void **state)
{
    static const char * const names[] = { "Joe Bloggs <joe@example.com>", "ann@example.com" };
    static const char * const bad[] = { "ann@example.com", "Nobody In Particular" };
    static const SizedSPropTagArray(2, first) = { 2, { PR_EMAIL_ADDRESS_A, PR_DISPLAY_NAME_A } };
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    const SPropValue *prop;
    IAddrBook *book;
    ADRLIST *list;

    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, 0, (LPADRBOOK *)&book));
    list = make_adrlist(names, 2);
    assert_hr_equal(S_OK, IAddrBook_ResolveName(book, 0, 0, NULL, list));
    prop = PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_DISPLAY_NAME_A);
    assert_string_equal(prop->Value.lpszA, "Joe Bloggs");
    prop = PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_EMAIL_ADDRESS_A);
    assert_string_equal(prop->Value.lpszA, "joe@example.com");
    prop = PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ADDRTYPE_A);
    assert_string_equal(prop->Value.lpszA, "SMTP");
    prop = PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_RECIPIENT_TYPE);
    assert_int_equal(prop->Value.l, MAPI_TO);
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    prop = PpropFindProp(list->aEntries[1].rgPropVals, list->aEntries[1].cValues, PR_DISPLAY_NAME_A);
    assert_string_equal(prop->Value.lpszA, "ann@example.com");

    /* PrepareRecips puts the asked properties first. */
    assert_hr_equal(S_OK, IAddrBook_PrepareRecips(book, 0, (SPropTagArray *)&first, list));
    assert_int_equal(list->aEntries[0].rgPropVals[0].ulPropTag, PR_EMAIL_ADDRESS_A);
    assert_string_equal(list->aEntries[0].rgPropVals[0].Value.lpszA, "joe@example.com");
    assert_int_equal(list->aEntries[0].rgPropVals[1].ulPropTag, PR_DISPLAY_NAME_A);
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_RECIPIENT_TYPE));
    FreePadrlist(list);

    /* A name that is no address cannot be resolved without address book providers. */
    list = make_adrlist(bad, 2);
    assert_hr_equal(MAPI_E_NOT_FOUND, IAddrBook_ResolveName(book, 0, 0, NULL, list));
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    assert_null(PpropFindProp(list->aEntries[1].rgPropVals, list->aEntries[1].cValues, PR_ENTRYID));
    FreePadrlist(list);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IAddrBook_ResolveName(book, 0, 0, NULL, NULL));
    IAddrBook_Release(book);
    IMAPISession_Release(session);
}

/* After Logoff, what the program still holds answers MAPI_E_INVALID_OBJECT. */
static void test_objects_invalid_after_logoff(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_DISPLAY_NAME_A } };
    IMAPISession *session;
    IMAPITable *stores, *status, *other;
    IMsgStore *store;
    IAddrBook *book;
    SPropValue *props;
    ULONG count, size;
    ENTRYID *entryid;

    log_reset();
    session = logon("SessionTestS", 0);
    store = open_first_store(session);
    assert_hr_equal(S_OK, IMAPISession_GetMsgStoresTable(session, 0, &stores));
    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &status));
    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, 0, (LPADRBOOK *)&book));

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    /* The store was still held: the provider made it invalid through its support object. */
    assert_int_not_equal(log_find("ms:IMSLogon::Logoff store=held"), -1);
    assert_int_not_equal(log_find("ms:MakeInvalid hr=0"), -1);
    assert_true(log_find("ms:IMSLogon::Logoff") < log_find("ms:Shutdown"));
    assert_true(log_find("ms:Shutdown") < log_find("ms:IMSProvider::Release"));
    assert_null(GetModuleHandleA("testms.dll"));
    assert_null(GetModuleHandleA("testxp.dll"));

    assert_hr_equal(MAPI_E_INVALID_OBJECT, store->lpVtbl->GetProps(store, (SPropTagArray *)&tags, 0, &count, &props));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, stores->lpVtbl->GetRowCount(stores, 0, &count));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, status->lpVtbl->GetRowCount(status, 0, &count));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IAddrBook_CreateOneOff(book, (LPSTR)"a", (LPSTR)"SMTP", (LPSTR)"a@b.c", 0,
                                                                  &size, &entryid));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPISession_GetMsgStoresTable(session, 0, &other));
    assert_null(other);
    /* AddRef and Release still work. */
    assert_int_equal(store->lpVtbl->AddRef(store), 2);
    assert_int_equal(store->lpVtbl->Release(store), 1);
    assert_int_equal(store->lpVtbl->Release(store), 0);
    stores->lpVtbl->Release(stores);
    status->lpVtbl->Release(status);
    IAddrBook_Release(book);
    IMAPISession_Release(session);
}

/* AdminServices hands out the profile's message service administration. */
static void test_admin_services(void **state)
{
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    IMsgServiceAdmin *admin;
    IMAPITable *table;
    ULONG count;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_AdminServices(session, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISession_AdminServices(session, 1, &admin));
    assert_hr_equal(S_OK, IMAPISession_AdminServices(session, 0, &admin));
    assert_hr_equal(S_OK, admin->lpVtbl->GetMsgServiceTable(admin, 0, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, 2);
    table->lpVtbl->Release(table);
    admin->lpVtbl->Release(admin);
    IMAPISession_Release(session);
}

/* An address book provider: loaded at logon, its entry IDs routed to it, unloaded at logoff. */
static void test_address_book_provider(void **state)
{
    static const char * const ab_only[] = { "TestAB", NULL };
    static const MAPIUID testab_uid = {{ 'T','e','s','t','A','d','d','r','e','s','s','B','o','o','k','!' }};
    static const SizedSPropTagArray(1, tags) = { 1, { PR_DISPLAY_NAME_A } };
    struct testms_entryid id = { { 0 }, testab_uid, 1 }, other = { { 0 }, testab_uid, 2 };
    IMAPISupport *(WINAPI *get_support)(void);
    IMAPISession *session;
    IMAPITable *table;
    IAddrBook *book;
    IMAPIProp *user;
    SPropValue *props;
    ADRLIST *list;
    ULONG type, count, result;
    char expected[64];

    log_reset();
    make_profile("SessionTestAB", ab_only, FALSE);
    session = logon("SessionTestAB", MAPI_NO_MAIL);
    snprintf(expected, sizeof(expected), "ab:ABProviderInit flags=0 version=%#lx", CURRENT_SPI_VERSION);
    assert_int_not_equal(log_find(expected), -1);
    assert_int_not_equal(log_find("ab:Logon profile=SessionTestAB flags=0x1"), -1);

    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, sizeof(id), (ENTRYID *)&id, NULL, 0, &type,
                                                 (IUnknown **)&user));
    assert_int_equal(type, MAPI_MAILUSER);
    assert_hr_equal(S_OK, user->lpVtbl->GetProps(user, (SPropTagArray *)&tags, 0, &count, &props));
    assert_string_equal(props[0].Value.lpszA, "AB User");
    MAPIFreeBuffer(props);
    user->lpVtbl->Release(user);

    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, 0, (LPADRBOOK *)&book));
    assert_hr_equal(S_OK, IAddrBook_OpenEntry(book, sizeof(id), (ENTRYID *)&id, NULL, 0, &type,
                                              (IUnknown **)&user));
    user->lpVtbl->Release(user);
    assert_hr_equal(S_OK, IAddrBook_CompareEntryIDs(book, sizeof(id), (ENTRYID *)&id, sizeof(other),
                                                    (ENTRYID *)&other, 0, &result));
    assert_false(result);
    assert_int_not_equal(log_find("ab:CompareEntryIDs"), -1);

    /* PrepareRecips hands the provider's recipients to the provider. */
    MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list);
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    MAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals);
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_ENTRYID;
    list->aEntries[0].rgPropVals[0].Value.bin.cb = sizeof(id);
    list->aEntries[0].rgPropVals[0].Value.bin.lpb = (BYTE *)&id;
    assert_hr_equal(S_OK, IAddrBook_PrepareRecips(book, 0, (SPropTagArray *)&tags, list));
    assert_int_not_equal(log_find("ab:PrepareRecips entries=1"), -1);
    FreePadrlist(list);
    IAddrBook_Release(book);

    /* The support object's one-off table gathers the providers' templates. */
    get_support = (void *)GetProcAddress(GetModuleHandleA("testab.dll"), "testab_support");
    assert_non_null(get_support);
    assert_hr_equal(S_OK, IMAPISupport_GetOneOffTable(get_support(), MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, 1);
    table->lpVtbl->Release(table);

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_true(log_find("ab:Logoff") < log_find("ab:IABLogon::Release"));
    assert_true(log_find("ab:IABLogon::Release") < log_find("ab:Shutdown"));
    assert_null(GetModuleHandleA("testab.dll"));
    IMAPISession_Release(session);
    delete_profile("SessionTestAB");
}

static void test_unsupported(void **state)
{
    IMAPISession *session = logon("SessionTestS", MAPI_NO_MAIL);
    ULONG token;

    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPISession_PrepareForm(session, NULL, NULL, &token));
    assert_hr_equal(MAPI_E_NO_SUPPORT, session->lpVtbl->ShowForm(session, 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, 0,
                                                                 NULL));
    assert_hr_equal(MAPI_E_NO_SUPPORT, session->lpVtbl->MessageOptions(session, 0, 0, (LPSTR)"SMTP", NULL));
    IMAPISession_Release(session);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_store_table),
        cmocka_unit_test(test_open_store),
        cmocka_unit_test(test_open_store_records),
        cmocka_unit_test(test_open_store_bad_input),
        cmocka_unit_test(test_missing_store_dll),
        cmocka_unit_test(test_spi_version_refused),
        cmocka_unit_test(test_entryid_routing),
        cmocka_unit_test(test_entryid_routing_two_logons),
        cmocka_unit_test(test_status_table),
        cmocka_unit_test(test_address_types),
        cmocka_unit_test(test_message_options),
        cmocka_unit_test(test_register_options_fails),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_one_off_addresses),
        cmocka_unit_test(test_resolve_name),
        cmocka_unit_test(test_objects_invalid_after_logoff),
        cmocka_unit_test(test_admin_services),
        cmocka_unit_test(test_address_book_provider),
        cmocka_unit_test(test_unsupported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
