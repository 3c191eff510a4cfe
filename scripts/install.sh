#!/bin/sh
# Builds tearoff, puts it at a stable path and registers it with every browser
# found (Linux and macOS). Safe to re-run: a re-run upgrades in place.
#
#   scripts/install.sh                      all browsers found
#   scripts/install.sh --browser chromium   arguments go to `tearoff install`
#   scripts/install.sh --firefox-profile DIR
#                                           also install the add-on into that Firefox ESR
#                                           profile for good (see README: Firefox)
#   scripts/install.sh --uninstall          remove the manifests and the binary; add
#                                           --purge-config for the settings, --purge for
#                                           the vault (asks; see `tearoff help`)
#
# The binary goes to $TEAROFF_PREFIX/bin/tearoff (default ~/.local/bin/tearoff).
# The browser manifests name that absolute path, so they keep working however
# the browser is started (a desktop-launched browser has a different PATH).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${TEAROFF_PREFIX:-$HOME/.local}
bindir=$prefix/bin
bin=$bindir/tearoff

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# --firefox-profile DIR is ours; every other argument goes to `tearoff install`.
firefox_profile=""
n=$#
while [ "$n" -gt 0 ]; do
  a=$1; shift; n=$((n - 1))
  if [ "$a" = --firefox-profile ]; then
    [ "$n" -gt 0 ] || die "--firefox-profile needs the profile directory (about:profiles shows it)"
    firefox_profile=$1; shift; n=$((n - 1))
  else
    set -- "$@" "$a"
  fi
done
[ -z "$firefox_profile" ] || [ -d "$firefox_profile" ] ||
  die "no directory $firefox_profile (about:profiles shows the profile directories)"

if [ "${1:-}" = --uninstall ]; then
  shift
  if [ -x "$bin" ]; then
    "$bin" uninstall --all "$@" || die "'tearoff uninstall --all $*' failed (see above); the binary $bin is kept"
  else
    say "no binary at $bin; nothing for it to uninstall"
  fi
  rm -f "$bin"
  say "removed $bin"
  if [ -n "$firefox_profile" ]; then
    rm -f "$firefox_profile/extensions/tearoff@tearoff.dev.xpi"
    if [ -f "$firefox_profile/user.js" ]; then
      grep -v -e '"xpinstall.signatures.required"' -e '"extensions.autoDisableScopes"' "$firefox_profile/user.js" > "$firefox_profile/user.js.tmp" || true
      mv -f "$firefox_profile/user.js.tmp" "$firefox_profile/user.js"
    fi
    say "removed the add-on and its two preferences from $firefox_profile"
  fi
  exit 0
fi

command -v go >/dev/null 2>&1 ||
  die "Go is not installed or not on PATH. Install Go 1.26 or newer (https://go.dev/doc/install, or your package manager), then re-run this script."

mkdir -p "$bindir" || die "cannot create $bindir"

# Build next to the target and rename over it: the rename is atomic, so a
# browser never starts a half-written binary, and a host that is running
# keeps its old file until it exits.
tmp=$(mktemp "$bindir/.tearoff.XXXXXX") || die "cannot create a temporary file in $bindir"
trap 'rm -f "$tmp"' EXIT INT TERM
# The version comes from git describe, so Go's own VCS stamping is off: it runs git
# too and fails the whole build when git distrusts a clone that another user owns
# ("dubious ownership"). describe is told to trust this one clone, which is the
# code about to be installed anyway.
version=$(git -c safe.directory="$root" -C "$root" describe --always --dirty 2>/dev/null || echo dev)
say "building tearoff ($version) ..."
(cd "$root" && CGO_ENABLED=0 go build -trimpath -buildvcs=false \
  -ldflags "-X tearoff.dev/tearoff/host/service.Version=$version" \
  -o "$tmp" ./host/cmd/tearoff) || die "go build failed (see above)"
chmod 755 "$tmp"
mv -f "$tmp" "$bin"
trap - EXIT INT TERM
say "installed $bin"

[ $# -gt 0 ] || set -- --browser all
report=$("$bin" install "$@") || {
  [ -n "$report" ] && say "$report"
  die "'tearoff install $*' failed (see above); 'tearoff doctor' explains what each browser needs"
}
say "$report"

if [ -n "$firefox_profile" ]; then
  # An unsigned add-on stays installed in Firefox ESR (not release Firefox) when the
  # signature check is off, and an add-on file in the profile's extensions directory
  # is installed at the next start; autoDisableScopes 14 keeps it enabled instead of
  # waiting for a click (14 = every scope but the profile's own).
  mkdir -p "$firefox_profile/extensions" || die "cannot create $firefox_profile/extensions"
  xpi="$firefox_profile/extensions/tearoff@tearoff.dev.xpi"
  (cd "$root" && go run ./host/cmd/pack -src extension/src -out "$xpi.tmp" -mtime 0) || die "packing the add-on failed"
  mv -f "$xpi.tmp" "$xpi"
  userjs="$firefox_profile/user.js"
  touch "$userjs"
  grep -v -e '"xpinstall.signatures.required"' -e '"extensions.autoDisableScopes"' "$userjs" > "$userjs.tmp" || true
  printf '%s\n' 'user_pref("xpinstall.signatures.required", false);' 'user_pref("extensions.autoDisableScopes", 14);' >> "$userjs.tmp"
  mv -f "$userjs.tmp" "$userjs"
  say "installed the add-on into $xpi (and set xpinstall.signatures.required=false in $userjs)"
fi

# The browsers that got a manifest (report lines: browser, op, path).
browsers=$(printf '%s\n' "$report" | awk '$2 == "wrote" || $2 == "unchanged" { print $1 }' | sort -u)

say ""
say "Now load the extension from $root/extension/src:"
for b in $browsers; do
  case $b in
    firefox)
      if [ -n "$firefox_profile" ]; then
        say "  Firefox: the add-on is installed in $firefox_profile for good; restart Firefox ESR."
      else
        say "  Firefox ESR: for good, quit Firefox and re-run with --firefox-profile DIR (about:profiles"
        say "           shows DIR). For one session: about:debugging#/runtime/this-firefox, \"Load"
        say "           Temporary Add-on...\", pick $root/extension/src/manifest.json."
        say "           Release Firefox runs only add-ons signed by Mozilla (README: Firefox)."
      fi
      ;;
    *)
      case $b in
        chrome) page=chrome://extensions name=Chrome ;;
        chromium) page=chrome://extensions name=Chromium ;;
        edge) page=edge://extensions name=Edge ;;
        brave) page=brave://extensions name=Brave ;;
        vivaldi) page=vivaldi://extensions name=Vivaldi ;;
        *) page=chrome://extensions name=$b ;;
      esac
      say "  $name: open $page, turn on \"Developer mode\", click \"Load unpacked\""
      say "           and pick the folder $root/extension/src."
      ;;
  esac
done
[ -n "$browsers" ] || say "  (no browser was registered; see the notes above)"

case ":$PATH:" in
  *":$bindir:"*) ;;
  *)
    say ""
    say "warning: $bindir is not on your PATH, so the 'tearoff' command is not found in a shell."
    say "         Browsers are fine (their manifests use the full path). To use the CLI, add to your shell profile:"
    say "           export PATH=\"$bindir:\$PATH\""
    ;;
esac
say ""
say "Check the set-up any time with: $bin doctor"
say ""
say "Then store the backup codes you downloaded from a site, for example:"
say "  $bin import --account YOUR_USERNAME ~/Downloads/github-recovery-codes.txt"
say "  $bin import --site google --account you@gmail.com ~/Downloads/Backup-codes-you.txt"
say "  $bin list"
