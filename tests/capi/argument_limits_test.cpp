// argument_limits_test.cpp - sizes at the edge of what the C API accepts:
// refused with PICOLOG_EINVAL and a message, never an internal failure.
// Found by the C API fuzz target (tests/fuzz/capi_fuzz.cpp).
#include <cstdint>
#include <string>

#include "capi_test_util.hpp"

using namespace capi_test;

TEST(CapiArgumentLimits, FileBufferLargerThanTheLimitIsEinval) {
    // The buffer was reserved up front: SIZE_MAX threw std::length_error,
    // reported as PICOLOG_EINTERNAL.
    TempDir dir;
    std::string path = dir.file("x.log");
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.flush_policy = PICOLOG_FLUSH_BUFFERED;
    for (size_t size : {SIZE_MAX, (size_t{1} << 30) + 1}) {
        picolog_handler* h = nullptr;
        options.buffer_size = size;
        EXPECT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_EINVAL);
        EXPECT_EQ(h, nullptr);
        EXPECT_NE(std::string(picolog_last_error()).find("buffer size"), std::string::npos)
            << picolog_last_error();
    }
}

TEST(CapiArgumentLimits, FileBufferAtTheLimitIsAccepted) {
    // An unbuffered handler never allocates its buffer.
    TempDir dir;
    std::string path = dir.file("x.log");
    picolog_file_options options = PICOLOG_FILE_OPTIONS_INIT;
    options.buffer_size = size_t{1} << 30;
    picolog_handler* h = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&h, path.c_str(), &options), PICOLOG_OK);
    picolog_handler_release(h);
}
