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
  # strace kills tearoff at chosen writes in the crash test.
  local wanted=(dbus gnome-keyring libsecret-tools strace)
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
go_packages=(./host/... ./manifests/...)

go_suites() {
  log "go modules"
  go mod download
  run "gofmt" sh -c 'out=$(gofmt -l host); [ -z "$out" ] || { echo "gofmt needed: $out"; exit 1; }'
  run "go vet" go vet "${go_packages[@]}"
  run "windows build" env GOOS=windows GOARCH=amd64 go build "${go_packages[@]}"
  run "darwin vet" env GOOS=darwin GOARCH=arm64 go vet "${go_packages[@]}"
  run "go test (file backend, unit, fuzz seeds)" go test -count=1 "${go_packages[@]}"
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

extension_suites() {
  log "npm packages"
  (cd extension && npm ci --no-audit --no-fund)
  run "web-ext lint" bash -c 'cd extension && npm run --silent lint'
  run "ESLint (extension/eslint.config.js)" bash -c 'cd extension && npm run --silent lint:js'
  run "extension unit tests" bash -c 'cd extension && npm run --silent test:unit'
  run "e2e (Chromium and Firefox, file backend)" bash -c 'cd extension && npm run --silent test:e2e'
  run "e2e (Secret Service)" scripts/with-secret-service.sh bash -c 'cd extension && npm run --silent test:e2e:secret-service'
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
