// handler_types.hpp - the table of handler types a configuration can name:
// one entry per type, mapping its `class` names to the function that reads
// its keys into a spec.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "picolog/handlers.hpp"
#include "schema.hpp"
#include "tree.hpp"

namespace picolog::config {

// Reads the type's own keys (`class`, `level`, `formatter` and `filters`
// are read by the schema); keys it leaves unread are rejected afterwards.
using HandlerParser = std::unique_ptr<HandlerSpec> (*)(Keys& keys);

struct HandlerType {
    std::string_view name;                    // picolog's short name: "file"
    std::array<std::string_view, 3> classes;  // logging's dotted names; empty slots unused
    HandlerParser parse;
};

// By short name or class name; null when unknown.
const HandlerType* find_handler_type(std::string_view class_name) noexcept;
// "file, stream, ..." for the error naming an unknown class.
std::string handler_type_names();

// The parsers of the built-in types (handler_specs.cpp).
std::unique_ptr<HandlerSpec> parse_stream_handler(Keys& keys);
std::unique_ptr<HandlerSpec> parse_file_handler(Keys& keys);
std::unique_ptr<HandlerSpec> parse_null_handler(Keys& keys);
std::unique_ptr<HandlerSpec> parse_queue_handler(Keys& keys);
// The rotating and watched files (handler_files.cpp).
std::unique_ptr<HandlerSpec> parse_rotating_file_handler(Keys& keys);
std::unique_ptr<HandlerSpec> parse_timed_rotating_file_handler(Keys& keys);
std::unique_ptr<HandlerSpec> parse_watched_file_handler(Keys& keys);
// The handlers that ship records off the machine (handler_shipping.cpp).
std::unique_ptr<HandlerSpec> parse_syslog_handler(Keys& keys);
std::unique_ptr<HandlerSpec> parse_journald_handler(Keys& keys);
// The handlers that hold records for a target (handler_buffering.cpp).
std::unique_ptr<HandlerSpec> parse_memory_handler(Keys& keys);
std::unique_ptr<HandlerSpec> parse_backtrace_handler(Keys& keys);

// Shared by the file types: `filename` (required, not empty), and `mode`
// (when the class takes one), `encoding`, `delay` and picolog's flush,
// buffer and permission keys.
std::string read_filename(Keys& keys);
void read_file_options(Keys& keys, FileOptions& options, bool with_mode);
// What a file type's build() opens with: mode "w" truncates when the
// configuration is applied (truncated_file), not when the file is opened,
// unless the open is delayed to the first record anyway.
FileOptions opening_options(FileOptions options);
std::string truncated_file(const std::string& filename, const FileOptions& options);
// The value of `camel` (logging's keyword) or `snake` (picolog's spelling);
// both given is an error. Returns the key present, or empty.
std::string_view either(Keys& keys, std::string_view camel, std::string_view snake);

}  // namespace picolog::config
