// clock.hpp - the wall clock behind Record::created_ns: CLOCK_REALTIME read
// through the CPU's time-stamp counter.
//
// clock_gettime costs a few tens of ns even through the vDSO; a log call has
// about 20 ns in all. On x86-64 with an invariant TSC, now is computed from
// one unfenced rdtsc and an anchor, a (tsc, CLOCK_REALTIME) pair read close
// together:
//     ns = anchor_ns + ((tsc - anchor_tsc) * mult) >> 32
// The rate (mult) is measured against CLOCK_MONOTONIC, which NTP slews like
// CLOCK_REALTIME but which never steps, between anchors at least
// kMinBaselineNs apart. Until the first rate is known (about the first 10 ms
// of the process) and whenever an anchor cannot be used, the reading is plain
// clock_gettime, so nothing ever waits for calibration.
//
// An anchor is checked every kAnchorSpanNs (1 ms), so a step of the wall
// clock (settimeofday, an NTP step, a virtual machine resumed) shows in
// timestamps within a millisecond. The first caller to find it due takes a
// try-lock and reads CLOCK_REALTIME once: when it agrees with the anchor's
// extrapolation, the same anchor serves another millisecond (a few tens of
// ns, once a millisecond, on one logging thread); when it does not, the
// clock was stepped and a new (tsc, CLOCK_REALTIME) pair is read. Every
// kReanchorIntervalNs a new pair is read anyway, with a CLOCK_MONOTONIC
// pair to update the rate. Values are published through a seqlock. Readers
// never wait and never retry: when they see a publication under way they
// read clock_gettime for that one call. A re-anchor may move readings by a
// few tens of ns (the error of the rate extrapolated over one interval),
// forwards or back.
//
// The TSC is used only where the kernel uses it too: the CPU has an
// invariant TSC and the kernel's current clocksource is "tsc" (it demotes
// a TSC that its watchdog finds unstable, or that a hypervisor does not keep
// in step across CPUs, and then so does picolog). Decided once, at the first
// clock reading.
//
// Environment (read once, at the first clock reading):
//   PICOLOG_CLOCK=realtime  always use clock_gettime(CLOCK_REALTIME); any
//                           other value, or none, uses the TSC where the
//                           CPU and the kernel allow it.
// Elsewhere than x86-64 the clock is clock_gettime, decided at compile time.
#pragma once

#include <time.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

#if defined(__x86_64__)
#define PICOLOG_CLOCK_HAS_TSC 1
#else
#define PICOLOG_CLOCK_HAS_TSC 0
#endif

namespace picolog {

enum class ClockSource : uint8_t { realtime = 1, tsc = 2 };

// How often an anchor is checked against the wall clock: a step shows in
// timestamps within this time.
inline constexpr int64_t kAnchorSpanNs = 1'000'000;

// How often the rate is measured again: a change in the rate NTP slews the
// clock at shows within this time (a shorter interval measures the rate
// over a shorter baseline).
inline constexpr int64_t kReanchorIntervalNs = 50'000'000;

// The shortest CLOCK_MONOTONIC span a rate is measured over: an anchor's
// error of about 10 ns then makes a rate error of about 1 ppm.
inline constexpr int64_t kMinBaselineNs = 10'000'000;

// The decision PICOLOG_CLOCK, the CPU and the kernel make together; `env`
// is the variable's value or nullptr, `kernel_source` the kernel's current
// clocksource name (nullptr if it cannot be read: the TSC is then not used).
ClockSource choose_clock_source(const char* env, bool invariant_tsc, const char* kernel_source) noexcept;

// The kernel's current clocksource ("tsc", "kvm-clock", "hpet"...) into
// `out`, false if it cannot be read.
bool kernel_clocksource(char* out, size_t size) noexcept;

// Whether the CPU's TSC runs at a constant rate through frequency and sleep
// states (CPUID 0x80000007, EDX bit 8). Always false off x86-64.
bool invariant_tsc() noexcept;

// The source in use (decided at the first reading).
ClockSource clock_source() noexcept;

// Whether a TSC rate is known, so readings come from the TSC.
bool clock_calibrated() noexcept;

// For the runtime's fork handler, in the child: a thread that no longer
// exists may have held the re-anchor lock, with a publication half written.
// The lock is cleared and, in that case, calibration starts again.
void reset_clock_after_fork() noexcept;

// For tests: re-anchors now (waiting for the lock if another thread holds
// it), updating the rate if kMinBaselineNs has passed since it was last
// measured.
void clock_reanchor_for_test() noexcept;

// For tests: switches to `source` and forgets any calibration.
void clock_use_source_for_test(ClockSource source) noexcept;

inline int64_t realtime_ns() noexcept {
    timespec ts;
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

namespace clock_detail {

// What readers load, alone on its cache line: written once per interval,
// read by every log call. span is 0 until a rate is known and while the
// source is realtime, which sends every reading to the slow path.
struct alignas(64) Anchor {
    std::atomic<uint64_t> seq{0};  // odd while a publication is under way
    std::atomic<uint64_t> tsc{0};
    std::atomic<int64_t> ns{0};
    std::atomic<uint64_t> mult{0};  // ns per tick, times 2^32
    std::atomic<uint64_t> span{0};  // ticks the anchor serves for
};
static_assert(sizeof(Anchor) == 64);

// Hidden: a direct rip-relative load, not one through the GOT.
[[gnu::visibility("hidden")]] extern constinit Anchor g_anchor;

__extension__ typedef unsigned __int128 u128;

#if PICOLOG_CLOCK_HAS_TSC
// The TSC, unfenced. The compiler's builtin rather than <x86intrin.h>, which
// would be parsed by every file that stamps a record.
inline uint64_t read_tsc() noexcept {
    return __builtin_ia32_rdtsc();
}
#endif

// Every reading the anchor cannot serve: clock_gettime, and a re-anchor or
// calibration step when one is due.
[[gnu::cold]] int64_t slow_now_ns() noexcept;

}  // namespace clock_detail

// Wall-clock now in ns since the epoch. The fast path: one rdtsc, loads of
// one read-mostly line, one multiply; no locked instruction, no syscall.
// The loads are acquire (plain moves on x86-64), which orders the second
// read of seq after the others.
inline int64_t clock_now_ns() noexcept {
#if PICOLOG_CLOCK_HAS_TSC
    const clock_detail::Anchor& a = clock_detail::g_anchor;
    uint64_t seq = a.seq.load(std::memory_order_acquire);
    uint64_t span = a.span.load(std::memory_order_acquire);
    uint64_t base = a.tsc.load(std::memory_order_acquire);
    int64_t ns = a.ns.load(std::memory_order_acquire);
    uint64_t mult = a.mult.load(std::memory_order_acquire);
    // No rdtsc (about half the cost) before calibration or with the
    // realtime source.
    if (span != 0) [[likely]] {
        // Unsigned: a tsc read before an anchor published meanwhile wraps to
        // a huge delta and takes the slow path, like an anchor past its span.
        uint64_t delta = clock_detail::read_tsc() - base;
        uint64_t seq_after = a.seq.load(std::memory_order_relaxed);
        if ((((seq ^ seq_after) | (seq & 1)) == 0) & (delta < span)) [[likely]]
            return ns + static_cast<int64_t>((static_cast<clock_detail::u128>(delta) * mult) >> 32);
    }
    return clock_detail::slow_now_ns();
#else
    return realtime_ns();
#endif
}

}  // namespace picolog
