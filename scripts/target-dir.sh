#!/usr/bin/env bash
# Prints cargo's target directory: CARGO_TARGET_DIR, build.target-dir in a cargo config,
# or ./target. Scripts use it instead of assuming target/.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --format-version 1 --no-deps --offline 2>/dev/null \
  | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p' \
  | grep . || { echo "${CARGO_TARGET_DIR:-$PWD/target}"; }
