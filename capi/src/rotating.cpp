// rotating.cpp - creating the rotating file handlers (size and time), the
// defaults of their option structs, and reading their counters.
#include "picolog/rotating.hpp"

#include "capi_internal.hpp"
#include "options.hpp"
#include "picolog/reopen.hpp"

using namespace picolog;
using namespace picolog::capi;

namespace {

constexpr picolog_rotation_hooks kHooksDefaults = PICOLOG_ROTATION_HOOKS_INIT;
const Versioned<picolog_rotation_hooks> kRotationHooks{"picolog_rotation_hooks",
                                                       PICOLOG_ROTATION_HOOKS_VERSION,
                                                       {PICOLOG_FIELD_END(picolog_rotation_hooks, userdata)}};
constexpr picolog_rotating_file_options kRotatingDefaults = PICOLOG_ROTATING_FILE_OPTIONS_INIT;
const Versioned<picolog_rotating_file_options> kRotatingOptions{
    "picolog_rotating_file_options",
    PICOLOG_ROTATING_FILE_OPTIONS_VERSION,
    {PICOLOG_FIELD_END(picolog_rotating_file_options, multiprocess),
     PICOLOG_FIELD_END(picolog_rotating_file_options, compress)}};
constexpr picolog_timed_rotating_file_options kTimedDefaults = PICOLOG_TIMED_ROTATING_FILE_OPTIONS_INIT;
const Versioned<picolog_timed_rotating_file_options> kTimedRotatingOptions{
    "picolog_timed_rotating_file_options",
    PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION,
    {PICOLOG_FIELD_END(picolog_timed_rotating_file_options, max_age_days),
     PICOLOG_FIELD_END(picolog_timed_rotating_file_options, multiprocess)}};

int convert_hooks(const char* fn, const picolog_rotation_hooks* caller, RotationHooks& out) {
    if (!caller) return kOk;
    picolog_rotation_hooks scratch;
    const picolog_rotation_hooks* in = kRotationHooks.read(fn, caller, scratch, kHooksDefaults);
    if (!in) return kInvalid;
    out.now_ns = in->now_ns;
    out.namer = in->namer;
    out.rotator = in->rotator;
    out.destroy = in->destroy;
    out.userdata = in->userdata;
    return kOk;
}

int convert_when(const char* fn, const picolog_timed_rotating_file_options* in, TimeRotationOptions& out) {
    static constexpr RotateWhen kWhen[] = {RotateWhen::Seconds, RotateWhen::Minutes,  RotateWhen::Hours,
                                           RotateWhen::Days,    RotateWhen::Midnight, RotateWhen::Weekday};
    if (in->when < PICOLOG_ROTATE_SECONDS || in->when > PICOLOG_ROTATE_WEEKDAY)
        return fail(fn, kInvalid, "when %d is not a PICOLOG_ROTATE_* value", in->when);
    if (in->when == PICOLOG_ROTATE_WEEKDAY && (in->weekday < 0 || in->weekday > 6))
        return fail(fn, kInvalid, "weekday %d is not 0 (Monday) to 6 (Sunday)", in->weekday);
    if (in->interval < 1) return fail(fn, kInvalid, "interval is 0");
    if (in->at_time_seconds < -1 || in->at_time_seconds >= 86400)
        return fail(fn, kInvalid, "at_time_seconds %d is not -1 or a second of the day", in->at_time_seconds);
    out.when = kWhen[in->when];
    out.weekday = in->weekday;
    out.interval = in->interval;
    out.backup_count = in->backup_count;
    out.utc = in->utc != 0;
    out.at_time_seconds = in->at_time_seconds;
    out.compress = in->compress != 0;
    out.max_age_days = in->max_age_days;
    out.multiprocess = in->multiprocess != 0;
    return kOk;
}

int convert_size(const char*, const picolog_rotating_file_options* in, SizeRotationOptions& out) {
    out.max_bytes = in->max_bytes;
    out.backup_count = in->backup_count;
    out.max_age_days = in->max_age_days;
    out.multiprocess = in->multiprocess != 0;
    out.compress = in->compress != 0;
    return kOk;
}

// Both constructors: checks the arguments, reads the caller's option
// structs of any version, converts them, and creates the handler. Creation
// that failed (here or in the handler) frees userdata with its destroy
// hook, so the caller has one rule: destroy always runs exactly once.
template <class Handler, class COptions, class CoreOptions>
int create_rotating(const char* fn, picolog_handler** out, const char* path, const COptions* rotation,
                    const Versioned<COptions>& versions, const COptions& defaults,
                    int (*convert)(const char*, const COptions*, CoreOptions&),
                    const picolog_file_options* file_options_in, const picolog_rotation_hooks* hooks) {
    FileOptions file;
    RotationHooks core_hooks;
    CoreOptions core;
    COptions scratch;
    const COptions* rot = nullptr;
    int rc = clear_out(fn, out);
    if (rc == kOk) rc = check_handle(fn, path, "path");
    if (rc == kOk && *path == '\0') rc = fail(fn, kInvalid, "path is empty");
    if (rc == kOk) rc = check_handle(fn, rotation, "rotation");
    if (rc == kOk && !(rot = versions.read(fn, rotation, scratch, defaults))) rc = kInvalid;
    if (rc == kOk) rc = convert(fn, rot, core);
    if (rc == kOk) rc = file_options(fn, file_options_in, file);
    if (rc == kOk) rc = convert_hooks(fn, hooks, core_hooks);
    if (rc == kOk)
        rc = create(fn, out, [&] {
            return static_cast<picolog::Handler*>(Ref<Handler>::make(path, core, file, core_hooks).detach());
        });
    if (rc != kOk && hooks && hooks->destroy) hooks->destroy(hooks->userdata);
    return rc;
}

}  // namespace

