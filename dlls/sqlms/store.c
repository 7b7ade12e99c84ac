/*
 * IMsgStore: the store object programs get from the logon.
 *
 * Its own properties are the computed ones (identity, folders, masks) and
 * those a program sets (kept in the database, written through).
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define LOGOFF_MODES (LOGOFF_ABORT | LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_QUIET)
#define STORE_SUPPORT (STORE_ENTRYID_UNIQUE | STORE_ATTACH_OK | STORE_CREATE_OK | STORE_MODIFY_OK | \
                       STORE_MV_PROPS_OK | STORE_NOTIFY_OK | STORE_SUBMIT_OK | STORE_RESTRICTION_OK | \
                       STORE_SORT_OK | STORE_UNICODE_OK)

static inline struct sqlms_store *impl_from_prop(struct prop_object *obj)
{
    return CONTAINING_RECORD(obj, struct sqlms_store, prop);
}

static const ULONG computed_tags[] =
{
    PR_ENTRYID, PR_RECORD_KEY, PR_STORE_ENTRYID, PR_STORE_RECORD_KEY, PR_STORE_SUPPORT_MASK,
    PR_VALID_FOLDER_MASK, PR_IPM_SUBTREE_ENTRYID, PR_IPM_OUTBOX_ENTRYID, PR_IPM_SENTMAIL_ENTRYID,
    PR_IPM_WASTEBASKET_ENTRYID, PR_MDB_PROVIDER, PR_OBJECT_TYPE, PR_MAPPING_SIGNATURE, PR_STORE_STATE,
    PR_ACCESS, PR_ACCESS_LEVEL, PR_PROVIDER_DISPLAY_W, PR_RESOURCE_FLAGS,
};

static BOOL store_tag_computed(ULONG tag)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(computed_tags); i++)
        if (PROP_ID(computed_tags[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static BOOL store_is_computed(struct prop_object *obj, ULONG tag)
{
    return store_tag_computed(tag);
}

/* The values a program set, from the database, and the computed ones. */
static HRESULT store_refresh(struct prop_object *obj)
{
    static const BYTE mdb_provider[16] = SQLMS_MDB_PROVIDER_INIT;
    struct sqlms_store *store = impl_from_prop(obj);
    struct sqlms_buffer stored = { 0 };
    SPropValue values[24], *decoded = NULL;
    BYTE folders[4][SQLMS_EID_SIZE];
    SBinary wrapped = { 0 };
    ULONG count = 0, n = 0;
    HRESULT hr;

    if (SUCCEEDED(db_get_meta(store->db, "props", &stored)))
        blob_decode(stored.data, stored.size, FALSE, NULL, &count, &decoded);
    buffer_free(&stored);
    hr = propobj_replace_all(obj, count, decoded);
    MAPIFreeBuffer(decoded);
    if (FAILED(hr)) return hr;

    {
        SPropValue *name = NULL;

        if (FAILED(propobj_get_one(obj, PR_DISPLAY_NAME_W, &name)))
        {
            values[n].ulPropTag = PR_DISPLAY_NAME_W;
            values[n++].Value.lpszW = store->display_name;
        }
        MAPIFreeBuffer(name);
    }
    if (FAILED(hr = store_wrapped_entryid(store, NULL, &wrapped))) return hr;
    values[n].ulPropTag = PR_ENTRYID;
    values[n++].Value.bin = wrapped;
    values[n].ulPropTag = PR_STORE_ENTRYID;
    values[n++].Value.bin = wrapped;
    values[n].ulPropTag = PR_RECORD_KEY;
    values[n].Value.bin.cb = sizeof(GUID);
    values[n++].Value.bin.lpb = (BYTE *)&store->guid;
    values[n].ulPropTag = PR_STORE_RECORD_KEY;
    values[n].Value.bin.cb = sizeof(GUID);
    values[n++].Value.bin.lpb = (BYTE *)&store->guid;
    values[n].ulPropTag = PR_MAPPING_SIGNATURE;
    values[n].Value.bin.cb = sizeof(GUID);
    values[n++].Value.bin.lpb = (BYTE *)&store->guid;
    values[n].ulPropTag = PR_MDB_PROVIDER;
    values[n].Value.bin.cb = sizeof(mdb_provider);
    values[n++].Value.bin.lpb = (BYTE *)mdb_provider;
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_STORE;
    values[n].ulPropTag = PR_STORE_SUPPORT_MASK;
    values[n++].Value.l = STORE_SUPPORT | (store->writable ? 0 : STORE_READONLY);
    values[n].ulPropTag = PR_VALID_FOLDER_MASK;
    values[n++].Value.l = FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_INBOX_VALID | FOLDER_IPM_OUTBOX_VALID |
                          FOLDER_IPM_WASTEBASKET_VALID | FOLDER_IPM_SENTMAIL_VALID;
    values[n].ulPropTag = PR_STORE_STATE;
    values[n++].Value.l = 0;
    values[n].ulPropTag = PR_ACCESS;
    values[n++].Value.l = store->writable ? MAPI_ACCESS_READ | MAPI_ACCESS_MODIFY : MAPI_ACCESS_READ;
    values[n].ulPropTag = PR_ACCESS_LEVEL;
    values[n++].Value.l = store->writable ? MAPI_MODIFY : 0;
    values[n].ulPropTag = PR_PROVIDER_DISPLAY_W;
    values[n++].Value.lpszW = (WCHAR *)L"SQLite Message Store";
    values[n].ulPropTag = PR_RESOURCE_FLAGS;
    values[n++].Value.l = store->resource_flags;
    eid_build(store, SQLMS_FOLDER, store->special[SPECIAL_IPM_SUBTREE], folders[0]);
    eid_build(store, SQLMS_FOLDER, store->special[SPECIAL_OUTBOX], folders[1]);
    eid_build(store, SQLMS_FOLDER, store->special[SPECIAL_SENTMAIL], folders[2]);
    eid_build(store, SQLMS_FOLDER, store->special[SPECIAL_WASTEBASKET], folders[3]);
    values[n].ulPropTag = PR_IPM_SUBTREE_ENTRYID;
    values[n].Value.bin.cb = SQLMS_EID_SIZE;
    values[n++].Value.bin.lpb = folders[0];
    values[n].ulPropTag = PR_IPM_OUTBOX_ENTRYID;
    values[n].Value.bin.cb = SQLMS_EID_SIZE;
    values[n++].Value.bin.lpb = folders[1];
    values[n].ulPropTag = PR_IPM_SENTMAIL_ENTRYID;
    values[n].Value.bin.cb = SQLMS_EID_SIZE;
    values[n++].Value.bin.lpb = folders[2];
    values[n].ulPropTag = PR_IPM_WASTEBASKET_ENTRYID;
    values[n].Value.bin.cb = SQLMS_EID_SIZE;
    values[n++].Value.bin.lpb = folders[3];
    hr = propobj_set_computed(obj, n, values);
    MAPIFreeBuffer(wrapped.lpb);
    return hr;
}

