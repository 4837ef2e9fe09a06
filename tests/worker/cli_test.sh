#!/usr/bin/env bash
# The command line as README.md gives it: every option the README's Commands
# block names is one the subcommand's --help lists, every subcommand is in
# `zhibiao --help`, each --help exits 0 on stdout; a wrong option, a missing
# value, a number that is no count and a missing file each fail with one line
# on stderr that names the subcommand and the culprit (exit 2 for usage, 1
# for a file that cannot be read).
#   cli_test.sh ZHIBIAO_BINARY SOURCE_DIR
set -euo pipefail
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$2 # absolute: some checks cd
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { n=$((n + 1)); }

# expect STATUS PATTERN ARGS...: exit status STATUS, stderr matching PATTERN
# (grep -E) on its first line.
expect() {
  local want=$1 pat=$2 rc=0
  shift 2
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
  [ "$rc" = "$want" ] || fail "zhibiao $*: exit $rc, want $want; stderr: $(head -3 "$tmp/err")"
  head -1 "$tmp/err" | grep -Eq -- "$pat" ||
    fail "zhibiao $*: first stderr line '$(head -1 "$tmp/err")' does not match '$pat'"
  ok
}

# The README's Commands block: one `zhibiao SUB ...` per line.
sed -n '/^## Commands/,/^## /p' "$src/README.md" | sed -n '/^```sh/,/^```/p' |
  grep '^zhibiao ' >"$tmp/commands"
[ "$(wc -l <"$tmp/commands")" -ge 5 ] || fail "README.md: no Commands block found"
"$bin" --help >"$tmp/top" || fail "zhibiao --help failed"
while read -r _ sub rest; do
  [ "$sub" = "version" ] && continue
  grep -Eq "^  $sub " "$tmp/top" || fail "README names '$sub', zhibiao --help does not"
  "$bin" "$sub" --help >"$tmp/help" 2>"$tmp/err" || fail "zhibiao $sub --help failed"
  head -1 "$tmp/help" | grep -q '^usage: zhibiao '"$sub" || fail "zhibiao $sub --help: no usage"
  # options the README gives this subcommand (before any trailing comment)
  for opt in $(printf '%s\n' "${rest%%#*}" | grep -Eo -- '(^|[[ ])--?[a-z][a-z-]*' |
    tr -d '[ '); do
    grep -q -- "$opt" "$tmp/help" || fail "README gives '$sub $opt', zhibiao $sub --help does not"
    ok
  done
done <"$tmp/commands"
"$bin" version | grep -Eq '^zhibiao [0-9]' || fail "zhibiao version"
ok

# Wrong options: exit 2, one line naming the subcommand and the option.
expect 2 "zhibiao: unknown command '--bogus'" --bogus
expect 2 "^zhibiao run: .*'--bogus'" run --bogus
expect 2 "^zhibiao extract: unknown option '--bogus'" extract --bogus x
expect 2 "^zhibiao extract: no value after option '--timeout-ms'" extract --timeout-ms
expect 2 "^zhibiao extract: --timeout-ms wants a whole number .* not '5s'" extract --timeout-ms=5s x
expect 2 "^zhibiao extract: --max-bytes wants a whole number .* not '-1'" extract --max-bytes -1 x
expect 2 "^zhibiao extract: unknown format 'xml'" extract --format=xml x
expect 2 "^zhibiao config check: unknown option '--bogus'" config check --bogus
expect 2 "^zhibiao schema: unknown subcommand or option '--bogus'" schema --bogus
expect 2 "^zhibiao dlq replay: .*'--bogus'" dlq replay --bogus
expect 2 "^zhibiao dlq replay: --config FILE is required" dlq replay --dry-run
expect 2 "^zhibiao dlq replay: --batch wants a whole number .* not '1O'" dlq replay --config x --batch 1O
expect 2 "^zhibiao dlq replay: --max wants a whole number .* not 'all'" dlq replay --config x --max all
expect 2 "^zhibiao dlq replay: unknown stage 'extrct'" dlq replay --config x --stage extrct

# run, extract and dlq replay parse with getopt_long: the same words for an
# unknown option, a missing value and a value given to a flag, whole line.
for sub in run extract "dlq replay"; do
  # shellcheck disable=SC2086 # "dlq replay" is two words
  set -- $sub
  expect 2 "^zhibiao $sub: unknown option '--bogus' \(try --help\)$" "$@" --bogus x
  expect 2 "^zhibiao $sub: unknown option '-z' \(try --help\)$" "$@" -z x
  expect 2 "^zhibiao $sub: unknown option '--bogus' \(try --help\)$" "$@" --bogus=1 x
  expect 2 "^zhibiao $sub: option '--help' takes no value \(try --help\)$" "$@" --help=yes
  "$bin" "$@" -h >"$tmp/help" || fail "zhibiao $sub -h"
  head -1 "$tmp/help" | grep -q "^usage: zhibiao $sub " || fail "zhibiao $sub -h: no usage on stdout"
  ok
done
for opt in --config -c --http -o --output; do
  expect 2 "^zhibiao run: no value after option '$opt' \(try --help\)$" run "$opt"
done
for opt in --format --rules-dir --max-bytes --timeout-ms; do
  expect 2 "^zhibiao extract: no value after option '$opt' \(try --help\)$" extract "$opt"
