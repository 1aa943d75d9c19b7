// retention_test.cpp - what happens to rotated files off the logging
// thread: gzip (read back with zlib) and deletion by age, for time and size
// rotation, with an injected clock.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <utime.h>
#include <zlib.h>

#include "core_test_util.hpp"
#include "picolog/housekeeping.hpp"
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

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

std::string gunzip(const std::string& path) {
    gzFile in = ::gzopen(path.c_str(), "rb");
    if (!in) return "<cannot open>";
    std::string out;
    char buf[4096];
    for (int n; (n = ::gzread(in, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
    ::gzclose(in);
    return out;
}

void set_mtime(const std::string& path, int64_t t) {
    utimbuf times{static_cast<time_t>(t), static_cast<time_t>(t)};
    ASSERT_EQ(::utime(path.c_str(), &times), 0);
}

constexpr int64_t kT0 = 1700000000;  // 2023-11-14 22:13:20 UTC

TEST(Retention, TimeRotationGzipsEachRotatedFile) {
    TempDir dir;
    std::string path = dir.file("c.log");
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Seconds;
    o.interval = 10;
    o.utc = true;
    o.compress = true;
    o.backup_count = 2;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    for (int i = 0; i < 4; ++i) {
        h->handle(make("interval " + std::to_string(i)));
        clock.seconds += 10;
    }
    h->handle(make("last"));
    housekeeping::drain();
    EXPECT_FALSE(exists(path + ".2023-11-14_22-13-20.gz"));  // beyond backup_count 2
    EXPECT_FALSE(exists(path + ".2023-11-14_22-13-40"));     // replaced by its .gz
    EXPECT_EQ(gunzip(path + ".2023-11-14_22-13-40.gz"), "interval 2\n");
    EXPECT_EQ(gunzip(path + ".2023-11-14_22-13-50.gz"), "interval 3\n");
    EXPECT_EQ(read_file(path), "last\n");
    EXPECT_EQ(h->stats().rotation_failures, 0u);
}

TEST(Retention, ADatedFileAlreadyGzippedIsKeptAsThePlainOneWouldBe) {
    TempDir dir;
    std::string path = dir.file("d.log");
    FakeClock clock{kT0};
    TimeRotationOptions o;
    o.when = RotateWhen::Midnight;
    o.utc = true;
    o.compress = true;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    h->handle(make("first"));
    ASSERT_EQ(h->rollover_now(), kOk);
    h->flush();  // waits for the gzip
    ASSERT_EQ(gunzip(path + ".2023-11-14.gz"), "first\n");
    // The same day again: its file exists, as a .gz, and is not replaced.
    h->handle(make("second"));
    ASSERT_EQ(h->rollover_now(), kOk);
    h->flush();
    EXPECT_EQ(gunzip(path + ".2023-11-14.gz"), "first\n");
    EXPECT_EQ(read_file(path), "second\n");
    EXPECT_EQ(h->stats().rotations, 1u);
}

TEST(Retention, OldRotatedFilesAreDeletedByAge) {
    TempDir dir;
    std::string path = dir.file("a.log");
    FakeClock clock{kT0};
    // Earlier rotated files: one 10 days old, one 2 days old.
    std::string old_file = path + ".2023-11-04_22-13-20";
    std::string recent_file = path + ".2023-11-12_22-13-20";
    { std::ofstream(old_file) << "old\n"; }
    { std::ofstream(recent_file) << "recent\n"; }
    set_mtime(old_file, kT0 - 10 * 86400);
    set_mtime(recent_file, kT0 - 2 * 86400);
    TimeRotationOptions o;
    o.when = RotateWhen::Seconds;
    o.utc = true;
    o.max_age_days = 7;
    auto h = Ref<TimedRotatingFileHandler>::make(path, o, FileOptions{}, clock.hooks());
    h->handle(make("a"));
    clock.seconds += 1;
    h->handle(make("b"));
    housekeeping::drain();
    EXPECT_FALSE(exists(old_file));
    EXPECT_TRUE(exists(recent_file));
    EXPECT_TRUE(exists(path + ".2023-11-14_22-13-20"));
}

// Size rotation of a line per file, five backups, deleted a day old.
SizeRotationOptions day_old_deleted(bool compress) {
    SizeRotationOptions size;
    size.max_bytes = 4;
    size.backup_count = 5;
    size.compress = compress;
    size.max_age_days = 1;
    return size;
}

TEST(Retention, SizeRotationDeletesByAgeToo) {
    TempDir dir;
    std::string path = dir.file("s.log");
    FakeClock clock{kT0};
    auto h = Ref<RotatingFileHandler>::make(path, day_old_deleted(false), FileOptions{}, clock.hooks());
    h->handle(make("one"));
    h->handle(make("two"));  // path.1 = one
    set_mtime(path + ".1", kT0 - 3 * 86400);
    h->handle(make("three"));  // path.2 = one (3 days old), path.1 = two
    housekeeping::drain();
    EXPECT_FALSE(exists(path + ".2"));
    EXPECT_EQ(read_file(path + ".1"), "two\n");
    EXPECT_EQ(read_file(path), "three\n");
}

TEST(Retention, AGzippedFileKeepsItsAgeAndIsDeletedByIt) {
    TempDir dir;
    std::string path = dir.file("g.log");
    FakeClock clock{kT0};
    auto h = Ref<RotatingFileHandler>::make(path, day_old_deleted(true), FileOptions{}, clock.hooks());
    h->handle(make("one"));
    h->handle(make("two"));  // path.1 = one
    h->flush();
    ASSERT_TRUE(exists(path + ".1.gz"));
    set_mtime(path + ".1.gz", kT0 - 3 * 86400);
    { std::ofstream(path + ".2") << "old\n"; }
    set_mtime(path + ".2", kT0 - 3 * 86400);
    h->handle(make("three"));  // path.3 = old, path.2.gz = one, path.1 = two
    h->flush();
    EXPECT_FALSE(exists(path + ".3"));
    EXPECT_FALSE(exists(path + ".3.gz"));
    EXPECT_FALSE(exists(path + ".2.gz"));
    EXPECT_EQ(gunzip(path + ".1.gz"), "two\n");
    { std::ofstream(path + ".4") << "kept\n"; }
    set_mtime(path + ".4", kT0 - 3600);
    struct stat plain, gz;
    ASSERT_EQ(::stat((path + ".4").c_str(), &plain), 0);
    h->handle(make("four"));  // path.5 = kept, path.2.gz = two, path.1 = three
    h->flush();
    ASSERT_EQ(::stat((path + ".5.gz").c_str(), &gz), 0);
    EXPECT_EQ(gz.st_mtime, plain.st_mtime);
    EXPECT_EQ(gunzip(path + ".5.gz"), "kept\n");
}

}  // namespace
}  // namespace picolog::test
