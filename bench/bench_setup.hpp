// bench_setup.hpp - builds the two sides of every comparison the same way:
// a picolog logger with a FileHandler (optionally behind a queue handler) and
// an spdlog logger with a basic_file_sink_mt (sync or async), writing the
// same line to files in the same directory.
#pragma once

#include <picolog.h>

#include <cstddef>
#include <memory>
#include <string>

namespace spdlog {
class logger;
namespace details {
class thread_pool;
}
}  // namespace spdlog

namespace bench {

enum class Flushing { EveryRecord, Buffered };

// The buffer glibc gives spdlog's FILE* for a file in `dir` (st_blksize).
// picolog's buffered FileHandler gets the same size so that both issue the
// same number of write(2) calls.
size_t stdio_buffer_size(const std::string& dir);

// A truncating FileHandler with the benchmark pattern. Buffered means: flush
// only when the buffer is full or on picolog_handler_flush (flush_level
// CRITICAL, which the benchmarks never log, and no interval). Owned.
picolog_handler* picolog_file_handler(const std::string& path, Flushing flushing, size_t buffer_size);

// A queue handler (block policy, `capacity` records) in front of `file`,
// which it takes its own reference to. Owned.
picolog_handler* picolog_queue_handler(picolog_handler* file, size_t capacity);

// The logger `name` at INFO, not propagating, with `handler` as its only
// handler (any handlers of an earlier round are detached).
picolog_logger* picolog_bench_logger(const char* name, picolog_handler* handler);

// A synchronous spdlog logger over a truncating basic_file_sink_mt, at info,
// with the benchmark pattern. EveryRecord is flush_on(trace); Buffered leaves
// flush_on at its default (off).
std::shared_ptr<spdlog::logger> spdlog_file_logger(const std::string& name, const std::string& path,
                                                   Flushing flushing);

// spdlog's async logger over a truncating basic_file_sink_mt on `pool` (block
// policy), at info, with the benchmark pattern. The logger only keeps a weak
// reference to the pool: destroying the caller's pool drains and joins it.
std::shared_ptr<spdlog::logger> spdlog_async_logger(
    const std::string& name, const std::string& path,
    const std::shared_ptr<spdlog::details::thread_pool>& pool);

// A pool with a queue of `capacity` messages and one worker thread.
std::shared_ptr<spdlog::details::thread_pool> spdlog_pool(size_t capacity);

}  // namespace bench
