/*
 * UNKOBJ_*: helpers of Windows' own object implementation, exported but undocumented.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  UNKOBJ_ScAllocate@12 (MAPI32.156)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
SCODE WINAPI UNKOBJ_ScAllocate(LPVOID object, ULONG size, LPVOID *buffer)
{
    FIXME("(%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)buffer);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  UNKOBJ_ScAllocateMore@16 (MAPI32.157)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
SCODE WINAPI UNKOBJ_ScAllocateMore(LPVOID object, ULONG size, LPVOID parent, LPVOID *buffer)
{
    FIXME("(%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)parent, (void *)(ULONG_PTR)buffer);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  UNKOBJ_Free@8 (MAPI32.158)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
VOID WINAPI UNKOBJ_Free(LPVOID object, LPVOID buffer)
{
    FIXME("(%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)buffer);
}

/***********************************************************************
 *  UNKOBJ_FreeRows@8 (MAPI32.159)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
VOID WINAPI UNKOBJ_FreeRows(LPVOID object, LPSRowSet rows)
{
    FIXME("(%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)rows);
}

/***********************************************************************
 *  UNKOBJ_ScCOAllocate@12 (MAPI32.160)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
SCODE WINAPI UNKOBJ_ScCOAllocate(LPVOID object, ULONG size, LPVOID *buffer)
{
    FIXME("(%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)buffer);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  UNKOBJ_ScCOReallocate@12 (MAPI32.161)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
SCODE WINAPI UNKOBJ_ScCOReallocate(LPVOID object, ULONG size, LPVOID *buffer)
{
    FIXME("(%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)buffer);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  UNKOBJ_COFree@8 (MAPI32.162)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
VOID WINAPI UNKOBJ_COFree(LPVOID object, LPVOID buffer)
{
    FIXME("(%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)buffer);
}

/***********************************************************************
 *  UNKOBJ_ScSzFromIdsAlloc@20 (MAPI32.163)
 *
 * NOTES
 *  Not implemented: internal to Windows' own objects, undocumented.
 */
SCODE WINAPI UNKOBJ_ScSzFromIdsAlloc(LPVOID object, UINT ids, ULONG flags, int cch_max, LPSTR *string)
{
    FIXME("(%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)ids, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)cch_max, (void *)(ULONG_PTR)string);
    return MAPI_E_NO_SUPPORT;
}
