/*
 * The content of a message in memory, and its [MS-OXMSG] layout in an
 * IStorage: the "__properties_version1.0" stream of each object, with
 * fixed-size values in its entries and the others in "__substg1.0_" streams,
 * the recipient and attachment storages, embedded messages.
 *
 * Reading trusts nothing of the file: counts and sizes are checked against
 * what is really there, nesting and element counts are bounded, and the data
 * one open may load has a budget (a compound file can point many entries at
 * the same sectors).
 */

#include "imessage_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static const WCHAR props_stream_name[] = L"__properties_version1.0";
static const WCHAR recip_prefix[] = L"__recip_version1.0_#";
static const WCHAR attach_prefix[] = L"__attach_version1.0_#";
static const WCHAR substg_prefix[] = L"__substg1.0_";
static const WCHAR nameid_storage_name[] = L"__nameid_version1.0";
static const WCHAR object_storage_name[] = L"__substg1.0_3701000D";

#define PROPS_HEADER_ROOT     32
#define PROPS_HEADER_EMBEDDED 24
#define PROPS_HEADER_OTHER    8
#define PROPS_ENTRY_SIZE      16
#define SIZE_OF_OBJECT        0xffffffff

#define DEFAULT_ATTR (PROPATTR_READABLE | PROPATTR_WRITEABLE)

/***********************************************************************
 * Property sets
 */

void msg_props_clear(struct msg_props *props)
{
    ULONG i;

    for (i = 0; i < props->count; i++) HeapFree(GetProcessHeap(), 0, props->items[i].value);
    HeapFree(GetProcessHeap(), 0, props->items);
    props->items = NULL;
    props->count = props->capacity = 0;
}

/* A heap copy of one value with its data; PT_OBJECT values have none. */
static SCODE copy_value(const SPropValue *value, SPropValue **copy)
{
    ULONG size;
    SCODE sc;

    if (PROP_TYPE(value->ulPropTag) == PT_OBJECT)
    {
        if (!(*copy = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(SPropValue))))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        (*copy)->ulPropTag = value->ulPropTag;
        return S_OK;
    }
    if (FAILED(sc = mapi_props_size(1, value, &size))) return sc;
    if (!(*copy = HeapAlloc(GetProcessHeap(), 0, size))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(sc = mapi_props_copy(1, value, *copy, &size)))
    {
        HeapFree(GetProcessHeap(), 0, *copy);
        *copy = NULL;
    }
    return sc;
}

SCODE msg_props_copy(struct msg_props *dst, const struct msg_props *src)
{
    ULONG i;
    SCODE sc;

    memset(dst, 0, sizeof(*dst));
    if (!src->count) return S_OK;
    if (!(dst->items = HeapAlloc(GetProcessHeap(), 0, src->count * sizeof(*dst->items))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    dst->capacity = src->count;
    for (i = 0; i < src->count; i++)
    {
        if (FAILED(sc = copy_value(src->items[i].value, &dst->items[i].value)))
        {
            msg_props_clear(dst);
            return sc;
        }
        dst->items[i].attr = src->items[i].attr;
        dst->count++;
    }
    return S_OK;
}

struct msg_prop *msg_props_find(const struct msg_props *props, ULONG tag)
{
    ULONG i;

    for (i = 0; i < props->count; i++)
        if (PROP_ID(props->items[i].value->ulPropTag) == PROP_ID(tag)) return &props->items[i];
    return NULL;
}

/* Sets a value by identifier; a new property gets attr, or readable and writable for 0. */
SCODE msg_props_set(struct msg_props *props, const SPropValue *value, ULONG attr)
{
    struct msg_prop *prop;
    SPropValue *copy;
    SCODE sc;

    if (FAILED(sc = copy_value(value, &copy))) return sc;
    if ((prop = msg_props_find(props, value->ulPropTag)))
    {
        HeapFree(GetProcessHeap(), 0, prop->value);
        prop->value = copy;
        if (attr) prop->attr = attr;
        return S_OK;
    }
    if (props->count == props->capacity)
    {
        ULONG capacity = max(16, props->capacity * 2);
        struct msg_prop *items;

        if (props->items)
            items = HeapReAlloc(GetProcessHeap(), 0, props->items, capacity * sizeof(*items));
        else
            items = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*items));
        if (!items)
        {
            HeapFree(GetProcessHeap(), 0, copy);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        props->items = items;
        props->capacity = capacity;
    }
    props->items[props->count].value = copy;
    props->items[props->count].attr = attr ? attr : DEFAULT_ATTR;
    props->count++;
    return S_OK;
}

BOOL msg_props_delete(struct msg_props *props, ULONG tag)
{
    struct msg_prop *prop = msg_props_find(props, tag);
    ULONG index;

    if (!prop) return FALSE;
    index = prop - props->items;
    HeapFree(GetProcessHeap(), 0, prop->value);
    memmove(prop, prop + 1, (props->count - index - 1) * sizeof(*prop));
    props->count--;
    return TRUE;
}

ULONG msg_props_get_long(const struct msg_props *props, ULONG tag, ULONG default_value)
{
    struct msg_prop *prop = msg_props_find(props, tag);

    if (!prop || prop->value->ulPropTag != tag) return default_value;
    return prop->value->Value.ul;
}

/***********************************************************************
 * Content in memory
 */

struct msg_node *msg_node_create(void)
{
    return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(struct msg_node));
}

