// cpu_relax.hpp - one step of a busy wait, for the few places that spin
// before they sleep (a handler's lock, a queue's lane and listener).
#pragma once

namespace picolog {

// Tells the CPU this is a spin loop, so it eases off the memory system and
// the sibling hyper-thread.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

}  // namespace picolog
