/*
 * The named property map of a .msg file: the "__nameid_version1.0" storage
 * of [MS-OXMSG] 2.2.3, with its GUID, entry and string streams and the hash
 * buckets that readers use to go from a name to its identifier.
 * One map serves the message and everything in it, embedded messages too.
 */

#include "imessage_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static const WCHAR nameid_storage_name[] = L"__nameid_version1.0";
static const WCHAR guid_stream_name[] = L"__substg1.0_00020102";
static const WCHAR entry_stream_name[] = L"__substg1.0_00030102";
static const WCHAR string_stream_name[] = L"__substg1.0_00040102";

#define GUID_INDEX_PS_MAPI           1
#define GUID_INDEX_PS_PUBLIC_STRINGS 2
#define GUID_INDEX_FIRST_STREAM      3
#define NAME_BUCKETS                 0x1f
#define UNUSED_KIND                  0xffffffff

/* CRC-32 of [MS-OXMSG] 2.2.3.1.2: reflected 0xedb88320, no inversion before or after. */
DWORD msg_crc32(const BYTE *data, SIZE_T size)
{
    DWORD crc = 0;
    SIZE_T i;
    int bit;

    for (i = 0; i < size; i++)
    {
        crc ^= data[i];
        for (bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xedb88320 & (0 - (crc & 1)));
    }
    return crc;
}

void named_map_clear(struct named_map *map)
{
    ULONG i;

    for (i = 0; i < map->count; i++) HeapFree(GetProcessHeap(), 0, map->entries[i].name);
    HeapFree(GetProcessHeap(), 0, map->entries);
    map->entries = NULL;
    map->count = map->capacity = 0;
}

static BOOL grow_map(struct named_map *map, ULONG count)
{
    struct named_entry *entries;
    ULONG capacity;

    if (count <= map->capacity) return TRUE;
    capacity = max(count, max(16, map->capacity * 2));
    entries = map->entries ? HeapReAlloc(GetProcessHeap(), 0, map->entries, capacity * sizeof(*entries))
                           : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*entries));
    if (!entries) return FALSE;
    map->entries = entries;
    map->capacity = capacity;
    return TRUE;
}

const struct named_entry *named_map_entry(const struct named_map *map, ULONG prop_id)
{
    ULONG index;

    if (prop_id < 0x8000) return NULL;
    index = prop_id - 0x8000;
    if (index >= map->count || map->entries[index].kind == UNUSED_KIND) return NULL;
    return &map->entries[index];
}

static BOOL same_name(const struct named_entry *entry, const MAPINAMEID *name)
{
    if (entry->kind != name->ulKind || !IsEqualGUID(&entry->guid, name->lpguid)) return FALSE;
    if (entry->kind == MNID_ID) return entry->id == (ULONG)name->Kind.lID;
    return !wcscmp(entry->name, name->Kind.lpwstrName);
}

/***********************************************************************
 *  named_map_lookup
 *
 * Finds the identifier of a name, adding it when create is set.
 * MAPI_E_NOT_FOUND for a name the map lacks, MAPI_E_TOO_BIG when full.
 */
SCODE named_map_lookup(struct named_map *map, const MAPINAMEID *name, BOOL create, ULONG *prop_id)
{
    struct named_entry *entry;
    ULONG i;

    for (i = 0; i < map->count; i++)
    {
        if (map->entries[i].kind == UNUSED_KIND || !same_name(&map->entries[i], name)) continue;
        *prop_id = 0x8000 + i;
        return S_OK;
    }
    if (!create) return MAPI_E_NOT_FOUND;
    if (map->count >= MSG_MAX_NAMES) return MAPI_E_TOO_BIG;
    if (!grow_map(map, map->count + 1)) return MAPI_E_NOT_ENOUGH_MEMORY;
    entry = &map->entries[map->count];
    entry->guid = *name->lpguid;
    entry->kind = name->ulKind;
    entry->id = 0;
    entry->name = NULL;
    if (name->ulKind == MNID_ID)
        entry->id = name->Kind.lID;
    else
    {
        SIZE_T size = (wcslen(name->Kind.lpwstrName) + 1) * sizeof(WCHAR);

        if (!(entry->name = HeapAlloc(GetProcessHeap(), 0, size))) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(entry->name, name->Kind.lpwstrName, size);
    }
    *prop_id = 0x8000 + map->count++;
    return S_OK;
}

