/*
 * mapicli: a command line MAPI client, for people and for scripts.
 *
 * One command per run: log on to a profile, do one thing, log off. It uses
 * only what any MAPI program has (mapix.h, mapiutil.h and the SDK headers of
 * include/), so what it shows is what programs get. Run `mapicli help`.
 *
 * Exit codes: 0 done, 1 a MAPI call failed, 2 bad command line, 3 watch ended
 * before the mail it waited for came, 4 no such store, folder or message.
 */

#define COBJMACROS
#define CONST_VTABLE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "windef.h"
#include "winbase.h"
#include "winnls.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapiab.h"
#include "mapidefs_sdk.h"
#include "mapitags_sdk.h"
#include "mapix_sdk.h"

#define EXIT_MAPI_FAILED 1
#define EXIT_USAGE       2
#define EXIT_TIMEOUT     3
#define EXIT_NOT_FOUND   4

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define MAX_LIST 64

enum verbosity { QUIET, NORMAL, VERBOSE };

/* What one run has: the options, the session and the store it works on. */
struct cli
{
    enum verbosity verbosity;
    const WCHAR *profile;
    const WCHAR *store_name;
    BOOL no_mail;
    BOOL logoff_given;
    ULONG logoff_flag;
    ULONG initialized;      /* MAPIInitialize calls to undo */
    IMAPISession *session;
    IMsgStore *store;
    /* the command's own options */
    const WCHAR *to[MAX_LIST], *cc[MAX_LIST], *bcc[MAX_LIST], *attach[MAX_LIST];
    ULONG to_count, cc_count, bcc_count, attach_count;
    const WCHAR *subject, *body, *body_file, *save_dir;
    ULONG timeout, count;
    BOOL ids;
    LONG progress_ms;       /* how often a long PURGE prints its progress line; -1: the default */
    const WCHAR *args[4];
    ULONG arg_count;
};

/***********************************************************************
 * Output: UTF-8 on a pipe or file, WriteConsoleW on a console.
 */

static void write_handle(DWORD which, const WCHAR *text)
{
    HANDLE handle = GetStdHandle(which);
    DWORD mode, written;
    char *utf8;
    int size;

    if (GetConsoleMode(handle, &mode))
    {
        WriteConsoleW(handle, text, wcslen(text), &written, NULL);
        return;
    }
    size = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    if (!(utf8 = malloc(size))) return;
    WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, size, NULL, NULL);
    WriteFile(handle, utf8, size - 1, &written, NULL);
    free(utf8);
}

static void vprint_to(DWORD which, const WCHAR *format, va_list args)
{
    WCHAR buffer[4096], *text = buffer;
    int len;

    len = _vsnwprintf(buffer, ARRAY_SIZE(buffer), format, args);
    if (len < 0 || len >= ARRAY_SIZE(buffer))
    {
        /* Long text (a body): the exact size, from the heap. */
        len = _vscwprintf(format, args);
        if (len < 0 || !(text = malloc((len + 1) * sizeof(WCHAR)))) return;
        _vsnwprintf(text, len + 1, format, args);
    }
    write_handle(which, text);
    if (text != buffer) free(text);
}

static void out(const WCHAR *format, ...)
{
    va_list args;
    va_start(args, format);
    vprint_to(STD_OUTPUT_HANDLE, format, args);
    va_end(args);
}

static void err(const WCHAR *format, ...)
{
    va_list args;
    va_start(args, format);
    write_handle(STD_ERROR_HANDLE, L"mapicli: ");
    vprint_to(STD_ERROR_HANDLE, format, args);
    va_end(args);
}

static enum verbosity verbosity = NORMAL;

/* What normal output says; quiet runs leave it out. */
static void say(const WCHAR *format, ...)
{
    va_list args;
    if (verbosity == QUIET) return;
    va_start(args, format);
    vprint_to(STD_OUTPUT_HANDLE, format, args);
    va_end(args);
}

/* Each MAPI call and its outcome, with -v, on stderr. */
static void trace(const WCHAR *format, ...)
{
    va_list args;
    if (verbosity < VERBOSE) return;
    va_start(args, format);
    write_handle(STD_ERROR_HANDLE, L"  > ");
    vprint_to(STD_ERROR_HANDLE, format, args);
    va_end(args);
}

static const WCHAR *hr_name(HRESULT hr)
{
    static const struct { HRESULT hr; const WCHAR *name; } names[] =
    {
#define NAME(x) { x, L ## #x }
        NAME(S_OK), NAME(S_FALSE), NAME(MAPI_W_ERRORS_RETURNED), NAME(MAPI_W_NO_SERVICE),
        NAME(MAPI_E_CALL_FAILED), NAME(MAPI_E_NOT_ENOUGH_MEMORY), NAME(MAPI_E_INVALID_PARAMETER),
        NAME(MAPI_E_INTERFACE_NOT_SUPPORTED), NAME(MAPI_E_NO_ACCESS), NAME(MAPI_E_NO_SUPPORT),
        NAME(MAPI_E_BAD_CHARWIDTH), NAME(MAPI_E_STRING_TOO_LONG), NAME(MAPI_E_UNKNOWN_FLAGS),
        NAME(MAPI_E_INVALID_ENTRYID), NAME(MAPI_E_INVALID_OBJECT), NAME(MAPI_E_OBJECT_CHANGED),
        NAME(MAPI_E_OBJECT_DELETED), NAME(MAPI_E_BUSY), NAME(MAPI_E_NOT_ENOUGH_DISK),
        NAME(MAPI_E_NOT_ENOUGH_RESOURCES), NAME(MAPI_E_NOT_FOUND), NAME(MAPI_E_VERSION),
        NAME(MAPI_E_LOGON_FAILED), NAME(MAPI_E_SESSION_LIMIT), NAME(MAPI_E_USER_CANCEL),
        NAME(MAPI_E_UNABLE_TO_ABORT), NAME(MAPI_E_NETWORK_ERROR), NAME(MAPI_E_DISK_ERROR),
        NAME(MAPI_E_TOO_COMPLEX), NAME(MAPI_E_BAD_COLUMN), NAME(MAPI_E_EXTENDED_ERROR),
        NAME(MAPI_E_COMPUTED), NAME(MAPI_E_CORRUPT_DATA), NAME(MAPI_E_UNCONFIGURED),
        NAME(MAPI_E_FAILONEPROVIDER), NAME(MAPI_E_NOT_INITIALIZED), NAME(MAPI_E_NO_RECIPIENTS),
        NAME(MAPI_E_SUBMITTED), NAME(MAPI_E_HAS_FOLDERS), NAME(MAPI_E_HAS_MESSAGES),
        NAME(MAPI_E_FOLDER_CYCLE), NAME(MAPI_E_AMBIGUOUS_RECIP), NAME(MAPI_E_TIMEOUT),
        NAME(MAPI_E_NOT_IN_QUEUE), NAME(MAPI_E_NO_SUPPRESS), NAME(MAPI_E_COLLISION),
#undef NAME
    };
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (names[i].hr == hr) return names[i].name;
    return L"error";
}

/* Says which call failed and why, with the object's own words when it has some. */
static int fail(HRESULT hr, IUnknown *object, const WCHAR *what)
{
    MAPIERROR *error = NULL;

    err(L"%ls failed: %ls (%#lx)\n", what, hr_name(hr), hr);
    /* Every MAPI object starts with IMAPIProp's or IMAPISession's GetLastError after IUnknown. */
    if (object && SUCCEEDED(((IMAPIProp *)object)->lpVtbl->GetLastError((IMAPIProp *)object, hr, MAPI_UNICODE,
                                                                        &error)) && error)
    {
        if (error->lpszError && *(WCHAR *)error->lpszError)
            err(L"  %ls%ls%ls\n", (WCHAR *)error->lpszError, error->lpszComponent ? L" — " : L"",
                error->lpszComponent ? (WCHAR *)error->lpszComponent : L"");
        MAPIFreeBuffer(error);
    }
    return EXIT_MAPI_FAILED;
}

static HRESULT traced(HRESULT hr, const WCHAR *what)
{
    trace(L"%ls: %ls\n", what, hr_name(hr));
    return hr;
}

/***********************************************************************
 * Small helpers
 */

static WCHAR *strdup_utf8(const char *text, int len)
{
    int size = MultiByteToWideChar(CP_UTF8, 0, text, len, NULL, 0);
    WCHAR *ret = malloc((size + 1) * sizeof(WCHAR));

    if (!ret) return NULL;
    MultiByteToWideChar(CP_UTF8, 0, text, len, ret, size);
    ret[size] = 0;
    return ret;
}

/* A path as Windows functions take it: Unix paths of the shell go through Wine's own mapping. */
static WCHAR *windows_path(const WCHAR *path)
{
    static WCHAR *(CDECL *unix_to_dos)(const char *);
    char *unix_path;
    WCHAR *dos, *ret;
    int size;

    if (path[0] != '/')
        return wcsdup(path);
    if (!unix_to_dos)
        unix_to_dos = (void *)GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "wine_get_dos_file_name");
    if (!unix_to_dos) return wcsdup(path);
    size = WideCharToMultiByte(CP_UTF8, 0, path, -1, NULL, 0, NULL, NULL);
    if (!(unix_path = malloc(size))) return NULL;
    WideCharToMultiByte(CP_UTF8, 0, path, -1, unix_path, size, NULL, NULL);
    dos = unix_to_dos(unix_path);
    free(unix_path);
    if (!dos) return wcsdup(path);
    ret = wcsdup(dos);
    HeapFree(GetProcessHeap(), 0, dos);
    return ret;
}

/* The whole file, from the heap; NULL when it cannot be read. */
static BYTE *read_file(const WCHAR *path, DWORD *size)
{
    WCHAR *windows = windows_path(path);
    HANDLE file;
    BYTE *data = NULL;
    DWORD read;

    file = CreateFileW(windows ? windows : path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    free(windows);
    if (file == INVALID_HANDLE_VALUE) return NULL;
    *size = GetFileSize(file, NULL);
    if (*size != INVALID_FILE_SIZE && (data = malloc(*size + 2)))
    {
        if (!ReadFile(file, data, *size, &read, NULL) || read != *size)
        {
            free(data);
            data = NULL;
        }
        else data[*size] = data[*size + 1] = 0;
    }
    CloseHandle(file);
    return data;
}

static const WCHAR *file_name_part(const WCHAR *path)
{
    const WCHAR *name = path, *p;

    for (p = path; *p; p++) if (*p == '/' || *p == '\\' || *p == ':') name = p + 1;
    return name;
}

/* Text with bare LF made CRLF, as message bodies are kept. */
static WCHAR *crlf_text(const WCHAR *text)
{
    const WCHAR *p;
    WCHAR *ret, *q;
    size_t extra = 0;

    for (p = text; *p; p++) if (*p == '\n' && (p == text || p[-1] != '\r')) extra++;
    if (!(ret = malloc((wcslen(text) + extra + 1) * sizeof(WCHAR)))) return NULL;
    for (p = text, q = ret; *p; p++)
    {
        if (*p == '\n' && (p == text || p[-1] != '\r')) *q++ = '\r';
        *q++ = *p;
    }
    *q = 0;
    return ret;
}

static const WCHAR *prop_string(const SPropValue *prop, ULONG tag)
{
    if (!prop || prop->ulPropTag != tag) return NULL;
    return prop->Value.lpszW;
}

static const SPropValue *find_prop(const SRow *row, ULONG tag)
{
    ULONG i;

    for (i = 0; i < row->cValues; i++)
        if (row->lpProps[i].ulPropTag == tag) return &row->lpProps[i];
    return NULL;
}

static const WCHAR *row_string(const SRow *row, ULONG tag)
{
    return prop_string(find_prop(row, tag), tag);
}

static LONG row_long(const SRow *row, ULONG tag, LONG def)
{
    const SPropValue *prop = find_prop(row, tag);
    return prop ? prop->Value.l : def;
}

static BOOL row_bool(const SRow *row, ULONG tag)
{
    const SPropValue *prop = find_prop(row, tag);
    return prop && prop->Value.b;
}

static void format_time(const FILETIME *time, WCHAR *buffer, size_t size)
{
    FILETIME local;
    SYSTEMTIME st;

    FileTimeToLocalFileTime(time, &local);
    FileTimeToSystemTime(&local, &st);
    _snwprintf(buffer, size, L"%04u-%02u-%02u %02u:%02u", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute);
    buffer[size - 1] = 0;
}

static void row_time(const SRow *row, WCHAR *buffer, size_t size)
{
    static const ULONG tags[] = { PR_MESSAGE_DELIVERY_TIME, PR_CLIENT_SUBMIT_TIME, PR_LAST_MODIFICATION_TIME };
    const SPropValue *prop;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(tags); i++)
        if ((prop = find_prop(row, tags[i])))
        {
            format_time(&prop->Value.ft, buffer, size);
            return;
        }
    wcscpy(buffer, L"                ");
}

