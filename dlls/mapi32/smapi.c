/*
 * Simple MAPI on Extended MAPI: when a profile of ours exists, MAPILogon,
 * MAPISendMail and the others work on a session of it (MAPILogonEx), its
 * default store and its address book, as Windows' MAPI does; sendmail.c
 * keeps handing them to the mail client when there is no profile.
 *
 * How the pieces map:
 *  - a Simple MAPI session is an IMAPISession with the default store opened
 *    on first use; MAPILogon without MAPI_NEW_SESSION shares one;
 *  - MAPISendMail creates the message in the Outbox and submits it; the
 *    spooler sends it. A session that submitted mail logs off its store with
 *    LOGOFF_PURGE, so that the spooler sends it before MAPILogoff (or the
 *    call, for a session of one call) returns;
 *  - MAPISaveMail creates the message in the receive folder of its class, or
 *    rewrites the one named; MAPIFindNext walks that folder oldest first;
 *  - message IDs are the entry ID in hex; without MAPI_LONG_MSGID, when that
 *    would not fit in 64 characters, "S" and a number that this session
 *    remembers (the reference pages make IDs valid for the session only);
 *  - recipients with an address become one-off entries ("SMTP:a@b", or a@b
 *    for SMTP), names are resolved by the address book.
 */

#define COBJMACROS

#include "smapi.h"
#include "mapiab.h"
#include "mapidefs_sdk.h"
#include "profile.h"
#include "list.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define SHORT_ID_LIMIT 64    /* a message ID without MAPI_LONG_MSGID, its null included */
#define LONG_ID_LIMIT 512

struct smapi_session
{
    struct list entry;
    LONG ref;                   /* calls in progress, and 1 while logged on */
    LONG users;                 /* MAPILogon calls that got this session */
    BOOL shared;                /* a MAPILogon without MAPI_NEW_SESSION may have it */
    WCHAR *profile;
    IMAPISession *session;
    CRITICAL_SECTION cs;        /* what follows */
    IMsgStore *store;           /* the default store, once opened */
    IAddrBook *addrbook;
    BOOL submitted;             /* mail went out through this session */
    SBinary *ids;               /* short message IDs: "S<n>" is ids[n] */
    ULONG id_count, id_capacity;
};

static struct list sessions = LIST_INIT(sessions);
static CRITICAL_SECTION sessions_cs;
static CRITICAL_SECTION_DEBUG sessions_cs_debug =
{
    0, 0, &sessions_cs,
    { &sessions_cs_debug.ProcessLocksList, &sessions_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": sessions_cs") }
};
static CRITICAL_SECTION sessions_cs = { &sessions_cs_debug, -1, 0, 0, 0, 0 };

/***********************************************************************
 * Sessions
 */

BOOL smapi_profile_available(const WCHAR *name)
{
    struct profile *profile;
    WCHAR *default_name;

    BOOL found;

    if (name && *name) default_name = NULL;
    else if (FAILED(profile_get_default_name(&default_name))) return FALSE;
    /* A default that names a profile no longer there is no profile. */
    found = SUCCEEDED(profile_open(default_name ? default_name : name, &profile));
    if (found) profile_release(profile);
    free(default_name);
    return found;
}

/* The session of a handle, with a reference for the call; NULL when the handle is not ours. */
static struct smapi_session *grab(LHANDLE handle)
{
    struct smapi_session *session, *found = NULL;

    if (!handle) return NULL;
    EnterCriticalSection(&sessions_cs);
    LIST_FOR_EACH_ENTRY(session, &sessions, struct smapi_session, entry)
    {
        if ((LHANDLE)session != handle) continue;
        InterlockedIncrement(&session->ref);
        found = session;
        break;
    }
    LeaveCriticalSection(&sessions_cs);
    return found;
}

static void drop(struct smapi_session *session)
{
    ULONG flags = LOGOFF_PURGE, i;

    if (InterlockedDecrement(&session->ref)) return;

    TRACE("logging off %p\n", session);
    if (session->store)
    {
        /* Mail this session submitted has left when its logoff returns. */
        if (session->submitted) IMsgStore_StoreLogoff(session->store, &flags);
        IMsgStore_Release(session->store);
    }
    if (session->addrbook) IAddrBook_Release(session->addrbook);
    IMAPISession_Logoff(session->session, 0, 0, 0);
    IMAPISession_Release(session->session);
    MAPIUninitialize();
    for (i = 0; i < session->id_count; i++) free(session->ids[i].lpb);
    free(session->ids);
    free(session->profile);
    session->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&session->cs);
    free(session);
}

BOOL smapi_is_session(LHANDLE handle)
{
    struct smapi_session *session = grab(handle);

    if (!session) return FALSE;
    drop(session);
    return TRUE;
}

static ULONG simple_error(HRESULT hr)
{
    switch (hr)
    {
    case S_OK: return SUCCESS_SUCCESS;
    case MAPI_E_NOT_ENOUGH_MEMORY: return MAPI_E_INSUFFICIENT_MEMORY;
    case MAPI_E_LOGON_FAILED: return MAPI_E_LOGIN_FAILURE;
    case MAPI_E_USER_CANCEL: return MAPI_E_USER_ABORT;
    case MAPI_E_SESSION_LIMIT: return MAPI_E_TOO_MANY_SESSIONS;
    case MAPI_E_NOT_ENOUGH_DISK: return MAPI_E_DISK_FULL;
    case MAPI_E_NETWORK_ERROR: return MAPI_E_NETWORK_FAILURE;
    case MAPI_E_NO_SUPPORT: return MAPI_E_NOT_SUPPORTED;
    case MAPI_E_AMBIGUOUS_RECIP: return MAPI_E_AMBIGUOUS_RECIPIENT;
    case MAPI_E_NO_RECIPIENTS: return MAPI_E_INVALID_RECIPS;
    case MAPI_E_NO_ACCESS: return MAPI_E_ACCESS_DENIED;
    }
    return SUCCEEDED(hr) ? SUCCESS_SUCCESS : MAPI_E_FAILURE;
}

/***********************************************************************
 *  smapi_logon
 *
 * NOTES
 *  Without a profile name the default profile is used (MAPI_USE_DEFAULT):
 *  the reference page lets a program test for a shared session that way,
 *  and there is no dialog to ask for a name with.
 */
ULONG smapi_logon(ULONG_PTR ui_param, const WCHAR *profile, const WCHAR *password, FLAGS flags, LHANDLE *handle)
{
    ULONG logon_flags = MAPI_EXTENDED | MAPI_UNICODE;
    struct smapi_session *session;
    WCHAR *name = NULL;
    HRESULT hr;

    if (!handle) return MAPI_E_FAILURE;
    *handle = 0;
    if (profile && !*profile) profile = NULL;
    if (password && !*password) password = NULL;
    if (profile) name = wcsdup(profile);
    else if (FAILED(profile_get_default_name(&name))) return MAPI_E_LOGIN_FAILURE;
    if (!name) return MAPI_E_INSUFFICIENT_MEMORY;

    if (!(flags & MAPI_NEW_SESSION))
    {
        EnterCriticalSection(&sessions_cs);
        LIST_FOR_EACH_ENTRY(session, &sessions, struct smapi_session, entry)
        {
            if (!session->shared || wcsicmp(session->profile, name)) continue;
            InterlockedIncrement(&session->users);
            InterlockedIncrement(&session->ref);
            *handle = (LHANDLE)session;
            break;
        }
        LeaveCriticalSection(&sessions_cs);
        if (*handle)
        {
            TRACE("sharing %p\n", (void *)*handle);
            free(name);
            return SUCCESS_SUCCESS;
        }
    }

    if (!(session = calloc(1, sizeof(*session))))
    {
        free(name);
        return MAPI_E_INSUFFICIENT_MEMORY;
    }
    if (FAILED(hr = MAPIInitialize(NULL)))
    {
        free(name);
        free(session);
        return simple_error(hr);
    }
    logon_flags |= flags & (MAPI_NEW_SESSION | MAPI_LOGON_UI | MAPI_PASSWORD_UI | MAPI_FORCE_DOWNLOAD);
    hr = MAPILogonEx(ui_param, name, (WCHAR *)password, logon_flags, &session->session);
    if (FAILED(hr))
    {
        WARN("MAPILogonEx(%s) failed: %#lx\n", debugstr_w(name), hr);
        MAPIUninitialize();
        free(name);
        free(session);
        return hr == MAPI_E_NOT_ENOUGH_MEMORY ? MAPI_E_INSUFFICIENT_MEMORY :
               hr == MAPI_E_USER_CANCEL ? MAPI_E_USER_ABORT : MAPI_E_LOGIN_FAILURE;
    }
    session->ref = 1;
    session->users = 1;
    session->shared = !(flags & MAPI_NEW_SESSION);
    session->profile = name;
    InitializeCriticalSection(&session->cs);
    session->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": smapi_session.cs");
    EnterCriticalSection(&sessions_cs);
    list_add_tail(&sessions, &session->entry);
    LeaveCriticalSection(&sessions_cs);
    *handle = (LHANDLE)session;
    TRACE("new session %p on %s\n", session, debugstr_w(name));
    return SUCCESS_SUCCESS;
}

