#!/bin/sh
# Writes a C file that imports every function mingw-w64's libmapi32.a offers,
# by the names that import library uses, with a table of their IAT slots.
# Usage: gen-mingw-imports.sh NM LIBMAPI32
nm=$1 lib=$2
names=$("$nm" "$lib" | sed -n 's/^[0-9a-f]* I __imp_//p' | grep -v '^ord_' | sort -u)
[ -n "$names" ] || { echo "gen-mingw-imports.sh: no imports found in $lib" >&2; exit 1; }
echo "/* Generated from mingw-w64's libmapi32.a by gen-mingw-imports.sh. */"
for n in $names; do echo "extern void *__imp_$n;"; done
echo "static const struct { const char *name; void **slot; } mingw_imports[] = {"
for n in $names; do echo "    { \"$n\", &__imp_$n },"; done
echo "};"
