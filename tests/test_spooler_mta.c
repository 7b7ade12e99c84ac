/*
 * The whole stack against a real MTA: MAPILogonEx, the session, the sample
 * store (sqlms32.dll), the spooler in mapi32, the SMTP transport
 * (smtpxp32.dll) and a private Exim (tests/mta.sh, started by
 * spooler_mta.fixture.sh). What Exim delivered into its Maildirs is read
 * back: a message with plain and HTML bodies, an attachment and a subject
 * that is not ASCII arrives with the same bytes; a message submitted while
 * the server is down waits and goes by the spooler's own retry, or at once
 * on FlushQueues; a deferred message waits for its time, and AbortSubmit
 * takes a deferred or a waiting message back for good; two processes on the
 * profile send every message once through one spooler, also when the active
 * one logs off or dies; mail Exim delivered to the transport's Maildir
 * reaches the Inbox. The program runs as its own child for the second
 * process ("child MODE").
 *
 * A message rendered without PR_INTERNET_MESSAGE_ID gets a Message-ID made
 * by the transport with the Windows process ID of the process that rendered
 * it: that says which process' spooler sent what Exim delivered.
 */

#include "winsock2.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mta_test.h"
#include "spooler_test.h"
#include "smtpxp_profile_test.h"
#include "mapitags_sdk.h"

#define PROFILE "SpoolerMtaTest"
#define RETRY_SHORT_S 2     /* the profile's PR_SMTPXP_RETRY_INTERVAL, but where a case wants ... */
#define RETRY_LONG_S  60    /* ... a retry that cannot come during the case */
#define BATCH 20            /* messages each process submits */

static const char * const services[] = { "SQLMS", "SMTPXP", NULL };

/* What must be in alice's Maildir at the end, and how often. */
static struct
{
    char line[128];
    int count;
} expected[256];
static int expected_count;

static void expect_line(const char *line, int count)
{
    assert_true(expected_count < ARRAY_SIZE(expected));
    lstrcpynA(expected[expected_count].line, line, sizeof(expected[0].line));
    expected[expected_count++].count = count;
}

static void expect_delivered(const char *subject, int count)
{
    char line[128];

    snprintf(line, sizeof(line), "Subject: %s\r\n", subject);
    expect_line(line, count);
}

static void set_retry(LONG seconds)
{
    SPropValue prop;

    prop.ulPropTag = PR_SMTPXP_RETRY_INTERVAL;
    prop.Value.l = seconds;
    configure_smtp(PROFILE, 1, &prop);
}

/*** messages ***/

struct outgoing
{
    const WCHAR *subject;
    const WCHAR *body;              /* NULL: a line of text */
    const char *html;               /* UTF-8 for PR_HTML, or NULL */
    const BYTE *attachment;
    ULONG attachment_size;
    const WCHAR *attachment_name;
    const WCHAR *message_id;        /* NULL: the transport makes one */
    const WCHAR *to_name;           /* NULL: the address */
    int deferred;                   /* seconds from now for PR_DEFERRED_DELIVERY_TIME, or 0 */
};

static ULONGLONG filetime_now(void)
{
    FILETIME now;

    GetSystemTimeAsFileTime(&now);
    return (ULONGLONG)now.dwHighDateTime << 32 | now.dwLowDateTime;
}

/* Made in the Outbox, saved (for its entry ID, the caller's to MAPIFreeBuffer) and submitted, to alice. */
static SBinary submit_message(IMsgStore *store, const struct outgoing *out)
{
    SizedSPropTagArray(1, sent_tag) = { 1, { PR_IPM_SENTMAIL_ENTRYID } };
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    SPropValue props[8], *sent, *entryid, recip[4];
    SBinary ret;
    ADRLIST *list;
    IMessage *message;
    ULONG count, n = 0;

    assert_hr_equal(S_OK, outbox->lpVtbl->CreateMessage(outbox, NULL, 0, &message));
    assert_hr_equal(S_OK, store->lpVtbl->GetProps(store, (SPropTagArray *)&sent_tag, 0, &count, &sent));
    props[n].ulPropTag = PR_SUBJECT_W;
    props[n++].Value.lpszW = (WCHAR *)out->subject;
    props[n].ulPropTag = PR_BODY_W;
    props[n++].Value.lpszW = (WCHAR *)(out->body ? out->body : L"A message through the whole stack.\r\n");
    props[n].ulPropTag = PR_MESSAGE_CLASS_W;
    props[n++].Value.lpszW = (WCHAR *)L"IPM.Note";
    props[n].ulPropTag = PR_SENTMAIL_ENTRYID;
    props[n++].Value.bin = sent->Value.bin;
    if (out->html)
    {
        props[n].ulPropTag = PR_HTML;
        props[n].Value.bin.cb = strlen(out->html);
        props[n++].Value.bin.lpb = (BYTE *)out->html;
        props[n].ulPropTag = PR_INTERNET_CPID;
        props[n++].Value.l = CP_UTF8;
    }
    if (out->message_id)
    {
        props[n].ulPropTag = PR_INTERNET_MESSAGE_ID_W;
        props[n++].Value.lpszW = (WCHAR *)out->message_id;
    }
    if (out->deferred)
    {
        ULONGLONG time = filetime_now() + out->deferred * 10000000ull;
        props[n].ulPropTag = PR_DEFERRED_DELIVERY_TIME;
        props[n].Value.ft.dwLowDateTime = (DWORD)time;
        props[n++].Value.ft.dwHighDateTime = (DWORD)(time >> 32);
    }
    assert_hr_equal(S_OK, message->lpVtbl->SetProps(message, n, props, NULL));
    MAPIFreeBuffer(sent);

    if (out->attachment)
    {
        IAttach *attach;
        ULONG number;

        assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &number, &attach));
        n = 0;
        props[n].ulPropTag = PR_ATTACH_METHOD;
        props[n++].Value.l = ATTACH_BY_VALUE;
        props[n].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
        props[n++].Value.lpszW = (WCHAR *)out->attachment_name;
        props[n].ulPropTag = PR_ATTACH_MIME_TAG_W;
        props[n++].Value.lpszW = (WCHAR *)L"application/octet-stream";
        props[n].ulPropTag = PR_ATTACH_DATA_BIN;
        props[n].Value.bin.cb = out->attachment_size;
        props[n++].Value.bin.lpb = (BYTE *)out->attachment;
        assert_hr_equal(S_OK, attach->lpVtbl->SetProps(attach, n, props, NULL));
        assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
        attach->lpVtbl->Release(attach);
    }

    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list));
    list->cEntries = 1;
    recip[0].ulPropTag = PR_DISPLAY_NAME_W;
    recip[0].Value.lpszW = (WCHAR *)(out->to_name ? out->to_name : L"alice@example.test");
    recip[1].ulPropTag = PR_ADDRTYPE_W;
    recip[1].Value.lpszW = (WCHAR *)L"SMTP";
    recip[2].ulPropTag = PR_EMAIL_ADDRESS_W;
    recip[2].Value.lpszW = (WCHAR *)L"alice@example.test";
    recip[3].ulPropTag = PR_RECIPIENT_TYPE;
    recip[3].Value.l = MAPI_TO;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(recip), (void **)&list->aEntries[0].rgPropVals));
    memcpy(list->aEntries[0].rgPropVals, recip, sizeof(recip));
    list->aEntries[0].cValues = 4;
    list->aEntries[0].ulReserved1 = 0;
    assert_hr_equal(S_OK, message->lpVtbl->ModifyRecipients(message, MODRECIP_ADD, list));
    FreePadrlist(list);

    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, KEEP_OPEN_READWRITE));
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)message, PR_ENTRYID, &entryid));
    ret.cb = entryid->Value.bin.cb;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(ret.cb, (void **)&ret.lpb));
    memcpy(ret.lpb, entryid->Value.bin.lpb, ret.cb);
    MAPIFreeBuffer(entryid);
    assert_hr_equal(S_OK, message->lpVtbl->SubmitMessage(message, 0));
    message->lpVtbl->Release(message);
    outbox->lpVtbl->Release(outbox);
    return ret;
}

