/*
 * What the session tests share: profiles made of the test services of
 * tests/mapisvc.inf.in through MAPI's own profile administration, and the
 * call log of the test providers (testprov.h).
 */
#ifndef __SESSION_TEST_H
#define __SESSION_TEST_H

#include <stdio.h>
#include "mapi32_test.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "mapiab.h"
#include "mapix_sdk.h"
#include "mapiutil_sdk.h"

#define assert_hr_not_equal(unexpected, actual) \
    _assert_int_not_equal((ULONG)(actual), (ULONG)(unexpected), __FILE__, __LINE__)

static char log_path[MAX_PATH];

/* A fresh call log for the test providers. */
static inline void log_reset(void)
{
    if (!log_path[0])
    {
        char dir[MAX_PATH];
        GetTempPathA(sizeof(dir), dir);
        snprintf(log_path, sizeof(log_path), "%smapi_session_test_%lu.log", dir, GetCurrentProcessId());
        SetEnvironmentVariableA("MAPI_TEST_LOG", log_path);
    }
    truncate_log(log_path);
}

/* The log so far, from the heap (free with free()); "" when there is none. */
static inline char *log_read(void)
{
    HANDLE file = CreateFileA(log_path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                              NULL, OPEN_EXISTING, 0, NULL);
    DWORD size = 0, read = 0;
    char *text;

    if (file != INVALID_HANDLE_VALUE) size = GetFileSize(file, NULL);
    text = malloc(size + 1);
    if (file != INVALID_HANDLE_VALUE)
    {
        ReadFile(file, text, size, &read, NULL);
        CloseHandle(file);
    }
    text[read] = 0;
    return text;
}

/* Where a line starting with prefix is in the log (its offset), or -1. */
static inline int log_find(const char *prefix)
{
    char *text = log_read(), *line = text;
    int ret = -1;

    while (line && *line)
    {
        if (!strncmp(line, prefix, strlen(prefix)))
        {
            ret = line - text;
            break;
        }
        if ((line = strchr(line, '\n'))) line++;
    }
    free(text);
    return ret;
}

/* How many lines start with prefix. */
static inline int log_count(const char *prefix)
{
    char *text = log_read(), *line = text;
    int count = 0;

    while (line && *line)
    {
        if (!strncmp(line, prefix, strlen(prefix))) count++;
        if ((line = strchr(line, '\n'))) line++;
    }
    free(text);
    return count;
}

/* A profile with the given services of mapisvc.inf.in, made the default if asked. */
static inline void make_profile(const char *name, const char * const *services, BOOL make_default)
{
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    HRESULT hr;

    assert_hr_equal(S_OK, MAPIAdminProfiles(0, &profiles));
    profiles->lpVtbl->DeleteProfile(profiles, (LPSTR)name, 0);
    hr = profiles->lpVtbl->CreateProfile(profiles, (LPSTR)name, NULL, 0, 0);
    assert_hr_equal(S_OK, hr);
    assert_hr_equal(S_OK, profiles->lpVtbl->AdminServices(profiles, (LPSTR)name, NULL, 0, 0, &admin));
    for (; *services; services++)
    {
        hr = admin->lpVtbl->CreateMsgService(admin, (LPSTR)*services, (LPSTR)*services, 0, 0);
        assert_hr_equal(S_OK, hr);
    }
    admin->lpVtbl->Release(admin);
    if (make_default) assert_hr_equal(S_OK, profiles->lpVtbl->SetDefaultProfile(profiles, (LPSTR)name, 0));
    profiles->lpVtbl->Release(profiles);
}

static inline void delete_profile(const char *name)
{
    IProfAdmin *profiles;

    if (FAILED(MAPIAdminProfiles(0, &profiles))) return;
    profiles->lpVtbl->DeleteProfile(profiles, (LPSTR)name, 0);
    profiles->lpVtbl->Release(profiles);
}

static inline IMAPISession *logon(const char *profile, ULONG flags)
{
    IMAPISession *session = NULL;
    HRESULT hr = MAPILogonEx(0, (LPSTR)profile, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | flags, &session);

    assert_hr_equal(S_OK, hr);
    assert_non_null(session);
    return session;
}

/* The entry ID of the first row of the message store table. */
static inline SBinary *first_store_entryid(IMAPISession *session, SRowSet **rows)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ENTRYID } };
    IMAPITable *table;

    assert_hr_equal(S_OK, IMAPISession_GetMsgStoresTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, rows));
    table->lpVtbl->Release(table);
    assert_true((*rows)->cRows >= 1);
    assert_int_equal((*rows)->aRow[0].lpProps[0].ulPropTag, PR_ENTRYID);
    return &(*rows)->aRow[0].lpProps[0].Value.bin;
}

static inline IMsgStore *open_first_store(IMAPISession *session)
{
    IMsgStore *store = NULL;
    SRowSet *rows;
    SBinary *entryid = first_store_entryid(session, &rows);

    assert_hr_equal(S_OK, IMAPISession_OpenMsgStore(session, 0, entryid->cb, (ENTRYID *)entryid->lpb, NULL,
                                                    MDB_WRITE, &store));
    FreeProws(rows);
    assert_non_null(store);
    return store;
}

/* The PR_STATUS_CODE of the row of the resource type (MAPI_SPOOLER, MAPI_AB...) in the session's status table. */
static inline ULONG status_row_code(IMAPISession *session, ULONG resource_type)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_RESOURCE_TYPE, PR_STATUS_CODE } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, code = 0;

    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
        if (rows->aRow[i].lpProps[0].Value.l == resource_type) code = rows->aRow[i].lpProps[1].Value.l;
    FreeProws(rows);
    table->lpVtbl->Release(table);
    return code;
}

/* The status object of the session's status row of the type (MAPI_SPOOLER, MAPI_TRANSPORT_PROVIDER...):
 * the first such row's PR_ENTRYID opened through IMAPISession::OpenEntry. */
static inline IMAPIStatus *open_status_row(IMAPISession *session, ULONG resource_type)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_RESOURCE_TYPE, PR_ENTRYID } };
    IMAPIStatus *status = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, type;

    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows && !status; i++)
        if (rows->aRow[i].lpProps[0].Value.l == resource_type)
            assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, rows->aRow[i].lpProps[1].Value.bin.cb,
                            (ENTRYID *)rows->aRow[i].lpProps[1].Value.bin.lpb, &IID_IMAPIStatus, 0, &type,
                            (IUnknown **)&status));
    FreeProws(rows);
    table->lpVtbl->Release(table);
    assert_non_null(status);
    return status;
}

/* A PT_LONG property of a status object, read now. */
static inline ULONG status_long(IMAPIStatus *status, ULONG tag)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    SPropValue *props;
    ULONG count, value;

    assert_hr_equal(S_OK, status->lpVtbl->GetProps(status, (SPropTagArray *)&tags, 0, &count, &props));
    assert_int_equal(props[0].ulPropTag, tag);
    value = props[0].Value.l;
    MAPIFreeBuffer(props);
    return value;
}

#endif /* __SESSION_TEST_H */
