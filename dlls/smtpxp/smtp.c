/*
 * The SMTP client (RFC 5321) of the transport, over Winsock.
 *
 * One connection is kept open between messages; EHLO (HELO when the server
 * does not know it) tells what the server offers: PIPELINING (RFC 2920),
 * SIZE (RFC 1870), 8BITMIME (RFC 6152) and SMTPUTF8 (RFC 6531) are used
 * when offered.
 */

#include <stdio.h>
#include "smtpxp_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(smtpxp);

#define CONNECT_TIMEOUT_MS  15000
#define REPLY_TIMEOUT_MS    120000  /* RFC 5321 4.5.3.2 asks for minutes; two will do */

void smtp_init(struct smtp_conn *conn)
{
    conn->sock = INVALID_SOCKET;
    conn->caps = 0;
    conn->size_limit = 0;
    conn->rstart = conn->rend = 0;
    conn->last_used = 0;
}

BOOL smtp_is_open(struct smtp_conn *conn)
{
    fd_set readable;
    struct timeval zero = { 0, 0 };

    if (conn->sock == INVALID_SOCKET) return FALSE;
    /* Between transactions the server says nothing unless it is closing (421, or EOF). */
    FD_ZERO(&readable);
    FD_SET(conn->sock, &readable);
    if (select(0, &readable, NULL, NULL, &zero) != 0)
    {
        TRACE("the server closed the connection\n");
        smtp_close(conn, FALSE);
        return FALSE;
    }
    return TRUE;
}

static BOOL send_all(struct smtp_conn *conn, const char *data, size_t len)
{
    while (len)
    {
        int n = send(conn->sock, data, len > 0x100000 ? 0x100000 : (int)len, 0);
        if (n <= 0)
        {
            WARN("send failed: %d\n", WSAGetLastError());
            return FALSE;
        }
        data += n;
        len -= n;
    }
    return TRUE;
}

/* One reply line, without its CRLF; FALSE when the connection failed or closed. */
static BOOL read_line(struct smtp_conn *conn, char *line, size_t size)
{
    size_t len = 0;

    for (;;)
    {
        while (conn->rstart < conn->rend)
        {
            char c = conn->rbuf[conn->rstart++];
            if (c == '\n')
            {
                if (len && line[len - 1] == '\r') len--;
                line[len] = 0;
                return TRUE;
            }
            if (len + 1 < size) line[len++] = c;
        }
        {
            int n = recv(conn->sock, conn->rbuf, sizeof(conn->rbuf), 0);
            if (n <= 0)
            {
                WARN("recv failed or connection closed: %d %d\n", n, WSAGetLastError());
                return FALSE;
            }
            conn->rstart = 0;
            conn->rend = n;
        }
    }
}

/* A whole reply: its code, and its text (the lines joined by spaces, codes left out).
 * Returns 0 when the connection failed. With ehlo, the keywords set conn->caps. */
static int read_reply(struct smtp_conn *conn, char *text, size_t text_size, BOOL ehlo)
{
    char line[1024];
    size_t text_len = 0;
    int code = 0;

    if (text && text_size) text[0] = 0;
    for (;;)
    {
        BOOL last;

        if (!read_line(conn, line, sizeof(line))) return 0;
        TRACE("<- %s\n", debugstr_a(line));
        if (strlen(line) < 3 || line[0] < '1' || line[0] > '5') return 0;
        code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        last = line[3] != '-';
        if (text && text_len + 2 < text_size)
        {
            const char *part = line[3] ? line + 4 : "";
            if (text_len) text[text_len++] = ' ';
            lstrcpynA(text + text_len, part, text_size - text_len);
            text_len += strlen(text + text_len);
        }
        if (ehlo && code == 250 && line[3])
        {
            const char *keyword = line + 4;
            if (!ascii_strncasecmp(keyword, "PIPELINING", 10)) conn->caps |= SMTP_CAP_PIPELINING;
            else if (!ascii_strncasecmp(keyword, "8BITMIME", 8)) conn->caps |= SMTP_CAP_8BITMIME;
            else if (!ascii_strncasecmp(keyword, "SMTPUTF8", 8)) conn->caps |= SMTP_CAP_SMTPUTF8;
            else if (!ascii_strncasecmp(keyword, "SIZE", 4) && (!keyword[4] || keyword[4] == ' '))
            {
                conn->caps |= SMTP_CAP_SIZE;
                conn->size_limit = _strtoui64(keyword + 4, NULL, 10);
            }
        }
        if (last) return code;
    }
}

