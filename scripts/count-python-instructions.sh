#!/usr/bin/env bash
# count-python-instructions.sh - instructions per enabled Python log call to
# a file, counted by callgrind (docs/python-call.md).
#
#   scripts/count-python-instructions.sh [CALLS] [--no-caller]
#
# Runs bench/count/python_call.py (CALLS calls, default 20000, of the
# "python file" row's logger.info("x=%s", x)) with the .venv's Python under
# valgrind --tool=callgrind --toggle-collect=lg_info, so only the
# instructions inside the call count (not the interpreter's loop around it,
# the import or the set-up), then prints the total per call and its main
# parts, each inclusive of what it calls. The kernel's share of the write is
# not counted: callgrind sees user space only. --no-caller counts the call
# with picolog._srcfile = None (no caller lookup, as logging's switch).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CALLS=${1:-20000}
MODE=${2:-}
PY="$ROOT/.venv/bin/python"
[ -x "$PY" ] || { echo "no .venv: run make python first" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (scripts/deps.sh bench)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
valgrind --tool=callgrind --toggle-collect=lg_info --callgrind-out-file="$WORK/cg.out" \
    "$PY" "$ROOT/bench/count/python_call.py" "$CALLS" "$WORK/calls.log" $MODE >/dev/null 2>"$WORK/log" ||
    { cat "$WORK/log" >&2; exit 1; }

# A function's inclusive count: the largest of the lines naming it
# (callgrind_annotate lists an inlined function once per source file).
callgrind_annotate --inclusive=yes "$WORK/cg.out" 2>/dev/null | sed 's/,//g' >"$WORK/inclusive"
count() {  # label, then a regular expression matching the function's name
    awk -v n="$CALLS" -v label="$1" -v re="$2" '
        $2 ~ /^\(/ && $0 ~ re && $1 > most { most = $1 }
        END { if (most) printf "  %-48s %6.0f\n", label, most / n; else printf "  %-48s %6s\n", label, "-" }' \
        "$WORK/inclusive"
}
total=$(sed -n 's/^summary: *//p;s/^totals: *//p' "$WORK/cg.out" | head -1 | awk '{print $1}')
awk -v t="$total" -v n="$CALLS" \
    'BEGIN { printf "logger.info(\"x=%%s\", x) to a FileHandler: %.0f instructions per call (%d calls)\n", t / n, n }'
count "C: picolog_log_ex, GIL released" ':picolog_log_ex( |$)'
count "  the handler: lock, format, write" ':picolog::Handler::handle\(picolog::Record const&\)'
count "    the line and its write(2) (emit_record)" ':picolog::FileHandler::emit_record\('
count "      of it, the pattern formatter" ':picolog::PatternFormatter::format\('
count "  time stamp and process/thread ids" ':picolog::stamp\(picolog::Record&\)'
count "GIL taken back after the C call" ':PyEval_RestoreThread( |$)'
count "GIL released before the C call" ':PyEval_SaveThread( |$)'
count "msg % args into UTF-8" ':speedups_format_simple( |$)'
count "the caller's frame" ':speedups_user_frame( |$)'
count "the caller's line" ':speedups_line_of( |$)'
count "the thread's name, from its __dict__" ':PyDict_GetItemWithError( |$)'
count "picolog_try_log_ex's answer (a waiting route)" ':picolog_try_log_ex( |$)'
