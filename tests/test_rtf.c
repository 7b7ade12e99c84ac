/*
 * WrapCompressedRTFStream against the worked examples of [MS-OXRTFCP],
 * round trips through our own writer, damaged input; RTFSync on a small
 * property bag standing in for a message.
 */

#define COBJMACROS
#include <stdio.h>
#include "mapi32_test.h"

/* mapiutil.h of the SDK declares these; Wine's does not. */
HRESULT WINAPI WrapCompressedRTFStream(IStream *compressed, ULONG flags, IStream **uncompressed);
HRESULT WINAPI RTFSync(IMessage *message, ULONG flags, BOOL *updated);

#ifndef STORE_UNCOMPRESSED_RTF
#define STORE_UNCOMPRESSED_RTF 0x00008000
#endif
#ifndef RTF_SYNC_RTF_CHANGED
#define RTF_SYNC_RTF_CHANGED  0x00000001
#define RTF_SYNC_BODY_CHANGED 0x00000002
#endif

/* [MS-OXRTFCP] 3.1.1: "Simple Compressed RTF". */
static const BYTE spec_simple[] =
{
    0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7, 0xa7,
    0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a, 0xf3, 0x20,
    0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f,
    0xa0,
};
static const char spec_simple_rtf[] = "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n";

/* [MS-OXRTFCP] 3.1.2: a reference that reads what it is writing. */
static const BYTE spec_overlap[] =
{
    0x1a, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xe2, 0xd4, 0x4b, 0x51,
    0x41, 0x00, 0x04, 0x20, 0x57, 0x58, 0x59, 0x5a, 0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0,
};
static const char spec_overlap_rtf[] = "{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}";

/* [MS-OXRTFCP] 2.1.2.1: the dictionary every stream starts with. */
static const char initial_dictionary[] =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
    "\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
    "{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

/* The test's own CRC ([MS-OXRTFCP] 2.1.3.2), to build damaged streams whose CRC is right. */
static DWORD crc32_of(const BYTE *data, ULONG size)
{
    DWORD crc = 0;
    ULONG i;
    int bit;

    for (i = 0; i < size; i++)
    {
        crc ^= data[i];
        for (bit = 0; bit < 8; bit++) crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
    }
    return crc;
}

static void put_dword(BYTE *p, DWORD value)
{
    memcpy(p, &value, sizeof(value));
}

static DWORD get_dword(const BYTE *p)
{
    DWORD value;
    memcpy(&value, p, sizeof(value));
    return value;
}

/* A header and contents; the CRC is computed unless told. */
static ULONG make_stream_bytes(BYTE *out, DWORD magic, ULONG raw_size, const BYTE *contents, ULONG size)
{
    put_dword(out, size + 12);
    put_dword(out + 4, raw_size);
    put_dword(out + 8, magic);
    put_dword(out + 12, magic == 0x75465a4c ? crc32_of(contents, size) : 0);
    memcpy(out + 16, contents, size);
    return size + 16;
}

static IStream *stream_on(const void *data, ULONG size)
{
    IStream *stream;
    ULONG written;
    LARGE_INTEGER zero = {{0}};

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    if (size)
    {
        assert_hr_equal(S_OK, IStream_Write(stream, data, size, &written));
        assert_int_equal(written, size);
    }
    assert_hr_equal(S_OK, IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL));
    return stream;
}

/* The whole content of a stream, in a HeapAlloc'ed buffer. */
static BYTE *stream_contents(IStream *stream, ULONG *size)
{
    STATSTG stat;
    HGLOBAL global;
    BYTE *copy;

    assert_hr_equal(S_OK, IStream_Stat(stream, &stat, STATFLAG_NONAME));
    assert_hr_equal(S_OK, GetHGlobalFromStream(stream, &global));
    *size = stat.cbSize.u.LowPart;
    copy = HeapAlloc(GetProcessHeap(), 0, *size + 1);
    memcpy(copy, GlobalLock(global), *size);
    GlobalUnlock(global);
    return copy;
}

static BYTE *read_all(IStream *stream, ULONG *size)
{
    ULONG capacity = 256, count;
    BYTE *buffer = HeapAlloc(GetProcessHeap(), 0, capacity);

    *size = 0;
    for (;;)
    {
        if (*size == capacity) buffer = HeapReAlloc(GetProcessHeap(), 0, buffer, capacity *= 2);
        /* Odd-sized reads, so that no read lines up with anything. */
        assert_hr_equal(S_OK, IStream_Read(stream, buffer + *size, min(capacity - *size, 77), &count));
        if (!count) break;
        *size += count;
    }
    return buffer;
}

/* Decompresses bytes with WrapCompressedRTFStream; returns its HRESULT. */
static HRESULT decompress(const BYTE *packed, ULONG packed_size, BYTE **raw, ULONG *raw_size)
{
    IStream *compressed = stream_on(packed, packed_size), *rtf = (IStream *)0xdeadbeef;
    HRESULT hr;

    *raw = NULL;
    hr = WrapCompressedRTFStream(compressed, 0, &rtf);
    if (SUCCEEDED(hr))
    {
        *raw = read_all(rtf, raw_size);
        IStream_Release(rtf);
    }
    else assert_null(rtf);
    IStream_Release(compressed);
    return hr;
}

/* Compresses with WrapCompressedRTFStream(MAPI_MODIFY | extra_flags), written in pieces. */
static BYTE *compress(const void *raw, ULONG raw_size, ULONG extra_flags, ULONG *packed_size)
{
    IStream *compressed, *rtf;
    ULONG done = 0, written;
    BYTE *packed;

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &compressed));
    assert_hr_equal(S_OK, WrapCompressedRTFStream(compressed, MAPI_MODIFY | extra_flags, &rtf));
    while (done < raw_size)
    {
        ULONG piece = min(raw_size - done, 1000);
        assert_hr_equal(S_OK, IStream_Write(rtf, (const BYTE *)raw + done, piece, &written));
        assert_int_equal(written, piece);
        done += piece;
    }
    assert_hr_equal(S_OK, IStream_Commit(rtf, STGC_DEFAULT));
    IStream_Release(rtf);
    packed = stream_contents(compressed, packed_size);
    IStream_Release(compressed);
    return packed;
}

/* Builds COMPRESSEDDATA token by token. */
struct tokens
{
    BYTE bytes[200];
    ULONG size;
    ULONG control;
    BYTE bit;
};

static void tokens_init(struct tokens *tokens)
{
    tokens->size = 0;
    tokens->bit = 0;
}

static void tokens_next(struct tokens *tokens, BOOL reference)
{
    if (!tokens->bit)
    {
        tokens->control = tokens->size;
        tokens->bytes[tokens->size++] = 0;
        tokens->bit = 1;
    }
    if (reference) tokens->bytes[tokens->control] |= tokens->bit;
    tokens->bit <<= 1;
}

static void tokens_literal(struct tokens *tokens, BYTE byte)
{
    tokens_next(tokens, FALSE);
    tokens->bytes[tokens->size++] = byte;
}

/* length 0 for the end marker */
static void tokens_reference(struct tokens *tokens, ULONG offset, ULONG length)
{
    tokens_next(tokens, TRUE);
    tokens->bytes[tokens->size++] = offset >> 4;
    tokens->bytes[tokens->size++] = ((offset << 4) & 0xf0) | (length ? length - 2 : 0);
}

