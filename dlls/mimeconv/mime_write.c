/*
 * A MAPI message as Internet mail: RFC 5322 headers, MIME (RFC 2045-2049)
 * bodies and attachments, RFC 2047 encoded words and RFC 2231 parameters.
 *
 * The output depends only on the message's properties (and on whether the
 * server takes 8bit): Message-ID and Date come from PR_INTERNET_MESSAGE_ID
 * and PR_CLIENT_SUBMIT_TIME when the message has them, and the MIME
 * boundaries are made from the Message-ID.
 */

#include <stdio.h>
#include "mimeconv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

#define MAX_DEPTH 8   /* embedded messages inside embedded messages */

/* [MS-OXPROPS]: the SMTP addresses Exchange keeps beside its own (EX) ones. */
#define PR_SENDER_SMTP_ADDRESS_W              PROP_TAG(PT_UNICODE, 0x5D01)
#define PR_SENT_REPRESENTING_SMTP_ADDRESS_W   PROP_TAG(PT_UNICODE, 0x5D02)

struct render
{
    const struct mime_options *options;
    ULONGLONG seed;      /* of the boundaries */
    ULONG boundaries;    /* how many were made */
    BOOL has_8bit;
    int depth;
};

static ULONGLONG fnv1a(const char *data, size_t len)
{
    ULONGLONG hash = 0xcbf29ce484222325ull;
    while (len--) hash = (hash ^ (unsigned char)*data++) * 0x100000001b3ull;
    return hash;
}

/*** reading properties ***/

static const WCHAR *prop_string(const SPropValue *prop)
{
    if (prop && PROP_TYPE(prop->ulPropTag) == PT_UNICODE) return prop->Value.lpszW;
    return NULL;
}

static const SPropValue *find_prop(const SPropValue *props, ULONG count, ULONG tag)
{
    ULONG i;
    for (i = 0; i < count; i++) if (props[i].ulPropTag == tag) return &props[i];
    return NULL;
}

/* A string of a table row in either string type, as a wide string (malloc()ed). */
static WCHAR *row_string(const SRow *row, ULONG id)
{
    const SPropValue *prop;

    if ((prop = find_prop(row->lpProps, row->cValues, PROP_TAG(PT_UNICODE, id))))
        return prop->Value.lpszW ? _wcsdup(prop->Value.lpszW) : NULL;
    if ((prop = find_prop(row->lpProps, row->cValues, PROP_TAG(PT_STRING8, id))) && prop->Value.lpszA)
        return wide_from_codepage(CP_ACP, prop->Value.lpszA, strlen(prop->Value.lpszA));
    return NULL;
}

static LONG row_long(const SRow *row, ULONG tag, LONG def)
{
    const SPropValue *prop = find_prop(row->lpProps, row->cValues, tag);
    return prop ? prop->Value.l : def;
}

/* A property of any size: GetProps, or a stream when it is too big for that.
 * *data is malloc()ed, with two zero bytes after its *len bytes (strings end
 * there); MAPI_E_NOT_FOUND when the object lacks it. */
static HRESULT read_big_prop(IMAPIProp *prop, ULONG tag, BYTE **data, size_t *len)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    SPropValue *value = NULL;
    ULONG count;
    HRESULT hr;

    *data = NULL;
    *len = 0;
    hr = IMAPIProp_GetProps(prop, (SPropTagArray *)&tags, 0, &count, &value);
    if (FAILED(hr)) return hr;
    if (PROP_TYPE(value->ulPropTag) != PT_ERROR)
    {
        const void *src = NULL;
        size_t size = 0;

        switch (PROP_TYPE(tag))
        {
        case PT_BINARY: src = value->Value.bin.lpb; size = value->Value.bin.cb; break;
        case PT_UNICODE: src = value->Value.lpszW; size = wcslen(value->Value.lpszW) * sizeof(WCHAR); break;
        case PT_STRING8: src = value->Value.lpszA; size = strlen(value->Value.lpszA); break;
        }
        hr = (*data = malloc(size + sizeof(WCHAR))) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
        if (SUCCEEDED(hr))
        {
            memcpy(*data, src, size);
            memset(*data + size, 0, sizeof(WCHAR));
            *len = size;
        }
        MAPIFreeBuffer(value);
        return hr;
    }
    hr = value->Value.err;
    MAPIFreeBuffer(value);
    if (hr == MAPI_E_NOT_ENOUGH_MEMORY)
    {
        IStream *stream;
        struct strbuf buf;
        char chunk[16384];
        ULONG read;

        hr = IMAPIProp_OpenProperty(prop, tag, &IID_IStream, 0, 0, (IUnknown **)&stream);
        if (FAILED(hr)) return hr;
        strbuf_init(&buf);
        while (SUCCEEDED(hr = IStream_Read(stream, chunk, sizeof(chunk), &read)) && read)
            strbuf_append(&buf, chunk, read);
        IStream_Release(stream);
        if (FAILED(hr)) { strbuf_free(&buf); return hr; }
        strbuf_append(&buf, "\0", 2);
        if (buf.failed) { strbuf_free(&buf); return MAPI_E_NOT_ENOUGH_MEMORY; }
        *len = buf.len - 2;
        *data = (BYTE *)strbuf_detach(&buf);
        return S_OK;
    }
    return hr;
}

