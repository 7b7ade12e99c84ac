/*
 * IMAPIStatus: the transport's status object, the row of the status table
 * as an object. Its properties are read-only and always current. A program
 * may hold it past TransportLogoff: then it is MAPI's (MakeInvalid, xplogon.c).
 */

#include "smtpxp_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(smtpxp);

/* A MAPIAllocateBuffer block: vtable and count first, for MakeInvalid */
struct xp_status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG ref;
    struct xp_handout handout;
};

static inline struct xp_status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct xp_status, IMAPIStatus_iface);
}

/* The logon, kept while a method runs; NULL once the status object is invalid. */
static struct xp_logon *status_enter(struct xp_status *This)
{
    return xp_handout_enter(&This->handout);
}

static HRESULT status_props(struct xp_status *This, ULONG *count, SPropValue **props)
{
    struct xp_logon *logon = status_enter(This);
    HRESULT hr;

    if (!logon) return MAPI_E_INVALID_OBJECT;
    hr = xp_logon_status_props(logon, count, props);
    xp_logon_leave(logon);
    return hr;
}

static HRESULT WINAPI IMAPIStatus_fnQueryInterface(IMAPIStatus *iface, REFIID riid, void **out)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMAPIStatus))
    {
        *out = iface;
        IMAPIStatus_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI IMAPIStatus_fnAddRef(IMAPIStatus *iface)
{
    struct xp_status *This = impl_from_IMAPIStatus(iface);
    ULONG ref = InterlockedIncrement(&This->ref);
    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI IMAPIStatus_fnRelease(IMAPIStatus *iface)
{
    struct xp_status *This = impl_from_IMAPIStatus(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        xp_handout_free(&This->handout);
        MAPIFreeBuffer(This);
    }
    return ref;
}

static HRESULT WINAPI IMAPIStatus_fnGetLastError(IMAPIStatus *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, hr, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI IMAPIStatus_fnSaveChanges(IMAPIStatus *iface, ULONG flags)
{
    TRACE("(%p,%#lx)\n", iface, flags);
    return MAPI_E_NO_ACCESS;
}

/**************************************************************************
 *  IMAPIStatus_GetProps
 *
 * The status row's columns; tags it lacks come back as PT_ERROR with
 * MAPI_W_ERRORS_RETURNED.
 */
static HRESULT WINAPI IMAPIStatus_fnGetProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG flags,
                                             ULONG *count, SPropValue **out)
{
    struct xp_status *This = impl_from_IMAPIStatus(iface);
    SPropValue *props, *result;
    ULONG n, i, j, wanted;
    HRESULT hr, ret = S_OK;

    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, out);

    if (!count || !out) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (tags && !tags->cValues) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = status_props(This, &n, &props))) return hr;
    wanted = tags ? tags->cValues : n;
    if (FAILED(MAPIAllocateBuffer(wanted * sizeof(SPropValue), (void **)&result)))
    {
        MAPIFreeBuffer(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < wanted; i++)
    {
        ULONG tag = tags ? tags->aulPropTag[i] : props[i].ulPropTag;
        const SPropValue *found = NULL;

        for (j = 0; j < n && !found; j++)
            if (PROP_ID(props[j].ulPropTag) == PROP_ID(tag) &&
                (PROP_TYPE(tag) == PT_UNSPECIFIED || props[j].ulPropTag == tag)) found = &props[j];
        if (found && SUCCEEDED(PropCopyMore(&result[i], (SPropValue *)found, MAPIAllocateMore, result))) continue;
        result[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
        result[i].Value.err = MAPI_E_NOT_FOUND;
        ret = MAPI_W_ERRORS_RETURNED;
    }
    MAPIFreeBuffer(props);
    *count = wanted;
    *out = result;
    return ret;
}

static HRESULT WINAPI IMAPIStatus_fnGetPropList(IMAPIStatus *iface, ULONG flags, SPropTagArray **tags)
{
    struct xp_status *This = impl_from_IMAPIStatus(iface);
    SPropValue *props;
    ULONG n, i;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = status_props(This, &n, &props))) return hr;
    if (FAILED(MAPIAllocateBuffer(CbNewSPropTagArray(n), (void **)tags)))
    {
        MAPIFreeBuffer(props);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    (*tags)->cValues = n;
    for (i = 0; i < n; i++) (*tags)->aulPropTag[i] = props[i].ulPropTag;
    MAPIFreeBuffer(props);
    return S_OK;
}

