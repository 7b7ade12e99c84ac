/*
 * The sample store's messages: properties, SaveChanges, streams, large
 * values, string widths, recipients, attachments, embedded messages, copies.
 */

#include "initguid.h"
#include "mapiguid.h"

#include "sqlms_test.h"

static struct test_store ts;
static IMAPIFolder *inbox;

static int setup(void **state)
{
    test_store_logon(&ts, L"message.sqlms");
    inbox = open_inbox(ts.store);
    return 0;
}

static int teardown(void **state)
{
    IMAPIFolder_Release(inbox);
    test_store_logoff(&ts);
    return 0;
}

static IMessage *open_message(IMsgStore *store, SBinary *eid, ULONG flags)
{
    IMessage *msg = NULL;
    ULONG type = 0;

    assert_hr_equal(S_OK, IMsgStore_OpenEntry(store, eid->cb, (ENTRYID *)eid->lpb, NULL, flags, &type,
                                              (IUnknown **)&msg));
    assert_int_equal(type, MAPI_MESSAGE);
    return msg;
}

static void test_new_message(void **state)
{
    SizedSPropTagArray(2, tags) = { 2, { PR_ENTRYID, PR_MESSAGE_FLAGS } };
    IMessage *msg = NULL, *reopened;
    SPropValue *values = NULL, *value = NULL;
    ULONG count = 0;
    SBinary eid;
    void *buffer;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_CreateMessage(inbox, NULL, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_CreateMessage(inbox, NULL, 0x1000, &msg));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IMAPIFolder_CreateMessage(inbox, &IID_IMAPIFolder, 0, &msg));
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));

    /* No entry ID before the first save; new messages are unsent drafts. */
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, IMessage_GetProps(msg, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(PROP_TYPE(values[0].ulPropTag), PT_ERROR);
    assert_int_equal(values[1].Value.l & MSGFLAG_UNSENT, MSGFLAG_UNSENT);
    MAPIFreeBuffer(values);
    assert_int_equal(get_long((IMAPIProp *)msg, PR_OBJECT_TYPE), MAPI_MESSAGE);
    assert_true(has_prop((IMAPIProp *)msg, PR_SEARCH_KEY));
    assert_true(has_prop((IMAPIProp *)msg, PR_PARENT_ENTRYID));

    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"Hello \x263a");
    set_string((IMAPIProp *)msg, PR_MESSAGE_CLASS_W, L"IPM.Note");
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    get_binary((IMAPIProp *)msg, PR_ENTRYID, &eid, &buffer);
    assert_int_equal(eid.cb, SQLMS_EID_SIZE);
    assert_true(get_long((IMAPIProp *)msg, PR_MESSAGE_SIZE) > 0);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)msg, PR_CREATION_TIME, &value));
    MAPIFreeBuffer(value);

    reopened = open_message(ts.store, &eid, 0);
    assert_string_prop((IMAPIProp *)reopened, PR_SUBJECT_W, L"Hello \x263a");
    /* PT_STRING8 and PT_UNICODE, converted as MAPI does */
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)reopened, PR_MESSAGE_CLASS_A, &value));
    assert_string_equal(value->Value.lpszA, "IPM.Note");
    MAPIFreeBuffer(value);
    assert_int_equal(get_long((IMAPIProp *)reopened, PR_ACCESS_LEVEL), 0);
    IMessage_Release(reopened);
    IMessage_Release(msg);
    MAPIFreeBuffer(buffer);
}

static void test_computed_and_read_only(void **state)
{
    SPropProblemArray *problems = NULL;
    SPropValue value;
    IMessage *msg, *ro;
    SBinary eid;
    IStream *stream = NULL;
    IAttach *attach = NULL;
    ULONG num;

    eid = create_message(inbox, L"read-only", 0);
    msg = open_message(ts.store, &eid, MAPI_MODIFY);
    value.ulPropTag = PR_ENTRYID;
    value.Value.bin.cb = 4;
    value.Value.bin.lpb = (BYTE *)"abcd";
    assert_hr_equal(S_OK, IMessage_SetProps(msg, 1, &value, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_hr_equal(MAPI_E_COMPUTED, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    /* Once saved, the flags are the store's. */
    value.ulPropTag = PR_MESSAGE_FLAGS;
    value.Value.l = 0;
    problems = NULL;
    assert_hr_equal(S_OK, IMessage_SetProps(msg, 1, &value, &problems));
    assert_non_null(problems);
    MAPIFreeBuffer(problems);
    IMessage_Release(msg);

    ro = open_message(ts.store, &eid, 0);
    value.ulPropTag = PR_SUBJECT_W;
    value.Value.lpszW = (WCHAR *)L"changed";
    assert_hr_equal(MAPI_E_NO_ACCESS, IMessage_SetProps(ro, 1, &value, NULL));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMessage_SaveChanges(ro, 0));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMessage_OpenProperty(ro, PR_BODY_W, &IID_IStream, 0, MAPI_MODIFY,
                                                            (IUnknown **)&stream));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMessage_CreateAttach(ro, NULL, 0, &num, &attach));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMessage_ModifyRecipients(ro, 0, (ADRLIST *)&(struct { ULONG c; }){ 0 }));
    IMessage_Release(ro);
    MAPIFreeBuffer(eid.lpb);
}

