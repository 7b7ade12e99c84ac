/*
 * Advise sinks and notifications: HrAllocAdviseSink, HrThisThreadAdviseSink,
 * HrDispatchNotifications, ScCountNotifications, ScCopyNotifications and
 * ScRelocNotifications.
 */

#include "mapi32_test.h"
#include "winuser.h"

/* IID_IMAPIAdviseSink, written out: the SDK's value, not our DLL's. */
static const IID iid_advise_sink = {0x00020302, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

/* The data a set of test notifications points to. */
static BYTE entry_id[] = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7};
static BYTE parent_id[] = {0, 0, 0, 0, 9, 8, 7};
static BYTE old_id[] = {0, 0, 0, 0, 0x42};
static BYTE old_parent_id[] = {0, 0, 0, 0, 0x43, 0x44};
static BYTE instance_key[] = {0xde, 0xad, 0xbe, 0xef};
static BYTE prior_key[] = {0xca, 0xfe};
static BYTE event_data[] = {1, 1, 2, 3, 5, 8, 13};
static char error_text[] = "the disk is on fire";
static char error_component[] = "test provider";
static char mail_class[] = "IPM.Note";
static const WCHAR mail_class_w[] = L"IPM.Note.Unicode";
static char row_subject[] = "row subject";
static char *row_keywords[] = {"alpha", "beta"};
static char status_text[] = "online";

static MAPIERROR mapi_error = {0, error_text, error_component, 1234, 5678};
static SizedSPropTagArray(3, changed_tags) = {3, {PR_SUBJECT_A, PR_BODY_A, PR_IMPORTANCE}};

enum
{
    N_ERROR, N_NEWMAIL, N_CREATED, N_DELETED, N_MODIFIED, N_MOVED, N_COPIED, N_SEARCH,
    N_TABLE, N_STATUS, N_EXTENDED, N_COUNT
};

static SPropValue row_props[4];
static SPropValue status_props[2];

/* One notification of every event type, every pointer filled. */
static void make_notifications(NOTIFICATION *n)
{
    static const ULONG object_events[] = {fnevObjectCreated, fnevObjectDeleted, fnevObjectModified,
                                          fnevObjectMoved, fnevObjectCopied, fnevSearchComplete};
    int i;

    memset(n, 0, N_COUNT * sizeof(*n));

    n[N_ERROR].ulEventType = fnevCriticalError;
    n[N_ERROR].info.err.cbEntryID = sizeof(entry_id);
    n[N_ERROR].info.err.lpEntryID = (ENTRYID *)entry_id;
    n[N_ERROR].info.err.scode = MAPI_E_DISK_ERROR;
    n[N_ERROR].info.err.lpMAPIError = &mapi_error;

    n[N_NEWMAIL].ulEventType = fnevNewMail;
    n[N_NEWMAIL].info.newmail.cbEntryID = sizeof(entry_id);
    n[N_NEWMAIL].info.newmail.lpEntryID = (ENTRYID *)entry_id;
    n[N_NEWMAIL].info.newmail.cbParentID = sizeof(parent_id);
    n[N_NEWMAIL].info.newmail.lpParentID = (ENTRYID *)parent_id;
    n[N_NEWMAIL].info.newmail.lpszMessageClass = mail_class;
    n[N_NEWMAIL].info.newmail.ulMessageFlags = MSGFLAG_UNSENT;

    for (i = 0; i < ARRAY_SIZE(object_events); i++)
    {
        OBJECT_NOTIFICATION *obj = &n[N_CREATED + i].info.obj;

        n[N_CREATED + i].ulEventType = object_events[i];
        obj->cbEntryID = sizeof(entry_id);
        obj->lpEntryID = (ENTRYID *)entry_id;
        obj->ulObjType = MAPI_MESSAGE;
        obj->cbParentID = sizeof(parent_id);
        obj->lpParentID = (ENTRYID *)parent_id;
        obj->cbOldID = sizeof(old_id);
        obj->lpOldID = (ENTRYID *)old_id;
        obj->cbOldParentID = sizeof(old_parent_id);
        obj->lpOldParentID = (ENTRYID *)old_parent_id;
        obj->lpPropTagArray = (SPropTagArray *)&changed_tags;
    }

    row_props[0].ulPropTag = PR_SUBJECT_A;
    row_props[0].Value.lpszA = row_subject;
    row_props[1].ulPropTag = PR_IMPORTANCE;
    row_props[1].Value.l = 2;
    row_props[2].ulPropTag = PR_INSTANCE_KEY;
    row_props[2].Value.bin.cb = sizeof(instance_key);
    row_props[2].Value.bin.lpb = instance_key;
    row_props[3].ulPropTag = PROP_TAG(PT_MV_STRING8, 0x6601);
    row_props[3].Value.MVszA.cValues = ARRAY_SIZE(row_keywords);
    row_props[3].Value.MVszA.lppszA = row_keywords;

    n[N_TABLE].ulEventType = fnevTableModified;
    n[N_TABLE].info.tab.ulTableEvent = TABLE_ROW_MODIFIED;
    n[N_TABLE].info.tab.propIndex.ulPropTag = PR_INSTANCE_KEY;
    n[N_TABLE].info.tab.propIndex.Value.bin.cb = sizeof(instance_key);
    n[N_TABLE].info.tab.propIndex.Value.bin.lpb = instance_key;
    n[N_TABLE].info.tab.propPrior.ulPropTag = PR_INSTANCE_KEY;
    n[N_TABLE].info.tab.propPrior.Value.bin.cb = sizeof(prior_key);
    n[N_TABLE].info.tab.propPrior.Value.bin.lpb = prior_key;
    n[N_TABLE].info.tab.row.cValues = ARRAY_SIZE(row_props);
    n[N_TABLE].info.tab.row.lpProps = row_props;

    status_props[0].ulPropTag = PR_STATUS_STRING_A;
    status_props[0].Value.lpszA = status_text;
    status_props[1].ulPropTag = PR_STATUS_CODE;
    status_props[1].Value.l = 0x1;

    n[N_STATUS].ulEventType = fnevStatusObjectModified;
    n[N_STATUS].info.statobj.cbEntryID = sizeof(entry_id);
    n[N_STATUS].info.statobj.lpEntryID = (ENTRYID *)entry_id;
    n[N_STATUS].info.statobj.cValues = ARRAY_SIZE(status_props);
    n[N_STATUS].info.statobj.lpPropVals = status_props;

    n[N_EXTENDED].ulEventType = fnevExtended;
    n[N_EXTENDED].info.ext.ulEvent = 0x1234;
    n[N_EXTENDED].info.ext.cb = sizeof(event_data);
    n[N_EXTENDED].info.ext.pbEventParameters = event_data;
}