static void test_spec_example_simple(void **state)
{
    BYTE *raw;
    ULONG size;

    assert_hr_equal(S_OK, decompress(spec_simple, sizeof(spec_simple), &raw, &size));
    assert_int_equal(size, strlen(spec_simple_rtf));
    assert_memory_equal(raw, spec_simple_rtf, size);
    HeapFree(GetProcessHeap(), 0, raw);
    assert_int_equal(crc32_of(spec_simple + 16, sizeof(spec_simple) - 16), 0xa7c7c5f1);
}

static void test_spec_example_overlap(void **state)
{
    BYTE *raw;
    ULONG size;

    assert_hr_equal(S_OK, decompress(spec_overlap, sizeof(spec_overlap), &raw, &size));
    assert_int_equal(size, strlen(spec_overlap_rtf));
    assert_memory_equal(raw, spec_overlap_rtf, size);
    HeapFree(GetProcessHeap(), 0, raw);
}

/* Our writer finds the same matches as the specification's, byte for byte. */
static void test_compress_gives_spec_bytes(void **state)
{
    BYTE *packed;
    ULONG size;

    packed = compress(spec_simple_rtf, strlen(spec_simple_rtf), 0, &size);
    assert_int_equal(size, sizeof(spec_simple));
    assert_memory_equal(packed, spec_simple, size);
    HeapFree(GetProcessHeap(), 0, packed);

    packed = compress(spec_overlap_rtf, strlen(spec_overlap_rtf), 0, &size);
    assert_int_equal(size, sizeof(spec_overlap));
    assert_memory_equal(packed, spec_overlap, size);
    HeapFree(GetProcessHeap(), 0, packed);
}

/* Thirteen references copy the whole initial dictionary out: it is the specification's. */
static void test_initial_dictionary(void **state)
{
    struct tokens tokens;
    BYTE packed[96], *raw;
    ULONG packed_size, raw_size, offset;

    assert_int_equal(strlen(initial_dictionary), 207);
    tokens_init(&tokens);
    for (offset = 0; offset < 204; offset += 17) tokens_reference(&tokens, offset, 17);
    tokens_reference(&tokens, 204, 3);
    /* The end marker: the write offset, 207 + 207. */
    tokens_reference(&tokens, 414, 0);
    packed_size = make_stream_bytes(packed, 0x75465a4c, 207, tokens.bytes, tokens.size);

    assert_hr_equal(S_OK, decompress(packed, packed_size, &raw, &raw_size));
    assert_int_equal(raw_size, 207);
    assert_memory_equal(raw, initial_dictionary, 207);
    HeapFree(GetProcessHeap(), 0, raw);
}

static void check_round_trip(const BYTE *data, ULONG size, ULONG flags)
{
    BYTE *packed, *raw;
    ULONG packed_size, raw_size;

    packed = compress(data, size, flags, &packed_size);
    assert_true(packed_size >= 16);
    assert_int_equal(get_dword(packed), packed_size - 4);
    assert_int_equal(get_dword(packed + 4), size);
    if (flags & STORE_UNCOMPRESSED_RTF)
    {
        assert_memory_equal(packed + 8, "MELA", 4);
        assert_int_equal(get_dword(packed + 12), 0);
        assert_int_equal(packed_size, size + 16);
        if (size) assert_memory_equal(packed + 16, data, size);
    }
    else
    {
        assert_memory_equal(packed + 8, "LZFu", 4);
        assert_int_equal(get_dword(packed + 12), crc32_of(packed + 16, packed_size - 16));
    }

    assert_hr_equal(S_OK, decompress(packed, packed_size, &raw, &raw_size));
    assert_int_equal(raw_size, size);
    if (size) assert_memory_equal(raw, data, size);
    HeapFree(GetProcessHeap(), 0, raw);
    HeapFree(GetProcessHeap(), 0, packed);
}

static ULONG compressed_size(const BYTE *data, ULONG size)
{
    ULONG packed_size;
    HeapFree(GetProcessHeap(), 0, compress(data, size, 0, &packed_size));
    return packed_size;
}

static void test_round_trips(void **state)
{
    static const char rtf[] = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\pard\\b bold\\b0 text\\par }";
    ULONG i, seed = 12345, size;
    BYTE *buffer = HeapAlloc(GetProcessHeap(), 0, 70000);

    check_round_trip(NULL, 0, 0);
    check_round_trip((const BYTE *)"x", 1, 0);
    check_round_trip((const BYTE *)"{}", 2, 0);
    check_round_trip((const BYTE *)rtf, strlen(rtf), 0);
    check_round_trip((const BYTE *)initial_dictionary, 207, 0);

    /* Long repetitive text: the ring wraps many times, matches cross its end. */
    for (i = 0, size = 0; size < 20000; i++)
        size += sprintf((char *)buffer + size, "line %lu of the message body\\par\r\n", i % 37);
    check_round_trip(buffer, size, 0);
    assert_true(compressed_size(buffer, size) < size / 3);

    /* One byte over and over: every match reads what it writes. */
    memset(buffer, 'a', 9000);
    check_round_trip(buffer, 9000, 0);
    assert_true(compressed_size(buffer, 9000) < 1500);

    /* Random bytes: almost nothing matches. */
    for (i = 0; i < 70000; i++)
    {
        seed = seed * 1103515245 + 12345;
        buffer[i] = seed >> 16;
    }
    check_round_trip(buffer, 70000, 0);
    assert_true(compressed_size(buffer, 70000) <= 70000 + 70000 / 8 + 20);

    /* Every byte value, including the dictionary's and NUL. */
    for (i = 0; i < 5000; i++) buffer[i] = (i * 7) % 256;
    check_round_trip(buffer, 5000, 0);

    /* Stored uncompressed. */
    check_round_trip(NULL, 0, STORE_UNCOMPRESSED_RTF);
    check_round_trip((const BYTE *)rtf, strlen(rtf), STORE_UNCOMPRESSED_RTF);
    check_round_trip(buffer, 5000, STORE_UNCOMPRESSED_RTF);

    HeapFree(GetProcessHeap(), 0, buffer);
}

/* An empty RTF compresses to a control byte and the end marker. */
static void test_compress_empty(void **state)
{
    static const BYTE expected[] = { 0x01, 0x0c, 0xf0 };
    BYTE *packed;
    ULONG size;

    packed = compress(NULL, 0, 0, &size);
    assert_int_equal(size, 16 + sizeof(expected));
    assert_memory_equal(packed + 16, expected, sizeof(expected));
    HeapFree(GetProcessHeap(), 0, packed);
}

/* [MS-OXRTFCP] 2.2.3.1: a "MELA" stream is copied; its CRC is not looked at. */
static void test_read_uncompressed(void **state)
{
    static const char text[] = "{\\rtf1 plain}";
    BYTE packed[64], *raw;
    ULONG size, raw_size;

    size = make_stream_bytes(packed, 0x414c454d, strlen(text), (const BYTE *)text, strlen(text));
    put_dword(packed + 12, 0xdeadbeef);
    assert_hr_equal(S_OK, decompress(packed, size, &raw, &raw_size));
    assert_int_equal(raw_size, strlen(text));
    assert_memory_equal(raw, text, raw_size);
    HeapFree(GetProcessHeap(), 0, raw);

    /* Padding after the RTF is not part of it. */
    size = make_stream_bytes(packed, 0x414c454d, 5, (const BYTE *)text, strlen(text));
    assert_hr_equal(S_OK, decompress(packed, size, &raw, &raw_size));
    assert_int_equal(raw_size, 5);
    assert_memory_equal(raw, text, 5);
    HeapFree(GetProcessHeap(), 0, raw);
}

