/*
 * Declarations of the SDK's mapidefs.h that Wine's mapidefs.h lacks and that
 * service providers need: the status object, the progress object, the
 * store's logoff, lock and support-mask flags, the display table controls,
 * the address dialog parameters and fast shutdown.
 *
 * Values and vtable order follow Microsoft's SDK; tests/test_headers.c
 * compares them with mingw-w64's copy of the SDK headers.
 */

#ifndef MAPIDEFS_SDK_H
#define MAPIDEFS_SDK_H

#include <mapidefs.h>
#include <mapicode.h>
#include <mapiguid.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The SDK's LPTSTR: TCHAR strings for programs. Inside Wine, where TCHAR does
 * not exist, the ANSI view; MAPI_UNICODE in the flags says which one was passed. */
#ifdef WINE_NO_UNICODE_MACROS
#define WINE_LPTSTR LPSTR
#else
#define WINE_LPTSTR LPTSTR
#endif

/* Flags of IMSProvider::Logon and IMAPISession::OpenMsgStore */
#ifndef MAPI_DEFERRED_ERRORS
#define MAPI_DEFERRED_ERRORS   ((ULONG)0x00000008)
#endif
#define MDB_WRITE              ((ULONG)0x00000004)
#define MDB_TEMPORARY          ((ULONG)0x00000020)
#define MDB_NO_MAIL            ((ULONG)0x00000080)

/* PR_RESOURCE_TYPE of a status table row */
#define MAPI_STORE_PROVIDER     ((ULONG)33)
#define MAPI_AB                 ((ULONG)34)
#define MAPI_AB_PROVIDER        ((ULONG)35)
#define MAPI_TRANSPORT_PROVIDER ((ULONG)36)
#define MAPI_SPOOLER            ((ULONG)37)
#define MAPI_PROFILE_PROVIDER   ((ULONG)38)
#define MAPI_SUBSYSTEM          ((ULONG)39)
#define MAPI_HOOK_PROVIDER      ((ULONG)40)

/* PR_RESOURCE_METHODS: the IMAPIStatus methods a status object supports */
#define STATUS_VALIDATE_STATE      ((ULONG)0x00000001)
#define STATUS_SETTINGS_DIALOG     ((ULONG)0x00000002)
#define STATUS_CHANGE_PASSWORD     ((ULONG)0x00000004)
#define STATUS_FLUSH_QUEUES        ((ULONG)0x00000008)

/* PR_RESOURCE_FLAGS */
#define STATUS_DEFAULT_OUTBOUND    ((ULONG)0x00000001)
#define STATUS_DEFAULT_STORE       ((ULONG)0x00000002)
#define STATUS_PRIMARY_IDENTITY    ((ULONG)0x00000004)
#define STATUS_SIMPLE_STORE        ((ULONG)0x00000008)
#define STATUS_XP_PREFER_LAST      ((ULONG)0x00000010)
#define STATUS_NO_PRIMARY_IDENTITY ((ULONG)0x00000020)
#define STATUS_NO_DEFAULT_STORE    ((ULONG)0x00000040)
#define STATUS_TEMP_SECTION        ((ULONG)0x00000080)
#define STATUS_OWN_STORE           ((ULONG)0x00000100)
#define STATUS_NEED_IPM_TREE       ((ULONG)0x00000800)
#define STATUS_PRIMARY_STORE       ((ULONG)0x00001000)
#define STATUS_SECONDARY_STORE     ((ULONG)0x00002000)

/* PR_STATUS_CODE */
#define STATUS_AVAILABLE           ((ULONG)0x00000001)
#define STATUS_OFFLINE             ((ULONG)0x00000002)
#define STATUS_FAILURE             ((ULONG)0x00000004)
/* PR_STATUS_CODE of a transport */
#define STATUS_INBOUND_ENABLED     ((ULONG)0x00010000)
#define STATUS_INBOUND_ACTIVE      ((ULONG)0x00020000)
#define STATUS_INBOUND_FLUSH       ((ULONG)0x00040000)
#define STATUS_OUTBOUND_ENABLED    ((ULONG)0x00100000)
#define STATUS_OUTBOUND_ACTIVE     ((ULONG)0x00200000)
#define STATUS_OUTBOUND_FLUSH      ((ULONG)0x00400000)
#define STATUS_REMOTE_ACCESS       ((ULONG)0x00800000)

/* IMAPIStatus::ValidateState */
#define SUPPRESS_UI                ((ULONG)0x00000001)
#define REFRESH_XP_HEADER_CACHE    ((ULONG)0x00010000)
#define PROCESS_XP_HEADER_CACHE    ((ULONG)0x00020000)
#define FORCE_XP_CONNECT           ((ULONG)0x00040000)
#define FORCE_XP_DISCONNECT        ((ULONG)0x00080000)
#define CONFIG_CHANGED             ((ULONG)0x00100000)
#define ABORT_XP_HEADER_OPERATION  ((ULONG)0x00200000)
#define SHOW_XP_SESSION_UI         ((ULONG)0x00400000)

