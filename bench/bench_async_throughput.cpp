// bench_async_throughput.cpp - end-to-end asynchronous throughput: 4 threads
// log N records as fast as they can through picolog's queue handler and
// through spdlog's async logger (same queue size, one worker, block policy,
// buffered file behind both), and the clock stops only when every record is
// in the file.
//
// "In the file" means written to the kernel (no fsync on either side):
//   picolog  picolog_handler_flush(queue) returns once everything enqueued
//            before it has been written and the FileHandler flushed;
//   spdlog   logger->flush() only enqueues a flush message, so the round then
//            destroys the thread pool, whose destructor queues a terminate
//            message behind it and joins the worker: when it returns, the
//            records and the flush before them have been processed.
#include <picolog.h>
#include <spdlog/async.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_setup.hpp"
#include "bench_support.hpp"

namespace {

constexpr size_t kCapacity = 8192;
constexpr int kThreads = 4;
constexpr int kRounds = 5;

double picolog_round(size_t per_thread, const std::string& path, size_t buffer) {
    picolog_handler* file = bench::picolog_file_handler(path, bench::Flushing::Buffered, buffer);
    picolog_handler* queue = bench::picolog_queue_handler(file, kCapacity);
    picolog_handler_release(file);
    picolog_logger* logger = bench::picolog_bench_logger("bench.async", queue);
    double seconds = bench::timed_run(
        kThreads,
        [&](int) {
            for (size_t i = 0; i < per_thread; ++i) picolog_log(logger, PICOLOG_INFO, bench::kMessage);
        },
        [&] { bench::check(picolog_handler_flush(queue), "picolog_handler_flush"); });
    bench::expect_lines(path, per_thread * kThreads);
    bench::check(picolog_logger_remove_handler(logger, queue), "picolog_logger_remove_handler");
    picolog_handler_release(queue);
    return static_cast<double>(per_thread * kThreads) / seconds;
}

double spdlog_round(size_t per_thread, const std::string& path) {
    auto pool = bench::spdlog_pool(kCapacity);
    auto logger = bench::spdlog_async_logger("bench.async", path, pool);
    double seconds = bench::timed_run(
        kThreads,
        [&](int) {
            for (size_t i = 0; i < per_thread; ++i) logger->info(bench::kMessage);
        },
        [&] {
            logger->flush();
            pool.reset();
        });
    bench::expect_lines(path, per_thread * kThreads);
    return static_cast<double>(per_thread * kThreads) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Options options = bench::parse_options(argc, argv, "bench_async_throughput");
    const std::string picolog_path = options.tmp_dir + "/async_throughput_picolog.log";
    const std::string spdlog_path = options.tmp_dir + "/async_throughput_spdlog.log";
    const size_t buffer = bench::stdio_buffer_size(options.tmp_dir);
    const size_t per_thread = bench::scaled(400000, options.scale) / kThreads;

    picolog_round(per_thread / 4, picolog_path, buffer);
    spdlog_round(per_thread / 4, spdlog_path);
    std::vector<double> picolog_rates;
    std::vector<double> spdlog_rates;
    for (int round = 0; round < kRounds; ++round) {
        if (round % 2 == 0) {
            picolog_rates.push_back(picolog_round(per_thread, picolog_path, buffer));
            spdlog_rates.push_back(spdlog_round(per_thread, spdlog_path));
        } else {
            spdlog_rates.push_back(spdlog_round(per_thread, spdlog_path));
            picolog_rates.push_back(picolog_round(per_thread, picolog_path, buffer));
        }
    }
    std::printf("%zu records from %d threads per round, queue capacity %zu, %d rounds\n",
                per_thread * kThreads, kThreads, kCapacity, kRounds);
    std::vector<bench::Result> results = {{"async_throughput_4t", "records/s", bench::median(picolog_rates),
                                           bench::median(spdlog_rates), true, 1.5, ""}};

    std::filesystem::remove(picolog_path);
    std::filesystem::remove(spdlog_path);
    return bench::write_results(options, results) ? 0 : 1;
}
