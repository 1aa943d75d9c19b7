// reload_test.cpp - reloading the configuration file while four threads log:
// every record is written exactly once, loggers keep their identity, and a
// file without a configured path cannot be reloaded.
#include <gtest/gtest.h>

#include <latch>
#include <set>
#include <thread>

#include "config_test_util.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::read_lines;
using test::write_file;

std::string variant(const std::string& log, int n) {
    // Every variant changes the handler (buffered or not, another flush
    // level), so each reload swaps it for a new one on the same file.
    std::string buffered = n % 2 == 0 ? "true" : "false";
    return R"({"version": 1, "disable_existing_loggers": false,
      "handlers": {"out": {"class": "file", "filename": ")" +
           log + R"(", "buffered": )" + buffered + R"(, "flush_level": )" + std::to_string(40 + n % 3) +
           R"(}},
      "loggers": {"reload": {"handlers": ["out"], "level": "INFO", "propagate": false}}})";
}

TEST_F(ConfigTest, ReloadUnderFourLoggingThreadsKeepsEveryRecordOnce) {
    const int kThreads = 4, kPerThread = test::scaled(20000), kReloads = test::scaled(200);
    std::string cfg = dir_.file("reload.json"), log = dir_.file("reload.log");
    write_file(cfg, variant(log, 0));
    config::configure_file(cfg);
    Logger* logger = &Registry::instance().get("reload");
    std::latch start(kThreads + 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            std::string message;
            for (int i = 0; i < kPerThread; ++i) {
                message = "t" + std::to_string(t) + " " + std::to_string(i);
                Record r;
                r.level = INFO;
                r.message = message;
                logger->log(r);
            }
        });
    start.arrive_and_wait();
    for (int n = 1; n <= kReloads; ++n) {
        write_file(cfg, variant(log, n));
        config::reload();
        EXPECT_EQ(&Registry::instance().get("reload"), logger);
    }
    for (auto& t : threads) t.join();
    runtime::flush_all();
    config::configure(R"({"version": 1, "disable_existing_loggers": false, "loggers": {"reload": {}}})");
    auto lines = read_lines(log);
    EXPECT_EQ(lines.size(), static_cast<size_t>(kThreads * kPerThread));
    std::set<std::string> unique(lines.begin(), lines.end());
    EXPECT_EQ(unique.size(), static_cast<size_t>(kThreads * kPerThread));
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_EQ(unique.count("t" + std::to_string(t) + " 0"), 1u);
        EXPECT_EQ(unique.count("t" + std::to_string(t) + " " + std::to_string(kPerThread - 1)), 1u);
    }
}

TEST_F(ConfigTest, ABadReloadChangesNothing) {
    std::string cfg = dir_.file("bad.toml"), log = dir_.file("bad.log");
    write_file(
        cfg, "version = 1\ndisable_existing_loggers = false\n[handlers.h]\nclass = \"file\"\nfilename = \"" +
                 log + "\"\n[loggers.badreload]\nhandlers = [\"h\"]\nlevel = \"INFO\"\n");
    config::configure_file(cfg);
    const Handler* before = (*Registry::instance().get("badreload").handlers())[0].get();
    write_file(cfg, "version = 1\n[handlers.h]\nclass = \"file\"\n");
    try {
        config::reload();
        ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), cfg + ": handlers.h.filename: missing (the file to write)");
    }
    EXPECT_EQ((*Registry::instance().get("badreload").handlers())[0].get(), before);
}

}  // namespace
}  // namespace picolog
