#!/usr/bin/env bash
# Tearoff in a throwaway Chromium: the extension loaded, the host installed into
# that profile, a file vault in a temp dir holding sample codes, and a local
# likeness of GitHub's sign-in (username, password, "Enter your verification
# code", then a backup code) served at https://github.com/ by the browser's
# request routing. Your own keyring, config and browser profile are never touched.
#
#   scripts/demo.sh                        a window; sign in yourself. Ctrl-C (or closing it) cleans up
#   scripts/demo.sh --headless [--out DIR] the same sign-in unattended, screenshots to DIR (default docs/img)
#
# Needs Go, Node and Chromium (/usr/lib/chromium/chromium, or $CHROMIUM).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
args=()
headless=0
while [ $# -gt 0 ]; do
  case "$1" in
    --headless) headless=1; args+=("$1") ;;
    --out) [ $# -ge 2 ] || { echo "demo.sh: --out needs a directory" >&2; exit 2; }
      args+=(--out "$(mkdir -p "$2" && cd "$2" && pwd)"); shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

chromium=${CHROMIUM:-/usr/lib/chromium/chromium}
[ -x "$chromium" ] || { echo "demo.sh: no Chromium at $chromium (install Debian's chromium, or set CHROMIUM)" >&2; exit 1; }
command -v go >/dev/null || { echo "demo.sh: Go is not installed (need Go 1.26)" >&2; exit 1; }
command -v node >/dev/null || { echo "demo.sh: Node is not installed" >&2; exit 1; }
if [ "$headless" = 0 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo.sh: no display for a browser window; run scripts/demo.sh --headless for screenshots" >&2
  exit 1
fi
if [ ! -d "$root/extension/node_modules/playwright-core" ]; then
  (cd "$root/extension" && npm ci --no-audit --no-fund >&2)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tearoff-demo-XXXXXX")
node_pid=
cleanup() {
  # The demo removes its own browser, profile and vault; wait for it, then our temp dir.
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill -INT "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

(cd "$root" && go build -buildvcs=false -o "$tmp/tearoff" ./host/cmd/tearoff)
# The keyring library dials D-Bus at start; the demo's file vault needs no bus.
export DBUS_SESSION_BUS_ADDRESS=disabled:
TEAROFF_BIN="$tmp/tearoff" TEAROFF_CHROMIUM="$chromium" node "$root/extension/demo/demo.mjs" "${args[@]}" &
node_pid=$!
wait "$node_pid"
