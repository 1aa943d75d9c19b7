#!/usr/bin/env bash
# count-instructions.sh - instructions per queued picolog_log call, and per
# call whose record is written at once, counted by callgrind
# (docs/queued-call.md; docs/performance-internals.md, "A record's write in
# one frame").
#
#   scripts/count-instructions.sh [LIBDIR] [CALLS]
#
# LIBDIR holds libpicolog.so (default: the bench build's, else the default
# build's). The workload (bench/count/log_calls.c) logs CALLS records
# (default 20000) into a queue handler; callgrind counts only inside
# picolog_log (--toggle-collect), so the listener thread, set-up and flushes
# are left out. Prints one line per case: plain records, records with 4
# context fields, and picolog_logf's three-argument call (counted inside
# picolog_logf; the listener's formatting is not the call's). Then the
# synchronous call: records written at once by a FileHandler on /dev/null,
# through picolog_log and through picolog_log_ex with a location (the
# kernel's share of the write is not counted: callgrind sees user space
# only).
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
cc -O2 -Wall -Wextra -Werror -o "$WORK/log_calls" "$ROOT/bench/count/log_calls.c" \
    -I"$ROOT/capi/include" -L"$LIBDIR" -lpicolog -Wl,-rpath,"$LIBDIR"

for mode in plain context logf written ex; do
    case $mode in
        logf) fn=picolog_logf kind=queued ;;
        written) fn=picolog_log kind="written at once" ;;
        ex) fn=picolog_log_ex kind="written at once" ;;
        *) fn=picolog_log kind=queued ;;
    esac
    valgrind --tool=callgrind --toggle-collect="$fn" --callgrind-out-file="$WORK/cg.$mode" \
        "$WORK/log_calls" "$CALLS" "$mode" >/dev/null 2>"$WORK/log.$mode" ||
        { cat "$WORK/log.$mode" >&2; exit 1; }
    total=$(sed -n 's/^summary: *//p;s/^totals: *//p' "$WORK/cg.$mode" | head -1 | awk '{print $1}')
    awk -v t="$total" -v n="$CALLS" -v m="$mode" -v f="$fn" -v k="$kind" \
        'BEGIN { printf "%s %s (%s): %.0f instructions per call (%d calls)\n", k, f, m, t / n, n }'
done
