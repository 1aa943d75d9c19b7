// syslog_handler.cpp - the syslog handler's two ends: the front end a
// logging thread calls (level, filters, the queue) and, on the queue's
// listener thread, a private handler that passes each record to the sender.
#include <errno.h>
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
    } else {
        if (e.host.empty()) throw Error(kInvalid, "syslog handler: the host is empty");
        if (e.port == 0) throw Error(kInvalid, "syslog handler: the port is 0");
    }
    if (o.max_datagram < 64)
        throw Error(kInvalid, "syslog handler: max_datagram must be at least 64 bytes, got " +
                                  std::to_string(o.max_datagram));
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
    sink_ = Ref<Handler>::adopt(new SenderHandler(sender_, this));
    QueueOptions q = options.queue;
    q.respect_handler_level = false;
    queue_ = QueueHandler::create(q, {sink_});
    mark_in_use();
}

SyslogHandler::~SyslogHandler() {
    close();
}

int SyslogHandler::handle(const Record& record) noexcept {
    mark_in_use();
    if (closed() || record.level < level()) return kOk;
    if (!filters().accept(record)) return kOk;
    return queue_->handle(record);
}

int SyslogHandler::emit(const Record& record, std::string_view) {
    return queue_->handle(record);
}

int SyslogHandler::flush() noexcept {
    mark_in_use();
    return queue_->flush();
}

int SyslogHandler::close() noexcept {
    if (closed()) return kOk;
    int status = queue_->close();
    // The sender thread has finished: nothing reads the formatter any more.
    static_cast<SenderHandler&>(*sink_).forget_owner();
    return worse_status(status, Handler::close());
}

SyslogStats SyslogHandler::stats() const noexcept {
    QueueStats q = queue_->stats();
    SyslogStats s;
    s.enqueued = q.enqueued;
    s.dropped_queue_full = q.dropped_newest + q.dropped_oldest + q.dropped_timeout;
    s.dropped_closed = q.dropped_closed;
    s.queued = q.queued;
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
