/*
 * Status objects through the status table: every row's PR_ENTRYID (MAPI's
 * status entry IDs), IMAPISession::OpenEntry of them reaching each kind of
 * provider's OpenStatusEntry (and IMAPISupport::OpenEntry too), the status
 * objects of MAPI's own rows (the subsystem, the spooler, the integrated
 * address book), bad and stale entry IDs, a provider without a status
 * object, the session's logoff, and the SMTP transport's status object with
 * its server out of reach and held past the session's logoff.
 */

#include <winsock2.h>
#include "initguid.h"
#include "mapiguid.h"
#include "session_test.h"
#include "smtpxp_profile_test.h"

#define PROFILE "StatusTest"
#define PROFILE_AB "StatusTestAB"
#define PROFILE_SMTP "StatusTestSMTP"

static const char * const services[] = { "TestStore", "TestTransport", "TestAB", NULL };
static const char * const ab_only[] = { "TestAB", NULL };
static const char * const smtp_only[] = { "SMTPXP", NULL };

/* MAPI's status entry ID, as status.c lays it out. */
struct status_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG version;
    ULONG resource_type;
    ULONG row_id;
    MAPIUID provider_uid;
};

static const MAPIUID zero_uid;

static int setup(void **state)
{
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_profile(PROFILE, services, FALSE);
    return 0;
}

static int teardown(void **state)
{
    delete_profile(PROFILE);
    MAPIUninitialize();
    return 0;
}

/* The entry ID of the session's status row of a resource type. */
static struct status_entryid row_entryid(IMAPISession *session, ULONG resource_type)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_RESOURCE_TYPE, PR_ENTRYID } };
    struct status_entryid id;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, found = 0;

    memset(&id, 0, sizeof(id));
    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].lpProps[0].Value.l != resource_type) continue;
        assert_int_equal(rows->aRow[i].lpProps[1].ulPropTag, PR_ENTRYID);
        assert_int_equal(rows->aRow[i].lpProps[1].Value.bin.cb, sizeof(id));
        memcpy(&id, rows->aRow[i].lpProps[1].Value.bin.lpb, sizeof(id));
        found++;
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    assert_int_equal(found, 1);
    return id;
}

static HRESULT open_id(IMAPISession *session, const struct status_entryid *id, const IID *iid, ULONG flags,
                       IMAPIStatus **status)
{
    ULONG type = 0;
    HRESULT hr;

    *status = (IMAPIStatus *)0xdeadbeef;
    hr = IMAPISession_OpenEntry(session, sizeof(*id), (ENTRYID *)id, iid, flags, &type, (IUnknown **)status);
    if (SUCCEEDED(hr)) assert_int_equal(type, MAPI_STATUS);
    else assert_null(*status);
    return hr;
}

/* The status object of a row, opened through the table. */
static IMAPIStatus *open_row(IMAPISession *session, ULONG resource_type)
{
    struct status_entryid id = row_entryid(session, resource_type);
    IMAPIStatus *status;

    assert_hr_equal(S_OK, open_id(session, &id, &IID_IMAPIStatus, 0, &status));
    return status;
}

/* The status code of a status object once it has the bits, or what it has after 10 seconds. */
static ULONG wait_status_code(IMAPIStatus *status, ULONG bits)
{
    ULONG code, i;

    for (i = 0; i < 200; i++)
    {
        if (((code = status_long(status, PR_STATUS_CODE)) & bits) == bits) break;
        Sleep(50);
    }
    return code;
}

/* Every row has what MAPI computes: an entry ID of its own, MAPI_STATUS, an instance key, and the
 * columns MAPI supplies. */
