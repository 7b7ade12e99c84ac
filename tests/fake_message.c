/*
 * Messages and attachments for driving a transport: each on a CreateIProp
 * bag, with recipient and attachment tables, embedded messages and property
 * streams. Enough of IMessage for a transport, nothing of a store.
 */

#define COBJMACROS
#include "fake_xp.h"

static inline struct fake_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct fake_message, IMessage_iface);
}

/*** a table over rows ***/

struct fake_table
{
    IMAPITable IMAPITable_iface;
    LONG ref;
    SRow *rows;
    ULONG count;
    ULONG position;
};

static inline struct fake_table *impl_from_IMAPITable(IMAPITable *iface)
{
    return CONTAINING_RECORD(iface, struct fake_table, IMAPITable_iface);
}

static HRESULT copy_props(ULONG count, const SPropValue *src, SPropValue **dst)
{
    ULONG i;

    if (FAILED(MAPIAllocateBuffer(count * sizeof(SPropValue) + 1, (void **)dst))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < count; i++)
        if (FAILED(PropCopyMore(&(*dst)[i], (SPropValue *)&src[i], MAPIAllocateMore, *dst)))
        {
            MAPIFreeBuffer(*dst);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
    return S_OK;
}

static HRESULT WINAPI tbl_QueryInterface(IMAPITable *iface, REFIID riid, void **out)
{
    *out = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPITable))
    {
        *out = iface;
        IMAPITable_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG WINAPI tbl_AddRef(IMAPITable *iface) { return InterlockedIncrement(&impl_from_IMAPITable(iface)->ref); }

static ULONG WINAPI tbl_Release(IMAPITable *iface)
{
    struct fake_table *This = impl_from_IMAPITable(iface);
    ULONG ref = InterlockedDecrement(&This->ref), i;

    if (!ref)
    {
        for (i = 0; i < This->count; i++) MAPIFreeBuffer(This->rows[i].lpProps);
        free(This->rows);
        free(This);
    }
    return ref;
}

#define NO_SUPPORT return MAPI_E_NO_SUPPORT
static HRESULT WINAPI tbl_GetLastError(IMAPITable *iface, HRESULT hr, ULONG flags, MAPIERROR **e) { NO_SUPPORT; }
static HRESULT WINAPI tbl_Advise(IMAPITable *iface, ULONG mask, IMAPIAdviseSink *sink, ULONG *cxn) { NO_SUPPORT; }
static HRESULT WINAPI tbl_Unadvise(IMAPITable *iface, ULONG cxn) { NO_SUPPORT; }
static HRESULT WINAPI tbl_GetStatus(IMAPITable *iface, ULONG *status, ULONG *type) { NO_SUPPORT; }
static HRESULT WINAPI tbl_SetColumns(IMAPITable *iface, SPropTagArray *cols, ULONG flags) { return S_OK; }
static HRESULT WINAPI tbl_QueryColumns(IMAPITable *iface, ULONG flags, SPropTagArray **cols) { NO_SUPPORT; }

static HRESULT WINAPI tbl_GetRowCount(IMAPITable *iface, ULONG flags, ULONG *count)
{
    *count = impl_from_IMAPITable(iface)->count;
    return S_OK;
}

static HRESULT WINAPI tbl_SeekRow(IMAPITable *iface, BOOKMARK origin, LONG rows, LONG *sought)
{
    struct fake_table *This = impl_from_IMAPITable(iface);
    if (origin != BOOKMARK_BEGINNING || rows) NO_SUPPORT;
    This->position = 0;
    if (sought) *sought = 0;
    return S_OK;
}

static HRESULT WINAPI tbl_SeekRowApprox(IMAPITable *iface, ULONG num, ULONG denom) { NO_SUPPORT; }
static HRESULT WINAPI tbl_QueryPosition(IMAPITable *iface, ULONG *row, ULONG *num, ULONG *denom) { NO_SUPPORT; }
static HRESULT WINAPI tbl_FindRow(IMAPITable *iface, SRestriction *res, BOOKMARK origin, ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI tbl_Restrict(IMAPITable *iface, SRestriction *res, ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI tbl_CreateBookmark(IMAPITable *iface, BOOKMARK *pos) { NO_SUPPORT; }
static HRESULT WINAPI tbl_FreeBookmark(IMAPITable *iface, BOOKMARK pos) { NO_SUPPORT; }
static HRESULT WINAPI tbl_SortTable(IMAPITable *iface, SSortOrderSet *order, ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI tbl_QuerySortOrder(IMAPITable *iface, SSortOrderSet **order) { NO_SUPPORT; }

static HRESULT WINAPI tbl_QueryRows(IMAPITable *iface, LONG count, ULONG flags, SRowSet **out)
{
    struct fake_table *This = impl_from_IMAPITable(iface);
    ULONG n = 0, i;
    SRowSet *rows;

    if (count < 0) NO_SUPPORT;
    if ((ULONG)count > This->count - This->position) count = This->count - This->position;
    if (FAILED(MAPIAllocateBuffer(CbNewSRowSet(count), (void **)&rows))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < (ULONG)count; i++, n++)
    {
        const SRow *src = &This->rows[This->position + i];
        rows->aRow[n].ulAdrEntryPad = 0;
        rows->aRow[n].cValues = src->cValues;
        if (FAILED(copy_props(src->cValues, src->lpProps, &rows->aRow[n].lpProps))) break;
    }
    rows->cRows = n;
    This->position += n;
    *out = rows;
    return S_OK;
}

static HRESULT WINAPI tbl_Abort(IMAPITable *iface) { NO_SUPPORT; }
static HRESULT WINAPI tbl_ExpandRow(IMAPITable *iface, ULONG cb, BYTE *key, ULONG rows, ULONG flags, SRowSet **out,
                                    ULONG *more) { NO_SUPPORT; }
static HRESULT WINAPI tbl_CollapseRow(IMAPITable *iface, ULONG cb, BYTE *key, ULONG flags, ULONG *rows) { NO_SUPPORT; }
static HRESULT WINAPI tbl_WaitForCompletion(IMAPITable *iface, ULONG flags, ULONG time, ULONG *state) { NO_SUPPORT; }
static HRESULT WINAPI tbl_GetCollapseState(IMAPITable *iface, ULONG flags, ULONG cb, BYTE *key, ULONG *cb_state,
                                           BYTE **state) { NO_SUPPORT; }
static HRESULT WINAPI tbl_SetCollapseState(IMAPITable *iface, ULONG flags, ULONG cb, BYTE *state, BOOKMARK *pos)
{ NO_SUPPORT; }

static IMAPITableVtbl table_vtbl =
{
    tbl_QueryInterface, tbl_AddRef, tbl_Release, tbl_GetLastError, tbl_Advise, tbl_Unadvise, tbl_GetStatus,
    tbl_SetColumns, tbl_QueryColumns, tbl_GetRowCount, tbl_SeekRow, tbl_SeekRowApprox, tbl_QueryPosition,
    tbl_FindRow, tbl_Restrict, tbl_CreateBookmark, tbl_FreeBookmark, tbl_SortTable, tbl_QuerySortOrder,
    tbl_QueryRows, tbl_Abort, tbl_ExpandRow, tbl_CollapseRow, tbl_WaitForCompletion, tbl_GetCollapseState,
    tbl_SetCollapseState,
};

static IMAPITable *create_table(ULONG count, SRow *rows)
{
    struct fake_table *This = calloc(1, sizeof(*This));
    ULONG i;

    This->IMAPITable_iface.lpVtbl = &table_vtbl;
    This->ref = 1;
    This->rows = calloc(count + 1, sizeof(SRow));
    for (i = 0; i < count; i++)
    {
        This->rows[i].cValues = rows[i].cValues;
        assert_int_equal(copy_props(rows[i].cValues, rows[i].lpProps, &This->rows[i].lpProps), S_OK);
    }
    This->count = count;
    return &This->IMAPITable_iface;
}

/*** IMessage and IAttach ***/

static void absorb_streams(struct fake_message *This)
{
    ULONG i;

    /* what the transport wrote into property streams goes into the bag */
    for (i = 0; i < This->created_count; i++)
    {
        STATSTG stat;
        LARGE_INTEGER zero = { 0 };
        BYTE *data;
        ULONG read;
        SPropValue prop;

        IStream_Stat(This->created_streams[i], &stat, STATFLAG_NONAME);
        data = malloc(stat.cbSize.LowPart + 2);
        IStream_Seek(This->created_streams[i], zero, STREAM_SEEK_SET, NULL);
        IStream_Read(This->created_streams[i], data, stat.cbSize.LowPart, &read);
        data[read] = data[read + 1] = 0;
        prop.ulPropTag = This->created_tags[i];
        if (PROP_TYPE(prop.ulPropTag) == PT_BINARY)
        {
            prop.Value.bin.cb = read;
            prop.Value.bin.lpb = data;
        }
        else prop.Value.lpszW = (WCHAR *)data;
        IPropData_SetProps(This->bag, 1, &prop, NULL);
        free(data);
        IStream_Release(This->created_streams[i]);
    }
    This->created_count = 0;
}

static HRESULT WINAPI msg_QueryInterface(IMessage *iface, REFIID riid, void **out)
{
    struct fake_message *This = impl_from_IMessage(iface);

    *out = NULL;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) ||
        (!This->is_attach && IsEqualIID(riid, &IID_IMessage)) || (This->is_attach && IsEqualIID(riid, &IID_IAttachment)))
    {
        *out = This->is_attach ? (void *)&This->IAttach_iface : (void *)&This->IMessage_iface;
        InterlockedIncrement(&This->ref);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG WINAPI msg_AddRef(IMessage *iface) { return InterlockedIncrement(&impl_from_IMessage(iface)->ref); }

static ULONG WINAPI msg_Release(IMessage *iface)
{
    struct fake_message *This = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&This->ref), i;

    if (!ref)
    {
        absorb_streams(This);
        IPropData_Release(This->bag);
        for (i = 0; i < This->recip_count; i++) MAPIFreeBuffer(This->recips[i].lpProps);
        free(This->recips);
        for (i = 0; i < This->attach_count; i++) fake_message_release(This->attachments[i]);
        free(This->attachments);
        if (This->embedded) fake_message_release(This->embedded);
        free(This);
    }
    return ref;
}

static HRESULT WINAPI msg_GetLastError(IMessage *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI msg_SaveChanges(IMessage *iface, ULONG flags)
{
    struct fake_message *This = impl_from_IMessage(iface);

    absorb_streams(This);
    This->save_calls++;
    This->last_save_flags = flags;
    return This->save_result;
}

static HRESULT WINAPI msg_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count, SPropValue **props)
{
    struct fake_message *This = impl_from_IMessage(iface);
    HRESULT hr = IPropData_GetProps(This->bag, tags, flags, count, props);
    ULONG i;

    if (FAILED(hr) || !This->stream_threshold) return hr;
    /* big values must be opened as streams, as in a real store */
    for (i = 0; i < *count; i++)
    {
        SPropValue *p = &(*props)[i];
        ULONG size = PROP_TYPE(p->ulPropTag) == PT_BINARY ? p->Value.bin.cb :
                     PROP_TYPE(p->ulPropTag) == PT_UNICODE ? wcslen(p->Value.lpszW) * 2 : 0;
        if (size > This->stream_threshold)
        {
            p->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(p->ulPropTag));
            p->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
            hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    return hr;
}

static HRESULT WINAPI msg_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    return IPropData_GetPropList(impl_from_IMessage(iface)->bag, flags, tags);
}

static HRESULT WINAPI msg_OpenProperty(IMessage *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                       IUnknown **out)
{
    struct fake_message *This = impl_from_IMessage(iface);

    *out = NULL;
    if (This->is_attach && tag == PR_ATTACH_DATA_OBJ && IsEqualIID(iid, &IID_IMessage))
    {
        if (!This->embedded)
        {
            if (!(flags & MAPI_CREATE)) return MAPI_E_NOT_FOUND;
            This->embedded = fake_message_create();
        }
        IMessage_AddRef(&This->embedded->IMessage_iface);
        *out = (IUnknown *)&This->embedded->IMessage_iface;
        return S_OK;
    }
    if (IsEqualIID(iid, &IID_IStream))
    {
        IStream *stream;
        if (flags & MAPI_CREATE)
        {
            if (This->created_count == ARRAY_SIZE(This->created_streams)) return MAPI_E_NOT_ENOUGH_MEMORY;
            CreateStreamOnHGlobal(NULL, TRUE, &stream);
            IStream_AddRef(stream);
            This->created_tags[This->created_count] = tag;
            This->created_streams[This->created_count++] = stream;
        }
        else
        {
            SizedSPropTagArray(1, one) = { 1, { tag } };
            SPropValue *value;
            ULONG count, written;

            if (FAILED(IPropData_GetProps(This->bag, (SPropTagArray *)&one, 0, &count, &value))) return MAPI_E_NOT_FOUND;
            if (PROP_TYPE(value->ulPropTag) == PT_ERROR)
            {
                MAPIFreeBuffer(value);
                return MAPI_E_NOT_FOUND;
            }
            CreateStreamOnHGlobal(NULL, TRUE, &stream);
            if (PROP_TYPE(tag) == PT_BINARY) IStream_Write(stream, value->Value.bin.lpb, value->Value.bin.cb, &written);
            else IStream_Write(stream, value->Value.lpszW, wcslen(value->Value.lpszW) * 2, &written);
            {
                LARGE_INTEGER zero = { 0 };
                IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
            }
            MAPIFreeBuffer(value);
        }
        *out = (IUnknown *)stream;
        return S_OK;
    }
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI msg_SetProps(IMessage *iface, ULONG count, SPropValue *props, SPropProblemArray **problems)
{
    struct fake_message *This = impl_from_IMessage(iface);

    if (This->on_write)
    {
        fake_callback callback = This->on_write;
        This->on_write = NULL;
        callback(This, This->on_write_context);
    }
    return IPropData_SetProps(This->bag, count, props, problems);
}

static HRESULT WINAPI msg_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return IPropData_DeleteProps(impl_from_IMessage(iface)->bag, tags, problems);
}

static HRESULT WINAPI msg_CopyTo(IMessage *iface, ULONG count, LPCIID exclude, SPropTagArray *exclude_props,
                                 ULONG ui, IMAPIProgress *progress, LPCIID iid, void *dest, ULONG flags,
                                 SPropProblemArray **problems) { NO_SUPPORT; }
static HRESULT WINAPI msg_CopyProps(IMessage *iface, SPropTagArray *include, ULONG ui, IMAPIProgress *progress,
                                    LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems) { NO_SUPPORT; }
static HRESULT WINAPI msg_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, LPGUID guid, ULONG flags,
                                          ULONG *count, MAPINAMEID ***names) { NO_SUPPORT; }
static HRESULT WINAPI msg_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                          SPropTagArray **tags) { NO_SUPPORT; }

static HRESULT WINAPI msg_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct fake_message *This = impl_from_IMessage(iface);
    SRow *rows = calloc(This->attach_count + 1, sizeof(SRow));
    ULONG i;

    if (This->on_read)
    {
        fake_callback callback = This->on_read;
        This->on_read = NULL;
        callback(This, This->on_read_context);
    }
    for (i = 0; i < This->attach_count; i++)
    {
        /* the table has what the attachment has, its data aside */
        ULONG j, n = 0;
        SPropValue *props;

        IPropData_GetProps(This->attachments[i]->bag, NULL, 0, &rows[i].cValues, &props);
        for (j = 0; j < rows[i].cValues; j++)
            if (props[j].ulPropTag != PR_ATTACH_DATA_BIN) props[n++] = props[j];
        rows[i].cValues = n;
        rows[i].lpProps = props;
    }
    *table = create_table(This->attach_count, rows);
    for (i = 0; i < This->attach_count; i++) MAPIFreeBuffer(rows[i].lpProps);
    free(rows);
    return S_OK;
}

