#!/usr/bin/env bash
# Everything CI runs, from nothing: installs the Debian packages, npm packages and Go
# modules the tests need, starts the services they use (a private D-Bus session with
# gnome-keyring for the Secret Service tests), and runs every suite.
#
#   scripts/test.sh            all suites
#   scripts/test.sh go         only the Go suites (vet, lint, cross-builds, unit, keyring, fuzz seeds)
#   scripts/test.sh extension  only the extension suites (lint, unit, e2e in Chromium and Firefox)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
what=${1:-all}
passed=0
failed_suites=()

log() { printf '\n==> %s\n' "$*" >&2; }

# run NAME CMD...: one suite; keep going after a failure so one run shows all of them.
run() {
  local name=$1; shift
  log "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed_suites+=("$name")
  fi
}

install_debian_packages() {
  # strace kills tearoff at chosen writes in the crash test; git is sync's transport
  # (the sync tests use a bare repository as the remote).
  local wanted=(dbus gnome-keyring libsecret-tools strace git)
  # A Japanese font: the e2e tests screenshot the Japanese UI for the README, and
  # without one the browsers draw boxes.
  if [ "$what" != go ]; then wanted+=(chromium firefox-esr fonts-ipafont-gothic); fi
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

command -v go >/dev/null || { echo "scripts/test.sh: Go is not installed (need Go 1.26)" >&2; exit 1; }
# golangci-lint, pinned; built from the Go module proxy once per machine (a few minutes
# on two cores) into $(go env GOPATH)/bin, then reused while the version matches. The
# build starts in the background at once (start_golangci_lint_build), so it overlaps the
# package installs and the tests, and the lint suite runs last.
GOLANGCI_LINT_VERSION=v2.15.0
golangci_bin="$(go env GOPATH)/bin/golangci-lint"
golangci_build_pid=
golangci_build_log=$(mktemp)
trap 'rm -f "$golangci_build_log"' EXIT

start_golangci_lint_build() {
  if "$golangci_bin" version 2>/dev/null | grep -q "has version ${GOLANGCI_LINT_VERSION#v} "; then
    return 0
  fi
  log "building golangci-lint $GOLANGCI_LINT_VERSION in the background"
  GOBIN="$(go env GOPATH)/bin" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION" \
    >"$golangci_build_log" 2>&1 &
  golangci_build_pid=$!
}

golangci_lint() {
  if [ -n "$golangci_build_pid" ] && ! wait "$golangci_build_pid"; then
    cat "$golangci_build_log" >&2
    return 1
  fi
  "$golangci_bin" run "${go_packages[@]}"
}

[ "$what" = extension ] || start_golangci_lint_build
install_debian_packages

# Importing 99designs/keyring connects to D-Bus in init(); suites that do not use the
# Secret Service get no bus, so no stray dbus-daemon is left behind.
export DBUS_SESSION_BUS_ADDRESS=disabled:

# Our Go packages; ./... would also walk extension/node_modules, where npm packages may ship Go files.
go_packages=(./host/... ./manifests/... ./bench/...)

go_suites() {
  log "go modules"
  go mod download
  run "gofmt" sh -c 'out=$(gofmt -l host bench); [ -z "$out" ] || { echo "gofmt needed: $out"; exit 1; }'
  run "go vet" go vet "${go_packages[@]}"
  # scripts/bench.sh is never run here (slow and noisy); this only keeps it from rotting.
  run "bench (parses)" bash -n scripts/bench.sh
  run "windows build" env GOOS=windows GOARCH=amd64 go build "${go_packages[@]}"
  run "darwin vet" env GOOS=darwin GOARCH=arm64 go vet "${go_packages[@]}"
  run "go test (file backend, unit, fuzz seeds)" go test -count=1 "${go_packages[@]}"
  run "install.sh on a fresh home without a keyring" fresh_home_install
  # The same keyring, CLI race and protocol tests again against a real Secret Service.
  run "go test (Secret Service)" scripts/with-secret-service.sh \
    go test -p 1 -count=1 -run 'SecretService' ./host/...
  # A short real fuzzing run of each parser on top of the committed seed corpora.
  local target pkg
  for target in FuzzParse:./host/codes FuzzNormalize:./host/codes FuzzCanonical:./host/sites FuzzReader:./host/nativemsg FuzzUnmarshal:./host/vault; do
    pkg=${target#*:}
    run "fuzz ${target%%:*}" go test -run='^$' -fuzz="^${target%%:*}\$" -fuzztime=8s "$pkg"
  done
  run "golangci-lint (.golangci.yml)" golangci_lint
}

# package_reproducible: scripts/package.sh twice, with an mtime changed in between, must
# give the same bytes; every artefact must be there; web-ext lint must pass on the xpi's
# own contents.
package_reproducible() {
  local tmp
  tmp=$(mktemp -d)
  TEAROFF_DIST=$tmp/a scripts/package.sh >/dev/null || return 1
  touch extension/src/popup/popup.html # a new mtime must not change a byte
  TEAROFF_DIST=$tmp/b scripts/package.sh >/dev/null || return 1
  local ok=0
  cmp "$tmp/a/SHA256SUMS" "$tmp/b/SHA256SUMS" || { echo "two package runs differ"; ok=1; }
  (cd "$tmp/b" && sha256sum --quiet -c SHA256SUMS) || ok=1
  local kind
  for kind in chrome.zip firefox.xpi linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64.exe; do
    ls "$tmp"/b/tearoff-*-"$kind" >/dev/null 2>&1 || { echo "dist lacks tearoff-*-$kind"; ok=1; }
  done
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$tmp"/b/tearoff-*-firefox.xpi "$tmp/xpi"
  (cd extension && npx --no-install web-ext lint --source-dir "$tmp/xpi") || ok=1
  rm -rf "$tmp"
  return $ok
}

# fresh_home_install: a new user without a keyring: install.sh, import with the
# passphrase from the environment, list; the codes land in the file vault in the data
# dir, config says why; install.sh --uninstall removes the binary and the manifests but
# keeps the vault.
fresh_home_install() {
  local home
  home=$(mktemp -d)
  # The machine's Go caches and module proxy, so the build needs no network; GOFLAGS is
  # left out, so install.sh's own build flags are what is tested.
  local -a env_=(env -i PATH="$PATH" HOME="$home" GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)"
    GOPROXY="$(go env GOPROXY)" GOSUMDB="$(go env GOSUMDB)" GONOSUMDB="$(go env GONOSUMDB)"
    DBUS_SESSION_BUS_ADDRESS=disabled: TEAROFF_FILE_PASSPHRASE=fresh-home-test TEAROFF_FILE_SCRYPT_WORK_FACTOR=10)
  # Every step's output goes to one log, shown only when a step fails.
  local bin=$home/.local/bin/tearoff out=$home/steps.log ok=0
  "${env_[@]}" scripts/install.sh --browser chromium >>"$out" 2>&1 || { echo "install.sh failed"; ok=1; }
  local manifest=$home/.config/chromium/NativeMessagingHosts/dev.tearoff.host.json
  [ -f "$manifest" ] || { echo "install.sh wrote no manifest"; ok=1; }
  printf '3f9a1-0c7e2\nb84d5-19f06\n' | "${env_[@]}" "$bin" import --site github --account me - >>"$out" 2>&1 || { echo "import failed"; ok=1; }
  local said
  said=$("${env_[@]}" "$bin" list 2>>"$out") || { echo "tearoff list failed"; ok=1; }
  printf '%s\n' "$said" >>"$out"
  grep -q 'GitHub *me *2/2' <<<"$said" || { echo "list does not show the imported codes"; ok=1; }
  [ -f "$home/.local/share/tearoff/tearoff.identity" ] || { echo "no file vault in the data dir"; ok=1; }
  said=$("${env_[@]}" "$bin" config 2>>"$out") || { echo "tearoff config failed"; ok=1; }
  printf '%s\n' "$said" >>"$out"
  grep -q 'no OS keyring answered\|file vault already exists' <<<"$said" || { echo "config does not say why"; ok=1; }
  "${env_[@]}" scripts/install.sh --uninstall >>"$out" 2>&1 || { echo "install.sh --uninstall failed"; ok=1; }
  [ ! -e "$bin" ] && [ -f "$home/.local/share/tearoff/tearoff.identity" ] || { echo "--uninstall: binary or vault wrong"; ok=1; }
  [ ! -e "$manifest" ] || { echo "--uninstall left $manifest"; ok=1; }
  [ $ok -eq 0 ] || { echo "--- what the steps printed:"; cat "$out"; }
  rm -rf "$home"
  return $ok
}

# demo_headless: scripts/demo.sh --headless into a temp dir (the tree stays clean): every
# screenshot is written and the popup's count for the signed-in account went down.
demo_headless() {
  local out log ok=0
  out=$(mktemp -d)
  log=$(scripts/demo.sh --headless --out "$out") || ok=1
  printf '%s\n' "$log"
  local shot
  for shot in demo-popup-before demo-verification-step demo-offer demo-signed-in demo-popup-after; do
    [ -s "$out/$shot.png" ] || { echo "demo wrote no $shot.png"; ok=1; }
  done
  if [[ $log =~ popup\ count\ for\ octocat:\ ([0-9]+)\ -\>\ ([0-9]+) ]]; then
    [ "${BASH_REMATCH[2]}" -lt "${BASH_REMATCH[1]}" ] || { echo "the popup count did not go down"; ok=1; }
  else
    echo "demo did not report the popup count"; ok=1
  fi
  rm -rf "$out"
  return $ok
}

extension_suites() {
  log "npm packages"
  (cd extension && npm ci --no-audit --no-fund)
  run "web-ext lint" bash -c 'cd extension && npm run --silent lint'
  run "ESLint (extension/eslint.config.js)" bash -c 'cd extension && npm run --silent lint:js'
  run "package.sh (reproducible, xpi lint)" package_reproducible
  run "extension unit tests" bash -c 'cd extension && npm run --silent test:unit'
  run "bench drivers (syntax)" bash -c 'for f in extension/test/bench/*.mjs; do node --check "$f" || exit 1; done'
  run "e2e (Chromium and Firefox, file backend)" bash -c 'cd extension && npm run --silent test:e2e'
  run "e2e (Secret Service)" scripts/with-secret-service.sh bash -c 'cd extension && npm run --silent test:e2e:secret-service'
  run "demo.sh --headless" demo_headless
}

case "$what" in
  all) go_suites; extension_suites ;;
  go) go_suites ;;
  extension) extension_suites ;;
  *) echo "usage: scripts/test.sh [all|go|extension]" >&2; exit 2 ;;
esac

if [ ${#failed_suites[@]} -gt 0 ]; then
  printf '\nfailed suites:\n' >&2
  printf ' - %s\n' "${failed_suites[@]}" >&2
fi
echo "suites: $passed passed, ${#failed_suites[@]} failed"
[ ${#failed_suites[@]} -eq 0 ]
