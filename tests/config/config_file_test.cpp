// config_file_test.cpp - configuration files: the same settings in JSON and
// TOML give byte-identical output, environment references, the dictConfig
// semantics of loggers (propagate, disable_existing_loggers, incremental),
// queues and unchanged handlers kept across configurations.
#include <gtest/gtest.h>
#include <stdlib.h>

#include "config_test_util.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::log_line;
using test::read_file;
using test::write_file;

std::string json_config(const std::string& path) {
    return R"({
  "version": 1,
  "disable_existing_loggers": false,
  "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
  "filters": {"only_same": {"name": "same"}},
  "handlers": {
    "file": {"class": "logging.FileHandler", "filename": ")" +
           path + R"(", "formatter": "plain", "level": "INFO", "filters": ["only_same"]},
    "queue": {"class": "logging.handlers.QueueHandler", "handlers": ["qfile"]},
    "qfile": {"class": "file", "filename": ")" +
           path + R"(.q", "formatter": "plain"}
  },
  "loggers": {"same": {"level": "DEBUG", "handlers": ["file", "queue"], "propagate": false}}
})";
}

std::string toml_config(const std::string& path) {
    return R"(version = 1
disable_existing_loggers = false

[formatters.plain]
format = "%(levelname)s %(name)s: %(message)s"

[filters.only_same]
name = "same"

[handlers.file]
class = "logging.FileHandler"
filename = ")" +
           path + R"("
formatter = "plain"
level = "INFO"
filters = ["only_same"]

[handlers.queue]
class = "logging.handlers.QueueHandler"
handlers = ["qfile"]

[handlers.qfile]
class = "file"
filename = ")" +
           path + R"(.q"
formatter = "plain"

[loggers.same]
level = "DEBUG"
handlers = ["file", "queue"]
propagate = false
)";
}

void log_sample() {
    log_line("same", DEBUG, "debug goes to the queue only");
    log_line("same", INFO, "info everywhere");
    log_line("same.child", ERROR, "error from a child");
}

TEST_F(ConfigTest, JsonAndTomlWriteTheSameBytes) {
    std::string json_path = dir_.file("json.log"), toml_path = dir_.file("toml.log");
    config::configure(json_config(json_path));
    log_sample();
    config::configure(toml_config(toml_path), config::Format::Toml);
    log_sample();
    runtime::flush_all();
    std::string expected =
        "INFO same: info everywhere\n"
        "ERROR same.child: error from a child\n";
    EXPECT_EQ(read_file(json_path), expected);
    EXPECT_EQ(read_file(toml_path), expected);
    EXPECT_EQ(read_file(json_path + ".q"), "DEBUG same: debug goes to the queue only\n" + expected);
    EXPECT_EQ(read_file(toml_path + ".q"), read_file(json_path + ".q"));
}

TEST_F(ConfigTest, FormatDetectedAndFileExtension) {
    std::string path = dir_.file("cfg.toml");
    write_file(path, toml_config(dir_.file("ext.log")));
    config::configure_file(path);
    log_line("same", INFO, "from a file");
    runtime::flush_all();
    EXPECT_EQ(read_file(dir_.file("ext.log")), "INFO same: from a file\n");
}

// dictConfig accepts version 1.0 (its check is `version != 1`), and editors
// on Windows begin a file with a byte-order mark.
TEST_F(ConfigTest, VersionOnePointZeroAndAByteOrderMark) {
    std::string log = dir_.file("bom.log");
    const std::string bom = "\xEF\xBB\xBF";
    const std::string json = R"({"version": 1.0, "disable_existing_loggers": false,
      "handlers": {"f": {"class": "file", "filename": ")" +
                             log + R"("}},
      "loggers": {"bom": {"handlers": ["f"], "level": "INFO", "propagate": false}}})";
    std::string path = dir_.file("bom-config");  // no extension: the text says which format
    write_file(path, bom + json);
    config::configure_file(path);
    log_line("bom", INFO, "json");
    write_file(path, bom + toml_config(log));
    config::configure_file(path);
    log_line("same", INFO, "toml");
    runtime::flush_all();
    EXPECT_EQ(read_file(log), "json\nINFO same: toml\n");
}

