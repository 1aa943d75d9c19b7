"""Loads the compiled cffi module and turns C status codes into exceptions."""

try:
    from ._picolog_cffi import ffi, lib
except ImportError as exc:  # pragma: no cover - only without a build
    raise ImportError(
        "picolog's extension is not built: run `make python` at the repository root, "
        "or `pip install bindings/python`, which builds and bundles libpicolog.so.1"
    ) from exc

__all__ = ["ffi", "lib", "PicologError", "check", "last_error"]


class PicologError(RuntimeError):
    """A picolog C call failed; `code` is the PICOLOG_E* status."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def last_error():
    return ffi.string(lib.picolog_last_error()).decode("utf-8", "replace")


_EXCEPTIONS = {
    lib.PICOLOG_EINVAL: ValueError,
    lib.PICOLOG_EFORMAT: ValueError,
    lib.PICOLOG_EIO: OSError,
    lib.PICOLOG_ENOMEM: MemoryError,
}


def check(rc):
    """Raises for a negative status (with the C layer's message), else returns it."""
    if rc < 0:
        message = last_error() or ffi.string(lib.picolog_strerror(rc)).decode()
        kind = _EXCEPTIONS.get(rc)
        if kind is not None:
            raise kind(message)
        raise PicologError(rc, message)
    return rc


def encode(text):
    """UTF-8 bytes of any str, surrogates included (never raises)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape" if _escapable(text) else "backslashreplace")


def _escapable(text):
    try:
        text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def decode(data):
    """The inverse of encode for the bytes C hands back."""
    return data.decode("utf-8", "surrogateescape")


def c_string(pointer):
    """A NUL-terminated C string as str ("" for NULL)."""
    if pointer == ffi.NULL:
        return ""
    return decode(ffi.string(pointer))
