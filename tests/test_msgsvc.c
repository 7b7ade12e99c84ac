/*
 * IMsgServiceAdmin(2) and IProviderAdmin with the test message service of
 * tests/mapisvc.inf.in: services made from mapisvc.inf and read back from the
 * registry, the entry point's calls and what it gets, MAPI's "32" rule,
 * services that cannot load, configuration, copies, the provider tables,
 * transport order and the primary identity, and bad input.
 */

#include "profile_test.h"

#define TM "tm "

struct fixture
{
    IProfAdmin *admin;
    IMsgServiceAdmin *services;
    struct testsvc svc;       /* testsvc32.dll, as MAPI loads it for TESTSVC.DLL */
    struct testsvc plain;     /* plainsvc.dll */
};

static const char *profile_of(void **state)
{
    return TM "Services";
}

static int fixture_setup(void **state)
{
    struct fixture *fixture = calloc(1, sizeof(*fixture));

    fixture->admin = open_prof_admin();
    create_profile(fixture->admin, profile_of(state));
    fixture->services = admin_services(fixture->admin, profile_of(state));
    load_testsvc(&fixture->svc, "testsvc32.dll");
    load_testsvc(&fixture->plain, "plainsvc.dll");
    *state = fixture;
    return 0;
}

static int fixture_teardown(void **state)
{
    struct fixture *fixture = *state;

    fixture->services->lpVtbl->Release(fixture->services);
    remove_profile(fixture->admin, TM "Services");
    fixture->admin->lpVtbl->Release(fixture->admin);
    FreeLibrary(fixture->svc.module);
    FreeLibrary(fixture->plain.module);
    free(fixture);
    return 0;
}

static HRESULT (WINAPI *services_get_last_error)(IUnknown *, HRESULT, ULONG, MAPIERROR **);

static void services_error_text(IMsgServiceAdmin *services, HRESULT hr, char *text, size_t size)
{
    services_get_last_error = (void *)services->lpVtbl->GetLastError;
    last_error_text((IUnknown *)services, services_get_last_error, hr, text, size);
}

static MAPIUID create_service(IMsgServiceAdmin *services, const char *name)
{
    IMsgServiceAdmin2 *services2 = (IMsgServiceAdmin2 *)services;
    MAPIUID uid;

    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)name, NULL, 0, 0, &uid));
    return uid;
}

static void section_of(const MAPIUID *uid, char *hex)
{
    mapiuid_to_hex(uid, hex);
}

static void expect_reg(const char *section, const char *value, const void *expected, DWORD expected_size)
{
    BYTE data[512];
    DWORD type, size = sizeof(data);

    assert_int_equal(read_section_value(TM "Services", section, value, &type, data, &size), 0);
    assert_int_equal(type, REG_BINARY);
    assert_int_equal(size, expected_size);
    assert_memory_equal(data, expected, expected_size);
}

static BOOL reg_has(const char *section, const char *value)
{
    BYTE data[512];
    DWORD size = sizeof(data);

    return !read_section_value(TM "Services", section, value, NULL, data, &size);
}

/* The MAPIUIDs of a list value (PR_SERVICES, PR_STORE_PROVIDERS...) */
static ULONG read_uid_list(const char *section, const char *value, MAPIUID *uids, ULONG max)
{
    DWORD size = max * sizeof(MAPIUID);

    if (read_section_value(TM "Services", section, value, NULL, uids, &size)) return 0;
    return size / sizeof(MAPIUID);
}

