/*
 * mapiprof: MAPI profiles from the command line, what the Mail control panel
 * and MFCMAPI do on Windows, for scripts.
 *
 * Exit codes: 0 done, 1 MAPI refused (the error is printed in words), 2 the
 * command line is wrong.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapitable.h"
#include "mapiutil.h"
#include "mapix.h"
#include "mapispi.h"
#include "mapiadmin.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define EXIT_MAPI  1
#define EXIT_USAGE 2

static const WCHAR usage_text[] =
    L"Usage: mapiprof COMMAND [ARGUMENTS]\n"
    L"\n"
    L"Profiles:\n"
    L"  list                                  the profiles; * marks the default one\n"
    L"  create PROFILE [--default-services]   a new profile, empty or with mapisvc.inf's default services\n"
    L"  delete PROFILE\n"
    L"  copy PROFILE NEW-NAME\n"
    L"  rename PROFILE NEW-NAME\n"
    L"  default [PROFILE | --none]            show, set or clear the default profile\n"
    L"\n"
    L"Message services (SERVICE is a name of mapisvc.inf's [Services] or a service UID):\n"
    L"  services PROFILE                      the services of a profile\n"
    L"  providers PROFILE                     the providers, transports in transport order\n"
    L"  add-service PROFILE NAME [PROP=VALUE...]    adds a service, configured with the properties given\n"
    L"  configure PROFILE SERVICE PROP=VALUE...\n"
    L"  remove-service PROFILE SERVICE\n"
    L"  status PROFILE                        logs on and prints the status table\n"
    L"\n"
    L"A property is a tag in hex with its type (0x6700001F, 6700001F) or a name\n"
    L"(PR_DISPLAY_NAME, PR_COMMENT, PR_PROVIDER_DISPLAY, PR_RESOURCE_FLAGS...).\n"
    L"Values: strings as they are, numbers in decimal or 0x hex, booleans true or\n"
    L"false, binary values in hex digits, lists separated by commas.\n"
    L"Example: mapiprof add-service Mail SQLMS 0x6700001F=C:\\mail\\store.db\n";

/* Output in UTF-8, whatever the console */
static void print_to(FILE *file, const WCHAR *format, ...)
{
    WCHAR buffer[4096];
    char bytes[3 * ARRAY_SIZE(buffer)];
    va_list args;
    int size;

    va_start(args, format);
    _vsnwprintf(buffer, ARRAY_SIZE(buffer) - 1, format, args);
    va_end(args);
    buffer[ARRAY_SIZE(buffer) - 1] = 0;
    size = WideCharToMultiByte(CP_UTF8, 0, buffer, -1, bytes, sizeof(bytes), NULL, NULL);
    if (size > 1) fwrite(bytes, 1, size - 1, file);
}

#define out(...) print_to(stdout, __VA_ARGS__)
#define err(...) print_to(stderr, __VA_ARGS__)

static int usage_error(const WCHAR *message)
{
    if (message) err(L"mapiprof: %s (mapiprof help tells how to use it)\n", message);
    else err(L"%s", usage_text);
    return EXIT_USAGE;
}

static const WCHAR *error_name(HRESULT hr)
{
    static WCHAR other[16];
    static const struct { HRESULT hr; const WCHAR *name; } names[] =
    {
        { MAPI_E_NOT_FOUND, L"MAPI_E_NOT_FOUND" },
        { MAPI_E_NO_ACCESS, L"MAPI_E_NO_ACCESS" },
        { MAPI_E_INVALID_PARAMETER, L"MAPI_E_INVALID_PARAMETER" },
        { MAPI_E_UNKNOWN_FLAGS, L"MAPI_E_UNKNOWN_FLAGS" },
        { MAPI_E_NOT_INITIALIZED, L"MAPI_E_NOT_INITIALIZED" },
        { MAPI_E_LOGON_FAILED, L"MAPI_E_LOGON_FAILED" },
        { MAPI_E_NO_SUPPORT, L"MAPI_E_NO_SUPPORT" },
        { MAPI_E_CALL_FAILED, L"MAPI_E_CALL_FAILED" },
        { MAPI_E_NOT_ENOUGH_MEMORY, L"MAPI_E_NOT_ENOUGH_MEMORY" },
        { MAPI_E_USER_CANCEL, L"MAPI_E_USER_CANCEL" },
        { MAPI_E_UNCONFIGURED, L"MAPI_E_UNCONFIGURED" },
        { MAPI_E_BUSY, L"MAPI_E_BUSY" },
        { MAPI_E_EXTENDED_ERROR, L"MAPI_E_EXTENDED_ERROR" },
        { MAPI_E_INTERFACE_NOT_SUPPORTED, L"MAPI_E_INTERFACE_NOT_SUPPORTED" },
    };
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (names[i].hr == hr) return names[i].name;
    swprintf(other, ARRAY_SIZE(other), L"0x%08lx", (ULONG)hr);
    return other;
}

