/*
 * CreateIProp and the IPropData object: every method, object and property
 * access levels, string width conversion, problem arrays, copies to a second
 * object, bad input, and two threads writing at once.
 *
 * Where Microsoft's pages are silent, the expectations come from Wine's
 * mapi32 tests, which pass on Windows.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"

#include "mapi32_test.h"

/* SDK values missing from Wine's headers. */
#ifndef MAPI_MOVE
#define MAPI_MOVE      0x00000001
#endif
#ifndef MAPI_NOREPLACE
#define MAPI_NOREPLACE 0x00000002
#endif
#ifndef MAPI_DIALOG
#define MAPI_DIALOG    0x00000008
#endif

#define TAG_LONG      PROP_TAG(PT_LONG, 0x6601)
#define TAG_STRING_A  PROP_TAG(PT_STRING8, 0x6602)
#define TAG_STRING_W  PROP_TAG(PT_UNICODE, 0x6602)
#define TAG_BINARY    PROP_TAG(PT_BINARY, 0x6603)
#define TAG_MV_LONG   PROP_TAG(PT_MV_LONG, 0x6604)
#define TAG_MV_A      PROP_TAG(PT_MV_STRING8, 0x6605)
#define TAG_MV_W      PROP_TAG(PT_MV_UNICODE, 0x6605)
#define TAG_I8        PROP_TAG(PT_I8, 0x6606)
#define TAG_CLSID     PROP_TAG(PT_CLSID, 0x6607)
#define TAG_SYSTIME   PROP_TAG(PT_SYSTIME, 0x6608)
#define TAG_DOUBLE    PROP_TAG(PT_DOUBLE, 0x6609)
#define TAG_BOOLEAN   PROP_TAG(PT_BOOLEAN, 0x660a)
#define TAG_MV_BINARY PROP_TAG(PT_MV_BINARY, 0x660b)
#define TAG_OBJECT    PROP_TAG(PT_OBJECT, 0x660c)
#define TAG_OTHER     PROP_TAG(PT_LONG, 0x660d)
#define TAG_MISSING   PROP_TAG(PT_LONG, 0x660e)

#define IPROP_RW_DIRTY (IPROP_READWRITE | IPROP_DIRTY)

/* Allocators that count their calls, to see which memory the object hands out. */
static LONG buffers_allocated, more_allocated, buffers_freed;

static SCODE WINAPI counting_allocate_buffer(ULONG size, void **buffer)
{
    InterlockedIncrement(&buffers_allocated);
    return MAPIAllocateBuffer(size, buffer);
}

static SCODE WINAPI counting_allocate_more(ULONG size, void *object, void **buffer)
{
    InterlockedIncrement(&more_allocated);
    return MAPIAllocateMore(size, object, buffer);
}

static ULONG WINAPI counting_free_buffer(void *buffer)
{
    InterlockedIncrement(&buffers_freed);
    return MAPIFreeBuffer(buffer);
}

static IPropData *create_prop_data(void)
{
    IPropData *object = NULL;

    assert_hr_equal(S_OK, CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore,
                                      MAPIFreeBuffer, NULL, &object));
    assert_non_null(object);
    return object;
}

static void set_long(IPropData *object, ULONG tag, LONG value)
{
    SPropProblemArray *problems = (void *)0xdeadbeef;
    SPropValue prop;

    prop.ulPropTag = tag;
    prop.Value.l = value;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 1, &prop, &problems));
    assert_null(problems);
}

static void set_string_a(IPropData *object, ULONG tag, const char *value)
{
    SPropValue prop;

    prop.ulPropTag = tag;
    prop.Value.lpszA = (char *)value;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 1, &prop, NULL));
}

static void set_string_w(IPropData *object, ULONG tag, const WCHAR *value)
{
    SPropValue prop;

    prop.ulPropTag = tag;
    prop.Value.lpszW = (WCHAR *)value;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 1, &prop, NULL));
}

/* GetProps for one tag; the caller frees *value. */
static HRESULT get_one(IPropData *object, ULONG tag, ULONG flags, SPropValue **value)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    ULONG count = 0;
    HRESULT hr;

    *value = NULL;
    hr = IPropData_GetProps(object, (SPropTagArray *)&tags, flags, &count, value);
    if (SUCCEEDED(hr))
    {
        assert_int_equal(count, 1);
        assert_non_null(*value);
    }
    return hr;
}

static LONG get_long(IPropData *object, ULONG tag)
{
    SPropValue *value;
    LONG result;

    assert_hr_equal(S_OK, get_one(object, tag, 0, &value));
    assert_int_equal(value->ulPropTag, tag);
    result = value->Value.l;
    MAPIFreeBuffer(value);
    return result;
}

static BOOL has_prop(IPropData *object, ULONG tag)
{
    SPropTagArray *tags;
    BOOL found = FALSE;
    ULONG i;

    assert_hr_equal(S_OK, IPropData_GetPropList(object, MAPI_UNICODE, &tags));
    for (i = 0; i < tags->cValues; i++)
        if (PROP_ID(tags->aulPropTag[i]) == PROP_ID(tag)) found = TRUE;
    MAPIFreeBuffer(tags);
    return found;
}

static ULONG prop_count(IPropData *object)
{
    SPropTagArray *tags;
    ULONG count;

    assert_hr_equal(S_OK, IPropData_GetPropList(object, 0, &tags));
    count = tags->cValues;
    MAPIFreeBuffer(tags);
    return count;
}

static ULONG get_access(IPropData *object, ULONG tag)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    SPropTagArray *list = (SPropTagArray *)&tags;
    ULONG *access = NULL, result;

    assert_hr_equal(S_OK, IPropData_HrGetPropAccess(object, &list, &access));
    assert_ptr_equal(list, &tags);
    assert_non_null(access);
    result = access[0];
    MAPIFreeBuffer(access);
    return result;
}

static void set_access(IPropData *object, ULONG tag, ULONG access)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };

    assert_hr_equal(S_OK, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, &access));
}

static void test_create(void **state)
{
    IPropData *object;

    object = (void *)0xdeadbeef;
    assert_hr_equal(S_OK, CreateIProp(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &object));
    assert_non_null(object);
    assert_int_equal(prop_count(object), 0);
    assert_int_equal(IPropData_Release(object), 0);

    object = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    CreateIProp(&IID_IMAPIProp, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &object));
    assert_null(object);
    object = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    CreateIProp(&IID_IUnknown, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &object));
    assert_null(object);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    CreateIProp(&IID_IMAPIPropData, NULL, MAPIAllocateMore, MAPIFreeBuffer, NULL, &object));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, NULL, MAPIFreeBuffer, NULL, &object));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, NULL, NULL, &object));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                (void *)1, &object));
    assert_null(object);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL));
}

