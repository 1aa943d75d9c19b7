// log_file.hpp - one open log file as the file-writing handlers use it
// (private to libcore/src): opening and reopening, whole-record writes
// through fd_io, the buffered flush policy, and the size the file has
// including what is still buffered.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "../fd_io.hpp"
#include "picolog/formatter.hpp"
#include "picolog/handlers.hpp"
#include "picolog/record.hpp"
#include "picolog/reopen.hpp"

namespace picolog {

class LogFile {
public:
    // Validates options (throws Error(kInvalid)); opens nothing yet.
    LogFile(std::string path, const FileOptions& options, const char* kind);
    ~LogFile();  // writes what is still buffered and closes
    LogFile(const LogFile&) = delete;
    LogFile& operator=(const LogFile&) = delete;

    const std::string& path() const noexcept { return path_; }
    bool is_open() const noexcept { return fd_ >= 0; }
    // Whether records are buffered (FlushPolicy::Buffered).
    bool buffered() const noexcept { return options_.flush_policy == FlushPolicy::Buffered; }

    // Opens (append, or truncate the first time if asked) and learns the
    // size. Returns 0 or an errno.
    int open() noexcept;
    // Throws Error(kIoError) naming the path when open() fails.
    void open_or_throw();
    // Writes what is buffered and closes. Throws Error(kIoError) if the
    // buffered bytes could not be written (the file is closed anyway).
    void close();

    // Makes the file ready for a record: opens it if it is not open, else
    // reopens it if picolog_reopen_files() asked. Throws Error(kIoError).
    // Inline: every record asks.
    void ready() {
        if (fd_ < 0)
            open_or_throw();
        else
            reopen_if_requested();
    }
    // One record, line plus its newline, under the flush policy: ready(),
    // then write_open(). Throws Error(kIoError).
    void write(std::string_view with_newline, int level) {
        ready();
        write_open(with_newline, level);
    }
    // write() on a file the caller has made ready(). Inline: a file written
    // at every record writes here, once per record.
    void write_open(std::string_view with_newline, int level) {
        if (options_.flush_policy == FlushPolicy::EveryRecord)
            write_out(with_newline);
        else
            write_buffered(with_newline, level);
    }
    // write() in two steps, formatting straight into the buffer: stage()
    // appends the record's line and its newline after what is buffered and
    // returns their size (nothing is appended if formatting throws); then
    // either commit() applies the flush policy to them, as write_open()
    // would, on a file made ready(), or unstage() takes them back out.
    // size() counts them while they are staged.
    size_t stage(const Record& record, const Formatter& formatter);
    void commit(size_t staged, int level);
    std::string unstage(size_t staged);
    // stage() and commit() of a record that needs no write: the file open,
    // no reopen asked, and neither the line nor the level nor the flush
    // interval making the buffer due. Returns false with nothing appended
    // when one would write. Throws what formatting throws, with nothing
    // appended.
    bool buffer_without_writing(const Record& record, const Formatter& formatter);
    void flush();  // throws Error(kIoError)
    // Called with the number of lines, beyond the one the thrown error
    // reports, that a failed write could not place (a buffer's lines).
    void on_lost_lines(std::function<void(uint64_t)> fn) { on_lost_lines_ = std::move(fn); }
    // After fork() in the child: the parent writes its own buffered bytes.
    void drop_pending() noexcept { pending_.clear(); }

    // Bytes in the file plus those buffered for it.
    uint64_t size() const noexcept { return size_ + pending_.size(); }
    // Re-reads the size from the open file (another process may append).
    void refresh_size() noexcept;
    // Closes (writing what is buffered) and reopens the path if
    // picolog_reopen_files() was called since it was opened. Throws
    // Error(kIoError). Inline: every record asks.
    void reopen_if_requested() {
        if (fd_ >= 0 && reopen_generation() != generation_) reopen();
    }
    // Python's WatchedFileHandler: reopens when the path is gone or names
    // another file (device or inode changed) than the open one. Throws
    // Error(kIoError).
    // Returns whether it reopened.
    bool reopen_if_moved();
    // The device and inode of the open file.
    dev_t dev() const noexcept { return dev_; }
    ino_t ino() const noexcept { return ino_; }
    // Whether the open file is a regular file (only those are rotated).
    bool regular() const noexcept { return regular_; }

private:
    void reopen();
    // The buffered policy's test after a record is added: the buffer is
    // full, the record is at or above flush_level, or flush_interval_ms has
    // passed since the last write.
    bool flush_due(int level) const noexcept;
    void write_pending();
    void write_before_staged(size_t staged);
    // write_open() under the buffered policy.
    void write_buffered(std::string_view with_newline, int level);
    // Writes whole lines now; a failed write throws Error(kIoError).
    void write_out(std::string_view data) {
        size_t kept;
        const int err = fd_io::write_lines(fd_, data.data(), data.size(), guard_sigpipe_, &kept);
        size_ += kept;
        if (err != 0) [[unlikely]]
            lost_lines(data, kept, err);
    }
    // Counts the lines of `data` past `kept` a write that failed with `err`
    // did not place, and throws the failure.
    [[noreturn, gnu::cold, gnu::noinline]] void lost_lines(std::string_view data, size_t kept, int err);

    std::string path_;
    FileOptions options_;
    int fd_ = -1;
    bool opened_once_ = false;
    uint64_t size_ = 0;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    bool regular_ = true;
    bool guard_sigpipe_ = false;  // a FIFO or socket: see fd_io::may_raise_sigpipe
    std::function<void(uint64_t)> on_lost_lines_;
    uint64_t generation_ = 0;  // reopen_generation() when opened
    std::string pending_;
    int64_t last_flush_ns_ = 0;
};

// The modification time of path in seconds, or -1 if it cannot be read.
int64_t file_mtime(const std::string& path) noexcept;
// True if path exists and is not a regular file (a FIFO or a device, which
// Python never rotates).
bool exists_not_regular(const std::string& path) noexcept;
bool path_exists(const std::string& path) noexcept;

}  // namespace picolog
