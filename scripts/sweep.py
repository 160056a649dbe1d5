#!/usr/bin/env python3
"""Property sweeps over requirements files, for rule authors (fast: uses a built binary).

Scales volumes (together and each alone), the team and the availability target of each
file and checks what `tests/properties.rs` checks in CI: ordered topics never step back
down their ladder, 1-3 engineers never get microservices, 99.99 %+ never gets a single
server, a single database or recreate deploys, and the file itself carries no
warning-or-worse tension.

    scripts/sweep.py [--bin PATH] [--rules DIR] [FILE...]    (default: examples/*.yaml)
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACTORS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1000]
COUNT = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}
BYTES = {"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15}
# field path -> (unit table, default when absent or None when it follows other answers)
VOLUME = {
    "scale.users": (COUNT, 10e3),
    "scale.daily_active_users": (COUNT, None),
    "scale.peak_rps": (COUNT, 50),
    "data.size": (BYTES, 10e9),
    "data.growth_per_month": (BYTES, 1e9),
    "background.events_per_sec": (COUNT, None),
    "realtime.concurrent_connections": (COUNT, None),
}


def quantity(v, table):
    if isinstance(v, (int, float)):
        return float(v)
    m = re.match(r"^\s*([0-9.,_]+)\s*([a-zA-Z]*)\s*$", str(v))
    return float(m.group(1).replace(",", "").replace("_", "")) * table[m.group(2).lower()]


def get(doc, path):
    a, b = path.split(".")
    return (doc.get(a) or {}).get(b)


def put(doc, path, value):
    a, b = path.split(".")
    doc.setdefault(a, {})
    if doc[a] is None:
        doc[a] = {}
    doc[a][b] = value


def scaled(doc, fields, f):
    out = json.loads(json.dumps(doc))
    for path in fields:
        table, default = VOLUME[path]
        v = get(doc, path)
        if v is None and default is None:
            continue
        base = quantity(v, table) if v is not None else default
        put(out, path, round(base * f, 3))
    return out


def ladders(rules):
    out = {}
    for p in glob.glob(os.path.join(rules, "*.yaml")):
        d = yaml.safe_load(open(p))
        if isinstance(d, dict) and d.get("ladder"):
            out[os.path.basename(p)[:-5]] = [
                [x.strip() for x in str(r).split("|")] for r in d["ladder"]
            ]
    return out


def advise(binary, rules, doc):
    r = subprocess.run(
        [binary, "advise", "-", "--format", "json", "--rules", rules],
        input=json.dumps(doc).encode(),
        capture_output=True,
    )
    if r.returncode != 0:
        raise SystemExit(f"advise failed: {r.stderr.decode()}\n{json.dumps(doc)}")
    return json.loads(r.stdout)


def choices(a):
    return {d["topic"]: d["choice"] for d in a["decisions"]}


def rung(ladder, option):
    for i, r in enumerate(ladder):
        if option in r:
            return i
    return None


def check_ladders(name, label, runs, lads, problems, topics=None):
    for topic, ladder in lads.items():
        if topics and topic not in topics:
            continue
        seq = [(f, c.get(topic)) for f, c in runs]
        last = None
        for f, opt in seq:
            r = rung(ladder, opt)
            if r is None:
                continue
            if last is not None and r < last[1]:
                problems.append(
                    f"{name}: {label}: {topic} steps back from {last[2]} (x{last[0]}) to {opt} (x{f}): "
                    + " -> ".join(f"x{g}:{o}" for g, o in seq)
                )
                break
            last = (f, r, opt)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "tradeoff"))
    ap.add_argument("--rules", default=os.path.join(ROOT, "rules"))
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(ROOT, "examples", "*.yaml")))
    lads = ladders(a.rules)
    problems = []
    for path in files:
        doc = yaml.safe_load(open(path))
        if "requirements" in doc and "expect" in doc:
            doc = doc["requirements"]
        name = os.path.basename(path)
        base = advise(a.bin, a.rules, doc)
        for t in base["tensions"]:
            if t["severity"] in ("warning", "error"):
                problems.append(f"{name}: tension {t['severity']} {t['id']}: {t['message']}")
        dims = {"all volumes": list(VOLUME)} | {p: [p] for p in VOLUME}
        for label, fields in dims.items():
            runs = [(f, choices(advise(a.bin, a.rules, scaled(doc, fields, f)))) for f in FACTORS]
            check_ladders(name, label, runs, lads, problems)
        team_runs = []
        for eng in [1, 2, 3, 5, 10, 25, 60, 150, 400, 2000]:
            d = json.loads(json.dumps(doc))
            put(d, "team.engineers", eng)
            put(d, "team.teams", max(1, eng // 8))
            c = choices(advise(a.bin, a.rules, d))
            team_runs.append((eng, c))
            if eng <= 3 and c.get("architecture") == "microservices":
                problems.append(f"{name}: {eng} engineers get microservices")
        check_ladders(name, "team size", team_runs, lads, problems, topics={"architecture"})
        for target in ["99.99%", "99.999%"]:
            d = json.loads(json.dumps(doc))
            put(d, "availability.target", target)
            c = choices(advise(a.bin, a.rules, d))
            for topic, bad in [("scaling", "vertical"), ("data-distribution", "single"), ("deployment", "recreate")]:
                if c.get(topic) == bad:
                    problems.append(f"{name}: at {target} {topic} is {bad}")
    for p in problems:
        print(p)
    print(f"{len(problems)} problems in {len(files)} files", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
