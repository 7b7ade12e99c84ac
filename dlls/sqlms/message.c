/*
 * IMessage: messages of folders, and messages embedded in attachments.
 *
 * An open message works on its own copy of the data: values, recipients and
 * attachments change in memory and reach the database in one transaction at
 * SaveChanges (other logons see nothing before). An embedded message saves
 * into its attachment, the attachment into its message. SubmitMessage saves
 * and queues the message in one transaction.
 */

#include "sqlms_private.h"
#include "msgdata.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

#define SAVE_FLAGS (KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS | \
                    SPAMFILTER_ONSAVE | NON_EMS_XP_SAVE)
#define READ_FLAG_FLAGS (SUPPRESS_RECEIPT | CLEAR_READ_FLAG | MAPI_DEFERRED_ERRORS | GENERATE_RECEIPT_ONLY | \
                         CLEAR_RN_PENDING | CLEAR_NRN_PENDING)
/* Bits of PR_MESSAGE_FLAGS the store keeps itself */
#define STORE_FLAGS (MSGFLAG_SUBMIT | MSGFLAG_HASATTACH | MSGFLAG_ASSOCIATED)

struct message
{
    IMessage IMessage_iface;
    LONG ref;
    struct prop_object prop;
    struct msg_data *data;
    LONGLONG id;                /* 0 until the first SaveChanges, and for embedded messages */
    LONGLONG folder;
    LONG version;               /* of the row when read or last saved */
    LONG saved_version;         /* of the row just written, until the commit */
    BOOL assoc;
    struct sqlms_object object;
    BOOL submitting;            /* in SubmitMessage: msg->flags, not the bag, has the flags */
    BOOL submitted;             /* SubmitMessage succeeded: only Release is left */
    BOOL inbound;               /* a spooler delivery not saved yet (LOGOFF_INBOUND) */
    ULONG flags;                /* PR_MESSAGE_FLAGS once saved */
    ULONG status;               /* PR_MSG_STATUS */
    ULONG size;
    LONGLONG created, modified;
    IUnknown *parent;           /* embedded: the IAttach it saves into ... */
    struct msg_data **slot;     /* ... and where */
    ITableData *recip_table;
    ITableData *attach_table;
};

static const IMessageVtbl message_vtbl;

static inline struct message *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct message, IMessage_iface);
}

static inline struct message *impl_from_prop(struct prop_object *obj)
{
    return CONTAINING_RECORD(obj, struct message, prop);
}

BOOL is_our_message(IUnknown *unk, struct sqlms_store **store, LONGLONG *id)
{
    struct message *msg;

    if (!unk || IsBadReadPtr(unk, sizeof(void *)) || unk->lpVtbl != (const void *)&message_vtbl) return FALSE;
    msg = impl_from_IMessage((IMessage *)unk);
    *store = msg->prop.store;
    *id = msg->id;
    return TRUE;
}

struct sqlms_store *message_store(struct message *msg) { return msg->prop.store; }
IMessage *message_iface(struct message *msg) { return &msg->IMessage_iface; }
struct sqlms_object *message_object(struct message *msg) { return &msg->object; }

HRESULT message_check(struct message *msg)
{
    HRESULT hr;

    if (FAILED(hr = store_check(msg->prop.store))) return hr;
    return msg->submitted ? MAPI_E_INVALID_OBJECT : S_OK;
}

static BOOL is_computed_tag(struct message *msg, ULONG tag)
{
    switch (PROP_ID(tag))
    {
    case PROP_ID(PR_ENTRYID):
    case PROP_ID(PR_PARENT_ENTRYID):
    case PROP_ID(PR_RECORD_KEY):
    case PROP_ID(PR_STORE_ENTRYID):
    case PROP_ID(PR_STORE_RECORD_KEY):
    case PROP_ID(PR_MAPPING_SIGNATURE):
    case PROP_ID(PR_OBJECT_TYPE):
    case PROP_ID(PR_MESSAGE_SIZE):
    case PROP_ID(PR_HASATTACH):
    case PROP_ID(PR_ACCESS):
    case PROP_ID(PR_ACCESS_LEVEL):
    case PROP_ID(PR_MSG_STATUS):
    case PROP_ID(PR_DISPLAY_TO_W):
    case PROP_ID(PR_DISPLAY_CC_W):
    case PROP_ID(PR_DISPLAY_BCC_W):
    case PROP_ID(PR_INSTANCE_KEY):
    case PROP_ID(PR_SUBMIT_FLAGS):
    case PROP_ID(PR_CREATION_TIME):
    case PROP_ID(PR_LAST_MODIFICATION_TIME):
        return TRUE;
    case PROP_ID(PR_MESSAGE_FLAGS):
        return msg && msg->id; /* clients set it before the first save only */
    }
    return FALSE;
}

static BOOL message_is_computed(struct prop_object *obj, ULONG tag)
{
    return is_computed_tag(impl_from_prop(obj), tag);
}

/* PR_DISPLAY_TO, _CC or _BCC: the names of the recipients of one type. */
static WCHAR *display_list(struct msg_data *data, ULONG type)
{
    struct sqlms_buffer buf = { 0 };
    WCHAR zero = 0;
    ULONG i;

    for (i = 0; i < data->recip_count; i++)
    {
        SRow *row = &data->recips[i];
        SPropValue *recip_type = PpropFindProp(row->lpProps, row->cValues, PR_RECIPIENT_TYPE);
        SPropValue *name_w = PpropFindProp(row->lpProps, row->cValues, PR_DISPLAY_NAME_W);
        SPropValue *name_a = PpropFindProp(row->lpProps, row->cValues, PR_DISPLAY_NAME_A);
        WCHAR *converted = NULL;
        const WCHAR *name;

        if (!recip_type || (recip_type->Value.l & ~MAPI_SUBMITTED) != type) continue;
        if (name_w) name = name_w->Value.lpszW;
        else if (name_a && (converted = heap_strdupAtoW(name_a->Value.lpszA))) name = converted;
        else continue;
        if (buf.size) buffer_append(&buf, L"; ", 2 * sizeof(WCHAR));
        buffer_append(&buf, name, lstrlenW(name) * sizeof(WCHAR));
        heap_free(converted);
    }
    buffer_append(&buf, &zero, sizeof(zero));
    return (WCHAR *)buf.data;
}

static ULONG effective_flags(struct message *msg)
{
    ULONG flags = msg->flags & ~(MSGFLAG_HASATTACH | MSGFLAG_ASSOCIATED);

    if (msg->data->attach_count) flags |= MSGFLAG_HASATTACH;
    if (msg->assoc) flags |= MSGFLAG_ASSOCIATED;
    return flags;
}

/* Puts the values the store computes into the bag. */
static HRESULT message_refresh(struct prop_object *obj)
{
    struct message *msg = impl_from_prop(obj);
    struct sqlms_store *store = obj->store;
    BYTE eid[SQLMS_EID_SIZE], parent[SQLMS_EID_SIZE], record[SQLMS_RECORD_KEY_SIZE];
    WCHAR *to = NULL, *cc = NULL, *bcc = NULL;
    SPropValue values[20], *flags_value = NULL;
    SBinary store_eid = { 0 };
    ULONG n = 0;
    HRESULT hr;

    if (!msg->id && !msg->submitting && SUCCEEDED(propobj_get_one(obj, PR_MESSAGE_FLAGS, &flags_value)))
    {
        msg->flags = flags_value->Value.l & ~STORE_FLAGS;
        MAPIFreeBuffer(flags_value);
    }
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_MESSAGE;
    values[n].ulPropTag = PR_MESSAGE_FLAGS;
    values[n++].Value.l = effective_flags(msg);
    values[n].ulPropTag = PR_HASATTACH;
    values[n++].Value.b = msg->data->attach_count != 0;
    values[n].ulPropTag = PR_MESSAGE_SIZE;
    values[n++].Value.l = msg->size;
    values[n].ulPropTag = PR_MSG_STATUS;
    values[n++].Value.l = msg->status;
    values[n].ulPropTag = PR_ACCESS;
    values[n++].Value.l = obj->writable ? MAPI_ACCESS_READ | MAPI_ACCESS_MODIFY | MAPI_ACCESS_DELETE : MAPI_ACCESS_READ;
    values[n].ulPropTag = PR_ACCESS_LEVEL;
    values[n++].Value.l = obj->writable ? MAPI_MODIFY : 0;
    to = display_list(msg->data, MAPI_TO);
    cc = display_list(msg->data, MAPI_CC);
    bcc = display_list(msg->data, MAPI_BCC);
    values[n].ulPropTag = PR_DISPLAY_TO_W;
    values[n++].Value.lpszW = to ? to : (WCHAR *)L"";
    values[n].ulPropTag = PR_DISPLAY_CC_W;
    values[n++].Value.lpszW = cc ? cc : (WCHAR *)L"";
    values[n].ulPropTag = PR_DISPLAY_BCC_W;
    values[n++].Value.lpszW = bcc ? bcc : (WCHAR *)L"";
    if (msg->created)
    {
        values[n].ulPropTag = PR_CREATION_TIME;
        values[n++].Value.ft = int_to_filetime(msg->created);
        values[n].ulPropTag = PR_LAST_MODIFICATION_TIME;
        values[n++].Value.ft = int_to_filetime(msg->modified);
    }
    if (!msg->parent)
    {
        if (msg->id)
        {
            eid_build(store, SQLMS_MESSAGE, msg->id, eid);
            values[n].ulPropTag = PR_ENTRYID;
            values[n].Value.bin.cb = sizeof(eid);
            values[n++].Value.bin.lpb = eid;
            record_key_build(store, SQLMS_MESSAGE, msg->id, record);
            values[n].ulPropTag = PR_RECORD_KEY;
            values[n].Value.bin.cb = sizeof(record);
            values[n++].Value.bin.lpb = record;
        }
        eid_build(store, SQLMS_FOLDER, msg->folder, parent);
        values[n].ulPropTag = PR_PARENT_ENTRYID;
        values[n].Value.bin.cb = sizeof(parent);
        values[n++].Value.bin.lpb = parent;
        if (SUCCEEDED(store_wrapped_entryid(store, NULL, &store_eid)))
        {
            values[n].ulPropTag = PR_STORE_ENTRYID;
            values[n++].Value.bin = store_eid;
        }
        values[n].ulPropTag = PR_STORE_RECORD_KEY;
        values[n].Value.bin.cb = sizeof(GUID);
        values[n++].Value.bin.lpb = (BYTE *)&store->guid;
        values[n].ulPropTag = PR_MAPPING_SIGNATURE;
        values[n].Value.bin.cb = sizeof(GUID);
        values[n++].Value.bin.lpb = (BYTE *)&store->guid;
    }
    hr = propobj_set_computed(obj, n, values);
    MAPIFreeBuffer(store_eid.lpb);
    heap_free(to);
    heap_free(cc);
    heap_free(bcc);
    return hr;
}

