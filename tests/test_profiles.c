/*
 * MAPIAdminProfiles and IProfAdmin: profiles made, listed, copied, renamed,
 * deleted and set as default, read back from the registry where Windows'
 * MAPI keeps them; two processes writing one profile; a writer killed in the
 * middle of a change; the journal that undoes an interrupted change.
 */

#include "profile_test.h"

#define TP "tp "   /* this program's profiles */

static HRESULT (WINAPI *prof_admin_get_last_error)(IUnknown *, HRESULT, ULONG, MAPIERROR **);

static void get_error_text(IProfAdmin *admin, HRESULT hr, char *text, size_t size)
{
    prof_admin_get_last_error = (void *)admin->lpVtbl->GetLastError;
    last_error_text((IUnknown *)admin, prof_admin_get_last_error, hr, text, size);
}

/* The default profile's name now, to put it back after a test */
static void save_default(char *name, DWORD size)
{
    name[0] = 0;
    if (RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_REG_SZ, NULL, name, &size))
        name[0] = 0;
}

static void restore_default(IProfAdmin *admin, const char *name)
{
    admin->lpVtbl->SetDefaultProfile(admin, name[0] ? (LPTSTR)name : NULL, 0);
}

static void test_admin_profiles_bad_input(void **state)
{
    IProfAdmin *admin = (IProfAdmin *)0xdeadbeef;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, MAPIAdminProfiles(0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, MAPIAdminProfiles(0x4, &admin));
    assert_null(admin);

    MAPIUninitialize();
    admin = (IProfAdmin *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NOT_INITIALIZED, MAPIAdminProfiles(0, &admin));
    assert_null(admin);
    assert_hr_equal(S_OK, MAPIInitialize(NULL));

    assert_hr_equal(S_OK, MAPIAdminProfiles(MAPI_UNICODE, &admin));
    assert_non_null(admin);
    admin->lpVtbl->Release(admin);
}

static void test_query_interface(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    IUnknown *unknown;

    assert_hr_equal(S_OK, admin->lpVtbl->QueryInterface(admin, &IID_IUnknown, (void **)&unknown));
    assert_ptr_equal(unknown, admin);
    unknown->lpVtbl->Release(unknown);
    assert_hr_equal(S_OK, admin->lpVtbl->QueryInterface(admin, &IID_IProfAdmin, (void **)&unknown));
    unknown->lpVtbl->Release(unknown);
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    admin->lpVtbl->QueryInterface(admin, &IID_IMAPIProp, (void **)&unknown));
    assert_null(unknown);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->QueryInterface(admin, &IID_IUnknown, NULL));
    assert_int_equal(admin->lpVtbl->Release(admin), 0);
}

/* A new profile is a key of its own with MAPI's two sections in it. */
static void test_create_profile_layout(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    BYTE first[64], second[64];
    DWORD type, size;
    char text[512];

    create_profile(admin, TP "Layout");
    create_profile(admin, TP "Layout 2");
    assert_true(profile_key_exists(TP "Layout"));

    /* No services yet: an empty PR_SERVICES, binary as every value */
    size = sizeof(first);
    assert_int_equal(read_section_value(TP "Layout", SERVICES_SECTION, "01023d0e", &type, first, &size), 0);
    assert_int_equal(type, REG_BINARY);
    assert_int_equal(size, 0);

    /* MUID_PROFILE_INSTANCE has a PR_SEARCH_KEY of its own for every profile */
    size = sizeof(first);
    assert_int_equal(read_section_value(TP "Layout", INSTANCE_SECTION, "0102300b", &type, first, &size), 0);
    assert_int_equal(type, REG_BINARY);
    assert_int_equal(size, 16);
    size = sizeof(second);
    assert_int_equal(read_section_value(TP "Layout 2", INSTANCE_SECTION, "0102300b", &type, second, &size), 0);
    assert_int_equal(size, 16);
    assert_memory_not_equal(first, second, 16);

    /* A profile of that name exists: MAPI_E_NO_ACCESS, whatever the case */
    assert_hr_equal(MAPI_E_NO_ACCESS, admin->lpVtbl->CreateProfile(admin, (LPTSTR)TP "Layout", NULL, 0, 0));
    get_error_text(admin, MAPI_E_NO_ACCESS, text, sizeof(text));
    assert_non_null(strstr(text, "exists"));
    assert_hr_equal(MAPI_E_NO_ACCESS, admin->lpVtbl->CreateProfile(admin, (LPTSTR)"TP LAYOUT", NULL, 0, 0));

    remove_profile(admin, TP "Layout");
    remove_profile(admin, TP "Layout 2");
    assert_false(profile_key_exists(TP "Layout"));
    admin->lpVtbl->Release(admin);
}

