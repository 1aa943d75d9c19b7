// time_rollover.cpp - Python's TimedRotatingFileHandler arithmetic, kept
// step for step (including its DST corrections) so that the same clock gives
// the same rollover times and file names as logging.handlers.
#include "time_rollover.hpp"

#include <dirent.h>
#include <time.h>

#include <algorithm>
#include <cctype>

#include "picolog/error.hpp"

namespace picolog::time_rollover {
namespace {

constexpr int64_t kDay = 24 * 60 * 60;

struct tm broken_down(const TimeRotationOptions& o, int64_t t) {
    time_t tt = static_cast<time_t>(t);
    struct tm out {};
    if (o.utc)
        ::gmtime_r(&tt, &out);
    else
        ::localtime_r(&tt, &out);
    return out;
}

int local_isdst(int64_t t) {
    time_t tt = static_cast<time_t>(t);
    struct tm out {};
    ::localtime_r(&tt, &out);
    return out.tm_isdst > 0 ? 1 : 0;
}

bool daily_or_weekly(const TimeRotationOptions& o) {
    return o.when == RotateWhen::Midnight || o.when == RotateWhen::Weekday;
}

const char* suffix_format(RotateWhen when) {
    switch (when) {
        case RotateWhen::Seconds:
            return "%Y-%m-%d_%H-%M-%S";
        case RotateWhen::Minutes:
            return "%Y-%m-%d_%H-%M";
        case RotateWhen::Hours:
            return "%Y-%m-%d_%H";
        default:
            return "%Y-%m-%d";
    }
}

// Python's extMatch for `when`, with 'd' for a digit; a part of the rotated
// name matches when it has exactly this shape.
const char* suffix_shape(RotateWhen when) {
    switch (when) {
        case RotateWhen::Seconds:
            return "dddd-dd-dd_dd-dd-dd";
        case RotateWhen::Minutes:
            return "dddd-dd-dd_dd-dd";
        case RotateWhen::Hours:
            return "dddd-dd-dd_dd";
        default:
            return "dddd-dd-dd";
    }
}

bool matches_shape(std::string_view part, const char* shape) {
    std::string_view s(shape);
    if (part.size() != s.size()) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        bool ok = s[i] == 'd' ? (part[i] >= '0' && part[i] <= '9') : part[i] == s[i];
        if (!ok) return false;
    }
    return true;
}

// os.path.splitext's extension: from the last dot, unless the name is only
// dots before it.
std::string extension(const std::string& name) {
    size_t dot = name.rfind('.');
    if (dot == std::string::npos) return "";
    if (name.find_first_not_of('.') >= dot) return "";
    return name.substr(dot);
}

}  // namespace

int64_t interval_seconds(const TimeRotationOptions& o) {
    if (o.interval < 1) throw Error(kInvalid, "timed rotating file handler: interval must be at least 1");
    if (o.at_time_seconds >= kDay || o.at_time_seconds < -1)
        throw Error(kInvalid, "timed rotating file handler: at_time must be within a day");
    int64_t unit = 0;
    switch (o.when) {
        case RotateWhen::Seconds:
            unit = 1;
            break;
        case RotateWhen::Minutes:
            unit = 60;
            break;
        case RotateWhen::Hours:
            unit = 3600;
            break;
        case RotateWhen::Days:
        case RotateWhen::Midnight:
            unit = kDay;
            break;
        case RotateWhen::Weekday:
            if (o.weekday < 0 || o.weekday > 6)
                throw Error(kInvalid, "timed rotating file handler: weekday must be 0 (Monday) to 6");
            unit = 7 * kDay;
            break;
        default:
            throw Error(kInvalid, "timed rotating file handler: unknown `when`");
    }
    return unit * o.interval;
}

