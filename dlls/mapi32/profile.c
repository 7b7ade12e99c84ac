/*
 * The profile store: profiles in the registry where Windows' MAPI keeps them.
 *
 *   HKCU\Software\Microsoft\Windows NT\CurrentVersion\Windows Messaging Subsystem\Profiles
 *     DefaultProfile             REG_SZ, the default profile's name
 *     <profile name>\<section>   one key per profile section, named by its
 *                                MAPIUID: its 16 bytes as 32 lower-case hex digits
 *       <type><id>               one REG_BINARY value per property, named by the
 *                                property type then identifier, 4 lower-case hex
 *                                digits each ("001f3001" is PR_DISPLAY_NAME_W)
 *
 * A value holds the property's bytes as they are in memory: numbers little-
 * endian, strings with their terminating null (UTF-16 for PT_UNICODE), binary
 * values as they are. Multi-valued properties are a ULONG count, then for
 * strings and binaries one descriptor per value, as wide as a pointer (the
 * offset of the value from the start, after its size for a binary), then the
 * values, each padded to 4 bytes; numbers follow the count directly.
 *
 * Every process of the prefix may read and write profiles at once: one named
 * mutex guards the store, and a change is journalled (the profiles it touches
 * are copied to HKCU\Software\Wine\Mapi32\ProfileJournal first) so that a
 * process dying half-way leaves nothing half-written: the next one to take
 * the lock puts the copies back.
 */

#include "profile_private.h"
#include "wincrypt.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define JOURNAL_KEY L"Software\\Wine\\Mapi32\\ProfileJournal"
#define STORE_MUTEX L"WineMapi32ProfileStore"
#define LOCK_TIMEOUT 60000

/* Journal states: its copies are not complete, complete (the change may have
 * begun), or no longer needed. */
#define JOURNAL_COPYING   0
#define JOURNAL_ACTIVE    1
#define JOURNAL_DONE      2

/* 9207f3e0-a3b1-1019-908b-08002b2a56c2: where MAPI lists a profile's services and providers */
const MAPIUID profile_services_uid =
    {{ 0x92, 0x07, 0xf3, 0xe0, 0xa3, 0xb1, 0x10, 0x19, 0x90, 0x8b, 0x08, 0x00, 0x2b, 0x2a, 0x56, 0xc2 }};

static HANDLE store_mutex;
static LONG lock_depth;       /* only changed by the thread that owns the mutex */
static BOOL journal_active;   /* likewise */

struct profile
{
    LONG ref;
    struct profile *next;
    BOOL delete_pending;
    WCHAR *rename_to;
    WCHAR name[MAX_PROFILE_NAME + 1];
};

static CRITICAL_SECTION open_profiles_cs;
static CRITICAL_SECTION_DEBUG open_profiles_cs_debug =
{
    0, 0, &open_profiles_cs,
    { &open_profiles_cs_debug.ProcessLocksList, &open_profiles_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": open_profiles_cs") }
};
static CRITICAL_SECTION open_profiles_cs = { &open_profiles_cs_debug, -1, 0, 0, 0, 0 };
static struct profile *open_profiles;

static HRESULT hresult_from_reg(LONG status)
{
    switch (status)
    {
    case ERROR_SUCCESS: return S_OK;
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND: return MAPI_E_NOT_FOUND;
    case ERROR_ACCESS_DENIED: return MAPI_E_NO_ACCESS;
    case ERROR_OUTOFMEMORY:
    case ERROR_NOT_ENOUGH_MEMORY: return MAPI_E_NOT_ENOUGH_MEMORY;
    default: return MAPI_E_CALL_FAILED;
    }
}

BOOL profile_name_is_valid(const WCHAR *name)
{
    size_t len, i;

    if (!name || !(len = wcslen(name)) || len > MAX_PROFILE_NAME) return FALSE;
    if (name[0] == ' ' || name[len - 1] == ' ') return FALSE;
    for (i = 0; i < len; i++)
        if (name[i] < ' ' || name[i] == '\\') return FALSE;
    return TRUE;
}

static BOOL names_equal(const WCHAR *a, const WCHAR *b)
{
    return CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
}

/***********************************************************************
 * The lock and the journal
 */

static void journal_rollback(HKEY profiles, HKEY journal)
{
    WCHAR entry[16], name[MAX_PROFILE_NAME + 1], value[MAX_PROFILE_NAME + 1];
    DWORD i, size, existed, type;
    HKEY entry_key, data, target;

    for (i = 0; ; i++)
    {
        size = ARRAY_SIZE(entry);
        if (RegEnumKeyExW(journal, i, entry, &size, NULL, NULL, NULL, NULL)) break;
        if (RegOpenKeyExW(journal, entry, 0, KEY_READ, &entry_key)) continue;
        size = sizeof(name);
        if (!RegQueryValueExW(entry_key, L"Name", NULL, &type, (BYTE *)name, &size) && type == REG_SZ &&
            profile_name_is_valid(name))
        {
            size = sizeof(existed);
            if (RegQueryValueExW(entry_key, L"Existed", NULL, NULL, (BYTE *)&existed, &size)) existed = 0;
            TRACE("restoring profile %s (%s)\n", debugstr_w(name), existed ? "as it was" : "absent");
            RegDeleteTreeW(profiles, name);
            if (existed && !RegOpenKeyExW(entry_key, L"Data", 0, KEY_READ, &data))
            {
                if (!RegCreateKeyExW(profiles, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &target, NULL))
                {
                    RegCopyTreeW(data, NULL, target);
                    RegCloseKey(target);
                }
                RegCloseKey(data);
            }
        }
        RegCloseKey(entry_key);
    }

    size = sizeof(value);
    if (!RegQueryValueExW(journal, DEFAULT_PROFILE_VALUE, NULL, &type, (BYTE *)value, &size) && type == REG_SZ)
        RegSetValueExW(profiles, DEFAULT_PROFILE_VALUE, 0, REG_SZ, (BYTE *)value, size);
    else
        RegDeleteValueW(profiles, DEFAULT_PROFILE_VALUE);
}

static void journal_finish(HKEY journal)
{
    DWORD state = JOURNAL_DONE;

    /* Marked first: deleting a tree is not one step, and a half-deleted
     * journal must never be played back. */
    RegSetValueExW(journal, L"State", 0, REG_DWORD, (BYTE *)&state, sizeof(state));
    RegDeleteTreeW(HKEY_CURRENT_USER, JOURNAL_KEY);
}

/* Puts back what a process that died in the middle of a change left. */
static void journal_recover(void)
{
    HKEY journal, profiles;
    DWORD state, size = sizeof(state);

    if (RegOpenKeyExW(HKEY_CURRENT_USER, JOURNAL_KEY, 0, KEY_ALL_ACCESS, &journal)) return;
    if (RegQueryValueExW(journal, L"State", NULL, NULL, (BYTE *)&state, &size)) state = JOURNAL_COPYING;
    if (state == JOURNAL_ACTIVE &&
        !RegCreateKeyExW(HKEY_CURRENT_USER, PROFILES_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &profiles, NULL))
    {
        WARN("a change to the profiles was interrupted: undoing it\n");
        journal_rollback(profiles, journal);
        RegCloseKey(profiles);
    }
    journal_finish(journal);
    RegCloseKey(journal);
}

