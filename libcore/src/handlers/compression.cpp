// compression.cpp - gzip of a rotated file with zlib, written to a hidden
// temporary name (locked while written: see temporary.hpp) and renamed into
// place, so a reader never sees half a .gz.
#include "compression.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <vector>

#include "../fd_io.hpp"
#include "picolog/housekeeping.hpp"

namespace picolog {

std::string hidden_temporary(const std::string& dest) {
    size_t slash = dest.rfind('/');
    std::string dir = slash == std::string::npos ? "" : dest.substr(0, slash + 1);
    std::string name = slash == std::string::npos ? dest : dest.substr(slash + 1);
    return dir + "." + name + ".tmp";
}

std::string gzip_descriptor(int in, const std::string& source, LockedTemporary& tmp) {
    // zlib closes the descriptor it writes through: a duplicate, so the lock
    // (held by the open file, shared by both) lasts until tmp is closed.
    int out_fd = housekeeping::open_held([&] { return ::fcntl(tmp.fd(), F_DUPFD_CLOEXEC, 0); });
    gzFile out = out_fd < 0 ? nullptr : ::gzdopen(out_fd, "wb6");
    if (!out) {
        housekeeping::close_held(out_fd);
        tmp.discard();
        return "cannot write " + tmp.path();
    }
    std::vector<char> buf(64 * 1024);
    std::string error;
    while (error.empty()) {
        ssize_t n = ::read(in, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error = fd_io::describe_errno(("cannot read " + source).c_str(), errno);
        if (n <= 0) break;
        if (::gzwrite(out, buf.data(), static_cast<unsigned>(n)) != n) error = "cannot write " + tmp.path();
    }
    housekeeping::forget_held(out_fd);
    if (::gzclose(out) != Z_OK && error.empty()) error = "cannot finish " + tmp.path();
    // The .gz keeps the file's times, as gzip(1) does: retention by age
    // counts from the file's last record, not from its compression.
    struct stat st;
    if (error.empty() && ::fstat(in, &st) == 0) {
        const timespec times[2] = {st.st_atim, st.st_mtim};
        (void)::futimens(tmp.fd(), times);
    }
    if (!error.empty()) tmp.discard();
    return error;
}

std::string gzip_rotated_file(const std::string& source) {
    std::string dest = source + ".gz";
    // O_NONBLOCK: a FIFO put in its place must not hold this thread (and,
    // during open_held, the housekeeping state) waiting for a writer.
    int in =
        housekeeping::open_held([&] { return ::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK); });
    if (in < 0 && errno == ENOENT) return "";  // already deleted by retention
    if (in < 0) return fd_io::describe_errno(("cannot open " + source).c_str(), errno);
    struct stat st;
    if (::fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
        housekeeping::close_held(in);
        return source + " is not a regular file";
    }
    LockedTemporary tmp;
    std::string error = tmp.create(hidden_temporary(dest));
    // Without a descriptor and an error, another live writer compresses it.
    if (error.empty() && tmp.fd() >= 0) error = gzip_descriptor(in, source, tmp);
    housekeeping::close_held(in);
    if (!error.empty() || tmp.fd() < 0) return error;
    // Renamed while still locked: a sweep never takes a finished .gz for
    // an abandoned temporary.
    if (::rename(tmp.path().c_str(), dest.c_str()) != 0) {
        error = fd_io::describe_errno(("cannot rename " + tmp.path() + " to " + dest).c_str(), errno);
        tmp.discard();
        return error;
    }
    tmp.close();
    if (::unlink(source.c_str()) != 0 && errno != ENOENT)
        return fd_io::describe_errno(("cannot remove " + source).c_str(), errno);
    return "";
}

}  // namespace picolog
