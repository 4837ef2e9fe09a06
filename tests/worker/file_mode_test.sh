#!/usr/bin/env bash
# File mode end to end: `zhibiao run` over the bundled samples writes an Avro
# container file that an independent reader (Apache Avro's Python
# implementation, Debian's python3-avro) reads back: one ReportIndicators per
# report, the values the summary shows; the page that is not a report is
# listed as not processed. Also: `zhibiao run` with no arguments uses the
# same samples, a directory walk with a poison file does not stop, and a
# report over engine.timeout_ms is listed with reason timeout.
#   file_mode_test.sh ZHIBIAO_BINARY SOURCE_DIR PYTHON
set -euo pipefail
bin=$1 src=$2 py=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$src"
"$bin" run -o "$tmp/out.avro" config/samples >"$tmp/summary" 2>"$tmp/log" ||
  fail "run failed: $(cat "$tmp/log")"
cat "$tmp/summary"
grep -q '^5 inputs: 4 reports' "$tmp/summary" || fail "unexpected totals"
grep -q '; 1 not processed$' "$tmp/summary" || fail "the notice was not reported"
grep -q 'not_a_report' "$tmp/summary" || fail "no reason for the notice"

"$py" - "$tmp/out.avro" <<'PYEOF'
import sys
from avro.datafile import DataFileReader
from avro.io import DatumReader

with open(sys.argv[1], "rb") as f:
    recs = list(DataFileReader(f, DatumReader()))
assert len(recs) == 4, len(recs)
by_src = {}
for r in recs:
    src = r.get("source")
    assert src, r.keys()
    by_src[src] = r
    assert len(r["report_id"]) == 16
    assert r["indicators"], "no indicators in " + src
    for ind in r["indicators"]:
        assert ind["code"] and ind["unit"] is not None
        assert ind["evidence"]["end"] > ind["evidence"]["start"]
names = sorted(by_src)
assert any("hexi-2023.html" in s for s in names), names
assert any("pujiang-2022-gb18030.txt" in s for s in names), names
assert any("siming-2023-traditional.html" in s for s in names), names
assert any("crawler-feed.jsonl:1" in s for s in names), names
feed = [r for s, r in by_src.items() if s.endswith("crawler-feed.jsonl:1")][0]
assert feed["origin"]["source_url"].startswith("https://sft.zj.gov.cn/"), feed["origin"]
print("file_mode_test: read back", len(recs), "records with", sum(len(r["indicators"]) for r in recs), "indicators")
PYEOF

# A directory with poison in it: everything else still goes through.
mkdir -p "$tmp/in/sub"
cp config/samples/hexi-2023.html "$tmp/in/sub/"
head -c 4096 /dev/urandom >"$tmp/in/garbage.bin"
: >"$tmp/in/empty.html"
ZB_FILE_PROGRESS_MS=0 "$bin" run -o "$tmp/out2.avro" "$tmp/in" >"$tmp/summary2" 2>"$tmp/log" ||
  fail "run 2 failed"
if grep -q '"event":"progress"' "$tmp/log"; then fail "progress logged with file.progress_ms 0"; fi
grep -q '^3 inputs: 1 reports' "$tmp/summary2" || { cat "$tmp/summary2"; fail "poison stopped the walk"; }
grep -q '2 not processed' "$tmp/summary2" || fail "poison not listed"

# JSON Lines: CRLF line ends, blank lines, a line over input.max_report_bytes
# (a too_large dead letter, numbered right) between good ones, a last line
# without its newline.
"$py" - "$tmp/feed" <<'PYEOF'
import json, sys
src = sys.argv[1]
body = open("config/samples/hexi-2023.html", encoding="utf-8").read()
good = json.dumps({"url": "https://www.tjhx.gov.cn/a.html", "body": body}, ensure_ascii=False)
big = json.dumps({"url": "https://www.tjhx.gov.cn/b.html", "body": "某" * 40000}, ensure_ascii=False)
with open(src + ".jsonl", "w", encoding="utf-8", newline="") as f:
    f.write(good + "\r\n\r\n" + big + "\n  \n" + good)
