/*
 * Simple MAPI: MAPISendMail and friends.
 *
 * When a profile of ours exists (the default one, or the one MAPILogon
 * names), the calls work on it: smapi.c maps them onto Extended MAPI.
 * Without one, like Wine's builtin mapi32, each call goes to the DLL of the
 * mail client registered under HKLM\Software\Clients\Mail (winemapi.dll in
 * a Wine prefix, which gives the message to the Unix mail client). A client
 * without a function, or no client at all, gets the Simple MAPI error code.
 */

#include "smapi.h"
#include "winuser.h"
#include "winreg.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Wine's mapi.h declares MAPIReadMail's last parameter as lpMapiMessage;
 * in the SDK, and in every client DLL, it is a pointer to one. */
typedef ULONG (WINAPI *client_read_mail)(LHANDLE, ULONG_PTR, LPSTR, FLAGS, ULONG, lpMapiMessage *);

/* The default mail client's DLL and the Simple MAPI functions it exports. */
struct mail_client
{
    HMODULE module;
    LPMAPIADDRESS address;
    LPMAPIDELETEMAIL delete_mail;
    LPMAPIDETAILS details;
    LPMAPIFINDNEXT find_next;
    LPMAPILOGOFF logoff;
    LPMAPILOGON logon;
    client_read_mail read_mail;
    LPMAPIRESOLVENAME resolve_name;
    LPMAPISAVEMAIL save_mail;
    LPMAPISENDDOCUMENTS send_documents;
    LPMAPISENDMAIL send_mail;
    LPMAPISENDMAILW send_mail_w;
};

static struct mail_client mail_client;
static INIT_ONCE mail_client_once = INIT_ONCE_STATIC_INIT;

static const WCHAR mail_clients_key[] = L"Software\\Clients\\Mail";

/* A string value, REG_EXPAND_SZ expanded; NULL if missing or empty. Free with HeapFree. */
static WCHAR *get_registry_string(HKEY key, const WCHAR *name)
{
    WCHAR *value = NULL, *bigger;
    DWORD size = 0;
    LSTATUS status;

    /* RRF_RT_REG_SZ takes REG_EXPAND_SZ too, and expands it; the expanded
     * size is only known for sure once a buffer is offered. */
    while ((status = RegGetValueW(key, NULL, name, RRF_RT_REG_SZ, NULL, value, &size)) == ERROR_MORE_DATA ||
           (!status && !value && size))
    {
        bigger = value ? HeapReAlloc(GetProcessHeap(), 0, value, size) : HeapAlloc(GetProcessHeap(), 0, size);
        if (!bigger) break;
        value = bigger;
    }
    if (status || !value || !*value)
    {
        HeapFree(GetProcessHeap(), 0, value);
        return NULL;
    }
    return value;
}

/* The DLLPath of the default client named by Software\Clients\Mail. */
static WCHAR *get_mail_client_path(void)
{
    HKEY clients, client;
    WCHAR *name, *path = NULL;

    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, mail_clients_key, 0, KEY_READ, &clients)) return NULL;
    if ((name = get_registry_string(clients, NULL)))
    {
        TRACE("default mail client %s\n", debugstr_w(name));
        if (!RegOpenKeyExW(clients, name, 0, KEY_READ, &client))
        {
            path = get_registry_string(client, L"DLLPath");
            RegCloseKey(client);
        }
        HeapFree(GetProcessHeap(), 0, name);
    }
    RegCloseKey(clients);
    return path;
}

static BOOL WINAPI load_mail_client(INIT_ONCE *once, void *param, void **context)
{
    const WCHAR *file_name;
    WCHAR *path;
    HMODULE module;

    if (!(path = get_mail_client_path()))
    {
        TRACE("no default mail client\n");
        return TRUE;
    }

    /* Outlook registers "mapi32.dll": that is us, and would only call us back. */
    file_name = wcsrchr(path, '\\') ? wcsrchr(path, '\\') + 1 : path;
    if (!wcsicmp(file_name, L"mapi32.dll") || !wcsicmp(file_name, L"mapi32"))
    {
        TRACE("the default mail client is mapi32 itself\n");
        HeapFree(GetProcessHeap(), 0, path);
        return TRUE;
    }

    TRACE("loading %s\n", debugstr_w(path));
    module = LoadLibraryW(path);
    if (!module)
        WARN("cannot load the mail client %s, error %lu\n", debugstr_w(path), GetLastError());
    HeapFree(GetProcessHeap(), 0, path);
    if (!module) return TRUE;
    if (module == mapi32_instance)
    {
        FreeLibrary(module);
        return TRUE;
    }

    mail_client.module = module;
    mail_client.address = (void *)GetProcAddress(module, "MAPIAddress");
    mail_client.delete_mail = (void *)GetProcAddress(module, "MAPIDeleteMail");
    mail_client.details = (void *)GetProcAddress(module, "MAPIDetails");
    mail_client.find_next = (void *)GetProcAddress(module, "MAPIFindNext");
    mail_client.logoff = (void *)GetProcAddress(module, "MAPILogoff");
    mail_client.logon = (void *)GetProcAddress(module, "MAPILogon");
    mail_client.read_mail = (void *)GetProcAddress(module, "MAPIReadMail");
    mail_client.resolve_name = (void *)GetProcAddress(module, "MAPIResolveName");
    mail_client.save_mail = (void *)GetProcAddress(module, "MAPISaveMail");
    mail_client.send_documents = (void *)GetProcAddress(module, "MAPISendDocuments");
    mail_client.send_mail = (void *)GetProcAddress(module, "MAPISendMail");
    mail_client.send_mail_w = (void *)GetProcAddress(module, "MAPISendMailW");
    return TRUE;
}

