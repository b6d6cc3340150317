#!/usr/bin/env bash
# Copy the dashboard's third-party files from npm packages into src/eventwire/web/static/vendor/
# (the page is fully offline: no CDN, no tile server). The copied files are committed, so users
# never need npm; run this only to change a version. Versions are pinned here.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/src/eventwire/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error --ignore-scripts \
  leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2 swagger-ui-dist@5.35.0
nm="$work/node_modules"

rm -rf "$out"
mkdir -p "$out/leaflet/images" "$out/markercluster" "$out/topojson" "$out/world-atlas" "$out/swagger-ui"
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$nm/leaflet/LICENSE" "$out/leaflet/"
cp "$nm/leaflet/dist/images/"*.png "$out/leaflet/images/"
cp "$nm/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.css" \
   "$nm/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$nm/leaflet.markercluster/MIT-LICENCE.txt" "$out/markercluster/"
cp "$nm/topojson-client/dist/topojson-client.min.js" "$nm/topojson-client/LICENSE" "$out/topojson/"
# 50m has coastlines good enough to zoom into a region; 110m is the light fallback.
cp "$nm/world-atlas/countries-50m.json" "$nm/world-atlas/countries-110m.json" "$nm/world-atlas/LICENSE" \
   "$out/world-atlas/"
# the API docs page (/docs) must work offline too
cp "$nm/swagger-ui-dist/swagger-ui-bundle.js" "$nm/swagger-ui-dist/swagger-ui.css" "$nm/swagger-ui-dist/LICENSE" \
   "$out/swagger-ui/"
{
  echo "Copied by scripts/build_web.sh from npm:"
  for p in leaflet leaflet.markercluster topojson-client world-atlas swagger-ui-dist; do
    echo "  $p $(node -p "require('$nm/$p/package.json').version")"
  done
  echo "world-atlas data: Natural Earth (public domain)."
} > "$out/VERSIONS.txt"
du -sh "$out"
