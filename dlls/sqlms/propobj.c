/*
 * IMAPIProp as every object of the store has it.
 *
 * The values live in an IPropData from mapi32's CreateIProp; this layer adds
 * what a store does on top: values the store computes (MAPI_E_COMPUTED to
 * writers), large values (MAPI_E_NOT_ENOUGH_MEMORY from GetProps, a stream
 * from OpenProperty), read-only opens (MAPI_E_NO_ACCESS), copies to other
 * objects and the store-wide map of named properties.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG)
#define OPEN_PROPERTY_FLAGS (MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | STREAM_APPEND)

HRESULT propobj_init(struct prop_object *obj, IMAPIProp *iface, struct sqlms_store *store,
                     const struct prop_object_ops *ops, BOOL writable)
{
    SCODE sc;

    obj->iface = iface;
    obj->store = store;
    obj->ops = ops;
    obj->writable = writable;
    obj->dirty = FALSE;
    sc = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &obj->bag);
    if (FAILED(sc)) obj->bag = NULL;
    return sc;
}

void propobj_cleanup(struct prop_object *obj)
{
    if (obj->bag) IPropData_Release(obj->bag);
    obj->bag = NULL;
}

/* Puts values the store computes into the bag, whatever the bag's access. */
HRESULT propobj_set_computed(struct prop_object *obj, ULONG count, SPropValue *values)
{
    SPropProblemArray *problems = NULL;
    HRESULT hr;

    if (!count) return S_OK;
    hr = IPropData_SetProps(obj->bag, count, values, &problems);
    if (problems)
    {
        WARN("%lu computed values refused, first %#lx\n", problems->cProblem, problems->aProblem[0].ulPropTag);
        MAPIFreeBuffer(problems);
    }
    return hr;
}

/* One value of the bag, whatever its size; MAPI_E_NOT_FOUND if absent. */
HRESULT propobj_get_one(struct prop_object *obj, ULONG tag, SPropValue **value)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    ULONG count;
    HRESULT hr;

    *value = NULL;
    hr = IPropData_GetProps(obj->bag, (SPropTagArray *)&tags, 0, &count, value);
    if (FAILED(hr)) return hr;
    if (PROP_TYPE((*value)->ulPropTag) == PT_ERROR)
    {
        hr = (*value)->Value.err;
        MAPIFreeBuffer(*value);
        *value = NULL;
        return hr;
    }
    return S_OK;
}

HRESULT propobj_get_all(struct prop_object *obj, ULONG *count, SPropValue **values)
{
    HRESULT hr = IPropData_GetProps(obj->bag, NULL, MAPI_UNICODE, count, values);
    return FAILED(hr) ? hr : S_OK;
}

/* The bag holds exactly these values afterwards. */
HRESULT propobj_replace_all(struct prop_object *obj, ULONG count, SPropValue *values)
{
    SPropTagArray *tags = NULL;
    HRESULT hr;

    if (SUCCEEDED(IPropData_GetPropList(obj->bag, 0, &tags)) && tags->cValues)
        IPropData_DeleteProps(obj->bag, tags, NULL);
    MAPIFreeBuffer(tags);
    hr = count ? IPropData_SetProps(obj->bag, count, values, NULL) : S_OK;
    return hr;
}

static HRESULT check_object(struct prop_object *obj)
{
    HRESULT hr;

    if (FAILED(hr = store_check(obj->store))) return hr;
    if (obj->ops->check && FAILED(hr = obj->ops->check(obj))) return hr;
    return S_OK;
}

static BOOL is_computed(struct prop_object *obj, ULONG tag)
{
    return obj->ops->is_computed && obj->ops->is_computed(obj, tag);
}

static BOOL is_large(const SPropValue *value)
{
    ULONG type = PROP_TYPE(value->ulPropTag) & ~MV_FLAG;

    if (type != PT_STRING8 && type != PT_UNICODE && type != PT_BINARY) return FALSE;
    return prop_value_size(value) > SQLMS_LARGE_VALUE;
}

HRESULT propobj_GetLastError(struct prop_object *obj, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    return sqlms_get_last_error(hr, flags, error);
}

/**************************************************************************
 *  propobj_GetProps
 *
 * NOTES
 *  Large values come back as PT_ERROR/MAPI_E_NOT_ENOUGH_MEMORY (with
 *  MAPI_W_ERRORS_RETURNED), as Windows stores answer: read them with OpenProperty.
 */
