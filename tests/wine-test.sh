#!/bin/sh
# Runs one PE test program under wine64 for automake's test harness:
# in the build's own WINEPREFIX, with our mapi32 as a native override, under a timeout.
# A test that cannot start, hangs or asks to be skipped fails.
test_program=$1
# Scripts among the tests check what the PE tests wrote with host tools.
case $test_program in *.sh) exec "${SHELL:-/bin/sh}" "$test_program" ;; esac
: "${WINE64:?}" "${WINEPREFIX:?}"
: "${TEST_TIMEOUT:=120}"
WINEDLLOVERRIDES="mapi32=n;mscoree,mshtml=;${EXTRA_DLLOVERRIDES:-}"
WINEDEBUG=${WINEDEBUG-fixme-all,err-ole}
export WINEPREFIX WINEDLLOVERRIDES WINEDEBUG
srcdir=$(cd "$(dirname "$0")" && pwd)
cd "$(dirname "$test_program")" || exit 99
# A test that needs a service has tests/<name>.fixture.sh, which runs it inside one.
fixture=$srcdir/$(basename "${test_program%.exe}" | sed 's/^test_//').fixture.sh
[ -x "$fixture" ] || fixture=
timeout -k 10 "$TEST_TIMEOUT" $fixture "$WINE64" "./$(basename "$test_program")"
rc=$?
case $rc in
    0) ;;
    124|137) echo "$test_program: timed out after $TEST_TIMEOUT s"; rc=99 ;;
    77) echo "$test_program: exit code 77 is not a skip here"; rc=1 ;;
esac
exit $rc
