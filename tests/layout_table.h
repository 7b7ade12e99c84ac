/*
 * Builds the table LAYOUT_TABLE (LAYOUT_COUNT entries) from layout_list.h
 * with whatever headers the including file has included. The MAPI IIDs must
 * have been turned into static layout_IID_* objects by redefining DEFINE_OLEGUID
 * before mapiguid.h, so that both tables can live in one program.
 */

/* First pass: the objects some entries point to */
#define LAYOUT_CONST(name)
#define LAYOUT_EXPR(name, expr)
#define LAYOUT_POINTER(name)
#define LAYOUT_SIZE(type)
#define LAYOUT_FIELD(type, field)
#define LAYOUT_SIZED(var, decl) static decl __attribute__((unused));
#define LAYOUT_VTBL(iface)
#define LAYOUT_SLOT(iface, method)
#define LAYOUT_GUID(name)
#define LAYOUT_BYTES(name) static const unsigned char layout_bytes_##name[] = name;
#define LAYOUT_FUNCTYPE(name)
#define LAYOUT_FUNCPTR(name)
#define LAYOUT_FUNCTION(name)

#include "layout_list.h"

#undef LAYOUT_CONST
#undef LAYOUT_EXPR
#undef LAYOUT_SIZED
#undef LAYOUT_BYTES

/* Second pass: the entries. The names are spelled before expansion. */
#define LAYOUT_VALUE(text, expr) \
    { text, (unsigned long long)(expr), sizeof(expr), ((expr) * 0 - 1) < 0, 0, 0 },
#define LAYOUT_CONST(name)        LAYOUT_VALUE(#name, name)
#define LAYOUT_EXPR(name, expr)   LAYOUT_VALUE(#name, expr)
#undef LAYOUT_POINTER
#define LAYOUT_POINTER(name)      { #name, (unsigned long long)(ULONG_PTR)(name), sizeof(name), 0, 0, 0 },
#undef LAYOUT_SIZE
#define LAYOUT_SIZE(type)         { "sizeof(" #type ")", sizeof(type), 0, 0, 0, 0 },
#undef LAYOUT_FIELD
#define LAYOUT_FIELD(type, field) { "offsetof(" #type ", " #field ")", offsetof(type, field), 0, 0, 0, 0 },
#define LAYOUT_SIZED(var, decl)   { "sizeof(" #decl ")", sizeof(var), 0, 0, 0, 0 },
#undef LAYOUT_VTBL
#define LAYOUT_VTBL(iface)        { "sizeof(" #iface "Vtbl)", sizeof(iface##Vtbl), 0, 0, 0, 0 },
#undef LAYOUT_SLOT
#define LAYOUT_SLOT(iface, method) { #iface "::" #method, offsetof(iface##Vtbl, method), 0, 0, 0, 0 },
#undef LAYOUT_GUID
#define LAYOUT_GUID(name)         { #name, 0, 0, 0, (const unsigned char *)&layout_##name, sizeof(GUID) },
#define LAYOUT_BYTES(name)        { #name, 0, 0, 0, layout_bytes_##name, sizeof(layout_bytes_##name) },

const struct layout_entry LAYOUT_TABLE[] =
{
#include "layout_list.h"
};
const unsigned int LAYOUT_COUNT = sizeof(LAYOUT_TABLE) / sizeof(LAYOUT_TABLE[0]);

#undef LAYOUT_VALUE
#undef LAYOUT_CONST
#undef LAYOUT_EXPR
#undef LAYOUT_POINTER
#undef LAYOUT_SIZE
#undef LAYOUT_FIELD
#undef LAYOUT_SIZED
#undef LAYOUT_VTBL
#undef LAYOUT_SLOT
#undef LAYOUT_GUID
#undef LAYOUT_BYTES
#undef LAYOUT_FUNCTYPE
#undef LAYOUT_FUNCPTR
#undef LAYOUT_FUNCTION
