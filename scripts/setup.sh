#!/bin/sh
# Installs the Debian 12 packages the console needs (only those missing) and builds it.
# Used by scripts/run.sh and scripts/test.sh; safe to run again.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential cmake ninja-build ccache pkg-config clang-format
qt6-base-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools qt6-translations-l10n
libqt6sql6-sqlite qtkeychain-qt6-dev libsecret-1-0 gnome-keyring dbus dbus-x11 libsecret-tools
libssl-dev openssl libsqlite3-dev libargon2-dev libgfshare-dev softhsm2 opensc p11-kit
libp11-kit-dev p11-kit-modules curl
fonts-noto-cjk poppler-utils libqrencode-dev zbar-tools sqlite3"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi

BUILD_DIR=${KMS_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR"
