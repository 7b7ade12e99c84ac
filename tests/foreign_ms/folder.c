/*
 * foreignms: IMAPIFolder. A folder is a directory of the store; its
 * properties are its folder.msg, written at once (folders have no
 * transactions). Copies to folders of other stores are IMAPISupport's.
 */

#include "fms.h"

#define FOLDER_METHODS 30

static const IMAPIFolderVtbl folder_vtbl;

static inline struct fms_folder *impl_from_IMAPIFolder(IMAPIFolder *iface)
{
    return CONTAINING_RECORD(iface, struct fms_folder, IMAPIFolder_iface);
}

static inline struct fms_data *folder_data(struct fms_folder *folder)
{
    return folder->store->logon->data;
}

static inline ULONG folder_ansi(struct fms_folder *folder)
{
    return folder->store->logon->ansi;
}

static void folder_destroy(struct fms_link *link)
{
}

HRESULT fms_folder_open(struct fms_store *store, ULONG id, BOOL writable, IMAPIFolder **ret)
{
    struct fms_data *data = store->logon->data;
    struct fms_folder *folder;
    BOOL exists;
    HRESULT hr;

    EnterCriticalSection(&data->cs);
    exists = fms_data_folder(data, id) != NULL;
    LeaveCriticalSection(&data->cs);
    if (!exists) return MAPI_E_NOT_FOUND;
    if ((hr = fms_alloc(sizeof(*folder), (void **)&folder))) return hr;
    memset(folder, 0, sizeof(*folder));
    folder->IMAPIFolder_iface.lpVtbl = (IMAPIFolderVtbl *)&folder_vtbl;
    folder->ref = 1;
    folder->store = store;
    folder->id = id;
    folder->writable = writable;
    fms_store_addref(store);
    fms_link_add(store, &folder->link, folder, FOLDER_METHODS, folder_destroy);
    *ret = &folder->IMAPIFolder_iface;
    return S_OK;
}

/* Whether an object is a folder of ours, of the same store. */
static struct fms_folder *our_folder(struct fms_folder *folder, void *object)
{
    struct fms_folder *other = object;

    if (!object || other->IMAPIFolder_iface.lpVtbl != (IMAPIFolderVtbl *)&folder_vtbl) return NULL;
    return folder_data(other) == folder_data(folder) ? other : NULL;
}

static ULONG folder_computed(struct fms_folder *folder, SPropValue *values, struct fms_entryid *ids)
{
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *folder_info, *child;
    struct fms_logon *logon = folder->store->logon;
    ULONG n = 0, count, unread;
    BOOL subfolders = FALSE;

    folder_info = fms_data_folder(data, folder->id);
    for (child = data->folders; child; child = child->next)
        if (child->parent == folder->id) subfolders = TRUE;
    fms_data_count(data, folder->id, &count, &unread);
    fms_make_entryid(data, MAPI_FOLDER, folder->id, 0, &ids[0]);
    fms_make_entryid(data, MAPI_FOLDER, folder_info && folder_info->parent ? folder_info->parent : folder->id, 0,
                     &ids[1]);

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
    values[n++].Value.l = MAPI_FOLDER;
    values[n].ulPropTag = PR_CONTENT_COUNT;
    values[n++].Value.l = count;
    values[n].ulPropTag = PR_CONTENT_UNREAD;
    values[n++].Value.l = unread;
    values[n].ulPropTag = PR_SUBFOLDERS;
    values[n++].Value.b = subfolders;
    values[n].ulPropTag = PR_ACCESS;
    values[n++].Value.l = MAPI_ACCESS_READ | (folder->writable ? MAPI_ACCESS_MODIFY | MAPI_ACCESS_CREATE_CONTENTS |
                                              MAPI_ACCESS_CREATE_HIERARCHY | MAPI_ACCESS_DELETE : 0);
    return n;
}

static HRESULT STDMETHODCALLTYPE folder_QueryInterface(IMAPIFolder *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) ||
        IsEqualIID(iid, &IID_IMAPIContainer) || IsEqualIID(iid, &IID_IMAPIFolder))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE folder_AddRef(IMAPIFolder *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIFolder(iface)->ref);
}

static ULONG STDMETHODCALLTYPE folder_Release(IMAPIFolder *iface)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    ULONG ref = InterlockedDecrement(&folder->ref);
    struct fms_store *store = folder->store;

    if (ref) return ref;
    fms_link_remove(&folder->link);
    folder_destroy(&folder->link);
    fms_free(folder);
    fms_store_release(store);
    return 0;
}

