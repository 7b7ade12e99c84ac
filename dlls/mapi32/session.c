/*
 * IMAPISession: a program's logon to a profile.
 *
 * The session routes entry IDs to the provider logon that registered their
 * provider UID (IMAPISupport::SetProviderUID), opens stores through their
 * providers, and keeps the tables it handed out so that Logoff can make them
 * unusable; the providers' own objects are made unusable by the providers
 * (IMAPISupport::MakeInvalid) when they are logged off.
 */

#include "session.h"
#include "addrbook.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* What OpenMsgStore and OpenEntry accept */
#define STORE_OPEN_FLAGS (MDB_NO_DIALOG | MDB_WRITE | MDB_TEMPORARY | MDB_NO_MAIL | MAPI_BEST_ACCESS | \
                          MAPI_DEFERRED_ERRORS)
#define OPEN_ENTRY_FLAGS (MAPI_MODIFY | MAPI_BEST_ACCESS | MAPI_DEFERRED_ERRORS | 0x00000200 /* MAPI_NO_CACHE */)

/* The entry ID the store table gives a store whose profile section has none yet:
 * MAPI's own, naming the provider's section. */
static const MAPIUID session_store_uid =
    {{ 0x57, 0x69, 0x6e, 0x65, 0x4d, 0x41, 0x50, 0x49, 0x53, 0x74, 0x6f, 0x72, 0x65, 0x49, 0x44, 0x01 }};
struct session_store_id
{
    BYTE flags[4];
    MAPIUID uid;            /* session_store_uid */
    MAPIUID provider_uid;
};

/* An advise the session made for a program, on its own or at a provider's logon. */
struct session_advise
{
    struct list entry;
    ULONG_PTR connection;           /* the program's */
    struct provider_logon *logon;   /* NULL: the session's own notifications */
    ULONG_PTR provider_connection;
};

/* A table view the session handed out, made unusable at Logoff. */
struct session_table
{
    struct session_object object;
    struct session *session;
    IMAPITable *view;
};

static LONG next_session_id;

static inline struct session *impl_from_IMAPISession(IMAPISession *iface)
{
    return CONTAINING_RECORD(iface, struct session, IMAPISession_iface);
}

void session_addref_internal(struct session *session)
{
    InterlockedIncrement(&session->internal_ref);
}

void session_release_internal(struct session *session)
{
    if (InterlockedDecrement(&session->internal_ref)) return;
    TRACE("freeing session %p\n", session);
    mapi_error_clear(&session->error);
    profile_release(session->profile);
    session->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&session->cs);
    free(session);
}

void session_add_object(struct session *session, struct session_object *object)
{
    EnterCriticalSection(&session->cs);
    list_add_tail(&session->objects, &object->entry);
    LeaveCriticalSection(&session->cs);
}

void session_remove_object(struct session *session, struct session_object *object)
{
    EnterCriticalSection(&session->cs);
    list_remove(&object->entry);
    list_init(&object->entry);
    LeaveCriticalSection(&session->cs);
}

static void invalidate_table(struct session_object *object)
{
    struct session_table *table = CONTAINING_RECORD(object, struct session_table, object);
    mapi_neuter_object((IUnknown *)table->view);
}

/* CALLERRELEASE of the views the session hands out: the view is gone. */
static void WINAPI table_released(ULONG_PTR data, ITableData *table_data, IMAPITable *view)
{
    struct session_table *table = (struct session_table *)data;

    session_remove_object(table->session, &table->object);
    session_release_internal(table->session);
    free(table);
}

