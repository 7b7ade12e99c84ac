/*
 * OpenStreamOnFile: an IStream on a file; HrIStorageFromStream: an IStorage
 * on an IStream (through an ILockBytes) or on an ILockBytes.
 */

#define COBJMACROS

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* A stream on a file handle. Every read and write names its offset, so that
 * clones, which share the file, keep their own positions. The object comes
 * from the caller's allocator, as OpenStreamOnFile's parameters ask. */
struct file_stream
{
    IStream IStream_iface;
    LONG ref;
    HANDLE file;
    ULARGE_INTEGER position;
    DWORD mode;                 /* the STGM_ flags it was opened with */
    LPALLOCATEBUFFER allocate;
    LPFREEBUFFER free_buffer;
    WCHAR path[1];
};

static inline struct file_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct file_stream, IStream_iface);
}

static BOOL can_read(const struct file_stream *stream)
{
    return (stream->mode & 3) != STGM_WRITE;
}

static BOOL can_write(const struct file_stream *stream)
{
    return (stream->mode & 3) != STGM_READ;
}

static void set_offset(OVERLAPPED *overlapped, ULONGLONG offset)
{
    memset(overlapped, 0, sizeof(*overlapped));
    overlapped->Offset = (DWORD)offset;
    overlapped->OffsetHigh = (DWORD)(offset >> 32);
}

static HRESULT stg_error(DWORD error, HRESULT fallback)
{
    switch (error)
    {
    case ERROR_ACCESS_DENIED:
    case ERROR_WRITE_PROTECT:   return STG_E_ACCESSDENIED;
    case ERROR_LOCK_VIOLATION:  return STG_E_LOCKVIOLATION;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL: return STG_E_MEDIUMFULL;
    default:                    return fallback;
    }
}

static HRESULT file_stream_create(HANDLE file, DWORD mode, const WCHAR *path, ULARGE_INTEGER position,
                                  LPALLOCATEBUFFER allocate, LPFREEBUFFER free_buffer, IStream **out);

static const IStreamVtbl file_stream_vtbl;

static HRESULT WINAPI file_stream_QueryInterface(IStream *iface, REFIID riid, void **obj)
{
    struct file_stream *stream = impl_from_IStream(iface);

    TRACE("(%p,%s,%p)\n", stream, debugstr_guid(riid), obj);

    if (!obj) return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ISequentialStream) ||
        IsEqualIID(riid, &IID_IStream))
    {
        *obj = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI file_stream_AddRef(IStream *iface)
{
    struct file_stream *stream = impl_from_IStream(iface);
    ULONG ref = InterlockedIncrement(&stream->ref);

    TRACE("(%p) ref %lu\n", stream, ref);
    return ref;
}

static ULONG WINAPI file_stream_Release(IStream *iface)
{
    struct file_stream *stream = impl_from_IStream(iface);
    ULONG ref = InterlockedDecrement(&stream->ref);

    TRACE("(%p) ref %lu\n", stream, ref);

    if (!ref)
    {
        /* STGM_DELETEONRELEASE files were opened to go with their last handle. */
        CloseHandle(stream->file);
        stream->free_buffer(stream);
    }
    return ref;
}

static HRESULT WINAPI file_stream_Read(IStream *iface, void *buffer, ULONG size, ULONG *read)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;
    DWORD count = 0;

    TRACE("(%p,%p,%lu,%p)\n", stream, buffer, size, read);

    if (read) *read = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if (!can_read(stream)) return STG_E_ACCESSDENIED;

    set_offset(&overlapped, stream->position.QuadPart);
    if (!ReadFile(stream->file, buffer, size, &count, &overlapped) && GetLastError() != ERROR_HANDLE_EOF)
        return stg_error(GetLastError(), STG_E_READFAULT);
    stream->position.QuadPart += count;
    if (read) *read = count;
    return S_OK;
}

static HRESULT WINAPI file_stream_Write(IStream *iface, const void *buffer, ULONG size, ULONG *written)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;
    DWORD count = 0;

    TRACE("(%p,%p,%lu,%p)\n", stream, buffer, size, written);

    if (written) *written = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if (!can_write(stream)) return STG_E_ACCESSDENIED;

    set_offset(&overlapped, stream->position.QuadPart);
    if (!WriteFile(stream->file, buffer, size, &count, &overlapped))
        return stg_error(GetLastError(), STG_E_WRITEFAULT);
    stream->position.QuadPart += count;
    if (written) *written = count;
    return S_OK;
}

