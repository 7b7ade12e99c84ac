/*
 * msgtool: Outlook .msg files to Internet mail and back, and winmail.dat
 * (TNEF) unpacked, from the command line, through mapi32's IMessage on
 * IStorage and TNEF functions and the transport's MIME code (libmimeconv).
 *
 * Exit codes: 0 done, 1 the conversion failed (the error is printed),
 * 2 the command line is wrong.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mimeconv.h"
#include "shlwapi.h"
#include "imessage.h"
#include "tnef.h"

HRESULT WINAPI HrIStorageFromStream(IUnknown *unk, const IID *iid, ULONG flags, IStorage **storage);

#define EXIT_FAILED 1
#define EXIT_USAGE  2

static const WCHAR usage_text[] =
    L"Usage: msgtool COMMAND ARGUMENTS\n"
    L"\n"
    L"  msg2eml IN.msg OUT.eml         an Outlook .msg file as Internet mail (MIME)\n"
    L"  eml2msg IN.eml OUT.msg         Internet mail as an Outlook .msg file; a winmail.dat\n"
    L"                                 in it is decoded into the message\n"
    L"  unpack WINMAIL.DAT OUTDIR      writes the attachments of a TNEF stream into OUTDIR\n"
    L"                                 (embedded messages as .msg files) and prints the\n"
    L"                                 message's properties, recipients and attachments\n"
    L"  props IN.msg                   prints the properties, recipients and attachments\n"
    L"                                 of a .msg file\n"
    L"\n"
    L"Exit codes: 0 done, 1 the conversion failed, 2 the command line is wrong.\n";

/* Output in UTF-8, whatever the console */
static void print_to(FILE *file, const WCHAR *format, ...)
{
    WCHAR buffer[4096];
    char bytes[3 * ARRAY_SIZE(buffer)];
    va_list args;
    int size;

    va_start(args, format);
    _vsnwprintf(buffer, ARRAY_SIZE(buffer) - 1, format, args);
    va_end(args);
    buffer[ARRAY_SIZE(buffer) - 1] = 0;
    size = WideCharToMultiByte(CP_UTF8, 0, buffer, -1, bytes, sizeof(bytes), NULL, NULL);
    if (size > 1) fwrite(bytes, 1, size - 1, file);
}

#define out(...) print_to(stdout, __VA_ARGS__)
#define err(...) print_to(stderr, __VA_ARGS__)

static int usage_error(const WCHAR *message)
{
    if (message) err(L"msgtool: %s\n\n", message);
    err(L"%s", usage_text);
    return EXIT_USAGE;
}

static const WCHAR *error_name(HRESULT hr)
{
    static WCHAR other[16];
    static const struct { HRESULT hr; const WCHAR *name; } names[] =
    {
        { MAPI_E_CORRUPT_DATA, L"MAPI_E_CORRUPT_DATA: the file is damaged" },
        { MAPI_E_NOT_ENOUGH_MEMORY, L"MAPI_E_NOT_ENOUGH_MEMORY: too big" },
        { MAPI_E_NOT_FOUND, L"MAPI_E_NOT_FOUND" },
        { MAPI_E_NO_ACCESS, L"MAPI_E_NO_ACCESS" },
        { MAPI_E_NO_SUPPORT, L"MAPI_E_NO_SUPPORT" },
        { MAPI_E_INVALID_PARAMETER, L"MAPI_E_INVALID_PARAMETER" },
        { MAPI_E_CALL_FAILED, L"MAPI_E_CALL_FAILED" },
        { MAPI_E_DISK_ERROR, L"MAPI_E_DISK_ERROR" },
        { STG_E_FILENOTFOUND, L"no such file" },
        { STG_E_PATHNOTFOUND, L"no such folder" },
        { STG_E_ACCESSDENIED, L"access denied" },
        { STG_E_FILEALREADYEXISTS, L"not a compound file, so no .msg file" },
        { STG_E_SHAREVIOLATION, L"the file is in use" },
        { 0x80070002, L"no such file" },
        { 0x80070003, L"no such folder" },
        { 0x80070005, L"access denied" },
    };
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (names[i].hr == hr) return names[i].name;
    swprintf(other, ARRAY_SIZE(other), L"error 0x%08lx", (ULONG)hr);
    return other;
}

