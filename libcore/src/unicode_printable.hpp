// unicode_printable.hpp - Python's str.isprintable() of one code point
// (private to libcore/src), for the formatters' repr.
#pragma once

#include <cstdint>

namespace picolog::unicode {

// Whether Python's repr() writes cp as is rather than escaped: not a control,
// format, surrogate, private-use or unassigned code point, nor a separator
// other than ' ' (unicode_printable.cpp).
bool printable(uint32_t cp) noexcept;

}  // namespace picolog::unicode
