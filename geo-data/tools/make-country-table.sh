#!/usr/bin/env bash
# Regenerates src/main/resources/io/meridian/geo/countries.csv (country -> continent, centroid)
# from two pinned npm packages. Needs node and npm; run from anywhere:
#   geo-data/tools/make-country-table.sh
# Bump the versions below on purpose, run, and review the diff of countries.csv.
set -euo pipefail

COUNTRIES_LIST_VERSION=3.4.1   # MIT, continent code per ISO 3166-1 alpha-2
WORLD_COUNTRIES_VERSION=5.1.0  # ODbL-1.0, latlng per cca2

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/main/resources/io/meridian/geo/countries.csv"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "countries-list@$COUNTRIES_LIST_VERSION" "world-countries@$WORLD_COUNTRIES_VERSION" >/dev/null
mkdir cl wc
tar xzf "countries-list-$COUNTRIES_LIST_VERSION.tgz" -C cl
tar xzf "world-countries-$WORLD_COUNTRIES_VERSION.tgz" -C wc

node "$here/make-country-table.mjs" "$work/cl/package" "$work/wc/package" \
  "$COUNTRIES_LIST_VERSION" "$WORLD_COUNTRIES_VERSION" > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($(grep -vc '^#' "$out") lines)"
