#!/usr/bin/env bash
# Installs what building and testing picolog needs, skipping whatever is
# already there: Debian packages, the Python virtualenv and its packages, and
# the Rust components. Safe to run again and again.
#   scripts/deps.sh          what `make demo` needs (build, Python, Rust)
#   scripts/deps.sh test     plus what the test suites run: clang, clang 19
#                            (the AddressSanitizer build), clang-format
#                            and libclang (lint, fuzzing, regenerating the Rust
#                            bindings), the real rsyslogd, systemd-journald and
#                            logrotate, atheris and opentelemetry-api
#   scripts/deps.sh bench    plus the benchmarks' peers (spdlog, Google
#                            Benchmark, rsyslogd)
set -euo pipefail
cd "$(dirname "$0")/.."

# Building libpicolog: nlohmann-json and toml++ (configuration files), zlib
# (gzip of rotated files), GnuTLS (syslog over TLS); ccache, through which
# the Makefile compiles.
apt_packages=(cmake ninja-build g++ pkg-config libgtest-dev python3-venv
  nlohmann-json3-dev libtomlplusplus-dev zlib1g-dev libgnutls28-dev ccache)
python_packages=(cffi pytest ruff setuptools wheel)
python_modules=(cffi pytest setuptools wheel)
for group in "$@"; do
  case $group in
    test)
      apt_packages+=(libclang-dev clang clang-format rsyslog rsyslog-gnutls systemd logrotate)
      # libFuzzer's runtime for the clang installed, or for the one apt
      # will install with it (Debian 12: 14).
      clang_major=$({ clang --version 2>/dev/null || apt-cache policy clang 2>/dev/null; } |
        sed -n 's/.*clang version \([0-9]*\).*/\1/p; s/^ *Candidate: [0-9]*:\([0-9]*\)\..*/\1/p' | head -1 || true)
      apt_packages+=("libclang-rt-${clang_major:-14}-dev")
      # The AddressSanitizer build (the asan preset): clang 19's ASan locks
      # its allocator around fork(); GCC 12's does not, and a child forked
      # while another thread allocates can wait forever on its lock.
      apt_packages+=(clang-19 libclang-rt-19-dev)
      python_packages+=(opentelemetry-api atheris)
      python_modules+=(opentelemetry.trace atheris)
      ;;
    bench) apt_packages+=(libbenchmark-dev libspdlog-dev rsyslog valgrind) ;;
    *) echo "deps: unknown group $group" >&2 && exit 2 ;;
  esac
done
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

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
imports=$(IFS=,; echo "${python_modules[*]}")
if ! .venv/bin/python -c "import ${imports//,/, }" 2>/dev/null || [ ! -x .venv/bin/ruff ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q "${python_packages[@]}"
fi

if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  # The crates' declared MSRV, for scripts/test-crates.sh --msrv; optional
  # (without it the check says so and uses the default toolchain).
  msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' bindings/rust/Cargo.toml | head -1 || true)
  rustup run "$msrv" rustc --version >/dev/null 2>&1 ||
    rustup toolchain install "$msrv" --profile minimal >/dev/null 2>&1 ||
    echo "deps: could not install Rust $msrv (the MSRV check will use the default toolchain)"
fi
