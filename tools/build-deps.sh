#!/bin/bash
# Build CMocka and SQLite as static PE (mingw-w64) libraries from Debian's
# source packages, into a cache directory outside the git tree.
#
# Usage: tools/build-deps.sh [--arch x86_64|i686] [--cache DIR] [--testdata]
#
#   --arch   target architecture (default: x86_64)
#   --testdata  only fetch the sample files of the tests (the .msg files of
#            libemail-outlook-message-perl, the TNEF files of libytnef) from
#            Debian's source packages into $CACHE/testdata, and stop
#   --cache  cache directory (default: $MAPI_DEPS_CACHE, else
#            ${XDG_CACHE_HOME:-$HOME/.cache}/wine-mapi-deps)
#
# Layout of the cache:
#   $CACHE/apt/                 private deb-src list, apt lists and apt cache
#   $CACHE/src/                 downloaded source packages, unpacked trees,
#                               sqlite3-amalgamation/ (shared by all arches)
#   $CACHE/<arch>/include/      cmocka.h, sqlite3.h, sqlite3ext.h
#   $CACHE/<arch>/lib/          libcmocka.a, libsqlite3.a
#   $CACHE/<arch>/lib/pkgconfig cmocka.pc, sqlite3.pc
#   $CACHE/testdata/<pkg>/      the unpacked upstream sources of the test data packages
#
# Use from a build:
#   PKG_CONFIG_LIBDIR=$CACHE/x86_64/lib/pkgconfig pkg-config --cflags --libs cmocka sqlite3
#
# No root needed; nothing outside $CACHE is written. Once built, re-running
# is a no-op that needs no network.

set -euo pipefail

PROG=${0##*/}

msg()  { printf '%s: %s\n' "$PROG" "$*"; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

usage() {
    sed -n '2,24s/^# \{0,1\}//p' "$0"
}

# ---------------------------------------------------------------- arguments
ARCH=x86_64
TESTDATA=0
CACHE=${MAPI_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wine-mapi-deps}

while [ $# -gt 0 ]; do
    case $1 in
        --arch)    [ $# -ge 2 ] || die "--arch needs a value"; ARCH=$2; shift 2 ;;
        --arch=*)  ARCH=${1#*=}; shift ;;
        --cache)   [ $# -ge 2 ] || die "--cache needs a value"; CACHE=$2; shift 2 ;;
        --cache=*) CACHE=${1#*=}; shift ;;
        --testdata) TESTDATA=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *)         usage >&2; die "unknown argument: $1" ;;
    esac
done

case $ARCH in
    x86_64) MINGW_PKG=gcc-mingw-w64-x86-64; BINUTILS_PKG=binutils-mingw-w64-x86-64 ;;
    i686)   MINGW_PKG=gcc-mingw-w64-i686;   BINUTILS_PKG=binutils-mingw-w64-i686 ;;
    *)      die "unsupported arch '$ARCH' (use x86_64 or i686)" ;;
esac
[ -n "$CACHE" ] || die "empty cache directory"
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

HOST=$ARCH-w64-mingw32
PREFIX=$CACHE/$ARCH
SRC=$CACHE/src
APTDIR=$CACHE/apt
PACKAGES="sqlite3 cmocka"
# Bump when the way the libraries are built changes: caches of an older recipe are rebuilt.
RECIPE=2

# ---------------------------------------------------------------- test data
# The sample files of other projects' tests, read by our tests. Only the
# upstream tarball is needed; a mirror missing the Debian part is fine.
TESTDATA_PACKAGES="libemail-outlook-message-perl libytnef"
fetch_testdata() {
    local dest=$CACHE/testdata p missing="" orig
    mkdir -p "$dest" "$CACHE/src"
    for p in $TESTDATA_PACKAGES; do
        [ -e "$dest/$p/.unpacked" ] || missing="$missing $p"
    done
    [ -n "$missing" ] || { msg "test data: up to date ($dest)"; return 0; }
    for p in $missing; do
        if ! compgen -G "$CACHE/src/${p}_*.orig.tar.*" >/dev/null; then
            apt_source_download "$p" || true
        fi
        orig=$(ls -1 "$CACHE/src/${p}"_*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | sort -V | tail -n 1)
        [ -n "$orig" ] || die "no upstream tarball of $p in $CACHE/src (apt-get source failed)"
        rm -rf "${dest:?}/$p"
        mkdir -p "$dest/$p"
        tar -xf "$orig" -C "$dest/$p" --strip-components=1 || die "cannot unpack $orig"
        basename "$orig" > "$dest/$p/.unpacked"
        msg "test data: $p unpacked in $dest/$p"
    done
}

