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
#include "bench_mta.h"

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

int main(int argc, char **argv)
{
    ULONG count = argc > 1 ? atoi(argv[1]) : 2000, i, version, flags = 0, ref, retry, end;
    XPPROVIDERINIT *init;
    struct fake_support *support;
    struct fake_message **msgs;
    IXPProvider *provider;
    IXPLogon *logon;
    LARGE_INTEGER start;
    double ours, theirs;
    HMODULE module;

    if (!bench_mta_init("bench_smtpxp")) return 1;

    if (!(module = LoadLibraryA("smtpxp32.dll")) || !(init = (XPPROVIDERINIT *)GetProcAddress(module, "XPProviderInit")))
    {
        printf("bench_smtpxp: no smtpxp32.dll\n");
        return 1;
    }
    support = fake_support_create();
    fake_support_set_config(support, L"127.0.0.1", bench_mta_port(), L"sender@example.test", NULL, 0);
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
    ours = bench_mta_wait_delivered(L"bench", count, start);
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

    /* swaks, with what the MTA delivered */
    if ((theirs = bench_mta_swaks("bench", "swaks", count)) < 0) return 1;

    printf("%lu messages of about 4 KB, each until the MTA delivered it:\n", count);
    printf("  smtpxp32 (one connection, sequential)   %8.2f s  %8.1f messages/s\n", ours, count / ours);
    printf("  swaks (a connection each, 4 at a time)  %8.2f s  %8.1f messages/s\n", theirs, count / theirs);
    printf("  ratio smtpxp32/swaks: %.2f (target >= 0.7: %s)\n", theirs / ours, theirs / ours >= 0.7 ? "met" : "NOT met");
    return 0;
}