void profile_store_lock(void)
{
    HANDLE mutex = *(HANDLE volatile *)&store_mutex;
    DWORD ret;

    if (!mutex)
    {
        HANDLE created = CreateMutexW(NULL, FALSE, STORE_MUTEX);

        if (!created) ERR("cannot create the profile store mutex: %lu\n", GetLastError());
        else if (InterlockedCompareExchangePointer((void **)&store_mutex, created, NULL))
            CloseHandle(created);
        mutex = store_mutex;
    }

    /* Wait as long as it takes; a holder that dies abandons the mutex to us. */
    while ((ret = WaitForSingleObject(mutex, LOCK_TIMEOUT)) == WAIT_TIMEOUT)
        WARN("still waiting for the profile store\n");
    if (ret == WAIT_FAILED) ERR("cannot take the profile store mutex: %lu\n", GetLastError());
    if (ret == WAIT_ABANDONED) WARN("a process died holding the profile store\n");

    if (!lock_depth++) journal_recover();
}

void profile_store_unlock(void)
{
    lock_depth--;
    ReleaseMutex(store_mutex);
}

static HRESULT journal_add_profile(HKEY profiles, HKEY journal, DWORD index, const WCHAR *name)
{
    WCHAR entry_name[16];
    HKEY entry, source, data;
    DWORD existed;
    LONG status;

    swprintf(entry_name, ARRAY_SIZE(entry_name), L"%lu", index);
    if ((status = RegCreateKeyExW(journal, entry_name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &entry, NULL)))
        return hresult_from_reg(status);
    status = RegSetValueExW(entry, L"Name", 0, REG_SZ, (const BYTE *)name, (wcslen(name) + 1) * sizeof(WCHAR));
    existed = !RegOpenKeyExW(profiles, name, 0, KEY_READ, &source);
    if (!status) status = RegSetValueExW(entry, L"Existed", 0, REG_DWORD, (BYTE *)&existed, sizeof(existed));
    if (existed)
    {
        if (!status && !(status = RegCreateKeyExW(entry, L"Data", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &data, NULL)))
        {
            status = RegCopyTreeW(source, NULL, data);
            RegCloseKey(data);
        }
        RegCloseKey(source);
    }
    RegCloseKey(entry);
    return hresult_from_reg(status);
}

HRESULT profile_txn_begin(struct profile_txn *txn, const WCHAR *name, const WCHAR *second)
{
    WCHAR value[MAX_PROFILE_NAME + 1];
    DWORD state = JOURNAL_COPYING, size = sizeof(value), type;
    HRESULT hr;
    LONG status;

    txn->profiles = txn->journal = NULL;
    profile_store_lock();
    if (journal_active)
    {
        ERR("a change to the profiles is already under way in this thread\n");
        profile_store_unlock();
        return MAPI_E_CALL_FAILED;
    }

    if ((status = RegCreateKeyExW(HKEY_CURRENT_USER, PROFILES_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                                  &txn->profiles, NULL)))
        goto failed;
    if ((status = RegCreateKeyExW(HKEY_CURRENT_USER, JOURNAL_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                                  &txn->journal, NULL)) ||
        (status = RegSetValueExW(txn->journal, L"State", 0, REG_DWORD, (BYTE *)&state, sizeof(state))))
        goto failed;
    if (!RegQueryValueExW(txn->profiles, DEFAULT_PROFILE_VALUE, NULL, &type, (BYTE *)value, &size) &&
        type == REG_SZ &&
        (status = RegSetValueExW(txn->journal, DEFAULT_PROFILE_VALUE, 0, REG_SZ, (BYTE *)value, size)))
        goto failed;
    if (name && FAILED(hr = journal_add_profile(txn->profiles, txn->journal, 0, name))) goto failed_hr;
    if (second && FAILED(hr = journal_add_profile(txn->profiles, txn->journal, 1, second))) goto failed_hr;

    state = JOURNAL_ACTIVE;
    if ((status = RegSetValueExW(txn->journal, L"State", 0, REG_DWORD, (BYTE *)&state, sizeof(state))))
        goto failed;
    journal_active = TRUE;
    return S_OK;

failed:
    hr = hresult_from_reg(status);
failed_hr:
    ERR("cannot journal a change to the profiles: %#lx\n", hr);
    if (txn->journal)
    {
        journal_finish(txn->journal);
        RegCloseKey(txn->journal);
    }
    if (txn->profiles) RegCloseKey(txn->profiles);
    txn->profiles = txn->journal = NULL;
    profile_store_unlock();
    return hr;
}

HRESULT profile_txn_end(struct profile_txn *txn, HRESULT hr)
{
    if (FAILED(hr))
    {
        TRACE("undoing a change that failed with %#lx\n", hr);
        journal_rollback(txn->profiles, txn->journal);
    }
    journal_finish(txn->journal);
    RegCloseKey(txn->journal);
    RegCloseKey(txn->profiles);
    txn->profiles = txn->journal = NULL;
    journal_active = FALSE;
    profile_store_unlock();
    return hr;
}

HRESULT profile_txn_open(struct profile_txn *txn, const WCHAR *name, HKEY *key)
{
    return hresult_from_reg(RegOpenKeyExW(txn->profiles, name, 0, KEY_ALL_ACCESS, key));
}

/***********************************************************************
 * Property values in the registry
 */

struct blob
{
    BYTE *data;
    DWORD size;
    DWORD capacity;
    BOOL failed;
};

static void blob_put(struct blob *blob, const void *data, DWORD size)
{
    if (blob->failed) return;
    if (blob->size + size < blob->size) { blob->failed = TRUE; return; }
    if (blob->size + size > blob->capacity)
    {
        DWORD capacity = max(blob->capacity * 2, blob->size + size + 64);
        BYTE *grown = blob->data ? HeapReAlloc(GetProcessHeap(), 0, blob->data, capacity)
                                 : HeapAlloc(GetProcessHeap(), 0, capacity);
        if (!grown) { blob->failed = TRUE; return; }
        blob->data = grown;
        blob->capacity = capacity;
    }
    if (size) memcpy(blob->data + blob->size, data, size);
    blob->size += size;
}

static void blob_put_uint(struct blob *blob, ULONGLONG value, DWORD width)
{
    BYTE bytes[8];
    DWORD i;

    for (i = 0; i < width; i++) bytes[i] = (BYTE)(value >> (8 * i));
    blob_put(blob, bytes, width);
}

static void blob_set_uint(struct blob *blob, DWORD offset, ULONGLONG value, DWORD width)
{
    DWORD i;

    if (blob->failed) return;
    for (i = 0; i < width; i++) blob->data[offset + i] = (BYTE)(value >> (8 * i));
}

static void blob_align(struct blob *blob)
{
    static const BYTE zeros[4];

    if (blob->size % 4) blob_put(blob, zeros, 4 - blob->size % 4);
}

static ULONGLONG read_uint(const BYTE *data, DWORD width)
{
    ULONGLONG value = 0;

    while (width--) value = (value << 8) | data[width];
    return value;
}

