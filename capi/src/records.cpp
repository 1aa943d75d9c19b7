// records.cpp - the read-only record view callbacks get.
#include <cstring>

#include "capi_internal.hpp"
#include "picolog/level.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace picolog::capi {

picolog_field* FieldStorage::get(size_t n) {
    if (n <= kInline) return inline_;
    if (heap_size_ < n) {
        heap_ = std::make_unique<picolog_field[]>(n);
        heap_size_ = n;
    }
    return heap_.get();
}

}  // namespace picolog::capi

namespace {

// Record strings are NUL-terminated views, but an empty one may have no
// storage at all.
const char* c_str(std::string_view s) noexcept {
    return s.empty() ? "" : s.data();
}

// Backs views requested outside any callback (not a documented use, but it
// must not crash): valid until the next such request on the thread.
picolog_field* fallback_fields(size_t n) {
    thread_local FieldStorage storage;
    return storage.get(n);
}

}  // namespace

extern "C" {

int picolog_record_get(const picolog_record* record, picolog_record_view* out, size_t out_size) {
    static constexpr const char* fn = "picolog_record_get";
    if (int rc = check_handle(fn, record, "record")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    if (int rc = check_out_size(fn, "picolog_record_view", out_size, sizeof(picolog_record_view))) return rc;
    return guard(fn, [&] {
        const Record& r = *from_c(record);
        picolog_field* fields = nullptr;
        if (!r.fields.empty()) {
            CallbackScope* scope = CallbackScope::current();
            fields = scope ? scope->fields().get(r.fields.size()) : fallback_fields(r.fields.size());
            for (size_t i = 0; i < r.fields.size(); ++i)
                fields[i] = picolog_field{c_str(r.fields[i].key), c_str(r.fields[i].value)};
        }
        // A caller built against a newer, larger view gets zeros in the
        // members this library does not know.
        std::memset(out, 0, out_size);
        out->level = r.level;
        out->level_name = c_str(levels::name(r.level));
        out->logger_name = c_str(r.logger_name);
        out->message = r.message.empty() ? "" : r.message.data();
        out->message_len = r.message.size();
        out->created_ns = r.created_ns;
        out->thread_id = r.thread_id;
        out->thread_name = c_str(r.thread_name);
        out->process_id = r.process_id;
        out->file = c_str(r.file);
        out->line = r.line;
        out->func = c_str(r.func);
        out->exc_text = c_str(r.exc_text);
        out->stack_text = c_str(r.stack_text);
        out->fields = fields;
        out->field_count = r.fields.size();
        return kOk;
    });
}

}  // extern "C"
