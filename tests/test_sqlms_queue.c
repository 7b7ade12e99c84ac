/*
 * The sample store's outgoing queue: SubmitMessage as MAPI's stores do it,
 * the spooler's queue table, SetLockState, AbortSubmit, FinishedMsg and
 * DoSentMail, NotifyNewMail, and the activity StoreLogoff reports.
 */

#include "initguid.h"
#include "mapiguid.h"

#include "sqlms_test.h"

static struct test_store client, spooler;

static int setup(void **state)
{
    test_store_logon(&client, L"queue.sqlms");
    test_store_spooler_logon(&spooler, L"queue.sqlms");
    return 0;
}

static int teardown(void **state)
{
    test_store_logoff(&spooler);
    test_store_logoff(&client);
    return 0;
}

/* A message in the Outbox with one recipient; not saved. */
static IMessage *new_outgoing(IMsgStore *store, const WCHAR *subject)
{
    IMAPIFolder *outbox = open_folder_by_prop(store, PR_IPM_OUTBOX_ENTRYID);
    IMessage *msg = NULL;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(outbox, NULL, 0, &msg));
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, subject);
    add_recipient(msg, L"Far Away", L"far@example.org", MAPI_TO);
    IMAPIFolder_Release(outbox);
    return msg;
}

/* Submits a new message; its entry ID comes back (free lpb with MAPIFreeBuffer). */
static SBinary submit(IMsgStore *store, const WCHAR *subject, ULONG extra_flags, const SPropValue *extra)
{
    IMessage *msg = new_outgoing(store, subject);
    SPropValue *value = NULL;
    SBinary eid;

    if (extra) assert_hr_equal(S_OK, HrSetOneProp((IMAPIProp *)msg, (SPropValue *)extra));
    if (extra_flags) set_long((IMAPIProp *)msg, PR_MESSAGE_FLAGS, MSGFLAG_UNSENT | extra_flags);
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)msg, PR_ENTRYID, &value));
    eid.cb = value->Value.bin.cb;
    MAPIAllocateBuffer(eid.cb, (void **)&eid.lpb);
    memcpy(eid.lpb, value->Value.bin.lpb, eid.cb);
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, IMessage_SubmitMessage(msg, 0));
    IMessage_Release(msg);
    return eid;
}

static IMessage *open_message(IMsgStore *store, SBinary *eid, ULONG flags)
{
    IMessage *msg = NULL;
    ULONG type;

    assert_hr_equal(S_OK, IMsgStore_OpenEntry(store, eid->cb, (ENTRYID *)eid->lpb, NULL, flags, &type,
                                              (IUnknown **)&msg));
    return msg;
}

static ULONG queue_row_count(void)
{
    IMAPITable *table = NULL;
    ULONG count;

    assert_hr_equal(S_OK, IMsgStore_GetOutgoingQueue(spooler.store, 0, &table));
    count = table_row_count(table);
    IMAPITable_Release(table);
    return count;
}

