// syslog_transport.cpp - opening, connecting and writing the syslog socket:
// a non-blocking connect bounded by a timeout, then blocking writes bounded
// by a send timeout, so a peer that stops reading stalls only the sender.
#include "syslog_transport.hpp"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>

#include "syslog_tls.hpp"

namespace picolog::syslog {

namespace {

// UDP segmentation offload (UDP_SEGMENT): one send hands the kernel a run
// of equal-sized datagrams, which it splits as late as it can (on loopback,
// at the receiving socket); the peer gets the same datagrams, one per
// message, for a fraction of the sending cost. The kernel's limits: at
// most 64 segments (UDP_MAX_SEGMENTS) and an IP packet's 64 KiB in all.
constexpr size_t kMaxSegments = 64;
constexpr size_t kMaxSegmentedBytes = 65000;

// Errors by which a kernel or a device says it cannot segment: the sender
// stops asking and sends the same messages one datagram per header.
bool segmenting_refused(int err) noexcept {
    return err == EIO || err == EINVAL || err == EMSGSIZE || err == ENOPROTOOPT || err == EOPNOTSUPP;
}

std::string errno_text(int err) {
    char buf[128];
    return strerror_r(err, buf, sizeof buf);
}

timeval to_timeval(std::chrono::milliseconds ms) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

// Connects fd to addr within timeout_ms: a non-blocking connect and a poll,
// so an unreachable host costs the timeout, not the kernel's minutes.
int connect_within(int fd, const sockaddr* addr, socklen_t len, int timeout_ms) {
    int flags = fcntl(fd, F_GETFL);
    if (fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return errno;
    int err = 0;
    if (::connect(fd, addr, len) != 0) {
        err = errno;
        if (err == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            int n;
            do n = poll(&p, 1, timeout_ms);
            while (n < 0 && errno == EINTR);
            if (n == 0) {
                err = ETIMEDOUT;
            } else if (n < 0) {
                err = errno;
            } else {
                socklen_t sl = sizeof err;
                if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl) != 0) err = errno;
            }
        }
    }
    if (fcntl(fd, F_SETFL, flags) != 0 && err == 0) err = errno;
    return err;
}

}  // namespace

Connection::Connection(Endpoint endpoint, std::chrono::milliseconds connect_timeout,
                       std::chrono::milliseconds send_timeout)
    : endpoint_(std::move(endpoint)), connect_timeout_(connect_timeout), send_timeout_(send_timeout) {
    if (endpoint_.transport == Transport::Tls) tls_ = std::make_unique<TlsClient>(endpoint_);
}

Connection::~Connection() {
    disconnect();
}

std::string Connection::describe() const {
    switch (endpoint_.transport) {
        case Transport::UnixDatagram:
            return "unix:" + endpoint_.path;
        case Transport::Udp:
            return "udp:" + endpoint_.host + ":" + std::to_string(endpoint_.port);
        case Transport::Tls:
            return "tls:" + endpoint_.host + ":" + std::to_string(endpoint_.port);
        case Transport::Tcp:
            break;
    }
    return "tcp:" + endpoint_.host + ":" + std::to_string(endpoint_.port);
}

int Connection::connect(std::string& error) {
    disconnect();
    return endpoint_.transport == Transport::UnixDatagram ? connect_unix(error) : connect_inet(error);
}

int Connection::connect_unix(std::string& error) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (endpoint_.path.size() >= sizeof addr.sun_path) {
        error = describe() + ": path too long";
        return ENAMETOOLONG;
    }
    memcpy(addr.sun_path, endpoint_.path.data(), endpoint_.path.size());
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        int err = errno;
        error = describe() + ": socket: " + errno_text(err);
        return err;
    }
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        int err = errno;
        ::close(fd);
        error = describe() + ": connect: " + errno_text(err);
        return err;
    }
    timeval tv = to_timeval(send_timeout_);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    fd_ = fd;
    return 0;
}

