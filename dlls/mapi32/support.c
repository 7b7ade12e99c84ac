/*
 * IMAPISupport: what MAPI offers a service provider, one object per logon.
 *
 * One implementation serves every flavour MAPI has: a store's, a
 * transport's, an address book provider's (all three tied to a logon of a
 * session) and a message service entry point's (tied to a profile only).
 * A method that a flavour does not have answers MAPI_E_NO_SUPPORT, as
 * Windows' MAPI does. The generic copy methods are in supportcopy.c.
 *
 * When the last reference to a store's support object goes, the store has
 * gone (the store releases it last): MAPI then logs the store off
 * (IMSLogon::Logoff, IMSLogon::Release), as IMSLogon::Logoff's page says.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static const char * const kind_names[] = { "store", "transport", "address book", "service" };

static inline struct support *impl_from_IMAPISupport(IMAPISupport *iface)
{
    return CONTAINING_RECORD(iface, struct support, IMAPISupport_iface);
}

/* The session of a support object that has one and has not logged off. */
static struct session *support_session(struct support *support)
{
    if (!support->session || support->session->logged_off) return NULL;
    return support->session;
}

static HRESULT WINAPI support_QueryInterface(IMAPISupport *iface, REFIID iid, void **obj)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%s,%p)\n", support, debugstr_guid(iid), obj);

    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPISup))
    {
        *obj = iface;
        IMAPISupport_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI support_AddRef(IMAPISupport *iface)
{
    struct support *support = impl_from_IMAPISupport(iface);
    ULONG ref = InterlockedIncrement(&support->ref);

    TRACE("(%p) ref %lu\n", support, ref);
    return ref;
}

/* Drops what the provider left registered: subscriptions, provider UIDs, its status row. */
static void support_forget(struct support *support)
{
    struct session *session = support->session;
    struct provider_uid *uid, *next;

    notify_unsubscribe_all(support);
    if (!session) return;
    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY_SAFE(uid, next, &session->uids, struct provider_uid, entry)
    {
        if (uid->support != support) continue;
        list_remove(&uid->entry);
        free(uid);
    }
    LeaveCriticalSection(&session->cs);
}

static ULONG WINAPI support_Release(IMAPISupport *iface)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct provider_logon *logon;
    ULONG ref = InterlockedDecrement(&support->ref);

    TRACE("(%p) ref %lu\n", support, ref);
    if (ref) return ref;

    support_forget(support);
    /* A store whose client object went away: MAPI logs it off now. */
    if ((logon = support->logon) && support->kind == SUPPORT_STORE)
    {
        TRACE("store %s released, logging off\n", debugstr_w(logon->info.display_name));
        support->logon = NULL;
        logon->support = NULL;
        provider_logoff(logon);
    }
    if (support->session) session_release_internal(support->session);
    if (support->profile) profile_release(support->profile);
    mapi_error_clear(&support->error);
    free(support->dll_name);
    free(support);
    return 0;
}

void support_detach(struct support *support)
{
    support->logon = NULL;
}

static HRESULT WINAPI support_GetLastError(IMAPISupport *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%#lx,%#lx,%p)\n", support, hr, flags, error);
    return mapi_error_get(&support->error, L"MAPI support", hr, flags, error);
}

static HRESULT WINAPI support_GetMemAllocRoutines(IMAPISupport *iface, LPALLOCATEBUFFER *allocate_buffer,
                                                  LPALLOCATEMORE *allocate_more, LPFREEBUFFER *free_buffer)
{
    TRACE("(%p,%p,%p,%p)\n", iface, allocate_buffer, allocate_more, free_buffer);

    if (!allocate_buffer || !allocate_more || !free_buffer) return MAPI_E_INVALID_PARAMETER;
    *allocate_buffer = MAPIAllocateBuffer;
    *allocate_more = MAPIAllocateMore;
    *free_buffer = MAPIFreeBuffer;
    return S_OK;
}

