// syslog.cpp - syslog handlers: translating the C options, and their
// counters.
#include "picolog/syslog.hpp"

#include <cstring>

#include "capi_internal.hpp"
#include "options.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

constexpr picolog_syslog_options kSyslogDefaults = PICOLOG_SYSLOG_OPTIONS_INIT;
const Versioned<picolog_syslog_options> kSyslogOptions{
    "picolog_syslog_options",
    PICOLOG_SYSLOG_OPTIONS_VERSION,
    {offsetof(picolog_syslog_options, queue) + kQueueOptionsFirstSize,
     PICOLOG_FIELD_END(picolog_syslog_options, max_message)}};

// The queue version each released version embeds (index: version - 1); a
// later queue struct raises this struct's version too.
constexpr unsigned kSyslogQueueVersions[] = {1, 1};

constexpr unsigned embedded_queue_version(unsigned version) noexcept {
    return version <= std::size(kSyslogQueueVersions) ? kSyslogQueueVersions[version - 1]
                                                      : PICOLOG_QUEUE_OPTIONS_VERSION;
}

// Where max_message (version 2) is in a struct of `version`: after the
// queue options that version embeds.
constexpr size_t max_message_offset(unsigned version) noexcept {
    return after_embedded_queue(offsetof(picolog_syslog_options, queue), embedded_queue_version(version),
                                alignof(size_t));
}
static_assert(max_message_offset(PICOLOG_SYSLOG_OPTIONS_VERSION) ==
              offsetof(picolog_syslog_options, max_message));

// The bytes before the fields that follow the embedded queue options.
constexpr size_t head_and_queue(unsigned version) noexcept {
    return offsetof(picolog_syslog_options, queue) + queue_options_size(embedded_queue_version(version));
}

// The caller's struct as this library's version: `in` itself when it is of
// this version, else `scratch` holding the defaults overwritten with the
// caller's fields, each found where the caller's version has it.
const picolog_syslog_options* read_options(const char* fn, const picolog_syslog_options* in,
                                           picolog_syslog_options& scratch) noexcept {
    if (kSyslogOptions.check(fn, in->version) != kOk) return nullptr;
    const unsigned version = in->version;
    if (version == PICOLOG_SYSLOG_OPTIONS_VERSION) return in;
    scratch = kSyslogDefaults;
    std::memcpy(static_cast<void*>(&scratch), in, head_and_queue(version));
    if (version >= 2)
        std::memcpy(&scratch.max_message, reinterpret_cast<const char*>(in) + max_message_offset(version),
                    sizeof scratch.max_message);
    return &scratch;
}

// The defaults of `version`, each field where that version has it, and no
// byte written past that version's struct.
int init_options(const char* fn, picolog_syslog_options* out, unsigned version) noexcept {
    if (int rc = check_handle(fn, out, "opts")) return rc;
    if (int rc = kSyslogOptions.check(fn, version)) return rc;
    std::memcpy(static_cast<void*>(out), &kSyslogDefaults, head_and_queue(version));
    out->queue.version = embedded_queue_version(version);
    if (version >= 2)
        std::memcpy(reinterpret_cast<char*>(out) + max_message_offset(version), &kSyslogDefaults.max_message,
                    sizeof kSyslogDefaults.max_message);
    out->version = version;
    return kOk;
}

std::string text_or(const char* s, const char* otherwise) {
    return s && *s ? std::string(s) : std::string(otherwise);
}

