// retention.hpp - listing size-rotated files, and deleting rotated files
// older than a number of days (private to libcore/src), run on the
// housekeeping thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace picolog {

// The size rotation's files of base_path: base.N and base.N.gz.
std::vector<std::string> size_rotated_files(const std::string& base_path);

// The numbers N from 1 to last for which base.N or base.N.gz exists (N
// written without leading zeros), highest first, each once.
std::vector<unsigned> size_rotated_slots(const std::string& base_path, unsigned last);

// Deletes each file whose modification time is before cutoff_s (seconds
// since the epoch; INT64_MAX deletes them all). Returns "" or the first
// failure's message.
std::string delete_older_than(const std::vector<std::string>& files, int64_t cutoff_s);

}  // namespace picolog
