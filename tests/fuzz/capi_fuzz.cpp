// capi_fuzz.cpp - sequences of C API calls driven by the input: loggers,
// handlers (null, stream, file, callback, queue), formatters, filters,
// levels, logging, flushing, shutdown, with invalid arguments among them.
// Every call must return 0 or a PICOLOG_E* code (with a last-error message
// for a failure, and never PICOLOG_EINTERNAL), constructors must set *out
// exactly when they succeed, and nothing may crash or leak: after each
// input every object is released and LeakSanitizer checks the heap.
//
// Input: a program of one-byte opcodes, each followed by its arguments
// (capi_fuzz_input.hpp).
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "capi_fuzz_input.hpp"
#include "fuzz_record.hpp"
#include "picolog.h"

namespace {

using fuzz::Program;

int g_devnull = -1;
std::string g_dir;
std::atomic<uint64_t> g_hook_calls{0};

void count_hook(const char*, void*) {
    g_hook_calls.fetch_add(1, std::memory_order_relaxed);
}
void listener_a(void*) {}
void listener_b(void*) {}

// Every status is 0 or a PICOLOG_E* code, and a failure says why.
int status(int rc) {
    if (rc > PICOLOG_OK || rc <= PICOLOG_EINTERNAL) {
        std::fprintf(stderr, "status %d: %s\n", rc, picolog_last_error());
        fuzz::fail("a call returned no PICOLOG_E* status, or PICOLOG_EINTERNAL");
    }
    if (rc != PICOLOG_OK) FUZZ_CHECK(picolog_last_error()[0] != '\0');
    return rc;
}
// A query returns a value >= 0, or a status.
int value(int rc) {
    return rc >= 0 ? rc : status(rc);
}
template <class T>
int created(int rc, T* out) {
    status(rc);
    FUZZ_CHECK((rc == PICOLOG_OK) == (out != nullptr));
    return rc;
}

// What a callback handler or filter decides, and the JSON formatter its
// emit formats records with. Freed by its destroy callback.
struct Callback {
    bool fail = false;
    picolog_formatter* json = nullptr;
    // A handler made before this one that emit passes each record on to,
    // as Python's Handler.handle(record) would; held by a reference of its
    // own (made earlier, so no cycle of references can form).
    picolog_handler* forward = nullptr;
};

void destroy_callback(void* userdata) {
    auto* cb = static_cast<Callback*>(userdata);
    picolog_formatter_release(cb->json);
    if (cb->forward) picolog_handler_release(cb->forward);
    delete cb;
}

int emit(const picolog_record* record, const char* line, size_t line_len, void* userdata) {
    auto* cb = static_cast<Callback*>(userdata);
    picolog_record_view v;
    FUZZ_CHECK(picolog_record_get(record, &v, sizeof v) == PICOLOG_OK);
    FUZZ_CHECK(picolog_record_get(record, &v, sizeof v - 1) == PICOLOG_EINVAL);
    FUZZ_CHECK(v.level >= 0 && v.level_name && v.logger_name && v.thread_name && v.file && v.func);
    FUZZ_CHECK(v.exc_text && v.stack_text && (v.field_count == 0 || v.fields));
    FUZZ_CHECK(line_len == 0 || line[line_len - 1] == line[line_len - 1]);  // readable
    char small[16];
    size_t needed = 0;
    int rc = picolog_formatter_format(cb->json, record, small, sizeof small, &needed);
    FUZZ_CHECK(rc == PICOLOG_OK ? needed < sizeof small : rc == PICOLOG_ERANGE && needed >= sizeof small);
    std::string full(needed + 1, '\0');
    size_t written = 0;
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, full.data(), full.size(), &written) == PICOLOG_OK);
    FUZZ_CHECK(written == needed && full[written] == '\0');
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, nullptr, 0, &written) == PICOLOG_ERANGE);
    FUZZ_CHECK(written == needed);
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, nullptr, 1, &written) == PICOLOG_EINVAL);
    FUZZ_CHECK(picolog_formatter_format(cb->json, record, small, sizeof small, nullptr) == PICOLOG_EINVAL);
    FUZZ_CHECK(picolog_record_get(nullptr, &v, sizeof v) == PICOLOG_EINVAL);
    if (cb->forward) status(picolog_handler_handle(cb->forward, record));
    FUZZ_CHECK(picolog_handler_handle(nullptr, record) == PICOLOG_EINVAL);
    FUZZ_CHECK(picolog_handler_handle(cb->forward ? cb->forward : nullptr, nullptr) == PICOLOG_EINVAL);
    return cb->fail ? 1 : 0;
}

int filter_fn(const picolog_record*, void* userdata) {
    return static_cast<Callback*>(userdata)->fail ? 0 : 1;
}

