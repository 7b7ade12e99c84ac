/*
 * Property values: sizing, copying, relocating, comparing and finding
 * SPropValue arrays, and the FBad* validators of mapival.h.
 *
 * A property set copied by ScCopyProps is one block: the SPropValue array,
 * then the data its pointers refer to, each item aligned for its type.
 * ScCountProps, ScCopyProps, ScRelocProps and PropCopyMore lay the data
 * out with the same code, so their sizes agree.
 *
 * The functions on the hot paths of tables (compare, contains, copy, count)
 * check for NULL pointers and overflow but do not probe memory; the FBad*
 * validators do, as their callers expect.
 */

#include "mapi32_private.h"
#include "winnls.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Restrictions deeper than this are refused rather than risk the stack. */
#define MAX_RESTRICTION_DEPTH 256
/* Restrictions sharing subtrees can be exponential: bound the work too. */
#define MAX_RESTRICTION_NODES (1u << 22)

#ifndef MAXULONG
#define MAXULONG 0xffffffff
#endif

#define FL_MATCH_MASK 0xffff
#define FL_CASE_FLAGS (FL_IGNORECASE | FL_IGNORENONSPACE | FL_LOOSE)

/* Size of one value of a fixed-size type (also an element of its PT_MV_ form), 0 otherwise. */
static inline ULONG fixed_value_size(ULONG type)
{
    switch (type)
    {
    case PT_I2:
    case PT_BOOLEAN:  return sizeof(USHORT);
    case PT_LONG:
    case PT_ERROR:
    case PT_R4:       return sizeof(LONG);
    case PT_DOUBLE:
    case PT_APPTIME:
    case PT_CURRENCY:
    case PT_SYSTIME:
    case PT_I8:       return sizeof(LONGLONG);
    case PT_CLSID:    return sizeof(GUID);
    }
    return 0;
}

/* The same for a single or multi-valued type, for the other files of mapi32. */
ULONG mapi_prop_fixed_size(ULONG type)
{
    return fixed_value_size(type & ~MV_FLAG);
}

/* Alignment a value of a fixed-size type needs in a copied block. */
static inline ULONG fixed_value_align(ULONG type)
{
    switch (type)
    {
    case PT_I2:    return sizeof(SHORT);
    case PT_CLSID:
    case PT_LONG:
    case PT_R4:    return sizeof(LONG);
    }
    return 8;
}

/* Element size of the multi-valued fixed-size types, 0 for any other type. */
static inline ULONG mv_fixed_size(ULONG type)
{
    switch (type)
    {
    case PT_MV_I2:
    case PT_MV_LONG:
    case PT_MV_R4:
    case PT_MV_DOUBLE:
    case PT_MV_CURRENCY:
    case PT_MV_APPTIME:
    case PT_MV_SYSTIME:
    case PT_MV_CLSID:
    case PT_MV_I8:
        return fixed_value_size(type & ~MV_FLAG);
    }
    return 0;
}

/* Whether values of a type can be sized and copied: the single-valued types
 * and the multi-valued forms MAPI defines (none for PT_ERROR, PT_BOOLEAN,
 * PT_OBJECT, PT_NULL). */
static BOOL is_known_type(ULONG type)
{
    if (type & MV_FLAG)
        return mv_fixed_size(type) || type == PT_MV_STRING8 || type == PT_MV_UNICODE || type == PT_MV_BINARY;
    return !FBadPropTag(type);
}

/* Claims size bytes aligned to align at *offset; FALSE if the block would pass 4GB. */
static inline BOOL reserve(ULONG *offset, ULONG align, ULONG size)
{
    ULONG start = (*offset + align - 1) & ~(align - 1);

    if (start < *offset || size > MAXULONG - start) return FALSE;
    *offset = start + size;
    return TRUE;
}

static inline BOOL reserve_array(ULONG *offset, ULONG align, ULONG count, ULONG elem_size)
{
    if (count > MAXULONG / elem_size) return FALSE;
    return reserve(offset, align, count * elem_size);
}

/* Reserves an item and returns where its data goes in the block at base (any
 * non-NULL pointer when only counting, without a block); NULL past 4GB. */
static inline BYTE *place(BYTE *base, ULONG *offset, ULONG align, ULONG size)
{
    ULONG start = (*offset + align - 1) & ~(align - 1);

    if (!reserve(offset, align, size)) return NULL;
    return base ? base + start : (BYTE *)1; /* non-NULL marks success when counting */
}

static inline BOOL string_size_a(const char *str, ULONG *size)
{
    SIZE_T len = strlen(str);

    if (len >= MAXULONG) return FALSE;
    *size = len + 1;
    return TRUE;
}

static inline BOOL string_size_w(const WCHAR *str, ULONG *size)
{
    SIZE_T len = wcslen(str);

    if (len >= MAXULONG / sizeof(WCHAR)) return FALSE;
    *size = (len + 1) * sizeof(WCHAR);
    return TRUE;
}

/* Reserves (and copies, when dst is not NULL) the data of one value at
 * *offset in the block at base. dst already holds a shallow copy of src, and
 * may be src itself. Returns FALSE for NULL data pointers, unknown types and
 * overflow. */
static BOOL layout_value(SPropValue *dst, const SPropValue *src, BYTE *base, ULONG *offset)
{
    ULONG type = PROP_TYPE(src->ulPropTag), size, i, count;
    BYTE *data;

    switch (type)
    {
    case PT_UNSPECIFIED:
    case PT_NULL:
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_ERROR:
    case PT_BOOLEAN:
    case PT_OBJECT:
    case PT_I8:
    case PT_SYSTIME:
        return TRUE; /* held in the SPropValue itself */

    case PT_STRING8:
    {
        const char *str = src->Value.lpszA;

        if (!str || !string_size_a(str, &size)) return FALSE;
        if (!(data = place(base, offset, 1, size))) return FALSE;
        if (dst) dst->Value.lpszA = memcpy(data, str, size);
        return TRUE;
    }
    case PT_UNICODE:
    {
        const WCHAR *str = src->Value.lpszW;

        if (!str || !string_size_w(str, &size)) return FALSE;
        if (!(data = place(base, offset, sizeof(WCHAR), size))) return FALSE;
        if (dst) dst->Value.lpszW = memcpy(data, str, size);
        return TRUE;
    }
    case PT_BINARY:
    {
        const BYTE *bytes = src->Value.bin.lpb;

        if (!(size = src->Value.bin.cb))
        {
            if (dst) dst->Value.bin.lpb = NULL;
            return TRUE;
        }
        if (!bytes || !(data = place(base, offset, 1, size))) return FALSE;
        if (dst) dst->Value.bin.lpb = memcpy(data, bytes, size);
        return TRUE;
    }
    case PT_CLSID:
    {
        const GUID *guid = src->Value.lpguid;

        if (!guid || !(data = place(base, offset, sizeof(LONG), sizeof(GUID)))) return FALSE;
        if (dst) dst->Value.lpguid = memcpy(data, guid, sizeof(GUID));
        return TRUE;
    }
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    {
        BOOL wide = type == PT_MV_UNICODE;
        char * const *src_strs = src->Value.MVszA.lppszA;
        char **dst_strs;

        if (!(count = src->Value.MVszA.cValues))
        {
            if (dst) dst->Value.MVszA.lppszA = NULL;
            return TRUE;
        }
        if (!src_strs || count > MAXULONG / sizeof(char *)) return FALSE;
        if (!(data = place(base, offset, sizeof(char *), count * sizeof(char *)))) return FALSE;
        dst_strs = (char **)data;
        for (i = 0; i < count; i++)
        {
            const char *str = src_strs[i];

            if (!str || (wide ? !string_size_w((const WCHAR *)str, &size) : !string_size_a(str, &size)))
                return FALSE;
            if (!(data = place(base, offset, wide ? sizeof(WCHAR) : 1, size))) return FALSE;
            if (dst) dst_strs[i] = memcpy(data, str, size);
        }
        if (dst) dst->Value.MVszA.lppszA = dst_strs;
        return TRUE;
    }
    case PT_MV_BINARY:
    {
        const SBinary *src_bins = src->Value.MVbin.lpbin;
        SBinary *dst_bins;

        if (!(count = src->Value.MVbin.cValues))
        {
            if (dst) dst->Value.MVbin.lpbin = NULL;
            return TRUE;
        }
        if (!src_bins || count > MAXULONG / sizeof(SBinary)) return FALSE;
        if (!(data = place(base, offset, sizeof(void *), count * sizeof(SBinary)))) return FALSE;
        dst_bins = (SBinary *)data;
        for (i = 0; i < count; i++)
        {
            const BYTE *bytes = src_bins[i].lpb;

            if (!(size = src_bins[i].cb))
            {
                if (dst) dst_bins[i].cb = 0, dst_bins[i].lpb = NULL;
                continue;
            }
            if (!bytes || !(data = place(base, offset, 1, size))) return FALSE;
            if (dst)
            {
                dst_bins[i].cb = size;
                dst_bins[i].lpb = memcpy(data, bytes, size);
            }
        }
        if (dst) dst->Value.MVbin.lpbin = dst_bins;
        return TRUE;
    }
    }

    if ((size = mv_fixed_size(type)))
    {
        const void *array = src->Value.MVi.lpi;

        if (!(count = src->Value.MVi.cValues))
        {
            if (dst) dst->Value.MVi.lpi = NULL;
            return TRUE;
        }
        if (!array || count > MAXULONG / size) return FALSE;
        if (!(data = place(base, offset, fixed_value_align(type & ~MV_FLAG), count * size))) return FALSE;
        if (dst) dst->Value.MVi.lpi = memcpy(data, array, count * size);
        return TRUE;
    }
    return FALSE;
}

