/*
 * Parameter validation for service providers: what mapival.h's
 * ValidateParameters, ValidateParms and CheckParms macros call at the top of
 * an interface method.
 *
 * Every method of mapival.h's METHODS has one row in method_rows describing
 * its arguments after the object pointer; the exports only differ in where
 * they find those arguments:
 *  - HrValidateParameters and __CPPValidateParameters: the address of the
 *    first argument after the object pointer, in stack slots (the caller's
 *    x86 stack, or the __rgArgs array of the x86 ValidateParametersN macros);
 *  - __ValidateParameters: the address of the object pointer on an x86
 *    stack, the arguments behind it;
 *  - HrValidateParametersV and HrValidateParametersValist: the object pointer
 *    and then the arguments as variable arguments (the macros elsewhere).
 *
 * A bad pointer or structure fails with MAPI_E_INVALID_PARAMETER (IStream
 * methods: STG_E_INVALIDPARAMETER), a flag the method does not know with
 * MAPI_E_UNKNOWN_FLAGS. The object pointer itself is not checked.
 */

#include "mapi32_private.h"
#include "mapival_methods.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Until mapiab.h, with IABContainer and its flags, is part of our headers */
#ifndef CREATE_CHECK_DUP_STRICT
#define CREATE_CHECK_DUP_STRICT ((ULONG)0x00000001)
#define CREATE_CHECK_DUP_LOOSE  ((ULONG)0x00000002)
#define CREATE_REPLACE          ((ULONG)0x00000004)
#endif
#ifndef AB_NO_DIALOG
#define AB_NO_DIALOG            ((ULONG)0x00000001)
#endif

/* What an argument is and what is asked of it */
enum arg_kind
{
    ARG_END,
    ARG_VALUE,          /* a number or handle, anything goes */
    ARG_COUNT,          /* the size of the argument after it */
    ARG_LARGE,          /* a 64-bit value passed by value (IStream) */
    ARG_NONZERO,        /* a ULONG that must not be 0 */
    ARG_CONNECTION,     /* an advise connection: not 0 */
    ARG_FLAGS,          /* the flags of the call: the row says which are known */
    ARG_FLAGS_INOUT,    /* the same through a pointer the method writes back */
    ARG_OUT,            /* where a pointer (or a ULONG_PTR) is returned */
    ARG_OUT_OPT,        /* the same, or NULL */
    ARG_OUT_ULONG,      /* where a ULONG is returned */
    ARG_OUT_ULONG_OPT,
    ARG_OUT_LARGE_OPT,  /* where a ULARGE_INTEGER is returned, or NULL */
    ARG_OUT_STATSTG,
    ARG_IID,            /* an interface identifier */
    ARG_IID_OPT,
    ARG_GUID_OPT,
    ARG_IID_ARRAY,      /* interface identifiers, their count before them */
    ARG_OBJECT,         /* an interface pointer */
    ARG_OBJECT_OPT,
    ARG_STRING,         /* Unicode if the call's flags have MAPI_UNICODE */
    ARG_STRING_OPT,
    ARG_ENTRYID,        /* an entry identifier, its size before it; may be empty */
    ARG_ENTRYID_REQ,    /* the same, not empty */
    ARG_BYTES,          /* bytes read, their count before them */
    ARG_KEY,            /* an instance key, its size before it; not empty */
    ARG_STREAM_IN,      /* bytes read, their count after them (IStream::Write) */
    ARG_STREAM_OUT,     /* bytes written, their count after them (IStream::Read) */
    ARG_TAGS,           /* property tags to read, copy or delete */
    ARG_TAGS_OPT,
    ARG_TAGS_NONEMPTY,
    ARG_TAGS_NONEMPTY_OPT,
    ARG_COLUMNS,        /* table columns: multi-valued instances allowed */
    ARG_TAGS_INOUT,     /* GetNamesFromIDs: tags of named properties, or where to return them */
    ARG_PROPTAG_OPEN,   /* the tag of a property to open */
    ARG_PROPS,          /* property values to set, their count before them */
    ARG_NAMEIDS_OPT,    /* named property identifiers, their count before them */
    ARG_RESTRICTION,
    ARG_RESTRICTION_OPT,
    ARG_SORT,
    ARG_ENTRYLIST,
    ARG_ENTRYLIST_OPT,
    ARG_ADRLIST,
    ARG_FLAGLIST,       /* IABContainer::ResolveNames */
    ARG_NOTIFS,         /* notifications, their count before them */
    ARG_NEWMAIL,        /* one fnevNewMail notification */
    ARG_FOLDER_TYPE,
    ARG_SEEK_ORIGIN,
    ARG_TABLE_EVENT,    /* IMAPITable::Advise: fnevTableModified */
};

#define MAX_ARGS 12

struct method_row
{
    const char *name;
    ULONG known_flags;      /* of the ARG_FLAGS or ARG_FLAGS_INOUT argument */
    HRESULT bad;            /* what a bad argument fails with */
    BYTE args[MAX_ARGS + 1];
};

#define ROW(method, flags, ...) \
    [method] = { #method, flags, MAPI_E_INVALID_PARAMETER, { __VA_ARGS__ } }
#define STREAM_ROW(method, ...) \
    [method] = { #method, 0, STG_E_INVALIDPARAMETER, { __VA_ARGS__ } }

#define FLAGS_NONE 0
/* Methods MAPI calls on providers with flags of its own: not checked */
#define FLAGS_ANY  (~(ULONG)0)

#define OPEN_FLAGS     (MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_BEST_ACCESS)
#define READ_FLAGS     (GENERATE_RECEIPT_ONLY | SUPPRESS_RECEIPT | CLEAR_READ_FLAG | \
                        MAPI_DEFERRED_ERRORS | CLEAR_RN_PENDING | CLEAR_NRN_PENDING)
#define STORE_EVENTS   (fnevCriticalError | fnevNewMail | fnevObjectCreated | fnevObjectDeleted | \
                        fnevObjectModified | fnevObjectMoved | fnevObjectCopied | \
                        fnevSearchComplete | fnevExtended)
