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

extern HINSTANCE mapi32_instance;

/* alloc.c */
extern BOOL mapi_is_initialized(void);
extern void mapi_alloc_shutdown(void);

/* imalloc.c */
extern IMalloc mapi_default_malloc;

#endif /* __MAPI32_PRIVATE_H */
