/*
 * TNEF ([MS-OXTNEF]): OpenTnefStream, GetTnefStreamCodepage and the ITnef
 * object, which encodes a message into a TNEF stream (winmail.dat) and
 * decodes one into a message.
 *
 * A stream is a signature and a key, then attributes: a level (message or
 * attachment), an identifier, a length, the data and a 16-bit checksum of
 * the data. Down-level attributes (attSubject, attAttachData...) carry what
 * old clients read; attMAPIProps, attAttachment and attRecipTable carry MAPI
 * properties whole. Decoding checks every length against what is left of
 * the stream: a bad one is MAPI_E_CORRUPT_DATA, never a read past the end.
 */

#define COBJMACROS
#include "mapi32_private.h"
#include "mapiab.h"
#include "tnef.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define TNEF_MODE_MASK   (TNEF_PURE | TNEF_COMPATIBILITY | TNEF_BEST_DATA)
#define TNEF_OPEN_FLAGS  (TNEF_ENCODE | TNEF_MODE_MASK | TNEF_COMPONENT_ENCODING)
#define MAX_TNEF_DEPTH   16
#define MAX_TNEF_ATTACHMENTS 4096

/* What AddProps asked to encode for one scope (the message or the attachments). */
struct prop_filter
{
    ULONG mode;             /* 0 (nothing asked), TNEF_PROP_INCLUDE or TNEF_PROP_EXCLUDE */
    SPropTagArray *tags;    /* heap */
};

struct extra_props
{
    ULONG elem_id;
    ULONG count;
    SPropValue *values;     /* one MAPIAllocateBuffer block */
};

struct tnef
{
    ITnef ITnef_iface;
    LONG ref;
    IStream *stream;
    char *name;
    ULONG flags;
    IMessage *message;
    WORD key;
    struct prop_filter message_filter;
    struct prop_filter attach_filter;
    ULONG *contained;       /* TNEF_PROP_CONTAINED attachments */
    ULONG contained_count;
    struct extra_props *extras;
    ULONG extra_count;
    BOOL encode_recips;
    IMAPITable *recip_table;
    BOOL header_written;
    BOOL finished;
    ULONG codepage;
    IMAPISupport *support;      /* makes one-off entry identifiers when decoding, if given */
    IAddrBook *address_book;    /* or this, without a support object */
};

static inline struct tnef *impl_from_ITnef(ITnef *iface)
{
    return CONTAINING_RECORD(iface, struct tnef, ITnef_iface);
}

/***********************************************************************
 * Byte buffers
 */

struct buffer
{
    BYTE *data;
    ULONG size;
    ULONG capacity;
    BOOL failed;
};

static void put(struct buffer *buffer, const void *data, ULONG size)
{
    if (buffer->failed) return;
    if (size > 0x7fffffff - buffer->size)
    {
        buffer->failed = TRUE;
        return;
    }
    if (buffer->size + size > buffer->capacity)
    {
        ULONG capacity = max(256, max(buffer->capacity * 2, buffer->size + size));
        BYTE *bigger = buffer->data ? HeapReAlloc(GetProcessHeap(), 0, buffer->data, capacity)
                                    : HeapAlloc(GetProcessHeap(), 0, capacity);
        if (!bigger)
        {
            buffer->failed = TRUE;
            return;
        }
        buffer->data = bigger;
        buffer->capacity = capacity;
    }
    if (size) memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
}

static void put_ulong(struct buffer *buffer, ULONG value)
{
    BYTE raw[4] = { value, value >> 8, value >> 16, value >> 24 };
    put(buffer, raw, 4);
}

static void put_word(struct buffer *buffer, WORD value)
{
    BYTE raw[2] = { value, value >> 8 };
    put(buffer, raw, 2);
}

static void put_padding(struct buffer *buffer, ULONG size)
{
    static const BYTE zeros[4];
    if (size % 4) put(buffer, zeros, 4 - size % 4);
}

static void buffer_free(struct buffer *buffer)
{
    HeapFree(GetProcessHeap(), 0, buffer->data);
    memset(buffer, 0, sizeof(*buffer));
}

static inline ULONG get_ulong(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static inline WORD get_word(const BYTE *p)
{
    return p[0] | (p[1] << 8);
}

static WORD checksum(const BYTE *data, ULONG size)
{
    WORD sum = 0;
    ULONG i;

    for (i = 0; i < size; i++) sum += data[i];
    return sum;
}

/* One attribute: level, identifier, length, data, checksum. */
static void put_attribute(struct buffer *out, BYTE level, ULONG id, const void *data, ULONG size)
{
    put(out, &level, 1);
    put_ulong(out, id);
    put_ulong(out, size);
    put(out, data, size);
    put_word(out, checksum(data, size));
}

/***********************************************************************
 * Encoding
 */

static void put_dtr(struct buffer *buffer, const FILETIME *time)
{
    SYSTEMTIME st;

    if (!FileTimeToSystemTime(time, &st)) memset(&st, 0, sizeof(st));
    put_word(buffer, st.wYear);
    put_word(buffer, st.wMonth);
    put_word(buffer, st.wDay);
    put_word(buffer, st.wHour);
    put_word(buffer, st.wMinute);
    put_word(buffer, st.wSecond);
    put_word(buffer, st.wDayOfWeek);
}

static ULONG value_size(ULONG type)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2: case PT_BOOLEAN: case PT_LONG: case PT_R4: case PT_ERROR: return 4;
    case PT_DOUBLE: case PT_APPTIME: case PT_CURRENCY: case PT_I8: case PT_SYSTIME: return 8;
    case PT_CLSID: return 16;
    }
    return 0;
}

static void put_fixed(struct buffer *buffer, ULONG type, const void *value)
{
    switch (type & ~MV_FLAG)
    {
    case PT_I2:
        put_word(buffer, *(const WORD *)value);
        put_word(buffer, 0);
        break;
    case PT_BOOLEAN:
        put_word(buffer, *(const unsigned short *)value ? 1 : 0);
        put_word(buffer, 0);
        break;
    default:
        put(buffer, value, value_size(type));
        break;
    }
}

static void put_counted(struct buffer *buffer, const void *data, ULONG size)
{
    put_ulong(buffer, size);
    put(buffer, data, size);
    put_padding(buffer, size);
}

static HRESULT encode_message(struct tnef *tnef, IMessage *message, const struct prop_filter *filter,
                              struct buffer *out, ULONG depth);

/* PT_OBJECT: an embedded message (IID_IMessage then a TNEF stream of it) or an OLE storage. */
static HRESULT put_object(struct tnef *tnef, IMAPIProp *owner, ULONG tag, struct buffer *buffer, ULONG depth)
{
    struct buffer inner = { 0 };
    IUnknown *object;
    HRESULT hr;

    if (depth >= MAX_TNEF_DEPTH) return MAPI_E_TOO_COMPLEX;
    if (SUCCEEDED(hr = IMAPIProp_OpenProperty(owner, tag, &IID_IMessage, 0, 0, &object)))
    {
        struct prop_filter all = { TNEF_PROP_EXCLUDE, NULL };

        put(&inner, &IID_IMessage, sizeof(GUID));
        hr = encode_message(tnef, (IMessage *)object, &all, &inner, depth + 1);
        IUnknown_Release(object);
    }
    else if (SUCCEEDED(hr = IMAPIProp_OpenProperty(owner, tag, &IID_IStorage, 0, 0, &object)))
    {
        ILockBytes *bytes;
        IStorage *copy;
        STATSTG stat;
        HGLOBAL global;

        put(&inner, &IID_IStorage, sizeof(GUID));
        if (SUCCEEDED(hr = CreateILockBytesOnHGlobal(NULL, TRUE, &bytes)))
        {
            if (SUCCEEDED(hr = StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE |
                                                            STGM_SHARE_EXCLUSIVE, 0, &copy)))
            {
                if (SUCCEEDED(hr = IStorage_CopyTo((IStorage *)object, 0, NULL, NULL, copy)))
                    hr = IStorage_Commit(copy, STGC_DEFAULT);
                IStorage_Release(copy);
            }
            if (SUCCEEDED(hr) && SUCCEEDED(hr = ILockBytes_Stat(bytes, &stat, STATFLAG_NONAME)) &&
                SUCCEEDED(hr = GetHGlobalFromILockBytes(bytes, &global)))
            {
                put(&inner, GlobalLock(global), stat.cbSize.u.LowPart);
                GlobalUnlock(global);
            }
            ILockBytes_Release(bytes);
        }
        IUnknown_Release(object);
    }
    if (SUCCEEDED(hr))
    {
        put_ulong(buffer, 1);
        put_counted(buffer, inner.data, inner.size);
    }
    buffer_free(&inner);
    return hr;
}

/* Reads a value GetProps could not give whole (too big for it) through a stream. */
static HRESULT read_big_value(IMAPIProp *owner, ULONG tag, struct buffer *data)
{
    IStream *stream;
    BYTE chunk[4096];
    WCHAR *text;
    ULONG got;
    HRESULT hr;

    /* A text from its ANSI twin when the store has no Unicode one. */
    if (PROP_TYPE(tag) == PT_UNICODE)
    {
        if (FAILED(hr = mapi_read_text_w(owner, tag, &text))) return hr;
        put(data, text, wcslen(text) * sizeof(WCHAR));
        HeapFree(GetProcessHeap(), 0, text);
        return data->failed ? MAPI_E_NOT_ENOUGH_MEMORY : S_OK;
    }
    if (FAILED(hr = IMAPIProp_OpenProperty(owner, tag, &IID_IStream, 0, 0, (IUnknown **)&stream))) return hr;
    while (SUCCEEDED(hr = IStream_Read(stream, chunk, sizeof(chunk), &got)) && got) put(data, chunk, got);
    IStream_Release(stream);
    return data->failed ? MAPI_E_NOT_ENOUGH_MEMORY : (FAILED(hr) ? hr : S_OK);
}

/* The properties of an object in the encoding of attMAPIProps. */
static HRESULT put_props(struct tnef *tnef, IMAPIProp *owner, ULONG count, const SPropValue *values,
                         struct buffer *out, ULONG depth)
{
    SPropTagArray *named_tags = NULL, *names_list;
    MAPINAMEID **names = NULL;
    ULONG named = 0, i, j, written = 0, count_at;
    HRESULT hr = S_OK;

    for (i = 0; i < count; i++)
        if (PROP_ID(values[i].ulPropTag) >= 0x8000) named++;
    if (named && SUCCEEDED(MAPIAllocateBuffer(CbNewSPropTagArray(named), (void **)&named_tags)))
    {
        ULONG name_count;

        named_tags->cValues = 0;
        for (i = 0; i < count; i++)
            if (PROP_ID(values[i].ulPropTag) >= 0x8000)
                named_tags->aulPropTag[named_tags->cValues++] = values[i].ulPropTag;
        names_list = named_tags;
        if (FAILED(IMAPIProp_GetNamesFromIDs(owner, &names_list, NULL, 0, &name_count, &names))) names = NULL;
    }