BOOL mapi_prop_data_size(const SPropValue *prop, ULONG *offset)
{
    return layout_value(NULL, prop, NULL, offset);
}

BOOL mapi_prop_copy_data(SPropValue *dst, const SPropValue *src, BYTE *base, ULONG *offset)
{
    *dst = *src;
    return layout_value(dst, src, base, offset);
}

/**************************************************************************
 *  PropCopyMore@16 (MAPI32.76)
 *
 * Copies one property value, allocating its data linked to an object.
 *
 * PARAMS
 *  dst    [O] Receives the copy.
 *  src    [I] The value to copy.
 *  more   [I] Allocator of linked memory (MAPIAllocateMore).
 *  object [I] The buffer the data is linked to.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers, also in src's value,
 *           MAPI_E_NO_SUPPORT for an unknown property type,
 *           or the allocator's error.
 *
 * NOTES
 *  All the data of a value, a multi-valued one included, is one allocation.
 *  dst may be src. On failure dst is left as it was.
 */
SCODE WINAPI PropCopyMore(LPSPropValue dst, LPSPropValue src, ALLOCATEMORE *more, LPVOID object)
{
    SPropValue copy;
    ULONG size = 0;
    void *data = NULL;
    SCODE sc;

    TRACE("(%p,%p,%p,%p)\n", dst, src, more, object);

    if (!dst || !src || !more) return MAPI_E_INVALID_PARAMETER;

    if (!is_known_type(PROP_TYPE(src->ulPropTag)))
    {
        WARN("unknown property type %#lx\n", PROP_TYPE(src->ulPropTag));
        return MAPI_E_NO_SUPPORT;
    }
    if (!layout_value(NULL, src, NULL, &size))
    {
        WARN("bad value for tag %#lx\n", src->ulPropTag);
        return MAPI_E_INVALID_PARAMETER;
    }

    if (size)
    {
        if (FAILED(sc = more(size, object, &data))) return sc;
        if (!data) return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    copy = *src;
    size = 0;
    layout_value(&copy, src, data, &size); /* also clears the pointers of empty values */
    *dst = copy;
    return S_OK;
}

/* Length of a string array's values (with terminators), 0 on a NULL string or overflow. */
static ULONG strings_size(ULONG count, char **strs, BOOL wide)
{
    ULONG total = 0, size, i;

    if (!strs) return 0;
    for (i = 0; i < count; i++)
    {
        if (!strs[i]) return 0;
        if (wide ? !string_size_w((WCHAR *)strs[i], &size) : !string_size_a(strs[i], &size)) return 0;
        if (size > MAXULONG - total) return 0;
        total += size;
    }
    return total;
}

/**************************************************************************
 *  UlPropSize@4 (MAPI32.77)
 *
 * Returns the size in bytes of a property's value.
 *
 * PARAMS
 *  prop [I] The property.
 *
 * RETURNS
 *  The size of the value; 0 for PT_OBJECT, PT_NULL, unknown types and
 *  bad values (NULL pointers, sizes past 4GB).
 *
 * NOTES
 *  Neither the SPropValue nor the pointer arrays of multi-valued strings and
 *  binaries are counted. Strings count their terminators. The array of a
 *  multi-valued fixed-size type is not read.
 */
ULONG WINAPI UlPropSize(LPSPropValue prop)
{
    ULONG type, size;

    TRACE("(%p)\n", prop);

    if (!prop) return 0;

    type = PROP_TYPE(prop->ulPropTag);
    switch (type)
    {
    case PT_STRING8:
        if (!prop->Value.lpszA || !string_size_a(prop->Value.lpszA, &size)) return 0;
        return size;
    case PT_UNICODE:
        if (!prop->Value.lpszW || !string_size_w(prop->Value.lpszW, &size)) return 0;
        return size;
    case PT_BINARY:
        return prop->Value.bin.cb;
    case PT_MV_STRING8:
        return strings_size(prop->Value.MVszA.cValues, prop->Value.MVszA.lppszA, FALSE);
    case PT_MV_UNICODE:
        return strings_size(prop->Value.MVszW.cValues, (char **)prop->Value.MVszW.lppszW, TRUE);
    case PT_MV_BINARY:
    {
        ULONG total = 0, i;

        if (!prop->Value.MVbin.lpbin) return 0;
        for (i = 0; i < prop->Value.MVbin.cValues; i++)
        {
            if (prop->Value.MVbin.lpbin[i].cb > MAXULONG - total) return 0;
            total += prop->Value.MVbin.lpbin[i].cb;
        }
        return total;
    }
    }
    if ((size = mv_fixed_size(type)))
        return prop->Value.MVi.cValues > MAXULONG / size ? 0 : prop->Value.MVi.cValues * size;
    return fixed_value_size(type);
}

/* Normalises a memcmp-style result. */
static inline LONG sign(int value)
{
    return (value > 0) - (value < 0);
}

#define COMPARE(a, b) (((a) > (b)) - ((a) < (b)))

static LONG compare_binary(const SBinary *a, const SBinary *b)
{
    ULONG len = min(a->cb, b->cb);
    int ret;

    if (len)
    {
        if (!a->lpb || !b->lpb) return COMPARE(a->lpb != NULL, b->lpb != NULL);
        if ((ret = memcmp(a->lpb, b->lpb, len))) return sign(ret);
    }
    return COMPARE(a->cb, b->cb);
}

static LONG compare_string_a(const char *a, const char *b)
{
    if (!a || !b) return COMPARE(a != NULL, b != NULL);
    if (!strcmp(a, b)) return 0;
    return sign(lstrcmpA(a, b));
}

static LONG compare_string_w(const WCHAR *a, const WCHAR *b)
{
    if (!a || !b) return COMPARE(a != NULL, b != NULL);
    if (!wcscmp(a, b)) return 0;
    return sign(lstrcmpW(a, b));
}

static inline LONG compare_double(double a, double b)
{
    if (a > b) return 1;
    if (a == b) return 0;
    return -1; /* NaN sorts low, as Wine's builtin has it */
}

/* Compares two values of a single-valued type; a and b point at the value as
 * stored in an SPropValue or an MV array (the string or GUID itself for
 * strings and PT_CLSID). */
static LONG compare_scalar(ULONG type, const void *a, const void *b)
{
    switch (type)
    {
    case PT_I2:       return COMPARE(*(const SHORT *)a, *(const SHORT *)b);
    case PT_LONG:
    case PT_ERROR:    return COMPARE(*(const LONG *)a, *(const LONG *)b);
    case PT_BOOLEAN:  return COMPARE(*(const USHORT *)a != 0, *(const USHORT *)b != 0);
    case PT_R4:       return compare_double(*(const float *)a, *(const float *)b);
    case PT_DOUBLE:
    case PT_APPTIME:  return compare_double(*(const double *)a, *(const double *)b);
    case PT_CURRENCY:
    case PT_I8:       return COMPARE(*(const LONGLONG *)a, *(const LONGLONG *)b);
    case PT_SYSTIME:
    {
        const FILETIME *fa = a, *fb = b;
        ULONGLONG ta = ((ULONGLONG)fa->dwHighDateTime << 32) | fa->dwLowDateTime;
        ULONGLONG tb = ((ULONGLONG)fb->dwHighDateTime << 32) | fb->dwLowDateTime;
        return COMPARE(ta, tb);
    }
    case PT_CLSID:
        if (!a || !b) return COMPARE(a != NULL, b != NULL);
        return sign(memcmp(a, b, sizeof(GUID)));
    case PT_STRING8:  return compare_string_a(a, b);
    case PT_UNICODE:  return compare_string_w(a, b);
    case PT_BINARY:   return compare_binary(a, b);
    }
    return 0; /* PT_NULL, PT_UNSPECIFIED, PT_OBJECT: no value to order */
}

static LONG compare_multi(ULONG type, const SPropValue *a, const SPropValue *b)
{
    ULONG count_a = a->Value.MVi.cValues, count_b = b->Value.MVi.cValues, count = min(count_a, count_b), i;
    const BYTE *array_a = (const BYTE *)a->Value.MVi.lpi, *array_b = (const BYTE *)b->Value.MVi.lpi;
    ULONG size;
    LONG ret;

    if (count && (!array_a || !array_b)) return COMPARE(array_a != NULL, array_b != NULL);

    switch (type)
    {
    case PT_STRING8:
    case PT_UNICODE:
        for (i = 0; i < count; i++)
            if ((ret = compare_scalar(type, a->Value.MVszA.lppszA[i], b->Value.MVszA.lppszA[i]))) return ret;
        break;
    case PT_BINARY:
        for (i = 0; i < count; i++)
            if ((ret = compare_binary(&a->Value.MVbin.lpbin[i], &b->Value.MVbin.lpbin[i]))) return ret;
        break;
    default:
        if (!(size = fixed_value_size(type))) return 0;
        for (i = 0; i < count; i++)
            if ((ret = compare_scalar(type, array_a + i * size, array_b + i * size))) return ret;
        break;
    }
    return COMPARE(count_a, count_b);
}

LONG mapi_prop_compare(const SPropValue *a, const SPropValue *b)
{
    ULONG type;

    if (!a || !b) return COMPARE(a != NULL, b != NULL);

    type = PROP_TYPE(a->ulPropTag);
    if (type != PROP_TYPE(b->ulPropTag)) return COMPARE(type, PROP_TYPE(b->ulPropTag));

    switch (type)
    {
    case PT_I2:       return COMPARE(a->Value.i, b->Value.i);
    case PT_LONG:     return COMPARE(a->Value.l, b->Value.l);
    case PT_ERROR:    return COMPARE(a->Value.err, b->Value.err);
    case PT_BOOLEAN:  return COMPARE(a->Value.b != 0, b->Value.b != 0);
    case PT_I8:       return COMPARE(a->Value.li.QuadPart, b->Value.li.QuadPart);
    case PT_CURRENCY: return COMPARE(a->Value.cur.int64, b->Value.cur.int64);
    case PT_R4:       return compare_double(a->Value.flt, b->Value.flt);
    case PT_DOUBLE:
    case PT_APPTIME:  return compare_double(a->Value.dbl, b->Value.dbl);
    case PT_SYSTIME:  return compare_scalar(type, &a->Value.ft, &b->Value.ft);
    case PT_CLSID:    return compare_scalar(type, a->Value.lpguid, b->Value.lpguid);
    case PT_STRING8:  return compare_string_a(a->Value.lpszA, b->Value.lpszA);
    case PT_UNICODE:  return compare_string_w(a->Value.lpszW, b->Value.lpszW);
    case PT_BINARY:   return compare_binary(&a->Value.bin, &b->Value.bin);
    case PT_UNSPECIFIED:
    case PT_NULL:
    case PT_OBJECT:   return 0;
    }
    if ((type & MV_FLAG) && !(type & MV_INSTANCE)) return compare_multi(type & ~MV_FLAG, a, b);

    WARN("unknown property type %#lx\n", type);
    return 0;
}

/**************************************************************************
 *  LPropCompareProp@8 (MAPI32.80)
 *
 * Compares two property values.
 *
 * PARAMS
 *  a [I] First value.
 *  b [I] Second value.
 *
 * RETURNS
 *  -1, 0 or 1 as a is less than, equal to or greater than b.
 *
 * NOTES
 *  Values of different types are ordered by their types. Strings compare as
 *  lstrcmpA/lstrcmpW do, binaries and GUIDs bytewise then by length, FALSE
 *  before TRUE. Multi-valued properties compare value by value, then by count.
 *  A NULL property or data pointer sorts before any other.
 */
LONG WINAPI LPropCompareProp(LPSPropValue a, LPSPropValue b)
{
    TRACE("(%p,%p)\n", a, b);

    return mapi_prop_compare(a, b);
}

/* Finds needle_len bytes in haystack_len bytes. */
static BOOL find_bytes(const BYTE *haystack, ULONG haystack_len, const BYTE *needle, ULONG needle_len)
{
    const BYTE *pos, *last;

    if (!needle_len) return TRUE;
    if (needle_len > haystack_len) return FALSE;

    last = haystack + (haystack_len - needle_len);
    for (pos = haystack; pos <= last; pos++)
    {
        if (!(pos = memchr(pos, needle[0], last - pos + 1))) return FALSE;
        if (!memcmp(pos, needle, needle_len)) return TRUE;
    }
    return FALSE;
}

static BOOL binary_contains(const SBinary *haystack, const SBinary *needle, ULONG match)
{
    if ((haystack->cb && !haystack->lpb) || (needle->cb && !needle->lpb)) return FALSE;

    switch (match)
    {
    case FL_FULLSTRING:
        return haystack->cb == needle->cb && (!needle->cb || !memcmp(haystack->lpb, needle->lpb, needle->cb));
    case FL_PREFIX:
        return needle->cb <= haystack->cb && (!needle->cb || !memcmp(haystack->lpb, needle->lpb, needle->cb));
    default:
        return find_bytes(haystack->lpb, haystack->cb, needle->lpb, needle->cb);
    }
}

/* CompareString flags for FPropContainsProp's fuzzy level. */
static DWORD fuzzy_norm_flags(ULONG fuzzy)
{
    DWORD flags = 0;

    if (fuzzy & FL_IGNORECASE) flags |= NORM_IGNORECASE;
    if (fuzzy & FL_IGNORENONSPACE) flags |= NORM_IGNORENONSPACE;
    if (fuzzy & FL_LOOSE)
        flags |= NORM_IGNORECASE | NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS |
                 NORM_IGNOREKANATYPE | NORM_IGNOREWIDTH;
    return flags;
}

static inline BOOL is_plain_ascii(WCHAR ch)
{
    return ch >= 0x20 && ch < 0x7f;
}

static inline WCHAR ascii_lower(WCHAR ch)
{
    return (ch >= 'A' && ch <= 'Z') ? ch + ('a' - 'A') : ch;
}

/* The text a fuzzy search works on: ANSI or UTF-16. */
struct text
{
    const void *str;
    ULONG len;
    BOOL wide;
};

static inline WCHAR text_char(const struct text *text, ULONG i)
{
    return text->wide ? ((const WCHAR *)text->str)[i] : ((const BYTE *)text->str)[i];
}

static BOOL text_is_plain_ascii(const struct text *text)
{
    ULONG i;

    for (i = 0; i < text->len; i++)
        if (!is_plain_ascii(text_char(text, i))) return FALSE;
    return TRUE;
}

/* Case-insensitive match of printable ASCII: linguistic comparison with
 * NORM_IGNORECASE gives the same answer there, far cheaper. */
static BOOL ascii_nocase_match(const struct text *haystack, const struct text *needle, ULONG match)
{
    ULONG start, last, i;

    if (needle->len > haystack->len) return FALSE;
    if (match == FL_FULLSTRING && needle->len != haystack->len) return FALSE;
    last = match == FL_SUBSTRING ? haystack->len - needle->len : 0;

    for (start = 0; start <= last; start++)
    {
        for (i = 0; i < needle->len; i++)
            if (ascii_lower(text_char(haystack, start + i)) != ascii_lower(text_char(needle, i))) break;
        if (i == needle->len) return TRUE;
    }
    return FALSE;
}

/* Converts an ANSI text to UTF-16 in buffer, or in a heap block if it does not fit. */
static WCHAR *text_to_wide(const struct text *text, WCHAR *buffer, ULONG buffer_len, int *len)
{
    WCHAR *wide = buffer;
    int needed;

    if (!text->len)
    {
        *len = 0;
        return buffer;
    }
    needed = MultiByteToWideChar(CP_ACP, 0, text->str, text->len, NULL, 0);
    if (needed <= 0) return NULL;
    if ((ULONG)needed > buffer_len && !(wide = HeapAlloc(GetProcessHeap(), 0, needed * sizeof(WCHAR))))
        return NULL;
    *len = MultiByteToWideChar(CP_ACP, 0, text->str, text->len, wide, needed);
    return wide;
}

static BOOL linguistic_match(const WCHAR *haystack, int haystack_len, const WCHAR *needle, int needle_len,
                             DWORD flags, ULONG match)
{
    if (match == FL_FULLSTRING)
        return CompareStringEx(LOCALE_NAME_USER_DEFAULT, flags, haystack, haystack_len, needle, needle_len,
                               NULL, NULL, 0) == CSTR_EQUAL;
    if (!needle_len) return TRUE;
    if (!haystack_len) return FALSE;
    return FindNLSStringEx(LOCALE_NAME_USER_DEFAULT, flags | (match == FL_PREFIX ? FIND_STARTSWITH : FIND_FROMSTART),
                           haystack, haystack_len, needle, needle_len, NULL, NULL, NULL, 0) >= 0;
}

static BOOL string_contains(const struct text *haystack, const struct text *needle, ULONG fuzzy)
{
    ULONG match = fuzzy & FL_MATCH_MASK;
    WCHAR hay_buffer[256], needle_buffer[64];
    const WCHAR *hay_w, *needle_w;
    int hay_len, needle_len;
    BOOL ret;

    if (!(fuzzy & FL_CASE_FLAGS))
    {
        /* exact: bytes or code units */
        ULONG char_size = haystack->wide ? sizeof(WCHAR) : 1, i, last;

        if (needle->len > haystack->len) return FALSE;
        if (match == FL_FULLSTRING)
            return needle->len == haystack->len && !memcmp(haystack->str, needle->str, needle->len * char_size);
        if (match == FL_PREFIX) return !memcmp(haystack->str, needle->str, needle->len * char_size);
        if (!haystack->wide) return find_bytes(haystack->str, haystack->len, needle->str, needle->len);
        if (!needle->len) return TRUE;
        last = haystack->len - needle->len;
        for (i = 0; i <= last; i++)
        {
            const WCHAR *pos = (const WCHAR *)haystack->str + i;

            if (*pos == *(const WCHAR *)needle->str && !memcmp(pos, needle->str, needle->len * sizeof(WCHAR)))
                return TRUE;
        }
        return FALSE;
    }

    if ((fuzzy & FL_CASE_FLAGS) == FL_IGNORECASE && text_is_plain_ascii(needle) && text_is_plain_ascii(haystack))
        return ascii_nocase_match(haystack, needle, match);

    if (haystack->wide)
        return linguistic_match(haystack->str, haystack->len, needle->str, needle->len,
                                fuzzy_norm_flags(fuzzy), match);

    if (!(hay_w = text_to_wide(haystack, hay_buffer, ARRAY_SIZE(hay_buffer), &hay_len))) return FALSE;
    if ((needle_w = text_to_wide(needle, needle_buffer, ARRAY_SIZE(needle_buffer), &needle_len)))
        ret = linguistic_match(hay_w, hay_len, needle_w, needle_len, fuzzy_norm_flags(fuzzy), match);
    else
        ret = FALSE;
    if (hay_w != hay_buffer) HeapFree(GetProcessHeap(), 0, (WCHAR *)hay_w);
    if (needle_w && needle_w != needle_buffer) HeapFree(GetProcessHeap(), 0, (WCHAR *)needle_w);
    return ret;
}

static BOOL make_text(struct text *text, const SPropValue *prop)
{
    SIZE_T len;

    if (PROP_TYPE(prop->ulPropTag) == PT_UNICODE)
    {
        if (!prop->Value.lpszW) return FALSE;
        len = wcslen(prop->Value.lpszW);
        text->str = prop->Value.lpszW;
        text->wide = TRUE;
    }
    else
    {
        if (!prop->Value.lpszA) return FALSE;
        len = strlen(prop->Value.lpszA);
        text->str = prop->Value.lpszA;
        text->wide = FALSE;
    }
    if (len > MAXLONG) return FALSE; /* the NLS functions take int lengths */
    text->len = len;
    return TRUE;
}

BOOL mapi_prop_contains(const SPropValue *haystack, const SPropValue *needle, ULONG fuzzy)
{
    struct text hay_text, needle_text;
    ULONG type;

    if (!haystack || !needle) return FALSE;
    if ((fuzzy & FL_MATCH_MASK) > FL_PREFIX)
    {
        WARN("invalid fuzzy level %#lx\n", fuzzy);
        return FALSE;
    }

    type = PROP_TYPE(haystack->ulPropTag);
    if (type != PROP_TYPE(needle->ulPropTag)) return FALSE;

    switch (type)
    {
    case PT_BINARY:
        return binary_contains(&haystack->Value.bin, &needle->Value.bin, fuzzy & FL_MATCH_MASK);
    case PT_STRING8:
    case PT_UNICODE:
        if (!make_text(&hay_text, haystack) || !make_text(&needle_text, needle)) return FALSE;
        return string_contains(&hay_text, &needle_text, fuzzy);
    }
    return FALSE;
}

/**************************************************************************
 *  FPropContainsProp@12 (MAPI32.78)
 *
 * Tells whether a string or binary value contains another.
 *
 * PARAMS
 *  haystack [I] The value searched.
 *  needle   [I] The value searched for.
 *  fuzzy    [I] FL_FULLSTRING, FL_SUBSTRING or FL_PREFIX in the low word;
 *               FL_IGNORECASE, FL_IGNORENONSPACE, FL_LOOSE in the high word.
 *
 * RETURNS
 *  TRUE if needle is found as fuzzy asks, FALSE otherwise, also when the
 *  values are not both PT_STRING8, PT_UNICODE or PT_BINARY of one type, or
 *  when the low word of fuzzy is none of the three.
 *
 * NOTES
 *  The high-word flags apply to strings only and compare linguistically in
 *  the user's locale; FL_LOOSE ignores case, diacritics, symbols, kana type
 *  and width. Without them strings compare exactly.
 */
BOOL WINAPI FPropContainsProp(LPSPropValue haystack, LPSPropValue needle, ULONG fuzzy)
{
    TRACE("(%p,%p,%#lx)\n", haystack, needle, fuzzy);

    return mapi_prop_contains(haystack, needle, fuzzy);
}

/* RELOP_RE: a small regular expression language over the characters of a
 * string value. Supported: literal characters, '.', '[...]' and '[^...]'
 * classes with ranges, '\' escapes, the '*', '+' and '?' quantifiers, and
 * '^' and '$' anchors at the ends of the pattern. A match may start and end
 * anywhere unless anchored. Matching simulates the automaton, so time is
 * linear in the text for any pattern (of at most a million characters). */
enum re_kind { RE_CHAR, RE_ANY, RE_CLASS };
enum re_quantifier { RE_ONE, RE_STAR, RE_PLUS, RE_QUESTION };

struct re_token
{
    BYTE kind;
    BYTE quantifier;
    BYTE negate;
    WCHAR ch;
    ULONG class_start, class_end; /* class items in the pattern */
};

#define RE_WORD_BITS (sizeof(ULONG_PTR) * 8)
#define RE_SMALL 32            /* patterns compiled on the stack */
#define RE_MAX_PATTERN 0x100000 /* keeps the automaton's memory sane */

static BOOL re_compile(const struct text *pattern, struct re_token *tokens, ULONG *count,
                       BOOL *anchor_start, BOOL *anchor_end)
{
    ULONG i = 0, n = 0, len = pattern->len;
    WCHAR ch;

    *anchor_start = *anchor_end = FALSE;
    if (len && text_char(pattern, 0) == '^')
    {
        *anchor_start = TRUE;
        i++;
    }

    while (i < len)
    {
        struct re_token *token = &tokens[n];

        ch = text_char(pattern, i);
        if (ch == '$' && i == len - 1)
        {
            *anchor_end = TRUE;
            break;
        }
        memset(token, 0, sizeof(*token));
        switch (ch)
        {
        case '.':
            token->kind = RE_ANY;
            i++;
            break;
        case '[':
            token->kind = RE_CLASS;
            if (++i < len && text_char(pattern, i) == '^')
            {
                token->negate = TRUE;
                i++;
            }
            token->class_start = i;
            if (i < len && text_char(pattern, i) == ']') i++; /* a leading ']' is literal */
            while (i < len && text_char(pattern, i) != ']')
            {
                if (text_char(pattern, i) == '\\') i++;
                i++;
            }
            if (i >= len) return FALSE;
            token->class_end = i++;
            break;
        case '\\':
            if (++i >= len) return FALSE;
            token->kind = RE_CHAR;
            token->ch = text_char(pattern, i++);
            break;
        case '*':
        case '+':
        case '?':
            return FALSE; /* nothing to repeat */
        default:
            token->kind = RE_CHAR;
            token->ch = ch;
            i++;
            break;
        }
        if (i < len)
        {
            switch (text_char(pattern, i))
            {
            case '*': token->quantifier = RE_STAR; i++; break;
            case '+': token->quantifier = RE_PLUS; i++; break;
            case '?': token->quantifier = RE_QUESTION; i++; break;
            }
        }
        n++;
    }
    *count = n;
    return TRUE;
}

static WCHAR re_class_char(const struct text *pattern, ULONG *i, ULONG end)
{
    if (text_char(pattern, *i) == '\\' && *i + 1 < end) (*i)++;
    return text_char(pattern, (*i)++);
}

static BOOL re_token_matches(const struct text *pattern, const struct re_token *token, WCHAR ch)
{
    ULONG i, end;
    BOOL found = FALSE;

    switch (token->kind)
    {
    case RE_ANY:  return TRUE;
    case RE_CHAR: return ch == token->ch;
    }

    i = token->class_start;
    end = token->class_end;
    while (i < end && !found)
    {
        WCHAR low = re_class_char(pattern, &i, end), high = low;

        if (i + 1 < end && text_char(pattern, i) == '-')
        {
            i++;
            high = re_class_char(pattern, &i, end);
        }
        found = ch >= low && ch <= high;
    }
    return found != token->negate;
}

/* Adds state i, and the states reachable from it without reading, to set. */
static void re_add_state(ULONG_PTR *set, const struct re_token *tokens, ULONG count, ULONG i)
{
    for (;;)
    {
        ULONG_PTR bit = (ULONG_PTR)1 << (i % RE_WORD_BITS);

        if (set[i / RE_WORD_BITS] & bit) return;
        set[i / RE_WORD_BITS] |= bit;
        if (i == count) return;
        if (tokens[i].quantifier != RE_STAR && tokens[i].quantifier != RE_QUESTION) return;
        i++;
    }
}

static inline BOOL re_has_state(const ULONG_PTR *set, ULONG i)
{
    return (set[i / RE_WORD_BITS] >> (i % RE_WORD_BITS)) & 1;
}

static BOOL re_run(const struct text *pattern, const struct re_token *tokens, ULONG count,
                   BOOL anchor_start, BOOL anchor_end, const struct text *text,
                   ULONG_PTR *current, ULONG_PTR *next, ULONG words)
{
    ULONG pos, i;

    memset(current, 0, words * sizeof(*current));
    re_add_state(current, tokens, count, 0);

    for (pos = 0;; pos++)
    {
        WCHAR ch;
        ULONG_PTR *swap;

        if (re_has_state(current, count) && (!anchor_end || pos == text->len)) return TRUE;
        if (pos == text->len) return FALSE;

        ch = text_char(text, pos);
        memset(next, 0, words * sizeof(*next));
        for (i = 0; i < count; i++)
        {
            if (!re_has_state(current, i) || !re_token_matches(pattern, &tokens[i], ch)) continue;
            if (tokens[i].quantifier == RE_STAR || tokens[i].quantifier == RE_PLUS)
                re_add_state(next, tokens, count, i);
            re_add_state(next, tokens, count, i + 1);
        }
        if (!anchor_start) re_add_state(next, tokens, count, 0);
        swap = current;
        current = next;
        next = swap;
    }
}

static BOOL regex_match(const SPropValue *value, const SPropValue *pattern_value)
{
    struct re_token small_tokens[RE_SMALL], *tokens = small_tokens;
    ULONG_PTR small_sets[2][(RE_SMALL + RE_WORD_BITS) / RE_WORD_BITS], *sets[2] = {small_sets[0], small_sets[1]};
    struct text text, pattern;
    ULONG count, words;
    BOOL anchor_start, anchor_end, ret = FALSE;
    void *block = NULL;

    if (!make_text(&text, value) || !make_text(&pattern, pattern_value)) return FALSE;

    if (pattern.len > RE_MAX_PATTERN)
    {
        WARN("regular expression of %lu characters refused\n", pattern.len);
        return FALSE;
    }
    words = pattern.len / RE_WORD_BITS + 1; /* states: one per token, plus the final one */
    if (pattern.len > RE_SMALL)
    {
        if (!(block = HeapAlloc(GetProcessHeap(), 0, 2 * words * sizeof(ULONG_PTR) + pattern.len * sizeof(*tokens))))
            return FALSE;
        sets[0] = block;
        sets[1] = sets[0] + words;
        tokens = (struct re_token *)(sets[1] + words);
    }
    else words = ARRAY_SIZE(small_sets[0]);

    if (re_compile(&pattern, tokens, &count, &anchor_start, &anchor_end))
        ret = re_run(&pattern, tokens, count, anchor_start, anchor_end, &text, sets[0], sets[1], words);
    else
        WARN("invalid regular expression\n");

    HeapFree(GetProcessHeap(), 0, block);
    return ret;
}

BOOL mapi_prop_relop(const SPropValue *a, ULONG relop, const SPropValue *b)
{
    if (!a || !b || PROP_TYPE(a->ulPropTag) != PROP_TYPE(b->ulPropTag)) return FALSE;

    switch (relop)
    {
    case RELOP_LT: return mapi_prop_compare(a, b) < 0;
    case RELOP_LE: return mapi_prop_compare(a, b) <= 0;
    case RELOP_GT: return mapi_prop_compare(a, b) > 0;
    case RELOP_GE: return mapi_prop_compare(a, b) >= 0;
    case RELOP_EQ: return mapi_prop_compare(a, b) == 0;
    case RELOP_NE: return mapi_prop_compare(a, b) != 0;
    case RELOP_RE:
        if (PROP_TYPE(a->ulPropTag) != PT_STRING8 && PROP_TYPE(a->ulPropTag) != PT_UNICODE) return FALSE;
        return regex_match(a, b);
    }
    WARN("unknown relational operator %lu\n", relop);
    return FALSE;
}

/**************************************************************************
 *  FPropCompareProp@12 (MAPI32.79)
 *
 * Compares two property values with a relational operator.
 *
 * PARAMS
 *  a     [I] First value.
 *  relop [I] RELOP_LT, RELOP_LE, RELOP_GT, RELOP_GE, RELOP_EQ, RELOP_NE or RELOP_RE.
 *  b     [I] Second value.
 *
 * RETURNS
 *  TRUE if "a relop b" holds. FALSE if not, if the types differ, if a value
 *  is NULL or relop is unknown.
 *
 * NOTES
 *  The order is LPropCompareProp's. RELOP_RE applies to strings only: b is
 *  a regular expression ('.', '[]' classes, '*', '+', '?', '\' escapes,
 *  '^' and '$' anchors) searched for in a, case sensitively.
 */
BOOL WINAPI FPropCompareProp(LPSPropValue a, ULONG relop, LPSPropValue b)
{
    TRACE("(%p,%lu,%p)\n", a, relop, b);

    return mapi_prop_relop(a, relop, b);
}

/**************************************************************************
 *  HrGetOneProp@12 (MAPI32.135)
 *
 * Reads one property of an object.
 *
 * PARAMS
 *  obj  [I] The object.
 *  tag  [I] Tag of the property.
 *  prop [O] Receives the value, to be freed with MAPIFreeBuffer.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_NOT_FOUND if the object lacks the property,
 *           MAPI_E_INVALID_PARAMETER for NULL pointers, or GetProps' error.
 *
 * NOTES
 *  Never returns a warning: a property GetProps returns as an error is not found.
 */
HRESULT WINAPI HrGetOneProp(LPMAPIPROP obj, ULONG tag, LPSPropValue *prop)
{
    SizedSPropTagArray(1, tags) = {1, {tag}};
    SPropValue *values = NULL;
    ULONG count = 0;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", obj, tag, prop);

    if (!prop) return MAPI_E_INVALID_PARAMETER;
    *prop = NULL;
    if (!obj) return MAPI_E_INVALID_PARAMETER;

    hr = obj->lpVtbl->GetProps(obj, (SPropTagArray *)&tags, 0, &count, &values);
    if (FAILED(hr)) return hr; /* values is undefined then */
    if (hr != S_OK || !values || count != 1 ||
        (PROP_TYPE(values->ulPropTag) == PT_ERROR && PROP_TYPE(tag) != PT_ERROR))
    {
        MAPIFreeBuffer(values);
        return MAPI_E_NOT_FOUND;
    }
    *prop = values;
    return S_OK;
}

/**************************************************************************
 *  HrSetOneProp@8 (MAPI32.136)
 *
 * Sets one property of an object.
 *
 * PARAMS
 *  obj  [I] The object.
 *  prop [I] The value to set.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers, SetProps' error,
 *           or the error SetProps reported for the property.
 */
HRESULT WINAPI HrSetOneProp(LPMAPIPROP obj, LPSPropValue prop)
{
    SPropProblemArray *problems = NULL;
    HRESULT hr;

    TRACE("(%p,%p)\n", obj, prop);

    if (!obj || !prop) return MAPI_E_INVALID_PARAMETER;

    hr = obj->lpVtbl->SetProps(obj, 1, prop, &problems);
    if (SUCCEEDED(hr) && problems && problems->cProblem)
        hr = FAILED(problems->aProblem[0].scode) ? problems->aProblem[0].scode : MAPI_E_CALL_FAILED;
    MAPIFreeBuffer(problems);
    return SUCCEEDED(hr) ? S_OK : hr;
}

/**************************************************************************
 *  FPropExists@8 (MAPI32.137)
 *
 * Tells whether an object has a property.
 *
 * PARAMS
 *  obj [I] The object.
 *  tag [I] Tag of the property; with type PT_UNSPECIFIED only the identifier counts.
 *
 * RETURNS
 *  TRUE if GetPropList lists the property, FALSE otherwise or on error.
 */
BOOL WINAPI FPropExists(LPMAPIPROP obj, ULONG tag)
{
    SPropTagArray *tags = NULL;
    BOOL found = FALSE;
    ULONG i;

    TRACE("(%p,%#lx)\n", obj, tag);

    if (!obj) return FALSE;
    if (FAILED(obj->lpVtbl->GetPropList(obj, 0, &tags)) || !tags) return FALSE;

    for (i = 0; i < tags->cValues && !found; i++)
    {
        if (PROP_TYPE(tag) == PT_UNSPECIFIED)
            found = PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag);
        else
            found = tags->aulPropTag[i] == tag;
    }
    MAPIFreeBuffer(tags);
    return found;
}

