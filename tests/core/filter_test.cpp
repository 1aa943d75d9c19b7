// filter_test.cpp - name, level and callback filters and the filter list.
#include "picolog/filter.hpp"

#include <gtest/gtest.h>

#include "picolog/error.hpp"
#include "picolog/level.hpp"

namespace picolog {
namespace {

Record named(std::string_view name, int level = INFO) {
    Record r;
    r.logger_name = name;
    r.level = level;
    return r;
}

TEST(NameFilter, PythonSemantics) {
    NameFilter f("a.b");
    EXPECT_TRUE(f.accept(named("a.b")));
    EXPECT_TRUE(f.accept(named("a.b.c")));
    EXPECT_TRUE(f.accept(named("a.b.c.d")));
    EXPECT_FALSE(f.accept(named("a.bc")));
    EXPECT_FALSE(f.accept(named("a")));
    EXPECT_FALSE(f.accept(named("x.a.b")));
    EXPECT_FALSE(f.accept(named("")));
}

TEST(NameFilter, EmptyPassesEverything) {
    NameFilter f("");
    EXPECT_TRUE(f.accept(named("anything")));
    EXPECT_TRUE(f.accept(named("")));
}

TEST(LevelFilter, InclusiveRange) {
    LevelFilter f(20, 30);
    EXPECT_FALSE(f.accept(named("x", 19)));
    EXPECT_TRUE(f.accept(named("x", 20)));
    EXPECT_TRUE(f.accept(named("x", 30)));
    EXPECT_FALSE(f.accept(named("x", 31)));
}

TEST(LevelFilter, BadRanges) {
    EXPECT_THROW(LevelFilter(30, 20), Error);
    EXPECT_THROW(LevelFilter(-1, 20), Error);
    EXPECT_NO_THROW(LevelFilter(5, 5));
}

struct CallbackState {
    int calls = 0;
    int destroyed = 0;
    std::string last;
};

TEST(CallbackFilter, CallsAndDestroys) {
    CallbackState state;
    {
        auto f = Ref<CallbackFilter>::make(
            [](const Record* r, void* ud) {
                auto* s = static_cast<CallbackState*>(ud);
                ++s->calls;
                s->last = std::string(r->logger_name);
                return r->level >= 30 ? 1 : 0;
            },
            [](void* ud) { ++static_cast<CallbackState*>(ud)->destroyed; }, &state);
        EXPECT_TRUE(f->accept(named("hit", 40)));
        EXPECT_FALSE(f->accept(named("miss", 10)));
        EXPECT_EQ(state.calls, 2);
        EXPECT_EQ(state.last, "miss");
        EXPECT_EQ(state.destroyed, 0);
    }
    EXPECT_EQ(state.destroyed, 1);
}

TEST(CallbackFilter, NullFunctionRejected) {
    EXPECT_THROW(CallbackFilter(nullptr, nullptr, nullptr), Error);
}

TEST(FilterList, AllMustAccept) {
    FilterList list;
    EXPECT_TRUE(list.accept(named("a.b", 10)));
    EXPECT_TRUE(list.add(Ref<const Filter>::adopt(new NameFilter("a"))));
    auto level = Ref<const Filter>::adopt(new LevelFilter(20, 50));
    EXPECT_TRUE(list.add(level));
    EXPECT_FALSE(list.add(level));  // already there
    EXPECT_FALSE(list.accept(named("a.b", 10)));
    EXPECT_TRUE(list.accept(named("a.b", 20)));
    EXPECT_FALSE(list.accept(named("b", 20)));
    EXPECT_TRUE(list.remove(level.get()));
    EXPECT_FALSE(list.remove(level.get()));
    EXPECT_TRUE(list.accept(named("a.b", 10)));
    list.clear();
    EXPECT_TRUE(list.empty());
    EXPECT_TRUE(list.accept(named("b", 10)));
}

}  // namespace
}  // namespace picolog
