/*
 * Outbound: the messages of the stores' outgoing queues, one at a time.
 *
 * For a queued message that is due: SetLockState(MSG_LOCKED) claims it (the
 * store does it in one transaction: two spoolers cannot both win), the
 * preprocessors run, and each transport that handles the address type of a
 * recipient no transport took yet (PR_RESPONSIBILITY) gets it, in transport
 * order: SubmitMessage, then EndMessage. Recipients no transport handles get
 * a non-delivery report. Then FinishedMsg, and the store does DoSentMail.
 * What a transport sends back (END_RESEND_LATER, MAPI_E_WAIT,
 * MAPI_E_NETWORK_ERROR, any failure) unlocks the message and tries it again
 * later, waiting longer each time; it stays in the queue, intact. A message
 * with PR_DEFERRED_DELIVERY_TIME waits in the queue until then. The extra
 * messages a preprocessor makes join the queue once the transports took the
 * message, and are sent like any other.
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* The preprocessors of the process (below). */
static struct list preprocessors;

#define RETRY_FIRST_MS   (10 * 1000)
#define RETRY_MAX_MS     (15 * 60 * 1000)
#define RESEND_NOW_MAX   3

enum outcome
{
    OUT_SENT,           /* FinishedMsg done */
    OUT_GONE,           /* not in the queue any more */
    OUT_RETRY,          /* back to the queue, try again later */
    OUT_DEFERRED,       /* back to the queue until its delivery time */
    OUT_HELD,           /* a transport keeps it (END_DONT_RESEND) */
    OUT_CANCELLED,      /* the spooler stops: back to the queue as it came */
};

struct job
{
    struct spool_store *store;
    struct spool_msg *msg;
    IMsgStore *mdb;                 /* counted */
    ULONG entryid_size;
    BYTE *entryid;
    ULONG attempts;
    LONG flushes;                   /* spooler->flushes when the job began */
    ULONGLONG retry_ms;
    ULONGLONG deliver_after;
    IXPLogon *holder;               /* OUT_HELD */
};

/* The transports with their address types, as copies the job can use unlocked. */
struct xp_copy
{
    IXPLogon *xp;
    ULONG type_count;
    WCHAR **types;                  /* borrowed: the transport lives while the job runs */
};

static ULONGLONG filetime_now(void)
{
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static ULONGLONG backoff_ms(ULONG attempts)
{
    ULONGLONG delay = RETRY_FIRST_MS;

    while (attempts-- > 1 && delay < RETRY_MAX_MS) delay *= 2;
    return min(delay, RETRY_MAX_MS);
}

static BOOL msg_due(const struct spool_store *store, const struct spool_msg *msg, ULONGLONG now_ft,
                    ULONGLONG now_tick)
{
    if (msg->state != MSG_QUEUED) return FALSE;
    if (msg->deliver_after && msg->deliver_after > now_ft) return FALSE;
    /* A drain tries each message once more, whatever its back-off says. */
    if (store->mode == MODE_DRAIN) return msg->drained != store->drain;
    return !msg->retry_at || msg->retry_at <= now_tick;
}

ULONGLONG spool_outbound_next_due(struct spooler *spooler)
{
    ULONGLONG next = ~(ULONGLONG)0, now_ft = filetime_now(), now_tick = GetTickCount64(), due;
    struct spool_store *store;
    struct spool_msg *msg;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        /* A store being let go starts nothing new (ORDERLY), or is let go now. */
        if (store->state != STORE_ON || store->mode == MODE_ORDERLY || store->mode == MODE_RELEASE) continue;
        LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry)
        {
            if (msg->state != MSG_QUEUED) continue;
            due = now_tick;
            if (msg->deliver_after > now_ft) due = now_tick + (msg->deliver_after - now_ft) / 10000 + 1;
            if (msg->retry_at > due && store->mode != MODE_DRAIN) due = msg->retry_at;
            next = min(next, due);
        }
    }
    spooler_unlock(spooler);
    return next;
}

static BOOL type_handled(const struct xp_copy *xp, const WCHAR *type)
{
    ULONG i;

    if (!type) return FALSE;
    for (i = 0; i < xp->type_count; i++) if (!wcsicmp(xp->types[i], type)) return TRUE;
    return FALSE;
}

static const WCHAR *row_type(const SRow *row)
{
    const SPropValue *type = PpropFindProp(row->lpProps, row->cValues, PR_ADDRTYPE_W);
    return type ? type->Value.lpszW : NULL;
}

static BOOL row_responsible(const SRow *row)
{
    const SPropValue *value = PpropFindProp(row->lpProps, row->cValues, PR_RESPONSIBILITY);
    return value && value->Value.b;
}

/* The recipients with their strings in Unicode, whatever the store speaks. */
static HRESULT get_recipients(IMessage *message, SRowSet **rows)
{
    return mapi_table_rows_w(message, MAPI_TABLE_RECIPIENTS, NULL, rows);
}

