/*
 * The sample store's folders: the folders every store has, hierarchy and
 * contents tables, creating, copying, moving and deleting folders and
 * messages, read flags, message status, saved sorts, and the notifications
 * all of it sends.
 */

#include "initguid.h"
#include "mapiguid.h"

#include "sqlms_test.h"

static struct test_store ts;

static int setup(void **state)
{
    test_store_logon(&ts, L"folder.sqlms");
    return 0;
}

static int teardown(void **state)
{
    test_store_logoff(&ts);
    return 0;
}

static IMAPIFolder *open_subtree(void)
{
    return open_folder_by_prop(ts.store, PR_IPM_SUBTREE_ENTRYID);
}

static IMAPIFolder *create_folder(IMAPIFolder *parent, const WCHAR *name)
{
    IMAPIFolder *folder = NULL;

    assert_hr_equal(S_OK, IMAPIFolder_CreateFolder(parent, FOLDER_GENERIC, (LPSTR)name, NULL, NULL, MAPI_UNICODE,
                                                   (IMAPIFolder *)&folder));
    return folder;
}

static void get_eid(IMAPIProp *obj, SBinary *eid)
{
    SPropValue *value = NULL;

    assert_hr_equal(S_OK, HrGetOneProp(obj, PR_ENTRYID, &value));
    eid->cb = value->Value.bin.cb;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(eid->cb, (void **)&eid->lpb));
    memcpy(eid->lpb, value->Value.bin.lpb, eid->cb);
    MAPIFreeBuffer(value);
}

static BOOL row_has_name(SRow *row, const WCHAR *name)
{
    SPropValue *value = PpropFindProp(row->lpProps, row->cValues, PR_DISPLAY_NAME_W);
    return value && !lstrcmpW(value->Value.lpszW, name);
}

/* Root, the IPM subtree under it, and the four folders of mail under that. */
static void test_default_folders(void **state)
{
    SizedSPropTagArray(3, columns) = { 3, { PR_DISPLAY_NAME_W, PR_DEPTH, PR_FOLDER_TYPE } };
    static const WCHAR *names[] = { L"Inbox", L"Outbox", L"Sent Items", L"Deleted Items" };
    IMAPIFolder *root = NULL, *subtree;
    IMAPITable *table = NULL;
    SRowSet *rows = NULL;
    ULONG type, i, j;

    assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, 0, NULL, NULL, 0, &type, (IUnknown **)&root));
    assert_int_equal(type, MAPI_FOLDER);
    assert_int_equal(get_long((IMAPIProp *)root, PR_FOLDER_TYPE), FOLDER_ROOT);
    assert_true(get_bool((IMAPIProp *)root, PR_SUBFOLDERS));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_GetHierarchyTable(root, 0x1000, &table));
    assert_hr_equal(S_OK, IMAPIFolder_GetHierarchyTable(root, CONVENIENT_DEPTH | MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(table, 50, 0, &rows));
    assert_int_equal(rows->cRows, 5);
    for (i = 0; i < ARRAY_SIZE(names); i++)
    {
        for (j = 0; j < rows->cRows; j++)
            if (row_has_name(&rows->aRow[j], names[i])) break;
        assert_true(j < rows->cRows);
        assert_int_equal(rows->aRow[j].lpProps[1].Value.l, 2);
    }
    FreeProws(rows);
    IMAPITable_Release(table);
    IMAPIFolder_Release(root);

    subtree = open_subtree();
    assert_string_prop((IMAPIProp *)subtree, PR_DISPLAY_NAME_W, L"Top of Information Store");
    assert_hr_equal(S_OK, IMAPIFolder_GetHierarchyTable(subtree, 0, &table));
    assert_int_equal(table_row_count(table), 4);
    IMAPITable_Release(table);
    IMAPIFolder_Release(subtree);
}

