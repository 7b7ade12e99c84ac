/*
 * OpenStreamOnFile (every flag, unique temporary files, bad input) and
 * HrIStorageFromStream (streams, ILockBytes, positions, bad input).
 */

#define COBJMACROS
#include "mapi32_test.h"

/* mapiutil.h of the SDK declares this; Wine's does not. */
HRESULT WINAPI HrIStorageFromStream(IUnknown *unk, const IID *iid, ULONG flags, IStorage **storage);

#ifndef STGSTRM_RESET
#define STGSTRM_RESET   0x00000000
#define STGSTRM_CURRENT 0x10000000
#define STGSTRM_MODIFY  0x00000002
#define STGSTRM_CREATE  0x00001000
#endif

static char temp_dir[MAX_PATH];

/* The stream object must come from the allocator given, and go back to it. */
static LONG allocations;

static SCODE WINAPI counting_allocate(ULONG size, void **buffer)
{
    InterlockedIncrement(&allocations);
    return MAPIAllocateBuffer(size, buffer);
}

static ULONG WINAPI counting_free(void *buffer)
{
    InterlockedDecrement(&allocations);
    return MAPIFreeBuffer(buffer);
}

static HRESULT open_stream(ULONG flags, const char *name, const char *prefix, IStream **stream)
{
    return OpenStreamOnFile(counting_allocate, counting_free, flags, (char *)name, (char *)prefix, stream);
}

static void temp_name(char *path, const char *name)
{
    strcpy(path, temp_dir);
    strcat(path, name);
}

static void write_file(const char *path, const char *data)
{
    HANDLE file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD written;

    assert_true(file != INVALID_HANDLE_VALUE);
    assert_true(WriteFile(file, data, strlen(data), &written, NULL));
    CloseHandle(file);
}

/* The file's content, NUL-terminated, in a static buffer. */
static const char *file_content(const char *path)
{
    static char content[4096];
    HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                              NULL, OPEN_EXISTING, 0, NULL);
    DWORD read;

    assert_true(file != INVALID_HANDLE_VALUE);
    assert_true(ReadFile(file, content, sizeof(content) - 1, &read, NULL));
    content[read] = 0;
    CloseHandle(file);
    return content;
}

static BOOL file_exists(const char *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

/* The stream's file name, from Stat, in ANSI. */
static void stat_name(IStream *stream, char *name)
{
    STATSTG stat;

    assert_hr_equal(S_OK, IStream_Stat(stream, &stat, STATFLAG_DEFAULT));
    assert_non_null(stat.pwcsName);
    WideCharToMultiByte(CP_ACP, 0, stat.pwcsName, -1, name, MAX_PATH, NULL, NULL);
    CoTaskMemFree(stat.pwcsName);
}

static void test_open_bad_parameters(void **state)
{
    char path[MAX_PATH];
    IStream *stream = (IStream *)0xdeadbeef;

    temp_name(path, "sof_bad.txt");
    write_file(path, "data");

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, open_stream(STGM_READ, path, NULL, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, OpenStreamOnFile(NULL, counting_free, STGM_READ, path, NULL, &stream));
    assert_null(stream);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, OpenStreamOnFile(counting_allocate, NULL, STGM_READ, path, NULL, &stream));
    /* Flags OpenStreamOnFile does not know, or that do not go together. */
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, open_stream(STGM_READ | STGM_TRANSACTED, path, NULL, &stream));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, open_stream(STGM_READ | STGM_CONVERT, path, NULL, &stream));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, open_stream(3, path, NULL, &stream));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, open_stream(STGM_CREATE | STGM_READ, path, NULL, &stream));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, open_stream(STGM_CREATE | STGM_WRITE, path, NULL, &stream));
    /* No name: created and deleted, or nothing. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, open_stream(STGM_READWRITE, NULL, NULL, &stream));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, open_stream(STGM_READWRITE | STGM_CREATE, NULL, NULL, &stream));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, open_stream(STGM_READWRITE | STGM_DELETEONRELEASE, NULL, NULL, &stream));
    assert_null(stream);
    /* The file was not touched by any of it. */
    assert_string_equal(file_content(path), "data");
    assert_int_equal(allocations, 0);
    DeleteFileA(path);
}

