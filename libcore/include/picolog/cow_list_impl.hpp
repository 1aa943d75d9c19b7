// cow_list_impl.hpp - the template bodies of CowList (filter.hpp).
#pragma once

#include <algorithm>
#include <iterator>
#include <thread>

#include "picolog/route.hpp"

namespace picolog {

template <class T>
class CowList<T>::SpinLock {
public:
    explicit SpinLock(std::atomic_flag& f) noexcept : f_(f) { acquire(f); }
    ~SpinLock() { f_.clear(std::memory_order_release); }

    static void acquire(std::atomic_flag& f) noexcept {
        while (f.test_and_set(std::memory_order_acquire)) {
            for (int spins = 0; f.test(std::memory_order_relaxed); ++spins)
                if (spins > 64) std::this_thread::yield();
        }
    }

private:
    std::atomic_flag& f_;
};

// Inline: a pinned read runs once per record on the log path.
template <class T>
[[gnu::always_inline]] inline CowList<T>::Reader::Reader(const CowList& list) noexcept : list_(list) {
    const void* pinned = nullptr;
    slots_ = hazard::pin(list.current_, &pinned);
    if (slots_ != nullptr) {
        vec_ = static_cast<const Vec*>(pinned);
    } else {
        held_ = list.snapshot();
        vec_ = held_.get();
    }
}

template <class T>
[[gnu::always_inline]] inline CowList<T>::Reader::~Reader() {
    if (slots_ == nullptr) return;
    hazard::unpin(slots_);
    // Pairs with the writer's store of the new list, heavy fence, scan:
    // either its scan saw this slot empty (and the writer freed the vector
    // if it had to), or this load sees that the vector was replaced. Only a
    // reader whose own vector was replaced can hold one the writer had to
    // leave retired; readers of the current list never reclaim, however
    // long another reader keeps a retired one.
    if (list_.current_.load(std::memory_order_relaxed) != vec_) [[unlikely]]
        list_.reclaim();
}

template <class T>
std::shared_ptr<const typename CowList<T>::Vec> CowList<T>::snapshot() const noexcept {
    SpinLock lock(reading_);
    return list_;
}

template <class T>
void CowList<T>::publish(std::shared_ptr<const Vec> next, Retired& freed) noexcept {
    size_t size = next->size();
    current_.store(next.get(), std::memory_order_seq_cst);
    {
        SpinLock lock(reading_);
        list_.swap(next);
        size_.store(size, std::memory_order_release);
    }
    // Cached routes read handler lists: they are recomputed from here on.
    route::changed();
    // `next` now holds the old list; add/remove/clear reserved room for it.
    retired_.push_back(std::move(next));
    reclaim_locked(freed);
}

template <class T>
void CowList<T>::reclaim_locked(Retired& freed) const noexcept {
    // The new list is stored; now every reader's hazard slot is visible to
    // the scan, or the reader sees that store.
    if (retired_.empty()) return;
    fence::heavy();
    auto pinned = std::partition(retired_.begin(), retired_.end(),
                                 [](const std::shared_ptr<const Vec>& v) { return hazard::pinned(v.get()); });
    try {
        freed.reserve(freed.size() + static_cast<size_t>(retired_.end() - pinned));
        std::move(pinned, retired_.end(), std::back_inserter(freed));
    } catch (...) {
        // Out of memory: the vectors are released here, under the lock.
    }
    retired_.erase(pinned, retired_.end());
}

template <class T>
void CowList<T>::reclaim() const noexcept {
    // Declared first, so released after the lock: dropping the last
    // reference to a handler closes it.
    Retired freed;
    SpinLock lock(writing_);
    reclaim_locked(freed);
}

template <class T>
bool CowList<T>::add(Ref<T> item) {
    Retired freed;
    SpinLock lock(writing_);
    auto cur = snapshot();
    if (std::find(cur->begin(), cur->end(), item) != cur->end()) return false;
    auto next = std::make_shared<Vec>(*cur);
    next->push_back(std::move(item));
    retired_.reserve(retired_.size() + 1);
    publish(std::move(next), freed);
    return true;
}

template <class T>
bool CowList<T>::remove(const T* item) {
    Retired freed;
    SpinLock lock(writing_);
    auto cur = snapshot();
    auto next = std::make_shared<Vec>();
    for (const auto& r : *cur)
        if (r.get() != item) next->push_back(r);
    if (next->size() == cur->size()) return false;
    retired_.reserve(retired_.size() + 1);
    publish(std::move(next), freed);
    return true;
}

template <class T>
void CowList<T>::clear() {
    Retired freed;
    SpinLock lock(writing_);
    auto next = std::make_shared<const Vec>();
    retired_.reserve(retired_.size() + 1);
    publish(std::move(next), freed);
}

template <class T>
void CowList<T>::replace(Vec items) {
    Vec unique;
    unique.reserve(items.size());
    for (auto& item : items)
        if (std::find(unique.begin(), unique.end(), item) == unique.end()) unique.push_back(std::move(item));
    auto next = std::make_shared<const Vec>(std::move(unique));
    Retired freed;
    SpinLock lock(writing_);
    retired_.reserve(retired_.size() + 1);
    publish(std::move(next), freed);
}

template <class T>
void CowList<T>::lock_for_fork() noexcept {
    SpinLock::acquire(writing_);
    SpinLock::acquire(reading_);
}

template <class T>
void CowList<T>::unlock_after_fork_parent() noexcept {
    reading_.clear(std::memory_order_release);
    writing_.clear(std::memory_order_release);
}

template <class T>
void CowList<T>::reinit_after_fork_child() noexcept {
    // A reader or writer caught by the fork holds nothing in the child; the
    // list itself was consistent, since prepare waited for both.
    reading_.clear(std::memory_order_relaxed);
    writing_.clear(std::memory_order_relaxed);
}

}  // namespace picolog