static void test_create_profile_bad_input(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    char long_name[80];
    char text[512];

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CreateProfile(admin, NULL, NULL, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CreateProfile(admin, (LPTSTR)"", NULL, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CreateProfile(admin, (LPTSTR)" tp lead", NULL, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CreateProfile(admin, (LPTSTR)"tp trail ", NULL, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CreateProfile(admin, (LPTSTR)"tp a\\b", NULL, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CreateProfile(admin, (LPTSTR)"tp\tb", NULL, 0, 0));
    get_error_text(admin, MAPI_E_INVALID_PARAMETER, text, sizeof(text));
    assert_non_null(strstr(text, "not a valid profile name"));
    memset(long_name, 'x', 65);
    long_name[65] = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CreateProfile(admin, (LPTSTR)long_name, NULL, 0, 0));
    long_name[64] = 0;
    remove_profile(admin, long_name);
    assert_hr_equal(S_OK, admin->lpVtbl->CreateProfile(admin, (LPTSTR)long_name, NULL, 0, 0));
    remove_profile(admin, long_name);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, admin->lpVtbl->CreateProfile(admin, (LPTSTR)TP "Flags", NULL, 0, 0x100));
    assert_false(profile_key_exists(TP "Flags"));
    /* MAPI keeps no passwords: one given is ignored */
    remove_profile(admin, TP "Password");
    assert_hr_equal(S_OK, admin->lpVtbl->CreateProfile(admin, (LPTSTR)TP "Password", (LPTSTR)"secret", 0, 0));
    remove_profile(admin, TP "Password");
    admin->lpVtbl->Release(admin);
}

/* MAPI_UNICODE names, with characters outside ASCII, as the registry keeps them */
static void test_unicode_names(void **state)
{
    static const WCHAR name[] = L"tp Pr\x00f3" L"fil \x00fc\x4e2d";
    IProfAdmin *admin = open_prof_admin();
    IMsgServiceAdmin *services;
    WCHAR path[512];
    HKEY key;

    admin->lpVtbl->DeleteProfile(admin, (LPTSTR)name, MAPI_UNICODE);
    assert_hr_equal(S_OK, admin->lpVtbl->CreateProfile(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE));
    swprintf(path, ARRAY_SIZE(path), L"%S\\%s", PROFILES_KEY, name);
    assert_int_equal(RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ, &key), 0);
    RegCloseKey(key);
    assert_hr_equal(S_OK, admin->lpVtbl->AdminServices(admin, (LPTSTR)name, NULL, 0, MAPI_UNICODE, &services));
    services->lpVtbl->Release(services);
    assert_hr_equal(S_OK, admin->lpVtbl->DeleteProfile(admin, (LPTSTR)name, MAPI_UNICODE));
    assert_int_not_equal(RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ, &key), 0);
    admin->lpVtbl->Release(admin);
}

/* The rows of a profile table that are this program's, and whether name is the default */
static ULONG count_rows(IMAPITable *table, const char *name, BOOL *is_default, BOOL unicode)
{
    SizedSPropTagArray(2, columns) = { 2, { unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A, PR_DEFAULT_PROFILE } };
    SRowSet *rows = table_rows(table, (SPropTagArray *)&columns);
    ULONG i, mine = 0;
    char row_name[128];

    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        assert_int_equal(props[0].ulPropTag, columns.aulPropTag[0]);
        assert_int_equal(props[1].ulPropTag, PR_DEFAULT_PROFILE);
        if (unicode) WideCharToMultiByte(CP_ACP, 0, props[0].Value.lpszW, -1, row_name, sizeof(row_name), NULL, NULL);
        else snprintf(row_name, sizeof(row_name), "%s", props[0].Value.lpszA);
        if (strncmp(row_name, TP "Table", strlen(TP "Table"))) continue;
        mine++;
        if (!strcmp(row_name, name)) *is_default = props[1].Value.b;
        else assert_false(props[1].Value.b);
    }
    FreeProws(rows);
    return mine;
}

static void test_profile_table(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    SPropTagArray *columns;
    IMAPITable *table, *unicode_table;
    char saved[128];
    BOOL is_default = FALSE;

    HANDLE default_lock = lock_default_profile();

    save_default(saved, sizeof(saved));
    create_profile(admin, TP "Table A");
    create_profile(admin, TP "Table B");
    assert_hr_equal(S_OK, admin->lpVtbl->SetDefaultProfile(admin, (LPTSTR)TP "Table B", 0));

    assert_hr_equal(S_OK, admin->lpVtbl->GetProfileTable(admin, 0, &table));
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(table, 0, &columns));
    assert_int_equal(columns->cValues, 2);
    assert_int_equal(columns->aulPropTag[0], PR_DISPLAY_NAME_A);
    assert_int_equal(columns->aulPropTag[1], PR_DEFAULT_PROFILE);
    MAPIFreeBuffer(columns);
    assert_int_equal(count_rows(table, TP "Table B", &is_default, FALSE), 2);
    assert_true(is_default);

    /* Static: a profile made afterwards is not in it */
    create_profile(admin, TP "Table C");
    assert_int_equal(count_rows(table, TP "Table B", &is_default, FALSE), 2);
    IMAPITable_Release(table);

    assert_hr_equal(S_OK, admin->lpVtbl->GetProfileTable(admin, MAPI_UNICODE, &unicode_table));
    is_default = FALSE;
    assert_int_equal(count_rows(unicode_table, TP "Table B", &is_default, TRUE), 3);
    assert_true(is_default);
    IMAPITable_Release(unicode_table);

    table = (IMAPITable *)0xdeadbeef;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, admin->lpVtbl->GetProfileTable(admin, 0x10, &table));
    assert_null(table);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->GetProfileTable(admin, 0, NULL));

    remove_profile(admin, TP "Table A");
    remove_profile(admin, TP "Table B");
    remove_profile(admin, TP "Table C");
    restore_default(admin, saved);
    unlock_default_profile(default_lock);
    admin->lpVtbl->Release(admin);
}

