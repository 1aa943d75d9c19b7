// syslog_sender.hpp - the sending half of a syslog handler, run by its
// queue's listener thread: formats each record, frames and writes it, holds
// messages while the peer is unreachable, reconnects with capped
// exponential backoff, and counts every record it cannot deliver.
//
// Called with the listener's handler lock held (one caller at a time); only
// the counters are read from other threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "picolog/syslog.hpp"
#include "syslog_transport.hpp"

namespace picolog::syslog {

// The delay before retry number `failures` (1-based): initial, doubled each
// time, never above max.
std::chrono::milliseconds backoff_delay(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                                        unsigned failures) noexcept;

class Sender {
public:
    explicit Sender(const SyslogOptions& options);

    // One record, formatted as `text` by the handler's formatter.
    void deliver(const Record& record, std::string_view text);
    // Writes out what the batch gathered (stream transports).
    void end_batch();
    // end_batch, and a reconnection attempt now if the peer is down.
    int flush();
    // flush, then counts what is still held as dropped_closed.
    void close();
    // In a forked child: the parent's socket, unsent bytes, held records
    // and unreported drops are the parent's.
    void after_fork_child() noexcept;

    // Adds the sender's counters into `out`, and takes the records a parent
    // process kept at a fork out of its `enqueued`.
    void add_stats(SyslogStats& out) const noexcept;
    const std::string& peer() const noexcept { return peer_; }

private:
    using Clock = std::chrono::steady_clock;
    struct Pending {
        size_t message_begin, message_end, frame_end;  // offsets in out_
        uint64_t note;                                 // a drop note for this many records, or 0
    };
    struct Held {
        std::string message;  // unframed
        uint64_t note;        // as in Pending
    };

    bool ready(bool now_or_never);
    void submit(std::string_view message, uint64_t note);
    // Keeps messages for the next connection: at the back (new records) or
    // the front (ones a failed write gave back, in order), within the bound.
    void hold(std::string_view message, uint64_t note, bool front = false);
    void count_written(uint64_t note, uint64_t n = 1) noexcept;
    // Writes what out_ gathered; false when the link was lost (the unsent
    // messages are held again, in order).
    bool write_out();
    bool write_datagrams();
    // Holds pending_[from..] again at the front of the hold, and empties out_.
    void give_back(size_t from);
    void link_lost();
    void drain_held();
    static void bump(std::atomic<uint64_t>& c, uint64_t n = 1) noexcept {
        c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }

    const SyslogOptions options_;
    const Framing framing_;  // the stream's: TLS always counts octets (RFC 5425)
    MessageFormatter formatter_;
    Connection conn_;
    std::string peer_;
    std::string message_;                  // the record being formatted
    std::string out_;                      // framed messages (or datagrams) not yet written
    std::vector<Pending> pending_;         // the messages in out_
    std::vector<std::string_view> views_;  // pending_ as messages, for send_many
    std::deque<Held> held_;                // oldest first
    unsigned failures_ = 0;                // connection attempts failed in a row
    Clock::time_point next_attempt_{};     // no attempt before this while down
    bool ever_connected_ = false;
    bool datagram_went_ = false;  // a datagram went on this connection
    uint64_t unreported_ = 0;     // records given up since the last note

    std::atomic<uint64_t> sent_{0}, dropped_unreachable_{0}, dropped_closed_{0}, dropped_failed_{0},
        truncated_{0}, reconnects_{0}, connect_failures_{0}, reports_{0}, held_count_{0};
    std::atomic<uint64_t> parents_{0};  // records left to the parent at forks
};

}  // namespace picolog::syslog
