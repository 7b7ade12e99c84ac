/*
 * The session and what hangs off it, as logon.c, session.c, provider.c,
 * support.c, status.c, notify.c and addrbook.c share them.
 *
 * A session owns the provider DLLs it loaded and one logon per provider it
 * logged on to. Each logon has its support object. The support object can
 * outlive the session's Logoff (a provider may release it late); it keeps
 * the session's memory alive through the session's internal count, not
 * its COM count.
 */

#ifndef __MAPI32_SESSION_H
#define __MAPI32_SESSION_H

#include "mapi32_private.h"
#include "mapiab.h"
#include "mapix_sdk.h"
#include "profile.h"
#include "support.h"
#include "list.h"

/* MAPILogonEx flags the session remembers */
#define SESSION_FLAGS_KEPT (MAPI_UNICODE | MAPI_NO_MAIL | MAPI_NT_SERVICE | MAPI_ALLOW_OTHERS | MAPI_TIMEOUT_SHORT)

/* A provider DLL loaded by a session for one kind of provider. */
struct provider_module
{
    struct list entry;          /* in session->modules */
    ULONG resource_type;        /* MAPI_STORE_PROVIDER, MAPI_TRANSPORT_PROVIDER or MAPI_AB_PROVIDER */
    WCHAR *dll_name;            /* as the profile names it */
    HMODULE module;
    IUnknown *provider;         /* IMSProvider, IXPProvider or IABProvider */
    ULONG spi_version;          /* what the provider's entry point answered */
};

/* One logon to one provider of the profile. */
struct provider_logon
{
    struct list entry;          /* in session->logons */
    struct session *session;
    struct provider_module *module;
    struct profile_provider info;   /* strings owned */
    struct support *support;
    IUnknown *logon;            /* IMSLogon, IXPLogon or IABLogon; NULL once logged off */
    IMsgStore *store;           /* a store's client object: not counted, the client owns it */
    ULONG open_flags;           /* MDB_* of OpenMsgStore */
    ULONG entryid_size;         /* a store's entry ID, unwrapped */
    BYTE *entryid;
    ULONG status_row;           /* PR_ROWID of its status table row */
    BOOL closing;               /* provider_logoff has begun */
    WCHAR *open_store_key;      /* a store's record under the open stores key */
    ULONG address_type_count;   /* a transport's address types */
    WCHAR *address_types[16];
    ULONG logon_flags;          /* a transport's LOGON_SP_* from TransportLogon */
};

/* What a session knows of a provider that called IMAPISupport::SetProviderUID. */
struct provider_uid
{
    struct list entry;          /* in session->uids */
    MAPIUID uid;
    struct support *support;
};

/* The state of a profile in this process, whatever session uses it. (The
 * spooler keeps its agents per profile itself: spooler.c.) */
struct profile_state
{
    struct list entry;          /* in the process' list */
    LONG ref;
    WCHAR *name;
    LONG sessions;              /* sessions of this process logged on to it */
};

struct session
{
    IMAPISession IMAPISession_iface;
    LONG ref;                   /* the client's references */
    LONG internal_ref;          /* the session's own and every support object's */
    CRITICAL_SECTION cs;
    struct profile *profile;
    struct profile_state *state;
    ULONG flags;                /* SESSION_FLAGS_KEPT of MAPILogonEx */
    BOOL logged_off;
    BOOL shared;                /* the process' shared session */
    LONG id;                    /* names it in the open-store records */
    struct list modules;        /* struct provider_module */
    struct list logons;         /* struct provider_logon */
    struct list uids;           /* struct provider_uid */
    struct list objects;        /* struct session_object: what Logoff invalidates */
    struct list advises;        /* struct session_advise */
    ULONG_PTR next_connection;
    ULONG next_status_row;
    struct status_table *status;
    IAddrBook *addrbook;        /* counted: one address book per session */
    struct mapi_error_info error;    /* for GetLastError */
};

