// last_resort.hpp - where a record goes that found no handler anywhere up
// its logger's propagate chain: Python's logging.lastResort.
//
// Three states. Built in (the default): WARNING and above are written to
// stderr as "%(message)s" (plus exception and stack text), with no lock.
// A handler of the caller's: it gets the record through handle(), so its own
// level and filters decide. None: nothing is written but, once until the next
// use_none(), "No handlers could be found for logger "<name>"" on stderr.
#pragma once

#include "picolog/handler.hpp"
#include "picolog/record.hpp"
#include "picolog/ref.hpp"

namespace picolog::last_resort {

void use_builtin() noexcept;
// Throws Error(kInvalid) for a handler that belongs to a queue listener
// (the listener must stay its only caller).
void use(Ref<Handler> handler);
void use_none() noexcept;

// Called by Logger::dispatch for a record that no handler took.
void handle(const Record& record) noexcept;

}  // namespace picolog::last_resort