#define STATUS_VALIDATE_FLAGS (SUPPRESS_UI | REFRESH_XP_HEADER_CACHE | PROCESS_XP_HEADER_CACHE | \
                        FORCE_XP_CONNECT | FORCE_XP_DISCONNECT | CONFIG_CHANGED | \
                        ABORT_XP_HEADER_OPERATION | SHOW_XP_SESSION_UI)
#define FLUSH_FLAGS    (FLUSH_UPLOAD | FLUSH_DOWNLOAD | FLUSH_FORCE | FLUSH_NO_UI | FLUSH_ASYNC_OK)
#define AB_CREATE_FLAGS (CREATE_CHECK_DUP_STRICT | CREATE_CHECK_DUP_LOOSE | CREATE_REPLACE)
#define STORE_LOGON_FLAGS (MAPI_DEFERRED_ERRORS | MAPI_UNICODE | MDB_NO_DIALOG | MDB_NO_MAIL | \
                        MDB_TEMPORARY | MDB_WRITE | MAPI_BEST_ACCESS)
#define XP_LOGON_FLAGS (LOGON_NO_DIALOG | LOGON_NO_CONNECT | LOGON_NO_INBOUND | \
                        LOGON_NO_OUTBOUND | MAPI_UNICODE)
#define LOGOFF_FLAGS   (LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_ABORT | LOGOFF_QUIET)
#define TRANSPORT_NOTIFY_FLAGS (NOTIFY_ABORT_DEFERRED | NOTIFY_CANCEL_MESSAGE | \
                        NOTIFY_BEGIN_INBOUND | NOTIFY_END_INBOUND | NOTIFY_BEGIN_OUTBOUND | \
                        NOTIFY_END_OUTBOUND | NOTIFY_BEGIN_INBOUND_FLUSH | \
                        NOTIFY_END_INBOUND_FLUSH | NOTIFY_BEGIN_OUTBOUND_FLUSH | \
                        NOTIFY_END_OUTBOUND_FLUSH)