/**************************************************************************
 *  Table rows of messages
 */
HRESULT message_row_props(struct sqlms_store *store, sqlite3_stmt *stmt, void *root, ULONG *count,
                          SPropValue **props)
{
    SPropValue *stored, *values, *p;
    ULONG stored_count, i;
    LONGLONG id = sqlite3_column_int64(stmt, 0), folder = sqlite3_column_int64(stmt, 1);
    HRESULT hr;

    if (FAILED(hr = blob_decode(sqlite3_column_blob(stmt, 6), sqlite3_column_bytes(stmt, 6), TRUE, root,
                                &stored_count, &stored)))
        return hr;
    if (FAILED(hr = MAPIAllocateMore((stored_count + 14) * sizeof(SPropValue), root, (void **)&values))) return hr;
    for (i = 0, p = values; i < stored_count; i++)
        if (message_value_stored(stored[i].ulPropTag, FALSE) && stored[i].ulPropTag != PR_MESSAGE_FLAGS)
            *p++ = stored[i];
    p->ulPropTag = PR_ENTRYID;
    if (FAILED(hr = eid_to_bin(store, SQLMS_MESSAGE, id, root, &p++->Value.bin))) return hr;
    p->ulPropTag = PR_PARENT_ENTRYID;
    if (FAILED(hr = eid_to_bin(store, SQLMS_FOLDER, folder, root, &p++->Value.bin))) return hr;
    p->ulPropTag = PR_INSTANCE_KEY;
    p->Value.bin.cb = 8;
    if (FAILED(hr = MAPIAllocateMore(8, root, (void **)&p->Value.bin.lpb))) return hr;
    instance_key_build(id, p++->Value.bin.lpb);
    p->ulPropTag = PR_RECORD_KEY;
    p->Value.bin.cb = SQLMS_RECORD_KEY_SIZE;
    if (FAILED(hr = MAPIAllocateMore(SQLMS_RECORD_KEY_SIZE, root, (void **)&p->Value.bin.lpb))) return hr;
    record_key_build(store, SQLMS_MESSAGE, id, p++->Value.bin.lpb);
    p->ulPropTag = PR_STORE_ENTRYID;
    if (FAILED(hr = store_wrapped_entryid(store, root, &p++->Value.bin))) return hr;
    p->ulPropTag = PR_STORE_RECORD_KEY;
    p->Value.bin.cb = sizeof(GUID);
    p++->Value.bin.lpb = (BYTE *)&store->guid;
    p->ulPropTag = PR_MAPPING_SIGNATURE;
    p->Value.bin.cb = sizeof(GUID);
    p++->Value.bin.lpb = (BYTE *)&store->guid;
    p->ulPropTag = PR_MESSAGE_FLAGS;
    p++->Value.l = sqlite3_column_int(stmt, 3) | (sqlite3_column_int(stmt, 2) ? MSGFLAG_ASSOCIATED : 0);
    p->ulPropTag = PR_MSG_STATUS;
    p++->Value.l = sqlite3_column_int(stmt, 4);
    p->ulPropTag = PR_MESSAGE_SIZE;
    p++->Value.l = sqlite3_column_int(stmt, 5);
    p->ulPropTag = PR_OBJECT_TYPE;
    p++->Value.l = MAPI_MESSAGE;
    p->ulPropTag = PR_ACCESS;
    p++->Value.l = store->writable ? MAPI_ACCESS_READ | MAPI_ACCESS_MODIFY | MAPI_ACCESS_DELETE : MAPI_ACCESS_READ;
    p->ulPropTag = PR_ACCESS_LEVEL;
    p++->Value.l = store->writable ? MAPI_MODIFY : 0;
    for (i = 0; i < p - values; i++) values[i].dwAlignPad = 0;
    *count = p - values;
    *props = values;
    return S_OK;
}

/**************************************************************************
 *  Rows of the database
 */
HRESULT message_info(struct sqlms_store *store, LONGLONG id, LONGLONG *folder, ULONG *flags, ULONG *status)
{
    sqlite3_stmt *stmt = db_stmt(store->db, STMT_MSG_INFO);
    HRESULT hr = MAPI_E_NOT_FOUND;

    if (!stmt) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) == SQLITE_ROW)
    {
        *folder = sqlite3_column_int64(stmt, 0);
        *flags = sqlite3_column_int(stmt, 1);
        *status = sqlite3_column_int(stmt, 2);
        hr = S_OK;
    }
    sqlite3_reset(stmt);
    return hr;
}

static BOOL in_queue(struct sqlms_store *store, LONGLONG id, BYTE *owner, BOOL *locked)
{
    sqlite3_stmt *stmt = db_stmt(store->db, STMT_QUEUE_GET);
    BOOL queued = FALSE;

    if (locked) *locked = FALSE;
    if (!stmt) return FALSE;
    sqlite3_bind_int64(stmt, 1, id);
    if (sqlite3_step(stmt) == SQLITE_ROW)
    {
        queued = TRUE;
        if (sqlite3_column_type(stmt, 2) != SQLITE_NULL && sqlite3_column_bytes(stmt, 2) == 16)
        {
            if (owner) memcpy(owner, sqlite3_column_blob(stmt, 2), 16);
            if (locked) *locked = owner_is_alive(sqlite3_column_blob(stmt, 2), 16);
        }
    }
    sqlite3_reset(stmt);
    return queued;
}

