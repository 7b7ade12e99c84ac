/*
 * The sample SMTP transport: what its files share.
 *
 * smtpxp_main.c  XPProviderInit, IXPProvider, the service entry, the configuration
 * xplogon.c      IXPLogon: what the spooler calls
 * status.c       IMAPIStatus: the transport's status object
 * smtp.c         the SMTP client (RFC 5321) over Winsock
 * maildir.c      the Maildir inbound mail is read from
 *
 * The MIME writer and reader, and the text helpers under them, are in
 * dlls/mimeconv (libmimeconv.a), which tools/msgtool shares.
 */

#ifndef __SMTPXP_PRIVATE_H
#define __SMTPXP_PRIVATE_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define COBJMACROS
#include "winsock2.h"
#include "ws2tcpip.h"
#include "windef.h"
#include "winbase.h"
#include "winnls.h"
#include "objbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapispi.h"
#include "mapitags_sdk.h"
#include "smtpxp.h"
#include "mimeconv.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* smtp.c */
#define SMTP_CAP_PIPELINING 0x01
#define SMTP_CAP_SIZE       0x02
#define SMTP_CAP_8BITMIME   0x04
#define SMTP_CAP_SMTPUTF8   0x08

struct smtp_conn
{
    SOCKET sock;
    ULONG caps;
    ULONGLONG size_limit;   /* 0: none given */
    DWORD last_used;        /* GetTickCount() */
    char rbuf[4096];
    size_t rstart, rend;
};

/* What became of one envelope recipient */
struct smtp_rcpt_result
{
    int code;               /* the RCPT reply, or the final one for those accepted */
    char *text;             /* the server's reply text (malloc()ed) */
};

enum smtp_outcome
{
    SMTP_DONE,              /* each recipient has its own result */
    SMTP_TRANSIENT,         /* the server deferred the whole message (4xx): nothing was delivered */
    SMTP_PERMANENT,         /* the server refused the whole message (5xx): nothing was delivered */
    SMTP_NETWORK,           /* no server, or the connection failed: nothing known to be delivered */
    SMTP_CANCELLED,         /* the caller cancelled before the message was committed */
    SMTP_CLOSING,           /* the server is closing the connection (421 to MAIL): nothing was sent */
};

extern void smtp_init(struct smtp_conn *conn);
extern HRESULT smtp_connect(struct smtp_conn *conn, const char *host, USHORT port, char *error, size_t error_size);
extern void smtp_close(struct smtp_conn *conn, BOOL polite);
extern BOOL smtp_is_open(struct smtp_conn *conn);
extern enum smtp_outcome smtp_send(struct smtp_conn *conn, const char *from, ULONG rcpt_count,
                                   const char * const *rcpts, BOOL eight_bit, BOOL utf8,
                                   const char *data, size_t len, struct smtp_rcpt_result *results,
                                   int *whole_code, char *whole_text, size_t whole_text_size,
                                   LONG volatile *cancel);

/* maildir.c */
struct maildir
{
    WCHAR *path;
    ULONG interval;         /* ms between scans */
    DWORD last_scan;
    BOOL scanned;
    WCHAR **pending;        /* names in new/, oldest first */
    ULONG count;
};

struct maildir_claim
{
    HANDLE file;
    WCHAR *dir;             /* the Maildir it came from, which ValidateState may close meanwhile */
    WCHAR *name;
    char *data;
    size_t len;
    FILETIME mtime;
};

extern HRESULT maildir_open(struct maildir *dir, const WCHAR *path, ULONG interval);
extern void maildir_close(struct maildir *dir);
extern ULONG maildir_scan(struct maildir *dir, BOOL force);
extern HRESULT maildir_claim_next(struct maildir *dir, struct maildir_claim *claim);
extern HRESULT maildir_commit(struct maildir_claim *claim);
extern void maildir_release(struct maildir_claim *claim);

/* smtpxp_main.c */

/* The configuration, a snapshot that never changes: ValidateState(CONFIG_CHANGED)
 * puts a new one in the logon, and each operation keeps the one it started with. */
struct smtpxp_config
{
    LONG ref;
    char *server;           /* UTF-8 */
    USHORT port;
    char *sender;           /* UTF-8 */
    WCHAR *maildir;
    ULONG poll_interval;
    ULONG retry_interval;   /* seconds */
};

struct xp_provider
{
    IXPProvider IXPProvider_iface;
    LONG ref;
    LPALLOCATEBUFFER allocate_buffer;
    LPALLOCATEMORE allocate_more;
    LPFREEBUFFER free_buffer;
    LONG shut_down;
};

extern HRESULT smtpxp_read_config(IMAPISupport *support, struct smtpxp_config **config);
extern struct smtpxp_config *smtpxp_config_addref(struct smtpxp_config *config);
extern void smtpxp_config_release(struct smtpxp_config *config);
extern HINSTANCE smtpxp_instance;

/* xplogon.c */
struct xp_logon;

/* An object a logon hands to a program (the IXPLogon, a status object): a
 * MAPIAllocateBuffer block that starts with its interface and its LONG count,
 * the layout IMAPISupport::MakeInvalid takes over at TransportLogoff. */
struct xp_handout
{
    struct xp_handout *next;
    void *iface;
    LONG *ref;
    ULONG methods;              /* of its vtable */
    struct xp_logon *logon;     /* NULL once handed over to MAPI */
};

extern HRESULT xp_logon_hand_out(struct xp_logon *logon, struct xp_handout *handout, void *iface, LONG *ref,
                                 ULONG methods);
/* The logon for a call on the object, kept until xp_logon_leave(); NULL once it is invalid. */
extern struct xp_logon *xp_handout_enter(struct xp_handout *handout);
extern void xp_logon_leave(struct xp_logon *logon);
/* The object's last Release (before MAPIFreeBuffer) */
extern void xp_handout_free(struct xp_handout *handout);
extern HRESULT xp_logon_create(struct xp_provider *provider, IMAPISupport *support, ULONG flags,
                               struct smtpxp_config *config, IXPLogon **logon, ULONG *out_flags);
extern HRESULT xp_logon_validate_state(struct xp_logon *logon, ULONG_PTR ui_param, ULONG flags);
extern HRESULT xp_logon_flush_queues(struct xp_logon *logon, ULONG_PTR ui_param, ULONG cb_target,
                                     ENTRYID *target, ULONG flags);
extern HRESULT xp_logon_status_props(struct xp_logon *logon, ULONG *count, SPropValue **props);

/* status.c */
extern HRESULT xp_status_create(struct xp_logon *logon, IMAPIStatus **status);

#endif /* __SMTPXP_PRIVATE_H */
