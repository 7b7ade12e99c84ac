/*
 * Declarations shared by the files of sqlms32.dll, the sample message store.
 *
 * One logon is one struct sqlms_store: the IMSLogon MAPI holds, the IMsgStore
 * the program gets, one SQLite connection and one lock. Folders, messages,
 * attachments, streams and tables opened from the store hold a reference on
 * its IMsgStore and take its lock in each method. Each object the program
 * gets is a MAPIAllocateBuffer block MakeInvalid can take over (objects.c).
 */
#ifndef __SQLMS_PRIVATE_H
#define __SQLMS_PRIVATE_H

#define COBJMACROS
#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapispi.h"
#include "sqlms.h"

#include <sqlite3.h>

/* Size macros Wine's mapidefs.h lacks */
#ifndef CbNewSSortOrderSet
#define CbNewSSortOrderSet(c) (offsetof(SSortOrderSet, aSort) + (c) * sizeof(SSortOrder))
#define CbSSortOrderSet(p)    CbNewSSortOrderSet((p)->cSorts)
#endif
#ifndef SizedSSortOrderSet
#define SizedSSortOrderSet(n, name) \
    struct _SSortOrderSet_##name { ULONG cSorts; ULONG cCategories; ULONG cExpanded; SSortOrder aSort[n]; } name
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(c)       (offsetof(ADRLIST, aEntries) + (c) * sizeof(ADRENTRY))
#endif
#ifndef ATTACH_DIALOG
#define ATTACH_DIALOG 0x00000001
#endif

/* Tags Wine's mapitags.h lacks */
#define PR_HTML                  PROP_TAG(PT_BINARY, 0x1013)
#define PR_FOLDER_CHILD_COUNT    PROP_TAG(PT_LONG, 0x6638)
#define PR_ATTACH_DATA_OBJ_ID    0x3701

/* Values whose data is larger are "large": GetProps answers
 * MAPI_E_NOT_ENOUGH_MEMORY for them and OpenProperty gives a stream. */
#define SQLMS_LARGE_VALUE        16384
/* Table columns of strings and binaries are cut to this many characters or bytes. */
#define SQLMS_TABLE_VALUE_MAX    255

enum sqlms_type
{
    SQLMS_STORE = 1,
    SQLMS_FOLDER = 2,
    SQLMS_MESSAGE = 3,
    SQLMS_ATTACH = 4,
};

/* Folders every store has; the special column of the folders table. */
enum sqlms_special
{
    SPECIAL_NONE = 0,
    SPECIAL_ROOT,
    SPECIAL_IPM_SUBTREE,
    SPECIAL_INBOX,
    SPECIAL_OUTBOX,
    SPECIAL_SENTMAIL,
    SPECIAL_WASTEBASKET,
    SPECIAL_COUNT
};

/* What the change log records; replayed by every logon on the file. */
enum sqlms_event
{
    EVENT_CREATED = 1,
    EVENT_MODIFIED,
    EVENT_DELETED,
    EVENT_MOVED,
    EVENT_COPIED,
    EVENT_NEWMAIL,
    EVENT_QUEUE,            /* outgoing queue row of message id changed */
    EVENT_RECEIVE_FOLDERS,  /* the receive folder settings changed */
};

struct sqlms_change
{
    ULONG event;
    ULONG type;             /* SQLMS_FOLDER or SQLMS_MESSAGE */
    LONGLONG id, parent, old_id, old_parent;
    BOOL told;              /* a logon of this process made it: MAPI told every sink of the process */
};

/* A growable byte buffer on the process heap. */
struct sqlms_buffer
{
    BYTE *data;
    SIZE_T size, capacity;
};

extern BOOL buffer_reserve(struct sqlms_buffer *buf, SIZE_T more);
extern BOOL buffer_append(struct sqlms_buffer *buf, const void *data, SIZE_T size);
extern void buffer_free(struct sqlms_buffer *buf);

