// config_malformed_test.cpp - forty-odd malformed configuration files, each refused
// with a message that starts with the path of the bad value, and none of
// them changing the running configuration or creating a file.
#include <gtest/gtest.h>

#include <filesystem>

#include "config_test_util.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::log_line;
using test::read_file;

struct Bad {
    const char* text;     // JSON if it starts with '{', else TOML
    const char* message;  // the start of the error message
};

// "@" stands for the test's directory, so a configuration that got through
// would leave a file behind.
const Bad kBad[] = {
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "@/x", "buffer_size": "big"}}})",
     "handlers.file.buffer_size: expected an integer, got a string"},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "@/x", "buffer_size": 0}}})",
     "handlers.file.buffer_size: 0 is out of range"},
    {R"({"version": 1, "handlers": {"file": {"class": "file"}}})", "handlers.file.filename: missing"},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": ""}}})",
     "handlers.file.filename: empty"},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": 7}}})",
     "handlers.file.filename: expected a string, got an integer"},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "@/x", "mode": "r"}}})",
     "handlers.file.mode: expected \"a\" or \"w\""},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "@/x", "encoding": "latin-1"}}})",
     "handlers.file.encoding: only \"utf-8\""},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "@/x", "delay": "yes"}}})",
     "handlers.file.delay: expected a boolean"},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "@/x", "max_bytes": 10}}})",
     "handlers.file.max_bytes: unknown key"},
    {R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "@/x", "flush_level": "LOUD"}}})",
     "handlers.file.flush_level: unknown level 'LOUD'"},
    {R"({"version": 1, "handlers": {"h": {"class": "logging.handlers.HTTPHandler"}}})",
     "handlers.h.class: unknown handler class"},
    {R"({"version": 1, "handlers": {"h": {"filename": "@/x"}}})", "handlers.h.class: missing"},
    {R"j({"version": 1, "handlers": {"h": {"()": "ext://my.factory"}}})j", "handlers.h[\"()\"]: factories"},
    {R"({"version": 1, "handlers": {"h": {"class": "stream", "stream": "ext://sys.stdin"}}})",
     "handlers.h.stream: expected"},
    {R"({"version": 1, "handlers": {"h": {"class": "null", "level": -1}}})",
     "handlers.h.level: level -1 is out of range"},
    {R"({"version": 1, "handlers": {"h": {"class": "null", "level": "loud"}}})",
     "handlers.h.level: unknown level 'loud'"},
    {R"({"version": 1, "handlers": {"h": {"class": "null", "level": 1.5}}})",
     "handlers.h.level: expected a level name or number, got a number"},
    {R"({"version": 1, "handlers": {"h": {"class": "null", "formatter": "missing"}}})",
     "handlers.h.formatter: no formatter named 'missing'"},
    {R"({"version": 1, "handlers": {"h": {"class": "null", "filters": ["missing"]}}})",
     "handlers.h.filters[0]: no filter named 'missing'"},
    {R"({"version": 1, "handlers": {"h": {"class": "null", "filters": "f"}}})",
     "handlers.h.filters: expected a list of names, got a string"},
    {R"({"version": 1, "handlers": {"q": {"class": "queue", "handlers": ["nope"]}}})",
     "handlers.q.handlers[0]: no handler named 'nope'"},
    {R"({"version": 1, "handlers": {"q": {"class": "queue", "handlers": ["q"]}}})",
     "handlers.q.handlers[0]: a queue cannot feed itself"},
    {R"({"version": 1, "handlers": {"a": {"class": "queue", "handlers": ["b"]}, "b": {"class": "queue", "handlers": ["a"]}}})",
     "handlers.a.handlers: queue handlers feed each other"},
    {R"({"version": 1, "handlers": {"q": {"class": "queue", "overflow": "spill"}}})",
     "handlers.q.overflow: expected block"},
    {R"({"version": 1, "handlers": {"q": {"class": "queue", "overflow": "block_timeout"}}})",
     "handlers.q.timeout_ms: missing"},
    {R"({"version": 1, "handlers": {"q": {"class": "queue", "capacity": 0}}})",
     "handlers.q.capacity: 0 is out of range"},
    {R"({"version": 1, "handlers": {"q": {"class": "queue", "queue": "ext://queue.Queue"}}})",
     "handlers.q.queue: names a Python object"},
    {R"({"version": 1, "handlers": {"n": {"class": "null"}, "q": {"class": "queue", "handlers": ["n"]}},
        "root": {"handlers": ["n"]}})",
     "root.handlers[0]: handler 'n' serves queue 'q'"},
    {R"({"version": 1, "loggers": {"app": {"handlers": ["missing"]}}})",
     "loggers.app.handlers[0]: no handler named 'missing'"},
    {R"({"version": 1, "loggers": {"app": {"filters": ["missing"]}}})",
     "loggers.app.filters[0]: no filter named 'missing'"},
    {R"({"version": 1, "loggers": {"app": {"propagate": "no"}}})",
     "loggers.app.propagate: expected a boolean"},
    {R"({"version": 1, "loggers": {"app": {"level": "verbose"}}})",
     "loggers.app.level: unknown level 'verbose'"},
    {R"({"version": 1, "loggers": {"app": {"handler": []}}})", "loggers.app.handler: unknown key"},
    {R"({"version": 1, "loggers": {"app": []}})", "loggers.app: expected a table, got a list"},
    // A key given twice is refused in JSON as in TOML, not read as its last value.
    {R"({"version": 1, "loggers": {"app": {"level": "ERROR", "level": "DEBUG"}}})",
     "loggers.app.level: given twice"},
    {R"({"version": 1, "handlers": {"h": {"class": "file", "filename": "@/x", "filters": [], "class": "null"}}})",
     "handlers.h.class: given twice"},
    {R"({"version": 1, "root": {"handlers": [{"a": 1, "a": 2}]}})", "root.handlers[0].a: given twice"},
    {R"({"version": 1, "formatters": {"f": {"format": "%(message"}}})", "formatters.f.format:"},
    {R"({"version": 1, "formatters": {"f": {"style": "$"}}})", "formatters.f.style: expected \"%\" or \"{\""},
    {R"({"version": 1, "filters": {"f": {"name": ["a"]}}})", "filters.f.name: expected a string, got a list"},
    {R"({"version": 2})", "version: unsupported version 2"},
    {R"({"version": 1.5})", "version: unsupported version 1.5"},
    {R"({"version": 1, "loggers": {"a\u0000b": {"level": "INFO"}}})",
     "loggers[\"a\\u0000b\"]: a NUL byte in the logger name"},
    {R"({"version": 1, "loggers": {"root": {"level": "INFO"}}})",
     "loggers.root: configure the root logger under"},
    {R"({"handlers": {}})", "version: missing"},
    {R"({"version": 1, "handlers": {"f": {"class": "file", "filename": "${PICOLOG_SURELY_UNSET_VAR:-${A"}}})",
     "handlers.f.filename: unterminated '${'"},
    {R"({"version": 1, "handlers": {"f": {"class": "file", "filename": "${PICOLOG_UNSET_A:-${PICOLOG_UNSET_B}}"}}})",
     "handlers.f.filename: environment variable PICOLOG_UNSET_B is not set"},
    {R"({"version": 1, "handlers": {"f": {"class": "file", "filename": "${PICOLOG_SURELY_UNSET_VAR}"}}})",
     "handlers.f.filename: environment variable PICOLOG_SURELY_UNSET_VAR is not set"},
    {"version = 1\n[handlers.file]\nclass = \"file\"\nfilename = \"@/x\"\nbuffer_size = \"64k\"\n",
     "handlers.file.buffer_size: expected an integer, got a string"},
    {"version = 1\n[loggers.app]\nlevel = 1979-05-27\n", "loggers.app.level: dates and times"},
    {"version = 1\n[handlers\n", "TOML: line 2"},
    {"version = 1\n[\x1b\x1blogg\n", "TOML: line 2"},  // once tripped an assertion inside toml++
    // Non-ASCII outside strings once reached __builtin_unreachable inside toml++.
    {"version = 1 \xc3\xa9\n", "TOML: line 1, column 13: a non-ASCII character outside a string or comment"},
    {"version = 1\n[formatters.f]\nformat = '''a''''''\n",
     "TOML: line 3, column 14: three or more quotes inside a multi-line literal string"},
    {R"({"version": 1, "handlers": )", "JSON: "},
};

TEST_F(ConfigTest, FortyMalformedConfigurationsChangeNothing) {
    ASSERT_GE(std::size(kBad), 40u);
    std::string good = dir_.file("good.log");
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
        "handlers": {"file": {"class": "file", "filename": ")" +
                      good + R"("}},
        "loggers": {"mal": {"handlers": ["file"], "level": "INFO"}}, "root": {"level": "ERROR"}})");
    Logger& mal = Registry::instance().get("mal");
    Logger& root = Registry::instance().root();
    const Handler* handler = (*mal.handlers())[0].get();
    for (const Bad& bad : kBad) {
        std::string text = bad.text;
        for (size_t at; (at = text.find('@')) != std::string::npos;) text.replace(at, 1, dir_.file(""));
        SCOPED_TRACE(text);
        // Each one as a file, named after its format as an operator would.
        std::string file =
            dir_.file("bad-" + std::to_string(&bad - kBad) + (text[0] == '{' ? ".json" : ".toml"));
        test::write_file(file, text);
        try {
            config::configure_file(file);
            ADD_FAILURE() << "accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), kInvalid);
            EXPECT_EQ(std::string(e.what()).rfind(file + ": " + bad.message, 0), 0u) << e.what();
        }
        ASSERT_EQ(mal.handlers()->size(), 1u);
        EXPECT_EQ((*mal.handlers())[0].get(), handler);
        EXPECT_EQ(mal.level(), INFO);
        EXPECT_EQ(root.level(), ERROR);
        EXPECT_TRUE(root.handlers()->empty());
        EXPECT_FALSE(std::filesystem::exists(dir_.file("x")));
    }
    log_line("mal", INFO, "still configured");
    runtime::flush_all();
    EXPECT_EQ(read_file(good), "still configured\n");
}