/* Where the bytes of a fixed-size value are, single or the index-th of many */
static const void *fixed_value(const SPropValue *prop, ULONG index)
{
    switch (PROP_TYPE(prop->ulPropTag))
    {
    case PT_I2: return &prop->Value.i;
    case PT_BOOLEAN: return &prop->Value.b;
    case PT_LONG: return &prop->Value.l;
    case PT_R4: return &prop->Value.flt;
    case PT_ERROR: return &prop->Value.err;
    case PT_DOUBLE: return &prop->Value.dbl;
    case PT_APPTIME: return &prop->Value.at;
    case PT_CURRENCY: return &prop->Value.cur;
    case PT_SYSTIME: return &prop->Value.ft;
    case PT_I8: return &prop->Value.li;
    case PT_CLSID: return prop->Value.lpguid;
    case PT_MV_I2: return &prop->Value.MVi.lpi[index];
    case PT_MV_LONG: return &prop->Value.MVl.lpl[index];
    case PT_MV_R4: return &prop->Value.MVflt.lpflt[index];
    case PT_MV_DOUBLE: return &prop->Value.MVdbl.lpdbl[index];
    case PT_MV_APPTIME: return &prop->Value.MVat.lpat[index];
    case PT_MV_CURRENCY: return &prop->Value.MVcur.lpcur[index];
    case PT_MV_SYSTIME: return &prop->Value.MVft.lpft[index];
    case PT_MV_I8: return &prop->Value.MVli.lpli[index];
    case PT_MV_CLSID: return &prop->Value.MVguid.lpguid[index];
    }
    return NULL;
}

/* The bytes of a value as the registry keeps it, in a heap block */
static HRESULT encode_value(const SPropValue *prop, BYTE **data, DWORD *size)
{
    const DWORD width = sizeof(void *);
    ULONG type = PROP_TYPE(prop->ulPropTag), count, i;
    struct blob blob = { 0 };
    DWORD header;

    *data = NULL;
    *size = 0;
    if (mapi_prop_fixed_size(type) && !(type & MV_FLAG))
    {
        const void *value = fixed_value(prop, 0);

        if (!value) return MAPI_E_INVALID_PARAMETER;
        blob_put(&blob, value, mapi_prop_fixed_size(type));
    }
    else switch (type)
    {
    case PT_STRING8:
        if (!prop->Value.lpszA) return MAPI_E_INVALID_PARAMETER;
        blob_put(&blob, prop->Value.lpszA, strlen(prop->Value.lpszA) + 1);
        break;
    case PT_UNICODE:
        if (!prop->Value.lpszW) return MAPI_E_INVALID_PARAMETER;
        blob_put(&blob, prop->Value.lpszW, (wcslen(prop->Value.lpszW) + 1) * sizeof(WCHAR));
        break;
    case PT_BINARY:
        if (prop->Value.bin.cb && !prop->Value.bin.lpb) return MAPI_E_INVALID_PARAMETER;
        blob_put(&blob, prop->Value.bin.lpb, prop->Value.bin.cb);
        break;
    case PT_MV_BINARY:
        count = prop->Value.MVbin.cValues;
        if (count && !prop->Value.MVbin.lpbin) return MAPI_E_INVALID_PARAMETER;
        blob_put_uint(&blob, count, 4);
        header = blob.size;
        for (i = 0; i < 2 * count; i++) blob_put_uint(&blob, 0, width);
        for (i = 0; i < count && !blob.failed; i++)
        {
            const SBinary *bin = &prop->Value.MVbin.lpbin[i];

            if (bin->cb && !bin->lpb) { blob.failed = TRUE; break; }
            blob_set_uint(&blob, header + 2 * width * i, bin->cb, width);
            blob_set_uint(&blob, header + 2 * width * i + width, blob.size, width);
            blob_put(&blob, bin->lpb, bin->cb);
            blob_align(&blob);
        }
        break;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
        count = prop->Value.MVszA.cValues;
        if (count && !prop->Value.MVszA.lppszA) return MAPI_E_INVALID_PARAMETER;
        blob_put_uint(&blob, count, 4);
        header = blob.size;
        for (i = 0; i < count; i++) blob_put_uint(&blob, 0, width);
        for (i = 0; i < count && !blob.failed; i++)
        {
            blob_set_uint(&blob, header + width * i, blob.size, width);
            if (type == PT_MV_STRING8)
            {
                const char *string = prop->Value.MVszA.lppszA[i];
                if (!string) { blob.failed = TRUE; break; }
                blob_put(&blob, string, strlen(string) + 1);
            }
            else
            {
                const WCHAR *string = prop->Value.MVszW.lppszW[i];
                if (!string) { blob.failed = TRUE; break; }
                blob_put(&blob, string, (wcslen(string) + 1) * sizeof(WCHAR));
            }
            blob_align(&blob);
        }
        break;
    default:
        if (!(type & MV_FLAG) || !mapi_prop_fixed_size(type)) return MAPI_E_INVALID_TYPE;
        count = prop->Value.MVl.cValues;
        if (count && !prop->Value.MVl.lpl) return MAPI_E_INVALID_PARAMETER;
        blob_put_uint(&blob, count, 4);
        for (i = 0; i < count; i++) blob_put(&blob, fixed_value(prop, i), mapi_prop_fixed_size(type));
        break;
    }

    if (blob.failed)
    {
        HeapFree(GetProcessHeap(), 0, blob.data);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!blob.data && !(blob.data = HeapAlloc(GetProcessHeap(), 0, 1))) return MAPI_E_NOT_ENOUGH_MEMORY;
    *data = blob.data;
    *size = blob.size;
    return S_OK;
}

static BOOL copy_bytes(const BYTE *data, DWORD size, void *parent, void **copy)
{
    if (FAILED(MAPIAllocateMore(size ? size : 1, parent, copy))) return FALSE;
    memcpy(*copy, data, size);
    return TRUE;
}

/* A string of the value at offset, null-terminated within size, copied */
static BOOL decode_string(const BYTE *data, DWORD size, DWORD offset, BOOL unicode, void *parent, void **string)
{
    DWORD unit = unicode ? sizeof(WCHAR) : 1, end = offset, length;
    BYTE *copy;

    if (offset > size) return FALSE;
    while (end + unit <= size && (unicode ? *(const WCHAR *)(data + end) != 0 : data[end] != 0)) end += unit;
    length = end - offset;
    if (FAILED(MAPIAllocateMore(length + unit, parent, (void **)&copy))) return FALSE;
    memcpy(copy, data + offset, length);
    memset(copy + length, 0, unit);
    *string = copy;
    return TRUE;
}

/* How wide the descriptors of a multi-valued string or binary value are:
 * the first one points right after them. 0 when neither fits. */
static DWORD descriptor_width(const BYTE *data, DWORD size, ULONG count, BOOL binary)
{
    static const DWORD widths[] = { 8, 4 };
    DWORD i, per_value;

    for (i = 0; i < ARRAY_SIZE(widths); i++)
    {
        ULONGLONG header;

        per_value = widths[i] * (binary ? 2 : 1);
        header = 4 + (ULONGLONG)per_value * count;
        if (header > size) continue;
        if (read_uint(data + 4 + (binary ? widths[i] : 0), widths[i]) == header) return widths[i];
    }
    return 0;
}