static void test_submit(void **state)
{
    IMessage *msg = new_outgoing(client.store, L"to send");
    IMessage *nobody = NULL;
    IMAPIFolder *outbox;
    ULONG expand = client.support->expand_recips, queued = queue_row_count();
    SBinary eid;

    /* Without recipients: refused, and the message stays usable. */
    outbox = open_folder_by_prop(client.store, PR_IPM_OUTBOX_ENTRYID);
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(outbox, NULL, 0, &nobody));
    assert_hr_equal(MAPI_E_NO_RECIPIENTS, IMessage_SubmitMessage(nobody, 0));
    set_string((IMAPIProp *)nobody, PR_SUBJECT_W, L"still here");
    IMessage_Release(nobody);
    IMAPIFolder_Release(outbox);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_SubmitMessage(msg, 0x1000));

    /* Not saved before: SubmitMessage saves it. */
    assert_hr_equal(S_OK, IMessage_SubmitMessage(msg, FORCE_SUBMIT));
    assert_int_equal(client.support->expand_recips, expand + 1);
    assert_int_equal(client.support->prepare_submit, 0); /* no MSGFLAG_RESEND */
    assert_true(client.support->spooler_notify_flags & NOTIFY_READYTOSEND);
    /* Only Release is left. */
    assert_hr_equal(MAPI_E_INVALID_OBJECT, IMessage_SaveChanges(msg, 0));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, HrGetOneProp((IMAPIProp *)msg, PR_SUBJECT_W, &(SPropValue *){ 0 }));
    IMessage_Release(msg);
    assert_int_equal(queue_row_count(), queued + 1);
    assert_int_equal(client.support->expanded_recips, 1);
    /* Saved as submitted, though ExpandRecips read the message in between */
    {
        SizedSPropTagArray(2, columns) = { 2, { PR_SUBJECT_W, PR_MESSAGE_FLAGS } };
        IMAPITable *table = NULL;
        SRowSet *rows = NULL;
        ULONG i, found = 0;

        outbox = open_folder_by_prop(client.store, PR_IPM_OUTBOX_ENTRYID);
        assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(outbox, MAPI_UNICODE, &table));
        assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
        for (i = 0; i < rows->cRows; i++)
        {
            if (rows->aRow[i].lpProps[0].ulPropTag != PR_SUBJECT_W ||
                lstrcmpW(rows->aRow[i].lpProps[0].Value.lpszW, L"to send")) continue;
            assert_int_equal(rows->aRow[i].lpProps[1].Value.l & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT),
                             MSGFLAG_SUBMIT | MSGFLAG_UNSENT);
            found++;
        }
        assert_int_equal(found, 1);
        FreeProws(rows);
        IMAPITable_Release(table);
        IMAPIFolder_Release(outbox);
    }

    /* What ExpandRecips set was saved with it; the flags say submitted. */
    eid = submit(client.store, L"second", 0, NULL);
    msg = open_message(client.store, &eid, 0);
    assert_string_prop((IMAPIProp *)msg, PR_SENDER_NAME_W, L"Fake Sender");
    assert_true(get_long((IMAPIProp *)msg, PR_MESSAGE_FLAGS) & MSGFLAG_SUBMIT);
    assert_true(has_prop((IMAPIProp *)msg, PR_CLIENT_SUBMIT_TIME));
    IMessage_Release(msg);
    /* A client may not change a submitted message. */
    {
        IMessage *modify = NULL;
        ULONG type;
        assert_hr_equal(MAPI_E_SUBMITTED, IMsgStore_OpenEntry(client.store, eid.cb, (ENTRYID *)eid.lpb, NULL,
                                                              MAPI_MODIFY, &type, (IUnknown **)&modify));
        assert_hr_equal(S_OK, IMsgStore_OpenEntry(client.store, eid.cb, (ENTRYID *)eid.lpb, NULL, MAPI_BEST_ACCESS,
                                                  &type, (IUnknown **)&modify));
        assert_int_equal(get_long((IMAPIProp *)modify, PR_ACCESS_LEVEL), 0);
        IMessage_Release(modify);
    }
    MAPIFreeBuffer(eid.lpb);

    /* MSGFLAG_RESEND goes through PrepareSubmit; NEEDS_PREPROCESSING marks the queue entry. */
    client.support->expand_flags = NEEDS_PREPROCESSING | NEEDS_SPOOLER;
    eid = submit(client.store, L"resent", MSGFLAG_RESEND, NULL);
    client.support->expand_flags = NEEDS_SPOOLER;
    assert_int_equal(client.support->prepare_submit, 1);
    {
        SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_SUBMIT_FLAGS } };
        SPropValue key = { PR_ENTRYID, 0, { .bin = eid } };
        SRestriction res;
        IMAPITable *table;
        SRowSet *rows = NULL;

        res.rt = RES_PROPERTY;
        res.res.resProperty.relop = RELOP_EQ;
        res.res.resProperty.ulPropTag = PR_ENTRYID;
        res.res.resProperty.lpProp = &key;
        assert_hr_equal(S_OK, IMsgStore_GetOutgoingQueue(spooler.store, 0, &table));
        assert_hr_equal(S_OK, IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0));
        assert_hr_equal(S_OK, IMAPITable_Restrict(table, &res, 0));
        assert_hr_equal(S_OK, IMAPITable_QueryRows(table, 10, 0, &rows));
        assert_int_equal(rows->cRows, 1);
        assert_int_equal(rows->aRow[0].lpProps[1].Value.l, SUBMITFLAG_PREPROCESS);
        FreeProws(rows);
        IMAPITable_Release(table);
    }
    MAPIFreeBuffer(eid.lpb);
}

