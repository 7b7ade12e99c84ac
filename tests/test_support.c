/*
 * IMAPISupport as a store provider gets it: the allocators, the
 * notification engine (synchronous and asynchronous delivery, masks,
 * CALLBACK_DISCONTINUE, notifications raised on other threads), MakeInvalid,
 * WrapStoreEntryID, one-offs, profile sections, the flavour's unsupported
 * methods, and bad input.
 */

#include "session_test.h"

static const char * const store_only[] = { "TestStore", NULL };

static IMAPISession *session;
static IMsgStore *store;
static IMAPISupport *support;

static int setup(void **state)
{
    IMAPISupport *(WINAPI *get_support)(void);

    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_profile("SupportTest", store_only, FALSE);
    session = logon("SupportTest", MAPI_NO_MAIL);
    store = open_first_store(session);
    get_support = (void *)GetProcAddress(GetModuleHandleA("testms.dll"), "testms_support");
    assert_non_null(get_support);
    support = get_support();
    assert_non_null(support);
    return 0;
}

static int teardown(void **state)
{
    store->lpVtbl->Release(store);
    IMAPISession_Release(session);
    delete_profile("SupportTest");
    MAPIUninitialize();
    return 0;
}

/* A sink that counts its calls and remembers the thread of the last one. */
struct sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    LONG calls;
    ULONG events;
    DWORD thread;
    ULONG answer;
    HANDLE event;
};

static struct sink *impl_from_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    *obj = iface;
    iface->lpVtbl->AddRef(iface);
    return S_OK;
}

static ULONG WINAPI sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_sink(iface)->ref);
}

static ULONG WINAPI sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_sink(iface)->ref);
}

static HRESULT WINAPI sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, LPNOTIFICATION notifications)
{
    struct sink *sink = impl_from_sink(iface);
    ULONG i;

    for (i = 0; i < count; i++) sink->events |= notifications[i].ulEventType;
    sink->thread = GetCurrentThreadId();
    InterlockedIncrement(&sink->calls);
    if (sink->event) SetEvent(sink->event);
    return sink->answer;
}

static IMAPIAdviseSinkVtbl sink_vtbl = { sink_QueryInterface, sink_AddRef, sink_Release, sink_OnNotify };

/* The engine holds a sink until its delivery is over; ours live on the stack. */
static void wait_released(struct sink *sink)
{
    int i;

    for (i = 0; i < 250 && sink->ref != 1; i++) Sleep(20);
    assert_int_equal(sink->ref, 1);
}

static void init_sink(struct sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &sink_vtbl;
    sink->ref = 1;
    sink->event = CreateEventA(NULL, FALSE, FALSE, NULL);
}

struct key
{
    ULONG cb;
    BYTE ab[8];
};

static const struct key key1 = { 8, "key-one" }, key2 = { 8, "key-two" };

static void new_mail(NOTIFICATION *notification)
{
    static BYTE entryid[24], class[] = "IPM.Note";

    memset(notification, 0, sizeof(*notification));
    notification->ulEventType = fnevNewMail;
    notification->info.newmail.cbEntryID = sizeof(entryid);
    notification->info.newmail.lpEntryID = (ENTRYID *)entryid;
    notification->info.newmail.cbParentID = sizeof(entryid);
    notification->info.newmail.lpParentID = (ENTRYID *)entryid;
    notification->info.newmail.lpszMessageClass = (LPSTR)class;
}

static void test_allocators(void **state)
{
    LPALLOCATEBUFFER allocate_buffer;
    LPALLOCATEMORE allocate_more;
    LPFREEBUFFER free_buffer;
    HMODULE mapi32 = GetModuleHandleA("mapi32.dll");

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_GetMemAllocRoutines(support, NULL, &allocate_more,
                                                                               &free_buffer));
    assert_hr_equal(S_OK, IMAPISupport_GetMemAllocRoutines(support, &allocate_buffer, &allocate_more, &free_buffer));
    assert_ptr_equal(allocate_buffer, GetProcAddress(mapi32, "MAPIAllocateBuffer"));
    assert_ptr_equal(allocate_more, GetProcAddress(mapi32, "MAPIAllocateMore"));
    assert_ptr_equal(free_buffer, GetProcAddress(mapi32, "MAPIFreeBuffer"));
}