static inline ULONG read_ulong(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static inline void write_ulong(BYTE *p, ULONG value)
{
    p[0] = value;
    p[1] = value >> 8;
    p[2] = value >> 16;
    p[3] = value >> 24;
}

/***********************************************************************
 *  named_map_load
 *
 * Reads the map of a .msg; a file without one has no named properties.
 */
SCODE named_map_load(IStorage *storage, ULONGLONG *budget, struct named_map *map)
{
    BYTE *guids = NULL, *entries = NULL, *strings = NULL;
    ULONG guid_size, entry_size, string_size, i;
    IStorage *nameid;
    HRESULT hr;
    SCODE sc;

    hr = IStorage_OpenStorage(storage, nameid_storage_name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &nameid);
    if (hr == STG_E_FILENOTFOUND) return S_OK;
    if (FAILED(hr)) return MapStorageSCode(hr);

    if (FAILED(sc = msg_read_stream(nameid, guid_stream_name, budget, &guids, &guid_size)) ||
        FAILED(sc = msg_read_stream(nameid, entry_stream_name, budget, &entries, &entry_size)) ||
        FAILED(sc = msg_read_stream(nameid, string_stream_name, budget, &strings, &string_size)))
    {
        /* Outlook writes all three, even empty; without them there are no names to read. */
        if (sc == MAPI_E_NOT_FOUND) sc = S_OK;
        goto done;
    }

    for (i = 0; i < entry_size / 8 && SUCCEEDED(sc); i++)
    {
        const BYTE *raw = entries + i * 8;
        ULONG value = read_ulong(raw), index_kind = read_ulong(raw + 4);
        ULONG kind = index_kind & 1, guid_index = (index_kind & 0xffff) >> 1, index = index_kind >> 16;
        struct named_entry *entry;
        GUID guid;

        if (guid_index == GUID_INDEX_PS_MAPI) guid = PS_MAPI;
        else if (guid_index == GUID_INDEX_PS_PUBLIC_STRINGS) guid = PS_PUBLIC_STRINGS;
        else if (guid_index >= GUID_INDEX_FIRST_STREAM && guid_index - GUID_INDEX_FIRST_STREAM < guid_size / sizeof(GUID))
            memcpy(&guid, guids + (guid_index - GUID_INDEX_FIRST_STREAM) * sizeof(GUID), sizeof(GUID));
        else
        {
            WARN("entry %lu: GUID index %lu of %lu\n", i, guid_index, guid_size / (ULONG)sizeof(GUID));
            sc = MAPI_E_CORRUPT_DATA;
            break;
        }
        if (index >= MSG_MAX_NAMES)
        {
            sc = MAPI_E_CORRUPT_DATA;
            break;
        }
        if (index >= map->count)
        {
            if (!grow_map(map, index + 1))
            {
                sc = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            while (map->count <= index)
            {
                memset(&map->entries[map->count], 0, sizeof(*map->entries));
                map->entries[map->count++].kind = UNUSED_KIND;
            }
        }
        entry = &map->entries[index];
        if (entry->kind != UNUSED_KIND)
        {
            WARN("identifier %#lx named twice\n", 0x8000 + index);
            sc = MAPI_E_CORRUPT_DATA;
            break;
        }
        entry->guid = guid;
        if (kind == 0)
        {
            entry->kind = MNID_ID;
            entry->id = value;
            continue;
        }
        /* A string name: its length in bytes, then UTF-16 without a terminator. */
        if (value > string_size || string_size - value < 4 ||
            read_ulong(strings + value) > string_size - value - 4)
        {
            WARN("entry %lu: string at %lu of %lu bytes\n", i, value, string_size);
            sc = MAPI_E_CORRUPT_DATA;
            break;
        }
        else
        {
            ULONG length = read_ulong(strings + value) / sizeof(WCHAR);

            if (!(entry->name = HeapAlloc(GetProcessHeap(), 0, (length + 1) * sizeof(WCHAR))))
            {
                sc = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            memcpy(entry->name, strings + value + 4, length * sizeof(WCHAR));
            entry->name[length] = 0;
            entry->kind = MNID_STRING;
        }
    }

done:
    HeapFree(GetProcessHeap(), 0, guids);
    HeapFree(GetProcessHeap(), 0, entries);
    HeapFree(GetProcessHeap(), 0, strings);
    IStorage_Release(nameid);
    if (FAILED(sc)) named_map_clear(map);
    return sc;
}

struct growing
{
    BYTE *data;
    ULONG size;
    ULONG capacity;
};

static BOOL append(struct growing *buffer, const void *data, ULONG size)
{
    if (buffer->size + size > buffer->capacity)
    {
        ULONG capacity = max(64, max(buffer->capacity * 2, buffer->size + size));
        BYTE *bigger = buffer->data ? HeapReAlloc(GetProcessHeap(), 0, buffer->data, capacity)
                                    : HeapAlloc(GetProcessHeap(), 0, capacity);
        if (!bigger) return FALSE;
        buffer->data = bigger;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
    return TRUE;
}

/***********************************************************************
 *  named_map_save
 *
 * Writes the map, replacing what the storage had.
 */
SCODE named_map_save(IStorage *storage, const struct named_map *map)
{
    struct growing guids = { 0 }, entries = { 0 }, strings = { 0 }, buckets[NAME_BUCKETS];
    BOOL no_memory = FALSE;
    IStorage *nameid;
    WCHAR name[32];
    SCODE sc = S_OK;
    HRESULT hr;
    ULONG i, j;

    memset(buckets, 0, sizeof(buckets));
    hr = IStorage_CreateStorage(storage, nameid_storage_name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                0, 0, &nameid);
    if (FAILED(hr)) return MapStorageSCode(hr);

    for (i = 0; i < map->count && !no_memory; i++)
    {
        const struct named_entry *entry = &map->entries[i];
        ULONG guid_index, index_kind, key;
        BYTE raw[8];

        if (entry->kind == UNUSED_KIND) continue;
        if (IsEqualGUID(&entry->guid, &PS_MAPI)) guid_index = GUID_INDEX_PS_MAPI;
        else if (IsEqualGUID(&entry->guid, &PS_PUBLIC_STRINGS)) guid_index = GUID_INDEX_PS_PUBLIC_STRINGS;
        else
        {
            for (j = 0; j < guids.size / sizeof(GUID); j++)
                if (!memcmp(guids.data + j * sizeof(GUID), &entry->guid, sizeof(GUID))) break;
            if (j == guids.size / sizeof(GUID) && !append(&guids, &entry->guid, sizeof(GUID))) no_memory = TRUE;
            guid_index = GUID_INDEX_FIRST_STREAM + j;
        }
        index_kind = (i << 16) | (guid_index << 1) | (entry->kind == MNID_STRING ? 1 : 0);
        if (entry->kind == MNID_ID)
        {
            write_ulong(raw, entry->id);
            key = entry->id;
        }
        else
        {
            ULONG bytes = wcslen(entry->name) * sizeof(WCHAR), zero = 0;
            BYTE length[4];

            write_ulong(raw, strings.size);
            write_ulong(length, bytes);
            if (!append(&strings, length, 4) || !append(&strings, entry->name, bytes) ||
                !append(&strings, &zero, (4 - bytes % 4) % 4))
                no_memory = TRUE;
            key = msg_crc32((const BYTE *)entry->name, bytes);
        }
        write_ulong(raw + 4, index_kind);
        if (!append(&entries, raw, 8)) no_memory = TRUE;
        /* The bucket entry holds the identifier, or the CRC of the string name. */
        write_ulong(raw, key);
        if (!append(&buckets[(key ^ ((guid_index << 1) | (entry->kind == MNID_STRING))) % NAME_BUCKETS], raw, 8))
            no_memory = TRUE;
    }
    if (no_memory) sc = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(sc)) sc = msg_write_stream(nameid, guid_stream_name, guids.data, guids.size);
    if (SUCCEEDED(sc)) sc = msg_write_stream(nameid, entry_stream_name, entries.data, entries.size);
    if (SUCCEEDED(sc)) sc = msg_write_stream(nameid, string_stream_name, strings.data, strings.size);
    for (i = 0; i < NAME_BUCKETS; i++)
    {
        swprintf(name, ARRAY_SIZE(name), L"__substg1.0_%04X0102", 0x1000 + i);
        if (SUCCEEDED(sc) && buckets[i].size) sc = msg_write_stream(nameid, name, buckets[i].data, buckets[i].size);
        HeapFree(GetProcessHeap(), 0, buckets[i].data);
    }
    if (SUCCEEDED(sc) && FAILED(hr = IStorage_Commit(nameid, STGC_DEFAULT))) sc = MapStorageSCode(hr);
    HeapFree(GetProcessHeap(), 0, guids.data);
    HeapFree(GetProcessHeap(), 0, entries.data);
    HeapFree(GetProcessHeap(), 0, strings.data);
    IStorage_Release(nameid);
    return sc;
}
