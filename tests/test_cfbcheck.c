/*
 * Compound files damaged in their structure ([MS-CFB]): loops and wild
 * numbers in the directory tree, the FAT, the mini FAT and the DIFAT, on
 * which Wine's ole32 would spin for ever or read wild memory. mapi32 checks
 * the file first: HrIStorageFromStream and OpenIMsgOnIStg (on a storage
 * opened from a file) give MAPI_E_CORRUPT_DATA, and sound files, ours and
 * Outlook's, version 3 and 4, still open.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"

#include "mapi32_test.h"
#include "msg_test.h"

HRESULT WINAPI HrIStorageFromStream(IUnknown *unk, const IID *iid, ULONG flags, IStorage **storage);

#define ENDOFCHAIN 0xfffffffe
#define NOSTREAM   0xffffffff
#define BODY_SIZE  10000        /* past the mini stream cutoff: a FAT chain of its own */

/* A compound file in memory, with where its parts are. */
struct cfb
{
    BYTE *data;
    ULONG size;
    ULONG sector_size;
};

static ULONG get32(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static void put32(BYTE *p, ULONG value)
{
    p[0] = value;
    p[1] = value >> 8;
    p[2] = value >> 16;
    p[3] = value >> 24;
}

static BYTE *sector(const struct cfb *file, ULONG index)
{
    assert_true((ULONGLONG)(index + 1) * file->sector_size < file->size);
    return file->data + (ULONGLONG)(index + 1) * file->sector_size;
}

/* The FAT entry of a sector (the files here have no DIFAT sectors). */
static BYTE *fat_entry(const struct cfb *file, ULONG index)
{
    ULONG per_sector = file->sector_size / 4;

    assert_true(index / per_sector < 109);
    return sector(file, get32(file->data + 76 + index / per_sector * 4)) + index % per_sector * 4;
}

static ULONG next_sector(const struct cfb *file, ULONG index)
{
    return get32(fat_entry(file, index));
}

static ULONG entry_count(const struct cfb *file)
{
    ULONG count = 0, s;

    for (s = get32(file->data + 48); s != ENDOFCHAIN; s = next_sector(file, s))
        count += file->sector_size / 128;
    return count;
}

static BYTE *entry(const struct cfb *file, ULONG index)
{
    ULONG per_sector = file->sector_size / 128, s = get32(file->data + 48), i;

    for (i = 0; i < index / per_sector; i++) s = next_sector(file, s);
    return sector(file, s) + index % per_sector * 128;
}

/* The index of the directory entry of that name (the first one, if the file has several). */
static ULONG find_entry(const struct cfb *file, const WCHAR *name)
{
    ULONG count = entry_count(file), i;

    for (i = 0; i < count; i++)
    {
        BYTE *e = entry(file, i);
        if (e[66] && !memcmp(e, name, (wcslen(name) + 1) * sizeof(WCHAR))) return i;
    }
    fail_msg("no entry %ls", name);
    return 0;
}

/* A message with a subject (mini stream), a big body (FAT chain) and an attachment. */
static void build_message(IStorage *storage)
{
    IMessage *message = open_message(storage, 0);
    char *body = malloc(BODY_SIZE + 1);
    IAttach *attach;
    ULONG num;

    memset(body, 'b', BODY_SIZE);
    body[BODY_SIZE] = 0;
    set_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"structure");
    set_string_a((IMAPIProp *)message, PR_BODY_A, body);
    assert_hr_equal(S_OK, message->lpVtbl->CreateAttach(message, NULL, 0, &num, &attach));
    set_long((IMAPIProp *)attach, PR_ATTACH_METHOD, ATTACH_BY_VALUE);
    set_binary((IMAPIProp *)attach, PR_ATTACH_DATA_BIN, "attached", 8);
    assert_hr_equal(S_OK, attach->lpVtbl->SaveChanges(attach, 0));
    attach->lpVtbl->Release(attach);
    assert_hr_equal(S_OK, message->lpVtbl->SaveChanges(message, 0));
    message->lpVtbl->Release(message);
    free(body);
}

static void load(struct cfb *file, const char *path)
{
    assert_non_null(file->data = read_file(path, &file->size));
    file->sector_size = 1 << (file->data[30] | file->data[31] << 8);
}

/* A sound file of ours, in memory. */
static void make_file(struct cfb *file)
{
    IStorage *storage = create_storage_file("out/structure.msg", 0);

    build_message(storage);
    storage->lpVtbl->Release(storage);
    load(file, "out/structure.msg");
    assert_int_equal(file->sector_size, 512);
}