static int failed(const WCHAR *what, const WCHAR *path, HRESULT hr)
{
    err(L"msgtool: %s %s: %s\n", what, path, error_name(hr));
    return EXIT_FAILED;
}

/***********************************************************************
 * Files
 */

static HRESULT read_whole_file(const WCHAR *path, char **data, size_t *size)
{
    HANDLE file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    LARGE_INTEGER file_size;
    DWORD read;

    *data = NULL;
    if (file == INVALID_HANDLE_VALUE) return HRESULT_FROM_WIN32(GetLastError());
    if (!GetFileSizeEx(file, &file_size) || file_size.QuadPart >= 0x40000000)
    {
        CloseHandle(file);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!(*data = malloc(file_size.QuadPart + 1)))
    {
        CloseHandle(file);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!ReadFile(file, *data, file_size.LowPart, &read, NULL) || read != file_size.LowPart)
    {
        HRESULT hr = HRESULT_FROM_WIN32(GetLastError());
        CloseHandle(file);
        free(*data);
        *data = NULL;
        return FAILED(hr) ? hr : MAPI_E_DISK_ERROR;
    }
    CloseHandle(file);
    (*data)[read] = 0;
    *size = read;
    return S_OK;
}

static HRESULT write_whole_file(const WCHAR *path, const void *data, size_t size)
{
    HANDLE file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written;
    BOOL ok;

    if (file == INVALID_HANDLE_VALUE) return HRESULT_FROM_WIN32(GetLastError());
    ok = WriteFile(file, data, size, &written, NULL) && written == size;
    CloseHandle(file);
    return ok ? S_OK : MAPI_E_DISK_ERROR;
}

/* A .msg file as a message. HrIStorageFromStream checks the compound file
 * before ole32 walks it, so a damaged file is an error, not a hang. */
static HRESULT open_msg_file(const WCHAR *path, IStorage **storage, IMessage **message)
{
    IStream *stream;
    HRESULT hr;

    *storage = NULL;
    *message = NULL;
    static const BYTE signature[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
    BYTE start[8];
    ULONG read = 0;

    if (FAILED(hr = SHCreateStreamOnFileEx(path, STGM_READ | STGM_SHARE_DENY_WRITE, 0, FALSE, NULL, &stream)))
        return hr;
    /* What is no compound file at all gets ole32's word for it, whatever its ILockBytes says. */
    if (FAILED(IStream_Read(stream, start, sizeof(start), &read)) || read != sizeof(start) ||
        memcmp(start, signature, sizeof(start)))
    {
        IStream_Release(stream);
        return STG_E_FILEALREADYEXISTS;
    }
    hr = HrIStorageFromStream((IUnknown *)stream, &IID_IStream, 0, storage);
    IStream_Release(stream);
    if (FAILED(hr)) return hr;
    hr = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, *storage, NULL, 0,
                        0, message);
    if (FAILED(hr))
    {
        IStorage_Release(*storage);
        *storage = NULL;
    }
    return hr;
}

/* A new .msg file with an empty message in it. */
static HRESULT create_msg_file(const WCHAR *path, IStorage **storage, IMessage **message)
{
    HRESULT hr;

    *message = NULL;
    hr = StgCreateDocfile(path, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, storage);
    if (FAILED(hr)) return hr;
    hr = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, *storage, NULL, 0,
                        0, message);
    if (FAILED(hr))
    {
        IStorage_Release(*storage);
        DeleteFileW(path);
    }
    return hr;
}

