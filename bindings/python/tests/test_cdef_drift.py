"""The cffi declarations must cover every function of the public C header."""

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
INCLUDE = HERE.parent.parent.parent / "capi" / "include"
HEADERS = [INCLUDE / "picolog.h", *sorted((INCLUDE / "picolog").glob("*.h"))]
CDEFS = HERE.parent / "picolog" / "_cdefs.h"

# Functions cffi cannot declare: it has no va_list type (a C caller forwards
# its own arguments to picolog_vlogf; Python formats its own messages).
NOT_IN_CFFI = {"picolog_vlogf"}

_FUNCTION = re.compile(r"\b(picolog_[a-z0-9_]+)\s*\(")


def _strip_comments(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def _declared(text):
    text = _strip_comments(text)
    # Function names in declarations, not in macro bodies or calls inside macros.
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    text = re.sub(r"\\\n", "", text)
    return set(_FUNCTION.findall(text))


def _api_functions(header):
    text = _strip_comments(header)
    found = set()
    for match in re.finditer(r"PICOLOG_API\b([^;]*?)\b(picolog_[a-z0-9_]+)\s*\(", text, re.S):
        found.add(match.group(2))
    return found


def _public_header_text():
    return "\n".join(path.read_text() for path in HEADERS)


def test_every_header_function_is_in_the_cdef():
    header = _api_functions(_public_header_text())
    assert len(header) > 50
    missing = sorted(header - NOT_IN_CFFI - _declared(CDEFS.read_text()))
    assert not missing, f"declared in picolog.h but missing from _cdefs.h: {missing}"


def test_what_cffi_cannot_declare_is_in_the_header_and_not_the_cdef():
    assert NOT_IN_CFFI <= _api_functions(_public_header_text())
    assert not NOT_IN_CFFI & _declared(CDEFS.read_text())


def test_the_cdef_declares_nothing_the_header_lacks():
    extra = sorted(_declared(CDEFS.read_text()) - _api_functions(_public_header_text()))
    assert not extra, f"in _cdefs.h but not in picolog.h: {extra}"
