/*
 * IMAPISupport::StoreLogoffTransports as the active spooler decides it: the
 * table of ../shared/docs/storelogoff.md. The answer comes from the
 * bookkeeping at once; only PURGE waits, for the work it names, which the
 * agent does: sending what is queued, finishing what transports hold,
 * FlushQueues on every transport, then the release of its logon.
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* The release of a store the spooler decided to let go waits this long: the store's client is still
 * in its last Release (invalidating its objects, closing its file), and letting go of a long queue
 * at the same moment would slow it down for nothing. PURGE does not wait for it. */
#define RELEASE_GRACE_MS 50

struct waiter
{
    struct list entry;
    HANDLE event;
};

void spool_wake_waiters(struct spool_store *store)
{
    struct waiter *waiter, *next;

    LIST_FOR_EACH_ENTRY_SAFE(waiter, next, &store->waiters, struct waiter, entry)
    {
        list_remove(&waiter->entry);
        list_init(&waiter->entry);
        SetEvent(waiter->event);
    }
}

static BOOL drain_left(struct spool_store *store)
{
    struct spool_msg *msg;
    FILETIME ft;
    ULONGLONG now;

    GetSystemTimeAsFileTime(&ft);
    now = ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
    LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry)
    {
        /* Messages whose delivery time has not come are not ready to be sent: they stay queued. */
        if (msg->state == MSG_QUEUED && msg->drained != store->drain && (!msg->deliver_after || msg->deliver_after <= now))
            return TRUE;
    }
    return FALSE;
}

BOOL spool_release_due(struct spooler *spooler, struct spool_store *store)
{
    if (store->reload || store->recheck_at > GetTickCount64()) return FALSE;
    if (!store->purge && store->release_after > GetTickCount64()) return FALSE;
    switch (store->mode)
    {
    case MODE_RUN: return FALSE;
    case MODE_RELEASE: return !store->busy && !store->inbound;
    case MODE_RELEASE_IDLE: return !store->busy && !store->inbound && !store->queued;
    case MODE_ORDERLY: return !store->busy && !store->inbound;
    case MODE_DRAIN: return !store->busy && !store->inbound && !drain_left(store);
    }
    return FALSE;
}

/* The store's own word on its queue (unlocked submitted messages): the bookkeeping follows the
 * queue table's notifications, which may come a moment after a submission. */
ULONG spool_store_queue(IMsgStore *mdb)
{
    ULONG flags = LOGOFF_QUIET;

    if (FAILED(IMsgStore_StoreLogoff(mdb, &flags))) return 0;
    return flags & LOGOFF_OUTBOUND_QUEUE;
}

/* PURGE's caller waits until the spooler released its logon, or stopped. */
static void wait_for_release(struct spooler *spooler, struct waiter *waiter)
{
    HANDLE handles[2] = { waiter->event, spooler->stop };

    if (!waiter->event) return;
    TRACE("PURGE: waiting for the spooler\n");
    WaitForMultipleObjects(2, handles, FALSE, INFINITE);
    spooler_lock(spooler);
    if (waiter->entry.next && !list_empty(&waiter->entry)) list_remove(&waiter->entry);
    spooler_unlock(spooler);
    CloseHandle(waiter->event);
    TRACE("PURGE done\n");
}

/***********************************************************************
 *  spool_logoff_decide
 *
 * NOTES
 *  *result has the activity found when the call began, and LOGOFF_COMPLETE
 *  when the spooler released its logon or has committed to release it.
 */
