"""CPython's test_logging against picolog: run it, report per test class.

    python stdlib_suite/run.py [--markdown] [--check-skips] [-k PATTERN]

Tests listed in skips.py are skipped with their reason; every other test
must pass. --check-skips runs the skipped tests too and names those that
now pass, so the list stays honest. Prints one line per class and a closing
"N passed, N failed, N skipped" line; exits 1 if a test that is not skipped
fails.
"""

import argparse
import collections
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from adapter import Isolation, import_suite  # noqa: E402
from skips import SKIPS  # noqa: E402


def _tests(suite_module, pattern):
    loader = unittest.TestLoader()
    if pattern:
        loader.testNamePatterns = [f"*{pattern}*"]
    found = []

    def walk(s):
        for t in s:
            if isinstance(t, unittest.TestSuite):
                walk(t)
            else:
                found.append(t)

    walk(loader.loadTestsFromModule(suite_module))
    return found


def _key(test):
    return f"{type(test).__name__}.{test._testMethodName}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--check-skips", action="store_true", help="run skipped tests too")
    parser.add_argument("-k", dest="pattern", help="only tests whose name contains this")
    parser.add_argument("-v", action="store_true", help="print failures in full")
    args = parser.parse_args()

    suite_module = import_suite()
    isolation = Isolation()
    counts = collections.defaultdict(lambda: collections.Counter())
    failures = []
    now_passing = []
    for test in _tests(suite_module, args.pattern):
        cls, key = type(test).__name__, _key(test)
        reason = SKIPS.get(key) or SKIPS.get(cls)
        if reason and not args.check_skips:
            counts[cls]["skipped"] += 1
            continue
        result = unittest.TestResult()
        stream = io.StringIO()
        saved_err = sys.stderr
        sys.stderr = stream
        try:
            unittest.TestSuite([test]).run(result)
        finally:
            sys.stderr = saved_err
            isolation.restore()
        if result.skipped and not (result.failures or result.errors):
            counts[cls]["skipped"] += 1
        elif result.failures or result.errors or result.unexpectedSuccesses:
            if reason:
                counts[cls]["skipped"] += 1
            else:
                counts[cls]["failed"] += 1
                failures.append((key, (result.failures + result.errors)[0][1]))
        else:
            if reason:
                now_passing.append(key)
            counts[cls]["passed"] += 1

    total = collections.Counter()
    if args.markdown:
        print("| test class | passed | skipped | failed |")
        print("| --- | ---: | ---: | ---: |")
    for cls in sorted(counts):
        c = counts[cls]
        total.update(c)
        if args.markdown:
            print(f"| {cls} | {c['passed']} | {c['skipped']} | {c['failed']} |")
        else:
            print(f"{cls:34s} {c['passed']:4d} passed {c['skipped']:4d} skipped", end="")
            print(f" {c['failed']:3d} failed")
    for key, text in failures:
        print(f"\nFAILED {key}")
        print(text if args.v else text.strip().splitlines()[-1])
    for key in now_passing:
        print(f"skipped but passing: {key}")
    passed, failed, skipped = total["passed"], total["failed"], total["skipped"]
    print(f"test_logging: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
