// timed_rotating_file_handler_test.cpp - time rotation with an injected
// clock: the first rollover from the file's mtime, Python's dated names,
// deleting beyond backup_count, midnight with at_time.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>

#include <filesystem>

#include "core_test_util.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"

namespace picolog::test {
namespace {

Record make(std::string_view message) {
    Record r;
    r.level = INFO;
    r.message = message;
    return r;
}

struct FakeClock {
    int64_t seconds = 0;
    static int64_t now(void* self) { return static_cast<FakeClock*>(self)->seconds * 1000000000; }
    RotationHooks hooks() {
        RotationHooks h;
        h.now_ns = &FakeClock::now;
        h.userdata = this;
        return h;
    }
};

std::vector<std::string> names_in(const TempDir& dir) {
    std::vector<std::string> names;
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::path(dir.file("")).parent_path()))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

constexpr int64_t kT0 = 1700000000;  // 2023-11-14 22:13:20 UTC

TEST(TimedRotatingFileHandler, ANewFileStartsFromTheClock) {
    TempDir dir;
    std::string path = dir.file("t.log");
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Seconds;
    o.interval = 10;
    o.utc = true;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    // No file before: the (injected) clock starts the interval, as in Python.
    EXPECT_EQ(h->rollover_at(), kT0 + 10);
}

TEST(TimedRotatingFileHandler, FirstRolloverFromMtimeThenDatedFiles) {
    TempDir dir;
    std::string path = dir.file("t.log");
    { std::ofstream(path) << "old\n"; }
    utimbuf times{kT0, kT0};
    ASSERT_EQ(::utime(path.c_str(), &times), 0);
    FakeClock clock{kT0 + 5};
    TimeRotationOptions o;
    o.when = RotateWhen::Seconds;
    o.interval = 10;
    o.utc = true;
    o.backup_count = 2;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    EXPECT_EQ(h->rollover_at(), kT0 + 10);
    h->handle(make("a"));
    clock.seconds = kT0 + 10;
    h->handle(make("b"));  // rotates: the interval started at kT0
    EXPECT_EQ(read_file(path + ".2023-11-14_22-13-20"), "old\na\n");
    EXPECT_EQ(read_file(path), "b\n");
    EXPECT_EQ(h->rollover_at(), kT0 + 20);
    clock.seconds = kT0 + 35;  // two intervals skipped
    h->handle(make("c"));
    EXPECT_EQ(read_file(path + ".2023-11-14_22-13-30"), "b\n");
    EXPECT_EQ(h->rollover_at(), kT0 + 45);
    clock.seconds = kT0 + 45;
    h->handle(make("d"));
    // backup_count 2: the oldest dated file is deleted.
    std::vector<std::string> expected{"t.log", "t.log.2023-11-14_22-13-30", "t.log.2023-11-14_22-13-55"};
    EXPECT_EQ(names_in(dir), expected);
    EXPECT_EQ(h->stats().rotations, 3u);
}

TEST(TimedRotatingFileHandler, MidnightAtTimeInUtc) {
    TempDir dir;
    std::string path = dir.file("m.log");
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Midnight;
    o.utc = true;
    o.at_time_seconds = 23 * 3600;  // 23:00 UTC, 46 min 40 s after kT0
    { std::ofstream(path) << ""; }
    utimbuf times{kT0, kT0};
    ASSERT_EQ(::utime(path.c_str(), &times), 0);
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    EXPECT_EQ(h->rollover_at(), kT0 + 46 * 60 + 40);
}

TEST(TimedRotatingFileHandler, WeeklyWaitsForTheDay) {
    TempDir dir;
    std::string path = dir.file("w.log");
    { std::ofstream(path) << ""; }
    utimbuf times{kT0, kT0};  // a Tuesday
    ASSERT_EQ(::utime(path.c_str(), &times), 0);
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Weekday;
    o.weekday = 4;  // Friday
    o.utc = true;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    // Python's arithmetic: the next midnight (Wednesday 00:00) plus the days
    // from Tuesday to Friday, so the rollover ends Friday.
    int64_t wednesday = kT0 - (22 * 3600 + 13 * 60 + 20) + 86400;
    EXPECT_EQ(h->rollover_at(), wednesday + 3 * 86400);
}

// Python 3.13's rule: a file last written at the rotation time itself is
// not rotated at once but at the next rotation time; one second earlier it is.
TEST(TimedRotatingFileHandler, MtimeAtTheRotationTimeWaitsForTheNextOne) {
    TempDir dir;
    std::string path = dir.file("b.log");
    TimeRotationOptions o;
    o.when = RotateWhen::Midnight;
    o.utc = true;
    o.at_time_seconds = 22 * 3600 + 13 * 60 + 20;  // kT0's time of day
    { std::ofstream(path) << "old\n"; }
    utimbuf times{kT0, kT0};
    ASSERT_EQ(::utime(path.c_str(), &times), 0);
    FakeClock clock{kT0};
    auto at = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    EXPECT_EQ(at->rollover_at(), kT0 + 86400);
    at->handle(make("same day"));
    at->close();
    EXPECT_EQ(read_file(path), "old\nsame day\n");

    times = {kT0 - 1, kT0 - 1};
    ASSERT_EQ(::utime(path.c_str(), &times), 0);
    auto before = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    EXPECT_EQ(before->rollover_at(), kT0);
    before->handle(make("new day"));
    before->close();
    EXPECT_EQ(read_file(path + ".2023-11-13"), "old\nsame day\n");
    EXPECT_EQ(read_file(path), "new day\n");
    EXPECT_EQ(before->rollover_at(), kT0 + 86400);
}

// Python 3.13: with an interval of several days the first rotation time is
// the next midnight plus the remaining days, not the next midnight.
TEST(TimedRotatingFileHandler, MidnightIntervalCountsFromTheFirstMidnight) {
    TempDir dir;
    std::string path = dir.file("i.log");
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Midnight;
    o.interval = 3;
    o.utc = true;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    int64_t next_midnight = kT0 - (22 * 3600 + 13 * 60 + 20) + 86400;
    EXPECT_EQ(h->rollover_at(), next_midnight + 2 * 86400);
}

// Python 3.13: a dated file that already exists is never replaced; the
// records go on in the current file until the next rotation time.
TEST(TimedRotatingFileHandler, AnExistingDatedFileIsKept) {
    TempDir dir;
    std::string path = dir.file("k.log");
    { std::ofstream(path + ".2023-11-14_22-13-20") << "kept\n"; }
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Seconds;
    o.interval = 10;
    o.utc = true;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    h->handle(make("a"));
    clock.seconds = kT0 + 10;
    h->handle(make("b"));
    EXPECT_EQ(read_file(path + ".2023-11-14_22-13-20"), "kept\n");
    EXPECT_EQ(read_file(path), "a\nb\n");
    EXPECT_EQ(h->rollover_at(), kT0 + 20);
    EXPECT_EQ(h->stats().rotations, 0u);
}

TEST(TimedRotatingFileHandler, OnlyItsOwnDatedFilesAreDeleted) {
    TempDir dir;
    std::string path = dir.file("t.log");
    // Files of handlers writing t.log.json and t.logger, and a copy: each
    // holds a date of the same shape, none is a file of t.log's.
    const std::vector<std::string> others{"t.log.2023-11-14_22-13-00.bak", "t.log.json.2023-11-14_22-13-00",
                                          "t.logger.2023-11-14_22-13-00"};
    for (const auto& name : others) std::ofstream(dir.file(name)) << "other\n";
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Seconds;
    o.interval = 10;
    o.utc = true;
    o.backup_count = 1;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    h->handle(make("a"));
    clock.seconds = kT0 + 10;
    h->handle(make("b"));
    EXPECT_EQ(read_file(path + ".2023-11-14_22-13-20"), "a\n");
    clock.seconds = kT0 + 20;
    h->handle(make("c"));
    std::vector<std::string> expected{"t.log", "t.log.2023-11-14_22-13-30"};
    expected.insert(expected.end(), others.begin(), others.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(names_in(dir), expected);
    for (const auto& name : others) EXPECT_EQ(read_file(dir.file(name)), "other\n") << name;
}

TEST(TimedRotatingFileHandler, RejectsBadOptions) {
    TempDir dir;
    TimeRotationOptions o;
    o.interval = 0;
    EXPECT_THROW(Ref<TimedRotatingFileHandler>::make(dir.file("x.log"), o), Error);
    o.interval = 1;
    o.when = RotateWhen::Weekday;
    o.weekday = 7;
    EXPECT_THROW(Ref<TimedRotatingFileHandler>::make(dir.file("x.log"), o), Error);
}

}  // namespace
}  // namespace picolog::test