/* A service made from mapisvc.inf: its sections and values as Windows has them */
static void test_create_service(void **state)
{
    struct fixture *fixture = *state;
    SizedSPropTagArray(8, columns) = { 8, { PR_DISPLAY_NAME_A, PR_INSTANCE_KEY, PR_RESOURCE_FLAGS,
        PR_SERVICE_DLL_NAME_A, PR_SERVICE_ENTRY_NAME, PR_SERVICE_NAME_A, PR_SERVICE_SUPPORT_FILES_A,
        PR_SERVICE_UID } };
    char service[33], store[33], text[64];
    MAPIUID uid, lists[4], providers[4];
    struct testsvc_call call;
    const SPropValue *props;
    IMAPITable *table;
    SRowSet *rows;
    ULONG value;

    uid = create_service(fixture->services, "TESTSVC");
    section_of(&uid, service);

    /* The message service table */
    assert_hr_equal(S_OK, fixture->services->lpVtbl->GetMsgServiceTable(fixture->services, 0, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    assert_int_equal(rows->cRows, 1);
    props = rows->aRow[0].lpProps;
    assert_string_equal(props[0].Value.lpszA, "Test Service");
    assert_int_equal(props[1].Value.bin.cb, sizeof(uid));
    assert_memory_equal(props[1].Value.bin.lpb, &uid, sizeof(uid));
    assert_int_equal(props[2].Value.l, SERVICE_PRIMARY_IDENTITY);
    assert_string_equal(props[3].Value.lpszA, "TESTSVC.DLL");
    assert_string_equal(props[4].Value.lpszA, "TestServiceEntry");
    assert_string_equal(props[5].Value.lpszA, "TESTSVC");
    assert_int_equal(props[6].ulPropTag, PR_SERVICE_SUPPORT_FILES_A);
    assert_int_equal(props[6].Value.MVszA.cValues, 2);
    assert_string_equal(props[6].Value.MVszA.lppszA[1], "TESTSVC.HLP");
    assert_memory_equal(props[7].Value.bin.lpb, &uid, sizeof(uid));
    FreeProws(rows);
    IMAPITable_Release(table);

    /* The service's section: mapisvc.inf's entries as it gives them, and MAPI's */
    expect_reg(service, "001f3d09", L"TESTSVC", sizeof(L"TESTSVC"));
    expect_reg(service, "01023d0c", &uid, sizeof(uid));
    expect_reg(service, "001f3001", L"Test Service", sizeof(L"Test Service"));
    expect_reg(service, "001f3d0a", L"TESTSVC.DLL", sizeof(L"TESTSVC.DLL"));
    expect_reg(service, "001e3d0b", "TestServiceEntry", sizeof("TestServiceEntry"));
    expect_reg(service, "001e6600", "C:\\test\\defab.txt", sizeof("C:\\test\\defab.txt"));
    expect_reg(service, "00036604", "\x06\x00\x00\x00", 4);
    value = 0x10 | SERVICE_SINGLE_COPY;
    expect_reg(service, "00036605", &value, 4);
    expect_reg(service, "01026606", "\x01\x02\xa0\xff", 4);
    assert_true(reg_has(service, "101f3d0f"));
    value = 1;
    expect_reg(service, "00036750", &value, 4);   /* PR_TESTSVC_CREATED, set by its entry point */

    /* One provider of each kind, listed by the service and by the profile */
    assert_int_equal(read_uid_list(service, "01023d00", providers, 4), 1);
    assert_int_equal(read_uid_list(SERVICES_SECTION, "01023d00", lists, 4), 1);
    assert_memory_equal(&lists[0], &providers[0], sizeof(MAPIUID));
    assert_int_equal(read_uid_list(service, "01023d01", lists, 4), 1);
    assert_int_equal(read_uid_list(service, "01023d02", lists, 4), 1);
    assert_int_equal(read_uid_list(SERVICES_SECTION, "01023d0e", lists, 4), 1);
    assert_memory_equal(&lists[0], &uid, sizeof(uid));

    section_of(&providers[0], store);
    expect_reg(store, "0102300c", &providers[0], sizeof(MAPIUID));
    expect_reg(store, "01023d0c", &uid, sizeof(uid));
    expect_reg(store, "001f3d09", L"TESTSVC", sizeof(L"TESTSVC"));
    expect_reg(store, "001f3001", L"Test Store", sizeof(L"Test Store"));
    expect_reg(store, "001f3006", L"Test Message Store", sizeof(L"Test Message Store"));
    expect_reg(store, "001f300a", L"TESTSVC.DLL", sizeof(L"TESTSVC.DLL"));
    value = MAPI_STORE_PROVIDER;
    expect_reg(store, "00033e03", &value, 4);
    value = STATUS_DEFAULT_STORE | STATUS_PRIMARY_STORE;
    expect_reg(store, "00033009", &value, 4);
    expect_reg(store, "01023414", "\x78\xb2\xfa\x70\xaf\xf7\x11\xcd\x9b\xc8\x00\xaa\x00\x2f\xc4\x5a", 16);

    /* The extra section, under the UID mapisvc.inf gives it */
    expect_reg("5b3d2c1a0f1e4d3c8b7a69584736251a", "00036607", "\x01\x00\x00\x00", 4);
    assert_true(reg_has(service, "01023d0d"));

    /* The entry point was called once, to create, with what a service needs */
    assert_int_equal(fixture->svc.call_count(), 1);
    last_call(&fixture->svc, &call);
    assert_int_equal(call.context, MSG_SERVICE_CREATE);
    assert_int_equal(call.flags, 0);
    assert_int_equal(call.ui_param, 0);
    assert_int_equal(call.prop_count, 0);
    assert_true(call.had_provider_admin);
    assert_true(call.had_malloc);
    assert_true(call.had_support);
    assert_true(call.instance_ok);
    assert_int_equal(call.provider_rows, 4);
    assert_hr_equal(S_OK, call.result);
    snprintf(text, sizeof(text), "%s", service);
}

static void test_create_service_flags(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin2 *services2 = (IMsgServiceAdmin2 *)fixture->services;
    struct testsvc_call call;
    char section[33];
    MAPIUID uid;

    /* UI flags and window go to the entry point only when UI is allowed */
    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)"TESTSVC", NULL, 0x1234,
                                                                SERVICE_UI_ALLOWED | SERVICE_NO_RESTART_WARNING,
                                                                &uid));
    last_call(&fixture->svc, &call);
    assert_int_equal(call.flags, SERVICE_UI_ALLOWED);
    assert_int_equal(call.ui_param, 0x1234);
    assert_hr_equal(S_OK, fixture->services->lpVtbl->CreateMsgService(fixture->services, (LPTSTR)"TESTSVC", NULL,
                                                                       0x1234, 0));
    last_call(&fixture->svc, &call);
    assert_int_equal(call.flags, 0);
    assert_int_equal(call.ui_param, 0);

    /* The display name given counts only when mapisvc.inf has none */
    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)L"TESTPLAIN", (LPSTR)L"My Plain",
                                                                0, MAPI_UNICODE, &uid));
    section_of(&uid, section);
    expect_reg(section, "001f3001", L"My Plain", sizeof(L"My Plain"));
    last_call(&fixture->plain, &call);
    assert_int_equal(call.flags, MAPI_UNICODE);
    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)"TESTPLAIN", NULL, 0, 0, &uid));
    section_of(&uid, section);
    expect_reg(section, "001f3001", L"Test Plain Service", sizeof(L"Test Plain Service"));
    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)"TESTSVC", (LPSTR)"Ignored", 0, 0,
                                                                &uid));
    section_of(&uid, section);
    expect_reg(section, "001f3001", L"Test Service", sizeof(L"Test Service"));

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, fixture->services->lpVtbl->CreateMsgService(fixture->services,
                                                                                      (LPTSTR)"TESTSVC", NULL, 0, 0x1));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, fixture->services->lpVtbl->CreateMsgService(fixture->services, NULL,
                                                                                          NULL, 0, 0));
    assert_hr_equal(S_OK, services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)"TESTNOENTRY", NULL, 0, 0, NULL));
}

