/*
 * The spooler's row of the status table and its status object (IMAPIStatus).
 *
 * Every session of the profile in this process shows the row of its agent:
 * STATUS_AVAILABLE, STATUS_INBOUND_ENABLED while it receives into the default
 * store, STATUS_OUTBOUND_ENABLED, STATUS_INBOUND_ACTIVE and
 * STATUS_OUTBOUND_ACTIVE while a transport delivers or sends, and the
 * STATUS_*_FLUSH flags while it flushes. The row's PR_ENTRYID opens the
 * status object: ValidateState and FlushQueues; SettingsDialog and
 * ChangePassword are not supported (the spooler has neither).
 */

#include "spooler.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* The entry ID of the spooler's status object: MAPI's own UID, then "spooler". */
struct spooler_status_id
{
    BYTE flags[4];
    MAPIUID uid;
};

static const MAPIUID spooler_status_uid =
    {{ 0x57, 0x69, 0x6e, 0x65, 0x4d, 0x41, 0x50, 0x49, 0x53, 0x70, 0x6f, 0x6f, 0x6c, 0x65, 0x72, 0x01 }};

#define SPOOLER_METHODS (STATUS_VALIDATE_STATE | STATUS_FLUSH_QUEUES)
#define VALIDATE_FLAGS (SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT | \
                        FORCE_XP_DISCONNECT | CONFIG_CHANGED | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI)
#define FLUSH_FLAGS (FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI | FLUSH_ASYNC_OK)

BOOL spooler_is_status_entryid(ULONG size, const ENTRYID *entryid)
{
    const struct spooler_status_id *id = (const struct spooler_status_id *)entryid;
    return size == sizeof(*id) && !memcmp(&id->uid, &spooler_status_uid, sizeof(MAPIUID));
}

/* The row's values, with the strings in text[] (size 128). */
static ULONG row_values(struct spooler *spooler, SPropValue *props, struct spooler_status_id *id, WCHAR *text)
{
    ULONG code, n = 0;

    memset(id, 0, sizeof(*id));
    id->uid = spooler_status_uid;
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
    props[n].ulPropTag = PR_ENTRYID;
    props[n].Value.bin.cb = sizeof(*id);
    props[n++].Value.bin.lpb = (BYTE *)id;
    return n;
}

void spool_status_session(struct spooler *spooler, struct session *session)
{
    struct spooler_status_id id;
    SPropValue props[4];
    WCHAR text[128];
    ULONG n = row_values(spooler, props, &id, text);

    status_set_spooler_row(session, n, props);
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
 * IMAPIStatus of the spooler
 */
struct spooler_status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG ref;
    struct session *session;        /* internal reference */
};

static inline struct spooler_status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct spooler_status, IMAPIStatus_iface);
}

static HRESULT WINAPI status_QueryInterface(IMAPIStatus *iface, REFIID iid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(iid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMAPIStatus))
    {
        *obj = iface;
        IMAPIStatus_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI status_AddRef(IMAPIStatus *iface)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);
    ULONG ref = InterlockedIncrement(&status->ref);

    TRACE("(%p) ref %lu\n", status, ref);
    return ref;
}

static ULONG WINAPI status_Release(IMAPIStatus *iface)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);
    ULONG ref = InterlockedDecrement(&status->ref);

    TRACE("(%p) ref %lu\n", status, ref);
    if (!ref)
    {
        session_release_internal(status->session);
        free(status);
    }
    return ref;
}

/* The spooler of the object's session, counted, or NULL once the session logged off. */
static struct spooler *status_spooler(struct spooler_status *status)
{
    if (status->session->logged_off) return NULL;
    return spooler_find(profile_name(status->session->profile));
}

/* A property bag with the row as it is now. */
static HRESULT snapshot(struct spooler_status *status, IPropData **bag)
{
    struct spooler_status_id id;
    struct spooler *spooler;
    SPropValue props[7];
    WCHAR text[128];
    ULONG n;
    HRESULT hr;

    if (!(spooler = status_spooler(status))) return MAPI_E_INVALID_OBJECT;
    n = row_values(spooler, props, &id, text);
    spooler_release(spooler);
    props[n].ulPropTag = PR_RESOURCE_TYPE;
    props[n++].Value.l = MAPI_SPOOLER;
    props[n].ulPropTag = PR_DISPLAY_NAME_W;
    props[n++].Value.lpszW = (WCHAR *)L"MAPI Spooler";
    props[n].ulPropTag = PR_OBJECT_TYPE;
    props[n++].Value.l = MAPI_STATUS;
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, bag)))
        return hr;
    if (FAILED(hr = IPropData_SetProps(*bag, n, props, NULL)))
    {
        IPropData_Release(*bag);
        return hr;
    }
    return S_OK;
}

static HRESULT WINAPI status_GetLastError(IMAPIStatus *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, hr, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI status_SaveChanges(IMAPIStatus *iface, ULONG flags)
{
    TRACE("(%p,%#lx)\n", iface, flags);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI status_GetProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                      SPropValue **values)
{
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);

    if (!count || !values) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = snapshot(impl_from_IMAPIStatus(iface), &bag))) return hr;
    hr = IPropData_GetProps(bag, tags, flags, count, values);
    IPropData_Release(bag);
    return hr;
}

static HRESULT WINAPI status_GetPropList(IMAPIStatus *iface, ULONG flags, SPropTagArray **tags)
{
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = snapshot(impl_from_IMAPIStatus(iface), &bag))) return hr;
    hr = IPropData_GetPropList(bag, flags, tags);
    IPropData_Release(bag);
    return hr;
}

