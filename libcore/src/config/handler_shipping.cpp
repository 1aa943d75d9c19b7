// handler_shipping.cpp - the keys of the handlers that ship records off the
// machine: logging.handlers.SysLogHandler (with picolog's keyword-only
// extras, defaults as picolog.handlers.SysLogHandler's) and journald.
#include <climits>
#include <string>
#include <utility>

#include "handler_types.hpp"
#include "picolog/journald.hpp"
#include "picolog/syslog.hpp"

namespace picolog::config {
namespace {

class SyslogSpec final : public HandlerSpec {
public:
    SyslogOptions options;
    Ref<Handler> build(std::vector<Ref<Handler>>) const override { return SyslogHandler::create(options); }
};

class JournaldSpec final : public HandlerSpec {
public:
    JournaldOptions options;
    Ref<Handler> build(std::vector<Ref<Handler>>) const override { return JournaldHandler::create(options); }
};

// SysLogHandler.facility_names.
constexpr std::pair<std::string_view, int> kFacilities[] = {
    {"kern", 0},     {"user", 1},          {"mail", 2},    {"daemon", 3},  {"auth", 4},
    {"security", 4}, {"syslog", 5},        {"lpr", 6},     {"news", 7},    {"uucp", 8},
    {"cron", 9},     {"authpriv", 10},     {"ftp", 11},    {"ntp", 12},    {"audit", 13},
    {"console", 14}, {"solaris-cron", 15}, {"local0", 16}, {"local1", 17}, {"local2", 18},
    {"local3", 19},  {"local4", 20},       {"local5", 21}, {"local6", 22}, {"local7", 23},
};

// A facility name or a number 0..23 (logging's LOG_* values, unshifted).
std::optional<int> read_facility(Keys& keys) {
    const Node* n = keys.get("facility");
    if (n == nullptr) return std::nullopt;
    if (n->kind == Node::Kind::Int) return static_cast<int>(*keys.integer("facility", 0, 23));
    const auto name = keys.string("facility");
    for (const auto& [known, value] : kFacilities)
        if (known == *name) return value;
    keys.fail("facility",
              "unknown syslog facility \"" + *name + "\" (expected user, daemon, local0..local7...)");
}

Overflow read_overflow(Keys& keys, Overflow otherwise) {
    const auto overflow = keys.string("overflow");
    if (!overflow) return otherwise;
    if (*overflow == "block") return Overflow::Block;
    if (*overflow == "drop_newest") return Overflow::DropNewest;
    if (*overflow == "drop_oldest") return Overflow::DropOldest;
    keys.fail("overflow", "expected block, drop_newest or drop_oldest, got \"" + *overflow + "\"");
}

// socktype: logging's socket constants as dictConfig's ext:// references,
// or picolog's transport names.
std::optional<syslog::Transport> read_socktype(Keys& keys) {
    const auto type = keys.string("socktype");
    if (!type) return std::nullopt;
    if (*type == "udp" || *type == "ext://socket.SOCK_DGRAM") return syslog::Transport::Udp;
    if (*type == "tcp" || *type == "ext://socket.SOCK_STREAM") return syslog::Transport::Tcp;
    if (*type == "unix") return syslog::Transport::UnixDatagram;
    if (*type == "tls") return syslog::Transport::Tls;
    keys.fail("socktype",
              "expected udp, tcp, unix, tls, \"ext://socket.SOCK_DGRAM\" or "
              "\"ext://socket.SOCK_STREAM\", got \"" +
                  *type + "\"");
}

// address: a unix socket path, or [host, port].
void read_address(Keys& keys, syslog::Endpoint& e, bool& is_path) {
    const Node* n = keys.get("address");
    is_path = false;
    if (n == nullptr) return;
    if (n->kind == Node::Kind::String) {
        e.path = *keys.string("address");
        if (e.path.empty()) keys.fail("address", "empty");
        is_path = true;
        return;
    }
    const bool pair = n->kind == Node::Kind::Array && n->items.size() == 2 &&
                      n->items[0].kind == Node::Kind::String && n->items[1].kind == Node::Kind::Int;
    if (!pair) keys.fail("address", "expected a socket path or [host, port]");
    if (n->items[0].text.empty()) keys.fail("address", "empty host");
    if (n->items[0].text.find('\0') != std::string::npos) keys.fail("address", "a NUL byte in the host");
    if (n->items[1].integer < 1 || n->items[1].integer > 65535)
        keys.fail("address", "port " + std::to_string(n->items[1].integer) + " is out of range [1, 65535]");
    e.host = n->items[0].text;
    e.port = static_cast<uint16_t>(n->items[1].integer);
}

void read_transport(Keys& keys, SyslogOptions& o) {
    syslog::Endpoint& e = o.endpoint;
    bool is_path = false;
    read_address(keys, e, is_path);
    const auto socktype = read_socktype(keys);
    const bool tls = keys.boolean("tls").value_or(false);
    if (is_path) {
        if ((socktype && *socktype != syslog::Transport::UnixDatagram &&
             *socktype != syslog::Transport::Udp) ||
            tls)
            keys.fail("socktype", "a unix socket path is sent datagrams only");
        e.transport = syslog::Transport::UnixDatagram;
    } else if (tls || socktype == syslog::Transport::Tls) {
        if (socktype && *socktype != syslog::Transport::Tcp && *socktype != syslog::Transport::Tls)
            keys.fail("socktype", "tls needs a stream socket");
        e.transport = syslog::Transport::Tls;
    } else if (socktype == syslog::Transport::UnixDatagram) {
        if (keys.get("address") != nullptr) keys.fail("address", "socktype \"unix\" needs a socket path");
        e.transport = syslog::Transport::UnixDatagram;
    } else {
        e.transport = socktype.value_or(syslog::Transport::Udp);
    }
    if (auto f = keys.string("tls_ca_file")) e.ca_file = *f;
    if (auto f = keys.string("tls_cert_file")) e.cert_file = *f;
    if (auto f = keys.string("tls_key_file")) e.key_file = *f;
    e.verify_peer = keys.boolean("tls_verify").value_or(true);
}

void read_timeout(Keys& keys, SyslogOptions& o) {
    const Node* n = keys.get("timeout");
    if (n == nullptr || n->kind == Node::Kind::Null) return;
    double seconds = 0;
    if (n->kind == Node::Kind::Int)
        seconds = static_cast<double>(n->integer);
    else if (n->kind == Node::Kind::Float)
        seconds = n->number;
    else
        keys.fail("timeout", std::string("expected seconds, got ") + describe(n->kind));
    if (!(seconds > 0 && seconds <= 86400)) keys.fail("timeout", "expected seconds in (0, 86400]");
    // As picolog.handlers.SysLogHandler: connect within it, send within it
    // or 10 s, whichever is longer.
    o.connect_timeout = std::chrono::milliseconds(std::max<int64_t>(1, static_cast<int64_t>(seconds * 1000)));
    o.send_timeout = std::max(o.connect_timeout, std::chrono::milliseconds(10000));
}

std::string optional_text(Keys& keys, std::string_view key) {
    const Node* n = keys.get(key);
    if (n == nullptr || n->kind == Node::Kind::Null) return {};
    return *keys.string(key);
}

}  // namespace

std::unique_ptr<HandlerSpec> parse_syslog_handler(Keys& keys) {
    auto spec = std::make_unique<SyslogSpec>();
    SyslogOptions& o = spec->options;
    read_transport(keys, o);
    if (auto f = read_facility(keys)) o.message.facility = *f;
    const bool rfc5424 = keys.boolean("rfc5424").value_or(false);
    const bool rfc3164 = keys.boolean("rfc3164").value_or(false);
    if (rfc5424 && rfc3164) keys.fail("rfc3164", "choose rfc5424 or rfc3164, not both");
    // logging's own bytes unless asked: "<PRI>" + message + NUL.
    o.message.format = rfc5424   ? syslog::Format::Rfc5424
                       : rfc3164 ? syslog::Format::Rfc3164
                                 : syslog::Format::Bare;
    o.message.append_nul = o.message.format == syslog::Format::Bare;
    o.framing =
        o.message.format == syslog::Format::Bare ? syslog::Framing::None : syslog::Framing::OctetCounting;
    if (const Node* n = keys.get("framing"); n != nullptr && n->kind != Node::Kind::Null) {
        const auto framing = keys.string("framing");
        if (*framing == "octet")
            o.framing = syslog::Framing::OctetCounting;
        else if (*framing == "lf")
            o.framing = syslog::Framing::Lf;
        else if (*framing == "none")
            o.framing = syslog::Framing::None;
        else
            keys.fail("framing", "expected \"octet\", \"lf\" or \"none\", got \"" + *framing + "\"");
    } else if (n != nullptr) {
        o.framing = syslog::Framing::None;
    }
    o.message.hostname = optional_text(keys, "hostname");
    o.message.app_name = optional_text(keys, "app_name");
    o.message.msgid = optional_text(keys, "msgid");
    read_timeout(keys, o);
    if (auto n = keys.integer("hold", 0, int64_t{1} << 24)) o.hold = static_cast<size_t>(*n);
    if (auto n = keys.integer("max_message", 0, int64_t{1} << 30)) o.max_message = static_cast<size_t>(*n);
    o.queue.capacity = 8192;
    if (auto n = keys.integer("capacity", 1, int64_t{1} << 24)) o.queue.capacity = static_cast<size_t>(*n);
    o.queue.max_bytes = size_t{64} << 20;
    o.queue.overflow = read_overflow(keys, Overflow::Block);
    o.queue.respect_handler_level = true;
    return spec;
}

std::unique_ptr<HandlerSpec> parse_journald_handler(Keys& keys) {
    auto spec = std::make_unique<JournaldSpec>();
    JournaldOptions& o = spec->options;
    if (auto path = keys.string("socket_path")) {
        if (path->empty()) keys.fail("socket_path", "empty");
        o.socket_path = *path;
    }
    o.entry.identifier = optional_text(keys, "identifier");
    if (auto f = read_facility(keys)) o.entry.facility = *f;
    if (auto n = keys.integer("capacity", 1, int64_t{1} << 24)) o.queue.capacity = static_cast<size_t>(*n);
    o.queue.overflow = read_overflow(keys, o.queue.overflow);
    o.queue.respect_handler_level = true;
    return spec;
}

}  // namespace picolog::config
