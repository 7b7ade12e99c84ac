/*
 * Simple MAPI on a profile of ours (smapi.c), as sendmail.c hands it calls:
 * the Unicode side of each function; handles 0 mean a session for one call.
 * Return values are Simple MAPI's (SUCCESS_SUCCESS, MAPI_E_FAILURE...).
 */

#ifndef __MAPI32_SMAPI_H
#define __MAPI32_SMAPI_H

#include "mapi32_private.h"
#include "mapi.h"
#include "mapi_sdk.h"

/* TRUE when Simple MAPI calls for this profile (NULL: the default one) are ours to answer. */
extern BOOL smapi_profile_available(const WCHAR *profile);
/* TRUE when the handle is a session smapi_logon gave out. */
extern BOOL smapi_is_session(LHANDLE session);

extern ULONG smapi_logon(ULONG_PTR ui_param, const WCHAR *profile, const WCHAR *password, FLAGS flags,
                         LHANDLE *session);
extern ULONG smapi_logoff(LHANDLE session, ULONG_PTR ui_param, FLAGS flags);
extern ULONG smapi_send_mail(LHANDLE session, ULONG_PTR ui_param, const MapiMessageW *message, FLAGS flags);
/* message_id: in, the message to replace or ""; out, the message saved (64 or, with MAPI_LONG_MSGID, 512 chars) */
extern ULONG smapi_save_mail(LHANDLE session, ULONG_PTR ui_param, const MapiMessageW *message, FLAGS flags,
                             char *message_id);
/* The message from one MAPIAllocateBuffer block; its strings and entry IDs hang off it. */
extern ULONG smapi_read_mail(LHANDLE session, ULONG_PTR ui_param, const char *message_id, FLAGS flags,
                             MapiMessageW **message);
extern ULONG smapi_find_next(LHANDLE session, ULONG_PTR ui_param, const WCHAR *message_type, const char *seed,
                             FLAGS flags, char *message_id);
extern ULONG smapi_delete_mail(LHANDLE session, ULONG_PTR ui_param, const char *message_id, FLAGS flags);
/* The recipient from one MAPIAllocateBuffer block. */
extern ULONG smapi_resolve_name(LHANDLE session, ULONG_PTR ui_param, const WCHAR *name, FLAGS flags,
                                MapiRecipDescW **recip);

/* composedlg.c: the compose window of MAPI_DIALOG. Strings from the heap, the
 * dialog replaces them with what the user left there (free with free()).
 * S_OK for Send, MAPI_E_USER_CANCEL for Cancel, MAPI_E_NO_SUPPORT when no window
 * can be shown (no display). */
struct smapi_compose
{
    WCHAR *to, *cc, *subject, *body;
    WCHAR *files;       /* the attached files' names, for the user to see */
};
extern HRESULT smapi_compose_dialog(ULONG_PTR ui_param, struct smapi_compose *compose);

#endif /* __MAPI32_SMAPI_H */