static HRESULT STDMETHODCALLTYPE folder_GetLastError(IMAPIFolder *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    Validate_IMAPIProp_GetLastError(iface, hr, flags, error);
    if (FAILED(hr = fms_charwidth(folder_ansi(impl_from_IMAPIFolder(iface)), flags, FALSE))) return hr;
    *error = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE folder_SaveChanges(IMAPIFolder *iface, ULONG flags)
{
    Validate_IMAPIProp_SaveChanges(iface, flags);
    /* Changes are written as they are made. */
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE folder_GetProps(IMAPIFolder *iface, LPSPropTagArray tags, ULONG flags,
                                                 ULONG *count, LPSPropValue *props)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *info;
    struct fms_entryid ids[2];
    SPropValue computed[12];
    HRESULT hr = MAPI_E_NOT_FOUND;

    Validate_IMAPIProp_GetProps(iface, tags, flags, count, props);
    EnterCriticalSection(&data->cs);
    if ((info = fms_data_folder(data, folder->id)))
        hr = fms_get_props((IMAPIProp *)info->props, folder_computed(folder, computed, ids), computed, tags, flags,
                           folder_ansi(folder), count, props);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_GetPropList(IMAPIFolder *iface, ULONG flags, LPSPropTagArray *tags)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *info;
    struct fms_entryid ids[2];
    SPropValue computed[12];
    HRESULT hr = MAPI_E_NOT_FOUND;

    Validate_IMAPIProp_GetPropList(iface, flags, tags);
    EnterCriticalSection(&data->cs);
    if ((info = fms_data_folder(data, folder->id)))
        hr = fms_get_prop_list((IMAPIProp *)info->props, folder_computed(folder, computed, ids), computed, flags,
                               folder_ansi(folder), tags);
    LeaveCriticalSection(&data->cs);
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_OpenProperty(IMAPIFolder *iface, ULONG tag, LPCIID iid, ULONG options,
                                                     ULONG flags, LPUNKNOWN *unk)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);

    Validate_IMAPIProp_OpenProperty(iface, tag, iid, options, flags, unk);
    if (tag == PR_CONTAINER_CONTENTS && IsEqualIID(iid, &IID_IMAPITable))
        return CALL(iface, GetContentsTable, 0, (LPMAPITABLE *)unk);
    if (tag == PR_CONTAINER_HIERARCHY && IsEqualIID(iid, &IID_IMAPITable))
        return CALL(iface, GetHierarchyTable, 0, (LPMAPITABLE *)unk);
    (void)folder;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_SetProps(IMAPIFolder *iface, ULONG count, LPSPropValue values,
                                                 LPSPropProblemArray *problems)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *info;
    struct fms_entryid ids[2];
    SPropValue computed[12];
    char path[MAX_PATH];
    HRESULT hr = MAPI_E_NOT_FOUND;

    Validate_IMAPIProp_SetProps(iface, count, values, problems);
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&data->cs);
    if ((info = fms_data_folder(data, folder->id)))
    {
        hr = fms_set_props((IMAPIProp *)info->props, folder_computed(folder, computed, ids), computed, count,
                           values, folder_ansi(folder), problems);
        fms_folder_path(data, folder->id, path);
        strcat(path, "\\folder.msg");
        if (SUCCEEDED(hr)) hr = fms_docfile_save(info->props, info->bytes, path);
    }
    LeaveCriticalSection(&data->cs);
    if (SUCCEEDED(hr))
    {
        fms_data_update_folder_row(data, folder->id);
        fms_notify(data, folder->store->support, fnevObjectModified, MAPI_FOLDER, folder->id, 0, 0);
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_DeleteProps(IMAPIFolder *iface, LPSPropTagArray tags,
                                                    LPSPropProblemArray *problems)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *info;
    char path[MAX_PATH];
    HRESULT hr = MAPI_E_NOT_FOUND;

    Validate_IMAPIProp_DeleteProps(iface, tags, problems);
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    EnterCriticalSection(&data->cs);
    if ((info = fms_data_folder(data, folder->id)))
    {
        hr = CALL(info->props, DeleteProps, tags, problems);
        fms_folder_path(data, folder->id, path);
        strcat(path, "\\folder.msg");
        if (SUCCEEDED(hr)) hr = fms_docfile_save(info->props, info->bytes, path);
    }
    LeaveCriticalSection(&data->cs);
    if (SUCCEEDED(hr)) fms_data_update_folder_row(data, folder->id);
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_CopyTo(IMAPIFolder *iface, ULONG count, LPCIID exclude,
                                               LPSPropTagArray tags, ULONG ui, LPMAPIPROGRESS progress, LPCIID iid,
                                               LPVOID dst, ULONG flags, LPSPropProblemArray *problems)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);

    Validate_IMAPIProp_CopyTo(iface, count, exclude, tags, ui, progress, iid, dst, flags, problems);
    return CALL(folder->store->support, DoCopyTo, &IID_IMAPIFolder, iface, count, exclude, tags, ui, progress,
                iid, dst, flags, problems);
}

