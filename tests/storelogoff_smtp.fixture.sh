#!/bin/bash
# Runs test_storelogoff_smtp with a private MTA (tests/mta.sh) of its own,
# stopped whatever happens: wine-test.sh calls it as  storelogoff_smtp.fixture.sh COMMAND...
here=$(cd "$(dirname "$0")" && pwd)
dir=$PWD/mta-logoff
MTA_SCRIPT=$here/mta.sh
"$MTA_SCRIPT" start "$dir" || exit 99
trap '"$MTA_SCRIPT" stop "$dir"' EXIT INT TERM
set -a
. "$dir/env"
set +a
export MTA_SCRIPT
"$@"
