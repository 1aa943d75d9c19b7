"""The demo end to end (as a subprocess), and its log checker on files with
known defects."""

import os
import re
import subprocess
import sys
from pathlib import Path

import demo

DEMO = Path(demo.__file__)


def run_demo(*args, env=None):
    # The timeout is a watchdog for a hung run, not a speed requirement.
    return subprocess.run(
        [sys.executable, str(DEMO), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=600,
    )


def test_demo_logs_every_record_of_every_language_once(tmp_path):
    threads, records = 3, 400
    result = run_demo(
        "--threads", str(threads), "--records", str(records), "--log-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    per_language = threads * (3 * records + 1)
    for language in ("python", "c", "rust"):
        assert re.search(
            rf"^{language} +logged +{per_language:,} +skipped +{threads * records:,} "
            rf"DEBUG calls +in the file +{per_language:,}$",
            out,
            re.MULTILINE,
        ), out
    assert re.search(r"^runtime id .* same$", out, re.MULTILINE), out
    assert re.search(r'^"app" logger .* same$', out, re.MULTILINE), out
    assert "(1 copy mapped)" in out
    assert out.rstrip().endswith(
        "OK: every record present once, no torn line, one runtime, one request id"
    )
    requests = re.findall(
        r"^  (req-[0-9a-f]{8}) app\.(py|c|rust)\.request: ", out, re.MULTILINE
    )
    assert [lang for _, lang in requests] == ["py", "c", "rust"], out
    assert len({rid for rid, _ in requests}) == 1, out
    warnings = re.findall(r"^  WARNING app\.(py|c|rust)\.w\d+: ", out, re.MULTILINE)
    assert sorted(warnings) == sorted(["py", "c", "rust"] * threads)

    lines = (tmp_path / "polyglot.log").read_text().splitlines()
    assert len(lines) == 3 * per_language
    debug = [line for line in lines if " DEBUG " in line]
    assert len(debug) == 3 * threads * records
    assert all(line.endswith("phase=2") for line in debug)


def test_demo_refuses_bad_options(tmp_path):
    result = run_demo("--threads", "0", "--log-dir", str(tmp_path))
    assert result.returncode == 2
    assert "--threads must be between 1 and 256" in result.stderr


def test_demo_names_a_missing_library(tmp_path):
    env = dict(os.environ, POLYGLOT_C_LIB=str(tmp_path / "libmissing.so"))
    result = run_demo("--log-dir", str(tmp_path), env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("demo: libpolyglot_c.so not found (tried ")
    assert "set POLYGLOT_C_LIB" in result.stderr


def good_lines(threads, records):
    """A log file as a correct run writes it (in order; order is not checked)."""
    lines = []
    for lang in demo.LANGUAGES:
        for thread in range(threads):
            for seq in range(4 * records + 1):
                level = demo.expected_level(seq, records)
                if level is not None:
                    phase = 1 if seq < 2 * records else 2
                    lines.append(line_for(level, lang, thread, seq, phase))
    return lines


def line_for(level, lang, thread, seq, phase):
    return (
        f"2026-01-02 03:04:05,678 {level:<7} app.{lang}.w{thread:<5} {lang}-{thread:<3} "
        f"lang={lang} thread={thread} seq={seq} phase={phase}"
    )


def check(tmp_path, lines, threads=2, records=3):
    path = tmp_path / "polyglot.log"
    path.write_text("".join(line + "\n" for line in lines))
    return demo.check_file(path, threads, records)


def test_checker_accepts_a_correct_file(tmp_path):
    lines = good_lines(2, 3)
    total, counts, problems = check(tmp_path, lines)
    assert problems == []
    assert total == len(lines) == 3 * 2 * (3 * 3 + 1)
    assert counts == {"py": 20, "c": 20, "rust": 20}


def test_checker_reports_a_torn_line(tmp_path):
    lines = good_lines(2, 3)
    torn = lines[5][:30] + lines[6]
    problems = check(tmp_path, lines[:5] + [torn] + lines[7:])[2]
    assert any(p.startswith("line 6 is malformed") for p in problems), problems
    assert any(p == "py thread 0: 2 missing, e.g. seq 8" for p in problems), problems


def test_checker_reports_a_missing_and_a_repeated_record(tmp_path):
    lines = good_lines(2, 3)
    problems = check(tmp_path, lines[1:] + [lines[-1]])[2]
    assert "py thread 0: 1 missing, e.g. seq 0" in problems
    assert f"line {len(lines)} repeats rust thread 1 seq 12" in problems


def test_checker_reports_a_debug_record_of_phase_one(tmp_path):
    lines = good_lines(2, 3) + [line_for("DEBUG", "c", 1, 3, 1)]
    problems = check(tmp_path, lines)[2]
    assert len(problems) == 1 and "was not expected" in problems[0], problems


def test_checker_reports_mixed_up_languages(tmp_path):
    lines = good_lines(2, 3)
    lines[0] = lines[0].replace("lang=py", "lang=c")
    problems = check(tmp_path, lines)[2]
    assert problems[0].startswith("line 1 is malformed"), problems
