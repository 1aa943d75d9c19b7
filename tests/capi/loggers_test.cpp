// loggers_test.cpp - looking up loggers, the hierarchy and logger settings.
#include <string>

#include "capi_test_util.hpp"

using namespace capi_test;

TEST(CapiLoggers, SameNameSameHandle) {
    std::string name = unique_name("x");
    picolog_logger *a = nullptr, *b = nullptr;
    ASSERT_EQ(picolog_get_logger(&a, name.c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_get_logger(&b, name.c_str()), PICOLOG_OK);
    EXPECT_NE(a, nullptr);
    EXPECT_EQ(a, b);
    EXPECT_EQ(std::string(picolog_logger_name(a)), name);
}

TEST(CapiLoggers, RootByNullEmptyAndName) {
    picolog_logger* root = picolog_root_logger();
    ASSERT_NE(root, nullptr);
    picolog_logger* l = nullptr;
    ASSERT_EQ(picolog_get_logger(&l, nullptr), PICOLOG_OK);
    EXPECT_EQ(l, root);
    ASSERT_EQ(picolog_get_logger(&l, ""), PICOLOG_OK);
    EXPECT_EQ(l, root);
    ASSERT_EQ(picolog_get_logger_len(&l, nullptr, 0), PICOLOG_OK);
    EXPECT_EQ(l, root);
    EXPECT_STREQ(picolog_logger_name(root), "root");
    EXPECT_EQ(picolog_logger_parent(root), nullptr);
}

TEST(CapiLoggers, ExplicitLengthNeedsNoTerminator) {
    std::string name = unique_name("abc");
    std::string padded = name + "GARBAGE";
    picolog_logger *a = nullptr, *b = nullptr;
    ASSERT_EQ(picolog_get_logger_len(&a, padded.data(), name.size()), PICOLOG_OK);
    ASSERT_EQ(picolog_get_logger(&b, name.c_str()), PICOLOG_OK);
    EXPECT_EQ(a, b);
}

TEST(CapiLoggers, BadNames) {
    picolog_logger* l = reinterpret_cast<picolog_logger*>(0x1);
    const char with_nul[] = "capi_test.nul\0name";
    EXPECT_EQ(picolog_get_logger_len(&l, with_nul, sizeof with_nul - 1), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_get_logger_len: logger name contains a NUL byte");
    EXPECT_EQ(l, nullptr);
    EXPECT_EQ(picolog_get_logger_len(&l, nullptr, 3), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_get_logger(nullptr, "x"), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_get_logger: out is NULL");
}

TEST(CapiLoggers, ParentsFollowPythonPlaceholders) {
    std::string base = unique_name();
    picolog_logger *abc = nullptr, *a = nullptr, *ab = nullptr;
    ASSERT_EQ(picolog_get_logger(&abc, (base + ".a.b.c").c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_get_logger(&a, (base + ".a").c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_parent(abc), a);
    ASSERT_EQ(picolog_get_logger(&ab, (base + ".a.b").c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_parent(abc), ab);
    EXPECT_EQ(picolog_logger_parent(ab), a);
}

TEST(CapiLoggers, LevelsAndEffectiveLevels) {
    std::string base = unique_name();
    picolog_logger *parent = nullptr, *child = nullptr;
    ASSERT_EQ(picolog_get_logger(&parent, base.c_str()), PICOLOG_OK);
    ASSERT_EQ(picolog_get_logger(&child, (base + ".child").c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_level(child), PICOLOG_NOTSET);
    EXPECT_EQ(picolog_logger_effective_level(child), picolog_logger_effective_level(picolog_root_logger()));
    ASSERT_EQ(picolog_logger_set_level(parent, PICOLOG_ERROR), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_level(parent), PICOLOG_ERROR);
    EXPECT_EQ(picolog_logger_effective_level(child), PICOLOG_ERROR);
    EXPECT_EQ(picolog_logger_is_enabled_for(child, PICOLOG_WARNING), 0);
    EXPECT_EQ(picolog_logger_is_enabled_for(child, PICOLOG_ERROR), 1);
    ASSERT_EQ(picolog_logger_set_level(child, PICOLOG_DEBUG), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_effective_level(child), PICOLOG_DEBUG);
    EXPECT_EQ(picolog_logger_is_enabled_for(child, PICOLOG_DEBUG), 1);
    ASSERT_EQ(picolog_logger_set_level(child, PICOLOG_NOTSET), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_effective_level(child), PICOLOG_ERROR);
}

TEST(CapiLoggers, RootStartsAtWarning) {
    EXPECT_EQ(picolog_logger_level(picolog_root_logger()), PICOLOG_WARNING);
}

TEST(CapiLoggers, PropagateAndDisabledFlags) {
    picolog_logger* l = nullptr;
    ASSERT_EQ(picolog_get_logger(&l, unique_name().c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_propagate(l), 1);
    EXPECT_EQ(picolog_logger_disabled(l), 0);
    ASSERT_EQ(picolog_logger_set_propagate(l, 0), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_propagate(l), 0);
    ASSERT_EQ(picolog_logger_set_propagate(l, 42), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_propagate(l), 1);
    ASSERT_EQ(picolog_logger_set_disabled(l, 1), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_disabled(l), 1);
    EXPECT_EQ(picolog_logger_is_enabled_for(l, PICOLOG_CRITICAL), 0);
    ASSERT_EQ(picolog_logger_set_disabled(l, 0), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_disabled(l), 0);
}

TEST(CapiLoggers, PropagationReachesAncestorHandlers) {
    Capture parent_capture, child_capture;
    picolog_logger* parent = test_logger("p", PICOLOG_INFO);
    picolog_logger* child = nullptr;
    ASSERT_EQ(picolog_get_logger(&child, (unique_name("p") + ".c").c_str()), PICOLOG_OK);
    Attached a(parent, parent_capture.handler());
    Attached b(child, child_capture.handler());
    ASSERT_EQ(picolog_log(child, PICOLOG_INFO, "both"), PICOLOG_OK);
    ASSERT_EQ(picolog_logger_set_propagate(child, 0), PICOLOG_OK);
    ASSERT_EQ(picolog_log(child, PICOLOG_INFO, "child only"), PICOLOG_OK);
    EXPECT_EQ(parent_capture.messages(), (std::vector<std::string>{"both"}));
    EXPECT_EQ(child_capture.messages(), (std::vector<std::string>{"both", "child only"}));
}

TEST(CapiLoggers, NullLoggerIsRejectedEverywhere) {
    EXPECT_EQ(picolog_logger_name(nullptr), nullptr);
    EXPECT_EQ(picolog_logger_parent(nullptr), nullptr);
    EXPECT_EQ(picolog_logger_set_level(nullptr, 10), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_level(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_effective_level(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_is_enabled_for(nullptr, PICOLOG_CRITICAL), 0);
    EXPECT_EQ(picolog_logger_threshold_ptr(nullptr), nullptr);
    EXPECT_EQ(picolog_logger_set_propagate(nullptr, 1), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_propagate(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_set_disabled(nullptr, 1), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_logger_disabled(nullptr), PICOLOG_EINVAL);
    EXPECT_STREQ(picolog_last_error(), "picolog_logger_disabled: logger is NULL");
}
