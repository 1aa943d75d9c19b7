#!/usr/bin/env bash
# Installs the built picolog wheel (abi3: one wheel for every Python) into a
# virtualenv of each Python version given (pyenv's interpreters), outside the
# repository, and runs the Python suite and that version's test_logging
# (stdlib_suite/run.py) there against the installed package.
#   scripts/test-wheel.sh <wheel> <version>...      e.g. ... 3.10 3.13
# The virtualenvs are kept in build/pyenvs and reused; only the wheel is
# reinstalled.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
wheel=$(realpath "$1")
shift
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for version in "$@"; do
  venv=$root/build/pyenvs/$version
  if [ ! -x "$venv/bin/pytest" ]; then
    interpreter=$(ls -d "$(pyenv root)/versions/$version".*/bin/python3 2>/dev/null | sort -V | tail -1)
    [ -n "$interpreter" ] || { echo "test-wheel: no Python $version in pyenv" >&2; exit 1; }
    "$interpreter" -m venv --clear "$venv"
    "$venv/bin/python" -m pip install -q "cffi>=1.15" pytest
  fi
  "$venv/bin/python" -m pip install -q --force-reinstall --no-deps "$wheel"
  # Run from a scratch folder so that nothing of the repository shadows the
  # installed package.
  (
    cd "$scratch"
    "$venv/bin/python" - <<'PY'
import sys
import picolog
assert picolog.__file__.startswith(sys.prefix), picolog.__file__
print(f"python {sys.version.split()[0]}: picolog {picolog.version()} from {picolog.__file__}")
PY
    "$venv/bin/pytest" -q -p no:cacheprovider -c "$root/bindings/python/pyproject.toml" \
      --rootdir "$root/bindings/python" "$root/bindings/python/tests"
    # CPython's own test_logging of this version against the installed package.
    "$venv/bin/python" "$root/bindings/python/stdlib_suite/run.py"
  )
done