/* Writes what the program set through to the database. */
static HRESULT store_changed(struct prop_object *obj)
{
    struct sqlms_store *store = impl_from_prop(obj);
    struct sqlms_buffer blob = { 0 };
    SPropValue *values = NULL;
    ULONG count = 0, i, n;
    HRESULT hr;

    if (FAILED(hr = propobj_get_all(obj, &count, &values))) return hr;
    for (i = n = 0; i < count; i++)
        if (!store_tag_computed(values[i].ulPropTag)) values[n++] = values[i];
    if (!blob_encode(&blob, n, values, BLOB_ALL)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (SUCCEEDED(hr = store_begin(store)))
    {
        if (SUCCEEDED(hr = db_set_meta(store->db, "props", blob.data, blob.size))) hr = store_commit(store);
        else store_rollback(store);
    }
    buffer_free(&blob);
    MAPIFreeBuffer(values);
    return hr;
}

static const struct prop_object_ops store_prop_ops =
{
    NULL,
    store_is_computed,
    store_refresh,
    store_changed,
    NULL,
    NULL,
    &IID_IMsgStore,
};

HRESULT store_init_props(struct sqlms_store *store)
{
    HRESULT hr = propobj_init(&store->prop, (IMAPIProp *)store_iface(store), store, &store_prop_ops,
                              store->writable);

    store->prop.object = &store->msgstore->object;
    return hr;
}

/**************************************************************************
 *  IMsgStore
 */
static HRESULT WINAPI msgstore_QueryInterface(IMsgStore *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMsgStore))
    {
        *obj = iface;
        IMsgStore_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI msgstore_AddRef(IMsgStore *iface)
{
    struct sqlms_msgstore *msgstore = CONTAINING_RECORD(iface, struct sqlms_msgstore, IMsgStore_iface);
    ULONG ref = InterlockedIncrement(&msgstore->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI msgstore_Release(IMsgStore *iface)
{
    struct sqlms_msgstore *msgstore = CONTAINING_RECORD(iface, struct sqlms_msgstore, IMsgStore_iface);
    struct sqlms_store *store = msgstore->store;
    ULONG ref = InterlockedDecrement(&msgstore->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref) store_last_release(store);
    return ref;
}

static HRESULT WINAPI msgstore_GetLastError(IMsgStore *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);
    return sqlms_get_last_error(result, flags, error);
}

static HRESULT WINAPI msgstore_SaveChanges(IMsgStore *iface, ULONG flags)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);

    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!store->writable) return MAPI_E_NO_ACCESS;
    return store_check(store);
}

