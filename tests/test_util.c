/*
 * MAPI's utility functions (util.c) and FGetComponentPath: results that
 * Microsoft's reference pages and Wine's tests on Windows give, and the
 * documented answers to bad input.
 */

#include <stdio.h>
#include "mapi32_test.h"
#include "winioctl.h"
#define WINE_MOUNTMGR_EXTENSIONS
#include "ddk/mountmgr.h"

/* Exported by mapi32 but not declared by Wine's headers (or, for the Ft
 * functions, declared as inline helpers); these are the SDK's prototypes. */
SCODE WINAPI ScGenerateMuid(LPMAPIUID);
void WINAPI SwapPlong(PULONG, ULONG);
void WINAPI SwapPword(PUSHORT, ULONG);
int WINAPI MNLS_lstrlenW(LPCWSTR);
int WINAPI MNLS_lstrcmpW(LPCWSTR, LPCWSTR);
LPWSTR WINAPI MNLS_lstrcpyW(LPWSTR, LPCWSTR);
int WINAPI MNLS_CompareStringW(LCID, DWORD, LPCWSTR, int, LPCWSTR, int);
BOOL WINAPI IsBadBoundedStringPtr(LPCSTR, ULONG);
HRESULT WINAPI HrSzFromEntryID(ULONG, LPENTRYID, LPSTR *);
HRESULT WINAPI HrEntryIDFromSz(LPSTR, ULONG *, LPENTRYID *);
void WINAPI EncodeID(LPBYTE, ULONG, LPSTR);
BOOL WINAPI FDecodeID(LPCSTR, LPBYTE, ULONG *);
ULONG WINAPI CchOfEncoding(ULONG);
ULONG WINAPI CbOfEncoded(LPCSTR);
SCODE WINAPI ScUNCFromLocalPath(LPSTR, LPSTR, UINT);
SCODE WINAPI ScLocalPathFromUNC(LPSTR, LPSTR, UINT);
SCODE WINAPI ScCreateConversationIndex(ULONG, LPBYTE, ULONG *, LPBYTE *);
BOOL WINAPI FGetComponentPath(LPCSTR, LPCSTR, LPSTR, DWORD, BOOL);

static FARPROC mapi32_proc(const char *name)
{
    FARPROC proc = GetProcAddress(GetModuleHandleA("mapi32.dll"), name);

    if (!proc) fail_msg("%s is not exported", name);
    return proc;
}

static void test_ScGenerateMuid(void **state)
{
    static const MAPIUID zero;
    MAPIUID a, b;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    assert_hr_equal(S_OK, ScGenerateMuid(&a));
    assert_hr_equal(S_OK, ScGenerateMuid(&b));
    assert_memory_not_equal(&a, &zero, sizeof(a));
    assert_memory_not_equal(&a, &b, sizeof(a));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScGenerateMuid(NULL));
}

static void test_HexFromBin(void **state)
{
    char hex[2 * 255 + 2], expected[2 * 255 + 1];
    BYTE bin[255];
    int i;

    /* Upper case digits, NUL-terminated, nothing written beyond (Wine's test on Windows). */
    for (i = 0; i < 255; i++)
    {
        bin[i] = i;
        expected[2 * i] = "0123456789ABCDEF"[i >> 4];
        expected[2 * i + 1] = "0123456789ABCDEF"[i & 15];
    }
    expected[2 * 255] = 0;
    memset(hex, 'X', sizeof(hex));
    HexFromBin(bin, sizeof(bin), hex);
    assert_string_equal(hex, expected);
    assert_int_equal(hex[2 * 255 + 1], 'X');

    memset(hex, 'X', sizeof(hex));
    HexFromBin(bin, 0, hex);
    assert_string_equal(hex, "");
    memset(hex, 'X', sizeof(hex));
    HexFromBin(bin, -5, hex);
    assert_string_equal(hex, "");
    memset(hex, 'X', sizeof(hex));
    HexFromBin(NULL, 4, hex);
    assert_string_equal(hex, "");
    HexFromBin(bin, 4, NULL);
}

static void test_FBinFromHex(void **state)
{
    static const BYTE untouched[4] = { 0xcc, 0xcc, 0xcc, 0xcc };
    char hex[2 * 255 + 1];
    BYTE bin[255];
    int i;

    for (i = 0; i < 255; i++) bin[i] = i;
    HexFromBin(bin, sizeof(bin), hex);
    memset(bin, 0, sizeof(bin));
    assert_true(FBinFromHex(hex, bin));
    for (i = 0; i < 255; i++)
        if (bin[i] != i) fail_msg("byte %d is %#x", i, bin[i]);

    /* Both cases of digits. */
    memset(bin, 0xcc, sizeof(bin));
    assert_true(FBinFromHex((char *)"fF0aA0", bin));
    assert_int_equal(bin[0], 0xff);
    assert_int_equal(bin[1], 0x0a);
    assert_int_equal(bin[2], 0xa0);
    assert_int_equal(bin[3], 0xcc);

    /* Bad digits and odd lengths fail and write nothing. */
    memset(bin, 0xcc, sizeof(bin));
    assert_false(FBinFromHex((char *)"01g2", bin));
    assert_memory_equal(bin, untouched, sizeof(untouched));
    assert_false(FBinFromHex((char *)"0102 3", bin));
    assert_memory_equal(bin, untouched, sizeof(untouched));
    assert_false(FBinFromHex((char *)"abc", bin));
    assert_memory_equal(bin, untouched, sizeof(untouched));
    assert_false(FBinFromHex((char *)"0x12", bin));
    assert_memory_equal(bin, untouched, sizeof(untouched));

    assert_true(FBinFromHex((char *)"", bin));
    assert_memory_equal(bin, untouched, sizeof(untouched));
    assert_false(FBinFromHex(NULL, bin));
    assert_false(FBinFromHex((char *)"00", NULL));
}

