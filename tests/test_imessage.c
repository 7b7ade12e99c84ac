/*
 * IMessage on IStorage: sessions, every IMessage and IAttach method, saved
 * and read back through a real compound file, transactions, property
 * attributes, named properties, the .msg files of Email-Outlook-Message's
 * tests, and damaged or hostile storages.
 *
 * test_round_trip also leaves out/roundtrip.msg and what it must contain
 * for tests/msgtools.sh, which has Debian's msgconvert read it.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"

#include "mapi32_test.h"
#include "mapidefs_sdk.h"
#include "msg_test.h"

static const WCHAR subject_w[] = L"Gr\x00fc\x00df" L"e \x2014 \x00fcn\x00ef" L"c\x00f8" L"d\x00e9 \x2713";
static const WCHAR body_w[] = L"First line\r\nSecond line with \x00e9 and \x6c6c\r\n";
static const char html_a[] = "<html><body><p>Hello <b>HTML</b></p></body></html>";
static const WCHAR named_string[] = L"X-Test-Name";
DEFINE_GUID(test_guid, 0x12345678, 0x1234, 0x5678, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78);

#define ATTACH_SIZE 5000

static void add_recipient(IMessage *message, const WCHAR *name, const WCHAR *address, LONG type)
{
    SizedADRLIST(1, list);
    SPropValue values[4];
    HRESULT hr;

    values[0].ulPropTag = PR_DISPLAY_NAME_W;
    values[0].Value.lpszW = (WCHAR *)name;
    values[1].ulPropTag = PR_EMAIL_ADDRESS_W;
    values[1].Value.lpszW = (WCHAR *)address;
    values[2].ulPropTag = PR_ADDRTYPE_W;
    values[2].Value.lpszW = (WCHAR *)L"SMTP";
    values[3].ulPropTag = PR_RECIPIENT_TYPE;
    values[3].Value.l = type;
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 4;
    list.aEntries[0].rgPropVals = values;
    hr = message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, (ADRLIST *)&list);
    assert_hr_equal(S_OK, hr);
}

/* The message every round trip writes: all kinds of values, recipients, a file, an embedded message. */
static void fill_message(IMessage *message, BOOL with_embedded)
{
    static const LONG longs[] = { 1, -2, 0x7fffffff };
    static const WCHAR *strings[] = { L"one", L"tw\x00f6", L"three" };
    static const char *strings_a[] = { "alpha", "beta" };
    IMAPIProp *prop = (IMAPIProp *)message;
    BYTE data[ATTACH_SIZE];
    SBinary binaries[2];
    SPropValue value;
    IAttach *attach;
    IMessage *embedded;
    ULONG num;
    HRESULT hr;

    set_string_w(prop, PR_SUBJECT_W, subject_w);
    set_string_w(prop, PR_BODY_W, body_w);
    set_binary(prop, PR_HTML_BIN, html_a, strlen(html_a));
    set_string_a(prop, PR_MESSAGE_CLASS_A, "IPM.Note");
    set_string_w(prop, PR_SENDER_NAME_W, L"Sender Person");
    set_string_w(prop, PR_SENDER_EMAIL_ADDRESS_W, L"sender@example.org");
    set_string_w(prop, PR_SENDER_ADDRTYPE_W, L"SMTP");
    value.ulPropTag = PR_CLIENT_SUBMIT_TIME;
    value.Value.ft.dwLowDateTime = 0xd53e8000;  /* 2007-09-24 13:28:03 UTC */
    value.Value.ft.dwHighDateTime = 0x01c7feb7;
    set_prop(prop, &value);
    value.ulPropTag = TAG_I2;
    value.Value.i = -1234;
    set_prop(prop, &value);
    value.ulPropTag = TAG_BOOL;
    value.Value.b = TRUE;
    set_prop(prop, &value);
    value.ulPropTag = TAG_DOUBLE;
    value.Value.dbl = 3.25;
    set_prop(prop, &value);
    value.ulPropTag = TAG_I8;
    value.Value.li.QuadPart = 0x123456789abcdefLL;
    set_prop(prop, &value);
    value.ulPropTag = TAG_CLSID;
    value.Value.lpguid = (GUID *)&test_guid;
    set_prop(prop, &value);
    value.ulPropTag = TAG_MV_LONG;
    value.Value.MVl.cValues = ARRAY_SIZE(longs);
    value.Value.MVl.lpl = (LONG *)longs;
    set_prop(prop, &value);
    value.ulPropTag = TAG_MV_W;
    value.Value.MVszW.cValues = ARRAY_SIZE(strings);
    value.Value.MVszW.lppszW = (WCHAR **)strings;
    set_prop(prop, &value);
    value.ulPropTag = TAG_MV_A;
    value.Value.MVszA.cValues = ARRAY_SIZE(strings_a);
    value.Value.MVszA.lppszA = (char **)strings_a;
    set_prop(prop, &value);
    binaries[0].cb = 3;
    binaries[0].lpb = (BYTE *)"abc";
    binaries[1].cb = 0;
    binaries[1].lpb = (BYTE *)"";
    value.ulPropTag = TAG_MV_BIN;
    value.Value.MVbin.cValues = 2;
    value.Value.MVbin.lpbin = binaries;
    set_prop(prop, &value);

    add_recipient(message, L"First R\x00e9" L"cipient", L"first@example.org", MAPI_TO);
    add_recipient(message, L"Second Recipient", L"second@example.org", MAPI_CC);

    hr = message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach);
    assert_hr_equal(S_OK, hr);
    fill_pattern(data, sizeof(data), 1);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_string_w((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"data file.bin");
    set_string_w((IMAPIProp *)attach, PR_ATTACH_FILENAME_W, L"data.bin");
    set_string_w((IMAPIProp *)attach, PR_ATTACH_MIME_TAG_W, L"application/octet-stream");
    set_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, data, sizeof(data));
    hr = attach->lpVtbl->SaveChanges(attach, 0);
    assert_hr_equal(S_OK, hr);
    attach->lpVtbl->Release(attach);

    if (!with_embedded) return;
    hr = message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach);
    assert_hr_equal(S_OK, hr);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    set_string_w((IMAPIProp *)attach, PR_DISPLAY_NAME_W, L"Inner message");
    hr = attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY,
                                      (IUnknown **)&embedded);
    assert_hr_equal(S_OK, hr);
    set_string_w((IMAPIProp *)embedded, PR_SUBJECT_W, L"Inner subject");
    set_string_w((IMAPIProp *)embedded, PR_BODY_W, L"Inner body text");
    set_string_a((IMAPIProp *)embedded, PR_MESSAGE_CLASS_A, "IPM.Note");
    add_recipient(embedded, L"Inner Recipient", L"inner@example.org", MAPI_TO);
    hr = embedded->lpVtbl->SaveChanges(embedded, 0);
    assert_hr_equal(S_OK, hr);
    embedded->lpVtbl->Release(embedded);
    hr = attach->lpVtbl->SaveChanges(attach, 0);
    assert_hr_equal(S_OK, hr);
    attach->lpVtbl->Release(attach);
}

