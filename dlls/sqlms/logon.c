/*
 * A logon to the store: IMSLogon, the side MAPI holds, and the lifetime,
 * lock, transactions and change log shared by everything opened from it.
 *
 * The IMSLogon and the IMsgStore have separate reference counts. When the
 * program's last reference on the IMsgStore goes (objects opened from the
 * store hold one each), the store logs off as ../shared/docs/storelogoff.md
 * says: StoreLogoffTransports with the flag StoreLogoff saved (LOGOFF_ABORT
 * if it was never called), MakeInvalid, and the support object released
 * last. IMSLogon::Logoff (session logoff, or MAPI releasing that support
 * object) invalidates the logon: what the program still holds is handed to
 * MakeInvalid (objects.c), so every method of it answers
 * MAPI_E_INVALID_OBJECT from MAPI's stubs and MAPI may unload the DLL.
 */

#include "sqlms_private.h"
#include "shlobj.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define LOGON_FLAGS (MAPI_DEFERRED_ERRORS | MAPI_UNICODE | MDB_NO_DIALOG | MDB_NO_MAIL | MDB_TEMPORARY | \
                     MDB_WRITE | MAPI_BEST_ACCESS | MDB_ONLINE | MAPI_NO_CACHE)
#define OPEN_ENTRY_FLAGS (MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | SHOW_SOFT_DELETES | MAPI_NO_CACHE)
#define ADVISE_EVENTS (fnevCriticalError | fnevNewMail | fnevObjectCreated | fnevObjectDeleted | \
                       fnevObjectModified | fnevObjectMoved | fnevObjectCopied | fnevSearchComplete | \
                       fnevStatusObjectModified | fnevExtended)

/* Change log entries older than this are pruned; a logon that missed some reloads its tables. */
#define CHANGE_LOG_KEEP (10 * 60 * (LONGLONG)10000000)

static inline struct sqlms_store *impl_from_IMSLogon(IMSLogon *iface)
{
    return CONTAINING_RECORD(iface, struct sqlms_store, IMSLogon_iface);
}

/* In-process count of messages the spooler is delivering into each store (LOGOFF_INBOUND). */
static CRITICAL_SECTION inbound_cs;
static CRITICAL_SECTION_DEBUG inbound_cs_debug =
{
    0, 0, &inbound_cs,
    { &inbound_cs_debug.ProcessLocksList, &inbound_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": inbound_cs") }
};
static CRITICAL_SECTION inbound_cs = { &inbound_cs_debug, -1, 0, 0, 0, 0 };
static struct { GUID guid; LONG count; } inbound[16];

void store_inbound_add(struct sqlms_store *store, LONG delta)
{
    ULONG i, free_slot = ARRAY_SIZE(inbound);

    EnterCriticalSection(&inbound_cs);
    for (i = 0; i < ARRAY_SIZE(inbound); i++)
    {
        if (inbound[i].count && IsEqualGUID(&inbound[i].guid, &store->guid)) break;
        if (!inbound[i].count && free_slot == ARRAY_SIZE(inbound)) free_slot = i;
    }
    if (i == ARRAY_SIZE(inbound)) i = free_slot;
    if (i < ARRAY_SIZE(inbound))
    {
        inbound[i].guid = store->guid;
        inbound[i].count = max(0, inbound[i].count + delta);
    }
    LeaveCriticalSection(&inbound_cs);
}

static BOOL store_has_inbound(struct sqlms_store *store)
{
    BOOL found = FALSE;
    ULONG i;

    EnterCriticalSection(&inbound_cs);
    for (i = 0; i < ARRAY_SIZE(inbound); i++)
        if (inbound[i].count && IsEqualGUID(&inbound[i].guid, &store->guid)) found = TRUE;
    LeaveCriticalSection(&inbound_cs);
    return found;
}

void store_lock(struct sqlms_store *store)
{
    EnterCriticalSection(&store->cs);
}

/* Leaves the lock; the outermost unlock turns committed changes into notifications. */
void store_unlock(struct sqlms_store *store)
{
    BOOL flush = store->cs.RecursionCount == 1 && store->committed_count;

    LeaveCriticalSection(&store->cs);
    if (flush) notify_flush(store);
}

/* An object opened from the store holds it. */
void store_addref(struct sqlms_store *store)
{
    object_addref_internal(&store->msgstore->object);
}

void store_release(struct sqlms_store *store)
{
    object_release_internal(&store->msgstore->object);
}

HRESULT store_check(struct sqlms_store *store)
{
    return store->invalid ? MAPI_E_INVALID_OBJECT : S_OK;
}

/* Names whose existence tells other processes that a queue lock's owner lives. */
static void owner_name(const BYTE *owner, WCHAR *name)
{
    ULONG i;

    lstrcpyW(name, L"sqlms-owner-");
    for (i = 0; i < 16; i++) swprintf(name + 12 + 2 * i, 3, L"%02x", owner[i]);
}

BOOL owner_is_alive(const BYTE *owner, SIZE_T size)
{
    WCHAR name[64];
    HANDLE handle;

    if (size != 16) return FALSE;
    owner_name(owner, name);
    if (!(handle = OpenMutexW(SYNCHRONIZE, FALSE, name))) return FALSE;
    CloseHandle(handle);
    return TRUE;
}

/* LOGOFF_INBOUND, _OUTBOUND, _OUTBOUND_QUEUE: what the store is doing now. Both queries go by the
 * owner index: a long queue is not read. A lock whose owner is gone is no lock. */
