/*
 * IMAPIFolder.
 *
 * A folder is a row of the folders table; its properties are written
 * through at once (SaveChanges has nothing left to do), each change in a
 * transaction of its own. Search folders are not supported.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define CONTENTS_FLAGS (MAPI_ASSOCIATED | MAPI_DEFERRED_ERRORS | MAPI_UNICODE | SHOW_SOFT_DELETES)
#define HIERARCHY_FLAGS (CONVENIENT_DEPTH | MAPI_DEFERRED_ERRORS | MAPI_UNICODE | SHOW_SOFT_DELETES)
#define SAVE_FLAGS (KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS)

struct folder
{
    IMAPIFolder IMAPIFolder_iface;
    LONG ref;
    struct prop_object prop;
    LONGLONG id;
    struct sqlms_object object;
};

static const IMAPIFolderVtbl folder_vtbl;
static HRESULT WINAPI folder_DeleteFolder(IMAPIFolder *iface, ULONG eid_size, ENTRYID *eid, ULONG ui_param,
                                          IMAPIProgress *progress, ULONG flags);
struct folder;
static HRESULT list_ids(struct sqlms_store *store, LONGLONG folder, int kind, LONGLONG **ids, ULONG *count);
static HRESULT copy_all_messages(struct folder *folder, BOOL assoc, IMAPIFolder *dest, ULONG flags);

static inline struct folder *impl_from_IMAPIFolder(IMAPIFolder *iface)
{
    return CONTAINING_RECORD(iface, struct folder, IMAPIFolder_iface);
}

static inline struct folder *impl_from_prop(struct prop_object *obj)
{
    return CONTAINING_RECORD(obj, struct folder, prop);
}

BOOL is_our_folder(IUnknown *unk, struct sqlms_store **store, LONGLONG *id)
{
    struct folder *folder;

    if (!unk || IsBadReadPtr(unk, sizeof(void *)) || unk->lpVtbl != (const void *)&folder_vtbl) return FALSE;
    folder = impl_from_IMAPIFolder((IMAPIFolder *)unk);
    *store = folder->prop.store;
    *id = folder->id;
    return TRUE;
}

static const ULONG computed_tags[] =
{
    PR_ENTRYID, PR_PARENT_ENTRYID, PR_RECORD_KEY, PR_STORE_ENTRYID, PR_STORE_RECORD_KEY, PR_OBJECT_TYPE,
    PR_FOLDER_TYPE, PR_CONTENT_COUNT, PR_CONTENT_UNREAD, PR_ASSOC_CONTENT_COUNT, PR_SUBFOLDERS,
    PR_FOLDER_CHILD_COUNT, PR_ACCESS, PR_ACCESS_LEVEL, PR_CREATION_TIME, PR_LAST_MODIFICATION_TIME,
    PR_MAPPING_SIGNATURE, PR_DEPTH, PR_INSTANCE_KEY,
};

static BOOL folder_tag_computed(ULONG tag)
{
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(computed_tags); i++)
        if (PROP_ID(computed_tags[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

HRESULT folder_exists(struct sqlms_store *store, LONGLONG id, LONGLONG *parent)
{
    sqlite3_stmt *stmt = db_stmt(store->db, STMT_FOLDER_GET);
    HRESULT hr = MAPI_E_NOT_FOUND;

    if (!stmt) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) == SQLITE_ROW)
    {
        if (parent) *parent = sqlite3_column_int64(stmt, 0);
        hr = S_OK;
    }
    sqlite3_reset(stmt);
    return hr;
}

static ULONG special_of(struct sqlms_store *store, LONGLONG id)
{
    ULONG i;

    for (i = SPECIAL_ROOT; i < SPECIAL_COUNT; i++)
        if (store->special[i] == id) return i;
    return SPECIAL_NONE;
}

/* Every value of a folder: the stored ones and those the store computes.
 * depth: PR_DEPTH for hierarchy table rows, 0 for the folder object. */
HRESULT folder_row_props(struct sqlms_store *store, LONGLONG id, LONGLONG depth, void *root,
                         ULONG *count, SPropValue **props)
{
    SPropValue *stored = NULL, *p, *values;
    ULONG stored_count = 0, i, content = 0, unread = 0, assoc = 0, children = 0, type;
    LONGLONG parent, created, modified;
    sqlite3_stmt *stmt;
    WCHAR *name;
    HRESULT hr;

    if (!(stmt = db_stmt(store->db, STMT_FOLDER_GET))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) != SQLITE_ROW)
    {
        sqlite3_reset(stmt);
        return MAPI_E_NOT_FOUND;
    }
    parent = sqlite3_column_int64(stmt, 0);
    name = wide_from_utf8((const char *)sqlite3_column_text(stmt, 1));
    type = sqlite3_column_int(stmt, 2);
    created = sqlite3_column_int64(stmt, 5);
    modified = sqlite3_column_int64(stmt, 6);
    hr = blob_decode(sqlite3_column_blob(stmt, 4), sqlite3_column_bytes(stmt, 4), FALSE, root,
                     &stored_count, &stored);
    sqlite3_reset(stmt);
    if (FAILED(hr) || !name) goto done;

    if ((stmt = db_stmt(store->db, STMT_FOLDER_COUNTS)))
    {
        sqlite3_bind_int64(stmt, 1, id);
        if (sqlite3_step(stmt) == SQLITE_ROW)
        {
            content = sqlite3_column_int(stmt, 0);
            unread = sqlite3_column_int(stmt, 1);
            assoc = sqlite3_column_int(stmt, 2);
        }
        sqlite3_reset(stmt);
    }
    if ((stmt = db_stmt(store->db, STMT_FOLDER_HAS_CHILDREN)))
    {
        sqlite3_bind_int64(stmt, 1, id);
        if (sqlite3_step(stmt) == SQLITE_ROW) children = sqlite3_column_int(stmt, 0);
        sqlite3_reset(stmt);
    }

    if (FAILED(hr = MAPIAllocateMore((stored_count + 24) * sizeof(SPropValue), root, (void **)&values))) goto done;
    for (i = 0, p = values; i < stored_count; i++)
        if (!folder_tag_computed(stored[i].ulPropTag) && PROP_ID(stored[i].ulPropTag) != PROP_ID(PR_DISPLAY_NAME_W))
            *p++ = stored[i];
    p->ulPropTag = PR_DISPLAY_NAME_W;
    if (FAILED(hr = MAPIAllocateMore((lstrlenW(name) + 1) * sizeof(WCHAR), root, (void **)&p->Value.lpszW)))
        goto done;
    lstrcpyW(p++->Value.lpszW, name);
    p->ulPropTag = PR_ENTRYID;
    if (FAILED(hr = eid_to_bin(store, SQLMS_FOLDER, id, root, &p++->Value.bin))) goto done;
    p->ulPropTag = PR_PARENT_ENTRYID;
    if (FAILED(hr = eid_to_bin(store, SQLMS_FOLDER, parent ? parent : id, root, &p++->Value.bin))) goto done;
    p->ulPropTag = PR_RECORD_KEY;
    p->Value.bin.cb = SQLMS_RECORD_KEY_SIZE;
    if (FAILED(hr = MAPIAllocateMore(SQLMS_RECORD_KEY_SIZE, root, (void **)&p->Value.bin.lpb))) goto done;
    record_key_build(store, SQLMS_FOLDER, id, p++->Value.bin.lpb);
    p->ulPropTag = PR_STORE_ENTRYID;
    if (FAILED(hr = store_wrapped_entryid(store, root, &p++->Value.bin))) goto done;
    p->ulPropTag = PR_STORE_RECORD_KEY;
    p->Value.bin.cb = sizeof(GUID);
    p++->Value.bin.lpb = (BYTE *)&store->guid;
    p->ulPropTag = PR_MAPPING_SIGNATURE;
    p->Value.bin.cb = sizeof(GUID);
    p++->Value.bin.lpb = (BYTE *)&store->guid;
    p->ulPropTag = PR_OBJECT_TYPE;
    p++->Value.l = MAPI_FOLDER;
    p->ulPropTag = PR_FOLDER_TYPE;
    p++->Value.l = type;
    p->ulPropTag = PR_CONTENT_COUNT;
    p++->Value.l = content;
    p->ulPropTag = PR_CONTENT_UNREAD;
    p++->Value.l = unread;
    p->ulPropTag = PR_ASSOC_CONTENT_COUNT;
    p++->Value.l = assoc;
    p->ulPropTag = PR_SUBFOLDERS;
    p++->Value.b = children != 0;
    p->ulPropTag = PR_FOLDER_CHILD_COUNT;
    p++->Value.l = children;
    p->ulPropTag = PR_ACCESS;
    p++->Value.l = store->writable ? MAPI_ACCESS_READ | MAPI_ACCESS_MODIFY | MAPI_ACCESS_CREATE_HIERARCHY |
                                     MAPI_ACCESS_CREATE_CONTENTS | MAPI_ACCESS_CREATE_ASSOCIATED |
                                     (special_of(store, id) ? 0 : MAPI_ACCESS_DELETE)
                                   : MAPI_ACCESS_READ;
    p->ulPropTag = PR_ACCESS_LEVEL;
    p++->Value.l = store->writable ? MAPI_MODIFY : 0;
    p->ulPropTag = PR_CREATION_TIME;
    p++->Value.ft = int_to_filetime(created);
    p->ulPropTag = PR_LAST_MODIFICATION_TIME;
    p++->Value.ft = int_to_filetime(modified);
    if (depth)
    {
        p->ulPropTag = PR_DEPTH;
        p++->Value.l = depth;
        p->ulPropTag = PR_INSTANCE_KEY;
        p->Value.bin.cb = 8;
        if (FAILED(hr = MAPIAllocateMore(8, root, (void **)&p->Value.bin.lpb))) goto done;
        instance_key_build(id, p++->Value.bin.lpb);
    }
    for (i = 0; i < p - values; i++) values[i].dwAlignPad = 0;
    *count = p - values;
    *props = values;
