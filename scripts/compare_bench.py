#!/usr/bin/env python3
"""Compare two results.json files from `make bench`, row by row.

    scripts/compare_bench.py BEFORE.json AFTER.json [--markdown]

Prints, for every row name in either file, the speedup before and after
(above 1 means picolog wins over its peer), the change, and the goal with
whether the later run meets it. Speedups are ratios measured within one
run, so two runs on a shared machine compare better than their absolute
figures do. Rows only in one file show "-" on the other side.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def load(path: Path) -> dict[str, dict]:
    return {row["name"]: row for row in json.loads(path.read_text())}


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def verdict(row: dict | None) -> str:
    if row is None or row.get("goal") is None:
        return ""
    met = row["speedup"] >= row["goal"]
    return f"{'met' if met else 'missed'} (>= {row['goal']}x)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args()
    before, after = load(args.before), load(args.after)
    names = list(before) + [n for n in after if n not in before]
    rows = []
    for name in names:
        b, a = before.get(name), after.get(name)
        sb = b["speedup"] if b else None
        sa = a["speedup"] if a else None
        change = f"{sa / sb:.2f}" if sb and sa else ""
        rows.append((name, fmt(sb), fmt(sa), change, verdict(a)))
    if args.markdown:
        print("| row | before | after | after/before | goal |")
        print("| --- | ---: | ---: | ---: | --- |")
        for r in rows:
            print("| `" + r[0] + "` | " + " | ".join(r[1:]) + " |")
    else:
        width = max(len(r[0]) for r in rows)
        for r in rows:
            print(f"{r[0]:{width}s}  {r[1]:>8s}  {r[2]:>8s}  {r[3]:>6s}  {r[4]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
