#!/usr/bin/env python3
"""The blind scenario suite against a built binary (fast feedback for rule authors;
`cargo test --test scenarios` is the CI check and applies the same rules).

    scripts/scenarios.py [--bin PATH] [--rules DIR] [--topic T ...]
"""
import argparse
import glob
import json
import os
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Topics whose advice is a set applied together (index types, resilience patterns): an
# expected option counts when it is in the design (main choice or complement).
SET_TOPICS = {"indexing", "resilience"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "tradeoff"))
    ap.add_argument("--rules", default=os.path.join(ROOT, "rules"))
    ap.add_argument("--topic", action="append")
    a = ap.parse_args()
    total = agreed = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "scenarios", "*.yaml"))):
        s = yaml.safe_load(open(path))
        name = os.path.basename(path)
        r = subprocess.run([a.bin, "advise", "-", "--format", "json", "--rules", a.rules],
                           input=json.dumps(s["requirements"]).encode(), capture_output=True)
        if r.returncode != 0:
            print(f"UNREADABLE {name}: {r.stderr.decode().strip()}")
            total += len(s["expect"])
            continue
        out = json.loads(r.stdout)
        dec = {d["topic"]: d for d in out["decisions"]}
        for topic, e in s["expect"].items():
            if a.topic and topic not in a.topic:
                continue
            d = dec[topic]
            design = [d["choice"]] + (d["also"] if topic in SET_TOPICS else [])
            if "choice" in e:
                ok = e["choice"] in design
                want = e["choice"]
            elif "any_of" in e:
                ok = any(x in design for x in e["any_of"])
                want = "any of " + ",".join(e["any_of"])
            else:
                ok = d["choice"] not in e["not"]
                want = "not " + ",".join(e["not"])
            total += 1
            agreed += ok
            if not ok:
                disputed = " (disputed)" if topic in (s.get("disputed") or {}) else ""
                print(f"DISAGREE{disputed} {name} {topic}: expected {want}, engine {d['choice']}+{d['also']} [{d['confidence']['level']}] - {e['because'].strip()[:160]}")
    print(f"{agreed} of {total} agree ({100.0 * agreed / max(total, 1):.1f} %)", file=sys.stderr)


if __name__ == "__main__":
    main()