struct attach_node *attach_node_create(ULONG num)
{
    struct attach_node *attach = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*attach));

    if (attach) attach->num = num;
    return attach;
}

void attach_node_free(struct attach_node *attach)
{
    if (!attach) return;
    msg_props_clear(&attach->props);
    msg_node_free(attach->embedded);
    if (attach->storage) IStorage_Release(attach->storage);
    HeapFree(GetProcessHeap(), 0, attach);
}

void msg_node_free(struct msg_node *node)
{
    ULONG i;

    if (!node) return;
    msg_props_clear(&node->props);
    for (i = 0; i < node->recip_count; i++) msg_props_clear(&node->recips[i]);
    HeapFree(GetProcessHeap(), 0, node->recips);
    for (i = 0; i < node->attach_count; i++) attach_node_free(node->attachments[i]);
    HeapFree(GetProcessHeap(), 0, node->attachments);
    HeapFree(GetProcessHeap(), 0, node);
}

BOOL msg_node_add_attach(struct msg_node *node, struct attach_node *attach)
{
    if (node->attach_count == node->attach_capacity)
    {
        ULONG capacity = max(4, node->attach_capacity * 2);
        struct attach_node **items;

        if (node->attachments)
            items = HeapReAlloc(GetProcessHeap(), 0, node->attachments, capacity * sizeof(*items));
        else
            items = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*items));
        if (!items) return FALSE;
        node->attachments = items;
        node->attach_capacity = capacity;
    }
    node->attachments[node->attach_count++] = attach;
    return TRUE;
}

/* Replaces the recipients by count sets, which the node takes. */
SCODE msg_node_set_recips(struct msg_node *node, struct msg_props *recips, ULONG count)
{
    ULONG i;

    for (i = 0; i < node->recip_count; i++) msg_props_clear(&node->recips[i]);
    HeapFree(GetProcessHeap(), 0, node->recips);
    node->recips = recips;
    node->recip_count = node->recip_capacity = count;
    return S_OK;
}

/* A storage on memory, for the storage of an OLE attachment and for copies. */
SCODE msg_storage_in_memory(IStorage **storage)
{
    ILockBytes *bytes;
    HRESULT hr;

    *storage = NULL;
    if (FAILED(hr = CreateILockBytesOnHGlobal(NULL, TRUE, &bytes))) return MapStorageSCode(hr);
    hr = StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, storage);
    ILockBytes_Release(bytes);
    return FAILED(hr) ? MapStorageSCode(hr) : S_OK;
}

SCODE attach_node_copy(const struct attach_node *src, struct attach_node **dst)
{
    struct attach_node *copy;
    HRESULT hr;
    SCODE sc;

    if (!(copy = attach_node_create(src->num))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(sc = msg_props_copy(&copy->props, &src->props))) goto failed;
    if (src->embedded && FAILED(sc = msg_node_copy(src->embedded, &copy->embedded))) goto failed;
    if (src->storage)
    {
        if (FAILED(sc = msg_storage_in_memory(&copy->storage))) goto failed;
        if (FAILED(hr = IStorage_CopyTo(src->storage, 0, NULL, NULL, copy->storage)))
        {
            sc = MapStorageSCode(hr);
            goto failed;
        }
    }
    *dst = copy;
    return S_OK;

failed:
    attach_node_free(copy);
    return sc;
}

