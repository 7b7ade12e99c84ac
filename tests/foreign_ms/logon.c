/*
 * foreignms: IMSLogon, and what a logon does first: the store's data, its
 * provider UID, its wrapped entry ID in the profile, the standard folders,
 * and the store's own watch on its events, which keeps the folder counts of
 * the hierarchy tables (HrAllocAdviseSink, IMAPISupport::Subscribe).
 */

#include "fms.h"

static const IMSLogonVtbl logon_vtbl;

static inline struct fms_logon *impl_from_IMSLogon(IMSLogon *iface)
{
    return CONTAINING_RECORD(iface, struct fms_logon, IMSLogon_iface);
}

/* The store's own subscription: a message came, went or changed, so its
 * folder's counts in the parent's hierarchy table change. */
static LONG STDAPICALLTYPE counts_changed(void *context, ULONG count, LPNOTIFICATION notifications)
{
    struct fms_data *data = context;
    struct fms_entryid id;
    ULONG i;

    for (i = 0; i < count; i++)
    {
        OBJECT_NOTIFICATION *object = &notifications[i].info.obj;

        if (object->ulObjType != MAPI_MESSAGE) continue;
        if (fms_parse_entryid(data, object->cbParentID, object->lpParentID, &id))
            fms_data_update_folder_row(data, id.folder);
        if (fms_parse_entryid(data, object->cbOldParentID, object->lpOldParentID, &id))
            fms_data_update_folder_row(data, id.folder);
    }
    return 0;
}

static void logon_unlink(struct fms_logon *logon)
{
    struct fms_logon **p;

    EnterCriticalSection(&logon->data->cs);
    for (p = &logon->data->logons; *p; p = &(*p)->next_in_data)
    {
        if (*p != logon) continue;
        *p = logon->next_in_data;
        break;
    }
    LeaveCriticalSection(&logon->data->cs);
}

static HRESULT STDMETHODCALLTYPE logon_QueryInterface(IMSLogon *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMSLogon))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE logon_AddRef(IMSLogon *iface)
{
    return InterlockedIncrement(&impl_from_IMSLogon(iface)->ref);
}

static ULONG STDMETHODCALLTYPE logon_Release(IMSLogon *iface)
{
    struct fms_logon *logon = impl_from_IMSLogon(iface);
    ULONG ref = InterlockedDecrement(&logon->ref);

    if (ref) return ref;
    foreign_log("ms:IMSLogon::Release spooler=%d", logon->spooler);
    if (logon->counts_sink) CALL(logon->counts_sink, Release);
    logon_unlink(logon);
    fms_data_release(logon->data);
    fms_free(logon->wrapped);
    fms_free(logon->config);
    free(logon);
    return 0;
}