/* Says why a call failed, with the object's extended error when it has one */
static int mapi_failed(const WCHAR *what, HRESULT hr, IUnknown *object,
                       HRESULT (WINAPI *get_last_error)(IUnknown *, HRESULT, ULONG, MAPIERROR **))
{
    MAPIERROR *error = NULL;

    err(L"mapiprof: %s failed: %s", what, error_name(hr));
    if (object && get_last_error && SUCCEEDED(get_last_error(object, hr, MAPI_UNICODE, &error)) && error &&
        error->lpszError)
        err(L": %s", (const WCHAR *)error->lpszError);
    err(L"\n");
    MAPIFreeBuffer(error);
    return EXIT_MAPI;
}

#define PROF_FAILED(what, hr, admin) \
    mapi_failed(what, hr, (IUnknown *)(admin), (void *)(admin)->lpVtbl->GetLastError)
#define SVC_FAILED(what, hr, services) \
    mapi_failed(what, hr, (IUnknown *)(services), (void *)(services)->lpVtbl->GetLastError)

/***********************************************************************
 * Properties on the command line
 */

static const struct { const WCHAR *name; ULONG tag; } prop_names[] =
{
    { L"PR_COMMENT", PR_COMMENT_W },
    { L"PR_DISPLAY_NAME", PR_DISPLAY_NAME_W },
    { L"PR_EMAIL_ADDRESS", PR_EMAIL_ADDRESS_W },
    { L"PR_IDENTITY_DISPLAY", PR_IDENTITY_DISPLAY_W },
    { L"PR_PROVIDER_DISPLAY", PR_PROVIDER_DISPLAY_W },
    { L"PR_PROVIDER_DLL_NAME", PR_PROVIDER_DLL_NAME_W },
    { L"PR_RESOURCE_FLAGS", PR_RESOURCE_FLAGS },
    { L"PR_RESOURCE_PATH", PR_RESOURCE_PATH_W },
    { L"PR_RESOURCE_TYPE", PR_RESOURCE_TYPE },
};

static BOOL parse_tag(const WCHAR *text, ULONG *tag)
{
    WCHAR *end;
    ULONG i;

    for (i = 0; i < ARRAY_SIZE(prop_names); i++)
        if (!wcsicmp(text, prop_names[i].name))
        {
            *tag = prop_names[i].tag;
            return TRUE;
        }
    if (!wcsnicmp(text, L"0x", 2)) text += 2;
    if (wcslen(text) != 8) return FALSE;
    *tag = wcstoul(text, &end, 16);
    return !*end && PROP_ID(*tag) && PROP_TYPE(*tag) != PT_UNSPECIFIED;
}

static BOOL parse_number(const WCHAR *text, LONGLONG *value)
{
    WCHAR *end;

    if (!*text) return FALSE;
    *value = wcstoll(text, &end, 0);
    return !*end;
}

static BOOL parse_hex(const WCHAR *text, void *parent, SBinary *bin)
{
    size_t length = wcslen(text), i;

    if (length % 2) return FALSE;
    bin->cb = length / 2;
    if (FAILED(MAPIAllocateMore(max(bin->cb, 1), parent, (void **)&bin->lpb))) return FALSE;
    for (i = 0; i < length; i += 2)
    {
        WCHAR pair[3] = { text[i], text[i + 1], 0 }, *end;

        bin->lpb[i / 2] = (BYTE)wcstoul(pair, &end, 16);
        if (*end || !iswxdigit(pair[0])) return FALSE;
    }
    return TRUE;
}

