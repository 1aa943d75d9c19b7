// memory.cpp - creating memory and backtrace handlers and changing their
// target and a memory handler's options.
#include "picolog/memory.hpp"

#include "capi_internal.hpp"
#include "options.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

constexpr picolog_memory_options kMemoryDefaults = PICOLOG_MEMORY_OPTIONS_INIT;
const Versioned<picolog_memory_options> kMemoryOptions{
    "picolog_memory_options",
    PICOLOG_MEMORY_OPTIONS_VERSION,
    {PICOLOG_FIELD_END(picolog_memory_options, flush_on_close)}};
constexpr picolog_backtrace_options kBacktraceDefaults = PICOLOG_BACKTRACE_OPTIONS_INIT;
const Versioned<picolog_backtrace_options> kBacktraceOptions{
    "picolog_backtrace_options",
    PICOLOG_BACKTRACE_OPTIONS_VERSION,
    {PICOLOG_FIELD_END(picolog_backtrace_options, prefix)}};

int check_target(const char* fn, picolog_handler* target) {
    if (target && from_c(target)->owned_by_listener())
        return fail(fn, kInvalid, "the target belongs to a queue listener");
    return kOk;
}

Ref<Handler> target_ref(picolog_handler* target) {
    return Ref<Handler>(target ? from_c(target) : nullptr);
}

// The memory or backtrace handler behind `handler`; Error(kInvalid) for
// another kind.
HoldingHandler& holding(picolog_handler* handler) {
    auto* h = dynamic_cast<HoldingHandler*>(from_c(handler));
    if (!h) throw Error(kInvalid, "the handler is not a memory or backtrace handler");
    return *h;
}

}  // namespace

extern "C" {

int picolog_memory_options_init(picolog_memory_options* opts, unsigned version) {
    return kMemoryOptions.init("picolog_memory_options_init", opts, version, kMemoryDefaults);
}

int picolog_backtrace_options_init(picolog_backtrace_options* opts, unsigned version) {
    return kBacktraceOptions.init("picolog_backtrace_options_init", opts, version, kBacktraceDefaults);
}

int picolog_memory_handler_new(picolog_handler** out, const picolog_memory_options* caller,
                               picolog_handler* target) {
    static constexpr const char* fn = "picolog_memory_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    picolog_memory_options scratch;
    const picolog_memory_options* options =
        caller ? kMemoryOptions.read(fn, caller, scratch, kMemoryDefaults) : &kMemoryDefaults;
    if (!options) return kInvalid;
    if (options->flush_level < 0)
        return fail(fn, kInvalid, "flush_level %d is negative", options->flush_level);
    if (int rc = check_target(fn, target)) return rc;
    return create(fn, out, [&] {
        return static_cast<Handler*>(Ref<MemoryHandler>::make(options->capacity, options->flush_level,
                                                              target_ref(target),
                                                              options->flush_on_close != 0)
                                         .detach());
    });
}

int picolog_backtrace_handler_new(picolog_handler** out, const picolog_backtrace_options* caller,
                                  picolog_handler* target) {
    static constexpr const char* fn = "picolog_backtrace_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    picolog_backtrace_options scratch;
    const picolog_backtrace_options* options =
        caller ? kBacktraceOptions.read(fn, caller, scratch, kBacktraceDefaults) : &kBacktraceDefaults;
    if (!options) return kInvalid;
    if (int rc = check_target(fn, target)) return rc;
    return create(fn, out, [&] {
        BacktraceOptions core;
        core.capacity = options->capacity;
        core.store_below = options->store_below;
        core.trigger = options->trigger;
        if (options->prefix) core.prefix = options->prefix;
        return static_cast<Handler*>(Ref<BacktraceHandler>::make(core, target_ref(target)).detach());
    });
}

int picolog_memory_handler_set_target(picolog_handler* handler, picolog_handler* target) {
    static constexpr const char* fn = "picolog_memory_handler_set_target";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_target(fn, target)) return rc;
    return guard(fn, [&] {
        holding(handler).set_target(target_ref(target));
        return kOk;
    });
}

int picolog_memory_handler_set_options(picolog_handler* handler, const picolog_memory_options* caller) {
    static constexpr const char* fn = "picolog_memory_handler_set_options";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, caller, "options")) return rc;
    picolog_memory_options scratch;
    const picolog_memory_options* options = kMemoryOptions.read(fn, caller, scratch, kMemoryDefaults);
    if (!options) return kInvalid;
    if (options->flush_level < 0)
        return fail(fn, kInvalid, "flush_level %d is negative", options->flush_level);
    return guard(fn, [&] {
        auto* memory = dynamic_cast<MemoryHandler*>(from_c(handler));
        if (!memory) throw Error(kInvalid, "the handler is not a memory handler");
        memory->set_options(options->capacity, options->flush_level, options->flush_on_close != 0);
        return kOk;
    });
}

int picolog_memory_handler_buffered(picolog_handler* handler, size_t* out) {
    static constexpr const char* fn = "picolog_memory_handler_buffered";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    return guard(fn, [&] {
        *out = holding(handler).buffered();
        return kOk;
    });
}

}  // extern "C"
