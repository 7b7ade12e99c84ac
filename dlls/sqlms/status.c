/*
 * IMAPIStatus of a store logon (IMSLogon::OpenStatusEntry): the store's row
 * of the status table, read-only. The store has no settings dialog, no
 * password and no queues to flush.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

struct status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG ref;
    struct prop_object prop;
    struct sqlms_object object;
};

static inline struct status *impl_from_IMAPIStatus(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct status, IMAPIStatus_iface);
}

static BOOL status_is_computed(struct prop_object *obj, ULONG tag)
{
    return TRUE;
}

static const struct prop_object_ops status_prop_ops =
{
    NULL,
    status_is_computed,
    NULL,
    NULL,
    NULL,
    NULL,
    &IID_IMAPIStatus,
};

static HRESULT WINAPI status_QueryInterface(IMAPIStatus *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMAPIStatus))
    {
        *obj = iface;
        IMAPIStatus_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI status_AddRef(IMAPIStatus *iface)
{
    struct status *status = impl_from_IMAPIStatus(iface);
    return InterlockedIncrement(&status->ref);
}

static ULONG WINAPI status_Release(IMAPIStatus *iface)
{
    struct status *status = impl_from_IMAPIStatus(iface);
    ULONG ref = InterlockedDecrement(&status->ref);

    if (!ref)
    {
        struct sqlms_store *store = status->prop.store;

        object_unregister(&status->object);
        propobj_cleanup(&status->prop);
        object_free(status);
        store_release(store);
    }
    return ref;
}

static HRESULT WINAPI status_GetLastError(IMAPIStatus *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    return sqlms_get_last_error(result, flags, error);
}

static HRESULT WINAPI status_SaveChanges(IMAPIStatus *iface, ULONG flags)
{
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI status_GetProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                      SPropValue **values)
{
    return propobj_GetProps(&impl_from_IMAPIStatus(iface)->prop, tags, flags, count, values);
}

static HRESULT WINAPI status_GetPropList(IMAPIStatus *iface, ULONG flags, SPropTagArray **tags)
{
    return propobj_GetPropList(&impl_from_IMAPIStatus(iface)->prop, flags, tags);
}

static HRESULT WINAPI status_OpenProperty(IMAPIStatus *iface, ULONG tag, const IID *iid, ULONG options,
                                          ULONG flags, IUnknown **out)
{
    return propobj_OpenProperty(&impl_from_IMAPIStatus(iface)->prop, tag, iid, options, flags, out);
}

static HRESULT WINAPI status_SetProps(IMAPIStatus *iface, ULONG count, SPropValue *values,
                                      SPropProblemArray **problems)
{
    return propobj_SetProps(&impl_from_IMAPIStatus(iface)->prop, count, values, problems);
}

static HRESULT WINAPI status_DeleteProps(IMAPIStatus *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return propobj_DeleteProps(&impl_from_IMAPIStatus(iface)->prop, tags, problems);
}

static HRESULT WINAPI status_CopyTo(IMAPIStatus *iface, ULONG excluded_iid_count, const IID *excluded_iids,
                                    SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress,
                                    const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return propobj_CopyTo(&impl_from_IMAPIStatus(iface)->prop, excluded_iid_count, excluded_iids, excluded,
                          ui_param, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI status_CopyProps(IMAPIStatus *iface, SPropTagArray *included, ULONG ui_param,
                                       IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                                       SPropProblemArray **problems)
{
    return propobj_CopyProps(&impl_from_IMAPIStatus(iface)->prop, included, ui_param, progress, iid, dest,
                             flags, problems);
}

static HRESULT WINAPI status_GetNamesFromIDs(IMAPIStatus *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                             ULONG *count, MAPINAMEID ***names)
{
    return propobj_GetNamesFromIDs(&impl_from_IMAPIStatus(iface)->prop, tags, guid, flags, count, names);
}

static HRESULT WINAPI status_GetIDsFromNames(IMAPIStatus *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                             SPropTagArray **tags)
{
    return propobj_GetIDsFromNames(&impl_from_IMAPIStatus(iface)->prop, count, names, flags, tags);
}

static HRESULT WINAPI status_ValidateState(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    struct status *status = impl_from_IMAPIStatus(iface);

    TRACE("(%p,%#Ix,%#lx)\n", iface, ui_param, flags);
    return store_check(status->prop.store);
}

static HRESULT WINAPI status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    TRACE("(%p,%#Ix,%#lx): no dialog\n", iface, ui_param, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_ChangePassword(IMAPIStatus *iface, LPSTR old_password, LPSTR new_password, ULONG flags)
{
    TRACE("(%p,%p,%p,%#lx): no password\n", iface, old_password, new_password, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG transport_size,
                                         ENTRYID *transport, ULONG flags)
{
    TRACE("(%p,%#Ix,%lu,%p,%#lx): a store has no queues to flush\n", iface, ui_param, transport_size, transport,
          flags);
    return MAPI_E_NO_SUPPORT;
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

static void status_abandon(struct sqlms_object *obj)
{
    struct status *status = CONTAINING_RECORD(obj, struct status, object);

    propobj_cleanup(&status->prop);
}

HRESULT status_create(struct sqlms_store *store, IMAPIStatus **out)
{
    struct status *status;
    SPropValue values[7];
    HRESULT hr;

    if (!(status = object_alloc(sizeof(*status)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    status->IMAPIStatus_iface.lpVtbl = &status_vtbl;
    status->ref = 1;
    if (FAILED(hr = propobj_init(&status->prop, (IMAPIProp *)&status->IMAPIStatus_iface, store, &status_prop_ops,
                                 FALSE)))
    {
        object_free(status);
        return hr;
    }
    values[0].ulPropTag = PR_OBJECT_TYPE;
    values[0].Value.l = MAPI_STATUS;
    values[1].ulPropTag = PR_DISPLAY_NAME_W;
    values[1].Value.lpszW = store->display_name;
    values[2].ulPropTag = PR_PROVIDER_DISPLAY_W;
    values[2].Value.lpszW = (WCHAR *)L"SQLite Message Store";
    values[3].ulPropTag = PR_RESOURCE_METHODS;
    values[3].Value.l = STATUS_VALIDATE_STATE;
    values[4].ulPropTag = PR_STATUS_CODE;
    values[4].Value.l = STATUS_AVAILABLE;
    values[5].ulPropTag = PR_RESOURCE_TYPE;
    values[5].Value.l = MAPI_STORE_PROVIDER;
    values[6].ulPropTag = PR_STATUS_STRING_W;
    values[6].Value.lpszW = (WCHAR *)L"Available";
    if (FAILED(hr = propobj_set_computed(&status->prop, ARRAY_SIZE(values), values)))
    {
        propobj_cleanup(&status->prop);
        object_free(status);
        return hr;
    }
    store_addref(store);
    object_register(store, &status->object, &status->IMAPIStatus_iface, &status->ref,
                    VTBL_METHODS(IMAPIStatusVtbl), status_abandon);
    status->prop.object = &status->object;
    *out = &status->IMAPIStatus_iface;
    return S_OK;
}
