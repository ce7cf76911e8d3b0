#!/bin/sh
# Installs what is missing, builds, and runs the whole test suite (backend, keychain against a
# real Secret Service started by the tests themselves, kmsctl, formatting).
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "${KMS_BUILD_DIR:-build}" --output-on-failure -j2 "$@"