/* The arguments of each method, as its reference page describes them */
static const struct method_row method_rows[] =
{
    ROW(IUnknown_QueryInterface, FLAGS_NONE, ARG_IID, ARG_OUT),
    ROW(IUnknown_AddRef, FLAGS_NONE, ARG_END),
    ROW(IUnknown_Release, FLAGS_NONE, ARG_END),

    ROW(IMAPIProp_GetLastError, MAPI_UNICODE, ARG_VALUE, ARG_FLAGS, ARG_OUT),
    ROW(IMAPIProp_SaveChanges, KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE |
        MAPI_DEFERRED_ERRORS | SPAMFILTER_ONSAVE | NON_EMS_XP_SAVE, ARG_FLAGS),
    ROW(IMAPIProp_GetProps, MAPI_UNICODE, ARG_TAGS_NONEMPTY_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IMAPIProp_GetPropList, MAPI_UNICODE, ARG_FLAGS, ARG_OUT),
    ROW(IMAPIProp_OpenProperty, MAPI_CREATE | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | STREAM_APPEND,
        ARG_PROPTAG_OPEN, ARG_IID, ARG_VALUE, ARG_FLAGS, ARG_OUT),
    ROW(IMAPIProp_SetProps, FLAGS_NONE, ARG_COUNT, ARG_PROPS, ARG_OUT_OPT),
    ROW(IMAPIProp_DeleteProps, FLAGS_NONE, ARG_TAGS_NONEMPTY, ARG_OUT_OPT),
    ROW(IMAPIProp_CopyTo, MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG,
        ARG_COUNT, ARG_IID_ARRAY, ARG_TAGS_OPT, ARG_VALUE, ARG_OBJECT_OPT, ARG_IID, ARG_OBJECT,
        ARG_FLAGS, ARG_OUT_OPT),
    ROW(IMAPIProp_CopyProps, MAPI_MOVE | MAPI_NOREPLACE | MAPI_DECLINE_OK | MAPI_DIALOG,
        ARG_TAGS, ARG_VALUE, ARG_OBJECT_OPT, ARG_IID_OPT, ARG_OBJECT, ARG_FLAGS, ARG_OUT_OPT),
    ROW(IMAPIProp_GetNamesFromIDs, MAPI_NO_STRINGS | MAPI_NO_IDS,
        ARG_TAGS_INOUT, ARG_GUID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IMAPIProp_GetIDsFromNames, MAPI_CREATE, ARG_COUNT, ARG_NAMEIDS_OPT, ARG_FLAGS, ARG_OUT),

    ROW(IMAPITable_GetLastError, MAPI_UNICODE, ARG_VALUE, ARG_FLAGS, ARG_OUT),
    ROW(IMAPITable_Advise, FLAGS_NONE, ARG_TABLE_EVENT, ARG_OBJECT, ARG_OUT),
    ROW(IMAPITable_Unadvise, FLAGS_NONE, ARG_CONNECTION),
    ROW(IMAPITable_GetStatus, FLAGS_NONE, ARG_OUT_ULONG, ARG_OUT_ULONG),
    ROW(IMAPITable_SetColumns, TBL_ASYNC | TBL_BATCH, ARG_COLUMNS, ARG_FLAGS),
    ROW(IMAPITable_QueryColumns, TBL_ALL_COLUMNS, ARG_FLAGS, ARG_OUT),
    ROW(IMAPITable_GetRowCount, TBL_ASYNC | TBL_BATCH, ARG_FLAGS, ARG_OUT_ULONG),
    ROW(IMAPITable_SeekRow, FLAGS_NONE, ARG_VALUE, ARG_VALUE, ARG_OUT_ULONG_OPT),
    ROW(IMAPITable_SeekRowApprox, FLAGS_NONE, ARG_VALUE, ARG_NONZERO),
    ROW(IMAPITable_QueryPosition, FLAGS_NONE, ARG_OUT_ULONG, ARG_OUT_ULONG, ARG_OUT_ULONG),
    ROW(IMAPITable_FindRow, DIR_BACKWARD, ARG_RESTRICTION, ARG_VALUE, ARG_FLAGS),
    ROW(IMAPITable_Restrict, TBL_ASYNC | TBL_BATCH, ARG_RESTRICTION_OPT, ARG_FLAGS),
    ROW(IMAPITable_CreateBookmark, FLAGS_NONE, ARG_OUT),
    ROW(IMAPITable_FreeBookmark, FLAGS_NONE, ARG_VALUE),
    ROW(IMAPITable_SortTable, TBL_ASYNC | TBL_BATCH, ARG_SORT, ARG_FLAGS),
    ROW(IMAPITable_QuerySortOrder, FLAGS_NONE, ARG_OUT),
    ROW(IMAPITable_QueryRows, TBL_NOADVANCE, ARG_NONZERO, ARG_FLAGS, ARG_OUT),
    ROW(IMAPITable_Abort, FLAGS_NONE, ARG_END),
    ROW(IMAPITable_ExpandRow, FLAGS_NONE,
        ARG_COUNT, ARG_KEY, ARG_VALUE, ARG_FLAGS, ARG_OUT_OPT, ARG_OUT_ULONG_OPT),
    ROW(IMAPITable_CollapseRow, FLAGS_NONE, ARG_COUNT, ARG_KEY, ARG_FLAGS, ARG_OUT_ULONG_OPT),
    ROW(IMAPITable_WaitForCompletion, FLAGS_NONE, ARG_FLAGS, ARG_VALUE, ARG_OUT_ULONG_OPT),
    ROW(IMAPITable_GetCollapseState, FLAGS_NONE,
        ARG_FLAGS, ARG_COUNT, ARG_KEY, ARG_OUT_ULONG, ARG_OUT),
    ROW(IMAPITable_SetCollapseState, FLAGS_NONE, ARG_FLAGS, ARG_COUNT, ARG_KEY, ARG_OUT),

    ROW(IMAPIContainer_GetContentsTable, MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED | MAPI_UNICODE,
        ARG_FLAGS, ARG_OUT),
    ROW(IMAPIContainer_GetHierarchyTable, MAPI_DEFERRED_ERRORS | CONVENIENT_DEPTH | MAPI_UNICODE,
        ARG_FLAGS, ARG_OUT),
    ROW(IMAPIContainer_OpenEntry, OPEN_FLAGS,
        ARG_COUNT, ARG_ENTRYID, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IMAPIContainer_SetSearchCriteria, STOP_SEARCH | RESTART_SEARCH | RECURSIVE_SEARCH |
        SHALLOW_SEARCH | FOREGROUND_SEARCH | BACKGROUND_SEARCH,
        ARG_RESTRICTION_OPT, ARG_ENTRYLIST_OPT, ARG_FLAGS),
    ROW(IMAPIContainer_GetSearchCriteria, MAPI_UNICODE,
        ARG_FLAGS, ARG_OUT, ARG_OUT_OPT, ARG_OUT_ULONG_OPT),

    ROW(IABContainer_CreateEntry, AB_CREATE_FLAGS, ARG_COUNT, ARG_ENTRYID_REQ, ARG_FLAGS, ARG_OUT),
    ROW(IABContainer_CopyEntries, AB_CREATE_FLAGS | AB_NO_DIALOG,
        ARG_ENTRYLIST, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IABContainer_DeleteEntries, FLAGS_NONE, ARG_ENTRYLIST, ARG_FLAGS),
    ROW(IABContainer_ResolveNames, MAPI_UNICODE, ARG_TAGS_OPT, ARG_FLAGS, ARG_ADRLIST, ARG_FLAGLIST),

    ROW(IDistList_CreateEntry, AB_CREATE_FLAGS, ARG_COUNT, ARG_ENTRYID_REQ, ARG_FLAGS, ARG_OUT),
    ROW(IDistList_CopyEntries, AB_CREATE_FLAGS | AB_NO_DIALOG,
        ARG_ENTRYLIST, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IDistList_DeleteEntries, FLAGS_NONE, ARG_ENTRYLIST, ARG_FLAGS),
    ROW(IDistList_ResolveNames, MAPI_UNICODE, ARG_TAGS_OPT, ARG_FLAGS, ARG_ADRLIST, ARG_FLAGLIST),

    ROW(IMAPIFolder_CreateMessage, MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED, ARG_IID_OPT, ARG_FLAGS, ARG_OUT),
    ROW(IMAPIFolder_CopyMessages, MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK,
        ARG_ENTRYLIST, ARG_IID_OPT, ARG_OBJECT, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IMAPIFolder_DeleteMessages, MESSAGE_DIALOG, ARG_ENTRYLIST, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IMAPIFolder_CreateFolder, MAPI_UNICODE | MAPI_DEFERRED_ERRORS | OPEN_IF_EXISTS,
        ARG_FOLDER_TYPE, ARG_STRING, ARG_STRING_OPT, ARG_IID_OPT, ARG_FLAGS, ARG_OUT),
    ROW(IMAPIFolder_CopyFolder, FOLDER_MOVE | FOLDER_DIALOG | MAPI_DECLINE_OK | COPY_SUBFOLDERS |
        MAPI_UNICODE, ARG_COUNT, ARG_ENTRYID_REQ, ARG_IID_OPT, ARG_OBJECT, ARG_STRING_OPT,
        ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IMAPIFolder_DeleteFolder, DEL_MESSAGES | DEL_FOLDERS | FOLDER_DIALOG,
        ARG_COUNT, ARG_ENTRYID_REQ, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IMAPIFolder_SetReadFlags, READ_FLAGS | FOLDER_DIALOG,
        ARG_ENTRYLIST_OPT, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IMAPIFolder_GetMessageStatus, FLAGS_NONE, ARG_COUNT, ARG_ENTRYID_REQ, ARG_FLAGS, ARG_OUT_ULONG),
    /* the mask of the bits to change; the upper 16 bits are the provider's */
    ROW(IMAPIFolder_SetMessageStatus, 0xffff0000 | MSGSTATUS_HIGHLIGHTED | MSGSTATUS_TAGGED |
        MSGSTATUS_HIDDEN | MSGSTATUS_DELMARKED | MSGSTATUS_REMOTE_DOWNLOAD | MSGSTATUS_REMOTE_DELETE,
        ARG_COUNT, ARG_ENTRYID_REQ, ARG_VALUE, ARG_FLAGS, ARG_OUT_ULONG_OPT),
    ROW(IMAPIFolder_SaveContentsSort, RECURSIVE_SORT, ARG_SORT, ARG_FLAGS),
    ROW(IMAPIFolder_EmptyFolder, DEL_ASSOCIATED | FOLDER_DIALOG, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),

    /* the event mask is the flags argument of the Advise rows */
    ROW(IMsgStore_Advise, STORE_EVENTS, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_OBJECT, ARG_OUT),
    ROW(IMsgStore_Unadvise, FLAGS_NONE, ARG_CONNECTION),
    ROW(IMsgStore_CompareEntryIDs, FLAGS_NONE,
        ARG_COUNT, ARG_ENTRYID, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_OUT_ULONG),
    ROW(IMsgStore_OpenEntry, OPEN_FLAGS,
        ARG_COUNT, ARG_ENTRYID, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IMsgStore_SetReceiveFolder, MAPI_UNICODE, ARG_STRING_OPT, ARG_FLAGS, ARG_COUNT, ARG_ENTRYID),
    ROW(IMsgStore_GetReceiveFolder, MAPI_UNICODE,
        ARG_STRING_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT, ARG_OUT_OPT),
    ROW(IMsgStore_GetReceiveFolderTable, MAPI_DEFERRED_ERRORS | MAPI_UNICODE, ARG_FLAGS, ARG_OUT),
    ROW(IMsgStore_StoreLogoff, LOGOFF_FLAGS, ARG_FLAGS_INOUT),
    ROW(IMsgStore_AbortSubmit, FLAGS_NONE, ARG_COUNT, ARG_ENTRYID_REQ, ARG_FLAGS),
    ROW(IMsgStore_GetOutgoingQueue, FLAGS_NONE, ARG_FLAGS, ARG_OUT),
    /* the lock state is the flags argument */
    ROW(IMsgStore_SetLockState, MSG_LOCKED | MSG_UNLOCKED, ARG_OBJECT, ARG_FLAGS),
    ROW(IMsgStore_FinishedMsg, FLAGS_NONE, ARG_FLAGS, ARG_COUNT, ARG_ENTRYID_REQ),
    ROW(IMsgStore_NotifyNewMail, FLAGS_NONE, ARG_NEWMAIL),

    ROW(IMessage_GetAttachmentTable, MAPI_DEFERRED_ERRORS | MAPI_UNICODE, ARG_FLAGS, ARG_OUT),
    ROW(IMessage_OpenAttach, OPEN_FLAGS, ARG_VALUE, ARG_IID_OPT, ARG_FLAGS, ARG_OUT),
    ROW(IMessage_CreateAttach, MAPI_DEFERRED_ERRORS, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IMessage_DeleteAttach, ATTACH_DIALOG, ARG_VALUE, ARG_VALUE, ARG_OBJECT_OPT, ARG_FLAGS),
    ROW(IMessage_GetRecipientTable, MAPI_DEFERRED_ERRORS | MAPI_UNICODE, ARG_FLAGS, ARG_OUT),
    ROW(IMessage_ModifyRecipients, MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE,
        ARG_FLAGS, ARG_ADRLIST),
    ROW(IMessage_SubmitMessage, FORCE_SUBMIT, ARG_FLAGS),
    ROW(IMessage_SetReadFlag, READ_FLAGS, ARG_FLAGS),

    ROW(IABProvider_Shutdown, FLAGS_NONE, ARG_OUT_ULONG),
    ROW(IABProvider_Logon, AB_NO_DIALOG | MAPI_DEFERRED_ERRORS | MAPI_UNICODE,
        ARG_OBJECT, ARG_VALUE, ARG_STRING_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT, ARG_OUT_OPT,
        ARG_OUT),

    ROW(IABLogon_GetLastError, MAPI_UNICODE, ARG_VALUE, ARG_FLAGS, ARG_OUT),
    ROW(IABLogon_Logoff, FLAGS_ANY, ARG_FLAGS),
    ROW(IABLogon_OpenEntry, OPEN_FLAGS,
        ARG_COUNT, ARG_ENTRYID, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IABLogon_CompareEntryIDs, FLAGS_NONE,
        ARG_COUNT, ARG_ENTRYID, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_OUT_ULONG),
    ROW(IABLogon_Advise, FLAGS_ANY, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_OBJECT, ARG_OUT),
    ROW(IABLogon_Unadvise, FLAGS_NONE, ARG_CONNECTION),
    ROW(IABLogon_OpenStatusEntry, MAPI_MODIFY, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IABLogon_OpenTemplateID, FILL_ENTRY, ARG_COUNT, ARG_ENTRYID_REQ, ARG_FLAGS, ARG_OBJECT,
        ARG_IID_OPT, ARG_OUT, ARG_OBJECT_OPT),
    ROW(IABLogon_GetOneOffTable, MAPI_UNICODE, ARG_FLAGS, ARG_OUT),
    ROW(IABLogon_PrepareRecips, FLAGS_ANY, ARG_FLAGS, ARG_TAGS_OPT, ARG_ADRLIST),

    ROW(IXPProvider_Shutdown, DEINIT_NORMAL | DEINIT_HURRY, ARG_FLAGS_INOUT),
    ROW(IXPProvider_TransportLogon, XP_LOGON_FLAGS,
        ARG_OBJECT, ARG_VALUE, ARG_STRING_OPT, ARG_FLAGS_INOUT, ARG_OUT_OPT, ARG_OUT),

    ROW(IXPLogon_AddressTypes, FLAGS_NONE,
        ARG_OUT_ULONG, ARG_OUT_ULONG, ARG_OUT, ARG_OUT_ULONG, ARG_OUT),
    ROW(IXPLogon_RegisterOptions, FLAGS_NONE, ARG_OUT_ULONG, ARG_OUT_ULONG, ARG_OUT),
    ROW(IXPLogon_TransportNotify, TRANSPORT_NOTIFY_FLAGS, ARG_FLAGS_INOUT, ARG_OUT_OPT),
    ROW(IXPLogon_Idle, FLAGS_ANY, ARG_FLAGS),
    ROW(IXPLogon_TransportLogoff, LOGOFF_NORMAL | LOGOFF_HURRY, ARG_FLAGS),
    ROW(IXPLogon_SubmitMessage, FLAGS_ANY, ARG_FLAGS, ARG_OBJECT, ARG_OUT_ULONG, ARG_OUT_ULONG),
    ROW(IXPLogon_EndMessage, FLAGS_NONE, ARG_VALUE, ARG_OUT_ULONG),
    ROW(IXPLogon_Poll, FLAGS_NONE, ARG_OUT_ULONG),
    ROW(IXPLogon_StartMessage, FLAGS_ANY, ARG_FLAGS, ARG_OBJECT, ARG_OUT_ULONG),
    ROW(IXPLogon_OpenStatusEntry, MAPI_MODIFY, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IXPLogon_ValidateState, STATUS_VALIDATE_FLAGS, ARG_VALUE, ARG_FLAGS),
    ROW(IXPLogon_FlushQueues, FLUSH_FLAGS, ARG_VALUE, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS),

    ROW(IMSProvider_Shutdown, FLAGS_NONE, ARG_OUT_ULONG),
    ROW(IMSProvider_Logon, STORE_LOGON_FLAGS,
        ARG_OBJECT, ARG_VALUE, ARG_STRING_OPT, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_IID_OPT,
        ARG_OUT_ULONG, ARG_OUT, ARG_OUT_OPT, ARG_OUT, ARG_OUT),
    ROW(IMSProvider_SpoolerLogon, STORE_LOGON_FLAGS,
        ARG_OBJECT, ARG_VALUE, ARG_STRING_OPT, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_IID_OPT,
        ARG_COUNT, ARG_BYTES, ARG_OUT_OPT, ARG_OUT, ARG_OUT),
    ROW(IMSProvider_CompareStoreIDs, FLAGS_NONE,
        ARG_COUNT, ARG_ENTRYID, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_OUT_ULONG),

    ROW(IMSLogon_GetLastError, MAPI_UNICODE, ARG_VALUE, ARG_FLAGS, ARG_OUT),
    ROW(IMSLogon_Logoff, FLAGS_NONE, ARG_OUT_ULONG),
    ROW(IMSLogon_OpenEntry, OPEN_FLAGS,
        ARG_COUNT, ARG_ENTRYID, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),
    ROW(IMSLogon_CompareEntryIDs, FLAGS_NONE,
        ARG_COUNT, ARG_ENTRYID, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_OUT_ULONG),
    ROW(IMSLogon_Advise, STORE_EVENTS, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS, ARG_OBJECT, ARG_OUT),
    ROW(IMSLogon_Unadvise, FLAGS_NONE, ARG_CONNECTION),
    ROW(IMSLogon_OpenStatusEntry, MAPI_MODIFY, ARG_IID_OPT, ARG_FLAGS, ARG_OUT_ULONG, ARG_OUT),

    ROW(IMAPIControl_GetLastError, MAPI_UNICODE, ARG_VALUE, ARG_FLAGS, ARG_OUT),
    ROW(IMAPIControl_Activate, FLAGS_NONE, ARG_FLAGS, ARG_VALUE),
    ROW(IMAPIControl_GetState, FLAGS_NONE, ARG_FLAGS, ARG_OUT_ULONG),

    ROW(IMAPIStatus_ValidateState, STATUS_VALIDATE_FLAGS, ARG_VALUE, ARG_FLAGS),
    ROW(IMAPIStatus_SettingsDialog, UI_READONLY, ARG_VALUE, ARG_FLAGS),
    ROW(IMAPIStatus_ChangePassword, MAPI_UNICODE, ARG_STRING, ARG_STRING, ARG_FLAGS),
    ROW(IMAPIStatus_FlushQueues, FLUSH_FLAGS, ARG_VALUE, ARG_COUNT, ARG_ENTRYID, ARG_FLAGS),

    STREAM_ROW(IStream_Read, ARG_STREAM_OUT, ARG_VALUE, ARG_OUT_ULONG_OPT),
    STREAM_ROW(IStream_Write, ARG_STREAM_IN, ARG_VALUE, ARG_OUT_ULONG_OPT),
    STREAM_ROW(IStream_Seek, ARG_LARGE, ARG_SEEK_ORIGIN, ARG_OUT_LARGE_OPT),
    STREAM_ROW(IStream_SetSize, ARG_LARGE),
    STREAM_ROW(IStream_CopyTo, ARG_OBJECT, ARG_LARGE, ARG_OUT_LARGE_OPT, ARG_OUT_LARGE_OPT),
    STREAM_ROW(IStream_Commit, ARG_VALUE),
    STREAM_ROW(IStream_Revert, ARG_END),
    STREAM_ROW(IStream_LockRegion, ARG_LARGE, ARG_LARGE, ARG_VALUE),
    STREAM_ROW(IStream_UnlockRegion, ARG_LARGE, ARG_LARGE, ARG_VALUE),
    STREAM_ROW(IStream_Stat, ARG_OUT_STATSTG, ARG_VALUE),
    STREAM_ROW(IStream_Clone, ARG_OUT),

    ROW(IMAPIAdviseSink_OnNotify, FLAGS_NONE, ARG_COUNT, ARG_NOTIFS),
};

