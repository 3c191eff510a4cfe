#!/usr/bin/env bash
# Every cost that matters, as a ratio to its floor measured in the same run.
#
#   scripts/bench.sh           full run (under 10 minutes)
#   scripts/bench.sh --quick   few repetitions (under 2 minutes)
#
# Prints one table (row, median, p95, n, floor, ratio, status) and, as the
# last line, one JSON object with every row, so two runs can be compared by a
# script. docs/benchmarks.md says how to read each row. Benchmarks only
# report: nothing here is a test, and no test asserts a time.
#
# Needs Go, Node, Chromium, Firefox ESR and gnome-keyring (scripts/test.sh
# installs them); builds the tearoff binary, the echo host (bench/echohost) and
# the protocol driver (bench/proto) itself. The caller's environment passes
# through to the host (e.g. a file-backend work factor); the vaults are fresh
# temp ones, never the user's.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
quick=false
case "${1:-}" in
  --quick) quick=true ;;
  "") ;;
  *) echo "usage: scripts/bench.sh [--quick]" >&2; exit 2 ;;
esac

log() { printf 'bench: %s\n' "$*" >&2; }
started=$(date +%s)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
rows="$tmp/rows.jsonl"
: >"$rows"
failed=()

# Importing the keyring library dials D-Bus in init(); only the Secret Service
# part (under scripts/with-secret-service.sh, which sets its own bus) needs one.
export DBUS_SESSION_BUS_ADDRESS=disabled:

log "building tearoff, the echo host and the protocol driver"
go build -buildvcs=false -o "$tmp/tearoff" ./host/cmd/tearoff
go build -buildvcs=false -o "$tmp/echohost" ./bench/echohost
go build -buildvcs=false -o "$tmp/proto" ./bench/proto
if [ ! -d extension/node_modules ]; then
  log "installing the extension's npm tooling"
  (cd extension && npm ci --no-audit --no-fund >&2)
fi

if $quick; then
  proto_args=(-reps 5 -floor-reps 20 -cli-reps 5 -budget 3s -import-budget 8s)
  browser_args=(--quick)
else
  proto_args=(-reps 30 -floor-reps 100 -cli-reps 20 -budget 20s -import-budget 60s)
  browser_args=()
fi
proto_args+=(-tearoff "$tmp/tearoff" -echo "$tmp/echohost")

log "protocol, CLI and keyring: file backend"
"$tmp/proto" "${proto_args[@]}" -backend file -echo-floors >>"$rows" || failed+=("protocol (file)")
log "protocol, CLI and keyring: Secret Service"
scripts/with-secret-service.sh "$tmp/proto" "${proto_args[@]}" -backend secret-service >>"$rows" || failed+=("protocol (Secret Service)")
log "browsers"
TEAROFF_BIN="$tmp/tearoff" TEAROFF_ECHO_BIN="$tmp/echohost" \
  node extension/test/bench/browser.mjs "${browser_args[@]}" >>"$rows" || failed+=("browsers")

first_line() { "$@" 2>/dev/null | head -n 1 | sed "s/[[:space:]]*$//" || true; }
meta=$(node -e '
  const [quick, seconds, ...rest] = process.argv.slice(1);
  const keys = ["commit", "nproc", "cpu", "kernel", "go", "node", "chromium", "firefox"];
  const m = { quick: quick === "true", seconds: Number(seconds), date: new Date().toISOString() };
  keys.forEach((k, i) => { m[k] = rest[i] ?? ""; });
  console.log(JSON.stringify(m));
' "$quick" "$(($(date +%s) - started))" \
  "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(nproc)" \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$(uname -sr)" \
  "$(go env GOVERSION)" "$(node --version)" \
  "$(first_line "${TEAROFF_CHROMIUM:-/usr/lib/chromium/chromium}" --version)" \
  "$(first_line "${TEAROFF_FIREFOX:-/usr/bin/firefox-esr}" --version)")

echo "$meta" | node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(`tearoff ${m.commit}, ${m.quick ? "--quick" : "full run"} in ${m.seconds} s; ${m.nproc} cores (${m.cpu}), ${m.kernel}, ${m.chromium}, ${m.firefox}, ${m.go}, node ${m.node}`)'
node extension/test/bench/report.mjs "$rows" --meta="$meta"
if [ ${#failed[@]} -gt 0 ]; then
  log "these parts failed (their rows are missing or marked): ${failed[*]}"
  exit 1
fi
