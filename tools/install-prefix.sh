#!/bin/bash
# Installs this project's MAPI into a Wine prefix, so that MAPI programs use it
# with no environment variable:
#   - mapi32.dll, sqlms32.dll and smtpxp32.dll into the prefix's system32, and
#     native overrides for them in the registry (HKCU\Software\Wine\DllOverrides);
#   - the SQLMS and SMTPXP services into system32\mapisvc.inf (other services
#     there are kept);
#   - a profile with both services (tools/mapiprof.exe), the SMTP transport
#     pointed at a mail server and a Maildir, made the default profile.
# Running it again with the same options changes nothing; with other options it
# reconfigures the profile.
set -euo pipefail

usage() {
    cat <<EOF
Usage: tools/install-prefix.sh [OPTIONS]
  --prefix DIR       the Wine prefix (default: \$WINEPREFIX, else ~/.wine); made if missing
  --build DIR        the build tree with the DLLs and tools (default: this script's tree)
  --profile NAME     the profile to make or update (default: wine-mapi)
  --smtp-host HOST   the SMTP server outbound mail goes to (default: 127.0.0.1)
  --smtp-port PORT   its port (default: 25)
  --sender ADDRESS   the sender's address (default: \$USER@localhost)
  --maildir DIR      the Maildir inbound mail is read from, a Unix path (default: ~/Maildir)
  --poll MS          how often the Maildir is looked at, in milliseconds (default: the transport's)
  --store FILE       the message store's database, a Unix path (default: in the prefix's
                     application data, SQLMS\\<profile>.sqlms)
  --no-default       do not make the profile the default one
  --no-profile       install the DLLs and mapisvc.inf only
  -q, --quiet        say nothing unless something fails
EOF
}

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top
prefix=${WINEPREFIX:-$HOME/.wine}
profile=wine-mapi
smtp_host=127.0.0.1
smtp_port=25
sender=${USER:-$(id -un)}@localhost
maildir=$HOME/Maildir
poll=
store=
make_default=1
make_profile=1
quiet=

while [ $# -gt 0 ]; do
    case $1 in
        --prefix) prefix=${2:?}; shift ;;
        --build) build=${2:?}; shift ;;
        --profile) profile=${2:?}; shift ;;
        --smtp-host) smtp_host=${2:?}; shift ;;
        --smtp-port) smtp_port=${2:?}; shift ;;
        --sender) sender=${2:?}; shift ;;
        --maildir) maildir=${2:?}; shift ;;
        --poll) poll=${2:?}; shift ;;
        --store) store=${2:?}; shift ;;
        --no-default) make_default= ;;
        --no-profile) make_profile= ;;
        -q|--quiet) quiet=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install-prefix: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
# A ~ that no shell expanded (make passes its variables quoted)
prefix=${prefix/#\~/$HOME} maildir=${maildir/#\~/$HOME} store=${store/#\~/$HOME} build=${build/#\~/$HOME}
case $smtp_port in ''|*[!0-9]*) echo "install-prefix: --smtp-port takes a number" >&2; exit 2 ;; esac
case $poll in *[!0-9]*) echo "install-prefix: --poll takes a number" >&2; exit 2 ;; esac

say() { [ -n "$quiet" ] || echo "install-prefix: $*"; }

find_wine() {
    local name=$1 dir
    for dir in "${WINE_BINDIR:-}" /usr/lib/wine /usr/bin /usr/local/bin; do
        [ -n "$dir" ] && [ -x "$dir/$name" ] && { echo "$dir/$name"; return; }
    done
    command -v "$name" || { echo "install-prefix: no $name: install wine64" >&2; exit 1; }
}
wine64=${WINE64:-$(find_wine wine64)}
wineserver=${WINESERVER:-$(find_wine wineserver)}

dlls=("$build/dlls/mapi32/mapi32.dll" "$build/dlls/sqlms/sqlms32.dll" "$build/dlls/smtpxp/smtpxp32.dll")
mapiprof=$build/tools/mapiprof.exe
for file in "${dlls[@]}" "$mapiprof"; do
    [ -f "$file" ] || { echo "install-prefix: $file is missing: build first (make)" >&2; exit 1; }
