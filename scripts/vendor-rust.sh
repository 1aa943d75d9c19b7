#!/usr/bin/env bash
# Copies what building libpicolog needs (the top CMakeLists.txt, libcore/,
# capi/, LICENSE) into bindings/rust/picolog-sys/vendor, where the crate's
# `bundled` feature builds from and `cargo package` picks it up. The copy
# is not committed (.gitignore); run this before packaging.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=bindings/rust/picolog-sys/vendor
rm -rf "$vendor"
mkdir -p "$vendor"
git ls-files CMakeLists.txt LICENSE libcore capi | while read -r f; do
  mkdir -p "$vendor/$(dirname "$f")"
  cp "$f" "$vendor/$f"
done
echo "vendor-rust: $(find "$vendor" -type f | wc -l) files in $vendor"