static void test_ScBinFromHexBounded(void **state)
{
    static const BYTE untouched[4] = { 0xcc, 0xcc, 0xcc, 0xcc };
    BYTE bin[4];

    /* Only as many bytes as the buffer holds are converted. */
    memset(bin, 0xcc, sizeof(bin));
    assert_hr_equal(S_OK, ScBinFromHexBounded((char *)"0102030405", bin, 2));
    assert_int_equal(bin[0], 0x01);
    assert_int_equal(bin[1], 0x02);
    assert_int_equal(bin[2], 0xcc);

    /* Digits beyond the bound are not looked at. */
    memset(bin, 0xcc, sizeof(bin));
    assert_hr_equal(S_OK, ScBinFromHexBounded((char *)"aBzz", bin, 1));
    assert_int_equal(bin[0], 0xab);
    assert_int_equal(bin[1], 0xcc);

    /* A shorter string is converted whole. */
    memset(bin, 0xcc, sizeof(bin));
    assert_hr_equal(S_OK, ScBinFromHexBounded((char *)"7f", bin, sizeof(bin)));
    assert_int_equal(bin[0], 0x7f);
    assert_int_equal(bin[1], 0xcc);

    memset(bin, 0xcc, sizeof(bin));
    assert_hr_equal(MAPI_E_CALL_FAILED, ScBinFromHexBounded((char *)"01zz", bin, sizeof(bin)));
    assert_memory_equal(bin, untouched, sizeof(untouched));
    assert_hr_equal(MAPI_E_CALL_FAILED, ScBinFromHexBounded((char *)"123", bin, sizeof(bin)));
    assert_memory_equal(bin, untouched, sizeof(untouched));

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScBinFromHexBounded(NULL, bin, sizeof(bin)));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScBinFromHexBounded((char *)"00", NULL, 1));
    assert_hr_equal(S_OK, ScBinFromHexBounded((char *)"00", NULL, 0));
}

static void test_SwapPlong_SwapPword(void **state)
{
    USHORT shorts[3] = { 0xff01, 0x10ff, 0x2001 };
    ULONG longs[3] = { 0xffff0001, 0x1000ffff, 0x20000001 };

    /* Wine's tests on Windows: only count elements are swapped. */
    SwapPword(shorts, 2);
    assert_int_equal(shorts[0], 0x01ff);
    assert_int_equal(shorts[1], 0xff10);
    assert_int_equal(shorts[2], 0x2001);
    SwapPlong(longs, 2);
    assert_int_equal(longs[0], 0x0100ffff);
    assert_int_equal(longs[1], 0xffff0010);
    assert_int_equal(longs[2], 0x20000001);

    SwapPword(shorts, 0);
    assert_int_equal(shorts[0], 0x01ff);
    SwapPword(NULL, 3);
    SwapPlong(NULL, 3);
}

static void test_MNLS(void **state)
{
    WCHAR buffer[8];

    assert_int_equal(MNLS_lstrlenW(L"abc"), 3);
    assert_int_equal(MNLS_lstrlenW(L""), 0);
    assert_int_equal(MNLS_lstrlenW(NULL), 0);

    assert_int_equal(MNLS_lstrcmpW(L"abc", L"abc"), 0);
    assert_true(MNLS_lstrcmpW(L"abc", L"abd") < 0);
    assert_true(MNLS_lstrcmpW(L"b", L"abc") > 0);
    assert_true(MNLS_lstrcmpW(NULL, L"a") < 0);
    assert_true(MNLS_lstrcmpW(L"a", NULL) > 0);
    assert_int_equal(MNLS_lstrcmpW(NULL, NULL), 0);

    memset(buffer, 0xcc, sizeof(buffer));
    assert_ptr_equal(MNLS_lstrcpyW(buffer, L"copy"), buffer);
    assert_memory_equal(buffer, L"copy", sizeof(L"copy"));
    assert_int_equal(buffer[5], 0xcccc);
    assert_null(MNLS_lstrcpyW(NULL, L"x"));
    assert_null(MNLS_lstrcpyW(buffer, NULL));

    assert_int_equal(MNLS_CompareStringW(LOCALE_INVARIANT, NORM_IGNORECASE, L"abc", -1, L"ABC", -1), CSTR_EQUAL);
    assert_int_equal(MNLS_CompareStringW(LOCALE_INVARIANT, 0, L"abc", -1, L"abd", -1), CSTR_LESS_THAN);
    assert_int_equal(MNLS_CompareStringW(LOCALE_INVARIANT, 0, L"abcd", 3, L"abc", -1), CSTR_EQUAL);
    assert_int_equal(MNLS_CompareStringW(LOCALE_INVARIANT, 0, L"b", -1, L"a", -1), CSTR_GREATER_THAN);
    /* Bad input: what CompareStringW answers. */
    assert_int_equal(MNLS_CompareStringW(LOCALE_INVARIANT, 0, NULL, -1, L"a", -1), 0);
}

static void test_FEqualNames(void **state)
{
    GUID guid1 = { 0x00020329, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } };
    GUID guid1_copy = guid1, guid2 = { 0x00062008, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } };
    WCHAR name[] = L"Keywords", name_copy[] = L"Keywords", name_upper[] = L"KEYWORDS";
    MAPINAMEID a, b;

    a.lpguid = &guid1;
    a.ulKind = MNID_ID;
    a.Kind.lID = 0x8501;
    b = a;
    b.lpguid = &guid1_copy;
    assert_true(FEqualNames(&a, &b));
    assert_true(FEqualNames(&a, &a));
    b.Kind.lID = 0x8502;
    assert_false(FEqualNames(&a, &b));
    b.Kind.lID = a.Kind.lID;
    b.lpguid = &guid2;
    assert_false(FEqualNames(&a, &b));

    a.ulKind = b.ulKind = MNID_STRING;
    a.lpguid = &guid1;
    b.lpguid = &guid1_copy;
    a.Kind.lpwstrName = name;
    b.Kind.lpwstrName = name_copy;
    assert_true(FEqualNames(&a, &b));
    b.Kind.lpwstrName = name_upper;
    assert_false(FEqualNames(&a, &b));

    /* An identifier never equals a string. */
    b.ulKind = MNID_ID;
    b.Kind.lID = 0x8501;
    assert_false(FEqualNames(&a, &b));

    /* Bad input. */
    assert_false(FEqualNames(NULL, &b));
    assert_false(FEqualNames(&a, NULL));
    b = a;
    b.lpguid = NULL;
    assert_false(FEqualNames(&a, &b));
    b = a;
    b.Kind.lpwstrName = NULL;
    assert_false(FEqualNames(&a, &b));
    a.ulKind = b.ulKind = 7;
    assert_false(FEqualNames(&a, &b));
}

