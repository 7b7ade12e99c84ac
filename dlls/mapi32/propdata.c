/*
 * IPropData: the property object in memory that CreateIProp makes.
 *
 * Each property is kept in one heap block of its own (ScCopyProps packs the
 * value with its data), so replacing or deleting it is one free. What goes
 * back to the caller comes from the allocators given to CreateIProp.
 * A critical section guards each object: MAPI objects are shared by threads.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define IPROP_ACCESS_MASK (IPROP_READONLY | IPROP_READWRITE)
#define IPROP_STATUS_MASK (IPROP_CLEAN | IPROP_DIRTY)

#define SAVE_CHANGES_FLAGS (KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | \
                            MAPI_DEFERRED_ERRORS | SPAMFILTER_ONSAVE | NON_EMS_XP_SAVE)
#define COPY_FLAGS (MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG)

/* One property identifier of the object. A deleted property keeps its entry,
 * with no value and no access, so that HrGetPropAccess can report it. */
struct prop_entry
{
    ULONG tag;          /* as last stored: the identifier and the type */
    ULONG access;       /* IPROP_READONLY/READWRITE | IPROP_CLEAN/DIRTY, 0 once deleted */
    SPropValue *value;  /* heap block with the value and its data, NULL once deleted */
};

struct prop_data
{
    IPropData IPropData_iface;
    LONG ref;
    ALLOCATEBUFFER *allocate_buffer;
    ALLOCATEMORE *allocate_more;
    FREEBUFFER *free_buffer;
    CRITICAL_SECTION cs;
    ULONG object_access;        /* IPROP_READONLY or IPROP_READWRITE */
    struct prop_entry *entries; /* in the order the identifiers were first set */
    ULONG count;
    ULONG capacity;
};

/* Problems collected on the heap, handed out in the caller's memory at the end. */
struct problem_list
{
    SPropProblem *items;
    ULONG count;
    ULONG capacity;
};

static inline struct prop_data *impl_from_IPropData(IPropData *iface)
{
    return CONTAINING_RECORD(iface, struct prop_data, IPropData_iface);
}

static inline BOOL is_string_type(ULONG type)
{
    type &= ~MV_FLAG;
    return type == PT_STRING8 || type == PT_UNICODE;
}

/* The type a value goes back as when the caller did not name one:
 * strings in the width MAPI_UNICODE asks for, anything else as stored. */
static ULONG unspecified_type(ULONG stored_type, ULONG flags)
{
    if (!is_string_type(stored_type)) return stored_type;
    return (stored_type & MV_FLAG) | (flags & MAPI_UNICODE ? PT_UNICODE : PT_STRING8);
}

static struct prop_entry *find_entry(struct prop_data *This, ULONG tag)
{
    ULONG i;

    for (i = 0; i < This->count; i++)
        if (PROP_ID(This->entries[i].tag) == PROP_ID(tag)) return &This->entries[i];
    return NULL;
}

static inline struct prop_entry *find_live_entry(struct prop_data *This, ULONG tag)
{
    struct prop_entry *entry = find_entry(This, tag);
    return entry && entry->value ? entry : NULL;
}

static ULONG count_live_entries(struct prop_data *This)
{
    ULONG i, count = 0;

    for (i = 0; i < This->count; i++)
        if (This->entries[i].value) count++;
    return count;
}

/* Returns the entry for tag's identifier, adding a deleted-looking one if there is none. */
static struct prop_entry *get_entry(struct prop_data *This, ULONG tag)
{
    struct prop_entry *entry;

    if ((entry = find_entry(This, tag))) return entry;

    if (This->count == This->capacity)
    {
        ULONG capacity = max(16, This->capacity * 2);
        struct prop_entry *entries;

        if (capacity > ~(ULONG)0 / sizeof(*entries)) return NULL;
        if (This->entries)
            entries = HeapReAlloc(GetProcessHeap(), 0, This->entries, capacity * sizeof(*entries));
        else
            entries = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*entries));
        if (!entries) return NULL;
        This->entries = entries;
        This->capacity = capacity;
    }
    entry = &This->entries[This->count++];
    entry->tag = tag;
    entry->access = 0;
    entry->value = NULL;
    return entry;
}