/* heap helpers */
static inline void *heap_alloc(SIZE_T size) { return HeapAlloc(GetProcessHeap(), 0, size); }
static inline void *heap_alloc_zero(SIZE_T size) { return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size); }
static inline void *heap_realloc(void *p, SIZE_T size)
{
    return p ? HeapReAlloc(GetProcessHeap(), 0, p, size) : HeapAlloc(GetProcessHeap(), 0, size);
}
static inline void heap_free(void *p) { HeapFree(GetProcessHeap(), 0, p); }
extern WCHAR *heap_strdupW(const WCHAR *str);
extern WCHAR *heap_strdupAtoW(const char *str);
extern char *utf8_from_wide(const WCHAR *str);
extern WCHAR *wide_from_utf8(const char *str);

/* propblob.c: property values as bytes in the database */
#define BLOB_TRUNCATED 0x1  /* a cut copy for tables, not the value itself */

/* Which values of an object go into which blob column. */
enum blob_part
{
    BLOB_ALL,       /* everything (embedded messages, recipients) */
    BLOB_SUMMARY,   /* small values, and cut copies of big strings and binaries */
    BLOB_BIG,       /* values too big for the summary */
};
#define BLOB_BIG_VALUE 1024
extern BOOL blob_encode(struct sqlms_buffer *buf, ULONG count, const SPropValue *props, enum blob_part part);
/* Decodes into one MAPIAllocateBuffer block, or MAPIAllocateMore under parent.
 * with_truncated: keep the cut copies (tables) or skip them (objects). */
extern HRESULT blob_decode(const BYTE *data, SIZE_T size, BOOL with_truncated, void *parent,
                           ULONG *count, SPropValue **props);
extern ULONG prop_value_size(const SPropValue *prop);
extern BOOL prop_is_storable(ULONG tag);

/* db.c: the SQLite database */
enum stmt_id
{
    STMT_BEGIN,
    STMT_COMMIT,
    STMT_ROLLBACK,
    STMT_META_GET,
    STMT_META_SET,
    STMT_FOLDER_GET,
    STMT_FOLDER_BY_SPECIAL,
    STMT_FOLDER_BY_NAME,
    STMT_FOLDER_INSERT,
    STMT_FOLDER_UPDATE_PROPS,
    STMT_FOLDER_SET_PARENT,
    STMT_FOLDER_DELETE,
    STMT_FOLDER_CHILDREN,
    STMT_FOLDER_COUNTS,
    STMT_FOLDER_HAS_CHILDREN,
    STMT_MSG_GET,
    STMT_MSG_INFO,
    STMT_MSG_INSERT,
    STMT_MSG_UPDATE,
    STMT_MSG_SET_FLAGS,
    STMT_MSG_SET_STATUS,
    STMT_MSG_SET_FOLDER,
    STMT_MSG_DELETE,
    STMT_MSG_COPY,
    STMT_MSG_SUMMARY,
    STMT_MSG_LIST,
    STMT_MSG_LIST_ALL,
    STMT_ATTACH_LIST,
    STMT_ATTACH_GET,
    STMT_ATTACH_PUT,
    STMT_ATTACH_DELETE_OTHERS,
    STMT_ATTACH_DELETE_ALL,
    STMT_ATTACH_COPY,
    STMT_QUEUE_GET,
    STMT_QUEUE_INSERT,
    STMT_QUEUE_DELETE,
    STMT_QUEUE_LOCK,
    STMT_QUEUE_LIST,
    STMT_QUEUE_COUNT,
    STMT_QUEUE_OWNERS,
    STMT_QUEUE_UNLOCK_OWNER,
    STMT_RECEIVE_GET,
    STMT_RECEIVE_SET,
    STMT_RECEIVE_DELETE,
    STMT_RECEIVE_DELETE_FOLDER,
    STMT_META_DELETE,
    STMT_RECEIVE_LIST,
    STMT_NAMED_LIST,
    STMT_NAMED_INSERT,
    STMT_CHANGE_INSERT,
    STMT_CHANGE_SINCE,
    STMT_CHANGE_MAX,
    STMT_CHANGE_PRUNE,
    STMT_DATA_VERSION,
    STMT_COUNT
};

