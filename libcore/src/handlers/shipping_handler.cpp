// shipping_handler.cpp - the front of the syslog and journald handlers: the
// caller's side (level, filters, the queue) and the order of closing.
#include "picolog/shipping_handler.hpp"

#include "sender_handler.hpp"

namespace picolog {

ShippingHandler::~ShippingHandler() {
    close();
}

void ShippingHandler::start(Ref<Handler> sink, QueueOptions queue) {
    sink_ = std::move(sink);
    // The level was checked on the caller's thread.
    queue.respect_handler_level = false;
    queue_ = QueueHandler::create(queue, {sink_});
    mark_in_use();
}

int ShippingHandler::handle(const Record& record) noexcept {
    mark_in_use();
    if (closed() || record.level < level()) return kOk;
    if (!filters().accept(record)) return kOk;
    return queue_->handle(record);
}

int ShippingHandler::emit(const Record& record, std::string_view) {
    return queue_->handle(record);
}

int ShippingHandler::flush() noexcept {
    mark_in_use();
    return queue_->flush();
}

int ShippingHandler::close() noexcept {
    if (closed() || !queue_) return kOk;
    int status = queue_->close();
    // The listener thread has finished: nothing reads this handler's
    // formatter any more, so the sink may stop pointing at it.
    static_cast<ship::Sink&>(*sink_).forget_owner();
    return worse_status(status, Handler::close());
}

}  // namespace picolog