/* Changes stay in the object until SaveChanges; a concurrent save is not overwritten. */
static void test_save_changes(void **state)
{
    struct test_store other;
    IMessage *msg, *first, *second;
    IMAPIFolder *other_inbox;
    SBinary eid;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_SaveChanges(msg, 0x10000000));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_SaveChanges(msg, KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE));
    IMessage_Release(msg);

    eid = create_message(inbox, L"original", 0);
    test_store_logon(&other, L"message.sqlms");
    other_inbox = open_inbox(other.store);

    first = open_message(ts.store, &eid, MAPI_MODIFY);
    second = open_message(other.store, &eid, MAPI_MODIFY);
    set_string((IMAPIProp *)first, PR_SUBJECT_W, L"first");
    /* Not saved: the other logon reads the old subject. */
    {
        IMessage *peek = open_message(other.store, &eid, 0);
        assert_string_prop((IMAPIProp *)peek, PR_SUBJECT_W, L"original");
        IMessage_Release(peek);
    }
    assert_hr_equal(S_OK, IMessage_SaveChanges(first, KEEP_OPEN_READWRITE));
    {
        IMessage *peek = open_message(other.store, &eid, 0);
        assert_string_prop((IMAPIProp *)peek, PR_SUBJECT_W, L"first");
        IMessage_Release(peek);
    }
    set_string((IMAPIProp *)second, PR_SUBJECT_W, L"second");
    assert_hr_equal(MAPI_E_OBJECT_CHANGED, IMessage_SaveChanges(second, KEEP_OPEN_READWRITE));
    assert_hr_equal(S_OK, IMessage_SaveChanges(second, KEEP_OPEN_READWRITE | FORCE_SAVE));
    /* Without KEEP_OPEN_READWRITE the object is read-only afterwards. */
    assert_hr_equal(S_OK, IMessage_SaveChanges(second, 0));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMessage_SaveChanges(second, 0));
    IMessage_Release(second);
    IMessage_Release(first);
    first = open_message(ts.store, &eid, 0);
    assert_string_prop((IMAPIProp *)first, PR_SUBJECT_W, L"second");
    IMessage_Release(first);

    IMAPIFolder_Release(other_inbox);
    test_store_logoff(&other);
    MAPIFreeBuffer(eid.lpb);
}

static WCHAR *big_string(ULONG chars)
{
    WCHAR *text = HeapAlloc(GetProcessHeap(), 0, (chars + 1) * sizeof(WCHAR));
    ULONG i;

    for (i = 0; i < chars; i++) text[i] = 'a' + i % 26;
    text[chars] = 0;
    return text;
}

static void read_stream(IMessage *msg, ULONG tag, BYTE **data, ULONG *size)
{
    IStream *stream = NULL;
    STATSTG stat;
    ULONG read = 0;

    assert_hr_equal(S_OK, IMessage_OpenProperty(msg, tag, &IID_IStream, 0, 0, (IUnknown **)&stream));
    assert_hr_equal(S_OK, IStream_Stat(stream, &stat, STATFLAG_NONAME));
    *size = stat.cbSize.LowPart;
    *data = HeapAlloc(GetProcessHeap(), 0, *size + 2);
    assert_hr_equal(S_OK, IStream_Read(stream, *data, *size, &read));
    assert_int_equal(read, *size);
    IStream_Release(stream);
}