C_ASSERT(ARRAY_SIZE(method_rows) == IMAPIAdviseSink_OnNotify + 1);

/* Combinations of known flags a method refuses */
enum rule_kind
{
    AT_MOST_ONE,    /* at most one of the bits of mask */
    REQUIRES,       /* the bits of mask only with those of other */
};

static const struct flag_rule
{
    METHODS method;
    enum rule_kind kind;
    ULONG mask, other;
}
flag_rules[] =
{
    { IMAPIProp_SaveChanges, AT_MOST_ONE, KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE },
    { IMAPIProp_OpenProperty, REQUIRES, MAPI_CREATE, MAPI_MODIFY },
    { IMAPIContainer_SetSearchCriteria, AT_MOST_ONE, STOP_SEARCH | RESTART_SEARCH },
    { IMAPIContainer_SetSearchCriteria, AT_MOST_ONE, RECURSIVE_SEARCH | SHALLOW_SEARCH },
    { IMAPIContainer_SetSearchCriteria, AT_MOST_ONE, FOREGROUND_SEARCH | BACKGROUND_SEARCH },
    /* the two CLEAR_*_PENDING flags go together, but with none of the others */
    { IMAPIFolder_SetReadFlags, AT_MOST_ONE,
      GENERATE_RECEIPT_ONLY | SUPPRESS_RECEIPT | CLEAR_READ_FLAG | CLEAR_RN_PENDING },
    { IMAPIFolder_SetReadFlags, AT_MOST_ONE,
      GENERATE_RECEIPT_ONLY | SUPPRESS_RECEIPT | CLEAR_READ_FLAG | CLEAR_NRN_PENDING },
    { IMessage_SetReadFlag, AT_MOST_ONE,
      GENERATE_RECEIPT_ONLY | SUPPRESS_RECEIPT | CLEAR_READ_FLAG | CLEAR_RN_PENDING },
    { IMessage_SetReadFlag, AT_MOST_ONE,
      GENERATE_RECEIPT_ONLY | SUPPRESS_RECEIPT | CLEAR_READ_FLAG | CLEAR_NRN_PENDING },
    { IMessage_ModifyRecipients, AT_MOST_ONE, MODRECIP_ADD | MODRECIP_MODIFY | MODRECIP_REMOVE },
    { IMsgStore_StoreLogoff, AT_MOST_ONE, LOGOFF_FLAGS },
    { IXPLogon_TransportLogoff, AT_MOST_ONE, LOGOFF_NORMAL | LOGOFF_HURRY },
    { IXPProvider_Shutdown, AT_MOST_ONE, DEINIT_NORMAL | DEINIT_HURRY },
};

