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

/* SDK constants that Wine's headers lack. */
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

#endif /* __MAPI32_PRIVATE_H */
