/*
 * The property value functions of prop.c: sizing, copying, relocating,
 * comparing and finding SPropValues, the IMAPIProp helpers and the FBad*
 * validators. Expected values marked "Windows" are those Wine's own tests
 * check on Windows.
 */

#include "mapi32_test.h"
#include "mapival.h"

#include <float.h>
#include <limits.h>
#include <math.h>

/* mapival.h declares only the W form. */
BOOL WINAPI FBadRglpszA(LPSTR *strs, ULONG count);

/* SDK definitions Wine's headers lack. */
#ifndef RES_COUNT
#define RES_COUNT 11U
typedef struct _SCountRestriction
{
    ULONG          ulCount;
    LPSRestriction lpRes;
} SCountRestriction;
#endif
#ifndef IMPORTANCE_HIGH
#define IMPORTANCE_LOW  0
#define IMPORTANCE_HIGH 2
#endif
#ifndef CbNewADRLIST
#define CbNewADRLIST(c) (offsetof(ADRLIST, aEntries) + (c) * sizeof(ADRENTRY))
#endif
#ifndef CbNewSPropProblemArray
#define CbNewSPropProblemArray(c) (offsetof(SPropProblemArray, aProblem) + (c) * sizeof(SPropProblem))
#endif
#ifndef SizedSSortOrderSet
#define SizedSSortOrderSet(n, name) \
    struct { ULONG cSorts; ULONG cCategories; ULONG cExpanded; SSortOrder aSort[n]; } name
#endif

#define TAG(type, id) PROP_TAG((type), (id))

static char hi_a[] = "Hi!";
static WCHAR hi_w[] = L"Hi!";
static GUID guid_a = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
static GUID guid_b = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 9}};
static BYTE bytes[] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02};

/* Values of every multi-valued type, shared by several tests. */
static SHORT mv_i2[] = {1, -2, 3};
static LONG mv_long[] = {100, -200, 300};
static float mv_r4[] = {1.5f, -2.5f};
static double mv_dbl[] = {1.25, -2.5, 1e100};
static CY mv_cur[] = {{.int64 = 10000}, {.int64 = -5}};
static double mv_at[] = {45000.5};
static FILETIME mv_ft[] = {{1, 2}, {3, 4}};
static GUID mv_guid[] = {{1, 2, 3, {4}}, {5, 6, 7, {8}}};
static LARGE_INTEGER mv_i8[] = {{.QuadPart = -1}, {.QuadPart = 0x123456789abcdefLL}};
static char *mv_str_a[] = {(char *)"one", (char *)"", (char *)"three"};
static WCHAR *mv_str_w[] = {(WCHAR *)L"uno", (WCHAR *)L"dos"};
static SBinary mv_bin[] = {{3, (BYTE *)"abc"}, {0, NULL}, {2, (BYTE *)"xy"}};

/* One property of every type that can be copied, single and multi-valued. */
static ULONG make_every_type(SPropValue *props)
{
    ULONG n = 0;

    props[n].ulPropTag = TAG(PT_I2, 0x6001); props[n++].Value.i = -7;
    props[n].ulPropTag = TAG(PT_LONG, 0x6002); props[n++].Value.l = 123456;
    props[n].ulPropTag = TAG(PT_R4, 0x6003); props[n++].Value.flt = 2.5f;
    props[n].ulPropTag = TAG(PT_DOUBLE, 0x6004); props[n++].Value.dbl = -3.75;
    props[n].ulPropTag = TAG(PT_CURRENCY, 0x6005); props[n++].Value.cur.int64 = 99990000;
    props[n].ulPropTag = TAG(PT_APPTIME, 0x6006); props[n++].Value.at = 40000.25;
    props[n].ulPropTag = TAG(PT_ERROR, 0x6007); props[n++].Value.err = MAPI_E_NOT_FOUND;
    props[n].ulPropTag = TAG(PT_BOOLEAN, 0x6008); props[n++].Value.b = TRUE;
    props[n].ulPropTag = TAG(PT_OBJECT, 0x6009); props[n++].Value.x = 0;
    props[n].ulPropTag = TAG(PT_I8, 0x600a); props[n++].Value.li.QuadPart = -1234567890123LL;
    props[n].ulPropTag = TAG(PT_STRING8, 0x600b); props[n++].Value.lpszA = (char *)"odd";
    props[n].ulPropTag = TAG(PT_UNICODE, 0x600c); props[n++].Value.lpszW = (WCHAR *)L"wide string";
    props[n].ulPropTag = TAG(PT_SYSTIME, 0x600d);
    props[n].Value.ft.dwLowDateTime = 5; props[n++].Value.ft.dwHighDateTime = 6;
    props[n].ulPropTag = TAG(PT_CLSID, 0x600e); props[n++].Value.lpguid = &guid_a;
    props[n].ulPropTag = TAG(PT_BINARY, 0x600f);
    props[n].Value.bin.cb = 5; props[n++].Value.bin.lpb = bytes;
    props[n].ulPropTag = TAG(PT_BINARY, 0x6010);
    props[n].Value.bin.cb = 0; props[n++].Value.bin.lpb = NULL;
    props[n].ulPropTag = TAG(PT_MV_I2, 0x6011);
    props[n].Value.MVi.cValues = ARRAY_SIZE(mv_i2); props[n++].Value.MVi.lpi = mv_i2;
    props[n].ulPropTag = TAG(PT_MV_LONG, 0x6012);
    props[n].Value.MVl.cValues = ARRAY_SIZE(mv_long); props[n++].Value.MVl.lpl = mv_long;
    props[n].ulPropTag = TAG(PT_MV_R4, 0x6013);
    props[n].Value.MVflt.cValues = ARRAY_SIZE(mv_r4); props[n++].Value.MVflt.lpflt = mv_r4;
    props[n].ulPropTag = TAG(PT_MV_DOUBLE, 0x6014);
    props[n].Value.MVdbl.cValues = ARRAY_SIZE(mv_dbl); props[n++].Value.MVdbl.lpdbl = mv_dbl;
    props[n].ulPropTag = TAG(PT_MV_CURRENCY, 0x6015);
    props[n].Value.MVcur.cValues = ARRAY_SIZE(mv_cur); props[n++].Value.MVcur.lpcur = mv_cur;
    props[n].ulPropTag = TAG(PT_MV_APPTIME, 0x6016);
    props[n].Value.MVat.cValues = ARRAY_SIZE(mv_at); props[n++].Value.MVat.lpat = mv_at;
    props[n].ulPropTag = TAG(PT_MV_SYSTIME, 0x6017);
    props[n].Value.MVft.cValues = ARRAY_SIZE(mv_ft); props[n++].Value.MVft.lpft = mv_ft;
    props[n].ulPropTag = TAG(PT_MV_CLSID, 0x6018);
    props[n].Value.MVguid.cValues = ARRAY_SIZE(mv_guid); props[n++].Value.MVguid.lpguid = mv_guid;
    props[n].ulPropTag = TAG(PT_MV_I8, 0x6019);
    props[n].Value.MVli.cValues = ARRAY_SIZE(mv_i8); props[n++].Value.MVli.lpli = mv_i8;
    props[n].ulPropTag = TAG(PT_MV_STRING8, 0x601a);
    props[n].Value.MVszA.cValues = ARRAY_SIZE(mv_str_a); props[n++].Value.MVszA.lppszA = mv_str_a;
    props[n].ulPropTag = TAG(PT_MV_UNICODE, 0x601b);
    props[n].Value.MVszW.cValues = ARRAY_SIZE(mv_str_w); props[n++].Value.MVszW.lppszW = mv_str_w;
    props[n].ulPropTag = TAG(PT_MV_BINARY, 0x601c);
    props[n].Value.MVbin.cValues = ARRAY_SIZE(mv_bin); props[n++].Value.MVbin.lpbin = mv_bin;
    return n;
}
#define EVERY_TYPE_COUNT 28

/* Where a value's data is, for the types that have any. */
static const void *data_pointer(const SPropValue *prop)
{
    switch (PROP_TYPE(prop->ulPropTag))
    {
    case PT_STRING8: return prop->Value.lpszA;
    case PT_UNICODE: return prop->Value.lpszW;
    case PT_CLSID: return prop->Value.lpguid;
    case PT_BINARY: return prop->Value.bin.lpb;
    }
    return prop->Value.MVi.lpi;
}

/* Each data pointer of prop lies in [start, end) and is aligned for its type. */
static void check_in_block(const SPropValue *prop, const BYTE *start, const BYTE *end)
{
    ULONG type = PROP_TYPE(prop->ulPropTag), i;
    const BYTE *data = data_pointer(prop);

#define IN_BLOCK(p, align) do { const BYTE *p_ = (const BYTE *)(p); \
        assert_true(p_ >= start && p_ < end); assert_int_equal((ULONG_PTR)p_ % (align), 0); } while (0)

    switch (type)
    {
    case PT_STRING8: IN_BLOCK(prop->Value.lpszA, 1); break;
    case PT_UNICODE: IN_BLOCK(prop->Value.lpszW, 2); break;
    case PT_CLSID: IN_BLOCK(prop->Value.lpguid, 4); break;
    case PT_BINARY:
        if (prop->Value.bin.cb) IN_BLOCK(prop->Value.bin.lpb, 1);
        else assert_null(prop->Value.bin.lpb);
        break;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
        IN_BLOCK(data, sizeof(void *));
        for (i = 0; i < prop->Value.MVszA.cValues; i++)
            IN_BLOCK(prop->Value.MVszA.lppszA[i], type == PT_MV_UNICODE ? 2 : 1);
        break;
    case PT_MV_BINARY:
        IN_BLOCK(data, sizeof(void *));
        for (i = 0; i < prop->Value.MVbin.cValues; i++)
            if (prop->Value.MVbin.lpbin[i].cb) IN_BLOCK(prop->Value.MVbin.lpbin[i].lpb, 1);
        break;
    case PT_MV_I2: IN_BLOCK(data, 2); break;
    case PT_MV_LONG: case PT_MV_R4: case PT_MV_CLSID: IN_BLOCK(data, 4); break;
    case PT_MV_DOUBLE: case PT_MV_CURRENCY: case PT_MV_APPTIME: case PT_MV_SYSTIME: case PT_MV_I8:
        IN_BLOCK(data, 8);
        break;
    }
#undef IN_BLOCK
}

/* An ALLOCATEMORE that counts its calls and can be made to fail. */
static ULONG more_calls;
static SCODE more_result = S_OK;

static SCODE WINAPI counting_more(ULONG size, void *object, void **buffer)
{
    more_calls++;
    if (more_result != S_OK)
    {
        *buffer = NULL;
        return more_result;
    }
    return MAPIAllocateMore(size, object, buffer);
}

static void test_PropCopyMore(void **state)
{
    SPropValue props[EVERY_TYPE_COUNT], *dst, src;
    ULONG count = make_every_type(props), i;
    void *object;

    assert_int_equal(count, EVERY_TYPE_COUNT);
    assert_hr_equal(S_OK, MAPIAllocateBuffer(count * sizeof(SPropValue), &object));
    dst = object;

    for (i = 0; i < count; i++)
    {
        ULONG type = PROP_TYPE(props[i].ulPropTag);
        BOOL has_data = (type & MV_FLAG) || type == PT_STRING8 || type == PT_UNICODE || type == PT_CLSID ||
                        (type == PT_BINARY && props[i].Value.bin.cb);

        memset(&dst[i], 0xcc, sizeof(dst[i]));
        more_calls = 0;
        assert_hr_equal(S_OK, PropCopyMore(&dst[i], &props[i], counting_more, object));
        assert_int_equal(dst[i].ulPropTag, props[i].ulPropTag);
        assert_int_equal(LPropCompareProp(&dst[i], &props[i]), 0);
        /* one allocation holds all the data of a value; none for values held inline */
        assert_int_equal(more_calls, has_data ? 1 : 0);
        if (has_data) assert_ptr_not_equal(data_pointer(&dst[i]), data_pointer(&props[i]));
        if (type == PT_BINARY && !props[i].Value.bin.cb) assert_null(dst[i].Value.bin.lpb);
    }

    /* the copy is deep: changing the source leaves it alone */
    {
        char text[] = "mutable";
        SPropValue mv;
        char *strs[2] = {text, text};

        src.ulPropTag = PR_SUBJECT_A;
        src.Value.lpszA = text;
        assert_hr_equal(S_OK, PropCopyMore(&dst[0], &src, MAPIAllocateMore, object));
        mv.ulPropTag = TAG(PT_MV_STRING8, 0x6100);
        mv.Value.MVszA.cValues = 2;
        mv.Value.MVszA.lppszA = strs;
        assert_hr_equal(S_OK, PropCopyMore(&dst[1], &mv, MAPIAllocateMore, object));
        text[0] = 'M';
        assert_string_equal(dst[0].Value.lpszA, "mutable");
        assert_string_equal(dst[1].Value.MVszA.lppszA[0], "mutable");
        assert_string_equal(dst[1].Value.MVszA.lppszA[1], "mutable");
        assert_ptr_not_equal(dst[1].Value.MVszA.lppszA, strs);
    }

    /* copying onto the source itself */
    src = props[10];
    assert_hr_equal(S_OK, PropCopyMore(&src, &src, MAPIAllocateMore, object));
    assert_ptr_not_equal(src.Value.lpszA, props[10].Value.lpszA);
    assert_string_equal(src.Value.lpszA, "odd");

    /* PT_NULL and PT_UNSPECIFIED have no data */
    src.ulPropTag = TAG(PT_NULL, 0x6200);
    src.Value.x = 0x1234;
    more_calls = 0;
    assert_hr_equal(S_OK, PropCopyMore(&dst[0], &src, counting_more, object));
    assert_int_equal(dst[0].ulPropTag, src.ulPropTag);
    assert_int_equal(more_calls, 0);

    /* empty values keep no pointer into the source */
    src.ulPropTag = TAG(PT_MV_LONG, 0x6300);
    src.Value.MVl.cValues = 0;
    src.Value.MVl.lpl = mv_long;
    more_calls = 0;
    assert_hr_equal(S_OK, PropCopyMore(&dst[0], &src, counting_more, object));
    assert_int_equal(dst[0].Value.MVl.cValues, 0);
    assert_null(dst[0].Value.MVl.lpl);
    src.ulPropTag = TAG(PT_BINARY, 0x6301);
    src.Value.bin.cb = 0;
    src.Value.bin.lpb = bytes;
    assert_hr_equal(S_OK, PropCopyMore(&dst[0], &src, counting_more, object));
    assert_null(dst[0].Value.bin.lpb);
    assert_int_equal(more_calls, 0);

    /* Windows: copies of PT_STRING8, PT_UNICODE and PT_BINARY */
    src.ulPropTag = PT_BINARY;
    src.Value.bin.cb = 4;
    src.Value.bin.lpb = (BYTE *)hi_a;
    assert_hr_equal(S_OK, PropCopyMore(&dst[0], &src, MAPIAllocateMore, object));
    assert_int_equal(dst[0].Value.bin.cb, 4);
    assert_memory_equal(dst[0].Value.bin.lpb, hi_a, 4);

    MAPIFreeBuffer(object);
}