/* IMAPIStatus::SettingsDialog */
#define UI_READONLY                ((ULONG)0x00000001)

/* IMAPIStatus::FlushQueues and IXPLogon::FlushQueues */
#define FLUSH_UPLOAD               ((ULONG)0x00000002)
#define FLUSH_DOWNLOAD             ((ULONG)0x00000004)
#define FLUSH_FORCE                ((ULONG)0x00000008)
#define FLUSH_NO_UI                ((ULONG)0x00000010)
#define FLUSH_ASYNC_OK             ((ULONG)0x00000020)

/* PR_STORE_SUPPORT_MASK */
#define STORE_ENTRYID_UNIQUE       ((ULONG)0x00000001)
#define STORE_READONLY             ((ULONG)0x00000002)
#define STORE_SEARCH_OK            ((ULONG)0x00000004)
#define STORE_MODIFY_OK            ((ULONG)0x00000008)
#define STORE_CREATE_OK            ((ULONG)0x00000010)
#define STORE_ATTACH_OK            ((ULONG)0x00000020)
#define STORE_OLE_OK               ((ULONG)0x00000040)
#define STORE_SUBMIT_OK            ((ULONG)0x00000080)
#define STORE_NOTIFY_OK            ((ULONG)0x00000100)
#define STORE_MV_PROPS_OK          ((ULONG)0x00000200)
#define STORE_CATEGORIZE_OK        ((ULONG)0x00000400)
#define STORE_RTF_OK               ((ULONG)0x00000800)
#define STORE_RESTRICTION_OK       ((ULONG)0x00001000)
#define STORE_SORT_OK              ((ULONG)0x00002000)
#define STORE_PUBLIC_FOLDERS       ((ULONG)0x00004000)
#define STORE_UNCOMPRESSED_RTF     ((ULONG)0x00008000)
#define STORE_UNICODE_OK           ((ULONG)0x00040000)
#define STORE_HAS_SEARCHES         ((ULONG)0x01000000)

/* IMsgStore::StoreLogoff and IMAPISupport::StoreLogoffTransports: how, on input */
#define LOGOFF_NO_WAIT             ((ULONG)0x00000001)
#define LOGOFF_ORDERLY             ((ULONG)0x00000002)
#define LOGOFF_PURGE               ((ULONG)0x00000004)
#define LOGOFF_ABORT               ((ULONG)0x00000008)
#define LOGOFF_QUIET               ((ULONG)0x00000010)
/* ... and what the store was doing, on output */
#define LOGOFF_COMPLETE            ((ULONG)0x00010000)
#define LOGOFF_INBOUND             ((ULONG)0x00020000)
#define LOGOFF_OUTBOUND            ((ULONG)0x00040000)
#define LOGOFF_OUTBOUND_QUEUE      ((ULONG)0x00080000)

/* IMsgStore::SetLockState */
#define MSG_LOCKED                 ((ULONG)0x00000001)
#define MSG_UNLOCKED               ((ULONG)0x00000000)

/* PR_VALID_FOLDER_MASK */
#define FOLDER_IPM_SUBTREE_VALID     ((ULONG)0x00000001)
#define FOLDER_IPM_INBOX_VALID       ((ULONG)0x00000002)
#define FOLDER_IPM_OUTBOX_VALID      ((ULONG)0x00000004)
#define FOLDER_IPM_WASTEBASKET_VALID ((ULONG)0x00000008)
#define FOLDER_IPM_SENTMAIL_VALID    ((ULONG)0x00000010)
#define FOLDER_VIEWS_VALID           ((ULONG)0x00000020)
#define FOLDER_COMMON_VIEWS_VALID    ((ULONG)0x00000040)
#define FOLDER_FINDER_VALID          ((ULONG)0x00000080)

/* IMessage::SubmitMessage */
#define FORCE_SUBMIT               ((ULONG)0x00000001)

/* PR_MESSAGE_FLAGS beyond those of mapidefs.h */
#define MSGFLAG_ASSOCIATED         ((ULONG)0x00000040)
#define MSGFLAG_RESEND             ((ULONG)0x00000080)
#define MSGFLAG_RN_PENDING         ((ULONG)0x00000100)
#define MSGFLAG_NRN_PENDING        ((ULONG)0x00000200)

/* PR_SUBMIT_FLAGS */
#define SUBMITFLAG_LOCKED          ((ULONG)0x00000001)
#define SUBMITFLAG_PREPROCESS      ((ULONG)0x00000002)

/* IMessage::ModifyRecipients */
#define MODRECIP_ADD               ((ULONG)0x00000002)
#define MODRECIP_MODIFY            ((ULONG)0x00000004)
#define MODRECIP_REMOVE            ((ULONG)0x00000008)

