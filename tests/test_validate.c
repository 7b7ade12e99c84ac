/*
 * Parameter validation (HrValidateParameters and friends) as service
 * providers call it at the top of their methods: every case goes through the
 * three forms the SDK's macros use, the __rgArgs array of stack slots the x86
 * ValidateParametersN macros build for HrValidateParameters, and the object
 * pointer followed by the arguments for HrValidateParametersV (the macros
 * elsewhere) and HrValidateParametersValist.
 */

#include "mapi32_test.h"
#include "mapispi.h"
#include "mapiutil_sdk.h"
#include "mapival_methods.h"

/* Until mapiab.h is part of our headers */
#ifndef CREATE_CHECK_DUP_STRICT
#define CREATE_CHECK_DUP_STRICT ((ULONG)0x00000001)
#endif
#ifndef AB_NO_DIALOG
#define AB_NO_DIALOG ((ULONG)0x00000001)
#endif

/* One sort key */
typedef struct { ULONG cSorts, cCategories, cExpanded; SSortOrder aSort[1]; } SORT1;

/* An object as providers pass it: only its pointer is handed over */
static void *dummy_vtbl[3];
static struct { void **lpVtbl; } object = { dummy_vtbl };
/* Another one, for arguments that are interface pointers */
static struct { void **lpVtbl; } other = { dummy_vtbl };

#define SLOT(x) ((ULONG_PTR)(x))
#define SLOTS_1(a) SLOT(a)
#define SLOTS_2(a, ...) SLOT(a), SLOTS_1(__VA_ARGS__)
#define SLOTS_3(a, ...) SLOT(a), SLOTS_2(__VA_ARGS__)
#define SLOTS_4(a, ...) SLOT(a), SLOTS_3(__VA_ARGS__)
#define SLOTS_5(a, ...) SLOT(a), SLOTS_4(__VA_ARGS__)
#define SLOTS_6(a, ...) SLOT(a), SLOTS_5(__VA_ARGS__)
#define SLOTS_7(a, ...) SLOT(a), SLOTS_6(__VA_ARGS__)
#define SLOTS_8(a, ...) SLOT(a), SLOTS_7(__VA_ARGS__)
#define SLOTS_9(a, ...) SLOT(a), SLOTS_8(__VA_ARGS__)
#define SLOTS_10(a, ...) SLOT(a), SLOTS_9(__VA_ARGS__)
#define SLOTS_11(a, ...) SLOT(a), SLOTS_10(__VA_ARGS__)
#define SLOTS_12(a, ...) SLOT(a), SLOTS_11(__VA_ARGS__)
#define COUNT_ARGS(...) COUNT_ARGS_(__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
#define COUNT_ARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, n, ...) n
#define SLOTS_N(n) SLOTS_##n
#define SLOTS_OF(n) SLOTS_N(n)
#define SLOTS(...) SLOTS_OF(COUNT_ARGS(__VA_ARGS__))(__VA_ARGS__)

static HRESULT WINAPIV call_valist(METHODS method, ...)
{
    va_list args;
    HRESULT hr;

    va_start(args, method);
    hr = HrValidateParametersValist(method, args);
    va_end(args);
    return hr;
}

static void check_forms(const char *file, int line, HRESULT expected,
                        HRESULT by_array, HRESULT by_varargs, HRESULT by_valist)
{
    if (by_array != expected || by_varargs != expected || by_valist != expected)
        print_error("array %#lx, V %#lx, Valist %#lx\n", by_array, by_varargs, by_valist);
    _assert_int_equal((ULONG)by_array, (ULONG)expected, file, line);
    _assert_int_equal((ULONG)by_varargs, (ULONG)expected, file, line);
    _assert_int_equal((ULONG)by_valist, (ULONG)expected, file, line);
}

/* The arguments after the object pointer, as the method received them */
#define check_call(expected, method, ...) \
    do { \
        ULONG_PTR __rgArgs[] = { SLOTS(__VA_ARGS__) }; \
        check_forms(__FILE__, __LINE__, expected, \
                    HrValidateParameters(method, (void **)__rgArgs), \
                    HrValidateParametersV(method, &object, __VA_ARGS__), \
                    call_valist(method, &object, __VA_ARGS__)); \
    } while (0)

#define good(method, ...)    check_call(S_OK, method, __VA_ARGS__)
#define bad(method, ...)     check_call(MAPI_E_INVALID_PARAMETER, method, __VA_ARGS__)
#define unknown(method, ...) check_call(MAPI_E_UNKNOWN_FLAGS, method, __VA_ARGS__)

/* Memory that cannot be read, and memory that can be read but not written */
static void *no_access, *read_only;

static int setup_memory(void **state)
{
    no_access = VirtualAlloc(NULL, 0x1000, MEM_RESERVE, PAGE_NOACCESS);
    read_only = VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READONLY);
    return !no_access || !read_only;
}

static int free_memory(void **state)
{
    VirtualFree(no_access, 0, MEM_RELEASE);
    VirtualFree(read_only, 0, MEM_RELEASE);
    return 0;
}

static void test_iunknown(void **state)
{
    void *out;

    good(IUnknown_QueryInterface, &IID_IUnknown, &out);
    bad(IUnknown_QueryInterface, NULL, &out);
    bad(IUnknown_QueryInterface, no_access, &out);
    bad(IUnknown_QueryInterface, &IID_IUnknown, NULL);
    bad(IUnknown_QueryInterface, &IID_IUnknown, read_only);

    /* nothing to check but the object */
    assert_hr_equal(S_OK, HrValidateParametersV(IUnknown_AddRef, &object));
    assert_hr_equal(S_OK, HrValidateParametersV(IUnknown_Release, &object));
    assert_hr_equal(S_OK, call_valist(IUnknown_Release, &object));
}

