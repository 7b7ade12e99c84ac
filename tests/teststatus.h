/*
 * The status object of the test providers (testms.dll, testxp.dll,
 * testab.dll): what their OpenStatusEntry opens, a read-only IMAPIStatus
 * that logs its ValidateState and FlushQueues calls (testprov.h) as
 * "<provider>:status ValidateState flags=..." and its end as
 * "<provider>:status Release".
 *
 * A test makes OpenStatusEntry answer MAPI_E_NO_SUPPORT with the
 * environment variable MAPI_TEST_NO_STATUS=1.
 *
 * Each is a MAPIAllocateBuffer block, vtable and count first: when its logon
 * logs off, the provider hands those still held to IMAPISupport::MakeInvalid
 * (test_status_invalidate), since MAPI unloads the DLL after.
 */
#ifndef __TESTSTATUS_H
#define __TESTSTATUS_H

#include "testprov.h"

struct test_status
{
    IMAPIStatus IMAPIStatus_iface;
    LONG ref;
    const char *provider;       /* "ms", "xp" or "ab": the log's prefix */
    ULONG resource_type;
    const char *name;           /* PR_DISPLAY_NAME */
    void *owner;                /* the logon that opened it */
    struct test_status *next;   /* in test_statuses while it is ours */
};

/* The status objects of this provider DLL's logons not made invalid yet */
static struct test_status *test_statuses;
static SRWLOCK test_status_lock = SRWLOCK_INIT;

/* Called with test_status_lock held. */
static inline BOOL test_status_unlink(struct test_status *status)
{
    struct test_status **link;

    for (link = &test_statuses; *link; link = &(*link)->next)
    {
        if (*link != status) continue;
        *link = status->next;
        return TRUE;
    }
    return FALSE;
}

static inline struct test_status *test_status_from_iface(IMAPIStatus *iface)
{
    return CONTAINING_RECORD(iface, struct test_status, IMAPIStatus_iface);
}

static HRESULT WINAPI test_status_QueryInterface(IMAPIStatus *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IMAPIStatus))
    {
        *obj = iface;
        iface->lpVtbl->AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static ULONG WINAPI test_status_AddRef(IMAPIStatus *iface)
{
    return InterlockedIncrement(&test_status_from_iface(iface)->ref);
}

static ULONG WINAPI test_status_Release(IMAPIStatus *iface)
{
    struct test_status *status = test_status_from_iface(iface);
    ULONG ref = InterlockedDecrement(&status->ref);

    if (!ref)
    {
        AcquireSRWLockExclusive(&test_status_lock);
        test_status_unlink(status);
        ReleaseSRWLockExclusive(&test_status_lock);
        test_log("%s:status Release", status->provider);
        MAPIFreeBuffer(status);
    }
    return ref;
}

static HRESULT WINAPI test_status_GetLastError(IMAPIStatus *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    *error = NULL;
    return S_OK;
}

static HRESULT WINAPI test_status_SaveChanges(IMAPIStatus *iface, ULONG flags)
{
    return MAPI_E_NO_ACCESS;
}

/* PR_OBJECT_TYPE, PR_RESOURCE_TYPE and PR_DISPLAY_NAME_A; any other tag is not found. */
static HRESULT WINAPI test_status_GetProps(IMAPIStatus *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                           SPropValue **values)
{
    static const ULONG all[] = { PR_OBJECT_TYPE, PR_RESOURCE_TYPE, PR_DISPLAY_NAME_A };
    struct test_status *status = test_status_from_iface(iface);
    ULONG n = tags ? tags->cValues : sizeof(all) / sizeof(all[0]), i, tag;
    BOOL missing = FALSE;
    SPropValue *props;

    if (MAPIAllocateBuffer(n * sizeof(*props), (void **)&props)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < n; i++)
    {
        tag = tags ? tags->aulPropTag[i] : all[i];
        props[i].ulPropTag = tag;
        if (tag == PR_OBJECT_TYPE) props[i].Value.l = MAPI_STATUS;
        else if (tag == PR_RESOURCE_TYPE) props[i].Value.l = status->resource_type;
        else if (tag == PR_DISPLAY_NAME_A) props[i].Value.lpszA = (char *)status->name;
        else
        {
            props[i].ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tag));
            props[i].Value.err = MAPI_E_NOT_FOUND;
            missing = TRUE;
        }
    }
    *count = n;
    *values = props;
    return missing ? MAPI_W_ERRORS_RETURNED : S_OK;
}