struct sqlms_db
{
    sqlite3 *sql;
    sqlite3_stmt *stmts[STMT_COUNT];
    ULONG txn_depth;
    BOOL txn_failed;
};

#define SQLMS_SCHEMA_VERSION 2
#define SQLMS_APPLICATION_ID 0x534d5153 /* "SQMS" */

extern HRESULT db_open(const WCHAR *path, BOOL create, struct sqlms_db **db);
extern void db_close(struct sqlms_db *db);
extern sqlite3_stmt *db_stmt(struct sqlms_db *db, enum stmt_id id);
extern HRESULT db_hr(struct sqlms_db *db, int rc);
extern HRESULT db_step_done(struct sqlms_db *db, sqlite3_stmt *stmt);
extern HRESULT db_exec(struct sqlms_db *db, const char *sql);
extern HRESULT db_get_meta(struct sqlms_db *db, const char *key, struct sqlms_buffer *value);
extern HRESULT db_set_meta(struct sqlms_db *db, const char *key, const void *value, SIZE_T size);
extern HRESULT db_check_path(const WCHAR *path);

/* propobj.c: IMAPIProp as every object of the store has it */
struct prop_object;

struct prop_object_ops
{
    /* MAPI_E_INVALID_OBJECT and the like, checked first in every method */
    HRESULT (*check)(struct prop_object *obj);
    /* a tag the store computes: SetProps and DeleteProps answer MAPI_E_COMPUTED */
    BOOL (*is_computed)(struct prop_object *obj, ULONG tag);
    /* refresh the computed values in the bag before a read */
    HRESULT (*refresh)(struct prop_object *obj);
    /* after SetProps/DeleteProps changed the bag: write-through objects save here */
    HRESULT (*changed)(struct prop_object *obj);
    HRESULT (*open_property)(struct prop_object *obj, ULONG tag, const IID *iid, ULONG options,
                             ULONG flags, IUnknown **out);
    /* CopyTo/CopyProps of the object's sub-objects (recipients, attachments, contents) */
    HRESULT (*copy_subobjects)(struct prop_object *obj, const SPropTagArray *include, const SPropTagArray *exclude,
                               IMAPIProp *dest, ULONG flags);
    const IID *iid;          /* the object's own interface */
};

struct prop_object
{
    IMAPIProp *iface;        /* the object's outer interface */
    struct sqlms_object *object; /* its entry in the store's list */
    struct sqlms_store *store;
    IPropData *bag;
    BOOL writable;
    BOOL dirty;
    const struct prop_object_ops *ops;
};

extern HRESULT propobj_init(struct prop_object *obj, IMAPIProp *iface, struct sqlms_store *store,
                            const struct prop_object_ops *ops, BOOL writable);
extern void propobj_cleanup(struct prop_object *obj);
extern HRESULT propobj_set_computed(struct prop_object *obj, ULONG count, SPropValue *values);
extern HRESULT propobj_get_one(struct prop_object *obj, ULONG tag, SPropValue **value);
extern HRESULT propobj_get_all(struct prop_object *obj, ULONG *count, SPropValue **values);
extern HRESULT propobj_replace_all(struct prop_object *obj, ULONG count, SPropValue *values);
extern BOOL propobj_copy_wants(const SPropTagArray *include, const SPropTagArray *exclude, ULONG tag);
extern HRESULT propobj_set_stream_value(struct prop_object *obj, ULONG tag, const BYTE *data, ULONG size);

extern HRESULT propobj_GetLastError(struct prop_object *obj, HRESULT hr, ULONG flags, MAPIERROR **error);
extern HRESULT propobj_GetProps(struct prop_object *obj, SPropTagArray *tags, ULONG flags, ULONG *count,
                                SPropValue **values);
