/*
 * The methods mapival.h's parameter validation knows, numbered as in the SDK:
 * the METHODS enumeration that __ValidateParameters, __CPPValidateParameters
 * and HrValidateParameters take. Wine's mapival.h lacks it.
 *
 * The enumerators are named Interface_Method, as the C call macros are: they
 * do not clash with those (a function-like macro needs a parenthesis after
 * it), but they do with WIDL_C_INLINE_WRAPPERS, which turns the IUnknown and
 * IStream macros into functions.
 *
 * Values follow Microsoft's SDK; tests/test_headers.c compares them with
 * mingw-w64's copy of the SDK headers.
 */

#ifndef MAPIVAL_METHODS_H
#define MAPIVAL_METHODS_H

#include <stdarg.h>
#include <mapival.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MAKE_ENUM(Method,Interface) Interface##_##Method

typedef enum _tagMethods
{
    /* IUnknown */
    IUnknown_QueryInterface = 0, IUnknown_AddRef, IUnknown_Release,
    /* IMAPIProp */
    IMAPIProp_GetLastError, IMAPIProp_SaveChanges, IMAPIProp_GetProps, IMAPIProp_GetPropList,
    IMAPIProp_OpenProperty, IMAPIProp_SetProps, IMAPIProp_DeleteProps, IMAPIProp_CopyTo,
    IMAPIProp_CopyProps, IMAPIProp_GetNamesFromIDs, IMAPIProp_GetIDsFromNames,
    /* IMAPITable */
    IMAPITable_GetLastError, IMAPITable_Advise, IMAPITable_Unadvise, IMAPITable_GetStatus,
    IMAPITable_SetColumns, IMAPITable_QueryColumns, IMAPITable_GetRowCount, IMAPITable_SeekRow,
    IMAPITable_SeekRowApprox, IMAPITable_QueryPosition, IMAPITable_FindRow, IMAPITable_Restrict,
    IMAPITable_CreateBookmark, IMAPITable_FreeBookmark, IMAPITable_SortTable,
    IMAPITable_QuerySortOrder, IMAPITable_QueryRows, IMAPITable_Abort, IMAPITable_ExpandRow,
    IMAPITable_CollapseRow, IMAPITable_WaitForCompletion, IMAPITable_GetCollapseState,
    IMAPITable_SetCollapseState,
    /* IMAPIContainer */
    IMAPIContainer_GetContentsTable, IMAPIContainer_GetHierarchyTable, IMAPIContainer_OpenEntry,
    IMAPIContainer_SetSearchCriteria, IMAPIContainer_GetSearchCriteria,
    /* IABContainer */
    IABContainer_CreateEntry, IABContainer_CopyEntries, IABContainer_DeleteEntries,
    IABContainer_ResolveNames,
    /* IDistList */
    IDistList_CreateEntry, IDistList_CopyEntries, IDistList_DeleteEntries, IDistList_ResolveNames,
    /* IMAPIFolder */
    IMAPIFolder_CreateMessage, IMAPIFolder_CopyMessages, IMAPIFolder_DeleteMessages,
    IMAPIFolder_CreateFolder, IMAPIFolder_CopyFolder, IMAPIFolder_DeleteFolder,
    IMAPIFolder_SetReadFlags, IMAPIFolder_GetMessageStatus, IMAPIFolder_SetMessageStatus,
    IMAPIFolder_SaveContentsSort, IMAPIFolder_EmptyFolder,
    /* IMsgStore */
    IMsgStore_Advise, IMsgStore_Unadvise, IMsgStore_CompareEntryIDs, IMsgStore_OpenEntry,
    IMsgStore_SetReceiveFolder, IMsgStore_GetReceiveFolder, IMsgStore_GetReceiveFolderTable,
    IMsgStore_StoreLogoff, IMsgStore_AbortSubmit, IMsgStore_GetOutgoingQueue,
    IMsgStore_SetLockState, IMsgStore_FinishedMsg, IMsgStore_NotifyNewMail,
    /* IMessage */
    IMessage_GetAttachmentTable, IMessage_OpenAttach, IMessage_CreateAttach, IMessage_DeleteAttach,
    IMessage_GetRecipientTable, IMessage_ModifyRecipients, IMessage_SubmitMessage,
    IMessage_SetReadFlag,
    /* IABProvider */
    IABProvider_Shutdown, IABProvider_Logon,
    /* IABLogon */
    IABLogon_GetLastError, IABLogon_Logoff, IABLogon_OpenEntry, IABLogon_CompareEntryIDs,
    IABLogon_Advise, IABLogon_Unadvise, IABLogon_OpenStatusEntry, IABLogon_OpenTemplateID,
    IABLogon_GetOneOffTable, IABLogon_PrepareRecips,
    /* IXPProvider */
    IXPProvider_Shutdown, IXPProvider_TransportLogon,
    /* IXPLogon */
    IXPLogon_AddressTypes, IXPLogon_RegisterOptions, IXPLogon_TransportNotify, IXPLogon_Idle,
    IXPLogon_TransportLogoff, IXPLogon_SubmitMessage, IXPLogon_EndMessage, IXPLogon_Poll,
    IXPLogon_StartMessage, IXPLogon_OpenStatusEntry, IXPLogon_ValidateState, IXPLogon_FlushQueues,
    /* IMSProvider */
    IMSProvider_Shutdown, IMSProvider_Logon, IMSProvider_SpoolerLogon, IMSProvider_CompareStoreIDs,
    /* IMSLogon */
    IMSLogon_GetLastError, IMSLogon_Logoff, IMSLogon_OpenEntry, IMSLogon_CompareEntryIDs,
    IMSLogon_Advise, IMSLogon_Unadvise, IMSLogon_OpenStatusEntry,
    /* IMAPIControl */
    IMAPIControl_GetLastError, IMAPIControl_Activate, IMAPIControl_GetState,
    /* IMAPIStatus */
    IMAPIStatus_ValidateState, IMAPIStatus_SettingsDialog, IMAPIStatus_ChangePassword,
    IMAPIStatus_FlushQueues,
    /* IStream */
    IStream_Read, IStream_Write, IStream_Seek, IStream_SetSize, IStream_CopyTo, IStream_Commit,
    IStream_Revert, IStream_LockRegion, IStream_UnlockRegion, IStream_Stat, IStream_Clone,
    /* IMAPIAdviseSink */
    IMAPIAdviseSink_OnNotify,
} METHODS;

/* The validators behind the ValidateParameters and ValidateParms macros. The
 * SDK declares HrValidateParameters for x86 only and the V forms for the other
 * processors; mapi32 exports all of them on every processor. */
HRESULT WINAPI  __ValidateParameters(METHODS eMethod, LPVOID ppThis);
HRESULT WINAPI  __CPPValidateParameters(METHODS eMethod, LPVOID ppFirst);
HRESULT WINAPI  HrValidateParameters(METHODS eMethod, LPVOID *ppFirstArg);
HRESULT WINAPIV HrValidateParametersV(METHODS eMethod, ...);
HRESULT WINAPIV HrValidateParametersValist(METHODS eMethod, va_list arglist);

#ifdef __cplusplus
}
#endif

#endif /* MAPIVAL_METHODS_H */
