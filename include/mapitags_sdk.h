/*
 * Property tags, property values and report codes of Microsoft's SDK
 * (mapitags.h, mapidefs.h) and of the later Outlook MAPI reference that
 * Wine's headers lack: what transports need to read and write Internet
 * mail, recipients, attachments and non-delivery reports. Each is guarded:
 * another of our headers may bring the same definition.
 *
 * Values follow Microsoft's SDK and reference pages; tests/test_headers.c
 * compares them with mingw-w64's copy of the SDK (and tests/layout_refpages.h
 * for what that copy lacks).
 */

#ifndef MAPITAGS_SDK_H
#define MAPITAGS_SDK_H

#include <mapidefs.h>
#include <stddef.h>
#include <mapitags.h>

/* The size of an ADRLIST */
#ifndef CbNewADRLIST
#define CbNewADRLIST(_centries) (offsetof(ADRLIST,aEntries) + (_centries)*sizeof(ADRENTRY))
#define CbADRLIST(_lpadrlist)   (offsetof(ADRLIST,aEntries) + (UINT)(_lpadrlist)->cEntries*sizeof(ADRENTRY))
#endif

/* IMessage::ModifyRecipients */
#ifndef MODRECIP_ADD
#define MODRECIP_ADD            ((ULONG)0x00000002)
#define MODRECIP_MODIFY         ((ULONG)0x00000004)
#define MODRECIP_REMOVE         ((ULONG)0x00000008)
#endif

/* PR_IMPORTANCE */
#ifndef IMPORTANCE_LOW
#define IMPORTANCE_LOW          ((LONG)0)
#define IMPORTANCE_NORMAL       ((LONG)1)
#define IMPORTANCE_HIGH         ((LONG)2)
#endif

/* PR_ATTACH_METHOD (Wine's mapidefs.h has ATTACH_BY_VALUE alone) */
#ifndef NO_ATTACHMENT
#define NO_ATTACHMENT           ((ULONG)0x00000000)
#endif
#ifndef ATTACH_BY_REFERENCE
#define ATTACH_BY_REFERENCE     ((ULONG)0x00000002)
#define ATTACH_BY_REF_RESOLVE   ((ULONG)0x00000003)
#define ATTACH_BY_REF_ONLY      ((ULONG)0x00000004)
#define ATTACH_EMBEDDED_MSG     ((ULONG)0x00000005)
#define ATTACH_OLE              ((ULONG)0x00000006)
#endif

#ifndef MAPI_REASON_TRANSFER_FAILED
/* PR_NDR_REASON_CODE */
#define MAPI_REASON_TRANSFER_FAILED          ((LONG)0)
#define MAPI_REASON_TRANSFER_IMPOSSIBLE      ((LONG)1)
#define MAPI_REASON_CONVERSION_NOT_PERFORMED ((LONG)2)
#define MAPI_REASON_PHYSICAL_RENDITN_NOT_DONE ((LONG)3)
#define MAPI_REASON_PHYSICAL_DELIV_NOT_DONE  ((LONG)4)
#define MAPI_REASON_RESTRICTED_DELIVERY      ((LONG)5)
#define MAPI_REASON_DIRECTORY_OPERATN_FAILED ((LONG)6)

