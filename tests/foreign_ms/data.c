/*
 * foreignms: the data of one store, which all logons to it in this process
 * share: its properties, its folders, and the tables the store keeps for
 * them (ITableData from CreateTable; each view a client gets is HrGetView's).
 *
 * The idle routine (FtgRegisterIdleRoutine; EnableIdleRoutine once a
 * folder's contents are read) looks at the folders on disk from time to time,
 * takes in the messages that came there from outside the store and forgets
 * the ones that went.
 */

#include "fms.h"

static CRITICAL_SECTION stores_cs;
static struct fms_data *stores;
static INIT_ONCE stores_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI init_stores(INIT_ONCE *once, void *param, void **context)
{
    InitializeCriticalSection(&stores_cs);
    return TRUE;
}

static const SizedSPropTagArray(19, contents_columns) =
{
    19,
    {
        PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_PARENT_ENTRYID, PR_OBJECT_TYPE, PR_MESSAGE_CLASS_A,
        PR_SUBJECT_A, PR_SENDER_NAME_A, PR_DISPLAY_TO_A, PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE, PR_HASATTACH,
        PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME, PR_LAST_MODIFICATION_TIME, PR_MSG_STATUS,
        PR_SUBMIT_FLAGS, PR_PRIORITY, PR_IMPORTANCE,
    }
};

static const SizedSPropTagArray(13, hierarchy_columns) =
{
    13,
    {
        PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_PARENT_ENTRYID, PR_OBJECT_TYPE, PR_DISPLAY_NAME_A,
        PR_COMMENT_A, PR_FOLDER_TYPE, PR_CONTAINER_CLASS_A, PR_SUBFOLDERS, PR_CONTENT_COUNT,
        PR_CONTENT_UNREAD, PR_DEPTH,
    }
};

static const SizedSPropTagArray(14, queue_columns) =
{
    14,
    {
        PR_INSTANCE_KEY, PR_ENTRYID, PR_SUBMIT_FLAGS, PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE,
        PR_PRIORITY, PR_SUBJECT_A, PR_SENDER_NAME_A, PR_DISPLAY_TO_A, PR_DISPLAY_CC_A, PR_DISPLAY_BCC_A,
        PR_DEFERRED_DELIVERY_TIME, PR_MESSAGE_CLASS_A,
    }
};

struct fms_folder_data *fms_data_folder(struct fms_data *data, ULONG id)
{
    struct fms_folder_data *folder;

    for (folder = data->folders; folder; folder = folder->next)
        if (folder->id == id) return folder;
    return NULL;
}

static void free_folder(struct fms_folder_data *folder)
{
    if (folder->contents) CALL(folder->contents, Release);
    if (folder->hierarchy) CALL(folder->hierarchy, Release);
    if (folder->props) CALL(folder->props, Release);
    if (folder->bytes) ILockBytes_Release(folder->bytes);
    free(folder);
}

static ULONG get_long(IMessage *props, ULONG tag, ULONG def)
{
    SPropValue *value;
    ULONG ret = def;

    if (SUCCEEDED(HrGetOneProp((IMAPIProp *)props, tag, &value)))
    {
        ret = value->Value.l;
        fms_free(value);
    }
    return ret;
}

HRESULT fms_data_save_props(struct fms_data *data)
{
    char path[MAX_PATH];

    snprintf(path, sizeof(path), "%s\\store.msg", data->root);
    return fms_docfile_save(data->props, data->bytes, path);
}

static HRESULT save_folder(struct fms_data *data, struct fms_folder_data *folder)
{
    char path[MAX_PATH];

    fms_folder_path(data, folder->id, path);
    strcat(path, "\\folder.msg");
    return fms_docfile_save(folder->props, folder->bytes, path);
}

