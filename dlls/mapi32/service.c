/*
 * Message services and service providers in a profile: what the
 * administration objects do to a profile, and the calls of a service's entry
 * point that go with it.
 *
 * A service is a section of its own (PR_SERVICE_NAME, PR_SERVICE_UID, what
 * mapisvc.inf gives it, and the lists of its providers by kind: PR_STORE_PROVIDERS,
 * PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS), and so is each provider (PR_PROVIDER_UID,
 * PR_SERVICE_UID, PR_SERVICE_NAME and its own entries). The profile's section
 * 9207f3e0a3b11019908b08002b2a56c2 lists the services (PR_SERVICES) and all
 * providers by kind, transports in transport order.
 */

#include "profile_private.h"
#include "support.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static const ULONG provider_list_tags[] = { PR_STORE_PROVIDERS, PR_AB_PROVIDERS, PR_TRANSPORT_PROVIDERS };

static const SPropValue *find_prop(ULONG count, const SPropValue *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag) && PROP_TYPE(props[i].ulPropTag) != PT_ERROR)
            return &props[i];
    return NULL;
}

static ULONG find_long(ULONG count, const SPropValue *props, ULONG tag, ULONG fallback)
{
    const SPropValue *prop = find_prop(count, props, tag);

    return prop && PROP_TYPE(prop->ulPropTag) == PT_LONG ? prop->Value.l : fallback;
}

static void set_binary(SPropValue *prop, ULONG tag, const void *data, ULONG size)
{
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.bin.cb = size;
    prop->Value.bin.lpb = (BYTE *)data;
}

static void set_string(SPropValue *prop, ULONG tag, const WCHAR *string)
{
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.lpszW = (WCHAR *)string;
}

static void set_long(SPropValue *prop, ULONG tag, ULONG value)
{
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    prop->Value.l = value;
}

static HRESULT begin(struct profile *profile, struct profile_txn *txn, HKEY *key)
{
    HRESULT hr;

    if (FAILED(hr = profile_txn_begin(txn, profile_name(profile), NULL))) return hr;
    if (FAILED(hr = profile_txn_open(txn, profile_name(profile), key))) profile_txn_end(txn, hr);
    return hr;
}

static HRESULT end(struct profile_txn *txn, HKEY key, HRESULT hr)
{
    RegCloseKey(key);
    return profile_txn_end(txn, hr);
}

static BOOL list_has(HKEY key, const MAPIUID *section, ULONG tag, const MAPIUID *uid)
{
    ULONG count;
    MAPIUID *uids;
    BOOL found;

    if (FAILED(uid_list_read(key, section, tag, &count, &uids))) return FALSE;
    found = uid_list_contains(count, uids, uid);
    MAPIFreeBuffer(uids);
    return found;
}

BOOL service_exists(struct profile *profile, const MAPIUID *uid)
{
    BOOL found = FALSE;
    HKEY key;

    profile_store_lock();
    if (SUCCEEDED(profile_open_key(profile, &key)))
    {
        found = list_has(key, &profile_services_uid, PR_SERVICES, uid);
        RegCloseKey(key);
    }
    profile_store_unlock();
    return found;
}

BOOL profile_is_provider_section(struct profile *profile, const MAPIUID *uid)
{
    BOOL found = FALSE;
    HKEY key;
    ULONG i;

    profile_store_lock();
    if (SUCCEEDED(profile_open_key(profile, &key)))
    {
        for (i = 0; i < ARRAY_SIZE(provider_list_tags) && !found; i++)
            found = list_has(key, &profile_services_uid, provider_list_tags[i], uid);
        RegCloseKey(key);
    }
    profile_store_unlock();
    return found;
}

/* Whether a service of that name is in the profile (SERVICE_SINGLE_COPY) */
static BOOL has_service_named(HKEY key, const WCHAR *name)
{
    MAPIUID *uids;
    ULONG count, i;
    BOOL found = FALSE;

    if (FAILED(uid_list_read(key, &profile_services_uid, PR_SERVICES, &count, &uids))) return FALSE;
    for (i = 0; i < count && !found; i++)
    {
        WCHAR *other = section_read_string(key, &uids[i], PR_SERVICE_NAME_W);

        found = other && !wcsicmp(other, name);
        free(other);
    }
    MAPIFreeBuffer(uids);
    return found;
}

/* Writes a provider's section and lists it, inside a change. */
static HRESULT add_provider(HKEY key, const MAPIUID *service_uid, const WCHAR *service_name,
                            const WCHAR *service_display, const WCHAR *section_name, ULONG count,
                            const SPropValue *props, const MAPIUID *uid, struct mapi_error_info *error)
{
    SPropValue standard[5];
    ULONG n = 0, list_tag;
    HRESULT hr;

    list_tag = provider_list_tag(find_long(count, props, PR_RESOURCE_TYPE, 0));
    if (!list_tag)
        return mapi_error_set(error, MAPI_E_INVALID_PARAMETER, L"The provider section [%s] has no valid "
                              L"PR_RESOURCE_TYPE", section_name);

    if (FAILED(hr = section_write(key, uid, count, props))) return hr;
    set_binary(&standard[n++], PR_PROVIDER_UID, uid, sizeof(*uid));
    set_binary(&standard[n++], PR_SERVICE_UID, service_uid, sizeof(*service_uid));
    set_string(&standard[n++], PR_SERVICE_NAME_W, service_name);
    if (!find_prop(count, props, PR_DISPLAY_NAME_W)) set_string(&standard[n++], PR_DISPLAY_NAME_W, service_display);
    if (!find_prop(count, props, PR_RESOURCE_FLAGS)) set_long(&standard[n++], PR_RESOURCE_FLAGS, 0);
    if (FAILED(hr = section_write(key, uid, n, standard))) return hr;
    if (FAILED(hr = uid_list_add(key, service_uid, list_tag, uid))) return hr;
    return uid_list_add(key, &profile_services_uid, list_tag, uid);
}

