// handlers.hpp - the synchronous handlers: stream, file, null, callback.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "picolog/handler.hpp"
#include "picolog/level.hpp"

namespace picolog {

class LogFile;
class FlushTimer;

// Writes each record as one write(2) of line + "\n" to a file descriptor it
// does not own (stderr, stdout or any fd).
class StreamHandler final : public Handler {
public:
    explicit StreamHandler(int fd);  // throws Error(kInvalid) for fd < 0

    bool writes_in_crash() const noexcept override { return true; }

protected:
    int emit(const Record& record, std::string_view line) override;
    std::string describe() const override;

private:
    int fd_;
    bool guard_sigpipe_;  // the fd was a pipe or socket when the handler was made
};

enum class FlushPolicy { EveryRecord, Buffered };

struct FileOptions {
    bool truncate = false;
    unsigned mode = 0644;
    bool delay = false;
    FlushPolicy flush_policy = FlushPolicy::EveryRecord;
    int flush_level = ERROR;
    uint32_t flush_interval_ms = 1000;  // 0: no interval flush; else the housekeeping thread flushes
    size_t buffer_size = 64 * 1024;     // at most kMaxFileBuffer
};

inline constexpr size_t kMaxFileBuffer = size_t{1} << 30;

// Appends to a file opened O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC (O_TRUNC if
// asked, at the first open). Every record is written whole with one write(2)
// (a partial write is resumed), so lines from processes sharing the file do
// not interleave either. After picolog_reopen_files() the next record
// reopens the path (for logrotate's create + postrotate).
class FileHandler final : public Handler {
public:
    // Throws Error(kIoError) if the file cannot be opened (unless delay),
    // Error(kInvalid) for bad options.
    FileHandler(std::string path, const FileOptions& options = {});
    ~FileHandler() override;

    const std::string& path() const noexcept;
    bool writes_in_crash() const noexcept override { return true; }
    // Buffered: a record the buffer takes without a write, when the lock is
    // free (Handler::take_without_writing).
    int handle_without_waiting(Record& record) noexcept override;
    bool takes_without_waiting() const noexcept override;

protected:
    int emit(const Record& record, std::string_view line) override;
    int emit_record(const Record& record, const Formatter& formatter) override;
    bool place_without_writing(const Record& record, const Formatter& formatter) override;
    int do_flush() override;
    void do_close() override;
    void after_fork_child() noexcept override;
    std::string describe() const override;

private:
    // emit()'s write of a line followed in memory by its newline; inline in
    // file_handler.cpp, for emit_record() too.
    void write_line(std::string_view line, int level);

    std::unique_ptr<LogFile> file_;
    std::unique_ptr<FlushTimer> timer_;
};

class NullHandler final : public Handler {
public:
    // Nothing to format or lock for.
    int handle(const Record&) noexcept override {
        mark_in_use();
        return kOk;
    }

protected:
    int emit(const Record&, std::string_view) override { return kOk; }
    // A queue listener's record (handle_locked) is not formatted either.
    int emit_record(const Record&, const Formatter&) override { return kOk; }
};

// A handler whose emit is a C function (see picolog_callback_handler_new).
class CallbackHandler final : public Handler {
public:
    using EmitFn = int (*)(const Record* record, const char* line, size_t len, void* userdata);
    using FlushFn = int (*)(void* userdata);
    using DestroyFn = void (*)(void* userdata);
    // What emit or flush returns for a failure it has reported itself:
    // counted, not reported again (PICOLOG_CALLBACK_REPORTED); a flush fails
    // with kIoError all the same.
    static constexpr int kReported = -100;
    // Throws Error(kInvalid) if emit is null.
    CallbackHandler(EmitFn emit, FlushFn flush, DestroyFn destroy, void* userdata);
    ~CallbackHandler() override;

    bool runs_user_code() const noexcept override { return true; }

protected:
    int emit(const Record& record, std::string_view line) override;
    int do_flush() override;
    std::string describe() const override;

private:
    EmitFn emit_;
    FlushFn flush_;
    DestroyFn destroy_;
    void* userdata_;
};

}  // namespace picolog