done

mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
export WINEPREFIX=$prefix
# Our own DLLs by the registry alone; no Mono or Gecko dialogs while the prefix is made.
unset WINEDLLOVERRIDES
export WINEDEBUG=${WINEDEBUG:--all}

if [ ! -f "$prefix/system.reg" ]; then
    say "making the prefix $prefix"
    WINEDLLOVERRIDES='mscoree,mshtml=' DISPLAY= "$wine64" wineboot -i >/dev/null 2>&1
    "$wineserver" -w
fi
system32=$prefix/drive_c/windows/system32
[ -d "$system32" ] || { echo "install-prefix: $prefix is not a 64-bit Wine prefix (no system32)" >&2; exit 1; }

# The DLLs, replaced only when they differ.
for file in "${dlls[@]}"; do
    name=$(basename "$file")
    if ! cmp -s "$file" "$system32/$name"; then
        cp "$file" "$system32/$name.new" && mv -f "$system32/$name.new" "$system32/$name"
        say "installed $name"
    fi
done

# Native overrides, in the registry; written only when not so already.
for name in mapi32 sqlms32 smtpxp32; do
    want=native,builtin
    [ "$name" = mapi32 ] || want=native
    have=$("$wine64" reg query 'HKCU\Software\Wine\DllOverrides' /v "$name" 2>/dev/null |
           tr -d '\r' | awk -v n="$name" 'tolower($1) == n { print $3 }' || true)
    if [ "$have" != "$want" ]; then
        "$wine64" reg add 'HKCU\Software\Wine\DllOverrides' /v "$name" /t REG_SZ /d "$want" /f >/dev/null
        say "DllOverrides: $name = $want"
    fi
done

# mapisvc.inf: our two services, as include/sqlms.h and include/smtpxp.h name
# them (DLL names without MAPI's "32", which mapi32 adds when loading); SQLMS's
# sections are the store's own, SMTPXP's those of the spooler's tests (tests/mapisvc.inf.in).
our_services='SQLMS=SQLite Message Store
SMTPXP=SMTP Transport'
our_sections='[SQLMS]
PR_DISPLAY_NAME=SQLite Message Store
Providers=SQLMS Store
PR_SERVICE_DLL_NAME=sqlms.dll
PR_SERVICE_ENTRY_NAME=SQLMSServiceEntry

[SQLMS Store]
PR_DISPLAY_NAME=SQLite Message Store
PR_PROVIDER_DISPLAY=SQLite Message Store
PR_PROVIDER_DLL_NAME=sqlms.dll
PR_RESOURCE_TYPE=MAPI_STORE_PROVIDER
PR_RESOURCE_FLAGS=STATUS_DEFAULT_STORE
PR_MDB_PROVIDER=4d5351530001534d9c1a5157eb1f5f7a

[SMTPXP]
PR_DISPLAY_NAME=SMTP Transport
Providers=SMTPXP Provider
PR_SERVICE_DLL_NAME=smtpxp.dll
PR_SERVICE_ENTRY_NAME=SMTPXP_ServiceEntry
PR_RESOURCE_FLAGS=SERVICE_SINGLE_COPY

[SMTPXP Provider]
PR_DISPLAY_NAME=SMTP Transport
PR_PROVIDER_DISPLAY=SMTP Transport
PR_PROVIDER_DLL_NAME=smtpxp.dll
PR_RESOURCE_TYPE=MAPI_TRANSPORT_PROVIDER
PR_RESOURCE_FLAGS=0'

inf=$system32/mapisvc.inf
old=$(mktemp) new=$(mktemp)
trap 'rm -f "$old" "$new"' EXIT
if [ -f "$inf" ]; then
    # UTF-16 (with its byte order mark) is read as UTF-8, which MAPI reads as well.
    if [ "$(head -c 2 "$inf" | od -An -tx1 | tr -d ' ')" = fffe ]; then
        { printf '\xef\xbb\xbf'; iconv -f UTF-16 -t UTF-8 "$inf" | sed '1s/^\xef\xbb\xbf//'; } > "$old"
    else
        cp "$inf" "$old"
    fi