/* Whether a recipient of the transport's types still waits for one. */
static BOOL transport_needed(const struct xp_copy *xp, const SRowSet *rows)
{
    ULONG i;

    for (i = 0; i < rows->cRows; i++)
        if (!row_responsible(&rows->aRow[i]) && type_handled(xp, row_type(&rows->aRow[i]))) return TRUE;
    return FALSE;
}

static void set_current(struct spooler *spooler, IXPLogon *xp, BOOL submit, struct spool_store *store,
                        IMessage *message)
{
    spooler_lock(spooler);
    spooler->current_xp = xp;
    spooler->current_ref = 0;
    spooler->current_submit = submit;
    spooler->current_store = store;
    spooler->current_message = message;
    spooler_unlock(spooler);
}

static BOOL leaving(struct spooler *spooler)
{
    return spooler->host_leaving || spooler_is_stopping(spooler);
}

/* One transport's turn with the message. */
static enum outcome submit_to(struct spooler *spooler, struct job *job, IMessage *message, IXPLogon *xp,
                              BOOL *declined)
{
    ULONG ref, end, parm, resend = 0;
    HRESULT hr;

    *declined = FALSE;
    for (;;)
    {
        set_current(spooler, xp, TRUE, job->store, message);
        parm = 0;
        hr = IXPLogon_SubmitMessage(xp, 0, message, &spooler->current_ref, &parm);
        ref = spooler->current_ref;
        TRACE("SubmitMessage: %#lx, reference %lu, %lu\n", hr, ref, parm);
        end = 0;
        if (hr == S_OK || (ref && hr != MAPI_E_NOT_ME))
        {
            /* The transport forgets the message only with EndMessage, whatever SubmitMessage said. */
            set_current(spooler, xp, FALSE, job->store, message);
            if (FAILED(IXPLogon_EndMessage(xp, ref, &end))) end = hr == S_OK ? END_RESEND_LATER : 0;
            TRACE("EndMessage: %#lx\n", end);
        }
        set_current(spooler, NULL, FALSE, NULL, NULL);

        if (hr == MAPI_E_NOT_ME)
        {
            *declined = TRUE;
            return OUT_SENT;
        }
        if (FAILED(hr))
        {
            if (leaving(spooler)) return OUT_CANCELLED;
            job->retry_ms = parm ? parm * 1000ull : backoff_ms(job->attempts);
            WARN("transport failed (%#lx): trying again in %I64u ms\n", hr, job->retry_ms);
            return OUT_RETRY;
        }
        if (end & END_RESEND_NOW && ++resend <= RESEND_NOW_MAX && !leaving(spooler)) continue;
        if (end & (END_RESEND_NOW | END_RESEND_LATER))
        {
            job->retry_ms = backoff_ms(job->attempts);
            return OUT_RETRY;
        }
        if (end & END_DONT_RESEND)
        {
            job->holder = xp;
            return OUT_HELD;
        }
        return OUT_SENT;
    }
}

/* Recipients whose address type no transport handles: a non-delivery report each. */
static void report_unhandled(struct spooler *spooler, struct job *job, IMessage *message,
                             const struct xp_copy *xps, ULONG xp_count)
{
    static const WCHAR text[] = L"No transport provider of the profile handles this address type.";
    FILETIME now;
    SRowSet *rows;
    ADRLIST *list = NULL;
    ULONG i, j, n = 0;

    if (FAILED(get_recipients(message, &rows))) return;
    for (i = 0; i < rows->cRows; i++)
    {
        if (row_responsible(&rows->aRow[i])) continue;
        for (j = 0; j < xp_count; j++) if (type_handled(&xps[j], row_type(&rows->aRow[i]))) break;
        if (j == xp_count) n++;
    }
    if (!n || FAILED(MAPIAllocateBuffer(CbNewADRLIST(n), (void **)&list)))
    {
        FreeProws(rows);
        return;
    }
    GetSystemTimeAsFileTime(&now);
    list->cEntries = 0;
    for (i = 0; i < rows->cRows; i++)
    {
        SRow *row = &rows->aRow[i];
        SPropValue *props;
        ULONG k, m = 0;

        if (row_responsible(row)) continue;
        for (j = 0; j < xp_count; j++) if (type_handled(&xps[j], row_type(row))) break;
        if (j != xp_count) continue;
        if (FAILED(MAPIAllocateMore((row->cValues + 4) * sizeof(SPropValue), list, (void **)&props))) break;
        for (k = 0; k < row->cValues; k++)
            if (PROP_TYPE(row->lpProps[k].ulPropTag) != PT_ERROR &&
                SUCCEEDED(PropCopyMore(&props[m], &row->lpProps[k], MAPIAllocateMore, list)))
                m++;
        props[m].ulPropTag = PR_REPORT_TEXT_W;
        props[m++].Value.lpszW = (WCHAR *)text;
        props[m].ulPropTag = PR_NDR_REASON_CODE;
        props[m++].Value.l = MAPI_REASON_TRANSFER_IMPOSSIBLE;
        props[m].ulPropTag = PR_NDR_DIAG_CODE;
        props[m++].Value.l = MAPI_DIAG_NO_DIAGNOSTIC;
        props[m].ulPropTag = PR_REPORT_TIME;
        props[m++].Value.ft = now;
        list->aEntries[list->cEntries].ulReserved1 = 0;
        list->aEntries[list->cEntries].cValues = m;
        list->aEntries[list->cEntries++].rgPropVals = props;
    }
    FreeProws(rows);
    /* The list's values live in its own block: the entries must not be freed one by one. */
    if (list->cEntries) spool_report(spooler, job->store, message, list);
    MAPIFreeBuffer(list);
}

