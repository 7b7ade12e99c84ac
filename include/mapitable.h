/*
 * MAPI tables as today's SDK declares them: ITableData, CreateTable and the
 * IMAPITable vtable, with the constants Wine's mapidefs.h lacks.
 *
 * Include it before mapiutil.h (mapi32_private.h and mapi32_test.h do).
 *
 * Wine's headers declare ITableData::HrGetView and CALLERRELEASE with ULONG
 * caller data and IMAPITable::Advise/Unadvise with a ULONG connection; today's
 * SDK has ULONG_PTR for both, which only matters on 64-bit. Wine's ITableData
 * declarations are renamed out of the way while mapiutil.h is read and declared
 * again below. IMAPITable cannot be renamed (every other MAPI interface hands
 * out an LPMAPITABLE), so the object keeps Wine's type and its vtable is
 * reached through IMAPITableSDKVtbl, whose layout is the same.
 */
#ifndef __WINE_MAPITABLE_H
#define __WINE_MAPITABLE_H

#ifdef MAPIUTIL_H_
#error "mapitable.h must be included before mapiutil.h"
#endif

#include <stdarg.h>
#include <stddef.h>

#include <windef.h>
#include <winbase.h>
#include <objbase.h>
#include <mapidefs.h>

#define ITableData    wine_ulong_ITableData
#define LPTABLEDATA   wine_ulong_LPTABLEDATA
#define CALLERRELEASE wine_ulong_CALLERRELEASE
#define CreateTable   wine_ulong_CreateTable
#include <mapiutil.h>
#undef ITableData
#undef LPTABLEDATA
#undef CALLERRELEASE
#undef CreateTable

