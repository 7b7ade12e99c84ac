/*
 * The spooler's row of the status table and its status object (IMAPIStatus).
 *
 * Every session of the profile in this process shows the row of its agent:
 * STATUS_AVAILABLE, STATUS_INBOUND_ENABLED while it receives into the default
 * store, STATUS_OUTBOUND_ENABLED, STATUS_INBOUND_ACTIVE and
 * STATUS_OUTBOUND_ACTIVE while a transport delivers or sends, and the
 * STATUS_*_FLUSH flags while it flushes. The row's PR_ENTRYID (status.c)
 * opens the status object (mapistatus.c with the ops here): ValidateState
 * and FlushQueues, which the agent of the active spooler does with its
 * transports (requests, below); SettingsDialog and ChangePassword are not
 * supported (the spooler has neither).
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define SPOOLER_METHODS (STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES)

/* The row's values, with the strings in text[] (size 128). */
static ULONG row_values(struct spooler *spooler, SPropValue *props, WCHAR *text)
{
    ULONG code, n = 0;

    spooler_lock(spooler);
    code = spooler->status_code;
    if (!spooler->active) wcscpy(text, L"Standing by: the spooler of another process sends and receives");
    else if (code & (STATUS_INBOUND_FLUSH | STATUS_OUTBOUND_FLUSH)) wcscpy(text, L"Flushing");
    else if (code & STATUS_OUTBOUND_ACTIVE) wcscpy(text, L"Sending");
    else if (code & STATUS_INBOUND_ACTIVE) wcscpy(text, L"Receiving");
    else wcscpy(text, L"Idle");
    spooler_unlock(spooler);

    props[n].ulPropTag = PR_STATUS_CODE;
    props[n++].Value.l = code;
    props[n].ulPropTag = PR_STATUS_STRING_W;
    props[n++].Value.lpszW = text;
    props[n].ulPropTag = PR_RESOURCE_METHODS;
    props[n++].Value.l = SPOOLER_METHODS;
    return n;
}

void spool_status_session(struct spooler *spooler, struct session *session)
{
    SPropValue props[3];
    WCHAR text[128];
    ULONG n = row_values(spooler, props, text);

    status_set_mapi_row(session, MAPI_SPOOLER, n, props);
}

void spool_status_update(struct spooler *spooler, ULONG set, ULONG clear, const WCHAR *text)
{
    struct spool_session *entry;
    struct session *sessions[16];
    ULONG count = 0, i, old;

    spooler_lock(spooler);
    old = spooler->status_code;
    spooler->status_code = (spooler->status_code & ~clear) | set;
    if (spooler->status_code != old || text)
    {
        LIST_FOR_EACH_ENTRY(entry, &spooler->sessions, struct spool_session, entry)
        {
            if (count == ARRAY_SIZE(sessions)) break;
            sessions[count] = entry->session;
            session_addref_internal(sessions[count]);
            count++;
        }
    }
    spooler_unlock(spooler);
    for (i = 0; i < count; i++)
    {
        spool_status_session(spooler, sessions[i]);
        session_release_internal(sessions[i]);
    }
}

/***********************************************************************
 * The spooler's status object: the ops of mapistatus.c's object
 */

/* The profile's agent in this process, counted, or NULL (every session of the process is MAPI_NO_MAIL). */
static struct spooler *session_spooler(struct session *session)
{
    return spooler_find(profile_name(session->profile));
}

/* The row of a session the agent does not keep (MAPI_NO_MAIL) shows the agent of another session. */
static HRESULT spooler_status_update(struct session *session, IPropData *bag)
{
    struct spooler *spooler;
    SPropValue props[3];
    WCHAR text[128];
    ULONG n;

    if (!(spooler = session_spooler(session))) return S_OK;
    n = row_values(spooler, props, text);
    spooler_release(spooler);
    return IPropData_SetProps(bag, n, props, NULL);
}

/***********************************************************************
 * Requests: what the status object asks of the active spooler's agent
 */

/* The ValidateState of every transport, in transport order; with CONFIG_CHANGED their address types
 * again. Then the transports are polled: one that connected again may have mail. */
