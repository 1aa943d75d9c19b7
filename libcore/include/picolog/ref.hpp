// ref.hpp - intrusive reference counting for objects shared with the C API.
//
// Handlers, formatters and filters cross the C boundary as raw pointers whose
// identity must be stable (removing a handler compares pointers), so the
// count lives in the object and a C handle is the object's own address.
#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

namespace picolog {

class RefCounted {
public:
    RefCounted() = default;
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;

    void retain() const noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
    void release() const noexcept {
        if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) last_release();
    }
    // Takes a reference only if the object is still alive (count > 0); for
    // registries that hold plain pointers to objects being destroyed.
    bool try_retain() const noexcept {
        uint32_t n = refs_.load(std::memory_order_relaxed);
        while (n != 0)
            if (refs_.compare_exchange_weak(n, n + 1, std::memory_order_acq_rel)) return true;
        return false;
    }
    uint32_t ref_count() const noexcept { return refs_.load(std::memory_order_relaxed); }

protected:
    virtual ~RefCounted() = default;
    // Runs when the count reaches zero; a subclass may finish work (a handler
    // flushes and closes) before deleting itself.
    virtual void last_release() const noexcept { delete this; }

private:
    mutable std::atomic<uint32_t> refs_{1};
};

// A smart pointer over RefCounted. Ref<T>::adopt takes over a reference the
// caller already holds (a fresh object starts with one); the constructor from
// a raw pointer takes a new one.
template <class T>
class Ref {
public:
    Ref() noexcept = default;
    Ref(std::nullptr_t) noexcept {}
    explicit Ref(T* p) noexcept : p_(p) {
        if (p_) p_->retain();
    }
    static Ref adopt(T* p) noexcept {
        Ref r;
        r.p_ = p;
        return r;
    }
    template <class... Args>
    static Ref make(Args&&... args) {
        return adopt(new T(std::forward<Args>(args)...));
    }
    Ref(const Ref& o) noexcept : Ref(o.p_) {}
    Ref(Ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    template <class U>
    Ref(const Ref<U>& o) noexcept : Ref(static_cast<T*>(o.get())) {}
    template <class U>
    Ref(Ref<U>&& o) noexcept : p_(static_cast<T*>(o.detach())) {}
    Ref& operator=(Ref o) noexcept {
        std::swap(p_, o.p_);
        return *this;
    }
    ~Ref() {
        if (p_) p_->release();
    }

    T* get() const noexcept { return p_; }
    T* operator->() const noexcept { return p_; }
    T& operator*() const noexcept { return *p_; }
    explicit operator bool() const noexcept { return p_ != nullptr; }
    // Gives up ownership without releasing: the caller now owns the reference.
    T* detach() noexcept { return std::exchange(p_, nullptr); }

    friend bool operator==(const Ref& a, const Ref& b) noexcept { return a.p_ == b.p_; }

private:
    T* p_ = nullptr;
};

}  // namespace picolog