static HRESULT WINAPI file_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *new_position)
{
    struct file_stream *stream = impl_from_IStream(iface);
    LARGE_INTEGER base;

    TRACE("(%p,%s,%lu,%p)\n", stream, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    switch (origin)
    {
    case STREAM_SEEK_SET: base.QuadPart = 0; break;
    case STREAM_SEEK_CUR: base.QuadPart = stream->position.QuadPart; break;
    case STREAM_SEEK_END:
        if (!GetFileSizeEx(stream->file, &base)) return stg_error(GetLastError(), STG_E_SEEKERROR);
        break;
    default: return STG_E_INVALIDFUNCTION;
    }
    if (move.QuadPart < -base.QuadPart) return STG_E_INVALIDFUNCTION;

    stream->position.QuadPart = base.QuadPart + move.QuadPart;
    if (new_position) *new_position = stream->position;
    return S_OK;
}

static HRESULT WINAPI file_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct file_stream *stream = impl_from_IStream(iface);
    FILE_END_OF_FILE_INFO end;

    TRACE("(%p,%s)\n", stream, wine_dbgstr_longlong(size.QuadPart));

    if (!can_write(stream)) return STG_E_ACCESSDENIED;
    end.EndOfFile.QuadPart = size.QuadPart;
    if (!SetFileInformationByHandle(stream->file, FileEndOfFileInfo, &end, sizeof(end)))
        return stg_error(GetLastError(), STG_E_WRITEFAULT);
    return S_OK;
}

static HRESULT WINAPI file_stream_CopyTo(IStream *iface, IStream *target, ULARGE_INTEGER size,
                                         ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    struct file_stream *stream = impl_from_IStream(iface);
    ULARGE_INTEGER total_read, total_written;
    HRESULT hr = S_OK;
    BYTE *buffer;

    TRACE("(%p,%p,%s,%p,%p)\n", stream, target, wine_dbgstr_longlong(size.QuadPart), read, written);

    if (read) read->QuadPart = 0;
    if (written) written->QuadPart = 0;
    if (!target) return STG_E_INVALIDPOINTER;
    if (!(buffer = HeapAlloc(GetProcessHeap(), 0, 0x10000))) return STG_E_INSUFFICIENTMEMORY;

    total_read.QuadPart = total_written.QuadPart = 0;
    while (total_read.QuadPart < size.QuadPart)
    {
        ULONG chunk = min(size.QuadPart - total_read.QuadPart, 0x10000), count, done;

        if (FAILED(hr = IStream_Read(iface, buffer, chunk, &count)) || !count) break;
        total_read.QuadPart += count;
        hr = IStream_Write(target, buffer, count, &done);
        total_written.QuadPart += done;
        if (FAILED(hr)) break;
        if (done < count)
        {
            hr = STG_E_MEDIUMFULL;
            break;
        }
    }
    HeapFree(GetProcessHeap(), 0, buffer);
    if (read) *read = total_read;
    if (written) *written = total_written;
    return hr;
}

static HRESULT WINAPI file_stream_Commit(IStream *iface, DWORD flags)
{
    TRACE("(%p,%#lx)\n", iface, flags);
    /* Direct mode: everything is in the file already. */
    return S_OK;
}

static HRESULT WINAPI file_stream_Revert(IStream *iface)
{
    TRACE("(%p)\n", iface);
    return S_OK;
}

static HRESULT WINAPI file_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;

    TRACE("(%p,%s,%s,%lu)\n", stream, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart), type);

    if (type != LOCK_WRITE && type != LOCK_EXCLUSIVE) return STG_E_INVALIDFUNCTION;
    set_offset(&overlapped, offset.QuadPart);
    if (!LockFileEx(stream->file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0,
                    size.u.LowPart, size.u.HighPart, &overlapped))
        return STG_E_LOCKVIOLATION;
    return S_OK;
}

static HRESULT WINAPI file_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    struct file_stream *stream = impl_from_IStream(iface);
    OVERLAPPED overlapped;

    TRACE("(%p,%s,%s,%lu)\n", stream, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart), type);

    if (type != LOCK_WRITE && type != LOCK_EXCLUSIVE) return STG_E_INVALIDFUNCTION;
    set_offset(&overlapped, offset.QuadPart);
    if (!UnlockFileEx(stream->file, 0, size.u.LowPart, size.u.HighPart, &overlapped))
        return STG_E_LOCKVIOLATION;
    return S_OK;
}

