#!/usr/bin/env bash
# Builds picolog's sdist (the package plus the C++ sources in vendor/) and
# installs it with pip into a fresh virtualenv of the given Python, outside
# the repository and with nothing of picolog on the machine's paths: pip
# builds libpicolog.so.1 from the sdist with CMake. Then runs the suite.
#   scripts/test-sdist.sh <python version>
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
unset PICOLOG_LIB_DIR PICOLOG_INCLUDE_DIR PKG_CONFIG_PATH

(cd bindings/python && "$root/.venv/bin/python" setup.py -q sdist -d "$scratch/dist" >/dev/null 2>&1)
rm -rf bindings/python/vendor
sdist=$(ls "$scratch"/dist/picolog-*.tar.gz)
listing=$(tar -tzf "$sdist")
grep -q 'vendor/libcore/CMakeLists.txt' <<<"$listing"

interpreter=$(ls -d "$(pyenv root)/versions/$version".*/bin/python3 | sort -V | tail -1)
"$interpreter" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q pytest
"$scratch/venv/bin/python" -m pip install -q "$sdist"
cd "$scratch"
"$scratch/venv/bin/python" -c 'import picolog, sys; assert picolog.__file__.startswith(sys.prefix); print("sdist:", picolog.version(), picolog.get_library_dir())'
"$scratch/venv/bin/pytest" -q -p no:cacheprovider -c "$root/bindings/python/pyproject.toml" \
  --rootdir "$root/bindings/python" "$root/bindings/python/tests"