SCODE msg_node_copy(const struct msg_node *src, struct msg_node **dst)
{
    struct msg_node *copy;
    ULONG i;
    SCODE sc;

    if (!(copy = msg_node_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    copy->next_recip_id = src->next_recip_id;
    copy->next_attach_num = src->next_attach_num;
    if (FAILED(sc = msg_props_copy(&copy->props, &src->props))) goto failed;
    if (src->recip_count)
    {
        if (!(copy->recips = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, src->recip_count * sizeof(*copy->recips))))
        {
            sc = MAPI_E_NOT_ENOUGH_MEMORY;
            goto failed;
        }
        copy->recip_capacity = src->recip_count;
        for (i = 0; i < src->recip_count; i++, copy->recip_count++)
            if (FAILED(sc = msg_props_copy(&copy->recips[i], &src->recips[i]))) goto failed;
    }
    for (i = 0; i < src->attach_count; i++)
    {
        struct attach_node *attach;

        if (FAILED(sc = attach_node_copy(src->attachments[i], &attach))) goto failed;
        if (!msg_node_add_attach(copy, attach))
        {
            attach_node_free(attach);
            sc = MAPI_E_NOT_ENOUGH_MEMORY;
            goto failed;
        }
    }
    *dst = copy;
    return S_OK;

failed:
    msg_node_free(copy);
    return sc;
}

/***********************************************************************
 * Streams
 */

static inline ULONG read_ulong(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static inline void write_ulong(BYTE *p, ULONG value)
{
    p[0] = value;
    p[1] = value >> 8;
    p[2] = value >> 16;
    p[3] = value >> 24;
}

/* Reads a whole stream. Its size as the directory gives it is not trusted:
 * the buffer grows with what is really read. */
SCODE msg_read_stream(IStorage *storage, const WCHAR *name, ULONGLONG *budget, BYTE **data, ULONG *size)
{
    ULONG have = 0, capacity, got;
    IStream *stream;
    STATSTG stat;
    BYTE *buffer;
    HRESULT hr;

    *data = NULL;
    *size = 0;
    hr = IStorage_OpenStream(storage, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream);
    if (FAILED(hr)) return hr == STG_E_FILENOTFOUND ? MAPI_E_NOT_FOUND : MapStorageSCode(hr);
    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
    {
        IStream_Release(stream);
        return MapStorageSCode(hr);
    }
    if (stat.cbSize.QuadPart > *budget || stat.cbSize.QuadPart >= 0x7fffffff)
    {
        WARN("stream %s of %s bytes is past the budget\n", debugstr_w(name),
             wine_dbgstr_longlong(stat.cbSize.QuadPart));
        IStream_Release(stream);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    capacity = min(stat.cbSize.u.LowPart, 0x10000) + 1;
    if (!(buffer = HeapAlloc(GetProcessHeap(), 0, capacity)))
    {
        IStream_Release(stream);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    while (have < stat.cbSize.u.LowPart)
    {
        ULONG want;

        if (have + 1 >= capacity)
        {
            ULONG grown = min((ULONGLONG)capacity * 2, (ULONGLONG)stat.cbSize.u.LowPart + 1);
            BYTE *bigger = HeapReAlloc(GetProcessHeap(), 0, buffer, grown);

            if (!bigger)
            {
                HeapFree(GetProcessHeap(), 0, buffer);
                IStream_Release(stream);
                return MAPI_E_NOT_ENOUGH_MEMORY;
            }
            buffer = bigger;
            capacity = grown;
        }
        want = min(capacity - 1, stat.cbSize.u.LowPart) - have;
        hr = IStream_Read(stream, buffer + have, want, &got);
        if (FAILED(hr) || !got) break;
        have += got;
    }
    IStream_Release(stream);
    if (have < stat.cbSize.u.LowPart)
    {
        WARN("stream %s is short: %lu of %lu bytes\n", debugstr_w(name), have, stat.cbSize.u.LowPart);
        HeapFree(GetProcessHeap(), 0, buffer);
        return MAPI_E_CORRUPT_DATA;
    }
    buffer[have] = 0;
    *budget -= have;
    *data = buffer;
    *size = have;
    return S_OK;
}

SCODE msg_write_stream(IStorage *storage, const WCHAR *name, const void *data, ULONG size)
{
    IStream *stream;
    ULONG written;
    HRESULT hr;

    hr = IStorage_CreateStream(storage, name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream);
    if (FAILED(hr)) return MapStorageSCode(hr);
    hr = size ? IStream_Write(stream, data, size, &written) : S_OK;
    if (SUCCEEDED(hr) && size && written != size) hr = STG_E_MEDIUMFULL;
    IStream_Release(stream);
    return FAILED(hr) ? MapStorageSCode(hr) : S_OK;
}

static void substg_name(WCHAR *name, ULONG tag)
{
    swprintf(name, 32, L"__substg1.0_%08X", tag);
}

static void substg_value_name(WCHAR *name, ULONG tag, ULONG index)
{
    swprintf(name, 48, L"__substg1.0_%08X-%08X", tag, index);
}

/***********************************************************************
 * Reading
 */

/* A value kept in its entry of the property stream. */
static BOOL is_inline_type(ULONG type)
{
    return !(type & MV_FLAG) && type != PT_CLSID && mapi_prop_fixed_size(type);
}

static WCHAR *unicode_from_bytes(const BYTE *data, ULONG size)
{
    ULONG count = size / sizeof(WCHAR);
    WCHAR *string = HeapAlloc(GetProcessHeap(), 0, (count + 1) * sizeof(WCHAR));

    if (!string) return NULL;
    memcpy(string, data, count * sizeof(WCHAR));
    string[count] = 0;
    return string;
}

static char *ansi_from_bytes(const BYTE *data, ULONG size)
{
    char *string = HeapAlloc(GetProcessHeap(), 0, size + 1);

    if (!string) return NULL;
    memcpy(string, data, size);
    string[size] = 0;
    return string;
}

/* A multi-valued property of fixed-size values: one stream of them all. */
static SCODE load_mv_fixed(IStorage *storage, ULONG tag, ULONGLONG *budget, struct msg_props *props, ULONG attr)
{
    ULONG size, element = mapi_prop_fixed_size(PROP_TYPE(tag)), count;
    WCHAR name[32];
    SPropValue value;
    BYTE *data;
    SCODE sc;

    substg_name(name, tag);
    if (FAILED(sc = msg_read_stream(storage, name, budget, &data, &size))) return sc;
    count = size / element;
    if (!count || count > MSG_MAX_MV_VALUES)
    {
        HeapFree(GetProcessHeap(), 0, data);
        return count ? MAPI_E_CORRUPT_DATA : S_OK; /* an empty one is no value */
    }
    value.ulPropTag = tag;
    value.dwAlignPad = 0;
    /* Every SMV*Array starts with its count, then the pointer to the values. */
    value.Value.MVi.cValues = count;
    value.Value.MVi.lpi = (short *)data;
    sc = msg_props_set(props, &value, attr);
    HeapFree(GetProcessHeap(), 0, data);
    return sc;
}

/* A multi-valued property of strings or binaries: a length stream, then a stream per value. */
static SCODE load_mv_variable(IStorage *storage, ULONG tag, ULONGLONG *budget, struct msg_props *props, ULONG attr)
{
    ULONG type = PROP_TYPE(tag), size, count, i, entry = type == PT_MV_BINARY ? 8 : 4;
    void **values = NULL;
    SBinary *binaries = NULL;
    BYTE *lengths, *data;
    WCHAR name[48];
    SPropValue value;
    SCODE sc;

    substg_name(name, tag);
    if (FAILED(sc = msg_read_stream(storage, name, budget, &lengths, &size))) return sc;
    count = size / entry;
    HeapFree(GetProcessHeap(), 0, lengths);
    if (!count) return S_OK;
    if (count > MSG_MAX_MV_VALUES) return MAPI_E_CORRUPT_DATA;

    if (type == PT_MV_BINARY)
    {
        if (!(binaries = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * sizeof(*binaries))))
            return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else if (!(values = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * sizeof(*values))))
        return MAPI_E_NOT_ENOUGH_MEMORY;

    for (i = 0; i < count; i++)
    {
        substg_value_name(name, tag, i);
        if (FAILED(sc = msg_read_stream(storage, name, budget, &data, &size))) goto done;
        if (type == PT_MV_BINARY)
        {
            binaries[i].cb = size;
            binaries[i].lpb = data;
            continue;
        }
        /* The value streams of strings end with their terminator; trust neither that nor the length. */
        values[i] = type == PT_MV_UNICODE ? (void *)unicode_from_bytes(data, size) : (void *)ansi_from_bytes(data, size);
        HeapFree(GetProcessHeap(), 0, data);
        if (!values[i])
        {
            sc = MAPI_E_NOT_ENOUGH_MEMORY;
            goto done;
        }
    }
    value.ulPropTag = tag;
    value.dwAlignPad = 0;
    if (type == PT_MV_BINARY)
    {
        value.Value.MVbin.cValues = count;
        value.Value.MVbin.lpbin = binaries;
    }
    else
    {
        value.Value.MVszA.cValues = count;
        value.Value.MVszA.lppszA = (char **)values;
    }
    sc = msg_props_set(props, &value, attr);

done:
    for (i = 0; i < count; i++)
    {
        if (binaries) HeapFree(GetProcessHeap(), 0, binaries[i].lpb);
        if (values) HeapFree(GetProcessHeap(), 0, values[i]);
    }
    HeapFree(GetProcessHeap(), 0, binaries);
    HeapFree(GetProcessHeap(), 0, values);
    return sc;
}

/* One entry of a property stream. Values the file lacks or that cannot be read are skipped
 * with a warning, as other readers do, unless the file is plainly corrupt. */
static SCODE load_entry(IStorage *storage, const BYTE *entry, ULONGLONG *budget, struct msg_props *props)
{
    ULONG tag = read_ulong(entry), attr = read_ulong(entry + 4), type = PROP_TYPE(tag), size;
    const BYTE *raw = entry + 8;
    SPropValue value;
    WCHAR name[32];
    BYTE *data;
    SCODE sc;

    attr &= PROPATTR_MANDATORY | PROPATTR_READABLE | PROPATTR_WRITEABLE;
    if (!attr) attr = PROPATTR_READABLE; /* never 0: 0 means "the default" to msg_props_set */
    if (PROP_ID(tag) == PROP_ID_NULL || PROP_ID(tag) == PROP_ID_INVALID) return S_OK;

    value.ulPropTag = tag;
    value.dwAlignPad = 0;
    if (is_inline_type(type))
    {
        switch (type)
        {
        case PT_I2:      value.Value.i = (short)(raw[0] | (raw[1] << 8)); break;
        case PT_BOOLEAN: value.Value.b = (raw[0] | raw[1]) ? 1 : 0; break;
        case PT_LONG:
        case PT_ERROR:
        case PT_R4:      value.Value.ul = read_ulong(raw); break;
        default:         memcpy(&value.Value.li, raw, 8); break;
        }
        return msg_props_set(props, &value, attr);
    }
    switch (type)
    {
    case PT_STRING8:
    case PT_UNICODE:
    case PT_BINARY:
    case PT_CLSID:
        substg_name(name, tag);
        sc = msg_read_stream(storage, name, budget, &data, &size);
        if (sc == MAPI_E_NOT_FOUND)
        {
            WARN("no stream for %#lx\n", tag);
            return S_OK;
        }
        if (FAILED(sc)) return sc;
        if (type == PT_STRING8)
            value.Value.lpszA = (char *)data; /* msg_read_stream ends it with a 0 */
        else if (type == PT_UNICODE)
        {
            value.Value.lpszW = unicode_from_bytes(data, size);
            HeapFree(GetProcessHeap(), 0, data);
            if (!(data = (BYTE *)value.Value.lpszW)) return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        else if (type == PT_BINARY)
        {
            value.Value.bin.cb = size;
            value.Value.bin.lpb = data;
        }
        else if (size < sizeof(GUID))
        {
            HeapFree(GetProcessHeap(), 0, data);
            return MAPI_E_CORRUPT_DATA;
        }
        else
            value.Value.lpguid = (GUID *)data;
        sc = msg_props_set(props, &value, attr);
        HeapFree(GetProcessHeap(), 0, data);
        return sc;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
        sc = load_mv_variable(storage, tag, budget, props, attr);
        break;
    case PT_OBJECT:
        return msg_props_set(props, &value, attr); /* its storage is read by the attachment */
    default:
        if ((type & MV_FLAG) && mapi_prop_fixed_size(type))
        {
            sc = load_mv_fixed(storage, tag, budget, props, attr);
            break;
        }
        WARN("skipping %#lx of unknown type\n", tag);
        return S_OK;
    }
    if (sc == MAPI_E_NOT_FOUND)
    {
        WARN("no stream for %#lx\n", tag);
        return S_OK;
    }
    return sc;
}

/* Reads the property stream of an object; header gets its first bytes when asked. */
static SCODE load_props(IStorage *storage, ULONG header_size, ULONGLONG *budget, struct msg_props *props,
                        BYTE *header)
{
    ULONG size, count, i;
    BYTE *data;
    SCODE sc;

    sc = msg_read_stream(storage, props_stream_name, budget, &data, &size);
    if (sc == MAPI_E_NOT_FOUND) return S_OK; /* a new object */
    if (FAILED(sc)) return sc;
    if (size < header_size)
    {
        WARN("property stream of %lu bytes\n", size);
        HeapFree(GetProcessHeap(), 0, data);
        return MAPI_E_CORRUPT_DATA;
    }
    if (header) memcpy(header, data, header_size);
    count = (size - header_size) / PROPS_ENTRY_SIZE;
    if (count > MSG_MAX_PROPS)
    {
        HeapFree(GetProcessHeap(), 0, data);
        return MAPI_E_CORRUPT_DATA;
    }
    for (i = 0, sc = S_OK; i < count && SUCCEEDED(sc); i++)
        sc = load_entry(storage, data + header_size + i * PROPS_ENTRY_SIZE, budget, props);
    HeapFree(GetProcessHeap(), 0, data);
    return sc;
}

/* The number after the '#' of a recipient or attachment storage name. */
static BOOL parse_index(const WCHAR *name, const WCHAR *prefix, ULONG *index)
{
    ULONG length = wcslen(prefix), value = 0, i;

    if (wcsncmp(name, prefix, length)) return FALSE;
    name += length;
    for (i = 0; i < 8; i++)
    {
        WCHAR c = name[i];

        if (c >= '0' && c <= '9') value = value * 16 + c - '0';
        else if (c >= 'A' && c <= 'F') value = value * 16 + c - 'A' + 10;
        else if (c >= 'a' && c <= 'f') value = value * 16 + c - 'a' + 10;
        else return FALSE;
    }
    if (name[8]) return FALSE;
    *index = value;
    return TRUE;
}

static SCODE open_storage(IStorage *parent, const WCHAR *name, DWORD mode, IStorage **storage)
{
    HRESULT hr = IStorage_OpenStorage(parent, name, NULL, mode | STGM_SHARE_EXCLUSIVE, NULL, 0, storage);

    return FAILED(hr) ? MapStorageSCode(hr) : S_OK;
}

static SCODE load_attach(IStorage *storage, ULONG index, ULONG depth, ULONGLONG *budget, struct attach_node **out)
{
    struct attach_node *attach;
    struct msg_prop *prop;
    IStorage *object;
    SCODE sc;

    if (!(attach = attach_node_create(index))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(sc = load_props(storage, PROPS_HEADER_OTHER, budget, &attach->props, NULL))) goto failed;
    attach->num = msg_props_get_long(&attach->props, PR_ATTACH_NUM, index);

    if ((prop = msg_props_find(&attach->props, PR_ATTACH_DATA_OBJ)) && prop->value->ulPropTag == PR_ATTACH_DATA_OBJ)
    {
        if (FAILED(sc = open_storage(storage, object_storage_name, STGM_READ, &object)))
        {
            WARN("PR_ATTACH_DATA_OBJ without its storage: %#lx\n", sc);
            msg_props_delete(&attach->props, PR_ATTACH_DATA_OBJ);
            sc = S_OK;
        }
        else
        {
            if (msg_props_get_long(&attach->props, PR_ATTACH_METHOD, NO_ATTACHMENT) == ATTACH_EMBEDDED_MSG)
                sc = msg_node_load(object, MSG_KIND_EMBEDDED, depth + 1, budget, &attach->embedded);
            else if (SUCCEEDED(sc = msg_storage_in_memory(&attach->storage)))
            {
                HRESULT hr = IStorage_CopyTo(object, 0, NULL, NULL, attach->storage);
                if (FAILED(hr)) sc = MapStorageSCode(hr);
            }
            IStorage_Release(object);
            if (FAILED(sc)) goto failed;
        }
    }
    *out = attach;
    return S_OK;

failed:
    attach_node_free(attach);
    return sc;
}

static int __cdecl compare_attach(const void *a, const void *b)
{
    const struct attach_node *x = *(const struct attach_node **)a, *y = *(const struct attach_node **)b;
    return x->num < y->num ? -1 : x->num > y->num;
}

/* Recipients and attachments: every storage of theirs the enumeration gives. */
static SCODE load_children(IStorage *storage, ULONG depth, ULONGLONG *budget, struct msg_node *node)
{
    ULONG seen = 0, index, i;
    IEnumSTATSTG *elements;
    IStorage *child;
    STATSTG stat;
    HRESULT hr;
    SCODE sc = S_OK;
    ULONG *recip_index = NULL;

    if (FAILED(hr = IStorage_EnumElements(storage, 0, NULL, 0, &elements))) return MapStorageSCode(hr);
    while (SUCCEEDED(sc) && IEnumSTATSTG_Next(elements, 1, &stat, NULL) == S_OK)
    {
        if (++seen > MSG_MAX_ELEMENTS)
            sc = MAPI_E_CORRUPT_DATA;
        else if (stat.type == STGTY_STORAGE && parse_index(stat.pwcsName, recip_prefix, &index))
        {
            struct msg_props recip = { 0 };

            if (node->recip_count >= MSG_MAX_RECIPS)
                sc = MAPI_E_CORRUPT_DATA;
            else if (SUCCEEDED(sc = open_storage(storage, stat.pwcsName, STGM_READ, &child)))
            {
                sc = load_props(child, PROPS_HEADER_OTHER, budget, &recip, NULL);
                IStorage_Release(child);
                if (SUCCEEDED(sc) && node->recip_count == node->recip_capacity)
                {
                    ULONG capacity = max(4, node->recip_capacity * 2);
                    struct msg_props *recips = node->recips ?
                        HeapReAlloc(GetProcessHeap(), 0, node->recips, capacity * sizeof(*recips)) :
                        HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*recips));
                    ULONG *indices = recip_index ?
                        HeapReAlloc(GetProcessHeap(), 0, recip_index, capacity * sizeof(*indices)) :
                        HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*indices));

                    if (recips) node->recips = recips;
                    if (indices) recip_index = indices;
                    if (!recips || !indices) sc = MAPI_E_NOT_ENOUGH_MEMORY;
                    else node->recip_capacity = capacity;
                }
                if (SUCCEEDED(sc))
                {
                    recip_index[node->recip_count] = index;
                    node->recips[node->recip_count++] = recip;
                }
                else
                    msg_props_clear(&recip);
            }
        }
        else if (stat.type == STGTY_STORAGE && parse_index(stat.pwcsName, attach_prefix, &index))
        {
            struct attach_node *attach;

            if (node->attach_count >= MSG_MAX_ATTACHMENTS)
                sc = MAPI_E_CORRUPT_DATA;
            else if (SUCCEEDED(sc = open_storage(storage, stat.pwcsName, STGM_READ, &child)))
            {
                sc = load_attach(child, index, depth, budget, &attach);
                IStorage_Release(child);
                if (SUCCEEDED(sc) && !msg_node_add_attach(node, attach))
                {
                    attach_node_free(attach);
                    sc = MAPI_E_NOT_ENOUGH_MEMORY;
                }
            }
        }
        CoTaskMemFree(stat.pwcsName);
    }
    IEnumSTATSTG_Release(elements);

    /* Each recipient keeps its PR_ROWID; one without gets the number of its storage. */
    for (i = 0; SUCCEEDED(sc) && i < node->recip_count; i++)
    {
        struct msg_prop *rowid = msg_props_find(&node->recips[i], PR_ROWID);

        if (!rowid || rowid->value->ulPropTag != PR_ROWID)
        {
            SPropValue value = { PR_ROWID };

            if (rowid) msg_props_delete(&node->recips[i], PR_ROWID);
            value.Value.ul = recip_index[i];
            sc = msg_props_set(&node->recips[i], &value, 0);
        }
        node->next_recip_id = max(node->next_recip_id, msg_props_get_long(&node->recips[i], PR_ROWID, 0) + 1);
    }
    HeapFree(GetProcessHeap(), 0, recip_index);
    if (node->attach_count > 1)
        qsort(node->attachments, node->attach_count, sizeof(*node->attachments), compare_attach);
    for (i = 0; i < node->attach_count; i++)
    {
        /* Two storages claiming one number: renumber the later one. */
        if (i && node->attachments[i]->num <= node->attachments[i - 1]->num)
            node->attachments[i]->num = node->attachments[i - 1]->num + 1;
        node->next_attach_num = max(node->next_attach_num, node->attachments[i]->num + 1);
    }
    return sc;
}

