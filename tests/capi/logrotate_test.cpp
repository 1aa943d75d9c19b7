// logrotate_test.cpp - Debian's logrotate rotating a file that 4 threads
// are logging to: `create` with a postrotate SIGHUP (the handler reopens
// through picolog_reopen_files) and `copytruncate` (the handler keeps
// appending to the truncated file). Every line is checked whole.
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"
#include "watchdog.hpp"

using namespace capi_test;

namespace {

constexpr int kThreads = 4;
constexpr int kRounds = 3;
constexpr uint64_t kProgress = 2000;  // records each thread logs between rotations

std::atomic<int> g_hups{0};

// Each record ends in a run of zeros whose length its sequence number fixes,
// so a torn or merged line cannot pass for a whole one.
constexpr const char* kZeros = "0000000000000000000000000000000000000000";
int payload_length(uint64_t seq) {
    return static_cast<int>(seq % 40) + 1;
}

void on_hup(int) {
    picolog_reopen_files();  // async-signal-safe
    g_hups.fetch_add(1, std::memory_order_release);
}

const char* logrotate_binary() {
    for (const char* p : {"/usr/sbin/logrotate", "/sbin/logrotate", "/usr/bin/logrotate"})
        if (::access(p, X_OK) == 0) return p;
    return nullptr;
}

struct Writers {
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> counts[kThreads] = {};
    std::vector<std::thread> threads;

    explicit Writers(picolog_logger* logger) {
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([this, logger, t] {
                for (uint64_t seq = 0; !stop.load(std::memory_order_acquire); ++seq) {
                    picolog_logf(logger, PICOLOG_INFO, "t%d %llu payload-%.*s", t,
                                 static_cast<unsigned long long>(seq), payload_length(seq), kZeros);
                    counts[t].store(seq + 1, std::memory_order_release);
                }
            });
    }
    // Waits (yielding, no sleep) until every thread has logged `n` more.
    void advance(uint64_t n) {
        uint64_t target[kThreads];
        for (int t = 0; t < kThreads; ++t) target[t] = counts[t].load(std::memory_order_acquire) + n;
        for (int t = 0; t < kThreads; ++t)
            while (counts[t].load(std::memory_order_acquire) < target[t]) std::this_thread::yield();
    }
    std::vector<uint64_t> totals() const {
        std::vector<uint64_t> out;
        for (const auto& c : counts) out.push_back(c.load());
        return out;
    }
    void finish() {
        stop.store(true, std::memory_order_release);
        for (auto& th : threads) th.join();
    }
};

// Every line of the files, parsed: (thread, seq) -> how many times seen.
// Fails the test on a line that is not exactly one whole record, with one
// exception: `copies_may_end_in_a_fragment` lets a rotated file (not the
// live one, files[0]) end in an unterminated fragment. copytruncate copies
// while the writers append, so its copy can stop inside a record whose
// write(2) it saw only in part; the truncation then erases the rest, and
// that record is one of those logrotate erases.
std::map<std::pair<int, uint64_t>, int> collect(const std::vector<std::string>& files,
                                                bool copies_may_end_in_a_fragment = false) {
    std::map<std::pair<int, uint64_t>, int> seen;
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string& f = files[i];
        std::string text = read_file(f);
        if (copies_may_end_in_a_fragment && i > 0 && !text.empty() && text.back() != '\n')
            text.erase(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            int t = -1;
            unsigned long long seq = 0;
            int consumed = 0;
            bool parsed = std::sscanf(line.c_str(), "t%d %llu payload-%n", &t, &seq, &consumed) == 2;
            std::string expected = "payload-" + std::string(payload_length(seq), '0');
            bool whole =
                parsed && line.size() >= 8 && line.compare(consumed - 8, std::string::npos, expected) == 0;
            EXPECT_TRUE(whole) << "torn line in " << f << ": " << line;
            if (whole) seen[{t, seq}]++;
        }
        EXPECT_TRUE(text.empty() || text.back() == '\n') << f << " ends inside a line";
    }
    return seen;
}

void write_config(const std::string& conf, const std::string& log, const std::string& body) {
    std::ofstream(conf) << log << " {\n  rotate 10\n  missingok\n" << body << "}\n";
    ::chmod(conf.c_str(), 0644);
}

