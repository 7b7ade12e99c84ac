/*
 * The SDK headers Wine lacks, which include/ supplies (mapispi.h, mapiadmin.h,
 * mapihook.h, mapidefs_sdk.h, mapiutil_sdk.h, mapival_methods.h):
 *
 * - every constant, structure, vtable slot and IID of layout_list.h is what
 *   Microsoft's SDK says: layout_sdk.c lays them out with mingw-w64's copy of
 *   the SDK headers, layout_ours.c with Wine's headers and ours;
 * - every C call macro takes as many arguments as the SDK's method does and
 *   calls the slot of its name; every entry point type and function takes as
 *   many as the SDK's prototype (sdk_calls.h, generated from the SDK headers).
 */

#include <stdio.h>

#include "mapi32_test.h"
/* Our headers define the IIDs Wine's mapiguid.h lacks, here */
#include "initguid.h"
#include "mapispi.h"
#include "mapiadmin.h"
#include "mapihook.h"
#include "mapiab.h"
#include "mapix_sdk.h"
#include "mapiutil_sdk.h"
#include "mapival_methods.h"
#include "imessage.h"
#include "tnef.h"

#include "layout.h"

static void format_entry(const struct layout_entry *entry, char *buffer, size_t size)
{
    int used = snprintf(buffer, size, "%s = ", entry->name);
    unsigned int i;

    if (entry->bytes)
    {
        for (i = 0; i < entry->byte_count && used < (int)size; i++)
            used += snprintf(buffer + used, size - used, "%02x", entry->bytes[i]);
    }
    else if (!entry->size)
        snprintf(buffer + used, size - used, "%llu", entry->value);
    else if (entry->is_signed)
        snprintf(buffer + used, size - used, "%lld (%u-byte, signed)", (long long)entry->value, entry->size);
    else
        snprintf(buffer + used, size - used, "%#llx (%u-byte, unsigned)", entry->value, entry->size);
}

static const struct layout_entry *find_entry(const struct layout_entry *table, unsigned int count,
                                             const char *name)
{
    unsigned int i;

    for (i = 0; i < count; i++)
        if (!strcmp(table[i].name, name)) return &table[i];
    return NULL;
}

/* Both sides are built from one list: a difference is a value, a type or a layout. */
static void test_layout_matches_sdk(void **state)
{
    char sdk_line[512], our_line[512];
    unsigned int i, differences = 0;

    assert_int_equal(layout_ours_count, layout_sdk_count);
    for (i = 0; i < layout_sdk_count; i++)
    {
        assert_string_equal(layout_ours[i].name, layout_sdk[i].name);
        format_entry(&layout_sdk[i], sdk_line, sizeof(sdk_line));
        format_entry(&layout_ours[i], our_line, sizeof(our_line));
        if (strcmp(sdk_line, our_line))
        {
            print_message("- sdk:  %s\n+ ours: %s\n", sdk_line, our_line);
            differences++;
        }
    }
    print_message("%u entries compared with the SDK, %u differ\n", layout_sdk_count, differences);
    assert_int_equal(differences, 0);
}

