// runtime_test.cpp - process-wide services: the error hook, flush_all and
// shutdown ordering, which handlers they touch, and the exit hook.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core_test_util.hpp"
#include "picolog/handlers.hpp"
#include "picolog/level.hpp"
#include "picolog/memory.hpp"
#include "picolog/registry.hpp"

namespace picolog::test {
namespace {

std::vector<std::string>* g_calls;

// Notes its flushes and closes in g_calls under its name.
class NotingHandler : public Handler {
public:
    explicit NotingHandler(std::string name, bool queue = false) : name_(std::move(name)), queue_(queue) {}
    bool is_queue() const noexcept override { return queue_; }

protected:
    int emit(const Record&, std::string_view) override { return kOk; }
    int do_flush() override {
        g_calls->push_back(name_ + ".flush");
        return kOk;
    }
    void do_close() override { g_calls->push_back(name_ + ".close"); }

private:
    std::string name_;
    bool queue_;
};

class Runtime : public ::testing::Test {
protected:
    void SetUp() override { g_calls = &calls; }
    void TearDown() override { g_calls = nullptr; }
    std::vector<std::string> calls;
};

TEST_F(Runtime, FlushAllDoesQueuesFirst) {
    Logger& l = Registry::instance().get("runtime.flush");
    auto plain = Ref<NotingHandler>::make("plain");
    auto queue = Ref<NotingHandler>::make("queue", true);
    l.add_handler(plain);
    l.add_handler(queue);
    EXPECT_EQ(runtime::flush_all(), kOk);
    EXPECT_EQ(calls, (std::vector<std::string>{"queue.flush", "plain.flush"}));
    l.clear_handlers();
}

TEST_F(Runtime, ShutdownClosesQueuesFirstAndLaterHandlersStillWork) {
    auto plain = Ref<NotingHandler>::make("plain");
    auto queue = Ref<NotingHandler>::make("queue", true);
    auto unused = Ref<NotingHandler>::make("unused");
    Record r;
    r.level = INFO;
    plain->handle(r);
    queue->handle(r);
    EXPECT_EQ(runtime::shutdown(), kOk);
    EXPECT_EQ(calls, (std::vector<std::string>{"queue.flush", "queue.close", "plain.flush", "plain.close"}));
    EXPECT_TRUE(plain->closed());
    EXPECT_TRUE(queue->closed());
    EXPECT_FALSE(unused->closed());  // never used: nothing to write, left alone
    auto later = Ref<RecordingHandler>::make();
    later->handle(r);
    EXPECT_EQ(later->count(), 1u);
    calls.clear();
}

TEST_F(Runtime, ListenerHandlersAreLeftToTheirQueue) {
    auto owned = Ref<NotingHandler>::make("owned");
    ASSERT_TRUE(owned->claim_for_listener());
    runtime::flush_all();
    EXPECT_TRUE(calls.empty());
    calls.clear();
}

TEST_F(Runtime, FlushAllReportsTheFirstFailure) {
    ErrorCapture errors;
    FileOptions o;
    o.flush_policy = FlushPolicy::Buffered;
    o.flush_interval_ms = 0;
    auto full = Ref<FileHandler>::make("/dev/full", o);
    Record r;
    r.level = INFO;
    r.message = "x";
    full->handle(r);
    EXPECT_EQ(runtime::flush_all(), kIoError);
    EXPECT_EQ(full->failures(), 1u);
}

// A memory handler whose target is another memory handler: the outer one is
// made after its target, and passes its records on before the target does.
TEST_F(Runtime, FlushAllPassesRecordsThroughAChainOfMemoryHandlers) {
    auto sink = Ref<RecordingHandler>::make();
    auto inner = Ref<MemoryHandler>::make(100, CRITICAL, sink, true);
    auto outer = Ref<MemoryHandler>::make(100, CRITICAL, inner, true);
    Record r;
    r.level = INFO;
    r.message = "held";
    inner->handle(r);
    outer->handle(r);
    EXPECT_EQ(runtime::flush_all(), kOk);
    EXPECT_EQ(sink->count(), 2u);
    EXPECT_EQ(inner->buffered(), 0u);
}

TEST_F(Runtime, ShutdownPassesRecordsThroughAChainOfMemoryHandlers) {
    auto sink = Ref<RecordingHandler>::make();
    auto inner = Ref<MemoryHandler>::make(100, CRITICAL, sink, true);
    auto outer = Ref<MemoryHandler>::make(100, CRITICAL, inner, true);
    Record r;
    r.level = INFO;
    r.message = "held at exit";
    inner->handle(r);
    outer->handle(r);
    EXPECT_EQ(runtime::shutdown(), kOk);
    EXPECT_EQ(sink->count(), 2u);
    EXPECT_EQ(inner->buffered(), 0u);
}

// A target first used when a memory handler passes its records on at exit
// is closed too: a buffered file writes the line.
TEST_F(Runtime, ShutdownClosesATargetOnlyAMemoryHandlerUsed) {
    TempDir dir;
    const std::string path = dir.file("target.log");
    FileOptions o;
    o.flush_policy = FlushPolicy::Buffered;
    o.flush_interval_ms = 0;
    auto file = Ref<FileHandler>::make(path, o);
    auto memory = Ref<MemoryHandler>::make(100, CRITICAL, file, true);
    Record r;
    r.level = INFO;
    r.message = "held at exit";
    memory->handle(r);
    EXPECT_EQ(runtime::shutdown(), kOk);
    EXPECT_EQ(read_file(path), "held at exit\n");
}

TEST(ErrorHook, DefaultWritesOneLineToStderr) {
    StderrCapture capture;
    runtime::report_error("picolog: something broke");
    EXPECT_EQ(capture.text(), "picolog: something broke\n");
}

TEST(ErrorHook, CustomHookAndRestore) {
    std::vector<std::string> got;
    runtime::set_error_hook(
        [](const char* m, void* ud) { static_cast<std::vector<std::string>*>(ud)->push_back(m); }, &got);
    runtime::report_error(std::string_view("abcdef", 3));  // a view, not terminated: the hook gets "abc"
    runtime::set_error_hook(nullptr, nullptr);
    StderrCapture capture;
    runtime::report_error("back to stderr");
    EXPECT_EQ(got, (std::vector<std::string>{"abc"}));
    EXPECT_EQ(capture.text(), "back to stderr\n");
}

TEST(ExitHook, BufferedRecordsReachTheFileAtExit) {
    TempDir dir;
    std::string path = dir.file("exit.log");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        FileOptions o;
        o.flush_policy = FlushPolicy::Buffered;
        o.flush_interval_ms = 0;
        Logger& l = Registry::instance().get("exit.child");
        l.set_level(DEBUG);
        // Deliberately never released: only the exit hook can write it out.
        auto* h = new FileHandler(path, o);
        l.add_handler(Ref<Handler>(h));
        Record r;
        r.level = INFO;
        r.message = "written at exit";
        l.log(r);
        std::exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(read_file(path), "written at exit\n");
}

}  // namespace
}  // namespace picolog::test