/* IMessage::SetReadFlag */
#define SUPPRESS_RECEIPT           ((ULONG)0x00000001)
#define CLEAR_READ_FLAG            ((ULONG)0x00000004)
#define GENERATE_RECEIPT_ONLY      ((ULONG)0x00000010)
#define CLEAR_RN_PENDING           ((ULONG)0x00000020)
#define CLEAR_NRN_PENDING          ((ULONG)0x00000040)

/* PR_IMPORTANCE values */
#define IMPORTANCE_LOW             ((LONG)0)
#define IMPORTANCE_NORMAL          ((LONG)1)
#define IMPORTANCE_HIGH            ((LONG)2)

/* IMessage::DeleteAttach */
#define ATTACH_DIALOG              ((ULONG)0x00000001)

/* PR_ATTACH_METHOD values past Wine's */
#define ATTACH_BY_REFERENCE        ((ULONG)0x00000002)
#define ATTACH_BY_REF_RESOLVE      ((ULONG)0x00000003)
#define ATTACH_BY_REF_ONLY         ((ULONG)0x00000004)
#define ATTACH_EMBEDDED_MSG        ((ULONG)0x00000005)
#define ATTACH_OLE                 ((ULONG)0x00000006)

/* IMAPIProp::OpenProperty on a stream */
#define STREAM_APPEND              ((ULONG)0x00000004)

/* Address lists */
#define CbNewADRLIST(_centries)    (offsetof(ADRLIST, aEntries) + (_centries) * sizeof(ADRENTRY))
#define CbADRLIST(_lpadrlist)      (offsetof(ADRLIST, aEntries) + (UINT)(_lpadrlist)->cEntries * sizeof(ADRENTRY))
#define SizedADRLIST(_centries, _name) \
    struct _ADRLIST_ ## _name { ULONG cEntries; ADRENTRY aEntries[_centries]; } _name

/*****************************************************************************
 * IMAPIProgress interface
 */
#ifndef __IMAPIProgress_INTERFACE_DEFINED__
#define __IMAPIProgress_INTERFACE_DEFINED__

/* IMAPIProgress::GetFlags */
#define MAPI_TOP_LEVEL ((ULONG)0x00000001)

