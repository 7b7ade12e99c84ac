/*
 * Declarations of the SDK's mapix.h that Wine's mapix.h lacks.
 *
 * Values follow Microsoft's SDK; tests/test_headers.c compares them with
 * mingw-w64's copy of the SDK headers.
 */

#ifndef MAPIX_SDK_H
#define MAPIX_SDK_H

#include <mapix.h>

/* IMAPISession::Logoff */
#define MAPI_LOGOFF_SHARED      0x00000001
#define MAPI_LOGOFF_UI          0x00000002

/* IMAPISession::SetDefaultStore */
#define MAPI_DEFAULT_STORE          0x00000001
#define MAPI_SIMPLE_STORE_TEMPORARY 0x00000002
#define MAPI_SIMPLE_STORE_PERMANENT 0x00000003
#define MAPI_PRIMARY_STORE          0x00000004
#define MAPI_SECONDARY_STORE        0x00000005

/* IMAPISession::QueryIdentity: no provider named an identity */
#ifndef MAPI_W_NO_SERVICE
#define MAPI_W_NO_SERVICE           ((SCODE)0x00040203)
#endif

#endif /* MAPIX_SDK_H */