static void test_default_profile(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    char saved[128], value[128], text[512];
    DWORD size, type;

    HANDLE default_lock = lock_default_profile();

    save_default(saved, sizeof(saved));
    create_profile(admin, TP "Default");

    /* DefaultProfile, a string value of the Profiles key, with the name as created */
    assert_hr_equal(S_OK, admin->lpVtbl->SetDefaultProfile(admin, (LPTSTR)"TP DEFAULT", 0));
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_ANY, &type, value, &size), 0);
    assert_int_equal(type, REG_SZ);
    assert_string_equal(value, TP "Default");

    assert_hr_equal(MAPI_E_NOT_FOUND, admin->lpVtbl->SetDefaultProfile(admin, (LPTSTR)TP "No Such Profile", 0));
    get_error_text(admin, MAPI_E_NOT_FOUND, text, sizeof(text));
    assert_non_null(strstr(text, TP "No Such Profile"));
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_REG_SZ, NULL, value, &size), 0);
    assert_string_equal(value, TP "Default");
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, admin->lpVtbl->SetDefaultProfile(admin, (LPTSTR)TP "Default", 0x2));

    /* NULL: no default */
    assert_hr_equal(S_OK, admin->lpVtbl->SetDefaultProfile(admin, NULL, 0));
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_ANY, NULL, value, &size),
                     ERROR_FILE_NOT_FOUND);
    assert_hr_equal(S_OK, admin->lpVtbl->SetDefaultProfile(admin, NULL, 0));

    /* Deleting the default profile leaves no default */
    assert_hr_equal(S_OK, admin->lpVtbl->SetDefaultProfile(admin, (LPTSTR)TP "Default", 0));
    assert_hr_equal(S_OK, admin->lpVtbl->DeleteProfile(admin, (LPTSTR)TP "Default", 0));
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_ANY, NULL, value, &size),
                     ERROR_FILE_NOT_FOUND);

    restore_default(admin, saved);
    unlock_default_profile(default_lock);
    admin->lpVtbl->Release(admin);
}

static void test_delete_profile(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    IMsgServiceAdmin *services, *other;
    IMAPITable *table;
    BOOL unused;
    char text[512];

    create_profile(admin, TP "Delete");
    assert_hr_equal(S_OK, admin->lpVtbl->DeleteProfile(admin, (LPTSTR)TP "delete", 0));
    assert_false(profile_key_exists(TP "Delete"));
    assert_hr_equal(MAPI_E_NOT_FOUND, admin->lpVtbl->DeleteProfile(admin, (LPTSTR)TP "Delete", 0));
    get_error_text(admin, MAPI_E_NOT_FOUND, text, sizeof(text));
    assert_non_null(strstr(text, TP "Delete"));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->DeleteProfile(admin, NULL, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, admin->lpVtbl->DeleteProfile(admin, (LPTSTR)TP "Delete", 0x10));

    /* In use: marked, hidden, deleted when no longer used */
    create_profile(admin, TP "Table In Use");
    services = admin_services(admin, TP "Table In Use");
    assert_hr_equal(S_OK, admin->lpVtbl->DeleteProfile(admin, (LPTSTR)TP "Table In Use", 0));
    assert_true(profile_key_exists(TP "Table In Use"));
    assert_hr_equal(S_OK, admin->lpVtbl->GetProfileTable(admin, 0, &table));
    assert_int_equal(count_rows(table, "", &unused, FALSE), 0);
    IMAPITable_Release(table);
    assert_hr_equal(MAPI_E_LOGON_FAILED,
                    admin->lpVtbl->AdminServices(admin, (LPTSTR)TP "Table In Use", NULL, 0, 0, &other));
    assert_null(other);
    assert_hr_equal(MAPI_E_NOT_FOUND, admin->lpVtbl->DeleteProfile(admin, (LPTSTR)TP "Table In Use", 0));
    services->lpVtbl->Release(services);
    assert_false(profile_key_exists(TP "Table In Use"));
    admin->lpVtbl->Release(admin);
}

