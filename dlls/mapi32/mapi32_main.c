/*
 * mapi32.dll: start-up, MAPIInitialize, and the exports of Windows' mapi32
 * that belong to Outlook or to MAPI's form and wizard UI.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
/* The MAPI interface IDs are defined here, once for the whole DLL. */
#include "initguid.h"
#include "mapiguid.h"

#include "mapi32_private.h"
#include "winuser.h"
#include "msi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

HINSTANCE mapi32_instance;

static CRITICAL_SECTION init_section;
static CRITICAL_SECTION_DEBUG init_section_debug =
{
    0, 0, &init_section,
    { &init_section_debug.ProcessLocksList, &init_section_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": init_section") }
};
static CRITICAL_SECTION init_section = { &init_section_debug, -1, 0, 0, 0, 0 };
static LONG init_count;
static LONG util_init_count;

/* MAPIInitialize flags that MAPI documents; others are refused. */
#define MAPI_INIT_KNOWN_FLAGS (MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NO_COINIT | MAPI_NT_SERVICE)

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    TRACE("(%p,%lu,%p)\n", instance, reason, reserved);

    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        mapi32_instance = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        if (reserved) break; /* process exit: the heap goes with it */
        mapi_alloc_shutdown();
        break;
    }
    return TRUE;
}

BOOL mapi_is_initialized(void)
{
    return ReadNoFence(&init_count) > 0;
}

/**************************************************************************
 *  MAPIInitialize@4 (MAPI32.20)
 *
 * Initialises the MAPI library for the calling process.
 *
 * PARAMS
 *  init [I] MAPIINIT_0 with version and flags, or NULL.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_VERSION for an unknown MAPIINIT_0 version,
 *           MAPI_E_UNKNOWN_FLAGS for undocumented flags.
 *
 * NOTES
 *  Calls are counted: each needs a matching MAPIUninitialize.
 */
HRESULT WINAPI MAPIInitialize(LPVOID init)
{
    MAPIINIT_0 *params = init;

    TRACE("(%p)\n", init);

    if (params)
    {
        if (params->ulVersion > MAPI_INIT_VERSION)
        {
            WARN("unknown version %lu\n", params->ulVersion);
            return MAPI_E_VERSION;
        }
        if (params->ulFlags & ~MAPI_INIT_KNOWN_FLAGS)
        {
            WARN("unknown flags %#lx\n", params->ulFlags);
            return MAPI_E_UNKNOWN_FLAGS;
        }
    }

    EnterCriticalSection(&init_section);
    init_count++;
    LeaveCriticalSection(&init_section);
    return S_OK;
}

/**************************************************************************
 *  MAPIUninitialize@0 (MAPI32.22)
 *
 * Undoes one MAPIInitialize.
 *
 * RETURNS
 *  Nothing.
 */
VOID WINAPI MAPIUninitialize(void)
{
    TRACE("()\n");

    EnterCriticalSection(&init_section);
    if (init_count > 0)
        init_count--;
    else
        WARN("not initialized\n");
    LeaveCriticalSection(&init_section);
}

/**************************************************************************
 *  ScInitMapiUtil@4 (MAPI32.33)
 *
 * Initialises the MAPI utility functions, for programs that use them
 * without MAPIInitialize.
 *
 * PARAMS
 *  flags [I] Reserved, must be 0.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_UNKNOWN_FLAGS.
 */
