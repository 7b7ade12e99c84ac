/*
 * The objects of IMessage on IStorage: the message, its attachments, the
 * messages embedded in them and the streams OpenProperty gives.
 *
 * A message opened with OpenIMsgOnIStg reads its whole content into memory
 * (msgprops.c). Each attachment and embedded message that is opened works on
 * a copy of its content: its SaveChanges puts that copy back into the object
 * that holds it, and the message's SaveChanges writes everything to the
 * storage, then commits it. Releasing without saving loses the changes, as
 * MAPI's transactions want. One lock, the root's, guards a whole tree.
 */

#include "imessage_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define SAVE_FLAGS (KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS)

/* What all objects of one message share. */
struct msg_root
{
    IStorage *storage;
    ALLOCATEBUFFER *allocate_buffer;
    ALLOCATEMORE *allocate_more;
    FREEBUFFER *free_buffer;
    IMalloc *malloc;
    MSGCALLRELEASE *release;
    ULONG release_data;
    ULONG flags;
    BOOL writable;              /* the storage can be written */
    struct named_map names;
    CRITICAL_SECTION cs;
    struct list *session_list;  /* NULL once the session is closed */
    struct list entry;
    BOOL closed;                /* CloseIMsgSession closed the message: Release is all it does */
};

struct iattach;

struct imessage
{
    IMessage IMessage_iface;
    LONG ref;
    struct msg_root *root;
    struct msg_node *node;
    struct iattach *parent;     /* an embedded message saves into it; NULL for the root */
    BOOL writable;
};

struct iattach
{
    IAttach IAttach_iface;
    LONG ref;
    struct msg_root *root;
    struct imessage *parent;
    struct attach_node *node;   /* the working copy */
    BOOL writable;
};

struct prop_stream
{
    IStream IStream_iface;
    LONG ref;
    IStream *inner;
    struct msg_root *root;
    IUnknown *owner;            /* keeps props alive */
    struct msg_props *props;
    ULONG tag;
    BOOL writable;
    BOOL dirty;
};

/* Guards the message lists of all sessions. */
static CRITICAL_SECTION session_cs;
static CRITICAL_SECTION_DEBUG session_cs_debug =
{
    0, 0, &session_cs,
    { &session_cs_debug.ProcessLocksList, &session_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": session_cs") }
};
static CRITICAL_SECTION session_cs = { &session_cs_debug, -1, 0, 0, 0, 0 };

static const IMessageVtbl imessage_vtbl;
static const IAttachVtbl iattach_vtbl;
static const IStreamVtbl prop_stream_vtbl;

static inline struct imessage *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct imessage, IMessage_iface);
}

static inline struct iattach *impl_from_IAttach(IAttach *iface)
{
    return CONTAINING_RECORD(iface, struct iattach, IAttach_iface);
}

static inline struct prop_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct prop_stream, IStream_iface);
}

BOOL imsg_is_ours(void *object)
{
    IUnknown *unknown = object;

    if (!unknown || IsBadReadPtr(unknown, sizeof(void *))) return FALSE;
    return unknown->lpVtbl == (const void *)&imessage_vtbl || unknown->lpVtbl == (const void *)&iattach_vtbl;
}

/***********************************************************************
 * Property access shared by messages and attachments
 */

static inline BOOL is_string_type(ULONG type)
{
    type &= ~MV_FLAG;
    return type == PT_STRING8 || type == PT_UNICODE;
}

static ULONG unspecified_type(ULONG stored, ULONG flags)
{
    if (!is_string_type(stored)) return stored;
    return (stored & MV_FLAG) | (flags & MAPI_UNICODE ? PT_UNICODE : PT_STRING8);
}

static void *convert_string(const void *string, BOOL to_unicode, ALLOCATEMORE *more, void *parent, SCODE *sc)
{
    void *result;
    int size;

    if (to_unicode)
    {
        size = MultiByteToWideChar(CP_ACP, 0, string, -1, NULL, 0);
        if (FAILED(*sc = more(size * sizeof(WCHAR), parent, &result))) return NULL;
        MultiByteToWideChar(CP_ACP, 0, string, -1, result, size);
    }
    else
    {
        size = WideCharToMultiByte(CP_ACP, 0, string, -1, NULL, 0, NULL, NULL);
        if (FAILED(*sc = more(size, parent, &result))) return NULL;
        WideCharToMultiByte(CP_ACP, 0, string, -1, result, size, NULL, NULL);
    }
    return result;
}

/* Copies a stored value into the caller's memory as type; an error for what cannot be. */
static SCODE copy_out(struct msg_root *root, SPropValue *dst, const SPropValue *src, ULONG type, void *parent)
{
    ULONG stored = PROP_TYPE(src->ulPropTag), i;
    BOOL to_unicode = (type & ~MV_FLAG) == PT_UNICODE;
    SCODE sc = S_OK;

    if (type == stored)
    {
        if (stored == PT_OBJECT)
        {
            *dst = *src;
            dst->Value.x = 0;
            return S_OK;
        }
        return PropCopyMore(dst, (SPropValue *)src, root->allocate_more, parent);
    }
    if (!is_string_type(type) || !is_string_type(stored) || (type & MV_FLAG) != (stored & MV_FLAG))
        return MAPI_E_NOT_FOUND;
    dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, type);
    dst->dwAlignPad = 0;
    if (!(type & MV_FLAG))
    {
        dst->Value.lpszA = convert_string(src->Value.lpszA, to_unicode, root->allocate_more, parent, &sc);
        return sc;
    }
    dst->Value.MVszA.cValues = src->Value.MVszA.cValues;
    if (FAILED(sc = root->allocate_more(src->Value.MVszA.cValues * sizeof(void *), parent,
                                        (void **)&dst->Value.MVszA.lppszA)))
        return sc;
    for (i = 0; i < src->Value.MVszA.cValues; i++)
        if (!(dst->Value.MVszA.lppszA[i] = convert_string(src->Value.MVszA.lppszA[i], to_unicode,
                                                          root->allocate_more, parent, &sc)))
            return sc;
    return S_OK;
}

static BOOL is_bad_tags(const SPropTagArray *tags)
{
    ULONG i;

    if (!tags->cValues) return TRUE;
    for (i = 0; i < tags->cValues; i++)
        if (FBadPropTag(tags->aulPropTag[i])) return TRUE;
    return FALSE;
}

static HRESULT props_get(struct msg_root *root, const struct msg_props *props, SPropTagArray *tags, ULONG flags,
                         ULONG *count, SPropValue **values)
{
    SPropValue *array;
    HRESULT hr = S_OK;
    ULONG i, n;
    SCODE sc;

    if (!count || !values) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *values = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (tags && is_bad_tags(tags)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&root->cs);
    n = tags ? tags->cValues : props->count;
    if (!n) goto done;
    if (FAILED(hr = root->allocate_buffer(n * sizeof(SPropValue), (void **)&array))) goto done;
    for (i = 0; i < n; i++)
    {
        const struct msg_prop *prop;
        ULONG tag, type;

        if (tags)
        {
            tag = tags->aulPropTag[i];
            prop = msg_props_find(props, tag);
            if (prop && !(prop->attr & PROPATTR_READABLE)) prop = NULL;
        }
        else
        {
            prop = &props->items[i];
            tag = prop->value->ulPropTag;
        }
        if (!prop) sc = MAPI_E_NOT_FOUND;
        else
        {
            type = tags ? PROP_TYPE(tag) : PT_UNSPECIFIED;
            if (type == PT_UNSPECIFIED) type = unspecified_type(PROP_TYPE(prop->value->ulPropTag), flags);
            sc = copy_out(root, &array[i], prop->value, type, array);
        }
        if (FAILED(sc))
        {
            array[i].ulPropTag = CHANGE_PROP_TYPE(tag, PT_ERROR);
            array[i].dwAlignPad = 0;
            array[i].Value.err = sc;
            hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    *count = n;
    *values = array;
done:
    LeaveCriticalSection(&root->cs);
    return hr;
}

static HRESULT props_list(struct msg_root *root, const struct msg_props *props, ULONG flags, SPropTagArray **tags)
{
    SPropTagArray *list;
    HRESULT hr;
    ULONG i;

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    EnterCriticalSection(&root->cs);
    if (SUCCEEDED(hr = root->allocate_buffer(CbNewSPropTagArray(props->count), (void **)&list)))
    {
        for (i = 0; i < props->count; i++)
        {
            ULONG tag = props->items[i].value->ulPropTag;
            list->aulPropTag[i] = CHANGE_PROP_TYPE(tag, unspecified_type(PROP_TYPE(tag), flags));
        }
        list->cValues = props->count;
        *tags = list;
    }
    LeaveCriticalSection(&root->cs);
    return hr;
}

struct problems
{
    SPropProblem *items;
    ULONG count;
    ULONG capacity;
    BOOL lost;
};

static void add_problem(struct problems *list, ULONG index, ULONG tag, SCODE scode)
{
    if (list->count == list->capacity)
    {
        ULONG capacity = max(8, list->capacity * 2);
        SPropProblem *items = list->items ? HeapReAlloc(GetProcessHeap(), 0, list->items, capacity * sizeof(*items))
                                          : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*items));
        if (!items)
        {
            list->lost = TRUE;
            return;
        }
        list->items = items;
        list->capacity = capacity;
    }
    list->items[list->count].ulIndex = index;
    list->items[list->count].ulPropTag = tag;
    list->items[list->count].scode = scode;
    list->count++;
}

static HRESULT return_problems(struct msg_root *root, struct problems *list, SPropProblemArray **out)
{
    SPropProblemArray *array;
    HRESULT hr = list->lost ? MAPI_E_NOT_ENOUGH_MEMORY : S_OK;

    if (out && list->count && !list->lost &&
        SUCCEEDED(hr = root->allocate_buffer(CbNewSPropProblemArray(list->count), (void **)&array)))
    {
        array->cProblem = list->count;
        memcpy(array->aProblem, list->items, list->count * sizeof(*list->items));
        *out = array;
    }
    HeapFree(GetProcessHeap(), 0, list->items);
    return hr;
}