static ULONG named_id(IMessage *message, const MAPINAMEID *name, ULONG flags)
{
    MAPINAMEID *names[1] = { (MAPINAMEID *)name };
    SPropTagArray *tags = NULL;
    HRESULT hr = message->lpVtbl->GetIDsFromNames(message, 1, names, flags, &tags);
    ULONG tag;

    assert_non_null(tags);
    assert_int_equal(tags->cValues, 1);
    tag = tags->aulPropTag[0];
    if (hr != S_OK) assert_hr_equal(MAPI_W_ERRORS_RETURNED, hr);
    MAPIFreeBuffer(tags);
    return tag;
}

static void check_message(IMessage *message, BOOL with_embedded)
{
    static const WCHAR *strings[] = { L"one", L"tw\x00f6", L"three" };
    IMAPIProp *prop = (IMAPIProp *)message;
    SPropValue *value;
    IMAPITable *table;
    SRowSet *rows;
    BYTE data[ATTACH_SIZE];
    IAttach *attach;
    IMessage *embedded;
    ULONG i;
    HRESULT hr;

    check_string_w(prop, PR_SUBJECT_W, subject_w);
    check_string_w(prop, PR_BODY_W, body_w);
    check_binary(prop, PR_HTML_BIN, html_a, strlen(html_a));
    check_string_w(prop, PR_MESSAGE_CLASS_W, L"IPM.Note");
    value = get_prop(prop, PR_CLIENT_SUBMIT_TIME);
    assert_non_null(value);
    assert_int_equal(value->Value.ft.dwHighDateTime, 0x01c7feb7);
    assert_int_equal(value->Value.ft.dwLowDateTime, 0xd53e8000);
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_I2);
    assert_int_equal(value->Value.i, -1234);
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_BOOL);
    assert_true(value->Value.b);
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_DOUBLE);
    assert_true(value->Value.dbl == 3.25);
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_I8);
    assert_true(value->Value.li.QuadPart == 0x123456789abcdefLL);
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_CLSID);
    assert_true(IsEqualGUID(value->Value.lpguid, &test_guid));
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_MV_LONG);
    assert_int_equal(value->Value.MVl.cValues, 3);
    assert_int_equal(value->Value.MVl.lpl[1], -2);
    assert_int_equal(value->Value.MVl.lpl[2], 0x7fffffff);
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_MV_W);
    assert_int_equal(value->Value.MVszW.cValues, 3);
    for (i = 0; i < 3; i++) assert_int_equal(wcscmp(value->Value.MVszW.lppszW[i], strings[i]), 0);
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_MV_A);
    assert_non_null(value);
    assert_int_equal(value->Value.MVszA.cValues, 2);
    assert_string_equal(value->Value.MVszA.lppszA[1], "beta");
    MAPIFreeBuffer(value);
    value = get_prop(prop, TAG_MV_BIN);
    assert_int_equal(value->Value.MVbin.cValues, 2);
    assert_int_equal(value->Value.MVbin.lpbin[0].cb, 3);
    assert_memory_equal(value->Value.MVbin.lpbin[0].lpb, "abc", 3);
    assert_int_equal(value->Value.MVbin.lpbin[1].cb, 0);
    MAPIFreeBuffer(value);

    hr = message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(count_rows(table), 2);
    hr = table->lpVtbl->QueryRows(table, 10, 0, &rows);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(rows->cRows, 2);
    for (i = 0; i < rows->aRow[0].cValues; i++)
        if (rows->aRow[0].lpProps[i].ulPropTag == PR_DISPLAY_NAME_W)
            assert_int_equal(wcscmp(rows->aRow[0].lpProps[i].Value.lpszW, L"First R\x00e9" L"cipient"), 0);
    FreeProws(rows);
    table->lpVtbl->Release(table);

    hr = message->lpVtbl->GetAttachmentTable(message, 0, &table);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(count_rows(table), with_embedded ? 2 : 1);
    table->lpVtbl->Release(table);

    hr = message->lpVtbl->OpenAttach(message, 0, NULL, 0, &attach);
    assert_hr_equal(S_OK, hr);
    fill_pattern(data, sizeof(data), 1);
    check_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, data, sizeof(data));
    check_string_w((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"data file.bin");
    check_long((IMAPIProp *)attach, PR_ATTACH_NUM, 0);
    attach->lpVtbl->Release(attach);

    if (!with_embedded) return;
    hr = message->lpVtbl->OpenAttach(message, 1, NULL, 0, &attach);
    assert_hr_equal(S_OK, hr);
    check_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    hr = attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&embedded);
    assert_hr_equal(S_OK, hr);
    check_string_w((IMAPIProp *)embedded, PR_SUBJECT_W, L"Inner subject");
    check_string_w((IMAPIProp *)embedded, PR_BODY_W, L"Inner body text");
    hr = embedded->lpVtbl->GetRecipientTable(embedded, 0, &table);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(count_rows(table), 1);
    table->lpVtbl->Release(table);
    /* A read-only embedded message cannot be saved. */
    hr = embedded->lpVtbl->SaveChanges(embedded, 0);
    assert_hr_equal(MAPI_E_NO_ACCESS, hr);
    embedded->lpVtbl->Release(embedded);
    attach->lpVtbl->Release(attach);
}

static IStorage *memory_storage_for_session(void)
{
    ILockBytes *bytes;
    IStorage *storage;

    assert_hr_equal(S_OK, CreateILockBytesOnHGlobal(NULL, TRUE, &bytes));
    assert_hr_equal(S_OK, StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                                       0, &storage));
    bytes->lpVtbl->Release(bytes);
    return storage;
}

