// journald_handler.cpp - the journald handler's construction (its options
// checked and completed) and counters; the front is ShippingHandler's, the
// sending journald_sender.cpp's.
#include <errno.h>

#include "journald_sender.hpp"
#include "picolog/journald.hpp"
#include "sender_handler.hpp"

namespace picolog {

namespace {

using SenderHandler = ship::SenderHandler<journald::Sender>;

void validate(const JournaldOptions& o) {
    if (o.socket_path.empty()) throw Error(kInvalid, "journald handler: the socket path is empty");
    if (o.socket_path.size() >= sizeof(sockaddr_un{}.sun_path))
        throw Error(kInvalid, "journald handler: the socket path is too long");
    if (o.entry.facility < -1 || o.entry.facility > 23)
        throw Error(kInvalid, "journald handler: facility must be -1 or between 0 and 23, got " +
                                  std::to_string(o.entry.facility));
    syslog::MessageOptions m;
    m.severities = o.entry.severities;
    syslog::validate(m);
}

}  // namespace

Ref<JournaldHandler> JournaldHandler::create(const JournaldOptions& options) {
    validate(options);
    JournaldOptions o = options;
    if (o.entry.identifier.empty()) o.entry.identifier = program_invocation_short_name;
    return Ref<JournaldHandler>::adopt(new JournaldHandler(o));
}

JournaldHandler::JournaldHandler(const JournaldOptions& options)
    : sender_(std::make_shared<journald::Sender>(options)) {
    start(Ref<Handler>::adopt(new SenderHandler(sender_, this)), options.queue);
}

JournaldHandler::~JournaldHandler() {
    // Closed while the whole handler is alive: the sender flushes first.
    close();
}

JournaldStats JournaldHandler::stats() const noexcept {
    JournaldStats s;
    queue_stats(s);
    sender_->add_stats(s);
    return s;
}

std::string JournaldHandler::describe() const {
    return "JournaldHandler(" + sender_->peer() + ")";
}

}  // namespace picolog
