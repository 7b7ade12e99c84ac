/*
 * Advise sinks and notifications: HrAllocAdviseSink, HrThisThreadAdviseSink,
 * HrDispatchNotifications and the Sc*Notifications block functions.
 *
 * A notification copied by ScCopyNotifications is one block: the NOTIFICATION
 * array first, then everything its members point to, each piece starting on
 * an 8-byte boundary of the block. That is what lets HrThisThreadAdviseSink
 * hand a notification to another thread in a single allocation.
 */

#include <limits.h>

#include "mapi32_private.h"
#include "winuser.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/* szMAPINotificationMsg of the SDK's mapidefs.h, which Wine's lacks: the name of
 * the window message that carries notifications to a thread. */
#define MAPI_NOTIFICATION_MESSAGE "MAPI Notify window message"

/* Strictest alignment of anything a notification points to (LONGLONG, double, pointers). */
#define NOTIFICATION_ALIGN 8

/* The block notifications are measured for or copied into. */
struct notification_block
{
    BYTE *base;      /* NULL while only counting */
    ULONGLONG used;  /* bytes taken from base */
};

static void *block_reserve(struct notification_block *block, ULONGLONG size)
{
    ULONGLONG offset = (block->used + NOTIFICATION_ALIGN - 1) & ~(ULONGLONG)(NOTIFICATION_ALIGN - 1);

    block->used = offset + size;
    return block->base ? block->base + offset : NULL;
}

/* Copies size bytes into the block; a NULL source stays NULL. */
static void *block_copy(struct notification_block *block, const void *src, ULONGLONG size)
{
    void *dst;

    if (!src) return NULL;
    dst = block_reserve(block, size);
    if (dst) memcpy(dst, src, size);
    return dst;
}

static SCODE copy_entryid(struct notification_block *block, ULONG size, ENTRYID *src, ENTRYID **dst)
{
    if (size && !src)
    {
        WARN("%lu-byte entry ID without data\n", size);
        return MAPI_E_INVALID_PARAMETER;
    }
    *dst = block_copy(block, src, size);
    return S_OK;
}

static void *copy_string(struct notification_block *block, const void *src, BOOL unicode)
{
    if (!src) return NULL;
    if (unicode) return block_copy(block, src, (wcslen(src) + 1) * sizeof(WCHAR));
    return block_copy(block, src, strlen(src) + 1);
}

static SCODE copy_mapi_error(struct notification_block *block, const MAPIERROR *src, BOOL unicode,
                             MAPIERROR **dst)
{
    MAPIERROR copy;

    if (!src)
    {
        *dst = NULL;
        return S_OK;
    }
    copy = *src;
    *dst = block_reserve(block, sizeof(copy));
    copy.lpszError = copy_string(block, src->lpszError, unicode);
    copy.lpszComponent = copy_string(block, src->lpszComponent, unicode);
    if (*dst) **dst = copy;
    return S_OK;
}

/* An SPropValue array, through ScCountProps/ScCopyProps; no values copy as NULL. */
static SCODE copy_props(struct notification_block *block, ULONG count, SPropValue *src, SPropValue **dst)
{
    ULONG size;
    SCODE sc;

    *dst = NULL;
    if (!count) return S_OK;
    if (!src || count > INT_MAX)
    {
        WARN("bad property array %p, %lu values\n", src, count);
        return MAPI_E_INVALID_PARAMETER;
    }
    if (FAILED(sc = ScCountProps(count, src, &size))) return sc;
    *dst = block_reserve(block, size);
    if (*dst && FAILED(sc = ScCopyProps(count, src, *dst, NULL))) return sc;
    return S_OK;
}

/* Whether a property value lives entirely inside its SPropValue. */
static BOOL prop_is_flat(ULONG tag)
{
    switch (PROP_TYPE(tag))
    {
    case PT_UNSPECIFIED:  /* zeroed propIndex/propPrior of events without a row */
    case PT_NULL:
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_ERROR:
    case PT_BOOLEAN:
    case PT_OBJECT:
    case PT_I8:
    case PT_SYSTIME:
        return TRUE;
    }
    return FALSE;
}

