/*
 * The integrated address book over two address book providers of one
 * profile: testab (tests/testab.c: "Test Personal", modifiable, with
 * ResolveNames; "Test Directory", DT_GLOBAL, resolved through PR_ANR) and
 * foreignab (tests/foreign_ab, built with mingw-w64's SDK alone: "Foreign
 * Directory", DT_GLOBAL, ANSI only). The root container and its merged
 * hierarchy, the search path, default directory and PAB kept in the profile,
 * and IAddrBook::ResolveName through the containers.
 */

#include "foreign_test.h"
#include "mapi.h"

#define PR_FAB_FILE PROP_TAG(PT_STRING8, 0x6600)

#ifndef DT_MODIFIABLE
#define DT_MODIFIABLE   ((ULONG)0x00010000)
#define DT_GLOBAL       ((ULONG)0x00020000)
#endif

struct testab_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG object;
};

struct fab_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG type;
    ULONG index;
};

static const MAPIUID testab_uid = {{ 'T','e','s','t','A','d','d','r','e','s','s','B','o','o','k','!' }};
static const MAPIUID fab_uid = {{ 'F','O','R','E','I','G','N',' ','A','B',' ','U','I','D','!','!' }};
static char dir[MAX_PATH], file[MAX_PATH];

#define PROFILE "ab two"
#define PROFILE_NONE "ab none"

static void make_testab_id(ULONG object, struct testab_entryid *id)
{
    memset(id, 0, sizeof(*id));
    id->uid = testab_uid;
    id->object = object;
}

static void make_fab_id(ULONG type, ULONG index, struct fab_entryid *id)
{
    memset(id, 0, sizeof(*id));
    id->uid = fab_uid;
    id->type = type;
    id->index = index;
}

static int group_setup(void **state)
{
    static const char entries[] =
        "Alice Example;SMTP;alice@example.com\n"
        "Peer Bob;FXP;bob\n"
        "Peer Carol;FXP;carol\n";
    HANDLE handle;
    DWORD written;

    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_test_dir(dir, "abook");
    snprintf(file, sizeof(file), "%s\\entries.txt", dir);
    handle = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    assert_true(handle != INVALID_HANDLE_VALUE);
    WriteFile(handle, entries, sizeof(entries) - 1, &written, NULL);
    CloseHandle(handle);
    return 0;
}

static int group_teardown(void **state)
{
    delete_profile(PROFILE);
    delete_profile(PROFILE_NONE);
    remove_test_dir(dir);
    MAPIUninitialize();
    return 0;
}

/* Each test has a fresh profile: nothing of the previous one's search path is left. */
static int setup(void **state)
{
    static const char * const services[] = { "TestAB", "FOREIGNAB", NULL };
    static const char * const none[] = { NULL };
    SPropValue prop;

    make_profile(PROFILE, services, FALSE);
    prop.ulPropTag = PR_FAB_FILE;
    prop.Value.lpszA = file;
    assert_hr_equal(S_OK, configure_service(PROFILE, "FOREIGNAB", 0, 1, &prop));
    make_profile(PROFILE_NONE, none, FALSE);
    return 0;
}

static IAddrBook *open_book(IMAPISession *session)
{
    IAddrBook *book;

    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book));
    return book;
}