static HRESULT WINAPI support_Subscribe(IMAPISupport *iface, LPNOTIFKEY key, ULONG mask, ULONG flags,
                                        LPMAPIADVISESINK sink, ULONG_PTR *connection)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%p,%#lx,%#lx,%p,%p)\n", support, key, mask, flags, sink, connection);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!key || !sink || !connection) return MAPI_E_INVALID_PARAMETER;
    return notify_subscribe(support, key, mask, flags, sink, connection);
}

static HRESULT WINAPI support_Unsubscribe(IMAPISupport *iface, ULONG_PTR connection)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%Iu)\n", support, connection);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!connection) return MAPI_E_INVALID_PARAMETER;
    return notify_unsubscribe(support, connection);
}

static HRESULT WINAPI support_Notify(IMAPISupport *iface, LPNOTIFKEY key, ULONG count,
                                     LPNOTIFICATION notifications, ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%p,%lu,%p,%p)\n", support, key, count, notifications, flags);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!key || !count || !notifications || !flags) return MAPI_E_INVALID_PARAMETER;
    return notify_send(key, count, notifications, flags);
}

static HRESULT WINAPI support_ModifyStatusRow(IMAPISupport *iface, ULONG count, LPSPropValue values, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct session *session;

    TRACE("(%p,%lu,%p,%#lx)\n", support, count, values, flags);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!count || !values) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~STATUSROW_UPDATE) return MAPI_E_UNKNOWN_FLAGS;
    if (!(session = support_session(support)) || !support->logon) return MAPI_E_INVALID_OBJECT;
    return status_modify_row(session, support->logon->status_row, count, values, flags);
}

static HRESULT WINAPI support_OpenProfileSection(IMAPISupport *iface, LPMAPIUID uid, ULONG flags,
                                                 LPPROFSECT *section)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%p,%#lx,%p)\n", support, uid, flags, section);

    if (!section) return MAPI_E_INVALID_PARAMETER;
    *section = NULL;
    if (flags & ~(MAPI_MODIFY | MAPI_DEFERRED_ERRORS)) return MAPI_E_UNKNOWN_FLAGS;
    if (!support->profile) return MAPI_E_INVALID_OBJECT;
    /* NULL is the caller's own section. */
    return profile_open_section(support->profile, uid ? uid : &support->section_uid,
                                flags & MAPI_MODIFY, section);
}

static HRESULT WINAPI support_RegisterPreprocessor(IMAPISupport *iface, LPMAPIUID uid, WINE_LPTSTR address_type,
                                                   WINE_LPTSTR dll_name, LPSTR preprocess, LPSTR remove_info,
                                                   ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    WCHAR *type, *dll;
    HRESULT hr;

    TRACE("(%p,%p,%p,%p,%s,%s,%#lx)\n", support, uid, address_type, dll_name, debugstr_a(preprocess),
          debugstr_a(remove_info), flags);

    if (support->kind != SUPPORT_TRANSPORT) return MAPI_E_NO_SUPPORT;
    if (!dll_name || !preprocess || !remove_info) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    type = mapi_strdupW_from(address_type, flags & MAPI_UNICODE);
    dll = mapi_strdupW_from(dll_name, flags & MAPI_UNICODE);
    if ((address_type && !type) || !dll) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else hr = spooler_register_preprocessor(support, uid, type, dll, preprocess, remove_info);
    free(type);
    free(dll);
    return hr;
}

static HRESULT WINAPI support_NewUID(IMAPISupport *iface, LPMAPIUID uid)
{
    TRACE("(%p,%p)\n", iface, uid);

    if (!uid) return MAPI_E_INVALID_PARAMETER;
    return FAILED(CoCreateGuid((GUID *)uid)) ? MAPI_E_CALL_FAILED : S_OK;
}

static HRESULT WINAPI support_MakeInvalid(IMAPISupport *iface, ULONG flags, LPVOID object, ULONG ref_count,
                                          ULONG methods)
{
    TRACE("(%p,%#lx,%p,%lu,%lu)\n", iface, flags, object, ref_count, methods);

    if (!object || methods < 3) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return mapi_make_invalid(object, ref_count, methods);
}

/* The spooler works on a thread of its own: a transport that yields lets nothing wait. */
static HRESULT WINAPI support_SpoolerYield(IMAPISupport *iface, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%#lx)\n", support, flags);

    if (support->kind != SUPPORT_TRANSPORT) return MAPI_E_NO_SUPPORT;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return S_OK;
}

