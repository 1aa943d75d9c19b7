"""python_call.py - the workload scripts/count-python-instructions.sh runs
under callgrind: N calls of the "python file" benchmark row's
logger.info("x=%s", x), to a picolog FileHandler with that row's pattern,
writing every record. Usage: python_call.py CALLS FILE [--no-caller];
--no-caller sets picolog._srcfile = None first (no caller lookup). Prints
nothing; raises on any error."""

import sys

import picolog

PATTERN = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def main(calls, path):
    logger = picolog.getLogger("count.python")
    logger.setLevel(picolog.INFO)
    logger.propagate = False
    handler = picolog.FileHandler(path, mode="w")
    handler.setFormatter(picolog.Formatter(PATTERN))
    logger.addHandler(handler)
    info = logger.info
    x = 42
    for _ in range(calls):
        info("x=%s", x)
    handler.close()
    with open(path, "rb") as f:
        written = sum(1 for _ in f)
    if written != calls:
        raise SystemExit(f"{written} lines written, {calls} logged")


if __name__ == "__main__":
    if sys.argv[3:] == ["--no-caller"]:
        picolog._srcfile = None
    elif sys.argv[3:]:
        raise SystemExit(f"unknown option {sys.argv[3]!r}")
    main(int(sys.argv[1]), sys.argv[2])