ULONG smapi_logoff(LHANDLE handle, ULONG_PTR ui_param, FLAGS flags)
{
    struct smapi_session *session = grab(handle);
    BOOL last;

    if (!session) return MAPI_E_INVALID_SESSION;
    EnterCriticalSection(&sessions_cs);
    if ((last = !InterlockedDecrement(&session->users))) list_remove(&session->entry);
    LeaveCriticalSection(&sessions_cs);
    drop(session);              /* this call's */
    if (last) drop(session);    /* the logon's */
    return SUCCESS_SUCCESS;
}

/* The session a call works on: the handle's, or one for this call alone (handle 0). */
static ULONG enter(LHANDLE handle, ULONG_PTR ui_param, FLAGS flags, struct smapi_session **session,
                   LHANDLE *temporary)
{
    ULONG ret;

    *temporary = 0;
    if (!handle)
    {
        if ((ret = smapi_logon(ui_param, NULL, NULL, flags & (MAPI_LOGON_UI | MAPI_NEW_SESSION), temporary)))
            return ret;
        handle = *temporary;
    }
    if (!(*session = grab(handle))) return MAPI_E_INVALID_SESSION;
    return SUCCESS_SUCCESS;
}

static void leave(struct smapi_session *session, LHANDLE temporary)
{
    drop(session);
    if (temporary) smapi_logoff(temporary, 0, 0);
}

/* The default store, opened on first use. Called with session->cs held. */
static HRESULT default_store(struct smapi_session *session, IMsgStore **store)
{
    static const SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PR_DEFAULT_STORE } };
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if ((*store = session->store)) return S_OK;
    if (FAILED(hr = IMAPISession_GetMsgStoresTable(session->session, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    hr = MAPI_E_NOT_FOUND;
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_ENTRYID || props[1].ulPropTag != PR_DEFAULT_STORE || !props[1].Value.b)
            continue;
        hr = IMAPISession_OpenMsgStore(session->session, 0, props[0].Value.bin.cb,
                                       (ENTRYID *)props[0].Value.bin.lpb, NULL,
                                       MDB_WRITE | MAPI_BEST_ACCESS | MDB_NO_DIALOG, &session->store);
        break;
    }
    FreeProws(rows);
    if (FAILED(hr)) WARN("no default store: %#lx\n", hr);
    *store = session->store;
    return hr;
}

static HRESULT address_book(struct smapi_session *session, IAddrBook **addrbook)
{
    HRESULT hr = S_OK;

    if (!session->addrbook)
        hr = IMAPISession_OpenAddressBook(session->session, 0, NULL, AB_NO_DIALOG, &session->addrbook);
    *addrbook = session->addrbook;
    return FAILED(hr) ? hr : S_OK;
}

/***********************************************************************
 * Message IDs
 */

static void make_message_id(struct smapi_session *session, const SBinary *eid, FLAGS flags, char *id)
{
    ULONG limit = flags & MAPI_LONG_MSGID ? LONG_ID_LIMIT : SHORT_ID_LIMIT, i;
    SBinary *grown;

    if (eid->cb * 2 < limit)
    {
        for (i = 0; i < eid->cb; i++) sprintf(id + 2 * i, "%02X", eid->lpb[i]);
        id[2 * eid->cb] = 0;
        return;
    }
    id[0] = 0;
    if (session->id_count == session->id_capacity)
    {
        ULONG capacity = max(16, session->id_capacity * 2);

        if (!(grown = realloc(session->ids, capacity * sizeof(*grown)))) return;
        session->ids = grown;
        session->id_capacity = capacity;
    }
    if (!(session->ids[session->id_count].lpb = malloc(eid->cb))) return;
    memcpy(session->ids[session->id_count].lpb, eid->lpb, eid->cb);
    session->ids[session->id_count].cb = eid->cb;
    sprintf(id, "S%lu", session->id_count++);
}

/* The entry ID a message ID names, from MAPIAllocateBuffer; FALSE when it names none. */
static BOOL parse_message_id(struct smapi_session *session, const char *id, SBinary *eid)
{
    size_t len, i;
    char *end;
    ULONG n;

    eid->cb = 0;
    eid->lpb = NULL;
    if (!id || !*id) return FALSE;
    if (id[0] == 'S')
    {
        n = strtoul(id + 1, &end, 10);
        if (*end || end == id + 1 || n >= session->id_count) return FALSE;
        if (MAPIAllocateBuffer(session->ids[n].cb, (void **)&eid->lpb)) return FALSE;
        memcpy(eid->lpb, session->ids[n].lpb, session->ids[n].cb);
        eid->cb = session->ids[n].cb;
        return TRUE;
    }
    len = strlen(id);
    if (len % 2 || len >= LONG_ID_LIMIT) return FALSE;
    for (i = 0; i < len; i++) if (!isxdigit((unsigned char)id[i])) return FALSE;
    if (MAPIAllocateBuffer(len / 2, (void **)&eid->lpb)) return FALSE;
    for (i = 0; i < len / 2; i++)
    {
        char pair[3] = { id[2 * i], id[2 * i + 1], 0 };
        eid->lpb[i] = strtoul(pair, NULL, 16);
    }
    eid->cb = len / 2;
    return TRUE;
}

/* The message a message ID names. Called with session->cs held. */
static ULONG open_message(struct smapi_session *session, const char *id, ULONG access, IMessage **message)
{
    IMsgStore *store;
    SBinary eid;
    ULONG type;
    HRESULT hr;

    *message = NULL;
    if (FAILED(hr = default_store(session, &store))) return simple_error(hr);
    if (!parse_message_id(session, id, &eid))
    {
        WARN("%s is no message ID\n", debugstr_a(id));
        return MAPI_E_INVALID_MESSAGE;
    }
    hr = IMsgStore_OpenEntry(store, eid.cb, (ENTRYID *)eid.lpb, NULL, access, &type, (IUnknown **)message);
    MAPIFreeBuffer(eid.lpb);
    if (SUCCEEDED(hr) && type != MAPI_MESSAGE)
    {
        IUnknown_Release((IUnknown *)*message);
        *message = NULL;
        hr = MAPI_E_NOT_FOUND;
    }
    if (FAILED(hr))
    {
        WARN("%s names no message: %#lx\n", debugstr_a(id), hr);
        return hr == MAPI_E_NOT_ENOUGH_MEMORY ? MAPI_E_INSUFFICIENT_MEMORY : MAPI_E_INVALID_MESSAGE;
    }
    return SUCCESS_SUCCESS;
}

/***********************************************************************
 * Composing: MapiMessageW into an IMessage
 */

static WCHAR *heap_strcat3(const WCHAR *a, const WCHAR *b, const WCHAR *c)
{
    size_t len = wcslen(a) + wcslen(b) + wcslen(c) + 1;
    WCHAR *ret = malloc(len * sizeof(WCHAR));

    if (ret) swprintf(ret, len, L"%s%s%s", a, b, c);
    return ret;
}

/* "TYPE:address", or an SMTP address as it is. */
static void split_address(const WCHAR *text, WCHAR *type, size_t type_size, const WCHAR **address)
{
    const WCHAR *colon = wcschr(text, ':'), *at = wcschr(text, '@');

    if (colon && colon > text && (!at || colon < at) && (size_t)(colon - text) < type_size)
    {
        memcpy(type, text, (colon - text) * sizeof(WCHAR));
        type[colon - text] = 0;
        *address = colon + 1;
        return;
    }
    wcscpy(type, L"SMTP");
    *address = text;
}

