/*
 * foreignms: a message store provider as a third party writes one for
 * Windows' MAPI, built with mingw-w64's SDK headers and import library
 * only. It keeps each message in a docfile of its own (a .msg file through
 * OpenIMsgOnIStg), in a folder that its profile section names:
 *
 *   <root>\store.msg               the store's properties
 *   <root>\F<id>\folder.msg        a folder's properties
 *   <root>\F<id>\M<id>.msg         a message of that folder
 *
 * Folder and message numbers (<id>, 8 hex digits) come from one counter of
 * the store. Its tables are mapi32's (CreateTable, ITableData), its
 * parameter checks mapival.h's, its standard folders HrValidateIPMSubtree's.
 * Every logon to one store in a process shares one struct fms_data; one
 * process at a time may use a store.
 */

#ifndef FMS_H
#define FMS_H

#define COBJMACROS
#include <windows.h>
#include <mapix.h>
#include <mapispi.h>
#include <mapiutil.h>
#include <mapival.h>
#include <imessage.h>

#include "../foreign_log.h"

/* mingw-w64's MAPI headers have no C macros for the methods. */
#define CALL(object, method, ...) ((object)->lpVtbl->method((object), ##__VA_ARGS__))

/* The SDK's mapival.h declares these two; mingw-w64's does not. */
STDAPIV HrValidateParametersV(METHODS method, ...);
STDAPIV HrValidateParametersValist(METHODS method, va_list args);

/* mingw-w64's headers are those of the 32-bit SDK: advise connections are
 * ULONG there, ULONG_PTR in today's SDK and in every 64-bit MAPI. The store
 * keeps them as ULONG_PTR and passes their address as the header wants. */
#define CONNECTION_ARG(p) ((ULONG *)(p))

/* The profile properties of the service */
#define PR_FMS_ROOT             PROP_TAG(PT_STRING8, 0x6600)
#define PR_FMS_IDLE_INTERVAL    PROP_TAG(PT_LONG, 0x6601)   /* hundredths of a second */
/* Not 0: the store knows ANSI only, as the SDK's sample providers did. It
 * answers PT_UNICODE tags with PT_ERROR (texts of FMS_BIG_TEXT characters
 * or more too, with MAPI_E_NOT_ENOUGH_MEMORY), converts nothing and takes no
 * PT_UNICODE value (a MAPI_E_BAD_CHARWIDTH problem in SetProps, the error
 * of ModifyRecipients and of OpenProperty for writing): it keeps PT_STRING8
 * only. What it says to MAPI_UNICODE is the mode's (FMS_ANSI_*). Service
 * FOREIGNMSA sets FMS_ANSI_BAD_CHARWIDTH. */
#define PR_FMS_ANSI_ONLY        PROP_TAG(PT_LONG, 0x6602)
#define FMS_ANSI_BAD_CHARWIDTH  1   /* MAPI_E_BAD_CHARWIDTH on every method that takes it, as documented */
#define FMS_ANSI_UNKNOWN_FLAGS  2   /* MAPI_E_UNKNOWN_FLAGS, as some providers do; a SetProps with a
                                     * PT_UNICODE value fails whole (MAPI_E_BAD_CHARWIDTH) */
#define FMS_ANSI_IGNORES_FLAG   3   /* taken and ignored where the store only answers (GetProps, tables,
                                     * GetLastError): ANSI strings; refused where strings come in */

/* A store that knows ANSI only gives texts this long through streams only (OpenProperty) */
#define FMS_BIG_TEXT            16384

/* The logon's configuration, in this order */
#define FMS_CONFIG_ROOT         0
#define FMS_CONFIG_IDLE         1
#define FMS_CONFIG_DISPLAY_NAME 2
#define FMS_CONFIG_ANSI_ONLY    3
#define FMS_CONFIG_COUNT        4

/* Properties of the docfiles */
#define PR_FMS_NEXT_ID          PROP_TAG(PT_LONG, 0x6620)
#define PR_FMS_PARENT_ID        PROP_TAG(PT_LONG, 0x6621)
#define PR_FMS_RECV_CLASSES     PROP_TAG(PT_MV_STRING8, 0x6622)
#define PR_FMS_RECV_FOLDERS     PROP_TAG(PT_MV_BINARY, 0x6623)
#define PR_FMS_MSG_STATUS       PROP_TAG(PT_LONG, 0x6624)

#define FMS_ROOT_FOLDER 1

extern const MAPIUID fms_provider_uid;
extern HINSTANCE fms_instance;
extern LPALLOCATEBUFFER fms_alloc;
extern LPALLOCATEMORE fms_more;
extern LPFREEBUFFER fms_free;
extern LPMALLOC fms_malloc;

/* Every entry ID of the store (the store's own is wrapped by MAPI) */
struct fms_entryid
{
    BYTE flags[4];
    MAPIUID store;      /* the store's record key: the provider UID it registers */
    ULONG type;         /* MAPI_STORE, MAPI_FOLDER or MAPI_MESSAGE */
    ULONG folder;
    ULONG message;
};

