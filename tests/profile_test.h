/*
 * What the tests of profiles and message services share: the registry
 * layout they read back, the test service and small helpers.
 *
 * Each test program names its profiles with a prefix of its own, since
 * make check may run the programs at once in one prefix.
 */
#ifndef __MAPI32_PROFILE_TEST_H
#define __MAPI32_PROFILE_TEST_H

#include <stdarg.h>
#include <stdio.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
/* The IIDs this program uses are defined here (one such header per program) */
#include "initguid.h"
#include "mapiguid.h"

#include "mapi32_test.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "testsvc.h"

#define PROFILES_KEY "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles"
#define JOURNAL_KEY "Software\\Wine\\Mapi32\\ProfileJournal"
/* The section MAPI lists a profile's services and providers in */
#define SERVICES_SECTION "9207f3e0a3b11019908b08002b2a56c2"
/* MUID_PROFILE_INSTANCE */
#define INSTANCE_SECTION "8503020000000000c000000000000046"

static inline void mapiuid_to_hex(const MAPIUID *uid, char *hex)
{
    int i;

    for (i = 0; i < 16; i++) sprintf(hex + 2 * i, "%02x", uid->ab[i]);
}

/* The value named by a tag in a section key, as regedit shows it */
static inline LONG read_section_value(const char *profile, const char *section, const char *value,
                                      DWORD *type, void *data, DWORD *size)
{
    char path[512];

    snprintf(path, sizeof(path), "%s\\%s\\%s", PROFILES_KEY, profile, section);
    return RegGetValueA(HKEY_CURRENT_USER, path, value, RRF_RT_ANY | RRF_NOEXPAND, type, data, size);
}

static inline BOOL registry_key_exists(const char *path)
{
    HKEY key;

    if (RegOpenKeyExA(HKEY_CURRENT_USER, path, 0, KEY_READ, &key)) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

static inline BOOL profile_key_exists(const char *profile)
{
    char path[512];

    snprintf(path, sizeof(path), "%s\\%s", PROFILES_KEY, profile);
    return registry_key_exists(path);
}

/* Tests that change the default profile run one at a time across the test
 * programs, which make check may run at once. */
static inline HANDLE lock_default_profile(void)
{
    HANDLE mutex = CreateMutexA(NULL, FALSE, "WineMapiTestDefaultProfile");

    assert_non_null(mutex);
    assert_true(WaitForSingleObject(mutex, 120000) != WAIT_TIMEOUT);
    return mutex;
}

static inline void unlock_default_profile(HANDLE mutex)
{
    ReleaseMutex(mutex);
    CloseHandle(mutex);
}

/* Holds the profile store's own lock (dlls/mapi32/profile.c), as a process
 * in the middle of a change does. */
static inline HANDLE lock_profile_store(void)
{
    HANDLE mutex = CreateMutexA(NULL, FALSE, "WineMapi32ProfileStore");

    assert_non_null(mutex);
    assert_true(WaitForSingleObject(mutex, 120000) != WAIT_TIMEOUT);
    return mutex;
}

/* Whether a journal is left over. A writer in another test program keeps one only while it holds
 * the store's lock: looked at under the lock, its work in progress is not taken for a leftover. */
static inline BOOL journal_left(void)
{
    HANDLE store = lock_profile_store();
    BOOL left = registry_key_exists(JOURNAL_KEY);

    ReleaseMutex(store);
    CloseHandle(store);
    return left;
}

static inline IProfAdmin *open_prof_admin(void)
{
    IProfAdmin *admin = NULL;

    assert_hr_equal(S_OK, MAPIAdminProfiles(0, &admin));
    assert_non_null(admin);
    return admin;
}

/* Deletes a profile left by an earlier run; it may not exist. */
static inline void remove_profile(IProfAdmin *admin, const char *name)
{
    HRESULT hr = admin->lpVtbl->DeleteProfile(admin, (LPTSTR)name, 0);

    assert_true(hr == S_OK || hr == MAPI_E_NOT_FOUND);
}

static inline void create_profile(IProfAdmin *admin, const char *name)
{
    remove_profile(admin, name);
    assert_hr_equal(S_OK, admin->lpVtbl->CreateProfile(admin, (LPTSTR)name, NULL, 0, 0));
}

static inline IMsgServiceAdmin *admin_services(IProfAdmin *admin, const char *name)
{
    IMsgServiceAdmin *services = NULL;

    assert_hr_equal(S_OK, admin->lpVtbl->AdminServices(admin, (LPTSTR)name, NULL, 0, 0, &services));
    assert_non_null(services);
    return services;
}

/* All rows of a table with the columns given, or its own */
static inline SRowSet *table_rows(IMAPITable *table, const SPropTagArray *columns)
{
    SRowSet *rows = NULL;

    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)columns, NULL, NULL, 0, &rows));
    assert_non_null(rows);
    return rows;
}