static BOOL extra_in_use(HKEY key, const MAPIUID *service_uid, const MAPIUID *extra)
{
    MAPIUID *services;
    ULONG count, i;
    BOOL used = FALSE;

    if (FAILED(uid_list_read(key, &profile_services_uid, PR_SERVICES, &count, &services))) return TRUE;
    for (i = 0; i < count && !used; i++)
        if (memcmp(&services[i], service_uid, sizeof(*service_uid)))
            used = list_has(key, &services[i], PR_SERVICE_EXTRA_UIDS, extra);
    MAPIFreeBuffer(services);
    return used;
}

/* Takes a service and its sections out of the profile, inside a change. */
static HRESULT remove_service(HKEY key, const MAPIUID *uid)
{
    MAPIUID *uids;
    ULONG count, i, j;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(provider_list_tags); i++)
    {
        if (FAILED(hr = uid_list_read(key, uid, provider_list_tags[i], &count, &uids))) return hr;
        for (j = 0; j < count && SUCCEEDED(hr); j++)
            if (SUCCEEDED(hr = uid_list_remove(key, &profile_services_uid, provider_list_tags[i], &uids[j])))
                hr = section_remove(key, &uids[j]);
        MAPIFreeBuffer(uids);
        if (FAILED(hr)) return hr;
    }
    if (FAILED(hr = uid_list_read(key, uid, PR_SERVICE_EXTRA_UIDS, &count, &uids))) return hr;
    for (j = 0; j < count && SUCCEEDED(hr); j++)
        if (!extra_in_use(key, uid, &uids[j])) hr = section_remove(key, &uids[j]);
    MAPIFreeBuffer(uids);
    if (SUCCEEDED(hr)) hr = uid_list_remove(key, &profile_services_uid, PR_SERVICES, uid);
    if (SUCCEEDED(hr)) hr = section_remove(key, uid);
    return hr;
}

static HRESULT remove_service_now(struct profile *profile, const MAPIUID *uid)
{
    struct profile_txn txn;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = begin(profile, &txn, &key))) return hr;
    return end(&txn, key, remove_service(key, uid));
}

/* Calls the entry point of a service. S_FALSE when it has none. */
static HRESULT call_entry(struct profile *profile, const MAPIUID *uid, ULONG context, ULONG_PTR ui_param,
                          ULONG flags, ULONG count, SPropValue *props, struct mapi_error_info *error)
{
    WCHAR *dll = NULL, *entry = NULL, *name = NULL;
    MSGSERVICEENTRY *function;
    IProviderAdmin *provider_admin = NULL;
    IMAPISupport *support = NULL;
    MAPIERROR *service_error = NULL;
    HMODULE module = NULL;
    char entry_name[256];
    HRESULT hr;
    HKEY key;

    profile_store_lock();
    if (SUCCEEDED(hr = profile_open_key(profile, &key)))
    {
        dll = section_read_string(key, uid, PR_SERVICE_DLL_NAME_W);
        entry = section_read_string(key, uid, PR_SERVICE_ENTRY_NAME);
        name = section_read_string(key, uid, PR_SERVICE_NAME_W);
        RegCloseKey(key);
    }
    profile_store_unlock();
    if (FAILED(hr)) goto done;

    if (!entry || !*entry)
    {
        TRACE("service %s has no entry point\n", debugstr_w(name));
        hr = S_FALSE;
        goto done;
    }
    if (!dll || !*dll)
    {
        hr = mapi_error_set(error, MAPI_E_NOT_INITIALIZED, L"The message service %s names no DLL "
                            L"(PR_SERVICE_DLL_NAME)", name ? name : L"");
        goto done;
    }
    if (!(module = mapi_load_provider_dll(dll)))
    {
        hr = mapi_error_set(error, MAPI_E_NOT_INITIALIZED, L"The message service %s cannot be used: its DLL "
                            L"%s cannot be loaded (error %lu)", name ? name : L"", dll, GetLastError());
        goto done;
    }
    if (!WideCharToMultiByte(CP_ACP, 0, entry, -1, entry_name, sizeof(entry_name), NULL, NULL) ||
        !(function = (MSGSERVICEENTRY *)GetProcAddress(module, entry_name)))
    {
        hr = mapi_error_set(error, MAPI_E_NOT_INITIALIZED, L"The message service %s cannot be used: %s has no "
                            L"entry point %s", name ? name : L"", dll, entry);
        goto done;
    }
    if (FAILED(hr = support_create_for_service(profile, uid, &support)))
    {
        mapi_error_set(error, hr, L"No support object for the message service %s", name ? name : L"");
        goto done;
    }
    if (FAILED(hr = provider_admin_create(profile, uid, TRUE, &provider_admin))) goto done;

    TRACE("calling %s!%s, context %lu, flags %#lx\n", debugstr_w(dll), debugstr_w(entry), context, flags);
    hr = function(module, MAPIGetDefaultMalloc(), support, ui_param, flags, context, count, props,
                  provider_admin, &service_error);
    TRACE("%s returned %#lx\n", debugstr_w(entry), hr);
    if (FAILED(hr))
    {
        if (error) error->hr = S_OK;
        mapi_error_take(error, hr, service_error, flags & MAPI_UNICODE);
        if (error && error->hr != hr)
            mapi_error_set(error, hr, L"The message service %s failed with error %#lx", name ? name : L"", hr);
    }
    else if (service_error) MAPIFreeBuffer(service_error);
    if (hr == S_FALSE) hr = S_OK;

done:
    if (provider_admin) IProviderAdmin_Release(provider_admin);
    if (support) IMAPISupport_Release(support);
    if (module) FreeLibrary(module);
    free(dll);
    free(entry);
    free(name);
    return hr;
}

