#!/bin/sh
# Merges MAPISVC.INF fragments into one file for the tests' prefix: a single
# [Services] section with the entries of every fragment, then the other
# sections as they are (MAPI reads the first section of a name only).
#   gen-mapisvc.sh FRAGMENT... > mapisvc.inf
awk '
    /^\[/ { section = $0; next_is_services = (tolower(section) == "[services]") }
    /^\[/ && next_is_services { next }
    next_is_services { if ($0 !~ /^[ \t]*(;.*)?$/) services = services $0 "\n"; next }
    /^\[/ { rest = rest "\n" $0 "\n"; next }
    section != "" { rest = rest $0 "\n" }
    END { printf "[Services]\n%s%s", services, rest }
' "$@" | tr -d '\r'
