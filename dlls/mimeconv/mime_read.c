/*
 * Internet mail as a MAPI message: the headers (RFC 5322, RFC 2047 encoded
 * words), the MIME tree (RFC 2045-2049, RFC 2231 parameters), base64 and
 * quoted-printable bodies, embedded messages (message/rfc822), and the
 * winmail.dat (TNEF) of Outlook's rich mail, decoded into the message.
 *
 * The text is first given CRLF line ends, so that files delivered with
 * either line end read the same.
 */

#include <stdio.h>
#include <ctype.h>
#include "mimeconv.h"
#include "tnef.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

#define MAX_DEPTH 16
#define BIG_PROP  32768  /* bigger values go through a stream when the object has one */

struct header
{
    char *name;
    char *value;            /* unfolded */
};

struct part
{
    struct header *headers;
    ULONG header_count;
    const char *raw_headers;
    size_t raw_headers_len;
    const char *body;
    size_t body_len;
    char type[64];          /* "text/plain", lower case */
    char *charset, *boundary, *name, *filename, *encoding, *content_id;
    BOOL attachment;        /* Content-Disposition: attachment */
    struct part *children;
    ULONG child_count;
};

static void free_part(struct part *part)
{
    ULONG i;

    for (i = 0; i < part->header_count; i++)
    {
        free(part->headers[i].name);
        free(part->headers[i].value);
    }
    free(part->headers);
    for (i = 0; i < part->child_count; i++) free_part(&part->children[i]);
    free(part->children);
    free(part->charset);
    free(part->boundary);
    free(part->name);
    free(part->filename);
    free(part->encoding);
    free(part->content_id);
}

static const char *get_header(const struct part *part, const char *name)
{
    ULONG i;
    for (i = 0; i < part->header_count; i++)
        if (!ascii_strcasecmp(part->headers[i].name, name)) return part->headers[i].value;
    return NULL;
}

static char *strndup_(const char *s, size_t n)
{
    char *ret = malloc(n + 1);
    if (ret) { memcpy(ret, s, n); ret[n] = 0; }
    return ret;
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    return p;
}

/* The header block of data: its fields, unfolded; the body is what follows the empty line. */
static BOOL parse_headers(struct part *part, const char *data, size_t len)
{
    size_t pos = 0, size = 0;

    part->raw_headers = data;
    while (pos < len)
    {
        size_t end = pos, colon, vstart;
        struct strbuf value;

        if (data[pos] == '\r' && pos + 1 < len && data[pos + 1] == '\n') { pos += 2; break; }
        /* one field: its first line and the lines starting with white space */
        for (;;)
        {
            const char *nl = memchr(data + end, '\n', len - end);
            end = nl ? (size_t)(nl - data) + 1 : len;
            if (end >= len || (data[end] != ' ' && data[end] != '\t')) break;
        }
        for (colon = pos; colon < end && data[colon] != ':'; colon++);
        if (colon < end)
        {
            if (part->header_count == size)
            {
                struct header *headers;
                size = size ? size * 2 : 16;
                if (!(headers = realloc(part->headers, size * sizeof(*headers)))) return FALSE;
                part->headers = headers;
            }
            strbuf_init(&value);
            for (vstart = colon + 1; vstart < end; vstart++)
                if (data[vstart] != '\r' && data[vstart] != '\n') strbuf_append(&value, &data[vstart], 1);
            {
                size_t nlen = colon;
                while (nlen > pos && (data[nlen - 1] == ' ' || data[nlen - 1] == '\t')) nlen--;
                part->headers[part->header_count].name = strndup_(data + pos, nlen - pos);
            }
            {
                char *v = strbuf_detach(&value);
                char *trimmed = v ? _strdup(skip_spaces(v)) : _strdup("");
                size_t tl;
                free(v);
                if (trimmed)
                {
                    tl = strlen(trimmed);
                    while (tl && (trimmed[tl - 1] == ' ' || trimmed[tl - 1] == '\t')) trimmed[--tl] = 0;
                }
                part->headers[part->header_count].value = trimmed;
            }
            if (!part->headers[part->header_count].name || !part->headers[part->header_count].value) return FALSE;
            part->header_count++;
        }
        pos = end;
    }
    part->raw_headers_len = pos;
    part->body = data + pos;
    part->body_len = len - pos;
    return TRUE;
}

/*** structured field values ***/

/* A token or quoted string at *p; returns a malloc()ed copy, *p moved past it. */
static char *read_word(const char **p, const char *stops)
{
    struct strbuf buf;
    const char *s = skip_spaces(*p);

    strbuf_init(&buf);
    if (*s == '"')
    {
        for (s++; *s && *s != '"'; s++)
        {
            if (*s == '\\' && s[1]) s++;
            strbuf_append(&buf, s, 1);
        }
        if (*s == '"') s++;
    }
    else
    {
        const char *start = s;
        while (*s && !strchr(stops, *s) && *s != ' ' && *s != '\t') s++;
        strbuf_append(&buf, start, s - start);
    }
    *p = s;
    strbuf_append(&buf, "", 0);
    return strbuf_detach(&buf);
}

static void percent_decode_append(struct strbuf *out, const char *s)
{
    for (; *s; s++)
    {
        if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2]))
        {
            char hex[3] = { s[1], s[2], 0 };
            char c = (char)strtoul(hex, NULL, 16);
            strbuf_append(out, &c, 1);
            s += 2;
        }
        else strbuf_append(out, s, 1);
    }
}

/* A parameter of a Content-Type or Content-Disposition value, RFC 2231 forms
 * included; returns UTF-8 (malloc()ed) or NULL. */
