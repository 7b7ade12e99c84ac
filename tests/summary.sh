#!/bin/sh
# Prints one closing line for the whole run, summed over the CMocka test cases
# of every test program's log: "N passed, N failed". A program that failed
# without reporting a failing case (it crashed, hung or could not start)
# counts as one failure.
cd "$(dirname "$0")" || exit 2
passed=0 failed=0
for trs in *.trs; do
    [ -f "$trs" ] || continue
    log=${trs%.trs}.log
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    if grep -q '^:test-result: \(FAIL\|ERROR\)' "$trs" && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p)) failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