TEST_F(ConfigTest, EnvironmentReferences) {
    ::setenv("PICOLOG_TEST_DIR", dir_.file("").c_str(), 1);
    ::unsetenv("PICOLOG_TEST_UNSET");
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
      "handlers": {"f": {"class": "file", "filename": "${PICOLOG_TEST_DIR}/${PICOLOG_TEST_UNSET:-env}.log"}},
      "formatters": {"cost": {"format": "$$5 %(message)s"}},
      "loggers": {"envtest": {"handlers": ["f"], "level": "INFO", "propagate": false}}})");
    log_line("envtest", INFO, "expanded");
    runtime::flush_all();
    EXPECT_EQ(read_file(dir_.file("env.log")), "expanded\n");
}

// A default may name another variable, with a default of its own, as in
// the shell.
TEST_F(ConfigTest, ADefaultMayReferToAnotherVariable) {
    ::setenv("PICOLOG_TEST_DIR", dir_.file("").c_str(), 1);
    ::setenv("PICOLOG_TEST_NAME", "nested", 1);
    ::unsetenv("PICOLOG_TEST_UNSET");
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
      "handlers": {"f": {"class": "file",
        "filename": "${PICOLOG_TEST_UNSET:-${PICOLOG_TEST_DIR}}/${PICOLOG_TEST_UNSET:-${PICOLOG_TEST_NAME}}-${PICOLOG_TEST_UNSET:-${PICOLOG_TEST_UNSET:-x}}.log"}},
      "formatters": {"cost": {"format": "${PICOLOG_TEST_UNSET:-$$5} %(message)s"}},
      "loggers": {"nested": {"handlers": ["f"], "level": "INFO", "propagate": false}}})");
    log_line("nested", INFO, "found");
    runtime::flush_all();
    EXPECT_EQ(read_file(dir_.file("nested-x.log")), "found\n");
}

TEST_F(ConfigTest, ExistingLoggersDisabledOrResetAsLogging) {
    Logger& outside = Registry::instance().get("dis_outside");
    Logger& below = Registry::instance().get("dis_named.below");
    below.set_level(CRITICAL);
    below.set_propagate(false);
    config::configure(R"({"version": 1, "loggers": {"dis_named": {"level": "INFO"}}})");
    EXPECT_TRUE(outside.disabled());
    EXPECT_FALSE(below.disabled());
    EXPECT_EQ(below.level(), NOTSET);
    EXPECT_TRUE(below.propagate());
    config::configure(R"({"version": 1, "disable_existing_loggers": false, "loggers": {"dis_named": {}}})");
    EXPECT_FALSE(outside.disabled());
}

TEST_F(ConfigTest, IncrementalChangesLevelsOnly) {
    std::string path = dir_.file("inc.log");
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
      "handlers": {"h": {"class": "file", "filename": ")" +
                      path + R"(", "level": "ERROR"}},
      "loggers": {"inc": {"handlers": ["h"], "level": "DEBUG"}}})");
    log_line("inc", WARNING, "below the handler's level");
    config::configure(R"({"version": 1, "incremental": true, "handlers": {"h": {"level": "WARNING"}},
      "loggers": {"inc": {"level": "ERROR", "propagate": false}}})");
    EXPECT_EQ(Registry::instance().get("inc").level(), ERROR);
    EXPECT_FALSE(Registry::instance().get("inc").propagate());
    log_line("inc", ERROR, "written");
    runtime::flush_all();
    EXPECT_EQ(read_file(path), "written\n");
    EXPECT_THROW(
        config::configure(R"({"version": 1, "incremental": true, "handlers": {"nope": {"level": 1}}})"),
        Error);
}

// A kept handler takes the level the configuration gives it, as a new one
// would: an incremental configuration in between changed it.
TEST_F(ConfigTest, AConfigurationReappliedAfterAnIncrementalOneRestoresHandlerLevels) {
    std::string leveled = dir_.file("leveled.log"), plain = dir_.file("plain.log");
    const std::string full = R"({"version": 1, "disable_existing_loggers": false,
      "handlers": {"leveled": {"class": "file", "filename": ")" +
                             leveled + R"(", "level": "ERROR"},
                   "plain": {"class": "file", "filename": ")" +
                             plain + R"("}},
      "loggers": {"relevel": {"handlers": ["leveled", "plain"], "level": "DEBUG", "propagate": false}}})";
    config::configure(full);
    Logger& logger = Registry::instance().get("relevel");
    auto before = *logger.handlers();
    config::configure(R"({"version": 1, "incremental": true,
      "handlers": {"leveled": {"level": "DEBUG"}, "plain": {"level": "CRITICAL"}}})");
    config::configure(full);
    auto after = *logger.handlers();
    ASSERT_EQ(after.size(), 2u);
    EXPECT_EQ(before[0].get(), after[0].get());  // kept, not rebuilt
    EXPECT_EQ(before[1].get(), after[1].get());
    log_line("relevel", WARNING, "warning");
    log_line("relevel", ERROR, "error");
    runtime::flush_all();
    EXPECT_EQ(read_file(leveled), "error\n");
    EXPECT_EQ(read_file(plain), "warning\nerror\n");
}