/* The number of sections of the test profile */
static ULONG count_sections(void)
{
    char path[512];
    DWORD count = 0;
    HKEY key;

    snprintf(path, sizeof(path), "%s\\%s", PROFILES_KEY, TM "Services");
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &key), 0);
    RegQueryInfoKeyA(key, NULL, NULL, NULL, &count, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    return count;
}

static void expect_no_services(struct fixture *fixture)
{
    IMAPITable *table;

    assert_hr_equal(S_OK, fixture->services->lpVtbl->GetMsgServiceTable(fixture->services, 0, &table));
    assert_int_equal(table_row_count(table), 0);
    IMAPITable_Release(table);
}

static void test_create_service_errors(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    ULONG sections = count_sections();
    char text[512];

    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->CreateMsgService(services, (LPTSTR)"NOSUCHSERVICE", NULL, 0,
                                                                         0));
    services_error_text(services, MAPI_E_NOT_FOUND, text, sizeof(text));
    assert_non_null(strstr(text, "NOSUCHSERVICE"));
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->CreateMsgService(services, (LPTSTR)"TESTNOSECTION", NULL, 0,
                                                                         0));
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->CreateMsgService(services, (LPTSTR)"TESTBADPROV", NULL, 0, 0));
    services_error_text(services, MAPI_E_NOT_FOUND, text, sizeof(text));
    assert_non_null(strstr(text, "TESTBADPROV Missing"));

    /* A service whose DLL or entry point is missing is not left behind */
    assert_hr_equal(MAPI_E_NOT_INITIALIZED, services->lpVtbl->CreateMsgService(services, (LPTSTR)"TESTNODLL", NULL, 0,
                                                                               0));
    services_error_text(services, MAPI_E_NOT_INITIALIZED, text, sizeof(text));
    assert_non_null(strstr(text, "NOSUCHSVC.DLL"));
    assert_hr_equal(MAPI_E_NOT_INITIALIZED, services->lpVtbl->CreateMsgService(services, (LPTSTR)"TESTBADENTRY", NULL,
                                                                               0, 0));
    services_error_text(services, MAPI_E_NOT_INITIALIZED, text, sizeof(text));
    assert_non_null(strstr(text, "NoSuchServiceEntry"));

    /* Nor one whose entry point refuses; its MAPIERROR is the extended error */
    fixture->svc.set_result(MSG_SERVICE_CREATE, MAPI_E_USER_CANCEL);
    assert_hr_equal(MAPI_E_USER_CANCEL, services->lpVtbl->CreateMsgService(services, (LPTSTR)"TESTSVC", NULL, 0, 0));
    services_error_text(services, MAPI_E_USER_CANCEL, text, sizeof(text));
    assert_string_equal(text, "testsvc refused context 2");
    fixture->svc.set_result(MSG_SERVICE_CREATE, S_OK);
    expect_no_services(fixture);
    assert_int_equal(count_sections(), sections);

    /* One copy only */
    assert_hr_equal(S_OK, services->lpVtbl->CreateMsgService(services, (LPTSTR)"TESTSINGLE", NULL, 0, 0));
    assert_hr_equal(MAPI_E_NO_ACCESS, services->lpVtbl->CreateMsgService(services, (LPTSTR)"testsingle", NULL, 0, 0));
}

