/*
 * Common Messaging Calls (XAPIA CMC 1.0), the third mail API mapi32 exports.
 *
 * No program we know of still uses it; every call answers CMC_E_NOT_SUPPORTED.
 */

#include "mapi32_private.h"
#include "xcmc.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  cmc_act_on (MAPI32.229)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_act_on(CMC_session_id session, CMC_message_reference *message, CMC_enum operation, CMC_flags flags, CMC_ui_id ui_id, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)operation, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)ui_id, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_free (MAPI32.230)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_free(CMC_buffer memory)
{
    FIXME("(%p): CMC is not supported\n", (void *)(ULONG_PTR)memory);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_list (MAPI32.231)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_list(CMC_session_id session, CMC_string message_type, CMC_flags flags, CMC_message_reference *seed, CMC_uint32 *count, CMC_ui_id ui_id, CMC_message_summary **result, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)message_type, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)seed, (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)ui_id, (void *)(ULONG_PTR)result, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_logoff (MAPI32.232)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_logoff(CMC_session_id session, CMC_ui_id ui_id, CMC_flags flags, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)ui_id, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_logon (MAPI32.233)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_logon(CMC_string service, CMC_string user, CMC_string password, CMC_object_identifier character_set, CMC_ui_id ui_id, CMC_uint16 caller_cmc_version, CMC_flags flags, CMC_session_id *session, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)service, (void *)(ULONG_PTR)user, (void *)(ULONG_PTR)password, (void *)(ULONG_PTR)character_set, (void *)(ULONG_PTR)ui_id, (void *)(ULONG_PTR)caller_cmc_version, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_look_up (MAPI32.234)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_look_up(CMC_session_id session, CMC_recipient *recipient_in, CMC_flags flags, CMC_ui_id ui_id, CMC_uint32 *count, CMC_recipient **recipient_out, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)recipient_in, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)ui_id, (void *)(ULONG_PTR)count, (void *)(ULONG_PTR)recipient_out, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_query_configuration (MAPI32.235)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_query_configuration(CMC_session_id session, CMC_enum item, CMC_buffer reference, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)item, (void *)(ULONG_PTR)reference, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_read (MAPI32.236)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_read(CMC_session_id session, CMC_message_reference *message, CMC_flags flags, CMC_message **result, CMC_ui_id ui_id, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)result, (void *)(ULONG_PTR)ui_id, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_send (MAPI32.237)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_send(CMC_session_id session, CMC_message *message, CMC_flags flags, CMC_ui_id ui_id, CMC_extension *extensions)
{
    FIXME("(%p,%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)message, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)ui_id, (void *)(ULONG_PTR)extensions);
    return CMC_E_NOT_SUPPORTED;
}

/***********************************************************************
 *  cmc_send_documents (MAPI32.238)
 *
 * RETURNS
 *  CMC_E_NOT_SUPPORTED: CMC is not implemented.
 */
CMC_return_code WINAPI cmc_send_documents(CMC_string recipient_addresses, CMC_string subject, CMC_string text_note, CMC_flags flags, CMC_string file_paths, CMC_string file_names, CMC_string delimiter, CMC_ui_id ui_id)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p): CMC is not supported\n", (void *)(ULONG_PTR)recipient_addresses, (void *)(ULONG_PTR)subject, (void *)(ULONG_PTR)text_note, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)file_paths, (void *)(ULONG_PTR)file_names, (void *)(ULONG_PTR)delimiter, (void *)(ULONG_PTR)ui_id);
    return CMC_E_NOT_SUPPORTED;
}
