#!/usr/bin/env bash
# mypy --strict on a program using picolog's public API, against the package
# installed from the wheel (its inline annotations and py.typed), in the
# virtualenv scripts/test-wheel.sh made for the given Python.
#   scripts/typecheck-python.sh <python version>
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/build/pyenvs/$1
[ -x "$venv/bin/mypy" ] || "$venv/bin/python" -m pip install -q mypy
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp bindings/python/typing/uses_public_api.py "$scratch/"
cd "$scratch"
"$venv/bin/mypy" --strict --no-incremental uses_public_api.py