static HRESULT STDMETHODCALLTYPE logon_GetLastError(IMSLogon *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    Validate_IMSLogon_GetLastError(iface, hr, flags, error);
    if (FAILED(hr = fms_charwidth(impl_from_IMSLogon(iface)->ansi, flags, FALSE))) return hr;
    *error = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_Logoff(IMSLogon *iface, ULONG *flags)
{
    struct fms_logon *logon = impl_from_IMSLogon(iface);
    struct fms_store *store;
    IMAPISupport *support;

    Validate_IMSLogon_Logoff(iface, flags);
    EnterCriticalSection(&logon->data->cs);
    store = logon->store;
    support = logon->support;
    logon->store = NULL;
    logon->support = NULL;
    LeaveCriticalSection(&logon->data->cs);
    foreign_log("ms:IMSLogon::Logoff store=%s spooler=%d", store ? "held" : "gone", logon->spooler);
    if (!store) return S_OK;
    if (logon->counts_connection) CALL(support, Unsubscribe, logon->counts_connection);
    logon->counts_connection = 0;
    fms_store_invalidate(store);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE logon_OpenEntry(IMSLogon *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                                 ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    struct fms_logon *logon = impl_from_IMSLogon(iface);

    Validate_IMSLogon_OpenEntry(iface, size, entryid, iid, flags, type, object);
    if (!logon->store) return MAPI_E_CALL_FAILED;
    return fms_store_open_entry(logon->store, size, entryid, iid, flags, type, object);
}

static HRESULT STDMETHODCALLTYPE logon_CompareEntryIDs(IMSLogon *iface, ULONG size1, LPENTRYID entryid1,
                                                       ULONG size2, LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    Validate_IMSLogon_CompareEntryIDs(iface, size1, entryid1, size2, entryid2, flags, result);
    return fms_store_compare(impl_from_IMSLogon(iface), size1, entryid1, size2, entryid2, result);
}

static HRESULT STDMETHODCALLTYPE logon_Advise(IMSLogon *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                              LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    Validate_IMSLogon_Advise(iface, size, entryid, mask, sink, connection);
    return fms_store_advise(impl_from_IMSLogon(iface), size, entryid, mask, sink, connection);
}

static HRESULT STDMETHODCALLTYPE logon_Unadvise(IMSLogon *iface, ULONG_PTR connection)
{
    struct fms_logon *logon = impl_from_IMSLogon(iface);

    Validate_IMSLogon_Unadvise(iface, connection);
    if (!logon->support) return MAPI_E_CALL_FAILED;
    return CALL(logon->support, Unsubscribe, connection);
}

static HRESULT STDMETHODCALLTYPE logon_OpenStatusEntry(IMSLogon *iface, LPCIID iid, ULONG flags, ULONG *type,
                                                       LPMAPISTATUS *entry)
{
    Validate_IMSLogon_OpenStatusEntry(iface, iid, flags, type, entry);
    return MAPI_E_NO_SUPPORT;
}

static const IMSLogonVtbl logon_vtbl =
{
    logon_QueryInterface,
    logon_AddRef,
    logon_Release,
    logon_GetLastError,
    logon_Logoff,
    logon_OpenEntry,
    logon_CompareEntryIDs,
    (void *)logon_Advise,
    (void *)logon_Unadvise,
    (void *)logon_OpenStatusEntry,
};

/* The store's entry ID and record key in its profile section, for the store table. */
static void write_profile(struct fms_logon *logon, IMAPISupport *support)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_ENTRYID } };
    SPropValue *current = NULL, values[3];
    LPPROFSECT section;
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = CALL(support, OpenProfileSection, NULL, MAPI_MODIFY, &section)))
    {
        foreign_log("ms:own section not opened %#lx", hr);
        return;
    }
    if (SUCCEEDED(CALL(section, GetProps, (SPropTagArray *)&tags, 0, &count, &current)) &&
        current[0].ulPropTag == PR_ENTRYID && current[0].Value.bin.cb == logon->wrapped_size &&
        !memcmp(current[0].Value.bin.lpb, logon->wrapped, logon->wrapped_size))
    {
        fms_free(current);
        CALL(section, Release);
        return;
    }
    fms_free(current);
    values[0].ulPropTag = PR_ENTRYID;
    values[0].Value.bin.cb = logon->wrapped_size;
    values[0].Value.bin.lpb = (BYTE *)logon->wrapped;
    values[1].ulPropTag = PR_RECORD_KEY;
    values[1].Value.bin.cb = sizeof(MAPIUID);
    values[1].Value.bin.lpb = (BYTE *)&logon->data->uid;
    values[2].ulPropTag = PR_STORE_RECORD_KEY;
    values[2].Value.bin = values[1].Value.bin;
    hr = CALL(section, SetProps, 3, values, NULL);
    if (SUCCEEDED(hr)) hr = CALL(section, SaveChanges, 0);
    CALL(section, Release);
    /* As the SDK's sample store did after changing its section. */
    if (SUCCEEDED(hr)) hr = CALL(support, ModifyProfile, 0);
    foreign_log("ms:profile written hr=%#lx", hr);
}

/* The store's name in its docfile, so that GetProps gives it ANSI or Unicode. */
static void set_display_name(struct fms_data *data, const char *name)
{
    SPropValue value;

    value.ulPropTag = PR_DISPLAY_NAME_A;
    value.Value.lpszA = (char *)name;
    EnterCriticalSection(&data->cs);
    CALL(data->props, SetProps, 1, &value, NULL);
    LeaveCriticalSection(&data->cs);
}

