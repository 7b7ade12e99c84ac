/*
 * A fake IMAPISupport for testing the sample store (sqlms32.dll) without a
 * MAPI session: it records what the store asks of it and implements what a
 * store calls (profile sections, a small notification engine, DoSentMail,
 * WrapStoreEntryID, ...). Shared by the store's tests and its benchmark.
 */
#ifndef __FAKE_STORE_SUPPORT_H
#define __FAKE_STORE_SUPPORT_H

#include <windows.h>
#include <mapidefs.h>
#include <mapicode.h>
#include <mapitags.h>
#include <mapiutil.h>
#include "mapispi.h"
#include "sqlms.h"

struct fake_subscription;

struct fake_support
{
    IMAPISupport IMAPISupport_iface;
    LONG ref;
    CRITICAL_SECTION cs;
    IPropData *section;          /* the provider's profile section */
    IPropData *service_section;  /* the service's, PR_SERVICE_UID of the provider's */
    MAPIUID service_uid;
    MAPIUID provider_uid;        /* what SetProviderUID registered */
    IMsgStore *store;            /* for DoSentMail: set by the test, not held */

    /* What the store did */
    LONG set_provider_uid, make_invalid, logoff_transports, modify_profile, modify_status_row;
    LONG prepare_submit, expand_recips, do_sent_mail, spooler_notify, new_uid, wrap_store;
    ULONG logoff_flags;          /* what StoreLogoffTransports got */
    ULONG spooler_notify_flags;
    void *invalid_object;        /* what MakeInvalid got */
    LONG released_at_invalidation; /* the support's ref when MakeInvalid ran */

    /* What the fake answers */
    ULONG expand_flags;          /* ExpandRecips' *lpulFlags */
    ULONG expanded_recips;       /* rows of the recipient table ExpandRecips read last */
    ULONG logoff_answer;         /* StoreLogoffTransports' output */

    struct fake_subscription *subs;
    ULONG sub_count, sub_capacity;
    ULONG_PTR next_connection;
    struct fake_support *next;   /* the process' fake support objects, for Notify */
};

/* A support object whose provider section holds path (NULL: none). */
extern struct fake_support *fake_support_create(const WCHAR *path);
extern ULONG fake_support_refcount(struct fake_support *support);
extern void fake_support_set_prop(struct fake_support *support, BOOL service, const SPropValue *value);
extern HRESULT fake_support_get_prop(struct fake_support *support, ULONG tag, SPropValue **value);

/* An advise sink that keeps copies of what it gets. */
struct fake_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    CRITICAL_SECTION cs;
    HANDLE event;                /* set on each call */
    ULONG count;                 /* notifications received */
    ULONG events[256];           /* their ulEventType */
    ULONG table_events[256];     /* for fnevTableModified, ulTableEvent */
    ULONG obj_types[256];
    BYTE eids[256][64];          /* lpEntryID (object) or the table row's PR_INSTANCE_KEY */
    ULONG eid_sizes[256];
    WCHAR classes[256][32];      /* fnevNewMail message class */
};

extern struct fake_sink *fake_sink_create(void);
extern void fake_sink_reset(struct fake_sink *sink);
/* Waits until the sink got at least count notifications, up to timeout ms. */
extern BOOL fake_sink_wait(struct fake_sink *sink, ULONG count, DWORD timeout);
extern ULONG fake_sink_count(struct fake_sink *sink, ULONG event);
/* Waits until the sink got count table notifications of one kind. */
extern BOOL fake_sink_wait_table(struct fake_sink *sink, ULONG table_event, ULONG count, DWORD timeout);
/* Waits until the sink got count notifications of one event type. */
extern BOOL fake_sink_wait_event(struct fake_sink *sink, ULONG event, ULONG count, DWORD timeout);
extern ULONG fake_sink_count_table(struct fake_sink *sink, ULONG table_event);

#endif /* __FAKE_STORE_SUPPORT_H */
