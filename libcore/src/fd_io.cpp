// fd_io.cpp - whole-buffer writes to a file descriptor.
#include "fd_io.hpp"

#include <poll.h>
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

std::string describe_errno(const char* what, int err) {
    char buf[256];
    // GNU strerror_r returns the message, which may not be in buf.
    const char* text = ::strerror_r(err, buf, sizeof buf);
    return std::string(what) + ": " + text;
}

}  // namespace picolog::fd_io
