/*
 * IStream on one property of a store object (IMAPIProp::OpenProperty).
 *
 * The stream works on a copy of the value; Commit, or Release after a write,
 * puts the bytes back into the object, which keeps them until its own
 * SaveChanges. Strings are read and written without their terminator.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

struct prop_stream
{
    IStream IStream_iface;
    LONG ref;
    struct sqlms_object object;
    struct prop_object *owner;
    ULONG tag;
    BOOL writable;
    BOOL dirty;
    BYTE *data;
    ULONG size, capacity;
    ULONG pos;
};

static inline struct prop_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct prop_stream, IStream_iface);
}

static HRESULT stream_commit(struct prop_stream *stream)
{
    HRESULT hr;

    if (!stream->dirty) return S_OK;
    if (FAILED(hr = propobj_set_stream_value(stream->owner, stream->tag, stream->data, stream->size))) return hr;
    stream->dirty = FALSE;
    return S_OK;
}

static HRESULT WINAPI stream_QueryInterface(IStream *iface, REFIID riid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(riid), obj);

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

static ULONG WINAPI stream_AddRef(IStream *iface)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    return InterlockedIncrement(&stream->ref);
}

static ULONG WINAPI stream_Release(IStream *iface)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    ULONG ref = InterlockedDecrement(&stream->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        /* Programs commonly write and release without Commit: keep what they wrote. */
        struct sqlms_object *owner = stream->owner->object;

        if (stream->dirty && FAILED(stream_commit(stream))) WARN("written data lost\n");
        object_unregister(&stream->object);
        heap_free(stream->data);
        object_free(stream);
        object_release_internal(owner);
    }
    return ref;
}

static HRESULT WINAPI stream_Read(IStream *iface, void *buffer, ULONG size, ULONG *read)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    ULONG count;

    TRACE("(%p,%p,%lu,%p)\n", iface, buffer, size, read);

    if (!buffer && size) return STG_E_INVALIDPOINTER;
    count = stream->pos < stream->size ? min(size, stream->size - stream->pos) : 0;
    if (count) memcpy(buffer, stream->data + stream->pos, count);
    stream->pos += count;
    if (read) *read = count;
    return S_OK;
}

static HRESULT set_size(struct prop_stream *stream, ULONG size)
{
    if (size > stream->capacity)
    {
        ULONG capacity = max(size, min(stream->capacity * 2, ~0u - 1));
        BYTE *data = heap_realloc(stream->data, max(capacity, 64));

        if (!data) return STG_E_MEDIUMFULL;
        stream->data = data;
        stream->capacity = max(capacity, 64);
    }
    if (size > stream->size) memset(stream->data + stream->size, 0, size - stream->size);
    stream->size = size;
    return S_OK;
}

static HRESULT WINAPI stream_Write(IStream *iface, const void *buffer, ULONG size, ULONG *written)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("(%p,%p,%lu,%p)\n", iface, buffer, size, written);

    if (written) *written = 0;
    if (!stream->writable) return STG_E_ACCESSDENIED;
    if (!buffer && size) return STG_E_INVALIDPOINTER;
    if (size > ~0u - stream->pos) return STG_E_MEDIUMFULL;
    if (stream->pos + size > stream->size && FAILED(hr = set_size(stream, stream->pos + size))) return hr;
    if (size) memcpy(stream->data + stream->pos, buffer, size);
    stream->pos += size;
    stream->dirty = TRUE;
    if (written) *written = size;
    return S_OK;
}

static HRESULT WINAPI stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *new_pos)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    LONGLONG pos;

    TRACE("(%p,%s,%lu,%p)\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_pos);

    switch (origin)
    {
    case STREAM_SEEK_SET: pos = move.QuadPart; break;
    case STREAM_SEEK_CUR: pos = stream->pos + move.QuadPart; break;
    case STREAM_SEEK_END: pos = stream->size + move.QuadPart; break;
    default: return STG_E_INVALIDFUNCTION;
    }
    if (pos < 0 || pos > 0xffffffff) return STG_E_INVALIDFUNCTION;
    stream->pos = pos;
    if (new_pos) new_pos->QuadPart = pos;
    return S_OK;
}