static void test_session(void **state)
{
    IMalloc *malloc;
    LPMSGSESS session = NULL;
    IMessage *message = NULL;
    IStorage *storage;
    SCODE sc;

    assert_hr_equal(S_OK, CoGetMalloc(1, &malloc));
    sc = OpenIMsgSession(malloc, 0, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, sc);
    sc = OpenIMsgSession(NULL, 0, &session);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, sc);
    sc = OpenIMsgSession(malloc, 0x80, &session);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, sc);
    sc = OpenIMsgSession(malloc, 0, &session);
    assert_hr_equal(S_OK, sc);
    assert_non_null(session);

    storage = create_storage_file("out/session.msg", 0);
    sc = OpenIMsgOnIStg(session, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, malloc, NULL, storage, NULL,
                        0, 0, &message);
    assert_hr_equal(S_OK, sc);
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"saved in the session");
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"never saved");
    {
        IStorage *other_storage = memory_storage_for_session();
        IMessage *other, *embedded;
        IAttach *attach;
        IMAPITable *table;
        IStream *stream;
        SPropValue value = { PR_SUBJECT_W };
        ULONG num, count, read;
        SPropValue *values;
        char buffer[8];

        /* A second message of the session, an attachment with an embedded message, a stream, a table. */
        sc = OpenIMsgOnIStg(session, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, malloc, NULL,
                            other_storage, NULL, 0, 0, &other);
        assert_hr_equal(S_OK, sc);
        assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach));
        set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
        assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, KEEP_OPEN_READWRITE));
        assert_hr_equal(S_OK, attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0,
                                                           MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&embedded));
        assert_hr_equal(S_OK, message->lpVtbl->OpenProperty(message, PR_SUBJECT_W, &IID_IStream, 0, 0,
                                                            (IUnknown **)&stream));
        assert_hr_equal(S_OK, message->lpVtbl->GetAttachmentTable(message, 0, &table));

        CloseIMsgSession(session);

        /* All closed: only Release is left to them. */
        value.Value.lpszW = (WCHAR *)L"after close";
        assert_hr_equal(MAPI_E_INVALID_OBJECT, message->lpVtbl->SetProps(message, 1, &value, NULL));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, message->lpVtbl->GetProps(message, NULL, 0, &count, &values));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, message->lpVtbl->SaveChanges(message, 0));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, message->lpVtbl->OpenAttach(message, num, NULL, 0, &attach));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, other->lpVtbl->GetPropList(other, 0, (SPropTagArray **)&values));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, attach->lpVtbl->SaveChanges(attach, 0));
        assert_hr_equal(MAPI_E_INVALID_OBJECT, embedded->lpVtbl->SetProps(embedded, 1, &value, NULL));
        assert_hr_equal(STG_E_REVERTED, stream->lpVtbl->Read(stream, buffer, sizeof(buffer), &read));
        /* A table has its rows already. */
        assert_int_equal(count_rows(table), 1);
        table->lpVtbl->Release(table);
        stream->lpVtbl->Release(stream);
        embedded->lpVtbl->Release(embedded);
        attach->lpVtbl->Release(attach);
        other->lpVtbl->Release(other);
        other_storage->lpVtbl->Release(other_storage);
    }
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    /* The file has what was saved before the session closed, and nothing after. */
    storage = open_storage_file("out/session.msg", STGM_READ);
    message = open_message(storage, 0);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"saved in the session");
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    CloseIMsgSession(NULL);
    malloc->lpVtbl->Release(malloc);
}

static void test_open_bad_args(void **state)
{
    IMessage *message = (IMessage *)0xdeadbeef;
    IStorage *storage = create_storage_file("out/badargs.msg", 0);
    SCODE sc;

    sc = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, NULL, NULL, 0, 0,
                        &message);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, sc);
    assert_null(message);
    sc = OpenIMsgOnIStg(NULL, NULL, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, NULL, 0, 0, &message);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, sc);
    sc = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, NULL, 0,
                        0x100, &message);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, sc);
    sc = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, NULL, 0, 0,
                        NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, sc);
    storage->lpVtbl->Release(storage);
}

/* Writes out/roundtrip.msg, reads it back, and leaves what msgconvert must find in it. */
static void test_round_trip(void **state)
{
    static const MAPINAMEID id_name = { (GUID *)&PS_PUBLIC_STRINGS, MNID_ID, { 0x8233 } };
    MAPINAMEID string_name = { (GUID *)&test_guid, MNID_STRING };
    BYTE data[ATTACH_SIZE];
    IStorage *storage;
    IMessage *message;
    ULONG id_tag, string_tag;
    char expect[2048], subject_utf8[256];
    int length;

    string_name.Kind.lpwstrName = (WCHAR *)named_string;
    out_dir();
    storage = create_storage_file("out/roundtrip.msg", 0);
    message = open_message(storage, 0);
    fill_message(message, TRUE);
    id_tag = named_id(message, &id_name, MAPI_CREATE);
    string_tag = named_id(message, &string_name, MAPI_CREATE);
    assert_true(PROP_ID(id_tag) >= 0x8000);
    assert_true(PROP_ID(string_tag) >= 0x8000 && PROP_ID(string_tag) != PROP_ID(id_tag));
    set_long((IMAPIProp *)message, CHANGE_PROP_TYPE(id_tag, PT_LONG), 4242);
    set_string_w((IMAPIProp *)message, CHANGE_PROP_TYPE(string_tag, PT_UNICODE), L"named value");
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    storage = open_storage_file("out/roundtrip.msg", STGM_READ);
    message = open_message(storage, 0);
    check_message(message, TRUE);
    /* The names come back with the identifiers they had. */
    assert_int_equal(named_id(message, &id_name, 0), CHANGE_PROP_TYPE(id_tag, PT_UNSPECIFIED));
    assert_int_equal(named_id(message, &string_name, 0), CHANGE_PROP_TYPE(string_tag, PT_UNSPECIFIED));
    check_long((IMAPIProp *)message, CHANGE_PROP_TYPE(id_tag, PT_LONG), 4242);
    check_string_w((IMAPIProp *)message, CHANGE_PROP_TYPE(string_tag, PT_UNICODE), L"named value");
    /* A read-only storage gives a read-only message. */
    {
        SPropValue value = { PR_IMPORTANCE };
        assert_hr_equal(MAPI_E_NO_ACCESS, message->lpVtbl->SetProps(message, 1, &value, NULL));
        assert_hr_equal(MAPI_E_NO_ACCESS, message->lpVtbl->SaveChanges(message, 0));
    }
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    /* For tests/msgtools.sh: what msgconvert must read in the file. */
    fill_pattern(data, sizeof(data), 1);
    write_file("out/roundtrip_data.bin", data, sizeof(data));
    WideCharToMultiByte(CP_UTF8, 0, subject_w, -1, subject_utf8, sizeof(subject_utf8), NULL, NULL);
    length = snprintf(expect, sizeof(expect),
                      "subject %s\nto First R\xc3\xa9" "cipient <first@example.org>\n"
                      "cc Second Recipient <second@example.org>\n"
                      "from Sender Person <sender@example.org>\n"
                      "body Second line with\nhtml <b>HTML</b>\n"
                      "attachment data file.bin out/roundtrip_data.bin\n"
                      "embedded Inner subject\n", subject_utf8);
    write_file("out/roundtrip.expect", expect, length);
}