static void check_corrupt(const BYTE *packed, ULONG size)
{
    BYTE *raw = NULL;
    ULONG raw_size;

    assert_hr_equal(MAPI_E_CORRUPT_DATA, decompress(packed, size, &raw, &raw_size));
    assert_null(raw);
}

static void test_corrupt_input(void **state)
{
    struct tokens tokens;
    BYTE packed[256], *raw;
    ULONG size, raw_size, i;

    /* Nothing, or less than a header. */
    check_corrupt(NULL, 0);
    check_corrupt(spec_simple, 15);

    /* Neither "LZFu" nor "MELA". */
    memcpy(packed, spec_simple, sizeof(spec_simple));
    memcpy(packed + 8, "LZFX", 4);
    check_corrupt(packed, sizeof(spec_simple));

    /* A CRC that does not match, or contents that do not match the CRC. */
    memcpy(packed, spec_simple, sizeof(spec_simple));
    packed[12] ^= 1;
    check_corrupt(packed, sizeof(spec_simple));
    memcpy(packed, spec_simple, sizeof(spec_simple));
    packed[30] ^= 0x40;
    check_corrupt(packed, sizeof(spec_simple));

    /* Truncated: the CRC is of all of it. */
    check_corrupt(spec_simple, sizeof(spec_simple) - 3);

    /* COMPSIZE claims more than the stream has, hugely or by one byte. */
    memcpy(packed, spec_simple, sizeof(spec_simple));
    put_dword(packed, 0xffffffff);
    check_corrupt(packed, sizeof(spec_simple));
    put_dword(packed, sizeof(spec_simple) - 3);
    check_corrupt(packed, sizeof(spec_simple));
    /* COMPSIZE smaller than the rest of the header. */
    put_dword(packed, 11);
    check_corrupt(packed, sizeof(spec_simple));

    /* RAWSIZE lies: more, less, impossibly much (no allocation of 4 GB follows). */
    memcpy(packed, spec_simple, sizeof(spec_simple));
    put_dword(packed + 4, 0x2c);
    check_corrupt(packed, sizeof(spec_simple));
    put_dword(packed + 4, 0x2a);
    check_corrupt(packed, sizeof(spec_simple));
    put_dword(packed + 4, 0xfffffff0);
    check_corrupt(packed, sizeof(spec_simple));
    put_dword(packed + 4, 0);
    check_corrupt(packed, sizeof(spec_simple));

    /* No end marker, with a right CRC. */
    size = make_stream_bytes(packed, 0x75465a4c, 2, (const BYTE *)"\0ab", 3);
    check_corrupt(packed, size);
    /* A control byte promising a reference the data does not hold. */
    size = make_stream_bytes(packed, 0x75465a4c, 2, (const BYTE *)"\x04" "ab\x0c", 4);
    check_corrupt(packed, size);
    /* No contents at all. */
    size = make_stream_bytes(packed, 0x75465a4c, 0, NULL, 0);
    check_corrupt(packed, size);

    /* A reference past what was written: offset 300 when 207 bytes are. */
    tokens_init(&tokens);
    tokens_reference(&tokens, 300, 5);
    tokens_reference(&tokens, 212, 0);
    size = make_stream_bytes(packed, 0x75465a4c, 5, tokens.bytes, tokens.size);
    check_corrupt(packed, size);

    /* The same reference once 307 bytes are written reads what is there. */
    tokens_init(&tokens);
    for (i = 0; i < 100; i++) tokens_literal(&tokens, 'a' + i % 26);
    tokens_reference(&tokens, 300, 5);
    tokens_reference(&tokens, 312, 0);
    size = make_stream_bytes(packed, 0x75465a4c, 105, tokens.bytes, tokens.size);
    assert_hr_equal(S_OK, decompress(packed, size, &raw, &raw_size));
    assert_int_equal(raw_size, 105);
    assert_memory_equal(raw + 100, raw + 93, 5);
    HeapFree(GetProcessHeap(), 0, raw);

    /* "MELA" with fewer bytes than RAWSIZE. */
    size = make_stream_bytes(packed, 0x414c454d, 10, (const BYTE *)"short", 5);
    check_corrupt(packed, size);
}

/* Damage anywhere, with a right CRC: decoded exactly, or refused; never more. */
static void test_mutations(void **state)
{
    ULONG i, size, packed_size, seed = 99, raw_size, decoded = 0;
    BYTE *text = HeapAlloc(GetProcessHeap(), 0, 6000), *packed, *mutated, *raw;
    HRESULT hr;

    for (i = 0, size = 0; size < 5000; i++)
        size += sprintf((char *)text + size, "{\\b word %lu}\\par ", i % 13);
    packed = compress(text, size, 0, &packed_size);
    mutated = HeapAlloc(GetProcessHeap(), 0, packed_size);

    for (i = 0; i < 3000; i++)
    {
        ULONG at, length = packed_size;

        memcpy(mutated, packed, packed_size);
        seed = seed * 1103515245 + 12345;
        at = 16 + (seed >> 8) % (packed_size - 16);
        mutated[at] ^= 1 + (seed >> 20) % 255;
        if (i % 3 == 0)
        {
            /* Cut short, with the header telling the truth about it. */
            length = at + 1;
            put_dword(mutated, length - 4);
        }
        put_dword(mutated + 12, crc32_of(mutated + 16, length - 16));
        hr = decompress(mutated, length, &raw, &raw_size);
        if (hr == S_OK)
        {
            assert_int_equal(raw_size, size);
            decoded++;
            HeapFree(GetProcessHeap(), 0, raw);
        }
        else assert_hr_equal(MAPI_E_CORRUPT_DATA, hr);
    }
    /* Some damage only changes a literal: that decodes, to something else. */
    assert_true(decoded > 0);
    HeapFree(GetProcessHeap(), 0, mutated);
    HeapFree(GetProcessHeap(), 0, packed);
    HeapFree(GetProcessHeap(), 0, text);
}

static void test_wrap_bad_parameters(void **state)
{
    IStream *compressed = stream_on(spec_simple, sizeof(spec_simple)), *rtf = (IStream *)0xdeadbeef;
    char buffer[64];
    ULONG count;

    /* STORE_UNCOMPRESSED_RTF only matters for writing. */
    assert_hr_equal(S_OK, WrapCompressedRTFStream(compressed, STORE_UNCOMPRESSED_RTF, &rtf));
    assert_hr_equal(S_OK, IStream_Read(rtf, buffer, sizeof(buffer), &count));
    assert_int_equal(count, strlen(spec_simple_rtf));
    assert_memory_equal(buffer, spec_simple_rtf, count);
    IStream_Release(rtf);
    rtf = (IStream *)0xdeadbeef;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, WrapCompressedRTFStream(NULL, 0, &rtf));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, WrapCompressedRTFStream(compressed, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, WrapCompressedRTFStream(compressed, 0x4, &rtf));
    assert_null(rtf);
    IStream_Release(compressed);
}