/* Every section and value of a profile are those of the other, MUID_PROFILE_INSTANCE aside */
static void compare_profiles(const char *a, const char *b)
{
    char path_a[512], path_b[512], section[64], value[32];
    BYTE data_a[1024], data_b[1024];
    DWORD i, j, length, size_a, size_b;
    HKEY key_a, key_b, sub_a, sub_b;
    ULONG sections = 0;

    snprintf(path_a, sizeof(path_a), "%s\\%s", PROFILES_KEY, a);
    snprintf(path_b, sizeof(path_b), "%s\\%s", PROFILES_KEY, b);
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, path_a, 0, KEY_READ, &key_a), 0);
    assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, path_b, 0, KEY_READ, &key_b), 0);
    for (i = 0; length = sizeof(section), !RegEnumKeyExA(key_a, i, section, &length, NULL, NULL, NULL, NULL); i++)
    {
        if (!strcmp(section, INSTANCE_SECTION)) continue;
        sections++;
        assert_int_equal(RegOpenKeyExA(key_a, section, 0, KEY_READ, &sub_a), 0);
        assert_int_equal(RegOpenKeyExA(key_b, section, 0, KEY_READ, &sub_b), 0);
        for (j = 0; length = sizeof(value), size_a = sizeof(data_a),
             !RegEnumValueA(sub_a, j, value, &length, NULL, NULL, data_a, &size_a); j++)
        {
            size_b = sizeof(data_b);
            assert_int_equal(RegQueryValueExA(sub_b, value, NULL, NULL, data_b, &size_b), 0);
            assert_int_equal(size_a, size_b);
            assert_memory_equal(data_a, data_b, size_a);
        }
        RegCloseKey(sub_a);
        RegCloseKey(sub_b);
    }
    assert_true(sections >= 1);
    RegCloseKey(key_a);
    RegCloseKey(key_b);
}

static void add_some_section(IProfAdmin *admin, const char *profile)
{
    static const MAPIUID uid = {{ 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
                                  0xff, 0x01 }};
    SPropValue props[2];
    IMsgServiceAdmin *services = admin_services(admin, profile);
    IProfSect *section;

    assert_hr_equal(S_OK, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&uid, NULL, MAPI_MODIFY, &section));
    props[0].ulPropTag = PR_DISPLAY_NAME_A;
    props[0].Value.lpszA = (char *)"copied section";
    props[1].ulPropTag = PROP_TAG(PT_LONG, 0x6601);
    props[1].Value.l = 42;
    assert_hr_equal(S_OK, section->lpVtbl->SetProps(section, 2, props, NULL));
    section->lpVtbl->Release(section);
    services->lpVtbl->Release(services);
}

