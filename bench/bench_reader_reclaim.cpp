// bench_reader_reclaim.cpp - the cost of reading a handler list (the pin and
// unpin every log call does) while another thread still reads a list that a
// writer has since replaced: the replaced list stays retired until that
// reader lets go, and the other readers must not pay for it.
//
// Prints ns per read for a lone reader, then with a retired list pinned by
// another thread. Not part of results.json: a check of one mechanism.
#include <barrier>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>

#include "bench_support.hpp"
#include "picolog/filter.hpp"
#include "picolog/handler.hpp"

namespace {

using picolog::CowList;
using picolog::Ref;

struct Item final : picolog::RefCounted {};

double ns_per_read(const CowList<Item>& list, uint64_t reads) {
    uint64_t sink = 0;
    auto start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < reads; ++i) {
        auto reader = list.read();
        sink += reader->size();
    }
    auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    if (sink == 0) std::puts("");
    return ns / static_cast<double>(reads);
}

}  // namespace

int main(int argc, char** argv) {
    bench::Options opts = bench::parse_options(argc, argv, "bench_reader_reclaim");
    const auto reads = static_cast<uint64_t>(2'000'000 * opts.scale) + 1;
    CowList<Item> list;
    list.add(Ref<Item>::make());
    const double alone = ns_per_read(list, reads);

    // Another thread pins the current list; a writer then replaces it.
    std::barrier sync(2);
    std::thread holder([&] {
        auto reader = list.read();
        sync.arrive_and_wait();  // pinned
        sync.arrive_and_wait();  // measured
    });
    sync.arrive_and_wait();
    list.add(Ref<Item>::make());
    const double retired = ns_per_read(list, reads);
    sync.arrive_and_wait();
    holder.join();

    std::printf("list read (pin + unpin), %llu reads\n", static_cast<unsigned long long>(reads));
    std::printf("  no retired list:                 %8.1f ns\n", alone);
    std::printf("  a retired list pinned elsewhere: %8.1f ns\n", retired);
    return 0;
}
