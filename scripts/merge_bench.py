#!/usr/bin/env python3
"""Merge benchmark fragments into results.json and print a summary table.

Each benchmark program writes a JSON list of rows into one folder (one file
per program). A row has name, unit, picolog, peer, peer_value and speedup
(above 1 means picolog wins), and optionally goal (the speedup the issue asks
for). The merged list keeps the order of FIRST_PARTS, then any other fragment
by file name.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REQUIRED = ("name", "unit", "picolog", "peer", "peer_value", "speedup")
FIRST_PARTS = (
    "bench_disabled",
    "bench_sync_file",
    "bench_async_latency",
    "bench_async_throughput",
    "python",
    "rust",
    "polyglot",
)


def part_order(path: Path) -> tuple[int, str]:
    stem = path.stem
    rank = FIRST_PARTS.index(stem) if stem in FIRST_PARTS else len(FIRST_PARTS)
    return rank, stem


def is_number(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def load_part(path: Path) -> list[dict]:
    """Read one fragment, refusing rows that miss a field or a number."""
    rows = json.loads(path.read_text())
    if not isinstance(rows, list):
        raise TypeError(f"{path}: expected a JSON list of rows")
    for row in rows:
        missing = [key for key in REQUIRED if key not in row]
        if missing:
            raise ValueError(
                f"{path}: row {row.get('name', '?')!r} lacks {', '.join(missing)}"
            )
        for key in ("picolog", "peer_value", "speedup"):
            if not is_number(row[key]):
                raise ValueError(f"{path}: row {row['name']!r} has a non-numeric {key}")
    return rows


def merge(parts_dir: Path) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for path in sorted(parts_dir.glob("*.json"), key=part_order):
        for row in load_part(path):
            if row["name"] in seen:
                raise ValueError(f"{path}: duplicate row name {row['name']!r}")
            seen.add(row["name"])
            rows.append(row)
    return rows


def verdict(row: dict) -> str:
    goal = row.get("goal")
    if not is_number(goal):
        return ""
    return f"{'met' if row['speedup'] >= goal else 'MISSED'} (>= {goal:g}x)"


def summary(rows: list[dict]) -> str:
    header = ("benchmark", "unit", "picolog", "peer", "peer value", "speedup", "goal")
    table = [header]
    for row in rows:
        table.append(
            (
                row["name"],
                row["unit"],
                f"{row['picolog']:.4g}",
                row["peer"],
                f"{row['peer_value']:.4g}",
                f"{row['speedup']:.2f}x",
                verdict(row),
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    numeric = {2, 4, 5}
    lines = []
    for n, line in enumerate(table):
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", type=Path, help="folder of JSON fragments")
    parser.add_argument("out", type=Path, help="merged results.json to write")
    args = parser.parse_args()
    try:
        rows = merge(args.parts)
    except (OSError, TypeError, ValueError) as error:
        print(f"merge_bench: {error}", file=sys.stderr)
        return 1
    args.out.write_text(json.dumps(rows, indent=2) + "\n")
    print(summary(rows))
    print(
        "\nspeedup above 1 means picolog is faster; each ratio compares two figures from the same run."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