/* NOTIFY_SYNC: the sink is called before Notify returns, on the notifier's thread. */
static void test_notify_sync(void **state)
{
    struct sink sink, other;
    NOTIFICATION notification;
    ULONG_PTR connection, connection2;
    ULONG flags = 0xdead;

    init_sink(&sink);
    init_sink(&other);
    assert_hr_equal(S_OK, IMAPISupport_Subscribe(support, (NOTIFKEY *)&key1, fnevNewMail, NOTIFY_SYNC,
                                                 &sink.IMAPIAdviseSink_iface, &connection));
    assert_true(connection != 0);
    /* A subscription for another key and one for other events get nothing. */
    assert_hr_equal(S_OK, IMAPISupport_Subscribe(support, (NOTIFKEY *)&key2, fnevNewMail, NOTIFY_SYNC,
                                                 &other.IMAPIAdviseSink_iface, &connection2));
    assert_int_equal(sink.ref, 2);

    new_mail(&notification);
    assert_hr_equal(S_OK, IMAPISupport_Notify(support, (NOTIFKEY *)&key1, 1, &notification, &flags));
    assert_int_equal(sink.calls, 1);
    assert_int_equal(sink.events, fnevNewMail);
    assert_int_equal(sink.thread, GetCurrentThreadId());
    assert_int_equal(flags, 0);
    assert_int_equal(other.calls, 0);

    notification.ulEventType = fnevObjectCreated;
    assert_hr_equal(S_OK, IMAPISupport_Notify(support, (NOTIFKEY *)&key1, 1, &notification, &flags));
    assert_int_equal(sink.calls, 1);

    /* A sink that answers CALLBACK_DISCONTINUE cancels the notification. */
    sink.answer = CALLBACK_DISCONTINUE;
    new_mail(&notification);
    assert_hr_equal(S_OK, IMAPISupport_Notify(support, (NOTIFKEY *)&key1, 1, &notification, &flags));
    assert_int_equal(flags, NOTIFY_CANCELED);

    assert_hr_equal(S_OK, IMAPISupport_Unsubscribe(support, connection));
    assert_int_equal(sink.ref, 1);
    assert_hr_equal(S_OK, IMAPISupport_Notify(support, (NOTIFKEY *)&key1, 1, &notification, &flags));
    assert_int_equal(sink.calls, 2);
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPISupport_Unsubscribe(support, connection));
    assert_hr_equal(S_OK, IMAPISupport_Unsubscribe(support, connection2));
    CloseHandle(sink.event);
    CloseHandle(other.event);
}

/* Without NOTIFY_SYNC, notifications come later, from MAPI's own thread, in order. */
static void test_notify_async(void **state)
{
    NOTIFICATION notification;
    ULONG_PTR connection;
    struct sink sink;
    ULONG flags;

    init_sink(&sink);
    assert_hr_equal(S_OK, IMAPISupport_Subscribe(support, (NOTIFKEY *)&key1, fnevNewMail | fnevObjectDeleted, 0,
                                                 &sink.IMAPIAdviseSink_iface, &connection));
    new_mail(&notification);
    assert_hr_equal(S_OK, IMAPISupport_Notify(support, (NOTIFKEY *)&key1, 1, &notification, &flags));
    assert_int_equal(WaitForSingleObject(sink.event, 5000), WAIT_OBJECT_0);
    assert_int_equal(sink.calls, 1);
    assert_int_not_equal(sink.thread, GetCurrentThreadId());
    assert_int_equal(sink.events, fnevNewMail);

    assert_hr_equal(S_OK, IMAPISupport_Unsubscribe(support, connection));
    /* The engine lets go of the sink once its delivery is over. */
    wait_released(&sink);
    CloseHandle(sink.event);
}

