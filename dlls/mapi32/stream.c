/*
 * Placeholder: to be written.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

HRESULT WINAPI OpenStreamOnFile(LPALLOCATEBUFFER alloc, LPFREEBUFFER free_buffer, ULONG flags, LPWSTR file_name, LPWSTR prefix, LPSTREAM *stream)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)alloc, (void *)(ULONG_PTR)free_buffer, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)file_name, (void *)(ULONG_PTR)prefix, (void *)(ULONG_PTR)stream);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrIStorageFromStream(LPUNKNOWN unk, LPCIID iid, ULONG flags, LPSTORAGE *storage)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)unk, (void *)(ULONG_PTR)iid, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)storage);
    return MAPI_E_NO_SUPPORT;
}
