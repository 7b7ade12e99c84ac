/*
 * The spooler: sending through the transport that handles the recipients'
 * address type, non-delivery reports, retries, deferred delivery,
 * AbortSubmit, transports that keep a message (END_DONT_RESEND), preprocessors,
 * inbound mail and its notification, the spooler's status row and status
 * object (FlushQueues of one transport, ValidateState reaching the
 * transports, CONFIG_CHANGED with a new address type, in a profile with
 * ctlxp and testxp), and session logoff while a transport holds a message.
 */

#include "initguid.h"
#include "mapiguid.h"
#include "spooler_test.h"

#define PROFILE "SpoolerTest"
#define TWO_XP_PROFILE "SpoolerTwoTransports"

static const char * const services[] = { "RecSQLMS", "CtlTransport", NULL };
/* ctlxp (CTL) first in transport order, testxp (TEST, SMTP; its SubmitMessage fails) second. */
static const char * const two_xp_services[] = { "RecSQLMS", "CtlTransport", "TestTransport", NULL };
static char two_xp_db_path[MAX_PATH];

static int setup(void **state)
{
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    ctl_init("spooler");
    log_reset();
    make_spool_profile(TWO_XP_PROFILE, two_xp_services);
    strcpy(two_xp_db_path, db_path);
    make_spool_profile(PROFILE, services);
    return 0;
}

static int teardown(void **state)
{
    delete_profile(PROFILE);
    delete_profile(TWO_XP_PROFILE);
    MAPIUninitialize();
    DeleteFileA(db_path);
    DeleteFileA(two_xp_db_path);
    DeleteFileA(ctl_log_path);
    DeleteFileA(log_path);
    return 0;
}

static int reset(void **state)
{
    ctl_reset();
    log_reset();
    return 0;
}

/* A submitted message goes through the transport once, and then to Sent Items. */
static void test_send(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);

    submit(store, "first");
    assert_true(ctl_wait_sent("first"));
    assert_true(wait_where(store, "first", 's'));
    assert_int_equal(ctl_count("sent first"), 1);
    /* The spooler and the transport work in this process. */
    assert_int_equal(control->last_pid, GetCurrentProcessId());

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_equal(ctl_count("sent first"), 1);
    assert_true(control->logoff_calls >= 1);
}

