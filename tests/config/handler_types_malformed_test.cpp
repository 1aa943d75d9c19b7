// handler_types_malformed_test.cpp - a malformed value for every key of the
// rotating, watched, syslog and journald handler types: each refused with a
// message that starts with the value's path, and none of them changing the
// running configuration or creating a file.
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
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": 5}}}",
     "handlers.h.filename: expected a string, got an integer"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"mode\": \"r\"}}}",
     "handlers.h.mode: expected \"a\" or \"w\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"maxBytes\": \"1M\"}}}",
     "handlers.h.maxBytes: expected an integer, got a string"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"max_bytes\": -1}}}",
     "handlers.h.max_bytes: -1 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"maxBytes\": 1, \"max_bytes\": 1}}}",
     "handlers.h.max_bytes: given twice"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"backupCount\": 1.5}}}",
     "handlers.h.backupCount: expected an integer, got a number"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"backup_count\": -2}}}",
     "handlers.h.backup_count: -2 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"encoding\": \"ascii\"}}}",
     "handlers.h.encoding: only \"utf-8\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"delay\": 1}}}",
     "handlers.h.delay: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"buffered\": \"yes\"}}}",
     "handlers.h.buffered: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"flush_level\": \"LOUD\"}}}",
     "handlers.h.flush_level: unknown level 'LOUD'"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"flush_interval_ms\": -5}}}",
     "handlers.h.flush_interval_ms: -5 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"buffer_size\": 0}}}",
     "handlers.h.buffer_size: 0 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"max_age_days\": \"week\"}}}",
     "handlers.h.max_age_days: expected an integer"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"multiprocess\": \"on\"}}}",
     "handlers.h.multiprocess: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.RotatingFileHandler\", "
     "\"filename\": \"@/x\", \"compress\": \"yes\"}}}",
     "handlers.h.compress: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"multiprocess\": 2}}}",
     "handlers.h.multiprocess: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"when\": \"W7\"}}}",
     "handlers.h.when: expected S, M, H, D, midnight or W0-W6, got \"W7\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"when\": 3}}}",
     "handlers.h.when: expected a string, got an integer"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"interval\": 0}}}",
     "handlers.h.interval: 0 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"backupCount\": \"7\"}}}",
     "handlers.h.backupCount: expected an integer"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"utc\": \"yes\"}}}",
     "handlers.h.utc: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"atTime\": \"3:30\"}}}",
     "handlers.h.atTime: expected a time \"HH:MM\" or \"HH:MM:SS\", got \"3:30\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"at_time\": \"24:00\"}}}",
     "handlers.h.at_time: expected a time"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"atTime\": \"12:00:00:00\"}}}",
     "handlers.h.atTime: expected a time"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"atTime\": 1230}}}",
     "handlers.h.atTime: expected a string, got an integer"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"delay\": \"no\"}}}",
     "handlers.h.delay: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"compress\": 1}}}",
     "handlers.h.compress: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"max_age_days\": -1}}}",
     "handlers.h.max_age_days: -1 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"timed_rotating_file\", \"filename\": \"@/x\", "
     "\"mode\": \"a\"}}}",
     "handlers.h.mode: unknown key"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.WatchedFileHandler\", \"mode\": "
     "\"a\"}}}",
     "handlers.h.filename: missing"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.WatchedFileHandler\", "
     "\"filename\": \"@/x\", \"mode\": \"x\"}}}",
     "handlers.h.mode: expected \"a\" or \"w\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.WatchedFileHandler\", "
     "\"filename\": \"@/x\", \"encoding\": \"latin-1\"}}}",
     "handlers.h.encoding: only \"utf-8\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"address\": "
     "[\"127.0.0.1\"]}}}",
     "handlers.h.address: expected a socket path or [host, port]"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"address\": "
     "[\"127.0.0.1\", 70000]}}}",
     "handlers.h.address: port 70000 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"address\": "
     "514}}}",
     "handlers.h.address: expected a socket path or [host, port]"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"address\": "
     "\"\"}}}",
     "handlers.h.address: empty"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"address\": "
     "[\"127.0.0.1\\u0000evil\", 514]}}}",
     "handlers.h.address: a NUL byte in the host"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"socktype\": "
     "\"sctp\"}}}",
     "handlers.h.socktype: expected udp, tcp, unix, tls"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"address\": "
     "\"/dev/log\", \"socktype\": \"tcp\"}}}",
     "handlers.h.socktype: a unix socket path is sent datagrams only"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"socktype\": "
     "\"unix\", \"address\": [\"h\", 1]}}}",
     "handlers.h.address: socktype \"unix\" needs a socket path"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"facility\": "
     "\"local8\"}}}",
     "handlers.h.facility: unknown syslog facility \"local8\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"facility\": "
     "24}}}",
     "handlers.h.facility: 24 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"facility\": "
     "true}}}",
     "handlers.h.facility: expected a string, got a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"rfc5424\": "
     "\"yes\"}}}",
     "handlers.h.rfc5424: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"rfc5424\": "
     "true, \"rfc3164\": true}}}",
     "handlers.h.rfc3164: choose rfc5424 or rfc3164"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"framing\": "
     "\"crlf\"}}}",
     "handlers.h.framing: expected \"octet\", \"lf\" or \"none\""},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", "
     "\"max_message\": "
     "-1}}}",
     "handlers.h.max_message: -1 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", "
     "\"max_message\": "
     "10}}}",
     "handlers.h: syslog handler: max_message must be 0 (no limit) or at least 64 bytes, got 10"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"hostname\": "
     "7}}}",
     "handlers.h.hostname: expected a string, got an integer"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"app_name\": "
     "[\"a\"]}}}",
     "handlers.h.app_name: expected a string, got a list"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"msgid\": "
     "false}}}",
     "handlers.h.msgid: expected a string, got a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"timeout\": "
     "\"5s\"}}}",
     "handlers.h.timeout: expected seconds, got a string"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"timeout\": "
     "-1}}}",
     "handlers.h.timeout: expected seconds in (0, 86400]"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"hold\": -1}}}",
     "handlers.h.hold: -1 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"capacity\": "
     "0}}}",
     "handlers.h.capacity: 0 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"overflow\": "
     "\"block_timeout\"}}}",
     "handlers.h.overflow: expected block, drop_newest or drop_oldest"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"tls\": "
     "\"yes\"}}}",
     "handlers.h.tls: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"tls\": true, "
     "\"socktype\": \"udp\"}}}",
     "handlers.h.socktype: tls needs a stream socket"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", "
     "\"tls_ca_file\": 1}}}",
     "handlers.h.tls_ca_file: expected a string"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", "
     "\"tls_cert_file\": 1}}}",
     "handlers.h.tls_cert_file: expected a string"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", "
     "\"tls_key_file\": 1}}}",
     "handlers.h.tls_key_file: expected a string"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"tls_verify\": "
     "\"no\"}}}",
     "handlers.h.tls_verify: expected a boolean"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"logging.handlers.SysLogHandler\", \"ident\": "
     "\"x\"}}}",
     "handlers.h.ident: unknown key"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"journald\", \"socket_path\": \"\"}}}",
     "handlers.h.socket_path: empty"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"journald\", \"socket_path\": 3}}}",
     "handlers.h.socket_path: expected a string"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"journald\", \"identifier\": 3}}}",
     "handlers.h.identifier: expected a string"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"journald\", \"facility\": \"nowhere\"}}}",
     "handlers.h.facility: unknown syslog facility"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"journald\", \"capacity\": -3}}}",
     "handlers.h.capacity: -3 is out of range"},
    {"{\"version\": 1, \"handlers\": {\"h\": {\"class\": \"journald\", \"overflow\": \"spill\"}}}",
     "handlers.h.overflow: expected block, drop_newest or drop_oldest"},
    {"version = 1\n[handlers.h]\nclass = \"rotating_file\"\nfilename = \"@/x\"\nmaxBytes = \"1M\"\n",
     "handlers.h.maxBytes: expected an integer, got a string"},
    {"version = 1\n[handlers.h]\nclass = \"syslog\"\naddress = [\"localhost\", \"514\"]\n",
     "handlers.h.address: expected a socket path or [host, port]"},
    {"version = 1\n[handlers.h]\nclass = \"timed_rotating_file\"\nfilename = \"@/x\"\natTime = 03:30:00\n",
     "handlers.h.atTime: dates and times"},
};

TEST_F(ConfigTest, MalformedHandlerKeysChangeNothing) {
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

}  // namespace
}  // namespace picolog
