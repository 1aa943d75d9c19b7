// fence.cpp - registration for expedited membarrier and the heavy fence
// (fence.hpp).
#include "picolog/fence.hpp"

#if defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <cstdlib>
#include <cstring>

namespace picolog::fence {

namespace {

#if defined(__linux__) && defined(__NR_membarrier)
long membarrier(int cmd) noexcept {
    return ::syscall(__NR_membarrier, cmd, 0, 0);
}

bool register_expedited() noexcept {
    // PICOLOG_FENCE=full keeps full fences on both sides (for comparison,
    // and for tools that do not model membarrier).
    if (const char* mode = std::getenv("PICOLOG_FENCE"); mode && std::strcmp(mode, "full") == 0) return false;
    long supported = membarrier(MEMBARRIER_CMD_QUERY);
    if (supported < 0 || (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return false;
    return membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
}
#else
bool register_expedited() noexcept {
    return false;
}
#endif

}  // namespace

namespace detail {
// Set by a static initialiser: before main(), or before dlopen() returns,
// so before any thread can reach light() or heavy().
bool g_asymmetric = register_expedited();
#ifdef PICOLOG_FENCE_TSAN
std::atomic<int> g_fence_word{0};
#endif
}  // namespace detail

// Counted next to a system call (or a full fence): the count is not what
// makes heavy() expensive.
std::atomic<unsigned long> g_heavy_count{0};

void heavy() noexcept {
    g_heavy_count.fetch_add(1, std::memory_order_relaxed);
    detail::full();
#if defined(__linux__) && defined(__NR_membarrier)
    if (detail::g_asymmetric) {
        // Cannot fail once registered; if it ever did, the handshakes it
        // serves would be unsound, so stop rather than go on silently.
        if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0) std::abort();
    }
#endif
}

unsigned long heavy_count() noexcept {
    return g_heavy_count.load(std::memory_order_relaxed);
}

void reinit_after_fork_child() noexcept {
    if (detail::g_asymmetric) detail::g_asymmetric = register_expedited();
}

}  // namespace picolog::fence