static void test_IsBadBoundedStringPtr(void **state)
{
    /* Wine's tests on Windows. */
    assert_true(IsBadBoundedStringPtr(NULL, 0));
    assert_true(IsBadBoundedStringPtr("TEST", 4));
    assert_false(IsBadBoundedStringPtr("TEST", 5));

    assert_false(IsBadBoundedStringPtr("TEST", 500));
    assert_false(IsBadBoundedStringPtr("", 1));
    assert_true(IsBadBoundedStringPtr("", 0));
    assert_true(IsBadBoundedStringPtr(NULL, 10));
}

/* The Ft functions through the SDK's prototypes: FILETIMEs by value. */
static FILETIME ft(ULONGLONG value)
{
    FILETIME ret = { (DWORD)value, (DWORD)(value >> 32) };
    return ret;
}

static ULONGLONG u64(FILETIME value)
{
    return (ULONGLONG)value.dwHighDateTime << 32 | value.dwLowDateTime;
}

static void test_filetime_arithmetic(void **state)
{
    FILETIME (WINAPI *pFtAddFt)(FILETIME, FILETIME) = (void *)mapi32_proc("FtAddFt");
    FILETIME (WINAPI *pFtAdcFt)(FILETIME, FILETIME, WORD *) = (void *)mapi32_proc("FtAdcFt");
    FILETIME (WINAPI *pFtSubFt)(FILETIME, FILETIME) = (void *)mapi32_proc("FtSubFt");
    FILETIME (WINAPI *pFtMulDw)(DWORD, FILETIME) = (void *)mapi32_proc("FtMulDw");
    FILETIME (WINAPI *pFtMulDwDw)(DWORD, DWORD) = (void *)mapi32_proc("FtMulDwDw");
    FILETIME (WINAPI *pFtNegFt)(FILETIME) = (void *)mapi32_proc("FtNegFt");
    WORD carry;

    /* The decorated names are the same functions. */
    assert_ptr_equal((void *)pFtAddFt, (void *)mapi32_proc("FtAddFt@16"));
    assert_ptr_equal((void *)pFtAdcFt, (void *)mapi32_proc("FtAdcFt@20"));

    assert_int_equal(u64(pFtAddFt(ft(0xffffffff), ft(1))), 0x100000000ull);
    assert_int_equal(u64(pFtAddFt(ft(0x123456789abcdefull), ft(0x1111111111111111ull))), 0x123456789abcdf00ull);
    assert_int_equal(u64(pFtAddFt(ft(~0ull), ft(2))), 1);

    /* Minuend minus subtrahend, unsigned. */
    assert_int_equal(u64(pFtSubFt(ft(10), ft(3))), 7);
    assert_int_equal(u64(pFtSubFt(ft(3), ft(10))), (ULONGLONG)-7);
    assert_int_equal(u64(pFtSubFt(ft(0x100000000ull), ft(1))), 0xffffffff);

    assert_int_equal(u64(pFtMulDw(10000, ft(123456789))), 1234567890000ull);
    assert_int_equal(u64(pFtMulDw(0xffffffff, ft(0x100000001ull))), 0xffffffffffffffffull);
    assert_int_equal(u64(pFtMulDw(2, ft(0x8000000000000001ull))), 2);
    assert_int_equal(u64(pFtMulDwDw(0xffffffff, 0xffffffff)), 0xfffffffe00000001ull);
    assert_int_equal(u64(pFtMulDwDw(86400000, 7)), 604800000);

    assert_int_equal(u64(pFtNegFt(ft(1))), ~0ull);
    assert_int_equal(u64(pFtNegFt(ft(0))), 0);
    assert_int_equal(u64(pFtNegFt(ft(0x100000000ull))), 0xffffffff00000000ull);

    /* FtAdcFt: NULL or zero carry is FtAddFt; carries in and out. */
    assert_int_equal(u64(pFtAdcFt(ft(0xffffffff), ft(1), NULL)), 0x100000000ull);
    carry = 0;
    assert_int_equal(u64(pFtAdcFt(ft(5), ft(6), &carry)), 11);
    assert_int_equal(carry, 0);
    carry = 1;
    assert_int_equal(u64(pFtAdcFt(ft(5), ft(6), &carry)), 12);
    assert_int_equal(carry, 0);
    carry = 0;
    assert_int_equal(u64(pFtAdcFt(ft(~0ull), ft(2), &carry)), 1);
    assert_int_equal(carry, 1);
    carry = 1;
    assert_int_equal(u64(pFtAdcFt(ft(~0ull), ft(0), &carry)), 0);
    assert_int_equal(carry, 1);
    carry = 1;
    assert_int_equal(u64(pFtAdcFt(ft(~0ull), ft(~0ull), &carry)), ~0ull);
    assert_int_equal(carry, 1);
    carry = 1;
    assert_int_equal(u64(pFtAdcFt(ft(0xfffffffe), ft(0), &carry)), 0xffffffff);
    assert_int_equal(carry, 0);
}