/* Only the spooler's logon has the queue; it is sorted by submission time and follows new submissions. */
static void test_outgoing_queue(void **state)
{
    SizedSPropTagArray(3, columns) = { 3, { PR_ENTRYID, PR_SUBMIT_FLAGS, PR_CLIENT_SUBMIT_TIME } };
    struct fake_sink *sink = fake_sink_create();
    IMAPITable *table = NULL;
    ULONG_PTR conn = 0;
    SRowSet *rows = NULL;
    ULONG count, i;
    SBinary eid;

    assert_hr_equal(MAPI_E_NO_SUPPORT, IMsgStore_GetOutgoingQueue(client.store, 0, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_GetOutgoingQueue(spooler.store, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_GetOutgoingQueue(spooler.store, 0x1000, &table));
    assert_hr_equal(S_OK, IMsgStore_GetOutgoingQueue(spooler.store, 0, &table));
    assert_hr_equal(S_OK, IMAPITable_Advise(table, fnevTableModified, &sink->IMAPIAdviseSink_iface, &conn));
    count = table_row_count(table);

    /* Submitted by the client's logon: the spooler's table hears of it from the change log. */
    eid = submit(client.store, L"queued", 0, NULL);
    assert_true(fake_sink_wait_table(sink, TABLE_ROW_ADDED, 1, 5000));
    assert_int_equal(fake_sink_count_table(sink, TABLE_ROW_ADDED), 1);
    assert_int_equal(table_row_count(table), count + 1);

    assert_hr_equal(S_OK, IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, table->lpVtbl->SeekRow(table, BOOKMARK_BEGINNING, 0, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(table, 100, 0, &rows));
    assert_int_equal(rows->cRows, count + 1);
    for (i = 1; i < rows->cRows; i++)
        assert_true(CompareFileTime(&rows->aRow[i - 1].lpProps[2].Value.ft, &rows->aRow[i].lpProps[2].Value.ft) <= 0);
    assert_memory_equal(rows->aRow[rows->cRows - 1].lpProps[0].Value.bin.lpb, eid.lpb, eid.cb);
    FreeProws(rows);
    IMAPITable_Unadvise(table, conn);
    IMAPITable_Release(table);
    IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    MAPIFreeBuffer(eid.lpb);
}

static void test_lock_and_abort(void **state)
{
    struct test_store second;
    SBinary eid = submit(client.store, L"locked", 0, NULL);
    IMessage *msg, *other;
    ULONG activity;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_AbortSubmit(client.store, 0, NULL, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_AbortSubmit(client.store, eid.cb, (ENTRYID *)eid.lpb, 1));
    {
        BYTE bad[32] = { 0 };
        assert_hr_equal(MAPI_E_INVALID_ENTRYID, IMsgStore_AbortSubmit(client.store, sizeof(bad), (ENTRYID *)bad, 0));
    }

    msg = open_message(spooler.store, &eid, MAPI_MODIFY);
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMsgStore_SetLockState(client.store, msg, MSG_LOCKED));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_SetLockState(spooler.store, NULL, MSG_LOCKED));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_SetLockState(spooler.store, msg, 7));
    assert_hr_equal(S_OK, IMsgStore_SetLockState(spooler.store, msg, MSG_LOCKED));
    /* A transport holds it: no abort, and StoreLogoff reports outbound activity. */
    assert_hr_equal(MAPI_E_UNABLE_TO_ABORT, IMsgStore_AbortSubmit(client.store, eid.cb, (ENTRYID *)eid.lpb, 0));
    activity = LOGOFF_ORDERLY;
    assert_hr_equal(S_OK, IMsgStore_StoreLogoff(client.store, &activity));
    assert_true(activity & LOGOFF_OUTBOUND);

    /* A second spooler logon cannot take the same message. */
    test_store_spooler_logon(&second, L"queue.sqlms");
    other = open_message(second.store, &eid, MAPI_MODIFY);
    assert_hr_equal(MAPI_E_BUSY, IMsgStore_SetLockState(second.store, other, MSG_LOCKED));
    IMessage_Release(other);
    test_store_logoff(&second);

    assert_hr_equal(S_OK, IMsgStore_SetLockState(spooler.store, msg, MSG_UNLOCKED));
    IMessage_Release(msg);
    assert_hr_equal(S_OK, IMsgStore_AbortSubmit(client.store, eid.cb, (ENTRYID *)eid.lpb, 0));
    assert_hr_equal(MAPI_E_NOT_IN_QUEUE, IMsgStore_AbortSubmit(client.store, eid.cb, (ENTRYID *)eid.lpb, 0));
    /* Back in the Outbox, unsent and no longer submitted */
    msg = open_message(client.store, &eid, MAPI_MODIFY);
    assert_int_equal(get_long((IMAPIProp *)msg, PR_MESSAGE_FLAGS) & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT), MSGFLAG_UNSENT);
    IMessage_Release(msg);
    MAPIFreeBuffer(eid.lpb);
}