// Python 3.13's computeRollover: a file whose time is the rotation time
// itself waits for the next one (r <= 0), an interval of several days or
// weeks counts from the first rotation time, and the DST correction covers
// every daily or weekly rule (none when the hour skipped in spring holds
// the result).
int64_t compute(const TimeRotationOptions& o, int64_t interval, int64_t current_time) {
    int64_t result = current_time + interval;
    if (!daily_or_weekly(o)) return result;
    struct tm t = broken_down(o, current_time);
    int current_day = (t.tm_wday + 6) % 7;  // Monday is 0, as in Python
    int64_t rotate_ts = o.at_time_seconds < 0 ? kDay : o.at_time_seconds;
    int64_t r = rotate_ts - ((t.tm_hour * 60 + t.tm_min) * 60 + t.tm_sec);
    if (r <= 0) {
        r += kDay;
        current_day = (current_day + 1) % 7;
    }
    result = current_time + r;
    if (o.when == RotateWhen::Weekday) {
        if (current_day != o.weekday) {
            int days_to_wait =
                current_day < o.weekday ? o.weekday - current_day : 6 - current_day + o.weekday + 1;
            result += days_to_wait * kDay;
        }
        result += interval - 7 * kDay;
    } else {
        result += interval - kDay;
    }
    if (!o.utc) {
        int dst_now = t.tm_isdst > 0 ? 1 : 0;
        if (dst_now != local_isdst(result)) {
            int64_t addend = dst_now ? 3600 : -3600;
            if (!dst_now && !local_isdst(result - 3600)) addend = 0;
            result += addend;
        }
    }
    return result;
}

// After a rollover Python 3.13 computes the next time afresh from now.
int64_t next_after_rollover(const TimeRotationOptions& o, int64_t interval, int64_t current_time) {
    int64_t next = compute(o, interval, current_time);
    while (next <= current_time) next += interval;  // a DST correction cannot put it in the past
    return next;
}

std::string suffix(const TimeRotationOptions& o, int64_t start, int64_t current_time) {
    struct tm t = broken_down(o, start);
    if (!o.utc) {
        int dst_now = local_isdst(current_time);
        int dst_then = t.tm_isdst > 0 ? 1 : 0;
        if (dst_now != dst_then) t = broken_down(o, start + (dst_now ? 3600 : -3600));
    }
    char buf[64];
    size_t n = ::strftime(buf, sizeof buf, suffix_format(o.when), &t);
    return std::string(buf, n);
}

std::vector<std::string> files_to_delete(const TimeRotationOptions& o, const std::string& base_path,
                                         bool has_namer) {
    size_t slash = base_path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : base_path.substr(0, slash == 0 ? 1 : slash);
    std::string join = slash == std::string::npos ? "" : base_path.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? base_path : base_path.substr(slash + 1);
    std::string ext = extension(base);
    std::string prefix = base.substr(0, base.size() - ext.size()) + ".";
    size_t plen = prefix.size();
    const char* shape = suffix_shape(o.when);

    std::vector<std::string> result;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return result;
    while (dirent* entry = ::readdir(d)) {
        std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        if (!has_namer) {
            // Python 3.13's test: the base, a dot and the suffix, nothing
            // more but the .gz of compression. A name that merely holds a
            // date, as another handler's base.json.<date>, is not this one's.
            if (name.size() <= base.size() || name.compare(0, base.size(), base) != 0 ||
                name[base.size()] != '.')
                continue;
            std::string_view suffix = std::string_view(name).substr(base.size() + 1);
            if (suffix.size() > 3 && suffix.substr(suffix.size() - 3) == ".gz") suffix.remove_suffix(3);
            if (matches_shape(suffix, shape)) result.push_back(join + name);
            continue;
        }
        bool starts = name.compare(0, base.size(), base) == 0;
        bool ends = name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
        if (!starts && ends && name.size() > plen + 1 &&
            !std::isdigit(static_cast<unsigned char>(name[plen + 1])))
            continue;
        if (name.compare(0, plen, prefix) != 0) continue;
        std::string_view rest = std::string_view(name).substr(plen);
        while (true) {
            size_t dot = rest.find('.');
            if (matches_shape(rest.substr(0, dot), shape)) {
                result.push_back(join + name);
                break;
            }
            if (dot == std::string_view::npos) break;
            rest.remove_prefix(dot + 1);
        }
    }
    ::closedir(d);
    if (result.size() < o.backup_count) return {};
    std::sort(result.begin(), result.end());
    result.resize(result.size() - o.backup_count);
    return result;
}

}  // namespace picolog::time_rollover
