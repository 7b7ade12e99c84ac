#!/bin/sh
# tools/msgtool.exe on files others wrote and read:
# - msg2eml on out/roundtrip.msg (test_imessage wrote it) gives the content
#   out/roundtrip.expect lists, as Perl's Email::MIME reads it;
# - msg2eml on Email::Outlook::Message's sample .msg files gives the facts of
#   the .eml files that package ships (msgconvert's), but its RTF part;
# - eml2msg of those back to .msg: Debian's msgconvert reads the same facts
#   from our .msg, and msg2eml of it gives the same .eml byte for byte;
# - unpack on out/winmail.dat (test_tnef wrote it) writes its attachments
#   byte for byte, the embedded message as a .msg msgconvert reads;
# - usage, missing and damaged files: the exit codes and messages.
# Prints CMocka-style lines for tests/summary.sh.
cd "$(dirname "$0")" || exit 99
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "[       OK ] $1"; }
fail() { failed=$((failed + 1)); echo "[  FAILED  ] $1: $2"; }
check() { if eval "$2"; then ok "$1"; else fail "$1" "${3:-failed: $2}"; fi; }
command -v msgconvert >/dev/null || { echo "msgconvert missing: apt-get install libemail-outlook-message-perl"; exit 1; }
: "${WINE64:?}" "${WINEPREFIX:?}"
samples=${MAPI_TESTDATA:?}/libemail-outlook-message-perl/t/files
[ -d "$samples" ] || { echo "$samples missing: run tools/build-deps.sh --testdata"; exit 1; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT
msgtool() {
    WINEDLLOVERRIDES="mapi32=n;mscoree,mshtml=" WINEDEBUG=-all timeout 60 "$WINE64" ./msgtool.exe "$@"
}
facts() { perl ./mime_facts.pl "$@" 2>/dev/null | grep -v '^part application/rtf '; }

# Usage and errors
msgtool >"$work/out" 2>"$work/err"; rc=$?
check "no command: exit 2 with the usage" '[ $rc -eq 2 ] && grep -q "^Usage: msgtool" "$work/err"'
msgtool frobnicate a b >/dev/null 2>"$work/err"; rc=$?
check "unknown command: exit 2" '[ $rc -eq 2 ] && grep -q "unknown command" "$work/err"'
msgtool msg2eml only-one >/dev/null 2>"$work/err"; rc=$?
check "missing argument: exit 2" '[ $rc -eq 2 ]'
msgtool help >"$work/out" 2>&1; rc=$?
check "help: exit 0 with the usage" '[ $rc -eq 0 ] && grep -q "msg2eml IN.msg OUT.eml" "$work/out"'
msgtool msg2eml "$work/missing.msg" "$work/x.eml" >/dev/null 2>"$work/err"; rc=$?
check "missing file: exit 1" '[ $rc -eq 1 ] && grep -q "cannot read .*missing.msg: no such file" "$work/err" && [ ! -e "$work/x.eml" ]'
head -c 5000 out/roundtrip.msg > "$work/cut.msg"
msgtool msg2eml "$work/cut.msg" "$work/cut.eml" >/dev/null 2>"$work/err"; rc=$?
check "truncated .msg: exit 1, the file is damaged" \
    '[ $rc -eq 1 ] && grep -q "MAPI_E_CORRUPT_DATA" "$work/err" && [ ! -e "$work/cut.eml" ]' "rc $rc: $(cat "$work/err")"
msgtool msg2eml out/roundtrip.expect "$work/x.eml" >/dev/null 2>"$work/err"; rc=$?
check "text file as .msg: exit 1" '[ $rc -eq 1 ] && grep -q "not a compound file" "$work/err"' "rc $rc: $(cat "$work/err")"
msgtool unpack out/roundtrip.expect "$work/bad" >/dev/null 2>"$work/err"; rc=$?
check "text file as TNEF: exit 1" '[ $rc -eq 1 ] && grep -q "cannot decode" "$work/err"' "rc $rc: $(cat "$work/err")"

# Our .msg to .eml
if msgtool msg2eml out/roundtrip.msg "$work/roundtrip.eml" 2>"$work/err"; then
    ok "msg2eml out/roundtrip.msg"
    mkdir -p "$work/rt"
    facts "$work/roundtrip.eml" "$work/rt" > "$work/rt.facts"
    while IFS= read -r line; do
        kind=${line%% *} rest=${line#* }
        case $kind in
            attachment)
                name=${rest% *} file=${rest##* }
                check "msg2eml: attachment $name, same bytes" \
                    'grep -qxF "attachment $name" "$work/rt.facts" && cmp -s "$work/rt/att_$name" "$file"' ;;
            subject|to|cc|from|embedded)
                check "msg2eml: $kind" 'grep -qxF "$line" "$work/rt.facts"' "expected '$rest'" ;;
            body|html)
                check "msg2eml: $kind" 'grep -q "^$kind .*$rest" "$work/rt.facts"' "no '$rest'" ;;
        esac
    done < out/roundtrip.expect