static void test_create_folder(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *folder = NULL, *again = NULL;
    SPropValue *value = NULL;
    SBinary eid, parent_eid;

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_CreateFolder(subtree, FOLDER_GENERIC, NULL, NULL, NULL,
                                                                       0, (IMAPIFolder *)&folder));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_CreateFolder(subtree, 7, (LPSTR)"x", NULL, NULL, 0,
                                                                       (IMAPIFolder *)&folder));
    assert_hr_equal(MAPI_E_NO_SUPPORT, IMAPIFolder_CreateFolder(subtree, FOLDER_SEARCH, (LPSTR)"x", NULL, NULL, 0,
                                                                (IMAPIFolder *)&folder));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"x", NULL, NULL,
                                                                   0x1000, (IMAPIFolder *)&folder));
    /* ANSI names by default */
    assert_hr_equal(S_OK, IMAPIFolder_CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)"Projects", (LPSTR)"Work stuff",
                                                   NULL, 0, (IMAPIFolder *)&folder));
    assert_string_prop((IMAPIProp *)folder, PR_DISPLAY_NAME_W, L"Projects");
    assert_string_prop((IMAPIProp *)folder, PR_COMMENT_A, L"Work stuff");
    assert_int_equal(get_long((IMAPIProp *)folder, PR_FOLDER_TYPE), FOLDER_GENERIC);
    assert_int_equal(get_long((IMAPIProp *)folder, PR_CONTENT_COUNT), 0);
    get_eid((IMAPIProp *)subtree, &parent_eid);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)folder, PR_PARENT_ENTRYID, &value));
    assert_int_equal(value->Value.bin.cb, parent_eid.cb);
    assert_memory_equal(value->Value.bin.lpb, parent_eid.lpb, parent_eid.cb);
    MAPIFreeBuffer(value);
    get_eid((IMAPIProp *)folder, &eid);

    /* Names are unique among siblings, whatever their case. */
    assert_hr_equal(MAPI_E_COLLISION, IMAPIFolder_CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)L"PROJECTS", NULL,
                                                               NULL, MAPI_UNICODE, (IMAPIFolder *)&again));
    assert_hr_equal(S_OK, IMAPIFolder_CreateFolder(subtree, FOLDER_GENERIC, (LPSTR)L"projects", NULL, NULL,
                                                   MAPI_UNICODE | OPEN_IF_EXISTS, (IMAPIFolder *)&again));
    get_eid((IMAPIProp *)again, &parent_eid);
    assert_memory_equal(parent_eid.lpb, eid.lpb, eid.cb);
    MAPIFreeBuffer(parent_eid.lpb);
    IMAPIFolder_Release(again);

    /* Renaming writes through; a sibling's name is refused. */
    set_string((IMAPIProp *)folder, PR_DISPLAY_NAME_W, L"Projects 2024");
    {
        SPropValue name = { PR_DISPLAY_NAME_W, 0, { .lpszW = (WCHAR *)L"Inbox" } };
        assert_hr_equal(MAPI_E_COLLISION, IMAPIFolder_SetProps(folder, 1, &name, NULL));
    }
    assert_string_prop((IMAPIProp *)folder, PR_DISPLAY_NAME_W, L"Projects 2024");
    IMAPIFolder_Release(folder);
    IMAPIFolder_Release(subtree);
    MAPIFreeBuffer(eid.lpb);
}

