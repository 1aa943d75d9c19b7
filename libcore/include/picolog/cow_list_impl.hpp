// cow_list_impl.hpp - the template bodies of CowList (filter.hpp).
#pragma once

#include <algorithm>
#include <thread>

namespace picolog {

template <class T>
class CowList<T>::WriteLock {
public:
    explicit WriteLock(std::atomic_flag& f) : f_(f) {
        while (f_.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
    }
    ~WriteLock() { f_.clear(std::memory_order_release); }

private:
    std::atomic_flag& f_;
};

template <class T>
bool CowList<T>::add(Ref<T> item) {
    WriteLock lock(writing_);
    auto cur = list_.load(std::memory_order_acquire);
    if (std::find(cur->begin(), cur->end(), item) != cur->end()) return false;
    auto next = std::make_shared<Vec>(*cur);
    next->push_back(std::move(item));
    size_.store(next->size(), std::memory_order_release);
    list_.store(std::move(next), std::memory_order_release);
    return true;
}

template <class T>
bool CowList<T>::remove(const T* item) {
    WriteLock lock(writing_);
    auto cur = list_.load(std::memory_order_acquire);
    auto next = std::make_shared<Vec>();
    for (const auto& r : *cur)
        if (r.get() != item) next->push_back(r);
    if (next->size() == cur->size()) return false;
    size_.store(next->size(), std::memory_order_release);
    list_.store(std::move(next), std::memory_order_release);
    return true;
}

template <class T>
void CowList<T>::clear() {
    WriteLock lock(writing_);
    size_.store(0, std::memory_order_release);
    list_.store(std::make_shared<const Vec>(), std::memory_order_release);
}

}  // namespace picolog
