// rotating_file_handler.cpp - rotation by size, as Python's
// RotatingFileHandler: the check before each write, the shift of
// path.1 .. path.N, and a failed rename that keeps the live file.
#include <stdio.h>
#include <unistd.h>

#include <cerrno>

#include "log_file.hpp"
#include "picolog/rotating.hpp"
#include "process_lock.hpp"
#include "retention.hpp"

namespace picolog {

namespace {

FileOptions shared_file_options(FileOptions options, bool multiprocess) {
    // A shared file is written record by record: bytes buffered in one
    // process would land after another process's rotation.
    if (multiprocess) options.flush_policy = FlushPolicy::EveryRecord;
    return options;
}

int unlink_missing_ok(const std::string& path) noexcept {
    return ::unlink(path.c_str()) == 0 || errno == ENOENT ? 0 : errno;
}

}  // namespace

RotatingFileHandler::RotatingFileHandler(std::string path, const SizeRotationOptions& rotation,
                                         const FileOptions& options, const RotationHooks& hooks)
    : RotatingHandlerBase(std::move(path), shared_file_options(options, rotation.multiprocess), hooks),
      rotation_(rotation) {
    if (rotation_.multiprocess) process_lock_ = std::make_unique<ProcessLock>(file_->path() + ".lock");
    if (!options.delay) open_at_construction();
    start_timer(shared_file_options(options, rotation.multiprocess));
}

RotatingFileHandler::~RotatingFileHandler() {
    stop_timer();
}

bool RotatingFileHandler::due(uint64_t line_size) const noexcept {
    // Never rotate an empty file (a line longer than max_bytes gets a file
    // of its own) nor anything but a regular file.
    uint64_t size = file_->size();
    return rotation_.max_bytes > 0 && rotation_.backup_count > 0 && size > 0 &&
           size + line_size >= rotation_.max_bytes && file_->regular();
}

int RotatingFileHandler::emit(const Record& record, std::string_view line) {
    std::string_view with_newline(line.data(), line.size() + 1);
    if (process_lock_) {
        ProcessLockGuard guard(*process_lock_);
        if (!file_->is_open()) file_->open_or_throw();
        file_->reopen_if_moved();  // another process may have rotated
        file_->refresh_size();     // and others have appended
        if (due(with_newline.size())) {
            rollover();
            if (!file_->is_open()) file_->open_or_throw();
        }
        file_->write(with_newline, record.level);
        return kOk;
    }
    if (rotation_.max_bytes > 0 && rotation_.backup_count > 0) {
        if (!file_->is_open())
            file_->open_or_throw();
        else
            file_->reopen_if_requested();
        if (due(with_newline.size())) {
            rollover();
            if (!file_->is_open()) file_->open_or_throw();
        }
    }
    file_->write(with_newline, record.level);
    return kOk;
}

void RotatingFileHandler::rollover_locked() {
    if (!process_lock_) return rollover();
    ProcessLockGuard guard(*process_lock_);
    rollover();
}

void RotatingFileHandler::after_fork_child() noexcept {
    RotatingHandlerBase::after_fork_child();
    if (process_lock_) process_lock_->forget_after_fork();
}

void RotatingFileHandler::rollover() {
    try {
        file_->close();
    } catch (const Error& e) {
        report_failure(e.what());
    }
    if (rotation_.backup_count == 0) return;  // Python only reopens the file
    const std::string& base = file_->path();
    bool failed = false;
    for (unsigned i = rotation_.backup_count - 1; i > 0; --i) {
        std::string source = rotation_name(base + "." + std::to_string(i));
        std::string dest = rotation_name(base + "." + std::to_string(i + 1));
        if (!path_exists(source)) continue;
        // Removed first, as Python does: a rename over an existing file makes
        // ext4 (auto_da_alloc) write the renamed file's data out at once,
        // which would stall every thread waiting for this handler's lock.
        if (int err = i + 1 == rotation_.backup_count ? drop_file(dest) : unlink_missing_ok(dest); err != 0) {
            rotation_failed("cannot remove " + dest, err);
            failed = true;
            continue;
        }
        if (::rename(source.c_str(), dest.c_str()) != 0) {
            rotation_failed("cannot rename " + source + " to " + dest, errno);
            failed = true;
        }
    }
    std::string first = rotation_name(base + ".1");
    if (int err = path_exists(first)
                      ? (rotation_.backup_count == 1 ? drop_file(first) : unlink_missing_ok(first))
                      : 0;
        err != 0) {
        rotation_failed("cannot remove " + first, err);
        failed = true;
    } else if (int err = rotate_file(base, first); err != 0) {
        // The live file stays where it is and is reopened for appending.
        rotation_failed("cannot rotate " + base + " to " + first, err);
        failed = true;
    }
    if (failed) return;
    rotation_done();
    if (rotation_.max_age_days > 0) {
        AfterRotation work;
        work.by_age = [base] { return size_rotated_files(base); };
        work.cutoff_s = now_seconds() - int64_t{rotation_.max_age_days} * 86400;
        after_rotation(std::move(work));
    }
}

std::string RotatingFileHandler::describe() const {
    return "RotatingFileHandler(" + path() + ")";
}

}  // namespace picolog