ULONG store_activity(struct sqlms_store *store)
{
    ULONG activity = 0;
    sqlite3_stmt *stmt;

    if (store_has_inbound(store)) activity |= LOGOFF_INBOUND;
    if (!store->db) return activity;
    if ((stmt = db_stmt(store->db, STMT_QUEUE_COUNT)))
    {
        if (sqlite3_step(stmt) == SQLITE_ROW) activity |= LOGOFF_OUTBOUND_QUEUE;
        sqlite3_reset(stmt);
    }
    if ((stmt = db_stmt(store->db, STMT_QUEUE_OWNERS)))
    {
        while (sqlite3_step(stmt) == SQLITE_ROW)
        {
            if (owner_is_alive(sqlite3_column_blob(stmt, 0), sqlite3_column_bytes(stmt, 0)))
                activity |= LOGOFF_OUTBOUND;
            else
                activity |= LOGOFF_OUTBOUND_QUEUE;
        }
        sqlite3_reset(stmt);
    }
    return activity;
}

HRESULT store_begin(struct sqlms_store *store)
{
    struct sqlms_db *db = store->db;
    HRESULT hr;

    if (!db) return MAPI_E_INVALID_OBJECT;
    if (db->txn_depth++) return S_OK;
    db->txn_failed = FALSE;
    if (FAILED(hr = db_step_done(db, db_stmt(db, STMT_BEGIN))))
    {
        db->txn_depth = 0;
        return hr;
    }
    return S_OK;
}

HRESULT store_commit(struct sqlms_store *store)
{
    struct sqlms_db *db = store->db;
    HRESULT hr;

    if (--db->txn_depth) return S_OK;
    if (db->txn_failed)
    {
        db_step_done(db, db_stmt(db, STMT_ROLLBACK));
        store->pending_count = store->committed_count;
        return MAPI_E_CALL_FAILED;
    }
    if (!(++store->change_counter & 255))
    {
        /* Old entries of the change log go now and then, inside a transaction we pay for anyway. */
        sqlite3_stmt *stmt = db_stmt(db, STMT_CHANGE_PRUNE);
        FILETIME now;

        filetime_now(&now);
        sqlite3_bind_int64(stmt, 1, filetime_to_int(&now) - CHANGE_LOG_KEEP);
        db_step_done(db, stmt);
    }
    if (FAILED(hr = db_step_done(db, db_stmt(db, STMT_COMMIT))))
    {
        db_step_done(db, db_stmt(db, STMT_ROLLBACK));
        store->pending_count = store->committed_count;
        return hr;
    }
    store->committed_count = store->pending_count;
    return S_OK;
}

void store_rollback(struct sqlms_store *store)
{
    struct sqlms_db *db = store->db;

    if (--db->txn_depth)
    {
        db->txn_failed = TRUE;
        return;
    }
    db_step_done(db, db_stmt(db, STMT_ROLLBACK));
    store->pending_count = store->committed_count;
}

static BOOL pending_append(struct sqlms_store *store, const struct sqlms_change *change)
{
    if (store->pending_count == store->pending_capacity)
    {
        ULONG capacity = max(16, store->pending_capacity * 2);
        struct sqlms_change *pending = heap_realloc(store->pending, capacity * sizeof(*pending));

        if (!pending) return FALSE;
        store->pending = pending;
        store->pending_capacity = capacity;
    }
    store->pending[store->pending_count++] = *change;
    return TRUE;
}