/* A view of table data that Logoff will make unusable. */
HRESULT session_get_view(struct session *session, ITableData *data, IMAPITable **view)
{
    struct session_table *table;
    HRESULT hr;

    if (!(table = calloc(1, sizeof(*table)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    table->session = session;
    table->object.invalidate = invalidate_table;
    session_addref_internal(session);
    if (FAILED(hr = ITableData_HrGetView(data, NULL, table_released, (ULONG_PTR)table, view)))
    {
        session_release_internal(session);
        free(table);
        return hr;
    }
    table->view = *view;
    session_add_object(session, &table->object);
    return S_OK;
}

static HRESULT WINAPI session_QueryInterface(IMAPISession *iface, REFIID iid, void **obj)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%s,%p)\n", session, debugstr_guid(iid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPISession))
    {
        *obj = iface;
        IMAPISession_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI session_AddRef(IMAPISession *iface)
{
    struct session *session = impl_from_IMAPISession(iface);
    ULONG ref = InterlockedIncrement(&session->ref);

    TRACE("(%p) ref %lu\n", session, ref);
    return ref;
}

static void session_logoff(struct session *session);

static ULONG WINAPI session_Release(IMAPISession *iface)
{
    struct session *session = impl_from_IMAPISession(iface);
    ULONG ref = InterlockedDecrement(&session->ref);

    TRACE("(%p) ref %lu\n", session, ref);
    if (ref) return ref;

    /* A program that never called Logoff is logged off now. */
    session_logoff(session);
    session_release_internal(session);
    return 0;
}

static HRESULT WINAPI session_GetLastError(IMAPISession *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", session, hr, flags, error);
    return mapi_error_get(&session->error, L"MAPI session", hr, flags, error);
}

/* Reads properties of a provider's own profile section; NULL values when it has none. */
static HRESULT get_section_props(struct session *session, const MAPIUID *uid, const SPropTagArray *tags,
                                 SPropValue **values)
{
    IProfSect *section;
    ULONG count;
    HRESULT hr;

    *values = NULL;
    if (FAILED(hr = profile_open_section(session->profile, uid, 0, &section))) return hr;
    hr = IProfSect_GetProps(section, (SPropTagArray *)tags, 0, &count, values);
    IProfSect_Release(section);
    return FAILED(hr) ? hr : S_OK;
}

/* The entry ID the store table shows for a store provider, as a MAPIAllocateMore'd binary. */
static HRESULT store_entryid(const struct profile_provider *info, const SPropValue *section_entryid,
                             void *parent, SBinary *bin)
{
    struct session_store_id *id;
    HRESULT hr;

    if (section_entryid && section_entryid->ulPropTag == PR_ENTRYID)
    {
        bin->cb = section_entryid->Value.bin.cb;
        if ((hr = MAPIAllocateMore(bin->cb, parent, (void **)&bin->lpb))) return hr;
        memcpy(bin->lpb, section_entryid->Value.bin.lpb, bin->cb);
        return S_OK;
    }
    bin->cb = sizeof(*id);
    if ((hr = MAPIAllocateMore(sizeof(*id), parent, (void **)&id))) return hr;
    memset(id->flags, 0, sizeof(id->flags));
    id->uid = session_store_uid;
    id->provider_uid = info->provider_uid;
    bin->lpb = (BYTE *)id;
    return S_OK;
}

static void set_string(SPropValue *prop, ULONG id, const WCHAR *str, BOOL unicode, void *parent)
{
    int len;

    if (!str) str = L"";
    if (unicode)
    {
        prop->ulPropTag = PROP_TAG(PT_UNICODE, id);
        len = (wcslen(str) + 1) * sizeof(WCHAR);
        if (MAPIAllocateMore(len, parent, (void **)&prop->Value.lpszW)) goto fail;
        memcpy(prop->Value.lpszW, str, len);
        return;
    }
    prop->ulPropTag = PROP_TAG(PT_STRING8, id);
    len = WideCharToMultiByte(CP_ACP, 0, str, -1, NULL, 0, NULL, NULL);
    if (MAPIAllocateMore(len, parent, (void **)&prop->Value.lpszA)) goto fail;
    WideCharToMultiByte(CP_ACP, 0, str, -1, prop->Value.lpszA, len, NULL, NULL);
    return;
fail:
    prop->ulPropTag = PROP_TAG(PT_ERROR, id);
    prop->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
}

#define STORE_COLUMNS 11

static HRESULT build_store_row(struct session *session, const struct profile_provider *info, BOOL unicode,
                               SRow *row)
{
    static const SizedSPropTagArray(4, section_tags) =
        { 4, { PR_ENTRYID, PR_RECORD_KEY, PR_MDB_PROVIDER, PR_RESOURCE_FLAGS } };
    SPropValue *section = NULL, *props;
    ULONG flags = info->resource_flags, n = 0;
    HRESULT hr;

    get_section_props(session, &info->provider_uid, (SPropTagArray *)&section_tags, &section);
    if (section && section[3].ulPropTag == PR_RESOURCE_FLAGS) flags = section[3].Value.l;

    if ((hr = MAPIAllocateBuffer(STORE_COLUMNS * sizeof(SPropValue), (void **)&props)))
    {
        MAPIFreeBuffer(section);
        return hr;
    }
    props[n].ulPropTag = PR_INSTANCE_KEY;
    props[n].Value.bin.cb = sizeof(MAPIUID);
    MAPIAllocateMore(sizeof(MAPIUID), props, (void **)&props[n].Value.bin.lpb);
    if (props[n].Value.bin.lpb) memcpy(props[n].Value.bin.lpb, &info->provider_uid, sizeof(MAPIUID));
    n++;
    props[n].ulPropTag = PR_ENTRYID;
    store_entryid(info, section, props, &props[n++].Value.bin);
    props[n].ulPropTag = PR_RECORD_KEY;
    if (section && section[1].ulPropTag == PR_RECORD_KEY) props[n].Value.bin = section[1].Value.bin;
    else props[n].Value.bin = props[0].Value.bin;
    MAPIAllocateMore(props[n].Value.bin.cb, props, (void **)&props[n].Value.bin.lpb);
    if (props[n].Value.bin.lpb)
        memcpy(props[n].Value.bin.lpb, section && section[1].ulPropTag == PR_RECORD_KEY ?
               section[1].Value.bin.lpb : (BYTE *)&info->provider_uid, props[n].Value.bin.cb);
    n++;
    set_string(&props[n++], PROP_ID(PR_DISPLAY_NAME_W), info->display_name, unicode, props);
    set_string(&props[n++], PROP_ID(PR_PROVIDER_DISPLAY_W), info->provider_display, unicode, props);
    props[n].ulPropTag = PR_DEFAULT_STORE;
    props[n++].Value.b = !!(flags & STATUS_DEFAULT_STORE);
    props[n].ulPropTag = PR_RESOURCE_FLAGS;
    props[n++].Value.l = flags;
    props[n].ulPropTag = PR_OBJECT_TYPE;
    props[n++].Value.l = MAPI_STORE;
    props[n].ulPropTag = PR_MDB_PROVIDER;
    if (section && section[2].ulPropTag == PR_MDB_PROVIDER)
    {
        props[n].Value.bin.cb = section[2].Value.bin.cb;
        MAPIAllocateMore(props[n].Value.bin.cb, props, (void **)&props[n].Value.bin.lpb);
        if (props[n].Value.bin.lpb) memcpy(props[n].Value.bin.lpb, section[2].Value.bin.lpb, props[n].Value.bin.cb);
    }
    else
    {
        props[n].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(PR_MDB_PROVIDER));
        props[n].Value.err = MAPI_E_NOT_FOUND;
    }
    n++;
    props[n].ulPropTag = PR_PROVIDER_UID;
    props[n].Value.bin.cb = sizeof(MAPIUID);
    props[n++].Value.bin.lpb = props[0].Value.bin.lpb;
    props[n].ulPropTag = PR_RESOURCE_TYPE;
    props[n++].Value.l = MAPI_STORE_PROVIDER;

    MAPIFreeBuffer(section);
    row->ulAdrEntryPad = 0;
    row->cValues = n;
    row->lpProps = props;
    return S_OK;
}

static HRESULT WINAPI session_GetMsgStoresTable(IMAPISession *iface, ULONG flags, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(STORE_COLUMNS, columns_w) =
    {
        STORE_COLUMNS, { PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W,
                         PR_DEFAULT_STORE, PR_RESOURCE_FLAGS, PR_OBJECT_TYPE, PR_MDB_PROVIDER, PR_PROVIDER_UID,
                         PR_RESOURCE_TYPE }
    };
    static const SizedSPropTagArray(STORE_COLUMNS, columns_a) =
    {
        STORE_COLUMNS, { PR_INSTANCE_KEY, PR_ENTRYID, PR_RECORD_KEY, PR_DISPLAY_NAME_A, PR_PROVIDER_DISPLAY_A,
                         PR_DEFAULT_STORE, PR_RESOURCE_FLAGS, PR_OBJECT_TYPE, PR_MDB_PROVIDER, PR_PROVIDER_UID,
                         PR_RESOURCE_TYPE }
    };
    struct session *session = impl_from_IMAPISession(iface);
    BOOL unicode = !!(flags & MAPI_UNICODE);
    struct profile_provider *providers;
    ITableData *data;
    ULONG count, i;
    SRow row;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", session, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;

    if (FAILED(hr = profile_get_providers(session->profile, MAPI_STORE_PROVIDER, &count, &providers)))
        return hr;
    if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                TBLTYPE_DYNAMIC, PR_INSTANCE_KEY,
                                (SPropTagArray *)(unicode ? (void *)&columns_w : (void *)&columns_a), &data)))
    {
        profile_free_providers(count, providers);
        return hr;
    }
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = build_store_row(session, &providers[i], unicode, &row))) break;
        hr = ITableData_HrModifyRow(data, &row);
        MAPIFreeBuffer(row.lpProps);
    }
    profile_free_providers(count, providers);
    if (SUCCEEDED(hr)) hr = session_get_view(session, data, table);
    ITableData_Release(data);
    return hr;
}

