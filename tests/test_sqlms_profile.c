/*
 * The sample store's message service in a real profile: SQLMS from the test
 * mapisvc.inf, created and configured through IMsgServiceAdmin, which calls
 * SQLMSServiceEntry (sqlms.dll, loaded as sqlms32.dll) with MAPI's support
 * object and provider administration; then a session on that profile
 * (MAPILogonEx, OpenMsgStore), skipped while MAPILogonEx is a stub.
 */

#include "profile_test.h"
#include "sqlms.h"

#define TZ "tz "

static IProfAdmin *admin;
static IMsgServiceAdmin *services;
static HANDLE profile_lock;

static int setup(void **state)
{
    /* test_profiles asserts that no profile change is under way at times:
     * stay out of its way as its tests that change the default profile do. */
    profile_lock = lock_default_profile();
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    admin = open_prof_admin();
    create_profile(admin, TZ "SQLMS");
    services = admin_services(admin, TZ "SQLMS");
    return 0;
}

static int teardown(void **state)
{
    services->lpVtbl->Release(services);
    remove_profile(admin, TZ "SQLMS");
    admin->lpVtbl->Release(admin);
    MAPIUninitialize();
    unlock_default_profile(profile_lock);
    return 0;
}

static void get_path(const MAPIUID *uid, WCHAR *path)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_SQLMS_DATABASE_PATH_W } };
    IProfSect *section = NULL;
    SPropValue *values = NULL;
    ULONG count = 0;

    path[0] = 0;
    assert_hr_equal(S_OK, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)uid, NULL, MAPI_FORCE_ACCESS, &section));
    if (SUCCEEDED(section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, 0, &count, &values)) &&
        values[0].ulPropTag == PR_SQLMS_DATABASE_PATH_W)
        lstrcpyW(path, values[0].Value.lpszW);
    MAPIFreeBuffer(values);
    section->lpVtbl->Release(section);
}

static void test_service(void **state)
{
    IMsgServiceAdmin2 *services2 = (IMsgServiceAdmin2 *)services;
    SizedSPropTagArray(2, columns) = { 2, { PR_PROVIDER_UID, PR_RESOURCE_TYPE } };
    static const BYTE mdb_provider[16] = SQLMS_MDB_PROVIDER_INIT;
    WCHAR temp[MAX_PATH], path[MAX_PATH], stored[MAX_PATH];
    IProviderAdmin *providers = NULL;
    IMAPITable *table = NULL;
    SRowSet *rows;
    SPropValue prop;
    MAPIUID uid, provider;

    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)SQLMS_SERVICE_NAME, NULL, 0, 0,
                                                                &uid));
    /* One store provider, with SQLMS's PR_MDB_PROVIDER */
    assert_hr_equal(S_OK, services->lpVtbl->AdminProviders(services, &uid, 0, &providers));
    assert_hr_equal(S_OK, providers->lpVtbl->GetProviderTable(providers, 0, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    assert_int_equal(rows->cRows, 1);
    assert_int_equal(row_prop(&rows->aRow[0], PR_RESOURCE_TYPE)->Value.l, MAPI_STORE_PROVIDER);
    memcpy(&provider, row_prop(&rows->aRow[0], PR_PROVIDER_UID)->Value.bin.lpb, sizeof(provider));
    FreeProws(rows);
    IMAPITable_Release(table);
    providers->lpVtbl->Release(providers);
    {
        SizedSPropTagArray(1, tags) = { 1, { PR_MDB_PROVIDER } };
        IProfSect *section = NULL;
        SPropValue *values = NULL;
        ULONG count;

        assert_hr_equal(S_OK, services->lpVtbl->OpenProfileSection(services, &provider, NULL, MAPI_FORCE_ACCESS, &section));
        assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, 0, &count, &values));
        assert_int_equal(values[0].Value.bin.cb, 16);
        assert_memory_equal(values[0].Value.bin.lpb, mdb_provider, 16);
        MAPIFreeBuffer(values);
        section->lpVtbl->Release(section);
    }

    /* Configured: the path reaches the service's section and the store provider's. */
    GetTempPathW(MAX_PATH, temp);
    _snwprintf(path, MAX_PATH, L"%sprofile.sqlms", temp);
    prop.ulPropTag = PR_SQLMS_DATABASE_PATH_W;
    prop.dwAlignPad = 0;
    prop.Value.lpszW = path;
    assert_hr_equal(S_OK, services->lpVtbl->ConfigureMsgService(services, &uid, 0, 0, 1, &prop));
    get_path(&uid, stored);
    assert_int_equal(lstrcmpW(stored, path), 0);
    get_path(&provider, stored);
    assert_int_equal(lstrcmpW(stored, path), 0);

    /* A path the store would not use is refused and changes nothing. */
    prop.Value.lpszW = (WCHAR *)L"..\\elsewhere.sqlms";
    assert_hr_equal(MAPI_E_UNCONFIGURED, services->lpVtbl->ConfigureMsgService(services, &uid, 0, 0, 1, &prop));
    get_path(&provider, stored);
    assert_int_equal(lstrcmpW(stored, path), 0);

    assert_hr_equal(S_OK, services->lpVtbl->DeleteMsgService(services, &uid));
}

