/*
 * The spooler from the inside: what spooler.c (agents, election, the work
 * loop), spoolout.c (outbound), spoolin.c (inbound), spoollogoff.c (the store
 * logoff contract), spoolreport.c (delivery reports), spoolipc.c (the pipe
 * between processes) and spoolstatus.c (status row and IMAPIStatus) share.
 * See docs/spooler.md.
 *
 * Threads: one agent thread per profile and process. Standing by, it waits
 * for the profile's named mutex; once it holds it, it is the active spooler
 * and does all the work with providers itself, one step at a time. Other
 * threads (a program's StoreLogoffTransports, a transport's SpoolerNotify,
 * the pipe, table notifications) only change the bookkeeping under
 * spooler->cs and wake the agent; none of them calls a provider while it
 * holds the lock.
 */

#ifndef __MAPI32_SPOOLER_H
#define __MAPI32_SPOOLER_H

#include "session.h"
#include "mapitags_sdk.h"

#define SPOOL_HASH_SIZE 1024

/* What a logoff asked of a store (ORDERLY, NO_WAIT and PURGE end with the release). */
enum spool_mode
{
    MODE_RUN,            /* serve it */
    MODE_RELEASE_IDLE,   /* ABORT or QUIET on a busy store: carry on, release once idle */
    MODE_RELEASE,        /* release now */
    MODE_ORDERLY,        /* finish what transports hold, start nothing, then release */
    MODE_DRAIN,          /* NO_WAIT, PURGE: send what is queued, then release */
};

enum spool_store_state
{
    STORE_OFF,           /* no spooler logon */
    STORE_WANTED,        /* a client opened it: log on */
    STORE_LOGGING_ON,    /* SpoolerLogon under way */
    STORE_ON,
};

enum spool_msg_state
{
    MSG_QUEUED,          /* in the outgoing queue, ours to take */
    MSG_BUSY,            /* in a transport's hands */
    MSG_HELD,            /* a transport keeps it (END_DONT_RESEND) until NOTIFY_SENTDEFERRED */
};

/* A message of a store's outgoing queue, as the queue table told us. */
struct spool_msg
{
    struct list entry;              /* in store->msgs, in queue order */
    struct spool_msg *next_in_bucket;
    ULONG key_size;                 /* PR_INSTANCE_KEY */
    BYTE *key;
    ULONG entryid_size;
    BYTE *entryid;
    ULONGLONG deliver_after;        /* PR_DEFERRED_DELIVERY_TIME (FILETIME), 0 if none */
    ULONGLONG retry_at;             /* GetTickCount64() of the next try after a failure, 0 if none */
    ULONG attempts;
    enum spool_msg_state state;
    ULONG drained;                  /* the drain (store->drain) that tried it once */
    BOOL gone;                      /* its row went while it was busy or held */
    BOOL sent_deferred;             /* MSG_HELD: the transport said NOTIFY_SENTDEFERRED */
    IXPLogon *holder;               /* MSG_HELD: the transport keeping it, counted */
};

/* A store provider of the profile. */
struct spool_store
{
    struct list entry;              /* in spooler->stores */
    struct profile_provider info;
    BOOL is_default;                /* holds the default Inbox (STATUS_DEFAULT_STORE) */
    enum spool_store_state state;
    BOOL unavailable;               /* SpoolerLogon failed: tried again at the next open */
    IMsgStore *mdb;                 /* the spooler's logon (STORE_ON) */
    IMAPITable *queue;
    ULONG_PTR queue_connection;
    IMAPIAdviseSink *queue_sink;
    /* the queue, under spooler->cs */
    struct list msgs;
    struct spool_msg *buckets[SPOOL_HASH_SIZE];
    ULONG queued;                   /* messages not in a transport's hands */
    ULONG busy;                     /* outbound messages in a transport's hands */
    ULONG inbound;                  /* deliveries into it under way */
    struct list changes;            /* queue notifications not applied yet */
    BOOL reload;                    /* read the whole queue again */
    enum spool_mode mode;
    ULONG drain;                    /* the current NO_WAIT or PURGE drain, counted from 1 */
    BOOL reopened;                  /* a client opened it while a release was pending */
    BOOL purge;                     /* PURGE: flush the transports before the release */
    ULONGLONG recheck_at;           /* the store has queued messages the notifications have not brought yet */
    ULONGLONG release_after;        /* the client's own logoff of the store goes first */
    struct list waiters;            /* PURGE callers waiting for the release */
};