static void test_PropCopyMore_bad(void **state)
{
    SPropValue src, dst, saved;
    char *strs[2] = {hi_a, NULL};
    void *object;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(16, &object));
    src.ulPropTag = PR_SUBJECT_A;
    src.Value.lpszA = hi_a;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(NULL, &src, MAPIAllocateMore, object));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, NULL, MAPIAllocateMore, object));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, NULL, object));

    memset(&dst, 0x55, sizeof(dst));
    saved = dst;

    /* NULL data pointers */
    src.Value.lpszA = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    src.ulPropTag = PR_SUBJECT_W;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    src.ulPropTag = TAG(PT_CLSID, 0x6000);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    src.ulPropTag = TAG(PT_BINARY, 0x6000);
    src.Value.bin.cb = 3;
    src.Value.bin.lpb = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    src.ulPropTag = TAG(PT_MV_LONG, 0x6000);
    src.Value.MVl.cValues = 2;
    src.Value.MVl.lpl = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    src.ulPropTag = TAG(PT_MV_STRING8, 0x6000);
    src.Value.MVszA.cValues = 2;
    src.Value.MVszA.lppszA = strs;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    /* a count whose array passes 4GB */
    src.ulPropTag = TAG(PT_MV_I8, 0x6000);
    src.Value.MVli.cValues = 0x20000000;
    src.Value.MVli.lpli = mv_i8;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, PropCopyMore(&dst, &src, MAPIAllocateMore, object));

    /* unknown types */
    src.ulPropTag = TAG(0x44, 0x6000);
    assert_hr_equal(MAPI_E_NO_SUPPORT, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    src.ulPropTag = TAG(MV_FLAG | PT_ERROR, 0x6000);
    assert_hr_equal(MAPI_E_NO_SUPPORT, PropCopyMore(&dst, &src, MAPIAllocateMore, object));
    src.ulPropTag = TAG(MVI_FLAG | PT_LONG, 0x6000);
    assert_hr_equal(MAPI_E_NO_SUPPORT, PropCopyMore(&dst, &src, MAPIAllocateMore, object));

    /* the allocator's failure is returned */
    src.ulPropTag = PR_SUBJECT_A;
    src.Value.lpszA = hi_a;
    more_result = MAPI_E_NOT_ENOUGH_MEMORY;
    assert_hr_equal(MAPI_E_NOT_ENOUGH_MEMORY, PropCopyMore(&dst, &src, counting_more, object));
    more_result = S_OK;

    /* dst untouched by every failure */
    assert_memory_equal(&dst, &saved, sizeof(dst));
    MAPIFreeBuffer(object);
}

static void test_UlPropSize(void **state)
{
    LPSTR strs_a[2];
    LPWSTR strs_w[2];
    SBinary bins[2];
    SPropValue pv;
    ULONG pt, expected;

    /* Windows, for every type of the 16-bit range */
    for (pt = 0; pt < PROP_ID_INVALID; pt++)
    {
        memset(&pv, 0, sizeof(pv));
        pv.ulPropTag = pt;
        expected = 1;

        switch (PROP_TYPE(pt))
        {
        case PT_MV_I2:       pv.Value.MVi.cValues = expected = 2; /* fall through */
        case PT_I2:          expected *= sizeof(USHORT); break;
        case PT_MV_LONG:     pv.Value.MVl.cValues = expected = 2; /* fall through */
        case PT_LONG:        expected *= sizeof(LONG); break;
        case PT_MV_R4:       pv.Value.MVflt.cValues = expected = 2; /* fall through */
        case PT_R4:          expected *= sizeof(float); break;
        case PT_MV_DOUBLE:   pv.Value.MVdbl.cValues = expected = 2; /* fall through */
        case PT_DOUBLE:      expected *= sizeof(double); break;
        case PT_MV_CURRENCY: pv.Value.MVcur.cValues = expected = 2; /* fall through */
        case PT_CURRENCY:    expected *= sizeof(CY); break;
        case PT_MV_APPTIME:  pv.Value.MVat.cValues = expected = 2; /* fall through */
        case PT_APPTIME:     expected *= sizeof(double); break;
        case PT_MV_SYSTIME:  pv.Value.MVft.cValues = expected = 2; /* fall through */
        case PT_SYSTIME:     expected *= sizeof(FILETIME); break;
        case PT_ERROR:       expected = sizeof(SCODE); break;
        case PT_BOOLEAN:     expected = sizeof(USHORT); break;
        case PT_OBJECT:      expected = 0; break;
        case PT_MV_I8:       pv.Value.MVli.cValues = expected = 2; /* fall through */
        case PT_I8:          expected *= sizeof(LONG64); break;
        /* Windows answers 0 for PT_MV_CLSID; we give the array's size */
        case PT_MV_CLSID:    pv.Value.MVguid.cValues = expected = 2; /* fall through */
        case PT_CLSID:       expected *= sizeof(GUID); break;
        case PT_STRING8:     pv.Value.lpszA = hi_a; expected = 4; break;
        case PT_UNICODE:     pv.Value.lpszW = hi_w; expected = 4 * sizeof(WCHAR); break;
        case PT_BINARY:      pv.Value.bin.cb = expected = 19; break;
        case PT_MV_STRING8:
            pv.Value.MVszA.cValues = 2;
            pv.Value.MVszA.lppszA = strs_a;
            strs_a[0] = strs_a[1] = hi_a;
            expected = 8;
            break;
        case PT_MV_UNICODE:
            pv.Value.MVszW.cValues = 2;
            pv.Value.MVszW.lppszW = strs_w;
            strs_w[0] = strs_w[1] = hi_w;
            expected = 8 * sizeof(WCHAR);
            break;
        case PT_MV_BINARY:
            pv.Value.MVbin.cValues = 2;
            pv.Value.MVbin.lpbin = bins;
            bins[0].cb = 19;
            bins[1].cb = 1;
            expected = 20;
            break;
        default:
            expected = 0;
        }
        if (UlPropSize(&pv) != expected) fail_msg("type %#lx: expected %lu, got %lu", pt, expected, UlPropSize(&pv));
    }

    /* bad values measure 0 */
    assert_int_equal(UlPropSize(NULL), 0);
    memset(&pv, 0, sizeof(pv));
    pv.ulPropTag = PR_SUBJECT_A;
    assert_int_equal(UlPropSize(&pv), 0);
    pv.ulPropTag = PR_SUBJECT_W;
    assert_int_equal(UlPropSize(&pv), 0);
    pv.ulPropTag = TAG(PT_MV_STRING8, 1);
    pv.Value.MVszA.cValues = 2;
    pv.Value.MVszA.lppszA = strs_a;
    strs_a[0] = hi_a;
    strs_a[1] = NULL;
    assert_int_equal(UlPropSize(&pv), 0);
    pv.Value.MVszA.lppszA = NULL;
    assert_int_equal(UlPropSize(&pv), 0);
    /* sizes past 4GB */
    pv.ulPropTag = TAG(PT_MV_I8, 1);
    pv.Value.MVli.cValues = 0x20000000;
    assert_int_equal(UlPropSize(&pv), 0);
    pv.Value.MVli.cValues = 0x1fffffff;
    assert_int_equal(UlPropSize(&pv), 0xfffffff8);
    pv.ulPropTag = TAG(PT_MV_BINARY, 1);
    pv.Value.MVbin.cValues = 2;
    pv.Value.MVbin.lpbin = bins;
    bins[0].cb = bins[1].cb = 0x80000000;
    assert_int_equal(UlPropSize(&pv), 0);
    bins[1].cb = 0x7fffffff;
    assert_int_equal(UlPropSize(&pv), 0xffffffff);
}

/* FPropContainsProp on two strings of one type. */
static BOOL contains_a(const char *haystack, const char *needle, ULONG fuzzy)
{
    SPropValue h = {PR_SUBJECT_A}, n = {PR_BODY_A};

    h.Value.lpszA = (char *)haystack;
    n.Value.lpszA = (char *)needle;
    return FPropContainsProp(&h, &n, fuzzy);
}

static BOOL contains_w(const WCHAR *haystack, const WCHAR *needle, ULONG fuzzy)
{
    SPropValue h = {PR_SUBJECT_W}, n = {PR_BODY_W};

    h.Value.lpszW = (WCHAR *)haystack;
    n.Value.lpszW = (WCHAR *)needle;
    return FPropContainsProp(&h, &n, fuzzy);
}

static BOOL contains_bin(const char *haystack, const char *needle, ULONG fuzzy)
{
    SPropValue h = {TAG(PT_BINARY, 1)}, n = {TAG(PT_BINARY, 2)};

    h.Value.bin.cb = strlen(haystack);
    h.Value.bin.lpb = (BYTE *)haystack;
    n.Value.bin.cb = strlen(needle);
    n.Value.bin.lpb = (BYTE *)needle;
    return FPropContainsProp(&h, &n, fuzzy);
}

