// handler_test.cpp - the Handler base: level, filters, formatter, close,
// failure accounting and reporting, re-entrant emits, ownership rules.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"

namespace picolog::test {
namespace {

Record make(int level, std::string_view message, std::string_view name = "h") {
    Record r;
    r.level = level;
    r.message = message;
    r.logger_name = name;
    return r;
}

// Fails while `fail` is set, by status or by exception.
class FlakyHandler final : public Handler {
public:
    bool fail = false;
    bool by_exception = false;
    int written = 0;

protected:
    int emit(const Record&, std::string_view) override {
        if (!fail) {
            ++written;
            return kOk;
        }
        if (by_exception) throw std::runtime_error("disk on fire");
        return kIoError;
    }
    std::string describe() const override { return "FlakyHandler"; }
};

TEST(Handler, LevelGate) {
    auto h = Ref<RecordingHandler>::make();
    h->set_level(WARNING);
    EXPECT_EQ(h->level(), WARNING);
    h->handle(make(INFO, "no"));
    h->handle(make(WARNING, "yes"));
    h->handle(make(ERROR, "yes too"));
    EXPECT_EQ(h->lines(), (std::vector<std::string>{"yes", "yes too"}));
    EXPECT_THROW(h->set_level(-1), Error);
}

TEST(Handler, HandlerFilters) {
    auto h = Ref<RecordingHandler>::make();
    h->filters().add(Ref<const Filter>::adopt(new NameFilter("keep")));
    h->handle(make(INFO, "a", "keep.me"));
    h->handle(make(INFO, "b", "drop.me"));
    EXPECT_EQ(h->lines(), (std::vector<std::string>{"a"}));
}

TEST(Handler, FormatterDefaultAndReplacement) {
    auto h = Ref<RecordingHandler>::make();
    EXPECT_EQ(h->formatter().get(), default_formatter().get());
    auto f = Ref<const Formatter>::adopt(new PatternFormatter("%(levelname)s:%(name)s:%(message)s"));
    h->set_formatter(f);
    EXPECT_EQ(h->formatter().get(), f.get());
    h->handle(make(ERROR, "m", "x.y"));
    h->set_formatter(nullptr);
    h->handle(make(ERROR, "plain"));
    EXPECT_EQ(h->lines(), (std::vector<std::string>{"ERROR:x.y:m", "plain"}));
}

TEST(Handler, ClosedHandlersIgnoreRecords) {
    auto h = Ref<RecordingHandler>::make();
    h->handle(make(INFO, "before"));
    EXPECT_FALSE(h->closed());
    EXPECT_EQ(h->close(), kOk);
    EXPECT_TRUE(h->closed());
    EXPECT_EQ(h->flushes(), 1);  // close flushes
    EXPECT_EQ(h->close(), kOk);  // idempotent
    EXPECT_EQ(h->flushes(), 1);
    EXPECT_EQ(h->handle(make(INFO, "after")), kOk);
    EXPECT_EQ(h->flush(), kOk);
    EXPECT_EQ(h->lines(), (std::vector<std::string>{"before"}));
}

TEST(Handler, FailuresAreCountedAndReportedOncePerRun) {
    ErrorCapture errors;
    auto h = Ref<FlakyHandler>::make();
    h->fail = true;
    for (int i = 0; i < 5; ++i) EXPECT_EQ(h->handle(make(INFO, "x")), kOk);
    EXPECT_EQ(h->failures(), 5u);
    ASSERT_EQ(errors.messages().size(), 1u);
    EXPECT_EQ(errors.messages()[0], "picolog: FlakyHandler: failed with status -4");
    h->fail = false;
    h->handle(make(INFO, "ok"));  // a success re-arms the report
    h->fail = true;
    h->by_exception = true;
    h->handle(make(INFO, "x"));
    h->handle(make(INFO, "x"));
    EXPECT_EQ(h->failures(), 7u);
    ASSERT_EQ(errors.messages().size(), 2u);
    EXPECT_EQ(errors.messages()[1], "picolog: FlakyHandler: disk on fire");
    EXPECT_EQ(h->written, 1);
}

TEST(Handler, HandleLockedReportsTheStatus) {
    ErrorCapture errors;
    auto h = Ref<FlakyHandler>::make();
    auto lock = h->lock();
    EXPECT_EQ(h->handle_locked(make(INFO, "x"), true), kOk);
    h->fail = true;
    EXPECT_EQ(h->handle_locked(make(INFO, "x"), true), kIoError);
    h->set_level(ERROR);
    EXPECT_EQ(h->handle_locked(make(INFO, "x"), true), kOk);  // below the level: not emitted
    EXPECT_EQ(h->handle_locked(make(INFO, "x"), false), kIoError);
    EXPECT_EQ(h->failures(), 2u);
}

TEST(Handler, LoggerCallsNeverFailOnWriteErrors) {
    ErrorCapture errors;
    Logger& l = Registry::instance().get("handler.failing");
    auto h = Ref<FlakyHandler>::make();
    h->fail = true;
    l.add_handler(h);
    Record r = make(ERROR, "x");
    EXPECT_EQ(l.log(r), kOk);
    EXPECT_EQ(h->failures(), 1u);
    l.clear_handlers();
}

TEST(Handler, ListenerAndLoggerOwnershipExclude) {
    Logger& l = Registry::instance().get("handler.owners");
    auto attached = Ref<RecordingHandler>::make();
    EXPECT_TRUE(l.add_handler(attached));
    EXPECT_FALSE(l.add_handler(attached));  // already there
    EXPECT_FALSE(attached->claim_for_listener());
    EXPECT_TRUE(l.remove_handler(attached.get()));
    EXPECT_FALSE(l.remove_handler(attached.get()));
    EXPECT_TRUE(attached->claim_for_listener());
    EXPECT_TRUE(attached->owned_by_listener());
    try {
        l.add_handler(attached);
        FAIL() << "a listener's handler was attached to a logger";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
    }
    EXPECT_FALSE(attached->claim_for_listener());
    EXPECT_THROW(l.add_handler(Ref<Handler>()), Error);
}

TEST(Handler, HandlersListedOnTheLogger) {
    Logger& l = Registry::instance().get("handler.listed");
    auto a = Ref<RecordingHandler>::make();
    auto b = Ref<RecordingHandler>::make();
    l.add_handler(a);
    l.add_handler(b);
    auto list = l.handlers();
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].get(), a.get());
    EXPECT_EQ((*list)[1].get(), b.get());
    l.clear_handlers();
    EXPECT_TRUE(l.handlers()->empty());
    EXPECT_TRUE(a->claim_for_listener());  // clear detached them
}