/* The SDK's side of the comparison is real data, not two empty tables that agree. */
static void test_layout_sdk_side(void **state)
{
    static const struct { const char *name; unsigned long long value; } known[] =
    {
        { "LOGOFF_ABORT", 0x8 },
        { "LOGOFF_OUTBOUND_QUEUE", 0x80000 },
        { "NOTIFY_END_OUTBOUND", 0x20000 },
        { "STATUS_OUTBOUND_ACTIVE", 0x200000 },
        { "MSG_SERVICE_PROVIDER_DELETE", 7 },
        { "IMAPISupport::GetSvcConfigSupportObj", 43 * sizeof(void *) },
        { "IXPLogon::FlushQueues", 14 * sizeof(void *) },
        { "sizeof(IMsgServiceAdmin2Vtbl)", 16 * sizeof(void *) },
        { "IMAPIAdviseSink_OnNotify", 137 },
    };
    static const GUID provider_shutdown = { 0x00020398, 0, 0, { 0xc0, 0, 0, 0, 0, 0, 0, 0x46 } };
    const struct layout_entry *entry;
    unsigned int i;

    assert_true(layout_sdk_count > 650);
    for (i = 0; i < ARRAY_SIZE(known); i++)
    {
        entry = find_entry(layout_sdk, layout_sdk_count, known[i].name);
        if (!entry) print_error("%s is not in the SDK's table\n", known[i].name);
        assert_non_null(entry);
        assert_int_equal(entry->value, known[i].value);
    }
    entry = find_entry(layout_sdk, layout_sdk_count, "IID_IMAPIProviderShutdown");
    assert_non_null(entry);
    assert_int_equal(entry->byte_count, sizeof(GUID));
    assert_memory_equal(entry->bytes, &provider_shutdown, sizeof(GUID));
    /* and our header defines it under INITGUID */
    assert_memory_equal(&IID_IMAPIProviderShutdown, &provider_shutdown, sizeof(GUID));
}

/* How many LAYOUT_SLOT and LAYOUT_FUNC* lines the list has */
#define LAYOUT_CONST(name)
#define LAYOUT_EXPR(name, expr)
#define LAYOUT_POINTER(name)
#define LAYOUT_SIZE(type)
#define LAYOUT_FIELD(type, field)
#define LAYOUT_SIZED(var, decl)
#define LAYOUT_VTBL(iface)
#define LAYOUT_SLOT(iface, method) + 1
#define LAYOUT_GUID(name)
#define LAYOUT_BYTES(name)
#define LAYOUT_FUNCTYPE(name)
#define LAYOUT_FUNCPTR(name)
#define LAYOUT_FUNCTION(name)
static const unsigned int listed_slots = 0
#include "layout_list.h"
;
#undef LAYOUT_SLOT
#undef LAYOUT_FUNCTYPE
#undef LAYOUT_FUNCPTR
#undef LAYOUT_FUNCTION
#define LAYOUT_SLOT(iface, method)
#define LAYOUT_FUNCTYPE(name) + 1
#define LAYOUT_FUNCPTR(name) + 1
#define LAYOUT_FUNCTION(name) + 1
static const unsigned int listed_functions = 0
#include "layout_list.h"
;
#undef LAYOUT_VTBL
#undef LAYOUT_FUNCTYPE
#undef LAYOUT_FUNCPTR
#undef LAYOUT_FUNCTION
#define LAYOUT_VTBL(iface) + 1
#define LAYOUT_FUNCTYPE(name)
#define LAYOUT_FUNCPTR(name)
#define LAYOUT_FUNCTION(name)
static const unsigned int listed_interfaces = 0
#include "layout_list.h"
;

#ifdef _WIN64

/* An object whose every slot records which slot it is and for which object.
 * Each stub reads only This: with the caller cleaning the stack, as on Win64,
 * any number of arguments can be passed to it. */
static int called_slot;
static void *called_this;

#define STUB(n) static HRESULT STDMETHODCALLTYPE stub_##n(void *This) \
    { called_slot = n; called_this = This; return S_OK; }
STUB(0)  STUB(1)  STUB(2)  STUB(3)  STUB(4)  STUB(5)  STUB(6)  STUB(7)
STUB(8)  STUB(9)  STUB(10) STUB(11) STUB(12) STUB(13) STUB(14) STUB(15)
STUB(16) STUB(17) STUB(18) STUB(19) STUB(20) STUB(21) STUB(22) STUB(23)
STUB(24) STUB(25) STUB(26) STUB(27) STUB(28) STUB(29) STUB(30) STUB(31)
STUB(32) STUB(33) STUB(34) STUB(35) STUB(36) STUB(37) STUB(38) STUB(39)
STUB(40) STUB(41) STUB(42) STUB(43) STUB(44) STUB(45) STUB(46) STUB(47)
#undef STUB