TEST_F(ConfigTest, AFileThatCannotBeOpenedIsAnIoErrorNamingTheHandler) {
    try {
        config::configure(
            R"({"version": 1, "handlers": {"f": {"class": "file", "filename": "/nonexistent/dir/x.log"}}})");
        ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kIoError);
        EXPECT_EQ(std::string(e.what()).rfind("handlers.f: ", 0), 0u) << e.what();
    }
}

TEST_F(ConfigTest, AConfigurationThatFailsTruncatesNoFile) {
    std::string log = dir_.file("w.log");
    auto text = [&](const char* level, bool unopenable) {
        std::string other =
            unopenable ? R"(, "other": {"class": "file", "filename": "/nonexistent/dir/x.log"})" : "";
        return R"({"version": 1, "disable_existing_loggers": false,
          "handlers": {"w": {"class": "file", "filename": ")" +
               log + R"(", "mode": "w", "level": ")" + level + "\"}" + other + R"(},
          "loggers": {"trunc": {"handlers": ["w"], "level": "DEBUG", "propagate": false}}})";
    };
    config::configure(text("INFO", false));
    log_line("trunc", INFO, "kept");
    runtime::flush_all();
    // "w" changed (its level), and the other handler cannot be opened.
    EXPECT_THROW(config::configure(text("DEBUG", true)), Error);
    EXPECT_EQ(read_file(log), "kept\n");
    // Applied, the changed handler starts the file afresh, as "w" asks.
    config::configure(text("DEBUG", false));
    EXPECT_EQ(read_file(log), "");
    log_line("trunc", DEBUG, "new");
    runtime::flush_all();
    EXPECT_EQ(read_file(log), "new\n");
}

