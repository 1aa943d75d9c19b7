// memory_chain_order_test.cpp - picolog_flush_all and picolog_shutdown with
// a memory handler whose target is another memory handler made after it
// (given with picolog_memory_handler_set_target): the records it holds
// still go down the whole chain, whatever order the handlers were made in.
#include <string>

#include "memory_test_util.hpp"

using namespace capi_test;

namespace {

// A file, then a memory handler made before the one it will feed, which
// writes to the file: outer -> inner -> file.
struct Chain {
    explicit Chain(const std::string& path) {
        EXPECT_EQ(picolog_file_handler_new(&file, path.c_str(), nullptr), PICOLOG_OK) << picolog_last_error();
        outer = memory_handler(100, PICOLOG_CRITICAL, nullptr);
        inner = memory_handler(100, PICOLOG_CRITICAL, file);
        EXPECT_EQ(picolog_memory_handler_set_target(outer, inner), PICOLOG_OK) << picolog_last_error();
    }
    ~Chain() {
        for (picolog_handler* h : {outer, inner, file}) picolog_handler_release(h);
    }
    Chain(const Chain&) = delete;
    Chain& operator=(const Chain&) = delete;

    // One record into the outer handler, which holds it.
    void log(const char* message) {
        picolog_logger* logger = test_logger();
        Attached attached(logger, outer);
        ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, message), PICOLOG_OK);
    }

    picolog_handler* file = nullptr;
    picolog_handler* outer = nullptr;
    picolog_handler* inner = nullptr;
};

}  // namespace

TEST(CapiMemoryChainOrder, FlushAllPassesRecordsDownAChainMadeInAnyOrder) {
    TempDir dir;
    const std::string path = dir.file("chain.log");
    Chain chain(path);
    chain.log("held by the outer one");
    ASSERT_EQ(picolog_flush_all(), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(read_file(path), "held by the outer one\n");
    EXPECT_EQ(buffered(chain.inner), 0u);
}

TEST(CapiMemoryChainOrder, ShutdownPassesRecordsDownAChainMadeInAnyOrder) {
    TempDir dir;
    const std::string path = dir.file("chain.log");
    Chain chain(path);
    chain.log("held at exit");
    ASSERT_EQ(picolog_shutdown(), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(read_file(path), "held at exit\n");
}

// Five memory handlers made in one order and chained in another, two of
// them feeding the same one: m1 -> m3 -> m0 -> m2 -> file, and m4 -> m0.
TEST(CapiMemoryChainOrder, FlushAllFollowsLongerChainsThatMerge) {
    TempDir dir;
    const std::string path = dir.file("merge.log");
    picolog_handler* file = nullptr;
    ASSERT_EQ(picolog_file_handler_new(&file, path.c_str(), nullptr), PICOLOG_OK) << picolog_last_error();
    picolog_handler* m[5];
    for (picolog_handler*& h : m) h = memory_handler(100, PICOLOG_CRITICAL, nullptr);
    for (auto [from, to] : {std::pair{m[1], m[3]}, {m[3], m[0]}, {m[0], m[2]}, {m[2], file}, {m[4], m[0]}})
        ASSERT_EQ(picolog_memory_handler_set_target(from, to), PICOLOG_OK) << picolog_last_error();
    picolog_logger* first = test_logger("first");
    picolog_logger* second = test_logger("second");
    {
        Attached a(first, m[1]);
        Attached b(second, m[4]);
        ASSERT_EQ(picolog_log(first, PICOLOG_INFO, "from the far end"), PICOLOG_OK);
        ASSERT_EQ(picolog_log(second, PICOLOG_INFO, "from the branch"), PICOLOG_OK);
    }
    ASSERT_EQ(picolog_flush_all(), PICOLOG_OK) << picolog_last_error();
    EXPECT_EQ(read_file(path), "from the branch\nfrom the far end\n");
    for (picolog_handler* h : m) picolog_handler_release(h);
    picolog_handler_release(file);
}