static int command(struct smtp_conn *conn, const char *cmd, char *text, size_t text_size, BOOL ehlo)
{
    TRACE("-> %s", debugstr_a(cmd));
    if (!send_all(conn, cmd, strlen(cmd))) return 0;
    return read_reply(conn, text, text_size, ehlo);
}

void smtp_close(struct smtp_conn *conn, BOOL polite)
{
    if (conn->sock == INVALID_SOCKET) return;
    /* QUIT without waiting for its reply: nobody waits on the network here. */
    if (polite) send(conn->sock, "QUIT\r\n", 6, 0);
    shutdown(conn->sock, SD_SEND);
    closesocket(conn->sock);
    smtp_init(conn);
}

static SOCKET connect_address(const struct addrinfo *ai)
{
    SOCKET sock;
    u_long nonblocking = 1;
    fd_set writable, failed;
    struct timeval timeout = { CONNECT_TIMEOUT_MS / 1000, 0 };
    DWORD reply_timeout = REPLY_TIMEOUT_MS;
    int error = 0, error_len = sizeof(error), one = 1;

    sock = socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (sock == INVALID_SOCKET) return sock;
    ioctlsocket(sock, FIONBIO, &nonblocking);
    if (connect(sock, ai->ai_addr, ai->ai_addrlen) && WSAGetLastError() != WSAEWOULDBLOCK)
        goto failed;
    FD_ZERO(&writable);
    FD_SET(sock, &writable);
    FD_ZERO(&failed);
    FD_SET(sock, &failed);
    if (select(0, NULL, &writable, &failed, &timeout) <= 0 || FD_ISSET(sock, &failed)) goto failed;
    if (getsockopt(sock, SOL_SOCKET, SO_ERROR, (char *)&error, &error_len) || error) goto failed;
    nonblocking = 0;
    ioctlsocket(sock, FIONBIO, &nonblocking);
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, (char *)&reply_timeout, sizeof(reply_timeout));
    setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, (char *)&reply_timeout, sizeof(reply_timeout));
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, (char *)&one, sizeof(one));
    return sock;

failed:
    closesocket(sock);
    return INVALID_SOCKET;
}

/* The name we greet with: an address literal of our end (RFC 5321 4.1.4). */
static void greeting_name(SOCKET sock, char *name, size_t size)
{
    struct sockaddr_storage addr;
    int len = sizeof(addr);
    char host[64];

    if (!getsockname(sock, (struct sockaddr *)&addr, &len) &&
        !getnameinfo((struct sockaddr *)&addr, len, host, sizeof(host), NULL, 0, NI_NUMERICHOST))
        snprintf(name, size, addr.ss_family == AF_INET6 ? "[IPv6:%s]" : "[%s]", host);
    else
        lstrcpynA(name, "[127.0.0.1]", size);
}

/* S_OK; MAPI_E_NETWORK_ERROR when no connection could be had or the greeting
 * was not 2xx (error says why). */
