/*
 * Profile administration: the profile, message service and provider
 * administration objects and profile sections.
 *
 * The SDK spreads these over mapix.h (IProfAdmin, IMsgServiceAdmin),
 * mapidefs.h (IProviderAdmin, IProfSect) and mapiaux.h (IMsgServiceAdmin2);
 * Wine's headers only forward-declare them. Values and vtable order follow
 * Microsoft's SDK; tests/test_headers.c compares them with mingw-w64's copy
 * of the SDK headers and, for IMsgServiceAdmin2, with the reference pages.
 */

#ifndef MAPIADMIN_H
#define MAPIADMIN_H

#include <mapix.h>
#include <mapidefs_sdk.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The interface identifiers Wine's mapiguid.h lacks */
DEFINE_OLEGUID(IID_IMsgServiceAdmin2, 0x00020387, 0, 0);

/* PS_PROFILE_PROPERTIES, as initializer bytes of a MAPIUID */
#define PS_PROFILE_PROPERTIES_INIT \
    { 0x98, 0x15, 0xac, 0x08, 0xaa, 0xb0, 0x10, 0x1a, 0x8c, 0x93, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 }

/*****************************************************************************
 * IProfSect interface
 *
 * A profile section: an IMAPIProp without methods of its own.
 */
#define INTERFACE IProfSect
DECLARE_INTERFACE_(IProfSect,IMAPIProp)
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
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IProfSect_QueryInterface(p,a,b)        (p)->lpVtbl->QueryInterface(p,a,b)
#define IProfSect_AddRef(p)                    (p)->lpVtbl->AddRef(p)
#define IProfSect_Release(p)                   (p)->lpVtbl->Release(p)
        /*** IMAPIProp methods ***/
#define IProfSect_GetLastError(p,a,b,c)        (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProfSect_SaveChanges(p,a)             (p)->lpVtbl->SaveChanges(p,a)
#define IProfSect_GetProps(p,a,b,c,d)          (p)->lpVtbl->GetProps(p,a,b,c,d)
#define IProfSect_GetPropList(p,a,b)           (p)->lpVtbl->GetPropList(p,a,b)
#define IProfSect_OpenProperty(p,a,b,c,d,e)    (p)->lpVtbl->OpenProperty(p,a,b,c,d,e)
#define IProfSect_SetProps(p,a,b,c)            (p)->lpVtbl->SetProps(p,a,b,c)
#define IProfSect_DeleteProps(p,a,b)           (p)->lpVtbl->DeleteProps(p,a,b)
#define IProfSect_CopyTo(p,a,b,c,d,e,f,g,h,i)  (p)->lpVtbl->CopyTo(p,a,b,c,d,e,f,g,h,i)
#define IProfSect_CopyProps(p,a,b,c,d,e,f,g)   (p)->lpVtbl->CopyProps(p,a,b,c,d,e,f,g)
#define IProfSect_GetNamesFromIDs(p,a,b,c,d,e) (p)->lpVtbl->GetNamesFromIDs(p,a,b,c,d,e)
#define IProfSect_GetIDsFromNames(p,a,b,c,d)   (p)->lpVtbl->GetIDsFromNames(p,a,b,c,d)
#endif

/* Flags of the configuration calls (ConfigureMsgService, CreateMsgService, the
 * service entry point) */
#define UI_SERVICE                 0x00000002
#define SERVICE_UI_ALWAYS          0x00000002
#define SERVICE_UI_ALLOWED         0x00000010
#define UI_CURRENT_PROVIDER_FIRST  0x00000004

/*****************************************************************************
 * IProviderAdmin interface
 *
 * The providers of one message service.
 */
#define INTERFACE IProviderAdmin
DECLARE_INTERFACE_(IProviderAdmin,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IProviderAdmin methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateProvider)(THIS_ WINE_LPTSTR lpszProvider, ULONG cValues, LPSPropValue lpProps,
                              ULONG_PTR ulUIParam, ULONG ulFlags, MAPIUID *lpUID) PURE;
    STDMETHOD(DeleteProvider)(THIS_ LPMAPIUID lpUID) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
                                  LPPROFSECT *lppProfSect) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IProviderAdmin_QueryInterface(p,a,b)       (p)->lpVtbl->QueryInterface(p,a,b)
#define IProviderAdmin_AddRef(p)                   (p)->lpVtbl->AddRef(p)
#define IProviderAdmin_Release(p)                  (p)->lpVtbl->Release(p)
        /*** IProviderAdmin methods ***/
