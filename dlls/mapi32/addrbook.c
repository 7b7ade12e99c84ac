/*
 * IAddrBook: the session's integrated address book. One-off entry IDs
 * (CreateOneOff, and OpenEntry of them as an IMailUser), which ResolveName
 * makes of SMTP addresses ("Name <a@b>", "a@b") and of MAPI's custom
 * recipients ("Name[TYPE:address]"), and PrepareRecips.
 * Entry IDs of address book providers go to the provider that registered
 * their UID; a NULL entry ID opens the root container, whose hierarchy
 * merges the providers' containers (abroot.c). The search path, default
 * directory and PAB are kept in the profile, and ResolveName looks for the
 * names that are no SMTP address in the containers of the search path
 * (absearch.c).
 *
 * FIXME: everything that needs UI (NewEntry, Address, Details, RecipOptions,
 * ResolveName's MAPI_DIALOG) is not supported.
 */

#include "addrbook.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct addrbook
{
    IAddrBook IAddrBook_iface;
    LONG ref;
    struct session *session;    /* internal reference */
    struct mapi_error_info error;
};

/* A recipient named by a one-off entry ID */
struct one_off
{
    IMailUser IMailUser_iface;
    LONG ref;
    struct session *session;    /* internal reference */
    IPropData *props;           /* read-only */
};

static inline struct addrbook *impl_from_IAddrBook(IAddrBook *iface)
{
    return CONTAINING_RECORD(iface, struct addrbook, IAddrBook_iface);
}

static inline struct one_off *impl_from_IMailUser(IMailUser *iface)
{
    return CONTAINING_RECORD(iface, struct one_off, IMailUser_iface);
}

/* Objects of a session that logged off answer nothing but AddRef and Release. */
#define CHECK_SESSION(session) do { if ((session)->logged_off) return MAPI_E_INVALID_OBJECT; } while (0)

/* IMailUser of a one-off recipient: its IPropData does the work. */

static HRESULT WINAPI one_off_QueryInterface(IMailUser *iface, REFIID iid, void **obj)
{
    struct one_off *user = impl_from_IMailUser(iface);

    TRACE("(%p,%s,%p)\n", user, debugstr_guid(iid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMailUser))
    {
        *obj = iface;
        IMailUser_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI one_off_AddRef(IMailUser *iface)
{
    struct one_off *user = impl_from_IMailUser(iface);
    return InterlockedIncrement(&user->ref);
}

static ULONG WINAPI one_off_Release(IMailUser *iface)
{
    struct one_off *user = impl_from_IMailUser(iface);
    ULONG ref = InterlockedDecrement(&user->ref);

    if (!ref)
    {
        IPropData_Release(user->props);
        session_release_internal(user->session);
        free(user);
    }
    return ref;
}

static HRESULT WINAPI one_off_GetLastError(IMailUser *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_GetLastError(user->props, hr, flags, error);
}

static HRESULT WINAPI one_off_SaveChanges(IMailUser *iface, ULONG flags)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI one_off_GetProps(IMailUser *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,
                                       LPSPropValue *props)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_GetProps(user->props, tags, flags, count, props);
}

static HRESULT WINAPI one_off_GetPropList(IMailUser *iface, ULONG flags, LPSPropTagArray *tags)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_GetPropList(user->props, flags, tags);
}

static HRESULT WINAPI one_off_OpenProperty(IMailUser *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                           LPUNKNOWN *unk)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_OpenProperty(user->props, tag, iid, options, flags, unk);
}

static HRESULT WINAPI one_off_SetProps(IMailUser *iface, ULONG count, LPSPropValue props,
                                       LPSPropProblemArray *problems)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_SetProps(user->props, count, props, problems);
}

static HRESULT WINAPI one_off_DeleteProps(IMailUser *iface, LPSPropTagArray tags, LPSPropProblemArray *problems)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_DeleteProps(user->props, tags, problems);
}

static HRESULT WINAPI one_off_CopyTo(IMailUser *iface, ULONG exclude_count, LPCIID exclude, LPSPropTagArray tags,
                                     ULONG_PTR ui_param, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst,
                                     ULONG flags, LPSPropProblemArray *problems)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return user->props->lpVtbl->CopyTo(user->props, exclude_count, exclude, tags, ui_param, progress, iid, dst,
                                       flags, problems);
}