/* propIndex and propPrior are held by value: only their data goes to the block. */
static SCODE copy_inline_prop(struct notification_block *block, SPropValue *src, SPropValue *dst)
{
    SPropValue *copy;
    SCODE sc;

    *dst = *src;
    if (prop_is_flat(src->ulPropTag)) return S_OK;
    if (FAILED(sc = copy_props(block, 1, src, &copy))) return sc;
    if (copy) *dst = *copy;
    return S_OK;
}

/* Copies (or, with a counting block, measures and checks) what one notification points to. */
static SCODE copy_notification(struct notification_block *block, NOTIFICATION *src, NOTIFICATION *dst)
{
    SCODE sc = S_OK;

    *dst = *src;
    switch (src->ulEventType)
    {
    case fnevCriticalError:
    {
        ERROR_NOTIFICATION *err = &src->info.err;

        if (FAILED(sc = copy_entryid(block, err->cbEntryID, err->lpEntryID, &dst->info.err.lpEntryID)))
            break;
        sc = copy_mapi_error(block, err->lpMAPIError, err->ulFlags & MAPI_UNICODE, &dst->info.err.lpMAPIError);
        break;
    }
    case fnevNewMail:
    {
        NEWMAIL_NOTIFICATION *mail = &src->info.newmail;

        if (FAILED(sc = copy_entryid(block, mail->cbEntryID, mail->lpEntryID, &dst->info.newmail.lpEntryID)) ||
            FAILED(sc = copy_entryid(block, mail->cbParentID, mail->lpParentID, &dst->info.newmail.lpParentID)))
            break;
        dst->info.newmail.lpszMessageClass = copy_string(block, mail->lpszMessageClass,
                                                         mail->ulFlags & MAPI_UNICODE);
        break;
    }
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
    {
        OBJECT_NOTIFICATION *obj = &src->info.obj;
        SPropTagArray *tags = obj->lpPropTagArray;

        if (FAILED(sc = copy_entryid(block, obj->cbEntryID, obj->lpEntryID, &dst->info.obj.lpEntryID)) ||
            FAILED(sc = copy_entryid(block, obj->cbParentID, obj->lpParentID, &dst->info.obj.lpParentID)) ||
            FAILED(sc = copy_entryid(block, obj->cbOldID, obj->lpOldID, &dst->info.obj.lpOldID)) ||
            FAILED(sc = copy_entryid(block, obj->cbOldParentID, obj->lpOldParentID, &dst->info.obj.lpOldParentID)))
            break;
        dst->info.obj.lpPropTagArray = tags ? block_copy(block, tags, CbNewSPropTagArray((ULONGLONG)tags->cValues))
                                            : NULL;
        break;
    }
    case fnevTableModified:
    {
        TABLE_NOTIFICATION *table = &src->info.tab;

        if (FAILED(sc = copy_inline_prop(block, &table->propIndex, &dst->info.tab.propIndex)) ||
            FAILED(sc = copy_inline_prop(block, &table->propPrior, &dst->info.tab.propPrior)))
            break;
        sc = copy_props(block, table->row.cValues, table->row.lpProps, &dst->info.tab.row.lpProps);
        break;
    }
    case fnevStatusObjectModified:
    {
        STATUS_OBJECT_NOTIFICATION *status = &src->info.statobj;

        if (FAILED(sc = copy_entryid(block, status->cbEntryID, status->lpEntryID, &dst->info.statobj.lpEntryID)))
            break;
        sc = copy_props(block, status->cValues, status->lpPropVals, &dst->info.statobj.lpPropVals);
        break;
    }
    case fnevExtended:
    {
        EXTENDED_NOTIFICATION *ext = &src->info.ext;

        if (ext->cb && !ext->pbEventParameters)
        {
            WARN("%lu bytes of event parameters without data\n", ext->cb);
            return MAPI_E_INVALID_PARAMETER;
        }
        dst->info.ext.pbEventParameters = block_copy(block, ext->pbEventParameters, ext->cb);
        break;
    }
    default:
        WARN("unknown event type %#lx\n", src->ulEventType);
        return MAPI_E_INVALID_PARAMETER;
    }
    return sc;
}

