// queue_handler_deferred.cpp - a queue handler given a record whose message
// is still a captured printf call: copied into the channel as it is, to be
// rendered by the listener, unless a filter of this handler must read the
// text first.
#include <string>

#include "picolog/async/queue_handler.hpp"
#include "picolog/printf_plan.hpp"

namespace picolog {

int QueueHandler::handle_deferred(const Record& record) noexcept {
    if (record.level < level()) return kOk;
    if (filters().empty()) return enqueue(record);
    Record rendered = record;
    std::string storage;
    try {
        printf_plan::render_record(rendered, storage);
    } catch (...) {
        return kNoMemory;
    }
    if (!filters().accept(rendered)) return kOk;
    return enqueue(rendered);
}

}  // namespace picolog