static void print_hex(const BYTE *bytes, ULONG size)
{
    WCHAR buffer[3];
    ULONG i;

    for (i = 0; i < size; i++)
    {
        _snwprintf(buffer, ARRAY_SIZE(buffer), L"%02X", bytes[i]);
        out(L"%ls", buffer);
    }
}

static BOOL parse_hex(const WCHAR *text, SBinary *bin)
{
    size_t len = wcslen(text), i;

    if (!len || len % 2) return FALSE;
    for (i = 0; i < len; i++) if (!iswxdigit(text[i])) return FALSE;
    if (MAPIAllocateBuffer(len / 2, (void **)&bin->lpb)) return FALSE;
    bin->cb = len / 2;
    for (i = 0; i < len / 2; i++)
    {
        WCHAR pair[3] = { text[2 * i], text[2 * i + 1], 0 };
        bin->lpb[i] = wcstoul(pair, NULL, 16);
    }
    return TRUE;
}

/***********************************************************************
 * Logon and the store
 */

static int logon(struct cli *cli, BOOL with_mail)
{
    ULONG flags = MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_UNICODE;
    HRESULT hr;

    if (FAILED(hr = traced(MAPIInitialize(NULL), L"MAPIInitialize")))
        return fail(hr, NULL, L"MAPIInitialize");
    cli->initialized++;
    if (verbosity == VERBOSE && cli->initialized == 1)
    {
        /* Which mapi32 answers: Wine marks its builtin PE DLLs in the DOS stub. */
        static const char builtin_marker[] = "Wine builtin DLL";
        HMODULE module = GetModuleHandleW(L"mapi32.dll");
        WCHAR path[MAX_PATH] = L"?";

        GetModuleFileNameW(module, path, ARRAY_SIZE(path));
        trace(L"mapi32.dll: %ls, %ls\n", path,
              module && !memcmp((const char *)module + sizeof(IMAGE_DOS_HEADER), builtin_marker,
                                sizeof(builtin_marker) - 1) ? L"Wine's builtin" : L"native");
    }
    if (!cli->profile) flags |= MAPI_USE_DEFAULT;
    if (!with_mail || cli->no_mail) flags |= MAPI_NO_MAIL;
    hr = MAPILogonEx(0, (void *)cli->profile, NULL, flags, &cli->session);
    trace(L"MAPILogonEx(%ls%ls%ls): %ls\n", cli->profile ? L"\"" : L"the default profile",
          cli->profile ? cli->profile : L"", cli->profile ? L"\"" : L"", hr_name(hr));
    if (FAILED(hr))
    {
        err(L"cannot log on to %ls%ls%ls: %ls (%#lx)\n", cli->profile ? L"profile \"" : L"the default profile",
            cli->profile ? cli->profile : L"", cli->profile ? L"\"" : L"", hr_name(hr), hr);
        if (hr == MAPI_E_LOGON_FAILED && !cli->profile)
            err(L"  is there a default profile? tools/install-prefix.sh makes one\n");
        cli->session = NULL;
        return EXIT_MAPI_FAILED;
    }
    return 0;
}

static SRowSet *store_rows(struct cli *cli, HRESULT *hr)
{
    static const SizedSPropTagArray(5, columns) =
        { 5, { PR_ENTRYID, PR_DISPLAY_NAME_W, PR_DEFAULT_STORE, PR_PROVIDER_DISPLAY_W, PR_RESOURCE_FLAGS } };
    IMAPITable *table;
    SRowSet *rows = NULL;

    if (FAILED(*hr = traced(IMAPISession_GetMsgStoresTable(cli->session, MAPI_UNICODE, &table),
                            L"IMAPISession::GetMsgStoresTable")))
        return NULL;
    *hr = traced(HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows), L"HrQueryAllRows");
    IMAPITable_Release(table);
    return FAILED(*hr) ? NULL : rows;
}

/* Opens the default store, or the one --store names. */
static int open_store(struct cli *cli)
{
    const SRow *chosen = NULL;
    const SPropValue *eid;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (!(rows = store_rows(cli, &hr))) return fail(hr, (IUnknown *)cli->session, L"the message store table");
    for (i = 0; i < rows->cRows && !chosen; i++)
    {
        const SRow *row = &rows->aRow[i];
        const SPropValue *is_default = find_prop(row, PR_DEFAULT_STORE);
        const WCHAR *name = row_string(row, PR_DISPLAY_NAME_W);

        if (cli->store_name ? name && !wcsicmp(name, cli->store_name) : is_default && is_default->Value.b)
            chosen = row;
    }
    if (!chosen)
    {
        if (cli->store_name) err(L"no message store is named \"%ls\" (see: mapicli stores)\n", cli->store_name);
        else err(L"the profile has no default message store\n");
        FreeProws(rows);
        return EXIT_NOT_FOUND;
    }
    if (!(eid = find_prop(chosen, PR_ENTRYID)))
    {
        FreeProws(rows);
        return fail(MAPI_E_NOT_FOUND, NULL, L"the store's entry ID");
    }
    hr = IMAPISession_OpenMsgStore(cli->session, 0, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb, NULL,
                                   MDB_WRITE | MAPI_BEST_ACCESS | MDB_NO_DIALOG, &cli->store);
    traced(hr, L"IMAPISession::OpenMsgStore");
    FreeProws(rows);
    if (FAILED(hr)) return fail(hr, (IUnknown *)cli->session, L"opening the message store");
    return 0;
}

/* An entry ID property of the store (PR_IPM_OUTBOX_ENTRYID...), from MAPIAllocateBuffer. */
static HRESULT store_entryid(IMsgStore *store, ULONG tag, SBinary *bin)
{
    SPropTagArray tags = { 1, { tag } };
    SPropValue *value;
    ULONG count;
    HRESULT hr;

    bin->cb = 0;
    bin->lpb = NULL;
    if (FAILED(hr = IMsgStore_GetProps(store, &tags, 0, &count, &value))) return hr;
    if (value->ulPropTag != tag)
    {
        MAPIFreeBuffer(value);
        return MAPI_E_NOT_FOUND;
    }
    if (SUCCEEDED(hr = MAPIAllocateBuffer(value->Value.bin.cb, (void **)&bin->lpb)))
    {
        memcpy(bin->lpb, value->Value.bin.lpb, value->Value.bin.cb);
        bin->cb = value->Value.bin.cb;
    }
    MAPIFreeBuffer(value);
    return hr;
}

static HRESULT open_folder_id(IMsgStore *store, const SBinary *id, ULONG flags, IMAPIFolder **folder)
{
    ULONG type;

    return IMsgStore_OpenEntry(store, id->cb, (ENTRYID *)id->lpb, NULL, flags, &type, (IUnknown **)folder);
}

/* The entry ID of a folder a person names: a well-known name or a path of display names. */
static HRESULT find_folder(IMsgStore *store, const WCHAR *name, SBinary *id)
{
    static const struct { const WCHAR *name; ULONG tag; } known[] =
    {
        { L"outbox", PR_IPM_OUTBOX_ENTRYID },
        { L"sent", PR_IPM_SENTMAIL_ENTRYID },
        { L"sent items", PR_IPM_SENTMAIL_ENTRYID },
        { L"deleted", PR_IPM_WASTEBASKET_ENTRYID },
        { L"deleted items", PR_IPM_WASTEBASKET_ENTRYID },
        { L"top", PR_IPM_SUBTREE_ENTRYID },
    };
    static const SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_DISPLAY_NAME_W } };
    WCHAR *copy, *part, *next;
    IMAPIFolder *folder = NULL;
    ULONG i, type;
    HRESULT hr;

    id->cb = 0;
    id->lpb = NULL;
    if (!name || !wcsicmp(name, L"inbox"))
    {
        ULONG size;
        ENTRYID *eid;

        if (FAILED(hr = IMsgStore_GetReceiveFolder(store, (void *)L"IPM.Note", MAPI_UNICODE, &size, &eid, NULL)))
            return hr;
        id->cb = size;
        id->lpb = (BYTE *)eid;
        return S_OK;
    }
    for (i = 0; i < ARRAY_SIZE(known); i++)
        if (!wcsicmp(name, known[i].name)) return store_entryid(store, known[i].tag, id);
    if (parse_hex(name, id)) return S_OK;

    /* A path of display names, from the top of the IPM subtree (from the root when there is none). */
    if (!(copy = wcsdup(name))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(store_entryid(store, PR_IPM_SUBTREE_ENTRYID, id)))
        hr = IMsgStore_OpenEntry(store, 0, NULL, NULL, 0, &type, (IUnknown **)&folder);
    else
    {
        hr = open_folder_id(store, id, 0, &folder);
        MAPIFreeBuffer(id->lpb);
        id->lpb = NULL;
        id->cb = 0;
    }
    for (part = copy; SUCCEEDED(hr) && part; part = next)
    {
        IMAPIFolder *child = NULL;
        IMAPITable *table;
        SRowSet *rows;

        if ((next = wcspbrk(part, L"/\\"))) *next++ = 0;
        if (!*part) continue;
        if (FAILED(hr = IMAPIFolder_GetHierarchyTable(folder, MAPI_UNICODE, &table))) break;
        hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
        IMAPITable_Release(table);
        if (FAILED(hr)) break;
        hr = MAPI_E_NOT_FOUND;
        for (i = 0; i < rows->cRows; i++)
        {
            const WCHAR *child_name = row_string(&rows->aRow[i], PR_DISPLAY_NAME_W);
            const SPropValue *eid = find_prop(&rows->aRow[i], PR_ENTRYID);

            if (!child_name || !eid || wcsicmp(child_name, part)) continue;
            if (FAILED(hr = open_folder_id(store, &eid->Value.bin, 0, &child))) break;
            MAPIFreeBuffer(id->lpb);
            if (SUCCEEDED(hr = MAPIAllocateBuffer(eid->Value.bin.cb, (void **)&id->lpb)))
            {
                memcpy(id->lpb, eid->Value.bin.lpb, eid->Value.bin.cb);
                id->cb = eid->Value.bin.cb;
            }
            else id->lpb = NULL;
            break;
        }
        FreeProws(rows);
        IMAPIFolder_Release(folder);
        folder = child;
    }
    if (folder) IMAPIFolder_Release(folder);
    free(copy);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(id->lpb);
        id->lpb = NULL;
        id->cb = 0;
    }
    else if (!id->lpb) hr = MAPI_E_NOT_FOUND;
    return hr;
}

