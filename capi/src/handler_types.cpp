// handler_types.cpp - creating the synchronous handlers: stream, file, null
// and callback.
#include <memory>

#include "capi_internal.hpp"
#include "options.hpp"
#include "picolog/handlers.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace picolog::capi {

constexpr picolog_file_options kFileDefaults = PICOLOG_FILE_OPTIONS_INIT;
const Versioned<picolog_file_options> kFileOptions{"picolog_file_options",
                                                   PICOLOG_FILE_OPTIONS_VERSION,
                                                   {PICOLOG_FIELD_END(picolog_file_options, buffer_size)}};

constexpr picolog_callback_handler_options kCallbackDefaults = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
const Versioned<picolog_callback_handler_options> kCallbackOptions{
    "picolog_callback_handler_options",
    PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION,
    {PICOLOG_FIELD_END(picolog_callback_handler_options, userdata)}};

int file_options(const char* fn, const picolog_file_options* caller, FileOptions& out) {
    if (!caller) return kOk;
    picolog_file_options scratch;
    const picolog_file_options* in = kFileOptions.read(fn, caller, scratch, kFileDefaults);
    if (!in) return kInvalid;
    if (in->flush_policy != PICOLOG_FLUSH_EVERY_RECORD && in->flush_policy != PICOLOG_FLUSH_BUFFERED)
        return fail(fn, kInvalid, "flush_policy %d is not a PICOLOG_FLUSH_* value", in->flush_policy);
    if (in->flush_level < 0) return fail(fn, kInvalid, "flush_level %d is negative", in->flush_level);
    if (in->mode > 07777) return fail(fn, kInvalid, "mode 0%o has bits outside 07777", in->mode);
    if (in->flush_policy == PICOLOG_FLUSH_BUFFERED && in->buffer_size == 0)
        return fail(fn, kInvalid, "buffer_size is 0 with PICOLOG_FLUSH_BUFFERED");
    out.truncate = in->truncate != 0;
    out.mode = in->mode != 0 ? in->mode : 0644;
    out.delay = in->delay != 0;
    out.flush_policy =
        in->flush_policy == PICOLOG_FLUSH_BUFFERED ? FlushPolicy::Buffered : FlushPolicy::EveryRecord;
    out.flush_level = in->flush_level;
    out.flush_interval_ms = in->flush_interval_ms;
    out.buffer_size = in->buffer_size;
    return kOk;
}

}  // namespace picolog::capi

namespace {

// The user's callbacks behind a core CallbackHandler, which calls the
// trampolines below: they open a CallbackScope and convert the record handle.
struct CallbackHandlerState {
    picolog_emit_fn emit;
    picolog_flush_fn flush;
    picolog_destroy_fn destroy;
    void* userdata;
};

static_assert(CallbackHandler::kReported == PICOLOG_CALLBACK_REPORTED);

int emit_trampoline(const Record* record, const char* line, size_t len, void* userdata) {
    auto* state = static_cast<CallbackHandlerState*>(userdata);
    CallbackScope scope;
    return state->emit(to_c(record), line, len, state->userdata);
}

int flush_trampoline(void* userdata) {
    auto* state = static_cast<CallbackHandlerState*>(userdata);
    return state->flush ? state->flush(state->userdata) : 0;
}

void destroy_trampoline(void* userdata) {
    std::unique_ptr<CallbackHandlerState> state(static_cast<CallbackHandlerState*>(userdata));
    if (state->destroy) state->destroy(state->userdata);
}

}  // namespace

extern "C" {

int picolog_stream_handler_new(picolog_handler** out, int fd) {
    static constexpr const char* fn = "picolog_stream_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (fd < 0) return fail(fn, kInvalid, "fd %d is negative", fd);
    return create(fn, out, [&] { return Ref<StreamHandler>::make(fd).detach(); });
}

int picolog_file_handler_new(picolog_handler** out, const char* path, const picolog_file_options* options) {
    static constexpr const char* fn = "picolog_file_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (int rc = check_handle(fn, path, "path")) return rc;
    if (*path == '\0') return fail(fn, kInvalid, "path is empty");
    FileOptions core_options;
    if (int rc = file_options(fn, options, core_options)) return rc;
    return create(fn, out, [&] { return Ref<FileHandler>::make(path, core_options).detach(); });
}

int picolog_null_handler_new(picolog_handler** out) {
    return create("picolog_null_handler_new", out, [] { return Ref<NullHandler>::make().detach(); });
}

int picolog_file_options_init(picolog_file_options* opts, unsigned version) {
    return kFileOptions.init("picolog_file_options_init", opts, version, kFileDefaults);
}

int picolog_callback_handler_options_init(picolog_callback_handler_options* opts, unsigned version) {
    return kCallbackOptions.init("picolog_callback_handler_options_init", opts, version, kCallbackDefaults);
}

int picolog_callback_handler_new(picolog_handler** out, const picolog_callback_handler_options* caller) {
    static constexpr const char* fn = "picolog_callback_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (int rc = check_handle(fn, caller, "options")) return rc;
    picolog_callback_handler_options scratch;
    const picolog_callback_handler_options* options =
        kCallbackOptions.read(fn, caller, scratch, kCallbackDefaults);
    if (!options) return kInvalid;
    if (!options->emit) return fail(fn, kInvalid, "options->emit is NULL");
    return create(fn, out, [&] {
        auto state = std::make_unique<CallbackHandlerState>(
            CallbackHandlerState{options->emit, options->flush, options->destroy, options->userdata});
        auto* handler =
            Ref<CallbackHandler>::make(emit_trampoline, flush_trampoline, destroy_trampoline, state.get())
                .detach();
        state.release();
        return handler;
    });
}

}  // extern "C"
