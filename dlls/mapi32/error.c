/*
 * GetLastError of the session, support and address book objects: the text
 * of the last failure, handed out as a MAPIERROR.
 */

#include <stdio.h>
#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static const WCHAR component[] = L"MAPI";

/* Records a failure and returns it, so that callers can write "return mapi_error_set(...)". */
HRESULT mapi_error_set(struct mapi_error *error, HRESULT hr, const WCHAR *format, ...)
{
    WCHAR text[512];
    va_list args;

    va_start(args, format);
    _vsnwprintf(text, ARRAY_SIZE(text) - 1, format, args);
    va_end(args);
    text[ARRAY_SIZE(text) - 1] = 0;
    WARN("%#lx: %s\n", hr, debugstr_w(text));

    free(error->text);
    error->text = mapi_strdupW(text);
    error->hr = hr;
    return hr;
}

void mapi_error_clear(struct mapi_error *error)
{
    free(error->text);
    error->text = NULL;
    error->hr = S_OK;
}

static ULONG string_bytes(const WCHAR *str, BOOL unicode)
{
    return unicode ? (wcslen(str) + 1) * sizeof(WCHAR) : WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
}

static void *put_string(BYTE **pos, const WCHAR *str, BOOL unicode)
{
    void *ret = *pos;
    ULONG size = string_bytes(str, unicode);

    if (unicode) memcpy(*pos, str, size);
    else WideCharToMultiByte(CP_ACP, 0, str, -1, (char *)*pos, size, NULL, NULL);
    *pos += size;
    return ret;
}

HRESULT mapi_error_get(const struct mapi_error *error, HRESULT hr, ULONG flags, MAPIERROR **result)
{
    BOOL unicode = !!(flags & MAPI_UNICODE);
    MAPIERROR *mapi_error;
    BYTE *pos;
    SCODE sc;

    if (!result) return MAPI_E_INVALID_PARAMETER;
    *result = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* Nothing is known of other failures: S_OK and no MAPIERROR, as the pages allow. */
    if (!error->text || error->hr != hr) return S_OK;

    if ((sc = MAPIAllocateBuffer(sizeof(*mapi_error) + string_bytes(error->text, unicode) +
                                 string_bytes(component, unicode), (void **)&mapi_error)))
        return sc;
    pos = (BYTE *)(mapi_error + 1);
    mapi_error->ulVersion = 0; /* MAPI_ERROR_VERSION */
    mapi_error->lpszError = put_string(&pos, error->text, unicode);
    mapi_error->lpszComponent = put_string(&pos, component, unicode);
    mapi_error->ulLowLevelError = 0;
    mapi_error->ulContext = 0;
    *result = mapi_error;
    return S_OK;
}