static void test_named_props(void **state)
{
    MAPINAMEID name = { (GUID *)&test_guid, MNID_ID, { 7 } }, *names[1] = { &name };
    SPropTagArray *tags = NULL;
    MAPINAMEID **got = NULL;
    IStorage *storage, *nameid;
    IMessage *message;
    ULONG count, tag;
    IStream *stream;
    HRESULT hr;

    storage = create_storage_file("out/named.msg", 0);
    message = open_message(storage, 0);
    /* Unknown without MAPI_CREATE. */
    tag = named_id(message, &name, 0);
    assert_int_equal(PROP_TYPE(tag), PT_ERROR);
    tag = named_id(message, &name, MAPI_CREATE);
    assert_int_equal(tag, PROP_TAG(PT_UNSPECIFIED, 0x8000));
    assert_int_equal(named_id(message, &name, MAPI_CREATE), tag);
    hr = message->lpVtbl->GetIDsFromNames(message, 1, names, 0x10, &tags);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, hr);
    hr = message->lpVtbl->GetIDsFromNames(message, 1, NULL, 0, &tags);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);

    tags = NULL;
    hr = message->lpVtbl->GetNamesFromIDs(message, &tags, NULL, 0, &count, &got);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(count, 1);
    assert_int_equal(tags->aulPropTag[0], tag);
    assert_true(IsEqualGUID(got[0]->lpguid, &test_guid));
    assert_int_equal(got[0]->ulKind, MNID_ID);
    assert_int_equal(got[0]->Kind.lID, 7);
    MAPIFreeBuffer(got);
    MAPIFreeBuffer(tags);
    tags = NULL;
    hr = message->lpVtbl->GetNamesFromIDs(message, &tags, NULL, MAPI_NO_IDS, &count, &got);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(count, 0);
    MAPIFreeBuffer(got);
    MAPIFreeBuffer(tags);
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);

    /* The map as [MS-OXMSG] lays it out: the GUID stream, and the hash bucket of the name. */
    hr = storage->lpVtbl->OpenStorage(storage, L"__nameid_version1.0", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE,
                                      NULL, 0, &nameid);
    assert_hr_equal(S_OK, hr);
    hr = nameid->lpVtbl->OpenStream(nameid, L"__substg1.0_00020102", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0,
                                    &stream);
    assert_hr_equal(S_OK, hr);
    {
        GUID guid;
        ULONG got_size;
        assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, &guid, sizeof(guid), &got_size));
        assert_int_equal(got_size, sizeof(guid));
        assert_true(IsEqualGUID(&guid, &test_guid));
    }
    stream->lpVtbl->Release(stream);
    /* Bucket 0x1000 + (7 ^ (3 << 1)) % 0x1f = 0x1001: entry 7, then index 0, GUID 3, kind 0. */
    hr = nameid->lpVtbl->OpenStream(nameid, L"__substg1.0_10010102", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0,
                                    &stream);
    assert_hr_equal(S_OK, hr);
    {
        ULONG entry[2], got_size;
        assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, entry, sizeof(entry), &got_size));
        assert_int_equal(got_size, 8);
        assert_int_equal(entry[0], 7);
        assert_int_equal(entry[1], 3 << 1);
    }
    stream->lpVtbl->Release(stream);
    nameid->lpVtbl->Release(nameid);
    storage->lpVtbl->Release(storage);
}

static void test_transactions(void **state)
{
    IStorage *storage;
    IMessage *message;
    SPropValue *value;

    storage = create_storage_file("out/transacted.msg", 0);
    message = open_message(storage, 0);
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"first");
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    /* IMSG_NO_ISTG_COMMIT: the caller's Revert undoes the save. */
    storage = open_storage_file("out/transacted.msg", STGM_READWRITE | STGM_TRANSACTED);
    message = open_message(storage, IMSG_NO_ISTG_COMMIT);
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"second");
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));
    message->lpVtbl->Release(message);
    assert_hr_equal(S_OK, storage->lpVtbl->Revert(storage));
    storage->lpVtbl->Release(storage);

    storage = open_storage_file("out/transacted.msg", STGM_READWRITE | STGM_TRANSACTED);
    message = open_message(storage, 0);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"first");
    /* Without the flag, SaveChanges commits the transacted storage itself. */
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"third");
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    /* A change never saved is lost. */
    storage = open_storage_file("out/transacted.msg", STGM_READWRITE);
    message = open_message(storage, 0);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"third");
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"never saved");
    message->lpVtbl->Release(message);
    message = open_message(storage, 0);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"third");
    value = get_prop((IMAPIProp *)message, PR_BODY_W);
    assert_null(value);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

static void test_attachments(void **state)
{
    IStorage *storage = create_storage_file("out/attachments.msg", 0);
    IMessage *message = open_message(storage, 0);
    IAttach *attach, *second;
    IMAPITable *table;
    ULONG num, num2;
    HRESULT hr;

    hr = message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(num, 0);
    set_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, "xyz", 3);
    /* Not saved yet: not in the message. */
    message->lpVtbl->GetAttachmentTable(message, 0, &table);
    assert_int_equal(count_rows(table), 0);
    table->lpVtbl->Release(table);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, KEEP_OPEN_READWRITE));
    message->lpVtbl->GetAttachmentTable(message, 0, &table);
    assert_int_equal(count_rows(table), 1);
    table->lpVtbl->Release(table);
    /* PR_ATTACH_NUM is the object's own. */
    {
        SPropValue value = { PR_ATTACH_NUM };
        SPropProblemArray *problems = NULL;
        value.Value.l = 9;
        hr = attach->lpVtbl->SetProps(attach, 1, &value, &problems);
        assert_hr_equal(S_OK, hr);
        assert_non_null(problems);
        assert_int_equal(problems->aProblem[0].scode, MAPI_E_COMPUTED);
        MAPIFreeBuffer(problems);
    }
    attach->lpVtbl->Release(attach);

    hr = message->lpVtbl->CreateAttach(message, NULL, 0, &num2, &second);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(num2, 1);
    second->lpVtbl->Release(second); /* never saved */

    /* Changes to an opened attachment need its SaveChanges. */
    hr = message->lpVtbl->OpenAttach(message, num, NULL, MAPI_MODIFY, &attach);
    assert_hr_equal(S_OK, hr);
    set_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, "changed", 7);
    attach->lpVtbl->Release(attach);
    hr = message->lpVtbl->OpenAttach(message, num, NULL, 0, &attach);
    assert_hr_equal(S_OK, hr);
    check_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, "xyz", 3);
    /* Opened without MAPI_MODIFY: read-only. */
    assert_hr_equal(MAPI_E_NO_ACCESS, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);

    hr = message->lpVtbl->OpenAttach(message, 5, NULL, 0, &attach);
    assert_hr_equal(MAPI_E_NOT_FOUND, hr);
    hr = message->lpVtbl->OpenAttach(message, num, NULL, 0x1000, &attach);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, hr);
    hr = message->lpVtbl->DeleteAttach(message, 5, 0, NULL, 0);
    assert_hr_equal(MAPI_E_NOT_FOUND, hr);
    hr = message->lpVtbl->DeleteAttach(message, num, 0, NULL, 0);
    assert_hr_equal(S_OK, hr);
    message->lpVtbl->GetAttachmentTable(message, 0, &table);
    assert_int_equal(count_rows(table), 0);
    table->lpVtbl->Release(table);

    /* An OLE attachment keeps its storage. */
    hr = message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach);
    assert_hr_equal(S_OK, hr);
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_OLE);
    {
        IStorage *ole;
        IStream *stream;

        hr = attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, MAPI_CREATE | MAPI_MODIFY,
                                          (IUnknown **)&ole);
        assert_hr_equal(S_OK, hr);
        hr = ole->lpVtbl->CreateStream(ole, L"Contents", STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0,
                                       &stream);
        assert_hr_equal(S_OK, hr);
        stream->lpVtbl->Write(stream, "ole data", 8, NULL);
        stream->lpVtbl->Release(stream);
        ole->lpVtbl->Commit(ole, 0);
        ole->lpVtbl->Release(ole);
    }
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);

    /* Attachments keep their numbers in the file. */
    message = open_message(storage, 0);
    hr = message->lpVtbl->OpenAttach(message, num, NULL, 0, &attach);
    assert_hr_equal(S_OK, hr);
    {
        IStorage *ole;
        IStream *stream;
        char buffer[16] = { 0 };

        hr = attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, 0, (IUnknown **)&ole);
        assert_hr_equal(S_OK, hr);
        hr = ole->lpVtbl->OpenStream(ole, L"Contents", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream);
        assert_hr_equal(S_OK, hr);
        stream->lpVtbl->Read(stream, buffer, sizeof(buffer), NULL);
        assert_string_equal(buffer, "ole data");
        stream->lpVtbl->Release(stream);
        ole->lpVtbl->Release(ole);
        /* It is no message. */
        hr = attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&ole);
        assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, hr);
    }
    attach->lpVtbl->Release(attach);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