with open(src + ".biglen", "w") as f:
    f.write(str(len(big.encode("utf-8"))))
PYEOF
ZB_INPUT_MAX_REPORT_BYTES=65536 "$bin" run -o "$tmp/feed.avro" "$tmp/feed.jsonl" >"$tmp/summary5" \
  2>"$tmp/log5" || fail "jsonl run failed: $(cat "$tmp/log5")"
grep -q '^OK   .*feed.jsonl:1$' "$tmp/summary5" && grep -q '^OK   .*feed.jsonl:5$' "$tmp/summary5" &&
  grep -A1 '^DLQ  .*feed.jsonl:3$' "$tmp/summary5" | grep -q 'decode/too_large' &&
  grep -q '^3 inputs: 2 reports' "$tmp/summary5" || { cat "$tmp/summary5"; fail "jsonl lines"; }
# the dead letter gives the line's real size, not the part that was read
grep -q "decode/too_large: message of $(cat "$tmp/feed.biglen") bytes exceeds 65536" "$tmp/summary5" ||
  { cat "$tmp/summary5"; fail "too_large line size"; }
# a file over the limit: its size, not the bytes read
head -c 200000 /dev/zero >"$tmp/big-zero.bin"
ZB_INPUT_MAX_REPORT_BYTES=65536 "$bin" run -o "$tmp/zero.avro" "$tmp/big-zero.bin" >"$tmp/summary6" 2>/dev/null ||
  fail "big file run failed"
grep -q "decode/too_large: message of 200000 bytes exceeds 65536" "$tmp/summary6" ||
  { cat "$tmp/summary6"; fail "too_large file size"; }

# Memory: a JSON Lines file is read line by line. 32 lines of 2 MB, each over
# a 1 MiB limit (dead letters, nothing extracted), must not raise the peak
# RSS by half the file's 64 MB over a run on one such line (the whole file
# was read into memory before). ASan's quarantine would keep freed lines.
"$py" - "$bin" "$tmp" <<'PYEOF' || fail "jsonl memory"
import json, os, resource, subprocess, sys
bin, tmp = sys.argv[1], sys.argv[2]
line = json.dumps({"url": "https://x.gov.cn/a.html", "body": "某" * 700000}, ensure_ascii=False)
for name, n in (("one", 1), ("many", 32)):
    with open(os.path.join(tmp, name + ".jsonl"), "w", encoding="utf-8") as f:
        f.write((line + "\n") * n)
env = dict(os.environ, ZB_INPUT_MAX_REPORT_BYTES="1048576",
           ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=0")
peak = {}
for name in ("one", "many"):
    # a child per run: RUSAGE_CHILDREN is the peak over all children so far
    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
            "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, bin, "run", "-o", os.path.join(tmp, name + ".avro"),
                          os.path.join(tmp, name + ".jsonl")], env=env, capture_output=True, text=True)
    rc, kb = out.stdout.split()
    assert rc == "0", out.stderr
    peak[name] = int(kb) / 1024
size = os.path.getsize(os.path.join(tmp, "many.jsonl")) / 1e6
print("file_mode_test: peak RSS %.0f MB on one line, %.0f MB on a %.0f MB file" % (peak["one"], peak["many"], size))
sys.exit(0 if peak["many"] - peak["one"] < size / 2 else 1)
PYEOF

# SIGTERM during a long batch: the inputs read so far are finished and their
# container closed (readable), the summary says the run was cut short, and
# the exit status is 1 (a script must not take it for a complete run).
"$py" - "$bin" "$tmp" <<'PYEOF' || fail "SIGTERM in file mode"
import json, os, signal, subprocess, sys, time
from avro.datafile import DataFileReader
from avro.io import DatumReader
bin, tmp = sys.argv[1], sys.argv[2]
body = open("config/samples/hexi-2023.html", encoding="utf-8").read()
n = 5000
with open(os.path.join(tmp, "long.jsonl"), "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(json.dumps({"url": "https://www.tjhx.gov.cn/%d.html" % i, "body": body},
                           ensure_ascii=False) + "\n")