static void test_open_missing(void **state)
{
    char path[MAX_PATH];
    IStream *stream = (IStream *)0xdeadbeef;

    temp_name(path, "sof_no_such_file.txt");
    DeleteFileA(path);
    assert_hr_equal(MAPI_E_NOT_FOUND, open_stream(STGM_READ, path, NULL, &stream));
    assert_null(stream);
    assert_hr_equal(MAPI_E_NOT_FOUND, open_stream(STGM_READWRITE, path, NULL, &stream));
    assert_false(file_exists(path));

    temp_name(path, "sof_no_such_dir\\file.txt");
    assert_hr_equal(MAPI_E_NOT_FOUND, open_stream(STGM_READWRITE | STGM_CREATE, path, NULL, &stream));
    temp_name(path, "sof_no_such_dir");
    assert_hr_equal(MAPI_E_NOT_FOUND, open_stream(SOF_UNIQUEFILENAME | STGM_READWRITE | STGM_CREATE, path, NULL, &stream));
    assert_int_equal(allocations, 0);
}

static void test_open_read(void **state)
{
    char path[MAX_PATH], name[MAX_PATH], buffer[32];
    IStream *stream;
    ULARGE_INTEGER position;
    LARGE_INTEGER move;
    STATSTG stat;
    ULONG count;

    temp_name(path, "sof_read.txt");
    write_file(path, "0123456789");
    assert_hr_equal(S_OK, open_stream(STGM_READ, path, NULL, &stream));
    assert_int_equal(allocations, 1);

    assert_hr_equal(S_OK, IStream_Read(stream, buffer, 4, &count));
    assert_int_equal(count, 4);
    assert_memory_equal(buffer, "0123", 4);
    move.QuadPart = -3;
    assert_hr_equal(S_OK, IStream_Seek(stream, move, STREAM_SEEK_END, &position));
    assert_int_equal(position.QuadPart, 7);
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, sizeof(buffer), &count));
    assert_int_equal(count, 3);
    assert_memory_equal(buffer, "789", 3);
    /* At the end: nothing more, and no error. */
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, sizeof(buffer), &count));
    assert_int_equal(count, 0);
    move.QuadPart = -1;
    assert_hr_equal(STG_E_INVALIDFUNCTION, IStream_Seek(stream, move, STREAM_SEEK_SET, &position));

    /* Read-only. */
    assert_hr_equal(STG_E_ACCESSDENIED, IStream_Write(stream, "x", 1, &count));
    position.QuadPart = 2;
    assert_hr_equal(STG_E_ACCESSDENIED, IStream_SetSize(stream, position));

    assert_hr_equal(S_OK, IStream_Stat(stream, &stat, STATFLAG_NONAME));
    assert_null(stat.pwcsName);
    assert_int_equal(stat.type, STGTY_STREAM);
    assert_int_equal(stat.cbSize.QuadPart, 10);
    assert_int_equal(stat.grfMode, STGM_READ);
    stat_name(stream, name);
    assert_string_equal(_strlwr(name), _strlwr(path));

    assert_int_equal(IStream_Release(stream), 0);
    assert_int_equal(allocations, 0);
    assert_string_equal(file_content(path), "0123456789");
    DeleteFileA(path);
}

