// syslog_behind_queue_test.cpp - a syslog handler that is another queue's
// handler: the records reach the daemon's socket formatted once, by the
// handler's own sender, not once more by the queue listener in front of it.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "picolog/async/queue_handler.hpp"
#include "picolog/formatter.hpp"
#include "picolog/level.hpp"
#include "picolog/record.hpp"
#include "picolog/syslog.hpp"
#include "udp_receiver.hpp"

namespace picolog {
namespace {

// The message alone, with a count of its calls.
class CountingFormatter final : public Formatter {
public:
    void format(const Record& record, std::string& out) const override {
        calls.fetch_add(1, std::memory_order_relaxed);
        out.append(record.message);
    }
    mutable std::atomic<int> calls{0};
};

TEST(SyslogBehindQueue, EachRecordIsFormattedOnce) {
    UdpReceiver rx;
    SyslogOptions options;
    options.endpoint.transport = syslog::Transport::Udp;
    options.endpoint.host = "127.0.0.1";
    options.endpoint.port = rx.port;
    auto syslog = SyslogHandler::create(options);
    auto formatter = Ref<CountingFormatter>::make();
    syslog->set_formatter(formatter);
    auto queue = QueueHandler::create(QueueOptions{}, {syslog});
    const std::vector<std::string> messages = {"first", "second", "third"};
    for (const std::string& m : messages) {
        Record r;
        r.level = WARNING;
        r.logger_name = "ship.test";
        r.message = m;
        stamp(r);
        ASSERT_EQ(queue->handle(r), kOk);
    }
    // The queue's flush reaches the syslog handler's, which returns once
    // its sender has sent everything.
    ASSERT_EQ(queue->flush(), kOk);
    const std::vector<std::string> got = rx.take_all();
    ASSERT_EQ(got.size(), messages.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_NE(got[i].find(messages[i]), std::string::npos) << got[i];
    EXPECT_EQ(formatter->calls.load(), 3);
    EXPECT_EQ(syslog->failures(), 0u);
    EXPECT_EQ(queue->close(), kOk);
}

}  // namespace
}  // namespace picolog
