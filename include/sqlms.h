/*
 * SQLMS: the sample message store of this project, kept in one SQLite
 * database file. What programs and profile tools need to configure it.
 *
 * The service is "SQLMS" in mapisvc.inf; its store provider DLL is named
 * "sqlms.dll" in profiles, the file is sqlms32.dll (MAPI's "32" rule). The
 * service entry point is SQLMSServiceEntry.
 */

#ifndef SQLMS_H
#define SQLMS_H

#include <mapidefs.h>

#define SQLMS_SERVICE_NAME      "SQLMS"
#define SQLMS_SERVICE_NAME_W    L"SQLMS"
#define SQLMS_PROVIDER_DLL_NAME "sqlms.dll"
#define SQLMS_SERVICE_ENTRY     "SQLMSServiceEntry"

/* The database file: a full path. PT_UNICODE is what the store writes;
 * PT_STRING8 (in the system code page) is read as well. When the property is
 * absent the store uses <application data>\SQLMS\<profile name>.sqlms. */
#define PR_SQLMS_DATABASE_PATH_W PROP_TAG(PT_UNICODE, 0x6700)
#define PR_SQLMS_DATABASE_PATH_A PROP_TAG(PT_STRING8, 0x6700)
#define PR_SQLMS_DATABASE_PATH   PR_SQLMS_DATABASE_PATH_W

/* PR_MDB_PROVIDER of every SQLMS store: {5351534d-0100-4d53-9c1a-5157eb1f5f7a} */
#define SQLMS_MDB_PROVIDER_INIT \
    { 0x4d, 0x53, 0x51, 0x53, 0x00, 0x01, 0x53, 0x4d, 0x9c, 0x1a, 0x51, 0x57, 0xeb, 0x1f, 0x5f, 0x7a }

#endif /* SQLMS_H */
