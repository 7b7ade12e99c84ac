/*
 * foreignms: IMessage, around the message OpenIMsgOnIStg gives for the
 * message's docfile. Recipients, attachments, streams and named properties
 * are that message's; the store adds its entry IDs, saving to the file,
 * its tables and notifications, and submission.
 */

#include "fms.h"

#define MESSAGE_METHODS 22

static const IMessageVtbl message_vtbl;

static inline struct fms_message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct fms_message, IMessage_iface);
}

static inline struct fms_data *message_data(struct fms_message *message)
{
    return message->store->logon->data;
}

static inline ULONG message_ansi(struct fms_message *message)
{
    return message->store->logon->ansi;
}

static void message_destroy(struct fms_link *link)
{
    struct fms_message *message = CONTAINING_RECORD(link, struct fms_message, link);

    if (!message->on_disk && message->inbound)
        InterlockedDecrement(&message->store->logon->data->inbound);
    if (message->inner) CALL(message->inner, Release);
    if (message->bytes) ILockBytes_Release(message->bytes);
    message->inner = NULL;
    message->bytes = NULL;
}

HRESULT fms_message_open(struct fms_store *store, ULONG folder, ULONG id, BOOL writable, BOOL create,
                         IMessage **ret)
{
    struct fms_data *data = store->logon->data;
    struct fms_message *message;
    char path[MAX_PATH];
    HRESULT hr;

    fms_message_path(data, folder, id, path);
    if (create && GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES) return MAPI_E_COLLISION;
    if (!create && GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) return MAPI_E_NOT_FOUND;
    if ((hr = fms_alloc(sizeof(*message), (void **)&message))) return hr;
    memset(message, 0, sizeof(*message));
    if (FAILED(hr = fms_docfile_open(data, path, create, id, &message->inner, &message->bytes)))
    {
        fms_free(message);
        return hr;
    }
    message->IMessage_iface.lpVtbl = (IMessageVtbl *)&message_vtbl;
    message->ref = 1;
    message->store = store;
    message->folder = folder;
    message->id = id;
    message->writable = writable;
    message->on_disk = !create;
    if (create)
    {
        SPropValue props[3];
        BYTE key[sizeof(MAPIUID) + sizeof(ULONG)];
        FILETIME now;

        GetSystemTimeAsFileTime(&now);
        props[0].ulPropTag = PR_MESSAGE_FLAGS;
        props[0].Value.l = store->logon->spooler ? 0 : MSGFLAG_UNSENT;
        props[1].ulPropTag = PR_CREATION_TIME;
        props[1].Value.ft = now;
        memcpy(key, &data->uid, sizeof(MAPIUID));
        memcpy(key + sizeof(MAPIUID), &id, sizeof(ULONG));
        props[2].ulPropTag = PR_SEARCH_KEY;
        props[2].Value.bin.cb = sizeof(key);
        props[2].Value.bin.lpb = key;
        CALL(message->inner, SetProps, 3, props, NULL);
        /* A message the spooler is filling: the store is busy receiving. */
        if ((message->inbound = store->logon->spooler)) InterlockedIncrement(&data->inbound);
    }
    fms_store_addref(store);
    fms_link_add(store, &message->link, message, MESSAGE_METHODS, message_destroy);
    *ret = &message->IMessage_iface;
    return S_OK;
}

static ULONG message_computed(struct fms_message *message, SPropValue *values, struct fms_entryid *ids)
{
    struct fms_data *data = message_data(message);
    struct fms_logon *logon = message->store->logon;
    ULONG n = 0;

    fms_make_entryid(data, MAPI_MESSAGE, message->folder, message->id, &ids[0]);
    fms_make_entryid(data, MAPI_FOLDER, message->folder, 0, &ids[1]);
    values[n].ulPropTag = PR_ENTRYID;
    values[n].Value.bin.cb = sizeof(ids[0]);
    values[n++].Value.bin.lpb = (BYTE *)&ids[0];
    values[n].ulPropTag = PR_RECORD_KEY;
    values[n].Value.bin.cb = sizeof(ids[0]);
    values[n++].Value.bin.lpb = (BYTE *)&ids[0];
    values[n].ulPropTag = PR_PARENT_ENTRYID;
    values[n].Value.bin.cb = sizeof(ids[1]);
    values[n++].Value.bin.lpb = (BYTE *)&ids[1];
    values[n].ulPropTag = PR_STORE_ENTRYID;
    values[n].Value.bin.cb = logon->wrapped_size;
    values[n++].Value.bin.lpb = (BYTE *)logon->wrapped;
    values[n].ulPropTag = PR_STORE_RECORD_KEY;
    values[n].Value.bin.cb = sizeof(MAPIUID);
    values[n++].Value.bin.lpb = (BYTE *)&data->uid;
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_MESSAGE;
    values[n].ulPropTag = PR_ACCESS_LEVEL;
    values[n++].Value.l = message->writable ? MAPI_MODIFY : 0;
    return n;
}

