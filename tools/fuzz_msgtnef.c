/*
 * Fuzz driver for the .msg and TNEF readers: mutates seed files (.msg files
 * and winmail.dat streams) and has mapi32 read each mutant as a program
 * would: HrIStorageFromStream and OpenIMsgOnIStg, then every property,
 * recipient, attachment and embedded message; or ITnef::ExtractProps into a
 * message, then the same reading of what it decoded and its text with
 * attachment tags (OpenTaggedBody), written back.
 *
 * Any result code is fine; a crash, a hang or runaway memory is not. A
 * watchdog thread ends the process when one case runs longer than the time
 * limit or the process holds more than the memory limit, and an exception
 * filter reports a crash; either way the last line of output names the case,
 * and tools/fuzz_msgtnef.sh goes on after it. Case N mutates seed N % seeds
 * with a generator seeded by N, so any case replays on its own (with
 * FUZZ_DEBUGGER=1 in the environment, a crash goes to winedbg):
 *   fuzz_msgtnef.exe KIND N 1 SEED...
 *
 * Usage: fuzz_msgtnef.exe msg|tnef FIRST COUNT SEED...
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "psapi.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "imessage.h"
#include "tnef.h"

HRESULT WINAPI HrIStorageFromStream(IUnknown *unk, const IID *iid, ULONG flags, IStorage **storage);

#define CASE_SECONDS   10                       /* one case longer than this is a hang */
#define MEMORY_LIMIT   ((SIZE_T)1024 * 1024 * 1024) /* resident bytes of the whole process */
#define MAX_GROWTH     4096                     /* bytes a mutant may grow by */
#define MAX_DEPTH      8                        /* embedded messages the reader follows */

struct seed
{
    BYTE *data;
    ULONG size;
};

static const char *kind;
static volatile LONG current_case = -1;
static volatile LONG case_started;              /* GetTickCount of the start of the current case */
static ULONG rng_state;
static ULONGLONG values_read;                   /* property values the cases read: how deep they got */

static ULONG next_random(void)
{
    rng_state = rng_state * 1103515245 + 12345;
    return rng_state >> 8;
}

static void fail(const char *what, DWORD detail)
{
    printf("FAIL %s %s case %ld (%#lx)\n", what, kind, current_case, detail);
    fflush(stdout);
    TerminateProcess(GetCurrentProcess(), 3);
}

static LONG WINAPI crash_filter(EXCEPTION_POINTERS *info)
{
    fail("crash", info->ExceptionRecord->ExceptionCode);
    return EXCEPTION_EXECUTE_HANDLER;
}

static DWORD WINAPI watchdog(void *arg)
{
    for (;;)
    {
        PROCESS_MEMORY_COUNTERS memory = { sizeof(memory) };

        Sleep(100);
        if (GetProcessMemoryInfo(GetCurrentProcess(), &memory, sizeof(memory)) &&
            memory.WorkingSetSize > MEMORY_LIMIT)
            fail("memory", (DWORD)(memory.WorkingSetSize >> 20));
        if (current_case >= 0 && GetTickCount() - (DWORD)case_started > CASE_SECONDS * 1000)
            fail("hang", GetTickCount() - (DWORD)case_started);
    }
    return 0;
}

/* A few kinds of damage: bit flips, bytes, big numbers, small numbers where
 * sector and entry numbers live, cuts, copied runs, growth. */
static ULONG mutate(BYTE *data, ULONG size, ULONG max_size)
{
    ULONG count = 1 + next_random() % 8, i;

    for (i = 0; i < count && size; i++)
    {
        ULONG at = next_random() % size;
        switch (next_random() % 7)
        {
        case 0: data[at] ^= 1 << (next_random() % 8); break;
        case 1: data[at] = next_random(); break;
        case 2:
            if (at + 4 <= size)
            {
                static const ULONG values[] = { 0xffffffff, 0x7fffffff, 0x80000000, 0x10000, 0, 0xfffffffe };
                ULONG v = values[next_random() % 6];
                memcpy(data + at, &v, 4);
            }
            break;
        case 3:
            if ((at & ~3) + 4 <= size)
            {
                ULONG v = next_random() % 64;
                memcpy(data + (at & ~3), &v, 4);
            }
            break;
        case 4: if (next_random() % 4 == 0) size = at; break;
        case 5:
        {
            ULONG from = next_random() % size, length = min(next_random() % 64, size - max(from, at));
            memmove(data + at, data + from, length);
            break;
        }
        default:
            if (size < max_size) data[size++] = next_random();
            break;
        }
    }
    return size;
}

static IStream *stream_on(const BYTE *data, ULONG size)
{
    IStream *stream;

    if (FAILED(CreateStreamOnHGlobal(NULL, TRUE, &stream))) return NULL;
    IStream_Write(stream, data, size, NULL);
    IStream_Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
    return stream;
}

