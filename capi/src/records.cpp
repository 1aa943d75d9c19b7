// records.cpp - the read-only record view callbacks get.
#include <cstring>
#include <new>

#include "capi_internal.hpp"
#include "options.hpp"
#include "picolog/level.hpp"
#include "picolog/thread_block.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace picolog::capi {

picolog_field* ViewStorage::fields(size_t n) {
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

// The storage of the view being filled: the innermost callback's, else,
// for views requested outside any callback (not a documented use, but it
// must not crash), one valid until the next such request on the thread, in
// the thread's block (thread_block.hpp), not its thread-local storage.
ViewStorage& view_storage() {
    if (CallbackScope* scope = CallbackScope::current()) return scope->view_storage();
    ViewStorage* storage = ThreadBlock<ViewStorage>::get();
    if (storage == nullptr) throw std::bad_alloc();
    return *storage;
}

}  // namespace

extern "C" {

int picolog_record_get(const picolog_record* record, picolog_record_view* out, size_t out_size) {
    static constexpr const char* fn = "picolog_record_get";
    if (int rc = check_handle(fn, record, "record")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    static constexpr size_t first_size = PICOLOG_FIELD_END(picolog_record_view, field_count);
    return guard(fn, [&] {
        const Record& r = *from_c(record);
        ViewStorage& storage = view_storage();
        picolog_field* fields = nullptr;
        if (!r.fields.empty()) {
            fields = storage.fields(r.fields.size());
            for (size_t i = 0; i < r.fields.size(); ++i)
                fields[i] = picolog_field{c_str(r.fields[i].key), c_str(r.fields[i].value)};
        }
        picolog_record_view view;
        std::memset(&view, 0, sizeof view);
        view.level = r.level;
        view.level_name = c_str(levels::name(r.level, storage.level_text()));
        view.logger_name = c_str(r.logger_name);
        view.message = r.message.empty() ? "" : r.message.data();
        view.message_len = r.message.size();
        view.created_ns = r.created_ns;
        view.thread_id = r.thread_id;
        view.thread_name = c_str(r.thread_name);
        view.process_id = r.process_id;
        view.file = c_str(r.file);
        view.line = r.line;
        view.func = c_str(r.func);
        view.exc_text = c_str(r.exc_text);
        view.stack_text = c_str(r.stack_text);
        view.fields = fields;
        view.field_count = r.fields.size();
        return write_out(fn, "picolog_record_view", view, out, out_size, first_size);
    });
}

}  // extern "C"