static HRESULT WINAPI msgstore_GetProps(IMsgStore *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                        SPropValue **values)
{
    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);
    return propobj_GetProps(&impl_from_IMsgStore(iface)->prop, tags, flags, count, values);
}

static HRESULT WINAPI msgstore_GetPropList(IMsgStore *iface, ULONG flags, SPropTagArray **tags)
{
    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);
    return propobj_GetPropList(&impl_from_IMsgStore(iface)->prop, flags, tags);
}

static HRESULT WINAPI msgstore_OpenProperty(IMsgStore *iface, ULONG tag, const IID *iid, ULONG options,
                                            ULONG flags, IUnknown **out)
{
    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);
    return propobj_OpenProperty(&impl_from_IMsgStore(iface)->prop, tag, iid, options, flags, out);
}

static HRESULT WINAPI msgstore_SetProps(IMsgStore *iface, ULONG count, SPropValue *values,
                                        SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);
    return propobj_SetProps(&impl_from_IMsgStore(iface)->prop, count, values, problems);
}

static HRESULT WINAPI msgstore_DeleteProps(IMsgStore *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    return propobj_DeleteProps(&impl_from_IMsgStore(iface)->prop, tags, problems);
}

static HRESULT WINAPI msgstore_CopyTo(IMsgStore *iface, ULONG excluded_iid_count, const IID *excluded_iids,
                                      SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress,
                                      const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, excluded_iid_count, excluded_iids, excluded,
          ui_param, progress, debugstr_guid(iid), dest, flags, problems);
    return propobj_CopyTo(&impl_from_IMsgStore(iface)->prop, excluded_iid_count, excluded_iids, excluded,
                          ui_param, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI msgstore_CopyProps(IMsgStore *iface, SPropTagArray *included, ULONG ui_param,
                                         IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                                         SPropProblemArray **problems)
{
    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, included, ui_param, progress, debugstr_guid(iid), dest,
          flags, problems);
    return propobj_CopyProps(&impl_from_IMsgStore(iface)->prop, included, ui_param, progress, iid, dest, flags,
                             problems);
}

static HRESULT WINAPI msgstore_GetNamesFromIDs(IMsgStore *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                               ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return propobj_GetNamesFromIDs(&impl_from_IMsgStore(iface)->prop, tags, guid, flags, count, names);
}

static HRESULT WINAPI msgstore_GetIDsFromNames(IMsgStore *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                               SPropTagArray **tags)
{
    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    return propobj_GetIDsFromNames(&impl_from_IMsgStore(iface)->prop, count, names, flags, tags);
}