/* A NOTIFKEY: the events of an object are known by its entry ID */
struct fms_key
{
    ULONG cb;
    struct fms_entryid id;
};

struct fms_folder_data
{
    struct fms_folder_data *next;
    ULONG id;
    ULONG parent;               /* 0 for the root */
    IMessage *props;            /* folder.msg */
    ILockBytes *bytes;
    ITableData *contents;       /* NULL until asked for */
    ITableData *hierarchy;      /* NULL until asked for */
};

struct fms_logon;

/* What every logon to one store in this process shares */
struct fms_data
{
    struct fms_data *next;
    LONG ref;
    CRITICAL_SECTION cs;
    char root[MAX_PATH];
    MAPIUID uid;
    LPMSGSESS msg_session;
    IMessage *props;            /* store.msg */
    ILockBytes *bytes;
    ULONG next_id;
    struct fms_folder_data *folders;
    ITableData *queue;          /* the outgoing queue; NULL until asked for */
    ULONG locked[64];           /* messages the spooler locked */
    ULONG locked_count;
    LONG inbound;               /* messages the spooler is filling */
    FTG idle;
    BOOL idle_enabled;
    struct fms_logon *logons;
};

/* An object opened from a store object: what IMSLogon::Logoff invalidates */
struct fms_link
{
    struct fms_link *prev, *next;
    void *object;               /* the COM object, MakeInvalid's */
    ULONG methods;
    void (*destroy)(struct fms_link *link);     /* gives back what the object holds */
};

struct fms_store
{
    IMsgStore IMsgStore_iface;
    LONG ref;                   /* right behind the vtable: MakeInvalid counts there */
    struct fms_logon *logon;    /* NULL once logged off */
    IMAPISupport *support;      /* counted: released last */
    struct fms_link objects;    /* list head */
    ULONG logoff_flags;
    BOOL logoff_called;
};

struct fms_logon
{
    IMSLogon IMSLogon_iface;
    LONG ref;
    struct fms_logon *next_in_data;
    struct fms_data *data;      /* counted */
    struct fms_store *store;    /* NULL once gone */
    IMAPISupport *support;      /* the store's; NULL once gone */
    BOOL spooler;
    BOOL read_only;
    ULONG ansi;                 /* PR_FMS_ANSI_ONLY: FMS_ANSI_*, or 0 */
    SPropValue *config;         /* FMS_CONFIG_*: one block */
    ULONG wrapped_size;         /* the store's entry ID as MAPI wrapped it */
    ENTRYID *wrapped;
    ULONG_PTR counts_connection;
    IMAPIAdviseSink *counts_sink;
};

struct fms_folder
{
    IMAPIFolder IMAPIFolder_iface;
    LONG ref;
    struct fms_link link;
    struct fms_store *store;    /* counted */
    ULONG id;
    BOOL writable;
};

struct fms_message
{
    IMessage IMessage_iface;
    LONG ref;
    struct fms_link link;
    struct fms_store *store;    /* counted */
    IMessage *inner;            /* OpenIMsgOnIStg's */
    ILockBytes *bytes;
    ULONG folder;
    ULONG id;
    BOOL writable;
    BOOL on_disk;
    BOOL inbound;               /* made by the spooler's logon */
};

/* docfile.c: docfiles in memory, read from and written to files */
extern HRESULT fms_docfile_open(struct fms_data *data, const char *path, BOOL create, ULONG caller_data,
                                IMessage **message, ILockBytes **bytes);
extern HRESULT fms_docfile_save(IMessage *message, ILockBytes *bytes, const char *path);
extern void fms_folder_path(struct fms_data *data, ULONG folder, char *path);
extern void fms_message_path(struct fms_data *data, ULONG folder, ULONG message, char *path);
extern void fms_make_entryid(struct fms_data *data, ULONG type, ULONG folder, ULONG message,
                             struct fms_entryid *id);
extern BOOL fms_parse_entryid(struct fms_data *data, ULONG size, const ENTRYID *entryid,
                              struct fms_entryid *id);
extern void fms_key(const struct fms_entryid *id, struct fms_key *key);
extern HRESULT fms_get_props(IMAPIProp *inner, ULONG computed_count, SPropValue *computed, LPSPropTagArray tags,
                             ULONG flags, ULONG ansi, ULONG *count, LPSPropValue *props);
extern HRESULT fms_set_props(IMAPIProp *inner, ULONG computed_count, const SPropValue *computed, ULONG count,
                             LPSPropValue values, ULONG ansi, LPSPropProblemArray *problems);
extern HRESULT fms_get_prop_list(IMAPIProp *inner, ULONG computed_count, const SPropValue *computed,
                                 ULONG flags, ULONG ansi, LPSPropTagArray *tags);