static void test_read_stream_methods(void **state)
{
    IStream *compressed = stream_on(spec_simple, sizeof(spec_simple)), *rtf, *clone = (IStream *)1, *copy;
    ULARGE_INTEGER position, big, copied_read, copied_written;
    LARGE_INTEGER move;
    STATSTG stat;
    char buffer[64];
    ULONG count;
    BYTE *copied;

    assert_hr_equal(S_OK, WrapCompressedRTFStream(compressed, 0, &rtf));
    IStream_Release(compressed);

    assert_hr_equal(S_OK, IStream_Stat(rtf, &stat, STATFLAG_NONAME));
    assert_int_equal(stat.type, STGTY_STREAM);
    assert_int_equal(stat.cbSize.QuadPart, strlen(spec_simple_rtf));

    assert_hr_equal(S_OK, IStream_Read(rtf, buffer, 6, &count));
    assert_int_equal(count, 6);
    assert_memory_equal(buffer, "{\\rtf1", 6);

    /* Seeking within the decoded RTF. */
    move.QuadPart = 0;
    assert_hr_equal(S_OK, IStream_Seek(rtf, move, STREAM_SEEK_CUR, &position));
    assert_int_equal(position.QuadPart, 6);
    move.QuadPart = 29;
    assert_hr_equal(S_OK, IStream_Seek(rtf, move, STREAM_SEEK_SET, &position));
    assert_int_equal(position.QuadPart, 29);
    assert_hr_equal(S_OK, IStream_Read(rtf, buffer, 5, &count));
    assert_memory_equal(buffer, "hello", 5);
    move.QuadPart = -3;
    assert_hr_equal(S_OK, IStream_Seek(rtf, move, STREAM_SEEK_END, &position));
    assert_int_equal(position.QuadPart, strlen(spec_simple_rtf) - 3);
    assert_hr_equal(S_OK, IStream_Read(rtf, buffer, sizeof(buffer), &count));
    assert_int_equal(count, 3);
    assert_memory_equal(buffer, "}\r\n", 3);
    assert_hr_equal(S_OK, IStream_Read(rtf, buffer, sizeof(buffer), &count));
    assert_int_equal(count, 0);
    move.QuadPart = -1;
    assert_hr_equal(STG_E_INVALIDFUNCTION, IStream_Seek(rtf, move, STREAM_SEEK_SET, NULL));

    /* CopyTo from the current position. */
    move.QuadPart = 7;
    assert_hr_equal(S_OK, IStream_Seek(rtf, move, STREAM_SEEK_SET, NULL));
    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &copy));
    big.QuadPart = 1000;
    assert_hr_equal(S_OK, IStream_CopyTo(rtf, copy, big, &copied_read, &copied_written));
    assert_int_equal(copied_read.QuadPart, strlen(spec_simple_rtf) - 7);
    assert_int_equal(copied_written.QuadPart, strlen(spec_simple_rtf) - 7);
    copied = stream_contents(copy, &count);
    assert_memory_equal(copied, spec_simple_rtf + 7, count);
    HeapFree(GetProcessHeap(), 0, copied);
    IStream_Release(copy);

    /* Read-only; no size, lock, revert or clone. */
    assert_hr_equal(STG_E_ACCESSDENIED, IStream_Write(rtf, "x", 1, &count));
    assert_hr_equal(STG_E_INVALIDFUNCTION, IStream_SetSize(rtf, big));
    assert_hr_equal(STG_E_INVALIDFUNCTION, IStream_LockRegion(rtf, position, big, LOCK_WRITE));
    assert_hr_equal(STG_E_INVALIDFUNCTION, IStream_UnlockRegion(rtf, position, big, LOCK_WRITE));
    assert_hr_equal(E_NOTIMPL, IStream_Revert(rtf));
    assert_hr_equal(E_NOTIMPL, IStream_Clone(rtf, &clone));
    assert_null(clone);
    assert_hr_equal(S_OK, IStream_Commit(rtf, STGC_DEFAULT));
    assert_int_equal(IStream_Release(rtf), 0);
}

static void test_write_stream_methods(void **state)
{
    IStream *compressed, *rtf;
    ULARGE_INTEGER position;
    LARGE_INTEGER move;
    STATSTG stat;
    char buffer[16];
    BYTE junk[500], *packed, *raw;
    ULONG count, size, raw_size;

    /* The wrapped stream holds a longer old value, and starts after a prefix. */
    memset(junk, 0x55, sizeof(junk));
    compressed = stream_on(junk, sizeof(junk));
    move.QuadPart = 10;
    assert_hr_equal(S_OK, IStream_Seek(compressed, move, STREAM_SEEK_SET, NULL));

    assert_hr_equal(S_OK, WrapCompressedRTFStream(compressed, MAPI_MODIFY, &rtf));
    assert_hr_equal(STG_E_ACCESSDENIED, IStream_Read(rtf, buffer, sizeof(buffer), &count));
    assert_hr_equal(S_OK, IStream_Write(rtf, "{\\rtf1 one", 10, &count));
    assert_int_equal(count, 10);

    /* Only asking where we are. */
    move.QuadPart = 0;
    assert_hr_equal(S_OK, IStream_Seek(rtf, move, STREAM_SEEK_CUR, &position));
    assert_int_equal(position.QuadPart, 10);
    assert_hr_equal(STG_E_INVALIDFUNCTION, IStream_Seek(rtf, move, STREAM_SEEK_SET, &position));
    assert_hr_equal(S_OK, IStream_Stat(rtf, &stat, STATFLAG_NONAME));
    assert_int_equal(stat.cbSize.QuadPart, 10);

    assert_hr_equal(S_OK, IStream_Commit(rtf, STGC_DEFAULT));
    packed = stream_contents(compressed, &size);
    assert_memory_equal(packed, junk, 10);
    assert_int_equal(size, 10 + get_dword(packed + 10) + 4);
    assert_hr_equal(S_OK, decompress(packed + 10, size - 10, &raw, &raw_size));
    assert_int_equal(raw_size, 10);
    assert_memory_equal(raw, "{\\rtf1 one", 10);
    HeapFree(GetProcessHeap(), 0, raw);
    HeapFree(GetProcessHeap(), 0, packed);

    /* More writing, then Release without Commit: the whole RTF replaces the first. */
    assert_hr_equal(S_OK, IStream_Write(rtf, " two}", 5, &count));
    assert_int_equal(IStream_Release(rtf), 0);
    packed = stream_contents(compressed, &size);
    assert_hr_equal(S_OK, decompress(packed + 10, size - 10, &raw, &raw_size));
    assert_int_equal(raw_size, 15);
    assert_memory_equal(raw, "{\\rtf1 one two}", 15);
    HeapFree(GetProcessHeap(), 0, raw);
    HeapFree(GetProcessHeap(), 0, packed);

    /* Wrapped for writing and released unwritten: the stream is left alone. */
    assert_hr_equal(S_OK, WrapCompressedRTFStream(compressed, MAPI_MODIFY, &rtf));
    assert_int_equal(IStream_Release(rtf), 0);
    packed = stream_contents(compressed, &count);
    assert_int_equal(count, size);
    HeapFree(GetProcessHeap(), 0, packed);
    IStream_Release(compressed);
}

/* A message as far as RTFSync needs one: a property bag whose OpenProperty gives
 * streams on HGLOBAL, which then hold the property. Values bigger than
 * max_by_value cannot be got or set by value, as in real stores. */
struct bag_property
{
    ULONG tag;
    LONG number;
    BYTE *bytes;        /* strings without terminator */
    ULONG size;
    IStream *stream;    /* once opened, the stream is the value */
};

struct bag
{
    IMessage IMessage_iface;
    LONG ref;
    struct bag_property properties[16];
    int count;
    ULONG max_by_value;
    int streams_opened;
};

static struct bag *impl_from_IMessage(IMessage *iface)
{
    return CONTAINING_RECORD(iface, struct bag, IMessage_iface);
}

static ULONG value_unit(ULONG tag)
{
    return PROP_TYPE(tag) == PT_UNICODE ? sizeof(WCHAR) : 1;
}

static BOOL has_bytes(ULONG tag)
{
    return PROP_TYPE(tag) == PT_STRING8 || PROP_TYPE(tag) == PT_UNICODE || PROP_TYPE(tag) == PT_BINARY;
}

