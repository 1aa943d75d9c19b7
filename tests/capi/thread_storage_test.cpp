// thread_storage_test.cpp - libpicolog's thread-local storage: small enough
// for the static TLS block glibc keeps spare for libraries loaded by dlopen
// (thread_block.hpp), with the larger per-thread state in blocks, and a
// last error for a thread that fails in its exit after its block is gone.
#include <dlfcn.h>
#include <link.h>

#include <cstring>
#include <string>
#include <thread>

#include "capi_test_util.hpp"
#include "thread_exit.hpp"

namespace {

// glibc (2.36) keeps 512 bytes of the static TLS block for the libraries
// loaded later by dlopen, all of them together; a library that does not
// fit pays a call per thread-local access. Python loads libpicolog so.
constexpr size_t kTlsBudget = 320;

TEST(ThreadStorage, TheLibrarysThreadLocalsFitTheSpareStaticBlock) {
    Dl_info info{};
    ASSERT_NE(::dladdr(reinterpret_cast<void*>(&picolog_log), &info), 0);
    ASSERT_NE(info.dli_fname, nullptr);
    struct Find {
        const char* name;
        bool found = false;
        size_t tls = 0;
    } find{info.dli_fname};
    ::dl_iterate_phdr(
        [](dl_phdr_info* module, size_t, void* p) {
            auto* f = static_cast<Find*>(p);
            if (module->dlpi_name == nullptr || std::strcmp(module->dlpi_name, f->name) != 0) return 0;
            f->found = true;
            for (int i = 0; i < module->dlpi_phnum; ++i)
                if (module->dlpi_phdr[i].p_type == PT_TLS) f->tls = module->dlpi_phdr[i].p_memsz;
            return 1;
        },
        &find);
    ASSERT_TRUE(find.found) << info.dli_fname;
    EXPECT_GT(find.tls, 0u);
    EXPECT_LE(find.tls, kTlsBudget) << "a large thread_local belongs in a ThreadBlock";
}

TEST(ThreadStorage, AFailureInTheThreadsExitAfterItsBlockIsGoneStillSaysWhat) {
    int code = 0;
    std::string text;
    picolog::test::run_at_thread_exit_after_release(
        [] {
            EXPECT_EQ(picolog_logger_set_level(nullptr, PICOLOG_INFO), PICOLOG_EINVAL);
            EXPECT_STREQ(picolog_last_error(), "picolog_logger_set_level: logger is NULL");
        },
        [&] {
            code = picolog_logger_set_level(nullptr, PICOLOG_INFO);
            text = picolog_last_error();
        });
    EXPECT_EQ(code, PICOLOG_EINVAL);
    EXPECT_EQ(text, picolog_strerror(PICOLOG_EINVAL));
}

TEST(ThreadStorage, TheLastErrorIsEmptyOnceTheThreadsBlockIsGone) {
    std::string early, late = "unread";
    picolog::test::run_at_thread_exit_after_release(
        [&] {
            EXPECT_EQ(picolog_logger_set_level(nullptr, PICOLOG_INFO), PICOLOG_EINVAL);
            early = picolog_last_error();
        },
        [&] { late = picolog_last_error(); });
    EXPECT_EQ(early, "picolog_logger_set_level: logger is NULL");
    EXPECT_EQ(late, "");  // not the text of the block released before
}

TEST(ThreadStorage, ANewThreadsLastErrorIsEmptyUntilItFails) {
    std::string before, after;
    std::thread t([&] {
        before = picolog_last_error();
        EXPECT_EQ(picolog_logger_set_level(nullptr, PICOLOG_INFO), PICOLOG_EINVAL);
        after = picolog_last_error();
    });
    t.join();
    EXPECT_EQ(before, "");
    EXPECT_EQ(after, "picolog_logger_set_level: logger is NULL");
}

}  // namespace
