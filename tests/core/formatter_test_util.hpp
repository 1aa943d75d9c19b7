// formatter_test_util.hpp - a fixed record and a one-call format helper for
// the formatter tests. Times are UTC: the tests set TZ before formatting.
#pragma once

#include <stdlib.h>
#include <time.h>

#include <string>

#include "picolog/formatter.hpp"

namespace picolog::test {

// 2023-11-14 22:13:20.123456789 UTC
inline constexpr int64_t kSampleNs = 1700000000123456789;

inline void use_utc() {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
}

struct SampleRecord {
    Field fields[2] = {{"user", "bob"}, {"request_id", "r-17"}};
    Record record;
    SampleRecord() {
        record.level = 20;
        record.logger_name = "app.db";
        record.message = "hello";
        record.created_ns = kSampleNs;
        record.thread_id = 4242;
        record.thread_name = "worker-1";
        record.process_id = 777;
        record.file = "/src/app/db.tar.py";
        record.line = 42;
        record.func = "connect";
        record.fields = fields;
    }
};

inline std::string format_with(const Formatter& f, const Record& r) {
    std::string out;
    f.format(r, out);
    return out;
}

inline std::string percent(const std::string& fmt, const Record& r, const std::string& datefmt = {}) {
    return format_with(PatternFormatter(fmt, datefmt, FormatStyle::Percent), r);
}

inline std::string brace(const std::string& fmt, const Record& r, const std::string& datefmt = {}) {
    return format_with(PatternFormatter(fmt, datefmt, FormatStyle::Brace), r);
}

}  // namespace picolog::test