static HRESULT WINAPI one_off_CopyProps(IMailUser *iface, LPSPropTagArray tags, ULONG_PTR ui_param,
                                        LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                        LPSPropProblemArray *problems)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return user->props->lpVtbl->CopyProps(user->props, tags, ui_param, progress, iid, dst, flags, problems);
}

static HRESULT WINAPI one_off_GetNamesFromIDs(IMailUser *iface, LPSPropTagArray *tags, LPGUID guid, ULONG flags,
                                              ULONG *count, LPMAPINAMEID **names)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_GetNamesFromIDs(user->props, tags, guid, flags, count, names);
}

static HRESULT WINAPI one_off_GetIDsFromNames(IMailUser *iface, ULONG count, LPMAPINAMEID *names, ULONG flags,
                                              LPSPropTagArray *tags)
{
    struct one_off *user = impl_from_IMailUser(iface);
    CHECK_SESSION(user->session);
    return IPropData_GetIDsFromNames(user->props, count, names, flags, tags);
}

static const IMailUserVtbl one_off_vtbl =
{
    one_off_QueryInterface,
    one_off_AddRef,
    one_off_Release,
    one_off_GetLastError,
    one_off_SaveChanges,
    one_off_GetProps,
    one_off_GetPropList,
    one_off_OpenProperty,
    one_off_SetProps,
    one_off_DeleteProps,
    one_off_CopyTo,
    one_off_CopyProps,
    one_off_GetNamesFromIDs,
    one_off_GetIDsFromNames,
};

