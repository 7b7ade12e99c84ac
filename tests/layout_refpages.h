/*
 * What Microsoft's SDK has and mingw-w64's copy of it lacks, written from the
 * reference pages (learn.microsoft.com, Outlook MAPI reference) in mingw-w64's
 * own macro style, so that tests/layout_sdk.c can lay it out like the rest:
 *
 * - IMAPIClientShutdown, IMAPIProviderShutdown: mapidefs.h, IIDs 0x00020397 and
 *   0x00020398; vtable QueryFastShutdown, NotifyProcessShutdown, DoFastShutdown,
 *   none of them with an argument.
 * - IMsgServiceAdmin2: mapiaux.h, IID 0x00020387; IMsgServiceAdmin's vtable then
 *   CreateMsgServiceEx(lpszService, lpszDisplayName, ulUIParam, ulFlags, lpuidService).
 * - SERVICE_NO_RESTART_WARNING 0x00000080 (IMsgServiceAdmin2::CreateMsgServiceEx).
 * - SHOW_SOFT_DELETES 0x00000002 (IMAPIContainer::GetContentsTable), DELETE_HARD_DELETE
 *   0x00000010 (IMAPIFolder::DeleteMessages), MDB_ONLINE 0x00000100 and MAPI_NO_CACHE
 *   0x00000200 (IMAPISession::OpenMsgStore), STORE_UNICODE_OK 0x00040000 (PR_STORE_SUPPORT_MASK).
 * - MAPI_FORCE_ACCESS 0x00080000 (IMsgServiceAdmin::OpenProfileSection,
 *   IProviderAdmin::OpenProfileSection; the SDK headers never had it).
 */

DEFINE_OLEGUID(IID_IMAPIClientShutdown, 0x00020397, 0, 0);
DEFINE_OLEGUID(IID_IMAPIProviderShutdown, 0x00020398, 0, 0);
DEFINE_OLEGUID(IID_IMsgServiceAdmin2, 0x00020387, 0, 0);

#define SERVICE_NO_RESTART_WARNING 0x00000080
#define SHOW_SOFT_DELETES ((ULONG) 0x00000002)
#define DELETE_HARD_DELETE ((ULONG) 0x00000010)
#define MDB_ONLINE ((ULONG) 0x00000100)
#define MAPI_NO_CACHE ((ULONG) 0x00000200)
#define STORE_UNICODE_OK ((ULONG) 0x00040000)
#define MAPI_FORCE_ACCESS 0x00080000

#define REFPAGES_FAST_SHUTDOWN_METHODS(IPURE) \
    MAPIMETHOD(QueryFastShutdown) (THIS) IPURE; \
    MAPIMETHOD(NotifyProcessShutdown) (THIS) IPURE; \
    MAPIMETHOD(DoFastShutdown) (THIS) IPURE;

#undef INTERFACE
#define INTERFACE IMAPIClientShutdown
DECLARE_MAPI_INTERFACE_(IMAPIClientShutdown, IUnknown)
{
    BEGIN_INTERFACE
    MAPI_IUNKNOWN_METHODS(PURE)
    REFPAGES_FAST_SHUTDOWN_METHODS(PURE)
};

#undef INTERFACE
#define INTERFACE IMAPIProviderShutdown
DECLARE_MAPI_INTERFACE_(IMAPIProviderShutdown, IUnknown)
{
    BEGIN_INTERFACE
    MAPI_IUNKNOWN_METHODS(PURE)
    REFPAGES_FAST_SHUTDOWN_METHODS(PURE)
};

#undef INTERFACE
#define INTERFACE IMsgServiceAdmin2
DECLARE_MAPI_INTERFACE_(IMsgServiceAdmin2, IMsgServiceAdmin)
{
    BEGIN_INTERFACE
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMSGSERVICEADMIN_METHODS(PURE)
    MAPIMETHOD(CreateMsgServiceEx) (THIS_ LPSTR lpszService, LPSTR lpszDisplayName, ULONG_PTR ulUIParam,
                                    ULONG ulFlags, LPMAPIUID lpuidService) PURE;
};
#undef INTERFACE

/*
 * From the Outlook MAPI reference (PidTag pages) and the SDK's mapidefs.h,
 * which mingw-w64's copy lacks: the report reason codes (PR_NDR_REASON_CODE)
 * and the Internet mail tags transports use.
 */
#define MAPI_REASON(_code) ((LONG) _code)
#define MAPI_REASON_TRANSFER_FAILED MAPI_REASON(0)
#define MAPI_REASON_TRANSFER_IMPOSSIBLE MAPI_REASON(1)
#define MAPI_REASON_CONVERSION_NOT_PERFORMED MAPI_REASON(2)
#define MAPI_REASON_PHYSICAL_RENDITN_NOT_DONE MAPI_REASON(3)
#define MAPI_REASON_PHYSICAL_DELIV_NOT_DONE MAPI_REASON(4)
#define MAPI_REASON_RESTRICTED_DELIVERY MAPI_REASON(5)
#define MAPI_REASON_DIRECTORY_OPERATN_FAILED MAPI_REASON(6)
#define PR_NDR_STATUS_CODE PROP_TAG(PT_LONG, 0x0C20)
#define PR_INTERNET_MESSAGE_ID_W PROP_TAG(PT_UNICODE, 0x1035)
#define PR_INTERNET_MESSAGE_ID_A PROP_TAG(PT_STRING8, 0x1035)
#define PR_HTML PROP_TAG(PT_BINARY, 0x1013)
#define PR_BODY_HTML_W PROP_TAG(PT_UNICODE, 0x1013)
#define PR_BODY_HTML_A PROP_TAG(PT_STRING8, 0x1013)
#define PR_INTERNET_CPID PROP_TAG(PT_LONG, 0x3FDE)
#define PR_ATTACH_CONTENT_ID_W PROP_TAG(PT_UNICODE, 0x3712)
#define PR_ATTACH_CONTENT_ID_A PROP_TAG(PT_STRING8, 0x3712)
#define PR_SMTP_ADDRESS_W PROP_TAG(PT_UNICODE, 0x39FE)
#define PR_SMTP_ADDRESS_A PROP_TAG(PT_STRING8, 0x39FE)