/* A pointer the copy made: inside the block, aligned for what it points to, not the source's. */
static void check_in_block(const void *ptr, const void *block, ULONG size, const void *source, ULONG align)
{
    assert_non_null(ptr);
    assert_ptr_not_equal(ptr, source);
    assert_true((const BYTE *)ptr >= (const BYTE *)block);
    assert_true((const BYTE *)ptr < (const BYTE *)block + size);
    assert_int_equal((ULONG_PTR)ptr % align, 0);
}

static void check_bytes(const void *ptr, const void *expect, ULONG size, const void *block, ULONG block_size)
{
    check_in_block(ptr, block, block_size, expect, 1);
    assert_memory_equal(ptr, expect, size);
}

static void check_string(const char *str, const char *expect, const void *block, ULONG size)
{
    check_in_block(str, block, size, expect, 1);
    assert_string_equal(str, expect);
}

static void check_binary_prop(const SPropValue *prop, ULONG tag, const BYTE *expect, ULONG cb,
                              const void *block, ULONG size)
{
    assert_int_equal(prop->ulPropTag, tag);
    assert_int_equal(prop->Value.bin.cb, cb);
    check_bytes(prop->Value.bin.lpb, expect, cb, block, size);
}

/* Everything make_notifications() set, found again inside [block, block + size). */
static void check_notifications(const NOTIFICATION *n, const void *block, ULONG size)
{
    const SPropValue *props;
    int i;

    assert_ptr_equal(n, block);

    assert_int_equal(n[N_ERROR].ulEventType, fnevCriticalError);
    assert_int_equal(n[N_ERROR].info.err.scode, MAPI_E_DISK_ERROR);
    check_bytes(n[N_ERROR].info.err.lpEntryID, entry_id, sizeof(entry_id), block, size);
    check_in_block(n[N_ERROR].info.err.lpMAPIError, block, size, &mapi_error, sizeof(void *));
    assert_int_equal(n[N_ERROR].info.err.lpMAPIError->ulVersion, 0);
    assert_int_equal(n[N_ERROR].info.err.lpMAPIError->ulLowLevelError, 1234);
    assert_int_equal(n[N_ERROR].info.err.lpMAPIError->ulContext, 5678);
    check_string(n[N_ERROR].info.err.lpMAPIError->lpszError, error_text, block, size);
    check_string(n[N_ERROR].info.err.lpMAPIError->lpszComponent, error_component, block, size);

    assert_int_equal(n[N_NEWMAIL].ulEventType, fnevNewMail);
    assert_int_equal(n[N_NEWMAIL].info.newmail.ulMessageFlags, MSGFLAG_UNSENT);
    check_bytes(n[N_NEWMAIL].info.newmail.lpEntryID, entry_id, sizeof(entry_id), block, size);
    check_bytes(n[N_NEWMAIL].info.newmail.lpParentID, parent_id, sizeof(parent_id), block, size);
    check_string(n[N_NEWMAIL].info.newmail.lpszMessageClass, mail_class, block, size);

    for (i = N_CREATED; i <= N_SEARCH; i++)
    {
        const OBJECT_NOTIFICATION *obj = &n[i].info.obj;

        assert_int_equal(obj->ulObjType, MAPI_MESSAGE);
        assert_int_equal(obj->cbEntryID, sizeof(entry_id));
        check_bytes(obj->lpEntryID, entry_id, sizeof(entry_id), block, size);
        check_bytes(obj->lpParentID, parent_id, sizeof(parent_id), block, size);
        check_bytes(obj->lpOldID, old_id, sizeof(old_id), block, size);
        check_bytes(obj->lpOldParentID, old_parent_id, sizeof(old_parent_id), block, size);
        check_bytes(obj->lpPropTagArray, &changed_tags, CbNewSPropTagArray(3), block, size);
        assert_int_equal((ULONG_PTR)obj->lpPropTagArray % sizeof(ULONG), 0);
    }
    assert_int_equal(n[N_CREATED].ulEventType, fnevObjectCreated);
    assert_int_equal(n[N_SEARCH].ulEventType, fnevSearchComplete);

    assert_int_equal(n[N_TABLE].ulEventType, fnevTableModified);
    assert_int_equal(n[N_TABLE].info.tab.ulTableEvent, TABLE_ROW_MODIFIED);
    check_binary_prop(&n[N_TABLE].info.tab.propIndex, PR_INSTANCE_KEY, instance_key, sizeof(instance_key),
                      block, size);
    check_binary_prop(&n[N_TABLE].info.tab.propPrior, PR_INSTANCE_KEY, prior_key, sizeof(prior_key),
                      block, size);
    assert_int_equal(n[N_TABLE].info.tab.row.cValues, ARRAY_SIZE(row_props));
    props = n[N_TABLE].info.tab.row.lpProps;
    check_in_block(props, block, size, row_props, 8);
    assert_int_equal(props[0].ulPropTag, PR_SUBJECT_A);
    check_string(props[0].Value.lpszA, row_subject, block, size);
    assert_int_equal(props[1].ulPropTag, PR_IMPORTANCE);
    assert_int_equal(props[1].Value.l, 2);
    check_binary_prop(&props[2], PR_INSTANCE_KEY, instance_key, sizeof(instance_key), block, size);
    assert_int_equal(props[3].Value.MVszA.cValues, 2);
    check_in_block(props[3].Value.MVszA.lppszA, block, size, row_keywords, sizeof(char *));
    for (i = 0; i < 2; i++)
    {
        assert_true((BYTE *)props[3].Value.MVszA.lppszA[i] >= (BYTE *)block);
        assert_true((BYTE *)props[3].Value.MVszA.lppszA[i] < (BYTE *)block + size);
        assert_string_equal(props[3].Value.MVszA.lppszA[i], row_keywords[i]);
    }

    assert_int_equal(n[N_STATUS].ulEventType, fnevStatusObjectModified);
    check_bytes(n[N_STATUS].info.statobj.lpEntryID, entry_id, sizeof(entry_id), block, size);
    assert_int_equal(n[N_STATUS].info.statobj.cValues, 2);
    props = n[N_STATUS].info.statobj.lpPropVals;
    check_in_block(props, block, size, status_props, 8);
    assert_int_equal(props[0].ulPropTag, PR_STATUS_STRING_A);
    check_string(props[0].Value.lpszA, status_text, block, size);
    assert_int_equal(props[1].Value.l, 0x1);

    assert_int_equal(n[N_EXTENDED].ulEventType, fnevExtended);
    assert_int_equal(n[N_EXTENDED].info.ext.ulEvent, 0x1234);
    check_bytes(n[N_EXTENDED].info.ext.pbEventParameters, event_data, sizeof(event_data), block, size);
}

