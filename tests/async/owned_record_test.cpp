// owned_record_test.cpp - a record survives encoding into one block whole:
// every string, NUL bytes in the message, fields, numbers.
#include "picolog/async/owned_record.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace {

using picolog::Field;
using picolog::Record;
namespace async = picolog::async;

Record roundtrip(const Record& in, std::unique_ptr<std::byte[]>& block, std::vector<Field>& fields) {
    size_t n = async::encoded_size(in);
    EXPECT_GT(n, 0u);
    block.reset(new std::byte[n]);
    async::encode(in, block.get());
    return async::decode(block.get(), fields);
}

// Strings are copied by length class (0, 1-3, 4-7, 8-16, 17-32, 33-64,
// 65-128, longer): every length up to 130 survives, in every member, with the NUL
// after it and nothing written past the block.
TEST(OwnedRecord, EveryStringLengthSurvives) {
    std::string text;
    for (int i = 0; i < 130; ++i) text.push_back(static_cast<char>('A' + i % 26));
    for (size_t n = 0; n <= text.size(); ++n) {
        const std::string s = text.substr(0, n);
        const std::string other = text.substr(text.size() - n);
        Record in;
        in.message = s;
        in.logger_name = other;
        in.thread_name = s;
        in.file = other;
        const size_t size = async::encoded_size(in);
        std::unique_ptr<std::byte[]> block(new std::byte[size + 1]);
        block[size] = std::byte{0x5a};
        async::encode(in, block.get());
        EXPECT_EQ(block[size], std::byte{0x5a}) << "length " << n;
        std::vector<Field> fields;
        Record out = async::decode(block.get(), fields);
        EXPECT_EQ(out.message, s) << "length " << n;
        EXPECT_EQ(out.logger_name, other) << "length " << n;
        EXPECT_EQ(out.thread_name, s) << "length " << n;
        EXPECT_EQ(out.file, other) << "length " << n;
        EXPECT_EQ(out.thread_name.data()[n], '\0') << "length " << n;
    }
}

TEST(OwnedRecord, EveryMemberSurvives) {
    const std::string message("multi\0part message", 18);
    const Field in_fields[] = {{"user", "alice"}, {"empty", ""}, {"k", "v with spaces"}};
    Record in;
    in.level = 42;
    in.logger_name = "app.db";
    in.message = message;
    in.created_ns = 1234567890123456789;
    in.thread_id = 77;
    in.thread_name = "worker-1";
    in.process_id = 4242;
    in.file = "src/db.cpp";
    in.line = 99;
    in.func = "connect";
    in.exc_text = "Traceback...";
    in.stack_text = "stack";
    in.fields = in_fields;

    std::unique_ptr<std::byte[]> block;
    std::vector<Field> fields;
    Record out = roundtrip(in, block, fields);
    EXPECT_EQ(out.level, 42);
    EXPECT_EQ(out.logger_name, "app.db");
    EXPECT_EQ(out.message, message);
    EXPECT_EQ(out.created_ns, in.created_ns);
    EXPECT_EQ(out.thread_id, 77u);
    EXPECT_EQ(out.thread_name, "worker-1");
    EXPECT_EQ(out.process_id, 4242);
    EXPECT_EQ(out.file, "src/db.cpp");
    EXPECT_EQ(out.line, 99);
    EXPECT_EQ(out.func, "connect");
    EXPECT_EQ(out.exc_text, "Traceback...");
    EXPECT_EQ(out.stack_text, "stack");
    ASSERT_EQ(out.fields.size(), 3u);
    EXPECT_EQ(out.fields[0].key, "user");
    EXPECT_EQ(out.fields[0].value, "alice");
    EXPECT_EQ(out.fields[1].value, "");
    EXPECT_EQ(out.fields[2].value, "v with spaces");
    ASSERT_NE(out.find_field("k"), nullptr);
    // NUL-terminated, as Record promises for everything but the message.
    EXPECT_EQ(out.logger_name.data()[out.logger_name.size()], '\0');
    EXPECT_EQ(out.fields[2].key.data()[1], '\0');
    EXPECT_EQ(out.stack_text.data()[out.stack_text.size()], '\0');
}

TEST(OwnedRecord, EmptyRecordIsSmallAndValid) {
    Record in;
    std::unique_ptr<std::byte[]> block;
    std::vector<Field> fields{{"stale", "entry"}};
    Record out = roundtrip(in, block, fields);
    EXPECT_TRUE(out.message.empty());
    EXPECT_TRUE(out.logger_name.empty());
    EXPECT_TRUE(out.fields.empty());
    EXPECT_LT(async::encoded_size(in), 128u);
}

TEST(OwnedRecord, SizeGrowsWithEveryString) {
    Record r;
    size_t base = async::encoded_size(r);
    r.message = "12345";
    EXPECT_EQ(async::encoded_size(r), base + 5);
    const Field f[] = {{"ab", "cde"}};
    r.fields = f;
    EXPECT_EQ(async::encoded_size(r), base + 5 + 2 + 3 + 2 + 8);
}

TEST(OwnedRecord, LargeMessageIsCopiedWhole) {
    std::string message(3 << 20, 'x');
    for (size_t i = 0; i < message.size(); i += 4096) message[i] = static_cast<char>('a' + i % 26);
    Record in;
    in.message = message;
    std::unique_ptr<std::byte[]> block;
    std::vector<Field> fields;
    Record out = roundtrip(in, block, fields);
    EXPECT_EQ(out.message, message);
}

}  // namespace
