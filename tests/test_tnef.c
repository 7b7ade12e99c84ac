/*
 * TNEF: encoding a message (with recipients, attachments, an embedded
 * message) and decoding it back, the flags of AddProps and ExtractProps,
 * GetTnefStreamCodepage, libytnef's sample streams with the values its tests
 * expect, truncated or corrupt streams, OpenTaggedBody's attachment tags, and
 * the down-level attributes (attFrom...) with OpenTnefStreamEx's address book.
 *
 * test_encode_file leaves out/winmail.dat and its attachments for
 * tests/msgtools.sh, which has Debian's tnef unpack it.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"

#include "mapi32_test.h"
#include "mapidefs_sdk.h"
#include "mapiab.h"
#include "tnef.h"
#include "msg_test.h"

#define FILE1_SIZE 3000
#define FILE2_SIZE 70001

static IMessage *new_message(IStorage **storage)
{
    ILockBytes *bytes;

    assert_hr_equal(S_OK, CreateILockBytesOnHGlobal(NULL, TRUE, &bytes));
    assert_hr_equal(S_OK, StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                                       0, storage));
    bytes->lpVtbl->Release(bytes);
    return open_message(*storage, 0);
}

static void add_file(IMessage *message, const WCHAR *name, ULONG size, ULONG seed)
{
    BYTE *data = malloc(size);
    IAttach *attach;
    ULONG num;

    fill_pattern(data, size, seed);
    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach));
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_string_w((IMAPIProp *)attach, PR_ATTACH_FILENAME_W, name);
    set_string_w((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, name);
    set_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, data, size);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);
    free(data);
}

static void build_message(IMessage *message)
{
    static const MAPINAMEID name = { (GUID *)&PS_PUBLIC_STRINGS, MNID_STRING, { .lpwstrName = (WCHAR *)L"X-Named" } };
    MAPINAMEID *names[1] = { (MAPINAMEID *)&name };
    SizedADRLIST(1, list);
    SPropValue values[3], value;
    SPropTagArray *tags;
    IAttach *attach;
    IMessage *inner;
    ULONG num;

    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"TNEF subject \x00e9");
    set_string_w((IMAPIProp *)message, PR_BODY_W, L"TNEF body");
    set_string_a((IMAPIProp *)message, PR_MESSAGE_CLASS_A, "IPM.Note");
    set_long((IMAPIProp *)message, PR_IMPORTANCE, IMPORTANCE_HIGH);
    value.ulPropTag = PR_CLIENT_SUBMIT_TIME;
    value.Value.ft.dwLowDateTime = 0xd53e8000;
    value.Value.ft.dwHighDateTime = 0x01c7feb7;
    set_prop((IMAPIProp *)message, &value);
    assert_hr_equal(S_OK, message->lpVtbl->GetIDsFromNames(message, 1, names, MAPI_CREATE, &tags));
    set_string_w((IMAPIProp *)message, CHANGE_PROP_TYPE(tags->aulPropTag[0], PT_UNICODE), L"named value");
    MAPIFreeBuffer(tags);

    values[0].ulPropTag = PR_DISPLAY_NAME_W;
    values[0].Value.lpszW = (WCHAR *)L"Someone";
    values[1].ulPropTag = PR_EMAIL_ADDRESS_W;
    values[1].Value.lpszW = (WCHAR *)L"someone@example.org";
    values[2].ulPropTag = PR_RECIPIENT_TYPE;
    values[2].Value.l = MAPI_TO;
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 3;
    list.aEntries[0].rgPropVals = values;
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, 0, (ADRLIST *)&list));

    add_file(message, L"first.bin", FILE1_SIZE, 11);
    add_file(message, L"second file.dat", FILE2_SIZE, 12);

    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach));
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_EMBEDDED_MSG);
    assert_hr_equal(S_OK, attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0,
                                                       MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&inner));
    set_string_w((IMAPIProp *)inner, PR_SUBJECT_W, L"Embedded");
    add_file(inner, L"inner.txt", 10, 13);
    assert_hr_equal(S_OK, inner->lpVtbl->SaveChanges(inner, 0));
    inner->lpVtbl->Release(inner);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);
}

static IStream *encode(IMessage *message, ULONG flags, BOOL recips)
{
    SizedSPropTagArray(1, excluded) = { 1, { PR_SENDER_NAME_W } };
    STnefProblemArray *problems = NULL;
    IStream *stream;
    ITnef *tnef;
    WORD key = 0;
    HRESULT hr;

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    hr = OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_ENCODE | flags, message, 0x1234, &tnef);
    assert_hr_equal(S_OK, hr);
    assert_hr_equal(S_OK, tnef->lpVtbl->AddProps(tnef, TNEF_PROP_EXCLUDE, 0, NULL, (SPropTagArray *)&excluded));
    if (recips) assert_hr_equal(S_OK, tnef->lpVtbl->EncodeRecips(tnef, 0, NULL));
    hr = tnef->lpVtbl->Finish(tnef, 0, &key, &problems);
    assert_hr_equal(S_OK, hr);
    assert_int_equal(key, 0x1234);
    MAPIFreeBuffer(problems);
    tnef->lpVtbl->Release(tnef);
    stream->lpVtbl->Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    return stream;
}

static IMessage *decode(IStream *stream, ULONG flags, SPropTagArray *tags, IStorage **storage, HRESULT *result)
{
    IMessage *message = new_message(storage);
    STnefProblemArray *problems = NULL;
    ITnef *tnef;
    HRESULT hr;

    stream->lpVtbl->Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    hr = OpenTnefStream(NULL, stream, NULL, TNEF_DECODE, message, 0, &tnef);
    assert_hr_equal(S_OK, hr);
    *result = tnef->lpVtbl->ExtractProps(tnef, flags, tags, &problems);
    MAPIFreeBuffer(problems);
    tnef->lpVtbl->Release(tnef);
    return message;
}

static void check_attachment(IMessage *message, ULONG num, const WCHAR *name, ULONG size, ULONG seed)
{
    BYTE *data = malloc(size);
    IAttach *attach;

    fill_pattern(data, size, seed);
    assert_hr_equal(S_OK, message->lpVtbl->OpenAttach(message, num, NULL, 0, &attach));
    check_string_w((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, name);
    check_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, data, size);
    attach->lpVtbl->Release(attach);
    free(data);
}

static void test_round_trip(void **state)
{
    static const MAPINAMEID name = { (GUID *)&PS_PUBLIC_STRINGS, MNID_STRING, { .lpwstrName = (WCHAR *)L"X-Named" } };
    MAPINAMEID *names[1] = { (MAPINAMEID *)&name };
    IStorage *source_storage, *storage;
    IMessage *source, *message, *inner;
    IMAPITable *table;
    SPropTagArray *tags;
    IAttach *attach;
    IStream *stream;
    HRESULT hr;

    source = new_message(&source_storage);
    build_message(source);
    set_string_w((IMAPIProp *)source, PR_SENDER_NAME_W, L"excluded");
    stream = encode(source, 0, TRUE);
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);

    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"TNEF subject \x00e9");
    check_string_w((IMAPIProp *)message, PR_BODY_W, L"TNEF body");
    check_string_w((IMAPIProp *)message, PR_MESSAGE_CLASS_W, L"IPM.Note");
    check_long((IMAPIProp *)message, PR_IMPORTANCE, IMPORTANCE_HIGH);
    assert_null(get_prop((IMAPIProp *)message, PR_SENDER_NAME_W)); /* AddProps excluded it */
    assert_hr_equal(S_OK, message->lpVtbl->GetIDsFromNames(message, 1, names, 0, &tags));
    check_string_w((IMAPIProp *)message, CHANGE_PROP_TYPE(tags->aulPropTag[0], PT_UNICODE), L"named value");
    MAPIFreeBuffer(tags);

    assert_hr_equal(S_OK, message->lpVtbl->GetRecipientTable(message, 0, &table));
    assert_int_equal(count_rows(table), 1);
    table->lpVtbl->Release(table);
    assert_hr_equal(S_OK, message->lpVtbl->GetAttachmentTable(message, 0, &table));
    assert_int_equal(count_rows(table), 3);
    table->lpVtbl->Release(table);
    check_attachment(message, 0, L"first.bin", FILE1_SIZE, 11);
    check_attachment(message, 1, L"second file.dat", FILE2_SIZE, 12);
    assert_hr_equal(S_OK, message->lpVtbl->OpenAttach(message, 2, NULL, 0, &attach));
    hr = attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&inner);
    assert_hr_equal(S_OK, hr);
    check_string_w((IMAPIProp *)inner, PR_SUBJECT_W, L"Embedded");
    check_attachment(inner, 0, L"inner.txt", 10, 13);
    inner->lpVtbl->Release(inner);
    attach->lpVtbl->Release(attach);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    /* ExtractProps' filters: the message alone, or some properties only. */
    {
        SizedSPropTagArray(1, only) = { 1, { PR_SUBJECT_W } };

        message = decode(stream, TNEF_PROP_MESSAGE_ONLY, NULL, &storage, &hr);
        assert_hr_equal(S_OK, hr);
        assert_hr_equal(S_OK, message->lpVtbl->GetAttachmentTable(message, 0, &table));
        assert_int_equal(count_rows(table), 0);
        table->lpVtbl->Release(table);
        message->lpVtbl->Release(message);
        storage->lpVtbl->Release(storage);

        message = decode(stream, TNEF_PROP_INCLUDE | TNEF_PROP_MESSAGE_ONLY, (SPropTagArray *)&only, &storage, &hr);
        assert_hr_equal(S_OK, hr);
        check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"TNEF subject \x00e9");
        assert_null(get_prop((IMAPIProp *)message, PR_BODY_W));
        message->lpVtbl->Release(message);
        storage->lpVtbl->Release(storage);
    }

    stream->lpVtbl->Release(stream);
    source->lpVtbl->Release(source);
    source_storage->lpVtbl->Release(source_storage);
}

