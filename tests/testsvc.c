/*
 * A message service for the tests: its entry point records every call and
 * does what a simple service does, through the objects MAPI gives it.
 *
 *  MSG_SERVICE_CREATE     marks its section (PR_TESTSVC_CREATED) through lpProviderAdmin
 *  MSG_SERVICE_CONFIGURE  stores the properties it gets in its section and marks each
 *                         provider's section (PR_TESTSVC_CONFIGURED); with
 *                         SERVICE_UI_ALWAYS it fails: it has no property sheet
 *  others                 S_OK
 *
 * A test makes a context fail with testsvc_set_result; the failure comes
 * with a MAPIERROR that names the context.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapitable.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapispi.h"
#include "mapiadmin.h"

#include "testsvc.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static HINSTANCE testsvc_instance;
static CRITICAL_SECTION calls_cs;
static struct testsvc_call calls[TESTSVC_MAX_CALLS];
static ULONG call_count;
static HRESULT results[8];

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH)
    {
        testsvc_instance = instance;
        InitializeCriticalSection(&calls_cs);
    }
    return TRUE;
}

ULONG WINAPI testsvc_call_count(void)
{
    return call_count;
}

BOOL WINAPI testsvc_get_call(ULONG index, struct testsvc_call *call)
{
    BOOL ok;

    EnterCriticalSection(&calls_cs);
    if ((ok = index < call_count)) *call = calls[index];
    LeaveCriticalSection(&calls_cs);
    return ok;
}

void WINAPI testsvc_reset(void)
{
    EnterCriticalSection(&calls_cs);
    call_count = 0;
    memset(results, 0, sizeof(results));
    LeaveCriticalSection(&calls_cs);
}

void WINAPI testsvc_set_result(ULONG context, HRESULT hr)
{
    if (context < ARRAY_SIZE(results)) results[context] = hr;
}

static HRESULT service_error(HRESULT hr, ULONG flags, const char *text, MAPIERROR **error)
{
    MAPIERROR *result;
    size_t len = strlen(text) + 1;

    if (!error || FAILED(MAPIAllocateBuffer(sizeof(*result), (void **)&result))) return hr;
    memset(result, 0, sizeof(*result));
    if (flags & MAPI_UNICODE)
    {
        WCHAR *wide;
        if (SUCCEEDED(MAPIAllocateMore(len * sizeof(WCHAR), result, (void **)&wide)))
        {
            MultiByteToWideChar(CP_ACP, 0, text, -1, wide, len);
            result->lpszError = (void *)wide;
        }
    }
    else if (SUCCEEDED(MAPIAllocateMore(len, result, (void **)&result->lpszError)))
        memcpy(result->lpszError, text, len);
    *error = result;
    return hr;
}

static ULONG count_providers(IProviderAdmin *admin)
{
    IMAPITable *table;
    ULONG count = ~0u;

    if (admin && SUCCEEDED(admin->lpVtbl->GetProviderTable(admin, 0, &table)))
    {
        if (FAILED(IMAPITable_GetRowCount(table, 0, &count))) count = ~0u;
        IMAPITable_Release(table);
    }
    return count;
}

/* Marks every provider section of the service, through the provider table */
static HRESULT mark_providers(IProviderAdmin *admin)
{
    SizedSPropTagArray(2, columns) = { 2, { PR_PROVIDER_UID, PR_RESOURCE_TYPE } };
    SPropValue mark = { PR_TESTSVC_CONFIGURED, 0, { .l = 1 } };
    IMAPITable *table;
    IProfSect *section;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = admin->lpVtbl->GetProviderTable(admin, 0, &table))) return hr;
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return hr;
    for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
    {
        SPropValue *props = rows->aRow[i].lpProps;

        if (PROP_TYPE(props[1].ulPropTag) == PT_ERROR) continue; /* an extra section */
        hr = admin->lpVtbl->OpenProfileSection(admin, (MAPIUID *)props[0].Value.bin.lpb, NULL, MAPI_MODIFY,
                                               &section);
        if (SUCCEEDED(hr))
        {
            hr = section->lpVtbl->SetProps(section, 1, &mark, NULL);
            section->lpVtbl->Release(section);
        }
    }
    FreeProws(rows);
    return hr;
}

HRESULT WINAPI TestServiceEntry(HINSTANCE instance, IMalloc *malloc, IMAPISupport *support, ULONG_PTR ui_param,
                                ULONG flags, ULONG context, ULONG count, SPropValue *props,
                                IProviderAdmin *admin, MAPIERROR **error)
{
    struct testsvc_call *call = NULL;
    IProfSect *section;
    HRESULT hr = S_OK;
    ULONG i;

    if (error) *error = NULL;
    EnterCriticalSection(&calls_cs);
    if (call_count < TESTSVC_MAX_CALLS)
    {
        call = &calls[call_count++];
        memset(call, 0, sizeof(*call));
        call->context = context;
        call->flags = flags;
        call->ui_param = ui_param;
        call->prop_count = count;
        for (i = 0; i < count && props && i < TESTSVC_MAX_TAGS; i++)
        {
            call->tags[i] = props[i].ulPropTag;
            if (!call->first_string[0] && PROP_TYPE(props[i].ulPropTag) == PT_UNICODE)
                lstrcpynW(call->first_string, props[i].Value.lpszW, ARRAY_SIZE(call->first_string));
            else if (!call->first_string[0] && PROP_TYPE(props[i].ulPropTag) == PT_STRING8)
                MultiByteToWideChar(CP_ACP, 0, props[i].Value.lpszA, -1, call->first_string,
                                    ARRAY_SIZE(call->first_string));
        }
        call->had_support = support != NULL;
        call->had_provider_admin = admin != NULL;
        call->had_malloc = malloc != NULL;
        call->instance_ok = instance == testsvc_instance;
    }
    if (context < ARRAY_SIZE(results)) hr = results[context];
    LeaveCriticalSection(&calls_cs);

    if (call) call->provider_rows = count_providers(admin);
    if (FAILED(hr))
    {
        char text[64];
        sprintf(text, "testsvc refused context %lu", context);
        hr = service_error(hr, flags, text, error);
    }
    else switch (context)
    {
    case MSG_SERVICE_CREATE:
    {
        SPropValue mark = { PR_TESTSVC_CREATED, 0, { .l = 1 } };

        if (!admin) { hr = MAPI_E_INVALID_PARAMETER; break; }
        if (SUCCEEDED(hr = admin->lpVtbl->OpenProfileSection(admin, NULL, NULL, MAPI_MODIFY, &section)))
        {
            hr = section->lpVtbl->SetProps(section, 1, &mark, NULL);
            section->lpVtbl->Release(section);
        }
        break;
    }
    case MSG_SERVICE_CONFIGURE:
        if (flags & SERVICE_UI_ALWAYS)
        {
            hr = service_error(MAPI_E_NO_SUPPORT, flags, "testsvc has no property sheet", error);
            break;
        }
        if (!admin) { hr = MAPI_E_INVALID_PARAMETER; break; }
        if (!count && !(flags & SERVICE_UI_ALLOWED))
        {
            hr = service_error(MAPI_E_UNCONFIGURED, flags, "testsvc needs properties", error);
            break;
        }
        if (SUCCEEDED(hr = admin->lpVtbl->OpenProfileSection(admin, NULL, NULL, MAPI_MODIFY, &section)))
        {
            if (count) hr = section->lpVtbl->SetProps(section, count, props, NULL);
            section->lpVtbl->Release(section);
        }
        if (SUCCEEDED(hr)) hr = mark_providers(admin);
        break;
    }
    if (call) call->result = hr;
    return hr;
}