/* Wine's header has ULONG for the connection; today's SDK, and our callers, ULONG_PTR. */
static HRESULT WINAPI msgstore_Advise(IMsgStore *iface, ULONG eid_size, ENTRYID *eid, ULONG mask,
                                      IMAPIAdviseSink *sink, ULONG *connection)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx,%p,%p)\n", iface, eid_size, eid, mask, sink, connection);

    store_lock(store);
    hr = store_advise(store, eid_size, eid, mask, sink, (ULONG_PTR *)connection);
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI msgstore_Unadvise(IMsgStore *iface, ULONG connection)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    HRESULT hr;

    TRACE("(%p,%#lx)\n", iface, connection);

    store_lock(store);
    hr = store_unadvise(store, connection);
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI msgstore_CompareEntryIDs(IMsgStore *iface, ULONG size1, ENTRYID *eid1, ULONG size2,
                                               ENTRYID *eid2, ULONG flags, ULONG *result)
{
    TRACE("(%p,%lu,%p,%lu,%p,%#lx,%p)\n", iface, size1, eid1, size2, eid2, flags, result);
    return store_compare_entryids(impl_from_IMsgStore(iface), size1, eid1, size2, eid2, flags, result);
}

static HRESULT WINAPI msgstore_OpenEntry(IMsgStore *iface, ULONG eid_size, ENTRYID *eid, const IID *iid,
                                         ULONG flags, ULONG *type, IUnknown **out)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    HRESULT hr;

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", iface, eid_size, eid, debugstr_guid(iid), flags, type, out);

    store_lock(store);
    hr = store_open_entry(store, eid_size, eid, iid, flags, type, out);
    store_unlock(store);
    return hr;
}

/* A message class: printable ASCII, dot-separated words, at most 255 characters. */
static char *message_class_from_caller(const void *class, ULONG flags, HRESULT *hr)
{
    char *copy;
    ULONG i, len;

    *hr = MAPI_E_INVALID_PARAMETER;
    if (!class)
    {
        *hr = S_OK;
        return heap_alloc_zero(1);
    }
    if (flags & MAPI_UNICODE)
    {
        const WCHAR *wide = class;
        len = lstrlenW(wide);
        if (len > 255 || !(copy = heap_alloc(len + 1))) return NULL;
        for (i = 0; i <= len; i++)
        {
            if (wide[i] >= 0x80)
            {
                heap_free(copy);
                return NULL;
            }
            copy[i] = wide[i];
        }
    }
    else
    {
        len = strlen(class);
        if (len > 255 || !(copy = heap_alloc(len + 1))) return NULL;
        memcpy(copy, class, len + 1);
    }
    for (i = 0; i < len; i++)
    {
        if (copy[i] <= 32 || copy[i] >= 127 || (copy[i] == '.' && (!i || i == len - 1 || copy[i + 1] == '.')))
        {
            heap_free(copy);
            return NULL;
        }
    }
    *hr = S_OK;
    return copy;
}

static HRESULT WINAPI msgstore_SetReceiveFolder(IMsgStore *iface, LPSTR class, ULONG flags, ULONG eid_size,
                                                ENTRYID *eid)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    sqlite3_stmt *stmt;
    LONGLONG id = 0;
    ULONG type;
    char *name;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%lu,%p)\n", iface, class, flags, eid_size, eid);

    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (eid_size && !eid) return MAPI_E_INVALID_PARAMETER;
    if (!(name = message_class_from_caller(class, flags, &hr))) return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;

    store_lock(store);
    if (FAILED(hr = store_check(store))) goto done;
    if (!store->writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (eid_size)
    {
        if (FAILED(hr = eid_parse(store, eid_size, eid, &type, &id))) goto done;
        if (type != SQLMS_FOLDER)
        {
            hr = MAPI_E_INVALID_ENTRYID;
            goto done;
        }
        if (FAILED(hr = folder_exists(store, id, NULL))) goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    if ((stmt = db_stmt(store->db, id ? STMT_RECEIVE_SET : STMT_RECEIVE_DELETE)))
    {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        if (id) sqlite3_bind_int64(stmt, 2, id);
        hr = db_step_done(store->db, stmt);
    }
    else
        hr = MAPI_E_CALL_FAILED;
    if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_RECEIVE_FOLDERS, 0, 0, 0, 0, 0);
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    heap_free(name);
    return hr;
}