/* What kinds of property tag a use accepts */
#define TAG_NULL        0x01    /* PR_NULL, a placeholder */
#define TAG_UNSPECIFIED 0x02
#define TAG_ERROR       0x04
#define TAG_OBJECT      0x08
#define TAG_INSTANCE    0x10    /* MVI_FLAG */
#define TAG_ANY_TYPE    0x20    /* named properties: only the identifier matters */

#define TAGS_READ    (TAG_NULL | TAG_UNSPECIFIED | TAG_OBJECT)
#define TAGS_COLUMNS (TAG_NULL | TAG_OBJECT | TAG_INSTANCE)
#define TAGS_SET     (TAG_NULL | TAG_ERROR)
#define TAGS_OPEN    (TAG_OBJECT)

static BOOL bad_tag(ULONG tag, ULONG allowed)
{
    ULONG type = PROP_TYPE(tag);

    if (tag == PR_NULL) return !(allowed & TAG_NULL);
    if (PROP_ID(tag) == PROP_ID_NULL || PROP_ID(tag) == PROP_ID_INVALID) return TRUE;
    if (allowed & TAG_ANY_TYPE) return FALSE;
    if ((allowed & TAG_INSTANCE) && (type & MVI_FLAG) == MVI_FLAG) type &= ~MV_INSTANCE;
    if (FBadPropTag(type)) return TRUE;

    switch (type & ~MV_FLAG)
    {
    case PT_NULL:        return TRUE;
    case PT_UNSPECIFIED: return !(allowed & TAG_UNSPECIFIED);
    case PT_ERROR:       return !(allowed & TAG_ERROR);
    case PT_OBJECT:      return !(allowed & TAG_OBJECT);
    }
    return FALSE;
}