/* A heap copy of one value, data included. */
static SCODE duplicate_value(SPropValue *value, SPropValue **copy)
{
    ULONG size = 0;
    SCODE sc;

    *copy = NULL;
    if (FAILED(sc = ScCountProps(1, value, &size))) return sc;
    if (!(*copy = HeapAlloc(GetProcessHeap(), 0, size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(sc = ScCopyProps(1, value, *copy, &size)))
    {
        HeapFree(GetProcessHeap(), 0, *copy);
        *copy = NULL;
    }
    return sc;
}

static char *ansi_from_unicode(const WCHAR *string, ALLOCATEMORE *more, void *parent, SCODE *sc)
{
    int size = WideCharToMultiByte(CP_ACP, 0, string, -1, NULL, 0, NULL, NULL);
    char *ansi;

    if (FAILED(*sc = more(size, parent, (void **)&ansi))) return NULL;
    WideCharToMultiByte(CP_ACP, 0, string, -1, ansi, size, NULL, NULL);
    return ansi;
}

static WCHAR *unicode_from_ansi(const char *string, ALLOCATEMORE *more, void *parent, SCODE *sc)
{
    int count = MultiByteToWideChar(CP_ACP, 0, string, -1, NULL, 0);
    WCHAR *unicode;

    if (FAILED(*sc = more(count * sizeof(WCHAR), parent, (void **)&unicode))) return NULL;
    MultiByteToWideChar(CP_ACP, 0, string, -1, unicode, count);
    return unicode;
}

/* Copies a stored string value into the caller's memory in the other character width. */
static SCODE convert_string_value(SPropValue *dst, const SPropValue *src, ULONG type,
                                  ALLOCATEMORE *more, void *parent)
{
    SCODE sc = S_OK;
    ULONG i, count;

    dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, type);
    dst->dwAlignPad = 0;
    switch (type)
    {
    case PT_UNICODE:
        dst->Value.lpszW = unicode_from_ansi(src->Value.lpszA, more, parent, &sc);
        return sc;
    case PT_STRING8:
        dst->Value.lpszA = ansi_from_unicode(src->Value.lpszW, more, parent, &sc);
        return sc;
    case PT_MV_UNICODE:
        count = src->Value.MVszA.cValues;
        dst->Value.MVszW.cValues = count;
        if (FAILED(sc = more(count * sizeof(WCHAR *), parent, (void **)&dst->Value.MVszW.lppszW)))
            return sc;
        for (i = 0; i < count; i++)
            if (!(dst->Value.MVszW.lppszW[i] = unicode_from_ansi(src->Value.MVszA.lppszA[i], more, parent, &sc)))
                return sc;
        return S_OK;
    case PT_MV_STRING8:
        count = src->Value.MVszW.cValues;
        dst->Value.MVszA.cValues = count;
        if (FAILED(sc = more(count * sizeof(char *), parent, (void **)&dst->Value.MVszA.lppszA)))
            return sc;
        for (i = 0; i < count; i++)
            if (!(dst->Value.MVszA.lppszA[i] = ansi_from_unicode(src->Value.MVszW.lppszW[i], more, parent, &sc)))
                return sc;
        return S_OK;
    }
    return MAPI_E_INVALID_TYPE;
}

/* Copies a stored value into the caller's memory as the type asked for.
 * Returns the error to report in a PT_ERROR value when it cannot. */
static SCODE copy_value_as(struct prop_data *This, SPropValue *dst, SPropValue *src,
                           ULONG type, void *parent)
{
    ULONG stored_type = PROP_TYPE(src->ulPropTag);

    if (type == PT_OBJECT && stored_type == PT_OBJECT)
    {
        /* HrAddObjProps gives an object property no value. */
        dst->ulPropTag = src->ulPropTag;
        dst->dwAlignPad = 0;
        dst->Value.x = 0;
        return S_OK;
    }
    if (type == stored_type)
        return PropCopyMore(dst, src, This->allocate_more, parent);
    if (is_string_type(type) && is_string_type(stored_type) &&
        (type & MV_FLAG) == (stored_type & MV_FLAG))
        return convert_string_value(dst, src, type, This->allocate_more, parent);
    /* Another type under the same identifier is not the property asked for. */
    return MAPI_E_NOT_FOUND;
}

static void set_error_value(SPropValue *value, ULONG tag, SCODE error)
{
    value->ulPropTag = CHANGE_PROP_TYPE(tag, PT_ERROR);
    value->dwAlignPad = 0;
    value->Value.err = error;
}

static BOOL add_problem(struct problem_list *list, ULONG index, ULONG tag, SCODE scode)
{
    SPropProblem *problem;

    if (list->count == list->capacity)
    {
        ULONG capacity = max(8, list->capacity * 2);
        SPropProblem *items;

        if (list->items)
            items = HeapReAlloc(GetProcessHeap(), 0, list->items, capacity * sizeof(*items));
        else
            items = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*items));
        if (!items) return FALSE;
        list->items = items;
        list->capacity = capacity;
    }
    problem = &list->items[list->count++];
    problem->ulIndex = index;
    problem->ulPropTag = tag;
    problem->scode = scode;
    return TRUE;
}

/* Hands the collected problems to the caller, who asked for them with out; none gives NULL.
 * If one could not even be noted, the list is incomplete: the call fails instead. */
static SCODE return_problems(struct prop_data *This, struct problem_list *list, BOOL lost_one,
                             SPropProblemArray **out)
{
    SPropProblemArray *problems;
    SCODE sc = lost_one ? MAPI_E_NOT_ENOUGH_MEMORY : S_OK;

    if (out && list->count && !lost_one)
    {
        if (SUCCEEDED(sc = This->allocate_buffer(CbNewSPropProblemArray(list->count), (void **)&problems)))
        {
            problems->cProblem = list->count;
            memcpy(problems->aProblem, list->items, list->count * sizeof(*list->items));
            *out = problems;
        }
    }
    HeapFree(GetProcessHeap(), 0, list->items);
    list->items = NULL;
    list->count = list->capacity = 0;
    return sc;
}

static BOOL is_valid_prop_access(ULONG access)
{
    ULONG level = access & IPROP_ACCESS_MASK, status = access & IPROP_STATUS_MASK;

    if (access & ~(IPROP_ACCESS_MASK | IPROP_STATUS_MASK)) return FALSE;
    return (level == IPROP_READONLY || level == IPROP_READWRITE) &&
           (status == IPROP_CLEAN || status == IPROP_DIRTY);
}

/* A value SetProps can store. PR_NULL and PT_ERROR values are skipped before this. */
static BOOL is_storable_value(SPropValue *value)
{
    ULONG type = PROP_TYPE(value->ulPropTag);

    if (PROP_ID(value->ulPropTag) == PROP_ID_NULL || PROP_ID(value->ulPropTag) == PROP_ID_INVALID)
        return FALSE;
    switch (type & ~MV_FLAG)
    {
    case PT_OBJECT: /* HrAddObjProps adds those */
    case PT_NULL:
    case PT_ERROR:
    case PT_UNSPECIFIED:
        return FALSE;
    }
    if (FBadProp(value)) return FALSE;
    /* Every multi-valued member starts with its count. */
    if ((type & MV_FLAG) && !value->Value.MVi.cValues) return FALSE;
    return TRUE;
}

