#!/bin/sh
# axe-core (Deque's accessibility rules engine) from the npm registry, for the accessibility
# test (tests/test_accessibility.py), which injects it into each page it checks.
# `make test` runs this; it does nothing when the pinned version is already there.
#     scripts/install_axe.sh [version]
# It needs `npm` (only to download the package tarball; nothing is installed globally).
# The file goes to var/axe-core/ (not committed: a test tool, never served to visitors).
set -eu

VERSION="${1:-4.14.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${EQKG_AXE_DIR:-$ROOT/var/axe-core}"
if [ -f "$DEST/axe.min.js" ] && [ "$(cat "$DEST/VERSION" 2>/dev/null)" = "axe-core@$VERSION" ]; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing npm for install_axe.sh (apt-get)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
        echo "install_axe.sh: npm is needed to fetch axe-core (as root: apt-get install npm)" >&2
        exit 1
    fi
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "axe-core@$VERSION" >/dev/null
tar xzf ./*.tgz
mkdir -p "$DEST"
cp package/axe.min.js "$DEST/axe.min.js"
cp package/LICENSE "$DEST/LICENSE" 2>/dev/null || true
printf 'axe-core@%s\n' "$VERSION" >"$DEST/VERSION"
echo "axe-core $VERSION copied to $DEST"