/***********************************************************************
 *  msg_node_load
 *
 * Reads a message (the root of a .msg, or an embedded one) and what it holds.
 */
SCODE msg_node_load(IStorage *storage, enum msg_kind kind, ULONG depth, ULONGLONG *budget, struct msg_node **out)
{
    ULONG header_size = kind == MSG_KIND_ROOT ? PROPS_HEADER_ROOT : PROPS_HEADER_EMBEDDED;
    BYTE header[PROPS_HEADER_ROOT] = { 0 };
    struct msg_node *node;
    SCODE sc;

    *out = NULL;
    if (depth > MSG_MAX_DEPTH)
    {
        WARN("embedded messages nested too deep\n");
        return MAPI_E_CORRUPT_DATA;
    }
    if (!(node = msg_node_create())) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(sc = load_props(storage, header_size, budget, &node->props, header)) ||
        FAILED(sc = load_children(storage, depth, budget, node)))
    {
        msg_node_free(node);
        return sc;
    }
    /* The next identifiers of the header may be higher than what is there. */
    node->next_recip_id = max(node->next_recip_id, min(read_ulong(header + 8), 0x7fffffff));
    node->next_attach_num = max(node->next_attach_num, min(read_ulong(header + 12), 0x7fffffff));
    *out = node;
    return S_OK;
}