/* One recipient's properties into entry: PR_DISPLAY_NAME, PR_ADDRTYPE, PR_EMAIL_ADDRESS, PR_ENTRYID. */
static ULONG resolve_recipient(struct smapi_session *session, const MapiRecipDescW *recip, ADRENTRY *entry)
{
    WCHAR type[32], *text;
    const WCHAR *address, *name = recip->lpszName;
    IAddrBook *addrbook;
    ADRLIST *list;
    ENTRYID *eid;
    ULONG size, i;
    HRESULT hr;

    if (FAILED(hr = address_book(session, &addrbook))) return simple_error(hr);

    if (recip->lpszAddress && *recip->lpszAddress)
    {
        split_address(recip->lpszAddress, type, ARRAY_SIZE(type), &address);
        if (!*address) return MAPI_E_INVALID_RECIPS;
        if (!name || !*name) name = address;
        if (FAILED(hr = IAddrBook_CreateOneOff(addrbook, (void *)name, (void *)type, (void *)address, MAPI_UNICODE,
                                               &size, &eid)))
            return simple_error(hr);
        if (FAILED(hr = MAPIAllocateBuffer(5 * sizeof(SPropValue), (void **)&entry->rgPropVals)))
        {
            MAPIFreeBuffer(eid);
            return MAPI_E_INSUFFICIENT_MEMORY;
        }
        entry->cValues = 4;
        entry->rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
        entry->rgPropVals[1].ulPropTag = PR_ADDRTYPE_W;
        entry->rgPropVals[2].ulPropTag = PR_EMAIL_ADDRESS_W;
        entry->rgPropVals[3].ulPropTag = PR_ENTRYID;
        entry->rgPropVals[3].Value.bin.cb = size;
        if (MAPIAllocateMore((wcslen(name) + 1) * sizeof(WCHAR), entry->rgPropVals,
                             (void **)&entry->rgPropVals[0].Value.lpszW) ||
            MAPIAllocateMore((wcslen(type) + 1) * sizeof(WCHAR), entry->rgPropVals,
                             (void **)&entry->rgPropVals[1].Value.lpszW) ||
            MAPIAllocateMore((wcslen(address) + 1) * sizeof(WCHAR), entry->rgPropVals,
                             (void **)&entry->rgPropVals[2].Value.lpszW) ||
            MAPIAllocateMore(size, entry->rgPropVals, (void **)&entry->rgPropVals[3].Value.bin.lpb))
        {
            MAPIFreeBuffer(eid);
            return MAPI_E_INSUFFICIENT_MEMORY;
        }
        wcscpy(entry->rgPropVals[0].Value.lpszW, name);
        wcscpy(entry->rgPropVals[1].Value.lpszW, type);
        wcscpy(entry->rgPropVals[2].Value.lpszW, address);
        memcpy(entry->rgPropVals[3].Value.bin.lpb, eid, size);
        MAPIFreeBuffer(eid);
        return SUCCESS_SUCCESS;
    }

    if (recip->lpEntryID && recip->ulEIDSize)
    {
        static const SizedSPropTagArray(3, tags) = { 3, { PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W } };
        IMailUser *user;
        SPropValue *props;
        ULONG type_found, count;

        /* An entry the address book knows (MAPIResolveName gave it): its properties come from there. */
        if (FAILED(hr = IAddrBook_OpenEntry(addrbook, recip->ulEIDSize, recip->lpEntryID, NULL, 0, &type_found,
                                            (IUnknown **)&user)))
            return MAPI_E_UNKNOWN_RECIPIENT;
        hr = mapi_get_props_w((IMAPIProp *)user, (SPropTagArray *)&tags, &count, &props);
        IMailUser_Release(user);
        if (FAILED(hr)) return simple_error(hr);
        if (FAILED(hr = MAPIAllocateBuffer(5 * sizeof(SPropValue), (void **)&entry->rgPropVals)))
        {
            MAPIFreeBuffer(props);
            return MAPI_E_INSUFFICIENT_MEMORY;
        }
        entry->cValues = 0;
        for (i = 0; i < count; i++)
        {
            if (PROP_TYPE(props[i].ulPropTag) != PT_UNICODE) continue;
            entry->rgPropVals[entry->cValues] = props[i];
            if (MAPIAllocateMore((wcslen(props[i].Value.lpszW) + 1) * sizeof(WCHAR), entry->rgPropVals,
                                 (void **)&entry->rgPropVals[entry->cValues].Value.lpszW))
                break;
            wcscpy(entry->rgPropVals[entry->cValues++].Value.lpszW, props[i].Value.lpszW);
        }
        MAPIFreeBuffer(props);
        entry->rgPropVals[entry->cValues].ulPropTag = PR_ENTRYID;
        entry->rgPropVals[entry->cValues].Value.bin.cb = recip->ulEIDSize;
        if (MAPIAllocateMore(recip->ulEIDSize, entry->rgPropVals,
                             (void **)&entry->rgPropVals[entry->cValues].Value.bin.lpb))
            return MAPI_E_INSUFFICIENT_MEMORY;
        memcpy(entry->rgPropVals[entry->cValues++].Value.bin.lpb, recip->lpEntryID, recip->ulEIDSize);
        return SUCCESS_SUCCESS;
    }

    if (!name || !*name) return MAPI_E_INVALID_RECIPS;
    /* A name: the address book resolves it ("Name <a@b>" and a@b are SMTP addresses to it). */
    if (FAILED(MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list))) return MAPI_E_INSUFFICIENT_MEMORY;
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    if (FAILED(MAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[0].rgPropVals)))
    {
        MAPIFreeBuffer(list);
        return MAPI_E_INSUFFICIENT_MEMORY;
    }
    text = wcsncmp(name, L"SMTP:", 5) ? wcsdup(name) : heap_strcat3(L"", name + 5, L"");
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_W;
    list->aEntries[0].rgPropVals[0].Value.lpszW = text;
    hr = text ? IAddrBook_ResolveName(addrbook, 0, MAPI_UNICODE, NULL, list) : MAPI_E_NOT_ENOUGH_MEMORY;
    if (list->aEntries[0].rgPropVals && list->aEntries[0].rgPropVals[0].Value.lpszW == text)
        list->aEntries[0].rgPropVals[0].Value.lpszW = NULL;
    free(text);
    if (SUCCEEDED(hr))
    {
        *entry = list->aEntries[0];
        list->aEntries[0].rgPropVals = NULL;
        list->aEntries[0].cValues = 0;
    }
    FreePadrlist(list);
    if (hr == MAPI_E_AMBIGUOUS_RECIP) return MAPI_E_AMBIGUOUS_RECIPIENT;
    if (hr == MAPI_E_NOT_FOUND) return MAPI_E_UNKNOWN_RECIPIENT;
    return simple_error(hr);
}

/* The message's recipients, replacing any it had. */
static ULONG set_recipients(struct smapi_session *session, IMessage *message, const MapiMessageW *src)
{
    ULONG i, j, n = 0, ret = SUCCESS_SUCCESS;
    ADRLIST *list;
    HRESULT hr;

    if (src->nRecipCount && !src->lpRecips) return MAPI_E_INVALID_RECIPS;
    if (FAILED(MAPIAllocateBuffer(CbNewADRLIST(src->nRecipCount), (void **)&list)))
        return MAPI_E_INSUFFICIENT_MEMORY;
    list->cEntries = 0;
    for (i = 0; i < src->nRecipCount && !ret; i++)
    {
        const MapiRecipDescW *recip = &src->lpRecips[i];
        ADRENTRY *entry = &list->aEntries[n];
        SPropValue *grown;

        if (recip->ulRecipClass == MAPI_ORIG) continue;   /* the sender is the profile's */
        if (recip->ulRecipClass > MAPI_BCC)
        {
            WARN("recipient %lu has class %lu\n", i, recip->ulRecipClass);
            ret = MAPI_E_BAD_RECIPTYPE;
            break;
        }
        memset(entry, 0, sizeof(*entry));
        if ((ret = resolve_recipient(session, recip, entry)))
        {
            WARN("recipient %lu (%s, %s) not resolved: %lu\n", i, debugstr_w(recip->lpszName),
                 debugstr_w(recip->lpszAddress), ret);
            MAPIFreeBuffer(entry->rgPropVals);
            break;
        }
        list->cEntries = ++n;
        /* PR_RECIPIENT_TYPE after what the address book gave */
        if (FAILED(MAPIAllocateBuffer((entry->cValues + 1) * sizeof(SPropValue), (void **)&grown)))
        {
            ret = MAPI_E_INSUFFICIENT_MEMORY;
            break;
        }
        for (j = 0; j < entry->cValues; j++)
            if (PropCopyMore(&grown[j], &entry->rgPropVals[j], MAPIAllocateMore, grown))
            {
                MAPIFreeBuffer(grown);
                grown = NULL;
                break;
            }
        if (!grown)
        {
            ret = MAPI_E_INSUFFICIENT_MEMORY;
            break;
        }
        grown[entry->cValues].ulPropTag = PR_RECIPIENT_TYPE;
        grown[entry->cValues].Value.l = recip->ulRecipClass;
        MAPIFreeBuffer(entry->rgPropVals);
        entry->rgPropVals = grown;
        entry->cValues++;
    }
    if (!ret && FAILED(hr = mapi_modify_recipients_w(message, 0, list))) ret = simple_error(hr);
    FreePadrlist(list);
    return ret;
}

static const WCHAR *file_name_part(const WCHAR *path)
{
    const WCHAR *name = path, *p;

    for (p = path; *p; p++) if (*p == '\\' || *p == '/' || *p == ':') name = p + 1;
    return name;
}

