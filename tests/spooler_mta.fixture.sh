#!/bin/bash
# Runs test_spooler_mta with a private MTA (tests/mta.sh) of its own,
# stopped whatever happens: wine-test.sh calls it as  spooler_mta.fixture.sh COMMAND...
here=$(cd "$(dirname "$0")" && pwd)
dir=$PWD/mta-spooler
MTA_SCRIPT=$here/mta.sh
"$MTA_SCRIPT" start "$dir" || exit 99
trap '"$MTA_SCRIPT" stop "$dir"' EXIT INT TERM
set -a
. "$dir/env"
set +a
export MTA_SCRIPT
"$@"