TEST_F(ConfigTest, UnchangedHandlersAreKeptChangedOnesReplaced) {
    std::string a = dir_.file("a.log"), b = dir_.file("b.log");
    auto text = [&](const char* level_b) {
        return R"({"version": 1, "disable_existing_loggers": false,
          "handlers": {"a": {"class": "file", "filename": ")" +
               a + R"(", "buffered": true},
                       "b": {"class": "file", "filename": ")" +
               b + R"(", "level": ")" + level_b + R"("}},
          "loggers": {"keep": {"handlers": ["a", "b"], "level": "DEBUG"}}})";
    };
    config::configure(text("INFO"));
    Logger& keep = Registry::instance().get("keep");
    auto first = *keep.handlers();
    log_line("keep", INFO, "buffered before the change");
    config::configure(text("ERROR"));
    auto second = *keep.handlers();
    ASSERT_EQ(second.size(), 2u);
    EXPECT_EQ(first[0].get(), second[0].get());  // a: same settings, same handler
    EXPECT_NE(first[1].get(), second[1].get());  // b: level changed
    EXPECT_EQ(first[1]->ref_count(), 1u);        // only this test's snapshot still holds the old b
    EXPECT_EQ(read_file(a), "");  // still buffered: the handler was not reopened or flushed by closing
    runtime::flush_all();
    EXPECT_EQ(read_file(a), "buffered before the change\n");
    EXPECT_EQ(read_file(b), "buffered before the change\n");
}

TEST_F(ConfigTest, NonAsciiInTomlStringsAndComments) {
    std::string path = dir_.file("caf\xc3\xa9.log");
    config::configure(
        "version = 1 # \xc3\xa9t\xc3\xa9\ndisable_existing_loggers = false\n"
        "[formatters.f]\nformat = '''\xe2\x86\x92 %(message)s'''\n"
        "[handlers.h]\nclass = \"file\"\nformatter = \"f\"\nfilename = \"" +
            path +
            "\"\n"
            "[loggers.\"na\\\"\xc3\xafve\"]\nhandlers = [\"h\"]\nlevel = \"INFO\"\n",
        config::Format::Toml);
    log_line("na\"\xc3\xafve", INFO, "ok");
    runtime::flush_all();
    EXPECT_EQ(read_file(path), "\xe2\x86\x92 ok\n");
}

TEST_F(ConfigTest, TomlMultiLineStringsEndingInQuotes) {
    // One or two quotes just before a multi-line string's delimiter are its
    // text; the string ends at the last three.
    std::string literal = dir_.file("literal.log"), basic = dir_.file("basic.log");
    config::configure(
        "version = 1\ndisable_existing_loggers = false\n"
        "formatters = { lit = { format = '''%(message)s 'lit'''' }, "
        "basic = { format = \"\"\"%(message)s \"basic\"\"\"\", datefmt = \"%Y \xc3\xa9\" } }\n"
        "[handlers.a]\nclass = \"file\"\nformatter = \"lit\"\nfilename = \"" +
            literal +
            "\"\n"
            "[handlers.b]\nclass = \"file\"\nformatter = \"basic\"\nfilename = \"" +
            basic +
            "\"\n"
            "[loggers.quotes]\nhandlers = [\"a\", \"b\"]\nlevel = \"INFO\"\n",
        config::Format::Toml);
    log_line("quotes", INFO, "ok");
    runtime::flush_all();
    EXPECT_EQ(read_file(literal), "ok 'lit'\n");
    EXPECT_EQ(read_file(basic), "ok \"basic\"\n");
}

TEST_F(ConfigTest, StreamNullAndJsonFormatter) {
    config::configure(R"(version = 1
disable_existing_loggers = false
[formatters.j]
class = "json"
[handlers.out]
class = "logging.StreamHandler"
stream = "ext://sys.stderr"
formatter = "j"
[handlers.nothing]
class = "logging.NullHandler"
[loggers.streamtest]
handlers = ["out", "nothing"]
level = "INFO"
propagate = false
)");
    test::StderrCapture capture;
    log_line("streamtest", INFO, "to stderr");
    std::string text = capture.text();
    EXPECT_NE(text.find("\"message\":\"to stderr\""), std::string::npos) << text;
}

}  // namespace
}  // namespace picolog