HRESULT message_delete_rows(struct sqlms_store *store, LONGLONG id)
{
    sqlite3_stmt *stmt;
    HRESULT hr;

    if (!(stmt = db_stmt(store->db, STMT_ATTACH_DELETE_ALL))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    if (!(stmt = db_stmt(store->db, STMT_QUEUE_DELETE))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    if (!(stmt = db_stmt(store->db, STMT_MSG_DELETE))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    return db_step_done(store->db, stmt);
}

HRESULT message_copy_rows(struct sqlms_store *store, LONGLONG id, LONGLONG folder, LONGLONG *new_id)
{
    sqlite3_stmt *stmt;
    HRESULT hr;

    if (!(stmt = db_stmt(store->db, STMT_MSG_COPY))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, folder);
    if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    if (!sqlite3_changes(store->db->sql)) return MAPI_E_NOT_FOUND;
    *new_id = sqlite3_last_insert_rowid(store->db->sql);
    if (!(stmt = db_stmt(store->db, STMT_ATTACH_COPY))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, *new_id);
    return db_step_done(store->db, stmt);
}

/* Reads a message's values, recipients and attachment rows. */
static HRESULT message_load(struct message *msg)
{
    struct sqlms_store *store = msg->prop.store;
    SPropValue *values = NULL, *big = NULL, *time;
    ULONG count = 0, big_count = 0;
    sqlite3_stmt *stmt;
    HRESULT hr;
    int rc;

    if (!(stmt = db_stmt(store->db, STMT_MSG_GET))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, msg->id);
    if ((rc = sqlite3_step(stmt)) != SQLITE_ROW)
    {
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE ? MAPI_E_NOT_FOUND : db_hr(store->db, rc);
    }
    msg->folder = sqlite3_column_int64(stmt, 0);
    msg->assoc = sqlite3_column_int(stmt, 1) != 0;
    msg->flags = sqlite3_column_int(stmt, 2) & ~(MSGFLAG_HASATTACH | MSGFLAG_ASSOCIATED);
    msg->status = sqlite3_column_int(stmt, 3);
    msg->version = sqlite3_column_int(stmt, 4);
    if (SUCCEEDED(hr = blob_decode(sqlite3_column_blob(stmt, 5), sqlite3_column_bytes(stmt, 5), FALSE, NULL,
                                   &count, &values)) &&
        SUCCEEDED(hr = blob_decode(sqlite3_column_blob(stmt, 6), sqlite3_column_bytes(stmt, 6), FALSE, NULL,
                                   &big_count, &big)))
        hr = recips_decode(sqlite3_column_blob(stmt, 7), sqlite3_column_bytes(stmt, 7), msg->data);
    msg->size = sqlite3_column_bytes(stmt, 5) + sqlite3_column_bytes(stmt, 6) + sqlite3_column_bytes(stmt, 7);
    sqlite3_reset(stmt);
    if (SUCCEEDED(hr) && count) hr = IPropData_SetProps(msg->data->props, count, values, NULL);
    if (SUCCEEDED(hr) && big_count) hr = IPropData_SetProps(msg->data->props, big_count, big, NULL);
    if (SUCCEEDED(hr))
    {
        if ((time = PpropFindProp(values, count, PR_CREATION_TIME))) msg->created = filetime_to_int(&time->Value.ft);
        if ((time = PpropFindProp(values, count, PR_LAST_MODIFICATION_TIME)))
            msg->modified = filetime_to_int(&time->Value.ft);
    }
    MAPIFreeBuffer(values);
    MAPIFreeBuffer(big);
    if (FAILED(hr)) return hr;

    if (!(stmt = db_stmt(store->db, STMT_ATTACH_LIST))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, msg->id);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    {
        struct attach_entry *entry;
        SPropValue *size;

        if (!(entry = msgdata_add_attach(msg->data)))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        entry->num = sqlite3_column_int(stmt, 0);
        entry->in_db = TRUE;
        if (FAILED(hr = blob_decode(sqlite3_column_blob(stmt, 1), sqlite3_column_bytes(stmt, 1), TRUE, NULL,
                                    &entry->summary_count, &entry->summary)))
            break;
        if ((size = PpropFindProp(entry->summary, entry->summary_count, PR_ATTACH_SIZE))) entry->size = size->Value.l;
        msg->size += entry->size;
        msg->data->next_attach_num = max(msg->data->next_attach_num, entry->num + 1);
    }
    sqlite3_reset(stmt);
    return hr;
}

/* Brings an attachment that is only in the database into memory. */
static HRESULT load_attach(struct message *msg, struct attach_entry *entry)
{
    struct sqlms_store *store = msg->prop.store;
    SPropValue *summary = NULL, *big = NULL, *all = NULL;
    ULONG summary_count = 0, big_count = 0;
    sqlite3_stmt *stmt;
    HRESULT hr = MAPI_E_NOT_FOUND;

    if (entry->data) return S_OK;
    if (!(stmt = db_stmt(store->db, STMT_ATTACH_GET))) return MAPI_E_CALL_FAILED;
    sqlite3_bind_int64(stmt, 1, msg->id);
    sqlite3_bind_int(stmt, 2, entry->num);
    if (sqlite3_step(stmt) == SQLITE_ROW &&
        SUCCEEDED(hr = blob_decode(sqlite3_column_blob(stmt, 0), sqlite3_column_bytes(stmt, 0), FALSE, NULL,
                                   &summary_count, &summary)))
        hr = blob_decode(sqlite3_column_blob(stmt, 1), sqlite3_column_bytes(stmt, 1), FALSE, NULL, &big_count, &big);
    sqlite3_reset(stmt);
    if (SUCCEEDED(hr) && SUCCEEDED(hr = MAPIAllocateBuffer((summary_count + big_count + 1) * sizeof(SPropValue),
                                                           (void **)&all)))
    {
        memcpy(all, summary, summary_count * sizeof(SPropValue));
        memcpy(all + summary_count, big, big_count * sizeof(SPropValue));
        hr = attach_from_values(summary_count + big_count, all, &entry->data);
    }
    MAPIFreeBuffer(all);
    MAPIFreeBuffer(summary);
    MAPIFreeBuffer(big);
    if (hr == MAPI_E_NOT_FOUND) hr = MAPI_E_OBJECT_DELETED;
    return hr;
}

static const struct prop_object_ops message_prop_ops;

/* Logged off with the program holding it: what it owns goes, the block is MAPI's. */
static void message_abandon(struct sqlms_object *obj)
{
    struct message *msg = CONTAINING_RECORD(obj, struct message, object);

    if (msg->inbound) store_inbound_add(msg->prop.store, -1);
    if (msg->recip_table) ITableData_Release(msg->recip_table);
    if (msg->attach_table) ITableData_Release(msg->attach_table);
    propobj_cleanup(&msg->prop);
    msgdata_free(msg->data);
}

static struct message *message_alloc(struct sqlms_store *store, struct msg_data *data, BOOL writable)
{
    struct message *msg;

    if (!(msg = object_alloc(sizeof(*msg)))) return NULL;
    msg->IMessage_iface.lpVtbl = &message_vtbl;
    msg->ref = 1;
    if (FAILED(propobj_init(&msg->prop, (IMAPIProp *)&msg->IMessage_iface, store, &message_prop_ops, writable)))
    {
        object_free(msg);
        return NULL;
    }
    /* The object's bag is its data's. */
    IPropData_Release(msg->prop.bag);
    msg->prop.bag = data->props;
    IPropData_AddRef(msg->prop.bag);
    msg->data = data;
    store_addref(store);
    object_register(store, &msg->object, &msg->IMessage_iface, &msg->ref, VTBL_METHODS(IMessageVtbl),
                    message_abandon);
    msg->prop.object = &msg->object;
    return msg;
}

HRESULT message_open(struct sqlms_store *store, LONGLONG id, BOOL writable, IMessage **out)
{
    struct msg_data *data;
    struct message *msg;
    HRESULT hr;

    if (writable && !store->spooler && in_queue(store, id, NULL, NULL)) return MAPI_E_SUBMITTED;
    if (!(data = msgdata_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(msg = message_alloc(store, data, writable)))
    {
        msgdata_free(data);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    msg->id = id;
    if (FAILED(hr = message_load(msg)) || FAILED(hr = message_refresh(&msg->prop)))
    {
        IMessage_Release(&msg->IMessage_iface);
        return hr;
    }
    *out = &msg->IMessage_iface;
    return S_OK;
}

HRESULT message_create(struct sqlms_store *store, LONGLONG folder, ULONG flags, IMessage **out)
{
    struct msg_data *data;
    struct message *msg;
    SPropValue values[2];
    GUID search_key;
    FILETIME now;
    HRESULT hr;

    if (!(data = msgdata_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(msg = message_alloc(store, data, TRUE)))
    {
        msgdata_free(data);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    msg->folder = folder;
    msg->assoc = !!(flags & MAPI_ASSOCIATED);
    filetime_now(&now);
    msg->created = msg->modified = filetime_to_int(&now);
    CoCreateGuid(&search_key);
    values[0].ulPropTag = PR_MESSAGE_FLAGS;
    values[0].Value.l = MSGFLAG_UNSENT | MSGFLAG_READ;
    values[1].ulPropTag = PR_SEARCH_KEY;
    values[1].Value.bin.cb = sizeof(search_key);
    values[1].Value.bin.lpb = (BYTE *)&search_key;
    if (FAILED(hr = IPropData_SetProps(data->props, 2, values, NULL)) || FAILED(hr = message_refresh(&msg->prop)))
    {
        IMessage_Release(&msg->IMessage_iface);
        return hr;
    }
    if (store->spooler)
    {
        /* The spooler delivering mail: the store is busy until it is saved. */
        msg->inbound = TRUE;
        store_inbound_add(store, 1);
    }
    *out = &msg->IMessage_iface;
    return S_OK;
}

HRESULT message_open_embedded(struct sqlms_store *store, IUnknown *attach, struct msg_data **slot,
                              BOOL writable, BOOL create, IMessage **out)
{
    struct msg_data *data;
    struct message *msg;
    FILETIME now;
    HRESULT hr;

    if (!*slot && !create) return MAPI_E_NOT_FOUND;
    if (*slot && !create)
    {
        if (FAILED(hr = msgdata_copy(*slot, &data))) return hr;
    }
    else if (!(data = msgdata_create()))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(msg = message_alloc(store, data, writable)))
    {
        msgdata_free(data);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    msg->parent = attach;
    object_addref_internal(attach_object(attach));
    msg->slot = slot;
    msg->flags = create ? MSGFLAG_UNSENT | MSGFLAG_READ : data->flags;
    filetime_now(&now);
    msg->created = msg->modified = filetime_to_int(&now);
    if (create)
    {
        SPropValue flags = { PR_MESSAGE_FLAGS, 0, { .l = msg->flags } };
        IPropData_SetProps(data->props, 1, &flags, NULL);
    }
    if (FAILED(hr = message_refresh(&msg->prop)))
    {
        IMessage_Release(&msg->IMessage_iface);
        return hr;
    }
    *out = &msg->IMessage_iface;
    return S_OK;
}

/**************************************************************************
 *  Saving
 */
static BOOL top_not_stored(ULONG tag)
{
    return !message_value_stored(tag, FALSE);
}

/* Writes the attachments that changed, and drops the deleted ones. */
static HRESULT write_attachments(struct message *msg)
{
    struct sqlms_store *store = msg->prop.store;
    sqlite3_stmt *stmt;
    HRESULT hr = S_OK;
    ULONG i;

    for (i = 0; i < msg->data->deleted_count; i++)
    {
        if (!(stmt = db_stmt(store->db, STMT_ATTACH_DELETE_OTHERS))) return MAPI_E_CALL_FAILED;
        sqlite3_bind_int64(stmt, 1, msg->id);
        sqlite3_bind_int(stmt, 2, msg->data->deleted_nums[i]);
        if (FAILED(hr = db_step_done(store->db, stmt))) return hr;
    }
    for (i = 0; i < msg->data->attach_count && SUCCEEDED(hr); i++)
    {
        struct attach_entry *entry = &msg->data->attachs[i];
        struct sqlms_buffer embedded = { 0 }, summary = { 0 }, big = { 0 };
        SPropValue *values, size;
        ULONG count;
        void *head;

        if (!entry->dirty && entry->in_db) continue;
        if (!entry->data) continue;
        if (FAILED(hr = attach_storage_values(entry->data, &embedded, &count, &values, &head))) break;
        size.ulPropTag = PR_ATTACH_SIZE;
        size.dwAlignPad = 0;
        size.Value.l = entry->size;
        if (!blob_encode(&summary, count, values, BLOB_SUMMARY) || !blob_encode(&big, count, values, BLOB_BIG))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else
        {
            /* PR_ATTACH_SIZE rides in the summary for the attachment table. */
            struct sqlms_buffer with_size = { 0 };
            ULONG total;

            memcpy(&total, summary.data, 4);
            total++;
            if (!buffer_append(&with_size, &total, 4) || !buffer_append(&with_size, summary.data + 4, summary.size - 4))
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
            else
            {
                struct sqlms_buffer one = { 0 };
                if (!blob_encode(&one, 1, &size, BLOB_ALL) || !buffer_append(&with_size, one.data + 4, one.size - 4))
                    hr = MAPI_E_NOT_ENOUGH_MEMORY;
                buffer_free(&one);
            }
            buffer_free(&summary);
            summary = with_size;
        }
        if (SUCCEEDED(hr) && (stmt = db_stmt(store->db, STMT_ATTACH_PUT)))
        {
            sqlite3_bind_int64(stmt, 1, msg->id);
            sqlite3_bind_int(stmt, 2, entry->num);
            sqlite3_bind_blob(stmt, 3, summary.data, summary.size, SQLITE_STATIC);
            sqlite3_bind_blob(stmt, 4, big.data, big.size, SQLITE_STATIC);
            hr = db_step_done(store->db, stmt);
        }
        else if (SUCCEEDED(hr))
            hr = MAPI_E_CALL_FAILED;
        MAPIFreeBuffer(head);
        buffer_free(&embedded);
        buffer_free(&summary);
        buffer_free(&big);
    }
    return hr;
}

/**************************************************************************
 *  message_write
 *
 * Inside a transaction: the message's row (inserted the first time),
 * its attachments and the change log. force: FORCE_SAVE, saves over another
 * logon's changes.
 */
static HRESULT message_write(struct message *msg, BOOL force, BOOL *created)
{
    struct sqlms_store *store = msg->prop.store;
    struct sqlms_buffer summary = { 0 }, big = { 0 }, recips = { 0 };
    SPropValue *values = NULL, *delivery;
    ULONG count = 0, i, size, old_flags = 0, status;
    LONGLONG folder;
    sqlite3_stmt *stmt;
    FILETIME now;
    HRESULT hr;

    *created = !msg->id;
    filetime_now(&now);
    msg->modified = filetime_to_int(&now);
    if (FAILED(hr = message_refresh(&msg->prop))) return hr;
    if (FAILED(hr = bag_storable_values(msg->data->props, top_not_stored, &count, &values))) return hr;
    if (!blob_encode(&summary, count, values, BLOB_SUMMARY) || !blob_encode(&big, count, values, BLOB_BIG) ||
        FAILED(recips_encode(msg->data, &recips)))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    size = summary.size + big.size + recips.size;
    for (i = 0; i < msg->data->attach_count; i++) size += msg->data->attachs[i].size;
    delivery = PpropFindProp(values, count, PR_MESSAGE_DELIVERY_TIME);

    if (!msg->id)
    {
        if (FAILED(hr = folder_exists(store, msg->folder, NULL)))
        {
            hr = MAPI_E_OBJECT_DELETED;
            goto done;
        }
        if (!(stmt = db_stmt(store->db, STMT_MSG_INSERT))) goto failed_stmt;
        sqlite3_bind_int64(stmt, 1, msg->folder);
        sqlite3_bind_int(stmt, 2, msg->assoc);
        sqlite3_bind_int(stmt, 3, effective_flags(msg));
    }
    else
    {
        if (FAILED(hr = message_info(store, msg->id, &folder, &old_flags, &status)))
        {
            hr = MAPI_E_OBJECT_DELETED;
            goto done;
        }
        if (!force && (stmt = db_stmt(store->db, STMT_MSG_GET)))
        {
            LONG version;
            sqlite3_bind_int64(stmt, 1, msg->id);
            version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 4) : -1;
            sqlite3_reset(stmt);
            if (version != msg->version)
            {
                WARN("message %s changed since it was opened\n", wine_dbgstr_longlong(msg->id));
                hr = MAPI_E_OBJECT_CHANGED;
                goto done;
            }
        }
        msg->folder = folder;
        if (!(stmt = db_stmt(store->db, STMT_MSG_UPDATE))) goto failed_stmt;
        sqlite3_bind_int64(stmt, 1, msg->id);
        sqlite3_bind_int(stmt, 2, effective_flags(msg));
    }
    /* The two statements share their last parameters' numbers shifted by one. */
    {
        int base = msg->id ? 3 : 4;
        if (delivery) sqlite3_bind_int64(stmt, base, filetime_to_int(&delivery->Value.ft));
        else sqlite3_bind_null(stmt, base);
        sqlite3_bind_int(stmt, base + 1, size);
        sqlite3_bind_blob(stmt, base + 2, summary.data, summary.size, SQLITE_STATIC);
        sqlite3_bind_blob(stmt, base + 3, big.data, big.size, SQLITE_STATIC);
        sqlite3_bind_blob(stmt, base + 4, recips.data, recips.size, SQLITE_STATIC);
    }
    if (FAILED(hr = db_step_done(store->db, stmt))) goto done;
    if (!msg->id) msg->id = sqlite3_last_insert_rowid(store->db->sql);
    if ((stmt = db_stmt(store->db, STMT_MSG_GET)))
    {
        sqlite3_bind_int64(stmt, 1, msg->id);
        msg->saved_version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 4) : 1;
        sqlite3_reset(stmt);
    }
    if (FAILED(hr = write_attachments(msg))) goto done;
    if (FAILED(hr = store_log_change(store, *created ? EVENT_CREATED : EVENT_MODIFIED, SQLMS_MESSAGE, msg->id,
                                     msg->folder, 0, 0)))
        goto done;
    /* The folder's counts change with a new message or a read flag. */
    if ((*created || ((old_flags ^ effective_flags(msg)) & MSGFLAG_READ)) &&
        FAILED(hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, msg->folder, 0, 0, 0)))
        goto done;
    msg->size = size;
    goto done;

failed_stmt:
    hr = MAPI_E_CALL_FAILED;
done:
    MAPIFreeBuffer(values);
    buffer_free(&summary);
    buffer_free(&big);
    buffer_free(&recips);
    return hr;
}

/* After the commit: what is in memory is what is stored. */
static void message_saved(struct message *msg, BOOL created)
{
    ULONG i;

    msg->version = msg->saved_version;
    for (i = 0; i < msg->data->attach_count; i++)
    {
        msg->data->attachs[i].in_db = TRUE;
        msg->data->attachs[i].dirty = FALSE;
    }
    msg->data->deleted_count = 0;
    msg->prop.dirty = FALSE;
    if (msg->inbound)
    {
        msg->inbound = FALSE;
        store_inbound_add(msg->prop.store, -1);
    }
    message_refresh(&msg->prop);
}

static HRESULT message_save(struct message *msg, ULONG flags)
{
    struct sqlms_store *store = msg->prop.store;
    BOOL created = FALSE;
    HRESULT hr;

    if (msg->parent)
    {
        struct msg_data *copy;

        /* Into the attachment, which its own SaveChanges takes to the message. */
        if (FAILED(hr = message_refresh(&msg->prop))) return hr;
        msg->data->flags = effective_flags(msg);
        if (FAILED(hr = msgdata_copy(msg->data, &copy))) return hr;
        msgdata_free(*msg->slot);
        *msg->slot = copy;
        attach_embedded_saved(msg->parent);
        msg->prop.dirty = FALSE;
        return S_OK;
    }
    if (FAILED(hr = store_begin(store))) return hr;
    if (FAILED(hr = message_write(msg, !!(flags & FORCE_SAVE), &created)))
    {
        store_rollback(store);
        if (created) msg->id = 0;
        return hr;
    }
    if (FAILED(hr = store_commit(store)))
    {
        if (created) msg->id = 0;
        return hr;
    }
    message_saved(msg, created);
    return S_OK;
}

/**************************************************************************
 *  IMAPIProp of the message
 */
static HRESULT message_prop_check(struct prop_object *obj)
{
    return message_check(impl_from_prop(obj));
}

static HRESULT message_open_property(struct prop_object *obj, ULONG tag, const IID *iid, ULONG options,
                                     ULONG flags, IUnknown **out)
{
    struct message *msg = impl_from_prop(obj);

    if (tag != PR_MESSAGE_RECIPIENTS && tag != PR_MESSAGE_ATTACHMENTS) return MAPI_E_NO_SUPPORT;
    if (!IsEqualIID(iid, &IID_IMAPITable)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (tag == PR_MESSAGE_RECIPIENTS)
        return IMessage_GetRecipientTable(&msg->IMessage_iface, options & MAPI_UNICODE, (IMAPITable **)out);
    return IMessage_GetAttachmentTable(&msg->IMessage_iface, options & MAPI_UNICODE, (IMAPITable **)out);
}

static HRESULT copy_recipients(struct message *msg, IMessage *dest)
{
    ADRLIST *list;
    HRESULT hr;
    ULONG i, j;

    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(max(msg->data->recip_count, 1)), (void **)&list))) return hr;
    list->cEntries = msg->data->recip_count;
    for (i = 0; i < msg->data->recip_count; i++)
    {
        SRow *row = &msg->data->recips[i];
        SPropValue *values;

        list->aEntries[i].ulReserved1 = 0;
        if (FAILED(hr = MAPIAllocateMore(row->cValues * sizeof(SPropValue), list, (void **)&values))) goto done;
        list->aEntries[i].rgPropVals = values;
        list->aEntries[i].cValues = 0;
        for (j = 0; j < row->cValues; j++)
            if (row->lpProps[j].ulPropTag != PR_ROWID && row->lpProps[j].ulPropTag != PR_INSTANCE_KEY)
                values[list->aEntries[i].cValues++] = row->lpProps[j];
    }
    hr = IMessage_ModifyRecipients(dest, 0, list);
done:
    MAPIFreeBuffer(list);
    return hr;
}

static HRESULT copy_attachments(struct message *msg, IMessage *dest)
{
    HRESULT hr = S_OK;
    ULONG i, num;

    for (i = 0; i < msg->data->attach_count && SUCCEEDED(hr); i++)
    {
        struct attach_entry *entry = &msg->data->attachs[i];
        IAttach *src = NULL, *copy = NULL;

        struct attach_data *data;

        if (!entry->data && FAILED(hr = load_attach(msg, entry))) break;
        if (FAILED(hr = attachdata_copy(entry->data, &data))) break;
        if (FAILED(hr = attach_open(msg, entry->num, data, FALSE, &src)))
        {
            attachdata_free(data);
            break;
        }
        if (SUCCEEDED(hr = IMessage_CreateAttach(dest, NULL, 0, &num, &copy)))
        {
            if (SUCCEEDED(hr = IAttach_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IAttachment, copy, 0, NULL)))
                hr = IAttach_SaveChanges(copy, KEEP_OPEN_READWRITE);
            IAttach_Release(copy);
        }
        IAttach_Release(src);
    }
    return hr;
}

static HRESULT message_copy_subobjects(struct prop_object *obj, const SPropTagArray *include,
                                       const SPropTagArray *exclude, IMAPIProp *dest, ULONG flags)
{
    struct message *msg = impl_from_prop(obj);
    IMessage *dest_msg;
    HRESULT hr = S_OK;

    if (FAILED(IMAPIProp_QueryInterface(dest, &IID_IMessage, (void **)&dest_msg))) return S_OK;
    if (msg->data->recip_count && propobj_copy_wants(include, exclude, PR_MESSAGE_RECIPIENTS))
        hr = copy_recipients(msg, dest_msg);
    if (SUCCEEDED(hr) && msg->data->attach_count && propobj_copy_wants(include, exclude, PR_MESSAGE_ATTACHMENTS))
        hr = copy_attachments(msg, dest_msg);
    IMessage_Release(dest_msg);
    return hr;
}

static const struct prop_object_ops message_prop_ops =
{
    message_prop_check,
    message_is_computed,
    message_refresh,
    NULL,
    message_open_property,
    message_copy_subobjects,
    &IID_IMessage,
};

/**************************************************************************
 *  IMessage
 */
static HRESULT WINAPI message_QueryInterface(IMessage *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMessage))
    {
        *obj = iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI message_AddRef(IMessage *iface)
{
    struct message *msg = impl_from_IMessage(iface);
    ULONG ref = InterlockedIncrement(&msg->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI message_Release(IMessage *iface)
{
    struct message *msg = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&msg->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        struct sqlms_store *store = msg->prop.store;

        IUnknown *parent = msg->parent;

        object_unregister(&msg->object);
        if (msg->inbound) store_inbound_add(store, -1);
        if (msg->recip_table) ITableData_Release(msg->recip_table);
        if (msg->attach_table) ITableData_Release(msg->attach_table);
        propobj_cleanup(&msg->prop);
        msgdata_free(msg->data);
        object_free(msg);
        if (parent) object_release_internal(attach_object(parent));
        store_release(store);
    }
    return ref;
}

static HRESULT WINAPI message_GetLastError(IMessage *iface, HRESULT result, ULONG flags, MAPIERROR **error)
{
    TRACE("(%p,%#lx,%#lx,%p)\n", iface, result, flags, error);
    return sqlms_get_last_error(result, flags, error);
}

/**************************************************************************
 *  IMessage_SaveChanges
 *
 * NOTES
 *  One transaction. Without FORCE_SAVE, a message another logon saved since
 *  this one opened it is not overwritten (MAPI_E_OBJECT_CHANGED). Without
 *  KEEP_OPEN_READWRITE the object is read-only afterwards.
 */
static HRESULT WINAPI message_SaveChanges(IMessage *iface, ULONG flags)
{
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    HRESULT hr;

    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~SAVE_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if ((flags & KEEP_OPEN_READONLY) && (flags & KEEP_OPEN_READWRITE)) return MAPI_E_INVALID_PARAMETER;
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    if (!msg->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (!msg->parent && msg->id && !store->spooler && in_queue(store, msg->id, NULL, NULL))
    {
        hr = MAPI_E_SUBMITTED;
        goto done;
    }
    if (SUCCEEDED(hr = message_save(msg, flags)) && !(flags & KEEP_OPEN_READWRITE)) msg->prop.writable = FALSE;
done:
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI message_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                       SPropValue **values)
{
    TRACE("(%p,%p,%#lx,%p,%p)\n", iface, tags, flags, count, values);
    return propobj_GetProps(&impl_from_IMessage(iface)->prop, tags, flags, count, values);
}

static HRESULT WINAPI message_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    TRACE("(%p,%#lx,%p)\n", iface, flags, tags);
    return propobj_GetPropList(&impl_from_IMessage(iface)->prop, flags, tags);
}

static HRESULT WINAPI message_OpenProperty(IMessage *iface, ULONG tag, const IID *iid, ULONG options,
                                           ULONG flags, IUnknown **out)
{
    TRACE("(%p,%#lx,%s,%#lx,%#lx,%p)\n", iface, tag, debugstr_guid(iid), options, flags, out);
    return propobj_OpenProperty(&impl_from_IMessage(iface)->prop, tag, iid, options, flags, out);
}

static HRESULT WINAPI message_SetProps(IMessage *iface, ULONG count, SPropValue *values,
                                       SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p)\n", iface, count, values, problems);
    return propobj_SetProps(&impl_from_IMessage(iface)->prop, count, values, problems);
}

static HRESULT WINAPI message_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    TRACE("(%p,%p,%p)\n", iface, tags, problems);
    return propobj_DeleteProps(&impl_from_IMessage(iface)->prop, tags, problems);
}

