// handler.hpp - the handler base: level, filters, formatter and one lock.
//
// handle() runs the level check and the filters on the logging thread before
// taking the lock, then formats and emits inside it. Each handler has its own
// lock, so two handlers never contend, and one handler's lines never
// interleave.
#pragma once

#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "picolog/error.hpp"
#include "picolog/filter.hpp"
#include "picolog/fork_gate.hpp"
#include "picolog/formatter.hpp"
#include "picolog/handler_mutex.hpp"
#include "picolog/record.hpp"
#include "picolog/ref.hpp"

namespace picolog {

namespace printf_plan {
struct Plan;
}

class Handler : public RefCounted {
public:
    Handler();  // registers with the runtime (flush_all, shutdown, fork)
    ~Handler() override;

    // The logger's entry: level, filters (no lock), then format and emit under
    // the lock. Never throws. Returns kOk, or the status of a handler that had
    // to refuse the record (a queue handler's kTimedOut / kDropped). Write
    // failures are counted and reported, not returned.
    virtual int handle(const Record& record) noexcept;
    // handle() of a record that has only a level, a message and a logger
    // name, not stamped yet (picolog_log's, when this is the one handler a
    // logger's records reach: Logger::log_message), and `fields`: the
    // thread's context fields as context::borrow() lent them, or none. This
    // default builds and stamps the Record; a queue handler encodes the
    // record without one. `logger_name` is the logger's own name, which lives
    // until the process exits (a queued record refers to it).
    virtual int handle_message(int level, std::string_view message, std::string_view logger_name,
                               std::span<const Field> fields) noexcept;
    // handle_message() of a record whose message is a captured printf call
    // (`block`, printf_plan.hpp), for handlers that takes_deferred_format().
    // This default builds and stamps the Record, marked deferred_format; a
    // queue handler encodes the record without one.
    virtual int handle_captured(int level, std::string_view block, std::string_view logger_name,
                                std::span<const Field> fields) noexcept;
    // handle_captured() of a printf call whose plan has a fixed layout
    // (Plan::fixed_size, printf_plan.hpp), before its arguments are
    // captured: a queue handler reads them from `args` straight into its
    // slot. kNotTaken, with `args` untouched, sends the call the block's way
    // (capture, then handle_captured); this default always does.
    static constexpr int kNotTaken = 1;  // every status is 0 or negative
    virtual int handle_printf(int level, const printf_plan::Plan& plan, va_list* args,
                              std::string_view logger_name, std::span<const Field> fields) noexcept;
    // handle() of a named record (Logger::log_without_waiting) that waits
    // for nothing: no lock a thread holds while it writes or waits, no
    // overflow policy. kNotTaken, with nothing done, when the record would
    // need one; this default always says so. A queue handler takes the
    // record when its filters are none and the caller's lane has room; a
    // buffered file handler when its filters are none, its lock is free and
    // its buffer takes the line without a write.
    virtual int handle_without_waiting(Record& record) noexcept;
    // Whether handle_without_waiting() may take a record: fixed for the
    // handler's life (a logger's route caches it).
    virtual bool takes_without_waiting() const noexcept { return false; }

    // The queue listener's entry: the caller holds lock() already (once per
    // batch). Applies filters and, if check_level, the level, then emits.
    // Returns kOk, or the status of a write that failed (which is also
    // counted in failures() and reported, as in handle()).
    int handle_locked(const Record& record, bool check_level) noexcept;

    // The handler's lock, held for a scope. It takes the mutex under its
    // holder's fork gate (fork_gate.hpp, handler_mutex.hpp), waits for it as
    // a quiet section (a thread waiting here holds its other handlers at
    // rest) and leaves that section before touching the handler.
    class Lock {
    public:
        Lock() noexcept = default;
        // Inline: the uncontended path is a compare-and-swap; waiting and
        // leaving a quiet section are out of line.
        explicit Lock(Handler& handler) noexcept : handler_(&handler), gate_(fork_gate::current()) {
            const uint32_t state =
                gate_ != nullptr ? gate_->state.load(std::memory_order_relaxed) : fork_gate::kRunning;
            was_quiet_ = state == fork_gate::kQuiet;
            if (!handler.mutex_.try_lock(HandlerMutex::identity(gate_))) [[unlikely]]
                wait(handler);
            else if (state != fork_gate::kRunning) [[unlikely]]
                fork_gate::resume(*gate_);
        }
        Lock(Lock&& other) noexcept
            : handler_(std::exchange(other.handler_, nullptr)),
              gate_(other.gate_),
              was_quiet_(other.was_quiet_) {}
        Lock& operator=(Lock&& other) noexcept {
            if (this != &other) {
                unlock();
                handler_ = std::exchange(other.handler_, nullptr);
                gate_ = other.gate_;
                was_quiet_ = other.was_quiet_;
            }
            return *this;
        }
        // Takes the mutex only if it is free (owns() says whether it did),
        // and never waits.
        Lock(Handler& handler, std::try_to_lock_t) noexcept : gate_(fork_gate::current()) {
            const uint32_t state =
                gate_ != nullptr ? gate_->state.load(std::memory_order_relaxed) : fork_gate::kRunning;
            was_quiet_ = state == fork_gate::kQuiet;
            if (!handler.mutex_.try_lock(HandlerMutex::identity(gate_))) return;
            handler_ = &handler;
            if (state != fork_gate::kRunning) [[unlikely]]
                fork_gate::resume(*gate_);
        }
        ~Lock() { unlock(); }
        bool owns() const noexcept { return handler_ != nullptr; }
        void unlock() noexcept {
            if (handler_ == nullptr) return;
            handler_->mutex_.unlock();
            handler_ = nullptr;
            // Back inside the callback this lock was taken from.
            if (was_quiet_) [[unlikely]]
                gate_->state.store(fork_gate::kQuiet, std::memory_order_release);
        }