static void read_stream_property(IMAPIProp *prop, ULONG tag)
{
    IStream *stream;
    BYTE buffer[4096];
    ULONG read, total = 0;

    if (prop->lpVtbl->OpenProperty(prop, tag, &IID_IStream, 0, 0, (IUnknown **)&stream) != S_OK) return;
    while (IStream_Read(stream, buffer, sizeof(buffer), &read) == S_OK && read && total < 64 * 1024 * 1024)
        total += read;
    IStream_Release(stream);
}

static void read_props(IMAPIProp *prop)
{
    SPropTagArray *tags;
    SPropValue *values;
    ULONG count, i;

    if (prop->lpVtbl->GetProps(prop, NULL, MAPI_UNICODE, &count, &values) == S_OK)
    {
        values_read += count;
        MAPIFreeBuffer(values);
    }
    if (prop->lpVtbl->GetProps(prop, NULL, 0, &count, &values) == S_OK) MAPIFreeBuffer(values);
    if (prop->lpVtbl->GetPropList(prop, 0, &tags) == S_OK)
    {
        SPropTagArray *named = NULL;
        MAPINAMEID **names;

        for (i = 0; i < tags->cValues; i++)
        {
            ULONG type = PROP_TYPE(tags->aulPropTag[i]);
            if (type == PT_BINARY || type == PT_STRING8 || type == PT_UNICODE)
                read_stream_property(prop, tags->aulPropTag[i]);
        }
        if (prop->lpVtbl->GetNamesFromIDs(prop, &named, NULL, 0, &count, &names) == S_OK) MAPIFreeBuffer(names);
        MAPIFreeBuffer(named);
        MAPIFreeBuffer(tags);
    }
}

static void read_table(IMAPITable *table, ULONG tag, ULONG *numbers, ULONG *count, ULONG max_count)
{
    SRowSet *rows;
    ULONG i, j;

    *count = 0;
    while (table->lpVtbl->QueryRows(table, 64, 0, &rows) == S_OK)
    {
        BOOL done = !rows->cRows;

        for (i = 0; i < rows->cRows; i++)
        {
            for (j = 0; j < rows->aRow[i].cValues; j++)
                if (rows->aRow[i].lpProps[j].ulPropTag == tag && *count < max_count)
                    numbers[(*count)++] = rows->aRow[i].lpProps[j].Value.l;
            MAPIFreeBuffer(rows->aRow[i].lpProps);
        }
        MAPIFreeBuffer(rows);
        if (done) break;
    }
    table->lpVtbl->Release(table);
}

/* Everything a program could read of a message: its properties, its
 * recipient and attachment tables, each attachment and embedded message. */
static void read_message(IMessage *message, ULONG depth)
{
    ULONG numbers[64], count, i;
    IMAPITable *table;

    read_props((IMAPIProp *)message);
    if (message->lpVtbl->GetRecipientTable(message, 0, &table) == S_OK)
        read_table(table, PR_ROWID, numbers, &count, 0);
    if (message->lpVtbl->GetAttachmentTable(message, 0, &table) != S_OK) return;
    read_table(table, PR_ATTACH_NUM, numbers, &count, ARRAYSIZE(numbers));
    for (i = 0; i < count; i++)
    {
        IMessage *embedded;
        IAttach *attach;

        if (message->lpVtbl->OpenAttach(message, numbers[i], NULL, 0, &attach) != S_OK) continue;
        read_props((IMAPIProp *)attach);
        if (depth < MAX_DEPTH && attach->lpVtbl->OpenProperty(attach, PR_ATTACH_DATA_OBJ, &IID_IMessage, 0, 0,
                                                              (IUnknown **)&embedded) == S_OK)
        {
            read_message(embedded, depth + 1);
            embedded->lpVtbl->Release(embedded);
        }
        attach->lpVtbl->Release(attach);
    }
}

static IMessage *open_message(IStorage *storage)
{
    IMessage *message;

    if (OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, NULL, 0, 0,
                       &message) != S_OK)
        return NULL;
    return message;
}

/* Returns whether the mutant was read as a message. */
static BOOL fuzz_msg(const BYTE *data, ULONG size)
{
    IStream *stream = stream_on(data, size);
    IStorage *storage;
    IMessage *message;
    BOOL opened = FALSE;

    if (!stream) return FALSE;
    if (HrIStorageFromStream((IUnknown *)stream, &IID_IStream, 0, &storage) == S_OK)
    {
        if ((message = open_message(storage)))
        {
            read_message(message, 0);
            message->lpVtbl->Release(message);
            opened = TRUE;
        }
        IStorage_Release(storage);
    }
    IStream_Release(stream);
    return opened;
}