static HRESULT WINAPI message_CopyTo(IMessage *iface, ULONG excluded_iid_count, const IID *excluded_iids,
                                     SPropTagArray *excluded, ULONG ui_param, IMAPIProgress *progress,
                                     const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    TRACE("(%p,%lu,%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, excluded_iid_count, excluded_iids, excluded,
          ui_param, progress, debugstr_guid(iid), dest, flags, problems);
    return propobj_CopyTo(&impl_from_IMessage(iface)->prop, excluded_iid_count, excluded_iids, excluded,
                          ui_param, progress, iid, dest, flags, problems);
}

static HRESULT WINAPI message_CopyProps(IMessage *iface, SPropTagArray *included, ULONG ui_param,
                                        IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                                        SPropProblemArray **problems)
{
    TRACE("(%p,%p,%#lx,%p,%s,%p,%#lx,%p)\n", iface, included, ui_param, progress, debugstr_guid(iid), dest,
          flags, problems);
    return propobj_CopyProps(&impl_from_IMessage(iface)->prop, included, ui_param, progress, iid, dest,
                             flags, problems);
}

static HRESULT WINAPI message_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                              ULONG *count, MAPINAMEID ***names)
{
    TRACE("(%p,%p,%s,%#lx,%p,%p)\n", iface, tags, debugstr_guid(guid), flags, count, names);
    return propobj_GetNamesFromIDs(&impl_from_IMessage(iface)->prop, tags, guid, flags, count, names);
}