std::vector<std::string> rotated_files(const std::string& log) {
    std::vector<std::string> files{log};
    for (int i = 1; i <= kRounds; ++i) files.push_back(log + "." + std::to_string(i));
    return files;
}

class Logrotate : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_NE(logrotate_binary(), nullptr) << "logrotate missing: run scripts/deps.sh";
    }

    void run(const std::string& conf, const std::string& state) {
        std::string cmd = std::string(logrotate_binary()) + " -f -s " + state + " " + conf;
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
};

TEST_F(Logrotate, CreateWithPostrotateSighupKeepsEveryRecordOnce) {
    test_support::Watchdog watchdog("logrotate create test");
    TempDir dir;
    std::string log = dir.file("app.log");
    write_config(
        dir.file("create.conf"), log,
        "  create 0644\n  postrotate\n    /bin/kill -HUP " + std::to_string(::getpid()) + "\n  endscript\n");
    struct sigaction action {
    }, old{};
    action.sa_handler = on_hup;
    ::sigemptyset(&action.sa_mask);
    ASSERT_EQ(::sigaction(SIGHUP, &action, &old), 0);
    g_hups.store(0);

    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&h, log.c_str(), nullptr), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    std::vector<uint64_t> counts;
    {
        Attached attached(logger, h);
        Writers writers(logger);
        for (int round = 1; round <= kRounds; ++round) {
            writers.advance(kProgress);
            run(dir.file("create.conf"), dir.file("state"));
            while (g_hups.load(std::memory_order_acquire) < round) std::this_thread::yield();
        }
        writers.advance(kProgress);  // written after the last reopen: the new file
        writers.finish();
        counts = writers.totals();
    }
    picolog_handler_release(h);
    ::sigaction(SIGHUP, &old, nullptr);

    auto seen = collect(rotated_files(log));
    uint64_t total = 0;
    for (int t = 0; t < kThreads; ++t) {
        uint64_t n = counts[t];
        total += n;
        for (uint64_t seq = 0; seq < n; ++seq) {
            auto it = seen.find({t, seq});
            ASSERT_TRUE(it != seen.end()) << "record t" << t << " " << seq << " is in no file";
            ASSERT_EQ(it->second, 1) << "record t" << t << " " << seq << " is in " << it->second << " files";
        }
    }
    EXPECT_EQ(seen.size(), total);
    for (const auto& f : rotated_files(log)) EXPECT_FALSE(read_file(f).empty()) << f;
}

TEST_F(Logrotate, CopytruncateLosesOnlyWhatLogrotateErases) {
    test_support::Watchdog watchdog("logrotate copytruncate test");
    TempDir dir;
    std::string log = dir.file("app.log");
    write_config(dir.file("copy.conf"), log, "  copytruncate\n");
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&h, log.c_str(), nullptr), PICOLOG_OK) << picolog_last_error();
    picolog_logger* logger = test_logger();
    std::vector<uint64_t> counts;
    {
        Attached attached(logger, h);
        Writers writers(logger);
        for (int round = 1; round <= kRounds; ++round) {
            writers.advance(kProgress);
            run(dir.file("copy.conf"), dir.file("state"));
        }
        writers.advance(kProgress);
        writers.finish();
        counts = writers.totals();
    }
    picolog_handler_release(h);

    // copytruncate copies the file as long as it was when the copy started,
    // then truncates it: what writers append meanwhile is erased by logrotate
    // itself (its manual warns of it), and no writer can tell. So each record
    // is in at most one file and each thread's missing records form at most
    // one run per rotation; everything else is there, and nothing is torn.
    auto seen = collect(rotated_files(log), true);
    for (auto& [key, times] : seen) ASSERT_EQ(times, 1) << "record t" << key.first << " " << key.second;
    for (int t = 0; t < kThreads; ++t) {
        uint64_t n = counts[t];
        int gaps = 0;
        bool in_gap = false;
        for (uint64_t seq = 0; seq < n; ++seq) {
            bool missing = seen.find({t, seq}) == seen.end();
            if (missing && !in_gap) ++gaps;
            in_gap = missing;
        }
        EXPECT_LE(gaps, kRounds) << "thread " << t;
        EXPECT_TRUE(seen.count({t, n - 1})) << "the last record of thread " << t;
    }
    for (const auto& f : rotated_files(log)) EXPECT_FALSE(read_file(f).empty()) << f;
}

}  // namespace
