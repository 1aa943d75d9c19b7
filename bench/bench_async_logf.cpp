// bench_async_logf.cpp - what one printf-style asynchronous log call costs
// the thread that makes it: picolog_logf(lg, INFO, "iteration %d int %d
// double %.2f", ...) into a queue handler (block policy, capacity 8192, a
// buffered FileHandler behind it), whose listener formats, against spdlog's
// async logger with "iteration {} int {} double {:.2f}" (spdlog formats at
// the call; one worker, same queue size, basic_file_sink_mt).
//
// Paced like bench_async_latency (bursts of 64, 200k records/s over all
// producers), every call bracketed by TSC reads. The floor row compares the
// call with the bare timestamped copy of the arguments into a ring.
#include <picolog.h>
#include <spdlog/async.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench_setup.hpp"
#include "bench_support.hpp"
#include "cycle_clock.hpp"

namespace {

constexpr size_t kCapacity = 8192;
constexpr size_t kBurst = 64;
constexpr double kRecordsPerSecond = 200000;
constexpr int kRounds = 3;

// The shared paced loop (bench_support.hpp) at this program's rate.
template <typename LogOne>
void paced(std::vector<uint64_t>& samples, int producers, LogOne log_one) {
    bench::paced_calls(samples, producers, kBurst, kRecordsPerSecond, log_one);
}

void picolog_round(int producers, size_t per_producer, const std::string& path, size_t buffer,
                   bench::Samples& samples) {
    picolog_handler* file = bench::picolog_file_handler(path, bench::Flushing::Buffered, buffer);
    picolog_handler* queue = bench::picolog_queue_handler(file, kCapacity);
    picolog_handler_release(file);
    picolog_logger* logger = bench::picolog_bench_logger("bench.async_logf", queue);
    bench::timed_run(
        producers,
        [&](int t) {
            paced(samples[static_cast<size_t>(t)], producers, [&](int i) {
                picolog_logf(logger, PICOLOG_INFO, "iteration %d int %d double %.2f", i, t, i * 0.5);
            });
        },
        [&] { bench::check(picolog_handler_flush(queue), "picolog_handler_flush"); });
    bench::expect_lines(path, static_cast<uint64_t>(producers) * per_producer);
    bench::check(picolog_logger_remove_handler(logger, queue), "picolog_logger_remove_handler");
    picolog_handler_release(queue);
}

void spdlog_round(int producers, size_t per_producer, const std::string& path, bench::Samples& samples) {
    auto pool = bench::spdlog_pool(kCapacity);
    auto logger = bench::spdlog_async_logger("bench.async_logf", path, pool);
    bench::timed_run(
        producers,
        [&](int t) {
            paced(samples[static_cast<size_t>(t)], producers,
                  [&](int i) { logger->info("iteration {} int {} double {:.2f}", i, t, i * 0.5); });
        },
        [&] {
            logger->flush();
            pool.reset();  // drains the queue and joins the worker
        });
    bench::expect_lines(path, static_cast<uint64_t>(producers) * per_producer);
}

// The least a deferred call can do: read the TSC, copy the format's address,
// the level and the three arguments into a ring slot, publish it with a
// release store; nobody reads the ring. Timed the same way.
double floor_p50(const bench::TickScale& scale) {
    struct alignas(64) Slot {
        std::atomic<uint64_t> seq;
        uint64_t ticks;
        const char* format;
        uint32_t level;
        int a, b;
        double c;
    };
    std::vector<Slot> ring(kCapacity);
    uint64_t tail = 0;
    bench::Samples samples = bench::make_samples(1, 60000);
    paced(samples[0], 1, [&](int i) {
        Slot& s = ring[tail % kCapacity];
        s.ticks = bench::ticks_unfenced();
        s.format = "iteration %d int %d double %.2f";
        s.level = 20;
        s.a = i;
        s.b = 0;
        s.c = i * 0.5;
        s.seq.store(2 * tail + 1, std::memory_order_release);
        ++tail;
    });
    std::vector<double> ns;
    bench::append_ns(ns, samples, scale);
    std::sort(ns.begin(), ns.end());
    return bench::quantile_sorted(ns, 0.5);
}

}  // namespace

int main(int argc, char** argv) {
    bench::Options options = bench::parse_options(argc, argv, "bench_async_logf");
    const bench::TickScale scale = bench::calibrate_ticks();
    const std::string picolog_path = options.tmp_dir + "/async_logf_picolog.log";
    const std::string spdlog_path = options.tmp_dir + "/async_logf_spdlog.log";
    const size_t buffer = bench::stdio_buffer_size(options.tmp_dir);
    const size_t calls = bench::scaled(240000, options.scale);

    std::vector<bench::Result> results;
    double p50_1t = 0;
    for (int producers : {1, 4}) {
        const size_t per_producer = std::max<size_t>(1000, calls / static_cast<size_t>(producers * kRounds));
        std::vector<double> picolog_ns, spdlog_ns;
        for (int round = 0; round < kRounds; ++round) {
            bench::Samples ps = bench::make_samples(producers, per_producer),
                           ss = bench::make_samples(producers, per_producer);
            if (round % 2 == 0) {
                picolog_round(producers, per_producer, picolog_path, buffer, ps);
                spdlog_round(producers, per_producer, spdlog_path, ss);
            } else {
                spdlog_round(producers, per_producer, spdlog_path, ss);
                picolog_round(producers, per_producer, picolog_path, buffer, ps);
            }
            bench::append_ns(picolog_ns, ps, scale);
            bench::append_ns(spdlog_ns, ss, scale);
        }
        std::sort(picolog_ns.begin(), picolog_ns.end());
        std::sort(spdlog_ns.begin(), spdlog_ns.end());
        const double p50 = bench::quantile_sorted(picolog_ns, 0.5);
        if (producers == 1) p50_1t = p50;
        std::printf("%d producer(s): %zu calls each side; p99 picolog %.1f ns, spdlog %.1f ns\n", producers,
                    picolog_ns.size(), bench::quantile_sorted(picolog_ns, 0.99),
                    bench::quantile_sorted(spdlog_ns, 0.99));
        results.push_back({"async_logf_p50_" + std::to_string(producers) + "t", "ns", p50,
                           bench::quantile_sorted(spdlog_ns, 0.5), false, 0, ""});
    }
    const double floor = floor_p50(scale);
    std::printf("floor: a bare timestamped copy of the call into a ring, p50 %.1f ns\n", floor);
    // Speedup = floor / call: 0.5 is "within 2x of the floor".
    results.push_back({"async_logf_floor_p50_1t", "ns", p50_1t, floor, false, 0.5, "bare copy into a ring"});

    std::filesystem::remove(picolog_path);
    std::filesystem::remove(spdlog_path);
    return bench::write_results(options, results) ? 0 : 1;
}
