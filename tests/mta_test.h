/*
 * What the tests against the private MTA share (tests/mta.sh, which their
 * <name>.fixture.sh starts): its ports and Maildirs from the environment,
 * pausing and resuming it, mail given to it over SMTP, what it delivered,
 * found by a header line and counted or read back, and the files of a
 * Maildir the transport holds open while it delivers them into the store.
 * It needs no session: test_smtpxp drives the transport alone with it.
 * smtpxp_profile_test.h points a profile's SMTP transport at the MTA.
 */
#ifndef __MTA_TEST_H
#define __MTA_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include "winsock2.h"
#include "mapi32_test.h"

#define MTA_WAIT_MS 20000   /* longest wait for the MTA to deliver */

static char mta_unix_dir[MAX_PATH];
static WCHAR mail_dir[MAX_PATH];     /* the MTA's Maildirs, as a Windows path */
static LONG mta_port, mta_plain_port;

/* What the fixture put in the environment; FALSE when the test runs without one. */
static inline BOOL mta_init(const char *fixture)
{
    const char *dir = getenv("MTA_DIR"), *port = getenv("MTA_PORT"), *plain = getenv("MTA_PLAIN_PORT");
    char path[MAX_PATH];
    WSADATA wsa;
    int i;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    if (!dir || !port || !plain || !getenv("MTA_SCRIPT"))
    {
        print_error("no MTA: run through tests/%s.fixture.sh (make check)\n", fixture);
        return FALSE;
    }
    lstrcpynA(mta_unix_dir, dir, sizeof(mta_unix_dir));
    snprintf(path, sizeof(path), "Z:%s/mail", dir);
    for (i = 0; path[i]; i++) if (path[i] == '/') path[i] = '\\';
    MultiByteToWideChar(CP_ACP, 0, path, -1, mail_dir, ARRAY_SIZE(mail_dir));
    mta_port = atoi(port);
    mta_plain_port = atoi(plain);
    return TRUE;
}

/* A socket listening on a free loopback port, which *port tells; INVALID_SOCKET if there is none. */
static inline SOCKET mta_listen(int backlog, LONG *port)
{
    struct sockaddr_in addr = { AF_INET };
    SOCKET sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int len = sizeof(addr);

    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (sock != INVALID_SOCKET && !bind(sock, (struct sockaddr *)&addr, sizeof(addr)) && !listen(sock, backlog) &&
        !getsockname(sock, (struct sockaddr *)&addr, &len))
    {
        *port = ntohs(addr.sin_port);
        return sock;
    }
    if (sock != INVALID_SOCKET) closesocket(sock);
    return INVALID_SOCKET;
}

static inline SOCKET mta_connect(LONG port)
{
    struct sockaddr_in addr = { AF_INET };
    SOCKET sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!connect(sock, (struct sockaddr *)&addr, sizeof(addr))) return sock;
    closesocket(sock);
    return INVALID_SOCKET;
}

static inline BOOL port_accepts(LONG port)
{
    SOCKET sock = mta_connect(port);

    if (sock == INVALID_SOCKET) return FALSE;
    closesocket(sock);
    return TRUE;
}

