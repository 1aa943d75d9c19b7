// reload_test.cpp - reloading the configuration file while four threads log:
// every record is written exactly once, loggers keep their identity, and a
// file without a configured path cannot be reloaded. A child forked while
// another thread configures can configure itself.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <latch>
#include <mutex>
#include <set>
#include <thread>

#include "config_test_util.hpp"
#include "sanitizers.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::read_lines;
using test::write_file;

std::string variant(const std::string& log, int n) {
    // Every variant changes the handler (buffered or not, another flush
    // level), so each reload swaps it for a new one on the same file.
    std::string buffered = n % 2 == 0 ? "true" : "false";
    return R"({"version": 1, "disable_existing_loggers": false,
      "handlers": {"out": {"class": "file", "filename": ")" +
           log + R"(", "buffered": )" + buffered + R"(, "flush_level": )" + std::to_string(40 + n % 3) +
           R"(}},
      "loggers": {"reload": {"handlers": ["out"], "level": "INFO", "propagate": false}}})";
}

TEST_F(ConfigTest, ReloadUnderFourLoggingThreadsKeepsEveryRecordOnce) {
    const int kThreads = 4, kPerThread = test::scaled(20000), kReloads = test::scaled(200);
    std::string cfg = dir_.file("reload.json"), log = dir_.file("reload.log");
    write_file(cfg, variant(log, 0));
    config::configure_file(cfg);
    Logger* logger = &Registry::instance().get("reload");
    std::latch start(kThreads + 1);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            start.arrive_and_wait();
            std::string message;
            for (int i = 0; i < kPerThread; ++i) {
                message = "t" + std::to_string(t) + " " + std::to_string(i);
                Record r;
                r.level = INFO;
                r.message = message;
                logger->log(r);
            }
        });
    start.arrive_and_wait();
    for (int n = 1; n <= kReloads; ++n) {
        write_file(cfg, variant(log, n));
        config::reload();
        EXPECT_EQ(&Registry::instance().get("reload"), logger);
    }
    for (auto& t : threads) t.join();
    runtime::flush_all();
    config::configure(R"({"version": 1, "disable_existing_loggers": false, "loggers": {"reload": {}}})");
    auto lines = read_lines(log);
    EXPECT_EQ(lines.size(), static_cast<size_t>(kThreads * kPerThread));
    std::set<std::string> unique(lines.begin(), lines.end());
    EXPECT_EQ(unique.size(), static_cast<size_t>(kThreads * kPerThread));
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_EQ(unique.count("t" + std::to_string(t) + " 0"), 1u);
        EXPECT_EQ(unique.count("t" + std::to_string(t) + " " + std::to_string(kPerThread - 1)), 1u);
    }
}

TEST_F(ConfigTest, ABadReloadChangesNothing) {
    std::string cfg = dir_.file("bad.toml"), log = dir_.file("bad.log");
    write_file(
        cfg, "version = 1\ndisable_existing_loggers = false\n[handlers.h]\nclass = \"file\"\nfilename = \"" +
                 log + "\"\n[loggers.badreload]\nhandlers = [\"h\"]\nlevel = \"INFO\"\n");
    config::configure_file(cfg);
    const Handler* before = (*Registry::instance().get("badreload").handlers())[0].get();
    write_file(cfg, "version = 1\n[handlers.h]\nclass = \"file\"\n");
    try {
        config::reload();
        ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), cfg + ": handlers.h.filename: missing (the file to write)");
    }
    EXPECT_EQ((*Registry::instance().get("badreload").handlers())[0].get(), before);
}

// The operator fixes the file PICOLOG_CONFIG named, refused at start-up,
// and sends SIGHUP: the reload applies it.
TEST_F(ConfigTest, AReloadAppliesTheFixedFileThatPicologConfigNamed) {
    std::string cfg = dir_.file("env.toml");
    write_file(cfg, "version = 1\n[loggers.envfix]\nlevel = \"LOUD\"\n");
    ::setenv("PICOLOG_CONFIG", cfg.c_str(), 1);
    config::load_from_environment();  // refused, through the error hook
    ::unsetenv("PICOLOG_CONFIG");
    write_file(cfg, "version = 1\ndisable_existing_loggers = false\n[loggers.envfix]\nlevel = \"DEBUG\"\n");
    EXPECT_NO_THROW(config::reload());
    EXPECT_EQ(Registry::instance().get("envfix").level(), DEBUG);
}

TEST_F(ConfigTest, ReloadReadsTheSameFileAfterTheProgramChangesDirectory) {
    auto text = [](const char* level) {
        return std::string(R"({"version": 1, "disable_existing_loggers": false,
          "loggers": {"chdir": {"level": ")") +
               level + R"("}}})";
    };
    write_file(dir_.file("relative.json"), text("ERROR"));
    auto before = std::filesystem::current_path();
    std::filesystem::current_path(dir_.file(""));
    config::configure_file("relative.json");
    // A daemon's chdir("/") after reading its configuration.
    std::filesystem::current_path("/");
    write_file(dir_.file("relative.json"), text("DEBUG"));
    EXPECT_NO_THROW(config::reload());
    std::filesystem::current_path(before);
    EXPECT_EQ(Registry::instance().get("chdir").level(), DEBUG);
}

// Holds the configuring thread inside the error hook (a failed flush of the
// handler being replaced) until the test lets it go.
struct HeldHook {
    pid_t parent = ::getpid();
    std::mutex mutex;
    std::condition_variable cv;
    bool inside = false, released = false;

    static void hook(const char*, void* userdata) {
        auto* self = static_cast<HeldHook*>(userdata);
        if (::getpid() != self->parent) return;
        std::unique_lock lock(self->mutex);
        self->inside = true;
        self->cv.notify_all();
        self->cv.wait(lock, [self] { return self->released; });
    }
};

TEST_F(ConfigTest, AChildForkedWhileAnotherThreadConfiguresCanConfigure) {
#if defined(PICOLOG_TEST_TSAN)
    // The child configures, which starts threads: ThreadSanitizer's runtime
    // cannot follow a child of a multithreaded process that does.
    GTEST_SKIP() << "threads started in a child of a multithreaded fork";
#endif
    auto text = [](const std::string& filename) {
        return R"({"version": 1, "disable_existing_loggers": false,
          "handlers": {"h": {"class": "file", "filename": ")" +
               filename + R"(", "buffered": true}},
          "loggers": {"forkcfg": {"handlers": ["h"], "level": "INFO", "propagate": false}}})";
    };
    config::configure(text("/dev/full"));
    test::log_line("forkcfg", INFO, "held in the buffer; /dev/full refuses it");
    HeldHook held;
    runtime::set_error_hook(HeldHook::hook, &held);
    std::string log = dir_.file("forkcfg.log");
    // The replaced handler's flush fails inside the configuration.
    std::thread configuring([&] { config::configure(text(log)); });
    {
        std::unique_lock lock(held.mutex);
        held.cv.wait(lock, [&] { return held.inside; });
    }
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::alarm(60);  // a deadlocked child dies instead of lingering
        config::configure(R"({"version": 1, "disable_existing_loggers": false,
          "loggers": {"forkcfg": {"level": "ERROR"}}})");
        _exit(Registry::instance().get("forkcfg").level() == ERROR ? 0 : 1);
    }
    {
        std::lock_guard lock(held.mutex);
        held.released = true;
    }
    held.cv.notify_all();
    configuring.join();
    runtime::set_error_hook(nullptr, nullptr);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
    EXPECT_EQ(Registry::instance().get("forkcfg").handlers()->size(), 1u);
}

}  // namespace
}  // namespace picolog
