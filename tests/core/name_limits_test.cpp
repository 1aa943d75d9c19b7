// name_limits_test.cpp - a logger's name and a thread's name are refused
// when longer than the 32 bits a queued record keeps for their lengths
// (the queued call then never checks them), without reading the name.
#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "picolog/error.hpp"
#include "picolog/record.hpp"
#include "picolog/registry.hpp"

namespace picolog {
namespace {

// One byte more than a 32-bit length holds, mapped but never touched: the
// pages are not backed until read, and the checks read none.
class HugeName {
public:
    HugeName() {
        void* p = ::mmap(nullptr, kSize, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p != MAP_FAILED) base_ = static_cast<const char*>(p);
    }
    ~HugeName() {
        if (base_ != nullptr) ::munmap(const_cast<char*>(base_), kSize);
    }
    HugeName(const HugeName&) = delete;
    HugeName& operator=(const HugeName&) = delete;
    bool mapped() const { return base_ != nullptr; }
    std::string_view view() const { return {base_, kSize}; }

private:
    static constexpr size_t kSize = size_t{std::numeric_limits<uint32_t>::max()} + 1;
    const char* base_ = nullptr;
};

// The refusal's code and message, or kOk and "" when `call` returns.
std::pair<int, std::string> refusal(auto&& call) {
    try {
        call();
    } catch (const Error& e) {
        return {e.code(), e.what()};
    }
    return {kOk, ""};
}

TEST(NameLimits, ALoggerNameLongerThan32BitsIsRefused) {
    HugeName huge;
    ASSERT_TRUE(huge.mapped());
    // Refused for its length, before any byte of it is read (the mapping is
    // all NUL bytes, which a read would report instead).
    for (const auto& [code, message] : {refusal([&] { Registry::instance().get(huge.view()); }),
                                        refusal([&] { Registry::instance().standalone(huge.view()); })}) {
        EXPECT_EQ(code, kInvalid);
        EXPECT_NE(message.find("longer than 4294967295 bytes"), std::string::npos) << message;
    }
}

TEST(NameLimits, AThreadNameLongerThan32BitsIsRefusedAndTheOldOneKept) {
    HugeName huge;
    ASSERT_TRUE(huge.mapped());
    int code = kOk;
    std::string kept;
    std::thread t([&] {
        set_thread_name("kept-name");
        code = refusal([&] { set_thread_name(huge.view()); }).first;
        Record r;
        stamp(r);
        kept = std::string(r.thread_name);
    });
    t.join();
    EXPECT_EQ(code, kInvalid);
    EXPECT_EQ(kept, "kept-name");
}

}  // namespace
}  // namespace picolog
