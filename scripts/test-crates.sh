#!/usr/bin/env bash
# The crates as users get them: `cargo package` and `cargo publish --dry-run`
# for picolog-sys and picolog (sources vendored first), then a project in a
# scratch folder outside the repository builds and runs against the two
# .crate files with the `bundled` feature and no picolog on the machine's
# paths; with --msrv it is also checked with the declared rust-version's
# toolchain (when rustup has it).
#   scripts/test-crates.sh [--msrv]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' bindings/rust/Cargo.toml | head -1)
msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' bindings/rust/Cargo.toml | head -1)

scripts/vendor-rust.sh
# `cargo package` verifies picolog against picolog-sys through a temporary
# local registry. Cargo takes a registry crate for immutable: it unpacks it
# under its home and builds it into the target dir keyed by name, version
# and registry path only. Drop both copies, so that a changed crate of the
# same version is verified as it is.
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/picolog-sys-"$version" \
  "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/picolog-"$version"
(
  cd bindings/rust
  cargo clean --quiet -p picolog-sys -p picolog
  # Verification builds link the build tree's library (PKG_CONFIG_PATH).
  cargo package --quiet -p picolog-sys -p picolog --allow-dirty
  cargo publish --quiet --dry-run -p picolog-sys -p picolog --allow-dirty 2>&1 |
    grep -v -e '^warning: manifest has no' -e '^  |' -e '= note' -e 'aborting upload' || true
)
package_dir=${CARGO_TARGET_DIR:-bindings/rust/target}/package

# A fixed folder per checkout, so that repeated runs reuse its target dir and
# the compiler cache.
scratch=${TMPDIR:-/tmp}/picolog-crate-check-$(printf %s "$root" | md5sum | cut -c1-8)
rm -rf "$scratch/app/src" "$scratch/no-library"
mkdir -p "$scratch/crates" "$scratch/app"
for crate in picolog-sys picolog; do
  file=$package_dir/$crate-$version.crate
  # A .crate stores one fixed mtime for every file, so Cargo would take a
  # changed crate unpacked over an old one for unchanged: unpack only a
  # changed crate, with fresh mtimes.
  if ! cmp -s "$file" "$scratch/crates/$crate.crate"; then
    rm -rf "$scratch/crates/$crate-$version"
    tar -xzf "$file" -C "$scratch/crates" --touch
    cp "$file" "$scratch/crates/$crate.crate"
  fi
done
sed -e "s|@VERSION@|$version|g" -e "s|@MSRV@|$msrv|g" -e "s|@CRATES@|$scratch/crates|g" \
  bindings/rust/scratch-check/Cargo.toml.in >"$scratch/app/Cargo.toml"
cp -r bindings/rust/scratch-check/src "$scratch/app/src"

cd "$scratch/app"
unset PICOLOG_LIB_DIR PICOLOG_INCLUDE_DIR PKG_CONFIG_PATH CARGO_TARGET_DIR
export CARGO_TARGET_DIR=$scratch/target
cargo run --quiet -- "$scratch/app.log" "$CARGO_TARGET_DIR"

# Without `bundled` and with no library anywhere: a build error that says
# what to do, not a link error.
mkdir -p "$scratch/no-library"
sed -e 's/, features = \["bundled"\]//' Cargo.toml >"$scratch/no-library/Cargo.toml"
cp -r src "$scratch/no-library/src"
if (cd "$scratch/no-library" && cargo check --quiet >"$scratch/no-library.out" 2>&1); then
  echo "test-crates: picolog-sys built with no library and no bundled feature" >&2
  exit 1
fi
for hint in "libpicolog.so.1 was not found" "bundled" "pkg-config picolog" "PICOLOG_LIB_DIR"; do
  grep -q "$hint" "$scratch/no-library.out" ||
    { cat "$scratch/no-library.out" >&2; echo "test-crates: the error lacks '$hint'" >&2; exit 1; }
done
echo "test-crates: without a library, the build stops with a message naming the ways to get one"

if [ "${1:-}" = "--msrv" ]; then
  if rustup run "$msrv" cargo --version >/dev/null 2>&1; then
    # Dependencies resolved to versions that support the MSRV.
    CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo generate-lockfile --quiet
    CARGO_TARGET_DIR=$scratch/target-msrv rustup run "$msrv" cargo build --quiet
    echo "test-crates: builds with Rust $msrv (the declared MSRV)"
  else
    echo "test-crates: no Rust $msrv toolchain here (rustup could not install it); checked with" \
      "$(rustc --version) only" >&2
  fi
fi