done:
    heap_free(name);
    return hr;
}

/* A new folder row; the change log learns of it. */
HRESULT folder_create_row(struct sqlms_store *store, LONGLONG parent, const WCHAR *name, const WCHAR *comment,
                          ULONG type, ULONG special, LONGLONG *id)
{
    struct sqlms_buffer blob = { 0 };
    sqlite3_stmt *stmt;
    SPropValue value;
    FILETIME now;
    char *utf8;
    HRESULT hr;

    value.ulPropTag = PR_COMMENT_W;
    value.Value.lpszW = (WCHAR *)comment;
    if (!blob_encode(&blob, comment && *comment ? 1 : 0, &value, BLOB_ALL)) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(utf8 = utf8_from_wide(name)))
    {
        buffer_free(&blob);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    filetime_now(&now);
    if ((stmt = db_stmt(store->db, STMT_FOLDER_INSERT)))
    {
        if (parent) sqlite3_bind_int64(stmt, 1, parent);
        else sqlite3_bind_null(stmt, 1);
        sqlite3_bind_text(stmt, 2, utf8, -1, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 3, type);
        sqlite3_bind_int(stmt, 4, special);
        sqlite3_bind_blob(stmt, 5, blob.data, blob.size, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 6, filetime_to_int(&now));
        hr = db_step_done(store->db, stmt);
    }
    else
        hr = MAPI_E_CALL_FAILED;
    heap_free(utf8);
    buffer_free(&blob);
    if (FAILED(hr)) return hr;
    *id = sqlite3_last_insert_rowid(store->db->sql);
    if (FAILED(hr = store_log_change(store, EVENT_CREATED, SQLMS_FOLDER, *id, parent, 0, 0))) return hr;
    if (parent) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, parent, 0, 0, 0);
    return hr;
}

static LONGLONG child_by_name(struct sqlms_store *store, LONGLONG parent, const WCHAR *name)
{
    sqlite3_stmt *stmt = db_stmt(store->db, STMT_FOLDER_BY_NAME);
    LONGLONG id = 0;
    char *utf8;

    if (!stmt || !(utf8 = utf8_from_wide(name))) return 0;
    sqlite3_bind_int64(stmt, 1, parent);
    sqlite3_bind_text(stmt, 2, utf8, -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW) id = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    heap_free(utf8);
    return id;
}

/**************************************************************************
 *  IMAPIProp of the folder
 */
static HRESULT folder_refresh(struct prop_object *obj)
{
    struct folder *folder = impl_from_prop(obj);
    SPropValue *props;
    ULONG count;
    void *root;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer(sizeof(ULONG_PTR), &root))) return hr;
    if (SUCCEEDED(hr = folder_row_props(obj->store, folder->id, 0, root, &count, &props)))
        hr = propobj_replace_all(obj, count, props);
    else if (hr == MAPI_E_NOT_FOUND)
        hr = MAPI_E_OBJECT_DELETED;
    MAPIFreeBuffer(root);
    return hr;
}

static BOOL folder_is_computed(struct prop_object *obj, ULONG tag)
{
    return folder_tag_computed(tag);
}

/* Writes the bag through to the folder's row. */
static HRESULT folder_changed(struct prop_object *obj)
{
    struct folder *folder = impl_from_prop(obj);
    struct sqlms_store *store = obj->store;
    struct sqlms_buffer blob = { 0 };
    SPropValue *values = NULL, *display;
    const WCHAR *name = L"";
    ULONG count = 0, i, n;
    LONGLONG parent = 0, other;
    sqlite3_stmt *stmt;
    char *utf8 = NULL;
    FILETIME now;
    HRESULT hr;

    if (FAILED(hr = propobj_get_all(obj, &count, &values))) return hr;
    if ((display = PpropFindProp(values, count, PR_DISPLAY_NAME_W))) name = display->Value.lpszW;
    if (!name[0] && folder->id != store->special[SPECIAL_ROOT])
    {
        hr = MAPI_E_INVALID_PARAMETER;
        goto done;
    }
    for (i = n = 0; i < count; i++)
        if (!folder_tag_computed(values[i].ulPropTag) && PROP_ID(values[i].ulPropTag) != PROP_ID(PR_DISPLAY_NAME_W))
            values[n++] = values[i];
    if (!blob_encode(&blob, n, values, BLOB_ALL) || !(utf8 = utf8_from_wide(name)))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    if (FAILED(hr = folder_exists(store, folder->id, &parent))) goto failed;
    if (parent && (other = child_by_name(store, parent, name)) && other != folder->id)
    {
        hr = MAPI_E_COLLISION;
        goto failed;
    }
    filetime_now(&now);
    if (!(stmt = db_stmt(store->db, STMT_FOLDER_UPDATE_PROPS))) goto failed;
    sqlite3_bind_int64(stmt, 1, folder->id);
    sqlite3_bind_text(stmt, 2, utf8, -1, SQLITE_STATIC);
    sqlite3_bind_blob(stmt, 3, blob.data, blob.size, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 4, filetime_to_int(&now));
    if (FAILED(hr = db_step_done(store->db, stmt))) goto failed;
    if (FAILED(hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, parent, 0, 0))) goto failed;
    hr = store_commit(store);
    goto done;

failed:
    store_rollback(store);
    if (SUCCEEDED(hr)) hr = MAPI_E_CALL_FAILED;
done:
    if (FAILED(hr)) folder_refresh(obj); /* the bag goes back to what is stored */
    heap_free(utf8);
    buffer_free(&blob);
    MAPIFreeBuffer(values);
    return hr;
}