class Session {
public:
    explicit Session(Program& in) : in_(in) {}
    ~Session() { reset(); }

    void step() {
        switch (in_.byte() % 20) {
            case 0: return logger_calls();
            case 1: return new_handler();
            case 2: return release(handlers_[slot()]);
            case 3: return attach();
            case 4: return handler_calls();
            case 5: return new_formatter();
            case 6: return new_filter();
            case 7: return logger_filters();
            case 8: return log();
            case 9: return flush_or_close();
            case 10: return queue_calls();
            case 11: return list_handlers();
            case 12: return levels();
            case 13: return listeners();
            case 14: return status(picolog_disable(in_.pick(fuzz::kLevels))), void();
            case 15: return error_hook();
            case 16: return status(picolog_shutdown()), void();
            case 17: return thread_name();
            case 18: return new_queue();
            default: return strings();
        }
    }

private:
    size_t slot() { return in_.byte() % 4; }
    picolog_handler* handler() {
        uint8_t b = in_.byte();
        return b % 5 == 4 ? nullptr : handlers_[b % 5];
    }
    picolog_formatter* formatter() { return formatters_[in_.byte() % 3]; }  // [2] stays NULL
    picolog_filter* filter() { return filters_[in_.byte() % 4]; }            // [3] stays NULL

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

