// stream_handler_test.cpp - the stream handler writes line + "\n" to a
// descriptor it does not own, survives a closed pipe, and lets its lock's
// waiters spin.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "core_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/handlers.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"

namespace picolog::test {
namespace {

TEST(StreamHandler, WritesLinesToTheDescriptor) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    {
        auto h = Ref<StreamHandler>::make(fds[1]);
        Record r;
        r.level = INFO;
        r.message = "through the pipe";
        h->handle(r);
        r.message = "again";
        h->handle(r);
    }
    ::close(fds[1]);  // the handler did not close it: EOF only now
    std::string got;
    char buf[256];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    EXPECT_EQ(got, "through the pipe\nagain\n");
}

// A write per record: a thread waiting for the lock spins before it sleeps
// (handler_mutex.hpp).
TEST(StreamHandler, LockWaitersSpin) {
    EXPECT_TRUE(Ref<StreamHandler>::make(STDERR_FILENO)->waiters_spin());
}

TEST(StreamHandler, NegativeDescriptorRejected) {
    try {
        StreamHandler h(-1);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
    }
}

TEST(StreamHandler, ClosedPipeCountsFailuresNotErrors) {
    struct sigaction ignore {
    }, old{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old);
    ErrorCapture errors;
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ::close(fds[0]);
    Logger& l = Registry::instance().get("stream.closed");
    auto h = Ref<StreamHandler>::make(fds[1]);
    l.add_handler(h);
    for (int i = 0; i < 4; ++i) {
        Record r;
        r.level = ERROR;
        r.message = "nobody reads this";
        EXPECT_EQ(l.log(r), kOk);
    }
    EXPECT_EQ(h->failures(), 4u);
    ASSERT_EQ(errors.messages().size(), 1u);
    EXPECT_EQ(errors.messages()[0],
              "picolog: StreamHandler(fd " + std::to_string(fds[1]) + "): write failed: Broken pipe");
    l.clear_handlers();
    ::close(fds[1]);
    ::sigaction(SIGPIPE, &old, nullptr);
}

}  // namespace
}  // namespace picolog::test
