#!/usr/bin/env bash
# Developer shortcut: vitest on the given paths under a throwaway keyring, without typecheck or build.
set -euo pipefail
export FIELDKIT_IN_KEYRING=1
d=$(mktemp -d)
XDG_DATA_HOME=$d XDG_RUNTIME_DIR=$d exec dbus-run-session -- sh -c 'echo -n t | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec npx vitest run "$@"' sh "$@"
