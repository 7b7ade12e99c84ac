/*
 * IProfSect: a section of a profile, an IMAPIProp over one registry key.
 *
 * Profile sections are not transacted: every SetProps, DeleteProps and move
 * is written to the registry (one journalled change of the store) before the
 * call returns, and SaveChanges has nothing left to do. Every read comes
 * from the registry too, so that a change made by another object or another
 * process is seen at once. The registry's values go through a property data
 * object (CreateIProp) for the IMAPIProp semantics.
 *
 * Computed, read-only: PR_OBJECT_TYPE (MAPI_PROFSECT) and PR_PROFILE_NAME.
 * Secure properties (identifiers 0x67F0 to 0x67FF) are kept encrypted and
 * only given when asked for by tag. Named properties are not supported.
 */

#include "profile_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define SECTION_OPEN_FLAGS (MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS | MAPI_FORCE_ACCESS)
#define SAVE_FLAGS (KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS)

struct profsect
{
    IProfSect IProfSect_iface;
    LONG ref;
    struct profile *profile;
    MAPIUID uid;
    BOOL writable;
    struct mapi_error_info error;
};

static inline struct profsect *impl_from_IProfSect(IProfSect *iface)
{
    return CONTAINING_RECORD(iface, struct profsect, IProfSect_iface);
}

static BOOL is_computed(ULONG tag)
{
    return PROP_ID(tag) == PROP_ID(PR_OBJECT_TYPE) || PROP_ID(tag) == PROP_ID(PR_PROFILE_NAME_W);
}

static BOOL tags_have_secure(const SPropTagArray *tags)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (is_secure_prop_id(tags->aulPropTag[i])) return TRUE;
    return FALSE;
}

/* The section as it is in the registry now, in a property data object */
static HRESULT load_section(struct profsect *This, BOOL secure, IPropData **out)
{
    SizedSPropTagArray(2, computed) = { 2, { PR_OBJECT_TYPE, PR_PROFILE_NAME_W } };
    ULONG access[2] = { IPROP_READONLY | IPROP_CLEAN, IPROP_READONLY | IPROP_CLEAN };
    SPropValue fixed[2], *props = NULL;
    ULONG count = 0;
    IPropData *bag;
    HRESULT hr;
    HKEY key;

    *out = NULL;
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                &bag)))
        return hr;

    profile_store_lock();
    if (SUCCEEDED(profile_open_key(This->profile, &key)))
    {
        if (FAILED(section_read(key, &This->uid, secure, &count, &props))) count = 0;
        RegCloseKey(key);
    }
    profile_store_unlock();

    if (count && FAILED(hr = bag->lpVtbl->SetProps(bag, count, props, NULL)))
        WARN("the section holds values a property object refuses: %#lx\n", hr);
    MAPIFreeBuffer(props);

    fixed[0].ulPropTag = PR_OBJECT_TYPE;
    fixed[0].dwAlignPad = 0;
    fixed[0].Value.l = MAPI_PROFSECT;
    fixed[1].ulPropTag = PR_PROFILE_NAME_W;
    fixed[1].dwAlignPad = 0;
    fixed[1].Value.lpszW = (WCHAR *)profile_name(This->profile);
    if (FAILED(hr = bag->lpVtbl->SetProps(bag, 2, fixed, NULL)) ||
        FAILED(hr = bag->lpVtbl->HrSetPropAccess(bag, (SPropTagArray *)&computed, access)))
    {
        bag->lpVtbl->Release(bag);
        return hr;
    }
    *out = bag;
    return S_OK;
}

static HRESULT begin_write(struct profsect *This, struct profile_txn *txn, HKEY *key)
{
    HRESULT hr;

    if (FAILED(hr = profile_txn_begin(txn, profile_name(This->profile), NULL))) return hr;
    if (FAILED(hr = profile_txn_open(txn, profile_name(This->profile), key)))
    {
        profile_txn_end(txn, hr);
        return mapi_error_set(&This->error, hr, L"The profile %s no longer exists", profile_name(This->profile));
    }
    return S_OK;
}

