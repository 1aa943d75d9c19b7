// syslog_format_test.cpp - the syslog wire format: RFC 5424 headers and
// SD-ELEMENT escaping, RFC 3164, Python's bare form, the severity map,
// UTF-8 truncation and RFC 6587 framing.
#include "picolog/syslog_format.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include "picolog/error.hpp"

namespace picolog::syslog {
namespace {

// 2026-01-02T03:04:05.678901Z
constexpr int64_t kWhen = 1767323045678901234;

Record record(int level, std::string_view msg, std::span<const Field> fields = {}) {
    Record r;
    r.level = level;
    r.logger_name = "app";
    r.message = msg;
    r.created_ns = kWhen;
    r.process_id = 4242;
    r.thread_id = 1;
    r.thread_name = "main";
    r.fields = fields;
    return r;
}

std::string format(const MessageOptions& o, const Record& r) {
    MessageFormatter f(o);
    std::string out;
    f.format(r, r.message, out);
    return out;
}

MessageOptions rfc5424() {
    MessageOptions o;
    o.hostname = "host1";
    o.app_name = "svc";
    return o;
}

TEST(SyslogFormat, Rfc5424HeaderWithoutFields) {
    EXPECT_EQ(format(rfc5424(), record(20, "hello world")),
              "<14>1 2026-01-02T03:04:05.678901Z host1 svc 4242 - - hello world");
}

TEST(SyslogFormat, Rfc5424NilValuesAndNoMessage) {
    MessageOptions o;
    Record r = record(40, "");
    r.process_id = 0;
    EXPECT_EQ(format(o, r), "<11>1 2026-01-02T03:04:05.678901Z - - - - -");
}

TEST(SyslogFormat, Rfc5424MsgIdAndFacility) {
    MessageOptions o = rfc5424();
    o.msgid = "ID47";
    o.facility = 16;  // local0
    EXPECT_EQ(format(o, record(50, "x")), "<130>1 2026-01-02T03:04:05.678901Z host1 svc 4242 ID47 - x");
}

TEST(SyslogFormat, OneFormatterFollowsTheProcessIdAndTheClock) {
    // A formatter keeps the parts of its header that rarely change: a child
    // after fork (another process id) and a later second still get theirs.
    for (MessageOptions o : {rfc5424(), [] {
                                 MessageOptions m = rfc5424();
                                 m.format = Format::Rfc3164;
                                 return m;
                             }()}) {
        MessageFormatter f(o);
        Record r = record(20, "m");
        std::string first, child, later, parent;
        f.format(r, r.message, first);
        r.process_id = 77;
        f.format(r, r.message, child);
        r.created_ns += 61'000'000'000 + 5'000;  // 61 s and 5 us later
        f.format(r, r.message, later);
        r.process_id = 0;
        f.format(r, r.message, parent);
        if (o.format == Format::Rfc5424) {
            EXPECT_EQ(first, "<14>1 2026-01-02T03:04:05.678901Z host1 svc 4242 - - m");
            EXPECT_EQ(child, "<14>1 2026-01-02T03:04:05.678901Z host1 svc 77 - - m");
            EXPECT_EQ(later, "<14>1 2026-01-02T03:05:06.678906Z host1 svc 77 - - m");
            EXPECT_EQ(parent, "<14>1 2026-01-02T03:05:06.678906Z host1 svc - - - m");
        } else {
            EXPECT_NE(first.find(" host1 svc[4242]: m"), std::string::npos) << first;
            EXPECT_NE(child.find(" host1 svc[77]: m"), std::string::npos) << child;
            EXPECT_NE(later.find(":06 host1 svc[77]: m"), std::string::npos) << later;
            EXPECT_NE(parent.find(":06 host1 svc: m"), std::string::npos) << parent;
        }
    }
}

TEST(SyslogFormat, StructuredFieldsAreOneEscapedSdElement) {
    Field fields[] = {{"user", "a\"b"}, {"path", "C:\\x"}, {"arr", "[1]"}, {"plain", "ok"}};
    EXPECT_EQ(format(rfc5424(), record(30, "m", fields)),
              "<12>1 2026-01-02T03:04:05.678901Z host1 svc 4242 - "
              "[fields user=\"a\\\"b\" path=\"C:\\\\x\" arr=\"[1\\]\" plain=\"ok\"] m");
}

TEST(SyslogFormat, SdNamesAreSanitisedAndCapped) {
    std::string out;
    append_sd_name("a b=c]d\"e\xC3\xA9", out);
    EXPECT_EQ(out, "a_b_c_d_e__");
    out.clear();
    append_sd_name(std::string(40, 'k'), out);
    EXPECT_EQ(out, std::string(32, 'k'));
    out.clear();
    append_sd_name("", out);
    EXPECT_EQ(out, "_");
}

TEST(SyslogFormat, SdValuesKeepUtf8AndReplaceStrayBytes) {
    std::string out;
    append_sd_value("caf\xC3\xA9 \xFF end", out);
    EXPECT_EQ(out, "caf\xC3\xA9 \xEF\xBF\xBD end");
}

TEST(SyslogFormat, HeaderFieldsArePrintableAsciiAndCapped) {
    MessageOptions o;
    o.hostname = "my host";
    o.app_name = std::string(60, 'a');
    o.msgid = "m\xC3\xA9";
    std::string out = format(o, record(20, "x"));
    EXPECT_EQ(out, "<14>1 2026-01-02T03:04:05.678901Z my_host " + std::string(48, 'a') + " 4242 m__ - x");
}

TEST(SyslogFormat, Rfc3164LocalTimeWithSpacePaddedDay) {
    setenv("TZ", "UTC", 1);
    tzset();
    MessageOptions o = rfc5424();
    o.format = Format::Rfc3164;
    EXPECT_EQ(format(o, record(20, "hello")), "<14>Jan  2 03:04:05 host1 svc[4242]: hello");
    o.app_name.clear();
    o.hostname.clear();
    EXPECT_EQ(format(o, record(10, "hello")), "<15>Jan  2 03:04:05 hello");
}

TEST(SyslogFormat, Rfc3164TagHoldsNoDelimiter) {
    // Receivers end the TAG at ':' (the content follows) or '[' (the PID):
    // an app name holding them would lose its PID and part of itself.
    setenv("TZ", "UTC", 1);
    tzset();
    MessageOptions o = rfc5424();
    o.format = Format::Rfc3164;
    o.app_name = "svc:worker[2]";
    EXPECT_EQ(format(o, record(20, "hello")), "<14>Jan  2 03:04:05 host1 svc_worker_2_[4242]: hello");
}

TEST(SyslogFormat, BareMatchesPythonsSysLogHandler) {
    // logging.handlers.SysLogHandler: "<PRI>" + ident + msg + "\0".
    MessageOptions o;
    o.format = Format::Bare;
    o.append_nul = true;
    EXPECT_EQ(format(o, record(30, "disk full")), std::string("<12>disk full\0", 14));
    o.ident = "app: ";
    o.append_nul = false;
    EXPECT_EQ(format(o, record(10, "x")), "<15>app: x");
}

TEST(SyslogFormat, PythonSeverityMapAndOverrides) {
    SeverityMap m;
    EXPECT_EQ(m.severity(10), 7);
    EXPECT_EQ(m.severity(20), 6);
    EXPECT_EQ(m.severity(30), 4);
    EXPECT_EQ(m.severity(40), 3);
    EXPECT_EQ(m.severity(50), 2);
    EXPECT_EQ(m.severity(25), 4);  // Python: an unknown level name is "warning"
    EXPECT_EQ(m.severity(0), 4);
    m.levels.push_back({25, 5});
    m.levels[0].second = 6;
    EXPECT_EQ(m.severity(25), 5);
    EXPECT_EQ(m.severity(10), 6);
}

TEST(SyslogFormat, InvalidOptionsAreRefused) {
    MessageOptions o;
    o.facility = 24;
    EXPECT_THROW(validate(o), Error);
    o.facility = 1;
    o.severities.otherwise = 8;
    EXPECT_THROW(validate(o), Error);
    o.severities.otherwise = 4;
    o.sd_id = "has space";
    EXPECT_THROW(validate(o), Error);
    o.sd_id = "";
    EXPECT_THROW(validate(o), Error);
    o.sd_id = "meta@32473";
    EXPECT_NO_THROW(validate(o));
    try {
        o.facility = -1;
        validate(o);
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), kInvalid);
        EXPECT_NE(std::string(e.what()).find("facility"), std::string::npos);
    }
}