static char *get_param(const char *value, const char *name)
{
    struct strbuf ext;
    const char *p = strchr(value, ';');
    char *plain = NULL, *charset = NULL;
    size_t name_len = strlen(name);
    BOOL have_ext = FALSE;

    strbuf_init(&ext);
    while (p && *p == ';')
    {
        char *pname, *pvalue;

        p++;
        pname = read_word(&p, "=;");
        p = skip_spaces(p);
        if (*p == '=') { p++; pvalue = read_word(&p, ";"); }
        else pvalue = _strdup("");
        p = skip_spaces(p);
        if (pname && pvalue && !ascii_strncasecmp(pname, name, name_len))
        {
            const char *rest = pname + name_len;
            if (!*rest && !plain) plain = _strdup(pvalue);
            else if (*rest == '*')
            {
                /* name*=, name*0=, name*0*=, name*1*=... in order, as RFC 2231 3 asks senders to */
                BOOL encoded = rest[strlen(rest) - 1] == '*';
                const char *v = pvalue;
                if (encoded && !have_ext)
                {
                    const char *q1 = strchr(v, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
                    if (q1 && q2)
                    {
                        charset = strndup_(v, q1 - v);
                        v = q2 + 1;
                    }
                }
                have_ext = TRUE;
                if (encoded) percent_decode_append(&ext, v);
                else strbuf_puts(&ext, v);
            }
        }
        free(pname);
        free(pvalue);
        while (*p && *p != ';') p++;
    }
    if (have_ext && !ext.failed)
    {
        UINT cp = charset && *charset ? codepage_from_charset(charset) : CP_UTF8;
        WCHAR *wide = wide_from_codepage(cp, ext.data ? ext.data : "", ext.len);
        free(plain);
        plain = strdup_utf8(wide);
        free(wide);
    }
    free(charset);
    strbuf_free(&ext);
    return plain;
}

/*** RFC 2047 ***/

/* Header text (bytes as sent) as a wide string, encoded words decoded. */
static WCHAR *decode_header_text(const char *text)
{
    struct strbuf out;      /* UTF-8 */
    const char *p = text, *pending_space = NULL;
    size_t pending_len = 0;
    BOOL last_was_word = FALSE;
    WCHAR *ret;

    strbuf_init(&out);
    while (*p)
    {
        const char *start = p;

        if (p[0] == '=' && p[1] == '?')
        {
            const char *q1 = strchr(p + 2, '?'), *q2 = q1 ? strchr(q1 + 1, '?') : NULL;
            const char *end = q2 ? strstr(q2 + 1, "?=") : NULL;

            if (q1 && q2 && end && q2 == q1 + 2)
            {
                char *charset = strndup_(p + 2, q1 - p - 2), *star;
                size_t len = end - q2 - 1, n;
                BYTE *bytes = malloc(len + 1);
                char enc = q1[1];

                if (charset && (star = strchr(charset, '*'))) *star = 0; /* RFC 2231 language */
                if (bytes && charset && (enc == 'B' || enc == 'b' || enc == 'Q' || enc == 'q'))
                {
                    WCHAR *wide;
                    char *utf8;

                    n = (enc == 'B' || enc == 'b') ? base64_decode(q2 + 1, len, bytes)
                                                   : qp_decode(q2 + 1, len, bytes, TRUE);
                    wide = wide_from_codepage(codepage_from_charset(charset), (char *)bytes, n);
                    utf8 = strdup_utf8(wide);
                    /* white space between two encoded words is not text (RFC 2047 6.2) */
                    if (!last_was_word && pending_len) strbuf_append(&out, pending_space, pending_len);
                    if (utf8) strbuf_puts(&out, utf8);
                    free(utf8);
                    free(wide);
                    free(bytes);
                    free(charset);
                    pending_len = 0;
                    last_was_word = TRUE;
                    p = end + 2;
                    continue;
                }
                free(bytes);
                free(charset);
            }
        }
        if (*p == ' ' || *p == '\t')
        {
            if (pending_len && !last_was_word) strbuf_append(&out, pending_space, pending_len);
            else if (pending_len && last_was_word) { /* keep waiting */ }
            pending_space = p;
            while (*p == ' ' || *p == '\t') p++;
            pending_len = p - pending_space;
            continue;
        }
        if (pending_len) strbuf_append(&out, pending_space, pending_len);
        pending_len = 0;
        last_was_word = FALSE;
        while (*p && *p != ' ' && *p != '\t' && !(p[0] == '=' && p[1] == '?' && p != start)) p++;
        if (p == start) p++;
        {
            size_t len = p - start;
            /* raw bytes: UTF-8 (RFC 6532), or windows-1252 when they are not */
            if (is_valid_utf8(start, len)) strbuf_append(&out, start, len);
            else
            {
                WCHAR *wide = wide_from_codepage(1252, start, len);
                char *utf8 = strdup_utf8(wide);
                if (utf8) strbuf_puts(&out, utf8);
                free(utf8);
                free(wide);
            }
        }
    }
    if (pending_len) strbuf_append(&out, pending_space, pending_len);
    strbuf_append(&out, "", 0);
    if (out.failed) { strbuf_free(&out); return NULL; }
    ret = strdup_wide(out.data, out.len);
    strbuf_free(&out);
    return ret;
}

/*** addresses ***/

struct mailbox
{
    WCHAR *name;
    char *address;
};

/* RFC 5322 address lists: "Name" <a@b>, a@b (Name), groups "g: a@b, c@d;". */
static ULONG parse_address_list(const char *text, struct mailbox **out)
{
    struct mailbox *list = NULL;
    ULONG count = 0;
    const char *p = text;

    while (*p)
    {
        struct strbuf phrase, addr, comment;
        BOOL angle = FALSE, in_angle = FALSE;

        strbuf_init(&phrase);
        strbuf_init(&addr);
        strbuf_init(&comment);
        for (; *p && !(*p == ',' && !in_angle) && !(*p == ';' && !in_angle); p++)
        {
            if (*p == '"')
            {
                strbuf_append(in_angle ? &addr : &phrase, p, 1);
                for (p++; *p && *p != '"'; p++)
                {
                    if (*p == '\\' && p[1]) p++;
                    strbuf_append(in_angle ? &addr : &phrase, p, 1);
                }
                strbuf_append(in_angle ? &addr : &phrase, "\"", 1);
                if (!*p) break;
            }
            else if (*p == '(')
            {
                int depth = 1;
                for (p++; *p && depth; p++)
                {
                    if (*p == '\\' && p[1]) { p++; strbuf_append(&comment, p, 1); continue; }
                    if (*p == '(') depth++;
                    else if (*p == ')') { if (!--depth) break; }
                    strbuf_append(&comment, p, 1);
                }
                if (!*p) break;
            }
            else if (*p == '<') { in_angle = angle = TRUE; strbuf_free(&addr); strbuf_init(&addr); }
            else if (*p == '>') in_angle = FALSE;
            else if (*p == ':' && !in_angle)
            {
                /* a group's name: the mailboxes follow */
                strbuf_free(&phrase);
                strbuf_init(&phrase);
            }
            else if (in_angle) { if (*p != ' ' && *p != '\t') strbuf_append(&addr, p, 1); }
            else strbuf_append(&phrase, p, 1);
        }
        if (*p) p++;
        strbuf_append(&phrase, "", 0);
        strbuf_append(&addr, "", 0);
        strbuf_append(&comment, "", 0);
        if (!angle)
        {
            /* a bare address: the phrase is it */
            const char *s = skip_spaces(phrase.data ? phrase.data : "");
            size_t len = strlen(s);
            while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
            strbuf_free(&addr);
            strbuf_init(&addr);
            strbuf_append(&addr, s, len);
            strbuf_append(&addr, "", 0);
            strbuf_free(&phrase);
            strbuf_init(&phrase);
            strbuf_append(&phrase, comment.data ? comment.data : "", comment.len);
            strbuf_append(&phrase, "", 0);
        }
        if (!phrase.failed && !addr.failed && addr.len && strchr(addr.data, '@'))
        {
            struct mailbox *grown = realloc(list, (count + 1) * sizeof(*list));
            if (grown)
            {
                const char *s = skip_spaces(phrase.data);
                struct strbuf name;
                size_t len = strlen(s);

                list = grown;
                while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
                /* the phrase without its quotes */
                strbuf_init(&name);
                {
                    size_t i;
                    for (i = 0; i < len; i++) if (s[i] != '"') strbuf_append(&name, &s[i], 1);
                    strbuf_append(&name, "", 0);
                }
                list[count].name = name.data && *name.data ? decode_header_text(name.data) : NULL;
                list[count].address = _strdup(addr.data);
                strbuf_free(&name);
                if (list[count].address) count++;
                else free(list[count].name);
            }
        }
        strbuf_free(&phrase);
        strbuf_free(&addr);
        strbuf_free(&comment);
    }
    *out = list;
    return count;
}

static void free_mailboxes(struct mailbox *list, ULONG count)
{
    while (count--)
    {
        free(list[count].name);
        free(list[count].address);
    }
    free(list);
}

/*** dates ***/

BOOL mime_parse_date(const char *text, FILETIME *time)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    static const struct { const char *name; int minutes; } zones[] =
    {
        { "UT", 0 }, { "GMT", 0 }, { "Z", 0 }, { "EST", -300 }, { "EDT", -240 }, { "CST", -360 },
        { "CDT", -300 }, { "MST", -420 }, { "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
    };
    SYSTEMTIME st;
    char month[4] = { 0 }, zone[8] = { 0 };
    unsigned int day, year, hour, minute, second = 0, i;
    const char *p = text, *m;
    int offset = 0, n = 0;
    ULARGE_INTEGER value;

    p = skip_spaces(p);
    if (isalpha((unsigned char)*p))
    {
        while (*p && *p != ',') p++;
        if (*p == ',') p++;
    }
    if (sscanf(p, "%u %3s %u %u:%u%n", &day, month, &year, &hour, &minute, &n) < 5) return FALSE;
    p += n;
    if (*p == ':') { if (sscanf(p + 1, "%u%n", &second, &n) < 1) return FALSE; p += n + 1; }
    sscanf(p, " %7s", zone);
    if (!(m = strstr(months, _strlwr(month))) || (m - months) % 3) return FALSE;
    if (year < 50) year += 2000;
    else if (year < 1000) year += 1900;
    if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) >= 5 && isdigit((unsigned char)zone[1]))
    {
        int hhmm = atoi(zone + 1);
        offset = (hhmm / 100) * 60 + hhmm % 100;
        if (zone[0] == '-') offset = -offset;
    }
    else
        for (i = 0; i < ARRAY_SIZE(zones); i++)
            if (!ascii_strcasecmp(zone, zones[i].name)) offset = zones[i].minutes;

    memset(&st, 0, sizeof(st));
    st.wYear = year;
    st.wMonth = (m - months) / 3 + 1;
    st.wDay = day;
    st.wHour = hour;
    st.wMinute = minute;
    st.wSecond = second > 59 ? 59 : second;  /* a leap second */
    if (!SystemTimeToFileTime(&st, time)) return FALSE;
    value.LowPart = time->dwLowDateTime;
    value.HighPart = time->dwHighDateTime;
    value.QuadPart -= (LONGLONG)offset * 60 * 10000000;
    time->dwLowDateTime = value.LowPart;
    time->dwHighDateTime = value.HighPart;
    return TRUE;
}

