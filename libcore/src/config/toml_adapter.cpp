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

#include <sstream>

#include "picolog/error.hpp"
#include "tree.hpp"

namespace picolog::config {
namespace {

Node convert(const toml::node& t, const std::string& path) {
    Node n;
    auto where = [&] { return path.empty() ? std::string("configuration") : path; };
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
                n.items.push_back(convert(*a.get(i), path + "[" + std::to_string(i) + "]"));
            break;
        }
        case toml::node_type::table:
            n.kind = Node::Kind::Table;
            for (const auto& [key, value] : *t.as_table())
                n.fields.push_back(Field{std::string(key.str()), convert(value, join_path(path, key.str()))});
            break;
        default:
            throw Error(kInvalid, where() + ": dates and times are not supported");
    }
    return n;
}

// TOML allows non-ASCII text only inside strings and comments, and toml++
// 3.3's whitespace test reaches __builtin_unreachable for some non-ASCII
// code points met anywhere else (found by fuzzing). So such bytes are
// refused here, with their position, before toml++ sees them.
void refuse_stray_non_ascii(std::string_view text) {
    size_t line = 1, column = 1;
    enum { Plain, Comment, Basic, Literal, MultiBasic, MultiLiteral } state = Plain;
    for (size_t i = 0; i < text.size(); ++i, ++column) {
        char c = text[i];
        auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
        if (c == '\n') {
            ++line;
            column = 0;
            if (state == Comment || state == Basic || state == Literal) state = Plain;
            continue;
        }
        switch (state) {
            case Plain:
                if (static_cast<unsigned char>(c) >= 0x80)
                    throw Error(kInvalid, "TOML: line " + std::to_string(line) + ", column " +
                                              std::to_string(column) +
                                              ": a non-ASCII character outside a string or comment");
                if (c == '#')
                    state = Comment;
                else if (starts("\"\"\""))
                    state = MultiBasic, i += 2, column += 2;
                else if (starts("'''"))
                    state = MultiLiteral, i += 2, column += 2;
                else if (c == '"')
                    state = Basic;
                else if (c == '\'')
                    state = Literal;
                break;
            case Comment:
                break;
            case Basic:
            case MultiBasic:
                if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n')
                    ++i, ++column;
                else if (state == Basic && c == '"')
                    state = Plain;
                else if (state == MultiBasic && starts("\"\"\""))
                    state = Plain, i += 2, column += 2;
                break;
            case Literal:
                if (c == '\'') state = Plain;
                break;
            case MultiLiteral:
                if (starts("'''")) state = Plain, i += 2, column += 2;
                break;
        }
    }
}

}  // namespace

Node parse_toml(std::string_view text) {
    refuse_stray_non_ascii(text);
    toml::table table;
    try {
        table = toml::parse(text);
    } catch (const toml::parse_error& e) {
        const auto& at = e.source().begin;
        throw Error(kInvalid, "TOML: line " + std::to_string(at.line) + ", column " +
                                  std::to_string(at.column) + ": " + std::string(e.description()));
    }
    return convert(table, "");
}

}  // namespace picolog::config
