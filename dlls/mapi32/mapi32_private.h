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

/* SDK values that Wine's headers lack. */
#ifndef MAPI_MOVE
#define MAPI_MOVE            0x00000001
#endif
#ifndef MAPI_NOREPLACE
#define MAPI_NOREPLACE       0x00000002
#endif
#ifndef MAPI_DECLINE_OK
#define MAPI_DECLINE_OK      0x00000004
#endif
#ifndef MAPI_DIALOG
#define MAPI_DIALOG          0x00000008
#endif
#ifndef MAPI_DEFERRED_ERRORS
#define MAPI_DEFERRED_ERRORS 0x00000008
#endif
#ifndef MAPI_NO_STRINGS
#define MAPI_NO_STRINGS      0x00000001
#endif
#ifndef MAPI_NO_IDS
#define MAPI_NO_IDS          0x00000002
#endif
#ifndef SPAMFILTER_ONSAVE
#define SPAMFILTER_ONSAVE    0x00000080
#endif
#ifndef NON_EMS_XP_SAVE
#define NON_EMS_XP_SAVE      0x00001000
#endif
#ifndef CbNewSPropProblemArray
#define CbNewSPropProblemArray(count) \
    (offsetof(SPropProblemArray, aProblem) + (count) * sizeof(SPropProblem))
#endif
#ifndef STORE_UNCOMPRESSED_RTF
#define STORE_UNCOMPRESSED_RTF  0x00008000
#endif
#ifndef RTF_SYNC_RTF_CHANGED
#define RTF_SYNC_RTF_CHANGED    0x00000001
#define RTF_SYNC_BODY_CHANGED   0x00000002
#endif
#ifndef STGSTRM_RESET
#define STGSTRM_RESET           0x00000000
#define STGSTRM_CURRENT         0x10000000
#define STGSTRM_MODIFY          0x00000002
#define STGSTRM_CREATE          0x00001000
#endif

extern HINSTANCE mapi32_instance;

/* alloc.c */
extern BOOL mapi_is_initialized(void);
extern void mapi_alloc_shutdown(void);

/* imalloc.c */
extern IMalloc mapi_default_malloc;

/* prop.c: the workers of LPropCompareProp, FPropCompareProp, FPropContainsProp,
 * ScCountProps and ScCopyProps, without their tracing and ScCountProps' rules
 * against PR_NULL-like and empty multi-valued properties (a table row may hold those). */
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

/* Restriction types newer than Wine's mapidefs.h. */
#ifndef RES_COUNT
#define RES_COUNT 11U
typedef struct _SCountRestriction
{
    ULONG          ulCount;
    LPSRestriction lpRes;
} SCountRestriction;
#endif
#ifndef BMR_EQZ
#define BMR_EQZ 0U
#define BMR_NEZ 1U
#endif

#endif /* __MAPI32_PRIVATE_H */
