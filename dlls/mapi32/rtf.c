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
    if (count && FAILED(hr = IStream_Write(target, stream->data + stream->position, count, &done))) return hr;
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

/* Growing buffers for building RTF and text; a failed allocation sticks. */
struct byte_buffer
{
    BYTE *data;
    SIZE_T size;
    SIZE_T capacity;
    BOOL failed;
};

static BOOL reserve(void **data, SIZE_T *capacity, SIZE_T needed, SIZE_T unit)
{
    SIZE_T grown = max(*capacity, 256);
    void *block;

    if (needed <= *capacity) return TRUE;
    while (grown < needed)
    {
        if (grown > MAXDWORD / unit / 2) return FALSE;
        grown *= 2;
    }
    if (grown > MAXDWORD / unit) return FALSE;
    block = *data ? HeapReAlloc(GetProcessHeap(), 0, *data, grown * unit) : HeapAlloc(GetProcessHeap(), 0, grown * unit);
    if (!block) return FALSE;
    *data = block;
    *capacity = grown;
    return TRUE;
}

static void bytes_append(struct byte_buffer *buffer, const void *data, SIZE_T size)
{
    if (buffer->failed) return;
    if (!reserve((void **)&buffer->data, &buffer->capacity, buffer->size + size, 1))
    {
        buffer->failed = TRUE;
        return;
    }
    memcpy(buffer->data + buffer->size, data, size);
    buffer->size += size;
}

static void bytes_append_str(struct byte_buffer *buffer, const char *str)
{
    bytes_append(buffer, str, strlen(str));
}

/* Always NUL-terminated when not failed. */
struct text_buffer
{
    WCHAR *data;
    SIZE_T length;
    SIZE_T capacity;
    BOOL failed;
};

static void text_append(struct text_buffer *text, const WCHAR *chars, SIZE_T count)
{
    if (text->failed) return;
    if (!reserve((void **)&text->data, &text->capacity, text->length + count + 1, sizeof(WCHAR)))
    {
        text->failed = TRUE;
        return;
    }
    if (count) memcpy(text->data + text->length, chars, count * sizeof(WCHAR));
    text->length += count;
    text->data[text->length] = 0;
}

/* The RTF of plain text: a \fromtext document ([MS-OXRTFEX]) with a \par per line. */
static void rtf_from_text(const WCHAR *text, SIZE_T length, struct byte_buffer *rtf)
{
    UINT codepage = GetACP();
    char escape[32];
    SIZE_T i;

    sprintf(escape, "%u", codepage);
    bytes_append_str(rtf, "{\\rtf1\\ansi\\ansicpg");
    bytes_append_str(rtf, escape);
    bytes_append_str(rtf, "\\fromtext \\deff0{\\fonttbl\r\n{\\f0\\fswiss Arial;}\r\n}\r\n\\uc1\\pard\\plain\\f0\\fs20 ");

    for (i = 0; i < length; i++)
    {
        WCHAR c = text[i];
        char byte = c;

        if (c == '\r' || c == '\n')
        {
            if (c == '\r' && i + 1 < length && text[i + 1] == '\n') i++;
            bytes_append_str(rtf, "\\par\r\n");
        }
        else if (c == '\t') bytes_append_str(rtf, "\\tab ");
        else if (c == '\\' || c == '{' || c == '}')
        {
            bytes_append_str(rtf, "\\");
            bytes_append(rtf, &byte, 1);
        }
        else if (c >= 0x20 && c < 0x7f) bytes_append(rtf, &byte, 1);
        else if (c >= 0x80)
        {
            char bytes[8];
            BOOL lossy = FALSE;
            int count, j;

            count = WideCharToMultiByte(codepage, WC_NO_BEST_FIT_CHARS, &c, 1, bytes, sizeof(bytes), NULL, &lossy);
            if (count > 0 && !lossy)
            {
                for (j = 0; j < count; j++)
                {
                    sprintf(escape, "\\'%02x", (BYTE)bytes[j]);
                    bytes_append_str(rtf, escape);
                }
            }
            else
            {
                /* \uN takes a signed 16-bit number; '?' is for readers that do not know it. */
                sprintf(escape, "\\u%d?", (short)c);
                bytes_append_str(rtf, escape);
            }
        }
        /* Other control characters have no place in RTF text. */
    }
    bytes_append_str(rtf, "}");
}

