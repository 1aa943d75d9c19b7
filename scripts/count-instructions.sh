#!/usr/bin/env bash
# count-instructions.sh - instructions per queued picolog_log call, counted
# by callgrind (docs/performance.md, "Where the time goes").
#
#   scripts/count-instructions.sh [LIBDIR] [CALLS]
#
# LIBDIR holds libpicolog.so (default: the bench build's, else the default
# build's). The workload (bench/count/queued_call.c) logs CALLS records
# (default 20000) into a queue handler; callgrind counts only inside
# picolog_log (--toggle-collect), so the listener thread, set-up and flushes
# are left out. Prints one line per case: plain records, records with 4
# context fields, and picolog_logf's three-argument call (counted inside
# picolog_logf; the listener's formatting is not the call's).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIBDIR=${1:-}
CALLS=${2:-20000}
if [ -z "$LIBDIR" ]; then
    for d in "$ROOT/build/bench-build/lib" "$ROOT/build/default/lib"; do
        [ -e "$d/libpicolog.so" ] && LIBDIR=$d && break
    done
fi
[ -n "$LIBDIR" ] && [ -e "$LIBDIR/libpicolog.so" ] || { echo "no libpicolog.so: run make build first" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (scripts/deps.sh bench)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cc -O2 -Wall -Wextra -Werror -o "$WORK/queued_call" "$ROOT/bench/count/queued_call.c" \
    -I"$ROOT/capi/include" -L"$LIBDIR" -lpicolog -Wl,-rpath,"$LIBDIR"

for mode in plain context logf; do
    fn=picolog_log
    [ "$mode" = logf ] && fn=picolog_logf
    valgrind --tool=callgrind --toggle-collect="$fn" --callgrind-out-file="$WORK/cg.$mode" \
        "$WORK/queued_call" "$CALLS" "$mode" >/dev/null 2>"$WORK/log.$mode" ||
        { cat "$WORK/log.$mode" >&2; exit 1; }
    total=$(sed -n 's/^summary: *//p;s/^totals: *//p' "$WORK/cg.$mode" | head -1 | awk '{print $1}')
    awk -v t="$total" -v n="$CALLS" -v m="$mode" -v f="$fn" \
        'BEGIN { printf "queued %s (%s): %.0f instructions per call (%d calls)\n", f, m, t / n, n }'
done
