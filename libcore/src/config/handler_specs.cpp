// handler_specs.cpp - the keys of the built-in handler types (stream, file,
// null, queue) and how each builds its handler. Names follow the keyword
// arguments of logging's classes; picolog's own settings are extra keys.
#include <climits>

#include "handler_types.hpp"
#include "picolog/async/queue_handler.hpp"
#include "picolog/handlers.hpp"

namespace picolog::config {
namespace {

class StreamSpec final : public HandlerSpec {
public:
    int fd = 2;
    Ref<Handler> build(std::vector<Ref<Handler>>) const override { return Ref<StreamHandler>::make(fd); }
};

class FileSpec final : public HandlerSpec {
public:
    std::string filename;
    FileOptions options;
    Ref<Handler> build(std::vector<Ref<Handler>>) const override {
        return Ref<FileHandler>::make(filename, opening_options(options));
    }
    std::string truncates() const override { return truncated_file(filename, options); }
};

class NullSpec final : public HandlerSpec {
public:
    Ref<Handler> build(std::vector<Ref<Handler>>) const override { return Ref<NullHandler>::make(); }
};

class QueueSpec final : public HandlerSpec {
public:
    std::vector<std::string> handlers;
    QueueOptions options;
    std::vector<std::string> targets() const override { return handlers; }
    Ref<Handler> build(std::vector<Ref<Handler>> targets) const override {
        return QueueHandler::create(options, std::move(targets));
    }
};

bool is_utf8_name(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s == "utf-8" || s == "utf8" || s == "utf_8";
}

}  // namespace

std::string read_filename(Keys& keys) {
    auto filename = keys.string("filename");
    if (!filename) keys.fail("filename", "missing (the file to write)");
    if (filename->empty()) keys.fail("filename", "empty");
    return *filename;
}

FileOptions opening_options(FileOptions options) {
    if (!options.delay) options.truncate = false;
    return options;
}

std::string truncated_file(const std::string& filename, const FileOptions& options) {
    return options.truncate && !options.delay ? filename : std::string();
}

void read_file_options(Keys& keys, FileOptions& o, bool with_mode) {
    if (auto mode = with_mode ? keys.string("mode") : std::nullopt) {
        if (*mode != "a" && *mode != "w") keys.fail("mode", "expected \"a\" or \"w\", got \"" + *mode + "\"");
        o.truncate = *mode == "w";
    }
    if (auto encoding = keys.string("encoding"); encoding && !is_utf8_name(*encoding))
        keys.fail("encoding", "only \"utf-8\" is supported (messages are written as the bytes given)");
    o.delay = keys.boolean("delay").value_or(false);
    if (keys.boolean("buffered").value_or(false)) o.flush_policy = FlushPolicy::Buffered;
    if (auto level = keys.level("flush_level")) o.flush_level = *level;
    if (auto ms = keys.integer("flush_interval_ms", 0, UINT32_MAX))
        o.flush_interval_ms = static_cast<uint32_t>(*ms);
    if (auto size = keys.integer("buffer_size", 1, int64_t{1} << 30))
        o.buffer_size = static_cast<size_t>(*size);
    if (auto bits = keys.integer("permissions", 0, 07777)) o.mode = static_cast<unsigned>(*bits);
}

std::unique_ptr<HandlerSpec> parse_stream_handler(Keys& keys) {
    auto spec = std::make_unique<StreamSpec>();
    if (auto stream = keys.string("stream")) {
        if (*stream == "ext://sys.stderr" || *stream == "stderr")
            spec->fd = 2;
        else if (*stream == "ext://sys.stdout" || *stream == "stdout")
            spec->fd = 1;
        else
            keys.fail("stream",
                      "expected \"ext://sys.stderr\" or \"ext://sys.stdout\", got \"" + *stream + "\"");
    }
    return spec;
}

std::unique_ptr<HandlerSpec> parse_file_handler(Keys& keys) {
    auto spec = std::make_unique<FileSpec>();
    spec->filename = read_filename(keys);
    read_file_options(keys, spec->options, true);
    return spec;
}

std::unique_ptr<HandlerSpec> parse_null_handler(Keys&) {
    return std::make_unique<NullSpec>();
}

std::unique_ptr<HandlerSpec> parse_queue_handler(Keys& keys) {
    auto spec = std::make_unique<QueueSpec>();
    for (std::string_view python_only : {"queue", "listener"})
        if (keys.get(python_only) != nullptr)
            keys.fail(python_only,
                      "names a Python object; only picolog's own queue can be configured from a file");
    spec->handlers = keys.strings("handlers").value_or(std::vector<std::string>{});
    QueueOptions& o = spec->options;
    // dictConfig's default, unlike the C API's.
    o.respect_handler_level = keys.boolean("respect_handler_level").value_or(false);
    if (auto n = keys.integer("capacity", 1, int64_t{1} << 24)) o.capacity = static_cast<size_t>(*n);
    if (auto n = keys.integer("max_bytes", 1, INT64_MAX)) o.max_bytes = static_cast<size_t>(*n);
    if (auto overflow = keys.string("overflow")) {
        if (*overflow == "block")
            o.overflow = Overflow::Block;
        else if (*overflow == "block_timeout")
            o.overflow = Overflow::BlockTimeout;
        else if (*overflow == "drop_newest")
            o.overflow = Overflow::DropNewest;
        else if (*overflow == "drop_oldest")
            o.overflow = Overflow::DropOldest;
        else
            keys.fail("overflow",
                      "expected block, block_timeout, drop_newest or drop_oldest, got \"" + *overflow + "\"");
    }
    if (auto ms = keys.integer("timeout_ms", 1, UINT32_MAX)) o.timeout = std::chrono::milliseconds(*ms);
    if (o.overflow == Overflow::BlockTimeout && o.timeout.count() == 0)
        keys.fail("timeout_ms", "missing (overflow \"block_timeout\" needs it)");
    return spec;
}

}  // namespace picolog::config