/**************************************************************************
 *  PpropFindProp@12 (MAPI32.138)
 *
 * Finds a property in an array.
 *
 * PARAMS
 *  props [I] The array.
 *  count [I] Its length.
 *  tag   [I] Tag to find; with type PT_UNSPECIFIED only the identifier counts.
 *
 * RETURNS
 *  The first matching property, or NULL.
 */
LPSPropValue WINAPI PpropFindProp(LPSPropValue props, ULONG count, ULONG tag)
{
    ULONG i;

    TRACE("(%p,%lu,%#lx)\n", props, count, tag);

    if (!props) return NULL;

    if (PROP_TYPE(tag) == PT_UNSPECIFIED)
    {
        for (i = 0; i < count; i++)
            if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag)) return &props[i];
    }
    else
    {
        for (i = 0; i < count; i++)
            if (props[i].ulPropTag == tag) return &props[i];
    }
    return NULL;
}

/**************************************************************************
 *  FreePadrlist@4 (MAPI32.139)
 *
 * Frees an ADRLIST and the property arrays of its entries.
 *
 * PARAMS
 *  list [I] The list, or NULL.
 *
 * NOTES
 *  The list and each entry's rgPropVals come from MAPIAllocateBuffer.
 */
VOID WINAPI FreePadrlist(LPADRLIST list)
{
    ULONG i;

    TRACE("(%p)\n", list);

    if (!list) return;
    for (i = 0; i < list->cEntries; i++) MAPIFreeBuffer(list->aEntries[i].rgPropVals);
    MAPIFreeBuffer(list);
}

