/*
 * BuildDisplayTable: the rows of a display table from DTPAGE/DTCTL
 * descriptions and dialog resources. The resources (a DLGTEMPLATE, a
 * DLGTEMPLATEEX, a string table, a cut short dialog) are written by the test
 * into a copy of itself, loaded as a data file: every place and text the
 * table must show is known here.
 */

#include "mapi32_test.h"
#include "mapiutil_sdk.h"

#define IDD_GENERAL     10
#define IDD_BROKEN      11
#define IDS_COMPONENT   300
#define IDC_NAME_LABEL  101
#define IDC_NAME        102
#define IDC_LOG         103
#define IDC_OPTIONS     104
#define IDC_ADVANCED    105
#define IDC_FAST        106
#define IDC_SERVERS     107
#define IDC_PORT        70000   /* DLGTEMPLATEEX has 32-bit identifiers */

/* ---- resources ---- */

struct writer
{
    BYTE data[4096];
    ULONG size;
};

static void put(struct writer *w, const void *data, ULONG size)
{
    assert_true(w->size + size <= sizeof(w->data));
    memcpy(w->data + w->size, data, size);
    w->size += size;
}

static void put_word(struct writer *w, WORD value) { put(w, &value, sizeof(value)); }
static void put_dword(struct writer *w, DWORD value) { put(w, &value, sizeof(value)); }
static void put_wstr(struct writer *w, const WCHAR *str) { put(w, str, (lstrlenW(str) + 1) * sizeof(WCHAR)); }
static void put_align(struct writer *w) { while (w->size & 3) put(w, "", 1); }

static void put_box(struct writer *w, short x, short y, short cx, short cy)
{
    put_word(w, x);
    put_word(w, y);
    put_word(w, cx);
    put_word(w, cy);
}

struct item
{
    DWORD id;
    WORD atom;          /* its class: 0x80 button, 0x81 edit, 0x82 static, 0x83 list box */
    const WCHAR *text;
    short x, y, cx, cy;
};

static const struct item general_items[] =
{
    { IDC_NAME_LABEL, 0x82, L"&Name:", 5, 10, 40, 8 },
    { IDC_NAME, 0x81, L"", 50, 8, 100, 12 },
    { IDC_LOG, 0x80, L"Log events", 5, 30, 80, 10 },
    { IDC_OPTIONS, 0x80, L"Options", 2, 45, 190, 60 },
    { IDC_ADVANCED, 0x80, L"Advanced...", 120, 110, 60, 14 },
    { IDC_FAST, 0x80, L"Fast", 10, 60, 50, 10 },
    { IDC_SERVERS, 0x83, L"", 10, 75, 150, 25 },
};

static const struct item peer_items[] =
{
    { IDC_PORT, 0x82, L"Port number", 7, 9, 60, 9 },
    { IDC_NAME, 0x81, L"", 70, 7, 40, 12 },
};

static void write_dialog(struct writer *w, const WCHAR *caption, short cx, short cy,
                         const struct item *items, WORD count)
{
    WORD i;

    put_dword(w, DS_SETFONT | WS_CHILD);
    put_dword(w, 0);
    put_word(w, count);
    put_box(w, 0, 0, cx, cy);
    put_word(w, 0);             /* no menu */
    put_word(w, 0);             /* the standard class */
    put_wstr(w, caption);
    put_word(w, 8);
    put_wstr(w, L"MS Shell Dlg");
    for (i = 0; i < count; i++)
    {
        put_align(w);
        put_dword(w, WS_CHILD | WS_VISIBLE);
        put_dword(w, 0);
        put_box(w, items[i].x, items[i].y, items[i].cx, items[i].cy);
        put_word(w, items[i].id);
        put_word(w, 0xffff);
        put_word(w, items[i].atom);
        put_wstr(w, items[i].text);
        put_word(w, 0);
    }
}

