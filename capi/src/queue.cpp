// queue.cpp - queue handlers: translating the C options, and their counters.
#include <chrono>
#include <cstring>
#include <vector>

#include "capi_internal.hpp"
#include "options.hpp"
#include "picolog/async/queue_handler.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace picolog::capi {

constexpr picolog_queue_options kQueueDefaults = PICOLOG_QUEUE_OPTIONS_INIT;
const Versioned<picolog_queue_options> kQueueOptions{
    "picolog_queue_options",
    PICOLOG_QUEUE_OPTIONS_VERSION,
    {PICOLOG_FIELD_END(picolog_queue_options, respect_handler_level)}};

constexpr size_t kFirstStatsSize = PICOLOG_FIELD_END(picolog_queue_stats, capacity);

// The async layer validates the numbers; this only translates the C struct
// and rejects what has no C++ counterpart.
int queue_options(const char* fn, const picolog_queue_options* caller, QueueOptions& out) {
    if (!caller) return kOk;
    picolog_queue_options scratch;
    const picolog_queue_options* in = kQueueOptions.read(fn, caller, scratch, kQueueDefaults);
    if (!in) return kInvalid;
    switch (in->overflow) {
        case PICOLOG_OVERFLOW_BLOCK:
            out.overflow = Overflow::Block;
            break;
        case PICOLOG_OVERFLOW_BLOCK_TIMEOUT:
            out.overflow = Overflow::BlockTimeout;
            break;
        case PICOLOG_OVERFLOW_DROP_NEWEST:
            out.overflow = Overflow::DropNewest;
            break;
        case PICOLOG_OVERFLOW_DROP_OLDEST:
            out.overflow = Overflow::DropOldest;
            break;
        default:
            return fail(fn, kInvalid, "overflow %d is not a PICOLOG_OVERFLOW_* policy", in->overflow);
    }
    out.capacity = in->capacity;
    out.max_bytes = in->max_bytes;
    out.timeout = std::chrono::milliseconds(in->timeout_ms);
    out.respect_handler_level = in->respect_handler_level != 0;
    return kOk;
}

}  // namespace picolog::capi

extern "C" {

int picolog_queue_options_init(picolog_queue_options* opts, unsigned version) {
    return kQueueOptions.init("picolog_queue_options_init", opts, version, kQueueDefaults);
}

int picolog_queue_handler_new(picolog_handler** out, const picolog_queue_options* options,
                              picolog_handler* const* handlers, size_t count) {
    static constexpr const char* fn = "picolog_queue_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (!handlers && count != 0) return fail(fn, kInvalid, "handlers is NULL but count is %zu", count);
    for (size_t i = 0; i < count; ++i)
        if (!handlers[i]) return fail(fn, kInvalid, "handlers[%zu] is NULL", i);
    QueueOptions core_options;
    if (int rc = queue_options(fn, options, core_options)) return rc;
    return create(fn, out, [&] {
        std::vector<Ref<Handler>> listener_handlers;
        listener_handlers.reserve(count);
        for (size_t i = 0; i < count; ++i) listener_handlers.emplace_back(from_c(handlers[i]));
        return static_cast<Handler*>(
            QueueHandler::create(core_options, std::move(listener_handlers)).detach());
    });
}

int picolog_queue_handler_stats(const picolog_handler* handler, picolog_queue_stats* out, size_t out_size) {
    static constexpr const char* fn = "picolog_queue_handler_stats";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    const auto* queue = dynamic_cast<const QueueHandler*>(from_c(handler));
    if (!queue) return fail(fn, kInvalid, "the handler is not a queue handler");
    QueueStats s = queue->stats();
    picolog_queue_stats filled;
    std::memset(&filled, 0, sizeof filled);
    filled.enqueued = s.enqueued;
    filled.dropped_newest = s.dropped_newest;
    filled.dropped_oldest = s.dropped_oldest;
    filled.dropped_timeout = s.dropped_timeout;
    filled.dropped_closed = s.dropped_closed;
    filled.emitted = s.emitted;
    filled.failed = s.failed;
    filled.high_water = s.high_water;
    filled.queued = s.queued;
    filled.capacity = s.capacity;
    return write_out(fn, "picolog_queue_stats", filled, out, out_size, kFirstStatsSize);
}

}  // extern "C"