static struct bag_property *bag_find(struct bag *bag, ULONG tag)
{
    int i;
    for (i = 0; i < bag->count; i++)
        if (bag->properties[i].tag == tag) return &bag->properties[i];
    return NULL;
}

static void bag_clear(struct bag_property *property)
{
    HeapFree(GetProcessHeap(), 0, property->bytes);
    property->bytes = NULL;
    property->size = 0;
    if (property->stream) IStream_Release(property->stream);
    property->stream = NULL;
}

/* The value's bytes, from the stream if it has one. */
static const BYTE *bag_bytes(struct bag_property *property, ULONG *size)
{
    if (property->stream)
    {
        HeapFree(GetProcessHeap(), 0, property->bytes);
        property->bytes = stream_contents(property->stream, &property->size);
        /* A string written through a stream may carry its terminator. */
        while (property->size && PROP_TYPE(property->tag) != PT_BINARY &&
               !memcmp(property->bytes + property->size - value_unit(property->tag), "\0\0", value_unit(property->tag)))
            property->size -= value_unit(property->tag);
    }
    *size = property->size;
    return property->bytes;
}

static struct bag_property *bag_set(struct bag *bag, ULONG tag, LONG number, const void *bytes, ULONG size)
{
    struct bag_property *property = bag_find(bag, tag);

    if (!property)
    {
        assert_true(bag->count < ARRAY_SIZE(bag->properties));
        property = &bag->properties[bag->count++];
        memset(property, 0, sizeof(*property));
        property->tag = tag;
    }
    bag_clear(property);
    property->number = number;
    if (has_bytes(tag))
    {
        property->bytes = HeapAlloc(GetProcessHeap(), 0, size + 1);
        if (size) memcpy(property->bytes, bytes, size);
        property->size = size;
    }
    return property;
}

static void bag_set_string(struct bag *bag, const WCHAR *text)
{
    bag_set(bag, PR_BODY_W, 0, text, lstrlenW(text) * sizeof(WCHAR));
}

/* The body as a NUL-terminated HeapAlloc'ed string. */
static WCHAR *bag_body(struct bag *bag)
{
    struct bag_property *property = bag_find(bag, PR_BODY_W);
    const BYTE *bytes;
    WCHAR *text;
    ULONG size;

    assert_non_null(property);
    bytes = bag_bytes(property, &size);
    text = HeapAlloc(GetProcessHeap(), 0, size + sizeof(WCHAR));
    memcpy(text, bytes, size);
    text[size / sizeof(WCHAR)] = 0;
    return text;
}

static LONG bag_number(struct bag *bag, ULONG tag)
{
    struct bag_property *property = bag_find(bag, tag);
    assert_non_null(property);
    return property->number;
}

/* Wide strings compared as UTF-8, so that a failure shows both. */
static void check_wide_equal_(const WCHAR *actual, const WCHAR *expected, int line)
{
    char a[4096], e[4096];

    WideCharToMultiByte(CP_UTF8, 0, actual, -1, a, sizeof(a), NULL, NULL);
    WideCharToMultiByte(CP_UTF8, 0, expected, -1, e, sizeof(e), NULL, NULL);
    _assert_string_equal(a, e, __FILE__, line);
}
#define check_wide_equal(actual, expected) check_wide_equal_(actual, expected, __LINE__)

static HRESULT WINAPI bag_QueryInterface(IMessage *iface, REFIID riid, void **obj)
{
    if (IsEqualIID(riid, &IID_IUnknown))
    {
        *obj = iface;
        IMessage_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI bag_AddRef(IMessage *iface)
{
    return InterlockedIncrement(&impl_from_IMessage(iface)->ref);
}

static ULONG WINAPI bag_Release(IMessage *iface)
{
    struct bag *bag = impl_from_IMessage(iface);
    ULONG ref = InterlockedDecrement(&bag->ref);
    int i;

    if (!ref)
    {
        for (i = 0; i < bag->count; i++) bag_clear(&bag->properties[i]);
        HeapFree(GetProcessHeap(), 0, bag);
    }
    return ref;
}

static HRESULT WINAPI bag_GetLastError(IMessage *iface, HRESULT hr, ULONG flags, MAPIERROR **error)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_SaveChanges(IMessage *iface, ULONG flags)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_GetProps(IMessage *iface, SPropTagArray *tags, ULONG flags, ULONG *count, SPropValue **values)
{
    struct bag *bag = impl_from_IMessage(iface);
    HRESULT hr = S_OK;
    ULONG i;

    if (!tags) return E_NOTIMPL;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(tags->cValues * sizeof(SPropValue), (void **)values));
    memset(*values, 0, tags->cValues * sizeof(SPropValue));
    for (i = 0; i < tags->cValues; i++)
    {
        struct bag_property *property = bag_find(bag, tags->aulPropTag[i]);
        SPropValue *value = &(*values)[i];
        const BYTE *bytes;
        ULONG size;

        value->ulPropTag = tags->aulPropTag[i];
        if (!property)
        {
            value->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
            value->Value.err = MAPI_E_NOT_FOUND;
            hr = MAPI_W_ERRORS_RETURNED;
            continue;
        }
        if (!has_bytes(property->tag))
        {
            value->Value.l = property->number;
            continue;
        }
        bytes = bag_bytes(property, &size);
        if (size > bag->max_by_value)
        {
            value->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(tags->aulPropTag[i]));
            value->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
            hr = MAPI_W_ERRORS_RETURNED;
            continue;
        }
        assert_hr_equal(S_OK, MAPIAllocateMore(size + sizeof(WCHAR), *values, (void **)&value->Value.bin.lpb));
        memcpy(value->Value.bin.lpb, bytes, size);
        memset(value->Value.bin.lpb + size, 0, sizeof(WCHAR));
        if (PROP_TYPE(property->tag) == PT_BINARY) value->Value.bin.cb = size;
        else value->Value.lpszA = (char *)value->Value.bin.lpb;
    }
    *count = tags->cValues;
    return hr;
}

static HRESULT WINAPI bag_GetPropList(IMessage *iface, ULONG flags, SPropTagArray **tags)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_OpenProperty(IMessage *iface, ULONG tag, const IID *iid, ULONG options, ULONG flags, IUnknown **unk)
{
    struct bag *bag = impl_from_IMessage(iface);
    struct bag_property *property = bag_find(bag, tag);
    LARGE_INTEGER zero = {{0}};
    ULARGE_INTEGER empty = {{0}};

    if (!IsEqualIID(iid, &IID_IStream) || !has_bytes(tag)) return MAPI_E_INTERFACE_NOT_SUPPORTED;
    if (!property)
    {
        if (!(flags & MAPI_CREATE)) return MAPI_E_NOT_FOUND;
        property = bag_set(bag, tag, 0, NULL, 0);
    }
    if (!property->stream) property->stream = stream_on(property->bytes, property->size);
    if (flags & MAPI_CREATE) assert_hr_equal(S_OK, IStream_SetSize(property->stream, empty));
    assert_hr_equal(S_OK, IStream_Seek(property->stream, zero, STREAM_SEEK_SET, NULL));
    IStream_AddRef(property->stream);
    *unk = (IUnknown *)property->stream;
    bag->streams_opened++;
    return S_OK;
}