/**************************************************************************
 *  IMsgStore_GetReceiveFolder
 *
 * NOTES
 *  The setting of the class, else of the longest of its superclasses
 *  ("IPM.Note.X", "IPM.Note", "IPM"), else the default one (""). The class
 *  found comes back in *explicit_class.
 */
static HRESULT WINAPI msgstore_GetReceiveFolder(IMsgStore *iface, LPSTR class, ULONG flags, ULONG *eid_size,
                                                ENTRYID **eid, LPSTR *explicit_class)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    char *name, *best = NULL;
    LONGLONG best_id = 0;
    ULONG best_len = 0;
    sqlite3_stmt *stmt;
    SBinary bin;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%p,%p)\n", iface, class, flags, eid_size, eid, explicit_class);

    if (!eid_size || !eid) return MAPI_E_INVALID_PARAMETER;
    *eid_size = 0;
    *eid = NULL;
    if (explicit_class) *explicit_class = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!(name = message_class_from_caller(class, flags, &hr))) return FAILED(hr) ? hr : MAPI_E_NOT_ENOUGH_MEMORY;

    store_lock(store);
    if (FAILED(hr = store_check(store))) goto done;
    if (!(stmt = db_stmt(store->db, STMT_RECEIVE_GET)))
    {
        hr = MAPI_E_CALL_FAILED;
        goto done;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW)
    {
        const char *setting = (const char *)sqlite3_column_text(stmt, 0);
        ULONG len = strlen(setting);

        if (len && (_strnicmp(name, setting, len) || (name[len] && name[len] != '.'))) continue;
        if (best && len < best_len) continue;
        heap_free(best);
        if (!(best = heap_alloc(len + 1))) break;
        memcpy(best, setting, len + 1);
        best_len = len;
        best_id = sqlite3_column_int64(stmt, 1);
    }
    sqlite3_reset(stmt);
    if (!best)
    {
        hr = MAPI_E_NOT_FOUND;
        goto done;
    }
    if (FAILED(hr = eid_to_bin(store, SQLMS_FOLDER, best_id, NULL, &bin))) goto done;
    if (explicit_class)
    {
        SIZE_T size = flags & MAPI_UNICODE ? (best_len + 1) * sizeof(WCHAR) : best_len + 1;
        void *copy;

        if (FAILED(hr = MAPIAllocateBuffer(size, &copy)))
        {
            MAPIFreeBuffer(bin.lpb);
            goto done;
        }
        if (flags & MAPI_UNICODE) MultiByteToWideChar(CP_ACP, 0, best, -1, copy, best_len + 1);
        else memcpy(copy, best, best_len + 1);
        *explicit_class = copy;
    }
    *eid_size = bin.cb;
    *eid = (ENTRYID *)bin.lpb;
done:
    store_unlock(store);
    heap_free(best);
    heap_free(name);
    return hr;
}

