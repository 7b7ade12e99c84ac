/*
 * The spooler's agents: one per profile in each process that has a session
 * sending and receiving mail on it. The agents of a profile elect the active
 * one with a named mutex; the others stand by on that mutex and take over
 * when its owner lets go of it or dies (an abandoned mutex counts as taken).
 *
 * The active agent works with the transports its host session logged on to
 * (the first mail session of the profile in its process) and logs on to the
 * stores clients opened with IMSProvider::SpoolerLogon. When the host session
 * logs off, the agent first gives back everything it holds (a message in a
 * transport's hands is cancelled and unlocked: it stays in the queue) and
 * then serves from the next session of the profile, if there is one.
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define POLL_INTERVAL_MS 1000   /* Poll and Idle of the transports that asked for them */

static CRITICAL_SECTION spoolers_cs;
static CRITICAL_SECTION_DEBUG spoolers_cs_debug =
{
    0, 0, &spoolers_cs,
    { &spoolers_cs_debug.ProcessLocksList, &spoolers_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": spoolers_cs") }
};
static CRITICAL_SECTION spoolers_cs = { &spoolers_cs_debug, -1, 0, 0, 0, 0 };
static struct list spoolers = LIST_INIT(spoolers);

void spooler_lock(struct spooler *spooler)
{
    EnterCriticalSection(&spooler->cs);
}

void spooler_unlock(struct spooler *spooler)
{
    LeaveCriticalSection(&spooler->cs);
}

void spooler_wake(struct spooler *spooler)
{
    SetEvent(spooler->wake);
}

BOOL spooler_is_stopping(struct spooler *spooler)
{
    return WaitForSingleObject(spooler->stop, 0) == WAIT_OBJECT_0;
}

/* Named objects cannot hold a backslash; profile names can. */
void spooler_mutex_name(const WCHAR *profile, WCHAR *name, ULONG size)
{
    WCHAR *p;

    swprintf(name, size, L"wine-mapi-spooler:%s", profile);
    for (p = name; *p; p++) if (*p == '\\') *p = '/';
}

static void free_msgs(struct spool_store *store)
{
    struct spool_msg *msg, *next;

    LIST_FOR_EACH_ENTRY_SAFE(msg, next, &store->msgs, struct spool_msg, entry) spool_msg_remove(store, msg);
    store->queued = 0;
}

static void free_transport(struct spool_transport *transport)
{
    ULONG i;

    if (transport->xp) IXPLogon_Release(transport->xp);
    for (i = 0; i < transport->type_count; i++) free(transport->types[i]);
    free(transport->types);
    free(transport->name);
    free(transport);
}

static void spooler_destroy(struct spooler *spooler)
{
    struct spool_store *store, *next_store;

    TRACE("freeing spooler %p of %s\n", spooler, debugstr_w(spooler->profile_name));
    LIST_FOR_EACH_ENTRY_SAFE(store, next_store, &spooler->stores, struct spool_store, entry)
    {
        free_msgs(store);
        provider_free_info(&store->info);
        free(store);
    }
    spool_requests_end(spooler);
    if (spooler->thread) CloseHandle(spooler->thread);
    CloseHandle(spooler->stop);
    CloseHandle(spooler->wake);
    CloseHandle(spooler->host_released);
    profile_release(spooler->profile);
    free(spooler->profile_name);
    spooler->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&spooler->cs);
    free(spooler);
}

void spooler_release(struct spooler *spooler)
{
    if (!InterlockedDecrement(&spooler->ref)) spooler_destroy(spooler);
}

struct spooler *spooler_find(const WCHAR *profile_name)
{
    struct spooler *spooler;

    EnterCriticalSection(&spoolers_cs);
    LIST_FOR_EACH_ENTRY(spooler, &spoolers, struct spooler, entry)
    {
        if (wcsicmp(spooler->profile_name, profile_name)) continue;
        InterlockedIncrement(&spooler->ref);
        LeaveCriticalSection(&spoolers_cs);
        return spooler;
    }
    LeaveCriticalSection(&spoolers_cs);
    return NULL;
}

struct spool_store *spooler_find_store(struct spooler *spooler, const MAPIUID *uid)
{
    struct spool_store *store;

    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
        if (!memcmp(&store->info.provider_uid, uid, sizeof(*uid))) return store;
    return NULL;
}

struct spool_transport *spooler_find_transport(struct spooler *spooler, IXPLogon *xp)
{
    struct spool_transport *transport;

    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
        if (transport->xp == xp) return transport;
    return NULL;
}

struct spool_transport *spooler_find_transport_uid(struct spooler *spooler, const MAPIUID *uid)
{
    struct spool_transport *transport;

    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
        if (!memcmp(&transport->provider_uid, uid, sizeof(*uid))) return transport;
    return NULL;
}

ULONG spool_store_activity(struct spool_store *store)
{
    ULONG activity = 0;

    if (store->inbound) activity |= LOGOFF_INBOUND;
    if (store->busy) activity |= LOGOFF_OUTBOUND;
    if (store->queued) activity |= LOGOFF_OUTBOUND_QUEUE;
    return activity;
}

BOOL spool_store_is_default(struct spooler *spooler, struct spool_store *store)
{
    return store->is_default;
}

/* A store provider the bookkeeping knows, added when it is new (lock held). */
static struct spool_store *get_store(struct spooler *spooler, const struct profile_provider *info)
{
    struct spool_store *store;

    if ((store = spooler_find_store(spooler, &info->provider_uid))) return store;
    if (!(store = calloc(1, sizeof(*store)))) return NULL;
    if (FAILED(provider_copy_info(&store->info, info)))
    {
        free(store);
        return NULL;
    }
    store->is_default = !!(info->resource_flags & STATUS_DEFAULT_STORE);
    list_init(&store->msgs);
    list_init(&store->changes);
    list_init(&store->waiters);
    list_add_tail(&spooler->stores, &store->entry);
    return store;
}