/* The store provider an entry ID from the store table (or a provider) names. */
static HRESULT find_store_provider(struct session *session, ULONG size, const ENTRYID *entryid,
                                   struct profile_provider *found, ULONG *inner_size, const ENTRYID **inner)
{
    static const SizedSPropTagArray(1, entryid_tag) = { 1, { PR_ENTRYID } };
    const struct session_store_id *own = (const struct session_store_id *)entryid;
    struct profile_provider *providers;
    const char *dll_name = NULL;
    const struct profile_provider *match = NULL, *first = NULL;
    const ENTRYID *wrapped_inner;
    ULONG count, i, wrapped_size;
    SPropValue *section;
    char name[MAX_PATH];
    HRESULT hr;

    *inner_size = 0;
    *inner = NULL;
    if (FAILED(hr = profile_get_providers(session->profile, MAPI_STORE_PROVIDER, &count, &providers))) return hr;

    if (size == sizeof(*own) && !memcmp(&own->uid, &session_store_uid, sizeof(MAPIUID)))
    {
        for (i = 0; i < count && !match; i++)
            if (!memcmp(&providers[i].provider_uid, &own->provider_uid, sizeof(MAPIUID))) match = &providers[i];
    }
    else if (entryid_unwrap_store(size, entryid, &dll_name, &wrapped_size, &wrapped_inner))
    {
        *inner_size = wrapped_size;
        *inner = wrapped_inner;
        for (i = 0; i < count && !match; i++)
        {
            if (!WideCharToMultiByte(CP_ACP, 0, providers[i].dll_name, -1, name, sizeof(name), NULL, NULL) ||
                _stricmp(name, dll_name))
                continue;
            if (!first) first = &providers[i];
            /* Several stores of one DLL: the one whose section holds this entry ID. */
            if (SUCCEEDED(get_section_props(session, &providers[i].provider_uid, (SPropTagArray *)&entryid_tag,
                                            &section)) && section)
            {
                if (section[0].ulPropTag == PR_ENTRYID && section[0].Value.bin.cb == size &&
                    !memcmp(section[0].Value.bin.lpb, entryid, size))
                    match = &providers[i];
                MAPIFreeBuffer(section);
            }
        }
        if (!match) match = first;
    }
    else hr = MAPI_E_INVALID_ENTRYID;

    if (SUCCEEDED(hr)) hr = match ? provider_copy_info(found, match) : MAPI_E_NOT_FOUND;
    profile_free_providers(count, providers);
    return hr;
}

static HRESULT WINAPI session_OpenMsgStore(IMAPISession *iface, ULONG_PTR ui_param, ULONG size, LPENTRYID entryid,
                                           LPCIID iid, ULONG flags, LPMDB *store)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct profile_provider info;
    const ENTRYID *inner;
    ULONG inner_size;
    HRESULT hr;

    TRACE("(%p,%#Ix,%lu,%p,%s,%#lx,%p)\n", session, ui_param, size, entryid, debugstr_guid(iid), flags, store);

    if (!store) return MAPI_E_INVALID_PARAMETER;
    *store = NULL;
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~STORE_OPEN_FLAGS) return MAPI_E_UNKNOWN_FLAGS;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;

    if (FAILED(hr = find_store_provider(session, size, entryid, &info, &inner_size, &inner)))
        return mapi_error_set(&session->error, hr, L"No store of the profile has this entry ID.");
    /* No dialog can be shown, whatever the program allows. */
    hr = provider_open_store(session, ui_param, &info, inner_size, inner, iid, flags | MDB_NO_DIALOG, store);
    provider_free_info(&info);
    return hr;
}

