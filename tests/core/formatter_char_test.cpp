// formatter_char_test.cpp - '%c' and '{:c}' of an integer field: the
// character of that code point, padded as Python pads it. Expected strings
// were checked against CPython.
#include <gtest/gtest.h>

#include "formatter_test_util.hpp"

namespace picolog::test {
namespace {

class CharFormat : public ::testing::Test {
protected:
    void SetUp() override { use_utc(); }
    SampleRecord s;
};

TEST_F(CharFormat, PercentStyleIgnoresFlagsAndPrecisionButNotWidth) {
    EXPECT_EQ(percent("%(levelno)c|%(lineno)c|%(lineno)lc", s.record), "\x14|*|*");
    EXPECT_EQ(percent("[%(lineno)5c][%(lineno)-5c][%(lineno)05c][%(lineno)+#.3c][%(lineno) 3.0c]", s.record),
              "[    *][*    ][    *][*][  *]");
}

TEST_F(CharFormat, BraceStyleAlignsAsANumber) {
    EXPECT_EQ(brace("{lineno:c}|{lineno:5c}|{lineno:<5c}|{lineno:05c}|{lineno:x^5c}|{lineno:=5c}|{lineno:0c}",
                    s.record),
              "*|    *|*    |0000*|xx*xx|    *|*");
}

TEST_F(CharFormat, CodePointsBeyondAsciiAreWrittenInUtf8) {
    s.record.line = 0xE9;
    s.record.process_id = 0x1F600;
    EXPECT_EQ(percent("%(lineno)3c|%(process)c", s.record), "  \xc3\xa9|\xf0\x9f\x98\x80");
    EXPECT_EQ(brace("{lineno:<3c}|{process:c}", s.record), "\xc3\xa9  |\xf0\x9f\x98\x80");
}

TEST_F(CharFormat, ValuesThatAreNoCharacterWriteTheReplacementCharacter) {
    for (int line : {-1, 0xD800, 0xDFFF, 0x110000}) {
        s.record.line = line;
        EXPECT_EQ(percent("%(lineno)c", s.record), "\xef\xbf\xbd") << line;
        EXPECT_EQ(brace("{lineno:2c}", s.record), " \xef\xbf\xbd") << line;
    }
}

}  // namespace
}  // namespace picolog::test
