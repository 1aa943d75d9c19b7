#!/usr/bin/env bash
# Runs every benchmark after `make bench` built the bench preset: the C++
# programs of bench/, then the Python, Rust and polyglot benchmarks when they
# exist. Each writes a JSON fragment into build/bench/parts/; the fragments are
# merged into build/bench/results.json and summarised as a table.
#
# PICOLOG_BENCH_SCALE=0.1 scales the C++ record counts down for a quick look;
# PICOLOG_BENCH_BUILD names another build tree holding the bench/ programs.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${PICOLOG_BENCH_BUILD:-$ROOT/build/bench-build}/bench"
OUT="$ROOT/build/bench"
PARTS="$OUT/parts"
TMP="$OUT/tmp"
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || PY=python3

rm -rf "$PARTS" "$TMP"
mkdir -p "$PARTS" "$TMP"

ran=()
skipped=()
failed=()

# run NAME COMMAND...: runs one benchmark, remembering whether it worked.
run() {
  local name="$1"
  shift
  local start=$SECONDS
  echo
  echo "=== $name"
  if "$@"; then
    ran+=("$name ($((SECONDS - start)) s)")
  else
    failed+=("$name")
  fi
}

scale_args=()
[ -n "${PICOLOG_BENCH_SCALE:-}" ] && scale_args=(--scale "$PICOLOG_BENCH_SCALE")

for prog in bench_disabled bench_sync_file bench_async_latency bench_async_throughput bench_context \
  bench_rotating_file bench_async_logf; do
  if [ -x "$BIN/$prog" ]; then
    run "$prog" "$BIN/$prog" --out "$PARTS/$prog.json" --tmp "$TMP" "${scale_args[@]}"
  else
    failed+=("$prog (not built: run cmake --build --preset bench)")
  fi
done

if [ -f "$ROOT/bench/python/bench_logging.py" ]; then
  run python "$PY" "$ROOT/bench/python/bench_logging.py" --out "$PARTS/python.json"
else
  skipped+=("python (bench/python/bench_logging.py missing)")
fi

if [ -f "$ROOT/bench/python/bench_syslog.py" ]; then
  run syslog "$PY" "$ROOT/bench/python/bench_syslog.py" --out "$PARTS/syslog.json"
fi

if grep -qs '^name *= *"picolog-bench"' "$ROOT"/bindings/rust/*/Cargo.toml; then
  run rust bash -c 'cd "$1/bindings/rust" && cargo run --release -q -p picolog-bench -- --out "$2"' \
    _ "$ROOT" "$PARTS/rust.json"
else
  skipped+=("rust (no picolog-bench package in bindings/rust)")
fi

if [ -f "$ROOT/examples/polyglot/bench_gil.py" ]; then
  run polyglot "$PY" "$ROOT/examples/polyglot/bench_gil.py" --out "$PARTS/polyglot.json"
else
  skipped+=("polyglot (examples/polyglot/bench_gil.py missing)")
fi

echo
echo "=== summary ($OUT/results.json)"
merged=0
"$PY" "$ROOT/scripts/merge_bench.py" "$PARTS" "$OUT/results.json" || merged=1
rm -rf "$TMP"

echo
for r in "${ran[@]}"; do echo "ran:     $r"; done
for s in "${skipped[@]}"; do echo "skipped: $s"; done
for f in "${failed[@]}"; do echo "FAILED:  $f"; done
[ ${#failed[@]} -eq 0 ] && [ $merged -eq 0 ]