static HRESULT WINAPI bag_SetProps(IMessage *iface, ULONG count, SPropValue *values, SPropProblemArray **problems)
{
    struct bag *bag = impl_from_IMessage(iface);
    SPropProblemArray *found;
    ULONG i;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(offsetof(SPropProblemArray, aProblem) + count * sizeof(SPropProblem), (void **)&found));
    found->cProblem = 0;
    for (i = 0; i < count; i++)
    {
        ULONG tag = values[i].ulPropTag, size = 0;
        const void *bytes = NULL;

        switch (PROP_TYPE(tag))
        {
        case PT_STRING8: bytes = values[i].Value.lpszA; size = strlen(bytes); break;
        case PT_UNICODE: bytes = values[i].Value.lpszW; size = lstrlenW(bytes) * sizeof(WCHAR); break;
        case PT_BINARY: bytes = values[i].Value.bin.lpb; size = values[i].Value.bin.cb; break;
        }
        if (size > bag->max_by_value)
        {
            found->aProblem[found->cProblem].ulIndex = i;
            found->aProblem[found->cProblem].ulPropTag = tag;
            found->aProblem[found->cProblem++].scode = MAPI_E_NOT_ENOUGH_MEMORY;
            continue;
        }
        bag_set(bag, tag, values[i].Value.l, bytes, size);
    }
    if (problems && found->cProblem) *problems = found;
    else
    {
        if (problems) *problems = NULL;
        MAPIFreeBuffer(found);
    }
    return S_OK;
}

static HRESULT WINAPI bag_DeleteProps(IMessage *iface, SPropTagArray *tags, SPropProblemArray **problems)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_CopyTo(IMessage *iface, ULONG count, const IID *excluded, SPropTagArray *exclude, ULONG ui,
                                 IMAPIProgress *progress, const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_CopyProps(IMessage *iface, SPropTagArray *include, ULONG ui, IMAPIProgress *progress,
                                    const IID *iid, void *dest, ULONG flags, SPropProblemArray **problems)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_GetNamesFromIDs(IMessage *iface, SPropTagArray **tags, GUID *guid, ULONG flags,
                                          ULONG *count, MAPINAMEID ***names)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_GetIDsFromNames(IMessage *iface, ULONG count, MAPINAMEID **names, ULONG flags, SPropTagArray **tags)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_GetAttachmentTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_OpenAttach(IMessage *iface, ULONG number, const IID *iid, ULONG flags, IAttach **attach)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_CreateAttach(IMessage *iface, const IID *iid, ULONG flags, ULONG *number, IAttach **attach)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_DeleteAttach(IMessage *iface, ULONG number, ULONG ui, IMAPIProgress *progress, ULONG flags)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_GetRecipientTable(IMessage *iface, ULONG flags, IMAPITable **table)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_ModifyRecipients(IMessage *iface, ULONG flags, ADRLIST *list)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_SubmitMessage(IMessage *iface, ULONG flags)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI bag_SetReadFlag(IMessage *iface, ULONG flags)
{
    return E_NOTIMPL;
}

static const IMessageVtbl bag_vtbl =
{
    bag_QueryInterface,
    bag_AddRef,
    bag_Release,
    bag_GetLastError,
    bag_SaveChanges,
    bag_GetProps,
    bag_GetPropList,
    bag_OpenProperty,
    bag_SetProps,
    bag_DeleteProps,
    bag_CopyTo,
    bag_CopyProps,
    bag_GetNamesFromIDs,
    bag_GetIDsFromNames,
    bag_GetAttachmentTable,
    bag_OpenAttach,
    bag_CreateAttach,
    bag_DeleteAttach,
    bag_GetRecipientTable,
    bag_ModifyRecipients,
    bag_SubmitMessage,
    bag_SetReadFlag,
};

static struct bag *bag_create(void)
{
    struct bag *bag = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*bag));
    bag->IMessage_iface.lpVtbl = (IMessageVtbl *)&bag_vtbl;
    bag->ref = 1;
    bag->max_by_value = 0x100000;
    return bag;
}

/* The RTF in the bag's PR_RTF_COMPRESSED, NUL-terminated. */
static char *bag_rtf(struct bag *bag, ULONG *size)
{
    struct bag_property *property = bag_find(bag, PR_RTF_COMPRESSED);
    const BYTE *packed;
    ULONG packed_size;
    BYTE *raw;

    assert_non_null(property);
    packed = bag_bytes(property, &packed_size);
    assert_hr_equal(S_OK, decompress(packed, packed_size, &raw, size));
    raw = HeapReAlloc(GetProcessHeap(), 0, raw, *size + 1);
    raw[*size] = 0;
    return (char *)raw;
}

static void bag_set_rtf(struct bag *bag, const char *rtf)
{
    ULONG size;
    BYTE *packed = compress(rtf, strlen(rtf), 0, &size);
    bag_set(bag, PR_RTF_COMPRESSED, 0, packed, size);
    HeapFree(GetProcessHeap(), 0, packed);
}

/* What the sync properties must say of a body, worked out here independently. */
static void check_sync_properties(struct bag *bag, const WCHAR *body)
{
    ULONG i, length = lstrlenW(body), count = 0, first = length, last = 0;
    DWORD crc = 0;
    char tag[33];
    int tag_length = 0;
    BOOL ascii = TRUE;
    const BYTE *stored_tag;
    ULONG stored_size;

    for (i = 0; i < length; i++)
    {
        BYTE bytes[2] = { body[i] & 0xff, body[i] >> 8 };
        DWORD part;
        int bit;

        if (body[i] <= ' ' || body[i] == 0xa0) continue;
        if (!count) first = i;
        last = i;
        count++;
        /* Only the ASCII start of the tag is compared: the rest depends on the code page. */
        if (body[i] >= 0x80 && count <= 32) ascii = FALSE;
        if (ascii && tag_length < 32) tag[tag_length++] = body[i];
        part = crc;
        for (bit = 0; bit < 16; bit++)
        {
            if (bit % 8 == 0) part ^= bytes[bit / 8];
            part = (part & 1) ? (part >> 1) ^ 0xedb88320 : part >> 1;
        }
        crc = part;
    }
    tag[tag_length] = 0;

    assert_int_equal(bag_number(bag, PR_RTF_IN_SYNC), TRUE);
    assert_int_equal(bag_number(bag, PR_RTF_SYNC_BODY_COUNT), count);
    assert_int_equal((DWORD)bag_number(bag, PR_RTF_SYNC_BODY_CRC), crc);
    assert_int_equal(bag_number(bag, PR_RTF_SYNC_PREFIX_COUNT), first);
    assert_int_equal(bag_number(bag, PR_RTF_SYNC_TRAILING_COUNT), count ? length - last - 1 : 0);
    assert_non_null(bag_find(bag, PR_RTF_SYNC_BODY_TAG_A));
    stored_tag = bag_bytes(bag_find(bag, PR_RTF_SYNC_BODY_TAG_A), &stored_size);
    if (ascii) assert_int_equal(stored_size, tag_length);
    else assert_true(stored_size > tag_length);
    assert_memory_equal(stored_tag, tag, tag_length);
}

/* Any bytes at all as RTF: some text comes out, nothing breaks. */
static void test_rtfsync_junk_rtf(void **state)
{
    static const char alphabet[] = "\\\\{{}}'*ab0-9 \r\nuc1bin3par\x80\x93\xff";
    char junk[600];
    ULONG i, j, seed = 7;

    for (i = 0; i < 200; i++)
    {
        struct bag *bag = bag_create();
        BOOL updated = FALSE;

        for (j = 0; j < sizeof(junk) - 1; j++)
        {
            seed = seed * 1103515245 + 12345;
            junk[j] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
        }
        junk[sizeof(junk) - 1] = 0;
        if (i % 2) memcpy(junk, "{\\rtf1\\ansicpg932 ", 18);
        bag_set_rtf(bag, junk);
        assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
        assert_true(updated);
        assert_non_null(bag_find(bag, PR_BODY_W));
        IMessage_Release(&bag->IMessage_iface);
    }
}