/* Values past 16 KiB come from GetProps as MAPI_E_NOT_ENOUGH_MEMORY, whole from a stream. */
static void test_large_values(void **state)
{
    SizedSPropTagArray(2, tags) = { 2, { PR_SUBJECT_W, PR_BODY_W } };
    WCHAR *body = big_string(20000);
    SPropValue *values = NULL;
    IMessage *msg;
    ULONG count, size;
    BYTE *data;
    SBinary eid;
    void *buffer;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"large");
    set_string((IMAPIProp *)msg, PR_BODY_W, body);
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, IMessage_GetProps(msg, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(values[0].ulPropTag, PR_SUBJECT_W);
    assert_int_equal(values[1].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(PR_BODY_W)));
    assert_hr_equal(MAPI_E_NOT_ENOUGH_MEMORY, values[1].Value.err);
    MAPIFreeBuffer(values);
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    get_binary((IMAPIProp *)msg, PR_ENTRYID, &eid, &buffer);
    IMessage_Release(msg);

    msg = open_message(ts.store, &eid, 0);
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, IMessage_GetProps(msg, NULL, MAPI_UNICODE, &count, &values));
    assert_non_null(PpropFindProp(values, count, PROP_TAG(PT_ERROR, PROP_ID(PR_BODY_W))));
    MAPIFreeBuffer(values);
    read_stream(msg, PR_BODY_W, &data, &size);
    assert_int_equal(size, 20000 * sizeof(WCHAR));
    assert_memory_equal(data, body, size);
    HeapFree(GetProcessHeap(), 0, data);
    /* The same text in the other width */
    read_stream(msg, PR_BODY_A, &data, &size);
    assert_int_equal(size, 20000);
    assert_int_equal(data[0], 'a');
    assert_int_equal(data[19999], 'a' + 19999 % 26);
    HeapFree(GetProcessHeap(), 0, data);
    IMessage_Release(msg);
    HeapFree(GetProcessHeap(), 0, body);
    MAPIFreeBuffer(buffer);
}

static void test_streams(void **state)
{
    static const char text[] = "written through a stream";
    IStream *stream = NULL;
    IMessage *msg;
    LARGE_INTEGER zero = { { 0 } };
    ULARGE_INTEGER pos, size;
    ULONG written, read;
    STATSTG stat;
    char buffer[64];

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMessage_OpenProperty(msg, PR_BODY_A, &IID_IStream, 0, 0,
                                                            (IUnknown **)&stream));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_OpenProperty(msg, PR_BODY_A, NULL, 0, 0,
                                                                    (IUnknown **)&stream));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_OpenProperty(msg, PR_BODY_A, &IID_IStream, 0, 0x10000,
                                                                (IUnknown **)&stream));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IMessage_OpenProperty(msg, PR_BODY_A, &IID_IStorage, 0,
                                                                          MAPI_CREATE | MAPI_MODIFY,
                                                                          (IUnknown **)&stream));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMessage_OpenProperty(msg, PR_IMPORTANCE, &IID_IStream, 0,
                                                             MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&stream));
    assert_hr_equal(S_OK, IMessage_OpenProperty(msg, PR_BODY_A, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
                                                (IUnknown **)&stream));
    assert_hr_equal(S_OK, IStream_Write(stream, text, sizeof(text) - 1, &written));
    assert_int_equal(written, sizeof(text) - 1);
    assert_hr_equal(S_OK, IStream_Commit(stream, 0));
    assert_string_prop((IMAPIProp *)msg, PR_BODY_A, L"written through a stream");
    assert_string_prop((IMAPIProp *)msg, PR_BODY_W, L"written through a stream");
    assert_hr_equal(S_OK, IStream_Seek(stream, zero, STREAM_SEEK_SET, &pos));
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, 7, &read));
    assert_int_equal(read, 7);
    assert_memory_equal(buffer, "written", 7);
    size.QuadPart = 7;
    assert_hr_equal(S_OK, IStream_SetSize(stream, size));
    assert_hr_equal(S_OK, IStream_Stat(stream, &stat, STATFLAG_NONAME));
    assert_int_equal(stat.cbSize.QuadPart, 7);
    /* Release keeps what was written without Commit. */
    IStream_Release(stream);
    assert_string_prop((IMAPIProp *)msg, PR_BODY_W, L"written");

    /* Binary */
    assert_hr_equal(S_OK, IMessage_OpenProperty(msg, PR_RTF_COMPRESSED, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
                                                (IUnknown **)&stream));
    assert_hr_equal(S_OK, IStream_Write(stream, "\x01\x02\x03", 3, &written));
    IStream_Release(stream);
    assert_hr_equal(S_OK, IMessage_OpenProperty(msg, PR_RTF_COMPRESSED, &IID_IStream, 0, 0, (IUnknown **)&stream));
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, sizeof(buffer), &read));
    assert_int_equal(read, 3);
    /* A stream opened to read refuses writes. */
    assert_true(FAILED(IStream_Write(stream, "x", 1, &written)));
    IStream_Release(stream);
    IMessage_Release(msg);
}

