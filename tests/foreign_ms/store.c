/*
 * foreignms: IMsgStore. Each logon (a client's or the spooler's) has one
 * store object; its properties are the store's docfile, shared by all.
 *
 * The object is MAPIAllocateBuffer'd with its count right behind the
 * vtable, as IMAPISupport::MakeInvalid wants. Objects opened from it hold a
 * reference on it; its last Release tells MAPI (StoreLogoffTransports) and
 * lets go of the support object, which ends the logon.
 */

#include "fms.h"

#define LOGOFF_MODES (LOGOFF_ABORT | LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_QUIET)
#define STORE_METHODS 27

static const IMsgStoreVtbl store_vtbl;

static inline struct fms_store *impl_from_IMsgStore(IMsgStore *iface)
{
    return CONTAINING_RECORD(iface, struct fms_store, IMsgStore_iface);
}

void fms_store_addref(struct fms_store *store)
{
    InterlockedIncrement(&store->ref);
}

void fms_store_release(struct fms_store *store)
{
    struct fms_logon *logon;
    IMAPISupport *support;
    ULONG flags;
    HRESULT hr;

    if (InterlockedDecrement(&store->ref)) return;

    support = store->support;
    if ((logon = store->logon))
    {
        /* As the store logoff contract asks: the transports first, then the support object. */
        flags = store->logoff_called ? store->logoff_flags : LOGOFF_ABORT;
        hr = CALL(support, StoreLogoffTransports, &flags);
        foreign_log("ms:StoreLogoffTransports hr=%#lx flags=%#lx spooler=%d", hr, flags, logon->spooler);
        if (logon->counts_connection) CALL(support, Unsubscribe, logon->counts_connection);
        logon->counts_connection = 0;
        EnterCriticalSection(&logon->data->cs);
        logon->store = NULL;
        logon->support = NULL;
        LeaveCriticalSection(&logon->data->cs);
    }
    fms_free(store);
    CALL(support, Release);
}

/* IMSLogon::Logoff with the store still held: it and all that was opened
 * from it become MAPI's invalid objects. */
void fms_store_invalidate(struct fms_store *store)
{
    IMAPISupport *support = store->support;
    struct fms_link *link;
    ULONG objects = 0;
    HRESULT hr;

    while ((link = store->objects.next) != &store->objects)
    {
        LONG *ref = (LONG *)((void **)link->object + 1);

        fms_link_remove(link);
        link->destroy(link);
        hr = CALL(support, MakeInvalid, 0, link->object, *ref, link->methods);
        if (FAILED(hr)) foreign_log("ms:MakeInvalid of an object failed %#lx", hr);
        objects++;
    }
    /* What is left is the client's. */
    store->ref -= objects;
    store->logon = NULL;
    foreign_log("ms:invalidated objects=%lu store refs=%ld", objects, store->ref);
    if (store->ref > 0) hr = CALL(support, MakeInvalid, 0, store, store->ref, STORE_METHODS);
    else fms_free(store);
    CALL(support, Release);
}

HRESULT fms_store_create(struct fms_logon *logon, IMAPISupport *support, struct fms_store **ret)
{
    struct fms_store *store;
    HRESULT hr;

    if ((hr = fms_alloc(sizeof(*store), (void **)&store))) return hr;
    memset(store, 0, sizeof(*store));
    store->IMsgStore_iface.lpVtbl = (IMsgStoreVtbl *)&store_vtbl;
    store->ref = 1;
    store->logon = logon;
    store->support = support;
    CALL(support, AddRef);
    store->objects.next = store->objects.prev = &store->objects;
    *ret = store;
    return S_OK;
}