/* A message with an ASCII subject and nothing else of note; its entry ID in *entryid if asked. */
static void submit_simple(IMsgStore *store, const char *subject, int deferred, SBinary *entryid)
{
    struct outgoing out = { 0 };
    WCHAR wide[128];
    SBinary id;

    MultiByteToWideChar(CP_UTF8, 0, subject, -1, wide, ARRAY_SIZE(wide));
    out.subject = wide;
    out.deferred = deferred;
    id = submit_message(store, &out);
    if (entryid) *entryid = id;
    else MAPIFreeBuffer(id.lpb);
}

/* Whether the folder has the message, unsent (in the Outbox without MSGFLAG_SUBMIT). */
static BOOL outbox_unsent(IMsgStore *store, const char *subject)
{
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    ULONG flags = MSGFLAG_SUBMIT;
    int count = count_subject(outbox, subject, &flags);

    outbox->lpVtbl->Release(outbox);
    return count == 1 && !(flags & MSGFLAG_SUBMIT);
}

/* How many messages of the folder have the subject; *submit_time gets the last one's PR_CLIENT_SUBMIT_TIME,
 * *entryid its entry ID (MAPIFreeBuffer it). */
static int find_subject_w(IMAPIFolder *folder, const WCHAR *subject, FILETIME *submit_time, SBinary *entryid)
{
    static const SizedSPropTagArray(3, columns) = { 3, { PR_SUBJECT_W, PR_CLIENT_SUBMIT_TIME, PR_ENTRYID } };
    IMAPITable *table;
    SRowSet *rows;
    int count = 0;
    ULONG i;

    assert_hr_equal(S_OK, folder->lpVtbl->GetContentsTable(folder, MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].lpProps[0].ulPropTag != PR_SUBJECT_W || wcscmp(rows->aRow[i].lpProps[0].Value.lpszW, subject))
            continue;
        count++;
        if (submit_time && rows->aRow[i].lpProps[1].ulPropTag == PR_CLIENT_SUBMIT_TIME)
            *submit_time = rows->aRow[i].lpProps[1].Value.ft;
        if (entryid && rows->aRow[i].lpProps[2].ulPropTag == PR_ENTRYID)
        {
            if (entryid->lpb) MAPIFreeBuffer(entryid->lpb);
            entryid->cb = rows->aRow[i].lpProps[2].Value.bin.cb;
            assert_hr_equal(S_OK, MAPIAllocateBuffer(entryid->cb, (void **)&entryid->lpb));
            memcpy(entryid->lpb, rows->aRow[i].lpProps[2].Value.bin.lpb, entryid->cb);
        }
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    return count;
}

static int count_subject_w(IMAPIFolder *folder, const WCHAR *subject, FILETIME *submit_time)
{
    return find_subject_w(folder, subject, submit_time, NULL);
}

/*** the status table ***/

/* PR_STATUS_STRING of the first row of the resource type, in text. */
static void status_string(IMAPISession *session, ULONG type, char *text, size_t size)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_RESOURCE_TYPE, PR_STATUS_STRING_A } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    text[0] = 0;
    assert_hr_equal(S_OK, IMAPISession_GetStatusTable(session, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (rows->aRow[i].lpProps[0].Value.l != type || rows->aRow[i].lpProps[1].ulPropTag != PR_STATUS_STRING_A)
            continue;
        lstrcpynA(text, rows->aRow[i].lpProps[1].Value.lpszA, size);
        break;
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
}

/* Waits until this process' transport could not reach the server (its status row says so) and
 * the spooler put the message back in the queue. */
static BOOL wait_transport_failed(IMAPISession *session)
{
    DWORD start = GetTickCount();
    char text[256];

    while (GetTickCount() - start < WAIT_MS)
    {
        status_string(session, MAPI_TRANSPORT_PROVIDER, text, sizeof(text));
        if (!strncmp(text, "cannot connect", 14)) return wait_outbound_done(session);
        Sleep(20);
    }
    return FALSE;
}

/* Waits until this process' spooler is the active one. */
static BOOL wait_active(IMAPISession *session)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < WAIT_MS)
    {
        if (spooler_status(session) & STATUS_OUTBOUND_ENABLED) return TRUE;
        Sleep(20);
    }
    return FALSE;
}

/*** what Exim delivered, taken apart ***/