static inline BOOL is_skipped_value(const SPropValue *value)
{
    return value->ulPropTag == PR_NULL || PROP_TYPE(value->ulPropTag) == PT_ERROR;
}

static BOOL is_bad_tag_array(const SPropTagArray *tags)
{
    ULONG i;

    for (i = 0; i < tags->cValues; i++)
        if (FBadPropTag(tags->aulPropTag[i])) return TRUE;
    return FALSE;
}

/* Stores values, already validated, under the lock; object access is checked by the caller. */
static void store_values(struct prop_data *This, ULONG count, SPropValue *values,
                         struct problem_list *problems, BOOL *no_memory)
{
    struct prop_entry *entry;
    SPropValue *copy;
    ULONG i;
    SCODE sc;

    for (i = 0; i < count; i++)
    {
        if (is_skipped_value(&values[i])) continue;

        entry = find_entry(This, values[i].ulPropTag);
        if (entry && entry->value && !(entry->access & IPROP_READWRITE))
        {
            if (!add_problem(problems, i, values[i].ulPropTag, MAPI_E_NO_ACCESS)) *no_memory = TRUE;
            continue;
        }
        if (FAILED(sc = duplicate_value(&values[i], &copy)) ||
            (!entry && !(entry = get_entry(This, values[i].ulPropTag))))
        {
            HeapFree(GetProcessHeap(), 0, copy);
            if (!add_problem(problems, i, values[i].ulPropTag, FAILED(sc) ? sc : MAPI_E_NOT_ENOUGH_MEMORY))
                *no_memory = TRUE;
            continue;
        }
        HeapFree(GetProcessHeap(), 0, entry->value);
        entry->value = copy;
        entry->tag = values[i].ulPropTag;
        /* Only a writable, deleted or new property gets here. */
        entry->access = IPROP_READWRITE | IPROP_DIRTY;
    }
}

/* Deletes by identifier under the lock; object access is checked by the caller.
 * index_of maps a position in tags to the index reported in a problem. */
static void delete_values(struct prop_data *This, const SPropTagArray *tags, const ULONG *index_of,
                          struct problem_list *problems, BOOL *no_memory)
{
    struct prop_entry *entry;
    ULONG i;

    for (i = 0; i < tags->cValues; i++)
    {
        if (!(entry = find_live_entry(This, tags->aulPropTag[i]))) continue;
        if (!(entry->access & IPROP_READWRITE))
        {
            if (!add_problem(problems, index_of ? index_of[i] : i, tags->aulPropTag[i], MAPI_E_NO_ACCESS))
                *no_memory = TRUE;
            continue;
        }
        HeapFree(GetProcessHeap(), 0, entry->value);
        entry->value = NULL;
        entry->access = 0;
    }
}

/**************************************************************************
 *  IPropData_QueryInterface
 */
