// fd_io.hpp - writing a whole buffer to a file descriptor (private to
// libcore/src), shared by the stream and file handlers and the stderr
// fallbacks.
#pragma once

#include <cstddef>
#include <string>

namespace picolog::fd_io {

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
// reached fd: all n on success.
int write_lines(int fd, const char* data, size_t n, bool guard_sigpipe, size_t* kept) noexcept;

// Whether writing to fd can raise SIGPIPE: a pipe, FIFO or socket (or a
// descriptor fstat cannot tell).
bool may_raise_sigpipe(int fd) noexcept;

// "write failed: No space left on device"
std::string describe_errno(const char* what, int err);

}  // namespace picolog::fd_io