static void test_copy_profile(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    BYTE first[16], second[16];
    DWORD size;
    char text[512];

    create_profile(admin, TP "Copy From");
    remove_profile(admin, TP "Copy To");
    add_some_section(admin, TP "Copy From");

    assert_hr_equal(S_OK, admin->lpVtbl->CopyProfile(admin, (LPTSTR)TP "Copy From", NULL, (LPTSTR)TP "Copy To", 0, 0));
    compare_profiles(TP "Copy From", TP "Copy To");
    compare_profiles(TP "Copy To", TP "Copy From");
    size = sizeof(first);
    assert_int_equal(read_section_value(TP "Copy From", INSTANCE_SECTION, "0102300b", NULL, first, &size), 0);
    size = sizeof(second);
    assert_int_equal(read_section_value(TP "Copy To", INSTANCE_SECTION, "0102300b", NULL, second, &size), 0);
    assert_memory_not_equal(first, second, 16);

    assert_hr_equal(MAPI_E_NO_ACCESS,
                    admin->lpVtbl->CopyProfile(admin, (LPTSTR)TP "Copy From", NULL, (LPTSTR)TP "COPY TO", 0, 0));
    get_error_text(admin, MAPI_E_NO_ACCESS, text, sizeof(text));
    assert_non_null(strstr(text, "exists"));
    assert_hr_equal(MAPI_E_NOT_FOUND,
                    admin->lpVtbl->CopyProfile(admin, (LPTSTR)TP "No Such", NULL, (LPTSTR)TP "Copy Other", 0, 0));
    assert_false(profile_key_exists(TP "Copy Other"));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    admin->lpVtbl->CopyProfile(admin, (LPTSTR)TP "Copy From", NULL, (LPTSTR)" bad", 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CopyProfile(admin, NULL, NULL, (LPTSTR)TP "x", 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->CopyProfile(admin, (LPTSTR)TP "x", NULL, NULL, 0, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS,
                    admin->lpVtbl->CopyProfile(admin, (LPTSTR)TP "Copy From", NULL, (LPTSTR)TP "Copy Other", 0, 0x1));
    assert_hr_equal(S_OK, admin->lpVtbl->CopyProfile(admin, (LPTSTR)TP "Copy From", NULL, (LPTSTR)TP "Copy Other", 0,
                                                     MAPI_DIALOG));

    remove_profile(admin, TP "Copy From");
    remove_profile(admin, TP "Copy To");
    remove_profile(admin, TP "Copy Other");
    admin->lpVtbl->Release(admin);
}

static void test_rename_profile(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    IMsgServiceAdmin *services;
    char saved[128], value[128];
    BYTE before[16], after[16];
    DWORD size;

    HANDLE default_lock = lock_default_profile();

    save_default(saved, sizeof(saved));
    create_profile(admin, TP "Rename From");
    remove_profile(admin, TP "Rename To");
    add_some_section(admin, TP "Rename From");
    create_profile(admin, TP "Rename Taken");
    size = sizeof(before);
    assert_int_equal(read_section_value(TP "Rename From", INSTANCE_SECTION, "0102300b", NULL, before, &size), 0);
    assert_hr_equal(S_OK, admin->lpVtbl->SetDefaultProfile(admin, (LPTSTR)TP "Rename From", 0));

    assert_hr_equal(S_OK, admin->lpVtbl->RenameProfile(admin, (LPTSTR)TP "Rename From", NULL, (LPTSTR)TP "Rename To",
                                                       0, 0));
    assert_false(profile_key_exists(TP "Rename From"));
    assert_true(profile_key_exists(TP "Rename To"));
    /* The same profile: its instance key did not change; still the default */
    size = sizeof(after);
    assert_int_equal(read_section_value(TP "Rename To", INSTANCE_SECTION, "0102300b", NULL, after, &size), 0);
    assert_memory_equal(before, after, 16);
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_REG_SZ, NULL, value, &size), 0);
    assert_string_equal(value, TP "Rename To");

    assert_hr_equal(MAPI_E_NO_ACCESS, admin->lpVtbl->RenameProfile(admin, (LPTSTR)TP "Rename To", NULL,
                                                                   (LPTSTR)TP "Rename Taken", 0, 0));
    assert_hr_equal(MAPI_E_NOT_FOUND, admin->lpVtbl->RenameProfile(admin, (LPTSTR)TP "Rename From", NULL,
                                                                   (LPTSTR)TP "Rename Other", 0, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->RenameProfile(admin, (LPTSTR)TP "Rename To", NULL,
                                                                           (LPTSTR)"", 0, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, admin->lpVtbl->RenameProfile(admin, (LPTSTR)TP "Rename To", NULL,
                                                                       (LPTSTR)TP "Rename Other", 0, MAPI_DIALOG));

    /* Only the case changes */
    assert_hr_equal(S_OK, admin->lpVtbl->RenameProfile(admin, (LPTSTR)TP "Rename To", NULL, (LPTSTR)TP "RENAME TO",
                                                       0, 0));
    assert_true(profile_key_exists(TP "RENAME TO"));
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_REG_SZ, NULL, value, &size), 0);
    assert_string_equal(value, TP "RENAME TO");

    /* In use: renamed when no longer used */
    services = admin_services(admin, TP "RENAME TO");
    assert_hr_equal(S_OK, admin->lpVtbl->RenameProfile(admin, (LPTSTR)TP "RENAME TO", NULL, (LPTSTR)TP "Rename Later",
                                                       0, 0));
    assert_true(profile_key_exists(TP "RENAME TO"));
    assert_false(profile_key_exists(TP "Rename Later"));
    services->lpVtbl->Release(services);
    assert_false(profile_key_exists(TP "RENAME TO"));
    assert_true(profile_key_exists(TP "Rename Later"));

    remove_profile(admin, TP "Rename Later");
    remove_profile(admin, TP "Rename Taken");
    restore_default(admin, saved);
    unlock_default_profile(default_lock);
    admin->lpVtbl->Release(admin);
}

