/*
 * foreignab (tests/foreign_ab): an address book provider of a third party,
 * built with mingw-w64's SDK alone, with one container of the entries of a
 * text file, driven through a real profile: the container and its entries
 * through IAddrBook and IMAPISession, names resolved by the container and by
 * the session's address book, whose root and search path have the directory.
 */

#include "foreign_test.h"

#define PR_FAB_FILE PROP_TAG(PT_STRING8, 0x6600)

/* The provider's entry IDs, as it documents them */
struct fab_entryid
{
    BYTE flags[4];
    MAPIUID uid;
    ULONG type;
    ULONG index;
};

static const MAPIUID fab_uid = {{ 'F','O','R','E','I','G','N',' ','A','B',' ','U','I','D','!','!' }};
static const char * const foreign_ab[] = { "FOREIGNAB", NULL };
static char dir[MAX_PATH], file[MAX_PATH];

static void make_entryid(ULONG type, ULONG index, struct fab_entryid *id)
{
    memset(id, 0, sizeof(*id));
    id->uid = fab_uid;
    id->type = type;
    id->index = index;
}

static int setup(void **state)
{
    static const char entries[] =
        "# the test's directory\n"
        "Alice Example;SMTP;alice@example.com\n"
        "not an entry\n"
        "Peer Bob;FXP;bob\n"
        "Peer Carol;FXP;carol\n";
    SPropValue prop;
    HANDLE handle;
    DWORD written;

    assert_hr_equal(S_OK, MAPIInitialize(NULL));
    make_test_dir(dir, "fab");
    snprintf(file, sizeof(file), "%s\\entries.txt", dir);
    handle = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    assert_true(handle != INVALID_HANDLE_VALUE);
    WriteFile(handle, entries, sizeof(entries) - 1, &written, NULL);
    CloseHandle(handle);
    make_profile("tf ab", foreign_ab, FALSE);
    prop.ulPropTag = PR_FAB_FILE;
    prop.Value.lpszA = file;
    assert_hr_equal(S_OK, configure_service("tf ab", "FOREIGNAB", 0, 1, &prop));
    return 0;
}

static int teardown(void **state)
{
    delete_profile("tf ab");
    remove_test_dir(dir);
    MAPIUninitialize();
    return 0;
}

static IUnknown *open_entry(IAddrBook *book, ULONG type, ULONG index, ULONG expected_type)
{
    struct fab_entryid id;
    IUnknown *object = NULL;
    ULONG got;

    make_entryid(type, index, &id);
    assert_hr_equal(S_OK, book->lpVtbl->OpenEntry(book, sizeof(id), (ENTRYID *)&id, NULL, 0, &got, &object));
    assert_int_equal(got, expected_type);
    return object;
}

static const char *string_at(const SPropValue *structure, ULONG offset)
{
    ULONG position;

    memcpy(&position, structure->Value.bin.lpb + offset, sizeof(position));
    assert_true(position < structure->Value.bin.cb);
    return (const char *)structure->Value.bin.lpb + position;
}