static void test_recipients(void **state)
{
    IStorage *storage = create_storage_file("out/recipients.msg", 0);
    IMessage *message = open_message(storage, 0);
    SizedADRLIST(1, list);
    SPropValue values[2];
    IMAPITable *table;
    SRowSet *rows;
    LONG rowid = -1;
    ULONG i;
    HRESULT hr;

    add_recipient(message, L"A", L"a@example.org", MAPI_TO);
    add_recipient(message, L"B", L"b@example.org", MAPI_TO);
    add_recipient(message, L"C", L"c@example.org", MAPI_BCC);
    hr = message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table);
    assert_hr_equal(S_OK, hr);
    hr = table->lpVtbl->QueryRows(table, 10, 0, &rows);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(rows->cRows, 3);
    for (i = 0; i < rows->aRow[1].cValues; i++)
        if (rows->aRow[1].lpProps[i].ulPropTag == PR_ROWID) rowid = rows->aRow[1].lpProps[i].Value.l;
    assert_true(rowid >= 0);
    FreeProws(rows);
    table->lpVtbl->Release(table);

    /* Modify B by its row identifier, then remove it. */
    values[0].ulPropTag = PR_ROWID;
    values[0].Value.l = rowid;
    values[1].ulPropTag = PR_DISPLAY_NAME_W;
    values[1].Value.lpszW = (WCHAR *)L"B changed";
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 2;
    list.aEntries[0].rgPropVals = values;
    hr = message->lpVtbl->ModifyRecipients(message, MODRECIP_MODIFY, (ADRLIST *)&list);
    assert_hr_equal(S_OK, hr);
    hr = message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table);
    assert_hr_equal(S_OK, hr);
    hr = table->lpVtbl->QueryRows(table, 10, 0, &rows);
    assert_int_equal(rows->cRows, 3);
    for (i = 0; i < rows->aRow[1].cValues; i++)
        if (rows->aRow[1].lpProps[i].ulPropTag == PR_DISPLAY_NAME_W)
            assert_int_equal(wcscmp(rows->aRow[1].lpProps[i].Value.lpszW, L"B changed"), 0);
    FreeProws(rows);
    table->lpVtbl->Release(table);

    list.aEntries[0].cValues = 1;
    hr = message->lpVtbl->ModifyRecipients(message, MODRECIP_REMOVE, (ADRLIST *)&list);
    assert_hr_equal(S_OK, hr);
    hr = message->lpVtbl->GetRecipientTable(message, 0, &table);
    assert_int_equal(count_rows(table), 2);
    table->lpVtbl->Release(table);

    /* Bad input. */
    hr = message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD | MODRECIP_REMOVE, (ADRLIST *)&list);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = message->lpVtbl->ModifyRecipients(message, 0x100, (ADRLIST *)&list);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, hr);
    hr = message->lpVtbl->ModifyRecipients(message, 0, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    list.aEntries[0].rgPropVals = &values[1];
    hr = message->lpVtbl->ModifyRecipients(message, MODRECIP_MODIFY, (ADRLIST *)&list);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr); /* no PR_ROWID */

    /* 0 replaces them all. */
    hr = message->lpVtbl->ModifyRecipients(message, 0, (ADRLIST *)&list);
    assert_hr_equal(S_OK, hr);
    hr = message->lpVtbl->GetRecipientTable(message, 0, &table);
    assert_int_equal(count_rows(table), 1);
    table->lpVtbl->Release(table);
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
    message = open_message(storage, 0);
    hr = message->lpVtbl->GetRecipientTable(message, 0, &table);
    assert_int_equal(count_rows(table), 1);
    table->lpVtbl->Release(table);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