static void test_pure(void **state)
{
    IStorage *source_storage, *storage;
    IMessage *source = new_message(&source_storage), *message;
    IStream *stream;
    HRESULT hr;

    build_message(source);
    stream = encode(source, TNEF_PURE, FALSE);
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"TNEF subject \x00e9");
    check_attachment(message, 1, L"second file.dat", FILE2_SIZE, 12);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);
    source->lpVtbl->Release(source);
    source_storage->lpVtbl->Release(source_storage);
}

static void test_bad_args(void **state)
{
    IStorage *storage;
    IMessage *message = new_message(&storage);
    IStream *stream;
    ITnef *tnef = (ITnef *)1;
    HRESULT hr;

    CreateStreamOnHGlobal(NULL, TRUE, &stream);
    hr = OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_ENCODE, message, 1, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = OpenTnefStream(NULL, NULL, (char *)"winmail.dat", TNEF_ENCODE, message, 1, &tnef);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    assert_null(tnef);
    hr = OpenTnefStream(NULL, stream, NULL, TNEF_ENCODE, message, 1, &tnef);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = OpenTnefStream(NULL, stream, (char *)"bad:name", TNEF_ENCODE, message, 1, &tnef);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = OpenTnefStream(NULL, stream, (char *)"winmail.dat", 0x100, message, 1, &tnef);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, hr);
    hr = OpenTnefStreamEx(NULL, stream, (char *)"winmail.dat", TNEF_ENCODE, message, 1, NULL, &tnef);
    assert_hr_equal(S_OK, hr);
    hr = tnef->lpVtbl->AddProps(tnef, 0x1000000, 0, NULL, NULL);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, hr);
    hr = tnef->lpVtbl->AddProps(tnef, TNEF_PROP_INCLUDE, 0, NULL, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, hr);
    hr = tnef->lpVtbl->ExtractProps(tnef, 0, NULL, NULL);
    assert_hr_equal(MAPI_E_NO_ACCESS, hr); /* an encoder does not decode */
    hr = tnef->lpVtbl->FinishComponent(tnef, TNEF_COMPONENT_MESSAGE, 0, NULL, NULL, NULL, NULL);
    assert_hr_equal(MAPI_E_NO_SUPPORT, hr);
    tnef->lpVtbl->Release(tnef);
    hr = OpenTnefStream(NULL, stream, NULL, TNEF_DECODE, message, 0, &tnef);
    assert_hr_equal(S_OK, hr);
    hr = tnef->lpVtbl->AddProps(tnef, TNEF_PROP_EXCLUDE, 0, NULL, NULL);
    assert_hr_equal(MAPI_E_NO_ACCESS, hr);
    tnef->lpVtbl->Release(tnef);
    stream->lpVtbl->Release(stream);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