/* An empty message in memory, for what a TNEF stream decodes into. */
static HRESULT create_memory_message(IStorage **storage, IMessage **message)
{
    ILockBytes *bytes;
    HRESULT hr;

    *message = NULL;
    if (FAILED(hr = CreateILockBytesOnHGlobal(NULL, TRUE, &bytes))) return hr;
    hr = StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, storage);
    ILockBytes_Release(bytes);
    if (FAILED(hr)) return hr;
    hr = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, *storage, NULL, 0,
                        0, message);
    if (FAILED(hr)) IStorage_Release(*storage);
    return hr;
}

/***********************************************************************
 * Printing properties
 */

static const struct { ULONG id; const WCHAR *name; } prop_names[] =
{
    { 0x0002, L"PR_ALTERNATE_RECIPIENT_ALLOWED" }, { 0x0017, L"PR_IMPORTANCE" },
    { 0x001a, L"PR_MESSAGE_CLASS" }, { 0x0023, L"PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED" },
    { 0x0026, L"PR_PRIORITY" }, { 0x0029, L"PR_READ_RECEIPT_REQUESTED" }, { 0x002e, L"PR_ORIGINAL_SENSITIVITY" },
    { 0x0036, L"PR_SENSITIVITY" }, { 0x0037, L"PR_SUBJECT" }, { 0x0039, L"PR_CLIENT_SUBMIT_TIME" },
    { 0x003b, L"PR_SENT_REPRESENTING_SEARCH_KEY" }, { 0x003d, L"PR_SUBJECT_PREFIX" },
    { 0x0041, L"PR_SENT_REPRESENTING_ENTRYID" }, { 0x0042, L"PR_SENT_REPRESENTING_NAME" },
    { 0x0047, L"PR_MESSAGE_SUBMISSION_ID" }, { 0x0064, L"PR_SENT_REPRESENTING_ADDRTYPE" },
    { 0x0065, L"PR_SENT_REPRESENTING_EMAIL_ADDRESS" }, { 0x0070, L"PR_CONVERSATION_TOPIC" },
    { 0x0071, L"PR_CONVERSATION_INDEX" }, { 0x007d, L"PR_TRANSPORT_MESSAGE_HEADERS" },
    { 0x0c15, L"PR_RECIPIENT_TYPE" }, { 0x0c19, L"PR_SENDER_ENTRYID" }, { 0x0c1a, L"PR_SENDER_NAME" },
    { 0x0c1d, L"PR_SENDER_SEARCH_KEY" }, { 0x0c1e, L"PR_SENDER_ADDRTYPE" },
    { 0x0c1f, L"PR_SENDER_EMAIL_ADDRESS" }, { 0x0e01, L"PR_DELETE_AFTER_SUBMIT" },
    { 0x0e02, L"PR_DISPLAY_BCC" }, { 0x0e03, L"PR_DISPLAY_CC" }, { 0x0e04, L"PR_DISPLAY_TO" },
    { 0x0e06, L"PR_MESSAGE_DELIVERY_TIME" }, { 0x0e07, L"PR_MESSAGE_FLAGS" }, { 0x0e08, L"PR_MESSAGE_SIZE" },
    { 0x0e0f, L"PR_RESPONSIBILITY" }, { 0x0e1b, L"PR_HASATTACH" }, { 0x0e1f, L"PR_RTF_IN_SYNC" },
    { 0x0e20, L"PR_ATTACH_SIZE" }, { 0x0e21, L"PR_ATTACH_NUM" }, { 0x0ff9, L"PR_RECORD_KEY" },
    { 0x0ffe, L"PR_OBJECT_TYPE" }, { 0x0fff, L"PR_ENTRYID" }, { 0x1000, L"PR_BODY" },
    { 0x1006, L"PR_RTF_SYNC_BODY_CRC" }, { 0x1007, L"PR_RTF_SYNC_BODY_COUNT" },
    { 0x1008, L"PR_RTF_SYNC_BODY_TAG" }, { 0x1009, L"PR_RTF_COMPRESSED" }, { 0x1013, L"PR_HTML" },
    { 0x1035, L"PR_INTERNET_MESSAGE_ID" }, { 0x3001, L"PR_DISPLAY_NAME" }, { 0x3002, L"PR_ADDRTYPE" },
    { 0x3003, L"PR_EMAIL_ADDRESS" }, { 0x3007, L"PR_CREATION_TIME" }, { 0x3008, L"PR_LAST_MODIFICATION_TIME" },
    { 0x300b, L"PR_SEARCH_KEY" }, { 0x3701, L"PR_ATTACH_DATA" }, { 0x3702, L"PR_ATTACH_ENCODING" },
    { 0x3703, L"PR_ATTACH_EXTENSION" }, { 0x3704, L"PR_ATTACH_FILENAME" }, { 0x3705, L"PR_ATTACH_METHOD" },
    { 0x3707, L"PR_ATTACH_LONG_FILENAME" }, { 0x3708, L"PR_ATTACH_PATHNAME" },
    { 0x3709, L"PR_ATTACH_RENDERING" }, { 0x370b, L"PR_RENDERING_POSITION" },
    { 0x370e, L"PR_ATTACH_MIME_TAG" }, { 0x3712, L"PR_ATTACH_CONTENT_ID" }, { 0x3900, L"PR_DISPLAY_TYPE" },
    { 0x39fe, L"PR_SMTP_ADDRESS" }, { 0x3fde, L"PR_INTERNET_CPID" }, { 0x3ffd, L"PR_MESSAGE_CODEPAGE" },
    { 0x3ff1, L"PR_MESSAGE_LOCALE_ID" }, { 0x5d01, L"PR_SENDER_SMTP_ADDRESS" },
    { 0x5d02, L"PR_SENT_REPRESENTING_SMTP_ADDRESS" }, { 0x5ff6, L"PR_RECIPIENT_DISPLAY_NAME" },
    { 0x5fff, L"PR_RECIPIENT_FLAGS" }, { 0x3000, L"PR_ROWID" },
};