static void *copy_more(const void *data, size_t size, void *parent)
{
    void *copy;

    if (FAILED(MAPIAllocateMore(size ? size : 1, parent, &copy))) return NULL;
    memcpy(copy, data, size);
    return copy;
}

/* The comma-separated items of a list */
static ULONG split(WCHAR *text, WCHAR **items, ULONG max)
{
    WCHAR *context = NULL, *item;
    ULONG count = 0;

    for (item = wcstok(text, L",", &context); item && count < max; item = wcstok(NULL, L",", &context))
        items[count++] = item;
    return count;
}

/* "TAG=VALUE" into a property whose data hangs off parent */
static BOOL parse_prop(const WCHAR *argument, void *parent, SPropValue *prop, WCHAR *problem, size_t size)
{
    WCHAR tag_text[64], *equal = wcschr(argument, '='), *items[64], *copy;
    const WCHAR *value;
    LONGLONG number;
    ULONG tag, count, i;
    char *ansi;
    int length;

    if (!equal || equal == argument || equal - argument >= ARRAY_SIZE(tag_text))
    {
        swprintf(problem, size, L"\"%s\" is not PROPERTY=VALUE", argument);
        return FALSE;
    }
    memcpy(tag_text, argument, (equal - argument) * sizeof(WCHAR));
    tag_text[equal - argument] = 0;
    value = equal + 1;
    if (!parse_tag(tag_text, &tag))
    {
        swprintf(problem, size, L"\"%s\" is neither a property tag in hex nor a property name this tool knows",
                 tag_text);
        return FALSE;
    }
    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    switch (PROP_TYPE(tag))
    {
    case PT_UNICODE:
        return !!(prop->Value.lpszW = copy_more(value, (wcslen(value) + 1) * sizeof(WCHAR), parent));
    case PT_STRING8:
        length = WideCharToMultiByte(CP_ACP, 0, value, -1, NULL, 0, NULL, NULL);
        if (FAILED(MAPIAllocateMore(length, parent, (void **)&ansi))) return FALSE;
        WideCharToMultiByte(CP_ACP, 0, value, -1, ansi, length, NULL, NULL);
        prop->Value.lpszA = ansi;
        return TRUE;
    case PT_LONG:
    case PT_I2:
        if (parse_number(value, &number))
        {
            if (PROP_TYPE(tag) == PT_LONG) prop->Value.l = (LONG)number;
            else prop->Value.i = (short)number;
            return TRUE;
        }
        break;
    case PT_I8:
        if (parse_number(value, &number))
        {
            prop->Value.li.QuadPart = number;
            return TRUE;
        }
        break;
    case PT_BOOLEAN:
        if (!wcsicmp(value, L"true") || !wcscmp(value, L"1")) prop->Value.b = TRUE;
        else if (!wcsicmp(value, L"false") || !wcscmp(value, L"0")) prop->Value.b = FALSE;
        else break;
        return TRUE;
    case PT_BINARY:
        if (parse_hex(value, parent, &prop->Value.bin)) return TRUE;
        break;
    case PT_MV_UNICODE:
        if (!(copy = copy_more(value, (wcslen(value) + 1) * sizeof(WCHAR), parent))) return FALSE;
        count = split(copy, items, ARRAY_SIZE(items));
        prop->Value.MVszW.cValues = count;
        return !!(prop->Value.MVszW.lppszW = copy_more(items, count * sizeof(WCHAR *), parent));
    case PT_MV_LONG:
        if (!(copy = copy_more(value, (wcslen(value) + 1) * sizeof(WCHAR), parent))) return FALSE;
        count = split(copy, items, ARRAY_SIZE(items));
        prop->Value.MVl.cValues = count;
        if (FAILED(MAPIAllocateMore(max(count, 1) * sizeof(LONG), parent, (void **)&prop->Value.MVl.lpl)))
            return FALSE;
        for (i = 0; i < count; i++)
        {
            if (!parse_number(items[i], &number)) goto bad_value;
            prop->Value.MVl.lpl[i] = (LONG)number;
        }
        return TRUE;
    default:
        swprintf(problem, size, L"properties of type 0x%04lx cannot be given on the command line", PROP_TYPE(tag));
        return FALSE;
    }
bad_value:
    swprintf(problem, size, L"\"%s\" is not a value for %s", value, tag_text);
    return FALSE;
}