/* The profile's stores as the profile has them now (names, default store). */
static void refresh_stores(struct spooler *spooler)
{
    static const SizedSPropTagArray(1, flags_tag) = { 1, { PR_RESOURCE_FLAGS } };
    struct profile_provider *providers;
    struct spool_store *store;
    ULONG count, i, n;
    SPropValue *value;
    IProfSect *section;

    if (FAILED(profile_get_providers(spooler->profile, MAPI_STORE_PROVIDER, &count, &providers))) return;
    for (i = 0; i < count; i++)
    {
        /* SetDefaultStore writes the flag into the store's section. */
        if (SUCCEEDED(profile_open_section(spooler->profile, &providers[i].provider_uid, 0, &section)))
        {
            if (SUCCEEDED(IProfSect_GetProps(section, (SPropTagArray *)&flags_tag, 0, &n, &value)))
            {
                if (value[0].ulPropTag == PR_RESOURCE_FLAGS) providers[i].resource_flags = value[0].Value.l;
                MAPIFreeBuffer(value);
            }
            IProfSect_Release(section);
        }
        spooler_lock(spooler);
        if ((store = get_store(spooler, &providers[i])))
            store->is_default = !!(providers[i].resource_flags & STATUS_DEFAULT_STORE);
        spooler_unlock(spooler);
    }
    profile_free_providers(count, providers);
}

static BOOL process_alive(DWORD pid)
{
    HANDLE process;
    DWORD code = 0;

    if (pid == GetCurrentProcessId()) return TRUE;
    if (!(process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid))) return FALSE;
    GetExitCodeProcess(process, &code);
    CloseHandle(process);
    return code == STILL_ACTIVE;
}

/* Whether a live client other than the session given has a record under the store's key. */
static BOOL store_key_has_client(HKEY key, LONG ignored_session)
{
    WCHAR name[64], *end;
    DWORD index, len, pid;

    for (index = 0;; index++)
    {
        len = ARRAY_SIZE(name);
        if (RegEnumKeyExW(key, index, name, &len, NULL, NULL, NULL, NULL)) return FALSE;
        pid = wcstoul(name, &end, 10);
        if (!process_alive(pid)) continue;
        if (pid == GetCurrentProcessId() && *end == '.' && wcstol(end + 1, NULL, 10) == ignored_session) continue;
        return TRUE;
    }
}

/* The stores clients have open now (the open-store records, docs/spooler.md) are wanted. */
static void want_open_stores(struct spooler *spooler, LONG ignored_session)
{
    WCHAR path[MAX_PATH * 2], name[64];
    struct spool_store *store;
    DWORD index, len;
    HKEY parent, key;
    MAPIUID uid;
    int i;

    swprintf(path, ARRAY_SIZE(path), L"Software\\Wine\\MAPI\\OpenStores\\%s", spooler->profile_name);
    if (RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ, &parent)) return;
    for (index = 0;; index++)
    {
        len = ARRAY_SIZE(name);
        if (RegEnumKeyExW(parent, index, name, &len, NULL, NULL, NULL, NULL)) break;
        if (len != 2 * sizeof(MAPIUID)) continue;
        for (i = 0; i < sizeof(MAPIUID); i++)
        {
            WCHAR byte[3] = { name[2 * i], name[2 * i + 1], 0 };
            uid.ab[i] = wcstoul(byte, NULL, 16);
        }
        if (RegOpenKeyExW(parent, name, 0, KEY_READ, &key)) continue;
        if (store_key_has_client(key, ignored_session))
        {
            spooler_lock(spooler);
            if ((store = spooler_find_store(spooler, &uid)) && store->state == STORE_OFF)
            {
                TRACE("%s is open: the spooler logs on\n", debugstr_w(store->info.display_name));
                store->state = STORE_WANTED;
                store->unavailable = FALSE;
            }
            spooler_unlock(spooler);
        }
        RegCloseKey(key);
    }
    RegCloseKey(parent);
}

static void free_types(ULONG count, WCHAR **types)
{
    ULONG i;

    for (i = 0; i < count; i++) free(types[i]);
    free(types);
}

/* The address types the session keeps for a transport's logon, copied (session->cs held). */
static WCHAR **copy_types(const struct provider_logon *logon, ULONG *count)
{
    WCHAR **types;
    ULONG i;

    *count = 0;
    if (!(types = calloc(max(1, logon->address_type_count), sizeof(WCHAR *)))) return NULL;
    for (i = 0; i < logon->address_type_count; i++)
        if ((types[*count] = mapi_strdupW_from(logon->address_types[i], TRUE))) (*count)++;
    return types;
}

/***********************************************************************
 *  spool_refresh_types
 *
 * The agent asks a transport for its address types again (ValidateState
 * with CONFIG_CHANGED): the host session keeps them for EnumAdrTypes, and
 * the messages the agent sends from now on are routed by them.
 */