static ULONG add_file(IMessage *message, const MapiFileDescW *file)
{
    const WCHAR *name;
    SPropValue props[5];
    IAttach *attach;
    HANDLE handle;
    BYTE *data = NULL;
    DWORD size, read;
    ULONG number;
    HRESULT hr;

    if (!file->lpszPathName || !*file->lpszPathName) return MAPI_E_ATTACHMENT_NOT_FOUND;
    handle = CreateFileW(file->lpszPathName, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                         OPEN_EXISTING, 0, NULL);
    if (handle == INVALID_HANDLE_VALUE)
    {
        DWORD error = GetLastError();

        WARN("cannot open %s: %lu\n", debugstr_w(file->lpszPathName), error);
        return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND || error == ERROR_INVALID_NAME ?
               MAPI_E_ATTACHMENT_NOT_FOUND : MAPI_E_ATTACHMENT_OPEN_FAILURE;
    }
    size = GetFileSize(handle, NULL);
    if (size == INVALID_FILE_SIZE || !(data = malloc(max(size, 1))) || !ReadFile(handle, data, size, &read, NULL) ||
        read != size)
    {
        CloseHandle(handle);
        free(data);
        return MAPI_E_ATTACHMENT_OPEN_FAILURE;
    }
    CloseHandle(handle);
    if (file->flFlags & (MAPI_OLE | MAPI_OLE_STATIC)) FIXME("OLE attachment %s sent as a file\n",
                                                            debugstr_w(file->lpszPathName));

    name = file->lpszFileName && *file->lpszFileName ? file->lpszFileName : file_name_part(file->lpszPathName);
    if (FAILED(hr = IMessage_CreateAttach(message, NULL, 0, &number, &attach)))
    {
        free(data);
        return simple_error(hr);
    }
    props[0].ulPropTag = PR_ATTACH_METHOD;
    props[0].Value.l = ATTACH_BY_VALUE;
    props[1].ulPropTag = PR_ATTACH_LONG_FILENAME_W;
    props[1].Value.lpszW = (WCHAR *)name;
    props[2].ulPropTag = PR_ATTACH_FILENAME_W;
    props[2].Value.lpszW = (WCHAR *)name;
    props[3].ulPropTag = PR_DISPLAY_NAME_W;
    props[3].Value.lpszW = (WCHAR *)name;
    props[4].ulPropTag = PR_RENDERING_POSITION;
    props[4].Value.l = file->nPosition;
    if (SUCCEEDED(hr = mapi_set_props_w((IMAPIProp *)attach, 5, props, NULL)) &&
        SUCCEEDED(hr = mapi_write_stream_prop((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, data, size)))
        hr = IAttach_SaveChanges(attach, 0);
    IAttach_Release(attach);
    free(data);
    return FAILED(hr) ? simple_error(hr) : SUCCESS_SUCCESS;
}

/* The message's attachments: the ones it had go, the files come. */
static ULONG set_files(IMessage *message, const MapiMessageW *src, BOOL replacing)
{
    static const SizedSPropTagArray(1, columns) = { 1, { PR_ATTACH_NUM } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, ret;
    HRESULT hr;

    if (src->nFileCount && !src->lpFiles) return MAPI_E_ATTACHMENT_NOT_FOUND;
    if (replacing && SUCCEEDED(IMessage_GetAttachmentTable(message, 0, &table)))
    {
        hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
        IMAPITable_Release(table);
        if (FAILED(hr)) return simple_error(hr);
        for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
            if (rows->aRow[i].lpProps[0].ulPropTag == PR_ATTACH_NUM)
                hr = IMessage_DeleteAttach(message, rows->aRow[i].lpProps[0].Value.l, 0, NULL, 0);
        FreeProws(rows);
        if (FAILED(hr)) return simple_error(hr);
    }
    for (i = 0; i < src->nFileCount; i++)
        if ((ret = add_file(message, &src->lpFiles[i]))) return ret;
    return SUCCESS_SUCCESS;
}

/* "YYYY/MM/DD HH:MM", the form MAPIReadMail gives, as a FILETIME. */
static BOOL parse_date(const WCHAR *text, FILETIME *time)
{
    SYSTEMTIME st = { 0 };
    FILETIME local;
    int year, month, day, hour, minute;

    if (!text || swscanf(text, L"%d/%d/%d %d:%d", &year, &month, &day, &hour, &minute) != 5) return FALSE;
    st.wYear = year;
    st.wMonth = month;
    st.wDay = day;
    st.wHour = hour;
    st.wMinute = minute;
    return SystemTimeToFileTime(&st, &local) && LocalFileTimeToFileTime(&local, time);
}

/* Everything of a MapiMessageW but its recipients and files. */
static ULONG set_contents(IMessage *message, const MapiMessageW *src)
{
    const WCHAR *type = src->lpszMessageType && *src->lpszMessageType ? src->lpszMessageType : L"IPM.Note";
    SPropValue props[4];
    ULONG n = 0;
    HRESULT hr;

    props[n].ulPropTag = PR_MESSAGE_CLASS_W;
    props[n++].Value.lpszW = (WCHAR *)type;
    props[n].ulPropTag = PR_SUBJECT_W;
    props[n++].Value.lpszW = (WCHAR *)(src->lpszSubject ? src->lpszSubject : L"");
    props[n].ulPropTag = PR_READ_RECEIPT_REQUESTED;
    props[n++].Value.b = !!(src->flFlags & MAPI_RECEIPT_REQUESTED);
    if (parse_date(src->lpszDateReceived, &props[n].Value.ft)) props[n++].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    if (FAILED(hr = mapi_set_props_w((IMAPIProp *)message, n, props, NULL))) return simple_error(hr);
    /* The text through a stream: it may be longer than GetProps hands out. */
    if (FAILED(hr = mapi_write_text_w((IMAPIProp *)message, PR_BODY_W, src->lpszNoteText ? src->lpszNoteText : L"",
                                      src->lpszNoteText ? wcslen(src->lpszNoteText) : 0)))
        return simple_error(hr);
    return SUCCESS_SUCCESS;
}

/* An entry ID property of the store (PR_IPM_OUTBOX_ENTRYID...), from MAPIAllocateBuffer. */
static HRESULT store_entryid(IMsgStore *store, ULONG tag, SBinary *bin)
{
    SPropTagArray tags = { 1, { tag } };
    SPropValue *value;
    ULONG count;
    HRESULT hr;

    bin->cb = 0;
    bin->lpb = NULL;
    if (FAILED(hr = IMsgStore_GetProps(store, &tags, 0, &count, &value))) return hr;
    if (value->ulPropTag != tag) hr = MAPI_E_NOT_FOUND;
    else if (SUCCEEDED(hr = MAPIAllocateBuffer(value->Value.bin.cb, (void **)&bin->lpb)))
    {
        memcpy(bin->lpb, value->Value.bin.lpb, value->Value.bin.cb);
        bin->cb = value->Value.bin.cb;
    }
    MAPIFreeBuffer(value);
    return hr;
}

static HRESULT open_folder(IMsgStore *store, const SBinary *eid, ULONG flags, IMAPIFolder **folder)
{
    ULONG type;

    return IMsgStore_OpenEntry(store, eid->cb, (ENTRYID *)eid->lpb, NULL, flags, &type, (IUnknown **)folder);
}

/* The receive folder of a message class (NULL: IPM). */
static HRESULT receive_folder(IMsgStore *store, const WCHAR *message_class, ULONG flags, IMAPIFolder **folder)
{
    SBinary eid;
    HRESULT hr;

    if (!message_class || !*message_class) message_class = L"IPM.Note";
    if (FAILED(hr = mapi_get_receive_folder_w(store, message_class, &eid.cb, (ENTRYID **)&eid.lpb))) return hr;
    hr = open_folder(store, &eid, flags, folder);
    MAPIFreeBuffer(eid.lpb);
    return hr;
}

/***********************************************************************
 *  smapi_send_mail
 *
 * NOTES
 *  The message is created in the Outbox, with PR_SENTMAIL_ENTRYID set so that
 *  it moves to Sent Items when sent, and submitted. MAPI_DIALOG shows the
 *  compose window first (composedlg.c); where no window can be shown (no
 *  display) a message with recipients goes as the program made it.
 */

/* Recipients of a class as the compose window shows them: "Name <address>; ..." */
static WCHAR *recipients_line(const MapiMessageW *src, ULONG recip_class)
{
    size_t size = 1;
    WCHAR *line, *pos;
    ULONG i;

    for (i = 0; i < src->nRecipCount; i++)
    {
        const MapiRecipDescW *recip = &src->lpRecips[i];
        if (recip->ulRecipClass != recip_class) continue;
        size += (recip->lpszName ? wcslen(recip->lpszName) : 0) + (recip->lpszAddress ? wcslen(recip->lpszAddress) : 0) + 6;
    }
    if (!(line = pos = malloc(size * sizeof(WCHAR)))) return NULL;
    *pos = 0;
    for (i = 0; i < src->nRecipCount; i++)
    {
        const MapiRecipDescW *recip = &src->lpRecips[i];
        const WCHAR *address = recip->lpszAddress;

        if (recip->ulRecipClass != recip_class) continue;
        if (address && !wcsnicmp(address, L"SMTP:", 5)) address += 5;
        if (pos != line) pos += swprintf(pos, size - (pos - line), L"; ");
        if (recip->lpszName && *recip->lpszName && address && *address && wcscmp(recip->lpszName, address))
            pos += swprintf(pos, size - (pos - line), L"%s <%s>", recip->lpszName, address);
        else if (address && *address) pos += swprintf(pos, size - (pos - line), L"%s", address);
        else if (recip->lpszName) pos += swprintf(pos, size - (pos - line), L"%s", recip->lpszName);
    }
    return line;
}

/* Splits "a; Name <b>, c" into names; commas inside quotes or <> stay. Returns how many, at most max. */
static ULONG split_recipients(WCHAR *line, WCHAR **names, ULONG max)
{
    BOOL quoted = FALSE, angled = FALSE;
    WCHAR *start = line, *p, *end;
    ULONG count = 0;

    for (p = line; ; p++)
    {
        if (*p == '"') quoted = !quoted;
        else if (*p == '<') angled = TRUE;
        else if (*p == '>') angled = FALSE;
        if (*p && ((*p != ';' && *p != ',') || quoted || angled)) continue;
        end = p;
        while (*start == ' ' || *start == '\t') start++;
        while (end > start && (end[-1] == ' ' || end[-1] == '\t')) end--;
        if (end > start && count < max) names[count++] = start;
        if (!*p) break;
        *end = 0;
        *p = 0;
        start = p + 1;
    }
    return count;
}

/* The message as the user left it in the compose window, with the program's Bcc and files. */
static ULONG composed_message(const MapiMessageW *src, struct smapi_compose *compose, MapiMessageW *msg,
                              MapiRecipDescW **recips)
{
    WCHAR *names[256];
    ULONG i, to_count, cc_count, n = 0;

    *msg = *src;
    msg->lpszSubject = compose->subject;
    msg->lpszNoteText = compose->body;
    to_count = split_recipients(compose->to, names, ARRAY_SIZE(names));
    cc_count = split_recipients(compose->cc, names + to_count, ARRAY_SIZE(names) - to_count);
    if (!(*recips = calloc(to_count + cc_count + src->nRecipCount + 1, sizeof(**recips))))
        return MAPI_E_INSUFFICIENT_MEMORY;
    for (i = 0; i < to_count + cc_count; i++, n++)
    {
        (*recips)[n].ulRecipClass = i < to_count ? MAPI_TO : MAPI_CC;
        (*recips)[n].lpszName = names[i];
    }
    for (i = 0; i < src->nRecipCount; i++)
        if (src->lpRecips[i].ulRecipClass == MAPI_BCC) (*recips)[n++] = src->lpRecips[i];
    msg->nRecipCount = n;
    msg->lpRecips = *recips;
    return SUCCESS_SUCCESS;
}

static void free_compose(struct smapi_compose *compose)
{
    free(compose->to);
    free(compose->cc);
    free(compose->subject);
    free(compose->body);
    free(compose->files);
}

/* The compose window, filled from the program's message. */
static ULONG compose(ULONG_PTR ui_param, const MapiMessageW *src, struct smapi_compose *compose)
{
    size_t size = 1;
    ULONG i;
    HRESULT hr;

    memset(compose, 0, sizeof(*compose));
    for (i = 0; i < src->nFileCount && src->lpFiles; i++)
    {
        const MapiFileDescW *file = &src->lpFiles[i];
        size += wcslen(file->lpszFileName ? file->lpszFileName : file->lpszPathName ? file->lpszPathName : L"") + 2;
    }
    if (!(compose->to = recipients_line(src, MAPI_TO)) || !(compose->cc = recipients_line(src, MAPI_CC)) ||
        !(compose->subject = wcsdup(src->lpszSubject ? src->lpszSubject : L"")) ||
        !(compose->body = wcsdup(src->lpszNoteText ? src->lpszNoteText : L"")) ||
        !(compose->files = calloc(size, sizeof(WCHAR))))
        return MAPI_E_INSUFFICIENT_MEMORY;
    for (i = 0; i < src->nFileCount && src->lpFiles; i++)
    {
        const MapiFileDescW *file = &src->lpFiles[i];
        const WCHAR *name = file->lpszFileName && *file->lpszFileName ? file->lpszFileName :
                            file->lpszPathName ? file_name_part(file->lpszPathName) : L"";
        if (i) wcscat(compose->files, L", ");
        wcscat(compose->files, name);
    }
    hr = smapi_compose_dialog(ui_param, compose);
    if (hr == MAPI_E_USER_CANCEL) return MAPI_E_USER_ABORT;
    if (hr == MAPI_E_NO_SUPPORT) return MAPI_E_NOT_SUPPORTED;
    return simple_error(hr);
}

ULONG smapi_send_mail(LHANDLE handle, ULONG_PTR ui_param, const MapiMessageW *src, FLAGS flags)
{
    struct smapi_session *session;
    SBinary outbox = { 0 }, sent = { 0 };
    SPropValue props[2];
    IMAPIFolder *folder;
    IMessage *message;
    IMsgStore *store;
    LHANDLE temporary;
    ULONG ret;
    HRESULT hr;

    if (!src) return MAPI_E_FAILURE;
    if (flags & MAPI_DIALOG)
    {
        struct smapi_compose window;
        MapiRecipDescW *recips = NULL;
        MapiMessageW composed;

        ret = compose(ui_param, src, &window);
        if (ret == MAPI_E_NOT_SUPPORTED && src->nRecipCount)
        {
            WARN("no window to compose in: the message goes as the program made it\n");
            free_compose(&window);
            return smapi_send_mail(handle, ui_param, src, flags & ~MAPI_DIALOG);
        }
        if (!ret && !(ret = composed_message(src, &window, &composed, &recips)))
            ret = smapi_send_mail(handle, ui_param, &composed, flags & ~MAPI_DIALOG);
        free(recips);
        free_compose(&window);
        return ret == MAPI_E_NOT_SUPPORTED ? MAPI_E_FAILURE : ret;
    }
    if (!src->nRecipCount || !src->lpRecips)
    {
        WARN("no recipients\n");
        return MAPI_E_INVALID_RECIPS;
    }
    if ((ret = enter(handle, ui_param, flags, &session, &temporary))) return ret;

    EnterCriticalSection(&session->cs);
    if (FAILED(hr = default_store(session, &store)) ||
        FAILED(hr = store_entryid(store, PR_IPM_OUTBOX_ENTRYID, &outbox)) ||
        FAILED(hr = open_folder(store, &outbox, MAPI_MODIFY, &folder)))
    {
        ret = simple_error(hr);
        goto done;
    }
    hr = IMAPIFolder_CreateMessage(folder, NULL, 0, &message);
    IMAPIFolder_Release(folder);
    if (FAILED(hr))
    {
        ret = simple_error(hr);
        goto done;
    }
    if (!(ret = set_contents(message, src)) && !(ret = set_recipients(session, message, src)) &&
        !(ret = set_files(message, src, FALSE)))
    {
        props[0].ulPropTag = PR_DELETE_AFTER_SUBMIT;
        props[0].Value.b = FALSE;
        props[1].ulPropTag = PR_SENTMAIL_ENTRYID;
        if (SUCCEEDED(store_entryid(store, PR_IPM_SENTMAIL_ENTRYID, &sent))) props[1].Value.bin = sent;
        else props[1].ulPropTag = PR_NULL;
        if (FAILED(hr = IMessage_SetProps(message, 2, props, NULL)) ||
            FAILED(hr = IMessage_SubmitMessage(message, 0)))
            ret = simple_error(hr);
        else session->submitted = TRUE;
    }
    /* A message that was not submitted is not saved: nothing is left of it. */
    IMessage_Release(message);
    TRACE("%s: %lu\n", debugstr_w(src->lpszSubject), ret);

done:
    MAPIFreeBuffer(outbox.lpb);
    MAPIFreeBuffer(sent.lpb);
    LeaveCriticalSection(&session->cs);
    leave(session, temporary);
    return ret;
}

/***********************************************************************
 *  smapi_save_mail
 */
ULONG smapi_save_mail(LHANDLE handle, ULONG_PTR ui_param, const MapiMessageW *src, FLAGS flags, char *message_id)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_ENTRYID, PR_MESSAGE_FLAGS } };
    struct smapi_session *session;
    IMessage *message = NULL;
    IMAPIFolder *folder;
    IMsgStore *store;
    SPropValue *values = NULL, flag;
    LHANDLE temporary;
    BOOL replacing;
    ULONG ret, count;
    HRESULT hr;

    if (!src || !message_id) return MAPI_E_FAILURE;
    replacing = !!*message_id;
    if ((ret = enter(handle, ui_param, flags, &session, &temporary))) return ret;

    EnterCriticalSection(&session->cs);
    if (FAILED(hr = default_store(session, &store)))
    {
        ret = simple_error(hr);
        goto done;
    }
    if (replacing)
    {
        if ((ret = open_message(session, message_id, MAPI_MODIFY, &message))) goto done;
    }
    else
    {
        /* A new message goes where incoming messages of its class go. */
        if (FAILED(hr = receive_folder(store, src->lpszMessageType, MAPI_MODIFY, &folder)))
        {
            ret = simple_error(hr);
            goto done;
        }
        hr = IMAPIFolder_CreateMessage(folder, NULL, 0, &message);
        IMAPIFolder_Release(folder);
        if (FAILED(hr))
        {
            ret = simple_error(hr);
            goto done;
        }
        /* Flags count before the first save only, as PR_MESSAGE_FLAGS does */
        flag.ulPropTag = PR_MESSAGE_FLAGS;
        flag.Value.l = (src->flFlags & MAPI_UNREAD ? 0 : MSGFLAG_READ) | (src->flFlags & MAPI_SENT ? 0 : MSGFLAG_UNSENT);
        if (FAILED(hr = IMessage_SetProps(message, 1, &flag, NULL)))
        {
            ret = simple_error(hr);
            goto done;
        }
    }
    if ((ret = set_contents(message, src)) || (ret = set_recipients(session, message, src)) ||
        (ret = set_files(message, src, replacing)))
        goto done;
    if (FAILED(hr = IMessage_SaveChanges(message, KEEP_OPEN_READWRITE)))
    {
        ret = simple_error(hr);
        goto done;
    }
    if (replacing) IMessage_SetReadFlag(message, src->flFlags & MAPI_UNREAD ? CLEAR_READ_FLAG : SUPPRESS_RECEIPT);
    if (FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &values)) ||
        values[0].ulPropTag != PR_ENTRYID)
    {
        ret = MAPI_E_FAILURE;
        goto done;
    }
    make_message_id(session, &values[0].Value.bin, flags, message_id);
    if (!*message_id) ret = MAPI_E_INSUFFICIENT_MEMORY;