/* PR_SEARCH_KEY of a recipient: "TYPE:ADDRESS" in upper case, ANSI, with its NUL. */
static HRESULT make_search_key(const WCHAR *type, const WCHAR *address, void *parent, SBinary *bin)
{
    WCHAR *key;
    HRESULT hr;
    int len;

    if (!(key = malloc((wcslen(type) + wcslen(address) + 2) * sizeof(WCHAR)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    wcscpy(key, type);
    wcscat(key, L":");
    wcscat(key, address);
    _wcsupr(key);
    len = WideCharToMultiByte(CP_ACP, 0, key, -1, NULL, 0, NULL, NULL);
    if (SUCCEEDED(hr = MAPIAllocateMore(len, parent, (void **)&bin->lpb)))
    {
        WideCharToMultiByte(CP_ACP, 0, key, -1, (char *)bin->lpb, len, NULL, NULL);
        bin->cb = len;
    }
    free(key);
    return hr;
}

HRESULT addrbook_open_one_off(struct session *session, ULONG size, ENTRYID *entryid, const IID *iid, ULONG flags,
                              ULONG *type, IUnknown **object)
{
    WCHAR *name, *address_type, *address;
    struct one_off *user;
    SPropValue props[9];
    ULONG one_off_flags;
    void *block;
    HRESULT hr;

    if (iid && !IsEqualIID(iid, &IID_IMailUser) && !IsEqualIID(iid, &IID_IMAPIProp) && !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (FAILED(hr = entryid_parse_one_off(size, entryid, &name, &address_type, &address, &one_off_flags))) return hr;
    if (!(user = calloc(1, sizeof(*user))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                &user->props)))
    {
        free(user);
        goto done;
    }
    if (FAILED(hr = MAPIAllocateBuffer(1, &block)))
    {
        IPropData_Release(user->props);
        free(user);
        goto done;
    }
    props[0].ulPropTag = PR_DISPLAY_NAME_W; props[0].Value.lpszW = name[0] ? name : address;
    props[1].ulPropTag = PR_ADDRTYPE_W; props[1].Value.lpszW = address_type;
    props[2].ulPropTag = PR_EMAIL_ADDRESS_W; props[2].Value.lpszW = address;
    props[3].ulPropTag = PR_ENTRYID; props[3].Value.bin.cb = size; props[3].Value.bin.lpb = (BYTE *)entryid;
    props[4].ulPropTag = PR_OBJECT_TYPE; props[4].Value.l = MAPI_MAILUSER;
    props[5].ulPropTag = PR_DISPLAY_TYPE; props[5].Value.l = DT_MAILUSER;
    props[6].ulPropTag = PR_SEND_RICH_INFO; props[6].Value.b = !(one_off_flags & MAPI_ONE_OFF_NO_RICH_INFO);
    props[7].ulPropTag = PR_RECORD_KEY; props[7].Value.bin = props[3].Value.bin;
    props[8].ulPropTag = PR_SEARCH_KEY;
    if (FAILED(hr = make_search_key(address_type, address, block, &props[8].Value.bin)) ||
        FAILED(hr = IPropData_SetProps(user->props, ARRAY_SIZE(props), props, NULL)))
    {
        MAPIFreeBuffer(block);
        IPropData_Release(user->props);
        free(user);
        goto done;
    }
    MAPIFreeBuffer(block);
    IPropData_HrSetObjAccess(user->props, IPROP_READONLY);

    user->IMailUser_iface.lpVtbl = &one_off_vtbl;
    user->ref = 1;
    user->session = session;
    session_addref_internal(session);
    *type = MAPI_MAILUSER;
    *object = (IUnknown *)&user->IMailUser_iface;
done:
    free(name);
    free(address_type);
    free(address);
    return hr;
}

/* IAddrBook */

static HRESULT WINAPI addrbook_QueryInterface(IAddrBook *iface, REFIID iid, void **obj)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%s,%p)\n", book, debugstr_guid(iid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IAddrBook))
    {
        *obj = iface;
        IAddrBook_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI addrbook_AddRef(IAddrBook *iface)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    return InterlockedIncrement(&book->ref);
}

static ULONG WINAPI addrbook_Release(IAddrBook *iface)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    ULONG ref = InterlockedDecrement(&book->ref);

    if (!ref)
    {
        mapi_error_clear(&book->error);
        session_release_internal(book->session);
        free(book);
    }
    return ref;
}

static HRESULT WINAPI addrbook_GetLastError(IAddrBook *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", book, hr, flags, error);
    CHECK_SESSION(book->session);
    return mapi_error_get(&book->error, L"MAPI address book", hr, flags, error);
}

/* The integrated address book has no properties of its own. */
static HRESULT WINAPI addrbook_SaveChanges(IAddrBook *iface, ULONG flags)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_GetProps(IAddrBook *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,
                                        LPSPropValue *props)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_GetPropList(IAddrBook *iface, ULONG flags, LPSPropTagArray *tags)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_OpenProperty(IAddrBook *iface, ULONG tag, LPCIID iid, ULONG options, ULONG flags,
                                            LPUNKNOWN *unk)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_SetProps(IAddrBook *iface, ULONG count, LPSPropValue props,
                                        LPSPropProblemArray *problems)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_DeleteProps(IAddrBook *iface, LPSPropTagArray tags, LPSPropProblemArray *problems)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_CopyTo(IAddrBook *iface, ULONG exclude_count, LPCIID exclude, LPSPropTagArray tags,
                                      ULONG_PTR ui_param, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst,
                                      ULONG flags, LPSPropProblemArray *problems)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_CopyProps(IAddrBook *iface, LPSPropTagArray tags, ULONG_PTR ui_param,
                                         LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                         LPSPropProblemArray *problems)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_GetNamesFromIDs(IAddrBook *iface, LPSPropTagArray *tags, LPGUID guid, ULONG flags,
                                               ULONG *count, LPMAPINAMEID **names)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_GetIDsFromNames(IAddrBook *iface, ULONG count, LPMAPINAMEID *names, ULONG flags,
                                               LPSPropTagArray *tags)
{
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_OpenEntry(IAddrBook *iface, ULONG size, LPENTRYID entryid, LPCIID iid, ULONG flags,
                                         ULONG *type, LPUNKNOWN *object)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    struct provider_logon *logon;

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", book, size, entryid, debugstr_guid(iid), flags, type, object);

    if (!type || !object) return MAPI_E_INVALID_PARAMETER;
    *object = NULL;
    CHECK_SESSION(book->session);
    if (flags & ~(MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (abroot_is_entryid(size, entryid)) return abroot_open(book->session, iid, flags, type, object);
    if (entryid_is_one_off(size, entryid))
        return addrbook_open_one_off(book->session, size, entryid, iid, flags, type, object);
    if ((logon = session_find_logon_for_entryid(book->session, size, entryid)) &&
        logon->info.resource_type == MAPI_AB_PROVIDER)
        return IABLogon_OpenEntry((IABLogon *)logon->logon, size, entryid, iid, flags, type, object);
    return mapi_error_set(&book->error, MAPI_E_UNKNOWN_ENTRYID, L"No address book provider knows this entry ID.");
}

static HRESULT WINAPI addrbook_CompareEntryIDs(IAddrBook *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                               LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%lu,%p,%lu,%p,%#lx,%p)\n", book, size1, entryid1, size2, entryid2, flags, result);
    CHECK_SESSION(book->session);
    return session_compare_entryids(book->session, size1, entryid1, size2, entryid2, flags, result);
}

static HRESULT WINAPI addrbook_Advise(IAddrBook *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                      LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%lu,%p,%#lx,%p,%p)\n", book, size, entryid, mask, sink, connection);

    CHECK_SESSION(book->session);
    if (!size || !entryid || !sink || !connection) return MAPI_E_INVALID_PARAMETER;
    /* The session keeps the connection and where it leads. */
    return IMAPISession_Advise(&book->session->IMAPISession_iface, size, entryid, mask, sink,
                               (ULONG *)connection);
}

static HRESULT WINAPI addrbook_Unadvise(IAddrBook *iface, ULONG_PTR connection)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%Iu)\n", book, connection);
    CHECK_SESSION(book->session);
    return book->session->IMAPISession_iface.lpVtbl->Unadvise(&book->session->IMAPISession_iface, connection);
}

static HRESULT WINAPI addrbook_CreateOneOff(IAddrBook *iface, WINE_LPTSTR name, WINE_LPTSTR address_type,
                                            WINE_LPTSTR address, ULONG flags, ULONG *size, LPENTRYID *entryid)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%p,%p,%p,%#lx,%p,%p)\n", book, name, address_type, address, flags, size, entryid);

    CHECK_SESSION(book->session);
    if (!address_type || !address || !size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO)) return MAPI_E_UNKNOWN_FLAGS;
    return entryid_create_one_off(name, address_type, address, flags, size, entryid);
}

