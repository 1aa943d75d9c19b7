// printf_capture.cpp - a printf call's arguments copied into a block on the
// logging thread, and the block rendered on the listener (printf_plan.hpp).
//
// Rendering hands each conversion's own specification and captured values
// back to snprintf, so the output is the C library's, byte for byte.
#include <cstdio>
#include <cstring>

#include "picolog/printf_plan.hpp"

namespace picolog::printf_plan {
namespace {

static_assert(sizeof(long) == 8 && sizeof(long long) == 8 && sizeof(size_t) == 8 && sizeof(intmax_t) == 8 &&
                  sizeof(ptrdiff_t) == 8,
              "the 64-bit argument kind assumes an LP64 platform");

constexpr int kMaxStar = 999999;              // as many digits as a literal width may have
constexpr uint32_t kNullString = 0xFFFFFFFF;  // a NULL %s argument, printed as the C library does

class Writer {
public:
    Writer(std::byte* out, size_t capacity) : p_(out), end_(out + capacity) {}
    template <class T>
    bool put(const T& v) noexcept {
        if (static_cast<size_t>(end_ - p_) < sizeof v) return false;
        std::memcpy(p_, &v, sizeof v);
        p_ += sizeof v;
        return true;
    }
    // The string's first bytes (at most `limit`, -1 for all) and a NUL.
    bool put_string(const char* s, int limit) noexcept {
        if (s == nullptr) return put(kNullString);
        if (static_cast<size_t>(end_ - p_) < sizeof(uint32_t) + 1) return false;
        const size_t room = static_cast<size_t>(end_ - p_) - sizeof(uint32_t) - 1;
        const size_t scan =
            limit >= 0 && static_cast<size_t>(limit) <= room ? static_cast<size_t>(limit) : room + 1;
        const size_t n = strnlen(s, scan);
        if (n > room) return false;
        put(static_cast<uint32_t>(n));
        std::memcpy(p_, s, n);
        p_[n] = std::byte{0};
        p_ += n + 1;
        return true;
    }
    std::byte* position() const noexcept { return p_; }

private:
    std::byte* p_;
    std::byte* end_;
};

class Reader {
public:
    explicit Reader(std::string_view block) : p_(block.data()), end_(block.data() + block.size()) {}
    template <class T>
    bool take(T& v) noexcept {
        if (static_cast<size_t>(end_ - p_) < sizeof v) return false;
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        return true;
    }
    // A string put by put_string: nullptr for a NULL argument.
    bool take_string(const char*& s) noexcept {
        uint32_t n = 0;
        if (!take(n)) return false;
        if (n == kNullString) {
            s = nullptr;
            return true;
        }
        if (static_cast<size_t>(end_ - p_) < size_t{n} + 1) return false;
        s = p_;
        p_ += size_t{n} + 1;
        return true;
    }

private:
    const char* p_;
    const char* end_;
};

template <class... A>
void put(std::string& out, const char* spec, A... values) {
    char buf[256];
    const int n = std::snprintf(buf, sizeof buf, spec, values...);
    if (n < 0) return;  // not for the conversions a plan accepts
    if (static_cast<size_t>(n) < sizeof buf) {
        out.append(buf, static_cast<size_t>(n));
        return;
    }
    const size_t at = out.size();
    out.resize(at + static_cast<size_t>(n) + 1);
    std::snprintf(out.data() + at, static_cast<size_t>(n) + 1, spec, values...);
    out.resize(at + static_cast<size_t>(n));
}

template <class V>
void put_value(std::string& out, const Conversion& c, int width, int precision, V value) {
    if (c.star_width && c.star_precision)
        put(out, c.spec, width, precision, value);
    else if (c.star_width)
        put(out, c.spec, width, value);
    else if (c.star_precision)
        put(out, c.spec, precision, value);
    else
        put(out, c.spec, value);
}

// One conversion from the block; false when the block ends early.
bool render_one(Reader& in, const Conversion& c, std::string& out) {
    int width = 0, precision = 0;
    if (c.star_width && !in.take(width)) return false;
    if (c.star_precision && !in.take(precision)) return false;
    switch (c.arg) {
        case Arg::kInt: {
            int v = 0;
            if (!in.take(v)) return false;
            put_value(out, c, width, precision, v);
            return true;
        }
        case Arg::kLong: {
            long long v = 0;
            if (!in.take(v)) return false;
            put_value(out, c, width, precision, v);
            return true;
        }
        case Arg::kDouble: {
            double v = 0;
            if (!in.take(v)) return false;
            put_value(out, c, width, precision, v);
            return true;
        }
        case Arg::kLongDouble: {
            long double v = 0;
            if (!in.take(v)) return false;
            put_value(out, c, width, precision, v);
            return true;
        }
        case Arg::kPointer: {
            const void* v = nullptr;
            if (!in.take(v)) return false;
            put_value(out, c, width, precision, v);
            return true;
        }
        case Arg::kString: {
            const char* v = nullptr;
            if (!in.take_string(v)) return false;
            put_value(out, c, width, precision, v);
            return true;
        }
    }
    return false;
}

}  // namespace

size_t capture(const Plan& plan, va_list* args, std::byte* out, size_t capacity) noexcept {
    if (plan.fixed_size != 0) {
        if (plan.fixed_size > capacity) return 0;
        capture_fixed(plan, args, out);
        return plan.fixed_size;
    }
    Writer w(out, capacity);
    const Plan* self = &plan;
    if (!w.put(self)) return 0;
    for (const Conversion& c : plan.conversions) {
        int precision = c.precision;
        if (c.star_width) {
            const int width = va_arg(*args, int);
            if (width > kMaxStar || width < -kMaxStar || !w.put(width)) return 0;
        }
        if (c.star_precision) {
            precision = va_arg(*args, int);
            if (precision > kMaxStar || !w.put(precision)) return 0;
        }
        bool ok = false;
        switch (c.arg) {
            case Arg::kInt:
                ok = w.put(va_arg(*args, int));
                break;
            case Arg::kLong:
                ok = w.put(va_arg(*args, long long));
                break;
            case Arg::kDouble:
                ok = w.put(va_arg(*args, double));
                break;
            case Arg::kLongDouble:
                ok = w.put(va_arg(*args, long double));
                break;
            case Arg::kPointer:
                ok = w.put(va_arg(*args, void*));
                break;
            case Arg::kString:
                ok = w.put_string(va_arg(*args, const char*), precision);
                break;
        }
        if (!ok) return 0;
    }
    return static_cast<size_t>(w.position() - out);
}

void render(std::string_view block, std::string& out) {
    Reader in(block);
    const Plan* plan = nullptr;
    if (!in.take(plan) || plan == nullptr) return;
    const std::string& text = plan->text;
    for (const Conversion& c : plan->conversions) {
        out.append(text, c.text_begin, c.text_len);
        if (!render_one(in, c, out)) return;
    }
    out.append(text, plan->tail_begin, plan->tail_len);
}

void render_record(Record& record, std::string& storage) {
    if (!record.deferred_format) return;
    storage.clear();
    render(record.message, storage);
    record.message = storage;
    record.deferred_format = false;
}

}  // namespace picolog::printf_plan
