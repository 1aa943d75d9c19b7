// formatter_compile.cpp - parsing a pattern, in either of Python's two
// styles, into the step list of pattern.hpp. Every mistake Python would only
// find while formatting a record is an Error(kBadFormat) here instead.
#include <string>

#include "pattern.hpp"
#include "picolog/error.hpp"

namespace picolog::pattern {
namespace {

struct Named {
    std::string_view name;
    Source source;
};

constexpr Named kStandardFields[] = {
    {"name", Source::Name},
    {"levelno", Source::Levelno},
    {"levelname", Source::Levelname},
    {"pathname", Source::Pathname},
    {"filename", Source::Filename},
    {"module", Source::Module},
    {"lineno", Source::Lineno},
    {"funcName", Source::FuncName},
    {"created", Source::Created},
    {"msecs", Source::Msecs},
    {"relativeCreated", Source::RelativeCreated},
    {"thread", Source::Thread},
    {"threadName", Source::ThreadName},
    {"process", Source::Process},
    {"message", Source::Message},
    {"asctime", Source::Asctime},
    {"exc_text", Source::ExcText},
    {"stack_info", Source::StackInfo},
};

[[noreturn]] void bad(const std::string& what, std::string_view fmt) {
    throw Error(kBadFormat, "invalid format '" + std::string(fmt) + "': " + what);
}

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// Reads a decimal number at fmt[i]; -1 if there is none.
int read_number(std::string_view fmt, size_t& i) {
    if (i >= fmt.size() || !is_digit(fmt[i])) return -1;
    long n = 0;
    while (i < fmt.size() && is_digit(fmt[i])) {
        n = n * 10 + (fmt[i++] - '0');
        if (n > 100000) bad("a width or precision is too large", fmt);
    }
    return static_cast<int>(n);
}

bool is_int_type(char t) noexcept {
    return t == 'd' || t == 'b' || t == 'o' || t == 'x' || t == 'X' || t == 'c';
}
bool is_float_type(char t) noexcept {
    return t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%';
}

// Plain: the value is written as Python's str() would, with no padding.
bool is_plain(const Spec& spec) noexcept {
    return spec.width == 0 && spec.precision < 0 && spec.type == 0 && spec.sign == 0 && !spec.alternate &&
           spec.grouping == 0 && !spec.no_negative_zero && (spec.conversion == 0 || spec.conversion == 's');
}

std::string field_label(std::string_view name) {
    return "field '" + std::string(name) + "'";
}

// Checks a brace-style spec against the kind of its value and settles the
// fast path.
void finish_spec(Spec& spec, Kind kind, std::string_view name, std::string_view fmt) {
    if (spec.type == 'n') spec.type = kind == Kind::Float ? 'g' : 'd';
    if (kind != Kind::Text && spec.conversion != 0) spec.conversion = 's';  // repr of a number is its str
    bool as_text = kind == Kind::Text || spec.conversion != 0;
    if (as_text) {
        if (spec.type != 0 && spec.type != 's') {
            if (kind == Kind::Text)
                bad(field_label(name) + " is text; '" + std::string(1, spec.type) + "' needs a number", fmt);
            bad(field_label(name) + " is converted to text; '" + std::string(1, spec.type) +
                    "' needs a number",
                fmt);
        }
        if (spec.sign != 0 || spec.alternate || spec.grouping != 0 || spec.align == '=')
            bad(field_label(name) + ": sign, '#', grouping and '=' need a number", fmt);
        spec.type = 0;
    } else if (kind == Kind::Int) {
        if (spec.type == 's') bad(field_label(name) + " is a number; use '!s' to format it as text", fmt);
        if (spec.type == 'c' && spec.align == 0) spec.align = spec.zero ? '=' : '>';  // padded as a number
        if ((spec.type == 0 || is_int_type(spec.type)) && spec.precision >= 0)
            bad(field_label(name) + ": precision is not allowed with an integer type", fmt);
    } else {
        if (spec.type == 's') bad(field_label(name) + " is a number; use '!s' to format it as text", fmt);
        if (is_int_type(spec.type))
            bad(field_label(name) + " is a float; '" + std::string(1, spec.type) + "' needs an integer", fmt);
    }
    // '_' groups four digits of b, o, x and X; ',' is for decimals only.
    bool other_base = spec.type == 'b' || spec.type == 'o' || spec.type == 'x' || spec.type == 'X';
    if (spec.grouping != 0 && spec.type != 0 && spec.type != 'd' && !is_float_type(spec.type) &&
        !(other_base && spec.grouping == '_'))
        bad(field_label(name) + ": grouping needs a decimal type, or '_' with b, o, x or X", fmt);
    spec.plain = is_plain(spec);
}

void push_literal(std::vector<Step>& steps, std::string& literal) {
    if (literal.empty()) return;
    Step step;
    step.prefix = std::move(literal);
    steps.push_back(std::move(step));
    literal.clear();
}

void push_field(std::vector<Step>& steps, std::string_view name, Spec spec, std::string_view fmt) {
    Step step;
    step.source = source_of(name);
    if (step.source == Source::Structured) step.key.assign(name);
    finish_spec(spec, kind_of(step.source), name, fmt);
    step.spec = spec;
    steps.push_back(std::move(step));
}

// %(name)[flags][width][.precision][length]type, after "%(" at fmt[i].
void percent_field(std::vector<Step>& steps, std::string_view fmt, size_t& i) {
    size_t start = i - 2;
    size_t close = fmt.find(')', i);
    if (close == std::string_view::npos) bad("unterminated '%(' at offset " + std::to_string(start), fmt);
    std::string_view name = fmt.substr(i, close - i);
    if (name.empty()) bad("empty field name at offset " + std::to_string(start), fmt);
    i = close + 1;
    Spec spec;
    bool left = false;
    for (; i < fmt.size(); ++i) {
        char c = fmt[i];
        if (c == '-')
            left = true;
        else if (c == '0')
            spec.zero = true;
        else if (c == '+')
            spec.sign = '+';
        else if (c == ' ' && spec.sign == 0)
            spec.sign = ' ';
        else if (c == '#')
            spec.alternate = true;
        else if (c != ' ')
            break;
    }
    if (i < fmt.size() && fmt[i] == '*') bad("'*' widths are not supported", fmt);
    if (int w = read_number(fmt, i); w > 0) spec.width = w;
    if (i < fmt.size() && fmt[i] == '.') {
        ++i;
        int p = read_number(fmt, i);
        spec.precision = p < 0 ? 0 : p;
    }
    while (i < fmt.size() && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) ++i;
    if (i >= fmt.size()) bad("missing conversion type after %(" + std::string(name) + ")", fmt);
    char type = fmt[i++];
    Step step;
    step.source = source_of(name);
    if (step.source == Source::Structured) step.key.assign(name);
    Kind kind = kind_of(step.source);
    if (type == 's' || type == 'r' || type == 'a') {
        spec.conversion = kind == Kind::Text ? type : 's';  // repr of a number is its str
        spec.sign = 0;
        spec.alternate = false;
        spec.zero = false;
    } else if (type == 'c') {
        spec.type = 'c';  // chr() of an integer: flags and precision mean nothing to it
        spec.sign = 0;
        spec.alternate = false;
        spec.zero = false;
        spec.precision = -1;
    } else if (type == 'd' || type == 'i' || type == 'u') {
        spec.type = 'd';  // on a float it truncates, as Python's '%d'
    } else if (std::string_view("xXofFeEgG").find(type) != std::string_view::npos) {
        spec.type = type;
    } else {
        bad("unsupported conversion type '" + std::string(1, type) + "'", fmt);
    }
    if (kind == Kind::Text && spec.type != 0)
        bad(field_label(name) + " is text; '%" + std::string(1, type) + "' needs a number", fmt);
    if (kind == Kind::Float && spec.type != 'd' && is_int_type(spec.type))
        bad(field_label(name) + " is a float; '%" + std::string(1, type) + "' needs an integer", fmt);
    // Unlike the brace style, a precision on an integer is allowed here: it
    // is the minimum number of digits ("%(lineno).4d").
    if (left) spec.zero = false;
    spec.align = left ? '<' : (spec.zero ? '=' : '>');
    Spec as_str = spec;
    if (as_str.type == 'd') as_str.type = 0;  // a bare "%(lineno)d" prints as str() does
    spec.plain = is_plain(as_str);
    step.spec = spec;
    steps.push_back(std::move(step));
}

// [[fill]align][sign][z][#][0][width][grouping][.precision][type]
Spec parse_brace_spec(std::string_view spec_text, std::string_view fmt) {
    Spec spec;
    size_t i = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '=' || c == '^'; };
    if (spec_text.size() >= 2 && is_align(spec_text[1])) {
        spec.fill = spec_text[0];
        spec.align = spec_text[1];
        i = 2;
    } else if (!spec_text.empty() && is_align(spec_text[0])) {
        spec.align = spec_text[0];
        i = 1;
    }
    bool signed_spec = false;
    if (i < spec_text.size() && (spec_text[i] == '+' || spec_text[i] == '-' || spec_text[i] == ' ')) {
        spec.sign = spec_text[i] == '-' ? 0 : spec_text[i];
        signed_spec = true;
        ++i;
    }
    if (i < spec_text.size() && spec_text[i] == 'z') {
        spec.no_negative_zero = true;
        ++i;
    }
    if (i < spec_text.size() && spec_text[i] == '#') {
        spec.alternate = true;
        ++i;
    }
    if (i < spec_text.size() && spec_text[i] == '0') {
        spec.zero = true;
        ++i;
    }
    if (int w = read_number(spec_text, i); w > 0) spec.width = w;
    if (i < spec_text.size() && (spec_text[i] == ',' || spec_text[i] == '_')) spec.grouping = spec_text[i++];
    if (i < spec_text.size() && spec_text[i] == '.') {
        ++i;
        spec.precision = read_number(spec_text, i);
        if (spec.precision < 0) bad("a '.' in a format spec needs a precision", fmt);
    }
    if (i < spec_text.size()) {
        char t = spec_text[i++];
        constexpr std::string_view kTypes = "bcdeEfFgGnosxX%";
        if (kTypes.find(t) == std::string_view::npos)
            bad("unknown format code '" + std::string(1, t) + "'", fmt);
        spec.type = t;
    }
    if (i != spec_text.size()) bad("invalid format spec '" + std::string(spec_text) + "'", fmt);
    if (spec.type == 'c' && (signed_spec || spec.alternate))
        bad("a sign or '#' is not allowed with 'c' in '" + std::string(spec_text) + "'", fmt);
    return spec;
}

// {name[!conversion][:spec]}, after "{" at fmt[i].
void brace_field(std::vector<Step>& steps, std::string_view fmt, size_t& i) {
    size_t start = i - 1;
    size_t close = fmt.find('}', i);
    if (close == std::string_view::npos) bad("unterminated '{' at offset " + std::to_string(start), fmt);
    std::string_view field = fmt.substr(i, close - i);
    i = close + 1;
    if (field.find('{') != std::string_view::npos) bad("nested '{' in a field is not supported", fmt);
    size_t name_end = field.find_first_of("!:");
    std::string_view name = field.substr(0, name_end);
    if (name.empty()) bad("empty field name at offset " + std::to_string(start), fmt);
    if (name.find_first_not_of("0123456789") == std::string_view::npos)
        bad("positional field {" + std::string(name) + "} is not supported", fmt);
    if (name.find_first_of(".[") != std::string_view::npos)
        bad("attribute or index access in {" + std::string(name) + "} is not supported", fmt);
    char conversion = 0;
    std::string_view rest = name_end == std::string_view::npos ? std::string_view{} : field.substr(name_end);
    if (!rest.empty() && rest[0] == '!') {
        if (rest.size() < 2 || (rest[1] != 'r' && rest[1] != 's' && rest[1] != 'a'))
            bad("conversion must be !r, !s or !a in {" + std::string(field) + "}", fmt);
        conversion = rest[1];
        rest.remove_prefix(2);
        if (!rest.empty() && rest[0] != ':') bad("expected ':' after the conversion", fmt);
    }
    Spec spec = rest.empty() ? Spec{} : parse_brace_spec(rest.substr(1), fmt);
    spec.conversion = conversion;
    push_field(steps, name, spec, fmt);
}

}  // namespace

