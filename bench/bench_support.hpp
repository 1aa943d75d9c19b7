// bench_support.hpp - what every picolog benchmark program shares: the
// command line, the result rows written as a JSON fragment for
// scripts/merge_bench.py, the peer's name, statistics, timing of threaded
// rounds, the paced, TSC-timed call loop of the latency benchmarks, and the
// pattern and message both libraries are measured with.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "cycle_clock.hpp"

namespace bench {

// The log line both libraries write, in each one's own pattern syntax.
inline constexpr const char* kPicologPattern = "%(asctime)s %(levelname)s %(name)s: %(message)s";
inline constexpr const char* kSpdlogPattern = "%Y-%m-%d %H:%M:%S,%e %l %n: %v";
// A typical already-formatted message (picolog receives the final bytes; spdlog
// gets the same bytes as a plain string, so neither side runs a formatter).
inline constexpr const char* kMessage = "request handled: user=42 path=/api/v1/items status=200 bytes=5120";

struct Options {
    std::string out;      // --out: where the JSON fragment goes ("" = stdout only)
    std::string tmp_dir;  // --tmp: directory for the log files (created if missing)
    double scale = 1.0;   // --scale: multiplies every record count (quick runs: 0.1)
};

// Parses --out PATH, --tmp DIR and --scale X; exits with a usage message on
// anything else.
Options parse_options(int argc, char** argv, const char* program);

// One row of results.json. `higher_is_better` says whether the unit is a rate
// (records/s) or a cost (ns); the speedup is computed from it so that a value
// above 1 always means picolog wins. goal 0 means the issue set no goal.
struct Result {
    std::string name;
    std::string unit;
    double picolog = 0;
    double peer_value = 0;
    bool higher_is_better = false;
    double goal = 0;
    std::string peer;  // empty: spdlog_name()

    double speedup() const;
};

// "spdlog 1.10.0", from the headers the program was built with.
std::string spdlog_name();

// Writes the rows as a JSON list to options.out (if set) and prints them as a
// table on stdout. Returns false (after a message) if the file cannot be written.
bool write_results(const Options& options, const std::vector<Result>& results);

double median(std::vector<double> values);

// The nearest-rank value at quantile q (0..1) of an already sorted vector.
double quantile_sorted(const std::vector<double>& sorted, double q);

// A record count multiplied by --scale, at least 1000 so that a quick run
// still measures something.
size_t scaled(size_t total, double scale);

// Runs `body` on `threads` new threads released together, then `finish` on
// the calling thread, and returns the seconds from the release until `finish`
// returned. Thread creation is outside the timed region.
double timed_run(int threads, const std::function<void(int thread_index)>& body,
                 const std::function<void()>& finish);

// Fails unless the file holds exactly `records` lines: the check that every
// record of a round reached it.
void expect_lines(const std::string& path, uint64_t records);

// Exits with status 1 and a message naming what failed (a benchmark whose
// setup failed has nothing honest to report).
[[noreturn]] void fail(const std::string& what);

// Checks a picolog status code, failing with picolog_last_error() otherwise.
void check(int status, const char* what);

// Call latencies, in ticks: one vector per producer, one delta per call.
using Samples = std::vector<std::vector<uint64_t>>;

Samples make_samples(int producers, size_t per_producer);

// Makes `samples.size()` calls log_one(i) (i = the call's index) in paced
// bursts of `burst`, `producers` threads together making `records_per_second`,
// each call bracketed by TSC reads. A burst that starts late is not made up
// for: the schedule restarts from now, so a stall never turns into a larger
// burst. Inline, so that the call timed is the only call in the loop.
template <typename LogOne>
void paced_calls(std::vector<uint64_t>& samples, int producers, size_t burst, double records_per_second,
                 LogOne log_one) {
    using clock = std::chrono::steady_clock;
    const auto interval = std::chrono::duration_cast<clock::duration>(
        std::chrono::duration<double>(static_cast<double>(burst) * producers / records_per_second));
    auto next = clock::now();
    size_t i = 0;
    while (i < samples.size()) {
        const size_t end = std::min(samples.size(), i + burst);
        for (; i < end; ++i) {
            const uint64_t t0 = ticks();
            log_one(static_cast<int>(i));
            const uint64_t t1 = ticks();
            samples[i] = t1 - t0;
        }
        next += interval;
        const auto now = clock::now();
        if (next > now)
            std::this_thread::sleep_until(next);
        else
            next = now;
    }
}

// Appends every sample of every producer, in ns.
void append_ns(std::vector<double>& all, const Samples& samples, const TickScale& scale);

}  // namespace bench
