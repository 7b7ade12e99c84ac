#!/bin/bash
# tools/mapicli.exe on a real profile of the client prefix (client-env.sh): the
# SQLMS store and the SMTP transport over a private MTA. Each command's output
# and exit code, as a person or a script sees them.
set -u
export PATH=/usr/local/bin:/usr/bin:/bin${PATH:+:$PATH}
. "$(dirname "$0")/client-env.sh"
client_setup "mapicli Test" --no-default
: "${WINE64:=/usr/lib/wine/wine64}"
unset WINEDLLOVERRIDES
failures=0

checks=0
check() {   # check DESCRIPTION COMMAND...: one assertion
    checks=$((checks + 1))
    if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
contains() { [[ "$1" == *"$2"* ]]; }
lacks() { [[ "$1" != *"$2"* ]]; }
matches() { grep -qE -- "$2" <<<"$1"; }

# cli ARGS...: runs mapicli on our profile; its output in $out, its errors in $err, its exit code in $rc.
cli() {
    "$WINE64" ./mapicli.exe --profile "$CLIENT_PROFILE" "$@" >"$CLIENT_DIR/out" 2>"$CLIENT_DIR/err"
    rc=$?
    out=$(tr -d '\r' < "$CLIENT_DIR/out")
    err=$(tr -d '\r' < "$CLIENT_DIR/err" | grep -v ':fixme:\|:err:\(winediag\|systray\)')
    printf '$ mapicli %s\n%s\n' "$*" "$out"
    [ -z "$err" ] || printf '%s\n' "$err"
    echo "(exit $rc)"
}
unix_to_windows() { "$WINE64" winepath -w "$1" 2>/dev/null | tr -d '\r'; }

# --- the store, its folders
cli stores
check "stores: exit 0" test "$rc" = 0
check "stores: the SQLMS store, the default" contains "$out" "SQLite Message Store (default)"
cli folders
check "folders: exit 0" test "$rc" = 0
check "folders: the tree, as MFCMAPI shows it" contains "$out" $'SQLite Message Store\n└─ Top of Information Store\n   ├─ Inbox\n   ├─ Outbox\n   ├─ Sent Items\n   └─ Deleted Items'
cli list
check "list: the Inbox is empty" contains "$out" "0 messages in Inbox"

# --- compose and submit, with an attachment and a UTF-8 body
printf 'Hello Bob,\nthe figures are attached.\nGrüße, Alice\n' > "$CLIENT_DIR/body.txt"
head -c 3000 /dev/urandom > "$CLIENT_DIR/figures.bin"
printf 'a,b\n1,2\n' > "$CLIENT_DIR/figures.csv"
cli send --to 'Bob Example <bob@example.test>' --cc carol@example.test --subject 'Quarterly figures' \
    --body-file "$CLIENT_DIR/body.txt" --attach "$CLIENT_DIR/figures.csv" --attach "$CLIENT_DIR/figures.bin" --no-mail
check "send: exit 0" test "$rc" = 0
check "send: says what it submitted" contains "$out" 'Submitted "Quarterly figures" to Bob Example <bob@example.test>, carol@example.test, 2 attachments'
cli -q send --to dave@example.test --subject 'Quiet one' --body 'short' --no-mail
check "send -q: exit 0, nothing said" test "$rc" = 0 -a -z "$out"

cli list outbox
check "list outbox: two messages" contains "$out" "2 messages in outbox"
check "list outbox: queued, with attachments, to Bob" matches "$out" ' 1  Q@ [0-9-]+ [0-9:]+  to Bob Example +Quarterly figures'
check "list outbox: the other one, queued" matches "$out" ' 2  Q  [0-9-]+ [0-9:]+  to dave@example.test +Quiet one'

mkdir -p "$CLIENT_DIR/saved"
cli show outbox:1 --save-attachments "$CLIENT_DIR/saved"
check "show: exit 0" test "$rc" = 0
check "show: the recipients" contains "$out" $'To:       Bob Example <bob@example.test>\nCc:       carol@example.test'
check "show: the subject" contains "$out" "Subject:  Quarterly figures"
check "show: the flags in words" contains "$out" "Flags:    read, submitted, unsent, has attachments"
check "show: the body, CRLF read back as it was written" contains "$out" $'Hello Bob,\nthe figures are attached.\nGrüße, Alice'
check "show: the first attachment" contains "$out" $'Attachments:\n  1. figures.csv  (8 bytes, text/csv)\n     saved as '
check "show: the second attachment" contains "$out" $'\n  2. figures.bin  (3000 bytes, application/octet-stream)\n     saved as '
check "show: the attachments saved, byte for byte" cmp -s "$CLIENT_DIR/figures.bin" "$CLIENT_DIR/saved/figures.bin"
check "show: the text attachment too" cmp -s "$CLIENT_DIR/figures.csv" "$CLIENT_DIR/saved/figures.csv"
cli show outbox:-1
check "show: -1 is the last one" contains "$out" "Subject:  Quiet one"

cli --ids list outbox
eid=$(awk '/Quarterly figures/ { print $NF }' <<<"$out")
check "list --ids: an entry ID" matches "$eid" '^[0-9A-F]{16,}$'
cli show "$eid"
check "show ENTRYID: the same message" contains "$out" "Subject:  Quarterly figures"

cli tree
check "tree: a folder with its count" contains "$out" "├─ Outbox  (2 messages)"
check "tree: its messages under it" matches "$out" '^   │ +1  Q@ .*Quarterly figures'

# --- logging off: the flags and what they did
# The MTA away, nothing leaves: with a spooler or without, what was queued stays.
"$MTA_SCRIPT" pause "$CLIENT_DIR/mta"
cli logoff --logoff abort
check "logoff abort: exit 0" test "$rc" = 0
check "logoff abort: the flag and what it asks" contains "$out" "Logoff with LOGOFF_ABORT: log off only if the store is idle; if it is busy, change nothing."
check "logoff abort: two messages queued before" contains "$out" "before: 2 messages queued in the Outbox"
check "logoff abort: the store's answer in words" contains "$out" "messages wait in its outgoing queue [LOGOFF_OUTBOUND_QUEUE]"
check "logoff abort: released at once" matches "$out" 'the store was released at once \(0\.[0-9]{2} s\)'
check "logoff abort: both still queued" contains "$out" 'still queued in the Outbox: 2: "Quarterly figures" to Bob Example, "Quiet one" to dave@example.test'
for flag in quiet orderly no-wait; do
    cli logoff --logoff $flag
    check "logoff $flag: exit 0, the flag named" contains "$out" "Logoff with LOGOFF_$(tr a-z- A-Z_ <<<"$flag"):"
    check "logoff $flag: the queue in the store's answer" contains "$out" "[LOGOFF_OUTBOUND_QUEUE]"
    check "logoff $flag: nothing left, the MTA being away" contains "$out" "still queued in the Outbox: 2:"
done
"$MTA_SCRIPT" resume "$CLIENT_DIR/mta"

# The MTA back: a session whose spooler sends what was queued while it runs (a watch
# of a few seconds), then logs off with PURGE. (A PURGE that reaches the spooler before
# its own logon to the store would be answered "complete" with nothing sent: a race of
# the spooler's, which a session that lasts avoids.)
cli send --to erin@example.test --subject 'Sent with PURGE' --body 'flushed' --no-mail
cli watch --timeout 8 --logoff purge
check "logoff purge: exit 0" test "$rc" = 0
check "logoff purge: nothing left queued" bash -c '! grep -qE "still queued in the Outbox: [1-9]" <<<"$1"' - "$out"
for _ in $(seq 100); do [ -n "$(ls "$MTA_DIR"/mail/erin/new 2>/dev/null)" ] && break; sleep 0.1; done
check "erin got hers" grep -q "Subject: Sent with PURGE" "$MTA_DIR"/mail/erin/new/*
bob=$(cat "$MTA_DIR"/mail/bob/new/* 2>/dev/null | tr -d '\r')
check "the MTA delivered it to bob" contains "$bob" "Subject: Quarterly figures"
check "with carol in Cc" contains "$bob" "Cc: carol@example.test"
check "with its attachments" contains "$bob" 'Content-Disposition: attachment; filename="figures.csv"'
check "dave got the other one" grep -q "Subject: Quiet one" "$MTA_DIR"/mail/dave/new/*
cli list sent
check "list sent: with their recipients" matches "$out" ' [0-9]   @ [0-9-]+ [0-9:]+  to Bob Example +Quarterly figures'
check "list sent: all three" contains "$out" "3 messages in sent"

# Mail round trip, two processes on one profile: one watches (its spooler is the
# active one), the other sends to alice herself and purges through it.
"$WINE64" ./mapicli.exe --profile "$CLIENT_PROFILE" watch --timeout 60 --count 1 >"$CLIENT_DIR/watch" 2>/dev/null &
watcher=$!
for _ in $(seq 100); do grep -q Waiting "$CLIENT_DIR/watch" 2>/dev/null && break; sleep 0.1; done
cli send --to alice@example.test --subject 'Round trip' --body 'there and back' --logoff purge
check "round trip: submitted" contains "$out" 'Submitted "Round trip"'
# the watcher has the store open too: the contract makes PURGE change nothing and
# return at once; the watcher's spooler sends the message
check "round trip: PURGE returns at once, another client having the store" contains "$out" "the store was released at once"
wait $watcher
watch_rc=$?
watch_out=$(tr -d '\r' < "$CLIENT_DIR/watch")
echo "$watch_out"
check "watch: exit 0 when the mail came" test "$watch_rc" = 0
check "watch: the new mail in words" contains "$watch_out" 'new mail: "Round trip" from alice@example.test'
cli show inbox:-1
check "the mail is in the Inbox" contains "$out" "Subject:  Round trip"
check "from alice" contains "$out" "From:     alice@example.test"
check "with its text" contains "$out" "there and back"

# A long PURGE and its progress line (stderr): the MTA answers slow@ two seconds late
# (mta.sh), so with four messages queued the PURGE lasts eight seconds at least, and with
# --progress 1 a line comes every second with the count of messages out of the Outbox.
for i in 1 2 3 4; do cli -q send --to slow@example.test --subject "Slow $i" --body 'in no hurry' --no-mail; done
cli logoff --logoff purge --progress 1
line_re='^flushing: [0-9]+ of 4 messages out of the Outbox, [0-9]+ s$'
progress=$(grep -E "$line_re" <<<"$err")
counts=$(sed -E 's/^flushing: ([0-9]+) of .*/\1/' <<<"$progress")
seconds=$(sed -E 's/.*, ([0-9]+) s$/\1/' <<<"$progress")
check "purge progress: exit 0" test "$rc" = 0
check "purge progress: four queued before" contains "$out" "before: 4 messages queued in the Outbox"
check "purge progress: a line a second while it waits" test "$(wc -l <<<"$progress")" -ge 4
check "purge progress: nothing else on stderr" test -z "$(grep -vE "$line_re" <<<"$err")"
check "purge progress: the seconds go up" test "$seconds" = "$(sort -nu <<<"$seconds")"
check "purge progress: the count never goes down" test "$counts" = "$(sort -n <<<"$counts")"
check "purge progress: messages go out while it waits" test "$(tail -n 1 <<<"$counts")" -gt "$(head -n 1 <<<"$counts")"
# Each message takes two seconds at least: in a second, one at most leaves the Outbox.
check "purge progress: each message counted once" \
    test -z "$(awk 'NR > 1 && $1 > previous + 1 { print } { previous = $1 }' <<<"$counts")"
check "purge progress: released after waiting" matches "$out" 'the store was released after waiting \([0-9]+\.[0-9]{2} s\)'
check "purge progress: all four sent" contains "$out" 'sent (now in Sent Items): 4: "Slow 1" to slow@example.test'
check "purge progress: none left" contains "$out" "still queued in the Outbox: 0"
check "slow@ got each once" test "$(grep -l '^Subject: Slow [1-4]' "$MTA_DIR"/mail/slow/new/* | wc -l)" = 4
# --progress 0: no line at all
for i in 5 6; do cli -q send --to slow@example.test --subject "Slow $i" --body 'in no hurry' --no-mail; done
cli logoff --logoff purge --progress 0
check "purge --progress 0: exit 0, released after waiting" contains "$out" "the store was released after waiting"
check "purge --progress 0: no progress line" test -z "$err"
cli logoff --progress soon
check "--progress takes seconds: exit 2" test "$rc" = 2

# an idle store: nothing queued, nothing to say but that
cli --store 'SQLite Message Store' list deleted
check "--store by name: exit 0" test "$rc" = 0

# --- watch: no new mail in a second (--no-mail: no spooler to bring any)
cli watch --timeout 1 --count 1 --no-mail
check "watch: exit 3 when the mail waited for did not come" test "$rc" = 3
check "watch: says so" contains "$out" "0 new messages."

# --- scripts: exit codes and messages
cli
check "no command: usage, exit 2" test "$rc" = 2 -a -n "$(grep Usage <<<"$out")"
cli help
check "help: exit 0" test "$rc" = 0
cli frobnicate
check "an unknown command: exit 2" test "$rc" = 2
check "an unknown command: says so" contains "$err" 'unknown command "frobnicate"'
cli send --subject 'no one'
check "send without a recipient: exit 2" test "$rc" = 2
cli send --to bob@example.test --attach "$CLIENT_DIR/no-such-file" --no-mail
check "send with a missing attachment: exit 4" test "$rc" = 4
check "send with a missing attachment: says which" contains "$err" "cannot read"
cli logoff --logoff sometimes
check "a logoff flag that is not one: exit 2" test "$rc" = 2
cli show inbox:5
check "show a message that is not there: exit 4" test "$rc" = 4
cli list 'No Such Folder'
check "list a folder that is not there: exit 4" test "$rc" = 4
cli watch --timeout soon
check "a number that is not one: exit 2" test "$rc" = 2
cli --store 'No Such Store' folders
check "a store that is not there: exit 4" test "$rc" = 4
"$WINE64" ./mapicli.exe --profile 'No Such Profile' stores >"$CLIENT_DIR/out" 2>&1; rc=$?
out=$(tr -d '\r' < "$CLIENT_DIR/out")
check "a profile that is not there: exit 1" test "$rc" = 1
check "a profile that is not there: says so" contains "$out" 'cannot log on to profile "No Such Profile": MAPI_E_'

# -v: each MAPI call, and which mapi32 answered
cli -v stores
check "-v: the calls on stderr" contains "$err" "MAPILogonEx(\"$CLIENT_PROFILE\"): S_OK"
check "-v: our mapi32, native" matches "$err" 'mapi32.dll: .*mapi32.dll, native'

echo "$failures failure(s)"
# In CMocka's words, for tests/summary.sh
echo "[  PASSED  ] $((checks - failures)) test(s)."
[ "$failures" = 0 ] || echo "[  FAILED  ] $failures test(s), listed below:"
[ "$failures" = 0 ]
