/*
 * Restrictions: checking, copying and evaluating an SRestriction against a
 * row of a table view.
 *
 * Values are compared by prop.c's workers of FPropCompareProp (RELOP_RE and
 * tuples of multi-valued values included) and FPropContainsProp. A
 * multi-valued column the view does not expand matches when one of its
 * values does, or as a whole against a multi-valued constant.
 */

#include "table_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

static BOOL is_comparable_type(ULONG type)
{
    switch (type)
    {
    case PT_I2: case PT_LONG: case PT_R4: case PT_DOUBLE: case PT_CURRENCY: case PT_APPTIME:
    case PT_BOOLEAN: case PT_I8: case PT_STRING8: case PT_UNICODE: case PT_SYSTIME:
    case PT_CLSID: case PT_BINARY:
        return TRUE;
    }
    return FALSE;
}

static BOOL is_string_type(ULONG type)
{
    return type == PT_STRING8 || type == PT_UNICODE;
}

/* The type a value of a multi-valued tag has one instance at a time. */
static ULONG single_type(ULONG type)
{
    return type & ~MVI_FLAG;
}

static HRESULT check_relop(ULONG relop)
{
    return relop <= RELOP_RE ? S_OK : MAPI_E_INVALID_PARAMETER;
}

/* A property or content restriction on tag with a constant of type value_type. */
static HRESULT check_value_types(ULONG tag, ULONG value_type)
{
    ULONG type = PROP_TYPE(tag);

    if (value_type & MV_INSTANCE) return MAPI_E_TOO_COMPLEX;
    if (type & MV_FLAG)
    {
        /* Any instance against a single value, or the whole tuple against a tuple. */
        if (value_type == single_type(type)) return is_comparable_type(value_type) ? S_OK : MAPI_E_TOO_COMPLEX;
        if (!(type & MV_INSTANCE) && value_type == type) return is_comparable_type(single_type(type)) ? S_OK : MAPI_E_TOO_COMPLEX;
        return MAPI_E_TOO_COMPLEX;
    }
    if (type != value_type || !is_comparable_type(type)) return MAPI_E_TOO_COMPLEX;
    return S_OK;
}

/* What the engine can evaluate of a restriction FBadRestriction found well formed. */
static HRESULT validate(const SRestriction *res, ULONG depth)
{
    HRESULT hr;
    ULONG i, type;

    if (!res) return MAPI_E_INVALID_PARAMETER;

    switch (res->rt)
    {
    case RES_AND:
    case RES_OR:
        if (res->res.resAnd.cRes && !res->res.resAnd.lpRes) return MAPI_E_INVALID_PARAMETER;
        for (i = 0; i < res->res.resAnd.cRes; i++)
            if (FAILED(hr = validate(&res->res.resAnd.lpRes[i], depth + 1))) return hr;
        return S_OK;

    case RES_NOT:
        return validate(res->res.resNot.lpRes, depth + 1);

    case RES_CONTENT:
        if (!res->res.resContent.lpProp) return MAPI_E_INVALID_PARAMETER;
        if ((res->res.resContent.ulFuzzyLevel & 0xffff) > FL_PREFIX) return MAPI_E_TOO_COMPLEX;
        type = single_type(PROP_TYPE(res->res.resContent.ulPropTag));
        if (type != PT_STRING8 && type != PT_UNICODE && type != PT_BINARY) return MAPI_E_TOO_COMPLEX;
        if (PROP_TYPE(res->res.resContent.lpProp->ulPropTag) != type) return MAPI_E_TOO_COMPLEX;
        return S_OK;

    case RES_PROPERTY:
        if (!res->res.resProperty.lpProp) return MAPI_E_INVALID_PARAMETER;
        if (FAILED(hr = check_relop(res->res.resProperty.relop))) return hr;
        if (FAILED(hr = check_value_types(res->res.resProperty.ulPropTag,
                                          PROP_TYPE(res->res.resProperty.lpProp->ulPropTag)))) return hr;
        if (res->res.resProperty.relop == RELOP_RE
                && !is_string_type(PROP_TYPE(res->res.resProperty.lpProp->ulPropTag))) return MAPI_E_TOO_COMPLEX;
        return S_OK;

    case RES_COMPAREPROPS:
        if (FAILED(hr = check_relop(res->res.resCompareProps.relop))) return hr;
        if (res->res.resCompareProps.relop == RELOP_RE) return MAPI_E_TOO_COMPLEX;
        type = PROP_TYPE(res->res.resCompareProps.ulPropTag1);
        if (type != PROP_TYPE(res->res.resCompareProps.ulPropTag2)) return MAPI_E_TOO_COMPLEX;
        if (!is_comparable_type(single_type(type))) return MAPI_E_TOO_COMPLEX;
        return S_OK;

    case RES_BITMASK:
        if (res->res.resBitMask.relBMR > BMR_NEZ) return MAPI_E_INVALID_PARAMETER;
        type = single_type(PROP_TYPE(res->res.resBitMask.ulPropTag));
        if (type != PT_LONG && type != PT_I2) return MAPI_E_TOO_COMPLEX;
        return S_OK;

    case RES_SIZE:
        if (FAILED(hr = check_relop(res->res.resSize.relop))) return hr;
        if (res->res.resSize.relop == RELOP_RE) return MAPI_E_TOO_COMPLEX;
        return S_OK;

    case RES_EXIST:
        return S_OK;

    case RES_SUBRESTRICTION:
        if (!res->res.resSub.lpRes) return MAPI_E_INVALID_PARAMETER;
        /* Table rows are property values: they have no attachments or recipients to look into. */
        WARN("sub-object restriction on %#lx: rows have no sub-objects\n", res->res.resSub.ulSubObject);
        return MAPI_E_TOO_COMPLEX;

    case RES_COMMENT:
        if (res->res.resComment.cValues && !res->res.resComment.lpProp) return MAPI_E_INVALID_PARAMETER;
        if (!res->res.resComment.lpRes) return S_OK;
        return validate(res->res.resComment.lpRes, depth + 1);

    case RES_COUNT:
        if (!res_count((SRestriction *)res)->lpRes) return S_OK;
        return validate(res_count((SRestriction *)res)->lpRes, depth + 1);
    }

    WARN("unknown restriction type %lu\n", res->rt);
    return MAPI_E_INVALID_PARAMETER;
}