static void test_row_entryids(void **state)
{
    static const SizedSPropTagArray(9, columns) =
        { 9, { PR_RESOURCE_TYPE, PR_ENTRYID, PR_ROWID, PR_PROVIDER_UID, PR_OBJECT_TYPE, PR_INSTANCE_KEY,
               PR_PROVIDER_DLL_NAME_A, PR_RESOURCE_FLAGS, PR_DISPLAY_NAME_A } };
    static const SizedSPropTagArray(2, wide_columns) = { 2, { PR_RESOURCE_TYPE, PR_ENTRYID } };
    static const MAPIUID status_uid =
        {{ 0x57, 0x69, 0x6e, 0x65, 0x4d, 0x41, 0x50, 0x49, 0x53, 0x74, 0x61, 0x74, 0x75, 0x73, 0x00, 0x01 }};
    static const ULONG types[] = { MAPI_SUBSYSTEM, MAPI_SPOOLER, MAPI_AB, MAPI_STORE_PROVIDER,
                                   MAPI_TRANSPORT_PROVIDER, MAPI_AB_PROVIDER };
    static const char * const dlls[] = { "mapi32.dll", "mapi32.dll", "mapi32.dll", "testms.dll", "testxp.dll",
                                         "testab.dll" };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_first_store(session);
    struct status_entryid ids[ARRAY_SIZE(types)], id;
    IMAPITable *table;
    SRowSet *rows, *wide;
    ULONG i, j, seen = 0;

    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    table->lpVtbl->Release(table);
    assert_int_equal(rows->cRows, ARRAY_SIZE(types));
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        for (j = 0; j < ARRAY_SIZE(types); j++) if (props[0].Value.l == types[j]) break;
        assert_true(j < ARRAY_SIZE(types));
        seen |= 1 << j;
        assert_int_equal(props[1].ulPropTag, PR_ENTRYID);
        assert_int_equal(props[1].Value.bin.cb, sizeof(id));
        memcpy(&id, props[1].Value.bin.lpb, sizeof(id));
        assert_memory_equal(id.flags, "\0\0\0\0", 4);
        assert_memory_equal(&id.uid, &status_uid, sizeof(MAPIUID));
        assert_int_equal(id.version, 1);
        assert_int_equal(id.resource_type, types[j]);
        assert_int_equal(id.row_id, props[2].Value.l);
        if (j < 3)
        {
            /* MAPI's own rows: no provider. */
            assert_int_equal(PROP_TYPE(props[3].ulPropTag), PT_ERROR);
            assert_memory_equal(&id.provider_uid, &zero_uid, sizeof(MAPIUID));
        }
        else
        {
            assert_int_equal(props[3].ulPropTag, PR_PROVIDER_UID);
            assert_memory_equal(&id.provider_uid, props[3].Value.bin.lpb, sizeof(MAPIUID));
        }
        assert_int_equal(props[4].ulPropTag, PR_OBJECT_TYPE);
        assert_int_equal(props[4].Value.l, MAPI_STATUS);
        assert_int_equal(props[5].ulPropTag, PR_INSTANCE_KEY);
        assert_true(props[5].Value.bin.cb > 0);
        assert_int_equal(props[6].ulPropTag, PR_PROVIDER_DLL_NAME_A);
        assert_string_equal(props[6].Value.lpszA, dlls[j]);
        assert_int_equal(props[7].ulPropTag, PR_RESOURCE_FLAGS);
        assert_int_equal(props[8].ulPropTag, PR_DISPLAY_NAME_A);
        ids[j] = id;
    }
    assert_int_equal(seen, (1 << ARRAY_SIZE(types)) - 1);
    for (i = 0; i < ARRAY_SIZE(types); i++)
        for (j = i + 1; j < ARRAY_SIZE(types); j++) assert_memory_not_equal(&ids[i], &ids[j], sizeof(id));
    for (i = 0; i < rows->cRows; i++)
        for (j = i + 1; j < rows->cRows; j++)
            assert_false(rows->aRow[i].lpProps[5].Value.bin.cb == rows->aRow[j].lpProps[5].Value.bin.cb &&
                         !memcmp(rows->aRow[i].lpProps[5].Value.bin.lpb, rows->aRow[j].lpProps[5].Value.bin.lpb,
                                 rows->aRow[i].lpProps[5].Value.bin.cb));
    FreeProws(rows);

    /* The wide table has the same entry IDs. */
    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&wide_columns, NULL, NULL, 0, &wide));
    table->lpVtbl->Release(table);
    assert_int_equal(wide->cRows, ARRAY_SIZE(types));
    for (i = 0; i < wide->cRows; i++)
    {
        for (j = 0; j < ARRAY_SIZE(types); j++) if (wide->aRow[i].lpProps[0].Value.l == types[j]) break;
        assert_memory_equal(wide->aRow[i].lpProps[1].Value.bin.lpb, &ids[j], sizeof(id));
    }
    FreeProws(wide);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* A provider's row opens the status object of its logon's OpenStatusEntry. */
