// stream_handler.cpp - a handler writing each record to a file descriptor it
// does not own, with one write(2) per record.
#include "fd_io.hpp"
#include "picolog/handlers.hpp"

namespace picolog {

StreamHandler::StreamHandler(int fd) : fd_(fd), guard_sigpipe_(fd >= 0 && fd_io::may_raise_sigpipe(fd)) {
    if (fd < 0)
        throw Error(kInvalid, "stream handler: file descriptor " + std::to_string(fd) + " is negative");
    // A write per record: waiting for the lock is worth a spin.
    mutex_.set_spinning(true);
}

int StreamHandler::emit(const Record&, std::string_view line) {
    // The newline follows the line in the handler's buffer (handler.hpp).
    // A pipe whose reader is gone fails the write (counted) instead of
    // killing the program with SIGPIPE; a line cut short is taken back.
    size_t kept;
    const int err = fd_io::write_lines(fd_, line.data(), line.size() + 1, guard_sigpipe_, &kept);
    if (err != 0) throw Error(kIoError, fd_io::describe_errno("write failed", err));
    return kOk;
}

std::string StreamHandler::describe() const {
    if (fd_ == 1) return "StreamHandler(<stdout>)";
    if (fd_ == 2) return "StreamHandler(<stderr>)";
    return "StreamHandler(fd " + std::to_string(fd_) + ")";
}

}  // namespace picolog