static void test_change_password(void **state)
{
    IProfAdmin *admin = open_prof_admin();

    create_profile(admin, TP "Password");
    /* Deprecated: always S_OK, nothing done */
    assert_hr_equal(S_OK, admin->lpVtbl->ChangeProfilePassword(admin, (LPTSTR)TP "Password", (LPTSTR)"old",
                                                               (LPTSTR)"new", 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, admin->lpVtbl->ChangeProfilePassword(admin, (LPTSTR)TP "Password", NULL,
                                                                               NULL, 0x4));
    remove_profile(admin, TP "Password");
    admin->lpVtbl->Release(admin);
}

static void test_admin_services(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    IMsgServiceAdmin *services = (IMsgServiceAdmin *)0xdeadbeef;
    IMsgServiceAdmin2 *services2;
    MAPIERROR *error;
    char text[512];

    remove_profile(admin, TP "Admin Missing");
    assert_hr_equal(MAPI_E_LOGON_FAILED,
                    admin->lpVtbl->AdminServices(admin, (LPTSTR)TP "Admin Missing", NULL, 0, 0, &services));
    assert_null(services);
    get_error_text(admin, MAPI_E_LOGON_FAILED, text, sizeof(text));
    assert_non_null(strstr(text, TP "Admin Missing"));
    /* In Unicode too; nothing for an error that was not the last */
    assert_hr_equal(S_OK, admin->lpVtbl->GetLastError(admin, MAPI_E_LOGON_FAILED, MAPI_UNICODE, &error));
    assert_non_null(error);
    assert_non_null(wcsstr((WCHAR *)error->lpszError, L"tp Admin Missing"));
    assert_non_null(error->lpszComponent);
    MAPIFreeBuffer(error);
    assert_hr_equal(S_OK, admin->lpVtbl->GetLastError(admin, MAPI_E_NOT_FOUND, 0, &error));
    assert_null(error);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, admin->lpVtbl->GetLastError(admin, MAPI_E_LOGON_FAILED, 0x8, &error));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->GetLastError(admin, MAPI_E_LOGON_FAILED, 0, NULL));

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, admin->lpVtbl->AdminServices(admin, NULL, NULL, 0, 0, &services));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    admin->lpVtbl->AdminServices(admin, (LPTSTR)TP "Admin", NULL, 0, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS,
                    admin->lpVtbl->AdminServices(admin, (LPTSTR)TP "Admin", NULL, 0, 0x40, &services));

    create_profile(admin, TP "Admin");
    services = admin_services(admin, TP "Admin");
    assert_hr_equal(S_OK, services->lpVtbl->QueryInterface(services, &IID_IMsgServiceAdmin2, (void **)&services2));
    assert_ptr_equal(services2, services);
    services2->lpVtbl->Release(services2);
    services->lpVtbl->Release(services);
    remove_profile(admin, TP "Admin");
    admin->lpVtbl->Release(admin);
}

/***********************************************************************
 * Two processes, and a process killed while it writes
 */

static const MAPIUID shared_uid = {{ 0x5a, 0x5a, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
                                     0x0c, 0x0d, 0x0e }};

static IProfSect *open_shared_section(IProfAdmin *admin, const char *profile, IMsgServiceAdmin **services)
{
    IProfSect *section = NULL;

    *services = admin_services(admin, profile);
    assert_hr_equal(S_OK, (*services)->lpVtbl->OpenProfileSection(*services, (MAPIUID *)&shared_uid, NULL,
                                                                   MAPI_MODIFY, &section));
    return section;
}

#define WRITES_PER_PROCESS 30

/* A child: sets its own properties one call at a time and adds and removes a service */
static int writer_main(int id)
{
    IProfAdmin *admin;
    IMsgServiceAdmin *services;
    IProfSect *section;
    SPropValue prop;
    MAPIUID uid;
    int i, failures = 0;

    if (FAILED(MAPIInitialize(NULL)) || FAILED(MAPIAdminProfiles(0, &admin))) return 2;
    services = NULL;
    if (FAILED(admin->lpVtbl->AdminServices(admin, (LPTSTR)TP "Shared", NULL, 0, 0, &services))) return 3;
    if (FAILED(services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&shared_uid, NULL, MAPI_MODIFY, &section)))
        return 4;
    for (i = 0; i < WRITES_PER_PROCESS; i++)
    {
        prop.ulPropTag = PROP_TAG(PT_LONG, 0x6600 + id * WRITES_PER_PROCESS + i);
        prop.Value.l = id * 1000 + i;
        if (FAILED(section->lpVtbl->SetProps(section, 1, &prop, NULL))) failures++;
        if (i % 10 == 0)
        {
            IMsgServiceAdmin2 *services2 = (IMsgServiceAdmin2 *)services;

            if (FAILED(services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)"TESTNOENTRY", NULL, 0, 0, &uid)) ||
                FAILED(services->lpVtbl->DeleteMsgService(services, &uid)))
                failures++;
        }
    }
    section->lpVtbl->Release(section);
    services->lpVtbl->Release(services);
    admin->lpVtbl->Release(admin);
    MAPIUninitialize();
    return failures ? 1 : 0;
}

/* A child that writes until it is killed: each call sets 8 values to the same number */
static int killed_writer_main(void)
{
    IProfAdmin *admin;
    IMsgServiceAdmin *services;
    IProfSect *section;
    SPropValue props[8];
    LONG generation;
    int i;

    if (FAILED(MAPIInitialize(NULL)) || FAILED(MAPIAdminProfiles(0, &admin))) return 2;
    if (FAILED(admin->lpVtbl->AdminServices(admin, (LPTSTR)TP "Killed", NULL, 0, 0, &services))) return 3;
    if (FAILED(services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&shared_uid, NULL, MAPI_MODIFY, &section)))
        return 4;
    for (generation = 1; ; generation++)
    {
        for (i = 0; i < ARRAY_SIZE(props); i++)
        {
            props[i].ulPropTag = PROP_TAG(PT_LONG, 0x6700 + i);
            props[i].Value.l = generation;
        }
        if (FAILED(section->lpVtbl->SetProps(section, ARRAY_SIZE(props), props, NULL))) return 5;
    }
}

