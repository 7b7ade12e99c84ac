/*
 * Text helpers of the MIME code: growing buffers, character sets,
 * base64 (RFC 2045 6.8) and quoted-printable (RFC 2045 6.7, RFC 2047 4.2).
 */

#include <stdio.h>
#include "mimeconv.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mime);

void strbuf_init(struct strbuf *buf)
{
    buf->data = NULL;
    buf->len = buf->size = 0;
    buf->failed = FALSE;
}

void strbuf_free(struct strbuf *buf)
{
    free(buf->data);
    strbuf_init(buf);
}

static BOOL strbuf_reserve(struct strbuf *buf, size_t extra)
{
    size_t size;
    char *data;

    if (buf->failed) return FALSE;
    if (buf->len + extra + 1 <= buf->size) return TRUE;
    size = buf->size ? buf->size : 256;
    while (size < buf->len + extra + 1)
    {
        if (size > ((size_t)-1) / 2) { buf->failed = TRUE; return FALSE; }
        size *= 2;
    }
    if (!(data = realloc(buf->data, size)))
    {
        buf->failed = TRUE;
        return FALSE;
    }
    buf->data = data;
    buf->size = size;
    return TRUE;
}

BOOL strbuf_append(struct strbuf *buf, const void *data, size_t len)
{
    if (!strbuf_reserve(buf, len)) return FALSE;
    memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = 0;
    return TRUE;
}

BOOL strbuf_puts(struct strbuf *buf, const char *str)
{
    return strbuf_append(buf, str, strlen(str));
}

BOOL strbuf_printf(struct strbuf *buf, const char *format, ...)
{
    va_list args;
    int len;

    va_start(args, format);
    len = _vscprintf(format, args);
    va_end(args);
    if (len < 0 || !strbuf_reserve(buf, len)) return FALSE;
    va_start(args, format);
    vsnprintf(buf->data + buf->len, len + 1, format, args);
    va_end(args);
    buf->len += len;
    return TRUE;
}

char *strbuf_detach(struct strbuf *buf)
{
    char *data;

    if (buf->failed || !strbuf_reserve(buf, 0))
    {
        strbuf_free(buf);
        return NULL;
    }
    data = buf->data;
    strbuf_init(buf);
    return data;
}

char *strdup_utf8(const WCHAR *str)
{
    int len;
    char *ret;

    if (!str) return NULL;
    len = WideCharToMultiByte(CP_UTF8, 0, str, -1, NULL, 0, NULL, NULL);
    if (!(ret = malloc(len))) return NULL;
    WideCharToMultiByte(CP_UTF8, 0, str, -1, ret, len, NULL, NULL);
    return ret;
}

WCHAR *wide_from_codepage(UINT codepage, const char *data, size_t len)
{
    int count;
    WCHAR *ret;

    if (len > 0x7fffffff) return NULL;
    count = len ? MultiByteToWideChar(codepage, 0, data, len, NULL, 0) : 0;
    if (len && !count)
    {
        /* A code page Windows does not know: Latin-1 keeps every byte. */
        codepage = 28591;
        count = MultiByteToWideChar(codepage, 0, data, len, NULL, 0);
    }
    if (!(ret = malloc((count + 1) * sizeof(WCHAR)))) return NULL;
    if (count) MultiByteToWideChar(codepage, 0, data, len, ret, count);
    ret[count] = 0;
    return ret;
}

WCHAR *strdup_wide(const char *utf8, size_t len)
{
    return wide_from_codepage(CP_UTF8, utf8, len);
}

int ascii_strncasecmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++)
    {
        int ca = (*a >= 'A' && *a <= 'Z') ? *a + 32 : (unsigned char)*a;
        int cb = (*b >= 'A' && *b <= 'Z') ? *b + 32 : (unsigned char)*b;
        if (ca != cb) return ca - cb;
        if (!ca) break;
    }
    return 0;
}

int ascii_strcasecmp(const char *a, const char *b)
{
    return ascii_strncasecmp(a, b, (size_t)-1);
}

/* Charset names of RFC 2045 and IANA as Windows code pages. Labels mail
 * mislabels most (US-ASCII, ISO-8859-1) read as windows-1252, as browsers do. */