static void test_contents_table(void **state)
{
    SizedSSortOrderSet(1, by_time) = { 1, 0, 0, { { PR_MESSAGE_DELIVERY_TIME, TABLE_SORT_DESCEND } } };
    SizedSPropTagArray(2, columns) = { 2, { PR_SUBJECT_W, PR_MESSAGE_DELIVERY_TIME } };
    IMAPIFolder *subtree = open_subtree(), *folder = create_folder(subtree, L"Contents");
    IMAPITable *table = NULL, *assoc = NULL, *soft = NULL;
    SRowSet *rows = NULL;
    IMessage *msg;
    ULONG i;

    for (i = 0; i < 3; i++)
    {
        SPropValue time;
        WCHAR subject[16];

        assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(folder, NULL, 0, &msg));
        _snwprintf(subject, ARRAY_SIZE(subject), L"message %lu", i);
        set_string((IMAPIProp *)msg, PR_SUBJECT_W, subject);
        time.ulPropTag = PR_MESSAGE_DELIVERY_TIME;
        time.Value.ft.dwHighDateTime = 30000000;
        time.Value.ft.dwLowDateTime = (i == 1 ? 300 : i * 100);
        assert_hr_equal(S_OK, HrSetOneProp((IMAPIProp *)msg, &time));
        assert_hr_equal(S_OK, IMessage_SaveChanges(msg, 0));
        IMessage_Release(msg);
    }
    assert_hr_equal(S_OK, IMAPIFolder_CreateMessage(folder, NULL, MAPI_ASSOCIATED, &msg));
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"hidden");
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, 0));
    IMessage_Release(msg);

    assert_int_equal(get_long((IMAPIProp *)folder, PR_CONTENT_COUNT), 3);
    assert_int_equal(get_long((IMAPIProp *)folder, PR_ASSOC_CONTENT_COUNT), 1);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_GetContentsTable(folder, 0x1000, &table));
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(folder, MAPI_UNICODE, &table));
    assert_int_equal(table_row_count(table), 3);
    assert_hr_equal(S_OK, IMAPITable_SetColumns(table, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_SortTable(table, (SSortOrderSet *)&by_time, 0));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(table, 10, 0, &rows));
    assert_int_equal(rows->cRows, 3);
    assert_int_equal(lstrcmpW(rows->aRow[0].lpProps[0].Value.lpszW, L"message 1"), 0);
    assert_int_equal(lstrcmpW(rows->aRow[1].lpProps[0].Value.lpszW, L"message 2"), 0);
    assert_int_equal(lstrcmpW(rows->aRow[2].lpProps[0].Value.lpszW, L"message 0"), 0);
    FreeProws(rows);
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(folder, MAPI_ASSOCIATED, &assoc));
    assert_int_equal(table_row_count(assoc), 1);
    /* No deleted message is kept: nothing soft-deleted to show. */
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(folder, SHOW_SOFT_DELETES, &soft));
    assert_int_equal(table_row_count(soft), 0);
    IMAPITable_Release(soft);
    IMAPITable_Release(assoc);
    IMAPITable_Release(table);

    /* The sort SaveContentsSort keeps is the new tables' one. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_SaveContentsSort(folder, NULL, 0));
    assert_hr_equal(S_OK, IMAPIFolder_SaveContentsSort(folder, (SSortOrderSet *)&by_time, 0));
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(folder, 0, &table));
    {
        SSortOrderSet *sort = NULL;
        assert_hr_equal(S_OK, IMAPITable_QuerySortOrder(table, &sort));
        assert_int_equal(sort->cSorts, 1);
        assert_int_equal(sort->aSort[0].ulPropTag, PR_MESSAGE_DELIVERY_TIME);
        assert_int_equal(sort->aSort[0].ulOrder, TABLE_SORT_DESCEND);
        MAPIFreeBuffer(sort);
    }
    IMAPITable_Release(table);
    IMAPIFolder_Release(folder);
    IMAPIFolder_Release(subtree);
}

static ENTRYLIST *entry_list(SBinary *eids, ULONG count)
{
    ENTRYLIST *list = HeapAlloc(GetProcessHeap(), 0, sizeof(*list));
    list->cValues = count;
    list->lpbin = eids;
    return list;
}

static void test_copy_and_delete_messages(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *from = create_folder(subtree, L"From"), *to = create_folder(subtree, L"To");
    IMAPIFolder *inbox = open_inbox(ts.store);
    SBinary eids[3], other;
    ENTRYLIST *list;
    IMessage *msg = NULL;
    ULONG type;

    eids[0] = create_message(from, L"one", 0);
    eids[1] = create_message(from, L"two", 0);
    eids[2] = create_message(from, L"three", 0);
    other = create_message(inbox, L"elsewhere", 0);

    list = entry_list(eids, 2);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_CopyMessages(from, NULL, NULL, to, 0, NULL, 0));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_CopyMessages(from, list, NULL, NULL, 0, NULL, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_CopyMessages(from, list, NULL, to, 0, NULL, 0x1000));
    assert_hr_equal(S_OK, IMAPIFolder_CopyMessages(from, list, NULL, to, 0, NULL, 0));
    assert_int_equal(get_long((IMAPIProp *)from, PR_CONTENT_COUNT), 3);
    assert_int_equal(get_long((IMAPIProp *)to, PR_CONTENT_COUNT), 2);
    /* Moving keeps the entry ID */
    list->cValues = 1;
    list->lpbin = &eids[2];
    assert_hr_equal(S_OK, IMAPIFolder_CopyMessages(from, list, NULL, to, 0, NULL, MESSAGE_MOVE));
    assert_int_equal(get_long((IMAPIProp *)from, PR_CONTENT_COUNT), 2);
    assert_int_equal(get_long((IMAPIProp *)to, PR_CONTENT_COUNT), 3);
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, eids[2].cb, (ENTRYID *)eids[2].lpb, NULL, 0, &type,
                                              (IUnknown **)&msg));
    assert_string_prop((IMAPIProp *)msg, PR_SUBJECT_W, L"three");
    IMessage_Release(msg);
    /* A message of another folder is skipped. */
    list->lpbin = &other;
    assert_hr_equal(MAPI_W_PARTIAL_COMPLETION, IMAPIFolder_CopyMessages(from, list, NULL, to, 0, NULL, 0));

    /* Deleting */
    list->cValues = 2;
    list->lpbin = eids;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_DeleteMessages(from, list, 0, NULL, 0x1000));
    assert_hr_equal(S_OK, IMAPIFolder_DeleteMessages(from, list, 0, NULL, 0));
    assert_int_equal(get_long((IMAPIProp *)from, PR_CONTENT_COUNT), 0);
    assert_hr_equal(MAPI_E_NOT_FOUND, IMsgStore_OpenEntry(ts.store, eids[0].cb, (ENTRYID *)eids[0].lpb, NULL, 0,
                                                          &type, (IUnknown **)&msg));
    assert_hr_equal(MAPI_W_PARTIAL_COMPLETION, IMAPIFolder_DeleteMessages(from, list, 0, NULL, 0));

    HeapFree(GetProcessHeap(), 0, list);
    MAPIFreeBuffer(eids[0].lpb);
    MAPIFreeBuffer(eids[1].lpb);
    MAPIFreeBuffer(eids[2].lpb);
    MAPIFreeBuffer(other.lpb);
    IMAPIFolder_Release(inbox);
    IMAPIFolder_Release(to);
    IMAPIFolder_Release(from);
    IMAPIFolder_Release(subtree);
}

/* To a folder of another store, messages are copied through their interfaces. */
static void test_copy_to_other_store(void **state)
{
    struct test_store other;
    IMAPIFolder *inbox = open_inbox(ts.store), *other_inbox;
    SBinary eid = create_message(inbox, L"travelling", 0);
    ENTRYLIST list = { 1, &eid };
    LONG before;

    test_store_logon(&other, L"folder-other.sqlms");
    other_inbox = open_inbox(other.store);
    before = get_long((IMAPIProp *)other_inbox, PR_CONTENT_COUNT);
    assert_hr_equal(S_OK, IMAPIFolder_CopyMessages(inbox, &list, NULL, other_inbox, 0, NULL, MESSAGE_MOVE));
    assert_int_equal(get_long((IMAPIProp *)other_inbox, PR_CONTENT_COUNT), before + 1);
    {
        IMessage *msg = NULL;
        ULONG type;
        assert_hr_equal(MAPI_E_NOT_FOUND, IMsgStore_OpenEntry(ts.store, eid.cb, (ENTRYID *)eid.lpb, NULL, 0, &type,
                                                              (IUnknown **)&msg));
    }
    IMAPIFolder_Release(other_inbox);
    test_store_logoff(&other);
    IMAPIFolder_Release(inbox);
    MAPIFreeBuffer(eid.lpb);
}

