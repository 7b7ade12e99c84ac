/*
 * Helpers of the .msg and TNEF tests: files, storages, one message with
 * everything in it, and the checks that it came back whole.
 */
#ifndef __MSG_TEST_H
#define __MSG_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "imessage.h"

#ifndef PR_BODY_HTML_A
#define PR_BODY_HTML_A PROP_TAG(PT_STRING8, 0x1013)
#endif
#define PR_HTML_BIN PROP_TAG(PT_BINARY, 0x1013)
#define TAG_MV_LONG   PROP_TAG(PT_MV_LONG, 0x6601)
#define TAG_MV_W      PROP_TAG(PT_MV_UNICODE, 0x6602)
#define TAG_MV_BIN    PROP_TAG(PT_MV_BINARY, 0x6603)
#define TAG_I2        PROP_TAG(PT_I2, 0x6604)
#define TAG_BOOL      PROP_TAG(PT_BOOLEAN, 0x6605)
#define TAG_DOUBLE    PROP_TAG(PT_DOUBLE, 0x6606)
#define TAG_I8        PROP_TAG(PT_I8, 0x6607)
#define TAG_CLSID     PROP_TAG(PT_CLSID, 0x6608)
#define TAG_MV_A      PROP_TAG(PT_MV_STRING8, 0x6609)

/* Where the tests write the files the real tools read (tests/out). */
static inline const char *out_dir(void)
{
    CreateDirectoryA("out", NULL);
    return "out";
}

/* The sample files of other projects, from tools/build-deps.sh --testdata. */
static inline BOOL testdata_path(char *path, size_t size, const char *package, const char *file)
{
    const char *root = getenv("MAPI_TESTDATA");

    if (!root || !*root)
    {
        print_error("MAPI_TESTDATA is not set: run tools/build-deps.sh --testdata\n");
        return FALSE;
    }
    snprintf(path, size, "Z:%s/%s/%s", root, package, file);
    if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES)
    {
        print_error("%s is missing: run tools/build-deps.sh --testdata\n", path);
        return FALSE;
    }
    return TRUE;
}

static inline WCHAR *wide(const char *string)
{
    static WCHAR buffers[8][MAX_PATH];
    static int next;
    WCHAR *w = buffers[next++ % 8];

    MultiByteToWideChar(CP_UTF8, 0, string, -1, w, MAX_PATH);
    return w;
}

static inline IStorage *create_storage_file(const char *path, DWORD extra_mode)
{
    IStorage *storage = NULL;
    HRESULT hr = StgCreateDocfile(wide(path), STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE | extra_mode, 0,
                                  &storage);
    assert_hr_equal(S_OK, hr);
    return storage;
}

static inline IStorage *open_storage_file(const char *path, DWORD mode)
{
    IStorage *storage = NULL;
    HRESULT hr = StgOpenStorage(wide(path), NULL, mode | STGM_SHARE_EXCLUSIVE, NULL, 0, &storage);
    assert_hr_equal(S_OK, hr);
    return storage;
}

static inline IMessage *open_message(IStorage *storage, ULONG flags)
{
    IMessage *message = NULL;
    SCODE sc = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage,
                              NULL, 0, flags, &message);
    assert_hr_equal(S_OK, sc);
    assert_non_null(message);
    return message;
}

static inline void set_prop(IMAPIProp *object, SPropValue *value)
{
    SPropProblemArray *problems = NULL;
    HRESULT hr = object->lpVtbl->SetProps(object, 1, value, &problems);

    assert_hr_equal(S_OK, hr);
    assert_null(problems);
}

static inline void set_string_w(IMAPIProp *object, ULONG tag, const WCHAR *string)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.Value.lpszW = (WCHAR *)string;
    set_prop(object, &value);
}

static inline void set_string_a(IMAPIProp *object, ULONG tag, const char *string)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.Value.lpszA = (char *)string;
    set_prop(object, &value);
}

static inline void set_long(IMAPIProp *object, ULONG tag, LONG number)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.Value.l = number;
    set_prop(object, &value);
}

static inline void set_binary(IMAPIProp *object, ULONG tag, const void *data, ULONG size)
{
    SPropValue value;

    value.ulPropTag = tag;
    value.Value.bin.cb = size;
    value.Value.bin.lpb = (BYTE *)data;
    set_prop(object, &value);
}

/* One value of an object, in the caller's MAPIFreeBuffer memory; NULL if it has none. */
static inline SPropValue *get_prop(IMAPIProp *object, ULONG tag)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    SPropValue *values = NULL;
    ULONG count = 0;
    HRESULT hr = object->lpVtbl->GetProps(object, (SPropTagArray *)&tags, MAPI_UNICODE, &count, &values);

    assert_true(SUCCEEDED(hr));
    assert_int_equal(count, 1);
    if (PROP_TYPE(values[0].ulPropTag) == PT_ERROR)
    {
        MAPIFreeBuffer(values);
        return NULL;
    }
    return values;
}

static inline void check_string_w(IMAPIProp *object, ULONG tag, const WCHAR *expected)
{
    SPropValue *value = get_prop(object, tag);

    assert_non_null(value);
    if (wcscmp(value->Value.lpszW, expected))
        print_error("%#lx: got %ls, expected %ls\n", tag, value->Value.lpszW, expected);
    assert_int_equal(wcscmp(value->Value.lpszW, expected), 0);
    MAPIFreeBuffer(value);
}

static inline void check_long(IMAPIProp *object, ULONG tag, LONG expected)
{
    SPropValue *value = get_prop(object, tag);

    assert_non_null(value);
    assert_int_equal(value->Value.l, expected);
    MAPIFreeBuffer(value);
}

static inline void check_binary(IMAPIProp *object, ULONG tag, const void *expected, ULONG size)
{
    SPropValue *value = get_prop(object, tag);

    assert_non_null(value);
    assert_int_equal(value->Value.bin.cb, size);
    assert_memory_equal(value->Value.bin.lpb, expected, size);
    MAPIFreeBuffer(value);
}

static inline ULONG count_rows(IMAPITable *table)
{
    ULONG count = 0;
    HRESULT hr = table->lpVtbl->GetRowCount(table, 0, &count);

    assert_hr_equal(S_OK, hr);
    return count;
}

/* Deterministic attachment contents: every byte value, in a pattern that does not repeat soon. */
static inline void fill_pattern(BYTE *data, ULONG size, ULONG seed)
{
    ULONG i, x = seed * 2654435761u + 1;

    for (i = 0; i < size; i++)
    {
        x = x * 1103515245 + 12345;
        data[i] = x >> 16;
    }
}

static inline void write_file(const char *path, const void *data, ULONG size)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD written = 0;

    assert_true(file != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(file, data, size, &written, NULL));
    assert_int_equal(written, size);
    CloseHandle(file);
}

static inline BYTE *read_file(const char *path, ULONG *size)
{
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD got = 0;
    BYTE *data;

    if (file == INVALID_HANDLE_VALUE) return NULL;
    *size = GetFileSize(file, NULL);
    data = malloc(*size + 1);
    assert_true(ReadFile(file, data, *size, &got, NULL));
    assert_int_equal(got, *size);
    CloseHandle(file);
    data[*size] = 0;
    return data;
}

#endif /* __MSG_TEST_H */
