/*
 * Objects made unusable: the stub vtable of IMAPISupport::MakeInvalid, and
 * the one the session puts on the objects it handed out when it logs off.
 *
 * Both answer MAPI_E_INVALID_OBJECT from every method but AddRef and Release.
 * MakeInvalid's objects are the provider's, allocated with MAPIAllocateBuffer
 * and at least 16 bytes long: their count lives in the second pointer-sized
 * field, and the last Release frees them. The session's own objects keep
 * their memory and their Release: the stub forwards to the original vtable.
 */

#include "session.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* Enough for every MAPI interface (IMAPIFolder has 31 methods); bigger ones get their own. */
#define STUB_METHODS 64

/* The layout MakeInvalid puts in the provider's object */
struct invalid_object
{
    const void *vtbl;
    LONG ref;
};

/* FIXME: on i386 every method pops its own arguments (stdcall): one stub
 * cannot do that for all of them. x86-64 has no such problem. */
static HRESULT WINAPI invalid_method(void *iface)
{
    TRACE("(%p): invalid object\n", iface);
    return MAPI_E_INVALID_OBJECT;
}

static ULONG WINAPI invalid_AddRef(void *iface)
{
    struct invalid_object *object = iface;
    return InterlockedIncrement(&object->ref);
}

static ULONG WINAPI invalid_Release(void *iface)
{
    struct invalid_object *object = iface;
    LONG ref = InterlockedDecrement(&object->ref);

    TRACE("(%p) ref %ld\n", iface, ref);
    if (!ref) MAPIFreeBuffer(object);
    return ref;
}

static void *invalid_vtbl[STUB_METHODS];

static BOOL WINAPI init_vtbl(INIT_ONCE *once, void *param, void **context)
{
    int i;

    invalid_vtbl[0] = invalid_method;
    invalid_vtbl[1] = invalid_AddRef;
    invalid_vtbl[2] = invalid_Release;
    for (i = 3; i < STUB_METHODS; i++) invalid_vtbl[i] = invalid_method;
    return TRUE;
}

HRESULT mapi_make_invalid(void *object, ULONG ref_count, ULONG methods)
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct invalid_object *invalid = object;
    void **vtbl = invalid_vtbl;
    ULONG i;

    InitOnceExecuteOnce(&once, init_vtbl, NULL, NULL);
    if (methods > STUB_METHODS)
    {
        /* Never freed: a caller may keep the object as long as it likes. */
        if (!(vtbl = malloc(methods * sizeof(void *)))) return MAPI_E_NOT_ENOUGH_MEMORY;
        for (i = 0; i < methods; i++) vtbl[i] = invalid_vtbl[i < 3 ? i : 3];
    }
    invalid->vtbl = vtbl;
    invalid->ref = ref_count;
    return S_OK;
}

/* The session's objects: their original vtable, looked up by object. */
struct neutered
{
    struct list entry;
    IUnknown *object;
    const IUnknownVtbl *vtbl;
};

static CRITICAL_SECTION neuter_cs;
static CRITICAL_SECTION_DEBUG neuter_cs_debug =
{
    0, 0, &neuter_cs,
    { &neuter_cs_debug.ProcessLocksList, &neuter_cs_debug.ProcessLocksList },
      0, 0, { (DWORD_PTR)(__FILE__ ": neuter_cs") }
};
static CRITICAL_SECTION neuter_cs = { &neuter_cs_debug, -1, 0, 0, 0, 0 };
static struct list neutered_objects = LIST_INIT(neutered_objects);

static struct neutered *find_neutered(IUnknown *object)
{
    struct neutered *neutered;

    LIST_FOR_EACH_ENTRY(neutered, &neutered_objects, struct neutered, entry)
        if (neutered->object == object) return neutered;
    return NULL;
}

static ULONG WINAPI neutered_AddRef(IUnknown *iface)
{
    const IUnknownVtbl *vtbl;

    EnterCriticalSection(&neuter_cs);
    vtbl = find_neutered(iface)->vtbl;
    LeaveCriticalSection(&neuter_cs);
    return vtbl->AddRef(iface);
}

static ULONG WINAPI neutered_Release(IUnknown *iface)
{
    struct neutered *neutered;
    const IUnknownVtbl *vtbl;
    ULONG ref;

    EnterCriticalSection(&neuter_cs);
    vtbl = find_neutered(iface)->vtbl;
    LeaveCriticalSection(&neuter_cs);

    if ((ref = vtbl->Release(iface))) return ref;

    EnterCriticalSection(&neuter_cs);
    if ((neutered = find_neutered(iface)))
    {
        list_remove(&neutered->entry);
        free(neutered);
    }
    LeaveCriticalSection(&neuter_cs);
    return 0;
}

static void *neutered_vtbl[STUB_METHODS];

static BOOL WINAPI init_neutered_vtbl(INIT_ONCE *once, void *param, void **context)
{
    int i;

    neutered_vtbl[0] = invalid_method;
    neutered_vtbl[1] = neutered_AddRef;
    neutered_vtbl[2] = neutered_Release;
    for (i = 3; i < STUB_METHODS; i++) neutered_vtbl[i] = invalid_method;
    return TRUE;
}

void mapi_neuter_object(IUnknown *object)
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct neutered *neutered;

    InitOnceExecuteOnce(&once, init_neutered_vtbl, NULL, NULL);
    EnterCriticalSection(&neuter_cs);
    if (!find_neutered(object) && (neutered = malloc(sizeof(*neutered))))
    {
        neutered->object = object;
        neutered->vtbl = object->lpVtbl;
        list_add_tail(&neutered_objects, &neutered->entry);
        object->lpVtbl = (const IUnknownVtbl *)neutered_vtbl;
    }
    LeaveCriticalSection(&neuter_cs);
}
