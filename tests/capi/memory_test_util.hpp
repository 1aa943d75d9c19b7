// memory_test_util.hpp - making a memory handler and reading how many
// records it holds, for the memory handler suites of tests/capi.
#pragma once

#include "capi_test_util.hpp"

namespace capi_test {

inline picolog_handler* memory_handler(size_t capacity, int flush_level, picolog_handler* target,
                                       int on_close = 1) {
    picolog_memory_options options = PICOLOG_MEMORY_OPTIONS_INIT;
    options.capacity = capacity;
    options.flush_level = flush_level;
    options.flush_on_close = on_close;
    picolog_handler* h = nullptr;
    EXPECT_EQ(picolog_memory_handler_new(&h, &options, target), PICOLOG_OK) << picolog_last_error();
    return h;
}

inline size_t buffered(picolog_handler* h) {
    size_t n = 99;
    EXPECT_EQ(picolog_memory_handler_buffered(h, &n), PICOLOG_OK) << picolog_last_error();
    return n;
}

}  // namespace capi_test
