// memory_test.cpp - the memory and backtrace handlers through the C API:
// when the buffer goes to the target (capacity, level, flush, close, and
// options changed later), the order, target changes, copies outliving the
// caller's strings, the ring's order and marking, bad arguments, and many
// threads at once.
#include <string>
#include <thread>
#include <vector>

#include "memory_test_util.hpp"

using namespace capi_test;

namespace {

using Strings = std::vector<std::string>;

}  // namespace

TEST(CapiMemory, PassesTheBufferOnWhenFull) {
    Capture target;
    picolog_handler* h = memory_handler(3, PICOLOG_ERROR, target.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "one");
        picolog_log(logger, PICOLOG_DEBUG, "two");
        EXPECT_TRUE(target.messages().empty());
        EXPECT_EQ(buffered(h), 2u);
        picolog_log(logger, PICOLOG_INFO, "three");
        EXPECT_EQ(target.messages(), (Strings{"one", "two", "three"}));
        EXPECT_EQ(buffered(h), 0u);
        picolog_log(logger, PICOLOG_INFO, "four");
    }
    EXPECT_EQ(target.messages().size(), 3u);
    picolog_handler_release(h);  // flush_on_close
    EXPECT_EQ(target.messages(), (Strings{"one", "two", "three", "four"}));
}

TEST(CapiMemory, PassesTheBufferOnAtFlushLevel) {
    Capture target;
    picolog_handler* h = memory_handler(100, PICOLOG_WARNING, target.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_DEBUG, "a");
        picolog_log(logger, PICOLOG_INFO, "b");
        EXPECT_TRUE(target.messages().empty());
        picolog_log(logger, PICOLOG_WARNING, "c");
        EXPECT_EQ(target.messages(), (Strings{"a", "b", "c"}));
        auto records = target.records();
        EXPECT_EQ(records[0].level, PICOLOG_DEBUG);
        EXPECT_EQ(records[2].level, PICOLOG_WARNING);
        EXPECT_EQ(records[0].logger, records[2].logger);
    }
    picolog_handler_release(h);
}

TEST(CapiMemory, KeepsCopiesOfTheCallersStrings) {
    Capture target;
    picolog_handler* h = memory_handler(100, PICOLOG_ERROR, target.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        std::string message = "from a buffer";
        std::string fkey = "user", fvalue = "alice";
        picolog_field field{fkey.c_str(), fvalue.c_str()};
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.fields = &field;
        info.field_count = 1;
        ASSERT_EQ(picolog_log_ex(logger, PICOLOG_INFO, message.c_str(), message.size(), &info), PICOLOG_OK)
            << picolog_last_error();
        fvalue.assign(fvalue.size(), 'Y');
        message.assign(message.size(), 'X');
        ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    }
    auto records = target.records();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].message, "from a buffer");
    EXPECT_EQ(records[0].fields, (std::vector<std::pair<std::string, std::string>>{{"user", "alice"}}));
    picolog_handler_release(h);
}

TEST(CapiMemory, NoFlushOnCloseDropsTheBuffer) {
    Capture target;
    picolog_handler* h = memory_handler(100, PICOLOG_ERROR, target.handler(), 0);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "kept back");
    }
    EXPECT_EQ(picolog_handler_close(h), PICOLOG_OK);
    picolog_handler_release(h);
    EXPECT_TRUE(target.messages().empty());
}

TEST(CapiMemory, WithoutATargetRecordsWaitForOne) {
    Capture first, second;
    picolog_handler* h = memory_handler(2, PICOLOG_ERROR, nullptr);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "a");
        picolog_log(logger, PICOLOG_INFO, "b");
        picolog_log(logger, PICOLOG_INFO, "c");
        EXPECT_EQ(buffered(h), 3u);  // Python's MemoryHandler keeps them too
        ASSERT_EQ(picolog_memory_handler_set_target(h, first.handler()), PICOLOG_OK);
        ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
        EXPECT_EQ(first.messages(), (Strings{"a", "b", "c"}));
        picolog_log(logger, PICOLOG_INFO, "d");
        ASSERT_EQ(picolog_memory_handler_set_target(h, second.handler()), PICOLOG_OK);
        picolog_log(logger, PICOLOG_ERROR, "e");
    }
    EXPECT_EQ(first.messages(), (Strings{"a", "b", "c"}));
    EXPECT_EQ(second.messages(), (Strings{"d", "e"}));
    picolog_handler_release(h);
}