/* Checks a caller's restriction: MAPI_E_INVALID_PARAMETER if malformed,
 * MAPI_E_TOO_COMPLEX if well formed but not something the engine can evaluate. */
HRESULT restriction_validate(const SRestriction *res)
{
    if (FBadRestriction((SRestriction *)res))
    {
        WARN("malformed restriction\n");
        return MAPI_E_INVALID_PARAMETER;
    }
    return validate(res, 0);
}

static HRESULT copy_props(SPropValue **dst, const SPropValue *src, ULONG count, void *root)
{
    SCODE sc;
    ULONG i;

    if (!count || !src)
    {
        *dst = NULL;
        return S_OK;
    }
    if ((sc = MAPIAllocateMore(count * sizeof(**dst), root, (void **)dst))) return sc;
    for (i = 0; i < count; i++)
        if ((sc = PropCopyMore(&(*dst)[i], (SPropValue *)&src[i], MAPIAllocateMore, root))) return sc;
    return S_OK;
}

static HRESULT copy_res(SRestriction *dst, const SRestriction *src, void *root);

static HRESULT copy_res_array(SRestriction **dst, const SRestriction *src, ULONG count, void *root)
{
    HRESULT hr;
    ULONG i;

    if (!count || !src)
    {
        *dst = NULL;
        return S_OK;
    }
    if ((hr = MAPIAllocateMore(count * sizeof(**dst), root, (void **)dst))) return hr;
    for (i = 0; i < count; i++)
        if (FAILED(hr = copy_res(&(*dst)[i], &src[i], root))) return hr;
    return S_OK;
}

static HRESULT copy_res(SRestriction *dst, const SRestriction *src, void *root)
{
    *dst = *src;
    switch (src->rt)
    {
    case RES_AND:
    case RES_OR:
        return copy_res_array(&dst->res.resAnd.lpRes, src->res.resAnd.lpRes, src->res.resAnd.cRes, root);
    case RES_NOT:
        return copy_res_array(&dst->res.resNot.lpRes, src->res.resNot.lpRes, 1, root);
    case RES_CONTENT:
        return copy_props(&dst->res.resContent.lpProp, src->res.resContent.lpProp, 1, root);
    case RES_PROPERTY:
        return copy_props(&dst->res.resProperty.lpProp, src->res.resProperty.lpProp, 1, root);
    case RES_SUBRESTRICTION:
        return copy_res_array(&dst->res.resSub.lpRes, src->res.resSub.lpRes, 1, root);
    case RES_COMMENT:
    {
        HRESULT hr = copy_props(&dst->res.resComment.lpProp, src->res.resComment.lpProp,
                                src->res.resComment.cValues, root);
        if (FAILED(hr)) return hr;
        return copy_res_array(&dst->res.resComment.lpRes, src->res.resComment.lpRes, 1, root);
    }
    case RES_COUNT:
        return copy_res_array(&res_count(dst)->lpRes, res_count((SRestriction *)src)->lpRes, 1, root);
    }
    return S_OK;
}