/* The provider logs on with the session; its container is reachable by its entry ID. */
static void test_container(void **state)
{
    static const SizedSPropTagArray(4, columns) =
        { 4, { PR_DISPLAY_NAME_A, PR_ADDRTYPE_A, PR_EMAIL_ADDRESS_A, PR_ENTRYID } };
    static const SizedSSortOrderSet(1, by_name) = { 1, 0, 0, { { PR_DISPLAY_NAME_A, TABLE_SORT_ASCEND } } };
    IMAPISession *session;
    IAddrBook *book;
    IABContainer *top, *directory;
    IMAPITable *table;
    SPropValue *value;
    SRowSet *rows;
    struct fab_entryid directory_id;
    IUnknown *object;
    ULONG type;

    log_reset();
    session = logon("tf ab", MAPI_NO_MAIL);
    assert_int_not_equal(log_find("ab:Logon profile=tf ab flags=0x1 entries=3"), -1);
    assert_non_null(GetModuleHandleA("foreignab32.dll"));
    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book));

    /* The provider's top container lists the directory. */
    top = (IABContainer *)open_entry(book, MAPI_ABCONT, 0, MAPI_ABCONT);
    assert_hr_equal(S_OK, top->lpVtbl->GetHierarchyTable(top, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 1);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, "Foreign Directory");
    make_entryid(MAPI_ABCONT, 1, &directory_id);
    assert_int_equal(rows->aRow[0].lpProps[3].Value.bin.cb, sizeof(directory_id));
    assert_memory_equal(rows->aRow[0].lpProps[3].Value.bin.lpb, &directory_id, sizeof(directory_id));
    FreeProws(rows);
    table->lpVtbl->Release(table);
    top->lpVtbl->Release(top);

    directory = (IABContainer *)open_entry(book, MAPI_ABCONT, 1, MAPI_ABCONT);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)directory, PR_CONTAINER_FLAGS, &value));
    assert_int_equal(value->Value.l, AB_RECIPIENTS | AB_UNMODIFIABLE);
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, directory->lpVtbl->GetContentsTable(directory, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, (SSortOrderSet *)&by_name, 0,
                                         &rows));
    assert_int_equal(rows->cRows, 3);
    assert_string_equal(rows->aRow[0].lpProps[0].Value.lpszA, "Alice Example");
    assert_string_equal(rows->aRow[0].lpProps[1].Value.lpszA, "SMTP");
    assert_string_equal(rows->aRow[0].lpProps[2].Value.lpszA, "alice@example.com");
    assert_string_equal(rows->aRow[2].lpProps[0].Value.lpszA, "Peer Carol");
    assert_string_equal(rows->aRow[2].lpProps[1].Value.lpszA, "FXP");
    FreeProws(rows);
    table->lpVtbl->Release(table);
    /* Read only, as its flags say. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, directory->lpVtbl->CreateEntry(directory, 0, NULL, 0,
                                                                             (IMAPIProp **)&object));
    assert_hr_equal(MAPI_E_NO_SUPPORT, directory->lpVtbl->CreateEntry(directory, sizeof(directory_id),
                                                                      (ENTRYID *)&directory_id, 0,
                                                                      (IMAPIProp **)&object));
    assert_hr_equal(MAPI_E_NO_ACCESS, book->lpVtbl->OpenEntry(book, sizeof(directory_id), (ENTRYID *)&directory_id,
                                                              NULL, MAPI_MODIFY, &type, &object));
    directory->lpVtbl->Release(directory);

    /* The session routes the entry ID the same way. */
    assert_hr_equal(S_OK, IMAPISession_OpenEntry(session, sizeof(directory_id), (ENTRYID *)&directory_id, NULL, 0,
                                                 &type, &object));
    assert_int_equal(type, MAPI_ABCONT);
    object->lpVtbl->Release(object);

    book->lpVtbl->Release(book);
    log_reset();
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    assert_true(log_find("ab:Logoff") < log_find("ab:IABLogon::Release"));
    assert_true(log_find("ab:IABLogon::Release") < log_find("ab:Shutdown"));
    assert_null(GetModuleHandleA("foreignab32.dll"));
}