enum rtf_word_action
{
    WORD_IGNORE,
    WORD_NEWLINE,
    WORD_CHAR,
    WORD_SKIP_GROUP,
    WORD_UNICODE,
    WORD_UNICODE_SKIP,
    WORD_CODEPAGE,
    WORD_ENCAPSULATION,
    WORD_HTMLRTF,
    WORD_BINARY,
};

struct rtf_word
{
    const char *name;
    enum rtf_word_action action;
    WCHAR ch;
};

/* Sorted for bsearch. */
static const struct rtf_word rtf_words[] =
{
    { "aftncn", WORD_SKIP_GROUP },
    { "aftnsep", WORD_SKIP_GROUP },
    { "aftnsepc", WORD_SKIP_GROUP },
    { "ansicpg", WORD_CODEPAGE },
    { "bin", WORD_BINARY },
    { "bullet", WORD_CHAR, 0x2022 },
    { "cell", WORD_CHAR, '\t' },
    { "colortbl", WORD_SKIP_GROUP },
    { "datastore", WORD_SKIP_GROUP },
    { "emdash", WORD_CHAR, 0x2014 },
    { "emspace", WORD_CHAR, 0x2003 },
    { "endash", WORD_CHAR, 0x2013 },
    { "enspace", WORD_CHAR, 0x2002 },
    { "fldinst", WORD_SKIP_GROUP },
    { "fonttbl", WORD_SKIP_GROUP },
    { "footer", WORD_SKIP_GROUP },
    { "footerf", WORD_SKIP_GROUP },
    { "footerl", WORD_SKIP_GROUP },
    { "footerr", WORD_SKIP_GROUP },
    { "footnote", WORD_SKIP_GROUP },
    { "fromhtml", WORD_ENCAPSULATION },
    { "fromtext", WORD_ENCAPSULATION },
    { "ftncn", WORD_SKIP_GROUP },
    { "ftnsep", WORD_SKIP_GROUP },
    { "ftnsepc", WORD_SKIP_GROUP },
    { "generator", WORD_SKIP_GROUP },
    { "header", WORD_SKIP_GROUP },
    { "headerf", WORD_SKIP_GROUP },
    { "headerl", WORD_SKIP_GROUP },
    { "headerr", WORD_SKIP_GROUP },
    { "htmlrtf", WORD_HTMLRTF },
    { "info", WORD_SKIP_GROUP },
    { "ldblquote", WORD_CHAR, 0x201c },
    { "line", WORD_NEWLINE },
    { "listoverridetable", WORD_SKIP_GROUP },
    { "listtable", WORD_SKIP_GROUP },
    { "lquote", WORD_CHAR, 0x2018 },
    { "object", WORD_SKIP_GROUP },
    { "page", WORD_NEWLINE },
    { "par", WORD_NEWLINE },
    { "pict", WORD_SKIP_GROUP },
    { "rdblquote", WORD_CHAR, 0x201d },
    { "row", WORD_NEWLINE },
    { "rquote", WORD_CHAR, 0x2019 },
    { "rsidtbl", WORD_SKIP_GROUP },
    { "sect", WORD_NEWLINE },
    { "stylesheet", WORD_SKIP_GROUP },
    { "tab", WORD_CHAR, '\t' },
    { "themedata", WORD_SKIP_GROUP },
    { "u", WORD_UNICODE },
    { "uc", WORD_UNICODE_SKIP },
    { "xmlnstbl", WORD_SKIP_GROUP },
};

#define RTF_MAX_DEPTH 128