#ifdef __cplusplus
extern "C" {
#endif

/* IMAPITable::QueryColumns */
#ifndef TBL_ALL_COLUMNS
#define TBL_ALL_COLUMNS 0x00000001U
#endif

/* IMAPITable::QueryRows */
#ifndef TBL_NOADVANCE
#define TBL_NOADVANCE 0x00000001U
#endif

/* PR_ROW_TYPE values */
#ifndef TBL_LEAF_ROW
#define TBL_LEAF_ROW           1U
#define TBL_EMPTY_CATEGORY     2U
#define TBL_EXPANDED_CATEGORY  3U
#define TBL_COLLAPSED_CATEGORY 4U
#endif

/* RES_COUNT has no member of Wine's SRestriction union; its layout has room
 * for the SCountRestriction of mapidefs_sdk.h, reached through this. */
#define res_count(r) ((SCountRestriction *)&(r)->res)

/* SSortOrder ulOrder values of categorised sorts */
#ifndef TABLE_SORT_CATEG_MAX
#define TABLE_SORT_CATEG_MAX 0x04
#define TABLE_SORT_CATEG_MIN 0x08
#endif

#ifndef SizedSSortOrderSet
#define CbNewSSortOrderSet(n) (offsetof(SSortOrderSet,aSort)+(n)*sizeof(SSortOrder))
#define CbSSortOrderSet(p)    CbNewSSortOrderSet((p)->cSorts)
#define SizedSSortOrderSet(n,id) \
    struct _SSortOrderSet_##id { ULONG cSorts; ULONG cCategories; ULONG cExpanded; SSortOrder aSort[n]; } id
#endif

#ifndef CbNewSRowSet
#define CbNewSRowSet(n) (offsetof(SRowSet,aRow)+(n)*sizeof(SRow))
#endif

/*****************************************************************************
 * IMAPITable vtable with today's SDK types
 */
typedef struct IMAPITableSDKVtbl
{
    HRESULT (STDMETHODCALLTYPE *QueryInterface)(IMAPITable *This, REFIID riid, void **obj);
    ULONG   (STDMETHODCALLTYPE *AddRef)(IMAPITable *This);
    ULONG   (STDMETHODCALLTYPE *Release)(IMAPITable *This);
    HRESULT (STDMETHODCALLTYPE *GetLastError)(IMAPITable *This, HRESULT hr, ULONG flags, LPMAPIERROR *error);
    HRESULT (STDMETHODCALLTYPE *Advise)(IMAPITable *This, ULONG mask, LPMAPIADVISESINK sink, ULONG_PTR *connection);
    HRESULT (STDMETHODCALLTYPE *Unadvise)(IMAPITable *This, ULONG_PTR connection);
    HRESULT (STDMETHODCALLTYPE *GetStatus)(IMAPITable *This, ULONG *status, ULONG *type);
    HRESULT (STDMETHODCALLTYPE *SetColumns)(IMAPITable *This, LPSPropTagArray columns, ULONG flags);
    HRESULT (STDMETHODCALLTYPE *QueryColumns)(IMAPITable *This, ULONG flags, LPSPropTagArray *columns);
    HRESULT (STDMETHODCALLTYPE *GetRowCount)(IMAPITable *This, ULONG flags, ULONG *count);
    HRESULT (STDMETHODCALLTYPE *SeekRow)(IMAPITable *This, BOOKMARK origin, LONG count, LONG *sought);
    HRESULT (STDMETHODCALLTYPE *SeekRowApprox)(IMAPITable *This, ULONG numerator, ULONG denominator);
    HRESULT (STDMETHODCALLTYPE *QueryPosition)(IMAPITable *This, ULONG *row, ULONG *numerator, ULONG *denominator);
    HRESULT (STDMETHODCALLTYPE *FindRow)(IMAPITable *This, LPSRestriction restriction, BOOKMARK origin, ULONG flags);
    HRESULT (STDMETHODCALLTYPE *Restrict)(IMAPITable *This, LPSRestriction restriction, ULONG flags);
    HRESULT (STDMETHODCALLTYPE *CreateBookmark)(IMAPITable *This, BOOKMARK *position);
    HRESULT (STDMETHODCALLTYPE *FreeBookmark)(IMAPITable *This, BOOKMARK position);
    HRESULT (STDMETHODCALLTYPE *SortTable)(IMAPITable *This, LPSSortOrderSet sort, ULONG flags);
    HRESULT (STDMETHODCALLTYPE *QuerySortOrder)(IMAPITable *This, LPSSortOrderSet *sort);
    HRESULT (STDMETHODCALLTYPE *QueryRows)(IMAPITable *This, LONG count, ULONG flags, LPSRowSet *rows);
    HRESULT (STDMETHODCALLTYPE *Abort)(IMAPITable *This);
    HRESULT (STDMETHODCALLTYPE *ExpandRow)(IMAPITable *This, ULONG key_size, LPBYTE key, ULONG count,
                                           ULONG flags, LPSRowSet *rows, ULONG *more);
    HRESULT (STDMETHODCALLTYPE *CollapseRow)(IMAPITable *This, ULONG key_size, LPBYTE key, ULONG flags, ULONG *count);
    HRESULT (STDMETHODCALLTYPE *WaitForCompletion)(IMAPITable *This, ULONG flags, ULONG timeout, ULONG *status);
    HRESULT (STDMETHODCALLTYPE *GetCollapseState)(IMAPITable *This, ULONG flags, ULONG key_size, LPBYTE key,
                                                  ULONG *state_size, LPBYTE *state);
    HRESULT (STDMETHODCALLTYPE *SetCollapseState)(IMAPITable *This, ULONG flags, ULONG state_size, LPBYTE state,
                                                  BOOKMARK *location);
} IMAPITableSDKVtbl;

#define IMAPITABLE_SDK_VTBL(p) ((const IMAPITableSDKVtbl *)(p)->lpVtbl)

#undef IMAPITable_QueryInterface
#undef IMAPITable_AddRef
#undef IMAPITable_Release
#undef IMAPITable_GetLastError
#undef IMAPITable_Advise
#undef IMAPITable_Unadvise
#undef IMAPITable_GetStatus
#undef IMAPITable_SetColumns
#undef IMAPITable_QueryColumns
#undef IMAPITable_GetRowCount
#undef IMAPITable_SeekRow
#undef IMAPITable_SeekRowApprox
#undef IMAPITable_QueryPosition
#undef IMAPITable_FindRow
#undef IMAPITable_Restrict
#undef IMAPITable_CreateBookmark
#undef IMAPITable_FreeBookmark
#undef IMAPITable_SortTable
#undef IMAPITable_QuerySortOrder
#undef IMAPITable_QueryRows
#undef IMAPITable_Abort
#undef IMAPITable_ExpandRow
#undef IMAPITable_CollapseRow
#undef IMAPITable_WaitForCompletion
#undef IMAPITable_GetCollapseState
#undef IMAPITable_SetCollapseState

#define IMAPITable_QueryInterface(p,a,b)         IMAPITABLE_SDK_VTBL(p)->QueryInterface(p,a,b)
#define IMAPITable_AddRef(p)                     IMAPITABLE_SDK_VTBL(p)->AddRef(p)
#define IMAPITable_Release(p)                    IMAPITABLE_SDK_VTBL(p)->Release(p)
#define IMAPITable_GetLastError(p,a,b,c)         IMAPITABLE_SDK_VTBL(p)->GetLastError(p,a,b,c)
#define IMAPITable_Advise(p,a,b,c)               IMAPITABLE_SDK_VTBL(p)->Advise(p,a,b,c)
#define IMAPITable_Unadvise(p,a)                 IMAPITABLE_SDK_VTBL(p)->Unadvise(p,a)
#define IMAPITable_GetStatus(p,a,b)              IMAPITABLE_SDK_VTBL(p)->GetStatus(p,a,b)
#define IMAPITable_SetColumns(p,a,b)             IMAPITABLE_SDK_VTBL(p)->SetColumns(p,a,b)
#define IMAPITable_QueryColumns(p,a,b)           IMAPITABLE_SDK_VTBL(p)->QueryColumns(p,a,b)
#define IMAPITable_GetRowCount(p,a,b)            IMAPITABLE_SDK_VTBL(p)->GetRowCount(p,a,b)
#define IMAPITable_SeekRow(p,a,b,c)              IMAPITABLE_SDK_VTBL(p)->SeekRow(p,a,b,c)
#define IMAPITable_SeekRowApprox(p,a,b)          IMAPITABLE_SDK_VTBL(p)->SeekRowApprox(p,a,b)
#define IMAPITable_QueryPosition(p,a,b,c)        IMAPITABLE_SDK_VTBL(p)->QueryPosition(p,a,b,c)
#define IMAPITable_FindRow(p,a,b,c)              IMAPITABLE_SDK_VTBL(p)->FindRow(p,a,b,c)
#define IMAPITable_Restrict(p,a,b)               IMAPITABLE_SDK_VTBL(p)->Restrict(p,a,b)
#define IMAPITable_CreateBookmark(p,a)           IMAPITABLE_SDK_VTBL(p)->CreateBookmark(p,a)
#define IMAPITable_FreeBookmark(p,a)             IMAPITABLE_SDK_VTBL(p)->FreeBookmark(p,a)
#define IMAPITable_SortTable(p,a,b)              IMAPITABLE_SDK_VTBL(p)->SortTable(p,a,b)
#define IMAPITable_QuerySortOrder(p,a)           IMAPITABLE_SDK_VTBL(p)->QuerySortOrder(p,a)
#define IMAPITable_QueryRows(p,a,b,c)            IMAPITABLE_SDK_VTBL(p)->QueryRows(p,a,b,c)
#define IMAPITable_Abort(p)                      IMAPITABLE_SDK_VTBL(p)->Abort(p)
#define IMAPITable_ExpandRow(p,a,b,c,d,e,f)      IMAPITABLE_SDK_VTBL(p)->ExpandRow(p,a,b,c,d,e,f)
#define IMAPITable_CollapseRow(p,a,b,c,d)        IMAPITABLE_SDK_VTBL(p)->CollapseRow(p,a,b,c,d)
#define IMAPITable_WaitForCompletion(p,a,b,c)    IMAPITABLE_SDK_VTBL(p)->WaitForCompletion(p,a,b,c)
#define IMAPITable_GetCollapseState(p,a,b,c,d,e) IMAPITABLE_SDK_VTBL(p)->GetCollapseState(p,a,b,c,d,e)
#define IMAPITable_SetCollapseState(p,a,b,c,d)   IMAPITABLE_SDK_VTBL(p)->SetCollapseState(p,a,b,c,d)

/*****************************************************************************
 * ITableData interface
 *
 * The data behind IMAPITable views, built with CreateTable.
 */
typedef struct ITableData *LPTABLEDATA;

typedef void (WINAPI CALLERRELEASE)(ULONG_PTR,LPTABLEDATA,LPMAPITABLE);

#define INTERFACE ITableData
DECLARE_INTERFACE_(ITableData,IUnknown)
{
    /*** IUnknown methods ***/
    STDMETHOD_(HRESULT,QueryInterface)(THIS_ REFIID riid, void **ppvObject) PURE;
    STDMETHOD_(ULONG,AddRef)(THIS) PURE;
    STDMETHOD_(ULONG,Release)(THIS) PURE;
    /*** ITableData methods ***/
    STDMETHOD(HrGetView)(THIS_ LPSSortOrderSet lpSort, CALLERRELEASE *lpRel,
                         ULONG_PTR ulData, LPMAPITABLE *lppTable) PURE;
    STDMETHOD(HrModifyRow)(THIS_ LPSRow lpRow) PURE;
    STDMETHOD(HrDeleteRow)(THIS_ LPSPropValue lpKey) PURE;
    STDMETHOD(HrQueryRow)(THIS_ LPSPropValue lpKey, LPSRow *lppRow, ULONG *lpRowNum) PURE;
    STDMETHOD(HrEnumRow)(THIS_ ULONG ulRowNum, LPSRow *lppRow) PURE;
    STDMETHOD(HrNotify)(THIS_ ULONG ulFlags, ULONG cValues, LPSPropValue lpValues) PURE;
    STDMETHOD(HrInsertRow)(THIS_ ULONG ulRow, LPSRow lpRow) PURE;
    STDMETHOD(HrModifyRows)(THIS_ ULONG ulFlags, LPSRowSet lpRows) PURE;
    STDMETHOD(HrDeleteRows)(THIS_ ULONG ulFlags, LPSRowSet lpRows, ULONG *lpCount) PURE;
};
#undef INTERFACE

SCODE WINAPI CreateTable(LPCIID,ALLOCATEBUFFER*,ALLOCATEMORE*,FREEBUFFER*,
                         LPVOID,ULONG,ULONG,LPSPropTagArray,LPTABLEDATA*);

#ifdef __cplusplus
}
#endif

#endif /* __WINE_MAPITABLE_H */
