// handler.cpp - the Handler base: level and filters outside the lock,
// formatting and emitting inside it, and failure accounting.
#include "picolog/handler.hpp"

#include <new>

#include "picolog/crash.hpp"
#include "picolog/runtime.hpp"

namespace picolog {

Handler::Handler() {
    runtime::ensure_initialized();
    runtime::register_handler(this);
}

Handler::~Handler() {
    runtime::unregister_handler(this);
}

// The mutex is held elsewhere. Waiting is quiet: a fork may freeze this thread
// instead of waiting for the handlers it already holds (handler A's emit
// logging into B while the fork holds B).
void Handler::Lock::wait(Handler& handler) noexcept {
    if (gate_ != nullptr && !was_quiet_) gate_->state.store(fork_gate::kQuiet, std::memory_order_release);
    handler.mutex_.lock(HandlerMutex::identity(gate_));
    // The mutex's word names this thread before it leaves its quiet
    // section, so a fork that froze it meanwhile sees this handler as held
    // at rest.
    if (gate_ != nullptr) fork_gate::resume(*gate_);
}

int Handler::handle_message(int level, std::string_view message, std::string_view logger_name,
                            std::span<const Field> fields) noexcept {
    Record record;
    record.level = level;
    record.message = message;
    record.logger_name = logger_name;
    record.fields = fields;
    const Stamp now = stamp_now();
    record.created_ns = now.created_ns;
    record.thread_id = now.thread_id;
    record.thread_name = now.thread_name;
    record.process_id = process_id();
    return handle(record);
}

int Handler::handle_captured(int level, std::string_view block, std::string_view logger_name,
                             std::span<const Field> fields) noexcept {
    Record record;
    record.level = level;
    record.message = block;
    record.logger_name = logger_name;
    record.fields = fields;
    record.deferred_format = true;
    stamp(record);
    return handle(record);
}

int Handler::handle_printf(int, const printf_plan::Plan&, va_list*, std::string_view,
                           std::span<const Field>) noexcept {
    return kNotTaken;
}

int Handler::handle_without_waiting(Record&) noexcept {
    return kNotTaken;
}

int Handler::take_without_writing(Record& record) noexcept {
    mark_in_use();
    if (record.deferred_format) return kNotTaken;
    if (closed() || record.level < level()) return kOk;
    if (!filters_.empty()) return kNotTaken;
    stamp(record);
    Lock lock(*this, std::try_to_lock);
    if (!lock.owns()) return kNotTaken;
    // Closed meanwhile: done, as handle() would be. Inside emit() on this
    // thread: the ordinary call formats into a line of its own.
    if (closed()) return kOk;
    if (emitting_) return kNotTaken;
    const Formatter& formatter = formatter_ ? *formatter_ : *default_formatter();
    try {
        if (!place_without_writing(record, formatter)) return kNotTaken;
    } catch (...) {
        return kNotTaken;
    }
    failure_reported_ = false;
    return kOk;
}

int Handler::handle(const Record& record) noexcept {
    mark_in_use();
    if (closed() || record.level < level()) return kOk;
    if (!filters_.accept(record)) return kOk;
    Lock lock(*this);
    if (closed()) return kOk;
    emit_locked(record);
    return kOk;  // a failed write is the handler's problem, not the caller's
}

int Handler::handle_locked(const Record& record, bool check_level) noexcept {
    mark_in_use();
    if (closed() || (check_level && record.level < level())) return kOk;
    if (!filters_.accept(record)) return kOk;
    return emit_locked(record);
}

// Runs fn (emit, do_flush or do_close) with the lock held and turns a
// failure status or an exception into a counted, reported failure (counted
// only, for an Error already reported). Inline: every record runs it; the
// failures are out of line.
template <class Fn>
inline int Handler::run_reporting(Fn&& fn) noexcept {
    try {
        const int status = fn();
        if (status != kOk) [[unlikely]]
            return report_status(status);
        failure_reported_ = false;
        return kOk;
    } catch (...) {
        return report_exception();
    }
}

int Handler::report_status(int status) noexcept {
    report_failure("failed with status " + std::to_string(status));
    return status;
}

// Called from a catch block: the exception in flight, rethrown to tell its
// kind.
int Handler::report_exception() noexcept {
    try {
        throw;
    } catch (const Error& e) {
        if (e.already_reported())
            add_failures(1);
        else
            report_failure(e.what());
        return e.code();
    } catch (const std::bad_alloc&) {
        report_failure("out of memory");
        return kNoMemory;
    } catch (const std::exception& e) {
        report_failure(e.what());
        return kInternal;
    } catch (...) {
        report_failure("unknown exception");
        return kInternal;
    }
}

int Handler::emit_locked(const Record& record) noexcept {
    return run_reporting([&] {
        const Formatter& formatter = formatter_ ? *formatter_ : *default_formatter();
        if (emitting_) {
            // A record logged from inside emit() (a callback handler logging
            // through its own logger): buffer_ is still in use.
            std::string line;
            formatter.format(record, line);
            line += '\n';
            return emit(record, std::string_view(line.data(), line.size() - 1));
        }
        emitting_ = true;
        struct Reset {
            bool& flag;
            ~Reset() { flag = false; }
        } reset{emitting_};
        return emit_record(record, formatter);
    });
}

int Handler::emit_record(const Record& record, const Formatter& formatter) {
    return emit(record, format_line(record, formatter));
}

void Handler::set_level(int level) {
    if (level < 0) throw Error(kInvalid, "handler level " + std::to_string(level) + " is negative");
    level_.store(level, std::memory_order_relaxed);
}

Ref<const Formatter> Handler::formatter() const {
    Lock lock(const_cast<Handler&>(*this));
    return formatter_ ? formatter_ : default_formatter();
}

void Handler::set_formatter(Ref<const Formatter> formatter) {
    Ref<const Formatter> old;
    {
        Lock lock(*this);
        old = std::exchange(formatter_, std::move(formatter));
    }
}

int Handler::flush() noexcept {
    mark_in_use();
    Lock lock(*this);
    if (closed()) return kOk;
    return run_reporting([this] { return do_flush(); });
}

int Handler::close() noexcept {
    mark_in_use();
    Lock lock(*this);
    if (closed_.exchange(true, std::memory_order_acq_rel)) return kOk;
    int status = run_reporting([this] { return do_flush(); });
    int closing = run_reporting([this] {
        do_close();
        return static_cast<int>(kOk);
    });
    return worse_status(status, closing);
}

void Handler::report_failure(std::string_view what) noexcept {
    failures_.fetch_add(1, std::memory_order_relaxed);
    if (failure_reported_) return;
    failure_reported_ = true;
    try {
        runtime::report_error("picolog: " + describe() + ": " + std::string(what));
    } catch (...) {
        runtime::report_error("picolog: a handler failed (and describing the failure ran out of memory)");
    }
}

std::string Handler::describe() const {
    return "Handler";
}

void Handler::last_release() const noexcept {
    auto* self = const_cast<Handler*>(this);
    self->close();
    delete self;
}

bool Handler::claim_for_listener() noexcept {
    int expected = 0;
    if (!owners_.compare_exchange_strong(expected, -1, std::memory_order_acq_rel)) return false;
    mark_in_use();
    return true;
}

bool Handler::attach_to_logger() noexcept {
    int n = owners_.load(std::memory_order_relaxed);
    do {
        if (n == -1) return false;
    } while (!owners_.compare_exchange_weak(n, n + 1, std::memory_order_acq_rel));
    mark_in_use();
    return true;
}

void Handler::detach_from_logger() noexcept {
    int n = owners_.load(std::memory_order_relaxed);
    while (n > 0 && !owners_.compare_exchange_weak(n, n - 1, std::memory_order_acq_rel)) {
    }
}

bool Handler::lock_for_crash() noexcept {
    return crash::try_lock_within_budget(mutex_);
}

void Handler::crash_write_locked(const Record& last) noexcept {
    if (!writes_in_crash() || closed()) return;
    emit_locked(last);
    run_reporting([this] { return do_flush(); });
}

void Handler::crash_flush(const Record& last) noexcept {
    if (!writes_in_crash() || closed()) return;
    const bool locked = lock_for_crash();
    crash_write_locked(last);
    if (locked) unlock_after_crash();
}

void Handler::reinit_lock_after_fork(bool locked_by_prepare) noexcept {
    // Still held only if fork() was called from inside this handler (a
    // callback that forks): its Locks on the stack release it later. Held
    // by a thread that is gone (frozen at rest) or by nobody, it is free.
    if (!mutex_.reinit_after_fork_child(HandlerMutex::identity(fork_gate::current()),
                                        locked_by_prepare ? 1 : 0))
        emitting_ = false;
    after_fork_child();
}

}  // namespace picolog
