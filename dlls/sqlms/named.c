/*
 * The store's map of named properties: one table for the whole store, kept
 * in the database (identifiers survive logons and are the same in every
 * process) and mirrored in memory.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define FIRST_NAMED_ID 0x8000
#define LAST_NAMED_ID  0xfffe

struct named_entry
{
    ULONG id;
    GUID guid;
    ULONG kind;
    LONG lid;
    WCHAR *name;
};

struct named_map
{
    struct named_entry *entries;
    ULONG count, capacity;
    ULONG max_id;
};

void named_free(struct sqlms_store *store)
{
    struct named_map *map = store->named;
    ULONG i;

    if (!map) return;
    for (i = 0; i < map->count; i++) heap_free(map->entries[i].name);
    heap_free(map->entries);
    heap_free(map);
    store->named = NULL;
}

/* Reads the entries other logons added since the last look. */
static HRESULT named_load(struct sqlms_store *store)
{
    struct named_map *map = store->named;
    sqlite3_stmt *stmt;
    int rc;

    if (!map)
    {
        if (!(map = heap_alloc_zero(sizeof(*map)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        map->max_id = FIRST_NAMED_ID - 1;
        store->named = map;
    }
    if (!(stmt = db_stmt(store->db, STMT_NAMED_LIST))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int(stmt, 1, map->max_id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    {
        struct named_entry *entry;

        if (map->count == map->capacity)
        {
            ULONG capacity = max(32, map->capacity * 2);
            struct named_entry *entries = heap_realloc(map->entries, capacity * sizeof(*entries));

            if (!entries)
            {
                sqlite3_reset(stmt);
                return MAPI_E_NOT_ENOUGH_MEMORY;
            }
            map->entries = entries;
            map->capacity = capacity;
        }
        entry = &map->entries[map->count];
        entry->id = sqlite3_column_int(stmt, 0);
        if (sqlite3_column_bytes(stmt, 1) != sizeof(GUID)) continue;
        memcpy(&entry->guid, sqlite3_column_blob(stmt, 1), sizeof(GUID));
        entry->kind = sqlite3_column_int(stmt, 2);
        entry->lid = sqlite3_column_int(stmt, 3);
        entry->name = entry->kind == MNID_STRING ? wide_from_utf8((const char *)sqlite3_column_text(stmt, 4)) : NULL;
        if (entry->kind == MNID_STRING && !entry->name) continue;
        map->max_id = max(map->max_id, entry->id);
        map->count++;
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? S_OK : db_hr(store->db, rc);
}

static struct named_entry *named_find(struct named_map *map, const MAPINAMEID *name)
{
    ULONG i;

    for (i = 0; i < map->count; i++)
    {
        struct named_entry *entry = &map->entries[i];

        if (entry->kind != name->ulKind || !IsEqualGUID(&entry->guid, name->lpguid)) continue;
        if (name->ulKind == MNID_ID ? entry->lid == name->Kind.lID : !lstrcmpW(entry->name, name->Kind.lpwstrName))
            return entry;
    }
    return NULL;
}

static struct named_entry *named_find_id(struct named_map *map, ULONG id)
{
    ULONG i;

    for (i = 0; i < map->count; i++)
        if (map->entries[i].id == id) return &map->entries[i];
    return NULL;
}

static BOOL is_valid_name(const MAPINAMEID *name)
{
    if (!name || IsBadReadPtr(name, sizeof(*name)) || !name->lpguid) return FALSE;
    if (name->ulKind == MNID_ID) return TRUE;
    return name->ulKind == MNID_STRING && name->Kind.lpwstrName && *name->Kind.lpwstrName;
}

/* A new identifier, in a transaction of its own: the map belongs to the whole store. */
static HRESULT named_create(struct sqlms_store *store, const MAPINAMEID *name, ULONG *id)
{
    struct named_entry *entry;
    sqlite3_stmt *stmt;
    char *utf8 = NULL;
    HRESULT hr;

    if (FAILED(hr = store_begin(store))) return hr;
    if (FAILED(hr = named_load(store))) goto failed;
    if ((entry = named_find(store->named, name)))
    {
        *id = entry->id;
        store_rollback(store);
        return S_OK;
    }
    if (store->named->max_id >= LAST_NAMED_ID)
    {
        hr = MAPI_E_NOT_ENOUGH_RESOURCES;
        goto failed;
    }
    *id = store->named->max_id + 1;
    if (!(stmt = db_stmt(store->db, STMT_NAMED_INSERT)))
    {
        hr = MAPI_E_CALL_FAILED;
        goto failed;
    }
    if (name->ulKind == MNID_STRING && !(utf8 = utf8_from_wide(name->Kind.lpwstrName)))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto failed;
    }
    sqlite3_bind_int(stmt, 1, *id);
    sqlite3_bind_blob(stmt, 2, name->lpguid, sizeof(GUID), SQLITE_STATIC);
    sqlite3_bind_int(stmt, 3, name->ulKind);
    sqlite3_bind_int(stmt, 4, name->ulKind == MNID_ID ? name->Kind.lID : 0);
    sqlite3_bind_text(stmt, 5, utf8 ? utf8 : "", -1, SQLITE_STATIC);
    hr = db_step_done(store->db, stmt);
    heap_free(utf8);
    if (FAILED(hr)) goto failed;
    if (FAILED(hr = store_commit(store))) return hr;
    return named_load(store);

failed:
    store_rollback(store);
    return hr;
}

static ULONG named_id_of(struct sqlms_store *store, const MAPINAMEID *name, ULONG flags, HRESULT *hr)
{
    struct named_entry *entry;
    ULONG id;

    /* PS_MAPI names are the identifiers themselves. */
    if (IsEqualGUID(name->lpguid, &PS_MAPI))
        return name->ulKind == MNID_ID && name->Kind.lID > 0 && name->Kind.lID < FIRST_NAMED_ID ? name->Kind.lID : 0;
    if ((entry = named_find(store->named, name))) return entry->id;
    if (FAILED(*hr = named_load(store))) return 0;
    if ((entry = named_find(store->named, name))) return entry->id;
    if (!(flags & MAPI_CREATE)) return 0;
    if (FAILED(*hr = named_create(store, name, &id))) return 0;
    return id;
}

/**************************************************************************
 *  named_get_ids
 *
 * IMAPIProp::GetIDsFromNames for every object of the store. With no names,
 * the identifiers of every named property of the store.
 */
HRESULT named_get_ids(struct sqlms_store *store, ULONG count, MAPINAMEID **names, ULONG flags,
                      SPropTagArray **tags)
{
    HRESULT hr = S_OK, result = S_OK;
    SPropTagArray *array;
    ULONG i, id;

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if (flags & ~(MAPI_CREATE | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (count && (!names || IsBadReadPtr(names, count * sizeof(*names)))) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = named_load(store))) return hr;

    if (!count)
    {
        if (names) return MAPI_E_INVALID_PARAMETER;
        if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(store->named->count), (void **)&array))) return hr;
        array->cValues = store->named->count;
        for (i = 0; i < array->cValues; i++)
            array->aulPropTag[i] = PROP_TAG(PT_UNSPECIFIED, store->named->entries[i].id);
        *tags = array;
        return S_OK;
    }

    if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(count), (void **)&array))) return hr;
    array->cValues = count;
    for (i = 0; i < count; i++)
    {
        id = 0;
        if (is_valid_name(names[i]))
        {
            hr = S_OK;
            id = named_id_of(store, names[i], flags, &hr);
            if (FAILED(hr) && hr != MAPI_E_NOT_ENOUGH_RESOURCES)
            {
                MAPIFreeBuffer(array);
                return hr;
            }
        }
        if (id)
            array->aulPropTag[i] = PROP_TAG(PT_UNSPECIFIED, id);
        else
        {
            array->aulPropTag[i] = PROP_TAG(PT_ERROR, 0);
            result = MAPI_W_ERRORS_RETURNED;
        }
    }
    *tags = array;
    return result;
}