static void test_recipients(void **state)
{
    SizedADRLIST(2, list);
    SPropValue props[3], rowid, *value = NULL;
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    IMessage *msg;
    SBinary eid;
    void *buffer;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_ModifyRecipients(msg, 0, NULL));
    list.cEntries = 0;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_ModifyRecipients(msg, 0x1000, (ADRLIST *)&list));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    IMessage_ModifyRecipients(msg, MODRECIP_ADD | MODRECIP_REMOVE, (ADRLIST *)&list));

    add_recipient(msg, L"Ann", L"ann@example.org", MAPI_TO);
    add_recipient(msg, L"Bob", L"bob@example.org", MAPI_TO);
    add_recipient(msg, L"Cy", L"cy@example.org", MAPI_CC);
    assert_string_prop((IMAPIProp *)msg, PR_DISPLAY_TO_W, L"Ann; Bob");
    assert_string_prop((IMAPIProp *)msg, PR_DISPLAY_CC_W, L"Cy");

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_GetRecipientTable(msg, 0x1000, &table));
    assert_hr_equal(S_OK, IMessage_GetRecipientTable(msg, MAPI_UNICODE, &table));
    assert_int_equal(table_row_count(table), 3);

    /* A recipient without PR_ROWID cannot be modified; an unknown one is not found. */
    props[0].ulPropTag = PR_DISPLAY_NAME_W;
    props[0].Value.lpszW = (WCHAR *)L"Bobby";
    list.cEntries = 1;
    list.aEntries[0].cValues = 1;
    list.aEntries[0].rgPropVals = props;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_ModifyRecipients(msg, MODRECIP_MODIFY, (ADRLIST *)&list));
    props[1].ulPropTag = PR_ROWID;
    props[1].Value.l = 99;
    props[2].ulPropTag = PR_RECIPIENT_TYPE;
    props[2].Value.l = MAPI_TO;
    list.aEntries[0].cValues = 3;
    assert_hr_equal(MAPI_E_NOT_FOUND, IMessage_ModifyRecipients(msg, MODRECIP_MODIFY, (ADRLIST *)&list));
    /* Rows were numbered 1, 2, 3 */
    props[1].Value.l = 2;
    assert_hr_equal(S_OK, IMessage_ModifyRecipients(msg, MODRECIP_MODIFY, (ADRLIST *)&list));
    assert_string_prop((IMAPIProp *)msg, PR_DISPLAY_TO_W, L"Ann; Bobby");
    rowid.ulPropTag = PR_ROWID;
    rowid.Value.l = 1;
    list.aEntries[0].cValues = 1;
    list.aEntries[0].rgPropVals = &rowid;
    assert_hr_equal(S_OK, IMessage_ModifyRecipients(msg, MODRECIP_REMOVE, (ADRLIST *)&list));
    assert_string_prop((IMAPIProp *)msg, PR_DISPLAY_TO_W, L"Bobby");
    /* The open table followed. */
    assert_int_equal(table_row_count(table), 2);
    IMAPITable_Release(table);

    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    get_binary((IMAPIProp *)msg, PR_ENTRYID, &eid, &buffer);
    IMessage_Release(msg);

    msg = open_message(ts.store, &eid, MAPI_MODIFY);
    assert_string_prop((IMAPIProp *)msg, PR_DISPLAY_TO_W, L"Bobby");
    assert_string_prop((IMAPIProp *)msg, PR_DISPLAY_CC_W, L"Cy");
    assert_hr_equal(S_OK, IMessage_GetRecipientTable(msg, 0, &table));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(table, 10, 0, &rows));
    assert_int_equal(rows->cRows, 2);
    value = PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_EMAIL_ADDRESS_A);
    assert_non_null(value);
    FreeProws(rows);
    IMAPITable_Release(table);
    /* No flag: the list replaces every recipient. */
    list.cEntries = 1;
    list.aEntries[0].cValues = 1;
    list.aEntries[0].rgPropVals = props;
    assert_hr_equal(S_OK, IMessage_ModifyRecipients(msg, 0, (ADRLIST *)&list));
    assert_hr_equal(S_OK, IMessage_GetRecipientTable(msg, 0, &table));
    assert_int_equal(table_row_count(table), 1);
    IMAPITable_Release(table);
    IMessage_Release(msg);
    MAPIFreeBuffer(buffer);
}