fi
# Everything else stays: our sections and [Services] lines are dropped and written anew,
# blank runs squeezed, Windows line ends; so a second run writes the same bytes.
awk -v services="$our_services" -v sections="$our_sections" '
    function key(line) { sub(/=.*/, "", line); gsub(/^[ \t]+|[ \t]+$/, "", line); return toupper(line) }
    function keep(line) { if (line == "" && (n == 0 || lines[n] == "")) return; lines[++n] = line }
    BEGIN { ours["SQLMS"]; ours["SQLMS STORE"]; ours["SMTPXP"]; ours["SMTPXP PROVIDER"]; ours["SMTPXP TRANSPORT"] }
    { sub(/\r$/, "") }
    /^[ \t]*\[/ {
        name = $0; sub(/^[ \t]*\[/, "", name); sub(/\].*/, "", name); name = toupper(name)
        skip = name in ours
        in_services = name == "SERVICES"
        if (skip) next
        keep($0)
        if (in_services && !seen_services) { keep(services); seen_services = 1 }
        next
    }
    skip { next }
    in_services && (key($0) == "SQLMS" || key($0) == "SMTPXP") { next }
    { keep($0) }
    END {
        if (!seen_services) printf "[Services]\n%s\n\n", services
        while (n && lines[n] == "") n--
        for (i = 1; i <= n; i++) print lines[i]
        if (n) print ""
        print sections
    }' "$old" | sed 's/$/\r/' > "$new"
if ! cmp -s "$new" "$inf"; then
    cp "$new" "$inf"
    say "wrote the SQLMS and SMTPXP services into $inf"
fi

if [ -n "$make_profile" ]; then
    mapiprof() { "$wine64" "$mapiprof" "$@" | tr -d '\r'; }
    windows_path() { "$wine64" winepath -w "$1" 2>/dev/null | tr -d '\r'; }

    mkdir -p "$maildir/new" "$maildir/cur" "$maildir/tmp"
    smtp=(0x6710001F="$smtp_host" 0x67110003="$smtp_port" 0x6712001F="$sender"
          0x6713001F="$(windows_path "$(cd "$maildir" && pwd)")")
    [ -n "$poll" ] && smtp+=(0x67140003="$poll")
    sqlms=()
    if [ -n "$store" ]; then
        mkdir -p "$(dirname "$store")"
        sqlms=(0x6700001F="$(windows_path "$(cd "$(dirname "$store")" && pwd)/$(basename "$store")")")
    fi

    if ! mapiprof list | sed 's/^\* //' | grep -qxF "$profile"; then
        mapiprof create "$profile" >/dev/null
        say "created the profile $profile"
    fi
    services=$(mapiprof services "$profile")
    if ! awk '{ print $2 }' <<<"$services" | grep -qx SQLMS; then
        mapiprof add-service "$profile" SQLMS "${sqlms[@]}" >/dev/null
        say "added the message store (SQLMS) to $profile"
    elif [ ${#sqlms[@]} -gt 0 ]; then
        mapiprof configure "$profile" SQLMS "${sqlms[@]}" >/dev/null
    fi
    if ! awk '{ print $2 }' <<<"$services" | grep -qx SMTPXP; then
        mapiprof add-service "$profile" SMTPXP "${smtp[@]}" >/dev/null
        say "added the SMTP transport (SMTPXP) to $profile"
    else
        mapiprof configure "$profile" SMTPXP "${smtp[@]}" >/dev/null
    fi
    say "$profile: mail to $smtp_host:$smtp_port as $sender, mail from $maildir"
    if [ -n "$make_default" ] && [ "$(mapiprof default)" != "$profile" ]; then
        mapiprof default "$profile" >/dev/null
        say "$profile is the default profile"
    fi
fi
# The registry reaches the disk when the prefix's server has finished.
"$wineserver" -w
say "done: $prefix"
