/*
 * Property values as bytes in the database.
 *
 * A blob is a 32-bit count, then for each value its tag, a 32-bit flags word
 * and its data, little-endian: fixed-size types as they are in memory,
 * strings as a count of characters and the characters without the
 * terminator (PT_STRING8 in its code page, PT_UNICODE in UTF-16), binaries
 * as a count of bytes and the bytes, multi-valued properties as a count and
 * the values. Decoding makes one MAPI buffer of values and data.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

static ULONG fixed_size(ULONG type)
{
    switch (type)
    {
    case PT_I2:
    case PT_BOOLEAN: return 2;
    case PT_LONG:
    case PT_R4:
    case PT_ERROR: return 4;
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_I8:
    case PT_SYSTIME: return 8;
    case PT_CLSID: return sizeof(GUID);
    }
    return 0;
}

/* TRUE for the types the store keeps. */
BOOL prop_is_storable(ULONG tag)
{
    ULONG type = PROP_TYPE(tag), base = type & ~MV_FLAG;

    if (PROP_ID(tag) == PROP_ID_NULL || (type & MV_INSTANCE)) return FALSE;
    switch (base)
    {
    case PT_STRING8:
    case PT_UNICODE:
    case PT_BINARY: return TRUE;
    case PT_ERROR: return FALSE;
    case PT_BOOLEAN: return !(type & MV_FLAG);
    }
    return fixed_size(base) != 0;
}

static const void *mv_element(const SPropValue *prop, ULONG type, ULONG i)
{
    switch (type)
    {
    case PT_I2: return &prop->Value.MVi.lpi[i];
    case PT_LONG: return &prop->Value.MVl.lpl[i];
    case PT_R4: return &prop->Value.MVflt.lpflt[i];
    case PT_DOUBLE: return &prop->Value.MVdbl.lpdbl[i];
    case PT_APPTIME: return &prop->Value.MVat.lpat[i];
    case PT_CURRENCY: return &prop->Value.MVcur.lpcur[i];
    case PT_I8: return &prop->Value.MVli.lpli[i];
    case PT_SYSTIME: return &prop->Value.MVft.lpft[i];
    case PT_CLSID: return &prop->Value.MVguid.lpguid[i];
    }
    return NULL;
}

/* Bytes of a value's data as the store keeps it (strings without their terminator). */
ULONG prop_value_size(const SPropValue *prop)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), i, size = 0;

    switch (type)
    {
    case PT_STRING8: return prop->Value.lpszA ? strlen(prop->Value.lpszA) : 0;
    case PT_UNICODE: return prop->Value.lpszW ? lstrlenW(prop->Value.lpszW) * sizeof(WCHAR) : 0;
    case PT_BINARY: return prop->Value.bin.cb;
    case PT_MV_STRING8:
        for (i = 0; i < prop->Value.MVszA.cValues; i++)
            size += 4 + (prop->Value.MVszA.lppszA[i] ? strlen(prop->Value.MVszA.lppszA[i]) : 0);
        return size;
    case PT_MV_UNICODE:
        for (i = 0; i < prop->Value.MVszW.cValues; i++)
            size += 4 + (prop->Value.MVszW.lppszW[i] ? lstrlenW(prop->Value.MVszW.lppszW[i]) * sizeof(WCHAR) : 0);
        return size;
    case PT_MV_BINARY:
        for (i = 0; i < prop->Value.MVbin.cValues; i++) size += 4 + prop->Value.MVbin.lpbin[i].cb;
        return size;
    }
    if (type & MV_FLAG) return prop->Value.MVi.cValues * fixed_size(type & ~MV_FLAG);
    return fixed_size(type);
}

static BOOL put_u32(struct sqlms_buffer *buf, ULONG value)
{
    return buffer_append(buf, &value, 4);
}

static BOOL put_string(struct sqlms_buffer *buf, ULONG type, const void *str, ULONG max_chars)
{
    ULONG len;

    if (type == PT_STRING8)
    {
        len = str ? strlen(str) : 0;
        len = min(len, max_chars);
        return put_u32(buf, len) && buffer_append(buf, str, len);
    }
    len = str ? lstrlenW(str) : 0;
    len = min(len, max_chars);
    return put_u32(buf, len) && buffer_append(buf, str, len * sizeof(WCHAR));
}

