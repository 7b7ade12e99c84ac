/*
 * MAPI's notification engine: what IMAPISupport::Subscribe, Unsubscribe and
 * Notify stand on, and IMAPISession::Advise for the session's own events.
 *
 * Advise sources are known by a NOTIFKEY that their provider makes (usually
 * from an entry ID); a subscription asks for events of a key with an fnev*
 * mask. Subscriptions belong to the process, not to a session, so that two
 * sessions with the same store see each other's changes.
 *
 * Delivery: a subscription made with NOTIFY_SYNC gets its notifications
 * before Notify returns, on the notifier's thread, and may stop the others
 * with CALLBACK_DISCONTINUE. Every other one gets them later, in the order
 * they were sent, from the engine's own thread, which never runs provider
 * code under a lock. A sink that must be called on its own thread is wrapped
 * by its owner with HrThisThreadAdviseSink, as MAPI's pages ask.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct subscription
{
    struct list entry;
    LONG ref;
    BOOL active;                /* FALSE once unsubscribed: queued notifications are dropped */
    ULONG_PTR connection;
    void *owner;
    ULONG mask;
    ULONG flags;
    IMAPIAdviseSink *sink;
    ULONG key_size;
    BYTE key[1];
};

struct queued_notification
{
    struct list entry;
    struct subscription *subscription;
    ULONG count;
    NOTIFICATION *notifications;    /* one MAPIAllocateBuffer block */
};

static CRITICAL_SECTION notify_cs;
static CRITICAL_SECTION_DEBUG notify_cs_debug =
{
    0, 0, &notify_cs,
    { &notify_cs_debug.ProcessLocksList, &notify_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": notify_cs") }
};
static CRITICAL_SECTION notify_cs = { &notify_cs_debug, -1, 0, 0, 0, 0 };

static struct list subscriptions = LIST_INIT(subscriptions);
static struct list queue = LIST_INIT(queue);
static ULONG_PTR next_connection = 1;
static HANDLE queue_event;
static BOOL thread_started;

static void subscription_release(struct subscription *subscription)
{
    if (InterlockedDecrement(&subscription->ref)) return;
    IMAPIAdviseSink_Release(subscription->sink);
    free(subscription);
}

HRESULT notify_subscribe(void *owner, const NOTIFKEY *key, ULONG mask, ULONG flags,
                         IMAPIAdviseSink *sink, ULONG_PTR *connection)
{
    struct subscription *subscription;

    if (!key || !sink || !connection || !key->cb) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~NOTIFY_SYNC) return MAPI_E_UNKNOWN_FLAGS;
    if (!mask) return MAPI_E_INVALID_PARAMETER;

    if (!(subscription = malloc(offsetof(struct subscription, key[key->cb]))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    subscription->ref = 1;
    subscription->active = TRUE;
    subscription->owner = owner;
    subscription->mask = mask;
    subscription->flags = flags;
    subscription->sink = sink;
    IMAPIAdviseSink_AddRef(sink);
    subscription->key_size = key->cb;
    memcpy(subscription->key, key->ab, key->cb);

    EnterCriticalSection(&notify_cs);
    subscription->connection = next_connection++;
    list_add_tail(&subscriptions, &subscription->entry);
    LeaveCriticalSection(&notify_cs);

    *connection = subscription->connection;
    TRACE("owner %p, connection %Iu, mask %#lx\n", owner, *connection, mask);
    return S_OK;
}

static void deactivate(struct subscription *subscription)
{
    subscription->active = FALSE;
    list_remove(&subscription->entry);
    subscription_release(subscription);
}

HRESULT notify_unsubscribe(void *owner, ULONG_PTR connection)
{
    struct subscription *subscription;
    HRESULT hr = MAPI_E_NOT_FOUND;

    EnterCriticalSection(&notify_cs);
    LIST_FOR_EACH_ENTRY(subscription, &subscriptions, struct subscription, entry)
    {
        if (subscription->connection != connection) continue;
        if (owner && subscription->owner != owner) break;
        deactivate(subscription);
        hr = S_OK;
        break;
    }
    LeaveCriticalSection(&notify_cs);
    if (FAILED(hr)) WARN("no connection %Iu of %p\n", connection, owner);
    return hr;
}

void notify_unsubscribe_all(void *owner)
{
    struct subscription *subscription, *next;

    EnterCriticalSection(&notify_cs);
    LIST_FOR_EACH_ENTRY_SAFE(subscription, next, &subscriptions, struct subscription, entry)
        if (subscription->owner == owner) deactivate(subscription);
    LeaveCriticalSection(&notify_cs);
}

static DWORD WINAPI notify_thread(void *arg)
{
    struct queued_notification *queued;
    struct list *head;

    for (;;)
    {
        WaitForSingleObject(queue_event, INFINITE);
        for (;;)
        {
            EnterCriticalSection(&notify_cs);
            if ((head = list_head(&queue))) list_remove(head);
            LeaveCriticalSection(&notify_cs);
            if (!head) break;

            queued = LIST_ENTRY(head, struct queued_notification, entry);
            if (queued->subscription->active)
                IMAPIAdviseSink_OnNotify(queued->subscription->sink, queued->count, queued->notifications);
            subscription_release(queued->subscription);
            MAPIFreeBuffer(queued->notifications);
            free(queued);
        }
    }
    return 0;
}

/* Called with notify_cs held. */
static BOOL start_thread(void)
{
    HANDLE thread;
    HMODULE module;

    if (thread_started) return TRUE;
    if (!queue_event && !(queue_event = CreateEventW(NULL, FALSE, FALSE, NULL))) return FALSE;
    /* The thread runs until the process ends: keep the DLL it runs in. */
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)notify_thread, &module);
    if (!(thread = CreateThread(NULL, 0, notify_thread, NULL, 0, NULL))) return FALSE;
    CloseHandle(thread);
    thread_started = TRUE;
    return TRUE;
}