static const WCHAR *prop_name(ULONG tag)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(prop_names); i++)
        if (prop_names[i].id == PROP_ID(tag)) return prop_names[i].name;
    return PROP_ID(tag) >= 0x8000 ? L"(named)" : L"";
}

static void print_string_w(const WCHAR *string)
{
    ULONG i;

    out(L"\"");
    for (i = 0; string[i] && i < 200; i++)
    {
        if (string[i] == '\r') out(L"\\r");
        else if (string[i] == '\n') out(L"\\n");
        else if (string[i] == '\t') out(L"\\t");
        else if (string[i] == '"' || string[i] == '\\') out(L"\\%c", string[i]);
        else out(L"%c", string[i]);
    }
    out(string[i] ? L"\"... (%Iu characters)" : L"\"", wcslen(string));
}

static void print_binary(const SBinary *bin)
{
    ULONG i;

    for (i = 0; i < bin->cb && i < 32; i++) out(L"%02x", bin->lpb[i]);
    if (bin->cb > 32) out(L"... (%lu bytes)", bin->cb);
    else if (!bin->cb) out(L"(empty)");
}

static void print_time(const FILETIME *time)
{
    SYSTEMTIME st;

    if (!FileTimeToSystemTime(time, &st)) out(L"(bad time)");
    else out(L"%04u-%02u-%02u %02u:%02u:%02u UTC", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond);
}