static HRESULT WINAPI IPropData_fnQueryInterface(IPropData *iface, REFIID riid, void **out)
{
    struct prop_data *This = impl_from_IPropData(iface);

    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!riid) return MAPI_E_INVALID_PARAMETER;

    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) ||
        IsEqualIID(riid, &IID_IMAPIPropData))
    {
        *out = &This->IPropData_iface;
        IPropData_AddRef(iface);
        return S_OK;
    }
    TRACE("no interface %s\n", debugstr_guid(riid));
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI IPropData_fnAddRef(IPropData *iface)
{
    struct prop_data *This = impl_from_IPropData(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI IPropData_fnRelease(IPropData *iface)
{
    struct prop_data *This = impl_from_IPropData(iface);
    ULONG ref = InterlockedDecrement(&This->ref), i;

    TRACE("(%p) ref %lu\n", iface, ref);

    if (!ref)
    {
        for (i = 0; i < This->count; i++)
            HeapFree(GetProcessHeap(), 0, This->entries[i].value);
        HeapFree(GetProcessHeap(), 0, This->entries);
        This->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&This->cs);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

/**************************************************************************
 *  IPropData_GetLastError
 *
 * NOTES
 *  The object keeps no extended error information: *error is NULL.
 */
static HRESULT WINAPI IPropData_fnGetLastError(IPropData *iface, HRESULT result, ULONG flags,
                                               MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return S_OK;
}

/**************************************************************************
 *  IPropData_SaveChanges
 *
 * NOTES
 *  The object is not transacted: every change is already made.
 */
static HRESULT WINAPI IPropData_fnSaveChanges(IPropData *iface, ULONG flags)
{
    struct prop_data *This = impl_from_IPropData(iface);
    HRESULT hr = S_OK;

    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~SAVE_CHANGES_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    EnterCriticalSection(&This->cs);
    /* It cannot stay open for writing if it was made read-only. */
    if ((flags & KEEP_OPEN_READWRITE) && This->object_access != IPROP_READWRITE) hr = MAPI_E_NO_ACCESS;
    LeaveCriticalSection(&This->cs);
    return hr;
}

/**************************************************************************
 *  IPropData_GetProps
 *
 * NOTES
 *  Types are matched too: a string property comes back in the character
 *  width asked for; a property stored with another type comes back as
 *  PT_ERROR/MAPI_E_NOT_FOUND.
 */
static HRESULT WINAPI IPropData_fnGetProps(IPropData *iface, SPropTagArray *tags, ULONG flags,
                                           ULONG *count, SPropValue **values)
{
    struct prop_data *This = impl_from_IPropData(iface);
    SPropValue *array = NULL;
    struct prop_entry *entry;
    HRESULT hr = S_OK;
    ULONG i, n, type;
    SCODE sc;

    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);

    if (!count || !values) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *values = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (tags && (!tags->cValues || tags->cValues > ~(ULONG)0 / sizeof(SPropValue) || is_bad_tag_array(tags)))
    {
        WARN("bad tag array\n");
        return MAPI_E_INVALID_PARAMETER;
    }

    EnterCriticalSection(&This->cs);

    n = tags ? tags->cValues : count_live_entries(This);
    if (!n) goto done; /* all of nothing */
    if (FAILED(hr = This->allocate_buffer(n * sizeof(SPropValue), (void **)&array))) goto done;

    if (tags)
    {
        for (i = 0; i < n; i++)
        {
            ULONG tag = tags->aulPropTag[i];

            if (!(entry = find_live_entry(This, tag)))
                sc = MAPI_E_NOT_FOUND;
            else
            {
                type = PROP_TYPE(tag);
                if (type == PT_UNSPECIFIED) type = unspecified_type(PROP_TYPE(entry->value->ulPropTag), flags);
                sc = copy_value_as(This, &array[i], entry->value, type, array);
            }
            if (FAILED(sc))
            {
                set_error_value(&array[i], tag, sc);
                hr = MAPI_W_ERRORS_RETURNED;
            }
        }
    }
    else
    {
        for (i = n = 0; i < This->count; i++)
        {
            if (!(entry = &This->entries[i])->value) continue;
            type = unspecified_type(PROP_TYPE(entry->value->ulPropTag), flags);
            if (FAILED(sc = copy_value_as(This, &array[n], entry->value, type, array)))
            {
                set_error_value(&array[n], entry->tag, sc);
                hr = MAPI_W_ERRORS_RETURNED;
            }
            n++;
        }
    }
    *count = n;
    *values = array;

done:
    LeaveCriticalSection(&This->cs);
    return hr;
}

/**************************************************************************
 *  IPropData_GetPropList
 *
 * NOTES
 *  String properties are listed with the type MAPI_UNICODE asks for, the
 *  one GetProps gives them when asked with PT_UNSPECIFIED.
 */
static HRESULT WINAPI IPropData_fnGetPropList(IPropData *iface, ULONG flags, SPropTagArray **tags)
{
    struct prop_data *This = impl_from_IPropData(iface);
    SPropTagArray *list;
    ULONG i, n;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    EnterCriticalSection(&This->cs);
    if (SUCCEEDED(hr = This->allocate_buffer(CbNewSPropTagArray(count_live_entries(This)), (void **)&list)))
    {
        for (i = n = 0; i < This->count; i++)
        {
            ULONG tag = This->entries[i].tag;

            if (!This->entries[i].value) continue;
            list->aulPropTag[n++] = CHANGE_PROP_TYPE(tag, unspecified_type(PROP_TYPE(tag), flags));
        }
        list->cValues = n;
        *tags = list;
    }
    LeaveCriticalSection(&This->cs);
    return hr;
}

/**************************************************************************
 *  IPropData_OpenProperty
 *
 * NOTES
 *  A property data object holds values only: no property of it can be
 *  opened through an interface (MAPI_E_NO_SUPPORT).
 */
static HRESULT WINAPI IPropData_fnOpenProperty(IPropData *iface, ULONG tag, LPCIID iid, ULONG options,
                                               ULONG flags, IUnknown **out)
{
    struct prop_data *This = impl_from_IPropData(iface);
    struct prop_entry *entry;
    HRESULT hr = MAPI_E_NO_SUPPORT;

    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!iid || FBadPropTag(tag) || PROP_TYPE(tag) == PT_UNSPECIFIED) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    EnterCriticalSection(&This->cs);
    entry = find_live_entry(This, tag);
    if (!entry && !(flags & MAPI_CREATE))
        hr = MAPI_E_NOT_FOUND;
    else if ((flags & (MAPI_CREATE | MAPI_MODIFY)) &&
             (This->object_access != IPROP_READWRITE || (entry && !(entry->access & IPROP_READWRITE))))
        hr = MAPI_E_NO_ACCESS;
    LeaveCriticalSection(&This->cs);

    if (hr == MAPI_E_NO_SUPPORT) TRACE("%#lx cannot be opened as %s\n", tag, debugstr_guid(iid));
    return hr;
}

/**************************************************************************
 *  IPropData_SetProps
 *
 * NOTES
 *  PR_NULL and PT_ERROR values are skipped. A property made read-only by
 *  HrSetPropAccess is left alone and reported as MAPI_E_NO_ACCESS in the
 *  problem array; a read-only object refuses the call.
 */
static HRESULT WINAPI IPropData_fnSetProps(IPropData *iface, ULONG count, SPropValue *values,
                                           SPropProblemArray **problems)
{
    struct prop_data *This = impl_from_IPropData(iface);
    struct problem_list list = { 0 };
    BOOL no_memory = FALSE;
    ULONG i;

    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);

    if (problems) *problems = NULL;
    if (!values || !count) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        if (is_skipped_value(&values[i])) continue;
        if (!is_storable_value(&values[i]))
        {
            WARN("value %lu (%#lx) cannot be set\n", i, values[i].ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
    }

    EnterCriticalSection(&This->cs);
    if (This->object_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        WARN("object is read-only\n");
        return MAPI_E_NO_ACCESS;
    }
    store_values(This, count, values, &list, &no_memory);
    LeaveCriticalSection(&This->cs);

    return return_problems(This, &list, no_memory, problems);
}

/**************************************************************************
 *  IPropData_DeleteProps
 *
 * NOTES
 *  Properties are matched by identifier; absent ones are no problem.
 *  A read-only property stays and is reported as MAPI_E_NO_ACCESS in the
 *  problem array; a read-only object refuses the call.
 */
static HRESULT WINAPI IPropData_fnDeleteProps(IPropData *iface, SPropTagArray *tags,
                                              SPropProblemArray **problems)
{
    struct prop_data *This = impl_from_IPropData(iface);
    struct problem_list list = { 0 };
    BOOL no_memory = FALSE;

    TRACE("(%p,%p,%p)\n", iface, tags, problems);

    if (problems) *problems = NULL;
    if (!tags || !tags->cValues || is_bad_tag_array(tags)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&This->cs);
    if (This->object_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        WARN("object is read-only\n");
        return MAPI_E_NO_ACCESS;
    }
    delete_values(This, tags, NULL, &list, &no_memory);
    LeaveCriticalSection(&This->cs);

    return return_problems(This, &list, no_memory, problems);
}

static BOOL is_imapiprop_interface(REFIID iid)
{
    static const IID *const derived[] =
    {
        &IID_IMAPIProp, &IID_IMAPIPropData, &IID_IMAPIContainer, &IID_IMAPIFolder,
        &IID_IABContainer, &IID_IMailUser, &IID_IDistList, &IID_IMessage, &IID_IAttachment,
        &IID_IMsgStore, &IID_IAddrBook, &IID_IProfSect, &IID_IMAPIStatus, &IID_IMAPIFormInfo,
    };
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(derived); i++)
        if (IsEqualIID(iid, derived[i])) return TRUE;
    return FALSE;
}

