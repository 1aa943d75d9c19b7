// compression.hpp - gzip of a rotated file (private to libcore/src), run on
// the housekeeping thread so no log call waits for it.
#pragma once

#include <string>

#include "temporary.hpp"

namespace picolog {

// Compresses source into source + ".gz" through a hidden temporary file in
// the same directory (never mistaken for a rotated file), then removes
// source. Returns "" or a message saying what failed; on failure source is
// left as it was.
std::string gzip_rotated_file(const std::string& source);

// Writes the gzip of everything readable from `in` (named source in
// messages) into tmp, a created LockedTemporary that stays locked, and
// gives tmp the access and modification times of `in`. Returns "" or a
// message; on failure tmp is removed and closed.
std::string gzip_descriptor(int in, const std::string& source, LockedTemporary& tmp);

// dir/.name.tmp for dir/name: a hidden name in the same directory, which no
// rotated-file pattern matches.
std::string hidden_temporary(const std::string& dest);

}  // namespace picolog
