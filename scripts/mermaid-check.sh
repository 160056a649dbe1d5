#!/usr/bin/env bash
# Parses the architecture diagram of every example's report with Mermaid's own parser.
# Needs Node.js and `npm ci --prefix scripts/mermaid` first (CI runs both); unlike the
# Rust test, which skips without node_modules, this script fails when it cannot parse.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d scripts/mermaid/node_modules/mermaid ]; then
  echo "scripts/mermaid/node_modules is missing: run npm ci --prefix scripts/mermaid" >&2
  exit 2
fi
cargo build --quiet --locked
bin=$(scripts/target-dir.sh)/debug/tradeoff
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for f in examples/*.yaml; do
  "$bin" report "$f" -o "$out/$(basename "$f" .yaml).md"
done
# Hostile text as well: quotes, markup and pipes in every free-text field.
"$bin" report - -o "$out/hostile.md" <<'YAML'
name: "<script>alert(1)</script> \"q\" `b` | p"
description: "#quot; ]) }} --> end"
team: {languages: ["a|b", "<i>", "\"x\""]}
dependencies: {external: 2}
YAML
node scripts/mermaid/check.mjs "$out"/*.md
