// buffering_config_test.cpp - the memory and backtrace handler types in a
// configuration: the same settings in JSON and TOML write byte-identical
// files, `target` names a handler defined before or after it, malformed
// entries are refused with the value's path and change nothing, and a
// reload keeps an unchanged memory handler with the records it holds.
#include <gtest/gtest.h>

#include <filesystem>

#include "config_test_util.hpp"
#include "picolog/memory.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::log_line;
using test::read_file;
using test::write_file;

// A memory handler `m` (target `out`, named after it) and a backtrace ring
// `b` (target `out` too), on loggers buf.memory and buf.ring.
std::string json_config(const std::string& log) {
    return R"({"version": 1, "disable_existing_loggers": false,
  "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
  "handlers": {
    "m": {"class": "logging.handlers.MemoryHandler", "capacity": 3, "flushLevel": "ERROR",
          "target": "out", "flushOnClose": true},
    "b": {"class": "picolog.handlers.BacktraceHandler", "capacity": 2, "store_below": "INFO",
          "trigger": "ERROR", "prefix": "[bt] ", "target": "out"},
    "out": {"class": "logging.FileHandler", "filename": ")" +
           log + R"(", "formatter": "plain"}},
  "loggers": {"buf.memory": {"handlers": ["m"], "level": "DEBUG", "propagate": false},
              "buf.ring": {"handlers": ["b"], "level": "DEBUG", "propagate": false}}})";
}

std::string toml_config(const std::string& log) {
    return R"(version = 1
disable_existing_loggers = false
[formatters.plain]
format = "%(levelname)s %(name)s: %(message)s"
[handlers.m]
class = "memory"
capacity = 3
flush_level = "ERROR"
target = "out"
flush_on_close = true
[handlers.b]
class = "backtrace"
capacity = 2
store_below = "INFO"
trigger = "ERROR"
prefix = "[bt] "
target = "out"
[handlers.out]
class = "file"
filename = ")" +
           log + R"("
formatter = "plain"
[loggers."buf.memory"]
handlers = ["m"]
level = "DEBUG"
propagate = false
[loggers."buf.ring"]
handlers = ["b"]
level = "DEBUG"
propagate = false
)";
}

HoldingHandler& holding_handler_of(std::string_view logger) {
    auto handlers = Registry::instance().get(logger).handlers();
    EXPECT_EQ(handlers->size(), 1u);
    auto* h = dynamic_cast<HoldingHandler*>((*handlers)[0].get());
    if (h == nullptr) std::abort();
    return *h;
}

// Logs the same records through a configuration and returns the file.
std::string run(const std::string& cfg, const std::string& log) {
    config::configure_file(cfg);
    log_line("buf.memory", INFO, "m1");
    log_line("buf.memory", INFO, "m2");
    EXPECT_EQ(holding_handler_of("buf.memory").buffered(), 2u);
    EXPECT_EQ(read_file(log), "");
    log_line("buf.memory", INFO, "m3");  // capacity: all three go out
    EXPECT_EQ(holding_handler_of("buf.memory").buffered(), 0u);
    for (const char* m : {"d1", "d2", "d3"}) log_line("buf.ring", DEBUG, m);
    log_line("buf.ring", INFO, "i1");
    log_line("buf.ring", ERROR, "e1");      // the ring's last two, then e1 (i1 went out at once)
    log_line("buf.memory", WARNING, "m4");  // held: no flush here
    return read_file(log);
}

TEST_F(ConfigTest, MemoryAndBacktraceFromJsonAndTomlAreIdentical) {
    const std::string json_log = dir_.file("json.log"), toml_log = dir_.file("toml.log");
    write_file(dir_.file("c.json"), json_config(json_log));
    write_file(dir_.file("c.toml"), toml_config(toml_log));
    const std::string from_json = run(dir_.file("c.json"), json_log);
    const std::string from_toml = run(dir_.file("c.toml"), toml_log);
    EXPECT_EQ(from_json,
              "INFO buf.memory: m1\nINFO buf.memory: m2\nINFO buf.memory: m3\n"
              "INFO buf.ring: i1\nDEBUG buf.ring: [bt] d2\nDEBUG buf.ring: [bt] d3\n"
              "ERROR buf.ring: e1\n");
    EXPECT_EQ(from_toml, from_json);
    // m4 waits in the buffer; a new configuration retires the handler,
    // which passes it on (flushOnClose, and a retired handler is flushed).
    config::configure(R"({"version": 1, "disable_existing_loggers": false})");
    EXPECT_EQ(read_file(toml_log), from_toml + "WARNING buf.memory: m4\n");
}

