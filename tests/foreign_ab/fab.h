/*
 * foreignab: an address book provider as a third party writes one for
 * Windows' MAPI, built with mingw-w64's SDK headers and import library only.
 * One container, "Foreign Directory", lists the entries of a text file its
 * profile section names, one per line:
 *
 *   Display Name;ADDRTYPE;address
 *
 * Its objects keep their properties in IPropData (CreateIProp, read-only),
 * its tables are CreateTable's, its details page is a display table.
 */

#ifndef FAB_H
#define FAB_H

#define COBJMACROS
#include <windows.h>
#include <ctype.h>
#include <mapix.h>
#include <mapispi.h>
#include <mapiutil.h>
#include <mapival.h>

#include "../foreign_log.h"

/* The SDK's mapival.h declares it; mingw-w64's does not. */
STDAPIV HrValidateParametersV(METHODS method, ...);

/* mingw-w64's MAPI headers have no C macros for the methods. */
#define CALL(object, method, ...) ((object)->lpVtbl->method((object), ##__VA_ARGS__))

/* The profile property of the service: the file of entries */
#define PR_FAB_FILE             PROP_TAG(PT_STRING8, 0x6600)

#define FAB_MAX_ENTRIES 64
#define FAB_ROOT        0       /* the provider's top container */
#define FAB_DIRECTORY   1       /* the one container of entries */

extern const MAPIUID fab_uid;
extern HINSTANCE fab_instance;
extern LPALLOCATEBUFFER fab_alloc;
extern LPALLOCATEMORE fab_more;
extern LPFREEBUFFER fab_free;
extern LPMALLOC fab_malloc;

struct fab_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG type;                 /* MAPI_ABCONT or MAPI_MAILUSER */
    ULONG index;                /* a container, or an entry counted from 1 */
};

struct fab_entry
{
    char name[128];
    char type[32];
    char address[128];
};

struct fab_logon
{
    IABLogon IABLogon_iface;
    LONG ref;
    IMAPISupport *support;      /* counted; NULL after Logoff */
    ULONG count;
    struct fab_entry entries[FAB_MAX_ENTRIES];
    ITableData *contents;       /* of the directory; NULL until asked for */
};

extern void fab_make_entryid(ULONG type, ULONG index, struct fab_entryid *id);
extern BOOL fab_parse_entryid(struct fab_logon *logon, ULONG size, const ENTRYID *entryid, struct fab_entryid *id);
extern HRESULT fab_entry_props(struct fab_logon *logon, ULONG index, void *parent, ULONG *count,
                               SPropValue **props);

/* container.c */
extern HRESULT fab_container_open(struct fab_logon *logon, ULONG index, IABContainer **container);

/* mailuser.c */
extern HRESULT fab_mailuser_open(struct fab_logon *logon, ULONG index, IMailUser **user);

#endif /* FAB_H */