static HRESULT add_problem(SPropProblemArray **problems, ULONG max_count, ULONG index, ULONG tag, SCODE scode)
{
    HRESULT hr;

    if (!*problems)
    {
        if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropProblemArray(max_count), (void **)problems))) return hr;
        (*problems)->cProblem = 0;
    }
    (*problems)->aProblem[(*problems)->cProblem].ulIndex = index;
    (*problems)->aProblem[(*problems)->cProblem].ulPropTag = tag;
    (*problems)->aProblem[(*problems)->cProblem].scode = scode;
    (*problems)->cProblem++;
    return S_OK;
}

static HRESULT WINAPI profsect_QueryInterface(IProfSect *iface, REFIID riid, void **out)
{
    struct profsect *This = impl_from_IProfSect(iface);

    TRACE("(%p,%s,%p)\n", This, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IProfSect))
    {
        *out = &This->IProfSect_iface;
        IProfSect_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI profsect_AddRef(IProfSect *iface)
{
    struct profsect *This = impl_from_IProfSect(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    return ref;
}

static ULONG WINAPI profsect_Release(IProfSect *iface)
{
    struct profsect *This = impl_from_IProfSect(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", This, ref);
    if (!ref)
    {
        profile_release(This->profile);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static HRESULT WINAPI profsect_GetLastError(IProfSect *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    struct profsect *This = impl_from_IProfSect(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", This, hr, flags, error);
    return mapi_error_get(&This->error, L"Profile section", hr, flags, error);
}

/**************************************************************************
 *  IProfSect_SaveChanges
 *
 * NOTES
 *  Profile sections are not transacted: every change is already saved.
 */
static HRESULT WINAPI profsect_SaveChanges(IProfSect *iface, ULONG flags)
{
    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~SAVE_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return S_OK;
}

static HRESULT WINAPI profsect_GetProps(IProfSect *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                        SPropValue **values)
{
    struct profsect *This = impl_from_IProfSect(iface);
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%p)\n", This, tags, flags, count, values);

    if (!count || !values) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *values = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (FAILED(hr = load_section(This, tags_have_secure(tags), &bag))) return hr;
    hr = bag->lpVtbl->GetProps(bag, tags, flags, count, values);
    bag->lpVtbl->Release(bag);
    return hr;
}

static HRESULT WINAPI profsect_GetPropList(IProfSect *iface, ULONG flags, SPropTagArray **tags)
{
    struct profsect *This = impl_from_IProfSect(iface);
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", This, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (FAILED(hr = load_section(This, FALSE, &bag))) return hr;
    hr = bag->lpVtbl->GetPropList(bag, flags, tags);
    bag->lpVtbl->Release(bag);
    return hr;
}

static HRESULT WINAPI profsect_OpenProperty(IProfSect *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                            IUnknown **out)
{
    struct profsect *This = impl_from_IProfSect(iface);
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", This, tag, debugstr_guid(iid), options, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if ((flags & (MAPI_CREATE | MAPI_MODIFY)) && !This->writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = load_section(This, is_secure_prop_id(tag), &bag))) return hr;
    hr = bag->lpVtbl->OpenProperty(bag, tag, iid, options, flags & ~(MAPI_CREATE | MAPI_MODIFY), out);
    bag->lpVtbl->Release(bag);
    return hr;
}

static HRESULT WINAPI profsect_SetProps(IProfSect *iface, ULONG count, SPropValue *values,
                                        SPropProblemArray **problems)
{
    struct profsect *This = impl_from_IProfSect(iface);
    SPropProblemArray *list = NULL;
    struct profile_txn txn;
    SPropValue *kept = NULL;
    ULONG i, n = 0;
    IPropData *check;
    HRESULT hr;
    HKEY key;

    TRACE("(%p,%lu,%p,%p)\n", This, count, values, problems);

    if (problems) *problems = NULL;
    if (!values || !count) return MAPI_E_INVALID_PARAMETER;
    if (!This->writable)
    {
        WARN("the section is read-only\n");
        return MAPI_E_NO_ACCESS;
    }

    /* What a property object refuses, a section refuses: the values are checked by one. */
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                &check)))
        return hr;
    hr = check->lpVtbl->SetProps(check, count, values, NULL);
    check->lpVtbl->Release(check);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = MAPIAllocateBuffer(count * sizeof(SPropValue), (void **)&kept))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        ULONG tag = values[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_ERROR || tag == PR_NULL) continue;
        if (is_computed(tag)) hr = add_problem(&list, count, i, tag, MAPI_E_COMPUTED);
        else if (PROP_ID(tag) >= 0x8000) hr = add_problem(&list, count, i, tag, MAPI_E_UNEXPECTED_ID);
        else kept[n++] = values[i];
    }
    if (SUCCEEDED(hr) && n && SUCCEEDED(hr = begin_write(This, &txn, &key)))
    {
        hr = section_write(key, &This->uid, n, kept);
        RegCloseKey(key);
        hr = profile_txn_end(&txn, hr);
    }
    MAPIFreeBuffer(kept);
    if (SUCCEEDED(hr) && problems) *problems = list;
    else MAPIFreeBuffer(list);
    return hr;
}

