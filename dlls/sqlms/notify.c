/*
 * Notifications: committed changes become table updates and advise
 * notifications (through IMAPISupport::Notify), in commit order.
 *
 * Every write transaction appends its changes to the database's change log.
 * This logon's own changes are handled as soon as its lock is left; a thread
 * per logon looks for the changes of other logons (other sessions, other
 * processes) when SQLite's data_version says the file changed, sleeping on
 * an event in between, and replays them the same way.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define POLL_INTERVAL 100 /* ms between looks at data_version */

struct pending_notify
{
    NOTIFICATION notification;
    NOTIFKEY *keys[5];     /* the object, its old ID, both parents, the store */
    ULONG key_count;
    BYTE eids[4][SQLMS_EID_SIZE];
    WCHAR *message_class;
};

static NOTIFKEY *make_key(const BYTE *bytes, ULONG size)
{
    NOTIFKEY *key = heap_alloc(CbNewNOTIFKEY(size));

    if (!key) return NULL;
    key->cb = size;
    memcpy(key->ab, bytes, size);
    return key;
}

static void add_key(struct pending_notify *pending, const BYTE *bytes, ULONG size)
{
    NOTIFKEY *key;
    ULONG i;

    for (i = 0; i < pending->key_count; i++)
        if (pending->keys[i]->cb == size && !memcmp(pending->keys[i]->ab, bytes, size)) return;
    if (pending->key_count < ARRAY_SIZE(pending->keys) && (key = make_key(bytes, size)))
        pending->keys[pending->key_count++] = key;
}

static ULONG object_event(ULONG event)
{
    switch (event)
    {
    case EVENT_CREATED: return fnevObjectCreated;
    case EVENT_MODIFIED: return fnevObjectModified;
    case EVENT_DELETED: return fnevObjectDeleted;
    case EVENT_MOVED: return fnevObjectMoved;
    case EVENT_COPIED: return fnevObjectCopied;
    case EVENT_NEWMAIL: return fnevNewMail;
    }
    return 0;
}

/* The class and flags of a new message, for fnevNewMail. */
static void read_new_mail(struct sqlms_store *store, LONGLONG id, struct pending_notify *pending)
{
    sqlite3_stmt *stmt = db_stmt(store->db, STMT_MSG_SUMMARY);
    SPropValue *props, *class;
    ULONG count;

    pending->notification.info.newmail.ulFlags = MAPI_UNICODE;
    if (!stmt) return;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) == SQLITE_ROW)
    {
        pending->notification.info.newmail.ulMessageFlags = sqlite3_column_int(stmt, 3);
        if (SUCCEEDED(blob_decode(sqlite3_column_blob(stmt, 6), sqlite3_column_bytes(stmt, 6), FALSE, NULL,
                                  &count, &props)))
        {
            if ((class = PpropFindProp(props, count, PR_MESSAGE_CLASS_W)))
                pending->message_class = heap_strdupW(class->Value.lpszW);
            else if ((class = PpropFindProp(props, count, PR_MESSAGE_CLASS_A)))
                pending->message_class = heap_strdupAtoW(class->Value.lpszA);
            MAPIFreeBuffer(props);
        }
    }
    sqlite3_reset(stmt);
    if (!pending->message_class) pending->message_class = heap_strdupW(L"IPM.Note");
    pending->notification.info.newmail.lpszMessageClass = pending->message_class;
}

static BOOL build_notification(struct sqlms_store *store, const struct sqlms_change *change,
                               struct pending_notify *pending)
{
    NOTIFICATION *n = &pending->notification;
    ULONG event = object_event(change->event);
    ULONG parent_type = SQLMS_FOLDER;
    BYTE store_key[SQLMS_STORE_EID_SIZE];

    if (!event || (change->type != SQLMS_MESSAGE && change->type != SQLMS_FOLDER)) return FALSE;
    memset(pending, 0, sizeof(*pending));
    n->ulEventType = event;

    eid_build(store, change->type, change->id, pending->eids[0]);
    if (change->parent) eid_build(store, parent_type, change->parent, pending->eids[1]);
    if (change->old_id) eid_build(store, change->type, change->old_id, pending->eids[2]);
    if (change->old_parent) eid_build(store, parent_type, change->old_parent, pending->eids[3]);

