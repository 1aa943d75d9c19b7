// bench_rotating_file.cpp - size-rotating files, picolog's rotating file
// handler against spdlog's rotating_file_sink_mt with the same size limit and
// file count and the same buffering (stdio's buffer size, no flush per
// record), with 1 thread and with 4 threads sharing one handler/sink. A round
// logs N records (rotating many times) and flushes inside the timed region;
// rounds alternate and the median rate is reported.
#include <picolog.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_setup.hpp"
#include "bench_support.hpp"

namespace {

constexpr int kRounds = 5;
constexpr size_t kMaxBytes = 1 << 20;  // per file
constexpr unsigned kBackups = 5;       // files kept besides the live one

struct Case {
    const char* name;
    int threads;
    size_t records;
};

void clear_dir(const std::string& dir) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
}

double picolog_round(const Case& c, const std::string& dir, size_t buffer_size) {
    clear_dir(dir);
    picolog_rotating_file_options rotation = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
    rotation.max_bytes = kMaxBytes;
    rotation.backup_count = kBackups;
    picolog_file_options file = PICOLOG_FILE_OPTIONS_INIT;
    file.flush_policy = PICOLOG_FLUSH_BUFFERED;
    file.flush_level = PICOLOG_CRITICAL;
    file.flush_interval_ms = 0;
    file.buffer_size = buffer_size;
    picolog_handler* handler = nullptr;
    bench::check(
        picolog_rotating_file_handler_new(&handler, (dir + "/app.log").c_str(), &rotation, &file, nullptr),
        "picolog_rotating_file_handler_new");
    picolog_formatter* formatter = nullptr;
    bench::check(picolog_formatter_new(&formatter, bench::kPicologPattern, nullptr, PICOLOG_STYLE_PERCENT),
                 "picolog_formatter_new");
    bench::check(picolog_handler_set_formatter(handler, formatter), "picolog_handler_set_formatter");
    picolog_formatter_release(formatter);
    picolog_logger* logger = bench::picolog_bench_logger("bench.rotating", handler);
    size_t per_thread = c.records / static_cast<size_t>(c.threads);
    double seconds = bench::timed_run(
        c.threads,
        [&](int) {
            for (size_t i = 0; i < per_thread; ++i) picolog_log(logger, PICOLOG_INFO, bench::kMessage);
        },
        [&] { bench::check(picolog_handler_flush(handler), "picolog_handler_flush"); });
    bench::check(picolog_logger_remove_handler(logger, handler), "picolog_logger_remove_handler");
    picolog_handler_release(handler);
    return static_cast<double>(per_thread * static_cast<size_t>(c.threads)) / seconds;
}

double spdlog_round(const Case& c, const std::string& dir) {
    clear_dir(dir);
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(dir + "/app.log", kMaxBytes, kBackups);
    auto logger = std::make_shared<spdlog::logger>("bench.rotating", std::move(sink));
    logger->set_pattern(bench::kSpdlogPattern);
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::off);
    size_t per_thread = c.records / static_cast<size_t>(c.threads);
    double seconds = bench::timed_run(
        c.threads,
        [&](int) {
            for (size_t i = 0; i < per_thread; ++i) logger->info(bench::kMessage);
        },
        [&] { logger->flush(); });
    return static_cast<double>(per_thread * static_cast<size_t>(c.threads)) / seconds;
}

bench::Result run_case(const Case& c, const std::string& tmp, size_t buffer_size) {
    std::string ours = tmp + "/rotating_picolog", theirs = tmp + "/rotating_spdlog";
    picolog_round(c, ours, buffer_size);
    spdlog_round(c, theirs);
    std::vector<double> picolog_rates, spdlog_rates;
    for (int round = 0; round < kRounds; ++round) {
        if (round % 2 == 0) {
            picolog_rates.push_back(picolog_round(c, ours, buffer_size));
            spdlog_rates.push_back(spdlog_round(c, theirs));
        } else {
            spdlog_rates.push_back(spdlog_round(c, theirs));
            picolog_rates.push_back(picolog_round(c, ours, buffer_size));
        }
    }
    std::filesystem::remove_all(ours);
    std::filesystem::remove_all(theirs);
    bench::Result r{c.name, "records/s", bench::median(picolog_rates), bench::median(spdlog_rates), true,
                    1.5,    ""};
    std::printf(
        "%-20s picolog %.3g  spdlog %.3g records/s  (%zu records, %d thread(s), %zu-byte files x %u)\n",
        c.name, r.picolog, r.peer_value, c.records, c.threads, kMaxBytes, kBackups + 1);
    std::fflush(stdout);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Options options = bench::parse_options(argc, argv, "bench_rotating_file");
    size_t buffer_size = bench::stdio_buffer_size(options.tmp_dir);
    const size_t records = bench::scaled(400000, options.scale);
    const Case cases[] = {{"rotating_file_1t", 1, records}, {"rotating_file_4t", 4, records}};
    std::vector<bench::Result> results;
    for (const Case& c : cases) results.push_back(run_case(c, options.tmp_dir, buffer_size));
    return bench::write_results(options, results) ? 0 : 1;
}