static HRESULT WINAPI msg_OpenAttach(IMessage *iface, ULONG num, LPCIID iid, ULONG flags, IAttach **attach)
{
    struct fake_message *This = impl_from_IMessage(iface);

    if (num >= This->attach_count) return MAPI_E_NOT_FOUND;
    *attach = &This->attachments[num]->IAttach_iface;
    InterlockedIncrement(&This->attachments[num]->ref);
    return S_OK;
}

static HRESULT WINAPI msg_CreateAttach(IMessage *iface, LPCIID iid, ULONG flags, ULONG *num, IAttach **attach)
{
    struct fake_message *This = impl_from_IMessage(iface), *created = fake_add_attachment(This, NO_ATTACHMENT);

    *num = This->attach_count - 1;
    *attach = &created->IAttach_iface;
    InterlockedIncrement(&created->ref);
    return S_OK;
}

static HRESULT WINAPI msg_DeleteAttach(IMessage *iface, ULONG num, ULONG ui, IMAPIProgress *progress, ULONG flags)
{ NO_SUPPORT; }

static HRESULT WINAPI msg_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    struct fake_message *This = impl_from_IMessage(iface);
    *table = create_table(This->recip_count, This->recips);
    return S_OK;
}

static HRESULT WINAPI msg_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *list)
{
    struct fake_message *This = impl_from_IMessage(iface);
    ULONG i, j;

    This->modify_recip_calls++;
    if (!list) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < list->cEntries; i++)
    {
        ADRENTRY *entry = &list->aEntries[i];
        if (flags == MODRECIP_ADD)
        {
            SPropValue *props, *with_id = calloc(entry->cValues + 1, sizeof(SPropValue));

            /* a new row gets its PR_ROWID, as in a store */
            memcpy(with_id, entry->rgPropVals, entry->cValues * sizeof(SPropValue));
            with_id[entry->cValues].ulPropTag = PR_ROWID;
            with_id[entry->cValues].Value.l = This->next_rowid++;
            This->recips = realloc(This->recips, (This->recip_count + 1) * sizeof(SRow));
            assert_int_equal(copy_props(entry->cValues + 1, with_id, &props), S_OK);
            free(with_id);
            This->recips[This->recip_count].ulAdrEntryPad = 0;
            This->recips[This->recip_count].cValues = entry->cValues + 1;
            This->recips[This->recip_count].lpProps = props;
            This->recip_count++;
        }
        else if (flags == MODRECIP_MODIFY)
        {
            const SPropValue *id = PpropFindProp(entry->rgPropVals, entry->cValues, PR_ROWID);
            if (!id) return MAPI_E_INVALID_PARAMETER;
            for (j = 0; j < This->recip_count; j++)
            {
                const SPropValue *mine = PpropFindProp(This->recips[j].lpProps, This->recips[j].cValues, PR_ROWID);
                if (mine && mine->Value.l == id->Value.l)
                {
                    MAPIFreeBuffer(This->recips[j].lpProps);
                    assert_int_equal(copy_props(entry->cValues, entry->rgPropVals, &This->recips[j].lpProps), S_OK);
                    This->recips[j].cValues = entry->cValues;
                    break;
                }
            }
            if (j == This->recip_count) return MAPI_E_NOT_FOUND;
        }
        else return MAPI_E_NO_SUPPORT;
    }
    return S_OK;
}