static HRESULT WINAPI status_OpenProperty(IMAPIStatus *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                          LPUNKNOWN *object)
{
    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, object);
    if (object) *object = NULL;
    return MAPI_E_NO_SUPPORT;
}

/* The status object's properties are MAPI's to set. */
static HRESULT WINAPI status_SetProps(IMAPIStatus *iface, ULONG count, SPropValue *values,
                                      SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI status_DeleteProps(IMAPIStatus *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI status_CopyTo(IMAPIStatus *iface, ULONG count, LPCIID exclude_iids, SPropTagArray *exclude,
                                    ULONG ui_param, LPMAPIPROGRESS progress, LPCIID iid, void *dest, ULONG flags,
                                    SPropProblemArray **problems)
{
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, count, exclude_iids, exclude, ui_param, progress,
          debugstr_guid(iid), dest, flags, problems);

    if (FAILED(hr = snapshot(impl_from_IMAPIStatus(iface), &bag))) return hr;
    hr = IPropData_CopyTo(bag, count, exclude_iids, exclude, ui_param, progress, iid, dest, flags, problems);
    IPropData_Release(bag);
    return hr;
}

static HRESULT WINAPI status_CopyProps(IMAPIStatus *iface, SPropTagArray *include, ULONG ui_param,
                                       LPMAPIPROGRESS progress, LPCIID iid, void *dest, ULONG flags,
                                       SPropProblemArray **problems)
{
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, include, ui_param, progress, debugstr_guid(iid), dest,
          flags, problems);

    if (FAILED(hr = snapshot(impl_from_IMAPIStatus(iface), &bag))) return hr;
    hr = IPropData_CopyProps(bag, include, ui_param, progress, iid, dest, flags, problems);
    IPropData_Release(bag);
    return hr;
}

static HRESULT WINAPI status_GetNamesFromIDs(IMAPIStatus *iface, SPropTagArray **tags, LPGUID guid, ULONG flags,
                                             ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_GetIDsFromNames(IMAPIStatus *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                             SPropTagArray **tags)
{
    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

/* The spooler reads the profile again and looks at its transports and stores now. */
static HRESULT WINAPI status_ValidateState(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);
    struct spool_transport *transport;
    struct spooler *spooler;

    TRACE("(%p,%#Ix,%#lx)\n", status, ui_param, flags);

    if (flags & ~VALIDATE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (!(spooler = status_spooler(status))) return MAPI_E_INVALID_OBJECT;
    spooler_lock(spooler);
    LIST_FOR_EACH_ENTRY(transport, &spooler->transports, struct spool_transport, entry) transport->newmail = TRUE;
    spooler->next_poll = 0;
    spooler_unlock(spooler);
    spooler_wake(spooler);
    spooler_release(spooler);
    return S_OK;
}

static HRESULT WINAPI status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    FIXME("(%p,%#Ix,%#lx): the spooler has no settings dialog\n", iface, ui_param, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_ChangePassword(IMAPIStatus *iface, WINE_LPTSTR old_password, WINE_LPTSTR new_password,
                                            ULONG flags)
{
    TRACE("(%p,%p,%p,%#lx): the spooler has no password\n", iface, old_password, new_password, flags);
    return MAPI_E_NO_SUPPORT;
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
 *  over, or its flush outlasts the pipe's wait), MAPI_E_BUSY.
 */
static HRESULT WINAPI status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG cb_target,
                                         LPENTRYID target, ULONG flags)
{
    struct spooler_status *status = impl_from_IMAPIStatus(iface);
    struct spooler *spooler;
    HRESULT hr;

    TRACE("(%p,%#Ix,%lu,%p,%#lx)\n", status, ui_param, cb_target, target, flags);

    if (flags & ~FLUSH_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if ((cb_target && !target) || (!cb_target && target)) return MAPI_E_INVALID_PARAMETER;
    if (!(spooler = status_spooler(status))) return MAPI_E_INVALID_OBJECT;
    if (spooler->active) hr = spool_flush(spooler, flags);
    else
    {
        TRACE("the active spooler is in another process: asking it\n");
        hr = spool_ipc_flush(spooler->profile_name, flags);
        /* It went away meanwhile and this process' spooler took over. */
        if (hr == S_FALSE && spooler->active) hr = spool_flush(spooler, flags);
        else if (hr == S_FALSE)
        {
            WARN("no active spooler answered\n");
            hr = MAPI_E_BUSY;
        }
    }
    spooler_release(spooler);
    return hr;
}

static const IMAPIStatusVtbl status_vtbl =
{
    status_QueryInterface,
    status_AddRef,
    status_Release,
    status_GetLastError,
    status_SaveChanges,
    status_GetProps,
    status_GetPropList,
    status_OpenProperty,
    status_SetProps,
    status_DeleteProps,
    status_CopyTo,
    status_CopyProps,
    status_GetNamesFromIDs,
    status_GetIDsFromNames,
    status_ValidateState,
    status_SettingsDialog,
    status_ChangePassword,
    status_FlushQueues,
};

HRESULT spooler_open_status(struct session *session, const IID *iid, ULONG flags, ULONG *type, IUnknown **object)
{
    struct spooler_status *status;

    TRACE("(%p,%s,%#lx,%p,%p)\n", session, debugstr_guid(iid), flags, type, object);

    if (iid && !IsEqualIID(iid, &IID_IMAPIStatus) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(status = calloc(1, sizeof(*status)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    status->IMAPIStatus_iface.lpVtbl = &status_vtbl;
    status->ref = 1;
    status->session = session;
    session_addref_internal(session);
    *type = MAPI_STATUS;
    *object = (IUnknown *)&status->IMAPIStatus_iface;
    return S_OK;
}
