/*
 * Support objects (IMAPISupport) as the rest of mapi32 creates them: one
 * implementation with a flavour per kind of caller, since MAPI gives a store,
 * a transport, an address book provider and a service entry each their own.
 */

#ifndef __MAPI32_SUPPORT_H
#define __MAPI32_SUPPORT_H

#include "profile.h"

/* The support object a message service's entry point (MSGSERVICEENTRY) gets
 * for MSG_SERVICE_CREATE, _CONFIGURE, _DELETE, _PROVIDER_CREATE,
 * _PROVIDER_DELETE, _INSTALL and _UNINSTALL: OpenProfileSection on the
 * profile (the service's own section for NULL), GetMemAllocRoutines,
 * NewUID, GetLastError; what needs a session answers MAPI_E_NO_SUPPORT. */
extern HRESULT support_create_for_service(struct profile *profile, const MAPIUID *service_uid,
                                          IMAPISupport **support);

#endif /* __MAPI32_SUPPORT_H */