static void write_dialog_ex(struct writer *w, const WCHAR *caption, short cx, short cy,
                            const struct item *items, WORD count)
{
    WORD i;

    put_word(w, 1);
    put_word(w, 0xffff);
    put_dword(w, 0);            /* help identifier */
    put_dword(w, 0);
    put_dword(w, DS_SETFONT | WS_CHILD);
    put_word(w, count);
    put_box(w, 0, 0, cx, cy);
    put_word(w, 0);
    put_word(w, 0);
    put_wstr(w, caption);
    put_word(w, 9);
    put_word(w, FW_NORMAL);
    put(w, "\0\1", 2);
    put_wstr(w, L"Tahoma");
    for (i = 0; i < count; i++)
    {
        put_align(w);
        put_dword(w, 0);
        put_dword(w, 0);
        put_dword(w, WS_CHILD | WS_VISIBLE);
        put_box(w, items[i].x, items[i].y, items[i].cx, items[i].cy);
        put_dword(w, items[i].id);
        put_word(w, 0xffff);
        put_word(w, items[i].atom);
        put_wstr(w, items[i].text);
        put_word(w, 0);
    }
}

static WCHAR module_path[MAX_PATH];
static HMODULE resources;

static void update(HANDLE update, const WCHAR *type, const WCHAR *name, struct writer *w)
{
    assert_true(UpdateResourceW(update, type, name, MAKELANGID(LANG_NEUTRAL, SUBLANG_NEUTRAL), w->data, w->size));
}

/* A copy of the test with the resources, loaded as data */
static int make_resources(void **state)
{
    WCHAR exe[MAX_PATH], dir[MAX_PATH];
    struct writer w;
    HANDLE handle;
    int i;

    GetModuleFileNameW(NULL, exe, ARRAY_SIZE(exe));
    GetTempPathW(ARRAY_SIZE(dir), dir);
    GetTempFileNameW(dir, L"dtb", 0, module_path);
    if (!CopyFileW(exe, module_path, FALSE)) return -1;
    if (!(handle = BeginUpdateResourceW(module_path, FALSE))) return -1;

    memset(&w, 0, sizeof(w));
    write_dialog(&w, L"General", 200, 150, general_items, ARRAY_SIZE(general_items));
    update(handle, (const WCHAR *)RT_DIALOG, MAKEINTRESOURCEW(IDD_GENERAL), &w);

    memset(&w, 0, sizeof(w));
    write_dialog_ex(&w, L"Peer", 180, 120, peer_items, ARRAY_SIZE(peer_items));
    update(handle, (const WCHAR *)RT_DIALOG, L"PEERPAGE", &w);

    /* the same dialog cut short in its second item */
    memset(&w, 0, sizeof(w));
    write_dialog(&w, L"Broken", 100, 100, general_items, 2);
    w.size -= 6;
    update(handle, (const WCHAR *)RT_DIALOG, MAKEINTRESOURCEW(IDD_BROKEN), &w);

    /* string 300 is the 13th of block 19 */
    memset(&w, 0, sizeof(w));
    for (i = 0; i < 16; i++)
    {
        static const WCHAR component[] = L"SAMPLE_HELP";

        if (i == (IDS_COMPONENT & 15))
        {
            put_word(&w, lstrlenW(component));
            put(&w, component, lstrlenW(component) * sizeof(WCHAR));
        }
        else put_word(&w, 0);
    }
    update(handle, (const WCHAR *)RT_STRING, MAKEINTRESOURCEW(IDS_COMPONENT / 16 + 1), &w);

    if (!EndUpdateResourceW(handle, FALSE)) return -1;
    resources = LoadLibraryExW(module_path, NULL, LOAD_LIBRARY_AS_DATAFILE);
    return !resources;
}

static int free_resources(void **state)
{
    FreeLibrary(resources);
    DeleteFileW(module_path);
    return 0;
}

/* ---- the pages ---- */

static BYTE name_id[] = { 0x11, 0x22, 0x33, 0x44 };

