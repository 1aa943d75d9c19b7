// rotating.hpp - file handlers that rotate: by size (Python's
// RotatingFileHandler) and by time (TimedRotatingFileHandler), with the
// names, checks and deletions of Python's logging.handlers.
//
// A rotation never truncates the live file: when a rename fails, the handler
// counts the failure, reports it through the error hook and goes on writing
// to the file it has, so no record is lost.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "picolog/handler.hpp"
#include "picolog/handlers.hpp"

namespace picolog {

class LogFile;
class FlushTimer;
class ProcessLock;
struct SizeCompression;

// Hooks a binding may set; each may be null (the default behaviour).
struct RotationHooks {
    // The wall clock in ns since the epoch (tests inject one); default
    // CLOCK_REALTIME.
    int64_t (*now_ns)(void* userdata) = nullptr;
    // Python's namer: writes the name to use for default_name into out
    // (NUL-terminated, at most out_size bytes); returns 0, or non-zero to
    // keep the default name.
    int (*namer)(const char* default_name, char* out, size_t out_size, void* userdata) = nullptr;
    // Python's rotator: moves source to dest in its own way; returns 0 or
    // non-zero for a failure (counted like a failed rename).
    int (*rotator)(const char* source, const char* dest, void* userdata) = nullptr;
    void* userdata = nullptr;
    // Runs once when the handler is destroyed (frees userdata); may be null.
    // Not called when the constructor throws: userdata stays the caller's.
    void (*destroy)(void* userdata) = nullptr;
};

// What the rotating handlers have done, for tests and monitoring.
struct RotationStats {
    uint64_t rotations = 0;          // rotations completed
    uint64_t rotation_failures = 0;  // renames, rotator calls, compressions or deletions that failed
    int64_t rollover_at = 0;         // time rotation: the next rollover (s since the epoch)
};

// The part both rotating handlers share: the file, the hooks and the counts.
class RotatingHandlerBase : public Handler {
public:
    ~RotatingHandlerBase() override;
    const std::string& path() const noexcept;
    RotationStats stats() const noexcept;
    // Also waits for the compression and deletions of earlier rotations.
    int flush() noexcept override;
    // Python's doRollover() called by hand: rotates now, under the lock.
    // Returns kOk, or the status of a write that failed first; a failed
    // rename is counted in stats() as during logging.
    int rollover_now() noexcept;

protected:
    RotatingHandlerBase(std::string path, const FileOptions& options, const RotationHooks& hooks);

    int do_flush() override;
    void do_close() override;
    void after_fork_child() noexcept override;

    // Opens the file from a constructor; on failure userdata stays the
    // caller's (destroy is not called).
    void open_at_construction();
    int64_t now_seconds() const noexcept;
    // The namer applied to a default name.
    std::string rotation_name(const std::string& default_name) const;
    // Moves source to dest (rename, or the rotator). Returns 0 or an errno
    // (EIO for a rotator failure); a missing source is no failure.
    int rotate_file(const std::string& source, const std::string& dest) const;
    // Removes path, a rotated file rotation drops, and returns 0 or an
    // errno (ENOENT is no failure). Freeing its pages (the kernel does it
    // when the last reference goes, which for a full log file costs more
    // than the rest of a rotation) happens on the housekeeping thread: the
    // name goes at once, the data when a descriptor held open meanwhile is
    // closed there. (A child forked in between keeps its copy of that
    // descriptor, close-on-exec, until it execs or exits.)
    int drop_file(const std::string& path) const noexcept;
    // Counts and reports a failed rotation step; writing goes on.
    void rotation_failed(const std::string& what, int err) noexcept;
    void rotation_done() noexcept { rotations_.fetch_add(1, std::memory_order_relaxed); }
    // The work after a rotation, done on the housekeeping thread in this
    // order: gzip of compress (if not empty), compress_all, deleting every file
    // beyond_count() returns, deleting the files by_age() returns whose mtime
    // is before cutoff_s. Empty functions are skipped.
    struct AfterRotation {
        std::string compress;
        // Compresses what it finds to compress (size rotation); "" or a failure.
        // in_rotation: run by the rotation itself, its locks held, because
        // no housekeeping thread could start.
        std::function<std::string(bool in_rotation)> compress_all;
        std::function<std::vector<std::string>()> beyond_count;
        std::function<std::vector<std::string>()> by_age;
        int64_t cutoff_s = 0;
        // Also removes compression temporaries left by a dead writer.
        bool sweep_temporaries = false;
    };
    void after_rotation(AfterRotation work);
    // The rotation itself, with the lock held.
    virtual void rollover_locked() = 0;
    virtual int64_t next_rollover() const noexcept { return 0; }

    // Call last in a constructor: starts the timed flush.
    void start_timer(const FileOptions& options) noexcept;
    // Call first in the final class's destructor, while the object is whole.
    void stop_timer() noexcept;