static BOOL encode_value(struct sqlms_buffer *buf, const SPropValue *prop, BOOL truncate)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), base = type & ~MV_FLAG, i, count;
    ULONG max_chars = truncate ? SQLMS_TABLE_VALUE_MAX : ~0u;

    if (!(type & MV_FLAG))
    {
        switch (type)
        {
        case PT_STRING8: return put_string(buf, type, prop->Value.lpszA, max_chars);
        case PT_UNICODE: return put_string(buf, type, prop->Value.lpszW, max_chars);
        case PT_BINARY:
            count = min(prop->Value.bin.cb, max_chars);
            return put_u32(buf, count) && buffer_append(buf, prop->Value.bin.lpb, count);
        case PT_I2: return buffer_append(buf, &prop->Value.i, 2);
        case PT_BOOLEAN: return buffer_append(buf, &prop->Value.b, 2);
        case PT_LONG: return buffer_append(buf, &prop->Value.l, 4);
        case PT_R4: return buffer_append(buf, &prop->Value.flt, 4);
        case PT_CLSID: return buffer_append(buf, prop->Value.lpguid, sizeof(GUID));
        default: return buffer_append(buf, &prop->Value.li, 8);
        }
    }
    count = prop->Value.MVi.cValues;
    if (!put_u32(buf, count)) return FALSE;
    for (i = 0; i < count; i++)
    {
        BOOL ok;
        switch (base)
        {
        case PT_STRING8: ok = put_string(buf, base, prop->Value.MVszA.lppszA[i], ~0u); break;
        case PT_UNICODE: ok = put_string(buf, base, prop->Value.MVszW.lppszW[i], ~0u); break;
        case PT_BINARY:
            ok = put_u32(buf, prop->Value.MVbin.lpbin[i].cb) &&
                 buffer_append(buf, prop->Value.MVbin.lpbin[i].lpb, prop->Value.MVbin.lpbin[i].cb);
            break;
        default: ok = buffer_append(buf, mv_element(prop, base, i), fixed_size(base)); break;
        }
        if (!ok) return FALSE;
    }
    return TRUE;
}

/**************************************************************************
 *  blob_encode
 *
 * Appends the values of one part of an object to buf. Values the store does
 * not keep (PT_ERROR, PT_OBJECT, PT_NULL) are left out.
 */
BOOL blob_encode(struct sqlms_buffer *buf, ULONG count, const SPropValue *props, enum blob_part part)
{
    SIZE_T count_pos = buf->size;
    ULONG i, written = 0;

    if (!put_u32(buf, 0)) return FALSE;
    for (i = 0; i < count; i++)
    {
        const SPropValue *prop = &props[i];
        ULONG type = PROP_TYPE(prop->ulPropTag), flags = 0;
        BOOL big;

        if (!prop_is_storable(prop->ulPropTag)) continue;
        big = prop_value_size(prop) > BLOB_BIG_VALUE;
        if (part == BLOB_BIG && !big) continue;
        if (part == BLOB_SUMMARY && big)
        {
            if (type != PT_STRING8 && type != PT_UNICODE && type != PT_BINARY) continue;
            flags = BLOB_TRUNCATED;
        }
        if (!put_u32(buf, prop->ulPropTag) || !put_u32(buf, flags)) return FALSE;
        if (!encode_value(buf, prop, flags & BLOB_TRUNCATED)) return FALSE;
        written++;
    }
    memcpy(buf->data + count_pos, &written, 4);
    return TRUE;
}

struct reader
{
    const BYTE *pos, *end;
};

static BOOL get_u32(struct reader *r, ULONG *value)
{
    if (r->end - r->pos < 4) return FALSE;
    memcpy(value, r->pos, 4);
    r->pos += 4;
    return TRUE;
}

static BOOL skip(struct reader *r, SIZE_T size)
{
    if ((SIZE_T)(r->end - r->pos) < size) return FALSE;
    r->pos += size;
    return TRUE;
}

#define ALIGN8(x) (((x) + 7) & ~(SIZE_T)7)

/* Size of the memory a value's data takes once decoded; moves r past the value. */
static BOOL measure_value(struct reader *r, ULONG type, SIZE_T *size)
{
    ULONG base = type & ~MV_FLAG, count, len, i;

    if (!(type & MV_FLAG))
    {
        switch (type)
        {
        case PT_STRING8:
            if (!get_u32(r, &len) || !skip(r, len)) return FALSE;
            *size += ALIGN8((SIZE_T)len + 1);
            return TRUE;
        case PT_UNICODE:
            if (!get_u32(r, &len) || len > ~0u / 2 || !skip(r, (SIZE_T)len * 2)) return FALSE;
            *size += ALIGN8(((SIZE_T)len + 1) * 2);
            return TRUE;
        case PT_BINARY:
            if (!get_u32(r, &len) || !skip(r, len)) return FALSE;
            *size += ALIGN8(len);
            return TRUE;
        case PT_CLSID:
            *size += ALIGN8(sizeof(GUID));
            return skip(r, sizeof(GUID));
        }
        return fixed_size(type) && skip(r, fixed_size(type));
    }
    if (!get_u32(r, &count)) return FALSE;
    if (base == PT_STRING8 || base == PT_UNICODE || base == PT_BINARY)
    {
        if (count > (SIZE_T)(r->end - r->pos) / 4) return FALSE;
        *size += ALIGN8((SIZE_T)count * (base == PT_BINARY ? sizeof(SBinary) : sizeof(void *)));
        for (i = 0; i < count; i++)
            if (!measure_value(r, base, size)) return FALSE;
        return TRUE;
    }
    if (!fixed_size(base) || count > (SIZE_T)(r->end - r->pos) / fixed_size(base)) return FALSE;
    *size += ALIGN8((SIZE_T)count * fixed_size(base));
    return skip(r, (SIZE_T)count * fixed_size(base));
}

