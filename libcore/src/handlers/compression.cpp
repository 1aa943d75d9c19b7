// compression.cpp - gzip of a rotated file with zlib, written to a hidden
// temporary name and renamed into place, so a reader never sees half a .gz.
#include "compression.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <vector>

#include "../fd_io.hpp"

namespace picolog {

std::string hidden_temporary(const std::string& dest) {
    size_t slash = dest.rfind('/');
    std::string dir = slash == std::string::npos ? "" : dest.substr(0, slash + 1);
    std::string name = slash == std::string::npos ? dest : dest.substr(slash + 1);
    return dir + "." + name + ".tmp";
}

std::string gzip_descriptor(int in, const std::string& source, const std::string& tmp) {
    gzFile out = ::gzopen(tmp.c_str(), "wb6");
    if (!out) return "cannot create " + tmp;
    std::vector<char> buf(64 * 1024);
    std::string error;
    while (error.empty()) {
        ssize_t n = ::read(in, buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error = fd_io::describe_errno(("cannot read " + source).c_str(), errno);
        if (n <= 0) break;
        if (::gzwrite(out, buf.data(), static_cast<unsigned>(n)) != n) error = "cannot write " + tmp;
    }
    if (::gzclose(out) != Z_OK && error.empty()) error = "cannot finish " + tmp;
    if (!error.empty()) ::unlink(tmp.c_str());
    return error;
}

std::string gzip_rotated_file(const std::string& source) {
    std::string dest = source + ".gz";
    std::string tmp = hidden_temporary(dest);
    int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0 && errno == ENOENT) return "";  // already deleted by retention
    if (in < 0) return fd_io::describe_errno(("cannot open " + source).c_str(), errno);
    std::string error = gzip_descriptor(in, source, tmp);
    ::close(in);
    if (!error.empty()) return error;
    if (::rename(tmp.c_str(), dest.c_str()) != 0) {
        error = fd_io::describe_errno(("cannot rename " + tmp + " to " + dest).c_str(), errno);
        ::unlink(tmp.c_str());
        return error;
    }
    if (::unlink(source.c_str()) != 0 && errno != ENOENT)
        return fd_io::describe_errno(("cannot remove " + source).c_str(), errno);
    return "";
}

}  // namespace picolog