static void test_FPropContainsProp(void **state)
{
    SPropValue left, right;
    char accented[16];
    BOOL used_default = FALSE;
    ULONG pt;

    /* Windows: only strings and binaries contain anything */
    for (pt = 0; pt < PROP_ID_INVALID; pt++)
    {
        if (pt == PT_STRING8 || pt == PT_BINARY) continue;
        memset(&left, 0, sizeof(left));
        memset(&right, 0, sizeof(right));
        left.ulPropTag = right.ulPropTag = pt;
        if (FPropContainsProp(&left, &right, FL_FULLSTRING)) fail_msg("type %#lx contains", pt);
    }

    /* Windows: each match type, with and without FL_IGNORECASE */
    assert_true(contains_a("Full String", "Full String", FL_FULLSTRING));
    assert_false(contains_a("Full String", "Full", FL_FULLSTRING));
    assert_true(contains_a("Full String", "Full", FL_PREFIX));
    assert_true(contains_a("Full String", "Full", FL_SUBSTRING));
    assert_false(contains_a("Full String", "full", FL_PREFIX));
    assert_false(contains_a("Full String", "full", FL_SUBSTRING));
    assert_true(contains_a("Full String", "full", FL_PREFIX | FL_IGNORECASE));
    assert_true(contains_a("Full String", "full", FL_SUBSTRING | FL_IGNORECASE));
    assert_false(contains_a("Full String", "ll St", FL_FULLSTRING));
    assert_false(contains_a("Full String", "ll St", FL_PREFIX));
    assert_true(contains_a("Full String", "ll St", FL_SUBSTRING));
    assert_false(contains_a("Full String", "ll st", FL_PREFIX));
    assert_false(contains_a("Full String", "ll st", FL_SUBSTRING));
    assert_false(contains_a("Full String", "ll st", FL_PREFIX | FL_IGNORECASE));
    assert_true(contains_a("Full String", "ll st", FL_SUBSTRING | FL_IGNORECASE));
    assert_true(contains_a("Full String", "full string", FL_FULLSTRING | FL_IGNORECASE));
    assert_false(contains_a("Full String", "full string", FL_FULLSTRING));

    /* the ends of the haystack, and needles longer than it */
    assert_true(contains_a("Full String", "ring", FL_SUBSTRING));
    assert_true(contains_a("Full String", "RING", FL_SUBSTRING | FL_IGNORECASE));
    assert_false(contains_a("Full", "Full String", FL_SUBSTRING));
    assert_false(contains_a("Full", "Full String", FL_PREFIX | FL_IGNORECASE));
    assert_false(contains_a("abab", "abc", FL_SUBSTRING));
    assert_true(contains_a("aaab", "aab", FL_SUBSTRING));
    /* empty needles are in every string; an empty string is only equal to itself */
    assert_true(contains_a("abc", "", FL_SUBSTRING));
    assert_true(contains_a("abc", "", FL_PREFIX | FL_IGNORECASE));
    assert_false(contains_a("abc", "", FL_FULLSTRING));
    assert_true(contains_a("", "", FL_FULLSTRING));
    assert_false(contains_a("", "a", FL_SUBSTRING | FL_IGNORECASE));

    /* the same in Unicode */
    assert_true(contains_w(L"Full String", L"Full String", FL_FULLSTRING));
    assert_false(contains_w(L"Full String", L"full", FL_PREFIX));
    assert_true(contains_w(L"Full String", L"full", FL_PREFIX | FL_IGNORECASE));
    assert_true(contains_w(L"Full String", L"ll St", FL_SUBSTRING));
    assert_false(contains_w(L"Full String", L"ll st", FL_SUBSTRING));
    assert_true(contains_w(L"Full String", L"ll st", FL_SUBSTRING | FL_IGNORECASE));
    assert_false(contains_w(L"Full String", L"ll st", FL_PREFIX | FL_IGNORECASE));
    assert_true(contains_w(L"Full String", L"FULL STRING", FL_FULLSTRING | FL_IGNORECASE));
    assert_true(contains_w(L"Full String", L"ring", FL_SUBSTRING));
    assert_false(contains_w(L"Full", L"Full String", FL_SUBSTRING));

    /* beyond ASCII: case, diacritics, symbols */
    assert_true(contains_w(L"\x00c4rger \x00fcber", L"\x00e4RGER", FL_PREFIX | FL_IGNORECASE));
    assert_false(contains_w(L"\x00c4rger", L"\x00e4rger", FL_FULLSTRING));
    assert_false(contains_w(L"caf\x00e9 noir", L"cafe", FL_SUBSTRING));
    assert_false(contains_w(L"caf\x00e9 noir", L"cafe", FL_SUBSTRING | FL_IGNORECASE));
    assert_true(contains_w(L"caf\x00e9 noir", L"cafe", FL_SUBSTRING | FL_IGNORENONSPACE));
    assert_false(contains_w(L"caf\x00e9 noir", L"CAFE", FL_SUBSTRING | FL_IGNORENONSPACE));
    assert_true(contains_w(L"caf\x00e9 noir", L"CAFE", FL_SUBSTRING | FL_LOOSE));
    assert_true(contains_w(L"Caf\x00e9-Noir", L"cafe noir", FL_FULLSTRING | FL_LOOSE));
    assert_false(contains_w(L"Caf\x00e9-Noir", L"cafe noir", FL_FULLSTRING | FL_IGNORECASE));
    assert_true(contains_w(L"x Caf\x00e9-Noir", L"e-no", FL_SUBSTRING | FL_LOOSE));
    assert_true(WideCharToMultiByte(CP_ACP, 0, L"Caf\x00e9 Noir", -1, accented, sizeof(accented), NULL,
                                    &used_default) > 0);
    assert_false(used_default);
    assert_true(contains_a(accented, "cafe", FL_PREFIX | FL_IGNORENONSPACE | FL_IGNORECASE));
    assert_false(contains_a(accented, "cafe", FL_PREFIX | FL_IGNORECASE));
    assert_true(contains_a(accented, "E NO", FL_SUBSTRING | FL_LOOSE));
    /* a long haystack converted outside the stack buffer */
    {
        char long_a[1200];
        WCHAR long_w[1200];

        memset(long_a, 'x', sizeof(long_a) - 1);
        long_a[sizeof(long_a) - 1] = 0;
        memcpy(long_a + 1100, accented, strlen(accented));
        assert_true(contains_a(long_a, "CAFE", FL_SUBSTRING | FL_LOOSE));
        assert_false(contains_a(long_a, "CAFEX", FL_SUBSTRING | FL_LOOSE));
        MultiByteToWideChar(CP_ACP, 0, long_a, -1, long_w, ARRAY_SIZE(long_w));
        assert_true(contains_w(long_w, L"\x00e9 noir", FL_SUBSTRING | FL_IGNORECASE));
    }

    /* Windows: binaries, where case does not count */
    assert_true(contains_bin("Full String", "Full String", FL_FULLSTRING));
    assert_false(contains_bin("Full String", "Full", FL_FULLSTRING));
    assert_true(contains_bin("Full String", "Full", FL_PREFIX));
    assert_true(contains_bin("Full String", "Full", FL_SUBSTRING));
    assert_false(contains_bin("Full String", "full", FL_PREFIX));
    assert_false(contains_bin("Full String", "full", FL_SUBSTRING));
    assert_false(contains_bin("Full String", "full", FL_PREFIX | FL_IGNORECASE));
    assert_false(contains_bin("Full String", "full", FL_SUBSTRING | FL_IGNORECASE));
    assert_false(contains_bin("Full String", "ll St", FL_FULLSTRING));
    assert_false(contains_bin("Full String", "ll St", FL_PREFIX));
    assert_true(contains_bin("Full String", "ll St", FL_SUBSTRING));
    assert_false(contains_bin("Full String", "ll st", FL_SUBSTRING | FL_IGNORECASE));
    assert_false(contains_bin("Full String", "full string", FL_FULLSTRING | FL_IGNORECASE));
    assert_true(contains_bin("Full String", "ing", FL_SUBSTRING));
    assert_true(contains_bin("Full String", "", FL_SUBSTRING));
    assert_false(contains_bin("Full", "Full String", FL_PREFIX));
    /* binaries may hold zeros */
    {
        SPropValue h = {TAG(PT_BINARY, 1)}, n = {TAG(PT_BINARY, 2)};

        h.Value.bin.cb = sizeof(bytes);
        h.Value.bin.lpb = bytes;
        n.Value.bin.cb = 3;
        n.Value.bin.lpb = bytes + 4;
        assert_true(FPropContainsProp(&h, &n, FL_SUBSTRING));
        assert_false(FPropContainsProp(&h, &n, FL_PREFIX));
        /* a NULL pointer with a size never matches */
        n.Value.bin.lpb = NULL;
        assert_false(FPropContainsProp(&h, &n, FL_SUBSTRING));
        n.Value.bin.cb = 0;
        assert_true(FPropContainsProp(&h, &n, FL_PREFIX));
    }

    /* bad input */
    left.ulPropTag = PR_SUBJECT_A;
    left.Value.lpszA = (char *)"abc";
    right.ulPropTag = PR_SUBJECT_W;
    right.Value.lpszW = (WCHAR *)L"abc";
    assert_false(FPropContainsProp(&left, &right, FL_FULLSTRING)); /* types differ */
    right = left;
    assert_true(FPropContainsProp(&left, &right, FL_FULLSTRING));
    assert_false(FPropContainsProp(&left, &right, FL_SUBSTRING | FL_PREFIX)); /* not one level */
    assert_false(FPropContainsProp(&left, &right, 0x10));
    assert_false(FPropContainsProp(NULL, &right, FL_FULLSTRING));
    assert_false(FPropContainsProp(&left, NULL, FL_FULLSTRING));
    right.Value.lpszA = NULL;
    assert_false(FPropContainsProp(&left, &right, FL_SUBSTRING));
    assert_false(FPropContainsProp(&right, &left, FL_SUBSTRING | FL_IGNORECASE));
}

/* Sets a single value of type from a small number, as Wine's tests do. */
static void set_small(SPropValue *pv, ULONG type, int value, GUID *guid, char *buffer_a, WCHAR *buffer_w)
{
    memset(pv, 0, sizeof(*pv));
    pv->ulPropTag = TAG(type, 0x6000 + value);
    switch (type)
    {
    case PT_I2: pv->Value.i = value; break;
    case PT_LONG: pv->Value.l = value; break;
    case PT_ERROR: pv->Value.err = value; break;
    case PT_R4: pv->Value.flt = value; break;
    case PT_DOUBLE: pv->Value.dbl = value; break;
    case PT_APPTIME: pv->Value.at = value; break;
    case PT_CURRENCY: pv->Value.cur.int64 = value; break;
    case PT_SYSTIME: pv->Value.ft.dwLowDateTime = value; break;
    case PT_I8: pv->Value.li.QuadPart = value; break;
    case PT_BOOLEAN: pv->Value.b = value - 1; break; /* 1, 2 become FALSE, TRUE */
    case PT_CLSID:
        memset(guid, 0, sizeof(*guid));
        guid->Data4[7] = value;
        pv->Value.lpguid = guid;
        break;
    case PT_STRING8:
        buffer_a[0] = '0' + value;
        buffer_a[1] = 0;
        pv->Value.lpszA = buffer_a;
        break;
    case PT_UNICODE:
        buffer_w[0] = '0' + value;
        buffer_w[1] = 0;
        pv->Value.lpszW = buffer_w;
        break;
    case PT_BINARY:
        buffer_a[0] = value;
        pv->Value.bin.cb = 1;
        pv->Value.bin.lpb = (BYTE *)buffer_a;
        break;
    case PT_MV_LONG:
        pv->Value.MVl.cValues = 1;
        pv->Value.MVl.lpl = (LONG *)buffer_a;
        *(LONG *)buffer_a = value;
        break;
    }
}

static const ULONG ordered_types[] =
{
    PT_I2, PT_LONG, PT_R4, PT_DOUBLE, PT_CURRENCY, PT_APPTIME, PT_ERROR, PT_BOOLEAN, PT_I8,
    PT_STRING8, PT_UNICODE, PT_SYSTIME, PT_CLSID, PT_BINARY, PT_MV_LONG
};

static void test_FPropCompareProp(void **state)
{
    static const struct { int left, right; ULONG relop; BOOL ret; } results[] =
    {
        {1, 2, RELOP_LT, TRUE}, {1, 1, RELOP_LT, FALSE}, {2, 1, RELOP_LT, FALSE},
        {1, 2, RELOP_LE, TRUE}, {1, 1, RELOP_LE, TRUE}, {2, 1, RELOP_LE, FALSE},
        {1, 2, RELOP_GT, FALSE}, {1, 1, RELOP_GT, FALSE}, {2, 1, RELOP_GT, TRUE},
        {1, 2, RELOP_GE, FALSE}, {1, 1, RELOP_GE, TRUE}, {2, 1, RELOP_GE, TRUE},
        {1, 2, RELOP_EQ, FALSE}, {1, 1, RELOP_EQ, TRUE}, {2, 1, RELOP_EQ, FALSE},
        {1, 2, RELOP_NE, TRUE}, {1, 1, RELOP_NE, FALSE}, {2, 1, RELOP_NE, TRUE},
    };
    char buffer_l[8], buffer_r[8];
    WCHAR wbuffer_l[2], wbuffer_r[2];
    GUID guid_l, guid_r;
    SPropValue left, right;
    ULONG i, j;

    for (i = 0; i < ARRAY_SIZE(ordered_types); i++)
    {
        for (j = 0; j < ARRAY_SIZE(results); j++)
        {
            set_small(&left, ordered_types[i], results[j].left, &guid_l, buffer_l, wbuffer_l);
            set_small(&right, ordered_types[i], results[j].right, &guid_r, buffer_r, wbuffer_r);
            if (FPropCompareProp(&left, results[j].relop, &right) != results[j].ret)
                fail_msg("type %#lx, %d relop %lu %d: expected %d", ordered_types[i], results[j].left,
                         results[j].relop, results[j].right, results[j].ret);
        }
    }

    /* different types never compare, whatever the operator */
    set_small(&left, PT_LONG, 1, &guid_l, buffer_l, wbuffer_l);
    set_small(&right, PT_I2, 1, &guid_r, buffer_r, wbuffer_r);
    for (j = RELOP_LT; j <= RELOP_RE; j++) assert_false(FPropCompareProp(&left, j, &right));

    /* bad input */
    set_small(&right, PT_LONG, 1, &guid_r, buffer_r, wbuffer_r);
    assert_true(FPropCompareProp(&left, RELOP_EQ, &right));
    assert_false(FPropCompareProp(&left, RELOP_RE + 1, &right));
    assert_false(FPropCompareProp(&left, ~0u, &right));
    assert_false(FPropCompareProp(NULL, RELOP_NE, &right));
    assert_false(FPropCompareProp(&left, RELOP_NE, NULL));
    /* RELOP_RE is for strings only */
    assert_false(FPropCompareProp(&left, RELOP_RE, &right));
}

/* FPropCompareProp(text RELOP_RE pattern). */
static BOOL re_a(const char *text, const char *pattern)
{
    SPropValue t = {PR_SUBJECT_A}, p = {PR_SUBJECT_A};

    t.Value.lpszA = (char *)text;
    p.Value.lpszA = (char *)pattern;
    return FPropCompareProp(&t, RELOP_RE, &p);
}

static BOOL re_w(const WCHAR *text, const WCHAR *pattern)
{
    SPropValue t = {PR_SUBJECT_W}, p = {PR_SUBJECT_W};

    t.Value.lpszW = (WCHAR *)text;
    p.Value.lpszW = (WCHAR *)pattern;
    return FPropCompareProp(&t, RELOP_RE, &p);
}

