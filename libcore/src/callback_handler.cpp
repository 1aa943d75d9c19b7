// callback_handler.cpp - a handler whose emit and flush are C functions: the
// way the bindings write handlers in their own language.
#include "picolog/handlers.hpp"
#include "picolog/reentry.hpp"

namespace picolog {

CallbackHandler::CallbackHandler(EmitFn emit, FlushFn flush, DestroyFn destroy, void* userdata)
    : emit_(emit), flush_(flush), destroy_(destroy), userdata_(userdata) {
    if (emit == nullptr) throw Error(kInvalid, "callback handler: the emit function is NULL");
}

// The last reference may go inside a log call (a logging thread letting go
// of a handler list that no longer holds the handler): destroy is a
// callback like the others, and may log.
CallbackHandler::~CallbackHandler() {
    if (destroy_ == nullptr) return;
    reentry::Callout callout;
    destroy_(userdata_);
}

// The callbacks are another language's code, which may wait for locks of
// its own (Python's GIL) while this handler's lock is held: the handler is
// at rest meanwhile, so they run as quiet sections (fork_gate.hpp).

int CallbackHandler::emit(const Record& record, std::string_view line) {
    int rc;
    {
        reentry::Callout callout;
        rc = emit_(&record, line.data(), line.size(), userdata_);
    }
    if (rc == kReported) {
        add_failures(1);
        return kOk;
    }
    if (rc != 0) throw Error(kIoError, "emit callback returned " + std::to_string(rc));
    return kOk;
}

int CallbackHandler::do_flush() {
    if (flush_ == nullptr) return kOk;
    int rc;
    {
        reentry::Callout callout;
        rc = flush_(userdata_);
    }
    if (rc == kReported) throw Error::reported(kIoError, "the flush callback reported its failure");
    if (rc != 0) throw Error(kIoError, "flush callback returned " + std::to_string(rc));
    return kOk;
}

std::string CallbackHandler::describe() const {
    return "CallbackHandler";
}

}  // namespace picolog
