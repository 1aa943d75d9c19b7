"""The tests of CPython's test_logging that picolog skips, each with why.

Keys are "Class.test_name", or a class name for all of its tests. Every test
not listed here must pass (run.py fails otherwise); `run.py --check-skips`
names listed tests that pass now, so that they come off the list.
"""

import sys

_C_OWNS_THE_FILE = (
    "the file is opened and written by C: FileHandler.stream is None, so there "
    "is no Python stream to inspect"
)

SKIPS = {
    "BasicConfigTest.test_filename": _C_OWNS_THE_FILE,
    "FileHandlerTest.test_delay": _C_OWNS_THE_FILE,
    "BuiltinLevelsTest.test_regression_29220": (
        "the level table shared with C and Rust refuses an empty level name"
    ),
    "LogRecordFactoryTest.test_logrecord_class": (
        "an exception escaping a filter is reported and the record dropped, not "
        "raised to the caller"
    ),
    "LoggerAdapterTest.test_nested": (
        "messages are formatted at the call: a failing msg % args is reported there "
        "and the record dropped, before any handler sees it"
    ),
    "LoggerTest.test_caching": (
        "reads Logger._cache, logging's private level cache; picolog's threshold is one atomic in C"
    ),
    "LoggerTest.test_root_logger_aliases": (
        "getLogger('\\0'): logger names are C strings shared with C and Rust, so a "
        "NUL byte is refused"
    ),
    **(
        {
            "RotatingFileHandlerTest.test_should_rollover": (
                "asserts that an empty file rolls over; picolog never rotates an empty "
                "file, logging's rule since 3.13 (gh-116263: otherwise a record longer "
                "than maxBytes rotates an empty file on every record)"
            )
        }
        if sys.version_info < (3, 13)
        else {}
    ),
    "MiscTestCase.test__all__": (
        "check__all__ takes the objects whose __module__ is 'logging' as the module's "
        "API: picolog's are defined in picolog's own modules, and picolog.__all__ adds "
        "names of its own (TRACE, flush, capture_stdlib, ...); every name of "
        "logging.__all__ is in picolog.__all__ (tests/test_manager.py)"
    ),
}