/* The notifications of the array that a mask asks for (sharing their data). */
static NOTIFICATION *select_matching(ULONG count, NOTIFICATION *notifications, ULONG mask, ULONG *matching)
{
    NOTIFICATION *selected;
    ULONG i;

    *matching = 0;
    if (!(selected = malloc(count * sizeof(*selected)))) return NULL;
    for (i = 0; i < count; i++)
        if (notifications[i].ulEventType & mask) selected[(*matching)++] = notifications[i];
    return selected;
}

/* The same, copied into one block that outlives the caller's. */
static HRESULT copy_matching(ULONG count, NOTIFICATION *notifications, ULONG mask,
                             ULONG *matching, NOTIFICATION **copy)
{
    NOTIFICATION *selected;
    ULONG size;
    HRESULT hr;

    *copy = NULL;
    if (!(selected = select_matching(count, notifications, mask, matching))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr = ScCountNotifications(*matching, selected, &size)) &&
        SUCCEEDED(hr = MAPIAllocateBuffer(size, (void **)copy)) &&
        FAILED(hr = ScCopyNotifications(*matching, selected, *copy, &size)))
    {
        MAPIFreeBuffer(*copy);
        *copy = NULL;
    }
    free(selected);
    return hr;
}

static BOOL key_matches(const struct subscription *subscription, const NOTIFKEY *key)
{
    return subscription->key_size == key->cb && !memcmp(subscription->key, key->ab, key->cb);
}

static ULONG events_of(ULONG count, const NOTIFICATION *notifications)
{
    ULONG i, events = 0;
    for (i = 0; i < count; i++) events |= notifications[i].ulEventType;
    return events;
}

HRESULT notify_send(const NOTIFKEY *key, ULONG count, NOTIFICATION *notifications, ULONG *flags)
{
    struct subscription *subscription, **sync = NULL;
    struct queued_notification *queued;
    ULONG events, sync_count = 0, i, matching;
    BOOL canceled = FALSE, queued_any = FALSE;
    NOTIFICATION *copy;
    HRESULT hr = S_OK;

    if (!key || !count || !notifications) return MAPI_E_INVALID_PARAMETER;
    events = events_of(count, notifications);

    EnterCriticalSection(&notify_cs);
    LIST_FOR_EACH_ENTRY(subscription, &subscriptions, struct subscription, entry)
    {
        if (!key_matches(subscription, key) || !(subscription->mask & events)) continue;
        if (subscription->flags & NOTIFY_SYNC)
        {
            struct subscription **grown = realloc(sync, (sync_count + 1) * sizeof(*sync));
            if (!grown) { hr = MAPI_E_NOT_ENOUGH_MEMORY; break; }
            sync = grown;
            InterlockedIncrement(&subscription->ref);
            sync[sync_count++] = subscription;
            continue;
        }
        if (FAILED(hr = copy_matching(count, notifications, subscription->mask, &matching, &copy))) break;
        if (!(queued = malloc(sizeof(*queued))) || !start_thread())
        {
            free(queued);
            MAPIFreeBuffer(copy);
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        InterlockedIncrement(&subscription->ref);
        queued->subscription = subscription;
        queued->count = matching;
        queued->notifications = copy;
        list_add_tail(&queue, &queued->entry);
        queued_any = TRUE;
    }
    LeaveCriticalSection(&notify_cs);
    if (queued_any) SetEvent(queue_event);

    /* Synchronous sinks are called outside the lock: they may call back into MAPI. */
    for (i = 0; i < sync_count; i++)
    {
        subscription = sync[i];
        if (!canceled && subscription->active &&
            (copy = select_matching(count, notifications, subscription->mask, &matching)))
        {
            if (IMAPIAdviseSink_OnNotify(subscription->sink, matching, copy) == CALLBACK_DISCONTINUE)
                canceled = TRUE;
            free(copy);
        }
        subscription_release(subscription);
    }
    free(sync);

    if (flags) *flags = canceled ? NOTIFY_CANCELED : 0;
    return hr;
}