static ULONGLONG deferred_time(IMessage *message)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_DEFERRED_DELIVERY_TIME } };
    SPropValue *value;
    ULONGLONG time = 0;
    ULONG count;

    if (SUCCEEDED(IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &value)))
    {
        if (value[0].ulPropTag == PR_DEFERRED_DELIVERY_TIME)
            time = ((ULONGLONG)value[0].Value.ft.dwHighDateTime << 32) | value[0].Value.ft.dwLowDateTime;
        MAPIFreeBuffer(value);
    }
    return time;
}

/* The folder holding a message, through the logon given (the spooler's store logon or a store's own),
 * for a preprocessor's lpFolder; NULL if it cannot be had. */
static IMAPIFolder *open_parent(IMessage *message, IMsgStore *mdb, IMSLogon *ms_logon)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_PARENT_ENTRYID } };
    IMAPIFolder *folder = NULL;
    SPropValue *parent;
    ULONG count, type;
    HRESULT hr;

    if (FAILED(IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &parent))) return NULL;
    if (parent->ulPropTag != PR_PARENT_ENTRYID) hr = MAPI_E_NOT_FOUND;
    else if (mdb)
        hr = IMsgStore_OpenEntry(mdb, parent->Value.bin.cb, (ENTRYID *)parent->Value.bin.lpb, &IID_IMAPIFolder,
                                 MAPI_MODIFY, &type, (IUnknown **)&folder);
    else
        hr = IMSLogon_OpenEntry(ms_logon, parent->Value.bin.cb, (ENTRYID *)parent->Value.bin.lpb, &IID_IMAPIFolder,
                                MAPI_MODIFY, &type, (IUnknown **)&folder);
    if (FAILED(hr)) WARN("the message's folder is not opened (%#lx): the preprocessors get none\n", hr);
    MAPIFreeBuffer(parent);
    return SUCCEEDED(hr) ? folder : NULL;
}

static enum outcome send_message(struct spooler *spooler, struct job *job)
{
    struct spool_transport *transport;
    struct spool_extras extras = { 0 };
    struct xp_copy *xps = NULL;
    IMAPIFolder *folder = NULL;
    IMessage *message = NULL;
    enum outcome outcome = OUT_SENT;
    BOOL preprocessed = FALSE, declined;
    ULONG type, xp_count = 0, i;
    SRowSet *rows;
    HRESULT hr;

    hr = IMsgStore_OpenEntry(job->mdb, job->entryid_size, (ENTRYID *)job->entryid, &IID_IMessage, MAPI_MODIFY,
                             &type, (IUnknown **)&message);
    if (FAILED(hr))
    {
        TRACE("message not opened: %#lx\n", hr);
        if (hr == MAPI_E_NOT_FOUND || hr == MAPI_E_INVALID_ENTRYID || hr == MAPI_E_UNKNOWN_ENTRYID)
            return OUT_GONE;
        job->retry_ms = backoff_ms(job->attempts);
        return OUT_RETRY;
    }
    if (FAILED(hr = IMsgStore_SetLockState(job->mdb, message, MSG_LOCKED)))
    {
        TRACE("not locked: %#lx\n", hr);
        IMessage_Release(message);
        if (hr == MAPI_E_NOT_IN_QUEUE) return OUT_GONE;
        job->retry_ms = backoff_ms(job->attempts);
        return OUT_RETRY;
    }
    if ((job->deliver_after = deferred_time(message)) > filetime_now())
    {
        IMsgStore_SetLockState(job->mdb, message, MSG_UNLOCKED);
        IMessage_Release(message);
        return OUT_DEFERRED;
    }

    if (!list_empty(&preprocessors)) folder = open_parent(message, job->mdb, NULL);
    spool_run_preprocessors(spooler, spooler->host, message, folder, &preprocessed, &extras);

    spooler_lock(spooler);
    if ((xps = calloc(spool_list_count(&spooler->transports) + 1, sizeof(*xps))))
    {
        LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
        {
            xps[xp_count].xp = transport->xp;
            IXPLogon_AddRef(transport->xp);
            xps[xp_count].type_count = transport->type_count;
            xps[xp_count++].types = transport->types;
        }
    }
    spooler_unlock(spooler);

