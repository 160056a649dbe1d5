#!/usr/bin/env bash
# Lint throughput and memory: generates N requirements files (variations of the bundled
# examples, some with findings) and times `tradeoff lint` over the folder.
# Usage: scripts/bench-lint.sh [N ...]   (default: 1000 10000)
# Prints files/s and peak RSS (GNU time's %M) for each N.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$(scripts/target-dir.sh)/release/tradeoff
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
examples=(examples/*.yaml)
for n in "${sizes[@]}"; do
  dir=$(mktemp -d)
  for i in $(seq 0 $((n - 1))); do
    src=${examples[$((i % ${#examples[@]}))]}
    sub=$dir/svc-$((i / 100))
    mkdir -p "$sub"
    # Every 7th file gets a typo, every 11th a declared decision that may drift.
    if (( i % 7 == 0 )); then
      sed 's/read_percent:/read_ratoi:/' "$src" > "$sub/s$i.tradeoff.yaml"
    elif (( i % 11 == 0 )); then
      { cat "$src"; printf 'decisions:\n  architecture: microservices\n  caching: write-behind\n'; } > "$sub/s$i.tradeoff.yaml"
    else
      cp "$src" "$sub/s$i.tradeoff.yaml"
    fi
  done
  "$bin" lint "$dir" --format json >/dev/null 2>&1 || true   # warm the page cache
  out=$( { /usr/bin/time -f '%e %M' "$bin" lint "$dir" --format json >/dev/null; } 2>&1 | tail -1 || true)
  secs=${out% *}; rss=${out#* }
  awk -v n="$n" -v s="$secs" -v r="$rss" 'BEGIN { printf "N=%-6d %7.3f s  %8.0f files/s  peak RSS %.1f MB\n", n, s, (s > 0 ? n / s : 0), r / 1024 }'
  rm -rf "$dir"
done
