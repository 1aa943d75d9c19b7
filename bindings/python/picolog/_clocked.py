"""logging's rollover methods reading a rotating handler's `clock`: the
running Python's own code, with its time.time() answered by the clock, so a
handler Python writes rolls over on the same clock as one C writes."""

import time
import types


class _ClockTime:
    """The time module, whose time() is the clock."""

    def __init__(self, clock):
        self.time = clock

    def __getattr__(self, name):
        return getattr(time, name)


def _clocked(function, clock):
    names = dict(function.__globals__)
    names["time"] = _ClockTime(clock)
    return types.FunctionType(
        function.__code__, names, function.__name__, function.__defaults__, function.__closure__
    )


def logging_method(handler, name):
    """The method `name` of the handler's logging class (_PL_STD), reading
    the handler's clock, if it has one, where logging reads time.time()."""
    method = getattr(handler._PL_STD, name)
    if not handler._pl_clock:
        return method
    methods = handler.__dict__.setdefault("_pl_clocked", {})
    if name not in methods:
        methods[name] = _clocked(method, handler._pl_clock)
    return methods[name]
