/*
 * What the sample store's tests share: loading sqlms32.dll, logging on to a
 * store in a temporary folder through the fake support object, and small
 * property helpers.
 */
#ifndef __SQLMS_TEST_H
#define __SQLMS_TEST_H

#define COBJMACROS
#include <stdio.h>
#include <wchar.h>
#include "mapi32_test.h"
#include "mapispi.h"
#include "sqlms.h"
#include "fake_store_support.h"

#define SQLMS_EID_SIZE 32

#ifndef SizedADRLIST
#define SizedADRLIST(n, name) struct _ADRLIST_##name { ULONG cEntries; ADRENTRY aEntries[n]; } name
#endif

/* IMAPIFolder_DeleteFolder of Wine's header calls CreateFolder: call through lpVtbl. */
#undef IMAPIFolder_DeleteFolder
#define IMAPIFolder_DeleteFolder(p,a,b,c,d,e) (p)->lpVtbl->DeleteFolder(p,a,b,c,d,e)
#undef IMAPITable_Restrict
#define IMAPITable_Restrict(p,a,b) (p)->lpVtbl->Restrict(p,a,b)

struct test_store
{
    HMODULE module;
    struct fake_support *support;
    IMSProvider *provider;
    IMSLogon *logon;
    IMsgStore *store;
    WCHAR path[MAX_PATH];
};

static WCHAR test_dir[MAX_PATH];

/* A folder of its own under %TEMP% for this test program, made empty. */
static inline const WCHAR *sqlms_test_dir(void)
{
    WCHAR temp[MAX_PATH], exe[MAX_PATH], *name;
    WIN32_FIND_DATAW data;
    WCHAR pattern[MAX_PATH], file[MAX_PATH];
    HANDLE find;

    if (test_dir[0]) return test_dir;
    GetTempPathW(MAX_PATH, temp);
    GetModuleFileNameW(NULL, exe, MAX_PATH);
    name = wcsrchr(exe, '\\') + 1;
    *wcsrchr(name, '.') = 0;
    _snwprintf(test_dir, MAX_PATH, L"%ssqlms-%s", temp, name);
    CreateDirectoryW(test_dir, NULL);
    _snwprintf(pattern, MAX_PATH, L"%s\\*", test_dir);
    if ((find = FindFirstFileW(pattern, &data)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
            _snwprintf(file, MAX_PATH, L"%s\\%s", test_dir, data.cFileName);
            DeleteFileW(file);
        } while (FindNextFileW(find, &data));
        FindClose(find);
    }
    return test_dir;
}

static inline void sqlms_test_path(WCHAR *path, const WCHAR *name)
{
    _snwprintf(path, MAX_PATH, L"%s\\%s", sqlms_test_dir(), name);
}

static inline void delete_store_files(const WCHAR *path)
{
    WCHAR companion[MAX_PATH];

    DeleteFileW(path);
    _snwprintf(companion, MAX_PATH, L"%s-wal", path);
    DeleteFileW(companion);
    _snwprintf(companion, MAX_PATH, L"%s-shm", path);
    DeleteFileW(companion);
}

static inline MSPROVIDERINIT *sqlms_init_function(HMODULE *module)
{
    *module = LoadLibraryA("sqlms32.dll");
    assert_non_null(*module);
    return (MSPROVIDERINIT *)GetProcAddress(*module, "MSProviderInit");
}

static inline HRESULT test_store_logon_ex(struct test_store *ts, const WCHAR *path, ULONG flags, BOOL spooler,
                                          struct test_store *of)
{
    MSPROVIDERINIT *init = sqlms_init_function(&ts->module);
    ULONG version = 0, security_size = 0;
    BYTE *security = NULL;
    HRESULT hr;

    assert_non_null(init);
    if (path) lstrcpyW(ts->path, path);
    ts->support = fake_support_create(path);
    hr = init(ts->module, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0, CURRENT_SPI_VERSION,
              &version, &ts->provider);
    assert_hr_equal(S_OK, hr);
    if (!spooler)
        hr = IMSProvider_Logon(ts->provider, &ts->support->IMAPISupport_iface, 0, (LPTSTR)L"test", 0, NULL,
                               flags | MAPI_UNICODE, NULL, &security_size, &security, NULL, &ts->logon, &ts->store);
    else
        hr = IMSProvider_SpoolerLogon(ts->provider, &ts->support->IMAPISupport_iface, 0, (LPTSTR)L"test", 0, NULL,
                                      flags | MAPI_UNICODE, NULL, 0, NULL, NULL, &ts->logon, &ts->store);
    MAPIFreeBuffer(security);
    if (SUCCEEDED(hr)) ts->support->store = ts->store;
    (void)of;
    return hr;
}

static inline void test_store_logon(struct test_store *ts, const WCHAR *name)
{
    WCHAR path[MAX_PATH];

    memset(ts, 0, sizeof(*ts));
    sqlms_test_path(path, name);
    assert_hr_equal(S_OK, test_store_logon_ex(ts, path, MDB_WRITE, FALSE, NULL));
}

static inline void test_store_spooler_logon(struct test_store *ts, const WCHAR *name)
{
    WCHAR path[MAX_PATH];

    memset(ts, 0, sizeof(*ts));
    sqlms_test_path(path, name);
    assert_hr_equal(S_OK, test_store_logon_ex(ts, path, 0, TRUE, NULL));
}