HRESULT session_get_addrbook(struct session *session, IAddrBook **addrbook)
{
    HRESULT hr = S_OK;

    EnterCriticalSection(&session->cs);
    if (session->logged_off) hr = MAPI_E_INVALID_OBJECT;
    else if (!session->addrbook) hr = addrbook_create(session, &session->addrbook);
    if (SUCCEEDED(hr))
    {
        *addrbook = session->addrbook;
        IAddrBook_AddRef(*addrbook);
    }
    LeaveCriticalSection(&session->cs);
    return hr;
}

static HRESULT WINAPI session_OpenAddressBook(IMAPISession *iface, ULONG_PTR ui_param, LPCIID iid, ULONG flags,
                                              LPADRBOOK *addrbook)
{
    struct session *session = impl_from_IMAPISession(iface);
    IAddrBook *book;
    HRESULT hr;

    TRACE("(%p,%#Ix,%s,%#lx,%p)\n", session, ui_param, debugstr_guid(iid), flags, addrbook);

    if (!addrbook) return MAPI_E_INVALID_PARAMETER;
    *addrbook = NULL;
    if (flags & ~AB_NO_DIALOG) return MAPI_E_UNKNOWN_FLAGS;
    if (FAILED(hr = session_get_addrbook(session, &book))) return hr;
    if (!iid) *addrbook = book;
    else
    {
        hr = IAddrBook_QueryInterface(book, iid, (void **)addrbook);
        IAddrBook_Release(book);
    }
    return hr;
}

static HRESULT WINAPI session_OpenProfileSection(IMAPISession *iface, LPMAPIUID uid, LPCIID iid, ULONG flags,
                                                 LPPROFSECT *section)
{
    struct session *session = impl_from_IMAPISession(iface);
    IProfSect *opened;
    HRESULT hr;

    TRACE("(%p,%p,%s,%#lx,%p)\n", session, uid, debugstr_guid(iid), flags, section);

    if (!section || !uid) return MAPI_E_INVALID_PARAMETER;
    *section = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    if (FAILED(hr = profile_open_section(session->profile, uid, flags & MAPI_MODIFY, &opened))) return hr;
    if (!iid) *section = opened;
    else
    {
        hr = IProfSect_QueryInterface(opened, iid, (void **)section);
        IProfSect_Release(opened);
    }
    return hr;
}

static HRESULT WINAPI session_GetStatusTable(IMAPISession *iface, ULONG flags, LPMAPITABLE *table)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%#lx,%p)\n", session, flags, table);

    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    return status_get_table(session, flags, table);
}

struct provider_logon *session_find_logon_for_entryid(struct session *session, ULONG size, const ENTRYID *entryid)
{
    struct provider_uid *uid;
    struct provider_logon *logon = NULL;

    if (!entryid || size < 4 + sizeof(MAPIUID)) return NULL;
    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(uid, &session->uids, struct provider_uid, entry)
    {
        if (memcmp(&uid->uid, entryid->ab, sizeof(MAPIUID))) continue;
        /* The first logon that registered it and is still there. */
        if (!uid->support->logon || !uid->support->logon->logon || uid->support->logon->closing) continue;
        logon = uid->support->logon;
        break;
    }
    LeaveCriticalSection(&session->cs);
    return logon;
}

HRESULT session_open_entry(struct session *session, ULONG size, ENTRYID *entryid, const IID *iid, ULONG flags,
                           ULONG *type, IUnknown **object)
{
    struct provider_logon *logon;
    IMsgStore *store;
    HRESULT hr;

    if (!type || !object) return MAPI_E_INVALID_PARAMETER;
    *object = NULL;
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~OPEN_ENTRY_FLAGS) return MAPI_E_UNKNOWN_FLAGS;

    if (entryid_is_one_off(size, entryid))
        return addrbook_open_one_off(session, size, entryid, iid, flags, type, object);
    if (status_is_entryid(size, entryid)) return status_open_entry(session, size, entryid, iid, flags, type, object);
    if (abroot_is_entryid(size, entryid)) return abroot_open(session, iid, flags, type, object);
    if ((logon = session_find_logon_for_entryid(session, size, entryid)))
    {
        if (logon->info.resource_type == MAPI_AB_PROVIDER)
            return IABLogon_OpenEntry((IABLogon *)logon->logon, size, entryid, iid, flags, type, object);
        if (logon->info.resource_type == MAPI_STORE_PROVIDER)
            return IMSLogon_OpenEntry((IMSLogon *)logon->logon, size, entryid, iid, flags, type, object);
    }
    /* A store's own entry ID opens the store. */
    if (SUCCEEDED(hr = IMAPISession_OpenMsgStore(&session->IMAPISession_iface, 0, size, entryid, iid,
                                                 (flags & MAPI_MODIFY ? MDB_WRITE : 0) | MDB_NO_DIALOG, &store)))
    {
        *type = MAPI_STORE;
        *object = (IUnknown *)store;
        return S_OK;
    }
    return mapi_error_set(&session->error, MAPI_E_UNKNOWN_ENTRYID,
                          L"No provider of the session knows this entry ID.");
}

static HRESULT WINAPI session_OpenEntry(IMAPISession *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                        ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", session, size, entryid, debugstr_guid(iid), flags, type, object);

    if (object) *object = NULL;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    return session_open_entry(session, size, entryid, iid, flags, type, object);
}