static void end_session(IMAPISession *session, IAddrBook *book)
{
    if (book) book->lpVtbl->Release(book);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

static IABContainer *open_root(IAddrBook *book, ULONG size, ENTRYID *entryid)
{
    IABContainer *root = NULL;
    ULONG type = 0;

    assert_hr_equal(S_OK, book->lpVtbl->OpenEntry(book, size, entryid, NULL, 0, &type, (IUnknown **)&root));
    assert_int_equal(type, MAPI_ABCONT);
    return root;
}

static BOOL is_testab_object(const SBinary *bin, ULONG object)
{
    struct testab_entryid id;

    make_testab_id(object, &id);
    return bin->cb == sizeof(id) && !memcmp(bin->lpb, &id, sizeof(id));
}

static BOOL is_fab_directory(const SBinary *bin)
{
    struct fab_entryid id;

    make_fab_id(MAPI_ABCONT, 1, &id);
    return bin->cb == sizeof(id) && !memcmp(bin->lpb, &id, sizeof(id));
}

/* The root merges each provider's containers, in the profile's order. */
static void test_root_hierarchy(void **state)
{
    static const SizedSPropTagArray(6, columns) =
        { 6, { PR_DISPLAY_NAME_A, PR_ENTRYID, PR_DEPTH, PR_CONTAINER_FLAGS, PR_DISPLAY_TYPE, PR_INSTANCE_KEY } };
    static const SizedSPropTagArray(3, root_tags) = { 3, { PR_OBJECT_TYPE, PR_CONTAINER_FLAGS, PR_ENTRYID } };
    static const SizedSPropTagArray(2, wide) = { 2, { PR_DISPLAY_NAME_W, PR_AB_PROVIDER_ID } };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IAddrBook *book = open_book(session);
    IABContainer *root, *again, *child;
    IMAPITable *table;
    SPropValue *props, *name;
    SRowSet *rows;
    IUnknown *object;
    ULONG count, type, i;

    root = open_root(book, 0, NULL);
    assert_hr_equal(S_OK, root->lpVtbl->GetProps(root, (SPropTagArray *)&root_tags, 0, &count, &props));
    assert_int_equal(props[0].Value.l, MAPI_ABCONT);
    assert_true(props[1].Value.l & AB_SUBCONTAINERS);
    assert_false(props[1].Value.l & AB_MODIFIABLE);
    /* Its own entry ID opens it again. */
    again = open_root(book, props[2].Value.bin.cb, (ENTRYID *)props[2].Value.bin.lpb);
    again->lpVtbl->Release(again);
    /* The session opens it too, as any entry ID of the address book. */
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, props[2].Value.bin.cb, (ENTRYID *)props[2].Value.bin.lpb,
                                                 NULL, 0, &type, &object));
    assert_int_equal(type, MAPI_ABCONT);
    object->lpVtbl->Release(object);
    MAPIFreeBuffer(props);

    assert_hr_equal(S_OK, root->lpVtbl->GetHierarchyTable(root, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 3);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, "Test Personal");
    assert_true(is_testab_object(&rows->aRow[0].lpProps[1].Value.bin, 10));
    assert_int_equal(rows->aRow[0].lpProps[3].Value.l, AB_RECIPIENTS | AB_MODIFIABLE);
    assert_int_equal(rows->aRow[0].lpProps[4].Value.l, DT_MODIFIABLE);
    assert_string_equal(rows->aRow[1].lpProps[0].Value.lpszA, "Test Directory");
    assert_int_equal(rows->aRow[1].lpProps[4].Value.l, DT_GLOBAL);
    assert_string_equal(rows->aRow[2].lpProps[0].Value.lpszA, "Foreign Directory");
    assert_true(is_fab_directory(&rows->aRow[2].lpProps[1].Value.bin));
    for (i = 0; i < 3; i++)
    {
        assert_int_equal(rows->aRow[i].lpProps[2].ulPropTag, PR_DEPTH);
        assert_int_equal(rows->aRow[i].lpProps[2].Value.l, 0);
        assert_int_equal(rows->aRow[i].lpProps[5].ulPropTag, PR_INSTANCE_KEY);
        /* Each row opens its container, from the root as from the address book. */
        assert_hr_equal(S_OK, root->lpVtbl->OpenEntry(root, rows->aRow[i].lpProps[1].Value.bin.cb,
                                                      (ENTRYID *)rows->aRow[i].lpProps[1].Value.bin.lpb, NULL, 0,
                                                      &type, (IUnknown **)&child));
        assert_int_equal(type, MAPI_ABCONT);
        assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)child, PR_DISPLAY_NAME_A, &name));
        assert_string_equal(name->Value.lpszA, rows->aRow[i].lpProps[0].Value.lpszA);
        MAPIFreeBuffer(name);
        child->lpVtbl->Release(child);
    }
    /* The instance keys are the merged table's own: no two alike. */
    assert_false(rows->aRow[0].lpProps[5].Value.bin.cb == rows->aRow[1].lpProps[5].Value.bin.cb &&
                 !memcmp(rows->aRow[0].lpProps[5].Value.bin.lpb, rows->aRow[1].lpProps[5].Value.bin.lpb,
                         rows->aRow[0].lpProps[5].Value.bin.cb));
    FreeProws(rows);
    table->lpVtbl->Release(table);

    /* In Unicode, the ANSI provider's names too; every level (the providers have one) the same rows. */
    assert_hr_equal(S_OK, root->lpVtbl->GetHierarchyTable(root, MAPI_UNICODE | CONVENIENT_DEPTH, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&wide, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 3);
    assert_int_equal(rows->aRow[2].lpProps[0].ulPropTag, PR_DISPLAY_NAME_W);
    assert_true(!wcscmp(rows->aRow[2].lpProps[0].Value.lpszW, L"Foreign Directory"));
    assert_int_equal(rows->aRow[2].lpProps[1].Value.bin.cb, sizeof(MAPIUID));
    assert_memory_equal(rows->aRow[2].lpProps[1].Value.bin.lpb, &fab_uid, sizeof(MAPIUID));
    assert_memory_equal(rows->aRow[0].lpProps[1].Value.bin.lpb, &testab_uid, sizeof(MAPIUID));
    FreeProws(rows);
    table->lpVtbl->Release(table);

    /* No recipients of its own; read only; PR_CONTAINER_HIERARCHY is the same table. */
    assert_hr_equal(S_OK, root->lpVtbl->GetContentsTable(root, 0, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, 0);
    table->lpVtbl->Release(table);
    assert_hr_equal(S_OK, root->lpVtbl->OpenProperty(root, PR_CONTAINER_HIERARCHY, &IID_IMAPITable, 0, 0,
                                                     (IUnknown **)&table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, 3);
    table->lpVtbl->Release(table);
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, root->lpVtbl->GetHierarchyTable(root, 0x1000, &table));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, root->lpVtbl->GetHierarchyTable(root, 0, NULL));
    assert_hr_equal(MAPI_E_NO_ACCESS, book->lpVtbl->OpenEntry(book, 0, NULL, NULL, MAPI_MODIFY, &type, &object));
    assert_hr_equal(MAPI_E_INTERFACE_NOT_SUPPORTED, book->lpVtbl->OpenEntry(book, 0, NULL, &IID_IMailUser, 0,
                                                                            &type, &object));

    /* After logoff the root answers nothing. */
    end_session(session, book);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, root->lpVtbl->GetHierarchyTable(root, 0, &table));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, HrGetOneProp((IMAPIProp *)root, PR_OBJECT_TYPE, &props));
    root->lpVtbl->Release(root);
}