/* The destination of a copy as an IMAPIProp the caller must release. */
static HRESULT get_destination(struct prop_data *This, REFIID iid, void *object, IMAPIProp **dest)
{
    IUnknown *unknown = object, *identity;
    HRESULT hr;

    *dest = NULL;
    if (!iid || !object) return MAPI_E_INVALID_PARAMETER;

    /* Copying onto itself would read what it writes. */
    if (SUCCEEDED(unknown->lpVtbl->QueryInterface(unknown, &IID_IUnknown, (void **)&identity)))
    {
        BOOL same = identity == (IUnknown *)&This->IPropData_iface;

        identity->lpVtbl->Release(identity);
        if (same) return MAPI_E_NO_ACCESS;
    }

    if (FAILED(unknown->lpVtbl->QueryInterface(unknown, iid, (void **)&identity)))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (is_imapiprop_interface(iid))
    {
        *dest = (IMAPIProp *)identity;
        return S_OK;
    }
    /* Only an IMAPIProp can take properties; IUnknown is asked for one. */
    hr = MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (IsEqualIID(iid, &IID_IUnknown) &&
        SUCCEEDED(identity->lpVtbl->QueryInterface(identity, &IID_IMAPIProp, (void **)dest)))
        hr = S_OK;
    identity->lpVtbl->Release(identity);
    return hr;
}

/* The identifiers the destination already has, for MAPI_NOREPLACE. */
static HRESULT get_destination_tags(IMAPIProp *dest, SPropTagArray **tags)
{
    HRESULT hr = dest->lpVtbl->GetPropList(dest, 0, tags);

    /* Some objects speak Unicode only; the identifiers are the same. */
    if (hr == MAPI_E_BAD_CHARWIDTH) hr = dest->lpVtbl->GetPropList(dest, MAPI_UNICODE, tags);
    return hr;
}