    private:
        [[gnu::noinline]] void wait(Handler& handler) noexcept;

        Handler* handler_ = nullptr;
        fork_gate::Gate* gate_ = nullptr;
        bool was_quiet_ = false;
    };
    Lock lock() noexcept { return Lock(*this); }

    // For fork()'s prepare step: takes the mutex if it is free, else returns
    // false. holder() is the gate of the thread holding it (null while
    // unknown).
    bool try_lock_for_fork() noexcept { return mutex_.try_lock(); }
    void unlock_after_fork_parent() noexcept { mutex_.unlock(); }
    fork_gate::Gate* holder() const noexcept { return mutex_.holder(); }
    // Whether a thread that finds the lock held spins a few microseconds
    // before it sleeps (handler_mutex.hpp): the handlers that write each
    // record with a write(2) of its own (stream, and file handlers that do
    // not buffer) say so when they are made.
    bool waiters_spin() const noexcept { return mutex_.spinning(); }

    int level() const noexcept { return level_.load(std::memory_order_relaxed); }
    void set_level(int level);  // throws Error(kInvalid) for a negative level

    Ref<const Formatter> formatter() const;
    void set_formatter(Ref<const Formatter> formatter);  // null restores the default

    FilterList& filters() noexcept { return filters_; }

    // Takes the lock and writes out buffered output.
    virtual int flush() noexcept;
    // Flushes and closes; later records are ignored. Idempotent.
    virtual int close() noexcept;
    bool closed() const noexcept { return closed_.load(std::memory_order_acquire); }

    uint64_t failures() const noexcept { return failures_.load(std::memory_order_relaxed); }

    // A handler given to a queue listener belongs to it alone (the listener
    // calls it without per-record locking), so it cannot also be attached to
    // a logger, and vice versa. Each returns false when the other holds it.
    bool claim_for_listener() noexcept;
    // Undoes claim_for_listener() (a queue that failed to start).
    void release_listener_claim() noexcept {
        int expected = -1;
        owners_.compare_exchange_strong(expected, 0, std::memory_order_acq_rel);
    }
    bool attach_to_logger() noexcept;
    void detach_from_logger() noexcept;
    // Claimed by a listener: its queue flushes and closes it.
    bool owned_by_listener() const noexcept { return owners_.load(std::memory_order_acquire) == -1; }

    virtual bool is_queue() const noexcept { return false; }
    // True for handlers whose emit runs code outside picolog (callback
    // handlers, which bindings write handlers in their language with): a
    // record they take runs it on the logging thread.
    virtual bool runs_user_code() const noexcept { return false; }
    // True for handlers that take a record whose message is still a captured
    // printf call (Record::deferred_format) and render it later themselves
    // (queue handlers); every other handler is given the rendered text.
    virtual bool takes_deferred_format() const noexcept { return false; }
    // True for handlers that keep records and pass them to a target later
    // (memory handlers): flush_all and shutdown run them before the rest.
    virtual bool holds_records() const noexcept { return false; }

    // The queue listener calls this after each batch it passed to the
    // handler, with the lock held: a handler that gathers a batch's output
    // into one write does the write here.
    virtual void end_batch() noexcept {}
    // ---- on a fatal signal (crash.cpp), in the crashing thread ----
    // Writes `last` (the record naming the signal) and flushes, if this
    // handler writes to a descriptor (writes_in_crash); a queue handler
    // first drains its queue into its listener's handlers. Tries the lock
    // for a moment, then goes on without it. Never called otherwise.
    virtual void crash_flush(const Record& last) noexcept;
    // Tries the lock for a moment; true if taken (release it with
    // unlock_after_crash).
    bool lock_for_crash() noexcept;
    void unlock_after_crash() noexcept { mutex_.unlock(); }
    // crash_flush's work with the lock held (or given up on).
    void crash_write_locked(const Record& last) noexcept;
    // True for handlers that only write to a descriptor (file, stream): the
    // only ones a crash handler calls.
    virtual bool writes_in_crash() const noexcept { return false; }

