/*
 * Small helpers of the store: heap buffers, string conversions, times.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

BOOL buffer_reserve(struct sqlms_buffer *buf, SIZE_T more)
{
    SIZE_T capacity;
    BYTE *data;

    if (buf->size + more <= buf->capacity) return TRUE;
    if (more > ~(SIZE_T)0 / 2 - buf->size) return FALSE;
    capacity = max(buf->capacity * 2, buf->size + more);
    capacity = max(capacity, 256);
    if (!(data = heap_realloc(buf->data, capacity))) return FALSE;
    buf->data = data;
    buf->capacity = capacity;
    return TRUE;
}

BOOL buffer_append(struct sqlms_buffer *buf, const void *data, SIZE_T size)
{
    if (!buffer_reserve(buf, size)) return FALSE;
    if (size) memcpy(buf->data + buf->size, data, size);
    buf->size += size;
    return TRUE;
}

void buffer_free(struct sqlms_buffer *buf)
{
    heap_free(buf->data);
    buf->data = NULL;
    buf->size = buf->capacity = 0;
}

WCHAR *heap_strdupW(const WCHAR *str)
{
    WCHAR *copy;
    SIZE_T size;

    if (!str) return NULL;
    size = (lstrlenW(str) + 1) * sizeof(WCHAR);
    if ((copy = heap_alloc(size))) memcpy(copy, str, size);
    return copy;
}

WCHAR *heap_strdupAtoW(const char *str)
{
    WCHAR *copy;
    int len;

    if (!str) return NULL;
    len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    if ((copy = heap_alloc(len * sizeof(WCHAR)))) MultiByteToWideChar(CP_ACP, 0, str, -1, copy, len);
    return copy;
}

char *utf8_from_wide(const WCHAR *str)
{
    char *copy;
    int len;

    if (!str) return NULL;
    len = WideCharToMultiByte(CP_UTF8, 0, str, -1, NULL, 0, NULL, NULL);
    if ((copy = heap_alloc(len))) WideCharToMultiByte(CP_UTF8, 0, str, -1, copy, len, NULL, NULL);
    return copy;
}

WCHAR *wide_from_utf8(const char *str)
{
    WCHAR *copy;
    int len;

    if (!str) return NULL;
    len = MultiByteToWideChar(CP_UTF8, 0, str, -1, NULL, 0);
    if ((copy = heap_alloc(len * sizeof(WCHAR)))) MultiByteToWideChar(CP_UTF8, 0, str, -1, copy, len);
    return copy;
}

void filetime_now(FILETIME *ft)
{
    GetSystemTimeAsFileTime(ft);
}

LONGLONG filetime_to_int(const FILETIME *ft)
{
    return ((LONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

FILETIME int_to_filetime(LONGLONG value)
{
    FILETIME ft;

    ft.dwLowDateTime = (DWORD)value;
    ft.dwHighDateTime = (DWORD)((ULONGLONG)value >> 32);
    return ft;
}

/* TRUE for NULL (the object's default) or one of the interfaces listed. */
BOOL is_valid_iid(const IID *iid, const IID *const *allowed)
{
    if (!iid) return TRUE;
    for (; *allowed; allowed++)
        if (IsEqualIID(iid, *allowed)) return TRUE;
    return FALSE;
}

/* Adds the problems of add to *problems (either may be NULL); frees add. */
HRESULT hr_copy_problems(SPropProblemArray *add, SPropProblemArray **problems)
{
    SPropProblemArray *merged;
    ULONG count;
    SCODE sc;

    if (!add) return S_OK;
    if (!problems)
    {
        MAPIFreeBuffer(add);
        return S_OK;
    }
    if (!*problems)
    {
        *problems = add;
        return S_OK;
    }
    count = (*problems)->cProblem + add->cProblem;
    if (FAILED(sc = MAPIAllocateBuffer(CbNewSPropProblemArray(count), (void **)&merged)))
    {
        MAPIFreeBuffer(add);
        return sc;
    }
    memcpy(merged->aProblem, (*problems)->aProblem, (*problems)->cProblem * sizeof(SPropProblem));
    memcpy(merged->aProblem + (*problems)->cProblem, add->aProblem, add->cProblem * sizeof(SPropProblem));
    merged->cProblem = count;
    MAPIFreeBuffer(*problems);
    MAPIFreeBuffer(add);
    *problems = merged;
    return S_OK;
}