static HRESULT name_copy(const struct named_entry *entry, ULONG id, void *parent, MAPINAMEID **out)
{
    MAPINAMEID *name;
    SCODE sc;

    if (FAILED(sc = MAPIAllocateMore(sizeof(*name), parent, (void **)&name))) return sc;
    if (FAILED(sc = MAPIAllocateMore(sizeof(GUID), parent, (void **)&name->lpguid))) return sc;
    if (!entry)
    {
        *name->lpguid = PS_MAPI;
        name->ulKind = MNID_ID;
        name->Kind.lID = id;
    }
    else
    {
        *name->lpguid = entry->guid;
        name->ulKind = entry->kind;
        if (entry->kind == MNID_ID)
            name->Kind.lID = entry->lid;
        else
        {
            SIZE_T size = (lstrlenW(entry->name) + 1) * sizeof(WCHAR);
            if (FAILED(sc = MAPIAllocateMore(size, parent, (void **)&name->Kind.lpwstrName))) return sc;
            memcpy(name->Kind.lpwstrName, entry->name, size);
        }
    }
    *out = name;
    return S_OK;
}

static BOOL entry_wanted(const struct named_entry *entry, const GUID *guid, ULONG flags)
{
    if (guid && !IsEqualGUID(guid, &entry->guid)) return FALSE;
    if ((flags & MAPI_NO_IDS) && entry->kind == MNID_ID) return FALSE;
    if ((flags & MAPI_NO_STRINGS) && entry->kind == MNID_STRING) return FALSE;
    return TRUE;
}