static HRESULT WINAPI msgstore_GetReceiveFolderTable(IMsgStore *iface, ULONG flags, IMAPITable **table)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    SizedSPropTagArray(4, columns) = { 4, { PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_MESSAGE_CLASS_A } };
    SRow *rows = NULL;
    void *root = NULL;
    ULONG count = 0, capacity = 0;
    sqlite3_stmt *stmt;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & MAPI_UNICODE) columns.aulPropTag[3] = PR_MESSAGE_CLASS_W;

    store_lock(store);
    if (FAILED(hr = store_check(store))) goto done;
    if (FAILED(hr = MAPIAllocateBuffer(sizeof(ULONG_PTR), &root))) goto done;
    if (!(stmt = db_stmt(store->db, STMT_RECEIVE_LIST)))
    {
        hr = MAPI_E_CALL_FAILED;
        goto done;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW && SUCCEEDED(hr))
    {
        const char *class = (const char *)sqlite3_column_text(stmt, 1);
        LONGLONG rowid = sqlite3_column_int64(stmt, 0), folder = sqlite3_column_int64(stmt, 2);
        SPropValue *values;

        if (count == capacity)
        {
            SRow *grown = heap_realloc(rows, (capacity = max(8, capacity * 2)) * sizeof(*rows));
            if (!grown)
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            rows = grown;
        }
        if (FAILED(hr = MAPIAllocateMore(4 * sizeof(SPropValue), root, (void **)&values))) break;
        values[0].ulPropTag = PR_INSTANCE_KEY;
        values[0].Value.bin.cb = 8;
        if (FAILED(hr = MAPIAllocateMore(8, root, (void **)&values[0].Value.bin.lpb))) break;
        instance_key_build(rowid, values[0].Value.bin.lpb);
        values[1].ulPropTag = PR_ENTRYID;
        if (FAILED(hr = eid_to_bin(store, SQLMS_FOLDER, folder, root, &values[1].Value.bin))) break;
        values[2].ulPropTag = PR_RECORD_KEY;
        values[2].Value.bin.cb = SQLMS_RECORD_KEY_SIZE;
        if (FAILED(hr = MAPIAllocateMore(SQLMS_RECORD_KEY_SIZE, root, (void **)&values[2].Value.bin.lpb))) break;
        record_key_build(store, SQLMS_FOLDER, folder, values[2].Value.bin.lpb);
        values[3].ulPropTag = PR_MESSAGE_CLASS_A;
        if (FAILED(hr = MAPIAllocateMore(strlen(class) + 1, root, (void **)&values[3].Value.lpszA))) break;
        strcpy(values[3].Value.lpszA, class);
        rows[count].ulAdrEntryPad = 0;
        rows[count].cValues = 4;
        rows[count++].lpProps = values;
    }
    sqlite3_reset(stmt);
    if (SUCCEEDED(hr)) hr = table_open_static(store, count, rows, (SPropTagArray *)&columns, flags, table);
done:
    store_unlock(store);
    heap_free(rows);
    MAPIFreeBuffer(root);
    return hr;
}

/**************************************************************************
 *  IMsgStore_StoreLogoff
 *
 * NOTES
 *  As ../shared/docs/storelogoff.md decides: the flag is saved (the last one
 *  wins) for the store's last Release, which logs off; *flags comes back with
 *  what the store is doing now. Zero counts as LOGOFF_ORDERLY.
 */
static HRESULT WINAPI msgstore_StoreLogoff(IMsgStore *iface, ULONG *flags)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    ULONG mode;
    HRESULT hr;

    TRACE("(%p,%p)\n", iface, flags);

    if (!flags) return MAPI_E_INVALID_PARAMETER;
    mode = *flags & LOGOFF_MODES;
    if (mode & (mode - 1))
    {
        WARN("more than one mode in %#lx\n", *flags);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (*flags & ~LOGOFF_MODES)
    {
        WARN("unknown flags %#lx\n", *flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!mode)
    {
        WARN("no mode given: LOGOFF_ORDERLY\n");
        mode = LOGOFF_ORDERLY;
    }
    store_lock(store);
    if (SUCCEEDED(hr = store_check(store)))
    {
        store->logoff_asked = TRUE;
        store->logoff_flags = mode;
        *flags = store_activity(store);
        TRACE("saved %#lx, activity %#lx\n", mode, *flags);
    }
    store_unlock(store);
    return hr;
}

static HRESULT parse_message_id(struct sqlms_store *store, ULONG eid_size, ENTRYID *eid, LONGLONG *id)
{
    ULONG type;
    HRESULT hr;

    if (!eid || !eid_size) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = eid_parse(store, eid_size, eid, &type, id))) return hr;
    return type == SQLMS_MESSAGE ? S_OK : MAPI_E_INVALID_ENTRYID;
}

