/*
 * mapisvc.inf, MAPI's list of the message services installed: where a new
 * message service's profile sections come from. It is in the Windows system
 * directory, in the documented format:
 *
 *   [Services]                   service name = display name
 *   [Default Services]           the services of MAPI_DEFAULT_SERVICES profiles
 *   [<service>]                  Providers= and Sections= (lists of section
 *                                names) and property entries
 *   [<provider>], [<extra>]      property entries (an extra section has UID=)
 *
 * A property entry is "PR_NAME=value" or "<8 hex digits: tag>=value". Numbers
 * are symbolic constants joined by '|' (PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE),
 * decimal, 0x hex, or 8 hex digits read as the four bytes of the value in
 * memory (66010003=06000000 is 6). Binary values are hex digits, lists are
 * separated by commas.
 *
 * Provider DLL names are written without MAPI's platform suffix:
 * mapi_load_provider_dll adds it.
 */

#include "profile_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

struct inf_entry
{
    WCHAR *key;
    WCHAR *value;
};

struct inf_section
{
    WCHAR *name;
    ULONG first;   /* index of its first entry */
    ULONG count;
};

struct inf_file
{
    WCHAR *text;
    struct inf_entry *entries;
    ULONG entry_count;
    struct inf_section *sections;
    ULONG section_count;
};

void mapisvc_path(WCHAR *path, DWORD size)
{
    UINT len = GetSystemDirectoryW(path, size);

    if (!len || len + 13 > size) { path[0] = 0; return; }
    wcscpy(path + len, L"\\mapisvc.inf");
}

