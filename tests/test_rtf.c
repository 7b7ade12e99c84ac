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

static void test_wrap_bad_parameters(void **state)
{
    IStream *compressed = stream_on(spec_simple, sizeof(spec_simple)), *rtf = (IStream *)0xdeadbeef;

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
        cmocka_unit_test(test_wrap_bad_parameters),
        cmocka_unit_test(test_read_stream_methods),
        cmocka_unit_test(test_write_stream_methods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
