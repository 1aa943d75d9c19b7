#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, all at once, and fails if any
# of them finds a crash, a leak, a sanitizer report or a hang.
#
#   FUZZ_SECONDS   time per target (default 30)
#   FUZZ_TARGETS   names to run (default: all), e.g. "capi formatter python_config"
#
# The C++ targets are the programs build/fuzz/fuzz/<name>_fuzz (preset
# "fuzz"), each starting from its seeds in tests/fuzz/corpus/<name>/; the
# Python targets are bindings/python/fuzz/<name>_fuzz.py (run with the
# .venv's atheris), named python_<name>, seeded from
# bindings/python/fuzz/corpus/<name>/. New inputs and crash reproducers go
# to build/fuzz-run/<name>/, never into the seed directories.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
work=build/fuzz-run
mkdir -p "$work"
# Leaks are errors; an allocation the code asked for and cannot get comes
# back as NULL (the library reports ENOMEM) instead of stopping the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

wanted() {
    [ -z "${FUZZ_TARGETS:-}" ] && return 0
    [[ " $FUZZ_TARGETS " == *" $1 "* ]]
}

names=()
pids=()
start() {  # name seed-dir command...
    local name=$1 seeds=$2
    shift 2
    rm -rf "${work:?}/$name"
    mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
    local dirs=("$work/$name/corpus")
    if [ -d "$seeds" ]; then
        dirs+=("$seeds")
    else
        echo "run-fuzz: $name has no seeds in $seeds"
    fi
    # libFuzzer writes new inputs into the first directory only: the scratch
    # one. The outer timeout only catches a run that stops answering;
    # libFuzzer's own -timeout reports a slow input as a failure.
    timeout -k 10 $((seconds + 120)) "$@" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 \
        -print_final_stats=1 -artifact_prefix="$work/$name/artifacts/" "${dirs[@]}" \
        >"$work/$name.log" 2>&1 &
    names+=("$name")
    pids+=($!)
}

# One program per source (a stale program of a removed source is skipped).
missing=0
for source in tests/fuzz/*_fuzz.cpp; do
    name=$(basename "$source" _fuzz.cpp)
    wanted "$name" || continue
    exe=build/fuzz/fuzz/${name}_fuzz
    if [ ! -x "$exe" ]; then
        echo "run-fuzz: $exe is not built (make fuzz)" >&2
        missing=1
        continue
    fi
    start "$name" "tests/fuzz/corpus/$name" "$exe"
done
for script in bindings/python/fuzz/*_fuzz.py; do
    [ -f "$script" ] || continue
    base=$(basename "$script" _fuzz.py)
    wanted "python_$base" || continue
    start "python_$base" "bindings/python/fuzz/corpus/$base" .venv/bin/python "$script"
done

if [ ${#names[@]} -eq 0 ]; then
    echo "run-fuzz: no fuzz target to run (build the preset \"fuzz\" first)" >&2
    exit 1
fi

failed=$missing
for i in "${!names[@]}"; do
    name=${names[$i]}
    rc=0
    wait "${pids[$i]}" || rc=$?
    log=$work/$name.log
    runs=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    if [ "$rc" -eq 0 ]; then
        printf 'fuzz %-16s ok      %10s inputs in %ss\n' "$name" "${runs:-?}" "$seconds"
    else
        failed=1
        printf 'fuzz %-16s FAILED  (exit %s); log %s\n' "$name" "$rc" "$log"
        grep -a -E 'ERROR|SUMMARY|fuzz check|Traceback|Error:|panic|INFO: Seed' "$log" | head -20 || true
        # The reproducer's bytes too, when small: a run in a clone that is
        # gone (CI) can then be replayed from its output alone
        # (base64 -d > crash; the target with the file as its argument).
        for artifact in "$work/$name/artifacts/"*; do
            [ -f "$artifact" ] || continue
            echo "  reproducer: $artifact"
            if [ "$(stat -c %s "$artifact")" -le 4096 ]; then
                echo "  reproducer (base64): $(base64 -w0 "$artifact")"
            fi
        done
    fi
done
exit $failed
