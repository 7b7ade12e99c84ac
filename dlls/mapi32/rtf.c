/*
 * Placeholder: to be written.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

HRESULT WINAPI WrapCompressedRTFStream(LPSTREAM compressed, ULONG flags, LPSTREAM *uncompressed)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)compressed, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)uncompressed);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI RTFSync(LPMESSAGE message, ULONG flags, BOOL *updated)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)updated);
    return MAPI_E_NO_SUPPORT;
}