/* A sink wrapped by HrThisThreadAdviseSink gets the engine's deliveries on its own thread. */
static void test_notify_this_thread(void **state)
{
    IMAPIAdviseSink *wrapper;
    NOTIFICATION notification;
    ULONG_PTR connection;
    struct sink sink;
    ULONG flags;
    DWORD start;
    MSG msg;

    init_sink(&sink);
    assert_hr_equal(S_OK, HrThisThreadAdviseSink(&sink.IMAPIAdviseSink_iface, &wrapper));
    assert_hr_equal(S_OK, IMAPISupport_Subscribe(support, (NOTIFKEY *)&key2, fnevNewMail, 0, wrapper, &connection));
    new_mail(&notification);
    assert_hr_equal(S_OK, IMAPISupport_Notify(support, (NOTIFKEY *)&key2, 1, &notification, &flags));
    start = GetTickCount();
    while (!sink.calls && GetTickCount() - start < 5000)
    {
        MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_ALLINPUT);
        while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageA(&msg);
    }
    assert_int_equal(sink.calls, 1);
    assert_int_equal(sink.thread, GetCurrentThreadId());
    assert_hr_equal(S_OK, IMAPISupport_Unsubscribe(support, connection));
    wrapper->lpVtbl->Release(wrapper);
    wait_released(&sink);
    CloseHandle(sink.event);
}

struct notifier
{
    IMsgStore *store;
    HRESULT hr;
};

static DWORD WINAPI notify_thread(void *arg)
{
    struct notifier *notifier = arg;
    NOTIFICATION notification;

    new_mail(&notification);
    notifier->hr = notifier->store->lpVtbl->NotifyNewMail(notifier->store, &notification);
    return 0;
}

/* A program advises the store; the store raises the event on another thread. */
static void test_notify_across_threads(void **state)
{
    struct notifier notifier = { store, E_FAIL };
    ULONG_PTR connection;
    struct sink sink;
    HANDLE thread;

    init_sink(&sink);
    assert_hr_equal(S_OK, store->lpVtbl->Advise(store, 0, NULL, fnevNewMail, &sink.IMAPIAdviseSink_iface,
                                                (ULONG *)&connection));
    thread = CreateThread(NULL, 0, notify_thread, &notifier, 0, NULL);
    assert_int_equal(WaitForSingleObject(thread, 5000), WAIT_OBJECT_0);
    CloseHandle(thread);
    assert_hr_equal(S_OK, notifier.hr);
    assert_int_equal(WaitForSingleObject(sink.event, 5000), WAIT_OBJECT_0);
    assert_int_equal(sink.events, fnevNewMail);
    assert_hr_equal(S_OK, store->lpVtbl->Unadvise(store, connection));
    wait_released(&sink);
    CloseHandle(sink.event);
}

/* The session advises through the provider that owns the entry ID. */
static void test_session_advise(void **state)
{
    static const MAPIUID testms_uid = {{ 'T','e','s','t','S','t','o','r','e','P','r','o','v','i','d','r' }};
    struct { BYTE flags[4]; MAPIUID uid; ULONG object; } id = { { 0 }, testms_uid, 0 };
    NOTIFICATION notification;
    ULONG_PTR connection;
    struct sink sink;

    init_sink(&sink);
    assert_hr_equal(S_OK, session->lpVtbl->Advise(session, sizeof(id), (ENTRYID *)&id, fnevNewMail,
                                                  &sink.IMAPIAdviseSink_iface, (ULONG *)&connection));
    new_mail(&notification);
    assert_hr_equal(S_OK, store->lpVtbl->NotifyNewMail(store, &notification));
    assert_int_equal(WaitForSingleObject(sink.event, 5000), WAIT_OBJECT_0);
    assert_hr_equal(S_OK, session->lpVtbl->Unadvise(session, connection));
    assert_hr_equal(MAPI_E_NOT_FOUND, session->lpVtbl->Unadvise(session, connection));
    wait_released(&sink);
    CloseHandle(sink.event);
}

