/*
 * What the tests of the foreign providers (tests/foreign_*) share: their
 * services configured as a program would (ConfigureMsgService with the
 * properties the providers document), folders of their own, and advise
 * sinks that count what they are told.
 */
#ifndef __FOREIGN_TEST_H
#define __FOREIGN_TEST_H

#include <stdarg.h>
#include "windef.h"
#include "winbase.h"
#include "objbase.h"
/* The IIDs the program uses are defined here (one such header per program) */
#include "initguid.h"
#include "mapiguid.h"

#include "session_test.h"

/* The properties the foreign providers document for their services */
#define PR_FMS_ROOT             PROP_TAG(PT_STRING8, 0x6600)
#define PR_FMS_IDLE_INTERVAL    PROP_TAG(PT_LONG, 0x6601)

/* One value of an object, in the caller's MAPIFreeBuffer memory. */
static inline SPropValue *get_prop(IMAPIProp *object, ULONG tag)
{
    SPropValue *value = NULL;

    assert_hr_equal(S_OK, HrGetOneProp(object, tag, &value));
    return value;
}

/* What make_test_message puts in a message besides its subject (ANSI strings). */
struct test_message
{
    const char *body;
    const char *recipient, *address_type, *address;    /* one MAPI_TO recipient */
    ULONG attach_name_tag;                              /* PR_ATTACH_FILENAME_A or PR_ATTACH_LONG_FILENAME_A */
    const char *attach_name, *attach_data;              /* one attachment by value, its bytes without a NUL */
};

/* A note in the folder with the subject and what spec says, saved and kept open read-write. */
static inline IMessage *make_test_message(IMAPIFolder *folder, const char *subject, const struct test_message *spec)
{
    SPropValue props[3], recipient[4], attach_props[3];
    IMessage *message = NULL;
    IAttach *attach;
    ADRLIST *list;
    ULONG number;

    assert_hr_equal(S_OK, folder->lpVtbl->CreateMessage(folder, NULL, 0, &message));
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = (char *)subject;
    props[1].ulPropTag = PR_BODY_A;
    props[1].Value.lpszA = (char *)spec->body;
    props[2].ulPropTag = PR_MESSAGE_CLASS_A;
    props[2].Value.lpszA = (char *)"IPM.Note";
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, 3, props, NULL));

    recipient[0].ulPropTag = PR_DISPLAY_NAME_A;
    recipient[0].Value.lpszA = (char *)spec->recipient;
    recipient[1].ulPropTag = PR_ADDRTYPE_A;
    recipient[1].Value.lpszA = (char *)spec->address_type;
    recipient[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    recipient[2].Value.lpszA = (char *)spec->address;
    recipient[3].ulPropTag = PR_RECIPIENT_TYPE;
    recipient[3].Value.l = MAPI_TO;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list));
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 4;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(recipient), (void **)&list->aEntries[0].rgPropVals));
    memcpy(list->aEntries[0].rgPropVals, recipient, sizeof(recipient));
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, list));
    FreePadrlist(list);

    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &number, &attach));
    attach_props[0].ulPropTag = PR_ATTACH_METHOD;
    attach_props[0].Value.l = ATTACH_BY_VALUE;
    attach_props[1].ulPropTag = spec->attach_name_tag;
    attach_props[1].Value.lpszA = (char *)spec->attach_name;
    attach_props[2].ulPropTag = PR_ATTACH_DATA_BIN;
    attach_props[2].Value.bin.cb = strlen(spec->attach_data);
    attach_props[2].Value.bin.lpb = (BYTE *)spec->attach_data;
    assert_hr_equal(S_OK, attach->lpVtbl->SetProps(attach, 3, attach_props, NULL));
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);

    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));
    return message;
}

static inline void remove_test_dir(const char *dir)
{
    WIN32_FIND_DATAA find;
    char path[MAX_PATH];
    HANDLE handle;

    snprintf(path, sizeof(path), "%s\\*", dir);
    if ((handle = FindFirstFileA(path, &find)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!strcmp(find.cFileName, ".") || !strcmp(find.cFileName, "..")) continue;
            snprintf(path, sizeof(path), "%s\\%s", dir, find.cFileName);
            if (find.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) remove_test_dir(path);
            else DeleteFileA(path);
        }
        while (FindNextFileA(handle, &find));
        FindClose(handle);
    }
    RemoveDirectoryA(dir);
}

/* A folder of the test under the temporary folder, made empty (process IDs come again). */
static inline void make_test_dir(char *path, const char *name)
{
    char temp[MAX_PATH];

    GetTempPathA(sizeof(temp), temp);
    snprintf(path, MAX_PATH, "%swine-mapi-%s-%lu", temp, name, GetCurrentProcessId());
    remove_test_dir(path);
    CreateDirectoryA(path, NULL);
}

