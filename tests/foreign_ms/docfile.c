/*
 * foreignms: docfiles, entry IDs, property helpers and notifications.
 *
 * A docfile is read whole into an ILockBytes on global memory and opened
 * there with OpenIMsgOnIStg; saving commits the message into that memory
 * and writes it to a new file that then replaces the old one. So a message
 * may be open any number of times, and a file is never half-written.
 */

#include "fms.h"

static LONG open_docfiles;

/* OpenIMsgOnIStg's release callback: the SDK's caller data is a ULONG. */
static void WINAPI docfile_closed(ULONG caller_data, LPMESSAGE message)
{
    InterlockedDecrement(&open_docfiles);
}

LONG fms_open_docfiles(void)
{
    return open_docfiles;
}

HRESULT fms_docfile_open(struct fms_data *data, const char *path, BOOL create, ULONG caller_data,
                         IMessage **message, ILockBytes **bytes)
{
    IStorage *storage = NULL;
    ILockBytes *memory;
    HANDLE file;
    DWORD size = 0, read;
    ULARGE_INTEGER offset;
    BYTE *buffer;
    HRESULT hr;

    *message = NULL;
    *bytes = NULL;
    if (FAILED(hr = CreateILockBytesOnHGlobal(NULL, TRUE, &memory))) return hr;

    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    if (file != INVALID_HANDLE_VALUE)
    {
        size = GetFileSize(file, NULL);
        if (!(buffer = malloc(size ? size : 1))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            if (!ReadFile(file, buffer, size, &read, NULL) || read != size) hr = MAPI_E_CORRUPT_DATA;
            offset.QuadPart = 0;
            if (SUCCEEDED(hr)) hr = ILockBytes_WriteAt(memory, offset, buffer, size, &read);
            free(buffer);
        }
        CloseHandle(file);
        if (SUCCEEDED(hr))
            hr = StgOpenStorageOnILockBytes(memory, NULL, STGM_READWRITE | STGM_SHARE_EXCLUSIVE, NULL, 0, &storage);
    }
    else if (create)
        hr = StgCreateDocfileOnILockBytes(memory, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage);
    else
        hr = MAPI_E_NOT_FOUND;

    if (SUCCEEDED(hr))
    {
        hr = OpenIMsgOnIStg(data->msg_session, fms_alloc, fms_more, fms_free, fms_malloc, NULL, storage,
                            docfile_closed, caller_data, 0, message);
        IStorage_Release(storage);
        if (SUCCEEDED(hr)) InterlockedIncrement(&open_docfiles);
    }
    if (FAILED(hr))
    {
        ILockBytes_Release(memory);
        return hr == STG_E_FILEALREADYEXISTS || hr == STG_E_INVALIDHEADER ? MAPI_E_CORRUPT_DATA : hr;
    }
    *bytes = memory;
    return S_OK;
}

HRESULT fms_docfile_save(IMessage *message, ILockBytes *bytes, const char *path)
{
    char temp[MAX_PATH + 8];
    ULARGE_INTEGER offset;
    STATSTG stat;
    HANDLE file;
    BYTE *buffer;
    ULONG size, read;
    DWORD written;
    HRESULT hr;

    if (FAILED(hr = CALL(message, SaveChanges, KEEP_OPEN_READWRITE))) return hr;
    if (FAILED(hr = ILockBytes_Stat(bytes, &stat, STATFLAG_NONAME))) return hr;
    size = stat.cbSize.LowPart;
    if (!(buffer = malloc(size ? size : 1))) return MAPI_E_NOT_ENOUGH_MEMORY;
    offset.QuadPart = 0;
    if (FAILED(hr = ILockBytes_ReadAt(bytes, offset, buffer, size, &read)) || read != size)
    {
        free(buffer);
        return FAILED(hr) ? hr : MAPI_E_CORRUPT_DATA;
    }
    snprintf(temp, sizeof(temp), "%s.new", path);
    file = CreateFileA(temp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        free(buffer);
        return MAPI_E_DISK_ERROR;
    }
    if (!WriteFile(file, buffer, size, &written, NULL) || written != size) hr = MAPI_E_DISK_ERROR;
    CloseHandle(file);
    free(buffer);
    if (SUCCEEDED(hr) && !MoveFileExA(temp, path, MOVEFILE_REPLACE_EXISTING)) hr = MAPI_E_DISK_ERROR;
    if (FAILED(hr)) DeleteFileA(temp);
    return hr;
}