/* PR_NDR_DIAG_CODE */
#define MAPI_DIAG_NO_DIAGNOSTIC              ((LONG)-1)
#define MAPI_DIAG_OR_NAME_UNRECOGNIZED       ((LONG)0)
#define MAPI_DIAG_OR_NAME_AMBIGUOUS          ((LONG)1)
#define MAPI_DIAG_MTS_CONGESTED              ((LONG)2)
#define MAPI_DIAG_LOOP_DETECTED              ((LONG)3)
#define MAPI_DIAG_RECIPIENT_UNAVAILABLE      ((LONG)4)
#define MAPI_DIAG_MAXIMUM_TIME_EXPIRED       ((LONG)5)
#define MAPI_DIAG_EITS_UNSUPPORTED           ((LONG)6)
#define MAPI_DIAG_CONTENT_TOO_LONG           ((LONG)7)
#define MAPI_DIAG_IMPRACTICAL_TO_CONVERT     ((LONG)8)
#define MAPI_DIAG_PROHIBITED_TO_CONVERT      ((LONG)9)
#define MAPI_DIAG_CONVERSION_UNSUBSCRIBED    ((LONG)10)
#define MAPI_DIAG_PARAMETERS_INVALID         ((LONG)11)
#define MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR    ((LONG)12)
#define MAPI_DIAG_LENGTH_CONSTRAINT_VIOLATD  ((LONG)13)
#define MAPI_DIAG_NUMBER_CONSTRAINT_VIOLATD  ((LONG)14)
#define MAPI_DIAG_CONTENT_TYPE_UNSUPPORTED   ((LONG)15)
#define MAPI_DIAG_TOO_MANY_RECIPIENTS        ((LONG)16)
#define MAPI_DIAG_NO_BILATERAL_AGREEMENT     ((LONG)17)
#define MAPI_DIAG_CRITICAL_FUNC_UNSUPPORTED  ((LONG)18)
#define MAPI_DIAG_CONVERSION_LOSS_PROHIB     ((LONG)19)
#define MAPI_DIAG_LINE_TOO_LONG              ((LONG)20)
#define MAPI_DIAG_PAGE_TOO_LONG              ((LONG)21)
#define MAPI_DIAG_PICTORIAL_SYMBOL_LOST      ((LONG)22)
#define MAPI_DIAG_PUNCTUATION_SYMBOL_LOST    ((LONG)23)
#define MAPI_DIAG_ALPHABETIC_CHARACTER_LOST  ((LONG)24)
#define MAPI_DIAG_MULTIPLE_INFO_LOSSES       ((LONG)25)
#define MAPI_DIAG_REASSIGNMENT_PROHIBITED    ((LONG)26)
#define MAPI_DIAG_REDIRECTION_LOOP_DETECTED  ((LONG)27)
#define MAPI_DIAG_EXPANSION_PROHIBITED       ((LONG)28)
#define MAPI_DIAG_SUBMISSION_PROHIBITED      ((LONG)29)
#define MAPI_DIAG_EXPANSION_FAILED           ((LONG)30)
#define MAPI_DIAG_RENDITION_UNSUPPORTED      ((LONG)31)
#define MAPI_DIAG_MAIL_ADDRESS_INCORRECT     ((LONG)32)
#define MAPI_DIAG_MAIL_OFFICE_INCOR_OR_INVD  ((LONG)33)
#define MAPI_DIAG_MAIL_ADDRESS_INCOMPLETE    ((LONG)34)
#define MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN     ((LONG)35)
#define MAPI_DIAG_MAIL_RECIPIENT_DECEASED    ((LONG)36)
#define MAPI_DIAG_MAIL_ORGANIZATION_EXPIRED  ((LONG)37)
#define MAPI_DIAG_MAIL_REFUSED               ((LONG)38)
#define MAPI_DIAG_MAIL_UNCLAIMED             ((LONG)39)
#define MAPI_DIAG_MAIL_RECIPIENT_MOVED       ((LONG)40)
#define MAPI_DIAG_MAIL_RECIPIENT_TRAVELLING  ((LONG)41)
#define MAPI_DIAG_MAIL_RECIPIENT_DEPARTED    ((LONG)42)
#define MAPI_DIAG_MAIL_NEW_ADDRESS_UNKNOWN   ((LONG)43)
#define MAPI_DIAG_MAIL_FORWARDING_UNWANTED   ((LONG)44)
#define MAPI_DIAG_MAIL_FORWARDING_PROHIB     ((LONG)45)
#define MAPI_DIAG_SECURE_MESSAGING_ERROR     ((LONG)46)
#define MAPI_DIAG_DOWNGRADING_IMPOSSIBLE     ((LONG)47)
#endif

/* The SMTP reply code of a non-delivery report's recipient */
#ifndef PR_NDR_STATUS_CODE
#define PR_NDR_STATUS_CODE          PROP_TAG(PT_LONG, 0x0C20)

/* An Internet message's Message-ID */
#define PR_INTERNET_MESSAGE_ID_W    PROP_TAG(PT_UNICODE, 0x1035)
#define PR_INTERNET_MESSAGE_ID_A    PROP_TAG(PT_STRING8, 0x1035)
#define PR_INTERNET_MESSAGE_ID      WINELIB_NAME_AW(PR_INTERNET_MESSAGE_ID_)

/* The HTML body: bytes in the code page of PR_INTERNET_CPID, or text */
#define PR_HTML                     PROP_TAG(PT_BINARY, 0x1013)
#define PR_BODY_HTML_W              PROP_TAG(PT_UNICODE, 0x1013)
#define PR_BODY_HTML_A              PROP_TAG(PT_STRING8, 0x1013)
#define PR_BODY_HTML                WINELIB_NAME_AW(PR_BODY_HTML_)
#define PR_INTERNET_CPID            PROP_TAG(PT_LONG, 0x3FDE)

/* An attachment's Content-ID */
#define PR_ATTACH_CONTENT_ID_W      PROP_TAG(PT_UNICODE, 0x3712)
#define PR_ATTACH_CONTENT_ID_A      PROP_TAG(PT_STRING8, 0x3712)
#define PR_ATTACH_CONTENT_ID        WINELIB_NAME_AW(PR_ATTACH_CONTENT_ID_)

/* A recipient's SMTP address, whatever its address type */
#define PR_SMTP_ADDRESS_W           PROP_TAG(PT_UNICODE, 0x39FE)
#define PR_SMTP_ADDRESS_A           PROP_TAG(PT_STRING8, 0x39FE)
#define PR_SMTP_ADDRESS             WINELIB_NAME_AW(PR_SMTP_ADDRESS_)
#endif

#endif /* MAPITAGS_SDK_H */