/* The mail client, looked up and loaded on first use, once for the process. */
static const struct mail_client *get_mail_client(void)
{
    InitOnceExecuteOnce(&mail_client_once, load_mail_client, NULL, NULL);
    return &mail_client;
}

/* Tells the user, if the caller allows UI, why the mail did not go. */
static void report_no_mail_client(ULONG_PTR ui_param, FLAGS flags)
{
    WARN("no mail client to send the mail\n");
    if (!(flags & (MAPI_DIALOG | MAPI_LOGON_UI))) return;
    MessageBoxW((HWND)ui_param, L"Mail sending failed as you do not have a MAPI mail client installed.",
                L"Send Mail", MB_ICONEXCLAMATION);
}

/* Conversions between MapiMessage and MapiMessageW for a client that has only
 * the other one. The copy hangs off one MAPIAllocateBuffer block; its shape is
 * the caller's, NULL pointers and counts included, so the client judges it. */

static BOOL ansi_to_wide(void *root, const char *src, WCHAR **dst)
{
    int len;

    *dst = NULL;
    if (!src) return TRUE;
    len = MultiByteToWideChar(CP_ACP, 0, src, -1, NULL, 0);
    if (MAPIAllocateMore(len * sizeof(WCHAR), root, (void **)dst)) return FALSE;
    MultiByteToWideChar(CP_ACP, 0, src, -1, *dst, len);
    return TRUE;
}

static BOOL wide_to_ansi(void *root, const WCHAR *src, char **dst)
{
    int len;

    *dst = NULL;
    if (!src) return TRUE;
    len = WideCharToMultiByte(CP_ACP, 0, src, -1, NULL, 0, NULL, NULL);
    if (MAPIAllocateMore(len, root, (void **)dst)) return FALSE;
    WideCharToMultiByte(CP_ACP, 0, src, -1, *dst, len, NULL, NULL);
    return TRUE;
}

static BOOL recip_to_wide(void *root, const MapiRecipDesc *src, MapiRecipDescW *dst)
{
    dst->ulReserved = src->ulReserved;
    dst->ulRecipClass = src->ulRecipClass;
    dst->ulEIDSize = src->ulEIDSize;
    dst->lpEntryID = src->lpEntryID;
    return ansi_to_wide(root, src->lpszName, &dst->lpszName) &&
           ansi_to_wide(root, src->lpszAddress, &dst->lpszAddress);
}

static BOOL recip_to_ansi(void *root, const MapiRecipDescW *src, MapiRecipDesc *dst)
{
    dst->ulReserved = src->ulReserved;
    dst->ulRecipClass = src->ulRecipClass;
    dst->ulEIDSize = src->ulEIDSize;
    dst->lpEntryID = src->lpEntryID;
    return wide_to_ansi(root, src->lpszName, &dst->lpszName) &&
           wide_to_ansi(root, src->lpszAddress, &dst->lpszAddress);
}

static BOOL file_to_wide(void *root, const MapiFileDesc *src, MapiFileDescW *dst)
{
    dst->ulReserved = src->ulReserved;
    dst->flFlags = src->flFlags;
    dst->nPosition = src->nPosition;
    dst->lpFileType = src->lpFileType;
    return ansi_to_wide(root, src->lpszPathName, &dst->lpszPathName) &&
           ansi_to_wide(root, src->lpszFileName, &dst->lpszFileName);
}

static BOOL file_to_ansi(void *root, const MapiFileDescW *src, MapiFileDesc *dst)
{
    dst->ulReserved = src->ulReserved;
    dst->flFlags = src->flFlags;
    dst->nPosition = src->nPosition;
    dst->lpFileType = src->lpFileType;
    return wide_to_ansi(root, src->lpszPathName, &dst->lpszPathName) &&
           wide_to_ansi(root, src->lpszFileName, &dst->lpszFileName);
}

