// log_file.cpp - one open log file: open, whole-record writes, buffering
// and size accounting, shared by the rotating and watched file handlers.
#include "log_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "../fd_io.hpp"
#include "picolog/error.hpp"
#include "picolog/reopen.hpp"

namespace picolog {
namespace {

int64_t monotonic_ns() noexcept {
    timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Empties a buffer when it goes out of scope, after a failed write too:
// the bytes cannot be placed later.
struct ClearAfter {
    std::string& bytes;
    ~ClearAfter() { bytes.clear(); }
};

// Runs write, which puts the buffer out on the way to a record (a reopen,
// or a record that does not fit beside the buffer): if it fails, its error
// stops the record too, so the record is lost with the buffer's lines and
// counted with them.
template <class Write>
void before_record(const std::function<void(uint64_t)>& on_lost_lines, Write&& write) {
    try {
        write();
    } catch (...) {
        if (on_lost_lines) on_lost_lines(1);
        throw;
    }
}

}  // namespace

LogFile::LogFile(std::string path, const FileOptions& options, const char* kind)
    : path_(std::move(path)), options_(options) {
    std::string what(kind);
    if (path_.empty()) throw Error(kInvalid, what + ": the path is empty");
    if (path_.find('\0') != std::string::npos) throw Error(kInvalid, what + ": the path contains a NUL byte");
    if (options_.mode > 07777)
        throw Error(kInvalid, what + ": mode " + std::to_string(options_.mode) + " is not a permission mode");
    if (options_.mode == 0) options_.mode = 0644;
    if (options_.flush_policy != FlushPolicy::EveryRecord && options_.flush_policy != FlushPolicy::Buffered)
        throw Error(kInvalid, what + ": unknown flush policy");
    if (options_.flush_level < 0)
        throw Error(kInvalid,
                    what + ": flush level " + std::to_string(options_.flush_level) + " is negative");
    if (options_.flush_policy == FlushPolicy::Buffered && options_.buffer_size == 0)
        throw Error(kInvalid, what + ": a buffered file needs a buffer size above 0");
    // The buffer is reserved up front: a size no allocation can meet is a
    // clear refusal, not std::length_error.
    if (options_.buffer_size > kMaxFileBuffer)
        throw Error(kInvalid, what + ": buffer size " + std::to_string(options_.buffer_size) + " is above " +
                                  std::to_string(kMaxFileBuffer) + " bytes");
    if (options_.flush_policy == FlushPolicy::Buffered) pending_.reserve(options_.buffer_size);
}

LogFile::~LogFile() {
    if (fd_ < 0) return;
    if (guard_sigpipe_) {
        fd_io::write_all_no_sigpipe(fd_, pending_.data(), pending_.size());
    } else {
        fd_io::write_all(fd_, pending_.data(), pending_.size());
    }
    ::close(fd_);
}

int LogFile::open() noexcept {
    // Truncation applies to the first open only: a reopen after a rotation
    // or a rename by logrotate must not erase what another writer added.
    int flags =
        O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (options_.truncate && !opened_once_ ? O_TRUNC : 0);
    uint64_t generation = reopen_generation();
    int fd;
    do {
        fd = ::open(path_.c_str(), flags, static_cast<mode_t>(options_.mode));
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return errno;
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        int err = errno;
        ::close(fd);
        return err;
    }
    fd_ = fd;
    opened_once_ = true;
    size_ = static_cast<uint64_t>(st.st_size);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    regular_ = S_ISREG(st.st_mode);
    guard_sigpipe_ = fd_io::may_raise_sigpipe(fd);
    generation_ = generation;
    last_flush_ns_ = monotonic_ns();
    return 0;
}

void LogFile::open_or_throw() {
    if (int err = open(); err != 0)
        throw Error(kIoError, fd_io::describe_errno(("cannot open " + path_).c_str(), err));
}

void LogFile::close() {
    if (fd_ < 0) return;
    struct Closer {
        int& fd;
        ~Closer() {
            ::close(fd);
            fd = -1;
        }
    } closer{fd_};
    if (!pending_.empty()) write_pending();
}

void LogFile::refresh_size() noexcept {
    struct stat st;
    if (fd_ >= 0 && ::fstat(fd_, &st) == 0) size_ = static_cast<uint64_t>(st.st_size);
}

void LogFile::reopen() {
    before_record(on_lost_lines_, [this] { close(); });
    open_or_throw();
}

bool LogFile::reopen_if_moved() {
    if (fd_ < 0) return false;
    struct stat st;
    if (::stat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_) return false;
    before_record(on_lost_lines_, [this] { close(); });
    open_or_throw();
    return true;
}

void LogFile::lost_lines(std::string_view data, size_t kept, int err) {
    // Each line that did not reach the file is one failure (the throw
    // reports and counts the first): none is lost silently.
    const auto lost =
        static_cast<uint64_t>(std::count(data.begin() + static_cast<std::ptrdiff_t>(kept), data.end(), '\n'));
    if (lost > 1 && on_lost_lines_) on_lost_lines_(lost - 1);
    throw Error(kIoError, fd_io::describe_errno("write failed", err));
}

void LogFile::write_pending() {
    ClearAfter clear{pending_};
    last_flush_ns_ = monotonic_ns();
    write_out(pending_);
}

inline bool LogFile::flush_due(int level) const noexcept {
    return pending_.size() >= options_.buffer_size || level >= options_.flush_level ||
           (options_.flush_interval_ms != 0 &&
            monotonic_ns() - last_flush_ns_ >= int64_t{options_.flush_interval_ms} * 1000000);
}

void LogFile::write_buffered(std::string_view with_newline, int level) {
    const size_t buffered = pending_.size();
    if (buffered != 0 && buffered + with_newline.size() > options_.buffer_size)
        before_record(on_lost_lines_, [this] { write_pending(); });
    pending_.append(with_newline);
    if (flush_due(level)) write_pending();
}

size_t LogFile::stage(const Record& record, const Formatter& formatter) {
    const size_t start = pending_.size();
    try {
        formatter.format(record, pending_);
        pending_ += '\n';
    } catch (...) {
        pending_.resize(start);
        throw;
    }
    return pending_.size() - start;
}

void LogFile::commit(size_t staged, int level) {
    if (options_.flush_policy == FlushPolicy::EveryRecord) {
        ClearAfter clear{pending_};  // the staged record is all there is
        write_out(pending_);
        return;
    }
    const size_t total = pending_.size();
    if (total != staged && total > options_.buffer_size) write_before_staged(staged);
    if (flush_due(level)) write_pending();
}

bool LogFile::buffer_without_writing(const Record& record, const Formatter& formatter) {
    if (options_.flush_policy == FlushPolicy::EveryRecord || fd_ < 0 || reopen_generation() != generation_ ||
        flush_due(record.level))
        return false;
    const size_t staged = stage(record, formatter);
    // commit() would write: the buffer full, with the line or with what was
    // there before it.
    if (pending_.size() >= options_.buffer_size) {
        pending_.resize(pending_.size() - staged);
        return false;
    }
    return true;
}

std::string LogFile::unstage(size_t staged) {
    std::string line(pending_, pending_.size() - staged);
    pending_.resize(pending_.size() - staged);
    return line;
}

// The buffer up to the staged record, which did not fit after it: written,
// and the record moved to the front. If the write fails, the staged record
// is lost with the rest and counted.
void LogFile::write_before_staged(size_t staged) {
    const size_t before = pending_.size() - staged;
    try {
        last_flush_ns_ = monotonic_ns();
        write_out(std::string_view(pending_.data(), before));
    } catch (...) {
        pending_.clear();
        if (on_lost_lines_) on_lost_lines_(1);
        throw;
    }
    pending_.erase(0, before);
}

void LogFile::flush() {
    if (!pending_.empty() && fd_ >= 0) write_pending();
}

int64_t file_mtime(const std::string& path) noexcept {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int64_t>(st.st_mtime);
}

bool exists_not_regular(const std::string& path) noexcept {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

bool path_exists(const std::string& path) noexcept {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0;
}

}  // namespace picolog