static void test_imapiprop(void **state)
{
    SizedSPropTagArray(2, tags) = { 2, { PR_SUBJECT_A, PR_BODY_W } };
    SizedSPropTagArray(1, error_tag) = { 1, { PROP_TAG(PT_ERROR, 0x3001) } };
    SizedSPropTagArray(1, odd_type) = { 1, { PROP_TAG(0x0099, 0x3001) } };
    SizedSPropTagArray(1, no_id) = { 1, { PROP_TAG(PT_LONG, 0) } };
    SizedSPropTagArray(1, null_tag) = { 1, { PR_NULL } };
    SPropTagArray empty = { 0, { 0 } };
    SPropValue props[2], object_prop, null_string;
    SPropProblemArray *problems;
    MAPINAMEID name = { (GUID *)&IID_IStorage, MNID_STRING }, bad_kind = name;
    MAPINAMEID *names[1] = { &name }, *bad_names[1] = { &bad_kind };
    SPropTagArray *tags_out, *named = (SPropTagArray *)&tags;
    MAPINAMEID **names_out;
    SPropValue *values;
    MAPIERROR *error;
    ULONG count;
    void *unk;

    name.Kind.lpwstrName = (WCHAR *)L"Keywords";
    bad_kind.ulKind = 7;
    props[0].ulPropTag = PR_SUBJECT_A;
    props[0].Value.lpszA = (char *)"subject";
    props[1].ulPropTag = PR_IMPORTANCE;
    props[1].Value.l = 1;
    object_prop.ulPropTag = PR_ATTACH_DATA_OBJ;
    object_prop.Value.x = 0;
    null_string.ulPropTag = PR_SUBJECT_A;
    null_string.Value.lpszA = NULL;

    good(IMAPIProp_GetLastError, MAPI_E_CALL_FAILED, 0, &error);
    good(IMAPIProp_GetLastError, MAPI_E_CALL_FAILED, MAPI_UNICODE, &error);
    bad(IMAPIProp_GetLastError, MAPI_E_CALL_FAILED, 0, NULL);
    unknown(IMAPIProp_GetLastError, MAPI_E_CALL_FAILED, 0x1, &error);

    good(IMAPIProp_SaveChanges, KEEP_OPEN_READWRITE);
    good(IMAPIProp_SaveChanges, FORCE_SAVE | MAPI_DEFERRED_ERRORS);
    bad(IMAPIProp_SaveChanges, KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE);
    unknown(IMAPIProp_SaveChanges, 0x100);

    good(IMAPIProp_GetProps, &tags, 0, &count, &values);
    good(IMAPIProp_GetProps, NULL, MAPI_UNICODE, &count, &values);
    good(IMAPIProp_GetProps, &null_tag, 0, &count, &values);
    bad(IMAPIProp_GetProps, &empty, 0, &count, &values);
    bad(IMAPIProp_GetProps, &error_tag, 0, &count, &values);
    bad(IMAPIProp_GetProps, &odd_type, 0, &count, &values);
    bad(IMAPIProp_GetProps, &no_id, 0, &count, &values);
    bad(IMAPIProp_GetProps, no_access, 0, &count, &values);
    bad(IMAPIProp_GetProps, &tags, 0, NULL, &values);
    bad(IMAPIProp_GetProps, &tags, 0, &count, read_only);
    unknown(IMAPIProp_GetProps, &tags, MAPI_CREATE, &count, &values);

    good(IMAPIProp_GetPropList, 0, &tags_out);
    bad(IMAPIProp_GetPropList, 0, NULL);
    unknown(IMAPIProp_GetPropList, 0x4, &tags_out);

    good(IMAPIProp_OpenProperty, PR_BODY_W, &IID_IStream, 0, MAPI_CREATE | MAPI_MODIFY, &unk);
    good(IMAPIProp_OpenProperty, PR_ATTACH_DATA_OBJ, &IID_IUnknown, 0, 0, &unk);
    bad(IMAPIProp_OpenProperty, PR_BODY_W, NULL, 0, 0, &unk);
    bad(IMAPIProp_OpenProperty, PR_NULL, &IID_IStream, 0, 0, &unk);
    bad(IMAPIProp_OpenProperty, PROP_TAG(PT_UNSPECIFIED, 0x1000), &IID_IStream, 0, 0, &unk);
    bad(IMAPIProp_OpenProperty, PR_BODY_W, &IID_IStream, 0, MAPI_CREATE, &unk);
    bad(IMAPIProp_OpenProperty, PR_BODY_W, &IID_IStream, 0, 0, NULL);
    unknown(IMAPIProp_OpenProperty, PR_BODY_W, &IID_IStream, 0, 0x100, &unk);

    good(IMAPIProp_SetProps, 2, props, &problems);
    good(IMAPIProp_SetProps, 1, props, NULL);
    bad(IMAPIProp_SetProps, 0, props, NULL);
    bad(IMAPIProp_SetProps, 1, NULL, NULL);
    bad(IMAPIProp_SetProps, 1, &object_prop, NULL);
    bad(IMAPIProp_SetProps, 1, &null_string, NULL);
    bad(IMAPIProp_SetProps, 2, props, read_only);

    good(IMAPIProp_DeleteProps, &tags, NULL);
    bad(IMAPIProp_DeleteProps, NULL, NULL);
    bad(IMAPIProp_DeleteProps, &empty, &problems);

    good(IMAPIProp_CopyTo, 0, NULL, NULL, 0, NULL, &IID_IUnknown, &other, 0, NULL);
    good(IMAPIProp_CopyTo, 1, &IID_IUnknown, &tags, 0, &other, &IID_IUnknown, &other, MAPI_MOVE, &problems);
    bad(IMAPIProp_CopyTo, 1, NULL, NULL, 0, NULL, &IID_IUnknown, &other, 0, NULL);
    bad(IMAPIProp_CopyTo, 0, NULL, NULL, 0, NULL, &IID_IUnknown, NULL, 0, NULL);
    bad(IMAPIProp_CopyTo, 0, NULL, NULL, 0, NULL, &IID_IUnknown, no_access, 0, NULL);
    bad(IMAPIProp_CopyTo, 0, NULL, NULL, 0, NULL, NULL, &other, 0, NULL);
    unknown(IMAPIProp_CopyTo, 0, NULL, NULL, 0, NULL, &IID_IUnknown, &other, 0x10, NULL);

    good(IMAPIProp_CopyProps, &tags, 0, NULL, NULL, &other, MAPI_NOREPLACE, NULL);
    bad(IMAPIProp_CopyProps, NULL, 0, NULL, NULL, &other, 0, NULL);
    unknown(IMAPIProp_CopyProps, &tags, 0, NULL, NULL, &other, 0x80, NULL);

    tags_out = NULL;
    good(IMAPIProp_GetNamesFromIDs, &tags_out, NULL, 0, &count, &names_out);
    good(IMAPIProp_GetNamesFromIDs, &named, &IID_IStorage, MAPI_NO_IDS, &count, &names_out);
    bad(IMAPIProp_GetNamesFromIDs, NULL, NULL, 0, &count, &names_out);
    bad(IMAPIProp_GetNamesFromIDs, &named, NULL, 0, NULL, &names_out);
    unknown(IMAPIProp_GetNamesFromIDs, &named, NULL, 0x4, &count, &names_out);

    good(IMAPIProp_GetIDsFromNames, 1, names, MAPI_CREATE, &tags_out);
    good(IMAPIProp_GetIDsFromNames, 0, NULL, 0, &tags_out);
    bad(IMAPIProp_GetIDsFromNames, 1, bad_names, 0, &tags_out);
    bad(IMAPIProp_GetIDsFromNames, 1, NULL, 0, &tags_out);
    bad(IMAPIProp_GetIDsFromNames, 1, names, 0, NULL);
    unknown(IMAPIProp_GetIDsFromNames, 1, names, MAPI_MODIFY, &tags_out);
}