static HRESULT WINAPI file_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct file_stream *stream = impl_from_IStream(iface);
    LARGE_INTEGER size;

    TRACE("(%p,%p,%#lx)\n", stream, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags & ~STATFLAG_NONAME) return STG_E_INVALIDFLAG;
    memset(stat, 0, sizeof(*stat));
    if (!GetFileSizeEx(stream->file, &size)) return stg_error(GetLastError(), STG_E_ACCESSDENIED);
    if (!(flags & STATFLAG_NONAME))
    {
        SIZE_T bytes = (lstrlenW(stream->path) + 1) * sizeof(WCHAR);

        if (!(stat->pwcsName = CoTaskMemAlloc(bytes))) return STG_E_INSUFFICIENTMEMORY;
        memcpy(stat->pwcsName, stream->path, bytes);
    }
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = size.QuadPart;
    GetFileTime(stream->file, &stat->ctime, &stat->atime, &stat->mtime);
    stat->grfMode = stream->mode;
    stat->grfLocksSupported = LOCK_WRITE | LOCK_EXCLUSIVE;
    return S_OK;
}

static HRESULT WINAPI file_stream_Clone(IStream *iface, IStream **clone)
{
    struct file_stream *stream = impl_from_IStream(iface);
    HANDLE file;
    HRESULT hr;

    TRACE("(%p,%p)\n", stream, clone);

    if (!clone) return STG_E_INVALIDPOINTER;
    *clone = NULL;
    if (!DuplicateHandle(GetCurrentProcess(), stream->file, GetCurrentProcess(), &file, 0, FALSE, DUPLICATE_SAME_ACCESS))
        return STG_E_INSUFFICIENTMEMORY;
    if (FAILED(hr = file_stream_create(file, stream->mode, stream->path, stream->position,
                                       stream->allocate, stream->free_buffer, clone)))
    {
        CloseHandle(file);
        return STG_E_INSUFFICIENTMEMORY;
    }
    return S_OK;
}

static const IStreamVtbl file_stream_vtbl =
{
    file_stream_QueryInterface,
    file_stream_AddRef,
    file_stream_Release,
    file_stream_Read,
    file_stream_Write,
    file_stream_Seek,
    file_stream_SetSize,
    file_stream_CopyTo,
    file_stream_Commit,
    file_stream_Revert,
    file_stream_LockRegion,
    file_stream_UnlockRegion,
    file_stream_Stat,
    file_stream_Clone,
};

static HRESULT file_stream_create(HANDLE file, DWORD mode, const WCHAR *path, ULARGE_INTEGER position,
                                  LPALLOCATEBUFFER allocate, LPFREEBUFFER free_buffer, IStream **out)
{
    ULONG size = FIELD_OFFSET(struct file_stream, path[0]) + (lstrlenW(path) + 1) * sizeof(WCHAR);
    struct file_stream *stream;

    if (FAILED(allocate(size, (void **)&stream)) || !stream) return MAPI_E_NOT_ENOUGH_MEMORY;
    stream->IStream_iface.lpVtbl = &file_stream_vtbl;
    stream->ref = 1;
    stream->file = file;
    stream->position = position;
    stream->mode = mode;
    stream->allocate = allocate;
    stream->free_buffer = free_buffer;
    lstrcpyW(stream->path, path);
    *out = &stream->IStream_iface;
    return S_OK;
}

static HRESULT mapi_file_error(DWORD error)
{
    switch (error)
    {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_BAD_NETPATH:
    case ERROR_INVALID_DRIVE:
    case ERROR_DIRECTORY:
        return MAPI_E_NOT_FOUND;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_WRITE_PROTECT:
        return MAPI_E_NO_ACCESS;
    case ERROR_INVALID_NAME:
    case ERROR_FILENAME_EXCED_RANGE:
        return MAPI_E_INVALID_PARAMETER;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return MAPI_E_NOT_ENOUGH_MEMORY;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return MAPI_E_DISK_ERROR;
    default:
        WARN("error %lu\n", error);
        return MAPI_E_CALL_FAILED;
    }
}