/* Properties a client cannot set: the object's own identifiers. */
static BOOL is_computed(ULONG tag, BOOL attachment)
{
    return PROP_ID(tag) == PROP_ID(PR_OBJECT_TYPE) ||
           (attachment && PROP_ID(tag) == PROP_ID(PR_ATTACH_NUM));
}

static HRESULT props_set(struct msg_root *root, struct msg_props *props, BOOL writable, BOOL attachment,
                         ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    struct problems list = { 0 };
    struct msg_prop *prop;
    ULONG i;
    SCODE sc;

    if (problems) *problems = NULL;
    if (!values || !count) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        ULONG type = PROP_TYPE(values[i].ulPropTag);

        if (values[i].ulPropTag == PR_NULL || type == PT_ERROR) continue;
        if (FBadProp(&values[i]) || type == PT_UNSPECIFIED || type == PT_NULL ||
            PROP_ID(values[i].ulPropTag) == PROP_ID_INVALID)
            return MAPI_E_INVALID_PARAMETER;
    }
    if (!writable) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&root->cs);
    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag;

        if (tag == PR_NULL || PROP_TYPE(tag) == PT_ERROR) continue;
        if (PROP_TYPE(tag) == PT_OBJECT || is_computed(tag, attachment))
        {
            add_problem(&list, i, tag, PROP_TYPE(tag) == PT_OBJECT ? MAPI_E_INVALID_TYPE : MAPI_E_COMPUTED);
            continue;
        }
        if ((prop = msg_props_find(props, tag)) && !(prop->attr & PROPATTR_WRITEABLE))
        {
            add_problem(&list, i, tag, MAPI_E_NO_ACCESS);
            continue;
        }
        if (PROP_TYPE(tag) & MV_FLAG && !values[i].Value.MVi.cValues)
        {
            /* No values is no property. */
            msg_props_delete(props, tag);
            continue;
        }
        if (FAILED(sc = msg_props_set(props, &values[i], 0))) add_problem(&list, i, tag, sc);
    }
    LeaveCriticalSection(&root->cs);
    return return_problems(root, &list, problems);
}

static HRESULT props_delete(struct msg_root *root, struct msg_props *props, BOOL writable, BOOL attachment,
                            SPropTagArray *tags, SPropProblemArray **problems)
{
    struct problems list = { 0 };
    struct msg_prop *prop;
    ULONG i;

    if (problems) *problems = NULL;
    if (!tags || is_bad_tags(tags)) return MAPI_E_INVALID_PARAMETER;
    if (!writable) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&root->cs);
    for (i = 0; i < tags->cValues; i++)
    {
        ULONG tag = tags->aulPropTag[i];

        if (is_computed(tag, attachment))
            add_problem(&list, i, tag, MAPI_E_COMPUTED);
        else if (!(prop = msg_props_find(props, tag)))
            continue;
        else if (!(prop->attr & PROPATTR_WRITEABLE))
            add_problem(&list, i, tag, MAPI_E_NO_ACCESS);
        else
            msg_props_delete(props, tag);
    }
    LeaveCriticalSection(&root->cs);
    return return_problems(root, &list, problems);
}

/***********************************************************************
 * Named properties: one map for the message and all it holds
 */

static HRESULT names_from_ids(struct msg_root *root, SPropTagArray **tags, GUID *guid, ULONG flags,
                              ULONG *count, MAPINAMEID ***names)
{
    const struct named_entry *entry;
    SPropTagArray *list = NULL;
    MAPINAMEID **array = NULL;
    HRESULT hr = S_OK;
    ULONG i, n;

    if (!tags || !count || !names) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *names = NULL;
    if (flags & ~(MAPI_NO_IDS | MAPI_NO_STRINGS)) return MAPI_E_UNKNOWN_FLAGS;
    if (*tags && is_bad_tags(*tags)) return MAPI_E_INVALID_PARAMETER;

    EnterCriticalSection(&root->cs);
    if (!*tags)
    {
        /* Every name, as the GUID and flags filter them. */
        if (FAILED(hr = root->allocate_buffer(CbNewSPropTagArray(root->names.count), (void **)&list))) goto done;
        for (i = n = 0; i < root->names.count; i++)
        {
            if (!(entry = named_map_entry(&root->names, 0x8000 + i))) continue;
            if (guid && !IsEqualGUID(guid, &entry->guid)) continue;
            if ((flags & MAPI_NO_IDS) && entry->kind == MNID_ID) continue;
            if ((flags & MAPI_NO_STRINGS) && entry->kind == MNID_STRING) continue;
            list->aulPropTag[n++] = PROP_TAG(PT_UNSPECIFIED, 0x8000 + i);
        }
        list->cValues = n;
    }
    else
        list = *tags;

    if (FAILED(hr = root->allocate_buffer(max(list->cValues, 1) * sizeof(*array), (void **)&array))) goto done;
    for (i = 0; i < list->cValues; i++)
    {
        MAPINAMEID *name;

        array[i] = NULL;
        if (!(entry = named_map_entry(&root->names, PROP_ID(list->aulPropTag[i]))))
        {
            hr = MAPI_W_ERRORS_RETURNED;
            continue;
        }
        if (FAILED(hr = root->allocate_more(sizeof(*name) + sizeof(GUID), array, (void **)&name))) goto done;
        name->lpguid = (GUID *)(name + 1);
        *name->lpguid = entry->guid;
        name->ulKind = entry->kind;
        if (entry->kind == MNID_ID)
            name->Kind.lID = entry->id;
        else
        {
            SIZE_T size = (wcslen(entry->name) + 1) * sizeof(WCHAR);

            if (FAILED(hr = root->allocate_more(size, array, (void **)&name->Kind.lpwstrName))) goto done;
            memcpy(name->Kind.lpwstrName, entry->name, size);
        }
        array[i] = name;
    }
    if (!*tags) *tags = list;
    *count = list->cValues;
    *names = array;
    array = NULL;
    list = NULL;
done:
    LeaveCriticalSection(&root->cs);
    if (array) root->free_buffer(array);
    if (list && list != *tags) root->free_buffer(list);
    return hr;
}

static HRESULT ids_from_names(struct msg_root *root, BOOL writable, ULONG count, MAPINAMEID **names, ULONG flags,
                              SPropTagArray **tags)
{
    SPropTagArray *list;
    HRESULT hr = S_OK;
    ULONG i, id;
    SCODE sc;

    if (!tags) return MAPI_E_INVALID_PARAMETER;
    *tags = NULL;
    if (flags & ~MAPI_CREATE) return MAPI_E_UNKNOWN_FLAGS;
    if (!count || !names)
    {
        /* All of them: the caller's way of asking for the whole map. */
        SPropTagArray *all = NULL;
        ULONG names_count;
        MAPINAMEID **unused;

        if (count || names) return MAPI_E_INVALID_PARAMETER;
        hr = names_from_ids(root, &all, NULL, 0, &names_count, &unused);
        if (SUCCEEDED(hr))
        {
            root->free_buffer(unused);
            *tags = all;
        }
        return hr;
    }
    for (i = 0; i < count; i++)
    {
        if (!names[i] || !names[i]->lpguid) return MAPI_E_INVALID_PARAMETER;
        if (names[i]->ulKind != MNID_ID && names[i]->ulKind != MNID_STRING) return MAPI_E_INVALID_PARAMETER;
        if (names[i]->ulKind == MNID_STRING && !names[i]->Kind.lpwstrName) return MAPI_E_INVALID_PARAMETER;
    }
    if ((flags & MAPI_CREATE) && !writable) return MAPI_E_NO_ACCESS;

    if (FAILED(hr = root->allocate_buffer(CbNewSPropTagArray(count), (void **)&list))) return hr;
    EnterCriticalSection(&root->cs);
    for (i = 0; i < count; i++)
    {
        if (FAILED(sc = named_map_lookup(&root->names, names[i], !!(flags & MAPI_CREATE), &id)))
        {
            list->aulPropTag[i] = PROP_TAG(PT_ERROR, 0);
            hr = MAPI_W_ERRORS_RETURNED;
        }
        else
            list->aulPropTag[i] = PROP_TAG(PT_UNSPECIFIED, id);
    }
    LeaveCriticalSection(&root->cs);
    list->cValues = count;
    *tags = list;
    return hr;
}

/***********************************************************************
 * Copying to another object (CopyTo, CopyProps)
 */

static BOOL tag_in(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static BOOL iid_in(ULONG count, LPCIID iids, REFIID iid)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (IsEqualIID(&iids[i], iid)) return TRUE;
    return FALSE;
}

