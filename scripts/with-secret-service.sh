#!/bin/sh
# Run a command against a real, throwaway gnome-keyring Secret Service.
#
#   scripts/with-secret-service.sh go test ./host/...
#
# The command runs inside its own D-Bus session (dbus-run-session), with a fresh
# 0700 XDG_RUNTIME_DIR and HOME for the keyring files, so it never touches the
# user's real keyring. gnome-keyring is started and its `login` collection is
# created and unlocked with a fixed test password (shared/design.md §8).
# TEAROFF_TEST_SECRET_SERVICE=1 tells the Go tests that the real service is up
# and disposable; TEAROFF_TEST_KEYRING_PASSWORD lets them unlock `login` again
# after locking it (through gnome-keyring's UnlockWithMasterPassword: a second
# `gnome-keyring-daemon --unlock` does not unlock a running daemon).
set -eu

if [ "$#" -eq 0 ]; then
	echo "usage: $0 COMMAND [ARGS...]" >&2
	exit 2
fi

# Inside the session: this script calls itself with this marker first.
if [ "${1:-}" = "--inside-session" ]; then
	shift
	password=tearoff-test-password
	printf %s "$password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
	# The daemon forks into the background; it is found below by the owner of
	# its bus name, so only this session's daemon is ever stopped.
	owner=false
	i=0
	while [ "$i" -lt 100 ]; do
		if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
			org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
			grep -q 'boolean true'; then
			owner=true
			break
		fi
		i=$((i + 1))
		sleep 0.05
	done
	if [ "$owner" != true ]; then
		echo "with-secret-service: org.freedesktop.secrets did not appear on the session bus" >&2
		exit 1
	fi
	pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets |
		awk '/uint32/ {print $2}')
	status=0
	TEAROFF_TEST_SECRET_SERVICE=1 TEAROFF_TEST_KEYRING_PASSWORD=$password "$@" || status=$?
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
	fi
	exit "$status"
fi

for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "with-secret-service: $tool not found (install gnome-keyring and dbus)" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -m 0700 "$tmp/run" "$tmp/home"
export XDG_RUNTIME_DIR="$tmp/run"
# gnome-keyring keeps its keyring files under XDG_DATA_HOME; keep them throwaway.
export XDG_DATA_HOME="$tmp/home/.local/share"
export XDG_CONFIG_HOME="$tmp/home/.config"
status=0
dbus-run-session -- sh "$0" --inside-session "$@" || status=$?
exit "$status"