static void check_provider_row(IMAPISession *session, ULONG resource_type, const char *provider, const char *name)
{
    static const SizedSPropTagArray(3, tags) = { 3, { PR_OBJECT_TYPE, PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A } };
    struct status_entryid id = row_entryid(session, resource_type);
    IMAPIStatus *status;
    SPropValue *props;
    char line[64];
    ULONG count;

    log_reset();
    assert_hr_equal(S_OK, open_id(session, &id, NULL, 0, &status));
    snprintf(line, sizeof(line), "%s:OpenStatusEntry iid=NULL flags=0", provider);
    assert_int_not_equal(log_find(line), -1);
    assert_hr_equal(S_OK, status->lpVtbl->GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    assert_int_equal(props[0].Value.l, MAPI_STATUS);
    assert_int_equal(props[1].Value.l, resource_type);
    assert_string_equal(props[2].Value.lpszA, name);
    MAPIFreeBuffer(props);
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, SUPPRESS_UI));
    snprintf(line, sizeof(line), "%s:status ValidateState flags=0x1", provider);
    assert_int_not_equal(log_find(line), -1);
    status->lpVtbl->Release(status);
    snprintf(line, sizeof(line), "%s:status Release", provider);
    assert_int_not_equal(log_find(line), -1);

    /* The interface asked for, and write access, reach the provider. */
    log_reset();
    assert_hr_equal(S_OK, open_id(session, &id, &IID_IMAPIStatus, MAPI_MODIFY, &status));
    snprintf(line, sizeof(line), "%s:OpenStatusEntry iid=IMAPIStatus flags=0x1", provider);
    assert_int_not_equal(log_find(line), -1);
    status->lpVtbl->Release(status);
    log_reset();
    assert_hr_equal(S_OK, open_id(session, &id, &IID_IMAPIStatus, MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS,
                                  &status));
    assert_int_not_equal(log_find(line), -1);
    status->lpVtbl->Release(status);
}

static void test_open_providers(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_first_store(session);
    struct status_entryid id;
    IMAPIStatus *status;

    check_provider_row(session, MAPI_STORE_PROVIDER, "ms", "Test Store");
    check_provider_row(session, MAPI_TRANSPORT_PROVIDER, "xp", "Test Transport");
    check_provider_row(session, MAPI_AB_PROVIDER, "ab", "Test Address Book");

    /* The transport's status object flushes its queues. */
    log_reset();
    status = open_row(session, MAPI_TRANSPORT_PROVIDER);
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
    assert_int_not_equal(log_find("xp:status FlushQueues flags=0x2"), -1);
    status->lpVtbl->Release(status);

    /* A provider answering MAPI_E_NO_SUPPORT: the program gets that. */
    id = row_entryid(session, MAPI_TRANSPORT_PROVIDER);
    SetEnvironmentVariableA("MAPI_TEST_NO_STATUS", "1");
    log_reset();
    assert_hr_equal(MAPI_E_NO_SUPPORT, open_id(session, &id, NULL, 0, &status));
    assert_int_not_equal(log_find("xp:OpenStatusEntry"), -1);
    id = row_entryid(session, MAPI_STORE_PROVIDER);
    assert_hr_equal(MAPI_E_NO_SUPPORT, open_id(session, &id, &IID_IMAPIStatus, 0, &status));
    SetEnvironmentVariableA("MAPI_TEST_NO_STATUS", NULL);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* A provider's status entry ID names the provider, not the session: another session of the
 * profile opens its own logon's status object with it. */
static void test_other_session(void **state)
{
    IMAPISession *first = logon(PROFILE, 0), *second = logon(PROFILE, MAPI_NO_MAIL);
    struct status_entryid id = row_entryid(first, MAPI_AB_PROVIDER), other = row_entryid(second, MAPI_AB_PROVIDER);
    IMAPIStatus *status;

    assert_memory_equal(&id.provider_uid, &other.provider_uid, sizeof(MAPIUID));
    log_reset();
    assert_hr_equal(S_OK, open_id(second, &id, NULL, 0, &status));
    assert_int_not_equal(log_find("ab:OpenStatusEntry"), -1);
    status->lpVtbl->Release(status);
    /* The second session has no transport (MAPI_NO_MAIL): the first's is not logged on there. */
    id = row_entryid(first, MAPI_TRANSPORT_PROVIDER);
    log_reset();
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, open_id(second, &id, NULL, 0, &status));
    assert_int_equal(log_find("xp:OpenStatusEntry"), -1);
    /* MAPI's rows open in any session. */
    id = row_entryid(first, MAPI_SUBSYSTEM);
    assert_hr_equal(S_OK, open_id(second, &id, NULL, 0, &status));
    status->lpVtbl->Release(status);
    IMAPISession_Release(second);
    IMAPISession_Release(first);
}

