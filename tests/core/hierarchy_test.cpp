// hierarchy_test.cpp - the registry and logger tree: creation order
// independence, effective levels and thresholds, propagate, disabled,
// disable(), level listeners and Python's lastResort.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>

#include "core_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"

namespace picolog::test {
namespace {

Registry& reg() {
    return Registry::instance();
}

TEST(Hierarchy, RootLogger) {
    Logger& root = reg().root();
    EXPECT_EQ(&reg().get(""), &root);
    EXPECT_EQ(&reg().get("root"), &root);
    EXPECT_EQ(root.name(), "root");
    EXPECT_EQ(root.parent(), nullptr);
    EXPECT_EQ(root.level(), WARNING);
    EXPECT_EQ(reg().find("root"), &root);
}

TEST(Hierarchy, SameNameSameLogger) {
    Logger& a = reg().get("same.name");
    EXPECT_EQ(&reg().get("same.name"), &a);
    EXPECT_EQ(reg().find("same.name"), &a);
    EXPECT_EQ(reg().find("same.nam"), nullptr);
    EXPECT_EQ(a.name(), "same.name");
    EXPECT_EQ(a.name().data()[a.name().size()], '\0');
}

TEST(Hierarchy, NulInNameIsInvalid) {
    try {
        reg().get(std::string_view("bad\0name", 8));
        FAIL() << "no exception";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
    }
}

// Every creation order of x.a, x.a.b and x.a.b.c ends with the same tree.
TEST(Hierarchy, CreationOrderDoesNotMatter) {
    std::array<int, 3> order = {0, 1, 2};
    int round = 0;
    do {
        std::string base = "order" + std::to_string(round++);
        std::array<std::string, 3> names = {base + ".a", base + ".a.b", base + ".a.b.c"};
        for (int i : order) reg().get(names[i]);
        Logger* a = reg().find(names[0]);
        Logger* b = reg().find(names[1]);
        Logger* c = reg().find(names[2]);
        ASSERT_TRUE(a && b && c);
        EXPECT_EQ(a->parent(), &reg().root()) << base;
        EXPECT_EQ(b->parent(), a) << base;
        EXPECT_EQ(c->parent(), b) << base;
    } while (std::next_permutation(order.begin(), order.end()));
}

TEST(Hierarchy, PlaceholderFixUp) {
    Logger& deep = reg().get("fix.a.b.c");
    EXPECT_EQ(deep.parent(), &reg().root());
    Logger& sibling = reg().get("fix.a.bc");
    Logger& a = reg().get("fix.a");
    EXPECT_EQ(deep.parent(), &a);
    EXPECT_EQ(sibling.parent(), &a);
    Logger& b = reg().get("fix.a.b");
    EXPECT_EQ(b.parent(), &a);
    EXPECT_EQ(deep.parent(), &b);
    EXPECT_EQ(sibling.parent(), &a);  // "fix.a.bc" is not below "fix.a.b"
}

TEST(Hierarchy, IntermediateAdoptsOnlyItsDescendants) {
    Logger& top = reg().get("adopt");
    Logger& x = reg().get("adopt.p.q.x");
    Logger& y = reg().get("adopt.p.y");
    Logger& z = reg().get("adopt.pz");
    EXPECT_EQ(x.parent(), &top);
    Logger& p = reg().get("adopt.p");
    EXPECT_EQ(x.parent(), &p);
    EXPECT_EQ(y.parent(), &p);
    EXPECT_EQ(z.parent(), &top);
    Logger& q = reg().get("adopt.p.q");
    EXPECT_EQ(x.parent(), &q);
    EXPECT_EQ(q.parent(), &p);
}

// Python's ancestor walk of a name with an empty part skips the prefix
// before a dot that follows a dot: "dots.b...x" is below "dots.b..", then
// "dots.b", never "dots.b.". A logger created later still adopts the
// loggers whose walk meets it first, wherever they hang until then. Parents
// as CPython's logging.getLogger links them.
TEST(Hierarchy, NamesWithEmptyPartsLinkAsPython) {
    Logger& b = reg().get("dots.b");
    Logger& x = reg().get("dots.b...x");
    EXPECT_EQ(x.parent(), &b);
    Logger& two = reg().get("dots.b..");
    EXPECT_EQ(two.parent(), &reg().root());
    EXPECT_EQ(x.parent(), &two);
    Logger& one = reg().get("dots.b.");
    EXPECT_EQ(one.parent(), &b);
    EXPECT_EQ(two.parent(), &one);
    EXPECT_EQ(x.parent(), &two);

    Logger& three = reg().get("dots2...");
    Logger& dot = reg().get("dots2.");
    EXPECT_EQ(three.parent(), &reg().root());
    Logger& pair = reg().get("dots2..");
    EXPECT_EQ(pair.parent(), &dot);
    EXPECT_EQ(three.parent(), &pair);
}

// Adopted loggers follow their new parent's level.
TEST(Hierarchy, ALoggerAdoptedAcrossAnEmptyPartFollowsItsNewParent) {
    Logger& x = reg().get("dotlevel.b...x");
    reg().get("dotlevel.b");
    Logger& two = reg().get("dotlevel.b..");
    two.set_level(ERROR);
    EXPECT_EQ(x.effective_level(), ERROR);
    EXPECT_FALSE(x.is_enabled_for(WARNING));
    two.set_level(NOTSET);
}

TEST(Hierarchy, EffectiveLevels) {
    Logger& a = reg().get("eff.a");
    Logger& b = reg().get("eff.a.b");
    Logger& c = reg().get("eff.a.b.c");
    EXPECT_EQ(c.effective_level(), reg().root().effective_level());
    a.set_level(ERROR);
    EXPECT_EQ(b.effective_level(), ERROR);
    EXPECT_EQ(c.effective_level(), ERROR);
    b.set_level(DEBUG);
    EXPECT_EQ(a.effective_level(), ERROR);
    EXPECT_EQ(c.effective_level(), DEBUG);
    EXPECT_TRUE(c.is_enabled_for(DEBUG));
    EXPECT_FALSE(c.is_enabled_for(TRACE));
    EXPECT_FALSE(a.is_enabled_for(WARNING));
    b.set_level(NOTSET);
    EXPECT_EQ(c.effective_level(), ERROR);
    EXPECT_EQ(c.threshold_ptr()->load(), ERROR);
    // A logger created under an existing level inherits it at once.
    Logger& d = reg().get("eff.a.b.c.d");
    EXPECT_EQ(d.effective_level(), ERROR);
    EXPECT_THROW(a.set_level(-1), Error);
    a.set_level(NOTSET);
    EXPECT_EQ(d.effective_level(), reg().root().effective_level());
}

TEST(Hierarchy, AdoptedChildrenFollowTheNewParentsLevel) {
    Logger& c = reg().get("adoptlvl.a.b");
    Logger& a = reg().get("adoptlvl.a");
    a.set_level(CRITICAL);
    EXPECT_EQ(c.effective_level(), CRITICAL);
}

TEST(Hierarchy, DisabledLoggerDropsEverything) {
    Logger& l = reg().get("disabled.one");
    auto h = Ref<RecordingHandler>::make();
    l.add_handler(h);
    l.set_level(DEBUG);
    l.set_disabled(true);
    EXPECT_TRUE(l.disabled());
    EXPECT_FALSE(l.is_enabled_for(CRITICAL));
    EXPECT_EQ(l.threshold_ptr()->load(), INT32_MAX);
    Record r;
    r.level = CRITICAL;
    r.message = "dropped";
    EXPECT_EQ(l.log(r), kOk);
    EXPECT_EQ(h->count(), 0u);
    l.set_disabled(false);
    EXPECT_TRUE(l.is_enabled_for(DEBUG));
    l.log(r);
    EXPECT_EQ(h->count(), 1u);
}

TEST(Hierarchy, GlobalDisable) {
    Logger& l = reg().get("gdisable.a");
    l.set_level(DEBUG);
    reg().set_disable(INFO);
    EXPECT_EQ(reg().disable(), INFO);
    EXPECT_FALSE(l.is_enabled_for(INFO));
    EXPECT_TRUE(l.is_enabled_for(INFO + 1));
    EXPECT_GE(reg().min_threshold(), INFO + 1);
    // A logger created while disable() is on gets the same floor.
    Logger& fresh = reg().get("gdisable.a.fresh");
    EXPECT_FALSE(fresh.is_enabled_for(INFO));
    reg().set_disable(NOTSET);
    EXPECT_TRUE(l.is_enabled_for(DEBUG));
    EXPECT_TRUE(fresh.is_enabled_for(DEBUG));
    EXPECT_THROW(reg().set_disable(-3), Error);
    reg().set_disable(CRITICAL);  // Python's logging.disable() default
    EXPECT_FALSE(l.is_enabled_for(CRITICAL));
    EXPECT_TRUE(l.is_enabled_for(CRITICAL + 1));
    reg().set_disable(NOTSET);
    l.set_level(NOTSET);
}

TEST(Hierarchy, MinThresholdTracksTheLowestLogger) {
    Logger& l = reg().get("minthr.a");
    int before = reg().min_threshold();
    l.set_level(1);
    EXPECT_EQ(reg().min_threshold(), 1);
    l.set_level(NOTSET);
    EXPECT_EQ(reg().min_threshold(), before);
}

struct ListenerCount {
    int calls = 0;
    static void on_change(void* self) { ++static_cast<ListenerCount*>(self)->calls; }
};

TEST(Hierarchy, LevelListeners) {
    ListenerCount count;
    reg().add_level_listener(&ListenerCount::on_change, &count);
    Logger& l = reg().get("listeners.a");
    EXPECT_EQ(count.calls, 1);  // a new logger
    l.set_level(ERROR);
    EXPECT_EQ(count.calls, 2);
    l.set_disabled(true);
    l.set_disabled(false);
    EXPECT_EQ(count.calls, 4);
    reg().set_disable(NOTSET);
    EXPECT_EQ(count.calls, 5);
    reg().get("listeners.a");  // existing: no change
    EXPECT_EQ(count.calls, 5);
    EXPECT_TRUE(reg().remove_level_listener(&ListenerCount::on_change, &count));
    EXPECT_FALSE(reg().remove_level_listener(&ListenerCount::on_change, &count));
    l.set_level(NOTSET);
    EXPECT_EQ(count.calls, 5);
    EXPECT_THROW(reg().add_level_listener(nullptr, nullptr), Error);
}

TEST(Hierarchy, ForEachAndSize) {
    reg().get("foreach.one");
    size_t visited = 0;
    bool saw_root_first = false;
    reg().for_each([&](Logger& l) {
        if (visited == 0) saw_root_first = &l == &reg().root();
        ++visited;
    });
    EXPECT_TRUE(saw_root_first);
    EXPECT_EQ(visited, reg().size());
    EXPECT_GE(visited, 2u);
}

TEST(Hierarchy, PropagateWalksUpToTheFirstStop) {
    Logger& top = reg().get("prop");
    Logger& mid = reg().get("prop.mid");
    Logger& leaf = reg().get("prop.mid.leaf");
    leaf.set_level(DEBUG);
    auto top_h = Ref<RecordingHandler>::make();
    auto mid_h = Ref<RecordingHandler>::make();
    top.add_handler(top_h);
    mid.add_handler(mid_h);
    Record r;
    r.level = INFO;
    r.message = "m";
    leaf.log(r);
    EXPECT_EQ(top_h->count(), 1u);
    EXPECT_EQ(mid_h->count(), 1u);
    mid.set_propagate(false);
    Record r2;
    r2.level = INFO;
    leaf.log(r2);
    EXPECT_EQ(top_h->count(), 1u);
    EXPECT_EQ(mid_h->count(), 2u);
    EXPECT_TRUE(leaf.has_handlers());
    mid.clear_handlers();
    EXPECT_FALSE(leaf.has_handlers());  // propagation stops at mid
    mid.set_propagate(true);
    EXPECT_TRUE(leaf.has_handlers());
    top.clear_handlers();
}

TEST(Hierarchy, OnlyTheOriginatingLoggersFiltersRun) {
    Logger& parent = reg().get("filt");
    Logger& child = reg().get("filt.child");
    child.set_level(DEBUG);
    auto h = Ref<RecordingHandler>::make();
    parent.add_handler(h);
    parent.filters().add(Ref<const Filter>::adopt(new LevelFilter(50, 50)));
    Record r;
    r.level = INFO;
    child.log(r);
    EXPECT_EQ(h->count(), 1u);  // as Python: the parent's filters are not consulted
    Record r2;
    r2.level = INFO;
    parent.set_level(DEBUG);
    parent.log(r2);
    EXPECT_EQ(h->count(), 1u);
    child.filters().add(Ref<const Filter>::adopt(new NameFilter("other")));
    Record r3;
    r3.level = INFO;
    child.log(r3);
    EXPECT_EQ(h->count(), 1u);
    parent.clear_handlers();
}

TEST(Hierarchy, LogSetsNameAndStamps) {
    Logger& l = reg().get("stamped.x");
    l.set_level(DEBUG);
    auto h = Ref<RecordingHandler>::make();
    h->set_formatter(
        Ref<const Formatter>::adopt(new PatternFormatter("%(name)s|%(threadName)s|%(process)d")));
    l.add_handler(h);
    Record r;
    r.level = INFO;
    l.log(r);
    ASSERT_EQ(h->count(), 1u);
    EXPECT_EQ(h->lines()[0], "stamped.x|MainThread|" + std::to_string(::getpid()));
    l.clear_handlers();
}

TEST(Hierarchy, LastResortWritesWarningsToStderr) {
    Logger& l = reg().get("lastresort.x");
    l.set_level(DEBUG);
    ASSERT_FALSE(l.has_handlers());
    StderrCapture capture;
    Record info;
    info.level = INFO;
    info.message = "quiet";
    l.log(info);
    Record warning;
    warning.level = WARNING;
    warning.message = "loud";
    warning.exc_text = "trace";
    l.log(warning);
    EXPECT_EQ(capture.text(), "loud\ntrace\n");
}

TEST(Hierarchy, NoLastResortWhenAHandlerExists) {
    Logger& l = reg().get("lastresort.quiet");
    auto h = Ref<RecordingHandler>::make();
    h->set_level(CRITICAL);  // present but not interested: still no lastResort
    l.add_handler(h);
    StderrCapture capture;
    Record r;
    r.level = ERROR;
    r.message = "handled elsewhere";
    l.log(r);
    EXPECT_EQ(capture.text(), "");
    l.clear_handlers();
}

}  // namespace
}  // namespace picolog::test