/* A recipient the transport refuses, and one no transport handles, get non-delivery reports. */
static void test_reports(void **state)
{
    static const char * const mixed[] = { "bob@ctl.test", "refused@ctl.test", NULL };
    static const char * const fax[] = { "+1 555 0100", NULL };
    static const SizedSPropTagArray(3, columns) = { 3, { PR_SUBJECT_A, PR_MESSAGE_CLASS_A, PR_ORIGINAL_SUBJECT_A } };
    static const SizedSPropTagArray(3, recip_columns) = { 3, { PR_EMAIL_ADDRESS_A, PR_NDR_REASON_CODE, PR_REPORT_TEXT_A } };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    IMAPITable *table;
    IMessage *report;
    SRowSet *rows;
    SBinary entryid;
    ULONG type;

    submit_to(store, "partly refused", mixed, 0, NULL);
    assert_true(ctl_wait_sent("partly refused"));
    assert_true(wait_count(inbox, "Undeliverable: partly refused", 1));
    assert_true(wait_where(store, "partly refused", 's'));

    entryid = find_entryid(inbox, "Undeliverable: partly refused");
    assert_hr_equal(S_OK, inbox->lpVtbl->OpenEntry(inbox, entryid.cb, (ENTRYID *)entryid.lpb, &IID_IMessage, 0,
                                                   &type, (IUnknown **)&report));
    MAPIFreeBuffer(entryid.lpb);
    {
        SPropValue *props;
        ULONG count;
        assert_hr_equal(S_OK, report->lpVtbl->GetProps(report, (SPropTagArray *)&columns, 0, &count, &props));
        assert_string_equal(props[1].Value.lpszA, "REPORT.IPM.Note.NDR");
        assert_string_equal(props[2].Value.lpszA, "partly refused");
        MAPIFreeBuffer(props);
    }
    /* Only the refused recipient, with what the transport said of it. */
    assert_hr_equal(S_OK, report->lpVtbl->GetRecipientTable(report, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&recip_columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, "refused@ctl.test");
    assert_int_equal(rows->aRow[0].lpProps[1].ulPropTag, PR_NDR_REASON_CODE);
    assert_string_equal(rows->aRow[0].lpProps[2].Value.lpszA, "The controlled transport refuses this recipient.");
    FreeProws(rows);
    table->lpVtbl->Release(table);
    report->lpVtbl->Release(report);

    /* No transport takes FAX: the message is finished with a report, no transport saw it. */
    submit_to(store, "to a fax", fax, 0, "FAX");
    assert_true(wait_count(inbox, "Undeliverable: to a fax", 1));
    assert_true(wait_where(store, "to a fax", 's'));
    assert_int_equal(ctl_count("submit to a fax preprocessed") + ctl_count("submit to a fax"), 0);

    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* A transport that cannot send now (MAPI_E_WAIT) gets the message again later. */
static void test_retry(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);

    control->submit_result = MAPI_E_WAIT;
    control->submit_parm = 1;
    submit(store, "later");
    assert_true(ctl_wait_line("failed later 0x80040500"));
    assert_int_equal(ctl_count("sent later"), 0);
    assert_int_equal(where_is(store, "later"), 'q');
    control->submit_result = S_OK;
    assert_true(ctl_wait_sent("later"));
    assert_true(wait_where(store, "later", 's'));
    assert_int_equal(ctl_count("sent later"), 1);
    assert_true(control->submit_calls >= 2);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* PR_DEFERRED_DELIVERY_TIME: the message waits in the queue until then; AbortSubmit takes one out. */
static void test_deferred_delivery(void **state)
{
    static const char * const alice[] = { "alice@ctl.test", NULL };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *outbox;
    SBinary entryid;
    ULONG flags = 0;

    submit_to(store, "in two seconds", alice, 2, NULL);
    submit_to(store, "in an hour", alice, 3600, NULL);
    Sleep(500);
    assert_int_equal(ctl_count("sent in two seconds"), 0);
    assert_true(ctl_wait_sent("in two seconds"));
    assert_true(wait_where(store, "in two seconds", 's'));

    outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    assert_int_equal(where_is(store, "in an hour"), 'q');
    entryid = find_entryid(outbox, "in an hour");
    assert_hr_equal(S_OK, store->lpVtbl->AbortSubmit(store, entryid.cb, (ENTRYID *)entryid.lpb, 0));
    assert_hr_equal(MAPI_E_NOT_IN_QUEUE, store->lpVtbl->AbortSubmit(store, entryid.cb, (ENTRYID *)entryid.lpb, 0));
    MAPIFreeBuffer(entryid.lpb);
    assert_int_equal(count_subject(outbox, "in an hour", &flags), 1);
    assert_false(flags & MSGFLAG_SUBMIT);
    outbox->lpVtbl->Release(outbox);
    assert_int_equal(ctl_count("sent in an hour"), 0);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* END_DONT_RESEND: the transport keeps the message until NOTIFY_SENTDEFERRED; an AbortSubmit
 * meanwhile reaches it as NOTIFY_ABORT_DEFERRED. */
static void test_kept_by_transport(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    SBinary entryid;

    control->end_flags = END_DONT_RESEND;
    submit(store, "kept");
    assert_true(ctl_wait_sent("kept"));
    Sleep(300);
    assert_int_equal(where_is(store, "kept"), 'q');
    control->notify_sent_deferred = 1;
    assert_true(ctl_wait_line("sent-deferred"));
    assert_true(wait_where(store, "kept", 's'));
    assert_int_equal(ctl_count("sent kept"), 1);

    submit(store, "kept and aborted");
    assert_true(ctl_wait_sent("kept and aborted"));
    Sleep(300);
    entryid = find_entryid(outbox, "kept and aborted");
    assert_hr_equal(S_OK, store->lpVtbl->AbortSubmit(store, entryid.cb, (ENTRYID *)entryid.lpb, 0));
    MAPIFreeBuffer(entryid.lpb);
    assert_true(ctl_wait_line("abort-deferred"));
    assert_int_equal(control->abort_deferred_calls, 1);

    outbox->lpVtbl->Release(outbox);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* The preprocessor ctlxp registered runs before SubmitMessage, with the session, the address book
 * and the message's folder, and its info goes after. The extra message it makes is sent too, once,
 * and not preprocessed again; a try that fails lets go of the extra message of that try. */
static void test_preprocessor(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);

    submit(store, "preprocess me");
    assert_true(ctl_wait_sent("preprocess me"));
    assert_int_equal(ctl_count("submit preprocess me preprocessed"), 1);
    assert_int_equal(ctl_count("preprocess session addrbook folder"), 1);
    assert_true(ctl_wait_line("remove-preprocess"));

    control->preprocess_extra = 1;
    submit(store, "with an extra");
    assert_true(ctl_wait_sent("with an extra"));
    assert_true(ctl_wait_sent("with an extra extra"));
    assert_true(wait_where(store, "with an extra", 's'));
    assert_true(wait_where(store, "with an extra extra", 's'));
    assert_int_equal(ctl_count("submit with an extra preprocessed"), 1);
    /* The extra message was not preprocessed: no mark, and one preprocessor call in all. */
    assert_int_equal(ctl_count("submit with an extra extra"), 1);
    assert_int_equal(ctl_count("sent with an extra extra"), 1);
    assert_int_equal(control->preprocess_calls, 2);

    /* The first try fails: its extra message is not sent; the next try makes it again. */
    control->submit_result = MAPI_E_WAIT;
    control->submit_parm = 1;
    submit(store, "retried");
    assert_true(ctl_wait_line("failed retried 0x80040500"));
    control->submit_result = S_OK;
    assert_true(ctl_wait_sent("retried"));
    assert_true(wait_where(store, "retried extra", 's'));
    assert_true(wait_where(store, "retried", 's'));
    assert_int_equal(ctl_count("sent retried"), 1);
    assert_int_equal(ctl_count("sent retried extra"), 1);
    assert_true(control->preprocess_calls >= 4);

    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* Logoff while the transport holds a message with an extra: neither is sent, the message stays in
 * the queue, and the next session sends both, once each. */
static void test_preprocessor_logoff(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);

    control->preprocess_extra = 1;
    control->hold = CTLXP_HOLD_SUBMIT;
    submit(store, "extra at logoff");
    assert_true(step_entered(STEP_SUBMIT));
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_equal(ctl_count("cancelled extra at logoff"), 1);
    assert_int_equal(where_is_now(PROFILE, "extra at logoff"), 'q');
    assert_int_equal(where_is_now(PROFILE, "extra at logoff extra"), '-');

    control->hold = 0;
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_true(wait_where(store, "extra at logoff extra", 's'));
    assert_true(wait_where(store, "extra at logoff", 's'));
    assert_int_equal(ctl_count("sent extra at logoff"), 1);
    assert_int_equal(ctl_count("sent extra at logoff extra"), 1);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

struct newmail_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    LONG count;
    HANDLE event;
    /* the entry IDs of the last fnevNewMail */
    BYTE entryid[64], parent[64];
    ULONG entryid_size, parent_size;
};

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    *obj = iface;
    return S_OK;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&CONTAINING_RECORD(iface, struct newmail_sink, IMAPIAdviseSink_iface)->ref);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&CONTAINING_RECORD(iface, struct newmail_sink, IMAPIAdviseSink_iface)->ref);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct newmail_sink *sink = CONTAINING_RECORD(iface, struct newmail_sink, IMAPIAdviseSink_iface);
    ULONG i;

    for (i = 0; i < count; i++)
    {
        NEWMAIL_NOTIFICATION *mail = &notifications[i].info.newmail;

        if (notifications[i].ulEventType != fnevNewMail) continue;
        sink->entryid_size = min(mail->cbEntryID, sizeof(sink->entryid));
        memcpy(sink->entryid, mail->lpEntryID, sink->entryid_size);
        sink->parent_size = min(mail->cbParentID, sizeof(sink->parent));
        memcpy(sink->parent, mail->lpParentID, sink->parent_size);
        InterlockedIncrement(&sink->count);
    }
    SetEvent(sink->event);
    return S_OK;
}

