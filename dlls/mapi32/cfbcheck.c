/*
 * A bounded check of a compound file ([MS-CFB]) before ole32 walks it.
 *
 * Wine's structured storage trusts the file: a directory entry whose sibling
 * points back up the tree, or past the end of the directory, makes a name
 * lookup or an enumeration spin for ever, and a loop in a sector chain does
 * the same to every stream on it. The .msg and TNEF code hands such files
 * to ole32 only after this check walked every chain and the whole directory
 * tree once, each sector and each entry at most once, so a file passes or
 * fails in time and memory linear in its size.
 */

#define COBJMACROS

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define CFB_MAXREGSECT   0xfffffffa
#define CFB_ENDOFCHAIN   0xfffffffe
#define CFB_FREESECT     0xffffffff
#define CFB_NOSTREAM     0xffffffff
#define CFB_HEADER_SIZE  512
#define CFB_ENTRY_SIZE   128
#define CFB_MINI_SIZE    64
#define CFB_MINI_CUTOFF  4096
#define CFB_HEADER_DIFAT 109

/* More directory entries than this is no message: too big to check, or to load. */
#define CFB_MAX_ENTRIES  0x100000

enum cfb_type { CFB_UNUSED = 0, CFB_STORAGE = 1, CFB_STREAM = 2, CFB_ROOT = 5 };

/* Where the bytes come from: an ILockBytes or a file. */
struct cfb_source
{
    HRESULT (*read_at)(void *context, ULONGLONG offset, void *data, ULONG size, ULONG *read);
    void *context;
    ULONGLONG size;
};

/* What the tree walk needs of one directory entry. */
struct cfb_entry
{
    ULONG left, right, child;
    ULONG start;
    ULONGLONG size;
    BYTE type;
    BYTE name_ok;
};

struct cfb_check
{
    const struct cfb_source *source;
    ULONG sector_size;
    ULONG sector_count;         /* whole or partial sectors after the header */
    BOOL version3;              /* 512-byte sectors: stream sizes are 32-bit */
    ULONG *fat;
    ULONG fat_count;            /* FAT entries that name a sector of the file */
    BYTE *used;                 /* sectors already met in some chain */
    ULONG *minifat;
    ULONG minifat_count;
    BYTE *mini_used;
    ULONG mini_count;           /* mini sectors the mini stream holds */
    struct cfb_entry *entries;
    ULONG entry_count;
};

static inline ULONG get_ulong(const BYTE *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((ULONG)p[3] << 24);
}

static inline USHORT get_ushort(const BYTE *p)
{
    return p[0] | (p[1] << 8);
}

static BOOL bit_test_and_set(BYTE *bits, ULONG index)
{
    BYTE mask = 1 << (index & 7);

    if (bits[index >> 3] & mask) return TRUE;
    bits[index >> 3] |= mask;
    return FALSE;
}

static BOOL read_exact(const struct cfb_check *check, ULONGLONG offset, void *data, ULONG size)
{
    ULONG read = 0;

    if (offset >= check->source->size) return FALSE;
    if (size > check->source->size - offset)
    {
        /* A partial last sector: what is missing reads as zeros. */
        memset(data, 0, size);
        size = check->source->size - offset;
    }
    return SUCCEEDED(check->source->read_at(check->source->context, offset, data, size, &read)) && read == size;
}

static BOOL read_sector(const struct cfb_check *check, ULONG sector, BYTE *data)
{
    return read_exact(check, (ULONGLONG)(sector + 1) * check->sector_size, data, check->sector_size);
}

/* Claims a sector for one structure: in the file, and in no other chain. */
static BOOL claim_sector(struct cfb_check *check, ULONG sector)
{
    if (sector >= check->sector_count) return FALSE;
    return !bit_test_and_set(check->used, sector);
}

