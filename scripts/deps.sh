#!/usr/bin/env bash
# Installs what building and testing picolog needs, skipping whatever is
# already there: Debian packages, the Python virtualenv and its packages, and
# the Rust components. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(cmake ninja-build g++ pkg-config libgtest-dev libbenchmark-dev libspdlog-dev rsyslog rsyslog-gnutls systemd libgnutls28-dev
  libclang-dev clang clang-format python3-venv)
# The fuzz targets: libFuzzer's runtime for the clang installed (Debian 12:
# libclang-rt-14-dev) and nlohmann's JSON parser, their JSON oracle.
apt_packages+=(nlohmann-json3-dev)
clang_major=$(clang --version 2>/dev/null | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
apt_packages+=("libclang-rt-${clang_major:-14}-dev")
# Configuration files: toml++ (TOML; nlohmann-json above reads JSON).
apt_packages+=(libtomlplusplus-dev)
# logrotate: the rotating-handler tests run the real one; zlib: gzip of rotated files.
apt_packages+=(logrotate zlib1g-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python_packages=(cffi pytest ruff setuptools wheel opentelemetry-api atheris)
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import cffi, pytest, setuptools, wheel, opentelemetry.trace, atheris" 2>/dev/null || [ ! -x .venv/bin/ruff ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q "${python_packages[@]}"
fi

if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
fi