    // After fork() in the child: a fresh lock (the parent's may have been held
    // by a thread that does not exist in the child), held again as deep as
    // the forking thread itself held it. locked_by_prepare: fork()'s prepare
    // step took it (try_lock_for_fork).
    void reinit_lock_after_fork(bool locked_by_prepare) noexcept;

    // True once the handler has been used (attached to a logger or a
    // listener, handled, flushed or closed). The runtime registers a handler
    // while it is still being constructed and flushes or closes only handlers
    // in use, so it never calls into a half-built object.
    bool in_use() const noexcept { return in_use_.load(std::memory_order_acquire); }

protected:
    // Called with the lock held. `line` is the record formatted by this
    // handler's formatter, without a newline; the byte after it in memory
    // is '\n' (line.data()[line.size()]), so a handler writing lines can
    // write line.size() + 1 bytes from line.data() without copying.
    // Return kOk or a failure status.
    virtual int emit(const Record& record, std::string_view line) = 0;
    // Called with the lock held for each record that is not logged from
    // inside emit(), instead of emit(): formats `record` with `formatter`
    // and writes it. This default formats into the handler's line and calls
    // emit(); a handler that buffers its output formats straight into its
    // buffer. Return kOk or a failure status.
    virtual int emit_record(const Record& record, const Formatter& formatter);
    // emit_record()'s line: the record formatted into the handler's line,
    // which it returns without its newline, the newline following it in
    // memory, as emit() receives it. Called with the lock held. Throws what
    // formatting throws.
    std::string_view format_line(const Record& record, const Formatter& formatter) {
        buffer_.clear();
        formatter.format(record, buffer_);
        buffer_ += '\n';
        return std::string_view(buffer_.data(), buffer_.size() - 1);
    }
    // Called with the lock held.
    virtual int do_flush() { return kOk; }

    // Called with the lock held, once.
    virtual void do_close() {}
    // In the child after fork(), under the fresh lock: drop what belongs to
    // the parent (output the parent has buffered and will write itself).
    virtual void after_fork_child() noexcept {}

    // handle_without_waiting() for a handler that may place a record without
    // writing it (a buffered file's): the level and closed checks as in
    // handle(), no filters, the lock only if it is free, then
    // place_without_writing() under it. kNotTaken, with nothing done, when
    // any of them says no or the line cannot be made (the ordinary call
    // then formats it again and reports what failed).
    int take_without_writing(Record& record) noexcept;
    // Called with the lock held by take_without_writing(): places the
    // record, formatted with `formatter`, where it needs no write, and
    // returns true; or returns false with nothing placed. May throw what
    // formatting throws, with nothing placed.
    virtual bool place_without_writing(const Record&, const Formatter&) { return false; }

    // Counts a failure and reports the first failure of this handler through
    // the runtime's error hook (and again after a later success). Never
    // throws. Call with the lock held.
    void report_failure(std::string_view what) noexcept;
    // Counts n more failures without a report (records lost with one that
    // is reported: the lines of a buffer a write could not place).
    void add_failures(uint64_t n) noexcept { failures_.fetch_add(n, std::memory_order_relaxed); }

    // Names the handler in error reports: "FileHandler(/var/log/app.log)".
    virtual std::string describe() const;

    // For subclasses that override handle() (see in_use()).
    void mark_in_use() noexcept {
        if (!in_use_.load(std::memory_order_relaxed)) in_use_.store(true, std::memory_order_release);
    }
    // For handlers that pass records on to `target` (memory handlers): the
    // target is in use from then on, as a handler attached to a logger is,
    // so that flush_all and shutdown reach what is passed to it there.
    static void mark_target_in_use(Handler& target) noexcept { target.mark_in_use(); }

    void last_release() const noexcept override;

    HandlerMutex mutex_;

private:
    int emit_locked(const Record& record) noexcept;
    template <class Fn>
    int run_reporting(Fn&& fn) noexcept;
    // run_reporting()'s failures: a status, and the exception in flight.
    [[gnu::cold, gnu::noinline]] int report_status(int status) noexcept;
    [[gnu::cold, gnu::noinline]] int report_exception() noexcept;

    std::atomic<int> level_{0};
    FilterList filters_;
    Ref<const Formatter> formatter_;  // guarded by mutex_
    std::string buffer_;              // guarded by mutex_; reused for every record
    std::atomic<bool> closed_{false};
    std::atomic<uint64_t> failures_{0};
    bool failure_reported_ = false;  // guarded by mutex_
    bool emitting_ = false;          // guarded by mutex_; true while emit() runs
    std::atomic<bool> in_use_{false};
    std::atomic<int> owners_{0};  // > 0: loggers attached; -1: a listener's
};

}  // namespace picolog
