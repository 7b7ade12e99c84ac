/*
 * IMAPITable::Restrict and FindRow with every kind of restriction,
 * multi-valued properties and their instances, and malformed restrictions.
 */

#include "table_test.h"
#include "mapidefs_sdk.h"

/* Rows with strings, numbers, binaries and multi-valued values. */
static ITableData *fruit_table(void)
{
    static char *colours[][3] = {{"red", "green"}, {"yellow"}, {"red", "dark"}, {"orange"}, {""}};
    static LONG sizes[][3] = {{1, 2, 3}, {4}, {3, 2}, {5}, {0}};
    static const char *names[] = {"apple", "Banana", "cherry", "Apricot", "\xe9" "clair"};
    static const LONG nums[] = {10, 20, 30, 40, 50};
    static const LONG nums2[] = {10, 5, 35, NO_NUM, 50};
    static const LONG flags[] = {0x1, 0x3, 0x0, 0x4, 0x1};
    static BYTE bins[][4] = {{1, 2, 3, 4}, {2, 3}, {9}, {1, 2}, {4, 3, 2, 1}};
    static const ULONG bin_sizes[] = {4, 2, 1, 2, 4};
    static const ULONG colour_counts[] = {2, 1, 2, 1, 0};
    static const ULONG size_counts[] = {3, 1, 2, 1, 0};
    ITableData *table = create_test_table();
    SPropValue props[8];
    SRow row = {0, 0, props};
    ULONG i, count;

    for (i = 0; i < 5; i++)
    {
        count = 0;
        props[count].ulPropTag = TAG_ID;
        props[count++].Value.l = i + 1;
        props[count].ulPropTag = TAG_NAME;
        props[count++].Value.lpszA = (char *)names[i];
        props[count].ulPropTag = TAG_NUM;
        props[count++].Value.l = nums[i];
        if (nums2[i] != NO_NUM)
        {
            props[count].ulPropTag = TAG_NUM2;
            props[count++].Value.l = nums2[i];
        }
        props[count].ulPropTag = PR_MESSAGE_FLAGS;
        props[count++].Value.l = flags[i];
        props[count].ulPropTag = TAG_BIN;
        props[count].Value.bin.cb = bin_sizes[i];
        props[count++].Value.bin.lpb = bins[i];
        if (colour_counts[i])
        {
            props[count].ulPropTag = TAG_MV;
            props[count].Value.MVszA.cValues = colour_counts[i];
            props[count++].Value.MVszA.lppszA = colours[i];
        }
        if (size_counts[i])
        {
            props[count].ulPropTag = TAG_MVL;
            props[count].Value.MVl.cValues = size_counts[i];
            props[count++].Value.MVl.lpl = sizes[i];
        }
        row.cValues = count;
        assert_hr_equal(S_OK, table->lpVtbl->HrModifyRow(table, &row));
    }
    return table;
}

/* The ids a restriction leaves in a fresh view of the fruit table. */
static const char *restricted_ids(SRestriction *res, char *buffer)
{
    ITableData *table = fruit_table();
    IMAPITable *view = get_view(table);

    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, res, 0));
    all_ids(view, buffer);
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    return buffer;
}

static HRESULT restrict_result(SRestriction *res)
{
    ITableData *table = fruit_table();
    IMAPITable *view = get_view(table);
    HRESULT hr = IMAPITable_Restrict(view, res, 0);

    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
    return hr;
}

static void make_property(SRestriction *res, ULONG relop, ULONG tag, SPropValue *value)
{
    res->rt = RES_PROPERTY;
    res->res.resProperty.relop = relop;
    res->res.resProperty.ulPropTag = tag;
    res->res.resProperty.lpProp = value;
}

static void make_content(SRestriction *res, ULONG fuzzy, ULONG tag, SPropValue *value)
{
    res->rt = RES_CONTENT;
    res->res.resContent.ulFuzzyLevel = fuzzy;
    res->res.resContent.ulPropTag = tag;
    res->res.resContent.lpProp = value;
}

static void make_long(SPropValue *value, ULONG tag, LONG number)
{
    value->ulPropTag = tag;
    value->Value.l = number;
}

static void make_string(SPropValue *value, ULONG tag, const char *string)
{
    value->ulPropTag = tag;
    value->Value.lpszA = (char *)string;
}