static WCHAR *ansi_to_wide(const char *str)
{
    int length = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    WCHAR *wide;

    if (!length || !(wide = HeapAlloc(GetProcessHeap(), 0, length * sizeof(WCHAR)))) return NULL;
    MultiByteToWideChar(CP_ACP, 0, str, -1, wide, length);
    return wide;
}

/* Makes <prefix>XXXX.TMP in directory (the temporary directory if NULL); returns its name. */
static HRESULT create_unique_file(const char *directory, const char *prefix, WCHAR **path)
{
    char temp_directory[MAX_PATH], name[MAX_PATH];

    if (!directory)
    {
        if (!GetTempPathA(sizeof(temp_directory), temp_directory)) return mapi_file_error(GetLastError());
        directory = temp_directory;
    }
    /* Only the first three characters of the prefix are used. */
    if (!GetTempFileNameA(directory, prefix ? prefix : "SOF", 0, name))
        return mapi_file_error(GetLastError());
    if (!(*path = ansi_to_wide(name)))
    {
        DeleteFileA(name);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

#define SOF_KNOWN_FLAGS (SOF_UNIQUEFILENAME | STGM_READ | STGM_WRITE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE | \
                         STGM_SHARE_DENY_WRITE | STGM_SHARE_DENY_READ | STGM_SHARE_DENY_NONE | STGM_CREATE | \
                         STGM_DELETEONRELEASE)

static DWORD share_from_mode(DWORD mode)
{
    switch (mode & 0x70)
    {
    case STGM_SHARE_EXCLUSIVE:  return 0;
    case STGM_SHARE_DENY_WRITE: return FILE_SHARE_READ;
    case STGM_SHARE_DENY_READ:  return FILE_SHARE_WRITE;
    default:                    return FILE_SHARE_READ | FILE_SHARE_WRITE;
    }
}

/**************************************************************************
 *  OpenStreamOnFile@24 (MAPI32.147)
 *
 * Opens or creates a file and gives an IStream on it.
 *
 * PARAMS
 *  allocate    [I] MAPIAllocateBuffer or the like: allocates the stream object.
 *  free_buffer [I] MAPIFreeBuffer or the like: frees it.
 *  flags       [I] STGM_READ, STGM_WRITE or STGM_READWRITE, STGM_SHARE_*,
 *                  STGM_CREATE, STGM_DELETEONRELEASE, SOF_UNIQUEFILENAME.
 *  file_name   [I] ANSI path of the file, or with SOF_UNIQUEFILENAME the directory
 *                  of the new file; NULL for a new file in the temporary directory.
 *  prefix      [I] With SOF_UNIQUEFILENAME, up to 3 characters to start the file
 *                  name with; "SOF" if NULL.
 *  stream      [O] Receives the stream.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers or flags that do not go
 *           together, MAPI_E_UNKNOWN_FLAGS, MAPI_E_NOT_FOUND if the file or
 *           directory does not exist, MAPI_E_NO_ACCESS if it cannot be opened
 *           as asked, MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  The strings are ANSI, as in Windows' mapi32 (OpenStreamOnFileW is Outlook's).
 *  STGM_CREATE needs STGM_READWRITE; a NULL file_name needs STGM_CREATE and
 *  STGM_DELETEONRELEASE. A unique file (SOF_UNIQUEFILENAME) is named
 *  <prefix>XXXX.TMP, is always new and opened for reading and writing, and is
 *  deleted with the stream only if STGM_DELETEONRELEASE is given: IStream::Stat
 *  tells its name. The stream is in direct mode: Commit and Revert do nothing.
 */
HRESULT WINAPI MAPI32_OpenStreamOnFile(LPALLOCATEBUFFER allocate, LPFREEBUFFER free_buffer, ULONG flags,
                                       LPSTR file_name, LPSTR prefix, LPSTREAM *stream)
{
    DWORD access, disposition, attributes = FILE_ATTRIBUTE_NORMAL, mode = flags & ~SOF_UNIQUEFILENAME;
    WCHAR *path = NULL, full_path[MAX_PATH], *name = full_path;
    ULARGE_INTEGER start;
    HANDLE file;
    HRESULT hr;

    TRACE("(%p,%p,%#lx,%s,%s,%p)\n", allocate, free_buffer, flags, debugstr_a(file_name), debugstr_a(prefix), stream);

    if (!stream) return MAPI_E_INVALID_PARAMETER;
    *stream = NULL;
    if (!allocate || !free_buffer) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~SOF_KNOWN_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags & ~SOF_KNOWN_FLAGS);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if ((flags & 3) == 3 || ((flags & STGM_CREATE) && (flags & 3) != STGM_READWRITE))
    {
        WARN("bad access flags %#lx\n", flags);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!file_name && (flags & (STGM_CREATE | STGM_DELETEONRELEASE)) != (STGM_CREATE | STGM_DELETEONRELEASE))
    {
        WARN("a temporary file must be created and deleted on release\n");
        return MAPI_E_INVALID_PARAMETER;
    }

    if ((flags & SOF_UNIQUEFILENAME) || !file_name)
    {
        if (FAILED(hr = create_unique_file(file_name, prefix, &path))) return hr;
        mode = (mode & ~3) | STGM_READWRITE | STGM_CREATE;
        attributes = FILE_ATTRIBUTE_TEMPORARY;
    }
    else if (!(path = ansi_to_wide(file_name))) return MAPI_E_NOT_ENOUGH_MEMORY;

    switch (mode & 3)
    {
    case STGM_WRITE:     access = GENERIC_WRITE; break;
    case STGM_READWRITE: access = GENERIC_READ | GENERIC_WRITE; break;
    default:             access = GENERIC_READ; break;
    }
    disposition = (mode & STGM_CREATE) ? CREATE_ALWAYS : OPEN_EXISTING;
    if (mode & STGM_DELETEONRELEASE) attributes |= FILE_FLAG_DELETE_ON_CLOSE;

    file = CreateFileW(path, access, share_from_mode(mode), NULL, disposition, attributes, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        hr = mapi_file_error(GetLastError());
        WARN("cannot open %s: %#lx\n", debugstr_w(path), hr);
        if (flags & SOF_UNIQUEFILENAME || !file_name) DeleteFileW(path);
        HeapFree(GetProcessHeap(), 0, path);
        return hr;
    }

    if (!GetFullPathNameW(path, ARRAY_SIZE(full_path), full_path, NULL)) name = path;
    start.QuadPart = 0;
    hr = file_stream_create(file, mode, name, start, allocate, free_buffer, stream);
    HeapFree(GetProcessHeap(), 0, path);
    if (FAILED(hr)) CloseHandle(file);
    return hr;
}

