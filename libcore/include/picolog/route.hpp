// route.hpp - the generation counter behind each logger's cached route.
//
// A logger caches where its records go (Logger::route_): which logger's
// handler list, up the propagate chain, holds the one handler they reach. The
// cache is valid while the process-wide generation has not moved since it
// was computed. Everything the route depends on bumps the generation after
// it changed: a handler or filter list replaced (CowList::publish), a
// propagate flag, a parent link. A log call that read the old generation
// runs concurrently with the change and may see either side of it, as a call
// walking the hierarchy would.
#pragma once

#include <atomic>
#include <cstdint>

namespace picolog::route {

// Starts at 1, so that a route of zero bytes is never current.
extern std::atomic<uint64_t> g_generation;

inline uint64_t generation() noexcept {
    return g_generation.load(std::memory_order_acquire);
}

// Called after a change a cached route may depend on. Rare (configuration).
inline void changed() noexcept {
    g_generation.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace picolog::route
