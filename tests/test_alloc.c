/*
 * MAPIAllocateBuffer/More/FreeBuffer, MAPIGetDefaultMalloc, MAPIInitialize
 * and ScInitMapiUtil.
 */

#include "mapi32_test.h"

static void test_allocate_buffer(void **state)
{
    void *buffer = NULL;
    ULONG i;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(100, &buffer));
    assert_non_null(buffer);
    assert_int_equal((ULONG_PTR)buffer % 8, 0);
    memset(buffer, 0xab, 100);
    assert_int_equal(MAPIFreeBuffer(buffer), S_OK);

    /* A zero-sized buffer is still a distinct, freeable block. */
    assert_hr_equal(S_OK, MAPIAllocateBuffer(0, &buffer));
    assert_non_null(buffer);
    assert_int_equal(MAPIFreeBuffer(buffer), S_OK);

    for (i = 0; i < 1000; i++)
    {
        assert_hr_equal(S_OK, MAPIAllocateBuffer(i * 7, &buffer));
        assert_int_equal((ULONG_PTR)buffer % 16, 0);
        MAPIFreeBuffer(buffer);
    }
}

static void test_allocate_buffer_bad_input(void **state)
{
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, MAPIAllocateBuffer(10, NULL));
#ifndef _WIN64
    void *buffer = (void *)0xdeadbeef;

    /* More than a 32-bit address space can hold. */
    assert_hr_equal(MAPI_E_NOT_ENOUGH_MEMORY, MAPIAllocateBuffer(0xfffffff0, &buffer));
    assert_null(buffer);
#endif
    assert_int_equal(MAPIFreeBuffer(NULL), S_OK);
}

static void test_allocate_more(void **state)
{
    BYTE *root, *more[50], *more_of_more;
    int i;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(16, (void **)&root));
    for (i = 0; i < 50; i++)
    {
        assert_hr_equal(S_OK, MAPIAllocateMore(32, root, (void **)&more[i]));
        assert_non_null(more[i]);
        memset(more[i], i, 32);
    }
    /* A block linked to a linked block belongs to the same chain. */
    assert_hr_equal(S_OK, MAPIAllocateMore(8, more[3], (void **)&more_of_more));
    memset(more_of_more, 0xff, 8);
    for (i = 0; i < 50; i++)
        assert_int_equal(more[i][31], i);

    /* Freeing a linked block alone is refused, so the chain stays intact. */
    assert_int_equal(MAPIFreeBuffer(more[10]), S_OK);
    assert_int_equal(more[10][0], 10);

    assert_int_equal(MAPIFreeBuffer(root), S_OK);
}

static void test_allocate_more_bad_input(void **state)
{
    void *root, *buffer = (void *)0xdeadbeef;
    struct { DWORD_PTR fake[4]; DWORD_PTR data[4]; } not_ours = { { 0 } };

    assert_hr_equal(S_OK, MAPIAllocateBuffer(16, &root));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, MAPIAllocateMore(8, root, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, MAPIAllocateMore(8, NULL, &buffer));
    assert_null(buffer);
    buffer = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, MAPIAllocateMore(8, not_ours.data, &buffer));
    assert_null(buffer);
#ifndef _WIN64
    assert_hr_equal(MAPI_E_NOT_ENOUGH_MEMORY, MAPIAllocateMore(0xfffffff0, root, &buffer));
#endif
    MAPIFreeBuffer(root);
}

struct more_thread_args
{
    void *root;
    BYTE *blocks[500];
    BYTE tag;
};

static DWORD WINAPI allocate_more_thread(void *arg)
{
    struct more_thread_args *args = arg;
    int i;

    for (i = 0; i < ARRAY_SIZE(args->blocks); i++)
    {
        if (MAPIAllocateMore(24, args->root, (void **)&args->blocks[i]) != S_OK) return 1;
        memset(args->blocks[i], args->tag, 24);
    }
    return 0;
}

/* Two threads linking to one chain lose no block (the heap would report a leak
 * only indirectly, so each block's contents are checked after both finish). */
static void test_allocate_more_threads(void **state)
{
    struct more_thread_args a = { .tag = 0x11 }, b = { .tag = 0x22 };
    HANDLE threads[2];
    DWORD code;
    int i;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(8, &a.root));
    b.root = a.root;
    threads[0] = CreateThread(NULL, 0, allocate_more_thread, &a, 0, NULL);
    threads[1] = CreateThread(NULL, 0, allocate_more_thread, &b, 0, NULL);
    assert_int_equal(WaitForMultipleObjects(2, threads, TRUE, 30000), WAIT_OBJECT_0);
    for (i = 0; i < 2; i++)
    {
        assert_true(GetExitCodeThread(threads[i], &code));
        assert_int_equal(code, 0);
        CloseHandle(threads[i]);
    }
    for (i = 0; i < ARRAY_SIZE(a.blocks); i++)
    {
        assert_int_equal(a.blocks[i][23], 0x11);
        assert_int_equal(b.blocks[i][23], 0x22);
    }
    MAPIFreeBuffer(a.root);
}