/***********************************************************************
 * Writing
 */

struct byte_buffer
{
    BYTE *data;
    ULONG size;
    ULONG capacity;
};

static BOOL buffer_append(struct byte_buffer *buffer, const void *data, ULONG size)
{
    if (size > ~(ULONG)0 - buffer->size) return FALSE;
    if (buffer->size + size > buffer->capacity)
    {
        ULONG capacity = max(buffer->capacity * 2, buffer->size + size);
        BYTE *bigger = buffer->data ? HeapReAlloc(GetProcessHeap(), 0, buffer->data, capacity)
                                    : HeapAlloc(GetProcessHeap(), 0, capacity);
        if (!bigger) return FALSE;
        buffer->data = bigger;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
    return TRUE;
}

static SCODE save_mv(IStorage *storage, const SPropValue *value, ULONG *stream_size)
{
    ULONG tag = value->ulPropTag, type = PROP_TYPE(tag), count = value->Value.MVi.cValues, i;
    struct byte_buffer lengths = { 0 };
    WCHAR name[48];
    SCODE sc = S_OK;

    if (mapi_prop_fixed_size(type))
    {
        ULONG size = mapi_prop_fixed_size(type);

        if (count > ~(ULONG)0 / size) return MAPI_E_NOT_ENOUGH_MEMORY;
        *stream_size = count * size;
        substg_name(name, tag);
        /* The MV arrays hold their values packed, as the stream does, except
         * for booleans, which the SDK has no MV type of. */
        return msg_write_stream(storage, name, value->Value.MVi.lpi, count * size);
    }
    for (i = 0; i < count && SUCCEEDED(sc); i++)
    {
        BYTE entry[8] = { 0 };
        const void *data;
        ULONG size;

        switch (type)
        {
        case PT_MV_STRING8:
            data = value->Value.MVszA.lppszA[i];
            size = strlen(data) + 1;
            break;
        case PT_MV_UNICODE:
            data = value->Value.MVszW.lppszW[i];
            size = (wcslen(data) + 1) * sizeof(WCHAR);
            break;
        default:
            data = value->Value.MVbin.lpbin[i].lpb;
            size = value->Value.MVbin.lpbin[i].cb;
            break;
        }
        write_ulong(entry, size);
        if (!buffer_append(&lengths, entry, type == PT_MV_BINARY ? 8 : 4))
        {
            sc = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        substg_value_name(name, tag, i);
        sc = msg_write_stream(storage, name, data, size);
    }
    if (SUCCEEDED(sc))
    {
        substg_name(name, tag);
        sc = msg_write_stream(storage, name, lengths.data, lengths.size);
        *stream_size = lengths.size;
    }
    HeapFree(GetProcessHeap(), 0, lengths.data);
    return sc;
}

/* Writes one property: its entry into entries, its value into a stream if it has one. */
static SCODE save_prop(IStorage *storage, const struct msg_prop *prop, struct byte_buffer *entries)
{
    const SPropValue *value = prop->value;
    ULONG tag = value->ulPropTag, type = PROP_TYPE(tag), size = 0;
    BYTE entry[PROPS_ENTRY_SIZE] = { 0 };
    WCHAR name[32];
    SCODE sc = S_OK;

    write_ulong(entry, tag);
    write_ulong(entry + 4, prop->attr);
    if (is_inline_type(type))
    {
        switch (type)
        {
        case PT_I2:      entry[8] = value->Value.i; entry[9] = value->Value.i >> 8; break;
        case PT_BOOLEAN: entry[8] = value->Value.b ? 1 : 0; break;
        case PT_LONG:
        case PT_ERROR:
        case PT_R4:      write_ulong(entry + 8, value->Value.ul); break;
        default:         memcpy(entry + 8, &value->Value.li, 8); break;
        }
    }
    else
    {
        substg_name(name, tag);
        switch (type)
        {
        case PT_STRING8:
            size = strlen(value->Value.lpszA);
            sc = msg_write_stream(storage, name, value->Value.lpszA, size);
            size += 1;
            break;
        case PT_UNICODE:
            size = wcslen(value->Value.lpszW) * sizeof(WCHAR);
            sc = msg_write_stream(storage, name, value->Value.lpszW, size);
            size += sizeof(WCHAR);
            break;
        case PT_BINARY:
            size = value->Value.bin.cb;
            sc = msg_write_stream(storage, name, value->Value.bin.lpb, size);
            break;
        case PT_CLSID:
            size = sizeof(GUID);
            sc = msg_write_stream(storage, name, value->Value.lpguid, size);
            break;
        case PT_OBJECT:
            size = SIZE_OF_OBJECT; /* the attachment writes its storage */
            break;
        default:
            if (!(type & MV_FLAG)) return S_OK; /* nothing a .msg keeps */
            sc = save_mv(storage, value, &size);
            break;
        }
        write_ulong(entry + 8, size);
    }
    if (SUCCEEDED(sc) && !buffer_append(entries, entry, sizeof(entry))) sc = MAPI_E_NOT_ENOUGH_MEMORY;
    return sc;
}

static SCODE save_props(IStorage *storage, const BYTE *header, ULONG header_size, const struct msg_props *props)
{
    struct byte_buffer entries = { 0 };
    SCODE sc = S_OK;
    ULONG i;

    if (!buffer_append(&entries, header, header_size)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < props->count && SUCCEEDED(sc); i++)
        sc = save_prop(storage, &props->items[i], &entries);
    if (SUCCEEDED(sc)) sc = msg_write_stream(storage, props_stream_name, entries.data, entries.size);
    HeapFree(GetProcessHeap(), 0, entries.data);
    return sc;
}

static BOOL is_msg_element(const WCHAR *name)
{
    return !wcsncmp(name, substg_prefix, wcslen(substg_prefix)) ||
           !wcscmp(name, props_stream_name) ||
           !wcsncmp(name, recip_prefix, wcslen(recip_prefix)) ||
           !wcsncmp(name, attach_prefix, wcslen(attach_prefix)) ||
           !wcscmp(name, nameid_storage_name);
}

/* Removes what an earlier save wrote; other elements of the caller's storage stay. */
static SCODE clear_storage(IStorage *storage)
{
    WCHAR **names = NULL;
    ULONG count = 0, capacity = 0, i;
    IEnumSTATSTG *elements;
    STATSTG stat;
    HRESULT hr;
    SCODE sc = S_OK;

    if (FAILED(hr = IStorage_EnumElements(storage, 0, NULL, 0, &elements))) return MapStorageSCode(hr);
    while (SUCCEEDED(sc) && IEnumSTATSTG_Next(elements, 1, &stat, NULL) == S_OK)
    {
        if (!is_msg_element(stat.pwcsName) || wcscmp(stat.pwcsName, nameid_storage_name) == 0)
        {
            CoTaskMemFree(stat.pwcsName);
            continue;
        }
        if (count == capacity)
        {
            WCHAR **bigger;

            capacity = max(16, capacity * 2);
            bigger = names ? HeapReAlloc(GetProcessHeap(), 0, names, capacity * sizeof(*names))
                           : HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*names));
            if (!bigger)
            {
                CoTaskMemFree(stat.pwcsName);
                sc = MAPI_E_NOT_ENOUGH_MEMORY;
                break;
            }
            names = bigger;
        }
        names[count++] = stat.pwcsName;
    }
    IEnumSTATSTG_Release(elements);
    for (i = 0; i < count; i++)
    {
        if (SUCCEEDED(sc) && FAILED(hr = IStorage_DestroyElement(storage, names[i]))) sc = MapStorageSCode(hr);
        CoTaskMemFree(names[i]);
    }
    HeapFree(GetProcessHeap(), 0, names);
    return sc;
}