static void test_FPropCompareProp_regex(void **state)
{
    char long_text[4001], long_pattern[200];
    int i;

    assert_true(re_a("abc", "b"));
    assert_true(re_a("abc", ""));
    assert_false(re_a("abc", "d"));
    assert_false(re_a("abc", "^b"));
    assert_true(re_a("abc", "^ab"));
    assert_true(re_a("abc", "bc$"));
    assert_false(re_a("abc", "ab$"));
    assert_true(re_a("abc", "^a.c$"));
    assert_false(re_a("abbc", "^a.c$"));
    assert_true(re_a("", "^$"));
    assert_false(re_a("x", "^$"));
    assert_true(re_a("abc", "a[b-d]c"));
    assert_true(re_a("adc", "a[b-d]c"));
    assert_false(re_a("aec", "a[b-d]c"));
    assert_false(re_a("abc", "a[^b]c"));
    assert_true(re_a("axc", "a[^b]c"));
    assert_true(re_a("a]c", "a[]]c"));
    assert_true(re_a("a-c", "a[x\\-]c"));
    assert_true(re_a("ac", "ab*c"));
    assert_true(re_a("abbbc", "^ab*c$"));
    assert_false(re_a("ac", "ab+c"));
    assert_true(re_a("abbc", "ab+c"));
    assert_true(re_a("color", "^colou?r$"));
    assert_true(re_a("colour", "^colou?r$"));
    assert_false(re_a("colouur", "^colou?r$"));
    assert_true(re_a("x.y", "^x\\.y$"));
    assert_false(re_a("xzy", "^x\\.y$"));
    assert_true(re_a("cost $5", "\\$5"));
    assert_true(re_a("a*b", "a\\*b"));
    assert_false(re_a("Subject: Re: hello", "^Subject: (Re: )?hello$")); /* no groups: '(' is literal */
    assert_true(re_a("x(Re: )y", "x(Re: )?y"));
    /* case counts */
    assert_false(re_a("ABC", "abc"));
    /* malformed patterns match nothing */
    assert_false(re_a("abc", "*a"));
    assert_false(re_a("abc", "[abc"));
    assert_false(re_a("abc", "abc\\"));
    /* Unicode */
    assert_true(re_w(L"gr\x00fc\x00df", L"^gr.\x00df$"));
    assert_true(re_w(L"\x00e9t\x00e9", L"[\x00e0-\x00ff]t"));
    assert_false(re_w(L"ete", L"[\x00e0-\x00ff]t"));
    /* a pattern of many tokens, and one that backtracking matchers take exponential time on */
    memset(long_pattern, 0, sizeof(long_pattern));
    for (i = 0; i < 60; i++) strcat(long_pattern, "a?");
    strcat(long_pattern, "b");
    memset(long_text, 'a', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = 0;
    assert_false(re_a(long_text, long_pattern));
    long_text[sizeof(long_text) - 2] = 'b';
    assert_true(re_a(long_text, long_pattern));
    assert_true(re_a(long_text, "^a*a*a*a*a*a*a*a*a*a*a*a*b$"));
}

static void test_LPropCompareProp(void **state)
{
    static const struct { int left, right; LONG ret; } results[] = { {1, 2, -1}, {1, 1, 0}, {2, 1, 1} };
    char buffer_l[8], buffer_r[8];
    WCHAR wbuffer_l[2], wbuffer_r[2];
    GUID guid_l, guid_r;
    SPropValue left, right, every[EVERY_TYPE_COUNT], copy[EVERY_TYPE_COUNT];
    ULONG i, j;

    /* Windows for strings and binaries; the same rule for every type */
    for (i = 0; i < ARRAY_SIZE(ordered_types); i++)
    {
        for (j = 0; j < ARRAY_SIZE(results); j++)
        {
            set_small(&left, ordered_types[i], results[j].left, &guid_l, buffer_l, wbuffer_l);
            set_small(&right, ordered_types[i], results[j].right, &guid_r, buffer_r, wbuffer_r);
            if (LPropCompareProp(&left, &right) != results[j].ret)
                fail_msg("type %#lx, %d vs %d: expected %ld, got %ld", ordered_types[i], results[j].left,
                         results[j].right, results[j].ret, LPropCompareProp(&left, &right));
        }
    }

    /* extremes that a subtraction would overflow */
    left.ulPropTag = right.ulPropTag = PR_IMPORTANCE;
    left.Value.l = LONG_MIN;
    right.Value.l = LONG_MAX;
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    assert_int_equal(LPropCompareProp(&right, &left), 1);
    left.ulPropTag = right.ulPropTag = TAG(PT_I8, 1);
    left.Value.li.QuadPart = -1;
    right.Value.li.QuadPart = 0x7fffffffffffffffLL;
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    left.ulPropTag = right.ulPropTag = TAG(PT_SYSTIME, 1);
    left.Value.ft.dwHighDateTime = 0x80000000;
    left.Value.ft.dwLowDateTime = 0;
    right.Value.ft.dwHighDateTime = 1;
    right.Value.ft.dwLowDateTime = 0xffffffff;
    assert_int_equal(LPropCompareProp(&left, &right), 1); /* unsigned, high part first */
    left.ulPropTag = right.ulPropTag = TAG(PT_ERROR, 1);
    left.Value.err = MAPI_E_NOT_FOUND; /* negative */
    right.Value.err = S_OK;
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    /* any non-zero BOOLEAN is TRUE */
    left.ulPropTag = right.ulPropTag = TAG(PT_BOOLEAN, 1);
    left.Value.b = 1;
    right.Value.b = 0x100;
    assert_int_equal(LPropCompareProp(&left, &right), 0);
    /* NaN sorts low */
    left.ulPropTag = right.ulPropTag = TAG(PT_DOUBLE, 1);
    left.Value.dbl = NAN;
    right.Value.dbl = -DBL_MAX;
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    /* a binary that is a prefix of another sorts first */
    left.ulPropTag = right.ulPropTag = TAG(PT_BINARY, 1);
    left.Value.bin.cb = 2;
    left.Value.bin.lpb = bytes;
    right.Value.bin.cb = 3;
    right.Value.bin.lpb = bytes;
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    right.Value.bin.cb = 0;
    assert_int_equal(LPropCompareProp(&left, &right), 1);
    /* bytes compare unsigned */
    right.Value.bin.cb = 1;
    right.Value.bin.lpb = bytes + 4; /* 0x00 */
    left.Value.bin.cb = 1;           /* 0xde */
    assert_int_equal(LPropCompareProp(&left, &right), 1);
    /* strings compare linguistically, as lstrcmp does, not bytewise */
    left.ulPropTag = right.ulPropTag = PR_SUBJECT_A;
    left.Value.lpszA = (char *)"apple";
    right.Value.lpszA = (char *)"Banana";
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    left.ulPropTag = right.ulPropTag = PR_SUBJECT_W;
    left.Value.lpszW = (WCHAR *)L"apple";
    right.Value.lpszW = (WCHAR *)L"Banana";
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    right.Value.lpszW = (WCHAR *)L"apple";
    assert_int_equal(LPropCompareProp(&left, &right), 0);
    /* GUIDs compare bytewise */
    left.ulPropTag = right.ulPropTag = TAG(PT_CLSID, 1);
    left.Value.lpguid = &guid_b;
    right.Value.lpguid = &guid_a;
    assert_int_equal(LPropCompareProp(&left, &right), 1);

    /* every type equals its copy; every multi-valued type orders by its values, then count */
    assert_int_equal(make_every_type(every), EVERY_TYPE_COUNT);
    for (i = 0; i < EVERY_TYPE_COUNT; i++)
    {
        ULONG type = PROP_TYPE(every[i].ulPropTag);

        copy[i] = every[i];
        assert_int_equal(LPropCompareProp(&every[i], &copy[i]), 0);
        if (!(type & MV_FLAG)) continue;
        copy[i].Value.MVi.cValues--;
        assert_int_equal(LPropCompareProp(&every[i], &copy[i]), 1);
        assert_int_equal(LPropCompareProp(&copy[i], &every[i]), -1);
    }
    {
        LONG longs[3] = {100, -199, 0};
        SBinary bins[1] = {{3, (BYTE *)"abd"}};
        char *strs[1] = {(char *)"one"};

        copy[0] = every[17]; /* PT_MV_LONG {100, -200, 300} */
        copy[0].Value.MVl.lpl = longs;
        assert_int_equal(LPropCompareProp(&every[17], &copy[0]), -1);
        copy[0] = every[27]; /* PT_MV_BINARY {"abc", "", "xy"} */
        copy[0].Value.MVbin.cValues = 1;
        copy[0].Value.MVbin.lpbin = bins;
        assert_int_equal(LPropCompareProp(&every[27], &copy[0]), -1);
        copy[0] = every[25]; /* PT_MV_STRING8 {"one", "", "three"} */
        copy[0].Value.MVszA.cValues = 1;
        copy[0].Value.MVszA.lppszA = strs;
        assert_int_equal(LPropCompareProp(&every[25], &copy[0]), 1);
    }

    /* different types sort by type */
    set_small(&left, PT_LONG, 5, &guid_l, buffer_l, wbuffer_l);
    set_small(&right, PT_I2, 9, &guid_r, buffer_r, wbuffer_r);
    assert_int_equal(LPropCompareProp(&left, &right), 1);
    assert_int_equal(LPropCompareProp(&right, &left), -1);
    /* values without an order are equal */
    left.ulPropTag = TAG(PT_NULL, 1);
    right.ulPropTag = TAG(PT_NULL, 2);
    assert_int_equal(LPropCompareProp(&left, &right), 0);

    /* NULL sorts first, and never crashes */
    assert_int_equal(LPropCompareProp(NULL, &right), -1);
    assert_int_equal(LPropCompareProp(&right, NULL), 1);
    assert_int_equal(LPropCompareProp(NULL, NULL), 0);
    left.ulPropTag = right.ulPropTag = PR_SUBJECT_A;
    left.Value.lpszA = NULL;
    right.Value.lpszA = (char *)"";
    assert_int_equal(LPropCompareProp(&left, &right), -1);
    left.ulPropTag = right.ulPropTag = TAG(PT_MV_LONG, 1);
    left.Value.MVl.cValues = right.Value.MVl.cValues = 2;
    left.Value.MVl.lpl = NULL;
    right.Value.MVl.lpl = mv_long;
    assert_int_equal(LPropCompareProp(&left, &right), -1);
}

/* A small IMAPIProp: GetProps, GetPropList and SetProps work, the rest is E_NOTIMPL. */
struct test_prop
{
    IMAPIProp IMAPIProp_iface;
    LONG ref;
    SPropValue *values[8];
    ULONG count;
    HRESULT fail;       /* returned by every method when set */
    SCODE set_problem;  /* SetProps reports this problem when set */
    ULONG get_calls, list_calls, set_calls;
};

static struct test_prop *impl_from_IMAPIProp(IMAPIProp *iface)
{
    return CONTAINING_RECORD(iface, struct test_prop, IMAPIProp_iface);
}

static HRESULT WINAPI test_prop_QueryInterface(IMAPIProp *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown))
    {
        *out = iface;
        iface->lpVtbl->AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI test_prop_AddRef(IMAPIProp *iface)
{
    return InterlockedIncrement(&impl_from_IMAPIProp(iface)->ref);
}

static ULONG WINAPI test_prop_Release(IMAPIProp *iface)
{
    struct test_prop *prop = impl_from_IMAPIProp(iface);
    ULONG ref = InterlockedDecrement(&prop->ref), i;

    if (!ref)
        for (i = 0; i < prop->count; i++) MAPIFreeBuffer(prop->values[i]);
    return ref;
}

static HRESULT WINAPI test_prop_GetLastError(IMAPIProp *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_SaveChanges(IMAPIProp *iface, ULONG flags)
{
    return E_NOTIMPL;
}

static SPropValue *test_prop_find(struct test_prop *prop, ULONG tag)
{
    ULONG i;

    for (i = 0; i < prop->count; i++)
        if (PROP_ID(prop->values[i]->ulPropTag) == PROP_ID(tag)) return prop->values[i];
    return NULL;
}

static HRESULT WINAPI test_prop_GetProps(IMAPIProp *iface, SPropTagArray *tags, ULONG flags, ULONG *count,
                                         SPropValue **values)
{
    struct test_prop *prop = impl_from_IMAPIProp(iface);
    HRESULT hr = S_OK;
    ULONG i;

    prop->get_calls++;
    if (prop->fail) return prop->fail;
    if (MAPIAllocateBuffer(tags->cValues * sizeof(SPropValue), (void **)values)) return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < tags->cValues; i++)
    {
        SPropValue *value = test_prop_find(prop, tags->aulPropTag[i]);

        if (value && (PROP_TYPE(tags->aulPropTag[i]) == PT_UNSPECIFIED ||
                      PROP_TYPE(tags->aulPropTag[i]) == PROP_TYPE(value->ulPropTag)))
            PropCopyMore(&(*values)[i], value, MAPIAllocateMore, *values);
        else
        {
            (*values)[i].ulPropTag = CHANGE_PROP_TYPE(tags->aulPropTag[i], PT_ERROR);
            (*values)[i].Value.err = MAPI_E_NOT_FOUND;
            hr = MAPI_W_ERRORS_RETURNED;
        }
    }
    *count = tags->cValues;
    return hr;
}

static HRESULT WINAPI test_prop_GetPropList(IMAPIProp *iface, ULONG flags, SPropTagArray **tags)
{
    struct test_prop *prop = impl_from_IMAPIProp(iface);
    ULONG i;

    prop->list_calls++;
    if (prop->fail) return prop->fail;
    if (MAPIAllocateBuffer(CbNewSPropTagArray(prop->count), (void **)tags)) return MAPI_E_NOT_ENOUGH_MEMORY;
    (*tags)->cValues = prop->count;
    for (i = 0; i < prop->count; i++) (*tags)->aulPropTag[i] = prop->values[i]->ulPropTag;
    return S_OK;
}

static HRESULT WINAPI test_prop_OpenProperty(IMAPIProp *iface, ULONG tag, const IID *iid, ULONG options,
                                             ULONG flags, IUnknown **unk)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_SetProps(IMAPIProp *iface, ULONG count, SPropValue *values,
                                         SPropProblemArray **problems)
{
    struct test_prop *prop = impl_from_IMAPIProp(iface);
    ULONG i;

    prop->set_calls++;
    if (prop->fail) return prop->fail;
    if (problems) *problems = NULL;
    if (prop->set_problem)
    {
        if (!problems) return prop->set_problem;
        MAPIAllocateBuffer(CbNewSPropProblemArray(1), (void **)problems);
        (*problems)->cProblem = 1;
        (*problems)->aProblem[0].ulIndex = 0;
        (*problems)->aProblem[0].ulPropTag = values[0].ulPropTag;
        (*problems)->aProblem[0].scode = prop->set_problem;
        return S_OK;
    }
    for (i = 0; i < count; i++)
    {
        SPropValue *value = test_prop_find(prop, values[i].ulPropTag), *copy;

        if (!value)
        {
            if (prop->count == ARRAY_SIZE(prop->values)) return MAPI_E_NOT_ENOUGH_MEMORY;
            MAPIAllocateBuffer(sizeof(SPropValue), (void **)&copy);
            prop->values[prop->count++] = copy;
        }
        else copy = value;
        if (PropCopyMore(copy, &values[i], MAPIAllocateMore, copy)) return MAPI_E_CALL_FAILED;
    }
    return S_OK;
}

static HRESULT WINAPI test_prop_DeleteProps(IMAPIProp *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_CopyTo(IMAPIProp *iface, ULONG count, const IID *exclude, SPropTagArray *tags,
                                       ULONG param, IMAPIProgress *progress, const IID *iid, void *dest,
                                       ULONG flags, SPropProblemArray **problems)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_CopyProps(IMAPIProp *iface, SPropTagArray *tags, ULONG param,
                                          IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags,
                                          SPropProblemArray **problems)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_GetNamesFromIDs(IMAPIProp *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                                ULONG *count, MAPINAMEID ***names)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI test_prop_GetIDsFromNames(IMAPIProp *iface, ULONG count, MAPINAMEID **names, ULONG flags,
                                                SPropTagArray **tags)
{
    return E_NOTIMPL;
}

static const IMAPIPropVtbl test_prop_vtbl =
{
    test_prop_QueryInterface,
    test_prop_AddRef,
    test_prop_Release,
    test_prop_GetLastError,
    test_prop_SaveChanges,
    test_prop_GetProps,
    test_prop_GetPropList,
    test_prop_OpenProperty,
    test_prop_SetProps,
    test_prop_DeleteProps,
    test_prop_CopyTo,
    test_prop_CopyProps,
    test_prop_GetNamesFromIDs,
    test_prop_GetIDsFromNames,
};

static void init_test_prop(struct test_prop *prop)
{
    SPropValue value;

    memset(prop, 0, sizeof(*prop));
    prop->IMAPIProp_iface.lpVtbl = (IMAPIPropVtbl *)&test_prop_vtbl;
    prop->ref = 1;
    value.ulPropTag = PR_SUBJECT_A;
    value.Value.lpszA = (char *)"subject";
    assert_hr_equal(S_OK, test_prop_SetProps(&prop->IMAPIProp_iface, 1, &value, NULL));
    value.ulPropTag = PR_IMPORTANCE;
    value.Value.l = IMPORTANCE_HIGH;
    assert_hr_equal(S_OK, test_prop_SetProps(&prop->IMAPIProp_iface, 1, &value, NULL));
    prop->set_calls = 0;
}

static void test_HrGetOneProp(void **state)
{
    struct test_prop prop;
    IMAPIProp *iface = &prop.IMAPIProp_iface;
    SPropValue *value;

    init_test_prop(&prop);

    value = (void *)0xdeadbeef;
    assert_hr_equal(S_OK, HrGetOneProp(iface, PR_SUBJECT_A, &value));
    assert_non_null(value);
    assert_int_equal(value->ulPropTag, PR_SUBJECT_A);
    assert_string_equal(value->Value.lpszA, "subject");
    MAPIFreeBuffer(value);
    assert_int_equal(prop.get_calls, 1);

    assert_hr_equal(S_OK, HrGetOneProp(iface, CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_UNSPECIFIED), &value));
    assert_int_equal(value->ulPropTag, PR_IMPORTANCE);
    assert_int_equal(value->Value.l, IMPORTANCE_HIGH);
    MAPIFreeBuffer(value);

    /* a property the object lacks, or has with another type */
    value = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NOT_FOUND, HrGetOneProp(iface, PR_BODY_A, &value));
    assert_null(value);
    value = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NOT_FOUND, HrGetOneProp(iface, PR_SUBJECT_W, &value));
    assert_null(value);

    /* GetProps' failure is returned */
    prop.fail = MAPI_E_NO_ACCESS;
    value = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NO_ACCESS, HrGetOneProp(iface, PR_SUBJECT_A, &value));
    assert_null(value);
    prop.fail = S_OK;

    /* bad input */
    prop.get_calls = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrGetOneProp(iface, PR_SUBJECT_A, NULL));
    value = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrGetOneProp(NULL, PR_SUBJECT_A, &value));
    assert_null(value);
    assert_int_equal(prop.get_calls, 0);

    assert_int_equal(iface->lpVtbl->Release(iface), 0);
}