static void *copy_to_buffer(int count, NOTIFICATION *n, ULONG *size)
{
    void *block;
    ULONG written = 0xdeadbeef;

    assert_hr_equal(S_OK, ScCountNotifications(count, n, size));
    assert_true(*size >= count * sizeof(NOTIFICATION));
    assert_hr_equal(S_OK, MAPIAllocateBuffer(*size, &block));
    memset(block, 0xcc, *size);
    assert_hr_equal(S_OK, ScCopyNotifications(count, n, block, &written));
    assert_int_equal(written, *size);
    return block;
}

/* Every event type copies into one block that holds all its data. */
static void test_copy_every_type(void **state)
{
    NOTIFICATION n[N_COUNT];
    ULONG size, size_again;
    void *block;

    make_notifications(n);
    block = copy_to_buffer(N_COUNT, n, &size);
    check_notifications(block, block, size);

    /* Counting the copy gives the same size. */
    assert_hr_equal(S_OK, ScCountNotifications(N_COUNT, block, &size_again));
    assert_int_equal(size_again, size);
    MAPIFreeBuffer(block);
}

/* Each type alone needs less than all of them, and more than its bare structure. */
static void test_count_each_type(void **state)
{
    NOTIFICATION n[N_COUNT];
    ULONG size, total = 0, all;
    int i;

    make_notifications(n);
    for (i = 0; i < N_COUNT; i++)
    {
        assert_hr_equal(S_OK, ScCountNotifications(1, &n[i], &size));
        assert_true(size > sizeof(NOTIFICATION));
        total += size;
    }
    assert_hr_equal(S_OK, ScCountNotifications(N_COUNT, n, &all));
    /* Padding between the parts aside, the whole is their sum. */
    assert_true(all >= total && all < total + 8 * N_COUNT);

    /* Validation only. */
    assert_hr_equal(S_OK, ScCountNotifications(N_COUNT, n, NULL));
    assert_hr_equal(S_OK, ScCountNotifications(0, NULL, &size));
    assert_int_equal(size, 0);
}

/* After a memcpy to another address and relocation, the copy stands alone. */
static void test_relocate(void **state)
{
    NOTIFICATION n[N_COUNT];
    void *block, *moved;
    ULONG size, reloc_size = 0;

    make_notifications(n);
    block = copy_to_buffer(N_COUNT, n, &size);
    assert_hr_equal(S_OK, MAPIAllocateBuffer(size, &moved));
    memcpy(moved, block, size);
    memset(block, 0xcc, size);  /* nothing may still point here */

    assert_hr_equal(S_OK, ScRelocNotifications(N_COUNT, moved, block, moved, &reloc_size));
    assert_int_equal(reloc_size, size);
    check_notifications(moved, moved, size);

    /* Without a size too. */
    memcpy(block, moved, size);
    memset(moved, 0xcc, size);
    assert_hr_equal(S_OK, ScRelocNotifications(N_COUNT, block, moved, block, NULL));
    check_notifications(block, block, size);

    MAPIFreeBuffer(moved);
    MAPIFreeBuffer(block);
}

