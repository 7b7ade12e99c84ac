# Sourced by the client tests (smapi.fixture.sh, mapicli.sh): a fresh profile of
# their own in the client prefix (made by tests/Makefile.am with the install
# step), over a private MTA (mta.sh) that is stopped on the way out.
#   client_setup NAME [install-prefix options...]
# sets WINEPREFIX, CLIENT_PROFILE, CLIENT_DIR (the test's scratch folder),
# MTA_PORT, MTA_DIR (the sender, alice, reads $MTA_DIR/mail/alice) and MTA_SCRIPT.
client_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
client_build=$(cd .. && pwd)

client_setup() {
    local name=$1 slug
    shift
    slug=$(echo "$name" | tr -c 'A-Za-z0-9\n' - | tr A-Z a-z)
    CLIENT_PROFILE=$name
    CLIENT_DIR=$PWD/client-$slug
    export WINEPREFIX=$PWD/client-prefix WINEDEBUG=${WINEDEBUG-fixme-all,err-ole}
    MTA_SCRIPT=$client_here/mta.sh
    [ -f "$WINEPREFIX/.made" ] || { echo "client-env: no client prefix (make -C tests client-prefix/.made)" >&2; exit 99; }
    "$MTA_SCRIPT" stop "$CLIENT_DIR/mta" >/dev/null 2>&1
    rm -rf "$CLIENT_DIR"
    mkdir -p "$CLIENT_DIR"
    "$MTA_SCRIPT" start "$CLIENT_DIR/mta" >/dev/null || exit 99
    trap '"$MTA_SCRIPT" stop "$CLIENT_DIR/mta"' EXIT INT TERM
    . "$CLIENT_DIR/mta/env"
    export CLIENT_PROFILE CLIENT_DIR MTA_PORT MTA_PLAIN_PORT MTA_DIR MTA_SCRIPT
    # A profile of this run only: the last run's, and its store, are gone.
    "${WINE64:-/usr/lib/wine/wine64}" "$client_build/tools/mapiprof.exe" delete "$name" >/dev/null 2>&1
    "$client_here/../tools/install-prefix.sh" -q --prefix "$WINEPREFIX" --build "$client_build" --profile "$name" \
        --smtp-port "$MTA_PORT" --sender alice@example.test --maildir "$MTA_DIR/mail/alice" \
        --store "$CLIENT_DIR/store.sqlms" --poll 200 "$@" || exit 99
}