/* Copies the plain properties, by value, into dest through its SetProps. */
static HRESULT copy_props_to(struct msg_root *root, const struct msg_props *props, const SPropTagArray *include,
                             const SPropTagArray *exclude, IMAPIProp *dest, ULONG flags,
                             SPropProblemArray **problems)
{
    SPropTagArray *existing = NULL;
    SPropValue *values;
    ULONG i, n = 0;
    HRESULT hr;

    EnterCriticalSection(&root->cs);
    hr = MAPIAllocateBuffer(max(props->count, 1) * sizeof(SPropValue), (void **)&values);
    for (i = 0; SUCCEEDED(hr) && i < props->count; i++)
    {
        const SPropValue *value = props->items[i].value;

        if (PROP_TYPE(value->ulPropTag) == PT_OBJECT) continue;
        if (include && !tag_in(include, value->ulPropTag)) continue;
        if (tag_in(exclude, value->ulPropTag)) continue;
        if (PROP_ID(value->ulPropTag) == PROP_ID(PR_ATTACH_NUM) || PROP_ID(value->ulPropTag) == PROP_ID(PR_ROWID))
            continue;
        hr = PropCopyMore(&values[n++], (SPropValue *)value, MAPIAllocateMore, values);
    }
    LeaveCriticalSection(&root->cs);
    if (FAILED(hr)) goto done;

    if (flags & MAPI_NOREPLACE)
    {
        ULONG kept = 0;

        /* Leave what dest already has. */
        if (SUCCEEDED(IMAPIProp_GetPropList(dest, MAPI_UNICODE, &existing)) && existing)
        {
            for (i = 0; i < n; i++)
                if (!tag_in(existing, values[i].ulPropTag)) values[kept++] = values[i];
            n = kept;
        }
    }
    if (n) hr = IMAPIProp_SetProps(dest, n, values, problems);
done:
    MAPIFreeBuffer(existing);
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT copy_recipients_to(struct msg_root *root, const struct msg_node *node, IMessage *dest)
{
    ADRLIST *list;
    HRESULT hr;
    ULONG i, j;

    if (!node->recip_count) return S_OK;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(node->recip_count), (void **)&list))) return hr;
    list->cEntries = 0;
    EnterCriticalSection(&root->cs);
    for (i = 0; SUCCEEDED(hr) && i < node->recip_count; i++)
    {
        const struct msg_props *recip = &node->recips[i];
        ADRENTRY *entry = &list->aEntries[list->cEntries++];

        entry->ulReserved1 = 0;
        entry->cValues = 0;
        if (FAILED(hr = MAPIAllocateMore(max(recip->count, 1) * sizeof(SPropValue), list, (void **)&entry->rgPropVals)))
            break;
        for (j = 0; SUCCEEDED(hr) && j < recip->count; j++)
        {
            if (PROP_ID(recip->items[j].value->ulPropTag) == PROP_ID(PR_ROWID)) continue;
            hr = PropCopyMore(&entry->rgPropVals[entry->cValues++], recip->items[j].value, MAPIAllocateMore, list);
        }
    }
    LeaveCriticalSection(&root->cs);
    if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(dest, MODRECIP_ADD, list);
    MAPIFreeBuffer(list);
    return hr;
}

static HRESULT copy_attach_to(struct msg_root *root, const struct attach_node *attach, IAttach *dest);

static HRESULT copy_attachments_to(struct msg_root *root, const struct msg_node *node, IMessage *dest)
{
    HRESULT hr = S_OK;
    ULONG i, num;

    for (i = 0; SUCCEEDED(hr) && i < node->attach_count; i++)
    {
        IAttach *attach;

        if (FAILED(hr = IMessage_CreateAttach(dest, NULL, 0, &num, &attach))) break;
        if (SUCCEEDED(hr = copy_attach_to(root, node->attachments[i], attach)))
            hr = IAttach_SaveChanges(attach, 0);
        IAttach_Release(attach);
    }
    return hr;
}

static HRESULT copy_message_to(struct msg_root *root, const struct msg_node *node, const SPropTagArray *exclude,
                               BOOL skip_recips, BOOL skip_attachments, IMessage *dest, ULONG flags,
                               SPropProblemArray **problems)
{
    HRESULT hr = copy_props_to(root, &node->props, NULL, exclude, (IMAPIProp *)dest, flags, problems);

    if (SUCCEEDED(hr) && !skip_recips && !tag_in(exclude, PR_MESSAGE_RECIPIENTS))
        hr = copy_recipients_to(root, node, dest);
    if (SUCCEEDED(hr) && !skip_attachments && !tag_in(exclude, PR_MESSAGE_ATTACHMENTS))
        hr = copy_attachments_to(root, node, dest);
    return hr;
}

static HRESULT copy_attach_to(struct msg_root *root, const struct attach_node *attach, IAttach *dest)
{
    HRESULT hr = copy_props_to(root, &attach->props, NULL, NULL, (IMAPIProp *)dest, 0, NULL);
    IUnknown *object;

    if (FAILED(hr)) return hr;
    if (attach->embedded)
    {
        if (FAILED(hr = IAttach_OpenProperty(dest, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, MAPI_CREATE | MAPI_MODIFY,
                                             &object)))
            return hr;
        hr = copy_message_to(root, attach->embedded, NULL, FALSE, FALSE, (IMessage *)object, 0, NULL);
        if (SUCCEEDED(hr)) hr = IMessage_SaveChanges((IMessage *)object, 0);
        IUnknown_Release(object);
    }
    else if (attach->storage)
    {
        if (FAILED(hr = IAttach_OpenProperty(dest, PR_ATTACH_DATA_OBJ, &IID_IStorage, 0, MAPI_CREATE | MAPI_MODIFY,
                                             &object)))
            return hr;
        hr = IStorage_CopyTo(attach->storage, 0, NULL, NULL, (IStorage *)object);
        if (SUCCEEDED(hr)) hr = IStorage_Commit((IStorage *)object, STGC_DEFAULT);
        IUnknown_Release(object);
        if (FAILED(hr)) hr = MapStorageSCode(hr);
    }
    return hr;
}

static HRESULT check_copy_args(ULONG excluded_count, LPCIID excluded, const SPropTagArray *tags, LPCIID iid,
                               void *dest, ULONG flags)
{
    if (excluded_count && !excluded) return MAPI_E_INVALID_PARAMETER;
    if (!dest) return MAPI_E_INVALID_PARAMETER;
    if (tags && is_bad_tags(tags)) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_MOVE | MAPI_NOREPLACE | MAPI_DIALOG | MAPI_DECLINE_OK)) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & MAPI_MOVE) return MAPI_E_NO_SUPPORT;
    return S_OK;
}

/***********************************************************************
 * Property streams (OpenProperty with IID_IStream)
 */

