// syslog_test.cpp - syslog handlers through the C API against sockets the
// test owns: every record arrives over a unix datagram socket and TCP, the
// datagram limit and max_message cut at a UTF-8 boundary, a peer that goes away and comes
// back gets its held records after a drop note, and bad options are refused.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

picolog_syslog_stats stats_of(picolog_handler* h) {
    picolog_syslog_stats s{};
    EXPECT_EQ(picolog_syslog_handler_stats(h, &s, sizeof s), PICOLOG_OK) << picolog_last_error();
    return s;
}

// A bound unix datagram socket in a temporary directory.
struct UnixReceiver {
    TempDir dir;
    std::string path = dir.file("log.sock");
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    UnixReceiver() {
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        path.copy(a.sun_path, sizeof a.sun_path - 1);
        EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        int big = 4 << 20;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    }
    ~UnixReceiver() { close(fd); }
    std::string take() {
        char buf[70000];
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        return n < 0 ? std::string() : std::string(buf, static_cast<size_t>(n));
    }
};

// A TCP listener on 127.0.0.1 with a port of the kernel's choosing.
struct TcpListener {
    int fd = -1;
    uint16_t port = 0;
    explicit TcpListener(uint16_t want = 0) {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(want);
        EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        EXPECT_EQ(listen(fd, 4), 0);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~TcpListener() { close(fd); }
    int accept_one() { return accept(fd, nullptr, nullptr); }
};

// Reads octet-counted frames from a connection until `count` have arrived.
std::vector<std::string> read_frames(int conn, size_t count) {
    std::vector<std::string> frames;
    std::string buf;
    char chunk[65536];
    while (frames.size() < count) {
        size_t sp = buf.find(' ');
        if (sp != std::string::npos) {
            size_t len = std::stoul(buf.substr(0, sp));
            if (buf.size() >= sp + 1 + len) {
                frames.push_back(buf.substr(sp + 1, len));
                buf.erase(0, sp + 1 + len);
                continue;
            }
        }
        ssize_t n = recv(conn, chunk, sizeof chunk, 0);
        if (n <= 0) break;
        buf.append(chunk, static_cast<size_t>(n));
    }
    return frames;
}

picolog_handler* make(picolog_syslog_options& o) {
    o.hostname = "testhost";
    o.app_name = "tests";
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_syslog_handler_new(&h, &o), PICOLOG_OK) << picolog_last_error();
    return h;
}