/* The properties of the arguments, in one MAPIAllocateBuffer block */
static int parse_props(int count, WCHAR **arguments, SPropValue **props)
{
    WCHAR problem[512];
    int i;

    *props = NULL;
    if (!count) return 0;
    if (FAILED(MAPIAllocateBuffer(count * sizeof(SPropValue), (void **)props))) return EXIT_MAPI;
    for (i = 0; i < count; i++)
        if (!parse_prop(arguments[i], *props, &(*props)[i], problem, ARRAY_SIZE(problem)))
        {
            MAPIFreeBuffer(*props);
            *props = NULL;
            return usage_error(problem);
        }
    return 0;
}

/***********************************************************************
 * Commands
 */

static const WCHAR *type_name(ULONG type)
{
    switch (type)
    {
    case MAPI_STORE_PROVIDER: return L"store";
    case MAPI_AB_PROVIDER: return L"address book";
    case MAPI_TRANSPORT_PROVIDER: return L"transport";
    case MAPI_SPOOLER: return L"spooler";
    case MAPI_SUBSYSTEM: return L"MAPI";
    case MAPI_PROFILE_PROVIDER: return L"profile";
    case MAPI_HOOK_PROVIDER: return L"hook";
    }
    return L"?";
}

static void format_uid(const SPropValue *prop, WCHAR *text)
{
    ULONG i;

    text[0] = 0;
    if (PROP_TYPE(prop->ulPropTag) != PT_BINARY) return;
    for (i = 0; i < prop->Value.bin.cb && i < 16; i++) swprintf(text + 2 * i, 3, L"%02x", prop->Value.bin.lpb[i]);
}

static const WCHAR *string_of(const SPropValue *prop)
{
    return PROP_TYPE(prop->ulPropTag) == PT_UNICODE ? prop->Value.lpszW : L"";
}

static int list_profiles(IProfAdmin *admin)
{
    SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_W, PR_DEFAULT_PROFILE } };
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = admin->lpVtbl->GetProfileTable(admin, MAPI_UNICODE, &table)))
        return PROF_FAILED(L"listing the profiles", hr, admin);
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return mapi_failed(L"reading the profile table", hr, NULL, NULL);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        out(L"%c %s\n", props[1].ulPropTag == PR_DEFAULT_PROFILE && props[1].Value.b ? '*' : ' ', string_of(&props[0]));
    }
    FreeProws(rows);
    return 0;
}

static int show_default(void)
{
    char name[256];
    DWORD size = sizeof(name);

    /* The default as MAPI keeps it (IProfAdmin has no getter) */
    if (RegGetValueA(HKEY_CURRENT_USER, "Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging "
                     "Subsystem\\Profiles", "DefaultProfile", RRF_RT_REG_SZ, NULL, name, &size))
    {
        out(L"(no default profile)\n");
        return 0;
    }
    out(L"%S\n", name);
    return 0;
}

/* The service a command names: a service UID, or the one service of that name */
static int find_service(IMsgServiceAdmin *services, const WCHAR *which, MAPIUID *uid)
{
    SizedSPropTagArray(2, columns) = { 2, { PR_SERVICE_NAME_W, PR_SERVICE_UID } };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i, found = 0;
    WCHAR hex[33];
    HRESULT hr;

    if (FAILED(hr = services->lpVtbl->GetMsgServiceTable(services, MAPI_UNICODE, &table)))
        return SVC_FAILED(L"reading the message services", hr, services);
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return mapi_failed(L"reading the message service table", hr, NULL, NULL);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        format_uid(&props[1], hex);
        if (wcsicmp(which, hex) && wcsicmp(which, string_of(&props[0]))) continue;
        if (props[1].Value.bin.cb == sizeof(*uid)) memcpy(uid, props[1].Value.bin.lpb, sizeof(*uid));
        found++;
    }
    FreeProws(rows);
    if (found == 1) return 0;
    if (!found) err(L"mapiprof: the profile has no message service \"%s\"\n", which);
    else err(L"mapiprof: the profile has %lu message services named \"%s\": give the UID (mapiprof services)\n",
             found, which);
    return EXIT_MAPI;
}