static HRESULT WINAPI support_SpoolerNotify(IMAPISupport *iface, ULONG flags, LPVOID data)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%#lx,%p)\n", support, flags, data);

    if (support->kind != SUPPORT_TRANSPORT && support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    return spooler_notify(support, flags, data);
}

static HRESULT WINAPI support_CreateOneOff(IMAPISupport *iface, WINE_LPTSTR name, WINE_LPTSTR address_type,
                                           WINE_LPTSTR address, ULONG flags, ULONG *entryid_size,
                                           LPENTRYID *entryid)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%p,%p,%p,%#lx,%p,%p)\n", support, name, address_type, address, flags, entryid_size, entryid);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!address_type || !address || !entryid_size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~(MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO)) return MAPI_E_UNKNOWN_FLAGS;
    return entryid_create_one_off(name, address_type, address, flags, entryid_size, entryid);
}

static HRESULT WINAPI support_SetProviderUID(IMAPISupport *iface, LPMAPIUID provider_uid, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct provider_uid *uid;
    struct session *session;

    TRACE("(%p,%p,%#lx)\n", support, provider_uid, flags);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!provider_uid) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!(session = support_session(support))) return MAPI_E_INVALID_OBJECT;
    /* The spooler's logon to a store shares the client's UID: entry IDs go to the client's. */
    if (support->spooler) return S_OK;

    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(uid, &session->uids, struct provider_uid, entry)
    {
        if (memcmp(&uid->uid, provider_uid, sizeof(MAPIUID)) || uid->support != support) continue;
        LeaveCriticalSection(&session->cs);
        return S_OK;
    }
    /* Several logons of one provider may share a UID (a store opened twice):
     * each is recorded, so that the UID still leads somewhere when one ends. */
    if ((uid = malloc(sizeof(*uid))))
    {
        uid->uid = *provider_uid;
        uid->support = support;
        list_add_tail(&session->uids, &uid->entry);
    }
    LeaveCriticalSection(&session->cs);
    return uid ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

static HRESULT WINAPI support_CompareEntryIDs(IMAPISupport *iface, ULONG size1, LPENTRYID entryid1, ULONG size2,
                                              LPENTRYID entryid2, ULONG flags, ULONG *result)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct session *session;

    TRACE("(%p,%lu,%p,%lu,%p,%#lx,%p)\n", support, size1, entryid1, size2, entryid2, flags, result);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!(session = support_session(support))) return MAPI_E_INVALID_OBJECT;
    return session_compare_entryids(session, size1, entryid1, size2, entryid2, flags, result);
}

static HRESULT WINAPI support_OpenTemplateID(IMAPISupport *iface, ULONG template_size, LPENTRYID template_id,
                                             ULONG template_flags, LPMAPIPROP data, LPCIID iid,
                                             LPMAPIPROP *new_prop, LPMAPIPROP sibling)
{
    FIXME("(%p,%lu,%p,%#lx,%p,%s,%p,%p): templates of foreign address books not supported\n", iface,
          template_size, template_id, template_flags, data, debugstr_guid(iid), new_prop, sibling);
    if (new_prop) *new_prop = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_OpenEntry(IMAPISupport *iface, ULONG size, LPENTRYID entryid, LPCIID iid,
                                        ULONG flags, ULONG *type, LPUNKNOWN *object)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct session *session;

    TRACE("(%p,%lu,%p,%s,%#lx,%p,%p)\n", support, size, entryid, debugstr_guid(iid), flags, type, object);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!(session = support_session(support))) return MAPI_E_INVALID_OBJECT;
    return session_open_entry(session, size, entryid, iid, flags, type, object);
}