/* pause or resume the MTA; Wine cannot wait for a Unix process, the ports tell when it is done. */
static inline void mta_control(const char *action)
{
    char cmd[MAX_PATH * 2 + 64];
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;
    BOOL up = !strcmp(action, "resume");
    int i;

    snprintf(cmd, sizeof(cmd), "Z:\\bin\\bash %s %s %s", getenv("MTA_SCRIPT"), action, mta_unix_dir);
    assert_true(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    for (i = 0; i < 300; i++)
    {
        if (port_accepts(mta_port) == up && port_accepts(mta_plain_port) == up) break;
        Sleep(50);
    }
    assert_int_equal(port_accepts(mta_port), up);
    /* the daemon's pid file goes last */
    if (!up) Sleep(200);
}

/* One reply of the server (its last line), or 0. */
static inline int mta_reply(SOCKET sock)
{
    char line[1024];
    int len = 0, code;

    for (;;)
    {
        char c;
        if (recv(sock, &c, 1, 0) != 1) return 0;
        if (c != '\n')
        {
            if (len < (int)sizeof(line) - 1) line[len++] = c;
            continue;
        }
        line[len] = 0;
        code = atoi(line);
        if (len < 4 || line[3] != '-') return code;
        len = 0;
    }
}

static inline int mta_command(SOCKET sock, const char *command)
{
    if (send(sock, command, strlen(command), 0) != (int)strlen(command)) return 0;
    return mta_reply(sock);
}

/* Gives the MTA a message over SMTP, as another mail system would; text ends with CRLF and
 * has no line that is a lone dot. */
static inline void mta_inject(const char *from, const char *to, const char *text)
{
    SOCKET sock = mta_connect(mta_port);
    char command[256];

    assert_true(sock != INVALID_SOCKET);
    assert_int_equal(mta_reply(sock), 220);
    assert_int_equal(mta_command(sock, "EHLO test.example.test\r\n"), 250);
    snprintf(command, sizeof(command), "MAIL FROM:<%s>\r\n", from);
    assert_int_equal(mta_command(sock, command), 250);
    snprintf(command, sizeof(command), "RCPT TO:<%s>\r\n", to);
    assert_int_equal(mta_command(sock, command), 250);
    assert_int_equal(mta_command(sock, "DATA\r\n"), 354);
    assert_int_equal(send(sock, text, strlen(text), 0), (int)strlen(text));
    assert_int_equal(mta_command(sock, ".\r\n"), 250);
    mta_command(sock, "QUIT\r\n");
    closesocket(sock);
}

static inline void maildir_path(WCHAR *path, const WCHAR *user, const WCHAR *sub)
{
    swprintf(path, MAX_PATH, L"%s\\%s%s%s", mail_dir, user, sub ? L"\\" : L"", sub ? sub : L"");
}

/* How many files user's new/ (or cur/) holds. */
static inline int maildir_count(const WCHAR *user, const WCHAR *sub)
{
    WCHAR pattern[MAX_PATH], dir[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find;
    int count = 0;

    maildir_path(dir, user, sub);
    swprintf(pattern, MAX_PATH, L"%s\\*", dir);
    if ((find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE) return 0;
    do if (!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) count++; while (FindNextFileW(find, &data));
    FindClose(find);
    return count;
}

/* How many files of user's new/ some handle holds open without sharing reads (smtpxp, while it
 * delivers one into the store). */
static inline int maildir_claimed(const WCHAR *user)
{
    WCHAR pattern[MAX_PATH], dir[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find, file;
    int count = 0;

    maildir_path(dir, user, L"new");
    swprintf(pattern, MAX_PATH, L"%s\\*", dir);
    if ((find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE) return 0;
    do
    {
        if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
        swprintf(path, MAX_PATH, L"%s\\%s", dir, data.cFileName);
        file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, 0, NULL);
        if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
        else if (GetLastError() == ERROR_SHARING_VIOLATION) count++;
    } while (FindNextFileW(find, &data));
    FindClose(find);
    return count;
}

/* Calls found() with each message of user's sub-folder of the Maildir (NULL: new/ and cur/), whole,
 * NUL-terminated; stops when it answers FALSE. A file some handle holds open without sharing reads
 * is not there yet. */
static inline void for_each_delivered(const WCHAR *user, const WCHAR *sub,
                                      BOOL (*found)(const char *text, DWORD size, void *context), void *context)
{
    const WCHAR *subs[] = { L"new", L"cur" };
    WCHAR pattern[MAX_PATH], dir[MAX_PATH], path[MAX_PATH];
    WIN32_FIND_DATAW data;
    HANDLE find, file;
    BOOL more = TRUE;
    DWORD size, read;
    char *text;
    int i, count = 2;

    if (sub)
    {
        subs[0] = sub;
        count = 1;
    }
    for (i = 0; i < count && more; i++)
    {
        maildir_path(dir, user, subs[i]);
        swprintf(pattern, MAX_PATH, L"%s\\*", dir);
        if ((find = FindFirstFileW(pattern, &data)) == INVALID_HANDLE_VALUE) continue;
        do
        {
            if (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
            swprintf(path, MAX_PATH, L"%s\\%s", dir, data.cFileName);
            file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                               OPEN_EXISTING, 0, NULL);
            if (file == INVALID_HANDLE_VALUE) continue;
            size = GetFileSize(file, NULL);
            if ((text = malloc(size + 1)) && ReadFile(file, text, size, &read, NULL))
            {
                text[read] = 0;
                more = found(text, read, context);
            }
            free(text);
            CloseHandle(file);
        } while (more && FindNextFileW(find, &data));
        FindClose(find);
    }
}

struct delivered_search
{
    const char *line;       /* "Subject: x\r\n": a whole line of the header */
    int count;
    char *text;             /* the last one found, malloc()ed */
    DWORD size;
};

static inline BOOL delivered_match(const char *text, DWORD size, void *context)
{
    struct delivered_search *search = context;
    const char *end = strstr(text, "\r\n\r\n"), *found = text;
    size_t len = strlen(search->line);

    /* a line of the header: at its start or after a line end */
    while ((found = strstr(found, search->line)) && (!end || found < end))
    {
        if (found == text || found[-1] == '\n')
        {
            search->count++;
            free(search->text);
            if ((search->text = malloc(size + 1))) memcpy(search->text, text, size + 1);
            search->size = size;
            break;
        }
        found += len;
    }
    return TRUE;
}

/* How many messages of user's sub-folder of the Maildir (NULL: new/ and cur/) have this line
 * ("Message-ID: <x>\r\n") in their header. */
static inline int count_with_header_in(const WCHAR *user, const WCHAR *sub, const char *line)
{
    struct delivered_search search = { line };

    for_each_delivered(user, sub, delivered_match, &search);
    free(search.text);
    return search.count;
}

static inline int count_with_header(const WCHAR *user, const char *line)
{
    return count_with_header_in(user, NULL, line);
}

/* How many messages of user's sub-folder of the Maildir (NULL: new/ and cur/) have the subject (as it
 * is written in the header). */
static inline int count_delivered_in(const WCHAR *user, const WCHAR *sub, const char *subject)
{
    char line[256];

    snprintf(line, sizeof(line), "Subject: %s\r\n", subject);
    return count_with_header_in(user, sub, line);
}

static inline int count_delivered(const WCHAR *user, const char *subject)
{
    return count_delivered_in(user, NULL, subject);
}

static inline BOOL wait_delivered_in(const WCHAR *user, const WCHAR *sub, const char *subject)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < MTA_WAIT_MS)
    {
        if (count_delivered_in(user, sub, subject)) return TRUE;
        Sleep(50);
    }
    return FALSE;
}

static inline BOOL wait_delivered(const WCHAR *user, const char *subject)
{
    return wait_delivered_in(user, NULL, subject);
}

/* The one message of user's Maildir with the header line, malloc()ed and NUL-terminated, once
 * it was delivered; NULL when it is not there in time or there are more than one. */
static inline char *read_delivered(const WCHAR *user, const char *line, DWORD *size)
{
    struct delivered_search search;
    DWORD start = GetTickCount();

    do
    {
        memset(&search, 0, sizeof(search));
        search.line = line;
        for_each_delivered(user, NULL, delivered_match, &search);
        if (search.count) break;
        Sleep(50);
    } while (GetTickCount() - start < MTA_WAIT_MS);
    if (search.count != 1)
    {
        print_error("%d messages with %s", search.count, line);
        free(search.text);
        return NULL;
    }
    *size = search.size;
    return search.text;
}

#endif /* __MTA_TEST_H */
