#!/usr/bin/env bash
# The published schemas through check-jsonschema (PyPI), the validator CI users and
# pre-commit run: each schema against its metaschema (its regex patterns in ECMA-262
# unicode mode), then the examples against the requirements schema. Installs a pinned
# check-jsonschema into a virtual environment in cargo's target directory.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$(scripts/target-dir.sh)/check-jsonschema-venv"
if [ ! -x "$venv/bin/check-jsonschema" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check check-jsonschema==0.39.0
fi
"$venv/bin/check-jsonschema" --check-metaschema schemas/requirements.schema.json schemas/config.schema.json
"$venv/bin/check-jsonschema" --schemafile schemas/requirements.schema.json examples/*.yaml