    for (i = 0; i < xp_count && outcome == OUT_SENT; i++)
    {
        if (leaving(spooler))
        {
            outcome = OUT_CANCELLED;
            break;
        }
        if (FAILED(get_recipients(message, &rows))) continue;
        declined = !transport_needed(&xps[i], rows);
        FreeProws(rows);
        if (declined) continue;
        outcome = submit_to(spooler, job, message, xps[i].xp, &declined);
        /* Its recipients stay for the next transport or for the report. */
        if (declined) TRACE("transport %lu declined the message\n", i);
    }
    if (outcome == OUT_SENT) report_unhandled(spooler, job, message, xps, xp_count);
    if (outcome == OUT_HELD) IXPLogon_AddRef(job->holder);
    for (i = 0; i < xp_count; i++) IXPLogon_Release(xps[i].xp);
    free(xps);

    /* The preprocessors' extra messages go once the transports took the message (a transport that
     * keeps it took it too); otherwise the next try makes them again. */
    if (outcome == OUT_SENT || outcome == OUT_HELD) spool_queue_extras(&extras);
    else spool_drop_extras(&extras, "the message was not sent");
    if (folder) IMAPIFolder_Release(folder);

    if (outcome != OUT_SENT)
    {
        /* Back to the queue with what transports changed (PR_RESPONSIBILITY of who got it). */
        hr = IMsgStore_SetLockState(job->mdb, message, MSG_UNLOCKED);
        if (FAILED(hr)) WARN("unlock failed: %#lx\n", hr);
        IMessage_Release(message);
        return outcome;
    }
    if (preprocessed) spool_remove_preprocess_info(spooler, message);
    IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
    IMessage_Release(message);
    hr = IMsgStore_FinishedMsg(job->mdb, 0, job->entryid_size, (ENTRYID *)job->entryid);
    TRACE("FinishedMsg: %#lx\n", hr);
    if (FAILED(hr) && hr != MAPI_E_NOT_IN_QUEUE)
    {
        job->retry_ms = backoff_ms(job->attempts);
        return OUT_RETRY;
    }
    return OUT_SENT;
}

/* A message waiting for a retry, as a targeted flush looks at it unlocked. */
struct waiting_msg
{
    struct spool_store *store;      /* lives as long as the spooler */
    IMsgStore *mdb;                 /* counted */
    ULONG key_size;
    BYTE *key;
    ULONG entryid_size;
    BYTE *entryid;
};

/* Whether a recipient of the message waits for the transport: of its types, taken by no transport yet. */
static BOOL waits_for(const struct waiting_msg *waiting, const struct xp_copy *xp)
{
    IMessage *message;
    SRowSet *rows;
    ULONG type;
    BOOL ret = FALSE;

    if (FAILED(IMsgStore_OpenEntry(waiting->mdb, waiting->entryid_size, (ENTRYID *)waiting->entryid, &IID_IMessage,
                                   0, &type, (IUnknown **)&message)))
        return FALSE;
    if (SUCCEEDED(get_recipients(message, &rows)))
    {
        ret = transport_needed(xp, rows);
        FreeProws(rows);
    }
    IMessage_Release(message);
    return ret;
}

/***********************************************************************
 *  spool_outbound_flush
 *
 * FlushQueues with FLUSH_UPLOAD, by the agent: the messages of the queues
 * that wait for a retry are due now; with a target transport, only those
 * with a recipient that transport handles and no transport took yet (the
 * message itself then goes to every transport its recipients need, as
 * always). Deferred deliveries keep their time.
 */
void spool_outbound_flush(struct spooler *spooler, const MAPIUID *target)
{
    struct spool_transport *transport;
    struct waiting_msg *waiting = NULL;
    struct xp_copy xp = { 0 };
    struct spool_store *store;
    struct spool_msg *msg;
    ULONG count = 0, max = 0, i;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        if (store->state != STORE_ON) continue;
        LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry)
        {
            if (msg->state != MSG_QUEUED || !msg->retry_at) continue;
            if (!target)
            {
                msg->retry_at = 0;
                continue;
            }
            if (count == max)
            {
                struct waiting_msg *more = realloc(waiting, (max = max * 2 + 8) * sizeof(*waiting));
                if (!more) break;
                waiting = more;
            }
            waiting[count].store = store;
            waiting[count].mdb = store->mdb;
            waiting[count].key_size = msg->key_size;
            waiting[count].entryid_size = msg->entryid_size;
            waiting[count].key = malloc(msg->key_size);
            waiting[count].entryid = malloc(msg->entryid_size);
            if (!waiting[count].key || !waiting[count].entryid)
            {
                free(waiting[count].key);
                free(waiting[count].entryid);
                continue;
            }
            memcpy(waiting[count].key, msg->key, msg->key_size);
            memcpy(waiting[count].entryid, msg->entryid, msg->entryid_size);
            IMsgStore_AddRef(waiting[count].mdb);
            count++;
        }
    }
    /* The types are the agent's: it is the agent that runs this, and changes them. */
    if (target && (transport = spooler_find_transport_uid(spooler, target)))
    {
        xp.xp = transport->xp;
        xp.type_count = transport->type_count;
        xp.types = transport->types;
    }
    spooler_unlock(spooler);

    for (i = 0; i < count; i++)
    {
        if (xp.xp && waits_for(&waiting[i], &xp))
        {
            spooler_lock(spooler);
            if ((msg = spool_msg_find(waiting[i].store, waiting[i].key_size, waiting[i].key)) &&
                msg->state == MSG_QUEUED)
            {
                TRACE("a message of %s waits for the transport flushed\n",
                      debugstr_w(waiting[i].store->info.display_name));
                msg->retry_at = 0;
            }
            spooler_unlock(spooler);
        }
        IMsgStore_Release(waiting[i].mdb);
        free(waiting[i].key);
        free(waiting[i].entryid);
    }
    free(waiting);
}