static HANDLE start_child(const char *arguments)
{
    char exe[MAX_PATH], command[MAX_PATH + 64];
    STARTUPINFOA startup = { sizeof(startup) };
    PROCESS_INFORMATION info;

    assert_true(GetModuleFileNameA(NULL, exe, sizeof(exe)) > 0);
    snprintf(command, sizeof(command), "\"%s\" %s", exe, arguments);
    assert_true(CreateProcessA(exe, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info));
    CloseHandle(info.hThread);
    return info.hProcess;
}

static void test_two_processes(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    IMsgServiceAdmin *services;
    IProfSect *section;
    SPropValue *values;
    SPropTagArray *tags;
    HANDLE children[2];
    DWORD code;
    ULONG count, i;
    MAPIUID uid;

    create_profile(admin, TP "Shared");
    section = open_shared_section(admin, TP "Shared", &services);

    children[0] = start_child("writer 0");
    children[1] = start_child("writer 1");
    assert_int_equal(WaitForMultipleObjects(2, children, TRUE, 90000), WAIT_OBJECT_0);
    for (i = 0; i < 2; i++)
    {
        assert_true(GetExitCodeProcess(children[i], &code));
        assert_int_equal(code, 0);
        CloseHandle(children[i]);
    }

    /* Every value of both is there, and no service is left over */
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewSPropTagArray(2 * WRITES_PER_PROCESS), (void **)&tags));
    tags->cValues = 2 * WRITES_PER_PROCESS;
    for (i = 0; i < tags->cValues; i++) tags->aulPropTag[i] = PROP_TAG(PT_LONG, 0x6600 + i);
    assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, tags, 0, &count, &values));
    assert_int_equal(count, 2 * WRITES_PER_PROCESS);
    for (i = 0; i < count; i++)
    {
        assert_int_equal(values[i].ulPropTag, tags->aulPropTag[i]);
        assert_int_equal(values[i].Value.l, (i / WRITES_PER_PROCESS) * 1000 + i % WRITES_PER_PROCESS);
    }
    MAPIFreeBuffer(values);
    MAPIFreeBuffer(tags);
    assert_false(find_service(services, "TESTNOENTRY", &uid));
    assert_false(journal_left());

    section->lpVtbl->Release(section);
    services->lpVtbl->Release(services);
    remove_profile(admin, TP "Shared");
    admin->lpVtbl->Release(admin);
}

/* A writer killed at any moment leaves every call's values all written or not at all. */
static void test_killed_writer(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    IMsgServiceAdmin *services;
    IProfSect *section;
    SPropValue *values;
    HANDLE child;
    ULONG count, i, round;
    SizedSPropTagArray(8, tags) = { 8, { PROP_TAG(PT_LONG, 0x6700), PROP_TAG(PT_LONG, 0x6701),
        PROP_TAG(PT_LONG, 0x6702), PROP_TAG(PT_LONG, 0x6703), PROP_TAG(PT_LONG, 0x6704), PROP_TAG(PT_LONG, 0x6705),
        PROP_TAG(PT_LONG, 0x6706), PROP_TAG(PT_LONG, 0x6707) } };
    LONG last = 0;

    create_profile(admin, TP "Killed");
    section = open_shared_section(admin, TP "Killed", &services);
    for (round = 0; round < 4; round++)
    {
        child = start_child("killed");
        Sleep(300 + round * 137);
        assert_true(TerminateProcess(child, 9));
        WaitForSingleObject(child, INFINITE);
        CloseHandle(child);

        assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, 0, &count, &values));
        assert_int_equal(count, 8);
        for (i = 0; i < count; i++)
        {
            assert_int_equal(values[i].ulPropTag, tags.aulPropTag[i]);
            assert_int_equal(values[i].Value.l, values[0].Value.l);
        }
        last = values[0].Value.l;
        MAPIFreeBuffer(values);
        assert_false(journal_left());
    }
    assert_true(last > 0);

    section->lpVtbl->Release(section);
    services->lpVtbl->Release(services);
    remove_profile(admin, TP "Killed");
    admin->lpVtbl->Release(admin);
}

/***********************************************************************
 * The journal: what a process that died in the middle of a change leaves
 * (HKCU\Software\Wine\Mapi32\ProfileJournal, see dlls/mapi32/profile.c)
 */

static HKEY write_journal(DWORD state, const char *name, BOOL existed, const char *copy_of)
{
    HKEY journal, entry, data, source;
    char path[512];

    RegDeleteTreeA(HKEY_CURRENT_USER, JOURNAL_KEY);
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, JOURNAL_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &journal, NULL), 0);
    assert_int_equal(RegSetValueExA(journal, "State", 0, REG_DWORD, (BYTE *)&state, sizeof(state)), 0);
    assert_int_equal(RegCreateKeyExA(journal, "0", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &entry, NULL), 0);
    assert_int_equal(RegSetValueExA(entry, "Name", 0, REG_SZ, (BYTE *)name, strlen(name) + 1), 0);
    assert_int_equal(RegSetValueExA(entry, "Existed", 0, REG_DWORD, (BYTE *)&existed, sizeof(DWORD)), 0);
    if (existed)
    {
        snprintf(path, sizeof(path), "%s\\%s", PROFILES_KEY, copy_of);
        assert_int_equal(RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &source), 0);
        assert_int_equal(RegCreateKeyExA(entry, "Data", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &data, NULL), 0);
        assert_int_equal(RegCopyTreeA(source, NULL, data), 0);
        RegCloseKey(data);
        RegCloseKey(source);
    }
    RegCloseKey(entry);
    return journal;
}