/**************************************************************************
 *  FreeProws@4 (MAPI32.140)
 *
 * Frees a row set and the property arrays of its rows.
 *
 * PARAMS
 *  rows [I] The row set, or NULL.
 *
 * NOTES
 *  The set and each row's lpProps come from MAPIAllocateBuffer.
 */
VOID WINAPI FreeProws(LPSRowSet rows)
{
    ULONG i;

    TRACE("(%p)\n", rows);

    if (!rows) return;
    for (i = 0; i < rows->cRows; i++) MAPIFreeBuffer(rows->aRow[i].lpProps);
    MAPIFreeBuffer(rows);
}

SCODE mapi_props_size(ULONG count, const SPropValue *props, ULONG *size)
{
    ULONG offset = 0, i;

    if (count && !props) return MAPI_E_INVALID_PARAMETER;
    if (!reserve_array(&offset, 8, count, sizeof(SPropValue))) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
        if (!layout_value(NULL, &props[i], NULL, &offset)) return MAPI_E_INVALID_PARAMETER;
    *size = offset;
    return S_OK;
}

SCODE mapi_props_copy(ULONG count, const SPropValue *props, void *dst, ULONG *size)
{
    SPropValue *copy = dst;
    ULONG offset = 0, i;

    if ((count && !props) || !dst) return MAPI_E_INVALID_PARAMETER;
    if (!reserve_array(&offset, 8, count, sizeof(SPropValue))) return MAPI_E_INVALID_PARAMETER;
    memmove(copy, props, count * sizeof(SPropValue));
    for (i = 0; i < count; i++)
        if (!layout_value(&copy[i], &props[i], dst, &offset)) return MAPI_E_INVALID_PARAMETER;
    if (size) *size = offset;
    return S_OK;
}