static void test_HrSetOneProp(void **state)
{
    struct test_prop prop;
    IMAPIProp *iface = &prop.IMAPIProp_iface;
    SPropValue value, *read;

    init_test_prop(&prop);

    value.ulPropTag = PR_BODY_A;
    value.Value.lpszA = (char *)"body";
    assert_hr_equal(S_OK, HrSetOneProp(iface, &value));
    assert_int_equal(prop.set_calls, 1);
    assert_hr_equal(S_OK, HrGetOneProp(iface, PR_BODY_A, &read));
    assert_string_equal(read->Value.lpszA, "body");
    MAPIFreeBuffer(read);

    value.ulPropTag = PR_IMPORTANCE;
    value.Value.l = IMPORTANCE_LOW;
    assert_hr_equal(S_OK, HrSetOneProp(iface, &value));
    assert_hr_equal(S_OK, HrGetOneProp(iface, PR_IMPORTANCE, &read));
    assert_int_equal(read->Value.l, IMPORTANCE_LOW);
    MAPIFreeBuffer(read);

    /* a problem SetProps reports is a failure, never a warning */
    prop.set_problem = MAPI_E_NO_ACCESS;
    assert_hr_equal(MAPI_E_NO_ACCESS, HrSetOneProp(iface, &value));
    prop.set_problem = S_OK;
    /* and so is its failure */
    prop.fail = MAPI_E_NOT_ENOUGH_MEMORY;
    assert_hr_equal(MAPI_E_NOT_ENOUGH_MEMORY, HrSetOneProp(iface, &value));
    prop.fail = S_OK;

    /* bad input */
    prop.set_calls = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrSetOneProp(NULL, &value));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrSetOneProp(iface, NULL));
    assert_int_equal(prop.set_calls, 0);

    assert_int_equal(iface->lpVtbl->Release(iface), 0);
}

static void test_FPropExists(void **state)
{
    struct test_prop prop;
    IMAPIProp *iface = &prop.IMAPIProp_iface;

    init_test_prop(&prop);

    assert_true(FPropExists(iface, PR_SUBJECT_A));
    assert_true(FPropExists(iface, PR_IMPORTANCE));
    assert_int_equal(prop.list_calls, 2);
    /* the whole tag counts, unless the type is PT_UNSPECIFIED */
    assert_false(FPropExists(iface, PR_SUBJECT_W));
    assert_true(FPropExists(iface, CHANGE_PROP_TYPE(PR_SUBJECT_W, PT_UNSPECIFIED)));
    assert_false(FPropExists(iface, PR_BODY_A));
    assert_false(FPropExists(iface, CHANGE_PROP_TYPE(PR_BODY_A, PT_UNSPECIFIED)));
    assert_false(FPropExists(iface, PROP_TAG(PT_UNSPECIFIED, 0)));

    /* failures are FALSE */
    prop.fail = MAPI_E_NO_ACCESS;
    assert_false(FPropExists(iface, PR_SUBJECT_A));
    prop.fail = S_OK;
    assert_false(FPropExists(NULL, PR_SUBJECT_A));

    assert_int_equal(iface->lpVtbl->Release(iface), 0);
}

static void test_PpropFindProp(void **state)
{
    SPropValue props[4];

    props[0].ulPropTag = PR_SUBJECT_A;
    props[1].ulPropTag = PR_IMPORTANCE;
    props[2].ulPropTag = PR_SUBJECT_W; /* same identifier as props[0] */
    props[3].ulPropTag = PR_BODY_A;

    assert_ptr_equal(PpropFindProp(props, 4, PR_SUBJECT_A), &props[0]);
    assert_ptr_equal(PpropFindProp(props, 4, PR_SUBJECT_W), &props[2]);
    assert_ptr_equal(PpropFindProp(props, 4, PR_BODY_A), &props[3]);
    assert_null(PpropFindProp(props, 3, PR_BODY_A));
    assert_null(PpropFindProp(props, 4, PR_BODY_W));
    assert_null(PpropFindProp(props, 4, CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_I2)));
    /* PT_UNSPECIFIED matches the identifier */
    assert_ptr_equal(PpropFindProp(props, 4, CHANGE_PROP_TYPE(PR_SUBJECT_W, PT_UNSPECIFIED)), &props[0]);
    assert_ptr_equal(PpropFindProp(props, 4, CHANGE_PROP_TYPE(PR_BODY_W, PT_UNSPECIFIED)), &props[3]);
    /* Windows */
    props[0].ulPropTag = PROP_TAG(PT_I2, 1);
    assert_null(PpropFindProp(props, 1, PROP_TAG(PT_UNSPECIFIED, 0)));
    assert_ptr_equal(PpropFindProp(props, 1, PROP_TAG(PT_UNSPECIFIED, 1)), &props[0]);
    /* bad input */
    assert_null(PpropFindProp(NULL, 4, PR_BODY_A));
    assert_null(PpropFindProp(props, 0, PROP_TAG(PT_I2, 1)));
}

static void test_LpValFindProp(void **state)
{
    SPropValue props[3];
    static const ULONG types[] = {PT_STRING8, PT_BINARY, PT_UNICODE};
    ULONG i;

    /* Windows: only the identifier counts */
    for (i = 0; i < ARRAY_SIZE(types); i++)
    {
        props[0].ulPropTag = PROP_TAG(types[i], 1);
        assert_ptr_equal(LpValFindProp(PROP_TAG(types[i], 1), 1, props), &props[0]);
        assert_null(LpValFindProp(PROP_TAG(types[i], 0), 1, props));
        assert_null(LpValFindProp(PROP_TAG(PT_NULL, 0), 1, props));
        assert_ptr_equal(LpValFindProp(PROP_TAG(PT_NULL, 1), 1, props), &props[0]);
    }
    props[0].ulPropTag = PR_SUBJECT_A;
    props[1].ulPropTag = PR_IMPORTANCE;
    props[2].ulPropTag = PR_BODY_W;
    assert_ptr_equal(LpValFindProp(PR_BODY_A, 3, props), &props[2]);
    assert_null(LpValFindProp(PR_BODY_A, 2, props));
    assert_null(LpValFindProp(PR_BODY_A, 3, NULL));
}

/* Bytes of the process heap in use: MAPI buffers live there. */
static SIZE_T heap_busy_bytes(void)
{
    PROCESS_HEAP_ENTRY entry = {0};
    SIZE_T total = 0;

    HeapLock(GetProcessHeap());
    while (HeapWalk(GetProcessHeap(), &entry))
        if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY) total += entry.cbData;
    HeapUnlock(GetProcessHeap());
    return total;
}

static void test_FreeProws(void **state)
{
    SRowSet *rows;
    ADRLIST *list;
    SIZE_T before;
    ULONG i;

    FreeProws(NULL);
    FreePadrlist(NULL);

    before = heap_busy_bytes();
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewSRowSet(3), (void **)&rows));
    rows->cRows = 3;
    for (i = 0; i < 3; i++)
    {
        rows->aRow[i].cValues = 1;
        assert_hr_equal(S_OK, MAPIAllocateBuffer(4096, (void **)&rows->aRow[i].lpProps));
    }
    assert_true(heap_busy_bytes() >= before + 3 * 4096);
    FreeProws(rows);
    assert_int_equal(heap_busy_bytes(), before);

    before = heap_busy_bytes();
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(2), (void **)&list));
    list->cEntries = 2;
    for (i = 0; i < 2; i++)
    {
        list->aEntries[i].cValues = 1;
        assert_hr_equal(S_OK, MAPIAllocateBuffer(8192, (void **)&list->aEntries[i].rgPropVals));
    }
    assert_true(heap_busy_bytes() >= before + 2 * 8192);
    FreePadrlist(list);
    assert_int_equal(heap_busy_bytes(), before);

    /* empty sets */
    before = heap_busy_bytes();
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewSRowSet(0), (void **)&rows));
    rows->cRows = 0;
    FreeProws(rows);
    assert_int_equal(heap_busy_bytes(), before);
}

