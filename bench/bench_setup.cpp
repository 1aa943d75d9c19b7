// bench_setup.cpp - the picolog and spdlog configurations the benchmarks
// compare (see bench_setup.hpp).
#include "bench_setup.hpp"

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "bench_support.hpp"

namespace bench {

size_t stdio_buffer_size(const std::string& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || st.st_blksize <= 0) return BUFSIZ;
    return static_cast<size_t>(st.st_blksize);
}

picolog_handler* picolog_file_handler(const std::string& path, Flushing flushing, size_t buffer_size) {
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.truncate = 1;
    if (flushing == Flushing::Buffered) {
        options.flush_policy = PICOLOG_FLUSH_BUFFERED;
        options.flush_level = PICOLOG_CRITICAL;
        options.flush_interval_ms = 0;
        options.buffer_size = buffer_size;
    }
    picolog_handler* handler = nullptr;
    check(picolog_file_handler_new(&handler, path.c_str(), &options), "picolog_file_handler_new");
    picolog_formatter* formatter = nullptr;
    check(picolog_formatter_new(&formatter, kPicologPattern, nullptr, PICOLOG_STYLE_PERCENT),
          "picolog_formatter_new");
    check(picolog_handler_set_formatter(handler, formatter), "picolog_handler_set_formatter");
    picolog_formatter_release(formatter);
    return handler;
}

picolog_handler* picolog_queue_handler(picolog_handler* file, size_t capacity) {
    picolog_queue_options options = PICOLOG_QUEUE_OPTIONS_INIT;
    options.capacity = capacity;
    options.overflow = PICOLOG_OVERFLOW_BLOCK;
    picolog_handler* queue = nullptr;
    check(picolog_queue_handler_new(&queue, &options, &file, 1), "picolog_queue_handler_new");
    return queue;
}

picolog_logger* picolog_bench_logger(const char* name, picolog_handler* handler) {
    picolog_logger* logger = nullptr;
    check(picolog_get_logger(&logger, name), "picolog_get_logger");
    check(picolog_logger_clear_handlers(logger), "picolog_logger_clear_handlers");
    check(picolog_logger_set_level(logger, PICOLOG_INFO), "picolog_logger_set_level");
    check(picolog_logger_set_propagate(logger, 0), "picolog_logger_set_propagate");
    check(picolog_logger_add_handler(logger, handler), "picolog_logger_add_handler");
    return logger;
}

std::shared_ptr<spdlog::logger> spdlog_file_logger(const std::string& name, const std::string& path,
                                                   Flushing flushing) {
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
    logger->set_pattern(kSpdlogPattern);
    logger->set_level(spdlog::level::info);
    logger->flush_on(flushing == Flushing::EveryRecord ? spdlog::level::trace : spdlog::level::off);
    return logger;
}

std::shared_ptr<spdlog::logger> spdlog_async_logger(
    const std::string& name, const std::string& path,
    const std::shared_ptr<spdlog::details::thread_pool>& pool) {
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    auto logger = std::make_shared<spdlog::async_logger>(name, std::move(sink), pool,
                                                         spdlog::async_overflow_policy::block);
    logger->set_pattern(kSpdlogPattern);
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::off);
    return logger;
}

std::shared_ptr<spdlog::details::thread_pool> spdlog_pool(size_t capacity) {
    return std::make_shared<spdlog::details::thread_pool>(capacity, 1);
}

}  // namespace bench
