#!/usr/bin/env bash
# Regenerates bindings/rust/picolog-sys/src/bindings.rs with bindgen (the
# `bindgen` feature) from capi/include, or with --check fails if the
# committed file differs from what bindgen generates now.
#   scripts/rust-bindings.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/../bindings/rust"
committed=picolog-sys/src/bindings.rs
out_dir=$(cargo build -p picolog-sys --features bindgen --message-format json 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "build-script-executed" and m["package_id"].find("picolog-sys") >= 0:
        print(m["out_dir"])')
[ -n "$out_dir" ] || { cargo build -p picolog-sys --features bindgen; exit 1; }
fresh=$out_dir/bindings.rs
if [ "${1:-}" = "--check" ]; then
  if ! diff -u "$committed" "$fresh"; then
    echo "rust-bindings: $committed is stale; run make rust-bindings" >&2
    exit 1
  fi
  echo "rust-bindings: $committed matches the headers"
else
  cp "$fresh" "$committed"
  echo "rust-bindings: wrote $committed"
fi
