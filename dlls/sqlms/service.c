/*
 * SQLMSServiceEntry: the message service's entry point, which profile tools
 * and IMsgServiceAdmin::ConfigureMsgService call with the database path.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

/* The path given, as PT_UNICODE or PT_STRING8; NULL if absent. */
static WCHAR *path_from_props(ULONG count, SPropValue *props)
{
    SPropValue *value;

    if ((value = PpropFindProp(props, count, PR_SQLMS_DATABASE_PATH_W))) return heap_strdupW(value->Value.lpszW);
    if ((value = PpropFindProp(props, count, PR_SQLMS_DATABASE_PATH_A))) return heap_strdupAtoW(value->Value.lpszA);
    return NULL;
}

static HRESULT write_path(IProfSect *section, const WCHAR *path)
{
    SPropValue value;
    HRESULT hr;

    value.ulPropTag = PR_SQLMS_DATABASE_PATH_W;
    value.dwAlignPad = 0;
    value.Value.lpszW = (WCHAR *)path;
    if (FAILED(hr = IProfSect_SetProps(section, 1, &value, NULL))) return hr;
    return IProfSect_SaveChanges(section, KEEP_OPEN_READWRITE);
}

/* Every store provider section of the service gets the path too: it wins over the service's. */
static HRESULT write_provider_sections(IProviderAdmin *admin, const WCHAR *path)
{
    SizedSPropTagArray(1, columns) = { 1, { PR_PROVIDER_UID } };
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = IProviderAdmin_GetProviderTable(admin, 0, &table))) return hr;
    if (SUCCEEDED(hr = IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0)))
        hr = IMAPITable_QueryRows(table, 1000, 0, &rows);
    for (i = 0; SUCCEEDED(hr) && rows && i < rows->cRows; i++)
    {
        SPropValue *uid = &rows->aRow[i].lpProps[0];
        IProfSect *section;

        if (uid->ulPropTag != PR_PROVIDER_UID || uid->Value.bin.cb != sizeof(MAPIUID)) continue;
        if (SUCCEEDED(hr = IProviderAdmin_OpenProfileSection(admin, (MAPIUID *)uid->Value.bin.lpb, NULL,
                                                             MAPI_MODIFY, &section)))
        {
            hr = write_path(section, path);
            IProfSect_Release(section);
        }
    }
    if (rows) FreeProws(rows);
    IMAPITable_Release(table);
    return hr;
}

/**************************************************************************
 *  SQLMSServiceEntry (SQLMS32.@)
 *
 * Configures the SQLMS message service in a profile.
 *
 * PARAMS
 *  instance  [I] The DLL.
 *  malloc    [I] MAPI's IMalloc.
 *  support   [I] The service's support object (its profile section for NULL).
 *  ui_param  [I] Parent window of dialogs; the service has none.
 *  flags     [I] SERVICE_UI_ALWAYS, SERVICE_UI_ALLOWED, MSG_SERVICE_UI_READ_ONLY, MAPI_UNICODE.
 *  context   [I] MSG_SERVICE_*: what is happening to the service.
 *  count     [I] Number of properties in props.
 *  props     [I] Configuration: PR_SQLMS_DATABASE_PATH (PT_UNICODE or PT_STRING8).
 *  admin     [I] The service's providers, or NULL.
 *  error     [O] Extended error, always NULL.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER, MAPI_E_UNCONFIGURED for a path the store
 *           would not use, MAPI_E_NO_SUPPORT for an unknown context.
 *
 * NOTES
 *  Without a path the store uses <application data>\SQLMS\<profile>.sqlms.
 *  Deleting the service leaves the database file alone.
 */
HRESULT WINAPI SQLMSServiceEntry(HINSTANCE instance, LPMALLOC malloc, LPMAPISUP support, ULONG_PTR ui_param,
                                 ULONG flags, ULONG context, ULONG count, LPSPropValue props,
                                 LPPROVIDERADMIN admin, LPMAPIERROR *error)
{
    IProfSect *section = NULL;
    WCHAR *path;
    HRESULT hr;

    TRACE("(%p,%p,%p,%#Ix,%#lx,%lu,%lu,%p,%p,%p)\n", instance, malloc, support, ui_param, flags, context, count,
          props, admin, error);

    if (error) *error = NULL;
    if (count && !props) return MAPI_E_INVALID_PARAMETER;

    switch (context)
    {
    case MSG_SERVICE_INSTALL:
    case MSG_SERVICE_UNINSTALL:
    case MSG_SERVICE_DELETE:
    case MSG_SERVICE_PROVIDER_CREATE:
    case MSG_SERVICE_PROVIDER_DELETE:
        return S_OK;
    case MSG_SERVICE_CREATE:
    case MSG_SERVICE_CONFIGURE:
        break;
    default:
        WARN("unknown context %lu\n", context);
        return MAPI_E_NO_SUPPORT;
    }

    if (!(path = path_from_props(count, props)))
    {
        /* Nothing to set: the default path will do, a dialog would have nothing to ask. */
        TRACE("no database path given\n");
        return S_OK;
    }
    if (FAILED(hr = db_check_path(path))) goto done;
    if (!support)
    {
        hr = MAPI_E_INVALID_PARAMETER;
        goto done;
    }
    if (SUCCEEDED(hr = IMAPISupport_OpenProfileSection(support, NULL, MAPI_MODIFY, &section)))
    {
        hr = write_path(section, path);
        IProfSect_Release(section);
    }
    if (SUCCEEDED(hr) && admin) hr = write_provider_sections(admin, path);
done:
    heap_free(path);
    return hr;
}
