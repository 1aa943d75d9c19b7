// lifecycle_test.cpp - picolog_flush_all and picolog_shutdown, and exit()
// called from inside a handler.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

struct Flushes {
    int emitted = 0;
    int flushed = 0;
};

picolog_handler* counting_handler(Flushes& f) {
    picolog_callback_handler_options options = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
    options.emit = [](const picolog_record*, const char*, size_t, void* self) {
        ++static_cast<Flushes*>(self)->emitted;
        return 0;
    };
    options.flush = [](void* self) {
        ++static_cast<Flushes*>(self)->flushed;
        return 0;
    };
    options.userdata = &f;
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_callback_handler_new(&h, &options), PICOLOG_OK);
    return h;
}

}  // namespace

TEST(CapiLifecycle, FlushAllReachesEveryLiveHandlerAndQueuesFirst) {
    Flushes direct, behind_queue;
    picolog_handler* h = counting_handler(direct);
    picolog_handler* inner = counting_handler(behind_queue);
    picolog_handler* queue = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&queue, nullptr, &inner, 1), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    {
        Attached direct_attached(logger, h);
        Attached attached(logger, queue);
        for (int i = 0; i < 100; ++i) picolog_log(logger, PICOLOG_INFO, "queued");
        ASSERT_EQ(picolog_flush_all(), PICOLOG_OK);
        // Every record queued before the call is written by then.
        picolog_queue_stats stats{};
        ASSERT_EQ(picolog_queue_handler_stats(queue, &stats, sizeof stats), PICOLOG_OK);
        EXPECT_EQ(stats.emitted, 100u);
    }
    EXPECT_GE(direct.flushed, 1);
    EXPECT_GE(behind_queue.flushed, 1);
    picolog_handler_release(queue);
    picolog_handler_release(inner);
    picolog_handler_release(h);
    EXPECT_EQ(behind_queue.emitted, 100);
    EXPECT_EQ(direct.emitted, 100);
}

TEST(CapiLifecycle, ShutdownDrainsAndClosesThenNewHandlersWork) {
    Flushes before, behind_queue, after;
    picolog_handler* old_handler = counting_handler(before);
    picolog_handler* inner = counting_handler(behind_queue);
    picolog_handler* queue = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&queue, nullptr, &inner, 1), PICOLOG_OK);
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, old_handler), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_handler(logger, queue), PICOLOG_OK);
    for (int i = 0; i < 50; ++i) picolog_log(logger, PICOLOG_INFO, "before shutdown");

    ASSERT_EQ(picolog_shutdown(), PICOLOG_OK);
    EXPECT_EQ(behind_queue.emitted, 50);
    EXPECT_EQ(before.emitted, 50);
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "to closed handlers"), PICOLOG_OK);
    EXPECT_EQ(before.emitted, 50);

    picolog_handler* new_handler = counting_handler(after);
    ASSERT_EQ(picolog_logger_add_handler(logger, new_handler), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "after shutdown"), PICOLOG_OK);
    EXPECT_EQ(after.emitted, 1);

    ASSERT_EQ(picolog_logger_clear_handlers(logger), PICOLOG_OK);
    picolog_handler_release(new_handler);
    picolog_handler_release(queue);
    picolog_handler_release(inner);
    picolog_handler_release(old_handler);
}

namespace {

int exit_on_fatal(const picolog_record*, const char* line, size_t len, void*) {
    if (std::string(line, len) == "fatal") std::exit(0);
    return 0;
}

}  // namespace

// A handler that ends the program on a fatal record calls exit() with its
// own lock held (and the other handlers' of the log call before it): the
// exit hook, on that thread, still takes them as that thread's, also when
// a thread that had logged ended before (its fork gate free for the taking).
TEST(CapiLifecycle, ExitFromInsideAHandlerAfterAnotherThreadEndedWritesAndEnds) {
#if defined(PICOLOG_TEST_TSAN)
    GTEST_SKIP() << "the child starts a thread after a fork of a multi-threaded process";
#endif
    TempDir dir;
    const std::string path = dir.file("fatal.log");
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        alarm(60);  // the deadlock detector: a hung child is killed
        picolog_logger* lg = test_logger();
        picolog_file_options fo = PICOLOG_FILE_OPTIONS_INIT;
        fo.flush_policy = PICOLOG_FLUSH_BUFFERED;
        picolog_handler* file = nullptr;
        picolog_callback_handler_options co = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
        co.emit = exit_on_fatal;
        picolog_handler* fatal = nullptr;
        if (picolog_file_handler_new(&file, path.c_str(), &fo) != PICOLOG_OK ||
            picolog_callback_handler_new(&fatal, &co) != PICOLOG_OK ||
            picolog_logger_add_handler(lg, file) != PICOLOG_OK ||
            picolog_logger_add_handler(lg, fatal) != PICOLOG_OK)
            _exit(3);
        std::thread([lg] { picolog_log(lg, PICOLOG_WARNING, "from a thread"); }).join();
        picolog_log(lg, PICOLOG_WARNING, "before");
        picolog_log(lg, PICOLOG_WARNING, "fatal");
        _exit(4);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(read_lines(path), (std::vector<std::string>{"from a thread", "before", "fatal"}));
}