static void test_ScCountProps(void **state)
{
    LPSTR strs_a[3];
    LPWSTR strs_w[3];
    SBinary bins[3];
    GUID guids[4], *guid = guids;
    SPropValue pv, props[2];
    ULONG pt, expected, size;
    SCODE sc;

    /* Windows, for every type of the 16-bit range */
    for (pt = 0; pt < PROP_ID_INVALID; pt++)
    {
        memset(&pv, 0, sizeof(pv));
        pv.ulPropTag = PROP_TAG(pt, 1);

        switch (PROP_TYPE(pt))
        {
        case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME:
        case PT_SYSTIME: case PT_ERROR: case PT_BOOLEAN: case PT_OBJECT: case PT_I8:
            expected = sizeof(pv);
            break;
        case PT_CLSID: pv.Value.lpguid = guid; expected = sizeof(GUID) + sizeof(pv); break;
        case PT_STRING8: pv.Value.lpszA = hi_a; expected = 4 + sizeof(pv); break;
        case PT_UNICODE: pv.Value.lpszW = hi_w; expected = 4 * sizeof(WCHAR) + sizeof(pv); break;
        case PT_BINARY:
            pv.Value.bin.cb = 2;
            pv.Value.bin.lpb = (BYTE *)guid;
            expected = 2 + sizeof(pv);
            break;
        case PT_MV_I2:
            pv.Value.MVi.cValues = 3;
            pv.Value.MVi.lpi = (SHORT *)guid;
            expected = 3 * sizeof(SHORT) + sizeof(pv);
            break;
        case PT_MV_LONG:
            pv.Value.MVl.cValues = 3;
            pv.Value.MVl.lpl = (LONG *)guid;
            expected = 3 * sizeof(LONG) + sizeof(pv);
            break;
        case PT_MV_I8:
            pv.Value.MVli.cValues = 3;
            pv.Value.MVli.lpli = (LARGE_INTEGER *)guid;
            expected = 3 * sizeof(LARGE_INTEGER) + sizeof(pv);
            break;
        case PT_MV_R4:
            pv.Value.MVflt.cValues = 3;
            pv.Value.MVflt.lpflt = (float *)guid;
            expected = 3 * sizeof(float) + sizeof(pv);
            break;
        case PT_MV_APPTIME:
        case PT_MV_DOUBLE:
            pv.Value.MVdbl.cValues = 3;
            pv.Value.MVdbl.lpdbl = (double *)guid;
            expected = 3 * sizeof(double) + sizeof(pv);
            break;
        case PT_MV_CURRENCY:
            pv.Value.MVcur.cValues = 3;
            pv.Value.MVcur.lpcur = (CY *)guid;
            expected = 3 * sizeof(CY) + sizeof(pv);
            break;
        case PT_MV_SYSTIME:
            pv.Value.MVft.cValues = 3;
            pv.Value.MVft.lpft = (FILETIME *)guid;
            expected = 3 * sizeof(FILETIME) + sizeof(pv);
            break;
        case PT_MV_STRING8:
            pv.Value.MVszA.cValues = 3;
            pv.Value.MVszA.lppszA = strs_a;
            strs_a[0] = strs_a[1] = strs_a[2] = hi_a;
            expected = 4 * 3 + 3 * sizeof(char *) + sizeof(pv);
            break;
        case PT_MV_UNICODE:
            pv.Value.MVszW.cValues = 3;
            pv.Value.MVszW.lppszW = strs_w;
            strs_w[0] = strs_w[1] = strs_w[2] = hi_w;
            expected = 4 * 3 * sizeof(WCHAR) + 3 * sizeof(WCHAR *) + sizeof(pv);
            break;
        case PT_MV_BINARY:
            pv.Value.MVbin.cValues = 3;
            pv.Value.MVbin.lpbin = bins;
            bins[0].cb = 17;
            bins[1].cb = 2;
            bins[2].cb = 1;
            bins[0].lpb = bins[1].lpb = bins[2].lpb = (BYTE *)guids;
            expected = 20 + sizeof(pv) + sizeof(SBinary) * 3;
            break;
        default:
            expected = 0; /* PT_NULL, PT_UNSPECIFIED, PT_MV_CLSID without values, unknown types */
        }

        size = 0xffffffff;
        sc = ScCountProps(1, &pv, &size);
        if (expected ? sc != S_OK || size != expected : sc != MAPI_E_INVALID_PARAMETER || size != 0xffffffff)
            fail_msg("type %#lx: expected %lu, got %#lx, %lu", pt, expected, sc, size);
    }

    /* PT_MV_CLSID with values, and an empty binary */
    pv.ulPropTag = TAG(PT_MV_CLSID, 1);
    pv.Value.MVguid.cValues = 2;
    pv.Value.MVguid.lpguid = guids;
    assert_hr_equal(S_OK, ScCountProps(1, &pv, &size));
    assert_int_equal(size, sizeof(pv) + 2 * sizeof(GUID));
    pv.ulPropTag = TAG(PT_BINARY, 1);
    pv.Value.bin.cb = 0;
    pv.Value.bin.lpb = NULL;
    assert_hr_equal(S_OK, ScCountProps(1, &pv, &size));
    assert_int_equal(size, sizeof(pv));

    /* each item is aligned for its type after the ones before it */
    props[0].ulPropTag = TAG(PT_STRING8, 1);
    props[0].Value.lpszA = (char *)"ab";
    props[1].ulPropTag = TAG(PT_CLSID, 2);
    props[1].Value.lpguid = &guid_a;
    assert_hr_equal(S_OK, ScCountProps(2, props, &size));
    assert_int_equal(size, 2 * sizeof(SPropValue) + 4 + sizeof(GUID));
    props[1].ulPropTag = TAG(PT_MV_DOUBLE, 2);
    props[1].Value.MVdbl.cValues = 1;
    props[1].Value.MVdbl.lpdbl = mv_dbl;
    assert_hr_equal(S_OK, ScCountProps(2, props, &size));
    assert_int_equal(size, 2 * sizeof(SPropValue) + 8 + sizeof(double));
    /* validating only */
    assert_hr_equal(S_OK, ScCountProps(2, props, NULL));

    /* identifiers PROP_ID_NULL and PROP_ID_INVALID */
    pv.ulPropTag = PROP_TAG(PT_LONG, PROP_ID_NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, &size));
    pv.ulPropTag = PROP_TAG(PT_LONG, PROP_ID_INVALID);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, &size));
    /* NULL data */
    pv.ulPropTag = PR_SUBJECT_A;
    pv.Value.lpszA = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, NULL));
    pv.ulPropTag = TAG(PT_MV_STRING8, 1);
    pv.Value.MVszA.cValues = 2;
    pv.Value.MVszA.lppszA = strs_a;
    strs_a[1] = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, NULL));
    pv.ulPropTag = TAG(PT_MV_BINARY, 1);
    pv.Value.MVbin.cValues = 2;
    pv.Value.MVbin.lpbin = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, NULL));
    /* sizes past 4GB */
    pv.ulPropTag = TAG(PT_MV_I8, 1);
    pv.Value.MVli.cValues = 0x20000000;
    pv.Value.MVli.lpli = mv_i8;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, &size));
    pv.ulPropTag = TAG(PT_MV_BINARY, 1);
    pv.Value.MVbin.cValues = 2;
    pv.Value.MVbin.lpbin = bins;
    bins[0].cb = bins[1].cb = 0x7ffffff0;
    bins[0].lpb = bins[1].lpb = bytes;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, &size));
    pv.ulPropTag = TAG(PT_MV_STRING8, 1);
    pv.Value.MVszA.cValues = 0x40000000;
    pv.Value.MVszA.lppszA = strs_a;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, &pv, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(0x7fffffff, props, &size));
    /* counts and arrays */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(0, props, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(-1, props, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountProps(1, NULL, &size));
}

static void test_ScCopyProps(void **state)
{
    SPropValue props[EVERY_TYPE_COUNT], *copy, pv, *result;
    ULONG count = make_every_type(props), size, copied, i;
    char *strs[1] = {(char *)"Test"};
    BYTE *block;

    assert_hr_equal(S_OK, ScCountProps(count, props, &size));
    block = HeapAlloc(GetProcessHeap(), 0, size + 64);
    memset(block, 0xcc, size + 64);
    copied = 0;
    assert_hr_equal(S_OK, ScCopyProps(count, props, block, &copied));
    assert_int_equal(copied, size);
    /* nothing written past the block ScCountProps measured */
    for (i = size; i < size + 64; i++) assert_int_equal(block[i], 0xcc);

    copy = (SPropValue *)block;
    for (i = 0; i < count; i++)
    {
        assert_int_equal(copy[i].ulPropTag, props[i].ulPropTag);
        assert_int_equal(LPropCompareProp(&copy[i], &props[i]), 0);
        check_in_block(&copy[i], block + count * sizeof(SPropValue), block + size);
    }
    HeapFree(GetProcessHeap(), 0, block);

    /* Windows: where a PT_MV_STRING8's data goes */
    block = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, 512);
    pv.ulPropTag = PROP_TAG(PT_MV_STRING8, 1);
    pv.Value.MVszA.cValues = 1;
    pv.Value.MVszA.lppszA = strs;
    assert_hr_equal(S_OK, ScCopyProps(1, &pv, block, &copied));
    result = (SPropValue *)block;
    assert_int_equal(result->ulPropTag, pv.ulPropTag);
    assert_int_equal(result->Value.MVszA.cValues, 1);
    assert_ptr_equal(result->Value.MVszA.lppszA[0], block + sizeof(SPropValue) + sizeof(char *));
    assert_int_equal(copied, sizeof(SPropValue) + sizeof(char *) + 5);
    assert_string_equal(result->Value.MVszA.lppszA[0], "Test");

    /* an empty array, and no size wanted */
    assert_hr_equal(S_OK, ScCopyProps(0, props, block, &copied));
    assert_int_equal(copied, 0);
    assert_hr_equal(S_OK, ScCopyProps(1, &pv, block, NULL));

    /* bad input */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyProps(-1, &pv, block, &copied));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyProps(1, NULL, block, &copied));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyProps(1, &pv, NULL, &copied));
    strs[0] = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyProps(1, &pv, block, &copied));
    pv.ulPropTag = TAG(0x55, 1);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyProps(1, &pv, block, &copied));
    pv.ulPropTag = TAG(MV_FLAG | PT_OBJECT, 1);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyProps(1, &pv, block, &copied));
    pv.ulPropTag = TAG(PT_BINARY, 1);
    pv.Value.bin.cb = 10;
    pv.Value.bin.lpb = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyProps(1, &pv, block, &copied));
    HeapFree(GetProcessHeap(), 0, block);
}

static void check_copy_of_every_type(const SPropValue *copy, const SPropValue *props, ULONG count,
                                     const BYTE *block, ULONG size)
{
    ULONG i;

    for (i = 0; i < count; i++)
    {
        assert_int_equal(copy[i].ulPropTag, props[i].ulPropTag);
        assert_int_equal(LPropCompareProp((SPropValue *)&copy[i], (SPropValue *)&props[i]), 0);
        check_in_block(&copy[i], block + count * sizeof(SPropValue), block + size);
    }
}

static void test_ScRelocProps(void **state)
{
    SPropValue props[EVERY_TYPE_COUNT], *moved;
    ULONG count = make_every_type(props), size, reloc_size, i;
    BYTE *first, *second, *third, *saved;
    char *strs[1] = {(char *)"Test"};

    assert_hr_equal(S_OK, ScCountProps(count, props, &size));
    first = HeapAlloc(GetProcessHeap(), 0, size);
    second = HeapAlloc(GetProcessHeap(), 0, size);
    third = HeapAlloc(GetProcessHeap(), 0, size);
    saved = HeapAlloc(GetProcessHeap(), 0, size);
    assert_hr_equal(S_OK, ScCopyProps(count, props, first, NULL));

    /* moved with memcpy: the old block can be gone */
    memcpy(second, first, size);
    memset(first, 0xcc, size);
    reloc_size = 0;
    assert_hr_equal(S_OK, ScRelocProps(count, (SPropValue *)second, first, second, &reloc_size));
    assert_int_equal(reloc_size, size);
    check_copy_of_every_type((SPropValue *)second, props, count, second, size);

    /* made offsets in place (new base NULL), stored, read back elsewhere (old base NULL) */
    assert_hr_equal(S_OK, ScRelocProps(count, (SPropValue *)second, second, NULL, &reloc_size));
    assert_int_equal(reloc_size, size);
    moved = (SPropValue *)second;
    for (i = 0; i < count; i++)
        if (PROP_TYPE(moved[i].ulPropTag) == PT_STRING8)
            assert_true((ULONG_PTR)moved[i].Value.lpszA < size);
    memcpy(third, second, size);
    memset(second, 0xcc, size);
    assert_hr_equal(S_OK, ScRelocProps(count, (SPropValue *)third, NULL, third, &reloc_size));
    assert_int_equal(reloc_size, size);
    check_copy_of_every_type((SPropValue *)third, props, count, third, size);

    /* pointers moved away from the data and back, as the data stays */
    assert_hr_equal(S_OK, ScRelocProps(count, (SPropValue *)third, third, third + 16, NULL));
    assert_hr_equal(S_OK, ScRelocProps(count, (SPropValue *)third, third + 16, third, NULL));
    check_copy_of_every_type((SPropValue *)third, props, count, third, size);

    /* Windows: a PT_MV_STRING8 */
    {
        SPropValue pv, *result;
        BYTE buffer[512], buffer2[512];

        pv.ulPropTag = PROP_TAG(PT_MV_STRING8, 1);
        pv.Value.MVszA.cValues = 1;
        pv.Value.MVszA.lppszA = strs;
        assert_hr_equal(S_OK, ScCopyProps(1, &pv, buffer, NULL));
        memcpy(buffer2, buffer, sizeof(buffer));
        memset(buffer, 0, sizeof(buffer));
        assert_hr_equal(S_OK, ScRelocProps(1, (SPropValue *)buffer2, buffer, buffer2, &reloc_size));
        result = (SPropValue *)buffer2;
        assert_int_equal(result->Value.MVszA.cValues, 1);
        assert_ptr_equal(result->Value.MVszA.lppszA[0], buffer2 + sizeof(SPropValue) + sizeof(char *));
        assert_int_equal(reloc_size, sizeof(SPropValue) + sizeof(char *) + 5);
        assert_string_equal(result->Value.MVszA.lppszA[0], "Test");
    }

    /* bad input leaves the block alone */
    memcpy(saved, third, size);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocProps(-1, (SPropValue *)third, third, first, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocProps(count, NULL, third, first, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocProps(count, (SPropValue *)third, NULL, NULL, NULL));
    moved = (SPropValue *)third;
    moved[count - 1].Value.MVbin.lpbin = NULL; /* PT_MV_BINARY with values */
    memcpy(saved, third, size);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocProps(count, (SPropValue *)third, third, first, NULL));
    assert_memory_equal(saved, third, size);
    moved[count - 1].ulPropTag = TAG(0x77, 1);
    moved[10].Value.lpszA = NULL; /* PT_STRING8 */
    memcpy(saved, third, size);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocProps(count, (SPropValue *)third, third, first, NULL));
    assert_memory_equal(saved, third, size);
    /* nothing to do for an empty array */
    assert_hr_equal(S_OK, ScRelocProps(0, (SPropValue *)third, third, first, &reloc_size));
    assert_int_equal(reloc_size, 0);

    HeapFree(GetProcessHeap(), 0, first);
    HeapFree(GetProcessHeap(), 0, second);
    HeapFree(GetProcessHeap(), 0, third);
    HeapFree(GetProcessHeap(), 0, saved);
}