/* Room for count elements of size bytes, or NULL with the error in *error. */
static void *allocate_array(void *root, ULONG count, SIZE_T size, ULONG too_many, ULONG *error)
{
    void *array;

    if (count > ~0u / size)
    {
        *error = too_many;
        return NULL;
    }
    if (MAPIAllocateMore(count * size, root, &array))
    {
        *error = MAPI_E_INSUFFICIENT_MEMORY;
        return NULL;
    }
    return array;
}

static ULONG message_to_wide(const MapiMessage *src, MapiMessageW **out)
{
    MapiMessageW *msg;
    ULONG i, error = MAPI_E_INSUFFICIENT_MEMORY;

    *out = NULL;
    if (!src) return SUCCESS_SUCCESS;
    if (MAPIAllocateBuffer(sizeof(*msg), (void **)&msg)) return MAPI_E_INSUFFICIENT_MEMORY;
    memset(msg, 0, sizeof(*msg));
    msg->ulReserved = src->ulReserved;
    msg->flFlags = src->flFlags;
    msg->nRecipCount = src->nRecipCount;
    msg->nFileCount = src->nFileCount;

    if (!ansi_to_wide(msg, src->lpszSubject, &msg->lpszSubject) ||
        !ansi_to_wide(msg, src->lpszNoteText, &msg->lpszNoteText) ||
        !ansi_to_wide(msg, src->lpszMessageType, &msg->lpszMessageType) ||
        !ansi_to_wide(msg, src->lpszDateReceived, &msg->lpszDateReceived) ||
        !ansi_to_wide(msg, src->lpszConversationID, &msg->lpszConversationID))
        goto failed;

    if (src->lpOriginator)
    {
        if (!(msg->lpOriginator = allocate_array(msg, 1, sizeof(MapiRecipDescW), MAPI_E_FAILURE, &error)) ||
            !recip_to_wide(msg, src->lpOriginator, msg->lpOriginator))
            goto failed;
    }
    if (src->lpRecips && src->nRecipCount)
    {
        if (!(msg->lpRecips = allocate_array(msg, src->nRecipCount, sizeof(MapiRecipDescW),
                                             MAPI_E_TOO_MANY_RECIPIENTS, &error)))
            goto failed;
        for (i = 0; i < src->nRecipCount; i++)
            if (!recip_to_wide(msg, &src->lpRecips[i], &msg->lpRecips[i])) goto failed;
    }
    if (src->lpFiles && src->nFileCount)
    {
        if (!(msg->lpFiles = allocate_array(msg, src->nFileCount, sizeof(MapiFileDescW),
                                            MAPI_E_TOO_MANY_FILES, &error)))
            goto failed;
        for (i = 0; i < src->nFileCount; i++)
            if (!file_to_wide(msg, &src->lpFiles[i], &msg->lpFiles[i])) goto failed;
    }
    *out = msg;
    return SUCCESS_SUCCESS;

failed:
    MAPIFreeBuffer(msg);
    return error;
}

static ULONG message_to_ansi(const MapiMessageW *src, MapiMessage **out)
{
    MapiMessage *msg;
    ULONG i, error = MAPI_E_INSUFFICIENT_MEMORY;

    *out = NULL;
    if (!src) return SUCCESS_SUCCESS;
    if (MAPIAllocateBuffer(sizeof(*msg), (void **)&msg)) return MAPI_E_INSUFFICIENT_MEMORY;
    memset(msg, 0, sizeof(*msg));
    msg->ulReserved = src->ulReserved;
    msg->flFlags = src->flFlags;
    msg->nRecipCount = src->nRecipCount;
    msg->nFileCount = src->nFileCount;

    if (!wide_to_ansi(msg, src->lpszSubject, &msg->lpszSubject) ||
        !wide_to_ansi(msg, src->lpszNoteText, &msg->lpszNoteText) ||
        !wide_to_ansi(msg, src->lpszMessageType, &msg->lpszMessageType) ||
        !wide_to_ansi(msg, src->lpszDateReceived, &msg->lpszDateReceived) ||
        !wide_to_ansi(msg, src->lpszConversationID, &msg->lpszConversationID))
        goto failed;

    if (src->lpOriginator)
    {
        if (!(msg->lpOriginator = allocate_array(msg, 1, sizeof(MapiRecipDesc), MAPI_E_FAILURE, &error)) ||
            !recip_to_ansi(msg, src->lpOriginator, msg->lpOriginator))
            goto failed;
    }
    if (src->lpRecips && src->nRecipCount)
    {
        if (!(msg->lpRecips = allocate_array(msg, src->nRecipCount, sizeof(MapiRecipDesc),
                                             MAPI_E_TOO_MANY_RECIPIENTS, &error)))
            goto failed;
        for (i = 0; i < src->nRecipCount; i++)
            if (!recip_to_ansi(msg, &src->lpRecips[i], &msg->lpRecips[i])) goto failed;
    }
    if (src->lpFiles && src->nFileCount)
    {
        if (!(msg->lpFiles = allocate_array(msg, src->nFileCount, sizeof(MapiFileDesc),
                                            MAPI_E_TOO_MANY_FILES, &error)))
            goto failed;
        for (i = 0; i < src->nFileCount; i++)
            if (!file_to_ansi(msg, &src->lpFiles[i], &msg->lpFiles[i])) goto failed;
    }
    *out = msg;
    return SUCCESS_SUCCESS;

failed:
    MAPIFreeBuffer(msg);
    return error;
}