static void test_copy_folder(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *src = create_folder(subtree, L"Source");
    IMAPIFolder *child = create_folder(src, L"Child"), *dest = create_folder(subtree, L"Dest"), *copy = NULL;
    IMAPIFolder *inbox = open_inbox(ts.store);
    SBinary src_eid, child_eid, inbox_eid, msg_eid;
    IMAPITable *table;
    ULONG type;

    msg_eid = create_message(src, L"inside", 0);
    MAPIFreeBuffer(msg_eid.lpb);
    msg_eid = create_message(child, L"deeper", 0);
    MAPIFreeBuffer(msg_eid.lpb);
    get_eid((IMAPIProp *)src, &src_eid);
    get_eid((IMAPIProp *)child, &child_eid);
    get_eid((IMAPIProp *)inbox, &inbox_eid);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_CopyFolder(subtree, 0, NULL, NULL, dest, NULL, 0, NULL, 0));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_CopyFolder(subtree, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL,
                                                                 dest, NULL, 0, NULL, 0x1000));
    /* Only children of the folder, and never into themselves */
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPIFolder_CopyFolder(dest, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, dest,
                                                             NULL, 0, NULL, 0));
    assert_hr_equal(MAPI_E_FOLDER_CYCLE, IMAPIFolder_CopyFolder(subtree, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL,
                                                                child, NULL, 0, NULL, FOLDER_MOVE));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMAPIFolder_CopyFolder(subtree, inbox_eid.cb, (ENTRYID *)inbox_eid.lpb, NULL,
                                                             dest, NULL, 0, NULL, FOLDER_MOVE));
    /* A deep copy with its messages */
    assert_hr_equal(S_OK, IMAPIFolder_CopyFolder(subtree, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, dest,
                                                 (LPSTR)L"Copy", 0, NULL, COPY_SUBFOLDERS | MAPI_UNICODE));
    assert_hr_equal(S_OK, IMAPIFolder_GetHierarchyTable(dest, CONVENIENT_DEPTH, &table));
    assert_int_equal(table_row_count(table), 2);
    IMAPITable_Release(table);
    assert_hr_equal(S_OK, IMAPIFolder_CreateFolder(dest, FOLDER_GENERIC, (LPSTR)L"Copy", NULL, NULL,
                                                   MAPI_UNICODE | OPEN_IF_EXISTS, (IMAPIFolder *)&copy));
    assert_int_equal(get_long((IMAPIProp *)copy, PR_CONTENT_COUNT), 1);
    IMAPIFolder_Release(copy);
    assert_hr_equal(MAPI_E_COLLISION, IMAPIFolder_CopyFolder(subtree, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, dest,
                                                             (LPSTR)"Copy", 0, NULL, 0));
    /* Moving keeps the folder, entry ID and all */
    assert_hr_equal(S_OK, IMAPIFolder_CopyFolder(subtree, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, dest, NULL, 0,
                                                 NULL, FOLDER_MOVE));
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, 0, &type,
                                              (IUnknown **)&copy));
    {
        SPropValue *parent = NULL;
        SBinary dest_eid;
        get_eid((IMAPIProp *)dest, &dest_eid);
        assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)copy, PR_PARENT_ENTRYID, &parent));
        assert_memory_equal(parent->Value.bin.lpb, dest_eid.lpb, dest_eid.cb);
        MAPIFreeBuffer(parent);
        MAPIFreeBuffer(dest_eid.lpb);
    }
    IMAPIFolder_Release(copy);

    MAPIFreeBuffer(src_eid.lpb);
    MAPIFreeBuffer(child_eid.lpb);
    MAPIFreeBuffer(inbox_eid.lpb);
    IMAPIFolder_Release(inbox);
    IMAPIFolder_Release(dest);
    IMAPIFolder_Release(child);
    IMAPIFolder_Release(src);
    IMAPIFolder_Release(subtree);
}


/* Folders go to another store through its interfaces, messages, associated ones and subfolders with them. */
static void test_copy_folder_to_other_store(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *src = create_folder(subtree, L"Emigrant"), *child, *other_subtree;
    IMAPIFolder *arrived = NULL, *arrived_child = NULL;
    struct test_store other;
    SBinary src_eid, msg;
    IMAPITable *table;
    ULONG type;

    child = create_folder(src, L"Its child");
    msg = create_message(src, L"in the folder", 0);
    MAPIFreeBuffer(msg.lpb);
    msg = create_message(src, L"associated", MAPI_ASSOCIATED);
    MAPIFreeBuffer(msg.lpb);
    msg = create_message(child, L"in the child", 0);
    MAPIFreeBuffer(msg.lpb);
    get_eid((IMAPIProp *)src, &src_eid);

    test_store_logon(&other, L"folder-other.sqlms");
    other_subtree = open_folder_by_prop(other.store, PR_IPM_SUBTREE_ENTRYID);
    assert_hr_equal(S_OK, IMAPIFolder_CopyFolder(subtree, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, other_subtree,
                                                 NULL, 0, NULL, COPY_SUBFOLDERS));
    assert_hr_equal(S_OK, IMAPIFolder_CreateFolder(other_subtree, FOLDER_GENERIC, (LPSTR)L"Emigrant", NULL, NULL,
                                                   MAPI_UNICODE | OPEN_IF_EXISTS, (IMAPIFolder *)&arrived));
    assert_int_equal(get_long((IMAPIProp *)arrived, PR_CONTENT_COUNT), 1);
    assert_int_equal(get_long((IMAPIProp *)arrived, PR_ASSOC_CONTENT_COUNT), 1);
    assert_hr_equal(S_OK, IMAPIFolder_CreateFolder(arrived, FOLDER_GENERIC, (LPSTR)L"Its child", NULL, NULL,
                                                   MAPI_UNICODE | OPEN_IF_EXISTS, (IMAPIFolder *)&arrived_child));
    assert_int_equal(get_long((IMAPIProp *)arrived_child, PR_CONTENT_COUNT), 1);
    IMAPIFolder_Release(arrived_child);
    /* Moving: the original goes */
    assert_hr_equal(S_OK, IMAPIFolder_CopyFolder(subtree, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, arrived,
                                                 (LPSTR)L"Moved", 0, NULL, FOLDER_MOVE | MAPI_UNICODE));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMsgStore_OpenEntry(ts.store, src_eid.cb, (ENTRYID *)src_eid.lpb, NULL, 0,
                                                          &type, (IUnknown **)&table));
    assert_hr_equal(S_OK, IMAPIFolder_GetHierarchyTable(arrived, CONVENIENT_DEPTH, &table));
    assert_int_equal(table_row_count(table), 3); /* its child, Moved, Moved's child */
    IMAPITable_Release(table);

    IMAPIFolder_Release(arrived);
    IMAPIFolder_Release(other_subtree);
    test_store_logoff(&other);
    MAPIFreeBuffer(src_eid.lpb);
    IMAPIFolder_Release(child);
    IMAPIFolder_Release(src);
    IMAPIFolder_Release(subtree);
}

