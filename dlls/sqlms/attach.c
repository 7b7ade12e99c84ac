/*
 * IAttach: an attachment of a message, and the door to its embedded message.
 *
 * The object works on its own copy of the attachment; SaveChanges hands it
 * to the message, which writes it at its own SaveChanges.
 */

#include "sqlms_private.h"
#include "msgdata.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define SAVE_FLAGS (KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS)

struct attach
{
    IAttach IAttach_iface;
    LONG ref;
    struct prop_object prop;
    struct sqlms_object object;
    struct message *msg;
    ULONG num;
    struct attach_data *data;
};

static const IAttachVtbl attach_vtbl;

static inline struct attach *impl_from_IAttach(IAttach *iface)
{
    return CONTAINING_RECORD(iface, struct attach, IAttach_iface);
}

static inline struct attach *impl_from_prop(struct prop_object *obj)
{
    return CONTAINING_RECORD(obj, struct attach, prop);
}

static BOOL is_attach_computed(ULONG tag)
{
    switch (PROP_ID(tag))
    {
    case PROP_ID(PR_ATTACH_NUM):
    case PROP_ID(PR_OBJECT_TYPE):
    case PROP_ID(PR_ATTACH_SIZE):
    case PROP_ID(PR_INSTANCE_KEY):
    case PROP_ID(PR_ACCESS_LEVEL):
        return TRUE;
    }
    return FALSE;
}

static BOOL attach_is_computed(struct prop_object *obj, ULONG tag)
{
    return is_attach_computed(tag);
}

static HRESULT attach_check(struct prop_object *obj)
{
    return message_check(impl_from_prop(obj)->msg);
}

static HRESULT attach_refresh(struct prop_object *obj)
{
    struct attach *attach = impl_from_prop(obj);
    SPropValue values[4];
    SPropValue *all = NULL;
    ULONG count = 0, size = 0, i;

    if (SUCCEEDED(IPropData_GetProps(obj->bag, NULL, 0, &count, &all)))
    {
        for (i = 0; i < count; i++)
            if (!is_attach_computed(all[i].ulPropTag) && PROP_TYPE(all[i].ulPropTag) != PT_ERROR)
                size += prop_value_size(&all[i]);
        MAPIFreeBuffer(all);
    }
    values[0].ulPropTag = PR_ATTACH_NUM;
    values[0].Value.l = attach->num;
    values[1].ulPropTag = PR_OBJECT_TYPE;
    values[1].Value.l = MAPI_ATTACH;
    values[2].ulPropTag = PR_ATTACH_SIZE;
    values[2].Value.l = size;
    values[3].ulPropTag = PR_ACCESS_LEVEL;
    values[3].Value.l = obj->writable ? MAPI_MODIFY : 0;
    return propobj_set_computed(obj, ARRAY_SIZE(values), values);
}

static HRESULT attach_open_property(struct prop_object *obj, ULONG tag, const IID *iid, ULONG options,
                                    ULONG flags, IUnknown **out)
{
    struct attach *attach = impl_from_prop(obj);

    if (tag != PR_ATTACH_DATA_OBJ) return MAPI_E_NO_SUPPORT;
    if (IsEqualIID(iid, &IID_IMessage))
        return message_open_embedded(obj->store, (IUnknown *)&attach->IAttach_iface, &attach->data->embedded,
                                     obj->writable && (flags & MAPI_MODIFY), !!(flags & MAPI_CREATE),
                                     (IMessage **)out);
    if (IsEqualIID(iid, &IID_IStorage) || IsEqualIID(iid, &IID_IStreamDocfile))
    {
        FIXME("OLE attachments are not supported\n");
        return MAPI_E_NO_SUPPORT;
    }
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static HRESULT attach_copy_subobjects(struct prop_object *obj, const SPropTagArray *include,
                                      const SPropTagArray *exclude, IMAPIProp *dest, ULONG flags)
{
    struct attach *attach = impl_from_prop(obj);
    IMessage *src = NULL, *copy = NULL;
    IAttach *dest_attach;
    HRESULT hr;

    if (!attach->data->embedded || !propobj_copy_wants(include, exclude, PR_ATTACH_DATA_OBJ)) return S_OK;
    if (FAILED(IMAPIProp_QueryInterface(dest, &IID_IAttachment, (void **)&dest_attach))) return S_OK;
    hr = message_open_embedded(obj->store, (IUnknown *)&attach->IAttach_iface, &attach->data->embedded, FALSE,
                               FALSE, &src);
    if (SUCCEEDED(hr))
        hr = IAttach_OpenProperty(dest_attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY,
                                  (IUnknown **)&copy);
    if (SUCCEEDED(hr)) hr = IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, copy, 0, NULL);
    if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(copy, 0);
    if (copy) IMessage_Release(copy);
    if (src) IMessage_Release(src);
    IAttach_Release(dest_attach);
    return hr;
}

static const struct prop_object_ops attach_prop_ops =
{
    attach_check,
    attach_is_computed,
    attach_refresh,
    NULL,
    attach_open_property,
    attach_copy_subobjects,
    &IID_IAttachment,
};

/* An embedded message of this attachment was saved into it. */
void attach_embedded_saved(IUnknown *unk)
{
    struct attach *attach = impl_from_IAttach((IAttach *)unk);
    attach->prop.dirty = TRUE;
}

struct sqlms_object *attach_object(IUnknown *unk)
{
    return &impl_from_IAttach((IAttach *)unk)->object;
}

static void attach_abandon(struct sqlms_object *obj)
{
    struct attach *attach = CONTAINING_RECORD(obj, struct attach, object);

    propobj_cleanup(&attach->prop);
    attachdata_free(attach->data);
}