static int open_named_folder(struct cli *cli, const WCHAR *name, ULONG flags, IMAPIFolder **folder)
{
    SBinary id;
    HRESULT hr;

    if (FAILED(hr = find_folder(cli->store, name, &id)))
    {
        if (hr == MAPI_E_NOT_FOUND)
        {
            err(L"no folder \"%ls\" (see: mapicli folders)\n", name ? name : L"Inbox");
            return EXIT_NOT_FOUND;
        }
        return fail(hr, (IUnknown *)cli->store, L"finding the folder");
    }
    hr = traced(open_folder_id(cli->store, &id, flags, folder), L"IMsgStore::OpenEntry (folder)");
    MAPIFreeBuffer(id.lpb);
    if (FAILED(hr)) return fail(hr, (IUnknown *)cli->store, L"opening the folder");
    return 0;
}

/***********************************************************************
 * stores, folders, list, tree
 */

static int cmd_stores(struct cli *cli)
{
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (!(rows = store_rows(cli, &hr))) return fail(hr, (IUnknown *)cli->session, L"the message store table");
    if (!rows->cRows) say(L"The profile has no message stores.\n");
    for (i = 0; i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];
        const SPropValue *is_default = find_prop(row, PR_DEFAULT_STORE), *eid = find_prop(row, PR_ENTRYID);
        const WCHAR *name = row_string(row, PR_DISPLAY_NAME_W), *provider = row_string(row, PR_PROVIDER_DISPLAY_W);

        if (provider && name && !wcscmp(provider, name)) provider = NULL;

        out(L"%ls%ls%ls%ls%ls", name ? name : L"(no name)", provider ? L" [" : L"", provider ? provider : L"",
            provider ? L"]" : L"", is_default && is_default->Value.b ? L" (default)" : L"");
        if (cli->ids && eid)
        {
            out(L"  ");
            print_hex(eid->Value.bin.lpb, eid->Value.bin.cb);
        }
        out(L"\n");
    }
    FreeProws(rows);
    return 0;
}

static const ULONG message_columns_tags[] =
{
    PR_ENTRYID, PR_SUBJECT_W, PR_SENT_REPRESENTING_NAME_W, PR_SENDER_NAME_W, PR_SENDER_EMAIL_ADDRESS_W,
    PR_MESSAGE_DELIVERY_TIME, PR_CLIENT_SUBMIT_TIME, PR_LAST_MODIFICATION_TIME, PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE,
    PR_DISPLAY_TO_W, PR_HASATTACH, PR_SEARCH_KEY, PR_MESSAGE_CLASS_W,
};

static HRESULT folder_messages(IMAPIFolder *folder, SRowSet **rows)
{
    SPropTagArray *columns;
    IMAPITable *table;
    HRESULT hr;
    ULONG i;

    *rows = NULL;
    if (FAILED(hr = traced(IMAPIFolder_GetContentsTable(folder, MAPI_UNICODE, &table),
                           L"IMAPIFolder::GetContentsTable")))
        return hr;
    if (SUCCEEDED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(ARRAY_SIZE(message_columns_tags)), (void **)&columns)))
    {
        columns->cValues = ARRAY_SIZE(message_columns_tags);
        for (i = 0; i < columns->cValues; i++) columns->aulPropTag[i] = message_columns_tags[i];
        hr = traced(HrQueryAllRows(table, columns, NULL, NULL, 0, rows), L"HrQueryAllRows (contents)");
        MAPIFreeBuffer(columns);
    }
    IMAPITable_Release(table);
    return hr;
}

static const WCHAR *row_sender(const SRow *row)
{
    const WCHAR *name = row_string(row, PR_SENT_REPRESENTING_NAME_W);

    if (!name || !*name) name = row_string(row, PR_SENDER_NAME_W);
    if (!name || !*name) name = row_string(row, PR_SENDER_EMAIL_ADDRESS_W);
    return name && *name ? name : NULL;
}

static void message_flags_text(ULONG flags, WCHAR *text)
{
    text[0] = flags & MSGFLAG_READ ? ' ' : 'N';
    text[1] = flags & MSGFLAG_SUBMIT ? 'Q' : flags & MSGFLAG_UNSENT ? 'D' : ' ';
    text[2] = flags & MSGFLAG_HASATTACH ? '@' : ' ';
    text[3] = 0;
}

/* One message as a line: what MFCMAPI's contents pane shows. */
static void print_message_line(struct cli *cli, const WCHAR *indent, ULONG number, const SRow *row)
{
    const WCHAR *subject = row_string(row, PR_SUBJECT_W), *sender = row_sender(row);
    const WCHAR *to = row_string(row, PR_DISPLAY_TO_W);
    const SPropValue *eid = find_prop(row, PR_ENTRYID);
    WCHAR when[32], flags[4];
    ULONG message_flags = row_long(row, PR_MESSAGE_FLAGS, 0);

    row_time(row, when, ARRAY_SIZE(when));
    message_flags_text(message_flags, flags);
    /* Mail of ours (queued, draft, or sent and naming no sender) shows whom it is to. */
    if ((message_flags & (MSGFLAG_UNSENT | MSGFLAG_SUBMIT) || !sender) && to && *to)
        out(L"%ls%3lu %ls %ls  to %-24ls  %ls", indent, number, flags, when, to, subject ? subject : L"");
    else
        out(L"%ls%3lu %ls %ls  %-27ls  %ls", indent, number, flags, when, sender ? sender : L"", subject ? subject : L"");
    if (cli->ids && eid)
    {
        out(L"  ");
        print_hex(eid->Value.bin.lpb, eid->Value.bin.cb);
    }
    out(L"\n");
}

static int cmd_list(struct cli *cli)
{
    IMAPIFolder *folder;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;
    int ret;

    if ((ret = open_named_folder(cli, cli->arg_count ? cli->args[0] : NULL, 0, &folder))) return ret;
    hr = folder_messages(folder, &rows);
    if (FAILED(hr))
    {
        ret = fail(hr, (IUnknown *)folder, L"reading the folder's contents");
        IMAPIFolder_Release(folder);
        return ret;
    }
    say(L"%lu message%ls in %ls   (N new, Q queued to send, D draft, @ attachments)\n", rows->cRows,
        rows->cRows == 1 ? L"" : L"s", cli->arg_count ? cli->args[0] : L"Inbox");
    for (i = 0; i < rows->cRows; i++) print_message_line(cli, L"", i + 1, &rows->aRow[i]);
    FreeProws(rows);
    IMAPIFolder_Release(folder);
    return 0;
}

