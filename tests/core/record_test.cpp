// record_test.cpp - stamping: clocks, thread ids and names, process id.
#include "picolog/record.hpp"

#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <thread>

namespace picolog {
namespace {

TEST(Record, StampFillsWhatIsMissing) {
    Record r;
    int64_t before = now_ns();
    stamp(r);
    int64_t after = now_ns();
    EXPECT_GE(r.created_ns, before);
    EXPECT_LE(r.created_ns, after);
    EXPECT_EQ(r.thread_id, static_cast<uint64_t>(::syscall(SYS_gettid)));
    EXPECT_EQ(r.process_id, ::getpid());
    EXPECT_FALSE(r.thread_name.empty());
}

TEST(Record, StampKeepsWhatIsGiven) {
    Record r;
    r.created_ns = 5;
    r.thread_id = 6;
    r.thread_name = "given";
    r.process_id = 7;
    stamp(r);
    EXPECT_EQ(r.created_ns, 5);
    EXPECT_EQ(r.thread_id, 6u);
    EXPECT_EQ(r.thread_name, "given");
    EXPECT_EQ(r.process_id, 7);
}

TEST(Record, MainThreadIsCalledMainThread) {
    Record r;
    stamp(r);
    EXPECT_EQ(r.thread_name, "MainThread");
}

TEST(Record, OtherThreadsUseTheirOsName) {
    std::string name;
    uint64_t tid = 0;
    std::thread t([&] {
        ::pthread_setname_np(::pthread_self(), "db-worker");
        Record r;
        stamp(r);
        name = std::string(r.thread_name);
        tid = r.thread_id;
    });
    t.join();
    EXPECT_EQ(name, "db-worker");
    EXPECT_NE(tid, static_cast<uint64_t>(::syscall(SYS_gettid)));
}

TEST(Record, SetThreadNameOverridesAndClears) {
    std::string named, cleared;
    std::thread t([&] {
        ::pthread_setname_np(::pthread_self(), "os-name");
        set_thread_name("picolog-name");
        Record a;
        stamp(a);
        named = std::string(a.thread_name);
        set_thread_name("");
        Record b;
        stamp(b);
        cleared = std::string(b.thread_name);
    });
    t.join();
    EXPECT_EQ(named, "picolog-name");
    EXPECT_EQ(cleared, "os-name");
}

TEST(Record, StartTimeIsBeforeNow) {
    EXPECT_GT(start_time_ns(), 0);
    EXPECT_LE(start_time_ns(), now_ns());
}

TEST(Record, FindField) {
    Field fields[] = {{"a", "1"}, {"b", "2"}};
    Record r;
    r.fields = fields;
    ASSERT_NE(r.find_field("b"), nullptr);
    EXPECT_EQ(r.find_field("b")->value, "2");
    EXPECT_EQ(r.find_field("c"), nullptr);
}

}  // namespace
}  // namespace picolog