static SCODE prop_stream_flush(struct prop_stream *This)
{
    LARGE_INTEGER zero = { { 0 } };
    ULARGE_INTEGER end;
    SPropValue value;
    STATSTG stat;
    BYTE *data;
    ULONG size, got;
    HRESULT hr;
    SCODE sc;

    if (!This->dirty) return S_OK;
    if (FAILED(hr = IStream_Stat(This->inner, &stat, STATFLAG_NONAME))) return MapStorageSCode(hr);
    if (stat.cbSize.QuadPart >= 0x7fff0000) return MAPI_E_TOO_BIG;
    size = stat.cbSize.u.LowPart;
    if (!(data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size + sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    IStream_Seek(This->inner, zero, STREAM_SEEK_CUR, &end);
    IStream_Seek(This->inner, zero, STREAM_SEEK_SET, NULL);
    hr = IStream_Read(This->inner, data, size, &got);
    IStream_Seek(This->inner, *(LARGE_INTEGER *)&end, STREAM_SEEK_SET, NULL);
    if (FAILED(hr))
    {
        HeapFree(GetProcessHeap(), 0, data);
        return MapStorageSCode(hr);
    }
    value.ulPropTag = This->tag;
    value.dwAlignPad = 0;
    switch (PROP_TYPE(This->tag))
    {
    case PT_STRING8: value.Value.lpszA = (char *)data; break;
    case PT_UNICODE: value.Value.lpszW = (WCHAR *)data; break;
    default:
        value.Value.bin.cb = got;
        value.Value.bin.lpb = data;
        break;
    }
    EnterCriticalSection(&This->root->cs);
    sc = msg_props_set(This->props, &value, 0);
    LeaveCriticalSection(&This->root->cs);
    HeapFree(GetProcessHeap(), 0, data);
    if (SUCCEEDED(sc)) This->dirty = FALSE;
    return sc;
}

static HRESULT WINAPI prop_stream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    struct prop_stream *This = impl_from_IStream(iface);

    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);
    if (!out) return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IStream) ||
        IsEqualIID(riid, &IID_ISequentialStream))
    {
        *out = &This->IStream_iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI prop_stream_AddRef(IStream *iface)
{
    struct prop_stream *This = impl_from_IStream(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI prop_stream_Release(IStream *iface)
{
    struct prop_stream *This = impl_from_IStream(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        /* Writes not committed still reach the property, as with other MAPI streams. */
        if (!This->root->closed && FAILED(prop_stream_flush(This))) WARN("lost the changes to %#lx\n", This->tag);
        IStream_Release(This->inner);
        IUnknown_Release(This->owner);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static HRESULT WINAPI prop_stream_Read(IStream *iface, void *data, ULONG size, ULONG *read)
{
    struct prop_stream *This = impl_from_IStream(iface);

    if (This->root->closed) return STG_E_REVERTED;
    return IStream_Read(This->inner, data, size, read);
}

static HRESULT WINAPI prop_stream_Write(IStream *iface, const void *data, ULONG size, ULONG *written)
{
    struct prop_stream *This = impl_from_IStream(iface);

    if (This->root->closed) return STG_E_REVERTED;
    if (!This->writable) return STG_E_ACCESSDENIED;
    This->dirty = TRUE;
    return IStream_Write(This->inner, data, size, written);
}

static HRESULT WINAPI prop_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *position)
{
    struct prop_stream *This = impl_from_IStream(iface);

    if (This->root->closed) return STG_E_REVERTED;
    return IStream_Seek(This->inner, move, origin, position);
}

static HRESULT WINAPI prop_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct prop_stream *This = impl_from_IStream(iface);

    if (This->root->closed) return STG_E_REVERTED;
    if (!This->writable) return STG_E_ACCESSDENIED;
    This->dirty = TRUE;
    return IStream_SetSize(This->inner, size);
}

static HRESULT WINAPI prop_stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size, ULARGE_INTEGER *read,
                                         ULARGE_INTEGER *written)
{
    struct prop_stream *This = impl_from_IStream(iface);

    if (This->root->closed) return STG_E_REVERTED;
    return IStream_CopyTo(This->inner, dest, size, read, written);
}

static HRESULT WINAPI prop_stream_Commit(IStream *iface, DWORD flags)
{
    struct prop_stream *This = impl_from_IStream(iface);
    SCODE sc;

    TRACE("(%p,%#lx)\n", iface, flags);
    if (This->root->closed) return STG_E_REVERTED;
    if (!This->writable) return STG_E_ACCESSDENIED;
    sc = prop_stream_flush(This);
    return FAILED(sc) ? sc : S_OK;
}

static HRESULT WINAPI prop_stream_Revert(IStream *iface)
{
    TRACE("(%p)\n", iface);
    return S_OK; /* not transacted: there is nothing to go back to */
}

static HRESULT WINAPI prop_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI prop_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
                                               DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI prop_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct prop_stream *This = impl_from_IStream(iface);
    HRESULT hr;

    if (This->root->closed) return STG_E_REVERTED;
    if (SUCCEEDED(hr = IStream_Stat(This->inner, stat, flags)))
        stat->grfMode = This->writable ? STGM_READWRITE : STGM_READ;
    return hr;
}

/* A clone shares the data, with a seek pointer of its own: what one writes the other reads. */
static HRESULT WINAPI prop_stream_Clone(IStream *iface, IStream **clone)
{
    struct prop_stream *This = impl_from_IStream(iface), *copy;
    HRESULT hr;

    TRACE("(%p,%p)\n", iface, clone);

    if (!clone) return STG_E_INVALIDPOINTER;
    *clone = NULL;
    if (This->root->closed) return STG_E_REVERTED;
    if (!(copy = HeapAlloc(GetProcessHeap(), 0, sizeof(*copy)))) return E_OUTOFMEMORY;
    *copy = *This;
    copy->ref = 1;
    copy->dirty = FALSE;
    if (FAILED(hr = IStream_Clone(This->inner, &copy->inner)))
    {
        HeapFree(GetProcessHeap(), 0, copy);
        return hr;
    }
    IUnknown_AddRef(copy->owner);
    *clone = &copy->IStream_iface;
    return S_OK;
}

static const IStreamVtbl prop_stream_vtbl =
{
    prop_stream_QueryInterface,
    prop_stream_AddRef,
    prop_stream_Release,
    prop_stream_Read,
    prop_stream_Write,
    prop_stream_Seek,
    prop_stream_SetSize,
    prop_stream_CopyTo,
    prop_stream_Commit,
    prop_stream_Revert,
    prop_stream_LockRegion,
    prop_stream_UnlockRegion,
    prop_stream_Stat,
    prop_stream_Clone
};

static HRESULT open_prop_stream(struct msg_root *root, IUnknown *owner, struct msg_props *props, BOOL writable,
                                ULONG tag, ULONG flags, IUnknown **out)
{
    ULONG type = PROP_TYPE(tag);
    struct prop_stream *stream;
    struct msg_prop *prop;
    HRESULT hr = S_OK;

    if (type != PT_BINARY && type != PT_STRING8 && type != PT_UNICODE) return MAPI_E_NO_SUPPORT;
    if ((flags & (MAPI_CREATE | MAPI_MODIFY)) && !writable) return MAPI_E_NO_ACCESS;
    if (!(stream = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*stream)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    stream->IStream_iface.lpVtbl = &prop_stream_vtbl;
    stream->ref = 1;
    stream->root = root;
    stream->props = props;
    stream->tag = tag;
    stream->writable = !!(flags & (MAPI_CREATE | MAPI_MODIFY));
    if (FAILED(hr = CreateStreamOnHGlobal(NULL, TRUE, &stream->inner)))
    {
        HeapFree(GetProcessHeap(), 0, stream);
        return MapStorageSCode(hr);
    }

    EnterCriticalSection(&root->cs);
    prop = msg_props_find(props, tag);
    if (prop && !(prop->attr & PROPATTR_READABLE)) prop = NULL;
    if (prop && stream->writable && !(prop->attr & PROPATTR_WRITEABLE)) hr = MAPI_E_NO_ACCESS;
    else if (flags & MAPI_CREATE)
        stream->dirty = TRUE; /* the old value goes, even if nothing is written */
    else if (!prop)
        hr = MAPI_E_NOT_FOUND;
    else
    {
        const SPropValue *value = prop->value;
        ULONG stored = PROP_TYPE(value->ulPropTag);
        void *data = NULL, *converted = NULL, *block = NULL;
        ULONG size = 0;
        SCODE sc;

        /* A string property may be asked for in the other width. */
        if (stored != type && is_string_type(stored) && is_string_type(type) &&
            !((stored | type) & MV_FLAG))
        {
            if (SUCCEEDED(sc = MAPIAllocateBuffer(1, &block)))
                converted = convert_string(value->Value.lpszA, type == PT_UNICODE, MAPIAllocateMore, block, &sc);
            if (FAILED(sc)) hr = sc;
        }
        else if (stored != type)
            hr = MAPI_E_NOT_FOUND;
        if (SUCCEEDED(hr))
        {
            switch (type)
            {
            case PT_BINARY:
                data = value->Value.bin.lpb;
                size = value->Value.bin.cb;
                break;
            case PT_STRING8:
                data = converted ? converted : value->Value.lpszA;
                size = strlen(data);
                break;
            default:
                data = converted ? converted : value->Value.lpszW;
                size = wcslen(data) * sizeof(WCHAR);
                break;
            }
            if (size && FAILED(hr = IStream_Write(stream->inner, data, size, NULL))) hr = MapStorageSCode(hr);
        }
        MAPIFreeBuffer(block);
    }
    LeaveCriticalSection(&root->cs);

    if (FAILED(hr))
    {
        IStream_Release(stream->inner);
        HeapFree(GetProcessHeap(), 0, stream);
        return hr;
    }
    if (flags & MAPI_CREATE) IStream_SetSize(stream->inner, (ULARGE_INTEGER){ { 0 } });
    IStream_Seek(stream->inner, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    stream->owner = owner;
    IUnknown_AddRef(owner);
    *out = (IUnknown *)&stream->IStream_iface;
    return S_OK;
}

static HRESULT check_open_property(ULONG tag, LPCIID iid, ULONG flags, IUnknown **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!iid || FBadPropTag(tag) || PROP_TYPE(tag) == PT_UNSPECIFIED) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS | STREAM_APPEND))
        return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

/***********************************************************************
 * Tables of recipients and attachments
 */

static BOOL is_table_value(const SPropValue *value)
{
    ULONG type = PROP_TYPE(value->ulPropTag);

    /* Tables show what fits in a row; the data of an attachment is read from it. */
    if (type == PT_OBJECT || value->ulPropTag == PR_ATTACH_DATA_BIN) return FALSE;
    if (type == PT_BINARY && value->Value.bin.cb > 4096) return FALSE;
    return TRUE;
}

static HRESULT add_column(SPropTagArray *columns, ULONG max_columns, ULONG tag)
{
    ULONG i;

    for (i = 0; i < columns->cValues; i++)
        if (PROP_ID(columns->aulPropTag[i]) == PROP_ID(tag)) return S_OK;
    if (columns->cValues >= max_columns) return S_OK;
    columns->aulPropTag[columns->cValues++] = tag;
    return S_OK;
}

/* A row of a table: the values of set, in the character width flags ask for. */
static HRESULT add_row(struct msg_root *root, ITableData *table, const struct msg_props *set,
                       const SPropValue *extra, ULONG extra_count, ULONG flags)
{
    SPropValue *values;
    ULONG i, n = 0;
    SRow row;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer((set->count + extra_count + 1) * sizeof(SPropValue), (void **)&values)))
        return hr;
    for (i = 0; SUCCEEDED(hr) && i < extra_count; i++) values[n++] = extra[i];
    for (i = 0; SUCCEEDED(hr) && i < set->count; i++)
    {
        const SPropValue *value = set->items[i].value;

        if (!is_table_value(value)) continue;
        hr = copy_out(root, &values[n], value,
                      unspecified_type(PROP_TYPE(value->ulPropTag), flags), values);
        if (SUCCEEDED(hr)) n++;
    }
    if (SUCCEEDED(hr))
    {
        row.ulAdrEntryPad = 0;
        row.cValues = n;
        row.lpProps = values;
        hr = table->lpVtbl->HrModifyRow(table, &row);
    }
    MAPIFreeBuffer(values);
    return hr;
}

static void WINAPI release_table_data(ULONG_PTR data, ITableData *table, IMAPITable *view)
{
    /* The view was the only user of its data. */
    table->lpVtbl->Release(table);
}

static HRESULT make_table(ITableData *table, IMAPITable **view)
{
    HRESULT hr = table->lpVtbl->HrGetView(table, NULL, release_table_data, 0, view);

    if (FAILED(hr)) table->lpVtbl->Release(table);
    return hr;
}

static HRESULT recipient_table(struct msg_root *root, const struct msg_node *node, ULONG flags, IMAPITable **out)
{
    static const ULONG base[] = { PR_ROWID, PR_DISPLAY_NAME_W, PR_RECIPIENT_TYPE, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W,
                                  PR_ENTRYID };
    ULONG max_columns = 256, i, j;
    SPropTagArray *columns;
    ITableData *table;
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(max_columns), (void **)&columns))) return hr;
    columns->cValues = 0;

    EnterCriticalSection(&root->cs);
    for (i = 0; i < ARRAY_SIZE(base); i++)
        add_column(columns, max_columns, CHANGE_PROP_TYPE(base[i], unspecified_type(PROP_TYPE(base[i]), flags)));
    for (i = 0; i < node->recip_count; i++)
        for (j = 0; j < node->recips[i].count; j++)
        {
            ULONG tag = node->recips[i].items[j].value->ulPropTag;
            if (is_table_value(node->recips[i].items[j].value))
                add_column(columns, max_columns, CHANGE_PROP_TYPE(tag, unspecified_type(PROP_TYPE(tag), flags)));
        }
    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                     TBLTYPE_SNAPSHOT, PR_ROWID, columns, &table);
    for (i = 0; SUCCEEDED(hr) && i < node->recip_count; i++)
        hr = add_row(root, table, &node->recips[i], NULL, 0, flags);
    LeaveCriticalSection(&root->cs);
    MAPIFreeBuffer(columns);
    if (FAILED(hr))
    {
        if (table) table->lpVtbl->Release(table);
        return hr;
    }
    return make_table(table, out);
}