/* Lays out count notifications into block (or only measures them when block->base is NULL). */
static SCODE copy_notifications(struct notification_block *block, int count, NOTIFICATION *notifs)
{
    NOTIFICATION *copies, scratch;
    SCODE sc;
    int i;

    if (count < 0 || (count && !notifs))
    {
        WARN("bad notification array %p, count %d\n", notifs, count);
        return MAPI_E_INVALID_PARAMETER;
    }

    copies = block_reserve(block, (ULONGLONG)count * sizeof(NOTIFICATION));
    for (i = 0; i < count; i++)
    {
        if (FAILED(sc = copy_notification(block, &notifs[i], copies ? &copies[i] : &scratch)))
            return sc;
    }
    if (block->used > ~0u)
    {
        WARN("notifications need %I64u bytes\n", block->used);
        return MAPI_E_INVALID_PARAMETER;
    }
    return S_OK;
}

/**************************************************************************
 *  ScCountNotifications@12 (MAPI32.164)
 *
 * Measures the block ScCopyNotifications needs for an array of notifications,
 * checking the notifications as it goes.
 *
 * PARAMS
 *  count  [I] Number of notifications in notifs.
 *  notifs [I] The notifications.
 *  size   [O] Optional: receives the size of the block in bytes.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a bad array, an unknown event type,
 *           data missing behind a count, or bad property values.
 */
SCODE WINAPI ScCountNotifications(int count, LPNOTIFICATION notifs, ULONG *size)
{
    struct notification_block block = { NULL, 0 };
    SCODE sc;

    TRACE("(%d,%p,%p)\n", count, notifs, size);

    if (FAILED(sc = copy_notifications(&block, count, notifs))) return sc;
    if (size) *size = block.used;
    return S_OK;
}

/**************************************************************************
 *  ScCopyNotifications@16 (MAPI32.165)
 *
 * Copies an array of notifications and all their data into one block.
 *
 * PARAMS
 *  count  [I] Number of notifications in notifs.
 *  notifs [I] The notifications.
 *  dst    [O] The block, at least as large as ScCountNotifications says and
 *             aligned like memory from MAPIAllocateBuffer. It starts with the
 *             copied NOTIFICATION array.
 *  size   [O] Optional: receives the number of bytes written to dst.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER (E_INVALIDARG) for a NULL dst or bad
 *           notifications; dst is then untouched.
 *
 * NOTES
 *  The reference page says nothing is copied when size is NULL; a caller
 *  passing a destination wants the copy, so it is made either way.
 */