static void test_query_interface(void **state)
{
    IPropData *object = create_prop_data();
    void *iface;

    assert_hr_equal(S_OK, IPropData_QueryInterface(object, &IID_IUnknown, &iface));
    assert_ptr_equal(iface, object);
    assert_hr_equal(S_OK, IPropData_QueryInterface(object, &IID_IMAPIProp, &iface));
    assert_ptr_equal(iface, object);
    assert_hr_equal(S_OK, IPropData_QueryInterface(object, &IID_IMAPIPropData, &iface));
    assert_ptr_equal(iface, object);
    /* Three references given out above, plus the first. */
    assert_int_equal(IPropData_AddRef(object), 5);
    assert_int_equal(IPropData_Release(object), 4);

    iface = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IPropData_QueryInterface(object, &IID_IStream, &iface));
    assert_null(iface);
    iface = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IPropData_QueryInterface(object, &IID_IMessage, &iface));
    assert_null(iface);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_QueryInterface(object, &IID_IUnknown, NULL));

    assert_int_equal(IPropData_Release(object), 3);
    assert_int_equal(IPropData_Release(object), 2);
    assert_int_equal(IPropData_Release(object), 1);
    assert_int_equal(IPropData_Release(object), 0);
}

/* What the object returns comes from the functions given to CreateIProp. */
static void test_caller_allocators(void **state)
{
    SizedSPropTagArray(2, tags) = { 2, { TAG_STRING_A, TAG_LONG } };
    SPropProblemArray *problems = NULL;
    SPropTagArray *list = NULL;
    IPropData *object = NULL;
    SPropValue *values, prop;
    ULONG count = 0, *access;

    assert_hr_equal(S_OK, CreateIProp(&IID_IMAPIPropData, counting_allocate_buffer, counting_allocate_more,
                                      counting_free_buffer, NULL, &object));
    set_string_a(object, TAG_STRING_A, "counted");
    set_long(object, TAG_LONG, 1);

    buffers_allocated = more_allocated = 0;
    assert_hr_equal(S_OK, IPropData_GetProps(object, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(buffers_allocated, 1);
    assert_true(more_allocated >= 1); /* the string */
    assert_string_equal(values[0].Value.lpszA, "counted");
    MAPIFreeBuffer(values);

    assert_hr_equal(S_OK, IPropData_GetPropList(object, 0, &list));
    assert_int_equal(buffers_allocated, 2);
    MAPIFreeBuffer(list);

    list = NULL;
    assert_hr_equal(S_OK, IPropData_HrGetPropAccess(object, &list, &access));
    assert_int_equal(buffers_allocated, 4);
    MAPIFreeBuffer(list);
    MAPIFreeBuffer(access);

    set_access(object, TAG_LONG, IPROP_READONLY | IPROP_CLEAN);
    prop.ulPropTag = TAG_LONG;
    prop.Value.l = 2;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 1, &prop, &problems));
    assert_non_null(problems);
    assert_int_equal(buffers_allocated, 5);
    MAPIFreeBuffer(problems);

    IPropData_Release(object);
}

static void test_get_last_error(void **state)
{
    IPropData *object = create_prop_data();
    MAPIERROR *error = (void *)0xdeadbeef;

    /* Nothing more to tell (Wine's tests, on Windows). */
    assert_hr_equal(S_OK, IPropData_GetLastError(object, E_INVALIDARG, 0, &error));
    assert_null(error);
    error = (void *)0xdeadbeef;
    assert_hr_equal(S_OK, IPropData_GetLastError(object, MAPI_E_NO_ACCESS, MAPI_UNICODE, &error));
    assert_null(error);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_GetLastError(object, E_INVALIDARG, 0x1, &error));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetLastError(object, E_INVALIDARG, 0, NULL));
    IPropData_Release(object);
}

static void test_save_changes(void **state)
{
    IPropData *object = create_prop_data();

    set_long(object, TAG_LONG, 7);
    assert_hr_equal(S_OK, IPropData_SaveChanges(object, 0));
    assert_hr_equal(S_OK, IPropData_SaveChanges(object, KEEP_OPEN_READWRITE));
    assert_hr_equal(S_OK, IPropData_SaveChanges(object, KEEP_OPEN_READONLY));
    assert_hr_equal(S_OK, IPropData_SaveChanges(object, FORCE_SAVE));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_SaveChanges(object, 0x40000000));
    /* Saving changes nothing: the value is there, still writable. */
    assert_int_equal(get_long(object, TAG_LONG), 7);
    set_long(object, TAG_LONG, 8);

    /* A read-only object cannot stay open for writing. */
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(object, IPROP_READONLY));
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_SaveChanges(object, KEEP_OPEN_READWRITE));
    assert_hr_equal(S_OK, IPropData_SaveChanges(object, KEEP_OPEN_READONLY));
    IPropData_Release(object);
}

static void test_get_props_missing(void **state)
{
    SizedSPropTagArray(3, tags) = { 3, { TAG_MISSING, TAG_LONG, PR_IMPORTANCE } };
    IPropData *object = create_prop_data();
    SPropValue *values;
    ULONG count;

    /* Wine's tests on Windows: an absent property is PT_ERROR with its identifier. */
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, get_one(object, PR_IMPORTANCE, 0, &values));
    assert_int_equal(values[0].ulPropTag, CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_ERROR));
    assert_hr_equal(MAPI_E_NOT_FOUND, values[0].Value.err);
    MAPIFreeBuffer(values);

    /* All of an empty object is nothing. */
    count = 0xdead;
    values = (void *)0xdeadbeef;
    assert_hr_equal(S_OK, IPropData_GetProps(object, NULL, 0, &count, &values));
    assert_int_equal(count, 0);
    assert_null(values);

    set_long(object, TAG_LONG, 42);
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, IPropData_GetProps(object, (SPropTagArray *)&tags, 0, &count, &values));
    assert_int_equal(count, 3);
    assert_int_equal(values[0].ulPropTag, CHANGE_PROP_TYPE(TAG_MISSING, PT_ERROR));
    assert_hr_equal(MAPI_E_NOT_FOUND, values[0].Value.err);
    assert_int_equal(values[1].ulPropTag, TAG_LONG);
    assert_int_equal(values[1].Value.l, 42);
    assert_int_equal(values[2].ulPropTag, CHANGE_PROP_TYPE(PR_IMPORTANCE, PT_ERROR));
    MAPIFreeBuffer(values);

    /* Asked with another type, the property is not there either. */
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, get_one(object, CHANGE_PROP_TYPE(TAG_LONG, PT_BINARY), 0, &values));
    assert_int_equal(values[0].ulPropTag, CHANGE_PROP_TYPE(TAG_LONG, PT_ERROR));
    assert_hr_equal(MAPI_E_NOT_FOUND, values[0].Value.err);
    MAPIFreeBuffer(values);

    IPropData_Release(object);
}

static void test_get_props_bad_input(void **state)
{
    SizedSPropTagArray(1, empty) = { 0, { 0 } };
    SizedSPropTagArray(1, bad_type) = { 1, { PROP_TAG(0x0099, 0x6601) } };
    SizedSPropTagArray(1, tags) = { 1, { TAG_LONG } };
    IPropData *object = create_prop_data();
    SPropValue *values = (void *)0xdeadbeef;
    ULONG count = 5;

    set_long(object, TAG_LONG, 1);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetProps(object, (SPropTagArray *)&empty, 0, &count, &values));
    assert_int_equal(count, 0);
    assert_null(values);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetProps(object, (SPropTagArray *)&bad_type, 0, &count, &values));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetProps(object, (SPropTagArray *)&tags, 0, NULL, &values));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetProps(object, (SPropTagArray *)&tags, 0, &count, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_GetProps(object, (SPropTagArray *)&tags, 0x1, &count, &values));
    assert_null(values);
    IPropData_Release(object);
}