/* A value from its registry bytes; its data is allocated with MAPIAllocateMore on parent. */
static BOOL decode_value(ULONG tag, const BYTE *data, DWORD size, void *parent, SPropValue *prop)
{
    ULONG type = PROP_TYPE(tag), count, i;
    DWORD element = mapi_prop_fixed_size(type), width;
    void *array;

    prop->ulPropTag = tag;
    prop->dwAlignPad = 0;
    memset(&prop->Value, 0, sizeof(prop->Value));

    if (element && !(type & MV_FLAG))
    {
        /* A boolean of another width is still a boolean */
        if (type == PT_BOOLEAN && (size == 1 || size == 4))
        {
            prop->Value.b = size == 1 ? data[0] != 0 : read_uint(data, 4) != 0;
            return TRUE;
        }
        if (size != element) return FALSE;
        if (type == PT_CLSID) return copy_bytes(data, size, parent, (void **)&prop->Value.lpguid);
        memcpy((void *)fixed_value(prop, 0), data, element);
        return TRUE;
    }

    switch (type)
    {
    case PT_STRING8:
        return decode_string(data, size, 0, FALSE, parent, (void **)&prop->Value.lpszA);
    case PT_UNICODE:
        return decode_string(data, size, 0, TRUE, parent, (void **)&prop->Value.lpszW);
    case PT_BINARY:
        prop->Value.bin.cb = size;
        return copy_bytes(data, size, parent, (void **)&prop->Value.bin.lpb);
    }

    if (!(type & MV_FLAG) || size < 4) return FALSE;
    count = read_uint(data, 4);
    if (count > size) return FALSE;

    switch (type)
    {
    case PT_MV_BINARY:
        if (count && !(width = descriptor_width(data, size, count, TRUE))) return FALSE;
        if (FAILED(MAPIAllocateMore(max(count, 1) * sizeof(SBinary), parent, &array))) return FALSE;
        prop->Value.MVbin.cValues = count;
        prop->Value.MVbin.lpbin = array;
        for (i = 0; i < count; i++)
        {
            const BYTE *descriptor = data + 4 + 2 * width * i;
            ULONGLONG cb = read_uint(descriptor, width), offset = read_uint(descriptor + width, width);

            if (offset > size || cb > size - offset) return FALSE;
            prop->Value.MVbin.lpbin[i].cb = cb;
            if (!copy_bytes(data + offset, cb, parent, (void **)&prop->Value.MVbin.lpbin[i].lpb)) return FALSE;
        }
        return TRUE;
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
        if (count && !(width = descriptor_width(data, size, count, FALSE))) return FALSE;
        if (FAILED(MAPIAllocateMore(max(count, 1) * sizeof(void *), parent, &array))) return FALSE;
        prop->Value.MVszA.cValues = count;
        prop->Value.MVszA.lppszA = array;
        for (i = 0; i < count; i++)
        {
            ULONGLONG offset = read_uint(data + 4 + width * i, width);

            if (offset >= size ||
                !decode_string(data, size, offset, type == PT_MV_UNICODE, parent, (void **)&((void **)array)[i]))
                return FALSE;
        }
        return TRUE;
    }

    if (!element || size != 4 + count * element) return FALSE;
    prop->Value.MVl.cValues = count;
    if (!copy_bytes(data + 4, count * element, parent, (void **)&prop->Value.MVl.lpl)) return FALSE;
    return TRUE;
}