static void test_default_malloc(void **state)
{
    IMalloc *malloc = MAPIGetDefaultMalloc(), *unk;
    void *p;

    assert_non_null(malloc);
    assert_ptr_equal(malloc, MAPIGetDefaultMalloc());
    assert_hr_equal(S_OK, malloc->lpVtbl->QueryInterface(malloc, &IID_IMalloc, (void **)&unk));
    assert_ptr_equal(unk, malloc);
    assert_hr_equal(E_NOINTERFACE, malloc->lpVtbl->QueryInterface(malloc, &IID_IStream, (void **)&unk));
    assert_null(unk);

    p = malloc->lpVtbl->Alloc(malloc, 64);
    assert_non_null(p);
    assert_true(malloc->lpVtbl->GetSize(malloc, p) >= 64);
    assert_int_equal(malloc->lpVtbl->DidAlloc(malloc, p), 1);
    memset(p, 1, 64);
    p = malloc->lpVtbl->Realloc(malloc, p, 128);
    assert_non_null(p);
    assert_int_equal(((BYTE *)p)[63], 1);
    malloc->lpVtbl->Free(malloc, p);
    assert_null(malloc->lpVtbl->Realloc(malloc, malloc->lpVtbl->Alloc(malloc, 4), 0));
    malloc->lpVtbl->Release(malloc);
    /* Not reference counted: it outlives every release. */
    assert_ptr_equal(MAPIGetDefaultMalloc(), malloc);
}

static void test_initialize(void **state)
{
    MAPIINIT_0 init = { MAPI_INIT_VERSION, MAPI_MULTITHREAD_NOTIFICATIONS };
    MAPIINIT_0 bad_version = { MAPI_INIT_VERSION + 1, 0 };
    MAPIINIT_0 bad_flags = { MAPI_INIT_VERSION, 0x40000000 };
    HRESULT (WINAPI *can_unload)(void) = (void *)GetProcAddress(GetModuleHandleA("mapi32.dll"), "DllCanUnloadNow");

    assert_non_null(can_unload);
    assert_hr_equal(S_OK, can_unload());

    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    assert_hr_equal(S_FALSE, can_unload());
    assert_hr_equal(S_OK, MAPIInitialize(&init));
    MAPIUninitialize();
    assert_hr_equal(S_FALSE, can_unload());
    MAPIUninitialize();
    assert_hr_equal(S_OK, can_unload());
    /* One too many is harmless. */
    MAPIUninitialize();
    assert_hr_equal(S_OK, can_unload());

    assert_hr_equal(MAPI_E_VERSION, MAPIInitialize(&bad_version));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, MAPIInitialize(&bad_flags));
    assert_hr_equal(S_OK, can_unload());
}

static DWORD WINAPI initialize_thread(void *arg)
{
    int i;

    for (i = 0; i < 2000; i++)
    {
        if (MAPIInitialize(NULL) != S_OK) return 1;
        MAPIUninitialize();
    }
    return 0;
}

static void test_initialize_threads(void **state)
{
    HRESULT (WINAPI *can_unload)(void) = (void *)GetProcAddress(GetModuleHandleA("mapi32.dll"), "DllCanUnloadNow");
    HANDLE threads[4];
    int i;

    for (i = 0; i < ARRAY_SIZE(threads); i++)
        threads[i] = CreateThread(NULL, 0, initialize_thread, NULL, 0, NULL);
    assert_int_equal(WaitForMultipleObjects(ARRAY_SIZE(threads), threads, TRUE, 60000), WAIT_OBJECT_0);
    for (i = 0; i < ARRAY_SIZE(threads); i++) CloseHandle(threads[i]);
    /* Every initialisation was undone: the count is back to zero. */
    assert_hr_equal(S_OK, can_unload());
}

static void test_init_mapi_util(void **state)
{
    assert_hr_equal(S_OK, ScInitMapiUtil(0));
    DeinitMapiUtil();
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, ScInitMapiUtil(1));
    DeinitMapiUtil(); /* unbalanced: ignored */
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_allocate_buffer),
        cmocka_unit_test(test_allocate_buffer_bad_input),
        cmocka_unit_test(test_allocate_more),
        cmocka_unit_test(test_allocate_more_bad_input),
        cmocka_unit_test(test_allocate_more_threads),
        cmocka_unit_test(test_default_malloc),
        cmocka_unit_test(test_initialize),
        cmocka_unit_test(test_initialize_threads),
        cmocka_unit_test(test_init_mapi_util),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
