/*
 * IProfSect: profile sections as IMAPIProp objects, every value type written
 * to and read from the registry in Windows' layout, computed and secure
 * properties, changes seen at once (sections are not transacted), and bad
 * input.
 */

#include "profile_test.h"

#define PROFILE "ts Sections"

static const MAPIUID section_uid = {{ 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18, 0x29, 0x3a, 0x4b, 0x5c, 0x6d,
                                      0x7e, 0x8f, 0x90 }};
#define SECTION "a1b2c3d4e5f60718293a4b5c6d7e8f90"

struct fixture
{
    IProfAdmin *admin;
    IMsgServiceAdmin *services;
};

static int fixture_setup(void **state)
{
    struct fixture *fixture = calloc(1, sizeof(*fixture));

    fixture->admin = open_prof_admin();
    create_profile(fixture->admin, PROFILE);
    fixture->services = admin_services(fixture->admin, PROFILE);
    *state = fixture;
    return 0;
}

static int fixture_teardown(void **state)
{
    struct fixture *fixture = *state;

    fixture->services->lpVtbl->Release(fixture->services);
    remove_profile(fixture->admin, PROFILE);
    fixture->admin->lpVtbl->Release(fixture->admin);
    free(fixture);
    return 0;
}

static IProfSect *open_section(struct fixture *fixture, ULONG flags)
{
    IProfSect *section = NULL;

    assert_hr_equal(S_OK, fixture->services->lpVtbl->OpenProfileSection(fixture->services, (MAPIUID *)&section_uid,
                                                                         NULL, flags, &section));
    assert_non_null(section);
    return section;
}

static void check_reg_value(const char *name, const void *expected, DWORD expected_size)
{
    BYTE data[512];
    DWORD type, size = sizeof(data);

    assert_int_equal(read_section_value(PROFILE, SECTION, name, &type, data, &size), 0);
    assert_int_equal(type, REG_BINARY);
    assert_int_equal(size, expected_size);
    assert_memory_equal(data, expected, expected_size);
}

static void test_open_section(void **state)
{
    struct fixture *fixture = *state;
    IMsgServiceAdmin *services = fixture->services;
    IProfSect *section = (IProfSect *)0xdeadbeef;
    IUnknown *unknown;
    char path[512];

    snprintf(path, sizeof(path), "%s\\%s\\%s", PROFILES_KEY, PROFILE, SECTION);
    RegDeleteTreeA(HKEY_CURRENT_USER, path);

    /* A missing section: not found read-only, made with MAPI_MODIFY */
    assert_hr_equal(MAPI_E_NOT_FOUND, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&section_uid, NULL,
                                                                           0, &section));
    assert_null(section);
    assert_false(registry_key_exists(path));
    assert_hr_equal(S_OK, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&section_uid, &IID_IProfSect,
                                                               MAPI_MODIFY, &section));
    assert_true(registry_key_exists(path));
    assert_hr_equal(S_OK, section->lpVtbl->QueryInterface(section, &IID_IMAPIProp, (void **)&unknown));
    unknown->lpVtbl->Release(unknown);
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    section->lpVtbl->QueryInterface(section, &IID_IMAPIFolder, (void **)&unknown));
    assert_int_equal(section->lpVtbl->Release(section), 0);
    assert_hr_equal(S_OK, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&section_uid, NULL, 0, &section));
    section->lpVtbl->Release(section);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->OpenProfileSection(services, NULL, NULL, 0, &section));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&section_uid,
                                                                                   NULL, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&section_uid,
                                                                               NULL, 0x1000, &section));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&section_uid, &IID_IMAPITable, 0,
                                                         &section));
}