static void test_imapitable(void **state)
{
    SizedSPropTagArray(2, columns) = { 2, { PR_ENTRYID, PROP_TAG(PT_MV_STRING8 | MV_INSTANCE, 0x1000) } };
    SizedSPropTagArray(1, error_column) = { 1, { PROP_TAG(PT_ERROR, 0x1000) } };
    SORT1 sort = { 1, 0, 0, { { PR_SUBJECT_A, TABLE_SORT_DESCEND } } };
    SORT1 bad_sort = { 1, 2, 0, { { PR_SUBJECT_A, TABLE_SORT_ASCEND } } };
    SPropTagArray empty = { 0, { 0 } };
    SPropValue value = { PR_SUBJECT_A };
    SRestriction restriction, bad_restriction = { 0x99 };
    SSortOrderSet *sort_out;
    SPropTagArray *columns_out;
    BYTE key[8] = { 1 }, *state_out;
    ULONG_PTR connection;
    BOOKMARK bookmark;
    ULONG a, b, c;
    SRowSet *rows;
    LONG sought;

    value.Value.lpszA = (char *)"hello";
    restriction.rt = RES_PROPERTY;
    restriction.res.resProperty.relop = RELOP_EQ;
    restriction.res.resProperty.ulPropTag = PR_SUBJECT_A;
    restriction.res.resProperty.lpProp = &value;

    good(IMAPITable_Advise, fnevTableModified, &other, &connection);
    bad(IMAPITable_Advise, fnevNewMail, &other, &connection);
    bad(IMAPITable_Advise, fnevTableModified, NULL, &connection);
    bad(IMAPITable_Advise, fnevTableModified, &other, NULL);

    good(IMAPITable_Unadvise, 3);
    bad(IMAPITable_Unadvise, 0);

    good(IMAPITable_GetStatus, &a, &b);
    bad(IMAPITable_GetStatus, &a, NULL);

    good(IMAPITable_SetColumns, &columns, TBL_BATCH);
    bad(IMAPITable_SetColumns, &empty, 0);
    bad(IMAPITable_SetColumns, &error_column, 0);
    bad(IMAPITable_SetColumns, NULL, 0);
    unknown(IMAPITable_SetColumns, &columns, 0x100);

    good(IMAPITable_QueryColumns, TBL_ALL_COLUMNS, &columns_out);
    unknown(IMAPITable_QueryColumns, 0x2, &columns_out);

    good(IMAPITable_SeekRow, BOOKMARK_BEGINNING, 5, &sought);
    good(IMAPITable_SeekRow, BOOKMARK_END, -5, NULL);
    bad(IMAPITable_SeekRow, BOOKMARK_END, -5, read_only);

    good(IMAPITable_SeekRowApprox, 1, 2);
    bad(IMAPITable_SeekRowApprox, 1, 0);

    good(IMAPITable_QueryPosition, &a, &b, &c);
    bad(IMAPITable_QueryPosition, &a, &b, NULL);

    good(IMAPITable_FindRow, &restriction, BOOKMARK_CURRENT, DIR_BACKWARD);
    bad(IMAPITable_FindRow, NULL, BOOKMARK_CURRENT, 0);
    bad(IMAPITable_FindRow, &bad_restriction, BOOKMARK_CURRENT, 0);
    unknown(IMAPITable_FindRow, &restriction, BOOKMARK_CURRENT, 0x2);

    good(IMAPITable_Restrict, NULL, 0);
    good(IMAPITable_Restrict, &restriction, TBL_ASYNC);
    bad(IMAPITable_Restrict, &bad_restriction, 0);

    good(IMAPITable_CreateBookmark, &bookmark);
    bad(IMAPITable_CreateBookmark, NULL);

    good(IMAPITable_SortTable, &sort, 0);
    bad(IMAPITable_SortTable, &bad_sort, 0);
    bad(IMAPITable_SortTable, NULL, 0);
    good(IMAPITable_QuerySortOrder, &sort_out);

    good(IMAPITable_QueryRows, 10, TBL_NOADVANCE, &rows);
    good(IMAPITable_QueryRows, -10, 0, &rows);
    bad(IMAPITable_QueryRows, 0, 0, &rows);
    bad(IMAPITable_QueryRows, 10, 0, NULL);
    unknown(IMAPITable_QueryRows, 10, 0x2, &rows);

    good(IMAPITable_ExpandRow, sizeof(key), key, 5, 0, &rows, &a);
    bad(IMAPITable_ExpandRow, 0, key, 5, 0, &rows, &a);
    bad(IMAPITable_ExpandRow, sizeof(key), no_access, 5, 0, &rows, &a);
    good(IMAPITable_CollapseRow, sizeof(key), key, 0, &a);
    unknown(IMAPITable_CollapseRow, sizeof(key), key, 1, &a);

    good(IMAPITable_GetCollapseState, 0, sizeof(key), key, &a, &state_out);
    bad(IMAPITable_GetCollapseState, 0, sizeof(key), key, &a, NULL);
    good(IMAPITable_SetCollapseState, 0, sizeof(key), key, &bookmark);
    bad(IMAPITable_SetCollapseState, 0, sizeof(key), NULL, &bookmark);

    good(IMAPITable_WaitForCompletion, 0, 1000, NULL);
    unknown(IMAPITable_WaitForCompletion, 1, 1000, &a);

    assert_hr_equal(S_OK, HrValidateParametersV(IMAPITable_Abort, &object));
}

