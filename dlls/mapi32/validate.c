/*
 * Parameter validation for providers (mapival.h's scheme).
 */

#include "mapi32_private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(mapi);

/***********************************************************************
 *  __ValidateParameters@8 (MAPI32.187)
 *
 * NOTES
 *  Not implemented: parameter validation is not there yet.
 */
HRESULT WINAPI __ValidateParameters(ULONG method, LPVOID this_ptr)
{
    FIXME("(%p,%p): not implemented\n", (void *)(ULONG_PTR)method, (void *)(ULONG_PTR)this_ptr);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  __CPPValidateParameters@8 (MAPI32.188)
 *
 * NOTES
 *  Not implemented: parameter validation is not there yet.
 */
HRESULT WINAPI __CPPValidateParameters(ULONG method, LPVOID this_ptr)
{
    FIXME("(%p,%p): not implemented\n", (void *)(ULONG_PTR)method, (void *)(ULONG_PTR)this_ptr);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrValidateParameters@8 (MAPI32.241)
 *
 * NOTES
 *  Not implemented: parameter validation is not there yet.
 */
HRESULT WINAPI HrValidateParameters(ULONG method, LPVOID *first_arg)
{
    FIXME("(%p,%p): not implemented\n", (void *)(ULONG_PTR)method, (void *)(ULONG_PTR)first_arg);
    return MAPI_E_NO_SUPPORT;
}

/***********************************************************************
 *  HrValidateParametersValist (MAPI32.@)
 *
 * NOTES
 *  Not implemented: parameter validation is not there yet.
 */
HRESULT WINAPI HrValidateParametersValist(ULONG method, va_list args)
{
    FIXME("(%p,...): not implemented\n", (void *)(ULONG_PTR)method);
    return MAPI_E_NO_SUPPORT;
}
/***********************************************************************
 *  HrValidateParametersV (MAPI32.@)
 *
 * NOTES
 *  Not implemented: parameter validation is not there yet.
 */
HRESULT WINAPIV HrValidateParametersV(ULONG method, ...)
{
    FIXME("(%lu,...): not implemented\n", method);
    return MAPI_E_NO_SUPPORT;
}