/* An ILockBytes on a stream, from some offset of it on. */
struct stream_lockbytes
{
    ILockBytes ILockBytes_iface;
    LONG ref;
    IStream *stream;
    ULARGE_INTEGER base;
};

static inline struct stream_lockbytes *impl_from_ILockBytes(ILockBytes *iface)
{
    return CONTAINING_RECORD(iface, struct stream_lockbytes, ILockBytes_iface);
}

static HRESULT seek_to(struct stream_lockbytes *lockbytes, ULARGE_INTEGER offset)
{
    LARGE_INTEGER position;

    position.QuadPart = lockbytes->base.QuadPart + offset.QuadPart;
    if (position.QuadPart < 0) return STG_E_INVALIDFUNCTION;
    return IStream_Seek(lockbytes->stream, position, STREAM_SEEK_SET, NULL);
}

static HRESULT WINAPI lockbytes_QueryInterface(ILockBytes *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

    if (!obj) return E_INVALIDARG;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_ILockBytes))
    {
        *obj = iface;
        ILockBytes_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI lockbytes_AddRef(ILockBytes *iface)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    ULONG ref = InterlockedIncrement(&lockbytes->ref);

    TRACE("(%p) ref %lu\n", lockbytes, ref);
    return ref;
}

static ULONG WINAPI lockbytes_Release(ILockBytes *iface)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    ULONG ref = InterlockedDecrement(&lockbytes->ref);

    TRACE("(%p) ref %lu\n", lockbytes, ref);

    if (!ref)
    {
        IStream_Release(lockbytes->stream);
        HeapFree(GetProcessHeap(), 0, lockbytes);
    }
    return ref;
}

