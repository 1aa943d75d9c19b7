// fork_lock.hpp - renewing, in the child after fork(), a lock that the
// forking thread took in the prepare step (private to libcore/src).
//
// Such a lock cannot simply be unlocked in the child: a recursive mutex or a
// write-locked rwlock remembers its owner's thread id, which the fork
// changed. It is made anew in place instead. ThreadSanitizer cannot see that
// (the constructors use static initialisers), so it is told first that the
// forking thread let go.
#pragma once

#include <new>

#if defined(__SANITIZE_THREAD__)
#define PICOLOG_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PICOLOG_TSAN 1
#endif
#endif

#ifdef PICOLOG_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace picolog::fork_lock {

// Tells ThreadSanitizer the forking thread no longer holds `lock`.
template <class Lock>
void forget_in_child([[maybe_unused]] Lock& lock) noexcept {
#ifdef PICOLOG_TSAN
    __tsan_mutex_pre_unlock(&lock, 0);
    __tsan_mutex_post_unlock(&lock, 0);
#endif
}

template <class Lock>
void renew_in_child(Lock& lock) noexcept {
    forget_in_child(lock);
    new (&lock) Lock();
}

}  // namespace picolog::fork_lock
