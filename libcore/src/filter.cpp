// filter.cpp - the built-in filters and the filter list's accept().
#include "picolog/filter.hpp"

#include "picolog/error.hpp"
#include "picolog/reentry.hpp"

namespace picolog {

NameFilter::NameFilter(std::string_view name) : name_(name) {}

// Python's Filter.filter: the logger itself or one of its descendants.
bool NameFilter::accept(const Record& record) const noexcept {
    std::string_view logger = record.logger_name;
    if (name_.empty() || logger == name_) return true;
    return logger.size() > name_.size() && logger.starts_with(name_) && logger[name_.size()] == '.';
}

LevelFilter::LevelFilter(int min_level, int max_level) : min_(min_level), max_(max_level) {
    if (min_level < 0)
        throw Error(kInvalid, "level filter: minimum level " + std::to_string(min_level) + " is negative");
    if (min_level > max_level)
        throw Error(kInvalid, "level filter: minimum level " + std::to_string(min_level) +
                                  " is above the maximum " + std::to_string(max_level));
}

bool LevelFilter::accept(const Record& record) const noexcept {
    return record.level >= min_ && record.level <= max_;
}

CallbackFilter::CallbackFilter(Fn fn, Destroy destroy, void* userdata)
    : fn_(fn), destroy_(destroy), userdata_(userdata) {
    if (fn == nullptr) throw Error(kInvalid, "callback filter: the filter function is NULL");
}

// The last reference may go inside a log call (a logging thread letting go
// of a filter list that no longer holds the filter): destroy is a callback
// like fn, and may log.
CallbackFilter::~CallbackFilter() {
    if (destroy_ == nullptr) return;
    reentry::Callout callout;
    destroy_(userdata_);
}

bool CallbackFilter::accept(const Record& record) const noexcept {
    // Another language's code, perhaps waiting for its own locks (Python's
    // GIL), and on a queue's listener with its handlers' locks held.
    reentry::Callout callout;
    return fn_(&record, userdata_) != 0;
}

bool FilterList::accept_all(const Record& record) const noexcept {
    auto list = read();
    for (const auto& f : *list)
        if (!f->accept(record)) return false;
    return true;
}

}  // namespace picolog
