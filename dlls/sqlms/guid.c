/*
 * The interface identifiers sqlms32.dll uses, defined once here: a provider
 * DLL has its own, as a third party's would.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
