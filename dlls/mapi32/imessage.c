/*
 * IMessage on IStorage: the .msg file layout behind OpenIMsgOnIStg.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  OpenIMsgSession@12 (MAPI32.196)
 *
 * NOTES
 *  Not implemented: IMessage on IStorage is not there yet.
 */
SCODE WINAPI OpenIMsgSession(LPMALLOC malloc, ULONG flags, LPVOID *session)
{
    FIXME("(%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)malloc, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)session);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  CloseIMsgSession@4 (MAPI32.197)
 *
 * NOTES
 *  Not implemented: IMessage on IStorage is not there yet.
 */
VOID WINAPI CloseIMsgSession(LPVOID session)
{
    FIXME("(%p): not implemented\n", (void *)(ULONG_PTR)session);
}

/***********************************************************************
 *  OpenIMsgOnIStg@44 (MAPI32.198)
 *
 * NOTES
 *  Not implemented: IMessage on IStorage is not there yet.
 */
SCODE WINAPI OpenIMsgOnIStg(LPVOID session, LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, LPMALLOC malloc, LPVOID map_support, LPSTORAGE storage, LPVOID release, ULONG release_data, ULONG flags, LPMESSAGE *message)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)allocate_buffer, (void *)(ULONG_PTR)allocate_more, (void *)(ULONG_PTR)free_buffer, (void *)(ULONG_PTR)malloc, (void *)(ULONG_PTR)map_support, (void *)(ULONG_PTR)storage, (void *)(ULONG_PTR)release, (void *)(ULONG_PTR)release_data, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)message);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  SetAttribIMsgOnIStg@16 (MAPI32.199)
 *
 * NOTES
 *  Not implemented: IMessage on IStorage is not there yet.
 */
HRESULT WINAPI SetAttribIMsgOnIStg(LPVOID object, LPSPropTagArray tags, LPVOID attrs, LPSPropProblemArray *problems)
{
    FIXME("(%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)tags, (void *)(ULONG_PTR)attrs, (void *)(ULONG_PTR)problems);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  GetAttribIMsgOnIStg@12 (MAPI32.200)
 *
 * NOTES
 *  Not implemented: IMessage on IStorage is not there yet.
 */
HRESULT WINAPI GetAttribIMsgOnIStg(LPVOID object, LPSPropTagArray tags, LPVOID *attrs)
{
    FIXME("(%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)object, (void *)(ULONG_PTR)tags, (void *)(ULONG_PTR)attrs);
    return MAPI_E_NO_SUPPORT;
}
/***********************************************************************
 *  MapStorageSCode@4 (MAPI32.201)
 *
 * Maps a structured storage error to the MAPI error a client expects.
 *
 * PARAMS
 *  storage_code [I] An HRESULT from IStorage or IStream.
 *
 * RETURNS
 *  The matching MAPI code; codes without a MAPI counterpart pass unchanged.
 */
SCODE WINAPI MapStorageSCode(SCODE storage_code)
{
    TRACE("(%#lx)\n", storage_code);

    switch (storage_code)
    {
    case STG_E_FILENOTFOUND:
    case STG_E_PATHNOTFOUND:
        return MAPI_E_NOT_FOUND;
    case STG_E_INVALIDHEADER:
    case STG_E_DOCFILECORRUPT:
        return MAPI_E_CORRUPT_DATA;
    case STG_E_ACCESSDENIED:
    case STG_E_LOCKVIOLATION:
    case STG_E_SHAREVIOLATION:
        return MAPI_E_NO_ACCESS;
    case STG_E_INSUFFICIENTMEMORY:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    case STG_E_MEDIUMFULL:
        return MAPI_E_NOT_ENOUGH_DISK;
    case STG_E_INVALIDPARAMETER:
    case STG_E_INVALIDPOINTER:
    case STG_E_INVALIDFLAG:
        return MAPI_E_INVALID_PARAMETER;
    case STG_E_INVALIDFUNCTION:
        return MAPI_E_NO_SUPPORT;
    default:
        return storage_code;
    }
}