// The core validates the values; this translates the struct and rejects
// the numbers that have no C++ counterpart.
int syslog_options(const char* fn, const picolog_syslog_options* caller, SyslogOptions& out) {
    if (!caller) return kOk;
    picolog_syslog_options scratch;
    const picolog_syslog_options* in = read_options(fn, caller, scratch);
    if (!in) return kInvalid;
    switch (in->transport) {
        case PICOLOG_SYSLOG_UNIX:
            out.endpoint.transport = syslog::Transport::UnixDatagram;
            out.endpoint.path = text_or(in->address, "/dev/log");
            break;
        case PICOLOG_SYSLOG_UDP:
        case PICOLOG_SYSLOG_TCP:
            out.endpoint.transport =
                in->transport == PICOLOG_SYSLOG_UDP ? syslog::Transport::Udp : syslog::Transport::Tcp;
            out.endpoint.host = text_or(in->address, "localhost");
            out.endpoint.port = in->port ? in->port : 514;
            break;
        case PICOLOG_SYSLOG_TLS:
            out.endpoint.transport = syslog::Transport::Tls;
            out.endpoint.host = text_or(in->address, "localhost");
            out.endpoint.port = in->port ? in->port : 6514;
            out.endpoint.ca_file = text_or(in->tls_ca_file, "");
            out.endpoint.cert_file = text_or(in->tls_cert_file, "");
            out.endpoint.key_file = text_or(in->tls_key_file, "");
            out.endpoint.verify_peer = in->tls_verify != 0;
            break;
        default:
            return fail(fn, kInvalid, "transport %d is not a PICOLOG_SYSLOG_UNIX, _UDP, _TCP or _TLS",
                        in->transport);
    }
    switch (in->format) {
        case PICOLOG_SYSLOG_RFC5424:
            out.message.format = syslog::Format::Rfc5424;
            break;
        case PICOLOG_SYSLOG_RFC3164:
            out.message.format = syslog::Format::Rfc3164;
            break;
        case PICOLOG_SYSLOG_BARE:
            out.message.format = syslog::Format::Bare;
            break;
        default:
            return fail(fn, kInvalid, "format %d is not a PICOLOG_SYSLOG_RFC5424, _RFC3164 or _BARE",
                        in->format);
    }
    switch (in->framing) {
        case PICOLOG_SYSLOG_FRAMING_OCTET:
            out.framing = syslog::Framing::OctetCounting;
            break;
        case PICOLOG_SYSLOG_FRAMING_LF:
            out.framing = syslog::Framing::Lf;
            break;
        case PICOLOG_SYSLOG_FRAMING_NONE:
            out.framing = syslog::Framing::None;
            break;
        default:
            return fail(fn, kInvalid, "framing %d is not a PICOLOG_SYSLOG_FRAMING_* value", in->framing);
    }
    if (!in->severities && in->severity_count != 0)
        return fail(fn, kInvalid, "severities is NULL but severity_count is %zu", in->severity_count);
    out.message.facility = in->facility;
    out.message.hostname = text_or(in->hostname, "");
    out.message.app_name = text_or(in->app_name, "");
    out.message.msgid = text_or(in->msgid, "");
    out.message.ident = text_or(in->ident, "");
    out.message.sd_id = text_or(in->sd_id, "fields");
    out.message.append_nul = in->append_nul != 0;
    // Overrides go first: the map takes the first entry for a level.
    std::vector<std::pair<int, int>> map;
    for (size_t i = 0; i < in->severity_count; ++i)
        map.emplace_back(in->severities[i].level, in->severities[i].severity);
    map.insert(map.end(), out.message.severities.levels.begin(), out.message.severities.levels.end());
    out.message.severities.levels = std::move(map);
    out.message.severities.otherwise = in->default_severity;
    out.max_datagram = in->max_datagram;
    out.max_message = in->max_message;
    out.hold = in->hold;
    out.backoff_initial = std::chrono::milliseconds(in->backoff_initial_ms);
    out.backoff_max = std::chrono::milliseconds(in->backoff_max_ms);
    out.connect_timeout = std::chrono::milliseconds(in->connect_timeout_ms);
    out.send_timeout = std::chrono::milliseconds(in->send_timeout_ms);
    return queue_options(fn, &in->queue, out.queue);
}

}  // namespace

extern "C" {

int picolog_syslog_options_init(picolog_syslog_options* opts, unsigned version) {
    return init_options("picolog_syslog_options_init", opts, version);
}

int picolog_syslog_handler_new(picolog_handler** out, const picolog_syslog_options* options) {
    static constexpr const char* fn = "picolog_syslog_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    return guard(fn, [&]() -> int {
        SyslogOptions core;
        if (int rc = syslog_options(fn, options, core)) return rc;
        *out = to_c(static_cast<Handler*>(SyslogHandler::create(core).detach()));
        return kOk;
    });
}

int picolog_syslog_handler_stats(const picolog_handler* handler, picolog_syslog_stats* out, size_t out_size) {
    static constexpr const char* fn = "picolog_syslog_handler_stats";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    const auto* h = dynamic_cast<const SyslogHandler*>(from_c(handler));
    if (!h) return fail(fn, kInvalid, "the handler is not a syslog handler");
    SyslogStats s = h->stats();
    picolog_syslog_stats filled{};
    filled.enqueued = s.enqueued;
    filled.sent = s.sent;
    filled.dropped_queue_full = s.dropped_queue_full;
    filled.dropped_unreachable = s.dropped_unreachable;
    filled.dropped_closed = s.dropped_closed;
    filled.dropped_failed = s.dropped_failed;
    filled.truncated = s.truncated;
    filled.reconnects = s.reconnects;
    filled.connect_failures = s.connect_failures;
    filled.reports = s.reports;
    filled.held = s.held;
    filled.queued = s.queued;
    return write_out(fn, "picolog_syslog_stats", filled, out, out_size,
                     PICOLOG_FIELD_END(picolog_syslog_stats, queued));
}

}  // extern "C"