UINT codepage_from_charset(const char *charset)
{
    static const struct { const char *name; UINT codepage; } charsets[] =
    {
        { "utf-8", CP_UTF8 }, { "utf8", CP_UTF8 }, { "us-ascii", 1252 }, { "ascii", 1252 },
        { "iso-8859-1", 1252 }, { "latin1", 1252 }, { "iso-8859-2", 28592 }, { "iso-8859-3", 28593 },
        { "iso-8859-4", 28594 }, { "iso-8859-5", 28595 }, { "iso-8859-6", 28596 },
        { "iso-8859-7", 28597 }, { "iso-8859-8", 28598 }, { "iso-8859-9", 28599 },
        { "iso-8859-13", 28603 }, { "iso-8859-15", 28605 }, { "windows-1250", 1250 },
        { "windows-1251", 1251 }, { "windows-1252", 1252 }, { "windows-1253", 1253 },
        { "windows-1254", 1254 }, { "windows-1255", 1255 }, { "windows-1256", 1256 },
        { "windows-1257", 1257 }, { "windows-1258", 1258 }, { "koi8-r", 20866 }, { "koi8-u", 21866 },
        { "shift_jis", 932 }, { "shift-jis", 932 }, { "iso-2022-jp", 50220 }, { "euc-jp", 20932 },
        { "gb2312", 936 }, { "gbk", 936 }, { "gb18030", 54936 }, { "big5", 950 }, { "euc-kr", 949 },
        { "ks_c_5601-1987", 949 }, { "utf-7", CP_UTF7 }, { "tis-620", 874 }, { "windows-874", 874 },
    };
    unsigned int i;

    if (!charset || !*charset) return 1252;
    for (i = 0; i < ARRAY_SIZE(charsets); i++)
        if (!ascii_strcasecmp(charset, charsets[i].name)) return charsets[i].codepage;
    if (!ascii_strncasecmp(charset, "cp", 2) || !ascii_strncasecmp(charset, "windows-", 8))
    {
        UINT cp = atoi(charset + (charset[0] == 'w' || charset[0] == 'W' ? 8 : 2));
        if (cp && IsValidCodePage(cp)) return cp;
    }
    WARN("unknown charset %s, read as windows-1252\n", debugstr_a(charset));
    return 1252;
}

BOOL is_ascii(const char *data, size_t len)
{
    while (len--) if ((unsigned char)*data++ >= 0x80) return FALSE;
    return TRUE;
}

BOOL is_valid_utf8(const char *data, size_t len)
{
    return !len || MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, data, len, NULL, 0) > 0;
}

static const char base64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* With line_breaks, lines of 76 characters end with CRLF, the last one too. */
BOOL base64_encode(struct strbuf *out, const BYTE *data, size_t len, BOOL line_breaks)
{
    char line[80];
    size_t i = 0, pos = 0;

    while (i < len)
    {
        DWORD v = data[i] << 16;
        size_t n = len - i >= 3 ? 3 : len - i;

        if (n > 1) v |= data[i + 1] << 8;
        if (n > 2) v |= data[i + 2];
        line[pos++] = base64_chars[(v >> 18) & 63];
        line[pos++] = base64_chars[(v >> 12) & 63];
        line[pos++] = n > 1 ? base64_chars[(v >> 6) & 63] : '=';
        line[pos++] = n > 2 ? base64_chars[v & 63] : '=';
        i += n;
        if (pos == 76 || i == len)
        {
            if (line_breaks) { line[pos++] = '\r'; line[pos++] = '\n'; }
            if (!strbuf_append(out, line, pos)) return FALSE;
            pos = 0;
        }
    }
    return !out->failed;
}

/* Skips what is not of the alphabet (line breaks, junk); stops at padding. */
size_t base64_decode(const char *in, size_t len, BYTE *out)
{
    size_t i, count = 0, bits = 0;
    DWORD v = 0;

    for (i = 0; i < len; i++)
    {
        char c = in[i];
        int d;

        if (c >= 'A' && c <= 'Z') d = c - 'A';
        else if (c >= 'a' && c <= 'z') d = c - 'a' + 26;
        else if (c >= '0' && c <= '9') d = c - '0' + 52;
        else if (c == '+') d = 62;
        else if (c == '/') d = 63;
        else if (c == '=') break;
        else continue;
        v = (v << 6) | d;
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out[count++] = (v >> bits) & 0xff;
        }
    }
    return count;
}

/* Lines of at most 76 characters; CRLF in the text are its line breaks. */
BOOL qp_encode(struct strbuf *out, const char *data, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i, line = 0;

    for (i = 0; i < len; i++)
    {
        unsigned char c = data[i];
        char enc[3];
        size_t n;

        if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
        {
            strbuf_append(out, "\r\n", 2);
            line = 0;
            i++;
            continue;
        }
        if ((c >= 33 && c <= 126 && c != '=') ||
            ((c == ' ' || c == '\t') && i + 1 < len && data[i + 1] != '\r'))
        {
            enc[0] = c;
            n = 1;
        }
        else
        {
            enc[0] = '=';
            enc[1] = hex[c >> 4];
            enc[2] = hex[c & 15];
            n = 3;
        }
        if (line + n > 75)
        {
            strbuf_append(out, "=\r\n", 3);
            line = 0;
        }
        strbuf_append(out, enc, n);
        line += n;
    }
    return !out->failed;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* header: RFC 2047's Q encoding, where '_' is a space. */
size_t qp_decode(const char *in, size_t len, BYTE *out, BOOL header)
{
    size_t i, count = 0;

    for (i = 0; i < len; i++)
    {
        if (in[i] == '=' && i + 2 < len && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0)
        {
            out[count++] = hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]);
            i += 2;
        }
        else if (in[i] == '=' && !header)
        {
            /* a soft line break: '=', maybe trailing blanks, then CRLF */
            size_t j = i + 1;
            while (j < len && (in[j] == ' ' || in[j] == '\t')) j++;
            if (j < len && in[j] == '\r') j++;
            if (j < len && in[j] == '\n') { i = j; continue; }
            if (j >= len) { i = j; continue; }
            out[count++] = '=';
        }
        else if (in[i] == '_' && header) out[count++] = ' ';
        else out[count++] = in[i];
    }
    return count;
}
