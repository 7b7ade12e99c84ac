#!/bin/sh
# Fuzzes the .msg and TNEF readers (benchmark-style: run by `make -C tools fuzz`,
# never by make check). Seeds are the files the tests write in tests/out; each
# batch of mutants runs in a process of its own, so a crash or a hang ends only
# its batch, which is reported with the numbers to replay it:
#   wine64 tools/fuzz_msgtnef.exe KIND SEED FIRST COUNT
# Usage: tools/fuzz_msgtnef.sh [TOTAL] (default 100000, split between the two readers)
cd "$(dirname "$0")" || exit 2
total=${1:-100000}
batch=2500
: "${WINE64:=/usr/lib/wine/wine64}"
export WINEPREFIX="${WINEPREFIX:-$(cd ../tests && pwd)/wineprefix}" WINEDEBUG=-all WINEDLLOVERRIDES='mapi32=n'
cp ../dlls/mapi32/mapi32.dll . || exit 2
crashes=0 cases=0
for kind in tnef msg; do
    case $kind in
        tnef) seed=../tests/out/winmail.dat ;;
        msg)  seed=../tests/out/roundtrip.msg ;;
    esac
    [ -f "$seed" ] || { echo "fuzz: no $seed: run make check first"; exit 2; }
    first=0
    while [ $first -lt $((total / 2)) ]; do
        timeout -k 10 600 "$WINE64" ./fuzz_msgtnef.exe $kind "$seed" $first $batch >/dev/null 2>&1
        rc=$?
        if [ $rc -ne 0 ]; then
            crashes=$((crashes + 1))
            echo "fuzz: $kind batch $first+$batch died (exit $rc): replay with fuzz_msgtnef.exe $kind $seed $first $batch"
        fi
        cases=$((cases + batch))
        first=$((first + batch))
    done
done
echo "fuzz: $cases mutated files read, $crashes batches crashed or hung"
[ $crashes -eq 0 ]
