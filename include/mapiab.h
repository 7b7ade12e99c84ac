/*
 * The address book interfaces of the SDK's mapidefs.h and mapix.h that Wine's
 * headers only name: IMailUser, IDistList, IABContainer and IAddrBook, with
 * the flags of their methods.
 *
 * Values and vtable order follow Microsoft's SDK; tests/test_headers.c
 * compares them with mingw-w64's copy of the SDK headers. Where today's
 * reference pages widen a parameter to ULONG_PTR (window handles, advise
 * connection numbers), so do we: the vtables are the same.
 */

#ifndef MAPIAB_H
#define MAPIAB_H

#include <mapidefs.h>
#include <mapicode.h>
#include <mapidefs_sdk.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct IDistList IDistList;
typedef IDistList *LPDISTLIST;

/* IABContainer::ResolveNames: one flag per entry of the ADRLIST */
typedef struct _flaglist
{
    ULONG cFlags;
    ULONG ulFlag[MAPI_DIM];
} FlagList, *LPFlagList;

#define CbNewFlagList(_cflags) (offsetof(FlagList,ulFlag) + (_cflags)*sizeof(ULONG))

#ifndef CbNewADRLIST
#define CbNewADRLIST(_centries) (offsetof(ADRLIST,aEntries) + (_centries)*sizeof(ADRENTRY))
#define CbADRLIST(_lpadrlist)   (offsetof(ADRLIST,aEntries) + (UINT)(_lpadrlist)->cEntries*sizeof(ADRENTRY))
#endif

/* PR_CONTAINER_FLAGS of an address book container */
#define AB_RECIPIENTS           ((ULONG)0x00000001)
#define AB_SUBCONTAINERS        ((ULONG)0x00000002)
#define AB_MODIFIABLE           ((ULONG)0x00000004)
#define AB_UNMODIFIABLE         ((ULONG)0x00000008)
#define AB_FIND_ON_OPEN         ((ULONG)0x00000010)
#define AB_NOT_DEFAULT          ((ULONG)0x00000020)

/* IABContainer::CreateEntry */
#define CREATE_CHECK_DUP_STRICT ((ULONG)0x00000001)
#define CREATE_CHECK_DUP_LOOSE  ((ULONG)0x00000002)
#define CREATE_REPLACE          ((ULONG)0x00000004)

/* What IABContainer::ResolveNames made of each entry */
#define MAPI_UNRESOLVED         ((ULONG)0x00000000)
#define MAPI_AMBIGUOUS          ((ULONG)0x00000001)
#define MAPI_RESOLVED           ((ULONG)0x00000002)

/* IAddrBook::CreateOneOff, IMAPISupport::CreateOneOff */
#define MAPI_SEND_NO_RICH_INFO  ((ULONG)0x00010000)

/* PR_DISPLAY_TYPE of recipients */
#ifndef DT_MAILUSER
#define DT_MAILUSER             ((ULONG)0x00000000)
#define DT_DISTLIST             ((ULONG)0x00000001)
#endif

/* IAddrBook::PrepareRecips, ResolveName: no server round trip */
#ifndef MAPI_CACHE_ONLY
#define MAPI_CACHE_ONLY         ((ULONG)0x00004000)
#endif

/* IMAPISession::OpenAddressBook */
#define AB_NO_DIALOG            ((ULONG)0x00000001)

/*****************************************************************************
 * IMailUser interface: a messaging user, IMAPIProp with nothing added
 */
#define INTERFACE IMailUser
DECLARE_INTERFACE_(IMailUser,IMAPIProp)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIProp methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hRes, ULONG ulFlags, LPMAPIERROR *lppErr) PURE;
    STDMETHOD(SaveChanges)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTags, ULONG ulFlags, ULONG *lpValues, LPSPropValue *lppProps) PURE;
    STDMETHOD(GetPropList)(THIS_ ULONG ulFlags, LPSPropTagArray *lppPropTagArray) PURE;
    STDMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpIid, ULONG ulOpts, ULONG ulFlags, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpProps, LPSPropProblemArray *lppProbs) PURE;
    STDMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTags, LPSPropProblemArray *lppProbs) PURE;
    STDMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID lpIid, LPSPropTagArray lpProps, ULONG_PTR ulParam,
                      LPMAPIPROGRESS lpProgress, LPCIID lpIface, LPVOID lpDest, ULONG ulFlags,
                      LPSPropProblemArray *lppProbs) PURE;
    STDMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps, ULONG_PTR ulParam, LPMAPIPROGRESS lpProgress,
                         LPCIID lpIid, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray *lppPropTags, LPGUID lpIid, ULONG ulFlags, ULONG *lpCount,
                               LPMAPINAMEID **lpppNames) PURE;
    STDMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames, LPMAPINAMEID *lppNames, ULONG ulFlags,
                               LPSPropTagArray *lppPropTags) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IMailUser_QueryInterface(p,a,b)        (p)->lpVtbl->QueryInterface(p,a,b)
