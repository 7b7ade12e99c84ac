/*
 * The status objects MAPI implements itself (IMAPIStatus), opened from the
 * PR_ENTRYID of its own rows of the status table: the MAPI subsystem's and
 * the integrated address book's here, the spooler's with the ops of
 * spoolstatus.c.
 *
 * Their properties are the session's row as it is when they are read, with
 * what is live added by the ops; they are read-only. The subsystem and the
 * address book support ValidateState only, as "Status Table and Status
 * Objects" says; SettingsDialog, ChangePassword and (but for the spooler)
 * FlushQueues answer MAPI_E_NO_SUPPORT. Once the session logged off, every
 * method but AddRef and Release answers MAPI_E_INVALID_OBJECT.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define VALIDATE_FLAGS (SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | FORCE_XP_CONNECT | \
                        FORCE_XP_DISCONNECT | CONFIG_CHANGED | ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI)
#define FLUSH_FLAGS (FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI | FLUSH_ASYNC_OK)

struct mapi_status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG ref;
    struct session *session;            /* internal reference */
    const struct mapi_status_ops *ops;
};

static inline struct mapi_status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct mapi_status, IMAPIStatus_iface);
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
    struct mapi_status *status = impl_from_IMAPIStatus(iface);
    ULONG ref = InterlockedIncrement(&status->ref);

    TRACE("(%p) ref %lu\n", status, ref);
    return ref;
}

static ULONG WINAPI status_Release(IMAPIStatus *iface)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);
    ULONG ref = InterlockedDecrement(&status->ref);

    TRACE("(%p) ref %lu\n", status, ref);
    if (!ref)
    {
        session_release_internal(status->session);
        free(status);
    }
    return ref;
}

/* A property bag with the object's row as it is now. */
static HRESULT snapshot(struct mapi_status *status, IPropData **bag)
{
    SPropValue *props;
    ULONG count;
    HRESULT hr;

    if (status->session->logged_off) return MAPI_E_INVALID_OBJECT;
    if (FAILED(hr = status_get_mapi_row(status->session, status->ops->resource_type, &count, &props))) return hr;
    if (SUCCEEDED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                   bag)))
    {
        if (SUCCEEDED(hr = IPropData_SetProps(*bag, count, props, NULL)) && status->ops->update)
            hr = status->ops->update(status->session, *bag);
        if (FAILED(hr)) IPropData_Release(*bag);
    }
    MAPIFreeBuffer(props);
    return hr;
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

static HRESULT WINAPI status_ValidateState(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);

    TRACE("(%p,%#Ix,%#lx)\n", status, ui_param, flags);

    if (flags & ~VALIDATE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (status->session->logged_off) return MAPI_E_INVALID_OBJECT;
    return status->ops->validate_state(status->session, ui_param, flags);
}