static SRowSet *get_path(IAddrBook *book, ULONG flags)
{
    SRowSet *path = NULL;

    assert_hr_equal(S_OK, book->lpVtbl->GetSearchPath(book, flags, &path));
    assert_non_null(path);
    return path;
}

/* The default path, one set, kept in the profile for the next session. */
static void test_search_path(void **state)
{
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IAddrBook *book = open_book(session);
    struct testab_entryid personal;
    struct fab_entryid directory;
    SPropValue props[3];
    SRowSet *path, *set;

    /* Never set: the modifiable container first, then the DT_GLOBAL ones. */
    path = get_path(book, 0);
    assert_int_equal(path->cRows, 3);
    assert_int_equal(path->aRow[0].lpProps[0].ulPropTag, PR_ENTRYID);
    assert_true(is_testab_object(&path->aRow[0].lpProps[0].Value.bin, 10));
    assert_int_equal(path->aRow[0].lpProps[1].ulPropTag, PR_DISPLAY_NAME_A);
    assert_string_equal(path->aRow[0].lpProps[1].Value.lpszA, "Test Personal");
    assert_true(is_testab_object(&path->aRow[1].lpProps[0].Value.bin, 11));
    assert_true(is_fab_directory(&path->aRow[2].lpProps[0].Value.bin));
    FreeProws(path);
    path = get_path(book, MAPI_UNICODE);
    assert_int_equal(path->cRows, 3);
    assert_int_equal(path->aRow[2].lpProps[1].ulPropTag, PR_DISPLAY_NAME_W);
    assert_true(!wcscmp(path->aRow[2].lpProps[1].Value.lpszW, L"Foreign Directory"));
    FreeProws(path);

    /* Set: the foreign directory first, then the personal container. */
    make_fab_id(MAPI_ABCONT, 1, &directory);
    make_testab_id(10, &personal);
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewSRowSet(2), (void **)&set));
    set->cRows = 2;
    props[0].ulPropTag = PR_ENTRYID;
    props[0].Value.bin.cb = sizeof(directory);
    props[0].Value.bin.lpb = (BYTE *)&directory;
    props[1].ulPropTag = PR_ENTRYID;
    props[1].Value.bin.cb = sizeof(personal);
    props[1].Value.bin.lpb = (BYTE *)&personal;
    set->aRow[0].cValues = 1;
    set->aRow[0].lpProps = &props[0];
    set->aRow[1].cValues = 1;
    set->aRow[1].lpProps = &props[1];
    assert_hr_equal(S_OK, book->lpVtbl->SetSearchPath(book, 0, set));
    path = get_path(book, 0);
    assert_int_equal(path->cRows, 2);
    assert_true(is_fab_directory(&path->aRow[0].lpProps[0].Value.bin));
    assert_string_equal(path->aRow[0].lpProps[1].Value.lpszA, "Foreign Directory");
    assert_true(is_testab_object(&path->aRow[1].lpProps[0].Value.bin, 10));
    FreeProws(path);

    /* Bad input changes nothing. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->SetSearchPath(book, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, book->lpVtbl->SetSearchPath(book, MAPI_UNICODE, set));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->GetSearchPath(book, 0, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, book->lpVtbl->GetSearchPath(book, 0x2, &path));
    props[2].ulPropTag = PR_DISPLAY_NAME_A;
    props[2].Value.lpszA = (char *)"No entry ID";
    set->aRow[1].lpProps = &props[2];
    assert_hr_equal(MAPI_E_MISSING_REQUIRED_COLUMN, book->lpVtbl->SetSearchPath(book, 0, set));
    /* The root is no container of names. */
    props[2].ulPropTag = PR_ENTRYID;
    props[2].Value.bin.cb = 0;
    props[2].Value.bin.lpb = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->SetSearchPath(book, 0, set));
    end_session(session, book);

    /* Another session of the profile finds the path in the profile. */
    session = logon(PROFILE, MAPI_NO_MAIL);
    book = open_book(session);
    path = get_path(book, 0);
    assert_int_equal(path->cRows, 2);
    assert_true(is_fab_directory(&path->aRow[0].lpProps[0].Value.bin));
    FreeProws(path);

    /* A container that is no longer there is left out; an empty path stays empty. */
    set->cRows = 0;
    assert_hr_equal(S_OK, book->lpVtbl->SetSearchPath(book, 0, set));
    path = get_path(book, 0);
    assert_int_equal(path->cRows, 0);
    FreeProws(path);
    MAPIFreeBuffer(set);

    book->lpVtbl->AddRef(book);
    end_session(session, book);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, book->lpVtbl->GetSearchPath(book, 0, &path));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, book->lpVtbl->SetSearchPath(book, 0, set));
    book->lpVtbl->Release(book);
    MAPIFreeBuffer(set);
}