/* A recipient's entry ID into root, for a copy that outlives the message it came from. */
static BOOL own_entryid(void *root, MapiRecipDesc *recip)
{
    void *copy;

    if (!recip->lpEntryID || !recip->ulEIDSize) return TRUE;
    if (MAPIAllocateMore(recip->ulEIDSize, root, &copy)) return FALSE;
    memcpy(copy, recip->lpEntryID, recip->ulEIDSize);
    recip->lpEntryID = copy;
    return TRUE;
}

/* Calls on a session of ours are ours, and all calls when a profile of ours is the
 * default: a handle that is not ours is then an invalid one, not the mail client's. */
static BOOL ours(LHANDLE session)
{
    return smapi_is_session(session) || smapi_profile_available(NULL);
}

static WCHAR *strdupAtoW(const char *src)
{
    WCHAR *dst;
    int len;

    if (!src) return NULL;
    len = MultiByteToWideChar(CP_ACP, 0, src, -1, NULL, 0);
    if ((dst = malloc(len * sizeof(WCHAR)))) MultiByteToWideChar(CP_ACP, 0, src, -1, dst, len);
    return dst;
}

/**************************************************************************
 *  MAPISendMail (MAPI32.211)
 *
 * Sends a message: through our profile when there is one (see smapi.c), else
 * through the default mail client.
 *
 * PARAMS
 *  session   [I] Simple MAPI session from MAPILogon, or 0.
 *  ui_param  [I] Parent window for dialogs, or 0.
 *  message   [I] The message.
 *  flags     [I] MAPI_DIALOG, MAPI_LOGON_UI, MAPI_NEW_SESSION...
 *  reserved  [I] Reserved, 0.
 *
 * RETURNS
 *  SUCCESS_SUCCESS when the message was submitted (our profile) or the
 *  client sent it; the Simple MAPI error code otherwise.
 *  MAPI_E_NOT_SUPPORTED if there is no profile and no mail client that can send.
 *
 * NOTES
 *  A client with only MAPISendMailW gets the message converted to Unicode.
 *  Without a client, the user is told so only if flags allow UI.
 */
