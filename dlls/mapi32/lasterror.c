/*
 * Extended errors: what an object keeps of its last failure for its
 * GetLastError method, and the MAPIERROR it hands out.
 */

#include <stdio.h>

#include "profile_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#ifndef MAPI_ERROR_VERSION
#define MAPI_ERROR_VERSION 0
#endif

void mapi_error_clear(struct mapi_error_info *info)
{
    info->hr = S_OK;
    info->text[0] = 0;
}

HRESULT mapi_error_set(struct mapi_error_info *info, HRESULT hr, const WCHAR *format, ...)
{
    va_list args;

    if (!info) return hr;
    info->hr = hr;
    va_start(args, format);
    _vsnwprintf(info->text, ARRAY_SIZE(info->text) - 1, format, args);
    va_end(args);
    info->text[ARRAY_SIZE(info->text) - 1] = 0;
    TRACE("%#lx: %s\n", hr, debugstr_w(info->text));
    return hr;
}

void mapi_error_take(struct mapi_error_info *info, HRESULT hr, MAPIERROR *error, BOOL unicode)
{
    if (!error) return;
    if (info && error->lpszError)
    {
        WCHAR *text = mapi_strdupW_from(error->lpszError, unicode);

        if (text) mapi_error_set(info, hr, L"%s", text);
        free(text);
    }
    MAPIFreeBuffer(error);
}

/* A string in the width asked for, allocated with MAPIAllocateMore on parent */
static SCODE error_string(const WCHAR *string, BOOL unicode, void *parent, WCHAR **out)
{
    SCODE sc;

    if (unicode)
    {
        size_t size = (wcslen(string) + 1) * sizeof(WCHAR);
        if (SUCCEEDED(sc = MAPIAllocateMore(size, parent, (void **)out))) memcpy(*out, string, size);
    }
    else
    {
        int size = WideCharToMultiByte(CP_ACP, 0, string, -1, NULL, 0, NULL, NULL);
        if (SUCCEEDED(sc = MAPIAllocateMore(size, parent, (void **)out)))
            WideCharToMultiByte(CP_ACP, 0, string, -1, (char *)*out, size, NULL, NULL);
    }
    return sc;
}

HRESULT mapi_error_get(struct mapi_error_info *info, const WCHAR *component, HRESULT hr, ULONG flags,
                       MAPIERROR **error)
{
    MAPIERROR *result;
    SCODE sc;

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    /* Nothing to say about an error that is not the last one */
    if (!info->text[0] || hr != info->hr) return S_OK;

    if (FAILED(sc = MAPIAllocateBuffer(sizeof(*result), (void **)&result))) return sc;
    memset(result, 0, sizeof(*result));
    result->ulVersion = MAPI_ERROR_VERSION;
    result->ulLowLevelError = 0;
    result->ulContext = 0;
    if (FAILED(sc = error_string(info->text, flags & MAPI_UNICODE, result, &result->lpszError)) ||
        FAILED(sc = error_string(component, flags & MAPI_UNICODE, result, &result->lpszComponent)))
    {
        MAPIFreeBuffer(result);
        return sc;
    }
    *error = result;
    return S_OK;
}

WCHAR *mapi_strdupW_from(const void *string, BOOL unicode)
{
    WCHAR *copy;
    int size;

    if (!string) return NULL;
    if (unicode) return wcsdup(string);
    size = MultiByteToWideChar(CP_ACP, 0, string, -1, NULL, 0);
    if ((copy = malloc(size * sizeof(WCHAR)))) MultiByteToWideChar(CP_ACP, 0, string, -1, copy, size);
    return copy;
}