/* A transport the active spooler works with: one the host session logged on to. */
struct spool_transport
{
    struct list entry;              /* in spooler->transports, in transport order */
    IXPLogon *xp;                   /* counted */
    MAPIUID provider_uid;
    WCHAR *name;
    ULONG logon_flags;              /* LOGON_SP_POLL, LOGON_SP_IDLE... */
    ULONG type_count;
    WCHAR **types;                  /* address types it handles */
    BOOL newmail;                   /* SpoolerNotify(NOTIFY_NEWMAIL) */
    BOOL receiving;                 /* NOTIFY_BEGIN_INBOUND sent */
};

/* A preprocessor a transport registered (RegisterPreprocessor), kept for the process: the
 * transport registers it at TransportLogon, before its session has joined the agent. */
struct spool_preprocessor
{
    struct list entry;
    WCHAR *profile_name;
    MAPIUID transport;              /* the transport that registered it */
    WCHAR *address_type;            /* NULL: every message */
    WCHAR *dll_name;
    char *preprocess;
    char *remove_info;
    HMODULE module;
};

/* What a client asked of the active spooler through its status object (IMAPIStatus::FlushQueues,
 * ValidateState): the agent does it, since it alone calls the transports. The caller waits for it
 * and frees it, unless it gave up waiting (abandoned): then the agent does. */
enum spool_request_type
{
    REQUEST_FLUSH,
    REQUEST_VALIDATE,
};

struct spool_request
{
    struct list entry;              /* in spooler->requests, in the order asked */
    enum spool_request_type type;
    ULONG_PTR ui_param;
    ULONG flags;                    /* FLUSH_* or the ValidateState flags */
    BOOL targeted;
    MAPIUID target;                 /* REQUEST_FLUSH of one transport: its provider UID */
    BOOL taken;                     /* the agent works on it */
    BOOL done;                      /* ... and is done: hr is its answer */
    BOOL abandoned;
    HRESULT hr;
};

/* The profile's spooler agent in this process. */
struct spooler
{
    struct list entry;              /* in the process' list */
    LONG ref;
    CRITICAL_SECTION cs;
    WCHAR *profile_name;
    struct profile *profile;
    struct list sessions;           /* struct spool_session: this process' mail sessions on it */
    HANDLE thread;                  /* the agent */
    HANDLE stop;                    /* manual: the agent ends */
    HANDLE wake;                    /* auto: something for the agent */
    HANDLE host_released;           /* manual: the agent let go of the host session */
    BOOL active;                    /* holds the profile's mutex */
    struct session *host;           /* whose transports and logons the active agent uses */
    BOOL host_leaving;
    struct list stores;             /* struct spool_store */
    struct list transports;         /* struct spool_transport */
    /* what the agent is doing with a transport right now, for a cancel */
    IXPLogon *current_xp;
    ULONG current_ref;
    BOOL current_submit;
    struct spool_store *current_store;
    IMessage *current_message;
    ULONG status_code;              /* the spooler row's PR_STATUS_CODE */
    LONG flushes;                   /* IMAPIStatus::FlushQueues calls, for a message tried meanwhile */
    ULONGLONG next_poll;
    struct list requests;           /* struct spool_request */
    void *ipc;                      /* spoolipc.c's server */
};

struct spool_session
{
    struct list entry;
    struct session *session;        /* internal reference */
};

/* spooler.c */
extern void spooler_lock(struct spooler *spooler);
extern void spooler_unlock(struct spooler *spooler);
extern void spooler_wake(struct spooler *spooler);
extern void spooler_release(struct spooler *spooler);
/* The agent of a profile in this process, counted; NULL if none. */
extern struct spooler *spooler_find(const WCHAR *profile_name);
extern struct spool_store *spooler_find_store(struct spooler *spooler, const MAPIUID *uid);
extern struct spool_transport *spooler_find_transport(struct spooler *spooler, IXPLogon *xp);
extern struct spool_transport *spooler_find_transport_uid(struct spooler *spooler, const MAPIUID *uid);
extern struct spool_msg *spool_msg_find(struct spool_store *store, ULONG key_size, const BYTE *key);
extern void spool_msg_remove(struct spool_store *store, struct spool_msg *msg);
/* LOGOFF_INBOUND, _OUTBOUND, _OUTBOUND_QUEUE as the bookkeeping has them (lock held). */
extern ULONG spool_store_activity(struct spool_store *store);
extern BOOL spool_store_is_default(struct spooler *spooler, struct spool_store *store);
extern void spooler_mutex_name(const WCHAR *profile, WCHAR *name, ULONG size);
extern BOOL spooler_is_stopping(struct spooler *spooler);
static inline ULONG spool_list_count(const struct list *list)
{
    const struct list *entry;
    ULONG count = 0;

    for (entry = list->next; entry != list; entry = entry->next) count++;
    return count;
}
extern void spool_store_opened(struct spooler *spooler, const MAPIUID *uid);
/* By the agent: IXPLogon::FlushQueues of every transport, or of the one given (provider UID). */
extern void spool_flush_transports(struct spooler *spooler, const MAPIUID *target, ULONG flags);
/* By the agent: IXPLogon::AddressTypes of the transport again, for routing and EnumAdrTypes. */
extern HRESULT spool_refresh_types(struct spooler *spooler, IXPLogon *xp);