static HRESULT STDMETHODCALLTYPE folder_CopyProps(IMAPIFolder *iface, LPSPropTagArray tags, ULONG ui,
                                                  LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                                  LPSPropProblemArray *problems)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);

    Validate_IMAPIProp_CopyProps(iface, tags, ui, progress, iid, dst, flags, problems);
    return CALL(folder->store->support, DoCopyProps, &IID_IMAPIFolder, iface, tags, ui, progress, iid, dst, flags,
                problems);
}

static HRESULT STDMETHODCALLTYPE folder_GetNamesFromIDs(IMAPIFolder *iface, LPSPropTagArray *tags, LPGUID guid,
                                                        ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    Validate_IMAPIProp_GetNamesFromIDs(iface, tags, guid, flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_GetIDsFromNames(IMAPIFolder *iface, ULONG count, LPMAPINAMEID *names,
                                                        ULONG flags, LPSPropTagArray *tags)
{
    Validate_IMAPIProp_GetIDsFromNames(iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_GetContentsTable(IMAPIFolder *iface, ULONG flags, LPMAPITABLE *table)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *info;
    ITableData *contents = NULL;
    HRESULT hr;

    Validate_IMAPIContainer_GetContentsTable(iface, flags, table);
    /* The tables are ANSI. */
    if (FAILED(hr = fms_charwidth(FMS_ANSI_ALWAYS(folder_ansi(folder)), flags, FALSE))) return hr;
    hr = MAPI_E_NOT_FOUND;
    if (flags & MAPI_ASSOCIATED) return MAPI_E_NO_SUPPORT;
    EnterCriticalSection(&data->cs);
    if ((info = fms_data_folder(data, folder->id)) && SUCCEEDED(hr = fms_data_contents(data, info)))
        {
        contents = info->contents;
        CALL(contents, AddRef);
    }
    LeaveCriticalSection(&data->cs);
    if (contents)
    {
        hr = fms_data_get_view(data, contents, table);
        CALL(contents, Release);
        if (SUCCEEDED(hr) && folder_ansi(folder)) hr = fms_table_wrap(*table, folder_ansi(folder), table);
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_GetHierarchyTable(IMAPIFolder *iface, ULONG flags, LPMAPITABLE *table)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *info;
    ITableData *hierarchy = NULL;
    HRESULT hr;

    Validate_IMAPIContainer_GetHierarchyTable(iface, flags, table);
    if (FAILED(hr = fms_charwidth(FMS_ANSI_ALWAYS(folder_ansi(folder)), flags, FALSE))) return hr;
    hr = MAPI_E_NOT_FOUND;
    if (flags & CONVENIENT_DEPTH) return MAPI_E_NO_SUPPORT;
    EnterCriticalSection(&data->cs);
    if ((info = fms_data_folder(data, folder->id)) && SUCCEEDED(hr = fms_data_hierarchy(data, info)))
        {
        hierarchy = info->hierarchy;
        CALL(hierarchy, AddRef);
    }
    LeaveCriticalSection(&data->cs);
    if (hierarchy)
    {
        hr = fms_data_get_view(data, hierarchy, table);
        CALL(hierarchy, Release);
        if (SUCCEEDED(hr) && folder_ansi(folder)) hr = fms_table_wrap(*table, folder_ansi(folder), table);
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_OpenEntry(IMAPIFolder *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                                  ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);

    Validate_IMAPIContainer_OpenEntry(iface, size, entryid, iid, flags, type, object);
    return fms_store_open_entry(folder->store, size, entryid, iid, flags, type, object);
}

static HRESULT STDMETHODCALLTYPE folder_SetSearchCriteria(IMAPIFolder *iface, LPSRestriction restriction,
                                                          LPENTRYLIST containers, ULONG flags)
{
    Validate_IMAPIContainer_SetSearchCriteria(iface, restriction, containers, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_GetSearchCriteria(IMAPIFolder *iface, ULONG flags,
                                                          LPSRestriction *restriction, LPENTRYLIST *containers,
                                                          ULONG *state)
{
    Validate_IMAPIContainer_GetSearchCriteria(iface, flags, restriction, containers, state);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_CreateMessage(IMAPIFolder *iface, LPCIID iid, ULONG flags,
                                                      LPMESSAGE *message)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);

    Validate_IMAPIFolder_CreateMessage(iface, iid, flags, message);
    if (flags & MAPI_ASSOCIATED) return MAPI_E_NO_SUPPORT;
    if (iid && !IsEqualIID(iid, &IID_IMessage) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    return fms_message_open(folder->store, folder->id, fms_data_new_id(folder_data(folder)), TRUE, TRUE, message);
}

static HRESULT STDMETHODCALLTYPE folder_CopyMessages(IMAPIFolder *iface, LPENTRYLIST list, LPCIID iid,
                                                     LPVOID destination, ULONG ui, LPMAPIPROGRESS progress,
                                                     ULONG flags)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface), *dest;
    struct fms_entryid id;
    HRESULT hr = S_OK;
    ULONG i;

    Validate_IMAPIFolder_CopyMessages(iface, list, iid, destination, ui, progress, flags);
    if (!(dest = our_folder(folder, destination)))
    {
        /* Another store's folder: MAPI copies through both stores' interfaces. */
        return CALL(folder->store->support, CopyMessages, &IID_IMAPIFolder, iface, list, iid, destination, ui,
                    progress, flags);
    }
    if (!dest->writable || ((flags & MESSAGE_MOVE) && !folder->writable)) return MAPI_E_NO_ACCESS;
    for (i = 0; i < list->cValues && SUCCEEDED(hr); i++)
    {
        if (!fms_parse_entryid(folder_data(folder), list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &id) ||
            id.type != MAPI_MESSAGE || id.folder != folder->id)
        {
            hr = MAPI_E_NOT_FOUND;
            break;
        }
        hr = fms_message_move(folder->store, folder->id, id.message, dest->id, !(flags & MESSAGE_MOVE), NULL);
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_DeleteMessages(IMAPIFolder *iface, LPENTRYLIST list, ULONG ui,
                                                       LPMAPIPROGRESS progress, ULONG flags)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_entryid id;
    HRESULT hr = S_OK;
    ULONG i, missing = 0;

    Validate_IMAPIFolder_DeleteMessages(iface, list, ui, progress, flags);
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    for (i = 0; i < list->cValues && SUCCEEDED(hr); i++)
    {
        if (!fms_parse_entryid(folder_data(folder), list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &id) ||
            id.type != MAPI_MESSAGE || id.folder != folder->id)
        {
            missing++;
            continue;
        }
        hr = fms_message_delete(folder->store, folder->id, id.message);
        if (hr == MAPI_E_NOT_FOUND)
        {
            missing++;
            hr = S_OK;
        }
    }
    return FAILED(hr) ? hr : missing ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static HRESULT STDMETHODCALLTYPE folder_CreateFolder(IMAPIFolder *iface, ULONG type, LPTSTR name, LPTSTR comment,
                                                     LPCIID iid, ULONG flags, LPMAPIFOLDER *created)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    ULONG id;
    HRESULT hr;

    Validate_IMAPIFolder_CreateFolder(iface, type, name, comment, iid, flags, created);
    if (FAILED(hr = fms_charwidth(FMS_ANSI_ALWAYS(folder_ansi(folder)), flags, TRUE))) return hr;
    if (type == FOLDER_SEARCH) return MAPI_E_NO_SUPPORT;
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    if (!name || !*name) return MAPI_E_INVALID_PARAMETER;
    hr = fms_data_create_folder(data, folder->id, name, comment, FOLDER_GENERIC, &id);
    if (hr == MAPI_E_COLLISION && !(flags & OPEN_IF_EXISTS)) return hr;
    if (SUCCEEDED(hr)) fms_notify(data, folder->store->support, fnevObjectCreated, MAPI_FOLDER, id, 0, 0);
    else if (hr != MAPI_E_COLLISION) return hr;
    foreign_log("ms:CreateFolder %s %s", name, hr == MAPI_E_COLLISION ? "exists" : "made");
    return fms_folder_open(folder->store, id, TRUE, created);
}

static HRESULT STDMETHODCALLTYPE folder_CopyFolder(IMAPIFolder *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                                   LPVOID destination, LPTSTR name, ULONG ui,
                                                   LPMAPIPROGRESS progress, ULONG flags)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    HRESULT hr;

    Validate_IMAPIFolder_CopyFolder(iface, size, entryid, iid, destination, name, ui, progress, flags);
    if (FAILED(hr = fms_charwidth(folder_ansi(folder), flags, TRUE))) return hr;
    return CALL(folder->store->support, CopyFolder, &IID_IMAPIFolder, iface, size, entryid, iid, destination, name,
                ui, progress, flags);
}

static HRESULT delete_tree(struct fms_folder *folder, ULONG id)
{
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *child;
    ULONG children[64], count = 0, i;
    HRESULT hr;

    EnterCriticalSection(&data->cs);
    for (child = data->folders; child && count < 64; child = child->next)
        if (child->parent == id) children[count++] = child->id;
    LeaveCriticalSection(&data->cs);
    for (i = 0; i < count; i++) if (FAILED(hr = delete_tree(folder, children[i]))) return hr;
    if (FAILED(hr = fms_data_delete_folder(data, id))) return hr;
    fms_notify(data, folder->store->support, fnevObjectDeleted, MAPI_FOLDER, id, 0, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE folder_DeleteFolder(IMAPIFolder *iface, ULONG size, LPENTRYID entryid, ULONG ui,
                                                     LPMAPIPROGRESS progress, ULONG flags)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *target, *child;
    struct fms_entryid id;
    ULONG count, unread;
    BOOL subfolders = FALSE;

    Validate_IMAPIFolder_DeleteFolder(iface, size, entryid, ui, progress, flags);
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    if (!fms_parse_entryid(data, size, entryid, &id) || id.type != MAPI_FOLDER) return MAPI_E_INVALID_ENTRYID;
    EnterCriticalSection(&data->cs);
    if (!(target = fms_data_folder(data, id.folder)) || target->parent != folder->id)
    {
        LeaveCriticalSection(&data->cs);
        return MAPI_E_NOT_FOUND;
    }
    for (child = data->folders; child; child = child->next) if (child->parent == id.folder) subfolders = TRUE;
    LeaveCriticalSection(&data->cs);
    fms_data_count(data, id.folder, &count, &unread);
    if (count && !(flags & DEL_MESSAGES)) return MAPI_E_HAS_MESSAGES;
    if (subfolders && !(flags & DEL_FOLDERS)) return MAPI_E_HAS_FOLDERS;
    return delete_tree(folder, id.folder);
}

/* The messages of a folder, from its contents table. */
static HRESULT folder_messages(struct fms_folder *folder, ULONG **ids, ULONG *count)
{
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *info;
    SRow *row;
    ULONG i, j, n = 0;
    HRESULT hr = MAPI_E_NOT_FOUND;

    *ids = NULL;
    *count = 0;
    EnterCriticalSection(&data->cs);
    if ((info = fms_data_folder(data, folder->id)) && SUCCEEDED(hr = fms_data_contents(data, info)))
    {
        for (i = 0; SUCCEEDED(CALL(info->contents, HrEnumRow, i, &row)) && row; i++) fms_free(row);
        if (!(*ids = malloc((i + 1) * sizeof(ULONG)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; *ids && SUCCEEDED(CALL(info->contents, HrEnumRow, i, &row)) && row; i++)
        {
            for (j = 0; j < row->cValues; j++)
                if (row->lpProps[j].ulPropTag == PR_INSTANCE_KEY)
                    memcpy(&(*ids)[n++], row->lpProps[j].Value.bin.lpb, sizeof(ULONG));
            fms_free(row);
        }
    }
    LeaveCriticalSection(&data->cs);
    *count = n;
    return hr;
}

static HRESULT STDMETHODCALLTYPE folder_SetReadFlags(IMAPIFolder *iface, LPENTRYLIST list, ULONG ui,
                                                     LPMAPIPROGRESS progress, ULONG flags)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_entryid id;
    ULONG *ids = NULL, count, i;
    HRESULT hr = S_OK;

    Validate_IMAPIFolder_SetReadFlags(iface, list, ui, progress, flags);
    if (flags & (GENERATE_RECEIPT_ONLY | SUPPRESS_RECEIPT | CLEAR_RN_PENDING | CLEAR_NRN_PENDING) &&
        !(flags & CLEAR_READ_FLAG))
        flags &= ~(GENERATE_RECEIPT_ONLY | SUPPRESS_RECEIPT | CLEAR_RN_PENDING | CLEAR_NRN_PENDING);
    if (list)
    {
        for (i = 0; i < list->cValues && SUCCEEDED(hr); i++)
        {
            if (!fms_parse_entryid(folder_data(folder), list->lpbin[i].cb, (ENTRYID *)list->lpbin[i].lpb, &id) ||
                id.type != MAPI_MESSAGE || id.folder != folder->id)
                return MAPI_E_NOT_FOUND;
            hr = fms_message_set_flags(folder->store, folder->id, id.message,
                                       flags & CLEAR_READ_FLAG ? 0 : MSGFLAG_READ,
                                       flags & CLEAR_READ_FLAG ? MSGFLAG_READ : 0);
        }
        return hr;
    }
    if (FAILED(hr = folder_messages(folder, &ids, &count))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
        hr = fms_message_set_flags(folder->store, folder->id, ids[i], flags & CLEAR_READ_FLAG ? 0 : MSGFLAG_READ,
                                   flags & CLEAR_READ_FLAG ? MSGFLAG_READ : 0);
    free(ids);
    return hr;
}

extern HRESULT fms_message_status(struct fms_store *store, ULONG folder, ULONG id, ULONG set, ULONG mask,
                                  ULONG *old);

static HRESULT STDMETHODCALLTYPE folder_GetMessageStatus(IMAPIFolder *iface, ULONG size, LPENTRYID entryid,
                                                         ULONG flags, ULONG *status)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_entryid id;

    Validate_IMAPIFolder_GetMessageStatus(iface, size, entryid, flags, status);
    if (!fms_parse_entryid(folder_data(folder), size, entryid, &id) || id.type != MAPI_MESSAGE ||
        id.folder != folder->id)
        return MAPI_E_INVALID_ENTRYID;
    return fms_message_status(folder->store, folder->id, id.message, 0, 0, status);
}

static HRESULT STDMETHODCALLTYPE folder_SetMessageStatus(IMAPIFolder *iface, ULONG size, LPENTRYID entryid,
                                                         ULONG status, ULONG mask, ULONG *old)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_entryid id;
    ULONG previous;

    Validate_IMAPIFolder_SetMessageStatus(iface, size, entryid, status, mask, old);
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    if (!fms_parse_entryid(folder_data(folder), size, entryid, &id) || id.type != MAPI_MESSAGE ||
        id.folder != folder->id)
        return MAPI_E_INVALID_ENTRYID;
    return fms_message_status(folder->store, folder->id, id.message, status, mask, old ? old : &previous);
}

static HRESULT STDMETHODCALLTYPE folder_SaveContentsSort(IMAPIFolder *iface, LPSSortOrderSet sort, ULONG flags)
{
    Validate_IMAPIFolder_SaveContentsSort(iface, sort, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE folder_EmptyFolder(IMAPIFolder *iface, ULONG ui, LPMAPIPROGRESS progress,
                                                    ULONG flags)
{
    struct fms_folder *folder = impl_from_IMAPIFolder(iface);
    struct fms_data *data = folder_data(folder);
    struct fms_folder_data *child;
    ULONG *ids, count, children[64], child_count = 0, i;
    HRESULT hr;

    Validate_IMAPIFolder_EmptyFolder(iface, ui, progress, flags);
    if (!folder->writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = folder_messages(folder, &ids, &count))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++) hr = fms_message_delete(folder->store, folder->id, ids[i]);
    free(ids);
    EnterCriticalSection(&data->cs);
    for (child = data->folders; child && child_count < 64; child = child->next)
        if (child->parent == folder->id) children[child_count++] = child->id;
    LeaveCriticalSection(&data->cs);
    for (i = 0; i < child_count && SUCCEEDED(hr); i++) hr = delete_tree(folder, children[i]);
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