/* The value of a header field (case-insensitive name) of an entity's header, unfolded; malloc()ed. */
static char *header_field(const char *text, size_t len, const char *name)
{
    const char *end = text + len, *line = text, *next;
    size_t name_len = strlen(name);
    char *value, *out;

    while (line < end && strncmp(line, "\r\n", 2))
    {
        next = strstr(line, "\r\n");
        if (!next || next > end) return NULL;
        if (!_strnicmp(line, name, name_len) && line[name_len] == ':')
        {
            const char *p = line + name_len + 1;
            /* the field goes on over lines that start with white space */
            while (next + 2 < end && (next[2] == ' ' || next[2] == '\t')) next = strstr(next + 2, "\r\n");
            value = out = malloc(next - p + 1);
            while (p < next && (*p == ' ' || *p == '\t')) p++;
            for (; p < next; p++) if (*p != '\r' && *p != '\n') *out++ = *p;
            *out = 0;
            return value;
        }
        line = next + 2;
    }
    return NULL;
}

/* A parameter of a structured field (boundary, filename), unquoted; malloc()ed or NULL. */
static char *field_param(const char *value, const char *name)
{
    size_t name_len = strlen(name);
    const char *p = value;
    char *ret;

    while ((p = strchr(p, ';')))
    {
        for (p++; *p == ' ' || *p == '\t'; p++);
        if (_strnicmp(p, name, name_len) || p[name_len] != '=') continue;
        p += name_len + 1;
        if (*p == '"')
        {
            const char *close = strchr(p + 1, '"');
            if (!close) return NULL;
            ret = malloc(close - p);
            memcpy(ret, p + 1, close - p - 1);
            ret[close - p - 1] = 0;
            return ret;
        }
        ret = _strdup(p);
        ret[strcspn(ret, "; \t")] = 0;
        return ret;
    }
    return NULL;
}

static int base64_value(char c)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? p - alphabet : -1;
}

static size_t base64_decode(const char *in, size_t len, BYTE *out)
{
    unsigned int bits = 0, count = 0;
    size_t i, n = 0;
    int value;

    for (i = 0; i < len && in[i] != '='; i++)
    {
        if ((value = base64_value(in[i])) < 0) continue;
        bits = bits << 6 | value;
        if ((count += 6) >= 8)
        {
            count -= 8;
            out[n++] = bits >> count;
        }
    }
    return n;
}

static size_t qp_decode(const char *in, size_t len, BYTE *out, BOOL underscore)
{
    size_t i, n = 0;
    unsigned int byte;

    for (i = 0; i < len; i++)
    {
        if (in[i] == '=' && i + 2 < len + 1 && in[i + 1] == '\r' && in[i + 2] == '\n') i += 2;
        else if (in[i] == '=' && i + 2 < len && sscanf(in + i + 1, "%2x", &byte) == 1)
        {
            out[n++] = byte;
            i += 2;
        }
        else out[n++] = underscore && in[i] == '_' ? ' ' : in[i];
    }
    return n;
}

/* An unstructured field's text with its RFC 2047 words (UTF-8, B or Q) decoded; malloc()ed. */
static char *decode_words(const char *value)
{
    char *ret = malloc(strlen(value) + 1), *out = ret;
    const char *p = value;

    while (*p)
    {
        const char *charset_end, *text, *word_end, *after;
        char encoding;

        if (strncmp(p, "=?", 2) || !(charset_end = strchr(p + 2, '?')) || !charset_end[1] || charset_end[2] != '?' ||
            !(word_end = strstr(charset_end + 3, "?=")))
        {
            *out++ = *p++;
            continue;
        }
        assert_int_equal(_strnicmp(p + 2, "utf-8?", 6), 0);
        encoding = toupper(charset_end[1]);
        text = charset_end + 3;
        if (encoding == 'B') out += base64_decode(text, word_end - text, (BYTE *)out);
        else out += qp_decode(text, word_end - text, (BYTE *)out, TRUE);
        p = word_end + 2;
        /* white space between two encoded words is not text */
        for (after = p; *after == ' ' || *after == '\t'; after++);
        if (!strncmp(after, "=?", 2)) p = after;
    }
    *out = 0;
    return ret;
}

/* The leaves of a MIME entity, decoded. */
struct mime_leaf
{
    char type[64];          /* "text/plain" */
    char *filename;
    BYTE *data;
    size_t size;
};

struct mime_leaves
{
    struct mime_leaf leaf[8];
    int count;
};

static void parse_entity(const char *text, size_t len, struct mime_leaves *leaves)
{
    const char *body = strstr(text, "\r\n\r\n");
    char *type, *encoding, *disposition;
    size_t body_len;

    assert_non_null(body);
    assert_true(body < text + len);
    body += 4;
    body_len = text + len - body;
    type = header_field(text, body - text, "Content-Type");
    assert_non_null(type);
    if (!_strnicmp(type, "multipart/", 10))
    {
        char *boundary = field_param(type, "boundary"), delimiter[128];
        const char *part, *next;
        size_t delimiter_len;

        assert_non_null(boundary);
        delimiter_len = snprintf(delimiter, sizeof(delimiter), "\r\n--%s", boundary);
        /* the first delimiter may start the body: look for it after a CRLF of our own */
        part = strstr(body - 2, delimiter);
        assert_non_null(part);
        for (;;)
        {
            part += delimiter_len;
            if (!strncmp(part, "--", 2)) break;
            part = strstr(part, "\r\n") + 2;
            next = strstr(part, delimiter);
            assert_non_null(next);
            parse_entity(part, next - part, leaves);
            part = next;
        }
        free(boundary);
        free(type);
        return;
    }

    assert_true(leaves->count < ARRAY_SIZE(leaves->leaf));
    {
        struct mime_leaf *leaf = &leaves->leaf[leaves->count++];

        lstrcpynA(leaf->type, type, sizeof(leaf->type));
        leaf->type[strcspn(leaf->type, "; ")] = 0;
        disposition = header_field(text, body - text, "Content-Disposition");
        leaf->filename = disposition ? field_param(disposition, "filename") : NULL;
        free(disposition);
        encoding = header_field(text, body - text, "Content-Transfer-Encoding");
        leaf->data = malloc(body_len + 1);
        if (encoding && !_stricmp(encoding, "base64")) leaf->size = base64_decode(body, body_len, leaf->data);
        else if (encoding && !_stricmp(encoding, "quoted-printable"))
            leaf->size = qp_decode(body, body_len, leaf->data, FALSE);
        else
        {
            memcpy(leaf->data, body, body_len);
            leaf->size = body_len;
        }
        free(encoding);
    }
    free(type);
}

static void free_leaves(struct mime_leaves *leaves)
{
    int i;

    for (i = 0; i < leaves->count; i++)
    {
        free(leaves->leaf[i].filename);
        free(leaves->leaf[i].data);
    }
}