/* ConfigureMsgService on the first service of that name in a profile. */
static inline HRESULT configure_service(const char *profile, const char *service, ULONG flags, ULONG count,
                                        SPropValue *props)
{
    SizedSPropTagArray(2, columns) = { 2, { PR_SERVICE_NAME_A, PR_SERVICE_UID } };
    IMsgServiceAdmin *services;
    IProfAdmin *profiles;
    IMAPITable *table;
    SRowSet *rows;
    MAPIUID uid;
    BOOL found = FALSE;
    HRESULT hr;
    ULONG i;

    assert_hr_equal(S_OK, MAPIAdminProfiles(0, &profiles));
    assert_hr_equal(S_OK, profiles->lpVtbl->AdminServices(profiles, (LPSTR)profile, NULL, 0, 0, &services));
    assert_hr_equal(S_OK, services->lpVtbl->GetMsgServiceTable(services, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows && !found; i++)
    {
        SPropValue *row = rows->aRow[i].lpProps;

        if (row[0].ulPropTag != PR_SERVICE_NAME_A || strcmp(row[0].Value.lpszA, service)) continue;
        memcpy(&uid, row[1].Value.bin.lpb, sizeof(uid));
        found = TRUE;
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    assert_true(found);
    hr = services->lpVtbl->ConfigureMsgService(services, &uid, 0, flags, count, props);
    services->lpVtbl->Release(services);
    profiles->lpVtbl->Release(profiles);
    return hr;
}

/* An advise sink of HrAllocAdviseSink's that counts events by kind. */
struct recorder
{
    CRITICAL_SECTION cs;
    HANDLE event;
    LONG count;
    LONG created, modified, deleted, moved, newmail, table_added, table_deleted, table_modified;
    ULONG last_type;
    ULONG entryid_size;
    BYTE entryid[64];
    IMAPIAdviseSink *sink;
};

static LONG WINAPI recorder_callback(void *context, ULONG count, NOTIFICATION *notifications)
{
    struct recorder *recorder = context;
    ULONG i;

    EnterCriticalSection(&recorder->cs);
    for (i = 0; i < count; i++)
    {
        NOTIFICATION *n = &notifications[i];

        switch (n->ulEventType)
        {
        case fnevObjectCreated: recorder->created++; break;
        case fnevObjectModified: recorder->modified++; break;
        case fnevObjectDeleted: recorder->deleted++; break;
        case fnevObjectMoved: recorder->moved++; break;
        case fnevNewMail: recorder->newmail++; break;
        case fnevTableModified:
            if (n->info.tab.ulTableEvent == TABLE_ROW_ADDED) recorder->table_added++;
            if (n->info.tab.ulTableEvent == TABLE_ROW_DELETED) recorder->table_deleted++;
            if (n->info.tab.ulTableEvent == TABLE_ROW_MODIFIED) recorder->table_modified++;
            break;
        }
        if (n->ulEventType & (fnevObjectCreated | fnevObjectModified | fnevObjectDeleted | fnevObjectMoved))
        {
            recorder->last_type = n->info.obj.ulObjType;
            recorder->entryid_size = min(n->info.obj.cbEntryID, sizeof(recorder->entryid));
            memcpy(recorder->entryid, n->info.obj.lpEntryID, recorder->entryid_size);
        }
        if (n->ulEventType == fnevNewMail)
        {
            recorder->entryid_size = min(n->info.newmail.cbEntryID, sizeof(recorder->entryid));
            memcpy(recorder->entryid, n->info.newmail.lpEntryID, recorder->entryid_size);
        }
        recorder->count++;
    }
    LeaveCriticalSection(&recorder->cs);
    SetEvent(recorder->event);
    return 0;
}

static inline void recorder_init(struct recorder *recorder)
{
    memset(recorder, 0, sizeof(*recorder));
    InitializeCriticalSection(&recorder->cs);
    recorder->event = CreateEventA(NULL, FALSE, FALSE, NULL);
    assert_hr_equal(S_OK, HrAllocAdviseSink(recorder_callback, recorder, &recorder->sink));
}

static inline void recorder_free(struct recorder *recorder)
{
    recorder->sink->lpVtbl->Release(recorder->sink);
    CloseHandle(recorder->event);
    DeleteCriticalSection(&recorder->cs);
}

/* Waits until *counter reaches at least value, 5 seconds at most. */
static inline BOOL recorder_wait(struct recorder *recorder, LONG *counter, LONG value)
{
    DWORD start = GetTickCount();

    for (;;)
    {
        LONG current;

        EnterCriticalSection(&recorder->cs);
        current = *counter;
        LeaveCriticalSection(&recorder->cs);
        if (current >= value) return TRUE;
        if (GetTickCount() - start > 5000) return FALSE;
        WaitForSingleObject(recorder->event, 100);
    }
}

#endif /* __FOREIGN_TEST_H */