/* IMAPIProp::CopyTo of a folder copies its values, contents and subfolders unless they are excluded. */
static void test_folder_copy_to(void **state)
{
    SizedSPropTagArray(1, no_hierarchy) = { 1, { PR_CONTAINER_HIERARCHY } };
    IMAPIFolder *subtree = open_subtree(), *src = create_folder(subtree, L"Copied whole");
    IMAPIFolder *child = create_folder(src, L"Sub"), *elsewhere = create_folder(subtree, L"Elsewhere");
    IMAPIFolder *dest = create_folder(elsewhere, L"Copy target");
    SBinary msg = create_message(src, L"content", 0);

    set_string((IMAPIProp *)src, PR_CONTAINER_CLASS_W, L"IPF.Note");
    assert_hr_equal(S_OK, IMAPIFolder_CopyTo(src, 0, NULL, (SPropTagArray *)&no_hierarchy, 0, NULL, &IID_IMAPIFolder,
                                             dest, 0, NULL));
    assert_int_equal(get_long((IMAPIProp *)dest, PR_CONTENT_COUNT), 1);
    assert_false(get_bool((IMAPIProp *)dest, PR_SUBFOLDERS));
    assert_string_prop((IMAPIProp *)dest, PR_CONTAINER_CLASS_W, L"IPF.Note");
    assert_string_prop((IMAPIProp *)dest, PR_DISPLAY_NAME_W, L"Copied whole");
    IMAPIFolder_Release(dest);
    dest = create_folder(elsewhere, L"Copy target 2");
    /* A sibling of the same name: the values are refused, as SetProps would. */
    assert_hr_equal(MAPI_E_COLLISION, IMAPIFolder_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIFolder, dest, 0, NULL));
    IMAPIFolder_Release(dest);
    {
        IMAPIFolder *third = create_folder(subtree, L"Third");

        dest = create_folder(third, L"Copy target 3");
        assert_hr_equal(S_OK, IMAPIFolder_CopyTo(src, 0, NULL, NULL, 0, NULL, &IID_IMAPIFolder, dest, 0, NULL));
        assert_true(get_bool((IMAPIProp *)dest, PR_SUBFOLDERS));
        assert_int_equal(get_long((IMAPIProp *)dest, PR_CONTENT_COUNT), 1);
        IMAPIFolder_Release(third);
    }
    MAPIFreeBuffer(msg.lpb);
    IMAPIFolder_Release(dest);
    IMAPIFolder_Release(elsewhere);
    IMAPIFolder_Release(child);
    IMAPIFolder_Release(src);
    IMAPIFolder_Release(subtree);
}