extern HRESULT propobj_GetPropList(struct prop_object *obj, ULONG flags, SPropTagArray **tags);
extern HRESULT propobj_OpenProperty(struct prop_object *obj, ULONG tag, const IID *iid, ULONG options,
                                    ULONG flags, IUnknown **out);
extern HRESULT propobj_SetProps(struct prop_object *obj, ULONG count, SPropValue *values,
                                SPropProblemArray **problems);
extern HRESULT propobj_DeleteProps(struct prop_object *obj, SPropTagArray *tags, SPropProblemArray **problems);
extern HRESULT propobj_CopyTo(struct prop_object *obj, ULONG excluded_iid_count, const IID *excluded_iids,
                              SPropTagArray *excluded, ULONG_PTR ui_param, IMAPIProgress *progress,
                              const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems);
extern HRESULT propobj_CopyProps(struct prop_object *obj, SPropTagArray *included, ULONG_PTR ui_param,
                                 IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                                 SPropProblemArray **problems);
extern HRESULT propobj_GetNamesFromIDs(struct prop_object *obj, SPropTagArray **tags, GUID *guid,
                                       ULONG flags, ULONG *count, MAPINAMEID ***names);
extern HRESULT propobj_GetIDsFromNames(struct prop_object *obj, ULONG count, MAPINAMEID **names,
                                       ULONG flags, SPropTagArray **tags);

/* objects.c: what the store hands to programs, and how it outlives the logon */
struct sqlms_object
{
    struct sqlms_object *prev, *next; /* in store->objects */
    struct sqlms_store *store;
    IUnknown *iface;         /* the start of a MAPIAllocateBuffer block ... */
    LONG *ref;               /* ... with its reference count right after the interface */
    LONG internal;           /* references the store's other objects hold on it */
    ULONG methods;           /* in its vtable */
    BOOL registered;
    void (*abandon)(struct sqlms_object *obj); /* frees what it owns, not its block nor other objects */
};
#define VTBL_METHODS(vtbl) (sizeof(vtbl) / sizeof(void *))

extern void *object_alloc(SIZE_T size);
extern void object_free(void *block);
extern void object_register(struct sqlms_store *store, struct sqlms_object *obj, void *iface, LONG *ref,
                            ULONG methods, void (*abandon)(struct sqlms_object *obj));
extern void object_unregister(struct sqlms_object *obj);
extern void object_addref_internal(struct sqlms_object *obj);
extern void object_release_internal(struct sqlms_object *obj);
extern void object_hand_over(IMAPISupport *support, void *iface, LONG refs, ULONG methods);
extern void objects_abandon(struct sqlms_store *store, IMAPISupport *support);

/* The logon: IMSLogon for MAPI, IMsgStore for the program. */
struct table_cache;
struct named_map;

struct sqlms_provider
{
    IMSProvider IMSProvider_iface;
    LONG ref;
    CRITICAL_SECTION cs;
    struct sqlms_store **stores;
    ULONG store_count, store_capacity;
    BOOL shut_down;
};

/* The IMsgStore: a block of its own, since MakeInvalid may take it over. */
struct sqlms_msgstore
{
    IMsgStore IMsgStore_iface;
    LONG ref;                /* the program's, and those of objects opened from the store */
    struct sqlms_store *store;
    struct sqlms_object object;
};

struct sqlms_store
{
    IMSLogon IMSLogon_iface;
    LONG logon_ref;          /* MAPI's references on the IMSLogon */
    LONG lifetime;           /* 1 per live interface side and the poll thread; frees the struct at 0 */
    struct sqlms_msgstore *msgstore; /* NULL once released or handed over */
    struct sqlms_object *objects;    /* the others the program may hold */
    CRITICAL_SECTION cs;