static void test_attributes(void **state)
{
    SizedSPropTagArray(3, tags) = { 3, { PR_SUBJECT_W, PR_BODY_W, PR_IMPORTANCE } };
    SizedSPropAttrArray(3, attrs) = { 3, { PROPATTR_READABLE, PROPATTR_READABLE | PROPATTR_WRITEABLE, 0 } };
    IStorage *storage = create_storage_file("out/attributes.msg", 0);
    IMessage *message = open_message(storage, 0);
    SPropProblemArray *problems = NULL;
    SPropAttrArray *got = NULL;
    SPropValue value;
    HRESULT hr;

    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"fixed");
    set_string_w((IMAPIProp *)message, PR_BODY_W, L"body");
    hr = GetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, &got);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(got->cValues, 3);
    assert_int_equal(got->aPropAttr[0], PROPATTR_READABLE | PROPATTR_WRITEABLE);
    assert_int_equal(got->aPropAttr[2], PROPATTR_NOT_PRESENT);
    MAPIFreeBuffer(got);

    hr = SetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, (SPropAttrArray *)&attrs, &problems);
    assert_hr_equal(S_OK, hr);
    assert_non_null(problems); /* PR_IMPORTANCE is not there */
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulIndex, 2);
    MAPIFreeBuffer(problems);

    /* A property that is not writable is refused by SetProps and DeleteProps. */
    value.ulPropTag = PR_SUBJECT_W;
    value.Value.lpszW = (WCHAR *)L"changed";
    problems = NULL;
    hr = message->lpVtbl->SetProps(message, 1, &value, &problems);
    assert_hr_equal(S_OK, hr);
    assert_non_null(problems);
    assert_int_equal(problems->aProblem[0].scode, MAPI_E_NO_ACCESS);
    MAPIFreeBuffer(problems);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"fixed");

    /* The attributes are saved with the properties. */
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
    message = open_message(storage, 0);
    hr = GetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, &got);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(got->aPropAttr[0], PROPATTR_READABLE);
    assert_int_equal(got->aPropAttr[1], PROPATTR_READABLE | PROPATTR_WRITEABLE);
    MAPIFreeBuffer(got);

    /* Bad input: objects that are not ours, mismatched arrays. */
    hr = GetAttribIMsgOnIStg(NULL, (SPropTagArray *)&tags, &got);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = GetAttribIMsgOnIStg(storage, (SPropTagArray *)&tags, &got);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = GetAttribIMsgOnIStg(message, NULL, &got);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    attrs.cValues = 2;
    hr = SetAttribIMsgOnIStg(message, (SPropTagArray *)&tags, (SPropAttrArray *)&attrs, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

static void test_streams(void **state)
{
    IStorage *storage = create_storage_file("out/streams.msg", 0);
    IMessage *message = open_message(storage, 0);
    IStream *stream;
    char buffer[64] = { 0 };
    ULONG got;
    HRESULT hr;

    hr = message->lpVtbl->OpenProperty(message, PR_BODY_A, &IID_IStream, 0, 0, (IUnknown **)&stream);
    assert_hr_equal(MAPI_E_NOT_FOUND, hr);
    hr = message->lpVtbl->OpenProperty(message, PR_BODY_A, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
                                       (IUnknown **)&stream);
    assert_hr_equal(S_OK, hr);
    assert_hr_equal(S_OK, stream->lpVtbl->Write(stream, "streamed body", 13, &got));
    assert_hr_equal(S_OK, stream->lpVtbl->Commit(stream, 0));
    stream->lpVtbl->Release(stream);
    check_string_w((IMAPIProp *)message, PR_BODY_W, L"streamed body");

    /* Read back as the other width, and read-only. */
    hr = message->lpVtbl->OpenProperty(message, PR_BODY_W, &IID_IStream, 0, 0, (IUnknown **)&stream);
    assert_hr_equal(S_OK, hr);
    assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, buffer, sizeof(buffer), &got));
    assert_int_equal(got, 26);
    assert_int_equal(memcmp(buffer, L"streamed body", 26), 0);
    hr = stream->lpVtbl->Write(stream, "x", 1, &got);
    assert_hr_equal(STG_E_ACCESSDENIED, hr);
    stream->lpVtbl->Release(stream);

    /* A clone: the same data, a position of its own, and what one writes the other reads. */
    {
        IStream *clone;
        LARGE_INTEGER zero = { { 0 } };

        hr = message->lpVtbl->OpenProperty(message, PR_BODY_A, &IID_IStream, 0, MAPI_MODIFY, (IUnknown **)&stream);
        assert_hr_equal(S_OK, hr);
        assert_hr_equal(STG_E_INVALIDPOINTER, stream->lpVtbl->Clone(stream, NULL));
        assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, buffer, 9, &got));
        assert_hr_equal(S_OK, stream->lpVtbl->Clone(stream, &clone));
        assert_hr_equal(S_OK, clone->lpVtbl->Read(clone, buffer, 4, &got));
        assert_int_equal(memcmp(buffer, "body", 4), 0);
        clone->lpVtbl->Seek(clone, zero, STREAM_SEEK_SET, NULL);
        assert_hr_equal(S_OK, clone->lpVtbl->Write(clone, "STREAMED", 8, &got));
        assert_hr_equal(S_OK, stream->lpVtbl->Seek(stream, zero, STREAM_SEEK_SET, NULL));
        assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, buffer, 13, &got));
        assert_int_equal(memcmp(buffer, "STREAMED body", 13), 0);
        assert_hr_equal(S_OK, clone->lpVtbl->Commit(clone, 0));
        clone->lpVtbl->Release(clone);
        stream->lpVtbl->Release(stream);
        check_string_w((IMAPIProp *)message, PR_BODY_W, L"STREAMED body");
    }

    /* Written without Commit: the release keeps it. */
    hr = message->lpVtbl->OpenProperty(message, PR_RTF_COMPRESSED, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY,
                                       (IUnknown **)&stream);
    assert_hr_equal(S_OK, hr);
    stream->lpVtbl->Write(stream, "\x01\x02\x03", 3, &got);
    stream->lpVtbl->Release(stream);
    check_binary((IMAPIProp *)message, PR_RTF_COMPRESSED, "\x01\x02\x03", 3);

    hr = message->lpVtbl->OpenProperty(message, PR_BODY_A, &IID_IMAPITable, 0, 0, (IUnknown **)&stream);
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, hr);
    hr = message->lpVtbl->OpenProperty(message, PR_BODY_A, NULL, 0, 0, (IUnknown **)&stream);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = message->lpVtbl->OpenProperty(message, PR_IMPORTANCE, &IID_IStream, 0, MAPI_CREATE, (IUnknown **)&stream);
    assert_hr_equal(MAPI_E_NO_SUPPORT, hr);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

static LONG released;
static ULONG released_data;

static void WINAPI on_release(ULONG data, IMessage *message)
{
    released++;
    released_data = data;
}

static void test_release_callback(void **state)
{
    IStorage *storage = create_storage_file("out/callback.msg", 0);
    IMessage *message = NULL;
    IAttach *attach;
    ULONG num;
    SCODE sc;

    sc = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, on_release,
                        0x77, 0, &message);
    assert_hr_equal(S_OK, sc);
    message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach);
    message->lpVtbl->Release(message);
    assert_int_equal(released, 0); /* the attachment holds it */
    attach->lpVtbl->Release(attach);
    assert_int_equal(released, 1);
    assert_int_equal(released_data, 0x77);
    storage->lpVtbl->Release(storage);
}

static void test_copy_to(void **state)
{
    IStorage *source_storage = create_storage_file("out/copy_source.msg", 0);
    IStorage *dest_storage = create_storage_file("out/copy_dest.msg", 0);
    IMessage *source = open_message(source_storage, 0), *dest = open_message(dest_storage, 0);
    SizedSPropTagArray(1, excluded) = { 1, { PR_BODY_W } };
    HRESULT hr;

    fill_message(source, TRUE);
    hr = source->lpVtbl->CopyTo(source, 0, NULL, (SPropTagArray *)&excluded, 0, NULL, &IID_IMessage, dest, 0, NULL);
    assert_hr_equal(S_OK, hr);
    check_string_w((IMAPIProp *)dest, PR_SUBJECT_W, subject_w);
    assert_null(get_prop((IMAPIProp *)dest, PR_BODY_W));
    assert_hr_equal(S_OK, dest->lpVtbl->SaveChanges(dest, 0));
    dest->lpVtbl->Release(dest);
    dest = open_message(dest_storage, 0);
    set_string_w((IMAPIProp *)dest, PR_BODY_W, body_w);
    check_message(dest, TRUE);
    hr = source->lpVtbl->CopyTo(source, 0, NULL, NULL, 0, NULL, &IID_IMessage, source, 0, NULL);
    assert_hr_equal(MAPI_E_NO_ACCESS, hr);
    hr = source->lpVtbl->CopyTo(source, 0, NULL, NULL, 0, NULL, &IID_IMessage, NULL, 0, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    source->lpVtbl->Release(source);
    dest->lpVtbl->Release(dest);
    source_storage->lpVtbl->Release(source_storage);
    dest_storage->lpVtbl->Release(dest_storage);
}

static void test_misc_methods(void **state)
{
    IStorage *storage = create_storage_file("out/misc.msg", 0);
    IMessage *message = open_message(storage, 0);
    SPropTagArray *tags = NULL;
    MAPIERROR *error = (MAPIERROR *)1;
    SPropProblemArray *problems = NULL;
    SizedSPropTagArray(1, del) = { 1, { PR_SUBJECT_W } };

    assert_hr_equal(MAPI_E_NO_SUPPORT, message->lpVtbl->SubmitMessage(message, 0));
    assert_hr_equal(S_OK, message->lpVtbl->SetReadFlag(message, 0));
    check_long((IMAPIProp *)message, PR_MESSAGE_FLAGS, MSGFLAG_READ);
    assert_hr_equal(S_OK, message->lpVtbl->SetReadFlag(message, CLEAR_READ_FLAG));
    check_long((IMAPIProp *)message, PR_MESSAGE_FLAGS, 0);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, message->lpVtbl->SetReadFlag(message, CLEAR_READ_FLAG | SUPPRESS_RECEIPT));
    assert_hr_equal(S_OK, message->lpVtbl->GetLastError(message, E_FAIL, 0, &error));
    assert_null(error);
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"to delete");
    assert_hr_equal(S_OK, message->lpVtbl->GetPropList(message, MAPI_UNICODE, &tags));
    assert_int_equal(tags->cValues, 2);
    MAPIFreeBuffer(tags);
    assert_hr_equal(S_OK, message->lpVtbl->DeleteProps(message, (SPropTagArray *)&del, &problems));
    assert_null(problems);
    assert_null(get_prop((IMAPIProp *)message, PR_SUBJECT_W));
    /* Strings come back in the width asked for. */
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"wide");
    {
        SPropValue *value = NULL;
        SizedSPropTagArray(1, ask) = { 1, { PR_SUBJECT_A } };
        ULONG count;

        assert_hr_equal(S_OK, message->lpVtbl->GetProps(message, (SPropTagArray *)&ask, 0, &count, &value));
        assert_string_equal(value->Value.lpszA, "wide");
        MAPIFreeBuffer(value);
    }
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, message->lpVtbl->SaveChanges(message, 0x100));
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

