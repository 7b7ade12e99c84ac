#!/bin/bash
# The demo of the README, after tools/bootstrap.sh: a Wine prefix with our MAPI
# installed (tools/install-prefix.sh), a private mail server (tests/mta.sh: Exim
# on a loopback port, delivering into Maildirs), and tools/mapicli.exe sending
# mail through it, receiving it back, and logging off with each LOGOFF_* flag.
# Non-interactive; a few minutes. Exit code 0 when the mail went round.
#   tools/demo.sh [--build DIR] [--dir DIR]
# DIR (default: demo/ in the build tree) keeps the prefix for later runs;
# the MTA is stopped on the way out.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top
dir=
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=${2:?}; shift ;;
        --dir) dir=${2:?}; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "demo: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
build=$(cd "$build" && pwd)
dir=${dir:-$build/demo}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

for file in dlls/mapi32/mapi32.dll tools/mapicli.exe tools/mapiprof.exe; do
    [ -f "$build/$file" ] || { echo "demo: $build/$file is missing: run tools/bootstrap.sh (or make) first" >&2; exit 1; }
done
for dir_wine in "${WINE_BINDIR:-}" /usr/lib/wine /usr/bin; do
    [ -n "$dir_wine" ] && [ -x "$dir_wine/wine64" ] && { wine64=$dir_wine/wine64; break; }
done
wine64=${WINE64:-${wine64:-$(command -v wine64)}}
[ -x "$wine64" ] || { echo "demo: no wine64: run tools/bootstrap.sh first" >&2; exit 1; }
wineserver=$(dirname "$wine64")/wineserver
[ -x "$wineserver" ] || wineserver=$(command -v wineserver)

export WINEPREFIX=$dir/prefix WINEDEBUG=-all
unset WINEDLLOVERRIDES
profile=Demo
mta=$dir/mta
failures=0
step=0

bold=; plain=
if [ -t 1 ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); fi
title() { step=$((step + 1)); printf '\n%s%d. %s%s\n' "$bold" "$step" "$*" "$plain"; }
say() { printf '   %s\n' "$*"; }
run() {     # run ARGS...: shows and runs a mapicli command, indented
    local shown=() arg
    for arg in "$@"; do [[ "$arg" == *[\ \'\"\<\>\;]* ]] && shown+=("'$arg'") || shown+=("$arg"); done
    printf '   %s$ mapicli %s%s\n' "$bold" "${shown[*]}" "$plain"
    (cd "$dir" && "$wine64" "$build/tools/mapicli.exe" --profile "$profile" "$@") 2>&1 | tr -d '\r' |
        grep -v ':fixme:\|:err:' | sed 's/^/   /'
    return "${PIPESTATUS[0]}"
}
expect() {  # expect DESCRIPTION COMMAND...: what must hold for the demo to count as done
    if "${@:2}"; then say "✔ $1"; else say "✘ $1"; failures=$((failures + 1)); fi
}
count_mail() { ls "$MTA_DIR/mail/$1/new" "$MTA_DIR/mail/$1/cur" 2>/dev/null | grep -vc ':$\|^$'; }

cleanup() {
    [ -n "${watcher:-}" ] && kill "$watcher" 2>/dev/null
    "$top/tests/mta.sh" stop "$mta" >/dev/null 2>&1
    "$wineserver" -k 2>/dev/null
}
trap cleanup EXIT INT TERM

title "A private mail server: Exim on a loopback port, delivering into Maildirs"
"$top/tests/mta.sh" start "$mta" | sed 's/^/   /' || exit 1
. "$mta/env"
say "alice@example.test reads $MTA_DIR/mail/alice, bob@example.test $MTA_DIR/mail/bob"

title "The Wine prefix: our DLLs as native overrides, mapisvc.inf, a profile for alice"
"$wine64" "$build/tools/mapiprof.exe" delete "$profile" >/dev/null 2>&1 || true
rm -f "$dir/alice.sqlms"
"$top/tools/install-prefix.sh" --prefix "$WINEPREFIX" --build "$build" --profile "$profile" \
    --smtp-host 127.0.0.1 --smtp-port "$MTA_PORT" --sender alice@example.test \
    --maildir "$MTA_DIR/mail/alice" --store "$dir/alice.sqlms" --poll 500 2>&1 | sed 's/^install-prefix: /   /' ||
    exit 1

title "The profile's message store and its folders"
run stores
run folders

title "Mail out, and back: alice writes to bob and to herself"
printf 'Hello Bob,\n\nthis mail went from a Windows program through Wine'"'"'s MAPI,\nthe MAPI spooler and the SMTP transport to a real mail server.\n\nAlice\n' > "$dir/letter.txt"
printf 'when,what\n09:00,coffee\n' > "$dir/agenda.csv"
# A client that keeps running, as a mail program would: it watches the Inbox.
(cd "$dir" && "$wine64" "$build/tools/mapicli.exe" --profile "$profile" watch --timeout 90 --count 1) 2>/dev/null |
    tr -d '\r' > "$dir/watch.out" &
watcher=$!
sleep 3
run send --to 'Bob <bob@example.test>' --to alice@example.test --subject 'Hello from MAPI' \
    --body-file "$dir/letter.txt" --attach "$dir/agenda.csv" --logoff purge
for _ in $(seq 60); do [ "$(count_mail bob)" -ge 1 ] && break; sleep 0.5; done
expect "the MTA delivered it to bob ($(count_mail bob) message in his Maildir)" test "$(count_mail bob)" -ge 1
if [ "$(count_mail bob)" -ge 1 ]; then
    say "bob's copy, as the MTA has it:"
    file=$(ls -d "$MTA_DIR"/mail/bob/new/* "$MTA_DIR"/mail/bob/cur/* 2>/dev/null | head -1)
    grep -E '^(From|To|Subject|Content-Type):' "$file" | head -6 | sed 's/^/     /'
fi
say "alice's own copy comes back through her Maildir; the watching client sees it:"
wait "$watcher"
watcher=
sed 's/^/   /' "$dir/watch.out"
expect "the watching client got fnevNewMail for it" grep -q 'new mail: "Hello from MAPI"' "$dir/watch.out"
run list
run show inbox:-1

title "Logging off with each LOGOFF_* flag, a message queued each time"
say "IMsgStore::StoreLogoff says what the store is doing; the store's last Release"
say "then asks the spooler to act on the flag (../shared/docs/storelogoff.md)."
for flag in abort quiet orderly no-wait purge; do
    printf '\n'
    run send --to bob@example.test --subject "Sent with --logoff $flag" --body "LOGOFF_$flag" --logoff "$flag"
done
title "A later session: its spooler sends what stayed queued, then it logs off with PURGE"
run send --to bob@example.test --subject 'The last one' --body 'and the rest with it' --no-mail
run watch --timeout 5 --logoff purge
run list sent
outbox=$(cd "$dir" && "$wine64" "$build/tools/mapicli.exe" --profile "$profile" --no-mail list outbox 2>/dev/null | tr -d '\r')
expect "every message has left the Outbox" bash -c "! grep -qE '^ +[0-9]+ .Q' <<<'$outbox'"
expect "bob has all $((1 + 5 + 1)) messages" test "$(count_mail bob)" -ge 7

printf '\n'
if [ "$failures" = 0 ]; then
    say "${bold}Done.${plain} The prefix stays in $WINEPREFIX; try for instance"
else
    say "${bold}$failures thing(s) did not work out${plain} (see above). The prefix stays in $WINEPREFIX:"
fi
say "  WINEPREFIX=$WINEPREFIX $wine64 $build/tools/mapicli.exe tree"
[ "$failures" = 0 ]