static BOOL bad_read(const void *ptr, SIZE_T count, SIZE_T size)
{
    if (!ptr || (size && count > ~(SIZE_T)0 / size)) return TRUE;
    return IsBadReadPtr(ptr, count * size);
}

static BOOL bad_write(void *ptr, SIZE_T size)
{
    return !ptr || IsBadWritePtr(ptr, size);
}

static BOOL bad_string(const void *str, BOOL unicode)
{
    if (!str) return TRUE;
    return unicode ? IsBadStringPtrW(str, ~(UINT_PTR)0) : IsBadStringPtrA(str, ~(UINT_PTR)0);
}

/* An interface pointer: a readable vtable with IUnknown's methods at least */
static BOOL bad_object(const void *object)
{
    if (bad_read(object, 1, sizeof(void *))) return TRUE;
    return bad_read(*(void * const *)object, 3, sizeof(void *));
}

static BOOL bad_tag_array(const SPropTagArray *tags, ULONG allowed, BOOL nonempty)
{
    ULONG i;

    if (bad_read(tags, 1, offsetof(SPropTagArray, aulPropTag))) return TRUE;
    if (nonempty && !tags->cValues) return TRUE;
    if (tags->cValues && bad_read(tags->aulPropTag, tags->cValues, sizeof(ULONG))) return TRUE;
    for (i = 0; i < tags->cValues; i++)
        if (bad_tag(tags->aulPropTag[i], allowed)) return TRUE;
    return FALSE;
}

static BOOL bad_props(const SPropValue *props, ULONG count)
{
    ULONG i;

    if (!count || bad_read(props, count, sizeof(*props))) return TRUE;
    for (i = 0; i < count; i++)
        if (bad_tag(props[i].ulPropTag, TAGS_SET) || FBadProp((SPropValue *)&props[i])) return TRUE;
    return FALSE;
}

/* A FlagList: cFlags and as many ULONGs */
static BOOL bad_flag_list(const ULONG *list)
{
    if (bad_read(list, 1, sizeof(ULONG))) return TRUE;
    return list[0] && bad_read(list + 1, list[0], sizeof(ULONG));
}

