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

namespace {

// Writes until done or failed; *done counts the bytes that were written.
int write_loop(int fd, const char* data, size_t n, size_t* done) noexcept {
    // A write may block (a full pipe, a slow disk); the caller's handler is
    // at rest meanwhile, so fork() need not wait for it (fork_gate.hpp).
    fork_gate::Quiet quiet;
    *done = 0;
    while (n > 0) {
        ssize_t w = ::write(fd, data, n);
        if (w > 0) {
            data += w;
            n -= static_cast<size_t>(w);
            *done += static_cast<size_t>(w);
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

// Cuts the last `torn` bytes off a regular file, if they are still the
// end of it: the descriptor's offset (where this thread's write ended; with
// O_APPEND, at the end of the file then) is still the file's size, so no
// other writer has appended since.
void take_back(int fd, size_t torn) noexcept {
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    const off_t end = ::lseek(fd, 0, SEEK_CUR);
    if (end < 0 || end != st.st_size || static_cast<size_t>(end) < torn) return;
    while (::ftruncate(fd, end - static_cast<off_t>(torn)) != 0 && errno == EINTR) {
    }
}

}  // namespace

int write_all(int fd, const char* data, size_t n) noexcept {
    size_t done;
    return write_loop(fd, data, n, &done);
}

int detail::write_lines_no_sigpipe(int fd, const char* data, size_t n, size_t* kept) noexcept {
    const int err = write_all_no_sigpipe(fd, data, n);
    // Pipes and sockets cannot take bytes back; a failed write there means
    // the reader is gone.
    *kept = err == 0 ? n : 0;
    return err;
}

int detail::finish_lines(int fd, const char* data, size_t n, ssize_t first, size_t* kept) noexcept {
    // What write_loop does after a write that returned `first`.
    size_t done = 0;
    int err = 0;
    if (first > 0) {
        done = static_cast<size_t>(first);
    } else if (first == 0) {
        err = EIO;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, -1) < 0 && errno != EINTR) err = errno;
    } else if (errno != EINTR) {
        err = errno;
    }
    if (err == 0 && done < n) {
        size_t more = 0;
        err = write_loop(fd, data + done, n - done, &more);
        done += more;
    }
    if (err == 0) {
        *kept = n;
        return 0;
    }
    size_t whole = done;
    while (whole > 0 && data[whole - 1] != '\n') --whole;
    *kept = whole;
    if (done > whole) take_back(fd, done - whole);
    return err;
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