static HRESULT WINAPI addrbook_NewEntry(IAddrBook *iface, ULONG_PTR ui_param, ULONG flags, ULONG container_size,
                                        LPENTRYID container, ULONG template_size, LPENTRYID template_id,
                                        ULONG *new_size, LPENTRYID *new_entry)
{
    FIXME("(%p,%#Ix,%#lx,%lu,%p,%lu,%p,%p,%p): the new entry dialog is UI, not supported\n", iface, ui_param,
          flags, container_size, container, template_size, template_id, new_size, new_entry);
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static BOOL has_char(const WCHAR *start, const WCHAR *end, WCHAR c)
{
    for (; start < end; start++) if (*start == c) return TRUE;
    return FALSE;
}

static BOOL has_bad_char(const WCHAR *start, const WCHAR *end)
{
    for (; start < end; start++) if (wcschr(L" <>,;\"", *start)) return TRUE;
    return FALSE;
}

/* Splits "Name <address>" or a bare "address" with an '@'; FALSE for anything else. */
static BOOL parse_smtp(const WCHAR *text, WCHAR **name, WCHAR **address)
{
    const WCHAR *open, *close, *start, *end;
    int len;

    *name = *address = NULL;
    while (*text == ' ') text++;
    if ((open = wcschr(text, '<')) && (close = wcschr(open, '>')) && !close[1])
    {
        start = open + 1;
        end = close;
        for (len = open - text; len > 0 && (text[len - 1] == ' ' || text[len - 1] == '"'); len--);
        if (*text == '"') { text++; len--; }
        if (len < 0) len = 0;
        if (!(*name = malloc((len + 1) * sizeof(WCHAR)))) return FALSE;
        memcpy(*name, text, len * sizeof(WCHAR));
        (*name)[len] = 0;
    }
    else
    {
        start = text;
        for (end = text + wcslen(text); end > text && end[-1] == ' '; end--);
    }
    len = end - start;
    if (len < 3 || !has_char(start, end, '@') || start[0] == '@' || end[-1] == '@' || has_bad_char(start, end))
    {
        free(*name);
        *name = NULL;
        return FALSE;
    }
    if (!(*address = malloc((len + 1) * sizeof(WCHAR))))
    {
        free(*name);
        *name = NULL;
        return FALSE;
    }
    memcpy(*address, start, len * sizeof(WCHAR));
    (*address)[len] = 0;
    if (!*name || !**name)
    {
        free(*name);
        *name = mapi_strdupW_from(*address, TRUE);
    }
    return *name != NULL;
}

/* Copies [start, end) without the backslashes that quote the character after them. */
static WCHAR *unquote(const WCHAR *start, const WCHAR *end)
{
    WCHAR *copy, *out;

    if (!(copy = out = malloc((end - start + 1) * sizeof(WCHAR)))) return NULL;
    for (; start < end; start++)
    {
        if (*start == '\\' && start + 1 < end) start++;
        *out++ = *start;
    }
    *out = 0;
    return copy;
}

/* The next c of text that no backslash quotes, or NULL. */
static const WCHAR *find_unquoted(const WCHAR *text, WCHAR c)
{
    for (; *text; text++)
    {
        if (*text == '\\' && text[1]) text++;
        else if (*text == c) return text;
    }
    return NULL;
}

/* MAPI's custom recipient form "Display name[Address type:E-mail address]", the name optional,
 * nothing but blanks after the ']'; a backslash quotes the character after it. FALSE for anything
 * else. Without a name, the address is shown. */
static BOOL parse_custom_one_off(const WCHAR *text, WCHAR **name, WCHAR **type, WCHAR **address)
{
    const WCHAR *open, *colon, *close, *end;

    *name = *type = *address = NULL;
    while (*text == ' ') text++;
    if (!(open = find_unquoted(text, '[')) || !(colon = find_unquoted(open + 1, ':')) ||
        !(close = find_unquoted(colon + 1, ']')))
        return FALSE;
    if (colon == open + 1 || close == colon + 1) return FALSE;
    for (end = close + 1; *end == ' ' || *end == '\t'; end++);
    if (*end) return FALSE;
    for (end = open; end > text && end[-1] == ' '; end--);

    if (!(*type = unquote(open + 1, colon)) || !(*address = unquote(colon + 1, close)) ||
        !(*name = end > text ? unquote(text, end) : unquote(colon + 1, close)))
    {
        free(*name);
        free(*type);
        free(*address);
        *name = *type = *address = NULL;
        return FALSE;
    }
    return TRUE;
}

static void set_entry_string(SPropValue *prop, ULONG id, const WCHAR *str, BOOL unicode, void *parent)
{
    int len;

    if (unicode)
    {
        prop->ulPropTag = PROP_TAG(PT_UNICODE, id);
        len = (wcslen(str) + 1) * sizeof(WCHAR);
        if (!MAPIAllocateMore(len, parent, (void **)&prop->Value.lpszW)) memcpy(prop->Value.lpszW, str, len);
        else prop->ulPropTag = PROP_TAG(PT_ERROR, id);
        return;
    }
    prop->ulPropTag = PROP_TAG(PT_STRING8, id);
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if (!MAPIAllocateMore(len, parent, (void **)&prop->Value.lpszA))
        WideCharToMultiByte(CP_ACP, 0, str, -1, prop->Value.lpszA, len, NULL, NULL);
    else prop->ulPropTag = PROP_TAG(PT_ERROR, id);
}

/* The entry's values resolved to a one-off, with what else it had (recipient type...) kept. */
static HRESULT resolve_one_off(ADRENTRY *entry, const WCHAR *name, const WCHAR *type, const WCHAR *address,
                               BOOL unicode)
{
    static const ULONG replaced[] = { PROP_ID(PR_DISPLAY_NAME_W), PROP_ID(PR_ADDRTYPE_W), PROP_ID(PR_EMAIL_ADDRESS_W),
                                      PROP_ID(PR_ENTRYID), PROP_ID(PR_SEARCH_KEY), PROP_ID(PR_OBJECT_TYPE),
                                      PROP_ID(PR_DISPLAY_TYPE) };
    SPropValue *props;
    ENTRYID *entryid;
    ULONG entryid_size, n = 0, i, j;
    HRESULT hr;

    if (FAILED(hr = entryid_create_one_off(name, type, address, MAPI_UNICODE, &entryid_size, &entryid)))
        return hr;
    if (FAILED(hr = MAPIAllocateBuffer((entry->cValues + ARRAY_SIZE(replaced)) * sizeof(SPropValue),
                                       (void **)&props)))
    {
        MAPIFreeBuffer(entryid);
        return hr;
    }
    set_entry_string(&props[n++], PROP_ID(PR_DISPLAY_NAME_W), name, unicode, props);
    set_entry_string(&props[n++], PROP_ID(PR_ADDRTYPE_W), type, unicode, props);
    set_entry_string(&props[n++], PROP_ID(PR_EMAIL_ADDRESS_W), address, unicode, props);
    props[n].ulPropTag = PR_ENTRYID;
    props[n].Value.bin.cb = entryid_size;
    if (!MAPIAllocateMore(entryid_size, props, (void **)&props[n].Value.bin.lpb))
        memcpy(props[n].Value.bin.lpb, entryid, entryid_size);
    n++;
    props[n].ulPropTag = PR_SEARCH_KEY;
    make_search_key(type, address, props, &props[n++].Value.bin);
    props[n].ulPropTag = PR_OBJECT_TYPE;
    props[n++].Value.l = MAPI_MAILUSER;
    props[n].ulPropTag = PR_DISPLAY_TYPE;
    props[n++].Value.l = DT_MAILUSER;
    MAPIFreeBuffer(entryid);

    /* The rest of the entry: copied into the new block. */
    for (i = 0; i < entry->cValues; i++)
    {
        for (j = 0; j < ARRAY_SIZE(replaced); j++)
            if (PROP_ID(entry->rgPropVals[i].ulPropTag) == replaced[j]) break;
        if (j < ARRAY_SIZE(replaced) || PROP_TYPE(entry->rgPropVals[i].ulPropTag) == PT_ERROR) continue;
        if (FAILED(PropCopyMore(&props[n], &entry->rgPropVals[i], MAPIAllocateMore, props))) continue;
        n++;
    }
    MAPIFreeBuffer(entry->rgPropVals);
    entry->rgPropVals = props;
    entry->cValues = n;
    return S_OK;
}

static HRESULT WINAPI addrbook_ResolveName(IAddrBook *iface, ULONG_PTR ui_param, ULONG flags, WINE_LPTSTR title,
                                           LPADRLIST list)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    BOOL unicode = !!(flags & MAPI_UNICODE), ambiguous = FALSE, unresolved = FALSE;
    WCHAR *text, *name, *type, *address;
    const SPropValue *display;
    FlagList *flag_list;
    HRESULT hr = S_OK;
    ULONG i;

    TRACE("(%p,%#Ix,%#lx,%p,%p)\n", book, ui_param, flags, title, list);

    CHECK_SESSION(book->session);
    if (!list) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_DIALOG | 0x00000010 /* AB_UNICODEUI */ | 0x00000004 /* MAPI_CACHE_ONLY */))
        return MAPI_E_UNKNOWN_FLAGS;
    if (flags & MAPI_DIALOG) FIXME("no dialog to resolve names with\n");

    /* What the containers are to look for: MAPI_UNRESOLVED. */
    if (FAILED(hr = MAPIAllocateBuffer(CbNewFlagList(list->cEntries), (void **)&flag_list))) return hr;
    flag_list->cFlags = list->cEntries;
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
    {
        ADRENTRY *entry = &list->aEntries[i];

        flag_list->ulFlag[i] = MAPI_RESOLVED;
        if (!entry->rgPropVals || PpropFindProp(entry->rgPropVals, entry->cValues, PR_ENTRYID)) continue;
        if ((display = PpropFindProp(entry->rgPropVals, entry->cValues, PR_DISPLAY_NAME_W)))
            text = mapi_strdupW_from(display->Value.lpszW, TRUE);
        else if ((display = PpropFindProp(entry->rgPropVals, entry->cValues, PR_DISPLAY_NAME_A)))
            text = mapi_strdupW_from(display->Value.lpszA, FALSE);
        else
        {
            unresolved = TRUE;
            continue;
        }
        if (!text)
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        if (parse_custom_one_off(text, &name, &type, &address))
        {
            hr = resolve_one_off(entry, name, type, address, unicode);
            free(name);
            free(type);
            free(address);
        }
        else if (parse_smtp(text, &name, &address))
        {
            hr = resolve_one_off(entry, name, L"SMTP", address, unicode);
            free(name);
            free(address);
        }
        else flag_list->ulFlag[i] = MAPI_UNRESOLVED;
        free(text);
    }
    if (SUCCEEDED(hr)) hr = absearch_resolve(book->session, NULL, flags & MAPI_UNICODE, list, flag_list);
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
    {
        if (flag_list->ulFlag[i] == MAPI_AMBIGUOUS) ambiguous = TRUE;
        if (flag_list->ulFlag[i] == MAPI_UNRESOLVED) unresolved = TRUE;
    }
    MAPIFreeBuffer(flag_list);
    if (FAILED(hr)) return hr;
    /* Without a dialog to choose with, an ambiguous name is the caller's to settle first. */
    if (ambiguous)
        return mapi_error_set(&book->error, MAPI_E_AMBIGUOUS_RECIP, L"Some names match more than one entry.");
    return unresolved ? mapi_error_set(&book->error, MAPI_E_NOT_FOUND, L"Some names could not be resolved.") : S_OK;
}

