#!/usr/bin/env bash
# Replaces the bundled country database (src/main/resources/io/meridian/geo/) with the
# combined IPv4+IPv6 file of a pinned npm package version, and rewrites its NOTICE.
#   geo-data/tools/update-bundled-db.sh [version]
set -euo pipefail

PACKAGE=@ip-location-db/geo-whois-asn-country-mmdb
VERSION="${1:-2.3.2026061719}"

here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/../src/main/resources/io/meridian/geo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
tarball="$(npm pack --silent "$PACKAGE@$VERSION")"
tar xzf "$tarball"
cp package/geo-whois-asn-country.mmdb "$dest/geo-whois-asn-country.mmdb"
sed -e "s/@VERSION@/$VERSION/g" "$here/geo-whois-asn-country.NOTICE.in" > "$dest/geo-whois-asn-country.NOTICE"
echo "--- NRO_LICENSE as shipped in the package:" >> "$dest/geo-whois-asn-country.NOTICE"
cat package/NRO_LICENSE >> "$dest/geo-whois-asn-country.NOTICE"
echo >> "$dest/geo-whois-asn-country.NOTICE"
echo "bundled $PACKAGE@$VERSION ($(wc -c < "$dest/geo-whois-asn-country.mmdb") bytes)"
