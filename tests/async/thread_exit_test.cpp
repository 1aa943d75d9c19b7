// thread_exit_test.cpp - logging from a thread_local destructor, which runs
// after picolog's own per-thread state has been given back: the record is
// still written, with the thread's name, and the thread's producer index,
// lane and hazard record are not leaked.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/async/channel.hpp"
#include "picolog/async/queue_listener.hpp"
#include "picolog/hazard.hpp"
#include "picolog/logger.hpp"
#include "picolog/registry.hpp"

namespace {

using namespace async_test;

// Counts records by message and remembers every thread name seen.
class NameHandler final : public Handler {
public:
    std::map<std::string, uint64_t> by_message;
    std::map<std::string, uint64_t> by_thread;

protected:
    int emit(const Record& record, std::string_view) override {
        ++by_message[std::string(record.message)];
        ++by_thread[std::string(record.thread_name)];
        return kOk;
    }
};

// Through a logger, so that the call also pins the logger's handler list
// (a hazard record per thread).
picolog::Logger* g_logger = nullptr;

void log_line(std::string_view message) {
    Record r = make_record(message);
    g_logger->log(r);
}

// Constructed before the thread's first record, so destroyed after the
// per-thread state that first record created.
struct LogsAtExit {
    bool armed = false;
    ~LogsAtExit() {
        if (armed) log_line("from a destructor");
    }
};
thread_local LogsAtExit t_logs_at_exit;

TEST(ThreadExit, ThreadLocalDestructorsThatLogLeakNoLaneAndReadNoFreedName) {
    Watchdog dog("thread_local destructors that log");
    auto sink = Ref<NameHandler>::make();
    QueueOptions o;
    o.capacity = 64;
    auto q = make_queue(o, {sink});
    picolog::Logger& logger = picolog::Registry::instance().get("thread_exit_test");
    logger.set_propagate(false);
    logger.add_handler(q);
    g_logger = &logger;
    const size_t hazard_records_before = picolog::hazard::thread_records();
    constexpr unsigned kAtOnce = 8;
    const unsigned rounds = 3000 / kAtOnce / (kScale > 1 ? 4 : 1);
    // Longer than any inline string buffer: the name lives on the heap.
    const std::string name = "a thread name too long for small-string storage";
    for (unsigned round = 0; round < rounds; ++round) {
        std::vector<std::thread> threads;
        for (unsigned i = 0; i < kAtOnce; ++i) {
            threads.emplace_back([&] {
                t_logs_at_exit.armed = true;
                picolog::set_thread_name(name);
                log_line("from the thread");
            });
        }
        for (auto& t : threads) t.join();
    }
    ASSERT_EQ(q->flush(), kOk);
    const uint64_t threads = uint64_t{rounds} * kAtOnce;
    EXPECT_EQ(sink->by_message["from the thread"], threads);
    EXPECT_EQ(sink->by_message["from a destructor"], threads);
    EXPECT_EQ(sink->by_thread[name], 2 * threads);
    // Indexes (and so lanes) are reused by later threads; a leak would take a
    // new one per thread. Other tests' threads may hold a few.
    EXPECT_LE(q->listener().channel().lanes(), 4 * kAtOnce);
    EXPECT_LE(picolog::hazard::thread_records(), hazard_records_before + 4 * kAtOnce);
    logger.remove_handler(q.get());
    q->close();
    g_logger = nullptr;
}

}  // namespace
