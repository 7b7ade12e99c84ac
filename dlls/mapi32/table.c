/*
 * Tables: CreateTable, ITableData and the IMAPITable views.
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  CreateTable@36 (MAPI32.61)
 *
 * NOTES
 *  Not implemented: the table engine is not there yet.
 */
SCODE WINAPI CreateTable(LPCIID iid, ALLOCATEBUFFER *allocate_buffer, ALLOCATEMORE *allocate_more, FREEBUFFER *free_buffer, LPVOID reserved, ULONG table_type, ULONG index_tag, LPSPropTagArray columns, LPTABLEDATA *table_data)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)iid, (void *)(ULONG_PTR)allocate_buffer, (void *)(ULONG_PTR)allocate_more, (void *)(ULONG_PTR)free_buffer, (void *)(ULONG_PTR)reserved, (void *)(ULONG_PTR)table_type, (void *)(ULONG_PTR)index_tag, (void *)(ULONG_PTR)columns, (void *)(ULONG_PTR)table_data);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrQueryAllRows@24 (MAPI32.75)
 *
 * NOTES
 *  Not implemented: the table engine is not there yet.
 */
HRESULT WINAPI HrQueryAllRows(LPMAPITABLE table, LPSPropTagArray columns, LPSRestriction restriction, LPSSortOrderSet sort, LONG row_max, LPSRowSet *rows)
{
    FIXME("(%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)table, (void *)(ULONG_PTR)columns, (void *)(ULONG_PTR)restriction, (void *)(ULONG_PTR)sort, (void *)(ULONG_PTR)row_max, (void *)(ULONG_PTR)rows);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrAddColumns@16 (MAPI32.81)
 *
 * NOTES
 *  Not implemented: the table engine is not there yet.
 */
HRESULT WINAPI HrAddColumns(LPMAPITABLE table, LPSPropTagArray columns, LPALLOCATEBUFFER allocate_buffer, LPFREEBUFFER free_buffer)
{
    FIXME("(%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)table, (void *)(ULONG_PTR)columns, (void *)(ULONG_PTR)allocate_buffer, (void *)(ULONG_PTR)free_buffer);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrAddColumnsEx@20 (MAPI32.82)
 *
 * NOTES
 *  Not implemented: the table engine is not there yet.
 */
HRESULT WINAPI HrAddColumnsEx(LPMAPITABLE table, LPSPropTagArray columns, LPALLOCATEBUFFER allocate_buffer, LPFREEBUFFER free_buffer, void (*filter)(LPSPropTagArray))
{
    FIXME("(%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)table, (void *)(ULONG_PTR)columns, (void *)(ULONG_PTR)allocate_buffer, (void *)(ULONG_PTR)free_buffer, (void *)(ULONG_PTR)filter);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  BuildDisplayTable@40 (MAPI32.46)
 *
 * NOTES
 *  Not implemented: display tables are not there yet.
 */
HRESULT WINAPI BuildDisplayTable(LPALLOCATEBUFFER allocate_buffer, LPALLOCATEMORE allocate_more, LPFREEBUFFER free_buffer, LPMALLOC malloc, HINSTANCE instance, UINT page_count, LPDTPAGE pages, ULONG flags, LPMAPITABLE *table, LPTABLEDATA *table_data)
{
    FIXME("(%p,%p,%p,%p,%p,%p,%p,%p,%p,%p): not implemented\n", (void *)(ULONG_PTR)allocate_buffer, (void *)(ULONG_PTR)allocate_more, (void *)(ULONG_PTR)free_buffer, (void *)(ULONG_PTR)malloc, (void *)(ULONG_PTR)instance, (void *)(ULONG_PTR)page_count, (void *)(ULONG_PTR)pages, (void *)(ULONG_PTR)flags, (void *)(ULONG_PTR)table, (void *)(ULONG_PTR)table_data);
    return MAPI_E_NO_SUPPORT;
}