/*** the MIME tree ***/

static BOOL parse_part(struct part *part, const char *data, size_t len, int depth);

static void parse_content_fields(struct part *part)
{
    const char *type = get_header(part, "Content-Type");
    const char *disposition = get_header(part, "Content-Disposition");
    const char *encoding = get_header(part, "Content-Transfer-Encoding");
    const char *cid = get_header(part, "Content-ID");

    if (type)
    {
        size_t i = 0;
        const char *p = skip_spaces(type);
        while (*p && *p != ';' && *p != ' ' && *p != '\t' && i + 1 < sizeof(part->type))
            part->type[i++] = tolower((unsigned char)*p++);
        part->type[i] = 0;
        if (!strchr(part->type, '/')) part->type[0] = 0;
        part->charset = get_param(type, "charset");
        part->boundary = get_param(type, "boundary");
        part->name = get_param(type, "name");
    }
    if (!part->type[0]) strcpy(part->type, "text/plain");
    if (disposition)
    {
        part->attachment = !ascii_strncasecmp(skip_spaces(disposition), "attachment", 10);
        part->filename = get_param(disposition, "filename");
    }
    if (encoding)
    {
        const char *p = encoding;
        part->encoding = read_word(&p, ";");
        if (part->encoding) _strlwr(part->encoding);
    }
    if (cid)
    {
        const char *start = skip_spaces(cid), *end;
        if (*start == '<') start++;
        end = strchr(start, '>');
        part->content_id = end ? strndup_(start, end - start) : _strdup(start);
    }
}