done:
    MAPIFreeBuffer(values);
    if (message) IMessage_Release(message);
    LeaveCriticalSection(&session->cs);
    leave(session, temporary);
    return ret;
}

/***********************************************************************
 *  smapi_find_next
 */

struct found_message
{
    SBinary eid;
    LONGLONG time;
};

static int compare_found(const void *a, const void *b)
{
    const struct found_message *x = a, *y = b;
    int ret;

    if (x->time != y->time) return x->time < y->time ? -1 : 1;
    if ((ret = memcmp(x->eid.lpb, y->eid.lpb, min(x->eid.cb, y->eid.cb)))) return ret;
    return x->eid.cb - y->eid.cb;
}

static LONGLONG row_time(const SPropValue *value)
{
    if (PROP_TYPE(value->ulPropTag) != PT_SYSTIME) return 0;
    return (LONGLONG)value->Value.ft.dwHighDateTime << 32 | value->Value.ft.dwLowDateTime;
}

ULONG smapi_find_next(LHANDLE handle, ULONG_PTR ui_param, const WCHAR *message_type, const char *seed_id,
                      FLAGS flags, char *message_id)
{
    static const SizedSPropTagArray(4, columns) =
        { 4, { PR_ENTRYID, PR_MESSAGE_CLASS_W, PR_MESSAGE_FLAGS, PR_MESSAGE_DELIVERY_TIME } };
    const WCHAR *prefix = message_type && *message_type ? message_type : L"IPM";
    struct smapi_session *session;
    struct found_message *found = NULL, seed = { { 0 } };
    IMAPIFolder *folder = NULL;
    SRowSet *rows = NULL;
    IMsgStore *store;
    ULONG ret = MAPI_E_NO_MESSAGES, count = 0, i;
    HRESULT hr;

    if (!message_id) return MAPI_E_FAILURE;
    if (!(session = grab(handle))) return MAPI_E_INVALID_SESSION;

    EnterCriticalSection(&session->cs);
    if (FAILED(hr = default_store(session, &store)) ||
        FAILED(hr = receive_folder(store, message_type, 0, &folder)) ||
        FAILED(hr = mapi_table_rows_w(folder, MAPI_TABLE_CONTENTS, (SPropTagArray *)&columns, &rows)))
    {
        ret = simple_error(hr);
        goto done;
    }
    if (!(found = calloc(rows->cRows + 1, sizeof(*found))))
    {
        ret = MAPI_E_INSUFFICIENT_MEMORY;
        goto done;
    }
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        if (props[0].ulPropTag != PR_ENTRYID || props[1].ulPropTag != PR_MESSAGE_CLASS_W) continue;
        /* Classes match up to the length of the type asked for */
        if (wcsnicmp(props[1].Value.lpszW, prefix, wcslen(prefix))) continue;
        if (flags & MAPI_UNREAD_ONLY && props[2].ulPropTag == PR_MESSAGE_FLAGS &&
            props[2].Value.l & MSGFLAG_READ)
            continue;
        found[count].eid = props[0].Value.bin;
        found[count++].time = row_time(&props[3]);
    }
    /* Oldest first, whatever the flags: MAPI_GUARANTEE_FIFO costs nothing more. */
    qsort(found, count, sizeof(*found), compare_found);

    i = 0;
    if (seed_id && *seed_id)
    {
        SPropTagArray time_tag = { 1, { PR_MESSAGE_DELIVERY_TIME } };
        SPropValue *time;
        IMessage *message;
        ULONG n;

        if ((ret = open_message(session, seed_id, 0, &message))) goto done;
        if (SUCCEEDED(IMessage_GetProps(message, &time_tag, 0, &n, &time)))
        {
            seed.time = row_time(time);
            MAPIFreeBuffer(time);
        }
        IMessage_Release(message);
        parse_message_id(session, seed_id, &seed.eid);
        /* The first one after the seed, in the order above: the seed need not match itself. */
        while (i < count && compare_found(&found[i], &seed) <= 0) i++;
        MAPIFreeBuffer(seed.eid.lpb);
    }
    if (i < count)
    {
        make_message_id(session, &found[i].eid, flags, message_id);
        ret = *message_id ? SUCCESS_SUCCESS : MAPI_E_INSUFFICIENT_MEMORY;
    }
    else ret = MAPI_E_NO_MESSAGES;