/* Deep copy of a checked restriction in one MAPIAllocateBuffer chain. */
HRESULT restriction_dup(const SRestriction *res, SRestriction **copy)
{
    SRestriction *root;
    HRESULT hr;

    if ((hr = MAPIAllocateBuffer(sizeof(*root), (void **)&root))) return hr;
    if (FAILED(hr = copy_res(root, res, root)))
    {
        MAPIFreeBuffer(root);
        return hr;
    }
    *copy = root;
    return S_OK;
}

/* How many RES_COUNT nodes the restriction has: each keeps a count while a table is filtered. */
ULONG restriction_count_nodes(const SRestriction *res)
{
    ULONG i, count = 0;

    if (!res) return 0;
    switch (res->rt)
    {
    case RES_AND:
    case RES_OR:
        for (i = 0; i < res->res.resAnd.cRes; i++) count += restriction_count_nodes(&res->res.resAnd.lpRes[i]);
        return count;
    case RES_NOT:
        return restriction_count_nodes(res->res.resNot.lpRes);
    case RES_COMMENT:
        return restriction_count_nodes(res->res.resComment.lpRes);
    case RES_COUNT:
        return 1 + restriction_count_nodes(res_count((SRestriction *)res)->lpRes);
    }
    return 0;
}

static BOOL relop_holds(int comparison, ULONG relop)
{
    switch (relop)
    {
    case RELOP_LT: return comparison < 0;
    case RELOP_LE: return comparison <= 0;
    case RELOP_GT: return comparison > 0;
    case RELOP_GE: return comparison >= 0;
    case RELOP_EQ: return comparison == 0;
    case RELOP_NE: return comparison != 0;
    }
    return FALSE;
}

/* Looks tag up; a value of a multi-valued property the view does not expand
 * is tested one instance at a time by the caller. */
static BOOL lookup(struct restrict_context *context, const struct view_row *vrow, ULONG tag, SPropValue *value)
{
    if (!view_row_value(context->view, vrow, tag, value, context->scratch)) return FALSE;
    return PROP_TYPE(value->ulPropTag) != PT_ERROR;
}

static BOOL match_property(struct restrict_context *context, const SPropertyRestriction *res,
                           const struct view_row *vrow)
{
    ULONG constant_type = PROP_TYPE(res->lpProp->ulPropTag);
    SPropValue value, element;
    ULONG i, count;

    if (!lookup(context, vrow, res->ulPropTag, &value)) return FALSE;

    if (!(PROP_TYPE(value.ulPropTag) & MV_FLAG))
        return PROP_TYPE(value.ulPropTag) == constant_type && mapi_prop_relop(&value, res->relop, res->lpProp);

    if (constant_type & MV_FLAG) return mapi_prop_relop(&value, res->relop, res->lpProp);

    count = mv_count(&value);
    for (i = 0; i < count; i++)
        if (mv_element(&value, i, &element) && mapi_prop_relop(&element, res->relop, res->lpProp))
            return TRUE;
    return FALSE;
}

static BOOL match_content(struct restrict_context *context, const SContentRestriction *res,
                          const struct view_row *vrow)
{
    SPropValue value, element;
    ULONG i, count;

    if (!lookup(context, vrow, res->ulPropTag, &value)) return FALSE;

    if (!(PROP_TYPE(value.ulPropTag) & MV_FLAG))
        return PROP_TYPE(value.ulPropTag) == PROP_TYPE(res->lpProp->ulPropTag)
            && mapi_prop_contains(&value, res->lpProp, res->ulFuzzyLevel);

    count = mv_count(&value);
    for (i = 0; i < count; i++)
        if (mv_element(&value, i, &element) && mapi_prop_contains(&element, res->lpProp, res->ulFuzzyLevel))
            return TRUE;
    return FALSE;
}

static BOOL match_compare_props(struct restrict_context *context, const SComparePropsRestriction *res,
                                const struct view_row *vrow)
{
    SPropValue first, second;

    if (!lookup(context, vrow, res->ulPropTag1, &first)) return FALSE;
    if (!lookup(context, vrow, res->ulPropTag2, &second)) return FALSE;
    return mapi_prop_relop(&first, res->relop, &second);
}