/* Finds the line "--boundary" at or after pos; returns its start, *after the
 * position past its line, *last whether it was the closing one. */
static const char *find_delimiter(const char *data, size_t len, size_t pos, const char *boundary,
                                  size_t *after, BOOL *last)
{
    size_t blen = strlen(boundary);

    while (pos + 2 + blen <= len)
    {
        if ((pos == 0 || data[pos - 1] == '\n') && data[pos] == '-' && data[pos + 1] == '-' &&
            !memcmp(data + pos + 2, boundary, blen))
        {
            size_t end = pos + 2 + blen;
            *last = end + 1 < len && data[end] == '-' && data[end + 1] == '-';
            while (end < len && data[end] != '\n') end++;
            *after = end < len ? end + 1 : end;
            return data + pos;
        }
        {
            const char *nl = memchr(data + pos, '\n', len - pos);
            if (!nl) break;
            pos = nl - data + 1;
        }
    }
    return NULL;
}

static BOOL add_child(struct part *part, const char *data, size_t len, int depth)
{
    struct part *children = realloc(part->children, (part->child_count + 1) * sizeof(*children));

    if (!children) return FALSE;
    part->children = children;
    memset(&children[part->child_count], 0, sizeof(*children));
    if (!parse_part(&children[part->child_count], data, len, depth)) return FALSE;
    part->child_count++;
    return TRUE;
}

static BOOL parse_part(struct part *part, const char *data, size_t len, int depth)
{
    if (!parse_headers(part, data, len)) return FALSE;
    parse_content_fields(part);
    if (depth >= MAX_DEPTH) return TRUE;

    if (!strncmp(part->type, "multipart/", 10) && part->boundary && *part->boundary)
    {
        const char *body = part->body, *delim;
        size_t blen = part->body_len, after;
        BOOL last = FALSE;

        delim = find_delimiter(body, blen, 0, part->boundary, &after, &last);
        while (delim && !last)
        {
            const char *next;
            size_t start = after, next_after, end;
            BOOL next_last = FALSE;

            next = find_delimiter(body, blen, start, part->boundary, &next_after, &next_last);
            end = next ? (size_t)(next - body) : blen;
            /* the CRLF before a delimiter belongs to it (RFC 2046 5.1.1) */
            if (next && end >= start + 2 && body[end - 2] == '\r') end -= 2;
            else if (next && end > start && body[end - 1] == '\n') end -= 1;
            if (!add_child(part, body + start, end - start, depth + 1)) return FALSE;
            delim = next;
            after = next_after;
            last = next_last;
        }
    }
    return TRUE;
}

/* The decoded bytes of a part's body (malloc()ed). */
static char *decode_body(const struct part *part, size_t *len)
{
    char *out = malloc(part->body_len + 1);

    if (!out) return NULL;
    if (part->encoding && !strcmp(part->encoding, "base64"))
        *len = base64_decode(part->body, part->body_len, (BYTE *)out);
    else if (part->encoding && !strcmp(part->encoding, "quoted-printable"))
        *len = qp_decode(part->body, part->body_len, (BYTE *)out, FALSE);
    else
    {
        memcpy(out, part->body, part->body_len);
        *len = part->body_len;
    }
    out[*len] = 0;
    return out;
}

/*** into MAPI ***/

struct import_state
{
    const struct mime_import *import;
    IMessage *msg;
    BOOL have_plain, have_html;
    BOOL have_tnef;             /* a winmail.dat was decoded into the message */
    ULONG unnamed;
    int depth;
    HRESULT hr;
};

static HRESULT set_props(IMAPIProp *obj, ULONG count, SPropValue *props)
{
    SPropProblemArray *problems = NULL;
    HRESULT hr = IMAPIProp_SetProps(obj, count, props, &problems);

    if (SUCCEEDED(hr) && problems)
    {
        ULONG i;
        for (i = 0; i < problems->cProblem; i++)
            WARN("property %#lx not set: %#lx\n", problems->aProblem[i].ulPropTag, problems->aProblem[i].scode);
        MAPIFreeBuffer(problems);
    }
    return hr;
}