/* Values are deep copies, both ways, of every kind. */
static void test_set_get_values(void **state)
{
    static const char *strings_a[] = { "one", "two" };
    IPropData *object = create_prop_data();
    BYTE bytes[] = { 1, 2, 3, 4, 5 }, bytes2[] = { 9, 8 };
    LONG longs[] = { 10, -20, 30 };
    SBinary binaries[2] = { { sizeof(bytes), bytes }, { sizeof(bytes2), bytes2 } };
    GUID guid = IID_IMAPIPropData;
    char string[] = "a string";
    SPropValue props[11], *values;
    SPropTagArray *list;
    ULONG count, i;

    memset(props, 0, sizeof(props));
    props[0].ulPropTag = TAG_LONG;      props[0].Value.l = -5;
    props[1].ulPropTag = TAG_STRING_A;  props[1].Value.lpszA = string;
    props[2].ulPropTag = TAG_BINARY;    props[2].Value.bin.cb = sizeof(bytes); props[2].Value.bin.lpb = bytes;
    props[3].ulPropTag = TAG_MV_LONG;   props[3].Value.MVl.cValues = 3; props[3].Value.MVl.lpl = longs;
    props[4].ulPropTag = TAG_MV_A;      props[4].Value.MVszA.cValues = 2; props[4].Value.MVszA.lppszA = (char **)strings_a;
    props[5].ulPropTag = TAG_I8;        props[5].Value.li.QuadPart = 0x123456789abcdefLL;
    props[6].ulPropTag = TAG_CLSID;     props[6].Value.lpguid = &guid;
    props[7].ulPropTag = TAG_SYSTIME;   props[7].Value.ft.dwLowDateTime = 11; props[7].Value.ft.dwHighDateTime = 22;
    props[8].ulPropTag = TAG_DOUBLE;    props[8].Value.dbl = 2.5;
    props[9].ulPropTag = TAG_BOOLEAN;   props[9].Value.b = TRUE;
    props[10].ulPropTag = TAG_MV_BINARY; props[10].Value.MVbin.cValues = 2; props[10].Value.MVbin.lpbin = binaries;
    assert_hr_equal(S_OK, IPropData_SetProps(object, ARRAY_SIZE(props), props, NULL));

    /* The caller's data can change or go away after SetProps. */
    strcpy(string, "changed!");
    bytes[0] = bytes2[0] = 0xff;
    longs[1] = 0;
    memset(&guid, 0, sizeof(guid));

    assert_hr_equal(S_OK, IPropData_GetPropList(object, 0, &list));
    assert_int_equal(list->cValues, ARRAY_SIZE(props));
    for (i = 0; i < list->cValues; i++) assert_int_equal(list->aulPropTag[i], props[i].ulPropTag);
    MAPIFreeBuffer(list);

    assert_hr_equal(S_OK, IPropData_GetProps(object, NULL, 0, &count, &values));
    assert_int_equal(count, ARRAY_SIZE(props));
    for (i = 0; i < count; i++) assert_int_equal(values[i].ulPropTag, props[i].ulPropTag);
    assert_int_equal(values[0].Value.l, -5);
    assert_string_equal(values[1].Value.lpszA, "a string");
    assert_int_equal(values[2].Value.bin.cb, 5);
    assert_memory_equal(values[2].Value.bin.lpb, "\x01\x02\x03\x04\x05", 5);
    assert_int_equal(values[3].Value.MVl.cValues, 3);
    assert_int_equal(values[3].Value.MVl.lpl[1], -20);
    assert_int_equal(values[4].Value.MVszA.cValues, 2);
    assert_string_equal(values[4].Value.MVszA.lppszA[1], "two");
    assert_true(values[5].Value.li.QuadPart == 0x123456789abcdefLL);
    assert_true(IsEqualGUID(values[6].Value.lpguid, &IID_IMAPIPropData));
    assert_int_equal(values[7].Value.ft.dwHighDateTime, 22);
    assert_true(values[8].Value.dbl == 2.5);
    assert_int_equal(values[9].Value.b, TRUE);
    assert_int_equal(values[10].Value.MVbin.cValues, 2);
    assert_int_equal(values[10].Value.MVbin.lpbin[0].lpb[0], 1);
    assert_int_equal(values[10].Value.MVbin.lpbin[1].lpb[0], 9);

    /* Changing what GetProps returned does not change the object. */
    values[1].Value.lpszA[0] = 'X';
    values[2].Value.bin.lpb[0] = 0x77;
    MAPIFreeBuffer(values);
    assert_hr_equal(S_OK, get_one(object, PROP_TAG(PT_UNSPECIFIED, PROP_ID(TAG_BINARY)), 0, &values));
    assert_int_equal(values->ulPropTag, TAG_BINARY);
    assert_int_equal(values->Value.bin.lpb[0], 1);
    MAPIFreeBuffer(values);
    assert_hr_equal(S_OK, get_one(object, TAG_STRING_A, 0, &values));
    assert_string_equal(values->Value.lpszA, "a string");
    MAPIFreeBuffer(values);

    IPropData_Release(object);
}

static void test_replace_value(void **state)
{
    IPropData *object = create_prop_data();
    SPropTagArray *list;
    SPropValue *value;

    set_long(object, TAG_LONG, 1);
    set_long(object, TAG_LONG, 2);
    assert_int_equal(get_long(object, TAG_LONG), 2);
    assert_int_equal(prop_count(object), 1);

    /* A new type under the same identifier replaces the old value. */
    set_string_a(object, CHANGE_PROP_TYPE(TAG_LONG, PT_STRING8), "now a string");
    assert_hr_equal(S_OK, IPropData_GetPropList(object, 0, &list));
    assert_int_equal(list->cValues, 1);
    assert_int_equal(list->aulPropTag[0], CHANGE_PROP_TYPE(TAG_LONG, PT_STRING8));
    MAPIFreeBuffer(list);
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, get_one(object, TAG_LONG, 0, &value));
    MAPIFreeBuffer(value);
    IPropData_Release(object);
}

