/*
 * Spooler hook providers: DLLs the spooler calls on every inbound and
 * outbound message (ISpoolerHook). Wine has no mapihook.h.
 *
 * Values and vtable order follow Microsoft's SDK; tests/test_headers.c
 * compares them with mingw-w64's copy of the SDK headers.
 */

#ifndef MAPIHOOK_H
#define MAPIHOOK_H

#include <mapidefs.h>
#include <mapicode.h>
#include <mapiguid.h>
#include <mapitags.h>
#include <mapix.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a hook leaves in *lpulFlags for the spooler */
#define HOOK_DELETE   ((ULONG)0x00000001)
#define HOOK_CANCEL   ((ULONG)0x00000002)

typedef struct ISpoolerHook ISpoolerHook;
typedef ISpoolerHook *LPSPOOLERHOOK;

/*****************************************************************************
 * ISpoolerHook interface
 */
#define INTERFACE ISpoolerHook
DECLARE_INTERFACE_(ISpoolerHook,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** ISpoolerHook methods ***/
    STDMETHOD(InboundMsgHook)(THIS_ LPMESSAGE lpMessage, LPMAPIFOLDER lpFolder, LPMDB lpMDB,
                              ULONG *lpulFlags, ULONG *lpcbEntryID, LPBYTE *lppEntryID) PURE;
    STDMETHOD(OutboundMsgHook)(THIS_ LPMESSAGE lpMessage, LPMAPIFOLDER lpFolder, LPMDB lpMDB,
                               ULONG *lpulFlags, ULONG *lpcbEntryID, LPBYTE *lppEntryID) PURE;
};
#undef INTERFACE

#if !defined(__cplusplus) || defined(CINTERFACE)
        /*** IUnknown methods ***/
#define ISpoolerHook_QueryInterface(p,a,b)        (p)->lpVtbl->QueryInterface(p,a,b)
#define ISpoolerHook_AddRef(p)                    (p)->lpVtbl->AddRef(p)
#define ISpoolerHook_Release(p)                   (p)->lpVtbl->Release(p)
        /*** ISpoolerHook methods ***/
#define ISpoolerHook_InboundMsgHook(p,a,b,c,d,e,f)  (p)->lpVtbl->InboundMsgHook(p,a,b,c,d,e,f)
#define ISpoolerHook_OutboundMsgHook(p,a,b,c,d,e,f) (p)->lpVtbl->OutboundMsgHook(p,a,b,c,d,e,f)
#endif

/* PR_RESOURCE_FLAGS of a hook's profile section: which messages it wants */
#define HOOK_INBOUND  ((ULONG)0x00000200)
#define HOOK_OUTBOUND ((ULONG)0x00000400)

/* The entry point a hook provider DLL exports as HPProviderInit */
typedef HRESULT (__cdecl HPPROVIDERINIT)(LPMAPISESSION lpSession, HINSTANCE hInstance,
                                         LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                                         LPFREEBUFFER lpFreeBuffer, LPMAPIUID lpSectionUID, ULONG ulFlags,
                                         LPSPOOLERHOOK *lppSpoolerHook);
typedef HPPROVIDERINIT *LPHPPROVIDERINIT;

HPPROVIDERINIT HPProviderInit;

#ifdef __cplusplus
}
#endif

#endif /* MAPIHOOK_H */
