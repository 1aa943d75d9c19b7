// fd_io.cpp - whole-buffer writes to a file descriptor.
#include "fd_io.hpp"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "picolog/fork_gate.hpp"

namespace picolog::fd_io {

int write_all(int fd, const char* data, size_t n) noexcept {
    // A write may block (a full pipe, a slow disk); the caller's handler is
    // at rest meanwhile, so fork() need not wait for it (fork_gate.hpp).
    fork_gate::Quiet quiet;
    while (n > 0) {
        ssize_t w = ::write(fd, data, n);
        if (w > 0) {
            data += w;
            n -= static_cast<size_t>(w);
            continue;
        }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
        }
        return w < 0 ? errno : EIO;
    }
    return 0;
}

int write_all_no_sigpipe(int fd, const char* data, size_t n) noexcept {
    sigset_t pipe_only, old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    if (::pthread_sigmask(SIG_BLOCK, &pipe_only, &old) != 0) return write_all(fd, data, n);
    // A SIGPIPE pending already is the program's own: leave it for it.
    sigset_t pending;
    const bool was_pending = ::sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
    const int err = write_all(fd, data, n);
    if (err == EPIPE && !was_pending) {
        // The write raised one (thread-directed, held by the mask): take it.
        timespec zero{0, 0};
        while (::sigtimedwait(&pipe_only, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    if (!sigismember(&old, SIGPIPE)) ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return err;
}

bool may_raise_sigpipe(int fd) noexcept {
    struct stat st;
    if (::fstat(fd, &st) != 0) return true;
    return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
}

std::string describe_errno(const char* what, int err) {
    char buf[256];
    // GNU strerror_r returns the message, which may not be in buf.
    const char* text = ::strerror_r(err, buf, sizeof buf);
    return std::string(what) + ": " + text;
}

}  // namespace picolog::fd_io