/* The one-off templates of every address book provider of the session, in one table. */
static HRESULT WINAPI support_GetOneOffTable(IMAPISupport *iface, ULONG flags, LPMAPITABLE *table)
{
    static const SizedSPropTagArray(7, columns) =
    {
        7, { PR_DISPLAY_NAME_W, PR_ENTRYID, PR_DEPTH, PR_SELECTABLE, PR_ADDRTYPE_W, PR_DISPLAY_TYPE,
             PR_INSTANCE_KEY }
    };
    struct support *support = impl_from_IMAPISupport(iface);
    struct provider_logon *logon;
    struct session *session;
    ITableData *data;
    IMAPITable *provider_table;
    SRowSet *rows;
    ULONG i, key = 0;
    BOOL ansi;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", support, flags, table);

    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (!table) return MAPI_E_INVALID_PARAMETER;
    *table = NULL;
    if (flags & ~MAPI_UNICODE) return MAPI_E_UNKNOWN_FLAGS;
    if (!(session = support_session(support))) return MAPI_E_INVALID_OBJECT;

    if ((hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                          NULL, TBLTYPE_DYNAMIC, PR_INSTANCE_KEY, (SPropTagArray *)&columns, &data)))
        return hr;

    EnterCriticalSection(&session->cs);
    LIST_FOR_EACH_ENTRY(logon, &session->logons, struct provider_logon, entry)
    {
        if (logon->info.resource_type != MAPI_AB_PROVIDER || !logon->logon) continue;
        if (FAILED(mapi_open_table_w(logon->logon, MAPI_TABLE_ONE_OFF, 0, &provider_table, &ansi))) continue;
        if (SUCCEEDED(mapi_query_rows_w(provider_table, ansi, (SPropTagArray *)&columns, &rows)))
        {
            for (i = 0; i < rows->cRows; i++)
            {
                SPropValue *instance = &rows->aRow[i].lpProps[6];
                /* Every row needs a key of its own in the merged table. */
                key++;
                instance->ulPropTag = PR_INSTANCE_KEY;
                instance->Value.bin.cb = sizeof(key);
                MAPIAllocateMore(sizeof(key), rows->aRow[i].lpProps, (void **)&instance->Value.bin.lpb);
                if (instance->Value.bin.lpb) memcpy(instance->Value.bin.lpb, &key, sizeof(key));
                ITableData_HrModifyRow(data, &rows->aRow[i]);
            }
            FreeProws(rows);
        }
        IMAPITable_Release(provider_table);
    }
    LeaveCriticalSection(&session->cs);

    hr = ITableData_HrGetView(data, NULL, NULL, 0, table);
    ITableData_Release(data);
    return hr;
}