static void test_string_conversion(void **state)
{
    static const WCHAR hello_w[] = L"hello", world_w[] = L"world";
    static const char *mv_a[] = { "first", "second" };
    SizedSPropTagArray(2, unspecified) =
        { 2, { PROP_TAG(PT_UNSPECIFIED, PROP_ID(TAG_STRING_A)), PROP_TAG(PT_UNSPECIFIED, PROP_ID(TAG_BINARY)) } };
    IPropData *object = create_prop_data();
    SPropValue *values, prop;
    SPropTagArray *list;
    WCHAR *mv_w[2];
    ULONG count;

    set_string_a(object, TAG_STRING_A, "hello");
    set_string_w(object, PR_SUBJECT_W, world_w);

    /* Each asked for in the other width. */
    assert_hr_equal(S_OK, get_one(object, TAG_STRING_W, 0, &values));
    assert_int_equal(values->ulPropTag, TAG_STRING_W);
    assert_int_equal(lstrcmpW(values->Value.lpszW, hello_w), 0);
    MAPIFreeBuffer(values);
    assert_hr_equal(S_OK, get_one(object, PR_SUBJECT_A, 0, &values));
    assert_int_equal(values->ulPropTag, PR_SUBJECT_A);
    assert_string_equal(values->Value.lpszA, "world");
    MAPIFreeBuffer(values);

    /* PT_UNSPECIFIED: the width MAPI_UNICODE asks for; other types as stored. */
    prop.ulPropTag = TAG_BINARY;
    prop.Value.bin.cb = 1;
    prop.Value.bin.lpb = (BYTE *)"!";
    assert_hr_equal(S_OK, IPropData_SetProps(object, 1, &prop, NULL));
    assert_hr_equal(S_OK, IPropData_GetProps(object, (SPropTagArray *)&unspecified, MAPI_UNICODE, &count, &values));
    assert_int_equal(values[0].ulPropTag, TAG_STRING_W);
    assert_int_equal(lstrcmpW(values[0].Value.lpszW, hello_w), 0);
    assert_int_equal(values[1].ulPropTag, TAG_BINARY);
    MAPIFreeBuffer(values);
    assert_hr_equal(S_OK, get_one(object, PROP_TAG(PT_UNSPECIFIED, PROP_ID(PR_SUBJECT_W)), 0, &values));
    assert_int_equal(values->ulPropTag, PR_SUBJECT_A);
    assert_string_equal(values->Value.lpszA, "world");
    MAPIFreeBuffer(values);

    /* All of them: the same rule. */
    assert_hr_equal(S_OK, IPropData_GetProps(object, NULL, MAPI_UNICODE, &count, &values));
    assert_int_equal(count, 3);
    assert_int_equal(values[0].ulPropTag, TAG_STRING_W);
    assert_int_equal(values[1].ulPropTag, PR_SUBJECT_W);
    assert_int_equal(lstrcmpW(values[1].Value.lpszW, world_w), 0);
    MAPIFreeBuffer(values);
    assert_hr_equal(S_OK, IPropData_GetProps(object, NULL, 0, &count, &values));
    assert_int_equal(values[0].ulPropTag, TAG_STRING_A);
    assert_int_equal(values[1].ulPropTag, PR_SUBJECT_A);
    assert_string_equal(values[1].Value.lpszA, "world");
    MAPIFreeBuffer(values);

    /* GetPropList names string types the same way. */
    assert_hr_equal(S_OK, IPropData_GetPropList(object, MAPI_UNICODE, &list));
    assert_int_equal(list->aulPropTag[0], TAG_STRING_W);
    assert_int_equal(list->aulPropTag[1], PR_SUBJECT_W);
    MAPIFreeBuffer(list);
    assert_hr_equal(S_OK, IPropData_GetPropList(object, 0, &list));
    assert_int_equal(list->aulPropTag[0], TAG_STRING_A);
    assert_int_equal(list->aulPropTag[1], PR_SUBJECT_A);
    MAPIFreeBuffer(list);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_GetPropList(object, 0x1, &list));
    assert_null(list);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetPropList(object, 0, NULL));

    /* Multi-valued strings too. */
    prop.ulPropTag = TAG_MV_A;
    prop.Value.MVszA.cValues = 2;
    prop.Value.MVszA.lppszA = (char **)mv_a;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 1, &prop, NULL));
    assert_hr_equal(S_OK, get_one(object, TAG_MV_W, 0, &values));
    assert_int_equal(values->ulPropTag, TAG_MV_W);
    assert_int_equal(values->Value.MVszW.cValues, 2);
    assert_int_equal(lstrcmpW(values->Value.MVszW.lppszW[1], L"second"), 0);
    MAPIFreeBuffer(values);

    mv_w[0] = (WCHAR *)L"x";
    mv_w[1] = (WCHAR *)L"yz";
    prop.ulPropTag = TAG_MV_W;
    prop.Value.MVszW.cValues = 2;
    prop.Value.MVszW.lppszW = mv_w;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 1, &prop, NULL));
    assert_hr_equal(S_OK, get_one(object, TAG_MV_A, 0, &values));
    assert_int_equal(values->ulPropTag, TAG_MV_A);
    assert_string_equal(values->Value.MVszA.lppszA[0], "x");
    assert_string_equal(values->Value.MVszA.lppszA[1], "yz");
    MAPIFreeBuffer(values);

    /* A single string asked for as a multi-valued one is another property. */
    assert_hr_equal(MAPI_W_ERRORS_RETURNED, get_one(object, PROP_TAG(PT_MV_UNICODE, PROP_ID(TAG_STRING_A)), 0, &values));
    assert_int_equal(values->ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(TAG_STRING_A)));
    MAPIFreeBuffer(values);

    IPropData_Release(object);
}

static void test_set_props_bad_input(void **state)
{
    SPropProblemArray *problems;
    IPropData *object = create_prop_data();
    SPropValue props[3];

    memset(props, 0, sizeof(props));

    /* Wine's tests on Windows: no PT_NULL or PT_OBJECT values, and no problem array. */
    problems = NULL;
    props[0].ulPropTag = PROP_TAG(PT_NULL, 0x01);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, props, &problems));
    assert_null(problems);
    props[0].ulPropTag = PROP_TAG(PT_OBJECT, 0x01);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, props, &problems));
    assert_null(problems);

    props[0].ulPropTag = PROP_TAG(PT_UNSPECIFIED, 0x6601);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, props, NULL));
    props[0].ulPropTag = PROP_TAG(0x0099, 0x6601);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, props, NULL));
    props[0].ulPropTag = TAG_STRING_A;
    props[0].Value.lpszA = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, props, NULL));
    props[0].ulPropTag = TAG_MV_LONG;
    props[0].Value.MVl.cValues = 0;
    props[0].Value.MVl.lpl = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, props, NULL));
    props[0].ulPropTag = PROP_TAG(PT_LONG, PROP_ID_INVALID);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, props, NULL));

    /* One bad value and nothing is set. */
    props[0].ulPropTag = TAG_LONG;
    props[0].Value.l = 1;
    props[1].ulPropTag = PROP_TAG(PT_OBJECT, 0x01);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 2, props, NULL));
    assert_int_equal(prop_count(object), 0);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 0, props, NULL));

    /* PR_NULL and PT_ERROR values are passed over, without a problem. */
    problems = (void *)0xdeadbeef;
    props[0].ulPropTag = PR_NULL;
    props[1].ulPropTag = PROP_TAG(PT_ERROR, 0x6610);
    props[1].Value.err = MAPI_E_NOT_FOUND;
    props[2].ulPropTag = TAG_LONG;
    props[2].Value.l = 3;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 3, props, &problems));
    assert_null(problems);
    assert_int_equal(prop_count(object), 1);
    assert_int_equal(get_long(object, TAG_LONG), 3);

    IPropData_Release(object);
}