static HRESULT folder_open_property(struct prop_object *obj, ULONG tag, const IID *iid, ULONG options,
                                    ULONG flags, IUnknown **out)
{
    IMAPIFolder *iface = &impl_from_prop(obj)->IMAPIFolder_iface;

    if (tag != PR_CONTAINER_CONTENTS && tag != PR_CONTAINER_HIERARCHY && tag != PR_FOLDER_ASSOCIATED_CONTENTS)
        return MAPI_E_NO_SUPPORT;
    if (!IsEqualIID(iid, &IID_IMAPITable)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (flags & (MAPI_CREATE | MAPI_MODIFY)) return MAPI_E_NO_ACCESS;
    if (tag == PR_CONTAINER_HIERARCHY) return IMAPIFolder_GetHierarchyTable(iface, options, (IMAPITable **)out);
    return IMAPIFolder_GetContentsTable(iface, options | (tag == PR_FOLDER_ASSOCIATED_CONTENTS ? MAPI_ASSOCIATED : 0),
                                        (IMAPITable **)out);
}

/* IMAPIProp::CopyTo and CopyProps of a folder: its contents and subfolders go too, unless excluded. */
static HRESULT folder_copy_subobjects(struct prop_object *obj, const SPropTagArray *include,
                                      const SPropTagArray *exclude, IMAPIProp *dest, ULONG flags)
{
    struct folder *folder = impl_from_prop(obj);
    IMAPIFolder *dest_folder;
    LONGLONG *children = NULL;
    ULONG count = 0, i;
    HRESULT hr = S_OK;

    if (FAILED(IMAPIProp_QueryInterface(dest, &IID_IMAPIFolder, (void **)&dest_folder))) return S_OK;
    if (propobj_copy_wants(include, exclude, PR_CONTAINER_CONTENTS))
        hr = copy_all_messages(folder, FALSE, dest_folder, flags & MAPI_MOVE ? MESSAGE_MOVE : 0);
    if (SUCCEEDED(hr) && propobj_copy_wants(include, exclude, PR_FOLDER_ASSOCIATED_CONTENTS))
        hr = copy_all_messages(folder, TRUE, dest_folder, flags & MAPI_MOVE ? MESSAGE_MOVE : 0);
    if (SUCCEEDED(hr) && propobj_copy_wants(include, exclude, PR_CONTAINER_HIERARCHY) &&
        SUCCEEDED(hr = list_ids(obj->store, folder->id, -1, &children, &count)))
    {
        for (i = 0; i < count && SUCCEEDED(hr); i++)
        {
            BYTE eid[SQLMS_EID_SIZE];

            eid_build(obj->store, SQLMS_FOLDER, children[i], eid);
            hr = IMAPIFolder_CopyFolder(&folder->IMAPIFolder_iface, sizeof(eid), (ENTRYID *)eid, NULL, dest_folder,
                                        NULL, 0, NULL, COPY_SUBFOLDERS | (flags & MAPI_MOVE ? FOLDER_MOVE : 0));
        }
    }
    if (hr == MAPI_W_PARTIAL_COMPLETION) hr = S_OK;
    heap_free(children);
    IMAPIFolder_Release(dest_folder);
    return hr;
}

static const struct prop_object_ops folder_prop_ops =
{
    NULL,
    folder_is_computed,
    folder_refresh,
    folder_changed,
    folder_open_property,
    folder_copy_subobjects,
    &IID_IMAPIFolder,
};

static void folder_abandon(struct sqlms_object *obj)
{
    struct folder *folder = CONTAINING_RECORD(obj, struct folder, object);

    propobj_cleanup(&folder->prop);
}

HRESULT folder_open(struct sqlms_store *store, LONGLONG id, BOOL writable, IMAPIFolder **out)
{
    struct folder *folder;
    HRESULT hr;

    if (FAILED(hr = folder_exists(store, id, NULL))) return hr;
    if (!(folder = object_alloc(sizeof(*folder)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    folder->IMAPIFolder_iface.lpVtbl = &folder_vtbl;
    folder->ref = 1;
    folder->id = id;
    if (FAILED(hr = propobj_init(&folder->prop, (IMAPIProp *)&folder->IMAPIFolder_iface, store,
                                 &folder_prop_ops, writable)) ||
        FAILED(hr = folder_refresh(&folder->prop)))
    {
        propobj_cleanup(&folder->prop);
        object_free(folder);
        return hr;
    }
    store_addref(store);
    object_register(store, &folder->object, &folder->IMAPIFolder_iface, &folder->ref,
                    VTBL_METHODS(IMAPIFolderVtbl), folder_abandon);
    folder->prop.object = &folder->object;
    *out = &folder->IMAPIFolder_iface;
    return S_OK;
}

/**************************************************************************
 *  IMAPIFolder
 */
static HRESULT folder_check(struct folder *folder)
{
    return store_check(folder->prop.store);
}

static HRESULT WINAPI folder_QueryInterface(IMAPIFolder *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) ||
        IsEqualIID(riid, &IID_IMAPIContainer) || IsEqualIID(riid, &IID_IMAPIFolder))
    {
        *obj = iface;
        IMAPIFolder_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI folder_AddRef(IMAPIFolder *iface)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    ULONG ref = InterlockedIncrement(&folder->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI folder_Release(IMAPIFolder *iface)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    ULONG ref = InterlockedDecrement(&folder->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        struct sqlms_store *store = folder->prop.store;

        object_unregister(&folder->object);
        propobj_cleanup(&folder->prop);
        object_free(folder);
        store_release(store);
    }
    return ref;
}

static HRESULT WINAPI folder_GetLastError(IMAPIFolder *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);
    return sqlms_get_last_error(result, flags, error);
}

static HRESULT WINAPI folder_SaveChanges(IMAPIFolder *iface, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);

    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~SAVE_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (!folder->prop.writable) return MAPI_E_NO_ACCESS;
    return folder_check(folder);
}

static HRESULT WINAPI folder_GetProps(IMAPIFolder *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                      SPropValue **values)
{
    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);
    return propobj_GetProps(&impl_from_IMAPIFolder(iface)->prop, tags, flags, count, values);
}

static HRESULT WINAPI folder_GetPropList(IMAPIFolder *iface, ULONG flags, SPropTagArray **tags)
{
    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);
    return propobj_GetPropList(&impl_from_IMAPIFolder(iface)->prop, flags, tags);
}

static HRESULT WINAPI folder_OpenProperty(IMAPIFolder *iface, ULONG tag, const IID *iid, ULONG options,
                                          ULONG flags, IUnknown **out)
{
    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);
    return propobj_OpenProperty(&impl_from_IMAPIFolder(iface)->prop, tag, iid, options, flags, out);
}

static HRESULT WINAPI folder_SetProps(IMAPIFolder *iface, ULONG count, SPropValue *values,
                                      SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);
    return propobj_SetProps(&impl_from_IMAPIFolder(iface)->prop, count, values, problems);
}

static HRESULT WINAPI folder_DeleteProps(IMAPIFolder *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    return propobj_DeleteProps(&impl_from_IMAPIFolder(iface)->prop, tags, problems);
}

static HRESULT WINAPI folder_CopyTo(IMAPIFolder *iface, ULONG excluded_iid_count, const IID *excluded_iids,
                                    SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress,
                                    const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, excluded_iid_count, excluded_iids, excluded,
          ui_param, progress, debugstr_guid(iid), dest, flags, problems);
    return propobj_CopyTo(&impl_from_IMAPIFolder(iface)->prop, excluded_iid_count, excluded_iids, excluded,
                          ui_param, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI folder_CopyProps(IMAPIFolder *iface, SPropTagArray *included, ULONG ui_param,
                                       IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                                       SPropProblemArray **problems)
{
    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, included, ui_param, progress, debugstr_guid(iid), dest,
          flags, problems);
    return propobj_CopyProps(&impl_from_IMAPIFolder(iface)->prop, included, ui_param, progress, iid, dest,
                             flags, problems);
}

static HRESULT WINAPI folder_GetNamesFromIDs(IMAPIFolder *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                             ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return propobj_GetNamesFromIDs(&impl_from_IMAPIFolder(iface)->prop, tags, guid, flags, count, names);
}

static HRESULT WINAPI folder_GetIDsFromNames(IMAPIFolder *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                             SPropTagArray **tags)
{
    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    return propobj_GetIDsFromNames(&impl_from_IMAPIFolder(iface)->prop, count, names, flags, tags);
}

/* The sort SaveContentsSort kept for the folder, or NULL. */
static SSortOrderSet *saved_sort(struct sqlms_store *store, LONGLONG id)
{
    struct sqlms_buffer value = { 0 };
    SSortOrderSet *sort = NULL;
    char key[40];

    sprintf(key, "sort:%s", wine_dbgstr_longlong(id));
    if (SUCCEEDED(db_get_meta(store->db, key, &value)) && value.size >= offsetof(SSortOrderSet, aSort))
    {
        const SSortOrderSet *stored = (const SSortOrderSet *)value.data;
        if (value.size == CbSSortOrderSet(stored) && SUCCEEDED(MAPIAllocateBuffer(value.size, (void **)&sort)))
            memcpy(sort, value.data, value.size);
    }
    buffer_free(&value);
    return sort;
}

static HRESULT WINAPI folder_GetContentsTable(IMAPIFolder *iface, ULONG flags, IMAPITable **table)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    SSortOrderSet *sort;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~CONTENTS_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (flags & SHOW_SOFT_DELETES)
    {
        /* Deleted messages are gone at once: there are never soft-deleted ones to show. */
        SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_INSTANCE_KEY } };

        store_lock(store);
        hr = folder_check(folder);
        store_unlock(store);
        if (FAILED(hr)) return hr;
        return table_open_static(store, 0, NULL, (SPropTagArray *)&columns, flags, table);
    }
    store_lock(store);
    if (FAILED(hr = folder_check(folder)))
    {
        store_unlock(store);
        return hr;
    }
    sort = saved_sort(store, folder->id);
    hr = table_open_cached(store, flags & MAPI_ASSOCIATED ? TABLE_ASSOCIATED : TABLE_CONTENTS, folder->id,
                           flags & ~MAPI_ASSOCIATED, sort, table);
    store_unlock(store);
    MAPIFreeBuffer(sort);
    return hr;
}

