// memory_handler.cpp - Python's MemoryHandler: buffer copies of records and
// pass them to a target when the buffer is full or a severe record arrives.
#include "picolog/memory.hpp"

namespace picolog {

namespace {
void check_target(const Handler* self, const Ref<Handler>& target) {
    if (target.get() == self) throw Error(kInvalid, "a memory handler cannot be its own target");
}
}  // namespace

MemoryHandler::MemoryHandler(size_t capacity, int flush_level, Ref<Handler> target, bool flush_on_close)
    : capacity_(capacity),
      flush_level_(flush_level),
      flush_on_close_(flush_on_close),
      target_(std::move(target)) {
    buffer_.reserve(capacity_ < 4096 ? capacity_ : 4096);
}

MemoryHandler::~MemoryHandler() {
    close();
}

// No formatting here: the target formats each record when it gets it.
int MemoryHandler::handle(const Record& record) noexcept {
    mark_in_use();
    if (closed() || record.level < level()) return kOk;
    if (!filters().accept(record)) return kOk;
    std::lock_guard lock(mutex_);
    if (closed()) return kOk;
    try {
        add(record);
    } catch (const std::bad_alloc&) {
        report_failure("out of memory buffering a record");
    }
    return kOk;
}

// The queue listener's path (handle_locked): the line is not needed.
int MemoryHandler::emit(const Record& record, std::string_view) {
    return add(record);
}

int MemoryHandler::add(const Record& record) {
    buffer_.emplace_back(record);
    // Python's shouldFlush: full, or a record at or above flushLevel.
    if (buffer_.size() >= capacity_ || record.level >= flush_level_) return do_flush();
    return kOk;
}

int MemoryHandler::do_flush() {
    if (!target_) return kOk;  // Python keeps the records until a target is set
    // Moved out first: a target that logs back into this handler appends to
    // an empty buffer instead of the one being walked.
    std::vector<StoredRecord> records = std::exchange(buffer_, {});
    buffer_.reserve(capacity_ < 4096 ? capacity_ : 4096);
    Ref<Handler> target = target_;
    int status = kOk;
    for (const StoredRecord& r : records) status = worse_status(status, target->handle(r.record()));
    return status;
}

int MemoryHandler::close() noexcept {
    mark_in_use();
    int status = kOk;
    if (flush_on_close_ && !closed()) status = flush();
    Ref<Handler> old;
    {
        std::lock_guard lock(mutex_);
        old = std::exchange(target_, nullptr);
    }
    // The base flushes again (a no-op without a target) and marks it closed.
    return worse_status(status, Handler::close());
}

void MemoryHandler::set_target(Ref<Handler> target) {
    check_target(this, target);
    std::lock_guard lock(mutex_);
    std::swap(target_, target);
}

Ref<Handler> MemoryHandler::target() {
    std::lock_guard lock(mutex_);
    return target_;
}

size_t MemoryHandler::buffered() {
    std::lock_guard lock(mutex_);
    return buffer_.size();
}

std::string MemoryHandler::describe() const {
    return "MemoryHandler(capacity=" + std::to_string(capacity_) + ")";
}

}  // namespace picolog
