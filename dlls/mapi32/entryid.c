/*
 * The entry IDs MAPI itself makes: wrapped store entry IDs (WrapStoreEntryID,
 * IMAPISupport::WrapStoreEntryID) and one-off entry IDs (CreateOneOff).
 *
 * A wrapped store entry ID is
 *   4 flag bytes (0), the store-wrap MAPIUID, a version byte (0), a flag
 *   byte (0), the provider DLL's name in ANSI with its NUL, the provider's
 *   own entry ID;
 * a one-off entry ID is
 *   4 flag bytes (0), MAPI_ONE_OFF_UID, a version WORD (0), a flag WORD
 *   (MAPI_ONE_OFF_UNICODE, MAPI_ONE_OFF_NO_RICH_INFO), then display name,
 *   address type and address, each with its NUL, wide with MAPI_ONE_OFF_UNICODE.
 * Both are what Windows' MAPI writes, so entry IDs kept by programs work in both.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

const MAPIUID mapi_store_wrap_uid =
    {{ 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a, 0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 }};
const MAPIUID mapi_one_off_uid = {MAPI_ONE_OFF_UID};

#define WRAP_HEADER_SIZE   (4 + sizeof(MAPIUID) + 2)
#define ONE_OFF_HEADER_SIZE (4 + sizeof(MAPIUID) + 4)

HRESULT entryid_wrap_store(const char *dll_name, ULONG size, const ENTRYID *entryid,
                           ULONG *wrapped_size, ENTRYID **wrapped)
{
    ULONG name_size = strlen(dll_name) + 1;
    BYTE *data;
    SCODE sc;

    if (size > ~0u - WRAP_HEADER_SIZE - name_size) return MAPI_E_INVALID_PARAMETER;
    *wrapped_size = WRAP_HEADER_SIZE + name_size + size;
    if ((sc = MAPIAllocateBuffer(*wrapped_size, (void **)wrapped))) return sc;
    data = (BYTE *)*wrapped;
    memset(data, 0, WRAP_HEADER_SIZE);
    memcpy(data + 4, &mapi_store_wrap_uid, sizeof(MAPIUID));
    memcpy(data + WRAP_HEADER_SIZE, dll_name, name_size);
    if (size) memcpy(data + WRAP_HEADER_SIZE + name_size, entryid, size);
    return S_OK;
}

BOOL entryid_unwrap_store(ULONG size, const ENTRYID *entryid, const char **dll_name,
                          ULONG *inner_size, const ENTRYID **inner)
{
    const BYTE *data = (const BYTE *)entryid;
    const BYTE *end;

    if (!entryid || size <= WRAP_HEADER_SIZE) return FALSE;
    if (memcmp(data + 4, &mapi_store_wrap_uid, sizeof(MAPIUID))) return FALSE;
    if (!(end = memchr(data + WRAP_HEADER_SIZE, 0, size - WRAP_HEADER_SIZE))) return FALSE;
    *dll_name = (const char *)data + WRAP_HEADER_SIZE;
    *inner = (const ENTRYID *)(end + 1);
    *inner_size = size - (end + 1 - data);
    return TRUE;
}

/***********************************************************************
 *  WrapStoreEntryID@24 (MAPI32.73)
 *
 * Wraps a store provider's entry ID for a store into the form MAPI hands
 * to programs, which names the provider's DLL.
 *
 * PARAMS
 *  flags         [I] MAPI_UNICODE if dll_name is a wide string.
 *  dll_name      [I] The store provider's DLL, as its profile section names it.
 *  orig_size     [I] Size of orig_entry.
 *  orig_entry    [I] The provider's entry ID of the store.
 *  wrapped_size  [O] Size of the wrapped entry ID.
 *  wrapped_entry [O] The wrapped entry ID; free it with MAPIFreeBuffer.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER, MAPI_E_UNKNOWN_FLAGS, MAPI_E_NOT_ENOUGH_MEMORY.
 */
HRESULT WINAPI WrapStoreEntryID(ULONG flags, LPSTR dll_name, ULONG orig_size, LPENTRYID orig_entry,
                                ULONG *wrapped_size, LPENTRYID *wrapped_entry)
{
    char name[MAX_PATH];

    TRACE("(%#lx,%s,%lu,%p,%p,%p)\n", flags, flags & MAPI_UNICODE ? debugstr_w((WCHAR *)dll_name)
          : debugstr_a(dll_name), orig_size, orig_entry, wrapped_size, wrapped_entry);

    if (!dll_name || (orig_size && !orig_entry) || !wrapped_size || !wrapped_entry)
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (flags & MAPI_UNICODE)
    {
        if (!WideCharToMultiByte(CP_ACP, 0, (WCHAR *)dll_name, -1, name, sizeof(name), NULL, NULL))
            return MAPI_E_INVALID_PARAMETER;
    }
    else lstrcpynA(name, dll_name, sizeof(name));
    if (!name[0]) return MAPI_E_INVALID_PARAMETER;
    return entryid_wrap_store(name, orig_size, orig_entry, wrapped_size, wrapped_entry);
}