static HRESULT WINAPI folder_GetHierarchyTable(IMAPIFolder *iface, ULONG flags, IMAPITable **table)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~HIERARCHY_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    store_lock(store);
    if (SUCCEEDED(hr = folder_check(folder)))
        hr = table_open_cached(store, flags & CONVENIENT_DEPTH ? TABLE_HIERARCHY_DEEP : TABLE_HIERARCHY,
                               folder->id, flags & ~(CONVENIENT_DEPTH | SHOW_SOFT_DELETES), NULL, table);
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI folder_OpenEntry(IMAPIFolder *iface, ULONG eid_size, ENTRYID *eid, const IID *iid,
                                       ULONG flags, ULONG *type, IUnknown **out)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    HRESULT hr;

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", iface, eid_size, eid, debugstr_guid(iid), flags, type, out);

    store_lock(folder->prop.store);
    hr = store_open_entry(folder->prop.store, eid_size, eid, iid, flags, type, out);
    store_unlock(folder->prop.store);
    return hr;
}

static HRESULT WINAPI folder_SetSearchCriteria(IMAPIFolder *iface, SRestriction *res, ENTRYLIST *containers,
                                               ULONG flags)
{
    FIXME("(%p,%p,%p,%#lx): no search folders\n", iface, res, containers, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI folder_GetSearchCriteria(IMAPIFolder *iface, ULONG flags, SRestriction **res,
                                               ENTRYLIST **containers, ULONG *state)
{
    FIXME("(%p,%#lx,%p,%p,%p): no search folders\n", iface, flags, res, containers, state);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI folder_CreateMessage(IMAPIFolder *iface, const IID *iid, ULONG flags, IMessage **out)
{
    static const IID *const message_iids[] = { &IID_IMessage, &IID_IMAPIProp, &IID_IUnknown, NULL };
    struct folder *folder = impl_from_IMAPIFolder(iface);
    HRESULT hr;

    TRACE("(%p,%s,%#lx,%p)\n", iface, debugstr_guid(iid), flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!is_valid_iid(iid, message_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    store_lock(folder->prop.store);
    if (SUCCEEDED(hr = folder_check(folder)))
    {
        if (!folder->prop.writable) hr = MAPI_E_NO_ACCESS;
        else if (folder->id == folder->prop.store->special[SPECIAL_ROOT] && !(flags & MAPI_ASSOCIATED))
            hr = MAPI_E_NO_ACCESS; /* the root holds folders only */
        else hr = message_create(folder->prop.store, folder->id, flags, out);
    }
    store_unlock(folder->prop.store);
    return hr;
}

/* Copies one message to a folder of any store, through its interfaces. */
static HRESULT copy_message_generic(struct sqlms_store *store, LONGLONG id, IMAPIFolder *dest)
{
    IMessage *src = NULL, *copy = NULL;
    SPropValue *flags = NULL;
    ULONG create_flags = 0;
    HRESULT hr;

    if (FAILED(hr = message_open(store, id, FALSE, &src))) return hr;
    if (SUCCEEDED(HrGetOneProp((IMAPIProp *)src, PR_MESSAGE_FLAGS, &flags)) &&
        (flags->Value.l & MSGFLAG_ASSOCIATED))
        create_flags = MAPI_ASSOCIATED;
    MAPIFreeBuffer(flags);
    if (SUCCEEDED(hr = IMAPIFolder_CreateMessage(dest, NULL, create_flags, &copy)))
    {
        hr = IMessage_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMessage, copy, 0, NULL);
        if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(copy, 0);
        IMessage_Release(copy);
    }
    IMessage_Release(src);
    return hr;
}

static BOOL message_in_queue(struct sqlms_store *store, LONGLONG id)
{
    sqlite3_stmt *stmt = db_stmt(store->db, STMT_QUEUE_GET);
    BOOL queued;

    if (!stmt) return FALSE;
    sqlite3_bind_int64(stmt, 1, id);
    queued = sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_reset(stmt);
    return queued;
}

/* Moves or copies one message of this folder to another folder of the same logon. */
static HRESULT move_or_copy(struct sqlms_store *store, LONGLONG id, LONGLONG from, LONGLONG to, BOOL move)
{
    sqlite3_stmt *stmt;
    LONGLONG new_id;
    HRESULT hr;

    if (move)
    {
        if (from == to) return S_OK;
        if (!(stmt = db_stmt(store->db, STMT_MSG_SET_FOLDER))) return MAPI_E_CALL_FAILED;
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int64(stmt, 2, to);
        if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
        return store_log_change(store, EVENT_MOVED, SQLMS_MESSAGE, id, to, id, from);
    }
    if (FAILED(hr = message_copy_rows(store, id, to, &new_id))) return hr;
    return store_log_change(store, EVENT_COPIED, SQLMS_MESSAGE, new_id, to, id, from);
}

/**************************************************************************
 *  IMAPIFolder_CopyMessages
 *
 * NOTES
 *  Within the store one transaction moves or copies every message; to a
 *  folder of another store each message is copied through IMessage::CopyTo.
 *  Messages that are not in this folder, or are submitted, are skipped
 *  (MAPI_W_PARTIAL_COMPLETION).
 */
static HRESULT WINAPI folder_CopyMessages(IMAPIFolder *iface, ENTRYLIST *list, const IID *iid, void *dest,
                                          ULONG ui_param, IMAPIProgress *progress, ULONG flags)
{
    static const IID *const folder_iids[] = { &IID_IMAPIFolder, &IID_IMAPIContainer, &IID_IMAPIProp,
                                              &IID_IUnknown, NULL };
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store, *dest_store;
    LONGLONG dest_id = 0, id, msg_folder;
    BOOL partial = FALSE, same;
    ULONG i, type, msg_flags, status;
    HRESULT hr;

    TRACE("(%p,%p,%s,%p,%#lx,%p,%#lx)\n", iface, list, debugstr_guid(iid), dest, ui_param, progress, flags);

    if (!dest || FAILED(eid_check_list(store, list))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!is_valid_iid(iid, folder_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    same = is_our_folder(dest, &dest_store, &dest_id) && dest_store == store;

    store_lock(store);
    if (FAILED(hr = folder_check(folder))) goto done;
    if ((flags & MESSAGE_MOVE) && !folder->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (same)
    {
        if (FAILED(hr = store_begin(store))) goto done;
        for (i = 0; i < list->cValues; i++)
        {
            if (FAILED(eid_parse(store, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &type, &id)) ||
                type != SQLMS_MESSAGE || FAILED(message_info(store, id, &msg_folder, &msg_flags, &status)) ||
                msg_folder != folder->id || ((flags & MESSAGE_MOVE) && message_in_queue(store, id)))
            {
                partial = TRUE;
                continue;
            }
            if (FAILED(hr = move_or_copy(store, id, folder->id, dest_id, flags & MESSAGE_MOVE))) break;
        }
        if (SUCCEEDED(hr) && (flags & MESSAGE_MOVE) && dest_id != folder->id)
            hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, 0, 0, 0);
        if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, dest_id, 0, 0, 0);
        if (SUCCEEDED(hr)) hr = store_commit(store);
        else store_rollback(store);
    }
    else
    {
        for (i = 0; i < list->cValues; i++)
        {
            if (FAILED(eid_parse(store, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &type, &id)) ||
                type != SQLMS_MESSAGE || FAILED(message_info(store, id, &msg_folder, &msg_flags, &status)) ||
                msg_folder != folder->id || ((flags & MESSAGE_MOVE) && message_in_queue(store, id)))
            {
                partial = TRUE;
                continue;
            }
            if (FAILED(copy_message_generic(store, id, dest)))
            {
                partial = TRUE;
                continue;
            }
            if (!(flags & MESSAGE_MOVE)) continue;
            if (FAILED(hr = store_begin(store))) break;
            if (SUCCEEDED(hr = message_delete_rows(store, id)) &&
                SUCCEEDED(hr = store_log_change(store, EVENT_DELETED, SQLMS_MESSAGE, id, folder->id, 0, 0)) &&
                SUCCEEDED(hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, 0, 0, 0)))
                hr = store_commit(store);
            else
                store_rollback(store);
            if (FAILED(hr)) break;
        }
    }
done:
    store_unlock(store);
    if (SUCCEEDED(hr) && partial) hr = MAPI_W_PARTIAL_COMPLETION;
    return hr;
}

static HRESULT WINAPI folder_DeleteMessages(IMAPIFolder *iface, ENTRYLIST *list, ULONG ui_param,
                                            IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    LONGLONG id, msg_folder;
    ULONG i, type, msg_flags, status;
    BOOL partial = FALSE, deleted = FALSE;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%#lx)\n", iface, list, ui_param, progress, flags);

    if (FAILED(eid_check_list(store, list))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MESSAGE_DIALOG | DELETE_HARD_DELETE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    store_lock(store);
    if (FAILED(hr = folder_check(folder))) goto done;
    if (!folder->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    for (i = 0; i < list->cValues; i++)
    {
        if (FAILED(eid_parse(store, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &type, &id)) ||
            type != SQLMS_MESSAGE || FAILED(message_info(store, id, &msg_folder, &msg_flags, &status)) ||
            msg_folder != folder->id || message_in_queue(store, id))
        {
            partial = TRUE;
            continue;
        }
        if (FAILED(hr = message_delete_rows(store, id)) ||
            FAILED(hr = store_log_change(store, EVENT_DELETED, SQLMS_MESSAGE, id, folder->id, 0, 0)))
            break;
        deleted = TRUE;
    }
    if (SUCCEEDED(hr) && deleted) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, 0, 0, 0);
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    if (SUCCEEDED(hr) && partial) hr = MAPI_W_PARTIAL_COMPLETION;
    return hr;
}

static WCHAR *name_from_caller(const void *name, ULONG flags)
{
    if (!name) return NULL;
    return flags & MAPI_UNICODE ? heap_strdupW(name) : heap_strdupAtoW(name);
}

static HRESULT WINAPI folder_CreateFolder(IMAPIFolder *iface, ULONG type, LPSTR name, LPSTR comment,
                                          const IID *iid, ULONG flags, LPMAPIFOLDER out_folder)
{
    static const IID *const folder_iids[] = { &IID_IMAPIFolder, &IID_IMAPIContainer, &IID_IMAPIProp,
                                              &IID_IUnknown, NULL };
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    IMAPIFolder **out = (IMAPIFolder **)out_folder; /* Wine's header drops a level of pointer */
    WCHAR *name_w = NULL, *comment_w = NULL;
    LONGLONG id;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%p,%s,%#lx,%p)\n", iface, type, name, comment, debugstr_guid(iid), flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_UNICODE | OPEN_IF_EXISTS | MAPI_DEFERRED_ERRORS))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (type == FOLDER_SEARCH)
    {
        FIXME("no search folders\n");
        return MAPI_E_NO_SUPPORT;
    }
    if (type != FOLDER_GENERIC) return MAPI_E_INVALID_PARAMETER;
    if (!is_valid_iid(iid, folder_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(name_w = name_from_caller(name, flags)) || !*name_w)
    {
        heap_free(name_w);
        return MAPI_E_INVALID_PARAMETER;
    }
    comment_w = name_from_caller(comment, flags);

    store_lock(store);
    if (FAILED(hr = folder_check(folder))) goto done;
    if (!folder->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    if ((id = child_by_name(store, folder->id, name_w)))
    {
        store_rollback(store);
        if (flags & OPEN_IF_EXISTS) hr = folder_open(store, id, TRUE, out);
        else hr = MAPI_E_COLLISION;
        goto done;
    }
    if (FAILED(hr = folder_create_row(store, folder->id, name_w, comment_w, FOLDER_GENERIC, SPECIAL_NONE, &id)))
    {
        store_rollback(store);
        goto done;
    }
    if (SUCCEEDED(hr = store_commit(store))) hr = folder_open(store, id, TRUE, out);
done:
    store_unlock(store);
    heap_free(name_w);
    heap_free(comment_w);
    return hr;
}

/* Copies a folder (and its messages, and its subfolders if deep) under a new parent. */
static HRESULT copy_folder_tree(struct sqlms_store *store, LONGLONG id, LONGLONG parent, const WCHAR *name,
                                BOOL deep, ULONG level)
{
    LONGLONG new_id, msg_id, copy_id;
    sqlite3_stmt *stmt;
    LONGLONG *ids = NULL;
    ULONG count = 0, capacity = 0, i;
    char *utf8;
    HRESULT hr;

    if (level > 64) return MAPI_E_FOLDER_CYCLE;
    if (!(stmt = db_stmt(store->db, STMT_FOLDER_GET))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) != SQLITE_ROW)
    {
        sqlite3_reset(stmt);
        return MAPI_E_NOT_FOUND;
    }
    {
        /* The copy takes the stored values as they are, under its own name. */
        sqlite3_stmt *insert = NULL;
        FILETIME now;
        const void *props = sqlite3_column_blob(stmt, 4);
        int props_size = sqlite3_column_bytes(stmt, 4);
        struct sqlms_buffer blob = { 0 };

        buffer_append(&blob, props, props_size);
        if (!name) name = L"";
        utf8 = name[0] ? utf8_from_wide(name) : heap_alloc_zero(1);
        if (!name[0] && utf8)
        {
            heap_free(utf8);
            utf8 = heap_alloc(strlen((const char *)sqlite3_column_text(stmt, 1)) + 1);
            if (utf8) strcpy(utf8, (const char *)sqlite3_column_text(stmt, 1));
        }
        sqlite3_reset(stmt);
        if (!utf8)
        {
            buffer_free(&blob);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        filetime_now(&now);
        hr = MAPI_E_CALL_FAILED;
        if ((insert = db_stmt(store->db, STMT_FOLDER_INSERT)))
        {
            sqlite3_bind_int64(insert, 1, parent);
            sqlite3_bind_text(insert, 2, utf8, -1, SQLITE_STATIC);
            sqlite3_bind_int(insert, 3, FOLDER_GENERIC);
            sqlite3_bind_int(insert, 4, SPECIAL_NONE);
            sqlite3_bind_blob(insert, 5, blob.data, blob.size, SQLITE_STATIC);
            sqlite3_bind_int64(insert, 6, filetime_to_int(&now));
            hr = db_step_done(store->db, insert);
        }
        heap_free(utf8);
        buffer_free(&blob);
        if (FAILED(hr)) return hr;
    }
    new_id = sqlite3_last_insert_rowid(store->db->sql);
    if (FAILED(hr = store_log_change(store, EVENT_COPIED, SQLMS_FOLDER, new_id, parent, id, 0))) return hr;

    /* Messages first, then subfolders: neither list changes under us (new rows go elsewhere). */
    if (!(stmt = db_stmt(store->db, STMT_MSG_LIST_ALL))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    while (sqlite3_step(stmt) == SQLITE_ROW)
    {
        if (count == capacity)
        {
            LONGLONG *grown = heap_realloc(ids, (capacity = max(16, capacity * 2)) * sizeof(*ids));
            if (!grown) break;
            ids = grown;
        }
        ids[count++] = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_reset(stmt);
    for (i = 0, hr = S_OK; i < count && SUCCEEDED(hr); i++)
    {
        msg_id = ids[i];
        if (SUCCEEDED(hr = message_copy_rows(store, msg_id, new_id, &copy_id)))
            hr = store_log_change(store, EVENT_COPIED, SQLMS_MESSAGE, copy_id, new_id, msg_id, id);
    }
    count = 0;
    if (SUCCEEDED(hr) && deep)
    {
        if (!(stmt = db_stmt(store->db, STMT_FOLDER_CHILDREN))) hr = MAPI_E_CALL_FAILED;
        else
        {
            sqlite3_bind_int64(stmt, 1, id);
            while (sqlite3_step(stmt) == SQLITE_ROW)
            {
                if (count == capacity)
                {
                    LONGLONG *grown = heap_realloc(ids, (capacity = max(16, capacity * 2)) * sizeof(*ids));
                    if (!grown) break;
                    ids = grown;
                }
                ids[count++] = sqlite3_column_int64(stmt, 0);
            }
            sqlite3_reset(stmt);
        }
        for (i = 0; i < count && SUCCEEDED(hr); i++)
            if (ids[i] != new_id) hr = copy_folder_tree(store, ids[i], new_id, NULL, TRUE, level + 1);
    }
    heap_free(ids);
    return hr;
}

/* The ids of a folder's messages (associated ones or the others), or of its subfolders. */
static HRESULT list_ids(struct sqlms_store *store, LONGLONG folder, int kind, LONGLONG **ids, ULONG *count)
{
    sqlite3_stmt *stmt = db_stmt(store->db, kind < 0 ? STMT_FOLDER_CHILDREN : STMT_MSG_LIST_ALL);
    ULONG capacity = 0;

    *ids = NULL;
    *count = 0;
    if (!stmt) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, folder);
    while (sqlite3_step(stmt) == SQLITE_ROW)
    {
        if (kind >= 0 && sqlite3_column_int(stmt, 1) != kind) continue;
        if (*count == capacity)
        {
            LONGLONG *grown = heap_realloc(*ids, (capacity = max(16, capacity * 2)) * sizeof(**ids));
            if (!grown)
            {
                sqlite3_reset(stmt);
                return MAPI_E_NOT_ENOUGH_MEMORY;
            }
            *ids = grown;
        }
        (*ids)[(*count)++] = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_reset(stmt);
    return S_OK;
}

/* CopyMessages of every message of one kind of this folder to dest. */
static HRESULT copy_all_messages(struct folder *folder, BOOL assoc, IMAPIFolder *dest, ULONG flags)
{
    struct sqlms_store *store = folder->prop.store;
    ENTRYLIST list = { 0 };
    LONGLONG *ids;
    ULONG count, i;
    HRESULT hr;

    if (FAILED(hr = list_ids(store, folder->id, assoc, &ids, &count)) || !count)
    {
        heap_free(ids);
        return hr;
    }
    if (!(list.lpbin = heap_alloc(count * (sizeof(SBinary) + SQLMS_EID_SIZE))))
    {
        heap_free(ids);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < count; i++)
    {
        list.lpbin[i].cb = SQLMS_EID_SIZE;
        list.lpbin[i].lpb = (BYTE *)(list.lpbin + count) + i * SQLMS_EID_SIZE;
        eid_build(store, SQLMS_MESSAGE, ids[i], list.lpbin[i].lpb);
    }
    list.cValues = count;
    hr = IMAPIFolder_CopyMessages(&folder->IMAPIFolder_iface, &list, NULL, dest, 0, NULL, flags);
    heap_free(list.lpbin);
    heap_free(ids);
    return hr;
}

/* Copies a folder of this store with its messages (and subfolders if deep) into a folder of any store. */
static HRESULT copy_folder_generic(struct sqlms_store *store, LONGLONG id, IMAPIFolder *dest, const WCHAR *name,
                                   BOOL deep, ULONG level)
{
    IMAPIFolder *src = NULL, *created = NULL;
    SPropValue *display = NULL, *comment = NULL, *container_class = NULL;
    LONGLONG *children = NULL;
    ULONG count = 0, i;
    HRESULT hr;

    if (level > 64) return MAPI_E_FOLDER_CYCLE;
    if (FAILED(hr = folder_open(store, id, FALSE, &src))) return hr;
    HrGetOneProp((IMAPIProp *)src, PR_DISPLAY_NAME_W, &display);
    HrGetOneProp((IMAPIProp *)src, PR_COMMENT_W, &comment);
    if (!name) name = display ? display->Value.lpszW : L"";
    hr = IMAPIFolder_CreateFolder(dest, FOLDER_GENERIC, (LPSTR)name, comment ? (LPSTR)comment->Value.lpszW : NULL,
                                  NULL, MAPI_UNICODE, (LPMAPIFOLDER)&created);
    if (SUCCEEDED(hr) && SUCCEEDED(HrGetOneProp((IMAPIProp *)src, PR_CONTAINER_CLASS_W, &container_class)))
        HrSetOneProp((IMAPIProp *)created, container_class);
    if (SUCCEEDED(hr)) hr = copy_all_messages(impl_from_IMAPIFolder(src), FALSE, created, 0);
    if (SUCCEEDED(hr)) hr = copy_all_messages(impl_from_IMAPIFolder(src), TRUE, created, 0);
    if (SUCCEEDED(hr) && deep && SUCCEEDED(hr = list_ids(store, id, -1, &children, &count)))
        for (i = 0; i < count && SUCCEEDED(hr); i++)
            hr = copy_folder_generic(store, children[i], created, NULL, TRUE, level + 1);
    if (hr == MAPI_W_PARTIAL_COMPLETION) hr = S_OK;
    heap_free(children);
    MAPIFreeBuffer(container_class);
    MAPIFreeBuffer(comment);
    MAPIFreeBuffer(display);
    if (created) IMAPIFolder_Release(created);
    IMAPIFolder_Release(src);
    return hr;
}

static BOOL is_in_subtree(struct sqlms_store *store, LONGLONG folder, LONGLONG root)
{
    LONGLONG parent;
    ULONG guard = 0;

    while (folder && guard++ < 1000)
    {
        if (folder == root) return TRUE;
        if (FAILED(folder_exists(store, folder, &parent))) return FALSE;
        folder = parent;
    }
    return FALSE;
}

/* The folder an entry ID names, which must be directly below this one; the store is locked. */
static HRESULT subfolder_id(struct folder *folder, ULONG eid_size, ENTRYID *eid, LONGLONG *id)
{
    struct sqlms_store *store = folder->prop.store;
    LONGLONG parent;
    ULONG type;
    HRESULT hr;

    if (FAILED(hr = eid_parse(store, eid_size, eid, &type, id))) return hr;
    if (type != SQLMS_FOLDER) return MAPI_E_INVALID_ENTRYID;
    if (FAILED(hr = folder_exists(store, *id, &parent))) return hr;
    return parent == folder->id ? S_OK : MAPI_E_NOT_FOUND;
}

static HRESULT WINAPI folder_CopyFolder(IMAPIFolder *iface, ULONG eid_size, ENTRYID *eid, const IID *iid,
                                        void *dest, LPSTR new_name, ULONG ui_param, IMAPIProgress *progress,
                                        ULONG flags)
{
    static const IID *const folder_iids[] = { &IID_IMAPIFolder, &IID_IMAPIContainer, &IID_IMAPIProp,
                                              &IID_IUnknown, NULL };
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store, *dest_store;
    LONGLONG id, dest_id, other;
    WCHAR *name = NULL;
    sqlite3_stmt *stmt;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%s,%p,%p,%#lx,%p,%#lx)\n", iface, eid_size, eid, debugstr_guid(iid), dest, new_name,
          ui_param, progress, flags);

    if (!eid || !eid_size || !dest) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(FOLDER_MOVE | FOLDER_DIALOG | MAPI_DECLINE_OK | COPY_SUBFOLDERS | MAPI_UNICODE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!is_valid_iid(iid, folder_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (new_name && !(name = name_from_caller(new_name, flags))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!is_our_folder(dest, &dest_store, &dest_id) || dest_store != store)
    {
        /* Into another store: through its interfaces, then the original goes for a move. */
        store_lock(store);
        if (SUCCEEDED(hr = folder_check(folder)) && SUCCEEDED(hr = subfolder_id(folder, eid_size, eid, &id)))
        {
            if ((flags & FOLDER_MOVE) && special_of(store, id)) hr = MAPI_E_NO_ACCESS;
            else if ((flags & FOLDER_MOVE) && !folder->prop.writable) hr = MAPI_E_NO_ACCESS;
        }
        if (SUCCEEDED(hr))
            hr = copy_folder_generic(store, id, dest, name, !!(flags & (COPY_SUBFOLDERS | FOLDER_MOVE)), 0);
        if (SUCCEEDED(hr) && (flags & FOLDER_MOVE))
            hr = folder_DeleteFolder(iface, eid_size, eid, 0, NULL, DEL_FOLDERS | DEL_MESSAGES);
        store_unlock(store);
        heap_free(name);
        return hr;
    }

    store_lock(store);
    if (FAILED(hr = folder_check(folder))) goto done;
    if (!folder->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (FAILED(hr = subfolder_id(folder, eid_size, eid, &id))) goto done;
    if ((flags & FOLDER_MOVE) && special_of(store, id))
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (is_in_subtree(store, dest_id, id))
    {
        hr = MAPI_E_FOLDER_CYCLE;
        goto done;
    }
    if (!name)
    {
        SPropValue *props;
        ULONG count;
        void *root;

        if (FAILED(hr = MAPIAllocateBuffer(sizeof(ULONG_PTR), &root))) goto done;
        if (SUCCEEDED(hr = folder_row_props(store, id, 0, root, &count, &props)))
        {
            SPropValue *display = PpropFindProp(props, count, PR_DISPLAY_NAME_W);
            if (!(name = heap_strdupW(display ? display->Value.lpszW : L""))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        }
        MAPIFreeBuffer(root);
        if (FAILED(hr)) goto done;
    }
    if (!*name)
    {
        hr = MAPI_E_INVALID_PARAMETER;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    if ((other = child_by_name(store, dest_id, name)) && other != id)
    {
        store_rollback(store);
        hr = MAPI_E_COLLISION;
        goto done;
    }
    if (flags & FOLDER_MOVE)
    {
        FILETIME now;
        char *utf8 = utf8_from_wide(name);

        filetime_now(&now);
        if (!utf8 || !(stmt = db_stmt(store->db, STMT_FOLDER_SET_PARENT))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            sqlite3_bind_int64(stmt, 1, id);
            sqlite3_bind_int64(stmt, 2, dest_id);
            sqlite3_bind_text(stmt, 3, utf8, -1, SQLITE_STATIC);
            sqlite3_bind_int64(stmt, 4, filetime_to_int(&now));
            hr = db_step_done(store->db, stmt);
        }
        heap_free(utf8);
        if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MOVED, SQLMS_FOLDER, id, dest_id, id, folder->id);
        if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, 0, 0, 0);
    }
    else
        hr = copy_folder_tree(store, id, dest_id, name, !!(flags & COPY_SUBFOLDERS), 0);
    if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, dest_id, 0, 0, 0);
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    heap_free(name);
    return hr;
}

/* A folder's row goes, with its receive folder settings and the sort it kept. */
static HRESULT delete_folder_row(struct sqlms_store *store, LONGLONG id, LONGLONG parent)
{
    sqlite3_stmt *stmt;
    HRESULT hr;

    if (!(stmt = db_stmt(store->db, STMT_FOLDER_DELETE))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    if (!(stmt = db_stmt(store->db, STMT_RECEIVE_DELETE_FOLDER))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    if (sqlite3_changes(store->db->sql) &&
        FAILED(hr = store_log_change(store, EVENT_RECEIVE_FOLDERS, 0, 0, 0, 0, 0)))
        return hr;
    if (!(stmt = db_stmt(store->db, STMT_META_DELETE))) return MAPI_E_CALL_FAILED;
    {
        char key[40];
        sprintf(key, "sort:%s", wine_dbgstr_longlong(id));
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
    }
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    return store_log_change(store, EVENT_DELETED, SQLMS_FOLDER, id, parent, 0, 0);
}

/* Deletes a folder's messages (the associated ones too with assoc), and with deep its subfolders. */
static HRESULT empty_folder(struct sqlms_store *store, LONGLONG id, BOOL assoc, BOOL deep, BOOL *partial,
                            ULONG level)
{
    LONGLONG *ids = NULL;
    ULONG count = 0, capacity = 0, i;
    sqlite3_stmt *stmt;
    HRESULT hr = S_OK;

    if (level > 64) return MAPI_E_FOLDER_CYCLE;
    if (!(stmt = db_stmt(store->db, STMT_MSG_LIST_ALL))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    while (sqlite3_step(stmt) == SQLITE_ROW)
    {
        if (!assoc && sqlite3_column_int(stmt, 1)) continue;
        if (count == capacity)
        {
            LONGLONG *grown = heap_realloc(ids, (capacity = max(16, capacity * 2)) * sizeof(*ids));
            if (!grown) break;
            ids = grown;
        }
        ids[count++] = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_reset(stmt);
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (message_in_queue(store, ids[i]))
        {
            *partial = TRUE;
            continue;
        }
        if (SUCCEEDED(hr = message_delete_rows(store, ids[i])))
            hr = store_log_change(store, EVENT_DELETED, SQLMS_MESSAGE, ids[i], id, 0, 0);
    }
    count = 0;
    if (SUCCEEDED(hr) && deep && (stmt = db_stmt(store->db, STMT_FOLDER_CHILDREN)))
    {
        sqlite3_bind_int64(stmt, 1, id);
        while (sqlite3_step(stmt) == SQLITE_ROW)
        {
            if (count == capacity)
            {
                LONGLONG *grown = heap_realloc(ids, (capacity = max(16, capacity * 2)) * sizeof(*ids));
                if (!grown) break;
                ids = grown;
            }
            ids[count++] = sqlite3_column_int64(stmt, 0);
        }
        sqlite3_reset(stmt);
        for (i = 0; i < count && SUCCEEDED(hr); i++)
        {
            BOOL child_partial = FALSE;

            if (special_of(store, ids[i]))
            {
                *partial = TRUE;
                continue;
            }
            if (FAILED(hr = empty_folder(store, ids[i], TRUE, TRUE, &child_partial, level + 1))) break;
            if (child_partial)
            {
                *partial = TRUE;
                continue;
            }
            hr = delete_folder_row(store, ids[i], id);
        }
    }
    heap_free(ids);
    return hr;
}

static HRESULT WINAPI folder_DeleteFolder(IMAPIFolder *iface, ULONG eid_size, ENTRYID *eid, ULONG ui_param,
                                          IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    ULONG content = 0, assoc = 0, children = 0;
    LONGLONG id;
    BOOL partial = FALSE;
    sqlite3_stmt *stmt;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx,%p,%#lx)\n", iface, eid_size, eid, ui_param, progress, flags);

    if (!eid || !eid_size) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(DEL_FOLDERS | DEL_MESSAGES | FOLDER_DIALOG | DEL_ASSOCIATED))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    store_lock(store);
    if (FAILED(hr = folder_check(folder))) goto done;
    if (!folder->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (FAILED(hr = subfolder_id(folder, eid_size, eid, &id))) goto done;
    if (special_of(store, id))
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if ((stmt = db_stmt(store->db, STMT_FOLDER_COUNTS)))
    {
        sqlite3_bind_int64(stmt, 1, id);
        if (sqlite3_step(stmt) == SQLITE_ROW)
        {
            content = sqlite3_column_int(stmt, 0);
            assoc = sqlite3_column_int(stmt, 2);
        }
        sqlite3_reset(stmt);
    }
    if ((stmt = db_stmt(store->db, STMT_FOLDER_HAS_CHILDREN)))
    {
        sqlite3_bind_int64(stmt, 1, id);
        if (sqlite3_step(stmt) == SQLITE_ROW) children = sqlite3_column_int(stmt, 0);
        sqlite3_reset(stmt);
    }
    if (children && !(flags & DEL_FOLDERS))
    {
        hr = MAPI_E_HAS_FOLDERS;
        goto done;
    }
    if ((content || assoc) && !(flags & DEL_MESSAGES))
    {
        hr = MAPI_E_HAS_MESSAGES;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    if (SUCCEEDED(hr = empty_folder(store, id, TRUE, TRUE, &partial, 0)) && !partial)
    {
        hr = delete_folder_row(store, id, folder->id);
        if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, 0, 0, 0);
    }
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    if (SUCCEEDED(hr) && partial) hr = MAPI_W_PARTIAL_COMPLETION;
    return hr;
}

static HRESULT set_message_flags(struct sqlms_store *store, LONGLONG id, LONGLONG folder, ULONG flags)
{
    ULONG msg_flags, status, new_flags;
    LONGLONG msg_folder;
    sqlite3_stmt *stmt;
    HRESULT hr;

    if (FAILED(hr = message_info(store, id, &msg_folder, &msg_flags, &status))) return hr;
    if (msg_folder != folder) return MAPI_E_NOT_FOUND;
    new_flags = msg_flags;
    if (!(flags & GENERATE_RECEIPT_ONLY))
    {
        if (flags & CLEAR_READ_FLAG) new_flags &= ~MSGFLAG_READ;
        else new_flags |= MSGFLAG_READ;
    }
    if (flags & (CLEAR_RN_PENDING | SUPPRESS_RECEIPT | GENERATE_RECEIPT_ONLY) || !(flags & CLEAR_READ_FLAG))
        new_flags &= ~MSGFLAG_RN_PENDING;
    if (flags & CLEAR_NRN_PENDING) new_flags &= ~MSGFLAG_NRN_PENDING;
    if (new_flags == msg_flags) return S_OK;
    if (!(stmt = db_stmt(store->db, STMT_MSG_SET_FLAGS))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int(stmt, 2, new_flags);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    return store_log_change(store, EVENT_MODIFIED, SQLMS_MESSAGE, id, folder, 0, 0);
}

/**************************************************************************
 *  IMAPIFolder_SetReadFlags
 *
 * NOTES
 *  Read receipts are not generated (FIXME): the flags that ask for them only
 *  clear MSGFLAG_RN_PENDING.
 */
static HRESULT WINAPI folder_SetReadFlags(IMAPIFolder *iface, ENTRYLIST *list, ULONG ui_param,
                                          IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    BOOL partial = FALSE;
    ULONG i, type;
    LONGLONG id;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%p,%#lx)\n", iface, list, ui_param, progress, flags);

    if (flags & ~(SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MAPI_DEFERRED_ERRORS | GENERATE_RECEIPT_ONLY |
                  CLEAR_RN_PENDING | CLEAR_NRN_PENDING | MESSAGE_DIALOG))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if ((flags & GENERATE_RECEIPT_ONLY) && (flags & (CLEAR_READ_FLAG | SUPPRESS_RECEIPT)))
        return MAPI_E_INVALID_PARAMETER;
    if (list && FAILED(eid_check_list(store, list))) return MAPI_E_INVALID_PARAMETER;

    store_lock(store);
    if (FAILED(hr = folder_check(folder))) goto done;
    if (FAILED(hr = store_begin(store))) goto done;
    if (list)
    {
        for (i = 0; i < list->cValues && SUCCEEDED(hr); i++)
        {
            if (FAILED(eid_parse(store, list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &type, &id)) ||
                type != SQLMS_MESSAGE)
            {
                partial = TRUE;
                continue;
            }
            hr = set_message_flags(store, id, folder->id, flags);
            if (hr == MAPI_E_NOT_FOUND)
            {
                partial = TRUE;
                hr = S_OK;
            }
        }
    }
    else
    {
        LONGLONG *ids = NULL;
        ULONG count = 0, capacity = 0;
        sqlite3_stmt *stmt = db_stmt(store->db, STMT_MSG_LIST_ALL);

        if (stmt)
        {
            sqlite3_bind_int64(stmt, 1, folder->id);
            while (sqlite3_step(stmt) == SQLITE_ROW)
            {
                if (sqlite3_column_int(stmt, 1)) continue;
                if (count == capacity)
                {
                    LONGLONG *grown = heap_realloc(ids, (capacity = max(16, capacity * 2)) * sizeof(*ids));
                    if (!grown) break;
                    ids = grown;
                }
                ids[count++] = sqlite3_column_int64(stmt, 0);
            }
            sqlite3_reset(stmt);
        }
        for (i = 0; i < count && SUCCEEDED(hr); i++) hr = set_message_flags(store, ids[i], folder->id, flags);
        heap_free(ids);
    }
    if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, 0, 0, 0);
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    if (SUCCEEDED(hr) && partial) hr = MAPI_W_PARTIAL_COMPLETION;
    return hr;
}

static HRESULT WINAPI folder_GetMessageStatus(IMAPIFolder *iface, ULONG eid_size, ENTRYID *eid, ULONG flags,
                                              ULONG *status)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    ULONG type, msg_flags;
    LONGLONG id, msg_folder;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, eid_size, eid, flags, status);

    if (!eid || !eid_size || !status) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    store_lock(store);
    if (SUCCEEDED(hr = folder_check(folder)) && SUCCEEDED(hr = eid_parse(store, eid_size, eid, &type, &id)))
    {
        if (type != SQLMS_MESSAGE) hr = MAPI_E_INVALID_ENTRYID;
        else if (SUCCEEDED(hr = message_info(store, id, &msg_folder, &msg_flags, status)) &&
                 msg_folder != folder->id)
            hr = MAPI_E_NOT_FOUND;
    }
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI folder_SetMessageStatus(IMAPIFolder *iface, ULONG eid_size, ENTRYID *eid, ULONG new_status,
                                              ULONG mask, ULONG *old_status)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    ULONG type, msg_flags, status;
    LONGLONG id, msg_folder;
    sqlite3_stmt *stmt;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx,%#lx,%p)\n", iface, eid_size, eid, new_status, mask, old_status);

    if (!eid || !eid_size) return MAPI_E_INVALID_PARAMETER;
    store_lock(store);
    if (FAILED(hr = folder_check(folder)) || FAILED(hr = eid_parse(store, eid_size, eid, &type, &id))) goto done;
    if (type != SQLMS_MESSAGE)
    {
        hr = MAPI_E_INVALID_ENTRYID;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    if (SUCCEEDED(hr = message_info(store, id, &msg_folder, &msg_flags, &status)) && msg_folder != folder->id)
        hr = MAPI_E_NOT_FOUND;
    if (SUCCEEDED(hr))
    {
        if (old_status) *old_status = status;
        if (!(stmt = db_stmt(store->db, STMT_MSG_SET_STATUS))) hr = MAPI_E_CALL_FAILED;
        else
        {
            sqlite3_bind_int64(stmt, 1, id);
            sqlite3_bind_int(stmt, 2, (status & ~mask) | (new_status & mask));
            hr = db_step_done(store->db, stmt);
        }
        if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_MESSAGE, id, folder->id, 0, 0);
    }
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI folder_SaveContentsSort(IMAPIFolder *iface, SSortOrderSet *sort, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    char key[40];
    HRESULT hr;

    TRACE("(%p,%p,%#lx)\n", iface, sort, flags);

    if (!sort || IsBadReadPtr(sort, offsetof(SSortOrderSet, aSort)) ||
        IsBadReadPtr(sort, CbSSortOrderSet(sort)) || sort->cCategories > sort->cSorts)
        return MAPI_E_INVALID_PARAMETER;
    if (flags & ~RECURSIVE_SORT) return MAPI_E_UNKNOWN_FLAGS;
    if (flags & RECURSIVE_SORT) FIXME("the sort is kept for this folder only\n");
    store_lock(store);
    if (SUCCEEDED(hr = folder_check(folder)) && SUCCEEDED(hr = store_begin(store)))
    {
        sprintf(key, "sort:%s", wine_dbgstr_longlong(folder->id));
        if (SUCCEEDED(hr = db_set_meta(store->db, key, sort, CbSSortOrderSet(sort)))) hr = store_commit(store);
        else store_rollback(store);
    }
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI folder_EmptyFolder(IMAPIFolder *iface, ULONG ui_param, IMAPIProgress *progress, ULONG flags)
{
    struct folder *folder = impl_from_IMAPIFolder(iface);
    struct sqlms_store *store = folder->prop.store;
    BOOL partial = FALSE;
    HRESULT hr;

    TRACE("(%p,%#lx,%p,%#lx)\n", iface, ui_param, progress, flags);

    if (flags & ~(DEL_ASSOCIATED | FOLDER_DIALOG | DELETE_HARD_DELETE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    store_lock(store);
    if (FAILED(hr = folder_check(folder))) goto done;
    if (!folder->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (FAILED(hr = store_begin(store))) goto done;
    hr = empty_folder(store, folder->id, !!(flags & DEL_ASSOCIATED), TRUE, &partial, 0);
    if (SUCCEEDED(hr)) hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, folder->id, 0, 0, 0);
    if (SUCCEEDED(hr)) hr = store_commit(store);
    else store_rollback(store);
done:
    store_unlock(store);
    if (SUCCEEDED(hr) && partial) hr = MAPI_W_PARTIAL_COMPLETION;
    return hr;
}

static const IMAPIFolderVtbl folder_vtbl =
{
    folder_QueryInterface,
    folder_AddRef,
    folder_Release,
    folder_GetLastError,
    folder_SaveChanges,
    folder_GetProps,
    folder_GetPropList,
    folder_OpenProperty,
    folder_SetProps,
    folder_DeleteProps,
    folder_CopyTo,
    folder_CopyProps,
    folder_GetNamesFromIDs,
    folder_GetIDsFromNames,
    folder_GetContentsTable,
    folder_GetHierarchyTable,
    folder_OpenEntry,
    folder_SetSearchCriteria,
    folder_GetSearchCriteria,
    folder_CreateMessage,
    folder_CopyMessages,
    folder_DeleteMessages,
    folder_CreateFolder,
    folder_CopyFolder,
    folder_DeleteFolder,
    folder_SetReadFlags,
    folder_GetMessageStatus,
    folder_SetMessageStatus,
    folder_SaveContentsSort,
    folder_EmptyFolder,
};