SCODE WINAPI ScInitMapiUtil(ULONG flags)
{
    TRACE("(%#lx)\n", flags);

    if (flags)
    {
        WARN("reserved flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    InterlockedIncrement(&util_init_count);
    return S_OK;
}

/**************************************************************************
 *  DeinitMapiUtil@0 (MAPI32.34)
 *
 * Undoes one ScInitMapiUtil.
 */
VOID WINAPI DeinitMapiUtil(void)
{
    TRACE("()\n");

    if (InterlockedDecrement(&util_init_count) < 0)
    {
        WARN("not initialized\n");
        InterlockedIncrement(&util_init_count);
    }
}

/***********************************************************************
 *  DllGetClassObject (MAPI32.27)
 *
 * MAPI registers no COM classes.
 */
HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID iid, LPVOID *obj)
{
    TRACE("(%s,%s,%p)\n", debugstr_guid(clsid), debugstr_guid(iid), obj);

    if (!obj) return E_INVALIDARG;
    *obj = NULL;
    return CLASS_E_CLASSNOTAVAILABLE;
}

/***********************************************************************
 *  DllCanUnloadNow (MAPI32.28)
 *
 * RETURNS
 *  S_OK when no MAPIInitialize is outstanding, S_FALSE otherwise.
 */
HRESULT WINAPI DllCanUnloadNow(void)
{
    TRACE("()\n");
    return mapi_is_initialized() ? S_FALSE : S_OK;
}

/***********************************************************************
 *  MAPI32.8
 *
 * An export by ordinal alone, undocumented.
 */
HRESULT CDECL MAPI32_ordinal8(void)
{
    FIXME("undocumented ordinal 8, not supported\n");
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  PRProviderInit (MAPI32.24)
 *
 * Entry point of MAPI's own profile provider; profiles are kept by
 * IProfAdmin here, so there is no provider to initialise.
 */
HRESULT WINAPI PRProviderInit(HINSTANCE instance, LPMALLOC malloc, LPALLOCATEBUFFER allocate_buffer,
                              LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, ULONG flags,
                              ULONG mapi_version, ULONG *provider_version, LPVOID *provider)
{
    FIXME("(%p,%p,%p,%p,%p,%#lx,%lu,%p,%p): not supported\n", instance, malloc, allocate_buffer,
          allocate_more, free_buffer, flags, mapi_version, provider_version, provider);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  LaunchWizard@20 (MAPI32.26)
 *
 * The profile wizard is UI; there is none.
 */
HRESULT WINAPI LaunchWizard(HWND parent, ULONG flags, LPCSTR *services, ULONG buffer_max, LPSTR new_profile)
{
    FIXME("(%p,%#lx,%p,%lu,%p): no profile wizard\n", parent, flags, services, buffer_max, new_profile);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  MAPIOpenFormMgr@8 (MAPI32.30)
 *
 * There is no form manager.
 */
HRESULT WINAPI MAPIOpenFormMgr(LPMAPISESSION session, LPVOID *form_mgr)
{
    FIXME("(%p,%p): no form manager\n", session, form_mgr);
    if (form_mgr) *form_mgr = NULL;
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  MAPIOpenLocalFormContainer@4 (MAPI32.32)
 *
 * There is no form container.
 */
HRESULT WINAPI MAPIOpenLocalFormContainer(LPVOID *container)
{
    FIXME("(%p): no form container\n", container);
    if (container) *container = NULL;
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  WrapProgress@20 (MAPI32.41)
 *
 * NOTES
 *  Windows' own mapi32 does not implement this function either.
 */
HRESULT WINAPI WrapProgress(LPVOID progress, ULONG min, ULONG max, ULONG flags, LPVOID *wrapped)
{
    FIXME("(%p,%lu,%lu,%#lx,%p): not supported\n", progress, min, max, flags, wrapped);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrGetOmiProvidersFlags (MAPI32.246)
 *
 * Outlook's private provider flags.
 */
HRESULT WINAPI HrGetOmiProvidersFlags(LPMAPISESSION session, ULONG *flags)
{
    FIXME("(%p,%p): Outlook only, not supported\n", session, flags);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrSetOmiProvidersFlagsInvalid (MAPI32.248)
 */
HRESULT WINAPI HrSetOmiProvidersFlagsInvalid(LPMAPISESSION session)
{
    FIXME("(%p): Outlook only, not supported\n", session);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  GetOutlookVersion (MAPI32.250)
 *
 * RETURNS
 *  0: no Outlook is installed.
 */
UINT WINAPI GetOutlookVersion(void)
{
    FIXME("(): no Outlook\n");
    return 0;
}

/***********************************************************************
 *  FixMAPI (MAPI32.252)
 *
 * Outlook's repair of a broken MAPI installation; nothing to repair.
 */
HRESULT WINAPI FixMAPI(void)
{
    FIXME("(): not supported\n");
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  FGetComponentPath (MAPI32.254)
 *
 * Looks up the path of an installed component (Outlook's way of finding
 * its msmapi32.dll) through the Windows Installer.
 *
 * PARAMS
 *  component       [I] Component ID, a GUID string.
 *  qualifier       [I] Qualifier of the component, or NULL for the user's UI
 *                      language as "LANGID\NT", then "LANGID\95", then "LANGID".
 *  dll_path        [O] Receives the path.
 *  dll_path_length [I] Size of dll_path in characters.
 *  install         [I] Whether the Installer may install the component.
 *
 * RETURNS
 *  Success: TRUE.
 *  Failure: FALSE and an empty dll_path: no such component is installed, or
 *           bad arguments (dll_path is only touched if it has room).
 */
BOOL WINAPI FGetComponentPath(LPCSTR component, LPCSTR qualifier, LPSTR dll_path,
                              DWORD dll_path_length, BOOL install)
{
    static const char * const language_qualifiers[] = { "%u\\NT", "%u\\95", "%u" };
    UINT (WINAPI *provide_component)(LPCSTR, LPCSTR, DWORD, LPSTR, LPDWORD);
    DWORD mode = install ? INSTALLMODE_DEFAULT : INSTALLMODE_EXISTING, length;
    char language_qualifier[16];
    BOOL found = FALSE;
    HMODULE msi;
    int i;

    TRACE("(%s,%s,%p,%lu,%d)\n", debugstr_a(component), debugstr_a(qualifier),
          dll_path, dll_path_length, install);

    if (!dll_path || !dll_path_length)
    {
        WARN("no room for the path\n");
        return FALSE;
    }
    *dll_path = 0;
    if (!component)
    {
        WARN("NULL component\n");
        return FALSE;
    }

    /* Loaded only when asked: most programs never call this. */
    if (!(msi = LoadLibraryA("msi.dll")))
    {
        WARN("no msi.dll\n");
        return FALSE;
    }
    if ((provide_component = (void *)GetProcAddress(msi, "MsiProvideQualifiedComponentA")))
    {
        if (qualifier)
        {
            length = dll_path_length;
            found = !provide_component(component, qualifier, mode, dll_path, &length);
        }
        else for (i = 0; i < ARRAY_SIZE(language_qualifiers) && !found; i++)
        {
            wsprintfA(language_qualifier, language_qualifiers[i], GetUserDefaultUILanguage());
            length = dll_path_length;
            found = !provide_component(component, language_qualifier, mode, dll_path, &length);
        }
    }
    FreeLibrary(msi);

    if (!found) *dll_path = 0;
    TRACE("%s\n", found ? debugstr_a(dll_path) : "not found");
    return found;
}
