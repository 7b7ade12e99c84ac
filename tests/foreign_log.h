/*
 * The call log of the foreign providers (tests/foreign_*): one line per event,
 * appended to the file that MAPI_TEST_LOG names, which the tests read with
 * session_test.h's log_find(). The providers are built with mingw-w64's
 * headers only, so this is theirs, not testprov.h.
 */
#ifndef FOREIGN_LOG_H
#define FOREIGN_LOG_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static inline void foreign_log(const char *format, ...)
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

#endif /* FOREIGN_LOG_H */