/* As MAPI ends a logon: the program's last Release, then Logoff and Release of the IMSLogon. */
static inline void test_store_logoff(struct test_store *ts)
{
    ULONG zero = 0;

    if (ts->store) IMsgStore_Release(ts->store);
    if (ts->logon)
    {
        IMSLogon_Logoff(ts->logon, &zero);
        IMSLogon_Release(ts->logon);
    }
    if (ts->provider)
    {
        IMSProvider_Shutdown(ts->provider, &zero);
        IMSProvider_Release(ts->provider);
    }
    if (ts->support) IMAPISupport_Release(&ts->support->IMAPISupport_iface);
    memset(ts, 0, sizeof(*ts));
}

static inline void get_binary(IMAPIProp *obj, ULONG tag, SBinary *bin, void **buffer)
{
    SPropValue *value = NULL;

    assert_hr_equal(S_OK, HrGetOneProp(obj, tag, &value));
    *bin = value->Value.bin;
    *buffer = value;
}

/* Opens one of the store's well-known folders by the store property naming it. */
static inline IMAPIFolder *open_folder_by_prop(IMsgStore *store, ULONG tag)
{
    IMAPIFolder *folder = NULL;
    SPropValue *value = NULL;
    ULONG type = 0;

    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)store, tag, &value));
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(store, value->Value.bin.cb, (ENTRYID *)value->Value.bin.lpb, NULL,
                                              MAPI_MODIFY, &type, (IUnknown **)&folder));
    assert_int_equal(type, MAPI_FOLDER);
    MAPIFreeBuffer(value);
    return folder;
}

static inline IMAPIFolder *open_inbox(IMsgStore *store)
{
    IMAPIFolder *folder = NULL;
    ENTRYID *eid = NULL;
    ULONG size = 0, type = 0;

    assert_hr_equal(S_OK, IMsgStore_GetReceiveFolder(store, (LPSTR)"IPM.Note", 0, &size, &eid, NULL));
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(store, size, eid, NULL, MAPI_MODIFY, &type, (IUnknown **)&folder));
    MAPIFreeBuffer(eid);
    return folder;
}

static inline LONG get_long(IMAPIProp *obj, ULONG tag)
{
    SPropValue *value = NULL;
    LONG result;

    assert_hr_equal(S_OK, HrGetOneProp(obj, tag, &value));
    result = value->Value.l;
    MAPIFreeBuffer(value);
    return result;
}

static inline BOOL get_bool(IMAPIProp *obj, ULONG tag)
{
    SPropValue *value = NULL;
    BOOL result;

    assert_hr_equal(S_OK, HrGetOneProp(obj, tag, &value));
    result = value->Value.b;
    MAPIFreeBuffer(value);
    return result;
}

static inline BOOL has_prop(IMAPIProp *obj, ULONG tag)
{
    SPropValue *value = NULL;
    HRESULT hr = HrGetOneProp(obj, tag, &value);

    MAPIFreeBuffer(value);
    return SUCCEEDED(hr);
}

static inline void assert_string_prop(IMAPIProp *obj, ULONG tag, const WCHAR *expected)
{
    SPropValue *value = NULL;

    assert_hr_equal(S_OK, HrGetOneProp(obj, tag, &value));
    if (PROP_TYPE(tag) == PT_UNICODE)
        assert_int_equal(lstrcmpW(value->Value.lpszW, expected), 0);
    else
    {
        char ansi[512];
        WideCharToMultiByte(CP_ACP, 0, expected, -1, ansi, sizeof(ansi), NULL, NULL);
        assert_string_equal(value->Value.lpszA, ansi);
    }
    MAPIFreeBuffer(value);
}

static inline void set_string(IMAPIProp *obj, ULONG tag, const WCHAR *string)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.dwAlignPad = 0;
    value.Value.lpszW = (WCHAR *)string;
    assert_hr_equal(S_OK, HrSetOneProp(obj, &value));
}

static inline void set_long(IMAPIProp *obj, ULONG tag, LONG l)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.dwAlignPad = 0;
    value.Value.l = l;
    assert_hr_equal(S_OK, HrSetOneProp(obj, &value));
}

/* Adds a To recipient with a display name and an SMTP address. */
static inline void add_recipient(IMessage *msg, const WCHAR *name, const WCHAR *address, ULONG type)
{
    SizedADRLIST(1, list);
    SPropValue props[4];

    props[0].ulPropTag = PR_DISPLAY_NAME_W;
    props[0].Value.lpszW = (WCHAR *)name;
    props[1].ulPropTag = PR_EMAIL_ADDRESS_W;
    props[1].Value.lpszW = (WCHAR *)address;
    props[2].ulPropTag = PR_ADDRTYPE_W;
    props[2].Value.lpszW = (WCHAR *)L"SMTP";
    props[3].ulPropTag = PR_RECIPIENT_TYPE;
    props[3].Value.l = type;
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 4;
    list.aEntries[0].rgPropVals = props;
    assert_hr_equal(S_OK, IMessage_ModifyRecipients(msg, MODRECIP_ADD, (ADRLIST *)&list));
}

/* A saved message with a subject in folder; its entry ID is returned (free lpb with MAPIFreeBuffer). */
static inline SBinary create_message(IMAPIFolder *folder, const WCHAR *subject, ULONG flags)
{
    IMessage *msg = NULL;
    SPropValue *eid = NULL;
    SBinary bin;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(folder, NULL, flags, &msg));
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, subject);
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)msg, PR_ENTRYID, &eid));
    IMessage_Release(msg);
    bin.cb = eid->Value.bin.cb;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(bin.cb, (void **)&bin.lpb));
    memcpy(bin.lpb, eid->Value.bin.lpb, bin.cb);
    MAPIFreeBuffer(eid);
    return bin;
}

static inline ULONG table_row_count(IMAPITable *table)
{
    ULONG count = 0;

    assert_hr_equal(S_OK, IMAPITable_GetRowCount(table, 0, &count));
    return count;
}

#endif /* __SQLMS_TEST_H */