/* The folder tree under one folder, with messages too for `tree`. */
static HRESULT print_tree(struct cli *cli, IMAPIFolder *folder, const WCHAR *prefix, BOOL messages)
{
    static const SizedSPropTagArray(5, columns) =
        { 5, { PR_ENTRYID, PR_DISPLAY_NAME_W, PR_CONTENT_COUNT, PR_CONTENT_UNREAD, PR_SUBFOLDERS } };
    IMAPITable *table;
    SRowSet *rows = NULL;
    WCHAR child_prefix[512];
    HRESULT hr;
    ULONG i, j;

    if (FAILED(hr = IMAPIFolder_GetHierarchyTable(folder, MAPI_UNICODE, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;

    for (i = 0; i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];
        const WCHAR *name = row_string(row, PR_DISPLAY_NAME_W);
        const SPropValue *eid = find_prop(row, PR_ENTRYID);
        LONG count = row_long(row, PR_CONTENT_COUNT, 0), unread = row_long(row, PR_CONTENT_UNREAD, 0);
        BOOL last = i + 1 == rows->cRows;
        IMAPIFolder *child;

        out(L"%ls%ls%ls", prefix, last ? L"└─ " : L"├─ ", name ? name : L"(no name)");
        if (count) out(L"  (%ld message%ls%ls", count, count == 1 ? L"" : L"s", unread ? L", " : L")");
        if (count && unread) out(L"%ld new)", unread);
        if (cli->ids && eid)
        {
            out(L"  ");
            print_hex(eid->Value.bin.lpb, eid->Value.bin.cb);
        }
        out(L"\n");
        _snwprintf(child_prefix, ARRAY_SIZE(child_prefix), L"%ls%ls", prefix, last ? L"   " : L"│  ");
        child_prefix[ARRAY_SIZE(child_prefix) - 1] = 0;
        if (!eid || FAILED(open_folder_id(cli->store, &eid->Value.bin, 0, &child))) continue;
        if (messages && count)
        {
            SRowSet *messages_rows;
            WCHAR message_prefix[520];

            if (SUCCEEDED(folder_messages(child, &messages_rows)))
            {
                _snwprintf(message_prefix, ARRAY_SIZE(message_prefix), L"%ls%ls", child_prefix,
                           row_bool(row, PR_SUBFOLDERS) ? L"│ " : L"  ");
                message_prefix[ARRAY_SIZE(message_prefix) - 1] = 0;
                for (j = 0; j < messages_rows->cRows; j++)
                    print_message_line(cli, message_prefix, j + 1, &messages_rows->aRow[j]);
                FreeProws(messages_rows);
            }
        }
        print_tree(cli, child, child_prefix, messages);
        IMAPIFolder_Release(child);
    }
    FreeProws(rows);
    return S_OK;
}

static int cmd_folders(struct cli *cli, BOOL messages)
{
    static const SizedSPropTagArray(1, name_tag) = { 1, { PR_DISPLAY_NAME_W } };
    IMAPIFolder *root;
    SPropValue *name;
    ULONG type, count;
    HRESULT hr;

    hr = traced(IMsgStore_OpenEntry(cli->store, 0, NULL, NULL, 0, &type, (IUnknown **)&root),
                L"IMsgStore::OpenEntry (root folder)");
    if (FAILED(hr)) return fail(hr, (IUnknown *)cli->store, L"opening the root folder");
    if (SUCCEEDED(IMsgStore_GetProps(cli->store, (SPropTagArray *)&name_tag, 0, &count, &name)))
    {
        out(L"%ls\n", prop_string(name, PR_DISPLAY_NAME_W) ? name->Value.lpszW : L"Message store");
        MAPIFreeBuffer(name);
    }
    hr = print_tree(cli, root, L"", messages);
    IMAPIFolder_Release(root);
    if (FAILED(hr)) return fail(hr, NULL, L"reading the folder tree");
    return 0;
}

/***********************************************************************
 * show
 */

/* A message named as on the command line: an entry ID in hex, or FOLDER:N (N from 1, -1 the last). */
static int open_message_ref(struct cli *cli, const WCHAR *ref, IMessage **message)
{
    const WCHAR *colon = wcsrchr(ref, ':');
    SBinary id = { 0, NULL };
    IMAPIFolder *folder;
    SRowSet *rows;
    WCHAR *end, *folder_name = NULL;
    ULONG type;
    long number;
    HRESULT hr;
    int ret;

    number = wcstol(colon ? colon + 1 : ref, &end, 10);
    if (*end || (!colon && wcslen(ref) > 6))
    {
        if (!parse_hex(ref, &id))
        {
            err(L"\"%ls\" names no message: give FOLDER:N (inbox:1, inbox:-1) or an entry ID\n", ref);
            return EXIT_USAGE;
        }
        hr = IMsgStore_OpenEntry(cli->store, id.cb, (ENTRYID *)id.lpb, NULL, MAPI_BEST_ACCESS, &type,
                                 (IUnknown **)message);
        MAPIFreeBuffer(id.lpb);
        if (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_INVALID_ENTRYID)
        {
            err(L"no message has entry ID %ls\n", ref);
            return EXIT_NOT_FOUND;
        }
        if (SUCCEEDED(hr) && type != MAPI_MESSAGE)
        {
            IUnknown_Release((IUnknown *)*message);
            err(L"%ls is not a message\n", ref);
            return EXIT_NOT_FOUND;
        }
        return FAILED(hr) ? fail(hr, (IUnknown *)cli->store, L"opening the message") : 0;
    }
    if (colon && !(folder_name = wcsdup(ref))) return fail(MAPI_E_NOT_ENOUGH_MEMORY, NULL, L"the folder name");
    if (folder_name) folder_name[colon - ref] = 0;
    ret = open_named_folder(cli, folder_name, 0, &folder);
    free(folder_name);
    if (ret) return ret;
    if (FAILED(hr = folder_messages(folder, &rows)))
    {
        ret = fail(hr, (IUnknown *)folder, L"reading the folder's contents");
        IMAPIFolder_Release(folder);
        return ret;
    }
    if (number < 0) number += rows->cRows + 1;
    if (number < 1 || number > rows->cRows)
    {
        err(L"%ls: the folder has %lu message%ls\n", ref, rows->cRows, rows->cRows == 1 ? L"" : L"s");
        ret = EXIT_NOT_FOUND;
    }
    else
    {
        const SPropValue *eid = find_prop(&rows->aRow[number - 1], PR_ENTRYID);

        hr = eid ? IMAPIFolder_OpenEntry(folder, eid->Value.bin.cb, (ENTRYID *)eid->Value.bin.lpb, NULL,
                                         MAPI_BEST_ACCESS, &type, (IUnknown **)message) : MAPI_E_NOT_FOUND;
        ret = FAILED(hr) ? fail(hr, (IUnknown *)folder, L"opening the message") : 0;
    }
    FreeProws(rows);
    IMAPIFolder_Release(folder);
    return ret;
}

/* A text property, read through a stream when GetProps does not give it whole. */
static WCHAR *read_text_prop(IMAPIProp *object, ULONG tag)
{
    SPropTagArray tags = { 1, { tag } };
    SPropValue *value;
    IStream *stream;
    WCHAR *text = NULL;
    ULONG count, read, size = 0, capacity = 0;
    HRESULT hr;

    if (SUCCEEDED(IMAPIProp_GetProps(object, &tags, MAPI_UNICODE, &count, &value)))
    {
        if (value->ulPropTag == tag) text = wcsdup(value->Value.lpszW);
        hr = value->ulPropTag == PROP_TAG(PT_ERROR, PROP_ID(tag)) ? value->Value.err : S_OK;
        MAPIFreeBuffer(value);
        if (text || hr != MAPI_E_NOT_ENOUGH_MEMORY) return text;
    }
    if (FAILED(IMAPIProp_OpenProperty(object, tag, &IID_IStream, 0, 0, (IUnknown **)&stream))) return NULL;
    for (;;)
    {
        if (size + 4096 > capacity)
        {
            WCHAR *grown = realloc(text, (capacity = capacity * 2 + 8192));
            if (!grown) break;
            text = grown;
        }
        if (FAILED(IStream_Read(stream, (BYTE *)text + size, 4096, &read)) || !read) break;
        size += read;
    }
    IStream_Release(stream);
    if (text) text[size / sizeof(WCHAR)] = 0;
    return text;
}

static void print_recipients(IMessage *message)
{
    static const SizedSPropTagArray(4, columns) =
        { 4, { PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W, PR_ADDRTYPE_W, PR_RECIPIENT_TYPE } };
    static const WCHAR *kinds[] = { L"From:", L"To:", L"Cc:", L"Bcc:" };
    IMAPITable *table;
    SRowSet *rows;
    ULONG kind, i;

    if (FAILED(IMessage_GetRecipientTable(message, MAPI_UNICODE, &table))) return;
    if (SUCCEEDED(HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows)))
    {
        for (kind = MAPI_TO; kind <= MAPI_BCC; kind++)
        {
            BOOL first = TRUE;

            for (i = 0; i < rows->cRows; i++)
            {
                const SRow *row = &rows->aRow[i];
                const WCHAR *name = row_string(row, PR_DISPLAY_NAME_W), *address = row_string(row, PR_EMAIL_ADDRESS_W);

                if ((row_long(row, PR_RECIPIENT_TYPE, MAPI_TO) & ~MAPI_SUBMITTED) != kind) continue;
                out(first ? L"%-9ls " : L", ", first ? kinds[kind] : L"");
                first = FALSE;
                if (name && address && wcsicmp(name, address)) out(L"%ls <%ls>", name, address);
                else out(L"%ls", address ? address : name ? name : L"?");
            }
            if (!first) out(L"\n");
        }
        FreeProws(rows);
    }
    IMAPITable_Release(table);
}

/* Writes an attachment's data into dir; the name is the attachment's own, without any path. */
static HRESULT save_attachment(IAttach *attach, const WCHAR *dir, const WCHAR *name, WCHAR *path, size_t size)
{
    WCHAR *windows_dir = windows_path(dir);
    IStream *stream;
    HANDLE file;
    BYTE buffer[65536];
    ULONG read;
    DWORD written;
    HRESULT hr;

    _snwprintf(path, size, L"%ls\\%ls", windows_dir ? windows_dir : dir, file_name_part(name));
    path[size - 1] = 0;
    free(windows_dir);
    if (FAILED(hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_BIN, &IID_IStream, 0, 0, (IUnknown **)&stream)))
        return hr;
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        IStream_Release(stream);
        return MAPI_E_NO_ACCESS;
    }
    while (SUCCEEDED(hr = IStream_Read(stream, buffer, sizeof(buffer), &read)) && read)
        if (!WriteFile(file, buffer, read, &written, NULL) || written != read)
        {
            hr = MAPI_E_DISK_ERROR;
            break;
        }
    CloseHandle(file);
    IStream_Release(stream);
    return FAILED(hr) ? hr : S_OK;
}

static int print_attachments(struct cli *cli, IMessage *message)
{
    static const SizedSPropTagArray(6, columns) =
        { 6, { PR_ATTACH_NUM, PR_ATTACH_LONG_FILENAME_W, PR_ATTACH_FILENAME_W, PR_DISPLAY_NAME_W, PR_ATTACH_SIZE,
               PR_ATTACH_MIME_TAG_W } };
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;
    int ret = 0;

    if (FAILED(hr = IMessage_GetAttachmentTable(message, MAPI_UNICODE, &table)))
        return fail(hr, (IUnknown *)message, L"the attachment table");
    if (FAILED(hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows)))
    {
        IMAPITable_Release(table);
        return fail(hr, (IUnknown *)table, L"reading the attachment table");
    }
    if (rows->cRows) out(L"\nAttachments:\n");
    for (i = 0; i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];
        const WCHAR *name = row_string(row, PR_ATTACH_LONG_FILENAME_W), *mime = row_string(row, PR_ATTACH_MIME_TAG_W);
        LONGLONG size = row_long(row, PR_ATTACH_SIZE, 0);
        WCHAR path[MAX_PATH];
        IAttach *attach;
        IStream *stream;
        STATSTG stat;

        if (!name) name = row_string(row, PR_ATTACH_FILENAME_W);
        if (!name) name = row_string(row, PR_DISPLAY_NAME_W);
        if (FAILED(hr = IMessage_OpenAttach(message, row_long(row, PR_ATTACH_NUM, 0), NULL, MAPI_BEST_ACCESS,
                                            &attach)))
        {
            ret = fail(hr, (IUnknown *)message, L"opening the attachment");
            continue;
        }
        /* The size of the data, which is what a person means; PR_ATTACH_SIZE counts every property. */
        if (SUCCEEDED(IAttach_OpenProperty(attach, PR_ATTACH_DATA_BIN, &IID_IStream, 0, 0, (IUnknown **)&stream)))
        {
            if (SUCCEEDED(IStream_Stat(stream, &stat, STATFLAG_NONAME))) size = stat.cbSize.QuadPart;
            IStream_Release(stream);
        }
        out(L"  %lu. %ls  (%I64d bytes%ls%ls)\n", i + 1, name ? name : L"(no name)", size, mime ? L", " : L"",
            mime ? mime : L"");
        if (!cli->save_dir || !name)
        {
            IAttach_Release(attach);
            continue;
        }
        if (FAILED(hr = save_attachment(attach, cli->save_dir, name, path, ARRAY_SIZE(path))))
            ret = fail(hr, (IUnknown *)attach, L"saving the attachment");
        else say(L"     saved as %ls\n", path);
        IAttach_Release(attach);
    }
    FreeProws(rows);
    IMAPITable_Release(table);
    return ret;
}

static void print_message_flags(ULONG flags)
{
    static const struct { ULONG flag; const WCHAR *word; } words[] =
    {
        { MSGFLAG_READ, L"read" }, { MSGFLAG_UNMODIFIED, L"unmodified" }, { MSGFLAG_SUBMIT, L"submitted" },
        { MSGFLAG_UNSENT, L"unsent" }, { MSGFLAG_HASATTACH, L"has attachments" }, { MSGFLAG_FROMME, L"from me" },
        { MSGFLAG_ASSOCIATED, L"associated" }, { MSGFLAG_RESEND, L"resend" },
    };
    BOOL first = TRUE;
    ULONG i;

    out(L"%-9ls ", L"Flags:");
    if (!(flags & MSGFLAG_READ))
    {
        out(L"unread");
        first = FALSE;
    }
    for (i = 0; i < ARRAY_SIZE(words); i++)
    {
        if (!(flags & words[i].flag)) continue;
        out(L"%ls%ls", first ? L"" : L", ", words[i].word);
        first = FALSE;
    }
    out(L"\n");
}

