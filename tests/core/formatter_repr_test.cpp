// formatter_repr_test.cpp - '%r' / '!r' escape what Python's repr() escapes:
// every code point str.isprintable() calls not printable, beyond ASCII as
// within it. Expected strings were checked against CPython 3.13.
#include <gtest/gtest.h>

#include "formatter_test_util.hpp"

namespace picolog::test {
namespace {

class ReprFormat : public ::testing::Test {
protected:
    void SetUp() override { use_utc(); }
    SampleRecord s;

    std::string repr_of(const std::string& text) {
        s.record.message = text;
        return percent("%(message)r", s.record);
    }
};

TEST_F(ReprFormat, ControlsFormatCharactersAndSeparatorsAreEscaped) {
    EXPECT_EQ(repr_of("\xc2\x85|\xc2\xa0|\xc2\xad"), "'\\x85|\\xa0|\\xad'");
    EXPECT_EQ(repr_of("\xe2\x80\x8b|\xe2\x80\xa8|\xe3\x80\x80|\xef\xbb\xbf"),
              "'\\u200b|\\u2028|\\u3000|\\ufeff'");
    EXPECT_EQ(repr_of("\xf3\xa0\x80\x81"), "'\\U000e0001'");
}

TEST_F(ReprFormat, PrivateUseAndUnassignedCodePointsAreEscaped) {
    EXPECT_EQ(repr_of("\xee\x80\x80|\xef\xbf\xbe|\xcd\xb8"), "'\\ue000|\\ufffe|\\u0378'");
    EXPECT_EQ(repr_of("\xf4\x8f\xbf\xbf|\xf3\xb0\x80\x80"), "'\\U0010ffff|\\U000f0000'");
}

TEST_F(ReprFormat, LettersMarksAndSymbolsAreWrittenAsTheyAre) {
    const std::string printable = "caf\xc3\xa9 e\xcc\x81 \xe4\xb8\xad \xf0\x9f\x98\x80 \xc2\xa1 \xef\xbf\xbd";
    EXPECT_EQ(repr_of(printable), "'" + printable + "'");
}

TEST_F(ReprFormat, AStrayByteIsTheSurrogatePythonDecodesItTo) {
    EXPECT_EQ(repr_of("a\x80z\xff"), "'a\\udc80z\\udcff'");
    s.record.message = "a\x80z\xff";
    EXPECT_EQ(brace("{message!a}", s.record), "'a\\udc80z\\udcff'");
}

TEST_F(ReprFormat, BraceStyleEscapesTheSame) {
    s.record.message = "\xc2\xa0x\xe2\x80\x8b";
    EXPECT_EQ(brace("{message!r:>15}|{message!a}", s.record), "  '\\xa0x\\u200b'|'\\xa0x\\u200b'");
}

}  // namespace
}  // namespace picolog::test