HRESULT spool_refresh_types(struct spooler *spooler, IXPLogon *xp)
{
    struct spool_transport *transport;
    struct provider_logon *logon;
    WCHAR **types = NULL, **old;
    ULONG count = 0, old_count;
    HRESULT hr;

    if (!spooler->host) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = provider_refresh_address_types(spooler->host, xp))) return hr;
    EnterCriticalSection(&spooler->host->cs);
    LIST_FOR_EACH_ENTRY(logon, &spooler->host->logons, struct provider_logon, entry)
    {
        if (logon->logon != (IUnknown *)xp) continue;
        types = copy_types(logon, &count);
        break;
    }
    LeaveCriticalSection(&spooler->host->cs);
    if (!types) return MAPI_E_NOT_ENOUGH_MEMORY;

    /* Swapped under the lock: the old ones are freed after it. */
    spooler_lock(spooler);
    if ((transport = spooler_find_transport(spooler, xp)))
    {
        TRACE("%s handles %lu address types now\n", debugstr_w(transport->name), count);
        old = transport->types;
        old_count = transport->type_count;
        transport->types = types;
        transport->type_count = count;
        types = old;
        count = old_count;
    }
    spooler_unlock(spooler);
    free_types(count, types);
    return S_OK;
}

/* The host session's transports, in transport order, become the agent's. */
static void take_transports(struct spooler *spooler, struct session *host)
{
    struct spool_transport *transport;
    struct provider_logon *logon;

    EnterCriticalSection(&host->cs);
    LIST_FOR_EACH_ENTRY(logon, &host->logons, struct provider_logon, entry)
    {
        if (logon->info.resource_type != MAPI_TRANSPORT_PROVIDER || !logon->logon || logon->closing) continue;
        if (!(transport = calloc(1, sizeof(*transport)))) break;
        transport->xp = (IXPLogon *)logon->logon;
        IXPLogon_AddRef(transport->xp);
        transport->provider_uid = logon->info.provider_uid;
        transport->name = mapi_strdupW_from(logon->info.display_name ? logon->info.display_name : L"", TRUE);
        transport->logon_flags = logon->logon_flags;
        transport->types = copy_types(logon, &transport->type_count);
        spooler_lock(spooler);
        list_add_tail(&spooler->transports, &transport->entry);
        spooler_unlock(spooler);
    }
    LeaveCriticalSection(&host->cs);
}

/***********************************************************************
 * The outgoing queue of a store, watched through its table's notifications.
 */
struct queue_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    struct spooler *spooler;
    struct spool_store *store;
};

static inline struct queue_sink *impl_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct queue_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI queue_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIAdviseSink))
    {
        *obj = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI queue_sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIAdviseSink(iface)->ref);
}

static ULONG WINAPI queue_sink_Release(IMAPIAdviseSink *iface)
{
    struct queue_sink *sink = impl_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedDecrement(&sink->ref);

    if (!ref)
    {
        spooler_release(sink->spooler);
        free(sink);
    }
    return ref;
}

static ULONG hash_key(ULONG size, const BYTE *key)
{
    ULONG hash = 5381, i;

    for (i = 0; i < size; i++) hash = hash * 33 + key[i];
    return hash % SPOOL_HASH_SIZE;
}

struct spool_msg *spool_msg_find(struct spool_store *store, ULONG key_size, const BYTE *key)
{
    struct spool_msg *msg;

    for (msg = store->buckets[hash_key(key_size, key)]; msg; msg = msg->next_in_bucket)
        if (msg->key_size == key_size && !memcmp(msg->key, key, key_size)) return msg;
    return NULL;
}

void spool_msg_remove(struct spool_store *store, struct spool_msg *msg)
{
    struct spool_msg **slot = &store->buckets[hash_key(msg->key_size, msg->key)];

    while (*slot && *slot != msg) slot = &(*slot)->next_in_bucket;
    if (*slot) *slot = msg->next_in_bucket;
    list_remove(&msg->entry);
    if (msg->state != MSG_BUSY && store->queued) store->queued--;
    if (msg->holder) IXPLogon_Release(msg->holder);
    free(msg->key);
    free(msg->entryid);
    free(msg);
}

static const SPropValue *row_prop(const SRow *row, ULONG tag)
{
    return PpropFindProp(row->lpProps, row->cValues, tag);
}

/* A queue row added or changed (lock held). */
static void queue_row_seen(struct spool_store *store, const SRow *row)
{
    const SPropValue *key = row_prop(row, PR_INSTANCE_KEY), *entryid = row_prop(row, PR_ENTRYID);
    const SPropValue *deferred = row_prop(row, PR_DEFERRED_DELIVERY_TIME);
    struct spool_msg *msg;
    ULONG bucket;

    if (!key || !entryid || !key->Value.bin.cb) return;
    if (!(msg = spool_msg_find(store, key->Value.bin.cb, key->Value.bin.lpb)))
    {
        if (!(msg = calloc(1, sizeof(*msg)))) return;
        if (!(msg->key = malloc(key->Value.bin.cb)) || !(msg->entryid = malloc(entryid->Value.bin.cb)))
        {
            free(msg->key);
            free(msg);
            return;
        }
        msg->key_size = key->Value.bin.cb;
        memcpy(msg->key, key->Value.bin.lpb, msg->key_size);
        msg->entryid_size = entryid->Value.bin.cb;
        memcpy(msg->entryid, entryid->Value.bin.lpb, msg->entryid_size);
        msg->state = MSG_QUEUED;
        bucket = hash_key(msg->key_size, msg->key);
        msg->next_in_bucket = store->buckets[bucket];
        store->buckets[bucket] = msg;
        list_add_tail(&store->msgs, &msg->entry);
        store->queued++;
    }
    if (deferred) msg->deliver_after = ((ULONGLONG)deferred->Value.ft.dwHighDateTime << 32) |
                                       deferred->Value.ft.dwLowDateTime;
    msg->gone = FALSE;
}