static void print_value(const SPropValue *value)
{
    const WCHAR *name = prop_name(value->ulPropTag);
    ULONG i;

    out(L"  %08lx %-36s ", value->ulPropTag, name);
    switch (PROP_TYPE(value->ulPropTag))
    {
    case PT_I2: out(L"%d", value->Value.i); break;
    case PT_LONG: out(L"%ld (0x%lx)", value->Value.l, value->Value.l); break;
    case PT_BOOLEAN: out(value->Value.b ? L"true" : L"false"); break;
    case PT_R4: out(L"%g", value->Value.flt); break;
    case PT_DOUBLE: case PT_APPTIME: out(L"%g", value->Value.dbl); break;
    case PT_I8: out(L"%I64d", value->Value.li.QuadPart); break;
    case PT_CURRENCY: out(L"%I64d/10000", value->Value.cur.int64); break;
    case PT_SYSTIME: print_time(&value->Value.ft); break;
    case PT_UNICODE: print_string_w(value->Value.lpszW); break;
    case PT_STRING8:
    {
        WCHAR *wide = wide_from_codepage(CP_ACP, value->Value.lpszA, strlen(value->Value.lpszA));
        if (wide) print_string_w(wide);
        free(wide);
        break;
    }
    case PT_BINARY: print_binary(&value->Value.bin); break;
    case PT_CLSID:
    {
        WCHAR guid[40];
        StringFromGUID2(value->Value.lpguid, guid, ARRAY_SIZE(guid));
        out(L"%s", guid);
        break;
    }
    case PT_ERROR:
        out(value->Value.err == MAPI_E_NOT_ENOUGH_MEMORY ? L"(too big to list)" : L"(error 0x%08lx)",
            value->Value.err);
        break;
    case PT_OBJECT: out(L"(object)"); break;
    default:
        if (value->ulPropTag & MV_FLAG)
        {
            out(L"%lu values:", value->Value.MVl.cValues);
            for (i = 0; i < value->Value.MVl.cValues && i < 8; i++)
            {
                out(L" ");
                switch (PROP_TYPE(value->ulPropTag) & ~MV_FLAG)
                {
                case PT_LONG: out(L"%ld", value->Value.MVl.lpl[i]); break;
                case PT_UNICODE: print_string_w(value->Value.MVszW.lppszW[i]); break;
                case PT_BINARY: print_binary(&value->Value.MVbin.lpbin[i]); break;
                default: out(L"..."); i = value->Value.MVl.cValues; break;
                }
            }
        }
        else out(L"(type 0x%04lx)", PROP_TYPE(value->ulPropTag));
        break;
    }
    out(L"\n");
}

/* The values an object has: a table's columns it lacks are left out. */
static void print_values(const SPropValue *values, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_TYPE(values[i].ulPropTag) != PT_ERROR || values[i].Value.err != MAPI_E_NOT_FOUND)
            print_value(&values[i]);
}

static HRESULT print_props(IMAPIProp *object)
{
    SPropValue *values;
    ULONG count;
    HRESULT hr = object->lpVtbl->GetProps(object, NULL, MAPI_UNICODE, &count, &values);

    if (FAILED(hr)) return hr;
    print_values(values, count);
    MAPIFreeBuffer(values);
    return S_OK;
}

static HRESULT query_all_rows(IMAPITable *table, SRowSet **rows)
{
    HRESULT hr = table->lpVtbl->QueryRows(table, 0x7fffffff, 0, rows);

    table->lpVtbl->Release(table);
    return hr;
}

static HRESULT print_recipients(IMessage *message)
{
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = message->lpVtbl->GetRecipientTable(message, MAPI_UNICODE, &table))) return hr;
    if (FAILED(hr = query_all_rows(table, &rows))) return hr;
    for (i = 0; i < rows->cRows; i++)
    {
        out(L"Recipient %lu:\n", i + 1);
        print_values(rows->aRow[i].lpProps, rows->aRow[i].cValues);
    }
    FreeProws(rows);
    return S_OK;
}

static HRESULT print_attachments(IMessage *message)
{
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = message->lpVtbl->GetAttachmentTable(message, MAPI_UNICODE, &table))) return hr;
    if (FAILED(hr = query_all_rows(table, &rows))) return hr;
    for (i = 0; i < rows->cRows; i++)
    {
        out(L"Attachment %lu:\n", i + 1);
        print_values(rows->aRow[i].lpProps, rows->aRow[i].cValues);
    }
    FreeProws(rows);
    return S_OK;
}

