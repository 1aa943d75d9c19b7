// journald_format_test.cpp - the journal's native protocol: field names,
// the plain and the binary-safe (length-prefixed) forms as the protocol
// documentation shows them, and a record's entry.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "picolog/journald.hpp"

namespace picolog::journald {
namespace {

TEST(JournaldFormat, FieldNamesAreValidJournalKeys) {
    EXPECT_EQ(field_name("user_id"), "USER_ID");
    EXPECT_EQ(field_name("http.status-code"), "HTTP_STATUS_CODE");
    EXPECT_EQ(field_name("_trusted"), "TRUSTED");
    EXPECT_EQ(field_name("__"), "F_");
    EXPECT_EQ(field_name(""), "F_");
    EXPECT_EQ(field_name("3d"), "F_3D");
    EXPECT_EQ(field_name("caf\xC3\xA9"), "CAF__");
    EXPECT_EQ(field_name(std::string(80, 'a')), std::string(64, 'A'));
}

TEST(JournaldFormat, NoNameStartsWithAnUnderscore) {
    // journald ignores a client's field whose name starts with '_' (its
    // trusted fields): a key whose first characters become '_' loses them.
    EXPECT_EQ(field_name("-x"), "X");
    EXPECT_EQ(field_name(".request.id"), "REQUEST_ID");
    EXPECT_EQ(field_name("_.x"), "X");
    EXPECT_EQ(field_name("\xC3\xA9t\xC3\xA9"), "T__");
    EXPECT_EQ(field_name("\xC3\xA9"), "F_");
    EXPECT_EQ(field_name("-3d"), "F_3D");
    EXPECT_EQ(field_name("." + std::string(80, 'a')), std::string(64, 'A'));
}

TEST(JournaldFormat, PlainFieldIsKeyEqualsValueNewline) {
    std::string out;
    append_field("PRIORITY", "4", out);
    EXPECT_EQ(out, "PRIORITY=4\n");
}

TEST(JournaldFormat, MultiLineValueUsesTheLengthPrefixedForm) {
    // The protocol's example: the name, a newline, the size as a 64-bit
    // little-endian integer, the value, a newline.
    std::string out;
    append_field("MESSAGE", "foo\nbar", out);
    EXPECT_EQ(out, std::string("MESSAGE\n\x07\0\0\0\0\0\0\0foo\nbar\n", 8 + 8 + 7 + 1));
}

TEST(JournaldFormat, EntryCarriesTheRecord) {
    Field fields[] = {{"request.id", "r-1"}, {"body", "a\nb"}};
    Record r;
    r.level = 40;
    r.logger_name = "app.db";
    r.file = "db.py";
    r.line = 42;
    r.func = "connect";
    r.thread_name = "main";
    r.fields = fields;
    EntryOptions o;
    o.identifier = "svc";
    o.facility = 16;
    std::string out;
    append_entry(o, r, "boom", out);
    EXPECT_EQ(out, std::string("MESSAGE=boom\nPRIORITY=3\nSYSLOG_FACILITY=16\nSYSLOG_IDENTIFIER=svc\n"
                               "CODE_FILE=db.py\nCODE_LINE=42\nCODE_FUNC=connect\nLOGGER=app.db\n"
                               "THREAD_NAME=main\nREQUEST_ID=r-1\nBODY\n\x03\0\0\0\0\0\0\0a\nb\n",
                               175));
}

TEST(JournaldFormat, AFieldNamedAsOneOfTheEntrysOwnGoesUnderItsOwnName) {
    // PRIORITY=4 and PRIORITY=high in one entry would give the field two
    // values; the structured field takes F_ in front instead.
    const std::string long_key(70, 'l');
    Field fields[] = {{"priority", "high"},           {"Message", "m2"}, {"code.line", "7"},
                      {"syslog_identifier", "other"}, {"errno", "5"},    {long_key, "x"}};
    Record r;
    r.level = 30;
    r.logger_name = "app";
    r.line = 3;
    r.fields = fields;
    EntryOptions o;
    std::string out;
    append_entry(o, r, "m", out);
    EXPECT_EQ(out,
              "MESSAGE=m\nPRIORITY=4\nCODE_LINE=3\nLOGGER=app\nF_PRIORITY=high\nF_MESSAGE=m2\n"
              "F_CODE_LINE=7\nSYSLOG_IDENTIFIER=other\nERRNO=5\n" +
                  std::string(64, 'L') + "=x\n");
}

TEST(JournaldFormat, KeysThatBecomeOneNameAreEachSentUnderIt) {
    // journald keeps both as values of REQUEST_ID; neither key is dropped.
    Field fields[] = {{"request.id", "r-1"}, {"request_id", "r-2"}};
    Record r;
    r.level = 20;
    r.logger_name = "app";
    r.fields = fields;
    EntryOptions o;
    std::string out;
    append_entry(o, r, "m", out);
    EXPECT_EQ(out, "MESSAGE=m\nPRIORITY=6\nLOGGER=app\nREQUEST_ID=r-1\nREQUEST_ID=r-2\n");
}

TEST(JournaldFormat, EntryKeepsWithinJournaldsFieldLimit) {
    // journald ignores a whole entry of more than 1024 fields: the fields
    // past the limit are left out, and the entry says how many.
    std::vector<std::string> keys;
    for (int i = 0; i < 1100; ++i) keys.push_back("k" + std::to_string(i));
    std::vector<Field> fields;
    for (const std::string& k : keys) fields.push_back({k, "v"});
    Record r;
    r.level = 20;
    r.logger_name = "app";
    r.fields = fields;
    EntryOptions o;
    o.identifier = "svc";
    std::string out;
    append_entry(o, r, "m", out);
    // MESSAGE, PRIORITY, SYSLOG_IDENTIFIER and LOGGER, then 1019 fields and
    // the count of the 81 left out.
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1024);
    EXPECT_NE(out.find("\nK1018=v\nPICOLOG_FIELDS_DROPPED=81\n"), std::string::npos);
    EXPECT_EQ(out.find("\nK1019="), std::string::npos);
    // Within the limit nothing is left out.
    fields.resize(1020);
    r.fields = fields;
    out.clear();
    append_entry(o, r, "m", out);
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1024);
    EXPECT_NE(out.find("\nK1019=v\n"), std::string::npos);
    EXPECT_EQ(out.find("PICOLOG_FIELDS_DROPPED"), std::string::npos);
}

}  // namespace
}  // namespace picolog::journald