BOOL entryid_is_one_off(ULONG size, const ENTRYID *entryid)
{
    return entryid && size >= ONE_OFF_HEADER_SIZE &&
           !memcmp((const BYTE *)entryid + 4, &mapi_one_off_uid, sizeof(MAPIUID));
}

static ULONG string_size(const void *str, BOOL unicode)
{
    return unicode ? (wcslen(str) + 1) * sizeof(WCHAR) : strlen(str) + 1;
}

HRESULT entryid_create_one_off(const void *name, const void *type, const void *address, ULONG flags,
                               ULONG *size, ENTRYID **entryid)
{
    BOOL unicode = !!(flags & MAPI_UNICODE);
    static const WCHAR emptyW[] = {0};
    ULONG name_size, type_size, address_size;
    WORD one_off_flags = 0;
    BYTE *data;
    SCODE sc;

    /* A one-off recipient may have no display name; MAPI then shows the address. */
    if (!name) name = unicode ? (const void *)emptyW : (const void *)"";
    name_size = string_size(name, unicode);
    type_size = string_size(type, unicode);
    address_size = string_size(address, unicode);
    if (unicode) one_off_flags |= MAPI_ONE_OFF_UNICODE;
    if (flags & MAPI_SEND_NO_RICH_INFO) one_off_flags |= MAPI_ONE_OFF_NO_RICH_INFO;

    *size = ONE_OFF_HEADER_SIZE + name_size + type_size + address_size;
    if ((sc = MAPIAllocateBuffer(*size, (void **)entryid))) return sc;
    data = (BYTE *)*entryid;
    memset(data, 0, ONE_OFF_HEADER_SIZE);
    memcpy(data + 4, &mapi_one_off_uid, sizeof(MAPIUID));
    memcpy(data + 4 + sizeof(MAPIUID) + 2, &one_off_flags, sizeof(WORD));
    data += ONE_OFF_HEADER_SIZE;
    memcpy(data, name, name_size);
    memcpy(data + name_size, type, type_size);
    memcpy(data + name_size + type_size, address, address_size);
    return S_OK;
}

/* The next string of a one-off entry ID, or NULL when it runs past the end. */
static WCHAR *read_one_off_string(const BYTE **pos, const BYTE *end, BOOL unicode)
{
    const BYTE *p = *pos;
    WCHAR *ret;
    int len;

    if (unicode)
    {
        for (; p + 1 < end; p += sizeof(WCHAR))
            if (!p[0] && !p[1]) break;
        if (p + 1 >= end) return NULL;
        len = (p - *pos) / sizeof(WCHAR);
        if (!(ret = malloc((len + 1) * sizeof(WCHAR)))) return NULL;
        memcpy(ret, *pos, len * sizeof(WCHAR));
        ret[len] = 0;
        *pos = p + sizeof(WCHAR);
        return ret;
    }
    if (!(p = memchr(p, 0, end - p))) return NULL;
    len = MultiByteToWideChar(CP_ACP, 0, (const char *)*pos, -1, NULL, 0);
    if (!(ret = malloc(len * sizeof(WCHAR)))) return NULL;
    MultiByteToWideChar(CP_ACP, 0, (const char *)*pos, -1, ret, len);
    *pos = p + 1;
    return ret;
}

HRESULT entryid_parse_one_off(ULONG size, const ENTRYID *entryid, WCHAR **name, WCHAR **type,
                              WCHAR **address, ULONG *one_off_flags)
{
    const BYTE *pos = (const BYTE *)entryid + ONE_OFF_HEADER_SIZE, *end = (const BYTE *)entryid + size;
    WORD flags;
    BOOL unicode;

    *name = *type = *address = NULL;
    if (!entryid_is_one_off(size, entryid)) return MAPI_E_INVALID_ENTRYID;
    memcpy(&flags, (const BYTE *)entryid + 4 + sizeof(MAPIUID) + 2, sizeof(flags));
    unicode = !!(flags & MAPI_ONE_OFF_UNICODE);
    if (one_off_flags) *one_off_flags = flags;
    if ((*name = read_one_off_string(&pos, end, unicode)) &&
        (*type = read_one_off_string(&pos, end, unicode)) &&
        (*address = read_one_off_string(&pos, end, unicode)))
        return S_OK;

    WARN("malformed one-off entry ID\n");
    free(*name);
    free(*type);
    *name = *type = NULL;
    return MAPI_E_INVALID_ENTRYID;
}
