// route_test.cpp - the route a logger caches for picolog_log's records
// (Logger::log_message): it follows every change on the propagate chain
// (handlers, propagate flags, filters, the disabled flag), and loggers keep
// logging safely while another thread replaces, closes and frees the queue
// handler their route ends at.
#include <atomic>
#include <barrier>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "async_test_util.hpp"
#include "picolog/context.hpp"
#include "picolog/filter.hpp"
#include "picolog/logger.hpp"
#include "picolog/logger_route.hpp"
#include "picolog/registry.hpp"

using namespace async_test;

namespace {

// Counts the records it emits; safe to read from any thread.
class CountingHandler final : public Handler {
public:
    uint64_t count() const { return count_.load(std::memory_order_acquire); }

protected:
    int emit(const Record&, std::string_view) override {
        count_.fetch_add(1, std::memory_order_acq_rel);
        return kOk;
    }

private:
    std::atomic<uint64_t> count_{0};
};

class RejectAll final : public Filter {
public:
    bool accept(const Record&) const noexcept override { return false; }
};

void log_one(Logger& logger) {
    ASSERT_EQ(logger.log_message(INFO, "routed"), kOk);
}

TEST(Route, FollowsEveryChangeOnThePropagateChain) {
    Logger& top = Registry::instance().get("route_test");
    Logger& mid = Registry::instance().get("route_test.mid");
    Logger& leaf = Registry::instance().get("route_test.mid.leaf");
    top.set_propagate(false);  // the chain ends here, whatever root holds
    auto h1 = Ref<CountingHandler>::make();
    auto h2 = Ref<CountingHandler>::make();
    top.add_handler(h1);

    log_one(leaf);  // cached: one handler, two parents up
    log_one(leaf);
    EXPECT_EQ(h1->count(), 2u);

    mid.add_handler(h2);  // now two handlers on the path
    log_one(leaf);
    EXPECT_EQ(h1->count(), 3u);
    EXPECT_EQ(h2->count(), 1u);

    mid.set_propagate(false);  // only mid's
    log_one(leaf);
    EXPECT_EQ(h1->count(), 3u);
    EXPECT_EQ(h2->count(), 2u);

    mid.remove_handler(h2.get());  // none: an INFO record goes nowhere
    log_one(leaf);
    EXPECT_EQ(h1->count(), 3u);
    EXPECT_EQ(h2->count(), 2u);

    mid.set_propagate(true);
    log_one(leaf);
    EXPECT_EQ(h1->count(), 4u);

    h1->filters().add(Ref<const Filter>(Ref<RejectAll>::make()));  // the handler's filter
    log_one(leaf);
    EXPECT_EQ(h1->count(), 4u);
    h1->filters().clear();
    leaf.filters().add(Ref<const Filter>(Ref<RejectAll>::make()));  // the logger's own
    log_one(leaf);
    EXPECT_EQ(h1->count(), 4u);
    leaf.filters().clear();
    leaf.set_disabled(true);
    log_one(leaf);
    EXPECT_EQ(h1->count(), 4u);
    leaf.set_disabled(false);
    h1->set_level(ERROR);  // the handler's level
    log_one(leaf);
    EXPECT_EQ(h1->count(), 4u);
    h1->set_level(NOTSET);
    log_one(leaf);
    EXPECT_EQ(h1->count(), 5u);

    // A queue handler at the end of the route: records go straight into it.
    auto sink = Ref<CountingHandler>::make();
    auto queue = make_queue(QueueOptions{}, {sink});
    top.set_handlers({queue});
    log_one(leaf);
    log_one(top);
    ASSERT_EQ(queue->flush(), kOk);
    EXPECT_EQ(sink->count(), 2u);
    EXPECT_EQ(h1->count(), 5u);
    top.clear_handlers();
    queue->close();
}

// Logging threads meet a route whose queue handler another thread keeps
// replacing, closing and dropping: every record accepted is emitted once,
// and nothing freed is touched (ASan, TSan).
TEST(Route, SurvivesAThreadReplacingTheQueueWhileOthersLog) {
    Watchdog dog("route under concurrent changes");
    Logger& top = Registry::instance().get("route_race");
    Logger& leaf = Registry::instance().get("route_race.a.b");
    top.set_propagate(false);
    constexpr unsigned kLoggers = 3;
    const unsigned swaps = 60 / (kScale > 1 ? 3 : 1);

    std::mutex m;
    std::vector<Ref<CountingHandler>> sinks;
    auto fresh_queue = [&] {
        auto sink = Ref<CountingHandler>::make();
        QueueOptions o;
        o.capacity = 256;
        auto q = make_queue(o, {sink});
        std::lock_guard lock(m);
        sinks.push_back(sink);
        return q;
    };
    Ref<QueueHandler> current = fresh_queue();
    top.set_handlers({current});

    std::atomic<bool> done{false};
    std::atomic<uint64_t> accepted{0}, refused{0};
    std::barrier start(kLoggers + 1);
    std::vector<std::thread> loggers;
    for (unsigned i = 0; i < kLoggers; ++i) {
        loggers.emplace_back([&] {
            start.arrive_and_wait();
            uint64_t ok = 0, closed = 0;
            while (!done.load(std::memory_order_acquire)) {
                const int status = leaf.log_message(INFO, "racing");
                if (status == kOk) {
                    ++ok;
                } else if (status == kBadState) {
                    ++closed;  // met a queue just closed
                } else {
                    ADD_FAILURE() << "status " << status;
                    break;
                }
            }
            accepted.fetch_add(ok);
            refused.fetch_add(closed);
        });
    }
    start.arrive_and_wait();
    for (unsigned i = 0; i < swaps; ++i) {
        Ref<QueueHandler> next = fresh_queue();
        if (i % 3 == 2) {
            // A second handler on the path for a while (one that takes no
            // INFO record, so each record is still emitted once): no route,
            // the general path.
            Logger& mid = Registry::instance().get("route_race.a");
            auto quiet = Ref<CountingHandler>::make();
            quiet->set_level(CRITICAL);
            mid.add_handler(quiet);
            top.set_handlers({next});
            mid.remove_handler(quiet.get());
        } else {
            top.set_handlers({next});
        }
        EXPECT_EQ(current->close(), kOk);
        current = std::move(next);  // the old one is freed by its last holder
    }
    done.store(true, std::memory_order_release);
    for (auto& t : loggers) t.join();
    top.clear_handlers();
    EXPECT_EQ(current->close(), kOk);
    current = Ref<QueueHandler>();
    uint64_t emitted = 0;
    for (const auto& s : sinks) emitted += s->count();
    EXPECT_GT(accepted.load(), 0u);
    EXPECT_EQ(emitted, accepted.load()) << refused.load() << " refused as closed";
}

// Sees what the route hands over: whether a record came through
// handle_message, and with which fields (its caller's thread only).
class MessageWitness final : public Handler {
public:
    int direct = 0;
    std::vector<std::pair<std::string, std::string>> fields;