static HRESULT attachment_table(struct msg_root *root, const struct msg_node *node, ULONG flags, IMAPITable **out)
{
    static const ULONG base[] = { PR_ATTACH_NUM, PR_INSTANCE_KEY, PR_RECORD_KEY, PR_RENDERING_POSITION,
                                  PR_ATTACH_METHOD, PR_DISPLAY_NAME_W, PR_ATTACH_FILENAME_W, PR_ATTACH_LONG_FILENAME_W,
                                  PR_ATTACH_SIZE };
    ULONG max_columns = 256, i, j;
    SPropTagArray *columns;
    ITableData *table = NULL;
    HRESULT hr;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewSPropTagArray(max_columns), (void **)&columns))) return hr;
    columns->cValues = 0;

    EnterCriticalSection(&root->cs);
    for (i = 0; i < ARRAY_SIZE(base); i++)
        add_column(columns, max_columns, CHANGE_PROP_TYPE(base[i], unspecified_type(PROP_TYPE(base[i]), flags)));
    for (i = 0; i < node->attach_count; i++)
        for (j = 0; j < node->attachments[i]->props.count; j++)
        {
            const SPropValue *value = node->attachments[i]->props.items[j].value;
            if (is_table_value(value))
                add_column(columns, max_columns,
                           CHANGE_PROP_TYPE(value->ulPropTag, unspecified_type(PROP_TYPE(value->ulPropTag), flags)));
        }
    hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                     TBLTYPE_SNAPSHOT, PR_ATTACH_NUM, columns, &table);
    for (i = 0; SUCCEEDED(hr) && i < node->attach_count; i++)
    {
        const struct attach_node *attach = node->attachments[i];
        SPropValue extra[3];
        ULONG size = 0;

        /* The key of the row, and what the table computes. */
        extra[0].ulPropTag = PR_ATTACH_NUM;
        extra[0].Value.l = attach->num;
        extra[1].ulPropTag = PR_INSTANCE_KEY;
        extra[1].Value.bin.cb = sizeof(attach->num);
        extra[1].Value.bin.lpb = (BYTE *)&attach->num;
        for (j = 0; j < attach->props.count; j++)
        {
            const SPropValue *value = attach->props.items[j].value;
            if (PROP_TYPE(value->ulPropTag) == PT_BINARY) size += value->Value.bin.cb;
            else if (PROP_TYPE(value->ulPropTag) == PT_STRING8) size += strlen(value->Value.lpszA) + 1;
            else if (PROP_TYPE(value->ulPropTag) == PT_UNICODE) size += (wcslen(value->Value.lpszW) + 1) * 2;
            else size += sizeof(SPropValue);
        }
        extra[2].ulPropTag = PR_ATTACH_SIZE;
        extra[2].Value.l = msg_props_find(&attach->props, PR_ATTACH_SIZE) ?
                           msg_props_get_long(&attach->props, PR_ATTACH_SIZE, size) : size;
        hr = add_row(root, table, &attach->props, extra, 3, flags);
    }
    LeaveCriticalSection(&root->cs);
    MAPIFreeBuffer(columns);
    if (FAILED(hr))
    {
        if (table) table->lpVtbl->Release(table);
        return hr;
    }
    return make_table(table, out);
}

/***********************************************************************
 * Objects
 */

static void root_free(struct msg_root *root)
{
    EnterCriticalSection(&session_cs);
    if (root->session_list) list_remove(&root->entry);
    LeaveCriticalSection(&session_cs);
    named_map_clear(&root->names);
    if (root->storage) IStorage_Release(root->storage);
    if (root->malloc) IMalloc_Release(root->malloc);
    root->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&root->cs);
    HeapFree(GetProcessHeap(), 0, root);
}

static struct imessage *message_create(struct msg_root *root, struct msg_node *node, struct iattach *parent,
                                       BOOL writable)
{
    struct imessage *message = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*message));

    if (!message) return NULL;
    message->IMessage_iface.lpVtbl = &imessage_vtbl;
    message->ref = 1;
    message->root = root;
    message->node = node;
    message->parent = parent;
    message->writable = writable;
    if (parent) IAttach_AddRef(&parent->IAttach_iface);
    return message;
}

static struct iattach *attach_create(struct imessage *parent, struct attach_node *node, BOOL writable)
{
    struct iattach *attach = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*attach));

    if (!attach) return NULL;
    attach->IAttach_iface.lpVtbl = &iattach_vtbl;
    attach->ref = 1;
    attach->root = parent->root;
    attach->parent = parent;
    attach->node = node;
    attach->writable = writable;
    IMessage_AddRef(&parent->IMessage_iface);
    return attach;
}

/**************************************************************************
 *  IMessage methods
 */
static HRESULT WINAPI IMessage_fnQueryInterface(IMessage *iface, REFIID riid, void **out)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);
    if (!out || !riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMessage))
    {
        *out = &This->IMessage_iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI IMessage_fnAddRef(IMessage *iface)
{
    struct imessage *This = impl_from_IMessage(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI IMessage_fnRelease(IMessage *iface)
{
    struct imessage *This = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (ref) return ref;

    if (This->parent)
    {
        msg_node_free(This->node);
        IAttach_Release(&This->parent->IAttach_iface);
    }
    else
    {
        struct msg_root *root = This->root;

        if (root->release) root->release(root->release_data, iface);
        msg_node_free(This->node);
        root_free(root);
    }
    HeapFree(GetProcessHeap(), 0, This);
    return 0;
}

static HRESULT WINAPI IMessage_fnGetLastError(IMessage *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

/* PR_DISPLAY_TO, _CC and _BCC: the names of the recipients of each type, as a
 * store computes them and readers of .msg files (msgconvert) expect them. */
static SCODE set_display_recipients(struct msg_node *node)
{
    static const ULONG tags[] = { PR_DISPLAY_TO_W, PR_DISPLAY_CC_W, PR_DISPLAY_BCC_W };
    static const LONG types[] = { MAPI_TO, MAPI_CC, MAPI_BCC };
    ULONG t, i;
    SCODE sc = S_OK;

    for (t = 0; t < ARRAY_SIZE(tags) && SUCCEEDED(sc); t++)
    {
        SIZE_T size = 1;
        WCHAR *names;
        SPropValue value;

        for (i = 0; i < node->recip_count; i++)
        {
            struct msg_prop *name = msg_props_find(&node->recips[i], PR_DISPLAY_NAME_W);
            if ((LONG)msg_props_get_long(&node->recips[i], PR_RECIPIENT_TYPE, MAPI_TO) != types[t] || !name) continue;
            if (PROP_TYPE(name->value->ulPropTag) == PT_UNICODE) size += wcslen(name->value->Value.lpszW) + 2;
            else size += strlen(name->value->Value.lpszA) + 2;
        }
        if (!(names = HeapAlloc(GetProcessHeap(), 0, size * sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        names[0] = 0;
        for (i = 0; i < node->recip_count; i++)
        {
            struct msg_prop *name = msg_props_find(&node->recips[i], PR_DISPLAY_NAME_W);
            WCHAR *end = names + wcslen(names);

            if ((LONG)msg_props_get_long(&node->recips[i], PR_RECIPIENT_TYPE, MAPI_TO) != types[t] || !name) continue;
            if (end != names)
            {
                wcscpy(end, L"; ");
                end += 2;
            }
            if (PROP_TYPE(name->value->ulPropTag) == PT_UNICODE) wcscpy(end, name->value->Value.lpszW);
            else MultiByteToWideChar(CP_ACP, 0, name->value->Value.lpszA, -1, end, size - (end - names));
        }
        value.ulPropTag = tags[t];
        value.dwAlignPad = 0;
        value.Value.lpszW = names;
        if (names[0]) sc = msg_props_set(&node->props, &value, PROPATTR_READABLE);
        else msg_props_delete(&node->props, tags[t]);
        HeapFree(GetProcessHeap(), 0, names);
    }
    return sc;
}

/* The root writes the storage; an embedded message puts its content back into its attachment. */
static HRESULT WINAPI IMessage_fnSaveChanges(IMessage *iface, ULONG flags)
{
    struct imessage *This = impl_from_IMessage(iface);
    struct msg_root *root = This->root;
    struct msg_node *copy;
    HRESULT hr;
    SCODE sc;

    TRACE("(%p,%#lx)\n", iface, flags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (flags & ~SAVE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (!This->writable) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&root->cs);
    if (FAILED(sc = set_display_recipients(This->node)))
    {
        LeaveCriticalSection(&root->cs);
        return sc;
    }
    if (This->parent)
    {
        struct attach_node *attach = This->parent->node;
        SPropValue object = { PR_ATTACH_DATA_OBJ };

        if (SUCCEEDED(sc = msg_node_copy(This->node, &copy)) &&
            SUCCEEDED(sc = msg_props_set(&attach->props, &object, 0)))
        {
            msg_node_free(attach->embedded);
            attach->embedded = copy;
            if (attach->storage)
            {
                IStorage_Release(attach->storage);
                attach->storage = NULL;
            }
            if (!msg_props_find(&attach->props, PR_ATTACH_METHOD))
            {
                SPropValue method = { PR_ATTACH_METHOD };
                method.Value.l = ATTACH_EMBEDDED_MSG;
                sc = msg_props_set(&attach->props, &method, 0);
            }
        }
        else if (copy)
            msg_node_free(copy);
        LeaveCriticalSection(&root->cs);
        return sc;
    }

    sc = msg_node_save(root->storage, MSG_KIND_ROOT, This->node);
    if (SUCCEEDED(sc)) sc = named_map_save(root->storage, &root->names);
    if (SUCCEEDED(sc) && !(root->flags & IMSG_NO_ISTG_COMMIT) &&
        FAILED(hr = IStorage_Commit(root->storage, STGC_DEFAULT)))
        sc = MapStorageSCode(hr);
    if (FAILED(sc) && !(root->flags & IMSG_NO_ISTG_COMMIT))
    {
        WARN("save failed (%#lx): reverting the storage\n", sc);
        IStorage_Revert(root->storage);
    }
    LeaveCriticalSection(&root->cs);
    if (SUCCEEDED(sc) && (flags & KEEP_OPEN_READONLY)) This->writable = FALSE;
    return sc;
}

static HRESULT WINAPI IMessage_fnGetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                          SPropValue **values)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return props_get(This->root, &This->node->props, tags, flags, count, values);
}

static HRESULT WINAPI IMessage_fnGetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return props_list(This->root, &This->node->props, flags, tags);
}

static HRESULT WINAPI IMessage_fnOpenProperty(IMessage *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                              IUnknown **out)
{
    struct imessage *This = impl_from_IMessage(iface);
    HRESULT hr;

    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (FAILED(hr = check_open_property(tag, iid, flags, out))) return hr;
    if (!IsEqualIID(iid, &IID_IStream))
    {
        FIXME("%#lx as %s is not supported on a message\n", tag, debugstr_guid(iid));
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }
    return open_prop_stream(This->root, (IUnknown *)iface, &This->node->props, This->writable, tag, flags, out);
}

static HRESULT WINAPI IMessage_fnSetProps(IMessage *iface, ULONG count, SPropValue *values,
                                          SPropProblemArray **problems)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return props_set(This->root, &This->node->props, This->writable, FALSE, count, values, problems);
}

static HRESULT WINAPI IMessage_fnDeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return props_delete(This->root, &This->node->props, This->writable, FALSE, tags, problems);
}

static HRESULT WINAPI IMessage_fnCopyTo(IMessage *iface, ULONG excluded_count, LPCIID excluded,
                                        SPropTagArray *excluded_tags, ULONG ui_param, IMAPIProgress *progress,
                                        LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct imessage *This = impl_from_IMessage(iface);
    IMessage *message = NULL;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, excluded_count, excluded, excluded_tags, ui_param,
          progress, debugstr_guid(iid), dest, flags, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (problems) *problems = NULL;
    if (FAILED(hr = check_copy_args(excluded_count, excluded, excluded_tags, iid, dest, flags))) return hr;
    if (iid_in(excluded_count, excluded, &IID_IMAPIProp) || iid_in(excluded_count, excluded, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    if (iid && !IsEqualIID(iid, &IID_IMessage) && !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;

    if (!iid_in(excluded_count, excluded, &IID_IMessage) &&
        SUCCEEDED(IUnknown_QueryInterface((IUnknown *)dest, &IID_IMessage, (void **)&message)))
    {
        hr = copy_message_to(This->root, This->node, excluded_tags, FALSE, FALSE, message, flags, problems);
        IMessage_Release(message);
        return hr;
    }
    return copy_props_to(This->root, &This->node->props, NULL, excluded_tags, dest, flags, problems);
}

static HRESULT WINAPI IMessage_fnCopyProps(IMessage *iface, SPropTagArray *include, ULONG ui_param,
                                           IMAPIProgress *progress, LPCIID iid, void *dest, ULONG flags,
                                           SPropProblemArray **problems)
{
    struct imessage *This = impl_from_IMessage(iface);
    IMessage *message = NULL;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, include, ui_param, progress, debugstr_guid(iid), dest,
          flags, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (problems) *problems = NULL;
    if (!include) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = check_copy_args(0, NULL, include, iid, dest, flags))) return hr;
    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    hr = copy_props_to(This->root, &This->node->props, include, NULL, dest, flags, problems);
    if (FAILED(hr)) return hr;
    if ((tag_in(include, PR_MESSAGE_RECIPIENTS) || tag_in(include, PR_MESSAGE_ATTACHMENTS)) &&
        SUCCEEDED(IUnknown_QueryInterface((IUnknown *)dest, &IID_IMessage, (void **)&message)))
    {
        if (tag_in(include, PR_MESSAGE_RECIPIENTS)) hr = copy_recipients_to(This->root, This->node, message);
        if (SUCCEEDED(hr) && tag_in(include, PR_MESSAGE_ATTACHMENTS))
            hr = copy_attachments_to(This->root, This->node, message);
        IMessage_Release(message);
    }
    return hr;
}

static HRESULT WINAPI IMessage_fnGetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                                 ULONG *count, MAPINAMEID ***names)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return names_from_ids(This->root, tags, guid, flags, count, names);
}

static HRESULT WINAPI IMessage_fnGetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                                 SPropTagArray **tags)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return ids_from_names(This->root, This->root->writable, count, names, flags, tags);
}