static void test_RES_AND_OR_NOT(void **state)
{
    SRestriction parts[3], res, inner;
    SPropValue low, high;
    char ids[64];

    make_long(&low, TAG_NUM, 20);
    make_long(&high, TAG_NUM, 40);
    make_property(&parts[0], RELOP_GE, TAG_NUM, &low);
    make_property(&parts[1], RELOP_LT, TAG_NUM, &high);
    res.rt = RES_AND;
    res.res.resAnd.cRes = 2;
    res.res.resAnd.lpRes = parts;
    assert_string_equal(restricted_ids(&res, ids), "2,3");
    res.rt = RES_OR;
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,4,5");
    make_property(&parts[0], RELOP_LT, TAG_NUM, &low);
    make_property(&parts[1], RELOP_GT, TAG_NUM, &high);
    assert_string_equal(restricted_ids(&res, ids), "1,5");
    inner = res;
    res.rt = RES_NOT;
    res.res.resNot.ulReserved = 0;
    res.res.resNot.lpRes = &inner;
    assert_string_equal(restricted_ids(&res, ids), "2,3,4");
    /* Empty: AND of nothing holds, OR of nothing does not. */
    res.rt = RES_AND;
    res.res.resAnd.cRes = 0;
    res.res.resAnd.lpRes = NULL;
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,4,5");
    res.rt = RES_OR;
    assert_string_equal(restricted_ids(&res, ids), "");
}

static void test_RES_CONTENT(void **state)
{
    SPropValue value, wide;
    SRestriction res;
    char ids[64];
    BYTE bytes[] = {2, 3};

    make_string(&value, TAG_NAME, "ap");
    make_content(&res, FL_PREFIX, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "1");
    make_content(&res, FL_PREFIX | FL_IGNORECASE, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "1,4");
    make_string(&value, TAG_NAME, "an");
    make_content(&res, FL_SUBSTRING, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "2");
    make_string(&value, TAG_NAME, "BANANA");
    make_content(&res, FL_FULLSTRING, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "");
    make_content(&res, FL_FULLSTRING | FL_IGNORECASE, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "2");
    make_string(&value, TAG_NAME, "eclair");
    make_content(&res, FL_FULLSTRING, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "");
    make_content(&res, FL_FULLSTRING | FL_IGNORENONSPACE, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "5");
    make_string(&value, TAG_NAME, "ECLAIR");
    make_content(&res, FL_FULLSTRING | FL_LOOSE, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "5");

    /* A Unicode search on a column the rows hold as PT_STRING8. */
    wide.ulPropTag = TAG_WNAME;
    wide.Value.lpszW = (WCHAR *)L"err";
    make_content(&res, FL_SUBSTRING, TAG_WNAME, &wide);
    assert_string_equal(restricted_ids(&res, ids), "3");

    value.ulPropTag = TAG_BIN;
    value.Value.bin.cb = 2;
    value.Value.bin.lpb = bytes;
    make_content(&res, FL_SUBSTRING, TAG_BIN, &value);
    assert_string_equal(restricted_ids(&res, ids), "1,2");
    make_content(&res, FL_PREFIX, TAG_BIN, &value);
    assert_string_equal(restricted_ids(&res, ids), "2");

    /* A multi-valued column matches when one of its values does. */
    make_string(&value, PROP_TAG(PT_STRING8, PROP_ID(TAG_MV)), "re");
    make_content(&res, FL_PREFIX, TAG_MV, &value);
    assert_string_equal(restricted_ids(&res, ids), "1,3");

    /* The two types must agree; the fuzzy level must be one of three. */
    make_string(&value, TAG_NAME, "ap");
    make_content(&res, FL_PREFIX, TAG_WNAME, &value);
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));
    make_content(&res, 3, TAG_NAME, &value);
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));
    make_long(&value, TAG_NUM, 1);
    make_content(&res, FL_PREFIX, TAG_NUM, &value);
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));
    make_content(&res, FL_PREFIX, TAG_NAME, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, restrict_result(&res));
}