static void check_entryid(ULONG size, ENTRYID *entryid, BOOL (*check)(const SBinary *, ULONG), ULONG object)
{
    SBinary bin = { size, (BYTE *)entryid };

    assert_true(check(&bin, object));
}

static BOOL fab_directory_check(const SBinary *bin, ULONG unused)
{
    return is_fab_directory(bin);
}

/* The PAB and the default directory: defaults, set ones, kept in the profile. */
static void test_default_dir_and_pab(void **state)
{
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IAddrBook *book = open_book(session);
    struct testab_entryid directory, user, unknown;
    struct fab_entryid foreign;
    IABContainer *root;
    ENTRYID *entryid;
    ULONG size;

    /* The PAB: the first container that allows changes. */
    assert_hr_equal(S_OK, book->lpVtbl->GetPAB(book, &size, &entryid));
    check_entryid(size, entryid, is_testab_object, 10);
    MAPIFreeBuffer(entryid);
    /* The default directory: the first container of names that is not the PAB. */
    assert_hr_equal(S_OK, book->lpVtbl->GetDefaultDir(book, &size, &entryid));
    check_entryid(size, entryid, is_testab_object, 11);
    MAPIFreeBuffer(entryid);

    make_fab_id(MAPI_ABCONT, 1, &foreign);
    assert_hr_equal(S_OK, book->lpVtbl->SetDefaultDir(book, sizeof(foreign), (ENTRYID *)&foreign));
    make_testab_id(11, &directory);
    assert_hr_equal(S_OK, book->lpVtbl->SetPAB(book, sizeof(directory), (ENTRYID *)&directory));

    /* Bad input: none, a recipient, an entry ID nobody knows. */
    make_testab_id(20, &user);
    make_testab_id(99, &unknown);
    memset(&unknown.uid, 7, sizeof(unknown.uid));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->SetPAB(book, 0, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->SetDefaultDir(book, sizeof(user), NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->GetPAB(book, NULL, &entryid));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->GetDefaultDir(book, &size, NULL));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, book->lpVtbl->SetDefaultDir(book, sizeof(user), (ENTRYID *)&user));
    assert_hr_equal(MAPI_E_INVALID_ENTRYID, book->lpVtbl->SetPAB(book, sizeof(user), (ENTRYID *)&user));
    assert_hr_equal(MAPI_E_UNKNOWN_ENTRYID, book->lpVtbl->SetPAB(book, sizeof(unknown), (ENTRYID *)&unknown));
    end_session(session, book);

    /* The next session has them from the profile. */
    session = logon(PROFILE, MAPI_NO_MAIL);
    book = open_book(session);
    assert_hr_equal(S_OK, book->lpVtbl->GetDefaultDir(book, &size, &entryid));
    check_entryid(size, entryid, fab_directory_check, 0);
    MAPIFreeBuffer(entryid);
    assert_hr_equal(S_OK, book->lpVtbl->GetPAB(book, &size, &entryid));
    check_entryid(size, entryid, is_testab_object, 11);
    MAPIFreeBuffer(entryid);

    /* The root may be the default directory, as the first thing a user sees. */
    root = open_root(book, 0, NULL);
    {
        SPropValue *id;

        assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)root, PR_ENTRYID, &id));
        /* ...but no PAB: it holds no entries. */
        assert_hr_equal(MAPI_E_INVALID_ENTRYID, book->lpVtbl->SetPAB(book, id->Value.bin.cb,
                                                                     (ENTRYID *)id->Value.bin.lpb));
        assert_hr_equal(S_OK, book->lpVtbl->SetDefaultDir(book, id->Value.bin.cb, (ENTRYID *)id->Value.bin.lpb));
        assert_hr_equal(S_OK, book->lpVtbl->GetDefaultDir(book, &size, &entryid));
        assert_int_equal(size, id->Value.bin.cb);
        assert_memory_equal(entryid, id->Value.bin.lpb, size);
        MAPIFreeBuffer(id);
    }
    root->lpVtbl->Release(root);
    root = open_root(book, size, entryid);
    root->lpVtbl->Release(root);
    MAPIFreeBuffer(entryid);
    book->lpVtbl->AddRef(book);
    end_session(session, book);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, book->lpVtbl->GetPAB(book, &size, &entryid));
    assert_hr_equal(MAPI_E_INVALID_OBJECT, book->lpVtbl->SetDefaultDir(book, sizeof(foreign), (ENTRYID *)&foreign));
    book->lpVtbl->Release(book);
}