struct rtf_group
{
    BOOL skip;          /* a destination that is not text */
    BOOL htmlrtf;       /* RTF-only content of an encapsulated document */
    int unicode_skip;   /* \uc: fallback characters after each \u */
};

struct rtf_reader
{
    const BYTE *pos;
    const BYTE *end;
    struct text_buffer *text;
    UINT codepage;
    BOOL encapsulated;
    struct rtf_group groups[RTF_MAX_DEPTH];
    int depth;
    int lost_depth;     /* groups nested deeper than we keep */
    int pending_skip;   /* fallback characters still to drop */
    BYTE pending[256];  /* text bytes not yet decoded: a DBCS character may span two \'xx */
    int pending_count;
    BOOL after_lead;    /* the last pending byte starts a double-byte character */
};

static struct rtf_group *current_group(struct rtf_reader *reader)
{
    return &reader->groups[reader->depth];
}

static BOOL text_suppressed(struct rtf_reader *reader)
{
    struct rtf_group *group = current_group(reader);
    return group->skip || (reader->encapsulated && group->htmlrtf);
}

static void flush_pending(struct rtf_reader *reader)
{
    WCHAR chars[256];
    int count;

    if (!reader->pending_count) return;
    count = MultiByteToWideChar(reader->codepage, 0, (char *)reader->pending, reader->pending_count, chars, ARRAY_SIZE(chars));
    if (!count) count = MultiByteToWideChar(1252, 0, (char *)reader->pending, reader->pending_count, chars, ARRAY_SIZE(chars));
    text_append(reader->text, chars, count);
    reader->pending_count = 0;
    reader->after_lead = FALSE;
}

static void put_byte(struct rtf_reader *reader, BYTE byte)
{
    if (text_suppressed(reader)) return;
    if (reader->pending_skip)
    {
        reader->pending_skip--;
        return;
    }
    reader->pending[reader->pending_count++] = byte;
    reader->after_lead = !reader->after_lead && IsDBCSLeadByteEx(reader->codepage, byte);
    /* Never between a lead byte and its trail byte. */
    if (reader->pending_count >= ARRAY_SIZE(reader->pending) - 2 && !reader->after_lead) flush_pending(reader);
}

static void put_chars(struct rtf_reader *reader, const WCHAR *chars, int count)
{
    if (text_suppressed(reader)) return;
    flush_pending(reader);
    text_append(reader->text, chars, count);
}

static int compare_word(const void *key, const void *entry)
{
    return strcmp(key, ((const struct rtf_word *)entry)->name);
}

