#!/usr/bin/env bash
# Cold-start timing of `tradeoff advise` against `tradeoff --version`.
# Usage: scripts/bench-advise.sh [example.yaml] [runs]
# Prints the median wall time of each over N fresh processes (default 41).
set -euo pipefail
cd "$(dirname "$0")/.."
example=${1:-examples/social-feed.yaml}
runs=${2:-41}
cargo build --release --quiet
bin=$(scripts/target-dir.sh)/release/tradeoff
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f ms", a[int((NR+1)/2)]/1000}'
}
echo "tradeoff --version:         $(median "$bin" --version)  (median of $runs)"
echo "tradeoff advise $example: $(median "$bin" advise "$example")  (median of $runs)"
echo "tradeoff advise --format json: $(median "$bin" advise "$example" --format json)  (median of $runs)"