#define INTERFACE IMAPIProgress
DECLARE_INTERFACE_(IMAPIProgress,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIProgress methods ***/
    STDMETHOD(Progress)(THIS_ ULONG ulValue, ULONG ulCount, ULONG ulTotal) PURE;
    STDMETHOD(GetFlags)(THIS_ ULONG *lpulFlags) PURE;
    STDMETHOD(GetMax)(THIS_ ULONG *lpulMax) PURE;
    STDMETHOD(GetMin)(THIS_ ULONG *lpulMin) PURE;
    STDMETHOD(SetLimits)(THIS_ ULONG *lpulMin, ULONG *lpulMax, ULONG *lpulFlags) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMAPIProgress_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIProgress_AddRef(p)             (p)->lpVtbl->AddRef(p)
#define IMAPIProgress_Release(p)            (p)->lpVtbl->Release(p)
        /*** IMAPIProgress methods ***/
#define IMAPIProgress_Progress(p,a,b,c)     (p)->lpVtbl->Progress(p,a,b,c)
#define IMAPIProgress_GetFlags(p,a)         (p)->lpVtbl->GetFlags(p,a)
#define IMAPIProgress_GetMax(p,a)           (p)->lpVtbl->GetMax(p,a)
#define IMAPIProgress_GetMin(p,a)           (p)->lpVtbl->GetMin(p,a)
#define IMAPIProgress_SetLimits(p,a,b,c)    (p)->lpVtbl->SetLimits(p,a,b,c)
#endif

#endif /* __IMAPIProgress_INTERFACE_DEFINED__ */

/*****************************************************************************
 * IMAPIStatus interface
 *
 * The status object of MAPI, the spooler or a provider: a row of the status table.
 */
#ifndef __IMAPIStatus_INTERFACE_DEFINED__
#define __IMAPIStatus_INTERFACE_DEFINED__

#define INTERFACE IMAPIStatus
DECLARE_INTERFACE_(IMAPIStatus,IMAPIProp)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIProp methods, as Wine's IMAPIProp declares them (C++ overrides them) ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(SaveChanges)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG *lpcValues,
                        LPSPropValue *lppPropArray) PURE;
    STDMETHOD(GetPropList)(THIS_ ULONG ulFlags, LPSPropTagArray *lppPropTagArray) PURE;
    STDMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions,
                            ULONG ulFlags, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpPropArray, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTagArray, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                      ULONG ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
                      LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps, ULONG ulUIParam,
                         LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                         ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags,
                               ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames) PURE;
    STDMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames, LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                               LPSPropTagArray *lppPropTags) PURE;
    /*** IMAPIStatus methods ***/
    STDMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(SettingsDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(ChangePassword)(THIS_ WINE_LPTSTR lpOldPass, WINE_LPTSTR lpNewPass, ULONG ulFlags) PURE;
    STDMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport,
                           LPENTRYID lpTargetTransport, ULONG ulFlags) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMAPIStatus_QueryInterface(p,a,b)        (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIStatus_AddRef(p)                    (p)->lpVtbl->AddRef(p)
#define IMAPIStatus_Release(p)                   (p)->lpVtbl->Release(p)
        /*** IMAPIProp methods ***/
#define IMAPIStatus_GetLastError(p,a,b,c)        (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIStatus_SaveChanges(p,a)             (p)->lpVtbl->SaveChanges(p,a)
#define IMAPIStatus_GetProps(p,a,b,c,d)          (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMAPIStatus_GetPropList(p,a,b)           (p)->lpVtbl->GetPropList(p,a,b)
#define IMAPIStatus_OpenProperty(p,a,b,c,d,e)    (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMAPIStatus_SetProps(p,a,b,c)            (p)->lpVtbl->SetProps(p,a,b,c)
#define IMAPIStatus_DeleteProps(p,a,b)           (p)->lpVtbl->DeleteProps(p,a,b)
#define IMAPIStatus_CopyTo(p,a,b,c,d,e,f,g,h,i)  (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMAPIStatus_CopyProps(p,a,b,c,d,e,f,g)   (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMAPIStatus_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMAPIStatus_GetIDsFromNames(p,a,b,c,d)   (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
        /*** IMAPIStatus methods ***/
#define IMAPIStatus_ValidateState(p,a,b)         (p)->lpVtbl->ValidateState(p,a,b)
#define IMAPIStatus_SettingsDialog(p,a,b)        (p)->lpVtbl->SettingsDialog(p,a,b)
#define IMAPIStatus_ChangePassword(p,a,b,c)      (p)->lpVtbl->ChangePassword(p,a,b,c)
#define IMAPIStatus_FlushQueues(p,a,b,c,d)       (p)->lpVtbl->FlushQueues(p,a,b,c,d)
#endif

#endif /* __IMAPIStatus_INTERFACE_DEFINED__ */

/*****************************************************************************
 * Address dialog parameters (IAddrBook::Address, IMAPISupport::Address)
 */
#ifndef __WINE_MAPI_ADRPARM_DEFINED
#define __WINE_MAPI_ADRPARM_DEFINED

#define GET_ADRPARM_VERSION(ulFlags)            (((ULONG)(ulFlags)) & 0xf0000000)
#define SET_ADRPARM_VERSION(ulFlags,ulVersion)  (((ULONG)(ulVersion)) | (((ULONG)(ulFlags)) & 0x0fffffff))

#define ADRPARM_HELP_CTX ((ULONG)0x00000000)

/* ADRPARM ulFlags */
#define DIALOG_MODAL     ((ULONG)0x00000001)
#define DIALOG_SDI       ((ULONG)0x00000002)
#define DIALOG_OPTIONS   ((ULONG)0x00000004)
#define ADDRESS_ONE      ((ULONG)0x00000008)
#define AB_SELECTONLY    ((ULONG)0x00000010)
#define AB_RESOLVE       ((ULONG)0x00000020)

typedef BOOL (WINAPI ACCELERATEABSDI)(ULONG_PTR ulUIParam, LPVOID lpvmsg);
typedef ACCELERATEABSDI *LPFNABSDI;

typedef void (WINAPI DISMISSMODELESS)(ULONG_PTR ulUIParam, LPVOID lpvContext);
typedef DISMISSMODELESS *LPFNDISMISS;

typedef SCODE (WINAPI *LPFNBUTTON)(ULONG_PTR ulUIParam, LPVOID lpvContext, ULONG cbEntryID,
                                   LPENTRYID lpSelection, ULONG ulFlags);

typedef struct _ADRPARM
{
    ULONG          cbABContEntryID;
    LPENTRYID      lpABContEntryID;
    ULONG          ulFlags;
    LPVOID         lpReserved;
    ULONG          ulHelpContext;
    WINE_LPTSTR    lpszHelpFileName;
    LPFNABSDI      lpfnABSDI;
    LPFNDISMISS    lpfnDismiss;
    LPVOID         lpvDismissContext;
    WINE_LPTSTR    lpszCaption;
    WINE_LPTSTR    lpszNewEntryTitle;
    WINE_LPTSTR    lpszDestWellsTitle;
    ULONG          cDestFields;
    ULONG          nDestFieldFocus;
    WINE_LPTSTR   *lppszDestTitles;
    ULONG         *lpulDestComps;
    LPSRestriction lpContRestriction;
    LPSRestriction lpHierRestriction;
} ADRPARM, *LPADRPARM;

#endif /* __WINE_MAPI_ADRPARM_DEFINED */

/*****************************************************************************
 * Display table controls (BuildDisplayTable, IMAPISupport::DoConfigPropsheet)
 */

/* ulCtlFlags of a control */
#define DT_MULTILINE      ((ULONG)0x00000001)
#define DT_EDITABLE       ((ULONG)0x00000002)
#define DT_REQUIRED       ((ULONG)0x00000004)
#define DT_SET_IMMEDIATE  ((ULONG)0x00000008)
#define DT_PASSWORD_EDIT  ((ULONG)0x00000010)
#define DT_ACCEPT_DBCS    ((ULONG)0x00000020)
#define DT_SET_SELECTION  ((ULONG)0x00000040)

/* ulCtlType of a control */
#define DTCT_LABEL        ((ULONG)0x00000000)
#define DTCT_EDIT         ((ULONG)0x00000001)
#define DTCT_LBX          ((ULONG)0x00000002)
#define DTCT_COMBOBOX     ((ULONG)0x00000003)
#define DTCT_DDLBX        ((ULONG)0x00000004)
#define DTCT_CHECKBOX     ((ULONG)0x00000005)
#define DTCT_GROUPBOX     ((ULONG)0x00000006)
#define DTCT_BUTTON       ((ULONG)0x00000007)
#define DTCT_PAGE         ((ULONG)0x00000008)
#define DTCT_RADIOBUTTON  ((ULONG)0x00000009)
#define DTCT_MVLISTBOX    ((ULONG)0x0000000B)
#define DTCT_MVDDLBX      ((ULONG)0x0000000C)

/* The ulb* members are byte offsets from the structure to a string after it. */
typedef struct _DTBLLABEL
{
    ULONG ulbLpszLabelName;
    ULONG ulFlags;
} DTBLLABEL, *LPDTBLLABEL;

#define SizedDtblLabel(n,u) \
    struct _DTBLLABEL_ ## u { DTBLLABEL dtbllabel; TCHAR lpszLabelName[n]; } u

typedef struct _DTBLEDIT
{
    ULONG ulbLpszCharsAllowed;
    ULONG ulFlags;
    ULONG ulNumCharsAllowed;
    ULONG ulPropTag;
} DTBLEDIT, *LPDTBLEDIT;

#define SizedDtblEdit(n,u) \
    struct _DTBLEDIT_ ## u { DTBLEDIT dtbledit; TCHAR lpszCharsAllowed[n]; } u

/* DTBLLBX ulFlags */
#define MAPI_NO_HBAR ((ULONG)0x00000001)
#define MAPI_NO_VBAR ((ULONG)0x00000002)

typedef struct _DTBLLBX
{
    ULONG ulFlags;
    ULONG ulPRSetProperty;
    ULONG ulPRTableName;
} DTBLLBX, *LPDTBLLBX;

typedef struct _DTBLCOMBOBOX
{
    ULONG ulbLpszCharsAllowed;
    ULONG ulFlags;
    ULONG ulNumCharsAllowed;
    ULONG ulPRPropertyName;
    ULONG ulPRTableName;
} DTBLCOMBOBOX, *LPDTBLCOMBOBOX;

#define SizedDtblComboBox(n,u) \
    struct _DTBLCOMBOBOX_ ## u { DTBLCOMBOBOX dtblcombobox; TCHAR lpszCharsAllowed[n]; } u

typedef struct _DTBLDDLBX
{
    ULONG ulFlags;
    ULONG ulPRDisplayProperty;
    ULONG ulPRSetProperty;
    ULONG ulPRTableName;
} DTBLDDLBX, *LPDTBLDDLBX;

typedef struct _DTBLCHECKBOX
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulPRPropertyName;
} DTBLCHECKBOX, *LPDTBLCHECKBOX;