static int hex_value(BYTE c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static BOOL is_letter(BYTE c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void read_control_word(struct rtf_reader *reader)
{
    static const WCHAR newline[] = { '\r', '\n' };
    const struct rtf_word *word;
    char name[33];
    int length = 0, digits = 0;
    BOOL negative = FALSE, has_parameter = FALSE;
    LONG parameter = 0;

    while (reader->pos < reader->end && is_letter(*reader->pos))
    {
        if (length < ARRAY_SIZE(name) - 1) name[length++] = *reader->pos;
        reader->pos++;
    }
    name[length] = 0;
    if (reader->pos < reader->end && *reader->pos == '-')
    {
        negative = TRUE;
        reader->pos++;
    }
    while (reader->pos < reader->end && *reader->pos >= '0' && *reader->pos <= '9')
    {
        if (digits++ < 9) parameter = parameter * 10 + (*reader->pos - '0');
        has_parameter = TRUE;
        reader->pos++;
    }
    if (negative) parameter = -parameter;
    if (reader->pos < reader->end && *reader->pos == ' ') reader->pos++;

    if (!(word = bsearch(name, rtf_words, ARRAY_SIZE(rtf_words), sizeof(*word), compare_word)))
    {
        reader->pending_skip = 0;
        return;
    }

    switch (word->action)
    {
    case WORD_IGNORE:
        break;
    case WORD_NEWLINE:
        reader->pending_skip = 0;
        put_chars(reader, newline, ARRAY_SIZE(newline));
        break;
    case WORD_CHAR:
        reader->pending_skip = 0;
        put_chars(reader, &word->ch, 1);
        break;
    case WORD_SKIP_GROUP:
        current_group(reader)->skip = TRUE;
        break;
    case WORD_UNICODE:
    {
        WCHAR ch = (WCHAR)parameter;

        reader->pending_skip = 0;
        if (!has_parameter) break;
        put_chars(reader, &ch, 1);
        if (!text_suppressed(reader)) reader->pending_skip = current_group(reader)->unicode_skip;
        break;
    }
    case WORD_UNICODE_SKIP:
        current_group(reader)->unicode_skip = max(parameter, 0);
        break;
    case WORD_CODEPAGE:
        flush_pending(reader);
        if (has_parameter && parameter > 0 && IsValidCodePage(parameter)) reader->codepage = parameter;
        else WARN("unknown code page %ld\n", parameter);
        break;
    case WORD_ENCAPSULATION:
        reader->encapsulated = TRUE;
        break;
    case WORD_HTMLRTF:
        current_group(reader)->htmlrtf = !has_parameter || parameter;
        break;
    case WORD_BINARY:
        /* Raw data follows that must not be parsed. */
        if (parameter > 0) reader->pos += min((SIZE_T)parameter, (SIZE_T)(reader->end - reader->pos));
        break;
    }
}

/* The plain text of an RTF document: the text of its groups that are not
 * destinations, with paragraph marks as CR LF. */
static void text_from_rtf(const BYTE *rtf, SIZE_T size, struct text_buffer *text)
{
    struct rtf_reader *reader;

    if (!(reader = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*reader))))
    {
        text->failed = TRUE;
        return;
    }
    reader->pos = rtf;
    reader->end = rtf + size;
    reader->text = text;
    reader->codepage = 1252;
    reader->groups[0].unicode_skip = 1;
    text_append(text, NULL, 0);

    while (reader->pos < reader->end)
    {
        BYTE c = *reader->pos++;
        int high, low;

        switch (c)
        {
        case '{':
            flush_pending(reader);
            if (reader->depth + 1 < RTF_MAX_DEPTH)
            {
                reader->groups[reader->depth + 1] = reader->groups[reader->depth];
                reader->depth++;
            }
            else reader->lost_depth++;
            reader->pending_skip = 0;
            break;
        case '}':
            flush_pending(reader);
            reader->pending_skip = 0;
            if (reader->lost_depth) reader->lost_depth--;
            else if (reader->depth > 0 && !--reader->depth)
                reader->pos = reader->end; /* the document is complete */
            break;
        case '\\':
            if (reader->pos == reader->end) break;
            c = *reader->pos;
            if (is_letter(c))
            {
                read_control_word(reader);
                break;
            }
            reader->pos++;
            switch (c)
            {
            case '\\': case '{': case '}':
                put_byte(reader, c);
                break;
            case '\'':
                if (reader->end - reader->pos < 2) break;
                high = hex_value(reader->pos[0]);
                low = hex_value(reader->pos[1]);
                if (high < 0 || low < 0) break;
                reader->pos += 2;
                put_byte(reader, high * 16 + low);
                break;
            case '*':
                current_group(reader)->skip = TRUE;
                break;
            case '~':
            {
                static const WCHAR nbsp = 0xa0;
                reader->pending_skip = 0;
                put_chars(reader, &nbsp, 1);
                break;
            }
            case '_':
            {
                static const WCHAR hyphen = '-';
                reader->pending_skip = 0;
                put_chars(reader, &hyphen, 1);
                break;
            }
            case '\r': case '\n':
            {
                static const WCHAR newline[] = { '\r', '\n' };
                reader->pending_skip = 0;
                put_chars(reader, newline, ARRAY_SIZE(newline));
                break;
            }
            default:
                /* \- (optional hyphen), \| and the like show nothing. */
                break;
            }
            break;
        case '\r': case '\n': case 0:
            break;
        default:
            put_byte(reader, c);
            break;
        }
    }
    flush_pending(reader);
    HeapFree(GetProcessHeap(), 0, reader);
}

