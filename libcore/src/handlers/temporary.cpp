// temporary.cpp - locked compression temporaries, and removing the ones a
// dead writer left behind (see temporary.hpp).
#include "temporary.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "../fd_io.hpp"
#include "picolog/housekeeping.hpp"

namespace picolog {
namespace {

bool same_inode(int fd, const std::string& path) noexcept {
    struct stat by_fd, by_name;
    return ::fstat(fd, &by_fd) == 0 && ::lstat(path.c_str(), &by_name) == 0 &&
           by_fd.st_dev == by_name.st_dev && by_fd.st_ino == by_name.st_ino;
}

int lock_exclusive(int fd, int flags) noexcept {
    int rc;
    do {
        rc = ::flock(fd, LOCK_EX | flags);
    } while (rc != 0 && errno == EINTR);
    return rc == 0 ? 0 : errno;
}

bool ends_with(std::string_view s, std::string_view tail) noexcept {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

LockedTemporary::LockedTemporary(LockedTemporary&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

LockedTemporary& LockedTemporary::operator=(LockedTemporary&& other) noexcept {
    if (this != &other) {
        close();
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
    }
    return *this;
}

std::string LockedTemporary::create(const std::string& path) {
    close();
    // A sweeper may lock and remove the file between its creation and this
    // lock (it looks abandoned then): the name is checked once locked, and
    // the file made again if it lost it.
    for (int attempt = 0; attempt < 8; ++attempt) {
        int fd;
        do {
            fd = housekeeping::open_held([&] {
                return ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
            });
        } while (fd < 0 && errno == EINTR);
        if (fd < 0 && errno == EEXIST) {
            // Left by a writer that died, or being written by a live one
            // (then that one does this work, and this object stays closed).
            int err = remove_if_stale(path);
            if (err == EWOULDBLOCK) return "";
            if (err != 0) return fd_io::describe_errno(("cannot remove " + path).c_str(), err);
            continue;
        }
        if (fd < 0) return fd_io::describe_errno(("cannot create " + path).c_str(), errno);
        if (int err = lock_exclusive(fd, 0); err != 0) {
            housekeeping::close_held(fd);
            ::unlink(path.c_str());
            return fd_io::describe_errno(("cannot lock " + path).c_str(), err);
        }
        if (same_inode(fd, path)) {
            fd_ = fd;
            path_ = path;
            return "";
        }
        housekeeping::close_held(fd);
    }
    return "cannot create " + path + ": another writer keeps it";
}

void LockedTemporary::discard() noexcept {
    if (fd_ >= 0 && same_inode(fd_, path_)) ::unlink(path_.c_str());
    close();
}

void LockedTemporary::close() noexcept {
    housekeeping::close_held(fd_);
    fd_ = -1;
}

int remove_if_stale(const std::string& path) noexcept {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return errno == ENOENT ? 0 : errno;
    int err = 0;
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        err = EEXIST;  // not a temporary of ours: left alone
    } else if (int locked = lock_exclusive(fd, LOCK_NB); locked != 0) {
        err = locked;  // EWOULDBLOCK: its writer is alive
    } else if (same_inode(fd, path) && ::unlink(path.c_str()) != 0 && errno != ENOENT) {
        // Locked through this process's own descriptor: the writer is gone,
        // and no new writer can take the name while it is here (O_EXCL).
        err = errno;
    }
    ::close(fd);
    return err;
}

std::string remove_stale_temporaries(const std::string& base_path) {
    size_t slash = base_path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : base_path.substr(0, slash == 0 ? 1 : slash);
    std::string join = slash == std::string::npos ? "" : base_path.substr(0, slash + 1);
    std::string prefix = "." + (slash == std::string::npos ? base_path : base_path.substr(slash + 1)) + ".";
    std::string first_error;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return first_error;
    while (dirent* entry = ::readdir(d)) {
        std::string_view name = entry->d_name;
        if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix ||
            !ends_with(name, ".gz.tmp"))
            continue;
        std::string full = join + std::string(name);
        int err = remove_if_stale(full);
        if (err != 0 && err != EWOULDBLOCK && err != EEXIST && first_error.empty())
            first_error = fd_io::describe_errno(("cannot remove " + full).c_str(), err);
    }
    ::closedir(d);
    return first_error;
}

}  // namespace picolog