/**************************************************************************
 *  ScCountProps@12 (MAPI32.170)
 *
 * Validates a property array and measures the block ScCopyProps needs for it.
 *
 * PARAMS
 *  count [I] Number of properties.
 *  props [I] The properties.
 *  size  [O] Receives the size in bytes, or NULL to validate only.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER if count is not positive, props is NULL,
 *           a property has identifier PROP_ID_NULL or PROP_ID_INVALID, type
 *           PT_NULL, PT_UNSPECIFIED or an unknown type, a NULL data pointer,
 *           is multi-valued with no values, or the size passes 4GB.
 */
SCODE WINAPI ScCountProps(INT count, LPSPropValue props, ULONG *size)
{
    ULONG offset = 0, id, type;
    INT i;

    TRACE("(%d,%p,%p)\n", count, props, size);

    if (count <= 0 || !props) return MAPI_E_INVALID_PARAMETER;
    if (!reserve_array(&offset, 8, count, sizeof(SPropValue))) return MAPI_E_INVALID_PARAMETER;

    for (i = 0; i < count; i++)
    {
        id = PROP_ID(props[i].ulPropTag);
        type = PROP_TYPE(props[i].ulPropTag);
        if (id == PROP_ID_NULL || id == PROP_ID_INVALID || type == PT_NULL || type == PT_UNSPECIFIED ||
            ((type & MV_FLAG) && !props[i].Value.MVi.cValues) ||
            !layout_value(NULL, &props[i], NULL, &offset))
        {
            WARN("bad property %d, tag %#lx\n", i, props[i].ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
    }
    if (size) *size = offset;
    return S_OK;
}

/**************************************************************************
 *  ScCopyProps@16 (MAPI32.171)
 *
 * Copies a property array and its data into one block.
 *
 * PARAMS
 *  count [I] Number of properties.
 *  props [I] The properties.
 *  dst   [O] The block, at least as large as ScCountProps says.
 *  size  [O] Receives the bytes written, or NULL.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a negative count, NULL pointers,
 *           a NULL data pointer in a value or an unknown property type.
 *
 * NOTES
 *  The array comes first, in the original order, then the data, each item
 *  aligned for its type. Empty binaries and multi-valued properties with
 *  no values get NULL data pointers.
 */
SCODE WINAPI ScCopyProps(int count, LPSPropValue props, LPVOID dst, ULONG *size)
{
    SCODE sc;

    TRACE("(%d,%p,%p,%p)\n", count, props, dst, size);

    if (count < 0) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(sc = mapi_props_copy(count, props, dst, size))) WARN("bad property array\n");
    return sc;
}

/* Translates a pointer of a moved block; NULL stays NULL. */
static inline void *reloc_ptr(const void *ptr, const BYTE *old_base, const BYTE *new_base)
{
    if (!ptr) return NULL;
    return (void *)((const BYTE *)ptr - old_base + new_base);
}

/* The pointer a relocated value's data can be read through now. */
static inline const void *readable(const void *ptr, const BYTE *old_base, const BYTE *new_base, BOOL at_old)
{
    return at_old ? ptr : reloc_ptr(ptr, old_base, new_base);
}

/* Checks and measures one value of a block being relocated, without changing it. */
static BOOL reloc_check(const SPropValue *prop, const BYTE *old_base, const BYTE *new_base, BOOL at_old,
                        ULONG *offset)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), size, count, i;

    switch (type)
    {
    case PT_STRING8:
    case PT_UNICODE:
    {
        const void *str = prop->Value.lpszA;

        if (!str) return FALSE;
        str = readable(str, old_base, new_base, at_old);
        if (type == PT_UNICODE ? !string_size_w(str, &size) : !string_size_a(str, &size)) return FALSE;
        return reserve(offset, type == PT_UNICODE ? sizeof(WCHAR) : 1, size);
    }
    case PT_BINARY:
        if (!prop->Value.bin.cb) return TRUE;
        return prop->Value.bin.lpb && reserve(offset, 1, prop->Value.bin.cb);
    case PT_CLSID:
        return prop->Value.lpguid && reserve(offset, sizeof(LONG), sizeof(GUID));
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    {
        char * const *strs;

        if (!(count = prop->Value.MVszA.cValues)) return TRUE;
        if (!prop->Value.MVszA.lppszA) return FALSE;
        if (!reserve_array(offset, sizeof(char *), count, sizeof(char *))) return FALSE;
        strs = readable(prop->Value.MVszA.lppszA, old_base, new_base, at_old);
        for (i = 0; i < count; i++)
        {
            const void *str = strs[i];

            if (!str) return FALSE;
            str = readable(str, old_base, new_base, at_old);
            if (type == PT_MV_UNICODE ? !string_size_w(str, &size) : !string_size_a(str, &size)) return FALSE;
            if (!reserve(offset, type == PT_MV_UNICODE ? sizeof(WCHAR) : 1, size)) return FALSE;
        }
        return TRUE;
    }
    case PT_MV_BINARY:
    {
        const SBinary *bins;

        if (!(count = prop->Value.MVbin.cValues)) return TRUE;
        if (!prop->Value.MVbin.lpbin) return FALSE;
        if (!reserve_array(offset, sizeof(void *), count, sizeof(SBinary))) return FALSE;
        bins = readable(prop->Value.MVbin.lpbin, old_base, new_base, at_old);
        for (i = 0; i < count; i++)
        {
            if (!bins[i].cb) continue;
            if (!bins[i].lpb || !reserve(offset, 1, bins[i].cb)) return FALSE;
        }
        return TRUE;
    }
    }
    if ((size = mv_fixed_size(type)))
    {
        if (!(count = prop->Value.MVi.cValues)) return TRUE;
        return prop->Value.MVi.lpi && reserve_array(offset, fixed_value_align(type & ~MV_FLAG), count, size);
    }
    return is_known_type(type); /* nothing to relocate in the others */
}