static void test_RES_PROPERTY(void **state)
{
    static const struct
    {
        ULONG relop;
        const char *ids;
    }
    relops[] =
    {
        {RELOP_LT, "1,2"}, {RELOP_LE, "1,2,3"}, {RELOP_GT, "4,5"},
        {RELOP_GE, "3,4,5"}, {RELOP_EQ, "3"}, {RELOP_NE, "1,2,4,5"},
    };
    SPropValue value, values[2];
    SRestriction res;
    char ids[64];
    LONG tuple[2] = {3, 2};
    ULONG i;

    make_long(&value, TAG_NUM, 30);
    for (i = 0; i < ARRAY_SIZE(relops); i++)
    {
        make_property(&res, relops[i].relop, TAG_NUM, &value);
        assert_string_equal(restricted_ids(&res, ids), relops[i].ids);
    }

    /* Strings compare as lstrcmp does: not by case first. */
    make_string(&value, TAG_NAME, "b");
    make_property(&res, RELOP_LT, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "1,4");

    /* RELOP_RE: a regular expression found in the string. */
    make_string(&value, TAG_NAME, "^[aA]p.*t$");
    make_property(&res, RELOP_RE, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "4");
    make_string(&value, TAG_NAME, "an+a");
    make_property(&res, RELOP_RE, TAG_NAME, &value);
    assert_string_equal(restricted_ids(&res, ids), "2");
    make_long(&value, TAG_NUM, 30);
    make_property(&res, RELOP_RE, TAG_NUM, &value);
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));

    /* A multi-valued column against one value: any of its values. */
    make_long(&value, PROP_TAG(PT_LONG, PROP_ID(TAG_MVL)), 3);
    make_property(&res, RELOP_EQ, TAG_MVL, &value);
    assert_string_equal(restricted_ids(&res, ids), "1,3");
    make_property(&res, RELOP_GE, TAG_MVL, &value);
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,4");
    /* Against a multi-valued value: as a whole, in order. */
    values[0].ulPropTag = TAG_MVL;
    values[0].Value.MVl.cValues = 2;
    values[0].Value.MVl.lpl = tuple;
    make_property(&res, RELOP_EQ, TAG_MVL, &values[0]);
    assert_string_equal(restricted_ids(&res, ids), "3");
    make_property(&res, RELOP_LT, TAG_MVL, &values[0]);
    assert_string_equal(restricted_ids(&res, ids), "1");

    /* A row without the property does not match, whatever the operator. */
    make_long(&value, TAG_NUM2, 0);
    make_property(&res, RELOP_NE, TAG_NUM2, &value);
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,5");

    /* The types must agree, the operator must be known. */
    make_long(&value, TAG_NUM, 1);
    make_property(&res, RELOP_EQ, TAG_NAME, &value);
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));
    make_property(&res, RELOP_RE + 1, TAG_NUM, &value);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, restrict_result(&res));
    make_property(&res, RELOP_EQ, TAG_NUM, NULL);
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, restrict_result(&res));
}

static void test_RES_COMPAREPROPS(void **state)
{
    static const struct
    {
        ULONG relop;
        const char *ids;
    }
    relops[] =
    {
        {RELOP_LT, "3"}, {RELOP_LE, "1,3,5"}, {RELOP_GT, "2"},
        {RELOP_GE, "1,2,5"}, {RELOP_EQ, "1,5"}, {RELOP_NE, "2,3"},
    };
    SRestriction res;
    char ids[64];
    ULONG i;

    res.rt = RES_COMPAREPROPS;
    res.res.resCompareProps.ulPropTag1 = TAG_NUM;
    res.res.resCompareProps.ulPropTag2 = TAG_NUM2;
    for (i = 0; i < ARRAY_SIZE(relops); i++)
    {
        res.res.resCompareProps.relop = relops[i].relop;
        assert_string_equal(restricted_ids(&res, ids), relops[i].ids);
    }
    res.res.resCompareProps.ulPropTag2 = TAG_NAME;
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));
    res.res.resCompareProps.ulPropTag2 = TAG_NUM2;
    res.res.resCompareProps.relop = RELOP_RE;
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));
}

static void test_RES_BITMASK(void **state)
{
    SRestriction res;
    char ids[64];

    res.rt = RES_BITMASK;
    res.res.resBitMask.ulPropTag = PR_MESSAGE_FLAGS;
    res.res.resBitMask.ulMask = 0x1;
    res.res.resBitMask.relBMR = BMR_NEZ;
    assert_string_equal(restricted_ids(&res, ids), "1,2,5");
    res.res.resBitMask.relBMR = BMR_EQZ;
    assert_string_equal(restricted_ids(&res, ids), "3,4");
    res.res.resBitMask.ulMask = 0x6;
    assert_string_equal(restricted_ids(&res, ids), "1,3,5");
    res.res.resBitMask.relBMR = 2;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, restrict_result(&res));
    res.res.resBitMask.relBMR = BMR_EQZ;
    res.res.resBitMask.ulPropTag = TAG_NAME;
    assert_hr_equal(MAPI_E_TOO_COMPLEX, restrict_result(&res));
}

static void test_RES_SIZE(void **state)
{
    SRestriction res;
    char ids[64];

    /* A PT_BINARY value's size is its byte count. */
    res.rt = RES_SIZE;
    res.res.resSize.ulPropTag = TAG_BIN;
    res.res.resSize.cb = 2;
    res.res.resSize.relop = RELOP_EQ;
    assert_string_equal(restricted_ids(&res, ids), "2,4");
    res.res.resSize.relop = RELOP_GT;
    assert_string_equal(restricted_ids(&res, ids), "1,5");
    res.res.resSize.relop = RELOP_LE;
    assert_string_equal(restricted_ids(&res, ids), "2,3,4");
    res.res.resSize.relop = RELOP_NE;
    assert_string_equal(restricted_ids(&res, ids), "1,3,5");
    res.res.resSize.relop = RELOP_RE;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, restrict_result(&res));
}

