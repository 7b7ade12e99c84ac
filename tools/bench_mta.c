/*
 * The private MTA of the SMTP benchmarks: its Maildirs and swaks (bench_mta.h).
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "windef.h"
#include "winbase.h"
#include "winnls.h"

#include "bench_mta.h"

static char unix_dir[MAX_PATH];
static WCHAR mail_dir[MAX_PATH];
static LONG port;

BOOL bench_mta_init(const char *prog)
{
    const char *dir = getenv("MTA_DIR"), *port_text = getenv("MTA_PORT");
    char path[MAX_PATH];
    int i;

    if (!dir || !port_text)
    {
        printf("%s: no MTA; run it with make -C tools bench\n", prog);
        return FALSE;
    }
    lstrcpynA(unix_dir, dir, sizeof(unix_dir));
    snprintf(path, sizeof(path), "Z:%s/mail", dir);
    for (i = 0; path[i]; i++) if (path[i] == '/') path[i] = '\\';
    MultiByteToWideChar(CP_ACP, 0, path, -1, mail_dir, MAX_PATH);
    port = atoi(port_text);
    return TRUE;
}

LONG bench_mta_port(void)
{
    return port;
}

ULONG bench_mta_count_new(const WCHAR *user)
{
    WCHAR pattern[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find;
    ULONG count = 0;

    swprintf(pattern, MAX_PATH, L"%s\\%s\\new\\*", mail_dir, user);
    find = FindFirstFileW(pattern, &data);
    if (find == INVALID_HANDLE_VALUE) return 0;
    do if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) count++; while (FindNextFileW(find, &data));
    FindClose(find);
    return count;
}

double bench_mta_wait_delivered(const WCHAR *user, ULONG count, LARGE_INTEGER start)
{
    LARGE_INTEGER now, freq;
    ULONG last = 0, seen;
    DWORD last_change = GetTickCount();

    QueryPerformanceFrequency(&freq);
    for (;;)
    {
        QueryPerformanceCounter(&now);
        if ((seen = bench_mta_count_new(user)) >= count) break;
        if (seen != last) { last = seen; last_change = GetTickCount(); }
        if (GetTickCount() - last_change > 120000) return -1;
        Sleep(10);
    }
    return (double)(now.QuadPart - start.QuadPart) / freq.QuadPart;
}

ULONG bench_mta_read_new(const WCHAR *user, DWORD size_max, bench_mta_file_func func, void *context)
{
    WCHAR pattern[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find, file;
    char *buffer = malloc(size_max);
    DWORD size;
    ULONG count = 0;

    swprintf(pattern, MAX_PATH, L"%s\\%s\\new\\*", mail_dir, user);
    if (!buffer || (find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE)
    {
        free(buffer);
        return 0;
    }
    do
    {
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
        swprintf(path, MAX_PATH, L"%s\\%s\\new\\%s", mail_dir, user, data.cFileName);
        file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, 0, NULL);
        if (file == INVALID_HANDLE_VALUE) continue;
        if (ReadFile(file, buffer, size_max, &size, NULL))
        {
            func(buffer, size, context);
            count++;
        }
        CloseHandle(file);
    } while (FindNextFileW(find, &data));
    FindClose(find);
    free(buffer);
    return count;
}

static void run_unix(const char *script)
{
    char cmd[4096];
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;

    snprintf(cmd, sizeof(cmd), "Z:\\bin\\bash -c \"%s\"", script);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
    {
        printf("cannot run bash: %lu\n", GetLastError());
        exit(1);
    }
    /* Wine cannot wait for a Unix process: the Maildir tells when it is done */
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

double bench_mta_swaks(const char *from_user, const char *to_user, ULONG count)
{
    char script[2048];
    WCHAR to[64];
    LARGE_INTEGER start;
    double seconds;

    /* the same bytes, one connection each, as swaks works */
    snprintf(script, sizeof(script),
             "export PATH=/usr/bin:/bin:/usr/sbin:/sbin; . '%s/env'; cd '%s/mail/%s/new' && "
             "ls | xargs -P 4 -I{} swaks --silent 2 --server 127.0.0.1:$MTA_PORT --helo localhost "
             "--from sender@example.test --to %s@example.test --data @{} > '%s/swaks.log' 2>&1",
             unix_dir, unix_dir, from_user, to_user, unix_dir);
    MultiByteToWideChar(CP_ACP, 0, to_user, -1, to, sizeof(to) / sizeof(to[0]));
    QueryPerformanceCounter(&start);
    run_unix(script);
    seconds = bench_mta_wait_delivered(to, count, start);
    if (seconds < 0) printf("swaks did not get them all delivered (see %s/swaks.log)\n", unix_dir);
    return seconds;
}
