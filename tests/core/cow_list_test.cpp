// cow_list_test.cpp - the copy-on-write list's read path: a vector replaced
// while a reader walks it stays alive until that reader lets go, is freed at
// once when nobody reads it, and survives deep nesting, concurrent writers
// and fork().
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "core_test_util.hpp"
#include "picolog/filter.hpp"
#include "picolog/hazard.hpp"

namespace picolog::test {
namespace {

// Counts its own destruction, so a test sees when the list let go.
class Item final : public RefCounted {
public:
    explicit Item(std::atomic<int>& destroyed) : destroyed_(destroyed) {}
    ~Item() override { destroyed_.fetch_add(1, std::memory_order_relaxed); }

private:
    std::atomic<int>& destroyed_;
};

// Adds a new item that only the list holds.
Item* add_item(CowList<Item>& list, std::atomic<int>& destroyed) {
    auto item = Ref<Item>::make(destroyed);
    list.add(item);
    return item.get();
}

TEST(CowList, ReplacedVectorIsFreedAtOnceWithoutReaders) {
    std::atomic<int> destroyed{0};
    CowList<Item> list;
    {
        auto item = Ref<Item>::make(destroyed);
        ASSERT_TRUE(list.add(item));
        EXPECT_FALSE(list.add(item));
        ASSERT_TRUE(list.remove(item.get()));
        EXPECT_FALSE(list.remove(item.get()));
    }
    EXPECT_EQ(destroyed.load(), 1);
}

TEST(CowList, ReaderKeepsTheVectorItReadsUntilItLetsGo) {
    std::atomic<int> destroyed{0};
    CowList<Item> list;
    Item* raw = add_item(list, destroyed);
    {
        auto reader = list.read();
        ASSERT_EQ(reader->size(), 1u);
        // What a handler removing itself from inside emit does.
        ASSERT_TRUE(list.remove(raw));
        EXPECT_TRUE(list.empty());
        EXPECT_EQ(destroyed.load(), 0);
        EXPECT_EQ((*reader)[0].get(), raw);
        auto fresh = list.read();
        EXPECT_TRUE(fresh->empty());
    }
    EXPECT_EQ(destroyed.load(), 1);  // freed by the reader as it let go
}

// Nests readers beyond the per-thread slots: the deepest ones fall back to
// snapshots, and the vector is freed when the outermost reader lets go.
void read_nested(CowList<Item>& list, Item* item, int depth, int& removed_at,
                 const std::atomic<int>& destroyed) {
    auto reader = list.read();
    ASSERT_EQ(reader->size(), 1u) << "depth " << depth;
    if (depth == 0) {
        ASSERT_TRUE(list.remove(item));
        removed_at = depth;
        return;
    }
    read_nested(list, item, depth - 1, removed_at, destroyed);
    EXPECT_EQ(destroyed.load(), 0) << "depth " << depth;
    EXPECT_EQ((*reader)[0].get(), item);
}

TEST(CowList, NestedReadersBeyondTheSlotsStaySafe) {
    std::atomic<int> destroyed{0};
    CowList<Item> list;
    Item* raw = add_item(list, destroyed);
    int removed_at = -1;
    read_nested(list, raw, 3 * hazard::kDepth, removed_at, destroyed);
    EXPECT_EQ(removed_at, 0);
    EXPECT_EQ(destroyed.load(), 1);
}

TEST(CowList, ReadersAndWritersOnManyThreads) {
    std::atomic<int> destroyed{0};
    int created = 0;
    {
        CowList<Item> list;
        std::atomic<bool> stop{false};
        std::vector<std::thread> readers;
        std::atomic<long> dead_seen{0};
        for (int t = 0; t < 3; ++t) {
            readers.emplace_back([&] {
                while (!stop.load(std::memory_order_relaxed)) {
                    auto reader = list.read();
                    for (const auto& item : *reader)
                        if (item->ref_count() == 0) dead_seen.fetch_add(1);
                }
            });
        }
        std::vector<Ref<Item>> kept;
        for (int i = 0; i < scaled(20000); ++i) {
            auto item = Ref<Item>::make(destroyed);
            ++created;
            list.add(item);
            if (i % 3 == 0) kept.push_back(item);
            if (i % 2 == 1) list.remove(item.get());
            if (kept.size() > 4) {
                list.remove(kept.front().get());
                kept.erase(kept.begin());
            }
        }
        stop.store(true);
        for (auto& t : readers) t.join();
        EXPECT_EQ(dead_seen.load(), 0);
        list.clear();
        kept.clear();
        // Nothing pins the list any more: every item is gone.
        EXPECT_EQ(destroyed.load(), created);
    }
    EXPECT_EQ(destroyed.load(), created);
}

TEST(CowList, ForkForgetsReadersOfOtherThreads) {
    runtime::ensure_initialized();  // installs the fork handlers
    std::atomic<int> destroyed{0};
    CowList<Item> list;
    Item* raw = add_item(list, destroyed);
    std::mutex m;
    std::condition_variable cv;
    bool reading = false;
    bool done = false;
    std::thread reader([&] {
        auto r = list.read();
        std::unique_lock lock(m);
        reading = true;
        cv.notify_all();
        cv.wait(lock, [&] { return done; });
    });
    {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return reading; });
    }
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        // The reading thread does not exist here; its pin must not keep the
        // item alive.
        bool ok = list.remove(raw) && destroyed.load() == 1;
        ::_exit(ok ? 0 : 1);
    }
    {
        std::lock_guard lock(m);
        done = true;
    }
    cv.notify_all();
    reader.join();
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(destroyed.load(), 0);
    list.clear();
    EXPECT_EQ(destroyed.load(), 1);
}

}  // namespace
}  // namespace picolog::test

namespace picolog::test {
namespace {

// While one thread still reads a replaced vector, the other readers of the
// current one neither lock nor fence: only the reader of the retired vector
// reclaims it, once, as it lets go.
TEST(CowList, ARetiredVectorCostsOnlyItsOwnReaders) {
    std::atomic<int> destroyed{0};
    CowList<Item> list;
    add_item(list, destroyed);
    std::mutex m;
    std::condition_variable cv;
    int stage = 0;
    std::thread holder([&] {
        auto reader = list.read();
        std::unique_lock lock(m);
        stage = 1;
        cv.notify_all();
        cv.wait(lock, [&] { return stage == 2; });
    });
    {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return stage == 1; });
    }
    add_item(list, destroyed);  // retires the vector the holder reads
    const unsigned long fences_before = fence::heavy_count();
    for (int i = 0; i < 1000; ++i) {
        auto reader = list.read();
        ASSERT_EQ(reader->size(), 2u);
    }
    EXPECT_EQ(fence::heavy_count(), fences_before);
    {
        std::lock_guard lock(m);
        stage = 2;
    }
    cv.notify_all();
    holder.join();
    // The holder freed the retired vector (no item destroyed: the current
    // vector holds both).
    EXPECT_GE(fence::heavy_count(), fences_before + 1);
    EXPECT_EQ(destroyed.load(), 0);
}

}  // namespace
}  // namespace picolog::test