/* Appends a change to the log, in the current transaction; other logons replay it. */
HRESULT store_log_change(struct sqlms_store *store, ULONG event, ULONG type, LONGLONG id,
                         LONGLONG parent, LONGLONG old_id, LONGLONG old_parent)
{
    struct sqlms_change change = { event, type, id, parent, old_id, old_parent };
    sqlite3_stmt *stmt = db_stmt(store->db, STMT_CHANGE_INSERT);
    FILETIME now;
    HRESULT hr;

    if (!stmt) return MAPI_E_CALL_FAILED;
    filetime_now(&now);
    sqlite3_bind_blob(stmt, 1, store->origin, sizeof(store->origin), SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, event);
    sqlite3_bind_int(stmt, 3, type);
    sqlite3_bind_int64(stmt, 4, id);
    sqlite3_bind_int64(stmt, 5, parent);
    sqlite3_bind_int64(stmt, 6, old_id);
    sqlite3_bind_int64(stmt, 7, old_parent);
    sqlite3_bind_int64(stmt, 8, filetime_to_int(&now));
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    return pending_append(store, &change) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

/* A logon's mark in the change log: eight bytes of its process, eight of its own. MAPI's notification
 * engine reaches every sink of the process: what a logon of this process changed, it told them itself. */
static BYTE process_mark[8];
static INIT_ONCE process_mark_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI init_process_mark(INIT_ONCE *once, void *param, void **context)
{
    GUID guid;

    CoCreateGuid(&guid);
    memcpy(process_mark, &guid, sizeof(process_mark));
    return TRUE;
}

static void make_origin(BYTE *origin)
{
    GUID guid;

    InitOnceExecuteOnce(&process_mark_once, init_process_mark, NULL, NULL);
    CoCreateGuid(&guid);
    memcpy(origin, process_mark, sizeof(process_mark));
    memcpy(origin + sizeof(process_mark), guid.Data4, 16 - sizeof(process_mark));
}

BOOL origin_is_this_process(const void *origin, SIZE_T size)
{
    InitOnceExecuteOnce(&process_mark_once, init_process_mark, NULL, NULL);
    return size == 16 && !memcmp(origin, process_mark, sizeof(process_mark));
}

/* Replayed changes of other logons: queued as if committed here. */
void store_add_remote_change(struct sqlms_store *store, const struct sqlms_change *change)
{
    if (pending_append(store, change)) store->committed_count = store->pending_count;
}

/* The store's entry ID as programs see it: wrapped by the support object (once). */
HRESULT store_wrapped_entryid(struct sqlms_store *store, void *parent, SBinary *bin)
{
    SCODE sc;

    if (!store->wrapped_eid)
    {
        BYTE raw[SQLMS_STORE_EID_SIZE];
        ENTRYID *wrapped = NULL;
        ULONG size = 0;

        store_eid_build(&store->guid, raw);
        if (store->support && SUCCEEDED(IMAPISupport_WrapStoreEntryID(store->support, sizeof(raw), (ENTRYID *)raw,
                                                                       &size, &wrapped)) && wrapped)
        {
            if ((store->wrapped_eid = heap_alloc(size)))
            {
                memcpy(store->wrapped_eid, wrapped, size);
                store->wrapped_eid_size = size;
            }
            MAPIFreeBuffer(wrapped);
        }
        else if ((store->wrapped_eid = heap_alloc(sizeof(raw))))
        {
            /* No wrapper: the raw ID still opens the store through this provider. */
            memcpy(store->wrapped_eid, raw, sizeof(raw));
            store->wrapped_eid_size = sizeof(raw);
        }
        if (!store->wrapped_eid) return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    bin->cb = store->wrapped_eid_size;
    sc = parent ? MAPIAllocateMore(bin->cb, parent, (void **)&bin->lpb)
                : MAPIAllocateBuffer(bin->cb, (void **)&bin->lpb);
    if (SUCCEEDED(sc)) memcpy(bin->lpb, store->wrapped_eid, bin->cb);
    return sc;
}

static BOOL is_store_entryid(struct sqlms_store *store, ULONG size, const ENTRYID *eid)
{
    GUID guid;

    return store_eid_parse(size, (const BYTE *)eid, &guid) && IsEqualGUID(&guid, &store->guid);
}

HRESULT store_open_entry(struct sqlms_store *store, ULONG eid_size, const ENTRYID *eid, const IID *iid,
                         ULONG flags, ULONG *type, IUnknown **out)
{
    static const IID *const store_iids[] = { &IID_IMsgStore, &IID_IMAPIProp, &IID_IUnknown, NULL };
    static const IID *const folder_iids[] = { &IID_IMAPIFolder, &IID_IMAPIContainer, &IID_IMAPIProp,
                                              &IID_IUnknown, NULL };
    static const IID *const message_iids[] = { &IID_IMessage, &IID_IMAPIProp, &IID_IUnknown, NULL };
    ULONG obj_type;
    LONGLONG id;
    BOOL writable;
    HRESULT hr;

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (eid_size && !eid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~OPEN_ENTRY_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (FAILED(hr = store_check(store))) return hr;
    if ((flags & MAPI_MODIFY) && !store->writable) return MAPI_E_NO_ACCESS;
    writable = (flags & MAPI_MODIFY) || ((flags & MAPI_BEST_ACCESS) && store->writable);

    if (!eid_size)
    {
        obj_type = SQLMS_FOLDER;
        id = store->special[SPECIAL_ROOT];
    }
    else if (is_store_entryid(store, eid_size, eid))
    {
        if (!is_valid_iid(iid, store_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        *type = MAPI_STORE;
        *out = (IUnknown *)store_iface(store);
        IUnknown_AddRef(*out);
        return S_OK;
    }
    else if (FAILED(hr = eid_parse(store, eid_size, eid, &obj_type, &id)))
    {
        WARN("not an entry ID of this store\n");
        return hr;
    }

    if (obj_type == SQLMS_FOLDER)
    {
        if (!is_valid_iid(iid, folder_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        if (FAILED(hr = folder_open(store, id, writable, (IMAPIFolder **)out))) return hr;
        *type = MAPI_FOLDER;
        return S_OK;
    }
    if (!is_valid_iid(iid, message_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(hr = message_open(store, id, writable, (IMessage **)out)))
    {
        /* MAPI_BEST_ACCESS settles for reading a message it may not change. */
        if (hr != MAPI_E_SUBMITTED || (flags & MAPI_MODIFY)) return hr;
        if (FAILED(hr = message_open(store, id, FALSE, (IMessage **)out))) return hr;
    }
    *type = MAPI_MESSAGE;
    return S_OK;
}

HRESULT store_compare_entryids(struct sqlms_store *store, ULONG size1, const ENTRYID *eid1,
                               ULONG size2, const ENTRYID *eid2, ULONG flags, ULONG *result)
{
    ULONG type1, type2;
    LONGLONG id1, id2;
    BOOL store1, store2;

    if (!result || (size1 && !eid1) || (size2 && !eid2)) return MAPI_E_INVALID_PARAMETER;
    if (flags)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    *result = FALSE;
    store1 = is_store_entryid(store, size1, eid1);
    store2 = is_store_entryid(store, size2, eid2);
    if (store1 || store2)
    {
        if ((!store1 && FAILED(eid_parse(store, size1, eid1, &type1, &id1))) ||
            (!store2 && FAILED(eid_parse(store, size2, eid2, &type2, &id2))))
            return MAPI_E_UNKNOWN_ENTRYID;
        *result = store1 && store2;
        return S_OK;
    }
    if (FAILED(eid_parse(store, size1, eid1, &type1, &id1)) || FAILED(eid_parse(store, size2, eid2, &type2, &id2)))
        return MAPI_E_UNKNOWN_ENTRYID;
    *result = type1 == type2 && id1 == id2;
    return S_OK;
}

/* The notification key of an object: its canonical entry ID (the store's for NULL). */
HRESULT store_notify_key(struct sqlms_store *store, ULONG eid_size, const ENTRYID *eid, NOTIFKEY **key)
{
    BYTE bytes[SQLMS_STORE_EID_SIZE];
    ULONG size, type;
    LONGLONG id;
    HRESULT hr;

    if (!eid_size || is_store_entryid(store, eid_size, eid))
    {
        store_eid_build(&store->guid, bytes);
        size = SQLMS_STORE_EID_SIZE;
    }
    else
    {
        if (FAILED(hr = eid_parse(store, eid_size, eid, &type, &id))) return hr;
        eid_build(store, type, id, bytes);
        size = SQLMS_EID_SIZE;
    }
    if (!(*key = heap_alloc(CbNewNOTIFKEY(size)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    (*key)->cb = size;
    memcpy((*key)->ab, bytes, size);
    return S_OK;
}

HRESULT store_advise(struct sqlms_store *store, ULONG eid_size, const ENTRYID *eid, ULONG mask,
                     IMAPIAdviseSink *sink, ULONG_PTR *connection)
{
    NOTIFKEY *key;
    HRESULT hr;

    if (!sink || !connection || (eid_size && !eid)) return MAPI_E_INVALID_PARAMETER;
    *connection = 0;
    if (!mask || (mask & ~ADVISE_EVENTS))
    {
        WARN("bad event mask %#lx\n", mask);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (FAILED(hr = store_check(store))) return hr;
    if (FAILED(hr = store_notify_key(store, eid_size, eid, &key))) return hr;
    hr = IMAPISupport_Subscribe(store->support, key, mask, 0, sink, connection);
    heap_free(key);
    return hr;
}

HRESULT store_unadvise(struct sqlms_store *store, ULONG_PTR connection)
{
    HRESULT hr;

    if (!connection) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = store_check(store))) return hr;
    return IMAPISupport_Unsubscribe(store->support, connection);
}

/* Releases the queue locks this logon holds: their messages go back to the queue intact. A logon
 * that holds none writes nothing. */
static void release_queue_locks(struct sqlms_store *store)
{
    LONGLONG *ids = NULL;
    ULONG count = 0, capacity = 0, i;
    sqlite3_stmt *stmt;

    if (!store->db || !store->spooler) return;
    if ((stmt = db_stmt(store->db, STMT_QUEUE_UNLOCK_OWNER)))
    {
        sqlite3_bind_blob(stmt, 1, store->origin, sizeof(store->origin), SQLITE_STATIC);
        while (sqlite3_step(stmt) == SQLITE_ROW)
        {
            if (count == capacity)
            {
                LONGLONG *grown = heap_realloc(ids, (capacity = max(16, capacity * 2)) * sizeof(*ids));
                if (!grown) break;
                ids = grown;
            }
            ids[count++] = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_reset(stmt);
    }
    /* Only this logon writes its own locks: what it read is still so. */
    if (!count || FAILED(store_begin(store)))
    {
        heap_free(ids);
        return;
    }
    for (i = 0; i < count; i++)
    {
        if ((stmt = db_stmt(store->db, STMT_QUEUE_LOCK)))
        {
            sqlite3_bind_int64(stmt, 1, ids[i]);
            sqlite3_bind_int(stmt, 2, 0);
            sqlite3_bind_null(stmt, 3);
            db_step_done(store->db, stmt);
        }
        store_log_change(store, EVENT_QUEUE, SQLMS_MESSAGE, ids[i], 0, 0, 0);
    }
    heap_free(ids);
    if (FAILED(store_commit(store))) WARN("could not release the queue locks\n");
}

/* Everything opened from the logon stops working; the database closes. */
void store_invalidate(struct sqlms_store *store)
{
    struct sqlms_db *db;

    store_lock(store);
    if (store->invalid)
    {
        store_unlock(store);
        return;
    }
    store->invalid = TRUE;
    store_unlock(store);

    notify_stop(store);

    store_lock(store);
    release_queue_locks(store);
    tables_release_all(store);
    named_free(store);
    store->pending_count = store->committed_count = 0;
    db = store->db;
    store->db = NULL;
    if (store->owner_mutex) CloseHandle(store->owner_mutex);
    store->owner_mutex = NULL;
    store_unlock(store);
    db_close(db);
    provider_remove_store(store->provider, store);
}

static void store_destroy(struct sqlms_store *store)
{
    TRACE("freeing store %p\n", store);
    if (store->msgstore) object_free(store->msgstore);
    heap_free(store->pending);
    heap_free(store->tables);
    heap_free(store->path);
    heap_free(store->display_name);
    heap_free(store->wrapped_eid);
    propobj_cleanup(&store->prop);
    if (store->provider) IMSProvider_Release(&store->provider->IMSProvider_iface);
    store->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&store->cs);
    store->flush_cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&store->flush_cs);
    heap_free(store);
}

void store_lifetime_release(struct sqlms_store *store)
{
    if (!InterlockedDecrement(&store->lifetime)) store_destroy(store);
}

/* The program's last reference on the IMsgStore is gone (so are the objects opened from it). */
void store_last_release(struct sqlms_store *store)
{
    struct sqlms_msgstore *msgstore;
    IMAPISupport *support;

    TRACE("store %p: last release\n", store);
    store_lock(store);
    msgstore = store->msgstore;
    store->msgstore = NULL;
    /* A session logoff on another thread may log the store off (and drop the support object) meanwhile. */
    if ((support = store->invalid ? NULL : store->support)) IMAPISupport_AddRef(support);
    store_unlock(store);
    if (support)
    {
        ULONG flags = store->logoff_asked ? store->logoff_flags : LOGOFF_ABORT;
        HRESULT hr;

        hr = IMAPISupport_StoreLogoffTransports(support, &flags);
        TRACE("StoreLogoffTransports: %#lx, flags %#lx\n", hr, flags);
        /* MakeInvalid with the one reference its stub Release then drops: MAPI frees the block. */
        if (SUCCEEDED(IMAPISupport_MakeInvalid(support, 0, &msgstore->IMsgStore_iface, 1,
                                               VTBL_METHODS(IMsgStoreVtbl))))
            IMsgStore_Release(&msgstore->IMsgStore_iface);
        else
            object_free(msgstore);
        IMAPISupport_Release(support);
    }
    else
        object_free(msgstore);
    store_invalidate(store);

    /* The support object goes last; releasing it may bring IMSLogon::Logoff back to us. */
    store_lock(store);
    support = store->support;
    store->support = NULL;
    store_unlock(store);
    if (support) IMAPISupport_Release(support);
    store_lifetime_release(store);
}

/**************************************************************************
 *  IMSLogon
 */
static HRESULT WINAPI logon_QueryInterface(IMSLogon *iface, REFIID riid, void **obj)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);

    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMSLogon))
    {
        *obj = &store->IMSLogon_iface;
        IMSLogon_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI logon_AddRef(IMSLogon *iface)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);
    ULONG ref = InterlockedIncrement(&store->logon_ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI logon_Release(IMSLogon *iface)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);
    ULONG ref = InterlockedDecrement(&store->logon_ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref) store_lifetime_release(store);
    return ref;
}

static HRESULT WINAPI logon_GetLastError(IMSLogon *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);
    return sqlms_get_last_error(result, flags, error);
}

/**************************************************************************
 *  IMSLogon_Logoff
 *
 * NOTES
 *  Called by MAPI at session logoff, or while it releases the support
 *  object the store released at its last Release. Everything opened from
 *  the logon answers MAPI_E_INVALID_OBJECT from then on; queue locks the
 *  spooler held are given back.
 */
static HRESULT WINAPI logon_Logoff(IMSLogon *iface, ULONG *flags)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);
    struct sqlms_msgstore *msgstore;
    IMAPISupport *support;

    TRACE("(%p,%p)\n", iface, flags);

    store_lock(store);
    if (store->logged_off)
    {
        store_unlock(store);
        return S_OK;
    }
    store->logged_off = TRUE;
    store_unlock(store);

    store_invalidate(store);

    /* What the program still holds is handed to MAPI (MakeInvalid): MAPI may unload us. */
    store_lock(store);
    support = store->support;
    store->support = NULL;
    objects_abandon(store, support);
    if ((msgstore = store->msgstore))
    {
        store->msgstore = NULL;
        object_hand_over(support, &msgstore->IMsgStore_iface, msgstore->ref - msgstore->object.internal,
                         VTBL_METHODS(IMsgStoreVtbl));
    }
    store_unlock(store);
    if (msgstore) store_lifetime_release(store);
    if (support) IMAPISupport_Release(support);
    return S_OK;
}

static HRESULT WINAPI logon_OpenEntry(IMSLogon *iface, ULONG eid_size, ENTRYID *eid, const IID *iid,
                                      ULONG flags, ULONG *type, IUnknown **out)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);
    HRESULT hr;

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", iface, eid_size, eid, debugstr_guid(iid), flags, type, out);

    store_lock(store);
    hr = store_open_entry(store, eid_size, eid, iid, flags, type, out);
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI logon_CompareEntryIDs(IMSLogon *iface, ULONG size1, ENTRYID *eid1, ULONG size2,
                                            ENTRYID *eid2, ULONG flags, ULONG *result)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);

    TRACE("(%p,%lu,%p,%lu,%p,%#lx,%p)\n", iface, size1, eid1, size2, eid2, flags, result);
    return store_compare_entryids(store, size1, eid1, size2, eid2, flags, result);
}