static DTBLPAGE page = { sizeof(DTBLPAGE), 0, 0, 42 };
static DTBLLABEL label = { sizeof(DTBLLABEL), 0 };
static DTBLEDIT edit = { sizeof(DTBLEDIT), 0, 64, PR_DISPLAY_NAME_A };
static DTBLCHECKBOX checkbox = { sizeof(DTBLCHECKBOX), 0, PROP_TAG(PT_BOOLEAN, 0x6600) };
static DTBLGROUPBOX groupbox = { sizeof(DTBLGROUPBOX), 0 };
static DTBLBUTTON button = { sizeof(DTBLBUTTON), 0, PROP_TAG(PT_OBJECT, 0x6601) };
static DTBLRADIOBUTTON radio = { sizeof(DTBLRADIOBUTTON), 0, 2, PROP_TAG(PT_LONG, 0x6602), 1 };
static DTBLLBX listbox = { MAPI_NO_HBAR, PROP_TAG(PT_BINARY, 0x6603), PROP_TAG(PT_OBJECT, 0x6604) };
static DTBLDDLBX ddlbx = { 0, PR_DISPLAY_NAME_A, PR_ENTRYID, PROP_TAG(PT_OBJECT, 0x6605) };
static DTBLCOMBOBOX combobox = { sizeof(DTBLCOMBOBOX), 0, 10, PROP_TAG(PT_STRING8, 0x6606), PROP_TAG(PT_OBJECT, 0x6607) };
static DTBLMVLISTBOX mvlistbox = { 0, PROP_TAG(PT_MV_STRING8, 0x6608) };
static DTBLMVDDLBX mvddlbx = { 0, PROP_TAG(PT_MV_STRING8, 0x6609) };

static DTCTL general_controls[] =
{
    { DTCT_PAGE, 0, NULL, 0, NULL, 0, { &page } },
    { DTCT_LABEL, 0, NULL, 0, NULL, IDC_NAME_LABEL, { &label } },
    { DTCT_EDIT, DT_EDITABLE | DT_REQUIRED, name_id, sizeof(name_id), "[0-9]", IDC_NAME, { &edit } },
    { DTCT_CHECKBOX, DT_EDITABLE, NULL, 0, NULL, IDC_LOG, { &checkbox } },
    { DTCT_GROUPBOX, 0, NULL, 0, NULL, IDC_OPTIONS, { &groupbox } },
    { DTCT_BUTTON, 0, NULL, 0, NULL, IDC_ADVANCED, { &button } },
    { DTCT_RADIOBUTTON, DT_EDITABLE, NULL, 0, NULL, IDC_FAST, { &radio } },
    { DTCT_LBX, 0, NULL, 0, NULL, IDC_SERVERS, { &listbox } },
    /* not in the dialog */
    { DTCT_DDLBX, DT_EDITABLE, NULL, 0, NULL, 999, { &ddlbx } },
    { DTCT_COMBOBOX, DT_EDITABLE, NULL, 0, NULL, 998, { &combobox } },
    { DTCT_MVLISTBOX, 0, NULL, 0, NULL, 997, { &mvlistbox } },
    { DTCT_MVDDLBX, 0, NULL, 0, NULL, 996, { &mvddlbx } },
};

static SRowSet *query_all(IMAPITable *table)
{
    struct { ULONG cSorts, cCategories, cExpanded; SSortOrder aSort[1]; } by_row =
        { 1, 0, 0, { { PR_ROWID, TABLE_SORT_ASCEND } } };
    SRowSet *rows = NULL;

    assert_hr_equal(S_OK, HrQueryAllRows(table, NULL, NULL, (SSortOrderSet *)&by_row, 0, &rows));
    return rows;
}

static const SPropValue *column(const SRow *row, ULONG tag)
{
    const SPropValue *prop = PpropFindProp(row->lpProps, row->cValues, tag);

    assert_non_null(prop);
    return prop;
}

static LONG long_of(const SRow *row, ULONG tag)
{
    return column(row, tag)->Value.l;
}

static const BYTE *structure_of(const SRow *row, ULONG *size)
{
    const SPropValue *prop = column(row, PR_CONTROL_STRUCTURE);

    *size = prop->Value.bin.cb;
    return prop->Value.bin.lpb;
}

/* The string an ulb member at offset points to, within the structure */
static const char *string_at(const SRow *row, ULONG offset)
{
    ULONG size, position;
    const BYTE *data = structure_of(row, &size);

    memcpy(&position, data + offset, sizeof(position));
    assert_true(position >= sizeof(ULONG) && position < size);
    assert_int_equal(data[size - 1], 0);
    return (const char *)data + position;
}

