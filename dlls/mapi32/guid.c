/*
 * The one definition of every GUID of mapiguid.h (IID_IMAPIAdviseSink,
 * IID_IMAPITable...): the other files only declare them.
 */

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "initguid.h"
#include "mapiguid.h"