/* A value of any size: SetProps, or a stream for a big one when the object has them. */
static HRESULT set_big_prop(IMAPIProp *obj, ULONG tag, const void *data, size_t len)
{
    SPropValue prop;
    HRESULT hr;

    if (len > BIG_PROP)
    {
        IStream *stream;
        hr = IMAPIProp_OpenProperty(obj, tag, &IID_IStream, STGM_CREATE | STGM_READWRITE,
                                    MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&stream);
        if (SUCCEEDED(hr))
        {
            ULONG written;
            hr = IStream_Write(stream, data, len, &written);
            if (SUCCEEDED(hr) && written != len) hr = MAPI_E_DISK_ERROR;
            if (SUCCEEDED(hr)) hr = IStream_Commit(stream, STGC_DEFAULT);
            IStream_Release(stream);
            return hr;
        }
        if (hr != MAPI_E_NO_SUPPORT && hr != MAPI_E_INTERFACE_NOT_SUPPORTED) return hr;
    }
    prop.ulPropTag = tag;
    prop.dwAlignPad = 0;
    if (PROP_TYPE(tag) == PT_BINARY)
    {
        prop.Value.bin.cb = len;
        prop.Value.bin.lpb = (BYTE *)data;
    }
    else prop.Value.lpszW = (WCHAR *)data;
    return set_props(obj, 1, &prop);
}

static void set_string(SPropValue *prop, ULONG tag, WCHAR *value)
{
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.lpszW = value;
}

/* The search key of an SMTP address: "SMTP:ADDRESS", upper case, with its NUL. */
static BYTE *make_search_key(const char *address, ULONG *len)
{
    size_t n = strlen(address) + 6;
    char *key = malloc(n);
    if (!key) return NULL;
    snprintf(key, n, "SMTP:%s", address);
    _strupr(key);
    *len = n;
    return (BYTE *)key;
}

/* Display name, address, type, search key and (when the support object
 * makes one) entry ID of a mailbox: first tag of each given. */
static ULONG mailbox_props(const struct import_state *state, const struct mailbox *box, SPropValue *props,
                           ULONG name_tag, ULONG address_tag, ULONG type_tag, ULONG key_tag, ULONG eid_tag,
                           void **to_free)
{
    ULONG n = 0, cb;
    WCHAR *address = strdup_wide(box->address, strlen(box->address));

    to_free[0] = address;
    to_free[1] = NULL;
    to_free[2] = NULL;
    set_string(&props[n++], name_tag, box->name ? box->name : address);
    set_string(&props[n++], address_tag, address);
    set_string(&props[n++], type_tag, (WCHAR *)L"SMTP");
    if ((to_free[1] = make_search_key(box->address, &cb)))
    {
        props[n].ulPropTag = key_tag;
        props[n].Value.bin.cb = cb;
        props[n++].Value.bin.lpb = to_free[1];
    }
    if (state->import->support && eid_tag)
    {
        ENTRYID *eid = NULL;
        ULONG eid_len;
        if (SUCCEEDED(IMAPISupport_CreateOneOff(state->import->support,
                                                (WINE_LPTSTR)(box->name ? box->name : address),
                                                (WINE_LPTSTR)L"SMTP", (WINE_LPTSTR)address, MAPI_UNICODE,
                                                &eid_len, &eid)))
        {
            to_free[2] = eid;
            props[n].ulPropTag = eid_tag;
            props[n].Value.bin.cb = eid_len;
            props[n++].Value.bin.lpb = (BYTE *)eid;
        }
    }
    return n;
}

static void free_mailbox_props(void **to_free)
{
    free(to_free[0]);
    free(to_free[1]);
    if (to_free[2]) MAPIFreeBuffer(to_free[2]);
}