/* Entry IDs that are not, or no longer, a status object's. */
static void test_bad_entryids(void **state)
{
    static const BYTE foreign[48] = { 0, 0, 0, 0, 'n', 'o', 't', ' ', 'a', ' ', 's', 't', 'a', 't', 'u', 's' };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_first_store(session);
    struct status_entryid good = row_entryid(session, MAPI_TRANSPORT_PROVIDER), id;
    IMAPIStatus *status;
    ULONG type;

    /* Interfaces other than IMAPIStatus and its bases: the provider is not asked. */
    log_reset();
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, open_id(session, &good, &IID_IMessage, 0, &status));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, open_id(session, &good, &IID_IMAPITable, 0, &status));
    assert_int_equal(log_find("xp:OpenStatusEntry"), -1);
    id = row_entryid(session, MAPI_SUBSYSTEM);
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, open_id(session, &id, &IID_IMsgStore, 0, &status));
    id = row_entryid(session, MAPI_SPOOLER);
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, open_id(session, &id, &IID_IMessage, 0, &status));
    assert_hr_equal(S_OK, open_id(session, &id, &IID_IMAPIProp, 0, &status));
    status->lpVtbl->Release(status);

    /* Not one MAPI made. */
    status = NULL;
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, IMAPISession_OpenEntry(session, sizeof(good) - 1, (ENTRYID *)&good,
                                                                   NULL, 0, &type, (IUnknown **)&status));
    assert_null(status);
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, IMAPISession_OpenEntry(session, 24, (ENTRYID *)&good, NULL, 0, &type,
                                                                   (IUnknown **)&status));
    id = good;
    id.version = 2;
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, open_id(session, &id, NULL, 0, &status));
    id = good;
    id.flags[0] = MAPI_SHORTTERM;
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, open_id(session, &id, NULL, 0, &status));
    id = good;
    id.resource_type = MAPI_PROFILE_PROVIDER;
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, open_id(session, &id, NULL, 0, &status));

    /* A provider the session does not have. */
    id = good;
    id.provider_uid.ab[0] ^= 0xff;
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, open_id(session, &id, NULL, 0, &status));
    id = good;
    id.resource_type = MAPI_STORE_PROVIDER;
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, open_id(session, &id, NULL, 0, &status));
    /* Another row number of the same provider still finds its logon. */
    id = good;
    id.row_id += 100;
    assert_hr_equal(S_OK, open_id(session, &id, NULL, 0, &status));
    status->lpVtbl->Release(status);
    /* Someone else's entry ID. */
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, IMAPISession_OpenEntry(session, sizeof(foreign), (ENTRYID *)foreign,
                                                                   NULL, 0, &type, (IUnknown **)&status));

    /* Bad arguments. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_OpenEntry(session, 0, (ENTRYID *)&good, NULL, 0, &type,
                                                                     (IUnknown **)&status));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_OpenEntry(session, sizeof(good), NULL, NULL, 0, &type,
                                                                     (IUnknown **)&status));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISession_OpenEntry(session, sizeof(good), (ENTRYID *)&good, NULL,
                                                                     0, NULL, (IUnknown **)&status));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISession_OpenEntry(session, sizeof(good), (ENTRYID *)&good, NULL,
                                                                 0x80000000, &type, (IUnknown **)&status));

    /* Stale: the store's row went with the store. */
    id = row_entryid(session, MAPI_STORE_PROVIDER);
    assert_hr_equal(S_OK, open_id(session, &id, NULL, 0, &status));
    status->lpVtbl->Release(status);
    store->lpVtbl->Release(store);
    log_reset();
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, open_id(session, &id, NULL, 0, &status));
    assert_int_equal(log_find("ms:OpenStatusEntry"), -1);
    /* Open again, the store has a new row, and the old entry ID finds it. */
    store = open_first_store(session);
    good = row_entryid(session, MAPI_STORE_PROVIDER);
    assert_int_not_equal(good.row_id, id.row_id);
    assert_hr_equal(S_OK, open_id(session, &id, NULL, 0, &status));
    status->lpVtbl->Release(status);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* The MAPI subsystem's status object: ValidateState reaches every provider; nothing else is supported. */
