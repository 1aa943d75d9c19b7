// syslog_transport.hpp - the socket under a syslog handler: a unix datagram
// socket (/dev/log), UDP or TCP, connected with a timeout, written with
// blocking calls on the sender thread (never on a logging thread).
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "picolog/syslog.hpp"

namespace picolog::syslog {

class TlsClient;

class Connection {
public:
    // Throws Error(kInvalid) when the TLS credentials cannot be loaded.
    Connection(Endpoint endpoint, std::chrono::milliseconds connect_timeout,
               std::chrono::milliseconds send_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool is_stream() const noexcept {
        return endpoint_.transport == Transport::Tcp || endpoint_.transport == Transport::Tls;
    }
    bool connected() const noexcept { return fd_ >= 0; }
    // Opens and connects the socket. Returns 0 or an errno value; `error`
    // gets a sentence naming the peer.
    int connect(std::string& error);
    // close_notify: an orderly end (a TLS session tells the server).
    void disconnect(bool close_notify = false) noexcept;
    // In a forked child: forgets the parent's socket without shutting it down.
    void forget() noexcept;

    // Stream: whether the peer has closed or reset the connection, as far as
    // the socket has been told (a FIN or RST already received).
    bool peer_gone() const noexcept;
    // Stream: writes all n bytes; returns 0 or an errno value, with the
    // count written so far in `written` either way.
    int write_all(const char* p, size_t n, size_t& written) noexcept;
    // Datagram: sends n messages, one datagram each, with as few system
    // calls as the kernel allows. `sent` gets how many went; returns 0, or
    // the errno of message number `sent`.
    int send_many(const std::string_view* messages, size_t n, size_t& sent);
    // UDP: how many datagrams went out in segmentation-offload runs (for
    // tests and benchmarks: the kernel splits them, the peer sees the same
    // datagrams).
    uint64_t offloaded() const noexcept { return offloaded_; }

    // "tcp:host:port", "udp:host:port" or "unix:/dev/log".
    std::string describe() const;

private:
    int connect_inet(std::string& error);
    int connect_unix(std::string& error);
    // The largest datagram the kernel may segment for us (0: none).
    size_t segment_limit() const noexcept;
    // Lays out headers_ for messages[0..n): runs of equal-sized messages
    // share one header when `segment` allows; per_header_ gets each
    // header's message count.
    void lay_out(const std::string_view* messages, size_t n, bool segment);
    Endpoint endpoint_;
    std::chrono::milliseconds connect_timeout_;
    std::chrono::milliseconds send_timeout_;
    int fd_ = -1;
    std::unique_ptr<TlsClient> tls_;  // Tls only (syslog_tls.hpp)
    std::vector<mmsghdr> headers_;    // send_many's, reused
    std::vector<iovec> iovecs_;
    std::vector<size_t> per_header_;
    union SegmentControl {
        char buf[CMSG_SPACE(sizeof(uint16_t))];
        cmsghdr align;
    };
    std::vector<SegmentControl> controls_;
    // UDP segmentation offload: the largest payload per segment on this
    // path (0 until connected or when the kernel refused it).
    size_t segment_max_ = 0;
    bool segment_refused_ = false;
    uint64_t offloaded_ = 0;
};

}  // namespace picolog::syslog