static void test_RES_EXIST(void **state)
{
    SRestriction res, not;
    char ids[64];

    res.rt = RES_EXIST;
    res.res.resExist.ulReserved1 = res.res.resExist.ulReserved2 = 0;
    res.res.resExist.ulPropTag = TAG_NUM2;
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,5");
    not.rt = RES_NOT;
    not.res.resNot.lpRes = &res;
    assert_string_equal(restricted_ids(&not, ids), "4");
    res.res.resExist.ulPropTag = TAG_MV;
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,4");
    /* A property asked for in the other string width exists too. */
    res.res.resExist.ulPropTag = TAG_WNAME;
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,4,5");
}

static void test_RES_SUBRESTRICTION(void **state)
{
    ITableData *table = fruit_table();
    IMAPITable *view = get_view(table);
    SRestriction res, sub;
    char ids[64];

    set_id_columns(view);
    sub.rt = RES_EXIST;
    sub.res.resExist.ulPropTag = PR_DISPLAY_NAME_A;
    res.rt = RES_SUBRESTRICTION;
    res.res.resSub.ulSubObject = PR_MESSAGE_RECIPIENTS;
    res.res.resSub.lpRes = &sub;
    /* Table rows have no recipients or attachments to look into. */
    assert_hr_equal(MAPI_E_TOO_COMPLEX, IMAPITable_Restrict(view, &res, 0));
    assert_hr_equal(MAPI_E_TOO_COMPLEX, IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 0));
    assert_string_equal(all_ids(view, ids), "1,2,3,4,5");
    res.res.resSub.lpRes = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Restrict(view, &res, 0));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_RES_COMMENT(void **state)
{
    SPropValue note, value;
    SRestriction res, inner;
    char ids[64];

    make_string(&note, PR_DISPLAY_NAME_A, "just a comment");
    make_long(&value, TAG_NUM, 30);
    make_property(&inner, RELOP_GT, TAG_NUM, &value);
    res.rt = RES_COMMENT;
    res.res.resComment.cValues = 1;
    res.res.resComment.lpProp = &note;
    res.res.resComment.lpRes = &inner;
    assert_string_equal(restricted_ids(&res, ids), "4,5");
    /* Without a restriction it lets everything through. */
    res.res.resComment.lpRes = NULL;
    assert_string_equal(restricted_ids(&res, ids), "1,2,3,4,5");
    res.res.resComment.lpProp = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, restrict_result(&res));
}

static void test_RES_COUNT(void **state)
{
    ITableData *table = fruit_table();
    IMAPITable *view = get_view(table);
    struct test_row more = {6, "fig", 60, NULL, NO_NUM};
    SRestriction res, inner;
    SPropValue value;
    char ids[64];

    set_id_columns(view);
    make_long(&value, TAG_NUM, 20);
    make_property(&inner, RELOP_GE, TAG_NUM, &value);
    res.rt = RES_COUNT;
    res_count(&res)->ulCount = 2;
    res_count(&res)->lpRes = &inner;
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, &res, 0));
    assert_string_equal(all_ids(view, ids), "2,3");
    /* The rows are counted again when the table changes. */
    delete_row(table, 2);
    assert_string_equal(all_ids(view, ids), "3,4");
    put_row(table, &more);
    assert_string_equal(all_ids(view, ids), "3,4");
    /* FindRow counts in its own pass. */
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, NULL, 0));
    res_count(&res)->ulCount = 1;
    assert_hr_equal(S_OK, IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 0));
    assert_string_equal(query_ids(view, 1, ids), "3");
    res_count(&res)->ulCount = 0;
    assert_hr_equal(MAPI_E_NOT_FOUND, IMAPITable_FindRow(view, &res, BOOKMARK_BEGINNING, 0));
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

/* MVI_PROP in the columns shows a row once per value; a restriction on the
 * instance column then tests each instance on its own. */