/**************************************************************************
 *  named_get_names
 *
 * IMAPIProp::GetNamesFromIDs: names of the tags given, or of every named
 * property (of one property set, if guid is given) when *tags is NULL.
 */
HRESULT named_get_names(struct sqlms_store *store, SPropTagArray **tags, const GUID *guid, ULONG flags,
                        ULONG *count, MAPINAMEID ***names)
{
    MAPINAMEID **array = NULL;
    HRESULT hr, result = S_OK;
    ULONG i, n;

    if (!tags || !count || !names) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *names = NULL;
    if (flags & ~(MAPI_NO_IDS | MAPI_NO_STRINGS))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (FAILED(hr = named_load(store))) return hr;

    if (!*tags)
    {
        SPropTagArray *list;

        for (i = n = 0; i < store->named->count; i++)
            if (entry_wanted(&store->named->entries[i], guid, flags)) n++;
        if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(n), (void **)&list))) return hr;
        if (FAILED(hr = MAPIAllocateBuffer(max(n, 1) * sizeof(*array), (void **)&array)))
        {
            MAPIFreeBuffer(list);
            return hr;
        }
        list->cValues = n;
        for (i = n = 0; i < store->named->count; i++)
        {
            struct named_entry *entry = &store->named->entries[i];

            if (!entry_wanted(entry, guid, flags)) continue;
            list->aulPropTag[n] = PROP_TAG(PT_UNSPECIFIED, entry->id);
            if (FAILED(hr = name_copy(entry, entry->id, array, &array[n])))
            {
                MAPIFreeBuffer(list);
                MAPIFreeBuffer(array);
                return hr;
            }
            n++;
        }
        *tags = list;
        *count = n;
        *names = array;
        return S_OK;
    }

    if (IsBadReadPtr(*tags, sizeof(ULONG)) || !(*tags)->cValues) return MAPI_E_INVALID_PARAMETER;
    n = (*tags)->cValues;
    if (FAILED(hr = MAPIAllocateBuffer(n * sizeof(*array), (void **)&array))) return hr;
    for (i = 0; i < n; i++)
    {
        ULONG id = PROP_ID((*tags)->aulPropTag[i]);
        struct named_entry *entry = NULL;

        array[i] = NULL;
        if (id >= FIRST_NAMED_ID && !(entry = named_find_id(store->named, id)))
        {
            result = MAPI_W_ERRORS_RETURNED;
            continue;
        }
        if (entry ? !entry_wanted(entry, guid, flags) : (guid && !IsEqualGUID(guid, &PS_MAPI)) || !id)
        {
            result = MAPI_W_ERRORS_RETURNED;
            continue;
        }
        if (FAILED(hr = name_copy(entry, id, array, &array[i])))
        {
            MAPIFreeBuffer(array);
            return hr;
        }
    }
    *count = n;
    *names = array;
    return result;
}
