/*
 * The integrated address book: what addrbook.c (IAddrBook), abroot.c (the
 * root container and the merged hierarchy) and absearch.c (search path,
 * default directory, PAB and name resolution through the containers) share.
 */

#ifndef __MAPI32_ADDRBOOK_H
#define __MAPI32_ADDRBOOK_H

#include "session.h"

/* PR_DISPLAY_TYPE of containers, as the SDK's mapidefs.h has them */
#ifndef DT_MODIFIABLE
#define DT_MODIFIABLE           ((ULONG)0x00010000)
#define DT_GLOBAL               ((ULONG)0x00020000)
#define DT_LOCAL                ((ULONG)0x00030000)
#define DT_WAN                  ((ULONG)0x00040000)
#define DT_NOT_SPECIFIC         ((ULONG)0x00050000)
#endif

/* abroot.c */
/* The root container's entry ID: 4 flag bytes and MAPI's UID for it. A NULL or empty entry ID names it too. */
struct abroot_entryid
{
    BYTE flags[4];
    MAPIUID uid;
};
extern BOOL abroot_is_entryid(ULONG size, const ENTRYID *entryid);
/* A copy of the root's entry ID, from MAPIAllocateBuffer. */
extern HRESULT abroot_entryid(ULONG *size, ENTRYID **entryid);
extern HRESULT abroot_open(struct session *session, const IID *iid, ULONG flags, ULONG *type, IUnknown **object);
/* The merged hierarchy: the rows of each address book provider's top-level container's hierarchy
 * table, in profile order. flags: CONVENIENT_DEPTH (every level, else depth 0 only), MAPI_UNICODE.
 * Each row holds the ABROOT_COLUMNS, as many as the provider gave; free with FreeProws. */
enum abroot_column
{
    ABROOT_INSTANCE_KEY,
    ABROOT_ENTRYID,
    ABROOT_DISPLAY_NAME,
    ABROOT_OBJECT_TYPE,
    ABROOT_DISPLAY_TYPE,
    ABROOT_CONTAINER_FLAGS,
    ABROOT_DEPTH,
    ABROOT_RECORD_KEY,
    ABROOT_AB_PROVIDER_ID,
    ABROOT_COLUMNS
};
extern HRESULT abroot_get_hierarchy(struct session *session, ULONG flags, SRowSet **rows);
/* A copy of a property linked to parent, its strings (PT_STRING8 or PT_UNICODE) in the width asked for. */
extern HRESULT ab_copy_prop(SPropValue *dst, const SPropValue *src, BOOL unicode, void *parent);
/* Opens an entry of the address book (the root, a one-off or a provider's), as IAddrBook::OpenEntry. */
extern HRESULT ab_open_entry(struct session *session, ULONG size, ENTRYID *entryid, const IID *iid, ULONG flags,
                             ULONG *type, IUnknown **object);

/* absearch.c: what the profile keeps (PR_AB_SEARCH_PATH, PR_AB_DEFAULT_DIR, PR_AB_DEFAULT_PAB) */
extern HRESULT absearch_get_path(struct session *session, ULONG flags, SRowSet **path);
extern HRESULT absearch_set_path(struct session *session, const SRowSet *path);
/* tag: PR_AB_DEFAULT_DIR or PR_AB_DEFAULT_PAB */
extern HRESULT absearch_get_default(struct session *session, ULONG tag, ULONG *size, ENTRYID **entryid);
extern HRESULT absearch_set_default(struct session *session, ULONG tag, ULONG size, ENTRYID *entryid);
/* Resolves the entries flag_list marks MAPI_UNRESOLVED through the containers of the search path,
 * marking them MAPI_RESOLVED or MAPI_AMBIGUOUS. A resolved entry gets the properties tags names
 * (NULL: PR_ENTRYID, PR_DISPLAY_NAME, PR_ADDRTYPE, PR_EMAIL_ADDRESS, PR_OBJECT_TYPE, PR_DISPLAY_TYPE,
 * PR_SEARCH_KEY...) from the container and keeps the others it had. flags: MAPI_UNICODE. */
extern HRESULT absearch_resolve(struct session *session, const SPropTagArray *tags, ULONG flags, ADRLIST *list,
                                FlagList *flag_list);

#endif /* __MAPI32_ADDRBOOK_H */