static HRESULT WINAPI msg_SubmitMessage(IMessage *iface, ULONG flags) { NO_SUPPORT; }
static HRESULT WINAPI msg_SetReadFlag(IMessage *iface, ULONG flags) { return S_OK; }

static IMessageVtbl message_vtbl =
{
    msg_QueryInterface, msg_AddRef, msg_Release, msg_GetLastError, msg_SaveChanges, msg_GetProps,
    msg_GetPropList, msg_OpenProperty, msg_SetProps, msg_DeleteProps, msg_CopyTo, msg_CopyProps,
    msg_GetNamesFromIDs, msg_GetIDsFromNames, msg_GetAttachmentTable, msg_OpenAttach, msg_CreateAttach,
    msg_DeleteAttach, msg_GetRecipientTable, msg_ModifyRecipients, msg_SubmitMessage, msg_SetReadFlag,
};

/* IAttach is IMAPIProp alone: the same functions, reached from the other interface. */
#define ATTACH_THUNK(name, ret, params, args) \
    static ret WINAPI att_##name params \
    { \
        struct fake_message *This = CONTAINING_RECORD(iface, struct fake_message, IAttach_iface); \
        return msg_##name args; \
    }
ATTACH_THUNK(QueryInterface, HRESULT, (IAttach *iface, REFIID riid, void **out), (&This->IMessage_iface, riid, out))
ATTACH_THUNK(AddRef, ULONG, (IAttach *iface), (&This->IMessage_iface))
ATTACH_THUNK(Release, ULONG, (IAttach *iface), (&This->IMessage_iface))
ATTACH_THUNK(GetLastError, HRESULT, (IAttach *iface, HRESULT hr, ULONG flags, MAPIERROR **e),
             (&This->IMessage_iface, hr, flags, e))
