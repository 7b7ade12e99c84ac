/*
 * Fuzz driver for the .msg and TNEF readers: mutates a seed file (a .msg
 * written by test_imessage, a winmail.dat written by test_tnef) and has
 * OpenIMsgOnIStg or ITnef::ExtractProps read each mutant. Any result code is
 * fine; a crash or a hang is not: tools/fuzz_msgtnef.sh runs this in batches
 * and reports the batches that died.
 *
 * Usage: fuzz_msgtnef.exe msg|tnef SEEDFILE FIRST COUNT
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define COBJMACROS
#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
#include "mapidefs.h"
#include "mapicode.h"
#include "mapitags.h"
#include "mapiutil.h"
#include "imessage.h"
#include "tnef.h"

static ULONG rng_state;

static ULONG next_random(void)
{
    rng_state = rng_state * 1103515245 + 12345;
    return rng_state >> 8;
}

/* A few kinds of damage: bit flips, big numbers, cuts, copied runs. */
static ULONG mutate(BYTE *data, ULONG size, ULONG max_size)
{
    ULONG count = 1 + next_random() % 8, i;

    for (i = 0; i < count && size; i++)
    {
        ULONG at = next_random() % size;
        switch (next_random() % 6)
        {
        case 0: data[at] ^= 1 << (next_random() % 8); break;
        case 1: data[at] = next_random(); break;
        case 2:
            if (at + 4 <= size)
            {
                static const ULONG values[] = { 0xffffffff, 0x7fffffff, 0x80000000, 0x10000, 0 };
                ULONG v = values[next_random() % 5];
                memcpy(data + at, &v, 4);
            }
            break;
        case 3: size = at; break;
        case 4:
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

static void fuzz_tnef(const BYTE *seed, ULONG seed_size, BYTE *data, ULONG max_size)
{
    ULONG size = mutate(data, seed_size, max_size);
    ILockBytes *bytes;
    IStorage *storage;
    IMessage *message;
    IStream *stream;
    ITnef *tnef;
    STnefProblemArray *problems = NULL;

    CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
    StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage);
    ILockBytes_Release(bytes);
    if (OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, NULL, 0, 0,
                       &message) == S_OK)
    {
        CreateStreamOnHGlobal(NULL, TRUE, &stream);
        IStream_Write(stream, data, size, NULL);
        IStream_Seek(stream, (LARGE_INTEGER){ { 0 } }, STREAM_SEEK_SET, NULL);
        if (OpenTnefStream(NULL, stream, NULL, TNEF_DECODE, message, 0, &tnef) == S_OK)
        {
            ITnef_ExtractProps(tnef, 0, NULL, &problems);
            MAPIFreeBuffer(problems);
            ITnef_Release(tnef);
        }
        IStream_Release(stream);
        message->lpVtbl->Release(message);
    }
    IStorage_Release(storage);
}

static void fuzz_msg(BYTE *data, ULONG seed_size, ULONG max_size)
{
    ULONG size = mutate(data, seed_size, max_size);
    HGLOBAL global = GlobalAlloc(GMEM_MOVEABLE, max(size, 1));
    ILockBytes *bytes;
    IStorage *storage;
    IMessage *message;

    memcpy(GlobalLock(global), data, size);
    GlobalUnlock(global);
    CreateILockBytesOnHGlobal(global, TRUE, &bytes);
    {
        ULARGE_INTEGER new_size;
        new_size.QuadPart = size;
        ILockBytes_SetSize(bytes, new_size);
    }
    if (StgOpenStorageOnILockBytes(bytes, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, &storage) == S_OK)
    {
        if (OpenIMsgOnIStg(NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, NULL, storage, NULL, 0,
                           0, &message) == S_OK)
        {
            IMAPITable *table;
            SPropValue *values;
            ULONG count;

            /* Read what was loaded: recipients, attachments, every property. */
            if (message->lpVtbl->GetProps(message, NULL, MAPI_UNICODE, &count, &values) == S_OK) MAPIFreeBuffer(values);
            if (message->lpVtbl->GetRecipientTable(message, 0, &table) == S_OK) table->lpVtbl->Release(table);
            if (message->lpVtbl->GetAttachmentTable(message, 0, &table) == S_OK) table->lpVtbl->Release(table);
            message->lpVtbl->Release(message);
        }
        IStorage_Release(storage);
    }
    ILockBytes_Release(bytes);
}

int main(int argc, char **argv)
{
    ULONG first, count, i, seed_size, max_size;
    BYTE *seed, *data;
    FILE *file;

    if (argc != 5)
    {
        fprintf(stderr, "usage: %s msg|tnef SEEDFILE FIRST COUNT\n", argv[0]);
        return 2;
    }
    if (!(file = fopen(argv[2], "rb"))) return 2;
    fseek(file, 0, SEEK_END);
    seed_size = ftell(file);
    fseek(file, 0, SEEK_SET);
    max_size = seed_size + 4096;
    seed = malloc(max_size);
    data = malloc(max_size);
    if (fread(seed, 1, seed_size, file) != seed_size) return 2;
    fclose(file);
    first = strtoul(argv[3], NULL, 0);
    count = strtoul(argv[4], NULL, 0);
    CoInitialize(NULL);
    for (i = first; i < first + count; i++)
    {
        rng_state = i * 2654435761u + 7;
        memcpy(data, seed, seed_size);
        if (!strcmp(argv[1], "tnef")) fuzz_tnef(seed, seed_size, data, max_size);
        else fuzz_msg(data, seed_size, max_size);
    }
    CoUninitialize();
    printf("%s: %lu cases from %lu done\n", argv[1], count, first);
    return 0;
}
