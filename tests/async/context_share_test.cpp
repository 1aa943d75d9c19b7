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
#include "picolog/async/channel.hpp"
#include "picolog/async/owned_record.hpp"
#include "picolog/context.hpp"
#include "picolog/logger.hpp"
#include "picolog/logger_route.hpp"
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

TEST(ContextShare, RecordRetriedAfterAFullLaneKeepsItsSlotAndItsReference) {
    // What the queue handler does after a full lane: prepare the record,
    // then push it once there is room; here on a thread that exits before
    // the record is taken out.
    const size_t alive_before = context::snapshots_alive();
    async::Channel ch(8192, size_t{1} << 20);
    std::thread worker([&] {
        const uint64_t t = push({{"request_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
                                 {"user", "ada"},
                                 {"tenant", "acme"},
                                 {"route", "/api/v1/items"}});
        std::span<const Field> lent;
        ASSERT_TRUE(context::borrow(lent));
        Record r;
        r.level = INFO;
        r.message = "request handled: user=42 path=/api/v1/items status=200 bytes=5120";
        r.logger_name = "context_share_retry";
        r.fields = lent;
        // Copied, the fields would not fit the slot.
        EXPECT_GT(async::encoded_size(r), ch.slot_payload());
        async::PendingRecord pending;
        EXPECT_EQ(ch.prepare(r, pending), kOk);
        EXPECT_EQ(pending.charge(), 0u);  // in a slot, not a heap block
        EXPECT_EQ(ch.try_push(pending), async::Channel::Push::kOk);
        context::give_back();
        context::pop(t);
    });
    worker.join();

    async::TakenRecord taken = ch.make_taken();
    ASSERT_EQ(ch.try_pop(taken), async::Channel::Pop::kOk);
    std::vector<Field> scratch;
    const Record out = async::decode(taken.data, scratch);
    Fields fields;
    for (const Field& f : out.fields) fields.emplace_back(f.key, f.value);
    EXPECT_EQ(fields, (Fields{{"request_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
                              {"user", "ada"},
                              {"tenant", "acme"},
                              {"route", "/api/v1/items"}}));
    ch.release_bytes(taken.charge());
    async::release(taken.data);
    EXPECT_EQ(context::snapshots_alive(), alive_before);
}

}  // namespace
