// sanitizers.hpp - which sanitizer a test binary is built with.
// GCC spells it __SANITIZE_ADDRESS__ / __SANITIZE_THREAD__; Clang answers
// __has_feature. Each of PICOLOG_TEST_ASAN and PICOLOG_TEST_TSAN is defined
// as 1 when its sanitizer is in the build.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define PICOLOG_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PICOLOG_TEST_TSAN 1
#endif
#endif

#if defined(__SANITIZE_ADDRESS__)
#define PICOLOG_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PICOLOG_TEST_ASAN 1
#endif
#endif