static void test_object_access(void **state)
{
    SizedSPropTagArray(1, missing) = { 1, { PR_RESPONSE_REQUESTED } };
    SizedSPropTagArray(1, present) = { 1, { TAG_LONG } };
    SizedSPropTagArray(1, object_tag) = { 1, { TAG_OBJECT } };
    IPropData *object = create_prop_data();
    SPropProblemArray *problems;
    SPropValue prop;

    set_long(object, TAG_LONG, 1);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetObjAccess(object, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetObjAccess(object, IPROP_READONLY | IPROP_READWRITE));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_HrSetObjAccess(object, IPROP_READWRITE | IPROP_CLEAN));
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(object, IPROP_READWRITE));
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(object, IPROP_READONLY));

    /* A read-only object refuses changes, even to what it lacks (Wine's tests on Windows). */
    problems = NULL;
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_DeleteProps(object, (SPropTagArray *)&missing, &problems));
    assert_null(problems);
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_DeleteProps(object, (SPropTagArray *)&present, &problems));
    assert_null(problems);
    prop.ulPropTag = TAG_LONG;
    prop.Value.l = 2;
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_SetProps(object, 1, &prop, &problems));
    assert_null(problems);
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_HrAddObjProps(object, (SPropTagArray *)&object_tag, &problems));
    assert_null(problems);
    /* Reading still works. */
    assert_int_equal(get_long(object, TAG_LONG), 1);
    assert_int_equal(prop_count(object), 1);

    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(object, IPROP_READWRITE));
    set_long(object, TAG_LONG, 2);
    assert_int_equal(get_long(object, TAG_LONG), 2);
    assert_hr_equal(S_OK, IPropData_DeleteProps(object, (SPropTagArray *)&present, NULL));
    assert_int_equal(prop_count(object), 0);
    IPropData_Release(object);
}

static void test_prop_access(void **state)
{
    SizedSPropTagArray(1, tags) = { 1, { PR_IMPORTANCE } };
    SizedSPropTagArray(1, missing) = { 1, { PR_RESPONSE_REQUESTED } };
    SizedSPropTagArray(1, bad_tag) = { 1, { PROP_TAG(0x0099, 0x17) } };
    IPropData *object = create_prop_data();
    SPropProblemArray *problems;
    SPropValue props[2];
    ULONG access[2];

    set_long(object, PR_IMPORTANCE, 1);
    set_long(object, TAG_OTHER, 5);
    assert_int_equal(get_access(object, PR_IMPORTANCE), IPROP_RW_DIRTY);

    /* One level and one status are needed (Wine's tests on Windows). */
    access[0] = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    access[0] = IPROP_READWRITE;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    access[0] = IPROP_CLEAN;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    access[0] = IPROP_READONLY | IPROP_READWRITE | IPROP_CLEAN;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    access[0] = IPROP_READWRITE | IPROP_CLEAN | IPROP_DIRTY;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    access[0] = IPROP_READWRITE | IPROP_CLEAN | 0x100;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    access[0] = IPROP_READWRITE | IPROP_CLEAN;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&bad_tag, access));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, NULL, access));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, NULL));
    assert_int_equal(get_access(object, PR_IMPORTANCE), IPROP_RW_DIRTY);

    assert_hr_equal(S_OK, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    assert_int_equal(get_access(object, PR_IMPORTANCE), IPROP_READWRITE | IPROP_CLEAN);
    /* A property the object lacks is passed over. */
    assert_hr_equal(S_OK, IPropData_HrSetPropAccess(object, (SPropTagArray *)&missing, access));
    assert_false(has_prop(object, PR_RESPONSE_REQUESTED));

    /* Setting a property makes it dirty again. */
    set_long(object, PR_IMPORTANCE, 2);
    assert_int_equal(get_access(object, PR_IMPORTANCE), IPROP_RW_DIRTY);

    /* Property access can be set on a read-only object (Wine's tests on Windows). */
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(object, IPROP_READONLY));
    access[0] = IPROP_READONLY | IPROP_DIRTY;
    assert_hr_equal(S_OK, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(object, IPROP_READWRITE));
    assert_int_equal(get_access(object, PR_IMPORTANCE), IPROP_READONLY | IPROP_DIRTY);

    /* Deleting what is absent is no problem; a read-only property is one. */
    problems = NULL;
    assert_hr_equal(S_OK, IPropData_DeleteProps(object, (SPropTagArray *)&missing, &problems));
    assert_null(problems);
    assert_hr_equal(S_OK, IPropData_DeleteProps(object, (SPropTagArray *)&tags, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulIndex, 0);
    assert_int_equal(problems->aProblem[0].ulPropTag, PR_IMPORTANCE);
    assert_hr_equal(MAPI_E_NO_ACCESS, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    assert_true(has_prop(object, PR_IMPORTANCE));

    /* SetProps alike: the writable one is set, the read-only one reported and kept. */
    props[0].ulPropTag = TAG_OTHER;
    props[0].Value.l = 6;
    props[1].ulPropTag = PR_IMPORTANCE;
    props[1].Value.l = 99;
    problems = NULL;
    assert_hr_equal(S_OK, IPropData_SetProps(object, 2, props, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulIndex, 1);
    assert_int_equal(problems->aProblem[0].ulPropTag, PR_IMPORTANCE);
    assert_hr_equal(MAPI_E_NO_ACCESS, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    assert_int_equal(get_long(object, TAG_OTHER), 6);
    assert_int_equal(get_long(object, PR_IMPORTANCE), 2);
    /* Without a problem array the call still succeeds. */
    assert_hr_equal(S_OK, IPropData_SetProps(object, 2, props, NULL));
    assert_int_equal(get_long(object, PR_IMPORTANCE), 2);

    /* Writable again, it goes (Wine's tests on Windows). */
    access[0] = IPROP_READWRITE | IPROP_DIRTY;
    assert_hr_equal(S_OK, IPropData_HrSetPropAccess(object, (SPropTagArray *)&tags, access));
    problems = NULL;
    assert_hr_equal(S_OK, IPropData_DeleteProps(object, (SPropTagArray *)&tags, &problems));
    assert_null(problems);
    assert_false(has_prop(object, PR_IMPORTANCE));

    IPropData_Release(object);
}

static void test_get_prop_access(void **state)
{
    SizedSPropTagArray(3, asked) = { 3, { TAG_LONG, TAG_OTHER, TAG_MISSING } };
    SizedSPropTagArray(1, deleted) = { 1, { TAG_LONG } };
    SPropTagArray *list = (SPropTagArray *)&asked;
    IPropData *object = create_prop_data();
    ULONG *access;

    set_long(object, TAG_LONG, 1);
    set_long(object, TAG_OTHER, 2);
    set_access(object, TAG_OTHER, IPROP_READONLY | IPROP_CLEAN);
    assert_hr_equal(S_OK, IPropData_DeleteProps(object, (SPropTagArray *)&deleted, NULL));

    /* Asked for by tag: the array stays the caller's; an absent or deleted property has 0. */
    assert_hr_equal(S_OK, IPropData_HrGetPropAccess(object, &list, &access));
    assert_ptr_equal(list, &asked);
    assert_int_equal(asked.aulPropTag[0], TAG_LONG);
    assert_int_equal(access[0], 0);
    assert_int_equal(access[1], IPROP_READONLY | IPROP_CLEAN);
    assert_int_equal(access[2], 0);
    MAPIFreeBuffer(access);

    /* All of them: a deleted property is listed too, with access 0. */
    list = NULL;
    assert_hr_equal(S_OK, IPropData_HrGetPropAccess(object, &list, &access));
    assert_non_null(list);
    assert_int_equal(list->cValues, 2);
    assert_int_equal(list->aulPropTag[0], TAG_LONG);
    assert_int_equal(access[0], 0);
    assert_int_equal(list->aulPropTag[1], TAG_OTHER);
    assert_int_equal(access[1], IPROP_READONLY | IPROP_CLEAN);
    MAPIFreeBuffer(list);
    MAPIFreeBuffer(access);
    assert_int_equal(prop_count(object), 1);

    /* Set again, it is a new writable, dirty property. */
    set_long(object, TAG_LONG, 3);
    assert_int_equal(get_access(object, TAG_LONG), IPROP_RW_DIRTY);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrGetPropAccess(object, NULL, &access));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrGetPropAccess(object, &list, NULL));
    IPropData_Release(object);
}

static void test_delete_props_bad_input(void **state)
{
    SizedSPropTagArray(1, empty) = { 0, { 0 } };
    SizedSPropTagArray(1, bad_type) = { 1, { PROP_TAG(0x0099, 0x6601) } };
    SizedSPropTagArray(2, by_id) = { 2, { PROP_TAG(PT_STRING8, PROP_ID(TAG_LONG)), TAG_MISSING } };
    SPropProblemArray *problems = (void *)0xdeadbeef;
    IPropData *object = create_prop_data();

    set_long(object, TAG_LONG, 1);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_DeleteProps(object, NULL, &problems));
    assert_null(problems);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_DeleteProps(object, (SPropTagArray *)&empty, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_DeleteProps(object, (SPropTagArray *)&bad_type, NULL));
    assert_true(has_prop(object, TAG_LONG));

    /* Types are ignored: the identifier is what is deleted. */
    assert_hr_equal(S_OK, IPropData_DeleteProps(object, (SPropTagArray *)&by_id, &problems));
    assert_null(problems);
    assert_false(has_prop(object, TAG_LONG));
    IPropData_Release(object);
}