/***********************************************************************
 * msg2eml, eml2msg, props
 */

static int msg2eml(const WCHAR *in, const WCHAR *out_path)
{
    struct mime_options options = { TRUE, NULL, "msgtool", TRUE };
    struct mime_recipients recips;
    IStorage *storage;
    IMessage *message;
    struct strbuf eml;
    BOOL has_8bit;
    HRESULT hr;

    if (FAILED(hr = open_msg_file(in, &storage, &message))) return failed(L"cannot read", in, hr);
    strbuf_init(&eml);
    if (SUCCEEDED(hr = mime_read_recipients(message, &recips)))
    {
        hr = mime_render(message, &recips, &options, &eml, &has_8bit);
        mime_free_recipients(&recips);
    }
    message->lpVtbl->Release(message);
    IStorage_Release(storage);
    if (FAILED(hr))
    {
        strbuf_free(&eml);
        return failed(L"cannot convert", in, hr);
    }
    hr = write_whole_file(out_path, eml.data, eml.len);
    strbuf_free(&eml);
    return FAILED(hr) ? failed(L"cannot write", out_path, hr) : 0;
}

static int eml2msg(const WCHAR *in, const WCHAR *out_path)
{
    struct mime_import import = { NULL, NULL, TRUE };
    IStorage *storage;
    IMessage *message;
    size_t size = 0;
    char *data;
    HRESULT hr;

    if (FAILED(hr = read_whole_file(in, &data, &size))) return failed(L"cannot read", in, hr);
    if (FAILED(hr = create_msg_file(out_path, &storage, &message)))
    {
        free(data);
        return failed(L"cannot create", out_path, hr);
    }
    hr = mime_import(message, data, size, &import);
    free(data);
    if (SUCCEEDED(hr)) hr = message->lpVtbl->SaveChanges(message, 0);
    message->lpVtbl->Release(message);
    IStorage_Release(storage);
    if (FAILED(hr))
    {
        DeleteFileW(out_path);
        return failed(L"cannot convert", in, hr);
    }
    return 0;
}

static int print_msg(const WCHAR *in)
{
    IStorage *storage;
    IMessage *message;
    HRESULT hr;

    if (FAILED(hr = open_msg_file(in, &storage, &message))) return failed(L"cannot read", in, hr);
    out(L"Message:\n");
    hr = print_props((IMAPIProp *)message);
    if (SUCCEEDED(hr)) hr = print_recipients(message);
    if (SUCCEEDED(hr)) hr = print_attachments(message);
    message->lpVtbl->Release(message);
    IStorage_Release(storage);
    return FAILED(hr) ? failed(L"cannot read", in, hr) : 0;
}

/***********************************************************************
 * unpack
 */

/* A file name of the attachment's own, in outdir: no path in it, none twice. */
static void attachment_path(const WCHAR *dir, const WCHAR *name, ULONG index, const WCHAR *suffix, WCHAR *path,
                            size_t size)
{
    WCHAR safe[MAX_PATH], *p;
    const WCHAR *base = name;
    ULONG n;

    if (name)
    {
        if ((p = wcsrchr(base, '\\'))) base = p + 1;
        if ((p = wcsrchr(base, '/'))) base = p + 1;
    }
    if (!base || !*base || !wcscmp(base, L".") || !wcscmp(base, L".."))
        swprintf(safe, ARRAY_SIZE(safe), L"attachment-%lu%s", index, suffix ? suffix : L".dat");
    else
    {
        lstrcpynW(safe, base, ARRAY_SIZE(safe) - 8);
        for (p = safe; *p; p++)
            if (*p < 0x20 || wcschr(L"<>:\"|?*", *p)) *p = '_';
        if (suffix) wcscat(safe, suffix);
    }
    swprintf(path, size, L"%s\\%s", dir, safe);
    for (n = 2; GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES && n < 1000; n++)
    {
        WCHAR *dot = wcsrchr(safe, '.');
        if (dot && dot != safe)
            swprintf(path, size, L"%s\\%.*s-%lu%s", dir, (int)(dot - safe), safe, n, dot);
        else
            swprintf(path, size, L"%s\\%s-%lu", dir, safe, n);
    }
}

