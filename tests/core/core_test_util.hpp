// core_test_util.hpp - helpers shared by the core tests: reading files,
// finding descriptors of deleted files, capturing stderr and the error hook,
// a handler that records what it gets, the sanitizer scale factor for the
// big tests, and waiting for a thread to block in a system call.
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "picolog/handler.hpp"
#include "picolog/runtime.hpp"
#include "sanitizers.hpp"
#include "temp_dir.hpp"

namespace picolog::test {

#if defined(PICOLOG_TEST_TSAN) || defined(PICOLOG_TEST_ASAN)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

// Sanitized builds run the big concurrency tests at a tenth of their size.
constexpr int scaled(int n) {
    return kSanitized ? n / 10 : n;
}

using test_support::read_lines;
using test_support::TempDir;

// Descriptors of this process naming a deleted file under dir.
inline size_t deleted_files_held(const std::string& dir) {
    size_t held = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        std::string target = std::filesystem::read_symlink(entry.path(), ec).string();
        if (!ec && target.rfind(dir, 0) == 0 && target.find("(deleted)") != std::string::npos) ++held;
    }
    return held;
}

// Waits until thread `tid` of this process is inside system call `nr` (as
// /proc/self/task/TID/syscall shows it: blocked there, or about to
// return), and returns true; or returns false as soon as `finished` is set
// (the thread went past the call).
inline bool wait_in_syscall(pid_t tid, long nr, const std::atomic<bool>& finished) {
    const std::string path = "/proc/self/task/" + std::to_string(tid) + "/syscall";
    while (!finished.load()) {
        std::ifstream in(path);
        long now = -1;
        if (in >> now && now == nr) return true;
        ::sched_yield();
    }
    return false;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Redirects fd 2 into a pipe until text() is called (the output must fit
// in the pipe's buffer).
class StderrCapture {
public:
    StderrCapture() {
        if (::pipe(pipe_) != 0) std::abort();
        saved_ = ::dup(2);
        ::dup2(pipe_[1], 2);
        ::close(pipe_[1]);
    }
    ~StderrCapture() { restore(); }
    std::string text() {
        restore();
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = ::read(pipe_[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
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

// Installs an error hook that records messages; restores the default.
class ErrorCapture {
public:
    ErrorCapture() { runtime::set_error_hook(&ErrorCapture::hook, this); }
    ~ErrorCapture() { runtime::set_error_hook(nullptr, nullptr); }
    std::vector<std::string> messages() {
        std::lock_guard lock(mutex_);
        return messages_;
    }

private:
    static void hook(const char* message, void* self) {
        auto* c = static_cast<ErrorCapture*>(self);
        std::lock_guard lock(c->mutex_);
        c->messages_.emplace_back(message);
    }
    std::mutex mutex_;
    std::vector<std::string> messages_;
};

// Records every formatted line and record level it emits.
class RecordingHandler final : public Handler {
public:
    std::vector<std::string> lines() {
        auto l = lock();
        return lines_;
    }
    std::vector<int> levels() {
        auto l = lock();
        return levels_;
    }
    size_t count() {
        auto l = lock();
        return lines_.size();
    }
    int flushes() {
        auto l = lock();
        return flushes_;
    }

protected:
    int emit(const Record& record, std::string_view line) override {
        lines_.emplace_back(line);
        levels_.push_back(record.level);
        return kOk;
    }
    int do_flush() override {
        ++flushes_;
        return kOk;
    }

private:
    std::vector<std::string> lines_;
    std::vector<int> levels_;
    int flushes_ = 0;
};

}  // namespace picolog::test