static void test_subsystem(void **state)
{
    static const SizedSPropTagArray(4, tags) =
        { 4, { PR_RESOURCE_TYPE, PR_OBJECT_TYPE, PR_DISPLAY_NAME_A, PR_ENTRYID } };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_first_store(session);
    struct status_entryid id = row_entryid(session, MAPI_SUBSYSTEM);
    SPropValue *props, value;
    IMAPIStatus *status;
    ULONG count;

    assert_hr_equal(S_OK, open_id(session, &id, NULL, 0, &status));
    assert_hr_equal(S_OK, status->lpVtbl->GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    assert_int_equal(props[0].Value.l, MAPI_SUBSYSTEM);
    assert_int_equal(props[1].Value.l, MAPI_STATUS);
    assert_string_equal(props[2].Value.lpszA, "MAPI Subsystem");
    assert_int_equal(props[3].Value.bin.cb, sizeof(id));
    assert_memory_equal(props[3].Value.bin.lpb, &id, sizeof(id));
    MAPIFreeBuffer(props);
    assert_int_equal(status_long(status, PR_RESOURCE_METHODS), STATUS_VALIDATE_STATE);

    log_reset();
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, 0));
    assert_int_not_equal(log_find("xp:ValidateState flags=0"), -1);
    assert_int_not_equal(log_find("ms:status ValidateState flags=0"), -1);
    assert_int_not_equal(log_find("ab:status ValidateState flags=0"), -1);
    assert_int_not_equal(log_find("ms:status Release"), -1);
    /* Providers without a status object are left out. */
    SetEnvironmentVariableA("MAPI_TEST_NO_STATUS", "1");
    log_reset();
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, CONFIG_CHANGED));
    assert_int_not_equal(log_find("xp:ValidateState flags=0x100000"), -1);
    assert_int_not_equal(log_find("ms:OpenStatusEntry"), -1);
    assert_int_equal(log_find("ms:status ValidateState"), -1);
    SetEnvironmentVariableA("MAPI_TEST_NO_STATUS", NULL);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->ValidateState(status, 0, 0x2));
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->SettingsDialog(status, 0, 0));
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->ChangePassword(status, (LPSTR)"a", (LPSTR)"b", 0));
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
    value.ulPropTag = PR_DISPLAY_NAME_A;
    value.Value.lpszA = (char *)"mine";
    assert_hr_equal(MAPI_E_NO_ACCESS, status->lpVtbl->SetProps(status, 1, &value, NULL));
    assert_hr_equal(MAPI_E_NO_ACCESS, status->lpVtbl->SaveChanges(status, 0));
    status->lpVtbl->Release(status);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* The integrated address book's status object checks the profile's address book providers. */
static void test_address_book(void **state)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_STATUS_CODE, PR_STATUS_STRING_A } };
    IMAPISession *session;
    IMsgServiceAdmin *admin;
    IMAPIStatus *status;
    SPropValue *props;
    ULONG count;

    make_profile(PROFILE_AB, ab_only, FALSE);
    session = logon(PROFILE_AB, MAPI_NO_MAIL);
    status = open_row(session, MAPI_AB);
    assert_int_equal(status_long(status, PR_RESOURCE_TYPE), MAPI_AB);
    assert_int_equal(status_long(status, PR_RESOURCE_METHODS), STATUS_VALIDATE_STATE);
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, 0));
    assert_int_equal(status_long(status, PR_STATUS_CODE), STATUS_AVAILABLE);
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->FlushQueues(status, 0, 0, NULL, 0));
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->SettingsDialog(status, 0, 0));

    /* A second address book added to the profile after the logon is not logged on. */
    assert_hr_equal(S_OK, IMAPISession_AdminServices(session, 0, &admin));
    assert_hr_equal(S_OK, admin->lpVtbl->CreateMsgService(admin, (LPSTR)"TestAB", (LPSTR)"TestAB", 0, 0));
    admin->lpVtbl->Release(admin);
    assert_int_equal(status_long(status, PR_STATUS_CODE), STATUS_AVAILABLE);
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, SUPPRESS_UI));
    assert_hr_equal(S_OK, status->lpVtbl->GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    assert_int_equal(props[0].Value.l, STATUS_FAILURE);
    assert_string_equal(props[1].Value.lpszA, "1 of the profile's 2 address book providers are not logged on");
    MAPIFreeBuffer(props);
    /* The table shows it too. */
    assert_int_equal(status_row_code(session, MAPI_AB), STATUS_FAILURE);
    status->lpVtbl->Release(status);
    IMAPISession_Release(session);

    /* The next session has both. */
    session = logon(PROFILE_AB, MAPI_NO_MAIL);
    status = open_row(session, MAPI_AB);
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, 0));
    assert_int_equal(status_long(status, PR_STATUS_CODE), STATUS_AVAILABLE);
    status->lpVtbl->Release(status);
    IMAPISession_Release(session);
    delete_profile(PROFILE_AB);
}

