#!/bin/sh
# Vendor YASGUI (the SPARQL editor) from the npm registry into the web app's static files.
#
# The built files are committed so that deployments and CI work offline and no
# page ever loads code from a CDN. Re-run this script to upgrade:
#     scripts/fetch_yasgui.sh [version]
# It needs `npm` (only to download the package tarball; nothing is installed).
set -eu

PACKAGE="@zazuko/yasgui"
VERSION="${1:-4.6.2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/service/eqkg/web/static/yasgui"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "$PACKAGE@$VERSION" >/dev/null
tar xzf ./*.tgz

mkdir -p "$DEST"
cp package/build/yasgui.min.js package/build/yasgui.min.css "$DEST/"
LICENSE_FIELD="$(node -e 'process.stdout.write(require("./package/package.json").license)')"
if [ -f package/LICENSE ]; then
    cp package/LICENSE "$DEST/LICENSE"
else
    # The npm tarball ships no LICENSE file; its package.json declares the licence.
    cat >"$DEST/LICENSE" <<EOF
$PACKAGE $VERSION is distributed under the $LICENSE_FIELD licence, as declared in
the "license" field of its package.json (the npm tarball carries no LICENSE
file). Upstream: https://github.com/zazuko/Yasgui (a fork of TriplyDB/Yasgui).
Copyright is held by the YASGUI authors (Triply B.V., Zazuko GmbH and
contributors); see the upstream repository for the exact notices.

The bundled yasgui.min.js also contains third-party code (CodeMirror, Choices.js,
DOMPurify, SortableJS, lodash-es, ...) under their own permissive licences.

MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF
fi
printf '%s@%s\n' "$PACKAGE" "$VERSION" >"$DEST/VERSION"
echo "YASGUI $VERSION copied to $DEST"