    int handle_message(int level, std::string_view message, std::string_view logger_name,
                       std::span<const Field> given) noexcept override {
        ++direct;
        fields.clear();
        for (const Field& f : given) fields.emplace_back(f.key, f.value);
        return Handler::handle_message(level, message, logger_name, given);
    }

protected:
    int emit(const Record&, std::string_view) override { return kOk; }
};

// A logger created between a leaf and the route's target takes the leaf as
// its child: the same number of parent hops now ends at it. Records routed
// while that happens must still reach the target's handler, never the new
// logger's (here one that writes nothing, so a misrouted record is lost).
TEST(Route, ALoggerInsertedIntoTheChainNeverTakesTheRoutesRecords) {
    Watchdog dog("route across inserted loggers");
    Logger& top = Registry::instance().get("route_insert");
    top.set_propagate(false);
    auto sink = Ref<CountingHandler>::make();
    top.set_handlers({sink});
    const unsigned rounds = 200 / (kScale > 1 ? 4 : 1);

    std::atomic<Logger*> leaf{&Registry::instance().get("route_insert.r0.a.b")};
    std::atomic<uint64_t> logged_in_round{0};
    std::atomic<bool> done{false};
    std::atomic<uint64_t> accepted{0};
    std::barrier start(3);
    std::vector<std::thread> loggers;
    for (int t = 0; t < 2; ++t) {
        loggers.emplace_back([&] {
            start.arrive_and_wait();
            uint64_t ok = 0;
            while (!done.load(std::memory_order_acquire)) {
                const int status = leaf.load(std::memory_order_acquire)->log_message(INFO, "inserted");
                if (status != kOk) {
                    ADD_FAILURE() << "status " << status;
                    break;
                }
                ++ok;
                logged_in_round.fetch_add(1, std::memory_order_release);
            }
            accepted.fetch_add(ok);
        });
    }
    start.arrive_and_wait();
    std::vector<Ref<CountingHandler>> quiet_ones;
    for (unsigned r = 0; r < rounds; ++r) {
        const std::string base = "route_insert.r" + std::to_string(r);
        if (r > 0) {
            logged_in_round.store(0, std::memory_order_release);
            leaf.store(&Registry::instance().get(base + ".a.b"), std::memory_order_release);
        }
        // The leaf's route (one hop, to the top) is in use before the insert.
        while (logged_in_round.load(std::memory_order_acquire) < 64) std::this_thread::yield();
        Logger& mid = Registry::instance().get(base + ".a");
        auto quiet = Ref<CountingHandler>::make();
        quiet->set_level(CRITICAL);
        mid.add_handler(quiet);
        quiet_ones.push_back(quiet);
    }
    done.store(true, std::memory_order_release);
    for (auto& t : loggers) t.join();
    top.clear_handlers();
    EXPECT_GT(accepted.load(), 0u);
    EXPECT_EQ(sink->count(), accepted.load());
}

TEST(Route, ContextRecordsTakeTheRouteWithTheirFields) {
    Logger& logger = Registry::instance().get("route_test_context");
    logger.set_propagate(false);
    auto witness = Ref<MessageWitness>::make();
    logger.set_handlers({witness});
    const Field pushed[] = {{"request_id", "r-7"}, {"user", "ada"}};
    const uint64_t token = context::push(pushed);
    log_one(logger);
    context::pop(token);
    EXPECT_EQ(witness->direct, 1);
    EXPECT_EQ(witness->fields,
              (std::vector<std::pair<std::string, std::string>>{{"request_id", "r-7"}, {"user", "ada"}}));
    log_one(logger);  // no context: no fields
    EXPECT_EQ(witness->direct, 2);
    EXPECT_TRUE(witness->fields.empty());
    logger.clear_handlers();
}

}  // namespace