/* A string property as UTF-8 (malloc()ed), whatever its size. */
static char *read_text_utf8(IMAPIProp *prop, ULONG id)
{
    BYTE *data;
    size_t len;
    char *ret;

    if (SUCCEEDED(read_big_prop(prop, PROP_TAG(PT_UNICODE, id), &data, &len)))
    {
        ret = strdup_utf8((WCHAR *)data);
        free(data);
        return ret;
    }
    return NULL;
}

/*** the recipients ***/

HRESULT mime_read_recipients(IMessage *msg, struct mime_recipients *recips)
{
    IMAPITable *table;
    HRESULT hr;
    ULONG i;

    memset(recips, 0, sizeof(*recips));
    hr = IMessage_GetRecipientTable(msg, MAPI_UNICODE, &table);
    if (hr == MAPI_E_BAD_CHARWIDTH) hr = IMessage_GetRecipientTable(msg, 0, &table);
    if (FAILED(hr)) return hr;
    /* All of each row: PR_RESPONSIBILITY goes back with ModifyRecipients, which replaces rows. */
    hr = table->lpVtbl->SeekRow(table, BOOKMARK_BEGINNING, 0, NULL);
    if (SUCCEEDED(hr)) hr = table->lpVtbl->QueryRows(table, 0x7fffffff, 0, &recips->rows);
    table->lpVtbl->Release(table);
    if (FAILED(hr)) return hr;

    if (!(recips->recips = calloc(recips->rows->cRows + 1, sizeof(*recips->recips))))
    {
        mime_free_recipients(recips);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < recips->rows->cRows; i++)
    {
        SRow *row = &recips->rows->aRow[i];
        struct mime_recipient *recip = &recips->recips[recips->count++];
        WCHAR *type = row_string(row, PROP_ID(PR_ADDRTYPE_W)), *address = NULL;
        const SPropValue *resp = find_prop(row->lpProps, row->cValues, PR_RESPONSIBILITY);

        recip->row = row;
        recip->type = row_long(row, PR_RECIPIENT_TYPE, MAPI_TO) & ~MAPI_SUBMITTED;
        recip->name = row_string(row, PROP_ID(PR_DISPLAY_NAME_W));
        recip->responsible = resp && resp->Value.b;
        if (type && !_wcsicmp(type, L"SMTP")) address = row_string(row, PROP_ID(PR_EMAIL_ADDRESS_W));
        if (!address) address = row_string(row, PROP_ID(PR_SMTP_ADDRESS_W));
        recip->address = address && *address ? strdup_utf8(address) : NULL;
        free(address);
        free(type);
    }
    return S_OK;
}

void mime_free_recipients(struct mime_recipients *recips)
{
    ULONG i;

    for (i = 0; i < recips->count; i++)
    {
        free(recips->recips[i].name);
        free(recips->recips[i].address);
    }
    free(recips->recips);
    if (recips->rows) FreeProws(recips->rows);
    memset(recips, 0, sizeof(*recips));
}

/*** headers ***/

void mime_format_date(const FILETIME *time, char *buffer, size_t size)
{
    static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    SYSTEMTIME st;

    FileTimeToSystemTime(time, &st);
    snprintf(buffer, size, "%s, %u %s %u %02u:%02u:%02u +0000", days[st.wDayOfWeek], st.wDay,
             months[st.wMonth - 1], st.wYear, st.wHour, st.wMinute, st.wSecond);
}

/* Length of the current (last) line of the output. */
static size_t line_length(const struct strbuf *out)
{
    size_t i = out->len;
    while (i && out->data[i - 1] != '\n') i--;
    return out->len - i;
}

/* RFC 2047 B words of UTF-8 text, at most 75 characters each, folded between
 * them; never splitting a character. */