#define SizedDtblCheckBox(n,u) \
    struct _DTBLCHECKBOX_ ## u { DTBLCHECKBOX dtblcheckbox; TCHAR lpszLabel[n]; } u

typedef struct _DTBLGROUPBOX
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
} DTBLGROUPBOX, *LPDTBLGROUPBOX;

#define SizedDtblGroupBox(n,u) \
    struct _DTBLGROUPBOX_ ## u { DTBLGROUPBOX dtblgroupbox; TCHAR lpszLabel[n]; } u

typedef struct _DTBLBUTTON
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulPRControl;
} DTBLBUTTON, *LPDTBLBUTTON;

#define SizedDtblButton(n,u) \
    struct _DTBLBUTTON_ ## u { DTBLBUTTON dtblbutton; TCHAR lpszLabel[n]; } u

typedef struct _DTBLPAGE
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulbLpszComponent;
    ULONG ulContext;
} DTBLPAGE, *LPDTBLPAGE;

#define SizedDtblPage(n,n1,u) \
    struct _DTBLPAGE_ ## u { DTBLPAGE dtblpage; TCHAR lpszLabel[n]; TCHAR lpszComponent[n1]; } u

typedef struct _DTBLRADIOBUTTON
{
    ULONG ulbLpszLabel;
    ULONG ulFlags;
    ULONG ulcButtons;
    ULONG ulPropTag;
    LONG  lReturnValue;
} DTBLRADIOBUTTON, *LPDTBLRADIOBUTTON;

