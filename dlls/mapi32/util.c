/*
 * Placeholder: to be written.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

SCODE WINAPI ScGenerateMuid(LPMAPIUID uid)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)uid);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI MAPI32_ScBinFromHexBounded(LPSTR hex, LPBYTE out, ULONG size)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)hex, (void *)(ULONG_PTR)out, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

BOOL WINAPI MAPI32_FBinFromHex(LPSTR hex, LPBYTE out)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)hex, (void *)(ULONG_PTR)out);
    return FALSE;
}

void WINAPI MAPI32_HexFromBin(LPBYTE bin, int size, LPSTR out)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)bin, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)out);
}

ULONG WINAPI SwapPlong(PULONG values, ULONG count)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)values, (void *)(ULONG_PTR)count);
    return 0;
}

ULONG WINAPI SwapPword(PUSHORT values, ULONG count)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)values, (void *)(ULONG_PTR)count);
    return 0;
}

ULONG WINAPI MNLS_lstrlenW(LPCWSTR str)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)str);
    return 0;
}

INT WINAPI MNLS_lstrcmpW(LPCWSTR a, LPCWSTR b)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b);
    return 0;
}

ULONG WINAPI MNLS_lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)dst, (void *)(ULONG_PTR)src);
    return 0;
}

INT WINAPI MNLS_CompareStringW(LCID lcid, DWORD flags, LPCWSTR a, int len_a, LPCWSTR b, int len_b)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)lcid, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)len_a, (void *)(ULONG_PTR)b, (void *)(ULONG_PTR)len_b);
    return 0;
}

BOOL WINAPI FEqualNames(LPMAPINAMEID a, LPMAPINAMEID b)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b);
    return FALSE;
}

BOOL WINAPI IsBadBoundedStringPtr(LPVOID ptr, UINT size)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)ptr, (void *)(ULONG_PTR)size);
    return TRUE;
}

LONGLONG WINAPI MAPI32_FtAddFt(LONGLONG a, LONGLONG b)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b);
    return 0;
}

LONGLONG WINAPI MAPI32_FtAdcFt(LONGLONG a, LONGLONG b, WORD *carry)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b, (void *)(ULONG_PTR)carry);
    return 0;
}

LONGLONG WINAPI MAPI32_FtSubFt(LONGLONG a, LONGLONG b)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b);
    return 0;
}

LONGLONG WINAPI MAPI32_FtMulDw(DWORD a, LONGLONG b)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b);
    return 0;
}

LONGLONG WINAPI MAPI32_FtMulDwDw(DWORD a, DWORD b)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b);
    return 0;
}

LONGLONG WINAPI MAPI32_FtNegFt(LONGLONG a)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)a);
    return 0;
}

LONGLONG WINAPI MAPI32_FtDivFtBogus(LONGLONG a, LONGLONG b, DWORD c)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b, (void *)(ULONG_PTR)c);
    return 0;
}

ULONG WINAPI UlAddRef(void *unk)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)unk);
    return 0;
}

ULONG WINAPI UlRelease(void *unk)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)unk);
    return 0;
}

LPSTR WINAPI MAPI32_SzFindCh(LPCSTR str, USHORT ch)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)str, (void *)(ULONG_PTR)ch);
    return NULL;
}

LPSTR WINAPI MAPI32_SzFindLastCh(LPCSTR str, USHORT ch)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)str, (void *)(ULONG_PTR)ch);
    return NULL;
}

LPSTR WINAPI MAPI32_SzFindSz(LPCSTR str, LPCSTR sub)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)str, (void *)(ULONG_PTR)sub);
    return NULL;
}

UINT WINAPI UFromSz(LPCSTR str)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)str);
    return 0;
}

ULONG WINAPI MAPI32_UlFromSzHex(LPCSTR str)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)str);
    return 0;
}

HRESULT WINAPI HrSzFromEntryID(ULONG size, LPENTRYID eid, LPSTR *str)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)eid, (void *)(ULONG_PTR)str);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrEntryIDFromSz(LPSTR str, ULONG *size, LPENTRYID *eid)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)str, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)eid);
    return MAPI_E_NO_SUPPORT;
}

void WINAPI EncodeID(LPBYTE bin, ULONG size, LPSTR out)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)bin, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)out);
}

BOOL WINAPI FDecodeID(LPCSTR str, LPBYTE out, ULONG *size)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)str, (void *)(ULONG_PTR)out, (void *)(ULONG_PTR)size);
    return FALSE;
}

ULONG WINAPI CchOfEncoding(ULONG size)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)size);
    return 0;
}

ULONG WINAPI CbOfEncoded(LPCSTR str)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)str);
    return 0;
}

SCODE WINAPI ScUNCFromLocalPath(LPSTR local, LPSTR unc, UINT size)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)local, (void *)(ULONG_PTR)unc, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScLocalPathFromUNC(LPSTR unc, LPSTR local, UINT size)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)unc, (void *)(ULONG_PTR)local, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScCreateConversationIndex(ULONG parent_size, LPBYTE parent, ULONG *size, LPBYTE *index)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)parent_size, (void *)(ULONG_PTR)parent, (void *)(ULONG_PTR)size, (void *)(ULONG_PTR)index);
    return MAPI_E_NO_SUPPORT;
}
