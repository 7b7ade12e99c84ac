/*
 * IXPLogon: the spooler's logon to the SMTP transport.
 *
 * Outbound, SubmitMessage does the whole SMTP transaction before it
 * returns, so a message the spooler hands over is either finished (sent,
 * refused with a non-delivery report) or handed back as it came: nothing
 * stays half-done between SubmitMessage and EndMessage, and nothing has to
 * be waited for at TransportLogoff. Inbound, StartMessage fills the
 * spooler's message from the oldest file of the Maildir's new/ and moves
 * that file out only after the message's SaveChanges succeeded.
 */

#include <stdio.h>
#include "smtpxp_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(smtpxp);

#define IDLE_DISCONNECT_MS  30000   /* an unused connection is closed at Idle after this */
#define RETRY_DEFERRED_S    300     /* SubmitMessage's lpulReturnParm for MAPI_E_WAIT */
#define MAX_OUTSTANDING     64

struct outstanding
{
    ULONG ref;
    ULONG end_flags;        /* what EndMessage answers */
};

/* What the transport knows of a logon; the IXPLogon the spooler holds is a
 * block of its own (struct xp_logon_object), which MakeInvalid takes over. */
struct xp_logon
{
    LONG lifetime;              /* the objects handed out, and each call under way */
    struct xp_provider *provider;
    IMAPISupport *support;
    CRITICAL_SECTION cs;
    struct smtpxp_config *config;  /* the current one (cs); each operation keeps its own */
    WCHAR display_name[64];
    ULONG status_code;          /* PR_STATUS_CODE */
    char status_text[256];      /* PR_STATUS_STRING */
    BOOL inbound, outbound;     /* enabled by the spooler */
    BOOL logged_off;
    BOOL hand_over_pending;     /* logged off while submitting: the IXPLogon goes after EndMessage */
    BOOL have_maildir;
    struct maildir maildir;
    struct smtp_conn smtp;
    ULONG next_ref;
    ULONG submitting;           /* the reference SubmitMessage works on, 0 when none */
    LONG volatile cancel;       /* NOTIFY_CANCEL_MESSAGE for it, or TransportLogoff */
    enum { CLOSE_NONE, CLOSE_QUIT, CLOSE_HURRY } close_after;  /* logged off while submitting */
    struct outstanding outstanding[MAX_OUTSTANDING];
    ULONG outstanding_count;
    ULONG notified;             /* messages waiting when we last told the spooler */
    struct xp_handout *handouts;    /* held by programs, not handed over yet (handout_lock) */
    struct xp_handout *logon_handout;
};

/* The spooler's IXPLogon: a MAPIAllocateBuffer block, vtable and count first. */
struct xp_logon_object
{
    IXPLogon IXPLogon_iface;
    LONG ref;
    struct xp_handout handout;
};

static inline struct xp_logon_object *impl_from_IXPLogon(IXPLogon *iface)
{
    return CONTAINING_RECORD(iface, struct xp_logon_object, IXPLogon_iface);
}

/*** the objects handed out, and how they outlive the logon ***/

/* Guards each handout's logon pointer and the logons' lists of them: a call
 * that starts as its object is handed over must find the logon alive or none. */
static SRWLOCK handout_lock = SRWLOCK_INIT;

static void logoff(struct xp_logon *This, BOOL polite);

static void logon_destroy(struct xp_logon *This)
{
    TRACE("logon %p goes\n", This);
    if (!This->logged_off) logoff(This, TRUE);
    IXPProvider_Release(&This->provider->IXPProvider_iface);
    smtpxp_config_release(This->config);
    This->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&This->cs);
    /* the support object last: releasing it may release the provider too */
    IMAPISupport_Release(This->support);
    free(This);
}

void xp_logon_leave(struct xp_logon *logon)
{
    if (!InterlockedDecrement(&logon->lifetime)) logon_destroy(logon);
}

/* MAPI_E_INVALID_OBJECT once the logon is logged off: it would outlive it. */
HRESULT xp_logon_hand_out(struct xp_logon *logon, struct xp_handout *handout, void *iface, LONG *ref,
                          ULONG methods)
{
    HRESULT hr = S_OK;

    handout->iface = iface;
    handout->ref = ref;
    handout->methods = methods;
    handout->logon = NULL;
    handout->next = NULL;
    /* TransportLogoff sets logged_off before it takes the lock to hand over. */
    AcquireSRWLockExclusive(&handout_lock);
    if (logon->logged_off) hr = MAPI_E_INVALID_OBJECT;
    else
    {
        InterlockedIncrement(&logon->lifetime);
        handout->logon = logon;
        handout->next = logon->handouts;
        logon->handouts = handout;
    }
    ReleaseSRWLockExclusive(&handout_lock);
    return hr;
}

/* Called with handout_lock held. */
static void unlink_handout(struct xp_logon *logon, struct xp_handout *handout)
{
    struct xp_handout **link;

    for (link = &logon->handouts; *link; link = &(*link)->next)
    {
        if (*link != handout) continue;
        *link = handout->next;
        break;
    }
    handout->next = NULL;
    handout->logon = NULL;
}

struct xp_logon *xp_handout_enter(struct xp_handout *handout)
{
    struct xp_logon *logon;

    AcquireSRWLockShared(&handout_lock);
    if ((logon = handout->logon)) InterlockedIncrement(&logon->lifetime);
    ReleaseSRWLockShared(&handout_lock);
    return logon;
}

void xp_handout_free(struct xp_handout *handout)
{
    struct xp_logon *logon;

    AcquireSRWLockExclusive(&handout_lock);
    if ((logon = handout->logon)) unlink_handout(logon, handout);
    ReleaseSRWLockExclusive(&handout_lock);
    if (logon) xp_logon_leave(logon);
}

/* TransportLogoff: what programs still hold becomes MAPI's (IMAPISupport::MakeInvalid), with the
 * references they have, so that none of our code runs for it again and MAPI may unload us. The
 * logon itself lives on while a call is under way. Without MakeInvalid an object keeps our code,
 * which answers MAPI_E_INVALID_OBJECT. */
static void hand_over(struct xp_logon *This, BOOL with_logon)
{
    struct xp_handout *handout, *next;
    LONG handed = 0;

    AcquireSRWLockExclusive(&handout_lock);
    for (handout = This->handouts; handout; handout = next)
    {
        LONG refs = *handout->ref;
        HRESULT hr;

        next = handout->next;
        if (handout == This->logon_handout && !with_logon) continue;
        /* none left: its last Release is under way and frees it */
        if (refs <= 0) continue;
        hr = IMAPISupport_MakeInvalid(This->support, 0, handout->iface, refs, handout->methods);
        TRACE("object %p with %ld references: MakeInvalid %#lx\n", handout->iface, refs, hr);
        if (FAILED(hr)) continue;
        if (handout == This->logon_handout) This->logon_handout = NULL;
        unlink_handout(This, handout);
        handed++;
    }
    ReleaseSRWLockExclusive(&handout_lock);
    /* a call under way keeps the logon: this is never the last */
    while (handed--) xp_logon_leave(This);
}