static void put_encoded_words(struct strbuf *out, const char *text, size_t len)
{
    size_t start = 0;

    while (start < len)
    {
        size_t n = len - start, room;

        if (start || line_length(out) > 76 - 12 - 8) strbuf_puts(out, "\r\n ");
        /* what fits the line, at most 75 characters a word (RFC 2047 2) */
        room = (76 - line_length(out) - 12) / 4 * 3;
        if (room > 45) room = 45;
        if (n > room)
        {
            n = room;
            while (n && ((unsigned char)text[start + n] & 0xc0) == 0x80) n--;
        }
        strbuf_puts(out, "=?UTF-8?B?");
        base64_encode(out, (const BYTE *)text + start, n, FALSE);
        strbuf_puts(out, "?=");
        start += n;
    }
}

/* Unstructured text (Subject): as is when it is ASCII, folded at spaces; encoded words otherwise. */
static void put_unstructured(struct strbuf *out, const char *text)
{
    size_t len = strlen(text), i, word_start, longest = 0;
    BOOL plain = is_ascii(text, len);

    for (i = 0, word_start = 0; i <= len && plain; i++)
    {
        if (text[i] == '\r' || text[i] == '\n') plain = FALSE;
        if (i == len || text[i] == ' ')
        {
            if (i - word_start > longest) longest = i - word_start;
            word_start = i + 1;
        }
    }
    /* An encoded word starts where "=?" would be read as one (RFC 2047 6.2). */
    if (plain && longest < 70 && !strstr(text, "=?"))
    {
        for (i = 0, word_start = 0; i <= len; i++)
        {
            if (i == len || (text[i] == ' ' && i > word_start))
            {
                if (word_start && line_length(out) + (i - word_start) > 78)
                {
                    strbuf_puts(out, "\r\n");
                    strbuf_append(out, text + word_start, i - word_start);
                }
                else
                    strbuf_append(out, text + word_start, i - word_start);
                word_start = i;
            }
        }
        return;
    }
    put_encoded_words(out, text, len);
}

static BOOL is_atext_phrase(const char *text)
{
    static const char specials[] = "()<>[]:;@\\,.\"";
    if (!*text) return FALSE;
    for (; *text; text++)
        if ((unsigned char)*text < 0x20 || (unsigned char)*text >= 0x7f || strchr(specials, *text)) return FALSE;
    return TRUE;
}

/* "Name <address>", or the address alone. */
static void put_mailbox(struct strbuf *out, const WCHAR *name_w, const char *address)
{
    char *name = strdup_utf8(name_w);

    if (name && *name && strcmp(name, address))
    {
        size_t len = strlen(name);
        if (!is_ascii(name, len)) put_encoded_words(out, name, len);
        else if (is_atext_phrase(name)) strbuf_puts(out, name);
        else
        {
            const char *p;
            strbuf_puts(out, "\"");
            for (p = name; *p; p++)
            {
                if (*p == '"' || *p == '\\') strbuf_append(out, "\\", 1);
                if (*p != '\r' && *p != '\n') strbuf_append(out, p, 1);
            }
            strbuf_puts(out, "\"");
        }
        strbuf_printf(out, " <%s>", address);
    }
    else strbuf_puts(out, address);
    free(name);
}

/* Copies a field of the header block a stored message was received with, as
 * it came (folded lines and all); FALSE when the block lacks it. */
static BOOL put_saved_field(struct strbuf *out, const char *headers, const char *field)
{
    size_t len = strlen(field);
    const char *line = headers;

    if (!headers) return FALSE;
    while (*line && *line != '\r' && *line != '\n')
    {
        const char *end = line;

        /* a field runs on over lines starting with white space */
        for (;;)
        {
            end += strcspn(end, "\n");
            if (!*end || (end[1] != ' ' && end[1] != '\t')) break;
            end++;
        }
        if (!ascii_strncasecmp(line, field, len) && line[len] == ':')
        {
            const char *p;

            for (p = line; p < end; p++)
            {
                if (*p == '\r') continue;
                if (*p == '\n') strbuf_puts(out, "\r\n");
                else strbuf_append(out, p, 1);
            }
            strbuf_puts(out, "\r\n");
            return TRUE;
        }
        line = *end ? end + 1 : end;
    }
    return FALSE;
}