else
    fail "msg2eml out/roundtrip.msg" "$(cat "$work/err")"
fi

# Outlook's .msg files to .eml, and back
for msg in "$samples"/*.msg; do
    name=$(basename "$msg" .msg)
    if ! msgtool msg2eml "$msg" "$work/$name.eml" 2>"$work/err"; then
        fail "msg2eml $name.msg" "$(cat "$work/err")"
        continue
    fi
    facts "$samples/$name.eml" > "$work/$name.expected"
    facts "$work/$name.eml" > "$work/$name.facts"
    check "msg2eml $name.msg: msgconvert's facts" 'cmp -s "$work/$name.expected" "$work/$name.facts"' \
        "$(diff "$work/$name.expected" "$work/$name.facts" | head -5)"
    if ! msgtool eml2msg "$work/$name.eml" "$work/$name.back.msg" 2>"$work/err"; then
        fail "eml2msg $name.eml" "$(cat "$work/err")"
        continue
    fi
    if msgconvert --outfile "$work/$name.back.eml" "$work/$name.back.msg" >"$work/err" 2>&1; then
        facts "$work/$name.back.eml" > "$work/$name.back.facts"
        check "eml2msg $name: msgconvert reads the same facts" 'cmp -s "$work/$name.facts" "$work/$name.back.facts"' \
            "$(diff "$work/$name.facts" "$work/$name.back.facts" | head -5)"
    else
        fail "eml2msg $name: msgconvert reads it" "$(cat "$work/err")"
    fi
    msgtool msg2eml "$work/$name.back.msg" "$work/$name.again.eml" 2>"$work/err"
    check "$name: .eml to .msg to .eml, byte for byte" 'cmp -s "$work/$name.eml" "$work/$name.again.eml"'
done

# winmail.dat
if msgtool unpack out/winmail.dat "$work/tnef" > "$work/unpack.out" 2>"$work/err"; then
    ok "unpack out/winmail.dat"
    check "unpack: first.bin, same bytes" 'cmp -s "$work/tnef/first.bin" out/tnef_first.bin'
    check "unpack: second file.dat, same bytes" 'cmp -s "$work/tnef/second file.dat" "out/tnef_second file.dat"'
    check "unpack: prints the subject" 'grep -q "PR_SUBJECT  *\"TNEF subject é\"" "$work/unpack.out"'
    check "unpack: prints the recipients and attachments" \
        'grep -q "^Recipient 1:" "$work/unpack.out" && grep -q "^Attachment 3:" "$work/unpack.out"'
    embedded=$(ls "$work/tnef"/*.msg 2>/dev/null | head -1)
    check "unpack: the embedded message, a .msg msgconvert reads" \
        '[ -n "$embedded" ] && msgconvert --outfile "$work/embedded.eml" "$embedded" >/dev/null 2>&1 &&
         facts "$work/embedded.eml" | grep -qxF "subject Embedded"'
else
    fail "unpack out/winmail.dat" "$(cat "$work/err")"
fi

echo "[  PASSED  ] $passed test(s)."
if [ "$failed" -ne 0 ]; then
    echo "[  FAILED  ] $failed test(s), listed below:"
    exit 1
fi
exit 0
