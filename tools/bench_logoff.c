/*
 * bench_logoff: what IMsgStore::StoreLogoff and the store's last Release
 * cost a program, with the outgoing queue empty and with 10,000 messages in
 * it, for LOGOFF_ORDERLY, LOGOFF_NO_WAIT, LOGOFF_QUIET and LOGOFF_ABORT, in
 * one run. The spooler runs (a session with mail); the queued messages are
 * deferred a day, so nothing is sent while it is measured. Neither call may
 * scan the queue or wait for the spooler: each ratio (10,000 against 0) must
 * stay at 1.5 or below, which the exit code says.
 *
 * It uses the test prefix's mapisvc.inf (services SQLMS and CtlTransport) and
 * runs from tools/ with mapi32.dll, sqlms32.dll and ctlxp.dll beside it.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapiadmin.h"
#include "sqlms.h"

#define QUEUED     10000
#define ROUNDS     11
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char * const profiles[2] = { "LogoffBenchEmpty", "LogoffBenchQueued" };
static char db_paths[2][MAX_PATH];

static void check(HRESULT hr, const char *what)
{
    if (SUCCEEDED(hr)) return;
    fprintf(stderr, "bench_logoff: %s failed: %#lx\n", what, hr);
    exit(2);
}

static void make_profile(int which)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_SERVICE_NAME_A, PR_SERVICE_UID } };
    IMsgServiceAdmin *admin;
    IProfAdmin *admin_profiles;
    IMAPITable *table;
    SRowSet *rows;
    SPropValue path;
    char dir[MAX_PATH];
    ULONG i;

    GetTempPathA(sizeof(dir), dir);
    snprintf(db_paths[which], MAX_PATH, "%s%s.sqlms", dir, profiles[which]);
    DeleteFileA(db_paths[which]);
    check(MAPIAdminProfiles(0, &admin_profiles), "MAPIAdminProfiles");
    admin_profiles->lpVtbl->DeleteProfile(admin_profiles, (LPSTR)profiles[which], 0);
    check(admin_profiles->lpVtbl->CreateProfile(admin_profiles, (LPSTR)profiles[which], NULL, 0, 0), "CreateProfile");
    check(admin_profiles->lpVtbl->AdminServices(admin_profiles, (LPSTR)profiles[which], NULL, 0, 0, &admin),
          "AdminServices");
    check(admin->lpVtbl->CreateMsgService(admin, (LPSTR)"SQLMS", (LPSTR)"SQLMS", 0, 0), "CreateMsgService SQLMS");
    check(admin->lpVtbl->CreateMsgService(admin, (LPSTR)"CtlTransport", (LPSTR)"CtlTransport", 0, 0),
          "CreateMsgService CtlTransport");
    check(admin->lpVtbl->GetMsgServiceTable(admin, 0, &table), "GetMsgServiceTable");
    check(HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows), "HrQueryAllRows");
    for (i = 0; i < rows->cRows; i++)
    {
        if (strcmp(rows->aRow[i].lpProps[0].Value.lpszA, "SQLMS")) continue;
        path.ulPropTag = PR_SQLMS_DATABASE_PATH_A;
        path.Value.lpszA = db_paths[which];
        check(admin->lpVtbl->ConfigureMsgService(admin, (MAPIUID *)rows->aRow[i].lpProps[1].Value.bin.lpb, 0, 0, 1,
                                                 &path), "ConfigureMsgService");
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    admin->lpVtbl->Release(admin);
    admin_profiles->lpVtbl->Release(admin_profiles);
}

static IMAPISession *logon(int which, ULONG flags)
{
    IMAPISession *session;
    check(MAPILogonEx(0, (LPSTR)profiles[which], NULL, MAPI_EXTENDED | MAPI_NEW_SESSION | flags, &session),
          "MAPILogonEx");
    return session;
}

static IMsgStore *open_store(IMAPISession *session)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ENTRYID } };
    IMsgStore *store;
    IMAPITable *table;
    SRowSet *rows;

    check(IMAPISession_GetMsgStoresTable(session, 0, &table), "GetMsgStoresTable");
    check(HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows), "HrQueryAllRows");
    table->lpVtbl->Release(table);
    check(IMAPISession_OpenMsgStore(session, 0, rows->aRow[0].lpProps[0].Value.bin.cb,
                                    (ENTRYID *)rows->aRow[0].lpProps[0].Value.bin.lpb, NULL, MDB_WRITE, &store),
          "OpenMsgStore");
    FreeProws(rows);
    return store;
}

/* 10,000 messages in the queue, deferred a day: a session without mail puts them there. */
static void fill_queue(int which)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_IPM_OUTBOX_ENTRYID } };
    IMAPISession *session = logon(which, MAPI_NO_MAIL);
    IMsgStore *store = open_store(session);
    IMAPIFolder *outbox;
    SPropValue *value, props[3], recip[4];
    ADRLIST *list;
    IMessage *message;
    ULONGLONG later;
    FILETIME now;
    ULONG count, type;
    char subject[32];
    int i;

    check(store->lpVtbl->GetProps(store, (SPropTagArray *)&tags, 0, &count, &value), "GetProps");
    check(store->lpVtbl->OpenEntry(store, value->Value.bin.cb, (ENTRYID *)value->Value.bin.lpb, &IID_IMAPIFolder,
                                   MAPI_MODIFY, &type, (IUnknown **)&outbox), "OpenEntry");
    MAPIFreeBuffer(value);
    GetSystemTimeAsFileTime(&now);
    later = ((ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime) + 86400ull * 10000000;
    recip[0].ulPropTag = PR_DISPLAY_NAME_A;
    recip[0].Value.lpszA = (char *)"bench@ctl.test";
    recip[1].ulPropTag = PR_ADDRTYPE_A;
    recip[1].Value.lpszA = (char *)"CTL";
    recip[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    recip[2].Value.lpszA = (char *)"bench@ctl.test";
    recip[3].ulPropTag = PR_RECIPIENT_TYPE;
    recip[3].Value.l = MAPI_TO;
    for (i = 0; i < QUEUED; i++)
    {
        check(outbox->lpVtbl->CreateMessage(outbox, NULL, 0, &message), "CreateMessage");
        snprintf(subject, sizeof(subject), "queued %d", i);
        props[0].ulPropTag = PR_SUBJECT_A;
        props[0].Value.lpszA = subject;
        props[1].ulPropTag = PR_MESSAGE_CLASS_A;
        props[1].Value.lpszA = (char *)"IPM.Note";
        props[2].ulPropTag = PR_DEFERRED_DELIVERY_TIME;
        props[2].Value.ft.dwLowDateTime = (DWORD)later;
        props[2].Value.ft.dwHighDateTime = (DWORD)(later >> 32);
        check(message->lpVtbl->SetProps(message, 3, props, NULL), "SetProps");
        check(MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list), "MAPIAllocateBuffer");
        list->cEntries = 1;
        check(MAPIAllocateBuffer(sizeof(recip), (void **)&list->aEntries[0].rgPropVals), "MAPIAllocateBuffer");
        memcpy(list->aEntries[0].rgPropVals, recip, sizeof(recip));
        list->aEntries[0].cValues = 4;
        check(message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, list), "ModifyRecipients");
        FreePadrlist(list);
        check(message->lpVtbl->SubmitMessage(message, 0), "SubmitMessage");
        message->lpVtbl->Release(message);
    }
    outbox->lpVtbl->Release(outbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

static double now_ms(void)
{
    LARGE_INTEGER counter, frequency;

    QueryPerformanceCounter(&counter);
    QueryPerformanceFrequency(&frequency);
    return counter.QuadPart * 1000.0 / frequency.QuadPart;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median of ROUNDS logoffs with the flag: StoreLogoff, then the store's last Release. */
static double measure(IMAPISession *session, ULONG flag, ULONG *out)
{
    double times[ROUNDS], split[ROUNDS], start;
    IMsgStore *store;
    ULONG flags;
    int i;

    for (i = 0; i < ROUNDS; i++)
    {
        store = open_store(session);
        /* The spooler logs on to the store and reads its queue: not what is measured. */
        Sleep(1000);
        start = now_ms();
        flags = flag;
        check(store->lpVtbl->StoreLogoff(store, &flags), "StoreLogoff");
        split[i] = now_ms() - start;
        store->lpVtbl->Release(store);
        times[i] = now_ms() - start;
        *out = flags;
        /* What the spooler does in the background after an ORDERLY or NO_WAIT is not measured either. */
        Sleep(300);
    }
    qsort(times, ROUNDS, sizeof(*times), compare);
    qsort(split, ROUNDS, sizeof(*split), compare);
    if (getenv("BENCH_SPLIT")) printf("    flag %#lx: StoreLogoff %.3f ms of %.3f\n", flag, split[ROUNDS / 2], times[ROUNDS / 2]);
    return times[ROUNDS / 2];
}

int main(void)
{
    static const ULONG flags[] = { LOGOFF_ORDERLY, LOGOFF_NO_WAIT, LOGOFF_QUIET, LOGOFF_ABORT };
    static const char * const names[] = { "ORDERLY", "NO_WAIT", "QUIET", "ABORT" };
    double times[2][ARRAY_SIZE(flags)], ratio;
    IMAPISession *session;
    ULONG out[2][ARRAY_SIZE(flags)];
    int which, i, failed = 0;

    /* ctlxp.dll finds its control block by this name; nothing is held in the benchmark. */
    SetEnvironmentVariableA("MAPI_CTLXP_NAME", "bench-logoff");
    check(MAPIInitialize(NULL), "MAPIInitialize");
    for (which = 0; which < 2; which++) make_profile(which);
    printf("bench_logoff: queueing %d messages...\n", QUEUED);
    fill_queue(1);

    for (which = 0; which < 2; which++)
    {
        session = logon(which, 0);
        for (i = 0; i < ARRAY_SIZE(flags); i++) times[which][i] = measure(session, flags[i], &out[which][i]);
        IMAPISession_Logoff(session, 0, 0, 0);
        IMAPISession_Release(session);
    }

    printf("StoreLogoff + last Release, median of %d, with 0 and with %d messages queued:\n", ROUNDS, QUEUED);
    for (i = 0; i < ARRAY_SIZE(flags); i++)
    {
        ratio = times[1][i] / times[0][i];
        printf("  %-8s %8.3f ms  %8.3f ms  ratio %.2f%s  (StoreLogoff said %#lx and %#lx)\n", names[i],
               times[0][i], times[1][i], ratio, ratio > 1.5 ? "  TOO SLOW" : "", out[0][i], out[1][i]);
        if (ratio > 1.5) failed = 1;
    }

    for (which = 0; which < 2; which++)
    {
        IProfAdmin *admin;
        if (SUCCEEDED(MAPIAdminProfiles(0, &admin)))
        {
            admin->lpVtbl->DeleteProfile(admin, (LPSTR)profiles[which], 0);
            admin->lpVtbl->Release(admin);
        }
        DeleteFileA(db_paths[which]);
    }
    MAPIUninitialize();
    return failed;
}
