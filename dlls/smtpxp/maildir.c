/*
 * The Maildir inbound mail comes from: a real MTA delivers each message
 * into tmp/ and moves it into new/. A message leaves new/ (for cur/) only
 * after the store committed it, so none is lost and none read twice.
 *
 * While a message is delivered its file is held open with no sharing but
 * deletion: another transport on the same Maildir (another process) cannot
 * open it, and skips it. Win32 names cannot hold Maildir's ":2," info, so
 * files keep their names in cur/.
 */

#include "smtpxp_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(smtpxp);

static WCHAR *path_join(const WCHAR *dir, const WCHAR *sub, const WCHAR *name)
{
    size_t len = wcslen(dir) + wcslen(sub) + (name ? wcslen(name) : 0) + 3;
    WCHAR *path = malloc(len * sizeof(WCHAR));

    if (!path) return NULL;
    swprintf(path, len, L"%s\\%s%s%s", dir, sub, name ? L"\\" : L"", name ? name : L"");
    return path;
}

HRESULT maildir_open(struct maildir *dir, const WCHAR *path, ULONG interval)
{
    static const WCHAR *subdirs[] = { L"tmp", L"new", L"cur" };
    unsigned int i;

    memset(dir, 0, sizeof(*dir));
    if (!(dir->path = _wcsdup(path))) return MAPI_E_NOT_ENOUGH_MEMORY;
    dir->interval = interval;
    CreateDirectoryW(path, NULL);
    for (i = 0; i < ARRAY_SIZE(subdirs); i++)
    {
        WCHAR *sub = path_join(path, subdirs[i], NULL);
        DWORD attrs;

        if (!sub)
        {
            maildir_close(dir);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        CreateDirectoryW(sub, NULL);
        attrs = GetFileAttributesW(sub);
        free(sub);
        if (attrs == INVALID_FILE_ATTRIBUTES || !(attrs & FILE_ATTRIBUTE_DIRECTORY))
        {
            WARN("no Maildir at %s\n", debugstr_w(path));
            maildir_close(dir);
            return MAPI_E_NOT_FOUND;
        }
    }
    return S_OK;
}

static void free_pending(struct maildir *dir)
{
    while (dir->count) free(dir->pending[--dir->count]);
    free(dir->pending);
    dir->pending = NULL;
}

void maildir_close(struct maildir *dir)
{
    free_pending(dir);
    free(dir->path);
    dir->path = NULL;
}

static int __cdecl compare_names(const void *a, const void *b)
{
    return wcscmp(*(WCHAR * const *)a, *(WCHAR * const *)b);
}

/* Lists new/ again when the interval has passed (or force); returns how many wait. */
ULONG maildir_scan(struct maildir *dir, BOOL force)
{
    WIN32_FIND_DATAW data;
    WCHAR *pattern;
    HANDLE find;
    ULONG size = 0;

    if (!dir->path) return 0;
    if (!force && dir->scanned && GetTickCount() - dir->last_scan < dir->interval) return dir->count;
    dir->scanned = TRUE;
    dir->last_scan = GetTickCount();
    free_pending(dir);
    if (!(pattern = path_join(dir->path, L"new", L"*"))) return 0;
    find = FindFirstFileW(pattern, &data);
    free(pattern);
    if (find == INVALID_HANDLE_VALUE) return 0;
    do
    {
        WCHAR **grown;

        /* dot files are not messages (Maildir's rule); nor are directories */
        if (data.cFileName[0] == '.' || (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) continue;
        if (dir->count == size)
        {
            size = size ? size * 2 : 16;
            if (!(grown = realloc(dir->pending, size * sizeof(*grown)))) break;
            dir->pending = grown;
        }
        if ((dir->pending[dir->count] = _wcsdup(data.cFileName))) dir->count++;
    } while (FindNextFileW(find, &data));
    FindClose(find);
    /* Maildir names start with the delivery time: the oldest first. */
    if (dir->count) qsort(dir->pending, dir->count, sizeof(*dir->pending), compare_names);
    TRACE("%lu message(s) in %s\n", dir->count, debugstr_w(dir->path));
    return dir->count;
}

static void drop_first(struct maildir *dir)
{
    free(dir->pending[0]);
    memmove(dir->pending, dir->pending + 1, (dir->count - 1) * sizeof(*dir->pending));
    dir->count--;
}

/* S_OK with the oldest waiting message open and read; S_FALSE when none waits. */
HRESULT maildir_claim_next(struct maildir *dir, struct maildir_claim *claim)
{
    memset(claim, 0, sizeof(*claim));
    claim->file = INVALID_HANDLE_VALUE;
    while (dir->count)
    {
        WCHAR *path = path_join(dir->path, L"new", dir->pending[0]);
        LARGE_INTEGER size;
        DWORD read;
        HANDLE file;

        if (!path) return MAPI_E_NOT_ENOUGH_MEMORY;
        file = CreateFileW(path, GENERIC_READ, FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
        free(path);
        if (file == INVALID_HANDLE_VALUE)
        {
            /* gone (another transport took it) or being read by one now */
            TRACE("skipping %s: %lu\n", debugstr_w(dir->pending[0]), GetLastError());
            drop_first(dir);
            continue;
        }
        if (!GetFileSizeEx(file, &size) || size.QuadPart > 0x7ffffffe ||
            !(claim->data = malloc(size.QuadPart + 1)) ||
            !ReadFile(file, claim->data, size.LowPart, &read, NULL))
        {
            WARN("cannot read %s\n", debugstr_w(dir->pending[0]));
            free(claim->data);
            claim->data = NULL;
            CloseHandle(file);
            drop_first(dir);
            continue;
        }
        if (!(claim->dir = _wcsdup(dir->path)))
        {
            free(claim->data);
            claim->data = NULL;
            CloseHandle(file);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        claim->data[read] = 0;
        claim->len = read;
        GetFileTime(file, NULL, NULL, &claim->mtime);
        claim->file = file;
        claim->name = dir->pending[0];
        memmove(dir->pending, dir->pending + 1, (dir->count - 1) * sizeof(*dir->pending));
        dir->count--;
        return S_OK;
    }
    return S_FALSE;
}

/* The store has the message: out of new/, into cur/. */
HRESULT maildir_commit(struct maildir_claim *claim)
{
    WCHAR *from = path_join(claim->dir, L"new", claim->name), *to = path_join(claim->dir, L"cur", claim->name);
    HRESULT hr = S_OK;

    if (!from || !to) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING))
    {
        /* Whatever happens, it must not be read again. */
        ERR("cannot move %s to cur: %lu\n", debugstr_w(from), GetLastError());
        if (!DeleteFileW(from)) hr = MAPI_E_DISK_ERROR;
    }
    free(from);
    free(to);
    maildir_release(claim);
    return hr;
}

void maildir_release(struct maildir_claim *claim)
{
    if (claim->file != INVALID_HANDLE_VALUE) CloseHandle(claim->file);
    claim->file = INVALID_HANDLE_VALUE;
    free(claim->data);
    free(claim->dir);
    free(claim->name);
    claim->data = NULL;
    claim->dir = NULL;
    claim->name = NULL;
}
