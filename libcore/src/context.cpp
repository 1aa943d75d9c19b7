// context.cpp - the per-thread context stack and its merge into records.
//
// A thread's stack keeps its fields' bytes in blocks that never move: a view
// handed to a record stays valid while its frame is on the stack, even if a
// handler pushes more frames meanwhile. Popping only moves a cursor back, so
// a push/pop pair allocates nothing once the blocks have grown. A record
// without fields of its own borrows an immutable snapshot of the effective
// fields, which queued records share by reference (Snapshot).
#include "picolog/context.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "picolog/error.hpp"

namespace picolog::context {

struct Block {
    std::unique_ptr<char[]> data;
    size_t size = 0;
};

struct Frame {
    uint64_t token;
    size_t first_entry;  // entries.size before the push
    size_t block;        // the byte cursor before the push
    size_t offset;
};

static_assert(sizeof(Snapshot) == 3 * Snapshot::kCacheLine);
static_assert(sizeof(Snapshot) % alignof(Field) == 0);

namespace {
std::atomic<size_t> g_snapshots{0};

void free_snapshot(Snapshot* s) noexcept {
    s->~Snapshot();
    ::operator delete (s, std::align_val_t{Snapshot::kCacheLine});
    g_snapshots.fetch_sub(1, std::memory_order_relaxed);
}
}  // namespace

// A growable array of trivially copyable items: unlike a vector, room is
// made once per push and the items are then written in place, and a pop
// only moves the size back.
template <class T>
struct Pile {
    std::unique_ptr<T[]> items;
    size_t size = 0;
    size_t capacity = 0;

    bool empty() const noexcept { return size == 0; }
    T* data() noexcept { return items.get(); }
    const T* data() const noexcept { return items.get(); }
    T& operator[](size_t i) noexcept { return items[i]; }
    const T& operator[](size_t i) const noexcept { return items[i]; }
    // Room for `more` items after the last one: where they go.
    T* room(size_t more) {
        if (capacity - size < more) grow(size + more);
        return items.get() + size;
    }
    [[gnu::cold, gnu::noinline]] void grow(size_t need) {
        const size_t next = std::max(need, 2 * capacity + 8);
        auto bigger = std::make_unique_for_overwrite<T[]>(next);
        if (size != 0) std::memcpy(bigger.get(), items.get(), size * sizeof(T));
        items = std::move(bigger);
        capacity = next;
    }
};

struct Stack {
    Pile<Field> entries;  // every frame's fields, outermost first
    Pile<Frame> frames;
    std::vector<Block> blocks;  // blocks after `block` are free
    size_t block = 0;
    size_t offset = 0;
    // One entry per key (the innermost value), outermost first: what a
    // record without fields of its own carries, copied out of the blocks so
    // that queued records may outlive the frames. Rebuilt after a change,
    // but never while a record being logged still borrows it.
    Snapshot* snapshot = nullptr;
    // A retired snapshot no record holds, kept for the next rebuild.
    Snapshot* spare = nullptr;
    bool dirty = false;
    unsigned borrowed = 0;
    uint64_t thread_bits = 0;  // tokens of different threads never match
    uint32_t next_serial = 1;