/* Without address book providers: no containers, no PAB, the root as default directory. */
static void test_no_providers(void **state)
{
    static const SizedSPropTagArray(1, tags) = { 1, { PR_ENTRYID } };
    IMAPISession *session = logon(PROFILE_NONE, MAPI_NO_MAIL);
    IAddrBook *book = open_book(session);
    const char *names[] = { "Joe <joe@example.com>", "Nobody" };
    IABContainer *root;
    IMAPITable *table;
    SPropValue *root_id;
    ENTRYID *entryid;
    SRowSet *path;
    ADRLIST *list;
    ULONG size, count, i;

    path = get_path(book, 0);
    assert_int_equal(path->cRows, 0);
    FreeProws(path);
    assert_hr_equal(S_OK, book->lpVtbl->GetPAB(book, &size, &entryid));
    assert_int_equal(size, 0);
    assert_null(entryid);
    root = open_root(book, 0, NULL);
    assert_hr_equal(S_OK, root->lpVtbl->GetHierarchyTable(root, CONVENIENT_DEPTH, &table));
    assert_hr_equal(S_OK, table->lpVtbl->GetRowCount(table, 0, &count));
    assert_int_equal(count, 0);
    table->lpVtbl->Release(table);
    assert_hr_equal(S_OK, root->lpVtbl->GetProps(root, (SPropTagArray *)&tags, 0, &count, &root_id));
    assert_hr_equal(S_OK, book->lpVtbl->GetDefaultDir(book, &size, &entryid));
    assert_int_equal(size, root_id->Value.bin.cb);
    assert_memory_equal(entryid, root_id->Value.bin.lpb, size);
    MAPIFreeBuffer(entryid);
    MAPIFreeBuffer(root_id);
    root->lpVtbl->Release(root);

    /* An SMTP address still resolves; a name does not. */
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(2), (void **)&list));
    list->cEntries = 2;
    for (i = 0; i < 2; i++)
    {
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 1;
        assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[i].rgPropVals));
        list->aEntries[i].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
        list->aEntries[i].rgPropVals[0].Value.lpszA = (char *)names[i];
    }
    assert_hr_equal(MAPI_E_NOT_FOUND, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    assert_null(PpropFindProp(list->aEntries[1].rgPropVals, list->aEntries[1].cValues, PR_ENTRYID));
    FreePadrlist(list);
    end_session(session, book);
}

/* An ADRLIST of names, each with a recipient type that resolution is to keep. */
static ADRLIST *names_list(const void * const *names, ULONG count, BOOL unicode)
{
    ADRLIST *list;
    ULONG i;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list));
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 2;
        assert_hr_equal(S_OK, MAPIAllocateBuffer(2 * sizeof(SPropValue), (void **)&list->aEntries[i].rgPropVals));
        list->aEntries[i].rgPropVals[0].ulPropTag = unicode ? PR_DISPLAY_NAME_W : PR_DISPLAY_NAME_A;
        list->aEntries[i].rgPropVals[0].Value.lpszA = (char *)names[i];
        list->aEntries[i].rgPropVals[1].ulPropTag = PR_RECIPIENT_TYPE;
        list->aEntries[i].rgPropVals[1].Value.l = MAPI_CC;
    }
    return list;
}

