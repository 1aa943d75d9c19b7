// bench_support.cpp - command line, result rows, statistics and checks shared
// by the benchmark programs.
#include "bench_support.hpp"

#include <picolog.h>
#include <spdlog/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <latch>
#include <thread>

namespace bench {

namespace {

[[noreturn]] void usage(const char* program) {
    std::fprintf(stderr, "usage: %s [--out FILE.json] [--tmp DIR] [--scale X]\n", program);
    std::exit(2);
}

// Rows are plain identifiers and numbers, but a name is escaped anyway so the
// fragment stays valid JSON whatever a caller passes.
std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

Options parse_options(int argc, char** argv, const char* program) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) usage(program);
        if (arg == "--out") {
            options.out = argv[++i];
        } else if (arg == "--tmp") {
            options.tmp_dir = argv[++i];
        } else if (arg == "--scale") {
            char* end = nullptr;
            options.scale = std::strtod(argv[++i], &end);
            if (*end != '\0' || !(options.scale > 0)) usage(program);
        } else {
            usage(program);
        }
    }
    if (options.tmp_dir.empty()) options.tmp_dir = std::filesystem::temp_directory_path() / "picolog-bench";
    std::error_code ec;
    std::filesystem::create_directories(options.tmp_dir, ec);
    if (ec) fail("cannot create " + options.tmp_dir + ": " + ec.message());
    return options;
}

double Result::speedup() const {
    if (picolog <= 0 || peer_value <= 0) return 0;
    return higher_is_better ? picolog / peer_value : peer_value / picolog;
}

std::string spdlog_name() {
    return "spdlog " + std::to_string(SPDLOG_VER_MAJOR) + "." + std::to_string(SPDLOG_VER_MINOR) + "." +
           std::to_string(SPDLOG_VER_PATCH);
}

bool write_results(const Options& options, const std::vector<Result>& results) {
    std::printf("\n%-34s %-10s %14s %14s %9s\n", "benchmark", "unit", "picolog", "peer", "speedup");
    for (const Result& r : results) {
        std::printf("%-34s %-10s %14.4g %14.4g %8.2fx\n", r.name.c_str(), r.unit.c_str(), r.picolog,
                    r.peer_value, r.speedup());
    }
    std::fflush(stdout);
    if (options.out.empty()) return true;

    std::string json = "[\n";
    for (size_t i = 0; i < results.size(); ++i) {
        const Result& r = results[i];
        json += "  {\"name\": " + json_string(r.name) + ", \"unit\": " + json_string(r.unit) +
                ", \"picolog\": " + json_number(r.picolog) +
                ", \"peer\": " + json_string(r.peer.empty() ? spdlog_name() : r.peer) +
                ", \"peer_value\": " + json_number(r.peer_value) +
                ", \"speedup\": " + json_number(r.speedup());
        if (r.goal > 0) json += ", \"goal\": " + json_number(r.goal);
        json += i + 1 < results.size() ? "},\n" : "}\n";
    }
    json += "]\n";

    std::error_code ec;
    std::filesystem::path out(options.out);
    if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path(), ec);
    std::ofstream file(out, std::ios::trunc);
    file << json;
    file.close();
    if (!file) {
        std::fprintf(stderr, "cannot write %s\n", options.out.c_str());
        return false;
    }
    return true;
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return quantile_sorted(values, 0.5);
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    // Nearest rank: the smallest value with at least q of the samples at or below it.
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

size_t scaled(size_t total, double scale) {
    return std::max<size_t>(1000, static_cast<size_t>(static_cast<double>(total) * scale));
}

double timed_run(int threads, const std::function<void(int thread_index)>& body,
                 const std::function<void()>& finish) {
    std::latch ready(threads + 1);
    std::latch go(1);
    std::vector<std::thread> workers;
    workers.reserve(static_cast<size_t>(threads));
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&, i] {
            ready.count_down();
            go.wait();
            body(i);
        });
    }
    ready.arrive_and_wait();
    auto start = std::chrono::steady_clock::now();
    go.count_down();
    for (std::thread& t : workers) t.join();
    finish();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void expect_lines(const std::string& path, uint64_t records) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("cannot read " + path);
    uint64_t lines = 0;
    std::vector<char> buf(1 << 16);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        lines += static_cast<uint64_t>(std::count(buf.data(), buf.data() + in.gcount(), '\n'));
    }
    if (lines != records) {
        fail(path + " has " + std::to_string(lines) + " lines, expected " + std::to_string(records));
    }
}

void fail(const std::string& what) {
    std::fprintf(stderr, "benchmark failed: %s\n", what.c_str());
    std::exit(1);
}

void check(int status, const char* what) {
    if (status != PICOLOG_OK) fail(std::string(what) + ": " + picolog_last_error());
}

Samples make_samples(int producers, size_t per_producer) {
    return Samples(static_cast<size_t>(producers), std::vector<uint64_t>(per_producer));
}

void append_ns(std::vector<double>& all, const Samples& samples, const TickScale& scale) {
    for (const auto& producer : samples)
        for (uint64_t delta : producer) all.push_back(scale.to_ns(delta));
}

}  // namespace bench
