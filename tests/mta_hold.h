/*
 * Holding the real SMTP transport in the middle of its work, from the
 * outside only, for the store logoff tests (test_storelogoff_smtp.c):
 *
 * - a TCP relay of the test's own between the transport and the MTA. It
 *   forwards both ways; armed, it keeps back the end of the next message's
 *   data (the LF of CRLF.CRLF), so that the transport waits inside
 *   SubmitMessage for the server's answer until the test lets the data go.
 * - a write transaction on the store's SQLite database with a connection of
 *   the test's own: the store's writers wait (sqlms: busy timeout 30 s), so a
 *   delivery stays inside StartMessage until the test ends the transaction.
 *
 * The rest (the MTA's ports and Maildirs, mail given to it, what it
 * delivered) is mta_test.h's.
 */
#ifndef __MTA_HOLD_H
#define __MTA_HOLD_H

struct mta_relay;

/* A relay on a free loopback port to the MTA's port, which connect_target connects to
 * (mta_connect); NULL when it could not listen. */
struct mta_relay *relay_start(USHORT target_port, SOCKET (*connect_target)(LONG port));
USHORT relay_port(struct mta_relay *relay);
/* The end of the next message's data is kept back. */
void relay_hold_next(struct mta_relay *relay);
/* TRUE when the relay keeps one back (it came within timeout ms). */
BOOL relay_wait_held(struct mta_relay *relay, DWORD timeout);
/* Disarms the relay and lets what it keeps back go. */
void relay_release(struct mta_relay *relay);
/* How many messages' data went through to the MTA, whole. */
LONG relay_messages(struct mta_relay *relay);
void relay_stop(struct mta_relay *relay);

struct store_hold;

/* A write transaction on the SQLite database at path (UTF-8); NULL when it could not be had. */
struct store_hold *store_hold_begin(const char *path);
/* Ends it (a rollback: it wrote nothing); NULL is accepted. */
void store_hold_end(struct store_hold *hold);

#endif /* __MTA_HOLD_H */
