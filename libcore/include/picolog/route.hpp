// route.hpp - the generation counter behind each logger's cached route.
//
// A logger caches where its records go (Logger::route_): which logger's
// handler list, up the propagate chain, holds the one handler they reach. The
// cache is valid while the process-wide generation has not moved since it
// was computed. Everything the route depends on bumps the generation after
// it changed: a handler or filter list replaced (CowList::publish), a
// propagate flag. A log call that read the old generation runs concurrently
// with the change and may see either side of it, as a call walking the
// hierarchy would.
//
// A route names its target by a number of parent hops, so a parent link
// changed under a call could make the same hops end at another logger.
// Relinking is therefore bracketed: the generation is odd while links
// change (no route is valid then), and a call checks the generation again
// after its walk: a call that saw a new link sees at least the first bump,
// so a route from before the change is refused, and none is made during it.
#pragma once

#include <atomic>
#include <cstdint>

namespace picolog::route {

// Starts at 2 (even: no relinking), so that a route of zero bytes is never
// current.
extern std::atomic<uint64_t> g_generation;

inline uint64_t generation() noexcept {
    return g_generation.load(std::memory_order_acquire);
}

// False while parent links are being changed: no route may be made then.
inline bool routable(uint64_t generation) noexcept {
    return (generation & 1) == 0;
}

// Called after a change a cached route may depend on. Rare (configuration).
// Keeps the generation's parity.
inline void changed() noexcept {
    g_generation.fetch_add(2, std::memory_order_acq_rel);
}

// Around a change of parent links (the registry, holding its lock): odd
// from before the first link is stored until after the last.
inline void begin_relink() noexcept {
    g_generation.fetch_add(1, std::memory_order_acq_rel);
}
inline void end_relink() noexcept {
    g_generation.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace picolog::route