/* Relocates the pointers of one value that reloc_check accepted. */
static void reloc_value(SPropValue *prop, const BYTE *old_base, const BYTE *new_base, BOOL at_old)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), i;

    switch (type)
    {
    case PT_STRING8:
    case PT_UNICODE:
    case PT_CLSID:
        prop->Value.lpszA = reloc_ptr(prop->Value.lpszA, old_base, new_base);
        return;
    case PT_BINARY:
        prop->Value.bin.lpb = prop->Value.bin.cb ? reloc_ptr(prop->Value.bin.lpb, old_base, new_base) : NULL;
        return;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    {
        char **strs;

        if (!prop->Value.MVszA.cValues)
        {
            prop->Value.MVszA.lppszA = NULL;
            return;
        }
        strs = (char **)readable(prop->Value.MVszA.lppszA, old_base, new_base, at_old);
        for (i = 0; i < prop->Value.MVszA.cValues; i++) strs[i] = reloc_ptr(strs[i], old_base, new_base);
        prop->Value.MVszA.lppszA = reloc_ptr(prop->Value.MVszA.lppszA, old_base, new_base);
        return;
    }
    case PT_MV_BINARY:
    {
        SBinary *bins;

        if (!prop->Value.MVbin.cValues)
        {
            prop->Value.MVbin.lpbin = NULL;
            return;
        }
        bins = (SBinary *)readable(prop->Value.MVbin.lpbin, old_base, new_base, at_old);
        for (i = 0; i < prop->Value.MVbin.cValues; i++)
            bins[i].lpb = bins[i].cb ? reloc_ptr(bins[i].lpb, old_base, new_base) : NULL;
        prop->Value.MVbin.lpbin = reloc_ptr(prop->Value.MVbin.lpbin, old_base, new_base);
        return;
    }
    }
    if (mv_fixed_size(type))
        prop->Value.MVi.lpi = prop->Value.MVi.cValues ? reloc_ptr(prop->Value.MVi.lpi, old_base, new_base) : NULL;
}

/**************************************************************************
 *  ScRelocProps@20 (MAPI32.172)
 *
 * Adjusts the pointers of a block made by ScCopyProps after it moved.
 *
 * PARAMS
 *  count    [I] Number of properties.
 *  props    [I/O] The array at the start of the block.
 *  old_base [I] Address the block's pointers refer to now, or NULL for offsets.
 *  new_base [I] Address they are to refer to, or NULL to make them offsets.
 *  size     [O] Receives the size of the block, or NULL.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a negative count, NULL props, both
 *           bases NULL, a NULL data pointer or an unknown property type.
 *           The block is left untouched then.
 *
 * NOTES
 *  The data of multi-valued strings and binaries is reached through their
 *  arrays: it is read where the block is, at new_base when props is there
 *  (a block moved by memcpy, or read back from storage with old_base NULL),
 *  at old_base when the pointers are made offsets in place (new_base NULL).
 *  Empty binaries and arrays get NULL pointers.
 */
