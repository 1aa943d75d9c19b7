// file_handler_test.cpp - the file handler: append, truncate, delay, open
// errors, the buffered policy, write failures, and which file handlers'
// lock waiters spin.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <latch>
#include <thread>

#include "core_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"
#include "picolog/level.hpp"
#include "picolog/rotating.hpp"

namespace picolog::test {
namespace {

Record make(int level, std::string_view message) {
    Record r;
    r.level = level;
    r.message = message;
    return r;
}

bool exists(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

TEST(FileHandler, WritesEachRecordAtOnce) {
    TempDir dir;
    std::string path = dir.file("a.log");
    auto h = Ref<FileHandler>::make(path);
    EXPECT_EQ(h->path(), path);
    h->handle(make(INFO, "one"));
    EXPECT_EQ(read_file(path), "one\n");  // no flush needed
    h->handle(make(INFO, "two"));
    EXPECT_EQ(read_file(path), "one\ntwo\n");
}

TEST(FileHandler, AppendsOrTruncates) {
    TempDir dir;
    std::string path = dir.file("b.log");
    Ref<FileHandler>::make(path)->handle(make(INFO, "first"));
    Ref<FileHandler>::make(path)->handle(make(INFO, "second"));
    EXPECT_EQ(read_file(path), "first\nsecond\n");
    FileOptions truncate;
    truncate.truncate = true;
    Ref<FileHandler>::make(path, truncate)->handle(make(INFO, "third"));
    EXPECT_EQ(read_file(path), "third\n");
}

TEST(FileHandler, ModeOfANewFile) {
    TempDir dir;
    std::string path = dir.file("mode.log");
    mode_t old_mask = ::umask(0);
    FileOptions options;
    options.mode = 0600;
    Ref<FileHandler>::make(path, options);
    ::umask(old_mask);
    struct stat st;
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(FileHandler, DelayOpensOnTheFirstRecord) {
    TempDir dir;
    std::string path = dir.file("delayed.log");
    FileOptions options;
    options.delay = true;
    auto h = Ref<FileHandler>::make(path, options);
    EXPECT_FALSE(exists(path));
    h->handle(make(INFO, "now"));
    EXPECT_EQ(read_file(path), "now\n");
}

TEST(FileHandler, OpenFailureNamesThePath) {
    TempDir dir;
    std::string path = dir.file("missing/dir/x.log");
    try {
        FileHandler h(path);
        FAIL() << "opened " << path;
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kIoError);
        EXPECT_EQ(std::string(e.what()), "cannot open " + path + ": No such file or directory");
    }
}

TEST(FileHandler, DelayedOpenFailureIsReported) {
    ErrorCapture errors;
    TempDir dir;
    std::string path = dir.file("nodir/x.log");
    FileOptions options;
    options.delay = true;
    auto h = Ref<FileHandler>::make(path, options);
    EXPECT_EQ(h->handle(make(ERROR, "lost")), kOk);
    EXPECT_EQ(h->failures(), 1u);
    ASSERT_EQ(errors.messages().size(), 1u);
    EXPECT_EQ(errors.messages()[0],
              "picolog: FileHandler(" + path + "): cannot open " + path + ": No such file or directory");
}

TEST(FileHandler, BadOptions) {
    TempDir dir;
    auto status = [&](const std::string& path, FileOptions o) {
        try {
            FileHandler h(path, o);
            return kOk;
        } catch (const Error& e) {
            return e.code();
        }
    };
    FileOptions ok;
    EXPECT_EQ(status("", ok), kInvalid);
    EXPECT_EQ(status(std::string("a\0b", 3), ok), kInvalid);
    FileOptions bad_mode;
    bad_mode.mode = 010000;
    EXPECT_EQ(status(dir.file("m"), bad_mode), kInvalid);
    FileOptions bad_buffer;
    bad_buffer.flush_policy = FlushPolicy::Buffered;
    bad_buffer.buffer_size = 0;
    EXPECT_EQ(status(dir.file("b"), bad_buffer), kInvalid);
    FileOptions bad_level;
    bad_level.flush_level = -1;
    EXPECT_EQ(status(dir.file("l"), bad_level), kInvalid);
    FileOptions bad_policy;
    bad_policy.flush_policy = static_cast<FlushPolicy>(9);
    EXPECT_EQ(status(dir.file("p"), bad_policy), kInvalid);
}

FileOptions buffered(size_t size = 4096) {
    FileOptions o;
    o.flush_policy = FlushPolicy::Buffered;
    o.flush_level = ERROR;
    o.flush_interval_ms = 0;
    o.buffer_size = size;
    return o;
}

TEST(FileHandler, BufferedWaitsForTheFlushLevel) {
    TempDir dir;
    std::string path = dir.file("buf.log");
    auto h = Ref<FileHandler>::make(path, buffered());
    h->handle(make(INFO, "a"));
    h->handle(make(WARNING, "b"));
    EXPECT_EQ(read_file(path), "");
    h->handle(make(ERROR, "c"));
    EXPECT_EQ(read_file(path), "a\nb\nc\n");
}

TEST(FileHandler, BufferedExplicitFlushAndClose) {
    TempDir dir;
    std::string path = dir.file("buf2.log");
    auto h = Ref<FileHandler>::make(path, buffered());
    h->handle(make(INFO, "a"));
    EXPECT_EQ(h->flush(), kOk);
    EXPECT_EQ(read_file(path), "a\n");
    h->handle(make(INFO, "b"));
    EXPECT_EQ(h->close(), kOk);
    EXPECT_EQ(read_file(path), "a\nb\n");
}

TEST(FileHandler, BufferedWritesOnLastRelease) {
    TempDir dir;
    std::string path = dir.file("buf3.log");
    {
        auto h = Ref<FileHandler>::make(path, buffered());
        h->handle(make(INFO, "kept"));
    }
    EXPECT_EQ(read_file(path), "kept\n");
}

TEST(FileHandler, BufferedWritesWholeRecordsWhenFull) {
    TempDir dir;
    std::string path = dir.file("buf4.log");
    auto h = Ref<FileHandler>::make(path, buffered(10));
    h->handle(make(INFO, "1234"));  // 5 bytes buffered
    h->handle(make(INFO, "5678"));  // 10: full, written
    EXPECT_EQ(read_file(path), "1234\n5678\n");
    h->handle(make(INFO, "abc"));     // 4 buffered
    h->handle(make(INFO, "defghi"));  // would overflow: the first goes out alone
    EXPECT_EQ(read_file(path), "1234\n5678\nabc\n");
    h->handle(make(INFO, std::string(25, 'x')));  // bigger than the buffer
    EXPECT_EQ(read_file(path), "1234\n5678\nabc\ndefghi\n" + std::string(25, 'x') + "\n");
}

TEST(FileHandler, BufferedIntervalZeroMeansNever) {
    TempDir dir;
    std::string path = dir.file("buf5.log");
    FileOptions o = buffered();
    o.flush_interval_ms = 0;
    auto h = Ref<FileHandler>::make(path, o);
    for (int i = 0; i < 100; ++i) h->handle(make(INFO, "x"));
    EXPECT_EQ(read_file(path), "");
}

TEST(FileHandler, DevFullCountsAndReportsOnce) {
    ErrorCapture errors;
    auto h = Ref<FileHandler>::make("/dev/full");
    for (int i = 0; i < 3; ++i) EXPECT_EQ(h->handle(make(ERROR, "x")), kOk);
    EXPECT_EQ(h->failures(), 3u);
    ASSERT_EQ(errors.messages().size(), 1u);
    EXPECT_EQ(errors.messages()[0], "picolog: FileHandler(/dev/full): write failed: No space left on device");
}

TEST(FileHandler, BufferedDevFullFailsOnFlush) {
    ErrorCapture errors;
    auto h = Ref<FileHandler>::make("/dev/full", buffered());
    h->handle(make(INFO, "x"));
    EXPECT_EQ(h->failures(), 0u);
    EXPECT_EQ(h->flush(), kIoError);
    EXPECT_EQ(h->failures(), 1u);
    EXPECT_EQ(h->flush(), kOk);  // the lost bytes are not retried
    EXPECT_EQ(errors.messages().size(), 1u);
}

TEST(FileHandler, EveryBufferedFileHandlerCountsTheRecordAFailedWriteLost) {
    // Two records fill most of the buffer; the third does not fit, so the
    // buffer is written first, fails, and the third is lost with them.
    const FileOptions options = buffered(10);
    std::vector<Ref<Handler>> handlers{
        Ref<FileHandler>::make("/dev/full", options), Ref<WatchedFileHandler>::make("/dev/full", options),
        Ref<RotatingFileHandler>::make("/dev/full", SizeRotationOptions{}, options),
        Ref<TimedRotatingFileHandler>::make("/dev/full", TimeRotationOptions{}, options)};
    ErrorCapture errors;
    for (size_t i = 0; i < handlers.size(); ++i) {
        SCOPED_TRACE("handler " + std::to_string(i));
        for (const char* m : {"aaa", "bbb", "ccc"}) handlers[i]->handle(make(INFO, m));
        EXPECT_EQ(handlers[i]->failures(), 3u);
        EXPECT_EQ(handlers[i]->flush(), kOk);  // nothing left to write
        EXPECT_EQ(handlers[i]->failures(), 3u);
    }
}

TEST(FileHandler, ABufferedFileTakesARecordWithoutWaitingOnlyWhileItsLockIsFree) {
    TempDir dir;
    std::string path = dir.file("w.log");
    FileOptions options;
    options.flush_policy = FlushPolicy::Buffered;
    options.flush_level = CRITICAL;
    options.flush_interval_ms = 0;
    auto h = Ref<FileHandler>::make(path, options);
    EXPECT_TRUE(h->takes_without_waiting());
    Record held = make(INFO, "while held");
    {
        // Another thread holds the lock, as one writing with it would.
        std::latch locked(1), done(1);
        std::thread holder([&] {
            auto lock = h->lock();
            locked.count_down();
            done.wait();
        });
        locked.wait();
        EXPECT_EQ(h->handle_without_waiting(held), Handler::kNotTaken);
        done.count_down();
        holder.join();
    }
    Record free = make(INFO, "free");
    EXPECT_EQ(h->handle_without_waiting(free), kOk);
    EXPECT_EQ(read_file(path), "");
    EXPECT_EQ(h->flush(), kOk);
    EXPECT_EQ(read_file(path), "free\n");
    EXPECT_FALSE(Ref<FileHandler>::make(dir.file("every.log"))->takes_without_waiting());
}

// A waiter spins before it sleeps where the lock is held for a write per
// record, and only there (handler_mutex.hpp).
TEST(FileHandler, LockWaitersSpinOnlyWhereEveryRecordIsWritten) {
    TempDir dir;
    FileOptions every;
    FileOptions buffered;
    buffered.flush_policy = FlushPolicy::Buffered;
    EXPECT_TRUE(Ref<FileHandler>::make(dir.file("a.log"), every)->waiters_spin());
    EXPECT_FALSE(Ref<FileHandler>::make(dir.file("b.log"), buffered)->waiters_spin());
    EXPECT_TRUE(Ref<WatchedFileHandler>::make(dir.file("c.log"), every)->waiters_spin());
    EXPECT_FALSE(Ref<WatchedFileHandler>::make(dir.file("d.log"), buffered)->waiters_spin());
    SizeRotationOptions size;
    size.max_bytes = 1024;
    EXPECT_TRUE(Ref<RotatingFileHandler>::make(dir.file("e.log"), size, every)->waiters_spin());
    EXPECT_FALSE(Ref<RotatingFileHandler>::make(dir.file("f.log"), size, buffered)->waiters_spin());
    TimeRotationOptions time;
    EXPECT_TRUE(Ref<TimedRotatingFileHandler>::make(dir.file("g.log"), time, every)->waiters_spin());
    EXPECT_FALSE(Ref<TimedRotatingFileHandler>::make(dir.file("h.log"), time, buffered)->waiters_spin());
    EXPECT_FALSE(Ref<NullHandler>::make()->waiters_spin());
}

}  // namespace
}  // namespace picolog::test