TEST(Handler, RemovingTheLastReferenceKeepsTheHandlerAliveUntilDetached) {
    Logger& l = Registry::instance().get("handler.lastref");
    Handler* raw;
    {
        auto h = Ref<RecordingHandler>::make();
        raw = h.get();
        l.add_handler(h);
    }
    EXPECT_TRUE(l.remove_handler(raw));  // the logger held the only reference
}

// Returns a status other than kOk without emitting, as a full queue does.
class RefusingHandler final : public Handler {
public:
    int handle(const Record&) noexcept override { return kDropped; }

protected:
    int emit(const Record&, std::string_view) override { return kOk; }
};

TEST(Handler, LogReturnsTheFirstRefusal) {
    Logger& l = Registry::instance().get("handler.refusal");
    auto ok = Ref<RecordingHandler>::make();
    auto refusing = Ref<RefusingHandler>::make();
    l.add_handler(ok);
    l.add_handler(refusing);
    Record r = make(ERROR, "x");
    EXPECT_EQ(l.log(r), kDropped);
    EXPECT_EQ(ok->count(), 1u);
    l.clear_handlers();
}

struct Reentry {
    Logger* logger = nullptr;
    std::vector<std::string> lines;
    bool logged_inside = false;
};

TEST(Handler, EmitMayLogThroughItsOwnHandler) {
    Logger& l = Registry::instance().get("handler.reentry");
    l.set_level(DEBUG);
    Reentry state;
    state.logger = &l;
    auto h = Ref<CallbackHandler>::make(
        [](const Record*, const char* line, size_t len, void* ud) {
            auto* s = static_cast<Reentry*>(ud);
            std::string outer(line, len);
            if (!s->logged_inside) {
                s->logged_inside = true;
                Record inner;
                inner.level = INFO;
                inner.message = "inner";
                s->logger->log(inner);
            }
            s->lines.push_back(outer + "|" + std::string(line, len));  // outer line still intact
            return 0;
        },
        nullptr, nullptr, &state);
    h->set_formatter(Ref<const Formatter>::adopt(new PatternFormatter("[%(message)s]")));
    l.add_handler(h);
    Record r = make(INFO, "outer");
    l.log(r);
    EXPECT_EQ(state.lines, (std::vector<std::string>{"[inner]|[inner]", "[outer]|[outer]"}));
    l.clear_handlers();
}

}  // namespace
}  // namespace picolog::test
