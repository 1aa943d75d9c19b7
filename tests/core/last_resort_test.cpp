// last_resort_test.cpp - the record no handler took: the built-in stderr
// writer, a handler set as last resort (its level decides), none (a one-time
// notice), going back to the built-in one, and switching while other
// threads log.
#include "picolog/last_resort.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core_test_util.hpp"
#include "picolog/error.hpp"
#include "picolog/level.hpp"
#include "picolog/registry.hpp"

namespace picolog::test {
namespace {

Record make(int level, const char* message) {
    Record r;
    r.level = level;
    r.message = message;
    return r;
}

// Every test leaves the process's last resort as it found it.
class LastResort : public ::testing::Test {
protected:
    void TearDown() override { last_resort::use_builtin(); }

    Logger& logger(const std::string& name) {
        Logger& l = Registry::instance().get("last_resort_test." + name);
        l.set_level(DEBUG);
        EXPECT_FALSE(l.has_handlers());
        return l;
    }
};

TEST_F(LastResort, AHandlerGetsWhatNoOtherTookAndItsLevelDecides) {
    Logger& l = logger("handler");
    auto h = Ref<RecordingHandler>::make();
    h->set_level(INFO);
    last_resort::use(h);
    StderrCapture capture;
    Record debug = make(DEBUG, "too low");
    Record info = make(INFO, "kept");
    Record error = make(ERROR, "kept too");
    l.log(debug);
    l.log(info);
    l.log(error);
    EXPECT_EQ(capture.text(), "");
    EXPECT_EQ(h->lines(), (std::vector<std::string>{"kept", "kept too"}));
}

TEST_F(LastResort, NoneWritesOneNoticeNamingTheLogger) {
    Logger& l = logger("none");
    last_resort::use_none();
    StderrCapture capture;
    Record first = make(ERROR, "dropped");
    Record second = make(CRITICAL, "dropped again");
    l.log(first);
    l.log(second);
    EXPECT_EQ(capture.text(), "No handlers could be found for logger \"last_resort_test.none\"\n");
}

TEST_F(LastResort, ChoosingNoneAgainAllowsAnotherNotice) {
    Logger& l = logger("none_again");
    last_resort::use_none();
    StderrCapture capture;
    Record r = make(WARNING, "dropped");
    l.log(r);
    last_resort::use_none();
    l.log(r);
    EXPECT_EQ(capture.text(),
              "No handlers could be found for logger \"last_resort_test.none_again\"\n"
              "No handlers could be found for logger \"last_resort_test.none_again\"\n");
}

TEST_F(LastResort, TheBuiltInOneComesBack) {
    Logger& l = logger("builtin");
    auto h = Ref<RecordingHandler>::make();
    last_resort::use(h);
    last_resort::use_builtin();
    StderrCapture capture;
    Record info = make(INFO, "quiet");
    Record warning = make(WARNING, "loud");
    l.log(info);
    l.log(warning);
    EXPECT_EQ(capture.text(), "loud\n");
    EXPECT_EQ(h->count(), 0u);
}

TEST_F(LastResort, AFoundHandlerThatRefusesTheRecordKeepsItFromTheLastResort) {
    Logger& l = logger("found");
    auto attached = Ref<RecordingHandler>::make();
    attached->set_level(CRITICAL);
    l.add_handler(attached);
    auto last = Ref<RecordingHandler>::make();
    last_resort::use(last);
    Record r = make(ERROR, "refused");
    l.log(r);
    l.clear_handlers();
    EXPECT_EQ(attached->count(), 0u);
    EXPECT_EQ(last->count(), 0u);
}

TEST_F(LastResort, AListenersHandlerIsRefusedAndNothingChanges) {
    Logger& l = logger("listener");
    auto owned = Ref<RecordingHandler>::make();
    ASSERT_TRUE(owned->claim_for_listener());
    try {
        last_resort::use(owned);
        FAIL() << "a listener's handler was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
        EXPECT_NE(std::string(e.what()).find("queue listener"), std::string::npos);
    }
    owned->release_listener_claim();
    StderrCapture capture;
    Record r = make(WARNING, "built in still");
    l.log(r);
    EXPECT_EQ(capture.text(), "built in still\n");
}

TEST_F(LastResort, AHandlerSetAsLastResortCannotJoinAListener) {
    auto h = Ref<RecordingHandler>::make();
    last_resort::use(h);
    EXPECT_FALSE(h->claim_for_listener());
    last_resort::use_builtin();
    EXPECT_TRUE(h->claim_for_listener());
    h->release_listener_claim();
}

// For the sanitizers: switches race with records. Records below WARNING keep
// the built-in one quiet and none writes only notices (fewer than the
// switches), so stderr stays within the pipe.
TEST_F(LastResort, SwitchingWhileThreadsLog) {
    Logger& l = logger("switching");
    auto h = Ref<RecordingHandler>::make();
    constexpr int kThreads = 4;
    const int per_thread = scaled(2000);
    const int switches = scaled(300);
    std::atomic<int> ready{0};
    StderrCapture capture;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            ready.fetch_add(1);
            while (ready.load() < kThreads + 1) std::this_thread::yield();
            for (int i = 0; i < per_thread; ++i) {
                Record r = make(INFO, "switching");
                l.log(r);
            }
        });
    ready.fetch_add(1);
    for (int i = 0; i < switches; ++i) {
        if (i % 3 == 0) last_resort::use(h);
        if (i % 3 == 1) last_resort::use_none();
        if (i % 3 == 2) last_resort::use_builtin();
    }
    last_resort::use(h);
    for (auto& t : threads) t.join();
    Record last = make(INFO, "after");
    l.log(last);
    std::string text = capture.text();
    EXPECT_LE(h->count(), static_cast<size_t>(kThreads * per_thread + 1));
    EXPECT_EQ(h->lines().back(), "after");
    // The built-in one never wrote an INFO record; only notices are there.
    EXPECT_EQ(text.find("switching\n"), std::string::npos);
}

}  // namespace
}  // namespace picolog::test
