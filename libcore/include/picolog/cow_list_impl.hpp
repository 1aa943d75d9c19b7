// cow_list_impl.hpp - the template bodies of CowList (filter.hpp).
#pragma once

#include <algorithm>
#include <thread>

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

template <class T>
std::shared_ptr<const typename CowList<T>::Vec> CowList<T>::snapshot() const noexcept {
    SpinLock lock(reading_);
    return list_;
}

template <class T>
void CowList<T>::publish(std::shared_ptr<const Vec> next) noexcept {
    size_t size = next->size();
    {
        SpinLock lock(reading_);
        list_.swap(next);
        size_.store(size, std::memory_order_release);
    }
    // `next` now holds the old list: released here, outside the lock, since
    // dropping the last reference to a handler closes it.
}

template <class T>
bool CowList<T>::add(Ref<T> item) {
    SpinLock lock(writing_);
    auto cur = snapshot();
    if (std::find(cur->begin(), cur->end(), item) != cur->end()) return false;
    auto next = std::make_shared<Vec>(*cur);
    next->push_back(std::move(item));
    publish(std::move(next));
    return true;
}

template <class T>
bool CowList<T>::remove(const T* item) {
    SpinLock lock(writing_);
    auto cur = snapshot();
    auto next = std::make_shared<Vec>();
    for (const auto& r : *cur)
        if (r.get() != item) next->push_back(r);
    if (next->size() == cur->size()) return false;
    publish(std::move(next));
    return true;
}

template <class T>
void CowList<T>::clear() {
    SpinLock lock(writing_);
    publish(std::make_shared<const Vec>());
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