static void test_imapicontainer(void **state)
{
    BYTE entry[24] = { 0 };
    SBinary bin = { sizeof(entry), entry };
    ENTRYLIST list = { 1, &bin }, bad_list = { 1, NULL };
    SRestriction restriction = { RES_EXIST }, *restriction_out;
    ENTRYLIST *list_out;
    void *table, *unk;
    ULONG type, search_state;

    restriction.res.resExist.ulPropTag = PR_SUBJECT_A;

    good(IMAPIContainer_GetContentsTable, MAPI_ASSOCIATED | MAPI_DEFERRED_ERRORS, &table);
    bad(IMAPIContainer_GetContentsTable, 0, NULL);
    unknown(IMAPIContainer_GetContentsTable, CONVENIENT_DEPTH, &table);
    good(IMAPIContainer_GetHierarchyTable, CONVENIENT_DEPTH, &table);
    unknown(IMAPIContainer_GetHierarchyTable, MAPI_ASSOCIATED, &table);

    good(IMAPIContainer_OpenEntry, 0, NULL, NULL, MAPI_BEST_ACCESS, &type, &unk);
    good(IMAPIContainer_OpenEntry, sizeof(entry), entry, &IID_IUnknown, MAPI_MODIFY, &type, &unk);
    bad(IMAPIContainer_OpenEntry, sizeof(entry), NULL, NULL, 0, &type, &unk);
    bad(IMAPIContainer_OpenEntry, sizeof(entry), no_access, NULL, 0, &type, &unk);
    bad(IMAPIContainer_OpenEntry, 0, NULL, NULL, 0, NULL, &unk);
    unknown(IMAPIContainer_OpenEntry, 0, NULL, NULL, MAPI_CREATE, &type, &unk);

    good(IMAPIContainer_SetSearchCriteria, &restriction, &list, RECURSIVE_SEARCH | RESTART_SEARCH);
    good(IMAPIContainer_SetSearchCriteria, NULL, NULL, STOP_SEARCH);
    bad(IMAPIContainer_SetSearchCriteria, &restriction, &bad_list, 0);
    bad(IMAPIContainer_SetSearchCriteria, &restriction, &list, STOP_SEARCH | RESTART_SEARCH);
    bad(IMAPIContainer_SetSearchCriteria, &restriction, &list, FOREGROUND_SEARCH | BACKGROUND_SEARCH);
    unknown(IMAPIContainer_SetSearchCriteria, &restriction, &list, 0x40);

    good(IMAPIContainer_GetSearchCriteria, 0, &restriction_out, &list_out, &search_state);
    good(IMAPIContainer_GetSearchCriteria, MAPI_UNICODE, &restriction_out, NULL, NULL);
    bad(IMAPIContainer_GetSearchCriteria, 0, NULL, NULL, NULL);
}

static void test_address_book(void **state)
{
    BYTE entry[16] = { 0 };
    SBinary bin = { sizeof(entry), entry };
    ENTRYLIST list = { 1, &bin };
    SPropValue name = { PR_DISPLAY_NAME_A };
    struct { ULONG c; ADRENTRY e[1]; } recip_list = { 1, { { 0, 1, &name } } };
    struct { ULONG c; ADRENTRY e[1]; } bad_recips = { 1, { { 0, 1, NULL } } };
    struct { ULONG c; ULONG f[1]; } flag_list = { 1, { 0 } }, *no_flags = NULL;
    ADRLIST *recips = (ADRLIST *)&recip_list;
    SizedSPropTagArray(1, tags) = { 1, { PR_EMAIL_ADDRESS_A } };
    void *unk, *table, *status;
    BYTE *security;
    ULONG type, size;

    name.Value.lpszA = (char *)"Ann";

    good(IABContainer_CreateEntry, sizeof(entry), entry, CREATE_CHECK_DUP_STRICT, &unk);
    bad(IABContainer_CreateEntry, 0, NULL, 0, &unk);
    unknown(IABContainer_CreateEntry, sizeof(entry), entry, 0x100, &unk);
    good(IABContainer_CopyEntries, &list, 0, NULL, 0);
    bad(IABContainer_CopyEntries, NULL, 0, NULL, 0);
    good(IABContainer_DeleteEntries, &list, 0);
    unknown(IABContainer_DeleteEntries, &list, 1);
    good(IABContainer_ResolveNames, &tags, 0, recips, &flag_list);
    good(IABContainer_ResolveNames, NULL, MAPI_UNICODE, recips, &flag_list);
    bad(IABContainer_ResolveNames, NULL, 0, &bad_recips, &flag_list);
    bad(IABContainer_ResolveNames, NULL, 0, recips, no_flags);
    good(IDistList_ResolveNames, NULL, 0, recips, &flag_list);
    good(IDistList_DeleteEntries, &list, 0);
    bad(IDistList_CreateEntry, sizeof(entry), NULL, 0, &unk);

    good(IABProvider_Logon, &other, 0, "profile", AB_NO_DIALOG, &size, &security, NULL, &unk);
    good(IABProvider_Logon, &other, 0, L"profile", MAPI_UNICODE, &size, &security, &unk, &unk);
    bad(IABProvider_Logon, NULL, 0, "profile", 0, &size, &security, NULL, &unk);
    bad(IABProvider_Logon, &other, 0, "profile", 0, NULL, &security, NULL, &unk);
    unknown(IABProvider_Logon, &other, 0, "profile", 0x2, &size, &security, NULL, &unk);
    good(IABProvider_Shutdown, &size);
    bad(IABProvider_Shutdown, NULL);

    good(IABLogon_OpenEntry, sizeof(entry), entry, NULL, 0, &type, &unk);
    bad(IABLogon_OpenEntry, sizeof(entry), entry, NULL, 0, &type, NULL);
    unknown(IABLogon_OpenEntry, sizeof(entry), entry, NULL, MAPI_CREATE, &type, &unk);
    good(IABLogon_CompareEntryIDs, sizeof(entry), entry, sizeof(entry), entry, 0, &type);
    bad(IABLogon_CompareEntryIDs, sizeof(entry), entry, sizeof(entry), NULL, 0, &type);
    good(IABLogon_OpenStatusEntry, NULL, MAPI_MODIFY, &type, &status);
    good(IABLogon_OpenTemplateID, sizeof(entry), entry, FILL_ENTRY, &other, NULL, &unk, NULL);
    bad(IABLogon_OpenTemplateID, sizeof(entry), entry, 0, NULL, NULL, &unk, NULL);
    good(IABLogon_GetOneOffTable, MAPI_UNICODE, &table);
    bad(IABLogon_GetOneOffTable, 0, NULL);
    good(IABLogon_PrepareRecips, 0, &tags, recips);
    bad(IABLogon_PrepareRecips, 0, &tags, NULL);
    good(IABLogon_Unadvise, 1);
    bad(IABLogon_Unadvise, 0);
}

