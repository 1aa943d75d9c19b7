// reopen_test.cpp - files moved by another program: the watched handler
// follows its path by itself; file and rotating handlers follow it after
// request_reopen() (picolog_reopen_files), and not before.
#include "picolog/reopen.hpp"

#include <gtest/gtest.h>
#include <stdio.h>
#include <unistd.h>

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

TEST(WatchedFileHandler, ReopensWhenThePathIsRenamedOrRemoved) {
    TempDir dir;
    std::string path = dir.file("w.log");
    auto h = Ref<WatchedFileHandler>::make(path);
    h->handle(make("one"));
    ASSERT_EQ(::rename(path.c_str(), (path + ".1").c_str()), 0);
    h->handle(make("two"));
    EXPECT_EQ(read_file(path + ".1"), "one\n");
    EXPECT_EQ(read_file(path), "two\n");
    ASSERT_EQ(::unlink(path.c_str()), 0);
    h->handle(make("three"));
    EXPECT_EQ(read_file(path), "three\n");
}

TEST(WatchedFileHandler, BufferedBytesStayWithTheirFile) {
    TempDir dir;
    std::string path = dir.file("wb.log");
    FileOptions options;
    options.flush_policy = FlushPolicy::Buffered;
    options.flush_interval_ms = 0;
    auto h = Ref<WatchedFileHandler>::make(path, options);
    h->handle(make("before"));
    ASSERT_EQ(::rename(path.c_str(), (path + ".1").c_str()), 0);
    h->handle(make("after"));
    h->flush();
    EXPECT_EQ(read_file(path + ".1"), "before\n");
    EXPECT_EQ(read_file(path), "after\n");
}

TEST(WatchedFileHandler, BufferedLinesTheOldFileRefusedAreCountedWithTheRecord) {
    TempDir dir;
    std::string path = dir.file("full.log");
    ASSERT_EQ(::symlink("/dev/full", path.c_str()), 0);
    FileOptions options;
    options.flush_policy = FlushPolicy::Buffered;
    options.flush_interval_ms = 0;
    auto h = Ref<WatchedFileHandler>::make(path, options);
    h->handle(make("one"));
    h->handle(make("two"));
    // The path now names a new file: reopening writes the buffer to the old
    // one first, which refuses it, and the record asking is not written.
    ASSERT_EQ(::unlink(path.c_str()), 0);
    ErrorCapture errors;
    h->handle(make("three"));
    EXPECT_EQ(h->failures(), 3u);
    ASSERT_EQ(errors.messages().size(), 1u);
    h->handle(make("four"));
    EXPECT_EQ(h->flush(), kOk);
    EXPECT_EQ(read_file(path), "four\n");
    EXPECT_EQ(h->failures(), 3u);
}

TEST(Reopen, AFileHandlerKeepsItsFileUntilAsked) {
    TempDir dir;
    std::string path = dir.file("f.log");
    auto h = Ref<FileHandler>::make(path);
    h->handle(make("one"));
    ASSERT_EQ(::rename(path.c_str(), (path + ".1").c_str()), 0);
    h->handle(make("two"));  // still the renamed file: nobody asked
    uint64_t before = reopen_generation();
    request_reopen();
    EXPECT_EQ(reopen_generation(), before + 1);
    h->handle(make("three"));
    EXPECT_EQ(read_file(path + ".1"), "one\ntwo\n");
    EXPECT_EQ(read_file(path), "three\n");
}

TEST(Reopen, ARotatingHandlerReopensAndCountsTheNewFile) {
    TempDir dir;
    std::string path = dir.file("r.log");
    SizeRotationOptions size;
    size.max_bytes = 12;
    size.backup_count = 1;
    auto h = Ref<RotatingFileHandler>::make(path, size);
    h->handle(make("aaaaaaaa"));  // 9 bytes
    ASSERT_EQ(::rename(path.c_str(), (path + ".moved").c_str()), 0);
    request_reopen();
    h->handle(make("bb"));  // the new file is empty: 0 + 3 < 12, no rotation
    EXPECT_EQ(read_file(path), "bb\n");
    EXPECT_EQ(h->stats().rotations, 0u);
}

}  // namespace
}  // namespace picolog::test