static HRESULT compare_one_offs(ULONG size1, const ENTRYID *entryid1, ULONG size2, const ENTRYID *entryid2,
                                ULONG *result)
{
    WCHAR *name[2], *type[2], *address[2];
    HRESULT hr;

    if (FAILED(hr = entryid_parse_one_off(size1, entryid1, &name[0], &type[0], &address[0], NULL))) return hr;
    if (SUCCEEDED(hr = entryid_parse_one_off(size2, entryid2, &name[1], &type[1], &address[1], NULL)))
    {
        /* The same address is the same recipient, whatever name it shows. */
        *result = !wcsicmp(type[0], type[1]) && !wcsicmp(address[0], address[1]);
        free(name[1]); free(type[1]); free(address[1]);
    }
    free(name[0]); free(type[0]); free(address[0]);
    return hr;
}

HRESULT session_compare_entryids(struct session *session, ULONG size1, ENTRYID *entryid1, ULONG size2,
                                 ENTRYID *entryid2, ULONG flags, ULONG *result)
{
    struct provider_logon *logon1, *logon2;
    const char *dll1, *dll2;
    const ENTRYID *inner1, *inner2;
    ULONG inner_size1, inner_size2;

    if (!result || !entryid1 || !entryid2 || !size1 || !size2) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    *result = FALSE;

    if (size1 == size2 && !memcmp(entryid1, entryid2, size1))
    {
        *result = TRUE;
        return S_OK;
    }
    if (entryid_is_one_off(size1, entryid1) && entryid_is_one_off(size2, entryid2))
        return compare_one_offs(size1, entryid1, size2, entryid2, result);
    if (entryid_unwrap_store(size1, entryid1, &dll1, &inner_size1, &inner1) &&
        entryid_unwrap_store(size2, entryid2, &dll2, &inner_size2, &inner2))
    {
        struct provider_module *module;

        if (_stricmp(dll1, dll2)) return S_OK;
        /* The store provider knows which of its entry IDs name one store. */
        EnterCriticalSection(&session->cs);
        LIST_FOR_EACH_ENTRY(module, &session->modules, struct provider_module, entry)
        {
            char name[MAX_PATH];
            if (module->resource_type != MAPI_STORE_PROVIDER ||
                !WideCharToMultiByte(CP_ACP, 0, module->dll_name, -1, name, sizeof(name), NULL, NULL) ||
                _stricmp(name, dll1))
                continue;
            LeaveCriticalSection(&session->cs);
            return IMSProvider_CompareStoreIDs((IMSProvider *)module->provider, inner_size1, (ENTRYID *)inner1,
                                               inner_size2, (ENTRYID *)inner2, 0, result);
        }
        LeaveCriticalSection(&session->cs);
        *result = inner_size1 == inner_size2 && !memcmp(inner1, inner2, inner_size1);
        return S_OK;
    }
    logon1 = session_find_logon_for_entryid(session, size1, entryid1);
    logon2 = session_find_logon_for_entryid(session, size2, entryid2);
    if (!logon1 || !logon2) return MAPI_E_UNKNOWN_ENTRYID;
    if (logon1 != logon2) return S_OK;
    if (logon1->info.resource_type == MAPI_AB_PROVIDER)
        return IABLogon_CompareEntryIDs((IABLogon *)logon1->logon, size1, entryid1, size2, entryid2, 0, result);
    return IMSLogon_CompareEntryIDs((IMSLogon *)logon1->logon, size1, entryid1, size2, entryid2, 0, result);
}

static HRESULT WINAPI session_CompareEntryIDs(IMAPISession *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                              LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%lu,%p,%lu,%p,%#lx,%p)\n", session, size1, entryid1, size2, entryid2, flags, result);

    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    return session_compare_entryids(session, size1, entryid1, size2, entryid2, flags, result);
}

/* The NOTIFKEY of the session's own events: its address. */
struct session_notifkey
{
    ULONG cb;
    BYTE ab[sizeof(void *)];
};

static void session_key(struct session *session, struct session_notifkey *key)
{
    key->cb = sizeof(void *);
    memcpy(key->ab, &session, sizeof(void *));
}

