// flush_timer.hpp - the timed flush of a buffered file handler (private to
// libcore/src): a periodic task on the housekeeping thread that flushes the
// handler every flush_interval_ms, so buffered records reach the file even
// when no further record arrives.
#pragma once

#include <cstdint>

#include "picolog/handler.hpp"
#include "picolog/handlers.hpp"
#include "picolog/housekeeping.hpp"

namespace picolog {

class FlushTimer {
public:
    FlushTimer() = default;
    FlushTimer(const FlushTimer&) = delete;
    FlushTimer& operator=(const FlushTimer&) = delete;
    ~FlushTimer() { stop(); }

    // Call last in the handler's constructor: the task may run at once.
    void start(Handler* handler, const FileOptions& options) noexcept {
        if (options.flush_policy != FlushPolicy::Buffered || options.flush_interval_ms == 0) return;
        id_ = housekeeping::add_task(options.flush_interval_ms, [handler] { handler->flush(); });
    }
    // Call first in the handler's destructor, while the object is whole;
    // waits for a flush under way.
    void stop() noexcept {
        housekeeping::remove_task(id_);
        id_ = 0;
    }

private:
    uint64_t id_ = 0;
};

}  // namespace picolog