static WCHAR *trim(WCHAR *string)
{
    WCHAR *end;

    while (*string == ' ' || *string == '\t') string++;
    end = string + wcslen(string);
    while (end > string && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
    *end = 0;
    return string;
}

static void free_inf(struct inf_file *inf)
{
    free(inf->text);
    free(inf->entries);
    free(inf->sections);
    memset(inf, 0, sizeof(*inf));
}

static BOOL grow(void **array, ULONG count, ULONG *capacity, size_t size)
{
    void *grown;

    if (count < *capacity) return TRUE;
    *capacity = max(*capacity * 2, 32);
    if (!(grown = realloc(*array, *capacity * size))) return FALSE;
    *array = grown;
    return TRUE;
}

/* Reads the whole file: ANSI, UTF-8 or UTF-16 with a byte order mark. */
static HRESULT read_inf(struct inf_file *inf)
{
    ULONG entry_capacity = 0, section_capacity = 0;
    WCHAR path[MAX_PATH], *line, *next;
    DWORD size, read;
    HANDLE file;
    BYTE *bytes;
    int count;

    memset(inf, 0, sizeof(*inf));
    mapisvc_path(path, ARRAY_SIZE(path));
    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        WARN("cannot open %s: %lu\n", debugstr_w(path), GetLastError());
        return MAPI_E_NOT_FOUND;
    }
    size = GetFileSize(file, NULL);
    if (size == INVALID_FILE_SIZE || size > 16 * 1024 * 1024 || !(bytes = malloc(size + 2)))
    {
        CloseHandle(file);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!ReadFile(file, bytes, size, &read, NULL)) read = 0;
    CloseHandle(file);
    bytes[read] = bytes[read + 1] = 0;

    if (read >= 2 && bytes[0] == 0xff && bytes[1] == 0xfe)
        inf->text = wcsdup((const WCHAR *)(bytes + 2));
    else
    {
        UINT codepage = CP_ACP;
        const char *start = (const char *)bytes;

        if (read >= 3 && bytes[0] == 0xef && bytes[1] == 0xbb && bytes[2] == 0xbf)
        {
            codepage = CP_UTF8;
            start += 3;
        }
        count = MultiByteToWideChar(codepage, 0, start, -1, NULL, 0);
        if ((inf->text = malloc(count * sizeof(WCHAR))))
            MultiByteToWideChar(codepage, 0, start, -1, inf->text, count);
    }
    free(bytes);
    if (!inf->text) return MAPI_E_NOT_ENOUGH_MEMORY;

    for (line = inf->text; line; line = next)
    {
        if ((next = wcschr(line, '\n'))) *next++ = 0;
        line = trim(line);
        if (!*line || *line == ';') continue;
        if (*line == '[')
        {
            WCHAR *end = wcschr(line, ']');

            if (!end) continue;
            *end = 0;
            if (!grow((void **)&inf->sections, inf->section_count, &section_capacity, sizeof(*inf->sections)))
                goto no_memory;
            inf->sections[inf->section_count].name = trim(line + 1);
            inf->sections[inf->section_count].first = inf->entry_count;
            inf->sections[inf->section_count].count = 0;
            inf->section_count++;
        }
        else if (inf->section_count)
        {
            WCHAR *equal = wcschr(line, '=');

            if (!equal) continue;
            *equal = 0;
            if (!grow((void **)&inf->entries, inf->entry_count, &entry_capacity, sizeof(*inf->entries)))
                goto no_memory;
            inf->entries[inf->entry_count].key = trim(line);
            inf->entries[inf->entry_count].value = trim(equal + 1);
            inf->entry_count++;
            inf->sections[inf->section_count - 1].count++;
        }
    }
    return S_OK;

no_memory:
    free_inf(inf);
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

static const struct inf_section *find_section(const struct inf_file *inf, const WCHAR *name)
{
    ULONG i;

    for (i = 0; i < inf->section_count; i++)
        if (!wcsicmp(inf->sections[i].name, name)) return &inf->sections[i];
    return NULL;
}

static const WCHAR *find_value(const struct inf_file *inf, const struct inf_section *section, const WCHAR *key)
{
    ULONG i;

    for (i = 0; i < section->count; i++)
        if (!wcsicmp(inf->entries[section->first + i].key, key)) return inf->entries[section->first + i].value;
    return NULL;
}

/***********************************************************************
 * Property entries
 */

static const struct
{
    const WCHAR *name;
    ULONG tag;
}
prop_names[] =
{
    { L"PR_AB_PROVIDER_ID",         PROP_TAG(PT_BINARY, 0x3615) },
    { L"PR_COMMENT",                PR_COMMENT_W },
    { L"PR_DISPLAY_NAME",           PR_DISPLAY_NAME_W },
    { L"PR_IDENTITY_DISPLAY",       PR_IDENTITY_DISPLAY_W },
    { L"PR_MDB_PROVIDER",           PROP_TAG(PT_BINARY, 0x3414) },
    { L"PR_PROVIDER_DISPLAY",       PR_PROVIDER_DISPLAY_W },
    { L"PR_PROVIDER_DLL_NAME",      PR_PROVIDER_DLL_NAME_W },
    { L"PR_PROVIDER_ORDINAL",       PR_PROVIDER_ORDINAL },
    { L"PR_RESOURCE_FLAGS",         PR_RESOURCE_FLAGS },
    { L"PR_RESOURCE_PATH",          PR_RESOURCE_PATH_W },
    { L"PR_RESOURCE_TYPE",          PR_RESOURCE_TYPE },
    { L"PR_SERVICE_DELETE_FILES",   PR_SERVICE_DELETE_FILES_W },
    { L"PR_SERVICE_DLL_NAME",       PR_SERVICE_DLL_NAME_W },
    { L"PR_SERVICE_ENTRY_NAME",     PR_SERVICE_ENTRY_NAME },
    { L"PR_SERVICE_SUPPORT_FILES",  PR_SERVICE_SUPPORT_FILES_W },
};

static const struct
{
    const WCHAR *name;
    ULONG value;
}
constants[] =
{
    { L"MAPI_AB_PROVIDER",            MAPI_AB_PROVIDER },
    { L"MAPI_HOOK_PROVIDER",          MAPI_HOOK_PROVIDER },
    { L"MAPI_PROFILE_PROVIDER",       MAPI_PROFILE_PROVIDER },
    { L"MAPI_SPOOLER",                MAPI_SPOOLER },
    { L"MAPI_STORE_PROVIDER",         MAPI_STORE_PROVIDER },
    { L"MAPI_SUBSYSTEM",              MAPI_SUBSYSTEM },
    { L"MAPI_TRANSPORT_PROVIDER",     MAPI_TRANSPORT_PROVIDER },
    { L"SERVICE_CREATE_WITH_STORE",   SERVICE_CREATE_WITH_STORE },
    { L"SERVICE_DEFAULT_STORE",       SERVICE_DEFAULT_STORE },
    { L"SERVICE_NO_PRIMARY_IDENTITY", SERVICE_NO_PRIMARY_IDENTITY },
    { L"SERVICE_PRIMARY_IDENTITY",    SERVICE_PRIMARY_IDENTITY },
    { L"SERVICE_SINGLE_COPY",         SERVICE_SINGLE_COPY },
    { L"STATUS_DEFAULT_OUTBOUND",     STATUS_DEFAULT_OUTBOUND },
    { L"STATUS_DEFAULT_STORE",        STATUS_DEFAULT_STORE },
    { L"STATUS_NEED_IPM_TREE",        STATUS_NEED_IPM_TREE },
    { L"STATUS_NO_DEFAULT_STORE",     STATUS_NO_DEFAULT_STORE },
    { L"STATUS_NO_PRIMARY_IDENTITY",  STATUS_NO_PRIMARY_IDENTITY },
    { L"STATUS_OWN_STORE",            STATUS_OWN_STORE },
    { L"STATUS_PRIMARY_IDENTITY",     STATUS_PRIMARY_IDENTITY },
    { L"STATUS_PRIMARY_STORE",        STATUS_PRIMARY_STORE },
    { L"STATUS_SECONDARY_STORE",      STATUS_SECONDARY_STORE },
    { L"STATUS_SIMPLE_STORE",         STATUS_SIMPLE_STORE },
    { L"STATUS_TEMP_SECTION",         STATUS_TEMP_SECTION },
    { L"STATUS_XP_PREFER_LAST",       STATUS_XP_PREFER_LAST },
};

static int hex_digit(WCHAR c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Hex digits into bytes; count is the number of digits, which must be even. */
static BOOL parse_hex_bytes(const WCHAR *text, size_t count, BYTE *bytes)
{
    size_t i;

    if (count % 2) return FALSE;
    for (i = 0; i < count; i += 2)
    {
        int high = hex_digit(text[i]), low = hex_digit(text[i + 1]);

        if (high < 0 || low < 0) return FALSE;
        bytes[i / 2] = high << 4 | low;
    }
    return TRUE;
}

static BOOL is_hex_string(const WCHAR *text, size_t length)
{
    size_t i;

    for (i = 0; i < length; i++)
        if (hex_digit(text[i]) < 0) return FALSE;
    return TRUE;
}

static BOOL parse_number(const WCHAR *text, ULONG *value)
{
    WCHAR buffer[256], *token, *context = NULL, *end;
    size_t length = wcslen(text);
    ULONG result = 0, i;

    if (length == 8 && is_hex_string(text, 8))
    {
        BYTE bytes[4];

        parse_hex_bytes(text, 8, bytes);
        *value = bytes[0] | bytes[1] << 8 | bytes[2] << 16 | (ULONG)bytes[3] << 24;
        return TRUE;
    }
    if (length >= ARRAY_SIZE(buffer)) return FALSE;
    wcscpy(buffer, text);
    for (token = wcstok_s(buffer, L"|", &context); token; token = wcstok_s(NULL, L"|", &context))
    {
        token = trim(token);
        for (i = 0; i < ARRAY_SIZE(constants); i++)
            if (!wcsicmp(token, constants[i].name)) break;
        if (i < ARRAY_SIZE(constants))
        {
            result |= constants[i].value;
            continue;
        }
        if (!*token) return FALSE;
        result |= wcstoul(token, &end, 0);
        if (*end) return FALSE;
    }
    *value = result;
    return TRUE;
}

static BOOL parse_binary(const WCHAR *text, void *parent, SBinary *bin)
{
    size_t length = wcslen(text);

    if (text[0] == '{' && length == 38)
    {
        GUID guid;
        WCHAR copy[39];

        wcscpy(copy, text);
        if (FAILED(CLSIDFromString(copy, &guid))) return FALSE;
        bin->cb = sizeof(guid);
        if (FAILED(MAPIAllocateMore(sizeof(guid), parent, (void **)&bin->lpb))) return FALSE;
        memcpy(bin->lpb, &guid, sizeof(guid));
        return TRUE;
    }
    bin->cb = length / 2;
    if (FAILED(MAPIAllocateMore(max(bin->cb, 1), parent, (void **)&bin->lpb))) return FALSE;
    return parse_hex_bytes(text, length, bin->lpb);
}

static WCHAR *copy_string(const WCHAR *text, void *parent)
{
    WCHAR *copy;

    if (FAILED(MAPIAllocateMore((wcslen(text) + 1) * sizeof(WCHAR), parent, (void **)&copy))) return NULL;
    wcscpy(copy, text);
    return copy;
}

static char *copy_ansi(const WCHAR *text, void *parent)
{
    int size = WideCharToMultiByte(CP_ACP, 0, text, -1, NULL, 0, NULL, NULL);
    char *copy;

    if (FAILED(MAPIAllocateMore(size, parent, (void **)&copy))) return NULL;
    WideCharToMultiByte(CP_ACP, 0, text, -1, copy, size, NULL, NULL);
    return copy;
}

/* The comma-separated items of a list, trimmed, in a copy on parent */
static WCHAR **split_list(const WCHAR *text, void *parent, ULONG *count)
{
    WCHAR *copy, **items, *item, *context = NULL;
    ULONG n = 1;
    const WCHAR *p;

    *count = 0;
    for (p = text; *p; p++) if (*p == ',') n++;
    if (!(copy = copy_string(text, parent))) return NULL;
    if (FAILED(MAPIAllocateMore(n * sizeof(*items), parent, (void **)&items))) return NULL;
    for (item = wcstok_s(copy, L",", &context); item; item = wcstok_s(NULL, L",", &context))
        if (*(item = trim(item))) items[(*count)++] = item;
    return items;
}

static BOOL parse_value(ULONG tag, const WCHAR *text, void *parent, SPropValue *prop)
{
    WCHAR **items;
    ULONG count, i, value;

    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    switch (PROP_TYPE(tag))
    {
    case PT_UNICODE:
        return !!(prop->Value.lpszW = copy_string(text, parent));
    case PT_STRING8:
        return !!(prop->Value.lpszA = copy_ansi(text, parent));
    case PT_LONG:
        return parse_number(text, &value) && (prop->Value.l = value, TRUE);
    case PT_I2:
        return parse_number(text, &value) && value <= 0xffff && (prop->Value.i = value, TRUE);
    case PT_BOOLEAN:
        if (!wcsicmp(text, L"TRUE")) value = 1;
        else if (!wcsicmp(text, L"FALSE")) value = 0;
        else if (!parse_number(text, &value)) return FALSE;
        prop->Value.b = value != 0;
        return TRUE;
    case PT_BINARY:
        return parse_binary(text, parent, &prop->Value.bin);
    case PT_I8:
    case PT_SYSTIME:
        return wcslen(text) == 16 && parse_hex_bytes(text, 16, (BYTE *)&prop->Value.li);
    case PT_CLSID:
        if (FAILED(MAPIAllocateMore(sizeof(GUID), parent, (void **)&prop->Value.lpguid))) return FALSE;
        return wcslen(text) == 32 && parse_hex_bytes(text, 32, (BYTE *)prop->Value.lpguid);
    case PT_MV_UNICODE:
    case PT_MV_STRING8:
        if (!(items = split_list(text, parent, &count))) return FALSE;
        prop->Value.MVszW.cValues = count;
        prop->Value.MVszW.lppszW = items;
        if (PROP_TYPE(tag) == PT_MV_STRING8)
            for (i = 0; i < count; i++)
                if (!(prop->Value.MVszA.lppszA[i] = copy_ansi(items[i], parent))) return FALSE;
        return TRUE;
    case PT_MV_LONG:
        if (!(items = split_list(text, parent, &count))) return FALSE;
        prop->Value.MVl.cValues = count;
        if (FAILED(MAPIAllocateMore(max(count, 1) * sizeof(LONG), parent, (void **)&prop->Value.MVl.lpl)))
            return FALSE;
        for (i = 0; i < count; i++)
        {
            if (!parse_number(items[i], &value)) return FALSE;
            prop->Value.MVl.lpl[i] = value;
        }
        return TRUE;
    case PT_MV_BINARY:
        if (!(items = split_list(text, parent, &count))) return FALSE;
        prop->Value.MVbin.cValues = count;
        if (FAILED(MAPIAllocateMore(max(count, 1) * sizeof(SBinary), parent, (void **)&prop->Value.MVbin.lpbin)))
            return FALSE;
        for (i = 0; i < count; i++)
            if (!parse_binary(items[i], parent, &prop->Value.MVbin.lpbin[i])) return FALSE;
        return TRUE;
    }
    return FALSE;
}

BOOL mapisvc_parse_prop(const WCHAR *name, const WCHAR *value, void *parent, SPropValue *prop)
{
    ULONG tag = 0, i;

    if (wcslen(name) == 8 && is_hex_string(name, 8))
        tag = wcstoul(name, NULL, 16);
    else
    {
        for (i = 0; i < ARRAY_SIZE(prop_names); i++)
            if (!wcsicmp(name, prop_names[i].name)) break;
        if (i == ARRAY_SIZE(prop_names)) return FALSE;
        tag = prop_names[i].tag;
    }
    if (PROP_TYPE(tag) == PT_UNSPECIFIED || PROP_ID(tag) == 0) return FALSE;
    return parse_value(tag, value, parent, prop);
}

/* The property entries of a section, skipping keys in skip (a NULL-ended list) */
static HRESULT load_props(const struct inf_file *inf, const struct inf_section *section,
                          const WCHAR *const *skip, void *parent, struct mapisvc_section *out)
{
    ULONG i, j;
    HRESULT hr;

    out->prop_count = 0;
    if (FAILED(hr = MAPIAllocateMore(max(section->count, 1) * sizeof(SPropValue), parent, (void **)&out->props)))
        return hr;
    if (!(out->name = copy_string(section->name, parent))) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < section->count; i++)
    {
        const struct inf_entry *entry = &inf->entries[section->first + i];

        for (j = 0; skip[j]; j++)
            if (!wcsicmp(entry->key, skip[j])) break;
        if (skip[j]) continue;
        if (mapisvc_parse_prop(entry->key, entry->value, parent, &out->props[out->prop_count]))
            out->prop_count++;
        else
            WARN("[%s] %s=%s: not a property MAPI knows, skipped\n", debugstr_w(section->name),
                 debugstr_w(entry->key), debugstr_w(entry->value));
    }
    return S_OK;
}

static HRESULT load_section_list(const struct inf_file *inf, const struct inf_section *service, const WCHAR *key,
                                 BOOL extra, void *parent, struct mapisvc_section **sections, ULONG *count,
                                 struct mapi_error_info *error)
{
    static const WCHAR *const no_skip[] = { NULL };
    static const WCHAR *const uid_skip[] = { L"UID", NULL };
    const struct inf_section *section;
    const WCHAR *value = find_value(inf, service, key), *uid;
    WCHAR **names;
    ULONG i, n;
    HRESULT hr;

    *count = 0;
    *sections = NULL;
    if (!value) return S_OK;
    if (!(names = split_list(value, parent, &n))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = MAPIAllocateMore(max(n, 1) * sizeof(**sections), parent, (void **)sections))) return hr;
    for (i = 0; i < n; i++)
    {
        struct mapisvc_section *out = &(*sections)[i];

        memset(out, 0, sizeof(*out));
        if (!(section = find_section(inf, names[i])))
            return mapi_error_set(error, MAPI_E_NOT_FOUND, L"mapisvc.inf has no section [%s], which the "
                                  L"message service %s lists", names[i], service->name);
        if (extra)
        {
            uid = find_value(inf, section, L"UID");
            if (!uid || wcslen(uid) != 32 || !parse_hex_bytes(uid, 32, out->uid.ab))
                return mapi_error_set(error, MAPI_E_INVALID_PARAMETER, L"The section [%s] of mapisvc.inf "
                                      L"has no valid UID= entry", names[i]);
        }
        if (FAILED(hr = load_props(inf, section, extra ? uid_skip : no_skip, parent, out))) return hr;
    }
    *count = n;
    return S_OK;
}