/* A spooler that logs off without finishing gives its messages back to the queue. */
static void test_spooler_logoff_unlocks(void **state)
{
    struct test_store second;
    SBinary eid = submit(client.store, L"dropped", 0, NULL);
    IMessage *msg;

    test_store_spooler_logon(&second, L"queue.sqlms");
    msg = open_message(second.store, &eid, MAPI_MODIFY);
    assert_hr_equal(S_OK, IMsgStore_SetLockState(second.store, msg, MSG_LOCKED));
    IMessage_Release(msg);
    assert_hr_equal(MAPI_E_UNABLE_TO_ABORT, IMsgStore_AbortSubmit(client.store, eid.cb, (ENTRYID *)eid.lpb, 0));
    test_store_logoff(&second);
    msg = open_message(spooler.store, &eid, MAPI_MODIFY);
    assert_hr_equal(S_OK, IMsgStore_SetLockState(spooler.store, msg, MSG_LOCKED));
    assert_hr_equal(S_OK, IMsgStore_SetLockState(spooler.store, msg, MSG_UNLOCKED));
    IMessage_Release(msg);
    assert_hr_equal(S_OK, IMsgStore_AbortSubmit(client.store, eid.cb, (ENTRYID *)eid.lpb, 0));
    MAPIFreeBuffer(eid.lpb);
}

static void test_finished(void **state)
{
    IMAPIFolder *sent = open_folder_by_prop(client.store, PR_IPM_SENTMAIL_ENTRYID);
    SPropValue *sent_eid = NULL, delete_after;
    LONG sent_before = get_long((IMAPIProp *)sent, PR_CONTENT_COUNT);
    ULONG calls = spooler.support->do_sent_mail;
    SBinary eid;
    IMessage *msg;

    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)client.store, PR_IPM_SENTMAIL_ENTRYID, &sent_eid));
    sent_eid->ulPropTag = PR_SENTMAIL_ENTRYID;
    eid = submit(client.store, L"will be sent", 0, sent_eid);
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMsgStore_FinishedMsg(client.store, 0, eid.cb, (ENTRYID *)eid.lpb));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMsgStore_FinishedMsg(spooler.store, 1, eid.cb, (ENTRYID *)eid.lpb));
    msg = open_message(spooler.store, &eid, MAPI_MODIFY);
    assert_hr_equal(S_OK, IMsgStore_SetLockState(spooler.store, msg, MSG_LOCKED));
    IMessage_Release(msg);
    assert_hr_equal(S_OK, IMsgStore_FinishedMsg(spooler.store, 0, eid.cb, (ENTRYID *)eid.lpb));
    assert_int_equal(spooler.support->do_sent_mail, calls + 1);
    assert_hr_equal(MAPI_E_NOT_IN_QUEUE, IMsgStore_FinishedMsg(spooler.store, 0, eid.cb, (ENTRYID *)eid.lpb));
    /* In Sent Items now, sent */
    assert_int_equal(get_long((IMAPIProp *)sent, PR_CONTENT_COUNT), sent_before + 1);
    msg = open_message(client.store, &eid, 0);
    assert_int_equal(get_long((IMAPIProp *)msg, PR_MESSAGE_FLAGS) & (MSGFLAG_SUBMIT | MSGFLAG_UNSENT), 0);
    IMessage_Release(msg);
    MAPIFreeBuffer(eid.lpb);

    /* PR_DELETE_AFTER_SUBMIT: gone */
    delete_after.ulPropTag = PR_DELETE_AFTER_SUBMIT;
    delete_after.Value.b = TRUE;
    eid = submit(client.store, L"will be deleted", 0, &delete_after);
    msg = open_message(spooler.store, &eid, MAPI_MODIFY);
    assert_hr_equal(S_OK, IMsgStore_SetLockState(spooler.store, msg, MSG_LOCKED));
    IMessage_Release(msg);
    assert_hr_equal(S_OK, IMsgStore_FinishedMsg(spooler.store, 0, eid.cb, (ENTRYID *)eid.lpb));
    {
        ULONG type;
        assert_hr_equal(MAPI_E_NOT_FOUND, IMsgStore_OpenEntry(client.store, eid.cb, (ENTRYID *)eid.lpb, NULL, 0,
                                                              &type, (IUnknown **)&msg));
    }
    MAPIFreeBuffer(eid.lpb);
    MAPIFreeBuffer(sent_eid);
    IMAPIFolder_Release(sent);
}