static HRESULT WINAPI message_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                              SPropTagArray **tags)
{
    TRACE("(%p,%lu,%p,%#lx,%p)\n", iface, count, names, flags, tags);
    return propobj_GetIDsFromNames(&impl_from_IMessage(iface)->prop, count, names, flags, tags);
}

/* The row of one attachment in the attachment table. */
static HRESULT attach_row(struct attach_entry *entry, void **root, SRow *row)
{
    SPropValue *values;
    ULONG i, n = 0;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer((entry->summary_count + 5) * sizeof(SPropValue), root))) return hr;
    values = *root;
    for (i = 0; i < entry->summary_count; i++)
    {
        ULONG tag = entry->summary[i].ulPropTag;
        if (tag == PR_ATTACH_NUM || tag == PR_INSTANCE_KEY || tag == PR_OBJECT_TYPE || tag == PR_ATTACH_SIZE ||
            PROP_ID(tag) == PR_ATTACH_DATA_OBJ_ID)
            continue;
        values[n++] = entry->summary[i];
    }
    values[n].ulPropTag = PR_ATTACH_NUM;
    values[n++].Value.l = entry->num;
    values[n].ulPropTag = PR_INSTANCE_KEY;
    values[n].Value.bin.cb = sizeof(entry->num);
    values[n++].Value.bin.lpb = (BYTE *)&entry->num;
    values[n].ulPropTag = PR_OBJECT_TYPE;
    values[n++].Value.l = MAPI_ATTACH;
    values[n].ulPropTag = PR_ATTACH_SIZE;
    values[n++].Value.l = entry->size;
    if (!PpropFindProp(values, n, PR_RENDERING_POSITION))
    {
        values[n].ulPropTag = PR_RENDERING_POSITION;
        values[n++].Value.l = -1;
    }
    for (i = 0; i < n; i++) values[i].dwAlignPad = 0;
    row->ulAdrEntryPad = 0;
    row->cValues = n;
    row->lpProps = values;
    return S_OK;
}

