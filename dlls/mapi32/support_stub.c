/*
 * Placeholder for support.h until the session's support objects land: the
 * support object a message service's entry point gets, with what support.h
 * promises it (OpenProfileSection, the service's own section for NULL;
 * GetMemAllocRoutines; NewUID; GetLastError) and MAPI_E_NO_SUPPORT for the
 * rest. Delete this file when support_create_for_service exists elsewhere.
 */

#include "profile_private.h"
#include "support.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct service_support
{
    IMAPISupport IMAPISupport_iface;
    LONG ref;
    struct profile *profile;
    MAPIUID service_uid;
};

static inline struct service_support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct service_support, IMAPISupport_iface);
}

static HRESULT WINAPI support_QueryInterface(IMAPISupport *iface, REFIID riid, void **out)
{
    if (!out) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPISup))
    {
        *out = iface;
        IMAPISupport_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI support_AddRef(IMAPISupport *iface)
{
    return InterlockedIncrement(&impl_from_IMAPISupport(iface)->ref);
}

static ULONG WINAPI support_Release(IMAPISupport *iface)
{
    struct service_support *This = impl_from_IMAPISupport(iface);
    ULONG ref = InterlockedDecrement(&This->ref);

    if (!ref)
    {
        profile_release(This->profile);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static HRESULT WINAPI support_GetLastError(IMAPISupport *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    if (!error) return MAPI_E_INVALID_PARAMETER;
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI support_GetMemAllocRoutines(IMAPISupport *iface, ALLOCATEBUFFER **allocate_buffer,
                                                  ALLOCATEMORE **allocate_more, FREEBUFFER **free_buffer)
{
    if (allocate_buffer) *allocate_buffer = MAPIAllocateBuffer;
    if (allocate_more) *allocate_more = MAPIAllocateMore;
    if (free_buffer) *free_buffer = MAPIFreeBuffer;
    return S_OK;
}

static HRESULT WINAPI support_OpenProfileSection(IMAPISupport *iface, MAPIUID *uid, ULONG flags, IProfSect **section)
{
    struct service_support *This = impl_from_IMAPISupport(iface);

    return profile_open_section(This->profile, uid ? uid : &This->service_uid, flags, section);
}

static HRESULT WINAPI support_NewUID(IMAPISupport *iface, MAPIUID *uid)
{
    if (!uid) return MAPI_E_INVALID_PARAMETER;
    new_mapiuid(uid);
    return S_OK;
}

/* Every other method needs a session: one answer for them all, whatever their arguments */
static HRESULT WINAPI support_no_session(void)
{
    FIXME("needs a session\n");
    return MAPI_E_NO_SUPPORT;
}

static const void *const support_vtbl[44] =
{
    support_QueryInterface, support_AddRef, support_Release, support_GetLastError, support_GetMemAllocRoutines,
    support_no_session, support_no_session, support_no_session, support_no_session,   /* Subscribe..ModifyStatusRow */
    support_OpenProfileSection, support_no_session /* RegisterPreprocessor */, support_NewUID,
    support_no_session, support_no_session, support_no_session, support_no_session, support_no_session,
    support_no_session, support_no_session, support_no_session, support_no_session, support_no_session,
    support_no_session, support_no_session, support_no_session, support_no_session, support_no_session,
    support_no_session, support_no_session, support_no_session, support_no_session, support_no_session,
    support_no_session, support_no_session, support_no_session, support_no_session, support_no_session,
    support_no_session, support_no_session, support_no_session, support_no_session, support_no_session,
    support_no_session, support_no_session,
};

HRESULT support_create_for_service(struct profile *profile, const MAPIUID *service_uid, IMAPISupport **support)
{
    struct service_support *This;

    TRACE("(%p,%p,%p)\n", profile, service_uid, support);

    if (!support) return MAPI_E_INVALID_PARAMETER;
    *support = NULL;
    if (!(This = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*This)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    This->IMAPISupport_iface.lpVtbl = (const IMAPISupportVtbl *)support_vtbl;
    This->ref = 1;
    This->profile = profile_addref(profile);
    This->service_uid = *service_uid;
    *support = &This->IMAPISupport_iface;
    return S_OK;
}
