// memory_handler.cpp - Python's MemoryHandler: buffer copies of records and
// pass them to a target when the buffer is full or a severe record arrives.
#include "picolog/memory.hpp"

namespace picolog {

MemoryHandler::MemoryHandler(size_t capacity, int flush_level, Ref<Handler> target, bool flush_on_close)
    : HoldingHandler(std::move(target)),
      capacity_(capacity),
      flush_level_(flush_level),
      flush_on_close_(flush_on_close) {
    buffer_.reserve(capacity_ < 4096 ? capacity_ : 4096);
}

MemoryHandler::~MemoryHandler() {
    close();
}

// With the lock held: from handle(), or from a queue listener's
// handle_locked (the line is not needed).
int MemoryHandler::emit(const Record& record, std::string_view) {
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
    return forward(Ref<Handler>(target_), records);
}

void MemoryHandler::set_options(size_t capacity, int flush_level, bool flush_on_close) noexcept {
    Lock lock(*this);
    capacity_ = capacity;
    flush_level_ = flush_level;
    flush_on_close_.store(flush_on_close, std::memory_order_relaxed);
}

int MemoryHandler::close() noexcept {
    mark_in_use();
    int status = kOk;
    if (flush_on_close_.load(std::memory_order_relaxed) && !closed()) status = flush();
    forget_target();
    // The base flushes again (a no-op without a target) and marks it closed.
    return worse_status(status, Handler::close());
}

std::string MemoryHandler::describe() const {
    return "MemoryHandler(capacity=" + std::to_string(capacity_) + ")";
}

}  // namespace picolog