ATTACH_THUNK(SaveChanges, HRESULT, (IAttach *iface, ULONG flags), (&This->IMessage_iface, flags))
ATTACH_THUNK(GetProps, HRESULT, (IAttach *iface, SPropTagArray *tags, ULONG flags, ULONG *count, SPropValue **props),
             (&This->IMessage_iface, tags, flags, count, props))
ATTACH_THUNK(GetPropList, HRESULT, (IAttach *iface, ULONG flags, SPropTagArray **tags),
             (&This->IMessage_iface, flags, tags))
ATTACH_THUNK(OpenProperty, HRESULT, (IAttach *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags, IUnknown **out),
             (&This->IMessage_iface, tag, iid, options, flags, out))
ATTACH_THUNK(SetProps, HRESULT, (IAttach *iface, ULONG count, SPropValue *props, SPropProblemArray **problems),
             (&This->IMessage_iface, count, props, problems))
ATTACH_THUNK(DeleteProps, HRESULT, (IAttach *iface, SPropTagArray *tags, SPropProblemArray **problems),
             (&This->IMessage_iface, tags, problems))
ATTACH_THUNK(CopyTo, HRESULT, (IAttach *iface, ULONG count, LPCIID exclude, SPropTagArray *exclude_props, ULONG ui,
             IMAPIProgress *progress, LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems),
             (&This->IMessage_iface, count, exclude, exclude_props, ui, progress, iid, dest, flags, problems))