static void test_FtDivFtBogus(void **state)
{
    FILETIME (WINAPI *pFtDivFtBogus)(FILETIME, FILETIME, DWORD) = (void *)mapi32_proc("FtDivFtBogus");
    /* Reciprocals from the MAPI SDK's time conversion sample. */
    const ULONGLONG by_10000 = 0xd1b71758e219652cull, by_10000000 = 0xd6bf94d5e57a42bdull;
    const ULONGLONG by_86400000 = 0xc6d750ebfa67b90eull;
    static const ULONGLONG values[] =
    {
        0, 1, 9999, 10000, 10001, 99999999, 132537600123456789ull, 0x7fffffffffffffffull,
        0xffffffffffffffffull, 0x0123456789abcdefull,
    };
    int i;

    for (i = 0; i < ARRAY_SIZE(values); i++)
    {
        assert_int_equal(u64(pFtDivFtBogus(ft(values[i]), ft(by_10000), 13)), values[i] / 10000);
        assert_int_equal(u64(pFtDivFtBogus(ft(values[i]), ft(by_10000000), 23)), values[i] / 10000000);
        assert_int_equal(u64(pFtDivFtBogus(ft(values[i] >> 6), ft(by_86400000), 26)), (values[i] >> 6) / 86400000);
    }
    /* The high half of the product, unshifted. */
    assert_int_equal(u64(pFtDivFtBogus(ft(0x100000000ull), ft(0x300000000ull), 0)), 3);
    assert_int_equal(u64(pFtDivFtBogus(ft(~0ull), ft(~0ull), 0)), 0xfffffffffffffffeull);
    assert_int_equal(u64(pFtDivFtBogus(ft(~0ull), ft(~0ull), 64)), 0);
    assert_int_equal(u64(pFtDivFtBogus(ft(~0ull), ft(~0ull), 200)), 0);
}

struct counted
{
    IUnknown IUnknown_iface;
    LONG ref;
};

static struct counted *impl_from_IUnknown(IUnknown *iface)
{
    return CONTAINING_RECORD(iface, struct counted, IUnknown_iface);
}

