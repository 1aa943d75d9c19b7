// syslog_sender.cpp - delivery with accounting: a record is either written,
// held for a later connection, or dropped and counted under its cause.
#include "syslog_sender.hpp"

#include <errno.h>

#include "picolog/error.hpp"

namespace picolog::syslog {

namespace {

// Output is written once it reaches this size (or, for datagrams, this
// many messages), else at the end of the listener's batch: one system call
// for many records.
constexpr size_t kWriteAt = 64 * 1024;
constexpr size_t kDatagramsAt = 128;

// Errors that say the peer is (for now) not there: hold and retry. Any
// other error refuses this one message for good.
bool link_error(int err) noexcept {
    switch (err) {
        case ECONNREFUSED:
        case ECONNRESET:
        case ECONNABORTED:
        case ENOTCONN:
        case EPIPE:
        case ENOENT:
        case ETIMEDOUT:
        case EHOSTUNREACH:
        case ENETUNREACH:
        case ENETDOWN:
        case EHOSTDOWN:
        case ENOBUFS:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::chrono::milliseconds backoff_delay(std::chrono::milliseconds initial, std::chrono::milliseconds max,
                                        unsigned failures) noexcept {
    auto d = initial;
    for (unsigned i = 1; i < failures && d < max; ++i) d *= 2;
    return std::min(d, max);
}

Sender::Sender(const SyslogOptions& options)
    : options_(options),
      framing_(options.endpoint.transport == Transport::Tls ? Framing::OctetCounting : options.framing),
      formatter_(options.message),
      conn_(options.endpoint, options.connect_timeout, options.send_timeout),
      peer_(conn_.describe()) {}

bool Sender::ready(bool now_or_never) {
    if (conn_.connected()) return true;
    const auto now = Clock::now();
    if (!now_or_never && now < next_attempt_) return false;
    std::string error;
    if (conn_.connect(error) != 0) {
        ++failures_;
        bump(connect_failures_);
        next_attempt_ = now + backoff_delay(options_.backoff_initial, options_.backoff_max, failures_);
        return false;
    }
    // UDP "connects" whether or not anyone listens: only a datagram that
    // goes after another one on the link ends the backoff (write_datagrams).
    if (options_.endpoint.transport != Transport::Udp) failures_ = 0;
    datagram_went_ = false;
    if (ever_connected_) bump(reconnects_);
    ever_connected_ = true;
    if (unreported_ > 0) {
        // The note goes first; the records held since then follow.
        std::string note = "picolog: " + std::to_string(unreported_) + " records dropped while " + peer_ +
                           " was unreachable";
        std::string text;
        formatter_.format_note(30, note, text);
        held_.push_front(Held{std::move(text), unreported_});
        bump(held_count_);
        unreported_ = 0;
    }
    drain_held();
    return conn_.connected();
}

void Sender::drain_held() {
    while (!held_.empty() && conn_.connected()) {
        Held h = std::move(held_.front());
        held_.pop_front();
        held_count_.fetch_sub(1, std::memory_order_relaxed);
        submit(h.message, h.note);
    }
}

void Sender::deliver(const Record& record, std::string_view text) {
    message_.clear();
    formatter_.format(record, text, message_);
    const size_t limit = conn_.is_stream() ? options_.max_message : options_.max_datagram;
    if (limit != 0 && message_.size() > limit) {
        message_.resize(utf8_prefix(message_, limit));
        bump(truncated_);
    }
    if (!ready(false)) {
        hold(message_, 0);
        return;
    }
    submit(message_, 0);
}

void Sender::count_written(uint64_t note, uint64_t n) noexcept {
    bump(note ? reports_ : sent_, n);
}

void Sender::submit(std::string_view message, uint64_t note) {
    if (!conn_.connected()) {
        hold(message, note);
        return;
    }
    Pending p;
    p.note = note;
    if (conn_.is_stream())
        frame(framing_, message, out_);
    else
        out_.append(message);  // a datagram is its own frame
    p.frame_end = out_.size();
    p.message_end = conn_.is_stream() && framing_ == Framing::Lf ? p.frame_end - 1 : p.frame_end;
    p.message_begin = p.message_end - message.size();
    pending_.push_back(p);
    if (out_.size() >= kWriteAt || (!conn_.is_stream() && pending_.size() >= kDatagramsAt)) write_out();
}

void Sender::give_back(size_t from) {
    for (size_t i = pending_.size(); i-- > from;) {
        const Pending& p = pending_[i];
        hold(std::string_view(out_).substr(p.message_begin, p.message_end - p.message_begin), p.note, true);
    }
    out_.clear();
    pending_.clear();
}

bool Sender::write_datagrams() {
    views_.clear();
    for (const Pending& p : pending_)
        views_.emplace_back(out_.data() + p.message_begin, p.message_end - p.message_begin);
    for (size_t i = 0; i < pending_.size();) {
        size_t sent = 0;
        int err = conn_.send_many(views_.data() + i, views_.size() - i, sent);
        for (size_t k = i; k < i + sent; ++k) count_written(pending_[k].note);
        i += sent;
        if (sent > 0) {
            // A refusal of a datagram is reported by a later send: one that
            // goes after an earlier one says the peer took that one.
            if (datagram_went_ && err == 0) failures_ = 0;
            datagram_went_ = true;
        }
        if (err == 0) continue;
        if (link_error(err)) {
            link_lost();
            give_back(i);
            return false;
        }
        // Refused for good (not a lost link): this one message is lost.
        if (pending_[i].note)
            unreported_ += pending_[i].note;
        else
            bump(dropped_failed_);
        ++i;
    }
    out_.clear();
    pending_.clear();
    return true;
}

void Sender::hold(std::string_view message, uint64_t note, bool front) {
    // A note pushed out is not a record lost: its count waits for the next.
    auto give_up = [this](uint64_t n) {
        if (n) {
            unreported_ += n;
            return;
        }
        bump(dropped_unreachable_);
        ++unreported_;
    };
    if (options_.hold == 0) {
        give_up(note);
        return;
    }
    if (held_.size() >= options_.hold) {
        if (front) {
            // What a failed write gives back is older than everything held.
            give_up(note);
            return;
        }
        give_up(held_.front().note);
        held_.pop_front();
        held_count_.fetch_sub(1, std::memory_order_relaxed);
    }
    if (front)
        held_.push_front(Held{std::string(message), note});
    else
        held_.push_back(Held{std::string(message), note});
    bump(held_count_);
}

void Sender::link_lost() {
    conn_.disconnect();
    if (conn_.is_stream()) {
        // The first attempt after a working link is immediate; failures
        // after it back off.
        next_attempt_ = Clock::now();
        return;
    }
    // A datagram socket "connects" whether or not anyone listens, so a
    // refused send is the failed attempt that backs off.
    ++failures_;
    next_attempt_ = Clock::now() + backoff_delay(options_.backoff_initial, options_.backoff_max, failures_);
}

bool Sender::write_out() {
    if (pending_.empty()) return true;
    if (!conn_.is_stream()) return write_datagrams();
    size_t written = 0;
    // A peer that has already gone (a FIN or RST in the socket) would take
    // the next write into the void: reconnect before writing.
    int err = conn_.peer_gone() ? ECONNRESET : conn_.write_all(out_.data(), out_.size(), written);
    size_t done = 0;
    for (; done < pending_.size() && pending_[done].frame_end <= written; ++done)
        count_written(pending_[done].note);
    if (err == 0) {
        out_.clear();
        pending_.clear();
        return true;
    }
    // The rest (from a message the peer may have got in part) is held and
    // sent again whole on the next connection.
    if (link_error(err))
        link_lost();
    else
        conn_.disconnect();
    give_back(done);
    return false;
}

void Sender::end_batch() {
    if (!pending_.empty()) write_out();
}

int Sender::flush() {
    end_batch();
    if (!conn_.connected() && !held_.empty()) ready(true);
    end_batch();
    return kOk;
}

void Sender::close() {
    flush();
    for (const Held& h : held_)
        if (!h.note) bump(dropped_closed_);
    held_count_.store(0, std::memory_order_relaxed);
    held_.clear();
    conn_.disconnect(true);
}

void Sender::after_fork_child() noexcept {
    // The records still held or unwritten, and the drops not yet reported,
    // are the parent's to send and report. The child's `enqueued` leaves
    // those records out, as the queue's leaves out the ones it discards.
    uint64_t parents = 0;
    for (const Held& h : held_)
        if (!h.note) ++parents;
    for (const Pending& p : pending_)
        if (!p.note) ++parents;
    bump(parents_, parents);
    unreported_ = 0;
    conn_.forget();
    out_.clear();
    pending_.clear();
    held_.clear();
    held_count_.store(0, std::memory_order_relaxed);
    next_attempt_ = {};
    failures_ = 0;
    datagram_went_ = false;
}

void Sender::add_stats(SyslogStats& s) const noexcept {
    s.sent += sent_.load(std::memory_order_relaxed);
    s.dropped_unreachable += dropped_unreachable_.load(std::memory_order_relaxed);
    s.dropped_closed += dropped_closed_.load(std::memory_order_relaxed);
    s.dropped_failed += dropped_failed_.load(std::memory_order_relaxed);
    s.truncated += truncated_.load(std::memory_order_relaxed);
    s.reconnects += reconnects_.load(std::memory_order_relaxed);
    s.connect_failures += connect_failures_.load(std::memory_order_relaxed);
    s.reports += reports_.load(std::memory_order_relaxed);
    s.held += held_count_.load(std::memory_order_relaxed);
    s.enqueued -= parents_.load(std::memory_order_relaxed);
}

}  // namespace picolog::syslog
