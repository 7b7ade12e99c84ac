/*
 * Holds for the SMTP transport's logoff tests: the relay and the store's
 * database (mta_hold.h).
 */

#include <stdio.h>
#include <stdlib.h>
#include "winsock2.h"
#include "windef.h"
#include "winbase.h"
#include "sqlite3.h"
#include "mta_hold.h"

#define TICK_US 20000   /* how often a relay connection looks at its flags */

struct mta_relay
{
    SOCKET listener;
    USHORT port, target;
    SOCKET (*connect_target)(LONG port);
    HANDLE thread;
    HANDLE held;            /* set while a connection keeps data back */
    LONG volatile armed;    /* the next end of data is to be kept back */
    LONG volatile holding;  /* a connection keeps data back until this is 0 */
    LONG volatile stop;
    LONG volatile connections;
};

struct relay_conn
{
    struct mta_relay *relay;
    SOCKET client, server;
};

static BOOL send_all(SOCKET sock, const char *data, int len)
{
    while (len > 0)
    {
        int n = send(sock, data, len, 0);
        if (n <= 0) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}

/* One more byte of the client's stream: how much of the end of data (CRLF.CRLF) it ends with. */
static int end_mark_step(int matched, char c)
{
    static const char mark[] = "\r\n.\r\n";

    if (matched == 5) matched = 2;  /* the last CRLF begins the next mark */
    if (c == mark[matched]) return matched + 1;
    return c == '\r' ? 1 : 0;
}

static DWORD WINAPI relay_conn_thread(void *arg)
{
    struct relay_conn *conn = arg;
    struct mta_relay *relay = conn->relay;
    char buffer[16384], *kept = NULL;
    int kept_len = 0, matched = 0;

    while (!relay->stop)
    {
        struct timeval tick = { 0, TICK_US };
        fd_set readable;
        int len, i;

        if (kept && !relay->holding)
        {
            if (!send_all(conn->server, kept, kept_len)) break;
            free(kept);
            kept = NULL;
        }
        FD_ZERO(&readable);
        FD_SET(conn->server, &readable);
        FD_SET(conn->client, &readable);
        if (select(0, &readable, NULL, NULL, &tick) < 0) break;

        if (FD_ISSET(conn->server, &readable))
        {
            if ((len = recv(conn->server, buffer, sizeof(buffer), 0)) <= 0) break;
            if (!send_all(conn->client, buffer, len)) break;
        }
        if (FD_ISSET(conn->client, &readable))
        {
            /* A client that goes away while data is kept back: the server never gets the end of data. */
            if ((len = recv(conn->client, buffer, sizeof(buffer), 0)) <= 0) break;
            if (kept)
            {
                char *grown = realloc(kept, kept_len + len);
                if (!grown) break;
                kept = grown;
                memcpy(kept + kept_len, buffer, len);
                kept_len += len;
                continue;
            }
            for (i = 0; i < len; i++)
            {
                if ((matched = end_mark_step(matched, buffer[i])) != 5) continue;
                if (!InterlockedCompareExchange(&relay->armed, 0, 1)) continue;
                /* The final LF and what follows wait: the server has no end of data yet. */
                if (!(kept = malloc(len - i))) break;
                kept_len = len - i;
                memcpy(kept, buffer + i, kept_len);
                len = i;
                InterlockedExchange(&relay->holding, 1);
                SetEvent(relay->held);
                break;
            }
            if (!send_all(conn->server, buffer, len)) break;
        }
    }
    free(kept);
    closesocket(conn->client);
    closesocket(conn->server);
    InterlockedDecrement(&relay->connections);
    free(conn);
    return 0;
}

static DWORD WINAPI relay_accept_thread(void *arg)
{
    struct mta_relay *relay = arg;

    while (!relay->stop)
    {
        struct timeval tick = { 0, TICK_US };
        struct relay_conn *conn;
        fd_set readable;
        SOCKET client, server;
        HANDLE thread;
        int one = 1;

        FD_ZERO(&readable);
        FD_SET(relay->listener, &readable);
        if (select(0, &readable, NULL, NULL, &tick) <= 0) continue;
        if ((client = accept(relay->listener, NULL, NULL)) == INVALID_SOCKET) continue;
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, (char *)&one, sizeof(one));
        /* An MTA that is down: the client sees its connection closed before any greeting. */
        if ((server = relay->connect_target(relay->target)) == INVALID_SOCKET ||
            !(conn = malloc(sizeof(*conn))))
        {
            if (server != INVALID_SOCKET) closesocket(server);
            closesocket(client);
            continue;
        }
        setsockopt(server, IPPROTO_TCP, TCP_NODELAY, (char *)&one, sizeof(one));
        conn->relay = relay;
        conn->client = client;
        conn->server = server;
        InterlockedIncrement(&relay->connections);
        if (!(thread = CreateThread(NULL, 0, relay_conn_thread, conn, 0, NULL)))
        {
            InterlockedDecrement(&relay->connections);
            closesocket(client);
            closesocket(server);
            free(conn);
            continue;
        }
        CloseHandle(thread);
    }
    return 0;
}

