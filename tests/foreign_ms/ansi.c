/*
 * foreignms: the attachments and tables of a store that knows ANSI only
 * (PR_FMS_ANSI_ONLY), around those of OpenIMsgOnIStg's message and of
 * mapi32's ITableData, which would convert: MAPI_UNICODE answered as the
 * store's mode says, PT_UNICODE tags and columns not found and PT_UNICODE
 * values not taken, as the store's other objects do. A store that speaks
 * Unicode hands out the inner objects themselves.
 */

#include "fms.h"

struct fms_attach
{
    IAttach IAttach_iface;
    LONG ref;
    IAttach *inner;
    ULONG ansi;         /* FMS_ANSI_* */
};

static const IAttachVtbl attach_vtbl;

static inline struct fms_attach *impl_from_IAttach(IAttach *iface)
{
    return CONTAINING_RECORD(iface, struct fms_attach, IAttach_iface);
}

/***********************************************************************
 * IAttach
 */

/* Takes over the reference on inner; *attach may be the same pointer. */
HRESULT fms_attach_wrap(IAttach *inner, ULONG ansi, IAttach **attach)
{
    struct fms_attach *wrapper;

    if (!(wrapper = calloc(1, sizeof(*wrapper))))
    {
        CALL(inner, Release);
        *attach = NULL;
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    wrapper->IAttach_iface.lpVtbl = (IAttachVtbl *)&attach_vtbl;
    wrapper->ref = 1;
    wrapper->inner = inner;
    wrapper->ansi = ansi;
    *attach = &wrapper->IAttach_iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE attach_QueryInterface(IAttach *iface, REFIID iid, void **obj)
{
    Validate_IUnknown_QueryInterface(iface, iid, obj);

    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPIProp) || IsEqualIID(iid, &IID_IAttachment))
    {
        *obj = iface;
        CALL(iface, AddRef);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE attach_AddRef(IAttach *iface)
{
    return InterlockedIncrement(&impl_from_IAttach(iface)->ref);
}

static ULONG STDMETHODCALLTYPE attach_Release(IAttach *iface)
{
    struct fms_attach *attach = impl_from_IAttach(iface);
    ULONG ref = InterlockedDecrement(&attach->ref);

    if (ref) return ref;
    CALL(attach->inner, Release);
    free(attach);
    return 0;
}

static HRESULT STDMETHODCALLTYPE attach_GetLastError(IAttach *iface, HRESULT hr, ULONG flags, LPMAPIERROR *error)
{
    struct fms_attach *attach = impl_from_IAttach(iface);
    HRESULT ret;

    Validate_IMAPIProp_GetLastError(iface, hr, flags, error);
    if (FAILED(ret = fms_charwidth(attach->ansi, flags, FALSE))) return ret;
    return CALL(attach->inner, GetLastError, hr, flags & ~MAPI_UNICODE, error);
}

static HRESULT STDMETHODCALLTYPE attach_SaveChanges(IAttach *iface, ULONG flags)
{
    Validate_IMAPIProp_SaveChanges(iface, flags);
    return CALL(impl_from_IAttach(iface)->inner, SaveChanges, flags);
}

static HRESULT STDMETHODCALLTYPE attach_GetProps(IAttach *iface, LPSPropTagArray tags, ULONG flags, ULONG *count,
                                                 LPSPropValue *props)
{
    struct fms_attach *attach = impl_from_IAttach(iface);

    Validate_IMAPIProp_GetProps(iface, tags, flags, count, props);
    return fms_get_props((IMAPIProp *)attach->inner, 0, NULL, tags, flags, attach->ansi, count, props);
}

static HRESULT STDMETHODCALLTYPE attach_GetPropList(IAttach *iface, ULONG flags, LPSPropTagArray *tags)
{
    struct fms_attach *attach = impl_from_IAttach(iface);

    Validate_IMAPIProp_GetPropList(iface, flags, tags);
    return fms_get_prop_list((IMAPIProp *)attach->inner, 0, NULL, flags, attach->ansi, tags);
}

static HRESULT STDMETHODCALLTYPE attach_OpenProperty(IAttach *iface, ULONG tag, LPCIID iid, ULONG options,
                                                     ULONG flags, LPUNKNOWN *unk)
{
    Validate_IMAPIProp_OpenProperty(iface, tag, iid, options, flags, unk);
    if (fms_is_unicode(tag)) return flags & (MAPI_MODIFY | MAPI_CREATE) ? MAPI_E_BAD_CHARWIDTH : MAPI_E_NOT_FOUND;
    return CALL(impl_from_IAttach(iface)->inner, OpenProperty, tag, iid, options, flags, unk);
}

static HRESULT STDMETHODCALLTYPE attach_SetProps(IAttach *iface, ULONG count, LPSPropValue values,
                                                 LPSPropProblemArray *problems)
{
    struct fms_attach *attach = impl_from_IAttach(iface);

    Validate_IMAPIProp_SetProps(iface, count, values, problems);
    return fms_set_props((IMAPIProp *)attach->inner, 0, NULL, count, values, attach->ansi, problems);
}

static HRESULT STDMETHODCALLTYPE attach_DeleteProps(IAttach *iface, LPSPropTagArray tags,
                                                    LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_DeleteProps(iface, tags, problems);
    return CALL(impl_from_IAttach(iface)->inner, DeleteProps, tags, problems);
}

static HRESULT STDMETHODCALLTYPE attach_CopyTo(IAttach *iface, ULONG count, LPCIID exclude, LPSPropTagArray tags,
                                               ULONG ui, LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst,
                                               ULONG flags, LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyTo(iface, count, exclude, tags, ui, progress, iid, dst, flags, problems);
    return CALL(impl_from_IAttach(iface)->inner, CopyTo, count, exclude, tags, ui, progress, iid, dst, flags,
                problems);
}

static HRESULT STDMETHODCALLTYPE attach_CopyProps(IAttach *iface, LPSPropTagArray tags, ULONG ui,
                                                  LPMAPIPROGRESS progress, LPCIID iid, LPVOID dst, ULONG flags,
                                                  LPSPropProblemArray *problems)
{
    Validate_IMAPIProp_CopyProps(iface, tags, ui, progress, iid, dst, flags, problems);
    return CALL(impl_from_IAttach(iface)->inner, CopyProps, tags, ui, progress, iid, dst, flags, problems);
}

static HRESULT STDMETHODCALLTYPE attach_GetNamesFromIDs(IAttach *iface, LPSPropTagArray *tags, LPGUID guid,
                                                        ULONG flags, ULONG *count, LPMAPINAMEID **names)
{
    Validate_IMAPIProp_GetNamesFromIDs(iface, tags, guid, flags, count, names);
    return CALL(impl_from_IAttach(iface)->inner, GetNamesFromIDs, tags, guid, flags, count, names);
}

static HRESULT STDMETHODCALLTYPE attach_GetIDsFromNames(IAttach *iface, ULONG count, LPMAPINAMEID *names,
                                                        ULONG flags, LPSPropTagArray *tags)
{
    Validate_IMAPIProp_GetIDsFromNames(iface, count, names, flags, tags);
    return CALL(impl_from_IAttach(iface)->inner, GetIDsFromNames, count, names, flags, tags);
}

static const IAttachVtbl attach_vtbl =
{
    attach_QueryInterface,
    attach_AddRef,
    attach_Release,
    attach_GetLastError,
    attach_SaveChanges,
    attach_GetProps,
    attach_GetPropList,
    attach_OpenProperty,
    attach_SetProps,
    attach_DeleteProps,
    attach_CopyTo,
    attach_CopyProps,
    attach_GetNamesFromIDs,
    attach_GetIDsFromNames,
};

/***********************************************************************
 * IMAPITable
 *
 * mingw-w64's mapidefs.h has the 32-bit SDK's ULONG connections and
 * bookmarks; they are ULONG_PTR in today's SDK and in every 64-bit MAPI.
 * The wrapper and the calls to the inner table use a vtable of their own
 * with the wide types, in the interface's order.
 */

struct table_vtbl;
struct table_iface
{
    const struct table_vtbl *lpVtbl;
};

struct table_vtbl
{
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(struct table_iface *, REFIID, void **);
    ULONG (STDMETHODCALLTYPE *AddRef)(struct table_iface *);
    ULONG (STDMETHODCALLTYPE *Release)(struct table_iface *);
    HRESULT (STDMETHODCALLTYPE *GetLastError)(struct table_iface *, HRESULT, ULONG, LPMAPIERROR *);
    HRESULT (STDMETHODCALLTYPE *Advise)(struct table_iface *, ULONG, LPMAPIADVISESINK, ULONG_PTR *);
    HRESULT (STDMETHODCALLTYPE *Unadvise)(struct table_iface *, ULONG_PTR);
    HRESULT (STDMETHODCALLTYPE *GetStatus)(struct table_iface *, ULONG *, ULONG *);
    HRESULT (STDMETHODCALLTYPE *SetColumns)(struct table_iface *, LPSPropTagArray, ULONG);
    HRESULT (STDMETHODCALLTYPE *QueryColumns)(struct table_iface *, ULONG, LPSPropTagArray *);
    HRESULT (STDMETHODCALLTYPE *GetRowCount)(struct table_iface *, ULONG, ULONG *);
    HRESULT (STDMETHODCALLTYPE *SeekRow)(struct table_iface *, ULONG_PTR, LONG, LONG *);
    HRESULT (STDMETHODCALLTYPE *SeekRowApprox)(struct table_iface *, ULONG, ULONG);
    HRESULT (STDMETHODCALLTYPE *QueryPosition)(struct table_iface *, ULONG *, ULONG *, ULONG *);
    HRESULT (STDMETHODCALLTYPE *FindRow)(struct table_iface *, LPSRestriction, ULONG_PTR, ULONG);
    HRESULT (STDMETHODCALLTYPE *Restrict)(struct table_iface *, LPSRestriction, ULONG);
    HRESULT (STDMETHODCALLTYPE *CreateBookmark)(struct table_iface *, ULONG_PTR *);
    HRESULT (STDMETHODCALLTYPE *FreeBookmark)(struct table_iface *, ULONG_PTR);
    HRESULT (STDMETHODCALLTYPE *SortTable)(struct table_iface *, LPSSortOrderSet, ULONG);
    HRESULT (STDMETHODCALLTYPE *QuerySortOrder)(struct table_iface *, LPSSortOrderSet *);
    HRESULT (STDMETHODCALLTYPE *QueryRows)(struct table_iface *, LONG, ULONG, LPSRowSet *);
    HRESULT (STDMETHODCALLTYPE *Abort)(struct table_iface *);
    HRESULT (STDMETHODCALLTYPE *ExpandRow)(struct table_iface *, ULONG, LPBYTE, ULONG, ULONG, LPSRowSet *, ULONG *);
    HRESULT (STDMETHODCALLTYPE *CollapseRow)(struct table_iface *, ULONG, LPBYTE, ULONG, ULONG *);
    HRESULT (STDMETHODCALLTYPE *WaitForCompletion)(struct table_iface *, ULONG, ULONG, ULONG *);
    HRESULT (STDMETHODCALLTYPE *GetCollapseState)(struct table_iface *, ULONG, ULONG, LPBYTE, ULONG *, LPBYTE *);
    HRESULT (STDMETHODCALLTYPE *SetCollapseState)(struct table_iface *, ULONG, ULONG, LPBYTE, ULONG_PTR *);
};

struct fms_table
{
    struct table_iface iface;
    LONG ref;
    struct table_iface *inner;
    ULONG ansi;         /* FMS_ANSI_* */
};

static const struct table_vtbl table_vtbl;

static inline struct fms_table *impl_from_table(struct table_iface *iface)
{
    return CONTAINING_RECORD(iface, struct fms_table, iface);
}

#define INNER(table, method, ...) ((table)->inner->lpVtbl->method((table)->inner, ##__VA_ARGS__))

/* Takes over the reference on inner; *table may be the same pointer. */
HRESULT fms_table_wrap(IMAPITable *inner, ULONG ansi, IMAPITable **table)
{
    struct fms_table *wrapper;

    if (!(wrapper = calloc(1, sizeof(*wrapper))))
    {
        CALL(inner, Release);
        *table = NULL;
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    wrapper->iface.lpVtbl = &table_vtbl;
    wrapper->ref = 1;
    wrapper->inner = (struct table_iface *)inner;
    wrapper->ansi = ansi;
    *table = (IMAPITable *)&wrapper->iface;
    return S_OK;
}

/* No conversions: the cells of PT_UNICODE columns are not found. */
static void hide_unicode(SRowSet *rows)
{
    ULONG i, j;

    for (i = 0; rows && i < rows->cRows; i++)
    {
        for (j = 0; j < rows->aRow[i].cValues; j++)
        {
            SPropValue *value = &rows->aRow[i].lpProps[j];

            if (!fms_is_unicode(value->ulPropTag)) continue;
            value->ulPropTag = PROP_TAG(PT_ERROR, PROP_ID(value->ulPropTag));
            value->Value.err = MAPI_E_NOT_FOUND;
        }
    }
}

static HRESULT STDMETHODCALLTYPE table_QueryInterface(struct table_iface *iface, REFIID iid, void **obj)
{
    if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IMAPITable))
    {
        *obj = iface;
        iface->lpVtbl->AddRef(iface);
        return S_OK;
    }
    *obj = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE table_AddRef(struct table_iface *iface)
{
    return InterlockedIncrement(&impl_from_table(iface)->ref);
}

static ULONG STDMETHODCALLTYPE table_Release(struct table_iface *iface)
{
    struct fms_table *table = impl_from_table(iface);
    ULONG ref = InterlockedDecrement(&table->ref);

    if (ref) return ref;
    INNER(table, Release);
    free(table);
    return 0;
}

static HRESULT STDMETHODCALLTYPE table_GetLastError(struct table_iface *iface, HRESULT hr, ULONG flags,
                                                    LPMAPIERROR *error)
{
    struct fms_table *table = impl_from_table(iface);
    HRESULT ret;

    if (FAILED(ret = fms_charwidth(table->ansi, flags, FALSE))) return ret;
    return INNER(table, GetLastError, hr, flags & ~MAPI_UNICODE, error);
}

static HRESULT STDMETHODCALLTYPE table_Advise(struct table_iface *iface, ULONG mask, LPMAPIADVISESINK sink,
                                              ULONG_PTR *connection)
{
    return INNER(impl_from_table(iface), Advise, mask, sink, connection);
}

static HRESULT STDMETHODCALLTYPE table_Unadvise(struct table_iface *iface, ULONG_PTR connection)
{
    return INNER(impl_from_table(iface), Unadvise, connection);
}

static HRESULT STDMETHODCALLTYPE table_GetStatus(struct table_iface *iface, ULONG *status, ULONG *type)
{
    return INNER(impl_from_table(iface), GetStatus, status, type);
}

static HRESULT STDMETHODCALLTYPE table_SetColumns(struct table_iface *iface, LPSPropTagArray columns, ULONG flags)
{
    return INNER(impl_from_table(iface), SetColumns, columns, flags);
}

static HRESULT STDMETHODCALLTYPE table_QueryColumns(struct table_iface *iface, ULONG flags, LPSPropTagArray *columns)
{
    return INNER(impl_from_table(iface), QueryColumns, flags, columns);
}

static HRESULT STDMETHODCALLTYPE table_GetRowCount(struct table_iface *iface, ULONG flags, ULONG *count)
{
    return INNER(impl_from_table(iface), GetRowCount, flags, count);
}

static HRESULT STDMETHODCALLTYPE table_SeekRow(struct table_iface *iface, ULONG_PTR origin, LONG count, LONG *sought)
{
    return INNER(impl_from_table(iface), SeekRow, origin, count, sought);
}

static HRESULT STDMETHODCALLTYPE table_SeekRowApprox(struct table_iface *iface, ULONG numerator, ULONG denominator)
{
    return INNER(impl_from_table(iface), SeekRowApprox, numerator, denominator);
}

static HRESULT STDMETHODCALLTYPE table_QueryPosition(struct table_iface *iface, ULONG *row, ULONG *numerator,
                                                     ULONG *denominator)
{
    return INNER(impl_from_table(iface), QueryPosition, row, numerator, denominator);
}

static HRESULT STDMETHODCALLTYPE table_FindRow(struct table_iface *iface, LPSRestriction restriction, ULONG_PTR origin,
                                               ULONG flags)
{
    return INNER(impl_from_table(iface), FindRow, restriction, origin, flags);
}

static HRESULT STDMETHODCALLTYPE table_Restrict(struct table_iface *iface, LPSRestriction restriction, ULONG flags)
{
    return INNER(impl_from_table(iface), Restrict, restriction, flags);
}

static HRESULT STDMETHODCALLTYPE table_CreateBookmark(struct table_iface *iface, ULONG_PTR *position)
{
    return INNER(impl_from_table(iface), CreateBookmark, position);
}

static HRESULT STDMETHODCALLTYPE table_FreeBookmark(struct table_iface *iface, ULONG_PTR position)
{
    return INNER(impl_from_table(iface), FreeBookmark, position);
}

static HRESULT STDMETHODCALLTYPE table_SortTable(struct table_iface *iface, LPSSortOrderSet sort, ULONG flags)
{
    return INNER(impl_from_table(iface), SortTable, sort, flags);
}

static HRESULT STDMETHODCALLTYPE table_QuerySortOrder(struct table_iface *iface, LPSSortOrderSet *sort)
{
    return INNER(impl_from_table(iface), QuerySortOrder, sort);
}

static HRESULT STDMETHODCALLTYPE table_QueryRows(struct table_iface *iface, LONG count, ULONG flags, LPSRowSet *rows)
{
    HRESULT hr = INNER(impl_from_table(iface), QueryRows, count, flags, rows);

    if (SUCCEEDED(hr)) hide_unicode(*rows);
    return hr;
}

static HRESULT STDMETHODCALLTYPE table_Abort(struct table_iface *iface)
{
    return INNER(impl_from_table(iface), Abort);
}

static HRESULT STDMETHODCALLTYPE table_ExpandRow(struct table_iface *iface, ULONG size, LPBYTE key, ULONG count,
                                                 ULONG flags, LPSRowSet *rows, ULONG *more)
{
    HRESULT hr = INNER(impl_from_table(iface), ExpandRow, size, key, count, flags, rows, more);

    if (SUCCEEDED(hr) && rows) hide_unicode(*rows);
    return hr;
}

static HRESULT STDMETHODCALLTYPE table_CollapseRow(struct table_iface *iface, ULONG size, LPBYTE key, ULONG flags,
                                                   ULONG *count)
{
    return INNER(impl_from_table(iface), CollapseRow, size, key, flags, count);
}

static HRESULT STDMETHODCALLTYPE table_WaitForCompletion(struct table_iface *iface, ULONG flags, ULONG timeout,
                                                         ULONG *status)
{
    return INNER(impl_from_table(iface), WaitForCompletion, flags, timeout, status);
}

static HRESULT STDMETHODCALLTYPE table_GetCollapseState(struct table_iface *iface, ULONG flags, ULONG size, LPBYTE key,
                                                        ULONG *state_size, LPBYTE *state)
{
    return INNER(impl_from_table(iface), GetCollapseState, flags, size, key, state_size, state);
}

static HRESULT STDMETHODCALLTYPE table_SetCollapseState(struct table_iface *iface, ULONG flags, ULONG size,
                                                        LPBYTE state, ULONG_PTR *location)
{
    return INNER(impl_from_table(iface), SetCollapseState, flags, size, state, location);
}

static const struct table_vtbl table_vtbl =
{
    table_QueryInterface,
    table_AddRef,
    table_Release,
    table_GetLastError,
    table_Advise,
    table_Unadvise,
    table_GetStatus,
    table_SetColumns,
    table_QueryColumns,
    table_GetRowCount,
    table_SeekRow,
    table_SeekRowApprox,
    table_QueryPosition,
    table_FindRow,
    table_Restrict,
    table_CreateBookmark,
    table_FreeBookmark,
    table_SortTable,
    table_QuerySortOrder,
    table_QueryRows,
    table_Abort,
    table_ExpandRow,
    table_CollapseRow,
    table_WaitForCompletion,
    table_GetCollapseState,
    table_SetCollapseState,
};