    std::unique_ptr<LogFile> file_;
    RotationHooks hooks_;
    std::unique_ptr<FlushTimer> timer_;

private:
    std::atomic<uint64_t> rotations_{0};
    // Shared with the housekeeping jobs, which may outlive the handler.
    std::shared_ptr<std::atomic<uint64_t>> rotation_failures_ = std::make_shared<std::atomic<uint64_t>>(0);
};

struct SizeRotationOptions {
    uint64_t max_bytes = 0;     // 0: never rotate
    unsigned backup_count = 0;  // 0: never rotate
    unsigned max_age_days = 0;  // > 0: also delete rotated files older than this
    // Several processes write the file: each check-rotate-write holds a
    // flock on path + ".lock", sizes are read from the file, and a process
    // finding the path rotated by another reopens it. Records are written
    // at once (no buffering).
    bool multiprocess = false;
    // gzip each rotated file to path.N.gz on the housekeeping thread; later
    // rotations shift the .gz files as the plain ones.
    bool compress = false;
};

// Rotates when the file's size plus the next line reaches max_bytes (the
// check Python makes before writing), renaming path.N-1 to path.N ... path to
// path.1 and dropping path.<backup_count>. An empty file is never rotated, so
// a line longer than max_bytes is written to a file of its own.
class RotatingFileHandler final : public RotatingHandlerBase {
public:
    // Throws Error(kInvalid) for bad options, Error(kIoError) if the file
    // cannot be opened (unless delay).
    RotatingFileHandler(std::string path, const SizeRotationOptions& rotation,
                        const FileOptions& options = {}, const RotationHooks& hooks = {});
    ~RotatingFileHandler() override;

protected:
    int emit(const Record& record, std::string_view line) override;
    int emit_record(const Record& record, const Formatter& formatter) override;
    std::string describe() const override;
    void rollover_locked() override;
    void after_fork_child() noexcept override;

private:
    void rollover();
    // Removes name (and name.gz when compressing), through drop_file when
    // drops. False (counted) on a failure.
    bool clear_slot(const std::string& name, bool drops);
    // Python's shift of one rotated file: if source (or, when compressing,
    // source.gz) exists, clears dest's slot and renames what there is.
    // False (counted) on a failure.
    bool shift(const std::string& source, const std::string& dest, bool drops_dest);
    // Whether a line of line_size bytes rotates a file of `size` bytes.
    bool due(uint64_t size, uint64_t line_size) const noexcept;

    SizeRotationOptions rotation_;
    std::unique_ptr<ProcessLock> process_lock_;     // multiprocess only
    std::shared_ptr<SizeCompression> compression_;  // compress only
};

// Python's `when`: seconds, minutes, hours, days, midnight, weekday 0-6.
enum class RotateWhen { Seconds, Minutes, Hours, Days, Midnight, Weekday };

struct TimeRotationOptions {
    RotateWhen when = RotateWhen::Hours;
    int weekday = 0;            // 0 Monday .. 6 Sunday, for Weekday
    unsigned interval = 1;      // units of `when`; must be at least 1
    unsigned backup_count = 0;  // 0: keep every rotated file
    bool utc = false;
    int at_time_seconds = -1;   // Midnight and Weekday: seconds after midnight, or -1 for midnight
    bool compress = false;      // gzip each rotated file (path.<suffix>.gz), off the logging thread
    unsigned max_age_days = 0;  // > 0: also delete rotated files older than this
    // Several processes write the file, as SizeRotationOptions::multiprocess:
    // one of them renames per rollover, the others reopen.
    bool multiprocess = false;
};

// Rotates when the clock reaches the rollover time, renaming path to
// path.<suffix> (the start of the interval, as strftime formats it in
// Python's suffix for `when`) and deleting the oldest files that match the
// suffix beyond backup_count. The first rollover counts from the file's
// mtime, as in Python; daylight saving time is handled as Python does.
class TimedRotatingFileHandler final : public RotatingHandlerBase {
public:
    TimedRotatingFileHandler(std::string path, const TimeRotationOptions& rotation,
                             const FileOptions& options = {}, const RotationHooks& hooks = {});
    ~TimedRotatingFileHandler() override;

    // The next rollover time, in seconds since the epoch.
    int64_t rollover_at() const noexcept { return rollover_at_.load(std::memory_order_relaxed); }
    // The rollover time this handler's schedule gives a file last written at
    // current_time (Python 3.13's computeRollover), as it computes its own.
    int64_t compute_rollover(int64_t current_time) const;

protected:
    int emit(const Record& record, std::string_view line) override;
    std::string describe() const override;
    void rollover_locked() override;
    int64_t next_rollover() const noexcept override { return rollover_at(); }
    void after_fork_child() noexcept override;

private:
    void rollover(int64_t now);
    int emit_shared(const Record& record, std::string_view with_newline);

    TimeRotationOptions rotation_;
    int64_t interval_s_ = 0;
    std::atomic<int64_t> rollover_at_{0};
    std::unique_ptr<ProcessLock> process_lock_;  // multiprocess only
};

// Python's WatchedFileHandler, for files another program rotates (logrotate,
// newsyslog): before each record it stats the path and reopens it when the
// file is gone or another file has taken its name (device or inode changed).
// Costs one stat(2) per record; picolog_reopen_files() from a SIGHUP handler
// serves a plain FileHandler without that cost.
class WatchedFileHandler final : public Handler {
public:
    WatchedFileHandler(std::string path, const FileOptions& options = {});
    ~WatchedFileHandler() override;
    const std::string& path() const noexcept;

protected:
    int emit(const Record& record, std::string_view line) override;
    int do_flush() override;
    void do_close() override;
    void after_fork_child() noexcept override;
    std::string describe() const override;

private:
    std::unique_ptr<LogFile> file_;
    std::unique_ptr<FlushTimer> timer_;
};

}  // namespace picolog
