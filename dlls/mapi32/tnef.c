/*
 * TNEF: OpenTnefStream and the ITnef object.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  OpenTnefStream@28 (MAPI32.149)
 *
 * NOTES
 *  Not implemented: TNEF is not there yet.
 */
HRESULT WINAPI OpenTnefStream(LPVOID support, LPSTREAM stream, LPSTR stream_name, ULONG flags, LPMESSAGE message, WORD key, LPVOID *tnef)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)support, (void *)(ULONG_PTR)stream, (void *)(ULONG_PTR)stream_name, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)key, (void *)(ULONG_PTR)tnef);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  OpenTnefStreamEx@32 (MAPI32.151)
 *
 * NOTES
 *  Not implemented: TNEF is not there yet.
 */
HRESULT WINAPI OpenTnefStreamEx(LPVOID support, LPSTREAM stream, LPSTR stream_name, ULONG flags, LPMESSAGE message, WORD key, LPADRBOOK addr_book, LPVOID *tnef)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)support, (void *)(ULONG_PTR)stream, (void *)(ULONG_PTR)stream_name, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)key, (void *)(ULONG_PTR)addr_book, (void *)(ULONG_PTR)tnef);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  GetTnefStreamCodepage@12 (MAPI32.153)
 *
 * NOTES
 *  Not implemented: TNEF is not there yet.
 */
HRESULT WINAPI GetTnefStreamCodepage(LPSTREAM stream, ULONG *codepage, ULONG *sub_codepage)
{
    FIXME("(%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)stream, (void *)(ULONG_PTR)codepage, (void *)(ULONG_PTR)sub_codepage);
    return MAPI_E_NO_SUPPORT;
}
