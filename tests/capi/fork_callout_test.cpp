// fork_callout_test.cpp - fork() while other threads are inside handler
// callbacks that wait for something the forking thread holds (the way a
// Python handler waits for the GIL that os.fork() keeps), or that log into
// another handler (A's emit logs into B while the fork prepares B first).
// The prepare step must not wait for such a thread; a watchdog turns a hang
// into an abort.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"
#include "sanitizers.hpp"
#include "watchdog.hpp"

#if defined(PICOLOG_TEST_TSAN)
// The children of the queue's fork start a thread (the queue's new
// listener), which ThreadSanitizer refuses by default after a fork.
extern "C" __attribute__((visibility("default"))) const char* __tsan_default_options() {
    return "die_after_fork=0";
}
#endif

namespace {

using capi_test::test_logger;

#if defined(PICOLOG_TEST_TSAN)
// ThreadSanitizer's runtime (GCC 12) does not hold its own allocator across
// fork(), so each multithreaded fork risks a child stuck inside it; fewer
// forks still race prepare against the loggers on every fork.
constexpr int kForks = 40;
#else
constexpr int kForks = 300;
#endif

// The child leaves without running anything: under ThreadSanitizer, _exit()
// would first run the sanitizer's own finalisation in a child of a
// multithreaded process.
[[noreturn]] void leave_child() {
    ::syscall(SYS_exit_group, 0);
    __builtin_unreachable();
}

// The forking thread holds it across fork(), as os.fork() holds the GIL.
std::mutex g_forker_lock;

int emit_taking_forker_lock(const picolog_record*, const char*, size_t, void* userdata) {
    std::lock_guard lock(g_forker_lock);
    static_cast<std::atomic<uint64_t>*>(userdata)->fetch_add(1, std::memory_order_relaxed);
    return 0;
}

picolog_handler* callback_handler(picolog_emit_fn emit, void* userdata) {
    picolog_callback_handler_options o = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    o.emit = emit;
    o.userdata = userdata;
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_callback_handler_new(&h, &o), PICOLOG_OK) << picolog_last_error();
    return h;
}

// Forks kForks times with g_forker_lock held; every child exits at once.
void fork_repeatedly() {
    for (int i = 0; i < kForks; ++i) {
        pid_t pid;
        {
            std::lock_guard lock(g_forker_lock);
            pid = ::fork();
        }
        ASSERT_GE(pid, 0);
        if (pid == 0) leave_child();
        int status = 0;
        ASSERT_EQ(::waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "fork " << i;
    }
}

// Logs into each logger until stopped.
std::thread spinning_logger(picolog_logger* logger, std::atomic<bool>& stop) {
    return std::thread([logger, &stop] {
        while (!stop.load(std::memory_order_relaxed)) picolog_log(logger, PICOLOG_WARNING, "spin");
    });
}

TEST(ForkCallout, HandlerWaitingForTheForkersLock) {
    test_support::Watchdog watchdog("fork with a handler waiting for the forker's lock",
                                    std::chrono::seconds(60));
    std::atomic<uint64_t> seen{0};
    picolog_handler* h = callback_handler(emit_taking_forker_lock, &seen);
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, h), PICOLOG_OK);
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) threads.push_back(spinning_logger(logger, stop));
    fork_repeatedly();
    stop = true;
    for (auto& t : threads) t.join();
    EXPECT_GT(seen.load(), 0u);
    picolog_logger_remove_handler(logger, h);
    picolog_handler_release(h);
}

TEST(ForkCallout, ListenerWaitingForTheForkersLock) {
    test_support::Watchdog watchdog("fork with a queue listener waiting for the forker's lock",
                                    std::chrono::seconds(60));
    std::atomic<uint64_t> seen{0};
    picolog_handler* inner = callback_handler(emit_taking_forker_lock, &seen);
    picolog_queue_options o = PICOLOG_QUEUE_OPTIONS_INIT;
    o.capacity = 64;
    picolog_handler* queue = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&queue, &o, &inner, 1), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, queue), PICOLOG_OK);
    std::atomic<bool> stop{false};
    std::thread t = spinning_logger(logger, stop);
    fork_repeatedly();
    stop = true;
    t.join();
    ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);
    picolog_queue_stats stats{};
    ASSERT_EQ(picolog_queue_handler_stats(queue, &stats, sizeof stats), PICOLOG_OK);
    EXPECT_EQ(stats.emitted, stats.enqueued);
    EXPECT_EQ(seen.load(), stats.emitted);
    picolog_logger_remove_handler(logger, queue);
    picolog_handler_release(queue);
    picolog_handler_release(inner);
}

struct Nested {
    picolog_logger* into = nullptr;  // A's emit logs here, where B is attached
    std::atomic<uint64_t> seen{0};
};

int emit_logging_into_b(const picolog_record*, const char* line, size_t len, void* userdata) {
    auto* n = static_cast<Nested*>(userdata);
    picolog_log_len(n->into, PICOLOG_WARNING, line, len);
    return 0;
}

int emit_count(const picolog_record*, const char*, size_t, void* userdata) {
    static_cast<Nested*>(userdata)->seen.fetch_add(1, std::memory_order_relaxed);
    return 0;
}

TEST(ForkCallout, HandlerLoggingIntoAHandlerPreparedBeforeIt) {
    test_support::Watchdog watchdog("fork with handler A logging into handler B", std::chrono::seconds(60));
    Nested n;
    // B exists before A, so the fork prepares (locks) B first, while a
    // thread inside A's emit waits for B.
    picolog_handler* b = callback_handler(emit_count, &n);
    picolog_handler* a = callback_handler(emit_logging_into_b, &n);
    n.into = test_logger("b");
    picolog_logger* logger = test_logger("a");
    ASSERT_EQ(picolog_logger_add_handler(n.into, b), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_handler(logger, a), PICOLOG_OK);
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    threads.push_back(spinning_logger(logger, stop));
    threads.push_back(spinning_logger(n.into, stop));
    fork_repeatedly();
    stop = true;
    for (auto& t : threads) t.join();
    EXPECT_GT(n.seen.load(), 0u);
    picolog_logger_remove_handler(logger, a);
    picolog_logger_remove_handler(n.into, b);
    picolog_handler_release(a);
    picolog_handler_release(b);
}

}  // namespace
