// context_share_test.cpp - queued records carry their thread's context
// fields by reference to an immutable snapshot: the listener sees the
// caller's fields even after the frame was popped, its bytes reused and the
// thread gone; drop-oldest and a freed channel let go of what they discard;
// every snapshot is freed once its records are done.
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/context.hpp"
#include "picolog/logger.hpp"
#include "picolog/registry.hpp"

using namespace async_test;

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// Blocks its first emit until opened; keeps every record's message and
// fields (written by the listener only; read after flush).
class FieldGate final : public Handler {
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
    std::vector<std::pair<std::string, Fields>> seen;

protected:
    int emit(const Record& record, std::string_view) override {
        {
            std::unique_lock lock(m_);
            entered_ = true;
            cv_.notify_all();
            cv_.wait(lock, [&] { return open_; });
        }
        Fields fields;
        for (const Field& f : record.fields) fields.emplace_back(f.key, f.value);
        seen.emplace_back(std::string(record.message), std::move(fields));
        return kOk;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool open_ = false;
    bool entered_ = false;
};

uint64_t push(const Fields& fields) {
    std::vector<Field> f;
    for (const auto& [k, v] : fields) f.push_back({k, v});
    return context::push(f);
}

void log(Logger& logger, std::string_view message) {
    ASSERT_EQ(logger.log_message(INFO, message), kOk);
}

TEST(ContextShare, RecordsOutliveThePopTheReusedBytesAndTheThread) {
    Watchdog dog("context shared with queued records");
    auto gate = Ref<FieldGate>::make();
    auto queue = make_queue(QueueOptions{}, {gate});
    Logger& logger = Registry::instance().get("context_share");
    logger.set_propagate(false);
    logger.set_handlers({queue});
    const size_t alive_before = context::snapshots_alive();

    log(logger, "blocker");  // holds the listener while the rest is queued
    gate->wait_entered();
    std::thread worker([&] {
        uint64_t t = push({{"request_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
                           {"user", "ada"},
                           {"tenant", "acme"},
                           {"route", "/api/v1/items"}});
        log(logger, "one");
        log(logger, "two");
        context::pop(t);
        // The same bytes of the stack, overwritten by another frame.
        t = push({{"request_id", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"}, {"user", "bob"}});
        log(logger, "three");
        uint64_t inner = push({{"user", "eve"}});
        log(logger, "four");
        context::pop(inner);
        context::pop(t);
        log(logger, "five");
    });  // exits with its records still queued
    worker.join();
    gate->open();
    ASSERT_EQ(queue->flush(), kOk);

    const Fields first = {{"request_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
                          {"user", "ada"},
                          {"tenant", "acme"},
                          {"route", "/api/v1/items"}};
    ASSERT_EQ(gate->seen.size(), 6u);
    EXPECT_EQ(gate->seen[1], std::make_pair(std::string("one"), first));
    EXPECT_EQ(gate->seen[2], std::make_pair(std::string("two"), first));
    EXPECT_EQ(gate->seen[3].second,
              (Fields{{"request_id", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"}, {"user", "bob"}}));
    EXPECT_EQ(gate->seen[4].second,
              (Fields{{"request_id", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"}, {"user", "eve"}}));
    EXPECT_TRUE(gate->seen[5].second.empty());
    // The worker's snapshots went with their last records.
    EXPECT_EQ(context::snapshots_alive(), alive_before);
    logger.clear_handlers();
    queue->close();
}

TEST(ContextShare, DiscardedRecordsLetGoOfTheirContext) {
    Watchdog dog("context of discarded records");
    const size_t alive_before = context::snapshots_alive();
    auto gate = Ref<FieldGate>::make();
    QueueOptions o;
    o.capacity = 2;
    o.overflow = Overflow::DropOldest;
    auto queue = make_queue(o, {gate});
    Logger& logger = Registry::instance().get("context_share_discard");
    logger.set_propagate(false);
    logger.set_handlers({queue});
    std::thread worker([&] {
        log(logger, "blocker");
        gate->wait_entered();
        const uint64_t t = push({{"request_id", "r-1"}});
        for (int i = 0; i < 10; ++i) log(logger, "evicted or kept");
        context::pop(t);
    });
    worker.join();
    EXPECT_EQ(queue->stats().dropped_oldest, 8u);
    // The two records kept are emitted at close, and let go of theirs.
    logger.clear_handlers();
    gate->open();
    queue->close();
    EXPECT_EQ(context::snapshots_alive(), alive_before);
}

}  // namespace