/* Each type lands in the registry as the bytes of the value in memory */
static void test_value_layout(void **state)
{
    static const BYTE binary[] = { 0x01, 0x02, 0xa0, 0xff, 0x00 };
    static const GUID guid = { 0x01020304, 0x0506, 0x0708, { 9, 10, 11, 12, 13, 14, 15, 16 } };
    struct fixture *fixture = *state;
    IProfSect *section = open_section(fixture, MAPI_MODIFY);
    SBinary bins[2] = { { 3, (BYTE *)"\x0a\x0b\x0c" }, { 5, (BYTE *)binary } };
    WCHAR *strings[2] = { (WCHAR *)L"one", (WCHAR *)L"three" };
    LONG longs[3] = { 1, -2, 0x7fffffff };
    SPropValue props[13];
    SPropValue *read;
    ULONG count, i;

    memset(props, 0, sizeof(props));
    props[0].ulPropTag = PROP_TAG(PT_LONG, 0x6600);
    props[0].Value.l = 0x12345678;
    props[1].ulPropTag = PROP_TAG(PT_I2, 0x6601);
    props[1].Value.i = -2;
    props[2].ulPropTag = PROP_TAG(PT_BOOLEAN, 0x6602);
    props[2].Value.b = TRUE;
    props[3].ulPropTag = PROP_TAG(PT_DOUBLE, 0x6603);
    props[3].Value.dbl = 1.5;
    props[4].ulPropTag = PROP_TAG(PT_SYSTIME, 0x6604);
    props[4].Value.ft.dwLowDateTime = 0x11223344;
    props[4].Value.ft.dwHighDateTime = 0x01d00000;
    props[5].ulPropTag = PROP_TAG(PT_I8, 0x6605);
    props[5].Value.li.QuadPart = 0x0102030405060708;
    props[6].ulPropTag = PROP_TAG(PT_CLSID, 0x6606);
    props[6].Value.lpguid = (GUID *)&guid;
    props[7].ulPropTag = PR_DISPLAY_NAME_A;
    props[7].Value.lpszA = (char *)"abc";
    props[8].ulPropTag = PROP_TAG(PT_UNICODE, 0x6608);
    props[8].Value.lpszW = (WCHAR *)L"d\x00e9";
    props[9].ulPropTag = PROP_TAG(PT_BINARY, 0x6609);
    props[9].Value.bin.cb = sizeof(binary);
    props[9].Value.bin.lpb = (BYTE *)binary;
    props[10].ulPropTag = PROP_TAG(PT_MV_BINARY, 0x660a);
    props[10].Value.MVbin.cValues = 2;
    props[10].Value.MVbin.lpbin = bins;
    props[11].ulPropTag = PROP_TAG(PT_MV_UNICODE, 0x660b);
    props[11].Value.MVszW.cValues = 2;
    props[11].Value.MVszW.lppszW = strings;
    props[12].ulPropTag = PROP_TAG(PT_MV_LONG, 0x660c);
    props[12].Value.MVl.cValues = 3;
    props[12].Value.MVl.lpl = longs;
    assert_hr_equal(S_OK, section->lpVtbl->SetProps(section, ARRAY_SIZE(props), props, NULL));

    check_reg_value("00036600", "\x78\x56\x34\x12", 4);
    check_reg_value("00026601", "\xfe\xff", 2);
    check_reg_value("000b6602", "\x01\x00", 2);
    check_reg_value("00056603", "\x00\x00\x00\x00\x00\x00\xf8\x3f", 8);
    check_reg_value("00406604", "\x44\x33\x22\x11\x00\x00\xd0\x01", 8);
    check_reg_value("00146605", "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    check_reg_value("00486606", &guid, 16);
    check_reg_value("001e3001", "abc", 4);
    check_reg_value("001f6608", L"d\x00e9", 6);
    check_reg_value("01026609", binary, sizeof(binary));
    /* Multi-valued binary: count, (size, offset) as wide as a pointer, values padded to 4 */
    {
        BYTE expected[4 + 2 * 2 * sizeof(void *) + 4 + 8], *p = expected;
        ULONGLONG header = 4 + 2 * 2 * sizeof(void *);

        memset(expected, 0, sizeof(expected));
        *(DWORD *)p = 2;
        p += 4;
        memcpy(p, &(ULONGLONG){ 3 }, sizeof(void *));
        memcpy(p + sizeof(void *), &header, sizeof(void *));
        p += 2 * sizeof(void *);
        memcpy(p, &(ULONGLONG){ 5 }, sizeof(void *));
        memcpy(p + sizeof(void *), &(ULONGLONG){ header + 4 }, sizeof(void *));
        memcpy(expected + header, "\x0a\x0b\x0c", 3);
        memcpy(expected + header + 4, binary, 5);
        check_reg_value("1102660a", expected, header + 4 + 8);
    }
    /* Multi-valued strings: count, offsets as wide as a pointer, strings padded to 4 */
    {
        BYTE expected[4 + 2 * sizeof(void *) + 8 + 12];
        ULONGLONG header = 4 + 2 * sizeof(void *), second = header + 8;

        memset(expected, 0, sizeof(expected));
        *(DWORD *)expected = 2;
        memcpy(expected + 4, &header, sizeof(void *));
        memcpy(expected + 4 + sizeof(void *), &second, sizeof(void *));
        memcpy(expected + header, L"one", 8);
        memcpy(expected + second, L"three", 12);
        check_reg_value("101f660b", expected, second + 12);
    }
    check_reg_value("1003660c", "\x03\x00\x00\x00\x01\x00\x00\x00\xfe\xff\xff\xff\xff\xff\xff\x7f", 16);

    /* One value per identifier: a new type replaces the old */
    props[7].ulPropTag = PR_DISPLAY_NAME_W;
    props[7].Value.lpszW = (WCHAR *)L"abc";
    assert_hr_equal(S_OK, section->lpVtbl->SetProps(section, 1, &props[7], NULL));
    check_reg_value("001f3001", L"abc", 8);
    {
        BYTE data[16];
        DWORD size = sizeof(data);
        assert_int_equal(read_section_value(PROFILE, SECTION, "001e3001", NULL, data, &size), ERROR_FILE_NOT_FOUND);
    }

    /* What was written reads back the same */
    {
        SizedSPropTagArray(13, tags) = { 13, { 0 } };

        for (i = 0; i < ARRAY_SIZE(props); i++) tags.aulPropTag[i] = props[i].ulPropTag;
        assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &read));
        assert_int_equal(count, ARRAY_SIZE(props));
        for (i = 0; i < count; i++)
        {
            assert_int_equal(read[i].ulPropTag, props[i].ulPropTag);
            assert_true(FPropCompareProp(&read[i], RELOP_EQ, &props[i]));
        }
        MAPIFreeBuffer(read);
    }
    section->lpVtbl->Release(section);
}