static HRESULT save_stream_property(IMAPIProp *object, ULONG tag, const WCHAR *path, ULONGLONG *size)
{
    IStream *stream;
    HANDLE file;
    BYTE buffer[65536];
    ULONG read;
    DWORD written;
    HRESULT hr;

    *size = 0;
    if (FAILED(hr = object->lpVtbl->OpenProperty(object, tag, &IID_IStream, 0, 0, (IUnknown **)&stream))) return hr;
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        hr = HRESULT_FROM_WIN32(GetLastError());
        IStream_Release(stream);
        return hr;
    }
    while (SUCCEEDED(hr = IStream_Read(stream, buffer, sizeof(buffer), &read)) && read)
    {
        if (!WriteFile(file, buffer, read, &written, NULL) || written != read)
        {
            hr = MAPI_E_DISK_ERROR;
            break;
        }
        *size += read;
    }
    CloseHandle(file);
    IStream_Release(stream);
    if (FAILED(hr)) DeleteFileW(path);
    return hr;
}

static HRESULT save_embedded(IAttach *attach, const WCHAR *path)
{
    IStorage *storage;
    IMessage *inner, *copy;
    HRESULT hr;

    hr = attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&inner);
    if (FAILED(hr)) return hr;
    if (SUCCEEDED(hr = create_msg_file(path, &storage, &copy)))
    {
        hr = inner->lpVtbl->CopyTo(inner, 0, NULL, NULL, 0, NULL, &IID_IMessage, copy, 0, NULL);
        if (SUCCEEDED(hr)) hr = copy->lpVtbl->SaveChanges(copy, 0);
        copy->lpVtbl->Release(copy);
        IStorage_Release(storage);
        if (FAILED(hr)) DeleteFileW(path);
    }
    inner->lpVtbl->Release(inner);
    return hr;
}

static const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

static int unpack_attachments(IMessage *message, const WCHAR *dir, ULONG *saved)
{
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;
    int ret = 0;

    *saved = 0;
    if (FAILED(hr = message->lpVtbl->GetAttachmentTable(message, MAPI_UNICODE, &table)) ||
        FAILED(hr = query_all_rows(table, &rows)))
        return failed(L"cannot list the attachments of", L"the message", hr);
    for (i = 0; i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];
        const SPropValue *num = row_prop(row, PR_ATTACH_NUM), *method = row_prop(row, PR_ATTACH_METHOD);
        const SPropValue *name = row_prop(row, PR_ATTACH_LONG_FILENAME_W);
        WCHAR path[MAX_PATH * 2];
        ULONGLONG size = 0;
        IAttach *attach;
        LONG how = method ? method->Value.l : ATTACH_BY_VALUE;

        if (!name) name = row_prop(row, PR_ATTACH_FILENAME_W);
        if (!name) name = row_prop(row, PR_DISPLAY_NAME_W);
        out(L"Attachment %lu:\n", i + 1);
        print_values(row->lpProps, row->cValues);
        if (!num || FAILED(hr = message->lpVtbl->OpenAttach(message, num->Value.l, NULL, 0, &attach)))
        {
            ret = failed(L"cannot open attachment", name ? name->Value.lpszW : L"", num ? hr : MAPI_E_NOT_FOUND);
            continue;
        }
        if (how == ATTACH_EMBEDDED_MSG)
        {
            attachment_path(dir, name ? name->Value.lpszW : NULL, i + 1, L".msg", path, ARRAY_SIZE(path));
            hr = save_embedded(attach, path);
        }
        else if (how == ATTACH_BY_VALUE)
        {
            attachment_path(dir, name ? name->Value.lpszW : NULL, i + 1, NULL, path, ARRAY_SIZE(path));
            hr = save_stream_property((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, path, &size);
        }
        else
        {
            out(L"  (method %ld: nothing to write)\n", how);
            hr = S_FALSE;
        }
        attach->lpVtbl->Release(attach);
        if (FAILED(hr)) ret = failed(L"cannot write", path, hr);
        else if (hr == S_OK)
        {
            if (how == ATTACH_BY_VALUE) out(L"  -> %s (%I64u bytes)\n", path, size);
            else out(L"  -> %s\n", path);
            ++*saved;
        }
    }
    FreeProws(rows);
    return ret;
}