HRESULT propobj_GetProps(struct prop_object *obj, SPropTagArray *tags, ULONG flags, ULONG *count,
                         SPropValue **values)
{
    HRESULT hr;
    ULONG i;

    if (!count || !values) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *values = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (tags && (IsBadReadPtr(tags, sizeof(ULONG)) || !tags->cValues)) return MAPI_E_INVALID_PARAMETER;

    store_lock(obj->store);
    if (FAILED(hr = check_object(obj))) goto done;
    if (obj->ops->refresh && FAILED(hr = obj->ops->refresh(obj))) goto done;
    if (FAILED(hr = IPropData_GetProps(obj->bag, tags, flags, count, values))) goto done;
    for (i = 0; i < *count; i++)
    {
        SPropValue *value = &(*values)[i];

        if (PROP_TYPE(value->ulPropTag) == PT_ERROR || !is_large(value)) continue;
        value->ulPropTag = CHANGE_PROP_TYPE(value->ulPropTag, PT_ERROR);
        value->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
        hr = MAPI_W_ERRORS_RETURNED;
    }
done:
    store_unlock(obj->store);
    return hr;
}

HRESULT propobj_GetPropList(struct prop_object *obj, ULONG flags, SPropTagArray **tags)
{
    HRESULT hr;

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    store_lock(obj->store);
    if (SUCCEEDED(hr = check_object(obj)) && (!obj->ops->refresh || SUCCEEDED(hr = obj->ops->refresh(obj))))
        hr = IPropData_GetPropList(obj->bag, flags, tags);
    store_unlock(obj->store);
    return hr;
}

static BOOL is_stream_type(ULONG tag)
{
    ULONG type = PROP_TYPE(tag);
    return type == PT_BINARY || type == PT_STRING8 || type == PT_UNICODE;
}

/**************************************************************************
 *  propobj_OpenProperty
 *
 * NOTES
 *  Binary and string properties open as an IStream; the object's own
 *  sub-objects (tables, embedded messages) are its ops' business. Changes
 *  written to the stream reach the object at IStream::Commit (or Release).
 */
HRESULT propobj_OpenProperty(struct prop_object *obj, ULONG tag, const IID *iid, ULONG options, ULONG flags,
                             IUnknown **out)
{
    SPropValue *value = NULL;
    const BYTE *data = NULL;
    ULONG size = 0;
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!iid || IsBadReadPtr(iid, sizeof(*iid))) return MAPI_E_INVALID_PARAMETER;
    if (PROP_TYPE(tag) == PT_UNSPECIFIED || PROP_TYPE(tag) == PT_ERROR || PROP_TYPE(tag) == PT_NULL)
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~OPEN_PROPERTY_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    store_lock(obj->store);
    if (FAILED(hr = check_object(obj))) goto done;
    if ((flags & (MAPI_CREATE | MAPI_MODIFY)) && !obj->writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (obj->ops->open_property)
    {
        hr = obj->ops->open_property(obj, tag, iid, options, flags, out);
        if (hr != MAPI_E_NO_SUPPORT) goto done;
    }
    if (!is_stream_type(tag))
    {
        hr = MAPI_E_NO_SUPPORT;
        goto done;
    }
    if (!IsEqualIID(iid, &IID_IStream))
    {
        hr = MAPI_E_INTERFACE_NOT_SUPPORTED;
        goto done;
    }
    if (is_computed(obj, tag) && (flags & (MAPI_CREATE | MAPI_MODIFY)))
    {
        hr = MAPI_E_COMPUTED;
        goto done;
    }
    if (!(flags & MAPI_CREATE) || (flags & STREAM_APPEND))
    {
        hr = propobj_get_one(obj, tag, &value);
        if (hr == MAPI_E_NOT_FOUND && (flags & MAPI_CREATE)) hr = S_OK;
        if (FAILED(hr)) goto done;
        if (value)
        {
            switch (PROP_TYPE(tag))
            {
            case PT_BINARY: data = value->Value.bin.lpb; size = value->Value.bin.cb; break;
            case PT_STRING8: data = (BYTE *)value->Value.lpszA; size = strlen(value->Value.lpszA); break;
            default: data = (BYTE *)value->Value.lpszW; size = lstrlenW(value->Value.lpszW) * sizeof(WCHAR); break;
            }
        }
    }
    hr = propstream_create(obj, tag, data, size, (flags & (MAPI_MODIFY | MAPI_CREATE)) != 0, (IStream **)out);
    if (SUCCEEDED(hr) && (flags & MAPI_CREATE) && !(flags & STREAM_APPEND))
        hr = propobj_set_stream_value(obj, tag, NULL, 0);
done:
    MAPIFreeBuffer(value);
    store_unlock(obj->store);
    if (FAILED(hr) && *out)
    {
        IUnknown_Release(*out);
        *out = NULL;
    }
    return hr;
}

