// time_rollover.hpp - the arithmetic of Python's TimedRotatingFileHandler
// (private to libcore/src): the next rollover time, the suffix of a rotated
// file, and which old files to delete.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "picolog/rotating.hpp"

namespace picolog::time_rollover {

// The interval in seconds (Python's self.interval). Throws Error(kInvalid)
// for bad options.
int64_t interval_seconds(const TimeRotationOptions& o);

// Python 3.13's computeRollover(current_time): a time that is the
// rotation time itself waits for the next one.
int64_t compute(const TimeRotationOptions& o, int64_t interval, int64_t current_time);

// The rollover time after a rollover at current_time (the tail of Python
// 3.13's doRollover: computed afresh, never in the past).
int64_t next_after_rollover(const TimeRotationOptions& o, int64_t interval, int64_t current_time);

// The suffix for the interval that started at `start`, formatted as
// Python's doRollover does (DST corrected against current_time).
std::string suffix(const TimeRotationOptions& o, int64_t start, int64_t current_time);

// Python's getFilesToDelete(): rotated files of base_path, oldest first,
// beyond backup_count. Without a namer a file is base_path.<suffix>[.gz]
// exactly (Python 3.13); has_namer selects Python's namer variant, which
// looks for the suffix anywhere after the base's stem (Python 3.12).
std::vector<std::string> files_to_delete(const TimeRotationOptions& o, const std::string& base_path,
                                         bool has_namer);

}  // namespace picolog::time_rollover