/* Makes an IAttach that owns data. */
HRESULT attach_open(struct message *msg, ULONG num, struct attach_data *data, BOOL writable, IAttach **out)
{
    struct attach *attach;
    HRESULT hr;

    if (!(attach = object_alloc(sizeof(*attach)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    attach->IAttach_iface.lpVtbl = &attach_vtbl;
    attach->ref = 1;
    if (FAILED(hr = propobj_init(&attach->prop, (IMAPIProp *)&attach->IAttach_iface, message_store(msg),
                                 &attach_prop_ops, writable)))
    {
        object_free(attach);
        return hr;
    }
    IPropData_Release(attach->prop.bag);
    attach->prop.bag = data->props;
    IPropData_AddRef(attach->prop.bag);
    attach->msg = msg;
    object_addref_internal(message_object(msg));
    object_register(message_store(msg), &attach->object, &attach->IAttach_iface, &attach->ref,
                    VTBL_METHODS(IAttachVtbl), attach_abandon);
    attach->prop.object = &attach->object;
    attach->num = num;
    attach->data = data;
    attach_refresh(&attach->prop);
    *out = &attach->IAttach_iface;
    return S_OK;
}

static HRESULT WINAPI attach_QueryInterface(IAttach *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IAttachment))
    {
        *obj = iface;
        IAttach_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI attach_AddRef(IAttach *iface)
{
    struct attach *attach = impl_from_IAttach(iface);
    ULONG ref = InterlockedIncrement(&attach->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI attach_Release(IAttach *iface)
{
    struct attach *attach = impl_from_IAttach(iface);
    ULONG ref = InterlockedDecrement(&attach->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        struct sqlms_object *msg = message_object(attach->msg);

        object_unregister(&attach->object);
        propobj_cleanup(&attach->prop);
        attachdata_free(attach->data);
        object_free(attach);
        object_release_internal(msg);
    }
    return ref;
}

static HRESULT WINAPI attach_GetLastError(IAttach *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);
    return sqlms_get_last_error(result, flags, error);
}

static HRESULT WINAPI attach_SaveChanges(IAttach *iface, ULONG flags)
{
    struct attach *attach = impl_from_IAttach(iface);
    struct sqlms_store *store = attach->prop.store;
    HRESULT hr;

    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~SAVE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & KEEP_OPEN_READONLY) && (flags & KEEP_OPEN_READWRITE)) return MAPI_E_INVALID_PARAMETER;
    store_lock(store);
    if (SUCCEEDED(hr = message_check(attach->msg)))
    {
        if (!attach->prop.writable) hr = MAPI_E_NO_ACCESS;
        else if (SUCCEEDED(hr = message_attach_saved(attach->msg, attach->num, attach->data)))
        {
            attach->prop.dirty = FALSE;
            if (!(flags & KEEP_OPEN_READWRITE)) attach->prop.writable = FALSE;
        }
    }
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI attach_GetProps(IAttach *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                      SPropValue **values)
{
    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);
    return propobj_GetProps(&impl_from_IAttach(iface)->prop, tags, flags, count, values);
}

static HRESULT WINAPI attach_GetPropList(IAttach *iface, ULONG flags, SPropTagArray **tags)
{
    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);
    return propobj_GetPropList(&impl_from_IAttach(iface)->prop, flags, tags);
}

static HRESULT WINAPI attach_OpenProperty(IAttach *iface, ULONG tag, const IID *iid, ULONG options,
                                          ULONG flags, IUnknown **out)
{
    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);
    return propobj_OpenProperty(&impl_from_IAttach(iface)->prop, tag, iid, options, flags, out);
}

static HRESULT WINAPI attach_SetProps(IAttach *iface, ULONG count, SPropValue *values,
                                      SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);
    return propobj_SetProps(&impl_from_IAttach(iface)->prop, count, values, problems);
}

static HRESULT WINAPI attach_DeleteProps(IAttach *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    return propobj_DeleteProps(&impl_from_IAttach(iface)->prop, tags, problems);
}

static HRESULT WINAPI attach_CopyTo(IAttach *iface, ULONG excluded_iid_count, const IID *excluded_iids,
                                    SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress,
                                    const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, excluded_iid_count, excluded_iids, excluded,
          ui_param, progress, debugstr_guid(iid), dest, flags, problems);
    return propobj_CopyTo(&impl_from_IAttach(iface)->prop, excluded_iid_count, excluded_iids, excluded,
                          ui_param, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI attach_CopyProps(IAttach *iface, SPropTagArray *included, ULONG ui_param,
                                       IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                                       SPropProblemArray **problems)
{
    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, included, ui_param, progress, debugstr_guid(iid), dest,
          flags, problems);
    return propobj_CopyProps(&impl_from_IAttach(iface)->prop, included, ui_param, progress, iid, dest, flags,
                             problems);
}

static HRESULT WINAPI attach_GetNamesFromIDs(IAttach *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                             ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return propobj_GetNamesFromIDs(&impl_from_IAttach(iface)->prop, tags, guid, flags, count, names);
}

static HRESULT WINAPI attach_GetIDsFromNames(IAttach *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                             SPropTagArray **tags)
{
    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    return propobj_GetIDsFromNames(&impl_from_IAttach(iface)->prop, count, names, flags, tags);
}

static const IAttachVtbl attach_vtbl =
{
    attach_QueryInterface,
    attach_AddRef,
    attach_Release,
    attach_GetLastError,
    attach_SaveChanges,
    attach_GetProps,
    attach_GetPropList,
    attach_OpenProperty,
    attach_SetProps,
    attach_DeleteProps,
    attach_CopyTo,
    attach_CopyProps,
    attach_GetNamesFromIDs,
    attach_GetIDsFromNames,
};
