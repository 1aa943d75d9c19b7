// capi_fuzz.cpp - sequences of C API calls driven by the input: loggers,
// handlers (null, stream, file, callback, queue), formatters, filters,
// levels, context frames, logging, flushing, shutdown, with invalid
// arguments among them.
// Every call must return 0 or a PICOLOG_E* code (with a last-error message
// for a failure, and never PICOLOG_EINTERNAL), constructors must set *out
// exactly when they succeed, and nothing may crash or leak: after each
// input every object is released and LeakSanitizer checks the heap.
//
// Input: a program of one-byte opcodes, each followed by its arguments
// (capi_fuzz_input.hpp).
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "capi_fuzz_objects.hpp"

namespace {

using namespace fuzz::capi;
using fuzz::Program;

class Session : public Objects {
public:
    explicit Session(Program& in) : Objects(in) {}
    ~Session() { reset(); }

    void step() {
        switch (in_.byte() % 21) {
            case 0:
                return logger_calls();
            case 1:
                return new_handler();
            case 2:
                return release(handlers_[slot()]);
            case 3:
                return attach();
            case 4:
                return handler_calls();
            case 5:
                return new_formatter();
            case 6:
                return new_filter();
            case 7:
                return logger_filters();
            case 8:
                return log();
            case 9:
                return flush_or_close();
            case 10:
                return queue_calls();
            case 11:
                return list_handlers();
            case 12:
                return levels();
            case 13:
                return listeners();
            case 14:
                return status(picolog_disable(in_.pick(fuzz::kLevels))), void();
            case 15:
                return error_hook();
            case 16:
                return status(picolog_shutdown()), void();
            case 17:
                return thread_name();
            case 18:
                return new_queue();
            case 19:
                return strings();
            default:
                return context_calls();
        }
    }

private:
    picolog_logger* logger() {
        uint8_t how = in_.byte() % 4;
        if (how == 0) return nullptr;
        if (how == 1) return touch(picolog_root_logger());
        std::string name = in_.logger_name();
        picolog_logger* out = nullptr;
        int rc = how == 2 ? picolog_get_logger_len(&out, name.data(), name.size())
                          : picolog_get_logger(&out, name.c_str());
        created(rc, out);
        if (how == 2 && name.find('\0') != std::string::npos) FUZZ_CHECK(rc == PICOLOG_EINVAL);
        if (rc == PICOLOG_OK) FUZZ_CHECK(picolog_logger_name(out) != nullptr);
        return out ? touch(out) : nullptr;
    }

    picolog_logger* touch(picolog_logger* l) {
        loggers_.insert(l);
        return l;
    }

    void logger_calls() {
        picolog_logger* l = logger();
        int level = in_.pick(fuzz::kLevels);
        switch (in_.byte() % 4) {
            case 0: {
                int rc = status(picolog_logger_set_level(l, level));
                if (!l || level < 0) FUZZ_CHECK(rc == PICOLOG_EINVAL);
                if (rc == PICOLOG_OK) FUZZ_CHECK(picolog_logger_level(l) == level);
                break;
            }
            case 1:
                status(picolog_logger_set_propagate(l, in_.byte() & 1));
                status(picolog_logger_set_disabled(l, in_.byte() & 1));
                break;
            case 2:
                value(picolog_logger_level(l));
                value(picolog_logger_effective_level(l));
                value(picolog_logger_propagate(l));
                value(picolog_logger_disabled(l));
                value(picolog_logger_has_handlers(l));
                FUZZ_CHECK(value(picolog_logger_is_enabled_for(l, level)) <= 1);
                break;
            default:
                if (l) {
                    // The threshold is the whole check except at its top: a
                    // record at INT32_MAX passes it on a closed logger, and
                    // only picolog_logger_is_enabled_for refuses it.
                    const volatile int32_t* t = picolog_logger_threshold_ptr(l);
                    FUZZ_CHECK(t);
                    bool passes = level >= *t;
                    bool enabled = picolog_logger_is_enabled_for(l, level) == 1;
                    if (level == INT32_MAX)
                        FUZZ_CHECK(passes && (!enabled || !picolog_logger_disabled(l)));
                    else
                        FUZZ_CHECK(passes == enabled);
                    if (picolog_logger* p = picolog_logger_parent(l)) touch(p);
                } else {
                    FUZZ_CHECK(!picolog_logger_threshold_ptr(l) && !picolog_logger_name(l));
                }
                break;
        }
    }