static int list_services(IMsgServiceAdmin *services)
{
    SizedSPropTagArray(4, columns) = { 4, { PR_SERVICE_NAME_W, PR_DISPLAY_NAME_W, PR_SERVICE_DLL_NAME_W,
                                            PR_SERVICE_UID } };
    IMAPITable *table;
    SRowSet *rows;
    WCHAR hex[33];
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = services->lpVtbl->GetMsgServiceTable(services, MAPI_UNICODE, &table)))
        return SVC_FAILED(L"reading the message services", hr, services);
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return mapi_failed(L"reading the message service table", hr, NULL, NULL);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        format_uid(&props[3], hex);
        out(L"%s  %-12s %-30s %s\n", hex, string_of(&props[0]), string_of(&props[1]), string_of(&props[2]));
    }
    FreeProws(rows);
    return 0;
}

static int list_providers(IMsgServiceAdmin *services)
{
    SizedSPropTagArray(6, columns) = { 6, { PR_RESOURCE_TYPE, PR_PROVIDER_ORDINAL, PR_PROVIDER_DISPLAY_W,
                                            PR_PROVIDER_DLL_NAME_W, PR_SERVICE_NAME_W, PR_PROVIDER_UID } };
    IMAPITable *table;
    SRowSet *rows;
    WCHAR hex[33];
    HRESULT hr;
    ULONG i;

    if (FAILED(hr = services->lpVtbl->GetProviderTable(services, MAPI_UNICODE, &table)))
        return SVC_FAILED(L"reading the providers", hr, services);
    hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows);
    IMAPITable_Release(table);
    if (FAILED(hr)) return mapi_failed(L"reading the provider table", hr, NULL, NULL);
    for (i = 0; i < rows->cRows; i++)
    {
        const SPropValue *props = rows->aRow[i].lpProps;

        format_uid(&props[5], hex);
        out(L"%s  %-12s %2ld  %-30s %-16s %s\n", hex, type_name(props[0].Value.l), props[1].Value.l,
            string_of(&props[2]), string_of(&props[3]), string_of(&props[4]));
    }
    FreeProws(rows);
    return 0;
}

static int add_service(IMsgServiceAdmin *services, const WCHAR *name, int count, WCHAR **arguments)
{
    IMsgServiceAdmin2 *services2;
    SPropValue *props;
    MAPIUID uid;
    WCHAR hex[33];
    HRESULT hr;
    int ret, i;

    if ((ret = parse_props(count, arguments, &props))) return ret;
    if (FAILED(hr = services->lpVtbl->QueryInterface(services, &IID_IMsgServiceAdmin2, (void **)&services2)))
    {
        MAPIFreeBuffer(props);
        return mapi_failed(L"asking for IMsgServiceAdmin2", hr, NULL, NULL);
    }
    hr = services2->lpVtbl->CreateMsgServiceEx(services2, (LPSTR)name, NULL, 0, MAPI_UNICODE, &uid);
    services2->lpVtbl->Release(services2);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(props);
        return SVC_FAILED(L"adding the message service", hr, services);
    }
    if (count && FAILED(hr = services->lpVtbl->ConfigureMsgService(services, &uid, 0, MAPI_UNICODE, count, props)))
    {
        ret = SVC_FAILED(L"configuring the message service", hr, services);
        /* A service that could not be configured is not left half-made */
        services->lpVtbl->DeleteMsgService(services, &uid);
    }
    MAPIFreeBuffer(props);
    if (ret) return ret;
    for (i = 0; i < 16; i++) swprintf(hex + 2 * i, 3, L"%02x", uid.ab[i]);
    out(L"%s\n", hex);
    return 0;
}

