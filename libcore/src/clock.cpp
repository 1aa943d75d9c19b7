// clock.cpp - the TSC wall clock's slow side: choosing the source, reading
// anchors, measuring the rate, publishing through the seqlock (clock.hpp).
#include "picolog/clock.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#if PICOLOG_CLOCK_HAS_TSC
#include <cpuid.h>
#endif

namespace picolog {
namespace clock_detail {

constinit Anchor g_anchor;

}  // namespace clock_detail

namespace {

using clock_detail::g_anchor;
using clock_detail::u128;

// The re-anchoring side, on a line of its own so that a try-lock never
// disturbs the readers' line. The plain members belong to the lock holder.
struct alignas(64) Writer {
    std::atomic<bool> locked{false};
    std::atomic<uint8_t> source{0};  // 0 until decided, else a ClockSource
    // While no rate is known: the CLOCK_REALTIME time at which a reading
    // next tries to measure one.
    std::atomic<int64_t> calibrate_due_ns{0};
    // The CLOCK_MONOTONIC pair the next rate is measured from; none when
    // base_ns is 0.
    uint64_t base_tsc = 0;
    int64_t base_ns = 0;
    uint64_t mult = 0;  // the last rate measured, 0 while none
    // The tsc from which the rate is due to be measured again.
    uint64_t rate_due_tsc = 0;
    uint64_t span_ticks = 0;  // kAnchorSpanNs at `mult`, 0 while none
};
constinit Writer g_writer;

bool try_lock() noexcept {
    // A plain load first: readers past the span find the lock taken without
    // pulling its line exclusive.
    return !g_writer.locked.load(std::memory_order_relaxed) &&
           !g_writer.locked.exchange(true, std::memory_order_acquire);
}

void unlock() noexcept {
    g_writer.locked.store(false, std::memory_order_release);
}

// Readers that see the new value of any member see seq odd (the members are
// released after it) or the final even value.
void publish(uint64_t tsc, int64_t ns, uint64_t mult, uint64_t span) noexcept {
    uint64_t seq = g_anchor.seq.load(std::memory_order_relaxed) | 1;
    g_anchor.seq.store(seq, std::memory_order_relaxed);
    g_anchor.tsc.store(tsc, std::memory_order_release);
    g_anchor.ns.store(ns, std::memory_order_release);
    g_anchor.mult.store(mult, std::memory_order_release);
    g_anchor.span.store(span, std::memory_order_release);
    g_anchor.seq.store(seq + 1, std::memory_order_release);
}

// Back to the state before calibration; readers go to clock_gettime.
void forget_calibration() noexcept {
    publish(0, 0, 0, 0);
    g_writer.base_tsc = 0;
    g_writer.base_ns = 0;
    g_writer.mult = 0;
    g_writer.rate_due_tsc = 0;
    g_writer.span_ticks = 0;
    g_writer.calibrate_due_ns.store(0, std::memory_order_relaxed);
}

#if PICOLOG_CLOCK_HAS_TSC

// An anchor pair's tsc must not be read early or late around the clock read.
uint64_t fenced_tsc() noexcept {
    __builtin_ia32_lfence();
    uint64_t t = clock_detail::read_tsc();
    __builtin_ia32_lfence();
    return t;
}

// A pair whose two reads are further apart than this was preempted or
// interrupted: a few µs at the clock rates of x86-64 parts.
constexpr uint64_t kMaxPairTicks = 1 << 14;

struct Pair {
    uint64_t tsc;  // the midpoint of the reads around the clock's
    int64_t ns;
};

// The closest of three tries, false if even that one was interrupted.
bool read_pair(clockid_t id, Pair& out) noexcept {
    uint64_t best = ~uint64_t{0};
    for (int i = 0; i < 3; ++i) {
        uint64_t before = fenced_tsc();
        timespec ts;
        ::clock_gettime(id, &ts);
        uint64_t after = fenced_tsc();
        uint64_t gap = after - before;  // wraps if the thread moved to a core behind
        if (gap < best) {
            best = gap;
            out = Pair{before + gap / 2, static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec};
        }
    }
    return best <= kMaxPairTicks;
}

// Stale past its span; also far in the future, which only a counter that
// went back (or cores far out of step) can produce.
bool anchor_stale(uint64_t now) noexcept {
    auto span = static_cast<int64_t>(g_anchor.span.load(std::memory_order_relaxed));
    auto age = static_cast<int64_t>(now - g_anchor.tsc.load(std::memory_order_relaxed));
    return span == 0 || age >= span || age < -span;
}

// Ticks for `ns` at the rate `mult`, 0 if out of range.
uint64_t ticks_for(int64_t ns, uint64_t mult) noexcept {
    u128 ticks = (static_cast<u128>(ns) << 32) / mult;
    return ticks == 0 || ticks >= (u128{1} << 62) ? 0 : static_cast<uint64_t>(ticks);
}

// The rate, from a CLOCK_MONOTONIC pair against the base one. A rate
// measured over a counter jump (a migrated virtual machine) is wrong for
// one interval: the next baseline no longer spans it.
void measure_rate() noexcept {
    Writer& w = g_writer;
    Pair mono{};
    if (!read_pair(CLOCK_MONOTONIC, mono)) return;
    if (w.base_ns == 0 || mono.tsc <= w.base_tsc || mono.ns <= w.base_ns) {
        w.base_tsc = mono.tsc;
        w.base_ns = mono.ns;
    } else if (mono.ns - w.base_ns >= kMinBaselineNs) {
        u128 mult = (static_cast<u128>(mono.ns - w.base_ns) << 32) / (mono.tsc - w.base_tsc);
        if (mult != 0 && mult < (u128{1} << 63)) w.mult = static_cast<uint64_t>(mult);
        w.base_tsc = mono.tsc;
        w.base_ns = mono.ns;
    }
    if (w.mult == 0) {
        int64_t waited = mono.ns - w.base_ns;
        w.calibrate_due_ns.store(realtime_ns() + kMinBaselineNs - waited, std::memory_order_relaxed);
        return;
    }
    w.rate_due_tsc = mono.tsc + ticks_for(kReanchorIntervalNs, w.mult);
    w.span_ticks = ticks_for(kAnchorSpanNs, w.mult);
}

// Under the lock: a new wall-clock pair every kAnchorSpanNs (which is what
// makes a step show), the rate every kReanchorIntervalNs.
void reanchor() noexcept {
    Writer& w = g_writer;
    Pair wall{};
    if (!read_pair(CLOCK_REALTIME, wall)) return;
    if (w.mult == 0 || static_cast<int64_t>(wall.tsc - w.rate_due_tsc) >= 0) measure_rate();
    if (w.mult == 0 || w.span_ticks == 0) return;
    publish(wall.tsc, wall.ns, w.mult, w.span_ticks);
}

// A wall clock further from the anchor's extrapolation than this was
// stepped (or the check was preempted between its two reads, which only
// costs a re-anchor): far above the rate's error over an interval.
constexpr int64_t kStepThresholdNs = 50'000;

// Under the lock, once the anchor has served kAnchorSpanNs: one
// clock_gettime against the extrapolation, and the same anchor served for
// another span when they agree. A new pair (three fenced ones) only for a
// step, or when the rate is due. Cheap because it runs once a millisecond
// on a logging thread. Returns the wall-clock reading it made (the
// caller's timestamp), 0 when it re-anchored instead.
int64_t check_or_reanchor() noexcept {
    Writer& w = g_writer;
    const uint64_t base = g_anchor.tsc.load(std::memory_order_relaxed);
    const uint64_t mult = g_anchor.mult.load(std::memory_order_relaxed);
    const uint64_t now = clock_detail::read_tsc();
    const int64_t wall = realtime_ns();
    const uint64_t age = now - base;
    const uint64_t span = w.span_ticks;
    if (mult == 0 || mult != w.mult || span == 0 || static_cast<int64_t>(now - w.rate_due_tsc) >= 0 ||
        age >= (uint64_t{1} << 62) - span) {
        reanchor();
        return 0;
    }
    const int64_t predicted = g_anchor.ns.load(std::memory_order_relaxed) +
                              static_cast<int64_t>((static_cast<u128>(age) * mult) >> 32);
    const int64_t drift = wall - predicted;
    if (drift > kStepThresholdNs || drift < -kStepThresholdNs) {
        reanchor();
        return 0;
    }
    publish(base, g_anchor.ns.load(std::memory_order_relaxed), mult, age + span);
    return wall;
}

// The wall-clock reading made on the way, or 0.
int64_t try_reanchor() noexcept {
    if (!try_lock()) return 0;
    int64_t wall = 0;
    // Another thread may have published since this one looked (unfenced:
    // a tsc read a little early only delays the check by one call).
    if (anchor_stale(clock_detail::read_tsc())) wall = check_or_reanchor();
    unlock();
    return wall;
}

#endif

}  // namespace

ClockSource choose_clock_source(const char* env, bool invariant_tsc, const char* kernel_source) noexcept {
    if (!invariant_tsc || (env != nullptr && std::strcmp(env, "realtime") == 0)) return ClockSource::realtime;
    if (kernel_source == nullptr || std::strcmp(kernel_source, "tsc") != 0) return ClockSource::realtime;
    return ClockSource::tsc;
}

bool kernel_clocksource(char* out, size_t size) noexcept {
    if (size == 0) return false;
    const int fd =
        ::open("/sys/devices/system/clocksource/clocksource0/current_clocksource", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = ::read(fd, out, size - 1);
    ::close(fd);
    if (n <= 0) return false;
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' ')) --n;
    out[n] = '\0';
    return true;
}

