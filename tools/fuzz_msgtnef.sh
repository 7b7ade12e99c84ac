#!/bin/sh
# Fuzzes the .msg and TNEF readers (benchmark-style: run by `make -C tools fuzz`,
# never by make check). Seeds: the files the tests write in tests/out and the
# sample files of tools/build-deps.sh --testdata (Email::Outlook::Message's
# .msg files, libytnef's TNEF streams). Each process reads many mutants; the
# driver's watchdog ends it on a hang (a case over its time limit), a crash
# or runaway memory, prints the case, and this script records the failure and
# goes on with the next case. Replay a case: wine64 fuzz_msgtnef.exe KIND N 1 SEEDS...
# Usage: tools/fuzz_msgtnef.sh [CASES] [KINDS]  (default: 100000 of each of "msg tnef")
cd "$(dirname "$0")" || exit 2
cases=${1:-100000}
kinds=${2:-msg tnef}
batch=${FUZZ_BATCH:-20000}
: "${WINE64:=/usr/lib/wine/wine64}"
export WINEPREFIX="${WINEPREFIX:-$(cd ../tests && pwd)/wineprefix}" WINEDEBUG=-all WINEDLLOVERRIDES='mapi32=n'
testdata=${MAPI_TESTDATA:-${MAPI_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wine-mapi-deps}/testdata}
cp ../dlls/mapi32/mapi32.dll . || exit 2
log=fuzz_msgtnef.log
: > $log
failures=0

for kind in $kinds; do
    case $kind in
        msg)  seeds="../tests/out/roundtrip.msg ../tests/out/attachments.msg ../tests/out/named.msg
                     ../tests/out/recipients.msg $testdata/libemail-outlook-message-perl/t/files/*.msg" ;;
        tnef) seeds="../tests/out/winmail.dat $testdata/libytnef/test-data/*.tnef" ;;
        *) echo "fuzz: unknown kind $kind"; exit 2 ;;
    esac
    present=
    for seed in $seeds; do [ -f "$seed" ] && present="$present $seed"; done
    [ -n "$present" ] || { echo "fuzz: no $kind seeds: run make check first"; exit 2; }
    echo "fuzz: $kind seeds:$present"
    start=$(date +%s)
    first=0 read=0 values=0 peak=0 kind_failures=0
    while [ $first -lt "$cases" ]; do
        count=$((cases - first))
        [ $count -gt "$batch" ] && count=$batch
        # The driver's own watchdog ends a hang; this timeout is only a backstop.
        timeout -k 10 3600 "$WINE64" ./fuzz_msgtnef.exe $kind $first $count $present >fuzz_msgtnef.out 2>>$log
        rc=$?
        out=$(tr -d '\r' < fuzz_msgtnef.out)
        echo "$out" >> $log
        done_line=$(echo "$out" | grep '^DONE')
        if [ $rc -eq 0 ] && [ -n "$done_line" ]; then
            set -- $done_line
            read=$((read + $6)) values=$((values + ${11}))
            [ "$8" -gt $peak ] && peak=$8
            first=$((first + count))
            continue
        fi
        fail_line=$(echo "$out" | grep '^FAIL' | tail -1)
        failures=$((failures + 1)) kind_failures=$((kind_failures + 1))
        if [ -n "$fail_line" ]; then
            echo "fuzz: $fail_line"
            set -- $fail_line
            first=$(($5 + 1))
        else
            echo "fuzz: $kind batch $first+$count died (exit $rc) without naming a case; skipping the batch"
            echo "$out" | tail -3
            first=$((first + count))
        fi
    done
    end=$(date +%s)
    echo "fuzz: $kind: $cases mutated files, $read of them read as a whole ($values property values)," \
         "$kind_failures failures, peak $peak KiB resident per process, $((end - start)) s"
done
echo "fuzz: $failures failures (crash, hang or memory); details in tools/$log"
[ $failures -eq 0 ]
