// process_lock.cpp - flock(2) on a lock file beside a shared rotating file.
#include "process_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

#include "../fd_io.hpp"
#include "picolog/error.hpp"

namespace picolog {

ProcessLock::~ProcessLock() {
    if (fd_ >= 0) ::close(fd_);
}

void ProcessLock::lock() {
    if (fd_ < 0) {
        int fd;
        do {
            fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0)
            throw Error(kIoError, fd_io::describe_errno(("cannot open lock file " + path_).c_str(), errno));
        fd_ = fd;
    }
    int rc;
    do {
        rc = ::flock(fd_, LOCK_EX);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) throw Error(kIoError, fd_io::describe_errno(("cannot lock " + path_).c_str(), errno));
}

void ProcessLock::unlock() noexcept {
    if (fd_ >= 0) ::flock(fd_, LOCK_UN);
}

bool ProcessLock::load_shared(Shared& out) const noexcept {
    if (fd_ < 0) return false;
    Shared shared;
    ssize_t n;
    do {
        n = ::pread(fd_, &shared, sizeof shared, 0);
    } while (n < 0 && errno == EINTR);
    if (n != static_cast<ssize_t>(sizeof shared)) return false;
    out = shared;
    return true;
}

void ProcessLock::store_shared(const Shared& shared) noexcept {
    if (fd_ < 0) return;
    ssize_t n;
    do {
        n = ::pwrite(fd_, &shared, sizeof shared, 0);
    } while (n < 0 && errno == EINTR);
}

void ProcessLock::forget_after_fork() noexcept {
    if (fd_ >= 0) ::close(fd_);  // closing our copy leaves the parent's lock alone
    fd_ = -1;
}

}  // namespace picolog