static HRESULT WINAPI stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("(%p,%s)\n", iface, wine_dbgstr_longlong(size.QuadPart));

    if (!stream->writable) return STG_E_ACCESSDENIED;
    if (size.QuadPart > 0xfffffffe) return STG_E_MEDIUMFULL;
    if (FAILED(hr = set_size(stream, size.QuadPart))) return hr;
    stream->dirty = TRUE;
    return S_OK;
}

static HRESULT WINAPI stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size, ULARGE_INTEGER *read,
                                    ULARGE_INTEGER *written)
{
    struct prop_stream *stream = impl_from_IStream(iface);
    ULONG count, done = 0;
    HRESULT hr;

    TRACE("(%p,%p,%s,%p,%p)\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read, written);

    if (!dest) return STG_E_INVALIDPOINTER;
    count = stream->pos < stream->size ? (ULONG)min(size.QuadPart, (ULONGLONG)(stream->size - stream->pos)) : 0;
    hr = count ? IStream_Write(dest, stream->data + stream->pos, count, &done) : S_OK;
    stream->pos += count;
    if (read) read->QuadPart = count;
    if (written) written->QuadPart = done;
    return hr;
}

static HRESULT WINAPI stream_Commit(IStream *iface, DWORD flags)
{
    struct prop_stream *stream = impl_from_IStream(iface);

    TRACE("(%p,%#lx)\n", iface, flags);

    if (!stream->writable) return STG_E_ACCESSDENIED;
    return stream_commit(stream);
}

static HRESULT WINAPI stream_Revert(IStream *iface)
{
    TRACE("(%p)\n", iface);
    return S_OK;
}

static HRESULT WINAPI stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("(%p)\n", iface);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("(%p)\n", iface);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct prop_stream *stream = impl_from_IStream(iface);

    TRACE("(%p,%p,%#lx)\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    stat->grfMode = stream->writable ? STGM_READWRITE : STGM_READ;
    return S_OK;
}

static HRESULT WINAPI stream_Clone(IStream *iface, IStream **clone)
{
    TRACE("(%p,%p)\n", iface, clone);
    if (clone) *clone = NULL;
    return STG_E_INVALIDFUNCTION;
}

static const IStreamVtbl stream_vtbl =
{
    stream_QueryInterface,
    stream_AddRef,
    stream_Release,
    stream_Read,
    stream_Write,
    stream_Seek,
    stream_SetSize,
    stream_CopyTo,
    stream_Commit,
    stream_Revert,
    stream_LockRegion,
    stream_UnlockRegion,
    stream_Stat,
    stream_Clone,
};

static void stream_abandon(struct sqlms_object *obj)
{
    struct prop_stream *stream = CONTAINING_RECORD(obj, struct prop_stream, object);

    heap_free(stream->data);
    stream->data = NULL;
}

HRESULT propstream_create(struct prop_object *owner, ULONG tag, const BYTE *data, ULONG size, BOOL writable,
                          IStream **out)
{
    struct prop_stream *stream;

    if (!(stream = object_alloc(sizeof(*stream)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    stream->IStream_iface.lpVtbl = &stream_vtbl;
    stream->ref = 1;
    stream->owner = owner;
    stream->tag = tag;
    stream->writable = writable;
    if (size && FAILED(set_size(stream, size)))
    {
        object_free(stream);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (size) memcpy(stream->data, data, size);
    object_addref_internal(owner->object);
    object_register(owner->store, &stream->object, &stream->IStream_iface, &stream->ref,
                    VTBL_METHODS(IStreamVtbl), stream_abandon);
    *out = &stream->IStream_iface;
    return S_OK;
}