    struct sqlms_provider *provider;
    IMAPISupport *support;
    struct sqlms_db *db;
    WCHAR *path;
    GUID guid;               /* the store's identity: PR_RECORD_KEY, registered with SetProviderUID */
    BYTE origin[16];         /* this logon's mark in the change log */
    BOOL spooler;            /* SpoolerLogon */
    BOOL writable;           /* MDB_WRITE */
    BOOL unicode;            /* logged on with MAPI_UNICODE */
    BOOL invalid;            /* logged off: every method answers MAPI_E_INVALID_OBJECT */
    BOOL logged_off;         /* IMSLogon::Logoff ran */
    BOOL logoff_asked;       /* StoreLogoff was called ... */
    ULONG logoff_flags;      /* ... with this flag (last one wins) */
    BOOL ready_to_send;      /* SpoolerNotify(NOTIFY_READYTOSEND) done */
    struct prop_object prop; /* the store's own properties */
    BYTE *wrapped_eid;       /* the store's entry ID as the support object wrapped it */
    ULONG wrapped_eid_size;
    HANDLE owner_mutex;      /* exists while this logon may hold queue locks */
    LONGLONG special[SPECIAL_COUNT];
    WCHAR *display_name;
    ULONG resource_flags;

    /* changes committed but not yet turned into notifications */
    struct sqlms_change *pending;
    ULONG pending_count, pending_capacity;
    ULONG committed_count;   /* the first ones of pending are committed */
    LONGLONG last_seq;       /* newest change log entry seen */
    LONGLONG data_version;   /* SQLite's, when the log was last read */
    ULONG change_counter;
    CRITICAL_SECTION flush_cs; /* keeps notifications in commit order */

    HANDLE poll_thread;
    DWORD poll_thread_id;
    HANDLE poll_stop;

    struct table_cache **tables;
    ULONG table_count, table_capacity;

    struct named_map *named;
};

static inline struct sqlms_store *impl_from_IMsgStore(IMsgStore *iface)
{
    return CONTAINING_RECORD(iface, struct sqlms_msgstore, IMsgStore_iface)->store;
}

static inline IMsgStore *store_iface(struct sqlms_store *store)
{
    return &store->msgstore->IMsgStore_iface;
}

/* provider.c */
extern HINSTANCE sqlms_instance;
extern void provider_add_store(struct sqlms_provider *provider, struct sqlms_store *store);
extern void provider_remove_store(struct sqlms_provider *provider, struct sqlms_store *store);

/* errors.c */
extern HRESULT sqlms_get_last_error(HRESULT hr, ULONG flags, MAPIERROR **error);

/* logon.c */
extern HRESULT store_create(struct sqlms_provider *provider, IMAPISupport *support, ULONG_PTR ui_param,
                            const void *profile_name, ULONG eid_size, const ENTRYID *eid, ULONG flags,
                            BOOL spooler, ULONG spool_security_size, const BYTE *spool_security,
                            struct sqlms_store **out);
extern void store_lock(struct sqlms_store *store);
extern void store_unlock(struct sqlms_store *store);
extern void store_invalidate(struct sqlms_store *store);
extern void store_last_release(struct sqlms_store *store);
extern void store_lifetime_release(struct sqlms_store *store);
extern void store_inbound_add(struct sqlms_store *store, LONG delta);
extern void store_add_remote_change(struct sqlms_store *store, const struct sqlms_change *change);
extern BOOL origin_is_this_process(const void *origin, SIZE_T size);
extern HRESULT store_notify_key(struct sqlms_store *store, ULONG eid_size, const ENTRYID *eid, NOTIFKEY **key);
extern void store_addref(struct sqlms_store *store);
extern void store_release(struct sqlms_store *store);
extern HRESULT store_begin(struct sqlms_store *store);
extern HRESULT store_commit(struct sqlms_store *store);
extern void store_rollback(struct sqlms_store *store);
extern HRESULT store_log_change(struct sqlms_store *store, ULONG event, ULONG type, LONGLONG id,
                                LONGLONG parent, LONGLONG old_id, LONGLONG old_parent);
