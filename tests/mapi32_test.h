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

/* Empties a log file that other threads and processes append to. Deleting it would fail while one
 * of them has it open, and leave the old lines to be found again. */
static inline void truncate_log(const char *path)
{
    HANDLE file;
    int i;

    for (i = 0; i < 1000; i++)
    {
        file = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           TRUNCATE_EXISTING, 0, NULL);
        if (file != INVALID_HANDLE_VALUE)
        {
            CloseHandle(file);
            return;
        }
        if (GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND) return;
        Sleep(1);
    }
    fail_msg("cannot empty %s: error %lu", path, GetLastError());
}

#endif /* __MAPI32_TEST_H */
