/*
 * The IMalloc that MAPIGetDefaultMalloc hands out: the process heap,
 * which outlives every MAPI object, so it is not reference counted.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static HRESULT WINAPI malloc_QueryInterface(IMalloc *iface, REFIID riid, void **obj)
{
    TRACE("(%s,%p)\n", debugstr_guid(riid), obj);

    if (!obj) return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMalloc))
    {
        *obj = iface;
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI malloc_AddRef(IMalloc *iface)
{
    return 1;
}

static ULONG WINAPI malloc_Release(IMalloc *iface)
{
    return 1;
}

static void * WINAPI malloc_Alloc(IMalloc *iface, SIZE_T size)
{
    TRACE("(%Iu)\n", size);
    return HeapAlloc(GetProcessHeap(), 0, size);
}

static void * WINAPI malloc_Realloc(IMalloc *iface, void *ptr, SIZE_T size)
{
    TRACE("(%p,%Iu)\n", ptr, size);

    if (!ptr) return HeapAlloc(GetProcessHeap(), 0, size);
    if (!size)
    {
        HeapFree(GetProcessHeap(), 0, ptr);
        return NULL;
    }
    return HeapReAlloc(GetProcessHeap(), 0, ptr, size);
}

static void WINAPI malloc_Free(IMalloc *iface, void *ptr)
{
    TRACE("(%p)\n", ptr);
    HeapFree(GetProcessHeap(), 0, ptr);
}

static SIZE_T WINAPI malloc_GetSize(IMalloc *iface, void *ptr)
{
    TRACE("(%p)\n", ptr);
    if (!ptr) return (SIZE_T)-1;
    return HeapSize(GetProcessHeap(), 0, ptr);
}

static INT WINAPI malloc_DidAlloc(IMalloc *iface, void *ptr)
{
    TRACE("(%p)\n", ptr);
    if (!ptr) return -1;
    return HeapValidate(GetProcessHeap(), 0, ptr) ? 1 : 0;
}

static void WINAPI malloc_HeapMinimize(IMalloc *iface)
{
    TRACE("()\n");
    HeapCompact(GetProcessHeap(), 0);
}

static const IMallocVtbl malloc_vtbl =
{
    malloc_QueryInterface,
    malloc_AddRef,
    malloc_Release,
    malloc_Alloc,
    malloc_Realloc,
    malloc_Free,
    malloc_GetSize,
    malloc_DidAlloc,
    malloc_HeapMinimize
};

IMalloc mapi_default_malloc = { &malloc_vtbl };

/**************************************************************************
 *  MAPIGetDefaultMalloc@0 (MAPI32.59)
 *
 * RETURNS
 *  MAPI's IMalloc, which allocates from the process heap.
 */
LPMALLOC WINAPI MAPIGetDefaultMalloc(void)
{
    TRACE("()\n");
    return &mapi_default_malloc;
}
