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

}  // namespace

Node parse_toml(std::string_view text) {
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
