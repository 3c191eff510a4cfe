#!/usr/bin/env bash
# Builds everything a release hands out, into dist/ (or $TEAROFF_DIST):
#
#   tearoff-VERSION-chrome.zip      the Chrome Web Store upload (manifest without "key":
#                                   the store assigns the extension id)
#   tearoff-VERSION-firefox.xpi     the Firefox add-on, unsigned (see README: Packages)
#   tearoff-VERSION-OS-ARCH[.exe]   the host for linux amd64/arm64, darwin amd64/arm64,
#                                   windows amd64
#   SHA256SUMS
#
# Two runs from the same commit give the same bytes: the zips have sorted entries and
# the commit's time as every mtime (host/cmd/pack), the binaries are built with
# -trimpath -buildvcs=false and a version taken from the commit, not the clock.
# The binaries are built without cgo, so the macOS ones cannot use the keychain and
# fall back to the encrypted file vault; a keychain build needs cgo on a Mac.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dist=${TEAROFF_DIST:-$root/dist}

ext_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' extension/src/manifest.json)
[ -n "$ext_version" ] || { echo "package.sh: no version in extension/src/manifest.json" >&2; exit 1; }
if [ -f VERSION ]; then
  version=$(cat VERSION)
else
  commit=$(git rev-parse --short=12 HEAD)
  version="$ext_version+$commit"
  # Uncommitted changes to tracked files would make the build differ from the commit.
  git diff --quiet HEAD -- . ':!dist' || version="$version.dirty"
fi
mtime=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct HEAD)}

rm -rf "$dist"
mkdir -p "$dist"
pack=$(mktemp -d)
trap 'rm -rf "$pack"' EXIT
go build -trimpath -buildvcs=false -o "$pack/pack" ./host/cmd/pack

name="tearoff-$version"
"$pack/pack" -src extension/src -out "$dist/$name-chrome.zip" -mtime "$mtime" -drop-manifest-key key
"$pack/pack" -src extension/src -out "$dist/$name-firefox.xpi" -mtime "$mtime"

for target in linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64; do
  os=${target%/*} arch=${target#*/}
  ext=""
  [ "$os" = windows ] && ext=.exe
  echo "building $name-$os-$arch$ext" >&2
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false \
    -ldflags "-s -w -X tearoff.dev/tearoff/host/service.Version=$version" \
    -o "$dist/$name-$os-$arch$ext" ./host/cmd/tearoff
done

(cd "$dist" && sha256sum -- * > SHA256SUMS)
cat "$dist/SHA256SUMS"