/* Whether argument i of a call is bad; flags are the call's flags */
static BOOL bad_arg(const struct method_row *row, const ULONG_PTR *args, unsigned int i, ULONG flags)
{
    void *ptr = (void *)args[i];
    ULONG before = i ? (ULONG)args[i - 1] : 0;
    ULONG after = (ULONG)args[i + 1];

    switch (row->args[i])
    {
    case ARG_VALUE:
    case ARG_COUNT:
    case ARG_LARGE:
    case ARG_FLAGS:
        return FALSE;
    case ARG_FLAGS_INOUT:       return bad_write(ptr, sizeof(ULONG));
    case ARG_NONZERO:           return !(ULONG)args[i];
    case ARG_CONNECTION:        return !args[i];
    case ARG_OUT:               return bad_write(ptr, sizeof(void *));
    case ARG_OUT_OPT:           return ptr && bad_write(ptr, sizeof(void *));
    case ARG_OUT_ULONG:         return bad_write(ptr, sizeof(ULONG));
    case ARG_OUT_ULONG_OPT:     return ptr && bad_write(ptr, sizeof(ULONG));
    case ARG_OUT_LARGE_OPT:     return ptr && bad_write(ptr, sizeof(ULARGE_INTEGER));
    case ARG_OUT_STATSTG:       return bad_write(ptr, sizeof(STATSTG));
    case ARG_IID:               return bad_read(ptr, 1, sizeof(IID));
    case ARG_IID_OPT:
    case ARG_GUID_OPT:          return ptr && bad_read(ptr, 1, sizeof(GUID));
    case ARG_IID_ARRAY:         return before && bad_read(ptr, before, sizeof(IID));
    case ARG_OBJECT:            return bad_object(ptr);
    case ARG_OBJECT_OPT:        return ptr && bad_object(ptr);
    case ARG_STRING:            return bad_string(ptr, flags & MAPI_UNICODE);
    case ARG_STRING_OPT:        return ptr && bad_string(ptr, flags & MAPI_UNICODE);
    case ARG_ENTRYID:
    case ARG_BYTES:             return before && bad_read(ptr, before, 1);
    case ARG_ENTRYID_REQ:
    case ARG_KEY:               return !before || bad_read(ptr, before, 1);
    case ARG_STREAM_IN:         return after && bad_read(ptr, after, 1);
    case ARG_STREAM_OUT:        return after && bad_write(ptr, after);
    case ARG_TAGS:              return bad_tag_array(ptr, TAGS_READ, FALSE);
    case ARG_TAGS_OPT:          return ptr && bad_tag_array(ptr, TAGS_READ, FALSE);
    case ARG_TAGS_NONEMPTY:     return bad_tag_array(ptr, TAGS_READ, TRUE);
    case ARG_TAGS_NONEMPTY_OPT: return ptr && bad_tag_array(ptr, TAGS_READ, TRUE);
    case ARG_COLUMNS:           return bad_tag_array(ptr, TAGS_COLUMNS, TRUE);
    case ARG_TAGS_INOUT:
    {
        SPropTagArray **tags = ptr;

        if (bad_read(tags, 1, sizeof(*tags))) return TRUE;
        if (!*tags) return bad_write(tags, sizeof(*tags));
        return bad_tag_array(*tags, TAG_ANY_TYPE, TRUE);
    }
    case ARG_PROPTAG_OPEN:      return bad_tag((ULONG)args[i], TAGS_OPEN);
    case ARG_PROPS:             return bad_props(ptr, before);
    case ARG_NAMEIDS_OPT:       return ptr ? FBadRglpNameID(ptr, before) : before != 0;
    case ARG_RESTRICTION:       return FBadRestriction(ptr);
    case ARG_RESTRICTION_OPT:   return ptr && FBadRestriction(ptr);
    case ARG_SORT:              return FBadSortOrderSet(ptr);
    case ARG_ENTRYLIST:         return FBadEntryList(ptr);
    case ARG_ENTRYLIST_OPT:     return ptr && FBadEntryList(ptr);
    /* ADRLIST and ADRENTRY are laid out as SRowSet and SRow */
    case ARG_ADRLIST:           return FBadRowSet(ptr);
    case ARG_FLAGLIST:          return bad_flag_list(ptr);
    case ARG_NOTIFS:            return !before || bad_read(ptr, before, sizeof(NOTIFICATION));
    case ARG_NEWMAIL:
        return bad_read(ptr, 1, sizeof(NOTIFICATION)) || ((NOTIFICATION *)ptr)->ulEventType != fnevNewMail;
    case ARG_FOLDER_TYPE:       return (ULONG)args[i] != FOLDER_GENERIC && (ULONG)args[i] != FOLDER_SEARCH;
    case ARG_SEEK_ORIGIN:       return (ULONG)args[i] > STREAM_SEEK_END;
    case ARG_TABLE_EVENT:       return (ULONG)args[i] != fnevTableModified;
    }
    ERR("%s: unknown argument kind %u\n", row->name, row->args[i]);
    return TRUE;
}

static BOOL flags_break_rule(METHODS method, ULONG flags)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(flag_rules); i++)
    {
        const struct flag_rule *rule = &flag_rules[i];
        ULONG set = flags & rule->mask;

        if (rule->method != method) continue;
        if (rule->kind == AT_MOST_ONE && (set & (set - 1))) return TRUE;
        if (rule->kind == REQUIRES && set && (flags & rule->other) != rule->other) return TRUE;
    }
    return FALSE;
}

static const struct method_row *row_of(ULONG method)
{
    if (method >= ARRAY_SIZE(method_rows) || !method_rows[method].name)
    {
        WARN("unknown method %lu\n", method);
        return NULL;
    }
    return &method_rows[method];
}

static unsigned int arg_count(const struct method_row *row)
{
    unsigned int count = 0;

    while (count < MAX_ARGS && row->args[count] != ARG_END) count++;
    return count;
}

/* Checks the arguments of a call: args holds one value per argument, and a
 * spare 0 after the last one. */
