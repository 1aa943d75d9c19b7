// formatter_caches.hpp - a thread's caches of formatted text: the asctime
// of the last seconds and the leading text of the last lines
// (PatternFormatter, formatter.cpp), private to libcore/src.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "picolog/crash.hpp"
#include "picolog/level.hpp"
#include "picolog/thread_block.hpp"

namespace picolog::format_caches {

// Turning seconds into local time takes glibc's time-zone lock, so each
// thread keeps the text of the last second it formatted for a few
// formatters.
// Without a datefmt the entry also keeps ",mmm" of the last millisecond
// after the text (msec_key), so most records copy one finished piece.
struct TimeCacheEntry {
    uint64_t formatter_id;
    int64_t second;
    int64_t msec_key;  // the millisecond whose ",mmm" follows text[len]
    size_t len;
    char text[240];
};
constexpr size_t kTimeCacheEntries = 4;
// An entry whose len is kLongTimeText has its text in long_text: a datefmt
// whose output does not fit text[], formatted again for each record.
constexpr size_t kLongTimeText = SIZE_MAX;
struct TimeCache {
    TimeCacheEntry entries[kTimeCacheEntries];
    size_t next;
    std::string long_text;
};

// The text of a formatter's cached leading steps (Compiled::cached_steps),
// followed by the literal prefix of the step after them, for one key, per
// thread: records of one logger, level and millisecond
// (most of a busy thread's records) copy it as one piece.
constexpr size_t kPrefixEntries = 4;
constexpr size_t kMaxCachedName = 64;
constexpr size_t kMaxCachedText = 256;
struct PrefixEntry {
    uint64_t formatter_id;
    int64_t time_from;  // the first nanosecond of the time unit it shows
    uint64_t names_version;
    int level;
    uint32_t name_len;
    uint32_t len;
    char name[kMaxCachedName];
    char text[kMaxCachedText];
};
struct PrefixCache {
    PrefixEntry entries[kPrefixEntries];
    size_t next;
};

// A thread's two caches, in a block of its own (thread_block.hpp: 2.5 KiB
// is too much for libpicolog's thread-local storage), and the room for an
// unnamed high level's name while a record is formatted. Value-initialized
// is empty: formatter ids start at 1.
struct FormatCaches {
    TimeCache time;
    PrefixCache prefix;
    levels::LevelText level_text;
};

// The calling thread's caches, made by its first record, but not in a
// crash drain (the crashing thread allocates nothing there): null then,
// and when they cannot be made.
[[gnu::noinline]] inline FormatCaches* make_thread_caches() noexcept {
    return crash::crashing() ? nullptr : ThreadBlock<FormatCaches>::get();
}
inline FormatCaches* thread_caches() noexcept {
    if (FormatCaches* k = ThreadBlock<FormatCaches>::existing()) [[likely]]
        return k;
    return make_thread_caches();
}

}  // namespace picolog::format_caches