done:
    free(found);
    if (rows) FreeProws(rows);
    if (folder) IMAPIFolder_Release(folder);
    LeaveCriticalSection(&session->cs);
    drop(session);
    return ret;
}

/***********************************************************************
 *  smapi_read_mail
 */

static BOOL copy_string(void *root, const WCHAR *src, WCHAR **dst)
{
    size_t size;

    *dst = NULL;
    if (!src) return TRUE;
    size = (wcslen(src) + 1) * sizeof(WCHAR);
    if (MAPIAllocateMore(size, root, (void **)dst)) return FALSE;
    memcpy(*dst, src, size);
    return TRUE;
}

/* "TYPE:address" of a recipient or sender. */
static BOOL copy_address(void *root, const WCHAR *type, const WCHAR *address, WCHAR **dst)
{
    WCHAR *text;
    BOOL ret;

    *dst = NULL;
    if (!address || !*address) return TRUE;
    if (!(text = heap_strcat3(type && *type ? type : L"SMTP", L":", address))) return FALSE;
    ret = copy_string(root, text, dst);
    free(text);
    return ret;
}

static BOOL copy_entryid(void *root, const SPropValue *value, MapiRecipDescW *recip)
{
    recip->ulEIDSize = 0;
    recip->lpEntryID = NULL;
    if (!value || PROP_TYPE(value->ulPropTag) != PT_BINARY || !value->Value.bin.cb) return TRUE;
    if (MAPIAllocateMore(value->Value.bin.cb, root, &recip->lpEntryID)) return FALSE;
    memcpy(recip->lpEntryID, value->Value.bin.lpb, value->Value.bin.cb);
    recip->ulEIDSize = value->Value.bin.cb;
    return TRUE;
}

static const WCHAR *prop_string(const SPropValue *props, ULONG count, ULONG tag)
{
    const SPropValue *value = PpropFindProp((SPropValue *)props, count, tag);
    return value ? value->Value.lpszW : NULL;
}

/* A file in the temporary directory with the name given, or a name like it; its path in path. */
static HANDLE create_temp_file(const WCHAR *name, WCHAR *path, size_t size)
{
    WCHAR dir[MAX_PATH], clean[MAX_PATH], *dot, *p;
    HANDLE file;
    int n;

    GetTempPathW(ARRAY_SIZE(dir), dir);
    lstrcpynW(clean, name && *name ? file_name_part(name) : L"attachment", ARRAY_SIZE(clean) - 16);
    for (p = clean; *p; p++) if (wcschr(L"<>:\"/\\|?*", *p) || *p < ' ') *p = '_';
    dot = wcsrchr(clean, '.');
    for (n = 0; n < 1000; n++)
    {
        if (!n) swprintf(path, size, L"%s%s", dir, clean);
        else if (dot) swprintf(path, size, L"%s%.*s (%d)%s", dir, (int)(dot - clean), clean, n, dot);
        else swprintf(path, size, L"%s%s (%d)", dir, clean, n);
        file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        if (file != INVALID_HANDLE_VALUE || GetLastError() != ERROR_FILE_EXISTS) return file;
    }
    return INVALID_HANDLE_VALUE;
}

static ULONG write_file(HANDLE file, const void *data, DWORD size)
{
    DWORD written;

    if (WriteFile(file, data, size, &written, NULL) && written == size) return SUCCESS_SUCCESS;
    return GetLastError() == ERROR_DISK_FULL ? MAPI_E_DISK_FULL : MAPI_E_ATTACHMENT_WRITE_FAILURE;
}