static HRESULT WINAPI profsect_DeleteProps(IProfSect *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct profsect *This = impl_from_IProfSect(iface);
    SPropProblemArray *list = NULL;
    SPropTagArray *kept = NULL;
    struct profile_txn txn;
    HRESULT hr = S_OK;
    ULONG i;
    HKEY key;

    TRACE("(%p,%p,%p)\n", This, tags, problems);

    if (problems) *problems = NULL;
    if (!tags || !tags->cValues) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_TYPE(tags->aulPropTag[i]) == PT_ERROR || FBadPropTag(tags->aulPropTag[i]))
            return MAPI_E_INVALID_PARAMETER;
    if (!This->writable)
    {
        WARN("the section is read-only\n");
        return MAPI_E_NO_ACCESS;
    }

    if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(tags->cValues), (void **)&kept))) return hr;
    kept->cValues = 0;
    for (i = 0; i < tags->cValues && SUCCEEDED(hr); i++)
    {
        if (is_computed(tags->aulPropTag[i])) hr = add_problem(&list, tags->cValues, i, tags->aulPropTag[i],
                                                               MAPI_E_COMPUTED);
        else kept->aulPropTag[kept->cValues++] = tags->aulPropTag[i];
    }
    if (SUCCEEDED(hr) && kept->cValues && SUCCEEDED(hr = begin_write(This, &txn, &key)))
    {
        hr = section_delete_props(key, &This->uid, kept);
        RegCloseKey(key);
        hr = profile_txn_end(&txn, hr);
    }
    MAPIFreeBuffer(kept);
    if (SUCCEEDED(hr) && problems) *problems = list;
    else MAPIFreeBuffer(list);
    return hr;
}

/* After a move, what left the property object leaves the registry. */
static HRESULT delete_moved(struct profsect *This, IPropData *bag, SPropTagArray *before)
{
    SPropTagArray *after = NULL, *gone = NULL;
    struct profile_txn txn;
    HRESULT hr;
    ULONG i, j;
    HKEY key;

    if (FAILED(hr = bag->lpVtbl->GetPropList(bag, MAPI_UNICODE, &after))) return hr;
    if (SUCCEEDED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(before->cValues), (void **)&gone)))
    {
        gone->cValues = 0;
        for (i = 0; i < before->cValues; i++)
        {
            for (j = 0; j < after->cValues; j++)
                if (PROP_ID(after->aulPropTag[j]) == PROP_ID(before->aulPropTag[i])) break;
            if (j == after->cValues && !is_computed(before->aulPropTag[i]))
                gone->aulPropTag[gone->cValues++] = before->aulPropTag[i];
        }
        if (gone->cValues && SUCCEEDED(hr = begin_write(This, &txn, &key)))
        {
            hr = section_delete_props(key, &This->uid, gone);
            RegCloseKey(key);
            hr = profile_txn_end(&txn, hr);
        }
    }
    MAPIFreeBuffer(gone);
    MAPIFreeBuffer(after);
    return hr;
}

static HRESULT WINAPI profsect_CopyTo(IProfSect *iface, ULONG excluded_iid_count, LPCIID excluded_iids,
                                      SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress,
                                      LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct profsect *This = impl_from_IProfSect(iface);
    SPropTagArray *before = NULL;
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", This, excluded_iid_count, excluded_iids, excluded, ui_param,
          progress, debugstr_guid(iid), dest, flags, problems);

    if ((flags & MAPI_MOVE) && !This->writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = load_section(This, FALSE, &bag))) return hr;
    if ((flags & MAPI_MOVE) && FAILED(hr = bag->lpVtbl->GetPropList(bag, MAPI_UNICODE, &before))) goto done;
    hr = bag->lpVtbl->CopyTo(bag, excluded_iid_count, excluded_iids, excluded, ui_param, progress, iid, dest,
                             flags, problems);
    if (SUCCEEDED(hr) && (flags & MAPI_MOVE)) hr = delete_moved(This, bag, before);