/* What to do with a message a transport keeps: finish it, or tell the transport it was aborted. */
static BOOL held_step(struct spooler *spooler)
{
    struct spool_store *store;
    struct spool_msg *msg;
    IXPLogon *holder = NULL;
    IMsgStore *mdb = NULL;
    SBinary entryid = { 0 };
    BOOL finish = FALSE;
    ULONG flags;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        if (store->state != STORE_ON) continue;
        LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry)
        {
            if (msg->state != MSG_HELD || (!msg->gone && !msg->sent_deferred)) continue;
            finish = !msg->gone;
            holder = msg->holder;
            msg->holder = NULL;
            if ((entryid.lpb = malloc(msg->entryid_size)))
            {
                entryid.cb = msg->entryid_size;
                memcpy(entryid.lpb, msg->entryid, entryid.cb);
            }
            mdb = store->mdb;
            IMsgStore_AddRef(mdb);
            spool_msg_remove(store, msg);
            goto found;
        }
    }
    spooler_unlock(spooler);
    return FALSE;

found:
    spooler_unlock(spooler);
    if (finish)
    {
        HRESULT hr = IMsgStore_FinishedMsg(mdb, 0, entryid.cb, (ENTRYID *)entryid.lpb);
        TRACE("FinishedMsg of a message sent deferred: %#lx\n", hr);
    }
    else if (holder)
    {
        void *data = &entryid;
        TRACE("message the transport keeps was aborted: NOTIFY_ABORT_DEFERRED\n");
        flags = NOTIFY_ABORT_DEFERRED;
        IXPLogon_TransportNotify(holder, &flags, &data);
    }
    if (holder) IXPLogon_Release(holder);
    IMsgStore_Release(mdb);
    free(entryid.lpb);
    return TRUE;
}

BOOL spool_outbound_step(struct spooler *spooler)
{
    ULONGLONG now_ft = filetime_now(), now_tick = GetTickCount64();
    struct spool_store *store;
    struct spool_msg *msg;
    struct job job = { 0 };
    enum outcome outcome;

    if (held_step(spooler)) return TRUE;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        if (store->state != STORE_ON || store->reload) continue;
        if (store->mode != MODE_RUN && store->mode != MODE_RELEASE_IDLE && store->mode != MODE_DRAIN) continue;
        LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry)
        {
            if (!msg_due(store, msg, now_ft, now_tick)) continue;
            if (!(job.entryid = malloc(msg->entryid_size))) break;
            job.entryid_size = msg->entryid_size;
            memcpy(job.entryid, msg->entryid, job.entryid_size);
            job.store = store;
            job.msg = msg;
            job.mdb = store->mdb;
            IMsgStore_AddRef(job.mdb);
            job.attempts = ++msg->attempts;
            job.flushes = spooler->flushes;
            if (store->mode == MODE_DRAIN) msg->drained = store->drain;
            msg->state = MSG_BUSY;
            store->queued--;
            store->busy++;
            goto found;
        }
    }
    spooler_unlock(spooler);
    return FALSE;

found:
    spooler_unlock(spooler);
    /* Active from the claim to the message back in the queue or finished. */
    spool_status_update(spooler, STATUS_OUTBOUND_ACTIVE, 0, NULL);
    TRACE("sending a message of %s (try %lu)\n", debugstr_w(store->info.display_name), job.attempts);
    outcome = send_message(spooler, &job);
    TRACE("outcome %u\n", outcome);

    spooler_lock(spooler);
    msg = job.msg;
    store->busy--;
    switch (outcome)
    {
    case OUT_SENT:
    case OUT_GONE:
        msg->state = MSG_QUEUED;
        store->queued++;
        spool_msg_remove(store, msg);
        break;
    case OUT_HELD:
        msg->state = MSG_HELD;
        msg->holder = job.holder;
        store->queued++;
        break;
    case OUT_DEFERRED:
        msg->state = MSG_QUEUED;
        msg->deliver_after = job.deliver_after;
        msg->attempts--;
        store->queued++;
        break;
    case OUT_RETRY:
        msg->state = MSG_QUEUED;
        /* A FlushQueues while the transport had it asks for the next try now. */
        msg->retry_at = spooler->flushes != job.flushes ? 0 : GetTickCount64() + job.retry_ms;
        store->queued++;
        break;
    case OUT_CANCELLED:
        msg->state = MSG_QUEUED;
        msg->attempts--;
        store->queued++;
        break;
    }
    if (outcome != OUT_SENT && outcome != OUT_GONE && outcome != OUT_HELD && msg->gone)
        spool_msg_remove(store, msg);
    spooler_unlock(spooler);
    spool_status_update(spooler, 0, STATUS_OUTBOUND_ACTIVE, NULL);
    IMsgStore_Release(job.mdb);
    free(job.entryid);
    return TRUE;
}