ULONG WINAPI MAPISendMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage message, FLAGS flags, ULONG reserved)
{
    const struct mail_client *client;
    MapiMessageW *message_w;
    ULONG ret;

    TRACE("(%#Ix,%#Ix,%p,%#lx,%#lx)\n", session, ui_param, message, flags, reserved);

    if (ours(session))
    {
        if (!message) return MAPI_E_FAILURE;
        if ((ret = message_to_wide(message, &message_w))) return ret;
        ret = smapi_send_mail(session, ui_param, message_w, flags);
        MAPIFreeBuffer(message_w);
        return ret;
    }
    client = get_mail_client();

    if (client->send_mail) return client->send_mail(session, ui_param, message, flags, reserved);

    if (client->send_mail_w)
    {
        if ((ret = message_to_wide(message, &message_w))) return ret;
        ret = client->send_mail_w(session, ui_param, message_w, flags, reserved);
        MAPIFreeBuffer(message_w);
        return ret;
    }

    report_no_mail_client(ui_param, flags);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPISendMailW (MAPI32.256)
 *
 * Sends a Unicode message through the default mail client.
 *
 * PARAMS
 *  As MAPISendMail, with a MapiMessageW; flags may add MAPI_FORCE_UNICODE.
 *
 * RETURNS
 *  As MAPISendMail; MAPI_E_UNICODE_NOT_SUPPORTED for MAPI_FORCE_UNICODE
 *  when the mail client only takes ANSI.
 *
 * NOTES
 *  A client with only MAPISendMail (winemapi.dll is one) gets the message
 *  converted to the ANSI code page.
 */
ULONG WINAPI MAPISendMailW(LHANDLE session, ULONG_PTR ui_param, lpMapiMessageW message, FLAGS flags, ULONG reserved)
{
    const struct mail_client *client;
    MapiMessage *message_a;
    ULONG ret;

    TRACE("(%#Ix,%#Ix,%p,%#lx,%#lx)\n", session, ui_param, message, flags, reserved);

    if (ours(session)) return smapi_send_mail(session, ui_param, message, flags);
    client = get_mail_client();

    if (client->send_mail_w) return client->send_mail_w(session, ui_param, message, flags, reserved);

    if (client->send_mail)
    {
        if (flags & MAPI_FORCE_UNICODE)
        {
            WARN("the mail client takes no Unicode, and MAPI_FORCE_UNICODE forbids converting\n");
            return MAPI_E_UNICODE_NOT_SUPPORTED;
        }
        if ((ret = message_to_ansi(message, &message_a))) return ret;
        ret = client->send_mail(session, ui_param, message_a, flags, reserved);
        MAPIFreeBuffer(message_a);
        return ret;
    }

    report_no_mail_client(ui_param, flags);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPISendDocuments (MAPI32.208)
 *
 * Has the default mail client send files, the user completing the message.
 *
 * PARAMS
 *  ui_param  [I] Parent window, or 0.
 *  delimiter [I] The character that separates the entries of paths and names.
 *  paths     [I] Full paths of the files.
 *  names     [I] Names the recipients see for them.
 *  reserved  [I] Reserved, 0.
 *
 * RETURNS
 *  What the client returns; MAPI_E_NOT_SUPPORTED without a mail client.
 */
ULONG WINAPI MAPISendDocuments(ULONG_PTR ui_param, LPSTR delimiter, LPSTR paths, LPSTR names, ULONG reserved)
{
    const struct mail_client *client = get_mail_client();

    TRACE("(%#Ix,%s,%s,%s,%#lx)\n", ui_param, debugstr_a(delimiter), debugstr_a(paths),
          debugstr_a(names), reserved);

    if (client->send_documents) return client->send_documents(ui_param, delimiter, paths, names, reserved);
    WARN("no mail client\n");
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPILogon (MAPI32.209)
 *
 * Opens a Simple MAPI session: on a profile of ours when the one named (or,
 * without a name, the default one) exists, else with the default mail client.
 *
 * PARAMS
 *  ui_param [I] Parent window, or 0.
 *  profile  [I] Profile name, or NULL.
 *  password [I] Password, or NULL.
 *  flags    [I] MAPI_LOGON_UI, MAPI_NEW_SESSION, MAPI_FORCE_DOWNLOAD, MAPI_PASSWORD_UI.
 *  reserved [I] Reserved, 0.
 *  session  [O] Receives the session handle.
 *
 * RETURNS
 *  SUCCESS_SUCCESS, or the Simple MAPI error code (*session is then 0):
 *  MAPI_E_LOGIN_FAILURE for a profile that does not exist while ours do, or
 *  without a profile and without a mail client.
 */
ULONG WINAPI MAPILogon(ULONG_PTR ui_param, LPSTR profile, LPSTR password, FLAGS flags, ULONG reserved,
                       LPLHANDLE session)
{
    const struct mail_client *client;
    WCHAR *profile_w, *password_w;
    ULONG ret;

    TRACE("(%#Ix,%s,%p,%#lx,%#lx,%p)\n", ui_param, debugstr_a(profile), password, flags, reserved, session);

    profile_w = strdupAtoW(profile);
    if ((profile && !profile_w) || !(smapi_profile_available(profile_w) || smapi_profile_available(NULL)))
    {
        free(profile_w);
        client = get_mail_client();
        if (client->logon) return client->logon(ui_param, profile, password, flags, reserved, session);
        WARN("no profile and no mail client to log on to\n");
        if (session) *session = 0;
        return MAPI_E_LOGIN_FAILURE;
    }
    password_w = strdupAtoW(password);
    ret = smapi_logon(ui_param, profile_w, password_w, flags, session);
    free(profile_w);
    free(password_w);
    return ret;
}

/**************************************************************************
 *  MAPILogoff (MAPI32.210)
 *
 * Ends a Simple MAPI session: one of ours, or one of the default mail client.
 *
 * PARAMS
 *  session  [I] Session from MAPILogon.
 *  ui_param [I] Parent window, or 0.
 *  flags    [I] Reserved, 0.
 *  reserved [I] Reserved, 0.
 *
 * RETURNS
 *  What the client returns; MAPI_E_INVALID_SESSION without a mail client,
 *  which cannot have given out a session.
 */
ULONG WINAPI MAPILogoff(LHANDLE session, ULONG_PTR ui_param, FLAGS flags, ULONG reserved)
{
    const struct mail_client *client;

    TRACE("(%#Ix,%#Ix,%#lx,%#lx)\n", session, ui_param, flags, reserved);

    if (ours(session)) return smapi_logoff(session, ui_param, flags);
    client = get_mail_client();

    if (client->logoff) return client->logoff(session, ui_param, flags, reserved);
    WARN("no mail client\n");
    return MAPI_E_INVALID_SESSION;
}

/**************************************************************************
 *  MAPISaveMail (MAPI32.212)
 *
 * Saves a message without sending it: a new one in the receive folder of its
 * class, or over the one message_id names (see smapi.c); without a profile of
 * ours the default mail client does.
 *
 * RETURNS
 *  SUCCESS_SUCCESS and the message's ID in message_id, or the Simple MAPI
 *  error code; MAPI_E_NOT_SUPPORTED without a profile and a mail client.
 */
ULONG WINAPI MAPISaveMail(LHANDLE session, ULONG_PTR ui_param, lpMapiMessage message, FLAGS flags,
                          ULONG reserved, LPSTR message_id)
{
    const struct mail_client *client;
    MapiMessageW *message_w;
    ULONG ret;

    TRACE("(%#Ix,%#Ix,%p,%#lx,%#lx,%s)\n", session, ui_param, message, flags, reserved, debugstr_a(message_id));

    if (ours(session))
    {
        if (!message) return MAPI_E_FAILURE;
        if ((ret = message_to_wide(message, &message_w))) return ret;
        ret = smapi_save_mail(session, ui_param, message_w, flags, message_id);
        MAPIFreeBuffer(message_w);
        return ret;
    }
    client = get_mail_client();

    if (client->save_mail) return client->save_mail(session, ui_param, message, flags, reserved, message_id);
    WARN("no mail client\n");
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPIReadMail (MAPI32.213)
 *
 * Reads a message of a session of ours, or has the default mail client read one.
 *
 * PARAMS
 *  session    [I] Session from MAPILogon.
 *  ui_param   [I] Parent window, or 0.
 *  message_id [I] The message, as MAPIFindNext named it.
 *  flags      [I] MAPI_BODY_AS_FILE, MAPI_ENVELOPE_ONLY, MAPI_PEEK, MAPI_SUPPRESS_ATTACH.
 *  reserved   [I] Reserved, 0.
 *  message    [O] An lpMapiMessage *, as in the SDK: receives the message,
 *                 to be freed with MAPIFreeBuffer.
 *
 * RETURNS
 *  SUCCESS_SUCCESS, or the Simple MAPI error code (the message pointer is
 *  then NULL); MAPI_E_NOT_SUPPORTED without a mail client.
 *
 * NOTES
 *  The prototype keeps Wine's mapi.h, which has lpMapiMessage for the last
 *  parameter.
 */
ULONG WINAPI MAPIReadMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved,
                          lpMapiMessage message)
{
    const struct mail_client *client;
    lpMapiMessage *out = (lpMapiMessage *)message;
    MapiMessageW *message_w;
    ULONG ret;

    TRACE("(%#Ix,%#Ix,%s,%#lx,%#lx,%p)\n", session, ui_param, debugstr_a(message_id), flags, reserved, out);

    if (ours(session))
    {
        if (!out) return MAPI_E_FAILURE;
        *out = NULL;
        if ((ret = smapi_read_mail(session, ui_param, message_id, flags, &message_w))) return ret;
        if (!(ret = message_to_ansi(message_w, out)))
        {
            MapiMessage *msg = *out;
            ULONG i;
            BOOL ok = !msg->lpOriginator || own_entryid(msg, msg->lpOriginator);

            for (i = 0; ok && i < msg->nRecipCount; i++) ok = own_entryid(msg, &msg->lpRecips[i]);
            if (!ok)
            {
                MAPIFreeBuffer(msg);
                *out = NULL;
                ret = MAPI_E_INSUFFICIENT_MEMORY;
            }
        }
        MAPIFreeBuffer(message_w);
        return ret;
    }
    client = get_mail_client();

    if (client->read_mail) return client->read_mail(session, ui_param, message_id, flags, reserved, out);
    WARN("no mail client\n");
    if (out) *out = NULL;
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPIFindNext (MAPI32.214)
 *
 * Names the next message of a kind, oldest first, in a session of ours, or
 * has the default mail client do it.
 *
 * RETURNS
 *  SUCCESS_SUCCESS; MAPI_E_NO_MESSAGES at the end; the Simple MAPI error
 *  code; MAPI_E_NOT_SUPPORTED without a mail client.
 */
ULONG WINAPI MAPIFindNext(LHANDLE session, ULONG_PTR ui_param, LPSTR message_type, LPSTR seed, FLAGS flags,
                          ULONG reserved, LPSTR message_id)
{
    const struct mail_client *client;
    WCHAR *type_w;
    ULONG ret;

    TRACE("(%#Ix,%#Ix,%s,%s,%#lx,%#lx,%p)\n", session, ui_param, debugstr_a(message_type), debugstr_a(seed),
          flags, reserved, message_id);

    if (ours(session))
    {
        type_w = strdupAtoW(message_type);
        if (message_type && !type_w) return MAPI_E_INSUFFICIENT_MEMORY;
        ret = smapi_find_next(session, ui_param, type_w, seed, flags, message_id);
        free(type_w);
        return ret;
    }
    client = get_mail_client();

    if (client->find_next)
        return client->find_next(session, ui_param, message_type, seed, flags, reserved, message_id);
    WARN("no mail client\n");
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPIDeleteMail (MAPI32.215)
 *
 * Deletes a message of a session of ours, or has the default mail client do it.
 *
 * RETURNS
 *  SUCCESS_SUCCESS, or the Simple MAPI error code; MAPI_E_NOT_SUPPORTED
 *  without a mail client.
 */
ULONG WINAPI MAPIDeleteMail(LHANDLE session, ULONG_PTR ui_param, LPSTR message_id, FLAGS flags, ULONG reserved)
{
    const struct mail_client *client;

    TRACE("(%#Ix,%#Ix,%s,%#lx,%#lx)\n", session, ui_param, debugstr_a(message_id), flags, reserved);

    if (ours(session)) return smapi_delete_mail(session, ui_param, message_id, flags);
    client = get_mail_client();

    if (client->delete_mail) return client->delete_mail(session, ui_param, message_id, flags, reserved);
    WARN("no mail client\n");
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPIAddress (MAPI32.217)
 *
 * Has the default mail client show its address book.
 *
 * RETURNS
 *  What the client returns; MAPI_E_NOT_SUPPORTED without a mail client
 *  (no recipients are then returned).
 */
ULONG WINAPI MAPIAddress(LHANDLE session, ULONG_PTR ui_param, LPSTR caption, ULONG edit_fields, LPSTR labels,
                         ULONG recip_count, lpMapiRecipDesc recips, FLAGS flags, ULONG reserved,
                         LPULONG new_count, lpMapiRecipDesc *new_recips)
{
    const struct mail_client *client = get_mail_client();

    TRACE("(%#Ix,%#Ix,%s,%lu,%s,%lu,%p,%#lx,%#lx,%p,%p)\n", session, ui_param, debugstr_a(caption), edit_fields,
          debugstr_a(labels), recip_count, recips, flags, reserved, new_count, new_recips);

    if (smapi_is_session(session))
    {
        FIXME("no address book dialog for a session of ours\n");
        if (new_count) *new_count = 0;
        if (new_recips) *new_recips = NULL;
        return MAPI_E_NOT_SUPPORTED;
    }

    if (client->address)
        return client->address(session, ui_param, caption, edit_fields, labels, recip_count, recips, flags,
                               reserved, new_count, new_recips);
    WARN("no mail client\n");
    if (new_count) *new_count = 0;
    if (new_recips) *new_recips = NULL;
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPIDetails (MAPI32.218)
 *
 * Has the default mail client show the details of a recipient.
 *
 * RETURNS
 *  What the client returns; MAPI_E_NOT_SUPPORTED without a mail client.
 */
ULONG WINAPI MAPIDetails(LHANDLE session, ULONG_PTR ui_param, lpMapiRecipDesc recip, FLAGS flags, ULONG reserved)
{
    const struct mail_client *client = get_mail_client();

    TRACE("(%#Ix,%#Ix,%p,%#lx,%#lx)\n", session, ui_param, recip, flags, reserved);

    if (smapi_is_session(session))
    {
        FIXME("no details dialog for a session of ours\n");
        return MAPI_E_NOT_SUPPORTED;
    }
    if (client->details) return client->details(session, ui_param, recip, flags, reserved);
    WARN("no mail client\n");
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  MAPIResolveName (MAPI32.219)
 *
 * Turns a name into a recipient: with our profile's address book (SMTP
 * addresses become one-off entries), or through the default mail client.
 *
 * RETURNS
 *  SUCCESS_SUCCESS and the recipient, to be freed with MAPIFreeBuffer;
 *  MAPI_E_UNKNOWN_RECIPIENT, MAPI_E_AMBIGUOUS_RECIPIENT or another Simple MAPI
 *  error code (*recip is then NULL); MAPI_E_NOT_SUPPORTED without a mail client.
 */
ULONG WINAPI MAPIResolveName(LHANDLE session, ULONG_PTR ui_param, LPSTR name, FLAGS flags, ULONG reserved,
                             lpMapiRecipDesc *recip)
{
    const struct mail_client *client;
    MapiRecipDescW *recip_w;
    MapiRecipDesc *recip_a;
    WCHAR *name_w;
    ULONG ret;

    TRACE("(%#Ix,%#Ix,%s,%#lx,%#lx,%p)\n", session, ui_param, debugstr_a(name), flags, reserved, recip);

    if (ours(session))
    {
        if (!recip || !name) return MAPI_E_FAILURE;
        *recip = NULL;
        if (!(name_w = strdupAtoW(name))) return MAPI_E_INSUFFICIENT_MEMORY;
        ret = smapi_resolve_name(session, ui_param, name_w, flags, &recip_w);
        free(name_w);
        if (ret) return ret;
        if (MAPIAllocateBuffer(sizeof(*recip_a), (void **)&recip_a)) ret = MAPI_E_INSUFFICIENT_MEMORY;
        else if (!recip_to_ansi(recip_a, recip_w, recip_a) || !own_entryid(recip_a, recip_a))
        {
            MAPIFreeBuffer(recip_a);
            ret = MAPI_E_INSUFFICIENT_MEMORY;
        }
        else *recip = recip_a;
        MAPIFreeBuffer(recip_w);
        return ret;
    }
    client = get_mail_client();

    if (client->resolve_name) return client->resolve_name(session, ui_param, name, flags, reserved, recip);
    WARN("no mail client\n");
    if (recip) *recip = NULL;
    return MAPI_E_NOT_SUPPORTED;
}

/* The BMAPI functions are Simple MAPI for Visual Basic: strings are BSTRs and
 * messages VB structures. Mail clients do not export them, so there is
 * nothing to hand them to. */

/**************************************************************************
 *  BMAPISendMail (MAPI32.220)
 */
ULONG WINAPI BMAPISendMail(LHANDLE session, ULONG_PTR ui_param, LPVOID message, LPVOID recips, LPVOID files,
                           ULONG flags)
{
    FIXME("(%#Ix,%#Ix,%p,%p,%p,%#lx): Visual Basic Simple MAPI is not supported\n", session, ui_param,
          message, recips, files, flags);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPISaveMail (MAPI32.221)
 */
ULONG WINAPI BMAPISaveMail(LHANDLE session, ULONG_PTR ui_param, LPVOID message, LPVOID recips, LPVOID files,
                           ULONG flags, LPVOID message_id)
{
    FIXME("(%#Ix,%#Ix,%p,%p,%p,%#lx,%p): Visual Basic Simple MAPI is not supported\n", session, ui_param,
          message, recips, files, flags, message_id);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPIReadMail (MAPI32.222)
 */
ULONG WINAPI BMAPIReadMail(LPVOID message, LPVOID recip_count, LPVOID file_count, LHANDLE session,
                           ULONG_PTR ui_param, LPVOID message_id, ULONG flags, ULONG reserved)
{
    FIXME("(%p,%p,%p,%#Ix,%#Ix,%p,%#lx,%#lx): Visual Basic Simple MAPI is not supported\n", message,
          recip_count, file_count, session, ui_param, message_id, flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPIGetReadMail (MAPI32.223)
 */
ULONG WINAPI BMAPIGetReadMail(ULONG message, LPVOID out, LPVOID recips, LPVOID files, LPVOID originator)
{
    FIXME("(%#lx,%p,%p,%p,%p): Visual Basic Simple MAPI is not supported\n", message, out, recips, files,
          originator);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPIFindNext (MAPI32.224)
 */
ULONG WINAPI BMAPIFindNext(LHANDLE session, ULONG_PTR ui_param, LPVOID message_type, LPVOID seed, ULONG flags,
                           ULONG reserved, LPVOID message_id)
{
    FIXME("(%#Ix,%#Ix,%p,%p,%#lx,%#lx,%p): Visual Basic Simple MAPI is not supported\n", session, ui_param,
          message_type, seed, flags, reserved, message_id);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPIAddress (MAPI32.225)
 */
ULONG WINAPI BMAPIAddress(LPVOID info, LHANDLE session, ULONG_PTR ui_param, LPVOID caption, ULONG edit_fields,
                          LPVOID labels, LPVOID recip_count, LPVOID recips, ULONG flags)
{
    FIXME("(%p,%#Ix,%#Ix,%p,%lu,%p,%p,%p,%#lx): Visual Basic Simple MAPI is not supported\n", info, session,
          ui_param, caption, edit_fields, labels, recip_count, recips, flags);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPIGetAddress (MAPI32.226)
 */
ULONG WINAPI BMAPIGetAddress(ULONG info, ULONG count, LPVOID recips, LPVOID out)
{
    FIXME("(%#lx,%lu,%p,%p): Visual Basic Simple MAPI is not supported\n", info, count, recips, out);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPIDetails (MAPI32.227)
 */
ULONG WINAPI BMAPIDetails(LHANDLE session, ULONG_PTR ui_param, LPVOID recip, ULONG flags, ULONG reserved)
{
    FIXME("(%#Ix,%#Ix,%p,%#lx,%#lx): Visual Basic Simple MAPI is not supported\n", session, ui_param, recip,
          flags, reserved);
    return MAPI_E_NOT_SUPPORTED;
}

/**************************************************************************
 *  BMAPIResolveName (MAPI32.228)
 */
ULONG WINAPI BMAPIResolveName(LHANDLE session, ULONG_PTR ui_param, LPVOID name, ULONG flags, ULONG reserved,
                              LPVOID recip)
{
    FIXME("(%#Ix,%#Ix,%p,%#lx,%#lx,%p): Visual Basic Simple MAPI is not supported\n", session, ui_param, name,
          flags, reserved, recip);
    return MAPI_E_NOT_SUPPORTED;
}
