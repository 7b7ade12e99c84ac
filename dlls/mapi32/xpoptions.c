/*
 * Transport options: the message and recipient options a transport
 * registers (IXPLogon::RegisterOptions), and the default values that
 * IMAPISession::QueryDefaultMessageOpt and IAddrBook::QueryDefaultRecipOpt
 * answer from them.
 *
 * The session that logs a transport on asks it for its options right after
 * TransportLogon and records a copy in the transport's own profile section,
 * so that any session of the profile, in any process, with or without mail
 * and whether a spooler runs or not, answers from the profile. The record is
 * one multi-valued binary property, one value per OPTIONDATA: its fields and
 * its option properties as one ScCopyProps block whose pointers are offsets
 * (ScRelocProps), after a small header. See docs/spooler.md.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* In the transport's section: one value per option the transport registered. */
#define PR_WINE_TRANSPORT_OPTIONS PROP_TAG(PT_MV_BINARY, 0x3df0)

#define OPTION_MAGIC 0x54504f58   /* "XOPT" */

/* The OPTIONDATA fields, as the first values of a record; PT_NULL for a NULL pointer. */
#define FIELD_FLAGS      PROP_TAG(PT_LONG, 0x0001)
#define FIELD_ADDRTYPE   PROP_TAG(PT_UNICODE, 0x0002)
#define FIELD_RECIP_GUID PROP_TAG(PT_CLSID, 0x0003)
#define FIELD_DLL_NAME   PROP_TAG(PT_UNICODE, 0x0004)
#define FIELD_ORDINAL    PROP_TAG(PT_LONG, 0x0005)
#define FIELD_DATA       PROP_TAG(PT_BINARY, 0x0006)
#define FIELD_COUNT      6

struct record_header
{
    DWORD magic;
    DWORD pointer_size;     /* the offsets are as wide as the writer's pointers */
    DWORD count;            /* values, fields included */
    DWORD reserved;
};

/* A copy of a value with nothing but its tag and its value set: records compare byte for byte. */
static BOOL clean_copy(SPropValue *dst, const SPropValue *src)
{
    ULONG type = PROP_TYPE(src->ulPropTag);

    memset(dst, 0, sizeof(*dst));
    dst->ulPropTag = src->ulPropTag;
    if (type & MV_FLAG || type == PT_BINARY)
    {
        /* Every multi-valued member and SBinary is a count, then a pointer. */
        dst->Value.MVl.cValues = src->Value.MVl.cValues;
        dst->Value.MVl.lpl = src->Value.MVl.lpl;
        return TRUE;
    }
    switch (type)
    {
    case PT_I2: dst->Value.i = src->Value.i; return TRUE;
    case PT_BOOLEAN: dst->Value.b = src->Value.b; return TRUE;
    case PT_LONG:
    case PT_ERROR:
    case PT_R4: dst->Value.l = src->Value.l; return TRUE;
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_SYSTIME:
    case PT_I8: dst->Value.li = src->Value.li; return TRUE;
    case PT_CLSID: dst->Value.lpguid = src->Value.lpguid; return TRUE;
    case PT_STRING8: dst->Value.lpszA = src->Value.lpszA; return TRUE;
    case PT_UNICODE: dst->Value.lpszW = src->Value.lpszW; return TRUE;
    }
    return FALSE;   /* PT_NULL, PT_OBJECT, PT_UNSPECIFIED: not a default value */
}

/* One OPTIONDATA as a record (malloc'ed); FALSE when it cannot be kept. */
static BOOL encode_option(const OPTIONDATA *option, BOOL unicode, SBinary *record)
{
    struct record_header *header;
    WCHAR *address_type = NULL, *dll_name = NULL;
    SPropValue *values;
    ULONG n = 0, i, size;
    BOOL ret = FALSE;

    record->cb = 0;
    record->lpb = NULL;
    if (option->cOptionsProps && !option->lpOptionsProps) return FALSE;
    if (option->cOptionsProps > 0xffff) return FALSE;
    if (!(values = calloc(FIELD_COUNT + option->cOptionsProps, sizeof(*values)))) return FALSE;
    if (option->lpszAdrType) address_type = mapi_strdupW_from(option->lpszAdrType, unicode);
    if (option->lpszDLLName) dll_name = mapi_strdupW_from(option->lpszDLLName, unicode);

    values[n].ulPropTag = FIELD_FLAGS;
    values[n++].Value.l = option->ulFlags;
    values[n].ulPropTag = address_type ? FIELD_ADDRTYPE : CHANGE_PROP_TYPE(FIELD_ADDRTYPE, PT_NULL);
    values[n++].Value.lpszW = address_type;
    values[n].ulPropTag = option->lpRecipGUID ? FIELD_RECIP_GUID : CHANGE_PROP_TYPE(FIELD_RECIP_GUID, PT_NULL);
    values[n++].Value.lpguid = option->lpRecipGUID;
    values[n].ulPropTag = dll_name ? FIELD_DLL_NAME : CHANGE_PROP_TYPE(FIELD_DLL_NAME, PT_NULL);
    values[n++].Value.lpszW = dll_name;
    values[n].ulPropTag = FIELD_ORDINAL;
    values[n++].Value.l = option->ulOrdinal;
    values[n].ulPropTag = FIELD_DATA;
    values[n].Value.bin.cb = option->lpbOptionsData ? option->cbOptionsData : 0;
    values[n++].Value.bin.lpb = option->lpbOptionsData;
    for (i = 0; i < option->cOptionsProps; i++)
    {
        if (clean_copy(&values[n], &option->lpOptionsProps[i])) n++;
        else WARN("option value %#lx skipped: no default value of that type\n", option->lpOptionsProps[i].ulPropTag);
    }

    if ((option->lpszAdrType && !address_type) || (option->lpszDLLName && !dll_name)) goto done;
    if (FAILED(mapi_props_size(n, values, &size)) || size > 0x1000000)
    {
        WARN("option of %s not kept: bad values\n", debugstr_w(address_type));
        goto done;
    }
    if (!(record->lpb = calloc(1, sizeof(*header) + size))) goto done;
    header = (struct record_header *)record->lpb;
    header->magic = OPTION_MAGIC;
    header->pointer_size = sizeof(void *);
    header->count = n;
    if (FAILED(mapi_props_copy(n, values, header + 1, NULL)) ||
        FAILED(ScRelocProps(n, (SPropValue *)(header + 1), header + 1, NULL, NULL)))
    {
        free(record->lpb);
        record->lpb = NULL;
        goto done;
    }
    record->cb = sizeof(*header) + size;
    ret = TRUE;
done:
    free(address_type);
    free(dll_name);
    free(values);
    return ret;
}

