// size_compression.cpp - gzip of size-rotated files on the housekeeping
// thread, following each file through the renames of later rotations.
#include "size_compression.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <optional>

#include "../fd_io.hpp"
#include "compression.hpp"
#include "picolog/error.hpp"
#include "picolog/housekeeping.hpp"
#include "process_lock.hpp"

namespace picolog {
namespace {

struct Pending {
    int fd;
    std::string name;  // its name when listed, for messages
    dev_t dev;
    ino_t ino;
    std::string tmp;
    LockedTemporary temp;  // created when compressed, held until renamed
    bool compressed = false;
};

// The handler's mutex, and the lock file when several processes share the
// rotated files (unless this process holds it already): taken in that order
// by the handler too (flock, then mutex).
class NamesLock {
public:
    NamesLock(SizeCompression& shared, bool lock_file_held) {
        if (!shared.lock_path.empty() && !lock_file_held) {
            file_.emplace(shared.lock_path);
            file_->lock();  // throws Error(kIoError)
        }
        names_ = std::unique_lock(shared.names);
    }
    ~NamesLock() {
        names_ = {};
        if (file_) file_->unlock();
    }

private:
    std::optional<ProcessLock> file_;
    std::unique_lock<HandlerMutex> names_;
};

bool same_file(const std::string& path, dev_t dev, ino_t ino) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

}  // namespace

void reinit_after_fork_child(SizeCompression& shared) noexcept {
    shared.names.reinit_after_fork_child(HandlerMutex::identity(fork_gate::current()), 0);
}

std::string compress_size_rotated(SizeCompression& shared,
                                  const std::function<std::vector<std::string>()>& rotated,
                                  bool lock_file_held) {
    std::vector<Pending> pending;
    std::string first_error;
    auto note = [&](std::string error) {
        if (first_error.empty()) first_error = std::move(error);
    };
    try {
        {
            NamesLock lock(shared, lock_file_held);
            for (const std::string& name : rotated()) {
                struct stat st;
                if (::lstat((name + ".gz").c_str(), &st) == 0) continue;  // done, or a crash left both
                int fd = housekeeping::open_held(
                    [&] { return ::open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK); });
                if (fd < 0) continue;  // no such rotated file
                if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                    housekeeping::close_held(fd);
                    continue;
                }
                std::string tmp = hidden_temporary(name + "." + std::to_string(st.st_ino) + ".gz");
                pending.push_back({fd, name, st.st_dev, st.st_ino, tmp, {}});
            }
        }
        for (Pending& p : pending) {
            std::string error = p.temp.create(p.tmp);
            // No descriptor and no error: another process compresses it.
            if (error.empty() && p.temp.fd() < 0) continue;
            if (error.empty()) error = gzip_descriptor(p.fd, p.name, p.temp);
            p.compressed = error.empty();
            if (!p.compressed) note(error);
        }
        NamesLock lock(shared, lock_file_held);
        const std::vector<std::string> names = pending.empty() ? std::vector<std::string>() : rotated();
        for (Pending& p : pending) {
            if (!p.compressed) continue;
            const std::string* current = nullptr;
            for (const std::string& name : names)
                if (same_file(name, p.dev, p.ino)) current = &name;
            if (!current) {  // dropped by rotation meanwhile
                p.temp.discard();
                continue;
            }
            // The .gz is complete before it gets its name, and the plain file
            // goes only after: a crash leaves one or both, never a torn .gz.
            std::string dest = *current + ".gz";
            if (::rename(p.tmp.c_str(), dest.c_str()) != 0) {
                note(fd_io::describe_errno(("cannot rename " + p.tmp + " to " + dest).c_str(), errno));
                p.temp.discard();
                continue;
            }
            p.temp.close();
            if (::unlink(current->c_str()) != 0 && errno != ENOENT) {
                note(fd_io::describe_errno(("cannot remove " + *current).c_str(), errno));
            }
        }
    } catch (const Error& e) {
        note(e.what());
        for (Pending& p : pending)
            if (p.compressed) p.temp.discard();
    } catch (...) {
        note("out of memory");
    }
    for (Pending& p : pending) housekeeping::close_held(p.fd);
    return first_error;
}

}  // namespace picolog