/* The spooler's row opens the spooler's status object, in a mail session and in a MAPI_NO_MAIL one. */
static void test_spooler(void **state)
{
    IMAPISession *session, *no_mail;
    IMAPIStatus *status, *other;

    /* No spooler in the process: the row says so; ValidateState has nothing to do, nobody flushes. */
    no_mail = logon(PROFILE, MAPI_NO_MAIL);
    other = open_row(no_mail, MAPI_SPOOLER);
    assert_int_equal(status_long(other, PR_RESOURCE_TYPE), MAPI_SPOOLER);
    assert_int_equal(status_long(other, PR_STATUS_CODE), STATUS_OFFLINE);
    assert_int_equal(status_long(other, PR_RESOURCE_METHODS), STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES);
    assert_hr_equal(S_OK, other->lpVtbl->ValidateState(other, 0, 0));
    assert_hr_equal(MAPI_E_BUSY, other->lpVtbl->FlushQueues(other, 0, 0, NULL, FLUSH_UPLOAD));

    session = logon(PROFILE, 0);
    status = open_row(session, MAPI_SPOOLER);
    assert_int_equal(status_long(status, PR_OBJECT_TYPE), MAPI_STATUS);
    assert_true(wait_status_code(status, STATUS_AVAILABLE) & STATUS_AVAILABLE);
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, 0));
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD | FLUSH_DOWNLOAD));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, status->lpVtbl->FlushQueues(status, 0, 4, NULL, FLUSH_UPLOAD));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->FlushQueues(status, 0, 0, NULL, 0x1));
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->SettingsDialog(status, 0, 0));

    /* Now the no-mail session's object shows the agent of this process, and flushes through it. */
    assert_true(wait_status_code(other, STATUS_AVAILABLE) & STATUS_AVAILABLE);
    assert_hr_equal(S_OK, other->lpVtbl->FlushQueues(other, 0, 0, NULL, FLUSH_DOWNLOAD));

    status->lpVtbl->Release(status);
    IMAPISession_Release(session);
    other->lpVtbl->Release(other);
    IMAPISession_Release(no_mail);
}

