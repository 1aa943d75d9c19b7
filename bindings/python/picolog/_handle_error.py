"""Handler.handleError's report, as logging's: the exception, then the call
stack from the code that logged (past picolog's frames, as logging's report
skips its own), then the message and its arguments."""

import logging
import os
import sys
import traceback

# Frames in these directories are the logging machinery, not the caller.
_MACHINERY = (os.path.dirname(logging.__file__), os.path.dirname(__file__))


def print_report(record):
    """Prints the exception being handled and where `record` was logged."""
    t, v, tb = sys.exc_info()
    try:
        sys.stderr.write("--- Logging error ---\n")
        traceback.print_exception(t, v, tb, None, sys.stderr)
        sys.stderr.write("Call stack:\n")
        frame = tb.tb_frame if tb is not None else None
        while frame and os.path.dirname(frame.f_code.co_filename) in _MACHINERY:
            frame = frame.f_back
        if frame:
            traceback.print_stack(frame, file=sys.stderr)
        else:
            sys.stderr.write(f"Logged from file {record.filename}, line {record.lineno}\n")
        try:
            sys.stderr.write(f"Message: {record.msg!r}\nArguments: {record.args}\n")
        except RecursionError:
            raise
        except Exception:
            sys.stderr.write(
                "Unable to print the message and arguments - possible formatting error.\n"
                "Use the traceback above to help find the error.\n"
            )
    except OSError:
        pass
    finally:
        del t, v, tb