static SCODE create_storage(IStorage *parent, const WCHAR *name, IStorage **storage)
{
    HRESULT hr = IStorage_CreateStorage(parent, name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                        0, 0, storage);
    return FAILED(hr) ? MapStorageSCode(hr) : S_OK;
}

static SCODE save_attach(IStorage *storage, const struct attach_node *attach)
{
    static const BYTE header[PROPS_HEADER_OTHER];
    IStorage *object;
    HRESULT hr;
    SCODE sc;

    if (FAILED(sc = save_props(storage, header, sizeof(header), &attach->props))) return sc;
    if (!attach->embedded && !attach->storage) return S_OK;
    if (FAILED(sc = create_storage(storage, object_storage_name, &object))) return sc;
    if (attach->embedded)
        sc = msg_node_save(object, MSG_KIND_EMBEDDED, attach->embedded);
    else if (FAILED(hr = IStorage_CopyTo(attach->storage, 0, NULL, NULL, object)))
        sc = MapStorageSCode(hr);
    if (SUCCEEDED(sc) && FAILED(hr = IStorage_Commit(object, STGC_DEFAULT))) sc = MapStorageSCode(hr);
    IStorage_Release(object);
    return sc;
}

/***********************************************************************
 *  msg_node_save
 *
 * Writes a message and what it holds; recipient and attachment storages are
 * numbered from 0 again. The named property map is the caller's to write.
 */
