/*
 * The exports this version does not implement answer their documented
 * "not supported" code (and trace a FIXME) instead of crashing; the README
 * lists them. Each is called by name with zeroed arguments.
 */

#include "mapi32_test.h"
#include "xcmc.h"
#include "mapi.h"

enum result_kind { RETURNS_CODE, RETURNS_NOTHING };

struct unimplemented
{
    const char *name;
    int arg_count;
    enum result_kind kind;
    ULONG expected;
};

#define NO_SUPPORT(name, args)  { name, args, RETURNS_CODE, (ULONG)MAPI_E_NO_SUPPORT }
#define NOTHING(name, args)     { name, args, RETURNS_NOTHING, 0 }
#define CMC(name, args)         { name, args, RETURNS_CODE, CMC_E_NOT_SUPPORTED }
#define SIMPLE_MAPI(name, args) { name, args, RETURNS_CODE, MAPI_E_NOT_SUPPORTED }

static const struct unimplemented unimplemented[] =
{
    /* Later issues: sessions. */
    NO_SUPPORT("ScMAPIXFromCMC", 4),
    NO_SUPPORT("HrComposeEID", 7),
    NO_SUPPORT("HrDecomposeEID", 7),
    NO_SUPPORT("HrComposeMsgID", 6),
    NO_SUPPORT("HrDecomposeMsgID", 6),
    /* Undocumented internals of Windows' own objects. */
    NO_SUPPORT("UNKOBJ_ScAllocate", 3),
    NO_SUPPORT("UNKOBJ_ScAllocateMore", 4),
    NOTHING("UNKOBJ_Free", 2),
    NOTHING("UNKOBJ_FreeRows", 2),
    NO_SUPPORT("UNKOBJ_ScCOAllocate", 3),
    NO_SUPPORT("UNKOBJ_ScCOReallocate", 3),
    NOTHING("UNKOBJ_COFree", 2),
    NO_SUPPORT("UNKOBJ_ScSzFromIdsAlloc", 5),
    /* UI, forms and Outlook's own entry points. */
    NO_SUPPORT("PRProviderInit", 9),
    NO_SUPPORT("LaunchWizard", 5),
    NO_SUPPORT("MAPIOpenFormMgr", 2),
    NO_SUPPORT("MAPIOpenLocalFormContainer", 1),
    NO_SUPPORT("WrapProgress", 5),
    NO_SUPPORT("HrGetOmiProvidersFlags", 2),
    NO_SUPPORT("HrSetOmiProvidersFlagsInvalid", 1),
    { "GetOutlookVersion", 0, RETURNS_CODE, 0 },
    NO_SUPPORT("FixMAPI", 0),
    /* CMC and Visual Basic's Simple MAPI. */
    CMC("cmc_act_on", 6),
    CMC("cmc_free", 1),
    CMC("cmc_list", 8),
    CMC("cmc_logoff", 4),
    CMC("cmc_logon", 9),
    CMC("cmc_look_up", 7),
    CMC("cmc_query_configuration", 4),
    CMC("cmc_read", 6),
    CMC("cmc_send", 5),
    CMC("cmc_send_documents", 8),
    SIMPLE_MAPI("BMAPISendMail", 6),
    SIMPLE_MAPI("BMAPISaveMail", 7),
    SIMPLE_MAPI("BMAPIReadMail", 8),
    SIMPLE_MAPI("BMAPIGetReadMail", 5),
    SIMPLE_MAPI("BMAPIFindNext", 7),
    SIMPLE_MAPI("BMAPIAddress", 9),
    SIMPLE_MAPI("BMAPIGetAddress", 4),
    SIMPLE_MAPI("BMAPIDetails", 5),
    SIMPLE_MAPI("BMAPIResolveName", 6),
};

typedef ULONG_PTR A;

