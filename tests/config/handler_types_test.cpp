// handler_types_test.cpp - the rotating, watched, syslog and journald
// handler types built from JSON and TOML: each writes where it was told, a
// rotating file rotates under the names logging gives, and syslog reaches a
// UDP socket the test owns with logging's bytes.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include <utime.h>

#include <filesystem>

#include "config_test_util.hpp"

namespace picolog {
namespace {

using test::ConfigTest;
using test::log_line;
using test::read_file;

// A socket the test owns; receives time out after 30 s so a lost datagram
// fails the test instead of hanging it.
class Receiver {
public:
    // UDP on 127.0.0.1, an ephemeral port.
    Receiver() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) std::abort();
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        set_watchdog();
    }
    // A unix datagram socket at path.
    explicit Receiver(const std::string& path) : fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        path.copy(a.sun_path, sizeof a.sun_path - 1);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) std::abort();
        set_watchdog();
    }
    ~Receiver() { ::close(fd_); }
    int port() const { return port_; }
    std::string receive() {
        char buf[65536];
        ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        return n < 0 ? std::string("<nothing>") : std::string(buf, static_cast<size_t>(n));
    }

private:
    void set_watchdog() {
        timeval tv{30, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    int fd_;
    int port_ = 0;
};

// One handler `h` on logger `types`, as JSON or as TOML.
std::string json_with(const std::string& handler) {
    return R"({"version": 1, "disable_existing_loggers": false, "handlers": {"h": )" + handler +
           R"(}, "loggers": {"types": {"handlers": ["h"], "level": "INFO", "propagate": false}}})";
}

std::string toml_with(const std::string& handler) {
    return "version = 1\ndisable_existing_loggers = false\n[handlers.h]\n" + handler +
           "\n[loggers.types]\nhandlers = [\"h\"]\nlevel = \"INFO\"\npropagate = false\n";
}

TEST_F(ConfigTest, FileTypesFromJsonAndToml) {
    struct Case {
        const char* json;  // "@" is the file
        const char* toml;
    };
    const Case cases[] = {
        {R"({"class": "logging.handlers.RotatingFileHandler", "filename": "@", "maxBytes": 1000,
             "backupCount": 2, "encoding": "utf-8", "delay": true, "max_age_days": 3})",
         "class = \"rotating_file\"\nfilename = \"@\"\nmax_bytes = 1000\nbackup_count = 2\nmultiprocess = "
         "true"},
        {R"({"class": "logging.handlers.TimedRotatingFileHandler", "filename": "@", "when": "midnight",
             "interval": 1, "backupCount": 7, "utc": true, "atTime": "03:30", "compress": true})",
         "class = \"timed_rotating_file\"\nfilename = \"@\"\nwhen = \"W6\"\nbackup_count = 2\nat_time = "
         "\"01:02:03\"\nbuffered = true"},
        {R"({"class": "logging.handlers.WatchedFileHandler", "filename": "@", "mode": "w"})",
         "class = \"watched_file\"\nfilename = \"@\"\ndelay = true"},
    };
    for (const Case& c : cases) {
        for (bool toml : {false, true}) {
            std::string path = dir_.file(std::to_string(&c - cases) + (toml ? ".toml.log" : ".json.log"));
            std::string handler = toml ? c.toml : c.json;
            handler.replace(handler.find('@'), 1, path);
            SCOPED_TRACE(handler);
            if (toml)
                config::configure(toml_with(handler), config::Format::Toml);
            else
                config::configure(json_with(handler));
            log_line("types", INFO, "to the file");
            runtime::flush_all();
            EXPECT_EQ(read_file(path), "to the file\n");
        }
    }
}

TEST_F(ConfigTest, RotatingFileFromAFileRotatesWithLoggingsNames) {
    std::string log = dir_.file("app.log");
    std::string cfg = dir_.file("rotate.toml");
    // Each line is 9 bytes: three fit under maxBytes 30, the fourth rotates.
    test::write_file(cfg, toml_with("class = \"logging.handlers.RotatingFileHandler\"\nfilename = \"" + log +
                                    "\"\nmaxBytes = 30\nbackupCount = 2"));
    config::configure_file(cfg);
    for (int i = 0; i < 10; ++i) log_line("types", INFO, "line " + std::to_string(i) + "..");
    runtime::flush_all();
    EXPECT_EQ(read_file(log), "line 9..\n");
    EXPECT_EQ(read_file(log + ".1"), "line 6..\nline 7..\nline 8..\n");
    EXPECT_EQ(read_file(log + ".2"), "line 3..\nline 4..\nline 5..\n");
    EXPECT_FALSE(std::filesystem::exists(log + ".3"));
}