static void test_add_obj_props(void **state)
{
    SizedSPropTagArray(1, not_object) = { 1, { PR_RESPONSE_REQUESTED } };
    SizedSPropTagArray(2, objects) = { 2, { TAG_OBJECT, PROP_TAG(PT_OBJECT, PROP_ID(TAG_LONG)) } };
    SizedSPropTagArray(1, one_object) = { 1, { TAG_OBJECT } };
    IPropData *object = create_prop_data();
    SPropProblemArray *problems;
    SPropTagArray *list;
    SPropValue *value, prop;

    set_long(object, PR_IMPORTANCE, 1);

    /* Only PT_OBJECT properties; another is refused and not added (Wine's tests on Windows). */
    problems = NULL;
    assert_hr_equal(MAPI_E_INVALID_TYPE, IPropData_HrAddObjProps(object, (SPropTagArray *)&not_object, &problems));
    assert_null(problems);
    assert_int_equal(prop_count(object), 1);
    assert_false(has_prop(object, PR_RESPONSE_REQUESTED));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_HrAddObjProps(object, NULL, &problems));

    assert_hr_equal(S_OK, IPropData_HrAddObjProps(object, (SPropTagArray *)&one_object, &problems));
    assert_null(problems);
    assert_hr_equal(S_OK, IPropData_GetPropList(object, 0, &list));
    assert_int_equal(list->cValues, 2);
    assert_int_equal(list->aulPropTag[1], TAG_OBJECT);
    MAPIFreeBuffer(list);
    assert_hr_equal(S_OK, get_one(object, TAG_OBJECT, 0, &value));
    assert_int_equal(value->ulPropTag, TAG_OBJECT);
    MAPIFreeBuffer(value);

    /* SetProps still cannot make one. */
    prop.ulPropTag = TAG_OBJECT;
    prop.Value.x = 0;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_SetProps(object, 1, &prop, NULL));

    /* One over a read-only property is a problem; the rest are added. */
    set_long(object, TAG_LONG, 1);
    set_access(object, TAG_LONG, IPROP_READONLY | IPROP_CLEAN);
    problems = NULL;
    assert_hr_equal(MAPI_W_PARTIAL_COMPLETION, IPropData_HrAddObjProps(object, (SPropTagArray *)&objects, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulIndex, 1);
    assert_hr_equal(MAPI_E_NO_ACCESS, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    assert_int_equal(get_long(object, TAG_LONG), 1);

    /* It is deleted like any other. */
    assert_hr_equal(S_OK, IPropData_DeleteProps(object, (SPropTagArray *)&one_object, NULL));
    assert_false(has_prop(object, TAG_OBJECT));
    IPropData_Release(object);
}

static void test_open_property(void **state)
{
    IPropData *object = create_prop_data();
    IUnknown *unknown;

    set_long(object, TAG_LONG, 1);
    unknown = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NO_SUPPORT, IPropData_OpenProperty(object, TAG_LONG, &IID_IStream, 0, 0, &unknown));
    assert_null(unknown);
    assert_hr_equal(MAPI_E_NO_SUPPORT,
                    IPropData_OpenProperty(object, TAG_MISSING, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY, &unknown));
    assert_hr_equal(MAPI_E_NOT_FOUND, IPropData_OpenProperty(object, TAG_MISSING, &IID_IStream, 0, 0, &unknown));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER,
                    IPropData_OpenProperty(object, PROP_TAG(PT_UNSPECIFIED, PROP_ID(TAG_LONG)), &IID_IStream, 0, 0, &unknown));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_OpenProperty(object, TAG_LONG, NULL, 0, 0, &unknown));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_OpenProperty(object, TAG_LONG, &IID_IStream, 0, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_OpenProperty(object, TAG_LONG, &IID_IStream, 0, 0x100, &unknown));

    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(object, IPROP_READONLY));
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_OpenProperty(object, TAG_LONG, &IID_IStream, 0, MAPI_MODIFY, &unknown));
    assert_null(unknown);
    IPropData_Release(object);
}

static void test_named_properties(void **state)
{
    IPropData *object = create_prop_data();
    SPropTagArray *tags = NULL;
    MAPINAMEID name, *names[1] = { &name }, **out_names;
    ULONG count;

    name.lpguid = (GUID *)&IID_IMAPIPropData;
    name.ulKind = MNID_ID;
    name.Kind.lID = 1;
    tags = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_NO_SUPPORT, IPropData_GetIDsFromNames(object, 1, names, MAPI_CREATE, &tags));
    assert_null(tags);
    assert_hr_equal(MAPI_E_NO_SUPPORT, IPropData_GetIDsFromNames(object, 0, NULL, 0, &tags));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetIDsFromNames(object, 1, names, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_GetIDsFromNames(object, 1, names, 0x100, &tags));

    tags = NULL;
    count = 5;
    assert_hr_equal(MAPI_E_NO_SUPPORT, IPropData_GetNamesFromIDs(object, &tags, NULL, 0, &count, &out_names));
    assert_int_equal(count, 0);
    assert_null(out_names);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_GetNamesFromIDs(object, &tags, NULL, 0, NULL, &out_names));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_GetNamesFromIDs(object, &tags, NULL, 0x100, &count, &out_names));
    IPropData_Release(object);
}