static IMAPIAdviseSinkVtbl sink_vtbl = { sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify };

/* Mail a transport has goes to the Inbox, and the store's clients hear of it (fnevNewMail). */
static void test_inbound(void **state)
{
    struct newmail_sink sink = { { &sink_vtbl }, 1, 0, CreateEventA(NULL, FALSE, FALSE, NULL) };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    ULONG_PTR connection;
    DWORD start;

    assert_hr_equal(S_OK, store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, &sink.IMAPIAdviseSink_iface,
                                                (ULONG *)&connection));
    control->inbound_waiting = 2;
    assert_true(wait_count(inbox, "inbound 1", 1));
    assert_true(wait_count(inbox, "inbound 2", 1));
    assert_int_equal(control->inbound_waiting, 0);
    for (start = GetTickCount(); sink.count < 2 && GetTickCount() - start < WAIT_MS;) WaitForSingleObject(sink.event, 100);
    assert_int_equal(sink.count, 2);
    /* Nothing more: StartMessage leaves the message unsaved, which is no mail. */
    Sleep(1500);
    assert_int_equal(count_subject(inbox, "inbound 3", NULL), 0);
    /* and each told once */
    assert_int_equal(sink.count, 2);
    assert_int_equal(control->inbound_next, 2);

    assert_hr_equal(S_OK, store->lpVtbl->Unadvise(store, connection));
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
    CloseHandle(sink.event);
}

