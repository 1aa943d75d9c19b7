// errors_test.cpp - status codes, the per-thread last error, the error hook
// and the version functions.
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <barrier>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"
#include "held_call.hpp"

using namespace capi_test;

TEST(CapiErrors, StrerrorDescribesEveryCode) {
    const int codes[] = {PICOLOG_OK,     PICOLOG_EINVAL,    PICOLOG_ENOMEM,    PICOLOG_EFORMAT,
                         PICOLOG_EIO,    PICOLOG_ETIMEDOUT, PICOLOG_EDROPPED,  PICOLOG_ERANGE,
                         PICOLOG_ESTATE, PICOLOG_ENOTFOUND, PICOLOG_EINTERNAL, PICOLOG_EBUSY,
                         PICOLOG_EAGAIN};
    std::vector<std::string> seen;
    for (int code : codes) {
        const char* text = picolog_strerror(code);
        ASSERT_NE(text, nullptr);
        EXPECT_GT(std::strlen(text), 0u);
        for (const auto& other : seen) EXPECT_NE(other, text) << "code " << code;
        seen.emplace_back(text);
    }
    EXPECT_STREQ(picolog_strerror(-1000), "unknown picolog status code");
    EXPECT_STREQ(picolog_strerror(7), "unknown picolog status code");
}

TEST(CapiErrors, LastErrorNamesTheFunctionAndTheProblem) {
    picolog_logger* logger = test_logger();
    EXPECT_EQ(picolog_logger_set_level(logger, -3), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_logger_set_level: level -3 is negative");
    EXPECT_EQ(picolog_logger_set_level(nullptr, PICOLOG_INFO), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_logger_set_level: logger is NULL");
}

TEST(CapiErrors, EveryThreadSeesItsOwnLastError) {
    std::barrier both_failed(2);
    std::string seen[2];
    auto run = [&](int i) {
        if (i == 0)
            picolog_logger_set_level(nullptr, PICOLOG_INFO);
        else
            picolog_disable(-7);
        both_failed.arrive_and_wait();
        seen[i] = picolog_last_error();
    };
    std::thread a(run, 0), b(run, 1);
    a.join();
    b.join();
    EXPECT_EQ(seen[0], "picolog_logger_set_level: logger is NULL");
    EXPECT_EQ(seen[1], "picolog_disable: level -7 is negative");
}

TEST(CapiErrors, LastErrorIsEmptyInAFreshThread) {
    std::string seen = "unset";
    std::thread t([&] { seen = picolog_last_error(); });
    t.join();
    EXPECT_EQ(seen, "");
}

TEST(CapiErrors, LongMessagesAreTruncatedNotOverflowed) {
    std::string name(5000, 'x');
    int level = 0;
    EXPECT_EQ(picolog_level_from_name(name.c_str(), &level), PICOLOG_ENOTFOUND);
    std::string message = picolog_last_error();
    EXPECT_EQ(message.rfind("picolog_level_from_name: no level is named \"xxx", 0), 0u) << message;
    EXPECT_LT(message.size(), 2048u);
}

namespace {
struct HookLog {
    std::mutex mutex;
    std::vector<std::string> messages;
    static void hook(const char* message, void* self) {
        auto* log = static_cast<HookLog*>(self);
        std::lock_guard lock(log->mutex);
        log->messages.emplace_back(message);
    }
};

// Makes one handler fail on the calling thread: the error hook is called
// there once.
void report_one_failure(picolog_logger* logger) {
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void*) { return 5; };
    picolog_handler* failing = nullptr;
    ASSERT_EQ(picolog_callback_handler_new(&failing, &options), PICOLOG_OK);
    {
        Attached attached(logger, failing);
        EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "fails"), PICOLOG_OK);
    }
    picolog_handler_release(failing);
}

// An error hook whose first call waits until the test lets it go; later
// calls return at once.
struct BlockingHook : test_support::HeldCall {
    static void hook(const char*, void* self) { static_cast<BlockingHook*>(self)->hold(); }
};

struct Failures {
    uint64_t failures = 0;
    size_t reports = 0;
};

// Runs use(handler) on a callback handler made with these options, with an
// error hook set: what the handler counted and the hook received.
template <class Use>
Failures count_failures(const picolog_callback_handler_options& options, Use&& use) {
    HookLog hook_log;
    Failures out;
    EXPECT_EQ(picolog_set_error_hook(&HookLog::hook, &hook_log), PICOLOG_OK);
    picolog_handler* failing = nullptr;
    EXPECT_EQ(picolog_callback_handler_new(&failing, &options), PICOLOG_OK);
    use(failing);
    EXPECT_EQ(picolog_set_error_hook(nullptr, nullptr), PICOLOG_OK);
    EXPECT_EQ(picolog_handler_failures(failing, &out.failures), PICOLOG_OK);
    out.reports = hook_log.messages.size();
    picolog_handler_release(failing);
    return out;
}

// Logs two records through a callback handler with this emit, which fails;
// the log calls succeed.
Failures fail_twice(picolog_emit_fn emit) {
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = emit;
    return count_failures(options, [](picolog_handler* failing) {
        picolog_logger* logger = test_logger();
        Attached attached(logger, failing);
        EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "one"), PICOLOG_OK);
        EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "two"), PICOLOG_OK);
    });
}

// Flushes a callback handler with this flush, which fails, twice, then
// closes it (which flushes it again): each call returns PICOLOG_EIO.
Failures fail_to_flush(picolog_flush_fn flush) {
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void*) { return 0; };
    options.flush = flush;
    return count_failures(options, [](picolog_handler* failing) {
        EXPECT_EQ(picolog_handler_flush(failing), PICOLOG_EIO);
        EXPECT_EQ(picolog_handler_flush(failing), PICOLOG_EIO);
        EXPECT_EQ(picolog_handler_close(failing), PICOLOG_EIO);
    });
}

}  // namespace