/* Follows a FAT chain to its end; every sector on it is claimed. */
static SCODE walk_chain(struct cfb_check *check, ULONG start, ULONG *length)
{
    ULONG sector = start;

    *length = 0;
    while (sector != CFB_ENDOFCHAIN)
    {
        if (sector >= check->fat_count || !claim_sector(check, sector))
        {
            WARN("chain from %#lx breaks at sector %#lx\n", start, sector);
            return MAPI_E_CORRUPT_DATA;
        }
        ++*length;
        sector = check->fat[sector];
    }
    return S_OK;
}

/* The same through the mini FAT, for streams under the cutoff. */
static SCODE walk_mini_chain(struct cfb_check *check, ULONG start, ULONG *length)
{
    ULONG sector = start;

    *length = 0;
    while (sector != CFB_ENDOFCHAIN)
    {
        if (sector >= check->minifat_count || sector >= check->mini_count ||
            bit_test_and_set(check->mini_used, sector))
        {
            WARN("mini chain from %#lx breaks at mini sector %#lx\n", start, sector);
            return MAPI_E_CORRUPT_DATA;
        }
        ++*length;
        sector = check->minifat[sector];
    }
    return S_OK;
}

/* The FAT: its sectors are listed in the header and the DIFAT chain after it. */
static SCODE load_fat(struct cfb_check *check, const BYTE *header)
{
    ULONG per_sector = check->sector_size / sizeof(ULONG);
    ULONG fat_sectors = get_ulong(header + 44), difat_start = get_ulong(header + 68);
    ULONG difat_sectors = get_ulong(header + 72), listed = 0, i;
    ULONG *locations;
    BYTE *sector;
    SCODE sc = MAPI_E_CORRUPT_DATA;

    if (!fat_sectors || fat_sectors > check->sector_count || difat_sectors > check->sector_count ||
        fat_sectors > CFB_HEADER_DIFAT + (ULONGLONG)difat_sectors * (per_sector - 1))
    {
        WARN("%lu FAT sectors, %lu DIFAT sectors in %lu\n", fat_sectors, difat_sectors, check->sector_count);
        return MAPI_E_CORRUPT_DATA;
    }
    if (!(locations = HeapAlloc(GetProcessHeap(), 0, fat_sectors * sizeof(*locations)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (!(sector = HeapAlloc(GetProcessHeap(), 0, check->sector_size)))
    {
        HeapFree(GetProcessHeap(), 0, locations);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < CFB_HEADER_DIFAT && listed < fat_sectors; i++)
        locations[listed++] = get_ulong(header + 76 + i * 4);
    /* ole32 follows the DIFAT chain as far as the header counts, needed or not. */
    for (i = 0; i < difat_sectors; i++)
    {
        ULONG j;

        if (!claim_sector(check, difat_start) || !read_sector(check, difat_start, sector)) goto done;
        for (j = 0; j < per_sector - 1 && listed < fat_sectors; j++)
            locations[listed++] = get_ulong(sector + j * 4);
        difat_start = get_ulong(sector + (per_sector - 1) * 4);
    }

    check->fat_count = min((ULONGLONG)fat_sectors * per_sector, check->sector_count);
    if (!(check->fat = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)(check->fat_count + per_sector - 1) / per_sector *
                                 check->sector_size)))
    {
        sc = MAPI_E_NOT_ENOUGH_MEMORY;
        goto done;
    }
    for (i = 0; i < fat_sectors; i++)
    {
        /* Only the FAT entries for sectors of the file are kept. */
        if ((ULONGLONG)i * per_sector >= check->fat_count) break;
        if (!claim_sector(check, locations[i]) || !read_sector(check, locations[i], sector)) goto done;
        memcpy(check->fat + (SIZE_T)i * per_sector, sector, check->sector_size);
    }
    for (i = 0; i < check->fat_count; i++) check->fat[i] = get_ulong((BYTE *)(check->fat + i));
    sc = S_OK;

done:
    if (FAILED(sc)) WARN("bad FAT or DIFAT: %#lx\n", sc);
    HeapFree(GetProcessHeap(), 0, sector);
    HeapFree(GetProcessHeap(), 0, locations);
    return sc;
}

/* Reads the sectors of a chain walk_chain passed into one buffer. */
static SCODE read_chain(struct cfb_check *check, ULONG start, ULONG length, BYTE **data)
{
    ULONG sector = start, i;

    if (!(*data = HeapAlloc(GetProcessHeap(), 0, (SIZE_T)length * check->sector_size)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (i = 0; i < length; i++, sector = check->fat[sector])
        if (!read_sector(check, sector, *data + (SIZE_T)i * check->sector_size)) return MAPI_E_CORRUPT_DATA;
    return S_OK;
}

static SCODE load_directory(struct cfb_check *check, const BYTE *header)
{
    ULONG start = get_ulong(header + 48), length, i;
    BYTE *data;
    SCODE sc;

    if (FAILED(sc = walk_chain(check, start, &length))) return sc;
    if (!length) return MAPI_E_CORRUPT_DATA;
    if ((ULONGLONG)length * (check->sector_size / CFB_ENTRY_SIZE) > CFB_MAX_ENTRIES)
    {
        WARN("a directory of %lu sectors\n", length);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    check->entry_count = length * (check->sector_size / CFB_ENTRY_SIZE);
    if (!(check->entries = HeapAlloc(GetProcessHeap(), 0, check->entry_count * sizeof(*check->entries))))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (SUCCEEDED(sc = read_chain(check, start, length, &data)))
    {
        for (i = 0; i < check->entry_count; i++)
        {
            const BYTE *raw = data + (SIZE_T)i * CFB_ENTRY_SIZE;
            struct cfb_entry *entry = &check->entries[i];
            USHORT name_size = get_ushort(raw + 64);

            entry->type = raw[66];
            entry->left = get_ulong(raw + 68);
            entry->right = get_ulong(raw + 72);
            entry->child = get_ulong(raw + 76);
            entry->start = get_ulong(raw + 116);
            entry->size = get_ulong(raw + 120) | (ULONGLONG)get_ulong(raw + 124) << 32;
            /* A name is counted in bytes with its terminating null, which must be there. */
            entry->name_ok = name_size >= 2 && name_size <= 64 && !(name_size & 1) &&
                             !get_ushort(raw + name_size - 2);
        }
    }
    HeapFree(GetProcessHeap(), 0, data);
    return sc;
}

/* The mini FAT and the mini stream, which is the root entry's data. */
static SCODE load_mini(struct cfb_check *check, const BYTE *header)
{
    const struct cfb_entry *root = &check->entries[0];
    ULONG start = get_ulong(header + 60), length, i;
    BYTE *data;
    SCODE sc;

    if (root->start != CFB_ENDOFCHAIN && root->start != CFB_FREESECT)
    {
        if (FAILED(sc = walk_chain(check, root->start, &length))) return sc;
        if (check->version3 && root->size >> 32) return MAPI_E_CORRUPT_DATA;
        if (root->size > (ULONGLONG)length * check->sector_size) return MAPI_E_CORRUPT_DATA;
        check->mini_count = length * (check->sector_size / CFB_MINI_SIZE);
    }
    if (!(check->mini_used = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, check->mini_count / 8 + 1)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (start == CFB_ENDOFCHAIN || start == CFB_FREESECT) return S_OK;

    if (FAILED(sc = walk_chain(check, start, &length))) return sc;
    check->minifat_count = length * (check->sector_size / sizeof(ULONG));
    if (FAILED(sc = read_chain(check, start, length, &data)))
    {
        HeapFree(GetProcessHeap(), 0, data);
        return sc;
    }
    check->minifat = (ULONG *)data;
    for (i = 0; i < check->minifat_count; i++) check->minifat[i] = get_ulong(data + i * 4);
    return S_OK;
}

/* A stream's data: its chain must hold its size. */
static SCODE check_stream(struct cfb_check *check, const struct cfb_entry *entry)
{
    ULONG length;
    SCODE sc;

    if (check->version3 && entry->size >> 32) return MAPI_E_CORRUPT_DATA;
    if (!entry->size) return S_OK;
    if (entry->size < CFB_MINI_CUTOFF)
    {
        if (FAILED(sc = walk_mini_chain(check, entry->start, &length))) return sc;
        return entry->size <= (ULONGLONG)length * CFB_MINI_SIZE ? S_OK : MAPI_E_CORRUPT_DATA;
    }
    if (FAILED(sc = walk_chain(check, entry->start, &length))) return sc;
    return entry->size <= (ULONGLONG)length * check->sector_size ? S_OK : MAPI_E_CORRUPT_DATA;
}

/* Every entry reachable from the root, each reached once: no cycles, no sharing. */
static SCODE walk_tree(struct cfb_check *check)
{
    ULONG *pending, count = 0;
    BYTE *seen;
    SCODE sc = S_OK;

    if (check->entries[0].type != CFB_ROOT || !check->entries[0].name_ok)
    {
        WARN("entry 0 is no root\n");
        return MAPI_E_CORRUPT_DATA;
    }
    /* Each entry is seen once and adds at most three more. */
    pending = HeapAlloc(GetProcessHeap(), 0, ((SIZE_T)check->entry_count * 3 + 1) * sizeof(*pending));
    seen = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, check->entry_count / 8 + 1);
    if (!pending || !seen)
    {
        HeapFree(GetProcessHeap(), 0, pending);
        HeapFree(GetProcessHeap(), 0, seen);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    bit_test_and_set(seen, 0);
    pending[count++] = check->entries[0].child;
    while (count && SUCCEEDED(sc))
    {
        ULONG index = pending[--count];
        const struct cfb_entry *entry;

        if (index == CFB_NOSTREAM) continue;
        if (index >= check->entry_count || bit_test_and_set(seen, index))
        {
            WARN("directory entry %#lx is out of range or reached twice\n", index);
            sc = MAPI_E_CORRUPT_DATA;
            break;
        }
        entry = &check->entries[index];
        if ((entry->type != CFB_STORAGE && entry->type != CFB_STREAM) || !entry->name_ok)
        {
            WARN("directory entry %#lx: type %u\n", index, entry->type);
            sc = MAPI_E_CORRUPT_DATA;
            break;
        }
        pending[count++] = entry->left;
        pending[count++] = entry->right;
        if (entry->type == CFB_STORAGE) pending[count++] = entry->child;
        else sc = check_stream(check, entry);
    }
    HeapFree(GetProcessHeap(), 0, pending);
    HeapFree(GetProcessHeap(), 0, seen);
    return sc;
}

static const BYTE cfb_signature[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

static SCODE check_compound_file(const struct cfb_source *source)
{
    struct cfb_check check = { source };
    BYTE header[CFB_HEADER_SIZE];
    ULONGLONG sectors;
    USHORT shift;
    SCODE sc;

    if (source->size < sizeof(cfb_signature)) return S_FALSE;
    if (!read_exact(&check, 0, header, min(source->size, sizeof(header)))) return MAPI_E_CORRUPT_DATA;
    if (memcmp(header, cfb_signature, sizeof(cfb_signature))) return S_FALSE;
    if (source->size < sizeof(header)) return MAPI_E_CORRUPT_DATA;

    shift = get_ushort(header + 30);
    if (get_ushort(header + 28) != 0xfffe || (shift != 9 && shift != 12) || get_ushort(header + 32) != 6 ||
        get_ulong(header + 56) != CFB_MINI_CUTOFF)
    {
        WARN("bad header\n");
        return MAPI_E_CORRUPT_DATA;
    }
    check.sector_size = 1 << shift;
    check.version3 = shift == 9;
    if (source->size <= check.sector_size) return MAPI_E_CORRUPT_DATA;
    sectors = (source->size - check.sector_size + check.sector_size - 1) / check.sector_size;
    if (sectors > CFB_MAXREGSECT) return MAPI_E_NOT_ENOUGH_MEMORY;
    check.sector_count = sectors;
    if (!(check.used = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, check.sector_count / 8 + 1)))
        return MAPI_E_NOT_ENOUGH_MEMORY;

    if (SUCCEEDED(sc = load_fat(&check, header)) &&
        SUCCEEDED(sc = load_directory(&check, header)) &&
        SUCCEEDED(sc = load_mini(&check, header)))
        sc = walk_tree(&check);

    HeapFree(GetProcessHeap(), 0, check.used);
    HeapFree(GetProcessHeap(), 0, check.fat);
    HeapFree(GetProcessHeap(), 0, check.minifat);
    HeapFree(GetProcessHeap(), 0, check.mini_used);
    HeapFree(GetProcessHeap(), 0, check.entries);
    if (FAILED(sc)) WARN("not a sound compound file: %#lx\n", sc);
    return sc;
}

static HRESULT lockbytes_read_at(void *context, ULONGLONG offset, void *data, ULONG size, ULONG *read)
{
    ULARGE_INTEGER at;

    at.QuadPart = offset;
    return ILockBytes_ReadAt((ILockBytes *)context, at, data, size, read);
}

/***********************************************************************
 *  mapi_check_compound_lockbytes
 *
 * Checks the compound file in an ILockBytes before it is opened as a storage.
 *
 * RETURNS
 *  S_OK for a sound file, S_FALSE for data that is no compound file at all
 *  (ole32 gives its own error for it), MAPI_E_CORRUPT_DATA for a damaged
 *  one, MAPI_E_NOT_ENOUGH_MEMORY for one too big to check.
 */
SCODE mapi_check_compound_lockbytes(ILockBytes *bytes)
{
    struct cfb_source source = { lockbytes_read_at, bytes };
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = ILockBytes_Stat(bytes, &stat, STATFLAG_NONAME))) return hr;
    source.size = stat.cbSize.QuadPart;
    return check_compound_file(&source);
}

static HRESULT file_read_at(void *context, ULONGLONG offset, void *data, ULONG size, ULONG *read)
{
    OVERLAPPED overlapped = { 0 };

    overlapped.Offset = (DWORD)offset;
    overlapped.OffsetHigh = (DWORD)(offset >> 32);
    return ReadFile(context, data, size, read, &overlapped) ? S_OK : STG_E_READFAULT;
}

static BOOL is_absolute_path(const WCHAR *path)
{
    return (path[0] && path[1] == ':' && (path[2] == '\\' || path[2] == '/')) ||
           (path[0] == '\\' && path[1] == '\\');
}

/***********************************************************************
 *  mapi_check_compound_storage
 *
 * Checks the file under a root storage that ole32 opened from a file, whose
 * name its Stat gives. Storages on other media, substorages and files that
 * cannot be read beside their storage are let through unchecked.
 *
 * RETURNS
 *  S_OK, or MAPI_E_CORRUPT_DATA / MAPI_E_NOT_ENOUGH_MEMORY as
 *  mapi_check_compound_lockbytes.
 */
SCODE mapi_check_compound_storage(IStorage *storage)
{
    struct cfb_source source = { file_read_at };
    LARGE_INTEGER size;
    STATSTG stat;
    HANDLE file;
    SCODE sc;

    if (FAILED(IStorage_Stat(storage, &stat, STATFLAG_DEFAULT))) return S_OK;
    /* A root storage gives its file's path; element names cannot hold ':' or '\\'. */
    if (!stat.pwcsName || !is_absolute_path(stat.pwcsName))
    {
        CoTaskMemFree(stat.pwcsName);
        return S_OK;
    }
    file = CreateFileW(stat.pwcsName, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                       OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        TRACE("cannot read %s beside its storage: %lu\n", debugstr_w(stat.pwcsName), GetLastError());
        CoTaskMemFree(stat.pwcsName);
        return S_OK;
    }
    CoTaskMemFree(stat.pwcsName);
    if (!GetFileSizeEx(file, &size))
    {
        CloseHandle(file);
        return S_OK;
    }
    source.context = file;
    source.size = size.QuadPart;
    sc = check_compound_file(&source);
    CloseHandle(file);
    return sc == S_FALSE ? S_OK : sc;
}