HRESULT smtp_connect(struct smtp_conn *conn, const char *host, USHORT port, char *error, size_t error_size)
{
    struct addrinfo hints, *result, *ai;
    char port_text[8], text[512], cmd[300], name[80];
    int code;

    smtp_close(conn, FALSE);
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(port_text, sizeof(port_text), "%u", port);
    if (getaddrinfo(host, port_text, &hints, &result))
    {
        snprintf(error, error_size, "cannot resolve %s", host);
        return MAPI_E_NETWORK_ERROR;
    }
    for (ai = result; ai && conn->sock == INVALID_SOCKET; ai = ai->ai_next)
        conn->sock = connect_address(ai);
    freeaddrinfo(result);
    if (conn->sock == INVALID_SOCKET)
    {
        snprintf(error, error_size, "cannot connect to %s port %u", host, port);
        return MAPI_E_NETWORK_ERROR;
    }

    code = read_reply(conn, text, sizeof(text), FALSE);
    if (code / 100 != 2)
    {
        snprintf(error, error_size, "server greeting %d %s", code, text);
        smtp_close(conn, code != 0);
        return MAPI_E_NETWORK_ERROR;
    }
    greeting_name(conn->sock, name, sizeof(name));
    snprintf(cmd, sizeof(cmd), "EHLO %s\r\n", name);
    code = command(conn, cmd, text, sizeof(text), TRUE);
    if (code / 100 == 5)
    {
        snprintf(cmd, sizeof(cmd), "HELO %s\r\n", name);
        conn->caps = 0;
        code = command(conn, cmd, text, sizeof(text), FALSE);
    }
    if (code / 100 != 2)
    {
        snprintf(error, error_size, "server refused our greeting: %d %s", code, text);
        smtp_close(conn, code != 0);
        return MAPI_E_NETWORK_ERROR;
    }
    TRACE("connected to %s:%u, capabilities %#lx, size limit %I64u\n", host, port, conn->caps, conn->size_limit);
    conn->last_used = GetTickCount();
    return S_OK;
}

/* Appends the message with its lines dot-stuffed (RFC 5321 4.5.2) and the end mark. */
static BOOL stuff_data(struct strbuf *out, const char *data, size_t len)
{
    size_t start = 0, i;

    for (i = 0; i < len; i++)
    {
        if (data[i] == '.' && (i == 0 || data[i - 1] == '\n'))
        {
            strbuf_append(out, data + start, i - start);
            strbuf_append(out, ".", 1);
            start = i;
        }
    }
    strbuf_append(out, data + start, len - start);
    if (len < 2 || data[len - 2] != '\r' || data[len - 1] != '\n') strbuf_append(out, "\r\n", 2);
    return strbuf_append(out, ".\r\n", 3);
}

static void set_result(struct smtp_rcpt_result *result, int code, const char *text)
{
    result->code = code;
    free(result->text);
    result->text = _strdup(text);
}

