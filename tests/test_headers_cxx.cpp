/*
 * Our SDK headers in C++ (test_headers' build compiles this file, nothing runs
 * it): they must compile there, and an interface must redeclare each inherited
 * method with exactly its base's signature. Otherwise C++ adds an overload in
 * a new vtable slot where C has none, and the two disagree on the layout.
 */

#include <windows.h>
#include "mapidefs.h"
#include "mapix.h"
#include "mapiutil.h"
#include "mapival.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "mapihook.h"
#include "mapiab.h"
#include "mapix_sdk.h"
#include "mapiutil_sdk.h"
#include "mapival_methods.h"
#include "imessage.h"
#include "tnef.h"

/* Compiles only if both members have the same function type */
template <class Derived, class Base, class Function>
static void same_method(Function Derived::*, Function Base::*) {}

#define INHERITS(derived, base, method) same_method(&derived::method, &base::method);

#define INHERITS_IUNKNOWN(iface) \
    INHERITS(iface, IUnknown, QueryInterface) \
    INHERITS(iface, IUnknown, AddRef) \
    INHERITS(iface, IUnknown, Release)

#define INHERITS_IMAPIPROP(iface) \
    INHERITS(iface, IMAPIProp, GetLastError) \
    INHERITS(iface, IMAPIProp, SaveChanges) \
    INHERITS(iface, IMAPIProp, GetProps) \
    INHERITS(iface, IMAPIProp, GetPropList) \
    INHERITS(iface, IMAPIProp, OpenProperty) \
    INHERITS(iface, IMAPIProp, SetProps) \
    INHERITS(iface, IMAPIProp, DeleteProps) \
    INHERITS(iface, IMAPIProp, CopyTo) \
    INHERITS(iface, IMAPIProp, CopyProps) \
    INHERITS(iface, IMAPIProp, GetNamesFromIDs) \
    INHERITS(iface, IMAPIProp, GetIDsFromNames)

void check_inherited_methods(void)
{
    INHERITS_IUNKNOWN(IMAPISupport)
    INHERITS_IUNKNOWN(IABProvider)
    INHERITS_IUNKNOWN(IABLogon)
    INHERITS_IUNKNOWN(IXPProvider)
    INHERITS_IUNKNOWN(IXPLogon)
    INHERITS_IUNKNOWN(IMSProvider)
    INHERITS_IUNKNOWN(IMSLogon)
    INHERITS_IUNKNOWN(IMAPIProgress)
    INHERITS_IUNKNOWN(IMAPIControl)
    INHERITS_IUNKNOWN(IMAPIClientShutdown)
    INHERITS_IUNKNOWN(IMAPIProviderShutdown)
    INHERITS_IUNKNOWN(IProviderAdmin)
    INHERITS_IUNKNOWN(IProfAdmin)
    INHERITS_IUNKNOWN(IMsgServiceAdmin)
    INHERITS_IUNKNOWN(ISpoolerHook)

    INHERITS_IUNKNOWN(IMAPIStatus)
    INHERITS_IMAPIPROP(IMAPIStatus)
    INHERITS_IUNKNOWN(IProfSect)
    INHERITS_IMAPIPROP(IProfSect)

    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, QueryInterface)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, AddRef)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, Release)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, GetLastError)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, GetMsgServiceTable)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, CreateMsgService)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, DeleteMsgService)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, CopyMsgService)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, RenameMsgService)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, ConfigureMsgService)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, OpenProfileSection)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, MsgServiceTransportOrder)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, AdminProviders)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, SetPrimaryIdentity)
    INHERITS(IMsgServiceAdmin2, IMsgServiceAdmin, GetProviderTable)
}
