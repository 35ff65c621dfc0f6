#!/usr/bin/env bash
# Refresh the dashboard's vendored chart library (eventcoder/api/static/vendor/) from the npm registry.
# The files are committed and shipped in the package: nothing is fetched when the server runs.
# Usage: bash tools/vendor_js.sh   (needs npm; versions pinned below)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=eventcoder/api/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent vega@5.33.1 vega-lite@5.23.0 vega-embed@6.29.0 >/dev/null)
for pkg in vega-5.33.1 vega-lite-5.23.0 vega-embed-6.29.0; do
    mkdir -p "$work/$pkg" && tar xzf "$work/$pkg.tgz" -C "$work/$pkg"
done
cp "$work/vega-5.33.1/package/build/vega.min.js" "$dest/"
cp "$work/vega-lite-5.23.0/package/build/vega-lite.min.js" "$dest/"
cp "$work/vega-embed-6.29.0/package/build/vega-embed.min.js" "$dest/"
cp "$work/vega-lite-5.23.0/package/LICENSE" "$dest/LICENSE-vega-lite"
cp "$work/vega-embed-6.29.0/package/LICENSE" "$dest/LICENSE-vega-embed"
echo "vendored vega 5.33.1, vega-lite 5.23.0, vega-embed 6.29.0 into $dest"