# ---------------------------------------------------------------- up to date?
is_complete() {
    local f
    for f in lib/libcmocka.a lib/libsqlite3.a lib/pkgconfig/cmocka.pc lib/pkgconfig/sqlite3.pc \
             include/cmocka.h include/sqlite3.h; do
        [ -s "$PREFIX/$f" ] || return 1
    done
    [ "$(cat "$PREFIX/.recipe" 2>/dev/null)" = "$RECIPE" ]
}

if [ "$TESTDATA" = 0 ] && is_complete; then
    msg "$ARCH: up to date ($PREFIX)"
    exit 0
fi

# Serialise concurrent runs on the same cache.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE/.lock"
    flock 9
    if [ "$TESTDATA" = 0 ] && is_complete; then
        msg "$ARCH: up to date ($PREFIX)"
        exit 0
    fi
fi

# ---------------------------------------------------------------- tools
need() {  # need TOOL DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 ||
        die "'$1' not found: install the Debian package '$2' (apt-get install $2)"
}

need "$HOST-gcc" "$MINGW_PKG"
# winegcc compiles against Wine's C runtime headers, as our DLLs and tests do,
# so the libraries link into them without mingw-w64's own runtime.
WINEGCC=$(PATH=$PATH:/usr/lib/wine command -v winegcc) || die "'winegcc' not found: install the Debian package 'wine64-tools'"
need "$HOST-ar"  "$BINUTILS_PKG"

# ---------------------------------------------------------------- sources
# Mirror: first URIs: of a "Types: deb" stanza whose Suites include the
# release codename, in deb822 files; else a one-line "deb" entry; else
# deb.debian.org.
codename() {
    local c=""
    if [ -r /etc/os-release ]; then
        c=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    fi
    printf '%s' "${c:-bookworm}"
}

find_mirror() {
    local suite=$1 f uri=""
    for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        uri=$(awk -v suite="$suite" '
            function flush() {
                if (isdeb && hassuite && u != "" && !done) { print u; done = 1 }
                isdeb = 0; hassuite = 0; u = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            {
                key = tolower($1)
                if (key == "types:")  { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1 }
                if (key == "suites:") { for (i = 2; i <= NF; i++) if ($i == suite) hassuite = 1 }
                if (key == "uris:" && u == "") u = $2
            }
            END { flush() }' "$f")
        [ -n "$uri" ] && break
    done
    if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
        uri=$(awk -v suite="$suite" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite) { print $i; exit }
            }' /etc/apt/sources.list)
    fi
    printf '%s' "${uri:-http://deb.debian.org/debian}"
}

# The unpacked tree of a package is $SRC/<pkg>, complete when $SRC/<pkg>/.unpacked exists.
have_dsc() { compgen -G "$SRC/$1_*.dsc" >/dev/null; }

apt_options() {
    local suite mirror keyring
    suite=$(codename)
    mirror=$(find_mirror "$suite")
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -r "$keyring" ] || die "$keyring not found: install the Debian package 'debian-archive-keyring'"
    mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$SRC"
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
        "$mirror" "$suite" "$keyring" > "$APTDIR/src.sources"
    APT_OPTIONS=(
        -o "Dir::Etc::SourceList=$APTDIR/src.sources"
        -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::State::Lists=$APTDIR/lists"
        -o "Dir::Cache=$APTDIR/cache"
    )
    [ "$(id -u)" -ne 0 ] || APT_OPTIONS+=(-o "APT::Sandbox::User=root")
}

# Downloads one source package; its upstream tarball may come even if the rest fails.
apt_source_download() {
    need apt-get apt
    apt_options
    msg "downloading the source package $1"
    apt-get "${APT_OPTIONS[@]}" -q update >/dev/null || msg "warning: apt-get update failed"
    (cd "$SRC" && apt-get "${APT_OPTIONS[@]}" -q source --download-only "$1")
}

