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
    union StackFields {
        StackFields() {}
        Field items[kStackFields];
    } stack_fields;
    std::unique_ptr<Field[]> heap_fields;
    Field* converted = stack_fields.items;
    if (count > kStackFields) {
        if (int rc = guard(fn, [&] {
                heap_fields = std::make_unique_for_overwrite<Field[]>(count);
                return kOk;
            }))
            return rc;
        converted = heap_fields.get();
    }
    for (size_t i = 0; i < count; ++i) {
        const char* key = fields[i].key;
        const char* value = fields[i].value;
        if (!key) return fail(fn, kInvalid, "fields[%zu].key is NULL", i);
        if (!key[0]) return fail(fn, kInvalid, "fields[%zu].key is empty", i);
        if (!value) return fail(fn, kInvalid, "fields[%zu].value is NULL (key \"%s\")", i, key);
        std::construct_at(&converted[i], Field{key, value});
    }
    return guard(fn, [&] {
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