static void write_binary_stream(IAttach *attach, ULONG tag, const BYTE *data, ULONG size)
{
    IStream *stream = NULL;
    ULONG written;

    assert_hr_equal(S_OK, IAttach_OpenProperty(attach, tag, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
                                               (IUnknown **)&stream));
    assert_hr_equal(S_OK, IStream_Write(stream, data, size, &written));
    assert_hr_equal(S_OK, IStream_Commit(stream, 0));
    IStream_Release(stream);
}

static void test_attachments(void **state)
{
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, 16384);
    IMAPITable *table = NULL;
    IAttach *attach = NULL;
    SRowSet *rows = NULL;
    IStream *stream = NULL;
    IMessage *msg;
    ULONG num = ~0u, second, i, read;
    SBinary eid;
    void *buffer;
    BYTE *check;

    for (i = 0; i < 16384; i++) data[i] = i * 7;
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_CreateAttach(msg, NULL, 0, NULL, &attach));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_CreateAttach(msg, NULL, 0x1000, &num, &attach));
    assert_hr_equal(S_OK, IMessage_CreateAttach(msg, NULL, 0, &num, &attach));
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_string((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"data.bin");
    write_binary_stream(attach, PR_ATTACH_DATA_BIN, data, 16384);
    assert_int_equal(get_long((IMAPIProp *)attach, PR_ATTACH_NUM), num);
    /* Not in the message before IAttach::SaveChanges */
    assert_hr_equal(S_OK, IMessage_GetAttachmentTable(msg, 0, &table));
    assert_int_equal(table_row_count(table), 0);
    assert_int_equal(get_bool((IMAPIProp *)msg, PR_HASATTACH), FALSE);
    assert_hr_equal(S_OK, IAttach_SaveChanges(attach, KEEP_OPEN_READWRITE));
    assert_int_equal(table_row_count(table), 1);
    assert_int_equal(get_bool((IMAPIProp *)msg, PR_HASATTACH), TRUE);
    assert_true(get_long((IMAPIProp *)msg, PR_MESSAGE_FLAGS) & MSGFLAG_HASATTACH);
    IAttach_Release(attach);

    assert_hr_equal(S_OK, IMessage_CreateAttach(msg, NULL, 0, &second, &attach));
    assert_int_not_equal(second, num);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    assert_hr_equal(S_OK, IAttach_SaveChanges(attach, 0));
    IAttach_Release(attach);
    assert_int_equal(table_row_count(table), 2);
    assert_hr_equal(S_OK, IMessage_DeleteAttach(msg, second, 0, NULL, 0));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMessage_DeleteAttach(msg, second, 0, NULL, 0));
    assert_int_equal(table_row_count(table), 1);
    IMAPITable_Release(table);

    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    get_binary((IMAPIProp *)msg, PR_ENTRYID, &eid, &buffer);
    IMessage_Release(msg);

    msg = open_message(ts.store, &eid, MAPI_MODIFY);
    assert_hr_equal(S_OK, IMessage_GetAttachmentTable(msg, MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(table, 10, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_int_equal(PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ATTACH_NUM)->Value.l, num);
    assert_non_null(PpropFindProp(rows->aRow[0].lpProps, rows->aRow[0].cValues, PR_ATTACH_LONG_FILENAME_W));
    FreeProws(rows);
    IMAPITable_Release(table);
    assert_hr_equal(MAPI_E_NOT_FOUND, IMessage_OpenAttach(msg, 1234, NULL, 0, &attach));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_OpenAttach(msg, num, NULL, 0x1000, &attach));
    assert_hr_equal(S_OK, IMessage_OpenAttach(msg, num, NULL, 0, &attach));
    assert_string_prop((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"data.bin");
    assert_true(get_long((IMAPIProp *)attach, PR_ATTACH_SIZE) >= 16384);
    assert_hr_equal(S_OK, IAttach_OpenProperty(attach, PR_ATTACH_DATA_BIN, &IID_IStream, 0, 0, (IUnknown **)&stream));
    check = HeapAlloc(GetProcessHeap(), 0, 20000);
    assert_hr_equal(S_OK, IStream_Read(stream, check, 20000, &read));
    assert_int_equal(read, 16384);
    assert_memory_equal(check, data, 16384);
    IStream_Release(stream);
    /* Opened read-only */
    assert_hr_equal(MAPI_E_NO_ACCESS, IAttach_SaveChanges(attach, 0));
    IAttach_Release(attach);
    IMessage_Release(msg);
    HeapFree(GetProcessHeap(), 0, check);
    HeapFree(GetProcessHeap(), 0, data);
    MAPIFreeBuffer(buffer);
}

static void test_embedded_message(void **state)
{
    IMessage *msg, *embedded = NULL, *nested = NULL;
    IAttach *attach = NULL, *inner = NULL;
    IMAPITable *table;
    ULONG num, inner_num;
    SBinary eid;
    void *buffer;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"outer");
    assert_hr_equal(S_OK, IMessage_CreateAttach(msg, NULL, 0, &num, &attach));
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    assert_hr_equal(MAPI_E_NOT_FOUND, IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_MODIFY,
                                                           (IUnknown **)&embedded));
    assert_hr_equal(S_OK, IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0,
                                               MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&embedded));
    set_string((IMAPIProp *)embedded, PR_SUBJECT_W, L"inner");
    add_recipient(embedded, L"Dee", L"dee@example.org", MAPI_TO);
    assert_false(has_prop((IMAPIProp *)embedded, PR_ENTRYID));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMessage_SubmitMessage(embedded, 0));
    assert_hr_equal(S_OK, IMessage_CreateAttach(embedded, NULL, 0, &inner_num, &inner));
    set_long((IMAPIProp *)inner, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_string((IMAPIProp *)inner, PR_ATTACH_FILENAME_W, L"inner.txt");
    assert_hr_equal(S_OK, IAttach_SaveChanges(inner, 0));
    IAttach_Release(inner);
    assert_hr_equal(S_OK, IMessage_SaveChanges(embedded, KEEP_OPEN_READWRITE));
    IMessage_Release(embedded);
    assert_hr_equal(S_OK, IAttach_SaveChanges(attach, 0));
    IAttach_Release(attach);
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE));
    get_binary((IMAPIProp *)msg, PR_ENTRYID, &eid, &buffer);
    IMessage_Release(msg);

    msg = open_message(ts.store, &eid, 0);
    assert_hr_equal(S_OK, IMessage_OpenAttach(msg, num, NULL, 0, &attach));
    assert_int_equal(get_long((IMAPIProp *)attach, PR_ATTACH_METHOD), ATTACH_EMBEDDED_MSG);
    assert_hr_equal(S_OK, IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0,
                                               (IUnknown **)&embedded));
    assert_string_prop((IMAPIProp *)embedded, PR_SUBJECT_W, L"inner");
    assert_string_prop((IMAPIProp *)embedded, PR_DISPLAY_TO_W, L"Dee");
    assert_hr_equal(S_OK, IMessage_GetAttachmentTable(embedded, 0, &table));
    assert_int_equal(table_row_count(table), 1);
    IMAPITable_Release(table);
    assert_hr_equal(S_OK, IMessage_OpenAttach(embedded, inner_num, NULL, 0, &inner));
    assert_string_prop((IMAPIProp *)inner, PR_ATTACH_FILENAME_W, L"inner.txt");
    IAttach_Release(inner);
    IMessage_Release(embedded);
    (void)nested;
    IAttach_Release(attach);
    IMessage_Release(msg);
    MAPIFreeBuffer(buffer);
}

