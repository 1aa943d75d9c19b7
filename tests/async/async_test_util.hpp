// async_test_util.hpp - helpers for the queue tests: records carrying a
// producer number and a sequence number, a deliberately slow handler that
// checks per-producer order, a handler that blocks until the test opens it,
// test sizes scaled for sanitizer builds, and a file handler and a child's
// exit status for the tests across processes.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "picolog/async/queue_handler.hpp"
#include "picolog/handler.hpp"
#include "picolog/handlers.hpp"
#include "picolog/level.hpp"
#include "picolog/record.hpp"
#include "sanitizers.hpp"
#include "temp_dir.hpp"
#include "watchdog.hpp"

namespace async_test {

using namespace picolog;

#if defined(PICOLOG_TEST_TSAN)
inline constexpr size_t kScale = 10;  // ThreadSanitizer runs ~10x slower
#elif defined(PICOLOG_TEST_ASAN)
inline constexpr size_t kScale = 4;
#else
inline constexpr size_t kScale = 1;
#endif

// A record whose strings are borrowed from the caller, stamped like a
// logger would.
inline Record make_record(std::string_view message, int level = INFO, std::string_view logger = "test") {
    Record r;
    r.level = level;
    r.logger_name = logger;
    r.message = message;
    stamp(r);
    return r;
}

// "<producer> <seq>", parsed back by parse_tag.
inline std::string tag(unsigned producer, uint64_t seq) {
    return std::to_string(producer) + " " + std::to_string(seq);
}

inline bool parse_tag(std::string_view s, unsigned& producer, uint64_t& seq) {
    auto r1 = std::from_chars(s.data(), s.data() + s.size(), producer);
    if (r1.ec != std::errc() || r1.ptr == s.data() + s.size() || *r1.ptr != ' ') return false;
    auto r2 = std::from_chars(r1.ptr + 1, s.data() + s.size(), seq);
    return r2.ec == std::errc() && r2.ptr == s.data() + s.size();
}

// Counts tagged records per producer and checks their order. `work` rounds
// of hashing per record make it slow without sleeping. Its state is written
// by the listener thread only; read it after flush() or close().
class SequenceHandler final : public Handler {
public:
    SequenceHandler(unsigned producers, int work)
        : count(producers, 0), last(producers, -1), flushed_last(producers), work_(work) {
        for (auto& f : flushed_last) f.store(-1);
    }

    uint64_t total() const {
        uint64_t n = 0;
        for (uint64_t c : count) n += c;
        return n;
    }

    std::vector<uint64_t> count;
    std::vector<int64_t> last;
    std::vector<std::atomic<int64_t>> flushed_last;  // `last` as of the latest flush
    bool increasing = true;                          // per producer, strictly
    bool contiguous = true;                          // per producer, no gaps
    bool malformed = false;
    uint64_t sink = 0;

protected:
    int emit(const Record& record, std::string_view) override {
        uint64_t h = 1469598103934665603ull;
        for (int k = 0; k < work_; ++k)
            for (char c : record.message) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
        sink ^= h;
        unsigned p;
        uint64_t seq;
        if (!parse_tag(record.message, p, seq) || p >= count.size()) {
            malformed = true;
            return kOk;
        }
        int64_t s = static_cast<int64_t>(seq);
        if (s <= last[p]) increasing = false;
        if (s != last[p] + 1) contiguous = false;
        last[p] = s;
        ++count[p];
        return kOk;
    }
    int do_flush() override {
        for (size_t i = 0; i < last.size(); ++i) flushed_last[i].store(last[i], std::memory_order_release);
        return kOk;
    }

private:
    int work_;
};

// Blocks every emit until open() (counting the ones that entered), keeping
// the messages it let through.
class GateHandler final : public Handler {
public:
    void open() {
        std::lock_guard lock(m_);
        open_ = true;
        cv_.notify_all();
    }
    // Waits until `n` emits have entered (and are blocked if still closed).
    void wait_entered(int n) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return entered_ >= n; });
    }
    std::vector<std::string> messages() {
        std::lock_guard lock(m_);
        return messages_;
    }

protected:
    int emit(const Record& record, std::string_view) override {
        std::unique_lock lock(m_);
        ++entered_;
        cv_.notify_all();
        cv_.wait(lock, [&] { return open_; });
        messages_.emplace_back(record.message);
        return kOk;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool open_ = false;
    int entered_ = 0;
    std::vector<std::string> messages_;
};

using test_support::read_lines;
using test_support::TempDir;
using test_support::Watchdog;

inline Ref<QueueHandler> make_queue(const QueueOptions& options, std::vector<Ref<Handler>> handlers) {
    return QueueHandler::create(options, std::move(handlers));
}

inline Ref<FileHandler> truncated_file(const std::string& path) {
    FileOptions fo;
    fo.truncate = true;
    return Ref<FileHandler>::make(path, fo);
}

// The child's exit status, or 128 + the signal that ended it.
inline int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace async_test
