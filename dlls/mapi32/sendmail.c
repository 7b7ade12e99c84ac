/*
 * Placeholder: to be written.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

ULONG WINAPI MAPISendDocuments(ULONG_PTR ui_param, LPSTR delim, LPSTR paths, LPSTR names, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)delim, (void *)(ULONG_PTR)paths, (void *)(ULONG_PTR)names, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPILogon(ULONG_PTR ui_param, LPSTR profile, LPSTR password, FLAGS flags, ULONG reserved, LPLHANDLE session)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)profile, (void *)(ULONG_PTR)password, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)session);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPILogoff(LHANDLE session, ULONG_PTR ui_param, FLAGS flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPISendMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage message, FLAGS flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPISendMailW(LHANDLE session, ULONG_PTR ui_param, lpMapiMessageW message, FLAGS flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPISaveMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage message, FLAGS flags, ULONG reserved, LPSTR message_id)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)message_id);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIReadMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved, lpMapiMessage message)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message_id, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)message);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIFindNext(LHANDLE session, ULONG_PTR ui_param, LPSTR message_type, LPSTR seed, FLAGS flags, ULONG reserved, LPSTR message_id)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message_type, (void *)(ULONG_PTR)seed, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)message_id);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIDeleteMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message_id, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIAddress(LHANDLE session, ULONG_PTR ui_param, LPSTR caption, ULONG edit_fields, LPSTR labels, ULONG recip_count, lpMapiRecipDesc recips, FLAGS flags, ULONG reserved, LPULONG new_count, lpMapiRecipDesc *new_recips)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)caption, (void *)(ULONG_PTR)edit_fields, (void *)(ULONG_PTR)labels, (void *)(ULONG_PTR)recip_count, (void *)(ULONG_PTR)recips, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)new_count, (void *)(ULONG_PTR)new_recips);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIDetails(LHANDLE session, ULONG_PTR ui_param, lpMapiRecipDesc recip, FLAGS flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)recip, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI MAPIResolveName(LHANDLE session, ULONG_PTR ui_param, LPSTR name, FLAGS flags, ULONG reserved, lpMapiRecipDesc *recip)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)name, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)recip);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPISendMail(LHANDLE session, ULONG_PTR ui_param, LPVOID message, LPVOID recips, LPVOID files, ULONG flags)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)recips, (void *)(ULONG_PTR)files, (void *)(ULONG_PTR)flags);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPISaveMail(LHANDLE session, ULONG_PTR ui_param, LPVOID message, LPVOID recips, LPVOID files, ULONG flags, LPVOID message_id)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)recips, (void *)(ULONG_PTR)files, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)message_id);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIReadMail(LPVOID message, LPVOID recip_count, LPVOID file_count, LHANDLE session, ULONG_PTR ui_param, LPVOID message_id, ULONG flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)recip_count, (void *)(ULONG_PTR)file_count, (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message_id, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIGetReadMail(ULONG message, LPVOID out, LPVOID recips, LPVOID files, LPVOID originator)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)out, (void *)(ULONG_PTR)recips, (void *)(ULONG_PTR)files, (void *)(ULONG_PTR)originator);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIFindNext(LHANDLE session, ULONG_PTR ui_param, LPVOID message_type, LPVOID seed, ULONG flags, ULONG reserved, LPVOID message_id)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)message_type, (void *)(ULONG_PTR)seed, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)message_id);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIAddress(LPVOID info, LHANDLE session, ULONG_PTR ui_param, LPVOID caption, ULONG edit_fields, LPVOID labels, LPVOID recip_count, LPVOID recips, ULONG flags)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)info, (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)caption, (void *)(ULONG_PTR)edit_fields, (void *)(ULONG_PTR)labels, (void *)(ULONG_PTR)recip_count, (void *)(ULONG_PTR)recips, (void *)(ULONG_PTR)flags);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIGetAddress(ULONG info, ULONG count, LPVOID recips, LPVOID out)
{
    FIXME("(%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)info, (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)recips, (void *)(ULONG_PTR)out);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIDetails(LHANDLE session, ULONG_PTR ui_param, LPVOID recip, ULONG flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)recip, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved);
    return MAPI_E_NOT_SUPPORTED;
}

ULONG WINAPI BMAPIResolveName(LHANDLE session, ULONG_PTR ui_param, LPVOID name, ULONG flags, ULONG reserved, LPVOID recip)
{
    FIXME("(%p,%p,%p,%p,%p,%p): stub\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_param, (void *)(ULONG_PTR)name, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)recip);
    return MAPI_E_NOT_SUPPORTED;
}
