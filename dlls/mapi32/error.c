/*
 * GetLastError of the session, support and address book objects: the text
 * of the last failure, handed out as a MAPIERROR.
 */

#include <stdio.h>
#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

void mapi_error_clear(struct mapi_error_info *info)
{
    info->hr = S_OK;
    info->text[0] = 0;
}

/* Records a failure and returns it, so that callers can write "return mapi_error_set(...)". */
HRESULT mapi_error_set(struct mapi_error_info *info, HRESULT hr, const WCHAR *format, ...)
{
    va_list args;

    va_start(args, format);
    _vsnwprintf(info->text, ARRAY_SIZE(info->text) - 1, format, args);
    va_end(args);
    info->text[ARRAY_SIZE(info->text) - 1] = 0;
    info->hr = hr;
    WARN("%#lx: %s\n", hr, debugstr_w(info->text));
    return hr;
}

/* A string in the width asked for, in the block of parent. */
static void *put_string(const WCHAR *str, BOOL unicode, void *parent)
{
    void *ret;
    int size;

    if (unicode)
    {
        size = (wcslen(str) + 1) * sizeof(WCHAR);
        if (!MAPIAllocateMore(size, parent, &ret)) memcpy(ret, str, size);
        else ret = NULL;
        return ret;
    }
    size = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if (!MAPIAllocateMore(size, parent, &ret)) WideCharToMultiByte(CP_ACP, 0, str, -1, ret, size, NULL, NULL);
    else ret = NULL;
    return ret;
}

HRESULT mapi_error_get(struct mapi_error_info *info, const WCHAR *component, HRESULT hr, ULONG flags,
                       MAPIERROR **error)
{
    MAPIERROR *result;
    SCODE sc;

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* Nothing is known of other failures: S_OK and no MAPIERROR, as the pages allow. */
    if (!info->text[0] || info->hr != hr) return S_OK;

    if ((sc = MAPIAllocateBuffer(sizeof(*result), (void **)&result))) return sc;
    memset(result, 0, sizeof(*result));
    result->ulVersion = 0; /* MAPI_ERROR_VERSION */
    if (!(result->lpszError = put_string(info->text, flags & MAPI_UNICODE, result)) ||
        !(result->lpszComponent = put_string(component, flags & MAPI_UNICODE, result)))
    {
        MAPIFreeBuffer(result);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *error = result;
    return S_OK;
}
