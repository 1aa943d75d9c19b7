// logging_test.cpp - the log calls: messages as bytes, record info, printf
// formatting and argument checks.
#include <string>
#include <thread>
#include <vector>

#include "capi_test_util.hpp"

using namespace capi_test;

TEST(CapiLogging, NulBytesWithExplicitLengthArriveIntact) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    const char bytes[] = "a\0b\0\0c";
    std::string message(bytes, sizeof bytes - 1);
    ASSERT_EQ(picolog_log_len(logger, PICOLOG_INFO, message.data(), message.size()), PICOLOG_OK);
    ASSERT_EQ(picolog_log_ex(logger, PICOLOG_INFO, message.data(), message.size(), nullptr), PICOLOG_OK);
    auto records = capture.records();
    ASSERT_EQ(records.size(), 2u);
    for (const auto& r : records) {
        EXPECT_EQ(r.message, message);
        EXPECT_EQ(r.line, message);  // the default formatter is %(message)s
    }
}

TEST(CapiLogging, InvalidUtf8PassesUnchanged) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    const std::string message = "bad \xff\xfe \xc3( \xed\xa0\x80 end";
    ASSERT_EQ(picolog_log(logger, PICOLOG_INFO, message.c_str()), PICOLOG_OK);
    ASSERT_EQ(capture.records().size(), 1u);
    EXPECT_EQ(capture.records()[0].message, message);
}

TEST(CapiLogging, NulTerminatedLengthMeansStrlen) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    ASSERT_EQ(picolog_log_len(logger, PICOLOG_INFO, "hello", PICOLOG_NUL_TERMINATED), PICOLOG_OK);
    ASSERT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "world", PICOLOG_NUL_TERMINATED, nullptr), PICOLOG_OK);
    ASSERT_EQ(picolog_log_len(logger, PICOLOG_INFO, "", 0), PICOLOG_OK);
    EXPECT_EQ(capture.messages(), (std::vector<std::string>{"hello", "world", ""}));
}

TEST(CapiLogging, BelowTheThresholdNothingHappens) {
    Capture capture;
    picolog_logger* logger = test_logger({}, PICOLOG_WARNING);
    Attached attached(logger, capture.handler());
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, "no"), PICOLOG_OK);
    EXPECT_EQ(picolog_logf(logger, PICOLOG_DEBUG, "no %d", 1), PICOLOG_OK);
    picolog_record_info bad_info = PICOLOG_RECORD_INFO_INIT;
    bad_info.version = 99;  // never looked at: the level check comes first
    EXPECT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "no", 2, &bad_info), PICOLOG_OK);
    EXPECT_TRUE(capture.records().empty());
}

TEST(CapiLogging, BadArgumentsAreEinval) {
    picolog_logger* logger = test_logger();
    EXPECT_EQ(picolog_log(nullptr, PICOLOG_INFO, "x"), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_log: logger is NULL");
    EXPECT_EQ(picolog_log(logger, PICOLOG_INFO, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_log: message is NULL");
    EXPECT_EQ(picolog_log(logger, -1, "x"), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_log: level -1 is negative");
    EXPECT_EQ(picolog_log_len(logger, PICOLOG_INFO, nullptr, 0), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_log_len: message is NULL");
    EXPECT_EQ(picolog_log_ex(logger, -20, "x", 1, nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logf(logger, PICOLOG_INFO, nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_logf: format is NULL");
    EXPECT_EQ(picolog_logf(nullptr, PICOLOG_INFO, "%d", 1), PICOLOG_EINVAL);
}

TEST(CapiLogging, RecordInfoIsChecked) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    picolog_record_info info = PICOLOG_RECORD_INFO_INIT;
    info.version = 2;
    EXPECT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "x", 1, &info), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(),
                 "picolog_log_ex: picolog_record_info version 2 is newer than this library's version 1");
    info.version = 0;
    EXPECT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "x", 1, &info), PICOLOG_EINVAL);

    info = PICOLOG_RECORD_INFO_INIT;
    info.field_count = 2;
    EXPECT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "x", 1, &info), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_log_ex: info->fields is NULL but info->field_count is 2");

    picolog_field fields[] = {{"k", "v"}, {nullptr, "v"}};
    info.fields = fields;
    EXPECT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "x", 1, &info), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_log_ex: info->fields[1].key is NULL");
    fields[1] = {"k2", nullptr};
    EXPECT_EQ(picolog_log_ex(logger, PICOLOG_INFO, "x", 1, &info), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_log_ex: info->fields[1].value is NULL (field \"k2\")");
    EXPECT_TRUE(capture.records().empty());
}

TEST(CapiLogging, LogfFormatsShortAndLongMessages) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    ASSERT_EQ(picolog_logf(logger, PICOLOG_INFO, "%s=%d", "answer", 42), PICOLOG_OK);
    std::string big(5000, 'z');
    ASSERT_EQ(picolog_logf(logger, PICOLOG_INFO, "[%s|%05d]", big.c_str(), 7), PICOLOG_OK);
    std::string exactly(511, 'e');  // 511 chars + NUL fill the stack buffer exactly
    ASSERT_EQ(picolog_logf(logger, PICOLOG_INFO, "%s", exactly.c_str()), PICOLOG_OK);
    std::string one_more(512, 'o');
    ASSERT_EQ(picolog_logf(logger, PICOLOG_INFO, "%s", one_more.c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_logf(logger, PICOLOG_INFO, "nul:%c:end", 0), PICOLOG_OK);
    EXPECT_EQ(capture.messages(), (std::vector<std::string>{"answer=42", "[" + big + "|00007]", exactly,
                                                            one_more, std::string("nul:\0:end", 9)}));
}

TEST(CapiLogging, LogAtRecordsTheCallSite) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    int line = __LINE__ + 1;
    PICOLOG_LOG_AT(logger, PICOLOG_WARNING, "here");
    PICOLOG_LOG_AT(logger, PICOLOG_TRACE - 1, "below the level");
    auto records = capture.records();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].message, "here");
    EXPECT_EQ(records[0].file, __FILE__);
    EXPECT_EQ(records[0].lineno, line);
    EXPECT_EQ(records[0].func, "TestBody");
    EXPECT_EQ(records[0].level, PICOLOG_WARNING);
}

TEST(CapiLogging, ManyThreadsLogThroughOneHandler) {
    Capture capture;
    picolog_logger* logger = test_logger();
    Attached attached(logger, capture.handler());
    constexpr int kThreads = 4, kEach = 500;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i)
                EXPECT_EQ(picolog_logf(logger, PICOLOG_INFO, "%d %d", t, i), PICOLOG_OK);
        });
    for (auto& t : threads) t.join();
    std::vector<int> next(kThreads, 0);
    for (const auto& m : capture.messages()) {
        int t = -1, i = -1;
        ASSERT_EQ(sscanf(m.c_str(), "%d %d", &t, &i), 2) << m;
        ASSERT_GE(t, 0);
        ASSERT_LT(t, kThreads);
        EXPECT_EQ(i, next[t]++);
    }
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(next[t], kEach);
}