/* What a creation passes on to the entry point: UI only when the caller allows it */
#define ENTRY_UI_FLAGS (SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED | MSG_SERVICE_UI_READ_ONLY | UI_CURRENT_PROVIDER_FIRST)

static ULONG_PTR entry_ui_param(ULONG flags, ULONG_PTR ui_param)
{
    return flags & (SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED) ? ui_param : 0;
}

HRESULT service_create(struct profile *profile, const WCHAR *name, const WCHAR *display_name, ULONG_PTR ui_param,
                       ULONG flags, MAPIUID *out_uid, struct mapi_error_info *error)
{
    struct mapisvc_service *service;
    SPropValue standard[6], *extra_uids;
    struct profile_txn txn;
    const WCHAR *display;
    MAPIUID uid, provider_uid, *extras = NULL;
    ULONG n = 0, i;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = mapisvc_load_service(name, &service, error))) return hr;
    display = find_prop(service->section.prop_count, service->section.props, PR_DISPLAY_NAME_W)
              ? NULL : (display_name && *display_name ? display_name : service->display_name);

    if (FAILED(hr = begin(profile, &txn, &key))) goto done;
    if ((find_long(service->section.prop_count, service->section.props, PR_RESOURCE_FLAGS, 0) & SERVICE_SINGLE_COPY)
        && has_service_named(key, service->name))
    {
        hr = mapi_error_set(error, MAPI_E_NO_ACCESS, L"The message service %s is already in the profile and "
                            L"allows one copy only", service->name);
        end(&txn, key, hr);
        goto done;
    }

    new_mapiuid(&uid);
    TRACE("creating %s as %s\n", debugstr_w(service->name), wine_dbgstr_an((const char *)uid.ab, 16));
    hr = section_write(key, &uid, service->section.prop_count, service->section.props);
    set_string(&standard[n++], PR_SERVICE_NAME_W, service->name);
    set_binary(&standard[n++], PR_SERVICE_UID, &uid, sizeof(uid));
    if (display) set_string(&standard[n++], PR_DISPLAY_NAME_W, display);
    if (!find_prop(service->section.prop_count, service->section.props, PR_RESOURCE_FLAGS))
        set_long(&standard[n++], PR_RESOURCE_FLAGS, 0);
    if (service->extra_count && SUCCEEDED(hr) &&
        SUCCEEDED(hr = MAPIAllocateBuffer(service->extra_count * sizeof(MAPIUID), (void **)&extras)))
    {
        for (i = 0; i < service->extra_count; i++) extras[i] = service->extras[i].uid;
        extra_uids = &standard[n++];
        set_binary(extra_uids, PR_SERVICE_EXTRA_UIDS, extras, service->extra_count * sizeof(MAPIUID));
    }
    for (i = 0; i < ARRAY_SIZE(provider_list_tags); i++) set_binary(&standard[n++], provider_list_tags[i], NULL, 0);
    if (SUCCEEDED(hr)) hr = section_write(key, &uid, n, standard);

    for (i = 0; i < service->provider_count && SUCCEEDED(hr); i++)
    {
        new_mapiuid(&provider_uid);
        hr = add_provider(key, &uid, service->name, display ? display : service->display_name,
                          service->providers[i].name, service->providers[i].prop_count, service->providers[i].props,
                          &provider_uid, error);
    }
    for (i = 0; i < service->extra_count && SUCCEEDED(hr); i++)
        hr = section_write(key, &service->extras[i].uid, service->extras[i].prop_count, service->extras[i].props);
    if (SUCCEEDED(hr)) hr = uid_list_add(key, &profile_services_uid, PR_SERVICES, &uid);
    MAPIFreeBuffer(extras);
    if (FAILED(hr = end(&txn, key, hr))) goto done;

    /* The entry point configures what mapisvc.inf could not */
    hr = call_entry(profile, &uid, MSG_SERVICE_CREATE, entry_ui_param(flags, ui_param),
                    flags & (ENTRY_UI_FLAGS | MAPI_UNICODE), 0, NULL, error);
    if (hr == S_FALSE) hr = S_OK;
    if (FAILED(hr))
    {
        WARN("%s could not be created: %#lx\n", debugstr_w(service->name), hr);
        remove_service_now(profile, &uid);
    }
    else if (out_uid) *out_uid = uid;

done:
    MAPIFreeBuffer(service);
    return hr;
}

HRESULT service_delete(struct profile *profile, const MAPIUID *uid, struct mapi_error_info *error)
{
    struct mapi_error_info ignored;
    HRESULT hr;

    if (!service_exists(profile, uid)) return MAPI_E_NOT_FOUND;
    /* A service that fails or cannot be loaded goes all the same. */
    if (FAILED(hr = call_entry(profile, uid, MSG_SERVICE_DELETE, 0, 0, 0, NULL, &ignored)))
        WARN("the service's entry point failed to delete it (%#lx): deleted all the same\n", hr);
    return remove_service_now(profile, uid);
}