void fms_folder_path(struct fms_data *data, ULONG folder, char *path)
{
    snprintf(path, MAX_PATH, "%s\\F%08lX", data->root, folder);
}

void fms_message_path(struct fms_data *data, ULONG folder, ULONG message, char *path)
{
    snprintf(path, MAX_PATH, "%s\\F%08lX\\M%08lX.msg", data->root, folder, message);
}

void fms_make_entryid(struct fms_data *data, ULONG type, ULONG folder, ULONG message, struct fms_entryid *id)
{
    memset(id, 0, sizeof(*id));
    id->store = data->uid;
    id->type = type;
    id->folder = folder;
    id->message = message;
}

BOOL fms_parse_entryid(struct fms_data *data, ULONG size, const ENTRYID *entryid, struct fms_entryid *id)
{
    if (size != sizeof(*id) || !entryid) return FALSE;
    memcpy(id, entryid, sizeof(*id));
    if (memcmp(&id->store, &data->uid, sizeof(MAPIUID))) return FALSE;
    switch (id->type)
    {
    case MAPI_STORE: return !id->folder && !id->message;
    case MAPI_FOLDER: return id->folder && !id->message;
    case MAPI_MESSAGE: return id->folder && id->message;
    }
    return FALSE;
}

void fms_key(const struct fms_entryid *id, struct fms_key *key)
{
    key->cb = sizeof(key->id);
    key->id = *id;
}

static BOOL is_computed(ULONG tag, ULONG count, const SPropValue *computed, ULONG *index)
{
    ULONG i;

    for (i = 0; i < count; i++)
    {
        if (PROP_ID(computed[i].ulPropTag) != PROP_ID(tag)) continue;
        if (index) *index = i;
        return TRUE;
    }
    return FALSE;
}

BOOL fms_is_unicode(ULONG tag)
{
    return (PROP_TYPE(tag) & ~MV_FLAG) == PT_UNICODE;
}

