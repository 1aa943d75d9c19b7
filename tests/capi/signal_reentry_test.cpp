// signal_reentry_test.cpp - log calls from a signal handler. One that
// interrupts a log call of its own thread (half-way through a push into the
// thread's lane, or with its hazard slot pinned) is refused with
// PICOLOG_EBUSY; one made where picolog's state is at rest (inside a
// callback) is logged. Never a hang, a lost or torn record.
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"
#include "sanitizers.hpp"
#include "watchdog.hpp"

namespace {

using capi_test::test_logger;

#if defined(PICOLOG_TEST_TSAN) || defined(PICOLOG_TEST_ASAN)
// Instrumented log calls are slow: signals this often would leave the
// thread nothing but its signal handler.
constexpr long kSignalEveryNs = 500000;
constexpr int kRecords = 20000;
#else
constexpr long kSignalEveryNs = 20000;
constexpr int kRecords = 200000;
#endif

picolog_logger* g_logger = nullptr;
std::atomic<uint64_t> g_signal_ok{0}, g_signal_busy{0}, g_signal_other{0};

void log_from_signal(int) {
    int saved = errno;
    int rc = picolog_log(g_logger, PICOLOG_WARNING, "from the signal handler");
    if (rc == PICOLOG_OK) {
        g_signal_ok.fetch_add(1, std::memory_order_relaxed);
    } else if (rc == PICOLOG_EBUSY) {
        g_signal_busy.fetch_add(1, std::memory_order_relaxed);
    } else {
        g_signal_other.fetch_add(1, std::memory_order_relaxed);
    }
    errno = saved;
}

struct Lines {
    std::mutex mutex;
    std::vector<std::string> lines;
};

int keep_line(const picolog_record*, const char* line, size_t len, void* userdata) {
    auto* l = static_cast<Lines*>(userdata);
    std::lock_guard lock(l->mutex);
    l->lines.emplace_back(line, len);
    return 0;
}

picolog_handler* keeping_handler(Lines& lines) {
    picolog_callback_handler_options o = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    o.emit = keep_line;
    o.userdata = &lines;
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_callback_handler_new(&h, &o), PICOLOG_OK) << picolog_last_error();
    return h;
}

// Timer signals aimed at one thread that logs into a queue without pause:
// most land inside a log call. Every record accepted is written once and
// whole; every refused one was refused with PICOLOG_EBUSY.
TEST(SignalReentry, TimerSignalsWhileTheThreadLogsIntoAQueue) {
    test_support::Watchdog watchdog("log calls from a signal handler", std::chrono::seconds(60));
    g_signal_ok = g_signal_busy = g_signal_other = 0;
    Lines lines;
    picolog_handler* inner = keeping_handler(lines);
    picolog_queue_options o = PICOLOG_QUEUE_OPTIONS_INIT;
    o.capacity = 1024;
    picolog_handler* queue = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&queue, &o, &inner, 1), PICOLOG_OK) << picolog_last_error();
    g_logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(g_logger, queue), PICOLOG_OK);

    struct sigaction sa {};
    sa.sa_handler = log_from_signal;
    sa.sa_flags = SA_RESTART;
    struct sigaction old {};
    ASSERT_EQ(::sigaction(SIGUSR2, &sa, &old), 0);

    uint64_t main_ok = 0;
    std::thread worker([&] {
        sigevent ev{};
        ev.sigev_notify = SIGEV_THREAD_ID;
        ev.sigev_signo = SIGUSR2;
        ev._sigev_un._tid = static_cast<pid_t>(::syscall(SYS_gettid));
        timer_t timer;
        ASSERT_EQ(::timer_create(CLOCK_MONOTONIC, &ev, &timer), 0);
        itimerspec every{{0, kSignalEveryNs}, {0, kSignalEveryNs}};
        ASSERT_EQ(::timer_settime(timer, 0, &every, nullptr), 0);
        for (int i = 0; i < kRecords; ++i) {
            if (picolog_log(g_logger, PICOLOG_WARNING, "from the thread") == PICOLOG_OK) ++main_ok;
        }
        ::timer_delete(timer);
    });
    worker.join();
    ASSERT_EQ(::sigaction(SIGUSR2, &old, nullptr), 0);
    ASSERT_EQ(picolog_handler_flush(queue), PICOLOG_OK);

    EXPECT_EQ(main_ok, static_cast<uint64_t>(kRecords));
    EXPECT_EQ(g_signal_other.load(), 0u);
    EXPECT_GT(g_signal_busy.load(), 0u) << "no signal landed inside a log call";
    picolog_queue_stats stats{};
    ASSERT_EQ(picolog_queue_handler_stats(queue, &stats, sizeof stats), PICOLOG_OK);
    const uint64_t accepted = main_ok + g_signal_ok.load();
    EXPECT_EQ(stats.enqueued, accepted);
    EXPECT_EQ(stats.emitted, accepted);
    ASSERT_EQ(lines.lines.size(), accepted);
    uint64_t from_signal = 0;
    for (const std::string& line : lines.lines) {
        if (line == "from the signal handler") {
            ++from_signal;
        } else {
            ASSERT_EQ(line, "from the thread");
        }
    }
    EXPECT_EQ(from_signal, g_signal_ok.load());
    picolog_logger_remove_handler(g_logger, queue);
    picolog_handler_release(queue);
    picolog_handler_release(inner);
}

// A signal raised inside a callback (here a handler's emit) finds
// picolog's state at rest: its log call is a nested one, and is written.
int emit_raising(const picolog_record*, const char* line, size_t len, void* userdata) {
    keep_line(nullptr, line, len, userdata);
    if (std::string(line, len) == "raise") ::raise(SIGUSR2);
    return 0;
}

TEST(SignalReentry, SignalRaisedInsideACallbackIsLogged) {
#if defined(PICOLOG_TEST_TSAN)
    // The nested log call formats and allocates inside the signal handler,
    // which ThreadSanitizer reports as signal-unsafe (rightly, in general).
    GTEST_SKIP() << "allocates inside a signal handler";
#endif
    g_signal_ok = g_signal_busy = g_signal_other = 0;
    Lines lines;
    picolog_callback_handler_options o = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    o.emit = emit_raising;
    o.userdata = &lines;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_callback_handler_new(&h, &o), PICOLOG_OK);
    g_logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(g_logger, h), PICOLOG_OK);
    struct sigaction sa {};
    sa.sa_handler = log_from_signal;
    struct sigaction old {};
    ASSERT_EQ(::sigaction(SIGUSR2, &sa, &old), 0);
    EXPECT_EQ(picolog_log(g_logger, PICOLOG_WARNING, "raise"), PICOLOG_OK);
    ASSERT_EQ(::sigaction(SIGUSR2, &old, nullptr), 0);
    EXPECT_EQ(g_signal_ok.load(), 1u);
    EXPECT_EQ(lines.lines, (std::vector<std::string>{"raise", "from the signal handler"}));
    picolog_logger_remove_handler(g_logger, h);
    picolog_handler_release(h);
}

}  // namespace