static HRESULT WINAPI IMessage_fnGetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return attachment_table(This->root, This->node, flags, table);
}

static struct attach_node *find_attach(const struct msg_node *node, ULONG num)
{
    ULONG i;

    for (i = 0; i < node->attach_count; i++)
        if (node->attachments[i]->num == num) return node->attachments[i];
    return NULL;
}

static HRESULT WINAPI IMessage_fnOpenAttach(IMessage *iface, ULONG num, LPCIID iid, ULONG flags, IAttach **out)
{
    struct imessage *This = impl_from_IMessage(iface);
    struct attach_node *node, *copy = NULL;
    struct iattach *attach;
    BOOL writable;
    SCODE sc;

    TRACE("(%p,%lu,%s,%#lx,%p)\n", iface, num, debugstr_guid(iid), flags, out);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualIID(iid, &IID_IAttachment) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if ((flags & MAPI_MODIFY) && !This->writable) return MAPI_E_NO_ACCESS;
    writable = This->writable && (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS));

    EnterCriticalSection(&This->root->cs);
    if (!(node = find_attach(This->node, num))) sc = MAPI_E_NOT_FOUND;
    else sc = attach_node_copy(node, &copy);
    LeaveCriticalSection(&This->root->cs);
    if (FAILED(sc)) return sc;
    if (!(attach = attach_create(This, copy, writable)))
    {
        attach_node_free(copy);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = &attach->IAttach_iface;
    return S_OK;
}

static HRESULT WINAPI IMessage_fnCreateAttach(IMessage *iface, LPCIID iid, ULONG flags, ULONG *num, IAttach **out)
{
    struct imessage *This = impl_from_IMessage(iface);
    struct attach_node *node;
    struct iattach *attach;
    SPropValue value;
    SCODE sc;

    TRACE("(%p,%s,%#lx,%p,%p)\n", iface, debugstr_guid(iid), flags, num, out);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (!out || !num) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_DEFERRED_ERRORS) return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualIID(iid, &IID_IAttachment) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!This->writable) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&This->root->cs);
    if (This->node->attach_count >= MSG_MAX_ATTACHMENTS || This->node->next_attach_num >= 0x7fffffff)
        sc = MAPI_E_TOO_BIG;
    else if (!(node = attach_node_create(This->node->next_attach_num)))
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
    else
    {
        value.ulPropTag = PR_ATTACH_NUM;
        value.Value.l = node->num;
        if (SUCCEEDED(sc = msg_props_set(&node->props, &value, PROPATTR_READABLE)))
            This->node->next_attach_num++;
        else
            attach_node_free(node);
    }
    LeaveCriticalSection(&This->root->cs);
    if (FAILED(sc)) return sc;
    if (!(attach = attach_create(This, node, TRUE)))
    {
        attach_node_free(node);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *num = node->num;
    *out = &attach->IAttach_iface;
    return S_OK;
}

static HRESULT WINAPI IMessage_fnDeleteAttach(IMessage *iface, ULONG num, ULONG ui_param, IMAPIProgress *progress,
                                              ULONG flags)
{
    struct imessage *This = impl_from_IMessage(iface);
    HRESULT hr = MAPI_E_NOT_FOUND;
    ULONG i;

    TRACE("(%p,%lu,%#lx,%p,%#lx)\n", iface, num, ui_param, progress, flags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (flags & ~ATTACH_DIALOG) return MAPI_E_UNKNOWN_FLAGS;
    if (!This->writable) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&This->root->cs);
    for (i = 0; i < This->node->attach_count; i++)
    {
        if (This->node->attachments[i]->num != num) continue;
        attach_node_free(This->node->attachments[i]);
        memmove(&This->node->attachments[i], &This->node->attachments[i + 1],
                (This->node->attach_count - i - 1) * sizeof(*This->node->attachments));
        This->node->attach_count--;
        hr = S_OK;
        break;
    }
    LeaveCriticalSection(&This->root->cs);
    return hr;
}

static HRESULT WINAPI IMessage_fnGetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct imessage *This = impl_from_IMessage(iface);

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return recipient_table(This->root, This->node, flags, table);
}

static ULONG recip_rowid(const ADRENTRY *entry, BOOL *found)
{
    ULONG i;

    for (i = 0; i < entry->cValues; i++)
        if (entry->rgPropVals[i].ulPropTag == PR_ROWID)
        {
            *found = TRUE;
            return entry->rgPropVals[i].Value.ul;
        }
    *found = FALSE;
    return 0;
}

/* A recipient from an ADRLIST entry: its values less errors and PR_NULL, with its row identifier. */
static SCODE recip_from_entry(const ADRENTRY *entry, ULONG rowid, struct msg_props *recip)
{
    SPropValue value;
    ULONG i;
    SCODE sc = S_OK;

    memset(recip, 0, sizeof(*recip));
    value.ulPropTag = PR_ROWID;
    value.dwAlignPad = 0;
    value.Value.ul = rowid;
    if (FAILED(sc = msg_props_set(recip, &value, 0))) return sc;
    for (i = 0; SUCCEEDED(sc) && i < entry->cValues; i++)
    {
        const SPropValue *prop = &entry->rgPropVals[i];

        if (prop->ulPropTag == PR_NULL || PROP_TYPE(prop->ulPropTag) == PT_ERROR) continue;
        if (PROP_ID(prop->ulPropTag) == PROP_ID(PR_ROWID) || PROP_TYPE(prop->ulPropTag) == PT_OBJECT) continue;
        sc = msg_props_set(recip, prop, 0);
    }
    if (FAILED(sc)) msg_props_clear(recip);
    return sc;
}