static const SPropValue *entry_prop(const ADRLIST *list, ULONG i, ULONG tag)
{
    return PpropFindProp(list->aEntries[i].rgPropVals, list->aEntries[i].cValues, tag);
}

static const char *string_a(const ADRLIST *list, ULONG i, ULONG tag)
{
    const SPropValue *prop = entry_prop(list, i, tag);

    assert_non_null(prop);
    return prop->Value.lpszA;
}

static const WCHAR *string_w(const ADRLIST *list, ULONG i, ULONG tag)
{
    const SPropValue *prop = entry_prop(list, i, tag);

    assert_non_null(prop);
    return prop->Value.lpszW;
}

static LONG long_of(const ADRLIST *list, ULONG i, ULONG tag)
{
    const SPropValue *prop = entry_prop(list, i, tag);

    assert_non_null(prop);
    return prop->Value.l;
}

static void check_resolved_a(const ADRLIST *list, ULONG i, const char *name, const char *type,
                             const char *address)
{
    assert_non_null(entry_prop(list, i, PR_ENTRYID));
    assert_string_equal(string_a(list, i, PR_DISPLAY_NAME_A), name);
    assert_string_equal(string_a(list, i, PR_ADDRTYPE_A), type);
    assert_string_equal(string_a(list, i, PR_EMAIL_ADDRESS_A), address);
    assert_int_equal(long_of(list, i, PR_OBJECT_TYPE), MAPI_MAILUSER);
    assert_int_equal(long_of(list, i, PR_DISPLAY_TYPE), DT_MAILUSER);
    assert_non_null(entry_prop(list, i, PR_SEARCH_KEY));
    assert_int_equal(long_of(list, i, PR_RECIPIENT_TYPE), MAPI_CC);
    assert_null(entry_prop(list, i, PR_DISPLAY_NAME_W));
}

