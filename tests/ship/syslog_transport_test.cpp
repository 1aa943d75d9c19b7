// syslog_transport_test.cpp - the datagram side of the syslog socket: a
// batch of messages reaches a UDP receiver as one datagram per message, in
// order and byte for byte, whether the kernel segments runs of equal-sized
// messages or not, a refused send reports how many went before it, and a
// port that keeps refusing is retried with a growing delay.
#include "handlers/syslog_transport.hpp"

#include <errno.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "handlers/syslog_sender.hpp"
#include "picolog/record.hpp"
#include "picolog/syslog.hpp"
#include "udp_receiver.hpp"

namespace picolog::syslog {
namespace {

Endpoint udp_to(uint16_t port) {
    Endpoint e;
    e.transport = Transport::Udp;
    e.host = "127.0.0.1";
    e.port = port;
    return e;
}

std::string message(size_t size, size_t n) {
    std::string m = "<14>1 message " + std::to_string(n) + " ";
    m.resize(size, static_cast<char>('a' + n % 26));
    return m;
}

int send_all(Connection& c, const std::vector<std::string>& messages, size_t& sent) {
    std::vector<std::string_view> views(messages.begin(), messages.end());
    return c.send_many(views.data(), views.size(), sent);
}

TEST(SyslogUdp, EveryMessageIsOneDatagramInOrder) {
    UdpReceiver rx;
    Connection c(udp_to(rx.port), std::chrono::milliseconds(1000), std::chrono::milliseconds(1000));
    std::string error;
    ASSERT_EQ(c.connect(error), 0) << error;
    // Runs longer than a segmented send takes (64), runs broken by other
    // sizes, a size whose run is cut by the 64 KiB limit, and singles.
    std::vector<std::string> sent_messages;
    size_t n = 0;
    for (int i = 0; i < 150; ++i) sent_messages.push_back(message(60, n++));
    sent_messages.push_back(message(61, n++));
    sent_messages.push_back(message(59, n++));
    for (int i = 0; i < 5; ++i) sent_messages.push_back(message(60, n++));
    for (int i = 0; i < 40; ++i) sent_messages.push_back(message(3000, n++));
    sent_messages.push_back(message(20000, n++));
    sent_messages.push_back(message(60, n++));
    size_t sent = 0;
    ASSERT_EQ(send_all(c, sent_messages, sent), 0);
    EXPECT_EQ(sent, sent_messages.size());
    EXPECT_EQ(rx.take_all(), sent_messages);
    // Loopback segments: the runs of equal sizes went out as runs.
    EXPECT_GE(c.offloaded(), 150u + 5u + 40u);
}

TEST(SyslogUdp, ARefusedSendSaysHowManyWentBeforeIt) {
    uint16_t port;
    {
        UdpReceiver gone;
        port = gone.port;
    }
    Connection c(udp_to(port), std::chrono::milliseconds(1000), std::chrono::milliseconds(1000));
    std::string error;
    ASSERT_EQ(c.connect(error), 0) << error;
    // The first datagram leaves; the port's ICMP answer is reported by the
    // next send, before any of its run goes.
    std::vector<std::string> one{message(60, 0)};
    size_t sent = 0;
    ASSERT_EQ(send_all(c, one, sent), 0);
    EXPECT_EQ(sent, 1u);
    std::vector<std::string> run;
    for (size_t i = 0; i < 10; ++i) run.push_back(message(60, i));
    EXPECT_EQ(send_all(c, run, sent), ECONNREFUSED);
    EXPECT_EQ(sent, 0u);
}

TEST(SyslogUdp, APortThatKeepsRefusingIsRetriedLessAndLessOften) {
    // UDP "connects" whether or not anyone listens: each retry sends a held
    // message into the refusal, so the delay before the next retry must
    // grow with every refused send, as it does for a refused connection.
    uint16_t port;
    {
        UdpReceiver gone;
        port = gone.port;
    }
    SyslogOptions o;
    o.endpoint = udp_to(port);
    o.backoff_initial = std::chrono::milliseconds(1);
    o.backoff_max = std::chrono::hours(1);
    Sender sender(o);
    Record r;
    r.level = 30;
    stamp(r);
    auto counts = [&] {
        SyslogStats s;
        sender.add_stats(s);
        return s;
    };
    // The first datagram goes; the port's refusal is reported by the next
    // send, whose message is held. A flush retries at once: the held message
    // goes, and the next record's send is refused again.
    sender.deliver(r, "first");
    sender.end_batch();
    for (int i = 0; i < 30; ++i) {
        sender.deliver(r, "refused");
        sender.end_batch();
        ASSERT_EQ(counts().held, 1u) << i;
        sender.flush();
        ASSERT_EQ(counts().held, 0u) << i;
    }
    sender.deliver(r, "refused");
    sender.end_batch();
    ASSERT_EQ(counts().held, 1u);
    // 31 refusals in a row: the next retry is an hour away. Once the delay
    // of a first refusal has passed, a record is still held, not a retry.
    const auto refused_at = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - refused_at < std::chrono::milliseconds(2)) {
    }
    const uint64_t sent = counts().sent;
    sender.deliver(r, "during the delay");
    sender.end_batch();
    EXPECT_EQ(counts().sent, sent);
    EXPECT_EQ(counts().held, 2u);
    sender.close();
}

}  // namespace
}  // namespace picolog::syslog
