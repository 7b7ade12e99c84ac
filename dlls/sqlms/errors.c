/*
 * GetLastError of every object of the store: a MAPIERROR describing an
 * HRESULT the store returned.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

static const struct
{
    HRESULT hr;
    const WCHAR *text;
}
error_texts[] =
{
    { MAPI_E_INVALID_OBJECT, L"The store was logged off." },
    { MAPI_E_NO_ACCESS, L"The object or the store was opened read-only." },
    { MAPI_E_NOT_FOUND, L"The object does not exist." },
    { MAPI_E_INVALID_ENTRYID, L"The entry identifier is not one of this store." },
    { MAPI_E_OBJECT_CHANGED, L"Another client saved the object since it was opened." },
    { MAPI_E_OBJECT_DELETED, L"The object was deleted." },
    { MAPI_E_SUBMITTED, L"The message is in the outgoing queue." },
    { MAPI_E_UNCONFIGURED, L"The database path of the profile is missing or not acceptable." },
    { MAPI_E_CORRUPT_STORE, L"The file is not a store of this provider, or it is damaged." },
    { MAPI_E_COLLISION, L"A folder of that name exists." },
    { MAPI_E_TIMEOUT, L"The database stayed locked by another client." },
    { MAPI_E_NOT_ENOUGH_DISK, L"The disk is full." },
    { MAPI_E_DISK_ERROR, L"The database file could not be read or written." },
};

HRESULT sqlms_get_last_error(HRESULT hr, ULONG flags, MAPIERROR **error)
{
    const WCHAR *text = L"The operation failed.";
    static const WCHAR component[] = L"SQLite Message Store";
    MAPIERROR *result;
    SIZE_T text_size, component_size;
    ULONG i;
    SCODE sc;

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (SUCCEEDED(hr)) return S_OK;
    for (i = 0; i < ARRAY_SIZE(error_texts); i++)
        if (error_texts[i].hr == hr) text = error_texts[i].text;

    if (flags & MAPI_UNICODE)
    {
        text_size = (lstrlenW(text) + 1) * sizeof(WCHAR);
        component_size = sizeof(component);
    }
    else
    {
        text_size = WideCharToMultiByte(CP_ACP, 0, text, -1, NULL, 0, NULL, NULL);
        component_size = WideCharToMultiByte(CP_ACP, 0, component, -1, NULL, 0, NULL, NULL);
    }
    if (FAILED(sc = MAPIAllocateBuffer(sizeof(*result) + text_size + component_size, (void **)&result))) return sc;
    result->ulVersion = 0;
    result->ulLowLevelError = 0;
    result->ulContext = 0;
    result->lpszError = (void *)(result + 1);
    result->lpszComponent = (void *)((BYTE *)(result + 1) + text_size);
    if (flags & MAPI_UNICODE)
    {
        memcpy(result->lpszError, text, text_size);
        memcpy(result->lpszComponent, component, component_size);
    }
    else
    {
        WideCharToMultiByte(CP_ACP, 0, text, -1, (char *)result->lpszError, text_size, NULL, NULL);
        WideCharToMultiByte(CP_ACP, 0, component, -1, (char *)result->lpszComponent, component_size, NULL, NULL);
    }
    *error = result;
    return S_OK;
}
