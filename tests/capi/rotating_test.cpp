// rotating_test.cpp - the rotating file handlers through the C API: options
// and their errors, the namer and clock hooks, the counters, and destroy
// running exactly once whether creation succeeds or fails.
#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

struct HookState {
    int64_t now_s = 1700000000;
    int destroyed = 0;
};

int64_t fake_now(void* userdata) {
    return static_cast<HookState*>(userdata)->now_s * 1000000000;
}

void count_destroy(void* userdata) {
    static_cast<HookState*>(userdata)->destroyed++;
}

int gz_namer(const char* name, char* out, size_t out_size, void*) {
    return snprintf(out, out_size, "%s.bak", name) < static_cast<int>(out_size) ? 0 : 1;
}

// Hooks that log, as a Python namer logging through picolog does: each
// keeps the result of its log call.
struct LoggingHooks {
    picolog_logger* observer = nullptr;
    std::vector<int> results;
    void log(const char* what) { results.push_back(picolog_log(observer, PICOLOG_INFO, what)); }
};

int logging_namer(const char* name, char* out, size_t out_size, void* userdata) {
    static_cast<LoggingHooks*>(userdata)->log("namer");
    return snprintf(out, out_size, "%s", name) < static_cast<int>(out_size) ? 0 : 1;
}

int logging_rotator(const char* source, const char* dest, void* userdata) {
    static_cast<LoggingHooks*>(userdata)->log("rotator");
    return ::rename(source, dest);
}

int64_t logging_now(void* userdata) {
    static_cast<LoggingHooks*>(userdata)->log("now");
    return int64_t{1700000000} * 1000000000;
}

void logging_destroy(void* userdata) {
    static_cast<LoggingHooks*>(userdata)->log("destroy");
}

}  // namespace

TEST(CapiRotating, HooksMayLog) {
    TempDir dir;
    std::string path = dir.file("app.log"), seen = dir.file("hooks.log");
    LoggingHooks state;
    state.observer = test_logger("observer");
    picolog_handler* seen_file = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&seen_file, seen.c_str(), nullptr), PICOLOG_OK);
    Attached observed(state.observer, seen_file);
    picolog_rotating_file_options rotation = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
    rotation.max_bytes = 10;
    rotation.backup_count = 2;
    rotation.max_age_days = 30;  // the age sweep asks the clock
    picolog_rotation_hooks hooks = PICOLOG_ROTATION_HOOKS_INIT;
    hooks.namer = logging_namer;
    hooks.rotator = logging_rotator;
    hooks.now_ns = logging_now;
    hooks.destroy = logging_destroy;
    hooks.userdata = &state;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_rotating_file_handler_new(&h, path.c_str(), &rotation, nullptr, &hooks), PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "aaaa");
        picolog_log(logger, PICOLOG_INFO, "bbbb");
    }
    picolog_handler_release(h);
    ASSERT_EQ(picolog_handler_flush(seen_file), PICOLOG_OK);
    // Every hook ran and each of its records was taken, not refused as a
    // log call interrupting another.
    const std::string lines = read_file(seen);
    for (const char* hook : {"namer\n", "rotator\n", "now\n", "destroy\n"})
        EXPECT_NE(lines.find(hook), std::string::npos) << hook << " in " << lines;
    for (int rc : state.results) EXPECT_EQ(rc, PICOLOG_OK);
}

TEST(CapiRotating, SizeRotationWithANamer) {
    TempDir dir;
    std::string path = dir.file("app.log");
    HookState state;
    picolog_rotating_file_options rotation = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
    rotation.max_bytes = 10;
    rotation.backup_count = 2;
    picolog_rotation_hooks hooks = PICOLOG_ROTATION_HOOKS_INIT;
    hooks.namer = gz_namer;
    hooks.destroy = count_destroy;
    hooks.userdata = &state;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_rotating_file_handler_new(&h, path.c_str(), &rotation, nullptr, &hooks), PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "aaaa");
        picolog_log(logger, PICOLOG_INFO, "bbbb");
        picolog_log(logger, PICOLOG_INFO, "cccc");
    }
    EXPECT_EQ(read_file(path), "cccc\n");
    EXPECT_EQ(read_file(path + ".1.bak"), "bbbb\n");
    EXPECT_EQ(read_file(path + ".2.bak"), "aaaa\n");
    picolog_rotation_stats stats;
    ASSERT_EQ(picolog_rotation_stats_get(h, &stats, sizeof stats), PICOLOG_OK);
    EXPECT_EQ(stats.rotations, 2u);
    EXPECT_EQ(stats.rotation_failures, 0u);
    EXPECT_EQ(state.destroyed, 0);
    picolog_handler_release(h);
    EXPECT_EQ(state.destroyed, 1);
}

