// syslog_tls.hpp - syslog over TLS (RFC 5425) with GnuTLS: the client
// credentials of one connection and the session on its TCP socket.
#pragma once

#include <gnutls/gnutls.h>

#include <cstddef>
#include <string>

#include "picolog/syslog.hpp"

namespace picolog::syslog {

class TlsClient {
public:
    // Loads the trust anchors (and the client certificate, if any). Throws
    // Error(kInvalid) naming the file that cannot be used.
    explicit TlsClient(const Endpoint& endpoint);
    ~TlsClient();
    TlsClient(const TlsClient&) = delete;
    TlsClient& operator=(const TlsClient&) = delete;

    // Runs the handshake on the connected socket fd, verifying the server's
    // certificate for the endpoint's host unless verify_peer is off.
    // Returns 0, or an errno value with `error` saying why.
    int handshake(int fd, int timeout_ms, std::string& error);
    // Writes all n bytes as TLS records; 0 or an errno value (a lost or
    // failed session is EPIPE), with the bytes taken in `written`.
    int write_all(const char* p, size_t n, size_t& written) noexcept;
    // Ends the session (the socket is closed by the caller); with
    // close_notify, tells the server first, as an orderly close must.
    void end(bool close_notify = false) noexcept;

private:
    const Endpoint& endpoint_;
    gnutls_certificate_credentials_t credentials_ = nullptr;
    gnutls_session_t session_ = nullptr;
};

}  // namespace picolog::syslog