static HRESULT WINAPI addrbook_Address(IAddrBook *iface, ULONG_PTR *ui_param, LPADRPARM params, LPADRLIST *list)
{
    FIXME("(%p,%p,%p,%p): the address dialog is UI, not supported\n", iface, ui_param, params, list);
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_Details(IAddrBook *iface, ULONG_PTR *ui_param, LPFNDISMISS dismiss,
                                       LPVOID dismiss_context, ULONG size, LPENTRYID entryid,
                                       LPFNBUTTON button_callback, LPVOID button_context, WINE_LPTSTR button_text,
                                       ULONG flags)
{
    FIXME("(%p,%p,%p,%p,%lu,%p,%p,%p,%p,%#lx): the details dialog is UI, not supported\n", iface, ui_param,
          dismiss, dismiss_context, size, entryid, button_callback, button_context, button_text, flags);
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_RecipOptions(IAddrBook *iface, ULONG_PTR ui_param, ULONG flags, LPADRENTRY recipient)
{
    FIXME("(%p,%#Ix,%#lx,%p): the recipient options dialog is UI, not supported\n", iface, ui_param, flags,
          recipient);
    CHECK_SESSION(impl_from_IAddrBook(iface)->session);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI addrbook_QueryDefaultRecipOpt(IAddrBook *iface, WINE_LPTSTR address_type, ULONG flags,
                                                    ULONG *count, LPSPropValue *options)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%s,%#lx,%p,%p)\n", book, debugstr_a((const char *)address_type), flags, count, options);

    CHECK_SESSION(book->session);
    if (!address_type || !count || !options) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *options = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    /* The address type is ANSI, as the reference page says; MAPI_UNICODE is for the string values. */
    return xpoptions_query(book->session->profile, OPTION_TYPE_RECIPIENT, (const char *)address_type, flags,
                           count, options);
}

static HRESULT WINAPI addrbook_GetPAB(IAddrBook *iface, ULONG *size, LPENTRYID *entryid)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%p,%p)\n", book, size, entryid);
    CHECK_SESSION(book->session);
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    return absearch_get_default(book->session, PR_AB_DEFAULT_PAB, size, entryid);
}