/* Takes a message out of the queue: it stays where it is, unsent. */
static HRESULT dequeue(struct sqlms_store *store, LONGLONG id, ULONG set_flags, ULONG clear_flags,
                       LONGLONG *folder)
{
    ULONG flags, status;
    sqlite3_stmt *stmt;
    HRESULT hr;

    if (FAILED(hr = message_info(store, id, folder, &flags, &status))) return hr;
    if (!(stmt = db_stmt(store->db, STMT_QUEUE_DELETE))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    if (!(stmt = db_stmt(store->db, STMT_MSG_SET_FLAGS))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int(stmt, 2, (flags & ~clear_flags) | set_flags);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    if (FAILED(hr = store_log_change(store, EVENT_QUEUE, SQLMS_MESSAGE, id, *folder, 0, 0))) return hr;
    if (FAILED(hr = store_log_change(store, EVENT_MODIFIED, SQLMS_MESSAGE, id, *folder, 0, 0))) return hr;
    return store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, *folder, 0, 0, 0);
}

static HRESULT WINAPI msgstore_AbortSubmit(IMsgStore *iface, ULONG eid_size, ENTRYID *eid, ULONG flags)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    sqlite3_stmt *stmt;
    LONGLONG id, folder;
    BOOL queued = FALSE, locked = FALSE;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx)\n", iface, eid_size, eid, flags);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    store_lock(store);
    if (FAILED(hr = store_check(store)) || FAILED(hr = parse_message_id(store, eid_size, eid, &id))) goto done;
    if (!store->writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    if ((stmt = db_stmt(store->db, STMT_QUEUE_GET)))
    {
        sqlite3_bind_int64(stmt, 1, id);
        if (sqlite3_step(stmt) == SQLITE_ROW)
        {
            queued = TRUE;
            locked = sqlite3_column_type(stmt, 2) != SQLITE_NULL &&
                     owner_is_alive(sqlite3_column_blob(stmt, 2), sqlite3_column_bytes(stmt, 2));
        }
        sqlite3_reset(stmt);
    }
    if (!queued) hr = MAPI_E_NOT_IN_QUEUE;
    else if (locked) hr = MAPI_E_UNABLE_TO_ABORT;
    else hr = dequeue(store, id, 0, MSGFLAG_SUBMIT, &folder);
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI msgstore_GetOutgoingQueue(IMsgStore *iface, ULONG flags, IMAPITable **table)
{
    SizedSSortOrderSet(1, sort) = { 1, 0, 0, { { PR_CLIENT_SUBMIT_TIME, TABLE_SORT_ASCEND } } };
    struct sqlms_store *store = impl_from_IMsgStore(iface);

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (!store->spooler)
    {
        WARN("only the spooler's logon has the queue\n");
        return MAPI_E_NO_SUPPORT;
    }
    return table_open_cached(store, TABLE_QUEUE, 0, flags, (SSortOrderSet *)&sort, table);
}

static HRESULT WINAPI msgstore_SetLockState(IMsgStore *iface, IMessage *message, ULONG state)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface), *msg_store;
    LONGLONG id;
    HRESULT hr;

    TRACE("(%p,%p,%#lx)\n", iface, message, state);

    if (!store->spooler) return MAPI_E_NO_SUPPORT;
    if (!message || (state != MSG_LOCKED && state != MSG_UNLOCKED)) return MAPI_E_INVALID_PARAMETER;
    if (!is_our_message((IUnknown *)message, &msg_store, &id) || msg_store != store)
        return MAPI_E_INVALID_PARAMETER;
    store_lock(store);
    if (SUCCEEDED(hr = store_check(store))) hr = message_lock_state(message, store, state);
    store_unlock(store);
    return hr;
}

/**************************************************************************
 *  IMsgStore_FinishedMsg
 *
 * NOTES
 *  One transaction takes the message out of the queue and marks it sent;
 *  then IMAPISupport::DoSentMail moves or deletes it (PR_SENTMAIL_ENTRYID,
 *  PR_DELETE_AFTER_SUBMIT) and releases it.
 */