TEST(CapiMemory, TheTargetsLevelApplies) {
    Capture target;
    ASSERT_EQ(picolog_handler_set_level(target.handler(), PICOLOG_WARNING), PICOLOG_OK);
    picolog_handler* h = memory_handler(2, PICOLOG_ERROR, target.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "low");
        picolog_log(logger, PICOLOG_WARNING, "high");
    }
    EXPECT_EQ(target.messages(), (Strings{"high"}));
    picolog_handler_release(h);
}

TEST(CapiMemory, OptionsChangedLaterKeepTheBuffer) {
    Capture target;
    picolog_handler* h = memory_handler(100, PICOLOG_ERROR, target.handler(), 0);
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "held");
        picolog_memory_options options = PICOLOG_MEMORY_OPTIONS_INIT;
        options.capacity = 2;
        options.flush_level = PICOLOG_CRITICAL;
        options.flush_on_close = 1;
        ASSERT_EQ(picolog_memory_handler_set_options(h, &options), PICOLOG_OK) << picolog_last_error();
        EXPECT_EQ(buffered(h), 1u);
        picolog_log(logger, PICOLOG_ERROR, "second");
        EXPECT_EQ(target.messages(), (Strings{"held", "second"}));
        picolog_log(logger, PICOLOG_INFO, "kept for close");
    }
    EXPECT_EQ(picolog_handler_close(h), PICOLOG_OK);
    EXPECT_EQ(target.messages(), (Strings{"held", "second", "kept for close"}));
    picolog_handler_release(h);
}

TEST(CapiMemory, BadArguments) {
    picolog_handler* h = nullptr;
    picolog_memory_options options = PICOLOG_MEMORY_OPTIONS_INIT;
    options.version = 99;
    EXPECT_EQ(picolog_memory_handler_new(&h, &options, nullptr), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("version"), std::string::npos);
    EXPECT_EQ(h, nullptr);
    options = PICOLOG_MEMORY_OPTIONS_INIT;
    options.flush_level = -1;
    EXPECT_EQ(picolog_memory_handler_new(&h, &options, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_memory_handler_new(nullptr, nullptr, nullptr), PICOLOG_EINVAL);
    ASSERT_EQ(picolog_memory_handler_new(&h, nullptr, nullptr), PICOLOG_OK);
    EXPECT_EQ(picolog_memory_handler_set_target(h, h), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("own target"), std::string::npos);
    Capture other;
    size_t n = 0;
    EXPECT_EQ(picolog_memory_handler_set_target(other.handler(), h), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_memory_handler_buffered(other.handler(), &n), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_memory_handler_buffered(h, nullptr), PICOLOG_EINVAL);
    options = PICOLOG_MEMORY_OPTIONS_INIT;
    EXPECT_EQ(picolog_memory_handler_set_options(h, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_memory_handler_set_options(other.handler(), &options), PICOLOG_EINVAL);
    options.flush_level = -1;
    EXPECT_EQ(picolog_memory_handler_set_options(h, &options), PICOLOG_EINVAL);
    options = PICOLOG_MEMORY_OPTIONS_INIT;
    options.version = 99;
    EXPECT_EQ(picolog_memory_handler_set_options(h, &options), PICOLOG_EINVAL);
    picolog_backtrace_options ring = PICOLOG_BACKTRACE_OPTIONS_INIT;
    ring.capacity = 0;
    picolog_handler* r = nullptr;
    EXPECT_EQ(picolog_backtrace_handler_new(&r, &ring, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(r, nullptr);
    picolog_handler_release(h);
}

TEST(CapiMemory, ManyThreadsLoseAndDuplicateNothing) {
    constexpr int kThreads = 4, kPerThread = 2000;
    Capture target;
    picolog_handler* h = memory_handler(64, PICOLOG_ERROR, target.handler());
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    std::string m = std::to_string(t) + ":" + std::to_string(i);
                    picolog_log(logger, i % 500 == 499 ? PICOLOG_ERROR : PICOLOG_INFO, m.c_str());
                }
            });
        std::thread swapper([&] {
            for (int i = 0; i < 200; ++i) picolog_memory_handler_set_target(h, target.handler());
        });
        for (auto& t : threads) t.join();
        swapper.join();
        ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    }
    // Each thread's records arrive once each, in the order it logged them.
    std::vector<int> next(kThreads, 0);
    for (const std::string& m : target.messages()) {
        int t = std::stoi(m.substr(0, m.find(':')));
        int i = std::stoi(m.substr(m.find(':') + 1));
        ASSERT_EQ(i, next[t]) << m;
        ++next[t];
    }
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kPerThread);
    picolog_handler_release(h);
}