static ULONG store_computed(struct fms_store *store, SPropValue *values)
{
    struct fms_logon *logon = store->logon;
    ULONG n = 0;

    values[n].ulPropTag = PR_ENTRYID;
    values[n].Value.bin.cb = logon->wrapped_size;
    values[n++].Value.bin.lpb = (BYTE *)logon->wrapped;
    values[n].ulPropTag = PR_STORE_ENTRYID;
    values[n].Value.bin.cb = logon->wrapped_size;
    values[n++].Value.bin.lpb = (BYTE *)logon->wrapped;
    values[n].ulPropTag = PR_RECORD_KEY;
    values[n].Value.bin.cb = sizeof(MAPIUID);
    values[n++].Value.bin.lpb = (BYTE *)&logon->data->uid;
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_STORE;
    values[n].ulPropTag = PR_MDB_PROVIDER;
    values[n].Value.bin.cb = sizeof(MAPIUID);
    values[n++].Value.bin.lpb = (BYTE *)&fms_provider_uid;
    values[n].ulPropTag = PR_STORE_SUPPORT_MASK;
    values[n++].Value.l = STORE_ENTRYID_UNIQUE | STORE_ATTACH_OK | STORE_OLE_OK | STORE_MODIFY_OK |
                          STORE_CREATE_OK | STORE_SUBMIT_OK | STORE_NOTIFY_OK | STORE_MV_PROPS_OK;
    values[n].ulPropTag = PR_STORE_STATE;
    values[n++].Value.l = 0;
    return n;
}

static HRESULT STDMETHODCALLTYPE store_QueryInterface(IMsgStore *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMsgStore))
    {
        *obj = iface;
        fms_store_addref(impl_from_IMsgStore(iface));
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE store_AddRef(IMsgStore *iface)
{
    return InterlockedIncrement(&impl_from_IMsgStore(iface)->ref);
}

static ULONG STDMETHODCALLTYPE store_Release(IMsgStore *iface)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    ULONG ref = store->ref - 1;

    fms_store_release(store);
    return ref;
}

