// callback_handler.cpp - a handler whose emit and flush are C functions: the
// way the bindings write handlers in their own language.
#include "picolog/handlers.hpp"

namespace picolog {

CallbackHandler::CallbackHandler(EmitFn emit, FlushFn flush, DestroyFn destroy, void* userdata)
    : emit_(emit), flush_(flush), destroy_(destroy), userdata_(userdata) {
    if (emit == nullptr) throw Error(kInvalid, "callback handler: the emit function is NULL");
}

CallbackHandler::~CallbackHandler() {
    if (destroy_ != nullptr) destroy_(userdata_);
}

int CallbackHandler::emit(const Record& record, std::string_view line) {
    if (int rc = emit_(&record, line.data(), line.size(), userdata_); rc != 0)
        throw Error(kIoError, "emit callback returned " + std::to_string(rc));
    return kOk;
}

int CallbackHandler::do_flush() {
    if (flush_ == nullptr) return kOk;
    if (int rc = flush_(userdata_); rc != 0)
        throw Error(kIoError, "flush callback returned " + std::to_string(rc));
    return kOk;
}

std::string CallbackHandler::describe() const {
    return "CallbackHandler";
}

}  // namespace picolog
