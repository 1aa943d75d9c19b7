// options.hpp - how structs crossing the C ABI grow without breaking callers
// built against an older header (docs/abi.md).
//
// Input structs (option structs, picolog_record_info) start with `unsigned
// version`. A library accepts every version from 1 up to its own: the bytes
// the caller's version has are copied over the defaults, so fields the
// caller does not know keep their defaults. A newer version is refused with
// a message naming both versions. *_options_init(opts, version) writes the
// defaults of one version and nothing past that version's size.
//
// Output structs (picolog_record_view, picolog_queue_stats) carry no
// version: the caller passes its sizeof. The library fills the struct it
// knows and copies as much of it as the caller has room for, zeroing any
// bytes beyond (clone3's rule); a size below the first version's is refused.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <iterator>

#include "capi_internal.hpp"

// The end of `field` in `type`: the size of the struct version whose last
// field it is (its sizeof may include tail padding a newer field reuses).
#define PICOLOG_FIELD_END(type, field) (offsetof(type, field) + sizeof(static_cast<type*>(nullptr)->field))

namespace picolog::capi {

// The size of picolog_queue_options version 1. The syslog and journald
// options end with an embedded queue struct: their first version holds the
// queue's first version, whatever size the queue struct grows to later.
inline constexpr size_t kQueueOptionsFirstSize =
    PICOLOG_FIELD_END(picolog_queue_options, respect_handler_level);
// The queue version embedded in each released version of the journald
// options (index: their version - 1); a later queue struct raises theirs.
// The syslog options keep their own list (syslog.cpp).
inline constexpr unsigned kEmbeddedQueueVersions[] = {1};

// The bytes of picolog_queue_options' fields at `version` (every released
// version, oldest first; a newer one is this build's struct).
inline constexpr size_t kQueueOptionsSizes[] = {kQueueOptionsFirstSize};
constexpr size_t queue_options_size(unsigned version) noexcept {
    return version <= std::size(kQueueOptionsSizes) ? kQueueOptionsSizes[version - 1]
                                                    : sizeof(picolog_queue_options);
}

// Where a field of alignment `align` that follows embedded queue options of
// `version` at `queue_offset` sits: a member takes its struct's fields
// rounded up to the struct's alignment. Fields after the embedded queue
// move when the queue struct grows, so a library finds an older caller's
// from the queue version that caller's struct embeds.
constexpr size_t after_embedded_queue(size_t queue_offset, unsigned version, size_t align) noexcept {
    constexpr size_t q = alignof(picolog_queue_options);
    const size_t end = queue_offset + (queue_options_size(version) + q - 1) / q * q;
    return (end + align - 1) / align * align;
}

// The layout history of one versioned input struct: its name for messages,
// this library's own version (the header's *_VERSION macro), and the size of
// each released version, oldest first. A version newer than every listed
// one, up to `current`, is this build's whole struct.
template <class T>
struct Versioned {
    const char* name;
    unsigned current;
    std::initializer_list<size_t> sizes;

    size_t size_of(unsigned version) const noexcept {
        return version <= sizes.size() ? sizes.begin()[version - 1] : sizeof(T);
    }

    int check(const char* fn, unsigned version) const noexcept {
        if (version == 0)
            return fail(
                fn, kInvalid,
                "%s version 0 is not a version (initialise it with its _INIT macro or _init function)", name);
        if (version > current)
            return fail(fn, kInvalid, "%s version %u is newer than this library's version %u", name, version,
                        current);
        return kOk;
    }

    // The caller's struct as this library's version: `in` itself when it
    // is of this version, else `scratch` holding the defaults overwritten
    // with the caller's fields. nullptr (the failure recorded) when the
    // version is refused.
    const T* read(const char* fn, const T* in, T& scratch, const T& defaults) const noexcept {
        if (check(fn, in->version) != kOk) return nullptr;
        if (in->version == current) return in;
        scratch = defaults;
        std::memcpy(static_cast<void*>(&scratch), in, size_of(in->version));
        return &scratch;
    }

    // Writes the defaults of `version` into `out`, touching none of the
    // bytes past that version's size.
    int init(const char* fn, T* out, unsigned version, const T& defaults) const noexcept {
        if (int rc = check_handle(fn, out, "opts")) return rc;
        if (int rc = check(fn, version)) return rc;
        std::memcpy(static_cast<void*>(out), &defaults, size_of(version));
        out->version = version;
        return kOk;
    }

    // init() for a struct ending with an embedded picolog_queue_options:
    // an older version's embedded queue says its own older version, so
    // the caller's struct never claims queue fields it has no room for.
    int init_with_queue(const char* fn, T* out, unsigned version, const T& defaults) const noexcept {
        if (int rc = init(fn, out, version, defaults)) return rc;
        if (version <= std::size(kEmbeddedQueueVersions))
            out->queue.version = kEmbeddedQueueVersions[version - 1];
        return kOk;
    }
};

// Copies a filled output struct into the caller's `out_size` bytes: cut to
// the caller's size, or zero-extended past this library's. first_size is the
// size of the struct's first released version, the smallest accepted.
template <class T>
int write_out(const char* fn, const char* name, const T& filled, void* out, size_t out_size,
              size_t first_size) noexcept {
    if (out_size < first_size)
        return fail(fn, kInvalid, "out_size %zu is smaller than the first version of %s (%zu bytes)",
                    out_size, name, first_size);
    size_t n = std::min(out_size, sizeof(T));
    std::memcpy(out, &filled, n);
    if (out_size > n) std::memset(static_cast<char*>(out) + n, 0, out_size - n);
    return kOk;
}

}  // namespace picolog::capi
