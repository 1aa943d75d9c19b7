// formatter_fuzz.cpp - the pattern formatter's compiler and renderer: any
// pattern either compiles or is refused with Error(kBadFormat), and a
// compiled pattern renders any record, the same way every time.
//
// Input: one flag byte (bit 0: brace style), then fields separated by 0x1f:
// the pattern, the date format, then a record (fuzz_record.hpp).
#include <string>

#include "fuzz_record.hpp"
#include "picolog/error.hpp"
#include "picolog/formatter.hpp"

namespace {

std::string render(const picolog::Formatter& f, const picolog::Record& r) {
    std::string out;
    f.format(r, out);
    return out;
}

// A pattern with no field in it is its own output (after unescaping).
bool is_literal(std::string_view fmt, picolog::FormatStyle style) {
    return style == picolog::FormatStyle::Percent ? fmt.find('%') == std::string_view::npos
                                                  : fmt.find_first_of("{}") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    auto style = (data[0] & 1) ? picolog::FormatStyle::Brace : picolog::FormatStyle::Percent;
    fuzz::Fields in(data + 1, size - 1);
    std::string_view fmt = in.next();
    std::string_view datefmt = in.next();
    fuzz::OwnedRecord owned;
    owned.read(in);
    const picolog::Record& record = owned.record;

    picolog::Ref<picolog::PatternFormatter> formatter;
    try {
        formatter = picolog::Ref<picolog::PatternFormatter>::adopt(
            new picolog::PatternFormatter(fmt, datefmt, style));
    } catch (const picolog::Error& e) {
        FUZZ_CHECK(e.code() == picolog::kBadFormat);
        FUZZ_CHECK(std::string_view(e.what()).size() > 0);
        return 0;
    }

    // Rendering appends: what the buffer held stays in front.
    std::string out = "kept";
    formatter->format(record, out);
    FUZZ_CHECK(out.compare(0, 4, "kept") == 0);
    std::string first = out.substr(4);

    // An empty record, then the first again: no state (the per-thread time
    // cache, the handler's buffer) leaks from one record into the next.
    picolog::Record empty;
    render(*formatter, empty);
    picolog::Record shifted = record;
    shifted.created_ns ^= int64_t{1} << 40;  // another second, another cache entry
    render(*formatter, shifted);
    // Another formatter's time text for the same second sits in the same
    // per-thread cache.
    static const picolog::PatternFormatter other("%(asctime)s", "%S %j");
    render(other, record);
    FUZZ_CHECK(render(*formatter, record) == first);

    if (is_literal(fmt, style) && record.exc_text.empty() && record.stack_text.empty())
        FUZZ_CHECK(first == fmt);
    return 0;
}