static HRESULT check_call(const struct method_row *row, const ULONG_PTR *args)
{
    unsigned int i, count = arg_count(row);
    ULONG flags = 0;

    for (i = 0; i < count; i++)
    {
        if (row->args[i] == ARG_FLAGS) flags = (ULONG)args[i];
        else if (row->args[i] == ARG_FLAGS_INOUT && !bad_write((void *)args[i], sizeof(ULONG)))
            flags = *(ULONG *)args[i];
    }

    for (i = 0; i < count; i++)
    {
        if (bad_arg(row, args, i, flags))
        {
            WARN("%s: argument %u (%#Ix) is bad\n", row->name, i + 1, args[i]);
            return row->bad;
        }
    }
    if (flags & ~row->known_flags)
    {
        WARN("%s: unknown flags %#lx\n", row->name, flags & ~row->known_flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (flags_break_rule((METHODS)(row - method_rows), flags))
    {
        WARN("%s: flags %#lx do not go together\n", row->name, flags);
        return row->bad;
    }
    return S_OK;
}

/* Stack slots a by-value argument takes: a 64-bit value two on 32-bit */
static unsigned int arg_slots(BYTE kind)
{
    return kind == ARG_LARGE ? sizeof(ULARGE_INTEGER) / sizeof(ULONG_PTR) : 1;
}

/* The arguments after the object pointer, laid out as on the stack */
static HRESULT check_slots(ULONG method, const ULONG_PTR *slots)
{
    const struct method_row *row = row_of(method);
    ULONG_PTR args[MAX_ARGS + 1] = { 0 };
    unsigned int i, count, total = 0;

    if (!row) return MAPI_E_INVALID_PARAMETER;
    count = arg_count(row);
    for (i = 0; i < count; i++) total += arg_slots(row->args[i]);
    if (total && bad_read(slots, total, sizeof(*slots)))
    {
        WARN("%s: the arguments at %p cannot be read\n", row->name, slots);
        return MAPI_E_INVALID_PARAMETER;
    }

    for (i = 0; i < count; i++)
    {
        args[i] = *slots;
        slots += arg_slots(row->args[i]);
    }
    return check_call(row, args);
}

/* The object pointer and the arguments after it as variable arguments */
static HRESULT check_va_list(ULONG method, va_list list)
{
    const struct method_row *row = row_of(method);
    ULONG_PTR args[MAX_ARGS + 1] = { 0 };
    unsigned int i, count;

    if (!row) return MAPI_E_INVALID_PARAMETER;
    count = arg_count(row);

    (void)va_arg(list, void *);   /* the object */
    for (i = 0; i < count; i++)
    {
        if (row->args[i] == ARG_LARGE) (void)va_arg(list, ULONGLONG);
        else args[i] = va_arg(list, ULONG_PTR);
    }
    return check_call(row, args);
}

/***********************************************************************
 *  __ValidateParameters@8 (MAPI32.187)
 *
 * Validates the arguments of a provider's interface method, found on the
 * stack behind the object pointer (mapival.h's ValidateParameters macro, C).
 *
 * PARAMS
 *  method  [I] The method, one of METHODS.
 *  this_ptr [I] The address of the method's object pointer argument.
 *
 * RETURNS
 *  S_OK if the arguments are good, MAPI_E_INVALID_PARAMETER (IStream:
 *  STG_E_INVALIDPARAMETER) for a bad one, MAPI_E_UNKNOWN_FLAGS for flags the
 *  method does not know.
 *
 * NOTES
 *  Only x86 passes a method's arguments together on the stack. Elsewhere the
 *  SDK does not offer this macro, and, as Windows does there, the arguments
 *  are not looked at and S_OK is returned.
 */
HRESULT WINAPI __ValidateParameters(METHODS method, LPVOID this_ptr)
{
    TRACE("(%u,%p)\n", method, this_ptr);

#ifdef __i386__
    if (!this_ptr) return MAPI_E_INVALID_PARAMETER;
    return check_slots(method, (const ULONG_PTR *)this_ptr + 1);
#else
    return S_OK;
#endif
}

/***********************************************************************
 *  __CPPValidateParameters@8 (MAPI32.188)
 *
 * Validates the arguments of a provider's interface method from the address
 * of the first one after the object pointer (mapival.h's ValidateParameters
 * macro, C++).
 *
 * PARAMS
 *  method [I] The method, one of METHODS.
 *  first  [I] The address of the first argument after the object pointer.
 *
 * RETURNS
 *  See __ValidateParameters.
 *
 * NOTES
 *  Like __ValidateParameters, S_OK without looking elsewhere than on x86.
 */
HRESULT WINAPI __CPPValidateParameters(METHODS method, LPVOID first)
{
    TRACE("(%u,%p)\n", method, first);

#ifdef __i386__
    return check_slots(method, first);
#else
    return S_OK;
#endif
}

/***********************************************************************
 *  HrValidateParameters@8 (MAPI32.241)
 *
 * Validates the arguments of a provider's interface method (the x86
 * ValidateParametersN and ValidateParms macros).
 *
 * PARAMS
 *  method [I] The method, one of METHODS.
 *  first  [I] The arguments after the object pointer, one stack slot each
 *             (a pointer-sized value; on 32-bit a 64-bit value takes two),
 *             as the macros' __rgArgs array lays them out.
 *
 * RETURNS
 *  See __ValidateParameters; MAPI_E_INVALID_PARAMETER for an unknown method
 *  or unreadable arguments.
 *
 * NOTES
 *  The SDK declares it for x86 only; on 64-bit the array holds one 8-byte
 *  slot per argument, as the stack would.
 */
HRESULT WINAPI HrValidateParameters(METHODS method, LPVOID *first)
{
    TRACE("(%u,%p)\n", method, first);

    return check_slots(method, (const ULONG_PTR *)first);
}

/***********************************************************************
 *  HrValidateParametersValist (MAPI32.@)
 *
 * Validates the arguments of a provider's interface method, the object
 * pointer first, from a va_list.
 *
 * PARAMS
 *  method [I] The method, one of METHODS.
 *  args   [I] The object pointer and the method's arguments.
 *
 * RETURNS
 *  See HrValidateParameters.
 */
HRESULT WINAPIV HrValidateParametersValist(METHODS method, va_list args)
{
    TRACE("(%u,...)\n", method);

    return check_va_list(method, args);
}

/***********************************************************************
 *  HrValidateParametersV (MAPI32.@)
 *
 * Validates the arguments of a provider's interface method, the object
 * pointer first (the ValidateParms macros outside x86).
 *
 * PARAMS
 *  method [I] The method, one of METHODS.
 *  ...    [I] The object pointer and the method's arguments.
 *
 * RETURNS
 *  See HrValidateParameters.
 */
HRESULT WINAPIV HrValidateParametersV(METHODS method, ...)
{
    va_list args;
    HRESULT hr;

    TRACE("(%u,...)\n", method);

    va_start(args, method);
    hr = check_va_list(method, args);
    va_end(args);
    return hr;
}
