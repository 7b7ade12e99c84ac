/*
 * What every mapi32 test program includes: Windows' headers with ours,
 * then CMocka, which needs the C headers before it.
 */
#ifndef __MAPI32_TEST_H
#define __MAPI32_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "winerror.h"
#include "objbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapitable.h"
#include "mapiutil.h"
#include "mapix.h"

#include <cmocka.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* An HRESULT compared with its name in the failure message. */
#define assert_hr_equal(expected, actual) \
    _assert_int_equal((ULONG)(actual), (ULONG)(expected), __FILE__, __LINE__)

#endif /* __MAPI32_TEST_H */