static BOOL bits_match(const SPropValue *value, const SBitMaskRestriction *res)
{
    ULONG bits;

    switch (PROP_TYPE(value->ulPropTag))
    {
    case PT_LONG: bits = value->Value.ul; break;
    case PT_I2:   bits = (USHORT)value->Value.i; break;
    default:      return FALSE;
    }
    return res->relBMR == BMR_EQZ ? !(bits & res->ulMask) : !!(bits & res->ulMask);
}

static BOOL match_bitmask(struct restrict_context *context, const SBitMaskRestriction *res,
                          const struct view_row *vrow)
{
    SPropValue value, element;
    ULONG i, count;

    if (!lookup(context, vrow, res->ulPropTag, &value)) return FALSE;
    if (!(PROP_TYPE(value.ulPropTag) & MV_FLAG)) return bits_match(&value, res);

    count = mv_count(&value);
    for (i = 0; i < count; i++)
        if (mv_element(&value, i, &element) && bits_match(&element, res)) return TRUE;
    return FALSE;
}

static BOOL match_size(struct restrict_context *context, const SSizeRestriction *res, const struct view_row *vrow)
{
    SPropValue value;
    ULONG size;

    if (!lookup(context, vrow, res->ulPropTag, &value)) return FALSE;
    size = UlPropSize(&value);
    return relop_holds(size < res->cb ? -1 : size > res->cb ? 1 : 0, res->relop);
}

static struct restrict_counter *find_counter(struct restrict_context *context, const SRestriction *node)
{
    struct restrict_counter *counters;
    ULONG i;

    for (i = 0; i < context->counter_count; i++)
        if (context->counters[i].node == node) return &context->counters[i];

    if (context->counter_count == context->counter_capacity)
    {
        ULONG capacity = max(4, context->counter_capacity * 2);

        if (context->counters)
            counters = HeapReAlloc(GetProcessHeap(), 0, context->counters, capacity * sizeof(*counters));
        else
            counters = HeapAlloc(GetProcessHeap(), 0, capacity * sizeof(*counters));
        if (!counters) return NULL;
        context->counters = counters;
        context->counter_capacity = capacity;
    }
    context->counters[context->counter_count].node = node;
    context->counters[context->counter_count].matched = 0;
    return &context->counters[context->counter_count++];
}

/* Whether a row of the view passes res. RES_COUNT counts the rows it passed
 * in context: give every row of one pass the same context, in table order. */
BOOL restriction_match(struct restrict_context *context, const SRestriction *res, const struct view_row *vrow)
{
    ULONG i;

    switch (res->rt)
    {
    case RES_AND:
        for (i = 0; i < res->res.resAnd.cRes; i++)
            if (!restriction_match(context, &res->res.resAnd.lpRes[i], vrow)) return FALSE;
        return TRUE;

    case RES_OR:
        for (i = 0; i < res->res.resOr.cRes; i++)
            if (restriction_match(context, &res->res.resOr.lpRes[i], vrow)) return TRUE;
        return FALSE;

    case RES_NOT:
        return !restriction_match(context, res->res.resNot.lpRes, vrow);

    case RES_CONTENT:
        return match_content(context, &res->res.resContent, vrow);

    case RES_PROPERTY:
        return match_property(context, &res->res.resProperty, vrow);

    case RES_COMPAREPROPS:
        return match_compare_props(context, &res->res.resCompareProps, vrow);

    case RES_BITMASK:
        return match_bitmask(context, &res->res.resBitMask, vrow);

    case RES_SIZE:
        return match_size(context, &res->res.resSize, vrow);

    case RES_EXIST:
    {
        SPropValue value;
        return lookup(context, vrow, res->res.resExist.ulPropTag, &value);
    }

    case RES_COMMENT:
        return !res->res.resComment.lpRes || restriction_match(context, res->res.resComment.lpRes, vrow);

    case RES_COUNT:
    {
        const SCountRestriction *count = res_count((SRestriction *)res);
        struct restrict_counter *counter = find_counter(context, res);

        if (counter && counter->matched >= count->ulCount) return FALSE;
        if (count->lpRes && !restriction_match(context, count->lpRes, vrow)) return FALSE;
        if (counter) counter->matched++;
        return TRUE;
    }
    }
    return FALSE;
}