static const void *fake_vtbl[] =
{
    stub_0,  stub_1,  stub_2,  stub_3,  stub_4,  stub_5,  stub_6,  stub_7,
    stub_8,  stub_9,  stub_10, stub_11, stub_12, stub_13, stub_14, stub_15,
    stub_16, stub_17, stub_18, stub_19, stub_20, stub_21, stub_22, stub_23,
    stub_24, stub_25, stub_26, stub_27, stub_28, stub_29, stub_30, stub_31,
    stub_32, stub_33, stub_34, stub_35, stub_36, stub_37, stub_38, stub_39,
    stub_40, stub_41, stub_42, stub_43, stub_44, stub_45, stub_46, stub_47,
};
static struct { const void **lpVtbl; } fake = { fake_vtbl };

static unsigned int checked_calls;

static void check_call(const char *name, size_t offset)
{
    int slot = offset / sizeof(void *);

    if (called_slot != slot) print_error("%s called slot %d, not %d\n", name, called_slot, slot);
    assert_int_equal(called_slot, slot);
    assert_ptr_equal(called_this, &fake);
    checked_calls++;
}

#define SDK_METHOD(iface, method, ...) \
    called_slot = -1; called_this = NULL; \
    iface##_##method((iface *)&fake, __VA_ARGS__); \
    check_call(#iface "_" #method, offsetof(iface##Vtbl, method));
#define SDK_METHOD0(iface, method) \
    called_slot = -1; called_this = NULL; \
    iface##_##method((iface *)&fake); \
    check_call(#iface "_" #method, offsetof(iface##Vtbl, method));

#else

/* Elsewhere the callee may clean the stack: the calls are only compiled. */
#define SDK_METHOD(iface, method, ...) (void)sizeof(iface##_##method((iface *)0, __VA_ARGS__));
#define SDK_METHOD0(iface, method) (void)sizeof(iface##_##method((iface *)0));

#endif

/* Checked by the compiler only: the calls are not evaluated. */
static unsigned int checked_functions;
#define SDK_FUNCTYPE(name, ...)  (void)sizeof(__typeof__(((name *)0)(__VA_ARGS__)) *); checked_functions++;
#define SDK_FUNCTYPE0(name)      (void)sizeof(__typeof__(((name *)0)()) *); checked_functions++;
#define SDK_FUNCPTR(name, ...)   (void)sizeof(__typeof__(((name)0)(__VA_ARGS__)) *); checked_functions++;
#define SDK_FUNCPTR0(name)       (void)sizeof(__typeof__(((name)0)()) *); checked_functions++;
#define SDK_FUNCTION(name, ...)  (void)sizeof(__typeof__(name(__VA_ARGS__)) *); checked_functions++;
#define SDK_FUNCTION0(name)      (void)sizeof(__typeof__(name()) *); checked_functions++;

/* The SDK's methods of each interface are as many as our vtable has slots. */
static unsigned int checked_interfaces;
#define SDK_INTERFACE(iface, methods) \
    if (sizeof(iface##Vtbl) != (methods) * sizeof(void *)) \
        print_error(#iface ": the SDK has %u methods, we have %u\n", (unsigned int)(methods), \
                    (unsigned int)(sizeof(iface##Vtbl) / sizeof(void *))); \
    assert_int_equal(sizeof(iface##Vtbl), (methods) * sizeof(void *)); \
    checked_interfaces++;

static void test_calls_match_sdk(void **state)
{
#include "sdk_calls.h"

#ifdef _WIN64
    assert_true(ARRAY_SIZE(fake_vtbl) * sizeof(void *) >= sizeof(IMAPISupportVtbl));
    assert_int_equal(checked_calls, listed_slots);
#endif
    assert_int_equal(checked_functions, listed_functions);
    assert_int_equal(checked_interfaces, listed_interfaces);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_layout_matches_sdk),
        cmocka_unit_test(test_layout_sdk_side),
        cmocka_unit_test(test_calls_match_sdk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