static HRESULT WINAPI lockbytes_ReadAt(ILockBytes *iface, ULARGE_INTEGER offset, void *buffer, ULONG size, ULONG *read)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    ULONG done = 0, count;
    STATSTG stat;
    HRESULT hr;

    TRACE("(%p,%s,%p,%lu,%p)\n", lockbytes, wine_dbgstr_longlong(offset.QuadPart), buffer, size, read);

    if (read) *read = 0;
    /* Nothing is read past the end: Wine's stream on an HGLOBAL reads wild memory there. */
    if (SUCCEEDED(IStream_Stat(lockbytes->stream, &stat, STATFLAG_NONAME)) &&
        lockbytes->base.QuadPart + offset.QuadPart >= stat.cbSize.QuadPart)
        return S_OK;
    if (FAILED(hr = seek_to(lockbytes, offset))) return hr;
    /* A stream may give less than asked before its end. */
    while (done < size)
    {
        if (FAILED(hr = IStream_Read(lockbytes->stream, (BYTE *)buffer + done, size - done, &count))) return hr;
        if (!count) break;
        done += count;
    }
    if (read) *read = done;
    return S_OK;
}

static HRESULT WINAPI lockbytes_WriteAt(ILockBytes *iface, ULARGE_INTEGER offset, const void *buffer, ULONG size,
                                        ULONG *written)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    HRESULT hr;

    TRACE("(%p,%s,%p,%lu,%p)\n", lockbytes, wine_dbgstr_longlong(offset.QuadPart), buffer, size, written);

    if (written) *written = 0;
    if (FAILED(hr = seek_to(lockbytes, offset))) return hr;
    return IStream_Write(lockbytes->stream, buffer, size, written);
}

static HRESULT WINAPI lockbytes_Flush(ILockBytes *iface)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    HRESULT hr;

    TRACE("(%p)\n", lockbytes);

    hr = IStream_Commit(lockbytes->stream, STGC_DEFAULT);
    return hr == E_NOTIMPL || hr == STG_E_INVALIDFUNCTION ? S_OK : hr;
}

static HRESULT WINAPI lockbytes_SetSize(ILockBytes *iface, ULARGE_INTEGER size)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);

    TRACE("(%p,%s)\n", lockbytes, wine_dbgstr_longlong(size.QuadPart));

    size.QuadPart += lockbytes->base.QuadPart;
    return IStream_SetSize(lockbytes->stream, size);
}