static void test_set_props_and_components(void **state)
{
    IStorage *source_storage, *storage;
    IMessage *source = new_message(&source_storage), *message;
    SPropValue value;
    IStream *stream;
    ITnef *tnef;
    HRESULT hr;

    build_message(source);
    CreateStreamOnHGlobal(NULL, TRUE, &stream);
    hr = OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_ENCODE | TNEF_COMPONENT_ENCODING, source, 7, &tnef);
    assert_hr_equal(S_OK, hr);
    value.ulPropTag = PR_SUBJECT_W;
    value.Value.lpszW = (WCHAR *)L"replaced by SetProps";
    assert_hr_equal(S_OK, tnef->lpVtbl->SetProps(tnef, 0, 0, 1, &value));
    hr = tnef->lpVtbl->FinishComponent(tnef, TNEF_COMPONENT_ATTACHMENT, 0, NULL, NULL, NULL, NULL);
    assert_hr_equal(MAPI_E_CALL_FAILED, hr); /* the message comes first */
    assert_hr_equal(S_OK, tnef->lpVtbl->FinishComponent(tnef, TNEF_COMPONENT_MESSAGE, 0, NULL, NULL, NULL, NULL));
    assert_hr_equal(S_OK, tnef->lpVtbl->FinishComponent(tnef, TNEF_COMPONENT_ATTACHMENT, 1, NULL, NULL, NULL, NULL));
    assert_hr_equal(S_OK, tnef->lpVtbl->Finish(tnef, 0, NULL, NULL));
    tnef->lpVtbl->Release(tnef);

    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"replaced by SetProps");
    {
        IMAPITable *table;
        assert_hr_equal(S_OK, message->lpVtbl->GetAttachmentTable(message, 0, &table));
        assert_int_equal(count_rows(table), 1);
        table->lpVtbl->Release(table);
    }
    check_attachment(message, 0, L"second file.dat", FILE2_SIZE, 12);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);
    source->lpVtbl->Release(source);
    source_storage->lpVtbl->Release(source_storage);
}

static void test_codepage(void **state)
{
    IStorage *source_storage;
    IMessage *source = new_message(&source_storage);
    ULONG codepage = 0, sub = 1;
    IStream *stream, *junk;

    set_string_w((IMAPIProp *)source, PR_SUBJECT_W, L"x");
    stream = encode(source, 0, FALSE);
    assert_hr_equal(S_OK, GetTnefStreamCodepage(stream, &codepage, &sub));
    assert_int_equal(codepage, GetACP());
    assert_int_equal(sub, 0);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, GetTnefStreamCodepage(NULL, &codepage, &sub));
    CreateStreamOnHGlobal(NULL, TRUE, &junk);
    junk->lpVtbl->Write(junk, "not tnef at all", 15, NULL);
    junk->lpVtbl->Seek(junk, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, GetTnefStreamCodepage(junk, &codepage, &sub));
    junk->lpVtbl->Release(junk);
    stream->lpVtbl->Release(stream);
    source->lpVtbl->Release(source);
    source_storage->lpVtbl->Release(source_storage);
}

/* Leaves a winmail.dat and its attachments for tests/msgtools.sh. */
static void test_encode_file(void **state)
{
    IStorage *source_storage;
    IMessage *source = new_message(&source_storage);
    IStream *stream;
    STATSTG stat;
    BYTE *data;
    ULONG got;

    build_message(source);
    stream = encode(source, 0, TRUE);
    stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME);
    data = malloc(stat.cbSize.u.LowPart);
    stream->lpVtbl->Read(stream, data, stat.cbSize.u.LowPart, &got);
    assert_int_equal(got, stat.cbSize.u.LowPart);
    out_dir();
    write_file("out/winmail.dat", data, got);
    free(data);
    data = malloc(FILE2_SIZE);
    fill_pattern(data, FILE1_SIZE, 11);
    write_file("out/tnef_first.bin", data, FILE1_SIZE);
    fill_pattern(data, FILE2_SIZE, 12);
    write_file("out/tnef_second file.dat", data, FILE2_SIZE);
    free(data);
    stream->lpVtbl->Release(stream);
    source->lpVtbl->Release(source);
    source_storage->lpVtbl->Release(source_storage);
}