    void attach() {
        picolog_logger* l = logger();
        picolog_handler* h = handler();
        switch (in_.byte() % 3) {
            case 0:
                if (status(picolog_logger_add_handler(l, h)) == PICOLOG_OK)
                    FUZZ_CHECK(picolog_logger_has_handlers(l));
                break;
            case 1:
                status(picolog_logger_remove_handler(l, h));
                break;
            default:
                status(picolog_logger_clear_handlers(l));
                break;
        }
        if (!l || !h) FUZZ_CHECK(picolog_last_error()[0] != '\0');
    }

    void handler_calls() {
        picolog_handler* h = handler();
        switch (in_.byte() % 4) {
            case 0: {
                int level = in_.pick(fuzz::kLevels);
                if (status(picolog_handler_set_level(h, level)) == PICOLOG_OK)
                    FUZZ_CHECK(picolog_handler_level(h) == level);
                break;
            }
            case 1:
                status(picolog_handler_set_formatter(h, formatter()));
                break;
            case 2:
                status(picolog_handler_add_filter(h, filter()));
                break;
            default:
                status(picolog_handler_remove_filter(h, filter()));
                break;
        }
        if (!h) FUZZ_CHECK(picolog_last_error()[0] != '\0');
    }

    void logger_filters() {
        picolog_logger* l = logger();
        picolog_filter* f = filter();
        if (in_.byte() & 1) {
            if (status(picolog_logger_add_filter(l, f)) == PICOLOG_OK) logger_filters_.push_back({l, f});
        } else {
            status(picolog_logger_remove_filter(l, f));
        }
    }

    void log() {
        picolog_logger* l = logger();
        int level = in_.pick(fuzz::kLevels);
        std::string message;
        bool has_message = in_.text(message, 512);
        const char* m = has_message ? message.c_str() : nullptr;
        int rc;
        switch (in_.byte() % 4) {
            case 0:
                rc = picolog_log(l, level, m);
                break;
            case 1:
                rc = picolog_log_len(l, level, m, message.size());
                break;
            case 2:
                rc = picolog_logf(l, level, "%s:%d", has_message ? m : "(null)", level);
                break;
            default:
                rc = log_ex(l, level, m, message.size());
                break;
        }
        status(rc);
        if (!l || level < 0) FUZZ_CHECK(rc == PICOLOG_EINVAL);
    }

    int log_ex(picolog_logger* l, int level, const char* m, size_t size) {
        std::string strings[8];
        bool has[8];
        for (size_t i = 0; i < 8; ++i) has[i] = in_.text(strings[i]);
        auto str = [&](size_t i) { return has[i] ? strings[i].c_str() : nullptr; };
        picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
        info.version = in_.pick(fuzz::kVersions);
        info.file = str(0);
        info.line = in_.pick(fuzz::kLevels);
        info.func = str(1);
        info.exc_text = str(2);
        info.stack_text = str(3);
        picolog_field fields[2] = {{str(4), str(5)}, {str(6), str(7)}};
        info.field_count = in_.byte() % 4;
        info.fields = info.field_count == 3 ? nullptr : fields;
        if (info.field_count == 3) info.field_count = 1;
        info.thread_name = str(1);
        info.thread_id = static_cast<uint64_t>(in_.pick(fuzz::kTimes));
        info.created_ns = in_.pick(fuzz::kTimes);
        size_t length = in_.byte() & 1 ? PICOLOG_NUL_TERMINATED : size;
        return picolog_log_ex(l, level, m, length, in_.byte() & 1 ? nullptr : &info);
    }