extern HRESULT store_open_entry(struct sqlms_store *store, ULONG eid_size, const ENTRYID *eid,
                                const IID *iid, ULONG flags, ULONG *type, IUnknown **out);
extern HRESULT store_compare_entryids(struct sqlms_store *store, ULONG size1, const ENTRYID *eid1,
                                      ULONG size2, const ENTRYID *eid2, ULONG flags, ULONG *result);
extern HRESULT store_advise(struct sqlms_store *store, ULONG eid_size, const ENTRYID *eid, ULONG mask,
                            IMAPIAdviseSink *sink, ULONG_PTR *connection);
extern HRESULT store_unadvise(struct sqlms_store *store, ULONG_PTR connection);
extern HRESULT store_wrapped_entryid(struct sqlms_store *store, void *parent, SBinary *bin);
extern HRESULT store_check(struct sqlms_store *store);
extern ULONG store_activity(struct sqlms_store *store);
extern BOOL owner_is_alive(const BYTE *owner, SIZE_T size);
extern const IMSLogonVtbl store_logon_vtbl;

/* store.c */
extern const IMsgStoreVtbl store_vtbl;
extern HRESULT store_init_props(struct sqlms_store *store);

/* entryid.c */
#define SQLMS_EID_SIZE 32
#define SQLMS_STORE_EID_SIZE 40
extern void eid_build(const struct sqlms_store *store, ULONG type, LONGLONG id, BYTE *out);
extern HRESULT eid_to_bin(const struct sqlms_store *store, ULONG type, LONGLONG id, void *parent, SBinary *bin);
extern HRESULT eid_parse(const struct sqlms_store *store, ULONG size, const ENTRYID *eid, ULONG *type, LONGLONG *id);
extern void store_eid_build(const GUID *guid, BYTE *out);
extern BOOL store_eid_parse(ULONG size, const BYTE *eid, GUID *guid);
extern const BYTE *store_eid_unwrap(ULONG size, const BYTE *eid, ULONG *inner_size);
extern void record_key_build(const struct sqlms_store *store, ULONG type, LONGLONG id, BYTE *out);
#define SQLMS_RECORD_KEY_SIZE 24
extern void instance_key_build(LONGLONG id, BYTE *out);
extern HRESULT eid_check_list(const struct sqlms_store *store, const ENTRYLIST *list);

/* named.c: the store's persistent map of named properties */
extern HRESULT named_get_ids(struct sqlms_store *store, ULONG count, MAPINAMEID **names, ULONG flags,
                             SPropTagArray **tags);
extern HRESULT named_get_names(struct sqlms_store *store, SPropTagArray **tags, const GUID *guid,
                               ULONG flags, ULONG *count, MAPINAMEID ***names);
extern void named_free(struct sqlms_store *store);

/* folder.c */
extern HRESULT folder_open(struct sqlms_store *store, LONGLONG id, BOOL writable, IMAPIFolder **out);
extern HRESULT folder_exists(struct sqlms_store *store, LONGLONG id, LONGLONG *parent);
extern HRESULT folder_row_props(struct sqlms_store *store, LONGLONG id, LONGLONG depth_base, void *parent,
                                ULONG *count, SPropValue **props);
extern HRESULT folder_create_row(struct sqlms_store *store, LONGLONG parent, const WCHAR *name,
                                 const WCHAR *comment, ULONG type, ULONG special, LONGLONG *id);
extern BOOL is_our_folder(IUnknown *unk, struct sqlms_store **store, LONGLONG *id);

/* message.c */
struct msg_data;
struct message;
extern HRESULT message_create(struct sqlms_store *store, LONGLONG folder, ULONG flags, IMessage **out);
extern HRESULT message_open(struct sqlms_store *store, LONGLONG id, BOOL writable, IMessage **out);
extern HRESULT message_row_props(struct sqlms_store *store, sqlite3_stmt *stmt, void *parent,
                                 ULONG *count, SPropValue **props);