static IStream *file_stream(const char *package_file)
{
    char path[MAX_PATH];
    IStream *stream;
    BYTE *data;
    ULONG size;

    assert_true(testdata_path(path, sizeof(path), "libytnef/test-data", package_file));
    data = read_file(path, &size);
    assert_non_null(data);
    CreateStreamOnHGlobal(NULL, TRUE, &stream);
    stream->lpVtbl->Write(stream, data, size, NULL);
    stream->lpVtbl->Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    free(data);
    return stream;
}

/* The attachment named name holds the bytes of libytnef's results/<name>. */
static void check_result_file(IMessage *message, const char *name, const char *result)
{
    char path[MAX_PATH], attach_name[MAX_PATH];
    IMAPITable *table;
    SRowSet *rows;
    BYTE *expected;
    ULONG size, i, j;
    BOOL found = FALSE;

    assert_true(testdata_path(path, sizeof(path), "libytnef/test-data/results", result ? result : name));
    expected = read_file(path, &size);
    assert_hr_equal(S_OK, message->lpVtbl->GetAttachmentTable(message, 0, &table));
    assert_hr_equal(S_OK, table->lpVtbl->QueryRows(table, 100, 0, &rows));
    for (i = 0; i < rows->cRows && !found; i++)
    {
        LONG num = -1;
        IAttach *attach;
        SPropValue *value;

        for (j = 0; j < rows->aRow[i].cValues; j++)
            if (rows->aRow[i].lpProps[j].ulPropTag == PR_ATTACH_NUM) num = rows->aRow[i].lpProps[j].Value.l;
        assert_hr_equal(S_OK, message->lpVtbl->OpenAttach(message, num, NULL, 0, &attach));
        value = get_prop((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W);
        if (!value) value = get_prop((IMAPIProp *)attach, PR_ATTACH_FILENAME_W);
        if (value)
        {
            WideCharToMultiByte(CP_ACP, 0, value->Value.lpszW, -1, attach_name, sizeof(attach_name), NULL, NULL);
            MAPIFreeBuffer(value);
            if (!strcmp(attach_name, name))
            {
                found = TRUE;
                check_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, expected, size);
            }
        }
        attach->lpVtbl->Release(attach);
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    free(expected);
    if (!found) print_error("no attachment %s\n", name);
    assert_true(found);
}

/* libytnef's test-data, and what its test.sh expects of it. */
static void test_sample_files(void **state)
{
    IStorage *storage;
    IMessage *message;
    SPropValue *value;
    IStream *stream;
    HRESULT hr;

    stream = file_stream("winmail.dat");
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    check_result_file(message, "zappa_av1.jpg", NULL);
    check_result_file(message, "bookmark.htm", NULL);
    /* PR_RTF_SYNC_BODY_CRC 872404792, PR_RTF_SYNC_BODY_COUNT 90, the delivery time of 17 June 2003 15:23. */
    check_long((IMAPIProp *)message, PR_RTF_SYNC_BODY_CRC, 872404792);
    check_long((IMAPIProp *)message, PR_RTF_SYNC_BODY_COUNT, 90);
    value = get_prop((IMAPIProp *)message, PR_MESSAGE_DELIVERY_TIME);
    assert_non_null(value);
    {
        SYSTEMTIME st;
        FileTimeToSystemTime(&value->Value.ft, &st);
        assert_int_equal(st.wYear, 2003);
        assert_int_equal(st.wMonth, 6);
        assert_int_equal(st.wDay, 17);
    }
    MAPIFreeBuffer(value);
    value = get_prop((IMAPIProp *)message, PR_RTF_COMPRESSED);
    assert_non_null(value);
    MAPIFreeBuffer(value);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);

    stream = file_stream("one-file.tnef");
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    check_result_file(message, "AUTHORS", NULL);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);

    stream = file_stream("long-filename.tnef");
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    check_result_file(message, "allproductsmar2000.dat", NULL);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);

    stream = file_stream("multi-value-attribute.tnef");
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    check_result_file(message, "208225 (5 seconds) Voice Mail.mp3", "208225_(5_seconds)_Voice_Mail.mp3");
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);

    stream = file_stream("missing-filenames.tnef");
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    check_result_file(message, "generpts.src", NULL);
    check_result_file(message, "TechlibNOV99.doc", NULL);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);

    stream = file_stream("rtf.tnef");
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(S_OK, hr);
    value = get_prop((IMAPIProp *)message, PR_RTF_COMPRESSED);
    assert_non_null(value);
    MAPIFreeBuffer(value);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);

    /* ytnef's own out-of-bounds case: a field of size 0 where one is needed. */
    stream = file_stream("ytnef-oob-TNEFVersion-SwapWord");
    message = decode(stream, 0, NULL, &storage, &hr);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, hr);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
    stream->lpVtbl->Release(stream);
}