/* A queue row that went: sent, aborted (AbortSubmit) or taken by another spooler (lock held). */
static void queue_row_gone(struct spooler *spooler, struct spool_store *store, const SPropValue *key)
{
    struct spool_msg *msg;

    if (!key || PROP_TYPE(key->ulPropTag) != PT_BINARY) return;
    if (!(msg = spool_msg_find(store, key->Value.bin.cb, key->Value.bin.lpb))) return;
    /* A busy message is the agent's to finish; one a transport keeps gets NOTIFY_ABORT_DEFERRED. */
    if (msg->state == MSG_BUSY || msg->state == MSG_HELD)
    {
        msg->gone = TRUE;
        return;
    }
    spool_msg_remove(store, msg);
}

static HRESULT WINAPI queue_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifications)
{
    struct queue_sink *sink = impl_from_IMAPIAdviseSink(iface);
    struct spool_store *store = sink->store;
    ULONG i;

    spooler_lock(sink->spooler);
    for (i = 0; i < count; i++)
    {
        TABLE_NOTIFICATION *table = &notifications[i].info.tab;

        if (notifications[i].ulEventType != fnevTableModified) continue;
        switch (table->ulTableEvent)
        {
        case TABLE_ROW_ADDED:
        case TABLE_ROW_MODIFIED:
            queue_row_seen(store, &table->row);
            break;
        case TABLE_ROW_DELETED:
            queue_row_gone(sink->spooler, store, &table->propIndex);
            break;
        case TABLE_CHANGED:
        case TABLE_RELOAD:
            store->reload = TRUE;
            break;
        }
    }
    spooler_unlock(sink->spooler);
    spooler_wake(sink->spooler);
    return 0;
}

static const IMAPIAdviseSinkVtbl queue_sink_vtbl =
{
    queue_sink_QueryInterface,
    queue_sink_AddRef,
    queue_sink_Release,
    queue_sink_OnNotify,
};

static const SizedSPropTagArray(4, queue_columns) =
    { 4, { PR_INSTANCE_KEY, PR_ENTRYID, PR_SUBMIT_FLAGS, PR_DEFERRED_DELIVERY_TIME } };

/* Reads the whole queue: what it holds now is what we know (messages in a transport's hands stay). */
static void load_queue(struct spooler *spooler, struct spool_store *store)
{
    struct spool_msg *msg, *next;
    IMAPITable *queue;
    SRowSet *rows = NULL;
    ULONG i;

    spooler_lock(spooler);
    store->reload = FALSE;
    if ((queue = store->queue)) IMAPITable_AddRef(queue);
    spooler_unlock(spooler);
    if (!queue) return;
    if (FAILED(HrQueryAllRows(queue, (SPropTagArray *)&queue_columns, NULL, NULL, 0, &rows))) rows = NULL;
    IMAPITable_Release(queue);
    if (!rows) return;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry) msg->gone = TRUE;
    for (i = 0; i < rows->cRows; i++) queue_row_seen(store, &rows->aRow[i]);
    LIST_FOR_EACH_ENTRY_SAFE(msg, next, &store->msgs, struct spool_msg, entry)
        if (msg->gone && msg->state == MSG_QUEUED) spool_msg_remove(store, msg);
    spooler_unlock(spooler);
    TRACE("%s: %lu message(s) queued\n", debugstr_w(store->info.display_name), rows->cRows);
    FreeProws(rows);
}

