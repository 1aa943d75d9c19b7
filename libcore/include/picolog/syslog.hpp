// syslog.hpp - the syslog handler: records to a syslog daemon over a unix
// datagram socket, UDP or TCP, without ever making a log call wait for the
// network.
//
// The handler owns a queue (async/queue_handler.hpp): the log call copies
// the record into the queue's channel and returns; the queue's listener
// thread formats (syslog_format.hpp) and sends. While the peer is
// unreachable the sender holds formatted messages up to a bound and retries
// with capped exponential backoff; every record it has to give up is counted
// by cause, and once the link is back the peer first receives a note
// "picolog: N records dropped while <peer> was unreachable".
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "picolog/async/queue_handler.hpp"
#include "picolog/shipping_handler.hpp"
#include "picolog/syslog_format.hpp"

namespace picolog {

namespace syslog {

enum class Transport { UnixDatagram, Udp, Tcp, Tls };

struct Endpoint {
    Transport transport = Transport::UnixDatagram;
    std::string path = "/dev/log";   // UnixDatagram
    std::string host = "localhost";  // Udp, Tcp, Tls
    uint16_t port = 514;
    // Tls (RFC 5425, GnuTLS): the trust anchors ("" means the system's),
    // whether the server's certificate must be valid for `host`, and an
    // optional client certificate and key (PEM files).
    std::string ca_file;
    bool verify_peer = true;
    std::string cert_file;
    std::string key_file;
};

class Sender;

}  // namespace syslog

struct SyslogOptions {
    syslog::Endpoint endpoint;
    syslog::MessageOptions message;
    // TCP only: TLS always counts octets (RFC 5425), whatever this says.
    syslog::Framing framing = syslog::Framing::OctetCounting;
    // Datagram transports: a longer message is cut at a UTF-8 boundary to
    // this many bytes (the UDP payload limit by default) and counted.
    size_t max_datagram = 65507;
    // Stream transports (TCP, TLS): a longer message is cut the same way to
    // this many bytes, the receiver's limit; 0 sends every message whole.
    size_t max_message = 0;
    // Formatted messages kept while the peer is unreachable; beyond it the
    // oldest is dropped (counted as dropped_unreachable).
    size_t hold = 8192;
    std::chrono::milliseconds backoff_initial{100};
    std::chrono::milliseconds backoff_max{30000};
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds send_timeout{10000};
    // The queue between the log calls and the sender. Its overflow policy
    // decides what a log call does when the sender falls behind.
    QueueOptions queue;
};

struct SyslogStats {
    uint64_t enqueued = 0;             // records accepted by the queue
    uint64_t sent = 0;                 // records written to the socket
    uint64_t dropped_queue_full = 0;   // refused or evicted by the queue's overflow policy
    uint64_t dropped_unreachable = 0;  // held while the peer was unreachable, then pushed out
    uint64_t dropped_closed = 0;       // still queued or held when the handler closed
    uint64_t dropped_failed = 0;       // refused by the socket for good (not a link failure)
    uint64_t truncated = 0;            // cut to max_datagram or max_message (also counted in sent)
    uint64_t reconnects = 0;           // connections made after the first
    uint64_t connect_failures = 0;     // connection attempts that failed
    uint64_t reports = 0;              // in-band drop notes sent
    uint64_t held = 0;                 // messages held now, waiting for the peer
    uint64_t queued = 0;               // records in the queue now
};

// handle, flush and close are ShippingHandler's: flush returns once every
// record logged before the call has been sent or held, and tries to
// reconnect at once when the peer is down; close flushes, then counts what
// is still held as dropped_closed.
class SyslogHandler final : public ShippingHandler {
public:
    // Validates the options (Error(kInvalid) naming the bad one) and starts
    // the sender. Connecting is left to the sender: an absent daemon is not
    // an error here, its records are held.
    static Ref<SyslogHandler> create(const SyslogOptions& options);
    ~SyslogHandler() override;

    SyslogStats stats() const noexcept;
    // "tcp:host:port", "udp:host:port" or "unix:path".
    std::string peer() const;

protected:
    std::string describe() const override;

private:
    explicit SyslogHandler(const SyslogOptions& options);
    std::shared_ptr<syslog::Sender> sender_;
};

}  // namespace picolog