static void test_imapifolder(void **state)
{
    BYTE entry[16] = { 0 };
    SBinary bin = { sizeof(entry), entry }, no_data = { 4, NULL };
    ENTRYLIST list = { 1, &bin }, bad_list = { 1, &no_data };
    SORT1 sort = { 1, 0, 0, { { PR_MESSAGE_DELIVERY_TIME, TABLE_SORT_DESCEND } } };
    SORT1 bad_sort = { 1, 0, 0, { { PR_SUBJECT_A, 0x100 } } };
    void *message, *folder;
    ULONG status;

    good(IMAPIFolder_CreateMessage, NULL, MAPI_ASSOCIATED, &message);
    bad(IMAPIFolder_CreateMessage, no_access, 0, &message);
    unknown(IMAPIFolder_CreateMessage, NULL, MAPI_MODIFY, &message);

    good(IMAPIFolder_CopyMessages, &list, NULL, &other, 0, NULL, MESSAGE_MOVE);
    bad(IMAPIFolder_CopyMessages, &bad_list, NULL, &other, 0, NULL, 0);
    bad(IMAPIFolder_CopyMessages, &list, NULL, NULL, 0, NULL, 0);
    bad(IMAPIFolder_CopyMessages, &list, NULL, &other, 0, no_access, MESSAGE_DIALOG);
    unknown(IMAPIFolder_CopyMessages, &list, NULL, &other, 0, NULL, 0x100);

    good(IMAPIFolder_DeleteMessages, &list, 0, NULL, 0);
    bad(IMAPIFolder_DeleteMessages, NULL, 0, NULL, 0);

    good(IMAPIFolder_CreateFolder, FOLDER_GENERIC, "Inbox", NULL, NULL, OPEN_IF_EXISTS, &folder);
    good(IMAPIFolder_CreateFolder, FOLDER_SEARCH, L"Found", L"all", NULL, MAPI_UNICODE, &folder);
    bad(IMAPIFolder_CreateFolder, FOLDER_ROOT, "Inbox", NULL, NULL, 0, &folder);
    bad(IMAPIFolder_CreateFolder, FOLDER_GENERIC, NULL, NULL, NULL, 0, &folder);
    bad(IMAPIFolder_CreateFolder, FOLDER_GENERIC, no_access, NULL, NULL, 0, &folder);
    bad(IMAPIFolder_CreateFolder, FOLDER_GENERIC, "Inbox", NULL, NULL, 0, NULL);
    unknown(IMAPIFolder_CreateFolder, FOLDER_GENERIC, "Inbox", NULL, NULL, 0x2, &folder);

    good(IMAPIFolder_CopyFolder, sizeof(entry), entry, NULL, &other, "Copy", 0, NULL, FOLDER_MOVE | COPY_SUBFOLDERS);
    bad(IMAPIFolder_CopyFolder, sizeof(entry), entry, NULL, NULL, NULL, 0, NULL, 0);
    good(IMAPIFolder_DeleteFolder, sizeof(entry), entry, 0, NULL, DEL_FOLDERS | DEL_MESSAGES);
    bad(IMAPIFolder_DeleteFolder, 0, NULL, 0, NULL, DEL_FOLDERS);
    unknown(IMAPIFolder_DeleteFolder, sizeof(entry), entry, 0, NULL, 0x100);

    good(IMAPIFolder_SetReadFlags, NULL, 0, NULL, SUPPRESS_RECEIPT);
    good(IMAPIFolder_SetReadFlags, &list, 0, NULL, CLEAR_RN_PENDING | CLEAR_NRN_PENDING);
    bad(IMAPIFolder_SetReadFlags, &list, 0, NULL, SUPPRESS_RECEIPT | CLEAR_READ_FLAG);
    bad(IMAPIFolder_SetReadFlags, &list, 0, NULL, GENERATE_RECEIPT_ONLY | CLEAR_NRN_PENDING);
    unknown(IMAPIFolder_SetReadFlags, &list, 0, NULL, 0x80);

    good(IMAPIFolder_GetMessageStatus, sizeof(entry), entry, 0, &status);
    bad(IMAPIFolder_GetMessageStatus, sizeof(entry), entry, 0, NULL);
    good(IMAPIFolder_SetMessageStatus, sizeof(entry), entry, MSGSTATUS_TAGGED, MSGSTATUS_TAGGED | 0x10000, &status);
    unknown(IMAPIFolder_SetMessageStatus, sizeof(entry), entry, 0, 0x100, NULL);

    good(IMAPIFolder_SaveContentsSort, &sort, RECURSIVE_SORT);
    bad(IMAPIFolder_SaveContentsSort, &bad_sort, 0);
    good(IMAPIFolder_EmptyFolder, 0, NULL, DEL_ASSOCIATED);
    unknown(IMAPIFolder_EmptyFolder, 0, NULL, DEL_MESSAGES);
}