TEST(CapiBacktrace, WritesTheRingMarkedBeforeTheTrigger) {
    Capture target;
    picolog_backtrace_options options = PICOLOG_BACKTRACE_OPTIONS_INIT;
    options.capacity = 3;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_backtrace_handler_new(&h, &options, target.handler()), PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        for (int i = 1; i <= 5; ++i) picolog_log(logger, PICOLOG_DEBUG, ("d" + std::to_string(i)).c_str());
        picolog_log(logger, PICOLOG_INFO, "passes");
        picolog_log(logger, PICOLOG_WARNING, "passes too");
        EXPECT_EQ(target.messages(), (Strings{"passes", "passes too"}));
        EXPECT_EQ(buffered(h), 3u);
        picolog_log(logger, PICOLOG_ERROR, "boom");
        EXPECT_EQ(buffered(h), 0u);
        picolog_log(logger, PICOLOG_DEBUG, "after");
        picolog_log(logger, PICOLOG_CRITICAL, "again");
        picolog_log(logger, PICOLOG_DEBUG, "never written");
        ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    }
    picolog_handler_release(h);
    EXPECT_EQ(target.messages(), (Strings{"passes", "passes too", "[backtrace] d3", "[backtrace] d4",
                                          "[backtrace] d5", "boom", "[backtrace] after", "again"}));
    auto records = target.records();
    using Fields = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(records[2].fields, (Fields{{"backtrace", "1"}}));
    EXPECT_EQ(records[2].level, PICOLOG_DEBUG);
    EXPECT_TRUE(records[5].fields.empty());
}

TEST(CapiBacktrace, PrefixAndLevelsAreOptions) {
    Capture target;
    picolog_backtrace_options options = PICOLOG_BACKTRACE_OPTIONS_INIT;
    options.prefix = "";
    options.store_below = PICOLOG_WARNING;
    options.trigger = PICOLOG_CRITICAL;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_backtrace_handler_new(&h, &options, target.handler()), PICOLOG_OK)
        << picolog_last_error();
    picolog_logger* logger = test_logger();
    {
        Attached attached(logger, h);
        picolog_log(logger, PICOLOG_INFO, "kept");
        picolog_log(logger, PICOLOG_ERROR, "written, no dump");
        picolog_log(logger, PICOLOG_CRITICAL, "dump");
    }
    picolog_handler_release(h);
    EXPECT_EQ(target.messages(), (Strings{"written, no dump", "kept", "dump"}));
}

// Shutdown closes every handler: a memory handler's last records must still
// reach its target (made before it, so registered first) and a queue behind
// it or in front of it.
TEST(CapiMemory, ShutdownPassesTheBufferOnBeforeClosingTargets) {
    TempDir dir;
    std::string direct_path = dir.file("direct.log"), queued_path = dir.file("queued.log");
    picolog_handler* direct = nullptr;
    picolog_handler* file = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&direct, direct_path.c_str(), nullptr), PICOLOG_OK);
    ASSERT_EQ(picolog_file_handler_new(&file, queued_path.c_str(), nullptr), PICOLOG_OK);
    picolog_handler* behind_queue = memory_handler(100, PICOLOG_CRITICAL, file);
    picolog_handler* queue = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&queue, nullptr, &behind_queue, 1), PICOLOG_OK);
    picolog_handler* in_front = memory_handler(100, PICOLOG_CRITICAL, direct);
    picolog_logger* logger = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(logger, in_front), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_add_handler(logger, queue), PICOLOG_OK);
    picolog_log(logger, PICOLOG_INFO, "buffered at exit");
    // The targets have been used (so the runtime closes them at shutdown).
    ASSERT_EQ(picolog_handler_flush(direct), PICOLOG_OK);
    ASSERT_EQ(picolog_handler_flush(file), PICOLOG_OK);
    ASSERT_EQ(picolog_shutdown(), PICOLOG_OK);
    EXPECT_EQ(read_file(direct_path), "buffered at exit\n");
    EXPECT_EQ(read_file(queued_path), "buffered at exit\n");
    for (picolog_handler* h : {direct, file, behind_queue, queue, in_front}) picolog_handler_release(h);
}
