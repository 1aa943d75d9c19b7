// size_compression.hpp - gzip of size-rotated files (private to
// libcore/src). Rotation keeps shifting path.N while a file is compressed,
// so the compression follows the file, not the name: it finds the file's
// current name again before putting the .gz beside it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "picolog/handler_mutex.hpp"

namespace picolog {

// What a size-rotating handler shares with its compression jobs, which may
// outlive it. `names` serializes renames of rotated files: the handler holds
// it while it shifts them, a job while it lists them and while it puts a
// finished .gz in place (never while it compresses). It names its holder, so
// a child after fork() can tell whether the forking thread holds it (fork()
// called from a namer or rotator hook: that thread's frames release it) or
// a thread the child does not have (a job, or a rotation whose hook waited).
struct SizeCompression {
    HandlerMutex names;
    // The multiprocess lock file ("" for one process): other processes'
    // shifts are kept out the same way.
    std::string lock_path;
};

// Compresses every rotated file that rotated() lists (path.1 .. path.N as
// they exist, the namer applied) and has no .gz yet: each to a hidden
// temporary, then, under the lock, renamed to <its current name>.gz and the
// plain file removed. A file dropped by rotation meanwhile has its temporary
// removed. rotated() is called under the lock, once to find the files and
// once to find their current names. Runs on the housekeeping thread, or,
// with lock_file_held, in the rotation itself, whose process already holds
// the lock file (taking it again through another descriptor would wait for
// itself). Returns "" or the first failure.
// In the child after fork(): `names` stays held only by the calling thread.
void reinit_after_fork_child(SizeCompression& shared) noexcept;

std::string compress_size_rotated(SizeCompression& shared,
                                  const std::function<std::vector<std::string>()>& rotated,
                                  bool lock_file_held);

}  // namespace picolog
