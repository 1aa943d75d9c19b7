// context.cpp - the per-thread context stack and its merge into records.
//
// A thread's stack keeps its fields' bytes in blocks that never move: a view
// handed to a record stays valid while its frame is on the stack, even if a
// handler pushes more frames meanwhile. Popping only moves a cursor back, so
// a push/pop pair allocates nothing once the blocks have grown.
#include "picolog/context.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
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
    size_t first_entry;  // entries.size() before the push
    size_t block;        // the byte cursor before the push
    size_t offset;
};

struct Stack {
    std::vector<Field> entries;  // every frame's fields, outermost first
    std::vector<Frame> frames;
    std::vector<Block> blocks;  // blocks after `block` are free
    size_t block = 0;
    size_t offset = 0;
    // One entry per key (the innermost value), outermost first: what a
    // record without fields of its own carries. Rebuilt after a change, but
    // never while a record being logged still borrows it.
    std::vector<Field> effective;
    bool dirty = false;
    unsigned borrowed = 0;
    uint64_t thread_bits = 0;  // tokens of different threads never match
    uint32_t next_serial = 1;
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

template <class T>
void make_room(std::vector<T>& v, size_t more) {
    if (v.capacity() - v.size() < more) v.reserve(std::max(v.size() + more, 2 * v.capacity() + 8));
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

std::string_view copy_string(char*& at, std::string_view text) noexcept {
    std::memcpy(at, text.data(), text.size());
    at[text.size()] = '\0';
    std::string_view copy(at, text.size());
    at += text.size() + 1;
    return copy;
}

bool has_key(const Field* fields, size_t count, std::string_view key) noexcept {
    for (size_t i = 0; i < count; ++i)
        if (fields[i].key == key) return true;
    return false;
}

}  // namespace

uint64_t push(std::span<const Field> fields) {
    size_t bytes = 0;
    for (const Field& f : fields) {
        if (f.key.empty()) throw Error(kInvalid, "a context field has an empty key");
        bytes += f.key.size() + f.value.size() + 2;
    }
    Stack& s = own_stack();
    make_room(s.entries, fields.size());
    make_room(s.frames, 1);
    Frame frame{s.thread_bits | s.next_serial, s.entries.size(), s.block, s.offset};
    char* at = bytes == 0 ? nullptr : take_bytes(s, bytes);
    for (const Field& f : fields) {
        std::string_view key = copy_string(at, f.key);
        s.entries.push_back(Field{key, copy_string(at, f.value)});
    }
    s.frames.push_back(frame);
    s.dirty = true;
    update_active(s);
    // Serial 0 is never a token, so a zeroed token is always invalid.
    if (++s.next_serial == 0) s.next_serial = 1;
    return frame.token;
}

void pop(uint64_t token) {
    Stack* s = existing_stack();
    if (s != nullptr) {
        for (size_t i = s->frames.size(); i-- > 0;) {
            const Frame& f = s->frames[i];
            if (f.token != token) continue;
            s->entries.resize(f.first_entry);
            s->block = f.block;
            s->offset = f.offset;
            s->frames.resize(i);
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
    return s == nullptr ? 0 : s->frames.size();
}

size_t merge(std::span<const Field> own, Field* out, size_t capacity) noexcept {
    Stack* s = t_active;
    size_t extra = s == nullptr ? 0 : s->entries.size();
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
        if (s->effective.capacity() < s->entries.size()) {
            try {
                s->effective.reserve(std::max(s->entries.size(), 2 * s->effective.capacity()));
            } catch (...) {
                return false;
            }
        }
        s->effective.clear();
        const size_t n = s->entries.size();
        for (size_t i = 0; i < n; ++i) {
            const Field& f = s->entries[i];
            if (!has_key(s->entries.data() + i + 1, n - i - 1, f.key)) s->effective.push_back(f);
        }
        s->dirty = false;
    }
    ++s->borrowed;
    fields = s->effective;
    return true;
}

void give_back() noexcept {
    if (Stack* s = t_stack) --s->borrowed;
}

}  // namespace picolog::context