    Stack() = default;
    Stack(const Stack&) = delete;
    Stack& operator=(const Stack&) = delete;
    ~Stack();
};

thread_local constinit Stack* t_active = nullptr;

namespace {

constexpr size_t kMinBlock = 4096;

std::atomic<uint64_t> g_thread_serial{0};

// The calling thread's stack, null until its first push. A plain pointer:
// reading it needs no thread_local initialisation check.
thread_local constinit Stack* t_stack = nullptr;

// Frees the calling thread's stack at thread exit. Touched only by the first
// push, so threads that never push pay nothing at exit.
struct Owner {
    ~Owner() {
        t_active = nullptr;
        delete std::exchange(t_stack, nullptr);
    }
};
thread_local Owner t_owner;

Stack* existing_stack() noexcept {
    return t_stack;
}

[[gnu::cold, gnu::noinline]] Stack& new_stack() {
    auto stack = std::make_unique<Stack>();
    stack->thread_bits = (g_thread_serial.fetch_add(1, std::memory_order_relaxed) + 1) << 32;
    [[maybe_unused]] Owner& owner = t_owner;  // registers the thread-exit cleanup
    t_stack = stack.release();
    return *t_stack;
}

Stack& own_stack() {
    Stack* s = t_stack;
    return s != nullptr ? *s : new_stack();
}

// Keeps t_active in step with whether the stack holds fields.
void update_active(Stack& s) noexcept {
    t_active = s.entries.empty() ? nullptr : &s;
}

Block new_block(size_t need, size_t previous) {
    size_t size = std::max({need, kMinBlock, 2 * previous});
    return Block{std::make_unique<char[]>(size), size};
}

// `need` bytes at the cursor, moving to the next block (allocated or grown if
// needed) when the current one is full. Changes nothing if it throws.
char* take_bytes(Stack& s, size_t need) {
    if (s.blocks.empty()) {
        s.blocks.push_back(new_block(need, 0));
        s.block = 0;
        s.offset = 0;
    } else if (s.blocks[s.block].size - s.offset < need) {
        size_t next = s.block + 1;
        if (next == s.blocks.size())
            s.blocks.push_back(new_block(need, s.blocks[s.block].size));
        else if (s.blocks[next].size < need)
            s.blocks[next] = new_block(need, s.blocks[next].size);
        s.block = next;
        s.offset = 0;
    }
    char* p = s.blocks[s.block].data.get() + s.offset;
    s.offset += need;
    return p;
}

// Copies `n` bytes. Context strings are short: up to 16 bytes they move as
// two overlapping loads and stores, without the call into memcpy.
inline void copy_short(char* to, const char* from, size_t n) noexcept {
    if (n >= 8 && n <= 16) {
        uint64_t head, tail;
        std::memcpy(&head, from, 8);
        std::memcpy(&tail, from + n - 8, 8);
        std::memcpy(to, &head, 8);
        std::memcpy(to + n - 8, &tail, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t head, tail;
        std::memcpy(&head, from, 4);
        std::memcpy(&tail, from + n - 4, 4);
        std::memcpy(to, &head, 4);
        std::memcpy(to + n - 4, &tail, 4);
    } else if (n > 16) {
        std::memcpy(to, from, n);
    } else if (n != 0) {
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    }
}

// Copies `text` to `at` with its terminating NUL (a Field's strings have
// one) and moves `at` past it.
inline std::string_view copy_string(char*& at, std::string_view text) noexcept {
    copy_short(at, text.data(), text.size() + 1);
    std::string_view copy(at, text.size());
    at += text.size() + 1;
    return copy;
}

bool has_key(const Field* fields, size_t count, std::string_view key) noexcept {
    for (size_t i = 0; i < count; ++i)
        if (fields[i].key == key) return true;
    return false;
}

// Takes `snap` out of use on its owning thread: freed (kept as the spare)
// now if no reference is held, else by the last release.
void retire(Stack& s, Snapshot* snap) noexcept {
    if (snap == nullptr) return;
    const auto taken = static_cast<int64_t>(snap->taken);
    if (taken != 0 && snap->balance.fetch_add(taken, std::memory_order_acq_rel) + taken != 0) return;
    if (s.spare != nullptr && s.spare->bytes >= snap->bytes) {
        free_snapshot(snap);
        return;
    }
    if (s.spare != nullptr) free_snapshot(s.spare);
    s.spare = snap;
}

// A snapshot of the stack's effective fields, or null when out of memory.
Snapshot* build_snapshot(Stack& s) noexcept {
    const size_t n = s.entries.size;
    size_t count = 0, text = 0;
    for (size_t i = 0; i < n; ++i) {
        const Field& f = s.entries[i];
        if (has_key(s.entries.data() + i + 1, n - i - 1, f.key)) continue;
        ++count;
        text += f.key.size() + f.value.size() + 2;
    }
    const size_t bytes = sizeof(Snapshot) + count * sizeof(Field) + text;
    Snapshot* snap;
    if (s.spare != nullptr && s.spare->bytes >= bytes) {
        snap = std::exchange(s.spare, nullptr);
        snap->balance.store(0, std::memory_order_relaxed);
        snap->taken = 0;
    } else {
        void* raw = ::operator new (bytes, std::align_val_t{Snapshot::kCacheLine}, std::nothrow);
        if (raw == nullptr) return nullptr;
        snap = new (raw) Snapshot;
        snap->bytes = bytes;
        g_snapshots.fetch_add(1, std::memory_order_relaxed);
    }
    snap->count = count;
    Field* out = snap->fields();
    char* at = reinterpret_cast<char*>(out + count);
    for (size_t i = 0; i < n; ++i) {
        const Field& f = s.entries[i];
        if (has_key(s.entries.data() + i + 1, n - i - 1, f.key)) continue;
        std::string_view key = copy_string(at, f.key);
        *out++ = Field{key, copy_string(at, f.value)};
    }
    return snap;
}

}  // namespace

Stack::~Stack() {
    retire(*this, snapshot);
    if (spare != nullptr) free_snapshot(spare);
}

uint64_t push(std::span<const Field> fields) {
    size_t bytes = 0;
    for (const Field& f : fields) {
        if (f.key.empty()) throw Error(kInvalid, "a context field has an empty key");
        bytes += f.key.size() + f.value.size() + 2;
    }
    Stack& s = own_stack();
    Field* out = s.entries.room(fields.size());
    Frame* frame = s.frames.room(1);
    *frame = Frame{s.thread_bits | s.next_serial, s.entries.size, s.block, s.offset};
    if (bytes != 0) {
        char* at = take_bytes(s, bytes);
        for (const Field& f : fields) {
            std::string_view key = copy_string(at, f.key);
            *out++ = Field{key, copy_string(at, f.value)};
        }
    }
    s.entries.size += fields.size();
    ++s.frames.size;
    s.dirty = true;
    update_active(s);
    // Serial 0 is never a token, so a zeroed token is always invalid.
    if (++s.next_serial == 0) s.next_serial = 1;
    return frame->token;
}

void pop(uint64_t token) {
    Stack* s = existing_stack();
    if (s != nullptr) {
        for (size_t i = s->frames.size; i-- > 0;) {
            const Frame& f = s->frames[i];
            if (f.token != token) continue;
            s->entries.size = f.first_entry;
            s->block = f.block;
            s->offset = f.offset;
            s->frames.size = i;
            s->dirty = true;
            update_active(*s);
            return;
        }
    }
    throw Error(kNotFound, "context token " + std::to_string(token) +
                               " is not on the calling thread's context stack (popped already, or "
                               "pushed by another thread)");
}

size_t depth() noexcept {
    Stack* s = existing_stack();
    return s == nullptr ? 0 : s->frames.size;
}

size_t merge(std::span<const Field> own, Field* out, size_t capacity) noexcept {
    Stack* s = t_active;
    size_t extra = s == nullptr ? 0 : s->entries.size;
    if (own.size() + extra > capacity) return own.size() + extra;
    std::copy(own.begin(), own.end(), out);
    size_t n = own.size();
    for (size_t i = 0; i < extra; ++i) {
        const Field& f = s->entries[i];
        // An inner frame (a later entry) or the record itself overrides.
        if (has_key(out, own.size(), f.key) || has_key(s->entries.data() + i + 1, extra - i - 1, f.key))
            continue;
        out[n++] = f;
    }
    return n;
}

bool borrow(std::span<const Field>& fields) noexcept {
    Stack* s = t_active;
    if (s == nullptr) return false;
    if (s->dirty) {
        if (s->borrowed != 0) return false;
        Snapshot* next = build_snapshot(*s);
        if (next == nullptr) return false;
        retire(*s, std::exchange(s->snapshot, next));
        s->dirty = false;
    }
    ++s->borrowed;
    fields = {s->snapshot->fields(), s->snapshot->count};
    return true;
}

void give_back() noexcept {
    if (Stack* s = t_stack) --s->borrowed;
}

const Snapshot* shared(std::span<const Field> fields) noexcept {
    Stack* s = t_active;
    if (s == nullptr || s->borrowed == 0 || s->snapshot == nullptr || fields.empty()) return nullptr;
    Snapshot* snap = s->snapshot;
    return fields.data() == snap->fields() && fields.size() == snap->count ? snap : nullptr;
}

void release(const Snapshot* snapshot, uint64_t references) noexcept {
    auto* snap = const_cast<Snapshot*>(snapshot);
    const auto n = static_cast<int64_t>(references);
    if (snap->balance.fetch_sub(n, std::memory_order_acq_rel) == n) free_snapshot(snap);
}

std::span<const Field> fields_of(const Snapshot* snapshot) noexcept {
    auto* snap = const_cast<Snapshot*>(snapshot);
    return {snap->fields(), snap->count};
}

}  // namespace picolog::context

namespace picolog::context {

size_t snapshots_alive() noexcept {
    return g_snapshots.load(std::memory_order_relaxed);
}

}  // namespace picolog::context