/* Any call of the store plays the journal back first */
static void touch_store(IProfAdmin *admin)
{
    IMAPITable *table;

    assert_hr_equal(S_OK, admin->lpVtbl->GetProfileTable(admin, 0, &table));
    IMAPITable_Release(table);
}

static void test_journal_recovery(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    char saved[128], value[128], path[512];
    DWORD size;
    HKEY journal, key;
    HANDLE store;

    HANDLE default_lock = lock_default_profile();

    save_default(saved, sizeof(saved));
    create_profile(admin, TP "Journal");
    add_some_section(admin, TP "Journal");

    /* Died half-way through a change: the change is undone */
    store = lock_profile_store();
    journal = write_journal(1, TP "Journal", TRUE, TP "Journal");
    assert_int_equal(RegSetValueExA(journal, "DefaultProfile", 0, REG_SZ, (BYTE *)TP "Journal",
                                    sizeof(TP "Journal")), 0);
    RegCloseKey(journal);
    snprintf(path, sizeof(path), "%s\\%s\\%s", PROFILES_KEY, TP "Journal", SERVICES_SECTION);
    assert_int_equal(RegDeleteTreeA(HKEY_CURRENT_USER, path), 0);
    snprintf(path, sizeof(path), "%s\\%s\\%s", PROFILES_KEY, TP "Journal", "half written");
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), 0);
    RegCloseKey(key);
    RegDeleteKeyValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile");
    ReleaseMutex(store);
    touch_store(admin);
    assert_false(journal_left());
    snprintf(path, sizeof(path), "%s\\%s\\%s", PROFILES_KEY, TP "Journal", SERVICES_SECTION);
    assert_true(registry_key_exists(path));
    snprintf(path, sizeof(path), "%s\\%s\\%s", PROFILES_KEY, TP "Journal", "half written");
    assert_false(registry_key_exists(path));
    size = sizeof(value);
    assert_int_equal(RegGetValueA(HKEY_CURRENT_USER, PROFILES_KEY, "DefaultProfile", RRF_RT_REG_SZ, NULL, value,
                                  &size), 0);
    assert_string_equal(value, TP "Journal");

    /* Died while a new profile was made: it goes */
    WaitForSingleObject(store, INFINITE);
    RegCloseKey(write_journal(1, TP "Journal New", FALSE, NULL));
    snprintf(path, sizeof(path), "%s\\%s", PROFILES_KEY, TP "Journal New");
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), 0);
    RegCloseKey(key);
    ReleaseMutex(store);
    touch_store(admin);
    assert_false(profile_key_exists(TP "Journal New"));
    assert_false(journal_left());

    /* Died before its copies were complete, or after the change: nothing to undo */
    WaitForSingleObject(store, INFINITE);
    RegCloseKey(write_journal(0, TP "Journal", FALSE, NULL));
    ReleaseMutex(store);
    touch_store(admin);
    assert_true(profile_key_exists(TP "Journal"));
    assert_false(journal_left());
    WaitForSingleObject(store, INFINITE);
    RegCloseKey(write_journal(2, TP "Journal", FALSE, NULL));
    ReleaseMutex(store);
    touch_store(admin);
    assert_true(profile_key_exists(TP "Journal"));
    assert_false(journal_left());

    remove_profile(admin, TP "Journal");
    restore_default(admin, saved);
    unlock_default_profile(default_lock);
    CloseHandle(store);
    admin->lpVtbl->Release(admin);
}

int main(int argc, char **argv)
{
    static const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_admin_profiles_bad_input),
        cmocka_unit_test(test_query_interface),
        cmocka_unit_test(test_create_profile_layout),
        cmocka_unit_test(test_create_profile_bad_input),
        cmocka_unit_test(test_unicode_names),
        cmocka_unit_test(test_profile_table),
        cmocka_unit_test(test_default_profile),
        cmocka_unit_test(test_delete_profile),
        cmocka_unit_test(test_copy_profile),
        cmocka_unit_test(test_rename_profile),
        cmocka_unit_test(test_change_password),
        cmocka_unit_test(test_admin_services),
        cmocka_unit_test(test_two_processes),
        cmocka_unit_test(test_killed_writer),
        cmocka_unit_test(test_journal_recovery),
    };

    profile_prefix = TP;
    if (argc == 3 && !strcmp(argv[1], "writer")) return writer_main(atoi(argv[2]));
    if (argc == 2 && !strcmp(argv[1], "killed")) return killed_writer_main();
    return cmocka_run_group_tests(tests, mapi_setup, mapi_teardown);
}
