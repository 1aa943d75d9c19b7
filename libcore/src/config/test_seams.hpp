// test_seams.hpp - points where a test can hold a configuration while
// another thread runs, to put two of them in a chosen order (private to
// libcore/src; tests reach it as the core tests reach the compression
// temporaries). A hook is a plain function, null when no test set it; a
// program that never sets one pays an atomic load at each point.
#pragma once

namespace picolog::config {

using SeamHook = void (*)();

// Called by configure_file() and reload() once the file is read and checked,
// before it is applied.
void set_after_read_hook_for_test(SeamHook hook) noexcept;

// Called by a thread about to wait for the configuration lock that another
// thread holds, before it waits.
void set_lock_wait_hook_for_test(SeamHook hook) noexcept;

// What the configuration code calls at those points.
void after_read_seam() noexcept;
void lock_wait_seam() noexcept;

}  // namespace picolog::config