/* testsvc32.dll answers for TESTSVC.DLL; PLAINSVC.DLL, which has no 32 file, as named */
static void test_32_rule(void **state)
{
    struct fixture *fixture = *state;

    create_service(fixture->services, "TESTSVC");
    assert_int_equal(fixture->svc.call_count(), 1);
    assert_int_equal(fixture->plain.call_count(), 0);
    assert_null(GetModuleHandleA("testsvc.dll"));

    create_service(fixture->services, "TESTPLAIN");
    assert_int_equal(fixture->svc.call_count(), 1);
    assert_int_equal(fixture->plain.call_count(), 1);
}

static void test_configure_service(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    SizedSPropTagArray(2, columns) = { 2, { PR_PROVIDER_UID, PR_RESOURCE_TYPE } };
    MAPIUID uid = create_service(services, "TESTSVC"), other, plain;
    struct testsvc_call call;
    SPropValue props[2];
    IMAPITable *table;
    SRowSet *rows;
    char section[33], text[512];
    ULONG i;

    props[0].ulPropTag = PROP_TAG(PT_UNICODE, 0x6700);
    props[0].Value.lpszW = (WCHAR *)L"C:\\mail\\store.db";
    props[1].ulPropTag = PROP_TAG(PT_LONG, 0x6701);
    props[1].Value.l = 7;
    fixture->svc.reset();
    assert_hr_equal(S_OK, services->lpVtbl->ConfigureMsgService(services, &uid, 0, 0, 2, props));
    assert_int_equal(fixture->svc.call_count(), 1);
    last_call(&fixture->svc, &call);
    assert_int_equal(call.context, MSG_SERVICE_CONFIGURE);
    assert_int_equal(call.prop_count, 2);
    assert_int_equal(call.tags[0], props[0].ulPropTag);
    assert_int_equal(call.tags[1], props[1].ulPropTag);
    assert_true(!wcscmp(call.first_string, L"C:\\mail\\store.db"));
    assert_true(call.had_support);

    /* What it stored through its IProviderAdmin */
    section_of(&uid, section);
    expect_reg(section, "001f6700", L"C:\\mail\\store.db", sizeof(L"C:\\mail\\store.db"));
    expect_reg(section, "00036701", "\x07\x00\x00\x00", 4);
    assert_hr_equal(S_OK, services->lpVtbl->GetProviderTable(services, 0, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    assert_int_equal(rows->cRows, 3);
    for (i = 0; i < rows->cRows; i++)
    {
        section_of((MAPIUID *)rows->aRow[i].lpProps[0].Value.bin.lpb, section);
        expect_reg(section, "00036751", "\x01\x00\x00\x00", 4);
    }
    FreeProws(rows);
    IMAPITable_Release(table);

    /* Flags and window go through; the service says what it cannot do */
    assert_hr_equal(MAPI_E_NO_SUPPORT, services->lpVtbl->ConfigureMsgService(services, &uid, 0x42,
                                                                             SERVICE_UI_ALWAYS | MAPI_UNICODE, 0,
                                                                             NULL));
    last_call(&fixture->svc, &call);
    assert_int_equal(call.flags, SERVICE_UI_ALWAYS | MAPI_UNICODE);
    assert_int_equal(call.ui_param, 0x42);
    services_error_text(services, MAPI_E_NO_SUPPORT, text, sizeof(text));
    assert_string_equal(text, "testsvc has no property sheet");
    assert_hr_equal(MAPI_E_UNCONFIGURED, services->lpVtbl->ConfigureMsgService(services, &uid, 0x42, 0, 0, NULL));
    last_call(&fixture->svc, &call);
    assert_int_equal(call.ui_param, 0);

    /* Bad input */
    memset(&other, 0x77, sizeof(other));
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->ConfigureMsgService(services, &other, 0, 0, 2, props));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->ConfigureMsgService(services, NULL, 0, 0, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->ConfigureMsgService(services, &uid, 0, 0, 2, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->ConfigureMsgService(services, &uid, 0, 0x100, 2, props));

    /* A service without an entry point cannot be configured */
    plain = create_service(services, "TESTNOENTRY");
    assert_hr_equal(MAPI_E_NOT_INITIALIZED, services->lpVtbl->ConfigureMsgService(services, &plain, 0, 0, 2, props));
}

static void test_delete_service(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    ULONG sections = count_sections();
    MAPIUID uid = create_service(services, "TESTSVC"), plain = create_service(services, "TESTNOENTRY"), list[4];
    struct testsvc_call call;
    char section[33];

    assert_int_equal(count_sections(), sections + 1 + 3 + 1 + 1 + 1);
    fixture->svc.reset();
    assert_hr_equal(S_OK, services->lpVtbl->DeleteMsgService(services, &uid));
    assert_int_equal(fixture->svc.call_count(), 1);
    last_call(&fixture->svc, &call);
    assert_int_equal(call.context, MSG_SERVICE_DELETE);
    section_of(&uid, section);
    assert_false(reg_has(section, "01023d0c"));
    assert_false(reg_has("5b3d2c1a0f1e4d3c8b7a69584736251a", "00036607"));
    assert_int_equal(count_sections(), sections + 1 + 1);
    assert_int_equal(read_uid_list(SERVICES_SECTION, "01023d0e", list, 4), 1);
    assert_memory_equal(&list[0], &plain, sizeof(plain));
    assert_int_equal(read_uid_list(SERVICES_SECTION, "01023d02", list, 4), 0);

    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->DeleteMsgService(services, &uid));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->DeleteMsgService(services, NULL));
    assert_hr_equal(S_OK, services->lpVtbl->DeleteMsgService(services, &plain));
    expect_no_services(fixture);
    assert_int_equal(count_sections(), sections);
}

