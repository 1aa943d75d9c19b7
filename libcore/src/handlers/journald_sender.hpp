// journald_sender.hpp - the sending half of a journald handler, run by its
// queue's listener thread (one caller at a time; counters read anywhere).
#pragma once

#include <sys/un.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "picolog/journald.hpp"

namespace picolog::journald {

class Sender {
public:
    explicit Sender(const JournaldOptions& options);
    ~Sender();
    Sender(const Sender&) = delete;
    Sender& operator=(const Sender&) = delete;

    void deliver(const Record& record, std::string_view text);
    void end_batch() {}
    int flush() { return 0; }
    void close() {}
    void after_fork_child() noexcept;
    const std::string& peer() const noexcept { return options_.socket_path; }
    void add_stats(JournaldStats& out) const noexcept;

private:
    bool open() noexcept;
    int send_datagram() noexcept;
    int send_memfd() noexcept;
    static void bump(std::atomic<uint64_t>& c) noexcept {
        c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    JournaldOptions options_;
    sockaddr_un addr_{};
    int fd_ = -1;
    std::string entry_;
    std::atomic<uint64_t> sent_{0}, sent_memfd_{0}, dropped_unreachable_{0}, dropped_failed_{0};
};

}  // namespace picolog::journald
