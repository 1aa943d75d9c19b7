// watched_file_handler.cpp - Python's WatchedFileHandler: a file handler
// that notices when its path was renamed or removed and reopens it.
#include "flush_timer.hpp"
#include "log_file.hpp"
#include "picolog/rotating.hpp"

namespace picolog {

WatchedFileHandler::WatchedFileHandler(std::string path, const FileOptions& options)
    : file_(std::make_unique<LogFile>(std::move(path), options, "watched file handler")),
      timer_(std::make_unique<FlushTimer>()) {
    file_->on_lost_lines([this](uint64_t n) { add_failures(n); });
    // A write per record: waiting for the lock is worth a spin.
    mutex_.set_spinning(!file_->buffered());
    if (!options.delay) file_->open_or_throw();
    timer_->start(this, options);
}

WatchedFileHandler::~WatchedFileHandler() {
    timer_->stop();
}

const std::string& WatchedFileHandler::path() const noexcept {
    return file_->path();
}

int WatchedFileHandler::emit(const Record& record, std::string_view line) {
    // Buffered bytes belong to the file they were written for: reopening
    // writes them to the old file first.
    file_->reopen_if_moved();
    file_->write(std::string_view(line.data(), line.size() + 1), record.level);
    return kOk;
}

int WatchedFileHandler::do_flush() {
    file_->flush();
    return kOk;
}

void WatchedFileHandler::do_close() {
    file_->close();
}

void WatchedFileHandler::after_fork_child() noexcept {
    file_->drop_pending();
}

std::string WatchedFileHandler::describe() const {
    return "WatchedFileHandler(" + path() + ")";
}

}  // namespace picolog
