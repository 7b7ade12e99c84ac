/*
 * Fakes for driving a transport provider without the spooler: a transport
 * support object (fake_xp_support.c) and messages, attachments and tables
 * on property bags (fake_message.c).
 */
#ifndef __FAKE_XP_H
#define __FAKE_XP_H

#include "mapi32_test.h"
#include "mapispi.h"
#include "mapitags_sdk.h"
#include "smtpxp.h"
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

/*** the support object ***/
struct fake_support
{
    IMAPISupport IMAPISupport_iface;
    LONG ref;
    IPropData *section;         /* what OpenProfileSection(NULL) opens */
    IPropData *service_section; /* what OpenProfileSection(&service_uid) opens, or NULL */
    MAPIUID service_uid;
    /* what the transport did */
    ULONG status_row_calls;
    SPropValue *status_row;     /* the last row given (MAPIAllocateBuffer) */
    ULONG status_row_count;
    ULONG status_row_flags;
    ULONG newmail_notifies, readytosend_notifies, other_notifies;
    ULONG status_recips_calls;
    ADRLIST *status_recips;     /* all entries reported so far */
    HRESULT status_recips_result;
    BOOL invalidate;            /* MakeInvalid works as MAPI's (else MAPI_E_NO_SUPPORT) */
    ULONG made_invalid;         /* objects it took over */
};

extern struct fake_support *fake_support_create(void);
extern void fake_support_release(struct fake_support *support);
extern void fake_support_set_config(struct fake_support *support, const WCHAR *server, LONG port,
                                    const WCHAR *sender, const WCHAR *maildir, LONG interval);
extern const SPropValue *fake_status_prop(struct fake_support *support, ULONG tag);
extern void fake_support_clear_reports(struct fake_support *support);

/*** messages ***/
struct fake_message;
typedef void (*fake_callback)(struct fake_message *msg, void *context);

struct fake_message
{
    IMessage IMessage_iface;
    IAttach IAttach_iface;      /* when this is an attachment */
    LONG ref;
    BOOL is_attach;
    IPropData *bag;
    SRow *recips;               /* recipient rows, each PR_ROWID'd */
    ULONG recip_count;
    ULONG next_rowid;
    struct fake_message **attachments;
    ULONG attach_count;
    struct fake_message *embedded;  /* PR_ATTACH_DATA_OBJ of an attachment */
    ULONG save_calls, modify_recip_calls;
    ULONG last_save_flags;
    HRESULT save_result;        /* what SaveChanges answers */
    ULONG stream_threshold;     /* bigger binary/string values: GetProps says MAPI_E_NOT_ENOUGH_MEMORY */
    IStream *created_streams[8];
    ULONG created_tags[8];
    ULONG created_count;
    fake_callback on_read;      /* called by GetAttachmentTable (once) */
    void *on_read_context;
    fake_callback on_write;     /* called by SetProps (once) */
    void *on_write_context;
};

extern struct fake_message *fake_message_create(void);
extern void fake_message_release(struct fake_message *msg);
extern void fake_set_props(struct fake_message *msg, ULONG count, SPropValue *props);
extern void fake_set_string(struct fake_message *msg, ULONG tag, const WCHAR *value);
extern void fake_set_binary(struct fake_message *msg, ULONG tag, const void *data, ULONG len);
extern void fake_set_long(struct fake_message *msg, ULONG tag, LONG value);
extern void fake_set_time(struct fake_message *msg, ULONG tag, ULONGLONG value);
extern void fake_add_recipient(struct fake_message *msg, ULONG type, const WCHAR *name, const WCHAR *addrtype,
                               const WCHAR *address);
extern struct fake_message *fake_add_attachment(struct fake_message *msg, ULONG method);
extern struct fake_message *fake_attach_embedded(struct fake_message *attach);
/* A property of the bag as the transport left it (NULL if absent); valid for the next 15 calls. */
extern const SPropValue *fake_get_prop(struct fake_message *msg, ULONG tag);
extern const SPropValue *fake_recip_prop(struct fake_message *msg, ULONG index, ULONG tag);

#endif /* __FAKE_XP_H */