/* Every truncation, and a mutation at each byte: an error or a message, never a crash. */
static void test_corrupt(void **state)
{
    IStorage *source_storage, *storage;
    IMessage *source = new_message(&source_storage), *message;
    IStream *stream, *bad;
    STATSTG stat;
    BYTE *data;
    ULONG size, i, failures = 0;
    HRESULT hr;

    set_string_w((IMAPIProp *)source, PR_SUBJECT_W, L"short");
    add_file(source, L"a.bin", 40, 1);
    stream = encode(source, 0, TRUE);
    stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME);
    size = stat.cbSize.u.LowPart;
    data = malloc(size);
    stream->lpVtbl->Read(stream, data, size, NULL);

    for (i = 0; i < size; i += 3)
    {
        CreateStreamOnHGlobal(NULL, TRUE, &bad);
        bad->lpVtbl->Write(bad, data, i, NULL);
        message = decode(bad, 0, NULL, &storage, &hr);
        /* A cut between two attributes leaves a shorter stream that is whole. */
        assert_true(hr == S_OK || hr == MAPI_E_CORRUPT_DATA);
        if (FAILED(hr)) failures++;
        message->lpVtbl->Release(message);
        storage->lpVtbl->Release(storage);
        bad->lpVtbl->Release(bad);
    }
    assert_true(failures > size / 6);
    failures = 0;
    for (i = 0; i < size; i++)
    {
        data[i] ^= 0x5a;
        CreateStreamOnHGlobal(NULL, TRUE, &bad);
        bad->lpVtbl->Write(bad, data, size, NULL);
        message = decode(bad, 0, NULL, &storage, &hr);
        assert_true(SUCCEEDED(hr) || hr == MAPI_E_CORRUPT_DATA || hr == MAPI_E_NOT_ENOUGH_MEMORY ||
                    hr == MAPI_E_INVALID_PARAMETER);
        if (FAILED(hr)) failures++;
        message->lpVtbl->Release(message);
        storage->lpVtbl->Release(storage);
        bad->lpVtbl->Release(bad);
        data[i] ^= 0x5a;
    }
    assert_true(failures > 0);

    /* A count of properties far past the data. */
    {
        static const BYTE header[] = { 0x78, 0x9f, 0x3e, 0x22, 0, 0 };
        BYTE attribute[1 + 4 + 4 + 4 + 2] = { LVL_MESSAGE, 0x03, 0x90, 0x06, 0x00, 4, 0, 0, 0,
                                              0xff, 0xff, 0xff, 0x7f, 0, 0 };
        WORD sum = 0xff * 3 + 0x7f;

        attribute[13] = sum;
        attribute[14] = sum >> 8;
        CreateStreamOnHGlobal(NULL, TRUE, &bad);
        bad->lpVtbl->Write(bad, header, sizeof(header), NULL);
        bad->lpVtbl->Write(bad, attribute, sizeof(attribute), NULL);
        message = decode(bad, 0, NULL, &storage, &hr);
        assert_hr_equal(MAPI_E_CORRUPT_DATA, hr);
        message->lpVtbl->Release(message);
        storage->lpVtbl->Release(storage);
        bad->lpVtbl->Release(bad);
    }
    free(data);
    stream->lpVtbl->Release(stream);
    source->lpVtbl->Release(source);
    source_storage->lpVtbl->Release(source_storage);
}

static ULONG add_tagged_attach(IMessage *message, ULONG method, const WCHAR *name, const WCHAR *transport,
                               LONG position)
{
    IAttach *attach;
    ULONG num;

    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach));
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, method);
    set_long((IMAPIProp *)attach, PR_RENDERING_POSITION, position);
    if (name) set_string_w((IMAPIProp *)attach, PR_ATTACH_LONG_FILENAME_W, name);
    if (transport) set_string_w((IMAPIProp *)attach, PR_ATTACH_TRANSPORT_NAME_W, transport);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);
    return num;
}

static void check_position(IMessage *message, ULONG num, LONG expected)
{
    IAttach *attach;

    assert_hr_equal(S_OK, message->lpVtbl->OpenAttach(message, num, NULL, 0, &attach));
    check_long((IMAPIProp *)attach, PR_RENDERING_POSITION, expected);
    attach->lpVtbl->Release(attach);
}

static char *read_all(IStream *stream)
{
    static char text[1024];
    ULONG read = 0;

    assert_hr_equal(S_OK, stream->lpVtbl->Read(stream, text, sizeof(text) - 1, &read));
    text[read] = 0;
    return text;
}