static void test_copy_to(void **state)
{
    SizedSPropTagArray(1, no_attachments) = { 1, { PR_MESSAGE_ATTACHMENTS } };
    SizedSPropTagArray(1, subject_only) = { 1, { PR_SUBJECT_W } };
    IMessage *src, *dest, *dest2;
    IAttach *attach;
    IMAPITable *table;
    ULONG num;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &src));
    set_string((IMAPIProp *)src, PR_SUBJECT_W, L"copied");
    set_string((IMAPIProp *)src, PR_BODY_W, L"body");
    add_recipient(src, L"Eve", L"eve@example.org", MAPI_TO);
    assert_hr_equal(S_OK, IMessage_CreateAttach(src, NULL, 0, &num, &attach));
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_string((IMAPIProp *)attach, PR_ATTACH_FILENAME_W, L"a.txt");
    assert_hr_equal(S_OK, IAttach_SaveChanges(attach, 0));
    IAttach_Release(attach);

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &dest));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, NULL, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dest, 0x1000,
                                                          NULL));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIFolder, dest, 0, NULL));
    assert_hr_equal(S_OK, IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, dest, 0, NULL));
    assert_string_prop((IMAPIProp *)dest, PR_SUBJECT_W, L"copied");
    assert_string_prop((IMAPIProp *)dest, PR_DISPLAY_TO_W, L"Eve");
    assert_hr_equal(S_OK, IMessage_GetAttachmentTable(dest, 0, &table));
    assert_int_equal(table_row_count(table), 1);
    IMAPITable_Release(table);
    assert_hr_equal(S_OK, IMessage_SaveChanges(dest, 0));

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &dest2));
    assert_hr_equal(S_OK, IMessage_CopyTo(src, 0, NULL, (SPropTagArray *)&no_attachments, 0, NULL, &IID_IMessage,
                                          dest2, 0, NULL));
    assert_hr_equal(S_OK, IMessage_GetAttachmentTable(dest2, 0, &table));
    assert_int_equal(table_row_count(table), 0);
    IMAPITable_Release(table);
    IMessage_Release(dest2);

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &dest2));
    assert_hr_equal(S_OK, IMessage_CopyProps(src, (SPropTagArray *)&subject_only, 0, NULL, &IID_IMessage, dest2, 0,
                                             NULL));
    assert_string_prop((IMAPIProp *)dest2, PR_SUBJECT_W, L"copied");
    assert_false(has_prop((IMAPIProp *)dest2, PR_BODY_W));
    IMessage_Release(dest2);
    IMessage_Release(dest);
    IMessage_Release(src);
}

