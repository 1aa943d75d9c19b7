// rotating_file_handler.cpp - rotation by size, as Python's
// RotatingFileHandler: the check before each write, the shift of
// path.1 .. path.N, and a failed rename that keeps the live file.
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

#include "log_file.hpp"
#include "picolog/rotating.hpp"
#include "process_lock.hpp"
#include "retention.hpp"
#include "size_compression.hpp"

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
    if (rotation_.compress) {
        compression_ = std::make_shared<SizeCompression>();
        if (rotation_.multiprocess) compression_->lock_path = file_->path() + ".lock";
    }
    if (!options.delay) open_at_construction();
    start_timer(shared_file_options(options, rotation.multiprocess));
}

RotatingFileHandler::~RotatingFileHandler() {
    stop_timer();
}

bool RotatingFileHandler::due(uint64_t size, uint64_t line_size) const noexcept {
    // Never rotate an empty file (a line longer than max_bytes gets a file
    // of its own) nor anything but a regular file.
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
        if (due(file_->size(), with_newline.size())) {
            rollover();
            if (!file_->is_open()) file_->open_or_throw();
        }
        file_->write(with_newline, record.level);
        return kOk;
    }
    file_->ready();
    if (due(file_->size(), with_newline.size())) {
        rollover();
        if (!file_->is_open()) file_->open_or_throw();
    }
    file_->write_open(with_newline, record.level);
    return kOk;
}

int RotatingFileHandler::emit_record(const Record& record, const Formatter& formatter) {
    if (process_lock_) return Handler::emit_record(record, formatter);
    file_->ready();
    // Formatted straight into the file's buffer; the size check needs the
    // line's size, so it follows.
    const size_t staged = file_->stage(record, formatter);
    if (due(file_->size() - staged, staged)) [[unlikely]] {
        // The rollover writes the buffer out and may run callbacks that log
        // into this handler: the record waits outside it.
        const std::string line = file_->unstage(staged);
        rollover();
        if (!file_->is_open()) file_->open_or_throw();
        file_->write_open(line, record.level);
        return kOk;
    }
    file_->commit(staged, record.level);
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
    if (compression_) reinit_after_fork_child(*compression_);
}

bool RotatingFileHandler::clear_slot(const std::string& name, bool drops) {
    // Removed first, as Python does: a rename over an existing file makes
    // ext4 (auto_da_alloc) write the renamed file's data out at once, which
    // would stall every thread waiting for this handler's lock.
    for (int kind = 0; kind < (compression_ ? 2 : 1); ++kind) {
        std::string victim = kind == 0 ? name : name + ".gz";
        if (int err = drops ? drop_file(victim) : unlink_missing_ok(victim); err != 0) {
            rotation_failed("cannot remove " + victim, err);
            return false;
        }
    }
    return true;
}

bool RotatingFileHandler::shift(const std::string& source, const std::string& dest, bool drops_dest) {
    bool plain = path_exists(source), gz = compression_ && path_exists(source + ".gz");
    if (!plain && !gz) return true;
    if (!clear_slot(dest, drops_dest)) return false;
    bool ok = true;
    for (const char* ext : {"", ".gz"}) {
        if (*ext == '\0' ? !plain : !gz) continue;
        std::string from = source + ext, to = dest + ext;
        if (::rename(from.c_str(), to.c_str()) != 0) {
            const int err = errno;
            // Removed since it was looked for (by a retention job of an
            // earlier rotation): it holds no slot, as if never there.
            if (err == ENOENT && !path_exists(from)) continue;
            rotation_failed("cannot rename " + from + " to " + to, err);
            ok = false;
        }
    }
    return ok;
}

void RotatingFileHandler::rollover() {
    try {
        file_->close();
    } catch (const Error& e) {
        report_failure(e.what());
    }
    if (rotation_.backup_count == 0) return;  // Python only reopens the file
    const std::string& base = file_->path();
    const unsigned count = rotation_.backup_count;
    std::unique_lock<HandlerMutex> names;  // kept from a compression job finding its file
    if (compression_) names = std::unique_lock(compression_->names);
    // A file that could not move on still holds its slot: the shifts stop
    // there (as Python's raise does), since the next one would remove it.
    bool failed = false;
    auto shift_up = [&](unsigned i) {
        failed = !shift(rotation_name(base + "." + std::to_string(i)),
                        rotation_name(base + "." + std::to_string(i + 1)), i + 1 == count);
    };
    if (hooks_.namer) {
        for (unsigned i = count - 1; i > 0 && !failed; --i) shift_up(i);
    } else {
        for (unsigned i : size_rotated_slots(base, count - 1)) {
            shift_up(i);
            if (failed) break;
        }
    }
    if (!failed) {
        std::string first = rotation_name(base + ".1");
        if (!clear_slot(first, count == 1)) {
            failed = true;
        } else if (int err = rotate_file(base, first); err != 0) {
            rotation_failed("cannot rotate " + base + " to " + first, err);
            failed = true;
        }
    }
    // On a failure the live file stays where it is and is reopened for
    // appending.
    if (names.owns_lock()) names.unlock();
    if (failed) return;
    rotation_done();
    AfterRotation work;
    if (compression_) {
        // A namer's names cannot be listed: then every slot is looked at.
        std::vector<std::string> named;
        if (hooks_.namer)
            for (unsigned i = 1; i <= count; ++i)
                named.push_back(rotation_name(base + "." + std::to_string(i)));
        auto rotated = [base, count, named = std::move(named)] {
            if (!named.empty()) return named;
            std::vector<std::string> names;
            for (unsigned i : size_rotated_slots(base, count))
                names.push_back(base + "." + std::to_string(i));
            return names;
        };
        work.compress_all = [shared = compression_, rotated = std::move(rotated)](bool in_rotation) {
            return compress_size_rotated(*shared, rotated, in_rotation);
        };
        work.sweep_temporaries = true;
    }
    if (rotation_.max_age_days > 0) {
        work.by_age = [base] { return size_rotated_files(base); };
        work.cutoff_s = now_seconds() - int64_t{rotation_.max_age_days} * 86400;
    }
    after_rotation(std::move(work));
}

std::string RotatingFileHandler::describe() const {
    return "RotatingFileHandler(" + path() + ")";
}

}  // namespace picolog
