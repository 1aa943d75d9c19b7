// fd_io.hpp - writing a whole buffer to a file descriptor (private to
// libcore/src), shared by the stream and file handlers and the stderr
// fallbacks.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <cstddef>
#include <string>

#include "picolog/fork_gate.hpp"

namespace picolog::fd_io {

namespace detail {
// write_lines after its first write(2), which wrote `first` (or failed,
// errno still its): the rest of the loop, and the cut short line taken
// back. Out of line: a record's line is almost always written whole at
// once.
[[gnu::cold, gnu::noinline]] int finish_lines(int fd, const char* data, size_t n, ssize_t first,
                                              size_t* kept) noexcept;
// write_lines for a descriptor that may raise SIGPIPE.
[[gnu::cold, gnu::noinline]] int write_lines_no_sigpipe(int fd, const char* data, size_t n,
                                                        size_t* kept) noexcept;
}  // namespace detail

// Writes all n bytes, resuming partial writes and retrying EINTR (and
// EAGAIN on a non-blocking descriptor, after waiting for it to drain).
// Returns 0 or the errno of the failure. The calling thread is quiet
// (fork_gate.hpp) meanwhile: call it with the handler's state consistent.
int write_all(int fd, const char* data, size_t n) noexcept;

// As write_all, for a descriptor that may be a pipe or a socket: if its
// reader is gone the write fails with EPIPE and raises no SIGPIPE. The
// signal is blocked in the calling thread around the write, and one it
// raised is taken back (only if none was pending before), so the program's
// disposition, mask and pending signals stay as they were. Costs three
// system calls more than write_all.
int write_all_no_sigpipe(int fd, const char* data, size_t n) noexcept;

// As write_all (or write_all_no_sigpipe when guard_sigpipe), for data made
// of whole lines. If the write fails part way (a short write, then a full
// disk), the line cut short is taken back out of a regular file, so the
// file still ends with a whole line (unless another writer appended
// meanwhile: then it is left). *kept is the bytes of whole lines that
// reached fd: all n on success. Inline: a handler writing every record
// calls it once per record, and its common case is one write(2).
inline int write_lines(int fd, const char* data, size_t n, bool guard_sigpipe, size_t* kept) noexcept {
    if (guard_sigpipe) [[unlikely]]
        return detail::write_lines_no_sigpipe(fd, data, n, kept);
    if (n == 0) [[unlikely]] {
        *kept = 0;
        return 0;
    }
    // A write may block (a full pipe, a slow disk); the caller's handler is
    // at rest meanwhile, so fork() need not wait for it (fork_gate.hpp).
    fork_gate::Quiet quiet;
    const ssize_t first = ::write(fd, data, n);
    if (first == static_cast<ssize_t>(n)) [[likely]] {
        *kept = n;
        return 0;
    }
    return detail::finish_lines(fd, data, n, first, kept);
}

// Whether writing to fd can raise SIGPIPE: a pipe, FIFO or socket (or a
// descriptor fstat cannot tell).
bool may_raise_sigpipe(int fd) noexcept;

// "write failed: No space left on device"
std::string describe_errno(const char* what, int err);

}  // namespace picolog::fd_io
