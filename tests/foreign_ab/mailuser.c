/*
 * foreignab: IMailUser, an entry of the directory: its properties in a
 * read-only IPropData, its details page a display table (BuildDisplayTable
 * of the dialog resource in foreignab.rc).
 */

#include "fab.h"

#define IDD_DETAILS         200
#define IDC_NAME_LABEL      201
#define IDC_NAME            202
#define IDC_ADDRESS_LABEL   203
#define IDC_ADDRESS         204

struct mailuser
{
    IMailUser IMailUser_iface;
    LONG ref;
    struct fab_logon *logon;    /* counted */
    LPPROPDATA props;
};

static const IMailUserVtbl mailuser_vtbl;

static inline struct mailuser *impl_from_IMailUser(IMailUser *iface)
{
    return CONTAINING_RECORD(iface, struct mailuser, IMailUser_iface);
}

HRESULT fab_mailuser_open(struct fab_logon *logon, ULONG index, IMailUser **ret)
{
    struct mailuser *user;
    SPropValue *values;
    ULONG count;
    HRESULT hr;

    if (!(user = calloc(1, sizeof(*user)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if ((hr = CreateIProp(&IID_IMAPIPropData, fab_alloc, fab_more, fab_free, NULL, &user->props)))
    {
        free(user);
        return hr;
    }
    if (SUCCEEDED(hr = fab_entry_props(logon, index, NULL, &count, &values)))
    {
        hr = CALL(user->props, SetProps, count, values, NULL);
        fab_free(values);
    }
    if (SUCCEEDED(hr)) hr = CALL(user->props, HrSetObjAccess, IPROP_READONLY);
    if (FAILED(hr))
    {
        CALL(user->props, Release);
        free(user);
        return hr;
    }
    user->IMailUser_iface.lpVtbl = (IMailUserVtbl *)&mailuser_vtbl;
    user->ref = 1;
    user->logon = logon;
    CALL(&logon->IABLogon_iface, AddRef);
    *ret = &user->IMailUser_iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE mailuser_QueryInterface(IMailUser *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMailUser))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE mailuser_AddRef(IMailUser *iface)
{
    return InterlockedIncrement(&impl_from_IMailUser(iface)->ref);
}

static ULONG STDMETHODCALLTYPE mailuser_Release(IMailUser *iface)
{
    struct mailuser *user = impl_from_IMailUser(iface);
    ULONG ref = InterlockedDecrement(&user->ref);

    if (ref) return ref;
    CALL(user->props, Release);
    CALL(&user->logon->IABLogon_iface, Release);
    free(user);
    return 0;
}

static HRESULT STDMETHODCALLTYPE mailuser_GetLastError(IMailUser *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    Validate_IMAPIProp_GetLastError(iface, hr, flags, error);
    *error = NULL;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE mailuser_SaveChanges(IMailUser *iface, ULONG flags)
{
    Validate_IMAPIProp_SaveChanges(iface, flags);
    return MAPI_E_NO_ACCESS;
}

static HRESULT STDMETHODCALLTYPE mailuser_GetProps(IMailUser *iface, LPSPropTagArray tags, ULONG flags,
                                                   ULONG *count, LPSPropValue *props)
{
    Validate_IMAPIProp_GetProps(iface, tags, flags, count, props);
    /* An ANSI directory, as its containers are. */
    if (flags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
    return CALL(impl_from_IMailUser(iface)->props, GetProps, tags, flags, count, props);
}

static HRESULT STDMETHODCALLTYPE mailuser_GetPropList(IMailUser *iface, ULONG flags, LPSPropTagArray *tags)
{
    Validate_IMAPIProp_GetPropList(iface, flags, tags);
    if (flags & MAPI_UNICODE) return MAPI_E_BAD_CHARWIDTH;
    return CALL(impl_from_IMailUser(iface)->props, GetPropList, flags, tags);
}

/* The details page: the name and the address, shown, not changed. */
static DTBLPAGE details_page = { sizeof(DTBLPAGE), 0, 0, 0 };
static DTBLLABEL name_label = { sizeof(DTBLLABEL), 0 };
static DTBLEDIT name_edit = { sizeof(DTBLEDIT), 0, 128, PR_DISPLAY_NAME_A };
static DTBLLABEL address_label = { sizeof(DTBLLABEL), 0 };
static DTBLEDIT address_edit = { sizeof(DTBLEDIT), 0, 128, PR_EMAIL_ADDRESS_A };
static DTCTL details_controls[] =
{
    { DTCT_PAGE, 0, NULL, 0, NULL, 0, { &details_page } },
    { DTCT_LABEL, 0, NULL, 0, NULL, IDC_NAME_LABEL, { &name_label } },
    { DTCT_EDIT, 0, NULL, 0, (LPTSTR)"*", IDC_NAME, { &name_edit } },
    { DTCT_LABEL, 0, NULL, 0, NULL, IDC_ADDRESS_LABEL, { &address_label } },
    { DTCT_EDIT, 0, NULL, 0, (LPTSTR)"*", IDC_ADDRESS, { &address_edit } },
};

static HRESULT STDMETHODCALLTYPE mailuser_OpenProperty(IMailUser *iface, ULONG tag, LPCIID iid, ULONG options,
                                                       ULONG flags, LPUNKNOWN *unk)
{
    DTPAGE page = { ARRAYSIZE(details_controls), (LPTSTR)MAKEINTRESOURCE(IDD_DETAILS), { (LPTSTR)"" },
                    details_controls };
    LPTABLEDATA data;
    HRESULT hr;

    Validate_IMAPIProp_OpenProperty(iface, tag, iid, options, flags, unk);
    if (tag != PR_DETAILS_TABLE) return MAPI_E_NO_SUPPORT;
    if (!IsEqualIID(iid, &IID_IMAPITable)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (flags & MAPI_MODIFY) return MAPI_E_NO_ACCESS;
    hr = BuildDisplayTable(fab_alloc, fab_more, fab_free, fab_malloc, fab_instance, 1, &page, 0,
                           (LPMAPITABLE *)unk, &data);
    if (SUCCEEDED(hr)) CALL(data, Release);
    foreign_log("ab:details table hr=%#lx", hr);
    return hr;
}

static HRESULT STDMETHODCALLTYPE mailuser_SetProps(IMailUser *iface, ULONG count, LPSPropValue values,
                                                   LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_SetProps(iface, count, values, problems);
    return CALL(impl_from_IMailUser(iface)->props, SetProps, count, values, problems);
}

static HRESULT STDMETHODCALLTYPE mailuser_DeleteProps(IMailUser *iface, LPSPropTagArray tags,
                                                      LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_DeleteProps(iface, tags, problems);
    return CALL(impl_from_IMailUser(iface)->props, DeleteProps, tags, problems);
}

static HRESULT STDMETHODCALLTYPE mailuser_CopyTo(IMailUser *iface, ULONG count, LPCIID exclude, LPSPropTagArray tags,
                                                 ULONG ui, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst,
                                                 ULONG flags, LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyTo(iface, count, exclude, tags, ui, progress, iid, dst, flags, problems);
    return CALL(impl_from_IMailUser(iface)->props, CopyTo, count, exclude, tags, ui, progress, iid, dst, flags,
                problems);
}

static HRESULT STDMETHODCALLTYPE mailuser_CopyProps(IMailUser *iface, LPSPropTagArray tags, ULONG ui,
                                                    LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                                    LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyProps(iface, tags, ui, progress, iid, dst, flags, problems);
    return CALL(impl_from_IMailUser(iface)->props, CopyProps, tags, ui, progress, iid, dst, flags, problems);
}

static HRESULT STDMETHODCALLTYPE mailuser_GetNamesFromIDs(IMailUser *iface, LPSPropTagArray *tags, LPGUID guid,
                                                          ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    Validate_IMAPIProp_GetNamesFromIDs(iface, tags, guid, flags, count, names);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT STDMETHODCALLTYPE mailuser_GetIDsFromNames(IMailUser *iface, ULONG count, LPMAPINAMEID *names,
                                                          ULONG flags, LPSPropTagArray *tags)
{
    Validate_IMAPIProp_GetIDsFromNames(iface, count, names, flags, tags);
    return MAPI_E_NO_SUPPORT;
}

static const IMailUserVtbl mailuser_vtbl =
{
    mailuser_QueryInterface,
    mailuser_AddRef,
    mailuser_Release,
    mailuser_GetLastError,
    mailuser_SaveChanges,
    mailuser_GetProps,
    mailuser_GetPropList,
    mailuser_OpenProperty,
    mailuser_SetProps,
    mailuser_DeleteProps,
    mailuser_CopyTo,
    mailuser_CopyProps,
    mailuser_GetNamesFromIDs,
    mailuser_GetIDsFromNames,
};
