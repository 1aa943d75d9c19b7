// holding_handler.cpp - what the memory and backtrace handlers share: taking
// copies of records under the handler's lock, and the target they pass them
// to later.
#include <mutex>

#include "picolog/memory.hpp"

namespace picolog {

namespace {

// Held while any memory or backtrace handler's target changes (after that
// handler's own lock, and taking no other), so that the targets a cycle
// check walks stay as they are, and alive, until the change is made: two
// changes made at once cannot each close half of a cycle.
std::mutex g_target_change;

}  // namespace

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
    std::lock_guard lock(mutex_);
    std::lock_guard change(g_target_change);
    // A record would go round the cycle, each handler passing it on inside
    // the previous one's call, until the stack overflowed.
    if (leads_back(target.get()))
        throw Error(kInvalid, describe() + ": the target passes records back to it (a cycle of targets)");
    if (target) mark_target_in_use(*target);
    std::swap(target_, target);
}

bool HoldingHandler::leads_back(const Handler* target) const noexcept {
    for (const Handler* h = target; h != nullptr;) {
        if (h == this) return true;
        const auto* holder = dynamic_cast<const HoldingHandler*>(h);
        if (holder == nullptr) return false;
        h = holder->target_.get();
    }
    return false;
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
    std::lock_guard change(g_target_change);
    old = std::exchange(target_, nullptr);
}

}  // namespace picolog
