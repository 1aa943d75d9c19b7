// capi_fuzz_objects.hpp - the objects a C API fuzz program holds: four
// handler slots, two formatters and three filters, made and replaced by its
// calls (with valid and invalid options), and released when it ends.
#pragma once

#include <climits>
#include <cstdint>
#include <string>

#include "capi_fuzz_checks.hpp"
#include "capi_fuzz_input.hpp"
#include "picolog.h"

namespace fuzz::capi {

class Objects {
public:
    explicit Objects(Program& in) : in_(in) {}
    ~Objects() {
        for (picolog_handler*& h : handlers_) release(h);
        for (picolog_formatter*& f : formatters_) picolog_formatter_release(f), f = nullptr;
        for (picolog_filter*& f : filters_) picolog_filter_release(f), f = nullptr;
    }
    Objects(const Objects&) = delete;
    Objects& operator=(const Objects&) = delete;

protected:
    size_t slot() { return in_.byte() % 4; }

    picolog_handler* handler() {
        uint8_t b = in_.byte();
        return b % 5 == 4 ? nullptr : handlers_[b % 5];
    }

    picolog_formatter* formatter() { return formatters_[in_.byte() % 3]; }  // [2] stays NULL

    picolog_filter* filter() { return filters_[in_.byte() % 4]; }  // [3] stays NULL

    void release(picolog_handler*& h) {
        if (h) picolog_handler_release(h);
        h = nullptr;
        inner_[&h - handlers_] = false;
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
        int rc = picolog_formatter_new(&f, has_fmt ? fmt.c_str() : nullptr,
                                       has_datefmt ? datefmt.c_str() : nullptr, in_.pick(fuzz::kEnums));
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
                rc = picolog_callback_filter_new(&f, in_.byte() & 1 ? nullptr : filter_fn, destroy_callback,
                                                 cb);
                if (rc != PICOLOG_OK) destroy_callback(cb);
                break;
            }
        }
        created(rc, f);
    }

    // After a flush, a queue fed only by this thread has written everything
    // it accepted (a queue serving another queue's listener is fed by that
    // listener's thread, meanwhile).
    void flush(size_t index) {
        picolog_handler* h = handlers_[index];
        if (status(picolog_handler_flush(h)) != PICOLOG_OK || inner_[index] ||
            picolog_handler_is_queue(h) != 1)
            return;
        picolog_queue_stats s;
        FUZZ_CHECK(picolog_queue_handler_stats(h, &s, sizeof s) == PICOLOG_OK);
        FUZZ_CHECK(s.queued == 0);
        FUZZ_CHECK(s.enqueued == s.emitted + s.dropped_oldest);
    }

    Program& in_;
    picolog_handler* handlers_[5] = {};  // [4] stays NULL
    bool inner_[5] = {};                 // given to another queue's listener
    picolog_formatter* formatters_[3] = {};
    picolog_filter* filters_[4] = {};
};

}  // namespace fuzz::capi