/* An entry: its properties, its details page, comparisons and PrepareRecips. */
static void test_mail_user(void **state)
{
    static const SizedSPropTagArray(3, columns) = { 3, { PR_CONTROL_TYPE, PR_CONTROL_STRUCTURE, PR_CONTROL_ID } };
    static const SizedSPropTagArray(2, wanted) = { 2, { PR_EMAIL_ADDRESS_A, PR_ADDRTYPE_A } };
    /* A column asked for in ANSI stays so. */
    static const SizedSPropTagArray(3, wanted_w) = { 3, { PR_EMAIL_ADDRESS_W, PR_ADDRTYPE_A, PR_DISPLAY_NAME_W } };
    IMAPISession *session = logon("tf ab", MAPI_NO_MAIL);
    struct fab_entryid alice, bob;
    IMailUser *user;
    IMAPITable *table;
    IAddrBook *book;
    SPropValue *value, prop;
    ADRLIST *list;
    SRowSet *rows;
    ULONG result, i, labels = 0;

    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book));
    user = (IMailUser *)open_entry(book, MAPI_MAILUSER, 1, MAPI_MAILUSER);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)user, PR_EMAIL_ADDRESS_A, &value));
    assert_string_equal(value->Value.lpszA, "alice@example.com");
    MAPIFreeBuffer(value);
    assert_hr_equal(S_OK, HrGetOneProp((IMAPIProp *)user, PR_SEARCH_KEY, &value));
    assert_string_equal((char *)value->Value.bin.lpb, "SMTP:ALICE@EXAMPLE.COM");
    MAPIFreeBuffer(value);
    /* Its properties are a read-only IPropData's. */
    prop.ulPropTag = PR_DISPLAY_NAME_A;
    prop.Value.lpszA = (char *)"Mallory";
    assert_hr_equal(MAPI_E_NO_ACCESS, user->lpVtbl->SetProps(user, 1, &prop, NULL));

    /* The details page, from the provider's dialog resource. */
    log_reset();
    assert_hr_equal(S_OK, user->lpVtbl->OpenProperty(user, PR_DETAILS_TABLE, &IID_IMAPITable, 0, 0,
                                                     (IUnknown **)&table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 5);
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *row = rows->aRow[i].lpProps;

        if (row[0].Value.l == DTCT_LABEL)
        {
            const char *label = string_at(&row[1], offsetof(DTBLLABEL, ulbLpszLabelName));

            assert_true(!strcmp(label, "Name:") || !strcmp(label, "Address:"));
            labels++;
        }
        if (row[0].Value.l == DTCT_EDIT && row[2].Value.l == 204)
            assert_int_equal(((DTBLEDIT *)row[1].Value.bin.lpb)->ulPropTag, PR_EMAIL_ADDRESS_A);
    }
    assert_int_equal(labels, 2);
    FreeProws(rows);
    table->lpVtbl->Release(table);
    user->lpVtbl->Release(user);

    /* Two of its entry IDs: the provider compares them. */
    make_entryid(MAPI_MAILUSER, 1, &alice);
    make_entryid(MAPI_MAILUSER, 2, &bob);
    log_reset();
    assert_hr_equal(S_OK, book->lpVtbl->CompareEntryIDs(book, sizeof(alice), (ENTRYID *)&alice, sizeof(bob),
                                                        (ENTRYID *)&bob, 0, &result));
    assert_false(result);
    assert_int_not_equal(log_find("ab:CompareEntryIDs"), -1);
    bob.flags[0] = 0;
    assert_hr_equal(S_OK, book->lpVtbl->CompareEntryIDs(book, sizeof(alice), (ENTRYID *)&alice, sizeof(alice),
                                                        (ENTRYID *)&alice, 0, &result));
    assert_true(result);

    /* Advise on an entry reaches the provider, which subscribes with MAPI. */
    {
        ULONG_PTR connection = 0;
        struct recorder on_entry;

        recorder_init(&on_entry);
        assert_hr_equal(S_OK, book->lpVtbl->Advise(book, sizeof(alice), (ENTRYID *)&alice, fnevObjectModified,
                                                   on_entry.sink, &connection));
        assert_true(connection != 0);
        assert_hr_equal(S_OK, book->lpVtbl->Unadvise(book, connection));
        recorder_free(&on_entry);
    }

    /* PrepareRecips goes to the provider for its own entries. */
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list));
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(SPropValue) + sizeof(bob), (void **)&list->aEntries[0].rgPropVals));
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_ENTRYID;
    list->aEntries[0].rgPropVals[0].Value.bin.cb = sizeof(bob);
    list->aEntries[0].rgPropVals[0].Value.bin.lpb = (BYTE *)(list->aEntries[0].rgPropVals + 1);
    memcpy(list->aEntries[0].rgPropVals + 1, &bob, sizeof(bob));
    assert_hr_equal(S_OK, book->lpVtbl->PrepareRecips(book, 0, (SPropTagArray *)&wanted, list));
    assert_int_not_equal(log_find("ab:PrepareRecips entries=1"), -1);
    assert_int_equal(list->aEntries[0].rgPropVals[0].ulPropTag, PR_EMAIL_ADDRESS_A);
    assert_string_equal(list->aEntries[0].rgPropVals[0].Value.lpszA, "bob");
    assert_string_equal(list->aEntries[0].rgPropVals[1].Value.lpszA, "FXP");
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    FreePadrlist(list);

    /* In Unicode: the directory answers those columns with PT_ERROR; MAPI asks it for their ANSI twins. */
    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(1), (void **)&list));
    list->cEntries = 1;
    list->aEntries[0].ulReserved1 = 0;
    list->aEntries[0].cValues = 1;
    assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(SPropValue) + sizeof(bob),
                                             (void **)&list->aEntries[0].rgPropVals));
    list->aEntries[0].rgPropVals[0].ulPropTag = PR_ENTRYID;
    list->aEntries[0].rgPropVals[0].Value.bin.cb = sizeof(bob);
    list->aEntries[0].rgPropVals[0].Value.bin.lpb = (BYTE *)(list->aEntries[0].rgPropVals + 1);
    memcpy(list->aEntries[0].rgPropVals + 1, &bob, sizeof(bob));
    log_reset();
    assert_hr_equal(S_OK, book->lpVtbl->PrepareRecips(book, 0, (SPropTagArray *)&wanted_w, list));
    assert_int_equal(log_count("ab:PrepareRecips entries=1"), 2);
    assert_true(list->aEntries[0].cValues >= 3);
    assert_int_equal(list->aEntries[0].rgPropVals[0].ulPropTag, PR_EMAIL_ADDRESS_W);
    assert_true(!wcscmp(list->aEntries[0].rgPropVals[0].Value.lpszW, L"bob"));
    assert_int_equal(list->aEntries[0].rgPropVals[1].ulPropTag, PR_ADDRTYPE_A);
    assert_string_equal(list->aEntries[0].rgPropVals[1].Value.lpszA, "FXP");
    assert_int_equal(list->aEntries[0].rgPropVals[2].ulPropTag, PR_DISPLAY_NAME_W);
    assert_true(!wcscmp(list->aEntries[0].rgPropVals[2].Value.lpszW, L"Peer Bob"));
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    FreePadrlist(list);

    book->lpVtbl->Release(book);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

