#!/bin/sh
# Quick start: installs what is missing, builds, and starts the console on its embedded
# default (software HSM, SQLite store in the user's data folder). Until the GUI lands this
# opens the store with kmsctl and prints its keys; extra arguments go to kmsctl instead.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
KMSCTL="${KMS_BUILD_DIR:-build}/app/kmsctl"

if [ "$#" -gt 0 ]; then
    exec "$KMSCTL" "$@"
fi
# First start: the master key goes to the OS keychain when a Secret Service is running,
# otherwise it is protected by a passphrase asked for on the terminal.
if ! "$KMSCTL" status >/dev/null; then
    "$KMSCTL" init --keychain || "$KMSCTL" init --passphrase
fi
"$KMSCTL" status
exec "$KMSCTL" call ListKeys
