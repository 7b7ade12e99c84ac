/*
 * Every export of mapi32.spec resolves, by name and by ordinal; on win64
 * every function has both its plain and its 32-bit decorated name, the two
 * leading to the same code, since 64-bit programs ask for either. The same
 * holds for the entry points of the providers we ship, which MAPI looks up
 * by name.
 */

#include "mapi32_test.h"

struct export
{
    const char *name;
    WORD ordinal;
    BOOL win64_only;
};

static const struct export exports[] =
{
#include "mapi32_exports.h"
};

static const struct export sqlms_exports[] =
{
#include "sqlms_exports.h"
};

static const struct export smtpxp_exports[] =
{
#include "smtpxp_exports.h"
};

static HMODULE mapi32;

static BOOL is_decorated(const char *name, char *plain)
{
    const char *at = strrchr(name, '@');

    if (!at || at == name || !at[1]) return FALSE;
    for (const char *p = at + 1; *p; p++)
        if (*p < '0' || *p > '9') return FALSE;
    memcpy(plain, name, at - name);
    plain[at - name] = 0;
    return TRUE;
}

static void test_every_name_resolves(void **state)
{
    int i;

    for (i = 0; i < ARRAY_SIZE(exports); i++)
    {
        FARPROC proc = GetProcAddress(mapi32, exports[i].name);
#ifdef _WIN64
        if (!proc) print_error("missing export %s\n", exports[i].name);
        assert_non_null(proc);
#else
        if (exports[i].win64_only) assert_null(proc);
        else assert_non_null(proc);
#endif
    }
}

static void test_ordinals(void **state)
{
    int i, count = 0;

    for (i = 0; i < ARRAY_SIZE(exports); i++)
    {
        if (!exports[i].ordinal) continue;
        assert_ptr_equal(GetProcAddress(mapi32, MAKEINTRESOURCEA(exports[i].ordinal)),
                         GetProcAddress(mapi32, exports[i].name));
        count++;
    }
    /* Windows' mapi32 has some 190 exports at fixed ordinals. */
    assert_true(count > 180);
}

static void test_plain_and_decorated_names(void **state)
{
    char plain[128];
    int i, pairs = 0;

    for (i = 0; i < ARRAY_SIZE(exports); i++)
    {
        FARPROC decorated_proc, plain_proc;

        if (!is_decorated(exports[i].name, plain)) continue;
        decorated_proc = GetProcAddress(mapi32, exports[i].name);
        plain_proc = GetProcAddress(mapi32, plain);
#ifdef _WIN64
        if (!plain_proc) print_error("no plain name for %s\n", exports[i].name);
        assert_non_null(plain_proc);
        assert_ptr_equal(plain_proc, decorated_proc);
        pairs++;
#else
        assert_non_null(decorated_proc);
        (void)plain_proc;
#endif
    }
#ifdef _WIN64
    assert_true(pairs > 120);
#endif
}

/* Names a program imports whatever the platform: the same on both. */
static void test_common_names(void **state)
{
    static const char *const names[] =
    {
        "MAPIAllocateBuffer", "MAPIFreeBuffer", "MAPILogonEx", "MAPIInitialize", "MAPIUninitialize",
        "MAPISendMail", "MAPISendMailW", "OpenStreamOnFile", "WrapCompressedRTFStream",
    };
    int i;

    for (i = 0; i < ARRAY_SIZE(names); i++)
        assert_non_null(GetProcAddress(mapi32, names[i]));
    assert_null(GetProcAddress(mapi32, "NoSuchMapiFunction"));
}

/* A provider's every export resolves; a decorated one has its plain twin
 * leading to the same code, on every architecture (the names are ours). */
static void check_provider(const char *dll, const struct export *list, size_t count)
{
    HMODULE module = LoadLibraryA(dll);
    char plain[128];
    size_t i, pairs = 0;

    if (!module) fail_msg("cannot load %s", dll);
    for (i = 0; i < count; i++)
    {
        FARPROC proc = GetProcAddress(module, list[i].name);

        if (!proc) fail_msg("%s lacks %s", dll, list[i].name);
        if (!is_decorated(list[i].name, plain)) continue;
        assert_ptr_equal(GetProcAddress(module, plain), proc);
        pairs++;
    }
    assert_true(pairs >= 1);
    FreeLibrary(module);
}

static void test_provider_entry_points(void **state)
{
    check_provider("sqlms32.dll", sqlms_exports, ARRAY_SIZE(sqlms_exports));
    check_provider("smtpxp32.dll", smtpxp_exports, ARRAY_SIZE(smtpxp_exports));
    /* The entry points MAPI itself looks up */
    assert_non_null(GetProcAddress(GetModuleHandleA("mapi32.dll"), "MAPIAllocateBuffer"));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_every_name_resolves),
        cmocka_unit_test(test_ordinals),
        cmocka_unit_test(test_plain_and_decorated_names),
        cmocka_unit_test(test_common_names),
        cmocka_unit_test(test_provider_entry_points),
    };

    mapi32 = LoadLibraryA("mapi32.dll");
    assert_non_null(mapi32);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