static const WCHAR *wstring_at(const SRow *row, ULONG offset)
{
    ULONG size, position;
    const BYTE *data = structure_of(row, &size);

    memcpy(&position, data + offset, sizeof(position));
    assert_true(position >= sizeof(ULONG) && position + sizeof(WCHAR) <= size);
    return (const WCHAR *)(data + position);
}

static void check_place(const SRow *row, LONG x, LONG y, LONG cx, LONG cy)
{
    assert_int_equal(long_of(row, PR_XPOS), x);
    assert_int_equal(long_of(row, PR_YPOS), y);
    assert_int_equal(long_of(row, PR_DELTAX), cx);
    assert_int_equal(long_of(row, PR_DELTAY), cy);
}

static void test_general_page(void **state)
{
    DTPAGE pages[1] = { { ARRAY_SIZE(general_controls), (char *)MAKEINTRESOURCE(IDD_GENERAL),
                          { "SAMPLE" }, general_controls } };
    SizedSPropTagArray(9, expected) = { 9, { PR_ROWID, PR_XPOS, PR_YPOS, PR_DELTAX, PR_DELTAY,
                                             PR_CONTROL_TYPE, PR_CONTROL_FLAGS, PR_CONTROL_STRUCTURE,
                                             PR_CONTROL_ID } };
    SPropTagArray *columns;
    IMAPITable *table;
    const DTBLEDIT *edit_out;
    const DTBLRADIOBUTTON *radio_out;
    const DTBLPAGE *page_out;
    const SPropValue *id;
    SRowSet *rows;
    ULONG size, i;

    assert_hr_equal(S_OK, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                            resources, 1, pages, 0, &table, NULL));
    assert_hr_equal(S_OK, IMAPITable_QueryColumns(table, 0, &columns));
    assert_int_equal(columns->cValues, expected.cValues);
    for (i = 0; i < expected.cValues; i++) assert_int_equal(columns->aulPropTag[i], expected.aulPropTag[i]);
    MAPIFreeBuffer(columns);

    rows = query_all(table);
    assert_int_equal(rows->cRows, ARRAY_SIZE(general_controls));
    for (i = 0; i < rows->cRows; i++)
    {
        assert_int_equal(long_of(&rows->aRow[i], PR_ROWID), i);
        assert_int_equal(long_of(&rows->aRow[i], PR_CONTROL_TYPE), general_controls[i].ulCtlType);
        assert_int_equal(long_of(&rows->aRow[i], PR_CONTROL_FLAGS), general_controls[i].ulCtlFlags);
    }

    /* the page: the dialog's size and caption, the caller's help component and context */
    check_place(&rows->aRow[0], 0, 0, 200, 150);
    page_out = (const DTBLPAGE *)structure_of(&rows->aRow[0], &size);
    assert_string_equal(string_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszLabel)), "General");
    assert_string_equal(string_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszComponent)), "SAMPLE");
    assert_int_equal(page_out->ulContext, 42);
    assert_int_equal(size, sizeof(DTBLPAGE) + sizeof("General") + sizeof("SAMPLE"));

    /* controls: their places and labels from the dialog */
    check_place(&rows->aRow[1], 5, 10, 40, 8);
    assert_string_equal(string_at(&rows->aRow[1], offsetof(DTBLLABEL, ulbLpszLabelName)), "&Name:");
    check_place(&rows->aRow[2], 50, 8, 100, 12);
    edit_out = (const DTBLEDIT *)structure_of(&rows->aRow[2], &size);
    assert_int_equal(edit_out->ulNumCharsAllowed, 64);
    assert_int_equal(edit_out->ulPropTag, PR_DISPLAY_NAME_A);
    assert_string_equal(string_at(&rows->aRow[2], offsetof(DTBLEDIT, ulbLpszCharsAllowed)), "[0-9]");
    id = column(&rows->aRow[2], PR_CONTROL_ID);
    assert_int_equal(id->Value.bin.cb, sizeof(name_id));
    assert_memory_equal(id->Value.bin.lpb, name_id, sizeof(name_id));
    assert_int_equal(column(&rows->aRow[1], PR_CONTROL_ID)->Value.bin.cb, 0);

    assert_string_equal(string_at(&rows->aRow[3], offsetof(DTBLCHECKBOX, ulbLpszLabel)), "Log events");
    assert_int_equal(((const DTBLCHECKBOX *)structure_of(&rows->aRow[3], &size))->ulPRPropertyName,
                     PROP_TAG(PT_BOOLEAN, 0x6600));
    check_place(&rows->aRow[4], 2, 45, 190, 60);
    assert_string_equal(string_at(&rows->aRow[4], offsetof(DTBLGROUPBOX, ulbLpszLabel)), "Options");
    assert_string_equal(string_at(&rows->aRow[5], offsetof(DTBLBUTTON, ulbLpszLabel)), "Advanced...");
    radio_out = (const DTBLRADIOBUTTON *)structure_of(&rows->aRow[6], &size);
    assert_string_equal(string_at(&rows->aRow[6], offsetof(DTBLRADIOBUTTON, ulbLpszLabel)), "Fast");
    assert_int_equal(radio_out->ulcButtons, 2);
    assert_int_equal(radio_out->lReturnValue, 1);

    /* structures without strings are copied as they are */
    check_place(&rows->aRow[7], 10, 75, 150, 25);
    structure_of(&rows->aRow[7], &size);
    assert_int_equal(size, sizeof(DTBLLBX));
    assert_memory_equal(structure_of(&rows->aRow[7], &size), &listbox, sizeof(listbox));
    assert_memory_equal(structure_of(&rows->aRow[10], &size), &mvlistbox, sizeof(mvlistbox));
    assert_memory_equal(structure_of(&rows->aRow[11], &size), &mvddlbx, sizeof(mvddlbx));

    /* controls the dialog lacks: no place, and a combo box without filter allows anything */
    check_place(&rows->aRow[8], 0, 0, 0, 0);
    assert_memory_equal(structure_of(&rows->aRow[8], &size), &ddlbx, sizeof(ddlbx));
    check_place(&rows->aRow[9], 0, 0, 0, 0);
    assert_string_equal(string_at(&rows->aRow[9], offsetof(DTBLCOMBOBOX, ulbLpszCharsAllowed)), "*");

    FreeProws(rows);
    IMAPITable_Release(table);
}

