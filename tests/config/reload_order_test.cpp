// reload_order_test.cpp - two reloads racing: one has read the file when the
// file changes and another reload starts. The runtime ends configured from
// the file on disk, not from the version the first reload read.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "config/test_seams.hpp"
#include "config_test_util.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::write_file;

// The first reload waits between reading the file and applying it until the
// second reload has finished, or waits for the configuration lock (the
// first one holds it while it reads and applies), whichever comes first.
struct Race {
    std::mutex mutex;
    std::condition_variable cv;
    bool first_read = false, second_waiting = false, second_done = false;
};

Race* race = nullptr;
thread_local bool first_reload = false;  // this thread runs the first reload

void hold_first_reload() {
    if (!first_reload) return;
    std::unique_lock lock(race->mutex);
    race->first_read = true;
    race->cv.notify_all();
    race->cv.wait(lock, [] { return race->second_waiting || race->second_done; });
}

void note_second_waiting() {
    if (first_reload) return;
    std::lock_guard lock(race->mutex);
    race->second_waiting = true;
    race->cv.notify_all();
}

std::string level_config(const char* level) {
    return std::string(R"({"version": 1, "disable_existing_loggers": false,
      "loggers": {"reorder": {"level": ")") +
           level + R"("}}})";
}

TEST_F(ConfigTest, OfTwoRacingReloadsTheLastAppliesTheFileOnDisk) {
    std::string cfg = dir_.file("order.json");
    write_file(cfg, level_config("INFO"));
    config::configure_file(cfg);
    write_file(cfg, level_config("WARNING"));
    Race r;
    race = &r;
    config::set_after_read_hook_for_test(hold_first_reload);
    config::set_lock_wait_hook_for_test(note_second_waiting);
    std::thread first([] {
        first_reload = true;
        EXPECT_NO_THROW(config::reload());
    });
    {
        std::unique_lock lock(r.mutex);
        r.cv.wait(lock, [&] { return r.first_read; });
    }
    // The file changes after the first reload read it; the second reads it
    // now or once the first has applied.
    write_file(cfg, level_config("ERROR"));
    std::thread second([&] {
        EXPECT_NO_THROW(config::reload());
        std::lock_guard lock(r.mutex);
        r.second_done = true;
        r.cv.notify_all();
    });
    first.join();
    second.join();
    config::set_after_read_hook_for_test(nullptr);
    config::set_lock_wait_hook_for_test(nullptr);
    race = nullptr;
    EXPECT_EQ(Registry::instance().get("reorder").level(), ERROR);
}

}  // namespace
}  // namespace picolog