enum open_what { OPEN_STORAGE, OPEN_MESSAGE, OPEN_OUR_MESSAGE };

static HRESULT open_from_stream(const struct cfb *file, enum open_what what)
{
    IStorage *storage = NULL;
    IMessage *message = NULL;
    IStream *stream;
    HRESULT hr;

    assert_hr_equal(S_OK, CreateStreamOnHGlobal(NULL, TRUE, &stream));
    assert_hr_equal(S_OK, stream->lpVtbl->Write(stream, file->data, file->size, NULL));
    hr = HrIStorageFromStream((IUnknown *)stream, &IID_IStream, 0, &storage);
    stream->lpVtbl->Release(stream);
    if (FAILED(hr))
    {
        assert_null(storage);
        return hr;
    }
    if (what != OPEN_STORAGE)
    {
        hr = OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, NULL,
                            0, 0, &message);
        if (message)
        {
            if (what == OPEN_OUR_MESSAGE) check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"structure");
            message->lpVtbl->Release(message);
        }
    }
    storage->lpVtbl->Release(storage);
    return hr;
}

/* Damages a copy of the file and has HrIStorageFromStream open it. */
static HRESULT damaged(const struct cfb *file, void (*damage)(struct cfb *copy, ULONG arg), ULONG arg)
{
    struct cfb copy = *file;
    HRESULT hr;

    copy.data = malloc(file->size);
    memcpy(copy.data, file->data, file->size);
    damage(&copy, arg);
    hr = open_from_stream(&copy, OPEN_MESSAGE);
    free(copy.data);
    return hr;
}

static void set_right_sibling(struct cfb *file, ULONG value)
{
    ULONG index = find_entry(file, L"__substg1.0_0037001F");
    put32(entry(file, index) + 72, value == NOSTREAM - 1 ? index : value);
}

static void set_child_of_attachment(struct cfb *file, ULONG arg)
{
    /* The attachment's subtree leads back to the root's. */
    put32(entry(file, find_entry(file, L"__attach_version1.0_#00000000")) + 76, get32(entry(file, 0) + 76));
}

static void set_root_type(struct cfb *file, ULONG type)
{
    entry(file, 0)[66] = type;
}

static void unterminate_name(struct cfb *file, ULONG arg)
{
    BYTE *e = entry(file, find_entry(file, L"__substg1.0_0037001F"));
    e[64] = 64;
    memset(e + 40, 'x', 24);
}

static void loop_body_chain(struct cfb *file, ULONG arg)
{
    ULONG start = get32(entry(file, find_entry(file, L"__substg1.0_1000001E")) + 116), s = start;

    while (next_sector(file, s) != ENDOFCHAIN) s = next_sector(file, s);
    put32(fat_entry(file, s), arg ? s : start);
}

static void grow_body(struct cfb *file, ULONG arg)
{
    put32(entry(file, find_entry(file, L"__substg1.0_1000001E")) + 120, BODY_SIZE + arg);
}

static void loop_mini_chain(struct cfb *file, ULONG arg)
{
    /* The subject's mini sector leads to itself in the mini FAT. */
    ULONG start = get32(entry(file, find_entry(file, L"__substg1.0_0037001F")) + 116);
    ULONG minifat = get32(file->data + 60);

    put32(sector(file, minifat) + start * 4, start);
}

static void set_header(struct cfb *file, ULONG offset_value)
{
    ULONG offset = offset_value >> 24;
    put32(file->data + offset, offset_value & 0xffffff ? offset_value & 0xffffff : 0x10000000);
}

static void loop_directory_chain(struct cfb *file, ULONG arg)
{
    ULONG s = get32(file->data + 48);
    put32(fat_entry(file, s), s);
}

static void truncate_file(struct cfb *file, ULONG size)
{
    file->size = size;
}