static void test_imsgstore(void **state)
{
    BYTE entry[16] = { 0 };
    NOTIFICATION new_mail = { fnevNewMail }, other_event = { fnevObjectCreated };
    ULONG_PTR connection;
    ULONG flags, result, size;
    void *unk, *table;
    ENTRYID *id;
    char *class;

    good(IMsgStore_Advise, 0, NULL, fnevNewMail | fnevObjectModified, &other, &connection);
    bad(IMsgStore_Advise, 0, NULL, fnevNewMail, NULL, &connection);
    unknown(IMsgStore_Advise, 0, NULL, fnevTableModified, &other, &connection);

    good(IMsgStore_CompareEntryIDs, sizeof(entry), entry, sizeof(entry), entry, 0, &result);
    bad(IMsgStore_CompareEntryIDs, sizeof(entry), entry, sizeof(entry), entry, 0, NULL);
    unknown(IMsgStore_CompareEntryIDs, sizeof(entry), entry, sizeof(entry), entry, 1, &result);

    good(IMsgStore_OpenEntry, 0, NULL, NULL, MAPI_BEST_ACCESS, &flags, &unk);
    good(IMsgStore_SetReceiveFolder, "IPM", 0, sizeof(entry), entry);
    good(IMsgStore_SetReceiveFolder, NULL, 0, 0, NULL);
    bad(IMsgStore_SetReceiveFolder, no_access, 0, 0, NULL);
    good(IMsgStore_GetReceiveFolder, L"IPM.Note", MAPI_UNICODE, &size, &id, &class);
    bad(IMsgStore_GetReceiveFolder, "IPM.Note", 0, &size, NULL, NULL);
    good(IMsgStore_GetReceiveFolderTable, 0, &table);

    flags = LOGOFF_ORDERLY;
    good(IMsgStore_StoreLogoff, &flags);
    flags = 0;
    good(IMsgStore_StoreLogoff, &flags);
    flags = LOGOFF_ORDERLY | LOGOFF_ABORT;
    bad(IMsgStore_StoreLogoff, &flags);
    flags = LOGOFF_COMPLETE;
    unknown(IMsgStore_StoreLogoff, &flags);
    bad(IMsgStore_StoreLogoff, NULL);
    bad(IMsgStore_StoreLogoff, read_only);

    good(IMsgStore_AbortSubmit, sizeof(entry), entry, 0);
    bad(IMsgStore_AbortSubmit, 0, NULL, 0);
    good(IMsgStore_GetOutgoingQueue, 0, &table);
    unknown(IMsgStore_GetOutgoingQueue, MAPI_UNICODE, &table);
    good(IMsgStore_SetLockState, &other, MSG_LOCKED);
    good(IMsgStore_SetLockState, &other, MSG_UNLOCKED);
    bad(IMsgStore_SetLockState, NULL, MSG_LOCKED);
    unknown(IMsgStore_SetLockState, &other, 2);
    good(IMsgStore_FinishedMsg, 0, sizeof(entry), entry);
    bad(IMsgStore_FinishedMsg, 0, sizeof(entry), no_access);
    good(IMsgStore_NotifyNewMail, &new_mail);
    bad(IMsgStore_NotifyNewMail, &other_event);
    bad(IMsgStore_NotifyNewMail, NULL);
    good(IMsgStore_Unadvise, 1);
}

static void test_imessage(void **state)
{
    SPropValue props[2] = { { PR_ROWID }, { PR_DISPLAY_NAME_A } };
    struct { ULONG c; ADRENTRY e[1]; } mods = { 1, { { 0, 2, props } } }, bad_mods = { 1, { { 0, 2, NULL } } };
    void *table, *attach;
    ULONG num;

    props[0].Value.l = 0;
    props[1].Value.lpszA = (char *)"Bob";

    good(IMessage_GetAttachmentTable, MAPI_UNICODE, &table);
    unknown(IMessage_GetAttachmentTable, MAPI_ASSOCIATED, &table);
    good(IMessage_OpenAttach, 0, NULL, MAPI_MODIFY, &attach);
    bad(IMessage_OpenAttach, 0, no_access, 0, &attach);
    good(IMessage_CreateAttach, NULL, 0, &num, &attach);
    bad(IMessage_CreateAttach, NULL, 0, NULL, &attach);
    good(IMessage_DeleteAttach, 0, 0, NULL, ATTACH_DIALOG);
    unknown(IMessage_DeleteAttach, 0, 0, NULL, 0x2);
    good(IMessage_GetRecipientTable, 0, &table);
    bad(IMessage_GetRecipientTable, 0, read_only);

    good(IMessage_ModifyRecipients, MODRECIP_ADD, &mods);
    good(IMessage_ModifyRecipients, 0, &mods);
    bad(IMessage_ModifyRecipients, MODRECIP_ADD | MODRECIP_REMOVE, &mods);
    bad(IMessage_ModifyRecipients, MODRECIP_MODIFY, &bad_mods);
    bad(IMessage_ModifyRecipients, MODRECIP_MODIFY, NULL);
    unknown(IMessage_ModifyRecipients, 0x1, &mods);

    good(IMessage_SubmitMessage, FORCE_SUBMIT);
    unknown(IMessage_SubmitMessage, 0x2);
    good(IMessage_SetReadFlag, SUPPRESS_RECEIPT | MAPI_DEFERRED_ERRORS);
    bad(IMessage_SetReadFlag, SUPPRESS_RECEIPT | GENERATE_RECEIPT_ONLY);
    unknown(IMessage_SetReadFlag, FOLDER_DIALOG);
}

static void test_store_provider(void **state)
{
    BYTE entry[16] = { 0 }, security[8] = { 0 };
    void *logon, *store, *error, *status, *unk;
    ULONG_PTR connection;
    ULONG size, flags, type;
    BYTE *security_out;

    good(IMSProvider_Logon, &other, 0, "profile", sizeof(entry), entry, MDB_NO_DIALOG | MDB_WRITE, NULL,
         &size, &security_out, &error, &logon, &store);
    good(IMSProvider_Logon, &other, 0, L"profile", 0, NULL, MAPI_UNICODE, &IID_IUnknown,
         &size, &security_out, NULL, &logon, &store);
    bad(IMSProvider_Logon, NULL, 0, "profile", 0, NULL, 0, NULL, &size, &security_out, NULL, &logon, &store);
    bad(IMSProvider_Logon, &other, 0, "profile", 0, NULL, 0, NULL, &size, &security_out, NULL, &logon, NULL);
    unknown(IMSProvider_Logon, &other, 0, "profile", 0, NULL, 0x10000000, NULL,
            &size, &security_out, NULL, &logon, &store);

    good(IMSProvider_SpoolerLogon, &other, 0, "profile", sizeof(entry), entry, MDB_WRITE, NULL,
         sizeof(security), security, NULL, &logon, &store);
    bad(IMSProvider_SpoolerLogon, &other, 0, "profile", sizeof(entry), entry, MDB_WRITE, NULL,
        sizeof(security), NULL, NULL, &logon, &store);
    good(IMSProvider_CompareStoreIDs, sizeof(entry), entry, sizeof(entry), entry, 0, &type);
    good(IMSProvider_Shutdown, &flags);
    bad(IMSProvider_Shutdown, NULL);

    good(IMSLogon_GetLastError, MAPI_E_NOT_FOUND, MAPI_UNICODE, &error);
    good(IMSLogon_Logoff, &flags);
    bad(IMSLogon_Logoff, NULL);
    good(IMSLogon_OpenEntry, sizeof(entry), entry, &IID_IUnknown, MAPI_MODIFY, &type, &unk);
    bad(IMSLogon_OpenEntry, sizeof(entry), NULL, NULL, 0, &type, &unk);
    unknown(IMSLogon_OpenEntry, sizeof(entry), entry, NULL, 0x2, &type, &unk);
    good(IMSLogon_CompareEntryIDs, sizeof(entry), entry, sizeof(entry), entry, 0, &type);
    bad(IMSLogon_CompareEntryIDs, sizeof(entry), entry, sizeof(entry), entry, 0, read_only);
    good(IMSLogon_Advise, sizeof(entry), entry, fnevObjectDeleted, &other, &connection);
    bad(IMSLogon_Advise, sizeof(entry), entry, fnevObjectDeleted, &other, NULL);
    good(IMSLogon_Unadvise, 2);
    bad(IMSLogon_Unadvise, 0);
    good(IMSLogon_OpenStatusEntry, NULL, 0, &type, &status);
    unknown(IMSLogon_OpenStatusEntry, NULL, MAPI_BEST_ACCESS, &type, &status);
}

