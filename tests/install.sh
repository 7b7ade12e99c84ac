#!/bin/bash
# The install step, tools/install-prefix.sh, into a fresh prefix of its own:
# the DLLs in system32, the overrides in the registry (no environment variable),
# mapisvc.inf with another vendor's service kept, the profile with SQLMS and
# SMTPXP configured as asked and made the default; a second run changes
# nothing; and a MAPI program then loads our mapi32 from system32.
set -u
export PATH=/usr/local/bin:/usr/bin:/bin${PATH:+:$PATH}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd .. && pwd)
dir=$PWD/install-test
prefix=$dir/prefix
: "${WINE64:=/usr/lib/wine/wine64}"
wineserver=${WINESERVER:-$(dirname "$WINE64")/wineserver}
[ -x "$wineserver" ] || wineserver=$(command -v wineserver)
export WINEPREFIX=$prefix WINEDEBUG=-all
unset WINEDLLOVERRIDES
failures=0

checks=0
check() {   # check DESCRIPTION COMMAND...: one assertion
    checks=$((checks + 1))
    if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
contains() { [[ "$1" == *"$2"* ]]; }
lacks() { [[ "$1" != *"$2"* ]]; }
utf16_hex() { printf '%s' "$1" | iconv -t UTF-16LE | od -An -tx1 | tr -d ' \n' | tr a-f A-F; echo 0000; }
wine() { "$WINE64" "$@" 2>/dev/null | tr -d '\r'; }

cleanup() {
    WINEPREFIX=$prefix "$wineserver" -k 2>/dev/null
    rm -rf "$dir"
}
cleanup
trap cleanup EXIT
mkdir -p "$dir/bin"

profile='Install Test'
options=(--prefix "$prefix" --build "$build" --profile "$profile" --smtp-host 127.0.0.1 --smtp-port 2525
         --sender alice@example.test --maildir "$dir/Maildir" --store "$dir/store/mail.sqlms")
install() { "$src/tools/install-prefix.sh" "$@"; }

# --- the first run makes the prefix and everything in it
first=$(install "${options[@]}" 2>&1)
check "first run succeeds" test $? = 0
echo "$first"
system32=$prefix/drive_c/windows/system32
for dll in dlls/mapi32/mapi32.dll dlls/sqlms/sqlms32.dll dlls/smtpxp/smtpxp32.dll; do
    check "$(basename $dll) is in system32" cmp -s "$build/$dll" "$system32/$(basename $dll)"
done
overrides=$(wine reg query 'HKCU\Software\Wine\DllOverrides')
check "mapi32 = native,builtin in DllOverrides" grep -qE '^ +mapi32 +REG_SZ +native,builtin$' <<<"$overrides"
check "sqlms32 = native in DllOverrides" grep -qE '^ +sqlms32 +REG_SZ +native$' <<<"$overrides"
check "smtpxp32 = native in DllOverrides" grep -qE '^ +smtpxp32 +REG_SZ +native$' <<<"$overrides"

inf=$(tr -d '\r' < "$system32/mapisvc.inf")
check "mapisvc.inf has Windows line ends" test "$(grep -c $'\r$' "$system32/mapisvc.inf")" = "$(wc -l < "$system32/mapisvc.inf")"
check "mapisvc.inf lists SQLMS" contains "$inf" "SQLMS=SQLite Message Store"
check "mapisvc.inf lists SMTPXP" contains "$inf" "SMTPXP=SMTP Transport"
check "SQLMS's entry point is SQLMSServiceEntry" contains "$inf" "PR_SERVICE_ENTRY_NAME=SQLMSServiceEntry"
check "SMTPXP's entry point is SMTPXP_ServiceEntry" contains "$inf" "PR_SERVICE_ENTRY_NAME=SMTPXP_ServiceEntry"
check "the store provider is sqlms.dll" contains "$inf" $'PR_PROVIDER_DLL_NAME=sqlms.dll\nPR_RESOURCE_TYPE=MAPI_STORE_PROVIDER'
check "the transport is smtpxp.dll" contains "$inf" $'PR_PROVIDER_DLL_NAME=smtpxp.dll\nPR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER'

mapiprof=$build/tools/mapiprof.exe
check "the profile is the default" test "$(wine "$mapiprof" default)" = "$profile"
providers=$(wine "$mapiprof" providers "$profile")
echo "$providers"
check "the profile has the SQLMS store" grep -qE 'store .*sqlms\.dll +SQLMS$' <<<"$providers"
check "the profile has the SMTPXP transport" grep -qE 'transport .*smtpxp\.dll +SMTPXP$' <<<"$providers"
profile_key="HKCU\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Windows Messaging Subsystem\\Profiles\\$profile"
sections=$(wine reg query "$profile_key" /s)
value() { grep -E "^ +$1 +REG_BINARY" <<<"$sections" | awk '{ print $3 }' | head -1; }
check "the transport's server is 127.0.0.1" test "$(value 001f6710)" = "$(utf16_hex 127.0.0.1)"
check "its port is 2525" test "$(value 00036711)" = DD090000
check "its sender is alice@example.test" test "$(value 001f6712)" = "$(utf16_hex alice@example.test)"
check "its Maildir is ours, as a Windows path" test "$(value 001f6713)" = "$(utf16_hex "$(wine winepath -w "$dir/Maildir")")"
check "the Maildir was made" test -d "$dir/Maildir/new" -a -d "$dir/Maildir/cur" -a -d "$dir/Maildir/tmp"
check "the store's database path is ours" test "$(value 001f6700)" = "$(utf16_hex "$(wine winepath -w "$dir/store/mail.sqlms")")"

# --- a second run with the same options changes nothing
state() {
    md5sum "$system32"/{mapi32,sqlms32,smtpxp32}.dll "$system32/mapisvc.inf"
    wine reg query 'HKCU\Software\Wine\DllOverrides'
    wine reg query "$profile_key" /s
    wine "$mapiprof" list
}
before=$(state)
second=$(install "${options[@]}" 2>&1)
check "second run succeeds" test $? = 0
check "second run installs, writes, creates and adds nothing" \
    test -z "$(grep -E 'installed|wrote|created|added|DllOverrides:|default profile' <<<"$second")"
check "second run leaves the same files, registry and profiles" test "$before" = "$(state)"

# --- another vendor's service in mapisvc.inf stays; ours come back as they were
ours=$(tr -d '\r' < "$system32/mapisvc.inf")
{
    printf '[Services]\r\nOTHER=Another Vendor Service\r\nSQLMS=Stale Name\r\n\r\n'
    printf '[OTHER]\r\nPR_DISPLAY_NAME=Another Vendor Service\r\nProviders=OTHER Store\r\n\r\n'
    printf '[OTHER Store]\r\nPR_PROVIDER_DLL_NAME=other.dll\r\n\r\n'
    printf '[SQLMS]\r\nPR_SERVICE_DLL_NAME=stale.dll\r\n'
} > "$system32/mapisvc.inf"
install "${options[@]}" -q
inf=$(tr -d '\r' < "$system32/mapisvc.inf")
check "the other service stays in [Services]" contains "$inf" $'[Services]\nSQLMS=SQLite Message Store\nSMTPXP=SMTP Transport\nOTHER=Another Vendor Service'
check "the other service's sections stay" contains "$inf" $'[OTHER Store]\nPR_PROVIDER_DLL_NAME=other.dll'
check "one [Services] section" test "$(grep -c '^\[Services\]' <<<"$inf")" = 1
check "one [SQLMS] section" test "$(grep -c '^\[SQLMS\]' <<<"$inf")" = 1
check "stale SQLMS entries are gone" lacks "$inf" "stale"
check "our sections are as the first run wrote them" contains "$inf" "$(sed -n '/^\[SQLMS\]/,$p' <<<"$ours")"
again=$(md5sum < "$system32/mapisvc.inf")
install "${options[@]}" -q
check "and stay so" test "$again" = "$(md5sum < "$system32/mapisvc.inf")"

# --- other options reconfigure the profile
install "${options[@]/2525/2626}" -q
sections=$(wine reg query "$profile_key" /s)
check "a new port reaches the transport's section" test "$(value 00036711)" = 420A0000
check "still two services" test "$(wine "$mapiprof" services "$profile" | wc -l)" = 2

# --- a MAPI program from elsewhere, no WINEDLLOVERRIDES: our mapi32 from system32, our profile
cp "$build/tools/mapicli.exe" "$dir/bin/"
cli=$(cd "$dir/bin" && "$WINE64" mapicli.exe -v stores 2>"$dir/cli.err" | tr -d '\r')
check "mapicli runs on the default profile" test $? = 0
echo "$cli"; tr -d '\r' < "$dir/cli.err"
check "mapi32 is ours, native, from system32" \
    grep -qiF 'mapi32.dll: C:\windows\system32\mapi32.dll, native' "$dir/cli.err"
check "the profile's store answers" contains "$cli" "SQLite Message Store (default)"
folders=$(cd "$dir/bin" && "$WINE64" mapicli.exe folders 2>/dev/null | tr -d '\r')
check "its folders open" contains "$folders" "Inbox"
check "the store's database is where it was asked to be" test -s "$dir/store/mail.sqlms"

# --- bad options
install --smtp-port abc >/dev/null 2>&1
check "a port that is no number is refused (2)" test $? = 2
install --nonsense >/dev/null 2>&1
check "an unknown option is refused (2)" test $? = 2

echo "$failures failure(s)"
# In CMocka's words, for tests/summary.sh
echo "[  PASSED  ] $((checks - failures)) test(s)."
[ "$failures" = 0 ] || echo "[  FAILED  ] $failures test(s), listed below:"
[ "$failures" = 0 ]