/* SpoolerLogon to a store a client opened, and the watch on its queue. */
static void store_logon(struct spooler *spooler, struct spool_store *store)
{
    struct queue_sink *sink = NULL;
    IMAPITable *queue = NULL;
    ULONG_PTR connection = 0;
    IMsgStore *mdb = NULL;
    struct session *host;
    HRESULT hr;

    spooler_lock(spooler);
    host = spooler->host;
    store->state = STORE_LOGGING_ON;
    /* A NO_WAIT or PURGE that came before the logon asked to drain and release. */
    if (store->mode != MODE_DRAIN) store->mode = MODE_RUN;
    store->reopened = FALSE;
    spooler_unlock(spooler);

    TRACE("logging on to %s\n", debugstr_w(store->info.display_name));
    if (SUCCEEDED(hr = provider_spooler_logon(host, &store->info, &mdb)) &&
        /* Its flags are reserved: a store that checks refuses MAPI_UNICODE. */
        SUCCEEDED(hr = IMsgStore_GetOutgoingQueue(mdb, 0, &queue)) &&
        SUCCEEDED(hr = IMAPITable_SetColumns(queue, (SPropTagArray *)&queue_columns, 0)))
    {
        if (!(sink = calloc(1, sizeof(*sink)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            sink->IMAPIAdviseSink_iface.lpVtbl = &queue_sink_vtbl;
            sink->ref = 1;
            sink->spooler = spooler;
            InterlockedIncrement(&spooler->ref);
            sink->store = store;
            hr = IMAPITable_Advise(queue, fnevTableModified, &sink->IMAPIAdviseSink_iface, &connection);
        }
    }
    if (FAILED(hr))
    {
        WARN("no spooler logon to %s: %#lx\n", debugstr_w(store->info.display_name), hr);
        if (sink) IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
        if (queue) IMAPITable_Release(queue);
        if (mdb) IMsgStore_Release(mdb);
        spooler_lock(spooler);
        store->state = STORE_OFF;
        store->unavailable = TRUE;
        spool_wake_waiters(store);
        spooler_unlock(spooler);
        return;
    }

    spooler_lock(spooler);
    store->mdb = mdb;
    store->queue = queue;
    store->queue_sink = &sink->IMAPIAdviseSink_iface;
    store->queue_connection = connection;
    store->state = STORE_ON;
    spooler_unlock(spooler);
    load_queue(spooler, store);
    if (store->is_default) spool_inbound_enable(spooler, TRUE);
}

/* The spooler lets go of a store: its logon ends (the store's last Release). */
static void store_release(struct spooler *spooler, struct spool_store *store, BOOL keep_wanted)
{
    IMAPIAdviseSink *sink;
    IMAPITable *queue;
    IMsgStore *mdb;
    ULONG_PTR connection;
    BOOL was_default_on;

    spooler_lock(spooler);
    TRACE("releasing %s\n", debugstr_w(store->info.display_name));
    was_default_on = store->is_default && store->state == STORE_ON;
    mdb = store->mdb;
    queue = store->queue;
    sink = store->queue_sink;
    connection = store->queue_connection;
    store->mdb = NULL;
    store->queue = NULL;
    store->queue_sink = NULL;
    store->queue_connection = 0;
    free_msgs(store);
    store->busy = 0;
    store->reload = FALSE;
    store->state = keep_wanted || store->reopened ? STORE_WANTED : STORE_OFF;
    store->mode = MODE_RUN;
    store->purge = FALSE;
    store->reopened = FALSE;
    store->recheck_at = 0;
    store->release_after = 0;
    spooler_unlock(spooler);

    if (was_default_on) spool_inbound_enable(spooler, FALSE);
    if (queue)
    {
        if (connection) IMAPITable_Unadvise(queue, connection);
        IMAPITable_Release(queue);
    }
    if (sink) IMAPIAdviseSink_Release(sink);
    if (mdb) IMsgStore_Release(mdb);

    spooler_lock(spooler);
    spool_wake_waiters(store);
    spooler_unlock(spooler);
}

/***********************************************************************
 *  spool_flush_transports
 *
 * IXPLogon::FlushQueues of every transport in transport order, or of the
 * one whose provider UID is given, with the flags for a transport
 * (FLUSH_UPLOAD, FLUSH_DOWNLOAD, FLUSH_FORCE, FLUSH_NO_UI), between
 * TransportNotify's NOTIFY_BEGIN_*_FLUSH and NOTIFY_END_*_FLUSH of the
 * queues flushed: PURGE's last step, and the first of the status object's
 * FlushQueues. Called by the agent.
 */
void spool_flush_transports(struct spooler *spooler, const MAPIUID *target, ULONG flags)
{
    struct spool_transport *transport;
    ULONG begin = 0, end = 0, status = 0, count = 0, i;
    IXPLogon **xps;
    HRESULT hr;

    if (flags & FLUSH_UPLOAD)
    {
        begin |= NOTIFY_BEGIN_OUTBOUND_FLUSH;
        end |= NOTIFY_END_OUTBOUND_FLUSH;
        status |= STATUS_OUTBOUND_FLUSH;
    }
    if (flags & FLUSH_DOWNLOAD)
    {
        begin |= NOTIFY_BEGIN_INBOUND_FLUSH;
        end |= NOTIFY_END_INBOUND_FLUSH;
        status |= STATUS_INBOUND_FLUSH;
    }
    flags &= FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI;

    spooler_lock(spooler);
    xps = calloc(spool_list_count(&spooler->transports) + 1, sizeof(*xps));
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
    {
        if (!xps) break;
        if (target && memcmp(&transport->provider_uid, target, sizeof(*target))) continue;
        xps[count] = transport->xp;
        IXPLogon_AddRef(xps[count]);
        count++;
    }
    spooler_unlock(spooler);
    if (count) spool_status_update(spooler, status, 0, NULL);
    for (i = 0; i < count; i++)
    {
        ULONG notify = begin;

        IXPLogon_TransportNotify(xps[i], &notify, NULL);
        spooler_lock(spooler);
        spooler->current_xp = xps[i];
        spooler->current_submit = FALSE;
        spooler_unlock(spooler);
        hr = IXPLogon_FlushQueues(xps[i], 0, 0, NULL, flags);
        notify = end;
        IXPLogon_TransportNotify(xps[i], &notify, NULL);
        TRACE("FlushQueues(%#lx): %#lx\n", flags, hr);
        spooler_lock(spooler);
        spooler->current_xp = NULL;
        spooler_unlock(spooler);
        IXPLogon_Release(xps[i]);
    }
    if (count) spool_status_update(spooler, 0, status, NULL);
    free(xps);
}

/* Logons to make, queues to read again, releases that are due. */
static BOOL store_chores(struct spooler *spooler)
{
    struct spool_store *store, *todo = NULL;
    enum { NOTHING, LOGON, RELOAD, RELEASE, FLUSH } what = NOTHING;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        if (store->state == STORE_WANTED && !store->unavailable) what = LOGON;
        else if (store->state == STORE_ON && spool_release_due(spooler, store))
            what = store->purge ? FLUSH : RELEASE;
        else if (store->state == STORE_ON && store->reload) what = RELOAD;
        else continue;
        todo = store;
        break;
    }
    spooler_unlock(spooler);

    /* Before a store is let go because its queue is done: the store must agree that it is. A message
     * submitted a moment ago may not have come through the queue's notifications yet. */
    if ((what == RELEASE || what == FLUSH) && (todo->mode == MODE_RELEASE_IDLE || todo->mode == MODE_DRAIN))
    {
        IMsgStore *mdb;
        BOOL wait;

        spooler_lock(spooler);
        if ((mdb = todo->mdb)) IMsgStore_AddRef(mdb);
        spooler_unlock(spooler);
        wait = mdb && spool_store_queue(mdb) && !todo->queued;
        if (mdb) IMsgStore_Release(mdb);
        if (wait)
        {
            TRACE("%s: the store has queued messages not seen yet\n", debugstr_w(todo->info.display_name));
            spooler_lock(spooler);
            todo->recheck_at = GetTickCount64() + 100;
            spooler_unlock(spooler);
            return FALSE;
        }
    }

    switch (what)
    {
    case NOTHING: return FALSE;
    case LOGON: store_logon(spooler, todo); break;
    case RELOAD: load_queue(spooler, todo); break;
    case FLUSH:
        spool_flush_transports(spooler, NULL, FLUSH_UPLOAD | FLUSH_DOWNLOAD);
        spooler_lock(spooler);
        todo->purge = FALSE;
        spooler_unlock(spooler);
        /* fall through */
    case RELEASE: store_release(spooler, todo, FALSE); break;
    }
    return TRUE;
}

/* Poll and Idle for the transports that asked for them, at most every POLL_INTERVAL_MS. */
static void tick_transports(struct spooler *spooler)
{
    struct spool_transport *transport;
    IXPLogon *xps[32];
    ULONG count = 0, i;

    if (GetTickCount64() < spooler->next_poll) return;
    spooler->next_poll = GetTickCount64() + POLL_INTERVAL_MS;
    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
    {
        if (!(transport->logon_flags & LOGON_SP_IDLE) || count == ARRAY_SIZE(xps)) continue;
        xps[count] = transport->xp;
        IXPLogon_AddRef(xps[count]);
        count++;
    }
    spooler_unlock(spooler);
    for (i = 0; i < count; i++)
    {
        IXPLogon_Idle(xps[i], 0);
        IXPLogon_Release(xps[i]);
    }
    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
        if (transport->logon_flags & LOGON_SP_POLL) transport->newmail = TRUE;
    spooler_unlock(spooler);
}

static ULONGLONG next_recheck(struct spooler *spooler)
{
    ULONGLONG next = ~(ULONGLONG)0;
    struct spool_store *store;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        if (store->state != STORE_ON) continue;
        if (store->recheck_at) next = min(next, store->recheck_at);
        if (store->mode != MODE_RUN && store->release_after) next = min(next, store->release_after);
    }
    spooler_unlock(spooler);
    return next;
}

