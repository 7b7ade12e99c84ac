/*
 * MAPIAllocateBuffer, MAPIAllocateMore and MAPIFreeBuffer.
 *
 * A buffer from MAPIAllocateBuffer is the head of a chain: every
 * MAPIAllocateMore block linked to it is freed with it by MAPIFreeBuffer.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

#define HEAD_MAGIC 0x4d415049 /* 'MAPI' */
#define MORE_MAGIC 0x4d4f5245 /* 'MORE' */

/* Sits right before the caller's memory; 16 bytes keep that aligned for any type. */
struct alloc_header
{
    struct alloc_header *next;  /* next block of the chain */
    DWORD magic;
} DECLSPEC_ALIGN(16);

static struct alloc_header *header_from_buffer(void *buffer)
{
    return (struct alloc_header *)buffer - 1;
}

static void *allocate_block(ULONG size, DWORD magic)
{
    struct alloc_header *header;

    if (size > ~(SIZE_T)0 - sizeof(*header)) return NULL;
    if (!(header = HeapAlloc(GetProcessHeap(), 0, sizeof(*header) + size))) return NULL;
    header->next = NULL;
    header->magic = magic;
    return header + 1;
}

/**************************************************************************
 *  MAPIAllocateBuffer@8 (MAPI32.12)
 *
 * Allocates a block of memory that MAPIFreeBuffer frees, with any blocks
 * later linked to it by MAPIAllocateMore.
 *
 * PARAMS
 *  size   [I] Bytes to allocate.
 *  buffer [O] Receives the block.
 *
 * RETURNS
 *  Success: S_OK. *buffer is the block, aligned for any type.
 *  Failure: MAPI_E_INVALID_PARAMETER if buffer is NULL,
 *           MAPI_E_NOT_ENOUGH_MEMORY if the memory cannot be had.
 *
 * NOTES
 *  The block's contents are undefined.
 */
SCODE WINAPI MAPIAllocateBuffer(ULONG size, LPVOID *buffer)
{
    TRACE("(%lu,%p)\n", size, buffer);

    if (!buffer) return MAPI_E_INVALID_PARAMETER;

    if (!(*buffer = allocate_block(size, HEAD_MAGIC)))
    {
        WARN("out of memory for %lu bytes\n", size);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_OK;
}

/**************************************************************************
 *  MAPIAllocateMore@12 (MAPI32.14)
 *
 * Allocates a block that is freed together with an existing buffer.
 *
 * PARAMS
 *  size   [I] Bytes to allocate.
 *  object [I] A buffer from MAPIAllocateBuffer (or one of its MAPIAllocateMore blocks).
 *  buffer [O] Receives the block.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a NULL or foreign object or NULL buffer,
 *           MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  The block must not be given to MAPIFreeBuffer on its own.
 */
SCODE WINAPI MAPIAllocateMore(ULONG size, LPVOID object, LPVOID *buffer)
{
    struct alloc_header *link, *block;

    TRACE("(%lu,%p,%p)\n", size, object, buffer);

    if (!buffer) return MAPI_E_INVALID_PARAMETER;
    *buffer = NULL;
    if (!object)
    {
        WARN("no object to link to\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    link = header_from_buffer(object);
    if (link->magic != HEAD_MAGIC && link->magic != MORE_MAGIC)
    {
        WARN("%p was not allocated by MAPIAllocateBuffer\n", object);
        return MAPI_E_INVALID_PARAMETER;
    }

    if (!(*buffer = allocate_block(size, MORE_MAGIC)))
    {
        WARN("out of memory for %lu bytes\n", size);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    /* Insert behind the block we were given: any block of a chain will do,
     * and two threads adding to one chain must not lose a link. */
    block = header_from_buffer(*buffer);
    do block->next = link->next;
    while (InterlockedCompareExchangePointer((void **)&link->next, block, block->next) != block->next);
    return S_OK;
}

/**************************************************************************
 *  MAPIFreeBuffer@4 (MAPI32.16)
 *
 * Frees a buffer from MAPIAllocateBuffer and every block linked to it.
 *
 * PARAMS
 *  buffer [I] The buffer, or NULL.
 *
 * RETURNS
 *  S_OK, also for NULL. A block from MAPIAllocateMore, which belongs to its
 *  chain, is not freed (WARN).
 */
ULONG WINAPI MAPIFreeBuffer(LPVOID buffer)
{
    struct alloc_header *block, *next;

    TRACE("(%p)\n", buffer);

    if (!buffer) return S_OK;

    block = header_from_buffer(buffer);
    if (block->magic != HEAD_MAGIC)
    {
        WARN("%p is not a buffer from MAPIAllocateBuffer\n", buffer);
        return S_OK;
    }

    for (; block; block = next)
    {
        next = block->next;
        block->magic = 0;
        HeapFree(GetProcessHeap(), 0, block);
    }
    return S_OK;
}

void mapi_alloc_shutdown(void)
{
    /* Buffers live on the process heap: nothing of ours to tear down. */
}