    if (event == fnevNewMail)
    {
        n->info.newmail.cbEntryID = SQLMS_EID_SIZE;
        n->info.newmail.lpEntryID = (ENTRYID *)pending->eids[0];
        n->info.newmail.cbParentID = change->parent ? SQLMS_EID_SIZE : 0;
        n->info.newmail.lpParentID = change->parent ? (ENTRYID *)pending->eids[1] : NULL;
        read_new_mail(store, change->id, pending);
    }
    else
    {
        n->info.obj.cbEntryID = SQLMS_EID_SIZE;
        n->info.obj.lpEntryID = (ENTRYID *)pending->eids[0];
        n->info.obj.ulObjType = change->type == SQLMS_MESSAGE ? MAPI_MESSAGE : MAPI_FOLDER;
        if (change->parent)
        {
            n->info.obj.cbParentID = SQLMS_EID_SIZE;
            n->info.obj.lpParentID = (ENTRYID *)pending->eids[1];
        }
        if (change->old_id)
        {
            n->info.obj.cbOldID = SQLMS_EID_SIZE;
            n->info.obj.lpOldID = (ENTRYID *)pending->eids[2];
        }
        if (change->old_parent)
        {
            n->info.obj.cbOldParentID = SQLMS_EID_SIZE;
            n->info.obj.lpOldParentID = (ENTRYID *)pending->eids[3];
        }
    }

    /* Who hears of it: advise sinks on the object, its folders and the whole store. */
    add_key(pending, pending->eids[0], SQLMS_EID_SIZE);
    if (change->parent) add_key(pending, pending->eids[1], SQLMS_EID_SIZE);
    if (change->old_id) add_key(pending, pending->eids[2], SQLMS_EID_SIZE);
    if (change->old_parent) add_key(pending, pending->eids[3], SQLMS_EID_SIZE);
    store_eid_build(&store->guid, store_key);
    add_key(pending, store_key, sizeof(store_key));
    return TRUE;
}

static void free_notification(struct pending_notify *pending)
{
    ULONG i;

    for (i = 0; i < pending->key_count; i++) heap_free(pending->keys[i]);
    heap_free(pending->message_class);
}

/**************************************************************************
 *  notify_flush
 *
 * Turns the committed changes into table updates and notifications. The
 * database is read under the store's lock; the tables and the sinks are
 * called outside it, in commit order (flush_cs).
 */
void notify_flush(struct sqlms_store *store)
{
    struct sqlms_change *changes = NULL;
    struct pending_notify *notifications = NULL;
    IMAPISupport *support = NULL;
    ULONG count, notify_count = 0, i, j;
    void *updates = NULL;

    EnterCriticalSection(&store->flush_cs);
    store_lock(store);
    count = store->committed_count;
    if (!count || store->invalid || (store->db && store->db->txn_depth))
    {
        if (store->invalid) store->pending_count = store->committed_count = 0;
        LeaveCriticalSection(&store->cs);
        LeaveCriticalSection(&store->flush_cs);
        return;
    }
    if ((changes = heap_alloc(count * sizeof(*changes))))
        memcpy(changes, store->pending, count * sizeof(*changes));
    memmove(store->pending, store->pending + count, (store->pending_count - count) * sizeof(*changes));
    store->pending_count -= count;
    store->committed_count = 0;
    if (!changes)
    {
        LeaveCriticalSection(&store->cs);
        LeaveCriticalSection(&store->flush_cs);
        return;
    }

    TRACE("store %p: %lu changes, %lu cached tables\n", store, count, store->table_count);
    updates = tables_collect(store, changes, count);
    if ((notifications = heap_alloc_zero(count * sizeof(*notifications))))
    {
        for (i = 0; i < count; i++)
            if (!changes[i].told && build_notification(store, &changes[i], &notifications[notify_count]))
                notify_count++;
    }
    if ((support = store->support)) IMAPISupport_AddRef(support);
    /* Not store_unlock: nothing is pending any more. */
    LeaveCriticalSection(&store->cs);

    tables_apply(updates);
    for (i = 0; i < notify_count; i++)
    {
        for (j = 0; support && j < notifications[i].key_count; j++)
        {
            ULONG flags = 0;
            IMAPISupport_Notify(support, notifications[i].keys[j], 1, &notifications[i].notification, &flags);
        }
        free_notification(&notifications[i]);
    }
    if (support) IMAPISupport_Release(support);
    heap_free(notifications);
    heap_free(changes);
    LeaveCriticalSection(&store->flush_cs);
}

