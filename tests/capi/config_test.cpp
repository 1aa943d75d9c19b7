// config_test.cpp - configuration through picolog.h: directives, files in
// both formats, errors as status codes with the bad value's path, reload and
// reload on SIGHUP.
#include <signal.h>

#include <thread>

#include "capi_test_util.hpp"

namespace {

using capi_test::read_file;
using capi_test::unique_name;

std::string last_error() {
    return picolog_last_error();
}

TEST(ConfigCApi, ReloadBeforeAnyFileIsABadState) {
    EXPECT_EQ(picolog_reload(), PICOLOG_ESTATE);
    EXPECT_NE(last_error().find("no configuration file"), std::string::npos);
}

TEST(ConfigCApi, ApplyDirectives) {
    std::string name = unique_name();
    std::string text = name + "::db=error, " + name + "=debug";
    EXPECT_EQ(picolog_apply_directives(text.c_str()), PICOLOG_OK);
    picolog_logger* db = nullptr;
    ASSERT_EQ(picolog_get_logger(&db, (name + ".db").c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_level(db), PICOLOG_ERROR);
    EXPECT_EQ(picolog_apply_directives(nullptr), PICOLOG_OK);
}

TEST(ConfigCApi, BadDirectivesAreSkippedAndCounted) {
    std::vector<std::string> hooked;
    picolog_set_error_hook([](const char* message,
                              void* out) { static_cast<std::vector<std::string>*>(out)->push_back(message); },
                           &hooked);
    std::string name = unique_name();
    EXPECT_EQ(picolog_apply_directives((name + "=loud," + name + ".x=info").c_str()), PICOLOG_EINVAL);
    picolog_set_error_hook(nullptr, nullptr);
    EXPECT_EQ(last_error(), "picolog_apply_directives: 1 bad entry skipped; the first, '" + name +
                                "=loud': unknown level 'loud'");
    ASSERT_EQ(hooked.size(), 1u);
    picolog_logger* x = nullptr;
    ASSERT_EQ(picolog_get_logger(&x, (name + ".x").c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_level(x), PICOLOG_INFO);
}

TEST(ConfigCApi, ConfigureTextAndErrors) {
    test_support::TempDir dir;
    std::string name = unique_name(), log = dir.file("c.log");
    std::string toml =
        "version = 1\ndisable_existing_loggers = false\n[handlers.f]\nclass = \"file\"\nfilename = \"" + log +
        "\"\n[loggers.\"" + name + "\"]\nhandlers = [\"f\"]\nlevel = \"INFO\"\n";
    ASSERT_EQ(picolog_configure(toml.data(), toml.size(), PICOLOG_CONFIG_TOML), PICOLOG_OK) << last_error();
    picolog_logger* logger = nullptr;
    ASSERT_EQ(picolog_get_logger(&logger, name.c_str()), PICOLOG_OK);
    picolog_log(logger, PICOLOG_INFO, "configured from C");
    picolog_flush_all();
    EXPECT_EQ(read_file(log), "configured from C\n");

    std::string bad =
        R"({"version": 1, "handlers": {"file": {"class": "file", "filename": "x", "buffer_size": "1k"}}})";
    EXPECT_EQ(picolog_configure(bad.data(), bad.size(), PICOLOG_CONFIG_AUTO), PICOLOG_EINVAL);
    EXPECT_EQ(last_error(),
              "picolog_configure: handlers.file.buffer_size: expected an integer, got a string");
    EXPECT_EQ(picolog_configure(bad.data(), bad.size(), 7), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_configure(nullptr, 3, PICOLOG_CONFIG_JSON), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_configure_file(nullptr), PICOLOG_EINVAL);
    EXPECT_EQ(picolog_configure_file(dir.file("none.json").c_str()), PICOLOG_EIO);
}

TEST(ConfigCApi, ReloadOnSighup) {
    test_support::TempDir dir;
    std::string name = unique_name(), path = dir.file("hup.json");
    auto write = [&](const char* level) {
        std::ofstream(path) << R"({"version": 1, "disable_existing_loggers": false, "loggers": {")" << name
                            << R"(": {"level": ")" << level << R"("}}})";
    };
    write("INFO");
    ASSERT_EQ(picolog_configure_file(path.c_str()), PICOLOG_OK) << last_error();
    picolog_logger* logger = nullptr;
    ASSERT_EQ(picolog_get_logger(&logger, name.c_str()), PICOLOG_OK);
    EXPECT_EQ(picolog_logger_level(logger), PICOLOG_INFO);
    write("ERROR");
    ASSERT_EQ(picolog_reload(), PICOLOG_OK) << last_error();
    EXPECT_EQ(picolog_logger_level(logger), PICOLOG_ERROR);

    ASSERT_EQ(picolog_reload_on_sighup(1), PICOLOG_OK) << last_error();
    write("CRITICAL");
    ::raise(SIGHUP);
    // The reload thread applies it; the test's watchdog ends a hang.
    while (picolog_logger_level(logger) != PICOLOG_CRITICAL) std::this_thread::yield();
    ASSERT_EQ(picolog_reload_on_sighup(0), PICOLOG_OK);
}

}  // namespace