/* What RTFSync remembers of a body: only its significant characters count,
 * so that a change of white space alone leaves the RTF as it is. */
#define SYNC_TAG_LENGTH 32

struct body_summary
{
    DWORD crc;
    ULONG count;
    ULONG prefix;       /* ignorable characters before the first significant one */
    ULONG trailing;     /* and after the last */
    char tag[SYNC_TAG_LENGTH * 2 + 1];  /* room for double-byte characters */
};

static BOOL is_significant(WCHAR c)
{
    return c > ' ' && c != 0xa0;
}

static void summarize_body(const WCHAR *text, SIZE_T length, struct body_summary *summary)
{
    WCHAR tag[SYNC_TAG_LENGTH];
    SIZE_T i, last = 0;
    int tag_length = 0;

    memset(summary, 0, sizeof(*summary));
    summary->prefix = length;
    for (i = 0; i < length; i++)
    {
        BYTE bytes[2];

        if (!is_significant(text[i])) continue;
        if (!summary->count) summary->prefix = i;
        last = i;
        bytes[0] = text[i];
        bytes[1] = text[i] >> 8;
        summary->crc = rtf_crc32(summary->crc, bytes, 2);
        if (tag_length < SYNC_TAG_LENGTH) tag[tag_length++] = text[i];
        summary->count++;
    }
    if (summary->count) summary->trailing = length - last - 1;
    tag_length = WideCharToMultiByte(CP_ACP, 0, tag, tag_length, summary->tag, sizeof(summary->tag) - 1, NULL, NULL);
    summary->tag[max(tag_length, 0)] = 0;
}

static HRESULT read_property_stream(IMessage *message, ULONG tag, BYTE **data, ULONG *size)
{
    IStream *stream;
    SIZE_T capacity = 0;
    ULONG count;
    HRESULT hr;

    *data = NULL;
    *size = 0;
    if (FAILED(hr = IMessage_OpenProperty(message, tag, &IID_IStream, STGM_READ, 0, (IUnknown **)&stream)))
        return hr;
    for (;;)
    {
        if (*size == capacity && !reserve((void **)data, &capacity, (SIZE_T)*size + 4096, 1))
        {
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
            break;
        }
        if (FAILED(hr = IStream_Read(stream, *data + *size, capacity - *size, &count))) break;
        if (!count) break;
        *size += count;
    }
    IStream_Release(stream);
    if (FAILED(hr))
    {
        HeapFree(GetProcessHeap(), 0, *data);
        *data = NULL;
        *size = 0;
    }
    return hr;
}

/* A string property's characters without terminator, by value or, when too big
 * for that, through a stream. */
static HRESULT read_string_property(IMessage *message, ULONG tag, BYTE **data, ULONG *size)
{
    SizedSPropTagArray(1, tags) = { 1, { tag } };
    ULONG count, unit = PROP_TYPE(tag) == PT_UNICODE ? sizeof(WCHAR) : 1;
    SPropValue *value = NULL;
    HRESULT hr;

    *data = NULL;
    *size = 0;
    if (FAILED(hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &value))) return hr;
    if (value->ulPropTag == tag)
    {
        *size = unit == 1 ? strlen(value->Value.lpszA) : lstrlenW(value->Value.lpszW) * sizeof(WCHAR);
        if ((*data = HeapAlloc(GetProcessHeap(), 0, max(*size, 1)))) memcpy(*data, value->Value.lpszA, *size);
        else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    else if (PROP_TYPE(value->ulPropTag) == PT_ERROR && value->Value.err == MAPI_E_NOT_ENOUGH_MEMORY)
    {
        if (SUCCEEDED(hr = read_property_stream(message, tag, data, size)))
        {
            *size -= *size % unit;
            while (*size && !memcmp(*data + *size - unit, "\0\0", unit)) *size -= unit;
        }
    }
    else hr = PROP_TYPE(value->ulPropTag) == PT_ERROR ? value->Value.err : MAPI_E_NOT_FOUND;
    MAPIFreeBuffer(value);
    return hr;
}