/* An object of ours the session handed out, and how to make it unusable. */
struct session_object
{
    struct list entry;          /* in session->objects */
    void (*invalidate)(struct session_object *object);
};

enum support_kind
{
    SUPPORT_STORE,
    SUPPORT_TRANSPORT,
    SUPPORT_ADDRESS_BOOK,
    SUPPORT_SERVICE,
};

struct support
{
    IMAPISupport IMAPISupport_iface;
    LONG ref;
    enum support_kind kind;
    struct session *session;        /* NULL for SUPPORT_SERVICE; internal reference */
    struct provider_logon *logon;   /* NULL for SUPPORT_SERVICE or after logoff */
    struct profile *profile;
    MAPIUID section_uid;            /* the provider's (or service's) own profile section */
    MAPIUID service_uid;
    WCHAR *dll_name;                /* WrapStoreEntryID puts it in the wrapped ID */
    BOOL spooler;                   /* the spooler's own logon to a store (SpoolerLogon) */
    struct mapi_error_info error;
};

/* logon.c */
extern void logon_session_ended(struct session *session);
/* The programs that got the shared session from MAPILogonEx, and one of them leaving it. */
extern LONG logon_shared_users(struct session *session);
extern void logon_shared_leave(struct session *session);

/* session.c */
extern HRESULT session_create(struct profile *profile, ULONG flags, struct session **session);
extern void session_addref_internal(struct session *session);
extern void session_release_internal(struct session *session);
extern void session_add_object(struct session *session, struct session_object *object);
extern void session_remove_object(struct session *session, struct session_object *object);
/* A view of table data that Logoff makes unusable. */
extern HRESULT session_get_view(struct session *session, ITableData *data, IMAPITable **view);
/* The logon that registered the provider UID an entry ID starts with, or NULL. */
extern struct provider_logon *session_find_logon_for_entryid(struct session *session, ULONG size,
                                                             const ENTRYID *entryid);
extern HRESULT session_open_entry(struct session *session, ULONG size, ENTRYID *entryid, const IID *iid,
                                  ULONG flags, ULONG *type, IUnknown **object);
extern HRESULT session_compare_entryids(struct session *session, ULONG size1, ENTRYID *entryid1,
                                        ULONG size2, ENTRYID *entryid2, ULONG flags, ULONG *result);
extern HRESULT session_get_addrbook(struct session *session, IAddrBook **addrbook);
/* The record of a client store object under HKCU\Software\Wine\MAPI\OpenStores (see docs/spooler.md). */
extern void session_record_open_store(struct provider_logon *logon);
extern void session_forget_open_store(struct provider_logon *logon);
/* Whether another client (process or session) than this logon's has its store open. */
extern BOOL session_store_open_elsewhere(struct provider_logon *logon);

/* provider.c */
extern HRESULT provider_logon_all(struct session *session, ULONG_PTR ui_param);
extern HRESULT provider_open_store(struct session *session, ULONG_PTR ui_param, const struct profile_provider *info,
                                   ULONG entryid_size, const ENTRYID *entryid, const IID *iid, ULONG flags,
                                   IMsgStore **store);
/* The spooler's logon to a store (IMSProvider::SpoolerLogon); *store is counted. */
extern HRESULT provider_spooler_logon(struct session *session, const struct profile_provider *info,
                                      IMsgStore **store);
/* The end of one logon: its Logoff, its Release; the module stays loaded. */
extern void provider_logoff(struct provider_logon *logon);
/* Session logoff: every logon off, then each provider's Shutdown, Release and FreeLibrary. */
extern void provider_unload_all(struct session *session);
extern void provider_free_info(struct profile_provider *info);
extern HRESULT provider_copy_info(struct profile_provider *dst, const struct profile_provider *src);