static void write_raw(const char *name, const void *data, DWORD size)
{
    char path[512];
    HKEY key;

    snprintf(path, sizeof(path), "%s\\%s\\%s", PROFILES_KEY, PROFILE, SECTION);
    assert_int_equal(RegCreateKeyExA(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL), 0);
    assert_int_equal(RegSetValueExA(key, name, 0, REG_BINARY, data, size), 0);
    RegCloseKey(key);
}

/* Values as Windows writes them are read, 32-bit descriptors too; what is no value is skipped */
static void test_registry_values_read(void **state)
{
    struct fixture *fixture = *state;
    IProfSect *section = open_section(fixture, MAPI_MODIFY);
    SizedSPropTagArray(5, tags) = { 5, { PR_COMMENT_A, PROP_TAG(PT_MV_BINARY, 0x6610), PROP_TAG(PT_LONG, 0x6611),
                                         PROP_TAG(PT_MV_STRING8, 0x6612), PROP_TAG(PT_BOOLEAN, 0x6613) } };
    static const BYTE mv32[] = { 2, 0, 0, 0,  2, 0, 0, 0, 20, 0, 0, 0,  1, 0, 0, 0, 24, 0, 0, 0,
                                 0xaa, 0xbb, 0, 0,  0xcc, 0, 0, 0 };
    static const BYTE strings32[] = { 2, 0, 0, 0,  12, 0, 0, 0,  16, 0, 0, 0,  'a', 'b', 0, 0,  'c', 0, 0, 0 };
    SPropTagArray *list;
    SPropValue *values;
    ULONG count, i;
    HRESULT hr;

    write_raw("001e3004", "a comment", 10);
    write_raw("11026610", mv32, sizeof(mv32));
    write_raw("00036611", "\x01\x02", 2);            /* too short for a PT_LONG: skipped */
    write_raw("101e6612", strings32, sizeof(strings32));
    write_raw("000b6613", "\x01\x00\x00\x00", 4);    /* a four-byte boolean */
    write_raw("not a tag", "x", 1);

    hr = section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, 0, &count, &values);
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, hr);
    assert_int_equal(count, 5);
    assert_int_equal(values[0].ulPropTag, PR_COMMENT_A);
    assert_string_equal(values[0].Value.lpszA, "a comment");
    assert_int_equal(values[1].ulPropTag, PROP_TAG(PT_MV_BINARY, 0x6610));
    assert_int_equal(values[1].Value.MVbin.cValues, 2);
    assert_int_equal(values[1].Value.MVbin.lpbin[0].cb, 2);
    assert_memory_equal(values[1].Value.MVbin.lpbin[0].lpb, "\xaa\xbb", 2);
    assert_int_equal(values[1].Value.MVbin.lpbin[1].cb, 1);
    assert_memory_equal(values[1].Value.MVbin.lpbin[1].lpb, "\xcc", 1);
    assert_int_equal(values[2].ulPropTag, PROP_TAG(PT_ERROR, 0x6611));
    assert_int_equal(values[3].ulPropTag, PROP_TAG(PT_MV_STRING8, 0x6612));
    assert_int_equal(values[3].Value.MVszA.cValues, 2);
    assert_string_equal(values[3].Value.MVszA.lppszA[0], "ab");
    assert_string_equal(values[3].Value.MVszA.lppszA[1], "c");
    assert_int_equal(values[4].ulPropTag, PROP_TAG(PT_BOOLEAN, 0x6613));
    assert_true(values[4].Value.b);
    MAPIFreeBuffer(values);

    assert_hr_equal(S_OK, section->lpVtbl->GetPropList(section, 0, &list));
    for (i = 0; i < list->cValues; i++) assert_int_not_equal(PROP_ID(list->aulPropTag[i]), 0x6611);
    MAPIFreeBuffer(list);
    section->lpVtbl->Release(section);
}