static const struct mime_leaf *find_leaf(const struct mime_leaves *leaves, const char *type, const char *filename)
{
    int i;

    for (i = 0; i < leaves->count; i++)
    {
        if (_stricmp(leaves->leaf[i].type, type)) continue;
        if (filename ? !leaves->leaf[i].filename || strcmp(leaves->leaf[i].filename, filename)
                     : leaves->leaf[i].filename != NULL) continue;
        return &leaves->leaf[i];
    }
    print_error("no %s part%s%s\n", type, filename ? " named " : "", filename ? filename : "");
    return NULL;
}

static void assert_bytes_equal(const void *expected, size_t expected_len, const void *actual, size_t actual_len)
{
    const BYTE *a = expected, *b = actual;
    size_t i;

    for (i = 0; i < expected_len && i < actual_len && a[i] == b[i]; i++);
    if (i < expected_len || i < actual_len)
    {
        print_error("first difference at byte %Iu of %Iu/%Iu\n", i, expected_len, actual_len);
        fail();
    }
}

/* The address of a mailbox ("Name <a@b>" or "a@b"), in place. */
static const char *mailbox_address(char *mailbox)
{
    char *open = strrchr(mailbox, '<');

    if (!open) return mailbox;
    open[strcspn(open, ">")] = 0;
    return open + 1;
}

/* The process that rendered a message whose Message-ID the transport made: "<time.pid.counter.smtpxp@...>". */
static DWORD sender_pid(const char *text)
{
    char *id = header_field(text, strlen(text), "Message-ID");
    ULONGLONG time;
    unsigned long pid = 0, counter;
    char tag[16];

    assert_non_null(id);
    if (sscanf(id, "<%I64x.%lx.%lx.%15[^@]", &time, &pid, &counter, tag) != 4 || strcmp(tag, "smtpxp")) pid = 0;
    free(id);
    return pid;
}

static DWORD delivered_pid(const char *subject)
{
    char line[128], *text;
    DWORD size, pid;

    snprintf(line, sizeof(line), "Subject: %s\r\n", subject);
    if (!(text = read_delivered(L"alice", line, &size))) return 0;
    pid = sender_pid(text);
    free(text);
    return pid;
}

/*** the child ***/

static char event_prefix[64];

/* The events between the two processes, open for the program's life: a named event with no handle
 * open is gone, with whatever was set. */
static HANDLE named_event(const char *what)
{
    static const char * const names[] = { "ready", "go", "submitted", "failed", "quit" };
    static HANDLE events[ARRAY_SIZE(names)];
    char name[128];
    int i;

    for (i = 0; i < ARRAY_SIZE(names); i++) if (!strcmp(names[i], what)) break;
    assert_true(i < ARRAY_SIZE(names));
    if (!events[i])
    {
        snprintf(name, sizeof(name), "%s:%s", event_prefix, what);
        events[i] = CreateEventA(NULL, TRUE, FALSE, name);
    }
    return events[i];
}

static void event_reset(const char *what)
{
    ResetEvent(named_event(what));
}

static void event_set(const char *what)
{
    SetEvent(named_event(what));
}

static BOOL event_wait(const char *what, DWORD timeout)
{
    return WaitForSingleObject(named_event(what), timeout) == WAIT_OBJECT_0;
}

/* "submit": logs on with mail, waits for "go", submits BATCH messages "two processes child N", sets
 * "submitted";
 * "spool": logs on with mail once its spooler can be the active one (ready when it is), and sets
 * "failed" when its transport could not reach the server. Both set "ready", leave at "quit" and
 * answer 0 when this process' spooler never was the active one, 10 when it was; other codes are
 * failures. */
static int mta_child_main(const char *mode)
{
    IMAPISession *session = NULL;
    IMsgStore *store = NULL;
    BOOL was_active = FALSE;
    HANDLE quit = named_event("quit");
    char text[256];

    if (FAILED(MAPIInitialize(NULL))) return 2;
    if (FAILED(MAPILogonEx(0, (LPSTR)PROFILE, NULL, MAPI_EXTENDED | MAPI_NEW_SESSION, &session))) return 3;
    if (!strcmp(mode, "spool"))
    {
        DWORD start = GetTickCount();
        while (!(spooler_status(session) & STATUS_OUTBOUND_ENABLED))
        {
            if (GetTickCount() - start > WAIT_MS) return 4;
            Sleep(20);
        }
    }
    else store = open_default_store(session);
    event_set("ready");
    if (store)
    {
        char subject[32];
        int i;

        if (!event_wait("go", WAIT_MS)) return 5;
        for (i = 1; i <= BATCH; i++)
        {
            snprintf(subject, sizeof(subject), "two processes child %d", i);
            submit_simple(store, subject, 0, NULL);
        }
        event_set("submitted");
    }
    while (WaitForSingleObject(quit, 20) == WAIT_TIMEOUT)
    {
        if (spooler_status(session) & STATUS_OUTBOUND_ENABLED) was_active = TRUE;
        status_string(session, MAPI_TRANSPORT_PROVIDER, text, sizeof(text));
        if (!strncmp(text, "cannot connect", 14)) event_set("failed");
    }
    if (store) store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    MAPIUninitialize();
    return was_active ? 10 : 0;
}

