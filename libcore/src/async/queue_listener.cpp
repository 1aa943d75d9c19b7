// queue_listener.cpp - the listener's life: start, flush tickets, close and
// destruction. The thread's loop is in queue_listener_thread.cpp, the fork
// handling in queue_listener_fork.cpp.
#include "picolog/async/queue_listener.hpp"

#include <algorithm>
#include <limits>
#include <system_error>

#include "listener_state.hpp"
#include "picolog/error.hpp"
#include "picolog/fence.hpp"
#include "picolog/runtime.hpp"

namespace picolog {

namespace {
// Producers blocked on a full channel are woken after this share of the
// ring has been freed (and at the end of every batch): often enough to keep
// them busy, rarely enough not to pay a syscall per record.
size_t wake_interval(size_t capacity) {
    return std::max<size_t>(1, capacity / 4);
}
}  // namespace

QueueListener::State::State(const QueueOptions& opts, std::vector<Ref<Handler>> hs)
    : options(opts),
      channel(opts.capacity, opts.max_bytes),
      handlers(std::move(hs)),
      notify_every(wake_interval(opts.capacity)),
      taken(channel.make_taken()),
      crash_taken(channel.make_taken()) {
    locks.reserve(handlers.size());
    crash_fields.reserve(16);
    crash_rendered.reserve(4096);
}

QueueListener::State::~State() {
    // Only the listener thread itself can be the last owner while its thread
    // is still joinable (a queue released from one of its own handlers).
    if (thread.joinable()) thread.detach();
    if (fork_hooks >= 0) runtime::remove_fork_hooks(fork_hooks);
}

void QueueListener::State::start() {
    thread = std::thread([self = shared_from_this()] { self->run(); });
}

QueueListener::QueueListener(const QueueOptions& options, std::vector<Ref<Handler>> handlers)
    : state_(std::make_shared<State>(options, std::move(handlers))) {
    // Hooks first: a fork between starting the thread and registering the
    // hooks would leave the child a channel without a listener.
    state_->register_fork_hooks();
    try {
        std::lock_guard lock(state_->ctl);
        state_->start();
    } catch (const std::system_error& e) {
        throw Error(kInternal, std::string("cannot start the queue listener thread: ") + e.what());
    }
}

QueueListener::~QueueListener() {
    if (on_listener_thread()) {
        // Cannot join itself (nor take ctl: a fork may be waiting for this
        // thread to park). The thread drains after this batch and exits; its
        // own reference keeps the state alive until then.
        state_->channel.close();
        return;
    }
    close();
}

async::Channel& QueueListener::channel() noexcept {
    return state_->channel;
}
const QueueOptions& QueueListener::options() const noexcept {
    return state_->options;
}
bool QueueListener::on_listener_thread() const noexcept {
    return state_->on_thread();
}
uint64_t QueueListener::emitted() const noexcept {
    return state_->emitted.load(std::memory_order_relaxed);
}
uint64_t QueueListener::failed() const noexcept {
    return state_->failed.load(std::memory_order_relaxed);
}

int QueueListener::flush() noexcept {
    State& s = *state_;
    if (s.on_thread()) {
        s.flush_handlers();
        return kBadState;
    }
    // A ticket, then ring: the listener sees the request before it sleeps
    // or is woken (doorbell.hpp). It marks every lane when it takes the
    // request, after this call began, so each record enqueued before the
    // call is below its lane's mark.
    const uint64_t ticket = s.flush_requested.fetch_add(1, std::memory_order_acq_rel) + 1;
    fence::heavy();
    s.channel.doorbell().ring();
    // The exit hook on the listener of a queue this one may feed (see
    // close()).
    if (State* exiting = State::exiting_here()) exiting->drain_until_answered(s, ticket);
    std::unique_lock lock(s.flush_mutex);
    s.flush_cv.wait(lock, [&] { return s.flushed_through.load(std::memory_order_relaxed) >= ticket; });
    return s.flush_status;
}

bool QueueListener::wait_for_room(size_t charge,
                                  const std::chrono::steady_clock::time_point* deadline) noexcept {
    State& s = *state_;
    if (State* exiting = State::exiting_here(); exiting != nullptr && exiting != &s)
        return exiting->drain_until_room(s.channel, charge, deadline);
    return s.channel.wait_for_room(charge, deadline);
}

int QueueListener::close() noexcept {
    State& s = *state_;
    if (s.on_thread()) {
        s.channel.close();
        // exit() called from one of this queue's handlers: the thread will
        // not return to its loop, so it drains the queue here.
        if (s.exiting.load(std::memory_order_relaxed)) {
            s.finish_in_place();
            return s.close_status.load(std::memory_order_acquire);
        }
        return kOk;
    }
    if (s.exiting.load(std::memory_order_acquire)) {
        // The listener runs the exit hook, which may be waiting for this
        // thread (a queue whose listener feeds this one, closed by it): it
        // drains the queue itself once every other handler is closed.
        s.channel.close();
        return kOk;
    }
    std::lock_guard lock(s.ctl);
    if (s.thread.joinable()) {
        s.channel.close();  // ends with a heavy fence: see doorbell.hpp
        s.channel.doorbell().ring();
        // A fork meanwhile cannot take ctl (the listener may be waiting for
        // the forking thread, in a handler); it goes on without it.
        s.closing.store(true, std::memory_order_release);
        struct Closed {
            std::atomic<bool>& flag;
            ~Closed() { flag.store(false, std::memory_order_release); }
        } closed{s.closing};
        // The exit hook on the listener of a queue this one may feed: this
        // listener may be waiting for room there, which only the exiting
        // thread makes (the Block policy). flush() waits likewise.
        if (State* exiting = State::exiting_here())
            exiting->drain_until_answered(s, std::numeric_limits<uint64_t>::max());
        try {
            s.thread.join();
        } catch (const std::system_error&) {
            return kInternal;
        }
    }
    return s.close_status.load(std::memory_order_acquire);
}

QueueListener::Activity QueueListener::activity() const noexcept {
    const State& s = *state_;
    Activity a;
    a.naps = s.naps.load(std::memory_order_acquire);
    a.sleeps = s.sleeps.load(std::memory_order_acquire);
    a.wakeups = s.wakeups.load(std::memory_order_acquire);
    a.batches = s.batches.load(std::memory_order_relaxed);
    a.rung = s.channel.doorbell().wakes();
    a.thread_id = s.tid.load(std::memory_order_acquire);
    return a;
}

void QueueListener::wait_for_nap(uint64_t naps) const noexcept {
    const State& s = *state_;
    for (uint64_t now = s.naps.load(std::memory_order_acquire); now <= naps;
         now = s.naps.load(std::memory_order_acquire))
        s.naps.wait(now, std::memory_order_acquire);
}

void QueueListener::wait_for_sleep(uint64_t sleeps) const noexcept {
    const State& s = *state_;
    for (uint64_t now = s.sleeps.load(std::memory_order_acquire); now <= sleeps;
         now = s.sleeps.load(std::memory_order_acquire))
        s.sleeps.wait(now, std::memory_order_acquire);
}

}  // namespace picolog
