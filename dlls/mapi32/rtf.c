/*
 * Compressed RTF ([MS-OXRTFCP]): WrapCompressedRTFStream, and RTFSync,
 * which keeps PR_BODY and PR_RTF_COMPRESSED of a message telling the same text.
 *
 * The compressed form is LZ77 over a 4096-byte ring that starts out holding
 * 207 bytes of common RTF; "MELA" streams carry the RTF as it is.
 */

#define COBJMACROS

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define RTF_MAGIC_COMPRESSED    0x75465a4c /* "LZFu" */
#define RTF_MAGIC_UNCOMPRESSED  0x414c454d /* "MELA" */
#define RTF_HEADER_SIZE         16
/* COMPSIZE counts the header fields after itself. */
#define RTF_COMPSIZE_EXTRA      12

#define DICT_SIZE       4096
#define DICT_MASK       (DICT_SIZE - 1)
#define MATCH_MIN       2
#define MATCH_MAX       17
/* A reference copies at most 17 bytes for 2 input bytes, plus its share of a control byte. */
#define MAX_EXPANSION   8

static const char initial_dictionary[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
    "\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
    "{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
#define INITIAL_DICT_SIZE (sizeof(initial_dictionary) - 1)

C_ASSERT(INITIAL_DICT_SIZE == 207);

struct dictionary
{
    BYTE bytes[DICT_SIZE];
    ULONG write;
    BOOL full;      /* every byte of the ring has been written at least once */
};

static void dictionary_init(struct dictionary *dict)
{
    memcpy(dict->bytes, initial_dictionary, INITIAL_DICT_SIZE);
    memset(dict->bytes + INITIAL_DICT_SIZE, 0, DICT_SIZE - INITIAL_DICT_SIZE);
    dict->write = INITIAL_DICT_SIZE;
    dict->full = FALSE;
}

static void dictionary_put(struct dictionary *dict, BYTE byte)
{
    dict->bytes[dict->write] = byte;
    dict->write = (dict->write + 1) & DICT_MASK;
    if (!dict->write) dict->full = TRUE;
}

/* The CRC-32 of [MS-OXRTFCP] 2.1.3.2: reflected 0xedb88320, no pre- or post-inversion. */
static DWORD rtf_crc32(DWORD crc, const BYTE *data, SIZE_T size)
{
    SIZE_T i;
    int bit;

    for (i = 0; i < size; i++)
    {
        crc ^= data[i];
        for (bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xedb88320 & (0 - (crc & 1)));
    }
    return crc;
}

static DWORD read_dword(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((DWORD)p[3] << 24);
}

static void write_dword(BYTE *p, DWORD value)
{
    p[0] = value;
    p[1] = value >> 8;
    p[2] = value >> 16;
    p[3] = value >> 24;
}

/* Decodes the CONTENTS of an "LZFu" stream into exactly raw_size bytes. */
static HRESULT lzfu_decompress(const BYTE *in, ULONG in_size, BYTE *out, ULONG raw_size)
{
    struct dictionary *dict;
    ULONG in_pos = 0, out_pos = 0;
    HRESULT hr = MAPI_E_CORRUPT_DATA;

    if (!(dict = HeapAlloc(GetProcessHeap(), 0, sizeof(*dict)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    dictionary_init(dict);

    while (in_pos < in_size)
    {
        BYTE control = in[in_pos++];
        int bit;

        for (bit = 0; bit < 8; bit++)
        {
            if (control & (1 << bit))
            {
                ULONG offset, length, i;

                if (in_size - in_pos < 2) goto done;
                offset = (in[in_pos] << 4) | (in[in_pos + 1] >> 4);
                length = (in[in_pos + 1] & 0x0f) + MATCH_MIN;
                in_pos += 2;
                if (offset == dict->write)
                {
                    if (out_pos == raw_size) hr = S_OK;
                    else WARN("stream ends after %lu bytes, header says %lu\n", out_pos, raw_size);
                    goto done;
                }
                if (!dict->full && offset > dict->write)
                {
                    WARN("reference to offset %lu, only %lu written\n", offset, dict->write);
                    goto done;
                }
                if (raw_size - out_pos < length)
                {
                    WARN("output overruns the %lu bytes the header gives\n", raw_size);
                    goto done;
                }
                /* One byte at a time: a reference may overlap what it writes. */
                for (i = 0; i < length; i++)
                {
                    BYTE byte = dict->bytes[(offset + i) & DICT_MASK];
                    out[out_pos++] = byte;
                    dictionary_put(dict, byte);
                }
            }
            else
            {
                if (in_pos == in_size) goto done;
                if (out_pos == raw_size)
                {
                    WARN("output overruns the %lu bytes the header gives\n", raw_size);
                    goto done;
                }
                out[out_pos++] = in[in_pos];
                dictionary_put(dict, in[in_pos++]);
            }
        }
    }
    WARN("no end marker\n");

done:
    HeapFree(GetProcessHeap(), 0, dict);
    return hr;
}

/* The byte a reference would read at ring position pos, i bytes into a match that
 * writes input[] from the write offset on: past the write offset it reads its own output. */
static BYTE match_byte(const struct dictionary *dict, const BYTE *input, ULONG pos, ULONG i)
{
    ULONG ahead = (pos - dict->write) & DICT_MASK;
    return ahead < i ? input[ahead] : dict->bytes[pos];
}

/* The longest match for input in the dictionary, the lowest offset among equals
 * ([MS-OXRTFCP] 2.3.3.2.1 scans from the start of the ring). */
static ULONG find_match(const struct dictionary *dict, const BYTE *input, ULONG available, ULONG *match_offset)
{
    ULONG limit = dict->full ? DICT_SIZE : dict->write;
    ULONG max_length = min(available, MATCH_MAX);
    ULONG best = 0, offset = 0;
    const BYTE *hit;

    if (max_length < MATCH_MIN) return 0;

    while (offset < limit && (hit = memchr(dict->bytes + offset, input[0], limit - offset)))
    {
        ULONG length = 1;

        offset = hit - dict->bytes;
        if (offset != dict->write)
        {
            while (length < max_length &&
                   match_byte(dict, input, (offset + length) & DICT_MASK, length) == input[length])
                length++;
            if (length > best)
            {
                best = length;
                *match_offset = offset;
                if (best == max_length) break;
            }
        }
        offset++;
    }
    return best;
}

/* Worst case: every byte a literal, a control byte per 8 tokens, the end marker. */
static SIZE_T lzfu_bound(ULONG raw_size)
{
    return (SIZE_T)raw_size + 2 + ((SIZE_T)raw_size + 1) / 8 + 1;
}

/* Encodes raw into out (lzfu_bound() bytes), as [MS-OXRTFCP] 2.3.3.2 does. */
static ULONG lzfu_compress(const BYTE *raw, ULONG raw_size, BYTE *out)
{
    struct dictionary *dict;
    ULONG in_pos = 0, out_pos = 0, control_pos = 0;
    BYTE control_bit = 0;
    BOOL ended = FALSE;

    if (!(dict = HeapAlloc(GetProcessHeap(), 0, sizeof(*dict)))) return 0;
    dictionary_init(dict);

    while (!ended)
    {
        ULONG length, offset = 0, i;

        if (!control_bit)
        {
            control_pos = out_pos++;
            out[control_pos] = 0;
            control_bit = 1;
        }

        if (in_pos == raw_size)
        {
            /* The end marker: a reference to the write offset itself. */
            out[control_pos] |= control_bit;
            out[out_pos++] = dict->write >> 4;
            out[out_pos++] = (dict->write << 4) & 0xf0;
            ended = TRUE;
        }
        else if ((length = find_match(dict, raw + in_pos, raw_size - in_pos, &offset)) >= MATCH_MIN)
        {
            out[control_pos] |= control_bit;
            out[out_pos++] = offset >> 4;
            out[out_pos++] = ((offset << 4) & 0xf0) | (length - MATCH_MIN);
            for (i = 0; i < length; i++) dictionary_put(dict, raw[in_pos++]);
        }
        else
        {
            out[out_pos++] = raw[in_pos];
            dictionary_put(dict, raw[in_pos++]);
        }
        control_bit <<= 1;
    }

    HeapFree(GetProcessHeap(), 0, dict);
    return out_pos;
}

/* Reads up to size bytes, fewer only at the end of the stream. */
static HRESULT read_fully(IStream *stream, BYTE *buffer, ULONG size, ULONG *done)
{
    HRESULT hr;
    ULONG count;

    *done = 0;
    while (*done < size)
    {
        hr = IStream_Read(stream, buffer + *done, size - *done, &count);
        if (FAILED(hr)) return hr;
        if (!count) break;
        *done += count;
    }
    return S_OK;
}

/* Reads a PR_RTF_COMPRESSED stream from its current position and returns the RTF it holds,
 * in a HeapAlloc'ed buffer. */
static HRESULT rtf_decompress_stream(IStream *compressed, BYTE **raw, ULONG *raw_size)
{
    BYTE header[RTF_HEADER_SIZE], *contents = NULL, *grown;
    ULONG comp_size, size, magic, crc, content_size, capacity, have = 0, count;
    HRESULT hr;

    *raw = NULL;
    *raw_size = 0;

    if (FAILED(hr = read_fully(compressed, header, sizeof(header), &count))) return hr;
    if (count < sizeof(header))
    {
        WARN("only %lu bytes of header\n", count);
        return MAPI_E_CORRUPT_DATA;
    }
    comp_size = read_dword(header);
    size = read_dword(header + 4);
    magic = read_dword(header + 8);
    crc = read_dword(header + 12);
    TRACE("compsize %lu rawsize %lu magic %#lx crc %#lx\n", comp_size, size, magic, crc);

    if ((magic != RTF_MAGIC_COMPRESSED && magic != RTF_MAGIC_UNCOMPRESSED) || comp_size < RTF_COMPSIZE_EXTRA)
    {
        WARN("not compressed RTF\n");
        return MAPI_E_CORRUPT_DATA;
    }
    content_size = comp_size - RTF_COMPSIZE_EXTRA;
    if ((magic == RTF_MAGIC_UNCOMPRESSED && size > content_size) ||
        (magic == RTF_MAGIC_COMPRESSED && (!content_size || size > (ULONGLONG)content_size * MAX_EXPANSION)))
    {
        WARN("%lu bytes cannot hold %lu bytes of RTF\n", content_size, size);
        return MAPI_E_CORRUPT_DATA;
    }

    /* The header may lie about the size: grow with what the stream really holds. */
    capacity = min(content_size, 0x10000);
    if (!(contents = HeapAlloc(GetProcessHeap(), 0, max(capacity, 1)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    while (have < content_size)
    {
        if (have == capacity)
        {
            capacity = capacity > content_size / 2 ? content_size : capacity * 2;
            if (!(grown = HeapReAlloc(GetProcessHeap(), 0, contents, capacity)))
            {
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
                goto done;
            }
            contents = grown;
        }
        if (FAILED(hr = read_fully(compressed, contents + have, capacity - have, &count))) goto done;
        if (!count) break;
        have += count;
    }
    if (have < content_size)
    {
        WARN("stream truncated: %lu of %lu bytes\n", have, content_size);
        hr = MAPI_E_CORRUPT_DATA;
        goto done;
    }

    if (magic == RTF_MAGIC_UNCOMPRESSED)
    {
        /* [MS-OXRTFCP] 2.2.3.1: the CRC of a "MELA" stream is not checked. */
        *raw = contents;
        *raw_size = size;
        return S_OK;
    }

    if (rtf_crc32(0, contents, content_size) != crc)
    {
        WARN("CRC %#lx does not match %#lx\n", rtf_crc32(0, contents, content_size), crc);
        hr = MAPI_E_CORRUPT_DATA;
        goto done;
    }
    if (!(*raw = HeapAlloc(GetProcessHeap(), 0, max(size, 1))))
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (FAILED(hr = lzfu_decompress(contents, content_size, *raw, size)))
    {
        HeapFree(GetProcessHeap(), 0, *raw);
        *raw = NULL;
        goto done;
    }
    *raw_size = size;

done:
    HeapFree(GetProcessHeap(), 0, contents);
    return hr;
}

/* Builds a complete PR_RTF_COMPRESSED value (header and contents) for raw. */
static HRESULT rtf_compress(const BYTE *raw, ULONG raw_size, BOOL uncompressed, BYTE **out, ULONG *out_size)
{
    SIZE_T bound = uncompressed ? raw_size : lzfu_bound(raw_size);
    ULONG content_size;
    BYTE *buffer;

    *out = NULL;
    *out_size = 0;
    if (bound > MAXDWORD - RTF_HEADER_SIZE) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(buffer = HeapAlloc(GetProcessHeap(), 0, RTF_HEADER_SIZE + bound))) return MAPI_E_NOT_ENOUGH_MEMORY;

    if (uncompressed)
    {
        memcpy(buffer + RTF_HEADER_SIZE, raw, raw_size);
        content_size = raw_size;
        write_dword(buffer + 8, RTF_MAGIC_UNCOMPRESSED);
        write_dword(buffer + 12, 0);
    }
    else
    {
        if (!(content_size = lzfu_compress(raw, raw_size, buffer + RTF_HEADER_SIZE)))
        {
            HeapFree(GetProcessHeap(), 0, buffer);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        write_dword(buffer + 8, RTF_MAGIC_COMPRESSED);
        write_dword(buffer + 12, rtf_crc32(0, buffer + RTF_HEADER_SIZE, content_size));
    }
    write_dword(buffer, content_size + RTF_COMPSIZE_EXTRA);
    write_dword(buffer + 4, raw_size);
    *out = buffer;
    *out_size = RTF_HEADER_SIZE + content_size;
    return S_OK;
}

/* The IStream WrapCompressedRTFStream returns. Reading, the whole RTF is decoded up front,
 * so corrupt data fails the wrap, not some later Read. Writing, the RTF is collected
 * and compressed into the wrapped stream on Commit (or the last Release). */
struct rtf_stream
{
    IStream IStream_iface;
    LONG ref;
    IStream *compressed;        /* writing only */
    ULARGE_INTEGER start;       /* where the compressed data goes */
    BOOL can_rewind;            /* the wrapped stream told us where it was */
    BOOL writing;
    BOOL store_uncompressed;
    BOOL dirty;
    BYTE *data;
    ULONG size;
    ULONG capacity;
    ULONG position;
};

static inline struct rtf_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct rtf_stream, IStream_iface);
}

static HRESULT rtf_stream_flush(struct rtf_stream *stream)
{
    BYTE *packed;
    ULONG packed_size, written;
    ULARGE_INTEGER end;
    HRESULT hr;

    if (FAILED(hr = rtf_compress(stream->data, stream->size, stream->store_uncompressed, &packed, &packed_size)))
        return hr;

    if (stream->can_rewind)
    {
        LARGE_INTEGER move;
        move.QuadPart = stream->start.QuadPart;
        if (FAILED(hr = IStream_Seek(stream->compressed, move, STREAM_SEEK_SET, NULL))) goto done;
    }
    hr = IStream_Write(stream->compressed, packed, packed_size, &written);
    if (SUCCEEDED(hr) && written != packed_size) hr = STG_E_MEDIUMFULL;
    if (FAILED(hr)) goto done;
    /* Whatever an earlier, longer value left behind the new one goes. */
    if (stream->can_rewind)
    {
        end.QuadPart = stream->start.QuadPart + packed_size;
        IStream_SetSize(stream->compressed, end);
    }
    hr = IStream_Commit(stream->compressed, STGC_DEFAULT);
    if (hr == E_NOTIMPL || hr == STG_E_INVALIDFUNCTION) hr = S_OK;
    if (SUCCEEDED(hr)) stream->dirty = FALSE;

done:
    HeapFree(GetProcessHeap(), 0, packed);
    return hr;
}

static HRESULT WINAPI rtf_stream_QueryInterface(IStream *iface, REFIID riid, void **obj)
{
    struct rtf_stream *stream = impl_from_IStream(iface);

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

static ULONG WINAPI rtf_stream_AddRef(IStream *iface)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG ref = InterlockedIncrement(&stream->ref);

    TRACE("(%p) ref %lu\n", stream, ref);
    return ref;
}

static ULONG WINAPI rtf_stream_Release(IStream *iface)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG ref = InterlockedDecrement(&stream->ref);
    HRESULT hr;

    TRACE("(%p) ref %lu\n", stream, ref);

    if (!ref)
    {
        /* Released without Commit: what was written still goes to the message. */
        if (stream->writing && stream->dirty && FAILED(hr = rtf_stream_flush(stream)))
            WARN("could not write the compressed RTF: %#lx\n", hr);
        if (stream->compressed) IStream_Release(stream->compressed);
        HeapFree(GetProcessHeap(), 0, stream->data);
        HeapFree(GetProcessHeap(), 0, stream);
    }
    return ref;
}

static HRESULT WINAPI rtf_stream_Read(IStream *iface, void *buffer, ULONG size, ULONG *read)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG count = 0;

    TRACE("(%p,%p,%lu,%p)\n", stream, buffer, size, read);

    if (read) *read = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if (stream->writing) return STG_E_ACCESSDENIED;

    if (stream->position < stream->size)
    {
        count = min(size, stream->size - stream->position);
        memcpy(buffer, stream->data + stream->position, count);
        stream->position += count;
    }
    if (read) *read = count;
    return S_OK;
}

static HRESULT WINAPI rtf_stream_Write(IStream *iface, const void *buffer, ULONG size, ULONG *written)
{
    struct rtf_stream *stream = impl_from_IStream(iface);

    TRACE("(%p,%p,%lu,%p)\n", stream, buffer, size, written);

    if (written) *written = 0;
    if (!buffer) return STG_E_INVALIDPOINTER;
    if (!stream->writing) return STG_E_ACCESSDENIED;
    if (!size) return S_OK;

    if (size > MAXDWORD - stream->size) return STG_E_MEDIUMFULL;
    if (stream->size + size > stream->capacity)
    {
        ULONG capacity = max(stream->capacity, 4096);
        BYTE *grown;

        while (capacity < stream->size + size)
            capacity = capacity > MAXDWORD / 2 ? MAXDWORD : capacity * 2;
        grown = stream->data ? HeapReAlloc(GetProcessHeap(), 0, stream->data, capacity)
                             : HeapAlloc(GetProcessHeap(), 0, capacity);
        if (!grown) return STG_E_INSUFFICIENTMEMORY;
        stream->data = grown;
        stream->capacity = capacity;
    }
    memcpy(stream->data + stream->size, buffer, size);
    stream->size += size;
    stream->position = stream->size;
    stream->dirty = TRUE;
    if (written) *written = size;
    return S_OK;
}

static HRESULT WINAPI rtf_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *new_position)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    LONGLONG position;

    TRACE("(%p,%s,%lu,%p)\n", stream, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    switch (origin)
    {
    case STREAM_SEEK_SET: position = move.QuadPart; break;
    case STREAM_SEEK_CUR: position = (LONGLONG)stream->position + move.QuadPart; break;
    case STREAM_SEEK_END: position = (LONGLONG)stream->size + move.QuadPart; break;
    default: return STG_E_INVALIDFUNCTION;
    }
    /* What is written is compressed as one piece: only asking where we are makes sense. */
    if (stream->writing && position != stream->position) return STG_E_INVALIDFUNCTION;
    if (position < 0 || position > MAXDWORD) return STG_E_INVALIDFUNCTION;

    stream->position = position;
    if (new_position) new_position->QuadPart = position;
    return S_OK;
}

static HRESULT WINAPI rtf_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    TRACE("(%p,%s)\n", iface, wine_dbgstr_longlong(size.QuadPart));
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI rtf_stream_CopyTo(IStream *iface, IStream *target, ULARGE_INTEGER size,
                                        ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    struct rtf_stream *stream = impl_from_IStream(iface);
    ULONG count = 0, done = 0;
    HRESULT hr;

    TRACE("(%p,%p,%s,%p,%p)\n", stream, target, wine_dbgstr_longlong(size.QuadPart), read, written);

    if (read) read->QuadPart = 0;
    if (written) written->QuadPart = 0;
    if (!target) return STG_E_INVALIDPOINTER;
    if (stream->writing) return STG_E_ACCESSDENIED;

    if (stream->position < stream->size)
        count = min(size.QuadPart, stream->size - stream->position);
    hr = IStream_Write(target, stream->data + stream->position, count, &done);
    if (FAILED(hr)) return hr;
    stream->position += count;
    if (read) read->QuadPart = count;
    if (written) written->QuadPart = done;
    return S_OK;
}

static HRESULT WINAPI rtf_stream_Commit(IStream *iface, DWORD flags)
{
    struct rtf_stream *stream = impl_from_IStream(iface);

    TRACE("(%p,%#lx)\n", stream, flags);

    if (!stream->writing) return S_OK;
    return rtf_stream_flush(stream);
}

static HRESULT WINAPI rtf_stream_Revert(IStream *iface)
{
    FIXME("(%p): not supported\n", iface);
    return E_NOTIMPL;
}

static HRESULT WINAPI rtf_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("(%p,%s,%s,%lu)\n", iface, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI rtf_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    TRACE("(%p,%s,%s,%lu)\n", iface, wine_dbgstr_longlong(offset.QuadPart), wine_dbgstr_longlong(size.QuadPart), type);
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI rtf_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct rtf_stream *stream = impl_from_IStream(iface);

    TRACE("(%p,%p,%#lx)\n", stream, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    stat->grfMode = stream->writing ? STGM_WRITE : STGM_READ;
    return S_OK;
}

static HRESULT WINAPI rtf_stream_Clone(IStream *iface, IStream **clone)
{
    FIXME("(%p,%p): not supported\n", iface, clone);
    if (clone) *clone = NULL;
    return E_NOTIMPL;
}

static const IStreamVtbl rtf_stream_vtbl =
{
    rtf_stream_QueryInterface,
    rtf_stream_AddRef,
    rtf_stream_Release,
    rtf_stream_Read,
    rtf_stream_Write,
    rtf_stream_Seek,
    rtf_stream_SetSize,
    rtf_stream_CopyTo,
    rtf_stream_Commit,
    rtf_stream_Revert,
    rtf_stream_LockRegion,
    rtf_stream_UnlockRegion,
    rtf_stream_Stat,
    rtf_stream_Clone,
};

#define WRAP_KNOWN_FLAGS (MAPI_MODIFY | STORE_UNCOMPRESSED_RTF)

/**************************************************************************
 *  WrapCompressedRTFStream@12 (MAPI32.185)
 *
 * Gives the RTF of a PR_RTF_COMPRESSED stream as a plain stream, to read
 * or to write.
 *
 * PARAMS
 *  compressed   [I] Stream on PR_RTF_COMPRESSED, positioned at its start.
 *  flags        [I] 0 to read; MAPI_MODIFY to write, with STORE_UNCOMPRESSED_RTF
 *                   to store the RTF uncompressed.
 *  uncompressed [O] Receives the stream of RTF.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers, MAPI_E_UNKNOWN_FLAGS,
 *           MAPI_E_CORRUPT_DATA if the compressed data is damaged (reading),
 *           MAPI_E_NOT_ENOUGH_MEMORY, or the error of the compressed stream.
 *
 * NOTES
 *  Reading decodes and checks the whole value at once. Writing replaces the
 *  whole value: what is written is compressed into the wrapped stream when
 *  the returned stream is committed or released. The returned stream reads
 *  and seeks freely when reading; writing, it only appends. SetSize, Revert,
 *  LockRegion, UnlockRegion and Clone are not supported.
 */
HRESULT WINAPI WrapCompressedRTFStream(LPSTREAM compressed, ULONG flags, LPSTREAM *uncompressed)
{
    struct rtf_stream *stream;
    HRESULT hr;

    TRACE("(%p,%#lx,%p)\n", compressed, flags, uncompressed);

    if (!compressed || !uncompressed) return MAPI_E_INVALID_PARAMETER;
    *uncompressed = NULL;
    if (flags & ~WRAP_KNOWN_FLAGS)
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    if (!(stream = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*stream))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    stream->IStream_iface.lpVtbl = &rtf_stream_vtbl;
    stream->ref = 1;

    if (flags & MAPI_MODIFY)
    {
        LARGE_INTEGER zero;

        zero.QuadPart = 0;
        stream->writing = TRUE;
        stream->store_uncompressed = !!(flags & STORE_UNCOMPRESSED_RTF);
        stream->can_rewind = SUCCEEDED(IStream_Seek(compressed, zero, STREAM_SEEK_CUR, &stream->start));
        IStream_AddRef(compressed);
        stream->compressed = compressed;
    }
    else if (FAILED(hr = rtf_decompress_stream(compressed, &stream->data, &stream->size)))
    {
        HeapFree(GetProcessHeap(), 0, stream);
        return hr;
    }
    else stream->capacity = stream->size;

    *uncompressed = &stream->IStream_iface;
    return S_OK;
}

HRESULT WINAPI RTFSync(LPMESSAGE message, ULONG flags, BOOL *updated)
{
    FIXME("(%p,%#lx,%p): stub\n", message, flags, updated);
    return MAPI_E_NO_SUPPORT;
}
