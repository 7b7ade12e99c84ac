/*
 * The sample store's message service in a real profile: SQLMS from the test
 * mapisvc.inf, created and configured through IMsgServiceAdmin, which calls
 * SQLMSServiceEntry (sqlms.dll, loaded as sqlms32.dll) with MAPI's support
 * object and provider administration.
 */

#include "profile_test.h"
#include "sqlms.h"

#define TZ "tz "

static IProfAdmin *admin;
static IMsgServiceAdmin *services;

static int setup(void **state)
{
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

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_service),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