static void test_delete_and_empty_folder(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *doomed = create_folder(subtree, L"Doomed");
    IMAPIFolder *child = create_folder(doomed, L"Sub"), *inbox = open_inbox(ts.store);
    SBinary doomed_eid, inbox_eid, msg = create_message(doomed, L"gone", 0);
    IMessage *message = NULL;
    ULONG type;

    get_eid((IMAPIProp *)doomed, &doomed_eid);
    get_eid((IMAPIProp *)inbox, &inbox_eid);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_DeleteFolder(subtree, doomed_eid.cb,
                                                                   (ENTRYID *)doomed_eid.lpb, 0, NULL, 0x1000));
    assert_hr_equal(MAPI_E_HAS_FOLDERS, IMAPIFolder_DeleteFolder(subtree, doomed_eid.cb, (ENTRYID *)doomed_eid.lpb,
                                                                 0, NULL, DEL_MESSAGES));
    assert_hr_equal(MAPI_E_HAS_MESSAGES, IMAPIFolder_DeleteFolder(subtree, doomed_eid.cb,
                                                                  (ENTRYID *)doomed_eid.lpb, 0, NULL, DEL_FOLDERS));
    assert_hr_equal(MAPI_E_NO_ACCESS, IMAPIFolder_DeleteFolder(subtree, inbox_eid.cb, (ENTRYID *)inbox_eid.lpb, 0,
                                                               NULL, DEL_FOLDERS | DEL_MESSAGES));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPIFolder_DeleteFolder(inbox, doomed_eid.cb, (ENTRYID *)doomed_eid.lpb, 0,
                                                               NULL, DEL_FOLDERS | DEL_MESSAGES));
    assert_hr_equal(S_OK, IMAPIFolder_DeleteFolder(subtree, doomed_eid.cb, (ENTRYID *)doomed_eid.lpb, 0, NULL,
                                                   DEL_FOLDERS | DEL_MESSAGES));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMsgStore_OpenEntry(ts.store, msg.cb, (ENTRYID *)msg.lpb, NULL, 0, &type,
                                                          (IUnknown **)&message));
    /* An object a program still holds is gone. */
    assert_hr_equal(MAPI_E_OBJECT_DELETED, HrGetOneProp((IMAPIProp *)child, PR_DISPLAY_NAME_W, &(SPropValue *){ 0 }));
    IMAPIFolder_Release(child);
    IMAPIFolder_Release(doomed);
    MAPIFreeBuffer(msg.lpb);

    doomed = create_folder(subtree, L"To empty");
    child = create_folder(doomed, L"Sub");
    msg = create_message(doomed, L"normal", 0);
    MAPIFreeBuffer(msg.lpb);
    msg = create_message(doomed, L"associated", MAPI_ASSOCIATED);
    MAPIFreeBuffer(msg.lpb);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_EmptyFolder(doomed, 0, NULL, 0x1000));
    assert_hr_equal(S_OK, IMAPIFolder_EmptyFolder(doomed, 0, NULL, 0));
    assert_int_equal(get_long((IMAPIProp *)doomed, PR_CONTENT_COUNT), 0);
    assert_int_equal(get_long((IMAPIProp *)doomed, PR_ASSOC_CONTENT_COUNT), 1);
    assert_false(get_bool((IMAPIProp *)doomed, PR_SUBFOLDERS));
    assert_hr_equal(S_OK, IMAPIFolder_EmptyFolder(doomed, 0, NULL, DEL_ASSOCIATED));
    assert_int_equal(get_long((IMAPIProp *)doomed, PR_ASSOC_CONTENT_COUNT), 0);
    IMAPIFolder_Release(child);
    IMAPIFolder_Release(doomed);

    MAPIFreeBuffer(doomed_eid.lpb);
    MAPIFreeBuffer(inbox_eid.lpb);
    IMAPIFolder_Release(inbox);
    IMAPIFolder_Release(subtree);
}

static void test_read_flags_and_status(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *folder = create_folder(subtree, L"Flags");
    SBinary eids[2];
    ENTRYLIST list = { 2, eids };
    ULONG status = 0, old = 0;
    IMessage *msg;
    ULONG type;

    eids[0] = create_message(folder, L"a", 0);
    eids[1] = create_message(folder, L"b", 0);
    assert_hr_equal(S_OK, IMAPIFolder_SetReadFlags(folder, &list, 0, NULL, CLEAR_READ_FLAG));
    assert_int_equal(get_long((IMAPIProp *)folder, PR_CONTENT_UNREAD), 2);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_SetReadFlags(folder, &list, 0, NULL, 0x1000));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_SetReadFlags(folder, &list, 0, NULL,
                                                                       GENERATE_RECEIPT_ONLY | CLEAR_READ_FLAG));
    /* NULL: every message of the folder */
    assert_hr_equal(S_OK, IMAPIFolder_SetReadFlags(folder, NULL, 0, NULL, 0));
    assert_int_equal(get_long((IMAPIProp *)folder, PR_CONTENT_UNREAD), 0);

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPIFolder_GetMessageStatus(folder, 0, NULL, 0, &status));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPIFolder_GetMessageStatus(folder, eids[0].cb, (ENTRYID *)eids[0].lpb,
                                                                       1, &status));
    assert_hr_equal(S_OK, IMAPIFolder_GetMessageStatus(folder, eids[0].cb, (ENTRYID *)eids[0].lpb, 0, &status));
    assert_int_equal(status, 0);
    assert_hr_equal(S_OK, IMAPIFolder_SetMessageStatus(folder, eids[0].cb, (ENTRYID *)eids[0].lpb,
                                                       MSGSTATUS_TAGGED | MSGSTATUS_HIDDEN, MSGSTATUS_TAGGED, &old));
    assert_int_equal(old, 0);
    assert_hr_equal(S_OK, IMAPIFolder_GetMessageStatus(folder, eids[0].cb, (ENTRYID *)eids[0].lpb, 0, &status));
    assert_int_equal(status, MSGSTATUS_TAGGED);
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, eids[0].cb, (ENTRYID *)eids[0].lpb, NULL, 0, &type,
                                              (IUnknown **)&msg));
    assert_int_equal(get_long((IMAPIProp *)msg, PR_MSG_STATUS), MSGSTATUS_TAGGED);
    IMessage_Release(msg);
    /* Status of a message of another folder */
    {
        IMAPIFolder *inbox = open_inbox(ts.store);
        assert_hr_equal(MAPI_E_NOT_FOUND, IMAPIFolder_GetMessageStatus(inbox, eids[0].cb, (ENTRYID *)eids[0].lpb, 0,
                                                                       &status));
        IMAPIFolder_Release(inbox);
    }
    MAPIFreeBuffer(eids[0].lpb);
    MAPIFreeBuffer(eids[1].lpb);
    IMAPIFolder_Release(folder);
    IMAPIFolder_Release(subtree);
}