/* DeleteProfile says goodbye to every service */
static void test_delete_profile_calls_services(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services;
    struct testsvc_call call;

    create_profile(fixture->admin, TM "Goodbye");
    services = admin_services(fixture->admin, TM "Goodbye");
    create_service(services, "TESTSVC");
    services->lpVtbl->Release(services);
    fixture->svc.reset();
    assert_hr_equal(S_OK, fixture->admin->lpVtbl->DeleteProfile(fixture->admin, (LPTSTR)TM "Goodbye", 0));
    assert_int_equal(fixture->svc.call_count(), 1);
    last_call(&fixture->svc, &call);
    assert_int_equal(call.context, MSG_SERVICE_DELETE);
    assert_false(profile_key_exists(TM "Goodbye"));
}

static void test_default_services(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services;
    MAPIUID uid;

    remove_profile(fixture->admin, TM "Defaults");
    assert_hr_equal(S_OK, fixture->admin->lpVtbl->CreateProfile(fixture->admin, (LPTSTR)TM "Defaults", NULL, 0,
                                                                MAPI_DEFAULT_SERVICES));
    services = admin_services(fixture->admin, TM "Defaults");
    assert_true(find_service(services, "TESTSVC", &uid));
    services->lpVtbl->Release(services);

    /* A default service that fails takes the new profile away */
    fixture->svc.set_result(MSG_SERVICE_CREATE, MAPI_E_CALL_FAILED);
    remove_profile(fixture->admin, TM "Defaults 2");
    assert_hr_equal(MAPI_E_CALL_FAILED, fixture->admin->lpVtbl->CreateProfile(fixture->admin, (LPTSTR)TM "Defaults 2",
                                                                              NULL, 0, MAPI_DEFAULT_SERVICES));
    assert_false(profile_key_exists(TM "Defaults 2"));
    fixture->svc.set_result(MSG_SERVICE_CREATE, S_OK);
    remove_profile(fixture->admin, TM "Defaults");
}

static void test_copy_service(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services, *target;
    MAPIUID uid = create_service(services, "TESTSVC"), copy, providers[4], other;
    char section[33], provider[33];
    BYTE data[64];
    DWORD size;

    create_profile(fixture->admin, TM "Copy Target");
    target = admin_services(fixture->admin, TM "Copy Target");
    fixture->svc.reset();
    assert_hr_equal(S_OK, services->lpVtbl->CopyMsgService(services, &uid, NULL, NULL, &IID_IMsgServiceAdmin, target,
                                                           0, 0));
    assert_int_equal(fixture->svc.call_count(), 0);   /* not called for a copy */
    assert_true(find_service(target, "TESTSVC", &copy));
    assert_memory_not_equal(&copy, &uid, sizeof(uid));

    /* The copy's sections name the copy */
    section_of(&copy, section);
    size = sizeof(providers);
    assert_int_equal(read_section_value(TM "Copy Target", section, "01023d00", NULL, providers, &size), 0);
    assert_int_equal(size, sizeof(MAPIUID));
    section_of(&providers[0], provider);
    size = sizeof(data);
    assert_int_equal(read_section_value(TM "Copy Target", provider, "01023d0c", NULL, data, &size), 0);
    assert_memory_equal(data, &copy, sizeof(copy));
    size = sizeof(data);
    assert_int_equal(read_section_value(TM "Copy Target", provider, "001f3006", NULL, data, &size), 0);
    assert_memory_equal(data, L"Test Message Store", sizeof(L"Test Message Store"));
    size = sizeof(data);
    assert_int_equal(read_section_value(TM "Copy Target", SERVICES_SECTION, "01023d00", NULL, data, &size), 0);
    assert_memory_equal(data, &providers[0], sizeof(MAPIUID));
    /* The extra section goes along, under its own UID */
    size = sizeof(data);
    assert_int_equal(read_section_value(TM "Copy Target", "5b3d2c1a0f1e4d3c8b7a69584736251a", "00036607", NULL,
                                        data, &size), 0);
    assert_int_equal(*(DWORD *)data, 1);

    /* Into the same profile */
    assert_hr_equal(S_OK, services->lpVtbl->CopyMsgService(services, &uid, NULL, NULL, &IID_IMsgServiceAdmin2, services,
                                                           0, 0));
    uid = create_service(services, "TESTSINGLE");
    assert_hr_equal(MAPI_E_NO_ACCESS, services->lpVtbl->CopyMsgService(services, &uid, NULL, NULL,
                                                                       &IID_IMsgServiceAdmin, services, 0, 0));

    memset(&other, 0x42, sizeof(other));
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->CopyMsgService(services, &other, NULL, NULL,
                                                                       &IID_IMsgServiceAdmin, target, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->CopyMsgService(services, &uid, NULL, NULL,
                                                                               &IID_IMsgServiceAdmin, NULL, 0, 0));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, services->lpVtbl->CopyMsgService(services, &uid, NULL, NULL,
                                                                                     &IID_IMAPITable, target, 0, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->CopyMsgService(services, &uid, NULL, NULL,
                                                                           &IID_IMsgServiceAdmin, target, 0, 0x100));
    target->lpVtbl->Release(target);
    remove_profile(fixture->admin, TM "Copy Target");
}