static void test_new_mail(void **state)
{
    struct fake_sink *sink = fake_sink_create(), *other_sink = fake_sink_create();
    IMAPIFolder *inbox = open_inbox(spooler.store);
    ULONG_PTR conn = 0, other_conn = 0;
    NOTIFICATION notification;
    SBinary eid;
    SPropValue *value = NULL;
    IMessage *msg;

    assert_hr_equal(S_OK, IMsgStore_Advise(spooler.store, 0, NULL, fnevNewMail, &sink->IMAPIAdviseSink_iface,
                                           (ULONG *)&conn));
    assert_hr_equal(S_OK, IMsgStore_Advise(client.store, 0, NULL, fnevNewMail, &other_sink->IMAPIAdviseSink_iface,
                                           (ULONG *)&other_conn));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_NotifyNewMail(spooler.store, NULL));

    /* The spooler delivers: the store is busy receiving until the message is saved. */
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    {
        ULONG activity = LOGOFF_QUIET;
        assert_hr_equal(S_OK, IMsgStore_StoreLogoff(client.store, &activity));
        assert_true(activity & LOGOFF_INBOUND);
    }
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"arrived");
    set_string((IMAPIProp *)msg, PR_MESSAGE_CLASS_W, L"IPM.Note");
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    {
        ULONG activity = LOGOFF_QUIET;
        assert_hr_equal(S_OK, IMsgStore_StoreLogoff(client.store, &activity));
        assert_false(activity & LOGOFF_INBOUND);
    }
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)msg, PR_ENTRYID, &value));
    eid = value->Value.bin;
    IMessage_Release(msg);

    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = fnevObjectCreated;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_NotifyNewMail(spooler.store, &notification));
    notification.ulEventType = fnevNewMail;
    notification.info.newmail.cbEntryID = eid.cb;
    notification.info.newmail.lpEntryID = (ENTRYID *)eid.lpb;
    notification.info.newmail.ulFlags = 0;
    notification.info.newmail.lpszMessageClass = (LPTSTR)"IPM.Note";
    assert_hr_equal(S_OK, IMsgStore_NotifyNewMail(spooler.store, &notification));
    assert_true(fake_sink_wait_event(sink, fnevNewMail, 1, 5000));
    assert_int_equal(fake_sink_count(sink, fnevNewMail), 1);
    assert_int_equal(lstrcmpW(sink->classes[0], L"IPM.Note"), 0);
    assert_memory_equal(sink->eids[0], eid.lpb, eid.cb);
    /* The other logon on the file hears of it too. */
    assert_true(fake_sink_wait_event(other_sink, fnevNewMail, 1, 5000));
    assert_int_equal(fake_sink_count(other_sink, fnevNewMail), 1);

    IMsgStore_Unadvise(spooler.store, conn);
    IMsgStore_Unadvise(client.store, other_conn);
    IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    IMAPIAdviseSink_Release(&other_sink->IMAPIAdviseSink_iface);
    MAPIFreeBuffer(value);
    IMAPIFolder_Release(inbox);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_submit),
        cmocka_unit_test(test_outgoing_queue),
        cmocka_unit_test(test_lock_and_abort),
        cmocka_unit_test(test_spooler_logoff_unlocks),
        cmocka_unit_test(test_finished),
        cmocka_unit_test(test_new_mail),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
