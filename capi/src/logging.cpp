// logging.cpp - the log calls: picolog_log, _len and _ex, and
// picolog_try_log_ex (the printf-style calls are logf.cpp's).
//
// The disabled path is one load and one compare after the argument checks.
// An enabled call builds its Record on the stack, borrowing every string from
// the caller; the queue handler copies what it needs before the call returns.
#include <cstring>
#include <memory>
#include <string_view>

#include "capi_internal.hpp"
#include "options.hpp"
#include "picolog/logger_route.hpp"
#include "picolog/reentry.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

// Fields beyond this many are converted into a heap array.
constexpr size_t kStackFields = 16;

// Records why a log call's arguments are invalid. Cold and out of line, like
// log_enabled, to keep the disabled path free of a stack frame.
[[gnu::cold, gnu::noinline]] int reject_call(const char* fn, const picolog_logger* logger, int level,
                                             const void* message, const char* what) noexcept {
    if (int rc = check_handle(fn, logger, "logger")) return rc;
    if (int rc = check_level(fn, level)) return rc;
    return check_handle(fn, message, what);
}

constexpr picolog_record_info kInfoDefaults = PICOLOG_RECORD_INFO_INIT;
const Versioned<picolog_record_info> kRecordInfo{
    "picolog_record_info", PICOLOG_RECORD_INFO_VERSION, {PICOLOG_FIELD_END(picolog_record_info, created_ns)}};

std::string_view view_or_empty(const char* s) noexcept {
    return s ? std::string_view(s) : std::string_view("");
}

// Fills the record from the caller's info, then hands it to deliver(Record&),
// which returns the call's status.
template <class Deliver>
int log_with_info(const char* fn, Record& record, const picolog_record_info& caller, Deliver deliver) {
    picolog_record_info scratch;
    const picolog_record_info* known = kRecordInfo.read(fn, &caller, scratch, kInfoDefaults);
    if (!known) return kInvalid;
    const picolog_record_info& info = *known;
    if (!info.fields && info.field_count != 0)
        return fail(fn, kInvalid, "info->fields is NULL but info->field_count is %zu", info.field_count);
    record.file = view_or_empty(info.file);
    record.line = info.line;
    record.func = view_or_empty(info.func);
    record.exc_text = view_or_empty(info.exc_text);
    record.stack_text = view_or_empty(info.stack_text);
    if (info.thread_name) record.thread_name = info.thread_name;
    record.thread_id = info.thread_id;
    record.created_ns = info.created_ns;

    // Left uninitialised until written: most records carry few fields or none.
    union StackFields {
        StackFields() {}
        Field items[kStackFields];
    } stack_fields;
    std::unique_ptr<Field[]> heap_fields;
    Field* fields = stack_fields.items;
    if (info.field_count > kStackFields) {
        heap_fields = std::make_unique<Field[]>(info.field_count);
        fields = heap_fields.get();
    }
    for (size_t i = 0; i < info.field_count; ++i) {
        const picolog_field& f = info.fields[i];
        if (!f.key) return fail(fn, kInvalid, "info->fields[%zu].key is NULL", i);
        if (!f.value) return fail(fn, kInvalid, "info->fields[%zu].value is NULL (field \"%s\")", i, f.key);
        std::construct_at(&fields[i], Field{f.key, f.value});
    }
    record.fields = {fields, info.field_count};
    return deliver(record);
}

// Logs a record the caller has checked and found enabled. Kept out of line so
// that the disabled path of every log call stays a few instructions with no
// stack frame.
// A log call made from a signal handler while its thread was inside a log
// call (reentry.hpp): refused before anything else happens.
[[gnu::cold, gnu::noinline]] int refuse_reentry() noexcept {
    return fail_signal_safe(
        "a log call interrupted a log call of the same thread (from a signal handler); record refused",
        kBusy);
}

// picolog_log_ex's record, built here: out of line, so that its stack frame
// (a Record and room for fields) is not the plain call's.
[[gnu::noinline]] int log_record(const char* fn, Logger& logger, int level, std::string_view message,
                                 const picolog_record_info& info) noexcept {
    Record record;
    record.level = level;
    record.message = message;
    return guard(fn, [&] {
        return log_with_info(fn, record, info, [&](Record& r) { return log_status(fn, logger.log(r)); });
    });
}