static HRESULT load_folder(struct fms_data *data, ULONG id)
{
    struct fms_folder_data *folder;
    char path[MAX_PATH];
    HRESULT hr;

    if (!(folder = calloc(1, sizeof(*folder)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    folder->id = id;
    fms_folder_path(data, id, path);
    strcat(path, "\\folder.msg");
    if (FAILED(hr = fms_docfile_open(data, path, FALSE, id, &folder->props, &folder->bytes)))
    {
        free(folder);
        return hr;
    }
    folder->parent = get_long(folder->props, PR_FMS_PARENT_ID, 0);
    folder->next = data->folders;
    data->folders = folder;
    if (id >= data->next_id) data->next_id = id + 1;
    return S_OK;
}

static HRESULT new_folder(struct fms_data *data, ULONG id, ULONG parent, const char *name, const char *comment,
                          ULONG type)
{
    struct fms_folder_data *folder;
    SPropValue props[5];
    char path[MAX_PATH];
    ULONG n = 0;
    HRESULT hr;

    fms_folder_path(data, id, path);
    if (!CreateDirectoryA(path, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) return MAPI_E_DISK_ERROR;
    strcat(path, "\\folder.msg");
    if (!(folder = calloc(1, sizeof(*folder)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    folder->id = id;
    folder->parent = parent;
    if (FAILED(hr = fms_docfile_open(data, path, TRUE, id, &folder->props, &folder->bytes)))
    {
        free(folder);
        return hr;
    }
    props[n].ulPropTag = PR_DISPLAY_NAME_A;
    props[n++].Value.lpszA = (char *)name;
    props[n].ulPropTag = PR_FOLDER_TYPE;
    props[n++].Value.l = type;
    props[n].ulPropTag = PR_FMS_PARENT_ID;
    props[n++].Value.l = parent;
    if (comment)
    {
        props[n].ulPropTag = PR_COMMENT_A;
        props[n++].Value.lpszA = (char *)comment;
    }
    props[n].ulPropTag = PR_CONTAINER_CLASS_A;
    props[n++].Value.lpszA = (char *)(parent ? "IPF.Note" : "");
    if (FAILED(hr = CALL(folder->props, SetProps, n, props, NULL)) || FAILED(hr = save_folder(data, folder)))
    {
        free_folder(folder);
        return hr;
    }
    folder->next = data->folders;
    data->folders = folder;
    return S_OK;
}

/* The store's files, made when missing. */
static HRESULT load_store(struct fms_data *data, IMAPISupport *support)
{
    WIN32_FIND_DATAA find;
    SPropValue *key, props[2];
    char path[MAX_PATH];
    HANDLE handle;
    HRESULT hr;
    ULONG id;

    if (!CreateDirectoryA(data->root, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) return MAPI_E_DISK_ERROR;
    snprintf(path, sizeof(path), "%s\\store.msg", data->root);
    if (FAILED(hr = fms_docfile_open(data, path, TRUE, 0, &data->props, &data->bytes))) return hr;

    if (SUCCEEDED(HrGetOneProp((IMAPIProp *)data->props, PR_STORE_RECORD_KEY, &key)))
    {
        if (key->Value.bin.cb == sizeof(MAPIUID)) memcpy(&data->uid, key->Value.bin.lpb, sizeof(MAPIUID));
        else hr = MAPI_E_CORRUPT_STORE;
        fms_free(key);
        if (FAILED(hr)) return hr;
        data->next_id = get_long(data->props, PR_FMS_NEXT_ID, FMS_ROOT_FOLDER + 1);
    }
    else
    {
        /* A new store: its record key, the UID of its entry IDs, from MAPI. */
        if (FAILED(hr = CALL(support, NewUID, &data->uid))) return hr;
        props[0].ulPropTag = PR_STORE_RECORD_KEY;
        props[0].Value.bin.cb = sizeof(MAPIUID);
        props[0].Value.bin.lpb = (BYTE *)&data->uid;
        props[1].ulPropTag = PR_FMS_NEXT_ID;
        props[1].Value.l = data->next_id = FMS_ROOT_FOLDER + 1;
        if (FAILED(hr = CALL(data->props, SetProps, 2, props, NULL))) return hr;
        if (FAILED(hr = new_folder(data, FMS_ROOT_FOLDER, 0, "", NULL, FOLDER_ROOT))) return hr;
        if (FAILED(hr = fms_data_save_props(data))) return hr;
        foreign_log("ms:store created");
        return S_OK;
    }

    snprintf(path, sizeof(path), "%s\\F*", data->root);
    if ((handle = FindFirstFileA(path, &find)) == INVALID_HANDLE_VALUE) return MAPI_E_CORRUPT_STORE;
    do
    {
        if (!(find.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) || strlen(find.cFileName) != 9) continue;
        id = strtoul(find.cFileName + 1, NULL, 16);
        if (id && FAILED(load_folder(data, id))) foreign_log("ms:folder %s unreadable", find.cFileName);
    }
    while (FindNextFileA(handle, &find));
    FindClose(handle);
    return fms_data_folder(data, FMS_ROOT_FOLDER) ? S_OK : MAPI_E_CORRUPT_STORE;
}

static void free_data(struct fms_data *data)
{
    struct fms_folder_data *folder;

    while ((folder = data->folders))
    {
        data->folders = folder->next;
        free_folder(folder);
    }
    if (data->queue) CALL(data->queue, Release);
    if (data->props) CALL(data->props, Release);
    if (data->bytes) ILockBytes_Release(data->bytes);
    if (data->msg_session) CloseIMsgSession(data->msg_session);
    DeleteCriticalSection(&data->cs);
    free(data);
}

static WINBOOL WINAPI idle_scan(void *param);

HRESULT fms_data_open(IMAPISupport *support, const char *root, ULONG idle_interval, struct fms_data **ret)
{
    struct fms_data *data;
    HRESULT hr;
    SCODE sc;

    InitOnceExecuteOnce(&stores_once, init_stores, NULL, NULL);
    EnterCriticalSection(&stores_cs);
    for (data = stores; data; data = data->next)
    {
        if (_stricmp(data->root, root)) continue;
        InterlockedIncrement(&data->ref);
        LeaveCriticalSection(&stores_cs);
        *ret = data;
        return S_OK;
    }
    if (!(data = calloc(1, sizeof(*data))))
    {
        LeaveCriticalSection(&stores_cs);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    data->ref = 1;
    InitializeCriticalSection(&data->cs);
    lstrcpynA(data->root, root, sizeof(data->root));
    if ((sc = OpenIMsgSession(fms_malloc, 0, &data->msg_session)))
        hr = sc;
    else
        hr = load_store(data, support);
    if (FAILED(hr))
    {
        LeaveCriticalSection(&stores_cs);
        free_data(data);
        return hr;
    }
    if (idle_interval)
    {
        /* The periodic look at the disk, on MAPI's idle thread, below the user's events;
         * off until a folder's contents are read. */
        data->idle = FtgRegisterIdleRoutine(idle_scan, data, -1, idle_interval, FIROINTERVAL | FIRODISABLED);
        foreign_log("ms:idle routine %s", data->idle ? "registered" : "refused");
    }
    data->next = stores;
    stores = data;
    LeaveCriticalSection(&stores_cs);
    *ret = data;
    return S_OK;
}

void fms_data_release(struct fms_data *data)
{
    struct fms_data **p;

    EnterCriticalSection(&stores_cs);
    if (InterlockedDecrement(&data->ref))
    {
        LeaveCriticalSection(&stores_cs);
        return;
    }
    for (p = &stores; *p; p = &(*p)->next)
    {
        if (*p != data) continue;
        *p = data->next;
        break;
    }
    LeaveCriticalSection(&stores_cs);
    /* Returns once the routine is not running any more. */
    if (data->idle) DeregisterIdleRoutine(data->idle);
    free_data(data);
}

ULONG fms_data_new_id(struct fms_data *data)
{
    SPropValue prop;
    ULONG id;

    EnterCriticalSection(&data->cs);
    id = data->next_id++;
    prop.ulPropTag = PR_FMS_NEXT_ID;
    prop.Value.l = data->next_id;
    if (FAILED(HrSetOneProp((IMAPIProp *)data->props, &prop)) || FAILED(fms_data_save_props(data)))
        foreign_log("ms:next id not saved");
    LeaveCriticalSection(&data->cs);
    return id;
}

/* Views: the caller data of each is a record of ours, kept where a pointer
 * needs all 64 bits, to show that it comes back whole. */
#define VIEW_MAGIC 0x56494557

struct view_record
{
    ULONG magic;
    struct fms_data *data;
};

/* mingw-w64's mapiutil.h has the 32-bit SDK's ULONG caller data; the SDK of
 * today has ULONG_PTR, as 64-bit MAPI does. */
typedef void (WINAPI VIEW_RELEASED)(ULONG_PTR caller_data, LPTABLEDATA table, LPMAPITABLE view);
typedef HRESULT (STDMETHODCALLTYPE *HRGETVIEW)(ITableData *table, LPSSortOrderSet sort, VIEW_RELEASED *release,
                                               ULONG_PTR caller_data, LPMAPITABLE *view);

static void WINAPI view_released(ULONG_PTR caller_data, LPTABLEDATA table, LPMAPITABLE view)
{
    struct view_record *record = (struct view_record *)caller_data;

    foreign_log("ms:view released high=%d magic=%s", caller_data > 0xffffffff,
                record->magic == VIEW_MAGIC ? "ok" : "bad");
    record->magic = 0;
    fms_data_release(record->data);
    VirtualFree(record, 0, MEM_RELEASE);
}

HRESULT fms_data_get_view(struct fms_data *data, ITableData *table, LPMAPITABLE *view)
{
    struct view_record *record;
    HRESULT hr;

    if (!(record = VirtualAlloc(NULL, sizeof(*record), MEM_COMMIT | MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    record->magic = VIEW_MAGIC;
    record->data = data;
    InterlockedIncrement(&data->ref);
    hr = ((HRGETVIEW)table->lpVtbl->HrGetView)(table, NULL, view_released, (ULONG_PTR)record, view);
    if (FAILED(hr))
    {
        fms_data_release(data);
        VirtualFree(record, 0, MEM_RELEASE);
        return hr;
    }
    foreign_log("ms:view created high=%d", (ULONG_PTR)record > 0xffffffff);
    return S_OK;
}

/* The row of a message in its folder's contents table (lock held). */
static HRESULT message_row(struct fms_data *data, ULONG folder, ULONG message, IMessage *props, ITableData *table,
                           const SPropTagArray *columns)
{
    struct fms_entryid id, parent;
    SPropValue *values;
    ULONG count, i;
    SRow row;
    HRESULT hr;

    hr = CALL(props, GetProps, (SPropTagArray *)columns, 0, &count, &values);
    if (FAILED(hr)) return hr;
    fms_make_entryid(data, MAPI_MESSAGE, folder, message, &id);
    fms_make_entryid(data, MAPI_FOLDER, folder, 0, &parent);
    for (i = 0; i < count; i++)
    {
        SPropValue *value = &values[i];

        switch (columns->aulPropTag[i])
        {
        case PR_INSTANCE_KEY:
            value->ulPropTag = PR_INSTANCE_KEY;
            value->Value.bin.cb = sizeof(ULONG);
            fms_more(sizeof(ULONG), values, (void **)&value->Value.bin.lpb);
            memcpy(value->Value.bin.lpb, &message, sizeof(ULONG));
            break;
        case PR_ENTRYID:
        case PR_RECORD_KEY:
        case PR_PARENT_ENTRYID:
            value->ulPropTag = columns->aulPropTag[i];
            value->Value.bin.cb = sizeof(id);
            fms_more(sizeof(id), values, (void **)&value->Value.bin.lpb);
            memcpy(value->Value.bin.lpb, columns->aulPropTag[i] == PR_PARENT_ENTRYID ? &parent : &id, sizeof(id));
            break;
        case PR_OBJECT_TYPE:
            value->ulPropTag = PR_OBJECT_TYPE;
            value->Value.l = MAPI_MESSAGE;
            break;
        case PR_SUBMIT_FLAGS:
            if (fms_data_is_locked(data, message))
            {
                value->ulPropTag = PR_SUBMIT_FLAGS;
                value->Value.l = SUBMITFLAG_LOCKED;
            }
            break;
        case PR_MSG_STATUS:
        {
            /* kept in the message file under a tag of ours */
            SPropValue *status;

            value->ulPropTag = PR_MSG_STATUS;
            value->Value.l = 0;
            if (SUCCEEDED(HrGetOneProp((IMAPIProp *)props, PR_FMS_MSG_STATUS, &status)))
            {
                value->Value.l = status->Value.l;
                fms_free(status);
            }
            break;
        }
        }
    }
    row.ulAdrEntryPad = 0;
    row.cValues = count;
    row.lpProps = values;
    hr = CALL(table, HrModifyRow, &row);
    fms_free(values);
    return hr;
}

static BOOL parse_message_name(const char *name, ULONG *id)
{
    char *end;

    if (strlen(name) != 13 || (name[0] != 'M' && name[0] != 'm') || _stricmp(name + 9, ".msg")) return FALSE;
    *id = strtoul(name + 1, &end, 16);
    return end == name + 9 && *id;
}

/* Adds a message file found on disk to a contents table (lock held). */
static HRESULT add_file(struct fms_data *data, struct fms_folder_data *folder, ULONG id)
{
    IMessage *props;
    ILockBytes *bytes;
    char path[MAX_PATH];
    HRESULT hr;

    fms_message_path(data, folder->id, id, path);
    if (FAILED(hr = fms_docfile_open(data, path, FALSE, id, &props, &bytes))) return hr;
    hr = message_row(data, folder->id, id, props, folder->contents, (SPropTagArray *)&contents_columns);
    CALL(props, Release);
    ILockBytes_Release(bytes);
    if (id >= data->next_id) data->next_id = id + 1;
    return hr;
}

HRESULT fms_data_contents(struct fms_data *data, struct fms_folder_data *folder)
{
    WIN32_FIND_DATAA find;
    char path[MAX_PATH];
    HANDLE handle;
    ULONG id;
    HRESULT hr;

    if (folder->contents) return S_OK;
    if ((hr = CreateTable(&IID_IMAPITableData, fms_alloc, fms_more, fms_free, NULL, TBLTYPE_DYNAMIC,
                          PR_INSTANCE_KEY, (SPropTagArray *)&contents_columns, &folder->contents)))
        return hr;
    /* There is something to watch on disk now. */
    if (data->idle && !data->idle_enabled)
    {
        EnableIdleRoutine(data->idle, TRUE);
        data->idle_enabled = TRUE;
        foreign_log("ms:idle routine enabled");
    }
    fms_folder_path(data, folder->id, path);
    strcat(path, "\\M*.msg");
    if ((handle = FindFirstFileA(path, &find)) == INVALID_HANDLE_VALUE) return S_OK;
    do
    {
        if (!parse_message_name(find.cFileName, &id)) continue;
        if (FAILED(add_file(data, folder, id))) foreign_log("ms:message %s unreadable", find.cFileName);
    }
    while (FindNextFileA(handle, &find));
    FindClose(handle);
    return S_OK;
}

/* The row of a folder in its parent's hierarchy table (lock held). */
static HRESULT folder_row(struct fms_data *data, struct fms_folder_data *folder, ITableData *table)
{
    struct fms_entryid id, parent;
    struct fms_folder_data *child;
    SPropValue *values;
    ULONG count, unread, i;
    BOOL subfolders = FALSE;
    SRow row;
    HRESULT hr;

    hr = CALL(folder->props, GetProps, (SPropTagArray *)&hierarchy_columns, 0, &count, &values);
    if (FAILED(hr)) return hr;
    for (child = data->folders; child; child = child->next)
        if (child->parent == folder->id) subfolders = TRUE;
    fms_data_count(data, folder->id, &count, &unread);
    fms_make_entryid(data, MAPI_FOLDER, folder->id, 0, &id);
    fms_make_entryid(data, MAPI_FOLDER, folder->parent, 0, &parent);
    for (i = 0; i < hierarchy_columns.cValues; i++)
    {
        SPropValue *value = &values[i];
        ULONG tag = hierarchy_columns.aulPropTag[i];

        /* the folder's own values stay as GetProps gave them */
        switch (tag)
        {
        case PR_INSTANCE_KEY:
            value->ulPropTag = tag;
            value->Value.bin.cb = sizeof(ULONG);
            fms_more(sizeof(ULONG), values, (void **)&value->Value.bin.lpb);
            memcpy(value->Value.bin.lpb, &folder->id, sizeof(ULONG));
            break;
        case PR_ENTRYID:
        case PR_RECORD_KEY:
        case PR_PARENT_ENTRYID:
            value->ulPropTag = tag;
            value->Value.bin.cb = sizeof(id);
            fms_more(sizeof(id), values, (void **)&value->Value.bin.lpb);
            memcpy(value->Value.bin.lpb, tag == PR_PARENT_ENTRYID ? &parent : &id, sizeof(id));
            break;
        case PR_OBJECT_TYPE:
            value->ulPropTag = tag;
            value->Value.l = MAPI_FOLDER;
            break;
        case PR_SUBFOLDERS:
            value->ulPropTag = tag;
            value->Value.b = subfolders;
            break;
        case PR_CONTENT_COUNT:
            value->ulPropTag = tag;
            value->Value.l = count;
            break;
        case PR_CONTENT_UNREAD:
            value->ulPropTag = tag;
            value->Value.l = unread;
            break;
        case PR_DEPTH:
            value->ulPropTag = tag;
            value->Value.l = 0;
            break;
        }
    }
    row.ulAdrEntryPad = 0;
    row.cValues = hierarchy_columns.cValues;
    row.lpProps = values;
    hr = CALL(table, HrModifyRow, &row);
    fms_free(values);
    return hr;
}

HRESULT fms_data_hierarchy(struct fms_data *data, struct fms_folder_data *folder)
{
    struct fms_folder_data *child;
    HRESULT hr;

    if (folder->hierarchy) return S_OK;
    if ((hr = CreateTable(&IID_IMAPITableData, fms_alloc, fms_more, fms_free, NULL, TBLTYPE_DYNAMIC,
                          PR_INSTANCE_KEY, (SPropTagArray *)&hierarchy_columns, &folder->hierarchy)))
        return hr;
    for (child = data->folders; child; child = child->next)
        if (child->parent == folder->id) folder_row(data, child, folder->hierarchy);
    return S_OK;
}

void fms_data_update_folder_row(struct fms_data *data, ULONG id)
{
    struct fms_folder_data *folder, *parent;

    EnterCriticalSection(&data->cs);
    if ((folder = fms_data_folder(data, id)) && (parent = fms_data_folder(data, folder->parent)) &&
        parent->hierarchy)
        folder_row(data, folder, parent->hierarchy);
    LeaveCriticalSection(&data->cs);
}

void fms_data_count(struct fms_data *data, ULONG id, ULONG *count, ULONG *unread)
{
    struct fms_folder_data *folder;
    SRow *row;
    ULONG i, j;

    *count = *unread = 0;
    EnterCriticalSection(&data->cs);
    if ((folder = fms_data_folder(data, id)) && SUCCEEDED(fms_data_contents(data, folder)))
    {
        for (i = 0; SUCCEEDED(CALL(folder->contents, HrEnumRow, i, &row)) && row; i++)
        {
            (*count)++;
            for (j = 0; j < row->cValues; j++)
                if (row->lpProps[j].ulPropTag == PR_MESSAGE_FLAGS && !(row->lpProps[j].Value.l & MSGFLAG_READ))
                    (*unread)++;
            fms_free(row);
        }
    }
    LeaveCriticalSection(&data->cs);
}

HRESULT fms_data_update_message_row(struct fms_data *data, ULONG folder_id, ULONG message, IMessage *props)
{
    struct fms_folder_data *folder;
    HRESULT hr = S_OK;

    EnterCriticalSection(&data->cs);
    if ((folder = fms_data_folder(data, folder_id)) && folder->contents)
    {
        hr = message_row(data, folder_id, message, props, folder->contents, (SPropTagArray *)&contents_columns);
    }
    LeaveCriticalSection(&data->cs);
    return hr;
}

void fms_data_delete_message_row(struct fms_data *data, ULONG folder_id, ULONG message)
{
    struct fms_folder_data *folder;
    SPropValue key;

    key.ulPropTag = PR_INSTANCE_KEY;
    key.Value.bin.cb = sizeof(ULONG);
    key.Value.bin.lpb = (BYTE *)&message;
    EnterCriticalSection(&data->cs);
    if ((folder = fms_data_folder(data, folder_id)) && folder->contents)
        CALL(folder->contents, HrDeleteRow, &key);
    LeaveCriticalSection(&data->cs);
}

HRESULT fms_data_create_folder(struct fms_data *data, ULONG parent_id, const char *name, const char *comment,
                               ULONG type, ULONG *id)
{
    struct fms_folder_data *parent, *folder;
    SPropValue *value;
    HRESULT hr = S_OK;

    EnterCriticalSection(&data->cs);
    if (!(parent = fms_data_folder(data, parent_id))) hr = MAPI_E_NOT_FOUND;
    for (folder = data->folders; folder && SUCCEEDED(hr); folder = folder->next)
    {
        if (folder->parent != parent_id) continue;
        if (FAILED(HrGetOneProp((IMAPIProp *)folder->props, PR_DISPLAY_NAME_A, &value))) continue;
        if (!lstrcmpiA(value->Value.lpszA, name))
        {
            *id = folder->id;
            hr = MAPI_E_COLLISION;
        }
        fms_free(value);
    }
    if (SUCCEEDED(hr))
    {
        LeaveCriticalSection(&data->cs);
        *id = fms_data_new_id(data);
        EnterCriticalSection(&data->cs);
        hr = new_folder(data, *id, parent_id, name, comment, type);
    }
    if (SUCCEEDED(hr))
    {
        if (parent->hierarchy) folder_row(data, data->folders, parent->hierarchy);
        /* the parent's PR_SUBFOLDERS */
        LeaveCriticalSection(&data->cs);
        fms_data_update_folder_row(data, parent_id);
        return hr;
    }
    LeaveCriticalSection(&data->cs);
    return hr;
}

static void remove_tree(const char *dir)
{
    WIN32_FIND_DATAA find;
    char path[MAX_PATH];
    HANDLE handle;

    snprintf(path, sizeof(path), "%s\\*", dir);
    if ((handle = FindFirstFileA(path, &find)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (find.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
            snprintf(path, sizeof(path), "%s\\%s", dir, find.cFileName);
            DeleteFileA(path);
        }
        while (FindNextFileA(handle, &find));
        FindClose(handle);
    }
    RemoveDirectoryA(dir);
}

HRESULT fms_data_delete_folder(struct fms_data *data, ULONG id)
{
    struct fms_folder_data **p, *folder = NULL, *parent;
    char path[MAX_PATH];
    SPropValue key;
    ULONG parent_id = 0;

    EnterCriticalSection(&data->cs);
    for (p = &data->folders; *p; p = &(*p)->next)
    {
        if ((*p)->id != id) continue;
        folder = *p;
        *p = folder->next;
        break;
    }
    if (!folder)
    {
        LeaveCriticalSection(&data->cs);
        return MAPI_E_NOT_FOUND;
    }
    parent_id = folder->parent;
    if ((parent = fms_data_folder(data, parent_id)) && parent->hierarchy)
    {
        key.ulPropTag = PR_INSTANCE_KEY;
        key.Value.bin.cb = sizeof(ULONG);
        key.Value.bin.lpb = (BYTE *)&id;
        CALL(parent->hierarchy, HrDeleteRow, &key);
    }
    free_folder(folder);
    fms_folder_path(data, id, path);
    remove_tree(path);
    LeaveCriticalSection(&data->cs);
    fms_data_update_folder_row(data, parent_id);
    return S_OK;
}

BOOL fms_data_is_locked(struct fms_data *data, ULONG message)
{
    ULONG i;

    for (i = 0; i < data->locked_count; i++) if (data->locked[i] == message) return TRUE;
    return FALSE;
}

/* The outgoing queue: every message marked for sending, in any folder (lock held). */
HRESULT fms_data_queue(struct fms_data *data)
{
    struct fms_folder_data *folder;
    SRow *row;
    HRESULT hr;
    ULONG i, j;

    if (data->queue) return S_OK;
    if ((hr = CreateTable(&IID_IMAPITableData, fms_alloc, fms_more, fms_free, NULL, TBLTYPE_DYNAMIC,
                          PR_INSTANCE_KEY, (SPropTagArray *)&queue_columns, &data->queue)))
        return hr;
    for (folder = data->folders; folder; folder = folder->next)
    {
        if (FAILED(fms_data_contents(data, folder))) continue;
        for (i = 0; SUCCEEDED(CALL(folder->contents, HrEnumRow, i, &row)) && row; i++)
        {
            ULONG message = 0;
            BOOL submitted = FALSE;

            for (j = 0; j < row->cValues; j++)
            {
                if (row->lpProps[j].ulPropTag == PR_MESSAGE_FLAGS)
                    submitted = !!(row->lpProps[j].Value.l & MSGFLAG_SUBMIT);
                if (row->lpProps[j].ulPropTag == PR_INSTANCE_KEY)
                    memcpy(&message, row->lpProps[j].Value.bin.lpb, sizeof(ULONG));
            }
            fms_free(row);
            if (submitted && message)
            {
                IMessage *props;
                ILockBytes *bytes;
                char path[MAX_PATH];

                fms_message_path(data, folder->id, message, path);
                if (FAILED(fms_docfile_open(data, path, FALSE, message, &props, &bytes))) continue;
                message_row(data, folder->id, message, props, data->queue, (SPropTagArray *)&queue_columns);
                CALL(props, Release);
                ILockBytes_Release(bytes);
            }
        }
    }
    return S_OK;
}

HRESULT fms_data_queue_update(struct fms_data *data, ULONG folder, ULONG message, IMessage *props)
{
    HRESULT hr = S_OK;

    EnterCriticalSection(&data->cs);
    if (data->queue) hr = message_row(data, folder, message, props, data->queue, (SPropTagArray *)&queue_columns);
    LeaveCriticalSection(&data->cs);
    return hr;
}

void fms_data_queue_remove(struct fms_data *data, ULONG message)
{
    SPropValue key;

    key.ulPropTag = PR_INSTANCE_KEY;
    key.Value.bin.cb = sizeof(ULONG);
    key.Value.bin.lpb = (BYTE *)&message;
    EnterCriticalSection(&data->cs);
    if (data->queue) CALL(data->queue, HrDeleteRow, &key);
    LeaveCriticalSection(&data->cs);
}

/* What changed on disk in one folder since its table was read: the message
 * numbers that came and went (lock held). */
static void scan_folder(struct fms_data *data, struct fms_folder_data *folder, ULONG *added, ULONG *added_count,
                        ULONG *removed, ULONG *removed_count, ULONG max)
{
    WIN32_FIND_DATAA find;
    char path[MAX_PATH];
    SPropValue key;
    HANDLE handle;
    SRow *row;
    ULONG id, index, i, j;

    fms_folder_path(data, folder->id, path);
    strcat(path, "\\M*.msg");
    if ((handle = FindFirstFileA(path, &find)) != INVALID_HANDLE_VALUE)
    {
        do
        {
            if (!parse_message_name(find.cFileName, &id) || *added_count == max) continue;
            key.ulPropTag = PR_INSTANCE_KEY;
            key.Value.bin.cb = sizeof(ULONG);
            key.Value.bin.lpb = (BYTE *)&id;
            if (SUCCEEDED(CALL(folder->contents, HrQueryRow, &key, &row, &index)))
            {
                fms_free(row);
                continue;
            }
            if (SUCCEEDED(add_file(data, folder, id))) added[(*added_count)++] = id;
        }
        while (FindNextFileA(handle, &find));
        FindClose(handle);
    }
    for (i = 0; SUCCEEDED(CALL(folder->contents, HrEnumRow, i, &row)) && row; i++)
    {
        for (j = 0; j < row->cValues; j++)
        {
            if (row->lpProps[j].ulPropTag != PR_INSTANCE_KEY) continue;
            memcpy(&id, row->lpProps[j].Value.bin.lpb, sizeof(ULONG));
            fms_message_path(data, folder->id, id, path);
            if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES && *removed_count < max)
                removed[(*removed_count)++] = id;
        }
        fms_free(row);
    }
    for (i = 0; i < *removed_count; i++)
    {
        key.ulPropTag = PR_INSTANCE_KEY;
        key.Value.bin.cb = sizeof(ULONG);
        key.Value.bin.lpb = (BYTE *)&removed[i];
        CALL(folder->contents, HrDeleteRow, &key);
    }
}

/* What the idle routine found in one folder, told in one batch: the
 * notifications are copied into one block (ScCountNotifications,
 * ScCopyNotifications) and given to IMAPISupport::Notify for the store's
 * key and the folder's. */
static void notify_batch(struct fms_data *data, IMAPISupport *support, ULONG folder, const ULONG *added,
                         ULONG added_count, const ULONG *removed, ULONG removed_count)
{
    struct fms_entryid ids[32], parent, store;
    NOTIFICATION notifications[32], *block;
    struct fms_key key;
    ULONG count = 0, size, flags, i;

    fms_make_entryid(data, MAPI_FOLDER, folder, 0, &parent);
    memset(notifications, 0, sizeof(notifications));
    for (i = 0; i < added_count + removed_count && count < ARRAYSIZE(notifications); i++)
    {
        BOOL is_added = i < added_count;

        fms_make_entryid(data, MAPI_MESSAGE, folder, is_added ? added[i] : removed[i - added_count], &ids[count]);
        notifications[count].ulEventType = is_added ? fnevObjectCreated : fnevObjectDeleted;
        notifications[count].info.obj.cbEntryID = sizeof(ids[count]);
        notifications[count].info.obj.lpEntryID = (ENTRYID *)&ids[count];
        notifications[count].info.obj.ulObjType = MAPI_MESSAGE;
        notifications[count].info.obj.cbParentID = sizeof(parent);
        notifications[count].info.obj.lpParentID = (ENTRYID *)&parent;
        count++;
    }
    if (!count || !support) return;
    if (ScCountNotifications(count, notifications, &size) || fms_alloc(size, (void **)&block)) return;
    if (!ScCopyNotifications(count, notifications, block, NULL))
    {
        fms_make_entryid(data, MAPI_STORE, 0, 0, &store);
        fms_key(&store, &key);
        flags = 0;
        CALL(support, Notify, (NOTIFKEY *)&key, count, block, &flags);
        fms_key(&parent, &key);
        flags = 0;
        CALL(support, Notify, (NOTIFKEY *)&key, count, block, &flags);
    }
    fms_free(block);
}

static WINBOOL WINAPI idle_scan(void *param)
{
    struct fms_data *data = param;
    struct fms_folder_data *folder;
    struct fms_logon *logon;
    IMAPISupport *support = NULL;
    ULONG folders[16], added[16][16], added_count[16], removed[16][16], removed_count[16];
    ULONG n = 0, i, j;

    EnterCriticalSection(&data->cs);
    for (folder = data->folders; folder && n < 16; folder = folder->next)
    {
        if (!folder->contents) continue;
        added_count[n] = removed_count[n] = 0;
        scan_folder(data, folder, added[n], &added_count[n], removed[n], &removed_count[n], 16);
        if (added_count[n] || removed_count[n]) folders[n++] = folder->id;
    }
    for (logon = data->logons; logon && !support; logon = logon->next_in_data)
        if ((support = logon->support)) CALL(support, AddRef);
    LeaveCriticalSection(&data->cs);

    for (i = 0; i < n; i++)
    {
        for (j = 0; j < added_count[i]; j++)
            foreign_log("ms:idle found M%08lX in F%08lX", added[i][j], folders[i]);
        for (j = 0; j < removed_count[i]; j++)
            foreign_log("ms:idle lost M%08lX in F%08lX", removed[i][j], folders[i]);
        notify_batch(data, support, folders[i], added[i], added_count[i], removed[i], removed_count[i]);
    }
    if (support) CALL(support, Release);
    /* The engine asks for FALSE. */
    return FALSE;
}