/* Reads PR_BODY, Unicode or not. */
static HRESULT read_body(IMessage *message, struct text_buffer *body)
{
    BYTE *data;
    ULONG size;
    HRESULT hr;

    if (SUCCEEDED(hr = read_string_property(message, PR_BODY_W, &data, &size)))
        text_append(body, (WCHAR *)data, size / sizeof(WCHAR));
    else if (hr == MAPI_E_NOT_FOUND && SUCCEEDED(hr = read_string_property(message, PR_BODY_A, &data, &size)))
    {
        int length = MultiByteToWideChar(CP_ACP, 0, (char *)data, size, NULL, 0);

        if (reserve((void **)&body->data, &body->capacity, length + 1, sizeof(WCHAR)))
        {
            body->length = MultiByteToWideChar(CP_ACP, 0, (char *)data, size, body->data, length);
            body->data[body->length] = 0;
        }
        else body->failed = TRUE;
    }
    if (FAILED(hr)) return hr;
    HeapFree(GetProcessHeap(), 0, data);
    return body->failed ? MAPI_E_NOT_ENOUGH_MEMORY : S_OK;
}

static HRESULT write_body(IMessage *message, const struct text_buffer *body)
{
    SPropProblemArray *problems = NULL;
    SPropValue value;
    HRESULT hr;

    value.ulPropTag = PR_BODY_W;
    value.dwAlignPad = 0;
    value.Value.lpszW = body->data;
    /* In ANSI to a store that takes no Unicode. */
    hr = mapi_set_props_w((IMAPIProp *)message, 1, &value, &problems);
    if (SUCCEEDED(hr) && problems && problems->cProblem) hr = problems->aProblem[0].scode;
    MAPIFreeBuffer(problems);
    /* Too big to set by value: a stores wants it written through a stream. */
    if (hr == MAPI_E_NOT_ENOUGH_MEMORY || hr == MAPI_E_TOO_BIG)
        hr = mapi_write_text_w((IMAPIProp *)message, PR_BODY_W, body->data, body->length);
    return hr;
}

struct sync_state
{
    BOOL have_summary;
    DWORD crc;
    ULONG count;
    ULONG prefix;
    ULONG trailing;
    BOOL in_sync;
    BOOL have_rtf;
    ULONG store_support;
};

static HRESULT read_sync_state(IMessage *message, struct sync_state *state)
{
    SizedSPropTagArray(7, tags) =
    {
        7, { PR_RTF_SYNC_BODY_CRC, PR_RTF_SYNC_BODY_COUNT, PR_RTF_IN_SYNC, PR_RTF_COMPRESSED, PR_STORE_SUPPORT_MASK,
             PR_RTF_SYNC_PREFIX_COUNT, PR_RTF_SYNC_TRAILING_COUNT }
    };
    SPropValue *values = NULL;
    ULONG count;
    HRESULT hr;

    memset(state, 0, sizeof(*state));
    hr = IMessage_GetProps(message, (SPropTagArray *)&tags, 0, &count, &values);
    if (FAILED(hr)) return hr;
    if (count != ARRAY_SIZE(tags.aulPropTag))
    {
        MAPIFreeBuffer(values);
        return MAPI_E_CALL_FAILED;
    }
    state->have_summary = values[0].ulPropTag == PR_RTF_SYNC_BODY_CRC && values[1].ulPropTag == PR_RTF_SYNC_BODY_COUNT;
    state->crc = values[0].Value.l;
    state->count = values[1].Value.l;
    state->in_sync = values[2].ulPropTag == PR_RTF_IN_SYNC && values[2].Value.b;
    /* Present but too big to be read by value still counts. */
    state->have_rtf = values[3].ulPropTag == PR_RTF_COMPRESSED ||
                      (PROP_TYPE(values[3].ulPropTag) == PT_ERROR && values[3].Value.err == MAPI_E_NOT_ENOUGH_MEMORY);
    if (values[4].ulPropTag == PR_STORE_SUPPORT_MASK) state->store_support = values[4].Value.l;
    if (values[5].ulPropTag == PR_RTF_SYNC_PREFIX_COUNT) state->prefix = values[5].Value.l;
    if (values[6].ulPropTag == PR_RTF_SYNC_TRAILING_COUNT) state->trailing = values[6].Value.l;
    MAPIFreeBuffer(values);
    return S_OK;
}