/* A property of an object, from the MAPI heap (NULL when it has none). */
static SPropValue *get_prop(IMAPIProp *obj, ULONG tag)
{
    SPropValue *value = NULL;

    if (FAILED(HrGetOneProp(obj, tag, &value))) return NULL;
    return value;
}

static IMAPIFolder *open_folder(IMsgStore *store, const SBinary *eid)
{
    IMAPIFolder *folder = NULL;
    ULONG type = 0;

    assert_hr_equal(S_OK, IMsgStore_OpenEntry(store, eid->cb, (ENTRYID *)eid->lpb, NULL, MAPI_MODIFY, &type,
                                              (IUnknown **)&folder));
    assert_int_equal(type, MAPI_FOLDER);
    return folder;
}

static ULONG count_rows(IMAPIFolder *folder)
{
    IMAPITable *table = NULL;
    ULONG count = 0;

    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(folder, 0, &table));
    assert_hr_equal(S_OK, IMAPITable_GetRowCount(table, 0, &count));
    IMAPITable_Release(table);
    return count;
}

/* The SQLMS store of the profile, as the session's message store table gives it. */
static IMsgStore *open_sqlms_store(IMAPISession *session)
{
    static const BYTE mdb_provider[16] = SQLMS_MDB_PROVIDER_INIT;
    SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_MDB_PROVIDER } };
    IMsgStore *store = NULL;
    IMAPITable *table = NULL;
    SRowSet *rows;
    ULONG i;

    assert_hr_equal(S_OK, IMAPISession_GetMsgStoresTable(session, 0, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *provider = row_prop(&rows->aRow[i], PR_MDB_PROVIDER), *eid;

        if (!provider || provider->Value.bin.cb != 16 || memcmp(provider->Value.bin.lpb, mdb_provider, 16)) continue;
        eid = row_prop(&rows->aRow[i], PR_ENTRYID);
        assert_non_null(eid);
        assert_hr_equal(S_OK, IMAPISession_OpenMsgStore(session, 0, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb,
                                                        NULL, MDB_WRITE | MDB_NO_DIALOG, &store));
        break;
    }
    FreeProws(rows);
    IMAPITable_Release(table);
    assert_non_null(store);
    return store;
}

/* Through a real profile: MAPILogonEx, OpenMsgStore, messages made, submitted
 * and read, StoreLogoff, Release; then a second session finds them. */