#define SizedDtblRadioButton(n,u) \
    struct _DTBLRADIOBUTTON_ ## u { DTBLRADIOBUTTON dtblradiobutton; TCHAR lpszLabel[n]; } u

typedef struct _DTBLMVLISTBOX
{
    ULONG ulFlags;
    ULONG ulMVPropTag;
} DTBLMVLISTBOX, *LPDTBLMVLISTBOX;

typedef struct _DTBLMVDDLBX
{
    ULONG ulFlags;
    ULONG ulMVPropTag;
} DTBLMVDDLBX, *LPDTBLMVDDLBX;

/* IMAPIControl::GetState */
#define MAPI_ENABLED  ((ULONG)0x00000000)
#define MAPI_DISABLED ((ULONG)0x00000001)

/*****************************************************************************
 * IMAPIControl interface
 *
 * The object behind a button of a display table.
 */
#ifndef __IMAPIControl_INTERFACE_DEFINED__
#define __IMAPIControl_INTERFACE_DEFINED__

#define INTERFACE IMAPIControl
DECLARE_INTERFACE_(IMAPIControl,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIControl methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(Activate)(THIS_ ULONG ulFlags, ULONG_PTR ulUIParam) PURE;
    STDMETHOD(GetState)(THIS_ ULONG ulFlags, ULONG *lpulState) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMAPIControl_QueryInterface(p,a,b) (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIControl_AddRef(p)             (p)->lpVtbl->AddRef(p)
#define IMAPIControl_Release(p)            (p)->lpVtbl->Release(p)
        /*** IMAPIControl methods ***/
#define IMAPIControl_GetLastError(p,a,b,c) (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMAPIControl_Activate(p,a,b)       (p)->lpVtbl->Activate(p,a,b)
#define IMAPIControl_GetState(p,a,b)       (p)->lpVtbl->GetState(p,a,b)
#endif

typedef IMAPIControl *LPMAPICONTROL;

#endif /* __IMAPIControl_INTERFACE_DEFINED__ */

/*****************************************************************************
 * Fast shutdown (Outlook 2010 and later)
 *
 * IMAPIClientShutdown is what a client asks of its session; MAPI in turn asks
 * each loaded provider through IMAPIProviderShutdown. None of these methods
 * takes an argument.
 */
DEFINE_OLEGUID(IID_IMAPIClientShutdown,   0x00020397, 0, 0);
DEFINE_OLEGUID(IID_IMAPIProviderShutdown, 0x00020398, 0, 0);

#ifndef __IMAPIClientShutdown_INTERFACE_DEFINED__
#define __IMAPIClientShutdown_INTERFACE_DEFINED__

#define INTERFACE IMAPIClientShutdown
DECLARE_INTERFACE_(IMAPIClientShutdown,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIClientShutdown methods ***/
    STDMETHOD(QueryFastShutdown)(THIS) PURE;
    STDMETHOD(NotifyProcessShutdown)(THIS) PURE;
    STDMETHOD(DoFastShutdown)(THIS) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMAPIClientShutdown_QueryInterface(p,a,b)   (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIClientShutdown_AddRef(p)               (p)->lpVtbl->AddRef(p)
#define IMAPIClientShutdown_Release(p)              (p)->lpVtbl->Release(p)
        /*** IMAPIClientShutdown methods ***/
#define IMAPIClientShutdown_QueryFastShutdown(p)     (p)->lpVtbl->QueryFastShutdown(p)
#define IMAPIClientShutdown_NotifyProcessShutdown(p) (p)->lpVtbl->NotifyProcessShutdown(p)
#define IMAPIClientShutdown_DoFastShutdown(p)        (p)->lpVtbl->DoFastShutdown(p)
#endif

typedef IMAPIClientShutdown *LPMAPICLIENTSHUTDOWN;

#endif /* __IMAPIClientShutdown_INTERFACE_DEFINED__ */

#ifndef __IMAPIProviderShutdown_INTERFACE_DEFINED__
#define __IMAPIProviderShutdown_INTERFACE_DEFINED__

#define INTERFACE IMAPIProviderShutdown
DECLARE_INTERFACE_(IMAPIProviderShutdown,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIProviderShutdown methods ***/
    STDMETHOD(QueryFastShutdown)(THIS) PURE;
    STDMETHOD(NotifyProcessShutdown)(THIS) PURE;
    STDMETHOD(DoFastShutdown)(THIS) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMAPIProviderShutdown_QueryInterface(p,a,b)   (p)->lpVtbl->QueryInterface(p,a,b)
#define IMAPIProviderShutdown_AddRef(p)               (p)->lpVtbl->AddRef(p)
#define IMAPIProviderShutdown_Release(p)              (p)->lpVtbl->Release(p)
        /*** IMAPIProviderShutdown methods ***/
#define IMAPIProviderShutdown_QueryFastShutdown(p)     (p)->lpVtbl->QueryFastShutdown(p)
#define IMAPIProviderShutdown_NotifyProcessShutdown(p) (p)->lpVtbl->NotifyProcessShutdown(p)
#define IMAPIProviderShutdown_DoFastShutdown(p)        (p)->lpVtbl->DoFastShutdown(p)
#endif

typedef IMAPIProviderShutdown *LPMAPIPROVIDERSHUTDOWN;

#endif /* __IMAPIProviderShutdown_INTERFACE_DEFINED__ */

/* Flags of IMAPIProp::CopyTo/CopyProps, GetIDsFromNames and SaveChanges */
#define MAPI_MOVE                  ((ULONG)0x00000001)
#define MAPI_NOREPLACE             ((ULONG)0x00000002)
#define MAPI_DECLINE_OK            ((ULONG)0x00000004)
#ifndef MAPI_DIALOG
#define MAPI_DIALOG                ((ULONG)0x00000008)
#endif
#define MAPI_NO_STRINGS            ((ULONG)0x00000001)
#define MAPI_NO_IDS                ((ULONG)0x00000002)
#define SPAMFILTER_ONSAVE          ((ULONG)0x00000080)
#define NON_EMS_XP_SAVE            ((ULONG)0x00001000)

#define CbNewSPropProblemArray(c) \
    (offsetof(SPropProblemArray,aProblem) + (c)*sizeof(SPropProblem))

/* Folders: PR_FOLDER_TYPE and IMAPIFolder::CreateFolder */
#define FOLDER_ROOT                ((ULONG)0x00000000)
#define FOLDER_GENERIC             ((ULONG)0x00000001)
#define FOLDER_SEARCH              ((ULONG)0x00000002)
/* IMAPIFolder::CreateFolder */
#define OPEN_IF_EXISTS             ((ULONG)0x00000001)
/* IMAPIFolder::CopyMessages */
#define MESSAGE_MOVE               ((ULONG)0x00000001)
#define MESSAGE_DIALOG             ((ULONG)0x00000002)
/* IMAPIFolder::CopyFolder, DeleteFolder, EmptyFolder */
#define FOLDER_MOVE                ((ULONG)0x00000001)
#define FOLDER_DIALOG              ((ULONG)0x00000002)
#define COPY_SUBFOLDERS            ((ULONG)0x00000010)
#define DEL_MESSAGES               ((ULONG)0x00000001)
#define DEL_FOLDERS                ((ULONG)0x00000004)
#define DEL_ASSOCIATED             ((ULONG)0x00000008)
/* IMAPIFolder::DeleteMessages and EmptyFolder: past any retention of deleted items */
#define DELETE_HARD_DELETE         ((ULONG)0x00000010)
/* IMAPIFolder::SetReadFlags and IMessage::SetReadFlag */
#define SUPPRESS_RECEIPT           ((ULONG)0x00000001)
#define CLEAR_READ_FLAG            ((ULONG)0x00000004)
#define GENERATE_RECEIPT_ONLY      ((ULONG)0x00000010)
#define CLEAR_RN_PENDING           ((ULONG)0x00000020)
#define CLEAR_NRN_PENDING          ((ULONG)0x00000040)
/* PR_MSG_STATUS: IMAPIFolder::GetMessageStatus and SetMessageStatus */
#define MSGSTATUS_HIGHLIGHTED      ((ULONG)0x00000001)
#define MSGSTATUS_TAGGED           ((ULONG)0x00000002)
#define MSGSTATUS_HIDDEN           ((ULONG)0x00000004)
#define MSGSTATUS_DELMARKED        ((ULONG)0x00000008)
#define MSGSTATUS_REMOTE_DOWNLOAD  ((ULONG)0x00001000)
#define MSGSTATUS_REMOTE_DELETE    ((ULONG)0x00002000)
/* IMAPIFolder::SaveContentsSort */
#define RECURSIVE_SORT             ((ULONG)0x00000002)
/* IMAPIContainer::GetContentsTable and GetHierarchyTable */
#define CONVENIENT_DEPTH           ((ULONG)0x00000001)
#define SHOW_SOFT_DELETES          ((ULONG)0x00000002)
#define MAPI_ASSOCIATED            ((ULONG)0x00000040)
/* IMessage::ModifyRecipients */
#define MODRECIP_ADD               ((ULONG)0x00000002)
#define MODRECIP_MODIFY            ((ULONG)0x00000004)
#define MODRECIP_REMOVE            ((ULONG)0x00000008)
/* PR_ATTACH_METHOD, beside Wine's NO_ATTACHMENT and ATTACH_BY_VALUE */
#define ATTACH_BY_REFERENCE        ((ULONG)0x00000002)
#define ATTACH_BY_REF_RESOLVE      ((ULONG)0x00000003)
#define ATTACH_BY_REF_ONLY         ((ULONG)0x00000004)
#define ATTACH_EMBEDDED_MSG        ((ULONG)0x00000005)
#define ATTACH_OLE                 ((ULONG)0x00000006)
/* IMAPIProp::OpenProperty */
#define STREAM_APPEND              ((ULONG)0x00000004)
/* IMsgStore::OpenEntry and IMSProvider::Logon (Outlook's cached mode) */
#define MDB_ONLINE                 ((ULONG)0x00000100)
#define MAPI_NO_CACHE              ((ULONG)0x00000200)

/* Bitmask restrictions */
#define BMR_EQZ                    ((ULONG)0)
#define BMR_NEZ                    ((ULONG)1)

/* The count restriction, newer than Wine's mapidefs.h */
#define RES_COUNT                  ((ULONG)0x0000000B)
typedef struct _SCountRestriction
{
    ULONG          ulCount;
    LPSRestriction lpRes;
} SCountRestriction;

/* IMAPIProp::OpenProperty */
#define STREAM_APPEND              ((ULONG)0x00000004)

/* IMAPIContainer::GetContentsTable, GetHierarchyTable, SetSearchCriteria */
#define MAPI_ASSOCIATED            ((ULONG)0x00000040)
#define CONVENIENT_DEPTH           ((ULONG)0x00000001)
#define STOP_SEARCH                ((ULONG)0x00000001)
#define RESTART_SEARCH             ((ULONG)0x00000002)
#define RECURSIVE_SEARCH           ((ULONG)0x00000004)
#define SHALLOW_SEARCH             ((ULONG)0x00000008)
#define FOREGROUND_SEARCH          ((ULONG)0x00000010)
#define BACKGROUND_SEARCH          ((ULONG)0x00000020)

/* IMAPIFolder: folder types and the flags of its methods */
#define FOLDER_ROOT                ((ULONG)0x00000000)
#define FOLDER_GENERIC             ((ULONG)0x00000001)
#define FOLDER_SEARCH              ((ULONG)0x00000002)
#define MESSAGE_MOVE               ((ULONG)0x00000001)
#define MESSAGE_DIALOG             ((ULONG)0x00000002)
#define OPEN_IF_EXISTS             ((ULONG)0x00000001)
#define DEL_MESSAGES               ((ULONG)0x00000001)
#define FOLDER_DIALOG              ((ULONG)0x00000002)
#define DEL_FOLDERS                ((ULONG)0x00000004)
#define FOLDER_MOVE                ((ULONG)0x00000001)
#define COPY_SUBFOLDERS            ((ULONG)0x00000010)
#define DEL_ASSOCIATED             ((ULONG)0x00000008)
#define RECURSIVE_SORT             ((ULONG)0x00000002)

/* IMAPIFolder::SetReadFlags and IMessage::SetReadFlag */
#define SUPPRESS_RECEIPT           ((ULONG)0x00000001)
#define CLEAR_READ_FLAG            ((ULONG)0x00000004)
#define GENERATE_RECEIPT_ONLY      ((ULONG)0x00000010)
#define CLEAR_RN_PENDING           ((ULONG)0x00000020)
#define CLEAR_NRN_PENDING          ((ULONG)0x00000040)

/* IMAPIFolder::GetMessageStatus and SetMessageStatus */
#define MSGSTATUS_HIGHLIGHTED      ((ULONG)0x00000001)
#define MSGSTATUS_TAGGED           ((ULONG)0x00000002)
#define MSGSTATUS_HIDDEN           ((ULONG)0x00000004)
#define MSGSTATUS_DELMARKED        ((ULONG)0x00000008)
#define MSGSTATUS_REMOTE_DOWNLOAD  ((ULONG)0x00001000)
#define MSGSTATUS_REMOTE_DELETE    ((ULONG)0x00002000)

/* IMessage::DeleteAttach and ModifyRecipients */
#define ATTACH_DIALOG              ((ULONG)0x00000001)
#define MODRECIP_ADD               ((ULONG)0x00000002)
#define MODRECIP_MODIFY            ((ULONG)0x00000004)
#define MODRECIP_REMOVE            ((ULONG)0x00000008)

#ifdef __cplusplus
}
#endif

#endif /* MAPIDEFS_SDK_H */