static void test_read_flag(void **state)
{
    IMessage *msg;
    SBinary eid = create_message(inbox, L"unread", 0);
    LONG unread;

    msg = open_message(ts.store, &eid, 0);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_SetReadFlag(msg, 0x1000));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_SetReadFlag(msg, GENERATE_RECEIPT_ONLY | CLEAR_READ_FLAG));
    /* Even on a read-only object */
    assert_hr_equal(S_OK, IMessage_SetReadFlag(msg, CLEAR_READ_FLAG));
    assert_int_equal(get_long((IMAPIProp *)msg, PR_MESSAGE_FLAGS) & MSGFLAG_READ, 0);
    unread = get_long((IMAPIProp *)inbox, PR_CONTENT_UNREAD);
    assert_true(unread >= 1);
    assert_hr_equal(S_OK, IMessage_SetReadFlag(msg, 0));
    assert_int_equal(get_long((IMAPIProp *)inbox, PR_CONTENT_UNREAD), unread - 1);
    IMessage_Release(msg);
    msg = open_message(ts.store, &eid, 0);
    assert_int_equal(get_long((IMAPIProp *)msg, PR_MESSAGE_FLAGS) & MSGFLAG_READ, MSGFLAG_READ);
    IMessage_Release(msg);
    MAPIFreeBuffer(eid.lpb);
}

static void test_named_properties(void **state)
{
    static const GUID set = { 0x12345678, 0x1234, 0x1234, { 1, 2, 3, 4, 5, 6, 7, 8 } };
    MAPINAMEID name_str = { (GUID *)&set, MNID_STRING, { .lpwstrName = (WCHAR *)L"Colour" } };
    MAPINAMEID name_id = { (GUID *)&set, MNID_ID, { .lID = 42 } };
    MAPINAMEID mapi_name = { (GUID *)&PS_MAPI, MNID_ID, { .lID = PROP_ID(PR_SUBJECT_W) } };
    MAPINAMEID *names[3] = { &name_str, &name_id, &mapi_name }, **back = NULL;
    SPropTagArray *tags = NULL, *again = NULL;
    struct test_store other;
    IMessage *msg;
    ULONG count;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_GetIDsFromNames(msg, 1, names, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_GetIDsFromNames(msg, 1, names, 0x1000, &tags));
    /* Unknown names are no identifier without MAPI_CREATE. */
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, IMessage_GetIDsFromNames(msg, 2, names, 0, &tags));
    assert_int_equal(PROP_TYPE(tags->aulPropTag[0]), PT_ERROR);
    MAPIFreeBuffer(tags);
    assert_hr_equal(S_OK, IMessage_GetIDsFromNames(msg, 3, names, MAPI_CREATE, &tags));
    assert_true(PROP_ID(tags->aulPropTag[0]) >= 0x8000);
    assert_true(PROP_ID(tags->aulPropTag[1]) >= 0x8000);
    assert_int_not_equal(PROP_ID(tags->aulPropTag[0]), PROP_ID(tags->aulPropTag[1]));
    assert_int_equal(PROP_ID(tags->aulPropTag[2]), PROP_ID(PR_SUBJECT_W));
    /* The folder (every object of the store) shares the map. */
    assert_hr_equal(S_OK, IMAPIFolder_GetIDsFromNames(inbox, 2, names, 0, &again));
    assert_int_equal(again->aulPropTag[0], tags->aulPropTag[0]);
    MAPIFreeBuffer(again);
    again = NULL;
    assert_hr_equal(S_OK, IMessage_GetNamesFromIDs(msg, &tags, NULL, 0, &count, &back));
    assert_int_equal(count, 3);
    assert_int_equal(back[0]->ulKind, MNID_STRING);
    assert_int_equal(lstrcmpW(back[0]->Kind.lpwstrName, L"Colour"), 0);
    assert_int_equal(back[1]->Kind.lID, 42);
    MAPIFreeBuffer(back);
    /* Every name of the store, when no tags are given */
    assert_hr_equal(S_OK, IMessage_GetNamesFromIDs(msg, &again, (GUID *)&set, 0, &count, &back));
    assert_int_equal(count, 2);
    MAPIFreeBuffer(back);
    MAPIFreeBuffer(again);
    IMessage_Release(msg);

    /* Persistent: another logon finds the same identifiers. */
    test_store_logon(&other, L"message.sqlms");
    again = NULL;
    assert_hr_equal(S_OK, IMsgStore_GetIDsFromNames(other.store, 2, names, 0, &again));
    assert_int_equal(again->aulPropTag[0], tags->aulPropTag[0]);
    assert_int_equal(again->aulPropTag[1], tags->aulPropTag[1]);
    MAPIFreeBuffer(again);
    test_store_logoff(&other);
    MAPIFreeBuffer(tags);
}


