#!/usr/bin/env bash
# zhibiao extract end to end: json lines with source, stdin, pretty, avro
# container magic, per-file errors with exit status 1, a timeout (--timeout-ms),
# usage errors.
set -u
zb=$1
fx=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1" >&2; fail=1; fi; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3

"$zb" extract --format json "$fx/county_gov.txt" "$fx/traps.txt" >"$tmp/out.jsonl" 2>"$tmp/err"
check "json exit 0" "[ $? -eq 0 ]"
check "two lines" "[ \$(wc -l <'$tmp/out.jsonl') -eq 2 ]"
check "json fields" "$py - '$tmp/out.jsonl' '$fx' <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
assert rows[0]['source'] == sys.argv[2] + '/county_gov.txt', rows[0]['source']
assert rows[1]['source'] == sys.argv[2] + '/traps.txt'
codes = {(i['code'], i['value']) for i in rows[0]['indicators']}
assert ('litigation.loss_rate', 7.7) in codes and ('normative_docs.cleaned', 312) in codes, codes
assert rows[0]['report_year'] == 2022
assert any(f['target'] for f in rows[0]['facts'])
PY"

"$zb" extract - <"$fx/numerals.txt" >"$tmp/stdin.jsonl"
check "stdin exit 0" "[ $? -eq 0 ]"
check "stdin source" "grep -q '\"source\":\"-\"' '$tmp/stdin.jsonl'"
check "stdin figures" "grep -q '\"code\":\"reconsideration.accepted\",\"value\":105,' '$tmp/stdin.jsonl'"

"$zb" extract --format pretty "$fx/rate_mismatch.txt" >"$tmp/pretty.txt"
check "pretty exit 0" "[ $? -eq 0 ]"
check "pretty table" "grep -q 'litigation.loss_rate' '$tmp/pretty.txt' && grep -q 'warning rate_mismatch' '$tmp/pretty.txt'"

: >"$tmp/empty.txt"
"$zb" extract "$tmp/empty.txt" "$fx/numerals.txt" "$tmp/missing.txt" >"$tmp/mixed.jsonl" 2>"$tmp/mixed.err"
check "failures exit 1" "[ $? -eq 1 ]"
check "good file still printed" "[ \$(wc -l <'$tmp/mixed.jsonl') -eq 1 ]"
check "empty reported" "grep -q '^zhibiao: $tmp/empty.txt: empty: ' '$tmp/mixed.err'"
check "missing reported" "grep -q '^zhibiao: $tmp/missing.txt: ' '$tmp/mixed.err'"
check "one line per failure" "[ \$(wc -l <'$tmp/mixed.err') -eq 2 ]"

printf '\x00\x01\x02binary\x00' >"$tmp/bin.dat"
"$zb" extract "$tmp/bin.dat" >/dev/null 2>"$tmp/bin.err"
check "binary exit 1" "[ $? -eq 1 ]"
check "binary reason" "grep -q 'bad_encoding' '$tmp/bin.err'"

"$zb" extract --format avro "$fx/county_gov.txt" "$fx/traditional.txt" >"$tmp/out.avro" 2>"$tmp/avro.err"
rc=$?
check "avro exit 0 ($(head -c 300 "$tmp/avro.err"))" "[ $rc -eq 0 ]"
check "avro container magic" "[ \"\$(head -c 4 '$tmp/out.avro' | od -An -c | tr -d ' ')\" = 'Obj001' ]"

# numeric options: a typo or an out-of-range value is an error, not 0 (the
# default) or a wrapped-around budget
"$zb" extract --timeout-ms 5000000000 "$fx/numerals.txt" >/dev/null 2>"$tmp/opt.err"
check "timeout out of range exit 2" "[ $? -eq 2 ]"
check "timeout out of range message" "grep -q -- '--timeout-ms wants a whole number from 1 to 3600000' '$tmp/opt.err'"
"$zb" extract --max-bytes 10k "$fx/numerals.txt" >/dev/null 2>"$tmp/opt.err"
check "max-bytes typo exit 2" "[ $? -eq 2 ]"
check "max-bytes typo message" "grep -q -- \"--max-bytes wants a whole number from 1 to .*, not '10k'\" '$tmp/opt.err'"

# --timeout-ms: an invented 1 MB report over a 1 ms budget is one line on
# stderr with reason timeout; the next file is still extracted
$py - "$tmp/big.txt" <<'PY'
import sys
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write('某某县2024年法治政府建设年度报告\n')
    for k in range(20000):
        f.write('全年共审核规范性文件%d件，办理行政复议案件%d件。\n' % (10 + k % 90, 3 + k % 7))
PY
"$zb" extract --timeout-ms 1 "$tmp/big.txt" "$fx/numerals.txt" >"$tmp/to.jsonl" 2>"$tmp/to.err"
check "timeout exit 1" "[ $? -eq 1 ]"
check "timeout reason" "grep -q '^zhibiao: $tmp/big.txt: timeout: extraction took over its limit of 1 ms; stopped in ' '$tmp/to.err'"
# numerals.txt may itself run out of 1 ms (ASan, slow machine): what must
# hold is that it is still read after big.txt's timeout, either way
check "after the timeout" "[ \$(( \$(wc -l <'$tmp/to.jsonl') + \$(grep -c 'numerals.txt: timeout: ' '$tmp/to.err') )) -eq 1 ]"
"$zb" extract --timeout-ms 600000 "$tmp/big.txt" >/dev/null 2>&1
check "generous budget exit 0" "[ $? -eq 0 ]"

"$zb" extract --help >"$tmp/help" 2>&1
check "help exit 0" "[ $? -eq 0 ] && grep -q 'usage: zhibiao extract' '$tmp/help'"
"$zb" extract --format xml "$fx/numerals.txt" >/dev/null 2>&1
check "bad format exit 2" "[ $? -eq 2 ]"
"$zb" extract >/dev/null 2>&1
check "no files exit 2" "[ $? -eq 2 ]"
"$zb" extract --rules-dir /nonexistent "$fx/numerals.txt" >/dev/null 2>&1
check "bad rules dir exit 2" "[ $? -eq 2 ]"

[ $fail -eq 0 ] && echo "cli_test: ok"
exit $fail
