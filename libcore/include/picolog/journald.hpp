// journald.hpp - the journald handler: records to systemd-journald over its
// native protocol, one datagram of KEY=value fields per record.
//
// Like the syslog handler it owns a queue: the log call copies the record
// and returns, the queue's listener thread serializes and sends. An entry
// too large for a datagram goes in a sealed memfd passed over the socket, as
// sd_journal_send does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "picolog/async/queue_handler.hpp"
#include "picolog/shipping_handler.hpp"
#include "picolog/syslog_format.hpp"

namespace picolog {

namespace journald {

// A journal field name from any key: upper-cased, characters other than
// A-Z, 0-9 and '_' become '_', no leading '_' (those are journald's
// trusted fields), "F_" before a leading digit or an empty name, at most
// 64 bytes.
std::string field_name(std::string_view key);

// Appends one field in the native protocol: "NAME=value\n", or for a value
// holding a newline the binary-safe form "NAME\n", a 64-bit little-endian
// length, the value, "\n".
void append_field(std::string_view name, std::string_view value, std::string& out);

struct EntryOptions {
    std::string identifier;  // SYSLOG_IDENTIFIER; "" leaves it out
    syslog::SeverityMap severities;
    int facility = -1;  // SYSLOG_FACILITY when 0..23; -1 leaves it out
};

// The entry for a record whose formatted text is `text`: MESSAGE, PRIORITY,
// SYSLOG_FACILITY, SYSLOG_IDENTIFIER, CODE_FILE, CODE_LINE, CODE_FUNC,
// LOGGER, THREAD_NAME, then each structured field under field_name(). At
// most 1024 fields (journald ignores a larger entry): structured fields past
// that are left out, and the last field, PICOLOG_FIELDS_DROPPED, counts them.
void append_entry(const EntryOptions& options, const Record& record, std::string_view text, std::string& out);

class Sender;

}  // namespace journald

struct JournaldOptions {
    std::string socket_path = "/run/systemd/journal/socket";
    journald::EntryOptions entry;
    QueueOptions queue;
};

struct JournaldStats {
    uint64_t enqueued = 0;
    uint64_t sent = 0;                 // entries journald's socket took
    uint64_t sent_memfd = 0;           // of those, sent in a memfd (also in sent)
    uint64_t dropped_queue_full = 0;   // refused or evicted by the queue's policy
    uint64_t dropped_unreachable = 0;  // journald's socket absent or refusing
    uint64_t dropped_failed = 0;       // any other send failure
    uint64_t dropped_closed = 0;       // refused after close
    uint64_t queued = 0;
};

// handle, flush and close are ShippingHandler's.
class JournaldHandler final : public ShippingHandler {
public:
    // Validates the options (Error(kInvalid)) and starts the sender. A
    // journald that is not running is not an error here.
    static Ref<JournaldHandler> create(const JournaldOptions& options);
    ~JournaldHandler() override;

    JournaldStats stats() const noexcept;

protected:
    std::string describe() const override;

private:
    explicit JournaldHandler(const JournaldOptions& options);
    std::shared_ptr<journald::Sender> sender_;
};

}  // namespace picolog