static HRESULT import_recipients(struct import_state *state, const struct part *top)
{
    static const struct { const char *field; ULONG type; } fields[] =
        { { "To", MAPI_TO }, { "Cc", MAPI_CC }, { "Bcc", MAPI_BCC } };
    ADRLIST *list;
    struct mailbox *boxes[ARRAY_SIZE(fields)] = { 0 };
    ULONG counts[ARRAY_SIZE(fields)] = { 0 }, total = 0, i, j, n = 0;
    void **to_free;
    HRESULT hr = S_OK;

    for (i = 0; i < ARRAY_SIZE(fields); i++)
    {
        ULONG h;
        for (h = 0; h < top->header_count; h++)
        {
            struct mailbox *more, *grown;
            ULONG count;

            if (ascii_strcasecmp(top->headers[h].name, fields[i].field)) continue;
            count = parse_address_list(top->headers[h].value, &more);
            if (!count) { free(more); continue; }
            if (!(grown = realloc(boxes[i], (counts[i] + count) * sizeof(*grown))))
            {
                free_mailboxes(more, count);
                continue;
            }
            boxes[i] = grown;
            memcpy(boxes[i] + counts[i], more, count * sizeof(*more));
            counts[i] += count;
            free(more);
        }
        total += counts[i];
    }
    if (!total) return S_OK;

    if (FAILED(MAPIAllocateBuffer(CbNewADRLIST(total), (void **)&list)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!(to_free = calloc(total * 3, sizeof(void *))))
    {
        MAPIFreeBuffer(list);
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else
    {
        list->cEntries = 0;
        for (i = 0; i < ARRAY_SIZE(fields) && SUCCEEDED(hr); i++)
            for (j = 0; j < counts[i]; j++, n++)
            {
                ADRENTRY *entry = &list->aEntries[list->cEntries];
                SPropValue *props;

                if (FAILED(MAPIAllocateBuffer(7 * sizeof(SPropValue), (void **)&props)))
                {
                    hr = MAPI_E_NOT_ENOUGH_MEMORY;
                    break;
                }
                entry->ulReserved1 = 0;
                entry->rgPropVals = props;
                entry->cValues = mailbox_props(state, &boxes[i][j], props, PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W,
                                               PR_ADDRTYPE_W, PR_SEARCH_KEY, PR_ENTRYID, to_free + 3 * n);
                props[entry->cValues].ulPropTag = PR_RECIPIENT_TYPE;
                props[entry->cValues++].Value.l = fields[i].type;
                set_string(&props[entry->cValues++], PR_SMTP_ADDRESS_W, props[1].Value.lpszW);
                list->cEntries++;
            }
        if (SUCCEEDED(hr)) hr = IMessage_ModifyRecipients(state->msg, MODRECIP_ADD, list);
        for (i = 0; i < n; i++) free_mailbox_props(to_free + 3 * i);
        free(to_free);
        FreePadrlist(list);
    }
    for (i = 0; i < ARRAY_SIZE(fields); i++) free_mailboxes(boxes[i], counts[i]);
    return hr;
}

static HRESULT import_sender(struct import_state *state, const struct part *top)
{
    const char *from = get_header(top, "From"), *sender = get_header(top, "Sender");
    struct mailbox *from_box = NULL, *sender_box = NULL;
    ULONG from_count = 0, sender_count = 0, n = 0;
    SPropValue props[10];
    void *to_free[6] = { 0 };
    HRESULT hr;

    if (from) from_count = parse_address_list(from, &from_box);
    if (sender) sender_count = parse_address_list(sender, &sender_box);
    if (!sender_count && from_count) { sender_box = from_box; sender_count = 0; }
    if (from_count)
        n += mailbox_props(state, &from_box[0], props + n, PR_SENT_REPRESENTING_NAME_W,
                           PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, PR_SENT_REPRESENTING_ADDRTYPE_W,
                           PR_SENT_REPRESENTING_SEARCH_KEY, PR_SENT_REPRESENTING_ENTRYID, to_free);
    if (sender_box)
        n += mailbox_props(state, &sender_box[0], props + n, PR_SENDER_NAME_W, PR_SENDER_EMAIL_ADDRESS_W,
                           PR_SENDER_ADDRTYPE_W, PR_SENDER_SEARCH_KEY, PR_SENDER_ENTRYID, to_free + 3);
    hr = n ? set_props((IMAPIProp *)state->msg, n, props) : S_OK;
    free_mailbox_props(to_free);
    free_mailbox_props(to_free + 3);
    if (sender_count) free_mailboxes(sender_box, sender_count);
    free_mailboxes(from_box, from_count);
    return hr;
}

static HRESULT import_message(struct import_state *state, const struct part *top);

static WCHAR *text_of_part(const struct part *part)
{
    size_t len;
    char *bytes = decode_body(part, &len);
    WCHAR *text;

    if (!bytes) return NULL;
    text = wide_from_codepage(codepage_from_charset(part->charset), bytes, len);
    free(bytes);
    return text;
}

static HRESULT import_attachment(struct import_state *state, const struct part *part)
{
    IAttach *attach;
    ULONG num, n = 0;
    SPropValue props[8];
    WCHAR *name = NULL, *mime, *cid = NULL, *ext = NULL;
    const char *name_utf8 = part->filename ? part->filename : part->name;
    HRESULT hr;

    hr = IMessage_CreateAttach(state->msg, NULL, 0, &num, &attach);
    if (FAILED(hr)) return hr;

    mime = strdup_wide(part->type, strlen(part->type));
    if (name_utf8 && *name_utf8)
    {
        WCHAR *decoded = decode_header_text(name_utf8);  /* RFC 2047 in names: widespread, if not standard */
        name = decoded;
    }
    if (part->content_id) cid = strdup_wide(part->content_id, strlen(part->content_id));

    if (!strcmp(part->type, "message/rfc822") && part->child_count == 0 && state->depth < MAX_DEPTH)
    {
        /* an embedded message */
        struct part inner;
        IMessage *inner_msg;
        size_t len;
        char *bytes = decode_body(part, &len);

        props[n].ulPropTag = PR_ATTACH_METHOD;
        props[n++].Value.l = ATTACH_EMBEDDED_MSG;
        props[n].ulPropTag = PR_RENDERING_POSITION;
        props[n++].Value.l = -1;
        memset(&inner, 0, sizeof(inner));
        if (!bytes) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else if (!parse_part(&inner, bytes, len, 0)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        if (SUCCEEDED(hr))
        {
            const char *subject = get_header(&inner, "Subject");
            WCHAR *display = subject ? decode_header_text(subject) : NULL;
            if (display) set_string(&props[n++], PR_DISPLAY_NAME_W, display);
            hr = set_props((IMAPIProp *)attach, n, props);
            free(display);
        }
        if (SUCCEEDED(hr))
            hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0,
                                      MAPI_CREATE | MAPI_MODIFY, (IUnknown **)&inner_msg);
        if (SUCCEEDED(hr))
        {
            struct import_state inner_state = *state;
            inner_state.msg = inner_msg;
            inner_state.have_plain = inner_state.have_html = inner_state.have_tnef = FALSE;
            inner_state.depth++;
            hr = import_message(&inner_state, &inner);
            if (SUCCEEDED(hr)) hr = IMessage_SaveChanges(inner_msg, 0);
            IMessage_Release(inner_msg);
        }
        free_part(&inner);
        free(bytes);
    }
    else
    {
        size_t len;
        char *bytes = decode_body(part, &len);

        if (!name && !state->import->keep_unnamed)
        {
            /* Outlook's way of naming what has no name */
            WCHAR buffer[32];
            const WCHAR *suffix = !strcmp(part->type, "text/plain") ? L".txt" :
                                  !strcmp(part->type, "text/html") ? L".htm" : L".dat";
            swprintf(buffer, ARRAY_SIZE(buffer), L"ATT%05lu%s", ++state->unnamed, suffix);
            name = _wcsdup(buffer);
        }
        if (name && wcsrchr(name, '.')) ext = _wcsdup(wcsrchr(name, '.'));
        props[n].ulPropTag = PR_ATTACH_METHOD;
        props[n++].Value.l = ATTACH_BY_VALUE;
        props[n].ulPropTag = PR_RENDERING_POSITION;
        props[n++].Value.l = -1;
        if (name)
        {
            set_string(&props[n++], PR_ATTACH_LONG_FILENAME_W, name);
            set_string(&props[n++], PR_ATTACH_FILENAME_W, name);
            set_string(&props[n++], PR_DISPLAY_NAME_W, name);
        }
        if (ext) set_string(&props[n++], PR_ATTACH_EXTENSION_W, ext);
        if (mime) set_string(&props[n++], PR_ATTACH_MIME_TAG_W, mime);
        if (cid) set_string(&props[n++], PR_ATTACH_CONTENT_ID_W, cid);
        hr = bytes ? set_props((IMAPIProp *)attach, n, props) : MAPI_E_NOT_ENOUGH_MEMORY;
        if (SUCCEEDED(hr)) hr = set_big_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, bytes, len);
        free(bytes);
    }
    if (SUCCEEDED(hr)) hr = IAttach_SaveChanges(attach, 0);
    IAttach_Release(attach);
    free(name);
    free(mime);
    free(cid);
    free(ext);
    return hr;
}

static HRESULT import_text_body(struct import_state *state, const struct part *part, BOOL html)
{
    HRESULT hr;

    if (html)
    {
        /* PR_HTML keeps the bytes as sent; PR_INTERNET_CPID names their code page */
        size_t len;
        char *bytes = decode_body(part, &len);
        SPropValue cpid;

        if (!bytes) return MAPI_E_NOT_ENOUGH_MEMORY;
        hr = set_big_prop((IMAPIProp *)state->msg, PR_HTML, bytes, len);
        free(bytes);
        cpid.ulPropTag = PR_INTERNET_CPID;
        cpid.Value.l = codepage_from_charset(part->charset);
        if (SUCCEEDED(hr)) hr = set_props((IMAPIProp *)state->msg, 1, &cpid);
        state->have_html = TRUE;
    }
    else
    {
        WCHAR *text = text_of_part(part);
        if (!text) return MAPI_E_NOT_ENOUGH_MEMORY;
        hr = set_big_prop((IMAPIProp *)state->msg, PR_BODY_W, text, (wcslen(text) + 1) * sizeof(WCHAR));
        free(text);
        state->have_plain = TRUE;
    }
    return hr;
}

/* winmail.dat: Outlook's rich message (RTF body, attachments, properties) in TNEF. */
static BOOL is_tnef_part(const struct part *part)
{
    const char *name = part->filename ? part->filename : part->name;

    return !strcmp(part->type, "application/ms-tnef") || !strcmp(part->type, "application/vnd.ms-tnef") ||
           (name && !ascii_strcasecmp(name, "winmail.dat"));
}

/* Decodes a winmail.dat part into the message: its properties, bodies and
 * attachments. The Internet headers stay the truth about who sent it to
 * whom, when it came and how: TNEF's sender, recipients and transport
 * properties are left out. */
static HRESULT import_tnef(struct import_state *state, const struct part *part)
{
    static const SizedSPropTagArray(24, internet_owned) =
    {
        24,
        {
            PR_MESSAGE_RECIPIENTS, PR_SENDER_NAME_W, PR_SENDER_ENTRYID, PR_SENDER_SEARCH_KEY,
            PR_SENDER_ADDRTYPE_W, PR_SENDER_EMAIL_ADDRESS_W, PR_SENT_REPRESENTING_NAME_W,
            PR_SENT_REPRESENTING_ENTRYID, PR_SENT_REPRESENTING_SEARCH_KEY, PR_SENT_REPRESENTING_ADDRTYPE_W,
            PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, PR_RECEIVED_BY_NAME_W, PR_RECEIVED_BY_ENTRYID,
            PR_RECEIVED_BY_ADDRTYPE_W, PR_RECEIVED_BY_EMAIL_ADDRESS_W, PR_MESSAGE_DELIVERY_TIME,
            PR_TRANSPORT_MESSAGE_HEADERS_W, PR_INTERNET_MESSAGE_ID_W, PR_DISPLAY_TO_W, PR_DISPLAY_CC_W,
            PR_DISPLAY_BCC_W, PR_MESSAGE_FLAGS, PR_ENTRYID, PR_SEARCH_KEY,
        }
    };
    STnefProblemArray *problems = NULL;
    IStream *stream;
    ITnef *tnef;
    size_t len;
    char *bytes = decode_body(part, &len);
    HRESULT hr;

    if (!bytes) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (len < 6 || (BYTE)bytes[0] != 0x78 || (BYTE)bytes[1] != 0x9f || (BYTE)bytes[2] != 0x3e || bytes[3] != 0x22)
    {
        WARN("a winmail.dat that is no TNEF stream\n");
        free(bytes);
        return MAPI_E_CORRUPT_DATA;
    }
    if (SUCCEEDED(hr = CreateStreamOnHGlobal(NULL, TRUE, &stream)))
    {
        LARGE_INTEGER zero = { { 0 } };

        if (SUCCEEDED(hr = IStream_Write(stream, bytes, len, NULL)) &&
            SUCCEEDED(hr = IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL)) &&
            SUCCEEDED(hr = OpenTnefStream(state->import->support, stream, (char *)"winmail.dat", TNEF_DECODE,
                                          state->msg, 0, &tnef)))
        {
            hr = ITnef_ExtractProps(tnef, TNEF_PROP_EXCLUDE, (SPropTagArray *)&internet_owned, &problems);
            if (problems)
            {
                ULONG i;
                for (i = 0; i < problems->cProblem; i++)
                    WARN("winmail.dat: attribute %#lx, property %#lx: %#lx\n", problems->aProblem[i].ulAttribute,
                         problems->aProblem[i].ulPropTag, problems->aProblem[i].scode);
                MAPIFreeBuffer(problems);
            }
            ITnef_Release(tnef);
        }
        IStream_Release(stream);
    }
    free(bytes);
    if (SUCCEEDED(hr)) state->have_tnef = TRUE;
    return hr;
}