static void test_subscribe_bad_input(void **state)
{
    NOTIFICATION notification;
    ULONG_PTR connection;
    struct sink sink;
    ULONG flags;

    init_sink(&sink);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_Subscribe(support, NULL, fnevNewMail, 0,
                                                                     &sink.IMAPIAdviseSink_iface, &connection));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_Subscribe(support, (NOTIFKEY *)&key1, fnevNewMail, 0,
                                                                     NULL, &connection));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISupport_Subscribe(support, (NOTIFKEY *)&key1, fnevNewMail, 0x1,
                                                                 &sink.IMAPIAdviseSink_iface, &connection));
    new_mail(&notification);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_Notify(support, NULL, 1, &notification, &flags));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_Notify(support, (NOTIFKEY *)&key1, 0, &notification,
                                                                  &flags));
    assert_int_equal(sink.ref, 1);
    CloseHandle(sink.event);
}

/* MakeInvalid: a provider's object answers MAPI_E_INVALID_OBJECT; the last Release frees it. */
static void test_make_invalid(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_DISPLAY_NAME_A } };
    struct { void *vtbl; LONG ref; BYTE more[16]; } *object;
    IMAPIProp *prop;
    SPropValue *props;
    ULONG count;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(*object), (void **)&object));
    object->vtbl = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_MakeInvalid(support, 0, NULL, 1, 14));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISupport_MakeInvalid(support, 1, object, 1, 14));
    assert_hr_equal(S_OK, IMAPISupport_MakeInvalid(support, 0, object, 2, 14));
    prop = (IMAPIProp *)object;
    assert_hr_equal(MAPI_E_INVALID_OBJECT, prop->lpVtbl->GetProps(prop, (SPropTagArray *)&tags, 0, &count, &props));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, prop->lpVtbl->SaveChanges(prop, 0));
    assert_int_equal(prop->lpVtbl->AddRef(prop), 3);
    assert_int_equal(prop->lpVtbl->Release(prop), 2);
    assert_int_equal(prop->lpVtbl->Release(prop), 1);
    assert_int_equal(prop->lpVtbl->Release(prop), 0);
}

static void test_wrap_store_entryid(void **state)
{
    static const BYTE inner[] = { 1, 2, 3, 4, 5 };
    ENTRYID *wrapped, *exported;
    ULONG size, exported_size;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_WrapStoreEntryID(support, sizeof(inner), NULL, &size,
                                                                            &wrapped));
    assert_hr_equal(S_OK, IMAPISupport_WrapStoreEntryID(support, sizeof(inner), (ENTRYID *)inner, &size, &wrapped));
    assert_hr_equal(S_OK, WrapStoreEntryID(0, (LPSTR)"testms.dll", sizeof(inner), (ENTRYID *)inner, &exported_size,
                                           &exported));
    assert_int_equal(size, exported_size);
    assert_memory_equal(wrapped, exported, size);
    assert_memory_equal((BYTE *)wrapped + size - sizeof(inner), inner, sizeof(inner));
    MAPIFreeBuffer(wrapped);
    MAPIFreeBuffer(exported);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, WrapStoreEntryID(0x1, (LPSTR)"testms.dll", sizeof(inner),
                                                           (ENTRYID *)inner, &size, &wrapped));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, WrapStoreEntryID(0, NULL, sizeof(inner), (ENTRYID *)inner, &size,
                                                               &wrapped));
}