/* A record's values (MAPIFreeBuffer them), or NULL for one this process cannot read. */
static SPropValue *decode_record(const SBinary *record, ULONG *count)
{
    const struct record_header *header = (const struct record_header *)record->lpb;
    SPropValue *values;
    ULONG size, used;

    if (!record->lpb || record->cb < sizeof(*header) || header->magic != OPTION_MAGIC ||
        header->pointer_size != sizeof(void *) || header->count < FIELD_COUNT)
        return NULL;
    size = record->cb - sizeof(*header);
    if (header->count > size / sizeof(SPropValue)) return NULL;
    if (FAILED(MAPIAllocateBuffer(size, (void **)&values))) return NULL;
    memcpy(values, header + 1, size);
    /* Our own record in the profile: its offsets are trusted, the sum is checked. */
    if (FAILED(ScRelocProps(header->count, values, NULL, values, &used)) || used > size ||
        values[0].ulPropTag != FIELD_FLAGS)
    {
        MAPIFreeBuffer(values);
        return NULL;
    }
    *count = header->count;
    return values;
}

/* Writes the records into the transport's section, unless it holds them already. */
static void record_options(struct profile *profile, const MAPIUID *uid, ULONG count, SBinary *records)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_WINE_TRANSPORT_OPTIONS } };
    SPropValue *old = NULL, value;
    IProfSect *section;
    ULONG n, i, old_count = 0;
    BOOL same;
    HRESULT hr;

    if (FAILED(hr = profile_open_section(profile, uid, MAPI_MODIFY, &section)))
    {
        WARN("no profile section for the options: %#lx\n", hr);
        return;
    }
    /* Each logon of the transport registers again: the profile is written when something changed. */
    if (SUCCEEDED(IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &n, &old)) &&
        old->ulPropTag == PR_WINE_TRANSPORT_OPTIONS)
        old_count = old->Value.MVbin.cValues;
    for (i = 0, same = old_count == count; i < count && same; i++)
        same = old->Value.MVbin.lpbin[i].cb == records[i].cb &&
               !memcmp(old->Value.MVbin.lpbin[i].lpb, records[i].lpb, records[i].cb);
    MAPIFreeBuffer(old);
    if (!same && !count) hr = IProfSect_DeleteProps(section, (SPropTagArray *)&tags, NULL);
    else if (!same)
    {
        value.ulPropTag = PR_WINE_TRANSPORT_OPTIONS;
        value.dwAlignPad = 0;
        value.Value.MVbin.cValues = count;
        value.Value.MVbin.lpbin = records;
        hr = IProfSect_SetProps(section, 1, &value, NULL);
    }
    if (FAILED(hr)) WARN("options not recorded: %#lx\n", hr);
    else if (!same) TRACE("%lu option(s) recorded\n", count);
    IProfSect_Release(section);
}

/***********************************************************************
 *  xpoptions_register
 *
 * IXPLogon::RegisterOptions of a transport the session logged on to, kept in
 * the profile. Returns what RegisterOptions answered: anything but S_OK
 * logs the transport off (the caller's part), as its reference page says.
 *
 * NOTES
 *  The transport owns what it returns until its TransportLogoff: nothing is
 *  freed here. A record that cannot be kept (bad values) is left out with a
 *  warning.
 */