static void work_loop(struct spooler *spooler)
{
    HANDLE handles[2] = { spooler->stop, spooler->wake };
    ULONGLONG now, due;
    DWORD timeout;

    for (;;)
    {
        if (spooler_is_stopping(spooler) || spooler->host_leaving) break;
        if (store_chores(spooler)) continue;
        if (spool_request_step(spooler)) continue;
        if (spool_inbound_step(spooler)) continue;
        if (spool_outbound_step(spooler)) continue;
        tick_transports(spooler);
        if (spool_inbound_step(spooler)) continue;

        now = GetTickCount64();
        due = min(spool_outbound_next_due(spooler), spooler->next_poll);
        due = min(due, next_recheck(spooler));
        timeout = due <= now ? 0 : (DWORD)min(due - now, 60000);
        WaitForMultipleObjects(2, handles, FALSE, timeout);
    }
}

/* Pick the session to serve from: the first mail session still on. */
static struct session *pick_host(struct spooler *spooler)
{
    struct spool_session *entry;
    struct session *host = NULL;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(entry, &spooler->sessions, struct spool_session, entry)
    {
        if (entry->session->logged_off) continue;
        host = entry->session;
        session_addref_internal(host);
        break;
    }
    spooler->host = host;
    spooler->host_leaving = FALSE;
    if (host) ResetEvent(spooler->host_released);
    spooler_unlock(spooler);
    return host;
}

static void activate(struct spooler *spooler, struct session *host)
{
    struct spool_transport *transport;

    TRACE("spooler of %s serves from session %p\n", debugstr_w(spooler->profile_name), host);
    take_transports(spooler, host);
    refresh_stores(spooler);
    want_open_stores(spooler, 0);
    spooler->next_poll = 0;
    spool_status_update(spooler, STATUS_AVAILABLE | STATUS_OUTBOUND_ENABLED, STATUS_OFFLINE,
                        L"Sending and receiving");
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
    {
        ULONG flags = NOTIFY_BEGIN_OUTBOUND;
        IXPLogon_TransportNotify(transport->xp, &flags, NULL);
    }
}

/* Everything of the host's goes back: store logons, transports. */
static void deactivate(struct spooler *spooler, LONG leaving_session)
{
    struct spool_transport *transport, *next;
    struct spool_store *store;
    BOOL found;

    do
    {
        found = FALSE;
        spooler_lock(spooler);
        LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
        {
            if (store->state != STORE_ON) continue;
            found = TRUE;
            break;
        }
        spooler_unlock(spooler);
        /* A client still having it open gets it again from the next host. */
        if (found) store_release(spooler, store, TRUE);
    } while (found);

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        if (store->state != STORE_OFF) store->state = STORE_OFF;
        spool_wake_waiters(store);
    }
    LIST_FOR_EACH_ENTRY_SAFE(transport, next, &spooler->transports, struct spool_transport, entry)
    {
        list_remove(&transport->entry);
        free_transport(transport);
    }
    spooler_unlock(spooler);
    /* The next host opens what clients other than the leaving session have open. */
    if (!spooler_is_stopping(spooler)) want_open_stores(spooler, leaving_session);
}