static int cmd_show(struct cli *cli)
{
    static const SizedSPropTagArray(11, tags) =
        { 11, { PR_SUBJECT_W, PR_SENDER_NAME_W, PR_SENDER_EMAIL_ADDRESS_W, PR_SENT_REPRESENTING_NAME_W,
                PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME,
                PR_MESSAGE_CLASS_W, PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE, PR_ENTRYID } };
    SPropValue *props;
    IMessage *message;
    WCHAR when[32], *body;
    ULONG count;
    HRESULT hr;
    int ret;

    if (cli->arg_count != 1)
    {
        err(L"show takes one message: FOLDER:N (inbox:1, inbox:-1 the newest) or an entry ID\n");
        return EXIT_USAGE;
    }
    if ((ret = open_message_ref(cli, cli->args[0], &message))) return ret;
    if (FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &props)))
    {
        ret = fail(hr, (IUnknown *)message, L"reading the message");
        IMessage_Release(message);
        return ret;
    }
    {
        const WCHAR *name = prop_string(&props[3], PR_SENT_REPRESENTING_NAME_W);
        const WCHAR *address = prop_string(&props[4], PR_SENT_REPRESENTING_EMAIL_ADDRESS_W);

        if (!name && !address)
        {
            name = prop_string(&props[1], PR_SENDER_NAME_W);
            address = prop_string(&props[2], PR_SENDER_EMAIL_ADDRESS_W);
        }
        if (name && address && wcsicmp(name, address)) out(L"%-9ls %ls <%ls>\n", L"From:", name, address);
        else if (name || address) out(L"%-9ls %ls\n", L"From:", address ? address : name);
    }
    print_recipients(message);
    out(L"%-9ls %ls\n", L"Subject:", prop_string(&props[0], PR_SUBJECT_W) ? props[0].Value.lpszW : L"");
    if (props[5].ulPropTag == PR_CLIENT_SUBMIT_TIME)
    {
        format_time(&props[5].Value.ft, when, ARRAY_SIZE(when));
        out(L"%-9ls %ls\n", L"Sent:", when);
    }
    if (props[6].ulPropTag == PR_MESSAGE_DELIVERY_TIME)
    {
        format_time(&props[6].Value.ft, when, ARRAY_SIZE(when));
        out(L"%-9ls %ls\n", L"Received:", when);
    }
    out(L"%-9ls %ls\n", L"Class:", prop_string(&props[7], PR_MESSAGE_CLASS_W) ? props[7].Value.lpszW : L"?");
    if (props[8].ulPropTag == PR_MESSAGE_FLAGS) print_message_flags(props[8].Value.l);
    if (props[9].ulPropTag == PR_MESSAGE_SIZE) out(L"%-9ls %ld bytes\n", L"Size:", props[9].Value.l);
    if (props[10].ulPropTag == PR_ENTRYID && cli->ids)
    {
        out(L"%-9ls ", L"Entry ID:");
        print_hex(props[10].Value.bin.lpb, props[10].Value.bin.cb);
        out(L"\n");
    }
    MAPIFreeBuffer(props);

    if ((body = read_text_prop((IMAPIProp *)message, PR_BODY_W)))
    {
        out(L"\n%ls%ls", body, *body && body[wcslen(body) - 1] != '\n' ? L"\n" : L"");
        free(body);
    }
    else if ((body = read_text_prop((IMAPIProp *)message, PR_HTML)))
    {
        out(L"\n(HTML body only, %Iu bytes)\n", wcslen(body));
        free(body);
    }
    ret = print_attachments(cli, message);
    IMessage_Release(message);
    return ret;
}

/***********************************************************************
 * send
 */

/* "Name <a@b>" or "a@b" into its display name and address. */
static void split_address(const WCHAR *text, WCHAR *name, WCHAR *address, size_t size)
{
    const WCHAR *open = wcsrchr(text, '<'), *close = open ? wcschr(open, '>') : NULL;

    if (open && close)
    {
        size_t len = min(size - 1, (size_t)(open - text));

        memcpy(name, text, len * sizeof(WCHAR));
        name[len] = 0;
        while (len && (name[len - 1] == ' ' || name[len - 1] == '"')) name[--len] = 0;
        while (*name == '"' || *name == ' ') memmove(name, name + 1, wcslen(name) * sizeof(WCHAR));
        len = min(size - 1, (size_t)(close - open - 1));
        memcpy(address, open + 1, len * sizeof(WCHAR));
        address[len] = 0;
        if (!*name) wcscpy(name, address);
        return;
    }
    wcsncpy(address, text, size - 1);
    address[size - 1] = 0;
    wcscpy(name, address);
}

static HRESULT add_recipients(struct cli *cli, IMessage *message)
{
    ULONG total = cli->to_count + cli->cc_count + cli->bcc_count, n = 0, i, kind;
    const WCHAR **lists[3] = { cli->to, cli->cc, cli->bcc };
    ULONG counts[3] = { cli->to_count, cli->cc_count, cli->bcc_count };
    IAddrBook *addrbook;
    ADRLIST *list;
    HRESULT hr;

    if (FAILED(hr = traced(IMAPISession_OpenAddressBook(cli->session, 0, NULL, AB_NO_DIALOG, &addrbook),
                           L"IMAPISession::OpenAddressBook")))
        return hr;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(total), (void **)&list)))
    {
        IAddrBook_Release(addrbook);
        return hr;
    }
    list->cEntries = 0;
    for (kind = 0; kind < 3 && SUCCEEDED(hr); kind++)
    {
        for (i = 0; i < counts[kind] && SUCCEEDED(hr); i++, n++)
        {
            WCHAR name[256], address[256];
            SPropValue *props;
            ENTRYID *eid;
            ULONG eid_size;

            split_address(lists[kind][i], name, address, ARRAY_SIZE(name));
            if (FAILED(hr = MAPIAllocateBuffer(5 * sizeof(SPropValue), (void **)&props))) break;
            list->aEntries[n].ulReserved1 = 0;
            list->aEntries[n].cValues = 5;
            list->aEntries[n].rgPropVals = props;
            list->cEntries = n + 1;
            props[0].ulPropTag = PR_DISPLAY_NAME_W;
            props[1].ulPropTag = PR_ADDRTYPE_W;
            props[2].ulPropTag = PR_EMAIL_ADDRESS_W;
            props[3].ulPropTag = PR_RECIPIENT_TYPE;
            props[3].Value.l = MAPI_TO + kind;
            props[4].ulPropTag = PR_ENTRYID;
            if (FAILED(hr = MAPIAllocateMore((wcslen(name) + 1) * sizeof(WCHAR), props, (void **)&props[0].Value.lpszW)) ||
                FAILED(hr = MAPIAllocateMore((wcslen(address) + 1) * sizeof(WCHAR), props, (void **)&props[2].Value.lpszW)))
                break;
            wcscpy(props[0].Value.lpszW, name);
            wcscpy(props[2].Value.lpszW, address);
            props[1].Value.lpszW = (WCHAR *)L"SMTP";
            hr = IAddrBook_CreateOneOff(addrbook, (void *)name, (void *)L"SMTP", (void *)address, MAPI_UNICODE,
                                        &eid_size, &eid);
            traced(hr, L"IAddrBook::CreateOneOff");
            if (FAILED(hr)) break;
            props[4].Value.bin.cb = eid_size;
            if (SUCCEEDED(hr = MAPIAllocateMore(eid_size, props, (void **)&props[4].Value.bin.lpb)))
                memcpy(props[4].Value.bin.lpb, eid, eid_size);
            MAPIFreeBuffer(eid);
        }
    }
    if (SUCCEEDED(hr))
        hr = traced(IMessage_ModifyRecipients(message, MODRECIP_ADD, list), L"IMessage::ModifyRecipients");
    FreePadrlist(list);
    IAddrBook_Release(addrbook);
    return hr;
}

static const WCHAR *guess_mime_type(const WCHAR *name)
{
    static const struct { const WCHAR *extension, *type; } types[] =
    {
        { L".txt", L"text/plain" }, { L".html", L"text/html" }, { L".htm", L"text/html" },
        { L".csv", L"text/csv" }, { L".pdf", L"application/pdf" }, { L".zip", L"application/zip" },
        { L".png", L"image/png" }, { L".jpg", L"image/jpeg" }, { L".jpeg", L"image/jpeg" },
        { L".gif", L"image/gif" }, { L".xml", L"application/xml" }, { L".json", L"application/json" },
    };
    const WCHAR *dot = wcsrchr(name, '.');
    ULONG i;

    for (i = 0; dot && i < ARRAY_SIZE(types); i++)
        if (!wcsicmp(dot, types[i].extension)) return types[i].type;
    return L"application/octet-stream";
}

static HRESULT add_attachment(IMessage *message, const WCHAR *path)
{
    const WCHAR *name = file_name_part(path), *dot = wcsrchr(name, '.');
    SPropValue props[6];
    IAttach *attach;
    IStream *stream;
    ULONG number, n = 0, written;
    DWORD size;
    BYTE *data;
    HRESULT hr;

    if (!(data = read_file(path, &size)))
    {
        err(L"cannot read %ls\n", path);
        return MAPI_E_NOT_FOUND;
    }
    if (FAILED(hr = traced(IMessage_CreateAttach(message, NULL, 0, &number, &attach), L"IMessage::CreateAttach")))
    {
        free(data);
        return hr;
    }
    props[n].ulPropTag = PR_ATTACH_METHOD;
    props[n++].Value.l = ATTACH_BY_VALUE;
    props[n].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
    props[n++].Value.lpszW = (WCHAR *)name;
    props[n].ulPropTag = PR_ATTACH_FILENAME_W;
    props[n++].Value.lpszW = (WCHAR *)name;
    props[n].ulPropTag = PR_DISPLAY_NAME_W;
    props[n++].Value.lpszW = (WCHAR *)name;
    props[n].ulPropTag = PR_ATTACH_MIME_TAG_W;
    props[n++].Value.lpszW = (WCHAR *)guess_mime_type(name);
    if (dot)
    {
        props[n].ulPropTag = PR_ATTACH_EXTENSION_W;
        props[n++].Value.lpszW = (WCHAR *)dot;
    }
    if (SUCCEEDED(hr = IAttach_SetProps(attach, n, props, NULL)) &&
        SUCCEEDED(hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_BIN, &IID_IStream, STGM_CREATE | STGM_WRITE,
                                            MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&stream)))
    {
        if (SUCCEEDED(hr = IStream_Write(stream, data, size, &written)))
            hr = IStream_Commit(stream, STGC_DEFAULT);
        IStream_Release(stream);
    }
    if (SUCCEEDED(hr)) hr = traced(IAttach_SaveChanges(attach, 0), L"IAttach::SaveChanges");
    IAttach_Release(attach);
    free(data);
    return hr;
}