    count_at = out->size;
    put_ulong(out, 0);
    for (i = 0, j = 0; i < count && SUCCEEDED(hr); i++)
    {
        const SPropValue *value = &values[i];
        ULONG tag = value->ulPropTag, type = PROP_TYPE(tag), k, n;
        MAPINAMEID *name = NULL;

        if (PROP_ID(tag) >= 0x8000)
        {
            name = names ? names[j] : NULL;
            j++;
            if (!name) continue; /* a named property without its name means nothing elsewhere */
        }
        if (type == PT_ERROR && (value->Value.err == MAPI_E_NOT_ENOUGH_MEMORY))
        {
            /* Too big for GetProps: read it through a stream, as its own type. */
            ULONG real = PROP_TAG(PT_BINARY, PROP_ID(tag));
            struct buffer data = { 0 };

            if (PROP_ID(tag) == PROP_ID(PR_BODY_W) || PROP_ID(tag) == PROP_ID(PR_SUBJECT_W))
                real = PROP_TAG(PT_UNICODE, PROP_ID(tag));
            if (FAILED(read_big_value(owner, real, &data)))
            {
                buffer_free(&data);
                continue;
            }
            put_ulong(out, real);
            if (name) goto bad; /* not reached: named big values are not read this way */
            put_ulong(out, 1);
            if (PROP_TYPE(real) == PT_UNICODE) put_word(&data, 0);
            put_counted(out, data.data, data.size);
            buffer_free(&data);
            written++;
            continue;
        }
        if (type == PT_ERROR || type == PT_NULL || type == PT_UNSPECIFIED) continue;
        if (type != PT_OBJECT && !value_size(type) && type != PT_STRING8 && type != PT_UNICODE && type != PT_BINARY &&
            type != PT_MV_STRING8 && type != PT_MV_UNICODE && type != PT_MV_BINARY)
            continue;

        put_ulong(out, tag);
        if (name)
        {
            put(out, name->lpguid, sizeof(GUID));
            put_ulong(out, name->ulKind == MNID_STRING ? 1 : 0);
            if (name->ulKind == MNID_STRING)
                put_counted(out, name->Kind.lpwstrName, (wcslen(name->Kind.lpwstrName) + 1) * sizeof(WCHAR));
            else
                put_ulong(out, name->Kind.lID);
        }
        if (type == PT_OBJECT)
        {
            hr = put_object(tnef, owner, tag, out, depth);
            if (FAILED(hr)) goto bad;
            written++;
            continue;
        }
        if (!(type & MV_FLAG) && value_size(type))
        {
            put_fixed(out, type, &value->Value);
            written++;
            continue;
        }
        n = (type & MV_FLAG) ? value->Value.MVi.cValues : 1;
        put_ulong(out, n);
        for (k = 0; k < n; k++)
        {
            switch (type)
            {
            case PT_STRING8: put_counted(out, value->Value.lpszA, strlen(value->Value.lpszA) + 1); break;
            case PT_UNICODE:
                put_counted(out, value->Value.lpszW, (wcslen(value->Value.lpszW) + 1) * sizeof(WCHAR));
                break;
            case PT_BINARY: put_counted(out, value->Value.bin.lpb, value->Value.bin.cb); break;
            case PT_MV_STRING8:
                put_counted(out, value->Value.MVszA.lppszA[k], strlen(value->Value.MVszA.lppszA[k]) + 1);
                break;
            case PT_MV_UNICODE:
                put_counted(out, value->Value.MVszW.lppszW[k],
                            (wcslen(value->Value.MVszW.lppszW[k]) + 1) * sizeof(WCHAR));
                break;
            case PT_MV_BINARY:
                put_counted(out, value->Value.MVbin.lpbin[k].lpb, value->Value.MVbin.lpbin[k].cb);
                break;
            default:
                put_fixed(out, type, (const BYTE *)value->Value.MVi.lpi + k * (value_size(type) == 4 &&
                          (type & ~MV_FLAG) == PT_I2 ? sizeof(short) : value_size(type)));
                break;
            }
        }
        written++;
        continue;
bad:
        break;
    }
    if (!out->failed)
    {
        BYTE *at = out->data + count_at;
        at[0] = written; at[1] = written >> 8; at[2] = written >> 16; at[3] = written >> 24;
    }
    MAPIFreeBuffer(names);
    MAPIFreeBuffer(named_tags);
    if (SUCCEEDED(hr) && out->failed) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    return hr;
}

static BOOL tag_listed(const SPropTagArray *tags, ULONG tag)
{
    ULONG i;

    if (!tags) return FALSE;
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) return TRUE;
    return FALSE;
}

static BOOL filter_allows(const struct prop_filter *filter, ULONG tag)
{
    if (filter->mode == TNEF_PROP_INCLUDE) return tag_listed(filter->tags, tag);
    if (filter->mode == TNEF_PROP_EXCLUDE) return !tag_listed(filter->tags, tag);
    return FALSE;
}

static const struct extra_props *find_extra(struct tnef *tnef, ULONG elem_id)
{
    ULONG i;

    for (i = 0; i < tnef->extra_count; i++)
        if (tnef->extras[i].elem_id == elem_id) return &tnef->extras[i];
    return NULL;
}

/* Gets an object's properties, keeps what the filter lets through, adds SetProps' values. */
static HRESULT gather_props(struct tnef *tnef, IMAPIProp *owner, const struct prop_filter *filter,
                            const struct extra_props *extra, BOOL attachment, ULONG *count, SPropValue **values)
{
    SPropValue *all = NULL, *kept;
    ULONG all_count = 0, i, n = 0;
    HRESULT hr;

    hr = mapi_get_props_w(owner, NULL, &all_count, &all);
    if (FAILED(hr)) return hr;
    if (FAILED(hr = MAPIAllocateBuffer((all_count + (extra ? extra->count : 0) + 1) * sizeof(SPropValue),
                                       (void **)&kept)))
    {
        MAPIFreeBuffer(all);
        return hr;
    }
    for (i = 0; i < all_count; i++)
    {
        ULONG tag = all[i].ulPropTag;

        if (!filter_allows(filter, tag)) continue;
        /* Attachment data goes in attAttachData; the attachment number means nothing elsewhere. */
        if (attachment && (PROP_ID(tag) == PROP_ID(PR_ATTACH_NUM) ||
                           (tag == PR_ATTACH_DATA_BIN && !(tnef->flags & TNEF_PURE))))
            continue;
        if (!attachment && (PROP_ID(tag) == PROP_ID(PR_MESSAGE_RECIPIENTS) ||
                            PROP_ID(tag) == PROP_ID(PR_MESSAGE_ATTACHMENTS)))
            continue;
        if (extra)
        {
            ULONG k;
            BOOL replaced = FALSE;

            for (k = 0; k < extra->count; k++)
                if (PROP_ID(extra->values[k].ulPropTag) == PROP_ID(tag)) replaced = TRUE;
            if (replaced) continue;
        }
        if (FAILED(hr = PropCopyMore(&kept[n], &all[i], MAPIAllocateMore, kept))) break;
        n++;
    }
    for (i = 0; SUCCEEDED(hr) && extra && i < extra->count; i++)
        if (SUCCEEDED(hr = PropCopyMore(&kept[n], &extra->values[i], MAPIAllocateMore, kept))) n++;
    MAPIFreeBuffer(all);
    if (FAILED(hr))
    {
        MAPIFreeBuffer(kept);
        return hr;
    }
    *count = n;
    *values = kept;
    return S_OK;
}

static const SPropValue *find_value(ULONG count, const SPropValue *values, ULONG tag)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (values[i].ulPropTag == tag) return &values[i];
    return NULL;
}

/* A string of a value in the stream's code page, for the down-level attributes. */
static char *ansi_value(const SPropValue *value, UINT codepage)
{
    char *string;
    int size;

    if (PROP_TYPE(value->ulPropTag) == PT_STRING8)
    {
        size = strlen(value->Value.lpszA) + 1;
        if ((string = HeapAlloc(GetProcessHeap(), 0, size))) memcpy(string, value->Value.lpszA, size);
        return string;
    }
    size = WideCharToMultiByte(codepage, 0, value->Value.lpszW, -1, NULL, 0, NULL, NULL);
    if ((string = HeapAlloc(GetProcessHeap(), 0, size)))
        WideCharToMultiByte(codepage, 0, value->Value.lpszW, -1, string, size, NULL, NULL);
    return string;
}

static void put_string_attribute(struct buffer *out, BYTE level, ULONG id, ULONG count, const SPropValue *values,
                                 ULONG tag_w, UINT codepage, BOOL terminator)
{
    const SPropValue *value = find_value(count, values, tag_w);
    char *string;

    if (!value) value = find_value(count, values, CHANGE_PROP_TYPE(tag_w, PT_STRING8));
    if (!value || !(string = ansi_value(value, codepage))) return;
    put_attribute(out, level, id, string, strlen(string) + (terminator ? 1 : 0));
    HeapFree(GetProcessHeap(), 0, string);
}

static void put_date_attribute(struct buffer *out, BYTE level, ULONG id, ULONG count, const SPropValue *values,
                               ULONG tag)
{
    const SPropValue *value = find_value(count, values, tag);
    struct buffer date = { 0 };

    if (!value) return;
    put_dtr(&date, &value->Value.ft);
    if (!date.failed) put_attribute(out, level, id, date.data, date.size);
    buffer_free(&date);
}

/* A binary key (PR_SEARCH_KEY, PR_PARENT_KEY, PR_CONVERSATION_KEY) as the hex string attMessageID has. */
static void put_key_attribute(struct buffer *out, ULONG id, ULONG count, const SPropValue *values, ULONG tag)
{
    static const char hex[] = "0123456789ABCDEF";
    const SPropValue *value = find_value(count, values, tag);
    struct buffer text = { 0 };
    ULONG i;

    if (!value || !value->Value.bin.cb) return;
    for (i = 0; i < value->Value.bin.cb; i++)
    {
        char pair[2] = { hex[value->Value.bin.lpb[i] >> 4], hex[value->Value.bin.lpb[i] & 15] };
        put(&text, pair, 2);
    }
    put(&text, "", 1);
    if (!text.failed) put_attribute(out, LVL_MESSAGE, id, text.data, text.size);
    buffer_free(&text);
}

/* attMessageStatus: PR_MESSAGE_FLAGS as the fms flags of old clients. */
static void put_status_attribute(struct buffer *out, ULONG count, const SPropValue *values)
{
    const SPropValue *value = find_value(count, values, PR_MESSAGE_FLAGS);
    BYTE status = fmsNull;

    if (!value) return;
    if (value->Value.ul & MSGFLAG_READ) status |= fmsRead;
    if (!(value->Value.ul & MSGFLAG_UNMODIFIED)) status |= fmsModified;
    if (value->Value.ul & MSGFLAG_SUBMIT) status |= fmsSubmitted;
    if (value->Value.ul & MSGFLAG_UNSENT) status |= fmsLocal;
    if (value->Value.ul & MSGFLAG_HASATTACH) status |= fmsHasAttach;
    put_attribute(out, LVL_MESSAGE, attMessageStatus, &status, 1);
}

/* attFrom: the sender as a one-off triple, its name and "type:address". */
static void put_from_attribute(struct buffer *out, ULONG count, const SPropValue *values, UINT codepage)
{
    const SPropValue *name = find_value(count, values, PR_SENDER_NAME_W);
    const SPropValue *type = find_value(count, values, PR_SENDER_ADDRTYPE_W);
    const SPropValue *address = find_value(count, values, PR_SENDER_EMAIL_ADDRESS_W);
    char *name_a = NULL, *type_a = NULL, *address_a = NULL;
    struct buffer data = { 0 };

    if (!name) name = find_value(count, values, PR_SENDER_NAME_A);
    if (!type) type = find_value(count, values, PR_SENDER_ADDRTYPE_A);
    if (!address) address = find_value(count, values, PR_SENDER_EMAIL_ADDRESS_A);
    if (type && address && (type_a = ansi_value(type, codepage)) && (address_a = ansi_value(address, codepage)) &&
        (!name || (name_a = ansi_value(name, codepage))))
    {
        /* The name with its null, even; the address with its null; a null triple ends the list. */
        ULONG name_size = (strlen(name_a ? name_a : "") + 2) & ~1;
        ULONG address_size = strlen(type_a) + 1 + strlen(address_a) + 1;
        ULONG total = 2 * sizeof(TRP) + name_size + address_size;

        if (total <= 0xffff)
        {
            static const BYTE zeros[sizeof(TRP) + 8];

            put_word(&data, trpidOneOff);
            put_word(&data, total);
            put_word(&data, name_size);
            put_word(&data, address_size);
            put(&data, name_a ? name_a : "", strlen(name_a ? name_a : ""));
            put(&data, zeros, name_size - strlen(name_a ? name_a : ""));
            put(&data, type_a, strlen(type_a));
            put(&data, ":", 1);
            put(&data, address_a, strlen(address_a) + 1);
            put(&data, zeros, sizeof(TRP) + (8 - total % 8) % 8);
            if (!data.failed) put_attribute(out, LVL_MESSAGE, attFrom, data.data, data.size);
        }
    }
    buffer_free(&data);
    HeapFree(GetProcessHeap(), 0, name_a);
    HeapFree(GetProcessHeap(), 0, type_a);
    HeapFree(GetProcessHeap(), 0, address_a);
}