enum smtp_outcome smtp_send(struct smtp_conn *conn, const char *from, ULONG rcpt_count,
                            const char * const *rcpts, BOOL eight_bit, BOOL utf8,
                            const char *data, size_t len, struct smtp_rcpt_result *results,
                            int *whole_code, char *whole_text, size_t whole_text_size,
                            LONG volatile *cancel)
{
    struct strbuf cmds, body;
    char text[1024];
    ULONG i, accepted = 0;
    int code;
    BOOL pipelining = conn->caps & SMTP_CAP_PIPELINING;
    enum smtp_outcome outcome;

    *whole_code = 0;
    whole_text[0] = 0;
    strbuf_init(&cmds);
    strbuf_init(&body);

    strbuf_printf(&cmds, "MAIL FROM:<%s>", from);
    if (conn->caps & SMTP_CAP_SIZE) strbuf_printf(&cmds, " SIZE=%Iu", len);
    if (eight_bit && (conn->caps & SMTP_CAP_8BITMIME)) strbuf_puts(&cmds, " BODY=8BITMIME");
    if (utf8 && (conn->caps & SMTP_CAP_SMTPUTF8)) strbuf_puts(&cmds, " SMTPUTF8");
    strbuf_puts(&cmds, "\r\n");
    if (pipelining)
    {
        for (i = 0; i < rcpt_count; i++) strbuf_printf(&cmds, "RCPT TO:<%s>\r\n", rcpts[i]);
        strbuf_puts(&cmds, "DATA\r\n");
    }
    if (cmds.failed) { outcome = SMTP_NETWORK; goto done; }

    TRACE("-> %s", debugstr_a(cmds.data));
    if (!send_all(conn, cmds.data, cmds.len)) goto broken;
    if (!(code = read_reply(conn, whole_text, whole_text_size, FALSE))) goto broken;
    *whole_code = code;
    if (code == 421)
    {
        /* closing (a limit of messages per connection, a restart): nothing was taken */
        smtp_close(conn, FALSE);
        outcome = SMTP_CLOSING;
        goto done;
    }
    if (code / 100 != 2)
    {
        /* The recipients' and DATA's replies of a pipelined group still come. */
        if (pipelining)
            for (i = 0; i <= rcpt_count; i++) if (!read_reply(conn, NULL, 0, FALSE)) goto broken;
        outcome = code / 100 == 4 ? SMTP_TRANSIENT : SMTP_PERMANENT;
        goto reset;
    }

    for (i = 0; i < rcpt_count; i++)
    {
        if (!pipelining)
        {
            strbuf_free(&cmds);
            strbuf_printf(&cmds, "RCPT TO:<%s>\r\n", rcpts[i]);
            if (!(code = command(conn, cmds.data, text, sizeof(text), FALSE))) goto broken;
        }
        else if (!(code = read_reply(conn, text, sizeof(text), FALSE))) goto broken;
        set_result(&results[i], code, text);
        if (code / 100 == 2) accepted++;
    }

    if (pipelining) code = read_reply(conn, text, sizeof(text), FALSE);
    else if (accepted) code = command(conn, "DATA\r\n", text, sizeof(text), FALSE);
    else code = 554;
    if (!code) goto broken;
    if (code != 354)
    {
        if (accepted)
        {
            *whole_code = code;
            lstrcpynA(whole_text, text, whole_text_size);
            outcome = code / 100 == 4 ? SMTP_TRANSIENT : SMTP_PERMANENT;
        }
        else outcome = SMTP_DONE; /* each recipient was refused on its own */
        goto reset;
    }
    if (!accepted)
    {
        /* A server that opened DATA without recipients gets an empty message it must refuse. */
        if (!command(conn, ".\r\n", NULL, 0, FALSE)) goto broken;
        outcome = SMTP_DONE;
        goto reset;
    }
    if (cancel && *cancel)
    {
        /* Closing without the end mark abandons the transaction (RFC 5321 3.3). */
        smtp_close(conn, FALSE);
        outcome = SMTP_CANCELLED;
        goto done;
    }
    if (!stuff_data(&body, data, len)) { outcome = SMTP_NETWORK; goto done; }
    if (!send_all(conn, body.data, body.len)) goto broken;
    if (!(code = read_reply(conn, text, sizeof(text), FALSE))) goto broken;
    for (i = 0; i < rcpt_count; i++)
        if (results[i].code / 100 == 2) set_result(&results[i], code, text);
    if (code / 100 != 2)
    {
        *whole_code = code;
        lstrcpynA(whole_text, text, whole_text_size);
        outcome = code / 100 == 4 ? SMTP_TRANSIENT : SMTP_PERMANENT;
        goto done;
    }
    outcome = SMTP_DONE;
    goto done;

reset:
    if (command(conn, "RSET\r\n", NULL, 0, FALSE) / 100 != 2) smtp_close(conn, FALSE);
    goto done;

broken:
    smtp_close(conn, FALSE);
    if (!*whole_code) lstrcpynA(whole_text, "the connection to the server failed", whole_text_size);
    outcome = SMTP_NETWORK;

done:
    conn->last_used = GetTickCount();
    strbuf_free(&cmds);
    strbuf_free(&body);
    return outcome;
}