HRESULT spool_sent_deferred(struct spooler *spooler, ULONG size, const ENTRYID *entryid)
{
    struct spool_store *store;
    struct spool_msg *msg;

    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
    {
        LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry)
        {
            if (msg->state != MSG_HELD || msg->entryid_size != size || memcmp(msg->entryid, entryid, size))
                continue;
            msg->sent_deferred = TRUE;
            spooler_unlock(spooler);
            spooler_wake(spooler);
            return S_OK;
        }
    }
    spooler_unlock(spooler);
    WARN("no message kept by a transport has this entry ID\n");
    return MAPI_E_NOT_FOUND;
}

/***********************************************************************
 * Preprocessors (IMAPISupport::RegisterPreprocessor, ::Preprocess, ::CompleteMsg)
 */
static CRITICAL_SECTION preprocessors_cs;
static CRITICAL_SECTION_DEBUG preprocessors_cs_debug =
{
    0, 0, &preprocessors_cs,
    { &preprocessors_cs_debug.ProcessLocksList, &preprocessors_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": preprocessors_cs") }
};
static CRITICAL_SECTION preprocessors_cs = { &preprocessors_cs_debug, -1, 0, 0, 0, 0 };
static struct list preprocessors = LIST_INIT(preprocessors);

HRESULT spooler_register_preprocessor(struct support *support, const MAPIUID *uid, const WCHAR *address_type,
                                      const WCHAR *dll_name, const char *preprocess, const char *remove_info)
{
    const WCHAR *profile = support->session ? profile_name(support->session->profile) : NULL;
    struct spool_preprocessor *pre;

    if (!profile || !support->logon) return MAPI_E_INVALID_OBJECT;
    EnterCriticalSection(&preprocessors_cs);
    LIST_FOR_EACH_ENTRY(pre, &preprocessors, struct spool_preprocessor, entry)
    {
        /* Each logon of the transport registers it again. */
        if (!wcsicmp(pre->profile_name, profile) && !memcmp(&pre->transport, &support->logon->info.provider_uid,
                                                            sizeof(MAPIUID)) &&
            !strcmp(pre->preprocess, preprocess) && !wcsicmp(pre->dll_name, dll_name))
        {
            LeaveCriticalSection(&preprocessors_cs);
            return S_OK;
        }
    }
    if (!(pre = calloc(1, sizeof(*pre))) || !(pre->dll_name = mapi_strdupW_from(dll_name, TRUE)) ||
        !(pre->profile_name = mapi_strdupW_from(profile, TRUE)) ||
        !(pre->preprocess = strdup(preprocess)) || !(pre->remove_info = strdup(remove_info)) ||
        (address_type && !(pre->address_type = mapi_strdupW_from(address_type, TRUE))))
    {
        if (pre)
        {
            free(pre->dll_name);
            free(pre->profile_name);
            free(pre->preprocess);
            free(pre->remove_info);
            free(pre);
        }
        LeaveCriticalSection(&preprocessors_cs);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    pre->transport = support->logon->info.provider_uid;
    TRACE("preprocessor %s of %s for %s\n", debugstr_a(preprocess), debugstr_w(dll_name), debugstr_w(address_type));
    list_add_tail(&preprocessors, &pre->entry);
    LeaveCriticalSection(&preprocessors_cs);
    return S_OK;
}

/* Whether the preprocessor belongs to a transport the agent works with. */
static BOOL preprocessor_ours(struct spooler *spooler, const struct spool_preprocessor *pre)
{
    struct spool_transport *transport;
    BOOL found = FALSE;

    if (wcsicmp(pre->profile_name, spooler->profile_name)) return FALSE;
    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
        if (!memcmp(&transport->provider_uid, &pre->transport, sizeof(MAPIUID))) found = TRUE;
    spooler_unlock(spooler);
    return found;
}

static BOOL preprocessor_applies(const struct spool_preprocessor *pre, const SRowSet *rows)
{
    ULONG i;

    if (!pre->address_type || !*pre->address_type) return TRUE;
    for (i = 0; i < rows->cRows; i++)
    {
        const WCHAR *type = row_type(&rows->aRow[i]);
        if (type && !wcsicmp(type, pre->address_type)) return TRUE;
    }
    return FALSE;
}

static void *preprocessor_entry(struct spool_preprocessor *pre, const char *name)
{
    if (!pre->module && !(pre->module = mapi_load_provider_dll(pre->dll_name)))
    {
        WARN("preprocessor DLL %s not loaded\n", debugstr_w(pre->dll_name));
        return NULL;
    }
    return GetProcAddress(pre->module, name);
}

/* Whether the message is one the spooler queued for a preprocessor: PR_PREPROCESS is FALSE on those. */
static BOOL made_by_preprocessor(IMessage *message)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_PREPROCESS } };
    SPropValue *value;
    ULONG count;
    BOOL ret = FALSE;

    if (SUCCEEDED(IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &value)))
    {
        ret = value->ulPropTag == PR_PREPROCESS && !value->Value.b;
        MAPIFreeBuffer(value);
    }
    return ret;
}