int Connection::connect_inet(std::string& error) {
    const bool stream = is_stream();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = stream ? SOCK_STREAM : SOCK_DGRAM;
    addrinfo* list = nullptr;
    const std::string port = std::to_string(endpoint_.port);
    if (int rc = getaddrinfo(endpoint_.host.c_str(), port.c_str(), &hints, &list); rc != 0) {
        error = describe() + ": " + gai_strerror(rc);
        return rc == EAI_SYSTEM ? errno : EHOSTUNREACH;
    }
    int err = EHOSTUNREACH;
    for (addrinfo* ai = list; ai; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            err = errno;
            continue;
        }
        err = connect_within(fd, ai->ai_addr, ai->ai_addrlen, static_cast<int>(connect_timeout_.count()));
        if (err != 0) {
            ::close(fd);
            continue;
        }
        timeval tv = to_timeval(send_timeout_);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (stream) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
        fd_ = fd;
        if (endpoint_.transport == Transport::Udp) {
            // A segment must fit the path's MTU with its IP and UDP headers.
            const bool v6 = ai->ai_family == AF_INET6;
            int mtu = 0;
            socklen_t ml = sizeof mtu;
            const size_t headers = v6 ? 48 : 28;
            if (!segment_refused_ &&
                getsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MTU : IP_MTU, &mtu, &ml) == 0 &&
                static_cast<size_t>(mtu) > headers)
                segment_max_ = static_cast<size_t>(mtu) - headers;
            else
                segment_max_ = 0;
        }
        break;
    }
    freeaddrinfo(list);
    if (fd_ < 0) {
        error = describe() + ": connect: " + errno_text(err);
        return err;
    }
    if (tls_) {
        std::string why;
        err = tls_->handshake(fd_, static_cast<int>(connect_timeout_.count()), why);
        if (err != 0) {
            disconnect();
            error = describe() + ": " + why;
            return err;
        }
    }
    return 0;
}

void Connection::disconnect(bool close_notify) noexcept {
    if (tls_) tls_->end(close_notify && fd_ >= 0);
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
}

void Connection::forget() noexcept {
    // The parent still writes to this socket; closing our descriptor does
    // not end its connection (no shutdown()).
    disconnect();
}

bool Connection::peer_gone() const noexcept {
    if (fd_ < 0) return true;
    pollfd p{fd_, POLLIN | POLLRDHUP, 0};
    if (poll(&p, 1, 0) <= 0) return false;
    if (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) return true;
    // Over TLS the server may send records of its own (session tickets).
    if (tls_) return false;
    // A syslog receiver never talks back; readable means end of stream.
    char c;
    return recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT) <= 0;
}

int Connection::write_all(const char* p, size_t n, size_t& written) noexcept {
    if (tls_) return tls_->write_all(p, n, written);
    written = 0;
    while (written < n) {
        ssize_t w = ::send(fd_, p + written, n - written, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno == EAGAIN ? ETIMEDOUT : errno;
        }
        written += static_cast<size_t>(w);
    }
    return 0;
}

void Connection::lay_out(const std::string_view* messages, size_t n, bool segment) {
    headers_.clear();
    per_header_.clear();
    iovecs_.resize(n);
    controls_.resize(n);
    for (size_t i = 0; i < n;) {
        const size_t size = messages[i].size();
        size_t run = 1;
        if (segment && size > 0 && size <= segment_max_) {
            while (i + run < n && run < kMaxSegments && messages[i + run].size() == size &&
                   (run + 1) * size <= kMaxSegmentedBytes)
                ++run;
        }
        for (size_t k = i; k < i + run; ++k)
            iovecs_[k] = iovec{const_cast<char*>(messages[k].data()), messages[k].size()};
        mmsghdr h{};
        h.msg_hdr.msg_iov = &iovecs_[i];
        h.msg_hdr.msg_iovlen = run;
        if (run > 1) {
            SegmentControl& c = controls_[headers_.size()];
            h.msg_hdr.msg_control = c.buf;
            h.msg_hdr.msg_controllen = sizeof c.buf;
            cmsghdr* cm = CMSG_FIRSTHDR(&h.msg_hdr);
            cm->cmsg_level = SOL_UDP;
            cm->cmsg_type = UDP_SEGMENT;
            cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
            const uint16_t segment_size = static_cast<uint16_t>(size);
            memcpy(CMSG_DATA(cm), &segment_size, sizeof segment_size);
        }
        headers_.push_back(h);
        per_header_.push_back(run);
        i += run;
    }
}

int Connection::send_many(const std::string_view* messages, size_t n, size_t& sent) {
    sent = 0;
    bool segment = segment_max_ > 0;
    lay_out(messages, n, segment);
    for (size_t h = 0; h < headers_.size();) {
        int r = sendmmsg(fd_, headers_.data() + h,
                         static_cast<unsigned>(std::min<size_t>(headers_.size() - h, 1024)), MSG_NOSIGNAL);
        if (r < 0) {
            const int err = errno;
            if (err == EINTR) continue;
            if (segment && per_header_[h] > 1 && segmenting_refused(err)) {
                // This path cannot segment: the rest goes one datagram per
                // header, and so does every later send.
                segment_refused_ = true;
                segment_max_ = 0;
                size_t rest = 0;
                const int e = send_many(messages + sent, n - sent, rest);
                sent += rest;
                return e;
            }
            return err == EAGAIN ? ETIMEDOUT : err;
        }
        for (int k = 0; k < r; ++k, ++h) {
            sent += per_header_[h];
            if (per_header_[h] > 1) offloaded_ += per_header_[h];
        }
    }
    return 0;
}

}  // namespace picolog::syslog