static ADRLIST *names_list(const char * const *names, ULONG count)
{
    ADRLIST *list;
    ULONG i;

    assert_hr_equal(S_OK, MAPIAllocateBuffer(CbNewADRLIST(count), (void **)&list));
    list->cEntries = count;
    for (i = 0; i < count; i++)
    {
        list->aEntries[i].ulReserved1 = 0;
        list->aEntries[i].cValues = 1;
        assert_hr_equal(S_OK, MAPIAllocateBuffer(sizeof(SPropValue), (void **)&list->aEntries[i].rgPropVals));
        list->aEntries[i].rgPropVals[0].ulPropTag = PR_DISPLAY_NAME_A;
        list->aEntries[i].rgPropVals[0].Value.lpszA = (char *)names[i];
    }
    return list;
}

/* The container resolves names among its entries; so does MAPI's ResolveName,
 * through the session's address book, whose root and search path have the
 * provider's directory. */
static void test_resolve_names(void **state)
{
    static const char * const names[] = { "Alice", "Peer", "Nobody", "peer carol" };
    IMAPISession *session = logon("tf ab", MAPI_NO_MAIL);
    struct { ULONG cFlags; ULONG ulFlag[4]; } flags =
        { 4, { MAPI_UNRESOLVED, MAPI_UNRESOLVED, MAPI_UNRESOLVED, MAPI_UNRESOLVED } };
    static const SizedSPropTagArray(2, hierarchy_columns) = { 2, { PR_DISPLAY_NAME_A, PR_ENTRYID } };
    struct fab_entryid directory_id;
    IABContainer *directory, *root;
    IMAPITable *table;
    IAddrBook *book;
    SPropValue *found;
    ADRLIST *list;
    SRowSet *path;
    ENTRYID *entryid;
    ULONG size, type;

    assert_hr_equal(S_OK, IMAPISession_OpenAddressBook(session, 0, NULL, AB_NO_DIALOG, &book));
    directory = (IABContainer *)open_entry(book, MAPI_ABCONT, 1, MAPI_ABCONT);
    list = names_list(names, 4);
    assert_hr_equal(S_OK, directory->lpVtbl->ResolveNames(directory, NULL, 0, list, (FlagList *)&flags));
    assert_int_equal(flags.ulFlag[0], MAPI_RESOLVED);
    found = PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_EMAIL_ADDRESS_A);
    assert_non_null(found);
    assert_string_equal(found->Value.lpszA, "alice@example.com");
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    assert_int_equal(flags.ulFlag[1], MAPI_AMBIGUOUS);
    assert_int_equal(flags.ulFlag[2], MAPI_UNRESOLVED);
    assert_int_equal(flags.ulFlag[3], MAPI_RESOLVED);
    found = PpropFindProp(list->aEntries[3].rgPropVals, list->aEntries[3].cValues, PR_ADDRTYPE_A);
    assert_string_equal(found->Value.lpszA, "FXP");
    FreePadrlist(list);
    /* Bad input: mapival.h's check, then the provider's own. */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, directory->lpVtbl->ResolveNames(directory, NULL, 0, NULL,
                                                                              (FlagList *)&flags));
    list = names_list(names, 1);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, directory->lpVtbl->ResolveNames(directory, NULL, 0, list,
                                                                              (FlagList *)&flags));
    assert_hr_equal(MAPI_E_BAD_CHARWIDTH, directory->lpVtbl->ResolveNames(directory, NULL, MAPI_UNICODE, list,
                                                                          (FlagList *)&flags));
    FreePadrlist(list);
    directory->lpVtbl->Release(directory);

    /* The session's address book: its root lists the directory, which is the search path, the
     * default directory (it is read only: no PAB), and where ResolveName finds names. */
    assert_hr_equal(S_OK, book->lpVtbl->OpenEntry(book, 0, NULL, NULL, 0, &type, (IUnknown **)&root));
    assert_int_equal(type, MAPI_ABCONT);
    assert_hr_equal(S_OK, root->lpVtbl->GetHierarchyTable(root, 0, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&hierarchy_columns, NULL, NULL, 0, &path));
    assert_int_equal(path->cRows, 1);
    assert_string_equal(path->aRow[0].lpProps[0].Value.lpszA, "Foreign Directory");
    make_entryid(MAPI_ABCONT, 1, &directory_id);
    assert_int_equal(path->aRow[0].lpProps[1].Value.bin.cb, sizeof(directory_id));
    assert_memory_equal(path->aRow[0].lpProps[1].Value.bin.lpb, &directory_id, sizeof(directory_id));
    FreeProws(path);
    table->lpVtbl->Release(table);
    root->lpVtbl->Release(root);
    assert_hr_equal(S_OK, book->lpVtbl->GetSearchPath(book, 0, &path));
    assert_int_equal(path->cRows, 1);
    assert_memory_equal(path->aRow[0].lpProps[0].Value.bin.lpb, &directory_id, sizeof(directory_id));
    assert_string_equal(path->aRow[0].lpProps[1].Value.lpszA, "Foreign Directory");
    FreeProws(path);
    assert_hr_equal(S_OK, book->lpVtbl->GetDefaultDir(book, &size, &entryid));
    assert_int_equal(size, sizeof(directory_id));
    assert_memory_equal(entryid, &directory_id, sizeof(directory_id));
    MAPIFreeBuffer(entryid);
    assert_hr_equal(S_OK, book->lpVtbl->GetPAB(book, &size, &entryid));
    assert_int_equal(size, 0);
    assert_null(entryid);

    list = names_list(names, 1);
    assert_hr_equal(S_OK, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    assert_non_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    found = PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_EMAIL_ADDRESS_A);
    assert_string_equal(found->Value.lpszA, "alice@example.com");
    FreePadrlist(list);
    list = names_list(&names[1], 2);
    assert_hr_equal(MAPI_E_AMBIGUOUS_RECIP, book->lpVtbl->ResolveName(book, 0, MAPI_UNICODE, NULL, list));
    assert_null(PpropFindProp(list->aEntries[0].rgPropVals, list->aEntries[0].cValues, PR_ENTRYID));
    assert_null(PpropFindProp(list->aEntries[1].rgPropVals, list->aEntries[1].cValues, PR_ENTRYID));
    FreePadrlist(list);
    list = names_list(&names[2], 1);
    assert_hr_equal(MAPI_E_NOT_FOUND, book->lpVtbl->ResolveName(book, 0, 0, NULL, list));
    FreePadrlist(list);

    book->lpVtbl->Release(book);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
}

