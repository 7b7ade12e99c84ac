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
 * - what a Maildir holds: messages by subject, and files some handle holds
 *   open without sharing reads (smtpxp does so while it delivers one).
 * - a message sent to the MTA by the test itself, as mail from outside.
 */
#ifndef __MTA_HOLD_H
#define __MTA_HOLD_H

struct mta_relay;

/* A relay on a free loopback port to the MTA's port; NULL when it could not listen. */
struct mta_relay *relay_start(USHORT target_port);
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

/* How many files of the Maildir's sub-folder ("new", "cur") have the subject; files that cannot
 * be read are not counted. */
int maildir_count(const WCHAR *maildir, const WCHAR *sub, const char *subject);
/* How many files of the Maildir's new/ some handle holds open without sharing reads. */
int maildir_claimed(const WCHAR *maildir);
/* How many files new/ holds at all. */
int maildir_pending(const WCHAR *maildir);

/* Sends a message with the subject from sender@example.test to rcpt through the MTA's port
 * (loopback); TRUE when the MTA took it (250 at the end of the data). */
BOOL mta_send(USHORT port, const char *rcpt, const char *subject);

#endif /* __MTA_HOLD_H */