/* The body: --body, or --body-file read as UTF-8 (UTF-16 with its byte order mark). */
static HRESULT compose_body(struct cli *cli, WCHAR **body)
{
    BYTE *data;
    DWORD size;
    WCHAR *text;

    *body = NULL;
    if (cli->body) text = wcsdup(cli->body);
    else if (cli->body_file)
    {
        if (!(data = read_file(cli->body_file, &size)))
        {
            err(L"cannot read %ls\n", cli->body_file);
            return MAPI_E_NOT_FOUND;
        }
        if (size >= 2 && data[0] == 0xff && data[1] == 0xfe) text = wcsdup((WCHAR *)(data + 2));
        else if (size >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
            text = strdup_utf8((char *)data + 3, size - 3);
        else text = strdup_utf8((char *)data, size);
        free(data);
    }
    else text = wcsdup(L"");
    if (!text) return MAPI_E_NOT_ENOUGH_MEMORY;
    *body = crlf_text(text);
    free(text);
    return *body ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

static int cmd_send(struct cli *cli)
{
    SPropValue props[5];
    SBinary outbox_id, sent_id = { 0, NULL };
    IMAPIFolder *outbox;
    IMessage *message;
    IStream *stream;
    WCHAR *body;
    ULONG i, n = 0, written;
    HRESULT hr;
    int ret;

    if (!cli->to_count && !cli->cc_count && !cli->bcc_count)
    {
        err(L"send needs at least one recipient: --to ADDRESS\n");
        return EXIT_USAGE;
    }
    if (FAILED(hr = compose_body(cli, &body))) return hr == MAPI_E_NOT_FOUND ? EXIT_NOT_FOUND : EXIT_MAPI_FAILED;

    if (FAILED(hr = store_entryid(cli->store, PR_IPM_OUTBOX_ENTRYID, &outbox_id)))
    {
        free(body);
        return fail(hr, (IUnknown *)cli->store, L"finding the Outbox");
    }
    store_entryid(cli->store, PR_IPM_SENTMAIL_ENTRYID, &sent_id);
    hr = traced(open_folder_id(cli->store, &outbox_id, MAPI_MODIFY, &outbox), L"IMsgStore::OpenEntry (Outbox)");
    MAPIFreeBuffer(outbox_id.lpb);
    if (FAILED(hr))
    {
        free(body);
        MAPIFreeBuffer(sent_id.lpb);
        return fail(hr, (IUnknown *)cli->store, L"opening the Outbox");
    }
    hr = traced(IMAPIFolder_CreateMessage(outbox, NULL, 0, &message), L"IMAPIFolder::CreateMessage");
    IMAPIFolder_Release(outbox);
    if (FAILED(hr))
    {
        free(body);
        MAPIFreeBuffer(sent_id.lpb);
        return fail(hr, (IUnknown *)cli->store, L"creating the message");
    }

    props[n].ulPropTag = PR_MESSAGE_CLASS_W;
    props[n++].Value.lpszW = (WCHAR *)L"IPM.Note";
    props[n].ulPropTag = PR_SUBJECT_W;
    props[n++].Value.lpszW = (WCHAR *)(cli->subject ? cli->subject : L"");
    props[n].ulPropTag = PR_DELETE_AFTER_SUBMIT;
    props[n++].Value.b = FALSE;
    if (sent_id.lpb)
    {
        props[n].ulPropTag = PR_SENTMAIL_ENTRYID;
        props[n++].Value.bin = sent_id;
    }
    hr = traced(IMessage_SetProps(message, n, props, NULL), L"IMessage::SetProps");
    MAPIFreeBuffer(sent_id.lpb);
    if (SUCCEEDED(hr) && SUCCEEDED(hr = IMessage_OpenProperty(message, PR_BODY_W, &IID_IStream,
                                                             STGM_CREATE | STGM_WRITE, MAPI_CREATE | MAPI_MODIFY,
                                                             (IUnknown **)&stream)))
    {
        if (SUCCEEDED(hr = IStream_Write(stream, body, wcslen(body) * sizeof(WCHAR), &written)))
            hr = IStream_Commit(stream, STGC_DEFAULT);
        IStream_Release(stream);
    }
    traced(hr, L"IMessage::OpenProperty (PR_BODY)");
    free(body);
    if (SUCCEEDED(hr)) hr = add_recipients(cli, message);
    for (i = 0; i < cli->attach_count && SUCCEEDED(hr); i++) hr = add_attachment(message, cli->attach[i]);
    if (SUCCEEDED(hr)) hr = traced(IMessage_SubmitMessage(message, 0), L"IMessage::SubmitMessage");
    if (FAILED(hr))
    {
        ret = hr == MAPI_E_NOT_FOUND && i ? EXIT_NOT_FOUND : fail(hr, (IUnknown *)message, L"composing the message");
        IMessage_Release(message);
        return ret;
    }
    IMessage_Release(message);

    say(L"Submitted \"%ls\" to ", cli->subject ? cli->subject : L"");
    for (i = 0; i < cli->to_count + cli->cc_count + cli->bcc_count; i++)
    {
        const WCHAR *who = i < cli->to_count ? cli->to[i] : i < cli->to_count + cli->cc_count ?
                           cli->cc[i - cli->to_count] : cli->bcc[i - cli->to_count - cli->cc_count];
        say(L"%ls%ls", i ? L", " : L"", who);
    }
    if (cli->attach_count) say(L", %lu attachment%ls", cli->attach_count, cli->attach_count == 1 ? L"" : L"s");
    say(L": it waits in the Outbox until the spooler hands it to the transport.\n");
    return 0;
}

/***********************************************************************
 * watch
 */

struct new_mail
{
    struct new_mail *next;
    SBinary id;
    WCHAR message_class[64];
};

/* The advise sink of watch: fnevNewMail notifications, queued for the main thread. */
struct mail_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    CRITICAL_SECTION cs;
    HANDLE event;
    struct new_mail *first, **last;
};

static inline struct mail_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct mail_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIAdviseSink))
    {
        *obj = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->ref);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    struct mail_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedDecrement(&sink->ref);

    if (!ref)
    {
        while (sink->first)
        {
            struct new_mail *mail = sink->first;
            sink->first = mail->next;
            free(mail->id.lpb);
            free(mail);
        }
        CloseHandle(sink->event);
        DeleteCriticalSection(&sink->cs);
        free(sink);
    }
    return ref;
}

/* The SDK says ULONG, Wine's header HRESULT: both are 0 here. */
static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct mail_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG i;

    for (i = 0; i < count; i++)
    {
        const NEWMAIL_NOTIFICATION *info = &notifications[i].info.newmail;
        struct new_mail *mail;

        if (notifications[i].ulEventType != fnevNewMail) continue;
        if (!(mail = calloc(1, sizeof(*mail)))) continue;
        if ((mail->id.lpb = malloc(info->cbEntryID)))
        {
            memcpy(mail->id.lpb, info->lpEntryID, info->cbEntryID);
            mail->id.cb = info->cbEntryID;
        }
        if (info->lpszMessageClass && info->ulFlags & MAPI_UNICODE)
            wcsncpy(mail->message_class, (const WCHAR *)info->lpszMessageClass, ARRAY_SIZE(mail->message_class) - 1);
        else if (info->lpszMessageClass)
            MultiByteToWideChar(CP_ACP, 0, (const char *)info->lpszMessageClass, -1, mail->message_class,
                                ARRAY_SIZE(mail->message_class) - 1);
        EnterCriticalSection(&sink->cs);
        *sink->last = mail;
        sink->last = &mail->next;
        LeaveCriticalSection(&sink->cs);
        SetEvent(sink->event);
    }
    return 0;
}

static const IMAPIAdviseSinkVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_OnNotify,
};

static struct new_mail *next_mail(struct mail_sink *sink)
{
    struct new_mail *mail;

    EnterCriticalSection(&sink->cs);
    if ((mail = sink->first) && !(sink->first = mail->next)) sink->last = &sink->first;
    LeaveCriticalSection(&sink->cs);
    return mail;
}

static void print_new_mail(struct cli *cli, const struct new_mail *mail)
{
    static const SizedSPropTagArray(5, tags) =
        { 5, { PR_SUBJECT_W, PR_SENT_REPRESENTING_NAME_W, PR_SENDER_EMAIL_ADDRESS_W, PR_HASATTACH, PR_ENTRYID } };
    SPropValue *props;
    IMessage *message;
    ULONG type, count;

    if (FAILED(IMsgStore_OpenEntry(cli->store, mail->id.cb, (ENTRYID *)mail->id.lpb, NULL, MAPI_BEST_ACCESS, &type,
                                   (IUnknown **)&message)))
    {
        out(L"new mail (%ls), which could not be opened\n", mail->message_class);
        return;
    }
    if (SUCCEEDED(IMessage_GetProps(message, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &props)))
    {
        const WCHAR *from = prop_string(&props[2], PR_SENDER_EMAIL_ADDRESS_W);

        if (!from) from = prop_string(&props[1], PR_SENT_REPRESENTING_NAME_W);
        out(L"new mail: \"%ls\" from %ls%ls", prop_string(&props[0], PR_SUBJECT_W) ? props[0].Value.lpszW : L"",
            from ? from : L"(unknown sender)",
            props[3].ulPropTag == PR_HASATTACH && props[3].Value.b ? L", with attachments" : L"");
        if (cli->ids)
        {
            out(L"  ");
            print_hex(mail->id.lpb, mail->id.cb);
        }
        out(L"\n");
        MAPIFreeBuffer(props);
    }
    IMessage_Release(message);
}

static int cmd_watch(struct cli *cli)
{
    struct mail_sink *sink;
    struct new_mail *mail;
    ULONG_PTR connection = 0;   /* the SDK's type; Wine's header says ULONG */
    ULONG seen = 0;
    DWORD start = GetTickCount(), elapsed;
    HRESULT hr;

    if (!(sink = calloc(1, sizeof(*sink)))) return fail(MAPI_E_NOT_ENOUGH_MEMORY, NULL, L"the advise sink");
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->ref = 1;
    sink->last = &sink->first;
    sink->event = CreateEventW(NULL, FALSE, FALSE, NULL);
    InitializeCriticalSection(&sink->cs);

    hr = traced(IMsgStore_Advise(cli->store, 0, NULL, fnevNewMail, &sink->IMAPIAdviseSink_iface,
                                 (void *)&connection),
                L"IMsgStore::Advise (fnevNewMail)");
    if (FAILED(hr))
    {
        IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
        return fail(hr, (IUnknown *)cli->store, L"watching for new mail");
    }
    if (cli->count) say(L"Waiting up to %lu s for %lu new message%ls...\n", cli->timeout, cli->count,
                        cli->count == 1 ? L"" : L"s");
    else say(L"Watching for new mail for %lu s...\n", cli->timeout);

    for (;;)
    {
        while ((mail = next_mail(sink)))
        {
            print_new_mail(cli, mail);
            free(mail->id.lpb);
            free(mail);
            seen++;
        }
        if (cli->count && seen >= cli->count) break;
        elapsed = GetTickCount() - start;
        if (elapsed >= cli->timeout * 1000) break;
        WaitForSingleObject(sink->event, cli->timeout * 1000 - elapsed);
    }
    IMsgStore_Unadvise(cli->store, connection);
    IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    say(L"%lu new message%ls.\n", seen, seen == 1 ? L"" : L"s");
    return cli->count && seen < cli->count ? EXIT_TIMEOUT : 0;
}

/***********************************************************************
 * Logging off the store, and what it did
 */

static const struct
{
    const WCHAR *option;
    ULONG flag;
    const WCHAR *name;
    const WCHAR *asks;
}
logoff_flags[] =
{
    { L"abort", LOGOFF_ABORT, L"LOGOFF_ABORT",
      L"log off only if the store is idle; if it is busy, change nothing" },
    { L"no-wait", LOGOFF_NO_WAIT, L"LOGOFF_NO_WAIT",
      L"send everything queued and in flight in the background, then log off; do not wait" },
    { L"orderly", LOGOFF_ORDERLY, L"LOGOFF_ORDERLY",
      L"finish what the transports hold, keep the queue for next time, then log off; do not wait" },
    { L"purge", LOGOFF_PURGE, L"LOGOFF_PURGE",
      L"send everything, flush every transport (upload and download), and return when done" },
    { L"quiet", LOGOFF_QUIET, L"LOGOFF_QUIET",
      L"log off only if nothing is in progress; otherwise change nothing" },
};

/* A submitted message of the Outbox, as it was before the logoff. */
struct queued
{
    SBinary search_key;
    WCHAR *subject;
    WCHAR *to;
};

