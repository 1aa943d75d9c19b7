// rotating_options_test.cpp - the option structs of the rotating handlers
// across versions: the _init functions give the _INIT macros and write
// nothing past the version asked for, newer versions are refused naming
// both, version 1 structs still create handlers (the new fields at their
// defaults), and the version 2 fields (size compression, time multiprocess)
// reach the handlers.
#include <sys/stat.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

template <class T>
struct Guarded {
    alignas(T) unsigned char bytes[sizeof(T) + 32];
    Guarded() { std::memset(bytes, 0xAB, sizeof bytes); }
    T* get() { return reinterpret_cast<T*>(bytes); }
    bool untouched_from(size_t from) const {
        for (size_t i = from; i < sizeof bytes; ++i)
            if (bytes[i] != 0xAB) return false;
        return true;
    }
};

// Field by field: the padding bytes of a struct made from an _INIT macro
// have no defined value, so a memcmp of whole structs could fail at random.
// `version` 1 compares the fields a version 1 caller has.
bool same_fields(const picolog_rotation_hooks& a, const picolog_rotation_hooks& b, unsigned) {
    return a.now_ns == b.now_ns && a.namer == b.namer && a.rotator == b.rotator && a.destroy == b.destroy &&
           a.userdata == b.userdata;
}

bool same_fields(const picolog_rotating_file_options& a, const picolog_rotating_file_options& b,
                 unsigned version) {
    return a.max_bytes == b.max_bytes && a.backup_count == b.backup_count && a.max_age_days == b.max_age_days &&
           a.multiprocess == b.multiprocess && (version < 2 || a.compress == b.compress);
}

bool same_fields(const picolog_timed_rotating_file_options& a, const picolog_timed_rotating_file_options& b,
                 unsigned version) {
    return a.when == b.when && a.weekday == b.weekday && a.interval == b.interval &&
           a.backup_count == b.backup_count && a.utc == b.utc && a.at_time_seconds == b.at_time_seconds &&
           a.compress == b.compress && a.max_age_days == b.max_age_days &&
           (version < 2 || a.multiprocess == b.multiprocess);
}

