// config_test_util.hpp - helpers of the configuration tests: writing a file,
// logging one record, and restoring the root logger between tests.
#pragma once

#include <fstream>
#include <string>

#include "../core/core_test_util.hpp"
#include "picolog/config.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"
#include "picolog/runtime.hpp"

namespace picolog::test {

inline void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

inline void log_line(std::string_view logger, int level, std::string_view message) {
    Logger& l = Registry::instance().get(logger);
    if (!l.is_enabled_for(level)) return;
    Record r;
    r.level = level;
    r.message = message;
    l.log(r);
}

// Each test leaves the root as it found it: WARNING, no handlers, and the
// configuration's handlers released (an empty configuration retires them).
class ConfigTest : public ::testing::Test {
protected:
    void TearDown() override {
        config::configure(
            R"({"version": 1, "disable_existing_loggers": false, "root": {"level": "WARNING"}})");
        runtime::flush_all();
    }
    TempDir dir_;
};

}  // namespace picolog::test