// A dotted key or a table header nests tables as deep as it is long,
// whatever toml++ allows for nested values: refused, as deep JSON is, however
// deep it goes.
TEST_F(ConfigTest, DeeplyNestedTablesAreRefused) {
    std::string chain = "a", half = "a";
    for (int i = 0; i < 300000; ++i) chain += ".a";
    for (int i = 0; i < 40; ++i) half += ".a";
    const std::string nested = std::string(100000, '[') + "1" + std::string(100000, ']');
    const std::string texts[] = {"version = 1\n" + chain + " = 1\n", "version = 1\n[" + chain + "]\n",
                                 "version = 1\n[" + half + "]\n" + half + " = 1\n",
                                 R"({"version": 1, "a": )" + nested + "}"};
    for (const std::string& text : texts) {
        SCOPED_TRACE(text.substr(0, 40));
        try {
            config::configure(text);
            ADD_FAILURE() << "accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), kInvalid);
            EXPECT_NE(std::string(e.what()).find("nested too deeply"), std::string::npos) << e.what();
        }
    }
}

// Each default nested in another is expanded by a call of its own over the
// rest of the string: as tables, they nest at most kMaxDepth deep.
TEST_F(ConfigTest, DefaultsNestedTooDeeplyAreRefused) {
    ::unsetenv("PICOLOG_TEST_UNSET");
    auto nested = [](int depth) {
        std::string s = "x";
        for (int i = 0; i < depth; ++i) s = "${PICOLOG_TEST_UNSET:-" + s + "}";
        return R"({"version": 1, "formatters": {"f": {"format": ")" + s + R"("}}})";
    };
    EXPECT_NO_THROW(config::configure(nested(64)));
    try {
        config::configure(nested(65));
        ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
        EXPECT_EQ(std::string(e.what()), "formatters.f.format: defaults nested too deeply (more than 64)");
    }
}

TEST_F(ConfigTest, ReadingAMissingFileIsAnIoError) {
    try {
        config::configure_file(dir_.file("missing.json"));
        ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kIoError);
    }
}

TEST_F(ConfigTest, ReadingADirectoryIsAnIoError) {
    try {
        config::configure_file(dir_.file(""));
        ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kIoError) << e.what();
        EXPECT_NE(std::string(e.what()).find("cannot read: Is a directory"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace picolog