static void test_rtfsync_bad_parameters(void **state)
{
    struct bag *bag = bag_create();
    BOOL updated = 0xcc;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, RTFSync(NULL, RTF_SYNC_BODY_CHANGED, &updated));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, RTFSync(&bag->IMessage_iface, 0x4, &updated));
    assert_false(updated);

    /* Nothing changed, nothing to do. */
    updated = 0xcc;
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, 0, &updated));
    assert_false(updated);
    assert_int_equal(bag->count, 0);

    /* The RTF changed, but there is none. */
    assert_hr_equal(MAPI_E_NOT_FOUND, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_false(updated);
    IMessage_Release(&bag->IMessage_iface);
}

static const WCHAR sample_body[] =
{
    ' ',' ','H','e','l','l','o',' ','{','w','o','r','l','d','}','\r','\n',
    'b','a','c','k','\\','s','l','a','s','h','\t','t','a','b','\r','\n',
    '\r','\n',
    'c','a','f',0xe9,' ',0x20ac,' ',0x4e2d,0x6587,' ',0xd83d,0xde00,' ',0xa0,'x','\r','\n',0
};

static void test_rtfsync_body_changed(void **state)
{
    struct bag *bag = bag_create();
    BOOL updated = FALSE;
    char *rtf;
    ULONG size;

    bag_set_string(bag, sample_body);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));
    assert_true(updated);

    rtf = bag_rtf(bag, &size);
    assert_memory_equal(rtf, "{\\rtf1\\ansi\\ansicpg", 19);
    assert_non_null(strstr(rtf, "\\fromtext"));
    assert_non_null(strstr(rtf, "Hello \\{world\\}\\par"));
    assert_non_null(strstr(rtf, "back\\\\slash\\tab tab\\par"));
    assert_non_null(strstr(rtf, "\\par\r\n\\par"));
    /* Beyond the code page: Unicode, a surrogate pair as two halves. */
    assert_non_null(strstr(rtf, "\\u20013?\\u25991?"));
    assert_non_null(strstr(rtf, "\\u-10179?\\u-8704?"));
    if (GetACP() == 1252) assert_non_null(strstr(rtf, "caf\\'e9 \\'80"));
    assert_int_equal(rtf[size - 1], '}');
    HeapFree(GetProcessHeap(), 0, rtf);

    check_sync_properties(bag, sample_body);
    IMessage_Release(&bag->IMessage_iface);
}

/* Text to RTF and back gives the text again. */
static void test_rtfsync_round_trip(void **state)
{
    static const WCHAR stale[] = {'s','t','a','l','e',0};
    struct bag *bag = bag_create();
    BOOL updated = FALSE;
    WCHAR *body;

    bag_set_string(bag, sample_body);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));

    bag_set_string(bag, stale);
    updated = FALSE;
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_true(updated);
    body = bag_body(bag);
    assert_int_equal(lstrlenW(body), lstrlenW(sample_body));
    assert_memory_equal(body, sample_body, sizeof(sample_body));
    HeapFree(GetProcessHeap(), 0, body);
    check_sync_properties(bag, sample_body);

    /* In sync now: a second call changes nothing. */
    updated = TRUE;
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_false(updated);
    IMessage_Release(&bag->IMessage_iface);
}

/* White space is not significant: the RTF, with its formatting, stays. */
static void test_rtfsync_white_space_only(void **state)
{
    static const char formatted[] = "{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\b Hello\\b0  world\\par}";
    static const WCHAR spaced[] = {'H','e','l','l','o',' ',' ',' ','w','o','r','l','d','\r','\n','\r','\n',0};
    static const WCHAR changed[] = {'H','e','l','l','o',' ','m','o','o','n',0};
    struct bag *bag = bag_create();
    BOOL updated = FALSE;
    ULONG size;
    char *rtf;
    WCHAR *body;

    bag_set_rtf(bag, formatted);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_true(updated);
    body = bag_body(bag);
    check_wide_equal(body, L"Hello world\r\n");
    HeapFree(GetProcessHeap(), 0, body);

    bag_set_string(bag, spaced);
    bag_set(bag, PR_RTF_IN_SYNC, FALSE, NULL, 0);
    updated = FALSE;
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));
    /* Only PR_RTF_IN_SYNC was set back. */
    assert_true(updated);
    assert_int_equal(bag_number(bag, PR_RTF_IN_SYNC), TRUE);
    rtf = bag_rtf(bag, &size);
    assert_string_equal(rtf, formatted);
    HeapFree(GetProcessHeap(), 0, rtf);

    updated = TRUE;
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));
    assert_false(updated);

    /* A real change replaces the RTF. */
    bag_set_string(bag, changed);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));
    assert_true(updated);
    rtf = bag_rtf(bag, &size);
    assert_non_null(strstr(rtf, "\\fromtext"));
    assert_non_null(strstr(rtf, "Hello moon}"));
    HeapFree(GetProcessHeap(), 0, rtf);
    check_sync_properties(bag, changed);
    IMessage_Release(&bag->IMessage_iface);
}

static void check_text_of_rtf(const char *rtf, const WCHAR *expected)
{
    struct bag *bag = bag_create();
    BOOL updated = FALSE;
    WCHAR *body;

    bag_set_rtf(bag, rtf);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_true(updated);
    body = bag_body(bag);
    check_wide_equal(body, expected);
    HeapFree(GetProcessHeap(), 0, body);
    check_sync_properties(bag, expected);
    IMessage_Release(&bag->IMessage_iface);
}

static void test_rtfsync_rtf_changed(void **state)
{
    /* Destinations, formatting, escapes, \u with fallbacks, nested groups. */
    check_text_of_rtf("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}{\\f1 Times;}}"
                      "{\\colortbl;\\red255\\green0\\blue0;}{\\*\\generator Riched20 10.0;}"
                      "{\\info{\\author Someone}{\\title A title}}"
                      "\\viewkind4\\uc1\\pard\\f0\\fs20 Dear {\\b Bob}\\b0 ,\\par\r\n"
                      "caf\\'e9 costs 5\\u8364\\'80\\tab net\\line"
                      "{\\*\\unknowndest hidden}{\\pict\\pngblip 89504e47}"
                      "\\{braces\\} and \\\\\\par\r\n"
                      "{\\uc2 wide\\u8212\\'97\\'97 dash}\\~\\emdash\\endash\\lquote\\rquote\\ldblquote\\rdblquote\\bullet\\par\r\n"
                      "}trailing text after the document",
                      L"Dear Bob,\r\ncaf\x00e9 costs 5\x20ac\tnet\r\n{braces} and \\\r\n"
                      L"wide\x2014 dash\x00a0\x2014\x2013\x2018\x2019\x201c\x201d\x2022\r\n");

    /* \bin data is skipped whatever it holds; a number after a control word is its
     * parameter, and one space after it is its end. */
    check_text_of_rtf("{\\rtf1 a{\\bin4 }{\\}b\\par3 c\\par-2  d\\line\\tab2x}", L"ab\r\nc\r\n d\r\n\tx");

    /* \fromtext: content marked \htmlrtf is only there for RTF readers. */
    check_text_of_rtf("{\\rtf1\\ansi\\fromtext \\fbidis \\deff0{\\fonttbl{\\f0 Courier;}}"
                      "{\\*\\htmltag64}\\htmlrtf {\\b rtf only}\\htmlrtf0 line one\\par\r\nline two}",
                      L"line one\r\nline two");

    /* A double-byte code page. */
    if (IsValidCodePage(932))
        check_text_of_rtf("{\\rtf1\\ansi\\ansicpg932 \\'93\\'fa\\'96\\'7b}", L"\x65e5\x672c");

    /* Groups nested deeper than anyone keeps track of. */
    {
        char *deep = HeapAlloc(GetProcessHeap(), 0, 1100);
        int i;

        strcpy(deep, "{\\rtf1 x");
        for (i = 0; i < 500; i++) strcat(deep, "{");
        strcat(deep, "y");
        for (i = 0; i < 500; i++) strcat(deep, "}");
        strcat(deep, "z}");
        check_text_of_rtf(deep, L"xyz");
        HeapFree(GetProcessHeap(), 0, deep);
    }
}

