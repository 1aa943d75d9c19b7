// temporary.hpp - the hidden temporaries that compression writes before a
// .gz gets its name (private to libcore/src): created under an flock(2)
// that lives as long as their writer, so a temporary whose lock can be taken
// was left by a writer that died (a crash or a kill mid-compression) and is
// removed, while another process's work in progress stays.
#pragma once

#include <string>

namespace picolog {

// A temporary file this process writes, locked from creation to close().
class LockedTemporary {
public:
    LockedTemporary() = default;
    ~LockedTemporary() { close(); }
    LockedTemporary(LockedTemporary&& other) noexcept;
    LockedTemporary& operator=(LockedTemporary&& other) noexcept;
    LockedTemporary(const LockedTemporary&) = delete;
    LockedTemporary& operator=(const LockedTemporary&) = delete;

    // Creates path afresh (a stale file of that name is removed first) and
    // locks it. Returns "" or a message saying what failed; "" with fd() < 0
    // when a live writer (another process, another job) holds that name:
    // that writer does this work.
    std::string create(const std::string& path);
    // The descriptor to write through (it stays owned by this object).
    int fd() const noexcept { return fd_; }
    const std::string& path() const noexcept { return path_; }
    // Removes the file (when it still has its name) and closes it.
    void discard() noexcept;
    // Releases the lock: call after the file was renamed or removed.
    void close() noexcept;

private:
    int fd_ = -1;
    std::string path_;
};

// Removes path when it is a temporary whose writer is gone: its lock can
// be taken. Returns 0 when the name is free (removed, or absent),
// EWOULDBLOCK when a live writer holds it, EEXIST when it is no regular
// file, or another errno when it could not be opened or removed.
int remove_if_stale(const std::string& path) noexcept;

// Removes the stale compression temporaries of base_path's rotated files:
// the hidden .<base name>.*.gz.tmp beside it. Returns "" or the first
// failure's message. A live temporary (its writer holds the lock, in this
// process or another) is left alone.
std::string remove_stale_temporaries(const std::string& base_path);

}  // namespace picolog