SCODE WINAPI ScCopyNotifications(int count, LPNOTIFICATION notifs, LPVOID dst, ULONG *size)
{
    struct notification_block block = { NULL, 0 };
    SCODE sc;

    TRACE("(%d,%p,%p,%p)\n", count, notifs, dst, size);

    if (!dst)
    {
        WARN("no destination\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    /* Measuring first checks everything before a byte is written. */
    if (FAILED(sc = copy_notifications(&block, count, notifs))) return sc;

    block.base = dst;
    block.used = 0;
    if (FAILED(sc = copy_notifications(&block, count, notifs))) return sc;
    if (size) *size = block.used;
    return S_OK;
}

static void *relocate(void *ptr, void *old_base, void *new_base)
{
    if (!ptr) return NULL;
    return (BYTE *)new_base + ((BYTE *)ptr - (BYTE *)old_base);
}

static SCODE relocate_inline_prop(SPropValue *prop, void *old_base, void *new_base)
{
    if (prop_is_flat(prop->ulPropTag)) return S_OK;
    return ScRelocProps(1, prop, old_base, new_base, NULL);
}

static SCODE relocate_props(ULONG count, SPropValue **props, void *old_base, void *new_base)
{
    *props = relocate(*props, old_base, new_base);
    if (!count) return S_OK;
    if (!*props || count > INT_MAX) return MAPI_E_INVALID_PARAMETER;
    return ScRelocProps(count, *props, old_base, new_base, NULL);
}

/* Rebases the pointers of one notification; what they point to is read at its new place. */
static SCODE relocate_notification(NOTIFICATION *notif, void *old_base, void *new_base)
{
#define RELOC(ptr) ((ptr) = relocate((ptr), old_base, new_base))
    switch (notif->ulEventType)
    {
    case fnevCriticalError:
        RELOC(notif->info.err.lpEntryID);
        if (RELOC(notif->info.err.lpMAPIError))
        {
            RELOC(notif->info.err.lpMAPIError->lpszError);
            RELOC(notif->info.err.lpMAPIError->lpszComponent);
        }
        return S_OK;
    case fnevNewMail:
        RELOC(notif->info.newmail.lpEntryID);
        RELOC(notif->info.newmail.lpParentID);
        RELOC(notif->info.newmail.lpszMessageClass);
        return S_OK;
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
        RELOC(notif->info.obj.lpEntryID);
        RELOC(notif->info.obj.lpParentID);
        RELOC(notif->info.obj.lpOldID);
        RELOC(notif->info.obj.lpOldParentID);
        RELOC(notif->info.obj.lpPropTagArray);
        return S_OK;
    case fnevTableModified:
    {
        SCODE sc;

        if (FAILED(sc = relocate_inline_prop(&notif->info.tab.propIndex, old_base, new_base)) ||
            FAILED(sc = relocate_inline_prop(&notif->info.tab.propPrior, old_base, new_base)))
            return sc;
        return relocate_props(notif->info.tab.row.cValues, &notif->info.tab.row.lpProps, old_base, new_base);
    }
    case fnevStatusObjectModified:
        RELOC(notif->info.statobj.lpEntryID);
        return relocate_props(notif->info.statobj.cValues, &notif->info.statobj.lpPropVals, old_base, new_base);
    case fnevExtended:
        RELOC(notif->info.ext.pbEventParameters);
        return S_OK;
    }
#undef RELOC
    return MAPI_E_INVALID_PARAMETER;
}

static BOOL is_known_event(ULONG type)
{
    switch (type)
    {
    case fnevCriticalError:
    case fnevNewMail:
    case fnevObjectCreated:
    case fnevObjectDeleted:
    case fnevObjectModified:
    case fnevObjectMoved:
    case fnevObjectCopied:
    case fnevSearchComplete:
    case fnevTableModified:
    case fnevStatusObjectModified:
    case fnevExtended:
        return TRUE;
    }
    return FALSE;
}

/**************************************************************************
 *  ScRelocNotifications@20 (MAPI32.166)
 *
 * Rebases the pointers of a block from ScCopyNotifications after the block
 * was moved, e.g. with memcpy, from old_base to new_base.
 *
 * PARAMS
 *  count    [I] Number of notifications.
 *  notifs   [I/O] The notifications, at their new place.
 *  old_base [I] Where the block was when its pointers were made.
 *  new_base [I] Where the block is now.
 *  size     [O] Optional: receives the size of the block in bytes.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for bad parameters or an unknown event type.
 *
 * NOTES
 *  As with ScRelocProps, the data is read through the rebased pointers:
 *  the block must already be at new_base.
 */
SCODE WINAPI ScRelocNotifications(int count, LPNOTIFICATION notifs, LPVOID old_base, LPVOID new_base, ULONG *size)
{
    SCODE sc;
    int i;

    TRACE("(%d,%p,%p,%p,%p)\n", count, notifs, old_base, new_base, size);

    if (count < 0 || (count && !notifs) || !old_base || !new_base)
    {
        WARN("bad parameters\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    /* Refuse before changing anything. */
    for (i = 0; i < count; i++)
    {
        if (!is_known_event(notifs[i].ulEventType))
        {
            WARN("unknown event type %#lx\n", notifs[i].ulEventType);
            return MAPI_E_INVALID_PARAMETER;
        }
    }

    for (i = 0; i < count; i++)
        if (FAILED(sc = relocate_notification(&notifs[i], old_base, new_base))) return sc;

    if (size) return ScCountNotifications(count, notifs, size);
    return S_OK;
}

/* HrAllocAdviseSink: an advise sink that calls a NOTIFCALLBACK. */

struct callback_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    LPNOTIFCALLBACK callback;
    void *context;
};

static inline struct callback_sink *callback_sink_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct callback_sink, IMAPIAdviseSink_iface);
}

static HRESULT query_advise_sink(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    if (!obj) return MAPI_E_INVALID_PARAMETER;
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIAdviseSink))
    {
        *obj = iface;
        IMAPIAdviseSink_AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

static HRESULT WINAPI callback_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(iid), obj);
    return query_advise_sink(iface, iid, obj);
}