HRESULT spool_logoff_decide(struct spooler *spooler, const MAPIUID *uid, ULONG flag, ULONG *result)
{
    struct spool_store *store;
    struct waiter waiter = { { 0 } };
    IMsgStore *mdb = NULL;
    ULONG activity, queue;

    spooler_lock(spooler);
    store = spooler_find_store(spooler, uid);
    if (store && (store->state == STORE_WANTED || store->state == STORE_LOGGING_ON) && !store->unavailable &&
        (flag == LOGOFF_NO_WAIT || flag == LOGOFF_PURGE))
    {
        /* The spooler was about to log on, or is doing so: it still does, sends what is queued
         * and then releases. What is queued is not known before its logon. */
        if (store->mode != MODE_DRAIN) store->drain++;
        store->mode = MODE_DRAIN;
        if (flag == LOGOFF_PURGE)
        {
            store->purge = TRUE;
            if ((waiter.event = CreateEventW(NULL, TRUE, FALSE, NULL)))
                list_add_tail(&store->waiters, &waiter.entry);
        }
        spooler_unlock(spooler);
        spooler_wake(spooler);
        TRACE("logon under way: drain, %s\n", waiter.event ? "waiting" : "not waiting");
        *result = LOGOFF_COMPLETE;
        wait_for_release(spooler, &waiter);
        return S_OK;
    }
    if (!store || store->state == STORE_OFF || store->state == STORE_WANTED)
    {
        /* The spooler holds no logon to it: a logon that was to come is not made. */
        if (store) store->state = STORE_OFF;
        spooler_unlock(spooler);
        TRACE("no spooler logon: complete\n");
        *result = LOGOFF_COMPLETE;
        return S_OK;
    }
    activity = spool_store_activity(store);
    /* Not while a transport delivers into the store: the spooler's logon may be inside the message's
     * SaveChanges, waiting for the database, and the answer must not wait for it. The store is busy
     * whatever its queue holds; what the notifications have not brought yet is read before the release. */
    if (store->state == STORE_ON && store->mdb && !store->inbound)
    {
        /* A message submitted a moment ago may not have reached the queue's table notifications yet. */
        mdb = store->mdb;
        IMsgStore_AddRef(mdb);
        spooler_unlock(spooler);
        queue = spool_store_queue(mdb);
        IMsgStore_Release(mdb);
        spooler_lock(spooler);
        activity |= queue;
        /* The store has queued what the bookkeeping has not seen yet: read the queue again
         * before any release, so that NO_WAIT and PURGE send it too. */
        if (queue && !store->queued) store->reload = TRUE;
        if (store->state == STORE_OFF || store->state == STORE_WANTED)
        {
            store->state = STORE_OFF;
            spooler_unlock(spooler);
            *result = LOGOFF_COMPLETE;
            return S_OK;
        }
    }
    store->reopened = FALSE;
    store->release_after = GetTickCount64() + RELEASE_GRACE_MS;
    TRACE("%s, flag %#lx, activity %#lx\n", debugstr_w(store->info.display_name), flag, activity);

    switch (flag)
    {
    case LOGOFF_ABORT:
    case LOGOFF_QUIET:
        /* Decision of the contract: a busy store is left as it is; the activity says why. */
        if (activity)
        {
            if (store->mode == MODE_RUN) store->mode = MODE_RELEASE_IDLE;
            *result = activity;
        }
        else
        {
            store->mode = MODE_RELEASE;
            *result = LOGOFF_COMPLETE;
        }
        break;
    case LOGOFF_ORDERLY:
        if (store->mode != MODE_DRAIN) store->mode = MODE_ORDERLY;
        *result = activity | LOGOFF_COMPLETE;
        break;
    case LOGOFF_NO_WAIT:
    case LOGOFF_PURGE:
        /* A new drain: each queued message gets one more try in it. */
        if (store->mode != MODE_DRAIN) store->drain++;
        store->mode = MODE_DRAIN;
        /* PURGE flushes the transports of a busy store; an idle one is let go as with NO_WAIT. */
        if (flag == LOGOFF_PURGE && activity)
        {
            store->purge = TRUE;
            if ((waiter.event = CreateEventW(NULL, TRUE, FALSE, NULL)))
                list_add_tail(&store->waiters, &waiter.entry);
        }
        *result = activity | LOGOFF_COMPLETE;
        break;
    }
    spooler_unlock(spooler);
    spooler_wake(spooler);

    wait_for_release(spooler, &waiter);
    return S_OK;
}