static HRESULT WINAPI logon_Advise(IMSLogon *iface, ULONG eid_size, ENTRYID *eid, ULONG mask,
                                   IMAPIAdviseSink *sink, ULONG_PTR *connection)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx,%p,%p)\n", iface, eid_size, eid, mask, sink, connection);

    store_lock(store);
    hr = store_advise(store, eid_size, eid, mask, sink, connection);
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI logon_Unadvise(IMSLogon *iface, ULONG_PTR connection)
{
    struct sqlms_store *store = impl_from_IMSLogon(iface);
    HRESULT hr;

    TRACE("(%p,%#Ix)\n", iface, connection);

    store_lock(store);
    hr = store_unadvise(store, connection);
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI logon_OpenStatusEntry(IMSLogon *iface, const IID *iid, ULONG flags, ULONG *type,
                                            void **out)
{
    static const IID *const status_iids[] = { &IID_IMAPIStatus, &IID_IMAPIProp, &IID_IUnknown, NULL };
    struct sqlms_store *store = impl_from_IMSLogon(iface);
    HRESULT hr;

    TRACE("(%p,%s,%#lx,%p,%p)\n", iface, debugstr_guid(iid), flags, type, out);

    if (!type || !out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (!is_valid_iid(iid, status_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(hr = store_check(store))) return hr;
    if (SUCCEEDED(hr = status_create(store, (IMAPIStatus **)out))) *type = MAPI_STATUS;
    return hr;
}

const IMSLogonVtbl store_logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_GetLastError,
    logon_Logoff,
    logon_OpenEntry,
    logon_CompareEntryIDs,
    logon_Advise,
    logon_Unadvise,
    logon_OpenStatusEntry,
};

/**************************************************************************
 *  Logon
 */

/* <application data>\SQLMS\<profile>.sqlms, characters a file name cannot hold replaced. */
static HRESULT default_path(const WCHAR *profile, WCHAR **path)
{
    WCHAR folder[MAX_PATH], *name, *p;
    SIZE_T size;

    if (!profile || !*profile) return MAPI_E_UNCONFIGURED;
    if (FAILED(SHGetFolderPathW(NULL, CSIDL_APPDATA | CSIDL_FLAG_CREATE, NULL, SHGFP_TYPE_CURRENT, folder)))
        return MAPI_E_UNCONFIGURED;
    if (lstrlenW(folder) + lstrlenW(profile) + 16 >= MAX_PATH) return MAPI_E_UNCONFIGURED;
    lstrcatW(folder, L"\\SQLMS");
    CreateDirectoryW(folder, NULL);
    size = (lstrlenW(folder) + lstrlenW(profile) + 8) * sizeof(WCHAR);
    if (!(*path = heap_alloc(size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    swprintf(*path, size / sizeof(WCHAR), L"%s\\%s.sqlms", folder, profile);
    name = *path + lstrlenW(folder) + 1;
    for (p = name; p < name + lstrlenW(profile); p++)
        if (*p < 32 || wcschr(L"<>:\"/\\|?*", *p)) *p = '_';
    if (*name == ' ' || *name == '.') *name = '_';
    if (name[lstrlenW(profile) - 1] == ' ' || name[lstrlenW(profile) - 1] == '.') name[lstrlenW(profile) - 1] = '_';
    return S_OK;
}

/* The database path of the profile section, as PT_UNICODE or PT_STRING8. */
static HRESULT section_path(IProfSect *section, WCHAR **path, WCHAR **display_name, ULONG *resource_flags,
                            MAPIUID *service_uid, BOOL *has_service)
{
    SizedSPropTagArray(6, tags) = { 6, { PR_SQLMS_DATABASE_PATH_W, PR_SQLMS_DATABASE_PATH_A,
                                         PR_DISPLAY_NAME_W, PR_DISPLAY_NAME_A, PR_RESOURCE_FLAGS,
                                         PR_SERVICE_UID } };
    SPropValue *values = NULL;
    ULONG count = 0;
    HRESULT hr;

    *path = NULL;
    hr = IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &count, &values);
    if (FAILED(hr) || !values) return hr;
    if (values[0].ulPropTag == PR_SQLMS_DATABASE_PATH_W)
        *path = heap_strdupW(values[0].Value.lpszW);
    else if (values[1].ulPropTag == PR_SQLMS_DATABASE_PATH_A)
        *path = heap_strdupAtoW(values[1].Value.lpszA);
    if (display_name && !*display_name)
    {
        if (values[2].ulPropTag == PR_DISPLAY_NAME_W) *display_name = heap_strdupW(values[2].Value.lpszW);
        else if (values[3].ulPropTag == PR_DISPLAY_NAME_A) *display_name = heap_strdupAtoW(values[3].Value.lpszA);
    }
    if (resource_flags && values[4].ulPropTag == PR_RESOURCE_FLAGS) *resource_flags = values[4].Value.l;
    if (has_service && values[5].ulPropTag == PR_SERVICE_UID && values[5].Value.bin.cb == sizeof(MAPIUID))
    {
        memcpy(service_uid, values[5].Value.bin.lpb, sizeof(MAPIUID));
        *has_service = TRUE;
    }
    MAPIFreeBuffer(values);
    return S_OK;
}

/* A new store: its identity, the folders every store has, the Inbox as receive folder. */
static HRESULT store_initialize(struct sqlms_store *store)
{
    static const struct { ULONG special, parent; const WCHAR *name; ULONG type; } folders[] =
    {
        { SPECIAL_ROOT, 0, L"", FOLDER_ROOT },
        { SPECIAL_IPM_SUBTREE, SPECIAL_ROOT, L"Top of Information Store", FOLDER_GENERIC },
        { SPECIAL_INBOX, SPECIAL_IPM_SUBTREE, L"Inbox", FOLDER_GENERIC },
        { SPECIAL_OUTBOX, SPECIAL_IPM_SUBTREE, L"Outbox", FOLDER_GENERIC },
        { SPECIAL_SENTMAIL, SPECIAL_IPM_SUBTREE, L"Sent Items", FOLDER_GENERIC },
        { SPECIAL_WASTEBASKET, SPECIAL_IPM_SUBTREE, L"Deleted Items", FOLDER_GENERIC },
    };
    struct sqlms_buffer value = { 0 };
    sqlite3_stmt *stmt;
    MAPIUID uid;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = store_begin(store))) return hr;
    if (SUCCEEDED(db_get_meta(store->db, "guid", &value)) && value.size == sizeof(GUID))
    {
        /* Another logon made it while we waited. */
        buffer_free(&value);
        store_rollback(store);
        return S_OK;
    }
    buffer_free(&value);

    if (FAILED(IMAPISupport_NewUID(store->support, &uid)) && FAILED(CoCreateGuid((GUID *)&uid)))
    {
        hr = MAPI_E_CALL_FAILED;
        goto failed;
    }
    if (FAILED(hr = db_set_meta(store->db, "guid", &uid, sizeof(uid)))) goto failed;
    memcpy(&store->guid, &uid, sizeof(uid));

    for (i = 0; i < ARRAY_SIZE(folders); i++)
    {
        LONGLONG parent = folders[i].parent ? store->special[folders[i].parent] : 0;
        if (FAILED(hr = folder_create_row(store, parent, folders[i].name, NULL, folders[i].type,
                                          folders[i].special, &store->special[folders[i].special])))
            goto failed;
    }
    if (!(stmt = db_stmt(store->db, STMT_RECEIVE_SET))) goto failed;
    sqlite3_bind_text(stmt, 1, "IPM", -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, store->special[SPECIAL_INBOX]);
    if (FAILED(hr = db_step_done(store->db, stmt))) goto failed;
    if (!(stmt = db_stmt(store->db, STMT_RECEIVE_SET))) goto failed;
    sqlite3_bind_text(stmt, 1, "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, store->special[SPECIAL_INBOX]);
    if (FAILED(hr = db_step_done(store->db, stmt))) goto failed;
    /* Nobody has seen this store yet: its creation needs no notification. */
    store->pending_count = store->committed_count;
    return store_commit(store);

failed:
    store_rollback(store);
    return FAILED(hr) ? hr : MAPI_E_CALL_FAILED;
}

static HRESULT store_load(struct sqlms_store *store)
{
    struct sqlms_buffer value = { 0 };
    sqlite3_stmt *stmt;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = db_get_meta(store->db, "guid", &value)) || value.size != sizeof(GUID))
    {
        buffer_free(&value);
        if (hr == MAPI_E_NOT_FOUND || SUCCEEDED(hr))
        {
            if (FAILED(hr = store_initialize(store))) return hr;
            return store_load(store);
        }
        return hr;
    }
    memcpy(&store->guid, value.data, sizeof(GUID));
    buffer_free(&value);

    for (i = SPECIAL_ROOT; i < SPECIAL_COUNT; i++)
    {
        if (!(stmt = db_stmt(store->db, STMT_FOLDER_BY_SPECIAL))) return MAPI_E_CALL_FAILED;
        sqlite3_bind_int(stmt, 1, i);
        if (sqlite3_step(stmt) == SQLITE_ROW) store->special[i] = sqlite3_column_int64(stmt, 0);
        sqlite3_reset(stmt);
        if (!store->special[i])
        {
            WARN("store lacks special folder %lu\n", i);
            return MAPI_E_CORRUPT_STORE;
        }
    }
    if (!(stmt = db_stmt(store->db, STMT_CHANGE_MAX))) return MAPI_E_CALL_FAILED;
    if (sqlite3_step(stmt) == SQLITE_ROW) store->last_seq = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return S_OK;
}

/* The profile section learns the store's identity, as MAPI's message store table needs it. */
static void store_update_profile(struct sqlms_store *store, IProfSect *section, BOOL default_path_used)
{
    static const BYTE mdb_provider[16] = SQLMS_MDB_PROVIDER_INIT;
    SPropValue values[6];
    SBinary entryid = { 0 };
    ULONG count = 0;

    if (FAILED(store_wrapped_entryid(store, NULL, &entryid))) return;
    values[count].ulPropTag = PR_ENTRYID;
    values[count++].Value.bin = entryid;
    values[count].ulPropTag = PR_RECORD_KEY;
    values[count].Value.bin.cb = sizeof(GUID);
    values[count++].Value.bin.lpb = (BYTE *)&store->guid;
    values[count].ulPropTag = PR_MDB_PROVIDER;
    values[count].Value.bin.cb = sizeof(mdb_provider);
    values[count++].Value.bin.lpb = (BYTE *)mdb_provider;
    values[count].ulPropTag = PR_PROVIDER_DISPLAY_W;
    values[count++].Value.lpszW = (WCHAR *)L"SQLite Message Store";
    values[count].ulPropTag = PR_DISPLAY_NAME_W;
    values[count++].Value.lpszW = store->display_name;
    if (default_path_used)
    {
        values[count].ulPropTag = PR_SQLMS_DATABASE_PATH_W;
        values[count++].Value.lpszW = store->path;
    }
    if (FAILED(IProfSect_SetProps(section, count, values, NULL)) ||
        FAILED(IProfSect_SaveChanges(section, KEEP_OPEN_READWRITE)))
        WARN("could not update the profile section\n");
    MAPIFreeBuffer(entryid.lpb);
}

static void store_register_status(struct sqlms_store *store)
{
    SPropValue values[6];

    values[0].ulPropTag = PR_PROVIDER_DISPLAY_W;
    values[0].Value.lpszW = (WCHAR *)L"SQLite Message Store";
    values[1].ulPropTag = PR_DISPLAY_NAME_W;
    values[1].Value.lpszW = store->display_name;
    values[2].ulPropTag = PR_RESOURCE_METHODS;
    values[2].Value.l = 0;
    values[3].ulPropTag = PR_STATUS_CODE;
    values[3].Value.l = STATUS_AVAILABLE;
    values[4].ulPropTag = PR_STATUS_STRING_W;
    values[4].Value.lpszW = (WCHAR *)L"Available";
    values[5].ulPropTag = PR_RESOURCE_FLAGS;
    values[5].Value.l = store->resource_flags;
    if (FAILED(IMAPISupport_ModifyStatusRow(store->support, ARRAY_SIZE(values), values, 0)))
        TRACE("no status row\n");
}

/**************************************************************************
 *  store_create
 *
 * IMSProvider::Logon and SpoolerLogon: opens the database of the profile
 * section and makes the logon.
 */
HRESULT store_create(struct sqlms_provider *provider, IMAPISupport *support, ULONG_PTR ui_param,
                     const void *profile_name, ULONG eid_size, const ENTRYID *eid, ULONG flags,
                     BOOL spooler, ULONG spool_security_size, const BYTE *spool_security,
                     struct sqlms_store **out)
{
    struct sqlms_store *store;
    IProfSect *section = NULL;
    WCHAR *profile = NULL;
    BOOL default_used = FALSE, has_service = FALSE;
    MAPIUID service_uid;
    GUID eid_guid;
    HRESULT hr;

    *out = NULL;
    if (!support) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~LOGON_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (eid_size && (!eid || !store_eid_parse(eid_size, (const BYTE *)eid, &eid_guid)))
    {
        WARN("not a store entry ID of ours\n");
        return MAPI_E_INVALID_ENTRYID;
    }

    if (!(store = heap_alloc_zero(sizeof(*store)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(store->msgstore = object_alloc(sizeof(*store->msgstore))))
    {
        heap_free(store);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    store->IMSLogon_iface.lpVtbl = &store_logon_vtbl;
    store->msgstore->IMsgStore_iface.lpVtbl = &store_vtbl;
    store->msgstore->ref = 1;
    store->msgstore->store = store;
    store->msgstore->object.store = store;
    store->msgstore->object.iface = (IUnknown *)&store->msgstore->IMsgStore_iface;
    store->msgstore->object.ref = &store->msgstore->ref;
    store->msgstore->object.methods = VTBL_METHODS(IMsgStoreVtbl);
    store->logon_ref = 1;
    store->lifetime = 2;
    InitializeCriticalSection(&store->cs);
    store->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": store.cs");
    InitializeCriticalSection(&store->flush_cs);
    store->flush_cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": store.flush_cs");
    store->provider = provider;
    IMSProvider_AddRef(&provider->IMSProvider_iface);
    store->support = support;
    IMAPISupport_AddRef(support);
    store->spooler = spooler;
    store->writable = spooler || (flags & (MDB_WRITE | MAPI_BEST_ACCESS));
    store->unicode = !!(flags & MAPI_UNICODE);
    make_origin(store->origin);

    if (profile_name)
        profile = (flags & MAPI_UNICODE) ? heap_strdupW(profile_name) : heap_strdupAtoW(profile_name);

    if (FAILED(hr = IMAPISupport_OpenProfileSection(support, NULL, spooler ? 0 : MAPI_MODIFY, &section)))
    {
        WARN("no profile section: %#lx\n", hr);
        goto failed;
    }
    if (FAILED(hr = section_path(section, &store->path, &store->display_name, &store->resource_flags,
                                 &service_uid, &has_service)))
        goto failed;
    if (!store->path && has_service)
    {
        IProfSect *service = NULL;

        if (SUCCEEDED(IMAPISupport_OpenProfileSection(support, &service_uid, 0, &service)))
        {
            section_path(service, &store->path, &store->display_name, NULL, NULL, NULL);
            IProfSect_Release(service);
        }
    }
    if (!store->path)
    {
        if (FAILED(hr = default_path(profile, &store->path))) goto failed;
        default_used = TRUE;
    }
    if (!store->display_name && !(store->display_name = heap_strdupW(L"SQLite Message Store")))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto failed;
    }
    TRACE("database %s, spooler %d, flags %#lx\n", debugstr_w(store->path), spooler, flags);

    if (FAILED(hr = db_open(store->path, !spooler, &store->db))) goto failed;
    if (FAILED(hr = store_load(store))) goto failed;
    if (FAILED(hr = store_init_props(store))) goto failed;

    if (spooler && spool_security_size && (spool_security_size != sizeof(GUID) || !spool_security ||
                                           memcmp(spool_security, &store->guid, sizeof(GUID))))
    {
        WARN("spooler credentials are of another store\n");
        hr = MAPI_E_LOGON_FAILED;
        goto failed;
    }
    if (eid_size && !IsEqualGUID(&eid_guid, &store->guid))
        WARN("entry ID names store %s, the profile's file holds %s\n", debugstr_guid(&eid_guid),
             debugstr_guid(&store->guid));

    if (FAILED(hr = IMAPISupport_SetProviderUID(support, (MAPIUID *)&store->guid, 0)))
    {
        WARN("SetProviderUID failed: %#lx\n", hr);
        goto failed;
    }
    if (!spooler)
    {
        store_update_profile(store, section, default_used);
        if (!(flags & MDB_TEMPORARY)) IMAPISupport_ModifyProfile(support, 0);
        store_register_status(store);
    }
    else
    {
        WCHAR name[64];

        owner_name(store->origin, name);
        store->owner_mutex = CreateMutexW(NULL, FALSE, name);
    }
    IProfSect_Release(section);
    heap_free(profile);

    if (FAILED(hr = notify_start(store)))
    {
        section = NULL;
        profile = NULL;
        goto failed;
    }
    provider_add_store(provider, store);
    *out = store;
    return S_OK;

failed:
    if (section) IProfSect_Release(section);
    heap_free(profile);
    db_close(store->db);
    store->db = NULL;
    store->invalid = TRUE;
    IMAPISupport_Release(store->support);
    store->support = NULL;
    if (store->owner_mutex) CloseHandle(store->owner_mutex);
    store_destroy(store);
    return hr;
}
