// doorbell.cpp - the futex calls behind Doorbell (std::atomic wait/notify
// where there is no futex). A raw futex is used on Linux because it blocks
// at once: std::atomic::wait spins first, which an idle listener should not.
#include "picolog/async/doorbell.hpp"

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#else
#include <chrono>
#include <thread>
#endif

namespace picolog::async {

static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t) && std::atomic<uint32_t>::is_always_lock_free,
              "the futex word must be a plain 32-bit integer");

void Doorbell::sleep() noexcept {
    while (word_.load(std::memory_order_acquire) == 1) {
#if defined(__linux__)
        // Returns at once if the word is no longer 1 (EAGAIN), on a wake, or
        // spuriously (EINTR); the loop re-checks in every case.
        syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word_), FUTEX_WAIT_PRIVATE, 1u, nullptr, nullptr, 0);
#else
        word_.wait(1, std::memory_order_acquire);
#endif
    }
}

bool Doorbell::nap(long timeout_ns) noexcept {
    if (word_.load(std::memory_order_acquire) != 2) return true;
#if defined(__linux__)
    timespec timeout{timeout_ns / 1000000000, timeout_ns % 1000000000};
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word_), FUTEX_WAIT_PRIVATE, 2u, &timeout, nullptr, 0);
#else
    std::this_thread::sleep_for(std::chrono::nanoseconds(timeout_ns));
#endif
    return word_.load(std::memory_order_acquire) != 2;
}

void Doorbell::wake() noexcept {
#if defined(__linux__)
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&word_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
#else
    word_.notify_one();
#endif
}

}  // namespace picolog::async