static ULONG WINAPI callback_sink_AddRef(IMAPIAdviseSink *iface)
{
    struct callback_sink *sink = callback_sink_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedIncrement(&sink->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI callback_sink_Release(IMAPIAdviseSink *iface)
{
    struct callback_sink *sink = callback_sink_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedDecrement(&sink->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref) HeapFree(GetProcessHeap(), 0, sink);
    return ref;
}

static HRESULT WINAPI callback_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION notifs)
{
    struct callback_sink *sink = callback_sink_from_IMAPIAdviseSink(iface);

    TRACE("(%p,%lu,%p)\n", iface, count, notifs);
    return sink->callback(sink->context, count, notifs);
}

static const IMAPIAdviseSinkVtbl callback_sink_vtbl;

/**************************************************************************
 *  HrAllocAdviseSink@12 (MAPI32.36)
 *
 * Creates an advise sink whose OnNotify calls a callback function.
 *
 * PARAMS
 *  callback [I] Called by OnNotify with context, the count and the notifications.
 *  context  [I] Passed unchanged to callback.
 *  sink     [O] Receives the new advise sink.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a NULL callback or sink,
 *           MAPI_E_NOT_ENOUGH_MEMORY.
 *
 * NOTES
 *  OnNotify returns what the callback returns.
 */
HRESULT WINAPI HrAllocAdviseSink(LPNOTIFCALLBACK callback, LPVOID context, LPMAPIADVISESINK *sink)
{
    struct callback_sink *object;

    TRACE("(%p,%p,%p)\n", callback, context, sink);

    if (!callback || !sink)
    {
        WARN("no callback or no sink pointer\n");
        if (sink) *sink = NULL;
        return MAPI_E_INVALID_PARAMETER;
    }
    if (!(object = HeapAlloc(GetProcessHeap(), 0, sizeof(*object))))
    {
        *sink = NULL;
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    object->IMAPIAdviseSink_iface.lpVtbl = &callback_sink_vtbl;
    object->ref = 1;
    object->callback = callback;
    object->context = context;
    *sink = &object->IMAPIAdviseSink_iface;
    return S_OK;
}

/* HrThisThreadAdviseSink: OnNotify from any thread, delivered on the creating thread.
 *
 * Each thread that wraps sinks owns one hidden message-only window; a
 * notification from another thread is copied into one block and posted to
 * that window as szMAPINotificationMsg, so the wrapped sink sees it when the
 * thread pumps messages (its own loop or HrDispatchNotifications). The window
 * needs no cleanup: it goes with its thread. */

static const WCHAR notify_class[] = L"MAPI32 thread notifications";
static UINT notify_message;
static INIT_ONCE notify_once = INIT_ONCE_STATIC_INIT;

struct thread_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    IMAPIAdviseSink *target;
    DWORD thread_id;
    HWND window;
};

/* A posted notification: owns a reference to its sink. */
struct queued_notification
{
    struct thread_sink *sink;
    ULONG count;
    NOTIFICATION notifs[];
};

static inline struct thread_sink *thread_sink_from_IMAPIAdviseSink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct thread_sink, IMAPIAdviseSink_iface);
}

static void deliver_notification(struct queued_notification *queued)
{
    struct thread_sink *sink = queued->sink;

    TRACE("delivering %lu notifications to %p\n", queued->count, sink->target);
    IMAPIAdviseSink_OnNotify(sink->target, queued->count, queued->notifs);
    IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    HeapFree(GetProcessHeap(), 0, queued);
}

static LRESULT CALLBACK notify_window_proc(HWND hwnd, UINT msg, WPARAM wparam, LPARAM lparam)
{
    if (msg == notify_message && msg)
    {
        if (lparam) deliver_notification((struct queued_notification *)lparam);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wparam, lparam);
}

