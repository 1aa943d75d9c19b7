// bench_async_latency.cpp - what one asynchronous log call costs the thread
// that makes it: picolog's queue handler (block policy, capacity 8192, a
// buffered FileHandler behind it) against spdlog's async logger (a thread
// pool with the same queue size, one worker, block policy, basic_file_sink_mt).
//
// Producers log at a steady paced rate, in bursts of 64 records, 200k
// records/s over all producers together: far below what either worker
// drains, so the queue never fills and the figures are the call itself, not
// back-pressure (picolog's high-water mark is printed to show it). Every call
// is bracketed by TSC reads into a preallocated array; the percentiles pool
// the calls of every producer over the rounds.
#include <picolog.h>
#include <spdlog/async.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
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
void paced_producer(std::vector<uint64_t>& samples, int producers, LogOne log_one) {
    bench::paced_calls(samples, producers, kBurst, kRecordsPerSecond, log_one);
}

uint64_t picolog_round(int producers, size_t per_producer, const std::string& path, size_t buffer,
                       bench::Samples& samples) {
    picolog_handler* file = bench::picolog_file_handler(path, bench::Flushing::Buffered, buffer);
    picolog_handler* queue = bench::picolog_queue_handler(file, kCapacity);
    picolog_handler_release(file);
    picolog_logger* logger = bench::picolog_bench_logger("bench.async", queue);
    bench::timed_run(
        producers,
        [&](int t) {
            paced_producer(samples[static_cast<size_t>(t)], producers,
                           [&](int) { picolog_log(logger, PICOLOG_INFO, bench::kMessage); });
        },
        [&] { bench::check(picolog_handler_flush(queue), "picolog_handler_flush"); });
    picolog_queue_stats stats{};
    bench::check(picolog_queue_handler_stats(queue, &stats, sizeof stats), "picolog_queue_handler_stats");
    bench::expect_lines(path, static_cast<uint64_t>(producers) * per_producer);
    bench::check(picolog_logger_remove_handler(logger, queue), "picolog_logger_remove_handler");
    picolog_handler_release(queue);
    return stats.high_water;
}

void spdlog_round(int producers, size_t per_producer, const std::string& path, bench::Samples& samples) {
    auto pool = bench::spdlog_pool(kCapacity);
    auto logger = bench::spdlog_async_logger("bench.async", path, pool);
    bench::timed_run(
        producers,
        [&](int t) {
            paced_producer(samples[static_cast<size_t>(t)], producers,
                           [&](int) { logger->info(bench::kMessage); });
        },
        [&] {
            logger->flush();
            pool.reset();  // the pool's destructor drains the queue and joins the worker
        });
    bench::expect_lines(path, static_cast<uint64_t>(producers) * per_producer);
}

// The least any timestamped asynchronous log call can do, for reference: read
// the TSC, copy the message and a small header into a ring slot and publish
// it with a release store, inline, with nobody reading the ring. Timed the
// same way as the two loggers.
double floor_p50(const bench::TickScale& scale) {
    struct alignas(64) Slot {
        std::atomic<uint64_t> seq;
        uint64_t ticks;
        uint32_t level;
        uint32_t length;
        char message[232];
    };
    std::vector<Slot> ring(kCapacity);
    const size_t length = std::strlen(bench::kMessage);
    uint64_t tail = 0;
    bench::Samples samples = bench::make_samples(1, 60000);
    paced_producer(samples[0], 1, [&](int) {
        Slot& s = ring[tail % kCapacity];
        s.ticks = bench::ticks_unfenced();
        s.level = 20;
        s.length = static_cast<uint32_t>(length);
        std::memcpy(s.message, bench::kMessage, length);
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
    bench::Options options = bench::parse_options(argc, argv, "bench_async_latency");
    const bench::TickScale scale = bench::calibrate_ticks();
    std::printf("tick = %.4f ns, timer overhead %.1f ns (subtracted from every sample)\n", scale.ns_per_tick,
                scale.overhead_ns);
    const std::string picolog_path = options.tmp_dir + "/async_latency_picolog.log";
    const std::string spdlog_path = options.tmp_dir + "/async_latency_spdlog.log";
    const size_t buffer = bench::stdio_buffer_size(options.tmp_dir);
    const size_t calls = bench::scaled(240000, options.scale);  // per producer count, over all rounds

    std::vector<bench::Result> results;
    for (int producers : {1, 2, 4}) {
        const size_t per_producer = std::max<size_t>(1000, calls / static_cast<size_t>(producers * kRounds));
        std::vector<double> picolog_ns;
        std::vector<double> spdlog_ns;
        uint64_t high_water = 0;
        for (int round = 0; round < kRounds; ++round) {
            bench::Samples picolog_samples = bench::make_samples(producers, per_producer);
            bench::Samples spdlog_samples = bench::make_samples(producers, per_producer);
            if (round % 2 == 0) {
                high_water = std::max(high_water, picolog_round(producers, per_producer, picolog_path, buffer,
                                                                picolog_samples));
                spdlog_round(producers, per_producer, spdlog_path, spdlog_samples);
            } else {
                spdlog_round(producers, per_producer, spdlog_path, spdlog_samples);
                high_water = std::max(high_water, picolog_round(producers, per_producer, picolog_path, buffer,
                                                                picolog_samples));
            }
            bench::append_ns(picolog_ns, picolog_samples, scale);
            bench::append_ns(spdlog_ns, spdlog_samples, scale);
        }
        std::sort(picolog_ns.begin(), picolog_ns.end());
        std::sort(spdlog_ns.begin(), spdlog_ns.end());
        std::printf("%d producer(s): %zu calls each side, picolog queue high-water %llu of %zu\n", producers,
                    picolog_ns.size(), static_cast<unsigned long long>(high_water), kCapacity);
        const struct {
            const char* name;
            double q;
            double goal;
        } quantiles[] = {
            {"async_latency_p50", 0.5, 10}, {"async_latency_p99", 0.99, 0}, {"async_latency_p999", 0.999, 5}};
        for (const auto& q : quantiles) {
            char name[64];
            std::snprintf(name, sizeof name, "%s_%dt", q.name, producers);
            results.push_back({name, "ns", bench::quantile_sorted(picolog_ns, q.q),
                               bench::quantile_sorted(spdlog_ns, q.q), false, q.goal, ""});
        }
    }

    std::printf(
        "for reference, a bare timestamped copy into a ring (the floor of any async log call): "
        "p50 %.1f ns\n",
        floor_p50(scale));

    std::filesystem::remove(picolog_path);
    std::filesystem::remove(spdlog_path);
    return bench::write_results(options, results) ? 0 : 1;
}
