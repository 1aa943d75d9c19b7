// printf_plan_cache.cpp - the plans of the formats seen so far, found by the
// format's address.
//
// A string literal's address is stable, so a call site finds its plan with
// one hash and one string compare (the compare makes a reused address, such
// as a format built in a stack buffer, safe: a different text there is
// formatted at the call). The table is fixed and lock-free: an entry's key is
// claimed with one CAS, then its plan published with a release store. Plans
// are never freed (records in flight point to them), which the fixed size
// bounds; a table full of other formats sends new ones to the call path.
#include <atomic>
#include <cstring>
#include <new>

#include "picolog/printf_plan.hpp"

namespace picolog::printf_plan {

detail::Entry detail::g_entries[detail::kEntries];

namespace {

constexpr size_t kProbes = 16;

// A plan that says "format at the call", for formats refused or unparsable.
const Plan kRefused{};

const Plan* build(const char* format) noexcept {
    try {
        return new Plan(parse(format));
    } catch (...) {
        return &kRefused;
    }
}

}  // namespace

const Plan* detail::find_slow(const char* format) noexcept {
    const size_t home = slot_of(format);
    for (size_t probe = 0; probe < kProbes; ++probe) {
        Entry& e = g_entries[(home + probe) & (kEntries - 1)];
        const char* key = e.key.load(std::memory_order_acquire);
        if (key == nullptr) {
            if (!e.key.compare_exchange_strong(key, format, std::memory_order_acq_rel)) {
                if (key != format) continue;  // another format took it
                return usable(e.plan.load(std::memory_order_acquire), format);
            }
            const Plan* plan = build(format);
            e.plan.store(plan, std::memory_order_release);
            return usable(plan, format);
        }
        if (key == format) return usable(e.plan.load(std::memory_order_acquire), format);
    }
    return nullptr;
}

}  // namespace picolog::printf_plan