struct queue_snapshot
{
    ULONG count;
    struct queued *messages;
};

static void free_snapshot(struct queue_snapshot *snapshot)
{
    ULONG i;

    for (i = 0; i < snapshot->count; i++)
    {
        free(snapshot->messages[i].search_key.lpb);
        free(snapshot->messages[i].subject);
        free(snapshot->messages[i].to);
    }
    free(snapshot->messages);
    snapshot->count = 0;
    snapshot->messages = NULL;
}

/* The messages of a folder, submitted ones only if asked. */
static HRESULT take_snapshot(IMsgStore *store, ULONG folder_tag, BOOL submitted_only, struct queue_snapshot *snapshot)
{
    IMAPIFolder *folder;
    SRowSet *rows;
    SBinary id;
    HRESULT hr;
    ULONG i;

    snapshot->count = 0;
    snapshot->messages = NULL;
    if (FAILED(hr = store_entryid(store, folder_tag, &id))) return hr;
    hr = open_folder_id(store, &id, 0, &folder);
    MAPIFreeBuffer(id.lpb);
    if (FAILED(hr)) return hr;
    hr = folder_messages(folder, &rows);
    IMAPIFolder_Release(folder);
    if (FAILED(hr)) return hr;
    if (!(snapshot->messages = calloc(rows->cRows + 1, sizeof(*snapshot->messages)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; SUCCEEDED(hr) && i < rows->cRows; i++)
    {
        const SRow *row = &rows->aRow[i];
        const SPropValue *key = find_prop(row, PR_SEARCH_KEY);
        const WCHAR *subject = row_string(row, PR_SUBJECT_W), *to = row_string(row, PR_DISPLAY_TO_W);
        struct queued *queued = &snapshot->messages[snapshot->count];

        if (submitted_only && !(row_long(row, PR_MESSAGE_FLAGS, 0) & MSGFLAG_SUBMIT)) continue;
        if (key && (queued->search_key.lpb = malloc(key->Value.bin.cb)))
        {
            memcpy(queued->search_key.lpb, key->Value.bin.lpb, key->Value.bin.cb);
            queued->search_key.cb = key->Value.bin.cb;
        }
        queued->subject = wcsdup(subject ? subject : L"");
        queued->to = wcsdup(to ? to : L"");
        snapshot->count++;
    }
    FreeProws(rows);
    return hr;
}

static BOOL snapshot_has(const struct queue_snapshot *snapshot, const struct queued *message)
{
    ULONG i;

    for (i = 0; i < snapshot->count; i++)
    {
        const struct queued *other = &snapshot->messages[i];

        if (message->search_key.cb)
        {
            if (other->search_key.cb == message->search_key.cb &&
                !memcmp(other->search_key.lpb, message->search_key.lpb, message->search_key.cb))
                return TRUE;
        }
        else if (!wcscmp(other->subject, message->subject) && !wcscmp(other->to, message->to)) return TRUE;
    }
    return FALSE;
}

static void print_activity(ULONG flags)
{
    BOOL any = FALSE;

    say(L"  the store said: ");
    if (flags & LOGOFF_INBOUND)
    {
        say(L"a transport is delivering mail into it [LOGOFF_INBOUND]");
        any = TRUE;
    }
    if (flags & LOGOFF_OUTBOUND)
    {
        say(L"%lsa transport holds one of its messages [LOGOFF_OUTBOUND]", any ? L"; " : L"");
        any = TRUE;
    }
    if (flags & LOGOFF_OUTBOUND_QUEUE)
    {
        say(L"%lsmessages wait in its outgoing queue [LOGOFF_OUTBOUND_QUEUE]", any ? L"; " : L"");
        any = TRUE;
    }
    if (flags & LOGOFF_COMPLETE)
    {
        say(L"%lsthe logoff is complete [LOGOFF_COMPLETE]", any ? L"; " : L"");
        any = TRUE;
    }
    if (!any) say(L"idle, nothing being sent or received (0)");
    say(L"\n");
}

/* Counts messages leaving the Outbox while the store's last Release flushes, for the progress line. */
struct flush_watch
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    SBinary outbox;
    LONG left;
};

static inline struct flush_watch *flush_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct flush_watch, IMAPIAdviseSink_iface);
}

static ULONG WINAPI flush_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&flush_from_IMAPIAdviseSink(iface)->ref);
}

static ULONG WINAPI flush_Release(IMAPIAdviseSink *iface)
{
    struct flush_watch *watch = flush_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedDecrement(&watch->ref);

    if (!ref)
    {
        MAPIFreeBuffer(watch->outbox.lpb);
        free(watch);
    }
    return ref;
}

static HRESULT WINAPI flush_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct flush_watch *watch = flush_from_IMAPIAdviseSink(iface);
    ULONG i;

    for (i = 0; i < count; i++)
    {
        const OBJECT_NOTIFICATION *object = &notifications[i].info.obj;
        const ENTRYID *from = notifications[i].ulEventType == fnevObjectMoved ? object->lpOldParentID :
                              object->lpParentID;
        ULONG from_size = notifications[i].ulEventType == fnevObjectMoved ? object->cbOldParentID :
                          object->cbParentID;

        if (!(notifications[i].ulEventType & (fnevObjectMoved | fnevObjectDeleted))) continue;
        if (object->ulObjType != MAPI_MESSAGE || !from || from_size != watch->outbox.cb) continue;
        if (!memcmp(from, watch->outbox.lpb, from_size)) InterlockedIncrement(&watch->left);
    }
    return 0;
}

static HRESULT WINAPI flush_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    return sink_QueryInterface(iface, iid, obj);
}

static const IMAPIAdviseSinkVtbl flush_vtbl =
{
    flush_QueryInterface,
    flush_AddRef,
    flush_Release,
    flush_OnNotify,
};

struct progress
{
    HANDLE done;
    struct flush_watch *watch;
    ULONG queued;
    DWORD start;
    LONG interval_ms;       /* -1: the default */
};

/* The progress line of a long PURGE: redrawn in place on a terminal, a line every few seconds elsewhere
 * (or as often as --progress says). */
static DWORD WINAPI progress_thread(void *arg)
{
    struct progress *progress = arg;
    BOOL terminal = GetFileType(GetStdHandle(STD_ERROR_HANDLE)) == FILE_TYPE_CHAR;
    DWORD interval = progress->interval_ms >= 0 ? progress->interval_ms : terminal ? 250 : 5000, elapsed;
    BOOL shown = FALSE;

    if (WaitForSingleObject(progress->done, 1000) == WAIT_OBJECT_0) return 0;
    do
    {
        WCHAR line[128];
        LONG left = progress->watch ? progress->watch->left : 0;

        elapsed = (GetTickCount() - progress->start) / 1000;
        if (progress->queued)
            _snwprintf(line, ARRAY_SIZE(line), L"flushing: %ld of %lu message%ls out of the Outbox, %lu s%ls",
                       min(left, (LONG)progress->queued), progress->queued, progress->queued == 1 ? L"" : L"s",
                       elapsed, terminal ? L"   \r" : L"\n");
        else
            _snwprintf(line, ARRAY_SIZE(line), L"flushing the transports: %lu s%ls", elapsed,
                       terminal ? L"   \r" : L"\n");
        line[ARRAY_SIZE(line) - 1] = 0;
        if (verbosity != QUIET) write_handle(STD_ERROR_HANDLE, line);
        shown = TRUE;
    } while (WaitForSingleObject(progress->done, interval) == WAIT_TIMEOUT);
    if (shown && terminal && verbosity != QUIET) write_handle(STD_ERROR_HANDLE, L"\n");
    return 0;
}

static void print_names(const WCHAR *what, const struct queued *messages, const ULONG *which, ULONG count)
{
    ULONG i;

    say(L"  %ls %lu", what, count);
    for (i = 0; i < count; i++)
    {
        const struct queued *message = &messages[which[i]];
        say(L"%ls\"%ls\"%ls%ls", i ? L", " : L": ", message->subject, *message->to ? L" to " : L"", message->to);
    }
    say(L"\n");
}

/* StoreLogoff with the flag asked for, the store's last Release, the session's
 * Logoff; then a fresh look (no spooler) at what left the Outbox. */
static int store_logoff(struct cli *cli)
{
    const WCHAR *name = L"", *asks = L"";
    struct queue_snapshot before = { 0 }, after = { 0 }, sent = { 0 };
    struct flush_watch *watch = NULL;
    struct progress progress = { 0 };
    ULONG flags = cli->logoff_flag, i, *gone, *stayed, *in_sent, gone_count = 0, stayed_count = 0, sent_count = 0;
    ULONG_PTR connection = 0;
    HANDLE thread = NULL;
    DWORD start, took;
    HRESULT hr;
    int ret = 0;

    for (i = 0; i < ARRAY_SIZE(logoff_flags); i++)
        if (logoff_flags[i].flag == flags)
        {
            name = logoff_flags[i].name;
            asks = logoff_flags[i].asks;
        }
    take_snapshot(cli->store, PR_IPM_OUTBOX_ENTRYID, TRUE, &before);
    say(L"Logoff with %ls: %ls.\n", name, asks);
    say(L"  before: %lu message%ls queued in the Outbox\n", before.count, before.count == 1 ? L"" : L"s");

    if (flags == LOGOFF_PURGE && (watch = calloc(1, sizeof(*watch))))
    {
        watch->IMAPIAdviseSink_iface.lpVtbl = &flush_vtbl;
        watch->ref = 1;
        if (FAILED(store_entryid(cli->store, PR_IPM_OUTBOX_ENTRYID, &watch->outbox)) ||
            FAILED(IMsgStore_Advise(cli->store, 0, NULL, fnevObjectMoved | fnevObjectDeleted,
                                    &watch->IMAPIAdviseSink_iface, (void *)&connection)))
            connection = 0;
    }

    start = GetTickCount();
    hr = IMsgStore_StoreLogoff(cli->store, &flags);
    trace(L"IMsgStore::StoreLogoff(%ls): %ls, flags %#lx\n", name, hr_name(hr), flags);
    if (FAILED(hr))
    {
        ret = fail(hr, (IUnknown *)cli->store, L"IMsgStore::StoreLogoff");
        flags = 0;
    }
    else print_activity(flags);

    if (watch && cli->progress_ms)
    {
        progress.interval_ms = cli->progress_ms;
        progress.done = CreateEventW(NULL, TRUE, FALSE, NULL);
        progress.watch = watch;
        progress.queued = before.count;
        progress.start = start;
        thread = CreateThread(NULL, 0, progress_thread, &progress, 0, NULL);
    }
    /* The logoff happens at the last Release: the store calls StoreLogoffTransports then,
     * and drops the advise of the progress line with everything else. */
    IMsgStore_Release(cli->store);
    cli->store = NULL;
    took = GetTickCount() - start;
    if (thread)
    {
        SetEvent(progress.done);
        WaitForSingleObject(thread, INFINITE);
        CloseHandle(thread);
        CloseHandle(progress.done);
    }
    if (watch) IMAPIAdviseSink_Release(&watch->IMAPIAdviseSink_iface);
    say(L"  the store was released %ls (%lu.%02lu s)\n", took < 500 ? L"at once" : L"after waiting",
        took / 1000, took % 1000 / 10);

    hr = traced(IMAPISession_Logoff(cli->session, 0, 0, 0), L"IMAPISession::Logoff");
    IMAPISession_Release(cli->session);
    cli->session = NULL;
    say(L"  session logged off%ls\n", FAILED(hr) ? L" (with an error)" : L"");

    /* A look with no spooler of our own at what became of the queue. */
    if (!before.count || logon(cli, FALSE) || open_store(cli))
    {
        free_snapshot(&before);
        return ret;
    }
    take_snapshot(cli->store, PR_IPM_OUTBOX_ENTRYID, TRUE, &after);
    take_snapshot(cli->store, PR_IPM_SENTMAIL_ENTRYID, FALSE, &sent);
    gone = calloc(before.count, sizeof(ULONG));
    stayed = calloc(before.count, sizeof(ULONG));
    in_sent = calloc(before.count, sizeof(ULONG));
    for (i = 0; gone && stayed && in_sent && i < before.count; i++)
    {
        if (snapshot_has(&after, &before.messages[i])) stayed[stayed_count++] = i;
        else if (snapshot_has(&sent, &before.messages[i])) in_sent[sent_count++] = i;
        else gone[gone_count++] = i;
    }
    if (sent_count) print_names(L"sent (now in Sent Items):", before.messages, in_sent, sent_count);
    if (gone_count) print_names(L"left the Outbox:", before.messages, gone, gone_count);
    print_names(L"still queued in the Outbox:", before.messages, stayed, stayed_count);
    if (stayed_count) say(L"  (the spooler of a MAPI program running on this profile, or of a later session, sends them)\n");
    free(gone);
    free(stayed);
    free(in_sent);
    free_snapshot(&before);
    free_snapshot(&after);
    free_snapshot(&sent);
    return ret;
}