Source source_of(std::string_view name) noexcept {
    for (const Named& f : kStandardFields)
        if (f.name == name) return f.source;
    return Source::Structured;
}

Kind kind_of(Source source) noexcept {
    switch (source) {
        case Source::Levelno:
        case Source::Lineno:
        case Source::Thread:
        case Source::Process:
            return Kind::Int;
        case Source::Created:
        case Source::Msecs:
        case Source::RelativeCreated:
            return Kind::Float;
        default:
            return Kind::Text;
    }
}

std::vector<Step> compile(std::string_view fmt, FormatStyle style) {
    std::vector<Step> steps;
    std::string literal;
    size_t i = 0;
    if (style == FormatStyle::Percent) {
        while (i < fmt.size()) {
            char c = fmt[i];
            if (c != '%') {
                literal += c;
                ++i;
            } else if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
                literal += '%';
                i += 2;
            } else if (i + 1 < fmt.size() && fmt[i + 1] == '(') {
                push_literal(steps, literal);
                i += 2;
                percent_field(steps, fmt, i);
            } else {
                bad("'%' at offset " + std::to_string(i) + " is not followed by '(' or '%'", fmt);
            }
        }
    } else {
        while (i < fmt.size()) {
            char c = fmt[i];
            bool doubled = i + 1 < fmt.size() && fmt[i + 1] == c;
            if (c == '{' && !doubled) {
                push_literal(steps, literal);
                ++i;
                brace_field(steps, fmt, i);
            } else if (c == '}' && !doubled) {
                bad("single '}' at offset " + std::to_string(i), fmt);
            } else {
                literal += c;
                i += (c == '{' || c == '}') ? 2 : 1;
            }
        }
    }
    push_literal(steps, literal);
    // Fold each literal into the field after it.
    std::vector<Step> merged;
    std::string pending;
    for (Step& step : steps) {
        if (step.source == Source::Literal) {
            pending += step.prefix;
            continue;
        }
        step.prefix = std::move(pending);
        pending.clear();
        merged.push_back(std::move(step));
    }
    if (!pending.empty()) {
        Step tail;
        tail.prefix = std::move(pending);
        merged.push_back(std::move(tail));
    }
    return merged;
}

}  // namespace picolog::pattern
