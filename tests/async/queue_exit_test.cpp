// queue_exit_test.cpp - what a queue writes when the process exits: every
// record accepted before exit() reaches its file (the runtime's exit hook
// closes the queue), also when a handler of the queue calls exit() on the
// listener thread, behind another queue that feeds it, and while that
// queue's listener waits for room in it (also when the exit hook flushes
// the queues first, for a memory handler, and when a memory handler passes
// its records at exit into a full queue that waits for the exiting one).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"
#include "picolog/memory.hpp"
#include "picolog/reentry.hpp"

namespace {

using namespace async_test;

TEST(QueueProcess, EveryRecordAcceptedBeforeExitIsWritten) {
    TempDir dir;
    const std::string path = dir.file("exit.log");
    constexpr int kRecords = 100000;
    // Forked while this process has no other thread (no watchdog thread
    // here), so the child is an ordinary process even for ThreadSanitizer.
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        alarm(120);  // the deadlock detector: a hung child is killed
        QueueOptions o;
        o.capacity = 1024;
        auto q = make_queue(o, {truncated_file(path)});
        int failures = 0;
        for (int i = 0; i < kRecords; ++i) {
            std::string m = "line " + std::to_string(i);
            if (q->handle(make_record(m)) != kOk) ++failures;
        }
        // No flush, no close: the runtime's exit hook must drain the queue.
        std::exit(failures == 0 ? 0 : 3);
    }
    ASSERT_EQ(wait_for(pid), 0);
    std::vector<std::string> lines = read_lines(path);
    ASSERT_EQ(lines.size(), static_cast<size_t>(kRecords));
    for (int i = 0; i < kRecords; ++i) {
        if (lines[i] != "line " + std::to_string(i)) {
            ADD_FAILURE() << "line " << i << " is \"" << lines[i] << "\"";
            break;
        }
    }
}

// A handler that ends the program on a fatal record: the listener thread
// never returns to its loop, so it writes what the queue still holds and
// closes the queue's handlers itself. This one calls exit() on the record
// "exit", once every record is queued, from user code as a callback
// handler runs it (a callout).
class ExitingHandler final : public Handler {
public:
    std::atomic<bool> all_queued{false};

protected:
    int emit(const Record& record, std::string_view) override {
        if (record.message != "exit") return kOk;
        reentry::Callout callout;
        all_queued.wait(false);
        std::exit(0);
    }
};

constexpr int kEachSide = 1000;

// In a child: "before" records, "exit", "after" records into `front`, then
// the listener holding `exiting` ends the process.
[[noreturn]] void log_around_exit(QueueHandler& front, ExitingHandler& exiting) {
    int failures = 0;
    for (int i = 0; i < kEachSide; ++i)
        if (front.handle(make_record("before " + std::to_string(i))) != kOk) ++failures;
    if (front.handle(make_record("exit")) != kOk) ++failures;
    for (int i = 0; i < kEachSide; ++i)
        if (front.handle(make_record("after " + std::to_string(i))) != kOk) ++failures;
    if (failures != 0) _exit(3);
    exiting.all_queued.store(true);
    exiting.all_queued.notify_all();
    for (;;) pause();
}

std::vector<std::string> lines_around_exit() {
    std::vector<std::string> lines;
    for (int i = 0; i < kEachSide; ++i) lines.push_back("before " + std::to_string(i));
    lines.push_back("exit");
    for (int i = 0; i < kEachSide; ++i) lines.push_back("after " + std::to_string(i));
    return lines;
}

// Forks a child whose queues make_front(path, exiting) builds, with the
// exiting handler on the last listener: every record the front queue
// accepted around the exit must be in the file at `path`, in order. With
// `passed_at_exit` (records a memory handler passes on at exit), the file
// holds those too, each once, in any order.
template <class MakeFront>
void expect_every_record_written_at_exit(MakeFront make_front, std::vector<std::string> passed_at_exit = {}) {
    TempDir dir;
    const std::string path = dir.file("exit.log");
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        alarm(60);  // the deadlock detector: a hung child is killed
        auto exiting = Ref<ExitingHandler>::make();
        auto front = make_front(path, exiting);
        log_around_exit(*front, *exiting);
    }
    ASSERT_EQ(wait_for(pid), 0);
    std::vector<std::string> lines = read_lines(path);
    std::vector<std::string> expected = lines_around_exit();
    if (!passed_at_exit.empty()) {
        expected.insert(expected.end(), passed_at_exit.begin(), passed_at_exit.end());
        std::sort(expected.begin(), expected.end());
        std::sort(lines.begin(), lines.end());
    }
    EXPECT_EQ(lines, expected);
}