done:
    MAPIFreeBuffer(before);
    bag->lpVtbl->Release(bag);
    return hr;
}

static HRESULT WINAPI profsect_CopyProps(IProfSect *iface, SPropTagArray *included, ULONG ui_param,
                                         IMAPIProgress *progress, LPCIID iid, void *dest, ULONG flags,
                                         SPropProblemArray **problems)
{
    struct profsect *This = impl_from_IProfSect(iface);
    SPropTagArray *before = NULL;
    IPropData *bag;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", This, included, ui_param, progress, debugstr_guid(iid), dest, flags,
          problems);

    if ((flags & MAPI_MOVE) && !This->writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = load_section(This, tags_have_secure(included), &bag))) return hr;
    if ((flags & MAPI_MOVE) && FAILED(hr = bag->lpVtbl->GetPropList(bag, MAPI_UNICODE, &before))) goto done;
    hr = bag->lpVtbl->CopyProps(bag, included, ui_param, progress, iid, dest, flags, problems);
    if (SUCCEEDED(hr) && (flags & MAPI_MOVE)) hr = delete_moved(This, bag, before);
done:
    MAPIFreeBuffer(before);
    bag->lpVtbl->Release(bag);
    return hr;
}

/**************************************************************************
 *  IProfSect_GetNamesFromIDs, IProfSect_GetIDsFromNames
 *
 * NOTES
 *  Profile sections have no named properties.
 */
static HRESULT WINAPI profsect_GetNamesFromIDs(IProfSect *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                               ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI profsect_GetIDsFromNames(IProfSect *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                               SPropTagArray **tags)
{
    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

static const IProfSectVtbl profsect_vtbl =
{
    profsect_QueryInterface,
    profsect_AddRef,
    profsect_Release,
    profsect_GetLastError,
    profsect_SaveChanges,
    profsect_GetProps,
    profsect_GetPropList,
    profsect_OpenProperty,
    profsect_SetProps,
    profsect_DeleteProps,
    profsect_CopyTo,
    profsect_CopyProps,
    profsect_GetNamesFromIDs,
    profsect_GetIDsFromNames,
};

HRESULT profsect_create(struct profile *profile, const MAPIUID *uid, ULONG flags, IProfSect **out)
{
    struct profsect *This;
    struct profile_txn txn;
    BOOL exists = FALSE;
    HRESULT hr;
    HKEY key;

    *out = NULL;
    if (flags & ~SECTION_OPEN_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    profile_store_lock();
    if (SUCCEEDED(hr = profile_open_key(profile, &key)))
    {
        exists = section_exists(key, uid);
        RegCloseKey(key);
    }
    profile_store_unlock();
    if (FAILED(hr)) return hr;

    if (!exists)
    {
        if (!(flags & (MAPI_MODIFY | MAPI_BEST_ACCESS))) return MAPI_E_NOT_FOUND;
        if (FAILED(hr = profile_txn_begin(&txn, profile_name(profile), NULL))) return hr;
        if (SUCCEEDED(hr = profile_txn_open(&txn, profile_name(profile), &key)))
        {
            hr = section_create(key, uid);
            RegCloseKey(key);
        }
        if (FAILED(hr = profile_txn_end(&txn, hr))) return hr;
    }

    if (!(This = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*This)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    This->IProfSect_iface.lpVtbl = &profsect_vtbl;
    This->ref = 1;
    This->profile = profile_addref(profile);
    This->uid = *uid;
    This->writable = !!(flags & (MAPI_MODIFY | MAPI_BEST_ACCESS));
    mapi_error_clear(&This->error);
    TRACE("section %s of %s: %p\n", wine_dbgstr_an((const char *)uid->ab, 16), debugstr_w(profile_name(profile)),
          This);
    *out = &This->IProfSect_iface;
    return S_OK;
}