static void test_open_write(void **state)
{
    char path[MAX_PATH], buffer[32];
    IStream *stream, *copy;
    ULARGE_INTEGER size, read, written;
    LARGE_INTEGER move;
    HGLOBAL global;
    ULONG count;

    temp_name(path, "sof_write.txt");
    write_file(path, "0123456789");

    /* Read/write on an existing file keeps its content. */
    assert_hr_equal(S_OK, open_stream(STGM_READWRITE, path, NULL, &stream));
    move.QuadPart = 3;
    assert_hr_equal(S_OK, IStream_Seek(stream, move, STREAM_SEEK_SET, NULL));
    assert_hr_equal(S_OK, IStream_Write(stream, "abc", 3, &count));
    assert_int_equal(count, 3);
    move.QuadPart = 0;
    assert_hr_equal(S_OK, IStream_Seek(stream, move, STREAM_SEEK_SET, NULL));
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, 10, &count));
    assert_memory_equal(buffer, "012abc6789", 10);
    size.QuadPart = 8;
    assert_hr_equal(S_OK, IStream_SetSize(stream, size));
    assert_hr_equal(S_OK, IStream_Commit(stream, STGC_DEFAULT));
    assert_hr_equal(S_OK, IStream_Revert(stream));

    /* CopyTo from the current position, after a seek. */
    move.QuadPart = 1;
    assert_hr_equal(S_OK, IStream_Seek(stream, move, STREAM_SEEK_SET, NULL));
    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &copy));
    size.QuadPart = 100;
    assert_hr_equal(S_OK, IStream_CopyTo(stream, copy, size, &read, &written));
    assert_int_equal(read.QuadPart, 7);
    assert_int_equal(written.QuadPart, 7);
    assert_hr_equal(S_OK, GetHGlobalFromStream(copy, &global));
    assert_memory_equal(GlobalLock(global), "12abc67", 7);
    GlobalUnlock(global);
    IStream_Release(copy);

    IStream_Release(stream);
    assert_string_equal(file_content(path), "012abc67");

    /* Write-only: no reading. */
    assert_hr_equal(S_OK, open_stream(STGM_WRITE, path, NULL, &stream));
    assert_hr_equal(STG_E_ACCESSDENIED, IStream_Read(stream, buffer, 1, &count));
    assert_hr_equal(S_OK, IStream_Write(stream, "W", 1, &count));
    IStream_Release(stream);
    assert_string_equal(file_content(path), "W12abc67");

    /* STGM_CREATE: a new file, or the old one emptied. */
    assert_hr_equal(S_OK, open_stream(STGM_READWRITE | STGM_CREATE, path, NULL, &stream));
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, sizeof(buffer), &count));
    assert_int_equal(count, 0);
    assert_hr_equal(S_OK, IStream_Write(stream, "new", 3, &count));
    IStream_Release(stream);
    assert_string_equal(file_content(path), "new");
    DeleteFileA(path);
    assert_hr_equal(S_OK, open_stream(STGM_READWRITE | STGM_CREATE, path, NULL, &stream));
    assert_true(file_exists(path));
    IStream_Release(stream);
    assert_string_equal(file_content(path), "");
    DeleteFileA(path);
    assert_int_equal(allocations, 0);
}

static void test_open_delete_on_release(void **state)
{
    char path[MAX_PATH], buffer[8];
    IStream *stream, *clone;
    ULONG count;

    temp_name(path, "sof_delete.txt");
    write_file(path, "gone");
    assert_hr_equal(S_OK, open_stream(STGM_READ | STGM_DELETEONRELEASE, path, NULL, &stream));
    assert_true(file_exists(path));
    IStream_Release(stream);
    assert_false(file_exists(path));

    /* A clone has its own position and keeps the file until it goes too. */
    assert_hr_equal(S_OK, open_stream(STGM_READWRITE | STGM_CREATE | STGM_DELETEONRELEASE, path, NULL, &stream));
    assert_hr_equal(S_OK, IStream_Write(stream, "abcdef", 6, &count));
    assert_hr_equal(S_OK, IStream_Clone(stream, &clone));
    assert_int_equal(allocations, 2);
    IStream_Release(stream);
    assert_hr_equal(S_OK, IStream_Read(clone, buffer, sizeof(buffer), &count));
    assert_int_equal(count, 0);
    {
        LARGE_INTEGER move;
        move.QuadPart = 2;
        assert_hr_equal(S_OK, IStream_Seek(clone, move, STREAM_SEEK_SET, NULL));
    }
    assert_hr_equal(S_OK, IStream_Read(clone, buffer, sizeof(buffer), &count));
    assert_int_equal(count, 4);
    assert_memory_equal(buffer, "cdef", 4);
    IStream_Release(clone);
    assert_false(file_exists(path));
    assert_int_equal(allocations, 0);
}

