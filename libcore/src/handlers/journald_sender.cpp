// journald_sender.cpp - sending journal entries: one datagram each to
// journald's socket, or, for an entry larger than a datagram can be, a
// sealed memfd passed with SCM_RIGHTS (the protocol's large-entry path).
#include "journald_sender.hpp"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>

#include "../fd_io.hpp"

namespace picolog::journald {

namespace {

bool unreachable(int err) noexcept {
    return err == ECONNREFUSED || err == ENOENT || err == ENOTCONN || err == ECONNRESET;
}

}  // namespace

Sender::Sender(const JournaldOptions& options) : options_(options) {
    addr_.sun_family = AF_UNIX;
    options_.socket_path.copy(addr_.sun_path, sizeof addr_.sun_path - 1);
}

Sender::~Sender() {
    if (fd_ >= 0) ::close(fd_);
}

bool Sender::open() noexcept {
    if (fd_ >= 0) return true;
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    // Entries of up to 8 MiB go as datagrams when the kernel allows it;
    // larger ones (or a smaller limit) take the memfd path.
    int size = 8 << 20;
    setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return true;
}

int Sender::send_datagram() noexcept {
    for (;;) {
        ssize_t n = sendto(fd_, entry_.data(), entry_.size(), MSG_NOSIGNAL,
                           reinterpret_cast<sockaddr*>(&addr_), sizeof addr_);
        if (n >= 0) return 0;
        if (errno != EINTR) return errno;
    }
}

int Sender::send_memfd() noexcept {
    int mfd = memfd_create("picolog-journal", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd < 0) return errno;
    int err = fd_io::write_all(mfd, entry_.data(), entry_.size());
    // journald only takes a memfd that can no longer change.
    if (err == 0 && fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
        err = errno;
    if (err == 0) {
        char control[CMSG_SPACE(sizeof(int))] = {};
        msghdr msg{};
        msg.msg_name = &addr_;
        msg.msg_namelen = sizeof addr_;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &mfd, sizeof(int));
        while (sendmsg(fd_, &msg, MSG_NOSIGNAL) < 0) {
            if (errno != EINTR) {
                err = errno;
                break;
            }
        }
    }
    ::close(mfd);
    return err;
}

void Sender::deliver(const Record& record, std::string_view text) {
    entry_.clear();
    append_entry(options_.entry, record, text, entry_);
    if (!open()) {
        bump(dropped_failed_);
        return;
    }
    bool memfd = false;
    int err = send_datagram();
    if (err == EMSGSIZE || err == ENOBUFS) {
        memfd = true;
        err = send_memfd();
    }
    if (err == 0) {
        bump(sent_);
        if (memfd) bump(sent_memfd_);
    } else if (unreachable(err)) {
        bump(dropped_unreachable_);
    } else {
        bump(dropped_failed_);
    }
}

void Sender::after_fork_child() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void Sender::add_stats(JournaldStats& s) const noexcept {
    s.sent += sent_.load(std::memory_order_relaxed);
    s.sent_memfd += sent_memfd_.load(std::memory_order_relaxed);
    s.dropped_unreachable += dropped_unreachable_.load(std::memory_order_relaxed);
    s.dropped_failed += dropped_failed_.load(std::memory_order_relaxed);
}

}  // namespace picolog::journald