HRESULT mapisvc_load_service(const WCHAR *name, struct mapisvc_service **out, struct mapi_error_info *error)
{
    static const WCHAR *const service_skip[] = { L"Providers", L"Sections", NULL };
    const struct inf_section *services, *section;
    struct mapisvc_service *service;
    const WCHAR *display_name;
    WCHAR path[MAX_PATH];
    struct inf_file inf;
    HRESULT hr;
    ULONG i;

    *out = NULL;
    if (FAILED(hr = read_inf(&inf)))
    {
        mapisvc_path(path, ARRAY_SIZE(path));
        return mapi_error_set(error, hr, L"The message service %s cannot be found: %s cannot be read", name, path);
    }
    if (!(services = find_section(&inf, L"Services")) || !(display_name = find_value(&inf, services, name)))
    {
        free_inf(&inf);
        return mapi_error_set(error, MAPI_E_NOT_FOUND, L"The message service %s is not in the [Services] "
                              L"section of mapisvc.inf", name);
    }
    if (!(section = find_section(&inf, name)))
    {
        free_inf(&inf);
        return mapi_error_set(error, MAPI_E_NOT_FOUND, L"mapisvc.inf lists the message service %s but has "
                              L"no [%s] section", name, name);
    }

    if (FAILED(hr = MAPIAllocateBuffer(sizeof(*service), (void **)&service)))
    {
        free_inf(&inf);
        return hr;
    }
    memset(service, 0, sizeof(*service));
    /* The name as [Services] spells it */
    for (i = 0; i < services->count; i++)
        if (!wcsicmp(inf.entries[services->first + i].key, name)) break;
    if (!(service->name = copy_string(inf.entries[services->first + i].key, service)) ||
        !(service->display_name = copy_string(display_name, service)))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(hr)) hr = load_props(&inf, section, service_skip, service, &service->section);
    if (SUCCEEDED(hr))
        hr = load_section_list(&inf, section, L"Providers", FALSE, service, &service->providers,
                               &service->provider_count, error);
    if (SUCCEEDED(hr))
        hr = load_section_list(&inf, section, L"Sections", TRUE, service, &service->extras,
                               &service->extra_count, error);
    free_inf(&inf);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(service);
        return hr;
    }
    *out = service;
    return S_OK;
}