SCODE WINAPI ScRelocProps(int count, LPSPropValue props, LPVOID old_base, LPVOID new_base, ULONG *size)
{
    ULONG offset = 0;
    BOOL at_old;
    int i;

    TRACE("(%d,%p,%p,%p,%p)\n", count, props, old_base, new_base, size);

    if (count < 0 || !props || (!old_base && !new_base)) return MAPI_E_INVALID_PARAMETER;

    at_old = !new_base || ((void *)props == old_base && (void *)props != new_base);

    if (!reserve_array(&offset, 8, count, sizeof(SPropValue))) return MAPI_E_INVALID_PARAMETER;
    for (i = 0; i < count; i++)
    {
        if (!reloc_check(&props[i], old_base, new_base, at_old, &offset))
        {
            WARN("bad property %d, tag %#lx\n", i, props[i].ulPropTag);
            return MAPI_E_INVALID_PARAMETER;
        }
    }
    for (i = 0; i < count; i++) reloc_value(&props[i], old_base, new_base, at_old);

    if (size) *size = offset;
    return S_OK;
}

/**************************************************************************
 *  LpValFindProp@12 (MAPI32.173)
 *
 * Finds a property in an array by its identifier.
 *
 * PARAMS
 *  tag   [I] Tag whose identifier is searched for; its type does not count.
 *  count [I] Length of the array.
 *  props [I] The array.
 *
 * RETURNS
 *  The first property with the identifier, or NULL.
 */
LPSPropValue WINAPI LpValFindProp(ULONG tag, ULONG count, LPSPropValue props)
{
    ULONG i;

    TRACE("(%#lx,%lu,%p)\n", tag, count, props);

    if (!props) return NULL;
    for (i = 0; i < count; i++)
        if (PROP_ID(props[i].ulPropTag) == PROP_ID(tag)) return &props[i];
    return NULL;
}

/**************************************************************************
 *  ScDupPropset@16 (MAPI32.174)
 *
 * Copies a property array and its data into one new buffer.
 *
 * PARAMS
 *  count    [I] Number of properties.
 *  props    [I] The properties.
 *  allocate [I] Allocator of the buffer (MAPIAllocateBuffer).
 *  copy     [O] Receives the copy.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers or what ScCountProps
 *           refuses, or the allocator's error.
 */
SCODE WINAPI ScDupPropset(int count, LPSPropValue props, LPALLOCATEBUFFER allocate, LPSPropValue *copy)
{
    void *block = NULL;
    ULONG size;
    SCODE sc;

    TRACE("(%d,%p,%p,%p)\n", count, props, allocate, copy);

    if (!allocate || !copy) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(sc = ScCountProps(count, props, &size))) return sc;
    if (FAILED(sc = allocate(size, &block))) return sc;
    if (!block) return MAPI_E_NOT_ENOUGH_MEMORY;

    mapi_props_copy(count, props, block, NULL);
    *copy = block;
    return S_OK;
}

/* IsBadReadPtr for count elements, refusing counts whose size overflows. */
static inline BOOL bad_array(const void *ptr, ULONG count, SIZE_T elem_size)
{
    if (!count) return FALSE;
    if (!ptr || count > ~(SIZE_T)0 / elem_size) return TRUE;
    return IsBadReadPtr(ptr, count * elem_size);
}

/**************************************************************************
 *  FBadRglpszA@8 (MAPI32.175)
 *
 * Validates an array of ANSI strings.
 *
 * PARAMS
 *  strs  [I] The array.
 *  count [I] Its length.
 *
 * RETURNS
 *  TRUE if the array or a string in it is NULL or unreadable, FALSE otherwise.
 */
BOOL WINAPI FBadRglpszA(LPSTR *strs, ULONG count)
{
    ULONG i;

    TRACE("(%p,%lu)\n", strs, count);

    if (bad_array(strs, count, sizeof(*strs))) return TRUE;
    for (i = 0; i < count; i++)
        if (!strs[i] || IsBadStringPtrA(strs[i], ~(UINT_PTR)0)) return TRUE;
    return FALSE;
}

/**************************************************************************
 *  FBadRglpszW@8 (MAPI32.176)
 *
 * Validates an array of Unicode strings; see FBadRglpszA.
 */
BOOL WINAPI FBadRglpszW(LPWSTR *strs, ULONG count)
{
    ULONG i;

    TRACE("(%p,%lu)\n", strs, count);

    if (bad_array(strs, count, sizeof(*strs))) return TRUE;
    for (i = 0; i < count; i++)
        if (!strs[i] || IsBadStringPtrW(strs[i], ~(UINT_PTR)0)) return TRUE;
    return FALSE;
}

/**************************************************************************
 *  FBadRowSet@4 (MAPI32.177)
 *
 * Validates a row set.
 *
 * PARAMS
 *  rows [I] The row set.
 *
 * RETURNS
 *  TRUE if the set is NULL or unreadable or a row is bad (see FBadRow),
 *  FALSE otherwise.
 */
BOOL WINAPI FBadRowSet(LPSRowSet rows)
{
    ULONG i;

    TRACE("(%p)\n", rows);

    if (!rows || IsBadReadPtr(rows, offsetof(SRowSet, aRow))) return TRUE;
    if (bad_array(rows->aRow, rows->cRows, sizeof(SRow))) return TRUE;
    for (i = 0; i < rows->cRows; i++)
        if (FBadRow(&rows->aRow[i])) return TRUE;
    return FALSE;
}

/**************************************************************************
 *  FBadRglpNameID@8 (MAPI32.178)
 *
 * Validates an array of named property identifiers.
 *
 * PARAMS
 *  names [I] The array of pointers.
 *  count [I] Its length.
 *
 * RETURNS
 *  TRUE if the array, an entry or its GUID is NULL or unreadable, an entry's
 *  kind is neither MNID_ID nor MNID_STRING, or an MNID_STRING entry's name
 *  is NULL or unreadable; FALSE otherwise.
 */
BOOL WINAPI FBadRglpNameID(LPMAPINAMEID *names, ULONG count)
{
    ULONG i;

    TRACE("(%p,%lu)\n", names, count);

    if (bad_array(names, count, sizeof(*names))) return TRUE;
    for (i = 0; i < count; i++)
    {
        const MAPINAMEID *name = names[i];

        if (!name || IsBadReadPtr(name, sizeof(*name))) return TRUE;
        if (!name->lpguid || IsBadReadPtr(name->lpguid, sizeof(GUID))) return TRUE;
        switch (name->ulKind)
        {
        case MNID_ID:
            break;
        case MNID_STRING:
            if (!name->Kind.lpwstrName || IsBadStringPtrW(name->Kind.lpwstrName, ~(UINT_PTR)0)) return TRUE;
            break;
        default:
            return TRUE;
        }
    }
    return FALSE;
}

/**************************************************************************
 *  FBadPropTag@4 (MAPI32.179)
 *
 * Validates the type of a property tag.
 *
 * PARAMS
 *  tag [I] The tag.
 *
 * RETURNS
 *  FALSE if its type, with or without MV_FLAG, is a MAPI property type
 *  (PT_UNSPECIFIED and PT_NULL included), TRUE otherwise.
 */
ULONG WINAPI FBadPropTag(ULONG tag)
{
    TRACE("(%#lx)\n", tag);

    switch (PROP_TYPE(tag) & ~MV_FLAG)
    {
    case PT_UNSPECIFIED:
    case PT_NULL:
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_ERROR:
    case PT_BOOLEAN:
    case PT_OBJECT:
    case PT_I8:
    case PT_STRING8:
    case PT_UNICODE:
    case PT_SYSTIME:
    case PT_CLSID:
    case PT_BINARY:
        return FALSE;
    }
    return TRUE;
}

/**************************************************************************
 *  FBadRow@4 (MAPI32.180)
 *
 * Validates a row.
 *
 * PARAMS
 *  row [I] The row.
 *
 * RETURNS
 *  TRUE if the row or its property array is NULL or unreadable or a property
 *  is bad (see FBadProp), FALSE otherwise.
 */
ULONG WINAPI FBadRow(LPSRow row)
{
    ULONG i;

    TRACE("(%p)\n", row);

    if (!row || IsBadReadPtr(row, sizeof(*row)) || !row->lpProps) return TRUE;
    if (bad_array(row->lpProps, row->cValues, sizeof(SPropValue))) return TRUE;
    for (i = 0; i < row->cValues; i++)
        if (FBadProp(&row->lpProps[i])) return TRUE;
    return FALSE;
}

/**************************************************************************
 *  FBadProp@4 (MAPI32.181)
 *
 * Validates a property value.
 *
 * PARAMS
 *  prop [I] The property.
 *
 * RETURNS
 *  TRUE if the property is NULL or unreadable, its tag is bad (see
 *  FBadPropTag) or its data is NULL or unreadable; FALSE otherwise.
 *
 * NOTES
 *  Empty binaries and multi-valued properties with no values need no data.
 */