/* An ALLOCATEBUFFER that counts its calls and the size asked, and can fail. */
static ULONG alloc_calls, alloc_size;
static SCODE alloc_result = S_OK;

static SCODE WINAPI counting_alloc(ULONG size, void **buffer)
{
    alloc_calls++;
    alloc_size = size;
    if (alloc_result != S_OK)
    {
        *buffer = NULL;
        return alloc_result;
    }
    return MAPIAllocateBuffer(size, buffer);
}

static void test_ScDupPropset(void **state)
{
    SPropValue props[EVERY_TYPE_COUNT], *dup;
    ULONG count = make_every_type(props), size;
    SIZE_T before;

    assert_hr_equal(S_OK, ScCountProps(count, props, &size));

    before = heap_busy_bytes();
    alloc_calls = 0;
    dup = NULL;
    assert_hr_equal(S_OK, ScDupPropset(count, props, counting_alloc, &dup));
    assert_non_null(dup);
    /* one block, from the given allocator, as large as ScCountProps says */
    assert_int_equal(alloc_calls, 1);
    assert_int_equal(alloc_size, size);
    check_copy_of_every_type(dup, props, count, (BYTE *)dup, size);
    MAPIFreeBuffer(dup);
    assert_int_equal(heap_busy_bytes(), before);

    /* the allocator's failure */
    alloc_result = MAPI_E_NOT_ENOUGH_MEMORY;
    dup = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NOT_ENOUGH_MEMORY, ScDupPropset(count, props, counting_alloc, &dup));
    alloc_result = S_OK;

    /* bad input allocates nothing */
    alloc_calls = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScDupPropset(count, props, NULL, &dup));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScDupPropset(count, props, counting_alloc, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScDupPropset(0, props, counting_alloc, &dup));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScDupPropset(-3, props, counting_alloc, &dup));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScDupPropset(count, NULL, counting_alloc, &dup));
    props[11].Value.lpszW = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScDupPropset(count, props, counting_alloc, &dup));
    assert_int_equal(alloc_calls, 0);
}

static void test_FBadRglpsz(void **state)
{
    LPSTR strs_a[4];
    LPWSTR strs_w[4];

    /* Windows */
    assert_true(FBadRglpszA(NULL, 10));
    strs_a[0] = strs_a[1] = strs_a[2] = strs_a[3] = NULL;
    assert_true(FBadRglpszA(strs_a, 4));
    strs_a[0] = strs_a[1] = strs_a[2] = (char *)"A String";
    assert_false(FBadRglpszA(strs_a, 3));
    assert_true(FBadRglpszA(strs_a, 4));
    assert_false(FBadRglpszA(NULL, 0));
    strs_a[1] = (char *)1;
    assert_true(FBadRglpszA(strs_a, 3));
    assert_true(FBadRglpszA((LPSTR *)1, 2));

    assert_true(FBadRglpszW(NULL, 10));
    strs_w[0] = strs_w[1] = strs_w[2] = strs_w[3] = NULL;
    assert_true(FBadRglpszW(strs_w, 4));
    strs_w[0] = strs_w[1] = strs_w[2] = (WCHAR *)L"A String";
    assert_false(FBadRglpszW(strs_w, 3));
    assert_true(FBadRglpszW(strs_w, 4));
    assert_false(FBadRglpszW(NULL, 0));
    strs_w[2] = (WCHAR *)2;
    assert_true(FBadRglpszW(strs_w, 3));
    /* a count whose array size overflows */
    assert_true(FBadRglpszW(strs_w, 0xffffffff));
}

static void test_FBadPropTag(void **state)
{
    ULONG pt;

    /* Windows */
    for (pt = 0; pt < PROP_ID_INVALID; pt++)
    {
        BOOL bad = TRUE;

        switch (pt & (~MV_FLAG & PROP_TYPE_MASK))
        {
        case PT_UNSPECIFIED: case PT_NULL: case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE:
        case PT_CURRENCY: case PT_APPTIME: case PT_ERROR: case PT_BOOLEAN: case PT_OBJECT: case PT_I8:
        case PT_STRING8: case PT_UNICODE: case PT_SYSTIME: case PT_CLSID: case PT_BINARY:
            bad = FALSE;
        }
        if (!FBadPropTag(pt) != !bad) fail_msg("type %#lx: expected %d", pt, bad);
        /* the identifier does not count */
        if (!FBadPropTag(PROP_TAG(pt, 0x8123)) != !bad) fail_msg("tag %#lx: expected %d", PROP_TAG(pt, 0x8123), bad);
    }
}

static void test_FBadProp(void **state)
{
    static WCHAR empty[] = L"";
    char *strs[2] = {hi_a, NULL};
    SBinary bins[2] = {{2, bytes}, {3, NULL}};
    GUID guid;
    SPropValue pv;
    ULONG pt;

    /* Windows: with zeroed values, multi-valued properties have no values to check */
    for (pt = 0; pt < PROP_ID_INVALID; pt++)
    {
        BOOL bad = TRUE;

        memset(&pv, 0, sizeof(pv));
        pv.ulPropTag = pt;
        switch (PROP_TYPE(pt))
        {
        case MV_FLAG | PT_UNSPECIFIED: case PT_UNSPECIFIED: case MV_FLAG | PT_NULL: case PT_NULL:
        case PT_MV_I2: case PT_I2: case PT_MV_LONG: case PT_LONG: case PT_MV_I8: case PT_I8:
        case PT_MV_R4: case PT_R4: case PT_MV_DOUBLE: case PT_DOUBLE: case PT_MV_CURRENCY: case PT_CURRENCY:
        case PT_MV_APPTIME: case PT_APPTIME: case MV_FLAG | PT_ERROR: case PT_ERROR:
        case MV_FLAG | PT_BOOLEAN: case PT_BOOLEAN: case MV_FLAG | PT_OBJECT: case PT_OBJECT:
        case PT_MV_STRING8: case PT_MV_UNICODE: case PT_MV_SYSTIME: case PT_SYSTIME:
        case PT_MV_BINARY: case PT_BINARY: case PT_MV_CLSID:
            bad = FALSE;
            break;
        case PT_STRING8:
        case PT_UNICODE:
            pv.Value.lpszW = empty;
            bad = FALSE;
            break;
        case PT_CLSID:
            pv.Value.lpguid = &guid;
            bad = FALSE;
            break;
        }
        if (!FBadProp(&pv) != !bad) fail_msg("type %#lx: expected %d", pt, bad);
    }

    /* NULL and unreadable data */
    assert_true(FBadProp(NULL));
    assert_true(FBadProp((SPropValue *)4));
    memset(&pv, 0, sizeof(pv));
    pv.ulPropTag = PR_SUBJECT_A;
    assert_true(FBadProp(&pv));
    pv.Value.lpszA = (char *)8;
    assert_true(FBadProp(&pv));
    pv.ulPropTag = TAG(PT_CLSID, 1);
    assert_true(FBadProp(&pv));
    pv.ulPropTag = TAG(PT_BINARY, 1);
    pv.Value.bin.cb = 4;
    pv.Value.bin.lpb = NULL;
    assert_true(FBadProp(&pv));
    pv.Value.bin.lpb = bytes;
    assert_false(FBadProp(&pv));
    pv.ulPropTag = TAG(PT_MV_LONG, 1);
    pv.Value.MVl.cValues = 3;
    pv.Value.MVl.lpl = NULL;
    assert_true(FBadProp(&pv));
    pv.Value.MVl.lpl = mv_long;
    assert_false(FBadProp(&pv));
    pv.Value.MVl.cValues = 0x80000000; /* past the address space on 32-bit, unreadable on 64 */
    assert_true(FBadProp(&pv));
    pv.ulPropTag = TAG(PT_MV_STRING8, 1);
    pv.Value.MVszA.cValues = 2;
    pv.Value.MVszA.lppszA = strs;
    assert_true(FBadProp(&pv));
    pv.Value.MVszA.cValues = 1;
    assert_false(FBadProp(&pv));
    pv.ulPropTag = TAG(PT_MV_BINARY, 1);
    pv.Value.MVbin.cValues = 2;
    pv.Value.MVbin.lpbin = bins;
    assert_true(FBadProp(&pv));
    pv.Value.MVbin.cValues = 1;
    assert_false(FBadProp(&pv));
}

static void test_FBadRow(void **state)
{
    SPropValue props[2];
    SRow row, *row_array;
    SRowSet *rows;

    /* Windows */
    assert_true(FBadRow(NULL));
    assert_true(FBadRowSet(NULL));

    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = hi_a;
    props[1].ulPropTag = PR_IMPORTANCE;
    props[1].Value.l = 1;
    row.ulAdrEntryPad = 0;
    row.cValues = 2;
    row.lpProps = props;
    assert_false(FBadRow(&row));
    row.lpProps = NULL;
    assert_true(FBadRow(&row));
    row.lpProps = (SPropValue *)16;
    assert_true(FBadRow(&row));
    row.lpProps = props;
    props[1].ulPropTag = TAG(0x99, 1);
    assert_true(FBadRow(&row));
    props[1].ulPropTag = PR_IMPORTANCE;
    props[0].Value.lpszA = NULL;
    assert_true(FBadRow(&row));
    props[0].Value.lpszA = hi_a;

    rows = HeapAlloc(GetProcessHeap(), 0, CbNewSRowSet(2));
    rows->cRows = 2;
    row_array = rows->aRow; /* indexed past MAPI_DIM */
    row_array[0] = row_array[1] = row;
    assert_false(FBadRowSet(rows));
    row_array[1].lpProps = NULL;
    assert_true(FBadRowSet(rows));
    rows->cRows = 1;
    assert_false(FBadRowSet(rows));
    rows->cRows = 0x10000000; /* more rows than the block holds */
    row_array[1].lpProps = (SPropValue *)0x10;
    assert_true(FBadRowSet(rows));
    HeapFree(GetProcessHeap(), 0, rows);
    assert_true(FBadRowSet((SRowSet *)0x20));
}

static void test_FBadRglpNameID(void **state)
{
    MAPINAMEID id = {&guid_a, MNID_ID, {0x8001}}, name = {&guid_b, MNID_STRING}, *names[3] = {&id, &name, NULL};

    name.Kind.lpwstrName = (WCHAR *)L"Keywords";
    assert_false(FBadRglpNameID(names, 2));
    assert_false(FBadRglpNameID(NULL, 0));
    assert_true(FBadRglpNameID(names, 3));
    assert_true(FBadRglpNameID(NULL, 1));
    name.Kind.lpwstrName = NULL;
    assert_true(FBadRglpNameID(names, 2));
    name.Kind.lpwstrName = (WCHAR *)L"Keywords";
    name.ulKind = 2;
    assert_true(FBadRglpNameID(names, 2));
    name.ulKind = MNID_STRING;
    id.lpguid = NULL;
    assert_true(FBadRglpNameID(names, 2));
    id.lpguid = (GUID *)0x30;
    assert_true(FBadRglpNameID(names, 1));
    id.lpguid = &guid_a;
    names[1] = (MAPINAMEID *)0x40;
    assert_true(FBadRglpNameID(names, 2));
}