extern HRESULT message_copy_rows(struct sqlms_store *store, LONGLONG id, LONGLONG folder, LONGLONG *new_id);
extern HRESULT message_delete_rows(struct sqlms_store *store, LONGLONG id);
extern BOOL is_our_message(IUnknown *unk, struct sqlms_store **store, LONGLONG *id);
extern HRESULT message_lock_state(IMessage *msg, struct sqlms_store *store, ULONG state);
extern HRESULT message_info(struct sqlms_store *store, LONGLONG id, LONGLONG *folder, ULONG *flags,
                            ULONG *status);

/* embedded messages and attachments, all in memory until the top message is saved */
extern struct msg_data *msgdata_create(void);
extern void msgdata_free(struct msg_data *data);
extern HRESULT msgdata_copy(const struct msg_data *src, struct msg_data **dst);
extern HRESULT msgdata_encode(struct msg_data *data, struct sqlms_buffer *buf);
extern HRESULT msgdata_decode(const BYTE *bytes, SIZE_T size, struct msg_data **data);
extern HRESULT message_open_embedded(struct sqlms_store *store, IUnknown *attach, struct msg_data **slot,
                                     BOOL writable, BOOL create, IMessage **out);

/* attach.c */
struct attach_data
{
    IPropData *props;
    struct msg_data *embedded;
};
extern struct attach_data *attachdata_create(void);
extern void attachdata_free(struct attach_data *data);
extern HRESULT attachdata_copy(const struct attach_data *src, struct attach_data **dst);
struct message;
extern HRESULT attach_open(struct message *msg, ULONG num, struct attach_data *data, BOOL writable,
                           IAttach **out);
extern void attach_embedded_saved(IUnknown *attach);
extern struct sqlms_object *attach_object(IUnknown *attach);

/* propstream.c */
extern HRESULT propstream_create(struct prop_object *owner, ULONG tag, const BYTE *data, ULONG size,
                                 BOOL writable, IStream **out);

/* tables.c */
enum table_kind
{
    TABLE_CONTENTS,
    TABLE_ASSOCIATED,
    TABLE_HIERARCHY,
    TABLE_HIERARCHY_DEEP,
    TABLE_QUEUE,
};
extern HRESULT table_open_cached(struct sqlms_store *store, enum table_kind kind, LONGLONG folder,
                                 ULONG flags, const SSortOrderSet *sort, IMAPITable **out);
extern HRESULT table_open_static(struct sqlms_store *store, ULONG count, SRow *rows, const SPropTagArray *columns,
                                 ULONG flags, IMAPITable **out);
extern HRESULT table_wrap_view(struct sqlms_store *store, ITableData *data, const SPropTagArray *columns,
                               ULONG flags, const SSortOrderSet *sort, IMAPITable **out);
extern HRESULT table_data_create(const SPropTagArray *columns, ITableData **out);
extern void *tables_collect(struct sqlms_store *store, const struct sqlms_change *changes, ULONG count);
extern void tables_apply(void *updates);
extern void tables_release_all(struct sqlms_store *store);

/* notify.c */
extern void notify_flush(struct sqlms_store *store);
extern HRESULT notify_start(struct sqlms_store *store);
extern void notify_stop(struct sqlms_store *store);

/* status.c */
extern HRESULT status_create(struct sqlms_store *store, IMAPIStatus **out);

/* util */
extern void filetime_now(FILETIME *ft);
extern LONGLONG filetime_to_int(const FILETIME *ft);
extern FILETIME int_to_filetime(LONGLONG value);
extern BOOL is_valid_iid(const IID *iid, const IID *const *allowed);
extern HRESULT hr_copy_problems(SPropProblemArray *add, SPropProblemArray **problems);

#endif /* __SQLMS_PRIVATE_H */