static BOOL is_body_candidate(const struct part *part)
{
    return !part->attachment && !part->filename && !part->name &&
           (!strcmp(part->type, "text/plain") || !strcmp(part->type, "text/html"));
}

static HRESULT walk(struct import_state *state, const struct part *part)
{
    ULONG i;
    HRESULT hr = S_OK;

    if (!strcmp(part->type, "multipart/alternative") && part->child_count)
    {
        const struct part *plain = NULL, *html = NULL;

        for (i = 0; i < part->child_count; i++)
        {
            const struct part *child = &part->children[i];
            if (!strcmp(child->type, "text/plain") && is_body_candidate(child)) plain = child;
            else if (!strcmp(child->type, "text/html") && is_body_candidate(child)) html = child;
            else if (!strcmp(child->type, "multipart/related") && child->child_count &&
                     !strcmp(child->children[0].type, "text/html")) html = child;
        }
        if (plain && !state->have_plain) hr = import_text_body(state, plain, FALSE);
        if (SUCCEEDED(hr) && html && !state->have_html)
        {
            if (html->child_count) hr = walk(state, html);
            else hr = import_text_body(state, html, TRUE);
        }
        for (i = 0; i < part->child_count && SUCCEEDED(hr); i++)
        {
            const struct part *child = &part->children[i];
            if (child == plain || child == html) continue;
            if (!strcmp(child->type, "text/plain") || !strcmp(child->type, "text/html")) continue;
            hr = walk(state, child);
        }
        return hr;
    }
    /* A multipart without parts (say, an encoded one, as Outlook keeps signed mail) is an attachment. */
    if (!strncmp(part->type, "multipart/", 10) && part->child_count)
    {
        for (i = 0; i < part->child_count && SUCCEEDED(hr); i++) hr = walk(state, &part->children[i]);
        return hr;
    }
    if (is_body_candidate(part))
    {
        BOOL html = !strcmp(part->type, "text/html");
        if (html ? !state->have_html : !state->have_plain) return import_text_body(state, part, html);
    }
    /* One winmail.dat is the message itself; what cannot be decoded stays an attachment. */
    if (is_tnef_part(part) && !state->have_tnef && SUCCEEDED(import_tnef(state, part))) return S_OK;
    return import_attachment(state, part);
}