static int unpack(const WCHAR *in, const WCHAR *dir)
{
    STnefProblemArray *problems = NULL;
    IStorage *storage;
    IMessage *message;
    IStream *stream;
    ITnef *tnef;
    ULONG saved;
    HRESULT hr;
    int ret;

    if (!CreateDirectoryW(dir, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        return failed(L"cannot create the folder", dir, HRESULT_FROM_WIN32(GetLastError()));
    if (FAILED(hr = SHCreateStreamOnFileEx(in, STGM_READ | STGM_SHARE_DENY_WRITE, 0, FALSE, NULL, &stream)))
        return failed(L"cannot read", in, hr);
    if (FAILED(hr = create_memory_message(&storage, &message)))
    {
        IStream_Release(stream);
        return failed(L"cannot make a message for", in, hr);
    }
    hr = OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_DECODE, message, 0, &tnef);
    if (SUCCEEDED(hr))
    {
        hr = ITnef_ExtractProps(tnef, TNEF_PROP_EXCLUDE, NULL, &problems);
        if (SUCCEEDED(hr) && problems && problems->cProblem)
            err(L"msgtool: %lu attributes of %s could not be read\n", problems->cProblem, in);
        MAPIFreeBuffer(problems);
        ITnef_Release(tnef);
    }
    IStream_Release(stream);
    if (FAILED(hr))
    {
        message->lpVtbl->Release(message);
        IStorage_Release(storage);
        return failed(L"cannot decode", in, hr);
    }
    out(L"Message:\n");
    print_props((IMAPIProp *)message);
    print_recipients(message);
    ret = unpack_attachments(message, dir, &saved);
    out(L"%lu attachment(s) written to %s\n", saved, dir);
    message->lpVtbl->Release(message);
    IStorage_Release(storage);
    return ret;
}

int __cdecl wmain(int argc, WCHAR **argv)
{
    const WCHAR *command = argc > 1 ? argv[1] : NULL;
    int ret;

    if (!command) return usage_error(NULL);
    if (!wcscmp(command, L"help") || !wcscmp(command, L"--help") || !wcscmp(command, L"-h"))
    {
        out(L"%s", usage_text);
        return 0;
    }
    if (wcscmp(command, L"msg2eml") && wcscmp(command, L"eml2msg") && wcscmp(command, L"unpack") &&
        wcscmp(command, L"props"))
        return usage_error(L"unknown command");
    if (!wcscmp(command, L"props") ? argc != 3 : argc != 4)
        return usage_error(!wcscmp(command, L"props") ? L"props takes a .msg file" :
                           !wcscmp(command, L"unpack") ? L"unpack takes a TNEF file and a folder" :
                           L"the command takes an input file and an output file");

    CoInitialize(NULL);
    if (!wcscmp(command, L"msg2eml")) ret = msg2eml(argv[2], argv[3]);
    else if (!wcscmp(command, L"eml2msg")) ret = eml2msg(argv[2], argv[3]);
    else if (!wcscmp(command, L"unpack")) ret = unpack(argv[2], argv[3]);
    else ret = print_msg(argv[2]);
    CoUninitialize();
    return ret;
}
