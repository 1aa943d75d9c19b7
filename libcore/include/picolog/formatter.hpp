// formatter.hpp - turning a Record into text.
//
// A pattern is compiled once, at construction, into a list of steps; format()
// walks the steps and appends to a caller-owned buffer, so formatting an
// ordinary record allocates nothing once the buffer has grown.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "picolog/record.hpp"
#include "picolog/ref.hpp"

namespace picolog {

enum class FormatStyle { Percent, Brace };

class Formatter : public RefCounted {
public:
    // Appends the formatted record to `out` (no trailing newline).
    virtual void format(const Record& record, std::string& out) const = 0;
};

// Python's logging.Formatter. Throws Error(kBadFormat) for a malformed
// pattern or an unknown standard field spelled with a type other than 's'
// ("%(lineno)d" is checked against the fields that are numbers); unknown names
// formatted as strings are looked up among the record's structured fields.
// datefmt empty means Python's default asctime ("2026-01-02 03:04:05,678").
class PatternFormatter final : public Formatter {
public:
    explicit PatternFormatter(std::string_view fmt = "%(message)s", std::string_view datefmt = {},
                              FormatStyle style = FormatStyle::Percent);
    ~PatternFormatter() override;
    void format(const Record& record, std::string& out) const override;

    // Whether the pattern mentions asctime (Python's usesTime()).
    bool uses_time() const noexcept;

    struct Compiled;  // the step list; defined in formatter.cpp

private:
    std::unique_ptr<Compiled> compiled_;
};

// One JSON object per record; see picolog_json_formatter_new.
class JsonFormatter final : public Formatter {
public:
    void format(const Record& record, std::string& out) const override;
};

// The shared "%(message)s" formatter used by handlers that have none.
const Ref<const Formatter>& default_formatter();

}  // namespace picolog
