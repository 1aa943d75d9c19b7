// filter.hpp - record filters and the copy-on-write list loggers and
// handlers keep them in.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "picolog/hazard.hpp"
#include "picolog/record.hpp"
#include "picolog/ref.hpp"

namespace picolog {

class Filter : public RefCounted {
public:
    // True to keep the record. Must not throw.
    virtual bool accept(const Record& record) const noexcept = 0;
};

// Python's logging.Filter(name).
class NameFilter final : public Filter {
public:
    explicit NameFilter(std::string_view name);
    bool accept(const Record& record) const noexcept override;

private:
    std::string name_;
};

// min <= level <= max.
class LevelFilter final : public Filter {
public:
    LevelFilter(int min_level, int max_level);  // throws Error(kInvalid) if min > max or < 0
    bool accept(const Record& record) const noexcept override;

private:
    int min_, max_;
};

// A filter implemented by a C function (how bindings write filters).
class CallbackFilter final : public Filter {
public:
    using Fn = int (*)(const Record* record, void* userdata);
    using Destroy = void (*)(void* userdata);
    CallbackFilter(Fn fn, Destroy destroy, void* userdata);  // throws Error(kInvalid) if !fn
    ~CallbackFilter() override;
    bool accept(const Record& record) const noexcept override;

private:
    Fn fn_;
    Destroy destroy_;
    void* userdata_;
};

// An ordered list that readers walk while writers replace it: every change
// publishes a new immutable vector. Readers pay one atomic load when the list
// is empty; otherwise read() pins the current vector in a hazard slot of the
// reader's own thread (hazard.hpp), so walking the list touches no line other
// threads write. A replaced vector is retired and freed (dropping its
// references, which may close a handler) by the writer when no slot pins it,
// else by the last reader that does, as it lets go. snapshot() copies a
// shared_ptr under a spin lock held for a few instructions; the locks are
// ours (not std::atomic<shared_ptr>'s hidden one) so that fork() can hold
// them and renew them in the child.
template <class T>
class CowList {
public:
    using Vec = std::vector<Ref<T>>;
    using Retired = std::vector<std::shared_ptr<const Vec>>;

    // The vector current when it was made, valid until it is destroyed. May
    // nest; not to be moved to another thread.
    class Reader {
    public:
        explicit Reader(const CowList& list) noexcept;
        ~Reader();
        Reader(const Reader&) = delete;
        Reader& operator=(const Reader&) = delete;
        const Vec& operator*() const noexcept { return *vec_; }
        const Vec* operator->() const noexcept { return vec_; }

    private:
        const CowList& list_;
        hazard::ThreadSlots* slots_;
        const Vec* vec_ = nullptr;
        std::shared_ptr<const Vec> held_;  // when every slot was in use
    };

    CowList() : list_(std::make_shared<const Vec>()), current_(list_.get()) {}

    Reader read() const noexcept { return Reader(*this); }
    std::shared_ptr<const Vec> snapshot() const noexcept;
    bool empty() const noexcept { return size_.load(std::memory_order_acquire) == 0; }
    // False if already present.
    bool add(Ref<T> item);
    // False if absent.
    bool remove(const T* item);
    void clear();
    // Publishes `items` as the whole list at once (a reader sees the old
    // list or the new one, never a mix); duplicates are dropped.
    void replace(Vec items);

    // fork() support for the runtime: prepare waits for writers and readers
    // and holds the list; parent releases it; child makes fresh locks.
    void lock_for_fork() noexcept;
    void unlock_after_fork_parent() noexcept;
    void reinit_after_fork_child() noexcept;

private:
    class SpinLock;
    void publish(std::shared_ptr<const Vec> next, Retired& freed) noexcept;
    // Moves every retired vector no slot pins into `freed`. writing_ held.
    void reclaim_locked(Retired& freed) const noexcept;
    void reclaim() const noexcept;

    std::shared_ptr<const Vec> list_;   // guarded by reading_
    std::atomic<const void*> current_;  // list_.get(), for pinned readers
    std::atomic<size_t> size_{0};
    mutable Retired retired_;                              // guarded by writing_
    mutable std::atomic_flag reading_ = ATOMIC_FLAG_INIT;  // guards list_
    mutable std::atomic_flag writing_ = ATOMIC_FLAG_INIT;  // serialises writers and retired_
};

class FilterList : public CowList<const Filter> {
public:
    // True when every filter accepts (or there are none). The empty check is
    // inline: most loggers and handlers have no filter.
    bool accept(const Record& record) const noexcept { return empty() || accept_all(record); }

private:
    bool accept_all(const Record& record) const noexcept;
};

}  // namespace picolog

#include "picolog/cow_list_impl.hpp"