static HRESULT import_message(struct import_state *state, const struct part *top)
{
    SPropValue props[8];
    ULONG n = 0;
    const char *subject = get_header(top, "Subject"), *date = get_header(top, "Date");
    const char *message_id = get_header(top, "Message-ID"), *importance = get_header(top, "Importance");
    WCHAR *subject_w = NULL, *headers_w = NULL, *id_w = NULL;
    FILETIME submit;
    HRESULT hr;

    set_string(&props[n++], PR_MESSAGE_CLASS_W, (WCHAR *)L"IPM.Note");
    if (subject && (subject_w = decode_header_text(subject))) set_string(&props[n++], PR_SUBJECT_W, subject_w);
    if (date && mime_parse_date(date, &submit))
    {
        props[n].ulPropTag = PR_CLIENT_SUBMIT_TIME;
        props[n++].Value.ft = submit;
    }
    if (!state->depth && state->import->delivery_time)
    {
        props[n].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
        props[n++].Value.ft = *state->import->delivery_time;
    }
    if (message_id && (id_w = strdup_wide(message_id, strlen(message_id))))
        set_string(&props[n++], PR_INTERNET_MESSAGE_ID_W, id_w);
    if (importance)
    {
        props[n].ulPropTag = PR_IMPORTANCE;
        props[n].Value.l = !ascii_strcasecmp(importance, "high") ? IMPORTANCE_HIGH :
                           !ascii_strcasecmp(importance, "low") ? IMPORTANCE_LOW : IMPORTANCE_NORMAL;
        n++;
    }
    if (!state->depth)
    {
        /* the header block as it came, each line ending with CRLF */
        const char *raw = top->raw_headers;
        size_t len = top->raw_headers_len;
        if (len >= 2 && raw[len - 2] == '\r' && raw[len - 1] == '\n' &&
            (len == 2 || (raw[len - 4] == '\r' && raw[len - 3] == '\n'))) len -= 2;
        headers_w = is_valid_utf8(raw, len) ? strdup_wide(raw, len) : wide_from_codepage(1252, raw, len);
        if (headers_w) set_string(&props[n++], PR_TRANSPORT_MESSAGE_HEADERS_W, headers_w);
    }
    hr = set_props((IMAPIProp *)state->msg, n, props);
    free(subject_w);
    free(headers_w);
    free(id_w);
    if (SUCCEEDED(hr)) hr = import_sender(state, top);
    if (SUCCEEDED(hr)) hr = import_recipients(state, top);
    if (SUCCEEDED(hr)) hr = walk(state, top);
    return hr;
}

/* CRLF line ends for the whole text. */
static char *normalize(const char *data, size_t len, size_t *out_len)
{
    struct strbuf out;
    size_t i, start = 0;

    strbuf_init(&out);
    for (i = 0; i < len; i++)
    {
        if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
        {
            strbuf_append(&out, data + start, i - start);
            strbuf_append(&out, "\r\n", 2);
            start = i + 1;
        }
    }
    strbuf_append(&out, data + start, len - start);
    strbuf_append(&out, "", 0);
    *out_len = out.len;
    return strbuf_detach(&out);
}

HRESULT mime_import(IMessage *msg, const char *data, size_t len, const struct mime_import *import)
{
    struct import_state state;
    struct part top;
    size_t norm_len;
    char *norm = normalize(data, len, &norm_len);
    HRESULT hr;

    if (!norm) return MAPI_E_NOT_ENOUGH_MEMORY;
    memset(&top, 0, sizeof(top));
    memset(&state, 0, sizeof(state));
    state.import = import;
    state.msg = msg;
    if (!parse_part(&top, norm, norm_len, 0)) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else hr = import_message(&state, &top);
    free_part(&top);
    free(norm);
    return hr;
}