/* Mail of a class received in another folder than the Inbox goes there, and fnevNewMail names it
 * there: its entry ID opens it, its parent is that folder. */
static void test_inbound_class_folder(void **state)
{
    struct newmail_sink sink = { { &sink_vtbl }, 1, 0, CreateEventA(NULL, FALSE, FALSE, NULL) };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store), *subtree = open_special(store, PR_IPM_SUBTREE_ENTRYID), *folder = NULL;
    SPropValue *folder_id, *value;
    ULONG_PTR connection;
    IMessage *message;
    ULONG type, equal = 0;
    DWORD start;

    /* test_inbound left its mail there */
    assert_hr_equal(S_OK, inbox->lpVtbl->EmptyFolder(inbox, 0, NULL, 0));
    assert_hr_equal(S_OK, subtree->lpVtbl->CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"Notes", NULL, NULL,
                                                        OPEN_IF_EXISTS, (IMAPIFolder *)&folder));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)folder, PR_ENTRYID, &folder_id));
    assert_hr_equal(S_OK, store->lpVtbl->SetReceiveFolder(store, (LPSTR)"IPM.Note", 0, folder_id->Value.bin.cb,
                                                          (ENTRYID *)folder_id->Value.bin.lpb));
    assert_hr_equal(S_OK, store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, &sink.IMAPIAdviseSink_iface,
                                                (ULONG *)&connection));
    control->inbound_waiting = 1;
    for (start = GetTickCount(); sink.count < 1 && GetTickCount() - start < WAIT_MS;) WaitForSingleObject(sink.event, 100);
    assert_int_equal(sink.count, 1);
    assert_int_equal(count_subject(folder, "inbound 1", NULL), 1);
    assert_int_equal(count_subject(inbox, "inbound 1", NULL), 0);

    assert_hr_equal(S_OK, store->lpVtbl->CompareEntryIDs(store, sink.parent_size, (ENTRYID *)sink.parent,
                                                         folder_id->Value.bin.cb, (ENTRYID *)folder_id->Value.bin.lpb,
                                                         0, &equal));
    assert_true(equal);
    assert_hr_equal(S_OK, store->lpVtbl->OpenEntry(store, sink.entryid_size, (ENTRYID *)sink.entryid, NULL, 0, &type,
                                                   (IUnknown **)&message));
    assert_int_equal(type, MAPI_MESSAGE);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)message, PR_SUBJECT_A, &value));
    assert_string_equal(value->Value.lpszA, "inbound 1");
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)message, PR_PARENT_ENTRYID, &value));
    assert_int_equal(value->Value.bin.cb, folder_id->Value.bin.cb);
    assert_memory_equal(value->Value.bin.lpb, folder_id->Value.bin.lpb, folder_id->Value.bin.cb);
    MAPIFreeBuffer(value);
    message->lpVtbl->Release(message);
    /* told once, and nothing more came */
    Sleep(1500);
    assert_int_equal(sink.count, 1);
    assert_int_equal(count_subject(folder, "inbound 1", NULL), 1);

    assert_hr_equal(S_OK, store->lpVtbl->Unadvise(store, connection));
    assert_hr_equal(S_OK, store->lpVtbl->SetReceiveFolder(store, (LPSTR)"IPM.Note", 0, 0, NULL));
    assert_hr_equal(S_OK, folder->lpVtbl->EmptyFolder(folder, 0, NULL, 0));
    MAPIFreeBuffer(folder_id);
    folder->lpVtbl->Release(folder);
    subtree->lpVtbl->Release(subtree);
    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    CloseHandle(sink.event);
}