static HRESULT update_attach_row(struct message *msg, struct attach_entry *entry)
{
    void *root;
    SRow row;
    HRESULT hr;

    if (!msg->attach_table) return S_OK;
    if (FAILED(hr = attach_row(entry, &root, &row))) return hr;
    hr = ITableData_HrModifyRow(msg->attach_table, &row);
    MAPIFreeBuffer(root);
    return hr;
}

/* Every column the rows have, for a table whose rows differ. */
static SPropTagArray *union_columns(SRow *rows, ULONG count, const ULONG *first, ULONG first_count)
{
    SPropTagArray *columns;
    ULONG total = first_count, i, j, k;

    for (i = 0; i < count; i++) total += rows[i].cValues;
    if (FAILED(MAPIAllocateBuffer(CbNewSPropTagArray(total), (void **)&columns))) return NULL;
    columns->cValues = 0;
    for (i = 0; i < first_count; i++) columns->aulPropTag[columns->cValues++] = first[i];
    for (i = 0; i < count; i++)
        for (j = 0; j < rows[i].cValues; j++)
        {
            ULONG tag = rows[i].lpProps[j].ulPropTag;
            for (k = 0; k < columns->cValues; k++)
                if (columns->aulPropTag[k] == tag) break;
            if (k == columns->cValues) columns->aulPropTag[columns->cValues++] = tag;
        }
    return columns;
}

