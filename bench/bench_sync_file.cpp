// bench_sync_file.cpp - synchronous file logging, picolog's FileHandler
// against spdlog's basic_file_sink_mt, at equal flushing:
//   every record  PICOLOG_FLUSH_EVERY_RECORD vs flush_on(trace)
//   buffered      PICOLOG_FLUSH_BUFFERED (buffer = stdio's, no level or
//                 interval flush) vs spdlog's default (no flush_on)
// with 1 thread and with 4 threads sharing one handler/sink. A round logs N
// records and flushes, all inside the timed region; rounds of the two
// libraries alternate and the median rate is reported.
#include <picolog.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_setup.hpp"
#include "bench_support.hpp"

namespace {

constexpr int kRounds = 5;

struct Case {
    const char* name;
    bench::Flushing flushing;
    int threads;
    size_t records;  // in all threads together
};

struct Setup {
    std::string picolog_path;
    std::string spdlog_path;
    size_t buffer_size;
};

double picolog_round(const Case& c, const Setup& setup) {
    picolog_handler* handler = bench::picolog_file_handler(setup.picolog_path, c.flushing, setup.buffer_size);
    picolog_logger* logger = bench::picolog_bench_logger("bench.sync", handler);
    size_t per_thread = c.records / static_cast<size_t>(c.threads);
    double seconds = bench::timed_run(
        c.threads,
        [&](int) {
            for (size_t i = 0; i < per_thread; ++i) picolog_log(logger, PICOLOG_INFO, bench::kMessage);
        },
        [&] { bench::check(picolog_handler_flush(handler), "picolog_handler_flush"); });
    bench::check(picolog_logger_remove_handler(logger, handler), "picolog_logger_remove_handler");
    picolog_handler_release(handler);
    bench::expect_lines(setup.picolog_path, per_thread * static_cast<size_t>(c.threads));
    return static_cast<double>(per_thread * static_cast<size_t>(c.threads)) / seconds;
}

double spdlog_round(const Case& c, const Setup& setup) {
    auto logger = bench::spdlog_file_logger("bench.sync", setup.spdlog_path, c.flushing);
    size_t per_thread = c.records / static_cast<size_t>(c.threads);
    double seconds = bench::timed_run(
        c.threads,
        [&](int) {
            for (size_t i = 0; i < per_thread; ++i) logger->info(bench::kMessage);
        },
        [&] { logger->flush(); });
    logger.reset();
    bench::expect_lines(setup.spdlog_path, per_thread * static_cast<size_t>(c.threads));
    return static_cast<double>(per_thread * static_cast<size_t>(c.threads)) / seconds;
}

bench::Result run_case(const Case& c, const Setup& setup) {
    // One unmeasured round each warms the page cache and the allocators.
    picolog_round(c, setup);
    spdlog_round(c, setup);
    std::vector<double> picolog_rates;
    std::vector<double> spdlog_rates;
    for (int round = 0; round < kRounds; ++round) {
        if (round % 2 == 0) {
            picolog_rates.push_back(picolog_round(c, setup));
            spdlog_rates.push_back(spdlog_round(c, setup));
        } else {
            spdlog_rates.push_back(spdlog_round(c, setup));
            picolog_rates.push_back(picolog_round(c, setup));
        }
    }
    bench::Result r{c.name, "records/s", bench::median(picolog_rates), bench::median(spdlog_rates), true,
                    1.5,    ""};
    std::printf("%-30s picolog %.3g  spdlog %.3g records/s  (%zu records, %d thread(s))\n", c.name, r.picolog,
                r.peer_value, c.records, c.threads);
    std::fflush(stdout);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Options options = bench::parse_options(argc, argv, "bench_sync_file");
    Setup setup{options.tmp_dir + "/sync_picolog.log", options.tmp_dir + "/sync_spdlog.log",
                bench::stdio_buffer_size(options.tmp_dir)};
    std::printf("log files in %s; buffered mode uses %zu-byte buffers on both sides\n",
                options.tmp_dir.c_str(), setup.buffer_size);

    const size_t every = bench::scaled(100000, options.scale);
    const size_t buffered = bench::scaled(400000, options.scale);
    const Case cases[] = {
        {"sync_file_every_record_1t", bench::Flushing::EveryRecord, 1, every},
        {"sync_file_every_record_4t", bench::Flushing::EveryRecord, 4, every},
        {"sync_file_buffered_1t", bench::Flushing::Buffered, 1, buffered},
        {"sync_file_buffered_4t", bench::Flushing::Buffered, 4, buffered},
    };
    std::vector<bench::Result> results;
    for (const Case& c : cases) results.push_back(run_case(c, setup));

    std::filesystem::remove(setup.picolog_path);
    std::filesystem::remove(setup.spdlog_path);
    return bench::write_results(options, results) ? 0 : 1;
}