static HRESULT STDMETHODCALLTYPE message_QueryInterface(IMessage *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMessage))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE message_AddRef(IMessage *iface)
{
    return InterlockedIncrement(&impl_from_IMessage(iface)->ref);
}

static ULONG STDMETHODCALLTYPE message_Release(IMessage *iface)
{
    struct fms_message *message = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&message->ref);
    struct fms_store *store = message->store;

    if (ref) return ref;
    fms_link_remove(&message->link);
    message_destroy(&message->link);
    fms_free(message);
    fms_store_release(store);
    return 0;
}

static HRESULT STDMETHODCALLTYPE message_GetLastError(IMessage *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    struct fms_message *message = impl_from_IMessage(iface);
    HRESULT ret;

    Validate_IMAPIProp_GetLastError(iface, hr, flags, error);
    if (FAILED(ret = fms_charwidth(message_ansi(message), flags, FALSE))) return ret;
    if (message_ansi(message)) flags &= ~MAPI_UNICODE;
    return CALL(message->inner, GetLastError, hr, flags, error);
}

/* Writes the message to its file; the tables and the advise sinks learn of it. */
static HRESULT message_save(struct fms_message *message)
{
    struct fms_data *data = message_data(message);
    SPropValue modified;
    char path[MAX_PATH];
    BOOL created = !message->on_disk;
    HRESULT hr;

    modified.ulPropTag = PR_LAST_MODIFICATION_TIME;
    GetSystemTimeAsFileTime(&modified.Value.ft);
    CALL(message->inner, SetProps, 1, &modified, NULL);
    fms_message_path(data, message->folder, message->id, path);
    if (FAILED(hr = fms_docfile_save(message->inner, message->bytes, path))) return hr;
    if (created)
    {
        message->on_disk = TRUE;
        if (message->inbound) InterlockedDecrement(&data->inbound);
    }
    fms_data_update_message_row(data, message->folder, message->id, message->inner);
    EnterCriticalSection(&data->cs);
    if (data->queue)
    {
        SPropValue *flags;

        if (SUCCEEDED(HrGetOneProp((IMAPIProp *)message->inner, PR_MESSAGE_FLAGS, &flags)))
        {
            if (flags->Value.l & MSGFLAG_SUBMIT) fms_data_queue_update(data, message->folder, message->id,
                                                                       message->inner);
            fms_free(flags);
        }
    }
    LeaveCriticalSection(&data->cs);
    fms_notify(data, message->store->support, created ? fnevObjectCreated : fnevObjectModified, MAPI_MESSAGE,
               message->folder, message->id, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE message_SaveChanges(IMessage *iface, ULONG flags)
{
    struct fms_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    Validate_IMAPIProp_SaveChanges(iface, flags);
    if (!message->writable) return MAPI_E_NO_ACCESS;
    if (SUCCEEDED(hr = message_save(message)) && (flags & KEEP_OPEN_READONLY)) message->writable = FALSE;
    return hr;
}

static HRESULT STDMETHODCALLTYPE message_GetProps(IMessage *iface, LPSPropTagArray tags, ULONG flags,
                                                  ULONG *count, LPSPropValue *props)
{
    struct fms_message *message = impl_from_IMessage(iface);
    struct fms_entryid ids[2];
    SPropValue computed[8];

    Validate_IMAPIProp_GetProps(iface, tags, flags, count, props);
    return fms_get_props((IMAPIProp *)message->inner, message_computed(message, computed, ids), computed, tags,
                         flags, message_ansi(message), count, props);
}

static HRESULT STDMETHODCALLTYPE message_GetPropList(IMessage *iface, ULONG flags, LPSPropTagArray *tags)
{
    struct fms_message *message = impl_from_IMessage(iface);
    struct fms_entryid ids[2];
    SPropValue computed[8];

    Validate_IMAPIProp_GetPropList(iface, flags, tags);
    return fms_get_prop_list((IMAPIProp *)message->inner, message_computed(message, computed, ids), computed, flags,
                             message_ansi(message), tags);
}

static HRESULT STDMETHODCALLTYPE message_OpenProperty(IMessage *iface, ULONG tag, LPCIID iid, ULONG options,
                                                      ULONG flags, LPUNKNOWN *unk)
{
    struct fms_message *message = impl_from_IMessage(iface);

    Validate_IMAPIProp_OpenProperty(iface, tag, iid, options, flags, unk);
    if ((flags & (MAPI_MODIFY | MAPI_CREATE)) && !message->writable) return MAPI_E_NO_ACCESS;
    /* No conversions: a Unicode stream is not there, and cannot be made. */
    if (message_ansi(message) && fms_is_unicode(tag))
        return flags & (MAPI_MODIFY | MAPI_CREATE) ? MAPI_E_BAD_CHARWIDTH : MAPI_E_NOT_FOUND;
    return CALL(message->inner, OpenProperty, tag, iid, options, flags, unk);
}

static HRESULT STDMETHODCALLTYPE message_SetProps(IMessage *iface, ULONG count, LPSPropValue values,
                                                  LPSPropProblemArray *problems)
{
    struct fms_message *message = impl_from_IMessage(iface);
    struct fms_entryid ids[2];
    SPropValue computed[8];

    Validate_IMAPIProp_SetProps(iface, count, values, problems);
    if (!message->writable) return MAPI_E_NO_ACCESS;
    return fms_set_props((IMAPIProp *)message->inner, message_computed(message, computed, ids), computed, count,
                         values, message_ansi(message), problems);
}

static HRESULT STDMETHODCALLTYPE message_DeleteProps(IMessage *iface, LPSPropTagArray tags,
                                                     LPSPropProblemArray *problems)
{
    struct fms_message *message = impl_from_IMessage(iface);

    Validate_IMAPIProp_DeleteProps(iface, tags, problems);
    if (!message->writable) return MAPI_E_NO_ACCESS;
    return CALL(message->inner, DeleteProps, tags, problems);
}

static HRESULT STDMETHODCALLTYPE message_CopyTo(IMessage *iface, ULONG count, LPCIID exclude, LPSPropTagArray tags,
                                                ULONG ui, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst,
                                                ULONG flags, LPSPropProblemArray *problems)
{
    struct fms_message *message = impl_from_IMessage(iface);

    Validate_IMAPIProp_CopyTo(iface, count, exclude, tags, ui, progress, iid, dst, flags, problems);
    return CALL(message->inner, CopyTo, count, exclude, tags, ui, progress, iid, dst, flags, problems);
}

static HRESULT STDMETHODCALLTYPE message_CopyProps(IMessage *iface, LPSPropTagArray tags, ULONG ui,
                                                   LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                                   LPSPropProblemArray *problems)
{
    struct fms_message *message = impl_from_IMessage(iface);

    Validate_IMAPIProp_CopyProps(iface, tags, ui, progress, iid, dst, flags, problems);
    return CALL(message->inner, CopyProps, tags, ui, progress, iid, dst, flags, problems);
}

static HRESULT STDMETHODCALLTYPE message_GetNamesFromIDs(IMessage *iface, LPSPropTagArray *tags, LPGUID guid,
                                                         ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    Validate_IMAPIProp_GetNamesFromIDs(iface, tags, guid, flags, count, names);
    return CALL(impl_from_IMessage(iface)->inner, GetNamesFromIDs, tags, guid, flags, count, names);
}

static HRESULT STDMETHODCALLTYPE message_GetIDsFromNames(IMessage *iface, ULONG count, LPMAPINAMEID *names,
                                                         ULONG flags, LPSPropTagArray *tags)
{
    Validate_IMAPIProp_GetIDsFromNames(iface, count, names, flags, tags);
    return CALL(impl_from_IMessage(iface)->inner, GetIDsFromNames, count, names, flags, tags);
}

static HRESULT STDMETHODCALLTYPE message_GetAttachmentTable(IMessage *iface, ULONG flags, LPMAPITABLE *table)
{
    struct fms_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    Validate_IMessage_GetAttachmentTable(iface, flags, table);
    if (FAILED(hr = fms_charwidth(message_ansi(message), flags, FALSE))) return hr;
    if (!message_ansi(message)) return CALL(message->inner, GetAttachmentTable, flags, table);
    if (FAILED(hr = CALL(message->inner, GetAttachmentTable, flags & ~MAPI_UNICODE, table))) return hr;
    return fms_table_wrap(*table, message_ansi(message), table);
}

static HRESULT STDMETHODCALLTYPE message_OpenAttach(IMessage *iface, ULONG number, LPCIID iid, ULONG flags,
                                                    LPATTACH *attach)
{
    struct fms_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    Validate_IMessage_OpenAttach(iface, number, iid, flags, attach);
    if ((flags & MAPI_MODIFY) && !message->writable) return MAPI_E_NO_ACCESS;
    hr = CALL(message->inner, OpenAttach, number, iid, flags, attach);
    if (SUCCEEDED(hr) && message_ansi(message)) hr = fms_attach_wrap(*attach, message_ansi(message), attach);
    return hr;
}

static HRESULT STDMETHODCALLTYPE message_CreateAttach(IMessage *iface, LPCIID iid, ULONG flags, ULONG *number,
                                                      LPATTACH *attach)
{
    struct fms_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    Validate_IMessage_CreateAttach(iface, iid, flags, number, attach);
    if (!message->writable) return MAPI_E_NO_ACCESS;
    hr = CALL(message->inner, CreateAttach, iid, flags, number, attach);
    if (SUCCEEDED(hr) && message_ansi(message)) hr = fms_attach_wrap(*attach, message_ansi(message), attach);
    return hr;
}

static HRESULT STDMETHODCALLTYPE message_DeleteAttach(IMessage *iface, ULONG number, ULONG ui,
                                                      LPMAPIPROGRESS progress, ULONG flags)
{
    struct fms_message *message = impl_from_IMessage(iface);

    Validate_IMessage_DeleteAttach(iface, number, ui, progress, flags);
    if (!message->writable) return MAPI_E_NO_ACCESS;
    return CALL(message->inner, DeleteAttach, number, ui, progress, flags);
}

static HRESULT STDMETHODCALLTYPE message_GetRecipientTable(IMessage *iface, ULONG flags, LPMAPITABLE *table)
{
    struct fms_message *message = impl_from_IMessage(iface);
    HRESULT hr;

    Validate_IMessage_GetRecipientTable(iface, flags, table);
    if (FAILED(hr = fms_charwidth(message_ansi(message), flags, FALSE))) return hr;
    if (!message_ansi(message)) return CALL(message->inner, GetRecipientTable, flags, table);
    if (FAILED(hr = CALL(message->inner, GetRecipientTable, flags & ~MAPI_UNICODE, table))) return hr;
    return fms_table_wrap(*table, message_ansi(message), table);
}

static HRESULT STDMETHODCALLTYPE message_ModifyRecipients(IMessage *iface, ULONG flags, LPADRLIST list)
{
    struct fms_message *message = impl_from_IMessage(iface);

    Validate_IMessage_ModifyRecipients(iface, flags, list);
    if (!message->writable) return MAPI_E_NO_ACCESS;
    if (message_ansi(message))
    {
        ULONG i, j;

        for (i = 0; i < list->cEntries; i++)
            for (j = 0; j < list->aEntries[i].cValues; j++)
                if (fms_is_unicode(list->aEntries[i].rgPropVals[j].ulPropTag)) return MAPI_E_BAD_CHARWIDTH;
    }
    return CALL(message->inner, ModifyRecipients, flags, list);
}

/* Into the outgoing queue, for the spooler; the message is no longer the client's to change. */
static HRESULT STDMETHODCALLTYPE message_SubmitMessage(IMessage *iface, ULONG flags)
{
    struct fms_message *message = impl_from_IMessage(iface);
    struct fms_data *data = message_data(message);
    IMAPISupport *support = message->store->support;
    SPropValue *current, props[3];
    ULONG prepare = 0, expand = 0, n = 0, message_flags = 0;
    HRESULT hr;

    Validate_IMessage_SubmitMessage(iface, flags);
    if (!message->writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = CALL(support, PrepareSubmit, iface, &prepare))) return hr;
    if (SUCCEEDED(HrGetOneProp((IMAPIProp *)message->inner, PR_MESSAGE_FLAGS, &current)))
    {
        message_flags = current->Value.l;
        fms_free(current);
    }
    props[n].ulPropTag = PR_MESSAGE_FLAGS;
    props[n++].Value.l = message_flags | MSGFLAG_SUBMIT | MSGFLAG_UNSENT;
    props[n].ulPropTag = PR_SUBMIT_FLAGS;
    props[n++].Value.l = 0;
    if (FAILED(HrGetOneProp((IMAPIProp *)message->inner, PR_CLIENT_SUBMIT_TIME, &current)))
    {
        props[n].ulPropTag = PR_CLIENT_SUBMIT_TIME;
        GetSystemTimeAsFileTime(&props[n++].Value.ft);
    }
    else fms_free(current);
    if (FAILED(hr = CALL(message->inner, SetProps, n, props, NULL))) return hr;
    if (FAILED(hr = CALL(support, ExpandRecips, iface, &expand))) return hr;
    if (FAILED(hr = message_save(message))) return hr;

    EnterCriticalSection(&data->cs);
    if (data->queue) hr = fms_data_queue_update(data, message->folder, message->id, message->inner);
    else hr = fms_data_queue(data);
    LeaveCriticalSection(&data->cs);
    message->writable = FALSE;
    foreign_log("ms:SubmitMessage M%08lX prepare=%#lx expand=%#lx hr=%#lx", message->id, prepare, expand, hr);
    return hr;
}

/* The read report the sender asked for: MAPI makes it in an empty message of the Outbox and sends it. */
static void send_read_receipt(struct fms_message *message)
{
    struct fms_store *store = message->store;
    SPropValue *outbox, *requested;
    IMAPIFolder *folder;
    IMessage *receipt;
    BOOL wanted;
    ULONG type;
    HRESULT hr;

    if (FAILED(HrGetOneProp((IMAPIProp *)message->inner, PR_READ_RECEIPT_REQUESTED, &requested))) return;
    wanted = requested->Value.b;
    fms_free(requested);
    if (!wanted) return;
    if (FAILED(hr = HrGetOneProp((IMAPIProp *)&store->IMsgStore_iface, PR_IPM_OUTBOX_ENTRYID, &outbox))) return;
    hr = fms_store_open_entry(store, outbox->Value.bin.cb, (ENTRYID *)outbox->Value.bin.lpb, NULL, MAPI_MODIFY, &type,
                              (IUnknown **)&folder);
    fms_free(outbox);
    if (SUCCEEDED(hr))
    {
        /* MAPI releases the message it was given, whatever happens. */
        if (SUCCEEDED(hr = CALL(folder, CreateMessage, NULL, 0, &receipt)))
            hr = CALL(store->support, ReadReceipt, 0, &message->IMessage_iface, &receipt);
        CALL(folder, Release);
    }
    foreign_log("ms:ReadReceipt hr=%#lx", hr);
}

static HRESULT STDMETHODCALLTYPE message_SetReadFlag(IMessage *iface, ULONG flags)
{
    struct fms_message *message = impl_from_IMessage(iface);
    SPropValue *current, value;
    BOOL was_read;
    HRESULT hr;

    Validate_IMessage_SetReadFlag(iface, flags);
    if (FAILED(hr = HrGetOneProp((IMAPIProp *)message->inner, PR_MESSAGE_FLAGS, &current))) return hr;
    was_read = !!(current->Value.l & MSGFLAG_READ);
    value.ulPropTag = PR_MESSAGE_FLAGS;
    value.Value.l = flags & CLEAR_READ_FLAG ? current->Value.l & ~MSGFLAG_READ : current->Value.l | MSGFLAG_READ;
    fms_free(current);
    if (FAILED(hr = CALL(message->inner, SetProps, 1, &value, NULL))) return hr;
    /* The flag is the store's to keep at once, unlike other changes. */
    if (message->on_disk)
        hr = fms_message_set_flags(message->store, message->folder, message->id,
                                   value.Value.l & MSGFLAG_READ, ~value.Value.l & MSGFLAG_READ);
    if (SUCCEEDED(hr) && !was_read && !(flags & (CLEAR_READ_FLAG | SUPPRESS_RECEIPT))) send_read_receipt(message);
    return hr;
}

static const IMessageVtbl message_vtbl =
{
    message_QueryInterface,
    message_AddRef,
    message_Release,
    message_GetLastError,
    message_SaveChanges,
    message_GetProps,
    message_GetPropList,
    message_OpenProperty,
    message_SetProps,
    message_DeleteProps,
    message_CopyTo,
    message_CopyProps,
    message_GetNamesFromIDs,
    message_GetIDsFromNames,
    message_GetAttachmentTable,
    message_OpenAttach,
    message_CreateAttach,
    message_DeleteAttach,
    message_GetRecipientTable,
    message_ModifyRecipients,
    message_SubmitMessage,
    message_SetReadFlag,
};

/* Changes to a message on disk that the store makes itself: a copy of its own opens the file. */
static HRESULT change_file(struct fms_store *store, ULONG folder, ULONG id, ULONG set, ULONG clear,
                           ULONG status_set, ULONG status_mask, ULONG *old_status)
{
    struct fms_data *data = store->logon->data;
    IMessage *props;
    ILockBytes *bytes;
    SPropValue *current, values[2];
    char path[MAX_PATH];
    ULONG n = 0, message_flags = 0, status = 0;
    BOOL queued;
    HRESULT hr;

    fms_message_path(data, folder, id, path);
    if (FAILED(hr = fms_docfile_open(data, path, FALSE, id, &props, &bytes))) return hr;
    if (SUCCEEDED(HrGetOneProp((IMAPIProp *)props, PR_MESSAGE_FLAGS, &current)))
    {
        message_flags = current->Value.l;
        fms_free(current);
    }
    if (SUCCEEDED(HrGetOneProp((IMAPIProp *)props, PR_FMS_MSG_STATUS, &current)))
    {
        status = current->Value.l;
        fms_free(current);
    }
    if (old_status) *old_status = status;
    if (set || clear)
    {
        values[n].ulPropTag = PR_MESSAGE_FLAGS;
        values[n++].Value.l = (message_flags & ~clear) | set;
    }
    if (status_mask)
    {
        values[n].ulPropTag = PR_FMS_MSG_STATUS;
        values[n++].Value.l = (status & ~status_mask) | (status_set & status_mask);
    }
    if (n && SUCCEEDED(hr = CALL(props, SetProps, n, values, NULL)))
    {
        EnterCriticalSection(&data->cs);
        if (SUCCEEDED(hr = fms_docfile_save(props, bytes, path)))
        {
            fms_data_update_message_row(data, folder, id, props);
            queued = ((message_flags & ~clear) | set) & MSGFLAG_SUBMIT;
            if (queued && data->queue) fms_data_queue_update(data, folder, id, props);
        }
        LeaveCriticalSection(&data->cs);
        if (SUCCEEDED(hr)) fms_notify(data, store->support, fnevObjectModified, MAPI_MESSAGE, folder, id, 0);
    }
    CALL(props, Release);
    ILockBytes_Release(bytes);
    return hr;
}

HRESULT fms_message_set_flags(struct fms_store *store, ULONG folder, ULONG id, ULONG set, ULONG clear)
{
    return change_file(store, folder, id, set, clear, 0, 0, NULL);
}

HRESULT fms_message_status(struct fms_store *store, ULONG folder, ULONG id, ULONG set, ULONG mask, ULONG *old)
{
    return change_file(store, folder, id, 0, 0, set, mask, old);
}

HRESULT fms_message_move(struct fms_store *store, ULONG folder, ULONG id, ULONG to, BOOL copy, ULONG *new_id)
{
    struct fms_data *data = store->logon->data;
    char from_path[MAX_PATH], to_path[MAX_PATH];
    ULONG target = copy ? fms_data_new_id(data) : id;
    IMessage *props;
    ILockBytes *bytes;
    BOOL queued = FALSE;
    HRESULT hr;

    fms_message_path(data, folder, id, from_path);
    fms_message_path(data, to, target, to_path);
    EnterCriticalSection(&data->cs);
    if (!copy && fms_data_is_locked(data, id))
    {
        LeaveCriticalSection(&data->cs);
        return MAPI_E_NO_ACCESS;
    }
    if (copy ? !CopyFileA(from_path, to_path, TRUE) : !MoveFileA(from_path, to_path))
    {
        LeaveCriticalSection(&data->cs);
        return GetFileAttributesA(from_path) == INVALID_FILE_ATTRIBUTES ? MAPI_E_NOT_FOUND : MAPI_E_DISK_ERROR;
    }
    if (!copy)
    {
        fms_data_delete_message_row(data, folder, id);
        if (data->queue)
        {
            SPropValue key;
            SRow *row;
            ULONG index;

            key.ulPropTag = PR_INSTANCE_KEY;
            key.Value.bin.cb = sizeof(ULONG);
            key.Value.bin.lpb = (BYTE *)&id;
            if (SUCCEEDED(CALL(data->queue, HrQueryRow, &key, &row, &index)))
            {
                queued = TRUE;
                fms_free(row);
            }
        }
    }
    if (SUCCEEDED(hr = fms_docfile_open(data, to_path, FALSE, target, &props, &bytes)))
    {
        fms_data_update_message_row(data, to, target, props);
        /* The entry ID in the queue names the folder. */
        if (queued) fms_data_queue_update(data, to, target, props);
        CALL(props, Release);
        ILockBytes_Release(bytes);
    }
    LeaveCriticalSection(&data->cs);
    if (new_id) *new_id = target;
    fms_notify(data, store->support, copy ? fnevObjectCopied : fnevObjectMoved, MAPI_MESSAGE, to, target, folder);
    return S_OK;
}

HRESULT fms_message_delete(struct fms_store *store, ULONG folder, ULONG id)
{
    struct fms_data *data = store->logon->data;
    char path[MAX_PATH];

    fms_message_path(data, folder, id, path);
    EnterCriticalSection(&data->cs);
    if (fms_data_is_locked(data, id))
    {
        LeaveCriticalSection(&data->cs);
        return MAPI_E_NO_ACCESS;
    }
    if (!DeleteFileA(path))
    {
        LeaveCriticalSection(&data->cs);
        return MAPI_E_NOT_FOUND;
    }
    fms_data_delete_message_row(data, folder, id);
    fms_data_queue_remove(data, id);
    LeaveCriticalSection(&data->cs);
    fms_notify(data, store->support, fnevObjectDeleted, MAPI_MESSAGE, folder, id, 0);
    return S_OK;
}

/* IMsgStore::SetLockState: what the spooler changed is saved, then the lock taken or given back. */
HRESULT fms_message_lock(IMessage *iface, struct fms_store *store, ULONG state)
{
    struct fms_message *message = impl_from_IMessage(iface);
    struct fms_data *data = store->logon->data;
    HRESULT hr = S_OK;
    ULONG i;

    if (iface->lpVtbl != (IMessageVtbl *)&message_vtbl || message_data(message) != data)
        return MAPI_E_INVALID_PARAMETER;
    if (message->writable && message->on_disk && FAILED(hr = message_save(message))) return hr;
    EnterCriticalSection(&data->cs);
    if (FAILED(fms_data_queue(data))) hr = MAPI_E_NOT_IN_QUEUE;
    else if (state == MSG_LOCKED)
    {
        if (fms_data_is_locked(data, message->id)) hr = MAPI_E_BUSY;
        else if (data->locked_count == ARRAYSIZE(data->locked)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else data->locked[data->locked_count++] = message->id;
    }
    else
    {
        for (i = 0; i < data->locked_count; i++)
            if (data->locked[i] == message->id) data->locked[i] = data->locked[--data->locked_count];
    }
    if (SUCCEEDED(hr)) fms_data_queue_update(data, message->folder, message->id, message->inner);
    LeaveCriticalSection(&data->cs);
    foreign_log("ms:SetLockState M%08lX %s hr=%#lx", message->id, state == MSG_LOCKED ? "locked" : "unlocked", hr);
    return hr;
}
