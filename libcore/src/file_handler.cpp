// file_handler.cpp - a handler appending to a file, every record written
// whole: at once, or buffered and written when the buffer fills, at a
// severe record, or when the flush interval has passed.
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "fd_io.hpp"
#include "picolog/handlers.hpp"

namespace picolog {
namespace {

int64_t monotonic_ns() noexcept {
    timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void validate(const std::string& path, const FileOptions& o) {
    if (path.empty()) throw Error(kInvalid, "file handler: the path is empty");
    if (path.find('\0') != std::string::npos)
        throw Error(kInvalid, "file handler: the path contains a NUL byte");
    if (o.mode > 07777)
        throw Error(kInvalid, "file handler: mode " + std::to_string(o.mode) + " is not a permission mode");
    if (o.flush_policy != FlushPolicy::EveryRecord && o.flush_policy != FlushPolicy::Buffered)
        throw Error(kInvalid, "file handler: unknown flush policy");
    if (o.flush_level < 0)
        throw Error(kInvalid, "file handler: flush level " + std::to_string(o.flush_level) + " is negative");
    if (o.flush_policy == FlushPolicy::Buffered && o.buffer_size == 0)
        throw Error(kInvalid, "file handler: a buffered file needs a buffer size above 0");
}

}  // namespace

FileHandler::FileHandler(std::string path, const FileOptions& options)
    : path_(std::move(path)), options_(options) {
    validate(path_, options_);
    if (options_.mode == 0) options_.mode = 0644;
    if (options_.flush_policy == FlushPolicy::Buffered) pending_.reserve(options_.buffer_size);
    if (!options_.delay) {
        if (int err = open_file(); err != 0)
            throw Error(kIoError, fd_io::describe_errno(("cannot open " + path_).c_str(), err));
    }
}

FileHandler::~FileHandler() {
    if (fd_ < 0) return;
    // Reached without close() only when the handler was never shared; keep
    // what was buffered anyway.
    if (guard_sigpipe_) {
        fd_io::write_all_no_sigpipe(fd_, pending_.data(), pending_.size());
    } else {
        fd_io::write_all(fd_, pending_.data(), pending_.size());
    }
    ::close(fd_);
}

int FileHandler::open_file() noexcept {
    int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (options_.truncate ? O_TRUNC : 0);
    int fd;
    do {
        fd = ::open(path_.c_str(), flags, static_cast<mode_t>(options_.mode));
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return errno;
    fd_ = fd;
    guard_sigpipe_ = fd_io::may_raise_sigpipe(fd);
    last_flush_ns_ = monotonic_ns();
    return 0;
}

void FileHandler::write_out(std::string_view data) {
    size_t kept = 0;
    int err = fd_io::write_lines(fd_, data.data(), data.size(), guard_sigpipe_, &kept);
    if (err == 0) return;
    // Each line that did not reach the file is one failure (the throw
    // reports and counts the first): none is lost silently.
    const auto lost =
        static_cast<uint64_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(kept), data.end(), '\n'));
    if (lost > 1) add_failures(lost - 1);
    throw Error(kIoError, fd_io::describe_errno("write failed", err));
}

void FileHandler::write_pending() {
    struct Clear {  // after a failure too: the bytes cannot be placed later
        std::string& bytes;
        ~Clear() { bytes.clear(); }
    } clear{pending_};
    last_flush_ns_ = monotonic_ns();
    write_out(pending_);
}

int FileHandler::emit(const Record& record, std::string_view line) {
    if (fd_ < 0) {
        if (int err = open_file(); err != 0)
            throw Error(kIoError, fd_io::describe_errno(("cannot open " + path_).c_str(), err));
    }
    // The newline follows the line in the handler's buffer (handler.hpp).
    std::string_view with_newline(line.data(), line.size() + 1);
    if (options_.flush_policy == FlushPolicy::EveryRecord) {
        write_out(with_newline);
        return kOk;
    }
    if (!pending_.empty() && pending_.size() + with_newline.size() > options_.buffer_size) write_pending();
    pending_.append(with_newline);
    bool interval_due = options_.flush_interval_ms != 0 &&
                        monotonic_ns() - last_flush_ns_ >= int64_t{options_.flush_interval_ms} * 1000000;
    if (pending_.size() >= options_.buffer_size || record.level >= options_.flush_level || interval_due)
        write_pending();
    return kOk;
}

int FileHandler::do_flush() {
    if (!pending_.empty() && fd_ >= 0) write_pending();
    return kOk;
}

void FileHandler::do_close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void FileHandler::after_fork_child() noexcept {
    // The parent writes these bytes itself; writing them here too would
    // duplicate its records.
    pending_.clear();
}

std::string FileHandler::describe() const {
    return "FileHandler(" + path_ + ")";
}

}  // namespace picolog
