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

// "write failed: No space left on device"
std::string describe_errno(const char* what, int err);

}  // namespace picolog::fd_io
