#!/bin/bash
# Sets everything up on a fresh Debian 12 machine and builds the project:
# Debian packages (when run as root or with sudo), the PE builds of CMocka and
# SQLite (tools/build-deps.sh, cached outside the tree), configure and make.
# Afterwards `make check` runs the tests.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

packages=(wine wine64 wine64-tools libwine-dev gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
          mingw-w64-x86-64-dev autoconf automake libtool pkg-config make gcc g++ tcl dpkg-dev xz-utils
          exim4-daemon-light swaks
          libemail-outlook-message-perl libemail-address-perl tnef)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
    # A partly failed index (a mirror in sync) must not stop us: install says what is missing.
    $sudo apt-get update -q || echo "bootstrap: warning: apt-get update reported errors" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

tools/build-deps.sh
tools/build-deps.sh --testdata
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi
[ -f Makefile ] || ./configure
make -j"$(nproc)"
echo "bootstrap: built. Run the tests with: make check"