static HRESULT WINAPI session_Advise(IMAPISession *iface, ULONG size, LPENTRYID entryid, ULONG mask,
                                     LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct session_advise *advise;
    struct session_notifkey key;
    HRESULT hr;

    TRACE("(%p,%lu,%p,%#lx,%p,%p)\n", session, size, entryid, mask, sink, connection);

    if (!sink || !connection || !mask || (size && !entryid)) return MAPI_E_INVALID_PARAMETER;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    if (!(advise = calloc(1, sizeof(*advise)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    if (!size)
    {
        session_key(session, &key);
        hr = notify_subscribe(session, (NOTIFKEY *)&key, mask, 0, sink, &advise->provider_connection);
    }
    else if ((advise->logon = session_find_logon_for_entryid(session, size, entryid)))
    {
        if (advise->logon->info.resource_type == MAPI_AB_PROVIDER)
            hr = IABLogon_Advise((IABLogon *)advise->logon->logon, size, entryid, mask, sink,
                                 &advise->provider_connection);
        else if (advise->logon->info.resource_type == MAPI_STORE_PROVIDER)
            hr = IMSLogon_Advise((IMSLogon *)advise->logon->logon, size, entryid, mask, sink,
                                 &advise->provider_connection);
        else hr = MAPI_E_NO_SUPPORT;
    }
    else hr = entryid_is_one_off(size, entryid) ? MAPI_E_NO_SUPPORT : MAPI_E_UNKNOWN_ENTRYID;

    if (FAILED(hr))
    {
        free(advise);
        return hr;
    }
    EnterCriticalSection(&session->cs);
    advise->connection = ++session->next_connection;
    list_add_tail(&session->advises, &advise->entry);
    LeaveCriticalSection(&session->cs);
    *connection = advise->connection;
    return S_OK;
}

static HRESULT unadvise(struct session *session, struct session_advise *advise)
{
    HRESULT hr = S_OK;

    if (!advise->logon) hr = notify_unsubscribe(session, advise->provider_connection);
    else if (advise->logon->logon && !advise->logon->closing)
    {
        if (advise->logon->info.resource_type == MAPI_AB_PROVIDER)
            hr = IABLogon_Unadvise((IABLogon *)advise->logon->logon, advise->provider_connection);
        else
            hr = IMSLogon_Unadvise((IMSLogon *)advise->logon->logon, advise->provider_connection);
    }
    free(advise);
    return hr;
}

static HRESULT WINAPI session_Unadvise(IMAPISession *iface, ULONG_PTR connection)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct session_advise *advise, *found = NULL;

    TRACE("(%p,%Iu)\n", session, connection);

    if (!connection) return MAPI_E_INVALID_PARAMETER;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(advise, &session->advises, struct session_advise, entry)
    {
        if (advise->connection != connection) continue;
        list_remove(&advise->entry);
        found = advise;
        break;
    }
    LeaveCriticalSection(&session->cs);
    if (!found) return MAPI_E_NOT_FOUND;
    return unadvise(session, found);
}

static HRESULT WINAPI session_MessageOptions(IMAPISession *iface, ULONG_PTR ui_param, ULONG flags,
                                             LPSTR address_type, LPMESSAGE message)
{
    FIXME("(%p,%#Ix,%#lx,%p,%p): the message options dialog is UI, not supported\n", iface, ui_param, flags,
          address_type, message);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  IMAPISession::QueryDefaultMessageOpt
 *
 * The default values of the message options the profile's transports
 * registered for an address type (IXPLogon::RegisterOptions).
 *
 * NOTES
 *  The address type is ANSI, compared without regard to case; MAPI_UNICODE
 *  asks for Unicode string values (MAPI 1.0's page; Outlook's calls the flags
 *  reserved). An address type no transport registered message options for
 *  gets S_OK with no values, as does every address type in a profile whose
 *  transports never logged on to a session with mail (see docs/spooler.md).
 */
static HRESULT WINAPI session_QueryDefaultMessageOpt(IMAPISession *iface, LPSTR address_type, ULONG flags,
                                                     ULONG *count, LPSPropValue *options)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%s,%#lx,%p,%p)\n", session, debugstr_a(address_type), flags, count, options);

    if (!address_type || !count || !options)
    {
        WARN("NULL address type or out-parameter\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    *count = 0;
    *options = NULL;
    if (flags & ~MAPI_UNICODE)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    return xpoptions_query(session->profile, OPTION_TYPE_MESSAGE, address_type, flags, count, options);
}

static HRESULT WINAPI session_EnumAdrTypes(IMAPISession *iface, ULONG flags, ULONG *count, LPSTR **types)
{
    struct session *session = impl_from_IMAPISession(iface);
    BOOL unicode = !!(flags & MAPI_UNICODE);
    struct provider_logon *logon;
    const WCHAR *found[64];
    ULONG n = 0, i, j, size;
    BYTE *pos;
    void **array;
    HRESULT hr;

    TRACE("(%p,%#lx,%p,%p)\n", session, flags, count, types);

    if (!count || !types) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *types = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;

    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
    {
        for (i = 0; i < logon->address_type_count && n < ARRAY_SIZE(found); i++)
        {
            for (j = 0; j < n; j++) if (!wcsicmp(found[j], logon->address_types[i])) break;
            if (j == n) found[n++] = logon->address_types[i];
        }
    }
    size = n * sizeof(void *);
    for (i = 0; i < n; i++)
        size += unicode ? (wcslen(found[i]) + 1) * sizeof(WCHAR)
                        : WideCharToMultiByte(CP_ACP, 0, found[i], -1, NULL, 0, NULL, NULL);
    if (SUCCEEDED(hr = MAPIAllocateBuffer(size ? size : 1, (void **)&array)))
    {
        pos = (BYTE *)(array + n);
        for (i = 0; i < n; i++)
        {
            array[i] = pos;
            if (unicode)
            {
                wcscpy((WCHAR *)pos, found[i]);
                pos += (wcslen(found[i]) + 1) * sizeof(WCHAR);
            }
            else pos += WideCharToMultiByte(CP_ACP, 0, found[i], -1, (char *)pos, size, NULL, NULL);
        }
        *count = n;
        *types = (LPSTR *)array;
    }
    LeaveCriticalSection(&session->cs);
    return hr;
}

static HRESULT WINAPI session_QueryIdentity(IMAPISession *iface, ULONG *size, LPENTRYID *entryid)
{
    struct session *session = impl_from_IMAPISession(iface);
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", session, size, entryid);

    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    *size = 0;
    *entryid = NULL;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    if (SUCCEEDED(hr = status_get_identity(session, size, entryid))) return hr;
    /* No provider names one: a generic identity, with the warning the page gives. */
    if (FAILED(hr = entryid_create_one_off(L"Unknown", L"", L"", MAPI_UNICODE, size, entryid))) return hr;
    return MAPI_W_NO_SERVICE;
}

static void session_logoff(struct session *session)
{
    struct session_object *object;
    struct session_advise *advise;
    struct list *head;
    IAddrBook *addrbook;

    EnterCriticalSection(&session->cs);
    if (session->logged_off)
    {
        LeaveCriticalSection(&session->cs);
        return;
    }
    session->logged_off = TRUE;
    LeaveCriticalSection(&session->cs);
    TRACE("logging off session %p\n", session);

    logon_session_ended(session);

    while ((head = list_head(&session->advises)))
    {
        advise = LIST_ENTRY(head, struct session_advise, entry);
        list_remove(head);
        unadvise(session, advise);
    }
    notify_unsubscribe_all(session);

    /* Our own objects first: they may still lead to the providers. */
    EnterCriticalSection(&session->cs);
    while ((head = list_head(&session->objects)))
    {
        object = LIST_ENTRY(head, struct session_object, entry);
        list_remove(head);
        list_init(head);
        object->invalidate(object);
    }
    addrbook = session->addrbook;
    session->addrbook = NULL;
    LeaveCriticalSection(&session->cs);
    if (addrbook) IAddrBook_Release(addrbook);

    provider_unload_all(session);
    status_table_destroy(session);
}

static HRESULT WINAPI session_Logoff(IMAPISession *iface, ULONG_PTR ui_param, ULONG flags, ULONG reserved)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%#Ix,%#lx,%#lx)\n", session, ui_param, flags, reserved);

    if (flags & ~(MAPI_LOGOFF_SHARED | MAPI_LOGOFF_UI)) return MAPI_E_UNKNOWN_FLAGS;
    if (reserved) return MAPI_E_INVALID_PARAMETER;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;

    /* Logging off a shared session without MAPI_LOGOFF_SHARED leaves it to the others. */
    if (session->shared && !(flags & MAPI_LOGOFF_SHARED) && logon_shared_users(session) > 1)
    {
        logon_shared_leave(session);
        return S_OK;
    }
    session_logoff(session);
    return S_OK;
}

/* Sets or clears a resource flag of the store providers: the given store gets it, the others lose it. */
static HRESULT set_store_flag(struct session *session, const struct profile_provider *target, ULONG flag,
                              BOOL exclusive)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_RESOURCE_FLAGS } };
    struct profile_provider *providers;
    IProfSect *section;
    SPropValue *value, prop;
    ULONG count, i, n, flags;
    HRESULT hr;

    if (FAILED(hr = profile_get_providers(session->profile, MAPI_STORE_PROVIDER, &count, &providers))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        BOOL is_target = !memcmp(&providers[i].provider_uid, &target->provider_uid, sizeof(MAPIUID));

        if (!is_target && !exclusive) continue;
        if (FAILED(hr = profile_open_section(session->profile, &providers[i].provider_uid, MAPI_MODIFY, &section)))
            break;
        flags = providers[i].resource_flags;
        if (SUCCEEDED(IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &n, &value)))
        {
            if (value->ulPropTag == PR_RESOURCE_FLAGS) flags = value->Value.l;
            MAPIFreeBuffer(value);
        }
        prop.ulPropTag = PR_RESOURCE_FLAGS;
        prop.Value.l = is_target ? flags | flag : flags & ~flag;
        if (prop.Value.l != flags && SUCCEEDED(hr = IProfSect_SetProps(section, 1, &prop, NULL)))
            hr = IProfSect_SaveChanges(section, 0);
        IProfSect_Release(section);
    }
    profile_free_providers(count, providers);
    return hr;
}

