#!/bin/sh
# Quick start: installs what is missing, builds, and starts the console on its embedded
# default (software HSM, SQLite store in the user's data folder). The first start opens the
# set-up wizard; later starts unlock silently from the OS keychain or ask for the passphrase.
# Arguments go to the console (kms-console --help lists them).
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec "${KMS_BUILD_DIR:-build}/app/kms-console" "$@"
