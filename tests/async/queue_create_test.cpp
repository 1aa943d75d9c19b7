// queue_create_test.cpp - the builder: option validation with messages
// naming the bad setting, handler claims (and their release on failure),
// and the handler's own level and filters applied before the copy.
#include <gtest/gtest.h>

#include "async_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/filter.hpp"
#include "picolog/handlers.hpp"

namespace {

using namespace async_test;

void expect_invalid(const QueueOptions& o, const std::string& fragment) {
    try {
        make_queue(o, {});
        ADD_FAILURE() << "accepted options that should fail with: " << fragment;
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(QueueCreate, RejectsBadOptions) {
    QueueOptions o;
    o.capacity = 0;
    expect_invalid(o, "capacity");
    o.capacity = (size_t{1} << 24) + 1;
    expect_invalid(o, "capacity");
    o = {};
    o.max_bytes = 0;
    expect_invalid(o, "max_bytes");
    o = {};
    o.overflow = Overflow::BlockTimeout;
    expect_invalid(o, "timeout");
    o.timeout = std::chrono::milliseconds(-5);
    expect_invalid(o, "timeout");
    o = {};
    o.overflow = static_cast<Overflow>(17);
    expect_invalid(o, "overflow");
}

TEST(QueueCreate, AcceptsBoundaryOptions) {
    QueueOptions o;
    o.capacity = 1;
    o.max_bytes = 1;
    auto q = make_queue(o, {});
    EXPECT_EQ(q->stats().capacity, 1u);
    o.overflow = Overflow::BlockTimeout;
    o.timeout = std::chrono::milliseconds(1);
    EXPECT_NO_THROW(make_queue(o, {}));
    o.overflow = Overflow::DropOldest;
    o.timeout = std::chrono::milliseconds(0);
    EXPECT_NO_THROW(make_queue(o, {}));
}

TEST(QueueCreate, RejectsNullAndRepeatedHandlers) {
    auto h = Ref<NullHandler>::make();
    EXPECT_THROW(make_queue({}, {h, nullptr}), Error);
    EXPECT_THROW(make_queue({}, {h, h}), Error);
    // Neither attempt left a claim behind.
    EXPECT_TRUE(h->attach_to_logger());
    h->detach_from_logger();
}

TEST(QueueCreate, AHandlerBelongsToOneOwner) {
    auto free_handler = Ref<NullHandler>::make();
    auto on_logger = Ref<NullHandler>::make();
    ASSERT_TRUE(on_logger->attach_to_logger());
    try {
        make_queue({}, {free_handler, on_logger});
        ADD_FAILURE() << "a handler attached to a logger was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
        EXPECT_STREQ(e.what(), "handler already attached to a logger or another queue");
    }
    // The claim on the first handler was released when the second failed.
    auto q = make_queue({}, {free_handler});
    EXPECT_THROW(make_queue({}, {free_handler}), Error) << "already another queue's";
    EXPECT_FALSE(free_handler->attach_to_logger());
    on_logger->detach_from_logger();
}

TEST(QueueCreate, LevelAndFiltersApplyBeforeTheCopy) {
    auto seq = Ref<SequenceHandler>::make(1, 0);
    auto q = make_queue({}, {seq});
    q->set_level(WARNING);
    Record low = make_record(tag(0, 0), INFO);
    EXPECT_EQ(q->handle(low), kOk);
    q->filters().add(Ref<LevelFilter>::make(WARNING, ERROR));
    std::string m1 = tag(0, 1), m2 = tag(0, 2);
    EXPECT_EQ(q->handle(make_record(m1, CRITICAL)), kOk);
    EXPECT_EQ(q->handle(make_record(m2, ERROR)), kOk);
    ASSERT_EQ(q->flush(), kOk);
    EXPECT_EQ(q->stats().enqueued, 1u) << "only the ERROR record passed level and filter";
    EXPECT_EQ(seq->count[0], 1u);
    EXPECT_EQ(seq->last[0], 2);
}

TEST(QueueCreate, RespectHandlerLevelDecidesWhoGetsWhat) {
    for (bool respect : {true, false}) {
        auto all = Ref<SequenceHandler>::make(1, 0);
        auto errors_only = Ref<SequenceHandler>::make(1, 0);
        errors_only->set_level(ERROR);
        QueueOptions o;
        o.respect_handler_level = respect;
        auto q = make_queue(o, {all, errors_only});
        std::string m0 = tag(0, 0), m1 = tag(0, 1);
        ASSERT_EQ(q->handle(make_record(m0, INFO)), kOk);
        ASSERT_EQ(q->handle(make_record(m1, ERROR)), kOk);
        ASSERT_EQ(q->flush(), kOk);
        EXPECT_EQ(all->count[0], 2u);
        EXPECT_EQ(errors_only->count[0], respect ? 1u : 2u) << "respect_handler_level=" << respect;
    }
}

TEST(QueueCreate, StampsWhatTheCallerLeftOut) {
    struct Capture final : Handler {
        std::string thread_name;
        uint64_t thread_id = 0;
        int64_t created = 0;
        int emit(const Record& r, std::string_view) override {
            thread_name = r.thread_name;
            thread_id = r.thread_id;
            created = r.created_ns;
            return kOk;
        }
    };
    auto cap = Ref<Capture>::make();
    auto q = make_queue({}, {cap});
    Record bare;
    bare.level = INFO;
    bare.message = "unstamped";
    ASSERT_EQ(q->handle(bare), kOk);
    ASSERT_EQ(q->flush(), kOk);
    Record here = make_record("x");
    EXPECT_EQ(cap->thread_id, here.thread_id) << "the logging thread's id, not the listener's";
    EXPECT_EQ(cap->thread_name, here.thread_name);
    EXPECT_GT(cap->created, 0);
}

}  // namespace