static DWORD WINAPI agent_thread(void *arg)
{
    struct spooler *spooler = arg;
    WCHAR name[MAX_PATH];
    HANDLE handles[2], mutex;
    struct session *host;
    DWORD wait;
    LONG leaving;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    spooler_mutex_name(spooler->profile_name, name, ARRAY_SIZE(name));
    if (!(mutex = CreateMutexW(NULL, FALSE, name)))
    {
        ERR("no spooler mutex %s: %lu\n", debugstr_w(name), GetLastError());
        goto done;
    }
    handles[0] = spooler->stop;
    handles[1] = mutex;
    spool_status_update(spooler, STATUS_AVAILABLE, STATUS_OFFLINE,
                        L"Standing by: the spooler of another process sends and receives");
    wait = WaitForMultipleObjects(2, handles, FALSE, INFINITE);
    if (wait != WAIT_OBJECT_0 + 1 && wait != WAIT_ABANDONED_0 + 1) goto done;
    if (wait == WAIT_ABANDONED_0 + 1) TRACE("the active spooler of %s died: taking over\n",
                                            debugstr_w(spooler->profile_name));
    TRACE("spooler %p of %s is active\n", spooler, debugstr_w(spooler->profile_name));

    spooler_lock(spooler);
    spooler->active = TRUE;
    spooler_unlock(spooler);
    spooler->ipc = spool_ipc_start(spooler);

    while (!spooler_is_stopping(spooler))
    {
        if (!(host = pick_host(spooler)))
        {
            HANDLE wait_handles[2] = { spooler->stop, spooler->wake };
            WaitForMultipleObjects(2, wait_handles, FALSE, INFINITE);
            continue;
        }
        activate(spooler, host);
        work_loop(spooler);
        leaving = spooler->host_leaving ? host->id : 0;
        deactivate(spooler, leaving);
        spooler_lock(spooler);
        spooler->host = NULL;
        spooler_unlock(spooler);
        SetEvent(spooler->host_released);
        session_release_internal(host);
    }

    spool_ipc_stop(spooler->ipc);
    spooler->ipc = NULL;
    spooler_lock(spooler);
    spooler->active = FALSE;
    spooler_unlock(spooler);
    spool_requests_end(spooler);
    ReleaseMutex(mutex);
done:
    if (mutex) CloseHandle(mutex);
    TRACE("spooler %p of %s ends\n", spooler, debugstr_w(spooler->profile_name));
    CoUninitialize();
    spooler_release(spooler);
    return 0;
}

static struct spooler *spooler_create(struct profile *profile)
{
    struct spooler *spooler;

    if (!(spooler = calloc(1, sizeof(*spooler)))) return NULL;
    spooler->ref = 1;
    InitializeCriticalSection(&spooler->cs);
    spooler->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": spooler.cs");
    spooler->profile = profile_addref(profile);
    spooler->profile_name = mapi_strdupW_from(profile_name(profile), TRUE);
    spooler->stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    spooler->wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    spooler->host_released = CreateEventW(NULL, TRUE, TRUE, NULL);
    spooler->status_code = STATUS_OFFLINE;
    list_init(&spooler->sessions);
    list_init(&spooler->stores);
    list_init(&spooler->transports);
    list_init(&spooler->requests);
    if (!spooler->profile_name || !spooler->stop || !spooler->wake || !spooler->host_released)
    {
        spooler_destroy(spooler);
        return NULL;
    }
    return spooler;
}

/***********************************************************************
 *  spooler_session_started
 *
 * A session that sends and receives mail joins its profile's agent, which
 * starts when it is the first.
 */
void spooler_session_started(struct session *session)
{
    struct spool_session *entry;
    struct spooler *spooler, *found = NULL;

    if (!(entry = calloc(1, sizeof(*entry)))) return;
    EnterCriticalSection(&spoolers_cs);
    LIST_FOR_EACH_ENTRY(spooler, &spoolers, struct spooler, entry)
    {
        if (wcsicmp(spooler->profile_name, profile_name(session->profile))) continue;
        found = spooler;
        break;
    }
    if (!found && (found = spooler_create(session->profile)))
    {
        /* The list's reference and the agent's. */
        InterlockedIncrement(&found->ref);
        if (!(found->thread = CreateThread(NULL, 0, agent_thread, found, 0, NULL)))
        {
            ERR("no spooler thread: %lu\n", GetLastError());
            spooler_destroy(found);
            found = NULL;
        }
        else list_add_tail(&spoolers, &found->entry);
    }
    if (!found)
    {
        LeaveCriticalSection(&spoolers_cs);
        free(entry);
        return;
    }
    entry->session = session;
    session_addref_internal(session);
    spooler_lock(found);
    list_add_tail(&found->sessions, &entry->entry);
    spooler_unlock(found);
    LeaveCriticalSection(&spoolers_cs);
    spool_status_session(found, session);
    spooler_wake(found);
}

/* Stops what the agent does in a transport on behalf of a leaving host. */
static void cancel_current(struct spooler *spooler)
{
    IXPLogon *xp;
    ULONG ref, flags;
    BOOL submit;

    spooler_lock(spooler);
    if ((xp = spooler->current_xp)) IXPLogon_AddRef(xp);
    ref = spooler->current_ref;
    submit = spooler->current_submit;
    spooler_unlock(spooler);
    if (!xp) return;
    TRACE("cancelling the work of transport %p (message %lu)\n", xp, ref);
    if (submit && ref)
    {
        flags = NOTIFY_CANCEL_MESSAGE;
        IXPLogon_TransportNotify(xp, &flags, (void **)&ref);
    }
    /* A transport takes TransportLogoff at any time and stops what it is doing. */
    IXPLogon_TransportLogoff(xp, 0);
    IXPLogon_Release(xp);
}

/***********************************************************************
 *  spooler_session_ending
 *
 * A mail session logs off: if the agent serves from it, the agent gives
 * back what it holds first; the last session of the profile stops it.
 */