static HRESULT put_recipients(struct tnef *tnef, IMessage *message, struct buffer *out)
{
    IMAPITable *table = tnef->recip_table;
    struct buffer rows = { 0 };
    SRowSet *set = NULL;
    BOOL ansi;
    HRESULT hr;
    ULONG i;

    /* The table EncodeRecips gave as it is; the message's own in Unicode, whatever its store speaks. */
    if (table)
    {
        IMAPITable_AddRef(table);
        hr = table->lpVtbl->QueryRows(table, 0x7fffffff, 0, &set);
    }
    else if (FAILED(hr = mapi_open_table_w(message, MAPI_TABLE_RECIPIENTS, 0, &table, &ansi))) return hr;
    else hr = mapi_query_rows_w(table, ansi, NULL, &set);
    if (SUCCEEDED(hr))
    {
        put_ulong(&rows, set->cRows);
        for (i = 0; i < set->cRows && SUCCEEDED(hr); i++)
            hr = put_props(tnef, (IMAPIProp *)message, set->aRow[i].cValues, set->aRow[i].lpProps, &rows, 0);
        if (SUCCEEDED(hr)) put_attribute(out, LVL_MESSAGE, attRecipTable, rows.data, rows.size);
        FreeProws(set);
    }
    IMAPITable_Release(table);
    buffer_free(&rows);
    return hr;
}

static BOOL attachment_wanted(struct tnef *tnef, const struct prop_filter *message_filter, ULONG num, BOOL top)
{
    ULONG i;

    if (!top) return TRUE;
    for (i = 0; i < tnef->contained_count; i++)
        if (tnef->contained[i] == num) return TRUE;
    return tnef->attach_filter.mode || filter_allows(message_filter, PR_MESSAGE_ATTACHMENTS);
}