/* Object notifications and table notifications of contents and hierarchy tables */
static void test_notifications(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *folder = create_folder(subtree, L"Watched"), *sub;
    struct fake_sink *store_sink = fake_sink_create(), *folder_sink = fake_sink_create();
    struct fake_sink *contents_sink = fake_sink_create(), *hierarchy_sink = fake_sink_create();
    IMAPITable *contents = NULL, *hierarchy = NULL;
    ULONG_PTR store_conn = 0, folder_conn = 0, contents_conn = 0, hierarchy_conn = 0;
    SBinary folder_eid, msg_eid;
    ENTRYLIST list = { 1, &msg_eid };
    IMessage *msg;
    ULONG type;

    get_eid((IMAPIProp *)folder, &folder_eid);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_Advise(ts.store, 0, NULL, fnevObjectCreated, NULL,
                                                               (ULONG *)&store_conn));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_Advise(ts.store, 0, NULL, 0,
                                                               &store_sink->IMAPIAdviseSink_iface,
                                                               (ULONG *)&store_conn));
    assert_hr_equal(S_OK, IMsgStore_Advise(ts.store, 0, NULL, fnevObjectCreated | fnevObjectDeleted |
                                           fnevObjectModified | fnevObjectMoved | fnevObjectCopied,
                                           &store_sink->IMAPIAdviseSink_iface, (ULONG *)&store_conn));
    assert_hr_equal(S_OK, IMsgStore_Advise(ts.store, folder_eid.cb, (ENTRYID *)folder_eid.lpb, fnevObjectCreated,
                                           &folder_sink->IMAPIAdviseSink_iface, (ULONG *)&folder_conn));
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(folder, 0, &contents));
    assert_hr_equal(S_OK, IMAPITable_Advise(contents, fnevTableModified, &contents_sink->IMAPIAdviseSink_iface,
                                            &contents_conn));
    assert_hr_equal(S_OK, IMAPIFolder_GetHierarchyTable(subtree, 0, &hierarchy));
    assert_hr_equal(S_OK, IMAPITable_Advise(hierarchy, fnevTableModified, &hierarchy_sink->IMAPIAdviseSink_iface,
                                            &hierarchy_conn));

    /* A new message: created (store and folder), the folder's counts modified, a row added. */
    msg_eid = create_message(folder, L"news", 0);
    assert_int_equal(fake_sink_count(folder_sink, fnevObjectCreated), 1);
    assert_true(fake_sink_count(store_sink, fnevObjectCreated) >= 1);
    assert_true(fake_sink_count(store_sink, fnevObjectModified) >= 1);
    assert_int_equal(fake_sink_count_table(contents_sink, TABLE_ROW_ADDED), 1);
    assert_true(fake_sink_count_table(hierarchy_sink, TABLE_ROW_MODIFIED) >= 1);
    assert_int_equal(table_row_count(contents), 1);

    /* Modified */
    fake_sink_reset(store_sink);
    fake_sink_reset(contents_sink);
    assert_hr_equal(S_OK, IMsgStore_OpenEntry(ts.store, msg_eid.cb, (ENTRYID *)msg_eid.lpb, NULL, MAPI_MODIFY,
                                              &type, (IUnknown **)&msg));
    set_string((IMAPIProp *)msg, PR_SUBJECT_W, L"old news");
    assert_hr_equal(S_OK, IMessage_SaveChanges(msg, 0));
    IMessage_Release(msg);
    assert_true(fake_sink_count(store_sink, fnevObjectModified) >= 1);
    assert_int_equal(fake_sink_count_table(contents_sink, TABLE_ROW_MODIFIED), 1);

    /* A new folder: a row of the parent's hierarchy table */
    fake_sink_reset(hierarchy_sink);
    sub = create_folder(subtree, L"Watched too");
    assert_int_equal(fake_sink_count_table(hierarchy_sink, TABLE_ROW_ADDED), 1);
    IMAPIFolder_Release(sub);

    /* Deleted */
    fake_sink_reset(store_sink);
    fake_sink_reset(contents_sink);
    assert_hr_equal(S_OK, IMAPIFolder_DeleteMessages(folder, &list, 0, NULL, 0));
    assert_int_equal(fake_sink_count(store_sink, fnevObjectDeleted), 1);
    assert_int_equal(fake_sink_count_table(contents_sink, TABLE_ROW_DELETED), 1);
    assert_int_equal(table_row_count(contents), 0);

    /* After Unadvise, nothing */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMsgStore_Unadvise(ts.store, 0));
    assert_hr_equal(S_OK, IMsgStore_Unadvise(ts.store, store_conn));
    fake_sink_reset(store_sink);
    MAPIFreeBuffer(msg_eid.lpb);
    msg_eid = create_message(folder, L"unheard", 0);
    assert_int_equal(store_sink->count, 0);
    assert_int_equal(fake_sink_count(folder_sink, fnevObjectCreated), 2);

    IMsgStore_Unadvise(ts.store, folder_conn);
    IMAPITable_Unadvise(contents, contents_conn);
    IMAPITable_Unadvise(hierarchy, hierarchy_conn);
    IMAPITable_Release(contents);
    IMAPITable_Release(hierarchy);
    IMAPIAdviseSink_Release(&store_sink->IMAPIAdviseSink_iface);
    IMAPIAdviseSink_Release(&folder_sink->IMAPIAdviseSink_iface);
    IMAPIAdviseSink_Release(&contents_sink->IMAPIAdviseSink_iface);
    IMAPIAdviseSink_Release(&hierarchy_sink->IMAPIAdviseSink_iface);
    MAPIFreeBuffer(msg_eid.lpb);
    MAPIFreeBuffer(folder_eid.lpb);
    IMAPIFolder_Release(folder);
    IMAPIFolder_Release(subtree);
}