static void *take(BYTE **data, SIZE_T size)
{
    void *p = *data;
    *data += ALIGN8(size);
    return p;
}

static void read_string(struct reader *r, ULONG type, BYTE **data, void **out)
{
    ULONG len = 0;

    get_u32(r, &len);
    if (type == PT_STRING8)
    {
        char *str = take(data, (SIZE_T)len + 1);
        memcpy(str, r->pos, len);
        str[len] = 0;
        r->pos += len;
        *out = str;
    }
    else
    {
        WCHAR *str = take(data, ((SIZE_T)len + 1) * 2);
        memcpy(str, r->pos, (SIZE_T)len * 2);
        str[len] = 0;
        r->pos += (SIZE_T)len * 2;
        *out = str;
    }
}

/* Fills a value that measure_value has checked. */
static void read_value(struct reader *r, SPropValue *prop, BYTE **data)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), base = type & ~MV_FLAG, count = 0, i;

    if (!(type & MV_FLAG))
    {
        switch (type)
        {
        case PT_STRING8:
        case PT_UNICODE:
            read_string(r, type, data, (void **)&prop->Value.lpszA);
            return;
        case PT_BINARY:
            get_u32(r, &prop->Value.bin.cb);
            prop->Value.bin.lpb = take(data, prop->Value.bin.cb);
            memcpy(prop->Value.bin.lpb, r->pos, prop->Value.bin.cb);
            r->pos += prop->Value.bin.cb;
            return;
        case PT_CLSID:
            prop->Value.lpguid = take(data, sizeof(GUID));
            memcpy(prop->Value.lpguid, r->pos, sizeof(GUID));
            r->pos += sizeof(GUID);
            return;
        }
        prop->Value.li.QuadPart = 0;
        memcpy(&prop->Value, r->pos, fixed_size(type));
        r->pos += fixed_size(type);
        return;
    }
    get_u32(r, &count);
    prop->Value.MVi.cValues = count;
    switch (base)
    {
    case PT_STRING8:
    case PT_UNICODE:
        prop->Value.MVszA.lppszA = take(data, (SIZE_T)count * sizeof(void *));
        for (i = 0; i < count; i++) read_string(r, base, data, (void **)&prop->Value.MVszA.lppszA[i]);
        return;
    case PT_BINARY:
        prop->Value.MVbin.lpbin = take(data, (SIZE_T)count * sizeof(SBinary));
        for (i = 0; i < count; i++)
        {
            SBinary *bin = &prop->Value.MVbin.lpbin[i];
            get_u32(r, &bin->cb);
            bin->lpb = take(data, bin->cb);
            memcpy(bin->lpb, r->pos, bin->cb);
            r->pos += bin->cb;
        }
        return;
    }
    prop->Value.MVi.lpi = take(data, (SIZE_T)count * fixed_size(base));
    memcpy(prop->Value.MVi.lpi, r->pos, (SIZE_T)count * fixed_size(base));
    r->pos += (SIZE_T)count * fixed_size(base);
}

/**************************************************************************
 *  blob_decode
 *
 * Turns a blob back into property values, in one block from MAPIAllocateBuffer
 * (or MAPIAllocateMore on parent). A damaged blob is MAPI_E_CORRUPT_DATA.
 */
HRESULT blob_decode(const BYTE *bytes, SIZE_T size, BOOL with_truncated, void *parent,
                    ULONG *count, SPropValue **props)
{
    struct reader r = { bytes, bytes + size };
    ULONG total, i, n, tag, flags;
    SIZE_T data_size;
    SPropValue *values;
    BYTE *data;
    SCODE sc;

    *count = 0;
    *props = NULL;
    if (!size)
        total = 0;
    else if (!get_u32(&r, &total) || total > size / 8)
        goto corrupt;

    data_size = ALIGN8((SIZE_T)max(total, 1) * sizeof(SPropValue));
    for (i = 0; i < total; i++)
    {
        if (!get_u32(&r, &tag) || !get_u32(&r, &flags) || !prop_is_storable(tag)) goto corrupt;
        if (!measure_value(&r, PROP_TYPE(tag), &data_size)) goto corrupt;
    }
    if (data_size > 0xffffffff) goto corrupt;

    sc = parent ? MAPIAllocateMore(data_size, parent, (void **)&values)
                : MAPIAllocateBuffer(data_size, (void **)&values);
    if (FAILED(sc)) return sc;
    data = (BYTE *)values + ALIGN8((SIZE_T)max(total, 1) * sizeof(SPropValue));

    r.pos = bytes + (size ? 4 : 0);
    for (i = n = 0; i < total; i++)
    {
        SPropValue *prop = &values[n];

        get_u32(&r, &tag);
        get_u32(&r, &flags);
        prop->ulPropTag = tag;
        prop->dwAlignPad = 0;
        read_value(&r, prop, &data);
        if (!(flags & BLOB_TRUNCATED) || with_truncated) n++;
    }
    *count = n;
    *props = values;
    return S_OK;

corrupt:
    WARN("damaged property blob of %Iu bytes\n", size);
    return MAPI_E_CORRUPT_DATA;
}
