#!/usr/bin/env bash
# Every speed target of the project in one table, measured in one run on this machine:
#   - advise cold start on every bundled example in every format, as a multiple of
#     `tradeoff --version` measured alongside (target: at most 2x);
#   - report against advise on every example (target: at most 3x);
#   - lint files/s and peak RSS at N = 1,000 / 10,000 / 100,000 files, with `cat` of the
#     same files as the floor (targets: 20,000 files/s at 10,000; RSS under 64 MB, flat);
#   - ask: the skip logic re-run after each answer (target: under 10 ms), from
#     `cargo bench --bench phases`.
# Usage: scripts/bench-all.sh [runs per timing, default 21] [lint sizes, default "1000 10000 100000"]
# Wall times are medians over fresh processes; run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
sizes=${2:-"1000 10000 100000"}
case "$runs $sizes" in
  *[!0-9\ ]*|" "*) echo "usage: scripts/bench-all.sh [RUNS] [\"N ...\"] (whole numbers)" >&2; exit 2 ;;
esac
cargo build --release --quiet
bin=$(scripts/target-dir.sh)/release/tradeoff
ask=$(cargo bench --quiet --bench phases -- examples/ecommerce.yaml 2>/dev/null | sed -n 's/^ask: skip logic after an answer *//p')
python3 - "$bin" "$runs" "$sizes" "$ask" <<'EOF'
import os, shutil, statistics, subprocess, sys, tempfile, time, glob

bin, runs, sizes, ask = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3].split()], sys.argv[4]
devnull = os.open(os.devnull, os.O_WRONLY)

def run(argv):
    """Wall seconds and peak RSS (KB) of one fresh process."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss

# A spawned process's peak RSS starts from its parent's: a child made with vfork (as
# posix_spawn is) keeps the parent's high-water mark across exec. This script holds lists
# of 100,000 paths, so lint's peak RSS is measured under a fresh, small Python that
# spawns it and reports what wait4 says (its own size, about 9 MB, is the floor).
PEAK = """
import os, sys, time
dn = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_DUP2, dn, 1), (os.POSIX_SPAWN_DUP2, dn, 2)])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss)
"""

def run_small(argv):
    """Wall seconds and peak RSS (KB) of one fresh process, spawned by a fresh Python."""
    out = subprocess.run([sys.executable, "-S", "-c", PEAK, *argv], capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])

def median(argv, n=runs):
    return statistics.median(run(argv)[0] for _ in range(n)) * 1000

examples = sorted(glob.glob("examples/*.yaml"))
formats = ["text", "json", "markdown", "yaml"]
print(f"machine: {os.cpu_count()} cores; medians of {runs} runs\n")
print("advise, as a multiple of --version measured just before (target <= 2x)")
print(f"{'example':<22}{'--version':>10}" + "".join(f"{f:>10}" for f in formats) + f"{'report':>10}{'rep/adv':>9}")
worst_advise, worst_report = 0.0, 0.0
for ex in examples:
    v = median([bin, "--version"])
    cells, adv = [], {}
    for f in formats:
        adv[f] = median([bin, "advise", ex, "--format", f])
        worst_advise = max(worst_advise, adv[f] / v)
        cells.append(f"{adv[f] / v:>9.1f}x")
    rep = median([bin, "report", ex], max(5, runs // 3))
    worst_report = max(worst_report, rep / adv["text"])
    name = os.path.basename(ex)[:-5]
    print(f"{name:<22}{v:>8.2f}ms" + "".join(cells) + f"{rep:>8.1f}ms{rep / adv['text']:>8.1f}x")
print(f"worst advise/--version: {worst_advise:.1f}x (target 2x); worst report/advise: {worst_report:.1f}x (target 3x)")
print(f"advise in ms, text format: " + ", ".join(
    f"{os.path.basename(e)[:-5]} {median([bin, 'advise', e], 5):.1f}" for e in examples))

print("\nlint --format json over N files (examples, every 7th with a typo), against cat of the same files")
print(f"{'N':>8}{'lint s':>9}{'files/s':>10}{'peak RSS':>11}{'cat files/s':>13}{'lint/cat':>10}")
for n in sizes:
    d = tempfile.mkdtemp(prefix="tradeoff-bench-")
    texts = [open(e).read() for e in examples]
    for i in range(n):
        sub = os.path.join(d, f"svc-{i // 1000}")
        os.makedirs(sub, exist_ok=True)
        t = texts[i % len(texts)]
        if i % 7 == 0:
            t = t.replace("read_percent:", "read_ratoi:")
        with open(os.path.join(sub, f"s{i}.tradeoff.yaml"), "w") as f:
            f.write(t)
    files = glob.glob(os.path.join(d, "*", "*.yaml"))
    subprocess.run(["cat", *files[:1]], stdout=subprocess.DEVNULL)
    run([bin, "lint", d, "--format", "json"])  # warm the page cache
    lint = [run_small([bin, "lint", d, "--format", "json"]) for _ in range(3)]
    secs = statistics.median(s for s, _ in lint)
    rss = max(r for _, r in lint) / 1024
    start = time.perf_counter()
    subprocess.run(f"find {d} -name '*.yaml' -print0 | xargs -0 cat > /dev/null", shell=True, check=True)
    cat = time.perf_counter() - start
    print(f"{n:>8}{secs:>9.3f}{n / secs:>10.0f}{rss:>9.1f}MB{n / cat:>13.0f}{secs / cat:>9.1f}x")
    shutil.rmtree(d)

print(f"\nask: skip logic after an answer (ecommerce, half the questions answered): {ask or 'n/a'} (target < 10 ms)")
EOF