static void test_delete_props_and_prop_list(void **state)
{
    SizedSPropTagArray(2, doomed) = { 2, { PR_BODY_W, PR_ENTRYID } };
    SPropProblemArray *problems = NULL;
    SPropTagArray *list = NULL;
    IMessage *msg, *ro;
    SBinary eid;
    ULONG i;
    BOOL found = FALSE;

    eid = create_message(inbox, L"to trim", 0);
    msg = NULL;
    {
        ULONG type;
        assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, eid.cb, (ENTRYID *)eid.lpb, NULL, MAPI_MODIFY, &type,
                                                  (IUnknown **)&msg));
    }
    set_string((IMAPIProp *)msg, PR_BODY_W, L"to be deleted");
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_GetPropList(msg, 0x1000, &list));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_GetPropList(msg, 0, NULL));
    assert_hr_equal(S_OK, IMessage_GetPropList(msg, MAPI_UNICODE, &list));
    for (i = 0; i < list->cValues; i++)
        if (list->aulPropTag[i] == PR_BODY_W) found = TRUE;
    assert_true(found);
    MAPIFreeBuffer(list);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_DeleteProps(msg, NULL, NULL));
    /* What the store computes stays, and says so. */
    assert_hr_equal(S_OK, IMessage_DeleteProps(msg, (SPropTagArray *)&doomed, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulPropTag, PR_ENTRYID);
    assert_hr_equal(MAPI_E_COMPUTED, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    assert_false(has_prop((IMAPIProp *)msg, PR_BODY_W));
    assert_true(has_prop((IMAPIProp *)msg, PR_ENTRYID));
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, 0));
    IMessage_Release(msg);
    {
        ULONG type;
        assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, eid.cb, (ENTRYID *)eid.lpb, NULL, 0, &type,
                                                  (IUnknown **)&ro));
    }
    assert_false(has_prop((IMAPIProp *)ro, PR_BODY_W));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMessage_DeleteProps(ro, (SPropTagArray *)&doomed, NULL));
    IMessage_Release(ro);
    MAPIFreeBuffer(eid.lpb);
}

static void test_get_last_error(void **state)
{
    MAPIERROR *error = NULL;
    IMessage *msg;

    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(inbox, NULL, 0, &msg));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMessage_GetLastError(msg, MAPI_E_NOT_FOUND, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMessage_GetLastError(msg, MAPI_E_NOT_FOUND, 0x1000, &error));
    assert_hr_equal(S_OK, IMessage_GetLastError(msg, MAPI_E_NOT_FOUND, MAPI_UNICODE, &error));
    assert_non_null(error);
    assert_true(lstrlenW((WCHAR *)error->lpszError) > 0);
    MAPIFreeBuffer(error);
    IMessage_Release(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_new_message),
        cmocka_unit_test(test_computed_and_read_only),
        cmocka_unit_test(test_save_changes),
        cmocka_unit_test(test_large_values),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_recipients),
        cmocka_unit_test(test_attachments),
        cmocka_unit_test(test_embedded_message),
        cmocka_unit_test(test_copy_to),
        cmocka_unit_test(test_read_flag),
        cmocka_unit_test(test_named_properties),
        cmocka_unit_test(test_delete_props_and_prop_list),
        cmocka_unit_test(test_get_last_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