static HRESULT validate_transports(struct spooler *spooler, ULONG_PTR ui_param, ULONG flags)
{
    struct spool_transport *transport;
    IXPLogon **xps;
    ULONG count = 0, i;
    HRESULT hr, ret = S_OK;

    spooler_lock(spooler);
    xps = calloc(spool_list_count(&spooler->transports) + 1, sizeof(*xps));
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
    {
        if (!xps) break;
        xps[count] = transport->xp;
        IXPLogon_AddRef(xps[count]);
        count++;
    }
    spooler_unlock(spooler);
    if (!xps) return MAPI_E_NOT_ENOUGH_MEMORY;

    for (i = 0; i < count; i++)
    {
        hr = IXPLogon_ValidateState(xps[i], ui_param, flags);
        TRACE("ValidateState(%#lx) of transport %lu: %#lx\n", flags, i, hr);
        /* As the subsystem's: every transport is asked, the first failure is the answer. */
        if (FAILED(hr) && hr != MAPI_E_NO_SUPPORT && SUCCEEDED(ret)) ret = hr;
        if ((flags & CONFIG_CHANGED) && FAILED(hr = spool_refresh_types(spooler, xps[i])))
            WARN("the address types of transport %lu were not read again: %#lx\n", i, hr);
        IXPLogon_Release(xps[i]);
    }
    free(xps);

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry) transport->newmail = TRUE;
    spooler->next_poll = 0;
    spooler_unlock(spooler);
    return ret;
}

/* The transports' side of a flush: their FlushQueues first, as "Implementing the FlushQueues Method"
 * has it; then what waits for them is due now. */
static void flush_request(struct spooler *spooler, const struct spool_request *request)
{
    const MAPIUID *target = request->targeted ? &request->target : NULL;
    struct spool_transport *transport;

    spool_flush_transports(spooler, target, request->flags);
    if (request->flags & FLUSH_UPLOAD) spool_outbound_flush(spooler, target);
    if (request->flags & FLUSH_DOWNLOAD)
    {
        spooler_lock(spooler);
        LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
            if (!target || !memcmp(&transport->provider_uid, target, sizeof(*target))) transport->newmail = TRUE;
        spooler_unlock(spooler);
    }
}

BOOL spool_request_step(struct spooler *spooler)
{
    struct spool_request *request, *found = NULL;
    HRESULT hr = S_OK;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(request, &spooler->requests, struct spool_request, entry)
    {
        if (request->taken) continue;
        request->taken = TRUE;
        found = request;
        break;
    }
    spooler_unlock(spooler);
    if (!found) return FALSE;

    /* The caller's copy is not touched while the agent works: it stays until it is done or abandoned. */
    if (found->type == REQUEST_VALIDATE) hr = validate_transports(spooler, found->ui_param, found->flags);
    else flush_request(spooler, found);

    spooler_lock(spooler);
    found->hr = hr;
    found->done = TRUE;
    if (found->abandoned)
    {
        list_remove(&found->entry);
        free(found);
    }
    spooler_unlock(spooler);
    return TRUE;
}

void spool_requests_end(struct spooler *spooler)
{
    struct spool_request *request, *next;

    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY_SAFE(request, next, &spooler->requests, struct spool_request, entry)
    {
        if (request->abandoned)
        {
            list_remove(&request->entry);
            free(request);
            continue;
        }
        if (request->done) continue;
        request->hr = MAPI_E_BUSY;
        request->done = TRUE;
    }
    spooler_unlock(spooler);
}

/* A transport (or a preprocessor) that calls the status object from inside the agent's call to it: the
 * agent cannot wait for itself. */
static BOOL on_agent_thread(struct spooler *spooler)
{
    return spooler->thread && GetThreadId(spooler->thread) == GetCurrentThreadId();
}

/* A request for the agent of the active spooler; NULL when it is not (lock held). */
static struct spool_request *request_add(struct spooler *spooler, enum spool_request_type type, ULONG_PTR ui_param,
                                         ULONG flags, const MAPIUID *target)
{
    struct spool_request *request;

    if (!spooler->active || !(request = calloc(1, sizeof(*request)))) return NULL;
    request->type = type;
    request->ui_param = ui_param;
    request->flags = flags;
    if ((request->targeted = target != NULL)) request->target = *target;
    list_add_tail(&spooler->requests, &request->entry);
    return request;
}

/* Waits until the agent did the request, at most until the deadline; its answer, or MAPI_E_BUSY when the
 * agent did not come to it (it is busy elsewhere, or goes away). The request is gone afterwards. */
static HRESULT request_wait(struct spooler *spooler, struct spool_request *request, ULONGLONG deadline)
{
    HRESULT hr;

    spooler_wake(spooler);
    for (;;)
    {
        spooler_lock(spooler);
        if (request->done)
        {
            hr = request->hr;
            list_remove(&request->entry);
            free(request);
            spooler_unlock(spooler);
            return hr;
        }
        if (GetTickCount64() > deadline || spooler_is_stopping(spooler))
        {
            WARN("the spooler did not come to the request in time\n");
            if (request->taken) request->abandoned = TRUE;
            else
            {
                list_remove(&request->entry);
                free(request);
            }
            spooler_unlock(spooler);
            return MAPI_E_BUSY;
        }
        spooler_unlock(spooler);
        Sleep(20);
    }
}