static void test_FBadColumnSet(void **state)
{
    SizedSPropTagArray(2, columns);
    ULONG pt;

    /* Windows */
    assert_true(FBadColumnSet(NULL));
    columns.cValues = 1;
    for (pt = 0; pt < PROP_ID_INVALID; pt++)
    {
        BOOL bad = TRUE;

        columns.aulPropTag[0] = pt;
        switch (pt & (~MV_FLAG & PROP_TYPE_MASK))
        {
        case PT_UNSPECIFIED: case PT_NULL: case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE:
        case PT_CURRENCY: case PT_APPTIME: case PT_BOOLEAN: case PT_OBJECT: case PT_I8:
        case PT_STRING8: case PT_UNICODE: case PT_SYSTIME: case PT_CLSID: case PT_BINARY:
            bad = FALSE;
        }
        if (pt == (MV_FLAG | PT_ERROR)) bad = FALSE;
        if (!FBadColumnSet((SPropTagArray *)&columns) != !bad) fail_msg("type %#lx: expected %d", pt, bad);
    }

    columns.cValues = 2;
    columns.aulPropTag[0] = PR_SUBJECT_A;
    columns.aulPropTag[1] = PR_IMPORTANCE;
    assert_false(FBadColumnSet((SPropTagArray *)&columns));
    columns.aulPropTag[1] = CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_ERROR);
    assert_true(FBadColumnSet((SPropTagArray *)&columns));
    columns.cValues = 0x7fffffff;
    assert_true(FBadColumnSet((SPropTagArray *)&columns));
    assert_true(FBadColumnSet((SPropTagArray *)0x50));
}

static void test_FBadSortOrderSet(void **state)
{
    SizedSSortOrderSet(3, sort) = {3, 1, 1,
        {{PR_SUBJECT_A, TABLE_SORT_ASCEND}, {PR_IMPORTANCE, TABLE_SORT_DESCEND},
         {PR_MESSAGE_DELIVERY_TIME, TABLE_SORT_COMBINE}}};
    SSortOrderSet *set = (SSortOrderSet *)&sort;

    assert_false(FBadSortOrderSet(set));
    assert_true(FBadSortOrderSet(NULL));
    assert_true(FBadSortOrderSet((SSortOrderSet *)0x60));
    /* multi-valued instances may be sorted on */
    sort.aSort[2].ulPropTag = MVI_PROP(TAG(PT_MV_STRING8, 0x8001));
    assert_false(FBadSortOrderSet(set));
    sort.aSort[2].ulPropTag = TAG(MV_INSTANCE | PT_STRING8, 0x8001);
    assert_true(FBadSortOrderSet(set));
    sort.aSort[2].ulPropTag = TAG(0x33, 0x8001);
    assert_true(FBadSortOrderSet(set));
    sort.aSort[2].ulPropTag = PR_MESSAGE_DELIVERY_TIME;
    /* orders */
    sort.aSort[1].ulOrder = 0x10;
    assert_true(FBadSortOrderSet(set));
    sort.aSort[1].ulOrder = TABLE_SORT_DESCEND | 0x04; /* category maximum */
    assert_false(FBadSortOrderSet(set));
    sort.aSort[1].ulOrder = 0x04 | 0x08;
    assert_true(FBadSortOrderSet(set));
    sort.aSort[1].ulOrder = TABLE_SORT_ASCEND;
    /* categories */
    sort.cCategories = 4;
    assert_true(FBadSortOrderSet(set));
    sort.cCategories = 1;
    sort.cExpanded = 2;
    assert_true(FBadSortOrderSet(set));
    sort.cExpanded = 0;
    assert_false(FBadSortOrderSet(set));
    sort.cSorts = sort.cCategories = 0;
    assert_false(FBadSortOrderSet(set));
    sort.cSorts = 0x7fffffff;
    assert_true(FBadSortOrderSet(set));
}

static void test_FBadEntryList(void **state)
{
    SBinary bins[2] = {{3, bytes}, {0, NULL}};
    ENTRYLIST list = {2, bins};

    assert_false(FBadEntryList(&list));
    assert_true(FBadEntryList(NULL));
    assert_true(FBadEntryList((ENTRYLIST *)0x70));
    bins[1].cb = 1;
    assert_true(FBadEntryList(&list));
    bins[1].lpb = (BYTE *)0x80;
    assert_true(FBadEntryList(&list));
    list.cValues = 1;
    assert_false(FBadEntryList(&list));
    list.lpbin = NULL;
    assert_true(FBadEntryList(&list));
    list.cValues = 0;
    assert_false(FBadEntryList(&list));
}

static void test_FBadRestriction(void **state)
{
    SPropValue subject = {PR_SUBJECT_A}, importance = {PR_IMPORTANCE}, bad_value = {PR_BODY_A};
    SRestriction leaves[8], and_res, or_res, not_res, sub_res, comment_res, count_res, chain[300], dag[64][2];
    SCountRestriction *count;
    ULONG i;

    subject.Value.lpszA = (char *)"hello";
    importance.Value.l = IMPORTANCE_HIGH;
    bad_value.Value.lpszA = NULL;

    memset(leaves, 0, sizeof(leaves));
    leaves[0].rt = RES_CONTENT;
    leaves[0].res.resContent.ulFuzzyLevel = FL_SUBSTRING | FL_IGNORECASE;
    leaves[0].res.resContent.ulPropTag = PR_SUBJECT_A;
    leaves[0].res.resContent.lpProp = &subject;
    leaves[1].rt = RES_PROPERTY;
    leaves[1].res.resProperty.relop = RELOP_GE;
    leaves[1].res.resProperty.ulPropTag = PR_IMPORTANCE;
    leaves[1].res.resProperty.lpProp = &importance;
    leaves[2].rt = RES_COMPAREPROPS;
    leaves[2].res.resCompareProps.relop = RELOP_EQ;
    leaves[2].res.resCompareProps.ulPropTag1 = PR_SUBJECT_A;
    leaves[2].res.resCompareProps.ulPropTag2 = PR_BODY_A;
    leaves[3].rt = RES_BITMASK;
    leaves[3].res.resBitMask.relBMR = 1; /* BMR_NEZ */
    leaves[3].res.resBitMask.ulPropTag = PR_MESSAGE_FLAGS;
    leaves[3].res.resBitMask.ulMask = MSGFLAG_READ;
    leaves[4].rt = RES_SIZE;
    leaves[4].res.resSize.relop = RELOP_LT;
    leaves[4].res.resSize.ulPropTag = PR_BODY_A;
    leaves[4].res.resSize.cb = 100;
    leaves[5].rt = RES_EXIST;
    leaves[5].res.resExist.ulPropTag = PR_SUBJECT_A;
    leaves[6].rt = RES_PROPERTY; /* on an instance of a multi-valued property */
    leaves[6].res.resProperty.relop = RELOP_EQ;
    leaves[6].res.resProperty.ulPropTag = MVI_PROP(TAG(PT_MV_STRING8, 0x8001));
    leaves[6].res.resProperty.lpProp = &subject;
    leaves[7].rt = RES_PROPERTY;
    leaves[7].res.resProperty.relop = RELOP_RE;
    leaves[7].res.resProperty.ulPropTag = PR_SUBJECT_A;
    leaves[7].res.resProperty.lpProp = &subject;
    for (i = 0; i < ARRAY_SIZE(leaves); i++)
        if (FBadRestriction(&leaves[i])) fail_msg("leaf %lu is bad", i);

    and_res.rt = RES_AND;
    and_res.res.resAnd.cRes = ARRAY_SIZE(leaves);
    and_res.res.resAnd.lpRes = leaves;
    or_res.rt = RES_OR;
    or_res.res.resOr.cRes = 1;
    or_res.res.resOr.lpRes = &and_res;
    not_res.rt = RES_NOT;
    not_res.res.resNot.ulReserved = 0;
    not_res.res.resNot.lpRes = &or_res;
    sub_res.rt = RES_SUBRESTRICTION;
    sub_res.res.resSub.ulSubObject = PR_MESSAGE_RECIPIENTS;
    sub_res.res.resSub.lpRes = &not_res;
    comment_res.rt = RES_COMMENT;
    comment_res.res.resComment.cValues = 2;
    comment_res.res.resComment.lpProp = &subject; /* subject, then... */
    comment_res.res.resComment.lpRes = &sub_res;
    count_res.rt = RES_COUNT;
    count = (SCountRestriction *)&count_res.res;
    count->ulCount = 5;
    count->lpRes = &comment_res;
    {
        SPropValue comment_props[2] = {subject, importance};

        comment_res.res.resComment.lpProp = comment_props;
        assert_false(FBadRestriction(&count_res));
        /* a bad leaf deep inside */
        leaves[1].res.resProperty.lpProp = &bad_value;
        assert_true(FBadRestriction(&count_res));
        leaves[1].res.resProperty.lpProp = &importance;
        /* a bad comment value */
        comment_props[1] = bad_value;
        assert_true(FBadRestriction(&count_res));
        comment_props[1] = importance;
        /* a comment on nothing */
        comment_res.res.resComment.lpRes = NULL;
        assert_false(FBadRestriction(&comment_res));
        comment_res.res.resComment.cValues = 0x7fffffff;
        assert_true(FBadRestriction(&comment_res));
    }

    /* empty AND and OR are fine; missing subrestrictions are not */
    and_res.res.resAnd.cRes = 0;
    and_res.res.resAnd.lpRes = NULL;
    assert_false(FBadRestriction(&and_res));
    and_res.res.resAnd.cRes = 2;
    assert_true(FBadRestriction(&and_res));
    and_res.res.resAnd.lpRes = (SRestriction *)0x90;
    assert_true(FBadRestriction(&and_res));
    not_res.res.resNot.lpRes = NULL;
    assert_true(FBadRestriction(&not_res));
    count->lpRes = NULL;
    assert_true(FBadRestriction(&count_res));
    sub_res.res.resSub.lpRes = NULL;
    assert_true(FBadRestriction(&sub_res));
    assert_true(FBadRestriction(NULL));
    assert_true(FBadRestriction((SRestriction *)0xa0));

    /* bad leaves */
    leaves[0].res.resContent.lpProp = NULL;
    assert_true(FBadRestriction(&leaves[0]));
    leaves[0].res.resContent.lpProp = &subject;
    leaves[0].res.resContent.ulPropTag = TAG(0x66, 1);
    assert_true(FBadRestriction(&leaves[0]));
    leaves[1].res.resProperty.relop = RELOP_RE + 1;
    assert_true(FBadRestriction(&leaves[1]));
    leaves[2].res.resCompareProps.ulPropTag2 = TAG(MV_INSTANCE | PT_LONG, 1);
    assert_true(FBadRestriction(&leaves[2]));
    leaves[3].res.resBitMask.relBMR = 2;
    assert_true(FBadRestriction(&leaves[3]));
    leaves[4].res.resSize.relop = RELOP_RE;
    assert_true(FBadRestriction(&leaves[4]));
    leaves[5].res.resExist.ulPropTag = TAG(0x1234, 1);
    assert_true(FBadRestriction(&leaves[5]));
    leaves[6].rt = 12; /* unknown type */
    assert_true(FBadRestriction(&leaves[6]));

    /* nesting: fine within the limit, refused past it, and loops end */
    for (i = 0; i < ARRAY_SIZE(chain); i++)
    {
        chain[i].rt = RES_NOT;
        chain[i].res.resNot.lpRes = i + 1 < ARRAY_SIZE(chain) ? &chain[i + 1] : NULL;
    }
    chain[ARRAY_SIZE(chain) - 1].rt = RES_EXIST;
    chain[ARRAY_SIZE(chain) - 1].res.resExist.ulPropTag = PR_SUBJECT_A;
    assert_false(FBadRestriction(&chain[ARRAY_SIZE(chain) - 200]));
    assert_true(FBadRestriction(&chain[0]));
    chain[10].res.resNot.lpRes = &chain[5];
    assert_true(FBadRestriction(&chain[0]));

    /* shared subtrees: 2^64 paths through 128 nodes end early */
    for (i = 0; i < ARRAY_SIZE(dag); i++)
    {
        dag[i][0].rt = dag[i][1].rt = RES_AND;
        dag[i][0].res.resAnd.cRes = dag[i][1].res.resAnd.cRes = i + 1 < ARRAY_SIZE(dag) ? 2 : 0;
        dag[i][0].res.resAnd.lpRes = dag[i][1].res.resAnd.lpRes = i + 1 < ARRAY_SIZE(dag) ? dag[i + 1] : NULL;
    }
    assert_false(FBadRestriction(&dag[ARRAY_SIZE(dag) - 10][0]));
    assert_true(FBadRestriction(&dag[0][0]));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_PropCopyMore),
        cmocka_unit_test(test_PropCopyMore_bad),
        cmocka_unit_test(test_UlPropSize),
        cmocka_unit_test(test_FPropContainsProp),
        cmocka_unit_test(test_FPropCompareProp),
        cmocka_unit_test(test_FPropCompareProp_regex),
        cmocka_unit_test(test_LPropCompareProp),
        cmocka_unit_test(test_HrGetOneProp),
        cmocka_unit_test(test_HrSetOneProp),
        cmocka_unit_test(test_FPropExists),
        cmocka_unit_test(test_PpropFindProp),
        cmocka_unit_test(test_LpValFindProp),
        cmocka_unit_test(test_FreeProws),
        cmocka_unit_test(test_ScCountProps),
        cmocka_unit_test(test_ScCopyProps),
        cmocka_unit_test(test_ScRelocProps),
        cmocka_unit_test(test_ScDupPropset),
        cmocka_unit_test(test_FBadRglpsz),
        cmocka_unit_test(test_FBadPropTag),
        cmocka_unit_test(test_FBadProp),
        cmocka_unit_test(test_FBadRow),
        cmocka_unit_test(test_FBadRglpNameID),
        cmocka_unit_test(test_FBadColumnSet),
        cmocka_unit_test(test_FBadSortOrderSet),
        cmocka_unit_test(test_FBadEntryList),
        cmocka_unit_test(test_FBadRestriction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
