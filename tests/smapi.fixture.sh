#!/bin/bash
# test_smapi runs on "Simple MAPI Test", the default profile of the client
# prefix, with its private MTA (client-env.sh).
. "$(dirname "$0")/client-env.sh"
client_setup "Simple MAPI Test"
"$@"