/***********************************************************************
 * The command line
 */

static void usage(void)
{
    out(L"Usage: mapicli [OPTIONS] COMMAND [ARGUMENTS]\n"
        L"\n"
        L"Commands:\n"
        L"  stores                 the profile's message stores\n"
        L"  folders                the folder tree of the store, with message counts\n"
        L"  tree                   the folder tree with the messages of each folder\n"
        L"  list [FOLDER]          the messages of a folder (default Inbox)\n"
        L"  show MESSAGE           a message: headers, body, attachments; MESSAGE is FOLDER:N\n"
        L"                         (inbox:1 the first, inbox:-1 the last) or an entry ID (--ids)\n"
        L"  send --to ADDRESS ...  compose and submit a message\n"
        L"  watch                  print new mail as it arrives (fnevNewMail)\n"
        L"  logoff                 log on, then log off the store with --logoff FLAG (default orderly)\n"
        L"  help                   this text\n"
        L"\n"
        L"Options:\n"
        L"  --profile NAME         the profile to log on to (default: the default profile)\n"
        L"  --store NAME           the message store (default: the default store)\n"
        L"  --logoff FLAG          at the end, IMsgStore::StoreLogoff with LOGOFF_FLAG, and print\n"
        L"                         what it did: abort, no-wait, orderly, purge or quiet\n"
        L"  --progress SECONDS     how often a PURGE that takes more than a second prints its progress\n"
        L"                         on stderr (default 5; redrawn in place on a terminal); 0: never\n"
        L"  --no-mail              log on with MAPI_NO_MAIL (no spooler, nothing sent or received)\n"
        L"  --ids                  print entry IDs too\n"
        L"  -q, --quiet            print only what was asked for\n"
        L"  -v, --verbose          print each MAPI call and its result (on stderr)\n"
        L"send:  --to, --cc, --bcc ADDRESS (\"Name <a@b>\" or a@b, repeatable), --subject TEXT,\n"
        L"       --body TEXT or --body-file FILE (UTF-8), --attach FILE (repeatable)\n"
        L"show:  --save-attachments DIR\n"
        L"watch: --timeout SECONDS (default 60), --count N (stop after N messages)\n"
        L"\n"
        L"Exit codes: 0 done, 1 a MAPI call failed, 2 bad command line,\n"
        L"            3 watch saw fewer than --count messages, 4 no such store, folder or message.\n");
}

static BOOL add_to_list(const WCHAR **list, ULONG *count, const WCHAR *value)
{
    if (*count >= MAX_LIST) return FALSE;
    list[(*count)++] = value;
    return TRUE;
}

static int parse_args(struct cli *cli, int argc, WCHAR **argv, const WCHAR **command)
{
    int i;

    *command = NULL;
    cli->timeout = 60;
    cli->progress_ms = -1;
    for (i = 1; i < argc; i++)
    {
        const WCHAR *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        BOOL takes_value = TRUE;
        WCHAR *end;

        if (!wcscmp(arg, L"-q") || !wcscmp(arg, L"--quiet")) { cli->verbosity = QUIET; takes_value = FALSE; }
        else if (!wcscmp(arg, L"-v") || !wcscmp(arg, L"--verbose")) { cli->verbosity = VERBOSE; takes_value = FALSE; }
        else if (!wcscmp(arg, L"--ids")) { cli->ids = TRUE; takes_value = FALSE; }
        else if (!wcscmp(arg, L"--no-mail")) { cli->no_mail = TRUE; takes_value = FALSE; }
        else if (!wcscmp(arg, L"-h") || !wcscmp(arg, L"--help")) { *command = L"help"; takes_value = FALSE; }
        else if (arg[0] != '-' || !arg[1])
        {
            takes_value = FALSE;
            if (!*command) *command = arg;
            else if (cli->arg_count < ARRAY_SIZE(cli->args)) cli->args[cli->arg_count++] = arg;
            else
            {
                err(L"too many arguments: %ls\n", arg);
                return EXIT_USAGE;
            }
        }
        else if (!value)
        {
            err(L"%ls needs a value (see: mapicli help)\n", arg);
            return EXIT_USAGE;
        }
        else if (!wcscmp(arg, L"--profile")) cli->profile = value;
        else if (!wcscmp(arg, L"--store")) cli->store_name = value;
        else if (!wcscmp(arg, L"--subject")) cli->subject = value;
        else if (!wcscmp(arg, L"--body")) cli->body = value;
        else if (!wcscmp(arg, L"--body-file")) cli->body_file = value;
        else if (!wcscmp(arg, L"--save-attachments")) cli->save_dir = value;
        else if (!wcscmp(arg, L"--to") || !wcscmp(arg, L"--cc") || !wcscmp(arg, L"--bcc") ||
                 !wcscmp(arg, L"--attach"))
        {
            BOOL ok = arg[2] == 't' ? add_to_list(cli->to, &cli->to_count, value) :
                      arg[2] == 'c' ? add_to_list(cli->cc, &cli->cc_count, value) :
                      arg[3] == 'c' ? add_to_list(cli->bcc, &cli->bcc_count, value) :
                      add_to_list(cli->attach, &cli->attach_count, value);
            if (!ok)
            {
                err(L"at most %u of %ls\n", MAX_LIST, arg);
                return EXIT_USAGE;
            }
        }
        else if (!wcscmp(arg, L"--timeout") || !wcscmp(arg, L"--count") || !wcscmp(arg, L"--progress"))
        {
            ULONG number = wcstoul(value, &end, 10);

            if (*end || !*value || (arg[2] == 'p' && number > 3600))
            {
                err(L"%ls takes a number%ls, not \"%ls\"\n", arg, arg[2] == 'p' ? L" of seconds up to 3600" : L"", value);
                return EXIT_USAGE;
            }
            if (arg[2] == 't') cli->timeout = number;
            else if (arg[2] == 'c') cli->count = number;
            else cli->progress_ms = number * 1000;
        }
        else if (!wcscmp(arg, L"--logoff"))
        {
            ULONG j;

            for (j = 0; j < ARRAY_SIZE(logoff_flags); j++)
                if (!wcsicmp(value, logoff_flags[j].option) || !wcsicmp(value, logoff_flags[j].name)) break;
            if (j == ARRAY_SIZE(logoff_flags))
            {
                err(L"--logoff takes abort, no-wait, orderly, purge or quiet, not \"%ls\"\n", value);
                return EXIT_USAGE;
            }
            cli->logoff_given = TRUE;
            cli->logoff_flag = logoff_flags[j].flag;
        }
        else
        {
            err(L"unknown option %ls (see: mapicli help)\n", arg);
            return EXIT_USAGE;
        }
        if (takes_value) i++;
    }
    return 0;
}

int __cdecl wmain(int argc, WCHAR **argv)
{
    static const struct
    {
        const WCHAR *name;
        int (*run)(struct cli *);
        BOOL needs_store;
        BOOL with_mail;     /* starts the spooler even without --logoff */
        ULONG max_args;
    }
    commands[] =
    {
        { L"stores", cmd_stores, FALSE, FALSE, 0 },
        { L"folders", NULL, TRUE, FALSE, 0 },
        { L"tree", NULL, TRUE, FALSE, 0 },
        { L"list", cmd_list, TRUE, FALSE, 1 },
        { L"show", cmd_show, TRUE, FALSE, 1 },
        { L"send", cmd_send, TRUE, TRUE, 0 },
        { L"watch", cmd_watch, TRUE, TRUE, 0 },
        { L"logoff", NULL, TRUE, TRUE, 0 },
    };
    struct cli cli = { NORMAL };
    const WCHAR *command;
    ULONG i;
    int ret;

    if ((ret = parse_args(&cli, argc, argv, &command))) return ret;
    verbosity = cli.verbosity;
    if (!command || !wcscmp(command, L"help"))
    {
        usage();
        return command ? 0 : EXIT_USAGE;
    }
    for (i = 0; i < ARRAY_SIZE(commands); i++)
        if (!wcscmp(command, commands[i].name)) break;
    if (i == ARRAY_SIZE(commands))
    {
        err(L"unknown command \"%ls\" (see: mapicli help)\n", command);
        return EXIT_USAGE;
    }
    if (cli.arg_count > commands[i].max_args)
    {
        err(L"%ls takes %ls\n", command, commands[i].max_args ? L"one argument" : L"no arguments");
        return EXIT_USAGE;
    }
    if (!wcscmp(command, L"logoff") && !cli.logoff_given)
    {
        cli.logoff_given = TRUE;
        cli.logoff_flag = LOGOFF_ORDERLY;
    }
    if (cli.logoff_given && !commands[i].needs_store)
    {
        err(L"--logoff needs a command that opens a store\n");
        return EXIT_USAGE;
    }

    if ((ret = logon(&cli, commands[i].with_mail || cli.logoff_given)))
    {
        while (cli.initialized--) MAPIUninitialize();
        return ret;
    }
    if (commands[i].needs_store) ret = open_store(&cli);
    if (!ret)
    {
        if (!wcscmp(command, L"folders")) ret = cmd_folders(&cli, FALSE);
        else if (!wcscmp(command, L"tree")) ret = cmd_folders(&cli, TRUE);
        else if (commands[i].run) ret = commands[i].run(&cli);
    }
    if (cli.store && cli.logoff_given)
    {
        int logoff_ret = store_logoff(&cli);
        if (!ret) ret = logoff_ret;
    }
    if (cli.store) IMsgStore_Release(cli.store);
    if (cli.session)
    {
        IMAPISession_Logoff(cli.session, 0, 0, 0);
        IMAPISession_Release(cli.session);
    }
    while (cli.initialized--) MAPIUninitialize();
    return ret;
}