static void test_unicode_and_extended_dialog(void **state)
{
    static DTBLPAGE wpage = { sizeof(DTBLPAGE), MAPI_UNICODE, 0, 0 };
    static DTBLLABEL wlabel = { sizeof(DTBLLABEL), MAPI_UNICODE };
    static DTBLEDIT wedit = { sizeof(DTBLEDIT), MAPI_UNICODE, 5, PROP_TAG(PT_UNICODE, 0x6610) };
    DTCTL controls[] =
    {
        /* the help component from a string resource */
        { DTCT_PAGE, 0, NULL, 0, NULL, IDS_COMPONENT, { &wpage } },
        { DTCT_LABEL, 0, NULL, 0, NULL, IDC_PORT, { &wlabel } },
        { DTCT_EDIT, DT_EDITABLE, NULL, 0, (char *)L"[0-9]", IDC_NAME, { &wedit } },
        /* ANSI structures in a Unicode call */
        { DTCT_LABEL, 0, NULL, 0, NULL, IDC_PORT, { &label } },
        { DTCT_EDIT, DT_EDITABLE, NULL, 0, (char *)L"[a-z]", IDC_NAME, { &edit } },
    };
    DTPAGE pages[1] = { { ARRAY_SIZE(controls), (char *)L"PEERPAGE", { NULL }, controls } };
    IMAPITable *table;
    SRowSet *rows;

    assert_hr_equal(S_OK, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                            resources, 1, pages, MAPI_UNICODE, &table, NULL));
    rows = query_all(table);
    assert_int_equal(rows->cRows, ARRAY_SIZE(controls));

    check_place(&rows->aRow[0], 0, 0, 180, 120);
    assert_true(!lstrcmpW(wstring_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszLabel)), L"Peer"));
    assert_true(!lstrcmpW(wstring_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszComponent)), L"SAMPLE_HELP"));
    check_place(&rows->aRow[1], 7, 9, 60, 9);
    assert_true(!lstrcmpW(wstring_at(&rows->aRow[1], offsetof(DTBLLABEL, ulbLpszLabelName)), L"Port number"));
    check_place(&rows->aRow[2], 70, 7, 40, 12);
    assert_true(!lstrcmpW(wstring_at(&rows->aRow[2], offsetof(DTBLEDIT, ulbLpszCharsAllowed)), L"[0-9]"));
    assert_string_equal(string_at(&rows->aRow[3], offsetof(DTBLLABEL, ulbLpszLabelName)), "Port number");
    assert_string_equal(string_at(&rows->aRow[4], offsetof(DTBLEDIT, ulbLpszCharsAllowed)), "[a-z]");

    FreeProws(rows);
    IMAPITable_Release(table);

    /* the same resource by its ANSI name */
    pages[0].lpszResourceName = (char *)"PEERPAGE";
    pages[0].cctl = 2;
    controls[0].ulItemID = 0;
    controls[0].ctl.lppage = &page;
    controls[1].ctl.lplabel = &label;
    assert_hr_equal(S_OK, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                            resources, 1, pages, 0, &table, NULL));
    rows = query_all(table);
    assert_int_equal(rows->cRows, 2);
    assert_string_equal(string_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszLabel)), "Peer");
    /* no help component */
    assert_int_equal(((const DTBLPAGE *)structure_of(&rows->aRow[0], &(ULONG){0}))->ulbLpszComponent, 0);
    assert_string_equal(string_at(&rows->aRow[1], offsetof(DTBLLABEL, ulbLpszLabelName)), "Port number");
    FreeProws(rows);
    IMAPITable_Release(table);
}