static HRESULT WINAPI addrbook_SetPAB(IAddrBook *iface, ULONG size, LPENTRYID entryid)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%lu,%p)\n", book, size, entryid);
    CHECK_SESSION(book->session);
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    return absearch_set_default(book->session, PR_AB_DEFAULT_PAB, size, entryid);
}

static HRESULT WINAPI addrbook_GetDefaultDir(IAddrBook *iface, ULONG *size, LPENTRYID *entryid)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%p,%p)\n", book, size, entryid);
    CHECK_SESSION(book->session);
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    return absearch_get_default(book->session, PR_AB_DEFAULT_DIR, size, entryid);
}

static HRESULT WINAPI addrbook_SetDefaultDir(IAddrBook *iface, ULONG size, LPENTRYID entryid)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%lu,%p)\n", book, size, entryid);
    CHECK_SESSION(book->session);
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    return absearch_set_default(book->session, PR_AB_DEFAULT_DIR, size, entryid);
}

static HRESULT WINAPI addrbook_GetSearchPath(IAddrBook *iface, ULONG flags, LPSRowSet *path)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%#lx,%p)\n", book, flags, path);
    CHECK_SESSION(book->session);
    if (!path) return MAPI_E_INVALID_PARAMETER;
    *path = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    return absearch_get_path(book->session, flags, path);
}