/* A provider's status object through its support object: IMAPISupport::OpenEntry. */
static void test_support_openentry(void **state)
{
    IMAPISupport *(WINAPI *get_support)(void);
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_first_store(session);
    struct status_entryid id = row_entryid(session, MAPI_TRANSPORT_PROVIDER);
    IMAPISupport *support;
    IMAPIStatus *status = NULL;
    ULONG type = 0;

    get_support = (void *)GetProcAddress(GetModuleHandleA("testms.dll"), "testms_support");
    assert_non_null(get_support);
    assert_non_null((support = get_support()));
    log_reset();
    assert_hr_equal(S_OK, support->lpVtbl->OpenEntry(support, sizeof(id), (ENTRYID *)&id, NULL, 0, &type,
                                                     (IUnknown **)&status));
    assert_int_equal(type, MAPI_STATUS);
    assert_int_not_equal(log_find("xp:OpenStatusEntry"), -1);
    status->lpVtbl->Release(status);
    id = row_entryid(session, MAPI_SPOOLER);
    assert_hr_equal(S_OK, support->lpVtbl->OpenEntry(support, sizeof(id), (ENTRYID *)&id, NULL, 0, &type,
                                                     (IUnknown **)&status));
    assert_int_equal(status_long(status, PR_RESOURCE_TYPE), MAPI_SPOOLER);
    status->lpVtbl->Release(status);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* After Logoff: OpenEntry and MAPI's status objects answer MAPI_E_INVALID_OBJECT. */
static void test_after_logoff(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_RESOURCE_TYPE } };
    IMAPISession *session = logon(PROFILE, 0);
    struct status_entryid id = row_entryid(session, MAPI_TRANSPORT_PROVIDER);
    IMAPIStatus *subsystem = open_row(session, MAPI_SUBSYSTEM), *spooler = open_row(session, MAPI_SPOOLER);
    IMAPIStatus *book = open_row(session, MAPI_AB), *status;
    SPropValue *props;
    ULONG count;

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, open_id(session, &id, NULL, 0, &status));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, subsystem->lpVtbl->ValidateState(subsystem, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, subsystem->lpVtbl->GetProps(subsystem, (SPropTagArray *)&tags, 0,
                                                                       &count, &props));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, spooler->lpVtbl->FlushQueues(spooler, 0, 0, NULL, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, spooler->lpVtbl->ValidateState(spooler, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, book->lpVtbl->ValidateState(book, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, book->lpVtbl->SettingsDialog(book, 0, 0));
    assert_int_equal(subsystem->lpVtbl->Release(subsystem), 0);
    assert_int_equal(spooler->lpVtbl->Release(spooler), 0);
    assert_int_equal(book->lpVtbl->Release(book), 0);
    IMAPISession_Release(session);
}

/* The providers' status objects held past Logoff, which unloads the providers' DLLs: each
 * provider gave them to MakeInvalid at its logoff; MAPI's stubs answer and free them. */
static void test_providers_after_logoff(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_RESOURCE_TYPE } };
    static const ULONG types[] = { MAPI_STORE_PROVIDER, MAPI_TRANSPORT_PROVIDER, MAPI_AB_PROVIDER };
    static const char * const dlls[] = { "testms.dll", "testxp.dll", "testab.dll" };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_first_store(session);
    IMAPIStatus *status[ARRAY_SIZE(types)];
    SPropValue *props;
    ULONG count, i;

    for (i = 0; i < ARRAY_SIZE(types); i++)
    {
        status[i] = open_row(session, types[i]);
        assert_hr_equal(S_OK, status[i]->lpVtbl->GetProps(status[i], (SPropTagArray *)&tags, 0, &count, &props));
        assert_int_equal(props[0].Value.l, types[i]);
        MAPIFreeBuffer(props);
    }
    status[1]->lpVtbl->AddRef(status[1]);
    log_reset();
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_int_not_equal(log_find("ms:status MakeInvalid hr=0"), -1);
    assert_int_not_equal(log_find("xp:status MakeInvalid hr=0"), -1);
    assert_int_not_equal(log_find("ab:status MakeInvalid hr=0"), -1);
    for (i = 0; i < ARRAY_SIZE(types); i++)
    {
        assert_null(GetModuleHandleA(dlls[i]));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, status[i]->lpVtbl->GetProps(status[i], (SPropTagArray *)&tags, 0,
                                                                           &count, &props));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, status[i]->lpVtbl->ValidateState(status[i], 0, 0));
    }
    assert_int_equal(status[1]->lpVtbl->Release(status[1]), 1);
    for (i = 0; i < ARRAY_SIZE(types); i++) assert_int_equal(status[i]->lpVtbl->Release(status[i]), 0);
    assert_int_equal(store->lpVtbl->Release(store), 0);
    IMAPISession_Release(session);
}

/* A port nothing listens on. */
static LONG closed_port(void)
{
    struct sockaddr_in addr = { 0 };
    int size = sizeof(addr);
    WSADATA data;
    SOCKET s;

    assert_int_equal(WSAStartup(MAKEWORD(2, 2), &data), 0);
    s = socket(AF_INET, SOCK_STREAM, 0);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&addr, &size), 0);
    closesocket(s);
    WSACleanup();
    return ntohs(addr.sin_port);
}