static void test_one_off_and_uids(void **state)
{
    static const WCHAR name[] = L"Ann", type[] = L"SMTP", address[] = L"ann@example.com";
    MAPIUID uid1, uid2;
    ENTRYID *entryid;
    ULONG size, type_out;
    IUnknown *user;
    WORD flags;

    assert_hr_equal(S_OK, IMAPISupport_CreateOneOff(support, (LPSTR)name, (LPSTR)type, (LPSTR)address,
                                                    MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO, &size, &entryid));
    memcpy(&flags, (BYTE *)entryid + 22, sizeof(flags));
    assert_int_equal(flags, MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO);
    assert_int_equal(size, 24 + sizeof(name) + sizeof(type) + sizeof(address));
    assert_hr_equal(S_OK, IMAPISupport_OpenEntry(support, size, entryid, NULL, 0, &type_out, &user));
    assert_int_equal(type_out, MAPI_MAILUSER);
    user->lpVtbl->Release(user);
    MAPIFreeBuffer(entryid);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISupport_CreateOneOff(support, (LPSTR)name, (LPSTR)type,
                                                                    (LPSTR)address, 0x2, &size, &entryid));

    assert_hr_equal(S_OK, IMAPISupport_NewUID(support, &uid1));
    assert_hr_equal(S_OK, IMAPISupport_NewUID(support, &uid2));
    assert_memory_not_equal(&uid1, &uid2, sizeof(uid1));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_NewUID(support, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_SetProviderUID(support, NULL, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISupport_SetProviderUID(support, &uid1, 1));
}

static void test_profile_section(void **state)
{
    IProfSect *section;

    assert_hr_equal(S_OK, IMAPISupport_OpenProfileSection(support, NULL, 0, &section));
    section->lpVtbl->Release(section);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISupport_OpenProfileSection(support, NULL, 0x100000, &section));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_OpenProfileSection(support, NULL, 0, NULL));
}

/* What needs UI, or is another flavour's, answers the documented code. */
static void test_unsupported(void **state)
{
    IMAPIProgress *progress;
    ADRLIST *list = NULL;
    ULONG_PTR ui = 0;

    /* SpoolerYield is a transport's; a store may only say NOTIFY_READYTOSEND and NOTIFY_NEWMAIL_RECEIVED. */
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPISupport_SpoolerYield(support, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPISupport_SpoolerNotify(support, NOTIFY_NEWMAIL, NULL));
    assert_hr_equal(S_OK, IMAPISupport_SpoolerNotify(support, NOTIFY_READYTOSEND, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_CompleteMsg(support, 0, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPISupport_Preprocess(support, 0, 0, NULL));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPISupport_UpdatePAB(support, 0, NULL));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPISupport_Address(support, &ui, NULL, &list));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPISupport_DoProgressDialog(support, 0, 0, &progress));
    /* A store's support object has no preprocessors: that is a transport's. */
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPISupport_RegisterPreprocessor(support, NULL, (LPSTR)"X", (LPSTR)"x.dll",
                                                                         (LPSTR)"A", (LPSTR)"B", 0));
}

static void test_service_support(void **state)
{
    IMAPISupport *service;
    ULONG_PTR connection;
    struct sink sink;
    IProfSect *section;

    assert_hr_equal(S_OK, IMAPISupport_GetSvcConfigSupportObj(support, 0, &service));
    assert_hr_equal(S_OK, IMAPISupport_OpenProfileSection(service, NULL, 0, &section));
    section->lpVtbl->Release(section);
    init_sink(&sink);
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPISupport_Subscribe(service, (NOTIFKEY *)&key1, fnevNewMail, 0,
                                                              &sink.IMAPIAdviseSink_iface, &connection));
    assert_int_equal(IMAPISupport_Release(service), 0);
    CloseHandle(sink.event);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_allocators),
        cmocka_unit_test(test_notify_sync),
        cmocka_unit_test(test_notify_async),
        cmocka_unit_test(test_notify_this_thread),
        cmocka_unit_test(test_notify_across_threads),
        cmocka_unit_test(test_session_advise),
        cmocka_unit_test(test_subscribe_bad_input),
        cmocka_unit_test(test_make_invalid),
        cmocka_unit_test(test_wrap_store_entryid),
        cmocka_unit_test(test_one_off_and_uids),
        cmocka_unit_test(test_profile_section),
        cmocka_unit_test(test_unsupported),
        cmocka_unit_test(test_service_support),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