HRESULT service_configure(struct profile *profile, const MAPIUID *uid, ULONG_PTR ui_param, ULONG flags,
                          ULONG count, SPropValue *props, struct mapi_error_info *error)
{
    HRESULT hr;

    if (!service_exists(profile, uid)) return MAPI_E_NOT_FOUND;
    hr = call_entry(profile, uid, MSG_SERVICE_CONFIGURE, entry_ui_param(flags, ui_param), flags, count, props,
                    error);
    if (hr == S_FALSE)
        hr = mapi_error_set(error, MAPI_E_NOT_INITIALIZED, L"The message service has no entry point to "
                            L"configure it");
    return hr;
}

/* All the sections of one service, as read from a profile: the service's,
 * its providers', then its extra sections (which keep their MAPIUID). */
struct service_copy
{
    ULONG count;
    ULONG first_extra;
    MAPIUID uids[64];
    ULONG prop_counts[64];
    SPropValue *props[64];
};

static void free_service_copy(struct service_copy *copy)
{
    ULONG i;

    for (i = 0; i < copy->count; i++) MAPIFreeBuffer(copy->props[i]);
}

static HRESULT read_service(HKEY key, const MAPIUID *uid, struct service_copy *copy)
{
    MAPIUID *uids;
    ULONG count, i, j;
    HRESULT hr;

    copy->count = 0;
    if (FAILED(hr = section_read(key, uid, TRUE, &copy->prop_counts[0], &copy->props[0]))) return hr;
    copy->uids[copy->count++] = *uid;
    for (i = 0; i < ARRAY_SIZE(provider_list_tags) && SUCCEEDED(hr); i++)
    {
        if (FAILED(hr = uid_list_read(key, uid, provider_list_tags[i], &count, &uids))) break;
        for (j = 0; j < count && SUCCEEDED(hr); j++)
        {
            if (copy->count == ARRAY_SIZE(copy->uids)) hr = MAPI_E_TOO_BIG;
            else if (SUCCEEDED(hr = section_read(key, &uids[j], TRUE, &copy->prop_counts[copy->count],
                                                 &copy->props[copy->count])))
                copy->uids[copy->count++] = uids[j];
        }
        MAPIFreeBuffer(uids);
    }
    copy->first_extra = copy->count;
    if (SUCCEEDED(hr) && SUCCEEDED(hr = uid_list_read(key, uid, PR_SERVICE_EXTRA_UIDS, &count, &uids)))
    {
        for (j = 0; j < count && SUCCEEDED(hr); j++)
        {
            if (copy->count == ARRAY_SIZE(copy->uids)) hr = MAPI_E_TOO_BIG;
            else if (section_exists(key, &uids[j]) &&
                     SUCCEEDED(hr = section_read(key, &uids[j], TRUE, &copy->prop_counts[copy->count],
                                                 &copy->props[copy->count])))
                copy->uids[copy->count++] = uids[j];
        }
        MAPIFreeBuffer(uids);
    }
    return hr;
}

HRESULT service_copy(struct profile *from, const MAPIUID *uid, struct profile *to, MAPIUID *new_uid,
                     struct mapi_error_info *error)
{
    struct service_copy copy = { 0 };
    struct profile_txn txn;
    MAPIUID uids[ARRAY_SIZE(copy.uids)];
    WCHAR *name = NULL;
    ULONG i, j;
    HRESULT hr;
    HKEY key;

    profile_store_lock();
    if (SUCCEEDED(hr = profile_open_key(from, &key)))
    {
        if (!list_has(key, &profile_services_uid, PR_SERVICES, uid)) hr = MAPI_E_NOT_FOUND;
        else if (SUCCEEDED(hr = read_service(key, uid, &copy)))
            name = section_read_string(key, uid, PR_SERVICE_NAME_W);
        RegCloseKey(key);
    }
    profile_store_unlock();
    if (FAILED(hr)) goto done;

    if (FAILED(hr = begin(to, &txn, &key))) goto done;
    if ((find_long(copy.prop_counts[0], copy.props[0], PR_RESOURCE_FLAGS, 0) & SERVICE_SINGLE_COPY) && name &&
        has_service_named(key, name))
    {
        hr = mapi_error_set(error, MAPI_E_NO_ACCESS, L"The message service %s is already in the profile and "
                            L"allows one copy only", name);
        end(&txn, key, hr);
        goto done;
    }
    for (i = 0; i < copy.first_extra; i++) new_mapiuid(&uids[i]);
    /* Extra sections are shared by every copy of a service, under the UID mapisvc.inf gives them */
    for (i = copy.first_extra; i < copy.count && SUCCEEDED(hr); i++)
        if (!section_exists(key, &copy.uids[i]))
            hr = section_write(key, &copy.uids[i], copy.prop_counts[i], copy.props[i]);
    for (i = 0; i < copy.first_extra && SUCCEEDED(hr); i++)
    {
        SPropValue *props = copy.props[i];
        ULONG k, tag;

        /* References to the sections copied follow them. */
        for (j = 0; j < copy.prop_counts[i]; j++)
        {
            tag = props[j].ulPropTag;
            if (tag == PR_SERVICE_UID) props[j].Value.bin.lpb = uids[0].ab;
            else if (tag == PR_PROVIDER_UID) props[j].Value.bin.lpb = uids[i].ab;
            else if (i == 0 && (tag == PR_STORE_PROVIDERS || tag == PR_AB_PROVIDERS || tag == PR_TRANSPORT_PROVIDERS))
            {
                for (k = 0; k < props[j].Value.bin.cb / sizeof(MAPIUID); k++)
                {
                    ULONG m;
                    for (m = 1; m < copy.first_extra; m++)
                        if (!memcmp(props[j].Value.bin.lpb + k * sizeof(MAPIUID), &copy.uids[m], sizeof(MAPIUID)))
                            memcpy(props[j].Value.bin.lpb + k * sizeof(MAPIUID), &uids[m], sizeof(MAPIUID));
                }
            }
        }
        hr = section_write(key, &uids[i], copy.prop_counts[i], props);
        if (SUCCEEDED(hr) && i)
        {
            ULONG list_tag = provider_list_tag(find_long(copy.prop_counts[i], props, PR_RESOURCE_TYPE, 0));
            if (list_tag) hr = uid_list_add(key, &profile_services_uid, list_tag, &uids[i]);
        }
    }
    if (SUCCEEDED(hr)) hr = uid_list_add(key, &profile_services_uid, PR_SERVICES, &uids[0]);
    if (SUCCEEDED(hr = end(&txn, key, hr)) && new_uid) *new_uid = uids[0];

done:
    free_service_copy(&copy);
    free(name);
    return hr;
}

