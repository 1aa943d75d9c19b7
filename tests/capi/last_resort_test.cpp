// last_resort_test.cpp - picolog_set_last_resort and
// picolog_reset_last_resort through the C API: a callback handler as last
// resort, none, the built-in one back, and the refusal of a queue's handler.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "capi_test_util.hpp"

using namespace capi_test;

namespace {

// Redirects fd 2 into a pipe until text() (the output must fit the pipe).
class Stderr {
public:
    Stderr() {
        if (::pipe(pipe_) != 0) std::abort();
        saved_ = ::dup(2);
        ::dup2(pipe_[1], 2);
        ::close(pipe_[1]);
    }
    ~Stderr() { restore(); }
    std::string text() {
        restore();
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = ::read(pipe_[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
        ::close(pipe_[0]);
        return out;
    }

private:
    void restore() {
        if (saved_ < 0) return;
        ::dup2(saved_, 2);
        ::close(saved_);
        saved_ = -1;
    }
    int pipe_[2] = {-1, -1};
    int saved_ = -1;
};

// A logger of this test that reaches no handler (its own or the root's).
picolog_logger* lonely_logger() {
    picolog_logger* logger = test_logger();
    EXPECT_EQ(picolog_logger_has_handlers(logger), 0);
    return logger;
}

class CapiLastResort : public ::testing::Test {
protected:
    void TearDown() override { EXPECT_EQ(picolog_reset_last_resort(), PICOLOG_OK); }
};

TEST_F(CapiLastResort, AHandlerGetsTheRecordsNoOtherTook) {
    Capture capture;
    ASSERT_EQ(picolog_handler_set_level(capture.handler(), PICOLOG_INFO), PICOLOG_OK);
    ASSERT_EQ(picolog_set_last_resort(capture.handler()), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = lonely_logger();
    Stderr err;
    EXPECT_EQ(picolog_log(logger, PICOLOG_DEBUG, "below the handler's level"), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "taken"), PICOLOG_OK);
    EXPECT_EQ(err.text(), "");
    ASSERT_EQ(capture.records().size(), 1u);
    EXPECT_EQ(capture.records()[0].message, "taken");
    EXPECT_EQ(capture.records()[0].logger, unique_name());
    // The runtime's reference goes with the reset, before the capture's.
    EXPECT_EQ(picolog_reset_last_resort(), PICOLOG_OK);
}

TEST_F(CapiLastResort, NoneDropsTheRecordWithOneNotice) {
    ASSERT_EQ(picolog_set_last_resort(nullptr), PICOLOG_OK);
    picolog_logger* logger = lonely_logger();
    Stderr err;
    EXPECT_EQ(picolog_log(logger, PICOLOG_ERROR, "dropped"), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_ERROR, "dropped too"), PICOLOG_OK);
    EXPECT_EQ(err.text(), "No handlers could be found for logger \"" + unique_name() + "\"\n");
}

TEST_F(CapiLastResort, ResetBringsBackWarningsOnStderr) {
    ASSERT_EQ(picolog_set_last_resort(nullptr), PICOLOG_OK);
    ASSERT_EQ(picolog_reset_last_resort(), PICOLOG_OK);
    picolog_logger* logger = lonely_logger();
    Stderr err;
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "quiet"), PICOLOG_OK);
    EXPECT_EQ(picolog_log(logger, PICOLOG_WARNING, "Final chance!"), PICOLOG_OK);
    EXPECT_EQ(err.text(), "Final chance!\n");
}

TEST_F(CapiLastResort, AQueuesHandlerIsRefusedWithAMessage) {
    Capture capture;
    picolog_handler* handlers[] = {capture.handler()};
    picolog_handler* queue = nullptr;
    ASSERT_EQ(picolog_queue_handler_new(&queue, nullptr, handlers, 1), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(picolog_set_last_resort(capture.handler()), PICOLOG_EINVAL);
    EXPECT_NE(std::string(picolog_last_error()).find("queue listener"), std::string::npos)
        << picolog_last_error();
    picolog_logger* logger = lonely_logger();
    Stderr err;
    EXPECT_EQ(picolog_log(logger, PICOLOG_WARNING, "still built in"), PICOLOG_OK);
    EXPECT_EQ(err.text(), "still built in\n");
    EXPECT_EQ(picolog_handler_close(queue), PICOLOG_OK);
    picolog_handler_release(queue);
}

}  // namespace
