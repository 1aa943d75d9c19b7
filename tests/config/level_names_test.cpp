// level_names_test.cpp - a configuration's `levels` table: custom level names
// given by the configuration itself (as logging.addLevelName), usable by its
// own levels and by the level directives after it, named in the process only
// once the configuration is applied.
#include <gtest/gtest.h>

#include "config_test_util.hpp"
#include "picolog/error.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::log_line;
using test::read_file;

// The error message of configuring `text`, or "" when it is accepted.
std::string refusal(const std::string& text) {
    try {
        config::configure(text);
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid) << e.what();
        return e.what();
    }
    return "";
}

TEST_F(ConfigTest, AConfigurationNamesTheLevelsItUses) {
    const std::string path = dir_.file("levels.log");
    config::configure(R"({
  "version": 1,
  "disable_existing_loggers": false,
  "levels": {"CFG_NOTICE": 25, "CFG_AUDIT": 60},
  "formatters": {"plain": {"format": "%(levelname)s %(levelno)d %(message)s"}},
  "handlers": {"file": {"class": "logging.FileHandler", "filename": ")" +
                      path + R"(", "formatter": "plain", "level": "CFG_NOTICE"}},
  "loggers": {"named": {"level": "CFG_NOTICE", "handlers": ["file"], "propagate": false}}
})");
    EXPECT_EQ(Registry::instance().get("named").level(), 25);
    EXPECT_EQ(levels::from_name("CFG_NOTICE"), 25);
    EXPECT_EQ(levels::name(60), "CFG_AUDIT");
    log_line("named", INFO, "below");
    log_line("named", 25, "notice");
    log_line("named", 60, "audit");
    runtime::flush_all();
    EXPECT_EQ(read_file(path), "CFG_NOTICE 25 notice\nCFG_AUDIT 60 audit\n");
}

TEST_F(ConfigTest, TomlNamesLevelsInALevelsTable) {
    config::configure(R"(version = 1
disable_existing_loggers = false

[levels]
CFG_TOML_VERBOSE = 15

[loggers.toml_named]
level = "CFG_TOML_VERBOSE"
)");
    EXPECT_EQ(Registry::instance().get("toml_named").level(), 15);
    EXPECT_EQ(levels::name(15), "CFG_TOML_VERBOSE");
}

TEST_F(ConfigTest, ANameGivenByTheConfigurationWinsOverTheProcesssOwn) {
    levels::add_name(33, "CFG_MOVED");
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
  "levels": {"CFG_MOVED": 34}, "loggers": {"moved": {"level": "CFG_MOVED"}}})");
    EXPECT_EQ(Registry::instance().get("moved").level(), 34);
    EXPECT_EQ(levels::from_name("CFG_MOVED"), 34);
}

TEST_F(ConfigTest, AnIncrementalConfigurationNamesLevelsToo) {
    config::configure(R"({"version": 1, "incremental": true,
  "levels": {"CFG_INCREMENTAL": 27}, "loggers": {"incremental": {"level": "CFG_INCREMENTAL"}}})");
    EXPECT_EQ(Registry::instance().get("incremental").level(), 27);
    EXPECT_EQ(levels::name(27), "CFG_INCREMENTAL");
}

TEST_F(ConfigTest, LevelDirectivesAfterTheConfigurationUseItsNames) {
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
  "levels": {"CFG_DIRECTIVE": 23}})");
    config::apply_directives("directed=cfg_directive", "test");
    EXPECT_EQ(Registry::instance().get("directed").level(), 23);
}

TEST_F(ConfigTest, ARefusedConfigurationNamesNoLevel) {
    const std::string text = R"({"version": 1, "levels": {"CFG_NEVER": 26},
  "loggers": {"never": {"handlers": ["missing"]}}})";
    EXPECT_NE(refusal(text), "");
    EXPECT_FALSE(levels::from_name("CFG_NEVER").has_value());
    EXPECT_EQ(levels::name(26), "Level 26");
}

TEST_F(ConfigTest, CheckingAConfigurationNamesNoLevel) {
    config::check(R"({"version": 1, "levels": {"CFG_CHECKED": 24}, "root": {"level": "CFG_CHECKED"}})");
    EXPECT_FALSE(levels::from_name("CFG_CHECKED").has_value());
    EXPECT_EQ(levels::name(24), "Level 24");
}

TEST_F(ConfigTest, BadLevelNamesAreRefusedWithTheirPath) {
    const char* head = R"({"version": 1, "levels": )";
    auto refused = [&](const std::string& levels) { return refusal(head + levels + "}"); };
    EXPECT_NE(refused(R"({"": 25})").find("levels: an empty level name"), std::string::npos);
    EXPECT_NE(refused(R"({"25": 25})").find("levels.25: a level name cannot be a number"), std::string::npos);
    EXPECT_NE(refused(R"({"-3": 25})").find("a level name cannot be a number"), std::string::npos);
    EXPECT_NE(refused(R"({"CFG_BAD": -1})").find("levels.CFG_BAD: -1 is out of range"), std::string::npos);
    EXPECT_NE(refused(R"({"CFG_BAD": "25"})").find("levels.CFG_BAD: expected an integer"), std::string::npos);
    EXPECT_NE(refused(R"({"CFG_BAD": 2147483648})").find("out of range"), std::string::npos);
    EXPECT_NE(refused(R"([25])").find("levels: expected a table"), std::string::npos);
    EXPECT_NE(refused(R"({"CFG_NUL\u0000": 25})").find("levels: a NUL byte in a level name"),
              std::string::npos);
    EXPECT_FALSE(levels::from_name("CFG_BAD").has_value());
}

TEST_F(ConfigTest, AnUnknownLevelNameIsStillRefused) {
    EXPECT_NE(refusal(R"({"version": 1, "levels": {"CFG_KNOWN": 25}, "root": {"level": "CFG_UNKNOWN"}})")
                  .find("root.level: unknown level 'CFG_UNKNOWN'"),
              std::string::npos);
}

}  // namespace
}  // namespace picolog