/* The copy owns its data: the caller's buffers can go away. */
static void test_copy_is_independent(void **state)
{
    BYTE id[] = {0, 0, 0, 0, 7, 7, 7};
    char message_class[] = "IPM.Temporary";
    NOTIFICATION n;
    void *block;
    ULONG size;

    memset(&n, 0, sizeof(n));
    n.ulEventType = fnevNewMail;
    n.info.newmail.cbEntryID = sizeof(id);
    n.info.newmail.lpEntryID = (ENTRYID *)id;
    n.info.newmail.lpszMessageClass = message_class;
    block = copy_to_buffer(1, &n, &size);
    memset(id, 0, sizeof(id));
    memset(message_class, 'x', sizeof(message_class) - 1);

    n = *(NOTIFICATION *)block;
    assert_int_equal(n.info.newmail.lpEntryID->ab[0], 7);
    assert_string_equal(n.info.newmail.lpszMessageClass, "IPM.Temporary");
    assert_null(n.info.newmail.lpParentID);
    assert_int_equal(n.info.newmail.cbParentID, 0);
    MAPIFreeBuffer(block);
}

/* MAPI_UNICODE says which strings are WCHAR. */
static void test_unicode_strings(void **state)
{
    MAPIERROR error_w = {0, (char *)L"wide error", NULL, 0, 0};
    NOTIFICATION n[2], *copy;
    void *block, *moved;
    ULONG size;

    memset(n, 0, sizeof(n));
    n[0].ulEventType = fnevNewMail;
    n[0].info.newmail.ulFlags = MAPI_UNICODE;
    n[0].info.newmail.lpszMessageClass = (char *)mail_class_w;
    n[1].ulEventType = fnevCriticalError;
    n[1].info.err.ulFlags = MAPI_UNICODE;
    n[1].info.err.lpMAPIError = &error_w;

    block = copy_to_buffer(2, n, &size);
    copy = block;
    check_in_block(copy[0].info.newmail.lpszMessageClass, block, size, mail_class_w, sizeof(WCHAR));
    assert_memory_equal(copy[0].info.newmail.lpszMessageClass, mail_class_w, sizeof(mail_class_w));
    check_in_block(copy[1].info.err.lpMAPIError->lpszError, block, size, error_w.lpszError, sizeof(WCHAR));
    assert_memory_equal(copy[1].info.err.lpMAPIError->lpszError, L"wide error", sizeof(L"wide error"));
    assert_null(copy[1].info.err.lpMAPIError->lpszComponent);

    assert_hr_equal(S_OK, MAPIAllocateBuffer(size, &moved));
    memcpy(moved, block, size);
    memset(block, 0, size);
    assert_hr_equal(S_OK, ScRelocNotifications(2, moved, block, moved, NULL));
    copy = moved;
    assert_memory_equal(copy[0].info.newmail.lpszMessageClass, mail_class_w, sizeof(mail_class_w));
    assert_memory_equal(copy[1].info.err.lpMAPIError->lpszError, L"wide error", sizeof(L"wide error"));
    MAPIFreeBuffer(moved);
    MAPIFreeBuffer(block);
}

/* NULL pointers with zero counts, PR_NULL and zeroed SPropValues, an empty row. */
static void test_empty_members(void **state)
{
    NOTIFICATION n[4], *copy;
    void *block, *moved;
    ULONG size, reloc_size;

    memset(n, 0, sizeof(n));
    n[0].ulEventType = fnevObjectDeleted;
    n[1].ulEventType = fnevTableModified;
    n[1].info.tab.ulTableEvent = TABLE_ROW_DELETED;
    n[1].info.tab.propIndex.ulPropTag = PR_IMPORTANCE;
    n[1].info.tab.propIndex.Value.l = 42;
    n[1].info.tab.propPrior.ulPropTag = PR_NULL;
    n[2].ulEventType = fnevTableModified;
    n[2].info.tab.ulTableEvent = TABLE_CHANGED;
    n[3].ulEventType = fnevCriticalError;
    n[3].info.err.scode = MAPI_E_NETWORK_ERROR;

    block = copy_to_buffer(4, n, &size);
    assert_int_equal(size, sizeof(n));
    copy = block;
    assert_null(copy[0].info.obj.lpEntryID);
    assert_null(copy[0].info.obj.lpPropTagArray);
    assert_int_equal(copy[1].info.tab.propIndex.Value.l, 42);
    assert_int_equal(copy[1].info.tab.propPrior.ulPropTag, PR_NULL);
    assert_null(copy[1].info.tab.row.lpProps);
    assert_int_equal(copy[2].info.tab.ulTableEvent, TABLE_CHANGED);
    assert_int_equal(copy[3].info.err.scode, MAPI_E_NETWORK_ERROR);
    assert_null(copy[3].info.err.lpMAPIError);

    assert_hr_equal(S_OK, MAPIAllocateBuffer(size, &moved));
    memcpy(moved, block, size);
    assert_hr_equal(S_OK, ScRelocNotifications(4, moved, block, moved, &reloc_size));
    assert_int_equal(reloc_size, size);
    copy = moved;
    assert_null(copy[0].info.obj.lpEntryID);
    assert_null(copy[1].info.tab.row.lpProps);
    assert_null(copy[3].info.err.lpMAPIError);
    MAPIFreeBuffer(moved);
    MAPIFreeBuffer(block);
}

