#!/bin/sh
# Runs a command inside a private D-Bus session with its own unlocked gnome-keyring, the real
# Secret Service that QtKeychain talks to; stops the keyring and the bus afterwards.
# Usage: with-keyring.sh COMMAND [ARG...]
set -eu
if [ -z "${KMS_KEYRING_INNER:-}" ]; then
    KMS_KEYRING_INNER=1 exec dbus-run-session -- "$0" "$@"
fi
home=$(mktemp -d)
trap 'kill "$keyring" 2>/dev/null || true; wait "$keyring" 2>/dev/null || true; rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
printf %s test-keyring-password \
    | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring=$!
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
        | grep -q "boolean true"; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then echo "with-keyring: the Secret Service did not start" >&2; exit 1; fi
    sleep 0.1
done
status=0
"$@" || status=$?
exit "$status"