bool invariant_tsc() noexcept {
#if PICOLOG_CLOCK_HAS_TSC
    // clang declares the result int, GCC unsigned.
    if (static_cast<unsigned>(__get_cpuid_max(0x80000000, nullptr)) < 0x80000007u) return false;
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    __cpuid(0x80000007, eax, ebx, ecx, edx);
    return (edx >> 8) & 1;
#else
    return false;
#endif
}

ClockSource clock_source() noexcept {
    uint8_t source = g_writer.source.load(std::memory_order_relaxed);
    if (source != 0) return static_cast<ClockSource>(source);
    // Threads racing here read the same environment and CPU; a source a
    // test set meanwhile wins.
    char kernel[32];
    const bool known = kernel_clocksource(kernel, sizeof kernel);
    auto chosen = static_cast<uint8_t>(
        choose_clock_source(std::getenv("PICOLOG_CLOCK"), invariant_tsc(), known ? kernel : nullptr));
    g_writer.source.compare_exchange_strong(source, chosen, std::memory_order_relaxed);
    return static_cast<ClockSource>(source == 0 ? chosen : source);
}

bool clock_calibrated() noexcept {
    return clock_source() == ClockSource::tsc && g_anchor.span.load(std::memory_order_relaxed) != 0;
}

namespace clock_detail {

int64_t slow_now_ns() noexcept {
#if PICOLOG_CLOCK_HAS_TSC
    if (clock_source() == ClockSource::tsc) {
        if (g_anchor.span.load(std::memory_order_relaxed) == 0) {
            int64_t now = realtime_ns();
            // A due time more than a baseline ahead means the wall clock
            // was stepped back since it was set.
            int64_t due = g_writer.calibrate_due_ns.load(std::memory_order_relaxed);
            if ((now >= due || now < due - kMinBaselineNs) && try_lock()) {
                if (g_anchor.span.load(std::memory_order_relaxed) == 0) reanchor();
                unlock();
            }
            return now;
        }
        // Unfenced, as in the fast path: a tsc read a little early only
        // makes a stale anchor look fresh for this one call.
        if (anchor_stale(clock_detail::read_tsc()))
            if (int64_t wall = try_reanchor(); wall != 0) return wall;
    }
#endif
    return realtime_ns();
}

}  // namespace clock_detail

void reset_clock_after_fork() noexcept {
    if (!g_writer.locked.load(std::memory_order_relaxed)) return;
    // The holder is gone; its publication or its rate may be half written.
    forget_calibration();
    unlock();
}

void clock_reanchor_for_test() noexcept {
    while (!try_lock()) ::sched_yield();
#if PICOLOG_CLOCK_HAS_TSC
    if (clock_source() == ClockSource::tsc) reanchor();
#endif
    unlock();
}

void clock_use_source_for_test(ClockSource source) noexcept {
    if (source == ClockSource::tsc && !invariant_tsc()) source = ClockSource::realtime;
    while (!try_lock()) ::sched_yield();
    g_writer.source.store(static_cast<uint8_t>(source), std::memory_order_relaxed);
    forget_calibration();
    unlock();
}

}  // namespace picolog