static HRESULT WINAPI lockbytes_LockRegion(ILockBytes *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("(%p,%s,%s,%lu)\n", iface, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI lockbytes_UnlockRegion(ILockBytes *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("(%p,%s,%s,%lu)\n", iface, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI lockbytes_Stat(ILockBytes *iface, STATSTG *stat, DWORD flags)
{
    struct stream_lockbytes *lockbytes = impl_from_ILockBytes(iface);
    ULARGE_INTEGER end;
    LARGE_INTEGER zero;
    STATSTG stream_stat;
    HRESULT hr;

    TRACE("(%p,%p,%#lx)\n", lockbytes, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    memset(stat, 0, sizeof(*stat));
    if (SUCCEEDED(IStream_Stat(lockbytes->stream, &stream_stat, STATFLAG_NONAME)))
    {
        end = stream_stat.cbSize;
        stat->ctime = stream_stat.ctime;
        stat->mtime = stream_stat.mtime;
        stat->atime = stream_stat.atime;
    }
    else
    {
        /* Not every stream answers Stat; its end tells its size too. */
        zero.QuadPart = 0;
        if (FAILED(hr = IStream_Seek(lockbytes->stream, zero, STREAM_SEEK_END, &end))) return hr;
    }
    stat->type = STGTY_LOCKBYTES;
    stat->cbSize.QuadPart = end.QuadPart > lockbytes->base.QuadPart ? end.QuadPart - lockbytes->base.QuadPart : 0;
    return S_OK;
}

static const ILockBytesVtbl lockbytes_vtbl =
{
    lockbytes_QueryInterface,
    lockbytes_AddRef,
    lockbytes_Release,
    lockbytes_ReadAt,
    lockbytes_WriteAt,
    lockbytes_Flush,
    lockbytes_SetSize,
    lockbytes_LockRegion,
    lockbytes_UnlockRegion,
    lockbytes_Stat,
};

#define STGSTRM_KNOWN_FLAGS (STGSTRM_CURRENT | STGSTRM_MODIFY | STGSTRM_CREATE)

/**************************************************************************
 *  HrIStorageFromStream@16 (MAPI32.194)
 *
 * Layers an IStorage (a compound file) on a stream or an ILockBytes.
 *
 * PARAMS
 *  unk     [I] The stream or ILockBytes.
 *  iid     [I] IID_IStream (or NULL, the same) or IID_ILockBytes: what unk is.
 *  flags   [I] STGSTRM_RESET (0): read-only, from the start of the stream; or
 *              STGSTRM_CURRENT (from the stream's current position),
 *              STGSTRM_MODIFY (read/write), STGSTRM_CREATE (a new, empty storage).
 *  storage [O] Receives the storage.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers, MAPI_E_UNKNOWN_FLAGS,
 *           MAPI_E_INTERFACE_NOT_SUPPORTED for another iid or an object that is
 *           not what iid says, MAPI_E_CORRUPT_DATA for a damaged compound file
 *           (MAPI_E_NOT_ENOUGH_MEMORY for one too big to check), or the error
 *           of the structured storage, e.g. for data that is no compound file.
 *
 * NOTES
 *  The storage is in direct mode. STGSTRM_CREATE implies write access.
 *  An existing compound file is checked (every chain and the directory tree)
 *  before ole32 opens it.
 *  STGSTRM_CURRENT means nothing for an ILockBytes, which has no position.
 */
HRESULT WINAPI HrIStorageFromStream(LPUNKNOWN unk, LPCIID iid, ULONG flags, LPSTORAGE *storage)
{
    ILockBytes *bytes;
    DWORD mode;
    HRESULT hr;

    TRACE("(%p,%s,%#lx,%p)\n", unk, debugstr_guid(iid), flags, storage);

    if (!storage) return MAPI_E_INVALID_PARAMETER;
    *storage = NULL;
    if (!unk) return MAPI_E_INVALID_PARAMETER;
    if (flags & ~STGSTRM_KNOWN_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    if (!iid || IsEqualIID(iid, &IID_IStream))
    {
        struct stream_lockbytes *lockbytes;
        IStream *stream;

        if (FAILED(IUnknown_QueryInterface(unk, &IID_IStream, (void **)&stream)))
            return MAPI_E_INTERFACE_NOT_SUPPORTED;
        if (!(lockbytes = HeapAlloc(GetProcessHeap(), 0, sizeof(*lockbytes))))
        {
            IStream_Release(stream);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        lockbytes->ILockBytes_iface.lpVtbl = &lockbytes_vtbl;
        lockbytes->ref = 1;
        lockbytes->stream = stream;
        lockbytes->base.QuadPart = 0;
        if (flags & STGSTRM_CURRENT)
        {
            LARGE_INTEGER zero;

            zero.QuadPart = 0;
            if (FAILED(hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &lockbytes->base)))
            {
                ILockBytes_Release(&lockbytes->ILockBytes_iface);
                return hr;
            }
        }
        bytes = &lockbytes->ILockBytes_iface;
    }
    else if (IsEqualIID(iid, &IID_ILockBytes))
    {
        if (FAILED(IUnknown_QueryInterface(unk, &IID_ILockBytes, (void **)&bytes)))
            return MAPI_E_INTERFACE_NOT_SUPPORTED;
        if (flags & STGSTRM_CURRENT) WARN("an ILockBytes has no current position\n");
    }
    else
    {
        WARN("unsupported interface %s\n", debugstr_guid(iid));
        return MAPI_E_INTERFACE_NOT_SUPPORTED;
    }

    /* ole32 trusts the file's structure: a damaged one could make it spin. */
    if (!(flags & STGSTRM_CREATE) && FAILED(hr = mapi_check_compound_lockbytes(bytes)))
    {
        ILockBytes_Release(bytes);
        return hr;
    }
    mode = STGM_DIRECT | STGM_SHARE_EXCLUSIVE;
    if (flags & STGSTRM_CREATE)
        hr = StgCreateDocfileOnILockBytes(bytes, mode | STGM_READWRITE | STGM_CREATE, 0, storage);
    else
        hr = StgOpenStorageOnILockBytes(bytes, NULL, mode | ((flags & STGSTRM_MODIFY) ? STGM_READWRITE : STGM_READ),
                                        NULL, 0, storage);
    if (FAILED(hr))
    {
        WARN("no storage: %#lx\n", hr);
        *storage = NULL;
    }
    /* The storage keeps its own reference. */
    ILockBytes_Release(bytes);
    return hr;
}
