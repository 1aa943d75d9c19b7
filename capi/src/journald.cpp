// journald.cpp - journald handlers: translating the C options, and their
// counters.
#include "picolog/journald.hpp"

#include <cstring>

#include "capi_internal.hpp"
#include "options.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

constexpr picolog_journald_options kJournaldDefaults = PICOLOG_JOURNALD_OPTIONS_INIT;
const Versioned<picolog_journald_options> kJournaldOptions{
    "picolog_journald_options",
    PICOLOG_JOURNALD_OPTIONS_VERSION,
    {offsetof(picolog_journald_options, queue) + kQueueOptionsFirstSize}};

int journald_options(const char* fn, const picolog_journald_options* caller, JournaldOptions& out) {
    if (!caller) return kOk;
    picolog_journald_options scratch;
    const picolog_journald_options* in = kJournaldOptions.read(fn, caller, scratch, kJournaldDefaults);
    if (!in) return kInvalid;
    if (!in->severities && in->severity_count != 0)
        return fail(fn, kInvalid, "severities is NULL but severity_count is %zu", in->severity_count);
    if (in->socket_path && *in->socket_path) out.socket_path = in->socket_path;
    if (in->identifier) out.entry.identifier = in->identifier;
    out.entry.facility = in->facility;
    std::vector<std::pair<int, int>> map;
    for (size_t i = 0; i < in->severity_count; ++i)
        map.emplace_back(in->severities[i].level, in->severities[i].severity);
    map.insert(map.end(), out.entry.severities.levels.begin(), out.entry.severities.levels.end());
    out.entry.severities.levels = std::move(map);
    out.entry.severities.otherwise = in->default_severity;
    return queue_options(fn, &in->queue, out.queue);
}

}  // namespace

extern "C" {

int picolog_journald_options_init(picolog_journald_options* opts, unsigned version) {
    return kJournaldOptions.init_with_queue("picolog_journald_options_init", opts, version,
                                            kJournaldDefaults);
}

int picolog_journald_handler_new(picolog_handler** out, const picolog_journald_options* options) {
    static constexpr const char* fn = "picolog_journald_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    return guard(fn, [&]() -> int {
        JournaldOptions core;
        if (int rc = journald_options(fn, options, core)) return rc;
        *out = to_c(static_cast<Handler*>(JournaldHandler::create(core).detach()));
        return kOk;
    });
}

int picolog_journald_handler_stats(const picolog_handler* handler, picolog_journald_stats* out,
                                   size_t out_size) {
    static constexpr const char* fn = "picolog_journald_handler_stats";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    const auto* h = dynamic_cast<const JournaldHandler*>(from_c(handler));
    if (!h) return fail(fn, kInvalid, "the handler is not a journald handler");
    JournaldStats s = h->stats();
    picolog_journald_stats filled{};
    filled.enqueued = s.enqueued;
    filled.sent = s.sent;
    filled.sent_memfd = s.sent_memfd;
    filled.dropped_queue_full = s.dropped_queue_full;
    filled.dropped_unreachable = s.dropped_unreachable;
    filled.dropped_failed = s.dropped_failed;
    filled.dropped_closed = s.dropped_closed;
    filled.queued = s.queued;
    return write_out(fn, "picolog_journald_stats", filled, out, out_size,
                     PICOLOG_FIELD_END(picolog_journald_stats, queued));
}

}  // extern "C"