/* spoolout.c */
extern BOOL spool_outbound_step(struct spooler *spooler);
/* When the next deferred or retried message is due (GetTickCount64), or ~0. */
extern ULONGLONG spool_outbound_next_due(struct spooler *spooler);
extern HRESULT spool_sent_deferred(struct spooler *spooler, ULONG size, const ENTRYID *entryid);
/* FlushQueues: what waits for a retry is due now; with a transport (provider UID), what waits for it. */
extern void spool_outbound_flush(struct spooler *spooler, const MAPIUID *target);
/* The extra messages preprocessors made (PreprocessMessage's lpppMessage), counted. */
struct spool_extras
{
    ULONG count;
    IMessage **messages;
};
extern HRESULT spool_run_preprocessors(struct spooler *spooler, struct session *session, IMessage *message,
                                       IMAPIFolder *folder, BOOL *preprocessed, struct spool_extras *extras);
/* Into the outgoing queue of their store, to be sent like any message; or let go, with a warning. */
extern void spool_queue_extras(struct spool_extras *extras);
extern void spool_drop_extras(struct spool_extras *extras, const char *why);
extern void spool_remove_preprocess_info(struct spooler *spooler, IMessage *message);

/* spoolin.c */
extern BOOL spool_inbound_step(struct spooler *spooler);
extern void spool_inbound_enable(struct spooler *spooler, BOOL enable);

/* spoollogoff.c */
extern HRESULT spool_logoff_decide(struct spooler *spooler, const MAPIUID *uid, ULONG flag, ULONG *result);
/* The store's release is due (lock held). */
extern BOOL spool_release_due(struct spooler *spooler, struct spool_store *store);
/* Wakes the PURGE callers of a store that the spooler let go (lock held). */
extern void spool_wake_waiters(struct spool_store *store);
/* The store's own word: unlocked messages in its outgoing queue (LOGOFF_OUTBOUND_QUEUE or 0). */
extern ULONG spool_store_queue(IMsgStore *mdb);

/* spoolreport.c */
extern HRESULT spool_report(struct spooler *spooler, struct spool_store *store, IMessage *message,
                            const ADRLIST *recipients);

/* spoolipc.c */
extern void *spool_ipc_start(struct spooler *spooler);
extern void spool_ipc_stop(void *server);
extern HRESULT spool_ipc_store_logoff(const WCHAR *profile, const MAPIUID *uid, ULONG flag, ULONG *result);
extern void spool_ipc_store_opened(const WCHAR *profile, const MAPIUID *uid);
/* spool_flush and spool_validate by the active spooler of another process; S_FALSE when none answered. */
extern HRESULT spool_ipc_flush(const WCHAR *profile, ULONG flags, const MAPIUID *target);
extern HRESULT spool_ipc_validate(const WCHAR *profile, ULONG_PTR ui_param, ULONG flags);

/* spoolstatus.c */
extern void spool_status_update(struct spooler *spooler, ULONG set, ULONG clear, const WCHAR *text);
extern void spool_status_session(struct spooler *spooler, struct session *session);
/* The longest a FlushQueues waits for the spooler to be done (the pipe's caller waits a little longer). */
#define SPOOL_FLUSH_WAIT_MS 30000
extern HRESULT spool_flush(struct spooler *spooler, ULONG flags, const MAPIUID *target);
extern HRESULT spool_validate(struct spooler *spooler, ULONG_PTR ui_param, ULONG flags);
/* The agent: does the next request clients asked for, if any. */
extern BOOL spool_request_step(struct spooler *spooler);
/* The agent, its spooler going away: what is still asked is answered MAPI_E_BUSY, or freed. */
extern void spool_requests_end(struct spooler *spooler);

#endif /* __MAPI32_SPOOLER_H */