static HRESULT WINAPI msgstore_FinishedMsg(IMsgStore *iface, ULONG flags, ULONG eid_size, ENTRYID *eid)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    sqlite3_stmt *stmt;
    IMessage *message;
    LONGLONG id, folder;
    BOOL queued = FALSE;
    HRESULT hr;

    TRACE("(%p,%#lx,%lu,%p)\n", iface, flags, eid_size, eid);

    if (!store->spooler) return MAPI_E_NO_SUPPORT;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    store_lock(store);
    if (FAILED(hr = store_check(store)) || FAILED(hr = parse_message_id(store, eid_size, eid, &id))) goto done;
    if (FAILED(hr = store_begin(store))) goto done;
    if ((stmt = db_stmt(store->db, STMT_QUEUE_GET)))
    {
        sqlite3_bind_int64(stmt, 1, id);
        queued = sqlite3_step(stmt) == SQLITE_ROW;
        sqlite3_reset(stmt);
    }
    if (!queued) hr = MAPI_E_NOT_IN_QUEUE;
    else hr = dequeue(store, id, MSGFLAG_READ, MSGFLAG_SUBMIT | MSGFLAG_UNSENT, &folder);
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
    if (FAILED(hr)) goto done;

    if (SUCCEEDED(hr = message_open(store, id, TRUE, &message)))
    {
        /* DoSentMail releases the message. */
        hr = IMAPISupport_DoSentMail(store->support, 0, message);
        if (FAILED(hr)) WARN("DoSentMail failed: %#lx\n", hr);
    }
done:
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI msgstore_NotifyNewMail(IMsgStore *iface, NOTIFICATION *notification)
{
    struct sqlms_store *store = impl_from_IMsgStore(iface);
    NEWMAIL_NOTIFICATION *info;
    LONGLONG id, folder = 0;
    ULONG type;
    HRESULT hr;

    TRACE("(%p,%p)\n", iface, notification);

    if (!notification || IsBadReadPtr(notification, sizeof(*notification)) ||
        notification->ulEventType != fnevNewMail)
        return MAPI_E_INVALID_PARAMETER;
    info = &notification->info.newmail;
    store_lock(store);
    if (FAILED(hr = store_check(store))) goto done;
    if (FAILED(hr = parse_message_id(store, info->cbEntryID, info->lpEntryID, &id))) goto done;
    if (info->cbParentID && (FAILED(eid_parse(store, info->cbParentID, info->lpParentID, &type, &folder)) ||
                             type != SQLMS_FOLDER))
    {
        hr = MAPI_E_INVALID_ENTRYID;
        goto done;
    }
    /* Through the change log, so that every logon on the file tells its programs. */
    if (SUCCEEDED(hr = store_begin(store)))
    {
        if (SUCCEEDED(hr = store_log_change(store, EVENT_NEWMAIL, SQLMS_MESSAGE, id, folder, 0, 0)))
            hr = store_commit(store);
        else
            store_rollback(store);
    }
done:
    store_unlock(store);
    return hr;
}

const IMsgStoreVtbl store_vtbl =
{
    msgstore_QueryInterface,
    msgstore_AddRef,
    msgstore_Release,
    msgstore_GetLastError,
    msgstore_SaveChanges,
    msgstore_GetProps,
    msgstore_GetPropList,
    msgstore_OpenProperty,
    msgstore_SetProps,
    msgstore_DeleteProps,
    msgstore_CopyTo,
    msgstore_CopyProps,
    msgstore_GetNamesFromIDs,
    msgstore_GetIDsFromNames,
    msgstore_Advise,
    msgstore_Unadvise,
    msgstore_CompareEntryIDs,
    msgstore_OpenEntry,
    msgstore_SetReceiveFolder,
    msgstore_GetReceiveFolder,
    msgstore_GetReceiveFolderTable,
    msgstore_StoreLogoff,
    msgstore_AbortSubmit,
    msgstore_GetOutgoingQueue,
    msgstore_SetLockState,
    msgstore_FinishedMsg,
    msgstore_NotifyNewMail,
};
