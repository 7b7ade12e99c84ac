/*
 * Declarations shared by the files of mapi32.dll.
 */
#ifndef __MAPI32_PRIVATE_H
#define __MAPI32_PRIVATE_H

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapitable.h"
#include "mapiutil.h"
#include "mapival.h"
#include "mapix.h"
#include "mapispi.h"
#include "mapiutil_sdk.h"

extern HINSTANCE mapi32_instance;

/* alloc.c */
extern BOOL mapi_is_initialized(void);
extern void mapi_alloc_shutdown(void);

/* imalloc.c */
extern IMalloc mapi_default_malloc;

/* prop.c: the workers of LPropCompareProp, FPropCompareProp, FPropContainsProp,
 * ScCountProps and ScCopyProps, without their tracing and ScCountProps' rules
 * against PR_NULL-like and empty multi-valued properties (a table row may hold those). */
/* Bytes of one value of a fixed-size type, or one element of its PT_MV_ form; 0 for other types. */
extern ULONG mapi_prop_fixed_size(ULONG type);
extern LONG mapi_prop_compare(const SPropValue *a, const SPropValue *b);
extern BOOL mapi_prop_relop(const SPropValue *a, ULONG relop, const SPropValue *b);
extern BOOL mapi_prop_contains(const SPropValue *haystack, const SPropValue *needle, ULONG fuzzy);
/* Adds the size of a value's data (aligned, as ScCopyProps lays it out) to *offset;
 * FALSE for a NULL data pointer, an unknown type or a size past 4GB. */
extern BOOL mapi_prop_data_size(const SPropValue *prop, ULONG *offset);
/* Copies src to dst, and its data into the block at base from *offset on. */
extern BOOL mapi_prop_copy_data(SPropValue *dst, const SPropValue *src, BYTE *base, ULONG *offset);
/* Size of the block mapi_props_copy makes of an array; size must not be NULL. */
extern SCODE mapi_props_size(ULONG count, const SPropValue *props, ULONG *size);
extern SCODE mapi_props_copy(ULONG count, const SPropValue *props, void *dst, ULONG *size);

/* lasterror.c */
/* Why the last call of an object failed, for its GetLastError. */
struct mapi_error_info
{
    HRESULT hr;
    WCHAR text[512];
};
extern void mapi_error_clear(struct mapi_error_info *info);
extern HRESULT mapi_error_set(struct mapi_error_info *info, HRESULT hr, const WCHAR *format, ...);
/* The MAPIERROR GetLastError(hr, flags) hands out: NULL when hr is not the last error. */
extern HRESULT mapi_error_get(struct mapi_error_info *info, const WCHAR *component, HRESULT hr,
                              ULONG flags, MAPIERROR **error);
/* Takes over the text of a MAPIERROR a service entry point returned, then frees it. */
extern void mapi_error_take(struct mapi_error_info *info, HRESULT hr, MAPIERROR *error, BOOL unicode);

/* Strings of MAPI's TCHAR parameters: MAPI_UNICODE says which width they are. */
extern WCHAR *mapi_strdupW_from(const void *string, BOOL unicode);

/* charwidth.c: mapi32's calls into providers that may know ANSI only (MAPI_E_BAD_CHARWIDTH):
 * Unicode first, then ANSI, the answers in Unicode. */
extern BOOL mapi_unicode_refused(HRESULT hr);
extern ULONG mapi_ansi_tag(ULONG tag);
extern HRESULT mapi_values_to_unicode(ULONG count, SPropValue *values, void *block, const SPropTagArray *wanted);
extern HRESULT mapi_values_to_ansi(ULONG count, const SPropValue *values, SPropValue **ansi);
extern HRESULT mapi_get_prop_list_w(IMAPIProp *object, SPropTagArray **tags);
extern HRESULT mapi_get_props_w(IMAPIProp *object, const SPropTagArray *tags, ULONG *count, SPropValue **values);
extern HRESULT mapi_set_props_w(IMAPIProp *object, ULONG count, const SPropValue *values,
                                SPropProblemArray **problems);
extern HRESULT mapi_modify_recipients_w(IMessage *message, ULONG flags, const ADRLIST *list);
enum mapi_table
{
    MAPI_TABLE_RECIPIENTS,      /* IMessage */
    MAPI_TABLE_ATTACHMENTS,     /* IMessage */
    MAPI_TABLE_CONTENTS,        /* IMAPIContainer */
    MAPI_TABLE_HIERARCHY,       /* IMAPIContainer */
    MAPI_TABLE_ONE_OFF,         /* IABLogon */
};
extern HRESULT mapi_open_table_w(void *object, enum mapi_table which, ULONG flags, IMAPITable **table, BOOL *ansi);
extern HRESULT mapi_query_rows_w(IMAPITable *table, BOOL ansi, const SPropTagArray *columns, SRowSet **rows);
extern HRESULT mapi_table_rows_w(void *object, enum mapi_table which, const SPropTagArray *columns, SRowSet **rows);
extern HRESULT mapi_get_receive_folder_w(IMsgStore *mdb, const WCHAR *message_class, ULONG *size,
                                         ENTRYID **entryid);
extern HRESULT mapi_notify_new_mail_w(IMsgStore *mdb, const NOTIFICATION *notification);
extern HRESULT mapi_create_folder_w(IMAPIFolder *parent, ULONG type, const WCHAR *name, const WCHAR *comment,
                                    LPCIID iid, ULONG flags, IMAPIFolder **folder);
extern HRESULT mapi_prepare_recips_w(IABLogon *logon, ULONG flags, const SPropTagArray *tags, ADRLIST *list);
extern HRESULT mapi_read_text_w(IMAPIProp *object, ULONG tag, WCHAR **text);
extern HRESULT mapi_write_stream_prop(IMAPIProp *object, ULONG tag, const void *data, ULONG size);
extern HRESULT mapi_write_text_w(IMAPIProp *object, ULONG tag, const WCHAR *text, ULONG length);

/* supportcopy.c: a message copied through the interfaces of both folders, and the copy's entry ID */
extern HRESULT mapi_copy_message(IMAPIFolder *src, IMAPIFolder *dst, const SBinary *entryid,
                                 SPropValue **new_entryid);

/* cfbcheck.c: a bounded check of a compound file before ole32 walks it */
extern SCODE mapi_check_compound_lockbytes(ILockBytes *bytes);
extern SCODE mapi_check_compound_storage(IStorage *storage);

/* tnefbody.c: the stream of ITnef::OpenTaggedBody */
extern HRESULT tnef_open_tagged_body(IMessage *message, WORD key, const char *stream_name, UINT codepage,
                                     ULONG flags, IStream **stream);

#endif /* __MAPI32_PRIVATE_H */