/* The reference page says no copy without pcb; we copy anyway (see ScCopyNotifications). */
static void test_copy_without_size(void **state)
{
    NOTIFICATION n[N_COUNT];
    void *block;
    ULONG size;

    make_notifications(n);
    assert_hr_equal(S_OK, ScCountNotifications(N_COUNT, n, &size));
    assert_hr_equal(S_OK, MAPIAllocateBuffer(size, &block));
    assert_hr_equal(S_OK, ScCopyNotifications(N_COUNT, n, block, NULL));
    check_notifications(block, block, size);
    MAPIFreeBuffer(block);
}

static void test_bad_notifications(void **state)
{
    static const ULONG bad_types[] = {0, fnevReservedForMapi, fnevNewMail | fnevObjectCreated, 0x400};
    NOTIFICATION n[N_COUNT], saved;
    BYTE block[4096], untouched[4096];
    ULONG size = 0xdeadbeef;
    int i;

    make_notifications(n);
    memset(block, 0xab, sizeof(block));
    memcpy(untouched, block, sizeof(block));

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountNotifications(-1, n, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountNotifications(1, NULL, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyNotifications(-1, n, block, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyNotifications(1, NULL, block, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyNotifications(1, n, NULL, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocNotifications(-1, n, block, block + 8, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocNotifications(1, NULL, block, block + 8, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocNotifications(1, n, NULL, block, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocNotifications(1, n, block, NULL, NULL));
    assert_int_equal(size, 0xdeadbeef);

    for (i = 0; i < ARRAY_SIZE(bad_types); i++)
    {
        saved = n[N_EXTENDED];
        n[N_EXTENDED].ulEventType = bad_types[i];
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountNotifications(N_COUNT, n, &size));
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyNotifications(N_COUNT, n, block, &size));
        /* A bad one anywhere in the array: nothing is rebased. */
        assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScRelocNotifications(N_COUNT, n, block, block + 8, &size));
        assert_ptr_equal(n[N_ERROR].info.err.lpEntryID, entry_id);
        n[N_EXTENDED] = saved;
    }

    /* A count with no data behind it. */
    n[N_NEWMAIL].info.newmail.lpParentID = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountNotifications(N_COUNT, n, &size));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyNotifications(N_COUNT, n, block, &size));
    make_notifications(n);
    n[N_EXTENDED].info.ext.pbEventParameters = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountNotifications(1, &n[N_EXTENDED], &size));
    make_notifications(n);
    n[N_TABLE].info.tab.row.lpProps = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountNotifications(1, &n[N_TABLE], &size));
    make_notifications(n);
    n[N_STATUS].info.statobj.lpPropVals = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCountNotifications(1, &n[N_STATUS], &size));
    make_notifications(n);
    n[N_MOVED].info.obj.lpOldID = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, ScCopyNotifications(1, &n[N_MOVED], block, &size));

    /* Failures wrote nothing. */
    assert_memory_equal(block, untouched, sizeof(block));
    assert_int_equal(size, 0xdeadbeef);
}

/* An advise sink of the test's own, to watch references and deliveries. */
struct test_sink
{
    IMAPIAdviseSink IMAPIAdviseSink_iface;
    LONG ref;
    LONG calls;
    DWORD thread_id;
    ULONG count;
    ULONG event_type;
    BYTE entry_id[16];
    char message_class[32];
    ULONG order[4];
};

static struct test_sink *impl_from_sink(IMAPIAdviseSink *iface)
{
    return CONTAINING_RECORD(iface, struct test_sink, IMAPIAdviseSink_iface);
}