TEST(QueueProcess, AHandlerCallingExitOnTheListenerThreadLeavesNoAcceptedRecordUnwritten) {
#if defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the child starts threads after a fork of a multi-threaded process";
#endif
    expect_every_record_written_at_exit([](const std::string& path, const Ref<ExitingHandler>& exiting) {
        FileOptions fo;
        fo.truncate = true;
        fo.flush_policy = FlushPolicy::Buffered;
        fo.flush_interval_ms = 0;
        return make_queue(QueueOptions{}, {Ref<FileHandler>::make(path, fo), exiting});
    });
}

// The same with a queue in front of that one: closing the front queue
// drains it into the exiting listener's queue, which that listener then
// drains in place, instead of the two waiting for each other.
TEST(QueueProcess, AHandlerCallingExitBehindAnotherQueueLeavesNoAcceptedRecordUnwritten) {
#if defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the child starts threads after a fork of a multi-threaded process";
#endif
    expect_every_record_written_at_exit([](const std::string& path, const Ref<ExitingHandler>& exiting) {
        auto back = make_queue(QueueOptions{}, {truncated_file(path), exiting});
        return make_queue(QueueOptions{}, {back});
    });
}

// The same with the exiting listener's queue full, under the policy that
// blocks: the front queue's listener waits for room there when the exit
// hook closes the front queue, so the exiting listener drains its own queue
// while it waits for that listener to finish, instead of the two waiting
// for each other.
Ref<QueueHandler> in_front_of_a_full_blocking_queue(const std::string& path,
                                                    const Ref<ExitingHandler>& exiting) {
    QueueOptions back_options;
    back_options.capacity = 4;
    back_options.overflow = Overflow::Block;
    auto back = make_queue(back_options, {truncated_file(path), exiting});
    return make_queue(QueueOptions{}, {back});
}

TEST(QueueProcess, AHandlerCallingExitBehindAFullBlockingQueueLeavesNoAcceptedRecordUnwritten) {
#if defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the child starts threads after a fork of a multi-threaded process";
#endif
    expect_every_record_written_at_exit(in_front_of_a_full_blocking_queue);
}

// The same with a memory handler holding a record: the exit hook flushes
// the queues before the memory handlers pass their records on, and the
// flush of the front queue waits for its listener as the close does.
TEST(QueueProcess,
     AHandlerCallingExitBehindAFullBlockingQueueWithAMemoryHandlerLeavesNoAcceptedRecordUnwritten) {
#if defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the child starts threads after a fork of a multi-threaded process";
#endif
    Ref<MemoryHandler> memory;
    expect_every_record_written_at_exit(
        [&memory](const std::string& path, const Ref<ExitingHandler>& exiting) {
            memory = Ref<MemoryHandler>::make(100, CRITICAL, Ref<NullHandler>::make(), true);
            memory->handle(make_record("held"));
            return in_front_of_a_full_blocking_queue(path, exiting);
        });
}

// The exiting listener as a producer: at exit a memory handler passes more
// records than a lane holds to a queue under the policy that blocks, whose
// listener waits for room in the exiting listener's full queue. The
// exiting thread drains its own queue while it waits for room, instead of
// the two waiting for each other.
void expect_held_records_written_at_exit(Overflow front_overflow) {
    constexpr size_t kLane = 4096;  // the records logged around the exit fit one lane
    constexpr int kHeld = 5000;     // those passed at exit do not
    std::vector<std::string> held;
    for (int i = 0; i < kHeld; ++i) held.push_back("held " + std::to_string(i));
    Ref<MemoryHandler> memory;
    expect_every_record_written_at_exit(
        [&](const std::string& path, const Ref<ExitingHandler>& exiting) {
            QueueOptions back_options;
            back_options.capacity = 4;
            back_options.overflow = Overflow::Block;
            QueueOptions front_options;
            front_options.capacity = kLane;
            front_options.overflow = front_overflow;
            // Far beyond any wait the drained queue leaves, within the alarm.
            front_options.timeout = std::chrono::seconds(30);
            auto front =
                make_queue(front_options, {make_queue(back_options, {truncated_file(path), exiting})});
            memory = Ref<MemoryHandler>::make(2 * kHeld, CRITICAL, front, true);
            for (const std::string& m : held)
                if (memory->handle(make_record(m)) != kOk) _exit(4);
            return front;
        },
        held);
}

TEST(QueueProcess, AMemoryHandlerPassingRecordsAtExitIntoAFullBlockingQueueLeavesNoAcceptedRecordUnwritten) {
#if defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the child starts threads after a fork of a multi-threaded process";
#endif
    expect_held_records_written_at_exit(Overflow::Block);
}

// Under BlockTimeout the exiting thread's wait has a deadline: the room its
// own queue's draining makes comes long before it, so no record is dropped.
TEST(QueueProcess, AMemoryHandlerPassingRecordsAtExitIntoAFullTimedQueueDropsNone) {
#if defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the child starts threads after a fork of a multi-threaded process";
#endif
    expect_held_records_written_at_exit(Overflow::BlockTimeout);
}

}  // namespace
