// journald_test.cpp - journald handlers through the C API against a unix
// datagram socket the test owns (the real journald is exercised by the
// Python suite): the entry's fields on the wire, the memfd passed for an
// entry too large for a datagram, and the counters.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <string>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

struct Journal {
    TempDir dir;
    std::string path = dir.file("socket");
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    Journal() {
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        path.copy(a.sun_path, sizeof a.sun_path - 1);
        EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    }
    ~Journal() { close(fd); }
    // One entry: the datagram, or the contents of the memfd it carried.
    std::string take(bool* via_memfd = nullptr) {
        std::string buf(1 << 16, '\0');
        char control[CMSG_SPACE(sizeof(int))] = {};
        iovec iov{buf.data(), buf.size()};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        ssize_t n = recvmsg(fd, &msg, 0);
        if (n < 0) return {};
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        if (via_memfd) *via_memfd = c && c->cmsg_type == SCM_RIGHTS;
        if (c && c->cmsg_type == SCM_RIGHTS) {
            int mfd;
            memcpy(&mfd, CMSG_DATA(c), sizeof mfd);
            std::string all;
            char chunk[65536];
            ssize_t r;
            while ((r = pread(mfd, chunk, sizeof chunk, static_cast<off_t>(all.size()))) > 0)
                all.append(chunk, static_cast<size_t>(r));
            close(mfd);
            return all;
        }
        buf.resize(static_cast<size_t>(n));
        return buf;
    }
};

picolog_journald_stats stats_of(picolog_handler* h) {
    picolog_journald_stats s{};
    EXPECT_EQ(picolog_journald_handler_stats(h, &s, sizeof s), PICOLOG_OK) << picolog_last_error();
    return s;
}

TEST(CapiJournald, EntryFieldsOnTheWire) {
    Journal j;
    picolog_journald_options o = PICOLOG_JOURNALD_OPTIONS_INIT;
    o.socket_path = j.path.c_str();
    o.identifier = "capi";
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_journald_handler_new(&h, &o), PICOLOG_OK) << picolog_last_error();
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    picolog_field fields[] = {{"user.id", "42"}};
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.fields = fields;
    info.field_count = 1;
    info.file = "main.c";
    info.line = 7;
    info.func = "main";
    picolog_log_ex(log, PICOLOG_WARNING, "two\nlines", 9, &info);
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    std::string e = j.take();
    EXPECT_EQ(e.rfind(std::string("MESSAGE\n\x09\0\0\0\0\0\0\0two\nlines\nPRIORITY=4\n", 31), 0), 0u) << e;
    EXPECT_NE(e.find("\nSYSLOG_IDENTIFIER=capi\n"), std::string::npos);
    EXPECT_NE(e.find("\nCODE_FILE=main.c\nCODE_LINE=7\nCODE_FUNC=main\n"), std::string::npos);
    EXPECT_NE(e.find("\nLOGGER=" + unique_name() + "\n"), std::string::npos);
    EXPECT_NE(e.find("\nUSER_ID=42\n"), std::string::npos);
    EXPECT_EQ(stats_of(h).sent, 1u);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiJournald, LargeEntryTravelsInAMemfd) {
    Journal j;
    int small = 4096;  // the receiving socket takes no datagram this large
    setsockopt(j.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    picolog_journald_options o = PICOLOG_JOURNALD_OPTIONS_INIT;
    o.socket_path = j.path.c_str();
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_journald_handler_new(&h, &o), PICOLOG_OK) << picolog_last_error();
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    std::string big(12 << 20, 'x');
    picolog_log_len(log, PICOLOG_ERROR, big.data(), big.size());
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    bool memfd = false;
    std::string e = j.take(&memfd);
    EXPECT_TRUE(memfd);
    EXPECT_EQ(e.substr(0, 8 + big.size()), "MESSAGE=" + big);
    picolog_journald_stats s = stats_of(h);
    EXPECT_EQ(s.sent, 1u);
    EXPECT_EQ(s.sent_memfd, 1u);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
}

TEST(CapiJournald, AbsentJournaldIsCountedAndBadOptionsRefused) {
    TempDir dir;
    std::string path = dir.file("none");
    picolog_journald_options o = PICOLOG_JOURNALD_OPTIONS_INIT;
    o.socket_path = path.c_str();
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_journald_handler_new(&h, &o), PICOLOG_OK);
    picolog_logger* log = test_logger();
    ASSERT_EQ(picolog_logger_add_handler(log, h), PICOLOG_OK);
    picolog_log(log, PICOLOG_ERROR, "nobody");
    ASSERT_EQ(picolog_handler_flush(h), PICOLOG_OK);
    EXPECT_EQ(stats_of(h).dropped_unreachable, 1u);
    picolog_logger_remove_handler(log, h);
    picolog_handler_release(h);
    o.facility = 30;
    EXPECT_EQ(picolog_journald_handler_new(&h, &o), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("facility"), std::string::npos);
}

}  // namespace
