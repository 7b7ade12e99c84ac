/*
 * A message's data in memory (msgdata.c), shared by message.c and attach.c.
 */
#ifndef __SQLMS_MSGDATA_H
#define __SQLMS_MSGDATA_H

struct attach_entry
{
    ULONG num;
    BOOL in_db;                 /* a row of the attachments table holds it */
    BOOL dirty;                 /* data must be written at the message's SaveChanges */
    SPropValue *summary;        /* its attachment table row (MAPIAllocateBuffer) */
    ULONG summary_count;
    ULONG size;                 /* PR_ATTACH_SIZE */
    struct attach_data *data;   /* its values and embedded message, NULL while only in the database */
};

struct msg_data
{
    IPropData *props;
    SRow *recips;               /* each row one MAPIAllocateBuffer block, with its PR_ROWID */
    ULONG recip_count, recip_capacity;
    LONG next_rowid;
    struct attach_entry *attachs;
    ULONG attach_count, attach_capacity;
    ULONG next_attach_num;
    ULONG *deleted_nums;        /* attachments in the database to delete at SaveChanges */
    ULONG deleted_count, deleted_capacity;
    ULONG flags;                /* PR_MESSAGE_FLAGS of an embedded message */
};

extern void attach_entry_clear(struct attach_entry *entry);
extern HRESULT attach_entry_summarize(struct attach_entry *entry);
extern HRESULT row_dup(const SRow *src, SRow *dst);
extern BOOL msgdata_add_recip(struct msg_data *data, const SRow *row);
extern struct attach_entry *msgdata_add_attach(struct msg_data *data);
extern struct attach_entry *msgdata_find_attach(struct msg_data *data, ULONG num);
extern HRESULT bag_storable_values(IPropData *bag, BOOL (*computed)(ULONG tag), ULONG *count, SPropValue **values);
extern HRESULT recips_encode(const struct msg_data *data, struct sqlms_buffer *buf);
extern HRESULT recips_decode(const BYTE *bytes, SIZE_T size, struct msg_data *data);
extern HRESULT attach_storage_values(struct attach_data *data, struct sqlms_buffer *embedded, ULONG *count,
                                     SPropValue **values, void **head);
extern HRESULT attach_from_values(ULONG count, SPropValue *values, struct attach_data **out);
extern BOOL message_value_stored(ULONG tag, BOOL embedded);

/* message.c: what attachments ask of their message */
struct message;
extern struct sqlms_store *message_store(struct message *msg);
extern HRESULT message_check(struct message *msg);
extern HRESULT message_attach_saved(struct message *msg, ULONG num, struct attach_data *data);
extern IMessage *message_iface(struct message *msg);
extern struct sqlms_object *message_object(struct message *msg);

#endif /* __SQLMS_MSGDATA_H */