static void configure_smtp(LONG port)
{
    WCHAR server[] = L"127.0.0.1", sender[] = L"sender@example.test";
    SPropValue props[3];

    props[0].ulPropTag = PR_SMTPXP_SERVER;
    props[0].Value.lpszW = server;
    props[1].ulPropTag = PR_SMTPXP_PORT;
    props[1].Value.l = port;
    props[2].ulPropTag = PR_SMTPXP_SENDER;
    props[2].Value.lpszW = sender;
    smtpxp_configure(PROFILE_SMTP, ARRAY_SIZE(props), props);
}

/* The SMTP transport's status object, through the status table, with its server out of reach. */
static void test_smtp_transport(void **state)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_OBJECT_TYPE, PR_RESOURCE_TYPE } };
    IMAPISession *session;
    IMAPIStatus *status, *subsystem;
    SPropValue *props;
    ULONG count;

    make_profile(PROFILE_SMTP, smtp_only, FALSE);
    configure_smtp(closed_port());
    session = logon(PROFILE_SMTP, 0);
    status = open_row(session, MAPI_TRANSPORT_PROVIDER);
    assert_hr_equal(S_OK, status->lpVtbl->GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    assert_int_equal(props[0].Value.l, MAPI_STATUS);
    assert_int_equal(props[1].Value.l, MAPI_TRANSPORT_PROVIDER);
    MAPIFreeBuffer(props);
    assert_true(status_long(status, PR_RESOURCE_METHODS) & STATUS_VALIDATE_STATE);

    /* It answers, server or not. */
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, 0));
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, SUPPRESS_UI | CONFIG_CHANGED));
    /* A connection now fails, and says so. */
    assert_hr_equal(MAPI_E_NETWORK_ERROR, status->lpVtbl->ValidateState(status, 0, FORCE_XP_CONNECT));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->ValidateState(status, 0, 0x2));

    /* The subsystem passes on what the transport answered. */
    subsystem = open_row(session, MAPI_SUBSYSTEM);
    assert_hr_equal(S_OK, subsystem->lpVtbl->ValidateState(subsystem, 0, 0));
    assert_hr_equal(MAPI_E_NETWORK_ERROR, subsystem->lpVtbl->ValidateState(subsystem, 0, FORCE_XP_CONNECT));
    subsystem->lpVtbl->Release(subsystem);

    status->lpVtbl->Release(status);
    IMAPISession_Release(session);
    delete_profile(PROFILE_SMTP);
}

/* A program holds the SMTP transport's status object past the session's Logoff, which unloads
 * smtpxp32.dll: the transport gave it to MakeInvalid, so MAPI's stubs answer and free it. */
static void test_smtp_after_logoff(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_STATUS_CODE } };
    IMAPISession *session;
    IMAPIStatus *status;
    SPropValue *props;
    ULONG count;

    make_profile(PROFILE_SMTP, smtp_only, FALSE);
    configure_smtp(closed_port());
    session = logon(PROFILE_SMTP, 0);
    status = open_row(session, MAPI_TRANSPORT_PROVIDER);
    assert_hr_equal(S_OK, status->lpVtbl->GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    MAPIFreeBuffer(props);
    status->lpVtbl->AddRef(status);

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_null(GetModuleHandleA("smtpxp32.dll"));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, status->lpVtbl->GetProps(status, (SPropTagArray *)&tags, 0, &count,
                                                                    &props));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, status->lpVtbl->ValidateState(status, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, status->lpVtbl->FlushQueues(status, 0, 0, NULL, 0));
    /* both references the program had */
    assert_int_equal(status->lpVtbl->Release(status), 1);
    assert_int_equal(status->lpVtbl->Release(status), 0);
    IMAPISession_Release(session);
    delete_profile(PROFILE_SMTP);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_row_entryids),
        cmocka_unit_test(test_open_providers),
        cmocka_unit_test(test_other_session),
        cmocka_unit_test(test_bad_entryids),
        cmocka_unit_test(test_subsystem),
        cmocka_unit_test(test_address_book),
        cmocka_unit_test(test_spooler),
        cmocka_unit_test(test_support_openentry),
        cmocka_unit_test(test_after_logoff),
        cmocka_unit_test(test_providers_after_logoff),
        cmocka_unit_test(test_smtp_transport),
        cmocka_unit_test(test_smtp_after_logoff),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
