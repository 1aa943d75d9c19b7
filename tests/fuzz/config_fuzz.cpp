// config_fuzz.cpp - libFuzzer target for configuration text: the JSON and
// TOML adapters, environment references and the schema, through
// config::check (parse and validate, nothing built or changed), plus the
// level-directive parser. The first byte picks the format.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "picolog/config.hpp"
#include "picolog/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    auto format = data[0] % 3 == 0   ? picolog::config::Format::Json
                  : data[0] % 3 == 1 ? picolog::config::Format::Toml
                                     : picolog::config::Format::Auto;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        picolog::config::check(text, format);
    } catch (const picolog::Error&) {
        // Refusing bad text with a status is the expected outcome; anything
        // else escaping (another exception, a crash) is a finding.
    }
    picolog::config::parse_directives(text);
    return 0;
}