/* An attachment's data into a temporary file; its path hangs off root. */
static ULONG save_attachment(IMessage *message, ULONG number, const WCHAR *name, void *root, WCHAR **path)
{
    WCHAR buffer[MAX_PATH];
    IAttach *attach;
    IStream *stream;
    BYTE data[65536];
    HANDLE file;
    ULONG read, ret = SUCCESS_SUCCESS;
    HRESULT hr;

    *path = NULL;
    if (FAILED(hr = IMessage_OpenAttach(message, number, NULL, 0, &attach))) return simple_error(hr);
    hr = IAttach_OpenProperty(attach, PR_ATTACH_DATA_BIN, &IID_IStream, 0, 0, (IUnknown **)&stream);
    IAttach_Release(attach);
    if (FAILED(hr))
    {
        /* FIXME: embedded messages and OLE objects are not files. */
        FIXME("attachment %lu has no data to write: %#lx\n", number, hr);
        return SUCCESS_SUCCESS;
    }
    if ((file = create_temp_file(name, buffer, ARRAY_SIZE(buffer))) == INVALID_HANDLE_VALUE)
    {
        IStream_Release(stream);
        return MAPI_E_ATTACHMENT_WRITE_FAILURE;
    }
    while (!ret && SUCCEEDED(hr = IStream_Read(stream, data, sizeof(data), &read)) && read)
        ret = write_file(file, data, read);
    CloseHandle(file);
    IStream_Release(stream);
    if (!ret && FAILED(hr)) ret = MAPI_E_ATTACHMENT_WRITE_FAILURE;
    if (!ret && !copy_string(root, buffer, path)) ret = MAPI_E_INSUFFICIENT_MEMORY;
    if (ret) DeleteFileW(buffer);
    return ret;
}

static WCHAR *read_body(IMessage *message)
{
    WCHAR *text;

    return SUCCEEDED(mapi_read_text_w((IMAPIProp *)message, PR_BODY_W, &text)) ? text : NULL;
}

ULONG smapi_read_mail(LHANDLE handle, ULONG_PTR ui_param, const char *message_id, FLAGS flags,
                      MapiMessageW **out)
{
    static const SizedSPropTagArray(13, tags) =
        { 13, { PR_SUBJECT_W, PR_MESSAGE_CLASS_W, PR_MESSAGE_DELIVERY_TIME, PR_MESSAGE_FLAGS,
                PR_READ_RECEIPT_REQUESTED, PR_SENDER_NAME_W, PR_SENDER_ADDRTYPE_W, PR_SENDER_EMAIL_ADDRESS_W,
                PR_SENDER_ENTRYID, PR_SENT_REPRESENTING_NAME_W, PR_SENT_REPRESENTING_ADDRTYPE_W,
                PR_SENT_REPRESENTING_EMAIL_ADDRESS_W, PR_CONVERSATION_TOPIC_W } };
    static const SizedSPropTagArray(6, recip_columns) =
        { 6, { PR_RECIPIENT_TYPE, PR_DISPLAY_NAME_W, PR_ADDRTYPE_W, PR_EMAIL_ADDRESS_W, PR_ENTRYID, PR_ROWID } };
    static const SizedSPropTagArray(4, attach_columns) =
        { 4, { PR_ATTACH_NUM, PR_ATTACH_LONG_FILENAME_W, PR_ATTACH_FILENAME_W, PR_RENDERING_POSITION } };
    BOOL envelope = !!(flags & MAPI_ENVELOPE_ONLY), files = !(flags & (MAPI_ENVELOPE_ONLY | MAPI_SUPPRESS_ATTACH));
    struct smapi_session *session;
    MapiMessageW *msg = NULL;
    IMessage *message = NULL;
    SRowSet *recips = NULL, *attachs = NULL;
    SPropValue *props = NULL;
    const WCHAR *name, *type, *address;
    WCHAR date[32], *body = NULL;
    ULONG ret, count, i, n;
    HRESULT hr;

    if (!out) return MAPI_E_FAILURE;
    *out = NULL;
    if (!(session = grab(handle))) return MAPI_E_INVALID_SESSION;

    EnterCriticalSection(&session->cs);
    if ((ret = open_message(session, message_id, MAPI_BEST_ACCESS, &message))) goto done;
    ret = MAPI_E_FAILURE;
    if (FAILED(hr = mapi_get_props_w((IMAPIProp *)message, (SPropTagArray *)&tags, &count, &props))) goto done;
    if (FAILED(mapi_table_rows_w(message, MAPI_TABLE_RECIPIENTS, (SPropTagArray *)&recip_columns, &recips)))
        recips = NULL;
    if (files && FAILED(mapi_table_rows_w(message, MAPI_TABLE_ATTACHMENTS, (SPropTagArray *)&attach_columns,
                                          &attachs)))
        attachs = NULL;
    if (MAPIAllocateBuffer(sizeof(*msg), (void **)&msg)) goto no_memory;
    memset(msg, 0, sizeof(*msg));

    if (!copy_string(msg, prop_string(props, count, PR_SUBJECT_W), &msg->lpszSubject) ||
        !copy_string(msg, prop_string(props, count, PR_MESSAGE_CLASS_W), &msg->lpszMessageType) ||
        !copy_string(msg, prop_string(props, count, PR_CONVERSATION_TOPIC_W), &msg->lpszConversationID))
        goto no_memory;
    if (props[2].ulPropTag == PR_MESSAGE_DELIVERY_TIME)
    {
        FILETIME local;
        SYSTEMTIME st;

        FileTimeToLocalFileTime(&props[2].Value.ft, &local);
        FileTimeToSystemTime(&local, &st);
        swprintf(date, ARRAY_SIZE(date), L"%04u/%02u/%02u %02u:%02u", st.wYear, st.wMonth, st.wDay, st.wHour,
                 st.wMinute);
        if (!copy_string(msg, date, &msg->lpszDateReceived)) goto no_memory;
    }
    if (props[3].ulPropTag == PR_MESSAGE_FLAGS)
    {
        if (!(props[3].Value.l & MSGFLAG_READ)) msg->flFlags |= MAPI_UNREAD;
        if (!(props[3].Value.l & MSGFLAG_UNSENT)) msg->flFlags |= MAPI_SENT;
    }
    if (props[4].ulPropTag == PR_READ_RECEIPT_REQUESTED && props[4].Value.b) msg->flFlags |= MAPI_RECEIPT_REQUESTED;

    /* The originator: the sender, or whom the message is sent for when it names no sender. */
    if (MAPIAllocateMore(sizeof(*msg->lpOriginator), msg, (void **)&msg->lpOriginator)) goto no_memory;
    memset(msg->lpOriginator, 0, sizeof(*msg->lpOriginator));
    msg->lpOriginator->ulRecipClass = MAPI_ORIG;
    name = prop_string(props, count, PR_SENDER_NAME_W);
    type = prop_string(props, count, PR_SENDER_ADDRTYPE_W);
    address = prop_string(props, count, PR_SENDER_EMAIL_ADDRESS_W);
    if (!name && !address)
    {
        name = prop_string(props, count, PR_SENT_REPRESENTING_NAME_W);
        type = prop_string(props, count, PR_SENT_REPRESENTING_ADDRTYPE_W);
        address = prop_string(props, count, PR_SENT_REPRESENTING_EMAIL_ADDRESS_W);
    }
    if (!copy_string(msg, name ? name : address ? address : L"", &msg->lpOriginator->lpszName) ||
        !copy_address(msg, type, address, &msg->lpOriginator->lpszAddress) ||
        !copy_entryid(msg, PpropFindProp(props, count, PR_SENDER_ENTRYID), msg->lpOriginator))
        goto no_memory;

    if (recips && recips->cRows)
    {
        if (MAPIAllocateMore(recips->cRows * sizeof(MapiRecipDescW), msg, (void **)&msg->lpRecips))
            goto no_memory;
        for (i = 0; i < recips->cRows; i++)
        {
            const SPropValue *row = recips->aRow[i].lpProps;
            ULONG row_count = recips->aRow[i].cValues;
            MapiRecipDescW *recip = &msg->lpRecips[msg->nRecipCount];

            memset(recip, 0, sizeof(*recip));
            recip->ulRecipClass = row[0].ulPropTag == PR_RECIPIENT_TYPE ? row[0].Value.l & ~MAPI_SUBMITTED : MAPI_TO;
            if (!copy_string(msg, prop_string(row, row_count, PR_DISPLAY_NAME_W), &recip->lpszName) ||
                !copy_address(msg, prop_string(row, row_count, PR_ADDRTYPE_W),
                              prop_string(row, row_count, PR_EMAIL_ADDRESS_W), &recip->lpszAddress) ||
                !copy_entryid(msg, PpropFindProp((SPropValue *)row, row_count, PR_ENTRYID), recip))
                goto no_memory;
            msg->nRecipCount++;
        }
    }

    if (!envelope) body = read_body(message);
    n = (attachs ? attachs->cRows : 0) + (flags & MAPI_BODY_AS_FILE && !envelope ? 1 : 0);
    if (n && MAPIAllocateMore(n * sizeof(MapiFileDescW), msg, (void **)&msg->lpFiles)) goto no_memory;
    if (flags & MAPI_BODY_AS_FILE && !envelope)
    {
        /* The text as the first file, in the code page of the ANSI functions. */
        MapiFileDescW *file = &msg->lpFiles[msg->nFileCount];
        WCHAR path[MAX_PATH];
        HANDLE handle_file;
        char *text;
        int size;

        memset(file, 0, sizeof(*file));
        file->nPosition = ~0u;
        if ((handle_file = create_temp_file(L"body.txt", path, ARRAY_SIZE(path))) == INVALID_HANDLE_VALUE)
        {
            ret = MAPI_E_ATTACHMENT_WRITE_FAILURE;
            goto failed;
        }
        size = WideCharToMultiByte(CP_ACP, 0, body ? body : L"", -1, NULL, 0, NULL, NULL);
        if (!(text = malloc(size)))
        {
            CloseHandle(handle_file);
            DeleteFileW(path);
            goto no_memory;
        }
        WideCharToMultiByte(CP_ACP, 0, body ? body : L"", -1, text, size, NULL, NULL);
        ret = write_file(handle_file, text, size - 1);
        free(text);
        CloseHandle(handle_file);
        if (ret || !copy_string(msg, path, &file->lpszPathName))
        {
            DeleteFileW(path);
            if (!ret) ret = MAPI_E_INSUFFICIENT_MEMORY;
            goto failed;
        }
        msg->nFileCount++;
    }
    else if (!envelope && !copy_string(msg, body ? body : L"", &msg->lpszNoteText)) goto no_memory;

    for (i = 0; attachs && i < attachs->cRows; i++)
    {
        const SPropValue *row = attachs->aRow[i].lpProps;
        ULONG row_count = attachs->aRow[i].cValues;
        MapiFileDescW *file = &msg->lpFiles[msg->nFileCount];

        memset(file, 0, sizeof(*file));
        name = prop_string(row, row_count, PR_ATTACH_LONG_FILENAME_W);
        if (!name) name = prop_string(row, row_count, PR_ATTACH_FILENAME_W);
        file->nPosition = row[3].ulPropTag == PR_RENDERING_POSITION ? row[3].Value.l : ~0u;
        if (row[0].ulPropTag != PR_ATTACH_NUM) continue;
        if (!copy_string(msg, name, &file->lpszFileName)) goto no_memory;
        if ((ret = save_attachment(message, row[0].Value.l, name, msg, &file->lpszPathName))) goto failed;
        if (file->lpszPathName) msg->nFileCount++;
    }
    if (!msg->nFileCount) msg->lpFiles = NULL;

    /* Read now, unless the program only peeks; a failed read leaves the message unread. */
    if (!(flags & MAPI_PEEK) && msg->flFlags & MAPI_UNREAD) IMessage_SetReadFlag(message, SUPPRESS_RECEIPT);
    *out = msg;
    msg = NULL;
    ret = SUCCESS_SUCCESS;
    goto done;

no_memory:
    ret = MAPI_E_INSUFFICIENT_MEMORY;
failed:
    /* The temporary files of what was written so far go too */
    for (i = 0; msg && i < msg->nFileCount; i++)
        if (msg->lpFiles[i].lpszPathName) DeleteFileW(msg->lpFiles[i].lpszPathName);
done:
    HeapFree(GetProcessHeap(), 0, body);
    MAPIFreeBuffer(msg);
    MAPIFreeBuffer(props);
    if (recips) FreeProws(recips);
    if (attachs) FreeProws(attachs);
    if (message) IMessage_Release(message);
    LeaveCriticalSection(&session->cs);
    drop(session);
    return ret;
}