/* The spooler's row in the status table, and its status object. */
static void test_status(void **state)
{
    static const SizedSPropTagArray(4, columns) =
        { 4, { PR_RESOURCE_TYPE, PR_ENTRYID, PR_STATUS_CODE, PR_RESOURCE_METHODS } };
    static const SizedSPropTagArray(2, props_tags) = { 2, { PR_RESOURCE_TYPE, PR_OBJECT_TYPE } };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIStatus *status = NULL;
    IMAPITable *table;
    SPropValue *props;
    SRowSet *rows;
    ULONG i, type, count;
    ULONG code = 0;

    control->hold = CTLXP_HOLD_SUBMIT;
    submit(store, "status");
    assert_true(step_entered(STEP_SUBMIT));

    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].lpProps[0].Value.l != MAPI_SPOOLER) continue;
        code = rows->aRow[i].lpProps[2].Value.l;
        assert_int_equal(rows->aRow[i].lpProps[3].Value.l, STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES);
        assert_int_equal(rows->aRow[i].lpProps[1].ulPropTag, PR_ENTRYID);
        assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, rows->aRow[i].lpProps[1].Value.bin.cb,
                                                     (ENTRYID *)rows->aRow[i].lpProps[1].Value.bin.lpb,
                                                     &IID_IMAPIStatus, 0, &type, (IUnknown **)&status));
        assert_int_equal(type, MAPI_STATUS);
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    assert_true(code & STATUS_AVAILABLE);
    assert_true(code & STATUS_OUTBOUND_ENABLED);
    assert_true(code & STATUS_OUTBOUND_ACTIVE);
    assert_true(code & STATUS_INBOUND_ENABLED);
    assert_non_null(status);
    control->hold = 0;
    step_release(STEP_SUBMIT);
    assert_true(ctl_wait_sent("status"));

    assert_hr_equal(S_OK, status->lpVtbl->GetProps(status, (SPropTagArray *)&props_tags, 0, &count, &props));
    assert_int_equal(props[0].Value.l, MAPI_SPOOLER);
    assert_int_equal(props[1].Value.l, MAPI_STATUS);
    MAPIFreeBuffer(props);
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->SettingsDialog(status, 0, 0));
    assert_hr_equal(MAPI_E_NO_SUPPORT, status->lpVtbl->ChangePassword(status, (LPSTR)"a", (LPSTR)"b", 0));
    assert_hr_equal(MAPI_E_NO_ACCESS, status->lpVtbl->SaveChanges(status, 0));
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->ValidateState(status, 0, 0x2));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->FlushQueues(status, 0, 0, NULL, 0x1));

    /* FlushQueues sends what waits for a retry now. */
    control->submit_result = MAPI_E_WAIT;
    control->submit_parm = 3600;
    submit(store, "flushed");
    assert_true(ctl_wait_line("failed flushed 0x80040500"));
    control->submit_result = S_OK;
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
    assert_int_equal(ctl_count("sent flushed"), 1);

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, status->lpVtbl->ValidateState(status, 0, 0));
    status->lpVtbl->Release(status);
    IMAPISession_Release(session);
}

/* Logoff while the transport holds a message: it is cancelled and stays in the queue, intact,
 * for the next session; what the program still holds answers MAPI_E_INVALID_OBJECT. */
static void test_logoff_while_sending(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_SUBJECT_A } };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    IMAPITable *table;
    SPropValue *props;
    ULONG count;

    control->hold = CTLXP_HOLD_SUBMIT;
    submit(store, "interrupted");
    assert_true(step_entered(STEP_SUBMIT));
    assert_hr_equal(S_OK, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));

    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    assert_int_equal(ctl_count("cancelled interrupted"), 1);
    assert_int_equal(ctl_count("sent interrupted"), 0);
    assert_true(control->cancel_calls >= 1);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, store->lpVtbl->GetProps(store, (SPropTagArray *)&tags, 0, &count, &props));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, table->lpVtbl->GetRowCount(table, 0, &count));
    table->lpVtbl->Release(table);
    outbox->lpVtbl->Release(outbox);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);

    assert_int_equal(where_is_now(PROFILE, "interrupted"), 'q');
    control->hold = 0;
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_true(wait_where(store, "interrupted", 's'));
    assert_int_equal(ctl_count("sent interrupted"), 1);
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* PURGE from a client that opened the store a moment ago, before the spooler's own logon to
 * it: the spooler still logs on, sends what is queued, and PURGE returns after that. */