TEST(CapiErrors, ErrorHookReceivesHandlerFailuresOnceAndTheLogCallSucceeds) {
    Failures got = fail_twice([](const picolog_record*, const char*, size_t, void*) { return 5; });
    EXPECT_EQ(got.failures, 2u);
    EXPECT_EQ(got.reports, 1u);
}

// A binding whose handler reported its failure itself (Python's handleError).
TEST(CapiErrors, AFailureTheCallbackReportedIsCountedWithoutAReport) {
    Failures got = fail_twice(
        [](const picolog_record*, const char*, size_t, void*) { return PICOLOG_CALLBACK_REPORTED; });
    EXPECT_EQ(got.failures, 2u);
    EXPECT_EQ(got.reports, 0u);
}

TEST(CapiErrors, AFailedFlushIsCountedReportedOnceAndReturned) {
    Failures got = fail_to_flush([](void*) { return 5; });
    EXPECT_EQ(got.failures, 3u);
    EXPECT_EQ(got.reports, 1u);
}

// The flush of a binding's handler that reported its failure itself fails
// the same way, without a report of its own.
TEST(CapiErrors, AFlushFailureTheCallbackReportedIsCountedAndReturnedWithoutAReport) {
    Failures got = fail_to_flush([](void*) { return PICOLOG_CALLBACK_REPORTED; });
    EXPECT_EQ(got.failures, 3u);
    EXPECT_EQ(got.reports, 0u);
}

// A hook may replace the hook: the replacement does not wait for the call
// it is made from.
TEST(CapiErrors, AHookMayReplaceTheHookFromInsideItself) {
    struct Replacing {
        int status = 100;
        HookLog next;
        static void hook(const char*, void* self) {
            auto* r = static_cast<Replacing*>(self);
            if (r->status == 100) r->status = picolog_set_error_hook(&HookLog::hook, &r->next);
        }
    } replacing;
    ASSERT_EQ(picolog_set_error_hook(&Replacing::hook, &replacing), PICOLOG_OK);
    report_one_failure(test_logger("first"));
    EXPECT_EQ(replacing.status, PICOLOG_OK);
    report_one_failure(test_logger("second"));
    ASSERT_EQ(picolog_set_error_hook(nullptr, nullptr), PICOLOG_OK);
    EXPECT_EQ(replacing.next.messages.size(), 1u);
}

// Two threads inside the hook both replace it: neither replacement waits
// for the other's thread for ever.
TEST(CapiErrors, TwoThreadsInsideTheHookMayBothReplaceIt) {
    struct Replacing {
        std::barrier<> both_inside{2};
        std::atomic<int> calls{0};
        int status[2] = {100, 100};
        HookLog next;
        static void hook(const char*, void* self) {
            auto* r = static_cast<Replacing*>(self);
            const int call = r->calls++;
            if (call >= 2) return;
            r->both_inside.arrive_and_wait();
            r->status[call] = picolog_set_error_hook(&HookLog::hook, &r->next);
        }
    } replacing;
    picolog_logger* first = test_logger("first");
    picolog_logger* second = test_logger("second");
    ASSERT_EQ(picolog_set_error_hook(&Replacing::hook, &replacing), PICOLOG_OK);
    std::thread a([&] { report_one_failure(first); });
    std::thread b([&] { report_one_failure(second); });
    a.join();
    b.join();
    ASSERT_EQ(picolog_set_error_hook(nullptr, nullptr), PICOLOG_OK);
    EXPECT_EQ(replacing.status[0], PICOLOG_OK);
    EXPECT_EQ(replacing.status[1], PICOLOG_OK);
}

// In a child forked while another thread was inside the hook, that call is
// gone with its thread: replacing the hook there does not wait for it.
TEST(CapiErrors, ForkedChildReplacesTheHookWithoutWaitingForTheParentsThreads) {
    BlockingHook held;
    picolog_logger* reporting = test_logger();
    ASSERT_EQ(picolog_set_error_hook(&BlockingHook::hook, &held), PICOLOG_OK);
    std::thread reporter([&] { report_one_failure(reporting); });
    held.wait_until_entered();
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::alarm(60);  // a child stuck in the replacement dies of SIGALRM
        picolog_set_error_hook(nullptr, nullptr);
        // Leaves without running anything of the parent's process (exit
        // handlers, sanitizer finalisation).
        ::syscall(SYS_exit_group, 0);
        __builtin_unreachable();
    }
    int status = 0;
    EXPECT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
    held.let_go();
    reporter.join();
    ASSERT_EQ(picolog_set_error_hook(nullptr, nullptr), PICOLOG_OK);
}

TEST(CapiVersion, RuntimeMatchesTheHeader) {
    EXPECT_STREQ(picolog_version(), PICOLOG_VERSION_STRING);
    EXPECT_EQ(picolog_version_number(), static_cast<unsigned>(PICOLOG_VERSION_NUMBER));
    EXPECT_EQ(PICOLOG_VERSION_NUMBER,
              PICOLOG_VERSION_MAJOR * 10000 + PICOLOG_VERSION_MINOR * 100 + PICOLOG_VERSION_PATCH);
}

TEST(CapiVersion, RuntimeIdIsOneStableAddress) {
    const void* id = picolog_runtime_id();
    EXPECT_NE(id, nullptr);
    const void* other = nullptr;
    std::thread t([&] { other = picolog_runtime_id(); });
    t.join();
    EXPECT_EQ(id, other);
}