static void test_transport_provider(void **state)
{
    BYTE entry[16] = { 0 };
    ULONG flags, count, ref, uids, incoming;
    void *types, *uid_array, *options, *data, *xp_logon, *status;

    flags = LOGON_NO_DIALOG | LOGON_NO_INBOUND;
    good(IXPProvider_TransportLogon, &other, 0, "profile", &flags, NULL, &xp_logon);
    flags = MAPI_UNICODE;
    good(IXPProvider_TransportLogon, &other, 0, L"profile", &flags, &status, &xp_logon);
    bad(IXPProvider_TransportLogon, &other, 0, "profile", NULL, NULL, &xp_logon);
    flags = 0;
    bad(IXPProvider_TransportLogon, &other, 0, no_access, &flags, NULL, &xp_logon);
    flags = LOGON_SP_POLL;
    unknown(IXPProvider_TransportLogon, &other, 0, "profile", &flags, NULL, &xp_logon);

    flags = DEINIT_NORMAL;
    good(IXPProvider_Shutdown, &flags);
    flags = DEINIT_NORMAL | DEINIT_HURRY;
    bad(IXPProvider_Shutdown, &flags);

    good(IXPLogon_AddressTypes, &flags, &count, &types, &uids, &uid_array);
    bad(IXPLogon_AddressTypes, &flags, &count, NULL, &uids, &uid_array);
    good(IXPLogon_RegisterOptions, &flags, &count, &options);
    bad(IXPLogon_RegisterOptions, &flags, NULL, &options);

    flags = NOTIFY_BEGIN_INBOUND | NOTIFY_END_OUTBOUND;
    good(IXPLogon_TransportNotify, &flags, &data);
    flags = NOTIFY_CANCEL_MESSAGE;
    good(IXPLogon_TransportNotify, &flags, NULL);
    flags = NOTIFY_NEWMAIL_RECEIVED;
    unknown(IXPLogon_TransportNotify, &flags, &data);
    bad(IXPLogon_TransportNotify, NULL, &data);

    good(IXPLogon_Idle, 0);
    good(IXPLogon_TransportLogoff, LOGOFF_NORMAL);
    bad(IXPLogon_TransportLogoff, LOGOFF_NORMAL | LOGOFF_HURRY);
    unknown(IXPLogon_TransportLogoff, LOGOFF_ORDERLY);

    good(IXPLogon_SubmitMessage, 0, &other, &ref, &flags);
    bad(IXPLogon_SubmitMessage, 0, NULL, &ref, &flags);
    bad(IXPLogon_SubmitMessage, 0, &other, NULL, &flags);
    good(IXPLogon_EndMessage, 7, &flags);
    bad(IXPLogon_EndMessage, 7, NULL);
    good(IXPLogon_Poll, &incoming);
    bad(IXPLogon_Poll, read_only);
    good(IXPLogon_StartMessage, 0, &other, &ref);
    bad(IXPLogon_StartMessage, 0, &other, NULL);
    good(IXPLogon_OpenStatusEntry, NULL, MAPI_MODIFY, &flags, &status);
    good(IXPLogon_ValidateState, 0, SUPPRESS_UI | FORCE_XP_CONNECT);
    unknown(IXPLogon_ValidateState, 0, 0x2);
    good(IXPLogon_FlushQueues, 0, sizeof(entry), entry, FLUSH_UPLOAD | FLUSH_NO_UI);
    good(IXPLogon_FlushQueues, 0, 0, NULL, FLUSH_DOWNLOAD);
    bad(IXPLogon_FlushQueues, 0, sizeof(entry), NULL, FLUSH_DOWNLOAD);
    unknown(IXPLogon_FlushQueues, 0, 0, NULL, 0x1);
}

static void test_status_and_control(void **state)
{
    ULONG value;
    void *error;

    good(IMAPIStatus_ValidateState, 0, REFRESH_XP_HEADER_CACHE);
    unknown(IMAPIStatus_ValidateState, 0, 0x8);
    good(IMAPIStatus_SettingsDialog, 0, UI_READONLY);
    unknown(IMAPIStatus_SettingsDialog, 0, 0x2);
    good(IMAPIStatus_ChangePassword, "old", "new", 0);
    good(IMAPIStatus_ChangePassword, L"old", L"new", MAPI_UNICODE);
    bad(IMAPIStatus_ChangePassword, "old", NULL, 0);
    good(IMAPIStatus_FlushQueues, 0, 0, NULL, FLUSH_FORCE);
    unknown(IMAPIStatus_FlushQueues, 0, 0, NULL, 0x40);

    good(IMAPIControl_GetLastError, E_FAIL, 0, &error);
    good(IMAPIControl_Activate, 0, 0);
    unknown(IMAPIControl_Activate, 1, 0);
    good(IMAPIControl_GetState, 0, &value);
    bad(IMAPIControl_GetState, 0, NULL);
}

