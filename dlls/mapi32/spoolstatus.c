/*
 * The spooler's row of the status table and its status object (IMAPIStatus).
 *
 * Every session of the profile in this process shows the row of its agent:
 * STATUS_AVAILABLE, STATUS_INBOUND_ENABLED while it receives into the default
 * store, STATUS_OUTBOUND_ENABLED, STATUS_INBOUND_ACTIVE and
 * STATUS_OUTBOUND_ACTIVE while a transport delivers or sends, and the
 * STATUS_*_FLUSH flags while it flushes. The row's PR_ENTRYID (status.c)
 * opens the status object (mapistatus.c with the ops here): ValidateState
 * and FlushQueues; SettingsDialog and ChangePassword are not supported (the
 * spooler has neither).
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
 *  IMAPIStatus::ValidateState of the spooler
 *
 * The spooler reads the profile again and looks at its transports and
 * stores now.
 *
 * NOTES
 *  Without an agent in this process (a MAPI_NO_MAIL program) there is
 *  nothing here to validate: S_OK.
 */
static HRESULT spooler_validate_state(struct session *session, ULONG_PTR ui_param, ULONG flags)
{
    struct spool_transport *transport;
    struct spooler *spooler;

    if (!(spooler = session_spooler(session)))
    {
        TRACE("no spooler in this process\n");
        return S_OK;
    }
    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry) transport->newmail = TRUE;
    spooler->next_poll = 0;
    spooler_unlock(spooler);
    spooler_wake(spooler);
    spooler_release(spooler);
    return S_OK;
}

/***********************************************************************
 *  spool_flush
 *
 * FlushQueues for the active spooler, whichever process asked: queued
 * messages are sent now, whatever their back-off says, and every transport
 * looks for inbound mail. Unless FLUSH_ASYNC_OK, returns once each message
 * that is due was tried and the transports were polled, or after
 * SPOOL_FLUSH_WAIT_MS.
 */
HRESULT spool_flush(struct spooler *spooler, ULONG flags)
{
    struct spool_transport *transport;
    struct spool_store *store;
    struct spool_msg *msg;
    ULONGLONG deadline = GetTickCount64() + SPOOL_FLUSH_WAIT_MS;
    BOOL left;

    TRACE("(%p,%#lx)\n", spooler, flags);

    if (!(flags & (FLUSH_UPLOAD | FLUSH_DOWNLOAD))) flags |= FLUSH_UPLOAD | FLUSH_DOWNLOAD;
    spooler_lock(spooler);
    spooler->flushes++;
    if (flags & FLUSH_UPLOAD)
        LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry)
            LIST_FOR_EACH_ENTRY(msg, &store->msgs, struct spool_msg, entry) msg->retry_at = 0;
    if (flags & FLUSH_DOWNLOAD)
        LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry) transport->newmail = TRUE;
    spooler_unlock(spooler);
    spooler_wake(spooler);
    if (flags & FLUSH_ASYNC_OK) return S_OK;

    /* Waits until nothing due is left for the agent; not for messages deferred to later. */
    for (;;)
    {
        /* Busy first: a message the transport gives back is due again before it stops being busy. */
        left = FALSE;
        spooler_lock(spooler);
        LIST_FOR_EACH_ENTRY(store, &spooler->stores, struct spool_store, entry) if (store->busy) left = TRUE;
        LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry)
            if (transport->newmail) left = TRUE;
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
 * another process through the pipe.
 *
 * NOTES
 *  The target transport is not used: every transport is flushed. When the
 *  active spooler of another process does not answer in time (it is taking
 *  over, or its flush outlasts the pipe's wait), or there is none,
 *  MAPI_E_BUSY.
 */
static HRESULT spooler_flush_queues(struct session *session, ULONG_PTR ui_param, ULONG cb_target, ENTRYID *target,
                                    ULONG flags)
{
    struct spooler *spooler = session_spooler(session);
    HRESULT hr;

    if (spooler && spooler->active) hr = spool_flush(spooler, flags);
    else
    {
        TRACE("the active spooler is in another process: asking it\n");
        hr = spool_ipc_flush(profile_name(session->profile), flags);
        /* It went away meanwhile and this process' spooler took over. */
        if (hr == S_FALSE && spooler && spooler->active) hr = spool_flush(spooler, flags);
        else if (hr == S_FALSE)
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
