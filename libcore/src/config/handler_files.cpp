// handler_files.cpp - the keys of the rotating and watched file handlers
// (logging.handlers' RotatingFileHandler, TimedRotatingFileHandler and
// WatchedFileHandler). Keys are the classes' keyword arguments; the
// camelCase ones may also be spelt in snake_case, picolog's extras are extra
// keys.
#include <cctype>
#include <climits>

#include "handler_types.hpp"
#include "picolog/rotating.hpp"

namespace picolog::config {
namespace {

class RotatingSpec final : public HandlerSpec {
public:
    std::string filename;
    SizeRotationOptions rotation;
    FileOptions options;
    Ref<Handler> build(std::vector<Ref<Handler>>) const override {
        return Ref<RotatingFileHandler>::make(filename, rotation, opening_options(options));
    }
    std::string truncates() const override { return truncated_file(filename, options); }
};

class TimedSpec final : public HandlerSpec {
public:
    std::string filename;
    TimeRotationOptions rotation;
    FileOptions options;
    Ref<Handler> build(std::vector<Ref<Handler>>) const override {
        return Ref<TimedRotatingFileHandler>::make(filename, rotation, options);
    }
};

class WatchedSpec final : public HandlerSpec {
public:
    std::string filename;
    FileOptions options;
    Ref<Handler> build(std::vector<Ref<Handler>>) const override {
        return Ref<WatchedFileHandler>::make(filename, opening_options(options));
    }
    std::string truncates() const override { return truncated_file(filename, options); }
};

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Python's `when`, case-insensitive: S, M, H, D, MIDNIGHT, W0..W6.
void read_when(Keys& keys, TimeRotationOptions& o) {
    auto when = keys.string("when");
    if (!when) return;
    const std::string w = upper(*when);
    if (w == "S")
        o.when = RotateWhen::Seconds;
    else if (w == "M")
        o.when = RotateWhen::Minutes;
    else if (w == "H")
        o.when = RotateWhen::Hours;
    else if (w == "D")
        o.when = RotateWhen::Days;
    else if (w == "MIDNIGHT")
        o.when = RotateWhen::Midnight;
    else if (w.size() == 2 && w[0] == 'W' && w[1] >= '0' && w[1] <= '6') {
        o.when = RotateWhen::Weekday;
        o.weekday = w[1] - '0';
    } else {
        keys.fail("when", "expected S, M, H, D, midnight or W0-W6, got \"" + *when + "\"");
    }
}

// "HH:MM" or "HH:MM:SS" (datetime.time's fields) to seconds after midnight.
void read_at_time(Keys& keys, TimeRotationOptions& o) {
    const std::string_view key = either(keys, "atTime", "at_time");
    if (key.empty()) return;
    if (keys.get(key)->kind == Node::Kind::Null) return;  // midnight, as atTime=None
    const auto text = keys.string(key);
    int parts[3] = {0, 0, 0};
    int count = 0;
    size_t i = 0;
    bool ok = true;
    while (ok && count < 3) {
        if (i + 2 > text->size() || !std::isdigit(static_cast<unsigned char>((*text)[i])) ||
            !std::isdigit(static_cast<unsigned char>((*text)[i + 1]))) {
            ok = false;
            break;
        }
        parts[count++] = ((*text)[i] - '0') * 10 + ((*text)[i + 1] - '0');
        i += 2;
        if (i == text->size()) break;
        if ((*text)[i] != ':') ok = false;
        ++i;
    }
    ok = ok && count >= 2 && i == text->size() && parts[0] < 24 && parts[1] < 60 && parts[2] < 60;
    if (!ok) keys.fail(key, "expected a time \"HH:MM\" or \"HH:MM:SS\", got \"" + *text + "\"");
    o.at_time_seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
}

}  // namespace

std::string_view either(Keys& keys, std::string_view camel, std::string_view snake) {
    const bool has_camel = keys.get(camel) != nullptr;
    const bool has_snake = keys.get(snake) != nullptr;
    if (has_camel && has_snake)
        keys.fail(snake, "given twice (as \"" + std::string(camel) + "\" too); keep one");
    if (has_camel) return camel;
    if (has_snake) return snake;
    return {};
}

std::unique_ptr<HandlerSpec> parse_rotating_file_handler(Keys& keys) {
    auto spec = std::make_unique<RotatingSpec>();
    spec->filename = read_filename(keys);
    read_file_options(keys, spec->options, true);
    SizeRotationOptions& r = spec->rotation;
    if (auto key = either(keys, "maxBytes", "max_bytes"); !key.empty())
        r.max_bytes = static_cast<uint64_t>(keys.integer(key, 0, INT64_MAX).value_or(0));
    if (auto key = either(keys, "backupCount", "backup_count"); !key.empty())
        r.backup_count = static_cast<unsigned>(keys.integer(key, 0, INT_MAX).value_or(0));
    if (auto days = keys.integer("max_age_days", 0, INT_MAX)) r.max_age_days = static_cast<unsigned>(*days);
    r.multiprocess = keys.boolean("multiprocess").value_or(false);
    r.compress = keys.boolean("compress").value_or(false);
    // As Python: appending is forced when the file rotates, since "w" would
    // truncate the file at every start.
    if (r.max_bytes > 0) spec->options.truncate = false;
    return spec;
}

std::unique_ptr<HandlerSpec> parse_timed_rotating_file_handler(Keys& keys) {
    auto spec = std::make_unique<TimedSpec>();
    spec->filename = read_filename(keys);
    read_file_options(keys, spec->options, false);
    TimeRotationOptions& r = spec->rotation;
    read_when(keys, r);
    if (auto n = keys.integer("interval", 1, INT_MAX)) r.interval = static_cast<unsigned>(*n);
    if (auto key = either(keys, "backupCount", "backup_count"); !key.empty())
        r.backup_count = static_cast<unsigned>(keys.integer(key, 0, INT_MAX).value_or(0));
    r.utc = keys.boolean("utc").value_or(false);
    read_at_time(keys, r);
    r.compress = keys.boolean("compress").value_or(false);
    if (auto days = keys.integer("max_age_days", 0, INT_MAX)) r.max_age_days = static_cast<unsigned>(*days);
    r.multiprocess = keys.boolean("multiprocess").value_or(false);
    return spec;
}

std::unique_ptr<HandlerSpec> parse_watched_file_handler(Keys& keys) {
    auto spec = std::make_unique<WatchedSpec>();
    spec->filename = read_filename(keys);
    read_file_options(keys, spec->options, true);
    return spec;
}

}  // namespace picolog::config