static HRESULT STDMETHODCALLTYPE store_GetLastError(IMsgStore *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    Validate_IMAPIProp_GetLastError(iface, hr, flags, error);
    if (FAILED(hr = fms_charwidth(impl_from_IMsgStore(iface)->logon->ansi, flags, FALSE))) return hr;
    *error = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_SaveChanges(IMsgStore *iface, ULONG flags)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    HRESULT hr;

    Validate_IMAPIProp_SaveChanges(iface, flags);
    if (store->logon->read_only) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&data->cs);
    hr = fms_data_save_props(data);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetProps(IMsgStore *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,
                                                LPSPropValue *props)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    SPropValue computed[8];
    HRESULT hr;

    Validate_IMAPIProp_GetProps(iface, tags, flags, count, props);
    EnterCriticalSection(&data->cs);
    hr = fms_get_props((IMAPIProp *)data->props, store_computed(store, computed), computed, tags, flags,
                       store->logon->ansi, count, props);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetPropList(IMsgStore *iface, ULONG flags, LPSPropTagArray *tags)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    SPropValue computed[8];
    HRESULT hr;

    Validate_IMAPIProp_GetPropList(iface, flags, tags);
    EnterCriticalSection(&data->cs);
    hr = fms_get_prop_list((IMAPIProp *)data->props, store_computed(store, computed), computed, flags,
                           store->logon->ansi, tags);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_OpenProperty(IMsgStore *iface, ULONG tag, LPCIID iid, ULONG options,
                                                    ULONG flags, LPUNKNOWN *unk)
{
    Validate_IMAPIProp_OpenProperty(iface, tag, iid, options, flags, unk);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_SetProps(IMsgStore *iface, ULONG count, LPSPropValue values,
                                                LPSPropProblemArray *problems)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    SPropValue computed[8];
    HRESULT hr;

    Validate_IMAPIProp_SetProps(iface, count, values, problems);
    if (store->logon->read_only) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&data->cs);
    hr = fms_set_props((IMAPIProp *)data->props, store_computed(store, computed), computed, count, values,
                       store->logon->ansi, problems);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_DeleteProps(IMsgStore *iface, LPSPropTagArray tags,
                                                   LPSPropProblemArray *problems)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    HRESULT hr;

    Validate_IMAPIProp_DeleteProps(iface, tags, problems);
    if (store->logon->read_only) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&data->cs);
    hr = CALL(data->props, DeleteProps, tags, problems);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_CopyTo(IMsgStore *iface, ULONG count, LPCIID exclude, LPSPropTagArray tags,
                                              ULONG ui, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                              LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyTo(iface, count, exclude, tags, ui, progress, iid, dst, flags, problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_CopyProps(IMsgStore *iface, LPSPropTagArray tags, ULONG ui,
                                                 LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                                 LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyProps(iface, tags, ui, progress, iid, dst, flags, problems);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE store_GetNamesFromIDs(IMsgStore *iface, LPSPropTagArray *tags, LPGUID guid,
                                                       ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    HRESULT hr;

    Validate_IMAPIProp_GetNamesFromIDs(iface, tags, guid, flags, count, names);
    EnterCriticalSection(&data->cs);
    hr = CALL(data->props, GetNamesFromIDs, tags, guid, flags, count, names);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetIDsFromNames(IMsgStore *iface, ULONG count, LPMAPINAMEID *names,
                                                       ULONG flags, LPSPropTagArray *tags)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    HRESULT hr;

    Validate_IMAPIProp_GetIDsFromNames(iface, count, names, flags, tags);
    EnterCriticalSection(&data->cs);
    hr = CALL(data->props, GetIDsFromNames, count, names, flags, tags);
    LeaveCriticalSection(&data->cs);
    return hr;
}

HRESULT fms_store_advise(struct fms_logon *logon, ULONG size, LPENTRYID entryid, ULONG mask,
                         LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct fms_entryid id;
    struct fms_key key;

    if (!logon->support) return MAPI_E_CALL_FAILED;
    if (!size || (logon->wrapped_size == size && !memcmp(logon->wrapped, entryid, size)))
        fms_make_entryid(logon->data, MAPI_STORE, 0, 0, &id);
    else if (!fms_parse_entryid(logon->data, size, entryid, &id))
        return MAPI_E_INVALID_ENTRYID;
    fms_key(&id, &key);
    return CALL(logon->support, Subscribe, (NOTIFKEY *)&key, mask, 0, sink, CONNECTION_ARG(connection));
}

/* The SDK of today has ULONG_PTR connections: so have we, the vtable says otherwise. */
static HRESULT STDMETHODCALLTYPE store_Advise(IMsgStore *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                              LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct fms_store *store = impl_from_IMsgStore(iface);

    Validate_IMsgStore_Advise(iface, size, entryid, mask, sink, connection);
    foreign_log("ms:Advise mask=%#lx", mask);
    return fms_store_advise(store->logon, size, entryid, mask, sink, connection);
}

static HRESULT STDMETHODCALLTYPE store_Unadvise(IMsgStore *iface, ULONG_PTR connection)
{
    struct fms_store *store = impl_from_IMsgStore(iface);

    Validate_IMsgStore_Unadvise(iface, connection);
    return CALL(store->support, Unsubscribe, connection);
}

HRESULT fms_store_compare(struct fms_logon *logon, ULONG size1, LPENTRYID entryid1, ULONG size2,
                          LPENTRYID entryid2, ULONG *result)
{
    struct fms_entryid id1, id2;
    BOOL store1, store2;

    store1 = logon->wrapped_size == size1 && !memcmp(logon->wrapped, entryid1, size1);
    store2 = logon->wrapped_size == size2 && !memcmp(logon->wrapped, entryid2, size2);
    if (store1 || store2)
    {
        if (!store1 && (!fms_parse_entryid(logon->data, size1, entryid1, &id1) || id1.type != MAPI_STORE))
            return fms_parse_entryid(logon->data, size1, entryid1, &id1) ? (*result = FALSE, S_OK)
                                                                        : MAPI_E_UNKNOWN_ENTRYID;
        if (!store2 && (!fms_parse_entryid(logon->data, size2, entryid2, &id2) || id2.type != MAPI_STORE))
            return fms_parse_entryid(logon->data, size2, entryid2, &id2) ? (*result = FALSE, S_OK)
                                                                        : MAPI_E_UNKNOWN_ENTRYID;
        *result = TRUE;
        return S_OK;
    }
    if (!fms_parse_entryid(logon->data, size1, entryid1, &id1) ||
        !fms_parse_entryid(logon->data, size2, entryid2, &id2))
        return MAPI_E_UNKNOWN_ENTRYID;
    *result = !memcmp(&id1, &id2, sizeof(id1));
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_CompareEntryIDs(IMsgStore *iface, ULONG size1, LPENTRYID entryid1,
                                                       ULONG size2, LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    Validate_IMsgStore_CompareEntryIDs(iface, size1, entryid1, size2, entryid2, flags, result);
    return fms_store_compare(impl_from_IMsgStore(iface)->logon, size1, entryid1, size2, entryid2, result);
}

HRESULT fms_store_open_entry(struct fms_store *store, ULONG size, LPENTRYID entryid, LPCIID iid, ULONG flags,
                             ULONG *type, LPUNKNOWN *object)
{
    struct fms_logon *logon = store->logon;
    BOOL writable = !logon->read_only && (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS));
    struct fms_entryid id;
    IUnknown *unk;
    HRESULT hr;

    *object = NULL;
    if (!size) fms_make_entryid(logon->data, MAPI_FOLDER, FMS_ROOT_FOLDER, 0, &id);
    else if (logon->wrapped_size == size && !memcmp(logon->wrapped, entryid, size))
        fms_make_entryid(logon->data, MAPI_STORE, 0, 0, &id);
    else if (!fms_parse_entryid(logon->data, size, entryid, &id))
        return MAPI_E_INVALID_ENTRYID;
    if ((flags & MAPI_MODIFY) && logon->read_only) return MAPI_E_NO_ACCESS;

    switch (id.type)
    {
    case MAPI_STORE:
        unk = (IUnknown *)&store->IMsgStore_iface;
        fms_store_addref(store);
        hr = S_OK;
        break;
    case MAPI_FOLDER:
        hr = fms_folder_open(store, id.folder, writable, (IMAPIFolder **)&unk);
        break;
    default:
        hr = fms_message_open(store, id.folder, id.message, writable, FALSE, (IMessage **)&unk);
        break;
    }
    if (FAILED(hr)) return hr;
    if (iid)
    {
        IUnknown *asked;

        hr = CALL(unk, QueryInterface, iid, (void **)&asked);
        CALL(unk, Release);
        if (FAILED(hr)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
        unk = asked;
    }
    *type = id.type;
    *object = unk;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_OpenEntry(IMsgStore *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                                 ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    Validate_IMsgStore_OpenEntry(iface, size, entryid, iid, flags, type, object);
    return fms_store_open_entry(impl_from_IMsgStore(iface), size, entryid, iid, flags, type, object);
}

/* The receive folders: two parallel multi-valued properties of the store. */
static HRESULT get_receive_folders(struct fms_data *data, SPropValue **props)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_FMS_RECV_CLASSES, PR_FMS_RECV_FOLDERS } };
    ULONG count;
    HRESULT hr;

    hr = CALL(data->props, GetProps, (SPropTagArray *)&tags, 0, &count, props);
    if (FAILED(hr)) return hr;
    if ((*props)[0].ulPropTag != PR_FMS_RECV_CLASSES || (*props)[1].ulPropTag != PR_FMS_RECV_FOLDERS ||
        (*props)[0].Value.MVszA.cValues != (*props)[1].Value.MVbin.cValues)
    {
        (*props)[0].ulPropTag = PR_FMS_RECV_CLASSES;
        (*props)[0].Value.MVszA.cValues = 0;
        (*props)[1].ulPropTag = PR_FMS_RECV_FOLDERS;
        (*props)[1].Value.MVbin.cValues = 0;
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE store_SetReceiveFolder(IMsgStore *iface, LPTSTR message_class, ULONG flags,
                                                        ULONG size, LPENTRYID entryid)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    const char *class = message_class ? message_class : "";
    SPropValue *props, values[2];
    struct fms_entryid id;
    ULONG i, n = 0;
    char **classes = NULL;
    SBinary *folders = NULL;
    HRESULT hr;

    Validate_IMsgStore_SetReceiveFolder(iface, message_class, flags, size, entryid);
    if (FAILED(hr = fms_charwidth(FMS_ANSI_ALWAYS(store->logon->ansi), flags, TRUE))) return hr;
    if (store->logon->read_only) return MAPI_E_NO_ACCESS;
    if (size && (!fms_parse_entryid(data, size, entryid, &id) || id.type != MAPI_FOLDER))
        return MAPI_E_INVALID_ENTRYID;

    EnterCriticalSection(&data->cs);
    if (FAILED(hr = get_receive_folders(data, &props))) goto done;
    hr = fms_alloc((props[0].Value.MVszA.cValues + 1) * (sizeof(char *) + sizeof(SBinary)), (void **)&classes);
    if (FAILED(hr)) goto done;
    folders = (SBinary *)(classes + props[0].Value.MVszA.cValues + 1);
    for (i = 0; i < props[0].Value.MVszA.cValues; i++)
    {
        if (!lstrcmpiA(props[0].Value.MVszA.lppszA[i], class)) continue;
        classes[n] = props[0].Value.MVszA.lppszA[i];
        folders[n++] = props[1].Value.MVbin.lpbin[i];
    }
    if (size)
    {
        classes[n] = (char *)class;
        folders[n].cb = size;
        folders[n++].lpb = (BYTE *)entryid;
    }
    values[0].ulPropTag = PR_FMS_RECV_CLASSES;
    values[0].Value.MVszA.cValues = n;
    values[0].Value.MVszA.lppszA = classes;
    values[1].ulPropTag = PR_FMS_RECV_FOLDERS;
    values[1].Value.MVbin.cValues = n;
    values[1].Value.MVbin.lpbin = folders;
    if (n) hr = CALL(data->props, SetProps, 2, values, NULL);
    else
    {
        static const SizedSPropTagArray(2, tags) = { 2, { PR_FMS_RECV_CLASSES, PR_FMS_RECV_FOLDERS } };
        hr = CALL(data->props, DeleteProps, (SPropTagArray *)&tags, NULL);
    }
    if (SUCCEEDED(hr)) hr = fms_data_save_props(data);
    fms_free(classes);
    fms_free(props);
done:
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetReceiveFolder(IMsgStore *iface, LPTSTR message_class, ULONG flags,
                                                        ULONG *size, LPENTRYID *entryid, LPTSTR *explicit_class)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    const char *class = message_class ? message_class : "";
    SPropValue *props;
    size_t best_len = 0;
    LONG best = -1;
    ULONG i;
    HRESULT hr;

    Validate_IMsgStore_GetReceiveFolder(iface, message_class, flags, size, entryid, explicit_class);
    /* An ANSI store, as the SDK's samples were. */
    if (FAILED(hr = fms_charwidth(FMS_ANSI_ALWAYS(store->logon->ansi), flags, TRUE))) return hr;
    *size = 0;
    *entryid = NULL;
    if (explicit_class) *explicit_class = NULL;

    EnterCriticalSection(&data->cs);
    if (FAILED(hr = get_receive_folders(data, &props))) goto done;
    /* The longest class that is a prefix of the one asked for, at a dot. */
    for (i = 0; i < props[0].Value.MVszA.cValues; i++)
    {
        const char *known = props[0].Value.MVszA.lppszA[i];
        size_t len = strlen(known);

        if (len > strlen(class) || _strnicmp(known, class, len)) continue;
        if (len && class[len] && class[len] != '.') continue;
        if (best < 0 || len >= best_len)
        {
            best = i;
            best_len = len;
        }
    }
    if (best < 0) hr = MAPI_E_NOT_FOUND;
    else
    {
        SBinary *folder = &props[1].Value.MVbin.lpbin[best];

        if (SUCCEEDED(hr = fms_alloc(folder->cb, (void **)entryid)))
        {
            memcpy(*entryid, folder->lpb, folder->cb);
            *size = folder->cb;
        }
        if (SUCCEEDED(hr) && explicit_class &&
            SUCCEEDED(hr = fms_alloc(best_len + 1, (void **)explicit_class)))
            lstrcpynA(*explicit_class, props[0].Value.MVszA.lppszA[best], best_len + 1);
    }
    fms_free(props);
done:
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetReceiveFolderTable(IMsgStore *iface, ULONG flags, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(4, columns) =
        { 4, { PR_INSTANCE_KEY, PR_MESSAGE_CLASS_A, PR_ENTRYID, PR_RECORD_KEY } };
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    ITableData *table_data;
    SPropValue *props, row_props[4];
    SRow row;
    ULONG i;
    HRESULT hr;

    Validate_IMsgStore_GetReceiveFolderTable(iface, flags, table);
    if (FAILED(hr = fms_charwidth(FMS_ANSI_ALWAYS(store->logon->ansi), flags, FALSE))) return hr;
    if ((hr = CreateTable(&IID_IMAPITableData, fms_alloc, fms_more, fms_free, NULL, TBLTYPE_SNAPSHOT,
                          PR_INSTANCE_KEY, (SPropTagArray *)&columns, &table_data)))
        return hr;
    EnterCriticalSection(&data->cs);
    if (SUCCEEDED(hr = get_receive_folders(data, &props)))
    {
        for (i = 0; i < props[0].Value.MVszA.cValues && SUCCEEDED(hr); i++)
        {
            row_props[0].ulPropTag = PR_INSTANCE_KEY;
            row_props[0].Value.bin.cb = sizeof(i);
            row_props[0].Value.bin.lpb = (BYTE *)&i;
            row_props[1].ulPropTag = PR_MESSAGE_CLASS_A;
            row_props[1].Value.lpszA = props[0].Value.MVszA.lppszA[i];
            row_props[2].ulPropTag = PR_ENTRYID;
            row_props[2].Value.bin = props[1].Value.MVbin.lpbin[i];
            row_props[3].ulPropTag = PR_RECORD_KEY;
            row_props[3].Value.bin = props[1].Value.MVbin.lpbin[i];
            row.ulAdrEntryPad = 0;
            row.cValues = 4;
            row.lpProps = row_props;
            hr = CALL(table_data, HrModifyRow, &row);
        }
        fms_free(props);
    }
    LeaveCriticalSection(&data->cs);
    if (SUCCEEDED(hr)) hr = fms_data_get_view(data, table_data, table);
    CALL(table_data, Release);
    if (SUCCEEDED(hr) && store->logon->ansi) hr = fms_table_wrap(*table, store->logon->ansi, table);
    return hr;
}

/* What the store is doing now, for StoreLogoff. */
static ULONG store_activity(struct fms_data *data)
{
    ULONG activity = 0, i, j;
    SRow *row;

    EnterCriticalSection(&data->cs);
    if (data->locked_count) activity |= LOGOFF_OUTBOUND;
    if (data->inbound) activity |= LOGOFF_INBOUND;
    if (data->queue)
    {
        for (i = 0; SUCCEEDED(CALL(data->queue, HrEnumRow, i, &row)) && row; i++)
        {
            for (j = 0; j < row->cValues; j++)
                if (row->lpProps[j].ulPropTag == PR_SUBMIT_FLAGS && !(row->lpProps[j].Value.l & SUBMITFLAG_LOCKED))
                    activity |= LOGOFF_OUTBOUND_QUEUE;
            fms_free(row);
        }
    }
    LeaveCriticalSection(&data->cs);
    return activity;
}

static HRESULT STDMETHODCALLTYPE store_StoreLogoff(IMsgStore *iface, ULONG *flags)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    ULONG mode;

    Validate_IMsgStore_StoreLogoff(iface, flags);
    mode = *flags & LOGOFF_MODES;
    if (mode & (mode - 1)) return MAPI_E_INVALID_PARAMETER;
    if (!mode) mode = LOGOFF_ORDERLY;
    foreign_log("ms:StoreLogoff flags=%#lx", *flags);
    store->logoff_flags = mode;
    store->logoff_called = TRUE;
    *flags = store_activity(store->logon->data);
    return S_OK;
}

static HRESULT parse_message(struct fms_store *store, ULONG size, LPENTRYID entryid, struct fms_entryid *id)
{
    if (!fms_parse_entryid(store->logon->data, size, entryid, id) || id->type != MAPI_MESSAGE)
        return MAPI_E_INVALID_ENTRYID;
    return S_OK;
}

static BOOL in_queue(struct fms_data *data, ULONG message)
{
    SPropValue key;
    SRow *row;
    ULONG index;

    if (FAILED(fms_data_queue(data))) return FALSE;
    key.ulPropTag = PR_INSTANCE_KEY;
    key.Value.bin.cb = sizeof(ULONG);
    key.Value.bin.lpb = (BYTE *)&message;
    if (FAILED(CALL(data->queue, HrQueryRow, &key, &row, &index))) return FALSE;
    fms_free(row);
    return TRUE;
}

static HRESULT STDMETHODCALLTYPE store_AbortSubmit(IMsgStore *iface, ULONG size, LPENTRYID entryid, ULONG flags)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    struct fms_entryid id;
    HRESULT hr;

    Validate_IMsgStore_AbortSubmit(iface, size, entryid, flags);
    if (FAILED(hr = parse_message(store, size, entryid, &id))) return hr;
    EnterCriticalSection(&data->cs);
    if (!in_queue(data, id.message)) hr = MAPI_E_NOT_IN_QUEUE;
    else if (fms_data_is_locked(data, id.message)) hr = MAPI_E_UNABLE_TO_ABORT;
    else fms_data_queue_remove(data, id.message);
    LeaveCriticalSection(&data->cs);
    if (SUCCEEDED(hr)) hr = fms_message_set_flags(store, id.folder, id.message, 0, MSGFLAG_SUBMIT);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_GetOutgoingQueue(IMsgStore *iface, ULONG flags, LPMAPITABLE *table)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    HRESULT hr;

    Validate_IMsgStore_GetOutgoingQueue(iface, flags, table);
    if (!store->logon->spooler) return MAPI_E_NO_SUPPORT;
    EnterCriticalSection(&data->cs);
    hr = fms_data_queue(data);
    LeaveCriticalSection(&data->cs);
    if (SUCCEEDED(hr)) hr = fms_data_get_view(data, data->queue, table);
    foreign_log("ms:GetOutgoingQueue hr=%#lx", hr);
    return hr;
}

extern HRESULT fms_message_lock(IMessage *message, struct fms_store *store, ULONG state);

static HRESULT STDMETHODCALLTYPE store_SetLockState(IMsgStore *iface, LPMESSAGE message, ULONG state)
{
    struct fms_store *store = impl_from_IMsgStore(iface);

    Validate_IMsgStore_SetLockState(iface, message, state);
    if (!store->logon->spooler) return MAPI_E_NO_SUPPORT;
    return fms_message_lock(message, store, state);
}

static HRESULT STDMETHODCALLTYPE store_FinishedMsg(IMsgStore *iface, ULONG flags, ULONG size, LPENTRYID entryid)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    struct fms_entryid id;
    IMessage *message;
    ULONG i;
    HRESULT hr;

    Validate_IMsgStore_FinishedMsg(iface, flags, size, entryid);
    if (!store->logon->spooler) return MAPI_E_NO_SUPPORT;
    if (FAILED(hr = parse_message(store, size, entryid, &id))) return hr;
    EnterCriticalSection(&data->cs);
    if (!in_queue(data, id.message)) hr = MAPI_E_NOT_IN_QUEUE;
    else
    {
        for (i = 0; i < data->locked_count; i++)
            if (data->locked[i] == id.message) data->locked[i] = data->locked[--data->locked_count];
        fms_data_queue_remove(data, id.message);
    }
    LeaveCriticalSection(&data->cs);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = fms_message_set_flags(store, id.folder, id.message, MSGFLAG_READ,
                                          MSGFLAG_SUBMIT | MSGFLAG_UNSENT)))
        return hr;
    foreign_log("ms:FinishedMsg M%08lX", id.message);
    if (FAILED(hr = fms_message_open(store, id.folder, id.message, TRUE, FALSE, &message))) return hr;
    /* The sent message goes where it asked; DoSentMail releases it. */
    hr = CALL(store->support, DoSentMail, 0, message);
    foreign_log("ms:DoSentMail hr=%#lx", hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE store_NotifyNewMail(IMsgStore *iface, LPNOTIFICATION notification)
{
    struct fms_store *store = impl_from_IMsgStore(iface);
    struct fms_data *data = store->logon->data;
    struct fms_entryid id, parent;
    struct fms_key key;
    NOTIFICATION copy;
    ULONG flags = 0;
    HRESULT hr;

    Validate_IMsgStore_NotifyNewMail(iface, notification);
    if (FAILED(hr = fms_charwidth(store->logon->ansi, notification->info.newmail.ulFlags, TRUE))) return hr;
    if (FAILED(hr = parse_message(store, notification->info.newmail.cbEntryID, notification->info.newmail.lpEntryID,
                                  &id)))
        return hr;
    foreign_log("ms:NotifyNewMail M%08lX class=%s", id.message,
                notification->info.newmail.ulFlags & MAPI_UNICODE ? "(Unicode)" :
                notification->info.newmail.lpszMessageClass ? (char *)notification->info.newmail.lpszMessageClass : "");
    /* Told by the store's own entry IDs, on the store and on the folder. */
    copy = *notification;
    fms_make_entryid(data, MAPI_FOLDER, id.folder, 0, &parent);
    copy.info.newmail.cbParentID = sizeof(parent);
    copy.info.newmail.lpParentID = (ENTRYID *)&parent;
    fms_make_entryid(data, MAPI_STORE, 0, 0, &key.id);
    fms_key(&key.id, &key);
    hr = CALL(store->support, Notify, (NOTIFKEY *)&key, 1, &copy, &flags);
    fms_key(&parent, &key);
    flags = 0;
    CALL(store->support, Notify, (NOTIFKEY *)&key, 1, &copy, &flags);
    return hr;
}

static const IMsgStoreVtbl store_vtbl =
{
    store_QueryInterface,
    store_AddRef,
    store_Release,
    store_GetLastError,
    store_SaveChanges,
    store_GetProps,
    store_GetPropList,
    store_OpenProperty,
    store_SetProps,
    store_DeleteProps,
    store_CopyTo,
    store_CopyProps,
    store_GetNamesFromIDs,
    store_GetIDsFromNames,
    (void *)store_Advise,
    (void *)store_Unadvise,
    store_CompareEntryIDs,
    store_OpenEntry,
    store_SetReceiveFolder,
    store_GetReceiveFolder,
    store_GetReceiveFolderTable,
    store_StoreLogoff,
    store_AbortSubmit,
    store_GetOutgoingQueue,
    store_SetLockState,
    store_FinishedMsg,
    store_NotifyNewMail,
};
