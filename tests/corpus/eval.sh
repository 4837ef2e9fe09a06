#!/usr/bin/env bash
# Corpus evaluation: runs zhibiao extract over ../shared/corpus/seeds and
# scores it with ../shared/tools/score.py, printing the scorer's summary.
# Exits 77 (ctest: skipped) when the shared corpus is not there.
#
#   tests/corpus/eval.sh [ZHIBIAO_BINARY] [-v]
#   ZB_SHARED=/path/to/shared tests/corpus/eval.sh build/x/worker/zhibiao
#   ZB_MIN_F1=0.95 ...  fail (exit 1) below this micro F1
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
zb=${1:-$src/build/indicators/worker/zhibiao}
shift || true
shared=${ZB_SHARED:-$src/../shared}
if [ ! -d "$shared/corpus/seeds" ] || [ ! -f "$shared/tools/score.py" ]; then
  echo "corpus: $shared/corpus not present, skipping"
  exit 77
fi
py=python3
command -v /usr/bin/python3 >/dev/null && py=/usr/bin/python3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$zb" extract --format json "$shared"/corpus/seeds/*.txt >"$out"
rc=$?
if [ $rc -ne 0 ]; then
  echo "corpus: zhibiao extract failed (exit $rc)" >&2
  exit 1
fi
args=()
[ -n "${ZB_MIN_F1:-}" ] && args+=(--min-f1 "$ZB_MIN_F1")
"$py" "$shared/tools/score.py" "$shared/corpus/gold" "$out" --taxonomy "$shared/indicators.tsv" "${args[@]}" "$@"