HRESULT fms_charwidth(ULONG ansi, ULONG flags, BOOL input)
{
    if (!ansi || !(flags & MAPI_UNICODE)) return S_OK;
    if (ansi == FMS_ANSI_UNKNOWN_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (ansi == FMS_ANSI_IGNORES_FLAG && !input) return S_OK;
    return MAPI_E_BAD_CHARWIDTH;
}

/* The tags of what the inner object has, and of the computed values it lacks. */
HRESULT fms_get_prop_list(IMAPIProp *inner, ULONG computed_count, const SPropValue *computed, ULONG flags,
                          ULONG ansi, LPSPropTagArray *tags)
{
    SPropTagArray *list, *all;
    ULONG i, n;
    HRESULT hr;

    if (FAILED(hr = fms_charwidth(ansi, flags, FALSE))) return hr;
    if (ansi) flags &= ~MAPI_UNICODE;
    if (FAILED(hr = inner->lpVtbl->GetPropList(inner, flags, &list))) return hr;
    if ((hr = fms_alloc(CbNewSPropTagArray(list->cValues + computed_count), (void **)&all)))
    {
        fms_free(list);
        return hr;
    }
    n = 0;
    for (i = 0; i < list->cValues; i++)
        if (!is_computed(list->aulPropTag[i], computed_count, computed, NULL))
            all->aulPropTag[n++] = list->aulPropTag[i];
    for (i = 0; i < computed_count; i++) all->aulPropTag[n++] = computed[i].ulPropTag;
    all->cValues = n;
    fms_free(list);
    *tags = all;
    return S_OK;
}

/* GetProps of an object whose values live in an IMessage on IStorage, with
 * the values the store computes (entry IDs and the like) put in. A store
 * that knows ANSI only does not convert: PT_UNICODE tags are not found. */
HRESULT fms_get_props(IMAPIProp *inner, ULONG computed_count, SPropValue *computed, LPSPropTagArray tags,
                      ULONG flags, ULONG ansi, ULONG *count, LPSPropValue *props)
{
    SPropTagArray *all = NULL;
    SPropValue *values;
    BOOL errors = FALSE;
    ULONG n, i, j;
    HRESULT hr;

    if (FAILED(hr = fms_charwidth(ansi, flags, FALSE))) return hr;
    if (ansi) flags &= ~MAPI_UNICODE;
    if (!tags)
    {
        if (FAILED(hr = fms_get_prop_list(inner, computed_count, computed, flags, ansi, &all))) return hr;
        tags = all;
    }
    hr = inner->lpVtbl->GetProps(inner, tags, flags, &n, &values);
    if (FAILED(hr))
    {
        fms_free(all);
        return hr;
    }
    for (i = 0; i < n; i++)
    {
        if (is_computed(tags->aulPropTag[i], computed_count, computed, &j) &&
            (PROP_TYPE(tags->aulPropTag[i]) == PT_UNSPECIFIED ||
             PROP_TYPE(tags->aulPropTag[i]) == PROP_TYPE(computed[j].ulPropTag)))
        {
            if (FAILED(PropCopyMore(&values[i], &computed[j], fms_more, values)))
            {
                values[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
                values[i].Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
            }
        }
        if (ansi && fms_is_unicode(tags->aulPropTag[i]))
        {
            values[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
            values[i].Value.err = MAPI_E_NOT_FOUND;
        }
        /* As the SDK's sample store did: a long text is read through a stream. */
        if (ansi && PROP_TYPE(values[i].ulPropTag) == PT_STRING8 && strlen(values[i].Value.lpszA) >= FMS_BIG_TEXT)
        {
            values[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(values[i].ulPropTag));
            values[i].Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
        }
        if (PROP_TYPE(values[i].ulPropTag) == PT_ERROR) errors = TRUE;
    }
    fms_free(all);
    *count = n;
    *props = values;
    return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
}

/* SetProps: what the store computes is refused (MAPI_E_COMPUTED), and by a
 * store that knows ANSI only, PT_UNICODE values (MAPI_E_BAD_CHARWIDTH); the
 * rest goes to the inner object. */
static SCODE refused(ULONG tag, ULONG computed_count, const SPropValue *computed, ULONG ansi)
{
    if (is_computed(tag, computed_count, computed, NULL)) return MAPI_E_COMPUTED;
    if (ansi && fms_is_unicode(tag)) return MAPI_E_BAD_CHARWIDTH;
    return S_OK;
}

HRESULT fms_set_props(IMAPIProp *inner, ULONG computed_count, const SPropValue *computed, ULONG count,
                      LPSPropValue values, ULONG ansi, LPSPropProblemArray *problems)
{
    SPropProblemArray *inner_problems = NULL, *all;
    SPropValue *kept;
    ULONG *where, i, n = 0, refused_count = 0;
    HRESULT hr;

    if (problems) *problems = NULL;
    if (ansi == FMS_ANSI_UNKNOWN_FLAGS)
    {
        for (i = 0; i < count; i++) if (fms_is_unicode(values[i].ulPropTag)) return MAPI_E_BAD_CHARWIDTH;
    }
    if ((hr = fms_alloc((count ? count : 1) * (sizeof(*kept) + sizeof(*where)), (void **)&kept))) return hr;
    where = (ULONG *)(kept + (count ? count : 1));
    for (i = 0; i < count; i++)
    {
        if (refused(values[i].ulPropTag, computed_count, computed, ansi)) refused_count++;
        else
        {
            where[n] = i;
            kept[n++] = values[i];
        }
    }
    hr = n ? inner->lpVtbl->SetProps(inner, n, kept, problems ? &inner_problems : NULL) : S_OK;
    if (FAILED(hr) || !problems || (!refused_count && !inner_problems))
    {
        fms_free(kept);
        return hr;
    }

    n = inner_problems ? inner_problems->cProblem : 0;
    if ((hr = fms_alloc(CbNewSPropProblemArray(n + refused_count), (void **)&all)))
    {
        fms_free(kept);
        fms_free(inner_problems);
        return hr;
    }
    all->cProblem = 0;
    /* The inner object counts in the values it was given. */
    for (i = 0; i < n; i++)
    {
        all->aProblem[all->cProblem] = inner_problems->aProblem[i];
        all->aProblem[all->cProblem++].ulIndex = where[inner_problems->aProblem[i].ulIndex];
    }
    fms_free(kept);
    for (i = 0; i < count; i++)
    {
        SCODE why = refused(values[i].ulPropTag, computed_count, computed, ansi);
        SPropProblem *problem;

        if (!why) continue;
        problem = &all->aProblem[all->cProblem++];
        problem->ulIndex = i;
        problem->ulPropTag = values[i].ulPropTag;
        problem->scode = why;
    }
    fms_free(inner_problems);
    *problems = all;
    return S_OK;
}

void fms_link_add(struct fms_store *store, struct fms_link *link, void *object, ULONG methods,
                  void (*destroy)(struct fms_link *link))
{
    link->object = object;
    link->methods = methods;
    link->destroy = destroy;
    link->next = store->objects.next;
    link->prev = &store->objects;
    store->objects.next->prev = link;
    store->objects.next = link;
}

void fms_link_remove(struct fms_link *link)
{
    if (!link->next) return;
    link->prev->next = link->next;
    link->next->prev = link->prev;
    link->next = link->prev = NULL;
}

/* An object event, told to whoever advised on the object, on its folder and on the store. */
HRESULT fms_notify(struct fms_data *data, IMAPISupport *support, ULONG event, ULONG type, ULONG folder,
                   ULONG message, ULONG old_folder)
{
    struct fms_entryid id, parent, old_id, old_parent, store;
    struct fms_key key;
    NOTIFICATION notification;
    OBJECT_NOTIFICATION *object = &notification.info.obj;
    ULONG flags, parent_folder = folder;
    HRESULT hr = S_OK;

    if (!support) return S_OK;
    if (type == MAPI_FOLDER)
    {
        struct fms_folder_data *data_folder;

        EnterCriticalSection(&data->cs);
        parent_folder = (data_folder = fms_data_folder(data, folder)) ? data_folder->parent : 0;
        LeaveCriticalSection(&data->cs);
        fms_make_entryid(data, MAPI_FOLDER, folder, 0, &id);
    }
    else fms_make_entryid(data, MAPI_MESSAGE, folder, message, &id);

    memset(&notification, 0, sizeof(notification));
    notification.ulEventType = event;
    object->cbEntryID = sizeof(id);
    object->lpEntryID = (ENTRYID *)&id;
    object->ulObjType = type;
    if (parent_folder)
    {
        fms_make_entryid(data, MAPI_FOLDER, parent_folder, 0, &parent);
        object->cbParentID = sizeof(parent);
        object->lpParentID = (ENTRYID *)&parent;
    }
    if (event & (fnevObjectMoved | fnevObjectCopied))
    {
        fms_make_entryid(data, MAPI_MESSAGE, old_folder, message, &old_id);
        fms_make_entryid(data, MAPI_FOLDER, old_folder, 0, &old_parent);
        object->cbOldID = sizeof(old_id);
        object->lpOldID = (ENTRYID *)&old_id;
        object->cbOldParentID = sizeof(old_parent);
        object->lpOldParentID = (ENTRYID *)&old_parent;
    }

    fms_key(&id, &key);
    flags = 0;
    hr = CALL(support, Notify, (NOTIFKEY *)&key, 1, &notification, &flags);
    if (parent_folder)
    {
        fms_key(&parent, &key);
        flags = 0;
        CALL(support, Notify, (NOTIFKEY *)&key, 1, &notification, &flags);
    }
    fms_make_entryid(data, MAPI_STORE, 0, 0, &store);
    fms_key(&store, &key);
    flags = 0;
    CALL(support, Notify, (NOTIFKEY *)&key, 1, &notification, &flags);
    return hr;
}