/***********************************************************************
 *  smapi_delete_mail
 */
ULONG smapi_delete_mail(LHANDLE handle, ULONG_PTR ui_param, const char *message_id, FLAGS flags)
{
    static const SizedSPropTagArray(2, tags) = { 2, { PR_ENTRYID, PR_PARENT_ENTRYID } };
    struct smapi_session *session;
    IMessage *message = NULL;
    IMAPIFolder *folder;
    IMsgStore *store;
    SPropValue *props = NULL;
    ENTRYLIST list;
    ULONG ret, count;
    HRESULT hr;

    if (!(session = grab(handle))) return MAPI_E_INVALID_SESSION;
    EnterCriticalSection(&session->cs);
    if ((ret = open_message(session, message_id, 0, &message))) goto done;
    if (FAILED(hr = default_store(session, &store)) ||
        FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &props)))
    {
        ret = simple_error(hr);
        goto done;
    }
    if (props[0].ulPropTag != PR_ENTRYID || props[1].ulPropTag != PR_PARENT_ENTRYID)
    {
        ret = MAPI_E_INVALID_MESSAGE;
        goto done;
    }
    IMessage_Release(message);
    message = NULL;
    if (FAILED(hr = open_folder(store, &props[1].Value.bin, MAPI_MODIFY, &folder)))
    {
        ret = simple_error(hr);
        goto done;
    }
    list.cValues = 1;
    list.lpbin = &props[0].Value.bin;
    hr = IMAPIFolder_DeleteMessages(folder, &list, 0, NULL, 0);
    IMAPIFolder_Release(folder);
    ret = hr == MAPI_E_NOT_FOUND ? MAPI_E_INVALID_MESSAGE : simple_error(hr);

done:
    MAPIFreeBuffer(props);
    if (message) IMessage_Release(message);
    LeaveCriticalSection(&session->cs);
    drop(session);
    return ret;
}

/***********************************************************************
 *  smapi_resolve_name
 *
 * NOTES
 *  SMTP addresses ("a@b", "SMTP:a@b", "Name <a@b>") resolve to one-off
 *  entries; other names go to the address book. There is no dialog to
 *  choose with: MAPI_DIALOG is ignored.
 */
ULONG smapi_resolve_name(LHANDLE handle, ULONG_PTR ui_param, const WCHAR *name, FLAGS flags,
                         MapiRecipDescW **out)
{
    struct smapi_session *session;
    MapiRecipDescW recip = { 0 }, *result = NULL;
    ADRENTRY entry = { 0 };
    LHANDLE temporary;
    ULONG ret;

    if (!out || !name) return MAPI_E_FAILURE;
    *out = NULL;
    if (!*name) return MAPI_E_UNKNOWN_RECIPIENT;
    if (flags & MAPI_DIALOG) FIXME("no dialog to resolve %s with\n", debugstr_w(name));
    if ((ret = enter(handle, ui_param, flags, &session, &temporary))) return ret;

    EnterCriticalSection(&session->cs);
    recip.ulRecipClass = MAPI_TO;
    recip.lpszName = (WCHAR *)name;
    if (!(ret = resolve_recipient(session, &recip, &entry)))
    {
        const WCHAR *display = prop_string(entry.rgPropVals, entry.cValues, PR_DISPLAY_NAME_W);
        const WCHAR *type = prop_string(entry.rgPropVals, entry.cValues, PR_ADDRTYPE_W);
        const WCHAR *address = prop_string(entry.rgPropVals, entry.cValues, PR_EMAIL_ADDRESS_W);

        if (MAPIAllocateBuffer(sizeof(*result), (void **)&result)) ret = MAPI_E_INSUFFICIENT_MEMORY;
        else
        {
            memset(result, 0, sizeof(*result));
            result->ulRecipClass = MAPI_TO;
            if (!copy_string(result, display ? display : name, &result->lpszName) ||
                !copy_address(result, type, address, &result->lpszAddress) ||
                !copy_entryid(result, PpropFindProp(entry.rgPropVals, entry.cValues, PR_ENTRYID), result))
            {
                MAPIFreeBuffer(result);
                result = NULL;
                ret = MAPI_E_INSUFFICIENT_MEMORY;
            }
        }
    }
    MAPIFreeBuffer(entry.rgPropVals);
    LeaveCriticalSection(&session->cs);
    leave(session, temporary);
    *out = result;
    return ret;
}

/***********************************************************************
 *  ScMAPIXFromSMAPI (MAPI32.203)
 *
 * Gives the Extended MAPI session behind a Simple MAPI session.
 *
 * PARAMS
 *  handle   [I] Session from MAPILogon.
 *  flags    [I] Reserved, 0.
 *  iid      [I] IID_IMAPISession, or NULL.
 *  session  [O] The session, with a reference for the caller.
 *
 * RETURNS
 *  S_OK; MAPI_E_INVALID_PARAMETER for a handle that is not one of ours or no
 *  session pointer; MAPI_E_INTERFACE_NOT_SUPPORTED for another interface.
 */
SCODE WINAPI ScMAPIXFromSMAPI(LHANDLE handle, ULONG flags, LPCIID iid, LPMAPISESSION *session)
{
    struct smapi_session *simple;

    TRACE("(%#Ix,%#lx,%s,%p)\n", handle, flags, debugstr_guid(iid), session);

    if (!session) return MAPI_E_INVALID_PARAMETER;
    *session = NULL;
    if (iid && !IsEqualIID(iid, &IID_IMAPISession) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!(simple = grab(handle)))
    {
        WARN("%#Ix is not a Simple MAPI session of ours\n", handle);
        return MAPI_E_INVALID_PARAMETER;
    }
    *session = simple->session;
    IMAPISession_AddRef(*session);
    drop(simple);
    return S_OK;
}
