// directives_test.cpp - the PICOLOG_LEVEL grammar, table-driven (every
// malformed form included), and how directives land in the hierarchy.
#include <gtest/gtest.h>

#include <climits>

#include "../core/core_test_util.hpp"
#include "picolog/config.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"

namespace picolog {
namespace {

using config::kEverything;
using config::kOff;

struct ParseCase {
    const char* text;
    std::vector<std::pair<std::string, int>> directives;
    std::vector<std::pair<std::string, std::string>> errors;  // entry, part of the reason
};

const ParseCase kCases[] = {
    {"", {}, {}},
    {" , ,", {}, {}},
    {"info", {{"", INFO}}, {}},
    {"WARN", {{"", WARNING}}, {}},
    {"Warning", {{"", WARNING}}, {}},
    {"trace", {{"", TRACE}}, {}},
    {"off", {{"", kOff}}, {}},
    {"OFF", {{"", kOff}}, {}},
    {"15", {{"", 15}}, {}},
    {"0", {{"", 0}}, {}},
    {"app", {{"app", kEverything}}, {}},
    {"app=debug", {{"app", DEBUG}}, {}},
    {" app = debug ", {{"app", DEBUG}}, {}},
    {"app.db=error", {{"app.db", ERROR}}, {}},
    {"my_crate::db=info", {{"my_crate.db", INFO}}, {}},
    {"a::b::c", {{"a.b.c", kEverything}}, {}},
    {"root=debug", {{"", DEBUG}}, {}},
    {"app=25", {{"app", 25}}, {}},
    {"app=off", {{"app", kOff}}, {}},
    {"warn,app=debug,app.db=off", {{"", WARNING}, {"app", DEBUG}, {"app.db", kOff}}, {}},
    {"app=info,app=error", {{"app", INFO}, {"app", ERROR}}, {}},
    {"info,", {{"", INFO}}, {}},
    // Malformed forms: each skipped, the rest kept.
    {"=info", {}, {{"=info", "logger name is empty"}}},
    {"app=", {}, {{"app=", "level is empty"}}},
    {"app=bogus", {}, {{"app=bogus", "unknown level 'bogus'"}}},
    {"app=-5", {}, {{"app=-5", "cannot be negative"}}},
    {"-5", {}, {{"-5", "cannot be negative"}}},
    {"app=99999999999", {}, {{"app=99999999999", "out of range"}}},
    {"99999999999", {}, {{"99999999999", "out of range"}}},
    {"a=b=c", {}, {{"a=b=c", "more than one '='"}}},
    {"app..db=info", {}, {{"app..db=info", "empty segment"}}},
    {".app=info", {}, {{".app=info", "empty segment"}}},
    {"app.=info", {}, {{"app.=info", "empty segment"}}},
    {"app:db=info", {}, {{"app:db=info", "single ':'"}}},
    {"app:::db=info", {}, {{"app:::db=info", "single ':'"}}},
    {"my app=info", {}, {{"my app=info", "blank"}}},
    {"app=info/foo", {}, {{"app=info/foo", "not supported"}}},
    {"/foo", {}, {{"/foo", "not supported"}}},
    {"app=1.5", {}, {{"app=1.5", "unknown level '1.5'"}}},
    {"info,app=nope,db=debug", {{"", INFO}, {"db", DEBUG}}, {{"app=nope", "unknown level 'nope'"}}},
};

TEST(DirectiveGrammar, EveryCase) {
    for (const ParseCase& c : kCases) {
        SCOPED_TRACE(c.text);
        config::Directives parsed = config::parse_directives(c.text);
        ASSERT_EQ(parsed.directives.size(), c.directives.size());
        for (size_t i = 0; i < c.directives.size(); ++i) {
            EXPECT_EQ(parsed.directives[i].name, c.directives[i].first);
            EXPECT_EQ(parsed.directives[i].level, c.directives[i].second);
        }
        ASSERT_EQ(parsed.errors.size(), c.errors.size());
        for (size_t i = 0; i < c.errors.size(); ++i) {
            EXPECT_EQ(parsed.errors[i].entry, c.errors[i].first);
            EXPECT_NE(parsed.errors[i].reason.find(c.errors[i].second), std::string::npos)
                << parsed.errors[i].reason;
        }
    }
}

TEST(DirectiveGrammar, CustomLevelNamesInAnyCase) {
    levels::add_name(25, "Notice");
    auto parsed = config::parse_directives("notice,x=NOTICE");
    ASSERT_EQ(parsed.directives.size(), 2u);
    EXPECT_EQ(parsed.directives[0].level, 25);
    EXPECT_EQ(parsed.directives[1].level, 25);
}

Logger& get(std::string_view name) {
    return Registry::instance().get(name);
}

TEST(ApplyDirectives, SetsNamedLoggersAndMatchesWholeSegments) {
    Logger& application = get("dapp1ication");
    application.set_level(ERROR);
    EXPECT_EQ(config::apply_directives("dapp=debug"), 0u);
    EXPECT_EQ(get("dapp").level(), DEBUG);
    EXPECT_EQ(application.level(), ERROR);  // "dapp" does not match "dapp1ication"
}

TEST(ApplyDirectives, LoggersCreatedLaterInherit) {
    config::apply_directives("dlater=error");
    Logger& child = get("dlater.child.grandchild");
    EXPECT_EQ(child.effective_level(), ERROR);
    EXPECT_FALSE(child.is_enabled_for(WARNING));
}

TEST(ApplyDirectives, MostSpecificWinsWhateverTheOrder) {
    config::apply_directives("dspec.db=debug,dspec=error");
    EXPECT_EQ(get("dspec").level(), ERROR);
    EXPECT_EQ(get("dspec.db").level(), DEBUG);
    EXPECT_EQ(get("dspec.db.pool").effective_level(), DEBUG);
    EXPECT_EQ(get("dspec.web").effective_level(), ERROR);
}

TEST(ApplyDirectives, LaterDirectivesWin) {
    config::apply_directives("dlast=debug,dlast=critical");
    EXPECT_EQ(get("dlast").level(), CRITICAL);
}

TEST(ApplyDirectives, ExistingDescendantsFollowUnlessNamed) {
    get("ddesc.a").set_level(CRITICAL);
    get("ddesc.b").set_level(CRITICAL);
    config::apply_directives("ddesc=info,ddesc.b=error");
    EXPECT_EQ(get("ddesc.a").level(), NOTSET);
    EXPECT_EQ(get("ddesc.a").effective_level(), INFO);
    EXPECT_EQ(get("ddesc.b").level(), ERROR);
}

TEST(ApplyDirectives, RustTargetsAndOff) {
    config::apply_directives("dcrate::net=off");
    EXPECT_EQ(get("dcrate.net").level(), kOff);
    EXPECT_FALSE(get("dcrate.net").is_enabled_for(CRITICAL));
    EXPECT_FALSE(get("dcrate.net").is_enabled_for(1000000));
}

TEST(ApplyDirectives, BareNameEnablesEverything) {
    config::apply_directives("deverything");
    EXPECT_TRUE(get("deverything.x").is_enabled_for(1));
}

TEST(ApplyDirectives, BadEntriesReportedOnceEachAndTheRestApplied) {
    test::ErrorCapture errors;
    size_t skipped = config::apply_directives("dbad=nope,dbad.ok=error,a=b=c", "PICOLOG_LEVEL");
    EXPECT_EQ(skipped, 2u);
    EXPECT_EQ(get("dbad.ok").level(), ERROR);
    auto messages = errors.messages();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0], "picolog: PICOLOG_LEVEL: skipped 'dbad=nope': unknown level 'nope'");
    EXPECT_EQ(messages[1], "picolog: PICOLOG_LEVEL: skipped 'a=b=c': more than one '='");
}

TEST(ApplyDirectives, ABareLevelSetsTheRootOnly) {
    Logger& root = Registry::instance().root();
    int before = root.level();
    get("droot.named").set_level(DEBUG);
    config::apply_directives("error");
    EXPECT_EQ(root.level(), ERROR);
    EXPECT_EQ(get("droot.named").level(), DEBUG);
    root.set_level(before);
}

}  // namespace
}  // namespace picolog