static HRESULT WINAPI session_SetDefaultStore(IMAPISession *iface, ULONG flags, ULONG size, LPENTRYID entryid)
{
    struct session *session = impl_from_IMAPISession(iface);
    struct profile_provider info;
    const ENTRYID *inner;
    ULONG inner_size;
    HRESULT hr;

    TRACE("(%p,%#lx,%lu,%p)\n", session, flags, size, entryid);

    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    if (FAILED(hr = find_store_provider(session, size, entryid, &info, &inner_size, &inner)))
        return mapi_error_set(&session->error, hr, L"No store of the profile has this entry ID.");

    switch (flags)
    {
    case MAPI_DEFAULT_STORE:
        hr = set_store_flag(session, &info, STATUS_DEFAULT_STORE, TRUE);
        break;
    case MAPI_SIMPLE_STORE_PERMANENT:
    case MAPI_SIMPLE_STORE_TEMPORARY:
        /* FIXME: a temporary simple store is forgotten at logoff; both are kept here. */
        hr = set_store_flag(session, &info, STATUS_SIMPLE_STORE, TRUE);
        break;
    case MAPI_PRIMARY_STORE:
        hr = set_store_flag(session, &info, STATUS_PRIMARY_STORE, TRUE);
        break;
    case MAPI_SECONDARY_STORE:
        hr = set_store_flag(session, &info, STATUS_SECONDARY_STORE, TRUE);
        break;
    default:
        hr = MAPI_E_UNKNOWN_FLAGS;
    }
    if (SUCCEEDED(hr)) status_refresh_store_flags(session, &info.provider_uid);
    provider_free_info(&info);
    return hr;
}

static HRESULT WINAPI session_AdminServices(IMAPISession *iface, ULONG flags, LPSERVICEADMIN *admin)
{
    struct session *session = impl_from_IMAPISession(iface);

    TRACE("(%p,%#lx,%p)\n", session, flags, admin);

    if (!admin) return MAPI_E_INVALID_PARAMETER;
    *admin = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (session->logged_off) return MAPI_E_INVALID_OBJECT;
    return profile_admin_services(session->profile, admin);
}