/* Takes the extra messages a preprocessor returned: they are the spooler's now. */
static void take_extras(struct spool_extras *extras, ULONG count, IMessage **messages)
{
    IMessage **more;
    ULONG i;

    if (!count || !messages) return;
    if (!(more = realloc(extras->messages, (extras->count + count) * sizeof(*more))))
    {
        WARN("out of memory: %lu extra message(s) of a preprocessor are not sent\n", count);
        for (i = 0; i < count; i++) if (messages[i]) IMessage_Release(messages[i]);
        return;
    }
    extras->messages = more;
    for (i = 0; i < count; i++) if (messages[i]) extras->messages[extras->count++] = messages[i];
}

/***********************************************************************
 *  spool_run_preprocessors
 *
 * Runs the preprocessors registered for the message's address types, in the
 * order they were registered, with the session, its address book and the
 * message's folder (any of them may be NULL); the extra messages they return
 * are added to extras, for spool_queue_extras or spool_drop_extras.
 *
 * NOTES
 *  A message the spooler queued for a preprocessor (PR_PREPROCESS FALSE) is
 *  not preprocessed again.
 */
HRESULT spool_run_preprocessors(struct spooler *spooler, struct session *session, IMessage *message,
                                IMAPIFolder *folder, BOOL *preprocessed, struct spool_extras *extras)
{
    struct spool_preprocessor *pre;
    PREPROCESSMESSAGE *func;
    IAddrBook *book = NULL;
    SRowSet *rows;
    SPropValue flag;
    HRESULT hr = S_OK;

    *preprocessed = FALSE;
    if (list_empty(&preprocessors)) return S_OK;
    if (made_by_preprocessor(message))
    {
        TRACE("a preprocessor's extra message: not preprocessed again\n");
        return S_OK;
    }
    if (FAILED(hr = get_recipients(message, &rows))) return hr;
    /* Entries are only ever added: walking the list while another is added is safe. */
    LIST_FOR_EACH_ENTRY(pre, &preprocessors, struct spool_preprocessor, entry)
    {
        ULONG outbound = 0;
        IMessage **messages = NULL;
        ADRLIST *recipients = NULL;

        if (!preprocessor_ours(spooler, pre) || !preprocessor_applies(pre, rows)) continue;
        EnterCriticalSection(&preprocessors_cs);
        func = preprocessor_entry(pre, pre->preprocess);
        LeaveCriticalSection(&preprocessors_cs);
        if (!func) continue;
        if (!book && session && FAILED(session_get_addrbook(session, &book))) book = NULL;
        TRACE("running %s\n", debugstr_a(pre->preprocess));
        hr = func(session ? &session->IMAPISession_iface : NULL, message, book, folder, MAPIAllocateBuffer,
                  MAPIAllocateMore, MAPIFreeBuffer, &outbound, &messages, &recipients);
        if (FAILED(hr)) WARN("%s failed: %#lx\n", debugstr_a(pre->preprocess), hr);
        if (outbound && messages)
        {
            TRACE("%s made %lu extra message(s)\n", debugstr_a(pre->preprocess), outbound);
            take_extras(extras, outbound, messages);
        }
        MAPIFreeBuffer(messages);
        if (recipients)
        {
            if (recipients->cEntries)
                FIXME("%lu recipient(s) the preprocessor found undeliverable are not reported\n",
                      recipients->cEntries);
            FreePadrlist(recipients);
        }
        *preprocessed = TRUE;
    }
    FreeProws(rows);
    if (book) IAddrBook_Release(book);
    if (*preprocessed)
    {
        flag.ulPropTag = PR_PREPROCESS;
        flag.Value.b = TRUE;
        IMessage_SetProps(message, 1, &flag, NULL);
    }
    return S_OK;
}

/***********************************************************************
 *  spool_queue_extras
 *
 * The preprocessors' extra messages go to the outgoing queue of their store,
 * marked as made by a preprocessor (PR_PREPROCESS FALSE); from there they go
 * to the transports of their recipients' address types like any message,
 * with their reports, retries and DoSentMail.
 *
 * NOTES
 *  The spooler submits them (PreprocessMessage's page: the spooler owns the
 *  task of submitting). One that cannot be submitted (not a message of a
 *  store, no recipients...) is not sent: a warning says so.
 */
