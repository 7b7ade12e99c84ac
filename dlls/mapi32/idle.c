/*
 * The idle engine: routines a provider registers to run when the process is idle.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  MAPIInitIdle@4 (MAPI32.49)
 *
 * NOTES
 *  Not implemented: the idle engine is not there yet.
 */
LONG WINAPI MAPIInitIdle(LPVOID reserved)
{
    FIXME("(%p): not implemented\n", (void *)(ULONG_PTR)reserved);
    return -1;
}

/***********************************************************************
 *  MAPIDeinitIdle@0 (MAPI32.50)
 *
 * NOTES
 *  Not implemented: the idle engine is not there yet.
 */
VOID WINAPI MAPIDeinitIdle(void)
{
    FIXME("(): not implemented\n");
}

/***********************************************************************
 *  InstallFilterHook@4 (MAPI32.51)
 *
 * NOTES
 *  Not implemented: the idle engine is not there yet.
 */
HRESULT WINAPI InstallFilterHook(BOOL install)
{
    FIXME("(%p): not implemented\n", (void *)(ULONG_PTR)install);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  FtgRegisterIdleRoutine@20 (MAPI32.52)
 *
 * NOTES
 *  Not implemented: the idle engine is not there yet.
 */
FTG WINAPI FtgRegisterIdleRoutine(PFNIDLE routine, LPVOID param, short priority, ULONG csec, USHORT flags)
{
    FIXME("(%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)routine, (void *)(ULONG_PTR)param, (void *)(ULONG_PTR)priority, (void *)(ULONG_PTR)csec, (void *)(ULONG_PTR)flags);
    return NULL;
}

/***********************************************************************
 *  EnableIdleRoutine@8 (MAPI32.53)
 *
 * NOTES
 *  Not implemented: the idle engine is not there yet.
 */
VOID WINAPI EnableIdleRoutine(FTG ftg, BOOL enable)
{
    FIXME("(%p,%p): not implemented\n", (void *)(ULONG_PTR)ftg, (void *)(ULONG_PTR)enable);
}

/***********************************************************************
 *  DeregisterIdleRoutine@4 (MAPI32.54)
 *
 * NOTES
 *  Not implemented: the idle engine is not there yet.
 */
VOID WINAPI DeregisterIdleRoutine(FTG ftg)
{
    FIXME("(%p): not implemented\n", (void *)(ULONG_PTR)ftg);
}

/***********************************************************************
 *  ChangeIdleRoutine@28 (MAPI32.55)
 *
 * NOTES
 *  Not implemented: the idle engine is not there yet.
 */
VOID WINAPI ChangeIdleRoutine(FTG ftg, PFNIDLE routine, LPVOID param, short priority, ULONG csec, USHORT flags, USHORT change)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)ftg, (void *)(ULONG_PTR)routine, (void *)(ULONG_PTR)param, (void *)(ULONG_PTR)priority, (void *)(ULONG_PTR)csec, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)change);
}