static BOOL same_text(const struct sync_state *state, const struct body_summary *summary)
{
    return state->have_summary && state->crc == summary->crc && state->count == summary->count;
}

/* The sync properties already describe this body exactly. */
static BOOL up_to_date(const struct sync_state *state, const struct body_summary *summary)
{
    return state->in_sync && same_text(state, summary) &&
           state->prefix == summary->prefix && state->trailing == summary->trailing;
}

static HRESULT write_sync_properties(IMessage *message, const struct body_summary *summary)
{
    SPropValue values[6];

    memset(values, 0, sizeof(values));
    values[0].ulPropTag = PR_RTF_SYNC_BODY_CRC;
    values[0].Value.l = summary->crc;
    values[1].ulPropTag = PR_RTF_SYNC_BODY_COUNT;
    values[1].Value.l = summary->count;
    values[2].ulPropTag = PR_RTF_SYNC_PREFIX_COUNT;
    values[2].Value.l = summary->prefix;
    values[3].ulPropTag = PR_RTF_SYNC_TRAILING_COUNT;
    values[3].Value.l = summary->trailing;
    values[4].ulPropTag = PR_RTF_IN_SYNC;
    values[4].Value.b = TRUE;
    values[5].ulPropTag = PR_RTF_SYNC_BODY_TAG_A;
    values[5].Value.lpszA = (char *)summary->tag;
    return IMessage_SetProps(message, ARRAY_SIZE(values), values, NULL);
}

/* PR_BODY changed: the RTF becomes a \fromtext wrapper of it. */
static HRESULT sync_rtf_from_body(IMessage *message, BOOL *updated)
{
    struct text_buffer body = { 0 };
    struct byte_buffer rtf = { 0 };
    struct body_summary summary;
    struct sync_state state;
    BYTE *packed = NULL;
    ULONG packed_size;
    HRESULT hr;

    if (FAILED(hr = read_sync_state(message, &state))) return hr;
    hr = read_body(message, &body);
    if (hr == MAPI_E_NOT_FOUND) text_append(&body, NULL, 0);
    else if (FAILED(hr)) goto done;
    if (body.failed)
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    summarize_body(body.data, body.length, &summary);

    if (state.have_rtf && same_text(&state, &summary))
    {
        /* Only white space changed: the RTF, with whatever formatting it has, still says it. */
        TRACE("body text unchanged\n");
        hr = S_OK;
        if (!up_to_date(&state, &summary) && SUCCEEDED(hr = write_sync_properties(message, &summary)))
            *updated = TRUE;
        goto done;
    }

    rtf_from_text(body.data, body.length, &rtf);
    if (rtf.failed)
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    if (FAILED(hr = rtf_compress(rtf.data, rtf.size, !!(state.store_support & STORE_UNCOMPRESSED_RTF),
                                 &packed, &packed_size)))
        goto done;
    if (FAILED(hr = mapi_write_stream_prop((IMAPIProp *)message, PR_RTF_COMPRESSED, packed, packed_size))) goto done;
    *updated = TRUE;
    hr = write_sync_properties(message, &summary);

done:
    HeapFree(GetProcessHeap(), 0, packed);
    HeapFree(GetProcessHeap(), 0, rtf.data);
    HeapFree(GetProcessHeap(), 0, body.data);
    return hr;
}