static void test_istream(void **state)
{
    BYTE buffer[16];
    LARGE_INTEGER move = { { 16, 0 } };
    ULARGE_INTEGER size = { { 1, 1 } }, position;
    ULONG done;
    STATSTG stat;
    void *clone;

    good(IStream_Read, buffer, sizeof(buffer), &done);
    good(IStream_Read, buffer, sizeof(buffer), NULL);
    check_call(STG_E_INVALIDPARAMETER, IStream_Read, NULL, sizeof(buffer), &done);
    check_call(STG_E_INVALIDPARAMETER, IStream_Read, read_only, 16, &done);
    good(IStream_Write, read_only, 16, &done);
    check_call(STG_E_INVALIDPARAMETER, IStream_Write, no_access, 16, &done);
    check_call(STG_E_INVALIDPARAMETER, IStream_Write, buffer, sizeof(buffer), read_only);
    good(IStream_Stat, &stat, STATFLAG_NONAME);
    check_call(STG_E_INVALIDPARAMETER, IStream_Stat, NULL, 0);
    good(IStream_Clone, &clone);
    check_call(STG_E_INVALIDPARAMETER, IStream_Clone, NULL);
    good(IStream_Commit, STGC_DEFAULT);
    assert_hr_equal(S_OK, HrValidateParametersV(IStream_Revert, &object));

    /* 64-bit values go by value: one slot each on 64-bit, as the array has them */
    assert_hr_equal(S_OK, HrValidateParametersV(IStream_Seek, &object, move, STREAM_SEEK_CUR, &position));
    assert_hr_equal(S_OK, call_valist(IStream_Seek, &object, move, STREAM_SEEK_END, NULL));
    assert_hr_equal(STG_E_INVALIDPARAMETER, HrValidateParametersV(IStream_Seek, &object, move, 3, &position));
    assert_hr_equal(STG_E_INVALIDPARAMETER,
                    HrValidateParametersV(IStream_Seek, &object, move, STREAM_SEEK_SET, read_only));
    assert_hr_equal(S_OK, HrValidateParametersV(IStream_SetSize, &object, size));
    assert_hr_equal(S_OK, HrValidateParametersV(IStream_CopyTo, &object, &other, size, &position, NULL));
    assert_hr_equal(STG_E_INVALIDPARAMETER,
                    HrValidateParametersV(IStream_CopyTo, &object, NULL, size, &position, NULL));
    assert_hr_equal(STG_E_INVALIDPARAMETER,
                    call_valist(IStream_CopyTo, &object, &other, size, read_only, NULL));
    assert_hr_equal(S_OK, HrValidateParametersV(IStream_LockRegion, &object, size, size, LOCK_WRITE));
    assert_hr_equal(S_OK, HrValidateParametersV(IStream_UnlockRegion, &object, size, size, LOCK_WRITE));
    if (sizeof(void *) == sizeof(ULARGE_INTEGER))
    {
        ULONG_PTR slots[3] = { (ULONG_PTR)move.QuadPart, 4, (ULONG_PTR)&position };

        assert_hr_equal(STG_E_INVALIDPARAMETER, HrValidateParameters(IStream_Seek, (void **)slots));
        slots[1] = STREAM_SEEK_SET;
        assert_hr_equal(S_OK, HrValidateParameters(IStream_Seek, (void **)slots));
    }
}

static void test_advise_sink(void **state)
{
    NOTIFICATION notifications[2];

    memset(notifications, 0, sizeof(notifications));
    good(IMAPIAdviseSink_OnNotify, 2, notifications);
    bad(IMAPIAdviseSink_OnNotify, 0, notifications);
    bad(IMAPIAdviseSink_OnNotify, 1, NULL);
    bad(IMAPIAdviseSink_OnNotify, 1, no_access);
}

#ifdef _WIN64
/* Garbage in the upper half of a 32-bit argument's slot does not count */
static void test_32bit_arguments_in_64bit_slots(void **state)
{
    ULONG_PTR slots[2];
    void *table;

    slots[0] = (ULONG_PTR)0xdeadbeef << 32 | MAPI_UNICODE;
    slots[1] = (ULONG_PTR)&table;
    assert_hr_equal(S_OK, HrValidateParameters(IMAPIContainer_GetContentsTable, (void **)slots));
    slots[0] = (ULONG_PTR)0xdeadbeef << 32;
    assert_hr_equal(S_OK, HrValidateParameters(IMessage_SubmitMessage, (void **)slots));
}
#endif

static void test_bad_calls(void **state)
{
    ULONG_PTR slots[4] = { 0 };

    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrValidateParameters(IMAPIAdviseSink_OnNotify + 1, (void **)slots));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrValidateParametersV(0x7fffffff, &object, 0));
    /* the argument array itself unreadable */
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrValidateParameters(IMAPIProp_GetPropList, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrValidateParameters(IMAPIProp_GetPropList, no_access));
    /* a method without arguments needs no array */
    assert_hr_equal(S_OK, HrValidateParameters(IUnknown_AddRef, NULL));
}

/* The stack-walking forms: x86 only; elsewhere they accept every call, as Windows does */
static void test_stack_forms(void **state)
{
    void *out;
    struct { void *this; const IID *iid; void **out; } frame = { &object, &IID_IUnknown, &out };
    struct { void *this; const IID *iid; void **out; } bad_frame = { &object, NULL, &out };

#ifdef __i386__
    assert_hr_equal(S_OK, __ValidateParameters(IUnknown_QueryInterface, &frame.this));
    assert_hr_equal(S_OK, __CPPValidateParameters(IUnknown_QueryInterface, &frame.iid));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, __ValidateParameters(IUnknown_QueryInterface, &bad_frame.this));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, __CPPValidateParameters(IUnknown_QueryInterface, &bad_frame.iid));
#else
    assert_hr_equal(S_OK, __ValidateParameters(IUnknown_QueryInterface, &frame.this));
    assert_hr_equal(S_OK, __CPPValidateParameters(IUnknown_QueryInterface, &frame.iid));
    assert_hr_equal(S_OK, __ValidateParameters(IUnknown_QueryInterface, &bad_frame.this));
    assert_hr_equal(S_OK, __CPPValidateParameters(IUnknown_QueryInterface, &bad_frame.iid));
#endif
    /* HrValidateParameters reads the same frame on every processor */
    assert_hr_equal(S_OK, HrValidateParameters(IUnknown_QueryInterface, (void **)&frame.iid));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, HrValidateParameters(IUnknown_QueryInterface, (void **)&bad_frame.iid));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_iunknown),
        cmocka_unit_test(test_imapiprop),
        cmocka_unit_test(test_imapitable),
        cmocka_unit_test(test_imapicontainer),
        cmocka_unit_test(test_address_book),
        cmocka_unit_test(test_imapifolder),
        cmocka_unit_test(test_imsgstore),
        cmocka_unit_test(test_imessage),
        cmocka_unit_test(test_store_provider),
        cmocka_unit_test(test_transport_provider),
        cmocka_unit_test(test_status_and_control),
        cmocka_unit_test(test_istream),
        cmocka_unit_test(test_advise_sink),
#ifdef _WIN64
        cmocka_unit_test(test_32bit_arguments_in_64bit_slots),
#endif
        cmocka_unit_test(test_bad_calls),
        cmocka_unit_test(test_stack_forms),
    };
    return cmocka_run_group_tests(tests, setup_memory, free_memory);
}