static HRESULT WINAPI counted_QueryInterface(IUnknown *iface, REFIID iid, void **out)
{
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI counted_AddRef(IUnknown *iface)
{
    return InterlockedIncrement(&impl_from_IUnknown(iface)->ref);
}

static ULONG WINAPI counted_Release(IUnknown *iface)
{
    return InterlockedDecrement(&impl_from_IUnknown(iface)->ref);
}

static IUnknownVtbl counted_vtbl = { counted_QueryInterface, counted_AddRef, counted_Release };

static void test_UlAddRef_UlRelease(void **state)
{
    struct counted object = { { &counted_vtbl }, 1 };

    assert_int_equal(UlAddRef(&object.IUnknown_iface), 2);
    assert_int_equal(UlAddRef(&object.IUnknown_iface), 3);
    assert_int_equal(UlRelease(&object.IUnknown_iface), 2);
    assert_int_equal(object.ref, 2);
    assert_int_equal(UlRelease(&object.IUnknown_iface), 1);
    assert_int_equal(UlAddRef(NULL), 0);
    assert_int_equal(UlRelease(NULL), 0);
}

static void test_SzFind(void **state)
{
    char str[] = "abcabc", text[] = "hello world";

    assert_ptr_equal(SzFindCh(str, 'b'), str + 1);
    assert_ptr_equal(SzFindCh(str, 'a'), str);
    assert_null(SzFindCh(str, 'B'));
    assert_null(SzFindCh(str, 'z'));
    assert_null(SzFindCh(NULL, 'a'));

    assert_ptr_equal(SzFindLastCh(str, 'b'), str + 4);
    assert_ptr_equal(SzFindLastCh(str, 'c'), str + 5);
    assert_null(SzFindLastCh(str, 'C'));
    assert_null(SzFindLastCh(NULL, 'a'));

    assert_ptr_equal(SzFindSz(text, "wor"), text + 6);
    assert_ptr_equal(SzFindSz(text, "hello"), text);
    assert_ptr_equal(SzFindSz(text, "o"), text + 4);
    assert_null(SzFindSz(text, "WOR"));
    assert_null(SzFindSz(text, "worlds"));
    assert_null(SzFindSz("ab", "abc"));
    assert_null(SzFindSz(NULL, "a"));
    assert_null(SzFindSz(text, NULL));
}

static void test_UFromSz_UlFromSzHex(void **state)
{
    /* The reference pages' examples, and Wine's tests on Windows. */
    assert_int_equal(UFromSz("55"), 55);
    assert_int_equal(UFromSz("5a5b"), 5);
    assert_int_equal(UFromSz("a5b5"), 0);
    assert_int_equal(UFromSz("105679"), 105679);
    assert_int_equal(UFromSz(" 4"), 0);
    assert_int_equal(UFromSz("4294967295"), 4294967295u);
    assert_int_equal(UFromSz(""), 0);
    assert_int_equal(UFromSz(NULL), 0);

    assert_int_equal(UlFromSzHex("5a"), 90);
    assert_int_equal(UlFromSzHex("5g5h"), 5);
    assert_int_equal(UlFromSzHex("g5h5"), 0);
    assert_int_equal(UlFromSzHex("fF"), 0xff);
    assert_int_equal(UlFromSzHex(" c"), 0);
    assert_int_equal(UlFromSzHex("abc"), 0xabc);
    assert_int_equal(UlFromSzHex("DeadBeef"), 0xdeadbeef);
    assert_int_equal(UlFromSzHex(""), 0);
    assert_int_equal(UlFromSzHex(NULL), 0);
}

static void test_CbOfEncoded(void **state)
{
    char buffer[129];
    unsigned int i;

    /* Wine's test on Windows. */
    for (i = 0; i < sizeof(buffer) - 1; i++)
    {
        memset(buffer, 0, sizeof(buffer));
        memset(buffer, '?', i);
        assert_int_equal(CbOfEncoded(buffer), (((i | 3) >> 2) + 1) * 3);
    }
    assert_int_equal(CbOfEncoded(NULL), 0);
}

static void test_CchOfEncoding(void **state)
{
    /* Four characters for three bytes, a count for each line of 45, a NUL. */
    assert_int_equal(CchOfEncoding(0), 2);
    assert_int_equal(CchOfEncoding(1), 4);
    assert_int_equal(CchOfEncoding(2), 5);
    assert_int_equal(CchOfEncoding(3), 6);
    assert_int_equal(CchOfEncoding(44), 61);
    assert_int_equal(CchOfEncoding(45), 63);
    assert_int_equal(CchOfEncoding(46), 65);
    /* Too big to count in a ULONG. */
    assert_int_equal(CchOfEncoding(0xffffffff), 0xffffffff);
}

static void test_EncodeID_FDecodeID(void **state)
{
    BYTE bin[200], decoded[200 + 8];
    char encoded[300];
    ULONG size, len, i;

    /* uuencode: count ' ' + 3 = '#', six-bit groups 0 0 4 2 as "``$\"". */
    bin[0] = 0x00; bin[1] = 0x01; bin[2] = 0x02;
    memset(encoded, 'X', sizeof(encoded));
    EncodeID(bin, 3, encoded);
    assert_string_equal(encoded, "#``$\"");
    EncodeID(bin, 0, encoded);
    assert_string_equal(encoded, "");
    bin[0] = 0xff;
    EncodeID(bin, 1, encoded);
    assert_string_equal(encoded, "!_P");

    /* Lines of 45 bytes; every length decodes back. */
    for (i = 0; i < sizeof(bin); i++) bin[i] = (BYTE)(i * 37 + 11);
    EncodeID(bin, 100, encoded);
    assert_int_equal(encoded[0], 'M');
    assert_int_equal(encoded[61], 'M');
    assert_int_equal(encoded[122], ' ' + 10);
    assert_int_equal(strlen(encoded), 122 + 1 + 14);

    for (size = 0; size <= sizeof(bin); size++)
    {
        memset(encoded, 'X', sizeof(encoded));
        EncodeID(bin, size, encoded);
        len = strlen(encoded) + 1;
        if (len > CchOfEncoding(size) || len + (size % 45 == 0) != CchOfEncoding(size))
            fail_msg("%lu bytes: %lu characters, CchOfEncoding %lu", size, len, CchOfEncoding(size));
        for (i = 0; i + 1 < len; i++)
            if (encoded[i] < ' ' + 1 || encoded[i] > '`') fail_msg("%lu bytes: character %#x", size, encoded[i]);
        if (CbOfEncoded(encoded) < size) fail_msg("%lu bytes: CbOfEncoded %lu", size, CbOfEncoded(encoded));

        memset(decoded, 0xcc, sizeof(decoded));
        len = 0xdeadbeef;
        assert_true(FDecodeID(encoded, decoded, &len));
        assert_int_equal(len, size);
        assert_memory_equal(decoded, bin, size);
        assert_int_equal(decoded[size], 0xcc);
    }

    /* Garbled strings fail without writing. */
    memset(decoded, 0xcc, sizeof(decoded));
    len = 0xdeadbeef;
    assert_false(FDecodeID("#``$", decoded, &len));
    assert_int_equal(len, 0);
    assert_int_equal(decoded[0], 0xcc);
    assert_false(FDecodeID("#``${", decoded, &len));
    assert_false(FDecodeID("#``a\"", decoded, &len));
    assert_false(FDecodeID("#``$\"#``$", decoded, &len));
    assert_false(FDecodeID("#``\n\"", decoded, &len));
    assert_int_equal(decoded[0], 0xcc);
    /* Spaces are zeros, as in uuencode. */
    assert_true(FDecodeID("#  $\"", decoded, &len));
    assert_int_equal(len, 3);
    assert_int_equal(decoded[0], 0);
    assert_int_equal(decoded[1], 1);
    assert_int_equal(decoded[2], 2);
    assert_true(FDecodeID("", decoded, &len));
    assert_int_equal(len, 0);

    assert_false(FDecodeID(NULL, decoded, &len));
    assert_false(FDecodeID("#``$\"", NULL, &len));
    assert_false(FDecodeID("#``$\"", decoded, NULL));
    EncodeID(bin, 3, NULL);
    EncodeID(NULL, 3, encoded);
    assert_string_equal(encoded, "");
}

static void test_HrSzFromEntryID(void **state)
{
    BYTE eid[24];
    char expected[64], *str;
    ENTRYID *decoded;
    ULONG size, i;

    for (i = 0; i < sizeof(eid); i++) eid[i] = (BYTE)(0xf0 - i * 7);
    EncodeID(eid, sizeof(eid), expected);

    str = NULL;
    assert_hr_equal(S_OK, HrSzFromEntryID(sizeof(eid), (ENTRYID *)eid, &str));
    assert_non_null(str);
    assert_string_equal(str, expected);

    size = 0;
    decoded = NULL;
    assert_hr_equal(S_OK, HrEntryIDFromSz(str, &size, &decoded));
    assert_int_equal(size, sizeof(eid));
    assert_non_null(decoded);
    assert_memory_equal(decoded, eid, sizeof(eid));
    /* Both come from MAPIAllocateBuffer. */
    assert_int_equal(MAPIFreeBuffer(decoded), S_OK);
    assert_int_equal(MAPIFreeBuffer(str), S_OK);

    /* Bad input. */
    str = (char *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrSzFromEntryID(sizeof(eid), NULL, &str));
    assert_null(str);
    str = (char *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrSzFromEntryID(0, (ENTRYID *)eid, &str));
    assert_null(str);
    str = (char *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrSzFromEntryID(0xffffffff, (ENTRYID *)eid, &str));
    assert_null(str);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrSzFromEntryID(sizeof(eid), (ENTRYID *)eid, NULL));

    size = 5;
    decoded = (ENTRYID *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, HrEntryIDFromSz((char *)"#``$", &size, &decoded));
    assert_int_equal(size, 0);
    assert_null(decoded);
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, HrEntryIDFromSz((char *)"{{{{", &size, &decoded));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, HrEntryIDFromSz((char *)"", &size, &decoded));
    assert_null(decoded);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrEntryIDFromSz(NULL, &size, &decoded));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrEntryIDFromSz(expected, NULL, &decoded));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrEntryIDFromSz(expected, &size, NULL));
}