static HRESULT WINAPI test_sink_QueryInterface(IMAPIAdviseSink *iface, REFIID iid, void **obj)
{
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI test_sink_AddRef(IMAPIAdviseSink *iface)
{
    return InterlockedIncrement(&impl_from_sink(iface)->ref);
}

static ULONG WINAPI test_sink_Release(IMAPIAdviseSink *iface)
{
    return InterlockedDecrement(&impl_from_sink(iface)->ref);
}

static HRESULT WINAPI test_sink_OnNotify(IMAPIAdviseSink *iface, ULONG count, NOTIFICATION *notifs)
{
    struct test_sink *sink = impl_from_sink(iface);
    LONG call = InterlockedIncrement(&sink->calls);

    sink->thread_id = GetCurrentThreadId();
    sink->count = count;
    sink->event_type = count ? notifs[0].ulEventType : 0;
    if (count && notifs[0].ulEventType == fnevNewMail)
    {
        if (call <= ARRAY_SIZE(sink->order)) sink->order[call - 1] = notifs[0].info.newmail.ulMessageFlags;
        memcpy(sink->entry_id, notifs[0].info.newmail.lpEntryID,
               min(notifs[0].info.newmail.cbEntryID, sizeof(sink->entry_id)));
        lstrcpynA(sink->message_class, notifs[0].info.newmail.lpszMessageClass, sizeof(sink->message_class));
    }
    return S_OK;
}

static IMAPIAdviseSinkVtbl test_sink_vtbl =
{
    test_sink_QueryInterface,
    test_sink_AddRef,
    test_sink_Release,
    test_sink_OnNotify,
};

static void init_test_sink(struct test_sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IMAPIAdviseSink_iface.lpVtbl = &test_sink_vtbl;
    sink->ref = 1;
}

/* HrAllocAdviseSink's callback and what it saw. */
static LONG callback_calls;
static void *callback_context;
static ULONG callback_count;
static NOTIFICATION *callback_notifs;

static LONG WINAPI test_callback(void *context, ULONG count, NOTIFICATION *notifs)
{
    callback_calls++;
    callback_context = context;
    callback_count = count;
    callback_notifs = notifs;
    return 0x1234;
}

static void test_alloc_advise_sink(void **state)
{
    IMAPIAdviseSink *sink = (void *)0xdeadbeef;
    IUnknown *unk;
    NOTIFICATION n[2];
    int context;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrAllocAdviseSink(NULL, &context, &sink));
    assert_null(sink);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrAllocAdviseSink(test_callback, &context, NULL));

    assert_hr_equal(S_OK, HrAllocAdviseSink(test_callback, &context, &sink));
    assert_non_null(sink);

    memset(n, 0, sizeof(n));
    n[0].ulEventType = fnevObjectModified;
    callback_calls = 0;
    assert_int_equal(sink->lpVtbl->OnNotify(sink, 2, n), 0x1234);
    assert_int_equal(callback_calls, 1);
    assert_ptr_equal(callback_context, &context);
    assert_int_equal(callback_count, 2);
    assert_ptr_equal(callback_notifs, n);  /* the caller's array, not a copy */

    assert_hr_equal(S_OK, sink->lpVtbl->QueryInterface(sink, &IID_IUnknown, (void **)&unk));
    assert_ptr_equal(unk, sink);
    assert_int_equal(unk->lpVtbl->Release(unk), 1);
    assert_hr_equal(S_OK, sink->lpVtbl->QueryInterface(sink, &iid_advise_sink, (void **)&unk));
    assert_int_equal(unk->lpVtbl->Release(unk), 1);
    unk = (void *)0xdeadbeef;
    assert_hr_equal(E_NOINTERFACE, sink->lpVtbl->QueryInterface(sink, &IID_IStream, (void **)&unk));
    assert_null(unk);

    assert_int_equal(sink->lpVtbl->AddRef(sink), 2);
    assert_int_equal(sink->lpVtbl->Release(sink), 1);
    assert_int_equal(sink->lpVtbl->Release(sink), 0);
}

/* Notifications a second thread sends through a wrapper. */
struct sender
{
    IMAPIAdviseSink *sink;
    int notifications;
    ULONG event_type;
    HRESULT result;
};

static DWORD WINAPI send_thread(void *arg)
{
    struct sender *sender = arg;
    BYTE id[] = {0, 0, 0, 0, 0x11, 0x22, 0x33};
    char message_class[] = "IPM.Note.Sent";
    NOTIFICATION n;
    int i;

    for (i = 0; i < sender->notifications; i++)
    {
        memset(&n, 0, sizeof(n));
        n.ulEventType = sender->event_type;
        n.info.newmail.cbEntryID = sizeof(id);
        n.info.newmail.lpEntryID = (ENTRYID *)id;
        n.info.newmail.lpszMessageClass = message_class;
        n.info.newmail.ulMessageFlags = i + 1;
        sender->result = sender->sink->lpVtbl->OnNotify(sender->sink, 1, &n);
        if (FAILED(sender->result)) break;
    }
    /* The notifications must not depend on this stack any more. */
    memset(id, 0xee, sizeof(id));
    memset(message_class, 'z', sizeof(message_class) - 1);
    return 0;
}

static HRESULT send_from_thread(IMAPIAdviseSink *sink, int notifications, ULONG event_type)
{
    struct sender sender = {sink, notifications, event_type, E_FAIL};
    HANDLE thread = CreateThread(NULL, 0, send_thread, &sender, 0, NULL);

    assert_non_null(thread);
    assert_int_equal(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
    CloseHandle(thread);
    return sender.result;
}

static void test_this_thread_bad_parameters(void **state)
{
    struct test_sink target;
    IMAPIAdviseSink *wrapper = (void *)0xdeadbeef;

    init_test_sink(&target);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrThisThreadAdviseSink(NULL, &wrapper));
    assert_null(wrapper);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrThisThreadAdviseSink(&target.IMAPIAdviseSink_iface, NULL));
    assert_int_equal(target.ref, 1);
}

/* OnNotify on another thread reaches the sink on this one, when this one dispatches. */
static void test_this_thread_from_other_thread(void **state)
{
    struct test_sink target;
    IMAPIAdviseSink *wrapper;

    init_test_sink(&target);
    assert_hr_equal(S_OK, HrThisThreadAdviseSink(&target.IMAPIAdviseSink_iface, &wrapper));
    assert_ptr_not_equal(wrapper, &target.IMAPIAdviseSink_iface);
    assert_int_equal(target.ref, 2);

    assert_hr_equal(S_OK, send_from_thread(wrapper, 1, fnevNewMail));
    assert_int_equal(target.calls, 0);  /* nothing without a message pump */

    assert_hr_equal(S_OK, HrDispatchNotifications(0));
    assert_int_equal(target.calls, 1);
    assert_int_equal(target.thread_id, GetCurrentThreadId());
    assert_int_equal(target.count, 1);
    assert_int_equal(target.event_type, fnevNewMail);
    assert_int_equal(target.entry_id[4], 0x11);
    assert_int_equal(target.entry_id[6], 0x33);
    assert_string_equal(target.message_class, "IPM.Note.Sent");

    /* Nothing left. */
    assert_hr_equal(S_OK, HrDispatchNotifications(0));
    assert_int_equal(target.calls, 1);

    assert_int_equal(wrapper->lpVtbl->Release(wrapper), 0);
    assert_int_equal(target.ref, 1);
}