void spooler_session_ending(struct session *session)
{
    struct spool_session *entry, *found = NULL;
    struct spooler *spooler;
    BOOL host, last;

    if (!(spooler = spooler_find(profile_name(session->profile)))) return;

    EnterCriticalSection(&spoolers_cs);
    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(entry, &spooler->sessions, struct spool_session, entry)
    {
        if (entry->session != session) continue;
        found = entry;
        list_remove(&entry->entry);
        break;
    }
    last = list_empty(&spooler->sessions);
    host = found && spooler->host == session;
    if (host) spooler->host_leaving = TRUE;
    spooler_unlock(spooler);
    if (found && last) list_remove(&spooler->entry);
    LeaveCriticalSection(&spoolers_cs);
    if (!found)
    {
        spooler_release(spooler);
        return;
    }

    TRACE("session %p leaves the spooler of %s%s%s\n", session, debugstr_w(spooler->profile_name),
          host ? " (its host)" : "", last ? ", which stops" : "");
    if (host)
    {
        cancel_current(spooler);
        spooler_wake(spooler);
        WaitForSingleObject(spooler->host_released, INFINITE);
    }
    if (last)
    {
        SetEvent(spooler->stop);
        WaitForSingleObject(spooler->thread, INFINITE);
        spooler_release(spooler);   /* the list's */
    }
    session_release_internal(session);
    free(found);
    spooler_release(spooler);
}

/* A client opened a store: the active agent logs on to it, or keeps the logon it was to let go. */
void spool_store_opened(struct spooler *spooler, const MAPIUID *uid)
{
    struct spool_store *store;

    spooler_lock(spooler);
    if (!(store = spooler_find_store(spooler, uid)))
    {
        spooler_unlock(spooler);
        refresh_stores(spooler);
        spooler_lock(spooler);
        store = spooler_find_store(spooler, uid);
    }
    if (store)
    {
        store->unavailable = FALSE;
        if (store->state == STORE_OFF) store->state = STORE_WANTED;
        else if (store->mode == MODE_RELEASE_IDLE) store->mode = MODE_RUN;
        else if (store->mode != MODE_RUN) store->reopened = TRUE;
    }
    spooler_unlock(spooler);
    spooler_wake(spooler);
}

/***********************************************************************
 *  spooler_store_opened
 */
void spooler_store_opened(struct session *session, const MAPIUID *uid)
{
    struct spooler *spooler = spooler_find(profile_name(session->profile));

    if (spooler && spooler->active && spooler->host)
    {
        spool_store_opened(spooler, uid);
        spooler_release(spooler);
        return;
    }
    if (spooler) spooler_release(spooler);
    spool_ipc_store_opened(profile_name(session->profile), uid);
}

/***********************************************************************
 *  spooler_store_logoff
 */
HRESULT spooler_store_logoff(struct session *session, const MAPIUID *uid, ULONG flag, ULONG *result)
{
    struct spooler *spooler = spooler_find(profile_name(session->profile));
    HRESULT hr;

    if (spooler && spooler->active)
    {
        hr = spool_logoff_decide(spooler, uid, flag, result);
        spooler_release(spooler);
        return hr;
    }
    if (spooler) spooler_release(spooler);
    return spool_ipc_store_logoff(profile_name(session->profile), uid, flag, result);
}

/***********************************************************************
 *  spooler_notify
 *
 * IMAPISupport::SpoolerNotify. A store may say NOTIFY_READYTOSEND (the queue
 * tells us anyway) and NOTIFY_NEWMAIL_RECEIVED; a transport anything else.
 *
 * NOTES
 *  NOTIFY_SENTDEFERRED: lpvData points to an SBinary holding the entry ID
 *  of the message the transport kept (END_DONT_RESEND) and has now sent.
 */
HRESULT spooler_notify(struct support *support, ULONG flags, void *data)
{
    static const ULONG transport_flags = NOTIFY_NEWMAIL | NOTIFY_READYTOSEND | NOTIFY_SENTDEFERRED |
                                         NOTIFY_CRITSEC | NOTIFY_NONCRIT | NOTIFY_CONFIG_CHANGE |
                                         NOTIFY_CRITICAL_ERROR;
    struct spool_transport *transport;
    struct spooler *spooler;
    IXPLogon *xp = NULL;
    HRESULT hr = S_OK;

    if (support->kind == SUPPORT_STORE)
    {
        if (flags & ~(NOTIFY_READYTOSEND | NOTIFY_NEWMAIL_RECEIVED)) return MAPI_E_UNKNOWN_FLAGS;
        if ((flags & NOTIFY_NEWMAIL_RECEIVED) && !data) return MAPI_E_INVALID_PARAMETER;
        if (support->session && (spooler = spooler_find(profile_name(support->session->profile))))
        {
            spooler_wake(spooler);
            spooler_release(spooler);
        }
        return S_OK;
    }

    if (flags & ~transport_flags) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & NOTIFY_SENTDEFERRED) && (flags & NOTIFY_CRITICAL_ERROR)) return MAPI_E_INVALID_PARAMETER;
    if ((flags & NOTIFY_SENTDEFERRED) && !data) return MAPI_E_INVALID_PARAMETER;
    if (!support->session) return MAPI_E_INVALID_OBJECT;
    if (!(spooler = spooler_find(profile_name(support->session->profile)))) return S_OK;

    EnterCriticalSection(&support->session->cs);
    if (support->logon && support->logon->logon) xp = (IXPLogon *)support->logon->logon;
    LeaveCriticalSection(&support->session->cs);

    spooler_lock(spooler);
    transport = xp ? spooler_find_transport(spooler, xp) : NULL;
    if (transport && (flags & NOTIFY_NEWMAIL)) transport->newmail = TRUE;
    if (transport && (flags & NOTIFY_CRITICAL_ERROR))
        WARN("transport %s reports a critical error\n", debugstr_w(transport->name));
    spooler_unlock(spooler);
    if (flags & NOTIFY_SENTDEFERRED)
    {
        const SBinary *entryid = data;
        hr = spool_sent_deferred(spooler, entryid->cb, (const ENTRYID *)entryid->lpb);
    }
    spooler_wake(spooler);
    spooler_release(spooler);
    return hr;
}
