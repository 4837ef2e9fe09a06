#!/usr/bin/env bash
# Extraction benchmark: Release build (no sanitizers) in build/bench, then
# bench_extract over >= 50 MB built from tests/fixtures. Prints MB/s per core
# for a UTF-8 validation baseline, zb_text_decode and the whole zb_extract,
# their ratios, per-stage and per-document-kind figures, and peak RSS. Real
# crawled reports (../shared/corpus/seeds) are timed apart when present.
#   bash tests/bench/run.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DZB_SANITIZE=OFF >/dev/null
cmake --build build/bench -j 2 --target bench_extract
reports=()
if [ -d ../shared/corpus/seeds ]; then reports=(../shared/corpus/seeds); fi
exec build/bench/tests/bench/bench_extract tests/fixtures config "${1:-50}" "${reports[@]}"