static HRESULT WINAPI IMessage_fnModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *mods)
{
    struct imessage *This = impl_from_IMessage(iface);
    struct msg_node *node = This->node;
    struct msg_props *recips = NULL;
    ULONG count = 0, capacity, i, j;
    SCODE sc = S_OK;
    BOOL found;

    TRACE("(%p,%#lx,%p)\n", iface, flags, mods);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (!mods) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE)) return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & MODRECIP_ADD ? 1 : 0) + (flags & MODRECIP_MODIFY ? 1 : 0) + (flags & MODRECIP_REMOVE ? 1 : 0) > 1)
        return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < mods->cEntries; i++)
    {
        const ADRENTRY *entry = &mods->aEntries[i];

        if (entry->cValues && !entry->rgPropVals) return MAPI_E_INVALID_PARAMETER;
        for (j = 0; j < entry->cValues; j++)
            if (entry->rgPropVals[j].ulPropTag != PR_NULL && PROP_TYPE(entry->rgPropVals[j].ulPropTag) != PT_ERROR &&
                FBadProp(&entry->rgPropVals[j]))
                return MAPI_E_INVALID_PARAMETER;
        if ((flags & (MODRECIP_MODIFY | MODRECIP_REMOVE)))
        {
            recip_rowid(entry, &found);
            if (!found) return MAPI_E_INVALID_PARAMETER;
        }
    }
    if (!This->writable) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&This->root->cs);
    /* Build the new list on the side: a failure leaves the recipients as they were. */
    capacity = (flags & (MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE) ? node->recip_count : 0) + mods->cEntries;
    if (capacity > MSG_MAX_RECIPS * 16)
        sc = MAPI_E_TOO_BIG;
    else if (capacity && !(recips = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, capacity * sizeof(*recips))))
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(sc) && (flags & (MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE)))
    {
        for (i = 0; SUCCEEDED(sc) && i < node->recip_count; i++)
        {
            ULONG rowid = msg_props_get_long(&node->recips[i], PR_ROWID, ~0u);
            const ADRENTRY *replace = NULL;

            for (j = 0; j < mods->cEntries && !(flags & MODRECIP_ADD); j++)
                if (recip_rowid(&mods->aEntries[j], &found) == rowid) replace = &mods->aEntries[j];
            if (replace && (flags & MODRECIP_REMOVE)) continue;
            if (replace) sc = recip_from_entry(replace, rowid, &recips[count]);
            else sc = msg_props_copy(&recips[count], &node->recips[i]);
            if (SUCCEEDED(sc)) count++;
        }
    }
    if (SUCCEEDED(sc) && !(flags & (MODRECIP_MODIFY | MODRECIP_REMOVE)))
    {
        ULONG next = flags & MODRECIP_ADD ? node->next_recip_id : 0;

        for (i = 0; SUCCEEDED(sc) && i < mods->cEntries; i++)
            if (SUCCEEDED(sc = recip_from_entry(&mods->aEntries[i], next, &recips[count])))
            {
                count++;
                next++;
            }
        if (SUCCEEDED(sc)) node->next_recip_id = next;
    }
    if (SUCCEEDED(sc))
        msg_node_set_recips(node, recips, count);
    else
    {
        for (i = 0; i < count; i++) msg_props_clear(&recips[i]);
        HeapFree(GetProcessHeap(), 0, recips);
    }
    LeaveCriticalSection(&This->root->cs);
    return sc;
}

static HRESULT WINAPI IMessage_fnSubmitMessage(IMessage *iface, ULONG flags)
{
    TRACE("(%p,%#lx)\n", iface, flags);
    /* A message in a file is in no store: there is no spooler to give it to. */
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI IMessage_fnSetReadFlag(IMessage *iface, ULONG flags)
{
    struct imessage *This = impl_from_IMessage(iface);
    SPropValue value = { PR_MESSAGE_FLAGS };
    SCODE sc;

    TRACE("(%p,%#lx)\n", iface, flags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (flags & ~(SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MAPI_DEFERRED_ERRORS | GENERATE_RECEIPT_ONLY |
                  CLEAR_RN_PENDING | CLEAR_NRN_PENDING))
        return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & SUPPRESS_RECEIPT) && (flags & CLEAR_READ_FLAG)) return MAPI_E_INVALID_PARAMETER;
    if (!This->writable) return MAPI_E_NO_ACCESS;
    if (flags & GENERATE_RECEIPT_ONLY) return S_OK; /* no receipts without a transport */

    EnterCriticalSection(&This->root->cs);
    value.Value.l = msg_props_get_long(&This->node->props, PR_MESSAGE_FLAGS, 0);
    if (flags & CLEAR_READ_FLAG) value.Value.l &= ~MSGFLAG_READ;
    else value.Value.l |= MSGFLAG_READ;
    if (flags & CLEAR_RN_PENDING) value.Value.l &= ~MSGFLAG_RN_PENDING;
    if (flags & CLEAR_NRN_PENDING) value.Value.l &= ~MSGFLAG_NRN_PENDING;
    sc = msg_props_set(&This->node->props, &value, 0);
    LeaveCriticalSection(&This->root->cs);
    return sc;
}

static const IMessageVtbl imessage_vtbl =
{
    IMessage_fnQueryInterface,
    IMessage_fnAddRef,
    IMessage_fnRelease,
    IMessage_fnGetLastError,
    IMessage_fnSaveChanges,
    IMessage_fnGetProps,
    IMessage_fnGetPropList,
    IMessage_fnOpenProperty,
    IMessage_fnSetProps,
    IMessage_fnDeleteProps,
    IMessage_fnCopyTo,
    IMessage_fnCopyProps,
    IMessage_fnGetNamesFromIDs,
    IMessage_fnGetIDsFromNames,
    IMessage_fnGetAttachmentTable,
    IMessage_fnOpenAttach,
    IMessage_fnCreateAttach,
    IMessage_fnDeleteAttach,
    IMessage_fnGetRecipientTable,
    IMessage_fnModifyRecipients,
    IMessage_fnSubmitMessage,
    IMessage_fnSetReadFlag
};

/**************************************************************************
 *  IAttach methods
 */