void spool_queue_extras(struct spool_extras *extras)
{
    SPropValue flag;
    ULONG i;
    HRESULT hr;

    flag.ulPropTag = PR_PREPROCESS;
    flag.dwAlignPad = 0;
    flag.Value.b = FALSE;
    for (i = 0; i < extras->count; i++)
    {
        IMessage *extra = extras->messages[i];

        if (FAILED(hr = IMessage_SetProps(extra, 1, &flag, NULL)) ||
            FAILED(hr = IMessage_SubmitMessage(extra, 0)))
            WARN("extra message %lu of a preprocessor cannot be queued (%#lx): it is not sent\n", i, hr);
        else TRACE("extra message %lu of a preprocessor queued\n", i);
        IMessage_Release(extra);
    }
    free(extras->messages);
    extras->messages = NULL;
    extras->count = 0;
}

/* The message did not go: its preprocessors' extra messages go neither; they are let go unsaved. */
void spool_drop_extras(struct spool_extras *extras, const char *why)
{
    ULONG i;

    if (extras->count) WARN("%s: its %lu extra message(s) are not sent\n", why, extras->count);
    for (i = 0; i < extras->count; i++) IMessage_Release(extras->messages[i]);
    free(extras->messages);
    extras->messages = NULL;
    extras->count = 0;
}

void spool_remove_preprocess_info(struct spooler *spooler, IMessage *message)
{
    struct spool_preprocessor *pre;
    REMOVEPREPROCESSINFO *func;

    LIST_FOR_EACH_ENTRY(pre, &preprocessors, struct spool_preprocessor, entry)
    {
        if (!pre->module || !preprocessor_ours(spooler, pre)) continue;
        if ((func = (REMOVEPREPROCESSINFO *)GetProcAddress(pre->module, pre->remove_info))) func(message);
    }
}

/* The message of a store's client logon, opened through the store provider's logon. */
static HRESULT open_client_message(struct support *support, ULONG size, const ENTRYID *entryid, IMessage **message)
{
    struct provider_logon *logon = support->logon;
    ULONG type;

    if (!logon || !logon->logon) return MAPI_E_INVALID_OBJECT;
    return IMSLogon_OpenEntry((IMSLogon *)logon->logon, size, (ENTRYID *)entryid, &IID_IMessage, MAPI_MODIFY,
                              &type, (IUnknown **)message);
}

HRESULT spooler_preprocess(struct support *support, ULONG size, const ENTRYID *entryid)
{
    struct spool_extras extras = { 0 };
    struct spooler *spooler;
    IMAPIFolder *folder = NULL;
    IMessage *message;
    BOOL done;
    HRESULT hr;

    if (!support->session || !(spooler = spooler_find(profile_name(support->session->profile))))
        return MAPI_E_NOT_FOUND;
    if (SUCCEEDED(hr = open_client_message(support, size, entryid, &message)))
    {
        if (!list_empty(&preprocessors)) folder = open_parent(message, NULL, (IMSLogon *)support->logon->logon);
        if (SUCCEEDED(hr = spool_run_preprocessors(spooler, support->session, message, folder, &done, &extras)) &&
            done)
            hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
        /* The store sends the message itself: the extra messages are queued at once. */
        if (SUCCEEDED(hr)) spool_queue_extras(&extras);
        else spool_drop_extras(&extras, "the message was not preprocessed");
        if (folder) IMAPIFolder_Release(folder);
        IMessage_Release(message);
    }
    spooler_release(spooler);
    return hr;
}

/* A tightly coupled store sent the message itself: the spooler's postprocessing. */
HRESULT spooler_complete_msg(struct support *support, ULONG size, const ENTRYID *entryid)
{
    struct spooler *spooler;
    struct spool_store *store;
    IMsgStore *mdb = NULL;
    IMessage *message;
    HRESULT hr;

    if (!support->session || !support->logon || !(spooler = spooler_find(profile_name(support->session->profile))))
        return MAPI_E_NOT_FOUND;
    if (SUCCEEDED(open_client_message(support, size, entryid, &message)))
    {
        spool_remove_preprocess_info(spooler, message);
        IMessage_SaveChanges(message, KEEP_OPEN_READWRITE);
        IMessage_Release(message);
    }
    spooler_lock(spooler);
    if ((store = spooler_find_store(spooler, &support->logon->info.provider_uid)) && store->mdb)
    {
        mdb = store->mdb;
        IMsgStore_AddRef(mdb);
    }
    spooler_unlock(spooler);
    /* FinishedMsg is the spooler logon's to call. */
    if (mdb)
    {
        hr = IMsgStore_FinishedMsg(mdb, 0, size, (ENTRYID *)entryid);
        IMsgStore_Release(mdb);
    }
    else hr = MAPI_E_NOT_FOUND;
    spooler_release(spooler);
    return hr;
}