TEST(SyslogFormat, Utf8PrefixNeverSplitsASequence) {
    const std::string s =
        "ab\xE2\x82\xAC"
        "cd";  // "ab€cd"
    EXPECT_EQ(utf8_prefix(s, 100), s.size());
    EXPECT_EQ(utf8_prefix(s, 5), 5u);
    EXPECT_EQ(utf8_prefix(s, 4), 2u);
    EXPECT_EQ(utf8_prefix(s, 3), 2u);
    EXPECT_EQ(utf8_prefix(s, 2), 2u);
    EXPECT_EQ(utf8_prefix(s, 0), 0u);
}

TEST(SyslogFormat, Rfc6587Framing) {
    std::string out;
    frame(Framing::OctetCounting, "<14>1 - - - - - a\nb", out);
    EXPECT_EQ(out, "19 <14>1 - - - - - a\nb");
    out.clear();
    frame(Framing::Lf, "m", out);
    EXPECT_EQ(out, "m\n");
    out.clear();
    frame(Framing::None, "m", out);
    EXPECT_EQ(out, "m");
}

TEST(SyslogFormat, NoteIsStampedNow) {
    MessageFormatter f(rfc5424());
    std::string out;
    f.format_note(30, "picolog: 3 records dropped", out);
    EXPECT_EQ(out.rfind("<12>1 ", 0), 0u);
    EXPECT_NE(out.find(" - picolog: 3 records dropped"), std::string::npos);
}

}  // namespace
}  // namespace picolog::syslog