static void test_sound_files(void **state)
{
    static const char *samples[] = { "charset.msg", "gpg_signed.msg", "plain_jpeg_attached.msg",
                                     "plain_uc_unsent.msg", "plain_uc_wc_unsent.msg", "plain_unsent.msg" };
    STGOPTIONS options = { 1, 0, 4096 };
    struct cfb file;
    IStorage *storage;
    char path[MAX_PATH];
    ULONG i;

    make_file(&file);
    assert_hr_equal(S_OK, open_from_stream(&file, OPEN_OUR_MESSAGE));
    free(file.data);

    /* Version 4: 4096-byte sectors. */
    assert_hr_equal(S_OK, StgCreateStorageEx(wide("out/structure4.msg"), STGM_CREATE | STGM_READWRITE |
                                             STGM_SHARE_EXCLUSIVE, STGFMT_DOCFILE, 0, &options, NULL,
                                             &IID_IStorage, (void **)&storage));
    build_message(storage);
    storage->lpVtbl->Release(storage);
    load(&file, "out/structure4.msg");
    assert_int_equal(file.sector_size, 4096);
    assert_hr_equal(S_OK, open_from_stream(&file, OPEN_OUR_MESSAGE));
    free(file.data);

    /* Outlook's files. */
    for (i = 0; i < ARRAY_SIZE(samples); i++)
    {
        if (!testdata_path(path, sizeof(path), "libemail-outlook-message-perl/t/files", samples[i])) fail();
        load(&file, path);
        assert_hr_equal(S_OK, open_from_stream(&file, OPEN_MESSAGE));
        free(file.data);
    }
}

static void test_directory(void **state)
{
    struct cfb file;

    make_file(&file);
    /* A sibling that is the entry itself: a name lookup past it would never end. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_right_sibling, NOSTREAM - 1));
    /* Past the end of the directory, and far past it. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_right_sibling, entry_count(&file)));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_right_sibling, 0x7fffffff));
    /* The root again, from inside the tree. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_right_sibling, 0));
    /* A storage whose children are the root's. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_child_of_attachment, 0));
    /* No root entry first. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_root_type, 1));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_root_type, 0));
    /* A name without its terminating null. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, unterminate_name, 0));
    /* The directory's own chain in a loop. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, loop_directory_chain, 0));
    /* An empty sibling is fine. */
    assert_hr_equal(S_OK, damaged(&file, set_right_sibling, NOSTREAM));
    free(file.data);
}

static void test_chains(void **state)
{
    struct cfb file;

    make_file(&file);
    /* The body's chain back to its start, or a sector to itself. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, loop_body_chain, 0));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, loop_body_chain, 1));
    /* A stream bigger than its chain. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, grow_body, 5000));
    /* A loop in the mini FAT. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, loop_mini_chain, 0));
    /* Header counts: DIFAT sectors, FAT sectors, the first DIFAT sector. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_header, 72 << 24));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_header, 72 << 24 | 3));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_header, 44 << 24));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_header, 48 << 24 | 0x7fff));
    /* Sector size and mini stream cutoff. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_header, 30 << 24 | 0x10));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, set_header, 56 << 24 | 0x2000));
    /* Cut short: the chains run past the end. */
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, truncate_file, file.size / 2));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, truncate_file, 600));
    assert_hr_equal(MAPI_E_CORRUPT_DATA, damaged(&file, truncate_file, 100));
    /* Not a compound file at all: ole32's own error. */
    file.data[0] = 'X';
    assert_true(FAILED(open_from_stream(&file, OPEN_MESSAGE)));
    free(file.data);
}

/* A storage a program opened from a file itself: OpenIMsgOnIStg checks the file under it. */
static void test_storage_on_file(void **state)
{
    struct cfb file;
    IStorage *storage;
    IMessage *message = NULL;

    make_file(&file);
    storage = open_storage_file("out/structure.msg", STGM_READ);
    message = open_message(storage, 0);
    check_string_w((IMAPIProp *)message, PR_SUBJECT_W, L"structure");
    message->lpVtbl->Release(message);
    storage->lpVtbl->Release(storage);

    /* ole32 opens it (it reads no more than the root entry), but a lookup would never end. */
    set_right_sibling(&file, NOSTREAM - 1);
    write_file("out/structure_loop.msg", file.data, file.size);
    storage = open_storage_file("out/structure_loop.msg", STGM_READ);
    assert_hr_equal(MAPI_E_CORRUPT_DATA, OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                        NULL, NULL, storage, NULL, 0, 0, &message));
    assert_null(message);
    storage->lpVtbl->Release(storage);
    free(file.data);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_sound_files),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_chains),
        cmocka_unit_test(test_storage_on_file),
    };
    int result;

    CoInitialize(NULL);
    out_dir();
    result = cmocka_run_group_tests(tests, NULL, NULL);
    CoUninitialize();
    return result;
}