TEST_F(ConfigTest, RotatingFileCompressesAndTimedRotatingFileSharesBetweenProcesses) {
    std::string log = dir_.file("gz.log");
    std::string timed = dir_.file("shared.log");
    config::configure(json_with(R"({"class": "logging.handlers.RotatingFileHandler", "filename": ")" + log +
                                R"(", "maxBytes": 10, "backupCount": 1, "compress": true})"));
    log_line("types", INFO, "first..");
    log_line("types", INFO, "second.");
    runtime::flush_all();  // waits for the compression too
    EXPECT_TRUE(std::filesystem::exists(log + ".1.gz"));
    EXPECT_FALSE(std::filesystem::exists(log + ".1"));
    config::configure(json_with(R"({"class": "logging.handlers.TimedRotatingFileHandler", "filename": ")" +
                                timed + R"(", "multiprocess": true})"));
    log_line("types", INFO, "shared");
    runtime::flush_all();
    EXPECT_TRUE(std::filesystem::exists(timed + ".lock"));
    EXPECT_EQ(read_file(timed), "shared\n");
}

TEST_F(ConfigTest, TimedRotatingFileFromAFileRotatesWithLoggingsNames) {
    // The first rollover counts from the file's mtime, as in logging: a file
    // last written at 2020-01-02 03:04:05 UTC is due at once, and its
    // rotated name is that second.
    std::string log = dir_.file("timed.log");
    test::write_file(log, "old\n");
    utimbuf at{1577934245, 1577934245};
    ASSERT_EQ(::utime(log.c_str(), &at), 0);
    std::string cfg = dir_.file("timed.json");
    test::write_file(
        cfg, json_with(R"({"class": "logging.handlers.TimedRotatingFileHandler", "filename": ")" + log +
                       R"(", "when": "s", "utc": true, "backupCount": 3})"));
    config::configure_file(cfg);
    log_line("types", INFO, "new");
    runtime::flush_all();
    EXPECT_EQ(read_file(log + ".2020-01-02_03-04-05"), "old\n");
    EXPECT_EQ(read_file(log), "new\n");
}

TEST_F(ConfigTest, SyslogToAUdpSocketFromJsonAndToml) {
    Receiver udp;
    const std::string port = std::to_string(udp.port());
    // logging's bytes: "<PRI>" + message + NUL; local3 (19) * 8 + error (3).
    config::configure(json_with(R"({"class": "logging.handlers.SysLogHandler", "address": ["127.0.0.1", )" +
                                port + R"(], "facility": "local3"})"));
    log_line("types", ERROR, "bare message");
    runtime::flush_all();
    EXPECT_EQ(udp.receive(), std::string("<155>bare message\0", 18));
    // RFC 5424 with the fields given; info (6) for user (1).
    config::configure(toml_with("class = \"syslog\"\naddress = [\"127.0.0.1\", " + port +
                                "]\nsocktype = \"udp\"\nfacility = 1\nrfc5424 = true\nhostname = \"box\"\n"
                                "app_name = \"app\"\nmsgid = \"ID7\""),
                      config::Format::Toml);
    log_line("types", INFO, "structured");
    runtime::flush_all();
    std::string got = udp.receive();
    EXPECT_EQ(got.rfind("<14>1 ", 0), 0u) << got;
    EXPECT_NE(got.find(" box app "), std::string::npos) << got;
    EXPECT_NE(got.find(" ID7 "), std::string::npos) << got;
    EXPECT_EQ(got.substr(got.size() - 11), " structured") << got;
}

TEST_F(ConfigTest, JournaldToASocketFromJsonAndToml) {
    std::string path = dir_.file("journal.sock");
    Receiver journal(path);
    config::configure(json_with(R"({"class": "picolog.handlers.JournaldHandler", "socket_path": ")" + path +
                                R"(", "identifier": "cfgtest", "facility": "daemon"})"));
    log_line("types", WARNING, "to the journal");
    runtime::flush_all();
    std::string got = journal.receive();
    EXPECT_NE(got.find("MESSAGE=to the journal\n"), std::string::npos) << got;
    EXPECT_NE(got.find("PRIORITY=4\n"), std::string::npos) << got;
    EXPECT_NE(got.find("SYSLOG_IDENTIFIER=cfgtest\n"), std::string::npos) << got;
    EXPECT_NE(got.find("SYSLOG_FACILITY=3\n"), std::string::npos) << got;
    config::configure(toml_with("class = \"journald\"\nsocket_path = \"" + path + "\""),
                      config::Format::Toml);
    log_line("types", ERROR, "again");
    runtime::flush_all();
    got = journal.receive();
    EXPECT_NE(got.find("MESSAGE=again\n"), std::string::npos) << got;
    EXPECT_EQ(got.find("SYSLOG_IDENTIFIER=cfgtest"), std::string::npos) << got;  // the program's name
}

}  // namespace
}  // namespace picolog