/* OpenTaggedBody: tags where the attachments render, read; rendering positions from tags, written. */
static void test_tagged_body(void **state)
{
    static const char written[] =
        "New text [[ b.doc : 260 in B.DOC ]] then [[a.txt:257 in winmail.dat]] end [[ bogus : 999 in x ]].";
    IStorage *storage;
    IMessage *message = new_message(&storage);
    IStream *encoded, *stream, *clone;
    ULONG num[4], size;
    LARGE_INTEGER zero = { { 0 } };
    ITnef *tnef;
    char *text;

    /* X, Y and Z mark where the attachments render: 7, 16 and 22. */
    set_string_w((IMAPIProp *)message, PR_BODY_W, L"Before X middle Y and Z after.");
    num[0] = add_tagged_attach(message, ATTACH_BY_VALUE, L"a.txt", NULL, 7);
    num[1] = add_tagged_attach(message, ATTACH_OLE, NULL, L"IGNORED.DAT", 16);
    num[2] = add_tagged_attach(message, ATTACH_BY_VALUE, L"hidden.bin", NULL, -1);
    num[3] = add_tagged_attach(message, ATTACH_BY_VALUE, L"b.doc", L"B.DOC", 22);

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &encoded));
    assert_hr_equal(S_OK, OpenTnefStream(NULL, encoded, (char *)"winmail.dat", TNEF_ENCODE, message, 256, &tnef));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, tnef->lpVtbl->OpenTaggedBody(tnef, NULL, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, tnef->lpVtbl->OpenTaggedBody(tnef, NULL, 0x100, &stream));
    assert_null(stream);

    /* Read: the key counts on from 256; an OLE object is in the TNEF stream, a file in its transport name. */
    assert_hr_equal(S_OK, tnef->lpVtbl->OpenTaggedBody(tnef, NULL, 0, &stream));
    assert_hr_equal(S_OK, stream->lpVtbl->Clone(stream, &clone));
    text = read_all(stream);
    assert_string_equal(text, "Before [[ a.txt : 257 in winmail.dat ]] middle [[ OLE Object : 258 in winmail.dat ]]"
                              " and [[ b.doc : 260 in B.DOC ]] after.");
    assert_string_equal(read_all(clone), "Before [[ a.txt : 257 in winmail.dat ]] middle [[ OLE Object : 258 in "
                                         "winmail.dat ]] and [[ b.doc : 260 in B.DOC ]] after.");
    clone->lpVtbl->Release(clone);
    assert_hr_equal(STG_E_ACCESSDENIED, stream->lpVtbl->Write(stream, "x", 1, NULL));
    assert_hr_equal(STG_E_ACCESSDENIED, stream->lpVtbl->Commit(stream, 0));
    stream->lpVtbl->Release(stream);
    /* The message's own text is as it was. */
    check_string_w((IMAPIProp *)message, PR_BODY_W, L"Before X middle Y and Z after.");

    /* Written: each tag becomes a space and its attachment's rendering position; a tag naming
     * no attachment stays text, and the attachments without a tag stay where they were. */
    assert_hr_equal(S_OK, tnef->lpVtbl->OpenTaggedBody(tnef, message, MAPI_CREATE | MAPI_MODIFY, &stream));
    assert_string_equal(read_all(stream), "");
    assert_hr_equal(S_OK, stream->lpVtbl->Write(stream, written, sizeof(written) - 1, &size));
    assert_int_equal(size, sizeof(written) - 1);
    assert_hr_equal(S_OK, stream->lpVtbl->Commit(stream, 0));
    stream->lpVtbl->Release(stream);
    check_string_w((IMAPIProp *)message, PR_BODY_W, L"New text   then   end [[ bogus : 999 in x ]].");
    check_position(message, num[3], 9);
    check_position(message, num[0], 16);
    check_position(message, num[1], 16);
    check_position(message, num[2], -1);

    /* MAPI_MODIFY alone: the tagged text to change, which reads back as it was tagged. */
    assert_hr_equal(S_OK, tnef->lpVtbl->OpenTaggedBody(tnef, NULL, MAPI_MODIFY, &stream));
    text = read_all(stream);
    assert_string_equal(text, "New text [[ b.doc : 260 in B.DOC ]] then [[ a.txt : 257 in winmail.dat ]] end "
                              "[[ bogus : 999 in x ]].");
    stream->lpVtbl->Seek(stream, zero, STREAM_SEEK_SET, NULL);
    assert_hr_equal(S_OK, stream->lpVtbl->Commit(stream, 0));
    stream->lpVtbl->Release(stream);
    check_string_w((IMAPIProp *)message, PR_BODY_W, L"New text   then   end [[ bogus : 999 in x ]].");
    check_position(message, num[3], 9);
    check_position(message, num[0], 16);
    /* The OLE object shares position 16 with a.txt, which has the tag there now. */
    check_position(message, num[1], 16);

    tnef->lpVtbl->Release(tnef);
    encoded->lpVtbl->Release(encoded);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

/* An address book that makes one-off entry identifiers and nothing else: "ONEOFF:" and the address. */
static LONG one_offs_made;

static HRESULT WINAPI book_QueryInterface(IAddrBook *iface, REFIID riid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI book_AddRef(IAddrBook *iface)
{
    return 2;
}

static ULONG WINAPI book_Release(IAddrBook *iface)
{
    return 1;
}

static HRESULT WINAPI book_CreateOneOff(IAddrBook *iface, WINE_LPTSTR name, WINE_LPTSTR type, WINE_LPTSTR address,
                                        ULONG flags, ULONG *size, ENTRYID **entry_id)
{
    char text[128];

    assert_int_equal(flags & MAPI_UNICODE, MAPI_UNICODE);
    one_offs_made++;
    *size = snprintf(text, sizeof(text), "ONEOFF:%ls:%ls", (WCHAR *)type, (WCHAR *)address) + 1;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(*size, (void **)entry_id));
    memcpy(*entry_id, text, *size);
    return S_OK;
}

static HRESULT WINAPI book_not_here(void)
{
    return E_NOTIMPL;
}

static IAddrBook *fake_address_book(void)
{
    static union
    {
        IAddrBookVtbl vtbl;
        void *slots[sizeof(IAddrBookVtbl) / sizeof(void *)];
    } table;
    static IAddrBook book = { &table.vtbl };
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(table.slots); i++) table.slots[i] = book_not_here;
    table.vtbl.QueryInterface = book_QueryInterface;
    table.vtbl.AddRef = book_AddRef;
    table.vtbl.Release = book_Release;
    table.vtbl.CreateOneOff = book_CreateOneOff;
    return &book;
}