    void flush_or_close() {
        switch (in_.byte() % 3) {
            case 0:
                flush(in_.byte() % 5);
                break;
            case 1:
                status(picolog_handler_close(handler()));
                break;
            default:
                status(picolog_flush_all());
                break;
        }
    }

    void queue_calls() {
        picolog_handler* h = handler();
        picolog_queue_stats s;
        size_t sizes[] = {sizeof s, sizeof s - 1, 0};
        int rc = status(picolog_queue_handler_stats(h, in_.byte() & 1 ? &s : nullptr, in_.pick(sizes)));
        int is_queue = value(picolog_handler_is_queue(h));
        if (rc == PICOLOG_OK) FUZZ_CHECK(is_queue == 1 && s.queued <= s.enqueued);
        uint64_t failures = 0;
        status(picolog_handler_failures(h, in_.byte() & 1 ? &failures : nullptr));
    }

    void list_handlers() {
        picolog_logger* l = logger();
        picolog_handler* out[4] = {};
        size_t capacity = in_.byte() % 5;
        int n = value(picolog_logger_handlers(l, capacity ? out : nullptr, capacity));
        for (size_t i = 0; i < capacity && static_cast<int>(i) < n; ++i) {
            FUZZ_CHECK(out[i] != nullptr);
            picolog_handler_release(out[i]);
        }
    }

    void levels() {
        int level = in_.pick(fuzz::kLevels);
        std::string name;
        bool has = in_.text(name, 8);
        switch (in_.byte() % 3) {
            case 0:
                // Names stay for the process: only the short ones the
                // fuzzer can spell, so the table stays small.
                status(picolog_add_level_name(level % 64, has ? name.c_str() : nullptr));
                break;
            case 1: {
                const char* n = picolog_level_name(level);
                FUZZ_CHECK((n == nullptr) == (level < 0));
                break;
            }
            default: {
                int out = -1;
                if (status(picolog_level_from_name(has ? name.c_str() : nullptr,
                                                   in_.byte() & 1 ? &out : nullptr)) == PICOLOG_OK)
                    FUZZ_CHECK(out >= 0);
                break;
            }
        }
    }

    void listeners() {
        picolog_level_listener_fn fn = in_.byte() & 1 ? listener_a : listener_b;
        if (in_.byte() % 4 == 0) fn = nullptr;
        if (in_.byte() & 1) {
            if (status(picolog_add_level_listener(fn, this)) == PICOLOG_OK) listeners_.push_back(fn);
        } else {
            status(picolog_remove_level_listener(fn, this));
        }
    }

    void error_hook() {
        // NULL restores the default hook (stderr); the counting hook comes
        // back at once so a long run stays quiet.
        status(picolog_set_error_hook(in_.byte() & 1 ? nullptr : count_hook, nullptr));
        status(picolog_set_error_hook(count_hook, nullptr));
    }

    void thread_name() {
        std::string name;
        bool has = in_.text(name, 32);
        status(picolog_set_thread_name(has ? name.c_str() : nullptr));
    }

    void strings() {
        const int codes[] = {0, -1, -3, -10, -11, 1, INT_MIN, INT_MAX};
        FUZZ_CHECK(picolog_strerror(in_.pick(codes)) != nullptr);
        FUZZ_CHECK(picolog_last_error() != nullptr && picolog_version() != nullptr);
    }

