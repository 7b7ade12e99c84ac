/*
 * The sample store (sqlms32.dll): its entry points, logon, the store object,
 * its properties, receive folders, StoreLogoff and the end of a logon.
 */

#include "initguid.h"
#include "mapiguid.h"

#include "sqlms_test.h"

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

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_provider_init),
        cmocka_unit_test(test_exports),
        cmocka_unit_test(test_logon),
        cmocka_unit_test(test_logon_bad_input),
        cmocka_unit_test(test_path_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