download_sources() {
    local missing="" p
    for p in $PACKAGES; do
        have_dsc "$p" || missing="$missing $p"
    done
    [ -n "$missing" ] || return 0

    need apt-get apt
    local suite mirror keyring
    suite=$(codename)
    mirror=$(find_mirror "$suite")
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -r "$keyring" ] || die "$keyring not found: install the Debian package 'debian-archive-keyring'"

    mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$SRC"
    printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
        "$mirror" "$suite" "$keyring" > "$APTDIR/src.sources"

    local -a O=(
        -o "Dir::Etc::SourceList=$APTDIR/src.sources"
        -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::State::Lists=$APTDIR/lists"
        -o "Dir::Cache=$APTDIR/cache"
    )
    # As root apt drops to user _apt for downloads; it may not be able to
    # write into $CACHE, so download as ourselves (quietly).
    [ "$(id -u)" -ne 0 ] || O+=(-o "APT::Sandbox::User=root")

    msg "downloading source packages:$missing (from $mirror, $suite)"
    apt-get "${O[@]}" -q update ||
        die "apt-get update failed (mirror $mirror, suite $suite)"
    # shellcheck disable=SC2086
    (cd "$SRC" && apt-get "${O[@]}" -q source --download-only $missing) ||
        die "apt-get source failed for:$missing"
    for p in $missing; do
        have_dsc "$p" || die "no ${p}_*.dsc in $SRC after apt-get source"
    done
}

unpack_source() {  # unpack_source PKG
    local p=$1 dsc
    [ -e "$SRC/$p/.unpacked" ] && return 0
    # Newest .dsc if several versions were downloaded.
    dsc=$(ls -1 "$SRC/$p"_*.dsc | sort -V | tail -n 1)
    need dpkg-source dpkg-dev
    msg "unpacking ${dsc##*/}"
    rm -rf "${SRC:?}/${p:?}"
    (cd "$SRC" && dpkg-source --no-check -q -x "${dsc##*/}" "$p") ||
        die "dpkg-source -x $dsc failed"
    basename "$dsc" .dsc > "$SRC/$p/.unpacked"
}

