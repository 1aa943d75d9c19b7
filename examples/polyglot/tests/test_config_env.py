"""One configuration file for three languages: a C program, a Rust binary and
a Python script, none of which configures anything in code, each run with
PICOLOG_CONFIG (and PICOLOG_LEVEL), write the same bytes."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
C_PROGRAM = ROOT / "build" / "default" / "tests" / "c" / "picolog_config_env_c"
CARGO_TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "build" / "cargo"))
RUST_PROGRAM = CARGO_TARGET / "debug" / "examples" / "config_env"
PYTHON_SCRIPT = """
import picolog
app, db, other = (picolog.getLogger(n) for n in ("app", "app.db", "other"))
app.info("one")
db.debug("two")
app.warning("three")
other.error("four")
app.debug("five")
picolog.flush()
"""
CONFIG = """
version = 1

[formatters.plain]
format = "%(levelname)s:%(name)s:%(message)s"

[handlers.out]
class = "logging.FileHandler"
filename = "${PICOLOG_OUT}"
mode = "w"
formatter = "plain"

[loggers.app]
level = "INFO"

[root]
level = "WARNING"
handlers = ["out"]
"""


def _rust_program():
    if not RUST_PROGRAM.exists():
        subprocess.run(
            ["cargo", "build", "--quiet", "-p", "picolog", "--example", "config_env"],
            cwd=ROOT / "bindings" / "rust",
            check=True,
        )
    return RUST_PROGRAM


def test_c_rust_and_python_configured_only_from_the_environment(tmp_path):
    config = tmp_path / "logging.toml"
    config.write_text(CONFIG)
    programs = {
        "c": [str(C_PROGRAM)],
        "rust": [str(_rust_program())],
        "python": [sys.executable, "-c", PYTHON_SCRIPT],
    }
    outputs = {}
    for lang, command in programs.items():
        out = tmp_path / f"{lang}.log"
        env = dict(os.environ, PICOLOG_CONFIG=str(config), PICOLOG_OUT=str(out))
        env["PICOLOG_LEVEL"] = "app.db=debug"
        env.pop("RUST_LOG", None)
        done = subprocess.run(
            command, check=False, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"{lang}: {done.stderr}"
        assert done.stderr == "", f"{lang}: {done.stderr}"
        outputs[lang] = out.read_bytes()
    expected = b"INFO:app:one\nDEBUG:app.db:two\nWARNING:app:three\nERROR:other:four\n"
    assert outputs["c"] == expected
    assert outputs["rust"] == expected
    assert outputs["python"] == expected
