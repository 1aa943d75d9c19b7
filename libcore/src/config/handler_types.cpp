// handler_types.cpp - every handler type a configuration can name. A new
// handler type is one entry here plus its parser (see handler_specs.cpp).
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