static HRESULT WINAPI message_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    static const ULONG first[] = { PR_ATTACH_NUM, PR_INSTANCE_KEY, PR_RENDERING_POSITION, PR_ATTACH_METHOD };
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    SPropTagArray *columns = NULL;
    void **roots = NULL;
    SRow *rows = NULL;
    ULONG i, count = 0;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    count = msg->data->attach_count;
    if (!(rows = heap_alloc_zero(max(count, 1) * sizeof(*rows))) ||
        !(roots = heap_alloc_zero(max(count, 1) * sizeof(*roots))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < count; i++)
        if (FAILED(hr = attach_row(&msg->data->attachs[i], &roots[i], &rows[i]))) goto done;
    if (!msg->attach_table)
    {
        if (FAILED(hr = table_data_create(NULL, &msg->attach_table))) goto done;
        for (i = 0; i < count && SUCCEEDED(hr); i++) hr = ITableData_HrModifyRow(msg->attach_table, &rows[i]);
        if (FAILED(hr)) goto done;
    }
    if (!(columns = union_columns(rows, count, first, ARRAY_SIZE(first))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < columns->cValues; i++)
        if (!(flags & MAPI_UNICODE) && PROP_TYPE(columns->aulPropTag[i]) == PT_UNICODE)
            columns->aulPropTag[i] = CHANGE_PROP_TYPE(columns->aulPropTag[i], PT_STRING8);
    hr = table_wrap_view(store, msg->attach_table, columns, flags, NULL, table);
done:
    store_unlock(store);
    for (i = 0; roots && i < count; i++) MAPIFreeBuffer(roots[i]);
    heap_free(roots);
    heap_free(rows);
    MAPIFreeBuffer(columns);
    return hr;
}

static HRESULT WINAPI message_OpenAttach(IMessage *iface, ULONG num, const IID *iid, ULONG flags, IAttach **out)
{
    static const IID *const attach_iids[] = { &IID_IAttachment, &IID_IMAPIProp, &IID_IUnknown, NULL };
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    struct attach_entry *entry;
    struct attach_data *copy;
    BOOL writable;
    HRESULT hr;

    TRACE("(%p,%lu,%s,%#lx,%p)\n", iface, num, debugstr_guid(iid), flags, out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS)) return MAPI_E_UNKNOWN_FLAGS;
    if (!is_valid_iid(iid, attach_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    if ((flags & MAPI_MODIFY) && !msg->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    writable = (flags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) && msg->prop.writable;
    if (!(entry = msgdata_find_attach(msg->data, num)))
    {
        hr = MAPI_E_NOT_FOUND;
        goto done;
    }
    if (FAILED(hr = load_attach(msg, entry))) goto done;
    if (FAILED(hr = attachdata_copy(entry->data, &copy))) goto done;
    if (FAILED(hr = attach_open(msg, num, copy, writable, out))) attachdata_free(copy);
done:
    store_unlock(store);
    return hr;
}

static HRESULT WINAPI message_CreateAttach(IMessage *iface, const IID *iid, ULONG flags, ULONG *num, IAttach **out)
{
    static const IID *const attach_iids[] = { &IID_IAttachment, &IID_IMAPIProp, &IID_IUnknown, NULL };
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    struct attach_data *data;
    HRESULT hr;

    TRACE("(%p,%s,%#lx,%p,%p)\n", iface, debugstr_guid(iid), flags, num, out);

    if (!out || !num) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (flags & ~MAPI_DEFERRED_ERRORS) return MAPI_E_UNKNOWN_FLAGS;
    if (!is_valid_iid(iid, attach_iids)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    if (!msg->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (!(data = attachdata_create()))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    *num = msg->data->next_attach_num++;
    if (FAILED(hr = attach_open(msg, *num, data, TRUE, out))) attachdata_free(data);
done:
    store_unlock(store);
    return hr;
}

/* IAttach::SaveChanges: the attachment's data replaces what the message had. */
HRESULT message_attach_saved(struct message *msg, ULONG num, struct attach_data *data)
{
    struct attach_entry *entry;
    struct attach_data *copy;
    HRESULT hr;

    if (FAILED(hr = message_check(msg))) return hr;
    if (!msg->prop.writable) return MAPI_E_NO_ACCESS;
    if (FAILED(hr = attachdata_copy(data, &copy))) return hr;
    if (!(entry = msgdata_find_attach(msg->data, num)))
    {
        if (!(entry = msgdata_add_attach(msg->data)))
        {
            attachdata_free(copy);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        entry->num = num;
    }
    attachdata_free(entry->data);
    entry->data = copy;
    entry->dirty = TRUE;
    if (FAILED(hr = attach_entry_summarize(entry))) return hr;
    msg->prop.dirty = TRUE;
    return update_attach_row(msg, entry);
}

static HRESULT WINAPI message_DeleteAttach(IMessage *iface, ULONG num, ULONG ui_param, IMAPIProgress *progress,
                                           ULONG flags)
{
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    struct attach_entry *entry;
    HRESULT hr;

    TRACE("(%p,%lu,%#lx,%p,%#lx)\n", iface, num, ui_param, progress, flags);

    if (flags & ~ATTACH_DIALOG) return MAPI_E_UNKNOWN_FLAGS;
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    if (!msg->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (!(entry = msgdata_find_attach(msg->data, num)))
    {
        hr = MAPI_E_NOT_FOUND;
        goto done;
    }
    if (entry->in_db)
    {
        struct msg_data *data = msg->data;

        if (data->deleted_count == data->deleted_capacity)
        {
            ULONG capacity = max(4, data->deleted_capacity * 2);
            ULONG *nums = heap_realloc(data->deleted_nums, capacity * sizeof(*nums));

            if (!nums)
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                goto done;
            }
            data->deleted_nums = nums;
            data->deleted_capacity = capacity;
        }
        data->deleted_nums[data->deleted_count++] = num;
    }
    attach_entry_clear(entry);
    *entry = msg->data->attachs[--msg->data->attach_count];
    msg->prop.dirty = TRUE;
    if (msg->attach_table)
    {
        SPropValue key;
        key.ulPropTag = PR_INSTANCE_KEY;
        key.Value.bin.cb = sizeof(num);
        key.Value.bin.lpb = (BYTE *)&num;
        ITableData_HrDeleteRow(msg->attach_table, &key);
    }
done:
    store_unlock(store);
    return hr;
}

static HRESULT recip_table_row(const SRow *src, void **root, SRow *row)
{
    SPropValue *values, *rowid;
    HRESULT hr;

    if (FAILED(hr = MAPIAllocateBuffer((src->cValues + 1) * sizeof(SPropValue), root))) return hr;
    values = *root;
    memcpy(values, src->lpProps, src->cValues * sizeof(SPropValue));
    rowid = PpropFindProp(values, src->cValues, PR_ROWID);
    values[src->cValues].ulPropTag = PR_INSTANCE_KEY;
    values[src->cValues].dwAlignPad = 0;
    values[src->cValues].Value.bin.cb = sizeof(LONG);
    values[src->cValues].Value.bin.lpb = rowid ? (BYTE *)&rowid->Value.l : NULL;
    row->ulAdrEntryPad = 0;
    row->cValues = src->cValues + 1;
    row->lpProps = values;
    return S_OK;
}

static HRESULT WINAPI message_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    static const ULONG first[] = { PR_ROWID, PR_INSTANCE_KEY, PR_DISPLAY_NAME_W, PR_RECIPIENT_TYPE,
                                   PR_EMAIL_ADDRESS_W, PR_ADDRTYPE_W, PR_ENTRYID };
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    SPropTagArray *columns = NULL;
    void **roots = NULL;
    SRow *rows = NULL;
    ULONG i, count = 0;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    count = msg->data->recip_count;
    if (!(rows = heap_alloc_zero(max(count, 1) * sizeof(*rows))) ||
        !(roots = heap_alloc_zero(max(count, 1) * sizeof(*roots))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < count; i++)
        if (FAILED(hr = recip_table_row(&msg->data->recips[i], &roots[i], &rows[i]))) goto done;
    if (!msg->recip_table)
    {
        if (FAILED(hr = table_data_create(NULL, &msg->recip_table))) goto done;
        for (i = 0; i < count && SUCCEEDED(hr); i++) hr = ITableData_HrModifyRow(msg->recip_table, &rows[i]);
        if (FAILED(hr)) goto done;
    }
    if (!(columns = union_columns(rows, count, first, ARRAY_SIZE(first))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < columns->cValues; i++)
        if (!(flags & MAPI_UNICODE) && PROP_TYPE(columns->aulPropTag[i]) == PT_UNICODE)
            columns->aulPropTag[i] = CHANGE_PROP_TYPE(columns->aulPropTag[i], PT_STRING8);
    hr = table_wrap_view(store, msg->recip_table, columns, flags, NULL, table);
done:
    store_unlock(store);
    for (i = 0; roots && i < count; i++) MAPIFreeBuffer(roots[i]);
    heap_free(roots);
    heap_free(rows);
    MAPIFreeBuffer(columns);
    return hr;
}

/* A recipient row from an ADRENTRY: its values, without errors, with the row ID given. */
static HRESULT make_recip(const ADRENTRY *entry, LONG rowid, SRow *row)
{
    SPropValue *values;
    ULONG size, i, n = 0;
    SCODE sc;

    if (FAILED(sc = MAPIAllocateBuffer((entry->cValues + 1) * sizeof(SPropValue), (void **)&values))) return sc;
    for (i = 0; i < entry->cValues; i++)
    {
        ULONG tag = entry->rgPropVals[i].ulPropTag;
        if (PROP_TYPE(tag) == PT_ERROR || tag == PR_NULL || tag == PR_ROWID || tag == PR_INSTANCE_KEY ||
            !prop_is_storable(tag))
            continue;
        values[n++] = entry->rgPropVals[i];
    }
    values[n].ulPropTag = PR_ROWID;
    values[n].dwAlignPad = 0;
    values[n++].Value.l = rowid;
    /* One block of its own for the row. */
    if (FAILED(sc = ScCountProps(n, values, &size)) || FAILED(sc = MAPIAllocateBuffer(size, (void **)&row->lpProps)))
    {
        MAPIFreeBuffer(values);
        return sc;
    }
    sc = ScCopyProps(n, values, row->lpProps, NULL);
    MAPIFreeBuffer(values);
    row->ulAdrEntryPad = 0;
    row->cValues = n;
    return sc;
}

static LONG find_rowid(const ADRENTRY *entry)
{
    ULONG i;

    for (i = 0; i < entry->cValues; i++)
        if (entry->rgPropVals[i].ulPropTag == PR_ROWID) return entry->rgPropVals[i].Value.l;
    return -1;
}

static ULONG recip_index(struct msg_data *data, LONG rowid)
{
    ULONG i;

    for (i = 0; i < data->recip_count; i++)
    {
        SPropValue *value = PpropFindProp(data->recips[i].lpProps, data->recips[i].cValues, PR_ROWID);
        if (value && value->Value.l == rowid) return i;
    }
    return ~0u;
}

static void recip_table_update(struct message *msg, ULONG index, LONG deleted_rowid)
{
    void *root;
    SRow row;

    if (!msg->recip_table) return;
    if (index != ~0u)
    {
        if (SUCCEEDED(recip_table_row(&msg->data->recips[index], &root, &row)))
        {
            ITableData_HrModifyRow(msg->recip_table, &row);
            MAPIFreeBuffer(root);
        }
    }
    else
    {
        SPropValue key;
        key.ulPropTag = PR_INSTANCE_KEY;
        key.Value.bin.cb = sizeof(LONG);
        key.Value.bin.lpb = (BYTE *)&deleted_rowid;
        ITableData_HrDeleteRow(msg->recip_table, &key);
    }
}

/**************************************************************************
 *  IMessage_ModifyRecipients
 *
 * NOTES
 *  No flag replaces every recipient; MODRECIP_ADD adds (each entry gets a
 *  new PR_ROWID); MODRECIP_MODIFY and MODRECIP_REMOVE find recipients by the
 *  PR_ROWID of each entry.
 */
static HRESULT WINAPI message_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *mods)
{
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    ULONG i, index, mode = flags & (MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE);
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", iface, flags, mods);

    if (!mods || IsBadReadPtr(mods, offsetof(ADRLIST, aEntries))) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (mode & (mode - 1)) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < mods->cEntries; i++)
    {
        if (mods->aEntries[i].cValues && !mods->aEntries[i].rgPropVals) return MAPI_E_INVALID_PARAMETER;
        if ((mode == MODRECIP_MODIFY || mode == MODRECIP_REMOVE) && find_rowid(&mods->aEntries[i]) < 0)
            return MAPI_E_INVALID_PARAMETER;
    }

    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    if (!msg->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (mode == MODRECIP_MODIFY || mode == MODRECIP_REMOVE)
    {
        for (i = 0; i < mods->cEntries; i++)
            if (recip_index(msg->data, find_rowid(&mods->aEntries[i])) == ~0u)
            {
                hr = MAPI_E_NOT_FOUND;
                goto done;
            }
    }
    if (!mode)
    {
        while (msg->data->recip_count)
        {
            SRow *row = &msg->data->recips[msg->data->recip_count - 1];
            SPropValue *rowid = PpropFindProp(row->lpProps, row->cValues, PR_ROWID);
            LONG id = rowid ? rowid->Value.l : 0;

            MAPIFreeBuffer(row->lpProps);
            msg->data->recip_count--;
            recip_table_update(msg, ~0u, id);
        }
    }
    for (i = 0; i < mods->cEntries && SUCCEEDED(hr); i++)
    {
        const ADRENTRY *entry = &mods->aEntries[i];
        SRow row;

        if (mode == MODRECIP_REMOVE)
        {
            LONG rowid = find_rowid(entry);
            index = recip_index(msg->data, rowid);
            MAPIFreeBuffer(msg->data->recips[index].lpProps);
            msg->data->recips[index] = msg->data->recips[--msg->data->recip_count];
            recip_table_update(msg, ~0u, rowid);
            continue;
        }
        if (mode == MODRECIP_MODIFY)
        {
            LONG rowid = find_rowid(entry);
            index = recip_index(msg->data, rowid);
            if (FAILED(hr = make_recip(entry, rowid, &row))) break;
            MAPIFreeBuffer(msg->data->recips[index].lpProps);
            msg->data->recips[index] = row;
            recip_table_update(msg, index, 0);
            continue;
        }
        if (FAILED(hr = make_recip(entry, msg->data->next_rowid, &row))) break;
        if (!msgdata_add_recip(msg->data, &row))
        {
            MAPIFreeBuffer(row.lpProps);
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        msg->data->next_rowid++;
        recip_table_update(msg, msg->data->recip_count - 1, 0);
    }
    msg->prop.dirty = TRUE;
done:
    store_unlock(store);
    return hr;
}

/**************************************************************************
 *  IMessage_SubmitMessage
 *
 * NOTES
 *  As MAPI's stores do: IMAPISupport::SpoolerNotify(NOTIFY_READYTOSEND)
 *  once per logon, PrepareSubmit for a message marked MSGFLAG_RESEND,
 *  MSGFLAG_SUBMIT and PR_CLIENT_SUBMIT_TIME, ExpandRecips, then one
 *  transaction saves the message and puts it in the outgoing queue. The
 *  object answers MAPI_E_INVALID_OBJECT afterwards.
 */
static HRESULT WINAPI message_SubmitMessage(IMessage *iface, ULONG flags)
{
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    ULONG prepare_flags = 0, expand_flags = 0, submit_flags;
    SPropValue time;
    sqlite3_stmt *stmt;
    BOOL created = FALSE;
    FILETIME now;
    HRESULT hr;

    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~FORCE_SUBMIT)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    if (msg->parent)
    {
        hr = MAPI_E_NO_SUPPORT; /* an embedded message is sent with its message */
        goto done;
    }
    if (!msg->prop.writable)
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (!msg->data->recip_count)
    {
        hr = MAPI_E_NO_RECIPIENTS;
        goto done;
    }
    if (msg->id && in_queue(store, msg->id, NULL, NULL))
    {
        hr = MAPI_E_SUBMITTED;
        goto done;
    }
    message_refresh(&msg->prop);
    if (!store->ready_to_send)
    {
        IMAPISupport_SpoolerNotify(store->support, NOTIFY_READYTOSEND, NULL);
        store->ready_to_send = TRUE;
    }
    if ((msg->flags & MSGFLAG_RESEND) &&
        FAILED(hr = IMAPISupport_PrepareSubmit(store->support, &msg->IMessage_iface, &prepare_flags)))
    {
        WARN("PrepareSubmit failed: %#lx\n", hr);
        goto done;
    }
    filetime_now(&now);
    time.ulPropTag = PR_CLIENT_SUBMIT_TIME;
    time.dwAlignPad = 0;
    time.Value.ft = now;
    if (FAILED(hr = IPropData_SetProps(msg->data->props, 1, &time, NULL))) goto done;
    /* ExpandRecips reads the message: an unsaved one must not take its flags from the bag again. */
    msg->submitting = TRUE;
    msg->flags = (msg->flags | MSGFLAG_SUBMIT | MSGFLAG_UNSENT) & ~MSGFLAG_RESEND;
    if (FAILED(hr = IMAPISupport_ExpandRecips(store->support, &msg->IMessage_iface, &expand_flags)))
    {
        WARN("ExpandRecips failed: %#lx\n", hr);
        msg->flags &= ~MSGFLAG_SUBMIT;
        goto done;
    }
    submit_flags = expand_flags & NEEDS_PREPROCESSING ? SUBMITFLAG_PREPROCESS : 0;

    if (FAILED(hr = store_begin(store))) goto undo;
    if (FAILED(hr = message_write(msg, TRUE, &created))) goto rollback;
    if (!(stmt = db_stmt(store->db, STMT_QUEUE_INSERT)))
    {
        hr = MAPI_E_CALL_FAILED;
        goto rollback;
    }
    sqlite3_bind_int64(stmt, 1, msg->id);
    sqlite3_bind_int64(stmt, 2, filetime_to_int(&now));
    sqlite3_bind_int(stmt, 3, submit_flags);
    if (FAILED(hr = db_step_done(store->db, stmt))) goto rollback;
    if (FAILED(hr = store_log_change(store, EVENT_QUEUE, SQLMS_MESSAGE, msg->id, msg->folder, 0, 0))) goto rollback;
    if (FAILED(hr = store_commit(store))) goto undo_id;
    message_saved(msg, created);
    msg->submitted = TRUE;
    goto done;

rollback:
    store_rollback(store);
undo_id:
    if (created) msg->id = 0;
undo:
    msg->flags &= ~MSGFLAG_SUBMIT;
done:
    msg->submitting = FALSE;
    store_unlock(store);
    return hr;
}

/**************************************************************************
 *  IMessage_SetReadFlag
 *
 * NOTES
 *  A saved message's read flag is written at once, as Windows stores do,
 *  even on a read-only object. Read receipts are not generated (FIXME).
 */
static HRESULT WINAPI message_SetReadFlag(IMessage *iface, ULONG flags)
{
    struct message *msg = impl_from_IMessage(iface);
    struct sqlms_store *store = msg->prop.store;
    ULONG new_flags;
    sqlite3_stmt *stmt;
    HRESULT hr;

    TRACE("(%p,%#lx)\n", iface, flags);

    if (flags & ~READ_FLAG_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if ((flags & GENERATE_RECEIPT_ONLY) && (flags & (CLEAR_READ_FLAG | SUPPRESS_RECEIPT)))
        return MAPI_E_INVALID_PARAMETER;
    store_lock(store);
    if (FAILED(hr = message_check(msg))) goto done;
    message_refresh(&msg->prop);
    new_flags = msg->flags;
    if (!(flags & GENERATE_RECEIPT_ONLY))
    {
        if (flags & CLEAR_READ_FLAG) new_flags &= ~MSGFLAG_READ;
        else new_flags |= MSGFLAG_READ;
    }
    if (flags & (CLEAR_RN_PENDING | SUPPRESS_RECEIPT | GENERATE_RECEIPT_ONLY) || !(flags & CLEAR_READ_FLAG))
        new_flags &= ~MSGFLAG_RN_PENDING;
    if (flags & CLEAR_NRN_PENDING) new_flags &= ~MSGFLAG_NRN_PENDING;
    if (!msg->id || msg->parent)
    {
        SPropValue value = { PR_MESSAGE_FLAGS, 0, { .l = new_flags } };
        msg->flags = new_flags;
        hr = IPropData_SetProps(msg->data->props, 1, &value, NULL);
        goto done;
    }
    if (new_flags == msg->flags) goto done;
    if (FAILED(hr = store_begin(store))) goto done;
    if (!(stmt = db_stmt(store->db, STMT_MSG_SET_FLAGS)))
    {
        store_rollback(store);
        hr = MAPI_E_CALL_FAILED;
        goto done;
    }
    sqlite3_bind_int64(stmt, 1, msg->id);
    sqlite3_bind_int(stmt, 2, new_flags | (msg->data->attach_count ? MSGFLAG_HASATTACH : 0));
    if (SUCCEEDED(hr = db_step_done(store->db, stmt)) &&
        SUCCEEDED(hr = store_log_change(store, EVENT_MODIFIED, SQLMS_MESSAGE, msg->id, msg->folder, 0, 0)) &&
        SUCCEEDED(hr = store_log_change(store, EVENT_MODIFIED, SQLMS_FOLDER, msg->folder, 0, 0, 0)))
        hr = store_commit(store);
    else
        store_rollback(store);
    if (SUCCEEDED(hr))
    {
        msg->flags = new_flags;
        msg->version++;
        message_refresh(&msg->prop);
    }
done:
    store_unlock(store);
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

/**************************************************************************
 *  message_lock_state
 *
 * IMsgStore::SetLockState: saves what the spooler changed, then takes or
 * gives back the message's queue lock in one transaction. A lock another
 * live spooler logon holds is refused (MAPI_E_BUSY): one message is never
 * in two transports' hands.
 */
HRESULT message_lock_state(IMessage *iface, struct sqlms_store *store, ULONG state)
{
    struct message *msg = impl_from_IMessage(iface);
    BYTE owner[16];
    BOOL locked;
    sqlite3_stmt *stmt;
    HRESULT hr;

    if (FAILED(hr = message_check(msg))) return hr;
    if (msg->prop.store != store || !msg->id) return MAPI_E_INVALID_PARAMETER;
    if (msg->prop.dirty && msg->prop.writable && FAILED(hr = message_save(msg, FORCE_SAVE))) return hr;
    if (FAILED(hr = store_begin(store))) return hr;
    memset(owner, 0, sizeof(owner));
    if (!in_queue(store, msg->id, owner, &locked))
    {
        store_rollback(store);
        return MAPI_E_NOT_IN_QUEUE;
    }
    if (locked && memcmp(owner, store->origin, sizeof(owner)))
    {
        store_rollback(store);
        WARN("message %s is locked by another spooler\n", wine_dbgstr_longlong(msg->id));
        return MAPI_E_BUSY;
    }
    if (!(stmt = db_stmt(store->db, STMT_QUEUE_LOCK)))
    {
        store_rollback(store);
        return MAPI_E_CALL_FAILED;
    }
    sqlite3_bind_int64(stmt, 1, msg->id);
    if (state == MSG_LOCKED)
    {
        sqlite3_bind_int(stmt, 2, SUBMITFLAG_LOCKED);
        sqlite3_bind_blob(stmt, 3, store->origin, sizeof(store->origin), SQLITE_STATIC);
    }
    else
    {
        sqlite3_bind_int(stmt, 2, 0);
        sqlite3_bind_null(stmt, 3);
    }
    if (FAILED(hr = db_step_done(store->db, stmt)) ||
        FAILED(hr = store_log_change(store, EVENT_QUEUE, SQLMS_MESSAGE, msg->id, msg->folder, 0, 0)))
    {
        store_rollback(store);
        return hr;
    }
    return store_commit(store);
}