static int configure_service(IMsgServiceAdmin *services, const WCHAR *which, int count, WCHAR **arguments)
{
    SPropValue *props;
    MAPIUID uid;
    HRESULT hr;
    int ret;

    if ((ret = find_service(services, which, &uid))) return ret;
    if ((ret = parse_props(count, arguments, &props))) return ret;
    hr = services->lpVtbl->ConfigureMsgService(services, &uid, 0, MAPI_UNICODE, count, props);
    MAPIFreeBuffer(props);
    if (FAILED(hr)) return SVC_FAILED(L"configuring the message service", hr, services);
    return 0;
}

static int remove_service(IMsgServiceAdmin *services, const WCHAR *which)
{
    MAPIUID uid;
    HRESULT hr;
    int ret;

    if ((ret = find_service(services, which, &uid))) return ret;
    if (FAILED(hr = services->lpVtbl->DeleteMsgService(services, &uid)))
        return SVC_FAILED(L"removing the message service", hr, services);
    return 0;
}

static int print_status(const WCHAR *profile)
{
    SizedSPropTagArray(5, columns) = { 5, { PR_RESOURCE_TYPE, PR_DISPLAY_NAME_W, PR_PROVIDER_DISPLAY_W,
                                            PR_STATUS_CODE, PR_STATUS_STRING_W } };
    IMAPISession *session = NULL;
    IMAPITable *table;
    SRowSet *rows;
    HRESULT hr;
    ULONG i;

    hr = MAPILogonEx(0, (LPTSTR)profile, NULL, MAPI_EXTENDED | MAPI_EXPLICIT_PROFILE | MAPI_NEW_SESSION |
                     MAPI_NO_MAIL | MAPI_UNICODE, &session);
    if (FAILED(hr))
    {
        err(L"mapiprof: the status table needs a logon to \"%s\", which failed: %s\n", profile, error_name(hr));
        return EXIT_MAPI;
    }
    if (SUCCEEDED(hr = session->lpVtbl->GetStatusTable(session, MAPI_UNICODE, &table)))
    {
        if (SUCCEEDED(hr = HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows)))
        {
            for (i = 0; i < rows->cRows; i++)
            {
                const SPropValue *props = rows->aRow[i].lpProps;

                out(L"%-12s %-30s %-30s 0x%08lx %s\n", type_name(props[0].Value.l), string_of(&props[1]),
                    string_of(&props[2]), PROP_TYPE(props[3].ulPropTag) == PT_LONG ? props[3].Value.l : 0,
                    string_of(&props[4]));
            }
            FreeProws(rows);
        }
        IMAPITable_Release(table);
    }
    if (FAILED(hr)) mapi_failed(L"reading the status table", hr, NULL, NULL);
    session->lpVtbl->Logoff(session, 0, 0, 0);
    session->lpVtbl->Release(session);
    return FAILED(hr) ? EXIT_MAPI : 0;
}

/* The commands that work on one profile's services */
static int service_command(IProfAdmin *admin, const WCHAR *command, int argc, WCHAR **argv)
{
    IMsgServiceAdmin *services;
    HRESULT hr;
    int ret;

    if (FAILED(hr = admin->lpVtbl->AdminServices(admin, (LPTSTR)argv[2], NULL, 0, MAPI_UNICODE, &services)))
        return PROF_FAILED(L"opening the profile", hr, admin);
    if (!wcscmp(command, L"services")) ret = list_services(services);
    else if (!wcscmp(command, L"providers")) ret = list_providers(services);
    else if (!wcscmp(command, L"add-service")) ret = add_service(services, argv[3], argc - 4, argv + 4);
    else if (!wcscmp(command, L"configure")) ret = configure_service(services, argv[3], argc - 4, argv + 4);
    else ret = remove_service(services, argv[3]);
    services->lpVtbl->Release(services);
    return ret;
}