static HRESULT WINAPI addrbook_SetSearchPath(IAddrBook *iface, ULONG flags, LPSRowSet path)
{
    struct addrbook *book = impl_from_IAddrBook(iface);

    TRACE("(%p,%#lx,%p)\n", book, flags, path);
    CHECK_SESSION(book->session);
    if (!path) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return absearch_set_path(book->session, path);
}

/* Puts the asked properties first in an entry, fetched from its mail user. */
static HRESULT prepare_one(struct addrbook *book, ADRENTRY *entry, const SPropTagArray *tags)
{
    const SPropValue *entryid = PpropFindProp(entry->rgPropVals, entry->cValues, PR_ENTRYID);
    struct provider_logon *logon;
    SPropValue *fetched = NULL, *props;
    IMAPIProp *object;
    ULONG type, count, n, i, j;
    HRESULT hr;

    if (!entryid) return S_OK;
    if ((logon = session_find_logon_for_entryid(book->session, entryid->Value.bin.cb,
                                                (ENTRYID *)entryid->Value.bin.lpb)) &&
        logon->info.resource_type == MAPI_AB_PROVIDER)
    {
        ADRLIST one = { 1, { *entry } };
        if (FAILED(hr = mapi_prepare_recips_w((IABLogon *)logon->logon, 0, tags, &one)))
            return hr;
        *entry = one.aEntries[0];
        return S_OK;
    }
    if (FAILED(hr = IAddrBook_OpenEntry(&book->IAddrBook_iface, entryid->Value.bin.cb,
                                        (ENTRYID *)entryid->Value.bin.lpb, NULL, 0, &type, (IUnknown **)&object)))
        return hr;
    hr = IMAPIProp_GetProps(object, (SPropTagArray *)tags, 0, &count, &fetched);
    IMAPIProp_Release(object);
    if (FAILED(hr)) return hr;

    if (FAILED(hr = MAPIAllocateBuffer((count + entry->cValues) * sizeof(SPropValue), (void **)&props)))
    {
        MAPIFreeBuffer(fetched);
        return hr;
    }
    for (n = 0; n < count; n++)
    {
        /* What the recipient already has wins over what the address book could not give. */
        const SPropValue *own = PROP_TYPE(fetched[n].ulPropTag) == PT_ERROR ?
            PpropFindProp(entry->rgPropVals, entry->cValues, tags->aulPropTag[n]) : NULL;
        PropCopyMore(&props[n], (SPropValue *)(own ? own : &fetched[n]), MAPIAllocateMore, props);
    }
    for (i = 0; i < entry->cValues; i++)
    {
        for (j = 0; j < tags->cValues; j++)
            if (PROP_ID(tags->aulPropTag[j]) == PROP_ID(entry->rgPropVals[i].ulPropTag)) break;
        if (j < tags->cValues) continue;
        if (SUCCEEDED(PropCopyMore(&props[n], &entry->rgPropVals[i], MAPIAllocateMore, props))) n++;
    }
    MAPIFreeBuffer(fetched);
    MAPIFreeBuffer(entry->rgPropVals);
    entry->rgPropVals = props;
    entry->cValues = n;
    return S_OK;
}

