// toml_adapter.cpp - TOML text to the neutral tree, over toml++ (compiled
// into this file only, header-only: libpicolog gains no runtime dependency).

// toml++ checks its parser's expectations with assert() in debug builds and
// turns some into optimiser assumptions under NDEBUG; malformed text can
// break them (found by fuzzing: '[' then control bytes), and the parser
// then reports the text as invalid by itself. So neither: no abort, and no
// assumption the optimiser could build on.
#undef NDEBUG
#define TOML_ASSERT(expr) static_cast<void>(0)
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "picolog/error.hpp"
#include "tree.hpp"

namespace picolog::config {
namespace {

Node convert(const toml::node& t, const std::string& path, int depth) {
    auto where = [&] { return path.empty() ? std::string("configuration") : path; };
    if (depth > kMaxDepth) throw Error(kInvalid, where() + ": nested too deeply");
    Node n;
    switch (t.type()) {
        case toml::node_type::boolean:
            n.kind = Node::Kind::Bool;
            n.boolean = t.as_boolean()->get();
            break;
        case toml::node_type::integer:
            n.kind = Node::Kind::Int;
            n.integer = t.as_integer()->get();
            break;
        case toml::node_type::floating_point:
            n.kind = Node::Kind::Float;
            n.number = t.as_floating_point()->get();
            break;
        case toml::node_type::string:
            n.kind = Node::Kind::String;
            n.text = t.as_string()->get();
            break;
        case toml::node_type::array: {
            n.kind = Node::Kind::Array;
            const toml::array& a = *t.as_array();
            for (size_t i = 0; i < a.size(); ++i)
                n.items.push_back(convert(*a.get(i), path + "[" + std::to_string(i) + "]", depth + 1));
            break;
        }
        case toml::node_type::table:
            n.kind = Node::Kind::Table;
            for (const auto& [key, value] : *t.as_table())
                n.fields.push_back(
                    Field{std::string(key.str()), convert(value, join_path(path, key.str()), depth + 1)});
            break;
        default:
            throw Error(kInvalid, where() + ": dates and times are not supported");
    }
    return n;
}

// One UTF-8 sequence at text[i]: its length, or 0 when it is not valid.
size_t decode_utf8(std::string_view text, size_t i, char32_t& cp) {
    auto b = static_cast<unsigned char>(text[i]);
    size_t n = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > text.size()) return 0;
    cp = b & (0x7F >> n);
    for (size_t k = 1; k < n; ++k) {
        auto c = static_cast<unsigned char>(text[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

// The quotes in a row at text[i]. A multi-line string ends at the last three
// of up to five: one or two quotes just before its delimiter are its text.
size_t quote_run(std::string_view text, size_t i) {
    size_t n = 1;
    while (i + n < text.size() && text[i + n] == text[i]) ++n;
    return n;
}

// A character that may stand between the dots of a dotted key: a bare
// key's, a blank, or the quote of a quoted segment.
bool in_dotted_key(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ' ' || c == '\t' ||
           c == '"' || c == '\'';
}

// toml++ 3.3's whitespace test reaches __builtin_unreachable for some
// non-ASCII code points (U+00A1..U+0499 among them), and its parser may
// test any character of a malformed line (found by fuzzing). So toml++ never
// sees a non-ASCII byte: inside strings they become \U escapes (literal
// strings turn into the equivalent basic strings), inside comments they are
// dropped, and anywhere else, where TOML does not allow them, the text is
// refused with their position, as is invalid UTF-8.
//
// Each dot of a dotted key (`a.b.c`, `"a".b`, in a table header too) nests
// a table, without the bound toml++ sets on nested values, and toml++
// recurses over the nesting once it has parsed it: a chain of a few hundred
// thousand would overflow its stack. So a key of more than kMaxDepth dots is
// refused here too, before toml++ reads it.
std::string ascii_only(std::string_view text) {
    enum { Plain, Comment, Basic, Literal, MultiBasic, MultiLiteral } state = Plain;
    std::string out;
    out.reserve(text.size());
    size_t line = 1, line_start = 0;
    size_t dots = 0;  // in the dotted key being read, if any
    auto fail = [&](size_t at, const char* what) {
        throw Error(kInvalid, "TOML: line " + std::to_string(line) + ", column " +
                                  std::to_string(at - line_start + 1) + ": " + what);
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
        bool in_string = state == Basic || state == Literal || state == MultiBasic || state == MultiLiteral;
        if (static_cast<unsigned char>(c) >= 0x80) {
            char32_t cp = 0;
            size_t n = decode_utf8(text, i, cp);
            if (n == 0) fail(i, "invalid UTF-8");
            if (!in_string && state != Comment) fail(i, "a non-ASCII character outside a string or comment");
            if (in_string) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "\\U%08X", static_cast<unsigned>(cp));
                out += buf;
            }
            i += n - 1;
            continue;
        }
        if (c == '\n') {
            ++line;
            line_start = i + 1;
            dots = 0;
            if (state == Comment || state == Basic || state == Literal) state = Plain;
            out += c;
            continue;
        }
        switch (state) {
            case Plain:
                if (c == '.') {
                    if (++dots > static_cast<size_t>(kMaxDepth)) fail(i, "a dotted key nested too deeply");
                } else if (!in_dotted_key(c)) {
                    dots = 0;
                }
                if (c == '#') {
                    state = Comment;
                } else if (starts("\"\"\"") || starts("\'\'\'")) {
                    state = c == '"' ? MultiBasic : MultiLiteral;
                    out += "\"\"\"";
                    i += 2;
                    continue;
                } else if (c == '"' || c == '\'') {
                    state = c == '"' ? Basic : Literal;
                    out += '"';
                    continue;
                }
                break;
            case Comment:
                break;
            case Basic:
            case MultiBasic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\r') {
                    if (static_cast<unsigned char>(text[i + 1]) >= 0x80)
                        fail(i, "an escaped non-ASCII character");
                    out += c;
                    out += text[++i];
                    continue;
                }
                if (state == Basic && c == '"') state = Plain;
                if (state == MultiBasic && starts("\"\"\"")) {
                    const size_t run = std::min<size_t>(quote_run(text, i), 5);
                    out.append(run, '"');
                    i += run - 1;
                    state = Plain;
                    continue;
                }
                break;
            case Literal:
                if (c == '\'') {
                    out += '"';
                    state = Plain;
                    continue;
                }
                if (c == '\\' || c == '"') out += '\\';  // literal text, now inside a basic string
                break;
            case MultiLiteral:
                if (starts("\'\'\'")) {
                    const size_t run = quote_run(text, i);
                    if (run > 5) fail(i, "three or more quotes inside a multi-line literal string");
                    out.append(run - 3, '\'');
                    out += "\"\"\"";
                    i += run - 1;
                    state = Plain;
                    continue;
                }
                if (c == '\\' || c == '"') out += '\\';
                break;
        }
        out += c;
    }
    return out;
}

}  // namespace

Node parse_toml(std::string_view text) {
    std::string ascii = ascii_only(text);
    toml::table table;
    try {
        table = toml::parse(ascii);
    } catch (const toml::parse_error& e) {
        const auto& at = e.source().begin;
        throw Error(kInvalid, "TOML: line " + std::to_string(at.line) + ", column " +
                                  std::to_string(at.column) + ": " + std::string(e.description()));
    }
    return convert(table, "", 0);
}

}  // namespace picolog::config