/***********************************************************************
 *  spool_validate
 *
 * ValidateState for the active spooler, whichever process asked: the agent
 * calls IXPLogon::ValidateState of each of its transports, in transport
 * order, with the caller's window and flags; with CONFIG_CHANGED it asks
 * each for its address types again (IXPLogon::AddressTypes), and the
 * messages sent from then on go by the new types. Then the transports are
 * polled.
 *
 * RETURNS
 *  S_OK, or the first failure of a transport other than MAPI_E_NO_SUPPORT
 *  (each is asked anyway); MAPI_E_BUSY when the agent could not come to
 *  it within SPOOL_FLUSH_WAIT_MS (a transport holds it up); S_FALSE when
 *  this spooler is not the active one.
 */
HRESULT spool_validate(struct spooler *spooler, ULONG_PTR ui_param, ULONG flags)
{
    struct spool_request *request;

    TRACE("(%p,%#Ix,%#lx)\n", spooler, ui_param, flags);

    if (on_agent_thread(spooler)) return validate_transports(spooler, ui_param, flags);
    spooler_lock(spooler);
    request = request_add(spooler, REQUEST_VALIDATE, ui_param, flags, NULL);
    spooler_unlock(spooler);
    if (!request) return spooler->active ? MAPI_E_NOT_ENOUGH_MEMORY : S_FALSE;
    return request_wait(spooler, request, GetTickCount64() + SPOOL_FLUSH_WAIT_MS);
}

/***********************************************************************
 *  IMAPIStatus::ValidateState of the spooler
 *
 * spool_validate by the active spooler: this process' own, or the one of
 * another process through the pipe.
 *
 * NOTES
 *  With no spooler for the profile anywhere (every session MAPI_NO_MAIL)
 *  there is nothing to validate: S_OK. A spooler of another process that
 *  does not answer in time: MAPI_E_BUSY.
 */
static HRESULT spooler_validate_state(struct session *session, ULONG_PTR ui_param, ULONG flags)
{
    struct spooler *spooler = session_spooler(session);
    HRESULT hr = S_FALSE;

    if (spooler && spooler->active) hr = spool_validate(spooler, ui_param, flags);
    if (hr == S_FALSE)
    {
        TRACE("the active spooler is in another process: asking it\n");
        hr = spool_ipc_validate(profile_name(session->profile), ui_param, flags);
        /* It went away meanwhile and this process' spooler took over. */
        if (hr == S_FALSE && spooler && spooler->active) hr = spool_validate(spooler, ui_param, flags);
        if (hr == S_FALSE)
        {
            TRACE("no spooler for the profile: nothing to validate\n");
            hr = S_OK;
        }
    }
    if (spooler) spooler_release(spooler);
    return hr;
}

/***********************************************************************
 *  spool_flush
 *
 * FlushQueues for the active spooler, whichever process asked. The agent
 * calls IXPLogon::FlushQueues of every transport, or of the target's alone
 * (a provider UID), with the caller's flags but FLUSH_ASYNC_OK; then the
 * queued messages that wait for a retry (all of them, or those with a
 * recipient the target handles) are sent now, whatever their back-off
 * says, and the transports flushed look for inbound mail. FLUSH_UPLOAD and
 * FLUSH_DOWNLOAD both when neither is given. Unless FLUSH_ASYNC_OK, it
 * returns once each message that is due was tried and the transports were
 * polled, or after SPOOL_FLUSH_WAIT_MS.
 *
 * RETURNS
 *  S_OK; MAPI_E_NOT_FOUND when the target is none of the spooler's
 *  transports; MAPI_E_BUSY when the agent could not even begin in time;
 *  S_FALSE when this spooler is not the active one.
 */