static BOOL tag_array_has_id(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

/* The values a copy takes, in the caller's memory, and where each came from:
 * its position in the include array for CopyProps, among the object's
 * properties for CopyTo. */
struct copy_source
{
    SPropValue *values;
    ULONG *index_of;
    ULONG count;
};

/* Takes the values to copy, under the lock. */
static HRESULT collect_copy_source(struct prop_data *This, const SPropTagArray *include,
                                   const SPropTagArray *exclude, struct copy_source *source,
                                   struct problem_list *problems, BOOL *no_memory)
{
    ULONG i, index, total = include ? include->cValues : count_live_entries(This);
    struct prop_entry *entry = NULL;
    HRESULT hr;

    if (!(source->index_of = HeapAlloc(GetProcessHeap(), 0, max(total, 1) * sizeof(ULONG))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!total) return S_OK;
    if (FAILED(hr = This->allocate_buffer(total * sizeof(SPropValue), (void **)&source->values)))
        return hr;

    for (index = i = 0; index < total; index++, i++)
    {
        if (include)
        {
            if (!(entry = find_live_entry(This, include->aulPropTag[index])))
            {
                if (!add_problem(problems, index, include->aulPropTag[index], MAPI_E_NOT_FOUND))
                    *no_memory = TRUE;
                continue;
            }
        }
        else
        {
            while (!This->entries[i].value) i++;
            entry = &This->entries[i];
        }

        if (tag_array_has_id(exclude, entry->tag)) continue;
        /* The object's own objects cannot be opened, so not copied either. */
        if (PROP_TYPE(entry->tag) == PT_OBJECT)
        {
            if (!add_problem(problems, index, entry->tag, MAPI_E_NO_SUPPORT)) *no_memory = TRUE;
            continue;
        }
        if (FAILED(hr = PropCopyMore(&source->values[source->count], entry->value, This->allocate_more,
                                     source->values)))
        {
            if (!add_problem(problems, index, entry->tag, hr)) *no_memory = TRUE;
            continue;
        }
        source->index_of[source->count++] = index;
    }
    return S_OK;
}

static void free_copy_source(struct prop_data *This, struct copy_source *source)
{
    if (source->values) This->free_buffer(source->values);
    HeapFree(GetProcessHeap(), 0, source->index_of);
}

/* Takes the copied values out of the object for MAPI_MOVE. failed marks those the destination refused. */
static HRESULT delete_moved(struct prop_data *This, struct copy_source *source, const BOOL *failed,
                            struct problem_list *problems, BOOL *no_memory)
{
    SPropTagArray *moved;
    ULONG i, n;

    if (!source->count) return S_OK;
    if (!(moved = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(source->count))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = n = 0; i < source->count; i++)
    {
        if (failed[i]) continue;
        moved->aulPropTag[n] = source->values[i].ulPropTag;
        source->index_of[n++] = source->index_of[i];
    }
    moved->cValues = n;

    EnterCriticalSection(&This->cs);
    if (This->object_access == IPROP_READWRITE)
        delete_values(This, moved, source->index_of, problems, no_memory);
    else
    {
        /* Made read-only while the values were being copied. */
        for (i = 0; i < moved->cValues; i++)
            if (!add_problem(problems, source->index_of[i], moved->aulPropTag[i], MAPI_E_NO_ACCESS))
                *no_memory = TRUE;
    }
    LeaveCriticalSection(&This->cs);

    HeapFree(GetProcessHeap(), 0, moved);
    return S_OK;
}

/* What CopyTo and CopyProps share: take the values under the lock, write them
 * with the destination's own SetProps, then delete the moved ones. The lock
 * is not held while the destination is called. */
static HRESULT copy_props(struct prop_data *This, const SPropTagArray *include, const SPropTagArray *exclude,
                          REFIID iid, void *object, ULONG flags, SPropProblemArray **problems)
{
    struct problem_list list = { 0 };
    SPropProblemArray *dest_problems = NULL;
    SPropTagArray *dest_tags = NULL;
    struct copy_source source = { 0 };
    BOOL no_memory = FALSE, *failed = NULL;
    IMAPIProp *dest;
    ULONG i, n;
    HRESULT hr;

    if (FAILED(hr = get_destination(This, iid, object, &dest))) return hr;
    if ((flags & MAPI_NOREPLACE) && FAILED(hr = get_destination_tags(dest, &dest_tags))) goto done;

    EnterCriticalSection(&This->cs);
    if ((flags & MAPI_MOVE) && This->object_access != IPROP_READWRITE)
    {
        WARN("cannot move from a read-only object\n");
        hr = MAPI_E_NO_ACCESS;
    }
    else
        hr = collect_copy_source(This, include, exclude, &source, &list, &no_memory);
    LeaveCriticalSection(&This->cs);
    if (FAILED(hr)) goto done;

    /* Under MAPI_NOREPLACE what the destination has stays as it is. */
    for (i = n = 0; i < source.count; i++)
    {
        if (tag_array_has_id(dest_tags, source.values[i].ulPropTag)) continue;
        source.values[n] = source.values[i];
        source.index_of[n++] = source.index_of[i];
    }
    source.count = n;
    if (!source.count) goto done;

    if (!(failed = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, source.count * sizeof(*failed))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (FAILED(hr = dest->lpVtbl->SetProps(dest, source.count, source.values, &dest_problems)))
    {
        WARN("the destination refused the values: %#lx\n", hr);
        goto done;
    }
    /* The destination's problems index the array it was given. */
    for (i = 0; dest_problems && i < dest_problems->cProblem; i++)
    {
        const SPropProblem *problem = &dest_problems->aProblem[i];

        if (problem->ulIndex >= source.count) continue;
        failed[problem->ulIndex] = TRUE;
        if (!add_problem(&list, source.index_of[problem->ulIndex], problem->ulPropTag, problem->scode))
            no_memory = TRUE;
    }
    hr = S_OK;
    if (flags & MAPI_MOVE) hr = delete_moved(This, &source, failed, &list, &no_memory);

done:
    if (dest_problems) MAPIFreeBuffer(dest_problems);
    if (dest_tags) MAPIFreeBuffer(dest_tags);
    HeapFree(GetProcessHeap(), 0, failed);
    free_copy_source(This, &source);
    dest->lpVtbl->Release(dest);
    if (FAILED(hr))
    {
        return_problems(This, &list, TRUE, NULL);
        return hr;
    }
    return return_problems(This, &list, no_memory, problems);
}

static void trace_progress_request(ULONG flags, IMAPIProgress *progress)
{
    /* The copy is done at once in memory: there is nothing to show progress of. */
    if (flags & MAPI_DIALOG) TRACE("no progress shown (progress %p)\n", progress);
}

/**************************************************************************
 *  IPropData_CopyTo
 *
 * NOTES
 *  Values are written with the destination's SetProps. Excluding
 *  IID_IMAPIProp or IID_IUnknown excludes every interface of the object;
 *  excluding IID_IMAPIPropData leaves its properties, which are plain
 *  IMAPIProp ones. PT_OBJECT properties cannot be copied (problem entry
 *  MAPI_E_NO_SUPPORT). No progress is shown.
 */
static HRESULT WINAPI IPropData_fnCopyTo(IPropData *iface, ULONG excluded_iid_count, LPCIID excluded_iids,
                                         SPropTagArray *excluded_tags, ULONG ui_param, IMAPIProgress *progress,
                                         LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct prop_data *This = impl_from_IPropData(iface);
    ULONG i;

    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, excluded_iid_count, excluded_iids,
          excluded_tags, ui_param, progress, debugstr_guid(iid), dest, flags, problems);

    if (problems) *problems = NULL;
    if (excluded_iid_count && !excluded_iids) return MAPI_E_INVALID_PARAMETER;
    if (excluded_tags && (!excluded_tags->cValues || is_bad_tag_array(excluded_tags)))
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    for (i = 0; i < excluded_iid_count; i++)
    {
        if (IsEqualIID(&excluded_iids[i], &IID_IUnknown) || IsEqualIID(&excluded_iids[i], &IID_IMAPIProp))
        {
            WARN("every interface of the object is excluded\n");
            return MAPI_E_INTERFACE_NOT_SUPPORTED;
        }
    }
    trace_progress_request(flags, progress);
    return copy_props(This, NULL, excluded_tags, iid, dest, flags, problems);
}

/**************************************************************************
 *  IPropData_CopyProps
 *
 * NOTES
 *  As CopyTo for the properties listed, matched by identifier. One the
 *  object does not have is reported as MAPI_E_NOT_FOUND in the problem array.
 */
static HRESULT WINAPI IPropData_fnCopyProps(IPropData *iface, SPropTagArray *include, ULONG ui_param,
                                            IMAPIProgress *progress, LPCIID iid, void *dest, ULONG flags,
                                            SPropProblemArray **problems)
{
    struct prop_data *This = impl_from_IPropData(iface);
    ULONG i;

    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, include, ui_param, progress,
          debugstr_guid(iid), dest, flags, problems);

    if (problems) *problems = NULL;
    if (!include || !include->cValues || is_bad_tag_array(include)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < include->cValues; i++)
        if (include->aulPropTag[i] == PR_NULL) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~COPY_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    trace_progress_request(flags, progress);
    return copy_props(This, include, NULL, iid, dest, flags, problems);
}

/**************************************************************************
 *  IPropData_GetNamesFromIDs
 *
 * NOTES
 *  A property data object has no named properties: MAPI_E_NO_SUPPORT.
 */
static HRESULT WINAPI IPropData_fnGetNamesFromIDs(IPropData *iface, SPropTagArray **tags, GUID *guid,
                                                  ULONG flags, ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);

    if (!tags || !count || !names) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *names = NULL;
    if (flags & ~(MAPI_NO_IDS | MAPI_NO_STRINGS))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return MAPI_E_NO_SUPPORT;
}