    void release(picolog_handler*& h) {
        if (h) picolog_handler_release(h);
        h = nullptr;
        inner_[&h - handlers_] = false;
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
                    const volatile int32_t* t = picolog_logger_threshold_ptr(l);
                    FUZZ_CHECK(t && (level >= *t) == (picolog_logger_is_enabled_for(l, level) == 1));
                    if (picolog_logger* p = picolog_logger_parent(l)) touch(p);
                } else {
                    FUZZ_CHECK(!picolog_logger_threshold_ptr(l) && !picolog_logger_name(l));
                }
                break;
        }
    }

    picolog_formatter* json() {
        picolog_formatter* f = nullptr;
        created(picolog_json_formatter_new(&f), f);
        return f;
    }

    void new_handler() {
        picolog_handler*& h = handlers_[slot()];
        release(h);
        picolog_handler** out = in_.byte() == 255 ? nullptr : &h;
        int rc;
        switch (in_.byte() % 5) {
            case 0:
                rc = picolog_null_handler_new(out);
                break;
            case 1: {
                const int fds[] = {g_devnull, -1, 4095, INT_MIN};
                rc = picolog_stream_handler_new(out, in_.pick(fds));
                break;
            }
            case 2: {
                const std::string paths[] = {g_dir + "/a.log", g_dir + "/b.log", g_dir + "/no/such/dir.log",
                                             "", g_dir};
                uint8_t which = in_.byte();
                picolog_file_options o = PICOLOG_FILE_OPTIONS_INIT;
                o.version = in_.pick(fuzz::kVersions);
                o.truncate = in_.byte() & 1;
                o.mode = in_.byte() & 1 ? 0600 : in_.byte() << 8;
                o.delay = in_.byte() & 1;
                o.flush_policy = in_.pick(fuzz::kEnums);
                o.flush_level = in_.pick(fuzz::kLevels);
                o.flush_interval_ms = in_.pick(fuzz::kTimeouts);
                const size_t buffers[] = {0, 1, 64, 4096, 65536, SIZE_MAX};
                o.buffer_size = in_.pick(buffers);
                const char* path = which % 6 == 5 ? nullptr : paths[which % 6].c_str();
                rc = picolog_file_handler_new(out, path, in_.byte() & 1 ? &o : nullptr);
                break;
            }
            case 3: {
                picolog_callback_handler_options o = PICOLOG_CALLBACK_HANDLER_OPTIONS_INIT;
                o.version = in_.pick(fuzz::kVersions);
                uint8_t shape = in_.byte();
                auto* cb = new Callback{(shape & 8) != 0, json(), shape & 16 ? handler() : nullptr};
                if (cb->forward) picolog_handler_retain(cb->forward);
                o.emit = shape & 1 ? nullptr : emit;
                o.destroy = destroy_callback;
                o.userdata = cb;
                rc = picolog_callback_handler_new(out, shape & 2 ? nullptr : &o);
                if (rc != PICOLOG_OK) destroy_callback(cb);  // not taken on failure
                break;
            }
            default:
                return new_queue();
        }
        if (!out) {
            FUZZ_CHECK(status(rc) == PICOLOG_EINVAL);
            return;
        }
        created(rc, h);
    }

    void new_queue() {
        picolog_handler*& h = handlers_[slot()];
        release(h);
        picolog_queue_options o = PICOLOG_QUEUE_OPTIONS_INIT;
        o.version = in_.pick(fuzz::kVersions);
        o.capacity = in_.pick(fuzz::kSizes);
        o.max_bytes = in_.pick(fuzz::kSizes);
        o.overflow = in_.pick(fuzz::kEnums);
        o.timeout_ms = in_.pick(fuzz::kTimeouts);
        o.respect_handler_level = in_.byte() & 1;
        picolog_handler* listeners[3];
        size_t count = in_.byte() % 4;
        for (size_t i = 0; i < count; ++i) listeners[i] = handler();
        for (size_t i = 0; i < count; ++i)
            for (size_t j = 0; j < 4; ++j)
                if (listeners[i] && listeners[i] == handlers_[j]) inner_[j] = true;
        bool no_array = count != 0 && in_.byte() == 0;
        int rc = picolog_queue_handler_new(&h, in_.byte() & 1 ? &o : nullptr, no_array ? nullptr : listeners,
                                           count);
        if (no_array) FUZZ_CHECK(rc == PICOLOG_EINVAL);
        created(rc, h);
    }

    void attach() {
        picolog_logger* l = logger();
        picolog_handler* h = handler();
        switch (in_.byte() % 3) {
            case 0:
                if (status(picolog_logger_add_handler(l, h)) == PICOLOG_OK) FUZZ_CHECK(picolog_logger_has_handlers(l));
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

    void new_formatter() {
        picolog_formatter*& f = formatters_[in_.byte() % 2];
        picolog_formatter_release(f);
        f = nullptr;
        if (in_.byte() & 1) {
            created(picolog_json_formatter_new(&f), f);
            return;
        }
        std::string fmt, datefmt;
        bool has_fmt = in_.text(fmt), has_datefmt = in_.text(datefmt);
        int rc = picolog_formatter_new(&f, has_fmt ? fmt.c_str() : nullptr, has_datefmt ? datefmt.c_str() : nullptr,
                                       in_.pick(fuzz::kEnums));
        created(rc, f);
        if (rc != PICOLOG_OK) FUZZ_CHECK(rc == PICOLOG_EFORMAT || rc == PICOLOG_EINVAL);
    }

    void new_filter() {
        picolog_filter*& f = filters_[in_.byte() % 3];
        picolog_filter_release(f);
        f = nullptr;
        int rc;
        switch (in_.byte() % 3) {
            case 0: {
                std::string name;
                bool has = in_.text(name);
                rc = picolog_name_filter_new(&f, has ? name.c_str() : nullptr);
                break;
            }
            case 1:
                rc = picolog_level_filter_new(&f, in_.pick(fuzz::kLevels), in_.pick(fuzz::kLevels));
                break;
            default: {
                auto* cb = new Callback{(in_.byte() & 1) != 0, nullptr};
                rc = picolog_callback_filter_new(&f, in_.byte() & 1 ? nullptr : filter_fn, destroy_callback, cb);
                if (rc != PICOLOG_OK) destroy_callback(cb);
                break;
            }
        }
        created(rc, f);
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

    // After a flush, a queue fed only by this thread has written everything
    // it accepted (a queue serving another queue's listener is fed by that
    // listener's thread, meanwhile).
    void flush(size_t index) {
        picolog_handler* h = handlers_[index];
        if (status(picolog_handler_flush(h)) != PICOLOG_OK || inner_[index] || picolog_handler_is_queue(h) != 1)
            return;
        picolog_queue_stats s;
        FUZZ_CHECK(picolog_queue_handler_stats(h, &s, sizeof s) == PICOLOG_OK);
        FUZZ_CHECK(s.queued == 0);
        FUZZ_CHECK(s.enqueued == s.emitted + s.dropped_oldest);
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
                if (status(picolog_level_from_name(has ? name.c_str() : nullptr, in_.byte() & 1 ? &out : nullptr)) ==
                    PICOLOG_OK)
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

    // Back to a clean runtime: nothing attached, default levels, every
    // object released (which closes handlers and joins queue listeners).
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
        for (picolog_handler*& h : handlers_) release(h);
        for (picolog_formatter*& f : formatters_) picolog_formatter_release(f), f = nullptr;
        for (picolog_filter*& f : filters_) picolog_filter_release(f), f = nullptr;
    }

    Program& in_;
    picolog_handler* handlers_[5] = {};  // [4] stays NULL
    bool inner_[5] = {};                 // given to another queue's listener
    picolog_formatter* formatters_[3] = {};
    picolog_filter* filters_[4] = {};
    std::set<picolog_logger*> loggers_;
    std::vector<std::pair<picolog_logger*, picolog_filter*>> logger_filters_;
    std::vector<picolog_level_listener_fn> listeners_;
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
