// syslog_tls.cpp - the TLS client of the syslog transport (RFC 5425): GnuTLS
// with its default priorities, the system's or a given CA, SNI and
// host-name verification.
#include "syslog_tls.hpp"

#include <errno.h>
#include <sys/socket.h>

#include <cstdint>

#include "picolog/error.hpp"

namespace picolog::syslog {

namespace {

// GnuTLS writes with send(2); a server that has gone away must be an error
// to count, not a SIGPIPE for the program.
ssize_t push_nosignal(gnutls_transport_ptr_t fd, const void* data, size_t n) {
    return ::send(static_cast<int>(reinterpret_cast<intptr_t>(fd)), data, n, MSG_NOSIGNAL);
}

}  // namespace

TlsClient::TlsClient(const Endpoint& endpoint) : endpoint_(endpoint) {
    if (gnutls_certificate_allocate_credentials(&credentials_) != GNUTLS_E_SUCCESS)
        throw Error(kNoMemory, "syslog TLS: cannot allocate credentials");
    int rc = endpoint.ca_file.empty() ? gnutls_certificate_set_x509_system_trust(credentials_)
                                      : gnutls_certificate_set_x509_trust_file(
                                            credentials_, endpoint.ca_file.c_str(), GNUTLS_X509_FMT_PEM);
    if (rc < 0 || (rc == 0 && !endpoint.ca_file.empty())) {
        gnutls_certificate_free_credentials(credentials_);
        throw Error(kInvalid, "syslog TLS: no trust anchors loaded from " +
                                  (endpoint.ca_file.empty() ? std::string("the system store")
                                                            : "\"" + endpoint.ca_file + "\"") +
                                  (rc < 0 ? std::string(": ") + gnutls_strerror(rc) : std::string()));
    }
    if (!endpoint.cert_file.empty() || !endpoint.key_file.empty()) {
        rc = gnutls_certificate_set_x509_key_file(credentials_, endpoint.cert_file.c_str(),
                                                  endpoint.key_file.c_str(), GNUTLS_X509_FMT_PEM);
        if (rc < 0) {
            gnutls_certificate_free_credentials(credentials_);
            throw Error(kInvalid, "syslog TLS: cannot load the client certificate \"" + endpoint.cert_file +
                                      "\" and key \"" + endpoint.key_file + "\": " + gnutls_strerror(rc));
        }
    }
}

TlsClient::~TlsClient() {
    end();
    gnutls_certificate_free_credentials(credentials_);
}

int TlsClient::handshake(int fd, int timeout_ms, std::string& error) {
    end();
    int rc = gnutls_init(&session_, GNUTLS_CLIENT);
    if (rc == GNUTLS_E_SUCCESS) rc = gnutls_set_default_priority(session_);
    if (rc == GNUTLS_E_SUCCESS) rc = gnutls_credentials_set(session_, GNUTLS_CRD_CERTIFICATE, credentials_);
    if (rc == GNUTLS_E_SUCCESS)
        rc = gnutls_server_name_set(session_, GNUTLS_NAME_DNS, endpoint_.host.data(), endpoint_.host.size());
    if (rc == GNUTLS_E_SUCCESS && endpoint_.verify_peer)
        gnutls_session_set_verify_cert(session_, endpoint_.host.c_str(), 0);
    if (rc == GNUTLS_E_SUCCESS) {
        gnutls_transport_set_int(session_, fd);
        gnutls_transport_set_push_function(session_, push_nosignal);
        gnutls_handshake_set_timeout(session_, static_cast<unsigned>(timeout_ms));
        do rc = gnutls_handshake(session_);
        while (rc < 0 && gnutls_error_is_fatal(rc) == 0);
    }
    if (rc >= 0) return 0;
    error = std::string("TLS handshake: ") + gnutls_strerror(rc);
    if (rc == GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR) {
        gnutls_datum_t text{};
        unsigned status = gnutls_session_get_verify_cert_status(session_);
        if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &text, 0) == 0) {
            error += std::string(": ") + reinterpret_cast<const char*>(text.data);
            gnutls_free(text.data);
        }
    }
    end();
    return EPROTO;
}

int TlsClient::write_all(const char* p, size_t n, size_t& written) noexcept {
    written = 0;
    while (written < n) {
        ssize_t w = gnutls_record_send(session_, p + written, n - written);
        if (w == GNUTLS_E_INTERRUPTED) continue;
        if (w == GNUTLS_E_AGAIN) return ETIMEDOUT;  // the send timeout passed
        if (w < 0) return EPIPE;
        written += static_cast<size_t>(w);
    }
    return 0;
}

void TlsClient::end(bool close_notify) noexcept {
    if (!session_) return;
    if (close_notify) gnutls_bye(session_, GNUTLS_SHUT_WR);
    gnutls_deinit(session_);
    session_ = nullptr;
}

}  // namespace picolog::syslog
