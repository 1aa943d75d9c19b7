// retention.cpp - retention by age: rotated files whose modification time
// is older than max_age_days are deleted, whatever their count.
#include "retention.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <functional>

#include "../fd_io.hpp"

namespace picolog {

namespace {

// Calls fn(path, number) for each base.N and base.N.gz in base_path's
// directory, N being the digits as written.
template <class Fn>
void each_size_rotated(const std::string& base_path, Fn fn) {
    size_t slash = base_path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : base_path.substr(0, slash == 0 ? 1 : slash);
    std::string join = slash == std::string::npos ? "" : base_path.substr(0, slash + 1);
    std::string prefix = (slash == std::string::npos ? base_path : base_path.substr(slash + 1)) + ".";
    DIR* d = ::opendir(dir.c_str());
    if (!d) return;
    while (dirent* entry = ::readdir(d)) {
        std::string_view name = entry->d_name;
        if (name.substr(0, prefix.size()) != prefix) continue;
        std::string_view rest = name.substr(prefix.size());
        if (rest.size() > 3 && rest.substr(rest.size() - 3) == ".gz") rest.remove_suffix(3);
        if (rest.empty() || rest.find_first_not_of("0123456789") != std::string_view::npos) continue;
        fn(join + std::string(name), rest);
    }
    ::closedir(d);
}

}  // namespace

std::vector<std::string> size_rotated_files(const std::string& base_path) {
    std::vector<std::string> out;
    each_size_rotated(base_path, [&](std::string path, std::string_view) { out.push_back(std::move(path)); });
    return out;
}

std::vector<unsigned> size_rotated_slots(const std::string& base_path, unsigned last) {
    std::vector<unsigned> out;
    each_size_rotated(base_path, [&](const std::string&, std::string_view digits) {
        unsigned n = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (digits[0] != '0' && ec == std::errc() && end == digits.data() + digits.size() && n <= last)
            out.push_back(n);
    });
    std::sort(out.begin(), out.end(), std::greater<>());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string delete_older_than(const std::vector<std::string>& files, int64_t cutoff_s) {
    std::string first_error;
    for (const auto& f : files) {
        struct stat st;
        if (cutoff_s != INT64_MAX &&
            (::stat(f.c_str(), &st) != 0 || static_cast<int64_t>(st.st_mtime) >= cutoff_s))
            continue;
        if (::unlink(f.c_str()) != 0 && errno != ENOENT && first_error.empty())
            first_error = fd_io::describe_errno(("cannot remove " + f).c_str(), errno);
    }
    return first_error;
}

}  // namespace picolog