static struct xp_logon *logon_enter(IXPLogon *iface)
{
    return xp_handout_enter(&impl_from_IXPLogon(iface)->handout);
}

/*** the status row ***/

/* The status row's columns, from MAPIAllocateBuffer (*props) */
HRESULT xp_logon_status_props(struct xp_logon *logon, ULONG *count, SPropValue **props)
{
    SPropValue *p;
    WCHAR *status, *identity = NULL;
    size_t status_len, identity_len = 0;
    ULONG n = 0;

    EnterCriticalSection(&logon->cs);
    if (logon->logged_off)
    {
        LeaveCriticalSection(&logon->cs);
        return MAPI_E_INVALID_OBJECT;
    }
    status_len = MultiByteToWideChar(CP_UTF8, 0, logon->status_text, -1, NULL, 0);
    if (logon->config->sender)
        identity_len = MultiByteToWideChar(CP_UTF8, 0, logon->config->sender, -1, NULL, 0);
    if (FAILED(MAPIAllocateBuffer(8 * sizeof(SPropValue) + (status_len + identity_len) * sizeof(WCHAR),
                                  (void **)&p)))
    {
        LeaveCriticalSection(&logon->cs);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    status = (WCHAR *)(p + 8);
    MultiByteToWideChar(CP_UTF8, 0, logon->status_text, -1, status, status_len);
    if (identity_len)
    {
        identity = status + status_len;
        MultiByteToWideChar(CP_UTF8, 0, logon->config->sender, -1, identity, identity_len);
    }
    p[n].ulPropTag = PR_RESOURCE_METHODS;
    p[n++].Value.l = STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES;
    p[n].ulPropTag = PR_STATUS_CODE;
    p[n++].Value.l = logon->status_code;
    p[n].ulPropTag = PR_STATUS_STRING_W;
    p[n++].Value.lpszW = status;
    p[n].ulPropTag = PR_PROVIDER_DISPLAY_W;
    p[n++].Value.lpszW = logon->display_name;
    p[n].ulPropTag = PR_DISPLAY_NAME_W;
    p[n++].Value.lpszW = logon->display_name;
    p[n].ulPropTag = PR_RESOURCE_TYPE;
    p[n++].Value.l = MAPI_TRANSPORT_PROVIDER;
    p[n].ulPropTag = PR_OBJECT_TYPE;
    p[n++].Value.l = MAPI_STATUS;
    if (identity)
    {
        p[n].ulPropTag = PR_IDENTITY_DISPLAY_W;
        p[n++].Value.lpszW = identity;
    }
    LeaveCriticalSection(&logon->cs);
    *count = n;
    *props = p;
    return S_OK;
}

/* Tells MAPI the row; called without the lock held. */
static void update_status_row(struct xp_logon *logon, BOOL first)
{
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    if (FAILED(xp_logon_status_props(logon, &count, &props))) return;
    /* the display names point into the logon: the row is copied by MAPI */
    hr = IMAPISupport_ModifyStatusRow(logon->support, count, props, first ? 0 : STATUSROW_UPDATE);
    if (FAILED(hr)) WARN("ModifyStatusRow failed: %#lx\n", hr);
    MAPIFreeBuffer(props);
}

/* TRUE when the text changed: the row is to be told (update_status_row, without the lock). */
static BOOL set_status(struct xp_logon *logon, ULONG set, ULONG clear, const char *text)
{
    BOOL changed = FALSE;

    EnterCriticalSection(&logon->cs);
    logon->status_code = (logon->status_code & ~clear) | set;
    if (text && strncmp(logon->status_text, text, sizeof(logon->status_text) - 1))
    {
        lstrcpynA(logon->status_text, text, sizeof(logon->status_text));
        changed = TRUE;
    }
    LeaveCriticalSection(&logon->cs);
    return changed;
}

/*** IUnknown ***/

static HRESULT WINAPI IXPLogon_fnQueryInterface(IXPLogon *iface, REFIID riid, void **out)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IXPLogon))
    {
        *out = iface;
        IXPLogon_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI IXPLogon_fnAddRef(IXPLogon *iface)
{
    struct xp_logon_object *This = impl_from_IXPLogon(iface);
    ULONG ref = InterlockedIncrement(&This->ref);
    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

/* Called with the lock held. A transaction under way in SubmitMessage keeps its connection until
 * its end, where SubmitMessage closes it: cut after the end of the data, before the server's reply,
 * the message may have been taken while the spooler hears it failed, and it would go twice. */
static void close_connection(struct xp_logon *This, BOOL polite)
{
    if (!This->submitting) smtp_close(&This->smtp, polite);
    else if (This->close_after != CLOSE_HURRY) This->close_after = polite ? CLOSE_QUIT : CLOSE_HURRY;
}

static void logoff(struct xp_logon *This, BOOL polite)
{
    /* a transaction that has not sent its data yet is abandoned */
    if (This->submitting) This->cancel = TRUE;
    close_connection(This, polite);
    if (This->have_maildir) maildir_close(&This->maildir);
    This->have_maildir = FALSE;
    This->outstanding_count = 0;
    This->logged_off = TRUE;
}

static ULONG WINAPI IXPLogon_fnRelease(IXPLogon *iface)
{
    struct xp_logon_object *This = impl_from_IXPLogon(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        xp_handout_free(&This->handout);
        MAPIFreeBuffer(This);
    }
    return ref;
}

/*** IXPLogon ***/

/**************************************************************************
 *  IXPLogon_AddressTypes
 *
 * The transport takes recipients of address type "SMTP".
 */
static HRESULT address_types(struct xp_logon *This, ULONG *flags, ULONG *type_count, WINE_LPTSTR **types,
                             ULONG *uid_count, MAPIUID ***uids)
{
    char **array;

    TRACE("(%p,%p,%p,%p,%p,%p)\n", This, flags, type_count, types, uid_count, uids);

    if (!flags || !type_count || !types || !uid_count || !uids) return MAPI_E_INVALID_PARAMETER;
    if (This->provider->allocate_buffer(sizeof(char *) + sizeof("SMTP"), (void **)&array))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    array[0] = (char *)(array + 1);
    strcpy(array[0], "SMTP");
    *flags = 0;
    *type_count = 1;
    *types = (WINE_LPTSTR *)array;
    *uid_count = 0;
    *uids = NULL;
    return S_OK;
}

/**************************************************************************
 *  IXPLogon_RegisterOptions
 *
 * The transport has no per-message or per-recipient options.
 */
static HRESULT register_options(struct xp_logon *This, ULONG *flags, ULONG *count, OPTIONDATA **options)
{
    TRACE("(%p,%p,%p,%p)\n", This, flags, count, options);

    if (!flags || !count || !options) return MAPI_E_INVALID_PARAMETER;
    *flags = 0;
    *count = 0;
    *options = NULL;
    return S_OK;
}

/* How many messages wait in the Maildir; tells the spooler of new ones when asked. */
static ULONG look_for_mail(struct xp_logon *This, BOOL force, BOOL notify)
{
    ULONG count, notified;

    EnterCriticalSection(&This->cs);
    count = This->have_maildir && This->inbound ? maildir_scan(&This->maildir, force) : 0;
    notified = This->notified;
    This->notified = count;
    if (!count && (This->status_code & STATUS_INBOUND_FLUSH))
        This->status_code &= ~STATUS_INBOUND_FLUSH;  /* nothing more to download */
    LeaveCriticalSection(&This->cs);
    if (notify && count > notified) IMAPISupport_SpoolerNotify(This->support, NOTIFY_NEWMAIL, NULL);
    return count;
}

/**************************************************************************
 *  IXPLogon_TransportNotify
 *
 * NOTES
 *  NOTIFY_CANCEL_MESSAGE: lppvData points to the reference SubmitMessage gave.
 *  A message still being sent is abandoned before the server commits it;
 *  one that was sent stays sent. NOTIFY_ABORT_DEFERRED: this transport
 *  never defers a message (END_DONT_RESEND), so there is nothing to abort.
 */
static HRESULT transport_notify(struct xp_logon *This, ULONG *flags, void **data)
{
    ULONG f;
    BOOL changed = FALSE;

    TRACE("(%p,%p,%p)\n", This, flags, data);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    f = *flags;
    TRACE("flags %#lx\n", f);
    if ((f & NOTIFY_BEGIN_INBOUND && f & NOTIFY_END_INBOUND) ||
        (f & NOTIFY_BEGIN_OUTBOUND && f & NOTIFY_END_OUTBOUND))
        return MAPI_E_INVALID_PARAMETER;
    if (f & ~(NOTIFY_ABORT_DEFERRED | NOTIFY_CANCEL_MESSAGE | NOTIFY_BEGIN_INBOUND | NOTIFY_END_INBOUND |
              NOTIFY_BEGIN_OUTBOUND | NOTIFY_END_OUTBOUND | NOTIFY_BEGIN_INBOUND_FLUSH |
              NOTIFY_END_INBOUND_FLUSH | NOTIFY_BEGIN_OUTBOUND_FLUSH | NOTIFY_END_OUTBOUND_FLUSH))
    {
        WARN("unknown flags %#lx\n", f);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (This->logged_off) return MAPI_E_INVALID_OBJECT;

    if (f & NOTIFY_CANCEL_MESSAGE)
    {
        ULONG ref = data ? *(ULONG *)data : 0;
        TRACE("cancel message %lu (sending %lu)\n", ref, This->submitting);
        if (ref && ref == This->submitting) InterlockedExchange(&This->cancel, TRUE);
    }
    if (f & NOTIFY_ABORT_DEFERRED) TRACE("no deferred message to abort\n");

    EnterCriticalSection(&This->cs);
    if (f & NOTIFY_BEGIN_INBOUND && This->have_maildir)
    {
        This->inbound = TRUE;
        This->status_code |= STATUS_INBOUND_ENABLED;
        changed = TRUE;
    }
    if (f & NOTIFY_END_INBOUND)
    {
        This->inbound = FALSE;
        This->status_code &= ~(STATUS_INBOUND_ENABLED | STATUS_INBOUND_ACTIVE | STATUS_INBOUND_FLUSH);
        changed = TRUE;
    }
    if (f & NOTIFY_BEGIN_OUTBOUND && This->config->server)
    {
        This->outbound = TRUE;
        This->status_code |= STATUS_OUTBOUND_ENABLED;
        changed = TRUE;
    }
    if (f & NOTIFY_END_OUTBOUND)
    {
        This->outbound = FALSE;
        This->status_code &= ~(STATUS_OUTBOUND_ENABLED | STATUS_OUTBOUND_ACTIVE | STATUS_OUTBOUND_FLUSH);
        changed = TRUE;
    }
    if (f & NOTIFY_BEGIN_OUTBOUND_FLUSH && This->outbound)
    {
        This->status_code |= STATUS_OUTBOUND_FLUSH;
        changed = TRUE;
    }
    if (f & NOTIFY_END_OUTBOUND_FLUSH)
    {
        This->status_code &= ~STATUS_OUTBOUND_FLUSH;
        changed = TRUE;
    }
    if (f & NOTIFY_END_INBOUND_FLUSH)
    {
        This->status_code &= ~STATUS_INBOUND_FLUSH;
        changed = TRUE;
    }
    if (f & NOTIFY_BEGIN_INBOUND_FLUSH && This->inbound)
    {
        This->status_code |= STATUS_INBOUND_FLUSH;
        changed = TRUE;
    }
    LeaveCriticalSection(&This->cs);

    /* cycle through what waits: the flag goes when none is left */
    if (f & NOTIFY_BEGIN_INBOUND_FLUSH && This->inbound) look_for_mail(This, TRUE, TRUE);
    if (changed) update_status_row(This, FALSE);
    *flags = f;
    return S_OK;
}

/**************************************************************************
 *  IXPLogon_Idle
 *
 * Closes a connection unused for a while and looks at the Maildir when
 * the poll interval has passed, telling the spooler of new mail.
 */
static HRESULT idle(struct xp_logon *This, ULONG flags)
{
    TRACE("(%p,%#lx)\n", This, flags);

    if (This->logged_off) return MAPI_E_INVALID_OBJECT;
    EnterCriticalSection(&This->cs);
    if (!This->submitting && This->smtp.sock != INVALID_SOCKET &&
        GetTickCount() - This->smtp.last_used > IDLE_DISCONNECT_MS)
        smtp_close(&This->smtp, TRUE);
    LeaveCriticalSection(&This->cs);
    look_for_mail(This, FALSE, TRUE);
    return S_OK;
}

/**************************************************************************
 *  IXPLogon_TransportLogoff
 *
 * NOTES
 *  No message is ever held between calls, so there is nothing to finish.
 *  LOGOFF_NORMAL says QUIT to the server (without waiting for its reply);
 *  LOGOFF_HURRY just closes the connection. Waiting Maildir messages stay
 *  in new/ for the next logon. A SubmitMessage under way on another thread
 *  stops before it sends the message's data, or, if it sent it, waits for
 *  the server's reply and reports it: the connection closes after that.
 *  What programs still hold (status objects, the IXPLogon) is invalidated
 *  with IMAPISupport::MakeInvalid; the IXPLogon only after the EndMessage of
 *  a SubmitMessage under way (or at the next TransportLogoff).
 */
static HRESULT transport_logoff(struct xp_logon *This, ULONG flags)
{
    BOOL defer;

    TRACE("(%p,%#lx)\n", This, flags);

    if (flags & ~(LOGOFF_NORMAL | LOGOFF_HURRY))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    EnterCriticalSection(&This->cs);
    if (!This->logged_off) logoff(This, !(flags & LOGOFF_HURRY));
    /* A message sent while we log off is the spooler's to end: EndMessage must answer it. */
    defer = This->submitting && !This->hand_over_pending;
    if (defer) This->hand_over_pending = TRUE;
    LeaveCriticalSection(&This->cs);
    hand_over(This, !defer);
    return S_OK;
}

/* The last message SubmitMessage took before TransportLogoff is ended: the IXPLogon may go now. */
static void hand_over_when_done(struct xp_logon *This)
{
    BOOL done;

    EnterCriticalSection(&This->cs);
    done = This->hand_over_pending && !This->submitting && !This->outstanding_count;
    LeaveCriticalSection(&This->cs);
    if (done) hand_over(This, TRUE);
}

static void remember_outcome(struct xp_logon *This, ULONG ref, ULONG end_flags)
{
    EnterCriticalSection(&This->cs);
    if (This->outstanding_count == MAX_OUTSTANDING)
    {
        /* a spooler that never called EndMessage for the oldest */
        memmove(This->outstanding, This->outstanding + 1, (MAX_OUTSTANDING - 1) * sizeof(*This->outstanding));
        This->outstanding_count--;
    }
    This->outstanding[This->outstanding_count].ref = ref;
    This->outstanding[This->outstanding_count++].end_flags = end_flags;
    LeaveCriticalSection(&This->cs);
}

/* An NDR's recipient: its row, with the report's properties added (for StatusRecips). */
static HRESULT fill_report_entry(struct xp_logon *This, ADRENTRY *entry, const SRow *row, int code,
                                 const char *text, const FILETIME *now)
{
    LPALLOCATEBUFFER allocate = This->provider->allocate_buffer;
    LPALLOCATEMORE more = This->provider->allocate_more;
    SPropValue *props;
    WCHAR *report;
    ULONG i, n = 0, reason = MAPI_REASON_TRANSFER_FAILED;
    LONG diag = MAPI_DIAG_NO_DIAGNOSTIC;
    int len = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
    const char *enhanced = text;

    if (allocate((row->cValues + 6) * sizeof(SPropValue), (void **)&props)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < row->cValues; i++)
    {
        ULONG tag = row->lpProps[i].ulPropTag;
        if (PROP_TYPE(tag) == PT_ERROR || tag == PR_REPORT_TEXT_W || tag == PR_NDR_REASON_CODE ||
            tag == PR_NDR_DIAG_CODE || tag == PR_REPORT_TIME || tag == PR_NDR_STATUS_CODE || tag == PR_REPORT_TEXT_A)
            continue;
        if (FAILED(PropCopyMore(&props[n], &row->lpProps[i], more, props)))
        {
            This->provider->free_buffer(props);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        n++;
    }
    if (more(len * sizeof(WCHAR), props, (void **)&report))
    {
        This->provider->free_buffer(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    MultiByteToWideChar(CP_UTF8, 0, text, -1, report, len);

    /* RFC 3463 enhanced status codes say why, when the server gives them */
    if (enhanced[0] >= '2' && enhanced[0] <= '5' && enhanced[1] == '.')
    {
        int subject = atoi(enhanced + 2), detail = 0;
        const char *dot = strchr(enhanced + 2, '.');
        if (dot) detail = atoi(dot + 1);
        switch (subject)
        {
        case 1: diag = detail == 1 || detail == 0 ? MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN :
                       detail == 6 ? MAPI_DIAG_MAIL_RECIPIENT_MOVED : MAPI_DIAG_MAIL_ADDRESS_INCORRECT; break;
        case 2: diag = detail == 3 ? MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD : MAPI_DIAG_RECIPIENT_UNAVAILABLE; break;
        case 3: diag = detail == 4 ? MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD : MAPI_DIAG_MTS_CONGESTED; break;
        case 4: diag = detail == 6 ? MAPI_DIAG_LOOP_DETECTED : MAPI_DIAG_MAIL_ADDRESS_INCORRECT;
                reason = MAPI_REASON_TRANSFER_IMPOSSIBLE; break;
        case 5: diag = MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR; break;
        case 6: diag = MAPI_DIAG_CONTENT_TYPE_UNSUPPORTED; reason = MAPI_REASON_CONVERSION_NOT_PERFORMED; break;
        case 7: diag = MAPI_DIAG_MAIL_REFUSED; break;
        }
    }
    else if (code == 550 || code == 551 || code == 553) diag = MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN;
    else if (code == 552) diag = MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD;

    props[n].ulPropTag = PR_REPORT_TEXT_W;
    props[n++].Value.lpszW = report;
    props[n].ulPropTag = PR_NDR_REASON_CODE;
    props[n++].Value.l = reason;
    props[n].ulPropTag = PR_NDR_DIAG_CODE;
    props[n++].Value.l = diag;
    props[n].ulPropTag = PR_NDR_STATUS_CODE;
    props[n++].Value.l = code;
    props[n].ulPropTag = PR_REPORT_TIME;
    props[n++].Value.ft = *now;
    entry->ulReserved1 = 0;
    entry->cValues = n;
    entry->rgPropVals = props;
    return S_OK;
}

/* Reports the refused recipients (StatusRecips) and marks every handled one
 * responsible (ModifyRecipients); refused[i] is the reply for recips[i] or 0. */
static HRESULT finish_recipients(struct xp_logon *This, IMessage *msg, struct mime_recipients *recips,
                                 const int *codes, char **texts, const BOOL *handled, BOOL save)
{
    ADRLIST *ndr = NULL, *mod = NULL;
    ULONG i, refused = 0, count = 0;
    FILETIME now;
    HRESULT hr = S_OK;

    GetSystemTimeAsFileTime(&now);
    for (i = 0; i < recips->count; i++)
    {
        if (codes[i] / 100 == 5) refused++;
        if (handled[i]) count++;
    }
    if (refused)
    {
        if (This->provider->allocate_buffer(CbNewADRLIST(refused), (void **)&ndr)) return MAPI_E_NOT_ENOUGH_MEMORY;
        ndr->cEntries = 0;
        for (i = 0; i < recips->count && SUCCEEDED(hr); i++)
        {
            if (codes[i] / 100 != 5) continue;
            hr = fill_report_entry(This, &ndr->aEntries[ndr->cEntries], recips->recips[i].row, codes[i],
                                   texts[i] ? texts[i] : "", &now);
            if (SUCCEEDED(hr)) ndr->cEntries++;
        }
        /* MAPI frees the list when StatusRecips succeeds, we do when it fails */
        if (SUCCEEDED(hr)) hr = IMAPISupport_StatusRecips(This->support, msg, ndr);
        if (FAILED(hr))
        {
            WARN("StatusRecips failed: %#lx\n", hr);
            FreePadrlist(ndr);
            return hr;
        }
    }
    if (count)
    {
        if (This->provider->allocate_buffer(CbNewADRLIST(count), (void **)&mod)) return MAPI_E_NOT_ENOUGH_MEMORY;
        mod->cEntries = 0;
        for (i = 0; i < recips->count; i++)
        {
            const SRow *row = recips->recips[i].row;
            SPropValue *props;
            ULONG j, n = 0;

            if (!handled[i]) continue;
            if (This->provider->allocate_buffer((row->cValues + 1) * sizeof(SPropValue), (void **)&props))
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            for (j = 0; j < row->cValues; j++)
            {
                if (PROP_TYPE(row->lpProps[j].ulPropTag) == PT_ERROR ||
                    row->lpProps[j].ulPropTag == PR_RESPONSIBILITY) continue;
                if (FAILED(PropCopyMore(&props[n], &row->lpProps[j], This->provider->allocate_more, props))) break;
                n++;
            }
            props[n].ulPropTag = PR_RESPONSIBILITY;
            props[n++].Value.b = TRUE;
            mod->aEntries[mod->cEntries].ulReserved1 = 0;
            mod->aEntries[mod->cEntries].cValues = n;
            mod->aEntries[mod->cEntries++].rgPropVals = props;
        }
        if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(msg, MODRECIP_MODIFY, mod);
        FreePadrlist(mod);
        /* Who still waits must not get it twice: the next try reads PR_RESPONSIBILITY. */
        if (SUCCEEDED(hr) && save) hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);
        if (FAILED(hr)) WARN("marking recipients failed: %#lx\n", hr);
    }
    return hr;
}

/* The whole message refused: each of our recipients gets the server's word. */
static void refuse_all(struct mime_recipients *recips, BOOL *mine, int *codes, char **texts, int code, const char *text)
{
    ULONG i;
    for (i = 0; i < recips->count; i++)
    {
        if (!mine[i]) continue;
        codes[i] = code;
        free(texts[i]);
        texts[i] = _strdup(text);
    }
}

/* To the server of config, the caller's snapshot; *changed: the status text changed (ORed in). */
static HRESULT ensure_connection(struct xp_logon *This, const struct smtpxp_config *config, BOOL *changed)
{
    char error[256];
    HRESULT hr;

    if (smtp_is_open(&This->smtp)) return S_OK;
    hr = smtp_connect(&This->smtp, config->server, config->port, error, sizeof(error));
    if (FAILED(hr))
    {
        WARN("%s\n", error);
        *changed |= set_status(This, 0, 0, error);
    }
    else *changed |= set_status(This, 0, 0, "Connected");
    return hr;
}

/**************************************************************************
 *  IXPLogon_SubmitMessage
 *
 * Sends a message to the SMTP server, to each of its SMTP recipients that
 * no transport took yet (PR_RESPONSIBILITY), before it returns.
 *
 * RETURNS
 *  S_OK: every recipient was either delivered or refused (StatusRecips
 *   reports those refused); EndMessage says END_RESEND_LATER when the
 *   server deferred some of them, who get it at the next try.
 *  MAPI_E_NETWORK_ERROR: no server, or the connection failed; *lpulReturnParm
 *   holds the seconds to wait (PR_SMTPXP_RETRY_INTERVAL). The message is as it came.
 *  MAPI_E_WAIT: the server deferred the whole message (4xx); the same.
 *  MAPI_E_NOT_ME: no recipient is ours, or the transport does not send.
 *  MAPI_E_BUSY: outbound is off (NOTIFY_END_OUTBOUND).
 *  MAPI_E_USER_CANCEL: NOTIFY_CANCEL_MESSAGE came first; nothing was sent.
 */
static HRESULT submit_message(struct xp_logon *This, ULONG flags, IMessage *msg, ULONG *msg_ref,
                              ULONG *return_parm)
{
    struct mime_recipients recips;
    struct mime_options options;
    struct strbuf data;
    struct smtp_rcpt_result *results = NULL;
    const char **addresses = NULL;
    ULONG i, count = 0, ref, *index = NULL;
    int *codes = NULL, whole_code;
    char **texts = NULL, whole_text[512];
    BOOL *mine = NULL, *handled = NULL, has_8bit, utf8 = FALSE, deferred = FALSE, status_changed = FALSE;
    struct smtpxp_config *config;
    enum smtp_outcome outcome;
    HRESULT hr;

    TRACE("(%p,%#lx,%p,%p,%p)\n", This, flags, msg, msg_ref, return_parm);

    if (!msg || !msg_ref) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~BEGIN_DEFERRED)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (return_parm) *return_parm = 0;

    EnterCriticalSection(&This->cs);
    if (This->logged_off) hr = MAPI_E_INVALID_OBJECT;
    else if (!This->config->server || !This->config->sender) hr = MAPI_E_NOT_ME;
    else if (!This->outbound || This->submitting) hr = MAPI_E_BUSY;
    else hr = S_OK;
    if (FAILED(hr))
    {
        LeaveCriticalSection(&This->cs);
        return hr;
    }
    /* the whole message goes with this configuration, whatever ValidateState does meanwhile */
    config = smtpxp_config_addref(This->config);
    ref = ++This->next_ref ? This->next_ref : ++This->next_ref;
    This->submitting = ref;
    This->cancel = FALSE;
    This->status_code |= STATUS_OUTBOUND_ACTIVE;
    LeaveCriticalSection(&This->cs);
    *msg_ref = ref;
    strbuf_init(&data);

    hr = mime_read_recipients(msg, &recips);
    if (FAILED(hr)) goto done;
    mine = calloc(recips.count + 1, sizeof(*mine));
    handled = calloc(recips.count + 1, sizeof(*handled));
    codes = calloc(recips.count + 1, sizeof(*codes));
    texts = calloc(recips.count + 1, sizeof(*texts));
    addresses = calloc(recips.count + 1, sizeof(*addresses));
    index = calloc(recips.count + 1, sizeof(*index));
    results = calloc(recips.count + 1, sizeof(*results));
    if (!mine || !handled || !codes || !texts || !addresses || !index || !results)
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < recips.count; i++)
    {
        const struct mime_recipient *recip = &recips.recips[i];
        if (recip->responsible || !recip->address) continue;
        mine[i] = TRUE;
        if (!is_ascii(recip->address, strlen(recip->address))) utf8 = TRUE;
    }
    for (i = 0; i < recips.count; i++) if (mine[i]) count++;
    if (!count)
    {
        BOOL any_smtp = FALSE;
        for (i = 0; i < recips.count; i++) if (recips.recips[i].address) any_smtp = TRUE;
        /* all of ours already taken: nothing to do; none of ours: another transport's */
        hr = any_smtp ? S_OK : MAPI_E_NOT_ME;
        if (hr == S_OK) remember_outcome(This, ref, 0);
        goto done;
    }

    hr = ensure_connection(This, config, &status_changed);
    if (FAILED(hr))
    {
        if (return_parm) *return_parm = config->retry_interval;
        remember_outcome(This, ref, END_RESEND_LATER);
        goto done;
    }
    if (!is_ascii(config->sender, strlen(config->sender))) utf8 = TRUE;

    options.eight_bit = !!(This->smtp.caps & SMTP_CAP_8BITMIME);
    options.sender = config->sender;
    options.tag = "smtpxp";
    /* a message being sent: a Message-ID is made up when it has none */
    options.stored = FALSE;
    hr = mime_render(msg, &recips, &options, &data, &has_8bit);
    if (FAILED(hr)) goto done;

    if (utf8 && !(This->smtp.caps & SMTP_CAP_SMTPUTF8))
    {
        /* RFC 6531: without SMTPUTF8 such addresses cannot be given to the server */
        if (!is_ascii(config->sender, strlen(config->sender)))
            refuse_all(&recips, mine, codes, texts, 553, "5.6.7 the server does not take an internationalized sender address (SMTPUTF8)");
        else
            for (i = 0; i < recips.count; i++)
                if (mine[i] && !is_ascii(recips.recips[i].address, strlen(recips.recips[i].address)))
                {
                    codes[i] = 553;
                    texts[i] = _strdup("5.6.7 the server does not take internationalized addresses (SMTPUTF8)");
                    mine[i] = FALSE;
                    handled[i] = TRUE;
                }
        utf8 = FALSE;
    }
    if (This->smtp.size_limit && data.len > This->smtp.size_limit)
    {
        char text[128];
        snprintf(text, sizeof(text), "5.3.4 the message (%Iu bytes) is bigger than the server takes (%I64u)",
                 data.len, This->smtp.size_limit);
        refuse_all(&recips, mine, codes, texts, 552, text);
    }

    count = 0;
    for (i = 0; i < recips.count; i++)
    {
        if (!mine[i]) continue;
        if (codes[i]) { handled[i] = TRUE; continue; }
        index[count] = i;
        addresses[count++] = recips.recips[i].address;
    }

    outcome = count ? smtp_send(&This->smtp, config->sender, count, addresses, has_8bit, utf8,
                                data.data, data.len, results, &whole_code, whole_text, sizeof(whole_text),
                                &This->cancel)
                    : SMTP_DONE;
    if (outcome == SMTP_CLOSING)
    {
        /* once more on a new connection, with what that server offers */
        outcome = SMTP_NETWORK;
        if (SUCCEEDED(ensure_connection(This, config, &status_changed)))
            outcome = smtp_send(&This->smtp, config->sender, count, addresses, has_8bit, utf8, data.data,
                                data.len, results, &whole_code, whole_text, sizeof(whole_text), &This->cancel);
        if (outcome == SMTP_CLOSING) outcome = SMTP_NETWORK;
    }
    TRACE("outcome %u, %lu recipient(s), whole reply %d %s\n", outcome, count, whole_code, debugstr_a(whole_text));
    switch (outcome)
    {
    case SMTP_NETWORK:
    case SMTP_CLOSING:
        status_changed |= set_status(This, 0, 0, whole_text);
        if (return_parm) *return_parm = config->retry_interval;
        remember_outcome(This, ref, END_RESEND_LATER);
        hr = MAPI_E_NETWORK_ERROR;
        goto done;
    case SMTP_TRANSIENT:
        if (return_parm) *return_parm = RETRY_DEFERRED_S;
        remember_outcome(This, ref, END_RESEND_LATER);
        hr = MAPI_E_WAIT;
        goto done;
    case SMTP_CANCELLED:
        hr = MAPI_E_USER_CANCEL;
        goto done;
    case SMTP_PERMANENT:
        for (i = 0; i < count; i++)
        {
            codes[index[i]] = whole_code;
            texts[index[i]] = _strdup(whole_text);
            handled[index[i]] = TRUE;
        }
        break;
    case SMTP_DONE:
        for (i = 0; i < count; i++)
        {
            ULONG r = index[i];
            codes[r] = results[i].code;
            texts[r] = results[i].text ? _strdup(results[i].text) : NULL;
            if (results[i].code / 100 == 4) deferred = TRUE;
            else handled[r] = TRUE;
        }
        break;
    }
    /* no recipient delivered and some deferred: the message waits as a whole */
    if (deferred)
    {
        BOOL any_done = FALSE;
        for (i = 0; i < recips.count; i++) if (handled[i]) any_done = TRUE;
        if (!any_done)
        {
            if (return_parm) *return_parm = RETRY_DEFERRED_S;
            remember_outcome(This, ref, END_RESEND_LATER);
            hr = MAPI_E_WAIT;
            goto done;
        }
    }
    for (i = 0; i < recips.count; i++) if (codes[i] / 100 == 4) codes[i] = 0;
    hr = finish_recipients(This, msg, &recips, codes, texts, handled, deferred);
    if (SUCCEEDED(hr))
    {
        remember_outcome(This, ref, deferred ? END_RESEND_LATER : 0);
        status_changed |= set_status(This, 0, 0, "Connected");
        hr = S_OK;
    }

done:
    if (results)
        for (i = 0; i < recips.count; i++) free(results[i].text);
    if (texts)
        for (i = 0; i < recips.count; i++) free(texts[i]);
    free(results);
    free(texts);
    free(codes);
    free(mine);
    free(handled);
    free(addresses);
    free(index);
    strbuf_free(&data);
    if (recips.recips || recips.rows) mime_free_recipients(&recips);
    EnterCriticalSection(&This->cs);
    This->submitting = 0;
    This->status_code &= ~STATUS_OUTBOUND_ACTIVE;
    if (This->close_after != CLOSE_NONE)
    {
        smtp_close(&This->smtp, This->close_after == CLOSE_QUIT);
        This->close_after = CLOSE_NONE;
    }
    LeaveCriticalSection(&This->cs);
    smtpxp_config_release(config);
    hand_over_when_done(This);
    /* A client watching the status table sees why the message waits (or that it works again). */
    if (status_changed && !This->logged_off) update_status_row(This, FALSE);
    return hr;
}

/**************************************************************************
 *  IXPLogon_EndMessage
 *
 * What the spooler is to do with the message SubmitMessage took: 0 (sent),
 * or END_RESEND_LATER when recipients wait for another try.
 */
static HRESULT end_message(struct xp_logon *This, ULONG ref, ULONG *flags)
{
    ULONG i;

    TRACE("(%p,%lu,%p)\n", This, ref, flags);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    *flags = 0;
    EnterCriticalSection(&This->cs);
    for (i = 0; i < This->outstanding_count; i++)
    {
        if (This->outstanding[i].ref != ref) continue;
        *flags = This->outstanding[i].end_flags;
        memmove(This->outstanding + i, This->outstanding + i + 1,
                (This->outstanding_count - i - 1) * sizeof(*This->outstanding));
        This->outstanding_count--;
        LeaveCriticalSection(&This->cs);
        hand_over_when_done(This);
        return S_OK;
    }
    LeaveCriticalSection(&This->cs);
    WARN("unknown message reference %lu\n", ref);
    hand_over_when_done(This);
    return MAPI_E_INVALID_PARAMETER;
}

/**************************************************************************
 *  IXPLogon_Poll
 *
 * Tells how many messages wait in the Maildir's new/. The folder is read
 * again when the configured poll interval has passed since the last time.
 */
static HRESULT poll_maildir(struct xp_logon *This, ULONG *incoming)
{
    TRACE("(%p,%p)\n", This, incoming);

    if (!incoming) return MAPI_E_INVALID_PARAMETER;
    *incoming = 0;
    if (This->logged_off) return MAPI_E_INVALID_OBJECT;
    *incoming = look_for_mail(This, FALSE, FALSE);
    return S_OK;
}

/**************************************************************************
 *  IXPLogon_StartMessage
 *
 * Fills the spooler's message with the oldest waiting Maildir message and
 * saves it (SaveChanges); the file leaves new/ only when that succeeded.
 *
 * NOTES
 *  With no message waiting the message is left untouched and unsaved,
 *  which tells the spooler there was none.
 */
static HRESULT start_message(struct xp_logon *This, ULONG flags, IMessage *msg, ULONG *msg_ref)
{
    struct maildir_claim claim;
    struct mime_import import;
    HRESULT hr;

    TRACE("(%p,%#lx,%p,%p)\n", This, flags, msg, msg_ref);

    if (!msg || !msg_ref) return MAPI_E_INVALID_PARAMETER;
    if (flags)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (This->logged_off) return MAPI_E_INVALID_OBJECT;

    EnterCriticalSection(&This->cs);
    *msg_ref = ++This->next_ref ? This->next_ref : ++This->next_ref;
    if (!This->have_maildir || !This->inbound)
    {
        LeaveCriticalSection(&This->cs);
        return S_OK;
    }
    if (!This->maildir.scanned) maildir_scan(&This->maildir, TRUE);
    hr = maildir_claim_next(&This->maildir, &claim);
    if (hr == S_OK) This->status_code |= STATUS_INBOUND_ACTIVE;
    LeaveCriticalSection(&This->cs);
    if (hr != S_OK) return hr == S_FALSE ? S_OK : hr;

    TRACE("delivering %s (%Iu bytes)\n", debugstr_w(claim.name), claim.len);
    import.support = This->support;
    import.delivery_time = &claim.mtime;
    import.keep_unnamed = FALSE;
    hr = mime_import(msg, claim.data, claim.len, &import);
    if (SUCCEEDED(hr))
    {
        /* Delivered mail was sent and is not read yet; the flags can be set until the first save. */
        SPropValue flags = { PR_MESSAGE_FLAGS, 0, { .l = 0 } };
        hr = HrSetOneProp((IMAPIProp *)msg, &flags);
    }
    if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(msg, KEEP_OPEN_READWRITE);

    EnterCriticalSection(&This->cs);
    if (SUCCEEDED(hr)) hr = maildir_commit(&claim);
    else
    {
        WARN("%s stays in new/: %#lx\n", debugstr_w(claim.name), hr);
        maildir_release(&claim);
    }
    This->status_code &= ~STATUS_INBOUND_ACTIVE;
    if (This->notified) This->notified--;
    if (!This->maildir.count) This->status_code &= ~STATUS_INBOUND_FLUSH;
    LeaveCriticalSection(&This->cs);
    return hr;
}

/**************************************************************************
 *  IXPLogon_OpenStatusEntry
 */
static HRESULT open_status_entry(struct xp_logon *This, LPCIID iid, ULONG flags, ULONG *type, IMAPIStatus **status)
{
    HRESULT hr;

    TRACE("(%p,%s,%#lx,%p,%p)\n", This, debugstr_guid(iid), flags, type, status);

    if (!type || !status) return MAPI_E_INVALID_PARAMETER;
    *status = NULL;
    if (flags & ~MAPI_MODIFY)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (iid && !IsEqualIID(iid, &IID_IMAPIStatus) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (This->logged_off) return MAPI_E_INVALID_OBJECT;
    hr = xp_status_create(This, status);
    if (SUCCEEDED(hr)) *type = MAPI_STATUS;
    return hr;
}

HRESULT xp_logon_validate_state(struct xp_logon *This, ULONG_PTR ui_param, ULONG flags)
{
    BOOL changed = FALSE;   /* the row is told at the end in any case */
    struct smtpxp_config *config;
    HRESULT hr = S_OK;

    if (flags & ~(SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT |
                  FORCE_XP_DISCONNECT | CONFIG_CHANGED | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (flags & (REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | ABORT_XP_HEADER_OPERATION |
                 SHOW_XP_SESSION_UI))
    {
        /* there is no header cache (remote transports) and no user interface */
        FIXME("flags %#lx not supported\n", flags);
        return MAPI_E_NO_SUPPORT;
    }
    if (This->logged_off) return MAPI_E_INVALID_OBJECT;

    if (flags & CONFIG_CHANGED)
    {
        hr = smtpxp_read_config(This->support, &config);
        if (SUCCEEDED(hr))
        {
            struct smtpxp_config *old;

            /* A message being sent keeps its connection and its snapshot until it is done. */
            EnterCriticalSection(&This->cs);
            close_connection(This, TRUE);
            if (This->have_maildir) maildir_close(&This->maildir);
            This->have_maildir = !This->logged_off && config->maildir &&
                                 SUCCEEDED(maildir_open(&This->maildir, config->maildir, config->poll_interval));
            old = This->config;
            This->config = config;
            LeaveCriticalSection(&This->cs);
            smtpxp_config_release(old);
        }
    }
    if (flags & FORCE_XP_DISCONNECT)
    {
        EnterCriticalSection(&This->cs);
        close_connection(This, TRUE);
        LeaveCriticalSection(&This->cs);
        set_status(This, 0, 0, "Disconnected");
    }
    if (SUCCEEDED(hr) && (flags & FORCE_XP_CONNECT))
    {
        EnterCriticalSection(&This->cs);
        /* a message being sent has the connection (it says how it went) */
        if (This->config->server && !This->submitting) hr = ensure_connection(This, This->config, &changed);
        LeaveCriticalSection(&This->cs);
    }
    look_for_mail(This, TRUE, TRUE);
    update_status_row(This, FALSE);
    return hr;
}

/**************************************************************************
 *  IXPLogon_ValidateState
 *
 * CONFIG_CHANGED reads the profile again; FORCE_XP_CONNECT connects to the
 * server now, FORCE_XP_DISCONNECT closes the connection; the Maildir is
 * looked at and the status row updated in any case.
 *
 * RETURNS
 *  MAPI_E_NO_SUPPORT for the header cache flags and SHOW_XP_SESSION_UI;
 *  MAPI_E_NETWORK_ERROR when FORCE_XP_CONNECT could not connect.
 */
static HRESULT WINAPI IXPLogon_fnValidateState(IXPLogon *iface, ULONG_PTR ui_param, ULONG flags)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    TRACE("(%p,%#Ix,%#lx)\n", iface, ui_param, flags);
    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = xp_logon_validate_state(This, ui_param, flags);
    xp_logon_leave(This);
    return hr;
}

HRESULT xp_logon_flush_queues(struct xp_logon *This, ULONG_PTR ui_param, ULONG cb_target, ENTRYID *target,
                              ULONG flags)
{
    if (cb_target || target) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI | FLUSH_ASYNC_OK))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (This->logged_off) return MAPI_E_INVALID_OBJECT;

    if (flags & FLUSH_DOWNLOAD && This->inbound)
    {
        if (flags & FLUSH_ASYNC_OK)
        {
            /* the next Poll reads the folder */
            EnterCriticalSection(&This->cs);
            This->maildir.scanned = FALSE;
            This->status_code |= STATUS_INBOUND_FLUSH;
            LeaveCriticalSection(&This->cs);
        }
        else
        {
            set_status(This, STATUS_INBOUND_FLUSH, 0, NULL);
            look_for_mail(This, TRUE, TRUE);
        }
    }
    if (flags & FLUSH_UPLOAD && This->outbound)
    {
        set_status(This, STATUS_OUTBOUND_FLUSH, 0, NULL);
        if (!(flags & FLUSH_ASYNC_OK))
        {
            BOOL changed = FALSE;   /* the row is told below in any case */
            HRESULT hr;
            /* the spooler sends next: have the server ready now */
            EnterCriticalSection(&This->cs);
            hr = This->submitting ? S_OK : ensure_connection(This, This->config, &changed);
            LeaveCriticalSection(&This->cs);
            if (SUCCEEDED(hr)) IMAPISupport_SpoolerNotify(This->support, NOTIFY_READYTOSEND, NULL);
        }
    }
    update_status_row(This, FALSE);
    return S_OK;
}

/**************************************************************************
 *  IXPLogon_FlushQueues
 *
 * FLUSH_DOWNLOAD reads the Maildir now, sets STATUS_INBOUND_FLUSH (cleared
 * when the last waiting message was delivered) and tells the spooler of the
 * mail; FLUSH_UPLOAD sets STATUS_OUTBOUND_FLUSH and connects to the server
 * now. With FLUSH_ASYNC_OK both are left to the next Poll and SubmitMessage.
 */
static HRESULT WINAPI IXPLogon_fnFlushQueues(IXPLogon *iface, ULONG_PTR ui_param, ULONG cb_target,
                                             ENTRYID *target, ULONG flags)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    TRACE("(%p,%#Ix,%lu,%p,%#lx)\n", iface, ui_param, cb_target, target, flags);
    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = xp_logon_flush_queues(This, ui_param, cb_target, target, flags);
    xp_logon_leave(This);
    return hr;
}

/* The methods: each works on the logon, which lives while it runs. */

static HRESULT WINAPI IXPLogon_fnAddressTypes(IXPLogon *iface, ULONG *flags, ULONG *type_count,
                                              WINE_LPTSTR **types, ULONG *uid_count, MAPIUID ***uids)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = address_types(This, flags, type_count, types, uid_count, uids);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnRegisterOptions(IXPLogon *iface, ULONG *flags, ULONG *count, OPTIONDATA **options)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = register_options(This, flags, count, options);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnTransportNotify(IXPLogon *iface, ULONG *flags, void **data)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = transport_notify(This, flags, data);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnIdle(IXPLogon *iface, ULONG flags)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = idle(This, flags);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnTransportLogoff(IXPLogon *iface, ULONG flags)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = transport_logoff(This, flags);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnSubmitMessage(IXPLogon *iface, ULONG flags, IMessage *msg, ULONG *msg_ref,
                                               ULONG *return_parm)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = submit_message(This, flags, msg, msg_ref, return_parm);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnEndMessage(IXPLogon *iface, ULONG ref, ULONG *flags)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = end_message(This, ref, flags);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnPoll(IXPLogon *iface, ULONG *incoming)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = poll_maildir(This, incoming);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnStartMessage(IXPLogon *iface, ULONG flags, IMessage *msg, ULONG *msg_ref)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = start_message(This, flags, msg, msg_ref);
    xp_logon_leave(This);
    return hr;
}

static HRESULT WINAPI IXPLogon_fnOpenStatusEntry(IXPLogon *iface, LPCIID iid, ULONG flags, ULONG *type,
                                                 IMAPIStatus **status)
{
    struct xp_logon *This = logon_enter(iface);
    HRESULT hr;

    if (!This) return MAPI_E_INVALID_OBJECT;
    hr = open_status_entry(This, iid, flags, type, status);
    xp_logon_leave(This);
    return hr;
}

static const IXPLogonVtbl xp_logon_vtbl =
{
    IXPLogon_fnQueryInterface,
    IXPLogon_fnAddRef,
    IXPLogon_fnRelease,
    IXPLogon_fnAddressTypes,
    IXPLogon_fnRegisterOptions,
    IXPLogon_fnTransportNotify,
    IXPLogon_fnIdle,
    IXPLogon_fnTransportLogoff,
    IXPLogon_fnSubmitMessage,
    IXPLogon_fnEndMessage,
    IXPLogon_fnPoll,
    IXPLogon_fnStartMessage,
    IXPLogon_fnOpenStatusEntry,
    IXPLogon_fnValidateState,
    IXPLogon_fnFlushQueues,
};

HRESULT xp_logon_create(struct xp_provider *provider, IMAPISupport *support, ULONG flags,
                        struct smtpxp_config *config, IXPLogon **out, ULONG *out_flags)
{
    struct xp_logon_object *object;
    struct xp_logon *This;

    if (FAILED(MAPIAllocateBuffer(sizeof(*object), (void **)&object))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(This = calloc(1, sizeof(*This))))
    {
        MAPIFreeBuffer(object);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    This->provider = provider;
    IXPProvider_AddRef(&provider->IXPProvider_iface);
    This->support = support;
    IMAPISupport_AddRef(support);
    InitializeCriticalSection(&This->cs);
    This->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": xp_logon.cs");
    This->config = smtpxp_config_addref(config);
    smtp_init(&This->smtp);
    wcscpy(This->display_name, L"SMTP transport");
    lstrcpynA(This->status_text, "Ready", sizeof(This->status_text));
    This->status_code = STATUS_AVAILABLE;

    if (config->maildir && !(flags & LOGON_NO_INBOUND))
        This->have_maildir = SUCCEEDED(maildir_open(&This->maildir, config->maildir, config->poll_interval));
    This->inbound = This->have_maildir;
    This->outbound = config->server && config->sender && !(flags & LOGON_NO_OUTBOUND);
    if (This->inbound) This->status_code |= STATUS_INBOUND_ENABLED;
    if (This->outbound) This->status_code |= STATUS_OUTBOUND_ENABLED;

    object->IXPLogon_iface.lpVtbl = &xp_logon_vtbl;
    object->ref = 1;
    xp_logon_hand_out(This, &object->handout, &object->IXPLogon_iface, &object->ref,
                      sizeof(xp_logon_vtbl) / sizeof(void *));
    This->logon_handout = &object->handout;

    update_status_row(This, TRUE);
    *out_flags = (This->have_maildir ? LOGON_SP_POLL : 0) | LOGON_SP_IDLE;
    *out = &object->IXPLogon_iface;
    return S_OK;
}