HRESULT service_rename(struct profile *profile, const MAPIUID *uid, const WCHAR *display_name)
{
    struct profile_txn txn;
    SPropValue prop;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = begin(profile, &txn, &key))) return hr;
    if (!list_has(key, &profile_services_uid, PR_SERVICES, uid)) hr = MAPI_E_NOT_FOUND;
    else
    {
        set_string(&prop, PR_DISPLAY_NAME_W, display_name);
        hr = section_write(key, uid, 1, &prop);
    }
    return end(&txn, key, hr);
}

static HRESULT update_flags(HKEY key, const MAPIUID *uid, ULONG set, ULONG clear)
{
    ULONG flags = section_read_long(key, uid, PR_RESOURCE_FLAGS, 0), updated = (flags & ~clear) | set;
    SPropValue prop;

    if (updated == flags) return S_OK;
    set_long(&prop, PR_RESOURCE_FLAGS, updated);
    return section_write(key, uid, 1, &prop);
}

HRESULT service_set_primary_identity(struct profile *profile, const MAPIUID *uid)
{
    struct profile_txn txn;
    MAPIUID *services, *providers;
    ULONG count, provider_count, i, j, k;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = begin(profile, &txn, &key))) return hr;
    if (FAILED(hr = uid_list_read(key, &profile_services_uid, PR_SERVICES, &count, &services)))
        return end(&txn, key, hr);
    if (uid && !uid_list_contains(count, services, uid)) hr = MAPI_E_NOT_FOUND;
    else if (uid && (section_read_long(key, uid, PR_RESOURCE_FLAGS, 0) & SERVICE_NO_PRIMARY_IDENTITY))
    {
        WARN("the service cannot supply the primary identity\n");
        hr = MAPI_E_NO_ACCESS;
    }
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        BOOL primary = uid && !memcmp(&services[i], uid, sizeof(*uid));

        hr = update_flags(key, &services[i], primary ? SERVICE_PRIMARY_IDENTITY : 0,
                          primary ? 0 : SERVICE_PRIMARY_IDENTITY);
        for (j = 0; j < ARRAY_SIZE(provider_list_tags) && SUCCEEDED(hr); j++)
        {
            if (FAILED(hr = uid_list_read(key, &services[i], provider_list_tags[j], &provider_count, &providers)))
                break;
            for (k = 0; k < provider_count && SUCCEEDED(hr); k++)
                hr = update_flags(key, &providers[k], primary ? STATUS_PRIMARY_IDENTITY : 0,
                                  primary ? 0 : STATUS_PRIMARY_IDENTITY);
            MAPIFreeBuffer(providers);
        }
    }
    MAPIFreeBuffer(services);
    return end(&txn, key, hr);
}

HRESULT service_transport_order(struct profile *profile, ULONG count, const MAPIUID *uids)
{
    struct profile_txn txn;
    MAPIUID *transports;
    ULONG transport_count, i, j;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = begin(profile, &txn, &key))) return hr;
    if (FAILED(hr = uid_list_read(key, &profile_services_uid, PR_TRANSPORT_PROVIDERS, &transport_count,
                                  &transports)))
        return end(&txn, key, hr);
    if (count != transport_count)
    {
        WARN("%lu transports given, the profile has %lu\n", count, transport_count);
        hr = MAPI_E_BUSY;
    }
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        if (!uid_list_contains(transport_count, transports, &uids[i])) hr = MAPI_E_NOT_FOUND;
        for (j = 0; j < i && SUCCEEDED(hr); j++)
            if (!memcmp(&uids[i], &uids[j], sizeof(MAPIUID))) hr = MAPI_E_NOT_FOUND;
    }
    if (SUCCEEDED(hr)) hr = uid_list_write(key, &profile_services_uid, PR_TRANSPORT_PROVIDERS, count, uids);
    MAPIFreeBuffer(transports);
    return end(&txn, key, hr);
}

