// holding_handler.cpp - what the memory and backtrace handlers share: taking
// copies of records under the handler's lock, and the target they pass them
// to later.
#include "picolog/memory.hpp"

namespace picolog {

// No formatting here: the target formats each record when it gets it.
int HoldingHandler::handle(const Record& record) noexcept {
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

void HoldingHandler::set_target(Ref<Handler> target) {
    if (target.get() == this) throw Error(kInvalid, describe() + " cannot be its own target");
    if (target) mark_target_in_use(*target);
    std::lock_guard lock(mutex_);
    std::swap(target_, target);
}

Ref<Handler> HoldingHandler::target() {
    std::lock_guard lock(mutex_);
    return target_;
}

size_t HoldingHandler::buffered() {
    std::lock_guard lock(mutex_);
    return held();
}

void HoldingHandler::forget_target() {
    Ref<Handler> old;
    std::lock_guard lock(mutex_);
    old = std::exchange(target_, nullptr);
}

}  // namespace picolog
