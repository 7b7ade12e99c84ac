/*
 * Our side of the layout comparison: Wine's MAPI headers with ours from
 * include/, built as a program that uses them is.
 */

#include <stddef.h>
#include "windef.h"
#include "winbase.h"
#include "objbase.h"

/* Each IID a static object of this file: see layout_table.h */
#undef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) \
    static const GUID layout_##name = { l, w1, w2, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } }

#include "mapidefs.h"
#include "mapiguid.h"
#include "mapix.h"
#include "mapitable.h"
#include "mapiutil.h"
#include "mapival.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "mapihook.h"
#include "mapiab.h"
#include "mapix_sdk.h"
#include "mapi_sdk.h"
#include "mapiutil_sdk.h"
#include "mapival_methods.h"
#include "mapitags_sdk.h"
#include "imessage.h"
#include "tnef.h"

#include "layout.h"

#define LAYOUT_TABLE layout_ours
#define LAYOUT_COUNT layout_ours_count
#include "layout_table.h"