/* Both changed: the RTF wins; a body that already says the same is kept. */
static void test_rtfsync_both_changed(void **state)
{
    static const WCHAR other[] = {'s','o','m','e','t','h','i','n','g',' ','e','l','s','e',0};
    static const WCHAR same[] = {' ','O','n','e',' ','\n','t','w','o',0};
    struct bag *bag = bag_create();
    BOOL updated = FALSE;
    WCHAR *body;

    bag_set_rtf(bag, "{\\rtf1 One\\par two}");
    bag_set_string(bag, other);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED | RTF_SYNC_BODY_CHANGED, &updated));
    assert_true(updated);
    body = bag_body(bag);
    check_wide_equal(body, L"One\r\ntwo");
    HeapFree(GetProcessHeap(), 0, body);

    bag_set_string(bag, same);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED | RTF_SYNC_BODY_CHANGED, &updated));
    body = bag_body(bag);
    check_wide_equal(body, same);
    HeapFree(GetProcessHeap(), 0, body);
    check_sync_properties(bag, same);
    IMessage_Release(&bag->IMessage_iface);
}

static void test_rtfsync_corrupt_rtf(void **state)
{
    static const WCHAR text[] = {'k','e','e','p',0};
    struct bag *bag = bag_create();
    BOOL updated = TRUE;
    BYTE packed[sizeof(spec_simple)];
    WCHAR *body;

    memcpy(packed, spec_simple, sizeof(packed));
    packed[20] ^= 0xff;
    bag_set(bag, PR_RTF_COMPRESSED, 0, packed, sizeof(packed));
    bag_set_string(bag, text);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_false(updated);
    body = bag_body(bag);
    check_wide_equal(body, text);
    HeapFree(GetProcessHeap(), 0, body);
    assert_null(bag_find(bag, PR_RTF_IN_SYNC));
    IMessage_Release(&bag->IMessage_iface);
}

/* A store that keeps RTF uncompressed gets "MELA". */
static void test_rtfsync_store_uncompressed(void **state)
{
    static const WCHAR text[] = {'p','l','a','i','n',0};
    struct bag *bag = bag_create();
    struct bag_property *property;
    BOOL updated;
    const BYTE *packed;
    ULONG size;
    char *rtf;

    bag_set(bag, PR_STORE_SUPPORT_MASK, STORE_UNCOMPRESSED_RTF, NULL, 0);
    bag_set_string(bag, text);
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));
    assert_true(updated);
    property = bag_find(bag, PR_RTF_COMPRESSED);
    assert_non_null(property);
    packed = bag_bytes(property, &size);
    assert_memory_equal(packed + 8, "MELA", 4);
    rtf = bag_rtf(bag, &size);
    assert_memory_equal(packed + 16, rtf, size);
    assert_non_null(strstr(rtf, "plain}"));
    HeapFree(GetProcessHeap(), 0, rtf);
    IMessage_Release(&bag->IMessage_iface);
}

/* Values too big to get or set by value go through streams; an ANSI body will do. */
static void test_rtfsync_big_and_ansi(void **state)
{
    struct bag *bag = bag_create();
    BOOL updated;
    char *ansi = HeapAlloc(GetProcessHeap(), 0, 3000);
    WCHAR *wide = HeapAlloc(GetProcessHeap(), 0, 3000 * sizeof(WCHAR)), *body;
    ULONG i, size;
    char *rtf;

    for (i = 0; i < 2999; i++) ansi[i] = (i % 60 == 59) ? '\n' : 'a' + i % 26;
    ansi[2999] = 0;
    for (i = 0; i < 3000; i++) wide[i] = ansi[i];

    bag->max_by_value = 64;
    bag_set(bag, PR_BODY_A, 0, ansi, strlen(ansi));
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));
    assert_true(updated);
    assert_true(bag->streams_opened >= 2);
    rtf = bag_rtf(bag, &size);
    assert_non_null(strstr(rtf, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefg\\par\r\nijk"));
    HeapFree(GetProcessHeap(), 0, rtf);

    /* The body already says what the RTF says. */
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_false(updated);

    /* Back to text: PR_BODY_W cannot be set by value, so it is written through a stream. */
    bag_set_string(bag, L"stale");
    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_RTF_CHANGED, &updated));
    assert_true(updated);
    body = bag_body(bag);
    assert_int_equal(lstrlenW(body), 2999 + 2999 / 60);
    for (i = 0, size = 0; i < 2999; i++)
    {
        if (wide[i] == '\n') assert_int_equal(body[size++], '\r');
        assert_int_equal(body[size++], wide[i]);
    }
    HeapFree(GetProcessHeap(), 0, body);
    HeapFree(GetProcessHeap(), 0, wide);
    HeapFree(GetProcessHeap(), 0, ansi);
    IMessage_Release(&bag->IMessage_iface);
}

/* No body at all is an empty one. */
static void test_rtfsync_no_body(void **state)
{
    struct bag *bag = bag_create();
    BOOL updated;
    ULONG size;
    char *rtf;

    assert_hr_equal(S_OK, RTFSync(&bag->IMessage_iface, RTF_SYNC_BODY_CHANGED, &updated));
    assert_true(updated);
    rtf = bag_rtf(bag, &size);
    assert_non_null(strstr(rtf, "\\fs20 }"));
    HeapFree(GetProcessHeap(), 0, rtf);
    assert_int_equal(bag_number(bag, PR_RTF_SYNC_BODY_COUNT), 0);
    assert_int_equal(bag_number(bag, PR_RTF_IN_SYNC), TRUE);
    IMessage_Release(&bag->IMessage_iface);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_spec_example_simple),
        cmocka_unit_test(test_spec_example_overlap),
        cmocka_unit_test(test_compress_gives_spec_bytes),
        cmocka_unit_test(test_initial_dictionary),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_compress_empty),
        cmocka_unit_test(test_read_uncompressed),
        cmocka_unit_test(test_corrupt_input),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_wrap_bad_parameters),
        cmocka_unit_test(test_read_stream_methods),
        cmocka_unit_test(test_write_stream_methods),
        cmocka_unit_test(test_rtfsync_bad_parameters),
        cmocka_unit_test(test_rtfsync_body_changed),
        cmocka_unit_test(test_rtfsync_round_trip),
        cmocka_unit_test(test_rtfsync_white_space_only),
        cmocka_unit_test(test_rtfsync_rtf_changed),
        cmocka_unit_test(test_rtfsync_both_changed),
        cmocka_unit_test(test_rtfsync_corrupt_rtf),
        cmocka_unit_test(test_rtfsync_store_uncompressed),
        cmocka_unit_test(test_rtfsync_big_and_ansi),
        cmocka_unit_test(test_rtfsync_no_body),
        cmocka_unit_test(test_rtfsync_junk_rtf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