ATTACH_THUNK(CopyProps, HRESULT, (IAttach *iface, SPropTagArray *include, ULONG ui, IMAPIProgress *progress,
             LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems),
             (&This->IMessage_iface, include, ui, progress, iid, dest, flags, problems))
ATTACH_THUNK(GetNamesFromIDs, HRESULT, (IAttach *iface, SPropTagArray **tags, LPGUID guid, ULONG flags, ULONG *count,
             MAPINAMEID ***names), (&This->IMessage_iface, tags, guid, flags, count, names))
ATTACH_THUNK(GetIDsFromNames, HRESULT, (IAttach *iface, ULONG count, MAPINAMEID **names, ULONG flags,
             SPropTagArray **tags), (&This->IMessage_iface, count, names, flags, tags))

static IAttachVtbl attach_vtbl =
{
    att_QueryInterface, att_AddRef, att_Release, att_GetLastError, att_SaveChanges, att_GetProps,
    att_GetPropList, att_OpenProperty, att_SetProps, att_DeleteProps, att_CopyTo, att_CopyProps,
    att_GetNamesFromIDs, att_GetIDsFromNames,
};

struct fake_message *fake_message_create(void)
{
    struct fake_message *This = calloc(1, sizeof(*This));

    assert_non_null(This);
    This->IMessage_iface.lpVtbl = &message_vtbl;
    This->IAttach_iface.lpVtbl = &attach_vtbl;
    This->ref = 1;
    This->next_rowid = 0;
    assert_int_equal(CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                 &This->bag), S_OK);
    return This;
}

