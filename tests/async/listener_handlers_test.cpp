// listener_handlers_test.cpp - what the queue listener gives handlers that
// write no line of their own: a null handler, the holding handlers (memory,
// backtrace) and another queue take a record behind a queue as they take it
// from a logger, without formatting it. Their formatter is never asked, so
// one that fails cannot cost them a record.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "async_test_util.hpp"
#include "picolog/formatter.hpp"
#include "picolog/handlers.hpp"
#include "picolog/memory.hpp"

namespace {

using namespace async_test;

// Counts its calls and fails every one of them.
class FailingFormatter final : public Formatter {
public:
    void format(const Record&, std::string&) const override {
        calls.fetch_add(1, std::memory_order_relaxed);
        throw std::runtime_error("this formatter always fails");
    }
    mutable std::atomic<int> calls{0};
};

// Keeps the messages it is given.
class Collect final : public Handler {
public:
    std::vector<std::string> messages;

protected:
    int emit(const Record& r, std::string_view) override {
        messages.emplace_back(r.message);
        return kOk;
    }
};

TEST(ListenerHandlers, ANullHandlerBehindAQueueFormatsNothing) {
    auto null = Ref<NullHandler>::make();
    auto formatter = Ref<FailingFormatter>::make();
    null->set_formatter(formatter);
    auto q = make_queue({}, {null});
    for (int i = 0; i < 3; ++i) ASSERT_EQ(q->handle(make_record("dropped quietly")), kOk);
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(formatter->calls.load(), 0);
    EXPECT_EQ(null->failures(), 0u);
    EXPECT_EQ(q->stats().emitted, 3u);
    EXPECT_EQ(q->stats().failed, 0u);
}

TEST(ListenerHandlers, AMemoryHandlerBehindAQueueKeepsEveryRecordUnformatted) {
    auto target = Ref<Collect>::make();
    auto memory = Ref<MemoryHandler>::make(10, CRITICAL, target, false);
    auto formatter = Ref<FailingFormatter>::make();
    memory->set_formatter(formatter);
    auto q = make_queue({}, {memory});
    for (const char* m : {"one", "two", "three"}) ASSERT_EQ(q->handle(make_record(m)), kOk);
    // The queue's flush flushes its handlers: the memory handler passes
    // what it kept to its target.
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(target->messages, (std::vector<std::string>{"one", "two", "three"}));
    EXPECT_EQ(formatter->calls.load(), 0);
    EXPECT_EQ(memory->failures(), 0u);
    EXPECT_EQ(q->stats().failed, 0u);
}

TEST(ListenerHandlers, ABacktraceHandlerBehindAQueueKeepsItsRingUnformatted) {
    auto target = Ref<Collect>::make();
    BacktraceOptions options;
    options.prefix = "";
    auto backtrace = Ref<BacktraceHandler>::make(options, target);
    auto formatter = Ref<FailingFormatter>::make();
    backtrace->set_formatter(formatter);
    auto q = make_queue({}, {backtrace});
    ASSERT_EQ(q->handle(make_record("context", DEBUG)), kOk);
    ASSERT_EQ(q->handle(make_record("failure", ERROR)), kOk);
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(target->messages, (std::vector<std::string>{"context", "failure"}));
    EXPECT_EQ(formatter->calls.load(), 0);
    EXPECT_EQ(backtrace->failures(), 0u);
}

TEST(ListenerHandlers, AQueueBehindAQueuePassesRecordsUnformatted) {
    auto target = Ref<Collect>::make();
    auto inner = make_queue({}, {target});
    auto formatter = Ref<FailingFormatter>::make();
    inner->set_formatter(formatter);
    auto outer = make_queue({}, {inner});
    for (const char* m : {"a", "b", "c"}) ASSERT_EQ(outer->handle(make_record(m)), kOk);
    // The outer queue's flush reaches the inner queue's flush.
    ASSERT_EQ(outer->flush(), kOk);
    EXPECT_EQ(target->messages, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(formatter->calls.load(), 0);
    EXPECT_EQ(inner->failures(), 0u);
    EXPECT_EQ(outer->stats().failed, 0u);
    EXPECT_EQ(inner->stats().enqueued, 3u);
}

}  // namespace