/* Secure properties are kept encrypted for the user (DPAPI). */
static HRESULT protect_value(BYTE **data, DWORD *size, BOOL encrypt)
{
    DATA_BLOB in = { *size, *data }, out = { 0 };
    BOOL ok;

    if (encrypt)
        ok = CryptProtectData(&in, NULL, NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, &out);
    else
        ok = CryptUnprotectData(&in, NULL, NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, &out);
    if (!ok)
    {
        WARN("cannot %s a secure property: %lu\n", encrypt ? "encrypt" : "decrypt", GetLastError());
        return MAPI_E_CALL_FAILED;
    }
    HeapFree(GetProcessHeap(), 0, *data);
    if (!(*data = HeapAlloc(GetProcessHeap(), 0, max(out.cbData, 1))))
    {
        LocalFree(out.pbData);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    memcpy(*data, out.pbData, out.cbData);
    *size = out.cbData;
    LocalFree(out.pbData);
    return S_OK;
}

static void value_name(ULONG tag, WCHAR *name)
{
    swprintf(name, 9, L"%04x%04x", PROP_TYPE(tag), PROP_ID(tag));
}

/* The tag a value name stands for; FALSE for names that are not a tag. */
static BOOL tag_from_value_name(const WCHAR *name, ULONG *tag)
{
    ULONG value = 0;
    int i;

    for (i = 0; i < 8; i++)
    {
        WCHAR c = name[i];

        value <<= 4;
        if (c >= '0' && c <= '9') value |= c - '0';
        else if (c >= 'a' && c <= 'f') value |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') value |= c - 'A' + 10;
        else return FALSE;
    }
    if (name[8]) return FALSE;
    *tag = PROP_TAG(value >> 16, value & 0xffff);
    return TRUE;
}

/***********************************************************************
 * Sections
 */

void section_key_name(const MAPIUID *uid, WCHAR *name)
{
    int i;

    for (i = 0; i < 16; i++) swprintf(name + 2 * i, 3, L"%02x", uid->ab[i]);
}

BOOL section_exists(HKEY profile, const MAPIUID *uid)
{
    WCHAR name[33];
    HKEY key;

    section_key_name(uid, name);
    if (RegOpenKeyExW(profile, name, 0, KEY_READ, &key)) return FALSE;
    RegCloseKey(key);
    return TRUE;
}

static HRESULT open_section(HKEY profile, const MAPIUID *uid, BOOL create, HKEY *key)
{
    WCHAR name[33];

    section_key_name(uid, name);
    if (create)
        return hresult_from_reg(RegCreateKeyExW(profile, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, key, NULL));
    return hresult_from_reg(RegOpenKeyExW(profile, name, 0, KEY_READ, key));
}

HRESULT section_create(HKEY profile, const MAPIUID *uid)
{
    HRESULT hr;
    HKEY key;

    if (SUCCEEDED(hr = open_section(profile, uid, TRUE, &key))) RegCloseKey(key);
    return hr;
}

HRESULT section_remove(HKEY profile, const MAPIUID *uid)
{
    WCHAR name[33];
    LONG status;

    section_key_name(uid, name);
    status = RegDeleteTreeW(profile, name);
    return status == ERROR_FILE_NOT_FOUND ? S_OK : hresult_from_reg(status);
}

static HRESULT read_value(HKEY key, const WCHAR *name, ULONG tag, void *parent, SPropValue *prop)
{
    DWORD size = 0, type;
    BYTE *data;
    HRESULT hr;

    if (RegQueryValueExW(key, name, NULL, &type, NULL, &size)) return MAPI_E_NOT_FOUND;
    if (type != REG_BINARY) return MAPI_E_CORRUPT_DATA;
    if (!(data = HeapAlloc(GetProcessHeap(), 0, max(size, 1)))) return MAPI_E_NOT_ENOUGH_MEMORY;
    if (RegQueryValueExW(key, name, NULL, NULL, data, &size)) hr = MAPI_E_NOT_FOUND;
    else if (is_secure_prop_id(tag)) hr = protect_value(&data, &size, FALSE);
    else hr = S_OK;
    if (SUCCEEDED(hr) && !decode_value(tag, data, size, parent, prop))
    {
        WARN("value %s does not hold a valid %#lx\n", debugstr_w(name), tag);
        hr = MAPI_E_CORRUPT_DATA;
    }
    HeapFree(GetProcessHeap(), 0, data);
    return hr;
}

HRESULT section_read(HKEY profile, const MAPIUID *uid, BOOL secure, ULONG *count, SPropValue **props)
{
    WCHAR name[16];
    DWORD values = 0, i, length;
    SPropValue *array;
    ULONG n = 0, tag;
    HRESULT hr;
    HKEY key;

    *count = 0;
    *props = NULL;
    if (FAILED(hr = open_section(profile, uid, FALSE, &key))) return hr;
    RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    if (FAILED(hr = MAPIAllocateBuffer(max(values, 1) * sizeof(SPropValue), (void **)&array)))
    {
        RegCloseKey(key);
        return hr;
    }
    for (i = 0; n < values; i++)
    {
        length = ARRAY_SIZE(name);
        if (RegEnumValueW(key, i, name, &length, NULL, NULL, NULL, NULL) == ERROR_NO_MORE_ITEMS) break;
        if (!tag_from_value_name(name, &tag)) continue;
        if (!secure && is_secure_prop_id(tag)) continue;
        if (SUCCEEDED(read_value(key, name, tag, array, &array[n]))) n++;
    }
    RegCloseKey(key);
    *count = n;
    *props = array;
    return S_OK;
}

HRESULT section_read_prop(HKEY profile, const MAPIUID *uid, ULONG tag, SPropValue **prop)
{
    WCHAR name[9];
    HRESULT hr;
    HKEY key;

    *prop = NULL;
    if (FAILED(hr = open_section(profile, uid, FALSE, &key))) return hr;
    if (SUCCEEDED(hr = MAPIAllocateBuffer(sizeof(SPropValue), (void **)prop)))
    {
        value_name(tag, name);
        if (FAILED(hr = read_value(key, name, tag, *prop, *prop)))
        {
            MAPIFreeBuffer(*prop);
            *prop = NULL;
        }
    }
    RegCloseKey(key);
    return hr;
}

WCHAR *section_read_string(HKEY profile, const MAPIUID *uid, ULONG tag)
{
    SPropValue *prop;
    WCHAR *string = NULL;
    int size;

    if (SUCCEEDED(section_read_prop(profile, uid, CHANGE_PROP_TYPE(tag, PT_UNICODE), &prop)))
    {
        string = wcsdup(prop->Value.lpszW);
        MAPIFreeBuffer(prop);
    }
    else if (SUCCEEDED(section_read_prop(profile, uid, CHANGE_PROP_TYPE(tag, PT_STRING8), &prop)))
    {
        size = MultiByteToWideChar(CP_ACP, 0, prop->Value.lpszA, -1, NULL, 0);
        if ((string = malloc(size * sizeof(WCHAR))))
            MultiByteToWideChar(CP_ACP, 0, prop->Value.lpszA, -1, string, size);
        MAPIFreeBuffer(prop);
    }
    return string;
}

ULONG section_read_long(HKEY profile, const MAPIUID *uid, ULONG tag, ULONG fallback)
{
    SPropValue *prop;
    ULONG value = fallback;

    if (SUCCEEDED(section_read_prop(profile, uid, tag, &prop)))
    {
        value = prop->Value.l;
        MAPIFreeBuffer(prop);
    }
    return value;
}

/* Deletes the values of a section whose identifier is that of one of the tags
 * (all types), except the exact tag keep. */
static void delete_values_by_id(HKEY key, ULONG count, const ULONG *tags, ULONG keep)
{
    WCHAR name[16], (*doomed)[16] = NULL;
    DWORD i, length, doomed_count = 0, values = 0;
    ULONG tag, j;

    RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    if (!values || !(doomed = HeapAlloc(GetProcessHeap(), 0, values * sizeof(*doomed)))) return;
    for (i = 0; doomed_count < values; i++)
    {
        length = ARRAY_SIZE(name);
        if (RegEnumValueW(key, i, name, &length, NULL, NULL, NULL, NULL) == ERROR_NO_MORE_ITEMS) break;
        if (!tag_from_value_name(name, &tag) || tag == keep) continue;
        for (j = 0; j < count; j++)
            if (PROP_ID(tags[j]) == PROP_ID(tag))
            {
                wcscpy(doomed[doomed_count++], name);
                break;
            }
    }
    for (i = 0; i < doomed_count; i++) RegDeleteValueW(key, doomed[i]);
    HeapFree(GetProcessHeap(), 0, doomed);
}

HRESULT section_write(HKEY profile, const MAPIUID *uid, ULONG count, const SPropValue *props)
{
    HRESULT hr = S_OK;
    WCHAR name[9];
    DWORD size;
    BYTE *data;
    ULONG i;
    HKEY key;

    if (FAILED(hr = open_section(profile, uid, TRUE, &key))) return hr;
    for (i = 0; i < count && SUCCEEDED(hr); i++)
    {
        ULONG tag = props[i].ulPropTag;

        if (PROP_TYPE(tag) == PT_ERROR || PROP_TYPE(tag) == PT_NULL || PROP_TYPE(tag) == PT_OBJECT) continue;
        if (FAILED(hr = encode_value(&props[i], &data, &size))) break;
        if (is_secure_prop_id(tag)) hr = protect_value(&data, &size, TRUE);
        if (SUCCEEDED(hr))
        {
            /* One value per identifier: a new type replaces the old. */
            delete_values_by_id(key, 1, &tag, tag);
            value_name(tag, name);
            hr = hresult_from_reg(RegSetValueExW(key, name, 0, REG_BINARY, data, size));
        }
        HeapFree(GetProcessHeap(), 0, data);
    }
    RegCloseKey(key);
    return hr;
}

HRESULT section_delete_props(HKEY profile, const MAPIUID *uid, const SPropTagArray *tags)
{
    WCHAR name[33];
    HKEY key;

    section_key_name(uid, name);
    if (RegOpenKeyExW(profile, name, 0, KEY_ALL_ACCESS, &key)) return S_OK;
    delete_values_by_id(key, tags->cValues, tags->aulPropTag, 0);
    RegCloseKey(key);
    return S_OK;
}

/***********************************************************************
 * Lists of MAPIUIDs
 */

void new_mapiuid(MAPIUID *uid)
{
    GUID guid;

    CoCreateGuid(&guid);
    memcpy(uid->ab, &guid, sizeof(uid->ab));
}

BOOL uid_list_contains(ULONG count, const MAPIUID *uids, const MAPIUID *uid)
{
    ULONG i;

    for (i = 0; i < count; i++)
        if (!memcmp(&uids[i], uid, sizeof(*uid))) return TRUE;
    return FALSE;
}

HRESULT uid_list_read(HKEY profile, const MAPIUID *section, ULONG tag, ULONG *count, MAPIUID **uids)
{
    SPropValue *prop;
    HRESULT hr;

    *count = 0;
    *uids = NULL;
    if (FAILED(hr = section_read_prop(profile, section, CHANGE_PROP_TYPE(tag, PT_BINARY), &prop)))
        return hr == MAPI_E_NOT_FOUND ? S_OK : hr;
    if (FAILED(hr = MAPIAllocateBuffer(max(prop->Value.bin.cb, 1), (void **)uids)))
    {
        MAPIFreeBuffer(prop);
        return hr;
    }
    *count = prop->Value.bin.cb / sizeof(MAPIUID);
    memcpy(*uids, prop->Value.bin.lpb, *count * sizeof(MAPIUID));
    MAPIFreeBuffer(prop);
    return S_OK;
}

HRESULT uid_list_write(HKEY profile, const MAPIUID *section, ULONG tag, ULONG count, const MAPIUID *uids)
{
    SPropValue prop;

    prop.ulPropTag = CHANGE_PROP_TYPE(tag, PT_BINARY);
    prop.dwAlignPad = 0;
    prop.Value.bin.cb = count * sizeof(MAPIUID);
    prop.Value.bin.lpb = (BYTE *)uids;
    return section_write(profile, section, 1, &prop);
}

HRESULT uid_list_add(HKEY profile, const MAPIUID *section, ULONG tag, const MAPIUID *uid)
{
    MAPIUID *uids, *grown;
    ULONG count;
    HRESULT hr;

    if (FAILED(hr = uid_list_read(profile, section, tag, &count, &uids))) return hr;
    if (uid_list_contains(count, uids, uid))
    {
        MAPIFreeBuffer(uids);
        return S_OK;
    }
    if (SUCCEEDED(hr = MAPIAllocateBuffer((count + 1) * sizeof(MAPIUID), (void **)&grown)))
    {
        if (count) memcpy(grown, uids, count * sizeof(MAPIUID));
        grown[count] = *uid;
        hr = uid_list_write(profile, section, tag, count + 1, grown);
        MAPIFreeBuffer(grown);
    }
    MAPIFreeBuffer(uids);
    return hr;
}

HRESULT uid_list_remove(HKEY profile, const MAPIUID *section, ULONG tag, const MAPIUID *uid)
{
    ULONG count, i, kept = 0;
    MAPIUID *uids;
    HRESULT hr;

    if (FAILED(hr = uid_list_read(profile, section, tag, &count, &uids))) return hr;
    for (i = 0; i < count; i++)
        if (memcmp(&uids[i], uid, sizeof(*uid))) uids[kept++] = uids[i];
    if (kept != count) hr = uid_list_write(profile, section, tag, kept, uids);
    MAPIFreeBuffer(uids);
    return hr;
}

ULONG provider_list_tag(ULONG resource_type)
{
    switch (resource_type)
    {
    case MAPI_STORE_PROVIDER: return PR_STORE_PROVIDERS;
    case MAPI_AB_PROVIDER: return PR_AB_PROVIDERS;
    case MAPI_TRANSPORT_PROVIDER: return PR_TRANSPORT_PROVIDERS;
    }
    return 0;
}

/***********************************************************************
 * Profiles
 */

HRESULT profile_find_name(HKEY profiles, const WCHAR *wanted, WCHAR *name)
{
    DWORD i, length;

    for (i = 0; ; i++)
    {
        length = MAX_PROFILE_NAME + 1;
        if (RegEnumKeyExW(profiles, i, name, &length, NULL, NULL, NULL, NULL) == ERROR_NO_MORE_ITEMS) break;
        if (names_equal(name, wanted) && profile_name_is_valid(name)) return S_OK;
    }
    name[0] = 0;
    return MAPI_E_NOT_FOUND;
}

static struct profile *find_open_profile(const WCHAR *name)
{
    struct profile *profile;

    for (profile = open_profiles; profile; profile = profile->next)
        if (names_equal(profile->name, name)) return profile;
    return NULL;
}

BOOL profile_is_pending(const WCHAR *name)
{
    struct profile *profile;
    BOOL pending;

    EnterCriticalSection(&open_profiles_cs);
    profile = find_open_profile(name);
    pending = profile && profile->delete_pending;
    LeaveCriticalSection(&open_profiles_cs);
    return pending;
}

static int __cdecl compare_names(const void *a, const void *b)
{
    return CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, *(WCHAR *const *)a, -1, *(WCHAR *const *)b, -1) - 2;
}

