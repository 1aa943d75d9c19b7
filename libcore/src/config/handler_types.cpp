// handler_types.cpp - every handler type a configuration can name. A new
// handler type is one entry here plus its parser (handler_specs.cpp for the
// plain ones, handler_files.cpp for rotating and watched files,
// handler_shipping.cpp for syslog and journald, handler_buffering.cpp for
// the memory and backtrace handlers).
#include "handler_types.hpp"

namespace picolog::config {
namespace {

constexpr HandlerType kHandlerTypes[] = {
    {"stream", {"logging.StreamHandler", "picolog.StreamHandler"}, parse_stream_handler},
    {"file", {"logging.FileHandler", "picolog.FileHandler"}, parse_file_handler},
    {"null", {"logging.NullHandler", "picolog.NullHandler"}, parse_null_handler},
    {"queue",
     {"logging.handlers.QueueHandler", "picolog.handlers.QueueHandler", "picolog.QueueHandler"},
     parse_queue_handler},
    {"rotating_file",
     {"logging.handlers.RotatingFileHandler", "picolog.handlers.RotatingFileHandler"},
     parse_rotating_file_handler},
    {"timed_rotating_file",
     {"logging.handlers.TimedRotatingFileHandler", "picolog.handlers.TimedRotatingFileHandler"},
     parse_timed_rotating_file_handler},
    {"watched_file",
     {"logging.handlers.WatchedFileHandler", "picolog.handlers.WatchedFileHandler"},
     parse_watched_file_handler},
    {"syslog", {"logging.handlers.SysLogHandler", "picolog.handlers.SysLogHandler"}, parse_syslog_handler},
    {"journald", {"picolog.handlers.JournaldHandler", "", ""}, parse_journald_handler},
    {"memory",
     {"logging.handlers.MemoryHandler", "picolog.handlers.MemoryHandler", ""},
     parse_memory_handler},
    {"backtrace", {"picolog.handlers.BacktraceHandler", "", ""}, parse_backtrace_handler},
};

}  // namespace

const HandlerType* find_handler_type(std::string_view class_name) noexcept {
    for (const HandlerType& t : kHandlerTypes) {
        if (t.name == class_name) return &t;
        for (std::string_view c : t.classes)
            if (!c.empty() && c == class_name) return &t;
    }
    return nullptr;
}

std::string handler_type_names() {
    std::string out;
    for (const HandlerType& t : kHandlerTypes) {
        if (!out.empty()) out += ", ";
        out += t.name;
    }
    return out;
}

}  // namespace picolog::config
