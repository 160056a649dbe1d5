#!/usr/bin/env bash
# Fetches the official SARIF 2.1.0 JSON Schema (from the npm package @microsoft/jest-sarif,
# which ships Microsoft's sarif-2.1.0-rtm.5.json) into <target dir>/test-schemas/ for tests/lint.rs
# (cargo's target directory, wherever CARGO_TARGET_DIR puts it).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=$(scripts/target-dir.sh)/test-schemas
mkdir -p "$dest"
[ -s "$dest/sarif-2.1.0-rtm.5.json" ] && exit 0
tmp=$(mktemp -d)
(cd "$tmp" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null)
tar -xzf "$tmp"/microsoft-jest-sarif-1.0.0-beta.0.tgz -C "$tmp" package/lib/schemas/sarif-2.1.0-rtm.5.json
cp "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$dest/"
rm -rf "$tmp"
echo "SARIF schema in $dest"