static BOOL WINAPI register_notify_class(INIT_ONCE *once, void *param, void **context)
{
    WNDCLASSW wc = { 0 };

    if (!(notify_message = RegisterWindowMessageA(MAPI_NOTIFICATION_MESSAGE)))
    {
        ERR("cannot register the notification message, error %lu\n", GetLastError());
        return FALSE;
    }
    wc.lpfnWndProc = notify_window_proc;
    wc.hInstance = mapi32_instance;
    wc.lpszClassName = notify_class;
    if (!RegisterClassW(&wc) && GetLastError() != ERROR_CLASS_ALREADY_EXISTS)
    {
        ERR("cannot register the window class, error %lu\n", GetLastError());
        return FALSE;
    }
    return TRUE;
}

/* The calling thread's notification window, created on first use. */
static HWND get_thread_window(void)
{
    DWORD thread_id = GetCurrentThreadId();
    HWND hwnd = NULL;

    if (!InitOnceExecuteOnce(&notify_once, register_notify_class, NULL, NULL)) return NULL;

    while ((hwnd = FindWindowExW(HWND_MESSAGE, hwnd, notify_class, NULL)))
        if (GetWindowThreadProcessId(hwnd, NULL) == thread_id) return hwnd;

    hwnd = CreateWindowExW(0, notify_class, NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, mapi32_instance, NULL);
    if (!hwnd) ERR("cannot create the notification window, error %lu\n", GetLastError());
    return hwnd;
}

static HRESULT WINAPI thread_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    TRACE("(%p,%s,%p)\n", iface, debugstr_guid(iid), obj);
    return query_advise_sink(iface, iid, obj);
}

