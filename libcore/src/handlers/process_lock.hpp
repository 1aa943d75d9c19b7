// process_lock.hpp - the lock file that lets several processes share one
// rotating file (private to libcore/src): flock(2) on path + ".lock", held
// around each check-rotate-write so exactly one process rotates and every
// other sees the rotation before it writes.
#pragma once

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