HRESULT mapisvc_load_section(const WCHAR *name, struct mapisvc_section **out)
{
    static const WCHAR *const no_skip[] = { NULL };
    const struct inf_section *section;
    struct mapisvc_section *result;
    struct inf_file inf;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = read_inf(&inf))) return hr;
    if (!(section = find_section(&inf, name))) hr = MAPI_E_NOT_FOUND;
    else if (SUCCEEDED(hr = MAPIAllocateBuffer(sizeof(*result), (void **)&result)))
    {
        memset(result, 0, sizeof(*result));
        if (FAILED(hr = load_props(&inf, section, no_skip, result, result))) MAPIFreeBuffer(result);
        else *out = result;
    }
    free_inf(&inf);
    return hr;
}

HRESULT mapisvc_default_services(WCHAR ***names, ULONG *count)
{
    const struct inf_section *section;
    struct inf_file inf;
    HRESULT hr;
    ULONG i;

    *names = NULL;
    *count = 0;
    if (FAILED(hr = read_inf(&inf))) return hr;
    if ((section = find_section(&inf, L"Default Services")) && section->count)
    {
        if (!(*names = calloc(section->count, sizeof(**names)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < section->count && SUCCEEDED(hr); i++)
        {
            if (!((*names)[i] = wcsdup(inf.entries[section->first + i].key))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
            else (*count)++;
        }
    }
    free_inf(&inf);
    if (FAILED(hr))
    {
        profile_free_names(*names, *count);
        *names = NULL;
        *count = 0;
    }
    return hr;
}

/***********************************************************************
 * mapi_load_provider_dll
 */

HMODULE mapi_load_provider_dll(const WCHAR *dll_name)
{
    WCHAR suffixed[MAX_PATH];
    const WCHAR *file, *dot;
    HMODULE module;
    size_t base;

    TRACE("(%s)\n", debugstr_w(dll_name));

    if (!dll_name || !*dll_name || wcslen(dll_name) + 3 > ARRAY_SIZE(suffixed))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }

    /* "smpms.dll" is "smpms32.dll" on disk; a name that has the suffix keeps it. */
    file = dll_name;
    if (wcsrchr(file, '\\')) file = wcsrchr(file, '\\') + 1;
    if (wcsrchr(file, '/')) file = wcsrchr(file, '/') + 1;
    if (!(dot = wcsrchr(file, '.'))) dot = file + wcslen(file);
    base = dot - dll_name;
    if (dot - file < 2 || wcsnicmp(dot - 2, L"32", 2))
    {
        memcpy(suffixed, dll_name, base * sizeof(WCHAR));
        wcscpy(suffixed + base, L"32");
        wcscat(suffixed, dot);
        if ((module = LoadLibraryW(suffixed)))
        {
            TRACE("loaded %s\n", debugstr_w(suffixed));
            return module;
        }
        TRACE("no %s (%lu), trying %s\n", debugstr_w(suffixed), GetLastError(), debugstr_w(dll_name));
    }
    return LoadLibraryW(dll_name);
}
