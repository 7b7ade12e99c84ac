/*
 * Declarations of the SDK's mapiutil.h that Wine's mapiutil.h lacks:
 * the idle engine and the pages and controls of BuildDisplayTable.
 *
 * Values follow Microsoft's SDK; tests/test_headers.c compares them with
 * mingw-w64's copy of the SDK headers.
 */

#ifndef MAPIUTIL_SDK_H
#define MAPIUTIL_SDK_H

#include <mapiutil.h>
#include <mapidefs_sdk.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NOIDLEENGINE

/* Priorities of an idle routine */
#define PRILOWEST   -32768
#define PRIHIGHEST  32767
#define PRIUSER     0

/* iroIdle: how an idle routine runs */
#define IRONULL       ((USHORT)0x0000)
#define FIROWAIT      ((USHORT)0x0001)
#define FIROINTERVAL  ((USHORT)0x0002)
#define FIROPERBLOCK  ((USHORT)0x0004)
#define FIRODISABLED  ((USHORT)0x0020)
#define FIROONCEONLY  ((USHORT)0x0040)

/* ircIdle of ChangeIdleRoutine: which settings change */
#define IRCNULL   ((USHORT)0x0000)
#define FIRCPFN   ((USHORT)0x0001)
#define FIRCPV    ((USHORT)0x0002)
#define FIRCPRI   ((USHORT)0x0004)
#define FIRCCSEC  ((USHORT)0x0008)
#define FIRCIRO   ((USHORT)0x0010)

/* An idle routine returns whether it wants to run again soon */
typedef BOOL (WINAPI FNIDLE)(LPVOID);
typedef FNIDLE *PFNIDLE;

/* The handle of a registered idle routine */
typedef void *FTG;
typedef FTG *PFTG;
#define FTGNULL ((FTG)NULL)

LONG WINAPI MAPIInitIdle(LPVOID lpvReserved);
VOID WINAPI MAPIDeinitIdle(void);
FTG  WINAPI FtgRegisterIdleRoutine(PFNIDLE lpfnIdle, LPVOID lpvIdleParam, short priIdle,
                                   ULONG csecIdle, USHORT iroIdle);
void WINAPI DeregisterIdleRoutine(FTG ftg);
void WINAPI EnableIdleRoutine(FTG ftg, BOOL fEnable);
void WINAPI ChangeIdleRoutine(FTG ftg, PFNIDLE lpfnIdle, LPVOID lpvIdleParam, short priIdle,
                              ULONG csecIdle, USHORT iroIdle, USHORT ircIdle);

#endif /* NOIDLEENGINE */

/* One control of a display table page; ctl points to the DTBL* structure
 * that ulCtlType names. */
typedef struct
{
    ULONG       ulCtlType;
    ULONG       ulCtlFlags;
    LPBYTE      lpbNotif;
    ULONG       cbNotif;
    WINE_LPTSTR lpszFilter;
    ULONG       ulItemID;
    union
    {
        LPVOID            lpv;
        LPDTBLLABEL       lplabel;
        LPDTBLEDIT        lpedit;
        LPDTBLLBX         lplbx;
        LPDTBLCOMBOBOX    lpcombobox;
        LPDTBLDDLBX       lpddlbx;
        LPDTBLCHECKBOX    lpcheckbox;
        LPDTBLGROUPBOX    lpgroupbox;
        LPDTBLBUTTON      lpbutton;
        LPDTBLRADIOBUTTON lpradiobutton;
        LPDTBLMVLISTBOX   lpmvlbx;
        LPDTBLMVDDLBX     lpmvddlbx;
        LPDTBLPAGE        lppage;
    } ctl;
} DTCTL, *LPDTCTL;

/* One page of a display table: its dialog resource and its controls */
typedef struct
{
    ULONG       cctl;
    WINE_LPTSTR lpszResourceName;
    union
    {
        WINE_LPTSTR lpszComponent;
        ULONG       ulItemID;
    } DUMMYUNIONNAME;
    LPDTCTL     lpctl;
} DTPAGE, *LPDTPAGE;

HRESULT WINAPI BuildDisplayTable(LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                                 LPFREEBUFFER lpFreeBuffer, LPMALLOC lpMalloc, HINSTANCE hInstance,
                                 UINT cPages, LPDTPAGE lpPage, ULONG ulFlags, LPMAPITABLE *lppTable,
                                 LPTABLEDATA *lppTblData);

/* An IStorage on an IStream (IMAPISupport::IStorageFromStream does the same) */
HRESULT WINAPI HrIStorageFromStream(LPUNKNOWN lpUnkIn, LPCIID lpInterface, ULONG ulFlags, LPSTORAGE *lppStorageOut);

/* A store provider's entry ID wrapped as MAPI hands it to programs */
HRESULT WINAPI WrapStoreEntryID(ULONG ulFlags, WINE_LPTSTR lpszDLLName, ULONG cbOrigEntry, LPENTRYID lpOrigEntry,
                                ULONG *lpcbWrappedEntry, LPENTRYID *lppWrappedEntry);

/* HrValidateIPMSubtree */
#define MAPI_FORCE_CREATE   1
#define MAPI_FULL_IPM_TREE  2

HRESULT WINAPI HrValidateIPMSubtree(LPMDB lpMDB, ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppValues,
                                    LPMAPIERROR *lpperr);

/* RTFSync flags */
#define RTF_SYNC_RTF_CHANGED       ((ULONG)0x00000001)
#define RTF_SYNC_BODY_CHANGED      ((ULONG)0x00000002)

#ifdef __cplusplus
}
#endif

#endif /* MAPIUTIL_SDK_H */