struct mta_relay *relay_start(USHORT target_port, SOCKET (*connect_target)(LONG port))
{
    struct sockaddr_in addr = { AF_INET };
    struct mta_relay *relay = calloc(1, sizeof(*relay));
    int len = sizeof(addr);

    if (!relay) return NULL;
    relay->target = target_port;
    relay->connect_target = connect_target;
    relay->listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (relay->listener == INVALID_SOCKET || bind(relay->listener, (struct sockaddr *)&addr, sizeof(addr)) ||
        listen(relay->listener, 16) || getsockname(relay->listener, (struct sockaddr *)&addr, &len))
        goto failed;
    relay->port = ntohs(addr.sin_port);
    relay->held = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!(relay->thread = CreateThread(NULL, 0, relay_accept_thread, relay, 0, NULL))) goto failed;
    return relay;

failed:
    if (relay->listener != INVALID_SOCKET) closesocket(relay->listener);
    if (relay->held) CloseHandle(relay->held);
    free(relay);
    return NULL;
}

USHORT relay_port(struct mta_relay *relay)
{
    return relay->port;
}

void relay_hold_next(struct mta_relay *relay)
{
    ResetEvent(relay->held);
    InterlockedExchange(&relay->armed, 1);
}

BOOL relay_wait_held(struct mta_relay *relay, DWORD timeout)
{
    return WaitForSingleObject(relay->held, timeout) == WAIT_OBJECT_0;
}

void relay_release(struct mta_relay *relay)
{
    InterlockedExchange(&relay->armed, 0);
    ResetEvent(relay->held);
    InterlockedExchange(&relay->holding, 0);
}

void relay_stop(struct mta_relay *relay)
{
    int i;

    if (!relay) return;
    relay_release(relay);
    InterlockedExchange(&relay->stop, 1);
    WaitForSingleObject(relay->thread, INFINITE);
    CloseHandle(relay->thread);
    for (i = 0; i < 100 && relay->connections; i++) Sleep(TICK_US / 1000);
    closesocket(relay->listener);
    CloseHandle(relay->held);
    /* a connection thread that did not end keeps its relay */
    if (!relay->connections) free(relay);
}

/***********************************************************************
 * The store's database
 */
struct store_hold
{
    sqlite3 *db;
};

struct store_hold *store_hold_begin(const char *path)
{
    struct store_hold *hold = calloc(1, sizeof(*hold));

    if (!hold) return NULL;
    if (sqlite3_open_v2(path, &hold->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) goto failed;
    sqlite3_busy_timeout(hold->db, 20000);
    /* IMMEDIATE: the write lock now, not at the first write. */
    if (sqlite3_exec(hold->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) goto failed;
    return hold;

failed:
    fprintf(stderr, "cannot hold %s: %s\n", path, hold->db ? sqlite3_errmsg(hold->db) : "no memory");
    sqlite3_close(hold->db);
    free(hold);
    return NULL;
}

void store_hold_end(struct store_hold *hold)
{
    if (!hold) return;
    sqlite3_exec(hold->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(hold->db);
    free(hold);
}
