/*
 * A profile's SMTP transport (the SMTPXP message service) configured:
 * with the given properties, or, after mta_test.h, pointed at the private
 * MTA.
 */
#ifndef __SMTPXP_PROFILE_TEST_H
#define __SMTPXP_PROFILE_TEST_H

#include "session_test.h"
#include "smtpxp.h"

/* ConfigureMsgService of the profile's SMTPXP service with props. */
static inline void smtpxp_configure(const char *profile, ULONG count, SPropValue *props)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_SERVICE_NAME_A, PR_SERVICE_UID } };
    IMsgServiceAdmin *admin;
    IProfAdmin *profiles;
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, done = 0;

    assert_hr_equal(S_OK, MAPIAdminProfiles(0, &profiles));
    assert_hr_equal(S_OK, profiles->lpVtbl->AdminServices(profiles, (LPSTR)profile, NULL, 0, 0, &admin));
    assert_hr_equal(S_OK, admin->lpVtbl->GetMsgServiceTable(admin, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    for (i = 0; i < rows->cRows; i++)
    {
        if (strcmp(rows->aRow[i].lpProps[0].Value.lpszA, SMTPXP_SERVICE_NAME)) continue;
        assert_hr_equal(S_OK, admin->lpVtbl->ConfigureMsgService(admin,
                        (MAPIUID *)rows->aRow[i].lpProps[1].Value.bin.lpb, 0, 0, count, props));
        done++;
    }
    FreeProws(rows);
    table->lpVtbl->Release(table);
    admin->lpVtbl->Release(admin);
    profiles->lpVtbl->Release(profiles);
    assert_int_not_equal(done, 0);
}

#ifdef __MTA_TEST_H
/* The profile's SMTPXP service pointed at the MTA, its Maildir inbox@'s, polled every 100 ms; and
 * the extra properties given, each in place of the default of its tag if there is one (a
 * PR_SMTPXP_PORT of a relay in front of the MTA). */
static inline void configure_smtp(const char *profile, ULONG extra_count, const SPropValue *extra)
{
    WCHAR maildir[MAX_PATH], server[] = L"127.0.0.1", sender[] = L"sender@example.test";
    SPropValue props[8];
    ULONG i, j, n = 0;

    swprintf(maildir, MAX_PATH, L"%s\\inbox", mail_dir);
    props[n].ulPropTag = PR_SMTPXP_SERVER;
    props[n++].Value.lpszW = server;
    props[n].ulPropTag = PR_SMTPXP_PORT;
    props[n++].Value.l = mta_port;
    props[n].ulPropTag = PR_SMTPXP_SENDER;
    props[n++].Value.lpszW = sender;
    props[n].ulPropTag = PR_SMTPXP_MAILDIR;
    props[n++].Value.lpszW = maildir;
    props[n].ulPropTag = PR_SMTPXP_POLL_INTERVAL;
    props[n++].Value.l = 100;
    for (i = 0; i < extra_count; i++)
    {
        for (j = 0; j < n && props[j].ulPropTag != extra[i].ulPropTag; j++);
        if (j == n) assert_true(n++ < ARRAY_SIZE(props));
        props[j] = extra[i];
    }
    smtpxp_configure(profile, n, props);
}
#endif /* __MTA_TEST_H */

#endif /* __SMTPXP_PROFILE_TEST_H */
