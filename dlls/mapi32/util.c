/*
 * MAPI's utility functions: unique identifiers, hex and entry identifier
 * encodings, FILETIME arithmetic, string helpers, UNC paths and
 * conversation indexes.
 *
 * Windows exports the ANSI variants of the TCHAR functions; Wine's header
 * declares their W prototypes under __WINESRC__, so those are defined here
 * as MAPI32_Foo and mapped to their exported names in mapi32.spec.
 */

#include "mapi32_private.h"
#include "winnetwk.h"
#include "shlwapi.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

C_ASSERT(sizeof(MAPIUID) == sizeof(GUID));

static SIZE_T string_length(const char *str)
{
    SIZE_T len = 0;

    while (str[len]) len++;
    return len;
}

/**************************************************************************
 *  ScGenerateMuid@4 (MAPI32.35)
 *
 * Creates a new unique identifier.
 *
 * PARAMS
 *  uid [O] Receives the identifier.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER if uid is NULL,
 *           MAPI_E_CALL_FAILED if no identifier could be made.
 *
 * NOTES
 *  A MAPIUID is a GUID in Intel byte order, which is how it is stored here.
 */
SCODE WINAPI ScGenerateMuid(LPMAPIUID uid)
{
    GUID guid;
    HRESULT hr;

    TRACE("(%p)\n", uid);

    if (!uid)
    {
        WARN("NULL uid\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    if (FAILED(hr = CoCreateGuid(&guid)))
    {
        WARN("CoCreateGuid failed, %#lx\n", hr);
        return MAPI_E_CALL_FAILED;
    }
    memcpy(uid->ab, &guid, sizeof(uid->ab));
    return S_OK;
}

static int hex_digit_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Converts pairs of hex digits into bytes, up to max_chars digits or the end
 * of the string. The digits are all checked before a byte is written, so a
 * bad string leaves the output as it was. */
static BOOL bin_from_hex(const char *hex, BYTE *out, SIZE_T max_chars)
{
    SIZE_T len, i;

    for (len = 0; len < max_chars && hex[len]; len++)
        if (hex_digit_value(hex[len]) < 0)
        {
            WARN("%s: bad hex digit at %Iu\n", debugstr_a(hex), len);
            return FALSE;
        }
    if (len & 1)
    {
        WARN("%s: odd number of hex digits\n", debugstr_a(hex));
        return FALSE;
    }
    for (i = 0; i < len; i += 2)
        *out++ = hex_digit_value(hex[i]) << 4 | hex_digit_value(hex[i + 1]);
    return TRUE;
}

/*************************************************************************
 *  ScBinFromHexBounded@12 (MAPI32.43)
 *
 * Converts a string of hex digits into at most a given number of bytes.
 *
 * PARAMS
 *  hex  [I] ANSI string of hex digits, two for each byte.
 *  out  [O] Receives the bytes.
 *  size [I] Size of out in bytes; digits beyond it are not converted.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_CALL_FAILED for a character that is not a hex digit or an
 *           odd number of digits (out is left unchanged),
 *           MAPI_E_INVALID_PARAMETER for NULL pointers.
 */
SCODE WINAPI MAPI32_ScBinFromHexBounded(LPSTR hex, LPBYTE out, ULONG size)
{
    SIZE_T max_chars = size <= ~(SIZE_T)0 / 2 ? (SIZE_T)size * 2 : ~(SIZE_T)0;

    TRACE("(%s,%p,%lu)\n", debugstr_a(hex), out, size);

    if (!hex || (!out && size))
    {
        WARN("NULL string or buffer\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    return bin_from_hex(hex, out, max_chars) ? S_OK : MAPI_E_CALL_FAILED;
}

/*************************************************************************
 *  FBinFromHex@8 (MAPI32.44)
 *
 * Converts a string of hex digits into bytes.
 *
 * PARAMS
 *  hex [I] ANSI string of hex digits, two for each byte.
 *  out [O] Receives the bytes; at least half as long as hex.
 *
 * RETURNS
 *  TRUE if the whole string was converted, FALSE for a character that is not
 *  a hex digit, an odd number of digits (out is left unchanged) or NULL
 *  pointers.
 *
 * NOTES
 *  The MAPI headers declare a Unicode variant too, but the export takes an
 *  ANSI string.
 */
BOOL WINAPI MAPI32_FBinFromHex(LPSTR hex, LPBYTE out)
{
    TRACE("(%s,%p)\n", debugstr_a(hex), out);

    if (!hex || !out)
    {
        WARN("NULL string or buffer\n");
        return FALSE;
    }
    return bin_from_hex(hex, out, ~(SIZE_T)0);
}

/*************************************************************************
 *  HexFromBin@12 (MAPI32.45)
 *
 * Converts bytes into a string of upper case hex digits.
 *
 * PARAMS
 *  bin  [I] The bytes.
 *  size [I] Number of bytes.
 *  out  [O] Receives the ANSI string; 2 * size + 1 bytes.
 *
 * RETURNS
 *  Nothing. A size below 1 or NULL bytes give an empty string.
 */
void WINAPI MAPI32_HexFromBin(LPBYTE bin, int size, LPSTR out)
{
    static const char digits[] = "0123456789ABCDEF";
    int i;

    TRACE("(%p,%d,%p)\n", bin, size, out);

    if (!out)
    {
        WARN("NULL output\n");
        return;
    }
    if (!bin && size > 0)
    {
        WARN("NULL bytes\n");
        size = 0;
    }
    for (i = 0; i < size; i++)
    {
        *out++ = digits[bin[i] >> 4];
        *out++ = digits[bin[i] & 0x0f];
    }
    *out = 0;
}

/*************************************************************************
 *  SwapPlong@8 (MAPI32.47)
 *
 * Reverses the byte order of each ULONG of an array, in place.
 *
 * PARAMS
 *  values [I/O] The array.
 *  count  [I]   Number of ULONGs.
 */
void WINAPI SwapPlong(PULONG values, ULONG count)
{
    ULONG i, v;

    TRACE("(%p,%lu)\n", values, count);

    if (!values && count)
    {
        WARN("NULL array\n");
        return;
    }
    for (i = 0; i < count; i++)
    {
        v = values[i];
        values[i] = v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
    }
}

/*************************************************************************
 *  SwapPword@8 (MAPI32.48)
 *
 * Reverses the byte order of each USHORT of an array, in place.
 *
 * PARAMS
 *  values [I/O] The array.
 *  count  [I]   Number of USHORTs.
 */
void WINAPI SwapPword(PUSHORT values, ULONG count)
{
    ULONG i;

    TRACE("(%p,%lu)\n", values, count);

    if (!values && count)
    {
        WARN("NULL array\n");
        return;
    }
    for (i = 0; i < count; i++)
        values[i] = (USHORT)(values[i] >> 8 | values[i] << 8);
}

/**************************************************************************
 *  MNLS_lstrlenW@4 (MAPI32.62)
 *
 * RETURNS
 *  The length of a Unicode string in characters, 0 for NULL (see lstrlenW).
 */
int WINAPI MNLS_lstrlenW(LPCWSTR str)
{
    TRACE("(%s)\n", debugstr_w(str));

    if (!str) return 0;
    return lstrlenW(str);
}

/*************************************************************************
 *  MNLS_lstrcmpW@8 (MAPI32.63)
 *
 * Compares two Unicode strings in the user's default locale.
 *
 * RETURNS
 *  A negative number, 0 or a positive number as a sorts before, with or
 *  after b. NULL sorts before any string.
 */
int WINAPI MNLS_lstrcmpW(LPCWSTR a, LPCWSTR b)
{
    int ret;

    TRACE("(%s,%s)\n", debugstr_w(a), debugstr_w(b));

    if (!a || !b) return a ? 1 : b ? -1 : 0;
    ret = CompareStringW(GetUserDefaultLCID(), 0, a, -1, b, -1);
    return ret ? ret - CSTR_EQUAL : 0;
}

/*************************************************************************
 *  MNLS_lstrcpyW@8 (MAPI32.64)
 *
 * Copies a Unicode string (see lstrcpyW).
 *
 * RETURNS
 *  Success: dst.
 *  Failure: NULL, for NULL strings.
 */
LPWSTR WINAPI MNLS_lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    TRACE("(%p,%s)\n", dst, debugstr_w(src));

    if (!dst || !src)
    {
        WARN("NULL string\n");
        return NULL;
    }
    return lstrcpyW(dst, src);
}

/*************************************************************************
 *  MNLS_CompareStringW@24 (MAPI32.65)
 *
 * Compares two Unicode strings; takes and returns what CompareStringW does.
 */
int WINAPI MNLS_CompareStringW(LCID lcid, DWORD flags, LPCWSTR a, int len_a, LPCWSTR b, int len_b)
{
    TRACE("(%#lx,%#lx,%s,%d,%s,%d)\n", lcid, flags, debugstr_wn(a, len_a), len_a,
          debugstr_wn(b, len_b), len_b);
    return CompareStringW(lcid, flags, a, len_a, b, len_b);
}

static BOOL equal_names(const WCHAR *a, const WCHAR *b)
{
    if (!a || !b) return a == b;
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

/**************************************************************************
 *  FEqualNames@8 (MAPI32.72)
 *
 * Tells whether two named property names are the same.
 *
 * PARAMS
 *  a [I] First name.
 *  b [I] Second name.
 *
 * RETURNS
 *  TRUE if both have the same property set GUID, kind and identifier or
 *  (case-sensitively) the same string; FALSE otherwise or for NULL names.
 */
BOOL WINAPI FEqualNames(LPMAPINAMEID a, LPMAPINAMEID b)
{
    TRACE("(%p,%p)\n", a, b);

    if (!a || !b)
    {
        WARN("NULL name\n");
        return FALSE;
    }
    if (a->ulKind != b->ulKind) return FALSE;
    if (a->lpguid != b->lpguid && (!a->lpguid || !b->lpguid || !IsEqualGUID(a->lpguid, b->lpguid)))
        return FALSE;

    switch (a->ulKind)
    {
    case MNID_ID:
        return a->Kind.lID == b->Kind.lID;
    case MNID_STRING:
        return equal_names(a->Kind.lpwstrName, b->Kind.lpwstrName);
    }
    WARN("unknown kind %lu\n", a->ulKind);
    return FALSE;
}

/**************************************************************************
 *  IsBadBoundedStringPtr@8 (MAPI32.74)
 *
 * Tells whether a pointer is not a readable string that fits a buffer.
 *
 * PARAMS
 *  str  [I] The string.
 *  size [I] Size of the buffer in bytes, terminator included.
 *
 * RETURNS
 *  TRUE if str is NULL, unreadable, or not terminated within size bytes;
 *  FALSE otherwise.
 */
BOOL WINAPI IsBadBoundedStringPtr(LPCSTR str, ULONG size)
{
    ULONG len;

    TRACE("(%p,%lu)\n", str, size);

    if (!str || IsBadStringPtrA(str, size)) return TRUE;
    for (len = 0; len < size && str[len]; len++) ;
    return len >= size;
}

/**************************************************************************
 *  FtAddFt@16 (MAPI32.121)
 *
 * Adds two unsigned 64-bit integers (passed and returned as FILETIMEs).
 *
 * RETURNS
 *  a + b, modulo 2^64.
 */
LONGLONG WINAPI MAPI32_FtAddFt(LONGLONG a, LONGLONG b)
{
    return (ULONGLONG)a + (ULONGLONG)b;
}

/**************************************************************************
 *  FtAdcFt@20 (MAPI32.122)
 *
 * Adds two unsigned 64-bit integers and a carry.
 *
 * PARAMS
 *  a     [I]   First addend.
 *  b     [I]   Second addend.
 *  carry [I/O] Optional: on entry the incoming carry (0 or 1), on exit the
 *              carry out of the sum.
 *
 * RETURNS
 *  a + b + carry, modulo 2^64. With carry NULL or 0 it is FtAddFt.
 */
LONGLONG WINAPI MAPI32_FtAdcFt(LONGLONG a, LONGLONG b, WORD *carry)
{
    ULONGLONG sum = (ULONGLONG)a + (ULONGLONG)b;
    WORD carry_out = sum < (ULONGLONG)a;

    if (carry && *carry)
    {
        sum++;
        if (!sum) carry_out = 1;
    }
    if (carry) *carry = carry_out;
    return sum;
}

/**************************************************************************
 *  FtSubFt@16 (MAPI32.123)
 *
 * Subtracts one unsigned 64-bit integer from another.
 *
 * RETURNS
 *  minuend - subtrahend, modulo 2^64.
 */
LONGLONG WINAPI MAPI32_FtSubFt(LONGLONG minuend, LONGLONG subtrahend)
{
    return (ULONGLONG)minuend - (ULONGLONG)subtrahend;
}

/**************************************************************************
 *  FtMulDw@12 (MAPI32.124)
 *
 * Multiplies an unsigned 64-bit integer by a DWORD.
 *
 * RETURNS
 *  multiplier * multiplicand, modulo 2^64.
 */
LONGLONG WINAPI MAPI32_FtMulDw(DWORD multiplier, LONGLONG multiplicand)
{
    return multiplier * (ULONGLONG)multiplicand;
}

/**************************************************************************
 *  FtMulDwDw@8 (MAPI32.125)
 *
 * Multiplies two DWORDs into a 64-bit product.
 */
LONGLONG WINAPI MAPI32_FtMulDwDw(DWORD a, DWORD b)
{
    return (ULONGLONG)a * b;
}

/**************************************************************************
 *  FtNegFt@8 (MAPI32.126)
 *
 * RETURNS
 *  The two's complement of a 64-bit integer.
 */
LONGLONG WINAPI MAPI32_FtNegFt(LONGLONG a)
{
    return 0 - (ULONGLONG)a;
}

/* The high 64 bits of the 128-bit product of a and b. */
static ULONGLONG mul_high64(ULONGLONG a, ULONGLONG b)
{
    ULONGLONG lo_lo = (a & 0xffffffff) * (b & 0xffffffff);
    ULONGLONG hi_lo = (a >> 32) * (b & 0xffffffff);
    ULONGLONG lo_hi = (a & 0xffffffff) * (b >> 32);
    ULONGLONG hi_hi = (a >> 32) * (b >> 32);
    ULONGLONG middle = (lo_lo >> 32) + (hi_lo & 0xffffffff) + (lo_hi & 0xffffffff);

    return hi_hi + (hi_lo >> 32) + (lo_hi >> 32) + (middle >> 32);
}

/**************************************************************************
 *  FtDivFtBogus@20 (MAPI32.127)
 *
 * Divides a 64-bit integer by a constant, given as its scaled reciprocal.
 *
 * PARAMS
 *  dividend [I] Unsigned 64-bit dividend.
 *  magic    [I] 2^(64 + shift) / divisor, rounded up.
 *  shift    [I] The extra scale of magic.
 *
 * RETURNS
 *  The high 64 bits of the 128-bit product dividend * magic, shifted right
 *  by shift: the quotient.
 *
 * NOTES
 *  Undocumented. MAPI's old SDK samples use it with fixed pairs, such as
 *  magic 0xd1b71758e219652c and shift 13 to divide 100ns ticks by 10000,
 *  and Kopano's mapi4linux found the same formula by experiment.
 */
LONGLONG WINAPI MAPI32_FtDivFtBogus(LONGLONG dividend, LONGLONG magic, DWORD shift)
{
    ULONGLONG high = mul_high64(dividend, magic);

    TRACE("(%s,%s,%lu)\n", wine_dbgstr_longlong(dividend), wine_dbgstr_longlong(magic), shift);

    return shift < 64 ? high >> shift : 0;
}

/**************************************************************************
 *  UlAddRef@4 (MAPI32.128)
 *
 * Adds a reference to an object.
 *
 * RETURNS
 *  The object's new reference count, or 0 if unk is NULL.
 */
ULONG WINAPI UlAddRef(void *unk)
{
    TRACE("(%p)\n", unk);

    if (!unk) return 0;
    return ((IUnknown *)unk)->lpVtbl->AddRef(unk);
}

/**************************************************************************
 *  UlRelease@4 (MAPI32.129)
 *
 * Releases a reference to an object.
 *
 * RETURNS
 *  The object's new reference count, or 0 if unk is NULL.
 */
ULONG WINAPI UlRelease(void *unk)
{
    TRACE("(%p)\n", unk);

    if (!unk) return 0;
    return ((IUnknown *)unk)->lpVtbl->Release(unk);
}

/*************************************************************************
 *  SzFindCh@8 (MAPI32.130)
 *
 * Finds the first occurrence of a character in an ANSI string.
 *
 * PARAMS
 *  str [I] The string.
 *  ch  [I] The character; a double-byte one in DBCS code pages.
 *
 * RETURNS
 *  The character in str, or NULL if it is not there or str is NULL.
 */
LPSTR WINAPI MAPI32_SzFindCh(LPCSTR str, USHORT ch)
{
    TRACE("(%s,%#x)\n", debugstr_a(str), ch);

    if (!str) return NULL;
    return StrChrA(str, ch);
}

/*************************************************************************
 *  SzFindLastCh@8 (MAPI32.131)
 *
 * Finds the last occurrence of a character in an ANSI string.
 *
 * RETURNS
 *  The character in str, or NULL if it is not there or str is NULL.
 */
LPSTR WINAPI MAPI32_SzFindLastCh(LPCSTR str, USHORT ch)
{
    TRACE("(%s,%#x)\n", debugstr_a(str), ch);

    if (!str) return NULL;
    return StrRChrA(str, NULL, ch);
}

/*************************************************************************
 *  SzFindSz@8 (MAPI32.132)
 *
 * Finds the first occurrence of a substring in an ANSI string, matching
 * case exactly.
 *
 * RETURNS
 *  The substring in str, or NULL if it is not there or either is NULL.
 */
LPSTR WINAPI MAPI32_SzFindSz(LPCSTR str, LPCSTR sub)
{
    TRACE("(%s,%s)\n", debugstr_a(str), debugstr_a(sub));

    if (!str || !sub) return NULL;
    return StrStrA(str, sub);
}

/*************************************************************************
 *  UFromSz@4 (MAPI32.133)
 *
 * Reads an unsigned decimal number from the start of a string.
 *
 * RETURNS
 *  The number made of the leading digits; 0 if there are none (leading
 *  white space is not skipped) or str is NULL.
 */
UINT WINAPI UFromSz(LPCSTR str)
{
    UINT ret = 0;

    TRACE("(%s)\n", debugstr_a(str));

    if (!str) return 0;
    for (; *str >= '0' && *str <= '9'; str++)
        ret = ret * 10 + (*str - '0');
    return ret;
}

/*************************************************************************
 *  UlFromSzHex@4 (MAPI32.155)
 *
 * Reads an unsigned hexadecimal number from the start of a string.
 *
 * RETURNS
 *  The number made of the leading hex digits, of either case; 0 if there
 *  are none or str is NULL.
 */
ULONG WINAPI MAPI32_UlFromSzHex(LPCSTR str)
{
    ULONG ret = 0;
    int digit;

    TRACE("(%s)\n", debugstr_a(str));

    if (!str) return 0;
    for (; (digit = hex_digit_value(*str)) >= 0; str++)
        ret = ret << 4 | digit;
    return ret;
}

/*
 * The MAPI ID encoding is uuencode: the bytes are cut into lines of at most
 * 45, each written as a character giving its byte count and then four
 * characters for every three bytes (two or three for a last one or two),
 * each character carrying six bits as ' ' + value, with '`' for 0. There is
 * no line break between lines and the string ends with a NUL.
 */
#define ENCODED_LINE_BYTES 45

static char encode_six_bits(BYTE value)
{
    value &= 0x3f;
    return value ? ' ' + value : '`';
}

static int decode_six_bits(char c)
{
    if (c < ' ' || c > '`') return -1;
    return (c - ' ') & 0x3f;
}

static ULONG encoded_line_chars(ULONG bytes)
{
    return bytes / 3 * 4 + (bytes % 3 ? bytes % 3 + 1 : 0);
}

static ULONGLONG encoding_chars(ULONG size)
{
    return (ULONGLONG)size / 3 * 4 + (size % 3 ? size % 3 + 1 : 0)  /* the bytes */
           + size / ENCODED_LINE_BYTES + 1                           /* the line counts */
           + 1;                                                      /* the NUL */
}

/*************************************************************************
 *  CchOfEncoding@4 (MAPI32.206)
 *
 * Gives the size of the buffer EncodeID needs.
 *
 * PARAMS
 *  size [I] Number of bytes to encode.
 *
 * RETURNS
 *  The number of characters, terminator included. It may be one more than
 *  EncodeID writes. ~0U if the encoding would not fit a ULONG.
 */
ULONG WINAPI CchOfEncoding(ULONG size)
{
    ULONGLONG chars = encoding_chars(size);

    TRACE("(%lu)\n", size);

    if (chars > ~0UL)
    {
        WARN("%lu bytes need more than ~0U characters\n", size);
        return ~0UL;
    }
    return chars;
}

/*************************************************************************
 *  CbOfEncoded@4 (MAPI32.207)
 *
 * Gives the size of the buffer FDecodeID needs.
 *
 * PARAMS
 *  str [I] A string from EncodeID.
 *
 * RETURNS
 *  An upper bound of the number of bytes str decodes to; 0 for NULL.
 */
ULONG WINAPI CbOfEncoded(LPCSTR str)
{
    SIZE_T groups;

    TRACE("(%s)\n", debugstr_a(str));

    if (!str) return 0;
    groups = string_length(str) / 4 + 1;
    return groups <= ~0UL / 3 ? groups * 3 : ~0UL;
}

/*************************************************************************
 *  EncodeID@12 (MAPI32.204)
 *
 * Encodes bytes, typically an entry identifier, as a printable ANSI string.
 *
 * PARAMS
 *  bin  [I] The bytes.
 *  size [I] Number of bytes.
 *  out  [O] Receives the string; CchOfEncoding(size) characters.
 *
 * NOTES
 *  See the encoding above.
 */
void WINAPI EncodeID(LPBYTE bin, ULONG size, LPSTR out)
{
    ULONG line, i;

    TRACE("(%p,%lu,%p)\n", bin, size, out);

    if (!out)
    {
        WARN("NULL output\n");
        return;
    }
    if (!bin && size)
    {
        WARN("NULL bytes\n");
        size = 0;
    }

    while (size)
    {
        line = min(size, ENCODED_LINE_BYTES);
        *out++ = encode_six_bits(line);
        for (i = 0; i < line; i += 3)
        {
            BYTE b0 = bin[i], b1 = i + 1 < line ? bin[i + 1] : 0, b2 = i + 2 < line ? bin[i + 2] : 0;

            *out++ = encode_six_bits(b0 >> 2);
            *out++ = encode_six_bits(b0 << 4 | b1 >> 4);
            if (i + 1 < line) *out++ = encode_six_bits(b1 << 2 | b2 >> 6);
            if (i + 2 < line) *out++ = encode_six_bits(b2);
        }
        bin += line;
        size -= line;
    }
    *out = 0;
}

/* Checks an encoded string in full; returns the number of bytes it holds,
 * or -1 if it is garbled. */
static LONGLONG decoded_size(const char *str)
{
    ULONGLONG total = 0;
    ULONG count, chars, i;
    int value;

    while (*str)
    {
        if ((value = decode_six_bits(*str)) < 0) return -1;
        count = value;
        chars = encoded_line_chars(count);
        for (i = 1; i <= chars; i++)
            if (decode_six_bits(str[i]) < 0) return -1; /* also stops at the NUL */
        total += count;
        str += 1 + chars;
    }
    return total;
}

/*************************************************************************
 *  FDecodeID@12 (MAPI32.205)
 *
 * Decodes a string made by EncodeID.
 *
 * PARAMS
 *  str  [I] The string.
 *  out  [O] Receives the bytes; CbOfEncoded(str) bytes.
 *  size [O] Receives the number of bytes.
 *
 * RETURNS
 *  TRUE on success. FALSE if the string is garbled (a character outside
 *  ' ' to '`', a line shorter than its count; out is left unchanged and
 *  *size is 0) or a pointer is NULL.
 */
BOOL WINAPI FDecodeID(LPCSTR str, LPBYTE out, ULONG *size)
{
    LONGLONG total;
    ULONG count, i;
    int c[4];

    TRACE("(%s,%p,%p)\n", debugstr_a(str), out, size);

    if (!str || !out || !size)
    {
        WARN("NULL argument\n");
        return FALSE;
    }
    *size = 0;
    if ((total = decoded_size(str)) < 0 || total > ~0UL)
    {
        WARN("garbled string %s\n", debugstr_a(str));
        return FALSE;
    }

    while (*str)
    {
        count = decode_six_bits(*str++);
        for (i = 0; i < count; i += 3)
        {
            c[0] = decode_six_bits(str[0]);
            c[1] = decode_six_bits(str[1]);
            *out++ = c[0] << 2 | c[1] >> 4;
            str += 2;
            if (i + 1 < count)
            {
                c[2] = decode_six_bits(*str++);
                *out++ = c[1] << 4 | c[2] >> 2;
                if (i + 2 < count)
                {
                    c[3] = decode_six_bits(*str++);
                    *out++ = c[2] << 6 | c[3];
                }
            }
        }
    }
    *size = total;
    return TRUE;
}

/*************************************************************************
 *  HrSzFromEntryID@12 (MAPI32.141)
 *
 * Encodes an entry identifier as a printable ANSI string.
 *
 * PARAMS
 *  size [I] Size of the entry identifier in bytes.
 *  eid  [I] The entry identifier.
 *  str  [O] Receives the string, from MAPIAllocateBuffer.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers, an empty identifier
 *           or one too big to encode; MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  The string is that of EncodeID; HrEntryIDFromSz reverses it.
 */
HRESULT WINAPI HrSzFromEntryID(ULONG size, LPENTRYID eid, LPSTR *str)
{
    ULONGLONG chars = encoding_chars(size);
    SCODE sc;

    TRACE("(%lu,%p,%p)\n", size, eid, str);

    if (!str) return MAPI_E_INVALID_PARAMETER;
    *str = NULL;
    if (!eid || !size || chars > ~0UL)
    {
        WARN("bad entry identifier %p, %lu bytes\n", eid, size);
        return MAPI_E_INVALID_PARAMETER;
    }
    if ((sc = MAPIAllocateBuffer(chars, (void **)str)) != S_OK) return sc;
    EncodeID((BYTE *)eid, size, *str);
    return S_OK;
}

/*************************************************************************
 *  HrEntryIDFromSz@12 (MAPI32.142)
 *
 * Decodes a string from HrSzFromEntryID back to the entry identifier.
 *
 * PARAMS
 *  str  [I] The string.
 *  size [O] Receives the size of the entry identifier.
 *  eid  [O] Receives the entry identifier, from MAPIAllocateBuffer.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_ENTRYID for a garbled or empty string,
 *           MAPI_E_INVALID_PARAMETER for NULL pointers,
 *           MAPI_E_NOT_ENOUGH_MEMORY.
 */
HRESULT WINAPI HrEntryIDFromSz(LPSTR str, ULONG *size, LPENTRYID *eid)
{
    ULONG decoded = 0;
    void *buffer;
    SCODE sc;

    TRACE("(%s,%p,%p)\n", debugstr_a(str), size, eid);

    if (size) *size = 0;
    if (eid) *eid = NULL;
    if (!str || !size || !eid)
    {
        WARN("NULL argument\n");
        return MAPI_E_INVALID_PARAMETER;
    }

    if ((sc = MAPIAllocateBuffer(CbOfEncoded(str), &buffer)) != S_OK) return sc;
    if (!FDecodeID(str, buffer, &decoded) || !decoded)
    {
        MAPIFreeBuffer(buffer);
        return MAPI_E_INVALID_ENTRYID;
    }
    *size = decoded;
    *eid = buffer;
    return S_OK;
}

static BOOL is_unc_path(const char *path)
{
    return path[0] == '\\' && path[1] == '\\';
}

static BOOL is_drive_path(const char *path)
{
    return ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) && path[1] == ':';
}

/* Writes head, a backslash if both sides lack one, and tail; MAPI_E_TOO_BIG
 * leaves out untouched. */
static SCODE join_path(char *out, UINT out_size, const char *head, const char *tail)
{
    SIZE_T head_len = string_length(head), tail_len = string_length(tail);
    BOOL separator = head_len && tail_len && head[head_len - 1] != '\\' && tail[0] != '\\';

    if (head_len + separator + tail_len >= out_size) return MAPI_E_TOO_BIG;
    memcpy(out, head, head_len);
    if (separator) out[head_len] = '\\';
    memcpy(out + head_len + separator, tail, tail_len + 1);
    return S_OK;
}

/* The UNC name a drive is redirected to, from the heap, or NULL. */
static char *drive_connection(char letter)
{
    char drive[3] = { letter, ':', 0 }, *remote;
    DWORD size = MAX_PATH, err;

    for (;;)
    {
        if (!(remote = HeapAlloc(GetProcessHeap(), 0, size))) return NULL;
        if (!(err = WNetGetConnectionA(drive, remote, &size))) return remote;
        HeapFree(GetProcessHeap(), 0, remote);
        if (err != ERROR_MORE_DATA) return NULL;
    }
}

/*************************************************************************
 *  ScUNCFromLocalPath@12 (MAPI32.192)
 *
 * Finds the UNC path of a path on a network drive.
 *
 * PARAMS
 *  local [I] A path as drive:\path.
 *  unc   [O] Receives the path as \\server\share\path.
 *  size  [I] Size of unc in characters.
 *
 * RETURNS
 *  Success: S_OK; S_FALSE if local already is a UNC path (it is copied).
 *  Failure: MAPI_E_TOO_BIG if unc is too small (it is left unchanged),
 *           MAPI_E_INVALID_PARAMETER for NULL pointers, a path without a
 *           drive or a drive that is not redirected to the network.
 */
SCODE WINAPI ScUNCFromLocalPath(LPSTR local, LPSTR unc, UINT size)
{
    char *remote;
    SCODE sc;

    TRACE("(%s,%p,%u)\n", debugstr_a(local), unc, size);

    if (!local || !unc || !size)
    {
        WARN("NULL path or empty buffer\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    if (is_unc_path(local))
    {
        sc = join_path(unc, size, local, "");
        return sc == S_OK ? S_FALSE : sc;
    }
    if (!is_drive_path(local))
    {
        WARN("%s has no drive\n", debugstr_a(local));
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!(remote = drive_connection(local[0])))
    {
        WARN("%c: is not a network drive\n", local[0]);
        return MAPI_E_INVALID_PARAMETER;
    }
    sc = join_path(unc, size, remote, local + 2);
    HeapFree(GetProcessHeap(), 0, remote);
    return sc;
}

/* Tells whether unc lies under the share remote, as a whole path component. */
static BOOL unc_on_share(const char *unc, const char *remote, SIZE_T *remote_len)
{
    SIZE_T len = string_length(remote);

    while (len && remote[len - 1] == '\\') len--;
    if (!len || string_length(unc) < len) return FALSE;
    if (CompareStringA(LOCALE_INVARIANT, NORM_IGNORECASE, unc, len, remote, len) != CSTR_EQUAL)
        return FALSE;
    *remote_len = len;
    return !unc[len] || unc[len] == '\\';
}

/*************************************************************************
 *  ScLocalPathFromUNC@12 (MAPI32.193)
 *
 * Finds the path through a network drive of a UNC path.
 *
 * PARAMS
 *  unc   [I] A path as \\server\share\path.
 *  local [O] Receives the path as drive:\path.
 *  size  [I] Size of local in characters.
 *
 * RETURNS
 *  Success: S_OK; S_FALSE if unc is not a UNC path (it is copied).
 *  Failure: MAPI_E_NOT_FOUND if no drive is redirected to the share,
 *           MAPI_E_TOO_BIG if local is too small (it is left unchanged),
 *           MAPI_E_INVALID_PARAMETER for NULL pointers.
 */
SCODE WINAPI ScLocalPathFromUNC(LPSTR unc, LPSTR local, UINT size)
{
    char root[4] = "?:\\", *remote;
    DWORD drives;
    SIZE_T remote_len;
    SCODE sc;
    int i;

    TRACE("(%s,%p,%u)\n", debugstr_a(unc), local, size);

    if (!unc || !local || !size)
    {
        WARN("NULL path or empty buffer\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!is_unc_path(unc))
    {
        sc = join_path(local, size, unc, "");
        return sc == S_OK ? S_FALSE : sc;
    }

    drives = GetLogicalDrives();
    for (i = 0; i < 26; i++)
    {
        if (!(drives & (1u << i))) continue;
        root[0] = 'A' + i;
        if (GetDriveTypeA(root) != DRIVE_REMOTE || !(remote = drive_connection(root[0]))) continue;
        if (unc_on_share(unc, remote, &remote_len))
        {
            HeapFree(GetProcessHeap(), 0, remote);
            root[2] = 0;
            return join_path(local, size, root, unc[remote_len] ? unc + remote_len : "\\");
        }
        HeapFree(GetProcessHeap(), 0, remote);
    }
    TRACE("no drive for %s\n", debugstr_a(unc));
    return MAPI_E_NOT_FOUND;
}

/*
 * A conversation index is a 22-byte header, then a 5-byte block for each
 * reply or forward. The header is a reserved byte of 1 (the high byte of
 * every FILETIME between 1829 and 2057), the next five bytes of the current
 * FILETIME (bits 55 to 16, most significant first) and a new GUID with its
 * Data1, Data2 and Data3 big-endian. A child block holds, big-endian, a bit
 * that tells the scale and 31 bits of the time since the header: bits 48 to
 * 18 when that difference is below 2^49, bits 53 to 23 otherwise; then a
 * byte from GetTickCount() (random and sequence nibbles).
 */
#define CONVERSATION_HEADER_SIZE 22
#define CONVERSATION_CHILD_SIZE  5

static BYTE *put_big_endian(BYTE *out, ULONGLONG value, int bytes)
{
    while (bytes--) *out++ = value >> (bytes * 8);
    return out;
}

static ULONGLONG get_big_endian(const BYTE *in, int bytes)
{
    ULONGLONG value = 0;

    while (bytes--) value = value << 8 | *in++;
    return value;
}

static ULONGLONG current_filetime(void)
{
    FILETIME ft;

    GetSystemTimeAsFileTime(&ft);
    return (ULONGLONG)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}

static SCODE write_conversation_header(BYTE *out)
{
    GUID guid;

    if (FAILED(CoCreateGuid(&guid))) return MAPI_E_CALL_FAILED;
    *out++ = 1;
    out = put_big_endian(out, current_filetime() >> 16, 5);
    out = put_big_endian(out, guid.Data1, 4);
    out = put_big_endian(out, guid.Data2, 2);
    out = put_big_endian(out, guid.Data3, 2);
    memcpy(out, guid.Data4, sizeof(guid.Data4));
    return S_OK;
}

static void write_conversation_child(BYTE *out, const BYTE *header)
{
    ULONGLONG start = (ULONGLONG)header[0] << 56 | get_big_endian(header + 1, 5) << 16;
    ULONGLONG now = current_filetime(), delta = now > start ? now - start : 0;
    ULONG code;

    if (delta < (ULONGLONG)1 << 49)
        code = delta >> 18;
    else
        code = 0x80000000 | (ULONG)min(delta >> 23, 0x7fffffff);
    out = put_big_endian(out, code, 4);
    *out = GetTickCount();
}

/*************************************************************************
 *  ScCreateConversationIndex@16 (MAPI32.244)
 *
 * Makes the conversation index (PR_CONVERSATION_INDEX) of a new message
 * or of a reply.
 *
 * PARAMS
 *  parent_size [I] Size of the parent's index, 0 for a new conversation.
 *  parent      [I] The parent's index; may be NULL if parent_size is 0.
 *  size        [O] Receives the size of the new index.
 *  index       [O] Receives the new index, from MAPIAllocateBuffer.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers or a parent shorter
 *           than a header or too big to extend; MAPI_E_NOT_ENOUGH_MEMORY;
 *           MAPI_E_CALL_FAILED if no GUID could be made.
 *
 * NOTES
 *  A new conversation gets a header of the current time and a new GUID; a
 *  reply gets its parent's index followed by a block with the time since
 *  the conversation began (see above).
 */
SCODE WINAPI ScCreateConversationIndex(ULONG parent_size, LPBYTE parent, ULONG *size, LPBYTE *index)
{
    ULONG new_size = parent_size ? parent_size + CONVERSATION_CHILD_SIZE : CONVERSATION_HEADER_SIZE;
    BYTE *buffer;
    SCODE sc;

    TRACE("(%lu,%p,%p,%p)\n", parent_size, parent, size, index);

    if (size) *size = 0;
    if (index) *index = NULL;
    if (!size || !index)
    {
        WARN("NULL output\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    if (parent_size && (!parent || parent_size < CONVERSATION_HEADER_SIZE ||
                        parent_size > ~0UL - CONVERSATION_CHILD_SIZE))
    {
        WARN("bad parent index %p, %lu bytes\n", parent, parent_size);
        return MAPI_E_INVALID_PARAMETER;
    }

    if ((sc = MAPIAllocateBuffer(new_size, (void **)&buffer)) != S_OK) return sc;
    if (parent_size)
    {
        memcpy(buffer, parent, parent_size);
        write_conversation_child(buffer + parent_size, parent);
    }
    else if ((sc = write_conversation_header(buffer)) != S_OK)
    {
        MAPIFreeBuffer(buffer);
        return sc;
    }
    *size = new_size;
    *index = buffer;
    return S_OK;
}