static HRESULT WINAPI support_Address(IMAPISupport *iface, ULONG_PTR *ui_param, LPADRPARM params,
                                      LPADRLIST *list)
{
    FIXME("(%p,%p,%p,%p): the address dialog is UI, not supported\n", iface, ui_param, params, list);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_Details(IMAPISupport *iface, ULONG_PTR *ui_param, LPFNDISMISS dismiss,
                                      LPVOID dismiss_context, ULONG size, LPENTRYID entryid,
                                      LPFNBUTTON button_callback, LPVOID button_context, WINE_LPTSTR button_text,
                                      ULONG flags)
{
    FIXME("(%p,%p,%p,%p,%lu,%p,%p,%p,%p,%#lx): the details dialog is UI, not supported\n", iface, ui_param,
          dismiss, dismiss_context, size, entryid, button_callback, button_context, button_text, flags);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_NewEntry(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags, ULONG container_size,
                                       LPENTRYID container, ULONG template_size, LPENTRYID template_id,
                                       ULONG *new_size, LPENTRYID *new_entry)
{
    FIXME("(%p,%#Ix,%#lx,%lu,%p,%lu,%p,%p,%p): the new entry dialog is UI, not supported\n", iface, ui_param,
          flags, container_size, container, template_size, template_id, new_size, new_entry);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoConfigPropsheet(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags,
                                                WINE_LPTSTR title, LPMAPITABLE display_table,
                                                LPMAPIPROP config_data, ULONG top_page)
{
    FIXME("(%p,%#Ix,%#lx,%p,%p,%p,%lu): property sheets are UI, not supported\n", iface, ui_param, flags,
          title, display_table, config_data, top_page);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_DoProgressDialog(IMAPISupport *iface, ULONG_PTR ui_param, ULONG flags,
                                               LPMAPIPROGRESS *progress)
{
    FIXME("(%p,%#Ix,%#lx,%p): the progress dialog is UI, not supported\n", iface, ui_param, flags, progress);
    if (progress) *progress = NULL;
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_UpdatePAB(IMAPISupport *iface, ULONG flags, LPMESSAGE message)
{
    FIXME("(%p,%#lx,%p): the spooler's personal address book update is not supported\n", iface, flags, message);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI support_OpenAddressBook(IMAPISupport *iface, LPCIID iid, ULONG flags, LPADRBOOK *addrbook)
{
    struct support *support = impl_from_IMAPISupport(iface);
    struct session *session;
    HRESULT hr;

    TRACE("(%p,%s,%#lx,%p)\n", support, debugstr_guid(iid), flags, addrbook);

    if (!addrbook) return MAPI_E_INVALID_PARAMETER;
    *addrbook = NULL;
    if (support->kind == SUPPORT_SERVICE) return MAPI_E_NO_SUPPORT;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!(session = support_session(support))) return MAPI_E_INVALID_OBJECT;
    if (FAILED(hr = session_get_addrbook(session, addrbook))) return hr;
    if (iid && !IsEqualIID(iid, &IID_IAddrBook))
    {
        IAddrBook *book = *addrbook;
        hr = IAddrBook_QueryInterface(book, iid, (void **)addrbook);
        IAddrBook_Release(book);
    }
    return hr;
}

static HRESULT WINAPI support_Preprocess(IMAPISupport *iface, ULONG flags, ULONG size, LPENTRYID entryid)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%#lx,%lu,%p)\n", support, flags, size, entryid);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return spooler_preprocess(support, size, entryid);
}

static HRESULT WINAPI support_CompleteMsg(IMAPISupport *iface, ULONG flags, ULONG size, LPENTRYID entryid)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%#lx,%lu,%p)\n", support, flags, size, entryid);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (!size || !entryid) return MAPI_E_INVALID_PARAMETER;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    return spooler_complete_msg(support, size, entryid);
}

/* See ../shared/docs/storelogoff.md: the open-store records first, then the spooler. */
static HRESULT WINAPI support_StoreLogoffTransports(IMAPISupport *iface, ULONG *flags)
{
    struct support *support = impl_from_IMAPISupport(iface);
    static const ULONG exclusive = LOGOFF_ABORT | LOGOFF_NO_WAIT | LOGOFF_ORDERLY | LOGOFF_PURGE | LOGOFF_QUIET;
    struct provider_logon *logon;
    HMODULE module;
    MAPIUID store;
    ULONG flag;
    HRESULT hr;

    TRACE("(%p,%p)\n", support, flags);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (!flags) return MAPI_E_INVALID_PARAMETER;
    if (*flags & ~exclusive)
    {
        WARN("unknown flags %#lx\n", *flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (*flags & (*flags - 1))
    {
        WARN("more than one of %#lx\n", *flags);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!(flag = *flags))
    {
        WARN("no flag: LOGOFF_ORDERLY\n");
        flag = LOGOFF_ORDERLY;
    }
    /* The spooler's own store going away: nothing of the spooler's to wait for. */
    if (support->spooler || !(logon = support->logon) || !support->session)
    {
        *flags = LOGOFF_COMPLETE;
        return S_OK;
    }
    session_forget_open_store(logon);
    /* Another client still has the store: nothing changes for it. */
    if (session_store_open_elsewhere(logon))
    {
        TRACE("%s is still open elsewhere\n", debugstr_w(logon->info.display_name));
        *flags = LOGOFF_COMPLETE;
        return S_OK;
    }
    store = logon->info.provider_uid;
    module = logon->module ? logon->module->module : NULL;
    hr = spooler_store_logoff(support->session, &store, flag, flags);
    /* The session logged off while a PURGE waited: it unloads the providers, but the store is still in
     * its last Release on this thread. Its DLL stays loaded. */
    if (support->session->logged_off && module)
    {
        HMODULE pinned;
        WARN("session logged off during the store's logoff: its provider stays loaded\n");
        GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (WCHAR *)module,
                           &pinned);
    }
    return hr;
}

static HRESULT WINAPI support_StatusRecips(IMAPISupport *iface, LPMESSAGE message, LPADRLIST recipients)
{
    struct support *support = impl_from_IMAPISupport(iface);
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", support, message, recipients);

    if (support->kind != SUPPORT_TRANSPORT) return MAPI_E_NO_SUPPORT;
    if (!message || !recipients) return MAPI_E_INVALID_PARAMETER;
    /* MAPI frees the list only when the call succeeds. */
    if (SUCCEEDED(hr = spooler_status_recips(support, message, recipients))) FreePadrlist(recipients);
    return hr;
}

static HRESULT WINAPI support_WrapStoreEntryID(IMAPISupport *iface, ULONG size, LPENTRYID entryid,
                                               ULONG *wrapped_size, LPENTRYID *wrapped)
{
    struct support *support = impl_from_IMAPISupport(iface);
    char dll_name[MAX_PATH];

    TRACE("(%p,%lu,%p,%p,%p)\n", support, size, entryid, wrapped_size, wrapped);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if ((size && !entryid) || !wrapped_size || !wrapped) return MAPI_E_INVALID_PARAMETER;
    if (!support->dll_name ||
        !WideCharToMultiByte(CP_ACP, 0, support->dll_name, -1, dll_name, sizeof(dll_name), NULL, NULL))
        return MAPI_E_INVALID_OBJECT;
    return entryid_wrap_store(dll_name, size, entryid, wrapped_size, wrapped);
}

/* The store's profile section is written through at SaveChanges: nothing is pending. */
static HRESULT WINAPI support_ModifyProfile(IMAPISupport *iface, ULONG flags)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%#lx)\n", support, flags);

    if (support->kind != SUPPORT_STORE) return MAPI_E_NO_SUPPORT;
    if (flags & ~MDB_TEMPORARY) return MAPI_E_UNKNOWN_FLAGS;
    if (!support->logon) return MAPI_E_INVALID_OBJECT;
    /* A temporary store becomes one of the profile's, and the other way round. */
    support->logon->open_flags = (support->logon->open_flags & ~MDB_TEMPORARY) | (flags & MDB_TEMPORARY);
    return S_OK;
}

static HRESULT WINAPI support_IStorageFromStream(IMAPISupport *iface, LPUNKNOWN unk, LPCIID iid, ULONG flags,
                                                 LPSTORAGE *storage)
{
    TRACE("(%p,%p,%s,%#lx,%p)\n", iface, unk, debugstr_guid(iid), flags, storage);
    return HrIStorageFromStream(unk, iid, flags, storage);
}

static HRESULT WINAPI support_GetSvcConfigSupportObj(IMAPISupport *iface, ULONG flags, LPMAPISUP *service_support)
{
    struct support *support = impl_from_IMAPISupport(iface);

    TRACE("(%p,%#lx,%p)\n", support, flags, service_support);

    if (!service_support) return MAPI_E_INVALID_PARAMETER;
    *service_support = NULL;
    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!support->profile) return MAPI_E_INVALID_OBJECT;
    return support_create_for_service(support->profile, &support->service_uid, service_support);
}

/* supportcopy.c and supportmsg.c */
extern HRESULT WINAPI support_CopyMessages(IMAPISupport *iface, LPCIID src_iid, LPVOID src_folder,
                                           LPENTRYLIST messages, LPCIID dst_iid, LPVOID dst_folder,
                                           ULONG_PTR ui_param, LPMAPIPROGRESS progress, ULONG flags);
extern HRESULT WINAPI support_CopyFolder(IMAPISupport *iface, LPCIID src_iid, LPVOID src_folder, ULONG size,
                                         LPENTRYID entryid, LPCIID dst_iid, LPVOID dst_folder,
                                         WINE_LPTSTR new_name, ULONG_PTR ui_param, LPMAPIPROGRESS progress,
                                         ULONG flags);
extern HRESULT WINAPI support_DoCopyTo(IMAPISupport *iface, LPCIID src_iid, LPVOID src_object, ULONG exclude_count,
                                       LPCIID exclude_iids, LPSPropTagArray exclude_props, ULONG_PTR ui_param,
                                       LPMAPIPROGRESS progress, LPCIID dst_iid, LPVOID dst_object, ULONG flags,
                                       LPSPropProblemArray *problems);
extern HRESULT WINAPI support_DoCopyProps(IMAPISupport *iface, LPCIID src_iid, LPVOID src_object,
                                          LPSPropTagArray include_props, ULONG_PTR ui_param,
                                          LPMAPIPROGRESS progress, LPCIID dst_iid, LPVOID dst_object, ULONG flags,
                                          LPSPropProblemArray *problems);
extern HRESULT WINAPI support_ReadReceipt(IMAPISupport *iface, ULONG flags, LPMESSAGE read_message,
                                          LPMESSAGE *empty_message);
extern HRESULT WINAPI support_PrepareSubmit(IMAPISupport *iface, LPMESSAGE message, ULONG *flags);
extern HRESULT WINAPI support_ExpandRecips(IMAPISupport *iface, LPMESSAGE message, ULONG *flags);
extern HRESULT WINAPI support_DoSentMail(IMAPISupport *iface, ULONG flags, LPMESSAGE message);

static const IMAPISupportVtbl support_vtbl =
{
    support_QueryInterface,
    support_AddRef,
    support_Release,
    support_GetLastError,
    support_GetMemAllocRoutines,
    support_Subscribe,
    support_Unsubscribe,
    support_Notify,
    support_ModifyStatusRow,
    support_OpenProfileSection,
    support_RegisterPreprocessor,
    support_NewUID,
    support_MakeInvalid,
    support_SpoolerYield,
    support_SpoolerNotify,
    support_CreateOneOff,
    support_SetProviderUID,
    support_CompareEntryIDs,
    support_OpenTemplateID,
    support_OpenEntry,
    support_GetOneOffTable,
    support_Address,
    support_Details,
    support_NewEntry,
    support_DoConfigPropsheet,
    support_CopyMessages,
    support_CopyFolder,
    support_DoCopyTo,
    support_DoCopyProps,
    support_DoProgressDialog,
    support_ReadReceipt,
    support_PrepareSubmit,
    support_ExpandRecips,
    support_UpdatePAB,
    support_DoSentMail,
    support_OpenAddressBook,
    support_Preprocess,
    support_CompleteMsg,
    support_StoreLogoffTransports,
    support_StatusRecips,
    support_WrapStoreEntryID,
    support_ModifyProfile,
    support_IStorageFromStream,
    support_GetSvcConfigSupportObj,
};

static HRESULT support_alloc(enum support_kind kind, struct profile *profile, struct support **ret)
{
    struct support *support;

    if (!(support = calloc(1, sizeof(*support)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    support->IMAPISupport_iface.lpVtbl = &support_vtbl;
    support->ref = 1;
    support->kind = kind;
    support->profile = profile_addref(profile);
    *ret = support;
    return S_OK;
}

HRESULT support_create(struct session *session, struct provider_logon *logon, enum support_kind kind,
                       struct support **ret)
{
    struct support *support;
    HRESULT hr;

    if (FAILED(hr = support_alloc(kind, session->profile, &support))) return hr;
    session_addref_internal(session);
    support->session = session;
    support->logon = logon;
    support->section_uid = logon->info.provider_uid;
    support->service_uid = logon->info.service_uid;
    if (logon->info.dll_name && !(support->dll_name = mapi_strdupW_from(logon->info.dll_name, TRUE)))
    {
        IMAPISupport_Release(&support->IMAPISupport_iface);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    TRACE("%s support %p for %s\n", kind_names[kind], support, debugstr_w(logon->info.display_name));
    *ret = support;
    return S_OK;
}

/***********************************************************************
 *  support_create_for_service
 *
 * The support object of a message service's entry point: see support.h.
 */
HRESULT support_create_for_service(struct profile *profile, const MAPIUID *service_uid, IMAPISupport **ret)
{
    struct support *support;
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", profile, service_uid, ret);

    if (!profile || !service_uid || !ret) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = support_alloc(SUPPORT_SERVICE, profile, &support))) return hr;
    support->section_uid = *service_uid;
    support->service_uid = *service_uid;
    *ret = &support->IMAPISupport_iface;
    return S_OK;
}