HRESULT provider_create(struct profile *profile, const MAPIUID *service_uid, const WCHAR *name, ULONG count,
                        SPropValue *props, ULONG_PTR ui_param, ULONG flags, BOOL call_service,
                        MAPIUID *out_uid, struct mapi_error_info *error)
{
    struct mapisvc_section *section = NULL;
    WCHAR *service_name = NULL, *service_display = NULL;
    struct profile_txn txn;
    SPropValue *all = NULL;
    ULONG n = 0;
    MAPIUID uid;
    HRESULT hr;
    HKEY key;

    if (FAILED(hr = mapisvc_load_section(name, &section)))
    {
        if (hr != MAPI_E_NOT_FOUND) return hr;
        WARN("mapisvc.inf has no provider section [%s]\n", debugstr_w(name));
    }
    if (FAILED(hr = MAPIAllocateBuffer(max((section ? section->prop_count : 0) + count, 1) * sizeof(SPropValue),
                                       (void **)&all)))
        goto done;
    if (section)
    {
        memcpy(all, section->props, section->prop_count * sizeof(SPropValue));
        n = section->prop_count;
    }
    if (count)
    {
        memcpy(all + n, props, count * sizeof(SPropValue));
        n += count;
    }

    if (FAILED(hr = begin(profile, &txn, &key))) goto done;
    if (!list_has(key, &profile_services_uid, PR_SERVICES, service_uid)) hr = MAPI_E_NOT_FOUND;
    else
    {
        service_name = section_read_string(key, service_uid, PR_SERVICE_NAME_W);
        service_display = section_read_string(key, service_uid, PR_DISPLAY_NAME_W);
        new_mapiuid(&uid);
        hr = add_provider(key, service_uid, service_name ? service_name : L"",
                          service_display ? service_display : L"", name, n, all, &uid, error);
    }
    if (FAILED(hr = end(&txn, key, hr))) goto done;

    if (call_service)
    {
        hr = call_entry(profile, service_uid, MSG_SERVICE_PROVIDER_CREATE, flags & MAPI_DIALOG ? ui_param : 0,
                        (flags & MAPI_UNICODE) | (flags & MAPI_DIALOG ? SERVICE_UI_ALLOWED : 0), 0, NULL, error);
        if (hr == S_FALSE) hr = S_OK;
        if (FAILED(hr))
        {
            provider_delete(profile, service_uid, &uid, FALSE, NULL);
            goto done;
        }
    }
    if (out_uid) *out_uid = uid;

done:
    free(service_name);
    free(service_display);
    MAPIFreeBuffer(all);
    MAPIFreeBuffer(section);
    return hr;
}

HRESULT provider_delete(struct profile *profile, const MAPIUID *service_uid, const MAPIUID *uid, BOOL call_service,
                        struct mapi_error_info *error)
{
    struct profile_txn txn;
    HRESULT hr = MAPI_E_NOT_FOUND;
    ULONG i, list_tag = 0;
    HKEY key;

    profile_store_lock();
    if (SUCCEEDED(profile_open_key(profile, &key)))
    {
        for (i = 0; i < ARRAY_SIZE(provider_list_tags) && !list_tag; i++)
            if (list_has(key, service_uid, provider_list_tags[i], uid)) list_tag = provider_list_tags[i];
        RegCloseKey(key);
    }
    profile_store_unlock();
    if (!list_tag) return MAPI_E_NOT_FOUND;

    if (call_service)
    {
        hr = call_entry(profile, service_uid, MSG_SERVICE_PROVIDER_DELETE, 0, 0, 0, NULL, error);
        if (FAILED(hr)) return hr;
        hr = S_OK;
    }

    if (FAILED(hr = begin(profile, &txn, &key))) return hr;
    if (SUCCEEDED(hr = uid_list_remove(key, service_uid, list_tag, uid)) &&
        SUCCEEDED(hr = uid_list_remove(key, &profile_services_uid, list_tag, uid)))
        hr = section_remove(key, uid);
    return end(&txn, key, hr);
}

/***********************************************************************
 * Tables
 */

HRESULT static_table_create(const SPropTagArray *columns, ULONG index_tag, ULONG row_count, SRow *rows,
                            const SSortOrderSet *sort, IMAPITable **table)
{
    ITableData *data;
    HRESULT hr;
    ULONG i;

    *table = NULL;
    if (FAILED(hr = CreateTable(&IID_IMAPITableData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                TBLTYPE_SNAPSHOT, index_tag, (SPropTagArray *)columns, &data)))
        return hr;
    for (i = 0; i < row_count && SUCCEEDED(hr); i++) hr = data->lpVtbl->HrModifyRow(data, &rows[i]);
    if (SUCCEEDED(hr)) hr = data->lpVtbl->HrGetView(data, (SSortOrderSet *)sort, NULL, 0, table);
    data->lpVtbl->Release(data);
    return hr;
}

/* A column's value from a section's properties: strings in the width of the
 * column, PT_ERROR when the section has no such property. */
