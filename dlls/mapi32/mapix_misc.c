/*
 * Exports that need a session and belong to later issues: entry ID and
 * message ID composition, sessions from Simple MAPI and CMC handles.
 */

#include "mapi32_private.h"
#include "mapi.h"
#include "xcmc.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  ScMAPIXFromCMC (MAPI32.202)
 *
 * NOTES
 *  Not implemented: there are no sessions yet.
 */
SCODE WINAPI ScMAPIXFromCMC(CMC_session_id cmc_session, ULONG flags, LPCIID iid, LPMAPISESSION *session)
{
    FIXME("(%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)cmc_session, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)iid, (void *)(ULONG_PTR)session);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrComposeEID@28 (MAPI32.143)
 *
 * NOTES
 *  Not implemented: there are no sessions yet.
 */
HRESULT WINAPI HrComposeEID(LPMAPISESSION session, ULONG store_key_size, LPBYTE store_key, ULONG msg_entry_size, LPENTRYID msg_entry, ULONG *eid_size, LPENTRYID *eid)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)store_key_size, (void *)(ULONG_PTR)store_key, (void *)(ULONG_PTR)msg_entry_size, (void *)(ULONG_PTR)msg_entry, (void *)(ULONG_PTR)eid_size, (void *)(ULONG_PTR)eid);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrDecomposeEID@28 (MAPI32.144)
 *
 * NOTES
 *  Not implemented: there are no sessions yet.
 */
HRESULT WINAPI HrDecomposeEID(LPMAPISESSION session, ULONG eid_size, LPENTRYID eid, ULONG *store_eid_size, LPENTRYID *store_eid, ULONG *msg_eid_size, LPENTRYID *msg_eid)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)eid_size, (void *)(ULONG_PTR)eid, (void *)(ULONG_PTR)store_eid_size, (void *)(ULONG_PTR)store_eid, (void *)(ULONG_PTR)msg_eid_size, (void *)(ULONG_PTR)msg_eid);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrComposeMsgID@24 (MAPI32.145)
 *
 * NOTES
 *  Not implemented: there are no sessions yet.
 */
HRESULT WINAPI HrComposeMsgID(LPMAPISESSION session, ULONG store_key_size, LPBYTE store_key, ULONG msg_entry_size, LPENTRYID msg_entry, LPSTR *msg_id)
{
    FIXME("(%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)store_key_size, (void *)(ULONG_PTR)store_key, (void *)(ULONG_PTR)msg_entry_size, (void *)(ULONG_PTR)msg_entry, (void *)(ULONG_PTR)msg_id);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrDecomposeMsgID@24 (MAPI32.146)
 *
 * NOTES
 *  Not implemented: there are no sessions yet.
 */
HRESULT WINAPI HrDecomposeMsgID(LPMAPISESSION session, LPSTR msg_id, ULONG *store_eid_size, LPENTRYID *store_eid, ULONG *msg_eid_size, LPENTRYID *msg_eid)
{
    FIXME("(%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)session, (void *)(ULONG_PTR)msg_id, (void *)(ULONG_PTR)store_eid_size, (void *)(ULONG_PTR)store_eid, (void *)(ULONG_PTR)msg_eid_size, (void *)(ULONG_PTR)msg_eid);
    return MAPI_E_NO_SUPPORT;
}