/* The recipients of one type with an SMTP address; FALSE when there are none. */
static BOOL put_address_list(struct strbuf *out, const char *field, const struct mime_recipients *recips, ULONG type)
{
    ULONG i, n = 0;

    for (i = 0; i < recips->count; i++)
    {
        const struct mime_recipient *recip = &recips->recips[i];
        struct strbuf item;

        if (recip->type != type || !recip->address) continue;
        strbuf_init(&item);
        put_mailbox(&item, recip->name, recip->address);
        if (item.failed) { out->failed = TRUE; return TRUE; }
        if (!n++) strbuf_printf(out, "%s: ", field);
        else if (line_length(out) + item.len + 1 > 78 && !strchr(item.data, '\n')) strbuf_puts(out, ",\r\n ");
        else strbuf_puts(out, ", ");
        strbuf_append(out, item.data, item.len);
        strbuf_free(&item);
    }
    if (n) strbuf_puts(out, "\r\n");
    return n != 0;
}

/* A parameter of Content-Type or Content-Disposition: quoted when ASCII,
 * RFC 2231 UTF-8 otherwise, in continuations when long. */
static void put_param(struct strbuf *out, const char *name, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = strlen(value), i;

    if (is_ascii(value, len) && len < 60 && !strpbrk(value, "\r\n"))
    {
        const char *p;
        if (line_length(out) + strlen(name) + len + 6 > 78) strbuf_puts(out, ";\r\n ");
        else strbuf_puts(out, "; ");
        strbuf_printf(out, "%s=\"", name);
        for (p = value; *p; p++)
        {
            if (*p == '"' || *p == '\\') strbuf_append(out, "\\", 1);
            strbuf_append(out, p, 1);
        }
        strbuf_puts(out, "\"");
        return;
    }
    else
    {
        struct strbuf enc;
        size_t start, section = 0;

        strbuf_init(&enc);
        for (i = 0; i < len; i++)
        {
            unsigned char c = value[i];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c))
                strbuf_append(&enc, &value[i], 1);
            else
            {
                char code[3] = { '%', hex[c >> 4], hex[c & 15] };
                strbuf_append(&enc, code, 3);
            }
        }
        if (enc.failed) { out->failed = TRUE; return; }
        if (enc.len <= 50)
        {
            strbuf_printf(out, ";\r\n %s*=utf-8''%s", name, enc.data);
            strbuf_free(&enc);
            return;
        }
        for (start = 0; start < enc.len; section++)
        {
            size_t n = enc.len - start > 50 ? 50 : enc.len - start;
            /* never cut a %XX */
            if (start + n < enc.len)
            {
                if (enc.data[start + n - 1] == '%') n -= 1;
                else if (n > 1 && enc.data[start + n - 2] == '%') n -= 2;
            }
            strbuf_printf(out, ";\r\n %s*%Iu*=%s", name, section, section ? "" : "utf-8''");
            strbuf_append(out, enc.data + start, n);
            start += n;
        }
        strbuf_free(&enc);
    }
}

static void make_boundary(struct render *render, char *boundary, size_t size)
{
    snprintf(boundary, size, "=_%s_%016I64x_%lu", render->options->tag, render->seed, ++render->boundaries);
}

/*** bodies ***/

/* Text with every line break made CRLF. */
static char *normalize_lines(const char *text, size_t *len)
{
    struct strbuf out;
    size_t i, n = *len;

    strbuf_init(&out);
    for (i = 0; i < n; i++)
    {
        if (text[i] == '\r')
        {
            if (i + 1 < n && text[i + 1] == '\n') i++;
            strbuf_append(&out, "\r\n", 2);
        }
        else if (text[i] == '\n') strbuf_append(&out, "\r\n", 2);
        else strbuf_append(&out, &text[i], 1);
    }
    strbuf_append(&out, "", 0);
    *len = out.len;
    return strbuf_detach(&out);
}

static size_t longest_line(const char *text, size_t len)
{
    size_t i, start = 0, longest = 0;
    for (i = 0; i < len; i++)
        if (text[i] == '\n')
        {
            if (i - start > longest) longest = i - start;
            start = i + 1;
        }
    return longest;
}