static void test_open_unique(void **state)
{
    char dir[MAX_PATH], name[MAX_PATH], other[MAX_PATH], *file;
    IStream *stream, *second;
    ULONG count;

    temp_name(dir, "sof_unique");
    CreateDirectoryA(dir, NULL);

    assert_hr_equal(S_OK, open_stream(SOF_UNIQUEFILENAME | STGM_READWRITE | STGM_CREATE | STGM_DELETEONRELEASE,
                                      dir, "abc", &stream));
    stat_name(stream, name);
    _strlwr(name);
    file = strrchr(name, '\\');
    assert_non_null(file);
    *file++ = 0;
    assert_string_equal(name, _strlwr(dir));
    assert_memory_equal(file, "abc", 3);
    assert_string_equal(file + strlen(file) - 4, ".tmp");
    file[-1] = '\\';
    assert_true(file_exists(name));
    assert_hr_equal(S_OK, IStream_Write(stream, "temp", 4, &count));

    /* Another is another file; a longer prefix gives its first three characters. */
    assert_hr_equal(S_OK, open_stream(SOF_UNIQUEFILENAME | STGM_READWRITE | STGM_CREATE,
                                      dir, "xyzzy", &second));
    stat_name(second, other);
    _strlwr(other);
    assert_string_not_equal(other, name);
    file = strrchr(other, '\\') + 1;
    assert_memory_equal(file, "xyz", 3);
    assert_int_not_equal(file[3], 'z');
    IStream_Release(second);
    /* Without STGM_DELETEONRELEASE it stays. */
    assert_true(file_exists(other));
    DeleteFileA(other);

    IStream_Release(stream);
    assert_false(file_exists(name));

    /* No prefix: "SOF". No directory: the temporary one. */
    assert_hr_equal(S_OK, open_stream(SOF_UNIQUEFILENAME | STGM_READWRITE | STGM_CREATE | STGM_DELETEONRELEASE,
                                      dir, NULL, &stream));
    stat_name(stream, name);
    assert_memory_equal(_strlwr(strrchr(name, '\\') + 1), "sof", 3);
    IStream_Release(stream);
    assert_false(file_exists(name));

    assert_hr_equal(S_OK, open_stream(STGM_READWRITE | STGM_CREATE | STGM_DELETEONRELEASE, NULL, "tst", &stream));
    stat_name(stream, name);
    _strlwr(name);
    assert_memory_equal(name, _strlwr(temp_dir), strlen(temp_dir));
    assert_memory_equal(strrchr(name, '\\') + 1, "tst", 3);
    assert_true(file_exists(name));
    IStream_Release(stream);
    assert_false(file_exists(name));

    /* A unique file is new and writable, whatever access was asked. */
    assert_hr_equal(S_OK, open_stream(SOF_UNIQUEFILENAME | STGM_READ | STGM_DELETEONRELEASE, dir, NULL, &stream));
    assert_hr_equal(S_OK, IStream_Write(stream, "x", 1, &count));
    assert_int_equal(count, 1);
    stat_name(stream, name);
    IStream_Release(stream);
    assert_false(file_exists(name));

    assert_true(RemoveDirectoryA(dir));
    assert_int_equal(allocations, 0);
}

static void test_open_sharing(void **state)
{
    char path[MAX_PATH];
    IStream *stream, *second;
    HANDLE file;

    temp_name(path, "sof_share.txt");
    write_file(path, "shared");

    assert_hr_equal(S_OK, open_stream(STGM_READWRITE | STGM_SHARE_EXCLUSIVE, path, NULL, &stream));
    file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    assert_true(file == INVALID_HANDLE_VALUE);
    assert_int_equal(GetLastError(), ERROR_SHARING_VIOLATION);
    assert_hr_equal(MAPI_E_NO_ACCESS, open_stream(STGM_READ, path, NULL, &second));
    IStream_Release(stream);

    /* Deny write: others may read, not write. */
    assert_hr_equal(S_OK, open_stream(STGM_READ | STGM_SHARE_DENY_WRITE, path, NULL, &stream));
    assert_hr_equal(S_OK, open_stream(STGM_READ | STGM_SHARE_DENY_NONE, path, NULL, &second));
    IStream_Release(second);
    assert_hr_equal(MAPI_E_NO_ACCESS, open_stream(STGM_READWRITE, path, NULL, &second));
    IStream_Release(stream);

    /* Deny read. */
    assert_hr_equal(S_OK, open_stream(STGM_WRITE | STGM_SHARE_DENY_READ, path, NULL, &stream));
    assert_hr_equal(MAPI_E_NO_ACCESS, open_stream(STGM_READ, path, NULL, &second));
    IStream_Release(stream);

    DeleteFileA(path);

    /* A directory is no file. */
    strcpy(path, temp_dir);
    path[strlen(path) - 1] = 0;
    assert_hr_equal(MAPI_E_NO_ACCESS, open_stream(STGM_READ, path, NULL, &stream));
    assert_int_equal(allocations, 0);
}