extern "C" {

int picolog_rotation_hooks_init(picolog_rotation_hooks* opts, unsigned version) {
    return kRotationHooks.init("picolog_rotation_hooks_init", opts, version, kHooksDefaults);
}

int picolog_rotating_file_options_init(picolog_rotating_file_options* opts, unsigned version) {
    return kRotatingOptions.init("picolog_rotating_file_options_init", opts, version, kRotatingDefaults);
}

int picolog_timed_rotating_file_options_init(picolog_timed_rotating_file_options* opts, unsigned version) {
    return kTimedRotatingOptions.init("picolog_timed_rotating_file_options_init", opts, version,
                                      kTimedDefaults);
}

int picolog_rotating_file_handler_new(picolog_handler** out, const char* path,
                                      const picolog_rotating_file_options* rotation,
                                      const picolog_file_options* file_options,
                                      const picolog_rotation_hooks* hooks) {
    return create_rotating<RotatingFileHandler>("picolog_rotating_file_handler_new", out, path, rotation,
                                                kRotatingOptions, kRotatingDefaults, convert_size,
                                                file_options, hooks);
}

int picolog_timed_rotating_file_handler_new(picolog_handler** out, const char* path,
                                            const picolog_timed_rotating_file_options* rotation,
                                            const picolog_file_options* file_options,
                                            const picolog_rotation_hooks* hooks) {
    return create_rotating<TimedRotatingFileHandler>("picolog_timed_rotating_file_handler_new", out, path,
                                                     rotation, kTimedRotatingOptions, kTimedDefaults,
                                                     convert_when, file_options, hooks);
}

int picolog_rotation_stats_get(const picolog_handler* handler, picolog_rotation_stats* out, size_t out_size) {
    static constexpr const char* fn = "picolog_rotation_stats_get";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    const auto* rotating = dynamic_cast<const RotatingHandlerBase*>(from_c(handler));
    if (!rotating) return fail(fn, kInvalid, "the handler does not rotate");
    RotationStats s = rotating->stats();
    picolog_rotation_stats filled{};
    filled.rotations = s.rotations;
    filled.rotation_failures = s.rotation_failures;
    filled.rollover_at = s.rollover_at;
    return write_out(fn, "picolog_rotation_stats", filled, out, out_size,
                     PICOLOG_FIELD_END(picolog_rotation_stats, rollover_at));
}

int picolog_rotation_compute_rollover(const picolog_handler* handler, int64_t current_time, int64_t* out) {
    static constexpr const char* fn = "picolog_rotation_compute_rollover";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    if (int rc = check_handle(fn, out, "out")) return rc;
    const auto* timed = dynamic_cast<const TimedRotatingFileHandler*>(from_c(handler));
    if (!timed) return fail(fn, kInvalid, "the handler does not rotate by time");
    constexpr int64_t kLimit = int64_t{1} << 53;
    if (current_time > kLimit || current_time < -kLimit)
        return fail(fn, kInvalid, "current_time %lld is out of range", static_cast<long long>(current_time));
    *out = timed->compute_rollover(current_time);
    return kOk;
}

int picolog_rotation_rollover_now(picolog_handler* handler) {
    static constexpr const char* fn = "picolog_rotation_rollover_now";
    if (int rc = check_handle(fn, handler, "handler")) return rc;
    auto* rotating = dynamic_cast<RotatingHandlerBase*>(from_c(handler));
    if (!rotating) return fail(fn, kInvalid, "the handler does not rotate");
    int rc = rotating->rollover_now();
    return rc == kOk ? kOk : fail(fn, rc, "rotation failed: %s", picolog_strerror(rc));
}

int picolog_watched_file_handler_new(picolog_handler** out, const char* path,
                                     const picolog_file_options* options) {
    static constexpr const char* fn = "picolog_watched_file_handler_new";
    if (int rc = clear_out(fn, out)) return rc;
    if (int rc = check_handle(fn, path, "path")) return rc;
    if (*path == '\0') return fail(fn, kInvalid, "path is empty");
    FileOptions file;
    if (int rc = file_options(fn, options, file)) return rc;
    return create(fn, out,
                  [&] { return static_cast<Handler*>(Ref<WatchedFileHandler>::make(path, file).detach()); });
}

void picolog_reopen_files(void) {
    request_reopen();
}

}  // extern "C"
