// context.hpp - the calling thread's context: a stack of key-value fields
// merged into every record the thread logs.
//
// Frames are pushed and popped in LIFO order around a unit of work (a request,
// a task). Logger::log merges the fields of every frame into the record after
// the record's own fields: the record's own value wins a clash, and an inner
// frame's value wins over an outer one. The log path pays one thread-local
// load when no frame is pushed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

#include "picolog/record.hpp"

namespace picolog::context {

struct Stack;

// The calling thread's stack while it holds at least one field, else null
// (the stack itself stays allocated for the next push). Not initial-exec:
// a library that Python loads with dlopen may find no static TLS left; the
// build's TLS descriptors (-mtls-dialect=gnu2) keep the access cheap.
extern thread_local constinit Stack* t_active;

// True if the calling thread has at least one field pushed.
inline bool active() noexcept {
    return t_active != nullptr;
}

// Pushes a frame holding copies of `fields` and returns its token. Throws
// Error(kInvalid) for an empty key, Error(kNoMemory) when out of memory.
uint64_t push(std::span<const Field> fields);

// Pops the frame `token` and every frame pushed after it on this thread.
// Throws Error(kNotFound) if no such frame is on the calling thread's stack
// (already popped, or pushed by another thread).
void pop(uint64_t token);

// The number of frames on the calling thread's stack.
size_t depth() noexcept;

// Writes the record's fields followed by the context fields whose key is in
// neither the record nor an inner frame into `out` (room for `capacity`
// entries) and returns how many were written, or the count needed when it
// exceeds `capacity` (nothing useful is written then). Views point into the
// stack's storage, valid until the frame holding them is popped.
size_t merge(std::span<const Field> own, Field* out, size_t capacity) noexcept;

// For a record with no fields of its own: the context's fields, one per key
// (an inner frame's value), outermost first, shared rather than copied. True
// if `fields` was set; then give_back() must follow once the record is
// handled. False when there is nothing to share, or when a record being
// logged already borrows an outdated list (a handler that changed the
// context and logs again): use merge() then.
bool borrow(std::span<const Field>& fields) noexcept;
void give_back() noexcept;

// What borrow() lends is an immutable snapshot of the context, which a
// queued record can carry by reference instead of copying its fields: it is
// freed once it is no longer the thread's current one (a push or pop made
// it stale, or the thread exited) and every reference taken is released.
//
// One allocation: this header, `count` fields, then their bytes. Immutable
// once built, so queued records may point at it from other threads.
//
// References are counted without a locked instruction on the log path: the
// owning thread counts the ones it hands out in `taken` (a plain integer),
// and holders release theirs by decrementing `balance`, which so stays at
// or below zero while the snapshot is current. Retiring it adds `taken` to
// `balance`: from then on `balance` is the number still held, and whoever
// brings it to zero (the retiring owner, or the last release) frees it.
//
// The listener decrements `balance` for queued records while the owner
// increments `taken` for the next ones: each has a cache line of its own.
// What both read for every record (the count and the fields) is on lines
// neither writes while the snapshot is in use, so no write of one thread
// evicts what the other one reads. Defined here so that retain() is
// inline: a call in the middle of a queued push would make the compiler
// keep the record's members on the stack across it.
struct Snapshot {
    static constexpr size_t kCacheLine = 64;
    alignas(kCacheLine) std::atomic<int64_t> balance{0};
    alignas(kCacheLine) uint64_t taken = 0;
    alignas(kCacheLine) size_t count = 0;
    size_t bytes = 0;  // of the whole allocation, for reuse
    Field* fields() noexcept { return reinterpret_cast<Field*>(this + 1); }
};

// The snapshot holding `fields` when they are exactly what borrow() lent
// on the calling thread, else null. Takes no reference.
const Snapshot* shared(std::span<const Field> fields) noexcept;
// Takes one reference to `snapshot`, which shared() returned on the calling
// thread during the same borrow. Not atomic: only the owning thread counts.
inline void retain(const Snapshot* snapshot) noexcept {
    ++const_cast<Snapshot*>(snapshot)->taken;
}
// Drops `references` (at least one) of those taken by retain(), from any
// thread (the listener's, which lets go of a run of records sharing one
// snapshot at once).
void release(const Snapshot* snapshot, uint64_t references = 1) noexcept;
// The snapshot's fields, valid while a reference is held.
std::span<const Field> fields_of(const Snapshot* snapshot) noexcept;
// Snapshots allocated and not yet freed, in the whole process (tests).
size_t snapshots_alive() noexcept;

}  // namespace picolog::context
