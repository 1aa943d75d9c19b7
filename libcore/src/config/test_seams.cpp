// test_seams.cpp - the hooks of test_seams.hpp.
#include "test_seams.hpp"

#include <atomic>

namespace picolog::config {
namespace {

std::atomic<SeamHook> after_read_hook{nullptr};
std::atomic<SeamHook> lock_wait_hook{nullptr};

void call(const std::atomic<SeamHook>& hook) noexcept {
    if (SeamHook f = hook.load(std::memory_order_acquire)) f();
}

}  // namespace

void set_after_read_hook_for_test(SeamHook hook) noexcept {
    after_read_hook.store(hook, std::memory_order_release);
}

void set_lock_wait_hook_for_test(SeamHook hook) noexcept {
    lock_wait_hook.store(hook, std::memory_order_release);
}

void after_read_seam() noexcept {
    call(after_read_hook);
}

void lock_wait_seam() noexcept {
    call(lock_wait_hook);
}

}  // namespace picolog::config
