// queue_process_test.cpp - a queue across fork(): fork() while other
// threads log leaves both processes logging, without deadlock or duplicated
// records, and a record queued by the route carries the id of the process
// that logged it. A child forked while another thread closes the queue has
// a closed queue whose flush returns; one forked while the listener is
// inside a handler has counters that add up. What exit() writes is in
// queue_exit_test.cpp.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "async_test_util.hpp"
#include "picolog/async/queue_listener.hpp"
#include "picolog/error.hpp"
#include "picolog/fork_gate.hpp"
#include "picolog/logger.hpp"
#include "picolog/logger_route.hpp"
#include "picolog/registry.hpp"

#if defined(PICOLOG_TEST_TSAN)
// The fork test's children start threads (their queue's new listener),
// which ThreadSanitizer refuses by default after a multi-threaded fork.
extern "C" __attribute__((visibility("default"))) const char* __tsan_default_options() {
    return "die_after_fork=0";
}
#endif

namespace {

using namespace async_test;

// The bytes appended to `path` from `offset` on, as lines.
std::vector<std::string> lines_from(const std::string& path, std::streamoff offset) {
    std::ifstream in(path);
    in.seekg(offset);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST(QueueProcess, ForkWhileOtherThreadsLog) {
    Watchdog watchdog("the fork test");
    TempDir dir;
    const std::string path = dir.file("fork.log");
    QueueOptions o;
    o.capacity = 256;
    auto q = make_queue(o, {truncated_file(path)});

    constexpr unsigned kLoggers = 2;
    constexpr int kForks = 50;
    std::atomic<bool> stop{false};
    std::vector<uint64_t> produced(kLoggers, 0);
    std::atomic<int> refused{0};
    std::vector<std::thread> loggers;
    for (unsigned p = 0; p < kLoggers; ++p) {
        loggers.emplace_back([&, p] {
            while (!stop.load(std::memory_order_relaxed)) {
                std::string m = tag(p, produced[p]);
                if (q->handle(make_record(m)) != kOk) ++refused;
                ++produced[p];
            }
        });
    }

    std::vector<int> child_status;
    for (int k = 0; k < kForks; ++k) {
        const std::string mine = "child " + std::to_string(k);
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            // Only this thread exists here; the queue has a new listener.
            std::error_code ec;
            auto offset = static_cast<std::streamoff>(std::filesystem::file_size(path, ec));
            int logged = q->handle(make_record(mine));
            int flushed = q->flush();
            bool found = false;
            for (const std::string& line : lines_from(path, offset)) found = found || line == mine;
            _exit(logged == kOk && flushed == kOk && found ? 0 : 1);
        }
        child_status.push_back(wait_for(pid));
        std::string m = "parent " + std::to_string(k);
        EXPECT_EQ(q->handle(make_record(m)), kOk);
    }
    stop = true;
    for (auto& t : loggers) t.join();
    ASSERT_EQ(q->flush(), kOk);

    for (int k = 0; k < kForks; ++k) EXPECT_EQ(child_status[k], 0) << "child " << k;
    EXPECT_EQ(refused.load(), 0);
    std::map<std::string, int> seen;
    std::vector<std::set<uint64_t>> seqs(kLoggers);
    uint64_t duplicates = 0;
    for (const std::string& line : read_lines(path)) {
        unsigned p;
        uint64_t seq;
        if (parse_tag(line, p, seq) && p < kLoggers) {
            if (!seqs[p].insert(seq).second) ++duplicates;
        } else {
            ++seen[line];
        }
    }
    EXPECT_EQ(duplicates, 0u) << "a child wrote records of the parent";
    for (unsigned p = 0; p < kLoggers; ++p) {
        EXPECT_EQ(seqs[p].size(), produced[p]) << "logger " << p;
        if (!seqs[p].empty()) {
            EXPECT_EQ(*seqs[p].rbegin(), produced[p] - 1);
        }
    }
    for (int k = 0; k < kForks; ++k) {
        EXPECT_EQ(seen["child " + std::to_string(k)], 1);
        EXPECT_EQ(seen["parent " + std::to_string(k)], 1);
    }
    EXPECT_EQ(seen.size(), static_cast<size_t>(2 * kForks));
}

// The process ids of the records it emits (read after the queue's flush).
class ProcessWitness final : public Handler {
public:
    std::vector<int64_t> seen;

protected:
    int emit(const Record& r, std::string_view) override {
        seen.push_back(r.process_id);
        return kOk;
    }
};

// A record queued by the route (picolog_log's way) does not carry its
// process id through the lane: the process reading it is the one that made
// it. In a forked child, whose lanes start empty, it is the child's.
TEST(QueueProcess, ARecordQueuedByTheRouteCarriesItsProcessId) {
    Watchdog watchdog("the process id test");
    Logger& logger = Registry::instance().get("queue_process_test.pid");
    logger.set_propagate(false);
    auto witness = Ref<ProcessWitness>::make();
    auto q = make_queue(QueueOptions{}, {witness});
    logger.set_handlers({q});

    ASSERT_EQ(logger.log_message(INFO, "parent, before"), kOk);
    ASSERT_EQ(q->flush(), kOk);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        witness->seen.clear();
        const int logged = logger.log_message(INFO, "child");
        const int flushed = q->flush();
        const bool own = witness->seen.size() == 1 && witness->seen[0] == static_cast<int64_t>(getpid());
        _exit(logged == kOk && flushed == kOk && own ? 0 : 1);
    }
    EXPECT_EQ(wait_for(pid), 0) << "the child's record did not carry the child's id";
    ASSERT_EQ(logger.log_message(INFO, "parent, after"), kOk);
    ASSERT_EQ(q->flush(), kOk);
    logger.clear_handlers();