static HRESULT WINAPI status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    TRACE("(%p,%#Ix,%#lx): MAPI's status objects have no settings\n", iface, ui_param, flags);
    if (impl_from_IMAPIStatus(iface)->session->logged_off) return MAPI_E_INVALID_OBJECT;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_ChangePassword(IMAPIStatus *iface, WINE_LPTSTR old_password, WINE_LPTSTR new_password,
                                            ULONG flags)
{
    TRACE("(%p,%p,%p,%#lx): MAPI's status objects have no password\n", iface, old_password, new_password, flags);
    if (impl_from_IMAPIStatus(iface)->session->logged_off) return MAPI_E_INVALID_OBJECT;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG cb_target,
                                         LPENTRYID target, ULONG flags)
{
    struct mapi_status *status = impl_from_IMAPIStatus(iface);

    TRACE("(%p,%#Ix,%lu,%p,%#lx)\n", status, ui_param, cb_target, target, flags);

    if (status->session->logged_off) return MAPI_E_INVALID_OBJECT;
    if (!status->ops->flush_queues) return MAPI_E_NO_SUPPORT;
    if (flags & ~FLUSH_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if ((cb_target && !target) || (!cb_target && target)) return MAPI_E_INVALID_PARAMETER;
    return status->ops->flush_queues(status->session, ui_param, cb_target, target, flags);
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

HRESULT mapi_status_create(struct session *session, const struct mapi_status_ops *ops, ULONG *type,
                           IUnknown **object)
{
    struct mapi_status *status;

    if (!(status = calloc(1, sizeof(*status)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    status->IMAPIStatus_iface.lpVtbl = &status_vtbl;
    status->ref = 1;
    status->session = session;
    session_addref_internal(session);
    status->ops = ops;
    *type = MAPI_STATUS;
    *object = (IUnknown *)&status->IMAPIStatus_iface;
    return S_OK;
}

/***********************************************************************
 * The MAPI subsystem's status object
 */

/* A provider logon with a status row, counted, as the subsystem validates it. */
struct validated_logon
{
    IUnknown *logon;
    ULONG resource_type;
    WCHAR *name;
};

static HRESULT validate_logon(const struct validated_logon *logon, ULONG_PTR ui_param, ULONG flags)
{
    IMAPIStatus *status = NULL;
    ULONG type;
    HRESULT hr;

    /* A transport answers as its status object would (IXPLogon::ValidateState). */
    if (logon->resource_type == MAPI_TRANSPORT_PROVIDER)
        return IXPLogon_ValidateState((IXPLogon *)logon->logon, ui_param, flags);
    if (logon->resource_type == MAPI_STORE_PROVIDER)
        hr = IMSLogon_OpenStatusEntry((IMSLogon *)logon->logon, NULL, 0, &type, (void **)&status);
    else
        hr = IABLogon_OpenStatusEntry((IABLogon *)logon->logon, NULL, 0, &type, &status);
    if (FAILED(hr)) return hr;
    if (!status) return MAPI_E_CALL_FAILED;
    hr = IMAPIStatus_ValidateState(status, ui_param, flags);
    IMAPIStatus_Release(status);
    return hr;
}

/***********************************************************************
 *  IMAPIStatus::ValidateState of the MAPI subsystem
 *
 * Validates what the session's providers and MAPI itself hold: the
 * resource flags of the store rows are read from the profile again, and
 * every provider logon with a status row validates its state, with the
 * caller's flags: a transport through IXPLogon::ValidateState, a store or
 * an address book provider through its status object.
 *
 * RETURNS
 *  S_OK, or the first failure of a provider other than MAPI_E_NO_SUPPORT
 *  (a provider without a status object); every provider is asked anyway.
 */
static HRESULT subsystem_validate_state(struct session *session, ULONG_PTR ui_param, ULONG flags)
{
    struct validated_logon *logons;
    struct provider_logon *logon;
    ULONG count = 0, i;
    HRESULT hr, ret = S_OK;

    status_refresh_store_flags(session, NULL);

    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry) count++;
    if (!(logons = calloc(count + 1, sizeof(*logons))))
    {
        LeaveCriticalSection(&session->cs);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    count = 0;
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
    {
        if (logon->closing || !logon->logon || !logon->status_row) continue;
        logons[count].logon = logon->logon;
        logon->logon->lpVtbl->AddRef(logon->logon);
        logons[count].resource_type = logon->info.resource_type;
        logons[count].name = mapi_strdupW_from(logon->info.display_name, TRUE);
        count++;
    }
    LeaveCriticalSection(&session->cs);

    /* No lock while the providers work: they may update their rows. */
    for (i = 0; i < count; i++)
    {
        hr = validate_logon(&logons[i], ui_param, flags);
        TRACE("%s: %#lx\n", debugstr_w(logons[i].name), hr);
        if (FAILED(hr) && hr != MAPI_E_NO_SUPPORT && SUCCEEDED(ret))
        {
            WARN("%s could not validate its state: %#lx\n", debugstr_w(logons[i].name), hr);
            ret = hr;
        }
        logons[i].logon->lpVtbl->Release(logons[i].logon);
        free(logons[i].name);
    }
    free(logons);
    return ret;
}

static const struct mapi_status_ops subsystem_ops =
{
    MAPI_SUBSYSTEM,
    NULL,
    subsystem_validate_state,
    NULL,
};

/***********************************************************************
 *  IMAPIStatus::ValidateState of the integrated address book
 *
 * Checks the address book providers of the profile against the session's:
 * the row says STATUS_AVAILABLE when each of them is logged on, and
 * STATUS_FAILURE with a string that says how many are not (a service added
 * to the profile after the logon, a profile deleted meanwhile).
 *
 * RETURNS
 *  S_OK: the check's result is in the row.
 */
static HRESULT addrbook_validate_state(struct session *session, ULONG_PTR ui_param, ULONG flags)
{
    struct profile_provider *providers;
    struct provider_logon *logon;
    ULONG count, missing = 0, i;
    SPropValue props[2];
    WCHAR text[128];
    HRESULT hr;

    if (FAILED(hr = profile_get_providers(session->profile, MAPI_AB_PROVIDER, &count, &providers)))
    {
        WARN("the profile's address book providers could not be read: %#lx\n", hr);
        swprintf(text, ARRAY_SIZE(text), L"The profile could not be read (%#lx)", hr);
        missing = 1;
    }
    else
    {
        EnterCriticalSection(&session->cs);
        for (i = 0; i < count; i++)
        {
            BOOL found = FALSE;

            LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
            {
                if (logon->info.resource_type != MAPI_AB_PROVIDER || logon->closing || !logon->logon ||
                    memcmp(&logon->info.provider_uid, &providers[i].provider_uid, sizeof(MAPIUID)))
                    continue;
                found = TRUE;
                break;
            }
            if (!found)
            {
                TRACE("%s is not logged on\n", debugstr_w(providers[i].display_name));
                missing++;
            }
        }
        LeaveCriticalSection(&session->cs);
        profile_free_providers(count, providers);
        if (missing)
            swprintf(text, ARRAY_SIZE(text), L"%lu of the profile's %lu address book providers are not logged on",
                     missing, count);
        else wcscpy(text, L"Available");
    }

    props[0].ulPropTag = PR_STATUS_CODE;
    props[0].Value.l = missing ? STATUS_FAILURE : STATUS_AVAILABLE;
    props[1].ulPropTag = PR_STATUS_STRING_W;
    props[1].Value.lpszW = text;
    status_set_mapi_row(session, MAPI_AB, ARRAY_SIZE(props), props);
    return S_OK;
}

static const struct mapi_status_ops addrbook_ops =
{
    MAPI_AB,
    NULL,
    addrbook_validate_state,
    NULL,
};

HRESULT mapi_status_open(struct session *session, ULONG resource_type, ULONG *type, IUnknown **object)
{
    TRACE("(%p,%lu,%p,%p)\n", session, resource_type, type, object);

    return mapi_status_create(session, resource_type == MAPI_AB ? &addrbook_ops : &subsystem_ops, type, object);
}
