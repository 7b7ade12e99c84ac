/*
 * What the SMTP benchmarks (bench_smtpxp, bench_e2e) share: the private
 * Exim that tests/smtpxp.fixture.sh starts (MTA_DIR, MTA_PORT), its
 * Maildirs, and swaks sending the messages Exim delivered to one user
 * again, to another, 4 at a time.
 */

#ifndef BENCH_MTA_H
#define BENCH_MTA_H

#include <windef.h>
#include <winbase.h>

/* Reads MTA_DIR and MTA_PORT; FALSE (and a message naming prog) when they are not set. */
extern BOOL bench_mta_init(const char *prog);
extern LONG bench_mta_port(void);

/* Messages in user's Maildir new/. */
extern ULONG bench_mta_count_new(const WCHAR *user);

/* Seconds from start (QueryPerformanceCounter) until user's new/ holds count messages;
 * -1 when the count has not moved for two minutes. */
extern double bench_mta_wait_delivered(const WCHAR *user, ULONG count, LARGE_INTEGER start);

/* Calls func with the bytes of each message of user's new/ (the first size_max of them);
 * returns how many files it read. */
typedef void (*bench_mta_file_func)(const char *data, DWORD size, void *context);
extern ULONG bench_mta_read_new(const WCHAR *user, DWORD size_max, bench_mta_file_func func, void *context);

/* swaks sends each message of from_user's new/ to to_user, 4 at a time, one connection each;
 * seconds until to_user's new/ holds count messages, -1 if it never does. */
extern double bench_mta_swaks(const char *from_user, const char *to_user, ULONG count);

#endif /* BENCH_MTA_H */