static HANDLE start_mta_child(const char *mode)
{
    char cmd[MAX_PATH * 2], exe[MAX_PATH];
    STARTUPINFOA si = { sizeof(si) };
    PROCESS_INFORMATION pi;

    event_reset("ready");
    event_reset("go");
    event_reset("submitted");
    event_reset("failed");
    event_reset("quit");
    GetModuleFileNameA(NULL, exe, sizeof(exe));
    snprintf(cmd, sizeof(cmd), "\"%s\" child %s", exe, mode);
    assert_true(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    CloseHandle(pi.hThread);
    assert_true(event_wait("ready", WAIT_MS));
    return pi.hProcess;
}

/* Tells the child to log off; its exit code. */
static DWORD stop_mta_child(HANDLE process)
{
    DWORD code = 1;

    event_set("quit");
    assert_int_equal(WaitForSingleObject(process, WAIT_MS), WAIT_OBJECT_0);
    GetExitCodeProcess(process, &code);
    CloseHandle(process);
    return code;
}

/*** the cases ***/

static int setup(void **state)
{
    if (!mta_init("spooler_mta")) return -1;
    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_spool_profile(PROFILE, services);
    set_retry(RETRY_SHORT_S);
    return 0;
}

static int teardown(void **state)
{
    delete_profile(PROFILE);
    MAPIUninitialize();
    DeleteFileA(db_path);
    return 0;
}

static HANDLE child;

static int case_teardown(void **state)
{
    if (child)
    {
        TerminateProcess(child, 1);
        WaitForSingleObject(child, WAIT_MS);
        CloseHandle(child);
        child = NULL;
    }
    if (!port_accepts(mta_port)) mta_control("resume");
    set_retry(RETRY_SHORT_S);
    return 0;
}

/* Plain and HTML bodies, an attachment, a subject that is not ASCII: what Exim delivered decodes to
 * the bytes that were put in; its header says who from, to whom, which message and when. */
static void test_send(void **state)
{
    static const WCHAR subject[] = L"Gr\x00fc\x00df" L"e \x2013 r\x00e9sum\x00e9 through the whole stack";
    static const WCHAR body[] = L"Plain text through the whole stack: \x00fc" L"ber 5 \x20ac.\r\n"
                                L".a line that starts with a dot\r\n.\r\nFrom the start of a line\r\n";
    static const char message_id[] = "<mta-send-1@example.test>";
    char html[1600], body_utf8[256], subject_utf8[128], *text, *value, *decoded;
    BYTE attachment[3000];
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *sent, *outbox;
    struct outgoing out = { 0 };
    struct mime_leaves leaves = { 0 };
    const struct mime_leaf *leaf;
    SYSTEMTIME date, submitted;
    FILETIME ft = { 0 };
    SBinary entryid;
    DWORD size = 0, seed = 12345, start;
    char day[8], month[8], zone[8];
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i, len;

    /* every byte value, then noise */
    for (i = 0; i < ARRAY_SIZE(attachment); i++)
    {
        seed = seed * 1103515245 + 12345;
        attachment[i] = i < 256 ? i : seed >> 16;
    }
    /* a line too long for 8bit: quoted-printable */
    len = snprintf(html, sizeof(html), "<html><body><p>HTML \xc3\xbc" "ber alles</p>\r\n<p>");
    for (i = 0; i < 1200; i++) html[len++] = 'a' + i % 26;
    strcpy(html + len, "</p>\r\n.<p>=</p></body></html>");

    out.subject = subject;
    out.body = body;
    out.html = html;
    out.attachment = attachment;
    out.attachment_size = sizeof(attachment);
    out.attachment_name = L"data.bin";
    out.message_id = L"<mta-send-1@example.test>";
    out.to_name = L"Alice Example";
    entryid = submit_message(store, &out);
    outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    sent = open_special(store, PR_IPM_SENTMAIL_ENTRYID);
    for (start = GetTickCount(); GetTickCount() - start < WAIT_MS; Sleep(50))
        if (count_subject_w(sent, subject, NULL)) break;
    /* sent once: in Sent Items, not in the Outbox */
    assert_int_equal(count_subject_w(sent, subject, &ft), 1);
    assert_int_equal(count_subject_w(outbox, subject, NULL), 0);
    FileTimeToSystemTime(&ft, &submitted);
    outbox->lpVtbl->Release(outbox);
    sent->lpVtbl->Release(sent);

    text = read_delivered(L"alice", "Message-ID: <mta-send-1@example.test>\r\n", &size);
    assert_non_null(text);

    /* the header */
    WideCharToMultiByte(CP_UTF8, 0, subject, -1, subject_utf8, sizeof(subject_utf8), NULL, NULL);
    value = header_field(text, size, "Subject");
    assert_non_null(value);
    decoded = decode_words(value);
    assert_string_equal(decoded, subject_utf8);
    free(decoded);
    free(value);
    value = header_field(text, size, "From");
    assert_non_null(value);
    assert_string_equal(mailbox_address(value), "sender@example.test");
    free(value);
    value = header_field(text, size, "To");
    assert_non_null(value);
    assert_string_equal(value, "Alice Example <alice@example.test>");
    free(value);
    value = header_field(text, size, "Message-ID");
    assert_non_null(value);
    assert_string_equal(value, message_id);
    free(value);

    /* Date: the submit time */
    value = header_field(text, size, "Date");
    assert_non_null(value);
    memset(&date, 0, sizeof(date));
    assert_int_equal(sscanf(value, "%3s, %hu %3s %hu %hu:%hu:%hu %7s", day, &date.wDay, month, &date.wYear,
                            &date.wHour, &date.wMinute, &date.wSecond, zone), 8);
    assert_non_null(strstr(months, month));
    date.wMonth = (strstr(months, month) - months) / 3 + 1;
    assert_string_equal(zone, "+0000");
    assert_int_equal(date.wYear, submitted.wYear);
    assert_int_equal(date.wMonth, submitted.wMonth);
    assert_int_equal(date.wDay, submitted.wDay);
    assert_int_equal(date.wHour, submitted.wHour);
    assert_int_equal(date.wMinute, submitted.wMinute);
    assert_int_equal(date.wSecond, submitted.wSecond);
    SystemTimeToFileTime(&date, &ft);
    assert_true(filetime_now() - ((ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime) < 600 * 10000000ull);
    free(value);

    /* the body */
    parse_entity(text, size, &leaves);
    WideCharToMultiByte(CP_UTF8, 0, body, -1, body_utf8, sizeof(body_utf8), NULL, NULL);
    assert_non_null((leaf = find_leaf(&leaves, "text/plain", NULL)));
    assert_bytes_equal(body_utf8, strlen(body_utf8), leaf->data, leaf->size);
    assert_non_null((leaf = find_leaf(&leaves, "text/html", NULL)));
    assert_bytes_equal(html, strlen(html), leaf->data, leaf->size);
    assert_non_null((leaf = find_leaf(&leaves, "application/octet-stream", "data.bin")));
    assert_bytes_equal(attachment, sizeof(attachment), leaf->data, leaf->size);
    assert_int_equal(leaves.count, 3);
    free_leaves(&leaves);
    free(text);

    assert_int_equal(count_with_header(L"alice", "Message-ID: <mta-send-1@example.test>\r\n"), 1);
    expect_line("Message-ID: <mta-send-1@example.test>\r\n", 1);
    /* sent: too late to take it back */
    assert_hr_equal(MAPI_E_NOT_IN_QUEUE, store->lpVtbl->AbortSubmit(store, entryid.cb, (ENTRYID *)entryid.lpb, 0));
    MAPIFreeBuffer(entryid.lpb);
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* Mail Exim delivered into the transport's Maildir: in the Inbox with what its header said; its
 * file leaves new/ for cur/, and only once the store has the message. */
static void test_receive(void **state)
{
    static const char mail[] =
        "From: Carol Example <carol@example.test>\r\n"
        "To: Inbox <inbox@example.test>\r\n"
        "Subject: =?UTF-8?Q?Empfang_=C3=BCber_Exim?=\r\n"
        "Message-ID: <mta-received-1@example.test>\r\n"
        "Date: Mon, 6 May 2024 08:08:09 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        "\r\n"
        "First line \xc3\xbc" "ber Exim.\r\n"
        "Second line.\r\n";
    static const WCHAR subject[] = L"Empfang \x00fc" L"ber Exim";
    static const SizedSPropTagArray(7, tags) =
    {
        7, { PR_SUBJECT_W, PR_BODY_W, PR_SENDER_NAME_W, PR_SENDER_EMAIL_ADDRESS_W, PR_SENDER_ADDRTYPE_W,
             PR_TRANSPORT_MESSAGE_HEADERS_W, PR_INTERNET_MESSAGE_ID_W }
    };
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *inbox = open_inbox(store);
    int cur_before = maildir_count(L"inbox", L"cur"), cur, in_store = 0, waiting = 1;
    SBinary entryid = { 0 };
    IMessage *message;
    SPropValue *props;
    ULONG count, type;
    DWORD start;

    assert_true(wait_active(session));
    assert_int_equal(maildir_count(L"inbox", L"new"), 0);
    mta_inject("carol@example.test", "inbox@example.test", mail);
    for (start = GetTickCount(); GetTickCount() - start < WAIT_MS; Sleep(20))
    {
        /* in this order: a file in cur/ means the store had the message before */
        cur = maildir_count(L"inbox", L"cur");
        in_store = count_subject_w(inbox, subject, NULL);
        waiting = maildir_count(L"inbox", L"new");
        if (cur != cur_before) assert_int_equal(in_store, 1);
        if (in_store && !waiting && cur == cur_before + 1) break;
    }
    assert_int_equal(in_store, 1);
    assert_int_equal(waiting, 0);
    assert_int_equal(maildir_count(L"inbox", L"cur"), cur_before + 1);

    assert_int_equal(find_subject_w(inbox, subject, NULL, &entryid), 1);
    assert_hr_equal(S_OK, inbox->lpVtbl->OpenEntry(inbox, entryid.cb, (ENTRYID *)entryid.lpb, &IID_IMessage, 0,
                                                   &type, (IUnknown **)&message));
    MAPIFreeBuffer(entryid.lpb);
    assert_hr_equal(S_OK, message->lpVtbl->GetProps(message, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &props));
    assert_int_equal(props[0].ulPropTag, PR_SUBJECT_W);
    assert_true(!wcscmp(props[0].Value.lpszW, subject));
    assert_int_equal(props[1].ulPropTag, PR_BODY_W);
    assert_true(!wcscmp(props[1].Value.lpszW, L"First line \x00fc" L"ber Exim.\r\nSecond line.\r\n"));
    assert_int_equal(props[2].ulPropTag, PR_SENDER_NAME_W);
    assert_true(!wcscmp(props[2].Value.lpszW, L"Carol Example"));
    assert_int_equal(props[3].ulPropTag, PR_SENDER_EMAIL_ADDRESS_W);
    assert_true(!wcscmp(props[3].Value.lpszW, L"carol@example.test"));
    assert_int_equal(props[4].ulPropTag, PR_SENDER_ADDRTYPE_W);
    assert_true(!wcscmp(props[4].Value.lpszW, L"SMTP"));
    assert_int_equal(props[5].ulPropTag, PR_TRANSPORT_MESSAGE_HEADERS_W);
    assert_non_null(wcsstr(props[5].Value.lpszW, L"From: Carol Example <carol@example.test>\r\n"));
    assert_non_null(wcsstr(props[5].Value.lpszW, L"Message-ID: <mta-received-1@example.test>\r\n"));
    assert_null(wcsstr(props[5].Value.lpszW, L"Second line."));
    assert_int_equal(props[6].ulPropTag, PR_INTERNET_MESSAGE_ID_W);
    assert_true(!wcscmp(props[6].Value.lpszW, L"<mta-received-1@example.test>"));
    MAPIFreeBuffer(props);
    message->lpVtbl->Release(message);

    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* The server is down when the message is submitted: it waits in the queue, whole and without a
 * report, and the spooler's own retry (PR_SMTPXP_RETRY_INTERVAL) sends it once the server is back. */
static void test_server_down(void **state)
{
    static const char subject[] = "while the server is down";
    IMAPISession *session;
    IMsgStore *store;
    IMAPIFolder *inbox;
    DWORD start;

    /* Paused before the logon: the transport has no connection left to a server process. */
    mta_control("pause");
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    inbox = open_inbox(store);
    submit_simple(store, subject, 0, NULL);
    assert_true(wait_transport_failed(session));
    /* Through the tries that fail too. */
    for (start = GetTickCount(); GetTickCount() - start < RETRY_SHORT_S * 1000 + 1000; Sleep(100))
        assert_int_equal(where_is(store, subject), 'q');
    assert_int_equal(count_subject(inbox, "Undeliverable: while the server is down", NULL), 0);
    assert_int_equal(count_delivered(L"alice", subject), 0);

    /* No call of the test's: the next retry finds the server. */
    mta_control("resume");
    start = GetTickCount();
    assert_true(wait_delivered(L"alice", subject));
    assert_true(GetTickCount() - start < (RETRY_SHORT_S + 8) * 1000);
    assert_true(wait_where(store, subject, 's'));
    assert_int_equal(count_subject(inbox, "Undeliverable: while the server is down", NULL), 0);
    expect_delivered(subject, 1);

    inbox->lpVtbl->Release(inbox);
    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* The same with a retry a minute away: IMAPIStatus::FlushQueues of the spooler sends it at once. */
static void test_server_down_flush(void **state)
{
    static const char subject[] = "flushed when the server is back";
    IMAPISession *session;
    IMsgStore *store;
    IMAPIStatus *status;

    set_retry(RETRY_LONG_S);
    mta_control("pause");
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    submit_simple(store, subject, 0, NULL);
    assert_true(wait_transport_failed(session));
    mta_control("resume");
    assert_int_equal(where_is(store, subject), 'q');
    assert_int_equal(count_delivered(L"alice", subject), 0);

    status = spooler_status_object(session);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, status->lpVtbl->FlushQueues(status, 0, 0, NULL, 0x80000000));
    assert_int_equal(where_is(store, subject), 'q');
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
    /* Without FLUSH_ASYNC_OK it returns once the queue was tried. */
    assert_int_equal(where_is(store, subject), 's');
    status->lpVtbl->Release(status);
    assert_true(wait_delivered(L"alice", subject));
    assert_int_equal(count_delivered(L"alice", subject), 1);
    expect_delivered(subject, 1);

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* AbortSubmit of a message the spooler may have in hand for a moment: it answers
 * MAPI_E_UNABLE_TO_ABORT then, and succeeds once the spooler let go. */
static HRESULT abort_submit(IMsgStore *store, const SBinary *entryid)
{
    DWORD start = GetTickCount();
    HRESULT hr;

    while ((hr = store->lpVtbl->AbortSubmit(store, entryid->cb, (ENTRYID *)entryid->lpb, 0)) ==
           MAPI_E_UNABLE_TO_ABORT && GetTickCount() - start < WAIT_MS)
        Sleep(20);
    return hr;
}

/* PR_DEFERRED_DELIVERY_TIME: not sent before, sent after; one taken back by AbortSubmit before its
 * time is never sent and stays in the Outbox, unsent. */
static void test_deferred(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    SBinary aborted;
    DWORD due = GetTickCount() + 3000;

    submit_simple(store, "deferred three seconds", 3, NULL);
    submit_simple(store, "deferred and aborted", 3, &aborted);
    assert_hr_equal(S_OK, abort_submit(store, &aborted));
    MAPIFreeBuffer(aborted.lpb);
    assert_true(outbox_unsent(store, "deferred and aborted"));

    while ((int)(due - 300 - GetTickCount()) > 0)
    {
        assert_int_equal(where_is(store, "deferred three seconds"), 'q');
        assert_int_equal(count_delivered(L"alice", "deferred three seconds"), 0);
        Sleep(100);
    }
    assert_true(wait_delivered(L"alice", "deferred three seconds"));
    assert_true((int)(GetTickCount() - due) >= 0);
    assert_true(wait_where(store, "deferred three seconds", 's'));

    /* Sent after the time both had: had the aborted one gone, it would be there before. */
    submit_simple(store, "after the deferral", 0, NULL);
    assert_true(wait_delivered(L"alice", "after the deferral"));
    assert_int_equal(count_delivered(L"alice", "deferred and aborted"), 0);
    assert_true(outbox_unsent(store, "deferred and aborted"));
    expect_delivered("deferred three seconds", 1);
    expect_delivered("deferred and aborted", 0);
    expect_delivered("after the deferral", 1);

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* AbortSubmit of a message that waits for the server: S_OK, and it never goes, even flushed; it
 * stays in the Outbox without MSGFLAG_SUBMIT. Of a message already sent: MAPI_E_NOT_IN_QUEUE. */
static void test_abort_queued(void **state)
{
    IMAPISession *session;
    IMsgStore *store;
    IMAPIStatus *status;
    SBinary waiting, sent;

    set_retry(RETRY_LONG_S);
    mta_control("pause");
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    submit_simple(store, "aborted while waiting", 0, &waiting);
    assert_true(wait_transport_failed(session));
    assert_int_equal(where_is(store, "aborted while waiting"), 'q');
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, store->lpVtbl->AbortSubmit(store, waiting.cb, (ENTRYID *)waiting.lpb, 1));
    assert_int_equal(where_is(store, "aborted while waiting"), 'q');
    /* The retry is a minute away: nothing holds the message. */
    assert_hr_equal(S_OK, store->lpVtbl->AbortSubmit(store, waiting.cb, (ENTRYID *)waiting.lpb, 0));
    assert_true(outbox_unsent(store, "aborted while waiting"));
    assert_hr_equal(MAPI_E_NOT_IN_QUEUE, store->lpVtbl->AbortSubmit(store, waiting.cb, (ENTRYID *)waiting.lpb, 0));

    mta_control("resume");
    submit_simple(store, "sent after the abort", 0, &sent);
    status = spooler_status_object(session);
    assert_hr_equal(S_OK, status->lpVtbl->FlushQueues(status, 0, 0, NULL, FLUSH_UPLOAD));
    status->lpVtbl->Release(status);
    assert_true(wait_delivered(L"alice", "sent after the abort"));
    assert_true(wait_where(store, "sent after the abort", 's'));
    assert_int_equal(count_delivered(L"alice", "aborted while waiting"), 0);
    assert_true(outbox_unsent(store, "aborted while waiting"));
    expect_delivered("aborted while waiting", 0);
    expect_delivered("sent after the abort", 1);

    /* Sent already: no longer in the queue. */
    assert_hr_equal(MAPI_E_NOT_IN_QUEUE, store->lpVtbl->AbortSubmit(store, sent.cb, (ENTRYID *)sent.lpb, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, store->lpVtbl->AbortSubmit(store, 0, NULL, 0));
    MAPIFreeBuffer(sent.lpb);
    MAPIFreeBuffer(waiting.lpb);

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* Each subject of the list delivered once, by the process given (0: either of the two). */
static void check_once(IMsgStore *store, const char *format, int first, int last, DWORD pid, DWORD other_pid)
{
    char subject[64];
    DWORD from;
    int i;

    for (i = first; i <= last; i++)
    {
        snprintf(subject, sizeof(subject), format, i);
        assert_true(wait_delivered(L"alice", subject));
        assert_true(wait_where(store, subject, 's'));
    }
    for (i = first; i <= last; i++)
    {
        snprintf(subject, sizeof(subject), format, i);
        if (count_delivered(L"alice", subject) != 1) print_error("%s\n", subject);
        assert_int_equal(count_delivered(L"alice", subject), 1);
        from = delivered_pid(subject);
        if (pid) assert_int_equal(from, pid);
        else assert_true(from == GetCurrentProcessId() || from == other_pid);
        expect_delivered(subject, 1);
    }
}

/* Two processes with mail on one profile, both submitting: one spooler (this process', the first)
 * sends every message, once. */
static void test_two_processes(void **state)
{
    IMAPISession *session = logon(PROFILE, 0);
    IMsgStore *store = open_default_store(session);
    char subject[64];
    int i;

    assert_true(wait_active(session));
    child = start_mta_child("submit");
    event_set("go");
    for (i = 1; i <= BATCH; i++)
    {
        snprintf(subject, sizeof(subject), "two processes parent %d", i);
        submit_simple(store, subject, 0, NULL);
    }
    assert_true(event_wait("submitted", WAIT_MS));
    check_once(store, "two processes parent %d", 1, BATCH, GetCurrentProcessId(), 0);
    check_once(store, "two processes child %d", 1, BATCH, GetCurrentProcessId(), 0);
    assert_true(spooler_status(session) & STATUS_OUTBOUND_ENABLED);
    /* The child's spooler stood by all along. */
    assert_int_equal(stop_mta_child(child), 0);
    child = NULL;

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* The active spooler's process logs off in the middle of the queue: this process' spooler, standing
 * by, takes over; nothing is lost or sent twice. The deferred ones come due after the logoff: this
 * process sends them. */
static void test_takeover_at_logoff(void **state)
{
    IMAPISession *session;
    IMsgStore *store;
    DWORD child_pid, due, code;
    char subject[64], text[256];
    int i;

    child = start_mta_child("spool");
    child_pid = GetProcessId(child);
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_false(spooler_status(session) & STATUS_OUTBOUND_ENABLED);
    status_string(session, MAPI_SPOOLER, text, sizeof(text));
    assert_int_equal(strncmp(text, "Standing by", 11), 0);

    due = GetTickCount() + 6000;
    for (i = 1; i <= 5; i++)
    {
        snprintf(subject, sizeof(subject), "takeover late %d", i);
        submit_simple(store, subject, 6, NULL);
    }
    for (i = 1; i <= BATCH; i++)
    {
        snprintf(subject, sizeof(subject), "takeover %d", i);
        submit_simple(store, subject, 0, NULL);
    }
    assert_true(wait_delivered(L"alice", "takeover 3"));
    code = stop_mta_child(child);
    child = NULL;
    assert_int_equal(code, 10);
    /* The child was gone before the deferred ones were due. */
    assert_true((int)(due - GetTickCount()) > 0);
    assert_true(wait_active(session));

    assert_int_equal(delivered_pid("takeover 1"), child_pid);
    check_once(store, "takeover %d", 1, BATCH, 0, child_pid);
    check_once(store, "takeover late %d", 1, 5, GetCurrentProcessId(), 0);

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* The active spooler's process dies while the server is down and the messages wait in the queue:
 * this process' spooler takes over and sends each once when the server is back. */
static void test_takeover_after_kill(void **state)
{
    IMAPISession *session;
    IMsgStore *store;
    char subject[64];
    int i;

    mta_control("pause");
    child = start_mta_child("spool");
    session = logon(PROFILE, 0);
    store = open_default_store(session);
    assert_false(spooler_status(session) & STATUS_OUTBOUND_ENABLED);
    for (i = 1; i <= 10; i++)
    {
        snprintf(subject, sizeof(subject), "killed spooler %d", i);
        submit_simple(store, subject, 0, NULL);
    }
    /* The child's transport tried. */
    assert_true(event_wait("failed", WAIT_MS));
    assert_true(TerminateProcess(child, 1));
    assert_int_equal(WaitForSingleObject(child, WAIT_MS), WAIT_OBJECT_0);
    CloseHandle(child);
    child = NULL;
    assert_true(wait_active(session));
    for (i = 1; i <= 10; i++)
    {
        snprintf(subject, sizeof(subject), "killed spooler %d", i);
        assert_int_equal(where_is(store, subject), 'q');
    }

    mta_control("resume");
    check_once(store, "killed spooler %d", 1, 10, GetCurrentProcessId(), 0);

    store->lpVtbl->Release(store);
    assert_hr_equal(S_OK, IMAPISession_Logoff(session, 0, 0, 0));
    IMAPISession_Release(session);
}

/* At the end, what Exim has: each message of the cases as often as it should (a late second copy
 * shows here), and nothing left in the queue. */
static void test_exactly_once(void **state)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_SUBJECT_A, PR_MESSAGE_FLAGS } };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IMsgStore *store = open_default_store(session);
    IMAPIFolder *outbox = open_special(store, PR_IPM_OUTBOX_ENTRYID);
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;
    int j;

    assert_true(expected_count > 0);
    for (j = 0; j < expected_count; j++)
    {
        int count = count_with_header(L"alice", expected[j].line);
        if (count != expected[j].count) print_error("%d times: %s", count, expected[j].line);
        assert_int_equal(count, expected[j].count);
    }
    assert_hr_equal(S_OK, outbox->lpVtbl->GetContentsTable(outbox, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    /* the two aborted ones */
    assert_int_equal(rows->cRows, 2);
    for (i = 0; i < rows->cRows; i++) assert_false(rows->aRow[i].lpProps[1].Value.l & MSGFLAG_SUBMIT);
    FreeProws(rows);
    table->lpVtbl->Release(table);

    outbox->lpVtbl->Release(outbox);
    store->lpVtbl->Release(store);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_teardown(test_send, case_teardown),
        cmocka_unit_test_teardown(test_receive, case_teardown),
        cmocka_unit_test_teardown(test_server_down, case_teardown),
        cmocka_unit_test_teardown(test_server_down_flush, case_teardown),
        cmocka_unit_test_teardown(test_deferred, case_teardown),
        cmocka_unit_test_teardown(test_abort_queued, case_teardown),
        cmocka_unit_test_teardown(test_two_processes, case_teardown),
        cmocka_unit_test_teardown(test_takeover_at_logoff, case_teardown),
        cmocka_unit_test_teardown(test_takeover_after_kill, case_teardown),
        cmocka_unit_test_teardown(test_exactly_once, case_teardown),
    };

    if (!GetEnvironmentVariableA("SPOOLER_MTA_EVENTS", event_prefix, sizeof(event_prefix)))
    {
        snprintf(event_prefix, sizeof(event_prefix), "spooler-mta-%lu", GetCurrentProcessId());
        SetEnvironmentVariableA("SPOOLER_MTA_EVENTS", event_prefix);
    }
    if (argc > 2 && !strcmp(argv[1], "child")) return mta_child_main(argv[2]);
    if (argc > 1) cmocka_set_test_filter(argv[1]);
    return cmocka_run_group_tests(tests, setup, teardown);
}