/* IMAPISupport::GetOneOffTable merges every address book's one-off templates: the directory's, which
 * it gives in ANSI only, with the test address book's. */
static void test_one_off_table(void **state)
{
    static const char * const services[] = { "TestAB", "FOREIGNAB", NULL };
    static const SizedSPropTagArray(2, columns) = { 2, { PR_DISPLAY_NAME_W, PR_ADDRTYPE_W } };
    IMAPISupport *(WINAPI *get_support)(void);
    IMAPISession *session;
    IMAPITable *table;
    SRowSet *rows;
    SPropValue prop;
    ULONG i, found = 0;

    make_profile("tf ab oneoff", services, FALSE);
    prop.ulPropTag = PR_FAB_FILE;
    prop.Value.lpszA = file;
    assert_hr_equal(S_OK, configure_service("tf ab oneoff", "FOREIGNAB", 0, 1, &prop));
    session = logon("tf ab oneoff", MAPI_NO_MAIL);
    get_support = (void *)GetProcAddress(GetModuleHandleA("testab.dll"), "testab_support");
    assert_non_null(get_support);
    assert_hr_equal(S_OK, IMAPISupport_GetOneOffTable(get_support(), MAPI_UNICODE, &table));
    assert_hr_equal(S_OK, HrQueryAllRows(table, (SPropTagArray *)&columns, NULL, NULL, 0, &rows));
    assert_int_equal(rows->cRows, 2);
    for (i = 0; i < rows->cRows; i++)
    {
        SPropValue *row = rows->aRow[i].lpProps;

        if (row[1].ulPropTag != PR_ADDRTYPE_W || wcscmp(row[1].Value.lpszW, L"FXP")) continue;
        assert_int_equal(row[0].ulPropTag, PR_DISPLAY_NAME_W);
        assert_true(!wcscmp(row[0].Value.lpszW, L"Foreign peer address"));
        found++;
    }
    assert_int_equal(found, 1);
    FreeProws(rows);
    table->lpVtbl->Release(table);
    IMAPISession_Logoff(session, 0, 0, 0);
    IMAPISession_Release(session);
    delete_profile("tf ab oneoff");
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_container),
        cmocka_unit_test(test_mail_user),
        cmocka_unit_test(test_resolve_names),
        cmocka_unit_test(test_one_off_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
