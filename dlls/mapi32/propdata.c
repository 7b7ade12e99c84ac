/*
 * Placeholder: to be written.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

SCODE WINAPI CreateIProp(LPCIID iid, ALLOCATEBUFFER *alloc, ALLOCATEMORE *more, FREEBUFFER *free_buffer, LPVOID reserved, LPPROPDATA *prop_data)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)iid, (void *)(ULONG_PTR)alloc, (void *)(ULONG_PTR)more, (void *)(ULONG_PTR)free_buffer, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)prop_data);
    return MAPI_E_NO_SUPPORT;
}
