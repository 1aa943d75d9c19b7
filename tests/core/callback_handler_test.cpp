// callback_handler_test.cpp - handlers implemented by C functions.
#include <gtest/gtest.h>

#include "core_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"
#include "picolog/level.hpp"

namespace picolog::test {
namespace {

struct Sink {
    std::vector<std::string> lines;
    std::vector<const Record*> records;
    int flushes = 0;
    int destroyed = 0;
    int emit_result = 0;
    int flush_result = 0;
};

int sink_emit(const Record* r, const char* line, size_t len, void* ud) {
    auto* s = static_cast<Sink*>(ud);
    s->lines.emplace_back(line, len);
    s->records.push_back(r);
    return s->emit_result;
}
int sink_flush(void* ud) {
    auto* s = static_cast<Sink*>(ud);
    ++s->flushes;
    return s->flush_result;
}
void sink_destroy(void* ud) {
    ++static_cast<Sink*>(ud)->destroyed;
}

TEST(CallbackHandler, EmitGetsRecordAndLine) {
    Sink sink;
    {
        auto h = Ref<CallbackHandler>::make(sink_emit, sink_flush, sink_destroy, &sink);
        h->set_formatter(Ref<const Formatter>::adopt(new PatternFormatter("%(levelname)s %(message)s")));
        Record r;
        r.level = WARNING;
        r.message = "careful";
        h->handle(r);
        ASSERT_EQ(sink.lines.size(), 1u);
        EXPECT_EQ(sink.lines[0], "WARNING careful");
        EXPECT_EQ(sink.records[0], &r);
        EXPECT_EQ(h->flush(), kOk);
        EXPECT_EQ(sink.flushes, 1);
        EXPECT_EQ(sink.destroyed, 0);
    }
    EXPECT_EQ(sink.flushes, 2);  // the last release flushes and closes
    EXPECT_EQ(sink.destroyed, 1);
}

TEST(CallbackHandler, FailuresAreReported) {
    ErrorCapture errors;
    Sink sink;
    sink.emit_result = 3;
    sink.flush_result = 9;
    auto h = Ref<CallbackHandler>::make(sink_emit, sink_flush, nullptr, &sink);
    Record r;
    r.level = INFO;
    EXPECT_EQ(h->handle(r), kOk);
    EXPECT_EQ(h->failures(), 1u);
    EXPECT_EQ(h->flush(), kIoError);
    EXPECT_EQ(h->failures(), 2u);
    ASSERT_EQ(errors.messages().size(), 1u);
    EXPECT_EQ(errors.messages()[0], "picolog: CallbackHandler: emit callback returned 3");
}

TEST(CallbackHandler, NullEmitRejected) {
    Sink sink;
    EXPECT_THROW(CallbackHandler(nullptr, nullptr, sink_destroy, &sink), Error);
    EXPECT_EQ(sink.destroyed, 0);
}

TEST(CallbackHandler, NoFlushFunctionIsFine) {
    Sink sink;
    auto h = Ref<CallbackHandler>::make(sink_emit, nullptr, nullptr, &sink);
    EXPECT_EQ(h->flush(), kOk);
}

}  // namespace
}  // namespace picolog::test
