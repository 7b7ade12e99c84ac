/*
 * Benchmark (not a test): 2,000 messages through the whole stack, as a MAPI
 * program sends them. A profile with the sample store (SQLMS) and the SMTP
 * transport (SMTPXP) pointed at a private Exim; MAPILogonEx, so the spooler
 * runs; each message created in the Outbox of the default store (one SMTP
 * recipient, the benchmark's user at the MTA, a short plain body, a subject
 * with its number) and submitted. Timed from the first SubmitMessage until
 * Exim has delivered all of them into the user's Maildir; then each number
 * must be there exactly once and the Outbox empty. Then swaks sends the very
 * MIME messages Exim delivered, 4 at a time, timed the same way. Prints both
 * rates and the ratio ours/swaks (the target: at least 0.7).
 *
 * Run by `make -C tools bench-e2e` (and `make bench`) inside
 * tests/smtpxp.fixture.sh, which starts the MTA and sets MTA_DIR, MTA_PORT and
 * MTA_SCRIPT; it uses the test prefix's mapisvc.inf and runs from tools/ with
 * mapi32.dll, sqlms32.dll and smtpxp32.dll beside it.
 * Usage: bench_e2e.exe [messages]
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#include "smtpxp.h"

#include "bench_mta.h"

#define PROFILE "E2EBench"
#define SUBJECT "End-to-end benchmark message "

static char db_path[MAX_PATH];

static void check(HRESULT hr, const char *what)
{
    if (SUCCEEDED(hr)) return;
    printf("bench_e2e: %s failed: %#lx\n", what, hr);
    exit(2);
}

static void configure(IMsgServiceAdmin *admin, const char *service, ULONG count, SPropValue *props)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_SERVICE_NAME_A, PR_SERVICE_UID } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    check(admin->lpVtbl->GetMsgServiceTable(admin, 0, &table), "GetMsgServiceTable");
    check(HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows), "HrQueryAllRows");
    for (i = 0; i < rows->cRows; i++)
    {
        if (strcmp(rows->aRow[i].lpProps[0].Value.lpszA, service)) continue;
        check(admin->lpVtbl->ConfigureMsgService(admin, (MAPIUID *)rows->aRow[i].lpProps[1].Value.bin.lpb, 0, 0,
                                                 count, props), "ConfigureMsgService");
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
}

/* The sample store in a new database, and the SMTP transport sending to the private MTA. */
static void make_profile(void)
{
    WCHAR server[] = L"127.0.0.1", sender[] = L"sender@example.test";
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    SPropValue path, smtp[3];
    char dir[MAX_PATH];

    GetTempPathA(sizeof(dir), dir);
    snprintf(db_path, sizeof(db_path), "%s%s.sqlms", dir, PROFILE);
    DeleteFileA(db_path);
    check(MAPIAdminProfiles(0, &profiles), "MAPIAdminProfiles");
    profiles->lpVtbl->DeleteProfile(profiles, (LPSTR)PROFILE, 0);
    check(profiles->lpVtbl->CreateProfile(profiles, (LPSTR)PROFILE, NULL, 0, 0), "CreateProfile");
    check(profiles->lpVtbl->AdminServices(profiles, (LPSTR)PROFILE, NULL, 0, 0, &admin), "AdminServices");
    check(admin->lpVtbl->CreateMsgService(admin, (LPSTR)"SQLMS", (LPSTR)"SQLMS", 0, 0), "CreateMsgService SQLMS");
    check(admin->lpVtbl->CreateMsgService(admin, (LPSTR)SMTPXP_SERVICE_NAME, (LPSTR)"SMTPXP", 0, 0),
          "CreateMsgService SMTPXP");
    path.ulPropTag = PR_SQLMS_DATABASE_PATH_A;
    path.Value.lpszA = db_path;
    configure(admin, "SQLMS", 1, &path);
    smtp[0].ulPropTag = PR_SMTPXP_SERVER;
    smtp[0].Value.lpszW = server;
    smtp[1].ulPropTag = PR_SMTPXP_PORT;
    smtp[1].Value.l = bench_mta_port();
    smtp[2].ulPropTag = PR_SMTPXP_SENDER;
    smtp[2].Value.lpszW = sender;
    configure(admin, SMTPXP_SERVICE_NAME, 3, smtp);
    admin->lpVtbl->Release(admin);
    profiles->lpVtbl->Release(profiles);
}

static void delete_profile(void)
{
    IProfAdmin *profiles;

    if (SUCCEEDED(MAPIAdminProfiles(0, &profiles)))
    {
        profiles->lpVtbl->DeleteProfile(profiles, (LPSTR)PROFILE, 0);
        profiles->lpVtbl->Release(profiles);
    }
    DeleteFileA(db_path);
}

