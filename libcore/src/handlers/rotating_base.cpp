// rotating_base.cpp - what the size and time rotating handlers share: the
// file, the clock, the namer and rotator hooks, and counting a rotation that
// failed without ever losing the live file.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <vector>

#include "../fd_io.hpp"
#include "compression.hpp"
#include "flush_timer.hpp"
#include "log_file.hpp"
#include "picolog/clock.hpp"
#include "picolog/housekeeping.hpp"
#include "picolog/reentry.hpp"
#include "picolog/rotating.hpp"
#include "picolog/runtime.hpp"
#include "retention.hpp"
#include "temporary.hpp"

namespace picolog {

RotatingHandlerBase::RotatingHandlerBase(std::string path, const FileOptions& options,
                                         const RotationHooks& hooks)
    : file_(std::make_unique<LogFile>(std::move(path), options, "rotating file handler")),
      hooks_(hooks),
      timer_(std::make_unique<FlushTimer>()) {
    file_->on_lost_lines([this](uint64_t n) { add_failures(n); });
    // A write per record: waiting for the lock is worth a spin.
    mutex_.set_spinning(!file_->buffered());
    // A crash or a kill during compression leaves its temporary behind;
    // one whose writer still lives (another process) keeps its lock and stays.
    (void)remove_stale_temporaries(file_->path());
}

RotatingHandlerBase::~RotatingHandlerBase() {
    timer_->stop();
    file_.reset();
    if (!hooks_.destroy) return;
    reentry::Callout callout;
    hooks_.destroy(hooks_.userdata);
}

const std::string& RotatingHandlerBase::path() const noexcept {
    return file_->path();
}

RotationStats RotatingHandlerBase::stats() const noexcept {
    RotationStats s;
    s.rotations = rotations_.load(std::memory_order_relaxed);
    s.rotation_failures = rotation_failures_->load(std::memory_order_relaxed);
    s.rollover_at = next_rollover();
    return s;
}

int RotatingHandlerBase::flush() noexcept {
    int status = Handler::flush();
    // Outside the handler's lock: the housekeeping thread may be waiting for
    // it to run this handler's timed flush.
    housekeeping::drain();
    return status;
}

int RotatingHandlerBase::rollover_now() noexcept {
    mark_in_use();
    std::lock_guard lock(mutex_);
    if (closed()) return kOk;
    try {
        rollover_locked();
        return kOk;
    } catch (const Error& e) {
        report_failure(e.what());
        return e.code();
    } catch (...) {
        report_failure("rotation failed");
        return kInternal;
    }
}

void RotatingHandlerBase::start_timer(const FileOptions& options) noexcept {
    timer_->start(this, options);
}

void RotatingHandlerBase::stop_timer() noexcept {
    timer_->stop();
}

void RotatingHandlerBase::open_at_construction() {
    try {
        file_->open_or_throw();
    } catch (...) {
        hooks_.destroy = nullptr;  // the creator still owns userdata
        throw;
    }
}

int RotatingHandlerBase::do_flush() {
    file_->flush();
    return kOk;
}

void RotatingHandlerBase::do_close() {
    file_->close();
}

void RotatingHandlerBase::after_fork_child() noexcept {
    file_->drop_pending();
}

// The hooks are the caller's code, called with the handler's lock held: as a
// callback handler's, they may log (to other handlers) and may wait for
// locks of their own language (Python's GIL), so they run as callouts
// (reentry.hpp), quiet for fork().

int64_t RotatingHandlerBase::now_seconds() const noexcept {
    int64_t ns;
    if (hooks_.now_ns) {
        reentry::Callout callout;
        ns = hooks_.now_ns(hooks_.userdata);
    } else {
        ns = realtime_ns();
    }
    // Python's int(time.time()): truncation toward zero.
    return ns / 1000000000;
}

std::string RotatingHandlerBase::rotation_name(const std::string& default_name) const {
    if (!hooks_.namer) return default_name;
    std::vector<char> out(default_name.size() + 4096);
    int rc;
    {
        reentry::Callout callout;
        rc = hooks_.namer(default_name.c_str(), out.data(), out.size(), hooks_.userdata);
    }
    if (rc != 0) return default_name;
    out.back() = '\0';
    return std::string(out.data());
}

int RotatingHandlerBase::rotate_file(const std::string& source, const std::string& dest) const {
    if (hooks_.rotator) {
        reentry::Callout callout;
        return hooks_.rotator(source.c_str(), dest.c_str(), hooks_.userdata) == 0 ? 0 : EIO;
    }
    if (::rename(source.c_str(), dest.c_str()) == 0 || errno == ENOENT) return 0;
    return errno;
}

int RotatingHandlerBase::drop_file(const std::string& path) const noexcept {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    int err = ::unlink(path.c_str()) == 0 || errno == ENOENT ? 0 : errno;
    if (fd >= 0 && !housekeeping::release(fd)) ::close(fd);
    return err;
}

void RotatingHandlerBase::rotation_failed(const std::string& what, int err) noexcept {
    rotation_failures_->fetch_add(1, std::memory_order_relaxed);
    try {
        report_failure(fd_io::describe_errno(("rotation: " + what).c_str(), err) +
                       "; writing goes on to the current file");
    } catch (...) {
        report_failure("rotation failed");
    }
}

}  // namespace picolog

namespace picolog {

void RotatingHandlerBase::after_rotation(AfterRotation work) {
    if (work.compress.empty() && !work.compress_all && !work.beyond_count && !work.by_age &&
        !work.sweep_temporaries)
        return;
    auto failures = rotation_failures_;
    std::string name = describe();
    auto job = [failures, name, base = file_->path(), work = std::move(work)](bool in_rotation) {
        auto check = [&](const char* step, const std::string& error) {
            if (error.empty()) return;
            failures->fetch_add(1, std::memory_order_relaxed);
            runtime::report_error("picolog: " + name + ": " + step + ": " + error);
        };
        if (!work.compress.empty()) check("compression", gzip_rotated_file(work.compress));
        if (work.compress_all) check("compression", work.compress_all(in_rotation));
        if (work.beyond_count) check("retention", delete_older_than(work.beyond_count(), INT64_MAX));
        if (work.by_age) check("retention", delete_older_than(work.by_age(), work.cutoff_s));
        if (work.sweep_temporaries) check("retention", remove_stale_temporaries(base));
    };
    // Without a thread (none could be started) the work is done here, late
    // rather than never, inside the rotation's locks.
    if (!housekeeping::submit([job] { job(false); })) job(true);
}

}  // namespace picolog