/* xpoptions.c: transport options (IXPLogon::RegisterOptions), recorded in the profile */
/* Asks a transport just logged on for its options and records them; anything but S_OK is what
 * RegisterOptions answered, and the transport is to be logged off. */
extern HRESULT xpoptions_register(struct profile *profile, const MAPIUID *provider_uid, IXPLogon *xp);
/* The default values of OPTION_TYPE_MESSAGE or OPTION_TYPE_RECIPIENT options for an address type,
 * in one MAPIAllocateBuffer block; flags: MAPI_UNICODE for the string values. */
extern HRESULT xpoptions_query(struct profile *profile, ULONG option_type, const char *address_type, ULONG flags,
                               ULONG *count, SPropValue **options);

/* support.c */
extern HRESULT support_create(struct session *session, struct provider_logon *logon, enum support_kind kind,
                              struct support **support);
/* The logon's provider is gone: what still calls the support object gets MAPI_E_INVALID_OBJECT where it needs one. */
extern void support_detach(struct support *support);

/* entryid.c: the wrapped store entry IDs and one-off entry IDs of MAPI */
extern const MAPIUID mapi_store_wrap_uid;
extern const MAPIUID mapi_one_off_uid;
extern HRESULT entryid_wrap_store(const char *dll_name, ULONG size, const ENTRYID *entryid,
                                  ULONG *wrapped_size, ENTRYID **wrapped);
/* The original entry ID inside a wrapped one (pointing into it) and the DLL name, or FALSE. */
extern BOOL entryid_unwrap_store(ULONG size, const ENTRYID *entryid, const char **dll_name,
                                 ULONG *inner_size, const ENTRYID **inner);
extern HRESULT entryid_create_one_off(const void *name, const void *type, const void *address, ULONG flags,
                                      ULONG *size, ENTRYID **entryid);
/* The parts of a one-off entry ID, as heap strings (free with free()). */
extern HRESULT entryid_parse_one_off(ULONG size, const ENTRYID *entryid, WCHAR **name, WCHAR **type,
                                     WCHAR **address, ULONG *one_off_flags);
extern BOOL entryid_is_one_off(ULONG size, const ENTRYID *entryid);

/* notify.c: subscriptions by NOTIFKEY for the whole process */
extern HRESULT notify_subscribe(void *owner, const NOTIFKEY *key, ULONG mask, ULONG flags,
                                IMAPIAdviseSink *sink, ULONG_PTR *connection);
extern HRESULT notify_unsubscribe(void *owner, ULONG_PTR connection);
/* Drops every subscription an owner made (a support object that goes away). */
extern void notify_unsubscribe_all(void *owner);
extern HRESULT notify_send(const NOTIFKEY *key, ULONG count, NOTIFICATION *notifications, ULONG *flags);

/* status.c: the session's status table */
extern HRESULT status_table_create(struct session *session);
extern void status_table_destroy(struct session *session);
extern HRESULT status_add_logon_row(struct session *session, struct provider_logon *logon);
extern void status_remove_row(struct session *session, ULONG row);
extern HRESULT status_modify_row(struct session *session, ULONG row, ULONG count, SPropValue *values,
                                 ULONG flags);
extern HRESULT status_get_table(struct session *session, ULONG flags, IMAPITable **table);
/* PR_IDENTITY_ENTRYID of the primary identity's row (or of any row that has one). */
extern HRESULT status_get_identity(struct session *session, ULONG *size, ENTRYID **entryid);
/* A store's PR_RESOURCE_FLAGS changed in the profile: its row shows them. */
extern void status_refresh_store_flags(struct session *session, const MAPIUID *provider_uid);

/* status.c: MAPI's own rows (MAPI_SUBSYSTEM, MAPI_SPOOLER, MAPI_AB), which their status objects keep current */
extern HRESULT status_set_mapi_row(struct session *session, ULONG resource_type, ULONG count,
                                   const SPropValue *values);