/* The data of the first message attribute id in a TNEF stream, or NULL. */
static const BYTE *find_attribute(const BYTE *data, ULONG size, ULONG id, ULONG *length)
{
    ULONG pos = 6;

    while (pos + 9 <= size)
    {
        ULONG this_id = data[pos + 1] | data[pos + 2] << 8 | data[pos + 3] << 16 | (ULONG)data[pos + 4] << 24;
        ULONG this_length = data[pos + 5] | data[pos + 6] << 8 | data[pos + 7] << 16 | (ULONG)data[pos + 8] << 24;

        if (this_id == id && data[pos] == LVL_MESSAGE)
        {
            *length = this_length;
            return data + pos + 9;
        }
        pos += 9 + this_length + 2;
    }
    return NULL;
}

/* attFrom, attMessageStatus, attMessageID, attParentID and attConversationID: written from
 * the message's properties, read back into them; with an address book, one-off entry
 * identifiers for the sender and the recipients that lack them. */
static void test_down_level(void **state)
{
    static const BYTE search_key[] = { 0x75, 0x7b, 0xb1, 0x9c, 0xde, 0x93, 0x6a, 0x40,
                                       0x87, 0xd9, 0x0b, 0xb7, 0x84, 0xc5, 0x8e, 0x3b };
    IStorage *storage, *storage2, *storage3;
    IMessage *message = new_message(&storage), *decoded, *plain;
    IMAPITable *table;
    SRowSet *rows;
    SizedADRLIST(1, list);
    SPropValue recip[3], *value;
    IStream *stream;
    ITnef *tnef;
    const BYTE *attribute;
    BYTE *data;
    ULONG size, length, read, i;
    STATSTG stat;
    LARGE_INTEGER zero = { { 0 } };

    set_string_w((IMAPIProp *)message, PR_SENDER_NAME_W, L"Sender Person");
    set_string_w((IMAPIProp *)message, PR_SENDER_ADDRTYPE_W, L"SMTP");
    set_string_w((IMAPIProp *)message, PR_SENDER_EMAIL_ADDRESS_W, L"sender@example.org");
    set_long((IMAPIProp *)message, PR_MESSAGE_FLAGS, MSGFLAG_READ | MSGFLAG_UNSENT | MSGFLAG_HASATTACH);
    set_binary((IMAPIProp *)message, PR_SEARCH_KEY, search_key, sizeof(search_key));
    set_binary((IMAPIProp *)message, PR_PARENT_KEY, "\x01\x02", 2);
    set_binary((IMAPIProp *)message, PR_CONVERSATION_KEY, "\xab\xcd\xef", 3);
    recip[0].ulPropTag = PR_DISPLAY_NAME_W;
    recip[0].Value.lpszW = (WCHAR *)L"Plain Recipient";
    recip[1].ulPropTag = PR_ADDRTYPE_W;
    recip[1].Value.lpszW = (WCHAR *)L"SMTP";
    recip[2].ulPropTag = PR_EMAIL_ADDRESS_W;
    recip[2].Value.lpszW = (WCHAR *)L"plain@example.org";
    list.cEntries = 1;
    list.aEntries[0].ulReserved1 = 0;
    list.aEntries[0].cValues = 3;
    list.aEntries[0].rgPropVals = recip;
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, (ADRLIST *)&list));

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_ENCODE, message, 7, &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->EncodeRecips(tnef, 0, NULL));
    assert_hr_equal(S_OK, tnef->lpVtbl->Finish(tnef, 0, NULL, NULL));
    tnef->lpVtbl->Release(tnef);
    stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME);
    size = stat.cbSize.u.LowPart;
    data = malloc(size);
    stream->lpVtbl->Seek(stream, zero, STREAM_SEEK_SET, NULL);
    stream->lpVtbl->Read(stream, data, size, &read);

    /* attFrom: a one-off triple, the name padded to even, "SMTP:address", a null triple after. */
    attribute = find_attribute(data, size, attFrom, &length);
    assert_non_null(attribute);
    assert_int_equal(attribute[0] | attribute[1] << 8, trpidOneOff);
    assert_int_equal(attribute[4] | attribute[5] << 8, 14);
    assert_int_equal(attribute[6] | attribute[7] << 8, 24);
    assert_int_equal(attribute[2] | attribute[3] << 8, 16 + 14 + 24);
    assert_memory_equal(attribute + 8, "Sender Person\0", 14);
    assert_memory_equal(attribute + 22, "SMTP:sender@example.org\0", 24);
    assert_true(length >= 16 + 14 + 24);
    for (i = 46; i < length; i++) assert_int_equal(attribute[i], 0);
    attribute = find_attribute(data, size, attMessageStatus, &length);
    assert_non_null(attribute);
    assert_int_equal(length, 1);
    assert_int_equal(attribute[0], fmsRead | fmsModified | fmsLocal | fmsHasAttach);
    attribute = find_attribute(data, size, attMessageID, &length);
    assert_non_null(attribute);
    assert_int_equal(length, 33);
    assert_memory_equal(attribute, "757BB19CDE936A4087D90BB784C58E3B", 33);
    attribute = find_attribute(data, size, attParentID, &length);
    assert_memory_equal(attribute, "0102", 5);
    attribute = find_attribute(data, size, attConversationID, &length);
    assert_memory_equal(attribute, "ABCDEF", 7);

    /* For tests/msgtools.sh: Debian's tnef reads the down-level attributes too. */
    write_file("out/tnef_downlevel.dat", data, size);

    /* Without attMAPIProps, only the down-level attributes carry those properties. */
    attribute = find_attribute(data, size, attMAPIProps, &length);
    assert_non_null(attribute);
    memmove((BYTE *)attribute - 9, attribute + length + 2, data + size - (attribute + length + 2));
    size -= 9 + length + 2;
    stream->lpVtbl->Release(stream);
    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(S_OK, stream->lpVtbl->Write(stream, data, size, NULL));

    /* Read with an address book: the sender and the recipient get one-off entry identifiers. */
    decoded = new_message(&storage2);
    stream->lpVtbl->Seek(stream, zero, STREAM_SEEK_SET, NULL);
    one_offs_made = 0;
    assert_hr_equal(S_OK, OpenTnefStreamEx(NULL, stream, (char *)"winmail.dat", TNEF_DECODE, decoded, 7,
                                           fake_address_book(), &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->ExtractProps(tnef, 0, NULL, NULL));
    tnef->lpVtbl->Release(tnef);
    assert_int_equal(one_offs_made, 2);
    check_string_w((IMAPIProp *)decoded, PR_SENDER_NAME_W, L"Sender Person");
    check_string_w((IMAPIProp *)decoded, PR_SENDER_ADDRTYPE_W, L"SMTP");
    check_string_w((IMAPIProp *)decoded, PR_SENDER_EMAIL_ADDRESS_W, L"sender@example.org");
    check_binary((IMAPIProp *)decoded, PR_SENDER_SEARCH_KEY, "SMTP:SENDER@EXAMPLE.ORG", 24);
    check_binary((IMAPIProp *)decoded, PR_SENDER_ENTRYID, "ONEOFF:SMTP:sender@example.org", 31);
    check_long((IMAPIProp *)decoded, PR_MESSAGE_FLAGS, MSGFLAG_READ | MSGFLAG_UNSENT | MSGFLAG_HASATTACH);
    check_binary((IMAPIProp *)decoded, PR_SEARCH_KEY, search_key, sizeof(search_key));
    check_binary((IMAPIProp *)decoded, PR_PARENT_KEY, "\x01\x02", 2);
    check_binary((IMAPIProp *)decoded, PR_CONVERSATION_KEY, "\xab\xcd\xef", 3);
    assert_hr_equal(S_OK, decoded->lpVtbl->GetRecipientTable(decoded, MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, table->lpVtbl->QueryRows(table, 10, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    for (value = NULL, i = 0; i < rows->aRow[0].cValues; i++)
        if (rows->aRow[0].lpProps[i].ulPropTag == PR_ENTRYID) value = &rows->aRow[0].lpProps[i];
    assert_non_null(value);
    assert_int_equal(value->Value.bin.cb, 30);
    assert_memory_equal(value->Value.bin.lpb, "ONEOFF:SMTP:plain@example.org", 30);
    FreeProws(rows);
    table->lpVtbl->Release(table);

    /* Without one: the same, but no entry identifiers. */
    plain = new_message(&storage3);
    stream->lpVtbl->Seek(stream, zero, STREAM_SEEK_SET, NULL);
    assert_hr_equal(S_OK, OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_DECODE, plain, 7, &tnef));
    assert_hr_equal(S_OK, tnef->lpVtbl->ExtractProps(tnef, 0, NULL, NULL));
    tnef->lpVtbl->Release(tnef);
    check_string_w((IMAPIProp *)plain, PR_SENDER_EMAIL_ADDRESS_W, L"sender@example.org");
    assert_null(get_prop((IMAPIProp *)plain, PR_SENDER_ENTRYID));

    /* A damaged attFrom is a problem of the attribute, not of the stream. */
    {
        BYTE *bad = malloc(size);
        STnefProblemArray *problems = NULL;
        IStream *bad_stream;
        ULONG pos;

        memcpy(bad, data, size);
        attribute = find_attribute(bad, size, attFrom, &length);
        pos = attribute - bad;
        bad[pos + 6] = 0xff; /* an address longer than the attribute */
        bad[pos + 7] = 0x7f;
        {
            WORD sum = 0;
            for (i = 0; i < length; i++) sum += bad[pos + i];
            bad[pos + length] = sum;
            bad[pos + length + 1] = sum >> 8;
        }
        assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &bad_stream));
        bad_stream->lpVtbl->Write(bad_stream, bad, size, NULL);
        bad_stream->lpVtbl->Seek(bad_stream, zero, STREAM_SEEK_SET, NULL);
        assert_hr_equal(S_OK, OpenTnefStream(NULL, bad_stream, (char *)"winmail.dat", TNEF_DECODE, plain, 7, &tnef));
        assert_hr_equal(S_OK, tnef->lpVtbl->ExtractProps(tnef, 0, NULL, &problems));
        assert_non_null(problems);
        assert_int_equal(problems->cProblem, 1);
        assert_int_equal(problems->aProblem[0].ulAttribute, attFrom);
        assert_hr_equal(MAPI_E_CORRUPT_DATA, problems->aProblem[0].scode);
        MAPIFreeBuffer(problems);
        tnef->lpVtbl->Release(tnef);
        bad_stream->lpVtbl->Release(bad_stream);
        free(bad);
    }

    free(data);
    stream->lpVtbl->Release(stream);
    plain->lpVtbl->Release(plain);
    storage3->lpVtbl->Release(storage3);
    decoded->lpVtbl->Release(decoded);
    storage2->lpVtbl->Release(storage2);
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_pure),
        cmocka_unit_test(test_bad_args),
        cmocka_unit_test(test_set_props_and_components),
        cmocka_unit_test(test_codepage),
        cmocka_unit_test(test_encode_file),
        cmocka_unit_test(test_sample_files),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_tagged_body),
        cmocka_unit_test(test_down_level),
    };
    int result;

    CoInitialize(NULL);
    result = cmocka_run_group_tests(tests, NULL, NULL);
    CoUninitialize();
    return result;
}