void fake_message_release(struct fake_message *msg)
{
    msg_Release(&msg->IMessage_iface);
}

void fake_set_props(struct fake_message *msg, ULONG count, SPropValue *props)
{
    assert_int_equal(IPropData_SetProps(msg->bag, count, props, NULL), S_OK);
}

void fake_set_string(struct fake_message *msg, ULONG tag, const WCHAR *value)
{
    SPropValue prop = { tag };
    prop.Value.lpszW = (WCHAR *)value;
    fake_set_props(msg, 1, &prop);
}

void fake_set_binary(struct fake_message *msg, ULONG tag, const void *data, ULONG len)
{
    SPropValue prop = { tag };
    prop.Value.bin.cb = len;
    prop.Value.bin.lpb = (BYTE *)data;
    fake_set_props(msg, 1, &prop);
}

void fake_set_long(struct fake_message *msg, ULONG tag, LONG value)
{
    SPropValue prop = { tag };
    prop.Value.l = value;
    fake_set_props(msg, 1, &prop);
}

void fake_set_time(struct fake_message *msg, ULONG tag, ULONGLONG value)
{
    SPropValue prop = { tag };
    prop.Value.ft.dwLowDateTime = (DWORD)value;
    prop.Value.ft.dwHighDateTime = (DWORD)(value >> 32);
    fake_set_props(msg, 1, &prop);
}

