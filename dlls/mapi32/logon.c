/*
 * MAPILogonEx: a program's way to a session, and the process' shared session.
 *
 * There is no logon UI: MAPI_LOGON_UI without a usable profile name takes
 * the default profile, and where Windows would ask the user, the logon
 * fails with MAPI_E_LOGON_FAILED.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define MAPI_BG_SESSION 0x00200000

/* MAPILogonEx flags that MAPI documents; others are refused. */
#define LOGON_KNOWN_FLAGS (MAPI_LOGON_UI | MAPI_NEW_SESSION | MAPI_ALLOW_OTHERS | MAPI_EXPLICIT_PROFILE | \
                           MAPI_EXTENDED | MAPI_FORCE_DOWNLOAD | MAPI_SERVICE_UI_ALWAYS | MAPI_NO_MAIL | \
                           MAPI_NT_SERVICE | MAPI_PASSWORD_UI | MAPI_TIMEOUT_SHORT | MAPI_USE_DEFAULT | \
                           MAPI_UNICODE | MAPI_BG_SESSION)

static CRITICAL_SECTION logon_cs;
static CRITICAL_SECTION_DEBUG logon_cs_debug =
{
    0, 0, &logon_cs,
    { &logon_cs_debug.ProcessLocksList, &logon_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": logon_cs") }
};
static CRITICAL_SECTION logon_cs = { &logon_cs_debug, -1, 0, 0, 0, 0 };

/* The session MAPI_ALLOW_OTHERS made, and how many programs got it. */
static struct session *shared_session;
static LONG shared_users;

/* What each profile in use has in this process: its sessions. */
static struct list profile_states = LIST_INIT(profile_states);

static void join_profile_state(struct session *session)
{
    struct profile_state *state;
    const WCHAR *name = profile_name(session->profile);

    EnterCriticalSection(&logon_cs);
    LIST_FOR_EACH_ENTRY(state, &profile_states, struct profile_state, entry)
        if (!wcsicmp(state->name, name)) goto found;
    if (!(state = calloc(1, sizeof(*state))) || !(state->name = mapi_strdupW_from(name, TRUE)))
    {
        free(state);
        LeaveCriticalSection(&logon_cs);
        return;
    }
    list_add_tail(&profile_states, &state->entry);
found:
    state->sessions++;
    session->state = state;
    LeaveCriticalSection(&logon_cs);
}

void logon_session_ended(struct session *session)
{
    struct profile_state *state;

    /* The spooler gives back what it holds of the session's before the providers go. */
    if (!(session->flags & MAPI_NO_MAIL)) spooler_session_ending(session);

    EnterCriticalSection(&logon_cs);
    if (shared_session == session)
    {
        shared_session = NULL;
        shared_users = 0;
    }
    if ((state = session->state) && !--state->sessions)
    {
        list_remove(&state->entry);
        free(state->name);
        free(state);
    }
    session->state = NULL;
    LeaveCriticalSection(&logon_cs);
}

LONG logon_shared_users(struct session *session)
{
    LONG users;

    EnterCriticalSection(&logon_cs);
    users = shared_session == session ? shared_users : 0;
    LeaveCriticalSection(&logon_cs);
    return users;
}

void logon_shared_leave(struct session *session)
{
    EnterCriticalSection(&logon_cs);
    if (shared_session == session && shared_users > 1) shared_users--;
    LeaveCriticalSection(&logon_cs);
}

static BOOL has_name(const void *name, ULONG flags)
{
    return name && (flags & MAPI_UNICODE ? *(const WCHAR *)name : *(const char *)name);
}

/* The name of the profile to log on to, from the heap. */
static HRESULT choose_profile(const void *name, ULONG flags, WCHAR **chosen)
{
    BOOL given = has_name(name, flags);
    HRESULT hr;

    *chosen = NULL;
    if (given)
    {
        if (!(*chosen = mapi_strdupW_from(name, flags & MAPI_UNICODE))) return MAPI_E_NOT_ENOUGH_MEMORY;
        return S_OK;
    }
    /* Without a name Windows would show its dialog: the default profile stands for the user's choice. */
    if (!(flags & (MAPI_USE_DEFAULT | MAPI_LOGON_UI)) || (flags & MAPI_EXPLICIT_PROFILE && !(flags & MAPI_USE_DEFAULT)))
    {
        WARN("no profile name, and no default profile asked for\n");
        return MAPI_E_LOGON_FAILED;
    }
    if (FAILED(hr = profile_get_default_name(chosen)))
    {
        WARN("no default profile (%#lx)\n", hr);
        return MAPI_E_LOGON_FAILED;
    }
    return S_OK;
}

