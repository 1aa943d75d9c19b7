// journald.cpp - journald handlers: translating the C options, and their
// counters.
#include "picolog/journald.hpp"

#include <cstring>

#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

int journald_options(const char* fn, const picolog_journald_options* in, JournaldOptions& out) {
    if (!in) return kOk;
    if (int rc = check_version(fn, "picolog_journald_options", in->version, PICOLOG_JOURNALD_OPTIONS_VERSION))
        return rc;
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
    if (int rc = check_out_size(fn, "picolog_journald_stats", out_size, sizeof(picolog_journald_stats)))
        return rc;
    const auto* h = dynamic_cast<const JournaldHandler*>(from_c(handler));
    if (!h) return fail(fn, kInvalid, "the handler is not a journald handler");
    JournaldStats s = h->stats();
    std::memset(out, 0, out_size);
    out->enqueued = s.enqueued;
    out->sent = s.sent;
    out->sent_memfd = s.sent_memfd;
    out->dropped_queue_full = s.dropped_queue_full;
    out->dropped_unreachable = s.dropped_unreachable;
    out->dropped_failed = s.dropped_failed;
    out->dropped_closed = s.dropped_closed;
    out->queued = s.queued;
    return kOk;
}

}  // extern "C"