/* The .msg files of Email-Outlook-Message's tests, with the values its tests expect. */
static IMessage *open_sample(const char *name, IStorage **storage)
{
    char path[MAX_PATH];

    assert_true(testdata_path(path, sizeof(path), "libemail-outlook-message-perl/t/files", name));
    *storage = open_storage_file(path, STGM_READ);
    return open_message(*storage, 0);
}

static BOOL value_contains(IMAPIProp *object, ULONG tag, const WCHAR *part)
{
    SPropValue *value = get_prop(object, tag);
    BOOL found;

    if (!value) return FALSE;
    found = wcsstr(value->Value.lpszW, part) != NULL;
    MAPIFreeBuffer(value);
    return found;
}

static void test_sample_files(void **state)
{
    IStorage *storage;
    IMessage *message;
    IMAPITable *table;
    IAttach *attach;
    SRowSet *rows;
    SPropValue *value;
    ULONG i, num = ~0u;
    HRESULT hr;

    message = open_sample("plain_unsent.msg", &storage);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"Test for MSGConvert -- plain text");
    assert_true(value_contains((IMAPIProp *)message, PR_BODY_W, L"This is a test\r\nThe body is in plain text"));
    hr = message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table);
    assert_hr_equal(S_OK, hr);
    hr = table->lpVtbl->QueryRows(table, 10, 0, &rows);
    assert_int_equal(rows->cRows, 1);
    for (i = 0; i < rows->aRow[0].cValues; i++)
        if (rows->aRow[0].lpProps[i].ulPropTag == PR_DISPLAY_NAME_W)
            assert_int_equal(wcscmp(rows->aRow[0].lpProps[i].Value.lpszW, L"Someone Else"), 0);
    FreeProws(rows);
    table->lpVtbl->Release(table);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    message = open_sample("plain_uc_wc_unsent.msg", &storage);
    assert_true(value_contains((IMAPIProp *)message, PR_BODY_W, L"The body is in p\x6c6c" L"ain text"));
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    message = open_sample("plain_jpeg_attached.msg", &storage);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"test");
    assert_true(value_contains((IMAPIProp *)message, PR_SENDER_NAME_W, L"Matijs van Zuijlen"));
    hr = message->lpVtbl->GetAttachmentTable(message, 0, &table);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(count_rows(table), 1);
    hr = table->lpVtbl->QueryRows(table, 1, 0, &rows);
    for (i = 0; i < rows->aRow[0].cValues; i++)
        if (rows->aRow[0].lpProps[i].ulPropTag == PR_ATTACH_NUM) num = rows->aRow[0].lpProps[i].Value.l;
    FreeProws(rows);
    table->lpVtbl->Release(table);
    hr = message->lpVtbl->OpenAttach(message, num, NULL, 0, &attach);
    assert_hr_equal(S_OK, hr);
    assert_true(value_contains((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, L"test.jpg"));
    value = get_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN);
    assert_non_null(value);
    assert_int_equal(value->Value.bin.cb, 7681);  /* "Correct jpeg size" */
    assert_int_equal(value->Value.bin.lpb[0], 0xff);
    assert_int_equal(value->Value.bin.lpb[1], 0xd8);
    MAPIFreeBuffer(value);
    attach->lpVtbl->Release(attach);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    /* charset.msg: a CP1252 body, whose subject speaks of an embedded email it does not have. */
    message = open_sample("charset.msg", &storage);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"PST Export - Embedded Email Test");
    assert_true(value_contains((IMAPIProp *)message, PR_BODY_W, L"This email contains an email"));
    assert_true(value_contains((IMAPIProp *)message, PR_BODY_W, L" Email-ception!!!"));
    assert_true(value_contains((IMAPIProp *)message, PR_SENDER_NAME_W, L"Joseph Q Bloggs"));
    hr = message->lpVtbl->GetRecipientTable(message, 0, &table);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(count_rows(table), 1);
    table->lpVtbl->Release(table);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    /* The others open whole. */
    message = open_sample("gpg_signed.msg", &storage);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    message = open_sample("plain_uc_unsent.msg", &storage);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"Test for MSGConvert -- plain text");
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

/* Hostile storages built by hand. */
static void write_stream(IStorage *storage, const WCHAR *name, const void *data, ULONG size)
{
    IStream *stream;
    HRESULT hr = storage->lpVtbl->CreateStream(storage, name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                               0, 0, &stream);
    assert_hr_equal(S_OK, hr);
    stream->lpVtbl->Write(stream, data, size, NULL);
    stream->lpVtbl->Release(stream);
}

static IStorage *memory_storage(void)
{
    ILockBytes *bytes;
    IStorage *storage;

    assert_hr_equal(S_OK, CreateILockBytesOnHGlobal(NULL, TRUE, &bytes));
    assert_hr_equal(S_OK, StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                                       0, &storage));
    bytes->lpVtbl->Release(bytes);
    return storage;
}

static SCODE open_result(IStorage *storage)
{
    IMessage *message = NULL;
    SCODE sc = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage,
                              NULL, 0, 0, &message);

    if (message) message->lpVtbl->Release(message);
    return sc;
}