# Upstream version from the unpacked .dsc name: sqlite3_3.40.1-2+deb12u1 -> 3.40.1
upstream_version() {
    local v
    v=$(cat "$SRC/$1/.unpacked")
    v=${v#*_}; v=${v#*:}; v=${v%-*}; v=${v%%+*}
    printf '%s' "$v"
}

if [ "$TESTDATA" = 1 ]; then
    fetch_testdata
    exit 0
fi

download_sources
for p in $PACKAGES; do unpack_source "$p"; done

# ---------------------------------------------------------------- SQLite amalgamation (once, arch-independent)
AMALG=$SRC/sqlite3-amalgamation
if [ ! -e "$AMALG/.done" ]; then
    need tclsh tcl
    need make make
    need cc gcc
    msg "generating the SQLite amalgamation (sqlite3.c)"
    rm -rf "$AMALG" "$SRC/sqlite3-build"
    mkdir -p "$SRC/sqlite3-build"
    (
        cd "$SRC/sqlite3-build"
        "$SRC/sqlite3/configure" --disable-tcl >configure.log 2>&1 ||
            { tail -n 30 configure.log >&2; exit 1; }
        make -j2 sqlite3.c >make.log 2>&1 || { tail -n 30 make.log >&2; exit 1; }
    ) || die "generating sqlite3.c failed (see $SRC/sqlite3-build/*.log)"
    mkdir -p "$AMALG"
    cp "$SRC/sqlite3-build/sqlite3.c" "$SRC/sqlite3-build/sqlite3.h" "$AMALG/"
    if [ -f "$SRC/sqlite3-build/sqlite3ext.h" ]; then
        cp "$SRC/sqlite3-build/sqlite3ext.h" "$AMALG/"
    else
        cp "$SRC/sqlite3/src/sqlite3ext.h" "$AMALG/"
    fi
    rm -rf "$SRC/sqlite3-build"
    touch "$AMALG/.done"
fi

# ---------------------------------------------------------------- build (temp dir under the cache)
BUILD=$(mktemp -d "$CACHE/build-$ARCH.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT
STAGE=$BUILD/stage
mkdir -p "$STAGE/include" "$STAGE/lib/pkgconfig"

# SQLite. FTS5 is left out by not defining SQLITE_ENABLE_FTS5 at all (the
# sources test it with #ifdef, so -DSQLITE_ENABLE_FTS5=0 would turn it ON).
SQLITE_CFLAGS="-O2 -DSQLITE_THREADSAFE=1 -DSQLITE_OMIT_LOAD_EXTENSION"
msg "$ARCH: compiling sqlite3.c"
mkdir -p "$BUILD/sqlite3"
# shellcheck disable=SC2086
"$WINEGCC" -b "$HOST" $SQLITE_CFLAGS -c "$AMALG/sqlite3.c" -o "$BUILD/sqlite3/sqlite3.o"
rm -f "$STAGE/lib/libsqlite3.a"
"$HOST-ar" rcs "$STAGE/lib/libsqlite3.a" "$BUILD/sqlite3/sqlite3.o"
cp "$AMALG/sqlite3.h" "$AMALG/sqlite3ext.h" "$STAGE/include/"
SQLITE_VERSION=$(sed -n 's/^#define SQLITE_VERSION *"\(.*\)"/\1/p' "$AMALG/sqlite3.h")

# CMocka
CM=$SRC/cmocka
CMB=$BUILD/cmocka
msg "$ARCH: compiling cmocka.c"
mkdir -p "$CMB"
cat > "$CMB/config.h" <<'EOF'
/* Hand-made config.h for CMocka on mingw-w64 (see tools/build-deps.sh). */
#define HAVE_SIGNAL_H 1
#define HAVE_SETJMP_H 1
#define HAVE_MALLOC_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDARG_H 1
#define HAVE_STDDEF_H 1
#define HAVE_STRINGS_H 1
#define HAVE_TIME_H 1
#define HAVE__VSNPRINTF 1
#define HAVE__SNPRINTF 1
#define HAVE_SNPRINTF 1
#define HAVE_VSNPRINTF 1
EOF
(cd "$CM" && "$WINEGCC" -b "$HOST" -O2 -DHAVE_CONFIG_H -I"$CMB" -I. -Iinclude \
    -c src/cmocka.c -o "$CMB/cmocka.o") || die "$ARCH: compiling cmocka.c failed"
rm -f "$STAGE/lib/libcmocka.a"
"$HOST-ar" rcs "$STAGE/lib/libcmocka.a" "$CMB/cmocka.o"
cp "$CM/include/cmocka.h" "$STAGE/include/"
[ ! -f "$CM/include/cmocka_pbc.h" ] || cp "$CM/include/cmocka_pbc.h" "$STAGE/include/"
CMOCKA_VERSION=$(upstream_version cmocka)

# pkg-config files (prefix = final install dir)
cat > "$STAGE/lib/pkgconfig/sqlite3.pc" <<EOF
prefix=$PREFIX
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: SQLite
Description: SQL database engine (static, $HOST)
Version: $SQLITE_VERSION
Libs: -L\${libdir} -lsqlite3
Cflags: -I\${includedir}
EOF

cat > "$STAGE/lib/pkgconfig/cmocka.pc" <<EOF
prefix=$PREFIX
exec_prefix=\${prefix}
libdir=\${exec_prefix}/lib
includedir=\${prefix}/include

Name: cmocka
Description: The cmocka unit testing library (static, $HOST)
Version: $CMOCKA_VERSION
Libs: -L\${libdir} -lcmocka
Cflags: -I\${includedir}
EOF

echo "$RECIPE" > "$STAGE/.recipe"

# ---------------------------------------------------------------- install
# Replace the arch dir as a whole: a half-built dir never looks complete.
rm -rf "$PREFIX.new"
mv "$STAGE" "$PREFIX.new"
rm -rf "$PREFIX"
mv "$PREFIX.new" "$PREFIX"

msg "$ARCH: done: SQLite $SQLITE_VERSION, CMocka $CMOCKA_VERSION in $PREFIX"
msg "use: PKG_CONFIG_LIBDIR=$PREFIX/lib/pkgconfig pkg-config --cflags --libs cmocka sqlite3"