/* On the wrapper's own thread the sink is called at once. */
static void test_this_thread_same_thread(void **state)
{
    struct test_sink target;
    IMAPIAdviseSink *wrapper;
    char message_class[] = "IPM.Direct";
    NOTIFICATION n;

    init_test_sink(&target);
    assert_hr_equal(S_OK, HrThisThreadAdviseSink(&target.IMAPIAdviseSink_iface, &wrapper));
    memset(&n, 0, sizeof(n));
    n.ulEventType = fnevNewMail;
    n.info.newmail.lpszMessageClass = message_class;
    assert_hr_equal(S_OK, wrapper->lpVtbl->OnNotify(wrapper, 1, &n));
    assert_int_equal(target.calls, 1);
    assert_string_equal(target.message_class, "IPM.Direct");
    assert_int_equal(wrapper->lpVtbl->Release(wrapper), 0);
    assert_int_equal(target.ref, 1);
}

/* The application's own message loop delivers too, in order; a pending
 * notification keeps the sink alive after the wrapper is released. */
static void test_this_thread_message_loop(void **state)
{
    struct test_sink target;
    IMAPIAdviseSink *wrapper;
    MSG msg;

    init_test_sink(&target);
    assert_hr_equal(S_OK, HrThisThreadAdviseSink(&target.IMAPIAdviseSink_iface, &wrapper));
    assert_hr_equal(S_OK, send_from_thread(wrapper, 3, fnevNewMail));
    wrapper->lpVtbl->Release(wrapper);
    assert_int_equal(target.ref, 2);  /* still held through what is queued */
    assert_int_equal(target.calls, 0);

    while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageA(&msg);
    assert_int_equal(target.calls, 3);
    assert_int_equal(target.order[0], 1);
    assert_int_equal(target.order[1], 2);
    assert_int_equal(target.order[2], 3);
    assert_int_equal(target.thread_id, GetCurrentThreadId());
    assert_int_equal(target.ref, 1);
}

/* A notification the copy refuses is refused to the sender, and never queued. */
static void test_this_thread_bad_notification(void **state)
{
    struct test_sink target;
    IMAPIAdviseSink *wrapper;

    init_test_sink(&target);
    assert_hr_equal(S_OK, HrThisThreadAdviseSink(&target.IMAPIAdviseSink_iface, &wrapper));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, send_from_thread(wrapper, 1, 0x400));
    assert_hr_equal(S_OK, HrDispatchNotifications(0));
    assert_int_equal(target.calls, 0);
    assert_int_equal(wrapper->lpVtbl->Release(wrapper), 0);
    assert_int_equal(target.ref, 1);
}

/* Every event type through a wrapper from another thread: what the sink gets
 * is one block, its own copy of everything. */
static LONG every_type_calls;

static LONG WINAPI check_every_type(void *context, ULONG count, NOTIFICATION *notifs)
{
    ULONG size;

    every_type_calls++;
    assert_int_equal(*(DWORD *)context, GetCurrentThreadId());
    assert_int_equal(count, N_COUNT);
    assert_hr_equal(S_OK, ScCountNotifications(count, notifs, &size));
    check_notifications(notifs, notifs, size);
    return S_OK;
}

static DWORD WINAPI send_every_type(void *arg)
{
    IMAPIAdviseSink *wrapper = arg;
    NOTIFICATION n[N_COUNT];

    make_notifications(n);
    return wrapper->lpVtbl->OnNotify(wrapper, N_COUNT, n);
}

