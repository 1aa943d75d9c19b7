// timed_rotating_file_handler.cpp - rotation by time, as Python's
// TimedRotatingFileHandler: the check against the (injectable) clock before
// each write, the dated name, and the deletion of the oldest files.
#include <stdio.h>
#include <unistd.h>

#include <cerrno>

#include "log_file.hpp"
#include "picolog/rotating.hpp"
#include "process_lock.hpp"
#include "time_rollover.hpp"

namespace picolog {

namespace {

FileOptions shared_file_options(FileOptions options, bool multiprocess) {
    // A shared file is written record by record: bytes buffered in one
    // process would land after another process's rotation.
    if (multiprocess) options.flush_policy = FlushPolicy::EveryRecord;
    return options;
}

}  // namespace

TimedRotatingFileHandler::TimedRotatingFileHandler(std::string path, const TimeRotationOptions& rotation,
                                                   const FileOptions& options, const RotationHooks& hooks)
    : RotatingHandlerBase(std::move(path), shared_file_options(options, rotation.multiprocess), hooks),
      rotation_(rotation) {
    try {
        interval_s_ = time_rollover::interval_seconds(rotation_);
    } catch (...) {
        hooks_.destroy = nullptr;  // the creator still owns userdata
        throw;
    }
    // The first rollover counts from the file's mtime, as in Python: a
    // program restarted late still rotates yesterday's file.
    int64_t start = file_mtime(file_->path());
    if (start < 0) start = now_seconds();
    rollover_at_.store(time_rollover::compute(rotation_, interval_s_, start), std::memory_order_relaxed);
    if (rotation_.multiprocess) process_lock_ = std::make_unique<ProcessLock>(file_->path() + ".lock");
    if (!options.delay) open_at_construction();
    start_timer(shared_file_options(options, rotation.multiprocess));
}

TimedRotatingFileHandler::~TimedRotatingFileHandler() {
    stop_timer();
}

void TimedRotatingFileHandler::rollover_locked() {
    if (!process_lock_) return rollover(now_seconds());
    ProcessLockGuard guard(*process_lock_);
    rollover(now_seconds());
}

void TimedRotatingFileHandler::after_fork_child() noexcept {
    RotatingHandlerBase::after_fork_child();
    if (process_lock_) process_lock_->forget_after_fork();
}

// The check-rotate-write of several processes, under the lock file. The
// process that rotates stores in the lock file the new file's inode and the
// end of its period. One that finds the path renamed since it opened it
// reopens; if the lock file names the file it reopened, that period's end
// becomes its own, so the file is rotated when its period ends by whichever
// process writes first after that. A path moved by something else only
// moves the rollover time on, as for one process. The clock is read under
// the lock, so every process sees the times in the order the records are
// written.
int TimedRotatingFileHandler::emit_shared(const Record& record, std::string_view with_newline) {
    ProcessLockGuard guard(*process_lock_);
    bool moved = false;
    if (!file_->is_open())
        file_->open_or_throw();
    else
        moved = file_->reopen_if_moved();
    ProcessLock::Shared shared;
    if (moved && process_lock_->load_shared(shared) && shared.key == static_cast<uint64_t>(file_->ino())) {
        rollover_at_.store(shared.value, std::memory_order_relaxed);
        moved = false;  // rotated to by a process of this file: its period is known
    }
    int64_t now = now_seconds();
    if (now >= rollover_at_.load(std::memory_order_relaxed)) {
        const uint64_t rotations = stats().rotations;
        if (moved || exists_not_regular(file_->path()))
            rollover_at_.store(time_rollover::compute(rotation_, interval_s_, now),
                               std::memory_order_relaxed);
        else
            rollover(now);
        if (!file_->is_open()) file_->open_or_throw();
        if (stats().rotations != rotations)
            process_lock_->store_shared(
                {static_cast<uint64_t>(file_->ino()), rollover_at_.load(std::memory_order_relaxed)});
    }
    file_->write(with_newline, record.level);
    return kOk;
}

int TimedRotatingFileHandler::emit(const Record& record, std::string_view line) {
    if (process_lock_) return emit_shared(record, std::string_view(line.data(), line.size() + 1));
    int64_t now = now_seconds();
    if (now >= rollover_at_.load(std::memory_order_relaxed)) {
        if (exists_not_regular(file_->path()))
            rollover_at_.store(time_rollover::compute(rotation_, interval_s_, now),
                               std::memory_order_relaxed);
        else
            rollover(now);
    }
    file_->write(std::string_view(line.data(), line.size() + 1), record.level);
    return kOk;
}

void TimedRotatingFileHandler::rollover(int64_t now) {
    const std::string& base = file_->path();
    std::string dest = rotation_name(
        base + "." +
        time_rollover::suffix(rotation_, rollover_at_.load(std::memory_order_relaxed) - interval_s_, now));
    if (path_exists(dest) || (rotation_.compress && path_exists(dest + ".gz"))) {
        // Already rolled over (Python 3.13): the dated file, plain or already
        // compressed, is never replaced, so no earlier records are lost;
        // writing goes on in the current file.
        rollover_at_.store(time_rollover::next_after_rollover(rotation_, interval_s_, now),
                           std::memory_order_relaxed);
        return;
    }
    try {
        file_->close();
    } catch (const Error& e) {
        report_failure(e.what());
    }
    bool failed = false;
    if (int err = rotate_file(base, dest); err != 0) {
        rotation_failed("cannot rotate " + base + " to " + dest, err);
        failed = true;
    }
    if (failed) {
        rollover_at_.store(time_rollover::next_after_rollover(rotation_, interval_s_, now),
                           std::memory_order_relaxed);
        return;
    }
    rotation_done();
    bool namer = hooks_.namer != nullptr;
    AfterRotation work;
    if (rotation_.backup_count > 0) {
        // With compression the count is taken after the gzip, on the same
        // thread, so a file being compressed is never deleted under it.
        if (rotation_.compress)
            work.beyond_count = [o = rotation_, base, namer] {
                return time_rollover::files_to_delete(o, base, namer);
            };
        else
            for (const std::string& old : time_rollover::files_to_delete(rotation_, base, namer))
                if (::unlink(old.c_str()) != 0 && errno != ENOENT)
                    rotation_failed("cannot remove " + old, errno);
    }
    if (rotation_.compress) {
        work.compress = dest;
        work.sweep_temporaries = true;
    }
    if (rotation_.max_age_days > 0) {
        TimeRotationOptions all = rotation_;
        all.backup_count = 0;  // every rotated file, for their age
        work.by_age = [all, base, namer] { return time_rollover::files_to_delete(all, base, namer); };
        work.cutoff_s = now - int64_t{rotation_.max_age_days} * 86400;
    }
    after_rotation(std::move(work));
    rollover_at_.store(time_rollover::next_after_rollover(rotation_, interval_s_, now),
                       std::memory_order_relaxed);
}

int64_t TimedRotatingFileHandler::compute_rollover(int64_t current_time) const {
    return time_rollover::compute(rotation_, interval_s_, current_time);
}

std::string TimedRotatingFileHandler::describe() const {
    return "TimedRotatingFileHandler(" + path() + ")";
}

}  // namespace picolog