static void column_value(ULONG count, const SPropValue *props, ULONG tag, void *parent, SPropValue *value)
{
    const SPropValue *prop = find_prop(count, props, tag);
    ULONG type = PROP_TYPE(tag), i;

    value->ulPropTag = tag;
    value->dwAlignPad = 0;
    if (prop && PROP_TYPE(prop->ulPropTag) == type)
    {
        if (SUCCEEDED(PropCopyMore(value, (SPropValue *)prop, MAPIAllocateMore, parent))) return;
    }
    else if (prop && type == PT_STRING8 && PROP_TYPE(prop->ulPropTag) == PT_UNICODE)
    {
        int size = WideCharToMultiByte(CP_ACP, 0, prop->Value.lpszW, -1, NULL, 0, NULL, NULL);
        if (SUCCEEDED(MAPIAllocateMore(size, parent, (void **)&value->Value.lpszA)))
        {
            WideCharToMultiByte(CP_ACP, 0, prop->Value.lpszW, -1, value->Value.lpszA, size, NULL, NULL);
            return;
        }
    }
    else if (prop && type == PT_UNICODE && PROP_TYPE(prop->ulPropTag) == PT_STRING8)
    {
        int size = MultiByteToWideChar(CP_ACP, 0, prop->Value.lpszA, -1, NULL, 0);
        if (SUCCEEDED(MAPIAllocateMore(size * sizeof(WCHAR), parent, (void **)&value->Value.lpszW)))
        {
            MultiByteToWideChar(CP_ACP, 0, prop->Value.lpszA, -1, value->Value.lpszW, size);
            return;
        }
    }
    else if (prop && (type == PT_MV_STRING8 || type == PT_MV_UNICODE) &&
             (PROP_TYPE(prop->ulPropTag) == PT_MV_STRING8 || PROP_TYPE(prop->ulPropTag) == PT_MV_UNICODE))
    {
        ULONG n = prop->Value.MVszA.cValues;
        void **items;

        if (SUCCEEDED(MAPIAllocateMore(max(n, 1) * sizeof(void *), parent, (void **)&items)))
        {
            for (i = 0; i < n; i++)
            {
                if (type == PT_MV_STRING8)
                {
                    const WCHAR *src = prop->Value.MVszW.lppszW[i];
                    int size = WideCharToMultiByte(CP_ACP, 0, src, -1, NULL, 0, NULL, NULL);
                    if (FAILED(MAPIAllocateMore(size, parent, &items[i]))) break;
                    WideCharToMultiByte(CP_ACP, 0, src, -1, items[i], size, NULL, NULL);
                }
                else
                {
                    const char *src = prop->Value.MVszA.lppszA[i];
                    int size = MultiByteToWideChar(CP_ACP, 0, src, -1, NULL, 0);
                    if (FAILED(MAPIAllocateMore(size * sizeof(WCHAR), parent, &items[i]))) break;
                    MultiByteToWideChar(CP_ACP, 0, src, -1, items[i], size);
                }
            }
            if (i == n)
            {
                value->Value.MVszA.cValues = n;
                value->Value.MVszA.lppszA = (char **)items;
                return;
            }
        }
    }
    value->ulPropTag = CHANGE_PROP_TYPE(tag, PT_ERROR);
    value->Value.err = MAPI_E_NOT_FOUND;
}

static ULONG string_tag(ULONG tag, ULONG flags)
{
    ULONG type = PROP_TYPE(tag) & ~MV_FLAG;

    /* An entry point's name is ANSI in both widths, as GetProcAddress takes it */
    if ((type != PT_UNICODE && type != PT_STRING8) || tag == PR_SERVICE_ENTRY_NAME) return tag;
    return CHANGE_PROP_TYPE(tag, (PROP_TYPE(tag) & MV_FLAG) | (flags & MAPI_UNICODE ? PT_UNICODE : PT_STRING8));
}

/* Rows gathered in one MAPIAllocateBuffer block */
struct row_list
{
    void *root;
    SRow *rows;
    ULONG count;
    ULONG capacity;
};

static HRESULT add_row(struct row_list *list, const SPropTagArray *columns, ULONG count, const SPropValue *props,
                       const SPropValue *extra, ULONG extra_count, ULONG flags)
{
    SPropValue *values;
    ULONG i, j;
    HRESULT hr;

    if (!list->root && FAILED(hr = MAPIAllocateBuffer(1, &list->root))) return hr;
    if (list->count == list->capacity)
    {
        SRow *grown;

        list->capacity = max(list->capacity * 2, 8);
        if (FAILED(hr = MAPIAllocateMore(list->capacity * sizeof(SRow), list->root, (void **)&grown))) return hr;
        if (list->count) memcpy(grown, list->rows, list->count * sizeof(SRow));
        list->rows = grown;
    }
    if (FAILED(hr = MAPIAllocateMore(columns->cValues * sizeof(SPropValue), list->root, (void **)&values)))
        return hr;
    for (i = 0; i < columns->cValues; i++)
    {
        ULONG tag = string_tag(columns->aulPropTag[i], flags);

        for (j = 0; j < extra_count; j++)
            if (PROP_ID(extra[j].ulPropTag) == PROP_ID(tag)) break;
        if (j < extra_count)
        {
            if (FAILED(hr = PropCopyMore(&values[i], (SPropValue *)&extra[j], MAPIAllocateMore, list->root)))
                return hr;
        }
        else column_value(count, props, tag, list->root, &values[i]);
    }
    list->rows[list->count].ulAdrEntryPad = 0;
    list->rows[list->count].cValues = columns->cValues;
    list->rows[list->count].lpProps = values;
    list->count++;
    return S_OK;
}

static SPropTagArray *column_set(const SPropTagArray *columns, ULONG flags, void *parent)
{
    SPropTagArray *set;
    ULONG i;

    if (FAILED(MAPIAllocateMore(CbNewSPropTagArray(columns->cValues), parent, (void **)&set))) return NULL;
    set->cValues = columns->cValues;
    for (i = 0; i < columns->cValues; i++) set->aulPropTag[i] = string_tag(columns->aulPropTag[i], flags);
    return set;
}

