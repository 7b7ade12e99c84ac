#!/bin/sh
# Writes the C table of a spec file's exports (name, ordinal) for test_exports:
# every public export by name, the ordinal it sits at or 0 for none,
# and whether it exists on win64 only.
spec=$1
echo "/* Generated from $(basename "$spec") by gen-exports.sh. */"
sed -e 's/#.*//' "$spec" | awk '
    NF < 3 { next }
    {
        ordinal = ($1 == "@") ? 0 : $1
        i = 3
        win64_only = 0
        while (substr($i, 1, 1) == "-") {
            if ($i == "-private" || $i == "-noname") next
            if ($i == "-arch=win64") win64_only = 1
            i++
        }
        name = $i
        sub(/\(.*/, "", name)
        printf "    { \"%s\", %d, %d },\n", name, ordinal, win64_only
    }'
