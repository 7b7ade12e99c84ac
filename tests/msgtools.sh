#!/bin/sh
# Real tools no one here wrote read the files our PE tests wrote in out/:
# Debian's msgconvert (libemail-outlook-message-perl) converts out/roundtrip.msg
# to MIME with the content out/roundtrip.expect lists, and Debian's tnef
# unpacks out/winmail.dat into the same attachments, byte for byte, and reads
# the down-level attributes (attFrom, attMessageStatus, attMessageID) we write.
# Prints CMocka-style lines for tests/summary.sh.
cd "$(dirname "$0")" || exit 99
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "[       OK ] $1"; }
fail() { failed=$((failed + 1)); echo "[  FAILED  ] $1: $2"; }
command -v msgconvert >/dev/null || { echo "msgconvert missing: apt-get install libemail-outlook-message-perl"; exit 1; }
command -v tnef >/dev/null || { echo "tnef missing: apt-get install tnef"; exit 1; }
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT

# msgconvert: out/roundtrip.msg
if [ -f out/roundtrip.msg ] && msgconvert --outfile "$work/roundtrip.eml" out/roundtrip.msg >"$work/msgconvert.log" 2>&1; then
    ok "msgconvert reads out/roundtrip.msg"
    perl ./mime_facts.pl "$work/roundtrip.eml" "$work" > "$work/facts" 2>"$work/perl.log"
    while IFS= read -r line; do
        kind=${line%% *} rest=${line#* }
        case $kind in
            attachment)
                name=${rest% *} file=${rest##* }
                if grep -qxF "attachment $name" "$work/facts" && cmp -s "$work/att_$name" "$file"; then
                    ok "msgconvert: attachment $name, same bytes"
                else
                    fail "msgconvert: attachment $name" "missing or different"
                fi ;;
            subject|to|cc|from|embedded)
                if grep -qF "$line" "$work/facts"; then ok "msgconvert: $kind"; else fail "msgconvert: $kind" "expected '$rest'"; fi ;;
            body|html)
                if grep -q "^$kind .*$rest" "$work/facts"; then ok "msgconvert: $kind"; else fail "msgconvert: $kind" "no '$rest'"; fi ;;
        esac
    done < out/roundtrip.expect
    [ "$failed" -eq 0 ] || { echo "--- what msgconvert gave:"; cat "$work/facts" "$work/perl.log"; }
else
    fail "msgconvert reads out/roundtrip.msg" "$(cat "$work/msgconvert.log" 2>/dev/null)"
fi

# The subject in Unicode: ours has non-ASCII characters.
if grep -q "^subject Gr" "$work/facts" 2>/dev/null && grep -q "^subject .*✓" "$work/facts"; then
    ok "msgconvert: Unicode subject"
else
    fail "msgconvert: Unicode subject" "not found"
fi

# tnef: out/winmail.dat
mkdir -p "$work/tnef"
if tnef -C "$work/tnef" --overwrite out/winmail.dat >"$work/tnef.log" 2>&1; then
    ok "tnef unpacks out/winmail.dat"
    for pair in "first.bin:out/tnef_first.bin" "second file.dat:out/tnef_second file.dat"; do
        name=${pair%%:*} file=${pair#*:}
        if cmp -s "$work/tnef/$name" "$file"; then ok "tnef: $name, same bytes"; else fail "tnef: $name" "missing or different"; fi
    done
else
    fail "tnef unpacks out/winmail.dat" "$(cat "$work/tnef.log")"
fi

# tnef: the down-level attributes of out/tnef_downlevel.dat (test_tnef's test_down_level)
if tnef --debug -t out/tnef_downlevel.dat >"$work/downlevel.log" 2>&1; then
    ok "tnef reads out/tnef_downlevel.dat"
    for fact in "sender_display_name='Sender Person', sender_address='SMTP:sender@example.org'" \
                "Message Status <8007> [type: byte <0006>] [len: 1] = 0xa3" \
                "Message ID <8009> [type: string <0001>] [len: 33] ='757BB19CDE936A4087D90BB784C58E3B'"; do
        if grep -qF "$fact" "$work/downlevel.log"; then ok "tnef: $fact"; else fail "tnef: down-level attribute" "no '$fact'"; fi
    done
else
    fail "tnef reads out/tnef_downlevel.dat" "$(cat "$work/downlevel.log")"
fi

total=$((passed + failed))
if [ "$failed" -eq 0 ]; then
    echo "[  PASSED  ] $passed test(s)."
    exit 0
fi
echo "[  PASSED  ] $passed test(s)."
echo "[  FAILED  ] $failed test(s), listed below:"
exit 1