/* A network drive, as Wine makes one: a drive of type DRIVE_REMOTE whose
 * dosdevices link points to a folder under "unc/", which WNetGetConnection
 * reports as \\\\server\\share. Made through Wine's mount manager, as
 * winecfg does. */
static BOOL define_network_drive(char letter, const char *share_link)
{
    char buffer[sizeof(struct mountmgr_unix_drive) + MAX_PATH];
    struct mountmgr_unix_drive *drive = (struct mountmgr_unix_drive *)buffer;
    HANDLE manager;
    DWORD size = sizeof(*drive), returned;
    BOOL ret;

    memset(drive, 0, sizeof(*drive));
    drive->letter = letter - 'A' + 'a';
    if (share_link)
    {
        drive->type = DRIVE_REMOTE;
        drive->mount_point_offset = size;
        strcpy(buffer + size, share_link);
        size += strlen(share_link) + 1;
    }
    else drive->type = DRIVE_NO_ROOT_DIR;
    drive->size = size;

    manager = CreateFileW(MOUNTMGR_DOS_DEVICE_NAME, GENERIC_READ | GENERIC_WRITE,
                          FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, 0);
    if (manager == INVALID_HANDLE_VALUE) return FALSE;
    ret = DeviceIoControl(manager, IOCTL_MOUNTMGR_DEFINE_UNIX_DRIVE, drive, size, NULL, 0, &returned, NULL);
    CloseHandle(manager);
    return ret;
}

static char free_drive_letter(void)
{
    DWORD drives = GetLogicalDrives();
    int i;

    for (i = 'Z' - 'A'; i >= 'D' - 'A'; i--)
        if (!(drives & (1u << i))) return 'A' + i;
    return 0;
}

static const char * const share_folders[] = { "unc", "unc/mapiserver", "unc/mapiserver/share" };
static char network_drive;

/* The share's folder in the prefix's dosdevices, through drive Z: (the Unix root). */
static BOOL share_folder_path(char *path, int level)
{
    char prefix[MAX_PATH];
    DWORD len = GetEnvironmentVariableA("WINEPREFIX", prefix, sizeof(prefix));

    if (!len || len >= sizeof(prefix) - 64) return FALSE;
    sprintf(path, "Z:%s/dosdevices/%s", prefix, share_folders[level]);
    return TRUE;
}

static int teardown_network_drive(void **state)
{
    char path[MAX_PATH + 64];
    int i, ret = 0;

    if (network_drive && !define_network_drive(network_drive, NULL)) ret = -1;
    network_drive = 0;
    for (i = ARRAY_SIZE(share_folders) - 1; i >= 0; i--)
        if (share_folder_path(path, i)) RemoveDirectoryA(path);
    return ret;
}

static int setup_network_drive(void **state)
{
    char root[] = "?:\\", path[MAX_PATH + 64];
    int i;

    for (i = 0; i < ARRAY_SIZE(share_folders); i++)
    {
        if (!share_folder_path(path, i))
        {
            print_error("WINEPREFIX is not set\n");
            return -1;
        }
        if (!CreateDirectoryA(path, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
        {
            print_error("cannot create %s, error %lu\n", path, GetLastError());
            teardown_network_drive(state);
            return -1;
        }
    }
    if (!(root[0] = free_drive_letter()) || !define_network_drive(root[0], "unc/mapiserver/share"))
    {
        print_error("cannot define a network drive, error %lu\n", GetLastError());
        teardown_network_drive(state);
        return -1;
    }
    network_drive = root[0];
    if (GetDriveTypeA(root) != DRIVE_REMOTE)
    {
        print_error("%s is not a network drive: type %u\n", root, GetDriveTypeA(root));
        teardown_network_drive(state);
        return -1;
    }
    return 0;
}

static void test_ScUNCFromLocalPath(void **state)
{
    char unc[MAX_PATH], system_dir[MAX_PATH], path[MAX_PATH];

    /* A path on a network drive. */
    sprintf(path, "%c:\\dir\\file.txt", network_drive);
    memset(unc, 'X', sizeof(unc));
    assert_hr_equal(S_OK, ScUNCFromLocalPath(path, unc, sizeof(unc)));
    assert_string_equal(unc, "\\\\mapiserver\\share\\dir\\file.txt");
    assert_hr_equal(S_OK, ScUNCFromLocalPath(path, unc, sizeof("\\\\mapiserver\\share\\dir\\file.txt")));
    assert_string_equal(unc, "\\\\mapiserver\\share\\dir\\file.txt");
    memset(unc, 'X', sizeof(unc));
    assert_hr_equal(MAPI_E_TOO_BIG, ScUNCFromLocalPath(path, unc, sizeof("\\\\mapiserver\\share\\dir\\file.txt") - 1));
    assert_int_equal(unc[0], 'X');
    sprintf(path, "%c:", network_drive);
    assert_hr_equal(S_OK, ScUNCFromLocalPath(path, unc, sizeof(unc)));
    assert_string_equal(unc, "\\\\mapiserver\\share");
    sprintf(path, "%c:dir", network_drive);
    assert_hr_equal(S_OK, ScUNCFromLocalPath(path, unc, sizeof(unc)));
    assert_string_equal(unc, "\\\\mapiserver\\share\\dir");

    /* A UNC path is already one: copied, S_FALSE. */
    memset(unc, 'X', sizeof(unc));
    assert_hr_equal(S_FALSE, ScUNCFromLocalPath((char *)"\\\\server\\share\\file.txt", unc, sizeof(unc)));
    assert_string_equal(unc, "\\\\server\\share\\file.txt");
    memset(unc, 'X', sizeof(unc));
    assert_hr_equal(MAPI_E_TOO_BIG, ScUNCFromLocalPath((char *)"\\\\server\\share\\file.txt", unc, 10));
    assert_int_equal(unc[0], 'X');
    assert_hr_equal(S_FALSE, ScUNCFromLocalPath((char *)"\\\\s\\x", unc, 6));
    assert_string_equal(unc, "\\\\s\\x");

    /* A drive that is not redirected to the network has no UNC path. */
    assert_true(GetSystemDirectoryA(system_dir, sizeof(system_dir)) > 2);
    memset(path, 0, sizeof(path));
    memcpy(path, system_dir, 3);
    assert_int_not_equal(GetDriveTypeA(path), DRIVE_REMOTE);
    memset(unc, 'X', sizeof(unc));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScUNCFromLocalPath(system_dir, unc, sizeof(unc)));
    assert_int_equal(unc[0], 'X');
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScUNCFromLocalPath((char *)"relative\\path", unc, sizeof(unc)));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScUNCFromLocalPath((char *)"", unc, sizeof(unc)));

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScUNCFromLocalPath(NULL, unc, sizeof(unc)));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScUNCFromLocalPath(system_dir, NULL, sizeof(unc)));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScUNCFromLocalPath(system_dir, unc, 0));
}