static void test_several_pages_and_table_data(void **state)
{
    DTCTL peer_controls[] =
    {
        { DTCT_PAGE, 0, NULL, 0, NULL, 0, { &page } },
        { DTCT_LABEL, 0, NULL, 0, NULL, IDC_PORT, { &label } },
    };
    DTPAGE pages[2] =
    {
        { 3, (char *)MAKEINTRESOURCE(IDD_GENERAL), { (char *)(ULONG_PTR)IDS_COMPONENT }, general_controls },
        { ARRAY_SIZE(peer_controls), (char *)"PEERPAGE", { NULL }, peer_controls },
    };
    SPropValue key = { PR_ROWID }, changed[2];
    ITableData *data = (void *)0xdeadbeef;
    IMAPITable *table;
    SRowSet *rows;
    SRow row;
    ULONG count;

    assert_hr_equal(S_OK, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                            resources, 2, pages, 0, &table, &data));
    assert_non_null(data);
    assert_ptr_not_equal(data, (void *)0xdeadbeef);
    rows = query_all(table);
    assert_int_equal(rows->cRows, 5);
    /* the pages' rows in order, the second page after the first */
    assert_int_equal(long_of(&rows->aRow[0], PR_CONTROL_TYPE), DTCT_PAGE);
    assert_string_equal(string_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszComponent)), "SAMPLE_HELP");
    assert_int_equal(long_of(&rows->aRow[3], PR_CONTROL_TYPE), DTCT_PAGE);
    assert_string_equal(string_at(&rows->aRow[3], offsetof(DTBLPAGE, ulbLpszLabel)), "Peer");
    assert_string_equal(string_at(&rows->aRow[4], offsetof(DTBLLABEL, ulbLpszLabelName)), "Port number");
    FreeProws(rows);

    /* the provider changes a row through the table data; the view sees it */
    key.Value.l = 1;
    changed[0] = key;
    changed[1].ulPropTag = PR_XPOS;
    changed[1].Value.l = 77;
    row.cValues = 2;
    row.lpProps = changed;
    assert_hr_equal(S_OK, data->lpVtbl->HrModifyRow(data, &row));
    rows = query_all(table);
    assert_int_equal(long_of(&rows->aRow[1], PR_XPOS), 77);
    FreeProws(rows);
    assert_hr_equal(S_OK, IMAPITable_GetRowCount(table, 0, &count));
    assert_int_equal(count, 5);

    IMAPITable_Release(table);
    data->lpVtbl->Release(data);
}

