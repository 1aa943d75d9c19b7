// syslog_handler.cpp - the syslog handler's construction (its options
// checked and completed) and counters; the front is ShippingHandler's, the
// sending syslog_sender.cpp's.
#include <errno.h>
#include <sys/un.h>
#include <unistd.h>

#include "picolog/syslog.hpp"
#include "sender_handler.hpp"
#include "syslog_sender.hpp"

namespace picolog {

namespace {

using SenderHandler = ship::SenderHandler<syslog::Sender>;

void validate(const SyslogOptions& o) {
    syslog::validate(o.message);
    const auto& e = o.endpoint;
    if (e.transport == syslog::Transport::UnixDatagram) {
        if (e.path.empty()) throw Error(kInvalid, "syslog handler: the socket path is empty");
        if (e.path.size() >= sizeof(sockaddr_un{}.sun_path))
            throw Error(kInvalid, "syslog handler: the socket path is too long (" +
                                      std::to_string(e.path.size()) + " bytes, at most " +
                                      std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) + ")");
    } else {
        if (e.host.empty()) throw Error(kInvalid, "syslog handler: the host is empty");
        if (e.port == 0) throw Error(kInvalid, "syslog handler: the port is 0");
    }
    if (o.max_datagram < 64)
        throw Error(kInvalid, "syslog handler: max_datagram must be at least 64 bytes, got " +
                                  std::to_string(o.max_datagram));
    if (o.max_message != 0 && o.max_message < 64)
        throw Error(kInvalid, "syslog handler: max_message must be 0 (no limit) or at least 64 bytes, got " +
                                  std::to_string(o.max_message));
    if (o.backoff_initial.count() <= 0 || o.backoff_max < o.backoff_initial)
        throw Error(kInvalid,
                    "syslog handler: backoff must be positive and backoff_max at least backoff_initial");
    if (o.connect_timeout.count() <= 0 || o.send_timeout.count() <= 0)
        throw Error(kInvalid, "syslog handler: connect and send timeouts must be positive");
}

// What the receiver should see when the caller left them empty.
SyslogOptions with_defaults(SyslogOptions o) {
    if (o.message.format != syslog::Format::Bare) {
        if (o.message.hostname.empty()) {
            char host[256] = {};
            if (gethostname(host, sizeof host - 1) == 0) o.message.hostname = host;
        }
        if (o.message.app_name.empty()) o.message.app_name = program_invocation_short_name;
    }
    return o;
}

}  // namespace

Ref<SyslogHandler> SyslogHandler::create(const SyslogOptions& options) {
    validate(options);
    return Ref<SyslogHandler>::adopt(new SyslogHandler(with_defaults(options)));
}

SyslogHandler::SyslogHandler(const SyslogOptions& options)
    : sender_(std::make_shared<syslog::Sender>(options)) {
    start(Ref<Handler>::adopt(new SenderHandler(sender_, this)), options.queue);
}

SyslogHandler::~SyslogHandler() {
    // Closed while the whole handler is alive: the sender flushes first.
    close();
}

SyslogStats SyslogHandler::stats() const noexcept {
    SyslogStats s;
    queue_stats(s);
    sender_->add_stats(s);
    return s;
}

std::string SyslogHandler::peer() const {
    return sender_->peer();
}

std::string SyslogHandler::describe() const {
    return "SyslogHandler(" + sender_->peer() + ")";
}

}  // namespace picolog