static void test_multivalued_instances(void **state)
{
    ITableData *table = fruit_table();
    IMAPITable *view = get_view(table);
    SizedSPropTagArray(3, columns) = {3, {TAG_ID, MVI_PROP(TAG_MV), PR_INSTANCE_KEY}};
    SPropValue value;
    SRestriction res;
    SRowSet *rows;
    char ids[64];
    ULONG i, j;

    assert_hr_equal(S_OK, IMAPITable_SetColumns(view, (SPropTagArray *)&columns, 0));
    assert_hr_equal(S_OK, IMAPITable_QueryRows(view, 100, 0, &rows));
    assert_string_equal(row_ids(rows, ids), "1,1,2,3,3,4,5");
    assert_int_equal(rows->aRow[1].lpProps[1].ulPropTag, PROP_TAG(PT_STRING8, PROP_ID(TAG_MV)));
    assert_string_equal(rows->aRow[1].lpProps[1].Value.lpszA, "green");
    /* A row without the property shows once, with an error. */
    assert_int_equal(rows->aRow[6].lpProps[1].ulPropTag, PROP_TAG(PT_ERROR, PROP_ID(TAG_MV)));
    /* Every instance has its own instance key. */
    for (i = 0; i < rows->cRows; i++)
        for (j = 0; j < i; j++)
        {
            SBinary *a = &rows->aRow[i].lpProps[2].Value.bin, *b = &rows->aRow[j].lpProps[2].Value.bin;
            assert_int_equal(rows->aRow[i].lpProps[2].ulPropTag, PR_INSTANCE_KEY);
            assert_false(a->cb == b->cb && !memcmp(a->lpb, b->lpb, a->cb));
        }
    FreeProws(rows);
    assert_int_equal(row_count(view), 7);

    make_string(&value, PROP_TAG(PT_STRING8, PROP_ID(TAG_MV)), "red");
    make_property(&res, RELOP_EQ, MVI_PROP(TAG_MV), &value);
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, &res, 0));
    assert_string_equal(all_ids(view, ids), "1,3");
    make_property(&res, RELOP_NE, MVI_PROP(TAG_MV), &value);
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, &res, 0));
    assert_string_equal(all_ids(view, ids), "1,2,3,4");

    /* Without the instance column, the restriction tests any value of the row. */
    set_id_columns(view);
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, &res, 0));
    assert_string_equal(all_ids(view, ids), "1,2,3,4");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

static void test_Restrict(void **state)
{
    ITableData *table = fruit_table();
    IMAPITable *view = get_view(table);
    struct test_row change = {1, "apple", 35, NULL, NO_NUM};
    SRestriction res, bad;
    SPropValue value;
    char ids[64];

    set_id_columns(view);
    make_long(&value, TAG_NUM, 30);
    make_property(&res, RELOP_GT, TAG_NUM, &value);
    assert_hr_equal(S_OK, IMAPITable_SeekRow(view, BOOKMARK_BEGINNING, 2, NULL));
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, &res, TBL_BATCH));
    /* The cursor goes back to the top. */
    assert_string_equal(query_ids(view, 10, ids), "4,5");
    /* Rows come into and leave the view as they change. */
    put_row(table, &change);
    assert_string_equal(all_ids(view, ids), "1,4,5");
    change.num = 5;
    put_row(table, &change);
    assert_string_equal(all_ids(view, ids), "4,5");

    /* A bad restriction leaves the one in place. */
    bad.rt = 99;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Restrict(view, &bad, 0));
    assert_string_equal(all_ids(view, ids), "4,5");
    assert_hr_equal(MAPI_E_UNKNOWN_FLAGS, IMAPITable_Restrict(view, &res, 0x10));
    bad.rt = RES_NOT;
    bad.res.resNot.lpRes = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Restrict(view, &bad, 0));
    bad.rt = RES_AND;
    bad.res.resAnd.cRes = 2;
    bad.res.resAnd.lpRes = NULL;
    assert_hr_equal(MAPI_E_INVALID_PARAMETER, IMAPITable_Restrict(view, &bad, 0));

    /* NULL takes it away. */
    assert_hr_equal(S_OK, IMAPITable_Restrict(view, NULL, 0));
    assert_string_equal(all_ids(view, ids), "1,2,3,4,5");
    IMAPITable_Release(view);
    table->lpVtbl->Release(table);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_RES_AND_OR_NOT),
        cmocka_unit_test(test_RES_CONTENT),
        cmocka_unit_test(test_RES_PROPERTY),
        cmocka_unit_test(test_RES_COMPAREPROPS),
        cmocka_unit_test(test_RES_BITMASK),
        cmocka_unit_test(test_RES_SIZE),
        cmocka_unit_test(test_RES_EXIST),
        cmocka_unit_test(test_RES_SUBRESTRICTION),
        cmocka_unit_test(test_RES_COMMENT),
        cmocka_unit_test(test_RES_COUNT),
        cmocka_unit_test(test_multivalued_instances),
        cmocka_unit_test(test_Restrict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