HRESULT profile_list_names(WCHAR ***names, ULONG *count)
{
    WCHAR name[MAX_PROFILE_NAME + 1], **list = NULL, **grown;
    ULONG n = 0, capacity = 0;
    HRESULT hr = S_OK;
    DWORD i, length;
    HKEY profiles;
    LONG status;

    *names = NULL;
    *count = 0;
    profile_store_lock();
    if (!RegOpenKeyExW(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &profiles))
    {
        for (i = 0; ; i++)
        {
            length = ARRAY_SIZE(name);
            status = RegEnumKeyExW(profiles, i, name, &length, NULL, NULL, NULL, NULL);

            if (status == ERROR_NO_MORE_ITEMS) break;
            if (status || !profile_name_is_valid(name) || profile_is_pending(name)) continue;
            if (n == capacity)
            {
                capacity = max(capacity * 2, 8);
                if (!(grown = realloc(list, capacity * sizeof(*list)))) { hr = MAPI_E_NOT_ENOUGH_MEMORY; break; }
                list = grown;
            }
            if (!(list[n] = wcsdup(name))) { hr = MAPI_E_NOT_ENOUGH_MEMORY; break; }
            n++;
        }
        RegCloseKey(profiles);
    }
    profile_store_unlock();

    if (FAILED(hr))
    {
        profile_free_names(list, n);
        return hr;
    }
    if (n) qsort(list, n, sizeof(*list), compare_names);
    *names = list;
    *count = n;
    return S_OK;
}

void profile_free_names(WCHAR **names, ULONG count)
{
    ULONG i;

    for (i = 0; i < count; i++) free(names[i]);
    free(names);
}

/* A new PR_SEARCH_KEY in MUID_PROFILE_INSTANCE: unique to every profile ever made */
static HRESULT write_instance_key(HKEY profile)
{
    SPropValue prop;
    MAPIUID uid;

    new_mapiuid(&uid);
    prop.ulPropTag = PR_SEARCH_KEY;
    prop.dwAlignPad = 0;
    prop.Value.bin.cb = sizeof(uid);
    prop.Value.bin.lpb = uid.ab;
    return section_write(profile, (const MAPIUID *)&MUID_PROFILE_INSTANCE, 1, &prop);
}

HRESULT profile_create_key(struct profile_txn *txn, const WCHAR *name, HKEY *key)
{
    WCHAR existing[MAX_PROFILE_NAME + 1];
    HRESULT hr;
    LONG status;

    *key = NULL;
    if (SUCCEEDED(profile_find_name(txn->profiles, name, existing))) return MAPI_E_NO_ACCESS;
    if ((status = RegCreateKeyExW(txn->profiles, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, key, NULL)))
        return hresult_from_reg(status);
    if (FAILED(hr = write_instance_key(*key)) ||
        FAILED(hr = uid_list_write(*key, &profile_services_uid, PR_SERVICES, 0, NULL)))
    {
        RegCloseKey(*key);
        *key = NULL;
    }
    return hr;
}

static HRESULT delete_profile_now(const WCHAR *name)
{
    WCHAR stored[MAX_PROFILE_NAME + 1], value[MAX_PROFILE_NAME + 1];
    DWORD size = sizeof(value), type;
    struct profile_txn txn;
    HRESULT hr;

    TRACE("deleting %s\n", debugstr_w(name));
    if (FAILED(hr = profile_txn_begin(&txn, name, NULL))) return hr;
    if (SUCCEEDED(hr = profile_find_name(txn.profiles, name, stored)))
    {
        hr = hresult_from_reg(RegDeleteTreeW(txn.profiles, stored));
        if (SUCCEEDED(hr) &&
            !RegQueryValueExW(txn.profiles, DEFAULT_PROFILE_VALUE, NULL, &type, (BYTE *)value, &size) &&
            type == REG_SZ && names_equal(value, stored))
            hr = hresult_from_reg(RegDeleteValueW(txn.profiles, DEFAULT_PROFILE_VALUE));
    }
    return profile_txn_end(&txn, hr);
}

/* Copies a profile's tree to a new key of the same store, inside a change. */
static HRESULT copy_profile_key(struct profile_txn *txn, const WCHAR *from, const WCHAR *to)
{
    HKEY source, target;
    HRESULT hr;

    if (FAILED(hr = profile_txn_open(txn, from, &source))) return hr;
    if (!(hr = hresult_from_reg(RegCreateKeyExW(txn->profiles, to, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                                                &target, NULL))))
    {
        hr = hresult_from_reg(RegCopyTreeW(source, NULL, target));
        RegCloseKey(target);
    }
    RegCloseKey(source);
    return hr;
}

