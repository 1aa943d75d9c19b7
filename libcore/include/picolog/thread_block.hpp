// thread_block.hpp - per-thread state too large for thread-local storage.
//
// libpicolog keeps its own thread-local storage small
// (tests/capi/thread_storage_test.cpp): glibc gives a library loaded by
// dlopen (Python's import of the bindings) a place in the static TLS block
// only while it fits the few hundred bytes kept spare for such libraries.
// A library that does not fit reaches every thread-local through
// _dl_tlsdesc_dynamic, a call of about 17 instructions, instead of a load
// at a fixed offset from the thread pointer; a queued record from Python
// reads five of them. Buffers and caches of a kilobyte or more therefore
// live in a block per thread, reached through one thread-local pointer.
#pragma once

#include <pthread.h>

#include <cstdint>
#include <new>

namespace picolog {

// The calling thread's T (value-initialized; its constructor must not
// throw), made by the thread's first get() and destroyed when the thread
// exits. The release is a thread-specific data destructor, not a
// thread_local one: glibc runs those after every C++ thread_local
// destructor, which may log and so still find the block.
//
// get() returns nullptr when the block cannot be made (no memory, no key)
// or the thread has released it (a later thread-specific data destructor
// that logs); callers then do without it (an empty cache, a static text).
// It allocates: not for a signal handler, where existing() is the call.
template <class T>
class ThreadBlock {
public:
    static T* get() noexcept {
        T* p = t_block;
        if (reinterpret_cast<uintptr_t>(p) > kReleased) [[likely]]
            return p;
        return p == nullptr ? make() : nullptr;
    }

    // The thread's block if it has one, without making it.
    static T* existing() noexcept {
        T* p = t_block;
        return reinterpret_cast<uintptr_t>(p) > kReleased ? p : nullptr;
    }

private:
    // t_block after the release: a value no allocation returns.
    static constexpr uintptr_t kReleased = 1;
    static inline thread_local constinit T* t_block = nullptr;

    static void release(void* p) noexcept {
        t_block = reinterpret_cast<T*>(kReleased);
        delete static_cast<T*>(p);
    }

    [[gnu::noinline, gnu::cold]] static T* make() noexcept {
        static pthread_key_t key;
        static const bool made = ::pthread_key_create(&key, &release) == 0;
        if (!made) return nullptr;
        T* p = new (std::nothrow) T();
        if (p == nullptr) return nullptr;
        if (::pthread_setspecific(key, p) != 0) {
            delete p;
            return nullptr;
        }
        t_block = p;
        return p;
    }
};

}  // namespace picolog
