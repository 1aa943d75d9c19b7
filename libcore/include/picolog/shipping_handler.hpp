// shipping_handler.hpp - the front shared by the handlers that ship records
// off the machine (syslog, journald): level and filters on the caller's
// thread, then the handler's own queue, whose listener thread runs a sink
// that formats with this handler's formatter and passes each record to the
// handler's sender.
#pragma once

#include <cstdint>

#include "picolog/async/queue_handler.hpp"
#include "picolog/handler.hpp"

namespace picolog {

class ShippingHandler : public Handler {
public:
    ~ShippingHandler() override;

    // Level and filters on the caller's thread, then into the queue.
    int handle(const Record& record) noexcept override;
    // Returns once every record logged before the call has reached the
    // sender and the sender has flushed.
    int flush() noexcept override;
    // Closes the queue (its listener flushes and closes the sender).
    int close() noexcept override;

protected:
    ShippingHandler() = default;
    // Starts the queue in front of `sink`, which must be a
    // ship::SenderHandler (handlers/sender_handler.hpp) made for this
    // handler. Called once, by the constructor of the derived handler.
    void start(Ref<Handler> sink, QueueOptions queue);
    int emit(const Record& record, std::string_view line) override;
    // A queue listener's record (handle_locked) goes into this handler's
    // own queue unformatted: the sink formats it there, once.
    int emit_record(const Record& record, const Formatter&) override { return emit(record, {}); }

    // The queue's share of a handler's counters: a Stats with enqueued,
    // dropped_queue_full, dropped_closed and queued.
    template <class Stats>
    void queue_stats(Stats& s) const noexcept {
        QueueStats q = queue_->stats();
        s.enqueued = q.enqueued;
        s.dropped_queue_full = q.dropped_newest + q.dropped_oldest + q.dropped_timeout;
        s.dropped_closed = q.dropped_closed;
        s.queued = q.queued;
    }

private:
    Ref<Handler> sink_;  // the queue listener's handler, which calls the sender
    Ref<QueueHandler> queue_;
};

}  // namespace picolog
