#!/usr/bin/env python3
"""Document fields on the shared seed corpus (../shared/corpus): report_year,
region.code, issuer_kind and published_date (where the gold has one) from
`zhibiao extract --format json`, compared with the gold annotations. Exits 77
(skipped) when the corpus is not there.

    corpus_docfields.py ZHIBIAO CORPUS_DIR
"""
import glob
import json
import os
import subprocess
import sys


def main():
    zhibiao, corpus = sys.argv[1], sys.argv[2]
    seeds = sorted(glob.glob(os.path.join(corpus, "seeds", "*.txt")))
    if not seeds:
        print(f"no corpus at {corpus}: skipped")
        return 77
    out = subprocess.run([zhibiao, "extract", "--format", "json", *seeds],
                         check=True, capture_output=True).stdout.decode("utf-8")
    docs = {os.path.basename(json.loads(l)["source"])[:-4]: json.loads(l) for l in out.splitlines()}
    fields = {"report_year": 0, "region_code": 0, "issuer_kind": 0, "published_date": 0}
    dated = 0
    for seed in seeds:
        sid = os.path.basename(seed)[:-4]
        gold = json.load(open(os.path.join(corpus, "gold", sid + ".json"), encoding="utf-8"))
        doc = docs.get(sid, {})
        got = {
            "report_year": doc.get("report_year"),
            "region_code": (doc.get("region") or {}).get("code"),
            "issuer_kind": (doc.get("issuer") or {}).get("kind"),
            "published_date": doc.get("published_date"),
        }
        want = {"report_year": gold["report_year"], "region_code": gold["region"]["code"],
                "issuer_kind": gold.get("issuer_kind"), "published_date": gold.get("published_date")}
        dated += "published_date" in gold
        for k in fields:
            if k == "published_date" and "published_date" not in gold:
                continue
            ok = got[k] == want[k]
            fields[k] += ok
            if not ok:
                print(f"{sid}: {k} = {got[k]!r}, want {want[k]!r}")
    n = len(seeds)
    print(f"docs={n} report_year={fields['report_year']}/{n} region.code={fields['region_code']}/{n} "
          f"issuer_kind={fields['issuer_kind']}/{n} published_date={fields['published_date']}/{dated}")
    wrong = (n - fields["report_year"]) + (n - fields["region_code"]) + \
        (n - fields["issuer_kind"]) + (dated - fields["published_date"])
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