/* A stream wrote a property back. */
HRESULT propobj_set_stream_value(struct prop_object *obj, ULONG tag, const BYTE *data, ULONG size)
{
    SPropValue value;
    HRESULT hr;
    void *copy = NULL;

    value.ulPropTag = tag;
    value.dwAlignPad = 0;
    switch (PROP_TYPE(tag))
    {
    case PT_BINARY:
        value.Value.bin.cb = size;
        value.Value.bin.lpb = data ? (BYTE *)data : (BYTE *)"";
        break;
    case PT_STRING8:
        if (!(copy = heap_alloc(size + 1))) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(copy, data, size);
        ((char *)copy)[size] = 0;
        value.Value.lpszA = copy;
        break;
    case PT_UNICODE:
        size &= ~1;
        if (!(copy = heap_alloc(size + sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        memcpy(copy, data, size);
        ((WCHAR *)copy)[size / sizeof(WCHAR)] = 0;
        value.Value.lpszW = copy;
        break;
    default:
        return MAPI_E_INVALID_TYPE;
    }
    store_lock(obj->store);
    if (SUCCEEDED(hr = check_object(obj)))
    {
        hr = IPropData_SetProps(obj->bag, 1, &value, NULL);
        if (SUCCEEDED(hr))
        {
            obj->dirty = TRUE;
            if (obj->ops->changed) hr = obj->ops->changed(obj);
        }
    }
    store_unlock(obj->store);
    heap_free(copy);
    return hr;
}

static HRESULT add_problem(SPropProblemArray **problems, ULONG capacity, ULONG index, ULONG tag, SCODE sc)
{
    SPropProblem *problem;

    if (!*problems)
    {
        SCODE alloc = MAPIAllocateBuffer(CbNewSPropProblemArray(capacity), (void **)problems);
        if (FAILED(alloc)) return alloc;
        (*problems)->cProblem = 0;
    }
    problem = &(*problems)->aProblem[(*problems)->cProblem++];
    problem->ulIndex = index;
    problem->ulPropTag = tag;
    problem->scode = sc;
    return S_OK;
}

/**************************************************************************
 *  propobj_SetProps
 *
 * NOTES
 *  Values the store computes are refused with MAPI_E_COMPUTED, values of
 *  types a store cannot keep with MAPI_E_INVALID_TYPE, both in the problem
 *  array; the others are set.
 */
HRESULT propobj_SetProps(struct prop_object *obj, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    SPropProblemArray *ours = NULL, *bag_problems = NULL;
    SPropValue *accepted = NULL;
    ULONG *index_of = NULL, n = 0, i;
    HRESULT hr;

    if (problems) *problems = NULL;
    if (!values || !count || IsBadReadPtr(values, count * sizeof(*values))) return MAPI_E_INVALID_PARAMETER;

    store_lock(obj->store);
    if (FAILED(hr = check_object(obj))) goto done;
    if (!obj->writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (!(accepted = heap_alloc(count * sizeof(*accepted))) || !(index_of = heap_alloc(count * sizeof(ULONG))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag, type = PROP_TYPE(tag);

        if (type == PT_ERROR || tag == PR_NULL) continue;
        if (is_computed(obj, tag))
            hr = add_problem(&ours, count, i, tag, MAPI_E_COMPUTED);
        else if (!prop_is_storable(tag))
            hr = add_problem(&ours, count, i, tag, MAPI_E_INVALID_TYPE);
        else
        {
            accepted[n] = values[i];
            index_of[n++] = i;
            continue;
        }
        if (FAILED(hr)) goto done;
    }
    hr = S_OK;
    if (n)
    {
        if (FAILED(hr = IPropData_SetProps(obj->bag, n, accepted, &bag_problems))) goto done;
        if (bag_problems)
        {
            for (i = 0; i < bag_problems->cProblem; i++)
            {
                ULONG index = index_of[bag_problems->aProblem[i].ulIndex];
                if (FAILED(hr = add_problem(&ours, count, index, bag_problems->aProblem[i].ulPropTag,
                                            bag_problems->aProblem[i].scode)))
                    goto done;
            }
        }
        obj->dirty = TRUE;
        if (obj->ops->changed && FAILED(hr = obj->ops->changed(obj))) goto done;
    }
    if (problems)
    {
        *problems = ours;
        ours = NULL;
    }
done:
    store_unlock(obj->store);
    MAPIFreeBuffer(ours);
    MAPIFreeBuffer(bag_problems);
    heap_free(accepted);
    heap_free(index_of);
    return hr;
}

HRESULT propobj_DeleteProps(struct prop_object *obj, SPropTagArray *tags, SPropProblemArray **problems)
{
    SPropProblemArray *ours = NULL;
    SPropTagArray *accepted = NULL;
    ULONG i;
    HRESULT hr;

    if (problems) *problems = NULL;
    if (!tags || IsBadReadPtr(tags, sizeof(ULONG)) || !tags->cValues) return MAPI_E_INVALID_PARAMETER;

    store_lock(obj->store);
    if (FAILED(hr = check_object(obj))) goto done;
    if (!obj->writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (!(accepted = heap_alloc(CbSPropTagArray(tags))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    accepted->cValues = 0;
    for (i = 0; i < tags->cValues; i++)
    {
        if (is_computed(obj, tags->aulPropTag[i]))
        {
            if (FAILED(hr = add_problem(&ours, tags->cValues, i, tags->aulPropTag[i], MAPI_E_COMPUTED))) goto done;
        }
        else
            accepted->aulPropTag[accepted->cValues++] = tags->aulPropTag[i];
    }
    if (accepted->cValues)
    {
        if (FAILED(hr = IPropData_DeleteProps(obj->bag, accepted, NULL))) goto done;
        obj->dirty = TRUE;
        if (obj->ops->changed && FAILED(hr = obj->ops->changed(obj))) goto done;
    }
    if (problems)
    {
        *problems = ours;
        ours = NULL;
    }
done:
    store_unlock(obj->store);
    MAPIFreeBuffer(ours);
    heap_free(accepted);
    return hr;
}

static BOOL tag_in(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* Copies the object's values (those of include, or all but exclude) to dest. */
static HRESULT copy_values(struct prop_object *obj, const SPropTagArray *include, const SPropTagArray *exclude,
                           IMAPIProp *dest, ULONG flags, SPropProblemArray **problems, SPropTagArray **copied)
{
    SPropValue *values = NULL;
    SPropTagArray *existing = NULL;
    ULONG count = 0, i, n = 0;
    HRESULT hr;

    *copied = NULL;
    if (include)
    {
        /* Sub-object tags in include are the caller's business, not values. */
        SPropTagArray *tags;

        if (!(tags = heap_alloc(CbSPropTagArray(include)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        tags->cValues = 0;
        for (i = 0; i < include->cValues; i++)
            if (PROP_TYPE(include->aulPropTag[i]) != PT_OBJECT)
                tags->aulPropTag[tags->cValues++] = include->aulPropTag[i];
        hr = tags->cValues ? IPropData_GetProps(obj->bag, tags, MAPI_UNICODE, &count, &values) : S_OK;
        heap_free(tags);
    }
    else
        hr = IPropData_GetProps(obj->bag, NULL, MAPI_UNICODE, &count, &values);
    if (FAILED(hr)) return hr;

    if (flags & MAPI_NOREPLACE) IMAPIProp_GetPropList(dest, 0, &existing);
    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_ERROR || tag_in(exclude, tag) || is_computed(obj, tag)) continue;
        if (tag_in(existing, tag)) continue;
        values[n++] = values[i];
    }
    MAPIFreeBuffer(existing);
    hr = S_OK;
    if (n)
    {
        SPropProblemArray *dest_problems = NULL;

        hr = IMAPIProp_SetProps(dest, n, values, problems ? &dest_problems : NULL);
        if (SUCCEEDED(hr)) hr_copy_problems(dest_problems, problems);
        if (SUCCEEDED(hr) && (flags & MAPI_MOVE) &&
            SUCCEEDED(MAPIAllocateBuffer(CbNewSPropTagArray(n), (void **)copied)))
        {
            (*copied)->cValues = n;
            for (i = 0; i < n; i++) (*copied)->aulPropTag[i] = values[i].ulPropTag;
        }
    }
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT check_copy_args(struct prop_object *obj, const IID *iid, void *dest, ULONG flags)
{
    if (!dest || !iid || IsBadReadPtr(iid, sizeof(*iid))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if ((flags & MAPI_MOVE) && !obj->writable) return MAPI_E_NO_ACCESS;
    if (!IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, obj->ops->iid) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (dest == obj->iface) return MAPI_E_NO_ACCESS;
    return S_OK;
}

/* Whether a copy takes a sub-object: named in include, or not excluded. */
BOOL propobj_copy_wants(const SPropTagArray *include, const SPropTagArray *exclude, ULONG tag)
{
    return include ? tag_in(include, tag) : !tag_in(exclude, tag);
}

static HRESULT do_copy(struct prop_object *obj, const SPropTagArray *include, const SPropTagArray *exclude,
                       const IID *iid, void *dest_obj, ULONG flags, SPropProblemArray **problems)
{
    IMAPIProp *dest = dest_obj;
    SPropTagArray *copied = NULL;
    HRESULT hr;

    if (FAILED(hr = copy_values(obj, include, exclude, dest, flags, problems, &copied))) return hr;
    if (obj->ops->copy_subobjects && FAILED(hr = obj->ops->copy_subobjects(obj, include, exclude, dest, flags)))
    {
        MAPIFreeBuffer(copied);
        return hr;
    }
    if (copied)
    {
        if (copied->cValues && SUCCEEDED(IPropData_DeleteProps(obj->bag, copied, NULL)))
        {
            obj->dirty = TRUE;
            if (obj->ops->changed) obj->ops->changed(obj);
        }
        MAPIFreeBuffer(copied);
    }
    return S_OK;
}

/**************************************************************************
 *  propobj_CopyTo
 *
 * NOTES
 *  The destination may be any object with the interface named; a message
 *  also copies its recipients and attachments unless PR_MESSAGE_RECIPIENTS
 *  or PR_MESSAGE_ATTACHMENTS are excluded. MAPI_DIALOG shows nothing.
 */
HRESULT propobj_CopyTo(struct prop_object *obj, ULONG excluded_iid_count, const IID *excluded_iids,
                       SPropTagArray *excluded, ULONG_PTR ui_param, IMAPIProgress *progress,
                       const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    HRESULT hr;
    ULONG i;

    if (problems) *problems = NULL;
    if (excluded_iid_count && (!excluded_iids || IsBadReadPtr(excluded_iids, excluded_iid_count * sizeof(IID))))
        return MAPI_E_INVALID_PARAMETER;
    if (excluded && IsBadReadPtr(excluded, sizeof(ULONG))) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = check_copy_args(obj, iid, dest, flags))) return hr;
    for (i = 0; i < excluded_iid_count; i++)
        if (IsEqualIID(&excluded_iids[i], iid)) return S_OK; /* the caller excluded everything */

    store_lock(obj->store);
    if (SUCCEEDED(hr = check_object(obj)) && (!obj->ops->refresh || SUCCEEDED(hr = obj->ops->refresh(obj))))
        hr = do_copy(obj, NULL, excluded, iid, dest, flags, problems);
    store_unlock(obj->store);
    return hr;
}

HRESULT propobj_CopyProps(struct prop_object *obj, SPropTagArray *included, ULONG_PTR ui_param,
                          IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                          SPropProblemArray **problems)
{
    HRESULT hr;

    if (problems) *problems = NULL;
    if (!included || IsBadReadPtr(included, sizeof(ULONG)) || !included->cValues) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = check_copy_args(obj, iid, dest, flags))) return hr;

    store_lock(obj->store);
    if (SUCCEEDED(hr = check_object(obj)) && (!obj->ops->refresh || SUCCEEDED(hr = obj->ops->refresh(obj))))
        hr = do_copy(obj, included, NULL, iid, dest, flags, problems);
    store_unlock(obj->store);
    return hr;
}

HRESULT propobj_GetNamesFromIDs(struct prop_object *obj, SPropTagArray **tags, GUID *guid, ULONG flags,
                                ULONG *count, MAPINAMEID ***names)
{
    HRESULT hr;

    store_lock(obj->store);
    if (SUCCEEDED(hr = check_object(obj)))
        hr = named_get_names(obj->store, tags, guid, flags, count, names);
    store_unlock(obj->store);
    return hr;
}

HRESULT propobj_GetIDsFromNames(struct prop_object *obj, ULONG count, MAPINAMEID **names, ULONG flags,
                                SPropTagArray **tags)
{
    HRESULT hr;

    store_lock(obj->store);
    if (SUCCEEDED(hr = check_object(obj)))
    {
        if ((flags & MAPI_CREATE) && !obj->store->writable) hr = MAPI_E_NO_ACCESS;
        else hr = named_get_ids(obj->store, count, names, flags, tags);
    }
    store_unlock(obj->store);
    return hr;
}
