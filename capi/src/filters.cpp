// filters.cpp - name, level and callback filters, and filter lists.
#include <memory>

#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace picolog::capi {

int add_filter(const char* fn, FilterList& list, picolog_filter* filter) noexcept {
    if (int rc = check_handle(fn, filter, "filter")) return rc;
    return guard(fn, [&] {
        list.add(Ref<const Filter>(from_c(filter)));
        return kOk;
    });
}

int remove_filter(const char* fn, FilterList& list, picolog_filter* filter) noexcept {
    if (int rc = check_handle(fn, filter, "filter")) return rc;
    return guard(fn, [&]() -> int {
        if (!list.remove(from_c(filter))) return fail(fn, kNotFound, "the filter is not attached");
        return kOk;
    });
}

}  // namespace picolog::capi

namespace {

// The user's function and userdata behind a core CallbackFilter, which calls
// trampolines that open a CallbackScope and convert the record handle.
struct CallbackFilterState {
    picolog_filter_fn fn;
    picolog_destroy_fn destroy;
    void* userdata;
};

int filter_trampoline(const Record* record, void* userdata) {
    auto* state = static_cast<CallbackFilterState*>(userdata);
    CallbackScope scope;
    return state->fn(to_c(record), state->userdata);
}

void destroy_trampoline(void* userdata) {
    std::unique_ptr<CallbackFilterState> state(static_cast<CallbackFilterState*>(userdata));
    if (state->destroy) state->destroy(state->userdata);
}

}  // namespace

extern "C" {

int picolog_name_filter_new(picolog_filter** out, const char* name) {
    return create("picolog_name_filter_new", out,
                  [&] { return Ref<NameFilter>::make(name ? name : "").detach(); });
}

int picolog_level_filter_new(picolog_filter** out, int min_level, int max_level) {
    static constexpr const char* fn = "picolog_level_filter_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (int rc = check_level(fn, min_level)) return rc;
    if (int rc = check_level(fn, max_level)) return rc;
    if (min_level > max_level)
        return fail(fn, kInvalid, "min_level %d is above max_level %d", min_level, max_level);
    return create(fn, out, [&] { return Ref<LevelFilter>::make(min_level, max_level).detach(); });
}

int picolog_callback_filter_new(picolog_filter** out, picolog_filter_fn filter_fn, picolog_destroy_fn destroy,
                                void* userdata) {
    static constexpr const char* fn = "picolog_callback_filter_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (!filter_fn) return fail(fn, kInvalid, "fn is NULL");
    return create(fn, out, [&] {
        auto state = std::make_unique<CallbackFilterState>(CallbackFilterState{filter_fn, destroy, userdata});
        auto* filter = Ref<CallbackFilter>::make(filter_trampoline, destroy_trampoline, state.get()).detach();
        state.release();
        return filter;
    });
}

void picolog_filter_release(picolog_filter* filter) {
    if (filter) from_c(filter)->release();
}

}  // extern "C"