TEST(CapiRotating, TimeRotationWithAnInjectedClock) {
    TempDir dir;
    std::string path = dir.file("t.log");
    HookState state;
    picolog_timed_rotating_file_options rotation = PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT;
    rotation.when = PICOLOG_ROTATE_MINUTES;
    rotation.utc = 1;
    picolog_rotation_hooks hooks = PICOLOG_ROTATION_HOOKS_INIT;
    hooks.now_ns = fake_now;
    hooks.userdata = &state;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_timed_rotating_file_handler_new(&h, path.c_str(), &rotation, nullptr, &hooks),
              PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "first");
        state.now_s += 60;
        picolog_log(logger, PICOLOG_INFO, "second");
    }
    EXPECT_EQ(read_file(path + ".2023-11-14_22-13"), "first\n");
    EXPECT_EQ(read_file(path), "second\n");
    picolog_handler_release(h);
}

TEST(CapiRotating, ComputeRolloverIsTheHandlersOwnSchedule) {
    TempDir dir;
    std::string path = dir.file("t.log");
    picolog_timed_rotating_file_options rotation = PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT;
    rotation.when = PICOLOG_ROTATE_MIDNIGHT;
    rotation.interval = 2;
    rotation.utc = 1;
    rotation.at_time_seconds = 3600;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_timed_rotating_file_handler_new(&h, path.c_str(), &rotation, nullptr, nullptr),
              PICOLOG_OK)
        << picolog_last_error();
    // 2024-03-08 12:00 UTC: every two days at 01:00 from the first one, the
    // 10th; at 01:00 itself the file waits for the next.
    int64_t at = 0;
    ASSERT_EQ(picolog_rotation_compute_rollover(h, 1709899200, &at), PICOLOG_OK);
    EXPECT_EQ(at, 1710032400);
    ASSERT_EQ(picolog_rotation_compute_rollover(h, 1710032400, &at), PICOLOG_OK);
    EXPECT_EQ(at, 1710205200);
    int64_t limit = int64_t{1} << 53;
    EXPECT_EQ(picolog_rotation_compute_rollover(h, limit, &at), PICOLOG_OK);
    EXPECT_EQ(picolog_rotation_compute_rollover(h, limit + 1, &at), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("out of range"), std::string::npos);
    EXPECT_EQ(picolog_rotation_compute_rollover(h, INT64_MIN, &at), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_rotation_compute_rollover(h, 0, nullptr), PICOLOG_EINVAL);
    picolog_handler_release(h);

    picolog_rotating_file_options size = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
    ASSERT_EQ(picolog_rotating_file_handler_new(&h, path.c_str(), &size, nullptr, nullptr), PICOLOG_OK);
    EXPECT_EQ(picolog_rotation_compute_rollover(h, 0, &at), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("does not rotate by time"), std::string::npos);
    picolog_handler_release(h);
}

TEST(CapiRotating, BadOptionsAreRefusedAndDestroyStillRuns) {
    TempDir dir;
    std::string path = dir.file("x.log");
    HookState state;
    picolog_rotation_hooks hooks = PICOLOG_ROTATION_HOOKS_INIT;
    hooks.destroy = count_destroy;
    hooks.userdata = &state;
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_rotating_file_handler_new(&h, path.c_str(), nullptr, nullptr, &hooks), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("rotation is NULL"), std::string::npos);
    EXPECT_EQ(state.destroyed, 1);

    picolog_timed_rotating_file_options timed = PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT;
    timed.when = 9;
    EXPECT_EQ(picolog_timed_rotating_file_handler_new(&h, path.c_str(), &timed, nullptr, &hooks),
              PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("PICOLOG_ROTATE_"), std::string::npos);
    EXPECT_EQ(state.destroyed, 2);
    timed = PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT;
    timed.version = 99;
    EXPECT_EQ(picolog_timed_rotating_file_handler_new(&h, path.c_str(), &timed, nullptr, nullptr),
              PICOLOG_EINVAL);

    picolog_rotating_file_options rotation = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
    std::string missing = dir.file("no/such/dir.log");
    EXPECT_EQ(picolog_rotating_file_handler_new(&h, missing.c_str(), &rotation, nullptr, &hooks),
              PICOLOG_EIO);
    EXPECT_EQ(state.destroyed, 3);
    EXPECT_EQ(h, nullptr);
    EXPECT_FALSE(exists(missing));

    picolog_handler* plain = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&plain), PICOLOG_OK);
    picolog_rotation_stats stats;
    EXPECT_EQ(picolog_rotation_stats_get(plain, &stats, sizeof stats), PICOLOG_EINVAL);
    picolog_handler_release(plain);
}

TEST(CapiRotating, WatchedHandlerFollowsARename) {
    TempDir dir;
    std::string path = dir.file("w.log");
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_watched_file_handler_new(&h, nullptr, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_watched_file_handler_new(&h, "", nullptr), PICOLOG_EINVAL);
    ASSERT_EQ(picolog_watched_file_handler_new(&h, path.c_str(), nullptr), PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "one");
        ASSERT_EQ(::rename(path.c_str(), (path + ".1").c_str()), 0);
        picolog_log(logger, PICOLOG_INFO, "two");
    }
    EXPECT_EQ(read_file(path + ".1"), "one\n");
    EXPECT_EQ(read_file(path), "two\n");
    picolog_handler_release(h);
}
