/*
 * Benchmark (not a test): 2,000 messages through the SMTP transport
 * (smtpxp32.dll, driven directly as the spooler would) to a private Exim,
 * timed until the MTA has delivered them all; then the very MIME messages
 * the MTA delivered are sent again with swaks, 4 at a time, and timed the
 * same way. Prints both rates and their ratio (target: at least 0.7).
 *
 * Run by `make -C tools bench`, inside tests/smtpxp.fixture.sh, which
 * starts the MTA and sets MTA_DIR, MTA_PORT and MTA_SCRIPT.
 * Usage: bench_smtpxp.exe [messages]
 */

#define COBJMACROS
#include <stdarg.h>
#include <stdio.h>

#include "winsock2.h"
#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"

#include "fake_xp.h"

static char unix_dir[MAX_PATH];
static WCHAR mail_dir[MAX_PATH];

static ULONG count_new(const WCHAR *user)
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

/* Seconds from start until user's new/ holds count messages; -1 after 15 minutes. */
static double wait_delivered(const WCHAR *user, ULONG count, LARGE_INTEGER start, LARGE_INTEGER freq)
{
    LARGE_INTEGER now;
    ULONG last = 0, seen;
    DWORD last_change = GetTickCount();

    for (;;)
    {
        QueryPerformanceCounter(&now);
        if ((seen = count_new(user)) >= count) break;
        if (seen != last) { last = seen; last_change = GetTickCount(); }
        if (GetTickCount() - last_change > 120000) return -1;
        Sleep(10);
    }
    return (double)(now.QuadPart - start.QuadPart) / freq.QuadPart;
}

static struct fake_message *make_message(ULONG i)
{
    static const char html[] = "<html><body><p>Benchmark message, <b>HTML</b> part.</p></body></html>\r\n";
    struct fake_message *msg = fake_message_create(), *attach;
    WCHAR id[64], body[512];
    BYTE data[2048];
    ULONG j;

    swprintf(id, ARRAY_SIZE(id), L"<bench-%lu@example.test>", i);
    swprintf(body, ARRAY_SIZE(body), L"Message %lu of the benchmark.\r\n"
             L"A few lines of text, as a short mail has them.\r\n\r\nRegards,\r\nthe benchmark\r\n", i);
    fake_set_string(msg, PR_SUBJECT_W, L"Benchmark message");
    fake_set_string(msg, PR_INTERNET_MESSAGE_ID_W, id);
    fake_set_string(msg, PR_BODY_W, body);
    fake_set_binary(msg, PR_HTML, html, sizeof(html) - 1);
    fake_set_string(msg, PR_SENDER_NAME_W, L"Bench Sender");
    fake_add_recipient(msg, MAPI_TO, L"Bench", L"SMTP", L"bench@example.test");
    for (j = 0; j < sizeof(data); j++) data[j] = (BYTE)(i + j * 31);
    attach = fake_add_attachment(msg, ATTACH_BY_VALUE);
    fake_set_string(attach, PR_ATTACH_LONG_FILENAME_W, L"data.bin");
    fake_set_binary(attach, PR_ATTACH_DATA_BIN, data, sizeof(data));
    return msg;
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

int main(int argc, char **argv)
{
    ULONG count = argc > 1 ? atoi(argv[1]) : 2000, i, version, flags = 0, ref, retry, end;
    const char *dir = getenv("MTA_DIR"), *port = getenv("MTA_PORT");
    XPPROVIDERINIT *init;
    struct fake_support *support;
    struct fake_message **msgs;
    IXPProvider *provider;
    IXPLogon *logon;
    LARGE_INTEGER freq, start;
    double ours, theirs;
    char path[MAX_PATH], script[2048];
    HMODULE module;
    int k;

    if (!dir || !port)
    {
        printf("bench_smtpxp: no MTA; run it with make -C tools bench\n");
        return 1;
    }
    lstrcpynA(unix_dir, dir, sizeof(unix_dir));
    snprintf(path, sizeof(path), "Z:%s/mail", dir);
    for (k = 0; path[k]; k++) if (path[k] == '/') path[k] = '\\';
    MultiByteToWideChar(CP_ACP, 0, path, -1, mail_dir, ARRAY_SIZE(mail_dir));
    QueryPerformanceFrequency(&freq);

    if (!(module = LoadLibraryA("smtpxp32.dll")) || !(init = (XPPROVIDERINIT *)GetProcAddress(module, "XPProviderInit")))
    {
        printf("bench_smtpxp: no smtpxp32.dll\n");
        return 1;
    }
    support = fake_support_create();
    fake_support_set_config(support, L"127.0.0.1", atoi(port), L"sender@example.test", NULL, 0);
    if (init(module, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0, CURRENT_SPI_VERSION,
             &version, &provider) ||
        IXPProvider_TransportLogon(provider, &support->IMAPISupport_iface, 0, NULL, &flags, NULL, &logon))
    {
        printf("bench_smtpxp: no logon\n");
        return 1;
    }

    /* the messages are the spooler's, made before the clock starts */
    msgs = malloc(count * sizeof(*msgs));
    for (i = 0; i < count; i++) msgs[i] = make_message(i);

    QueryPerformanceCounter(&start);
    for (i = 0; i < count; i++)
    {
        HRESULT hr = IXPLogon_SubmitMessage(logon, 0, &msgs[i]->IMessage_iface, &ref, &retry);
        if (hr != S_OK || IXPLogon_EndMessage(logon, ref, &end) != S_OK || end)
        {
            printf("bench_smtpxp: message %lu: %#lx\n", i, hr);
            return 1;
        }
    }
    ours = wait_delivered(L"bench", count, start, freq);
    if (ours < 0)
    {
        printf("bench_smtpxp: the MTA did not deliver them all\n");
        return 1;
    }
    IXPLogon_TransportLogoff(logon, LOGOFF_NORMAL);
    IXPLogon_Release(logon);
    IXPProvider_Release(provider);
    for (i = 0; i < count; i++) fake_message_release(msgs[i]);
    free(msgs);
    fake_support_release(support);

    /* swaks, with what the MTA delivered: the same bytes, one connection each, as it works */
    snprintf(script, sizeof(script),
             "export PATH=/usr/bin:/bin:/usr/sbin:/sbin; . '%s/env'; cd '%s/mail/bench/new' && "
             "ls | xargs -P 4 -I{} swaks --silent 2 --server 127.0.0.1:$MTA_PORT --helo localhost "
             "--from sender@example.test --to swaks@example.test --data @{} > '%s/swaks.log' 2>&1",
             unix_dir, unix_dir, unix_dir);
    QueryPerformanceCounter(&start);
    run_unix(script);
    theirs = wait_delivered(L"swaks", count, start, freq);
    if (theirs < 0)
    {
        printf("bench_smtpxp: swaks did not get them all delivered (see %s/swaks.log)\n", unix_dir);
        return 1;
    }

    printf("%lu messages of about 4 KB, each until the MTA delivered it:\n", count);
    printf("  smtpxp32 (one connection, sequential)   %8.2f s  %8.1f messages/s\n", ours, count / ours);
    printf("  swaks (a connection each, 4 at a time)  %8.2f s  %8.1f messages/s\n", theirs, count / theirs);
    printf("  ratio smtpxp32/swaks: %.2f (target >= 0.7: %s)\n", theirs / ours, theirs / ours >= 0.7 ? "met" : "NOT met");
    return 0;
}
