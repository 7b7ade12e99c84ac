/*
 * What the test providers (testms.dll, testxp.dll) share: the call log and
 * the settings a test gives them through the environment.
 *
 * Every call a provider receives is appended as one line to the file that
 * MAPI_TEST_LOG names, so a test still reads it after MAPI has unloaded
 * the provider's DLL.
 */
#ifndef __TESTPROV_H
#define __TESTPROV_H

#include <stdarg.h>
#include <stdio.h>
#include "windef.h"
#include "winbase.h"

static inline void WINAPIV test_log(const char *format, ...)
{
    char path[MAX_PATH], line[512];
    va_list args;
    HANDLE file;
    DWORD written;
    int len;

    if (!GetEnvironmentVariableA("MAPI_TEST_LOG", path, sizeof(path))) return;
    va_start(args, format);
    len = vsnprintf(line, sizeof(line) - 2, format, args);
    va_end(args);
    if (len < 0 || len > (int)sizeof(line) - 2) len = sizeof(line) - 2;
    line[len++] = '\n';
    file = CreateFileA(path, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return;
    WriteFile(file, line, len, &written, NULL);
    CloseHandle(file);
}

/* A number a test set in the environment, or the default. */
static inline ULONG test_setting(const char *name, ULONG def)
{
    char value[32];

    if (!GetEnvironmentVariableA(name, value, sizeof(value))) return def;
    return strtoul(value, NULL, 0);
}

#endif /* __TESTPROV_H */