// picolog_try_log_ex's enabled call, for a logger whose cached route may
// end at a handler that takes records without waiting
// (Logger::log_without_waiting decides). kAgain sets
// no message, as it is an answer, not a failure.
[[gnu::noinline]] int try_log_enabled(const char* fn, Logger& logger, int level, const char* message,
                                      size_t length, const picolog_record_info* info) noexcept {
    reentry::LogCall call;
    if (call.refused()) [[unlikely]]
        return refuse_reentry();
    if (length == PICOLOG_NUL_TERMINATED) length = std::strlen(message);
    Record record;
    record.level = level;
    record.message = std::string_view(message, length);
    auto deliver = [&](Record& r) {
        const int status = logger.log_without_waiting(r);
        return status == Handler::kNotTaken ? static_cast<int>(kAgain) : log_status(fn, status);
    };
    if (info == nullptr) return deliver(record);
    return guard(fn, [&] { return log_with_info(fn, record, *info, deliver); });
}

// What an entry point gives: picolog_log a NUL-terminated message, and
// picolog_log_len a length (which may say NUL-terminated); picolog_log_ex
// may add the record's info. One log_enabled per entry point, so that each
// does only its own work.
enum class Entry { kTerminated, kLength, kInfo };

template <Entry kEntry>
[[gnu::noinline]] int log_enabled(const char* fn, Logger& logger, int level, const char* message,
                                  size_t length, const picolog_record_info* info) noexcept {
    reentry::LogCall call;
    if (call.refused()) [[unlikely]]
        return refuse_reentry();
    if (kEntry == Entry::kTerminated || length == PICOLOG_NUL_TERMINATED) length = std::strlen(message);
    if (kEntry == Entry::kInfo && info != nullptr)
        return log_record(fn, logger, level, std::string_view(message, length), *info);
    return log_status(fn, logger.log_message(level, std::string_view(message, length)));
}

template <Entry kEntry>
int log_call(const char* fn, picolog_logger* logger, int level, const char* message, size_t length,
             const picolog_record_info* info) noexcept {
    if (!logger || level < 0 || !message) [[unlikely]]
        return reject_call(fn, logger, level, message, "message");
    Logger& l = *from_c(logger);
    if (!l.is_enabled_for(level)) return kOk;
    return log_enabled<kEntry>(fn, l, level, message, length, info);
}

}  // namespace

// The status of a log call whose handlers refused the record.
int picolog::capi::log_refused(const char* fn, int status) noexcept {
    switch (status) {
        case kBadState:  // a closed handler ignores records; the queue counts them
            return kOk;
        case kTimedOut:
            return fail(fn, kTimedOut, "a queue handler stayed full for the whole timeout; record dropped");
        case kDropped:
            return fail(fn, kDropped, "a full queue handler dropped the record (drop-newest policy)");
        default:
            return fail(fn, status, "a handler refused the record: %s", picolog_strerror(status));
    }
}

extern "C" {

PICOLOG_LOG_ENTRY int picolog_log(picolog_logger* logger, int level, const char* message) {
    return log_call<Entry::kTerminated>("picolog_log", logger, level, message, PICOLOG_NUL_TERMINATED,
                                        nullptr);
}

PICOLOG_LOG_ENTRY int picolog_log_len(picolog_logger* logger, int level, const char* message, size_t length) {
    return log_call<Entry::kLength>("picolog_log_len", logger, level, message, length, nullptr);
}

PICOLOG_LOG_ENTRY int picolog_log_ex(picolog_logger* logger, int level, const char* message, size_t length,
                                     const picolog_record_info* info) {
    return log_call<Entry::kInfo>("picolog_log_ex", logger, level, message, length, info);
}

PICOLOG_LOG_ENTRY int picolog_try_log_ex(picolog_logger* logger, int level, const char* message,
                                         size_t length, const picolog_record_info* info) {
    static constexpr const char* fn = "picolog_try_log_ex";
    if (!logger || level < 0 || !message) [[unlikely]]
        return reject_call(fn, logger, level, message, "message");
    Logger& l = *from_c(logger);
    if (!l.is_enabled_for(level)) return kOk;
    // A logger known to write through other handlers answers here, without
    // the enabled call's frame and re-entry mark.
    if (l.route_always_waits()) return kAgain;
    return try_log_enabled(fn, l, level, message, length, info);
}

int picolog_record_info_init(picolog_record_info* info, unsigned version) {
    return kRecordInfo.init("picolog_record_info_init", info, version, kInfoDefaults);
}

}  // extern "C"