static HRESULT rename_profile_now(const WCHAR *from, const WCHAR *to)
{
    WCHAR stored[MAX_PROFILE_NAME + 1], existing[MAX_PROFILE_NAME + 1], value[MAX_PROFILE_NAME + 1];
    static const WCHAR scratch[] = L" ~mapi32 rename";
    DWORD size = sizeof(value), type;
    struct profile_txn txn;
    BOOL was_default;
    HRESULT hr;

    TRACE("renaming %s to %s\n", debugstr_w(from), debugstr_w(to));
    if (FAILED(hr = profile_txn_begin(&txn, from, to))) return hr;
    if (FAILED(hr = profile_find_name(txn.profiles, from, stored))) goto done;
    if (SUCCEEDED(profile_find_name(txn.profiles, to, existing)) && !names_equal(stored, to))
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    was_default = !RegQueryValueExW(txn.profiles, DEFAULT_PROFILE_VALUE, NULL, &type, (BYTE *)value, &size) &&
                  type == REG_SZ && names_equal(value, stored);

    /* Through a scratch key, so that only the case of the name may change too */
    RegDeleteTreeW(txn.profiles, scratch);
    if (SUCCEEDED(hr = copy_profile_key(&txn, stored, scratch)) &&
        SUCCEEDED(hr = hresult_from_reg(RegDeleteTreeW(txn.profiles, stored))) &&
        SUCCEEDED(hr = copy_profile_key(&txn, scratch, to)))
        hr = hresult_from_reg(RegDeleteTreeW(txn.profiles, scratch));
    if (SUCCEEDED(hr) && was_default)
        hr = hresult_from_reg(RegSetValueExW(txn.profiles, DEFAULT_PROFILE_VALUE, 0, REG_SZ, (const BYTE *)to,
                                             (wcslen(to) + 1) * sizeof(WCHAR)));
done:
    return profile_txn_end(&txn, hr);
}

HRESULT profile_delete(const WCHAR *name)
{
    WCHAR stored[MAX_PROFILE_NAME + 1];
    struct profile *profile;
    HKEY profiles;
    HRESULT hr;

    profile_store_lock();
    hr = RegOpenKeyExW(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &profiles) ? MAPI_E_NOT_FOUND : S_OK;
    if (SUCCEEDED(hr))
    {
        hr = profile_find_name(profiles, name, stored);
        RegCloseKey(profiles);
    }
    profile_store_unlock();
    if (FAILED(hr)) return hr;

    EnterCriticalSection(&open_profiles_cs);
    if ((profile = find_open_profile(stored)))
    {
        if (profile->delete_pending) hr = MAPI_E_NOT_FOUND;
        else
        {
            TRACE("%s is in use: deleted when it is no longer\n", debugstr_w(stored));
            profile->delete_pending = TRUE;
        }
    }
    LeaveCriticalSection(&open_profiles_cs);
    if (profile) return hr;
    return delete_profile_now(stored);
}

HRESULT profile_copy(const WCHAR *from, const WCHAR *to)
{
    WCHAR stored[MAX_PROFILE_NAME + 1], existing[MAX_PROFILE_NAME + 1];
    struct profile_txn txn;
    HKEY target;
    HRESULT hr;

    if (profile_is_pending(from)) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = profile_txn_begin(&txn, to, NULL))) return hr;
    if (FAILED(hr = profile_find_name(txn.profiles, from, stored))) goto done;
    if (SUCCEEDED(profile_find_name(txn.profiles, to, existing)))
    {
        hr = MAPI_E_NO_ACCESS;
        goto done;
    }
    if (SUCCEEDED(hr = copy_profile_key(&txn, stored, to)) && SUCCEEDED(hr = profile_txn_open(&txn, to, &target)))
    {
        hr = write_instance_key(target);
        RegCloseKey(target);
    }
done:
    return profile_txn_end(&txn, hr);
}

HRESULT profile_rename(const WCHAR *from, const WCHAR *to)
{
    WCHAR stored[MAX_PROFILE_NAME + 1], existing[MAX_PROFILE_NAME + 1];
    struct profile *profile;
    HKEY profiles;
    HRESULT hr;

    profile_store_lock();
    hr = RegOpenKeyExW(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &profiles) ? MAPI_E_NOT_FOUND : S_OK;
    if (SUCCEEDED(hr))
    {
        if (SUCCEEDED(hr = profile_find_name(profiles, from, stored)) &&
            SUCCEEDED(profile_find_name(profiles, to, existing)) && !names_equal(stored, to))
            hr = MAPI_E_NO_ACCESS;
        RegCloseKey(profiles);
    }
    profile_store_unlock();
    if (FAILED(hr)) return hr;

    EnterCriticalSection(&open_profiles_cs);
    if ((profile = find_open_profile(stored)))
    {
        if (profile->delete_pending) hr = MAPI_E_NOT_FOUND;
        else
        {
            TRACE("%s is in use: renamed when it is no longer\n", debugstr_w(stored));
            free(profile->rename_to);
            if (!(profile->rename_to = wcsdup(to))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        }
    }
    LeaveCriticalSection(&open_profiles_cs);
    if (profile) return hr;
    return rename_profile_now(stored, to);
}

HRESULT profile_set_default(const WCHAR *name)
{
    WCHAR stored[MAX_PROFILE_NAME + 1];
    struct profile_txn txn;
    HRESULT hr;

    if (name && profile_is_pending(name)) return MAPI_E_NOT_FOUND;
    if (FAILED(hr = profile_txn_begin(&txn, NULL, NULL))) return hr;
    if (!name)
    {
        LONG status = RegDeleteValueW(txn.profiles, DEFAULT_PROFILE_VALUE);
        hr = status == ERROR_FILE_NOT_FOUND ? S_OK : hresult_from_reg(status);
    }
    else if (SUCCEEDED(hr = profile_find_name(txn.profiles, name, stored)))
        hr = hresult_from_reg(RegSetValueExW(txn.profiles, DEFAULT_PROFILE_VALUE, 0, REG_SZ, (BYTE *)stored,
                                             (wcslen(stored) + 1) * sizeof(WCHAR)));
    return profile_txn_end(&txn, hr);
}

/***********************************************************************
 * profile.h
 */

HRESULT profile_open(const WCHAR *name, struct profile **out)
{
    WCHAR stored[MAX_PROFILE_NAME + 1];
    struct profile *profile;
    HKEY profiles;
    HRESULT hr;

    TRACE("(%s,%p)\n", debugstr_w(name), out);

    if (!out) return MAPI_E_INVALID_PARAMETER;
    *out = NULL;
    if (!name) return MAPI_E_INVALID_PARAMETER;
    if (!profile_name_is_valid(name)) return MAPI_E_NOT_FOUND;

    profile_store_lock();
    hr = RegOpenKeyExW(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &profiles) ? MAPI_E_NOT_FOUND : S_OK;
    if (SUCCEEDED(hr))
    {
        hr = profile_find_name(profiles, name, stored);
        RegCloseKey(profiles);
    }
    profile_store_unlock();
    if (FAILED(hr)) return hr;

    EnterCriticalSection(&open_profiles_cs);
    if ((profile = find_open_profile(stored)))
    {
        if (profile->delete_pending) hr = MAPI_E_NOT_FOUND;
        else InterlockedIncrement(&profile->ref);
    }
    else if ((profile = calloc(1, sizeof(*profile))))
    {
        profile->ref = 1;
        wcscpy(profile->name, stored);
        profile->next = open_profiles;
        open_profiles = profile;
    }
    else hr = MAPI_E_NOT_ENOUGH_MEMORY;
    LeaveCriticalSection(&open_profiles_cs);

    if (SUCCEEDED(hr)) *out = profile;
    return hr;
}

HRESULT profile_get_default_name(WCHAR **name)
{
    WCHAR value[MAX_PROFILE_NAME + 1];
    DWORD size = sizeof(value) - sizeof(WCHAR), type;
    HRESULT hr = MAPI_E_NOT_FOUND;
    HKEY profiles;

    if (!name) return MAPI_E_INVALID_PARAMETER;
    *name = NULL;
    profile_store_lock();
    if (!RegOpenKeyExW(HKEY_CURRENT_USER, PROFILES_KEY, 0, KEY_READ, &profiles))
    {
        if (!RegQueryValueExW(profiles, DEFAULT_PROFILE_VALUE, NULL, &type, (BYTE *)value, &size) &&
            (type == REG_SZ || type == REG_EXPAND_SZ))
        {
            value[size / sizeof(WCHAR)] = 0;
            if (value[0]) hr = (*name = wcsdup(value)) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
        }
        RegCloseKey(profiles);
    }
    profile_store_unlock();
    return hr;
}

struct profile *profile_addref(struct profile *profile)
{
    InterlockedIncrement(&profile->ref);
    return profile;
}

void profile_release(struct profile *profile)
{
    struct profile **prev;

    if (!profile) return;
    EnterCriticalSection(&open_profiles_cs);
    if (InterlockedDecrement(&profile->ref))
    {
        LeaveCriticalSection(&open_profiles_cs);
        return;
    }
    for (prev = &open_profiles; *prev; prev = &(*prev)->next)
        if (*prev == profile)
        {
            *prev = profile->next;
            break;
        }
    LeaveCriticalSection(&open_profiles_cs);

    /* What waited for the profile to be free */
    if (profile->delete_pending) delete_profile_now(profile->name);
    else if (profile->rename_to && FAILED(rename_profile_now(profile->name, profile->rename_to)))
        WARN("%s could not become %s\n", debugstr_w(profile->name), debugstr_w(profile->rename_to));
    free(profile->rename_to);
    free(profile);
}

const WCHAR *profile_name(const struct profile *profile)
{
    return profile->name;
}

HRESULT profile_check_password(struct profile *profile, const WCHAR *password)
{
    /* MAPI has no profile passwords any more (ChangeProfilePassword does
     * nothing): any password opens a profile. */
    TRACE("(%s,%p)\n", debugstr_w(profile->name), password);
    return S_OK;
}

HRESULT profile_open_key(struct profile *profile, HKEY *key)
{
    WCHAR path[ARRAY_SIZE(PROFILES_KEY) + MAX_PROFILE_NAME + 1];

    swprintf(path, ARRAY_SIZE(path), L"%s\\%s", PROFILES_KEY, profile->name);
    return hresult_from_reg(RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ, key));
}