/* A text part: Content-Type and Content-Transfer-Encoding, blank line, body. */
static void put_text_part(struct render *render, struct strbuf *out, const char *subtype,
                          const char *text, size_t len)
{
    size_t norm_len = len;
    char *norm = normalize_lines(text, &norm_len);

    if (!norm) { out->failed = TRUE; return; }
    strbuf_printf(out, "Content-Type: text/%s; charset=utf-8\r\n", subtype);
    if (is_ascii(norm, norm_len) && longest_line(norm, norm_len) <= 998 + 1)
        strbuf_puts(out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
    else if (render->options->eight_bit && longest_line(norm, norm_len) <= 998 + 1 &&
             !memchr(norm, 0, norm_len))
    {
        strbuf_puts(out, "Content-Transfer-Encoding: 8bit\r\n\r\n");
        render->has_8bit = TRUE;
    }
    else
    {
        strbuf_puts(out, "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        qp_encode(out, norm, norm_len);
        free(norm);
        return;
    }
    strbuf_append(out, norm, norm_len);
    free(norm);
}

/* The HTML body as UTF-8: PR_HTML in the code page of PR_INTERNET_CPID, or PR_BODY_HTML. */
static char *read_html(IMessage *msg, size_t *len)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_INTERNET_CPID } };
    SPropValue *cpid = NULL;
    ULONG count, codepage = CP_UTF8;
    BYTE *data;
    size_t size;
    char *ret = NULL;

    if (SUCCEEDED(read_big_prop((IMAPIProp *)msg, PR_HTML, &data, &size)))
    {
        if (SUCCEEDED(IMessage_GetProps(msg, (SPropTagArray *)&tags, 0, &count, &cpid)) &&
            cpid->ulPropTag == PR_INTERNET_CPID) codepage = cpid->Value.l;
        MAPIFreeBuffer(cpid);
        if (codepage == CP_UTF8 || codepage == 20127)
        {
            ret = (char *)data;
            *len = size;
            return ret;
        }
        else
        {
            WCHAR *wide = wide_from_codepage(codepage, (char *)data, size);
            ret = strdup_utf8(wide);
            free(wide);
        }
        free(data);
    }
    else ret = read_text_utf8((IMAPIProp *)msg, PROP_ID(PR_BODY_HTML_W));
    if (ret) *len = strlen(ret);
    return ret;
}

static HRESULT render_message(struct render *render, IMessage *msg, const struct mime_recipients *recips,
                              struct strbuf *out);

static const char *mime_type_from_name(const char *name)
{
    static const struct { const char *ext, *type; } types[] =
    {
        { "txt", "text/plain" }, { "htm", "text/html" }, { "html", "text/html" }, { "csv", "text/csv" },
        { "jpg", "image/jpeg" }, { "jpeg", "image/jpeg" }, { "png", "image/png" }, { "gif", "image/gif" },
        { "pdf", "application/pdf" }, { "zip", "application/zip" }, { "xml", "application/xml" },
        { "eml", "message/rfc822" },
    };
    const char *dot = name ? strrchr(name, '.') : NULL;
    unsigned int i;

    if (dot)
        for (i = 0; i < ARRAY_SIZE(types); i++)
            if (!ascii_strcasecmp(dot + 1, types[i].ext)) return types[i].type;
    return "application/octet-stream";
}