static void test_purge_before_spooler_logon(void **state)
{
    char subject[32];
    int round;

    for (round = 0; round < 8; round++)
    {
        IMAPISession *session = logon(PROFILE, 0);
        IMsgStore *store = open_default_store(session);
        ULONG flags = LOGOFF_PURGE;

        snprintf(subject, sizeof(subject), "early %d", round);
        submit(store, subject);
        assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
        store->lpVtbl->Release(store);
        /* The last Release made the PURGE: by now the message left. */
        assert_int_equal(ctl_countf("sent %s", subject), 1);
        assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
        IMAPISession_Release(session);
    }
}

/* PURGE right after a submission, with the spooler logged on: the message it has not
 * heard of yet from the queue's notifications is sent before PURGE returns. */
static void test_purge_right_after_submit(void **state)
{
    char subject[32];
    int round;

    for (round = 0; round < 8; round++)
    {
        IMAPISession *session = logon(PROFILE, 0);
        IMsgStore *store = open_default_store(session);
        ULONG flags = LOGOFF_PURGE;

        snprintf(subject, sizeof(subject), "warm %d", round);
        submit(store, subject);
        assert_true(ctl_wait_sent(subject));
        snprintf(subject, sizeof(subject), "late %d", round);
        submit(store, subject);
        assert_hr_equal(S_OK, store->lpVtbl->StoreLogoff(store, &flags));
        store->lpVtbl->Release(store);
        assert_int_equal(ctl_countf("sent %s", subject), 1);
        assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
        IMAPISession_Release(session);
    }
}

/* Logoff while the transport delivers: nothing half-written, the mail comes again. */
static void test_logoff_while_receiving(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);

    control->hold = CTLXP_HOLD_START;
    control->inbound_next = 100;
    control->inbound_waiting = 1;
    assert_true(step_entered(STEP_START));
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
    assert_int_equal(control->inbound_waiting, 1);
    assert_int_equal(count_received(PROFILE, "inbound 101"), 0);

    control->hold = 0;
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    {
        IMAPIFolder *inbox = open_inbox(store);
        assert_true(wait_count(inbox, "inbound 101", 1));
        inbox->lpVtbl->Release(inbox);
    }
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
}

/* Two mail sessions of a process share one spooler; it carries on when the first logs off. */
static void test_two_sessions(void **state)
{
    IMAPISession *first = logon(PROFILE, 0), *second = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(second);

    submit(store, "from the second");
    assert_true(wait_where(store, "from the second", 's'));
    assert_int_equal(control->logon_calls, 2);   /* each session logs its transports on */
    store->lpVtbl->Release(store);

    assert_hr_equal(S_OK, IMAPISession_Logoff(first, 0, 0, 0));
    IMAPISession_Release(first);
    store = open_default_store(second);
    submit(store, "after the first left");
    assert_true(wait_where(store, "after the first left", 's'));
    assert_int_equal(ctl_count("sent from the second"), 1);
    assert_int_equal(ctl_count("sent after the first left"), 1);
    store->lpVtbl->Release(store);
    IMAPISession_Release(second);
}

/* Whether the test providers' log has a line starting with prefix after the offset. */
static BOOL log_has_after(int offset, const char *prefix)
{
    char *text = log_read(), *line;
    BOOL ret = FALSE;

    for (line = text + offset; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
    {
        if (strncmp(line, prefix, strlen(prefix))) continue;
        ret = TRUE;
        break;
    }
    free(text);
    return ret;
}

static BOOL wait_log_count(const char *prefix, int expected)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (log_count(prefix) >= expected) return TRUE;
        Sleep(20);
    }
    return FALSE;
}

/* FlushQueues with a transport's status row entry ID: that transport's FlushQueues alone, and only what
 * waits for it is retried; without a target, every transport's; targets that name no transport. */