HRESULT spool_flush(struct spooler *spooler, ULONG flags, const MAPIUID *target)
{
    struct spool_transport *transport;
    struct spool_request *request;
    struct spool_store *store;
    ULONGLONG deadline = GetTickCount64() + SPOOL_FLUSH_WAIT_MS;
    HRESULT hr;
    BOOL left;

    TRACE("(%p,%#lx,%s)\n", spooler, flags, target ? "a transport" : "every transport");

    if (!(flags & (FLUSH_UPLOAD | FLUSH_DOWNLOAD))) flags |= FLUSH_UPLOAD | FLUSH_DOWNLOAD;
    spooler_lock(spooler);
    if (target && spooler->active && !spooler_find_transport_uid(spooler, target))
    {
        spooler_unlock(spooler);
        WARN("the target is none of the spooler's transports\n");
        return MAPI_E_NOT_FOUND;
    }
    /* A message a transport has now is tried again at once if it comes back (spoolout.c). */
    if (!target) spooler->flushes++;
    if (on_agent_thread(spooler))
    {
        struct spool_request now = { .type = REQUEST_FLUSH, .flags = flags & ~FLUSH_ASYNC_OK, .targeted = !!target };

        spooler_unlock(spooler);
        TRACE("called by the agent: flushed without waiting for the messages\n");
        if (target) now.target = *target;
        flush_request(spooler, &now);
        return S_OK;
    }
    request = request_add(spooler, REQUEST_FLUSH, 0, flags & ~FLUSH_ASYNC_OK, target);
    spooler_unlock(spooler);
    if (!request) return spooler->active ? MAPI_E_NOT_ENOUGH_MEMORY : S_FALSE;
    if (flags & FLUSH_ASYNC_OK)
    {
        /* Nobody waits for it: the agent frees it once done. */
        spooler_lock(spooler);
        request->abandoned = TRUE;
        if (request->done)
        {
            list_remove(&request->entry);
            free(request);
        }
        spooler_unlock(spooler);
        spooler_wake(spooler);
        return S_OK;
    }
    if (FAILED(hr = request_wait(spooler, request, deadline))) return hr;

    /* Waits until nothing due is left for the agent; not for messages deferred to later. */
    for (;;)
    {
        /* Busy first: a message the transport gives back is due again before it stops being busy. */
        left = FALSE;
        spooler_lock(spooler);
        LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry) if (store->busy) left = TRUE;
        LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
            if (transport->newmail && (!target || !memcmp(&transport->provider_uid, target, sizeof(*target))))
                left = TRUE;
        spooler_unlock(spooler);
        if (!left) left = spool_outbound_next_due(spooler) <= GetTickCount64();
        if (!left || spooler_is_stopping(spooler)) break;
        if (GetTickCount64() > deadline)
        {
            WARN("the flush is not done after %u ms: returning\n", SPOOL_FLUSH_WAIT_MS);
            break;
        }
        Sleep(50);
    }
    return S_OK;
}

/***********************************************************************
 *  IMAPIStatus::FlushQueues of the spooler
 *
 * spool_flush by the active spooler: this process' own, or the one of
 * another process through the pipe. lpTargetTransport, when given, is the
 * PR_ENTRYID of a transport's row of the status table: only that
 * transport is flushed.
 *
 * NOTES
 *  A target that is not a transport's status entry ID is
 *  MAPI_E_INVALID_ENTRYID; a transport the active spooler does not have
 *  (not of the profile, not logged on) MAPI_E_NOT_FOUND. When the active
 *  spooler of another process does not answer in time (it is taking over,
 *  or its flush outlasts the pipe's wait), or there is none, MAPI_E_BUSY.
 */
static HRESULT spooler_flush_queues(struct session *session, ULONG_PTR ui_param, ULONG cb_target, ENTRYID *target,
                                    ULONG flags)
{
    struct spooler *spooler;
    MAPIUID uid, *target_uid = NULL;
    HRESULT hr = S_FALSE;

    if (cb_target)
    {
        if (FAILED(hr = status_transport_uid(cb_target, target, &uid)))
        {
            WARN("the target is not the entry ID of a transport's status row\n");
            return hr;
        }
        target_uid = &uid;
        hr = S_FALSE;
    }
    spooler = session_spooler(session);
    if (spooler && spooler->active) hr = spool_flush(spooler, flags, target_uid);
    if (hr == S_FALSE)
    {
        TRACE("the active spooler is in another process: asking it\n");
        hr = spool_ipc_flush(profile_name(session->profile), flags, target_uid);
        /* It went away meanwhile and this process' spooler took over. */
        if (hr == S_FALSE && spooler && spooler->active) hr = spool_flush(spooler, flags, target_uid);
        if (hr == S_FALSE)
        {
            WARN("no active spooler answered\n");
            hr = MAPI_E_BUSY;
        }
    }
    if (spooler) spooler_release(spooler);
    return hr;
}

static const struct mapi_status_ops spooler_status_ops =
{
    MAPI_SPOOLER,
    spooler_status_update,
    spooler_validate_state,
    spooler_flush_queues,
};

HRESULT spooler_open_status(struct session *session, ULONG *type, IUnknown **object)
{
    TRACE("(%p,%p,%p)\n", session, type, object);

    return mapi_status_create(session, &spooler_status_ops, type, object);
}