    // Pushes a frame of up to 4 fields (a key or value may be NULL or
    // empty, the array or the token NULL), or pops a pushed frame (and the
    // ones above it), or a token that names none.
    void context_calls() {
        const size_t before = picolog_context_depth();
        FUZZ_CHECK(before == tokens_.size());
        if (in_.byte() & 1) return context_pop(before);
        std::string strings[8];
        picolog_field fields[4];
        const size_t count = in_.byte() % 5;
        bool valid = true;
        for (size_t i = 0; i < count; ++i) {
            bool has_key = in_.text(strings[2 * i]);
            bool has_value = in_.text(strings[2 * i + 1], 256);
            fields[i] = {has_key ? strings[2 * i].c_str() : nullptr,
                         has_value ? strings[2 * i + 1].c_str() : nullptr};
            valid = valid && has_key && has_value && fields[i].key[0] != '\0';
        }
        const uint8_t how = in_.byte() % 4;
        const bool null_fields = how == 0 && count != 0, null_token = how == 1;
        picolog_context_token token = 7;
        int rc = status(
            picolog_context_push(null_fields ? nullptr : fields, count, null_token ? nullptr : &token));
        if (!valid || null_fields || null_token) FUZZ_CHECK(rc == PICOLOG_EINVAL);
        if (rc == PICOLOG_OK) {
            FUZZ_CHECK(token != 0 && picolog_context_depth() == before + 1);
            tokens_.push_back(token);
        } else {
            FUZZ_CHECK(picolog_context_depth() == before && (null_token || token == 0));
        }
    }

    void context_pop(size_t before) {
        const uint8_t how = in_.byte();
        if (!tokens_.empty() && how % 4 != 0) {
            const size_t i = (how / 4) % tokens_.size();
            FUZZ_CHECK(status(picolog_context_pop(tokens_[i])) == PICOLOG_OK);
            FUZZ_CHECK(picolog_context_depth() == i);
            popped_ = tokens_[i];
            tokens_.resize(i);
            return;
        }
        const picolog_context_token made_up[] = {0, 1, popped_, UINT64_MAX};
        const picolog_context_token token = in_.pick(made_up);
        FUZZ_CHECK(status(picolog_context_pop(token)) == PICOLOG_ENOTFOUND);
        FUZZ_CHECK(picolog_context_depth() == before);
    }

    // Back to a clean runtime: nothing attached, default levels (then
    // ~Objects releases every object, which closes handlers and joins queue
    // listeners).
    void reset() {
        for (auto& [l, f] : logger_filters_) picolog_logger_remove_filter(l, f);
        for (picolog_logger* l : loggers_) {
            picolog_logger_clear_handlers(l);
            picolog_logger_set_level(l, l == picolog_root_logger() ? PICOLOG_WARNING : PICOLOG_NOTSET);
            picolog_logger_set_propagate(l, 1);
            picolog_logger_set_disabled(l, 0);
        }
        for (picolog_level_listener_fn fn : listeners_) picolog_remove_level_listener(fn, this);
        picolog_disable(PICOLOG_NOTSET);
        picolog_set_thread_name(nullptr);
        picolog_set_error_hook(count_hook, nullptr);
        if (!tokens_.empty()) picolog_context_pop(tokens_.front());
        tokens_.clear();
        FUZZ_CHECK(picolog_context_depth() == 0);
    }

    std::set<picolog_logger*> loggers_;
    std::vector<std::pair<picolog_logger*, picolog_filter*>> logger_filters_;
    std::vector<picolog_level_listener_fn> listeners_;
    std::vector<picolog_context_token> tokens_;  // pushed, outermost first
    picolog_context_token popped_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    char tmpl[] = "/tmp/picolog-capi-fuzz-XXXXXX";
    if (g_devnull < 0 || ::mkdtemp(tmpl) == nullptr) std::abort();
    g_dir = tmpl;
    picolog_set_error_hook(count_hook, nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Program in(data, size);
    {
        Session session(in);
        for (int steps = 0; !in.done() && steps < 64; ++steps) session.step();
    }
    // The log files start empty for the next input.
    ::unlink((g_dir + "/a.log").c_str());
    ::unlink((g_dir + "/b.log").c_str());
    return 0;
}