static void test_flush_target(void **state)
{
    static const char * const bob[] = { "bob@test.test", NULL };
    static const SizedSPropTagArray(2, columns) = { 2, { PR_RESOURCE_TYPE, PR_ENTRYID } };
    IMAPISession *session = logon(TWO_XP_PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIStatus *status = spooler_status_object(session);
    SBinary test_eid = transport_status_entryid(session, "testxp.dll");
    SBinary ctl_eid = transport_status_entryid(session, "ctlxp.dll");
    BYTE other[64];
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;
    int offset;

    /* One message for each transport, both waiting for a retry. */
    control->submit_result = MAPI_E_WAIT;
    control->submit_parm = 3600;
    submit(store, "for ctl");
    assert_true(ctl_wait_line("failed for ctl 0x80040500"));
    submit_to(store, "for test", bob, 0, "TEST");
    assert_true(wait_log_count("xp:SubmitMessage", 1));
    assert_true(wait_outbound_done(session));
    control->submit_result = S_OK;

    /* testxp's row: testxp's FlushQueues, with the flags but FLUSH_ASYNC_OK, and its message tried again. */
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, test_eid.cb, (ENTRYID *)test_eid.lpb,
                                                      FLUSH_UPLOAD | FLUSH_NO_UI));
    assert_int_equal(log_count("xp:FlushQueues"), 1);
    assert_true((offset = log_find("xp:FlushQueues flags=0x12")) >= 0);
    assert_true(log_has_after(offset, "xp:SubmitMessage"));
    /* ctlxp is not flushed, and its message still waits. */
    assert_int_equal(control->flush_calls, 0);
    assert_int_equal(ctl_count("failed for ctl 0x80040500"), 1);
    assert_int_equal(where_is(store, "for ctl"), 'q');

    /* ctlxp's row: its FlushQueues, and its message goes now. */
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb, (ENTRYID *)ctl_eid.lpb,
                                                      FLUSH_UPLOAD | FLUSH_FORCE));
    assert_int_equal(control->flush_calls, 1);
    assert_int_equal(control->flush_flags, FLUSH_UPLOAD | FLUSH_FORCE);
    assert_int_equal(ctl_count("sent for ctl"), 1);
    assert_int_equal(log_count("xp:FlushQueues"), 1);
    assert_true(wait_where(store, "for ctl", 's'));

    /* No target: every transport, in transport order; neither queue flag means both. */
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, 0));
    assert_int_equal(control->flush_calls, 2);
    assert_int_equal(control->flush_flags, FLUSH_UPLOAD | FLUSH_DOWNLOAD);
    assert_int_equal(log_count("xp:FlushQueues flags=0x6"), 1);

    /* What names no transport of the spooler. */
    memset(other, 0x5a, sizeof(other));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb, (ENTRYID *)other,
                                                                      FLUSH_UPLOAD));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb - 1,
                                                                      (ENTRYID *)ctl_eid.lpb, FLUSH_UPLOAD));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb, NULL,
                                                                        FLUSH_UPLOAD));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb,
                                                                    (ENTRYID *)ctl_eid.lpb, 0x40));
    /* The spooler's own row and the subsystem's are not transports. */
    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].lpProps[0].Value.l != MAPI_SPOOLER && rows->aRow[i].lpProps[0].Value.l != MAPI_SUBSYSTEM)
            continue;
        assert_hr_equal(MAPI_E_INVALID_ENTRYID,
                        status->lpVtbl->FlushQueues(status, 0, rows->aRow[i].lpProps[1].Value.bin.cb,
                                                    (ENTRYID *)rows->aRow[i].lpProps[1].Value.bin.lpb, FLUSH_UPLOAD));
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    /* A transport's row entry ID with a provider UID the profile does not have (bytes 32..47). */
    memcpy(other, ctl_eid.lpb, ctl_eid.cb);
    other[ctl_eid.cb - 1] ^= 0xff;
    assert_hr_equal(MAPI_E_NOT_FOUND, status->lpVtbl->FlushQueues(status, 0, ctl_eid.cb, (ENTRYID *)other,
                                                                FLUSH_UPLOAD));
    assert_int_equal(control->flush_calls, 2);
    assert_int_equal(log_count("xp:FlushQueues"), 2);

    MAPIFreeBuffer(test_eid.lpb);
    MAPIFreeBuffer(ctl_eid.lpb);
    status->lpVtbl->Release(status);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* Whether IMAPISession::EnumAdrTypes lists the type. */