static HRESULT WINAPI test_status_GetPropList(IMAPIStatus *iface, ULONG flags, SPropTagArray **tags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_status_OpenProperty(IMAPIStatus *iface, ULONG tag, LPCIID iid, ULONG options,
                                               ULONG flags, LPUNKNOWN *object)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_status_SetProps(IMAPIStatus *iface, ULONG count, SPropValue *values,
                                           SPropProblemArray **problems)
{
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI test_status_DeleteProps(IMAPIStatus *iface, SPropTagArray *tags,
                                              SPropProblemArray **problems)
{
    return MAPI_E_NO_ACCESS;
}

static HRESULT WINAPI test_status_CopyTo(IMAPIStatus *iface, ULONG count, LPCIID exclude_iids,
                                         SPropTagArray *exclude, ULONG ui_param, LPMAPIPROGRESS progress,
                                         LPCIID iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_status_CopyProps(IMAPIStatus *iface, SPropTagArray *include, ULONG ui_param,
                                            LPMAPIPROGRESS progress, LPCIID iid, void *dest, ULONG flags,
                                            SPropProblemArray **problems)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_status_GetNamesFromIDs(IMAPIStatus *iface, SPropTagArray **tags, LPGUID guid,
                                                  ULONG flags, ULONG *count, MAPINAMEID ***names)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_status_GetIDsFromNames(IMAPIStatus *iface, ULONG count, MAPINAMEID **names,
                                                  ULONG flags, SPropTagArray **tags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_status_ValidateState(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    test_log("%s:status ValidateState flags=%#lx", test_status_from_iface(iface)->provider, flags);
    return S_OK;
}

static HRESULT WINAPI test_status_SettingsDialog(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

static HRESULT WINAPI test_status_ChangePassword(IMAPIStatus *iface, WINE_LPTSTR old_password,
                                                 WINE_LPTSTR new_password, ULONG flags)
{
    return MAPI_E_NO_SUPPORT;
}

/* A transport's status object flushes; the others do not. */
static HRESULT WINAPI test_status_FlushQueues(IMAPIStatus *iface, ULONG_PTR ui_param, ULONG size, LPENTRYID target,
                                              ULONG flags)
{
    struct test_status *status = test_status_from_iface(iface);

    if (status->resource_type != MAPI_TRANSPORT_PROVIDER) return MAPI_E_NO_SUPPORT;
    test_log("%s:status FlushQueues flags=%#lx", status->provider, flags);
    return S_OK;
}

static IMAPIStatusVtbl test_status_vtbl =
{
    test_status_QueryInterface,
    test_status_AddRef,
    test_status_Release,
    test_status_GetLastError,
    test_status_SaveChanges,
    test_status_GetProps,
    test_status_GetPropList,
    test_status_OpenProperty,
    test_status_SetProps,
    test_status_DeleteProps,
    test_status_CopyTo,
    test_status_CopyProps,
    test_status_GetNamesFromIDs,
    test_status_GetIDsFromNames,
    test_status_ValidateState,
    test_status_SettingsDialog,
    test_status_ChangePassword,
    test_status_FlushQueues,
};

/* OpenStatusEntry of a test provider's logon (owner): logs the call, checks the interface, opens a new
 * status object. */
static inline HRESULT test_open_status(void *owner, const char *provider, ULONG resource_type, const char *name,
                                       LPCIID iid, ULONG flags, ULONG *type, void **entry)
{
    struct test_status *status;

    test_log("%s:OpenStatusEntry iid=%s flags=%#lx", provider,
             !iid ? "NULL" : IsEqualIID(iid, &IID_IMAPIStatus) ? "IMAPIStatus" : "other", flags);
    *entry = NULL;
    if (test_setting("MAPI_TEST_NO_STATUS", 0)) return MAPI_E_NO_SUPPORT;
    if (flags & ~MAPI_MODIFY) return MAPI_E_UNKNOWN_FLAGS;
    if (iid && !IsEqualIID(iid, &IID_IMAPIStatus) && !IsEqualIID(iid, &IID_IMAPIProp) &&
        !IsEqualIID(iid, &IID_IUnknown))
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (MAPIAllocateBuffer(sizeof(*status), (void **)&status)) return MAPI_E_NOT_ENOUGH_MEMORY;
    status->IMAPIStatus_iface.lpVtbl = &test_status_vtbl;
    status->ref = 1;
    status->provider = provider;
    status->resource_type = resource_type;
    status->name = name;
    status->owner = owner;
    AcquireSRWLockExclusive(&test_status_lock);
    status->next = test_statuses;
    test_statuses = status;
    ReleaseSRWLockExclusive(&test_status_lock);
    *type = MAPI_STATUS;
    *entry = &status->IMAPIStatus_iface;
    return S_OK;
}

/* The logon (owner) logs off: the status objects it opened that are still held become MAPI's. */
static inline void test_status_invalidate(void *owner, IMAPISupport *support)
{
    struct test_status *status, *next;
    HRESULT hr;

    AcquireSRWLockExclusive(&test_status_lock);
    for (status = test_statuses; status; status = next)
    {
        next = status->next;
        if (status->owner != owner || status->ref <= 0) continue;
        hr = IMAPISupport_MakeInvalid(support, 0, status, status->ref,
                                      sizeof(test_status_vtbl) / sizeof(void *));
        test_log("%s:status MakeInvalid hr=%#lx", status->provider, hr);
        if (SUCCEEDED(hr)) test_status_unlink(status);
    }
    ReleaseSRWLockExclusive(&test_status_lock);
}

#endif /* __TESTSTATUS_H */