static HRESULT WINAPI IMAPIStatus_fnOpenProperty(IMAPIStatus *iface, ULONG tag, LPCIID iid, ULONG options,
                                                 ULONG flags, IUnknown **out)
{
    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);
    if (out) *out = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMAPIStatus_fnSetProps(IMAPIStatus *iface, ULONG count, SPropValue *props,
                                             SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p)\n", iface, count, props, problems);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI IMAPIStatus_fnDeleteProps(IMAPIStatus *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI IMAPIStatus_fnCopyTo(IMAPIStatus *iface, ULONG count, LPCIID exclude_iids,
                                           SPropTagArray *exclude, ULONG ui_param, IMAPIProgress *progress,
                                           LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    FIXME("(%p) not supported\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMAPIStatus_fnCopyProps(IMAPIStatus *iface, SPropTagArray *include, ULONG ui_param,
                                              IMAPIProgress *progress, LPCIID iid, void *dest, ULONG flags,
                                              SPropProblemArray **problems)
{
    FIXME("(%p) not supported\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMAPIStatus_fnGetNamesFromIDs(IMAPIStatus *iface, SPropTagArray **tags, LPGUID guid,
                                                    ULONG flags, ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p)\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMAPIStatus_fnGetIDsFromNames(IMAPIStatus *iface, ULONG count, MAPINAMEID **names,
                                                    ULONG flags, SPropTagArray **tags)
{
    TRACE("(%p)\n", iface);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMAPIStatus_fnValidateState(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    struct xp_logon *logon = status_enter(impl_from_IMAPIStatus(iface));
    HRESULT hr;

    TRACE("(%p,%#Ix,%#lx)\n", iface, ui_param, flags);
    if (!logon) return MAPI_E_INVALID_OBJECT;
    hr = xp_logon_validate_state(logon, ui_param, flags);
    xp_logon_leave(logon);
    return hr;
}

/**************************************************************************
 *  IMAPIStatus_SettingsDialog
 *
 * NOTES
 *  There is no configuration dialog: configure the service's properties.
 */
static HRESULT WINAPI IMAPIStatus_fnSettingsDialog(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    TRACE("(%p,%#Ix,%#lx)\n", iface, ui_param, flags);
    if (flags & ~UI_READONLY) return MAPI_E_UNKNOWN_FLAGS;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMAPIStatus_fnChangePassword(IMAPIStatus *iface, WINE_LPTSTR old_password,
                                                   WINE_LPTSTR new_password, ULONG flags)
{
    TRACE("(%p,%p,%p,%#lx)\n", iface, old_password, new_password, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMAPIStatus_fnFlushQueues(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG cb_target,
                                                ENTRYID *target, ULONG flags)
{
    struct xp_logon *logon = status_enter(impl_from_IMAPIStatus(iface));
    HRESULT hr;

    TRACE("(%p,%#Ix,%lu,%p,%#lx)\n", iface, ui_param, cb_target, target, flags);
    if (!logon) return MAPI_E_INVALID_OBJECT;
    hr = xp_logon_flush_queues(logon, ui_param, cb_target, target, flags);
    xp_logon_leave(logon);
    return hr;
}

static const IMAPIStatusVtbl xp_status_vtbl =
{
    IMAPIStatus_fnQueryInterface,
    IMAPIStatus_fnAddRef,
    IMAPIStatus_fnRelease,
    IMAPIStatus_fnGetLastError,
    IMAPIStatus_fnSaveChanges,
    IMAPIStatus_fnGetProps,
    IMAPIStatus_fnGetPropList,
    IMAPIStatus_fnOpenProperty,
    IMAPIStatus_fnSetProps,
    IMAPIStatus_fnDeleteProps,
    IMAPIStatus_fnCopyTo,
    IMAPIStatus_fnCopyProps,
    IMAPIStatus_fnGetNamesFromIDs,
    IMAPIStatus_fnGetIDsFromNames,
    IMAPIStatus_fnValidateState,
    IMAPIStatus_fnSettingsDialog,
    IMAPIStatus_fnChangePassword,
    IMAPIStatus_fnFlushQueues,
};

HRESULT xp_status_create(struct xp_logon *logon, IMAPIStatus **status)
{
    struct xp_status *This;
    HRESULT hr;

    if (FAILED(MAPIAllocateBuffer(sizeof(*This), (void **)&This))) return MAPI_E_NOT_ENOUGH_MEMORY;
    This->IMAPIStatus_iface.lpVtbl = &xp_status_vtbl;
    This->ref = 1;
    if (FAILED(hr = xp_logon_hand_out(logon, &This->handout, &This->IMAPIStatus_iface, &This->ref,
                                      sizeof(xp_status_vtbl) / sizeof(void *))))
    {
        MAPIFreeBuffer(This);
        return hr;
    }
    *status = &This->IMAPIStatus_iface;
    return S_OK;
}
