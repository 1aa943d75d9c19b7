// logger_deferred.cpp - the log path of a record whose message is still a
// captured printf call (printf_plan.hpp): it goes as it is to handlers that
// render later (queue handlers), and is rendered, once, for the first
// consumer on the way that needs the text.
#include <string>

#include "picolog/logger.hpp"
#include "picolog/printf_plan.hpp"

namespace picolog {
namespace {

// Renders the record's message in place. Out of memory, the record still
// goes out, with an empty message.
void render(Record& record, std::string& storage) noexcept {
    try {
        printf_plan::render_record(record, storage);
    } catch (...) {
        record.message = {};
        record.deferred_format = false;
    }
}

}  // namespace

bool Logger::defers_formatting() const noexcept {
    if (!filters_.empty()) return false;
    bool found = false;
    for (const Logger* l = this; l != nullptr; l = l->parent()) {
        if (!l->handlers_.empty()) {
            auto handlers = l->handlers_.read();
            for (const auto& h : *handlers) {
                if (!h->takes_deferred_format()) return false;
                found = true;
            }
        }
        if (!l->propagate()) break;
    }
    return found;
}

int Logger::dispatch_deferred(Record& record) noexcept {
    const std::string_view block = record.message;
    std::string rendered;
    auto restore = [&](int status) {
        // The caller's record, as it was: `rendered` goes out of scope.
        record.message = block;
        record.deferred_format = true;
        return status;
    };
    if (!filters_.empty()) {
        render(record, rendered);
        return restore(dispatch(record));
    }
    record.logger_name = name_;
    stamp(record);
    int status = kOk;
    bool found = false;
    for (const Logger* l = this; l != nullptr; l = l->parent()) {
        if (!l->handlers_.empty()) {
            auto handlers = l->handlers_.read();
            for (const auto& h : *handlers) {
                found = true;
                if (record.deferred_format && !h->takes_deferred_format()) render(record, rendered);
                status = worse_status(status, h->handle(record));
            }
        }
        if (!l->propagate()) break;
    }
    if (!found) {
        // No handler (any more): dispatch() applies Python's lastResort.
        render(record, rendered);
        status = dispatch(record);
    }
    return restore(status);
}

}  // namespace picolog