static void test_this_thread_every_type(void **state)
{
    IMAPIAdviseSink *sink, *wrapper;
    DWORD thread_id = GetCurrentThreadId(), result;
    HANDLE thread;

    assert_hr_equal(S_OK, HrAllocAdviseSink(check_every_type, &thread_id, &sink));
    assert_hr_equal(S_OK, HrThisThreadAdviseSink(sink, &wrapper));
    sink->lpVtbl->Release(sink);

    thread = CreateThread(NULL, 0, send_every_type, wrapper, 0, NULL);
    assert_non_null(thread);
    assert_int_equal(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
    assert_true(GetExitCodeThread(thread, &result));
    assert_hr_equal(S_OK, result);
    CloseHandle(thread);

    every_type_calls = 0;
    assert_hr_equal(S_OK, HrDispatchNotifications(0));
    assert_int_equal(every_type_calls, 1);
    assert_int_equal(wrapper->lpVtbl->Release(wrapper), 0);
}

/* A wrapper made on another thread: the notification goes there, not here. */
struct owner
{
    struct test_sink target;
    IMAPIAdviseSink *wrapper;
    HANDLE ready, sent, done;
    HRESULT dispatched;
    LONG calls_before_dispatch;
};

static DWORD WINAPI owner_thread(void *arg)
{
    struct owner *owner = arg;

    if (FAILED(HrThisThreadAdviseSink(&owner->target.IMAPIAdviseSink_iface, &owner->wrapper)))
        owner->wrapper = NULL;
    SetEvent(owner->ready);
    WaitForSingleObject(owner->sent, 10000);
    owner->calls_before_dispatch = owner->target.calls;
    owner->dispatched = HrDispatchNotifications(0);
    if (owner->wrapper) owner->wrapper->lpVtbl->Release(owner->wrapper);
    return 0;
}

static void test_this_thread_other_owner(void **state)
{
    struct owner owner;
    HANDLE thread;
    char message_class[] = "IPM.ToOwner";
    NOTIFICATION n;

    init_test_sink(&owner.target);
    owner.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    owner.sent = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, owner_thread, &owner, 0, NULL);
    assert_non_null(thread);
    assert_int_equal(WaitForSingleObject(owner.ready, 10000), WAIT_OBJECT_0);
    assert_non_null(owner.wrapper);

    memset(&n, 0, sizeof(n));
    n.ulEventType = fnevNewMail;
    n.info.newmail.lpszMessageClass = message_class;
    assert_hr_equal(S_OK, owner.wrapper->lpVtbl->OnNotify(owner.wrapper, 1, &n));
    /* Dispatching here does not deliver another thread's notification. */
    assert_hr_equal(S_OK, HrDispatchNotifications(0));
    assert_int_equal(owner.target.calls, 0);

    SetEvent(owner.sent);
    assert_int_equal(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
    assert_int_equal(owner.calls_before_dispatch, 0);
    assert_hr_equal(S_OK, owner.dispatched);
    assert_int_equal(owner.target.calls, 1);
    assert_int_equal(owner.target.thread_id, GetThreadId(thread));
    assert_string_equal(owner.target.message_class, "IPM.ToOwner");
    assert_int_equal(owner.target.ref, 1);
    CloseHandle(thread);
    CloseHandle(owner.ready);
    CloseHandle(owner.sent);
}

/* A wrapper whose thread has ended cannot deliver: the sender is told, nothing leaks. */
static DWORD WINAPI wrap_and_exit(void *arg)
{
    struct owner *owner = arg;

    if (FAILED(HrThisThreadAdviseSink(&owner->target.IMAPIAdviseSink_iface, &owner->wrapper)))
        owner->wrapper = NULL;
    return 0;
}

static void test_this_thread_owner_gone(void **state)
{
    struct owner owner;
    HANDLE thread;
    NOTIFICATION n;

    init_test_sink(&owner.target);
    thread = CreateThread(NULL, 0, wrap_and_exit, &owner, 0, NULL);
    assert_non_null(thread);
    assert_int_equal(WaitForSingleObject(thread, 10000), WAIT_OBJECT_0);
    CloseHandle(thread);
    assert_non_null(owner.wrapper);
    assert_int_equal(owner.target.ref, 2);

    memset(&n, 0, sizeof(n));
    n.ulEventType = fnevObjectModified;
    assert_hr_equal(MAPI_E_CALL_FAILED, owner.wrapper->lpVtbl->OnNotify(owner.wrapper, 1, &n));
    assert_int_equal(owner.target.calls, 0);
    assert_int_equal(owner.wrapper->lpVtbl->Release(owner.wrapper), 0);
    assert_int_equal(owner.target.ref, 1);
}

static void test_dispatch_notifications(void **state)
{
    MSG msg;

    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, HrDispatchNotifications(1));

    MAPIUninitialize();
    assert_hr_equal(MAPI_E_NOT_INITIALIZED, HrDispatchNotifications(0));
    assert_hr_equal(S_OK, MAPIInitialize(NULL));

    /* WM_QUIT is reported, and left for the application's loop. */
    PostQuitMessage(3);
    assert_hr_equal(MAPI_E_USER_CANCEL, HrDispatchNotifications(0));
    assert_true(PeekMessageA(&msg, NULL, WM_QUIT, WM_QUIT, PM_REMOVE));
    assert_int_equal(msg.wParam, 3);
    assert_hr_equal(S_OK, HrDispatchNotifications(0));
}

static int setup_mapi(void **state)
{
    return MAPIInitialize(NULL) == S_OK ? 0 : -1;
}

static int teardown_mapi(void **state)
{
    MAPIUninitialize();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_copy_every_type),
        cmocka_unit_test(test_count_each_type),
        cmocka_unit_test(test_relocate),
        cmocka_unit_test(test_copy_is_independent),
        cmocka_unit_test(test_unicode_strings),
        cmocka_unit_test(test_empty_members),
        cmocka_unit_test(test_copy_without_size),
        cmocka_unit_test(test_bad_notifications),
        cmocka_unit_test(test_alloc_advise_sink),
        cmocka_unit_test(test_this_thread_bad_parameters),
        cmocka_unit_test(test_this_thread_from_other_thread),
        cmocka_unit_test(test_this_thread_same_thread),
        cmocka_unit_test(test_this_thread_message_loop),
        cmocka_unit_test(test_this_thread_bad_notification),
        cmocka_unit_test(test_this_thread_every_type),
        cmocka_unit_test(test_this_thread_other_owner),
        cmocka_unit_test(test_this_thread_owner_gone),
        cmocka_unit_test(test_dispatch_notifications),
    };
    return cmocka_run_group_tests(tests, setup_mapi, teardown_mapi);
}