HRESULT xpoptions_register(struct profile *profile, const MAPIUID *provider_uid, IXPLogon *xp)
{
    ULONG flags = 0, count = 0, kept = 0, i;
    OPTIONDATA *options = NULL;
    SBinary *records;
    HRESULT hr;

    hr = IXPLogon_RegisterOptions(xp, &flags, &count, &options);
    TRACE("RegisterOptions: %#lx, flags %#lx, %lu option(s)\n", hr, flags, count);
    if (hr != S_OK) return hr;
    if (count && !options)
    {
        WARN("%lu option(s) announced, none given\n", count);
        count = 0;
    }
    if (!(records = calloc(max(count, 1), sizeof(*records)))) return S_OK;
    for (i = 0; i < count; i++)
    {
        if (!(options[i].ulFlags & (OPTION_TYPE_RECIPIENT | OPTION_TYPE_MESSAGE)))
        {
            WARN("option %lu is neither for messages nor for recipients (%#lx): ignored\n", i, options[i].ulFlags);
            continue;
        }
        if (encode_option(&options[i], !!(flags & MAPI_UNICODE), &records[kept])) kept++;
    }
    record_options(profile, provider_uid, kept, records);
    for (i = 0; i < kept; i++) free(records[i].lpb);
    free(records);
    return S_OK;
}

/* The recorded options of one transport: the property value (MAPIFreeBuffer it), or NULL. */
static SPropValue *read_options(struct profile *profile, const MAPIUID *uid)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_WINE_TRANSPORT_OPTIONS } };
    SPropValue *value = NULL;
    IProfSect *section;
    ULONG n;

    if (FAILED(profile_open_section(profile, uid, 0, &section))) return NULL;
    if (SUCCEEDED(IProfSect_GetProps(section, (SPropTagArray *)&tags, 0, &n, &value)) &&
        value->ulPropTag != PR_WINE_TRANSPORT_OPTIONS)
    {
        MAPIFreeBuffer(value);
        value = NULL;
    }
    IProfSect_Release(section);
    return value;
}

static BOOL record_applies(const SPropValue *values, ULONG option_type, const WCHAR *address_type)
{
    if (!(values[0].Value.l & option_type)) return FALSE;
    /* An option registered without an address type is for every one. */
    if (values[1].ulPropTag != FIELD_ADDRTYPE || !values[1].Value.lpszW[0]) return TRUE;
    return !wcsicmp(values[1].Value.lpszW, address_type);
}

/***********************************************************************
 *  xpoptions_query
 *
 * The default option values the profile's transports registered for an
 * address type: OPTION_TYPE_MESSAGE or OPTION_TYPE_RECIPIENT ones.
 *
 * NOTES
 *  Transports come in transport order and each transport's options in the
 *  order it gave them; a property two options set is the first one's. String
 *  values come in the width MAPI_UNICODE asks for. No option for the address
 *  type is S_OK with no values.
 */
HRESULT xpoptions_query(struct profile *profile, ULONG option_type, const char *address_type, ULONG flags,
                        ULONG *count, SPropValue **options)
{
    struct profile_provider *providers = NULL;
    ULONG provider_count = 0, seen_count = 0, i, j, k, n, *seen = NULL;
    IPropData *bag;
    WCHAR *type;
    HRESULT hr;

    *count = 0;
    *options = NULL;
    if (!(type = mapi_strdupW_from(address_type, FALSE))) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = profile_get_providers(profile, MAPI_TRANSPORT_PROVIDER, &provider_count, &providers);
    if (hr == MAPI_E_NOT_FOUND) provider_count = 0;
    else if (FAILED(hr))
    {
        free(type);
        return hr;
    }
    if (FAILED(hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                &bag)))
    {
        profile_free_providers(provider_count, providers);
        free(type);
        return hr;
    }

    for (i = 0; i < provider_count && SUCCEEDED(hr); i++)
    {
        SPropValue *recorded = read_options(profile, &providers[i].provider_uid);

        if (!recorded) continue;
        for (j = 0; j < recorded->Value.MVbin.cValues && SUCCEEDED(hr); j++)
        {
            SPropValue *values = decode_record(&recorded->Value.MVbin.lpbin[j], &n);

            if (!values)
            {
                WARN("an option record of %s cannot be read\n", debugstr_w(providers[i].display_name));
                continue;
            }
            if (record_applies(values, option_type, type))
            {
                ULONG *more = realloc(seen, (seen_count + n) * sizeof(*seen));

                if (!more) hr = MAPI_E_NOT_ENOUGH_MEMORY;
                else seen = more;
                for (k = FIELD_COUNT; k < n && SUCCEEDED(hr); k++)
                {
                    ULONG id = PROP_ID(values[k].ulPropTag), m;

                    for (m = 0; m < seen_count; m++) if (seen[m] == id) break;
                    if (m < seen_count) continue;
                    seen[seen_count++] = id;
                    hr = IPropData_SetProps(bag, 1, &values[k], NULL);
                }
            }
            MAPIFreeBuffer(values);
        }
        MAPIFreeBuffer(recorded);
    }
    if (SUCCEEDED(hr)) hr = IPropData_GetProps(bag, NULL, flags & MAPI_UNICODE, count, options);
    TRACE("%lu value(s) for %s: %#lx\n", *count, debugstr_w(type), hr);
    IPropData_Release(bag);
    profile_free_providers(provider_count, providers);
    free(seen);
    free(type);
    return hr;
}