void fake_add_recipient(struct fake_message *msg, ULONG type, const WCHAR *name, const WCHAR *addrtype,
                        const WCHAR *address)
{
    SPropValue props[6];
    SPropValue *copy;
    ULONG n = 0;

    props[n].ulPropTag = PR_ROWID;
    props[n++].Value.l = msg->next_rowid++;
    props[n].ulPropTag = PR_RECIPIENT_TYPE;
    props[n++].Value.l = type;
    if (name) { props[n].ulPropTag = PR_DISPLAY_NAME_W; props[n++].Value.lpszW = (WCHAR *)name; }
    if (addrtype) { props[n].ulPropTag = PR_ADDRTYPE_W; props[n++].Value.lpszW = (WCHAR *)addrtype; }
    if (address) { props[n].ulPropTag = PR_EMAIL_ADDRESS_W; props[n++].Value.lpszW = (WCHAR *)address; }
    props[n].ulPropTag = PR_ENTRYID;
    props[n].Value.bin.cb = 4;
    props[n++].Value.bin.lpb = (BYTE *)"EID";
    assert_int_equal(copy_props(n, props, &copy), S_OK);
    msg->recips = realloc(msg->recips, (msg->recip_count + 1) * sizeof(SRow));
    msg->recips[msg->recip_count].ulAdrEntryPad = 0;
    msg->recips[msg->recip_count].cValues = n;
    msg->recips[msg->recip_count++].lpProps = copy;
}

struct fake_message *fake_add_attachment(struct fake_message *msg, ULONG method)
{
    struct fake_message *attach = fake_message_create();

    attach->is_attach = TRUE;
    msg->attachments = realloc(msg->attachments, (msg->attach_count + 1) * sizeof(*msg->attachments));
    msg->attachments[msg->attach_count] = attach;
    fake_set_long(attach, PR_ATTACH_NUM, msg->attach_count++);
    if (method != NO_ATTACHMENT) fake_set_long(attach, PR_ATTACH_METHOD, method);
    return attach;
}

struct fake_message *fake_attach_embedded(struct fake_message *attach)
{
    if (!attach->embedded) attach->embedded = fake_message_create();
    return attach->embedded;
}

/* The answers of the last 16 calls stay valid, so that a test can hold a few side by side. */
const SPropValue *fake_get_prop(struct fake_message *msg, ULONG tag)
{
    static SPropValue *answers[16];
    static unsigned int next;
    SizedSPropTagArray(1, one) = { 1, { tag } };
    SPropValue **slot = &answers[next++ % ARRAY_SIZE(answers)];
    ULONG count;

    absorb_streams(msg);
    MAPIFreeBuffer(*slot);
    *slot = NULL;
    if (FAILED(IPropData_GetProps(msg->bag, (SPropTagArray *)&one, 0, &count, slot))) return NULL;
    return PROP_TYPE((*slot)->ulPropTag) == PT_ERROR ? NULL : *slot;
}

const SPropValue *fake_recip_prop(struct fake_message *msg, ULONG index, ULONG tag)
{
    if (index >= msg->recip_count) return NULL;
    return PpropFindProp(msg->recips[index].lpProps, msg->recips[index].cValues, tag);
}
