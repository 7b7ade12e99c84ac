/*
 * The SDK's side of the layout comparison: mingw-w64's copy of Microsoft's
 * MAPI headers, built by the mingw-w64 compiler with no header of Wine's or
 * ours, and, for what that copy lacks, layout_refpages.h.
 */

#include <stddef.h>
#include <windows.h>
#include <objbase.h>

/* Each IID a static object of this file: see layout_table.h */
#undef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) \
    static const GUID layout_##name = { l, w1, w2, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } }

/* Simple MAPI first: mapidefs.h's own definitions of the flags both have (MAPI_DIALOG) stand */
#include <mapi.h>
#include <mapidefs.h>
#include <mapiguid.h>
/* Without INITGUID, mingw-w64's mapiguid.h has no include guard */
#define MAPIGUID_H
#include <mapix.h>
#include <mapiutil.h>
#include <mapival.h>
#include <mapispi.h>
#include <mapihook.h>
#include <imessage.h>
#include <tnef.h>

#include "layout_refpages.h"
#include "layout.h"

#define LAYOUT_TABLE layout_sdk
#define LAYOUT_COUNT layout_sdk_count
#include "layout_table.h"