static ULONG WINAPI thread_sink_AddRef(IMAPIAdviseSink *iface)
{
    struct thread_sink *sink = thread_sink_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedIncrement(&sink->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    return ref;
}

static ULONG WINAPI thread_sink_Release(IMAPIAdviseSink *iface)
{
    struct thread_sink *sink = thread_sink_from_IMAPIAdviseSink(iface);
    ULONG ref = InterlockedDecrement(&sink->ref);

    TRACE("(%p) ref %lu\n", iface, ref);
    if (!ref)
    {
        IMAPIAdviseSink_Release(sink->target);
        HeapFree(GetProcessHeap(), 0, sink);
    }
    return ref;
}

static HRESULT WINAPI thread_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION notifs)
{
    struct thread_sink *sink = thread_sink_from_IMAPIAdviseSink(iface);
    struct queued_notification *queued;
    ULONG size;
    SCODE sc;

    TRACE("(%p,%lu,%p)\n", iface, count, notifs);

    /* Already where the sink wants to be called. */
    if (GetCurrentThreadId() == sink->thread_id)
        return IMAPIAdviseSink_OnNotify(sink->target, count, notifs);

    if (count > INT_MAX) return MAPI_E_INVALID_PARAMETER;
    if (FAILED(sc = ScCountNotifications(count, notifs, &size))) return sc;
    if (!(queued = HeapAlloc(GetProcessHeap(), 0, offsetof(struct queued_notification, notifs[0]) + size)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (FAILED(sc = ScCopyNotifications(count, notifs, queued->notifs, NULL)))
    {
        HeapFree(GetProcessHeap(), 0, queued);
        return sc;
    }
    queued->count = count;
    queued->sink = sink;
    IMAPIAdviseSink_AddRef(iface);

    if (!PostMessageW(sink->window, notify_message, 0, (LPARAM)queued))
    {
        WARN("thread %04lx cannot be reached, error %lu\n", sink->thread_id, GetLastError());
        IMAPIAdviseSink_Release(iface);
        HeapFree(GetProcessHeap(), 0, queued);
        return MAPI_E_CALL_FAILED;
    }
    return S_OK;
}

static const IMAPIAdviseSinkVtbl thread_sink_vtbl;

/*************************************************************************
 *  HrThisThreadAdviseSink@8 (MAPI32.42)
 *
 * Wraps an advise sink so that it is only ever notified on the calling thread.
 *
 * PARAMS
 *  sink    [I] The advise sink to protect.
 *  wrapper [O] Receives the wrapping advise sink, to be used in place of sink.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_INVALID_PARAMETER for a NULL parameter,
 *           MAPI_E_NOT_ENOUGH_MEMORY, MAPI_E_CALL_FAILED if the thread's
 *           notification window cannot be made.
 *
 * NOTES
 *  An OnNotify of the wrapper on this thread calls sink at once. One on any
 *  other thread copies the notifications and queues them for this thread:
 *  sink is called when this thread dispatches its messages or calls
 *  HrDispatchNotifications. Notifications queued for a thread that ends
 *  before it pumps are lost; once it has ended, OnNotify fails with
 *  MAPI_E_CALL_FAILED.
 */
HRESULT WINAPI HrThisThreadAdviseSink(LPMAPIADVISESINK sink, LPMAPIADVISESINK *wrapper)
{
    struct thread_sink *object;
    HWND window;

    TRACE("(%p,%p)\n", sink, wrapper);

    if (!sink || !wrapper)
    {
        WARN("no sink or no wrapper pointer\n");
        if (wrapper) *wrapper = NULL;
        return MAPI_E_INVALID_PARAMETER;
    }
    *wrapper = NULL;
    if (!(window = get_thread_window())) return MAPI_E_CALL_FAILED;
    if (!(object = HeapAlloc(GetProcessHeap(), 0, sizeof(*object)))) return MAPI_E_NOT_ENOUGH_MEMORY;

    object->IMAPIAdviseSink_iface.lpVtbl = &thread_sink_vtbl;
    object->ref = 1;
    object->target = sink;
    IMAPIAdviseSink_AddRef(sink);
    object->thread_id = GetCurrentThreadId();
    object->window = window;
    *wrapper = &object->IMAPIAdviseSink_iface;
    return S_OK;
}

/*************************************************************************
 *  HrDispatchNotifications@4 (MAPI32.239)
 *
 * Delivers every notification queued for the calling thread.
 *
 * PARAMS
 *  flags [I] Reserved, must be 0.
 *
 * RETURNS
 *  Success: S_OK.
 *  Failure: MAPI_E_USER_CANCEL if a WM_QUIT is waiting in the thread's queue,
 *           MAPI_E_NOT_INITIALIZED without MAPIInitialize,
 *           MAPI_E_UNKNOWN_FLAGS for non-zero flags.
 *
 * NOTES
 *  Only the notification messages are taken from the queue; the rest,
 *  WM_QUIT included, stays for the application's own message loop. The
 *  hidden window is message-only, so it takes no part in end-session
 *  broadcasts: WM_QUERYENDSESSION and WM_ENDSESSION are not reported.
 */
HRESULT WINAPI HrDispatchNotifications(ULONG flags)
{
    MSG msg;

    TRACE("(%#lx)\n", flags);

    if (flags)
    {
        WARN("reserved flags %#lx\n", flags);
        return MAPI_E_UNKNOWN_FLAGS;
    }
    if (!mapi_is_initialized()) return MAPI_E_NOT_INITIALIZED;

    if (!InitOnceExecuteOnce(&notify_once, register_notify_class, NULL, NULL))
    {
        /* Nothing can have been queued. */
        if (PeekMessageW(&msg, NULL, WM_QUIT, WM_QUIT, PM_NOREMOVE)) return MAPI_E_USER_CANCEL;
        return S_OK;
    }

    while (PeekMessageW(&msg, NULL, notify_message, notify_message, PM_REMOVE))
    {
        if (msg.message == WM_QUIT)
        {
            /* PeekMessage hands out WM_QUIT whatever the filter: put it back
             * for the application's own loop. */
            TRACE("WM_QUIT received\n");
            PostQuitMessage(msg.wParam);
            return MAPI_E_USER_CANCEL;
        }
        DispatchMessageW(&msg);
    }
    return S_OK;
}

static const IMAPIAdviseSinkVtbl callback_sink_vtbl =
{
    callback_sink_QueryInterface,
    callback_sink_AddRef,
    callback_sink_Release,
    callback_sink_OnNotify,
};

static const IMAPIAdviseSinkVtbl thread_sink_vtbl =
{
    thread_sink_QueryInterface,
    thread_sink_AddRef,
    thread_sink_Release,
    thread_sink_OnNotify,
};
