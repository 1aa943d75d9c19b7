// bench_context.cpp - what the per-thread context costs:
//   context_push_pop_4_fields   one picolog_context_push of 4 fields and its
//                               picolog_context_pop, against the 50 ns goal
//   context_record_4_fields_*   the rate of records logged with 4 context
//                               fields against the same records without, to
//                               a buffered file (sync) and through a queue
//                               in front of it (async; default lanes, and
//                               lanes of 512-byte slots); goal: at most 10%
//                               slower. The line is the same in both (the
//                               pattern does not print the fields), so the
//                               rows measure the merge and the copy alone.
// Each row reports its fastest round: on a shared machine, preemption and
// other processes only ever add time, and these rows compare small costs.
#include <picolog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_setup.hpp"
#include "bench_support.hpp"

namespace {

constexpr int kRounds = 7;
constexpr int kPushPopRounds = 31;

double fastest(const std::vector<double>& values, bool higher_is_better) {
    return higher_is_better ? *std::max_element(values.begin(), values.end())
                            : *std::min_element(values.begin(), values.end());
}

const picolog_field kContext[] = {
    {"request_id", "4bf92f3577b34da6a3ce929d0e0e4736"},
    {"user", "ada"},
    {"tenant", "acme"},
    {"route", "/api/v1/items"},
};

double push_pop_ns(size_t pairs) {
    picolog_context_token token = 0;
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; i < pairs; ++i) {
        if (picolog_context_push(kContext, 4, &token) != 0) bench::fail("picolog_context_push");
        if (picolog_context_pop(token) != 0) bench::fail("picolog_context_pop");
    }
    std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count() / static_cast<double>(pairs);
}

// One round of `records` records on this thread, with or without context;
// returns records/s including the final flush.
double log_round(picolog_logger* logger, picolog_handler* flushed, const std::string& path, size_t records,
                 bool with_context) {
    // The body runs on a fresh thread, whose context starts empty.
    picolog_context_token token = 0;
    double seconds = bench::timed_run(
        1,
        [&](int) {
            if (with_context) bench::check(picolog_context_push(kContext, 4, &token), "picolog_context_push");
            for (size_t i = 0; i < records; ++i) picolog_log(logger, PICOLOG_INFO, bench::kMessage);
            if (with_context) bench::check(picolog_context_pop(token), "picolog_context_pop");
        },
        [&] { bench::check(picolog_handler_flush(flushed), "picolog_handler_flush"); });
    bench::expect_lines(path, records);
    return static_cast<double>(records) / seconds;
}

bench::Result record_row(const char* name, const std::string& path, size_t buffer, size_t records,
                         size_t queue_capacity) {
    std::vector<double> with, without;
    for (int round = -1; round < kRounds; ++round) {
        for (bool ctx : {round % 2 == 0, round % 2 != 0}) {
            picolog_handler* file = bench::picolog_file_handler(path, bench::Flushing::Buffered, buffer);
            const bool async = queue_capacity != 0;
            picolog_handler* top = async ? bench::picolog_queue_handler(file, queue_capacity) : file;
            picolog_logger* logger = bench::picolog_bench_logger("bench.context", top);
            double rate = log_round(logger, top, path, records, ctx);
            bench::check(picolog_logger_remove_handler(logger, top), "picolog_logger_remove_handler");
            if (async) picolog_handler_release(top);
            picolog_handler_release(file);
            if (round >= 0) (ctx ? with : without).push_back(rate);
        }
    }
    bench::Result r{name, "records/s", fastest(with, true),      fastest(without, true),
                    true, 0.9,         "picolog without context"};
    std::printf("%-34s with %.3g  without %.3g records/s (%zu records)\n", name, r.picolog, r.peer_value,
                records);
    std::fflush(stdout);
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    bench::Options options = bench::parse_options(argc, argv, "bench_context");
    std::vector<bench::Result> results;

    const size_t pairs = bench::scaled(2000000, options.scale) / kPushPopRounds;
    push_pop_ns(pairs);  // warm: the first push allocates the thread's stack
    std::vector<double> costs;
    for (int round = 0; round < kPushPopRounds; ++round) costs.push_back(push_pop_ns(pairs));
    bench::Result push_pop{
        "context_push_pop_4_fields", "ns", fastest(costs, false), 50, false, 1.0, "goal 50 ns"};
    std::printf("%-34s %.1f ns per pair\n", push_pop.name.c_str(), push_pop.picolog);
    results.push_back(push_pop);

    const std::string path = options.tmp_dir + "/context.log";
    const size_t buffer = bench::stdio_buffer_size(options.tmp_dir);
    const size_t records = bench::scaled(400000, options.scale);
    results.push_back(record_row("context_record_4_fields_sync", path, buffer, records, 0));
    // The default queue (8192 records a lane) has 256-byte slots: a record
    // with these 4 fields no longer fits one and takes the heap path. With
    // 1024 records a lane, slots are 512 bytes and it fits.
    results.push_back(record_row("context_record_4_fields_async", path, buffer, records, 8192));
    results.push_back(record_row("context_record_4_fields_async_512b_slots", path, buffer, records, 1024));
    std::filesystem::remove(path);
    return bench::write_results(options, results) ? 0 : 1;
}