template <class T, class Init>
void expect_init_matches(Init init, unsigned current, const T& macro, size_t v1_end, const char* name) {
    Guarded<T> now;
    ASSERT_EQ(init(now.get(), current), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(now.get()->version, current) << name;
    EXPECT_TRUE(same_fields(*now.get(), macro, current)) << name;
    EXPECT_TRUE(now.untouched_from(sizeof(T))) << name;
    Guarded<T> v1;
    ASSERT_EQ(init(v1.get(), 1), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(v1.get()->version, 1u);
    EXPECT_TRUE(same_fields(*v1.get(), macro, 1)) << name;
    EXPECT_TRUE(v1.untouched_from(v1_end)) << name;

    Guarded<T> newer;
    EXPECT_EQ(init(newer.get(), current + 1), PICOLOG_EINVAL);
    std::string message = picolog_last_error();
    EXPECT_NE(message.find(std::string(name) + " version " + std::to_string(current + 1)), std::string::npos)
        << message;
    EXPECT_NE(message.find("version " + std::to_string(current)), std::string::npos) << message;
    EXPECT_TRUE(newer.untouched_from(0));
    EXPECT_EQ(init(newer.get(), 0), PICOLOG_EINVAL);
    EXPECT_EQ(init(nullptr, current), PICOLOG_EINVAL);
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

TEST(CapiRotatingOptions, InitFunctionsGiveTheMacrosForEveryVersion) {
    const picolog_rotation_hooks hooks = PICOLOG_ROTATION_HOOKS_INIT;
    expect_init_matches<picolog_rotation_hooks>(picolog_rotation_hooks_init, PICOLOG_ROTATION_HOOKS_VERSION,
                                                hooks, sizeof(picolog_rotation_hooks),
                                                "picolog_rotation_hooks");
    const picolog_rotating_file_options size = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
    expect_init_matches<picolog_rotating_file_options>(
        picolog_rotating_file_options_init, PICOLOG_ROTATING_FILE_OPTIONS_VERSION, size,
        offsetof(picolog_rotating_file_options, multiprocess) + sizeof(int), "picolog_rotating_file_options");
    const picolog_timed_rotating_file_options timed = PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT;
    expect_init_matches<picolog_timed_rotating_file_options>(
        picolog_timed_rotating_file_options_init, PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION, timed,
        offsetof(picolog_timed_rotating_file_options, max_age_days) + sizeof(unsigned),
        "picolog_timed_rotating_file_options");
}

TEST(CapiRotatingOptions, VersionOneStructsStillCreateHandlers) {
    TempDir dir;
    // A version 1 caller's struct ends before compress: the bytes after it
    // are not the caller's, so they are set to garbage here.
    Guarded<picolog_rotating_file_options> size;
    ASSERT_EQ(picolog_rotating_file_options_init(size.get(), 1), PICOLOG_OK);
    size.get()->max_bytes = 10;
    size.get()->backup_count = 2;
    picolog_handler* h = nullptr;
    std::string path = dir.file("v1.log");
    ASSERT_EQ(picolog_rotating_file_handler_new(&h, path.c_str(), size.get(), nullptr, nullptr), PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, h), PICOLOG_OK);
    picolog_log(logger, PICOLOG_INFO, "first");
    picolog_log(logger, PICOLOG_INFO, "second");
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    EXPECT_TRUE(exists(path + ".1"));  // not compressed: compress kept its default
    EXPECT_FALSE(exists(path + ".1.gz"));
    picolog_logger_remove_handler(logger, h);
    picolog_handler_release(h);

    Guarded<picolog_timed_rotating_file_options> timed;
    ASSERT_EQ(picolog_timed_rotating_file_options_init(timed.get(), 1), PICOLOG_OK);
    std::string timed_path = dir.file("v1-timed.log");
    ASSERT_EQ(picolog_timed_rotating_file_handler_new(&h, timed_path.c_str(), timed.get(), nullptr, nullptr),
              PICOLOG_OK)
        << picolog_last_error();
    picolog_handler_release(h);
    EXPECT_FALSE(exists(timed_path + ".lock"));  // multiprocess kept its default
}

TEST(CapiRotatingOptions, VersionTwoFieldsReachTheHandlers) {
    TempDir dir;
    picolog_rotating_file_options size = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
    size.max_bytes = 10;
    size.backup_count = 2;
    size.compress = 1;
    picolog_handler* h = nullptr;
    std::string path = dir.file("gz.log");
    ASSERT_EQ(picolog_rotating_file_handler_new(&h, path.c_str(), &size, nullptr, nullptr), PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, h), PICOLOG_OK);
    picolog_log(logger, PICOLOG_INFO, "first");
    picolog_log(logger, PICOLOG_INFO, "second");
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);  // waits for the compression
    EXPECT_TRUE(exists(path + ".1.gz"));
    EXPECT_FALSE(exists(path + ".1"));
    picolog_logger_remove_handler(logger, h);
    picolog_handler_release(h);

    picolog_timed_rotating_file_options timed = PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT;
    timed.multiprocess = 1;
    std::string timed_path = dir.file("mp.log");
    ASSERT_EQ(picolog_timed_rotating_file_handler_new(&h, timed_path.c_str(), &timed, nullptr, nullptr),
              PICOLOG_OK)
        << picolog_last_error();
    ASSERT_EQ(picolog_logger_add_handler(logger, h), PICOLOG_OK);
    picolog_log(logger, PICOLOG_INFO, "shared");
    EXPECT_TRUE(exists(timed_path + ".lock"));
    picolog_logger_remove_handler(logger, h);
    picolog_handler_release(h);
}
