// context.cpp - the C API of the per-thread context stack: push, pop, depth.
#include "picolog/context.hpp"

#include <cstring>
#include <memory>

#include "capi_internal.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

// Frames with more fields than this convert them on the heap.
constexpr size_t kStackFields = 16;

}  // namespace

extern "C" {

int picolog_context_push(const picolog_field* fields, size_t count, picolog_context_token* token) {
    static constexpr const char* fn = "picolog_context_push";
    if (int rc = check_handle(fn, token, "token")) return rc;
    *token = 0;
    if (!fields && count != 0) return fail(fn, kInvalid, "fields is NULL but count is %zu", count);
    return guard(fn, [&]() -> int {
        union StackFields {
            StackFields() {}
            Field items[kStackFields];
        } stack_fields;
        std::unique_ptr<Field[]> heap_fields;
        Field* converted = stack_fields.items;
        if (count > kStackFields) {
            heap_fields = std::make_unique<Field[]>(count);
            converted = heap_fields.get();
        }
        for (size_t i = 0; i < count; ++i) {
            const picolog_field& f = fields[i];
            if (!f.key) return fail(fn, kInvalid, "fields[%zu].key is NULL", i);
            if (!f.key[0]) return fail(fn, kInvalid, "fields[%zu].key is empty", i);
            if (!f.value) return fail(fn, kInvalid, "fields[%zu].value is NULL (key \"%s\")", i, f.key);
            std::construct_at(&converted[i], Field{f.key, f.value});
        }
        *token = context::push({converted, count});
        return kOk;
    });
}

int picolog_context_pop(picolog_context_token token) {
    return guard("picolog_context_pop", [&]() -> int {
        context::pop(token);
        return kOk;
    });
}

size_t picolog_context_depth(void) {
    return context::depth();
}

}  // extern "C"
