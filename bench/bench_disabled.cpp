// bench_disabled.cpp - the cost of a log call below the logger's level: a
// logger at INFO receives DEBUG calls. picolog is measured through the C API
// (picolog_log) and through the threshold pointer (PICOLOG_ENABLED, then no
// call at all); the peer is spdlog's logger->debug() with its level at info.
// Google Benchmark picks the iteration counts; each figure is the median of
// its repetitions.
#include <benchmark/benchmark.h>
#include <picolog.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>

#include "bench_setup.hpp"
#include "bench_support.hpp"

namespace {

picolog_logger* g_picolog = nullptr;
const volatile int32_t* g_threshold = nullptr;
std::shared_ptr<spdlog::logger> g_spdlog;

void picolog_capi_call(benchmark::State& state) {
    picolog_logger* logger = g_picolog;
    for (auto _ : state) {
        benchmark::DoNotOptimize(picolog_log(logger, PICOLOG_DEBUG, bench::kMessage));
    }
}

void picolog_threshold_check(benchmark::State& state) {
    picolog_logger* logger = g_picolog;
    const volatile int32_t* threshold = g_threshold;
    for (auto _ : state) {
        if (PICOLOG_ENABLED(threshold, PICOLOG_DEBUG)) {
            benchmark::DoNotOptimize(picolog_log(logger, PICOLOG_DEBUG, bench::kMessage));
        }
    }
}

void spdlog_debug_call(benchmark::State& state) {
    spdlog::logger* logger = g_spdlog.get();
    for (auto _ : state) {
        logger->debug(bench::kMessage);
        benchmark::ClobberMemory();
    }
}

// Keeps the console output and remembers the median time of each benchmark.
class MedianCollector : public benchmark::ConsoleReporter {
public:
    MedianCollector() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Color : OO_None) {}

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median" && !run.error_occurred) {
                medians_[run.run_name.function_name] = run.GetAdjustedRealTime();
            }
        }
    }

    double ns(const std::string& name) const {
        auto it = medians_.find(name);
        if (it == medians_.end()) bench::fail("no median reported for " + name);
        return it->second;
    }

private:
    std::map<std::string, double> medians_;
};

void register_benchmark(const char* name, void (*fn)(benchmark::State&)) {
    benchmark::RegisterBenchmark(name, fn)
        ->Unit(benchmark::kNanosecond)
        ->MinTime(0.2)
        ->Repetitions(7)
        ->ReportAggregatesOnly(true);
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    bench::Options options = bench::parse_options(argc, argv, "bench_disabled");

    picolog_handler* null_handler = nullptr;
    bench::check(picolog_null_handler_new(&null_handler), "picolog_null_handler_new");
    g_picolog = bench::picolog_bench_logger("bench.disabled", null_handler);
    g_threshold = picolog_logger_threshold_ptr(g_picolog);
    if (picolog_logger_is_enabled_for(g_picolog, PICOLOG_DEBUG)) bench::fail("DEBUG is enabled at INFO");

    g_spdlog =
        std::make_shared<spdlog::logger>("bench.disabled", std::make_shared<spdlog::sinks::null_sink_mt>());
    g_spdlog->set_level(spdlog::level::info);

    register_benchmark("picolog_capi_call", picolog_capi_call);
    register_benchmark("picolog_threshold_check", picolog_threshold_check);
    register_benchmark("spdlog_debug_call", spdlog_debug_call);
    MedianCollector reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    double spdlog_ns = reporter.ns("spdlog_debug_call");
    std::vector<bench::Result> results = {
        {"disabled_call_capi", "ns/op", reporter.ns("picolog_capi_call"), spdlog_ns, false, 5.0, ""},
        {"disabled_call_threshold", "ns/op", reporter.ns("picolog_threshold_check"), spdlog_ns, false, 5.0,
         ""},
    };
    picolog_handler_release(null_handler);
    return bench::write_results(options, results) ? 0 : 1;
}
