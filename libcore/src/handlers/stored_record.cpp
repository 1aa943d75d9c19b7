// stored_record.cpp - a record copied with its strings, for the handlers that
// keep records past the log call (memory and backtrace handlers).
#include "picolog/memory.hpp"

namespace picolog {

StoredRecord::StoredRecord(const Record& record, std::string_view message_prefix, const Field* extra)
    : storage_(std::make_unique<Storage>()), record_(record) {
    Storage& s = *storage_;
    s.logger_name = record.logger_name;
    s.message.reserve(message_prefix.size() + record.message.size());
    s.message.append(message_prefix).append(record.message);
    s.thread_name = record.thread_name;
    s.file = record.file;
    s.func = record.func;
    s.exc_text = record.exc_text;
    s.stack_text = record.stack_text;
    size_t n = record.fields.size() + (extra ? 1 : 0);
    s.field_strings.reserve(n);
    for (const Field& f : record.fields) s.field_strings.emplace_back(f.key, f.value);
    if (extra) s.field_strings.emplace_back(extra->key, extra->value);
    // Views are taken once every string is in place (reserve() above keeps
    // the vector from moving them).
    s.fields.reserve(n);
    for (const auto& [key, value] : s.field_strings) s.fields.push_back(Field{key, value});
    record_.logger_name = s.logger_name;
    record_.message = s.message;
    record_.thread_name = s.thread_name;
    record_.file = s.file;
    record_.func = s.func;
    record_.exc_text = s.exc_text;
    record_.stack_text = s.stack_text;
    record_.fields = s.fields;
}

}  // namespace picolog
