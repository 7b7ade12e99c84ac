/*
 * Placeholder for support.h until the session's support objects land:
 * a message service's entry point cannot be called without one.
 * Delete this file when support_create_for_service exists elsewhere.
 */

#include "profile_private.h"
#include "support.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

HRESULT support_create_for_service(struct profile *profile, const MAPIUID *service_uid, IMAPISupport **support)
{
    FIXME("(%p,%p,%p): no support objects yet\n", profile, service_uid, support);
    if (support) *support = NULL;
    return MAPI_E_NO_SUPPORT;
}
