// file_handler.cpp - a handler appending to a file, every record written
// whole: at once, or buffered and written when the buffer fills, at a
// severe record, or when the flush interval has passed. The file itself
// (opening, buffering, reopening) is a LogFile, shared with the rotating
// and watched handlers.
#include "handlers/flush_timer.hpp"
#include "handlers/log_file.hpp"
#include "picolog/handlers.hpp"

namespace picolog {

FileHandler::FileHandler(std::string path, const FileOptions& options)
    : file_(std::make_unique<LogFile>(std::move(path), options, "file handler")),
      timer_(std::make_unique<FlushTimer>()) {
    file_->on_lost_lines([this](uint64_t n) { add_failures(n); });
    // A write per record: waiting for the lock is worth a spin.
    mutex_.set_spinning(!file_->buffered());
    if (!options.delay) file_->open_or_throw();
    timer_->start(this, options);
}

// Reached without close() only when the handler was never shared; the
// LogFile still writes what was buffered.
FileHandler::~FileHandler() {
    timer_->stop();
}

const std::string& FileHandler::path() const noexcept {
    return file_->path();
}

inline void FileHandler::write_line(std::string_view line, int level) {
    // The newline follows the line in the handler's buffer (handler.hpp).
    file_->write(std::string_view(line.data(), line.size() + 1), level);
}

int FileHandler::emit(const Record& record, std::string_view line) {
    write_line(line, record.level);
    return kOk;
}

int FileHandler::emit_record(const Record& record, const Formatter& formatter) {
    // A record written at once gains nothing from the buffer: emit()'s
    // write, in this frame.
    if (!file_->buffered()) {
        write_line(format_line(record, formatter), record.level);
        return kOk;
    }
    file_->ready();
    file_->commit(file_->stage(record, formatter), record.level);
    return kOk;
}

int FileHandler::handle_without_waiting(Record& record) noexcept {
    return file_->buffered() ? take_without_writing(record) : kNotTaken;
}

bool FileHandler::takes_without_waiting() const noexcept {
    return file_->buffered();
}

bool FileHandler::place_without_writing(const Record& record, const Formatter& formatter) {
    return file_->buffer_without_writing(record, formatter);
}

int FileHandler::do_flush() {
    file_->flush();
    return kOk;
}

void FileHandler::do_close() {
    file_->close();
}

void FileHandler::after_fork_child() noexcept {
    // The parent writes these bytes itself; writing them here too would
    // duplicate its records.
    file_->drop_pending();
}

std::string FileHandler::describe() const {
    return "FileHandler(" + path() + ")";
}

}  // namespace picolog