/* Without resources the table is still there, for use without a dialog */
static void test_without_resources(void **state)
{
    DTPAGE pages[3] =
    {
        { 3, (char *)MAKEINTRESOURCE(IDD_GENERAL), { NULL }, general_controls },
        { 3, (char *)MAKEINTRESOURCE(IDD_BROKEN), { NULL }, general_controls },
        { 3, NULL, { NULL }, general_controls },
    };
    IMAPITable *table;
    SRowSet *rows;
    ULONG i;

    /* this program has no dialog 10 itself; a cut short dialog and no name are the same */
    assert_hr_equal(S_OK, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                            NULL, 1, pages, 0, &table, NULL));
    rows = query_all(table);
    assert_int_equal(rows->cRows, 3);
    for (i = 0; i < rows->cRows; i++) check_place(&rows->aRow[i], 0, 0, 0, 0);
    assert_string_equal(string_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszLabel)), "");
    assert_string_equal(string_at(&rows->aRow[1], offsetof(DTBLLABEL, ulbLpszLabelName)), "");
    assert_int_equal(((const DTBLEDIT *)structure_of(&rows->aRow[2], &(ULONG){0}))->ulPropTag, PR_DISPLAY_NAME_A);
    FreeProws(rows);
    IMAPITable_Release(table);

    /* what can be read of a cut short dialog is used */
    assert_hr_equal(S_OK, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                            resources, 2, pages + 1, 0, &table, NULL));
    rows = query_all(table);
    assert_int_equal(rows->cRows, 6);
    check_place(&rows->aRow[0], 0, 0, 100, 100);
    assert_string_equal(string_at(&rows->aRow[0], offsetof(DTBLPAGE, ulbLpszLabel)), "Broken");
    check_place(&rows->aRow[1], 5, 10, 40, 8);
    check_place(&rows->aRow[2], 0, 0, 0, 0);
    for (i = 3; i < rows->cRows; i++) check_place(&rows->aRow[i], 0, 0, 0, 0);
    assert_string_equal(string_at(&rows->aRow[3], offsetof(DTBLPAGE, ulbLpszLabel)), "");
    FreeProws(rows);
    IMAPITable_Release(table);

    /* no pages at all: an empty table */
    assert_hr_equal(S_OK, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL,
                                            resources, 0, NULL, 0, &table, NULL));
    rows = query_all(table);
    assert_int_equal(rows->cRows, 0);
    FreeProws(rows);
    IMAPITable_Release(table);
}

static void test_bad_input(void **state)
{
    DTCTL bad_type[1] = { { 10, 0, NULL, 0, NULL, 0, { &label } } };
    DTCTL no_structure[1] = { { DTCT_LABEL, 0, NULL, 0, NULL, 0, { NULL } } };
    DTCTL bad_id[1] = { { DTCT_LABEL, 0, NULL, 4, NULL, 0, { &label } } };
    DTCTL bad_filter[1] = { { DTCT_EDIT, 0, NULL, 0, (char *)0x12345678, 0, { &edit } } };
    DTPAGE pages[1] = { { 1, NULL, { NULL }, bad_type } };
    DTPAGE no_controls[1] = { { 2, NULL, { NULL }, NULL } };
    ITableData *data = (void *)0xdeadbeef;
    IMAPITable *table;

    table = (void *)0xdeadbeef;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 1, pages, 0, &table, &data));
    assert_null(table);
    assert_null(data);
    pages[0].lpctl = no_structure;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 1, pages, 0, &table, NULL));
    pages[0].lpctl = bad_id;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 1, pages, 0, &table, NULL));
    pages[0].lpctl = bad_filter;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 1, pages, 0, &table, NULL));
    pages[0].lpctl = general_controls;
    pages[0].lpszResourceName = (char *)0x12345678;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 1, pages, 0, &table, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 1, no_controls, 0, &table, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 1, NULL, 0, &table, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(NULL, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 0, NULL, 0, &table, NULL));
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                                NULL, resources, 0, NULL, 0, NULL, NULL));
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, BuildDisplayTable(MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                                                            NULL, resources, 0, NULL, 1, &table, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_general_page),
        cmocka_unit_test(test_unicode_and_extended_dialog),
        cmocka_unit_test(test_several_pages_and_table_data),
        cmocka_unit_test(test_without_resources),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, make_resources, free_resources);
}