#define IProviderAdmin_GetLastError(p,a,b,c)       (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProviderAdmin_GetProviderTable(p,a,b)     (p)->lpVtbl->GetProviderTable(p,a,b)
#define IProviderAdmin_CreateProvider(p,a,b,c,d,e,f) (p)->lpVtbl->CreateProvider(p,a,b,c,d,e,f)
#define IProviderAdmin_DeleteProvider(p,a)         (p)->lpVtbl->DeleteProvider(p,a)
#define IProviderAdmin_OpenProfileSection(p,a,b,c,d) (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#endif

/* OpenProfileSection of the administration objects: a provider's own section too */
#define MAPI_FORCE_ACCESS          0x00080000

/* IProfAdmin::CreateProfile */
#define MAPI_DEFAULT_SERVICES 0x00000001

/*****************************************************************************
 * IProfAdmin interface
 *
 * What MAPIAdminProfiles returns: the profiles of the user.
 */
#define INTERFACE IProfAdmin
DECLARE_INTERFACE_(IProfAdmin,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IProfAdmin methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetProfileTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateProfile)(THIS_ WINE_LPTSTR lpszProfileName, WINE_LPTSTR lpszPassword,
                             ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(DeleteProfile)(THIS_ WINE_LPTSTR lpszProfileName, ULONG ulFlags) PURE;
    STDMETHOD(ChangeProfilePassword)(THIS_ WINE_LPTSTR lpszProfileName, WINE_LPTSTR lpszOldPassword,
                                     WINE_LPTSTR lpszNewPassword, ULONG ulFlags) PURE;
    STDMETHOD(CopyProfile)(THIS_ WINE_LPTSTR lpszOldProfileName, WINE_LPTSTR lpszOldPassword,
                           WINE_LPTSTR lpszNewProfileName, ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(RenameProfile)(THIS_ WINE_LPTSTR lpszOldProfileName, WINE_LPTSTR lpszOldPassword,
                             WINE_LPTSTR lpszNewProfileName, ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(SetDefaultProfile)(THIS_ WINE_LPTSTR lpszProfileName, ULONG ulFlags) PURE;
    STDMETHOD(AdminServices)(THIS_ WINE_LPTSTR lpszProfileName, WINE_LPTSTR lpszPassword,
                             ULONG_PTR ulUIParam, ULONG ulFlags, LPSERVICEADMIN *lppServiceAdmin) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IProfAdmin_QueryInterface(p,a,b)          (p)->lpVtbl->QueryInterface(p,a,b)
#define IProfAdmin_AddRef(p)                      (p)->lpVtbl->AddRef(p)
#define IProfAdmin_Release(p)                     (p)->lpVtbl->Release(p)
        /*** IProfAdmin methods ***/
#define IProfAdmin_GetLastError(p,a,b,c)          (p)->lpVtbl->GetLastError(p,a,b,c)
#define IProfAdmin_GetProfileTable(p,a,b)         (p)->lpVtbl->GetProfileTable(p,a,b)
#define IProfAdmin_CreateProfile(p,a,b,c,d)       (p)->lpVtbl->CreateProfile(p,a,b,c,d)
#define IProfAdmin_DeleteProfile(p,a,b)           (p)->lpVtbl->DeleteProfile(p,a,b)
#define IProfAdmin_ChangeProfilePassword(p,a,b,c,d) (p)->lpVtbl->ChangeProfilePassword(p,a,b,c,d)
#define IProfAdmin_CopyProfile(p,a,b,c,d,e)       (p)->lpVtbl->CopyProfile(p,a,b,c,d,e)
#define IProfAdmin_RenameProfile(p,a,b,c,d,e)     (p)->lpVtbl->RenameProfile(p,a,b,c,d,e)
#define IProfAdmin_SetDefaultProfile(p,a,b)       (p)->lpVtbl->SetDefaultProfile(p,a,b)
#define IProfAdmin_AdminServices(p,a,b,c,d,e)     (p)->lpVtbl->AdminServices(p,a,b,c,d,e)
#endif

/* PR_SERVICE_FLAGS of a message service */
#define SERVICE_DEFAULT_STORE        0x00000001
#define SERVICE_SINGLE_COPY          0x00000002
#define SERVICE_CREATE_WITH_STORE    0x00000004
#define SERVICE_PRIMARY_IDENTITY     0x00000008
#define SERVICE_NO_PRIMARY_IDENTITY  0x00000020

/* IMsgServiceAdmin2::CreateMsgServiceEx: no "restart Outlook" message */
#define SERVICE_NO_RESTART_WARNING   0x00000080

/*****************************************************************************
 * IMsgServiceAdmin interface
 *
 * The message services of one profile.
 */
#define INTERFACE IMsgServiceAdmin
DECLARE_INTERFACE_(IMsgServiceAdmin,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMsgServiceAdmin methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetMsgServiceTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateMsgService)(THIS_ WINE_LPTSTR lpszService, WINE_LPTSTR lpszDisplayName,
                                ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(DeleteMsgService)(THIS_ LPMAPIUID lpUID) PURE;
    STDMETHOD(CopyMsgService)(THIS_ LPMAPIUID lpUID, WINE_LPTSTR lpszDisplayName, LPCIID lpInterfaceToCopy,
                              LPCIID lpInterfaceDst, LPVOID lpObjectDst, ULONG_PTR ulUIParam,
                              ULONG ulFlags) PURE;
    STDMETHOD(RenameMsgService)(THIS_ LPMAPIUID lpUID, ULONG ulFlags, WINE_LPTSTR lpszDisplayName) PURE;
    STDMETHOD(ConfigureMsgService)(THIS_ LPMAPIUID lpUID, ULONG_PTR ulUIParam, ULONG ulFlags,
                                   ULONG cValues, LPSPropValue lpProps) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
                                  LPPROFSECT *lppProfSect) PURE;
    STDMETHOD(MsgServiceTransportOrder)(THIS_ ULONG cUID, LPMAPIUID lpUIDList, ULONG ulFlags) PURE;
    STDMETHOD(AdminProviders)(THIS_ LPMAPIUID lpUID, ULONG ulFlags, LPPROVIDERADMIN *lppProviderAdmin) PURE;
    STDMETHOD(SetPrimaryIdentity)(THIS_ LPMAPIUID lpUID, ULONG ulFlags) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMsgServiceAdmin_QueryInterface(p,a,b)           (p)->lpVtbl->QueryInterface(p,a,b)
#define IMsgServiceAdmin_AddRef(p)                       (p)->lpVtbl->AddRef(p)
#define IMsgServiceAdmin_Release(p)                      (p)->lpVtbl->Release(p)
        /*** IMsgServiceAdmin methods ***/
#define IMsgServiceAdmin_GetLastError(p,a,b,c)           (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMsgServiceAdmin_GetMsgServiceTable(p,a,b)       (p)->lpVtbl->GetMsgServiceTable(p,a,b)
#define IMsgServiceAdmin_CreateMsgService(p,a,b,c,d)     (p)->lpVtbl->CreateMsgService(p,a,b,c,d)
#define IMsgServiceAdmin_DeleteMsgService(p,a)           (p)->lpVtbl->DeleteMsgService(p,a)
#define IMsgServiceAdmin_CopyMsgService(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyMsgService(p,a,b,c,d,e,f,g)
#define IMsgServiceAdmin_RenameMsgService(p,a,b,c)       (p)->lpVtbl->RenameMsgService(p,a,b,c)
#define IMsgServiceAdmin_ConfigureMsgService(p,a,b,c,d,e) (p)->lpVtbl->ConfigureMsgService(p,a,b,c,d,e)
#define IMsgServiceAdmin_OpenProfileSection(p,a,b,c,d)   (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#define IMsgServiceAdmin_MsgServiceTransportOrder(p,a,b,c) (p)->lpVtbl->MsgServiceTransportOrder(p,a,b,c)
#define IMsgServiceAdmin_AdminProviders(p,a,b,c)         (p)->lpVtbl->AdminProviders(p,a,b,c)
#define IMsgServiceAdmin_SetPrimaryIdentity(p,a,b)       (p)->lpVtbl->SetPrimaryIdentity(p,a,b)
#define IMsgServiceAdmin_GetProviderTable(p,a,b)         (p)->lpVtbl->GetProviderTable(p,a,b)
#endif

/*****************************************************************************
 * IMsgServiceAdmin2 interface
 *
 * Exposed by the same objects as IMsgServiceAdmin (Outlook 2003 and later).
 */
typedef struct IMsgServiceAdmin2 IMsgServiceAdmin2;
typedef IMsgServiceAdmin2 *LPSERVICEADMIN2;

#define INTERFACE IMsgServiceAdmin2
DECLARE_INTERFACE_(IMsgServiceAdmin2,IMsgServiceAdmin)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** IMsgServiceAdmin methods ***/
    STDMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError) PURE;
    STDMETHOD(GetMsgServiceTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(CreateMsgService)(THIS_ WINE_LPTSTR lpszService, WINE_LPTSTR lpszDisplayName,
                                ULONG_PTR ulUIParam, ULONG ulFlags) PURE;
    STDMETHOD(DeleteMsgService)(THIS_ LPMAPIUID lpUID) PURE;
    STDMETHOD(CopyMsgService)(THIS_ LPMAPIUID lpUID, WINE_LPTSTR lpszDisplayName, LPCIID lpInterfaceToCopy,
                              LPCIID lpInterfaceDst, LPVOID lpObjectDst, ULONG_PTR ulUIParam,
                              ULONG ulFlags) PURE;
    STDMETHOD(RenameMsgService)(THIS_ LPMAPIUID lpUID, ULONG ulFlags, WINE_LPTSTR lpszDisplayName) PURE;
    STDMETHOD(ConfigureMsgService)(THIS_ LPMAPIUID lpUID, ULONG_PTR ulUIParam, ULONG ulFlags,
                                   ULONG cValues, LPSPropValue lpProps) PURE;
    STDMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUID, LPCIID lpInterface, ULONG ulFlags,
                                  LPPROFSECT *lppProfSect) PURE;
    STDMETHOD(MsgServiceTransportOrder)(THIS_ ULONG cUID, LPMAPIUID lpUIDList, ULONG ulFlags) PURE;
    STDMETHOD(AdminProviders)(THIS_ LPMAPIUID lpUID, ULONG ulFlags, LPPROVIDERADMIN *lppProviderAdmin) PURE;
    STDMETHOD(SetPrimaryIdentity)(THIS_ LPMAPIUID lpUID, ULONG ulFlags) PURE;
    STDMETHOD(GetProviderTable)(THIS_ ULONG ulFlags, LPMAPITABLE *lppTable) PURE;
    /*** IMsgServiceAdmin2 methods ***/
    STDMETHOD(CreateMsgServiceEx)(THIS_ LPSTR lpszService, LPSTR lpszDisplayName, ULONG_PTR ulUIParam,
                                  ULONG ulFlags, LPMAPIUID lpuidService) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define IMsgServiceAdmin2_QueryInterface(p,a,b)           (p)->lpVtbl->QueryInterface(p,a,b)
#define IMsgServiceAdmin2_AddRef(p)                       (p)->lpVtbl->AddRef(p)
#define IMsgServiceAdmin2_Release(p)                      (p)->lpVtbl->Release(p)
        /*** IMsgServiceAdmin methods ***/
#define IMsgServiceAdmin2_GetLastError(p,a,b,c)           (p)->lpVtbl->GetLastError(p,a,b,c)
#define IMsgServiceAdmin2_GetMsgServiceTable(p,a,b)       (p)->lpVtbl->GetMsgServiceTable(p,a,b)
#define IMsgServiceAdmin2_CreateMsgService(p,a,b,c,d)     (p)->lpVtbl->CreateMsgService(p,a,b,c,d)
#define IMsgServiceAdmin2_DeleteMsgService(p,a)           (p)->lpVtbl->DeleteMsgService(p,a)
#define IMsgServiceAdmin2_CopyMsgService(p,a,b,c,d,e,f,g) (p)->lpVtbl->CopyMsgService(p,a,b,c,d,e,f,g)
#define IMsgServiceAdmin2_RenameMsgService(p,a,b,c)       (p)->lpVtbl->RenameMsgService(p,a,b,c)
#define IMsgServiceAdmin2_ConfigureMsgService(p,a,b,c,d,e) (p)->lpVtbl->ConfigureMsgService(p,a,b,c,d,e)
#define IMsgServiceAdmin2_OpenProfileSection(p,a,b,c,d)   (p)->lpVtbl->OpenProfileSection(p,a,b,c,d)
#define IMsgServiceAdmin2_MsgServiceTransportOrder(p,a,b,c) (p)->lpVtbl->MsgServiceTransportOrder(p,a,b,c)
#define IMsgServiceAdmin2_AdminProviders(p,a,b,c)         (p)->lpVtbl->AdminProviders(p,a,b,c)
#define IMsgServiceAdmin2_SetPrimaryIdentity(p,a,b)       (p)->lpVtbl->SetPrimaryIdentity(p,a,b)
#define IMsgServiceAdmin2_GetProviderTable(p,a,b)         (p)->lpVtbl->GetProviderTable(p,a,b)
        /*** IMsgServiceAdmin2 methods ***/
#define IMsgServiceAdmin2_CreateMsgServiceEx(p,a,b,c,d,e) (p)->lpVtbl->CreateMsgServiceEx(p,a,b,c,d,e)
#endif

#ifdef __cplusplus
}
#endif

#endif /* MAPIADMIN_H */