HRESULT fms_logon_create(IMAPISupport *support, SPropValue *config, BOOL spooler, ULONG flags,
                         struct fms_logon **ret)
{
    const SPropValue *name = &config[FMS_CONFIG_DISPLAY_NAME], *idle = &config[FMS_CONFIG_IDLE];
    const SPropValue *ansi = &config[FMS_CONFIG_ANSI_ONLY];
    const char *root = config[FMS_CONFIG_ROOT].Value.lpszA;
    const char *display_name = name->ulPropTag == PR_DISPLAY_NAME_A ? name->Value.lpszA : "Foreign Store";
    ULONG idle_interval = idle->ulPropTag == PR_FMS_IDLE_INTERVAL ? idle->Value.l : 0;
    struct fms_logon *logon;
    struct fms_entryid id;
    struct fms_key key;
    ENTRYID *exported;
    SPropValue *values = NULL;
    MAPIERROR *error = NULL;
    ULONG exported_size, count = 0;
    HRESULT hr;

    if (!(logon = calloc(1, sizeof(*logon))))
    {
        fms_free(config);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    logon->config = config;
    logon->IMSLogon_iface.lpVtbl = (IMSLogonVtbl *)&logon_vtbl;
    logon->ref = 1;
    logon->spooler = spooler;
    logon->read_only = !spooler && !(flags & MDB_WRITE);
    if (ansi->ulPropTag == PR_FMS_ANSI_ONLY && ansi->Value.l)
    {
        logon->ansi = ansi->Value.l <= FMS_ANSI_IGNORES_FLAG ? ansi->Value.l : FMS_ANSI_BAD_CHARWIDTH;
        foreign_log("ms:ANSI only mode=%lu spooler=%d", logon->ansi, spooler);
    }
    if (FAILED(hr = fms_data_open(support, root, idle_interval, &logon->data)))
    {
        fms_free(config);
        free(logon);
        return hr;
    }
    /* MAPI routes the entry IDs that start with the store's record key here. */
    if (FAILED(hr = CALL(support, SetProviderUID, &logon->data->uid, 0)))
    {
        fms_data_release(logon->data);
        fms_free(config);
        free(logon);
        return hr;
    }

    fms_make_entryid(logon->data, MAPI_STORE, 0, 0, &id);
    if (FAILED(hr = CALL(support, WrapStoreEntryID, sizeof(id), (ENTRYID *)&id, &logon->wrapped_size,
                         &logon->wrapped)))
    {
        fms_data_release(logon->data);
        fms_free(config);
        free(logon);
        return hr;
    }
    /* The support object and mapi32's export wrap alike. */
    if (SUCCEEDED(WrapStoreEntryID(0, (LPTSTR)"foreignms.dll", sizeof(id), (ENTRYID *)&id, &exported_size,
                                   &exported)))
    {
        foreign_log("ms:wrapped entry ids agree=%d", exported_size == logon->wrapped_size &&
                    !memcmp(exported, logon->wrapped, exported_size));
        fms_free(exported);
    }

    if (FAILED(hr = fms_store_create(logon, support, &logon->store)))
    {
        fms_data_release(logon->data);
        fms_free(logon->wrapped);
        fms_free(config);
        free(logon);
        return hr;
    }
    logon->support = support;
    EnterCriticalSection(&logon->data->cs);
    logon->next_in_data = logon->data->logons;
    logon->data->logons = logon;
    LeaveCriticalSection(&logon->data->cs);

    if (SUCCEEDED(hr = HrAllocAdviseSink(counts_changed, logon->data, &logon->counts_sink)))
    {
        fms_key(&id, &key);
        hr = CALL(support, Subscribe, (NOTIFKEY *)&key,
                  fnevObjectCreated | fnevObjectDeleted | fnevObjectModified | fnevObjectMoved | fnevObjectCopied,
                  NOTIFY_SYNC, logon->counts_sink, CONNECTION_ARG(&logon->counts_connection));
    }
    foreign_log("ms:counts subscription hr=%#lx", hr);

    if (!spooler && !logon->read_only)
    {
        set_display_name(logon->data, display_name);
        write_profile(logon, support);
        /* The standard folders, made with the store's own interfaces. */
        hr = HrValidateIPMSubtree(&logon->store->IMsgStore_iface, MAPI_FULL_IPM_TREE, &count, &values, &error);
        foreign_log("ms:HrValidateIPMSubtree hr=%#lx mask=%#lx values=%lu", hr,
                    values && count ? values[0].Value.l : 0, count);
        fms_free(values);
        fms_free(error);
    }
    *ret = logon;
    return S_OK;
}
