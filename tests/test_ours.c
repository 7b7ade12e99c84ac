/*
 * Proves that the mapi32.dll answering the tests is this project's,
 * loaded as a native override, and not Wine's builtin one.
 */

#include "mapi32_test.h"

static HMODULE mapi32(void)
{
    HMODULE module = GetModuleHandleA("mapi32.dll");
    assert_non_null(module);
    return module;
}

/* The DLL was loaded from beside this program, not from system32. */
static void test_loaded_from_test_directory(void **state)
{
    char exe_path[MAX_PATH], dll_path[MAX_PATH], *slash;

    assert_true(GetModuleFileNameA(NULL, exe_path, sizeof(exe_path)) > 0);
    assert_true(GetModuleFileNameA(mapi32(), dll_path, sizeof(dll_path)) > 0);
    slash = strrchr(exe_path, '\\');
    assert_non_null(slash);
    strcpy(slash + 1, "mapi32.dll");
    assert_string_equal(_strlwr(dll_path), _strlwr(exe_path));
}

/* Wine marks its builtin PE DLLs in the DOS stub; ours is a plain native DLL. */
static void test_not_wine_builtin(void **state)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)mapi32();
    static const char builtin_marker[] = "Wine builtin DLL";

    assert_int_equal(dos->e_magic, IMAGE_DOS_SIGNATURE);
    assert_int_not_equal(memcmp((const char *)dos + sizeof(*dos), builtin_marker,
                                sizeof(builtin_marker) - 1), 0);
}

/* Wine's builtin 64-bit mapi32 lacks the plain names; ours has them. */
static void test_plain_names_exported(void **state)
{
    assert_non_null(GetProcAddress(mapi32(), "PropCopyMore"));
    assert_non_null(GetProcAddress(mapi32(), "PropCopyMore@16"));
    assert_ptr_equal(GetProcAddress(mapi32(), "PropCopyMore"), GetProcAddress(mapi32(), "PropCopyMore@16"));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_loaded_from_test_directory),
        cmocka_unit_test(test_not_wine_builtin),
        cmocka_unit_test(test_plain_names_exported),
    };
    /* Loading at start-up through the import table, as any MAPI program does. */
    MAPIFreeBuffer(NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