static void test_session(void **state)
{
    IMsgServiceAdmin2 *services2 = (IMsgServiceAdmin2 *)services;
    WCHAR temp[MAX_PATH], path[MAX_PATH];
    IMAPISession *session = NULL;
    IMAPIFolder *inbox, *outbox;
    IMessage *message;
    IMsgStore *store;
    IMAPITable *table;
    SPropValue prop, *value, *inbox_eid, *outbox_eid, *message_eid;
    SBinary eid;
    ADRLIST *recips;
    SRowSet *rows;
    ULONG type, flags;
    MAPIUID uid;
    HRESULT hr;

    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)SQLMS_SERVICE_NAME, NULL, 0, 0,
                                                                &uid));
    GetTempPathW(MAX_PATH, temp);
    _snwprintf(path, MAX_PATH, L"%ssession.sqlms", temp);
    DeleteFileW(path);
    prop.ulPropTag = PR_SQLMS_DATABASE_PATH_W;
    prop.dwAlignPad = 0;
    prop.Value.lpszW = path;
    assert_hr_equal(S_OK, services->lpVtbl->ConfigureMsgService(services, &uid, 0, 0, 1, &prop));

    hr = MAPILogonEx(0, (LPSTR)TZ "SQLMS", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL, &session);
    assert_hr_equal(S_OK, hr);
    store = open_sqlms_store(session);

    /* The store's own properties, as the provider wrote them */
    assert_non_null(value = get_prop((IMAPIProp *)store, PR_MDB_PROVIDER));
    MAPIFreeBuffer(value);
    assert_non_null(inbox_eid = get_prop((IMAPIProp *)store, PR_IPM_SUBTREE_ENTRYID));
    MAPIFreeBuffer(inbox_eid);
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(store, (LPTSTR)"IPM.Note", 0, &eid.cb, (ENTRYID **)&eid.lpb,
                                                     NULL));
    inbox = open_folder(store, &eid);
    MAPIFreeBuffer(eid.lpb);
    assert_non_null(outbox_eid = get_prop((IMAPIProp *)store, PR_IPM_OUTBOX_ENTRYID));
    outbox = open_folder(store, &outbox_eid->Value.bin);
    MAPIFreeBuffer(outbox_eid);

    /* A message saved in the inbox, read back through the session's OpenEntry */
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &message));
    prop.ulPropTag = PR_SUBJECT_W;
    prop.Value.lpszW = (WCHAR *)L"kept";
    assert_hr_equal(S_OK, HrSetOneProp((IMAPIProp *)message, &prop));
    assert_hr_equal(S_OK, IMessage_SaveChanges(message, KEEP_OPEN_READWRITE));
    assert_non_null(message_eid = get_prop((IMAPIProp *)message, PR_ENTRYID));
    IMessage_Release(message);
    message = NULL;
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, message_eid->Value.bin.cb,
                                                 (ENTRYID *)message_eid->Value.bin.lpb, NULL, 0, &type,
                                                 (IUnknown **)&message));
    assert_int_equal(type, MAPI_MESSAGE);
    assert_non_null(value = get_prop((IMAPIProp *)message, PR_SUBJECT_W));
    assert_int_equal(lstrcmpW(value->Value.lpszW, L"kept"), 0);
    MAPIFreeBuffer(value);
    IMessage_Release(message);
    MAPIFreeBuffer(message_eid);
    assert_int_equal(count_rows(inbox), 1);

    /* A message submitted from the outbox: MAPI's PrepareSubmit, then the queue */
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(outbox, NULL, 0, &message));
    prop.Value.lpszW = (WCHAR *)L"sent";
    assert_hr_equal(S_OK, HrSetOneProp((IMAPIProp *)message, &prop));
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&recips));
    recips->cEntries = 1;
    recips->aEntries[0].ulReserved1 = 0;
    recips->aEntries[0].cValues = 4;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(4 * sizeof(SPropValue), (void **)&recips->aEntries[0].rgPropVals));
    recips->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
    recips->aEntries[0].rgPropVals[0].Value.lpszW = (WCHAR *)L"Someone";
    recips->aEntries[0].rgPropVals[1].ulPropTag = PR_EMAIL_ADDRESS_W;
    recips->aEntries[0].rgPropVals[1].Value.lpszW = (WCHAR *)L"someone@example.org";
    recips->aEntries[0].rgPropVals[2].ulPropTag = PR_ADDRTYPE_W;
    recips->aEntries[0].rgPropVals[2].Value.lpszW = (WCHAR *)L"SMTP";
    recips->aEntries[0].rgPropVals[3].ulPropTag = PR_RECIPIENT_TYPE;
    recips->aEntries[0].rgPropVals[3].Value.l = MAPI_TO;
    assert_hr_equal(S_OK, IMessage_ModifyRecipients(message, 0, recips));
    FreePadrlist(recips);
    assert_hr_equal(S_OK, IMessage_SubmitMessage(message, 0));
    IMessage_Release(message);
    assert_int_equal(count_rows(outbox), 1);
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(outbox, MAPI_UNICODE, &table));
    {
        SizedSPropTagArray(2, columns) = { 2, { PR_SUBJECT_W, PR_MESSAGE_FLAGS } };

        rows = table_rows(table, (SPropTagArray *)&columns);
        assert_int_equal(rows->cRows, 1);
        assert_int_equal(lstrcmpW(row_prop(&rows->aRow[0], PR_SUBJECT_W)->Value.lpszW, L"sent"), 0);
        assert_true(row_prop(&rows->aRow[0], PR_MESSAGE_FLAGS)->Value.l & MSGFLAG_SUBMIT);
        FreeProws(rows);
    }
    IMAPITable_Release(table);

    /* StoreLogoff, then Release: the folders still hold the store until the
     * session's Logoff, after which what was opened from the store is dead. */
    flags = LOGOFF_ORDERLY;
    assert_hr_equal(S_OK, IMsgStore_StoreLogoff(store, &flags));
    assert_int_equal(IMsgStore_Release(store), 2);
    IMAPIFolder_Release(outbox);
    assert_int_equal(count_rows(inbox), 1);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMAPIFolder_GetContentsTable(inbox, 0, &table));
    IMAPIFolder_Release(inbox);
    IMAPISession_Release(session);

    /* A new session finds both messages where they were */
    session = NULL;
    assert_hr_equal(S_OK, MAPILogonEx(0, (LPSTR)TZ "SQLMS", NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL,
                                      &session));
    store = open_sqlms_store(session);
    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(store, (LPTSTR)"IPM.Note", 0, &eid.cb, (ENTRYID **)&eid.lpb,
                                                     NULL));
    inbox = open_folder(store, &eid);
    MAPIFreeBuffer(eid.lpb);
    assert_int_equal(count_rows(inbox), 1);
    IMAPIFolder_Release(inbox);
    assert_non_null(outbox_eid = get_prop((IMAPIProp *)store, PR_IPM_OUTBOX_ENTRYID));
    outbox = open_folder(store, &outbox_eid->Value.bin);
    MAPIFreeBuffer(outbox_eid);
    assert_int_equal(count_rows(outbox), 1);
    IMAPIFolder_Release(outbox);
    flags = LOGOFF_ORDERLY;
    assert_hr_equal(S_OK, IMsgStore_StoreLogoff(store, &flags));
    assert_int_equal(IMsgStore_Release(store), 0);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);

    assert_hr_equal(S_OK, services->lpVtbl->DeleteMsgService(services, &uid));
    DeleteFileW(path);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_service),
        cmocka_unit_test(test_session),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