static void test_open_locks(void **state)
{
    char path[MAX_PATH];
    IStream *stream, *clone;
    ULARGE_INTEGER offset, size;
    STATSTG stat;

    temp_name(path, "sof_lock.txt");
    write_file(path, "0123456789");
    assert_hr_equal(S_OK, open_stream(STGM_READWRITE, path, NULL, &stream));
    assert_hr_equal(S_OK, IStream_Stat(stream, &stat, STATFLAG_NONAME));
    assert_int_equal(stat.grfLocksSupported, LOCK_WRITE | LOCK_EXCLUSIVE);

    offset.QuadPart = 2;
    size.QuadPart = 4;
    assert_hr_equal(STG_E_INVALIDFUNCTION, IStream_LockRegion(stream, offset, size, LOCK_ONLYONCE));
    assert_hr_equal(S_OK, IStream_LockRegion(stream, offset, size, LOCK_WRITE));
    /* The lock holds against another handle on the file, even one of ours. */
    assert_hr_equal(S_OK, IStream_Clone(stream, &clone));
    assert_hr_equal(STG_E_LOCKVIOLATION, IStream_LockRegion(stream, offset, size, LOCK_EXCLUSIVE));
    assert_hr_equal(S_OK, IStream_UnlockRegion(stream, offset, size, LOCK_WRITE));
    assert_hr_equal(STG_E_LOCKVIOLATION, IStream_UnlockRegion(stream, offset, size, LOCK_WRITE));
    assert_hr_equal(S_OK, IStream_LockRegion(clone, offset, size, LOCK_EXCLUSIVE));
    assert_hr_equal(S_OK, IStream_UnlockRegion(clone, offset, size, LOCK_EXCLUSIVE));
    IStream_Release(clone);
    IStream_Release(stream);
    DeleteFileA(path);
}

/* A storage with one stream holding text. */
static void fill_storage(IStorage *storage, const char *text)
{
    static const WCHAR name[] = {'d','a','t','a',0};
    IStream *stream;
    ULONG count;

    assert_hr_equal(S_OK, IStorage_CreateStream(storage, name, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE,
                                                0, 0, &stream));
    assert_hr_equal(S_OK, IStream_Write(stream, text, strlen(text), &count));
    IStream_Release(stream);
    assert_hr_equal(S_OK, IStorage_Commit(storage, STGC_DEFAULT));
}

static void check_storage(IStorage *storage, const char *text)
{
    static const WCHAR name[] = {'d','a','t','a',0};
    IStream *stream;
    char buffer[64];
    ULONG count;

    assert_hr_equal(S_OK, IStorage_OpenStream(storage, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream));
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, sizeof(buffer), &count));
    assert_int_equal(count, strlen(text));
    assert_memory_equal(buffer, text, count);
    IStream_Release(stream);
}

static void test_storage_on_stream(void **state)
{
    static const WCHAR other[] = {'o','t','h','e','r',0};
    IStorage *storage = (IStorage *)0xdeadbeef;
    IStream *stream, *sub;
    LARGE_INTEGER zero;

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));

    /* Nothing there yet: a storage can only be created. */
    assert_true(FAILED(HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_RESET, &storage)));
    assert_null(storage);

    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_CREATE | STGSTRM_MODIFY, &storage));
    fill_storage(storage, "hello storage");
    assert_int_equal(IStorage_Release(storage), 0);

    /* STGSTRM_RESET: read-only, from the start, wherever the stream stands. */
    zero.QuadPart = 0;
    assert_hr_equal(S_OK, IStream_Seek(stream, zero, STREAM_SEEK_END, NULL));
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_RESET, &storage));
    check_storage(storage, "hello storage");
    assert_hr_equal(STG_E_ACCESSDENIED, IStorage_CreateStream(storage, other, STGM_CREATE | STGM_READWRITE |
                                                              STGM_SHARE_EXCLUSIVE, 0, 0, &sub));
    IStorage_Release(storage);

    /* NULL is IID_IStream; STGSTRM_MODIFY writes. */
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_MODIFY, &storage));
    check_storage(storage, "hello storage");
    fill_storage(storage, "changed");
    IStorage_Release(storage);
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, NULL, 0, &storage));
    check_storage(storage, "changed");
    IStorage_Release(storage);

    /* STGSTRM_CREATE replaces what was there. */
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, NULL, STGSTRM_CREATE, &storage));
    assert_hr_equal(STG_E_FILENOTFOUND, IStorage_OpenStream(storage, L"data", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE,
                                                            0, &sub));
    IStorage_Release(storage);

    /* The storage held the stream as long as it needed it. */
    assert_int_equal(IStream_Release(stream), 0);
}