    const std::vector<int64_t> expected(2, static_cast<int64_t>(getpid()));
    EXPECT_EQ(witness->seen, expected);
}

// One queue's listener writes into a second queue of one slot that blocks
// when full, so at a fork the first listener is often waiting for room in
// the second. Listeners are parked dependents first: the first finishes its
// batch while the second still drains, then the second parks.
TEST(QueueProcess, ForkWhileOneQueueFeedsAnotherBlockingQueue) {
    Watchdog watchdog("the chained-queue fork test", std::chrono::seconds(60));
    TempDir dir;
    const std::string path = dir.file("chain.log");
    QueueOptions inner_options;
    inner_options.capacity = 1;
    auto inner = make_queue(inner_options, {truncated_file(path)});
    QueueOptions outer_options;
    outer_options.capacity = 64;
    auto outer = make_queue(outer_options, {inner});

    std::atomic<bool> stop{false};
    uint64_t produced = 0;
    std::thread logger([&] {
        for (; !stop.load(std::memory_order_relaxed); ++produced) {
            std::string m = tag(0, produced);
            EXPECT_EQ(outer->handle(make_record(m)), kOk);
        }
    });
    for (int k = 0; k < 20; ++k) {
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            const bool ok = outer->handle(make_record("child")) == kOk && outer->flush() == kOk;
            _exit(ok ? 0 : 1);
        }
        EXPECT_EQ(wait_for(pid), 0) << "child " << k;
    }
    stop = true;
    logger.join();
    ASSERT_EQ(outer->flush(), kOk);
    uint64_t parent_lines = 0, child_lines = 0;
    for (const std::string& line : read_lines(path)) {
        unsigned p;
        uint64_t seq;
        if (parse_tag(line, p, seq)) ++parent_lines;
        if (line == "child") ++child_lines;
    }
    EXPECT_EQ(parent_lines, produced) << "every record of the parent, once";
    EXPECT_EQ(child_lines, 20u) << "each child's record, written by the child";
}

// Blocks every emit until open(), quiet meanwhile (as a Python handler
// waiting for the GIL is): a fork freezes the listener there rather than
// wait for it.
class QuietGateHandler final : public Handler {
public:
    void open() {
        std::lock_guard lock(m_);
        open_ = true;
        cv_.notify_all();
    }
    void wait_entered() {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return entered_; });
    }

protected:
    int emit(const Record&, std::string_view) override {
        fork_gate::Quiet quiet;
        std::unique_lock lock(m_);
        entered_ = true;
        cv_.notify_all();
        cv_.wait(lock, [&] { return open_; });
        return kOk;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool entered_ = false;
    bool open_ = false;
};

TEST(QueueProcess, AChildForkedWhileTheQueueClosesHasAClosedQueueThatFlushes) {
    auto gate = Ref<QuietGateHandler>::make();
    auto q = make_queue(QueueOptions{}, {gate});
    ASSERT_EQ(q->handle(make_record("held")), kOk);
    gate->wait_entered();
    // close() waits for the listener, held in the handler, to drain.
    std::thread closer([&] { EXPECT_EQ(q->close(), kOk); });
    while (!q->listener().channel().closed()) std::this_thread::yield();
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        alarm(60);  // the deadlock detector: a hung child is killed
        const bool ok = q->flush() == kOk && q->handle(make_record("late")) == kBadState;
        _exit(ok ? 0 : 1);
    }
    gate->open();
    closer.join();
    EXPECT_EQ(wait_for(pid), 0);
}

// The record the listener holds in a handler at the fork is the parent's,
// as the queued ones are: the child's counters add up without it.
TEST(QueueProcess, StatsAddUpInAChildForkedWhileTheListenerIsInAHandler) {
    auto gate = Ref<QuietGateHandler>::make();
    auto q = make_queue(QueueOptions{}, {gate});
    ASSERT_EQ(q->handle(make_record("held")), kOk);
    gate->wait_entered();
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        alarm(60);  // the deadlock detector: a hung child is killed
        const QueueStats s = q->stats();
        _exit(s.enqueued == s.emitted + s.dropped_oldest + s.queued ? 0 : 1);
    }
    EXPECT_EQ(wait_for(pid), 0);
    gate->open();
    ASSERT_EQ(q->flush(), kOk);
    const QueueStats s = q->stats();
    EXPECT_EQ(s.enqueued, 1u);
    EXPECT_EQ(s.emitted, 1u);
}

// Forks from its first emit, on the listener thread; the child, which
// carries on there as the listener, exits with whether the queue's counters
// add up.
class ForkingHandler final : public Handler {
public:
    QueueHandler* queue = nullptr;
    pid_t child = -1;  // read after a flush

protected:
    int emit(const Record&, std::string_view) override {
        if (child != -1) return kOk;
        child = fork();
        if (child == 0) {
            const QueueStats s = queue->stats();
            _exit(s.enqueued == s.emitted + s.dropped_oldest + s.queued && s.enqueued == 1 ? 0 : 1);
        }
        return kOk;
    }
};

TEST(QueueProcess, StatsAddUpInAChildForkedByAHandlerOfTheQueue) {
    auto forking = Ref<ForkingHandler>::make();
    auto q = make_queue(QueueOptions{}, {forking});
    forking->queue = q.get();
    ASSERT_EQ(q->handle(make_record("forks")), kOk);
    ASSERT_EQ(q->flush(), kOk);
    ASSERT_GT(forking->child, 0);
    EXPECT_EQ(wait_for(forking->child), 0);
}

}  // namespace