static void test_rename_service(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    MAPIUID uid = create_service(services, "TESTSVC"), other;
    char section[33];

    assert_hr_equal(S_OK, services->lpVtbl->RenameMsgService(services, &uid, 0, (LPTSTR)"Renamed"));
    section_of(&uid, section);
    expect_reg(section, "001f3001", L"Renamed", sizeof(L"Renamed"));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->RenameMsgService(services, &uid, 0x2, (LPTSTR)"x"));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->RenameMsgService(services, &uid, 0, NULL));
    memset(&other, 0x33, sizeof(other));
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->RenameMsgService(services, &other, 0, (LPTSTR)"x"));
}

/* The provider table of the profile, transports in transport order */
static void test_provider_table_and_order(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    SizedSPropTagArray(4, columns) = { 4, { PR_PROVIDER_UID, PR_RESOURCE_TYPE, PR_PROVIDER_ORDINAL,
                                            PR_PROVIDER_DISPLAY_W } };
    MAPIUID transports[2], reversed[2], list[4], other;
    SPropTagArray *all;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, n = 0;

    create_service(services, "TESTSVC");
    create_service(services, "TESTPLAIN");
    assert_hr_equal(S_OK, services->lpVtbl->GetProviderTable(services, MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(table, 0, &all));
    assert_int_equal(all->cValues, 10);
    assert_int_equal(all->aulPropTag[0], PR_INSTANCE_KEY);
    MAPIFreeBuffer(all);
    rows = table_rows(table, (SPropTagArray *)&columns);
    assert_int_equal(rows->cRows, 4);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        assert_int_equal(props[3].ulPropTag, PR_PROVIDER_DISPLAY_W);
        if (props[1].Value.l != MAPI_TRANSPORT_PROVIDER) continue;
        assert_int_equal(props[2].Value.l, n);
        memcpy(&transports[n++], props[0].Value.bin.lpb, sizeof(MAPIUID));
    }
    assert_int_equal(n, 2);
    FreeProws(rows);
    IMAPITable_Release(table);

    reversed[0] = transports[1];
    reversed[1] = transports[0];
    assert_hr_equal(S_OK, services->lpVtbl->MsgServiceTransportOrder(services, 2, reversed, 0));
    assert_int_equal(read_uid_list(SERVICES_SECTION, "01023d02", list, 4), 2);
    assert_memory_equal(list, reversed, sizeof(reversed));
    assert_hr_equal(S_OK, services->lpVtbl->GetProviderTable(services, 0, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        if (props[1].Value.l != MAPI_TRANSPORT_PROVIDER) continue;
        assert_memory_equal(props[0].Value.bin.lpb, &reversed[props[2].Value.l], sizeof(MAPIUID));
    }
    FreeProws(rows);
    IMAPITable_Release(table);

    assert_hr_equal(MAPI_E_BUSY, services->lpVtbl->MsgServiceTransportOrder(services, 1, reversed, 0));
    memset(&other, 0x11, sizeof(other));
    reversed[1] = other;
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->MsgServiceTransportOrder(services, 2, reversed, 0));
    reversed[1] = reversed[0];
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->MsgServiceTransportOrder(services, 2, reversed, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->MsgServiceTransportOrder(services, 2, transports, 1));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->MsgServiceTransportOrder(services, 2, NULL, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->GetProviderTable(services, 0x4, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->GetProviderTable(services, 0, NULL));
}

static HRESULT (WINAPI *provider_admin_get_last_error)(IUnknown *, HRESULT, ULONG, MAPIERROR **);

static void test_provider_admin(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    SizedSPropTagArray(3, columns) = { 3, { PR_PROVIDER_UID, PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A } };
    MAPIUID uid = create_service(services, "TESTSVC"), provider, other, store;
    IProviderAdmin *providers;
    struct testsvc_call call;
    IProfSect *section;
    IMAPITable *table;
    SPropValue prop;
    SRowSet *rows;
    char hex[33], text[512];
    IUnknown *unknown;
    ULONG i, extras = 0;

    assert_hr_equal(S_OK, services->lpVtbl->AdminProviders(services, &uid, 0, &providers));

    /* The service's providers and its extra section, whose PR_RESOURCE_TYPE is an error */
    assert_hr_equal(S_OK, providers->lpVtbl->GetProviderTable(providers, 0, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    assert_int_equal(rows->cRows, 4);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        if (PROP_TYPE(props[1].ulPropTag) == PT_ERROR)
        {
            extras++;
            assert_memory_equal(props[0].Value.bin.lpb, "\x5b\x3d\x2c\x1a", 4);
        }
        else if (props[1].Value.l == MAPI_STORE_PROVIDER) memcpy(&store, props[0].Value.bin.lpb, sizeof(store));
    }
    assert_int_equal(extras, 1);
    FreeProws(rows);
    IMAPITable_Release(table);

    /* Provider sections need MAPI_FORCE_ACCESS */
    assert_hr_equal(MAPI_E_NO_ACCESS, providers->lpVtbl->OpenProfileSection(providers, &store, NULL, 0, &section));
    assert_hr_equal(MAPI_E_NO_ACCESS, services->lpVtbl->OpenProfileSection(services, &store, NULL, 0, &section));
    assert_hr_equal(S_OK, providers->lpVtbl->OpenProfileSection(providers, &store, NULL, MAPI_FORCE_ACCESS, &section));
    section->lpVtbl->Release(section);
    assert_hr_equal(S_OK, services->lpVtbl->OpenProfileSection(services, &store, NULL, MAPI_FORCE_ACCESS, &section));
    section->lpVtbl->Release(section);
    assert_hr_equal(S_OK, providers->lpVtbl->OpenProfileSection(providers, &uid, NULL, MAPI_MODIFY, &section));
    section->lpVtbl->Release(section);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, providers->lpVtbl->OpenProfileSection(providers, NULL, NULL, 0,
                                                                                    &section));

    /* A provider more, from its mapisvc.inf section and the properties given */
    prop.ulPropTag = PR_COMMENT_A;
    prop.Value.lpszA = (char *)"second transport";
    fixture->svc.reset();
    assert_hr_equal(S_OK, providers->lpVtbl->CreateProvider(providers, (LPTSTR)"TESTSVC Second Transport", 1, &prop, 0,
                                                            0, &provider));
    last_call(&fixture->svc, &call);
    assert_int_equal(call.context, MSG_SERVICE_PROVIDER_CREATE);
    mapiuid_to_hex(&provider, hex);
    expect_reg(hex, "001e3004", "second transport", sizeof("second transport"));
    expect_reg(hex, "001f3006", L"Second Test Transport Provider", sizeof(L"Second Test Transport Provider"));
    expect_reg(hex, "01023d0c", &uid, sizeof(uid));
    assert_hr_equal(S_OK, providers->lpVtbl->GetProviderTable(providers, 0, &table));
    assert_int_equal(table_row_count(table), 5);
    IMAPITable_Release(table);

    fixture->svc.reset();
    assert_hr_equal(S_OK, providers->lpVtbl->DeleteProvider(providers, &provider));
    last_call(&fixture->svc, &call);
    assert_int_equal(call.context, MSG_SERVICE_PROVIDER_DELETE);
    assert_false(reg_has(hex, "01023d0c"));
    assert_hr_equal(MAPI_E_NOT_FOUND, providers->lpVtbl->DeleteProvider(providers, &provider));

    /* A service that does not do it: nothing is left */
    fixture->svc.set_result(MSG_SERVICE_PROVIDER_CREATE, MAPI_E_NO_SUPPORT);
    assert_hr_equal(MAPI_E_NO_SUPPORT, providers->lpVtbl->CreateProvider(providers, (LPTSTR)"TESTSVC Second Transport",
                                                                         0, NULL, 0, 0, &provider));
    fixture->svc.set_result(MSG_SERVICE_PROVIDER_CREATE, S_OK);
    provider_admin_get_last_error = (void *)providers->lpVtbl->GetLastError;
    last_error_text((IUnknown *)providers, provider_admin_get_last_error, MAPI_E_NO_SUPPORT, text, sizeof(text));
    assert_string_equal(text, "testsvc refused context 6");
    assert_hr_equal(S_OK, providers->lpVtbl->QueryInterface(providers, &IID_IProviderAdmin, (void **)&unknown));
    assert_ptr_equal(unknown, providers);
    unknown->lpVtbl->Release(unknown);
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    providers->lpVtbl->QueryInterface(providers, &IID_IMsgServiceAdmin, (void **)&unknown));
    assert_hr_equal(S_OK, providers->lpVtbl->GetProviderTable(providers, 0, &table));
    assert_int_equal(table_row_count(table), 4);
    IMAPITable_Release(table);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, providers->lpVtbl->CreateProvider(providers, NULL, 0, NULL, 0, 0,
                                                                                &provider));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, providers->lpVtbl->CreateProvider(providers, (LPTSTR)"x", 1, NULL, 0, 0,
                                                                                &provider));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, providers->lpVtbl->CreateProvider(providers, (LPTSTR)"x", 0, NULL, 0, 0x4,
                                                                            &provider));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, providers->lpVtbl->DeleteProvider(providers, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, providers->lpVtbl->GetProviderTable(providers, 0x8, &table));
    providers->lpVtbl->Release(providers);

    memset(&other, 0x21, sizeof(other));
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->AdminProviders(services, &other, 0, &providers));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->AdminProviders(services, NULL, 0, &providers));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->AdminProviders(services, &uid, 0x10, &providers));
}

