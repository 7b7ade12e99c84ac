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

extern HINSTANCE mapi32_instance;

/* alloc.c */
extern BOOL mapi_is_initialized(void);
extern void mapi_alloc_shutdown(void);

/* imalloc.c */
extern IMalloc mapi_default_malloc;

#endif /* __MAPI32_PRIVATE_H */