done
for opt in --config -c --reason --stage --from-topic --to-topic --group --max --batch --idle-ms; do
  expect 2 "^zhibiao dlq replay: no value after option '$opt' \(try --help\)$" dlq replay "$opt"
done
expect 2 "^zhibiao dlq replay: option '--dry-run' takes no value" dlq replay --config x --dry-run=yes
expect 2 "^zhibiao dlq replay: unexpected argument 'extra'" dlq replay --config x extra
expect 2 "^zhibiao extract: no FILE given" extract --format json
expect 2 "^zhibiao run: $tmp/none.yaml: No such file" run -c "$tmp/none.yaml"
expect 2 "^zhibiao run: $tmp/none.yaml: No such file" run --config="$tmp/none.yaml"

# What the options do, in every form: '-' is standard input, options may
# follow the files, '--' ends the options (then a name may start with '-').
sample=$src/config/samples/hexi-2023.html
cp "$sample" "$tmp/-odd.html"
"$bin" extract --rules-dir "$src/config" - <"$sample" >"$tmp/out" || fail "extract - (stdin)"
grep -q '^{"source":"-",.*"report_year":2023' "$tmp/out" || fail "extract -: $(head -c 200 "$tmp/out")"
ok
"$bin" extract "$sample" --format pretty --rules-dir "$src/config" >"$tmp/out" || fail "extract FILE --format"
grep -Eq '^  report_year +2023' "$tmp/out" || fail "options after the file not applied"
ok
(cd "$tmp" && "$bin" extract --format=json -- -odd.html) >"$tmp/out" || fail "extract -- -odd.html"
grep -q '^{"source":"-odd.html",.*"report_year":2023' "$tmp/out" || fail "extract --: $(head -c 200 "$tmp/out")"
ok
expect 2 "^zhibiao extract: unknown option '-o'" extract -odd.html
expect 1 "^zhibiao: --format: io: No such file" extract -- --format
(cd "$tmp" && "$bin" run -o a.avro -- -odd.html) >"$tmp/out" 2>"$tmp/err" || fail "run -o a.avro -- -odd.html: $(tail -2 "$tmp/err")"
grep -q '1 inputs: 1 reports .* -> a.avro' "$tmp/out" && [ -s "$tmp/a.avro" ] || fail "run -o: $(tail -2 "$tmp/out")"
ok
"$bin" run "$sample" --output="$tmp/b.avro" >"$tmp/out" 2>"$tmp/err" || fail "run INPUT --output=: $(tail -2 "$tmp/err")"
[ -s "$tmp/b.avro" ] || fail "run --output=FILE after the input wrote nothing"
ok

# A missing file: named, with the system's reason.
expect 1 "^zhibiao: $tmp/none.html: io: No such file or directory" extract "$tmp/none.html"
expect 1 "^zhibiao config check: .*$tmp/none.yaml: No such file" config check "$tmp/none.yaml"
expect 2 "^zhibiao run: $tmp/none.yaml: No such file" run --config "$tmp/none.yaml"
expect 1 "^zhibiao dlq replay: $tmp/none.yaml: No such file" dlq replay --config "$tmp/none.yaml"

# A Kafka cluster that does not answer: named, with the likely cause.
dead=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'mode: kafka\nkafka:\n  bootstrap.servers: 127.0.0.1:%s\nregistry:\n  url: http://127.0.0.1:%s\nlog:\n  level: off\n' \
  "$dead" "$dead" >"$tmp/down.yaml"
expect 1 "^zhibiao dlq replay: no answer from the Kafka cluster at 127.0.0.1:$dead .*DLQ topic reports.dlq" \
  dlq replay --config "$tmp/down.yaml" --dry-run

# An input over --max-bytes is refused without being read into memory: a
# 200 MB (sparse) file over a 1000-byte limit, by its size; a stream once it
# passes the limit. Peak RSS stays far below the file's size.
truncate -s 200000000 "$tmp/huge.txt"
expect 1 "^zhibiao: $tmp/huge.txt: too_large: input is 200000000 bytes, over the limit of 1000 bytes" \
  extract --max-bytes 1000 "$tmp/huge.txt"
head -c 5000 /dev/zero | "$bin" extract --max-bytes 1000 - 2>"$tmp/err" >/dev/null && fail "stdin over the limit accepted"
grep -q "^zhibiao: -: too_large: input is over the limit of 1000 bytes" "$tmp/err" || fail "stdin: $(cat "$tmp/err")"
python3 - "$bin" "$tmp/huge.txt" <<'PYEOF' || fail "memory of a refused input"
import os, resource, subprocess, sys
env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=0")
subprocess.run([sys.argv[1], "extract", sys.argv[2]], env=env, capture_output=True)  # default 64 MiB limit
mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print("cli_test: peak RSS %.0f MB refusing a 200 MB input" % mb)
sys.exit(0 if mb < 100 else 1)
PYEOF
ok

# Options given as --opt=VALUE take effect like --opt VALUE.
expect 1 "too_large: .*over the limit of 100 bytes" extract --max-bytes=100 \
  "$src/config/samples/hexi-2023.html"
"$bin" extract --rules-dir="$src/config" --timeout-ms=60000 --format=json \
  "$src/config/samples/hexi-2023.html" | grep -q '"report_year":2023' ||
  fail "--opt=VALUE forms not applied"
ok
echo "cli_test: $n checks passed"