static HRESULT WINAPI session_ShowForm(IMAPISession *iface, ULONG_PTR ui_param, LPMDB store, LPMAPIFOLDER parent,
                                       LPCIID iid, ULONG token, LPMESSAGE sent, ULONG flags, ULONG status,
                                       ULONG message_flags, ULONG access, LPSTR message_class)
{
    FIXME("(%p,%#Ix,%p,%p,%s,%lu,%p,%#lx,%#lx,%#lx,%#lx,%s): there are no forms\n", iface, ui_param, store,
          parent, debugstr_guid(iid), token, sent, flags, status, message_flags, access, debugstr_a(message_class));
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI session_PrepareForm(IMAPISession *iface, LPCIID iid, LPMESSAGE message, ULONG *token)
{
    FIXME("(%p,%s,%p,%p): there are no forms\n", iface, debugstr_guid(iid), message, token);
    return MAPI_E_NO_SUPPORT;
}

/* Wine's IMAPISession has ULONG connections for Advise and Unadvise; the
 * SDK's, which programs are built with, ULONG_PTR. The slots are the same. */
static const IMAPISessionVtbl session_vtbl =
{
    session_QueryInterface,
    session_AddRef,
    session_Release,
    session_GetLastError,
    session_GetMsgStoresTable,
    session_OpenMsgStore,
    session_OpenAddressBook,
    session_OpenProfileSection,
    session_GetStatusTable,
    session_OpenEntry,
    session_CompareEntryIDs,
    (void *)session_Advise,
    (void *)session_Unadvise,
    session_MessageOptions,
    session_QueryDefaultMessageOpt,
    session_EnumAdrTypes,
    session_QueryIdentity,
    session_Logoff,
    session_SetDefaultStore,
    session_AdminServices,
    session_ShowForm,
    session_PrepareForm,
};

HRESULT session_create(struct profile *profile, ULONG flags, struct session **ret)
{
    struct session *session;
    HRESULT hr;

    *ret = NULL;
    if (!(session = calloc(1, sizeof(*session)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    session->IMAPISession_iface.lpVtbl = &session_vtbl;
    session->ref = 1;
    session->internal_ref = 1;
    InitializeCriticalSection(&session->cs);
    session->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": session.cs");
    session->profile = profile_addref(profile);
    session->flags = flags & SESSION_FLAGS_KEPT;
    session->id = InterlockedIncrement(&next_session_id);
    list_init(&session->modules);
    list_init(&session->logons);
    list_init(&session->uids);
    list_init(&session->objects);
    list_init(&session->advises);

    if (FAILED(hr = status_table_create(session)) || FAILED(hr = provider_logon_all(session, 0)))
    {
        /* Keep the reason for MAPILogonEx's caller. */
        *ret = session;
        session_logoff(session);
        return hr;
    }
    *ret = session;
    return S_OK;
}

/* The open-store records: see docs/spooler.md. */
static const WCHAR open_stores_key[] = L"Software\\Wine\\MAPI\\OpenStores";

static HKEY open_store_parent(struct provider_logon *logon, BOOL create)
{
    WCHAR path[MAX_PATH * 2];
    const BYTE *uid = logon->info.provider_uid.ab;
    HKEY key = NULL;
    int i, len;

    len = swprintf(path, MAX_PATH, L"%s\\%s\\", open_stores_key, profile_name(logon->session->profile));
    for (i = 0; i < sizeof(MAPIUID); i++) len += swprintf(path + len, 3, L"%02x", uid[i]);
    if (create)
        RegCreateKeyExW(HKEY_CURRENT_USER, path, 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &key, NULL);
    else
        RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_ALL_ACCESS, &key);
    return key;
}

void session_record_open_store(struct provider_logon *logon)
{
    static LONG counter;
    WCHAR name[64];
    HKEY parent, key;

    if (!(parent = open_store_parent(logon, TRUE))) return;
    swprintf(name, ARRAY_SIZE(name), L"%lu.%ld.%ld", GetCurrentProcessId(), logon->session->id,
             InterlockedIncrement(&counter));
    if (!RegCreateKeyExW(parent, name, 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &key, NULL))
    {
        RegCloseKey(key);
        logon->open_store_key = mapi_strdupW_from(name, TRUE);
    }
    RegCloseKey(parent);
    /* The profile's spooler, in this process or another, serves the store from now on. */
    spooler_store_opened(logon->session, &logon->info.provider_uid);
}

void session_forget_open_store(struct provider_logon *logon)
{
    HKEY parent;

    if (!logon->open_store_key) return;
    if ((parent = open_store_parent(logon, FALSE)))
    {
        RegDeleteKeyW(parent, logon->open_store_key);
        /* The store's key goes with its last record: profiles come and go with new UIDs. */
        RegDeleteKeyW(parent, L"");
        RegCloseKey(parent);
    }
    free(logon->open_store_key);
    logon->open_store_key = NULL;
}

static BOOL process_alive(DWORD pid)
{
    HANDLE process;
    DWORD code = 0;

    if (pid == GetCurrentProcessId()) return TRUE;
    if (!(process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid))) return FALSE;
    GetExitCodeProcess(process, &code);
    CloseHandle(process);
    return code == STILL_ACTIVE;
}

BOOL session_store_open_elsewhere(struct provider_logon *logon)
{
    WCHAR name[64];
    DWORD index = 0, len;
    BOOL found = FALSE;
    HKEY parent;

    if (!(parent = open_store_parent(logon, FALSE))) return FALSE;
    for (;;)
    {
        len = ARRAY_SIZE(name);
        if (RegEnumKeyExW(parent, index, name, &len, NULL, NULL, NULL, NULL)) break;
        if (logon->open_store_key && !wcscmp(name, logon->open_store_key)) { index++; continue; }
        if (!process_alive(wcstoul(name, NULL, 10)))
        {
            /* A client that died without logging off holds nothing. */
            RegDeleteKeyW(parent, name);
            continue;
        }
        found = TRUE;
        break;
    }
    RegCloseKey(parent);
    return found;
}