static void test_ScLocalPathFromUNC(void **state)
{
    char local[MAX_PATH], expected[MAX_PATH];

    /* The share is found through the network drive, its name in any case. */
    sprintf(expected, "%c:\\dir\\file.txt", network_drive);
    memset(local, 'X', sizeof(local));
    assert_hr_equal(S_OK, ScLocalPathFromUNC((char *)"\\\\MapiServer\\SHARE\\dir\\file.txt", local, sizeof(local)));
    assert_string_equal(local, expected);
    memset(local, 'X', sizeof(local));
    assert_hr_equal(MAPI_E_TOO_BIG, ScLocalPathFromUNC((char *)"\\\\mapiserver\\share\\dir\\file.txt", local, strlen(expected)));
    assert_int_equal(local[0], 'X');
    sprintf(expected, "%c:\\", network_drive);
    assert_hr_equal(S_OK, ScLocalPathFromUNC((char *)"\\\\mapiserver\\share", local, sizeof(local)));
    assert_string_equal(local, expected);
    /* A share whose name only begins like the drive's is another share. */
    assert_hr_equal(MAPI_E_NOT_FOUND, ScLocalPathFromUNC((char *)"\\\\mapiserver\\shared\\x", local, sizeof(local)));

    /* A local path is already one: copied, S_FALSE. */
    memset(local, 'X', sizeof(local));
    assert_hr_equal(S_FALSE, ScLocalPathFromUNC((char *)"C:\\dir\\file.txt", local, sizeof(local)));
    assert_string_equal(local, "C:\\dir\\file.txt");
    memset(local, 'X', sizeof(local));
    assert_hr_equal(MAPI_E_TOO_BIG, ScLocalPathFromUNC((char *)"C:\\dir\\file.txt", local, 15));
    assert_int_equal(local[0], 'X');

    /* No drive leads to this share. */
    memset(local, 'X', sizeof(local));
    assert_hr_equal(MAPI_E_NOT_FOUND, ScLocalPathFromUNC((char *)"\\\\no-such-server\\share\\f", local, sizeof(local)));
    assert_int_equal(local[0], 'X');

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScLocalPathFromUNC(NULL, local, sizeof(local)));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScLocalPathFromUNC((char *)"\\\\s\\x", NULL, sizeof(local)));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScLocalPathFromUNC((char *)"\\\\s\\x", local, 0));
}

static ULONGLONG now(void)
{
    FILETIME time;

    GetSystemTimeAsFileTime(&time);
    return u64(time);
}

static ULONGLONG big_endian(const BYTE *bytes, int count)
{
    ULONGLONG value = 0;

    while (count--) value = value << 8 | *bytes++;
    return value;
}

/* The time of a conversation index header: its first six bytes are the top
 * of a FILETIME, most significant first. */
static ULONGLONG header_time(const BYTE *index)
{
    return big_endian(index, 6) << 16;
}

static void make_header(BYTE *index, ULONGLONG time)
{
    int i;

    for (i = 0; i < 6; i++) index[i] = (BYTE)(time >> (56 - 8 * i));
    for (i = 6; i < 22; i++) index[i] = (BYTE)(i * 11);
}

/* A reply's block: a scale bit and 31 bits of the time since the header. */
static void check_child(const BYTE *block, ULONGLONG start, ULONGLONG before, ULONGLONG after)
{
    ULONG code = (ULONG)big_endian(block, 4);

    start &= ~(ULONGLONG)0xffff;
    if (after - start < (ULONGLONG)1 << 49)
    {
        assert_int_equal(code & 0x80000000, 0);
        assert_in_range(code, (before - start) >> 18, (after - start) >> 18);
    }
    else
    {
        assert_int_equal(code & 0x80000000, 0x80000000);
        assert_in_range(code & 0x7fffffff, (before - start) >> 23, (after - start) >> 23);
    }
}

