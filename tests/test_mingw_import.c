/*
 * A program as the SDK builds it: mingw-w64's MAPI headers and its
 * libmapi32.a, which imports every function by its plain name. It must
 * start under wine64 against our DLL, with every import bound to the
 * same code GetProcAddress finds.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <windows.h>
#include <mapix.h>
#include <mapiutil.h>
#include <cmocka.h>

#include "mingw_imports.h"

static void test_every_import_is_bound(void **state)
{
    HMODULE mapi32 = GetModuleHandleA("mapi32.dll");
    size_t i;

    assert_non_null(mapi32);
    assert_true(sizeof(mingw_imports) / sizeof(mingw_imports[0]) > 160);
    for (i = 0; i < sizeof(mingw_imports) / sizeof(mingw_imports[0]); i++)
    {
        FARPROC proc = GetProcAddress(mapi32, mingw_imports[i].name);
        if (!proc) print_error("%s is not exported\n", mingw_imports[i].name);
        assert_non_null(proc);
        assert_ptr_equal(*mingw_imports[i].slot, (void *)proc);
    }
}

/* Calls through the imports with the SDK's types. */
static void test_calls(void **state)
{
    SPropValue *value;
    LPVOID more;

    assert_int_equal(MAPIInitialize(NULL), S_OK);
    assert_int_equal(MAPIAllocateBuffer(sizeof(*value), (void **)&value), S_OK);
    assert_int_equal(MAPIAllocateMore(16, value, &more), S_OK);
    value->ulPropTag = PR_SUBJECT_A;
    value->Value.lpszA = more;
    strcpy(more, "hello");
    assert_ptr_equal(PpropFindProp(value, 1, PR_SUBJECT_A), value);
    assert_null(PpropFindProp(value, 1, PR_BODY_A));
    assert_int_equal(MAPIFreeBuffer(value), S_OK);
    assert_non_null(MAPIGetDefaultMalloc());
    MAPIUninitialize();
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_every_import_is_bound),
        cmocka_unit_test(test_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
