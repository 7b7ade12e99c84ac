#!/bin/bash
# Runs a test program with a private MTA (tests/mta.sh) around it, stopped
# whatever happens: wine-test.sh calls it as  smtpxp.fixture.sh COMMAND...
here=$(cd "$(dirname "$0")" && pwd)
dir=$PWD/mta
MTA_SCRIPT=$here/mta.sh
"$MTA_SCRIPT" start "$dir" || exit 99
trap '"$MTA_SCRIPT" stop "$dir"' EXIT INT TERM
set -a
. "$dir/env"
set +a
export MTA_SCRIPT
"$@"