static ULONG flags_of(const MAPIUID *uid)
{
    char hex[33];
    ULONG flags = 0;
    DWORD size = sizeof(flags);

    mapiuid_to_hex(uid, hex);
    read_section_value(TM "Services", hex, "00033009", NULL, &flags, &size);
    return flags;
}

static void test_primary_identity(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    MAPIUID first = create_service(services, "TESTSVC"), second = create_service(services, "TESTNOENTRY");
    MAPIUID noident = create_service(services, "TESTNOIDENT"), providers[4], other;
    char hex[33];
    ULONG count, i;

    assert_hr_equal(S_OK, services->lpVtbl->SetPrimaryIdentity(services, &second, 0));
    assert_true(flags_of(&second) & SERVICE_PRIMARY_IDENTITY);
    assert_false(flags_of(&first) & SERVICE_PRIMARY_IDENTITY);
    mapiuid_to_hex(&second, hex);
    count = read_uid_list(hex, "01023d00", providers, 4);
    assert_int_equal(count, 1);
    assert_true(flags_of(&providers[0]) & STATUS_PRIMARY_IDENTITY);

    assert_hr_equal(S_OK, services->lpVtbl->SetPrimaryIdentity(services, &first, 0));
    assert_true(flags_of(&first) & SERVICE_PRIMARY_IDENTITY);
    assert_false(flags_of(&second) & SERVICE_PRIMARY_IDENTITY);
    assert_false(flags_of(&providers[0]) & STATUS_PRIMARY_IDENTITY);
    mapiuid_to_hex(&first, hex);
    count = read_uid_list(hex, "01023d00", providers, 4);
    for (i = 0; i < count; i++) assert_true(flags_of(&providers[i]) & STATUS_PRIMARY_IDENTITY);

    assert_hr_equal(MAPI_E_NO_ACCESS, services->lpVtbl->SetPrimaryIdentity(services, &noident, 0));
    assert_true(flags_of(&first) & SERVICE_PRIMARY_IDENTITY);
    assert_hr_equal(S_OK, services->lpVtbl->SetPrimaryIdentity(services, NULL, 0));
    assert_false(flags_of(&first) & SERVICE_PRIMARY_IDENTITY);
    memset(&other, 0x55, sizeof(other));
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->SetPrimaryIdentity(services, &other, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->SetPrimaryIdentity(services, &first, 1));
}

