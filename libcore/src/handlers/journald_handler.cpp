// journald_handler.cpp - the journald handler's front end (level, filters,
// the queue) and its construction; the sending is journald_sender.cpp's.
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
    sink_ = Ref<Handler>::adopt(new SenderHandler(sender_, this));
    QueueOptions q = options.queue;
    q.respect_handler_level = false;
    queue_ = QueueHandler::create(q, {sink_});
    mark_in_use();
}

JournaldHandler::~JournaldHandler() {
    close();
}

int JournaldHandler::handle(const Record& record) noexcept {
    mark_in_use();
    if (closed() || record.level < level()) return kOk;
    if (!filters().accept(record)) return kOk;
    return queue_->handle(record);
}

int JournaldHandler::emit(const Record& record, std::string_view) {
    return queue_->handle(record);
}

int JournaldHandler::flush() noexcept {
    mark_in_use();
    return queue_->flush();
}

int JournaldHandler::close() noexcept {
    if (closed()) return kOk;
    int status = queue_->close();
    static_cast<SenderHandler&>(*sink_).forget_owner();
    return worse_status(status, Handler::close());
}

JournaldStats JournaldHandler::stats() const noexcept {
    QueueStats q = queue_->stats();
    JournaldStats s;
    s.enqueued = q.enqueued;
    s.dropped_queue_full = q.dropped_newest + q.dropped_oldest + q.dropped_timeout;
    s.dropped_closed = q.dropped_closed;
    s.queued = q.queued;
    sender_->add_stats(s);
    return s;
}

std::string JournaldHandler::describe() const {
    return "JournaldHandler(" + sender_->peer() + ")";
}

}  // namespace picolog