static void free_provider_strings(struct profile_provider *provider)
{
    free(provider->dll_name);
    free(provider->display_name);
    free(provider->provider_display);
    free(provider->service_name);
}

static WCHAR *string_or_empty(WCHAR *string)
{
    return string ? string : wcsdup(L"");
}

HRESULT profile_get_providers(struct profile *profile, ULONG resource_type, ULONG *count,
                              struct profile_provider **providers)
{
    static const ULONG types[] = { MAPI_STORE_PROVIDER, MAPI_AB_PROVIDER, MAPI_TRANSPORT_PROVIDER };
    struct profile_provider *array = NULL, *grown;
    ULONG n = 0, i, j, uid_count;
    HRESULT hr = S_OK;
    MAPIUID *uids;
    HKEY key;

    TRACE("(%s,%lu,%p,%p)\n", debugstr_w(profile->name), resource_type, count, providers);

    if (!count || !providers) return MAPI_E_INVALID_PARAMETER;
    *count = 0;
    *providers = NULL;
    if (resource_type && !provider_list_tag(resource_type)) return MAPI_E_INVALID_PARAMETER;

    profile_store_lock();
    if (FAILED(hr = profile_open_key(profile, &key)))
    {
        profile_store_unlock();
        return hr;
    }
    for (i = 0; i < ARRAY_SIZE(types) && SUCCEEDED(hr); i++)
    {
        if (resource_type && types[i] != resource_type) continue;
        if (FAILED(hr = uid_list_read(key, &profile_services_uid, provider_list_tag(types[i]), &uid_count, &uids)))
            break;
        if (uid_count && !(grown = realloc(array, (n + uid_count) * sizeof(*array)))) hr = MAPI_E_NOT_ENOUGH_MEMORY;
        else if (uid_count) array = grown;
        for (j = 0; j < uid_count && SUCCEEDED(hr); j++)
        {
            struct profile_provider *provider = &array[n];
            SPropValue *service_uid;

            if (!section_exists(key, &uids[j]))
            {
                WARN("provider section %s is missing\n", wine_dbgstr_an((const char *)uids[j].ab, 16));
                continue;
            }
            memset(provider, 0, sizeof(*provider));
            provider->provider_uid = uids[j];
            if (SUCCEEDED(section_read_prop(key, &uids[j], PR_SERVICE_UID, &service_uid)))
            {
                if (service_uid->Value.bin.cb == sizeof(MAPIUID))
                    memcpy(&provider->service_uid, service_uid->Value.bin.lpb, sizeof(MAPIUID));
                MAPIFreeBuffer(service_uid);
            }
            provider->resource_type = types[i];
            provider->resource_flags = section_read_long(key, &uids[j], PR_RESOURCE_FLAGS, 0);
            provider->dll_name = string_or_empty(section_read_string(key, &uids[j], PR_PROVIDER_DLL_NAME_W));
            provider->display_name = string_or_empty(section_read_string(key, &uids[j], PR_DISPLAY_NAME_W));
            provider->provider_display = string_or_empty(section_read_string(key, &uids[j], PR_PROVIDER_DISPLAY_W));
            provider->service_name = string_or_empty(section_read_string(key, &uids[j], PR_SERVICE_NAME_W));
            n++;
            if (!provider->dll_name || !provider->display_name || !provider->provider_display ||
                !provider->service_name)
                hr = MAPI_E_NOT_ENOUGH_MEMORY;
        }
        MAPIFreeBuffer(uids);
    }
    RegCloseKey(key);
    profile_store_unlock();

    if (FAILED(hr))
    {
        profile_free_providers(n, array);
        return hr;
    }
    *count = n;
    *providers = array;
    return S_OK;
}

void profile_free_providers(ULONG count, struct profile_provider *providers)
{
    ULONG i;

    for (i = 0; i < count; i++) free_provider_strings(&providers[i]);
    free(providers);
}

HRESULT profile_open_section(struct profile *profile, const MAPIUID *uid, ULONG flags, IProfSect **section)
{
    TRACE("(%s,%p,%#lx,%p)\n", debugstr_w(profile ? profile->name : NULL), uid, flags, section);

    if (!section) return MAPI_E_INVALID_PARAMETER;
    *section = NULL;
    if (!profile || !uid) return MAPI_E_INVALID_PARAMETER;
    return profsect_create(profile, uid, flags, section);
}