SCODE msg_node_save(IStorage *storage, enum msg_kind kind, const struct msg_node *node)
{
    static const BYTE other_header[PROPS_HEADER_OTHER];
    BYTE header[PROPS_HEADER_ROOT] = { 0 };
    WCHAR name[40];
    IStorage *child;
    HRESULT hr;
    SCODE sc;
    ULONG i;

    if (FAILED(sc = clear_storage(storage))) return sc;

    write_ulong(header + 8, node->recip_count);
    write_ulong(header + 12, node->attach_count);
    write_ulong(header + 16, node->recip_count);
    write_ulong(header + 20, node->attach_count);
    if (FAILED(sc = save_props(storage, header, kind == MSG_KIND_ROOT ? PROPS_HEADER_ROOT : PROPS_HEADER_EMBEDDED,
                               &node->props)))
        return sc;

    for (i = 0; i < node->recip_count; i++)
    {
        swprintf(name, ARRAY_SIZE(name), L"%s%08X", recip_prefix, i);
        if (FAILED(sc = create_storage(storage, name, &child))) return sc;
        sc = save_props(child, other_header, sizeof(other_header), &node->recips[i]);
        if (SUCCEEDED(sc) && FAILED(hr = IStorage_Commit(child, STGC_DEFAULT))) sc = MapStorageSCode(hr);
        IStorage_Release(child);
        if (FAILED(sc)) return sc;
    }
    for (i = 0; i < node->attach_count; i++)
    {
        swprintf(name, ARRAY_SIZE(name), L"%s%08X", attach_prefix, i);
        if (FAILED(sc = create_storage(storage, name, &child))) return sc;
        sc = save_attach(child, node->attachments[i]);
        if (SUCCEEDED(sc) && FAILED(hr = IStorage_Commit(child, STGC_DEFAULT))) sc = MapStorageSCode(hr);
        IStorage_Release(child);
        if (FAILED(sc)) return sc;
    }
    return S_OK;
}