static BOOL session_has_type(IMAPISession *session, const char *type)
{
    ULONG count, i;
    LPSTR *types;
    BOOL ret = FALSE;

    assert_hr_equal(S_OK, session->lpVtbl->EnumAdrTypes(session, 0, &count, &types));
    for (i = 0; i < count; i++) if (!strcmp(types[i], type)) ret = TRUE;
    MAPIFreeBuffer(types);
    return ret;
}

/* ValidateState reaches every transport with the caller's flags; CONFIG_CHANGED has them say their
 * address types again, and the spooler routes by the new ones. */
static void test_validate_state(void **state)
{
    static const char * const carol[] = { "carol@ctl.test", NULL };
    static const ULONG all = SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT |
                             FORCE_XP_DISCONNECT | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI;
    IMAPISession *session = logon(TWO_XP_PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIStatus *status = spooler_status_object(session);
    char line[64];

    assert_int_equal(ctl_count("address-types CTL"), 1);
    assert_int_equal(log_count("xp:AddressTypes"), 1);

    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, SUPPRESS_UI | FORCE_XP_CONNECT));
    assert_int_equal(control->validate_calls, 1);
    assert_int_equal(control->validate_flags, SUPPRESS_UI | FORCE_XP_CONNECT);
    snprintf(line, sizeof(line), "xp:ValidateState flags=%#lx", SUPPRESS_UI | FORCE_XP_CONNECT);
    assert_int_equal(log_count(line), 1);
    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, all));
    assert_int_equal(control->validate_calls, 2);
    assert_int_equal(control->validate_flags, all);
    snprintf(line, sizeof(line), "xp:ValidateState flags=%#lx", all);
    assert_int_equal(log_count(line), 1);
    /* Without CONFIG_CHANGED, the address types are not asked for. */
    assert_int_equal(ctl_count("address-types CTL"), 1);
    assert_int_equal(log_count("xp:AddressTypes"), 1);

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->ValidateState(status, 0, 0x2));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->ValidateState(status, 0, CONFIG_CHANGED | 0x80000000));
    assert_int_equal(control->validate_calls, 2);

    /* ctlxp would say CTL2 now, but nobody asked: CTL2 is nobody's type (a report, nothing sent). */
    strcpy(control->address_type, "CTL2");
    submit_to(store, "before", carol, 0, "CTL2");
    assert_true(wait_where(store, "before", 's'));
    assert_int_equal(ctl_count("submit before"), 0);
    assert_false(session_has_type(session, "CTL2"));

    assert_hr_equal(S_OK, status->lpVtbl->ValidateState(status, 0, CONFIG_CHANGED));
    assert_int_equal(control->validate_flags, CONFIG_CHANGED);
    assert_int_equal(ctl_count("address-types CTL2"), 1);
    assert_int_equal(log_count("xp:AddressTypes"), 2);
    assert_true(session_has_type(session, "CTL2"));
    assert_false(session_has_type(session, "CTL"));
    assert_true(session_has_type(session, "TEST"));

    /* Routed by the new type; the old one is nobody's now. */
    submit_to(store, "after", carol, 0, "CTL2");
    assert_true(ctl_wait_sent("after"));
    assert_true(wait_where(store, "after", 's'));
    submit(store, "old type");
    assert_true(wait_where(store, "old type", 's'));
    assert_int_equal(ctl_count("submit old type"), 0);

    status->lpVtbl->Release(status);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_send, reset),
        cmocka_unit_test_setup(test_reports, reset),
        cmocka_unit_test_setup(test_retry, reset),
        cmocka_unit_test_setup(test_deferred_delivery, reset),
        cmocka_unit_test_setup(test_kept_by_transport, reset),
        cmocka_unit_test_setup(test_preprocessor, reset),
        cmocka_unit_test_setup(test_preprocessor_logoff, reset),
        cmocka_unit_test_setup(test_inbound, reset),
        cmocka_unit_test_setup(test_inbound_class_folder, reset),
        cmocka_unit_test_setup(test_status, reset),
        cmocka_unit_test_setup(test_flush_target, reset),
        cmocka_unit_test_setup(test_validate_state, reset),
        cmocka_unit_test_setup(test_purge_before_spooler_logon, reset),
        cmocka_unit_test_setup(test_purge_right_after_submit, reset),
        cmocka_unit_test_setup(test_logoff_while_sending, reset),
        cmocka_unit_test_setup(test_logoff_while_receiving, reset),
        cmocka_unit_test_setup(test_two_sessions, reset),
    };
    if (argc > 1) cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, setup, teardown);
}