/* Moves and copies are told as such, to the logon's sinks as to the store's. */
static void test_move_copy_notifications(void **state)
{
    IMAPIFolder *subtree = open_subtree(), *from = create_folder(subtree, L"Moved from");
    IMAPIFolder *to = create_folder(subtree, L"Moved to");
    struct fake_sink *sink = fake_sink_create();
    ULONG_PTR conn = 0;
    SBinary eid = create_message(from, L"travels", 0);
    ENTRYLIST list = { 1, &eid };

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMSLogon_Advise(ts.logon, 0, NULL, 0, &sink->IMAPIAdviseSink_iface,
                                                              &conn));
    assert_hr_equal(S_OK, IMSLogon_Advise(ts.logon, 0, NULL, fnevObjectMoved | fnevObjectCopied,
                                          &sink->IMAPIAdviseSink_iface, &conn));
    assert_hr_equal(S_OK, IMAPIFolder_CopyMessages(from, &list, NULL, to, 0, NULL, 0));
    assert_int_equal(fake_sink_count(sink, fnevObjectCopied), 1);
    assert_hr_equal(S_OK, IMAPIFolder_CopyMessages(from, &list, NULL, to, 0, NULL, MESSAGE_MOVE));
    assert_int_equal(fake_sink_count(sink, fnevObjectMoved), 1);
    /* Moved: same entry ID, new parent */
    assert_int_equal(sink->eid_sizes[1], eid.cb);
    assert_memory_equal(sink->eids[1], eid.lpb, eid.cb);
    assert_hr_equal(S_OK, IMSLogon_Unadvise(ts.logon, conn));
    assert_hr_equal(MAPI_E_NOT_FOUND, IMSLogon_Unadvise(ts.logon, conn));
    IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    MAPIFreeBuffer(eid.lpb);
    IMAPIFolder_Release(to);
    IMAPIFolder_Release(from);
    IMAPIFolder_Release(subtree);
}

/* Another logon on the same file (another session) sees the changes, notifications and all. */
static void test_notifications_from_other_logon(void **state)
{
    struct test_store other;
    struct fake_sink *sink = fake_sink_create(), *table_sink = fake_sink_create();
    IMAPIFolder *inbox = open_inbox(ts.store), *other_inbox;
    IMAPITable *table = NULL;
    ULONG_PTR conn = 0, table_conn = 0;
    SBinary eid;
    LONG count;

    test_store_logon(&other, L"folder.sqlms");
    other_inbox = open_inbox(other.store);
    assert_hr_equal(S_OK, IMsgStore_Advise(ts.store, 0, NULL, fnevObjectCreated, &sink->IMAPIAdviseSink_iface,
                                           (ULONG *)&conn));
    assert_hr_equal(S_OK, IMAPIFolder_GetContentsTable(inbox, 0, &table));
    count = table_row_count(table);
    assert_hr_equal(S_OK, IMAPITable_Advise(table, fnevTableModified, &table_sink->IMAPIAdviseSink_iface,
                                            &table_conn));

    eid = create_message(other_inbox, L"from the other logon", 0);
    assert_true(fake_sink_wait_event(sink, fnevObjectCreated, 1, 5000));
    assert_true(fake_sink_wait_table(table_sink, TABLE_ROW_ADDED, 1, 5000));
    assert_int_equal(fake_sink_count_table(table_sink, TABLE_ROW_ADDED), 1);
    assert_int_equal(table_row_count(table), count + 1);
    assert_int_equal(sink->eid_sizes[0], eid.cb);
    assert_memory_equal(sink->eids[0], eid.lpb, eid.cb);
    /* Once: the other logon is in this process, and MAPI's engine told every sink of it; this logon,
     * replaying the change for its tables, does not tell them again. */
    Sleep(300);
    assert_int_equal(fake_sink_count(sink, fnevObjectCreated), 1);

    IMAPITable_Unadvise(table, table_conn);
    IMAPITable_Release(table);
    IMsgStore_Unadvise(ts.store, conn);
    IMAPIAdviseSink_Release(&sink->IMAPIAdviseSink_iface);
    IMAPIAdviseSink_Release(&table_sink->IMAPIAdviseSink_iface);
    MAPIFreeBuffer(eid.lpb);
    IMAPIFolder_Release(other_inbox);
    test_store_logoff(&other);
    IMAPIFolder_Release(inbox);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_default_folders),
        cmocka_unit_test(test_create_folder),
        cmocka_unit_test(test_contents_table),
        cmocka_unit_test(test_copy_and_delete_messages),
        cmocka_unit_test(test_copy_to_other_store),
        cmocka_unit_test(test_copy_folder),
        cmocka_unit_test(test_copy_folder_to_other_store),
        cmocka_unit_test(test_folder_copy_to),
        cmocka_unit_test(test_delete_and_empty_folder),
        cmocka_unit_test(test_read_flags_and_status),
        cmocka_unit_test(test_notifications),
        cmocka_unit_test(test_move_copy_notifications),
        cmocka_unit_test(test_notifications_from_other_logon),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