static IMsgStore *open_default_store(IMAPISession *session)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    IMsgStore *store = NULL;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    check(IMAPISession_GetMsgStoresTable(session, 0, &table), "GetMsgStoresTable");
    check(HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows), "HrQueryAllRows");
    table->lpVtbl->Release(table);
    for (i = 0; i < rows->cRows && !store; i++)
    {
        if (rows->aRow[i].lpProps[1].ulPropTag != PR_DEFAULT_STORE || !rows->aRow[i].lpProps[1].Value.b) continue;
        check(IMAPISession_OpenMsgStore(session, 0, rows->aRow[i].lpProps[0].Value.bin.cb,
                                        (ENTRYID *)rows->aRow[i].lpProps[0].Value.bin.lpb, NULL,
                                        MDB_WRITE | MDB_NO_DIALOG, &store), "OpenMsgStore");
    }
    FreeProws(rows);
    if (!store) check(MAPI_E_NOT_FOUND, "the default store");
    return store;
}

static IMAPIFolder *open_special(IMsgStore *store, ULONG tag, SBinary *entry_id)
{
    SPropTagArray tags = { 1, { tag } };
    IMAPIFolder *folder;
    SPropValue *value;
    ULONG count, type;

    check(store->lpVtbl->GetProps(store, &tags, 0, &count, &value), "GetProps");
    check(value->ulPropTag == tag ? S_OK : MAPI_E_NOT_FOUND, "a special folder's entry ID");
    check(store->lpVtbl->OpenEntry(store, value->Value.bin.cb, (ENTRYID *)value->Value.bin.lpb, &IID_IMAPIFolder,
                                   MAPI_MODIFY, &type, (IUnknown **)&folder), "OpenEntry");
    if (entry_id)
    {
        entry_id->cb = value->Value.bin.cb;
        entry_id->lpb = malloc(entry_id->cb);
        memcpy(entry_id->lpb, value->Value.bin.lpb, entry_id->cb);
    }
    MAPIFreeBuffer(value);
    return folder;
}

static ULONG count_messages(IMAPIFolder *folder)
{
    IMAPITable *table;
    ULONG count;

    check(folder->lpVtbl->GetContentsTable(folder, 0, &table), "GetContentsTable");
    check(table->lpVtbl->GetRowCount(table, 0, &count), "GetRowCount");
    table->lpVtbl->Release(table);
    return count;
}

/* Message number i, as a program writes one: saved into the Outbox, to go to Sent Items. */
static IMessage *create_message(IMAPIFolder *outbox, const SBinary *sent_items, ULONG i)
{
    SPropValue props[4], recip[4];
    IMessage *message;
    ADRLIST *list;
    char subject[64], body[256];

    snprintf(subject, sizeof(subject), SUBJECT "%lu", i);
    snprintf(body, sizeof(body), "Message %lu of the end-to-end benchmark.\r\n"
             "A few lines of text, as a short mail has them.\r\n\r\nRegards,\r\nthe benchmark\r\n", i);
    check(outbox->lpVtbl->CreateMessage(outbox, NULL, 0, &message), "CreateMessage");
    props[0].ulPropTag = PR_MESSAGE_CLASS_A;
    props[0].Value.lpszA = (char *)"IPM.Note";
    props[1].ulPropTag = PR_SUBJECT_A;
    props[1].Value.lpszA = subject;
    props[2].ulPropTag = PR_BODY_A;
    props[2].Value.lpszA = body;
    props[3].ulPropTag = PR_SENTMAIL_ENTRYID;
    props[3].Value.bin = *sent_items;
    check(message->lpVtbl->SetProps(message, 4, props, NULL), "SetProps");

    recip[0].ulPropTag = PR_DISPLAY_NAME_A;
    recip[0].Value.lpszA = (char *)"Bench";
    recip[1].ulPropTag = PR_ADDRTYPE_A;
    recip[1].Value.lpszA = (char *)"SMTP";
    recip[2].ulPropTag = PR_EMAIL_ADDRESS_A;
    recip[2].Value.lpszA = (char *)"bench@example.test";
    recip[3].ulPropTag = PR_RECIPIENT_TYPE;
    recip[3].Value.l = MAPI_TO;
    check(MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list), "MAPIAllocateBuffer");
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 4;
    check(MAPIAllocateBuffer(sizeof(recip), (void **)&list->aEntries[0].rgPropVals), "MAPIAllocateBuffer");
    memcpy(list->aEntries[0].rgPropVals, recip, sizeof(recip));
    check(message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, list), "ModifyRecipients");
    FreePadrlist(list);
    return message;
}

struct tally
{
    ULONG count;
    BYTE *seen;         /* how often each number was delivered */
    ULONG unknown;      /* delivered files without a number of ours */
};

