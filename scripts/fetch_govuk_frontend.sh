#!/bin/sh
# Vendor GOV.UK Frontend (the design system's CSS and JavaScript) from the npm registry
# into the web app's static files, the same way scripts/fetch_yasgui.sh vendors YASGUI.
#
# The built files are committed, so `make run`, `make test`, deployments and CI work
# offline and no page loads anything from a CDN. Re-run this script to upgrade:
#     scripts/fetch_govuk_frontend.sh [govuk-frontend version] [sass version]
# It needs `npm` and `node` (packages go to a temporary folder; nothing is installed).
#
# The CSS is compiled from the package's Sass with scripts/govuk/eqkg-govuk.scss, which
# swaps the GDS Transport typeface (GOV.UK only) for the system font and emits no
# @font-face. No font files and no images (the crown, the crest) are copied.
set -eu

VERSION="${1:-5.14.0}"
SASS_VERSION="${2:-1.108.2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/service/eqkg/web/static/govuk"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm install --silent --no-audit --no-fund --no-save --prefix "$WORK" \
    "govuk-frontend@$VERSION" "sass@$SASS_VERSION" >/dev/null
PKG="$WORK/node_modules/govuk-frontend"

mkdir -p "$DEST"
"$WORK/node_modules/.bin/sass" --no-source-map --style=compressed --quiet \
    --load-path="$PKG/dist" "$ROOT/scripts/govuk/eqkg-govuk.scss" "$DEST/govuk-frontend.min.css"
# The ES module bundle, without its source map comment (the map is not shipped).
sed "s#//[#] sourceMappingURL=.*\$##" "$PKG/dist/govuk/govuk-frontend.min.js" >"$DEST/govuk-frontend.min.js"
if grep -q "GDS Transport\|@font-face" "$DEST/govuk-frontend.min.css"; then
    echo "fetch_govuk_frontend.sh: the compiled CSS still names the GOV.UK typeface" >&2
    exit 1
fi

LICENSE_FIELD="$(node -e 'process.stdout.write(require(process.argv[1]).license)' "$PKG/package.json")"
cat >"$DEST/LICENCE" <<LICENCE
govuk-frontend $VERSION is distributed under the $LICENSE_FIELD licence, as declared in
the "license" field of its package.json. Upstream: https://github.com/alphagov/govuk-frontend

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

Not included, and not used by eqkg: the GDS Transport typeface and the images
(the crown, the crest), which only GOV.UK services may use. The CSS here was
compiled by eqkg from the package's Sass with the system font in their place
(scripts/govuk/eqkg-govuk.scss, compiled with sass $SASS_VERSION).
LICENCE
printf 'govuk-frontend@%s (compiled with sass@%s)\n' "$VERSION" "$SASS_VERSION" >"$DEST/VERSION"
echo "GOV.UK Frontend $VERSION copied to $DEST"