out, avro = os.path.join(tmp, "long.summary"), os.path.join(tmp, "long.avro")
with open(out, "w") as so:
    p = subprocess.Popen([bin, "run", "-o", avro, os.path.join(tmp, "long.jsonl")], stdout=so,
                         stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, ZB_ENGINE_THREADS="1", ZB_FILE_PROGRESS_MS="1"))
    t0 = time.time()
    while os.path.getsize(out) == 0 and p.poll() is None and time.time() - t0 < 120:
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
lines = open(out, encoding="utf-8").read().splitlines()
done = int(lines[-2].split()[0])
with open(avro, "rb") as f:
    recs = sum(1 for _ in DataFileReader(f, DatumReader()))
print("file_mode_test: SIGTERM after %d of %d inputs: exit %d, %d records" % (done, n, p.returncode, recs))
assert p.returncode == 1, (p.returncode, err[-500:])
assert lines[-1] == "stopped by a signal: the inputs after these were not read", lines[-2:]
assert 0 < done < n and recs == done, (done, recs)
assert '"event":"interrupted"' in err, err[-500:]
# file.progress_ms: progress log lines, their counts growing, none past the end
done_counts = [int(l.split('"msg":"')[1].split()[0]) for l in err.splitlines() if '"event":"progress"' in l]
assert done_counts and done_counts == sorted(done_counts) and done_counts[-1] <= done, done_counts[-5:]
PYEOF

# engine.timeout_ms: a big invented report over a 1 ms budget is listed as a
# dead letter with reason timeout (and logged), and the walk goes on to the
# next input (which may time out too at 1 ms: a sanitizer build is slow).
mkdir -p "$tmp/slow"
"$py" - "$tmp/slow/a-big.txt" <<'PYEOF'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("某某县2024年法治政府建设年度报告\n")
    for k in range(20000):
        f.write("全年共审核规范性文件%d件，办理行政复议案件%d件。\n" % (10 + k % 90, 3 + k % 7))
PYEOF
cp config/samples/pujiang-2022-gb18030.txt "$tmp/slow/b-small.txt"
ZB_ENGINE_TIMEOUT_MS=1 "$bin" run -o "$tmp/slow.avro" "$tmp/slow" >"$tmp/summary4" 2>"$tmp/log4" ||
  fail "timeout run failed: $(cat "$tmp/log4")"
grep -A1 'a-big.txt' "$tmp/summary4" | grep -q 'extract/timeout: extraction took over its limit of 1 ms' ||
  { cat "$tmp/summary4"; fail "no timeout reason"; }
grep -q 'extract_timeout' "$tmp/log4" || fail "no extract_timeout log line"
grep -q '^2 inputs' "$tmp/summary4" && grep -q 'b-small.txt' "$tmp/summary4" ||
  { cat "$tmp/summary4"; fail "timeout run totals"; }

# Processed on 1 and on 4 threads: the same summary, line for line (results
# are written in input order whatever the thread count).
ZB_ENGINE_THREADS=1 "$bin" run -o "$tmp/t1.avro" tests/fixtures config/samples >"$tmp/t1" 2>/dev/null ||
  fail "1-thread run failed"
ZB_ENGINE_THREADS=4 "$bin" run -o "$tmp/t4.avro" tests/fixtures config/samples >"$tmp/t4" 2>/dev/null ||
  fail "4-thread run failed"
[ "$(grep -c '^OK ' "$tmp/t1")" -ge 10 ] || fail "too few reports in the thread comparison"
diff <(sed 's/t1\.avro//' "$tmp/t1") <(sed 's/t4\.avro//' "$tmp/t4") >/dev/null ||
  fail "summaries differ between 1 and 4 threads"

# No arguments at all: the embedded default on the bundled samples.
mkdir -p "$tmp/cwd" && cd "$tmp/cwd"
"$bin" run >"$tmp/summary3" 2>"$tmp/log" || fail "default run failed: $(cat "$tmp/log")"
grep -q '^5 inputs: 4 reports' "$tmp/summary3" || fail "default run totals"
[ -s out/indicators.avro ] || fail "default output missing"
echo "file_mode_test: ok"