/**************************************************************************
 *  IPropData_GetIDsFromNames
 *
 * NOTES
 *  A property data object has no named properties: MAPI_E_NO_SUPPORT.
 */
static HRESULT WINAPI IPropData_fnGetIDsFromNames(IPropData *iface, ULONG count, MAPINAMEID **names,
                                                  ULONG flags, SPropTagArray **tags)
{
    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if ((count && !names) || (!names && (flags & MAPI_CREATE))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_CREATE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    return MAPI_E_NO_SUPPORT;
}

/**************************************************************************
 *  IPropData_HrSetObjAccess
 *
 * Makes the whole object read-only or read/write.
 *
 * RETURNS
 *  S_OK, MAPI_E_INVALID_PARAMETER unless exactly one of IPROP_READONLY and
 *  IPROP_READWRITE is given, MAPI_E_UNKNOWN_FLAGS for other bits.
 */
static HRESULT WINAPI IPropData_fnHrSetObjAccess(IPropData *iface, ULONG access)
{
    struct prop_data *This = impl_from_IPropData(iface);

    TRACE("(%p,%#lx)\n", iface, access);

    if (access & ~IPROP_ACCESS_MASK)
    {
        WARN("unknown flags %#lx\n", access);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (access != IPROP_READONLY && access != IPROP_READWRITE) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&This->cs);
    This->object_access = access;
    LeaveCriticalSection(&This->cs);
    return S_OK;
}

/**************************************************************************
 *  IPropData_HrSetPropAccess
 *
 * Sets the access level and status of properties, by identifier.
 *
 * NOTES
 *  Each entry needs one of IPROP_READONLY/IPROP_READWRITE and one of
 *  IPROP_CLEAN/IPROP_DIRTY. Absent properties are passed over. It works on
 *  a read-only object too: the object's owner decides.
 */
static HRESULT WINAPI IPropData_fnHrSetPropAccess(IPropData *iface, SPropTagArray *tags, ULONG *access)
{
    struct prop_data *This = impl_from_IPropData(iface);
    struct prop_entry *entry;
    ULONG i;

    TRACE("(%p,%p,%p)\n", iface, tags, access);

    if (!tags || !access || is_bad_tag_array(tags)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < tags->cValues; i++)
    {
        if (!is_valid_prop_access(access[i]))
        {
            WARN("bad access %#lx for %#lx\n", access[i], tags->aulPropTag[i]);
            return MAPI_E_INVALID_PARAMETER;
        }
    }

    EnterCriticalSection(&This->cs);
    for (i = 0; i < tags->cValues; i++)
        if ((entry = find_live_entry(This, tags->aulPropTag[i]))) entry->access = access[i];
    LeaveCriticalSection(&This->cs);
    return S_OK;
}

/**************************************************************************
 *  IPropData_HrGetPropAccess
 *
 * Gets the access level and status of properties.
 *
 * NOTES
 *  With *tags NULL, every property the object has had is listed, in a tag
 *  array from the object's allocator; a deleted one has access 0. With a
 *  tag array given, that array is left as it is and a property the object
 *  does not have (or no longer has) gets access 0. The access array comes
 *  from the object's allocator.
 */
static HRESULT WINAPI IPropData_fnHrGetPropAccess(IPropData *iface, SPropTagArray **tags, ULONG **access)
{
    struct prop_data *This = impl_from_IPropData(iface);
    SPropTagArray *list = NULL;
    struct prop_entry *entry;
    ULONG i, n, *levels;
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", iface, tags, access);

    if (!tags || !access) return MAPI_E_INVALID_PARAMETER;
    *access = NULL;

    EnterCriticalSection(&This->cs);
    n = *tags ? (*tags)->cValues : This->count;
    if (FAILED(hr = This->allocate_buffer(max(n, 1) * sizeof(ULONG), (void **)&levels))) goto done;
    if (!*tags && FAILED(hr = This->allocate_buffer(CbNewSPropTagArray(n), (void **)&list)))
    {
        This->free_buffer(levels);
        goto done;
    }

    for (i = 0; i < n; i++)
    {
        if (list)
        {
            entry = &This->entries[i];
            list->aulPropTag[i] = entry->tag;
        }
        else
            entry = find_entry(This, (*tags)->aulPropTag[i]);
        levels[i] = entry ? entry->access : 0;
    }
    if (list)
    {
        list->cValues = n;
        *tags = list;
    }
    *access = levels;

done:
    LeaveCriticalSection(&This->cs);
    return hr;
}

/**************************************************************************
 *  IPropData_HrAddObjProps
 *
 * Adds PT_OBJECT properties, which SetProps refuses, so that GetPropList
 * lists them.
 *
 * RETURNS
 *  S_OK, MAPI_W_PARTIAL_COMPLETION if some could not be added (see the
 *  problem array), MAPI_E_INVALID_TYPE for a tag of another type,
 *  MAPI_E_NO_ACCESS for a read-only object, MAPI_E_INVALID_PARAMETER.
 */
static HRESULT WINAPI IPropData_fnHrAddObjProps(IPropData *iface, SPropTagArray *tags,
                                                SPropProblemArray **problems)
{
    struct prop_data *This = impl_from_IPropData(iface);
    struct problem_list list = { 0 };
    struct prop_entry *entry;
    BOOL no_memory = FALSE;
    SPropValue *value;
    HRESULT hr;
    ULONG i;

    TRACE("(%p,%p,%p)\n", iface, tags, problems);

    if (problems) *problems = NULL;
    if (!tags || !tags->cValues) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < tags->cValues; i++)
    {
        if (PROP_TYPE(tags->aulPropTag[i]) != PT_OBJECT)
        {
            WARN("%#lx is not an object property\n", tags->aulPropTag[i]);
            return MAPI_E_INVALID_TYPE;
        }
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID_NULL || PROP_ID(tags->aulPropTag[i]) == PROP_ID_INVALID)
            return MAPI_E_INVALID_PARAMETER;
    }

    EnterCriticalSection(&This->cs);
    if (This->object_access != IPROP_READWRITE)
    {
        LeaveCriticalSection(&This->cs);
        WARN("object is read-only\n");
        return MAPI_E_NO_ACCESS;
    }
    for (i = 0; i < tags->cValues; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        entry = find_entry(This, tag);
        if (entry && entry->value && !(entry->access & IPROP_READWRITE))
        {
            if (!add_problem(&list, i, tag, MAPI_E_NO_ACCESS)) no_memory = TRUE;
            continue;
        }
        if (!(value = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*value))) ||
            (!entry && !(entry = get_entry(This, tag))))
        {
            HeapFree(GetProcessHeap(), 0, value);
            if (!add_problem(&list, i, tag, MAPI_E_NOT_ENOUGH_MEMORY)) no_memory = TRUE;
            continue;
        }
        value->ulPropTag = tag;
        HeapFree(GetProcessHeap(), 0, entry->value);
        entry->value = value;
        entry->tag = tag;
        entry->access = IPROP_READWRITE | IPROP_DIRTY;
    }
    LeaveCriticalSection(&This->cs);

    hr = list.count || no_memory ? MAPI_W_PARTIAL_COMPLETION : S_OK;
    /* Even with no room to say which, some were not added. */
    if (FAILED(return_problems(This, &list, no_memory, problems))) hr = MAPI_W_PARTIAL_COMPLETION;
    return hr;
}