/* Source: TAG_LONG 1, TAG_STRING_A "source", TAG_BINARY. Destination: TAG_STRING_A "kept", TAG_OTHER 9. */
static void make_copy_pair(IPropData **source, IPropData **dest)
{
    SPropValue prop;

    *source = create_prop_data();
    *dest = create_prop_data();
    set_long(*source, TAG_LONG, 1);
    set_string_a(*source, TAG_STRING_A, "source");
    prop.ulPropTag = TAG_BINARY;
    prop.Value.bin.cb = 3;
    prop.Value.bin.lpb = (BYTE *)"abc";
    assert_hr_equal(S_OK, IPropData_SetProps(*source, 1, &prop, NULL));
    set_string_a(*dest, TAG_STRING_A, "kept");
    set_long(*dest, TAG_OTHER, 9);
}

static void check_string_value(IPropData *object, ULONG tag, const char *expected)
{
    SPropValue *value;

    assert_hr_equal(S_OK, get_one(object, tag, 0, &value));
    assert_string_equal(value->Value.lpszA, expected);
    MAPIFreeBuffer(value);
}

static void test_copy_props(void **state)
{
    SizedSPropTagArray(3, include) = { 3, { TAG_LONG, TAG_STRING_A, TAG_MISSING } };
    SizedSPropTagArray(2, two) = { 2, { TAG_LONG, TAG_STRING_A } };
    SPropProblemArray *problems;
    IPropData *source, *dest;

    make_copy_pair(&source, &dest);
    problems = NULL;
    assert_hr_equal(S_OK, IPropData_CopyProps(source, (SPropTagArray *)&include, 0, NULL, &IID_IMAPIPropData,
                                              dest, 0, &problems));
    /* The one the source lacks is reported at its place in the include array. */
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulIndex, 2);
    assert_int_equal(problems->aProblem[0].ulPropTag, TAG_MISSING);
    assert_hr_equal(MAPI_E_NOT_FOUND, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    assert_int_equal(get_long(dest, TAG_LONG), 1);
    check_string_value(dest, TAG_STRING_A, "source");
    assert_int_equal(get_long(dest, TAG_OTHER), 9);
    assert_false(has_prop(dest, TAG_BINARY));
    /* Copying leaves the source as it was. */
    assert_int_equal(prop_count(source), 3);
    IPropData_Release(source);
    IPropData_Release(dest);

    /* MAPI_NOREPLACE keeps what the destination has. MAPI_DIALOG shows nothing. */
    make_copy_pair(&source, &dest);
    problems = (void *)0xdeadbeef;
    assert_hr_equal(S_OK, IPropData_CopyProps(source, (SPropTagArray *)&two, 0, NULL, &IID_IMAPIProp,
                                              dest, MAPI_NOREPLACE | MAPI_DIALOG, &problems));
    assert_null(problems);
    check_string_value(dest, TAG_STRING_A, "kept");
    assert_int_equal(get_long(dest, TAG_LONG), 1);
    IPropData_Release(source);
    IPropData_Release(dest);

    /* MAPI_MOVE takes them out of the source, except what the destination refused. */
    make_copy_pair(&source, &dest);
    set_access(dest, TAG_STRING_A, IPROP_READONLY | IPROP_CLEAN);
    problems = NULL;
    assert_hr_equal(S_OK, IPropData_CopyProps(source, (SPropTagArray *)&two, 0, NULL, &IID_IUnknown,
                                              dest, MAPI_MOVE, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulIndex, 1);
    assert_int_equal(problems->aProblem[0].ulPropTag, TAG_STRING_A);
    assert_hr_equal(MAPI_E_NO_ACCESS, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    assert_false(has_prop(source, TAG_LONG));
    assert_true(has_prop(source, TAG_STRING_A));
    assert_true(has_prop(source, TAG_BINARY));
    assert_int_equal(get_long(dest, TAG_LONG), 1);
    check_string_value(dest, TAG_STRING_A, "kept");

    /* A read-only destination refuses the copy; a read-only source cannot move. */
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(dest, IPROP_READONLY));
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_CopyProps(source, (SPropTagArray *)&two, 0, NULL,
                                                          &IID_IMAPIPropData, dest, 0, &problems));
    assert_null(problems);
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(dest, IPROP_READWRITE));
    assert_hr_equal(S_OK, IPropData_HrSetObjAccess(source, IPROP_READONLY));
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_CopyProps(source, (SPropTagArray *)&two, 0, NULL,
                                                          &IID_IMAPIPropData, dest, MAPI_MOVE, &problems));
    assert_true(has_prop(source, TAG_STRING_A));
    /* Copying from a read-only object is fine. */
    assert_hr_equal(S_OK, IPropData_CopyProps(source, (SPropTagArray *)&two, 0, NULL,
                                              &IID_IMAPIPropData, dest, 0, NULL));
    IPropData_Release(source);
    IPropData_Release(dest);
}