extern BOOL fms_is_unicode(ULONG tag);
/* What a store in ANSI mode ansi (0: not) answers MAPI_UNICODE in flags with: S_OK when it goes on in
 * ANSI. input: strings come in with the call, which no mode takes in Unicode. */
extern HRESULT fms_charwidth(ULONG ansi, ULONG flags, BOOL input);
/* The mode of the methods that know ANSI only whatever the store's mode */
#define FMS_ANSI_ALWAYS(ansi) ((ansi) ? (ansi) : FMS_ANSI_BAD_CHARWIDTH)
extern void fms_link_add(struct fms_store *store, struct fms_link *link, void *object, ULONG methods,
                         void (*destroy)(struct fms_link *link));
extern void fms_link_remove(struct fms_link *link);
extern HRESULT fms_notify(struct fms_data *data, IMAPISupport *support, ULONG event, ULONG type, ULONG folder,
                          ULONG message, ULONG old_folder);
extern LONG fms_open_docfiles(void);

/* data.c: the store's data, shared by its logons */
extern HRESULT fms_data_open(IMAPISupport *support, const char *root, ULONG idle_interval, struct fms_data **data);
extern void fms_data_release(struct fms_data *data);
extern ULONG fms_data_new_id(struct fms_data *data);
extern struct fms_folder_data *fms_data_folder(struct fms_data *data, ULONG id);
extern HRESULT fms_data_create_folder(struct fms_data *data, ULONG parent, const char *name, const char *comment,
                                      ULONG folder_type, ULONG *id);
extern HRESULT fms_data_delete_folder(struct fms_data *data, ULONG id);
extern HRESULT fms_data_contents(struct fms_data *data, struct fms_folder_data *folder);
extern HRESULT fms_data_hierarchy(struct fms_data *data, struct fms_folder_data *folder);
extern HRESULT fms_data_update_message_row(struct fms_data *data, ULONG folder, ULONG message, IMessage *props);
extern void fms_data_delete_message_row(struct fms_data *data, ULONG folder, ULONG message);
extern void fms_data_update_folder_row(struct fms_data *data, ULONG id);
extern HRESULT fms_data_queue(struct fms_data *data);
extern HRESULT fms_data_queue_update(struct fms_data *data, ULONG folder, ULONG message, IMessage *props);
extern void fms_data_queue_remove(struct fms_data *data, ULONG message);
extern BOOL fms_data_is_locked(struct fms_data *data, ULONG message);
extern HRESULT fms_data_get_view(struct fms_data *data, ITableData *table, LPMAPITABLE *view);
extern BOOL fms_data_scan(struct fms_data *data, ULONG folder);
extern void fms_data_count(struct fms_data *data, ULONG folder, ULONG *count, ULONG *unread);
extern HRESULT fms_data_save_props(struct fms_data *data);

/* store.c */
extern HRESULT fms_store_create(struct fms_logon *logon, IMAPISupport *support, struct fms_store **store);
extern void fms_store_addref(struct fms_store *store);
extern void fms_store_release(struct fms_store *store);
extern void fms_store_invalidate(struct fms_store *store);
extern HRESULT fms_store_open_entry(struct fms_store *store, ULONG size, LPENTRYID entryid, LPCIID iid,
                                    ULONG flags, ULONG *type, LPUNKNOWN *object);
extern HRESULT fms_store_compare(struct fms_logon *logon, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                 LPENTRYID entryid2, ULONG *result);
extern HRESULT fms_store_advise(struct fms_logon *logon, ULONG size, LPENTRYID entryid, ULONG mask,
                                LPMAPIADVISESINK sink, ULONG_PTR *connection);

/* logon.c */
extern HRESULT fms_logon_create(IMAPISupport *support, SPropValue *config, BOOL spooler, ULONG flags,
                                struct fms_logon **logon);
extern struct fms_logon *fms_data_any_logon(struct fms_data *data);

/* ansi.c: the attachments and tables of a store that knows ANSI only */
extern HRESULT fms_attach_wrap(IAttach *inner, ULONG ansi, IAttach **attach);
extern HRESULT fms_table_wrap(IMAPITable *inner, ULONG ansi, IMAPITable **table);

/* folder.c */
extern HRESULT fms_folder_open(struct fms_store *store, ULONG id, BOOL writable, IMAPIFolder **folder);

/* message.c */
extern HRESULT fms_message_open(struct fms_store *store, ULONG folder, ULONG id, BOOL writable, BOOL create,
                                IMessage **message);
extern HRESULT fms_message_move(struct fms_store *store, ULONG folder, ULONG id, ULONG to, BOOL copy,
                                ULONG *new_id);
extern HRESULT fms_message_delete(struct fms_store *store, ULONG folder, ULONG id);
extern HRESULT fms_message_set_flags(struct fms_store *store, ULONG folder, ULONG id, ULONG set, ULONG clear);

#endif /* FMS_H */