static int run(int argc, WCHAR **argv)
{
    const WCHAR *command = argv[1];
    IProfAdmin *admin;
    HRESULT hr;
    int ret = 0;

    if (!wcscmp(command, L"help") || !wcscmp(command, L"--help") || !wcscmp(command, L"-h"))
    {
        out(L"%s", usage_text);
        return 0;
    }
    if (!wcscmp(command, L"status"))
        return argc == 3 ? print_status(argv[2]) : usage_error(L"status takes a profile");

    if (FAILED(hr = MAPIAdminProfiles(0, &admin))) return mapi_failed(L"MAPIAdminProfiles", hr, NULL, NULL);
    if (!wcscmp(command, L"list"))
        ret = argc == 2 ? list_profiles(admin) : usage_error(L"list takes nothing");
    else if (!wcscmp(command, L"create"))
    {
        BOOL defaults = argc == 4 && !wcscmp(argv[3], L"--default-services");

        if (argc != 3 && !defaults) ret = usage_error(L"create takes a profile and maybe --default-services");
        else if (FAILED(hr = admin->lpVtbl->CreateProfile(admin, (LPTSTR)argv[2], NULL, 0,
                                                          MAPI_UNICODE | (defaults ? MAPI_DEFAULT_SERVICES : 0))))
            ret = PROF_FAILED(L"creating the profile", hr, admin);
    }
    else if (!wcscmp(command, L"delete"))
    {
        if (argc != 3) ret = usage_error(L"delete takes a profile");
        else if (FAILED(hr = admin->lpVtbl->DeleteProfile(admin, (LPTSTR)argv[2], MAPI_UNICODE)))
            ret = PROF_FAILED(L"deleting the profile", hr, admin);
    }
    else if (!wcscmp(command, L"copy") || !wcscmp(command, L"rename"))
    {
        BOOL copy = command[0] == 'c';

        if (argc != 4) ret = usage_error(copy ? L"copy takes a profile and a new name"
                                              : L"rename takes a profile and a new name");
        else if (copy && FAILED(hr = admin->lpVtbl->CopyProfile(admin, (LPTSTR)argv[2], NULL, (LPTSTR)argv[3], 0,
                                                                 MAPI_UNICODE)))
            ret = PROF_FAILED(L"copying the profile", hr, admin);
        else if (!copy && FAILED(hr = admin->lpVtbl->RenameProfile(admin, (LPTSTR)argv[2], NULL, (LPTSTR)argv[3], 0,
                                                                    MAPI_UNICODE)))
            ret = PROF_FAILED(L"renaming the profile", hr, admin);
    }
    else if (!wcscmp(command, L"default"))
    {
        if (argc == 2) ret = show_default();
        else if (argc != 3) ret = usage_error(L"default takes a profile, --none or nothing");
        else if (FAILED(hr = admin->lpVtbl->SetDefaultProfile(admin, wcscmp(argv[2], L"--none") ? (LPTSTR)argv[2]
                                                                                                : NULL, MAPI_UNICODE)))
            ret = PROF_FAILED(L"setting the default profile", hr, admin);
    }
    else if (!wcscmp(command, L"services") || !wcscmp(command, L"providers"))
        ret = argc == 3 ? service_command(admin, command, argc, argv) : usage_error(L"this command takes a profile");
    else if (!wcscmp(command, L"add-service") || !wcscmp(command, L"configure"))
    {
        if (argc < 4) ret = usage_error(L"this command takes a profile, a service and properties");
        else if (command[0] == 'c' && argc < 5) ret = usage_error(L"configure takes properties to set");
        else ret = service_command(admin, command, argc, argv);
    }
    else if (!wcscmp(command, L"remove-service"))
        ret = argc == 4 ? service_command(admin, command, argc, argv)
                        : usage_error(L"remove-service takes a profile and a service");
    else
    {
        WCHAR message[128];

        swprintf(message, ARRAY_SIZE(message), L"unknown command \"%s\"", command);
        ret = usage_error(message);
    }
    admin->lpVtbl->Release(admin);
    return ret;
}

int wmain(int argc, WCHAR **argv)
{
    HRESULT hr;
    int ret;

    if (argc < 2) return usage_error(NULL);
    if (FAILED(hr = MAPIInitialize(NULL))) return mapi_failed(L"MAPIInitialize", hr, NULL, NULL);
    ret = run(argc, argv);
    MAPIUninitialize();
    return ret;
}