static void test_storage_at_current_position(void **state)
{
    IStorage *storage;
    IStream *stream;
    LARGE_INTEGER move;
    ULARGE_INTEGER position;
    BYTE prefix[300], buffer[300];
    ULONG count;

    memset(prefix, 0x5a, sizeof(prefix));
    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(S_OK, IStream_Write(stream, prefix, sizeof(prefix), &count));

    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, &IID_IStream,
                                               STGSTRM_CURRENT | STGSTRM_CREATE | STGSTRM_MODIFY, &storage));
    fill_storage(storage, "after the prefix");
    IStorage_Release(storage);

    /* What came before the storage is untouched. */
    move.QuadPart = 0;
    assert_hr_equal(S_OK, IStream_Seek(stream, move, STREAM_SEEK_SET, NULL));
    assert_hr_equal(S_OK, IStream_Read(stream, buffer, sizeof(buffer), &count));
    assert_memory_equal(buffer, prefix, sizeof(prefix));

    /* From the start it is no storage; from 300 on it is. */
    assert_true(FAILED(HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_RESET, &storage)));
    move.QuadPart = 300;
    assert_hr_equal(S_OK, IStream_Seek(stream, move, STREAM_SEEK_SET, &position));
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_CURRENT, &storage));
    check_storage(storage, "after the prefix");
    IStorage_Release(storage);
    IStream_Release(stream);
}

static void test_storage_on_lockbytes(void **state)
{
    IStorage *storage;
    ILockBytes *bytes;

    assert_hr_equal(S_OK, CreateILockBytesOnHGlobal(NULL, TRUE, &bytes));
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)bytes, &IID_ILockBytes, STGSTRM_CREATE | STGSTRM_MODIFY, &storage));
    fill_storage(storage, "on lock bytes");
    IStorage_Release(storage);

    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)bytes, &IID_ILockBytes, STGSTRM_RESET, &storage));
    check_storage(storage, "on lock bytes");
    IStorage_Release(storage);

    /* An ILockBytes is no IStream. */
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, HrIStorageFromStream((IUnknown *)bytes, &IID_IStream, 0, &storage));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, HrIStorageFromStream((IUnknown *)bytes, NULL, 0, &storage));
    assert_int_equal(ILockBytes_Release(bytes), 0);
}

/* Both together: a compound file in a temporary file. */
static void test_storage_on_file(void **state)
{
    char name[MAX_PATH];
    IStorage *storage;
    IStream *stream;

    assert_hr_equal(S_OK, open_stream(SOF_UNIQUEFILENAME | STGM_READWRITE | STGM_CREATE | STGM_DELETEONRELEASE,
                                      temp_dir, "stg", &stream));
    stat_name(stream, name);
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_CREATE | STGSTRM_MODIFY, &storage));
    fill_storage(storage, "in a file");
    IStorage_Release(storage);
    assert_hr_equal(S_OK, HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_RESET, &storage));
    check_storage(storage, "in a file");
    IStorage_Release(storage);
    IStream_Release(stream);
    assert_false(file_exists(name));
    assert_int_equal(allocations, 0);
}

static void test_storage_bad_parameters(void **state)
{
    IStorage *storage = (IStorage *)0xdeadbeef;
    IStream *stream;

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrIStorageFromStream(NULL, &IID_IStream, STGSTRM_CREATE, &storage));
    assert_null(storage);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrIStorageFromStream((IUnknown *)stream, &IID_IStream, STGSTRM_CREATE, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, HrIStorageFromStream((IUnknown *)stream, &IID_IStream, 0x4, &storage));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, HrIStorageFromStream((IUnknown *)stream, &IID_IStorage,
                                                                         STGSTRM_CREATE, &storage));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, HrIStorageFromStream((IUnknown *)stream, &IID_IUnknown,
                                                                         STGSTRM_CREATE, &storage));
    assert_null(storage);
    assert_int_equal(IStream_Release(stream), 0);
}

static int setup(void **state)
{
    if (!GetTempPathA(sizeof(temp_dir), temp_dir)) return -1;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_open_bad_parameters),
        cmocka_unit_test(test_open_missing),
        cmocka_unit_test(test_open_read),
        cmocka_unit_test(test_open_write),
        cmocka_unit_test(test_open_delete_on_release),
        cmocka_unit_test(test_open_unique),
        cmocka_unit_test(test_open_sharing),
        cmocka_unit_test(test_open_locks),
        cmocka_unit_test(test_storage_on_stream),
        cmocka_unit_test(test_storage_at_current_position),
        cmocka_unit_test(test_storage_on_lockbytes),
        cmocka_unit_test(test_storage_on_file),
        cmocka_unit_test(test_storage_bad_parameters),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