#define IMailUser_AddRef(p)                    (p)->lpVtbl->AddRef(p)
#define IMailUser_Release(p)                   (p)->lpVtbl->Release(p)
#define IMailUser_GetLastError(p,a,b,c)        (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMailUser_SaveChanges(p,a)             (p)->lpVtbl->SaveChanges(p,a)
#define IMailUser_GetProps(p,a,b,c,d)          (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IMailUser_GetPropList(p,a,b)           (p)->lpVtbl->GetPropList(p,a,b)
#define IMailUser_OpenProperty(p,a,b,c,d,e)    (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IMailUser_SetProps(p,a,b,c)            (p)->lpVtbl->SetProps(p,a,b,c)
#define IMailUser_DeleteProps(p,a,b)           (p)->lpVtbl->DeleteProps(p,a,b)
#define IMailUser_CopyTo(p,a,b,c,d,e,f,g,h,i)  (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IMailUser_CopyProps(p,a,b,c,d,e,f,g)   (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IMailUser_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IMailUser_GetIDsFromNames(p,a,b,c,d)   (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#endif

/* The methods IABContainer and IDistList add to IMAPIContainer */
#define MAPIAB_CONTAINER_METHODS \
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE; \
    STDMETHOD_(ULONG,AddRef)(THIS) PURE; \
    STDMETHOD_(ULONG,Release)(THIS) PURE; \
    STDMETHOD(GetLastError)(THIS_ HRESULT hRes, ULONG ulFlags, LPMAPIERROR *lppErr) PURE; \
    STDMETHOD(SaveChanges)(THIS_ ULONG ulFlags) PURE; \
    STDMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTags, ULONG ulFlags, ULONG *lpValues, LPSPropValue *lppProps) PURE; \
    STDMETHOD(GetPropList)(THIS_ ULONG ulFlags, LPSPropTagArray *lppPropTagArray) PURE; \
    STDMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpIid, ULONG ulOpts, ULONG ulFlags, LPUNKNOWN *lppUnk) PURE; \
    STDMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpProps, LPSPropProblemArray *lppProbs) PURE; \
    STDMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTags, LPSPropProblemArray *lppProbs) PURE; \
    STDMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID lpIid, LPSPropTagArray lpProps, ULONG_PTR ulParam, \
                      LPMAPIPROGRESS lpProgress, LPCIID lpIface, LPVOID lpDest, ULONG ulFlags, \
                      LPSPropProblemArray *lppProbs) PURE; \
    STDMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps, ULONG_PTR ulParam, LPMAPIPROGRESS lpProgress, \
                         LPCIID lpIid, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE; \
    STDMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray *lppPropTags, LPGUID lpIid, ULONG ulFlags, ULONG *lpCount, \
                               LPMAPINAMEID **lpppNames) PURE; \
    STDMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames, LPMAPINAMEID *lppNames, ULONG ulFlags, \
                               LPSPropTagArray *lppPropTags) PURE; \
    STDMETHOD(GetContentsTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE; \
    STDMETHOD(GetHierarchyTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE; \
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, \
                         ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE; \
    STDMETHOD(SetSearchCriteria)(THIS_ LPSRestriction lpRestriction, LPENTRYLIST lpContainerList, \
                                 ULONG ulSearchFlags) PURE; \
    STDMETHOD(GetSearchCriteria)(THIS_ ULONG ulFlags, LPSRestriction *lppRestriction, \
                                 LPENTRYLIST *lppContainerList, ULONG *lpulSearchState) PURE; \
    STDMETHOD(CreateEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulCreateFlags, \
                           LPMAPIPROP *lppMAPIPropEntry) PURE; \
    STDMETHOD(CopyEntries)(THIS_ LPENTRYLIST lpEntries, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, \
                           ULONG ulFlags) PURE; \
    STDMETHOD(DeleteEntries)(THIS_ LPENTRYLIST lpEntries, ULONG ulFlags) PURE; \
    STDMETHOD(ResolveNames)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags, LPADRLIST lpAdrList, \
                            LPFlagList lpFlagList) PURE;

/*****************************************************************************
 * IABContainer interface: a container of an address book provider
 */
#define INTERFACE IABContainer
DECLARE_INTERFACE_(IABContainer,IMAPIContainer)
{
    MAPIAB_CONTAINER_METHODS
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IABContainer_QueryInterface(p,a,b)       (p)->lpVtbl->QueryInterface(p,a,b)
#define IABContainer_AddRef(p)                   (p)->lpVtbl->AddRef(p)
#define IABContainer_Release(p)                  (p)->lpVtbl->Release(p)
#define IABContainer_GetLastError(p,a,b,c)       (p)->lpVtbl->GetLastError(p,a,b,c)
#define IABContainer_SaveChanges(p,a)            (p)->lpVtbl->SaveChanges(p,a)
#define IABContainer_GetProps(p,a,b,c,d)         (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IABContainer_GetPropList(p,a,b)          (p)->lpVtbl->GetPropList(p,a,b)
#define IABContainer_OpenProperty(p,a,b,c,d,e)   (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IABContainer_SetProps(p,a,b,c)           (p)->lpVtbl->SetProps(p,a,b,c)
#define IABContainer_DeleteProps(p,a,b)          (p)->lpVtbl->DeleteProps(p,a,b)
#define IABContainer_CopyTo(p,a,b,c,d,e,f,g,h,i) (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IABContainer_CopyProps(p,a,b,c,d,e,f,g)  (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IABContainer_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IABContainer_GetIDsFromNames(p,a,b,c,d)  (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IABContainer_GetContentsTable(p,a,b)     (p)->lpVtbl->GetContentsTable(p,a,b)
#define IABContainer_GetHierarchyTable(p,a,b)    (p)->lpVtbl->GetHierarchyTable(p,a,b)
#define IABContainer_OpenEntry(p,a,b,c,d,e,f)    (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IABContainer_SetSearchCriteria(p,a,b,c)  (p)->lpVtbl->SetSearchCriteria(p,a,b,c)
#define IABContainer_GetSearchCriteria(p,a,b,c,d) (p)->lpVtbl->GetSearchCriteria(p,a,b,c,d)
#define IABContainer_CreateEntry(p,a,b,c,d)      (p)->lpVtbl->CreateEntry(p,a,b,c,d)
#define IABContainer_CopyEntries(p,a,b,c,d)      (p)->lpVtbl->CopyEntries(p,a,b,c,d)
#define IABContainer_DeleteEntries(p,a,b)        (p)->lpVtbl->DeleteEntries(p,a,b)
#define IABContainer_ResolveNames(p,a,b,c,d)     (p)->lpVtbl->ResolveNames(p,a,b,c,d)
#endif

/*****************************************************************************
 * IDistList interface: a distribution list, with the methods of a container
 */
#define INTERFACE IDistList
DECLARE_INTERFACE_(IDistList,IMAPIContainer)
{
    MAPIAB_CONTAINER_METHODS
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IDistList_QueryInterface(p,a,b)          (p)->lpVtbl->QueryInterface(p,a,b)
#define IDistList_AddRef(p)                      (p)->lpVtbl->AddRef(p)
#define IDistList_Release(p)                     (p)->lpVtbl->Release(p)
#define IDistList_GetLastError(p,a,b,c)          (p)->lpVtbl->GetLastError(p,a,b,c)
#define IDistList_SaveChanges(p,a)               (p)->lpVtbl->SaveChanges(p,a)
#define IDistList_GetProps(p,a,b,c,d)            (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IDistList_GetPropList(p,a,b)             (p)->lpVtbl->GetPropList(p,a,b)
#define IDistList_OpenProperty(p,a,b,c,d,e)      (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IDistList_SetProps(p,a,b,c)              (p)->lpVtbl->SetProps(p,a,b,c)
#define IDistList_DeleteProps(p,a,b)             (p)->lpVtbl->DeleteProps(p,a,b)
#define IDistList_CopyTo(p,a,b,c,d,e,f,g,h,i)    (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IDistList_CopyProps(p,a,b,c,d,e,f,g)     (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IDistList_GetNamesFromIDs(p,a,b,c,d,e)   (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IDistList_GetIDsFromNames(p,a,b,c,d)     (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IDistList_GetContentsTable(p,a,b)        (p)->lpVtbl->GetContentsTable(p,a,b)
#define IDistList_GetHierarchyTable(p,a,b)       (p)->lpVtbl->GetHierarchyTable(p,a,b)
#define IDistList_OpenEntry(p,a,b,c,d,e,f)       (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IDistList_SetSearchCriteria(p,a,b,c)     (p)->lpVtbl->SetSearchCriteria(p,a,b,c)
#define IDistList_GetSearchCriteria(p,a,b,c,d)   (p)->lpVtbl->GetSearchCriteria(p,a,b,c,d)
#define IDistList_CreateEntry(p,a,b,c,d)         (p)->lpVtbl->CreateEntry(p,a,b,c,d)
#define IDistList_CopyEntries(p,a,b,c,d)         (p)->lpVtbl->CopyEntries(p,a,b,c,d)
#define IDistList_DeleteEntries(p,a,b)           (p)->lpVtbl->DeleteEntries(p,a,b)
#define IDistList_ResolveNames(p,a,b,c,d)        (p)->lpVtbl->ResolveNames(p,a,b,c,d)
#endif

/*****************************************************************************
 * IAddrBook interface: MAPI's integrated address book of a session
 */
#define INTERFACE IAddrBook
DECLARE_INTERFACE_(IAddrBook,IMAPIProp)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMAPIProp methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hRes, ULONG ulFlags, LPMAPIERROR *lppErr) PURE;
    STDMETHOD(SaveChanges)(THIS_ ULONG ulFlags) PURE;
    STDMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTags, ULONG ulFlags, ULONG *lpValues, LPSPropValue *lppProps) PURE;
    STDMETHOD(GetPropList)(THIS_ ULONG ulFlags, LPSPropTagArray *lppPropTagArray) PURE;
    STDMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpIid, ULONG ulOpts, ULONG ulFlags, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpProps, LPSPropProblemArray *lppProbs) PURE;
    STDMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTags, LPSPropProblemArray *lppProbs) PURE;
    STDMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID lpIid, LPSPropTagArray lpProps, ULONG_PTR ulParam,
                      LPMAPIPROGRESS lpProgress, LPCIID lpIface, LPVOID lpDest, ULONG ulFlags,
                      LPSPropProblemArray *lppProbs) PURE;
    STDMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps, ULONG_PTR ulParam, LPMAPIPROGRESS lpProgress,
                         LPCIID lpIid, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray *lppProblems) PURE;
    STDMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray *lppPropTags, LPGUID lpIid, ULONG ulFlags, ULONG *lpCount,
                               LPMAPINAMEID **lpppNames) PURE;
    STDMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames, LPMAPINAMEID *lppNames, ULONG ulFlags,
                               LPSPropTagArray *lppPropTags) PURE;
    /*** IAddrBook methods ***/
    STDMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                         ULONG *lpulObjType, LPUNKNOWN *lppUnk) PURE;
    STDMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                               LPENTRYID lpEntryID2, ULONG ulFlags, ULONG *lpulResult) PURE;
    STDMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                      LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection) PURE;
    STDMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) PURE;
    STDMETHOD(CreateOneOff)(THIS_ WINE_LPTSTR lpszName, WINE_LPTSTR lpszAdrType, WINE_LPTSTR lpszAddress,
                            ULONG ulFlags, ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(NewEntry)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, ULONG cbEIDContainer, LPENTRYID lpEIDContainer,
                        ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl, ULONG *lpcbEIDNewEntry,
                        LPENTRYID *lppEIDNewEntry) PURE;
    STDMETHOD(ResolveName)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, WINE_LPTSTR lpszNewEntryTitle,
                           LPADRLIST lpAdrList) PURE;
    STDMETHOD(Address)(THIS_ ULONG_PTR *lpulUIParam, LPADRPARM lpAdrParms, LPADRLIST *lppAdrList) PURE;
    STDMETHOD(Details)(THIS_ ULONG_PTR *lpulUIParam, LPFNDISMISS lpfnDismiss, LPVOID lpvDismissContext,
                       ULONG cbEntryID, LPENTRYID lpEntryID, LPFNBUTTON lpfButtonCallback,
                       LPVOID lpvButtonContext, WINE_LPTSTR lpszButtonText, ULONG ulFlags) PURE;
    STDMETHOD(RecipOptions)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPADRENTRY lpRecip) PURE;
    STDMETHOD(QueryDefaultRecipOpt)(THIS_ WINE_LPTSTR lpszAdrType, ULONG ulFlags, ULONG *lpcValues,
                                    LPSPropValue *lppOptions) PURE;
    STDMETHOD(GetPAB)(THIS_ ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(SetPAB)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(GetDefaultDir)(THIS_ ULONG *lpcbEntryID, LPENTRYID *lppEntryID) PURE;
    STDMETHOD(SetDefaultDir)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID) PURE;
    STDMETHOD(GetSearchPath)(THIS_ ULONG ulFlags, LPSRowSet *lppSearchPath) PURE;
    STDMETHOD(SetSearchPath)(THIS_ ULONG ulFlags, LPSRowSet lpSearchPath) PURE;
    STDMETHOD(PrepareRecips)(THIS_ ULONG ulFlags, LPSPropTagArray lpPropTagArray, LPADRLIST lpRecipList) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