static void test_corrupt(void **state)
{
    BYTE header[32 + 16] = { 0 };
    IStorage *storage, *child;
    ULONG entry[2], i;
    HRESULT hr;

    /* A property stream shorter than its header. */
    storage = memory_storage();
    write_stream(storage, L"__properties_version1.0", header, 5);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, open_result(storage));
    storage->lpVtbl->Release(storage);

    /* A string property whose stream is missing is skipped; unknown types too. */
    storage = memory_storage();
    ((ULONG *)(header + 32))[0] = PR_SUBJECT_A;
    write_stream(storage, L"__properties_version1.0", header, 48);
    assert_hr_equal(S_OK, open_result(storage));
    ((ULONG *)(header + 32))[0] = PROP_TAG(0x0777, 0x6000);
    write_stream(storage, L"__properties_version1.0", header, 48);
    assert_hr_equal(S_OK, open_result(storage));
    /* A PT_CLSID stream too short to hold one. */
    ((ULONG *)(header + 32))[0] = PROP_TAG(PT_CLSID, 0x6000);
    write_stream(storage, L"__properties_version1.0", header, 48);
    write_stream(storage, L"__substg1.0_60000048", "short", 5);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, open_result(storage));
    storage->lpVtbl->Release(storage);

    /* Named property entries pointing out of their streams. */
    storage = memory_storage();
    hr = storage->lpVtbl->CreateStorage(storage, L"__nameid_version1.0", STGM_CREATE | STGM_READWRITE |
                                        STGM_SHARE_EXCLUSIVE, 0, 0, &child);
    assert_hr_equal(S_OK, hr);
    write_stream(child, L"__substg1.0_00020102", "", 0);
    write_stream(child, L"__substg1.0_00040102", "", 0);
    entry[0] = 1;
    entry[1] = (0 << 16) | (9 << 1); /* GUID index 9: there is no GUID 9 */
    write_stream(child, L"__substg1.0_00030102", entry, 8);
    child->lpVtbl->Release(child);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, open_result(storage));
    hr = storage->lpVtbl->OpenStorage(storage, L"__nameid_version1.0", NULL, STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                      NULL, 0, &child);
    assert_hr_equal(S_OK, hr);
    entry[0] = 0x100;
    entry[1] = (0 << 16) | (1 << 1) | 1; /* a string at offset 0x100 of an empty stream */
    write_stream(child, L"__substg1.0_00030102", entry, 8);
    child->lpVtbl->Release(child);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, open_result(storage));
    hr = storage->lpVtbl->OpenStorage(storage, L"__nameid_version1.0", NULL, STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                      NULL, 0, &child);
    assert_hr_equal(S_OK, hr);
    entry[0] = 5;
    entry[1] = (0x7fff << 16) | (1 << 1); /* past the identifiers named properties have */
    write_stream(child, L"__substg1.0_00030102", entry, 8);
    child->lpVtbl->Release(child);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, open_result(storage));
    storage->lpVtbl->Release(storage);

    /* Embedded messages nested past any real file. */
    {
        IStorage *chain[81];
        ULONG depth = 0;

        storage = memory_storage();
        chain[depth++] = storage;
        storage->lpVtbl->AddRef(storage);
        for (i = 0; i < 40; i++)
        {
            IStorage *attach, *inner;
            BYTE attach_props[8 + 32] = { 0 };

            ((ULONG *)(attach_props + 8))[0] = PR_ATTACH_METHOD;
            ((ULONG *)(attach_props + 8))[2] = ATTACH_EMBEDDED_MSG;
            ((ULONG *)(attach_props + 24))[0] = PR_ATTACH_DATA_OBJ;
            ((ULONG *)(attach_props + 24))[2] = 0xffffffff;
            hr = chain[depth - 1]->lpVtbl->CreateStorage(chain[depth - 1], L"__attach_version1.0_#00000000",
                                                         STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0,
                                                         &attach);
            assert_hr_equal(S_OK, hr);
            write_stream(attach, L"__properties_version1.0", attach_props, sizeof(attach_props));
            hr = attach->lpVtbl->CreateStorage(attach, L"__substg1.0_3701000D", STGM_CREATE | STGM_READWRITE |
                                               STGM_SHARE_EXCLUSIVE, 0, 0, &inner);
            assert_hr_equal(S_OK, hr);
            chain[depth++] = attach;
            chain[depth++] = inner;
        }
        /* Committed and closed from the inside out. */
        while (depth > 1)
        {
            IStorage *last = chain[--depth];
            last->lpVtbl->Commit(last, 0);
            last->lpVtbl->Release(last);
        }
        chain[0]->lpVtbl->Release(chain[0]);
        assert_hr_equal(MAPI_E_CORRUPT_DATA, open_result(storage));
        storage->lpVtbl->Release(storage);
    }

    /* More attachments than a .msg may have. */
    storage = memory_storage();
    for (i = 0; i < 2049; i++)
    {
        WCHAR name[40];
        swprintf(name, ARRAY_SIZE(name), L"__attach_version1.0_#%08X", i);
        hr = storage->lpVtbl->CreateStorage(storage, name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0,
                                            &child);
        assert_hr_equal(S_OK, hr);
        child->lpVtbl->Release(child);
    }
    assert_hr_equal(MAPI_E_CORRUPT_DATA, open_result(storage));
    storage->lpVtbl->Release(storage);
}

/* Every byte of a property stream changed in turn: never a crash, only S_OK or an error. */
static void test_mutated_props(void **state)
{
    BYTE *data;
    ULONG size, i, bit;
    IStorage *source = open_storage_file("out/roundtrip.msg", STGM_READ);
    IStream *stream;
    STATSTG stat;
    unsigned int failures = 0;

    assert_hr_equal(S_OK, source->lpVtbl->OpenStream(source, L"__properties_version1.0", NULL,
                                                     STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream));
    stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME);
    size = stat.cbSize.u.LowPart;
    data = malloc(size);
    stream->lpVtbl->Read(stream, data, size, NULL);
    stream->lpVtbl->Release(stream);
    for (i = 32; i < size; i++)
    {
        for (bit = 0; bit < 8; bit += 3)
        {
            IStorage *copy = memory_storage();
            SCODE sc;

            assert_hr_equal(S_OK, source->lpVtbl->CopyTo(source, 0, NULL, NULL, copy));
            data[i] ^= 1 << bit;
            write_stream(copy, L"__properties_version1.0", data, size);
            data[i] ^= 1 << bit;
            sc = open_result(copy);
            if (FAILED(sc)) failures++;
            assert_true(sc == S_OK || sc == MAPI_E_CORRUPT_DATA || sc == MAPI_E_NOT_ENOUGH_MEMORY);
            copy->lpVtbl->Release(copy);
        }
    }
    free(data);
    source->lpVtbl->Release(source);
    /* Most changes still leave a message to read. */
    assert_true(failures < size * 3 / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_session),
        cmocka_unit_test(test_open_bad_args),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_named_props),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_attachments),
        cmocka_unit_test(test_recipients),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_release_callback),
        cmocka_unit_test(test_copy_to),
        cmocka_unit_test(test_misc_methods),
        cmocka_unit_test(test_sample_files),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_mutated_props),
    };
    int result;

    CoInitialize(NULL);
    out_dir();
    result = cmocka_run_group_tests(tests, NULL, NULL);
    CoUninitialize();
    return result;
}