static HRESULT encode_attachment(struct tnef *tnef, IMessage *message, ULONG num, BOOL top, struct buffer *out,
                                 ULONG depth)
{
    struct prop_filter all = { TNEF_PROP_EXCLUDE, NULL };
    const struct prop_filter *filter = &all;
    const SPropValue *value;
    SPropValue *values = NULL;
    struct buffer props = { 0 }, data = { 0 };
    BYTE rend[14] = { 0 };
    IAttach *attach;
    ULONG count, i;
    HRESULT hr;

    if (FAILED(hr = IMessage_OpenAttach(message, num, NULL, 0, &attach))) return hr;
    if (top && tnef->attach_filter.mode)
    {
        filter = &tnef->attach_filter;
        for (i = 0; i < tnef->contained_count; i++)
            if (tnef->contained[i] == num) filter = &all;
    }
    hr = gather_props(tnef, (IMAPIProp *)attach, filter, top ? find_extra(tnef, num) : NULL, TRUE, &count, &values);
    if (FAILED(hr)) goto done;

    /* attAttachRenddata starts the attachment. */
    value = find_value(count, values, PR_ATTACH_METHOD);
    rend[0] = value && value->Value.l == ATTACH_OLE ? atypOle : atypFile;
    value = find_value(count, values, PR_RENDERING_POSITION);
    i = value ? value->Value.l : 0xffffffff;
    rend[2] = i; rend[3] = i >> 8; rend[4] = i >> 16; rend[5] = i >> 24;
    put_attribute(out, LVL_ATTACHMENT, attAttachRenddata, rend, sizeof(rend));

    if (!(tnef->flags & TNEF_PURE))
    {
        put_string_attribute(out, LVL_ATTACHMENT, attAttachTitle, count, values, PR_ATTACH_FILENAME_W,
                             tnef->codepage, TRUE);
        if (!find_value(count, values, PR_ATTACH_FILENAME_W) && !find_value(count, values, PR_ATTACH_FILENAME_A))
            put_string_attribute(out, LVL_ATTACHMENT, attAttachTitle, count, values, PR_ATTACH_LONG_FILENAME_W,
                                 tnef->codepage, TRUE);
        put_date_attribute(out, LVL_ATTACHMENT, attAttachCreateDate, count, values, PR_CREATION_TIME);
        put_date_attribute(out, LVL_ATTACHMENT, attAttachModifyDate, count, values, PR_LAST_MODIFICATION_TIME);
        if (SUCCEEDED(read_big_value((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, &data)))
            put_attribute(out, LVL_ATTACHMENT, attAttachData, data.data, data.size);
    }
    if (SUCCEEDED(hr = put_props(tnef, (IMAPIProp *)attach, count, values, &props, depth)))
        put_attribute(out, LVL_ATTACHMENT, attAttachment, props.data, props.size);

done:
    buffer_free(&props);
    buffer_free(&data);
    MAPIFreeBuffer(values);
    IAttach_Release(attach);
    return hr;
}

/* Writes the stream of a message: the header, its attributes, its attachments. */
static HRESULT encode_message(struct tnef *tnef, IMessage *message, const struct prop_filter *filter,
                              struct buffer *out, ULONG depth)
{
    BOOL top = depth == 0;
    SPropValue *values = NULL;
    ULONG count, i;
    BYTE raw[8];
    struct buffer props = { 0 };
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    HRESULT hr;

    put_ulong(out, TNEF_SIGNATURE);
    put_word(out, tnef->key);
    raw[0] = 0; raw[1] = 0; raw[2] = 1; raw[3] = 0;
    put_attribute(out, LVL_MESSAGE, attTnefVersion, raw, 4);
    for (i = 0; i < 4; i++) raw[i] = tnef->codepage >> (8 * i);
    memset(raw + 4, 0, 4);
    put_attribute(out, LVL_MESSAGE, attOemCodepage, raw, 8);

    hr = gather_props(tnef, (IMAPIProp *)message, filter, top ? find_extra(tnef, 0) : NULL, FALSE, &count, &values);
    if (FAILED(hr)) return hr;

    if (!(tnef->flags & TNEF_PURE))
    {
        const SPropValue *value = find_value(count, values, PR_MESSAGE_CLASS_W);
        char *class_name = value ? ansi_value(value, tnef->codepage) : NULL;

        if (!value && (value = find_value(count, values, PR_MESSAGE_CLASS_A))) class_name = ansi_value(value, CP_ACP);
        if (class_name)
        {
            const char *down = !strcmp(class_name, "IPM.Note") ? "IPM.Microsoft Mail.Note" : class_name;
            put_attribute(out, LVL_MESSAGE, attMessageClass, down, strlen(down) + 1);
            HeapFree(GetProcessHeap(), 0, class_name);
        }
        if (top)
        {
            put_from_attribute(out, count, values, tnef->codepage);
            put_status_attribute(out, count, values);
            put_key_attribute(out, attMessageID, count, values, PR_SEARCH_KEY);
            put_key_attribute(out, attParentID, count, values, PR_PARENT_KEY);
            put_key_attribute(out, attConversationID, count, values, PR_CONVERSATION_KEY);
        }
        put_string_attribute(out, LVL_MESSAGE, attSubject, count, values, PR_SUBJECT_W, tnef->codepage, TRUE);
        put_date_attribute(out, LVL_MESSAGE, attDateSent, count, values, PR_CLIENT_SUBMIT_TIME);
        put_date_attribute(out, LVL_MESSAGE, attDateRecd, count, values, PR_MESSAGE_DELIVERY_TIME);
        put_date_attribute(out, LVL_MESSAGE, attDateModified, count, values, PR_LAST_MODIFICATION_TIME);
        if ((value = find_value(count, values, PR_IMPORTANCE)))
        {
            WORD priority = value->Value.l == IMPORTANCE_HIGH ? prioHigh :
                            value->Value.l == IMPORTANCE_LOW ? prioLow : prioNorm;
            put_word(&props, priority);
            put_attribute(out, LVL_MESSAGE, attPriority, props.data, props.size);
            buffer_free(&props);
        }
        put_string_attribute(out, LVL_MESSAGE, attBody, count, values, PR_BODY_W, tnef->codepage, FALSE);
    }
    if (top && tnef->encode_recips && FAILED(hr = put_recipients(tnef, message, out))) goto done;
    if (!top && FAILED(hr = put_recipients(tnef, message, out))) goto done;
    if (FAILED(hr = put_props(tnef, (IMAPIProp *)message, count, values, &props, depth))) goto done;
    put_attribute(out, LVL_MESSAGE, attMAPIProps, props.data, props.size);

    /* The attachments, in the order of their table. */
    if (SUCCEEDED(IMessage_GetAttachmentTable(message, 0, &table)))
    {
        SizedSPropTagArray(1, num_column) = { 1, { PR_ATTACH_NUM } };

        if (SUCCEEDED(hr = table->lpVtbl->SetColumns(table, (SPropTagArray *)&num_column, 0)) &&
            SUCCEEDED(hr = table->lpVtbl->QueryRows(table, MAX_TNEF_ATTACHMENTS, 0, &rows)))
        {
            for (i = 0; i < rows->cRows && SUCCEEDED(hr); i++)
            {
                ULONG num = rows->aRow[i].lpProps[0].Value.l;

                if (rows->aRow[i].lpProps[0].ulPropTag != PR_ATTACH_NUM) continue;
                if (!attachment_wanted(tnef, filter, num, top)) continue;
                hr = encode_attachment(tnef, message, num, top, out, depth);
            }
            FreeProws(rows);
        }
        IMAPITable_Release(table);
    }

done:
    buffer_free(&props);
    MAPIFreeBuffer(values);
    if (SUCCEEDED(hr) && out->failed) hr = MAPI_E_NOT_ENOUGH_MEMORY;
    return hr;
}

/***********************************************************************
 * Decoding
 */

struct reader
{
    const BYTE *data;
    ULONG size;
    ULONG pos;
};

static BOOL take(struct reader *reader, ULONG size, const BYTE **data)
{
    if (size > reader->size - reader->pos) return FALSE;
    *data = reader->data + reader->pos;
    reader->pos += size;
    return TRUE;
}

static BOOL take_ulong(struct reader *reader, ULONG *value)
{
    const BYTE *raw;

    if (!take(reader, 4, &raw)) return FALSE;
    *value = get_ulong(raw);
    return TRUE;
}

static BOOL take_counted(struct reader *reader, ULONG *size, const BYTE **data)
{
    if (!take_ulong(reader, size) || !take(reader, *size, data)) return FALSE;
    if (*size % 4)
    {
        const BYTE *pad;
        /* The last value may go without its padding. */
        if (!take(reader, 4 - *size % 4, &pad)) reader->pos = reader->size;
    }
    return TRUE;
}

/* A string of the stream's code page as a Unicode value, in memory linked to parent. */
static SCODE unicode_from_codepage(const BYTE *data, ULONG size, UINT codepage, void *parent, WCHAR **out)
{
    int count;
    SCODE sc;

    while (size && !data[size - 1]) size--;
    count = size ? MultiByteToWideChar(codepage, 0, (const char *)data, size, NULL, 0) : 0;
    if (FAILED(sc = MAPIAllocateMore((count + 1) * sizeof(WCHAR), parent, (void **)out))) return sc;
    if (count) MultiByteToWideChar(codepage, 0, (const char *)data, size, *out, count);
    (*out)[count] = 0;
    return S_OK;
}

static SCODE copy_unicode(const BYTE *data, ULONG size, void *parent, WCHAR **out)
{
    ULONG count = size / sizeof(WCHAR);
    SCODE sc;

    if (FAILED(sc = MAPIAllocateMore((count + 1) * sizeof(WCHAR), parent, (void **)out))) return sc;
    memcpy(*out, data, count * sizeof(WCHAR));
    (*out)[count] = 0;
    return S_OK;
}

struct object_value
{
    ULONG tag;
    const BYTE *data;
    ULONG size;
};

/* Parses attMAPIProps-encoded properties into values linked to one buffer.
 * Named properties get their identifiers in target. PT_OBJECT values are
 * returned apart, for the caller to open. */
static HRESULT parse_props(const BYTE *data, ULONG size, IMAPIProp *target, UINT codepage, ULONG *count_out,
                           SPropValue **values_out, struct object_value *object)
{
    struct reader reader = { data, size, 0 };
    SPropValue *values;
    ULONG count, i, n = 0;
    HRESULT hr;

    *count_out = 0;
    *values_out = NULL;
    if (object) object->tag = 0;
    if (!take_ulong(&reader, &count)) return MAPI_E_CORRUPT_DATA;
    /* Each property takes at least 8 bytes: a count past that is a lie. */
    if (count > size / 8) return MAPI_E_CORRUPT_DATA;
    if (FAILED(hr = MAPIAllocateBuffer(max(count, 1) * sizeof(SPropValue), (void **)&values))) return hr;

    for (i = 0; i < count; i++)
    {
        SPropValue *value = &values[n];
        ULONG tag, type, k, m, len;
        const BYTE *raw;

        if (!take_ulong(&reader, &tag)) goto corrupt;
        type = PROP_TYPE(tag);
        if (PROP_ID(tag) >= 0x8000)
        {
            MAPINAMEID name, *names = &name;
            SPropTagArray *ids = NULL;
            ULONG kind;
            GUID guid;

            if (!take(&reader, sizeof(GUID), &raw)) goto corrupt;
            memcpy(&guid, raw, sizeof(GUID));
            name.lpguid = &guid;
            if (!take_ulong(&reader, &kind) || kind > 1) goto corrupt;
            if (kind == 0)
            {
                name.ulKind = MNID_ID;
                if (!take_ulong(&reader, (ULONG *)&name.Kind.lID)) goto corrupt;
            }
            else
            {
                name.ulKind = MNID_STRING;
                if (!take_counted(&reader, &len, &raw)) goto corrupt;
                if (FAILED(hr = copy_unicode(raw, len, values, &name.Kind.lpwstrName))) goto failed;
            }
            hr = IMAPIProp_GetIDsFromNames(target, 1, &names, MAPI_CREATE, &ids);
            if (hr != S_OK || PROP_TYPE(ids->aulPropTag[0]) == PT_ERROR)
            {
                MAPIFreeBuffer(ids);
                hr = S_OK;
                tag = 0; /* unnamed here: read and dropped */
            }
            else
            {
                tag = PROP_TAG(type, PROP_ID(ids->aulPropTag[0]));
                MAPIFreeBuffer(ids);
            }
        }
        value->ulPropTag = tag;
        value->dwAlignPad = 0;
        if (!(type & MV_FLAG) && value_size(type))
        {
            if (!take(&reader, value_size(type), &raw)) goto corrupt;
            switch (type)
            {
            case PT_I2: value->Value.i = get_word(raw); break;
            case PT_BOOLEAN: value->Value.b = get_word(raw) ? 1 : 0; break;
            case PT_LONG: case PT_R4: case PT_ERROR: value->Value.ul = get_ulong(raw); break;
            case PT_CLSID:
                if (FAILED(hr = MAPIAllocateMore(sizeof(GUID), values, (void **)&value->Value.lpguid))) goto failed;
                memcpy(value->Value.lpguid, raw, sizeof(GUID));
                break;
            default: memcpy(&value->Value.li, raw, 8); break;
            }
        }
        else if (type == PT_STRING8 || type == PT_UNICODE || type == PT_BINARY || type == PT_OBJECT)
        {
            if (!take_ulong(&reader, &m) || !m || !take_counted(&reader, &len, &raw)) goto corrupt;
            for (k = 1; k < m; k++)
            {
                ULONG skip;
                const BYTE *ignored;
                if (!take_counted(&reader, &skip, &ignored)) goto corrupt;
            }
            if (type == PT_STRING8)
            {
                /* Strings of the stream's code page become Unicode here. */
                value->ulPropTag = CHANGE_PROP_TYPE(tag, PT_UNICODE);
                hr = unicode_from_codepage(raw, len, codepage, values, &value->Value.lpszW);
            }
            else if (type == PT_UNICODE)
                hr = copy_unicode(raw, len, values, &value->Value.lpszW);
            else if (type == PT_BINARY)
            {
                value->Value.bin.cb = len;
                if (SUCCEEDED(hr = MAPIAllocateMore(max(len, 1), values, (void **)&value->Value.bin.lpb)))
                    memcpy(value->Value.bin.lpb, raw, len);
            }
            else
            {
                if (object && tag && !object->tag)
                {
                    object->tag = tag;
                    object->data = raw;
                    object->size = len;
                }
                continue; /* not a value SetProps takes */
            }
            if (FAILED(hr)) goto failed;
        }
        else if (type & MV_FLAG)
        {
            ULONG base = type & ~MV_FLAG, element = value_size(base);

            if (!take_ulong(&reader, &m) || m > (reader.size - reader.pos) / 4) goto corrupt;
            if (base == PT_STRING8 || base == PT_UNICODE || base == PT_BINARY)
            {
                if (FAILED(hr = MAPIAllocateMore(max(m, 1) * (base == PT_BINARY ? sizeof(SBinary) : sizeof(void *)),
                                                 values, (void **)&value->Value.MVbin.lpbin)))
                    goto failed;
                value->Value.MVbin.cValues = m;
                if (base == PT_STRING8) value->ulPropTag = CHANGE_PROP_TYPE(tag, PT_MV_UNICODE);
                for (k = 0; k < m; k++)
                {
                    if (!take_counted(&reader, &len, &raw)) goto corrupt;
                    if (base == PT_BINARY)
                    {
                        value->Value.MVbin.lpbin[k].cb = len;
                        hr = MAPIAllocateMore(max(len, 1), values, (void **)&value->Value.MVbin.lpbin[k].lpb);
                        if (SUCCEEDED(hr)) memcpy(value->Value.MVbin.lpbin[k].lpb, raw, len);
                    }
                    else if (base == PT_STRING8)
                        hr = unicode_from_codepage(raw, len, codepage, values, &value->Value.MVszW.lppszW[k]);
                    else
                        hr = copy_unicode(raw, len, values, &value->Value.MVszW.lppszW[k]);
                    if (FAILED(hr)) goto failed;
                }
            }
            else if (element)
            {
                ULONG stored = base == PT_I2 ? sizeof(short) : element;

                if (m > (reader.size - reader.pos) / element) goto corrupt;
                if (FAILED(hr = MAPIAllocateMore(max(m, 1) * stored, values, (void **)&value->Value.MVi.lpi)))
                    goto failed;
                value->Value.MVi.cValues = m;
                for (k = 0; k < m; k++)
                {
                    take(&reader, element, &raw);
                    memcpy((BYTE *)value->Value.MVi.lpi + k * stored, raw, stored);
                }
            }
            else
                goto corrupt;
            if (!m) continue;
        }
        else
            goto corrupt; /* unknown type: its size cannot be known */
        if (tag && PROP_ID(tag) != PROP_ID_NULL) n++;
    }
    *count_out = n;
    *values_out = values;
    return S_OK;

corrupt:
    hr = MAPI_E_CORRUPT_DATA;
failed:
    MAPIFreeBuffer(values);
    return hr;
}

static BOOL prop_wanted(ULONG flags, const SPropTagArray *list, ULONG tag)
{
    if (flags & TNEF_PROP_INCLUDE) return tag_listed(list, tag);
    if (flags & TNEF_PROP_EXCLUDE) return !tag_listed(list, tag);
    return TRUE;
}

static SCODE add_tnef_problem(STnefProblemArray **problems, ULONG *capacity, ULONG component, ULONG attribute,
                              ULONG tag, SCODE sc)
{
    STnefProblemArray *array = *problems;

    if (!array || array->cProblem == *capacity)
    {
        ULONG grown = max(8, *capacity * 2);
        STnefProblemArray *bigger;

        if (FAILED(MAPIAllocateBuffer(CbNewSTnefProblemArray(grown), (void **)&bigger))) return MAPI_E_NOT_ENOUGH_MEMORY;
        bigger->cProblem = 0;
        if (array)
        {
            memcpy(bigger, array, CbSTnefProblemArray(array));
            MAPIFreeBuffer(array);
        }
        *problems = array = bigger;
        *capacity = grown;
    }
    array->aProblem[array->cProblem].ulComponent = component;
    array->aProblem[array->cProblem].ulAttribute = attribute;
    array->aProblem[array->cProblem].ulPropTag = tag;
    array->aProblem[array->cProblem].scode = sc;
    array->cProblem++;
    return S_OK;
}

struct decoder
{
    ULONG flags;
    const SPropTagArray *list;
    UINT codepage;
    STnefProblemArray *problems;
    ULONG problem_capacity;
    IMAPISupport *support;
    IAddrBook *address_book;
};

/* A one-off entry identifier, from the support object or the address book OpenTnefStreamEx had. */
static HRESULT one_off_entry_id(struct decoder *decoder, const WCHAR *name, const WCHAR *type, const WCHAR *address,
                                ULONG *size, ENTRYID **entry_id)
{
    *entry_id = NULL;
    if (decoder->support)
        return IMAPISupport_CreateOneOff(decoder->support, (WINE_LPTSTR)name, (WINE_LPTSTR)type,
                                         (WINE_LPTSTR)address, MAPI_UNICODE, size, entry_id);
    if (decoder->address_book)
        return IAddrBook_CreateOneOff(decoder->address_book, (WINE_LPTSTR)name, (WINE_LPTSTR)type,
                                      (WINE_LPTSTR)address, MAPI_UNICODE, size, entry_id);
    return MAPI_E_NO_SUPPORT;
}

static HRESULT decode_message(struct decoder *decoder, const BYTE *data, ULONG size, IMessage *message,
                              ULONG depth);

/* SetProps of what is wanted; a PT_OBJECT attachment value is opened and filled. */
static HRESULT apply_props(struct decoder *decoder, IMAPIProp *target, const BYTE *data, ULONG size,
                           ULONG component, ULONG attribute, ULONG depth)
{
    struct object_value object;
    SPropProblemArray *problems = NULL;
    SPropValue *values;
    ULONG count, i, n = 0;
    HRESULT hr;

    if (FAILED(hr = parse_props(data, size, target, decoder->codepage, &count, &values, &object))) return hr;
    for (i = 0; i < count; i++)
        if (prop_wanted(decoder->flags, decoder->list, values[i].ulPropTag)) values[n++] = values[i];
    if (n && SUCCEEDED(hr = mapi_set_props_w(target, n, values, &problems)) && problems)
    {
        for (i = 0; i < problems->cProblem; i++)
            add_tnef_problem(&decoder->problems, &decoder->problem_capacity, component, attribute,
                             problems->aProblem[i].ulPropTag, problems->aProblem[i].scode);
        MAPIFreeBuffer(problems);
    }
    MAPIFreeBuffer(values);
    if (FAILED(hr)) return hr;

    if (object.tag && object.size >= sizeof(GUID) && prop_wanted(decoder->flags, decoder->list, object.tag))
    {
        GUID iid;
        IUnknown *inner;

        memcpy(&iid, object.data, sizeof(GUID));
        if (IsEqualGUID(&iid, &IID_IMessage))
        {
            if (depth >= MAX_TNEF_DEPTH) return MAPI_E_CORRUPT_DATA;
            if (FAILED(hr = IMAPIProp_OpenProperty(target, object.tag, &IID_IMessage, 0,
                                                   MAPI_CREATE | MAPI_MODIFY, &inner)))
                return hr;
            hr = decode_message(decoder, object.data + sizeof(GUID), object.size - sizeof(GUID),
                                (IMessage *)inner, depth + 1);
            if (SUCCEEDED(hr)) hr = IMessage_SaveChanges((IMessage *)inner, 0);
            IUnknown_Release(inner);
        }
        else if (IsEqualGUID(&iid, &IID_IStorage))
        {
            ILockBytes *bytes = NULL;
            IStorage *source = NULL;
            HGLOBAL global = GlobalAlloc(GMEM_MOVEABLE, object.size - sizeof(GUID));

            if (!global) return MAPI_E_NOT_ENOUGH_MEMORY;
            memcpy(GlobalLock(global), object.data + sizeof(GUID), object.size - sizeof(GUID));
            GlobalUnlock(global);
            /* The storage is a compound file of the stream's: checked before ole32 walks it. */
            if (SUCCEEDED(hr = CreateILockBytesOnHGlobal(global, TRUE, &bytes)) &&
                (hr = mapi_check_compound_lockbytes(bytes)) == S_FALSE)
                hr = MAPI_E_CORRUPT_DATA;
            if (SUCCEEDED(hr) &&
                SUCCEEDED(hr = StgOpenStorageOnILockBytes(bytes, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0,
                                                          &source)) &&
                SUCCEEDED(hr = IMAPIProp_OpenProperty(target, object.tag, &IID_IStorage, 0,
                                                      MAPI_CREATE | MAPI_MODIFY, &inner)))
            {
                if (SUCCEEDED(hr = IStorage_CopyTo(source, 0, NULL, NULL, (IStorage *)inner)))
                    hr = IStorage_Commit((IStorage *)inner, STGC_DEFAULT);
                IUnknown_Release(inner);
            }
            if (source) IStorage_Release(source);
            if (bytes) ILockBytes_Release(bytes);
            else GlobalFree(global);
            if (FAILED(hr))
                add_tnef_problem(&decoder->problems, &decoder->problem_capacity, component, attribute,
                                 object.tag, MAPI_E_CORRUPT_DATA);
            hr = S_OK;
        }
    }
    return hr;
}

/* The decoded values go in Unicode, or in ANSI to a store that takes no Unicode. */
static HRESULT set_one(IMAPIProp *target, SPropValue *value)
{
    return mapi_set_props_w(target, 1, value, NULL);
}

static HRESULT set_string(struct decoder *decoder, IMAPIProp *target, ULONG tag_w, const BYTE *data, ULONG size)
{
    SPropValue value;
    HRESULT hr;
    void *block;

    if (!prop_wanted(decoder->flags, decoder->list, tag_w)) return S_OK;
    if (FAILED(hr = MAPIAllocateBuffer(1, &block))) return hr;
    value.ulPropTag = tag_w;
    if (SUCCEEDED(hr = unicode_from_codepage(data, size, decoder->codepage, block, &value.Value.lpszW)))
        hr = set_one(target, &value);
    MAPIFreeBuffer(block);
    return hr;
}

static HRESULT set_date(struct decoder *decoder, IMAPIProp *target, ULONG tag, const BYTE *data, ULONG size)
{
    SYSTEMTIME st = { 0 };
    SPropValue value;

    if (size < 14 || !prop_wanted(decoder->flags, decoder->list, tag)) return S_OK;
    st.wYear = get_word(data);
    st.wMonth = get_word(data + 2);
    st.wDay = get_word(data + 4);
    st.wHour = get_word(data + 6);
    st.wMinute = get_word(data + 8);
    st.wSecond = get_word(data + 10);
    value.ulPropTag = tag;
    if (!SystemTimeToFileTime(&st, &value.Value.ft)) return S_OK; /* a date that is none */
    return set_one(target, &value);
}

static int hex_digit(BYTE c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* attMessageID and its kin: a hex string back to the binary key. */
static HRESULT set_key(struct decoder *decoder, IMAPIProp *target, ULONG tag, const BYTE *data, ULONG size)
{
    SPropValue value;
    BYTE key[256];
    ULONG i, length = 0;

    if (!prop_wanted(decoder->flags, decoder->list, tag)) return S_OK;
    while (size && !data[size - 1]) size--;
    if (!size || size % 2 || size / 2 > sizeof(key)) return S_OK; /* no key of ours: left out */
    for (i = 0; i < size; i += 2)
    {
        int high = hex_digit(data[i]), low = hex_digit(data[i + 1]);

        if (high < 0 || low < 0) return S_OK;
        key[length++] = high << 4 | low;
    }
    value.ulPropTag = tag;
    value.Value.bin.cb = length;
    value.Value.bin.lpb = key;
    return set_one(target, &value);
}

static HRESULT set_status(struct decoder *decoder, IMAPIProp *target, const BYTE *data, ULONG size)
{
    SPropValue value = { PR_MESSAGE_FLAGS };

    if (size < 1 || !prop_wanted(decoder->flags, decoder->list, PR_MESSAGE_FLAGS)) return S_OK;
    if (data[0] & fmsRead) value.Value.ul |= MSGFLAG_READ;
    if (!(data[0] & fmsModified)) value.Value.ul |= MSGFLAG_UNMODIFIED;
    if (data[0] & fmsSubmitted) value.Value.ul |= MSGFLAG_SUBMIT;
    if (data[0] & fmsLocal) value.Value.ul |= MSGFLAG_UNSENT;
    if (data[0] & fmsHasAttach) value.Value.ul |= MSGFLAG_HASATTACH;
    return set_one(target, &value);
}

/* The search key of an address: "TYPE:ADDRESS", upper case, with its null. */
static SCODE make_search_key(const WCHAR *type, const WCHAR *address, UINT codepage, void *parent, SBinary *key)
{
    int type_size = WideCharToMultiByte(codepage, 0, type, -1, NULL, 0, NULL, NULL);
    int address_size = WideCharToMultiByte(codepage, 0, address, -1, NULL, 0, NULL, NULL);
    SCODE sc;

    key->cb = type_size + address_size;
    if (FAILED(sc = MAPIAllocateMore(key->cb, parent, (void **)&key->lpb))) return sc;
    WideCharToMultiByte(codepage, 0, type, -1, (char *)key->lpb, type_size, NULL, NULL);
    key->lpb[type_size - 1] = ':';
    WideCharToMultiByte(codepage, 0, address, -1, (char *)key->lpb + type_size, address_size, NULL, NULL);
    CharUpperBuffA((char *)key->lpb, key->cb - 1);
    return S_OK;
}

/* attFrom: the sender's name, address type, address, search key, and a one-off
 * entry identifier when there is a support object or address book to make it. */
static HRESULT set_from(struct decoder *decoder, IMAPIProp *target, const BYTE *data, ULONG size)
{
    SPropValue values[5], *block;
    ULONG name_size, address_size, n = 0, i, entry_size;
    WCHAR *address, *colon;
    ENTRYID *entry_id = NULL;
    HRESULT hr;

    if (size < sizeof(TRP)) return MAPI_E_CORRUPT_DATA;
    if (get_word(data) != trpidOneOff)
    {
        TRACE("attFrom of triple type %#x skipped\n", get_word(data));
        return S_OK;
    }
    name_size = get_word(data + 4);
    address_size = get_word(data + 6);
    if (name_size + address_size > size - sizeof(TRP)) return MAPI_E_CORRUPT_DATA;
    if (FAILED(hr = MAPIAllocateBuffer(1, (void **)&block))) return hr;
    values[n].ulPropTag = PR_SENDER_NAME_W;
    if (FAILED(hr = unicode_from_codepage(data + sizeof(TRP), name_size, decoder->codepage, block,
                                          &values[n++].Value.lpszW)) ||
        FAILED(hr = unicode_from_codepage(data + sizeof(TRP) + name_size, address_size, decoder->codepage, block,
                                          &address)))
        goto done;
    /* "type:address"; one without its type is an address of no known kind. */
    if (!(colon = wcschr(address, ':')) || colon == address)
    {
        TRACE("attFrom address %s has no type\n", debugstr_w(address));
        goto done;
    }
    *colon = 0;
    values[n].ulPropTag = PR_SENDER_ADDRTYPE_W;
    values[n++].Value.lpszW = address;
    values[n].ulPropTag = PR_SENDER_EMAIL_ADDRESS_W;
    values[n++].Value.lpszW = colon + 1;
    values[n].ulPropTag = PR_SENDER_SEARCH_KEY;
    if (FAILED(hr = make_search_key(address, colon + 1, decoder->codepage, block, &values[n++].Value.bin))) goto done;
    if (SUCCEEDED(one_off_entry_id(decoder, values[0].Value.lpszW, address, colon + 1, &entry_size, &entry_id)))
    {
        values[n].ulPropTag = PR_SENDER_ENTRYID;
        values[n].Value.bin.cb = entry_size;
        values[n++].Value.bin.lpb = (BYTE *)entry_id;
    }

done:
    if (SUCCEEDED(hr))
    {
        ULONG wanted = 0;

        for (i = 0; i < n; i++)
            if (prop_wanted(decoder->flags, decoder->list, values[i].ulPropTag)) values[wanted++] = values[i];
        if (wanted) hr = mapi_set_props_w(target, wanted, values, NULL);
    }
    MAPIFreeBuffer(entry_id);
    MAPIFreeBuffer(block);
    return hr;
}

/* A recipient of the table without an entry identifier gets a one-off one, if it can be made. */
static void add_recipient_entry_id(struct decoder *decoder, ADRENTRY *entry)
{
    const SPropValue *name = NULL, *type = NULL, *address = NULL;
    SPropValue *grown;
    ENTRYID *entry_id;
    ULONG i, size;

    for (i = 0; i < entry->cValues; i++)
    {
        switch (entry->rgPropVals[i].ulPropTag)
        {
        case PR_ENTRYID: return;
        case PR_DISPLAY_NAME_W: name = &entry->rgPropVals[i]; break;
        case PR_ADDRTYPE_W: type = &entry->rgPropVals[i]; break;
        case PR_EMAIL_ADDRESS_W: address = &entry->rgPropVals[i]; break;
        }
    }
    if (!type || !address || (!decoder->support && !decoder->address_book)) return;
    if (FAILED(one_off_entry_id(decoder, name ? name->Value.lpszW : address->Value.lpszW, type->Value.lpszW,
                                address->Value.lpszW, &size, &entry_id)))
        return;
    /* The row's block grows by one value and the identifier, freed with it. */
    if (SUCCEEDED(MAPIAllocateMore((entry->cValues + 1) * sizeof(SPropValue) + size, entry->rgPropVals,
                                   (void **)&grown)))
    {
        memcpy(grown, entry->rgPropVals, entry->cValues * sizeof(SPropValue));
        grown[entry->cValues].ulPropTag = PR_ENTRYID;
        grown[entry->cValues].dwAlignPad = 0;
        grown[entry->cValues].Value.bin.cb = size;
        grown[entry->cValues].Value.bin.lpb = (BYTE *)(grown + entry->cValues + 1);
        memcpy(grown[entry->cValues].Value.bin.lpb, entry_id, size);
        entry->rgPropVals = grown;
        entry->cValues++;
    }
    MAPIFreeBuffer(entry_id);
}

static HRESULT set_recipients(struct decoder *decoder, IMessage *message, const BYTE *data, ULONG size)
{
    struct reader reader = { data, size, 0 };
    SPropValue **heads;
    ADRLIST *list;
    ULONG rows, i;
    HRESULT hr = S_OK;

    if (!take_ulong(&reader, &rows) || rows > size / 4) return MAPI_E_CORRUPT_DATA;
    if (!(heads = HeapAlloc(GetProcessHeap(), 0, max(rows, 1) * sizeof(*heads)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = MAPIAllocateBuffer(CbNewADRLIST(max(rows, 1)), (void **)&list)))
    {
        HeapFree(GetProcessHeap(), 0, heads);
        return hr;
    }
    list->cEntries = 0;
    for (i = 0; i < rows && SUCCEEDED(hr); i++)
    {
        ADRENTRY *entry = &list->aEntries[list->cEntries];
        ULONG start = reader.pos, count, k, n = 0;
        struct reader row = reader;
        SPropValue *values;

        /* A row is properties as attMAPIProps has them: parse them, then find where they end. */
        if (FAILED(hr = parse_props(data + start, size - start, (IMAPIProp *)message, decoder->codepage, &count,
                                    &values, NULL)))
            break;
        {
            /* Skip the row: parse_props does not say how far it read, so measure it again. */
            ULONG total, j, len, m, tag;
            const BYTE *raw;

            if (!take_ulong(&row, &total)) { hr = MAPI_E_CORRUPT_DATA; MAPIFreeBuffer(values); break; }
            for (j = 0; j < total && SUCCEEDED(hr); j++)
            {
                ULONG type;

                if (!take_ulong(&row, &tag)) { hr = MAPI_E_CORRUPT_DATA; break; }
                type = PROP_TYPE(tag);
                if (PROP_ID(tag) >= 0x8000)
                {
                    ULONG kind;
                    if (!take(&row, 16, &raw) || !take_ulong(&row, &kind)) { hr = MAPI_E_CORRUPT_DATA; break; }
                    if (kind ? !take_counted(&row, &len, &raw) : !take_ulong(&row, &len)) { hr = MAPI_E_CORRUPT_DATA; break; }
                }
                if (!(type & MV_FLAG) && value_size(type)) { take(&row, value_size(type), &raw); continue; }
                if (!take_ulong(&row, &m)) { hr = MAPI_E_CORRUPT_DATA; break; }
                for (k = 0; k < m; k++)
                {
                    if ((type & ~MV_FLAG) == PT_STRING8 || (type & ~MV_FLAG) == PT_UNICODE ||
                        (type & ~MV_FLAG) == PT_BINARY || type == PT_OBJECT)
                    {
                        if (!take_counted(&row, &len, &raw)) { hr = MAPI_E_CORRUPT_DATA; break; }
                    }
                    else if (!take(&row, value_size(type), &raw)) { hr = MAPI_E_CORRUPT_DATA; break; }
                }
            }
            if (FAILED(hr)) { MAPIFreeBuffer(values); break; }
            reader.pos = row.pos;
        }
        for (k = 0; k < count; k++)
            if (values[k].ulPropTag != PR_ROWID) values[n++] = values[k];
        entry->ulReserved1 = 0;
        entry->cValues = n;
        entry->rgPropVals = values;
        heads[list->cEntries++] = values; /* freed with MAPIFreeBuffer below */
        add_recipient_entry_id(decoder, entry);
    }
    if (SUCCEEDED(hr) && list->cEntries) hr = mapi_modify_recipients_w(message, 0, list);
    for (i = 0; i < list->cEntries; i++) MAPIFreeBuffer(heads[i]);
    HeapFree(GetProcessHeap(), 0, heads);
    MAPIFreeBuffer(list);
    return hr;
}

static HRESULT finish_attach(IAttach **attach)
{
    HRESULT hr = S_OK;

    if (*attach)
    {
        hr = IAttach_SaveChanges(*attach, 0);
        IAttach_Release(*attach);
        *attach = NULL;
    }
    return hr;
}

static HRESULT decode_message(struct decoder *decoder, const BYTE *data, ULONG size, IMessage *message, ULONG depth)
{
    struct reader reader = { data, size, 0 };
    BOOL want_message = !(decoder->flags & TNEF_PROP_ATTACHMENTS_ONLY);
    BOOL want_attachments = !(decoder->flags & TNEF_PROP_MESSAGE_ONLY);
    ULONG attachments = 0, attach_num = 0;
    IAttach *attach = NULL;
    const BYTE *raw;
    HRESULT hr = S_OK;

    if (!take_ulong(&reader, &attach_num) || attach_num != TNEF_SIGNATURE || !take(&reader, 2, &raw))
    {
        WARN("not a TNEF stream\n");
        return MAPI_E_CORRUPT_DATA;
    }
    while (reader.pos < reader.size && SUCCEEDED(hr))
    {
        ULONG id, length;
        const BYTE *level, *body, *sum;

        if (!take(&reader, 1, &level) || !take_ulong(&reader, &id) || !take_ulong(&reader, &length) ||
            !take(&reader, length, &body) || !take(&reader, 2, &sum))
        {
            WARN("attribute past the end of the stream at %lu\n", reader.pos);
            hr = MAPI_E_CORRUPT_DATA;
            break;
        }
        if (get_word(sum) != checksum(body, length))
        {
            WARN("attribute %#lx: bad checksum\n", id);
            add_tnef_problem(&decoder->problems, &decoder->problem_capacity,
                             *level == LVL_MESSAGE ? 0 : attach_num, id, 0, MAPI_E_CORRUPT_DATA);
            continue;
        }
        if (*level == LVL_MESSAGE)
        {
            IMAPIProp *target = (IMAPIProp *)message;

            if (id == attOemCodepage && length >= 4)
            {
                UINT codepage = get_ulong(body);
                if (IsValidCodePage(codepage)) decoder->codepage = codepage;
                continue;
            }
            if (!want_message && id != attRecipTable) continue;
            switch (id)
            {
            case attSubject: hr = set_string(decoder, target, PR_SUBJECT_W, body, length); break;
            case attFrom:
                if (FAILED(set_from(decoder, target, body, length)))
                    add_tnef_problem(&decoder->problems, &decoder->problem_capacity, 0, id, PR_SENDER_NAME_W,
                                     MAPI_E_CORRUPT_DATA);
                break;
            case attMessageStatus: hr = set_status(decoder, target, body, length); break;
            case attMessageID: hr = set_key(decoder, target, PR_SEARCH_KEY, body, length); break;
            case attParentID: hr = set_key(decoder, target, PR_PARENT_KEY, body, length); break;
            case attConversationID: hr = set_key(decoder, target, PR_CONVERSATION_KEY, body, length); break;
            case attBody: hr = set_string(decoder, target, PR_BODY_W, body, length); break;
            case attMessageClass:
            {
                static const char down[] = "IPM.Microsoft Mail.Note";
                if (length >= sizeof(down) - 1 && !memcmp(body, down, sizeof(down) - 1) &&
                    (length == sizeof(down) - 1 || !body[sizeof(down) - 1]))
                    hr = set_string(decoder, target, PR_MESSAGE_CLASS_W, (const BYTE *)"IPM.Note", 8);
                else
                    hr = set_string(decoder, target, PR_MESSAGE_CLASS_W, body, length);
                break;
            }
            case attDateSent: hr = set_date(decoder, target, PR_CLIENT_SUBMIT_TIME, body, length); break;
            case attDateRecd: hr = set_date(decoder, target, PR_MESSAGE_DELIVERY_TIME, body, length); break;
            case attDateModified: hr = set_date(decoder, target, PR_LAST_MODIFICATION_TIME, body, length); break;
            case attPriority:
                if (length >= 2 && prop_wanted(decoder->flags, decoder->list, PR_IMPORTANCE))
                {
                    SPropValue value = { PR_IMPORTANCE };
                    WORD priority = get_word(body);
                    value.Value.l = priority == prioHigh ? IMPORTANCE_HIGH :
                                    priority == prioLow ? IMPORTANCE_LOW : IMPORTANCE_NORMAL;
                    hr = set_one(target, &value);
                }
                break;
            case attMAPIProps:
                hr = apply_props(decoder, target, body, length, 0, id, depth);
                break;
            case attRecipTable:
                if (prop_wanted(decoder->flags, decoder->list, PR_MESSAGE_RECIPIENTS))
                    hr = set_recipients(decoder, message, body, length);
                break;
            default:
                TRACE("message attribute %#lx skipped\n", id);
                break;
            }
            continue;
        }
        if (*level != LVL_ATTACHMENT)
        {
            hr = MAPI_E_CORRUPT_DATA;
            break;
        }
        if (!want_attachments) continue;
        if (id == attAttachRenddata)
        {
            if (FAILED(hr = finish_attach(&attach))) break;
            if (++attachments > MAX_TNEF_ATTACHMENTS)
            {
                hr = MAPI_E_CORRUPT_DATA;
                break;
            }
            if (FAILED(hr = IMessage_CreateAttach(message, NULL, 0, &attach_num, &attach))) break;
            {
                SPropValue values[2];

                values[0].ulPropTag = PR_ATTACH_METHOD;
                values[0].Value.l = length >= 2 && get_word(body) == atypOle ? ATTACH_OLE : ATTACH_BY_VALUE;
                values[1].ulPropTag = PR_RENDERING_POSITION;
                values[1].Value.l = length >= 6 ? get_ulong(body + 2) : 0xffffffff;
                hr = IAttach_SetProps(attach, 2, values, NULL);
            }
            continue;
        }
        if (!attach)
        {
            WARN("attachment attribute %#lx before attAttachRenddata\n", id);
            hr = MAPI_E_CORRUPT_DATA;
            break;
        }
        switch (id)
        {
        case attAttachTitle: hr = set_string(decoder, (IMAPIProp *)attach, PR_ATTACH_FILENAME_W, body, length); break;
        case attAttachCreateDate: hr = set_date(decoder, (IMAPIProp *)attach, PR_CREATION_TIME, body, length); break;
        case attAttachModifyDate:
            hr = set_date(decoder, (IMAPIProp *)attach, PR_LAST_MODIFICATION_TIME, body, length);
            break;
        case attAttachData:
        case attAttachMetaFile:
        case attAttachTransportFilename:
        {
            ULONG tag = id == attAttachData ? PR_ATTACH_DATA_BIN :
                        id == attAttachMetaFile ? PR_ATTACH_RENDERING : PR_ATTACH_TRANSPORT_NAME_A;

            if (prop_wanted(decoder->flags, decoder->list, tag) && PROP_TYPE(tag) == PT_BINARY)
            {
                SPropValue value;

                value.ulPropTag = tag;
                value.Value.bin.cb = length;
                value.Value.bin.lpb = (BYTE *)body;
                hr = set_one((IMAPIProp *)attach, &value);
            }
            else if (PROP_TYPE(tag) != PT_BINARY)
                hr = set_string(decoder, (IMAPIProp *)attach, PR_ATTACH_TRANSPORT_NAME_W, body, length);
            break;
        }
        case attAttachment:
            hr = apply_props(decoder, (IMAPIProp *)attach, body, length, attach_num, id, depth);
            break;
        default:
            TRACE("attachment attribute %#lx skipped\n", id);
            break;
        }
    }
    if (SUCCEEDED(hr)) hr = finish_attach(&attach);
    else if (attach) IAttach_Release(attach);
    return hr;
}

/* Reads the rest of a stream, bounded by its size. */
static HRESULT read_stream(IStream *stream, BYTE **data, ULONG *size)
{
    LARGE_INTEGER zero = { { 0 } };
    ULARGE_INTEGER start;
    STATSTG stat;
    ULONG got;
    HRESULT hr;

    *data = NULL;
    *size = 0;
    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME))) return hr;
    if (FAILED(hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &start))) return hr;
    if (stat.cbSize.QuadPart < start.QuadPart) return MAPI_E_CORRUPT_DATA;
    if (stat.cbSize.QuadPart - start.QuadPart > 0x7fff0000) return MAPI_E_NOT_ENOUGH_MEMORY;
    *size = stat.cbSize.QuadPart - start.QuadPart;
    if (!(*data = HeapAlloc(GetProcessHeap(), 0, max(*size, 1)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(hr = IStream_Read(stream, *data, *size, &got)) || got != *size)
    {
        HeapFree(GetProcessHeap(), 0, *data);
        *data = NULL;
        return FAILED(hr) ? hr : MAPI_E_CORRUPT_DATA;
    }
    return S_OK;
}

/***********************************************************************
 * ITnef
 */

static HRESULT WINAPI ITnef_fnQueryInterface(ITnef *iface, REFIID riid, void **out)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown))
    {
        *out = iface;
        ITnef_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI ITnef_fnAddRef(ITnef *iface)
{
    struct tnef *This = impl_from_ITnef(iface);
    ULONG ref = InterlockedIncrement(&This->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI ITnef_fnRelease(ITnef *iface)
{
    struct tnef *This = impl_from_ITnef(iface);
    ULONG ref = InterlockedDecrement(&This->ref), i;

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        IStream_Release(This->stream);
        if (This->message) IMessage_Release(This->message);
        if (This->recip_table) IMAPITable_Release(This->recip_table);
        if (This->support) IMAPISupport_Release(This->support);
        if (This->address_book) IAddrBook_Release(This->address_book);
        HeapFree(GetProcessHeap(), 0, This->message_filter.tags);
        HeapFree(GetProcessHeap(), 0, This->attach_filter.tags);
        HeapFree(GetProcessHeap(), 0, This->contained);
        for (i = 0; i < This->extra_count; i++) MAPIFreeBuffer(This->extras[i].values);
        HeapFree(GetProcessHeap(), 0, This->extras);
        HeapFree(GetProcessHeap(), 0, This->name);
        HeapFree(GetProcessHeap(), 0, This);
    }
    return ref;
}

static BOOL filter_add(struct prop_filter *filter, ULONG mode, const SPropTagArray *tags)
{
    ULONG old = filter->tags ? filter->tags->cValues : 0, add = tags ? tags->cValues : 0;
    SPropTagArray *merged;

    if (filter->mode && filter->mode != mode)
    {
        /* Include and exclude do not mix: the later call decides. */
        old = 0;
    }
    if (!(merged = HeapAlloc(GetProcessHeap(), 0, CbNewSPropTagArray(old + add)))) return FALSE;
    merged->cValues = 0;
    if (old) memcpy(merged->aulPropTag, filter->tags->aulPropTag, old * sizeof(ULONG));
    if (add) memcpy(merged->aulPropTag + old, tags->aulPropTag, add * sizeof(ULONG));
    merged->cValues = old + add;
    HeapFree(GetProcessHeap(), 0, filter->tags);
    filter->tags = merged;
    filter->mode = mode;
    return TRUE;
}

/**************************************************************************
 *  ITnef_AddProps
 *
 * Says which properties Finish encodes: all but some (TNEF_PROP_EXCLUDE),
 * some (TNEF_PROP_INCLUDE), of the message or of its attachments, or all of
 * one attachment (TNEF_PROP_CONTAINED with its number).
 */
static HRESULT WINAPI ITnef_fnAddProps(ITnef *iface, ULONG flags, ULONG elem_id, void *data, SPropTagArray *tags)
{
    struct tnef *This = impl_from_ITnef(iface);
    ULONG mode = flags & (TNEF_PROP_INCLUDE | TNEF_PROP_EXCLUDE);

    TRACE("(%p,%#lx,%lu,%p,%p)\n", iface, flags, elem_id, data, tags);

    if (flags & ~(TNEF_PROP_INCLUDE | TNEF_PROP_EXCLUDE | TNEF_PROP_CONTAINED | TNEF_PROP_CONTAINED_TNEF |
                  TNEF_PROP_MESSAGE_ONLY | TNEF_PROP_ATTACHMENTS_ONLY))
        return MAPI_E_UNKNOWN_FLAGS;
    if (!(This->flags & TNEF_ENCODE)) return MAPI_E_NO_ACCESS;
    if (This->finished) return MAPI_E_CALL_FAILED;
    if (flags & (TNEF_PROP_CONTAINED | TNEF_PROP_CONTAINED_TNEF))
    {
        ULONG *grown = This->contained ? HeapReAlloc(GetProcessHeap(), 0, This->contained,
                                                     (This->contained_count + 1) * sizeof(ULONG))
                                       : HeapAlloc(GetProcessHeap(), 0, sizeof(ULONG));
        if (!grown) return MAPI_E_NOT_ENOUGH_MEMORY;
        This->contained = grown;
        This->contained[This->contained_count++] = elem_id;
        if (data) FIXME("data %p of a contained attachment is ignored: its own data is encoded\n", data);
        return S_OK;
    }
    if (!mode || mode == (TNEF_PROP_INCLUDE | TNEF_PROP_EXCLUDE)) return MAPI_E_INVALID_PARAMETER;
    if (mode == TNEF_PROP_INCLUDE && !tags) return MAPI_E_INVALID_PARAMETER;
    if (!(flags & TNEF_PROP_ATTACHMENTS_ONLY) && !filter_add(&This->message_filter, mode, tags))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(flags & TNEF_PROP_MESSAGE_ONLY) && !filter_add(&This->attach_filter, mode, tags))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    return S_OK;
}

/**************************************************************************
 *  ITnef_ExtractProps
 *
 * Decodes the stream into the message given to OpenTnefStream, keeping the
 * properties flags and tags choose.
 */
static HRESULT WINAPI ITnef_fnExtractProps(ITnef *iface, ULONG flags, SPropTagArray *tags,
                                           STnefProblemArray **problems)
{
    struct tnef *This = impl_from_ITnef(iface);
    struct decoder decoder = { 0 };
    BYTE *data;
    ULONG size;
    HRESULT hr;

    TRACE("(%p,%#lx,%p,%p)\n", iface, flags, tags, problems);

    if (problems) *problems = NULL;
    if (flags & ~(TNEF_PROP_INCLUDE | TNEF_PROP_EXCLUDE | TNEF_PROP_MESSAGE_ONLY | TNEF_PROP_ATTACHMENTS_ONLY))
        return MAPI_E_UNKNOWN_FLAGS;
    if ((flags & TNEF_PROP_INCLUDE) && (flags & TNEF_PROP_EXCLUDE)) return MAPI_E_INVALID_PARAMETER;
    if ((flags & TNEF_PROP_INCLUDE) && !tags) return MAPI_E_INVALID_PARAMETER;
    if (This->flags & TNEF_ENCODE) return MAPI_E_NO_ACCESS;
    if (!This->message) return MAPI_E_INVALID_PARAMETER;

    if (FAILED(hr = read_stream(This->stream, &data, &size))) return hr;
    decoder.flags = flags;
    decoder.list = tags;
    decoder.codepage = CP_ACP;
    decoder.support = This->support;
    decoder.address_book = This->address_book;
    hr = decode_message(&decoder, data, size, This->message, 0);
    HeapFree(GetProcessHeap(), 0, data);
    if (SUCCEEDED(hr) && decoder.problems && problems)
    {
        *problems = decoder.problems;
        return S_OK;
    }
    MAPIFreeBuffer(decoder.problems);
    return hr;
}

static HRESULT write_out(struct tnef *This, const struct buffer *out)
{
    ULONG written;
    HRESULT hr;

    if (out->failed) return MAPI_E_NOT_ENOUGH_MEMORY;
    hr = IStream_Write(This->stream, out->data, out->size, &written);
    if (SUCCEEDED(hr) && written != out->size) hr = MAPI_E_NOT_ENOUGH_DISK;
    return hr;
}

/**************************************************************************
 *  ITnef_Finish
 *
 * Encodes what AddProps, SetProps and EncodeRecips asked for into the stream.
 */
static HRESULT WINAPI ITnef_fnFinish(ITnef *iface, ULONG flags, WORD *key, STnefProblemArray **problems)
{
    struct tnef *This = impl_from_ITnef(iface);
    struct buffer out = { 0 };
    HRESULT hr = S_OK;

    TRACE("(%p,%#lx,%p,%p)\n", iface, flags, key, problems);

    if (problems) *problems = NULL;
    if (key) *key = This->key;
    if (!(This->flags & TNEF_ENCODE) || This->finished) return S_OK;
    if (!This->message) return MAPI_E_INVALID_PARAMETER;
    if (This->flags & TNEF_COMPONENT_ENCODING)
    {
        /* FinishComponent wrote the components. */
        This->finished = TRUE;
        return S_OK;
    }
    hr = encode_message(This, This->message, &This->message_filter, &out, 0);
    if (SUCCEEDED(hr)) hr = write_out(This, &out);
    buffer_free(&out);
    if (SUCCEEDED(hr)) This->finished = TRUE;
    return hr;
}

/**************************************************************************
 *  ITnef_OpenTaggedBody
 *
 * A stream on the message's text with attachment tags (tnefbody.c): read,
 * "[[ title : key in container ]]" stands at each attachment's rendering
 * position; written and committed, the tags become the attachments'
 * rendering positions again and the text PR_BODY.
 *
 * NOTES
 *  The keys count on from the key given to OpenTnefStream: the first
 *  attachment of the attachment table has key + 1. The text is in the code
 *  page of the system (GetACP), as the stream's other text.
 */
static HRESULT WINAPI ITnef_fnOpenTaggedBody(ITnef *iface, IMessage *message, ULONG flags, IStream **stream)
{
    struct tnef *This = impl_from_ITnef(iface);

    TRACE("(%p,%p,%#lx,%p)\n", iface, message, flags, stream);

    if (!stream) return MAPI_E_INVALID_PARAMETER;
    *stream = NULL;
    if (flags & ~(MAPI_CREATE | MAPI_MODIFY)) return MAPI_E_UNKNOWN_FLAGS;
    if (!message) message = This->message;
    if (!message) return MAPI_E_INVALID_PARAMETER;
    return tnef_open_tagged_body(message, This->key, This->name, This->codepage, flags, stream);
}

/**************************************************************************
 *  ITnef_SetProps
 *
 * Values to encode instead of, or beside, the object's own: of the message
 * (elem_id 0) or of an attachment (TNEF_PROP_CONTAINED, elem_id its number).
 */
static HRESULT WINAPI ITnef_fnSetProps(ITnef *iface, ULONG flags, ULONG elem_id, ULONG count, SPropValue *values)
{
    struct tnef *This = impl_from_ITnef(iface);
    struct extra_props *extra = NULL, *grown;
    SPropValue *copy;
    ULONG size, i;
    HRESULT hr;

    TRACE("(%p,%#lx,%lu,%lu,%p)\n", iface, flags, elem_id, count, values);

    if (flags & ~TNEF_PROP_CONTAINED) return MAPI_E_UNKNOWN_FLAGS;
    if (!count || !values) return MAPI_E_INVALID_PARAMETER;
    if (!(This->flags & TNEF_ENCODE)) return MAPI_E_NO_ACCESS;
    if (!(flags & TNEF_PROP_CONTAINED)) elem_id = 0;
    for (i = 0; i < count; i++)
        if (FBadProp(&values[i])) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(hr = ScCountProps(count, values, &size))) return hr;
    if (FAILED(hr = MAPIAllocateBuffer(size, (void **)&copy))) return hr;
    if (FAILED(hr = ScCopyProps(count, values, copy, NULL)))
    {
        MAPIFreeBuffer(copy);
        return hr;
    }
    for (i = 0; i < This->extra_count; i++)
        if (This->extras[i].elem_id == elem_id) extra = &This->extras[i];
    if (extra)
    {
        /* Keep the earlier values too: a new block with both. */
        SPropValue *both;
        ULONG total = extra->count + count, both_size;
        SPropValue *joined = HeapAlloc(GetProcessHeap(), 0, total * sizeof(SPropValue));

        if (!joined)
        {
            MAPIFreeBuffer(copy);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        memcpy(joined, extra->values, extra->count * sizeof(SPropValue));
        memcpy(joined + extra->count, copy, count * sizeof(SPropValue));
        if (SUCCEEDED(hr = ScCountProps(total, joined, &both_size)) &&
            SUCCEEDED(hr = MAPIAllocateBuffer(both_size, (void **)&both)))
        {
            ScCopyProps(total, joined, both, NULL);
            MAPIFreeBuffer(extra->values);
            extra->values = both;
            extra->count = total;
        }
        HeapFree(GetProcessHeap(), 0, joined);
        MAPIFreeBuffer(copy);
        return hr;
    }
    grown = This->extras ? HeapReAlloc(GetProcessHeap(), 0, This->extras, (This->extra_count + 1) * sizeof(*grown))
                         : HeapAlloc(GetProcessHeap(), 0, sizeof(*grown));
    if (!grown)
    {
        MAPIFreeBuffer(copy);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    This->extras = grown;
    This->extras[This->extra_count].elem_id = elem_id;
    This->extras[This->extra_count].count = count;
    This->extras[This->extra_count].values = copy;
    This->extra_count++;
    return S_OK;
}

/**************************************************************************
 *  ITnef_EncodeRecips
 *
 * Asks Finish to encode a recipient table (attRecipTable): the one given,
 * or the message's with table NULL.
 */
static HRESULT WINAPI ITnef_fnEncodeRecips(ITnef *iface, ULONG flags, IMAPITable *table)
{
    struct tnef *This = impl_from_ITnef(iface);

    TRACE("(%p,%#lx,%p)\n", iface, flags, table);

    if (flags) return MAPI_E_UNKNOWN_FLAGS;
    if (!(This->flags & TNEF_ENCODE)) return MAPI_E_NO_ACCESS;
    if (This->recip_table) IMAPITable_Release(This->recip_table);
    if ((This->recip_table = table)) IMAPITable_AddRef(table);
    This->encode_recips = TRUE;
    return S_OK;
}

/**************************************************************************
 *  ITnef_FinishComponent
 *
 * With TNEF_COMPONENT_ENCODING: writes the message's own attributes
 * (TNEF_COMPONENT_MESSAGE) or one attachment (TNEF_COMPONENT_ATTACHMENT)
 * now, with the custom values given.
 */
static HRESULT WINAPI ITnef_fnFinishComponent(ITnef *iface, ULONG flags, ULONG component_id,
                                              SPropTagArray *custom_tags, SPropValue *custom_props,
                                              SPropTagArray *tags, STnefProblemArray **problems)
{
    struct tnef *This = impl_from_ITnef(iface);
    struct prop_filter filter = { TNEF_PROP_EXCLUDE, NULL };
    struct buffer out = { 0 };
    HRESULT hr;

    TRACE("(%p,%#lx,%lu,%p,%p,%p,%p)\n", iface, flags, component_id, custom_tags, custom_props, tags, problems);

    if (problems) *problems = NULL;
    if (flags & ~(TNEF_COMPONENT_MESSAGE | TNEF_COMPONENT_ATTACHMENT)) return MAPI_E_UNKNOWN_FLAGS;
    if (!(flags & (TNEF_COMPONENT_MESSAGE | TNEF_COMPONENT_ATTACHMENT)) ||
        (flags & TNEF_COMPONENT_MESSAGE && flags & TNEF_COMPONENT_ATTACHMENT))
        return MAPI_E_INVALID_PARAMETER;
    if (!(This->flags & TNEF_ENCODE) || !(This->flags & TNEF_COMPONENT_ENCODING)) return MAPI_E_NO_SUPPORT;
    if (!This->message) return MAPI_E_INVALID_PARAMETER;
    if (custom_tags && custom_props)
    {
        hr = ITnef_fnSetProps(iface, flags & TNEF_COMPONENT_ATTACHMENT ? TNEF_PROP_CONTAINED : 0, component_id,
                              custom_tags->cValues, custom_props);
        if (FAILED(hr)) return hr;
    }
    if (tags)
    {
        filter.mode = TNEF_PROP_INCLUDE;
        filter.tags = tags;
    }
    if (flags & TNEF_COMPONENT_MESSAGE)
    {
        /* The header and the message, without its attachments: they come one by one. */
        struct prop_filter saved = This->attach_filter;
        ULONG saved_count = This->contained_count;

        This->attach_filter.mode = 0;
        This->contained_count = 0;
        filter.tags = tags;
        if (filter.mode == TNEF_PROP_EXCLUDE)
        {
            SizedSPropTagArray(1, no_attachments) = { 1, { PR_MESSAGE_ATTACHMENTS } };
            filter.tags = (SPropTagArray *)&no_attachments;
            hr = encode_message(This, This->message, &filter, &out, 0);
        }
        else
            hr = encode_message(This, This->message, &filter, &out, 0);
        This->attach_filter = saved;
        This->contained_count = saved_count;
        This->header_written = TRUE;
    }
    else
    {
        if (!This->header_written) return MAPI_E_CALL_FAILED;
        hr = encode_attachment(This, This->message, component_id, TRUE, &out, 0);
    }
    if (SUCCEEDED(hr)) hr = write_out(This, &out);
    buffer_free(&out);
    return hr;
}

static const ITnefVtbl tnef_vtbl =
{
    ITnef_fnQueryInterface,
    ITnef_fnAddRef,
    ITnef_fnRelease,
    ITnef_fnAddProps,
    ITnef_fnExtractProps,
    ITnef_fnFinish,
    ITnef_fnOpenTaggedBody,
    ITnef_fnSetProps,
    ITnef_fnEncodeRecips,
    ITnef_fnFinishComponent
};

static BOOL is_valid_stream_name(const char *name)
{
    size_t length;

    if (!name || !*name) return FALSE;
    length = strlen(name);
    return length < MAX_PATH && !strpbrk(name, "[]:");
}

/***********************************************************************
 *  OpenTnefStreamEx@32 (MAPI32.151)
 *
 * Creates a TNEF object that encodes a message into a stream, or decodes a
 * stream into a message.
 *
 * PARAMS
 *  support      [I] A support object, or NULL: decoding makes one-off entry
 *                   identifiers for the sender and recipients with it.
 *  stream       [I] The stream to write (TNEF_ENCODE) or read (TNEF_DECODE).
 *  stream_name  [I] Name of the stream, a valid file name, needed to encode.
 *  flags        [I] TNEF_ENCODE or TNEF_DECODE, with TNEF_BEST_DATA (the default),
 *                   TNEF_PURE, TNEF_COMPATIBILITY, TNEF_COMPONENT_ENCODING.
 *  message      [I] The message to encode or to decode into.
 *  key          [I] The key of the stream's header.
 *  address_book [I] An address book, or NULL: the same, without a support object.
 *  tnef         [O] Receives the object.
 *
 * RETURNS
 *  S_OK, MAPI_E_INVALID_PARAMETER, MAPI_E_UNKNOWN_FLAGS, MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  TNEF_COMPATIBILITY is encoded as TNEF_BEST_DATA: both write the down-level
 *  attributes (attFrom, attMessageStatus, attMessageID, attSubject, the
 *  dates...), and the MAPI properties beside them. Encoding takes the
 *  sender from the message's own properties, never from the address book.
 */
HRESULT WINAPI OpenTnefStreamEx(LPVOID support, LPSTREAM stream, LPSTR stream_name, ULONG flags, LPMESSAGE message,
                                WORD key, LPADRBOOK address_book, LPITNEF *tnef)
{
    struct tnef *object;

    TRACE("(%p,%p,%s,%#lx,%p,%#x,%p,%p)\n", support, stream, debugstr_a(stream_name), flags, message, key,
          address_book, tnef);

    if (!tnef) return MAPI_E_INVALID_PARAMETER;
    *tnef = NULL;
    if (flags & ~TNEF_OPEN_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!stream || !message) return MAPI_E_INVALID_PARAMETER;
    if ((flags & TNEF_ENCODE) && !is_valid_stream_name(stream_name)) return MAPI_E_INVALID_PARAMETER;
    if ((flags & TNEF_COMPONENT_ENCODING) && !(flags & TNEF_ENCODE)) return MAPI_E_INVALID_PARAMETER;

    if (!(object = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*object)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (stream_name && (object->name = HeapAlloc(GetProcessHeap(), 0, strlen(stream_name) + 1)))
        strcpy(object->name, stream_name);
    object->ITnef_iface.lpVtbl = &tnef_vtbl;
    object->ref = 1;
    object->stream = stream;
    IStream_AddRef(stream);
    object->message = message;
    IMessage_AddRef(message);
    object->flags = flags;
    if (!(flags & TNEF_MODE_MASK)) object->flags |= TNEF_BEST_DATA;
    object->key = key;
    object->codepage = GetACP();
    if ((object->support = support)) IMAPISupport_AddRef(object->support);
    if ((object->address_book = address_book)) IAddrBook_AddRef(object->address_book);
    /* Without AddProps, the whole message goes. */
    object->message_filter.mode = TNEF_PROP_EXCLUDE;
    *tnef = &object->ITnef_iface;
    return S_OK;
}

/***********************************************************************
 *  OpenTnefStream@28 (MAPI32.149)
 *
 * OpenTnefStreamEx without an address book.
 */
HRESULT WINAPI OpenTnefStream(LPVOID support, LPSTREAM stream, LPSTR stream_name, ULONG flags, LPMESSAGE message,
                              WORD key, LPITNEF *tnef)
{
    TRACE("(%p,%p,%s,%#lx,%p,%#x,%p)\n", support, stream, debugstr_a(stream_name), flags, message, key, tnef);
    return OpenTnefStreamEx(support, stream, stream_name, flags, message, key, NULL, tnef);
}

/***********************************************************************
 *  GetTnefStreamCodepage@12 (MAPI32.153)
 *
 * Reads the code page of a TNEF stream's strings (attOemCodepage).
 *
 * PARAMS
 *  stream       [I] The stream, at its start.
 *  codepage     [O] The code page; 437 if the stream does not say.
 *  sub_codepage [O] The secondary code page; 0 if the stream does not say.
 *
 * RETURNS
 *  S_OK, MAPI_E_INVALID_PARAMETER, MAPI_E_CORRUPT_DATA for a stream that
 *  is not TNEF. The stream is left where it was.
 */
HRESULT WINAPI GetTnefStreamCodepage(LPSTREAM stream, ULONG *codepage, ULONG *sub_codepage)
{
    LARGE_INTEGER zero = { { 0 } };
    ULARGE_INTEGER start;
    BYTE header[9], data[8];
    ULONG got, id, length, i;
    HRESULT hr;

    TRACE("(%p,%p,%p)\n", stream, codepage, sub_codepage);

    if (!stream || !codepage || !sub_codepage) return MAPI_E_INVALID_PARAMETER;
    *codepage = 437;
    *sub_codepage = 0;
    if (FAILED(hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &start))) return hr;
    hr = IStream_Read(stream, header, 6, &got);
    if (FAILED(hr) || got != 6 || get_ulong(header) != TNEF_SIGNATURE)
    {
        hr = MAPI_E_CORRUPT_DATA;
        goto done;
    }
    /* attOemCodepage follows attTnefVersion: look at the first few attributes only. */
    for (i = 0; i < 8; i++)
    {
        LARGE_INTEGER skip;

        if (FAILED(IStream_Read(stream, header, 9, &got)) || got != 9) break;
        id = get_ulong(header + 1);
        length = get_ulong(header + 5);
        if (id == attOemCodepage && length >= 4)
        {
            if (FAILED(IStream_Read(stream, data, min(length, 8), &got)) || got < 4) break;
            *codepage = get_ulong(data);
            if (got >= 8) *sub_codepage = get_ulong(data + 4);
            break;
        }
        skip.QuadPart = (ULONGLONG)length + 2;
        if (FAILED(IStream_Seek(stream, skip, STREAM_SEEK_CUR, NULL))) break;
    }
    hr = S_OK;
done:
    IStream_Seek(stream, *(LARGE_INTEGER *)&start, STREAM_SEEK_SET, NULL);
    return hr;
}