#define IAddrBook_QueryInterface(p,a,b)          (p)->lpVtbl->QueryInterface(p,a,b)
#define IAddrBook_AddRef(p)                      (p)->lpVtbl->AddRef(p)
#define IAddrBook_Release(p)                     (p)->lpVtbl->Release(p)
#define IAddrBook_GetLastError(p,a,b,c)          (p)->lpVtbl->GetLastError(p,a,b,c)
#define IAddrBook_SaveChanges(p,a)               (p)->lpVtbl->SaveChanges(p,a)
#define IAddrBook_GetProps(p,a,b,c,d)            (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IAddrBook_GetPropList(p,a,b)             (p)->lpVtbl->GetPropList(p,a,b)
#define IAddrBook_OpenProperty(p,a,b,c,d,e)      (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IAddrBook_SetProps(p,a,b,c)              (p)->lpVtbl->SetProps(p,a,b,c)
#define IAddrBook_DeleteProps(p,a,b)             (p)->lpVtbl->DeleteProps(p,a,b)
#define IAddrBook_CopyTo(p,a,b,c,d,e,f,g,h,i)    (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IAddrBook_CopyProps(p,a,b,c,d,e,f,g)     (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IAddrBook_GetNamesFromIDs(p,a,b,c,d,e)   (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IAddrBook_GetIDsFromNames(p,a,b,c,d)     (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#define IAddrBook_OpenEntry(p,a,b,c,d,e,f)       (p)->lpVtbl->OpenEntry(p,a,b,c,d,e,f)
#define IAddrBook_CompareEntryIDs(p,a,b,c,d,e,f) (p)->lpVtbl->CompareEntryIDs(p,a,b,c,d,e,f)
#define IAddrBook_Advise(p,a,b,c,d,e)            (p)->lpVtbl->Advise(p,a,b,c,d,e)
#define IAddrBook_Unadvise(p,a)                  (p)->lpVtbl->Unadvise(p,a)
#define IAddrBook_CreateOneOff(p,a,b,c,d,e,f)    (p)->lpVtbl->CreateOneOff(p,a,b,c,d,e,f)
#define IAddrBook_NewEntry(p,a,b,c,d,e,f,g,h)    (p)->lpVtbl->NewEntry(p,a,b,c,d,e,f,g,h)
#define IAddrBook_ResolveName(p,a,b,c,d)         (p)->lpVtbl->ResolveName(p,a,b,c,d)
#define IAddrBook_Address(p,a,b,c)               (p)->lpVtbl->Address(p,a,b,c)
#define IAddrBook_Details(p,a,b,c,d,e,f,g,h,i)   (p)->lpVtbl->Details(p,a,b,c,d,e,f,g,h,i)
#define IAddrBook_RecipOptions(p,a,b,c)          (p)->lpVtbl->RecipOptions(p,a,b,c)
#define IAddrBook_QueryDefaultRecipOpt(p,a,b,c,d) (p)->lpVtbl->QueryDefaultRecipOpt(p,a,b,c,d)
#define IAddrBook_GetPAB(p,a,b)                  (p)->lpVtbl->GetPAB(p,a,b)
#define IAddrBook_SetPAB(p,a,b)                  (p)->lpVtbl->SetPAB(p,a,b)
#define IAddrBook_GetDefaultDir(p,a,b)           (p)->lpVtbl->GetDefaultDir(p,a,b)
#define IAddrBook_SetDefaultDir(p,a,b)           (p)->lpVtbl->SetDefaultDir(p,a,b)
#define IAddrBook_GetSearchPath(p,a,b)           (p)->lpVtbl->GetSearchPath(p,a,b)
#define IAddrBook_SetSearchPath(p,a,b)           (p)->lpVtbl->SetSearchPath(p,a,b)
#define IAddrBook_PrepareRecips(p,a,b,c)         (p)->lpVtbl->PrepareRecips(p,a,b,c)
#endif

#ifdef __cplusplus
}
#endif

#endif /* MAPIAB_H */