TEST_F(ConfigTest, MemoryHandlerDefaultsAndNoTarget) {
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
        "handlers": {"m": {"class": "memory", "capacity": 10, "target": null}},
        "loggers": {"buf.none": {"handlers": ["m"], "level": "DEBUG"}}})");
    HoldingHandler& m = holding_handler_of("buf.none");
    auto* memory = dynamic_cast<MemoryHandler*>(&m);
    ASSERT_NE(memory, nullptr);
    EXPECT_EQ(memory->capacity(), 10u);
    EXPECT_EQ(memory->flush_level(), ERROR);  // logging's default
    EXPECT_EQ(m.target().get(), nullptr);
    log_line("buf.none", ERROR, "kept without a target");
    EXPECT_EQ(m.buffered(), 1u);
}

// A memory handler whose target is also on a logger, and one chained to
// another memory handler: both targets shared, not copied.
TEST_F(ConfigTest, MemoryTargetMayAlsoServeLoggersAndChain) {
    const std::string log = dir_.file("chain.log");
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
        "handlers": {"outer": {"class": "memory", "capacity": 1, "target": "inner"},
                     "inner": {"class": "memory", "capacity": 2, "target": "out"},
                     "out": {"class": "file", "filename": ")" +
                      log + R"("}},
        "loggers": {"buf.chain": {"handlers": ["outer"], "level": "DEBUG", "propagate": false},
                    "buf.direct": {"handlers": ["out"], "level": "DEBUG", "propagate": false}}})");
    HoldingHandler& outer = holding_handler_of("buf.chain");
    auto* inner = dynamic_cast<HoldingHandler*>(outer.target().get());
    ASSERT_NE(inner, nullptr);
    EXPECT_EQ(inner->target().get(), (*Registry::instance().get("buf.direct").handlers())[0].get());
    log_line("buf.chain", INFO, "one");
    EXPECT_EQ(inner->buffered(), 1u);
    log_line("buf.direct", INFO, "direct");
    log_line("buf.chain", INFO, "two");
    EXPECT_EQ(read_file(log), "direct\none\ntwo\n");
}

struct Bad {
    const char* text;     // JSON if it starts with '{', else TOML
    const char* message;  // the start of the error message
};

#define MEM(extra)                                                        \
    "{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"memory\"" extra \
    "}, "                                                                 \
    "\"f\": {\"class\": \"file\", \"filename\": \"@/x\"}}}"
#define RING(extra)                                                          \
    "{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"backtrace\"" extra \
    "}, "                                                                    \
    "\"f\": {\"class\": \"file\", \"filename\": \"@/x\"}}}"

const Bad kBad[] = {
    {MEM(""), "handlers.h.capacity: missing"},
    {MEM(", \"capacity\": -1"), "handlers.h.capacity: -1 is out of range"},
    {MEM(", \"capacity\": \"10\""), "handlers.h.capacity: expected an integer, got a string"},
    {MEM(", \"capacity\": 1, \"flushLevel\": \"LOUD\""), "handlers.h.flushLevel: unknown level 'LOUD'"},
    {MEM(", \"capacity\": 1, \"flush_level\": -3"), "handlers.h.flush_level:"},
    {MEM(", \"capacity\": 1, \"flushLevel\": 40, \"flush_level\": 40"),
     "handlers.h.flush_level: given twice"},
    {MEM(", \"capacity\": 1, \"flushOnClose\": \"yes\""), "handlers.h.flushOnClose: expected a boolean"},
    {MEM(", \"capacity\": 1, \"target\": \"nowhere\""), "handlers.h.target: no handler named 'nowhere'"},
    {MEM(", \"capacity\": 1, \"target\": \"h\""), "handlers.h.target: a handler cannot be its own target"},
    {MEM(", \"capacity\": 1, \"target\": \"\""), "handlers.h.target: empty"},
    {MEM(", \"capacity\": 1, \"target\": [\"f\"]"), "handlers.h.target: expected a string, got a list"},
    {MEM(", \"capacity\": 1, \"target\": 3"), "handlers.h.target: expected a string, got an integer"},
    {MEM(", \"capacity\": 1, \"flush_interval\": 3"), "handlers.h.flush_interval: unknown key"},
    {RING(", \"capacity\": 0"), "handlers.h.capacity: 0 is out of range"},
    {RING(", \"store_below\": \"QUIET\""), "handlers.h.store_below: unknown level 'QUIET'"},
    {RING(", \"trigger\": true"), "handlers.h.trigger:"},
    {RING(", \"prefix\": 5"), "handlers.h.prefix: expected a string, got an integer"},
    {RING(", \"target\": \"gone\""), "handlers.h.target: no handler named 'gone'"},
    {RING(", \"flushLevel\": \"ERROR\""), "handlers.h.flushLevel: unknown key"},
    // A cycle through two memory handlers, reported at the handler met
    // again (names are read in order: a, then b).
    {"{\"version\": 1, \"handlers\": {\"a\": {\"class\": \"memory\", \"capacity\": 1, \"target\": \"b\"}, "
     "\"b\": {\"class\": \"memory\", \"capacity\": 1, \"target\": \"a\"}}}",
     "handlers.a.target: handlers feed each other in a cycle"},
    {"version = 1\n[handlers.a]\nclass = \"backtrace\"\ntarget = \"b\"\n[handlers.b]\nclass = "
     "\"memory\"\ncapacity = 1\ntarget = \"c\"\n[handlers.c]\nclass = \"memory\"\ncapacity = 1\ntarget = "
     "\"a\"\n",
     "handlers.a.target: handlers feed each other in a cycle"},
    // A queue's handler belongs to its listener.
    {"{\"version\": 1, \"handlers\": {\"q\": {\"class\": \"queue\", \"handlers\": [\"f\"]}, "
     "\"h\": {\"class\": \"memory\", \"capacity\": 1, \"target\": \"f\"}, "
     "\"f\": {\"class\": \"file\", \"filename\": \"@/x\"}}}",
     "handlers.h.target: handler 'f' serves queue 'q' and cannot be another handler's target"},
    {"version = 1\n[handlers.h]\nclass = \"memory\"\ncapacity = 1.5\n",
     "handlers.h.capacity: expected an integer, got a number"},
    {"version = 1\n[handlers.h]\nclass = \"logging.handlers.MemoryHandler\"\ncapacity = 2\ntarget = \"t\"\n",
     "handlers.h.target: no handler named 't'"},
};

