// backtrace_handler.cpp - a ring of the last records below a level, written
// (marked) to a target only before a record at or above a trigger level.
#include "picolog/memory.hpp"

namespace picolog {

BacktraceHandler::BacktraceHandler(const BacktraceOptions& options, Ref<Handler> target)
    : options_(options), target_(std::move(target)) {
    if (options_.capacity == 0) throw Error(kInvalid, "backtrace capacity is 0");
    if (options_.store_below < 0 || options_.trigger < 0)
        throw Error(kInvalid, "backtrace levels must not be negative");
}

BacktraceHandler::~BacktraceHandler() {
    close();
}

int BacktraceHandler::handle(const Record& record) noexcept {
    mark_in_use();
    if (closed() || record.level < level()) return kOk;
    if (!filters().accept(record)) return kOk;
    std::lock_guard lock(mutex_);
    if (closed()) return kOk;
    try {
        return emit(record, {});
    } catch (const std::bad_alloc&) {
        report_failure("out of memory keeping a record");
    }
    return kOk;
}

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
    if (record.level >= options_.trigger) {
        std::deque<StoredRecord> dump = std::exchange(ring_, {});
        for (const StoredRecord& r : dump) status = worse_status(status, target->handle(r.record()));
    }
    return worse_status(status, target->handle(record));
}

int BacktraceHandler::close() noexcept {
    Ref<Handler> old;
    {
        std::lock_guard lock(mutex_);
        old = std::exchange(target_, nullptr);
        ring_.clear();
    }
    return Handler::close();
}

void BacktraceHandler::set_target(Ref<Handler> target) {
    if (target.get() == this) throw Error(kInvalid, "a backtrace handler cannot be its own target");
    std::lock_guard lock(mutex_);
    std::swap(target_, target);
}

Ref<Handler> BacktraceHandler::target() {
    std::lock_guard lock(mutex_);
    return target_;
}

size_t BacktraceHandler::buffered() {
    std::lock_guard lock(mutex_);
    return ring_.size();
}

std::string BacktraceHandler::describe() const {
    return "BacktraceHandler(capacity=" + std::to_string(options_.capacity) + ")";
}

}  // namespace picolog