static HRESULT render_attachment(struct render *render, IMessage *msg, const SRow *row, struct strbuf *out)
{
    LONG num = row_long(row, PR_ATTACH_NUM, -1), method = row_long(row, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    WCHAR *name_w = row_string(row, PROP_ID(PR_ATTACH_LONG_FILENAME_W));
    WCHAR *mime_w = row_string(row, PROP_ID(PR_ATTACH_MIME_TAG_W));
    WCHAR *cid_w = row_string(row, PROP_ID(PR_ATTACH_CONTENT_ID_W));
    char *name, *mime, *cid;
    IAttach *attach = NULL;
    HRESULT hr;

    if (!name_w) name_w = row_string(row, PROP_ID(PR_ATTACH_FILENAME_W));
    if (!name_w) name_w = row_string(row, PROP_ID(PR_DISPLAY_NAME_W));
    name = strdup_utf8(name_w);
    mime = strdup_utf8(mime_w);
    cid = strdup_utf8(cid_w);
    free(name_w);
    free(mime_w);
    free(cid_w);

    hr = IMessage_OpenAttach(msg, num, NULL, 0, &attach);
    if (FAILED(hr)) goto done;

    if (method == ATTACH_EMBEDDED_MSG)
    {
        IMessage *inner;
        struct mime_recipients inner_recips;
        struct strbuf body;

        if (render->depth >= MAX_DEPTH) { hr = MAPI_E_TOO_COMPLEX; goto done; }
        hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0, (IUnknown **)&inner);
        if (FAILED(hr)) goto done;
        hr = mime_read_recipients(inner, &inner_recips);
        if (SUCCEEDED(hr))
        {
            BOOL outer_8bit = render->has_8bit;

            strbuf_init(&body);
            render->has_8bit = FALSE;
            render->depth++;
            hr = render_message(render, inner, &inner_recips, &body);
            render->depth--;
            if (SUCCEEDED(hr))
            {
                strbuf_puts(out, "Content-Type: message/rfc822\r\n");
                if (render->has_8bit) strbuf_puts(out, "Content-Transfer-Encoding: 8bit\r\n");
                strbuf_puts(out, "Content-Disposition: attachment\r\n\r\n");
                strbuf_append(out, body.data, body.len);
            }
            render->has_8bit |= outer_8bit;
            strbuf_free(&body);
            mime_free_recipients(&inner_recips);
        }
        IMessage_Release(inner);
    }
    else if (method == ATTACH_BY_VALUE || method == ATTACH_BY_REFERENCE || method == ATTACH_BY_REF_RESOLVE ||
             method == ATTACH_BY_REF_ONLY)
    {
        BYTE *data = NULL;
        size_t len = 0;

        if (method == ATTACH_BY_VALUE)
            hr = read_big_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, &data, &len);
        else
        {
            /* By reference: the file the attachment names. */
            BYTE *path;
            size_t path_len;
            HANDLE file;

            hr = read_big_prop((IMAPIProp *)attach, PR_ATTACH_LONG_PATHNAME_W, &path, &path_len);
            if (FAILED(hr)) hr = read_big_prop((IMAPIProp *)attach, PR_ATTACH_PATHNAME_W, &path, &path_len);
            if (SUCCEEDED(hr))
            {
                file = CreateFileW((WCHAR *)path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
                hr = MAPI_E_NOT_FOUND;
                if (file != INVALID_HANDLE_VALUE)
                {
                    LARGE_INTEGER size;
                    DWORD read;
                    if (GetFileSizeEx(file, &size) && size.QuadPart < 0x7fffffff &&
                        (data = malloc(size.QuadPart + 1)) && ReadFile(file, data, size.LowPart, &read, NULL))
                    {
                        len = read;
                        hr = S_OK;
                    }
                    CloseHandle(file);
                }
                if (!name)
                {
                    WCHAR *slash = wcsrchr((WCHAR *)path, '\\');
                    name = strdup_utf8(slash ? slash + 1 : (WCHAR *)path);
                }
                free(path);
            }
        }
        if (hr == MAPI_E_NOT_FOUND && method == ATTACH_BY_VALUE) hr = S_OK; /* an empty attachment */
        if (SUCCEEDED(hr))
        {
            strbuf_printf(out, "Content-Type: %s", mime ? mime : mime_type_from_name(name));
            if (name) put_param(out, "name", name);
            strbuf_printf(out, "\r\nContent-Disposition: %s", cid ? "inline" : "attachment");
            if (name) put_param(out, "filename", name);
            strbuf_puts(out, "\r\nContent-Transfer-Encoding: base64\r\n");
            if (cid) strbuf_printf(out, "Content-ID: <%s>\r\n", cid);
            strbuf_puts(out, "\r\n");
            base64_encode(out, data, len, TRUE);
            /* the CRLF before the next delimiter is the delimiter's */
            if (len && !out->failed) out->data[out->len -= 2] = 0;
        }
        free(data);
    }
    else
    {
        FIXME("attachment %ld: method %ld (OLE) is not supported, not sent\n", num, method);
        hr = S_FALSE;
    }

done:
    if (attach) IAttach_Release(attach);
    free(name);
    free(mime);
    free(cid);
    return hr;
}