TEST(CapiSyslog, EveryRecordOverAUnixDatagramSocket) {
    UnixReceiver rx;
    picolog_syslog_options o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.address = rx.path.c_str();
    picolog_handler* h = make(o);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    const int n = 500;
    // A unix datagram socket queues only a few messages: the sender waits
    // for this reader, as it would for a daemon.
    std::vector<std::string> got;
    std::thread reader([&] {
        for (int i = 0; i < n; ++i) got.push_back(rx.take());
    });
    for (int i = 0; i < n; ++i) picolog_log(log, PICOLOG_INFO, ("record " + std::to_string(i)).c_str());
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    reader.join();
    for (int i = 0; i < n; ++i) {
        const std::string& m = got[i];
        ASSERT_EQ(m.rfind("<14>1 ", 0), 0u) << m;
        EXPECT_NE(m.find(" testhost tests " + std::to_string(getpid()) + " - - record " + std::to_string(i)),
                  std::string::npos)
            << m;
    }
    picolog_syslog_stats s = stats_of(h);
    EXPECT_EQ(s.sent, uint64_t(n));
    EXPECT_EQ(s.dropped_unreachable + s.dropped_queue_full + s.dropped_failed, 0u);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiSyslog, DatagramsAreCutAtAUtf8Boundary) {
    UnixReceiver rx;
    picolog_syslog_options o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.address = rx.path.c_str();
    o.format = PICOLOG_SYSLOG_BARE;
    o.max_datagram = 64;
    picolog_handler* h = make(o);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    std::string euros;
    for (int i = 0; i < 40; ++i) euros += "\xE2\x82\xAC";  // 3 bytes each
    picolog_log(log, PICOLOG_INFO, euros.c_str());
    picolog_log(log, PICOLOG_INFO, "short");
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    std::string m = rx.take();
    // "<14>" and 20 whole euro signs: 64 bytes would split the 21st.
    EXPECT_EQ(m, "<14>" + euros.substr(0, 60));
    EXPECT_EQ(rx.take(), "<14>short");
    picolog_syslog_stats s = stats_of(h);
    EXPECT_EQ(s.truncated, 1u);
    EXPECT_EQ(s.sent, 2u);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiSyslog, TcpOctetCountedWithStructuredFields) {
    TcpListener server;
    picolog_syslog_options o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.transport = PICOLOG_SYSLOG_TCP;
    o.address = "127.0.0.1";
    o.port = server.port;
    picolog_handler* h = make(o);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    picolog_field fields[] = {{"user", "a\"]\\"}};
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.fields = fields;
    info.field_count = 1;
    picolog_log_ex(log, PICOLOG_ERROR, "two\nlines", 9, &info);
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    int conn = server.accept_one();
    auto frames = read_frames(conn, 1);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_NE(frames[0].find(" - [fields user=\"a\\\"\\]\\\\\"] two\nlines"), std::string::npos) << frames[0];
    EXPECT_EQ(frames[0].rfind("<11>1 ", 0), 0u);
    close(conn);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiSyslog, TcpMessagesAreCutToMaxMessageAtAUtf8Boundary) {
    TcpListener server;
    picolog_syslog_options o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.transport = PICOLOG_SYSLOG_TCP;
    o.address = "127.0.0.1";
    o.port = server.port;
    o.format = PICOLOG_SYSLOG_BARE;
    o.max_message = 64;
    picolog_handler* h = make(o);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    std::string euros;
    for (int i = 0; i < 40; ++i) euros += "\xE2\x82\xAC";
    picolog_log(log, PICOLOG_INFO, euros.c_str());
    picolog_log(log, PICOLOG_INFO, "short");
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    int conn = server.accept_one();
    auto frames = read_frames(conn, 2);
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(frames[0], "<14>" + euros.substr(0, 60));
    EXPECT_EQ(frames[1], "<14>short");
    picolog_syslog_stats s = stats_of(h);
    EXPECT_EQ(s.truncated, 1u);
    EXPECT_EQ(s.sent, 2u);
    close(conn);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiSyslog, AVersionOneCallerSendsWholeMessages) {
    TcpListener server;
    // Version 1 ends with the queue options; what follows is not the caller's.
    alignas(picolog_syslog_options) unsigned char bytes[sizeof(picolog_syslog_options)];
    std::memset(bytes, 0x5A, sizeof bytes);
    auto* o = reinterpret_cast<picolog_syslog_options*>(bytes);
    ASSERT_EQ(picolog_syslog_options_init(o, 1), PICOLOG_OK);
    o->transport = PICOLOG_SYSLOG_TCP;
    o->address = "127.0.0.1";
    o->port = server.port;
    o->format = PICOLOG_SYSLOG_BARE;
    picolog_handler* h = make(*o);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    const std::string big(100000, 'b');
    picolog_log(log, PICOLOG_INFO, big.c_str());
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    int conn = server.accept_one();
    auto frames = read_frames(conn, 1);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0], "<14>" + big);
    EXPECT_EQ(stats_of(h).truncated, 0u);
    close(conn);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiSyslog, HeldWhileThePeerIsDownThenANoteAndTheRest) {
    auto server = std::make_unique<TcpListener>();
    const uint16_t port = server->port;
    picolog_syslog_options o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.transport = PICOLOG_SYSLOG_TCP;
    o.address = "127.0.0.1";
    o.port = port;
    o.hold = 10;
    picolog_handler* h = make(o);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    picolog_log(log, PICOLOG_INFO, "before");
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    int conn = server->accept_one();
    ASSERT_EQ(read_frames(conn, 1).size(), 1u);
    // The peer goes away: its FIN reaches the sender before the next write.
    close(conn);
    server.reset();
    for (int i = 0; i < 25; ++i) picolog_log(log, PICOLOG_INFO, ("down " + std::to_string(i)).c_str());
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    picolog_syslog_stats s = stats_of(h);
    EXPECT_EQ(s.sent, 1u);
    EXPECT_EQ(s.held, 10u);
    EXPECT_EQ(s.dropped_unreachable, 15u);
    // Back on the same port: a flush reconnects at once.
    TcpListener again(port);
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    conn = again.accept_one();
    auto frames = read_frames(conn, 11);
    ASSERT_EQ(frames.size(), 11u);
    EXPECT_NE(frames[0].find("picolog: 15 records dropped while tcp:127.0.0.1:" + std::to_string(port) +
                             " was unreachable"),
              std::string::npos)
        << frames[0];
    EXPECT_EQ(frames[0].rfind("<12>1 ", 0), 0u);  // a WARNING
    for (int i = 0; i < 10; ++i)
        EXPECT_NE(frames[1 + i].find("down " + std::to_string(15 + i)), std::string::npos) << frames[1 + i];
    s = stats_of(h);
    EXPECT_EQ(s.sent, 11u);
    EXPECT_EQ(s.reports, 1u);
    EXPECT_EQ(s.reconnects, 1u);
    EXPECT_EQ(s.held, 0u);
    close(conn);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiSyslog, ClosingWithThePeerDownCountsTheHeldRecords) {
    picolog_syslog_options o = PICOLOG_SYSLOG_OPTIONS_INIT;
    TempDir dir;
    std::string path = dir.file("nobody.sock");
    o.address = path.c_str();
    picolog_handler* h = make(o);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    for (int i = 0; i < 7; ++i) picolog_log(log, PICOLOG_INFO, "lost");
    ASSERT_EQ(picolog_handler_close(h), PICOLOG_OK);
    picolog_syslog_stats s = stats_of(h);
    EXPECT_EQ(s.dropped_closed, 7u);
    EXPECT_EQ(s.sent, 0u);
    EXPECT_GE(s.connect_failures, 1u);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiSyslog, BadOptionsAreRefused) {
    picolog_handler* h = nullptr;
    picolog_syslog_options o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.facility = 24;
    EXPECT_EQ(picolog_syslog_handler_new(&h, &o), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("facility"), std::string::npos);
    EXPECT_EQ(h, nullptr);
    o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.transport = 7;
    EXPECT_EQ(picolog_syslog_handler_new(&h, &o), PICOLOG_EINVAL);
    o = PICOLOG_SYSLOG_OPTIONS_INIT;
    picolog_syslog_severity bad = {20, 9};
    o.severities = &bad;
    o.severity_count = 1;
    EXPECT_EQ(picolog_syslog_handler_new(&h, &o), PICOLOG_EINVAL);
    o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.max_message = 63;
    EXPECT_EQ(picolog_syslog_handler_new(&h, &o), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("max_message"), std::string::npos)
        << picolog_last_error();
    o = PICOLOG_SYSLOG_OPTIONS_INIT;
    o.version = 99;
    EXPECT_EQ(picolog_syslog_handler_new(&h, &o), PICOLOG_EINVAL);
    // A unix socket path longer than sockaddr_un holds could never connect.
    o = PICOLOG_SYSLOG_OPTIONS_INIT;
    const std::string long_path = "/tmp/" + std::string(sizeof(sockaddr_un{}.sun_path), 'p');
    o.address = long_path.c_str();
    EXPECT_EQ(picolog_syslog_handler_new(&h, &o), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("socket path is too long"), std::string::npos)
        << picolog_last_error();
    EXPECT_EQ(h, nullptr);
    picolog_handler* file = nullptr;
    ASSERT_EQ(picolog_null_handler_new(&file), PICOLOG_OK);
    picolog_syslog_stats s;
    EXPECT_EQ(picolog_syslog_handler_stats(file, &s, sizeof s), PICOLOG_EINVAL);
    picolog_handler_release(file);
}

}  // namespace