/* PR_RTF_COMPRESSED changed: PR_BODY becomes its text, unless it already says that. */
static HRESULT sync_body_from_rtf(IMessage *message, BOOL *updated)
{
    struct text_buffer text = { 0 }, body = { 0 };
    struct body_summary summary, body_summary;
    struct sync_state state;
    BYTE *rtf = NULL;
    ULONG rtf_size;
    IStream *compressed;
    HRESULT hr;

    if (FAILED(hr = read_sync_state(message, &state))) return hr;
    if (FAILED(hr = IMessage_OpenProperty(message, PR_RTF_COMPRESSED, &IID_IStream, STGM_READ, 0,
                                          (IUnknown **)&compressed)))
        return hr;
    hr = rtf_decompress_stream(compressed, &rtf, &rtf_size);
    IStream_Release(compressed);
    if (FAILED(hr)) return hr;

    text_from_rtf(rtf, rtf_size, &text);
    if (text.failed)
    {
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    summarize_body(text.data, text.length, &summary);

    hr = read_body(message, &body);
    if (hr != MAPI_E_NOT_FOUND && FAILED(hr)) goto done;
    if (SUCCEEDED(hr)) summarize_body(body.data, body.length, &body_summary);
    if (SUCCEEDED(hr) && body_summary.crc == summary.crc && body_summary.count == summary.count)
    {
        /* The body says it already, in its own white space. */
        if (up_to_date(&state, &body_summary))
        {
            TRACE("already in sync\n");
            goto done;
        }
        summary = body_summary;
    }
    else
    {
        if (FAILED(hr = write_body(message, &text))) goto done;
        *updated = TRUE;
    }
    if (SUCCEEDED(hr = write_sync_properties(message, &summary))) *updated = TRUE;

done:
    HeapFree(GetProcessHeap(), 0, rtf);
    HeapFree(GetProcessHeap(), 0, text.data);
    HeapFree(GetProcessHeap(), 0, body.data);
    return hr;
}

/**************************************************************************
 *  RTFSync@12 (MAPI32.183)
 *
 * Brings PR_BODY and PR_RTF_COMPRESSED of a message back in step after one
 * of them changed.
 *
 * PARAMS
 *  message [I] The message.
 *  flags   [I] RTF_SYNC_BODY_CHANGED, RTF_SYNC_RTF_CHANGED, or both.
 *  updated [O] TRUE if properties of the message were changed: the caller
 *              should then call SaveChanges.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for NULL pointers, MAPI_E_UNKNOWN_FLAGS,
 *           MAPI_E_CORRUPT_DATA for damaged compressed RTF, or the error of
 *           the message.
 *
 * NOTES
 *  Body changed: unless only white space changed (PR_RTF_SYNC_BODY_CRC and
 *  _COUNT still match), the RTF becomes the plain text wrapped as \fromtext
 *  RTF, stored uncompressed if PR_STORE_SUPPORT_MASK has STORE_UNCOMPRESSED_RTF.
 *  RTF changed (or both): PR_BODY becomes the text of the RTF, unless it
 *  already has the same significant characters. Either way the sync
 *  properties describe the body afterwards and PR_RTF_IN_SYNC is TRUE.
 *  Only what the message says counts: Windows' sync algorithm itself is not
 *  documented, so the CRC and tag are ours and mean nothing to Windows.
 */
HRESULT WINAPI RTFSync(LPMESSAGE message, ULONG flags, BOOL *updated)
{
    TRACE("(%p,%#lx,%p)\n", message, flags, updated);

    if (!message || !updated) return MAPI_E_INVALID_PARAMETER;
    *updated = FALSE;
    if (flags & ~(RTF_SYNC_RTF_CHANGED | RTF_SYNC_BODY_CHANGED))
    {
        WARN("unknown flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }

    /* Both changed: the RTF says more than the text, so it wins. */
    if (flags & RTF_SYNC_RTF_CHANGED) return sync_body_from_rtf(message, updated);
    if (flags & RTF_SYNC_BODY_CHANGED) return sync_rtf_from_body(message, updated);
    return S_OK;
}