static ULONG_PTR call_zeroed(FARPROC proc, int arg_count)
{
    switch (arg_count)
    {
    case 0: return ((A (WINAPI *)(void))proc)();
    case 1: return ((A (WINAPI *)(A))proc)(0);
    case 2: return ((A (WINAPI *)(A, A))proc)(0, 0);
    case 3: return ((A (WINAPI *)(A, A, A))proc)(0, 0, 0);
    case 4: return ((A (WINAPI *)(A, A, A, A))proc)(0, 0, 0, 0);
    case 5: return ((A (WINAPI *)(A, A, A, A, A))proc)(0, 0, 0, 0, 0);
    case 6: return ((A (WINAPI *)(A, A, A, A, A, A))proc)(0, 0, 0, 0, 0, 0);
    case 7: return ((A (WINAPI *)(A, A, A, A, A, A, A))proc)(0, 0, 0, 0, 0, 0, 0);
    case 8: return ((A (WINAPI *)(A, A, A, A, A, A, A, A))proc)(0, 0, 0, 0, 0, 0, 0, 0);
    case 9: return ((A (WINAPI *)(A, A, A, A, A, A, A, A, A))proc)(0, 0, 0, 0, 0, 0, 0, 0, 0);
    case 10: return ((A (WINAPI *)(A, A, A, A, A, A, A, A, A, A))proc)(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    case 11: return ((A (WINAPI *)(A, A, A, A, A, A, A, A, A, A, A))proc)(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    fail_msg("no caller for %d arguments", arg_count);
    return 0;
}

static void test_not_supported_codes(void **state)
{
    HMODULE mapi32 = GetModuleHandleA("mapi32.dll");
    int i;

    for (i = 0; i < ARRAY_SIZE(unimplemented); i++)
    {
        FARPROC proc = GetProcAddress(mapi32, unimplemented[i].name);
        ULONG result;

        if (!proc) fail_msg("%s is not exported", unimplemented[i].name);
        result = (ULONG)call_zeroed(proc, unimplemented[i].arg_count);
        if (unimplemented[i].kind == RETURNS_CODE && result != unimplemented[i].expected)
            fail_msg("%s returned %#lx, expected %#lx", unimplemented[i].name, result, unimplemented[i].expected);
    }
}

static void test_logon_without_profiles(void **state)
{
    LPMAPISESSION session = (void *)0xdeadbeef;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, NULL));
    assert_hr_equal(MAPI_E_NOT_INITIALIZED, MAPILogonEx(0, NULL, NULL, MAPI_EXTENDED, &session));
    assert_null(session);
}

static void test_map_storage_scode(void **state)
{
    static const struct { SCODE storage, mapi; } map[] =
    {
        { S_OK, S_OK },
        { STG_E_FILENOTFOUND, MAPI_E_NOT_FOUND },
        { STG_E_PATHNOTFOUND, MAPI_E_NOT_FOUND },
        { STG_E_INVALIDHEADER, MAPI_E_CORRUPT_DATA },
        { STG_E_DOCFILECORRUPT, MAPI_E_CORRUPT_DATA },
        { STG_E_ACCESSDENIED, MAPI_E_NO_ACCESS },
        { STG_E_LOCKVIOLATION, MAPI_E_NO_ACCESS },
        { STG_E_SHAREVIOLATION, MAPI_E_NO_ACCESS },
        { STG_E_INSUFFICIENTMEMORY, MAPI_E_NOT_ENOUGH_MEMORY },
        { STG_E_MEDIUMFULL, MAPI_E_NOT_ENOUGH_DISK },
        { STG_E_INVALIDPARAMETER, MAPI_E_INVALID_PARAMETER },
        { STG_E_INVALIDFLAG, MAPI_E_INVALID_PARAMETER },
        { STG_E_INVALIDFUNCTION, MAPI_E_NO_SUPPORT },
        { E_FAIL, E_FAIL },
    };
    SCODE (WINAPI *map_storage_scode)(SCODE) =
        (void *)GetProcAddress(GetModuleHandleA("mapi32.dll"), "MapStorageSCode@4");
    int i;

    assert_non_null(map_storage_scode);
    for (i = 0; i < ARRAY_SIZE(map); i++)
        assert_hr_equal(map[i].mapi, map_storage_scode(map[i].storage));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_not_supported_codes),
        cmocka_unit_test(test_logon_without_profiles),
        cmocka_unit_test(test_map_storage_scode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