static HRESULT WINAPI IAttach_fnQueryInterface(IAttach *iface, REFIID riid, void **out)
{
    struct iattach *This = impl_from_IAttach(iface);

    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);
    if (!out || !riid) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IAttachment))
    {
        *out = &This->IAttach_iface;
        IAttach_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI IAttach_fnAddRef(IAttach *iface)
{
    struct iattach *This = impl_from_IAttach(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI IAttach_fnRelease(IAttach *iface)
{
    struct iattach *This = impl_from_IAttach(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        attach_node_free(This->node);
        IMessage_Release(&This->parent->IMessage_iface);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static HRESULT WINAPI IAttach_fnGetLastError(IAttach *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);

    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

/* Puts the working copy into the message, replacing the attachment of the same number. */
static HRESULT WINAPI IAttach_fnSaveChanges(IAttach *iface, ULONG flags)
{
    struct iattach *This = impl_from_IAttach(iface);
    struct msg_node *node = This->parent->node;
    struct attach_node *copy;
    SCODE sc;
    ULONG i;

    TRACE("(%p,%#lx)\n", iface, flags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (flags & ~SAVE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (!This->writable) return MAPI_E_NO_ACCESS;

    EnterCriticalSection(&This->root->cs);
    if (SUCCEEDED(sc = attach_node_copy(This->node, &copy)))
    {
        for (i = 0; i < node->attach_count; i++)
            if (node->attachments[i]->num == copy->num) break;
        if (i < node->attach_count)
        {
            attach_node_free(node->attachments[i]);
            node->attachments[i] = copy;
        }
        else if (!msg_node_add_attach(node, copy))
        {
            attach_node_free(copy);
            sc = MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    LeaveCriticalSection(&This->root->cs);
    if (SUCCEEDED(sc) && (flags & KEEP_OPEN_READONLY)) This->writable = FALSE;
    return sc;
}

static HRESULT WINAPI IAttach_fnGetProps(IAttach *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                         SPropValue **values)
{
    struct iattach *This = impl_from_IAttach(iface);

    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return props_get(This->root, &This->node->props, tags, flags, count, values);
}

static HRESULT WINAPI IAttach_fnGetPropList(IAttach *iface, ULONG flags, SPropTagArray **tags)
{
    struct iattach *This = impl_from_IAttach(iface);

    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return props_list(This->root, &This->node->props, flags, tags);
}

static HRESULT open_embedded(struct iattach *This, ULONG flags, IUnknown **out)
{
    struct msg_node *node = NULL;
    struct imessage *message;
    BOOL writable = This->writable && (flags & (MAPI_MODIFY | MAPI_CREATE | MAPI_BEST_ACCESS));
    SCODE sc = S_OK;

    if ((flags & (MAPI_CREATE | MAPI_MODIFY)) && !This->writable) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&This->root->cs);
    if (flags & MAPI_CREATE)
    {
        if (!(node = msg_node_create())) sc = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else if (!This->node->embedded)
        sc = This->node->storage ? MAPI_E_INTERFACE_NOT_SUPPORTED : MAPI_E_NOT_FOUND;
    else
        sc = msg_node_copy(This->node->embedded, &node);
    LeaveCriticalSection(&This->root->cs);
    if (FAILED(sc)) return sc;
    if (!(message = message_create(This->root, node, This, writable)))
    {
        msg_node_free(node);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = (IUnknown *)&message->IMessage_iface;
    return S_OK;
}

static HRESULT open_attach_storage(struct iattach *This, ULONG flags, IUnknown **out)
{
    SPropValue object = { PR_ATTACH_DATA_OBJ };
    SCODE sc = S_OK;

    if ((flags & (MAPI_CREATE | MAPI_MODIFY)) && !This->writable) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&This->root->cs);
    if (flags & MAPI_CREATE)
    {
        IStorage *storage;

        if (SUCCEEDED(sc = msg_storage_in_memory(&storage)) &&
            SUCCEEDED(sc = msg_props_set(&This->node->props, &object, 0)))
        {
            if (This->node->storage) IStorage_Release(This->node->storage);
            msg_node_free(This->node->embedded);
            This->node->embedded = NULL;
            This->node->storage = storage;
        }
        else if (storage)
            IStorage_Release(storage);
    }
    else if (!This->node->storage)
        sc = This->node->embedded ? MAPI_E_INTERFACE_NOT_SUPPORTED : MAPI_E_NOT_FOUND;
    if (SUCCEEDED(sc))
    {
        /* The working copy's storage itself: the attachment's SaveChanges keeps what was written. */
        IStorage_AddRef(This->node->storage);
        *out = (IUnknown *)This->node->storage;
    }
    LeaveCriticalSection(&This->root->cs);
    return sc;
}

static HRESULT WINAPI IAttach_fnOpenProperty(IAttach *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                             IUnknown **out)
{
    struct iattach *This = impl_from_IAttach(iface);
    HRESULT hr;

    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (FAILED(hr = check_open_property(tag, iid, flags, out))) return hr;
    if (PROP_ID(tag) == PROP_ID(PR_ATTACH_DATA_OBJ) && IsEqualIID(iid, &IID_IMessage))
        return open_embedded(This, flags, out);
    if (PROP_ID(tag) == PROP_ID(PR_ATTACH_DATA_OBJ) && IsEqualIID(iid, &IID_IStorage))
        return open_attach_storage(This, flags, out);
    if (IsEqualIID(iid, &IID_IStream))
        return open_prop_stream(This->root, (IUnknown *)iface, &This->node->props, This->writable, tag, flags, out);
    FIXME("%#lx as %s is not supported\n", tag, debugstr_guid(iid));
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static HRESULT WINAPI IAttach_fnSetProps(IAttach *iface, ULONG count, SPropValue *values,
                                         SPropProblemArray **problems)
{
    struct iattach *This = impl_from_IAttach(iface);

    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return props_set(This->root, &This->node->props, This->writable, TRUE, count, values, problems);
}

static HRESULT WINAPI IAttach_fnDeleteProps(IAttach *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    struct iattach *This = impl_from_IAttach(iface);
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    hr = props_delete(This->root, &This->node->props, This->writable, TRUE, tags, problems);
    if (SUCCEEDED(hr) && !msg_props_find(&This->node->props, PR_ATTACH_DATA_OBJ))
    {
        EnterCriticalSection(&This->root->cs);
        msg_node_free(This->node->embedded);
        This->node->embedded = NULL;
        if (This->node->storage) IStorage_Release(This->node->storage);
        This->node->storage = NULL;
        LeaveCriticalSection(&This->root->cs);
    }
    return hr;
}

static HRESULT WINAPI IAttach_fnCopyTo(IAttach *iface, ULONG excluded_count, LPCIID excluded,
                                       SPropTagArray *excluded_tags, ULONG ui_param, IMAPIProgress *progress,
                                       LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    struct iattach *This = impl_from_IAttach(iface);
    IAttach *attach;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, excluded_count, excluded, excluded_tags, ui_param,
          progress, debugstr_guid(iid), dest, flags, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (problems) *problems = NULL;
    if (FAILED(hr = check_copy_args(excluded_count, excluded, excluded_tags, iid, dest, flags))) return hr;
    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    if (!excluded_tags && !excluded_count &&
        SUCCEEDED(IUnknown_QueryInterface((IUnknown *)dest, &IID_IAttachment, (void **)&attach)))
    {
        hr = copy_attach_to(This->root, This->node, attach);
        IAttach_Release(attach);
        return hr;
    }
    return copy_props_to(This->root, &This->node->props, NULL, excluded_tags, dest, flags, problems);
}

static HRESULT WINAPI IAttach_fnCopyProps(IAttach *iface, SPropTagArray *include, ULONG ui_param,
                                          IMAPIProgress *progress, LPCIID iid, void *dest, ULONG flags,
                                          SPropProblemArray **problems)
{
    struct iattach *This = impl_from_IAttach(iface);
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, include, ui_param, progress, debugstr_guid(iid), dest,
          flags, problems);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;

    if (problems) *problems = NULL;
    if (!include) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = check_copy_args(0, NULL, include, iid, dest, flags))) return hr;
    if (dest == (void *)iface) return MAPI_E_NO_ACCESS;
    return copy_props_to(This->root, &This->node->props, include, NULL, dest, flags, problems);
}

static HRESULT WINAPI IAttach_fnGetNamesFromIDs(IAttach *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                                ULONG *count, MAPINAMEID ***names)
{
    struct iattach *This = impl_from_IAttach(iface);

    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return names_from_ids(This->root, tags, guid, flags, count, names);
}

static HRESULT WINAPI IAttach_fnGetIDsFromNames(IAttach *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                                SPropTagArray **tags)
{
    struct iattach *This = impl_from_IAttach(iface);

    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    if (This->root->closed) return MAPI_E_INVALID_OBJECT;
    return ids_from_names(This->root, This->root->writable, count, names, flags, tags);
}

static const IAttachVtbl iattach_vtbl =
{
    IAttach_fnQueryInterface,
    IAttach_fnAddRef,
    IAttach_fnRelease,
    IAttach_fnGetLastError,
    IAttach_fnSaveChanges,
    IAttach_fnGetProps,
    IAttach_fnGetPropList,
    IAttach_fnOpenProperty,
    IAttach_fnSetProps,
    IAttach_fnDeleteProps,
    IAttach_fnCopyTo,
    IAttach_fnCopyProps,
    IAttach_fnGetNamesFromIDs,
    IAttach_fnGetIDsFromNames
};

/***********************************************************************
 * Property attributes (GetAttribIMsgOnIStg, SetAttribIMsgOnIStg)
 */

static struct msg_props *object_props(void *object, struct msg_root **root)
{
    IUnknown *unknown = object;

    if (unknown->lpVtbl == (const void *)&imessage_vtbl)
    {
        struct imessage *message = impl_from_IMessage(object);
        *root = message->root;
        return &message->node->props;
    }
    else
    {
        struct iattach *attach = impl_from_IAttach(object);
        *root = attach->root;
        return &attach->node->props;
    }
}

HRESULT imsg_get_attribs(void *object, SPropTagArray *tags, SPropAttrArray **attrs)
{
    struct msg_root *root;
    struct msg_props *props = object_props(object, &root);
    SPropAttrArray *array;
    struct msg_prop *prop;
    HRESULT hr;
    ULONG i;

    EnterCriticalSection(&root->cs);
    if (SUCCEEDED(hr = root->allocate_buffer(CbNewSPropAttrArray(tags->cValues), (void **)&array)))
    {
        array->cValues = tags->cValues;
        for (i = 0; i < tags->cValues; i++)
            array->aPropAttr[i] = (prop = msg_props_find(props, tags->aulPropTag[i])) ? prop->attr : PROPATTR_NOT_PRESENT;
        *attrs = array;
    }
    LeaveCriticalSection(&root->cs);
    return hr;
}

HRESULT imsg_set_attribs(void *object, SPropTagArray *tags, SPropAttrArray *attrs, SPropProblemArray **problems)
{
    struct msg_root *root;
    struct msg_props *props = object_props(object, &root);
    struct problems list = { 0 };
    struct msg_prop *prop;
    ULONG i;

    EnterCriticalSection(&root->cs);
    for (i = 0; i < tags->cValues; i++)
    {
        if (!(prop = msg_props_find(props, tags->aulPropTag[i])))
            add_problem(&list, i, tags->aulPropTag[i], MAPI_E_NOT_FOUND);
        else
            prop->attr = attrs->aPropAttr[i] & (PROPATTR_MANDATORY | PROPATTR_READABLE | PROPATTR_WRITEABLE);
    }
    LeaveCriticalSection(&root->cs);
    return return_problems(root, &list, problems);
}

/***********************************************************************
 *  imessage_create_root
 *
 * The message of OpenIMsgOnIStg: reads the storage, or starts an empty
 * message in a storage without one.
 */
HRESULT imessage_create_root(IStorage *storage, ALLOCATEBUFFER *allocate_buffer, ALLOCATEMORE *allocate_more,
                             FREEBUFFER *free_buffer, IMalloc *malloc, MSGCALLRELEASE *release, ULONG release_data,
                             ULONG flags, struct list *session_list, IMessage **out)
{
    ULONGLONG budget = MSG_LOAD_BUDGET;
    struct imessage *message;
    struct msg_node *node;
    struct msg_root *root;
    STATSTG stat;
    HRESULT hr;
    SCODE sc;

    if (!(root = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*root)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    InitializeCriticalSection(&root->cs);
    root->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": msg_root.cs");
    root->storage = storage;
    IStorage_AddRef(storage);
    root->allocate_buffer = allocate_buffer;
    root->allocate_more = allocate_more;
    root->free_buffer = free_buffer;
    root->malloc = malloc;
    if (malloc) IMalloc_AddRef(malloc);
    root->release = release;
    root->release_data = release_data;
    root->flags = flags;

    hr = IStorage_Stat(storage, &stat, STATFLAG_NONAME);
    root->writable = SUCCEEDED(hr) && (stat.grfMode & (STGM_WRITE | STGM_READWRITE));

    if (FAILED(sc = mapi_check_compound_storage(storage)) ||
        FAILED(sc = named_map_load(storage, &budget, &root->names)) ||
        FAILED(sc = msg_node_load(storage, MSG_KIND_ROOT, 0, &budget, &node)))
    {
        WARN("cannot read the message: %#lx\n", sc);
        root_free(root);
        return sc;
    }
    if (!(message = message_create(root, node, NULL, root->writable)))
    {
        msg_node_free(node);
        root_free(root);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    EnterCriticalSection(&session_cs);
    if ((root->session_list = session_list)) list_add_tail(session_list, &root->entry);
    LeaveCriticalSection(&session_cs);
    *out = &message->IMessage_iface;
    return S_OK;
}

/* CloseIMsgSession: the messages of the session, their attachments and
 * property streams are closed, their storages let go; what the caller still
 * holds answers MAPI_E_INVALID_OBJECT until it is released. */
void imessage_close_session(struct list *session_list)
{
    EnterCriticalSection(&session_cs);
    while (session_list->next != session_list)
    {
        struct msg_root *root = CONTAINING_RECORD(session_list->next, struct msg_root, entry);

        list_remove(&root->entry);
        root->session_list = NULL;
        EnterCriticalSection(&root->cs);
        root->closed = TRUE;
        if (root->storage) IStorage_Release(root->storage);
        root->storage = NULL;
        LeaveCriticalSection(&root->cs);
    }
    LeaveCriticalSection(&session_cs);
}