static const IPropDataVtbl prop_data_vtbl =
{
    IPropData_fnQueryInterface,
    IPropData_fnAddRef,
    IPropData_fnRelease,
    IPropData_fnGetLastError,
    IPropData_fnSaveChanges,
    IPropData_fnGetProps,
    IPropData_fnGetPropList,
    IPropData_fnOpenProperty,
    IPropData_fnSetProps,
    IPropData_fnDeleteProps,
    IPropData_fnCopyTo,
    IPropData_fnCopyProps,
    IPropData_fnGetNamesFromIDs,
    IPropData_fnGetIDsFromNames,
    IPropData_fnHrSetObjAccess,
    IPropData_fnHrSetPropAccess,
    IPropData_fnHrGetPropAccess,
    IPropData_fnHrAddObjProps
};

/**************************************************************************
 *  CreateIProp@24 (MAPI32.60)
 *
 * Creates an empty, read/write property data object (IPropData).
 *
 * PARAMS
 *  iid             [I] IID_IMAPIPropData, or NULL for the same.
 *  allocate_buffer [I] Allocator for what the object returns (MAPIAllocateBuffer).
 *  allocate_more   [I] Linked allocator for the same (MAPIAllocateMore).
 *  free_buffer     [I] Frees what allocate_buffer gave (MAPIFreeBuffer).
 *  reserved        [I] Must be NULL.
 *  prop_data       [O] Receives the object.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INTERFACE_NOT_SUPPORTED for another iid,
 *           MAPI_E_INVALID_PARAMETER for a missing function or out pointer,
 *           or a reserved value, MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  The object keeps its properties on the process heap; values, tag and
 *  problem arrays it returns come from the three functions given.
 */
SCODE WINAPI CreateIProp(LPCIID iid, ALLOCATEBUFFER *allocate_buffer, ALLOCATEMORE *allocate_more,
                         FREEBUFFER *free_buffer, LPVOID reserved, LPPROPDATA *prop_data)
{
    struct prop_data *object;

    TRACE("(%s,%p,%p,%p,%p,%p)\n", debugstr_guid(iid), allocate_buffer, allocate_more, free_buffer,
          reserved, prop_data);

    if (prop_data) *prop_data = NULL;
    if (iid && !IsEqualIID(iid, &IID_IMAPIPropData))
    {
        WARN("unsupported interface %s\n", debugstr_guid(iid));
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    if (!allocate_buffer || !allocate_more || !free_buffer || reserved || !prop_data)
        return MAPI_E_INVALID_PARAMETER;

    if (!(object = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*object))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    object->IPropData_iface.lpVtbl = &prop_data_vtbl;
    object->ref = 1;
    object->allocate_buffer = allocate_buffer;
    object->allocate_more = allocate_more;
    object->free_buffer = free_buffer;
    object->object_access = IPROP_READWRITE;
    InitializeCriticalSection(&object->cs);
    object->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": prop_data.cs");

    *prop_data = &object->IPropData_iface;
    return S_OK;
}
