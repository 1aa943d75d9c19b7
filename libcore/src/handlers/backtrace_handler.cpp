// backtrace_handler.cpp - a ring of the last records below a level, written
// (marked) to a target only before a record at or above a trigger level.
#include "picolog/memory.hpp"

namespace picolog {

BacktraceHandler::BacktraceHandler(const BacktraceOptions& options, Ref<Handler> target)
    : HoldingHandler(std::move(target)), options_(options) {
    if (options_.capacity == 0) throw Error(kInvalid, "backtrace capacity is 0");
    if (options_.store_below < 0 || options_.trigger < 0)
        throw Error(kInvalid, "backtrace levels must not be negative");
}

BacktraceHandler::~BacktraceHandler() {
    close();
}

// With the lock held (handle(), or a queue listener's handle_locked).
int BacktraceHandler::emit(const Record& record, std::string_view) {
    static const Field kMark{"backtrace", "1"};
    if (record.level < options_.store_below) {
        if (ring_.size() >= options_.capacity) ring_.pop_front();
        ring_.emplace_back(record, options_.prefix, &kMark);
        return kOk;
    }
    if (!target_) return kOk;
    Ref<Handler> target = target_;
    int status = kOk;
    if (record.level >= options_.trigger) status = forward(target, std::exchange(ring_, {}));
    return worse_status(status, target->handle(record));
}

int BacktraceHandler::close() noexcept {
    forget_target();
    {
        std::lock_guard lock(mutex_);
        ring_.clear();
    }
    return Handler::close();
}

std::string BacktraceHandler::describe() const {
    return "BacktraceHandler(capacity=" + std::to_string(options_.capacity) + ")";
}

}  // namespace picolog