static void test_copy_props_bad_input(void **state)
{
    SizedSPropTagArray(1, include) = { 1, { TAG_LONG } };
    SizedSPropTagArray(1, empty) = { 0, { 0 } };
    SizedSPropTagArray(2, with_null) = { 2, { TAG_LONG, PR_NULL } };
    SPropProblemArray *problems = (void *)0xdeadbeef;
    IPropData *source, *dest;

    make_copy_pair(&source, &dest);
    /* Onto itself. */
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_CopyProps(source, (SPropTagArray *)&include, 0, NULL,
                                                          &IID_IMAPIPropData, source, 0, &problems));
    assert_null(problems);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyProps(source, (SPropTagArray *)&include, 0, NULL,
                                                                  NULL, dest, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyProps(source, (SPropTagArray *)&include, 0, NULL,
                                                                  &IID_IMAPIPropData, NULL, 0, NULL));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IPropData_CopyProps(source, (SPropTagArray *)&include, 0, NULL,
                                                                        &IID_IStream, dest, 0, NULL));
    /* The destination does not have that interface. */
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, IPropData_CopyProps(source, (SPropTagArray *)&include, 0, NULL,
                                                                        &IID_IMessage, dest, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyProps(source, NULL, 0, NULL,
                                                                  &IID_IMAPIPropData, dest, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyProps(source, (SPropTagArray *)&empty, 0, NULL,
                                                                  &IID_IMAPIPropData, dest, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyProps(source, (SPropTagArray *)&with_null, 0, NULL,
                                                                  &IID_IMAPIPropData, dest, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_CopyProps(source, (SPropTagArray *)&include, 0, NULL,
                                                              &IID_IMAPIPropData, dest, 0x100, NULL));
    assert_false(has_prop(dest, TAG_LONG));
    IPropData_Release(source);
    IPropData_Release(dest);
}

static void test_copy_to(void **state)
{
    SizedSPropTagArray(1, exclude) = { 1, { PROP_TAG(PT_UNICODE, PROP_ID(TAG_BINARY)) } };
    SizedSPropTagArray(1, object_tag) = { 1, { TAG_OBJECT } };
    SizedSPropTagArray(1, empty) = { 0, { 0 } };
    SPropProblemArray *problems;
    IPropData *source, *dest;
    IID excluded[2];

    /* Everything but what is excluded, by identifier whatever the type. */
    make_copy_pair(&source, &dest);
    problems = (void *)0xdeadbeef;
    assert_hr_equal(S_OK, IPropData_CopyTo(source, 0, NULL, (SPropTagArray *)&exclude, 0, NULL,
                                           &IID_IMAPIPropData, dest, 0, &problems));
    assert_null(problems);
    assert_int_equal(get_long(dest, TAG_LONG), 1);
    check_string_value(dest, TAG_STRING_A, "source");
    assert_false(has_prop(dest, TAG_BINARY));
    assert_int_equal(get_long(dest, TAG_OTHER), 9);
    IPropData_Release(dest);

    /* IPropData's own interface excluded: its properties are IMAPIProp ones and still go. */
    dest = create_prop_data();
    excluded[0] = IID_IMAPIPropData;
    assert_hr_equal(S_OK, IPropData_CopyTo(source, 1, excluded, NULL, 0, NULL, &IID_IMAPIProp, dest, 0, NULL));
    assert_int_equal(prop_count(dest), 3);
    /* Excluding IMAPIProp or IUnknown excludes it all. */
    excluded[1] = IID_IMAPIProp;
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    IPropData_CopyTo(source, 2, excluded, NULL, 0, NULL, &IID_IMAPIProp, dest, 0, NULL));
    excluded[0] = IID_IUnknown;
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED,
                    IPropData_CopyTo(source, 1, excluded, NULL, 0, NULL, &IID_IMAPIProp, dest, 0, NULL));
    IPropData_Release(dest);

    /* An object property cannot be copied: a problem; MAPI_MOVE empties the source of the rest. */
    dest = create_prop_data();
    assert_hr_equal(S_OK, IPropData_HrAddObjProps(source, (SPropTagArray *)&object_tag, NULL));
    problems = NULL;
    assert_hr_equal(S_OK, IPropData_CopyTo(source, 0, NULL, NULL, 0, NULL, &IID_IMAPIPropData, dest,
                                           MAPI_MOVE, &problems));
    assert_non_null(problems);
    assert_int_equal(problems->cProblem, 1);
    assert_int_equal(problems->aProblem[0].ulIndex, 3);
    assert_int_equal(problems->aProblem[0].ulPropTag, TAG_OBJECT);
    assert_hr_equal(MAPI_E_NO_SUPPORT, problems->aProblem[0].scode);
    MAPIFreeBuffer(problems);
    assert_int_equal(prop_count(dest), 3);
    assert_int_equal(prop_count(source), 1);
    assert_true(has_prop(source, TAG_OBJECT));

    /* Bad input. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyTo(source, 0, NULL, (SPropTagArray *)&empty, 0, NULL,
                                                               &IID_IMAPIPropData, dest, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyTo(source, 1, NULL, NULL, 0, NULL,
                                                               &IID_IMAPIPropData, dest, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IPropData_CopyTo(source, 0, NULL, NULL, 0, NULL,
                                                               NULL, dest, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IPropData_CopyTo(source, 0, NULL, NULL, 0, NULL,
                                                           &IID_IMAPIPropData, dest, 0x100, NULL));
    assert_hr_equal(MAPI_E_NO_ACCESS, IPropData_CopyTo(source, 0, NULL, NULL, 0, NULL,
                                                       &IID_IMAPIPropData, source, 0, NULL));
    IPropData_Release(source);
    IPropData_Release(dest);
}

#define THREAD_PROPS 400

struct writer
{
    IPropData *object;
    ULONG first_id;
};

static DWORD WINAPI writer_thread(void *arg)
{
    struct writer *writer = arg;
    SPropValue prop;
    ULONG i;

    for (i = 0; i < THREAD_PROPS; i++)
    {
        prop.ulPropTag = PROP_TAG(PT_LONG, writer->first_id + i);
        prop.Value.l = writer->first_id + i;
        if (FAILED(IPropData_SetProps(writer->object, 1, &prop, NULL))) return 1;
        /* Both threads also rewrite one shared property. */
        prop.ulPropTag = TAG_LONG;
        if (FAILED(IPropData_SetProps(writer->object, 1, &prop, NULL))) return 1;
    }
    return 0;
}

/* Two threads setting properties at once lose none of them. */
static void test_threads(void **state)
{
    IPropData *object = create_prop_data();
    struct writer writers[2] = { { object, 0x6800 }, { object, 0x7000 } };
    HANDLE threads[2];
    SPropValue *values;
    ULONG count, i;
    DWORD code;
    LONG shared;

    for (i = 0; i < 2; i++)
    {
        threads[i] = CreateThread(NULL, 0, writer_thread, &writers[i], 0, NULL);
        assert_non_null(threads[i]);
    }
    assert_int_equal(WaitForMultipleObjects(2, threads, TRUE, 60000), WAIT_OBJECT_0);
    for (i = 0; i < 2; i++)
    {
        assert_true(GetExitCodeThread(threads[i], &code));
        assert_int_equal(code, 0);
        CloseHandle(threads[i]);
    }

    assert_int_equal(prop_count(object), 2 * THREAD_PROPS + 1);
    assert_hr_equal(S_OK, IPropData_GetProps(object, NULL, 0, &count, &values));
    assert_int_equal(count, 2 * THREAD_PROPS + 1);
    for (i = 0; i < count; i++)
    {
        if (values[i].ulPropTag == TAG_LONG) continue;
        assert_int_equal(PROP_TYPE(values[i].ulPropTag), PT_LONG);
        assert_int_equal(values[i].Value.l, PROP_ID(values[i].ulPropTag));
    }
    MAPIFreeBuffer(values);
    /* The shared one holds the last value of one of the two. */
    shared = get_long(object, TAG_LONG);
    assert_true(shared == 0x6800 + THREAD_PROPS - 1 || shared == 0x7000 + THREAD_PROPS - 1);
    IPropData_Release(object);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_query_interface),
        cmocka_unit_test(test_caller_allocators),
        cmocka_unit_test(test_get_last_error),
        cmocka_unit_test(test_save_changes),
        cmocka_unit_test(test_get_props_missing),
        cmocka_unit_test(test_get_props_bad_input),
        cmocka_unit_test(test_set_get_values),
        cmocka_unit_test(test_replace_value),
        cmocka_unit_test(test_string_conversion),
        cmocka_unit_test(test_set_props_bad_input),
        cmocka_unit_test(test_object_access),
        cmocka_unit_test(test_prop_access),
        cmocka_unit_test(test_get_prop_access),
        cmocka_unit_test(test_delete_props_bad_input),
        cmocka_unit_test(test_add_obj_props),
        cmocka_unit_test(test_open_property),
        cmocka_unit_test(test_named_properties),
        cmocka_unit_test(test_copy_props),
        cmocka_unit_test(test_copy_props_bad_input),
        cmocka_unit_test(test_copy_to),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
