/*
 * Placeholder: to be written.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

SCODE WINAPI PropCopyMore(LPSPropValue dst, LPSPropValue src, ALLOCATEMORE *more, LPVOID object)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)dst, (void *)(ULONG_PTR)src, (void *)(ULONG_PTR)more, (void *)(ULONG_PTR)object);
    return MAPI_E_NO_SUPPORT;
}

ULONG WINAPI UlPropSize(LPSPropValue prop)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)prop);
    return 0;
}

BOOL WINAPI FPropContainsProp(LPSPropValue a, LPSPropValue b, ULONG fuzzy)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b, (void *)(ULONG_PTR)fuzzy);
    return FALSE;
}

BOOL WINAPI FPropCompareProp(LPSPropValue a, ULONG relop, LPSPropValue b)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)relop, (void *)(ULONG_PTR)b);
    return FALSE;
}

LONG WINAPI LPropCompareProp(LPSPropValue a, LPSPropValue b)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)a, (void *)(ULONG_PTR)b);
    return 0;
}

HRESULT WINAPI HrGetOneProp(LPMAPIPROP obj, ULONG tag, LPSPropValue *prop)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)obj, (void *)(ULONG_PTR)tag, (void *)(ULONG_PTR)prop);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrSetOneProp(LPMAPIPROP obj, LPSPropValue prop)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)obj, (void *)(ULONG_PTR)prop);
    return MAPI_E_NO_SUPPORT;
}

BOOL WINAPI FPropExists(LPMAPIPROP obj, ULONG tag)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)obj, (void *)(ULONG_PTR)tag);
    return FALSE;
}

LPSPropValue WINAPI PpropFindProp(LPSPropValue props, ULONG count, ULONG tag)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)props, (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)tag);
    return NULL;
}

VOID WINAPI FreePadrlist(LPADRLIST list)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)list);
}

VOID WINAPI FreeProws(LPSRowSet rows)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)rows);
}

SCODE WINAPI ScCountProps(INT count, LPSPropValue props, ULONG *size)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)props, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScCopyProps(int count, LPSPropValue props, LPVOID dst, ULONG *size)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)props, (void *)(ULONG_PTR)dst, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScRelocProps(int count, LPSPropValue props, LPVOID old_base, LPVOID new_base, ULONG *size)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)props, (void *)(ULONG_PTR)old_base, (void *)(ULONG_PTR)new_base, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

LPSPropValue WINAPI LpValFindProp(ULONG tag, ULONG count, LPSPropValue props)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)tag, (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)props);
    return NULL;
}

SCODE WINAPI ScDupPropset(int count, LPSPropValue props, LPALLOCATEBUFFER alloc, LPSPropValue *out)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)props, (void *)(ULONG_PTR)alloc, (void *)(ULONG_PTR)out);
    return MAPI_E_NO_SUPPORT;
}

BOOL WINAPI FBadRglpszA(LPSTR *strs, ULONG count)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)strs, (void *)(ULONG_PTR)count);
    return TRUE;
}

BOOL WINAPI FBadRglpszW(LPWSTR *strs, ULONG count)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)strs, (void *)(ULONG_PTR)count);
    return TRUE;
}

BOOL WINAPI FBadRowSet(LPSRowSet rows)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)rows);
    return TRUE;
}

BOOL WINAPI FBadRglpNameID(LPMAPINAMEID *names, ULONG count)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)names, (void *)(ULONG_PTR)count);
    return TRUE;
}

ULONG WINAPI FBadPropTag(ULONG tag)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)tag);
    return TRUE;
}

ULONG WINAPI FBadRow(LPSRow row)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)row);
    return TRUE;
}

ULONG WINAPI FBadProp(LPSPropValue prop)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)prop);
    return TRUE;
}

ULONG WINAPI FBadColumnSet(LPSPropTagArray cols)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)cols);
    return TRUE;
}

ULONG WINAPI FBadSortOrderSet(LPSSortOrderSet sort)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)sort);
    return TRUE;
}

BOOL WINAPI FBadEntryList(LPENTRYLIST list)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)list);
    return TRUE;
}

ULONG WINAPI FBadRestriction(LPSRestriction res)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)res);
    return TRUE;
}