/* Under the store lock: the changes other logons committed since the last look. */
static void poll_changes(struct sqlms_store *store)
{
    sqlite3_stmt *stmt;
    LONGLONG version, seq;
    BOOL first = TRUE;

    if (!(stmt = db_stmt(store->db, STMT_DATA_VERSION))) return;
    version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_reset(stmt);
    if (version == store->data_version) return;
    store->data_version = version;

    if (!(stmt = db_stmt(store->db, STMT_CHANGE_SINCE))) return;
    sqlite3_bind_int64(stmt, 1, store->last_seq);
    while (sqlite3_step(stmt) == SQLITE_ROW)
    {
        struct sqlms_change change;

        seq = sqlite3_column_int64(stmt, 0);
        if (first && seq > store->last_seq + 1)
        {
            /* Entries we never saw were pruned: start the tables afresh. */
            struct sqlms_change reload = { 0 };
            TRACE("change log gap %s..%s\n", wine_dbgstr_longlong(store->last_seq), wine_dbgstr_longlong(seq));
            store_add_remote_change(store, &reload);
        }
        first = FALSE;
        store->last_seq = seq;
        if (sqlite3_column_bytes(stmt, 1) == sizeof(store->origin) &&
            !memcmp(sqlite3_column_blob(stmt, 1), store->origin, sizeof(store->origin)))
            continue;
        TRACE("store %p: change %s of another logon\n", store, wine_dbgstr_longlong(seq));
        /* This logon's tables follow it; its sinks heard of it from the logon that made it, if in this process. */
        change.told = origin_is_this_process(sqlite3_column_blob(stmt, 1), sqlite3_column_bytes(stmt, 1));
        change.event = sqlite3_column_int(stmt, 2);
        change.type = sqlite3_column_int(stmt, 3);
        change.id = sqlite3_column_int64(stmt, 4);
        change.parent = sqlite3_column_int64(stmt, 5);
        change.old_id = sqlite3_column_int64(stmt, 6);
        change.old_parent = sqlite3_column_int64(stmt, 7);
        store_add_remote_change(store, &change);
    }
    sqlite3_reset(stmt);
}

static DWORD WINAPI poll_thread(void *arg)
{
    struct sqlms_store *store = arg;

    TRACE("watching store %p\n", store);
    while (WaitForSingleObject(store->poll_stop, POLL_INTERVAL) == WAIT_TIMEOUT)
    {
        store_lock(store);
        if (!store->invalid && store->db && !store->db->txn_depth) poll_changes(store);
        store_unlock(store);
    }
    TRACE("store %p: watch ends\n", store);
    CloseHandle(store->poll_stop);
    store_lifetime_release(store);
    return 0;
}

HRESULT notify_start(struct sqlms_store *store)
{
    sqlite3_stmt *stmt;

    /* Start from what the file holds now. */
    if ((stmt = db_stmt(store->db, STMT_DATA_VERSION)))
    {
        if (sqlite3_step(stmt) == SQLITE_ROW) store->data_version = sqlite3_column_int64(stmt, 0);
        sqlite3_reset(stmt);
    }
    if (!(store->poll_stop = CreateEventW(NULL, TRUE, FALSE, NULL))) return MAPI_E_CALL_FAILED;
    InterlockedIncrement(&store->lifetime);
    if (!(store->poll_thread = CreateThread(NULL, 0, poll_thread, store, 0, &store->poll_thread_id)))
    {
        InterlockedDecrement(&store->lifetime);
        CloseHandle(store->poll_stop);
        store->poll_stop = NULL;
        return MAPI_E_CALL_FAILED;
    }
    return S_OK;
}

/* Stops the watch; a sink running on the watch thread itself cannot wait for it. */
void notify_stop(struct sqlms_store *store)
{
    HANDLE thread = store->poll_thread;

    if (!thread) return;
    store->poll_thread = NULL;
    SetEvent(store->poll_stop);
    if (GetCurrentThreadId() != store->poll_thread_id) WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
}
