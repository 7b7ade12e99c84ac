/*
 * Declarations of the SDK's mapi.h (Simple MAPI) that Wine's mapi.h lacks.
 *
 * Values follow Microsoft's SDK; tests/test_headers.c compares them with
 * mingw-w64's copy of the SDK headers.
 */

#ifndef MAPI_SDK_H
#define MAPI_SDK_H

#include <mapi.h>

/* MapiFileDesc.flFlags */
#ifndef MAPI_OLE
#define MAPI_OLE                0x00000001
#define MAPI_OLE_STATIC         0x00000002
#endif

/* MapiMessage.flFlags */
#ifndef MAPI_UNREAD
#define MAPI_UNREAD             0x00000001
#define MAPI_RECEIPT_REQUESTED  0x00000002
#define MAPI_SENT               0x00000004
#endif

/* MAPIFindNext */
#define MAPI_UNREAD_ONLY        0x00000020
#define MAPI_GUARANTEE_FIFO     0x00000100
#define MAPI_LONG_MSGID         0x00004000

/* MAPIReadMail */
#define MAPI_ENVELOPE_ONLY      0x00000040
#define MAPI_PEEK               0x00000080
#define MAPI_BODY_AS_FILE       0x00000200
#define MAPI_SUPPRESS_ATTACH    0x00000800

/* MAPIDetails, MAPIResolveName */
#define MAPI_AB_NOMODIFY        0x00000400

/* The Extended MAPI session of a Simple MAPI one, for programs that use both */
#if defined(MAPIX_H) || defined(__WINE_MAPIX_H)
SCODE WINAPI ScMAPIXFromSMAPI(LHANDLE session, ULONG flags, LPCIID iid, LPMAPISESSION *mapi_session);
#endif

#endif /* MAPI_SDK_H */
