// compression.hpp - gzip of a rotated file (private to libcore/src), run on
// the housekeeping thread so no log call waits for it.
#pragma once

#include <string>

namespace picolog {

// Compresses source into source + ".gz" through a hidden temporary file in
// the same directory (never mistaken for a rotated file), then removes
// source. Returns "" or a message saying what failed; on failure source is
// left as it was.
std::string gzip_rotated_file(const std::string& source);

}  // namespace picolog
