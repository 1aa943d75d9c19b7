// process_lock.hpp - the lock file that lets several processes share one
// rotating file (private to libcore/src): flock(2) on path + ".lock", held
// around each check-rotate-write so exactly one process rotates and every
// other sees the rotation before it writes.
#pragma once

#include <cstdint>
#include <string>

namespace picolog {

class ProcessLock {
public:
    explicit ProcessLock(std::string path) : path_(std::move(path)) {}
    ~ProcessLock();
    ProcessLock(const ProcessLock&) = delete;
    ProcessLock& operator=(const ProcessLock&) = delete;

    // Takes the lock, opening the lock file first if needed. Throws
    // Error(kIoError).
    void lock();
    void unlock() noexcept;
    // In a forked child: the inherited descriptor shares the parent's lock
    // (flock locks belong to the open file), so the child opens its own.
    void forget_after_fork() noexcept;

    // Two numbers the processes share through the lock file's first bytes,
    // read and written with the lock held (the time rotation keeps there the
    // inode of the file it rotated to and the end of that file's period).
    // load_shared() is false when none were stored yet or they cannot be
    // read; storing is best effort, since a reader without them falls back
    // on its own reckoning.
    struct Shared {
        uint64_t key = 0;
        int64_t value = 0;
    };
    bool load_shared(Shared& out) const noexcept;
    void store_shared(const Shared& shared) noexcept;

private:
    std::string path_;
    int fd_ = -1;
};

// Holds a ProcessLock for a scope.
class ProcessLockGuard {
public:
    explicit ProcessLockGuard(ProcessLock& lock) : lock_(lock) { lock_.lock(); }
    ~ProcessLockGuard() { lock_.unlock(); }
    ProcessLockGuard(const ProcessLockGuard&) = delete;
    ProcessLockGuard& operator=(const ProcessLockGuard&) = delete;

private:
    ProcessLock& lock_;
};

}  // namespace picolog