/* ResolveName: SMTP addresses, then each container of the search path in turn. */
static void test_resolve_name(void **state)
{
    static const char * const names[] =
        { "Carol Personal", "dave directory", "Alice Example", "erin@example.com", "peer carol" };
    static const char * const hard[] = { "Dave Directory", "Sam Same", "Nobody", "Peer" };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IAddrBook *book = open_book(session);
    struct fab_entryid foreign;
    struct testab_entryid dave;
    SPropValue prop;
    ADRLIST *list;
    SRowSet *set;

    /* Each found where it is: testab's ResolveNames, its directory's PR_ANR restriction (a
     * case-sensitive one: "dave directory" is no match there), the foreign directory. */
    list = names_list((const void * const *)names, 5, FALSE);
    log_reset();
    assert_hr_equal(MAPI_E_NOT_FOUND, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    check_resolved_a(list, 0, "Carol Personal", "SMTP", "carol@personal.test");
    assert_null(entry_prop(list, 1, PR_ENTRYID));
    check_resolved_a(list, 2, "Alice Example", "SMTP", "alice@example.com");
    check_resolved_a(list, 3, "erin@example.com", "SMTP", "erin@example.com");
    check_resolved_a(list, 4, "Peer Carol", "FXP", "carol");
    assert_true(log_find("ab:ResolveNames container=10") < log_find("ab:ResolveNames container=11"));
    assert_true(log_find("ab:ResolveNames container=11") < log_find("ab:GetContentsTable container=11"));
    assert_true(log_find("ab:GetContentsTable container=11") < log_find("ab:ResolveNames entries=5"));
    FreePadrlist(list);

    /* The directory by PR_ANR; two entries of one name are ambiguous, and so is a prefix the foreign
     * directory finds twice. */
    list = names_list((const void * const *)hard, 4, FALSE);
    assert_hr_equal(MAPI_E_AMBIGUOUS_RECIP, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    check_resolved_a(list, 0, "Dave Directory", "TEST", "dave");
    make_testab_id(30, &dave);
    assert_int_equal(entry_prop(list, 0, PR_ENTRYID)->Value.bin.cb, sizeof(dave));
    assert_memory_equal(entry_prop(list, 0, PR_ENTRYID)->Value.bin.lpb, &dave, sizeof(dave));
    assert_null(entry_prop(list, 1, PR_ENTRYID));
    assert_string_equal(string_a(list, 1, PR_DISPLAY_NAME_A), "Sam Same");
    assert_null(entry_prop(list, 2, PR_ENTRYID));
    assert_null(entry_prop(list, 3, PR_ENTRYID));
    FreePadrlist(list);
    list = names_list((const void * const *)&hard[2], 1, FALSE);
    assert_hr_equal(MAPI_E_NOT_FOUND, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    FreePadrlist(list);

    /* The search path decides: without the personal container, Carol is nobody. */
    make_fab_id(MAPI_ABCONT, 1, &foreign);
    prop.ulPropTag = PR_ENTRYID;
    prop.Value.bin.cb = sizeof(foreign);
    prop.Value.bin.lpb = (BYTE *)&foreign;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewSRowSet(1), (void **)&set));
    set->cRows = 1;
    set->aRow[0].cValues = 1;
    set->aRow[0].lpProps = &prop;
    assert_hr_equal(S_OK, book->lpVtbl->SetSearchPath(book, 0, set));
    MAPIFreeBuffer(set);
    list = names_list((const void * const *)names, 3, FALSE);
    log_reset();
    assert_hr_equal(MAPI_E_NOT_FOUND, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    assert_null(entry_prop(list, 0, PR_ENTRYID));
    check_resolved_a(list, 2, "Alice Example", "SMTP", "alice@example.com");
    assert_int_equal(log_find("ab:ResolveNames container="), -1);
    FreePadrlist(list);

    /* MAPI's custom recipients become one-offs without a container asked; a backslash quotes. A
     * missing part, or more after the ']', leaves the name to the containers. */
    {
        static const char * const custom[] =
            { "Fax Office [FAX:+1 555 0100]", "[X400:c=us;a=\\ ;p=x]", "Odd \\[Name\\][SMTP:odd@example.com]  ",
              "[:nothing]", "Nobody[FAX:]", "Tail[FAX:1] more" };

        list = names_list((const void * const *)custom, ARRAY_SIZE(custom), FALSE);
        assert_hr_equal(MAPI_E_NOT_FOUND, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
        check_resolved_a(list, 0, "Fax Office", "FAX", "+1 555 0100");
        check_resolved_a(list, 1, "c=us;a= ;p=x", "X400", "c=us;a= ;p=x");
        check_resolved_a(list, 2, "Odd [Name]", "SMTP", "odd@example.com");
        assert_null(entry_prop(list, 3, PR_ENTRYID));
        assert_null(entry_prop(list, 4, PR_ENTRYID));
        assert_null(entry_prop(list, 5, PR_ENTRYID));
        FreePadrlist(list);
    }

    /* Bad input */
    list = names_list((const void * const *)names, 1, FALSE);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, book->lpVtbl->ResolveName(book, 0, 0, NULL, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, book->lpVtbl->ResolveName(book, 0, 0x1000, NULL, list));
    book->lpVtbl->AddRef(book);
    end_session(session, book);
    assert_hr_equal(MAPI_E_INVALID_OBJECT, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    book->lpVtbl->Release(book);
    FreePadrlist(list);
}

/* MAPI_UNICODE: Unicode names in, Unicode properties out, whatever width the container knows. */
static void test_resolve_name_unicode(void **state)
{
    static const WCHAR * const names[] = { L"Zo\xeb Unicode", L"Peer Bob", L"Dave Directory" };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IAddrBook *book = open_book(session);
    ADRLIST *list;
    ULONG i;

    list = names_list((const void * const *)names, 3, TRUE);
    assert_hr_equal(S_OK, book->lpVtbl->ResolveName(book, 0, MAPI_UNICODE, NULL, list));
    assert_true(!wcscmp(string_w(list, 0, PR_DISPLAY_NAME_W), L"Zo\xeb Unicode"));
    assert_true(!wcscmp(string_w(list, 0, PR_EMAIL_ADDRESS_W), L"zoe@personal.test"));
    assert_true(!wcscmp(string_w(list, 1, PR_ADDRTYPE_W), L"FXP"));
    assert_true(!wcscmp(string_w(list, 1, PR_EMAIL_ADDRESS_W), L"bob"));
    assert_true(!wcscmp(string_w(list, 2, PR_EMAIL_ADDRESS_W), L"dave"));
    for (i = 0; i < 3; i++)
    {
        assert_non_null(entry_prop(list, i, PR_ENTRYID));
        assert_null(entry_prop(list, i, PR_EMAIL_ADDRESS_A));
        assert_int_equal(long_of(list, i, PR_RECIPIENT_TYPE), MAPI_CC);
    }
    FreePadrlist(list);

    /* ANSI names out of a Unicode-capable container stay ANSI. */
    {
        static const char * const ansi[] = { "Carol Personal" };

        list = names_list((const void * const *)ansi, 1, FALSE);
        assert_hr_equal(S_OK, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
        check_resolved_a(list, 0, "Carol Personal", "SMTP", "carol@personal.test");
        FreePadrlist(list);
    }
    end_session(session, book);
}

/* The root's ResolveNames: the search path's containers, with flags. */
static void test_root_resolve_names(void **state)
{
    static const char * const names[] = { "Alice Example", "Sam Same", "Nobody", "Carol Personal" };
    static const SizedSPropTagArray(2, tags) = { 2, { PR_EMAIL_ADDRESS_W, PR_ENTRYID } };
    IMAPISession *session = logon(PROFILE, MAPI_NO_MAIL);
    IAddrBook *book = open_book(session);
    struct { ULONG cFlags; ULONG ulFlag[4]; } flags =
        { 4, { MAPI_UNRESOLVED, MAPI_UNRESOLVED, MAPI_UNRESOLVED, MAPI_RESOLVED } };
    IABContainer *root = open_root(book, 0, NULL);
    ADRLIST *list;

    list = names_list((const void * const *)names, 4, FALSE);
    assert_hr_equal(S_OK, root->lpVtbl->ResolveNames(root, (SPropTagArray *)&tags, MAPI_UNICODE, list,
                                                     (FlagList *)&flags));
    assert_int_equal(flags.ulFlag[0], MAPI_RESOLVED);
    assert_true(!wcscmp(string_w(list, 0, PR_EMAIL_ADDRESS_W), L"alice@example.com"));
    assert_int_equal(flags.ulFlag[1], MAPI_AMBIGUOUS);
    assert_int_equal(flags.ulFlag[2], MAPI_UNRESOLVED);
    /* What was marked resolved is not looked at. */
    assert_int_equal(flags.ulFlag[3], MAPI_RESOLVED);
    assert_null(entry_prop(list, 3, PR_ENTRYID));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, root->lpVtbl->ResolveNames(root, NULL, 0, NULL, (FlagList *)&flags));
    flags.cFlags = 3;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, root->lpVtbl->ResolveNames(root, NULL, 0, list, (FlagList *)&flags));
    flags.cFlags = 4;
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, root->lpVtbl->ResolveNames(root, NULL, 0x1000, list,
                                                                     (FlagList *)&flags));
    FreePadrlist(list);
    root->lpVtbl->Release(root);
    end_session(session, book);
}

/* Simple MAPI's MAPIResolveName goes through IAddrBook::ResolveName: it finds names in the containers. */
static void test_simple_mapi_resolve_name(void **state)
{
    MapiRecipDesc *recip = NULL;
    LHANDLE session;

    assert_int_equal(MAPILogon(0, (LPSTR)PROFILE, NULL, MAPI_NEW_SESSION, 0, &session), SUCCESS_SUCCESS);
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"Dave Directory", 0, 0, &recip), SUCCESS_SUCCESS);
    assert_non_null(recip);
    assert_string_equal(recip->lpszName, "Dave Directory");
    assert_string_equal(recip->lpszAddress, "TEST:dave");
    assert_true(recip->ulEIDSize != 0);
    MAPIFreeBuffer(recip);
    recip = NULL;
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"Alice Example", 0, 0, &recip), SUCCESS_SUCCESS);
    assert_string_equal(recip->lpszAddress, "SMTP:alice@example.com");
    MAPIFreeBuffer(recip);
    recip = NULL;
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"Sam Same", 0, 0, &recip), MAPI_E_AMBIGUOUS_RECIPIENT);
    assert_null(recip);
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"Nobody", 0, 0, &recip), MAPI_E_UNKNOWN_RECIPIENT);
    assert_null(recip);
    assert_int_equal(MAPIResolveName(session, 0, (LPSTR)"frank@example.com", 0, 0, &recip), SUCCESS_SUCCESS);
    assert_string_equal(recip->lpszAddress, "SMTP:frank@example.com");
    MAPIFreeBuffer(recip);
    assert_int_equal(MAPILogoff(session, 0, 0, 0), SUCCESS_SUCCESS);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_root_hierarchy, setup),
        cmocka_unit_test_setup(test_search_path, setup),
        cmocka_unit_test_setup(test_default_dir_and_pab, setup),
        cmocka_unit_test_setup(test_no_providers, setup),
        cmocka_unit_test_setup(test_resolve_name, setup),
        cmocka_unit_test_setup(test_resolve_name_unicode, setup),
        cmocka_unit_test_setup(test_root_resolve_names, setup),
        cmocka_unit_test_setup(test_simple_mapi_resolve_name, setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