HRESULT service_table_create(struct profile *profile, ULONG flags, IMAPITable **table)
{
    static const SizedSPropTagArray(8, columns) =
    {
        8, { PR_DISPLAY_NAME_W, PR_INSTANCE_KEY, PR_RESOURCE_FLAGS, PR_SERVICE_DLL_NAME_W, PR_SERVICE_ENTRY_NAME,
             PR_SERVICE_NAME_W, PR_SERVICE_SUPPORT_FILES_W, PR_SERVICE_UID }
    };
    SizedSSortOrderSet(1, sort) = { 1, 0, 0, { { PR_DISPLAY_NAME_W, TABLE_SORT_ASCEND } } };
    struct row_list list = { 0 };
    SPropTagArray *set = NULL;
    MAPIUID *services = NULL;
    ULONG count = 0, i, prop_count;
    SPropValue *props, instance;
    HRESULT hr;
    HKEY key;

    profile_store_lock();
    if (SUCCEEDED(hr = profile_open_key(profile, &key)))
    {
        hr = uid_list_read(key, &profile_services_uid, PR_SERVICES, &count, &services);
        for (i = 0; i < count && SUCCEEDED(hr); i++)
        {
            if (FAILED(section_read(key, &services[i], FALSE, &prop_count, &props))) continue;
            set_binary(&instance, PR_INSTANCE_KEY, &services[i], sizeof(MAPIUID));
            hr = add_row(&list, (const SPropTagArray *)&columns, prop_count, props, &instance, 1, flags);
            MAPIFreeBuffer(props);
        }
        RegCloseKey(key);
    }
    profile_store_unlock();

    if (SUCCEEDED(hr) && !list.root) hr = MAPIAllocateBuffer(1, &list.root);
    if (SUCCEEDED(hr) && !(set = column_set((const SPropTagArray *)&columns, flags, list.root)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    sort.aSort[0].ulPropTag = string_tag(PR_DISPLAY_NAME_W, flags);
    if (SUCCEEDED(hr)) hr = static_table_create(set, PR_INSTANCE_KEY, list.count, list.rows,
                                                (const SSortOrderSet *)&sort, table);
    MAPIFreeBuffer(services);
    MAPIFreeBuffer(list.root);
    return hr;
}

HRESULT provider_table_create(struct profile *profile, const MAPIUID *service_uid, ULONG which, ULONG flags,
                              IMAPITable **table)
{
    static const SizedSPropTagArray(10, columns) =
    {
        10, { PR_INSTANCE_KEY, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W, PR_PROVIDER_DLL_NAME_W, PR_PROVIDER_ORDINAL,
              PR_PROVIDER_UID, PR_RESOURCE_FLAGS, PR_RESOURCE_TYPE, PR_SERVICE_NAME_W, PR_SERVICE_UID }
    };
    static const ULONG types[] = { MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, MAPI_TRANSPORT_PROVIDER };
    struct row_list list = { 0 };
    SPropTagArray *set = NULL;
    MAPIUID *uids, *extras;
    ULONG count, i, j, prop_count, extra_count;
    SPropValue *props, fixed[4];
    HRESULT hr;
    HKEY key;

    profile_store_lock();
    if (SUCCEEDED(hr = profile_open_key(profile, &key)))
    {
        for (i = 0; i < ARRAY_SIZE(types) && SUCCEEDED(hr); i++)
        {
            /* The profile's lists give the order, transports in transport order. */
            if (FAILED(hr = uid_list_read(key, &profile_services_uid, provider_list_tags[i], &count, &uids))) break;
            for (j = 0; j < count && SUCCEEDED(hr); j++)
            {
                if (!(which & PROVIDER_TABLE_ALL) && !list_has(key, service_uid, provider_list_tags[i], &uids[j]))
                    continue;
                if (FAILED(section_read(key, &uids[j], FALSE, &prop_count, &props))) continue;
                set_binary(&fixed[0], PR_INSTANCE_KEY, &uids[j], sizeof(MAPIUID));
                set_binary(&fixed[1], PR_PROVIDER_UID, &uids[j], sizeof(MAPIUID));
                set_long(&fixed[2], PR_PROVIDER_ORDINAL, j);
                set_long(&fixed[3], PR_RESOURCE_TYPE, types[i]);
                hr = add_row(&list, (const SPropTagArray *)&columns, prop_count, props, fixed, 4, flags);
                MAPIFreeBuffer(props);
            }
            MAPIFreeBuffer(uids);
        }
        if (SUCCEEDED(hr) && (which & PROVIDER_TABLE_EXTRAS) &&
            SUCCEEDED(hr = uid_list_read(key, service_uid, PR_SERVICE_EXTRA_UIDS, &extra_count, &extras)))
        {
            WCHAR *service_name = section_read_string(key, service_uid, PR_SERVICE_NAME_W);

            for (j = 0; j < extra_count && SUCCEEDED(hr); j++)
            {
                SPropValue base[3];

                set_binary(&fixed[0], PR_INSTANCE_KEY, &extras[j], sizeof(MAPIUID));
                set_binary(&fixed[1], PR_PROVIDER_UID, &extras[j], sizeof(MAPIUID));
                set_binary(&fixed[2], PR_SERVICE_UID, service_uid, sizeof(MAPIUID));
                set_string(&base[0], PR_SERVICE_NAME_W, service_name ? service_name : L"");
                if (FAILED(section_read(key, &extras[j], FALSE, &prop_count, &props)))
                    hr = add_row(&list, (const SPropTagArray *)&columns, 1, base, fixed, 3, flags);
                else
                {
                    SPropValue *merged;

                    if (SUCCEEDED(hr = MAPIAllocateMore((prop_count + 1) * sizeof(SPropValue), props,
                                                        (void **)&merged)))
                    {
                        memcpy(merged, props, prop_count * sizeof(SPropValue));
                        merged[prop_count] = base[0];
                        hr = add_row(&list, (const SPropTagArray *)&columns, prop_count + 1, merged, fixed, 3, flags);
                    }
                    MAPIFreeBuffer(props);
                }
            }
            free(service_name);
            MAPIFreeBuffer(extras);
        }
        RegCloseKey(key);
    }
    profile_store_unlock();

    if (SUCCEEDED(hr) && !list.root) hr = MAPIAllocateBuffer(1, &list.root);
    if (SUCCEEDED(hr) && !(set = column_set((const SPropTagArray *)&columns, flags, list.root)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr)) hr = static_table_create(set, PR_INSTANCE_KEY, list.count, list.rows, NULL, table);
    MAPIFreeBuffer(list.root);
    return hr;
}
