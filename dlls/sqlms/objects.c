/*
 * The objects a logon hands to programs (the IMsgStore, folders, messages,
 * attachments, streams, tables, the status object) and how they outlive it.
 *
 * Each is one MAPIAllocateBuffer block that starts with its interface and,
 * right after it, its LONG reference count: the layout
 * IMAPISupport::MakeInvalid works on. When MAPI logs the store off
 * (IMSLogon::Logoff) while a program still holds some of them, the store
 * frees what they own and hands each block to MakeInvalid with the
 * references the program has: from then on MAPI's stub methods answer
 * MAPI_E_INVALID_OBJECT, the last Release frees the block with
 * MAPIFreeBuffer, and none of this DLL's code runs for them, so MAPI may
 * unload it. References objects hold on each other (an object on its store,
 * an attachment on its message, a stream on its owner) are counted apart, so
 * that only the program's are handed over.
 */

#include "sqlms_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(sqlms);

void *object_alloc(SIZE_T size)
{
    void *block;

    if (MAPIAllocateBuffer(size, &block)) return NULL;
    memset(block, 0, size);
    return block;
}

void object_free(void *block)
{
    MAPIFreeBuffer(block);
}

void object_register(struct sqlms_store *store, struct sqlms_object *obj, void *iface, LONG *ref,
                     ULONG methods, void (*abandon)(struct sqlms_object *obj))
{
    obj->store = store;
    obj->iface = iface;
    obj->ref = ref;
    obj->methods = methods;
    obj->abandon = abandon;
    obj->internal = 0;
    store_lock(store);
    obj->prev = NULL;
    obj->next = store->objects;
    if (store->objects) store->objects->prev = obj;
    store->objects = obj;
    obj->registered = TRUE;
    store_unlock(store);
}

static void unlink_object(struct sqlms_object *obj)
{
    struct sqlms_store *store = obj->store;

    if (!obj->registered) return;
    if (obj->prev) obj->prev->next = obj->next;
    else store->objects = obj->next;
    if (obj->next) obj->next->prev = obj->prev;
    obj->prev = obj->next = NULL;
    obj->registered = FALSE;
}

void object_unregister(struct sqlms_object *obj)
{
    struct sqlms_store *store = obj->store;

    store_lock(store);
    unlink_object(obj);
    store_unlock(store);
}

void object_addref_internal(struct sqlms_object *obj)
{
    InterlockedIncrement(&obj->internal);
    IUnknown_AddRef(obj->iface);
}

void object_release_internal(struct sqlms_object *obj)
{
    InterlockedDecrement(&obj->internal);
    IUnknown_Release(obj->iface);
}

/* Stubs for the objects MakeInvalid would not take: the same contract, in
 * this DLL. FIXME: on i386 a method pops its own arguments; one stub cannot
 * do that for every method. */
#define ZOMBIE_METHODS 32

struct zombie
{
    const void *vtbl;
    LONG ref;
};

static HRESULT WINAPI zombie_method(void *iface)
{
    TRACE("(%p): logged off\n", iface);
    return MAPI_E_INVALID_OBJECT;
}

static ULONG WINAPI zombie_AddRef(void *iface)
{
    return InterlockedIncrement(&((struct zombie *)iface)->ref);
}

static ULONG WINAPI zombie_Release(void *iface)
{
    LONG ref = InterlockedDecrement(&((struct zombie *)iface)->ref);

    if (!ref) MAPIFreeBuffer(iface);
    return ref;
}

static void *zombie_vtbl[ZOMBIE_METHODS];

static BOOL WINAPI zombie_init(INIT_ONCE *once, void *param, void **context)
{
    ULONG i;

    for (i = 0; i < ZOMBIE_METHODS; i++) zombie_vtbl[i] = zombie_method;
    zombie_vtbl[1] = zombie_AddRef;
    zombie_vtbl[2] = zombie_Release;
    return TRUE;
}

/* Gives a block whose contents are freed to MAPI (or to our stubs) with the program's references. */
void object_hand_over(IMAPISupport *support, void *iface, LONG refs, ULONG methods)
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    struct zombie *zombie = iface;
    HRESULT hr = E_FAIL;

    TRACE("%p: %ld references left, %lu methods\n", iface, refs, methods);
    if (refs <= 0)
    {
        object_free(iface);
        return;
    }
    if (support && SUCCEEDED(hr = IMAPISupport_MakeInvalid(support, 0, iface, refs, methods))) return;
    WARN("MakeInvalid failed (%#lx): our own stubs answer for %p\n", hr, iface);
    InitOnceExecuteOnce(&once, zombie_init, NULL, NULL);
    zombie->vtbl = zombie_vtbl;
    zombie->ref = refs;
}

/* IMSLogon::Logoff with objects still held: every one of them is freed or handed over. */
void objects_abandon(struct sqlms_store *store, IMAPISupport *support)
{
    struct sqlms_object *obj;

    store_lock(store);
    while ((obj = store->objects))
    {
        LONG refs;

        unlink_object(obj);
        refs = *obj->ref - obj->internal;
        if (obj->abandon) obj->abandon(obj);
        object_hand_over(support, obj->iface, refs, obj->methods);
    }
    store_unlock(store);
}