static inline const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

/* The PR_SERVICE_UID of the first service named so in the message service table */
static inline BOOL find_service(IMsgServiceAdmin *services, const char *name, MAPIUID *uid)
{
    SizedSPropTagArray(2, columns) = { 2, { PR_SERVICE_NAME_A, PR_SERVICE_UID } };
    IMAPITable *table;
    SRowSet *rows;
    BOOL found = FALSE;
    ULONG i;

    assert_hr_equal(S_OK, services->lpVtbl->GetMsgServiceTable(services, 0, &table));
    rows = table_rows(table, (SPropTagArray *)&columns);
    for (i = 0; i < rows->cRows && !found; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag == PR_SERVICE_NAME_A && !strcmp(props[0].Value.lpszA, name))
        {
            assert_int_equal(props[1].ulPropTag, PR_SERVICE_UID);
            assert_int_equal(props[1].Value.bin.cb, sizeof(MAPIUID));
            memcpy(uid, props[1].Value.bin.lpb, sizeof(MAPIUID));
            found = TRUE;
        }
    }
    FreeProws(rows);
    IMAPITable_Release(table);
    return found;
}

static inline ULONG table_row_count(IMAPITable *table)
{
    ULONG count = 0;

    assert_hr_equal(S_OK, IMAPITable_GetRowCount(table, 0, &count));
    return count;
}

/* The test service as this process loaded it (the test keeps it loaded) */
struct testsvc
{
    HMODULE module;
    testsvc_call_count_func call_count;
    testsvc_get_call_func get_call;
    testsvc_reset_func reset;
    testsvc_set_result_func set_result;
};

static inline void load_testsvc(struct testsvc *svc, const char *dll)
{
    svc->module = LoadLibraryA(dll);
    assert_non_null(svc->module);
    svc->call_count = (testsvc_call_count_func)GetProcAddress(svc->module, "testsvc_call_count");
    svc->get_call = (testsvc_get_call_func)GetProcAddress(svc->module, "testsvc_get_call");
    svc->reset = (testsvc_reset_func)GetProcAddress(svc->module, "testsvc_reset");
    svc->set_result = (testsvc_set_result_func)GetProcAddress(svc->module, "testsvc_set_result");
    assert_non_null(svc->call_count);
    assert_non_null(svc->get_call);
    assert_non_null(svc->reset);
    assert_non_null(svc->set_result);
    svc->reset();
}

static inline void last_call(struct testsvc *svc, struct testsvc_call *call)
{
    ULONG count = svc->call_count();

    assert_true(count > 0);
    assert_true(svc->get_call(count - 1, call));
}

/* The text of the MAPIERROR an object gives for hr, in ANSI */
static inline void last_error_text(IUnknown *object, HRESULT (WINAPI *get_last_error)(IUnknown *, HRESULT, ULONG,
                                   MAPIERROR **), HRESULT hr, char *text, size_t size)
{
    MAPIERROR *error = NULL;

    text[0] = 0;
    assert_hr_equal(S_OK, get_last_error(object, hr, 0, &error));
    assert_non_null(error);
    assert_non_null(error->lpszError);
    snprintf(text, size, "%s", (const char *)error->lpszError);
    MAPIFreeBuffer(error);
}

/* Deletes the profiles an earlier run of this program left, by their prefix */
static inline void remove_profiles_named(const char *prefix)
{
    char names[64][128];
    DWORD i, count = 0, length;
    IProfAdmin *admin;
    HKEY key;

    if (RegOpenKeyExA(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &key)) return;
    for (i = 0; count < ARRAY_SIZE(names); i++)
    {
        length = sizeof(names[0]);
        if (RegEnumKeyExA(key, i, names[count], &length, NULL, NULL, NULL, NULL)) break;
        if (!strncmp(names[count], prefix, strlen(prefix))) count++;
    }
    RegCloseKey(key);
    if (FAILED(MAPIAdminProfiles(0, &admin))) return;
    for (i = 0; i < count; i++) admin->lpVtbl->DeleteProfile(admin, (LPTSTR)names[i], 0);
    admin->lpVtbl->Release(admin);
}

static const char *profile_prefix;

static int mapi_setup(void **state)
{
    if (FAILED(MAPIInitialize(NULL))) return -1;
    if (profile_prefix) remove_profiles_named(profile_prefix);
    return 0;
}

static int mapi_teardown(void **state)
{
    MAPIUninitialize();
    return 0;
}

#endif /* __MAPI32_PROFILE_TEST_H */