static HRESULT WINAPI addrbook_PrepareRecips(IAddrBook *iface, ULONG flags, LPSPropTagArray tags, LPADRLIST list)
{
    struct addrbook *book = impl_from_IAddrBook(iface);
    HRESULT hr = S_OK;
    ULONG i;

    TRACE("(%p,%#lx,%p,%p)\n", book, flags, tags, list);

    CHECK_SESSION(book->session);
    if (!list) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_CACHE_ONLY)) return MAPI_E_UNKNOWN_FLAGS;
    if (!tags || !tags->cValues) return S_OK;
    for (i = 0; i < list->cEntries && SUCCEEDED(hr); i++)
        if (list->aEntries[i].rgPropVals) hr = prepare_one(book, &list->aEntries[i], tags);
    return hr;
}

static const IAddrBookVtbl addrbook_vtbl =
{
    addrbook_QueryInterface,
    addrbook_AddRef,
    addrbook_Release,
    addrbook_GetLastError,
    addrbook_SaveChanges,
    addrbook_GetProps,
    addrbook_GetPropList,
    addrbook_OpenProperty,
    addrbook_SetProps,
    addrbook_DeleteProps,
    addrbook_CopyTo,
    addrbook_CopyProps,
    addrbook_GetNamesFromIDs,
    addrbook_GetIDsFromNames,
    addrbook_OpenEntry,
    addrbook_CompareEntryIDs,
    addrbook_Advise,
    addrbook_Unadvise,
    addrbook_CreateOneOff,
    addrbook_NewEntry,
    addrbook_ResolveName,
    addrbook_Address,
    addrbook_Details,
    addrbook_RecipOptions,
    addrbook_QueryDefaultRecipOpt,
    addrbook_GetPAB,
    addrbook_SetPAB,
    addrbook_GetDefaultDir,
    addrbook_SetDefaultDir,
    addrbook_GetSearchPath,
    addrbook_SetSearchPath,
    addrbook_PrepareRecips,
};

HRESULT addrbook_create(struct session *session, IAddrBook **ret)
{
    struct addrbook *book;

    if (!(book = calloc(1, sizeof(*book)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    book->IAddrBook_iface.lpVtbl = &addrbook_vtbl;
    book->ref = 1;
    book->session = session;
    session_addref_internal(session);
    *ret = &book->IAddrBook_iface;
    return S_OK;
}
