/*
 * libmimeconv: MAPI messages as Internet mail and back, shared by the SMTP
 * transport (dlls/smtpxp) and tools/msgtool. A static library, built once
 * and linked into both: it uses only mapi32's exports and the objects it is
 * handed, as SDK sample code would.
 *
 * mime_write.c   a MAPI message as Internet mail (RFC 5322, MIME)
 * mime_read.c    Internet mail as a MAPI message, winmail.dat parts decoded
 * text.c         growing buffers, character sets, base64, quoted-printable
 */

#ifndef __MIMECONV_H
#define __MIMECONV_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "winnls.h"
#include "objbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "mapispi.h"
#include "mapitags_sdk.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* text.c: a growing byte buffer; a failed allocation sticks until strbuf_free */
struct strbuf
{
    char *data;
    size_t len;
    size_t size;
    BOOL failed;
};

extern void strbuf_init(struct strbuf *buf);
extern void strbuf_free(struct strbuf *buf);
extern BOOL strbuf_append(struct strbuf *buf, const void *data, size_t len);
extern BOOL strbuf_puts(struct strbuf *buf, const char *str);
extern BOOL strbuf_printf(struct strbuf *buf, const char *format, ...);
extern char *strbuf_detach(struct strbuf *buf); /* NUL-terminated, malloc()ed; NULL if it failed */

extern char *strdup_utf8(const WCHAR *str);
extern WCHAR *strdup_wide(const char *utf8, size_t len);
extern WCHAR *wide_from_codepage(UINT codepage, const char *data, size_t len);
extern UINT codepage_from_charset(const char *charset);
extern BOOL is_ascii(const char *data, size_t len);
extern BOOL is_valid_utf8(const char *data, size_t len);
extern BOOL base64_encode(struct strbuf *out, const BYTE *data, size_t len, BOOL line_breaks);
extern size_t base64_decode(const char *in, size_t len, BYTE *out);
extern BOOL qp_encode(struct strbuf *out, const char *data, size_t len);
extern size_t qp_decode(const char *in, size_t len, BYTE *out, BOOL header);
extern int ascii_strncasecmp(const char *a, const char *b, size_t n);
extern int ascii_strcasecmp(const char *a, const char *b);

/* mime_write.c */
struct mime_recipient
{
    ULONG type;             /* MAPI_TO, MAPI_CC, MAPI_BCC */
    WCHAR *name;            /* display name or NULL */
    char *address;          /* SMTP address in UTF-8, NULL if the recipient has none */
    BOOL responsible;       /* PR_RESPONSIBILITY: a transport has it already */
    SRow *row;              /* the recipient's row of the recipient table */
};

struct mime_recipients
{
    SRowSet *rows;
    struct mime_recipient *recips;
    ULONG count;
};

struct mime_options
{
    BOOL eight_bit;         /* 8bit bodies may be sent (the server has 8BITMIME) */
    const char *sender;     /* our sender address, UTF-8; may be NULL */
    const char *tag;        /* who writes: in the boundaries and made-up Message-IDs */
    BOOL stored;            /* a stored message, not one being sent: Date from its own times
                             * and no Message-ID made up when it has none */
};

extern HRESULT mime_read_recipients(IMessage *msg, struct mime_recipients *recips);
extern void mime_free_recipients(struct mime_recipients *recips);
/* Renders msg; *has_8bit tells whether the result has 8-bit bytes (BODY=8BITMIME). */
extern HRESULT mime_render(IMessage *msg, const struct mime_recipients *recips,
                           const struct mime_options *options, struct strbuf *out, BOOL *has_8bit);
extern void mime_format_date(const FILETIME *time, char *buffer, size_t size);

/* mime_read.c */
struct mime_import
{
    IMAPISupport *support;  /* for one-off entry identifiers; may be NULL */
    const FILETIME *delivery_time;
    BOOL keep_unnamed;      /* a part without a file name stays so: no ATT00001.dat made up */
};

extern HRESULT mime_import(IMessage *msg, const char *data, size_t len, const struct mime_import *import);
extern BOOL mime_parse_date(const char *text, FILETIME *time);

#endif /* __MIMECONV_H */
