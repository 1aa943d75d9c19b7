// bench_sync_file.cpp - synchronous file logging, picolog's FileHandler
// against spdlog's basic_file_sink_mt, at equal flushing:
//   every record  PICOLOG_FLUSH_EVERY_RECORD vs flush_on(trace)
//   buffered      PICOLOG_FLUSH_BUFFERED (buffer = stdio's, no level or
//                 interval flush) vs spdlog's default (no flush_on)
// with 1 thread and with 4 threads sharing one handler/sink. A round logs N
// records and flushes, all inside the timed region; rounds of the two
// libraries alternate and the median rate is reported.
//
// A record written by its own write(2) cannot be faster than the write: the
// every-record cases also time that floor, a line of the same length written
// N times with write(2) and no formatting (rows sync_file_write_floor_*,
// picolog's rate as a fraction of the floor's).
#include <fcntl.h>
#include <picolog.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
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
    std::string floor_path;
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

// The floor: the length of the line picolog writes (the first of its file,
// whose lines differ only in the timestamp's digits), written with one
// write(2) per record from every thread, into a file opened as picolog's is.
double floor_round(const Case& c, const Setup& setup, size_t line_length) {
    int fd = ::open(setup.floor_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) bench::fail("open " + setup.floor_path + ": " + std::strerror(errno));
    const std::string line = std::string(line_length - 1, 'x') + '\n';
    size_t per_thread = c.records / static_cast<size_t>(c.threads);
    double seconds = bench::timed_run(
        c.threads,
        [&](int) {
            for (size_t i = 0; i < per_thread; ++i)
                if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
                    bench::fail("write " + setup.floor_path + ": " + std::strerror(errno));
        },
        [] {});
    ::close(fd);
    bench::expect_lines(setup.floor_path, per_thread * static_cast<size_t>(c.threads));
    return static_cast<double>(per_thread * static_cast<size_t>(c.threads)) / seconds;
}

size_t first_line_length(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "r");
    if (!f) bench::fail("open " + path);
    size_t n = 0;
    for (int ch; (ch = std::fgetc(f)) != EOF;) {
        ++n;
        if (ch == '\n') break;
    }
    std::fclose(f);
    if (n == 0) bench::fail(path + " is empty");
    return n;
}

std::vector<bench::Result> run_case(const Case& c, const Setup& setup) {
    // One unmeasured round each warms the page cache and the allocators.
    picolog_round(c, setup);
    spdlog_round(c, setup);
    const bool floored = c.flushing == bench::Flushing::EveryRecord;
    const size_t line_length = first_line_length(setup.picolog_path);
    std::vector<double> picolog_rates;
    std::vector<double> spdlog_rates;
    std::vector<double> floor_rates;
    for (int round = 0; round < kRounds; ++round) {
        if (round % 2 == 0) {
            picolog_rates.push_back(picolog_round(c, setup));
            spdlog_rates.push_back(spdlog_round(c, setup));
        } else {
            spdlog_rates.push_back(spdlog_round(c, setup));
            picolog_rates.push_back(picolog_round(c, setup));
        }
        if (floored) floor_rates.push_back(floor_round(c, setup, line_length));
    }
    std::vector<bench::Result> rows;
    rows.push_back(
        {c.name, "records/s", bench::median(picolog_rates), bench::median(spdlog_rates), true, 1.5, ""});
    std::printf("%-30s picolog %.3g  spdlog %.3g records/s  (%zu records, %d thread(s))\n", c.name,
                rows[0].picolog, rows[0].peer_value, c.records, c.threads);
    if (floored) {
        const double floor = bench::median(floor_rates);
        const std::string name = "sync_file_write_floor_" + std::to_string(c.threads) + "t";
        rows.push_back({name, "records/s", rows[0].picolog, floor, true, 0,
                        "write(2) of each " + std::to_string(line_length) + "-byte line, unformatted"});
        std::printf("%-30s write(2) alone %.3g records/s: picolog at %.0f%%, spdlog at %.0f%% of it\n",
                    name.c_str(), floor, 100 * rows[0].picolog / floor, 100 * rows[0].peer_value / floor);
    }
    std::fflush(stdout);
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Options options = bench::parse_options(argc, argv, "bench_sync_file");
    Setup setup{options.tmp_dir + "/sync_picolog.log", options.tmp_dir + "/sync_spdlog.log",
                options.tmp_dir + "/sync_floor.log", bench::stdio_buffer_size(options.tmp_dir)};
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
    for (const Case& c : cases)
        for (bench::Result& r : run_case(c, setup)) results.push_back(std::move(r));

    std::filesystem::remove(setup.picolog_path);
    std::filesystem::remove(setup.spdlog_path);
    std::filesystem::remove(setup.floor_path);
    return bench::write_results(options, results) ? 0 : 1;
}