static void test_computed_props(void **state)
{
    struct fixture *fixture = *state;
    IProfSect *section = open_section(fixture, MAPI_MODIFY);
    SizedSPropTagArray(2, tags) = { 2, { PR_OBJECT_TYPE, PR_PROFILE_NAME_A } };
    SizedSPropTagArray(1, unspecified) = { 1, { PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_PROFILE_NAME_A)) } };
    SPropProblemArray *problems;
    SPropValue *values, set[3];
    ULONG count;

    assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(count, 2);
    assert_int_equal(values[0].ulPropTag, PR_OBJECT_TYPE);
    assert_int_equal(values[0].Value.l, MAPI_PROFSECT);
    assert_int_equal(values[1].ulPropTag, PR_PROFILE_NAME_A);
    assert_string_equal(values[1].Value.lpszA, PROFILE);
    MAPIFreeBuffer(values);
    assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, (SPropTagArray *)&unspecified, MAPI_UNICODE, &count,
                                                    &values));
    assert_int_equal(values[0].ulPropTag, PR_PROFILE_NAME_W);
    assert_true(!wcscmp(values[0].Value.lpszW, L"ts Sections"));
    MAPIFreeBuffer(values);

    /* Read-only: reported as problems, the rest is set */
    set[0].ulPropTag = PR_PROFILE_NAME_A;
    set[0].Value.lpszA = (char *)"other";
    set[1].ulPropTag = PROP_TAG(PT_LONG, 0x8001);   /* a named property's identifier */
    set[1].Value.l = 1;
    set[2].ulPropTag = PROP_TAG(PT_LONG, 0x6620);
    set[2].Value.l = 20;
    assert_hr_equal(S_OK, section->lpVtbl->SetProps(section, 3, set, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 2);
    assert_int_equal(problems->aProblem[0].ulIndex, 0);
    assert_int_equal(problems->aProblem[0].scode, MAPI_E_COMPUTED);
    assert_int_equal(problems->aProblem[1].ulIndex, 1);
    assert_int_equal(problems->aProblem[1].scode, MAPI_E_UNEXPECTED_ID);
    MAPIFreeBuffer(problems);
    check_reg_value("00036620", "\x14\x00\x00\x00", 4);

    assert_hr_equal(S_OK, section->lpVtbl->DeleteProps(section, (SPropTagArray *)&tags, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 2);
    assert_int_equal(problems->aProblem[0].scode, MAPI_E_COMPUTED);
    MAPIFreeBuffer(problems);

    /* No named properties */
    assert_hr_equal(MAPI_E_NO_SUPPORT, section->lpVtbl->GetIDsFromNames(section, 0, NULL, 0, NULL));
    assert_hr_equal(MAPI_E_NO_SUPPORT, section->lpVtbl->GetNamesFromIDs(section, NULL, NULL, 0, &count, NULL));
    section->lpVtbl->Release(section);
}

/* Secure properties: kept encrypted, given only when asked for */
static void test_secure_props(void **state)
{
    struct fixture *fixture = *state;
    IProfSect *section = open_section(fixture, MAPI_MODIFY);
    SizedSPropTagArray(1, tags) = { 1, { PROP_TAG(PT_UNICODE, 0x67f0) } };
    SPropTagArray *list;
    SPropValue secret, *values;
    BYTE data[1024];
    DWORD size = sizeof(data), i;
    ULONG count;

    secret.ulPropTag = PROP_TAG(PT_UNICODE, 0x67f0);
    secret.Value.lpszW = (WCHAR *)L"hunter2 password";
    assert_hr_equal(S_OK, section->lpVtbl->SetProps(section, 1, &secret, NULL));

    assert_int_equal(read_section_value(PROFILE, SECTION, "001f67f0", NULL, data, &size), 0);
    for (i = 0; i + sizeof(L"hunter2") <= size; i++)
        assert_int_not_equal(memcmp(data + i, L"hunter2", sizeof(L"hunter2") - sizeof(WCHAR)), 0);

    assert_hr_equal(S_OK, section->lpVtbl->GetPropList(section, 0, &list));
    for (i = 0; i < list->cValues; i++) assert_int_not_equal(PROP_ID(list->aulPropTag[i]), 0x67f0);
    MAPIFreeBuffer(list);
    assert_true(SUCCEEDED(section->lpVtbl->GetProps(section, NULL, 0, &count, &values)));
    for (i = 0; i < count; i++) assert_int_not_equal(PROP_ID(values[i].ulPropTag), 0x67f0);
    MAPIFreeBuffer(values);

    assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(values[0].ulPropTag, secret.ulPropTag);
    assert_true(!wcscmp(values[0].Value.lpszW, L"hunter2 password"));
    MAPIFreeBuffer(values);
    section->lpVtbl->Release(section);
}

static void test_read_only_section(void **state)
{
    struct fixture *fixture = *state;
    IProfSect *section = open_section(fixture, MAPI_MODIFY);
    SizedSPropTagArray(1, tags) = { 1, { PROP_TAG(PT_LONG, 0x6620) } };
    SPropValue prop;
    IUnknown *unknown;

    section->lpVtbl->Release(section);
    section = open_section(fixture, 0);

    prop.ulPropTag = PROP_TAG(PT_LONG, 0x6621);
    prop.Value.l = 1;
    assert_hr_equal(MAPI_E_NO_ACCESS, section->lpVtbl->SetProps(section, 1, &prop, NULL));
    assert_hr_equal(MAPI_E_NO_ACCESS, section->lpVtbl->DeleteProps(section, (SPropTagArray *)&tags, NULL));
    assert_hr_equal(MAPI_E_NO_ACCESS, section->lpVtbl->OpenProperty(section, PR_BODY_A, &IID_IStream, 0,
                                                                    MAPI_CREATE | MAPI_MODIFY, &unknown));
    assert_hr_equal(S_OK, section->lpVtbl->SaveChanges(section, KEEP_OPEN_READWRITE));
    section->lpVtbl->Release(section);
}

/* Not transacted: a change is in the registry, and seen by another object, at once */
static void test_not_transacted(void **state)
{
    struct fixture *fixture = *state;
    IProfSect *writer = open_section(fixture, MAPI_MODIFY), *reader = open_section(fixture, 0);
    SizedSPropTagArray(1, tags) = { 1, { PROP_TAG(PT_LONG, 0x6630) } };
    SPropValue prop, *values;
    BYTE data[8];
    DWORD size = sizeof(data);
    ULONG count;

    prop.ulPropTag = PROP_TAG(PT_LONG, 0x6630);
    prop.Value.l = 30;
    assert_hr_equal(S_OK, writer->lpVtbl->SetProps(writer, 1, &prop, NULL));
    assert_hr_equal(S_OK, reader->lpVtbl->GetProps(reader, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(values[0].Value.l, 30);
    MAPIFreeBuffer(values);
    check_reg_value("00036630", "\x1e\x00\x00\x00", 4);

    assert_hr_equal(S_OK, writer->lpVtbl->DeleteProps(writer, (SPropTagArray *)&tags, NULL));
    assert_int_equal(read_section_value(PROFILE, SECTION, "00036630", NULL, data, &size), ERROR_FILE_NOT_FOUND);
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, reader->lpVtbl->GetProps(reader, (SPropTagArray *)&tags, 0, &count,
                                                                      &values));
    assert_int_equal(values[0].ulPropTag, PROP_TAG(PT_ERROR, 0x6630));
    assert_int_equal(values[0].Value.err, MAPI_E_NOT_FOUND);
    MAPIFreeBuffer(values);

    assert_hr_equal(S_OK, writer->lpVtbl->SaveChanges(writer, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, writer->lpVtbl->SaveChanges(writer, 0x1000));
    writer->lpVtbl->Release(writer);
    reader->lpVtbl->Release(reader);
}

static void test_copy_to(void **state)
{
    static const MAPIUID other_uid = {{ 0xb1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18, 0x29, 0x3a, 0x4b, 0x5c, 0x6d,
                                        0x7e, 0x8f, 0x91 }};
    struct fixture *fixture = *state;
    IProfSect *section = open_section(fixture, MAPI_MODIFY), *other;
    SizedSPropTagArray(1, moved) = { 1, { PROP_TAG(PT_LONG, 0x6641) } };
    SizedSPropTagArray(2, tags) = { 2, { PROP_TAG(PT_LONG, 0x6640), PROP_TAG(PT_UNICODE, 0x67f1) } };
    SPropValue props[3], *values;
    IPropData *copy;
    BYTE data[8];
    DWORD size = sizeof(data);
    ULONG count;

    props[0].ulPropTag = PROP_TAG(PT_LONG, 0x6640);
    props[0].Value.l = 40;
    props[1].ulPropTag = PROP_TAG(PT_LONG, 0x6641);
    props[1].Value.l = 41;
    props[2].ulPropTag = PROP_TAG(PT_UNICODE, 0x67f1);
    props[2].Value.lpszW = (WCHAR *)L"secret";
    assert_hr_equal(S_OK, section->lpVtbl->SetProps(section, 3, props, NULL));

    /* CopyTo takes all but the secure ones */
    assert_hr_equal(S_OK, CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                      &copy));
    assert_hr_equal(S_OK, section->lpVtbl->CopyTo(section, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, copy, 0, NULL));
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, copy->lpVtbl->GetProps(copy, (SPropTagArray *)&tags, MAPI_UNICODE, &count,
                                                                  &values));
    assert_int_equal(values[0].Value.l, 40);
    assert_int_equal(values[1].ulPropTag, PROP_TAG(PT_ERROR, 0x67f1));
    MAPIFreeBuffer(values);
    copy->lpVtbl->Release(copy);

    /* CopyProps into another section; a move takes them out of this one */
    assert_hr_equal(S_OK, fixture->services->lpVtbl->OpenProfileSection(fixture->services, (MAPIUID *)&other_uid,
                                                                         NULL, MAPI_MODIFY, &other));
    assert_hr_equal(S_OK, section->lpVtbl->CopyProps(section, (SPropTagArray *)&moved, 0, NULL, &IID_IProfSect, other,
                                                     MAPI_MOVE, NULL));
    assert_int_equal(read_section_value(PROFILE, SECTION, "00036641", NULL, data, &size), ERROR_FILE_NOT_FOUND);
    size = sizeof(data);
    assert_int_equal(read_section_value(PROFILE, "b1b2c3d4e5f60718293a4b5c6d7e8f91", "00036641", NULL, data, &size), 0);
    assert_int_equal(*(LONG *)data, 41);
    other->lpVtbl->Release(other);
    section->lpVtbl->Release(section);

    section = open_section(fixture, 0);
    assert_hr_equal(S_OK, CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                      &copy));
    assert_hr_equal(MAPI_E_NO_ACCESS, section->lpVtbl->CopyTo(section, 0, NULL, NULL, 0, NULL, &IID_IMAPIProp, copy,
                                                              MAPI_MOVE, NULL));
    copy->lpVtbl->Release(copy);
    section->lpVtbl->Release(section);
}