static void test_service_table(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    SizedSPropTagArray(3, columns) = { 3, { PR_DISPLAY_NAME_W, PR_SERVICE_NAME_W, PR_SERVICE_ENTRY_NAME } };
    IMAPITable *table;
    SRowSet *rows;

    create_service(services, "TESTSVC");
    assert_hr_equal(S_OK, services->lpVtbl->GetMsgServiceTable(services, MAPI_UNICODE, &table));
    create_service(services, "TESTNOENTRY");   /* not in a table made before */
    rows = table_rows(table, (SPropTagArray *)&columns);
    assert_int_equal(rows->cRows, 1);
    assert_int_equal(rows->aRow[0].lpProps[0].ulPropTag, PR_DISPLAY_NAME_W);
    assert_true(!wcscmp(rows->aRow[0].lpProps[0].Value.lpszW, L"Test Service"));
    assert_true(!wcscmp(rows->aRow[0].lpProps[1].Value.lpszW, L"TESTSVC"));
    assert_int_equal(rows->aRow[0].lpProps[2].ulPropTag, PR_SERVICE_ENTRY_NAME);
    assert_string_equal(rows->aRow[0].lpProps[2].Value.lpszA, "TestServiceEntry");
    FreeProws(rows);
    IMAPITable_Release(table);

    /* Sorted by display name */
    assert_hr_equal(S_OK, services->lpVtbl->GetMsgServiceTable(services, MAPI_UNICODE, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    assert_int_equal(rows->cRows, 2);
    assert_true(!wcscmp(rows->aRow[0].lpProps[0].Value.lpszW, L"Test Service"));
    assert_true(!wcscmp(rows->aRow[1].lpProps[0].Value.lpszW, L"Test Service Without Entry"));
    FreeProws(rows);
    IMAPITable_Release(table);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->GetMsgServiceTable(services, 0x1, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->GetMsgServiceTable(services, 0, NULL));
}

int main(void)
{
    static const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup_teardown(test_create_service, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_create_service_flags, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_create_service_errors, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_32_rule, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_configure_service, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_delete_service, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_delete_profile_calls_services, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_default_services, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_copy_service, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_rename_service, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_provider_table_and_order, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_provider_admin, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_primary_identity, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_service_table, fixture_setup, fixture_teardown),
    };

    profile_prefix = TM;
    return cmocka_run_group_tests(tests, mapi_setup, mapi_teardown);
}