TEST_F(ConfigTest, MalformedBufferingHandlersChangeNothing) {
    const std::string good = dir_.file("good.log");
    config::configure(R"({"version": 1, "disable_existing_loggers": false,
        "handlers": {"keep": {"class": "memory", "capacity": 100, "target": "file"},
                     "file": {"class": "file", "filename": ")" +
                      good + R"("}},
        "loggers": {"buf.mal": {"handlers": ["keep"], "level": "INFO"}}})");
    HoldingHandler& keep = holding_handler_of("buf.mal");
    log_line("buf.mal", INFO, "held across bad configurations");
    for (const Bad& bad : kBad) {
        std::string text = bad.text;
        for (size_t at; (at = text.find('@')) != std::string::npos;) text.replace(at, 1, dir_.file(""));
        SCOPED_TRACE(text);
        const std::string file =
            dir_.file("bad-" + std::to_string(&bad - kBad) + (text[0] == '{' ? ".json" : ".toml"));
        write_file(file, text);
        try {
            config::configure_file(file);
            ADD_FAILURE() << "accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), kInvalid);
            EXPECT_EQ(std::string(e.what()).rfind(file + ": " + bad.message, 0), 0u) << e.what();
        }
        EXPECT_EQ(&holding_handler_of("buf.mal"), &keep);
        EXPECT_EQ(keep.buffered(), 1u);
        EXPECT_FALSE(std::filesystem::exists(dir_.file("x")));
    }
    ASSERT_EQ(keep.flush(), kOk);
    EXPECT_EQ(read_file(good), "held across bad configurations\n");
}

// `out_extra` adds keys to the target's entry.
std::string reload_config(const std::string& log, const char* other_level, const char* out_extra = "") {
    return R"({"version": 1, "disable_existing_loggers": false,
  "handlers": {"m": {"class": "memory", "capacity": 100, "target": "out"},
               "out": {"class": "file", "filename": ")" +
           log + "\"" + out_extra + R"(}},
  "loggers": {"buf.reload": {"handlers": ["m"], "level": "INFO", "propagate": false},
              "buf.other": {"level": ")" +
           other_level + R"("}}})";
}

TEST_F(ConfigTest, ReloadKeepsAnUnchangedMemoryHandlerWithItsRecords) {
    const std::string cfg = dir_.file("reload.json"), log = dir_.file("reload.log");
    write_file(cfg, reload_config(log, "INFO"));
    config::configure_file(cfg);
    HoldingHandler* before = &holding_handler_of("buf.reload");
    log_line("buf.reload", INFO, "r1");
    log_line("buf.reload", INFO, "r2");

    // Another logger changes; the memory handler and its target do not.
    write_file(cfg, reload_config(log, "DEBUG"));
    config::reload();
    EXPECT_EQ(Registry::instance().get("buf.other").level(), DEBUG);
    EXPECT_EQ(&holding_handler_of("buf.reload"), before);
    EXPECT_EQ(before->buffered(), 2u);
    runtime::flush_all();
    EXPECT_EQ(read_file(log), "r1\nr2\n");

    // A changed target makes a new memory handler; the old one passes what
    // it holds to the old target first: nothing lost, nothing doubled.
    log_line("buf.reload", INFO, "r3");
    write_file(cfg, reload_config(log, "DEBUG", ", \"delay\": true"));
    config::reload();
    EXPECT_NE(&holding_handler_of("buf.reload"), before);
    log_line("buf.reload", INFO, "r4");
    runtime::flush_all();
    EXPECT_EQ(read_file(log), "r1\nr2\nr3\nr4\n");
}

}  // namespace
}  // namespace picolog