static BOOL fuzz_tnef(const BYTE *data, ULONG size)
{
    ILockBytes *bytes;
    IStorage *storage;
    IMessage *message;
    IStream *stream;
    ITnef *tnef;
    STnefProblemArray *problems = NULL;
    BOOL decoded = FALSE;

    if (FAILED(CreateILockBytesOnHGlobal(NULL, TRUE, &bytes))) return FALSE;
    if (FAILED(StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage)))
    {
        ILockBytes_Release(bytes);
        return FALSE;
    }
    ILockBytes_Release(bytes);
    if ((message = open_message(storage)))
    {
        if ((stream = stream_on(data, size)))
        {
            if (OpenTnefStream(NULL, stream, (char *)"winmail.dat", TNEF_DECODE, message, 0x01af, &tnef) == S_OK)
            {
                if (ITnef_ExtractProps(tnef, TNEF_PROP_EXCLUDE, NULL, &problems) == S_OK)
                {
                    IStream *tagged;

                    read_message(message, 0);
                    decoded = TRUE;
                    /* The decoded text with its attachment tags, written back: the tags parsed again. */
                    if (ITnef_OpenTaggedBody(tnef, NULL, MAPI_MODIFY, &tagged) == S_OK)
                    {
                        char text[4096];
                        ULONG read;

                        IStream_Read(tagged, text, sizeof(text), &read);
                        IStream_Commit(tagged, 0);
                        IStream_Release(tagged);
                    }
                }
                MAPIFreeBuffer(problems);
                ITnef_Release(tnef);
            }
            IStream_Release(stream);
        }
        message->lpVtbl->Release(message);
    }
    IStorage_Release(storage);
    return decoded;
}

static BOOL load_seed(const char *path, struct seed *seed)
{
    FILE *file = fopen(path, "rb");
    long size;

    if (!file) return FALSE;
    fseek(file, 0, SEEK_END);
    size = ftell(file);
    fseek(file, 0, SEEK_SET);
    seed->size = size;
    seed->data = malloc(size + 1);
    if (!seed->data || fread(seed->data, 1, size, file) != (size_t)size)
    {
        fclose(file);
        return FALSE;
    }
    fclose(file);
    return TRUE;
}

int main(int argc, char **argv)
{
    ULONG first, count, i, seed_count, max_size = 0, read_ok = 0;
    PROCESS_MEMORY_COUNTERS memory = { sizeof(memory) };
    struct seed *seeds;
    BOOL is_msg;
    BYTE *data;

    if (argc < 5 || (strcmp(argv[1], "msg") && strcmp(argv[1], "tnef")))
    {
        fprintf(stderr, "usage: %s msg|tnef FIRST COUNT SEED...\n", argv[0]);
        return 2;
    }
    kind = argv[1];
    is_msg = !strcmp(kind, "msg");
    first = strtoul(argv[2], NULL, 0);
    count = strtoul(argv[3], NULL, 0);
    seed_count = argc - 4;
    seeds = calloc(seed_count, sizeof(*seeds));
    for (i = 0; i < seed_count; i++)
    {
        if (!load_seed(argv[4 + i], &seeds[i]))
        {
            fprintf(stderr, "cannot read %s\n", argv[4 + i]);
            return 2;
        }
        max_size = max(max_size, seeds[i].size);
    }
    max_size += MAX_GROWTH;
    data = malloc(max_size);

    CoInitialize(NULL);
    /* FUZZ_DEBUGGER=1 leaves a crash to Wine's debugger, for its backtrace. */
    if (!getenv("FUZZ_DEBUGGER")) SetUnhandledExceptionFilter(crash_filter);
    CloseHandle(CreateThread(NULL, 0, watchdog, NULL, 0, NULL));

    /* The seeds themselves must read: otherwise the mutants test nothing. */
    for (i = 0; i < seed_count; i++)
        if (!(is_msg ? fuzz_msg : fuzz_tnef)(seeds[i].data, seeds[i].size))
        {
            printf("seed %s does not read\n", argv[4 + i]);
            return 2;
        }

    for (i = first; i < first + count; i++)
    {
        const struct seed *seed = &seeds[i % seed_count];
        ULONG size;

        rng_state = i * 2654435761u + 7;
        memcpy(data, seed->data, seed->size);
        size = mutate(data, seed->size, max_size);
        case_started = GetTickCount();
        current_case = i;
        if ((is_msg ? fuzz_msg : fuzz_tnef)(data, size)) read_ok++;
        current_case = -1;
    }
    CoUninitialize();
    GetProcessMemoryInfo(GetCurrentProcess(), &memory, sizeof(memory));
    printf("DONE %s cases %lu-%lu read %lu peak %Iu KiB values %I64u\n", kind, first, first + count - 1, read_ok,
           memory.PeakWorkingSetSize / 1024, values_read);
    fflush(stdout);
    return 0;
}