static void test_ScCreateConversationIndex(void **state)
{
    static const ULONGLONG hour = 36000000000ull, year = 365 * 24 * hour;
    BYTE *index, *other, *child, *grandchild, parent[22 + 5], parent_copy[sizeof(parent)];
    ULONGLONG before, after, start;
    ULONG size, other_size, child_size;

    /* A new conversation: 1, five bytes of the time, a GUID. */
    before = now();
    assert_hr_equal(S_OK, ScCreateConversationIndex(0, NULL, &size, &index));
    after = now();
    assert_int_equal(size, 22);
    assert_int_equal(index[0], 1);
    assert_in_range(header_time(index), before & ~0xffffull, after & ~0xffffull);
    assert_hr_equal(S_OK, ScCreateConversationIndex(0, NULL, &other_size, &other));
    assert_int_equal(other_size, 22);
    assert_memory_not_equal(index + 6, other + 6, 16);
    assert_int_equal(MAPIFreeBuffer(other), S_OK);

    /* A reply: the parent, then 5 bytes. */
    before = now();
    assert_hr_equal(S_OK, ScCreateConversationIndex(size, index, &child_size, &child));
    after = now();
    assert_int_equal(child_size, 27);
    assert_memory_equal(child, index, 22);
    check_child(child + 22, header_time(index), before, after);

    /* A reply to the reply keeps both. */
    assert_hr_equal(S_OK, ScCreateConversationIndex(child_size, child, &size, &grandchild));
    assert_int_equal(size, 32);
    assert_memory_equal(grandchild, child, 27);
    assert_int_equal(MAPIFreeBuffer(grandchild), S_OK);
    assert_int_equal(MAPIFreeBuffer(child), S_OK);
    assert_int_equal(MAPIFreeBuffer(index), S_OK);

    /* Time since the conversation began: an hour, in the fine scale... */
    start = now() - hour;
    make_header(parent, start);
    memcpy(parent_copy, parent, sizeof(parent));
    before = now();
    assert_hr_equal(S_OK, ScCreateConversationIndex(22, parent, &size, &child));
    after = now();
    assert_int_equal(size, 27);
    assert_memory_equal(parent, parent_copy, 22);
    assert_memory_equal(child, parent, 22);
    check_child(child + 22, start, before, after);
    assert_true((big_endian(child + 22, 4) & 0x7fffffff) > 0);
    assert_int_equal(MAPIFreeBuffer(child), S_OK);

    /* ... three years, past 2^49 ticks, in the coarse one... */
    start = now() - 3 * year;
    make_header(parent, start);
    before = now();
    assert_hr_equal(S_OK, ScCreateConversationIndex(22, parent, &size, &child));
    after = now();
    check_child(child + 22, start, before, after);
    assert_int_equal(child[22] & 0x80, 0x80);
    assert_int_equal(MAPIFreeBuffer(child), S_OK);

    /* ... and a parent from the future counts as no time at all. */
    make_header(parent, now() + 24 * hour);
    assert_hr_equal(S_OK, ScCreateConversationIndex(22, parent, &size, &child));
    assert_int_equal(big_endian(child + 22, 4), 0);
    assert_int_equal(MAPIFreeBuffer(child), S_OK);

    /* Bad input. */
    size = 7;
    index = (BYTE *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCreateConversationIndex(21, parent, &size, &index));
    assert_int_equal(size, 0);
    assert_null(index);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCreateConversationIndex(22, NULL, &size, &index));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCreateConversationIndex(0xffffffff, parent, &size, &index));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCreateConversationIndex(0xfffffffc, parent, &size, &index));
    assert_null(index);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCreateConversationIndex(0, NULL, NULL, &index));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCreateConversationIndex(0, NULL, &size, NULL));
}

static void test_FGetComponentPath(void **state)
{
    static const char unknown[] = "{473FF9B0-D659-11D1-A4B2-006008AF820E}";
    char path[MAX_PATH];

    memset(path, 'X', sizeof(path));
    assert_false(FGetComponentPath("{11111111-2222-3333-4444-555555555555}", NULL, path, sizeof(path), FALSE));
    assert_int_equal(path[0], 0);
    memset(path, 'X', sizeof(path));
    assert_false(FGetComponentPath(unknown, "1033\\NT", path, sizeof(path), FALSE));
    assert_int_equal(path[0], 0);
    memset(path, 'X', sizeof(path));
    assert_false(FGetComponentPath("not a guid", NULL, path, sizeof(path), FALSE));
    assert_int_equal(path[0], 0);

    /* Bad input: FALSE, and no write without room. */
    memset(path, 'X', sizeof(path));
    assert_false(FGetComponentPath(NULL, NULL, path, sizeof(path), FALSE));
    assert_int_equal(path[0], 0);
    memset(path, 'X', sizeof(path));
    assert_false(FGetComponentPath(unknown, NULL, path, 0, FALSE));
    assert_int_equal(path[0], 'X');
    assert_false(FGetComponentPath(unknown, NULL, NULL, sizeof(path), FALSE));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_ScGenerateMuid),
        cmocka_unit_test(test_HexFromBin),
        cmocka_unit_test(test_FBinFromHex),
        cmocka_unit_test(test_ScBinFromHexBounded),
        cmocka_unit_test(test_SwapPlong_SwapPword),
        cmocka_unit_test(test_MNLS),
        cmocka_unit_test(test_FEqualNames),
        cmocka_unit_test(test_IsBadBoundedStringPtr),
        cmocka_unit_test(test_filetime_arithmetic),
        cmocka_unit_test(test_FtDivFtBogus),
        cmocka_unit_test(test_UlAddRef_UlRelease),
        cmocka_unit_test(test_SzFind),
        cmocka_unit_test(test_UFromSz_UlFromSzHex),
        cmocka_unit_test(test_CbOfEncoded),
        cmocka_unit_test(test_CchOfEncoding),
        cmocka_unit_test(test_EncodeID_FDecodeID),
        cmocka_unit_test(test_HrSzFromEntryID),
        cmocka_unit_test_setup_teardown(test_ScUNCFromLocalPath, setup_network_drive, teardown_network_drive),
        cmocka_unit_test_setup_teardown(test_ScLocalPathFromUNC, setup_network_drive, teardown_network_drive),
        cmocka_unit_test(test_ScCreateConversationIndex),
        cmocka_unit_test(test_FGetComponentPath),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