static void test_profile_instance(void **state)
{
    struct fixture *fixture = *state;
    SizedSPropTagArray(1, tags) = { 1, { PR_SEARCH_KEY } };
    IProfSect *section;
    SPropValue *values;
    BYTE data[16];
    DWORD size = sizeof(data);
    ULONG count;

    assert_hr_equal(S_OK, fixture->services->lpVtbl->OpenProfileSection(fixture->services,
                                                                         (MAPIUID *)&MUID_PROFILE_INSTANCE, NULL, 0,
                                                                         &section));
    assert_hr_equal(S_OK, section->lpVtbl->GetProps(section, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(values[0].ulPropTag, PR_SEARCH_KEY);
    assert_int_equal(values[0].Value.bin.cb, 16);
    assert_int_equal(read_section_value(PROFILE, INSTANCE_SECTION, "0102300b", NULL, data, &size), 0);
    assert_memory_equal(values[0].Value.bin.lpb, data, 16);
    MAPIFreeBuffer(values);
    section->lpVtbl->Release(section);
}

static HRESULT (WINAPI *section_get_last_error)(IUnknown *, HRESULT, ULONG, MAPIERROR **);

/* A section whose profile went away writes nothing back */
static void test_deleted_profile(void **state)
{
    IProfAdmin *admin = open_prof_admin();
    IMsgServiceAdmin *services;
    IProfSect *section;
    SPropValue prop;
    char text[512];

    create_profile(admin, "ts Gone");
    services = admin_services(admin, "ts Gone");
    assert_hr_equal(S_OK, services->lpVtbl->OpenProfileSection(services, (MAPIUID *)&section_uid, NULL, MAPI_MODIFY,
                                                               &section));
    services->lpVtbl->Release(services);
    RegDeleteTreeA(HKEY_CURRENT_USER, PROFILES_KEY "\\ts Gone");

    prop.ulPropTag = PROP_TAG(PT_LONG, 0x6650);
    prop.Value.l = 1;
    assert_hr_equal(MAPI_E_NOT_FOUND, section->lpVtbl->SetProps(section, 1, &prop, NULL));
    section_get_last_error = (void *)section->lpVtbl->GetLastError;
    last_error_text((IUnknown *)section, section_get_last_error, MAPI_E_NOT_FOUND, text, sizeof(text));
    assert_non_null(strstr(text, "ts Gone"));
    assert_false(profile_key_exists("ts Gone"));
    section->lpVtbl->Release(section);
    admin->lpVtbl->Release(admin);
}

static void test_bad_input(void **state)
{
    struct fixture *fixture = *state;
    IProfSect *section = open_section(fixture, MAPI_MODIFY);
    SizedSPropTagArray(1, empty) = { 0, { 0 } };
    SPropTagArray *list;
    SPropValue *values, prop;
    ULONG count;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->GetProps(section, NULL, 0, NULL, &values));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->GetProps(section, NULL, 0, &count, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, section->lpVtbl->GetProps(section, NULL, 0x1, &count, &values));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->GetPropList(section, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, section->lpVtbl->GetPropList(section, 0x2, &list));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->SetProps(section, 1, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->SetProps(section, 0, &prop, NULL));
    prop.ulPropTag = PROP_TAG(PT_OBJECT, 0x6660);
    prop.Value.x = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->SetProps(section, 1, &prop, NULL));
    prop.ulPropTag = PR_DISPLAY_NAME_A;
    prop.Value.lpszA = NULL;
    assert_true(FAILED(section->lpVtbl->SetProps(section, 1, &prop, NULL)));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->DeleteProps(section, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->DeleteProps(section, (SPropTagArray *)&empty, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, section->lpVtbl->GetLastError(section, S_OK, 0, NULL));
    section->lpVtbl->Release(section);
}

int main(void)
{
    static const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup_teardown(test_open_section, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_value_layout, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_registry_values_read, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_computed_props, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_secure_props, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_read_only_section, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_not_transacted, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_copy_to, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(test_profile_instance, fixture_setup, fixture_teardown),
        cmocka_unit_test(test_deleted_profile),
        cmocka_unit_test_setup_teardown(test_bad_input, fixture_setup, fixture_teardown),
    };

    profile_prefix = "ts ";
    return cmocka_run_group_tests(tests, mapi_setup, mapi_teardown);
}