/* A copy of one of them, wide strings, in one MAPIAllocateBuffer block. */
extern HRESULT status_get_mapi_row(struct session *session, ULONG resource_type, ULONG *count, SPropValue **props);

/* status.c: opening a row's status object from its PR_ENTRYID (the entry ID's layout is there) */
extern BOOL status_is_entryid(ULONG size, const ENTRYID *entryid);
extern BOOL status_iid_supported(const IID *iid);
extern HRESULT status_open_entry(struct session *session, ULONG size, const ENTRYID *entryid, const IID *iid,
                                 ULONG flags, ULONG *type, IUnknown **object);

/* mapistatus.c: the status objects MAPI implements, for its own rows */
struct mapi_status_ops
{
    ULONG resource_type;        /* the row it shows */
    /* Adds what is live to the row's values; NULL if the row says it all. */
    HRESULT (*update)(struct session *session, IPropData *bag);
    HRESULT (*validate_state)(struct session *session, ULONG_PTR ui_param, ULONG flags);
    /* NULL: MAPI_E_NO_SUPPORT */
    HRESULT (*flush_queues)(struct session *session, ULONG_PTR ui_param, ULONG size, ENTRYID *target, ULONG flags);
};
extern HRESULT mapi_status_create(struct session *session, const struct mapi_status_ops *ops, ULONG *type,
                                  IUnknown **object);
/* The MAPI subsystem's (MAPI_SUBSYSTEM) or the integrated address book's (MAPI_AB) status object. */
extern HRESULT mapi_status_open(struct session *session, ULONG resource_type, ULONG *type, IUnknown **object);

/* spooler.c and the spool*.c files: the spooler (see docs/spooler.md) */
/* A session that sends and receives mail (no MAPI_NO_MAIL) begins or ends: it starts, or stops, the
 * profile's spooler agent of this process. spooler_session_ending comes before the session's
 * providers are logged off: the spooler gives back what it holds first. */
extern void spooler_session_started(struct session *session);
extern void spooler_session_ending(struct session *session);
/* A client opened a store of the profile (IMAPISession::OpenMsgStore): the spooler logs on to it. */
extern void spooler_store_opened(struct session *session, const MAPIUID *store);
/* IMAPISupport::StoreLogoffTransports, after the open-store records: the spooler's decision. */
extern HRESULT spooler_store_logoff(struct session *session, const MAPIUID *store, ULONG flag, ULONG *result);
/* IMAPISupport::SpoolerNotify and friends of a transport's or a store's support object */
extern HRESULT spooler_notify(struct support *support, ULONG flags, void *data);
extern HRESULT spooler_status_recips(struct support *support, IMessage *message, ADRLIST *recipients);
extern HRESULT spooler_register_preprocessor(struct support *support, const MAPIUID *uid, const WCHAR *address_type,
                                             const WCHAR *dll_name, const char *preprocess,
                                             const char *remove_info);
extern HRESULT spooler_preprocess(struct support *support, ULONG size, const ENTRYID *entryid);
extern HRESULT spooler_complete_msg(struct support *support, ULONG size, const ENTRYID *entryid);
/* The spooler's status object (IMAPIStatus), from its row's PR_ENTRYID. */
extern HRESULT spooler_open_status(struct session *session, ULONG *type, IUnknown **object);

/* addrbook.c */
extern HRESULT addrbook_create(struct session *session, IAddrBook **addrbook);
extern HRESULT addrbook_open_one_off(struct session *session, ULONG size, ENTRYID *entryid, const IID *iid,
                                     ULONG flags, ULONG *type, IUnknown **object);

/* invalid.c: IMAPISupport::MakeInvalid's stub vtable */
extern HRESULT mapi_make_invalid(void *object, ULONG ref_count, ULONG methods);
/* Makes an object of ours unusable but for AddRef and Release, which still reach it. */
extern void mapi_neuter_object(IUnknown *object);

#endif /* __MAPI32_SESSION_H */
