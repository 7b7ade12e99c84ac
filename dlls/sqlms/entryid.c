/*
 * Entry identifiers, record keys and instance keys of the store.
 *
 * A folder or message entry ID is 32 bytes: four flag bytes, the store's
 * GUID as the MAPIUID that the store registers with SetProviderUID (so MAPI
 * routes the ID to this store), a version byte, the object type, two zero
 * bytes and the row id (64 bits, little-endian). The store's own entry ID is
 * 40 bytes: the flags, SQLMS's PR_MDB_PROVIDER, version, type, two zero bytes
 * and the store's GUID; MAPI hands it to programs wrapped (WrapStoreEntryID).
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define EID_VERSION 1

static const BYTE mdb_provider[16] = SQLMS_MDB_PROVIDER_INIT;
/* The MAPIUID of store entry IDs wrapped by MAPI (MS-OXCDATA 2.2.4.3) */
static const BYTE store_wrap_uid[16] =
    { 0x38, 0xa1, 0xbb, 0x10, 0x05, 0xe5, 0x10, 0x1a, 0xa1, 0xbb, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 };

void eid_build(const struct sqlms_store *store, ULONG type, LONGLONG id, BYTE *out)
{
    memset(out, 0, SQLMS_EID_SIZE);
    memcpy(out + 4, &store->guid, 16);
    out[20] = EID_VERSION;
    out[21] = type;
    memcpy(out + 24, &id, 8);
}

HRESULT eid_to_bin(const struct sqlms_store *store, ULONG type, LONGLONG id, void *parent, SBinary *bin)
{
    SCODE sc;

    bin->cb = SQLMS_EID_SIZE;
    sc = parent ? MAPIAllocateMore(SQLMS_EID_SIZE, parent, (void **)&bin->lpb)
                : MAPIAllocateBuffer(SQLMS_EID_SIZE, (void **)&bin->lpb);
    if (FAILED(sc)) return sc;
    eid_build(store, type, id, bin->lpb);
    return S_OK;
}

/**************************************************************************
 *  eid_parse
 *
 * RETURNS
 *  S_OK with the type and row id of an entry ID of this store;
 *  MAPI_E_INVALID_ENTRYID for anything else (another store, a damaged ID).
 */
HRESULT eid_parse(const struct sqlms_store *store, ULONG size, const ENTRYID *eid, ULONG *type, LONGLONG *id)
{
    const BYTE *bytes = (const BYTE *)eid;

    if (!eid || size != SQLMS_EID_SIZE || IsBadReadPtr(eid, size)) return MAPI_E_INVALID_ENTRYID;
    if (memcmp(bytes + 4, &store->guid, 16) || bytes[20] != EID_VERSION) return MAPI_E_INVALID_ENTRYID;
    if (bytes[21] != SQLMS_FOLDER && bytes[21] != SQLMS_MESSAGE) return MAPI_E_INVALID_ENTRYID;
    if (bytes[22] || bytes[23]) return MAPI_E_INVALID_ENTRYID;
    *type = bytes[21];
    memcpy(id, bytes + 24, 8);
    if (*id <= 0) return MAPI_E_INVALID_ENTRYID;
    return S_OK;
}

void store_eid_build(const GUID *guid, BYTE *out)
{
    memset(out, 0, SQLMS_STORE_EID_SIZE);
    memcpy(out + 4, mdb_provider, 16);
    out[20] = EID_VERSION;
    out[21] = SQLMS_STORE;
    memcpy(out + 24, guid, 16);
}

/* The provider's part of a store entry ID MAPI wrapped, or the ID itself. */
const BYTE *store_eid_unwrap(ULONG size, const BYTE *eid, ULONG *inner_size)
{
    ULONG pos;

    *inner_size = size;
    if (size < 22 || memcmp(eid + 4, store_wrap_uid, 16)) return eid;
    for (pos = 22; pos < size && eid[pos]; pos++) ;
    if (pos >= size) return eid;
    pos++;
    /* Some wrappers align the inner ID on four bytes. */
    if (size - pos != SQLMS_STORE_EID_SIZE && (pos & 3)) pos = (pos + 3) & ~3;
    if (pos > size) return eid;
    *inner_size = size - pos;
    return eid + pos;
}

BOOL store_eid_parse(ULONG size, const BYTE *eid, GUID *guid)
{
    if (!eid || IsBadReadPtr(eid, size)) return FALSE;
    eid = store_eid_unwrap(size, eid, &size);
    if (size != SQLMS_STORE_EID_SIZE) return FALSE;
    if (memcmp(eid + 4, mdb_provider, 16) || eid[20] != EID_VERSION || eid[21] != SQLMS_STORE) return FALSE;
    memcpy(guid, eid + 24, 16);
    return TRUE;
}

void record_key_build(const struct sqlms_store *store, ULONG type, LONGLONG id, BYTE *out)
{
    ULONGLONG key = (ULONGLONG)id | ((ULONGLONG)type << 56);

    memcpy(out, &store->guid, 16);
    memcpy(out + 16, &key, 8);
}

void instance_key_build(LONGLONG id, BYTE *out)
{
    memcpy(out, &id, 8);
}

/* An ENTRYLIST a caller gave: readable, every entry readable. */
HRESULT eid_check_list(const struct sqlms_store *store, const ENTRYLIST *list)
{
    ULONG i;

    if (!list || IsBadReadPtr(list, sizeof(*list))) return MAPI_E_INVALID_PARAMETER;
    if (list->cValues && (!list->lpbin || IsBadReadPtr(list->lpbin, list->cValues * sizeof(SBinary))))
        return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < list->cValues; i++)
        if (!list->lpbin[i].lpb && list->lpbin[i].cb) return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}
