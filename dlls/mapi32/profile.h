/*
 * Profiles as the rest of mapi32 sees them: the contract between the profile
 * store (profile.c and the administration objects) and its users (logon, the
 * session, support objects, the spooler).
 *
 * A profile lives in the registry where Windows' MAPI keeps it:
 *   HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles
 *     <profile name>\<section UID as 32 lower-case hex digits>\<property tag as 8 hex digits>
 * with the default profile's name in the value "DefaultProfile" of the Profiles key.
 * Everything here is thread-safe and may be called from any process: the
 * registry is the only state shared between processes.
 */

#ifndef __MAPI32_PROFILE_H
#define __MAPI32_PROFILE_H

#include "mapiadmin.h"

struct profile;

/* Opens a profile by name (case-insensitive). MAPI_E_NOT_FOUND if there is none. */
extern HRESULT profile_open(const WCHAR *name, struct profile **profile);
/* The default profile's name, from the heap (free with free()); MAPI_E_NOT_FOUND if none is set. */
extern HRESULT profile_get_default_name(WCHAR **name);
extern struct profile *profile_addref(struct profile *profile);
extern void profile_release(struct profile *profile);
extern const WCHAR *profile_name(const struct profile *profile);
/* S_OK when the password matches the profile's (no password: any is accepted), else MAPI_E_LOGON_FAILED. */
extern HRESULT profile_check_password(struct profile *profile, const WCHAR *password);

/* A provider of the profile, as MAPILogonEx and the spooler load it. */
struct profile_provider
{
    MAPIUID provider_uid;      /* PR_PROVIDER_UID: its own profile section */
    MAPIUID service_uid;       /* PR_SERVICE_UID: its message service's section */
    ULONG resource_type;       /* PR_RESOURCE_TYPE: MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, MAPI_TRANSPORT_PROVIDER */
    ULONG resource_flags;      /* PR_RESOURCE_FLAGS */
    WCHAR *dll_name;           /* PR_PROVIDER_DLL_NAME as the profile names it (see mapi_load_provider_dll) */
    WCHAR *display_name;       /* PR_DISPLAY_NAME */
    WCHAR *provider_display;   /* PR_PROVIDER_DISPLAY */
    WCHAR *service_name;       /* PR_SERVICE_NAME */
};

/* The profile's providers of one resource type (0: all), transports in the
 * order MsgServiceTransportOrder set. Free with profile_free_providers. */
extern HRESULT profile_get_providers(struct profile *profile, ULONG resource_type,
                                     ULONG *count, struct profile_provider **providers);
extern void profile_free_providers(ULONG count, struct profile_provider *providers);

/* Opens a section of the profile, as IMAPISupport::OpenProfileSection and
 * IMAPISession::OpenProfileSection do. flags: MAPI_MODIFY for write access
 * (which also creates a missing section); without it a missing section is
 * MAPI_E_NOT_FOUND. Profile sections are not transacted (as MAPI documents
 * IProfSect): every change is in the registry when the call returns, and
 * SaveChanges has nothing left to save. */
extern HRESULT profile_open_section(struct profile *profile, const MAPIUID *uid, ULONG flags,
                                    IProfSect **section);

/* The message service administration object of a profile, as
 * IMAPISession::AdminServices hands it out (it exposes IMsgServiceAdmin2 too). */
extern HRESULT profile_admin_services(struct profile *profile, IMsgServiceAdmin **admin);

/* Loads a DLL named by a profile or by mapisvc.inf, with MAPI's rule for the
 * "32" suffix: a profile names "smpms.dll", the 32-bit (and our 64-bit) file
 * is "smpms32.dll"; the name as given is tried when the suffixed one is absent. */
extern HMODULE mapi_load_provider_dll(const WCHAR *dll_name);

#endif /* __MAPI32_PROFILE_H */
