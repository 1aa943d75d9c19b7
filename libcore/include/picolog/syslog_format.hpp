// syslog_format.hpp - turning a record into one syslog message: RFC 5424,
// RFC 3164, or the bare "<PRI>ident message" that Python's SysLogHandler
// sends, and the RFC 6587 framings for stream transports.
//
// Pure functions of the record and the options, so the wire format is unit
// tested without a socket; the syslog handler (syslog.hpp) calls them on its
// sender thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "picolog/record.hpp"

namespace picolog::syslog {

enum class Format {
    Rfc5424,  // <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG
    Rfc3164,  // <PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG
    Bare,     // <PRI>ident MSG, byte for byte what logging.handlers.SysLogHandler sends
};

// How messages are delimited on a stream (TCP); datagrams carry one message
// each and are never framed.
enum class Framing {
    OctetCounting,  // RFC 6587 3.4.1: "LEN SP MSG", safe for any message
    Lf,             // RFC 6587 3.4.2: MSG LF; a LF inside MSG splits it
    None,           // the bytes as they are (Python's TCP behaviour)
};

// Python's SysLogHandler.mapPriority: the standard levels by value, every
// other level "warning". Overridable entry by entry.
struct SeverityMap {
    std::vector<std::pair<int, int>> levels{{10, 7}, {20, 6}, {30, 4}, {40, 3}, {50, 2}};
    int otherwise = 4;
    int severity(int level) const noexcept;
};

struct MessageOptions {
    Format format = Format::Rfc5424;
    int facility = 1;  // LOG_USER; 0..23
    SeverityMap severities;
    std::string hostname;          // 5424/3164 HOSTNAME; "" gives the NILVALUE "-" (5424) or none (3164)
    std::string app_name;          // 5424 APP-NAME / 3164 TAG; "" gives "-" (5424) or none (3164)
    std::string msgid;             // 5424 MSGID; "" gives "-"
    std::string ident;             // Bare: prepended to the message, as Python's ident
    std::string sd_id = "fields";  // the SD-ID carrying the record's structured fields
    bool append_nul = false;       // a NUL after the message, as Python's append_nul
};

// Throws Error(kInvalid) naming the bad option (facility out of range, a
// severity outside 0..7, an SD-ID that is not an SD-NAME).
void validate(const MessageOptions& options);

// Formats one record. Keeps the last second's timestamp text, so it is not
// thread-safe: one per sender.
class MessageFormatter {
public:
    explicit MessageFormatter(MessageOptions options);
    const MessageOptions& options() const noexcept { return options_; }

    // Appends the message for `record`, whose formatted text is `text`
    // (the handler's formatter output), to `out`.
    void format(const Record& record, std::string_view text, std::string& out);
    // The message of a record at `level` with text `text` and no fields,
    // stamped now (the handler's own reports).
    void format_note(int level, std::string_view text, std::string& out);

private:
    void header_5424(const Record& record, int pri, std::string& out);
    void header_3164(const Record& record, int pri, std::string& out);
    // The header's fields after the timestamp, which change only with the
    // process id (a fork): built once, appended whole.
    const std::string& fields_after_stamp(int64_t process_id);
    MessageOptions options_;
    int64_t cached_second_ = INT64_MIN;
    bool cached_utc_ = false;
    char cached_stamp_[80] = {};
    size_t cached_stamp_size_ = 0;
    bool fields_cached_ = false;
    int64_t cached_pid_ = 0;
    std::string cached_fields_;
};

// RFC 5424 PARAM-VALUE escaping: '"', '\' and ']' get a backslash; invalid
// UTF-8 becomes U+FFFD (the value must be UTF-8).
void append_sd_value(std::string_view value, std::string& out);
// An SD-NAME (SD-ID or PARAM-NAME): 1..32 printable US-ASCII characters
// other than '=', ' ', ']' and '"'; others become '_', an empty name "_".
void append_sd_name(std::string_view name, std::string& out);
// A header field: printable US-ASCII (33..126), others '_', at most `max`
// bytes; an empty field is the NILVALUE "-".
void append_header_field(std::string_view field, size_t max, std::string& out);

// The longest prefix of `text` of at most `max` bytes that does not end
// inside a UTF-8 sequence.
size_t utf8_prefix(std::string_view text, size_t max) noexcept;

// Appends `message` to `out` framed for a stream.
void frame(Framing framing, std::string_view message, std::string& out);

}  // namespace picolog::syslog