/* The body: text/plain, text/html, or both as multipart/alternative. */
static void render_body(struct render *render, struct strbuf *out, const char *plain, size_t plain_len,
                        const char *html, size_t html_len)
{
    if (plain && html)
    {
        char boundary[64];

        make_boundary(render, boundary, sizeof(boundary));
        strbuf_printf(out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", boundary);
        strbuf_printf(out, "--%s\r\n", boundary);
        put_text_part(render, out, "plain", plain, plain_len);
        strbuf_printf(out, "\r\n--%s\r\n", boundary);
        put_text_part(render, out, "html", html, html_len);
        strbuf_printf(out, "\r\n--%s--", boundary);
    }
    else if (html) put_text_part(render, out, "html", html, html_len);
    else put_text_part(render, out, "plain", plain ? plain : "", plain ? plain_len : 0);
}

static HRESULT render_message(struct render *render, IMessage *msg, const struct mime_recipients *recips,
                              struct strbuf *out)
{
    enum { SUBJECT, SUBMIT_TIME, MESSAGE_ID, SENDER_NAME, SENDER_TYPE, SENDER_ADDRESS,
           REPR_NAME, REPR_TYPE, REPR_ADDRESS, HAS_ATTACH, SENDER_SMTP, REPR_SMTP, DELIVERY_TIME,
           CREATION_TIME, PROP_COUNT };
    SizedSPropTagArray(PROP_COUNT, tags) =
    {
        PROP_COUNT,
        {
            PR_SUBJECT_W, PR_CLIENT_SUBMIT_TIME, PR_INTERNET_MESSAGE_ID_W, PR_SENDER_NAME_W,
            PR_SENDER_ADDRTYPE_W, PR_SENDER_EMAIL_ADDRESS_W, PR_SENT_REPRESENTING_NAME_W,
            PR_SENT_REPRESENTING_ADDRTYPE_W, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, PR_HASATTACH,
            PR_SENDER_SMTP_ADDRESS_W, PR_SENT_REPRESENTING_SMTP_ADDRESS_W, PR_MESSAGE_DELIVERY_TIME,
            PR_CREATION_TIME,
        }
    };
    const FILETIME *date_time = NULL;
    SPropValue *props = NULL;
    ULONG count;
    char *plain = NULL, *html = NULL, *from_address = NULL, *message_id = NULL, *saved_headers = NULL, date[64];
    const WCHAR *from_name;
    size_t plain_len = 0, html_len = 0;
    SRowSet *attachments = NULL;
    HRESULT hr;

    hr = IMessage_GetProps(msg, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &props);
    if (FAILED(hr)) return hr;
    hr = S_OK;  /* those it lacks are PT_ERROR */

    /* Message-ID and Date */
    if (prop_string(&props[MESSAGE_ID])) message_id = strdup_utf8(props[MESSAGE_ID].Value.lpszW);
    else if (!render->depth && !render->options->stored)
    {
        /* Unique enough: time, process, a counter, and the sender's domain. */
        static LONG counter;
        FILETIME now;
        const char *at = render->options->sender ? strchr(render->options->sender, '@') : NULL;
        char buffer[160];

        GetSystemTimeAsFileTime(&now);
        snprintf(buffer, sizeof(buffer), "<%I64x.%lx.%lx.%s@%s>",
                 ((ULONGLONG)now.dwHighDateTime << 32) | now.dwLowDateTime, GetCurrentProcessId(),
                 InterlockedIncrement(&counter), render->options->tag, at ? at + 1 : "localhost");
        message_id = _strdup(buffer);
    }
    if (!render->depth)
    {
        /* A stored message without a Message-ID: boundaries from its subject, the same each time. */
        const char *basis = message_id ? message_id : "";
        char *subject = NULL;

        if (!message_id && prop_string(&props[SUBJECT])) basis = subject = strdup_utf8(props[SUBJECT].Value.lpszW);
        render->seed = fnv1a(basis ? basis : "", basis ? strlen(basis) : 0);
        free(subject);
    }
    if (message_id)
    {
        if (message_id[0] == '<') strbuf_printf(out, "Message-ID: %s\r\n", message_id);
        else strbuf_printf(out, "Message-ID: <%s>\r\n", message_id);
    }
    if (props[SUBMIT_TIME].ulPropTag == PR_CLIENT_SUBMIT_TIME) date_time = &props[SUBMIT_TIME].Value.ft;
    else if (render->options->stored && props[DELIVERY_TIME].ulPropTag == PR_MESSAGE_DELIVERY_TIME)
        date_time = &props[DELIVERY_TIME].Value.ft;
    else if (render->options->stored && props[CREATION_TIME].ulPropTag == PR_CREATION_TIME)
        date_time = &props[CREATION_TIME].Value.ft;
    if (date_time)
    {
        mime_format_date(date_time, date, sizeof(date));
        strbuf_printf(out, "Date: %s\r\n", date);
    }
    else if (!render->depth && !render->options->stored)
    {
        FILETIME now;
        GetSystemTimeAsFileTime(&now);
        mime_format_date(&now, date, sizeof(date));
        strbuf_printf(out, "Date: %s\r\n", date);
    }

    /* From: who the message is from; Sender: who sends it when that is someone else */
    from_name = prop_string(&props[REPR_NAME]) ? props[REPR_NAME].Value.lpszW : prop_string(&props[SENDER_NAME]);
    if (prop_string(&props[REPR_TYPE]) && !_wcsicmp(props[REPR_TYPE].Value.lpszW, L"SMTP") &&
        prop_string(&props[REPR_ADDRESS]))
        from_address = strdup_utf8(props[REPR_ADDRESS].Value.lpszW);
    else if (prop_string(&props[REPR_SMTP]))
        from_address = strdup_utf8(props[REPR_SMTP].Value.lpszW);
    else if (prop_string(&props[SENDER_TYPE]) && !_wcsicmp(props[SENDER_TYPE].Value.lpszW, L"SMTP") &&
             prop_string(&props[SENDER_ADDRESS]))
        from_address = strdup_utf8(props[SENDER_ADDRESS].Value.lpszW);
    else if (prop_string(&props[SENDER_SMTP]))
        from_address = strdup_utf8(props[SENDER_SMTP].Value.lpszW);
    else if (!render->depth && render->options->sender)
        from_address = _strdup(render->options->sender);
    /* A stored message with Exchange addresses only: those it was received with. */
    if (render->options->stored && !render->depth)
        saved_headers = read_text_utf8((IMAPIProp *)msg, PROP_ID(PR_TRANSPORT_MESSAGE_HEADERS_W));
    if (!from_address) put_saved_field(out, saved_headers, "From");
    if (from_address)
    {
        strbuf_puts(out, "From: ");
        put_mailbox(out, from_name, from_address);
        strbuf_puts(out, "\r\n");
        if (!render->depth && render->options->sender && ascii_strcasecmp(from_address, render->options->sender))
            strbuf_printf(out, "Sender: %s\r\n", render->options->sender);
    }
    if (!put_address_list(out, "To", recips, MAPI_TO)) put_saved_field(out, saved_headers, "To");
    if (!put_address_list(out, "Cc", recips, MAPI_CC)) put_saved_field(out, saved_headers, "Cc");
    free(saved_headers);
    if (prop_string(&props[SUBJECT]))
    {
        char *subject = strdup_utf8(props[SUBJECT].Value.lpszW);
        strbuf_puts(out, "Subject: ");
        if (subject) put_unstructured(out, subject);
        strbuf_puts(out, "\r\n");
        free(subject);
    }
    strbuf_puts(out, "MIME-Version: 1.0\r\n");

    /* bodies */
    plain = read_text_utf8((IMAPIProp *)msg, PROP_ID(PR_BODY_W));
    if (plain) plain_len = strlen(plain);
    html = read_html(msg, &html_len);

    /* attachments */
    {
        IMAPITable *table;
        if (SUCCEEDED(IMessage_GetAttachmentTable(msg, MAPI_UNICODE, &table)))
        {
            if (FAILED(table->lpVtbl->QueryRows(table, 0x7fffffff, 0, &attachments))) attachments = NULL;
            table->lpVtbl->Release(table);
        }
    }

    if (attachments && attachments->cRows)
    {
        char boundary[64];
        ULONG i;

        make_boundary(render, boundary, sizeof(boundary));
        strbuf_printf(out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n", boundary);
        strbuf_printf(out, "--%s\r\n", boundary);
        render_body(render, out, plain, plain_len, html, html_len);
        for (i = 0; i < attachments->cRows && SUCCEEDED(hr); i++)
        {
            struct strbuf part;

            strbuf_init(&part);
            hr = render_attachment(render, msg, &attachments->aRow[i], &part);
            if (hr == S_OK)
            {
                strbuf_printf(out, "\r\n--%s\r\n", boundary);
                strbuf_append(out, part.data, part.len);
            }
            else if (hr == S_FALSE) hr = S_OK;
            strbuf_free(&part);
        }
        strbuf_printf(out, "\r\n--%s--", boundary);
    }
    else render_body(render, out, plain, plain_len, html, html_len);

    if (attachments) FreeProws(attachments);
    free(plain);
    free(html);
    free(from_address);
    free(message_id);
    MAPIFreeBuffer(props);
    if (SUCCEEDED(hr) && out->failed) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    return hr;
}

HRESULT mime_render(IMessage *msg, const struct mime_recipients *recips,
                    const struct mime_options *options, struct strbuf *out, BOOL *has_8bit)
{
    struct render render;
    HRESULT hr;

    memset(&render, 0, sizeof(render));
    render.options = options;
    hr = render_message(&render, msg, recips, out);
    /* the CRLF that ends the last line (RFC 5321 4.1.1.4) */
    if (SUCCEEDED(hr) && (out->len < 2 || memcmp(out->data + out->len - 2, "\r\n", 2)))
        strbuf_puts(out, "\r\n");
    *has_8bit = render.has_8bit;
    if (SUCCEEDED(hr) && out->failed) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    return hr;
}
