/*
 * Placeholder: to be written.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

HRESULT WINAPI HrThisThreadAdviseSink(LPMAPIADVISESINK sink, LPMAPIADVISESINK *out)
{
    FIXME("(%p,%p): stub\n", (void *)(ULONG_PTR)sink, (void *)(ULONG_PTR)out);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrAllocAdviseSink(LPNOTIFCALLBACK callback, LPVOID context, LPMAPIADVISESINK *sink)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)callback, (void *)(ULONG_PTR)context, (void *)(ULONG_PTR)sink);
    return MAPI_E_NO_SUPPORT;
}

HRESULT WINAPI HrDispatchNotifications(ULONG flags)
{
    FIXME("(%p): stub\n", (void *)(ULONG_PTR)flags);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScCountNotifications(int count, LPNOTIFICATION notifs, ULONG *size)
{
    FIXME("(%p,%p,%p): stub\n", (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)notifs, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScCopyNotifications(int count, LPNOTIFICATION notifs, LPVOID dst, ULONG *size)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)notifs, (void *)(ULONG_PTR)dst, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}

SCODE WINAPI ScRelocNotifications(int count, LPNOTIFICATION notifs, LPVOID old_base, LPVOID new_base, ULONG *size)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)notifs, (void *)(ULONG_PTR)old_base, (void *)(ULONG_PTR)new_base, (void *)(ULONG_PTR)size);
    return MAPI_E_NO_SUPPORT;
}