static void tally_file(const char *data, DWORD size, void *context)
{
    static const char header[] = "\r\nSubject: " SUBJECT;
    struct tally *tally = context;
    const char *end = data + size, *p;
    ULONG number;

    for (p = data; p + sizeof(header) < end; p++)
        if (!memcmp(p, header, sizeof(header) - 1)) break;
    if (p + sizeof(header) >= end)
    {
        tally->unknown++;
        return;
    }
    number = strtoul(p + sizeof(header) - 1, NULL, 10);
    if (number < tally->count && tally->seen[number] < 255) tally->seen[number]++;
    else tally->unknown++;
}

/* Every number delivered exactly once, nothing else: say what is wrong, FALSE if anything is. */
static BOOL check_delivered(ULONG count)
{
    struct tally tally = { count, calloc(count, 1), 0 };
    ULONG files, missing = 0, twice = 0, i;

    files = bench_mta_read_new(L"bench", 65536, tally_file, &tally);
    for (i = 0; i < count; i++)
    {
        if (!tally.seen[i]) missing++;
        else if (tally.seen[i] > 1) twice++;
    }
    free(tally.seen);
    if (files == count && !missing && !twice && !tally.unknown) return TRUE;
    printf("bench_e2e: %lu files delivered for %lu messages: %lu missing, %lu more than once, %lu unknown\n",
           files, count, missing, twice, tally.unknown);
    return FALSE;
}

static double seconds_since(LARGE_INTEGER start)
{
    LARGE_INTEGER now, freq;

    QueryPerformanceCounter(&now);
    QueryPerformanceFrequency(&freq);
    return (double)(now.QuadPart - start.QuadPart) / freq.QuadPart;
}

int main(int argc, char **argv)
{
    ULONG count = argc > 1 ? atoi(argv[1]) : 2000, i, queued = 0, sent = 0;
    IMAPIFolder *outbox, *sent_items;
    IMAPISession *session;
    IMessage *message;
    IMsgStore *store;
    SBinary sent_id;
    LARGE_INTEGER start;
    double submitted, ours, drained = -1, theirs;
    BOOL ok;

    if (!count || !bench_mta_init("bench_e2e")) return 1;
    check(MAPIInitialize(NULL), "MAPIInitialize");
    make_profile();
    check(MAPILogonEx(0, (LPSTR)PROFILE, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session),
          "MAPILogonEx");
    store = open_default_store(session);
    outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID, NULL);
    sent_items = open_special(store, PR_IPM_SENTMAIL_ENTRYID, &sent_id);

    /* the clock starts at the first submission: creating the others is part of sending them */
    message = create_message(outbox, &sent_id, 0);
    QueryPerformanceCounter(&start);
    for (i = 0; i < count; i++)
    {
        if (i) message = create_message(outbox, &sent_id, i);
        check(message->lpVtbl->SubmitMessage(message, 0), "SubmitMessage");
        message->lpVtbl->Release(message);
    }
    submitted = seconds_since(start);
    ours = bench_mta_wait_delivered(L"bench", count, start);
    if (ours < 0)
    {
        printf("bench_e2e: the MTA got %lu of %lu messages\n", bench_mta_count_new(L"bench"), count);
        return 1;
    }

    /* out of the queue: the spooler's FinishedMsg moves each to Sent Items after the MTA took it */
    while (seconds_since(start) < ours + 60)
    {
        if (!(queued = count_messages(outbox)))
        {
            drained = seconds_since(start);
            break;
        }
        Sleep(50);
    }
    sent = count_messages(sent_items);
    Sleep(1000); /* time for anything sent twice to arrive */
    ok = check_delivered(count);
    if (queued || sent != count)
    {
        printf("bench_e2e: %lu messages left in the Outbox, %lu in Sent Items\n", queued, sent);
        ok = FALSE;
    }

    outbox->lpVtbl->Release(outbox);
    sent_items->lpVtbl->Release(sent_items);
    free(sent_id.lpb);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    delete_profile();
    MAPIUninitialize();
    if (!ok) return 1;

    /* swaks, with what the MTA delivered */
    if ((theirs = bench_mta_swaks("bench", "swaks", count)) < 0) return 1;

    printf("%lu messages, a short plain text each, until the MTA delivered them:\n", count);
    printf("  MAPI program: store, spooler, smtpxp32  %8.2f s  %8.1f messages/s\n", ours, count / ours);
    printf("    (all submitted after %.2f s; the Outbox empty after %.2f s)\n", submitted, drained);
    printf("  swaks (a connection each, 4 at a time)  %8.2f s  %8.1f messages/s\n", theirs, count / theirs);
    printf("  ratio ours/swaks: %.2f (target >= 0.7: %s)\n", theirs / ours, theirs / ours >= 0.7 ? "met" : "NOT met");
    return 0;
}