/***********************************************************************
 *  MAPILogonEx@20 (MAPI32.11)
 *
 * Logs a program on to a profile: a session with the profile's address book
 * providers and (unless MAPI_NO_MAIL) transports logged on.
 *
 * PARAMS
 *  ui_param [I] Parent window of a logon dialog; there is no dialog.
 *  profile  [I] The profile's name (wide with MAPI_UNICODE), or NULL.
 *  password [I] The profile's password, or NULL.
 *  flags    [I] MAPI_* logon flags.
 *  session  [O] Receives the session.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER, MAPI_E_UNKNOWN_FLAGS, MAPI_E_NOT_INITIALIZED
 *           before MAPIInitialize, MAPI_E_NOT_FOUND for a profile that does not
 *           exist, MAPI_E_LOGON_FAILED when no profile can be chosen without UI,
 *           for a wrong password or when a provider cannot be logged on to.
 *
 * NOTES
 *  Without MAPI_NEW_SESSION, the shared session (one made with MAPI_ALLOW_OTHERS)
 *  is returned if there is one, whatever profile is named.
 */
HRESULT WINAPI MAPILogonEx(ULONG_PTR ui_param, LPWSTR profile, LPWSTR password, ULONG flags, LPMAPISESSION *session)
{
    struct profile *opened;
    struct session *created = NULL;
    WCHAR *name, *password_w = NULL;
    HRESULT hr;

    TRACE("(%#Ix,%s,%p,%#lx,%p)\n", ui_param, flags & MAPI_UNICODE ? debugstr_w(profile)
          : debugstr_a((char *)profile), password, flags, session);

    if (!session) return MAPI_E_INVALID_PARAMETER;
    *session = NULL;
    if (!mapi_is_initialized()) return MAPI_E_NOT_INITIALIZED;
    if (flags & ~LOGON_KNOWN_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags & ~LOGON_KNOWN_FLAGS);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    if (!(flags & MAPI_NEW_SESSION))
    {
        EnterCriticalSection(&logon_cs);
        if (shared_session)
        {
            TRACE("returning the shared session %p\n", shared_session);
            IMAPISession_AddRef(&shared_session->IMAPISession_iface);
            shared_users++;
            *session = &shared_session->IMAPISession_iface;
        }
        LeaveCriticalSection(&logon_cs);
        if (*session) return S_OK;
    }

    if (FAILED(hr = choose_profile(profile, flags, &name))) return hr;
    hr = profile_open(name, &opened);
    if (FAILED(hr))
    {
        WARN("profile %s: %#lx\n", debugstr_w(name), hr);
        free(name);
        /* A named profile that does not exist is not found; a default one that went away fails the logon. */
        return hr == MAPI_E_NOT_FOUND && has_name(profile, flags) ? MAPI_E_NOT_FOUND : MAPI_E_LOGON_FAILED;
    }
    free(name);
    if (password && !(password_w = mapi_strdupW_from(password, flags & MAPI_UNICODE)))
    {
        profile_release(opened);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    hr = profile_check_password(opened, password_w);
    free(password_w);
    if (FAILED(hr))
    {
        profile_release(opened);
        return MAPI_E_LOGON_FAILED;
    }
    if (flags & MAPI_TIMEOUT_SHORT) TRACE("short timeout: nothing of ours blocks\n");

    hr = session_create(opened, flags, &created);
    profile_release(opened);
    if (FAILED(hr))
    {
        if (created) IMAPISession_Release(&created->IMAPISession_iface);
        return hr == MAPI_E_NOT_ENOUGH_MEMORY ? hr : MAPI_E_LOGON_FAILED;
    }
    join_profile_state(created);
    if (!(flags & MAPI_NO_MAIL)) spooler_session_started(created);

    if (flags & MAPI_ALLOW_OTHERS)
    {
        EnterCriticalSection(&logon_cs);
        if (!shared_session)
        {
            shared_session = created;
            shared_users = 1;
            created->shared = TRUE;
        }
        LeaveCriticalSection(&logon_cs);
    }
    *session = &created->IMAPISession_iface;
    return S_OK;
}
