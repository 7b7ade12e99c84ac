/*
 * What the files of IMessage on IStorage share: the message content in
 * memory (msgprops.c reads and writes it in the [MS-OXMSG] layout), the
 * named property map (msgnameid.c) and the COM objects (imsgstg.c).
 */
#ifndef __MAPI32_IMESSAGE_PRIVATE_H
#define __MAPI32_IMESSAGE_PRIVATE_H

#define COBJMACROS
#include "mapi32_private.h"
#include "imessage.h"
#include "list.h"

/* Bounds against hostile files: past them a file is corrupt, or too big to load. */
#define MSG_MAX_PROPS        0x4000     /* entries of one property stream */
#define MSG_MAX_RECIPS       2048       /* [MS-OXMSG] 2.2.1 */
#define MSG_MAX_ATTACHMENTS  2048       /* [MS-OXMSG] 2.2.2 */
#define MSG_MAX_DEPTH        32         /* embedded messages in embedded messages */
#define MSG_MAX_MV_VALUES    0x10000    /* values of one multi-valued property */
#define MSG_MAX_NAMES        0x7fff     /* named properties 0x8000-0xfffe */
#define MSG_MAX_ELEMENTS     0x20000    /* elements enumerated in one storage */
#define MSG_LOAD_BUDGET      ((ULONGLONG)512 * 1024 * 1024) /* bytes of data one open may load */

/* One property: a heap block with the value and its data (ScCopyProps layout). */
struct msg_prop
{
    SPropValue *value;
    ULONG attr;         /* PROPATTR_* flags, as the property stream keeps them */
};

/* The properties of one object, in the order they were first set. */
struct msg_props
{
    struct msg_prop *items;
    ULONG count;
    ULONG capacity;
};

struct msg_node;

/* One attachment. PR_ATTACH_DATA_OBJ is an embedded message or a storage. */
struct attach_node
{
    ULONG num;                  /* PR_ATTACH_NUM */
    struct msg_props props;
    struct msg_node *embedded;  /* ATTACH_EMBEDDED_MSG */
    IStorage *storage;          /* other PT_OBJECT data (ATTACH_OLE), a storage in memory */
};

/* The content of a message: its properties, recipients and attachments. */
struct msg_node
{
    struct msg_props props;
    struct msg_props *recips;   /* each with its PR_ROWID */
    ULONG recip_count;
    ULONG recip_capacity;
    struct attach_node **attachments;
    ULONG attach_count;
    ULONG attach_capacity;
    ULONG next_recip_id;
    ULONG next_attach_num;
};

/* One named property; its identifier is 0x8000 plus its index in the map. */
struct named_entry
{
    GUID guid;
    ULONG kind;         /* MNID_ID or MNID_STRING */
    ULONG id;
    WCHAR *name;
};

struct named_map
{
    struct named_entry *entries;
    ULONG count;
    ULONG capacity;
};

/* msgprops.c: property sets */
extern void msg_props_clear(struct msg_props *props);
extern SCODE msg_props_copy(struct msg_props *dst, const struct msg_props *src);
extern struct msg_prop *msg_props_find(const struct msg_props *props, ULONG tag);
extern SCODE msg_props_set(struct msg_props *props, const SPropValue *value, ULONG attr);
extern BOOL msg_props_delete(struct msg_props *props, ULONG tag);
extern ULONG msg_props_get_long(const struct msg_props *props, ULONG tag, ULONG default_value);

/* msgprops.c: content in memory */
extern struct msg_node *msg_node_create(void);
extern void msg_node_free(struct msg_node *node);
extern SCODE msg_node_copy(const struct msg_node *src, struct msg_node **dst);
extern struct attach_node *attach_node_create(ULONG num);
extern void attach_node_free(struct attach_node *attach);
extern SCODE attach_node_copy(const struct attach_node *src, struct attach_node **dst);
extern BOOL msg_node_add_attach(struct msg_node *node, struct attach_node *attach);
extern SCODE msg_node_set_recips(struct msg_node *node, struct msg_props *recips, ULONG count);

/* msgprops.c: the [MS-OXMSG] layout. A load budget bounds what one open reads. */
enum msg_kind { MSG_KIND_ROOT, MSG_KIND_EMBEDDED };
extern SCODE msg_node_load(IStorage *storage, enum msg_kind kind, ULONG depth, ULONGLONG *budget,
                           struct msg_node **node);
extern SCODE msg_node_save(IStorage *storage, enum msg_kind kind, const struct msg_node *node);
extern SCODE msg_read_stream(IStorage *storage, const WCHAR *name, ULONGLONG *budget, BYTE **data, ULONG *size);
extern SCODE msg_write_stream(IStorage *storage, const WCHAR *name, const void *data, ULONG size);
extern SCODE msg_storage_in_memory(IStorage **storage);

/* msgnameid.c: the named property map of a .msg (__nameid_version1.0) */
extern void named_map_clear(struct named_map *map);
extern SCODE named_map_load(IStorage *storage, ULONGLONG *budget, struct named_map *map);
extern SCODE named_map_save(IStorage *storage, const struct named_map *map);
extern SCODE named_map_lookup(struct named_map *map, const MAPINAMEID *name, BOOL create, ULONG *prop_id);
extern const struct named_entry *named_map_entry(const struct named_map *map, ULONG prop_id);
extern DWORD msg_crc32(const BYTE *data, SIZE_T size);

/* imsgstg.c: the COM objects */
struct msg_root;
extern HRESULT imessage_create_root(IStorage *storage, ALLOCATEBUFFER *allocate_buffer,
                                    ALLOCATEMORE *allocate_more, FREEBUFFER *free_buffer, IMalloc *malloc,
                                    MSGCALLRELEASE *release, ULONG release_data, ULONG flags,
                                    struct list *session_list, IMessage **message);
extern void imessage_close_session(struct list *session_list);
extern BOOL imsg_is_ours(void *object);
extern HRESULT imsg_get_attribs(void *object, SPropTagArray *tags, SPropAttrArray **attrs);
extern HRESULT imsg_set_attribs(void *object, SPropTagArray *tags, SPropAttrArray *attrs,
                                SPropProblemArray **problems);

#endif /* __MAPI32_IMESSAGE_PRIVATE_H */