ULONG WINAPI FBadProp(LPSPropValue prop)
{
    ULONG type;

    TRACE("(%p)\n", prop);

    if (!prop || IsBadReadPtr(prop, sizeof(*prop)) || FBadPropTag(prop->ulPropTag)) return TRUE;

    type = PROP_TYPE(prop->ulPropTag);
    switch (type)
    {
    case PT_STRING8:
        return !prop->Value.lpszA || IsBadStringPtrA(prop->Value.lpszA, ~(UINT_PTR)0);
    case PT_UNICODE:
        return !prop->Value.lpszW || IsBadStringPtrW(prop->Value.lpszW, ~(UINT_PTR)0);
    case PT_BINARY:
        return bad_array(prop->Value.bin.lpb, prop->Value.bin.cb, 1);
    case PT_CLSID:
        return !prop->Value.lpguid || IsBadReadPtr(prop->Value.lpguid, sizeof(GUID));
    case PT_MV_STRING8:
        return FBadRglpszA(prop->Value.MVszA.lppszA, prop->Value.MVszA.cValues);
    case PT_MV_UNICODE:
        return FBadRglpszW(prop->Value.MVszW.lppszW, prop->Value.MVszW.cValues);
    case PT_MV_BINARY:
        return FBadEntryList(&prop->Value.MVbin);
    }
    if ((type & MV_FLAG) && fixed_value_size(type & ~MV_FLAG))
        return bad_array(prop->Value.MVi.lpi, prop->Value.MVi.cValues, fixed_value_size(type & ~MV_FLAG));
    return FALSE;
}

/**************************************************************************
 *  FBadColumnSet@4 (MAPI32.182)
 *
 * Validates a column set.
 *
 * PARAMS
 *  columns [I] The tags of the columns.
 *
 * RETURNS
 *  TRUE if the set is NULL or unreadable or a tag is bad (see FBadPropTag)
 *  or of type PT_ERROR; FALSE otherwise.
 */
ULONG WINAPI FBadColumnSet(LPSPropTagArray columns)
{
    ULONG i;

    TRACE("(%p)\n", columns);

    if (!columns || IsBadReadPtr(columns, offsetof(SPropTagArray, aulPropTag))) return TRUE;
    if (bad_array(columns->aulPropTag, columns->cValues, sizeof(ULONG))) return TRUE;
    for (i = 0; i < columns->cValues; i++)
        if (PROP_TYPE(columns->aulPropTag[i]) == PT_ERROR || FBadPropTag(columns->aulPropTag[i])) return TRUE;
    return FALSE;
}

/* Tags of sort keys and restrictions may ask for multi-valued instances. */
static BOOL bad_instance_tag(ULONG tag)
{
    if ((tag & MVI_FLAG) == MVI_FLAG) tag &= ~MV_INSTANCE;
    return FBadPropTag(tag);
}

/**************************************************************************
 *  FBadSortOrderSet@4 (MAPI32.189)
 *
 * Validates a sort order set.
 *
 * PARAMS
 *  sort [I] The set.
 *
 * RETURNS
 *  TRUE if the set is NULL or unreadable, has more categories than sort keys
 *  or more expanded categories than categories, or a key has a bad tag (see
 *  FBadPropTag; MVI_FLAG is allowed) or an unknown order; FALSE otherwise.
 */
ULONG WINAPI FBadSortOrderSet(LPSSortOrderSet sort)
{
    ULONG i;

    TRACE("(%p)\n", sort);

    if (!sort || IsBadReadPtr(sort, offsetof(SSortOrderSet, aSort))) return TRUE;
    if (sort->cCategories > sort->cSorts || sort->cExpanded > sort->cCategories) return TRUE;
    if (bad_array(sort->aSort, sort->cSorts, sizeof(SSortOrder))) return TRUE;
    for (i = 0; i < sort->cSorts; i++)
    {
        ULONG order = sort->aSort[i].ulOrder;

        if (bad_instance_tag(sort->aSort[i].ulPropTag)) return TRUE;
        if (order & ~(TABLE_SORT_DESCEND | TABLE_SORT_COMBINE | TABLE_SORT_CATEG_MAX | TABLE_SORT_CATEG_MIN))
            return TRUE;
        if ((order & TABLE_SORT_CATEG_MAX) && (order & TABLE_SORT_CATEG_MIN)) return TRUE;
    }
    return FALSE;
}

/**************************************************************************
 *  FBadEntryList@4 (MAPI32.190)
 *
 * Validates a list of entry identifiers.
 *
 * PARAMS
 *  list [I] The list.
 *
 * RETURNS
 *  TRUE if the list, its array or a non-empty entry is NULL or unreadable,
 *  FALSE otherwise.
 */
BOOL WINAPI FBadEntryList(LPENTRYLIST list)
{
    ULONG i;

    TRACE("(%p)\n", list);

    if (!list || IsBadReadPtr(list, sizeof(*list))) return TRUE;
    if (bad_array(list->lpbin, list->cValues, sizeof(SBinary))) return TRUE;
    for (i = 0; i < list->cValues; i++)
        if (bad_array(list->lpbin[i].lpb, list->lpbin[i].cb, 1)) return TRUE;
    return FALSE;
}

static BOOL bad_restriction(const SRestriction *res, ULONG depth, ULONG *nodes);

static BOOL bad_restrictions(const SRestriction *array, ULONG count, ULONG depth, ULONG *nodes)
{
    ULONG i;

    if (bad_array(array, count, sizeof(SRestriction))) return TRUE;
    for (i = 0; i < count; i++)
        if (bad_restriction(&array[i], depth, nodes)) return TRUE;
    return FALSE;
}

static BOOL bad_restriction(const SRestriction *res, ULONG depth, ULONG *nodes)
{
    if (depth > MAX_RESTRICTION_DEPTH || ++*nodes > MAX_RESTRICTION_NODES)
    {
        WARN("restriction too deep or too large\n");
        return TRUE;
    }
    if (!res || IsBadReadPtr(res, sizeof(*res))) return TRUE;

    switch (res->rt)
    {
    case RES_AND:
    case RES_OR:
        /* SAndRestriction and SOrRestriction are alike */
        return bad_restrictions(res->res.resAnd.lpRes, res->res.resAnd.cRes, depth + 1, nodes);
    case RES_NOT:
        return bad_restriction(res->res.resNot.lpRes, depth + 1, nodes);
    case RES_COUNT:
        return bad_restriction(((const SCountRestriction *)&res->res)->lpRes, depth + 1, nodes);
    case RES_CONTENT:
        return bad_instance_tag(res->res.resContent.ulPropTag) || FBadProp(res->res.resContent.lpProp);
    case RES_PROPERTY:
        return res->res.resProperty.relop > RELOP_RE || bad_instance_tag(res->res.resProperty.ulPropTag) ||
               FBadProp(res->res.resProperty.lpProp);
    case RES_COMPAREPROPS:
        return res->res.resCompareProps.relop > RELOP_RE ||
               bad_instance_tag(res->res.resCompareProps.ulPropTag1) ||
               bad_instance_tag(res->res.resCompareProps.ulPropTag2);
    case RES_BITMASK:
        return (res->res.resBitMask.relBMR != BMR_EQZ && res->res.resBitMask.relBMR != BMR_NEZ) ||
               bad_instance_tag(res->res.resBitMask.ulPropTag);
    case RES_SIZE:
        return res->res.resSize.relop > RELOP_NE || bad_instance_tag(res->res.resSize.ulPropTag);
    case RES_EXIST:
        return bad_instance_tag(res->res.resExist.ulPropTag);
    case RES_SUBRESTRICTION:
        return FBadPropTag(res->res.resSub.ulSubObject) ||
               bad_restriction(res->res.resSub.lpRes, depth + 1, nodes);
    case RES_COMMENT:
    {
        ULONG i;

        if (bad_array(res->res.resComment.lpProp, res->res.resComment.cValues, sizeof(SPropValue))) return TRUE;
        for (i = 0; i < res->res.resComment.cValues; i++)
            if (FBadProp(&res->res.resComment.lpProp[i])) return TRUE;
        /* the restriction a comment is attached to is optional */
        return res->res.resComment.lpRes && bad_restriction(res->res.resComment.lpRes, depth + 1, nodes);
    }
    }
    WARN("unknown restriction type %lu\n", res->rt);
    return TRUE;
}

/**************************************************************************
 *  FBadRestriction@4 (MAPI32.191)
 *
 * Validates a restriction and all its subrestrictions.
 *
 * PARAMS
 *  res [I] The restriction.
 *
 * RETURNS
 *  TRUE if a restriction is NULL or unreadable, of an unknown type, has an
 *  unknown relational operator or bitmask relation, a bad tag (see
 *  FBadPropTag; MVI_FLAG is allowed) or a bad property value (see FBadProp);
 *  FALSE otherwise.
 *
 * NOTES
 *  RES_AND, RES_OR, RES_NOT, RES_CONTENT, RES_PROPERTY, RES_COMPAREPROPS,
 *  RES_BITMASK, RES_SIZE, RES_EXIST, RES_SUBRESTRICTION, RES_COMMENT and
 *  RES_COUNT are known. Restrictions nested deeper than 256 levels, or of
 *  more than 4M nodes (a shared subtree counts each time), are refused.
 */
ULONG WINAPI FBadRestriction(LPSRestriction res)
{
    ULONG nodes = 0;

    TRACE("(%p)\n", res);

    return bad_restriction(res, 0, &nodes);
}
